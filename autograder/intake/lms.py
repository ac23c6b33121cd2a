"""Who handed in a file, read from the names LMS downloads give (Moodle, Canvas, Gradescope).

- Moodle file `Jean Dupont_1234567_assignsubmission_file_ex.ipynb`, or folder
  `Jean Dupont_1234567_assignsubmission_file_/`: id `1234567` (participant id); no upload order
  in the name (the file time decides).
- Canvas `dupontjean_12345_67890_ex2_3.ipynb` or `dupontjean_LATE_12345_67890_…`: id `12345`
  (user id); `67890` is the attachment id, which grows with each upload.
- Gradescope export: `submission_<n>/` folders and `submission_metadata.yml`: id `:sid:` of each
  submitter (else the e-mail); order by `:created_at:`.
- Anything else: the file stem or folder name (also its display name, which `--roster` matches);
  the file time decides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from autograder.intake.identity import Identity

MOODLE = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_[a-z]+(?:_(?P<file>.*))?$")
CANVAS = re.compile(r"^(?P<name>[^_\s]+?)(?P<late>_LATE)?_(?P<id>\d+)_(?P<attachment>\d+)_"
                    r"(?P<file>.+)$")
GRADESCOPE_METADATA = "submission_metadata.yml"


@dataclass(frozen=True)
class Owner:
    """The student a file belongs to, and what the layout says about its upload order."""

    student: str
    layout: str  # moodle | canvas | gradescope | plain
    name: str | None = None  # display name, where the layout gives one
    rank: float | None = None  # the LMS's own upload order (bigger is later)
    rank_label: str | None = None  # that order in words, for result messages
    late: bool = False
    sid: str | None = None  # Gradescope's student id and e-mail, where the metadata has them
    email: str | None = None

    def identity(self, file: str) -> Identity:
        """The identifiers this layout gives, for the gradebook exports."""
        if self.layout == "canvas":
            return Identity("canvas", self.name, file, canvas_id=self.student)
        if self.layout == "moodle":
            return Identity("moodle", self.name, file, moodle_participant=self.student)
        if self.layout == "gradescope":
            return Identity("gradescope", self.name, file, sid=self.sid, email=self.email)
        return Identity("plain", self.name, file)


def student_id(text: str) -> str:
    """A file-system-safe id from a file or folder name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "anonyme"


def owner(name: str, is_dir: bool) -> Owner:
    """The owner of a top-level file or folder of a download, from its name alone."""
    if m := MOODLE.match(name):
        return Owner(m["id"], "moodle", m["name"])
    if not is_dir and (m := CANVAS.match(name)):
        attachment = int(m["attachment"])
        return Owner(m["id"], "canvas", m["name"], float(attachment),
                     f"pièce jointe Canvas n° {attachment}", late=bool(m["late"]))
    stem = name if is_dir else name.rsplit(".", 1)[0]
    return Owner(student_id(stem), "plain", stem)


def is_lms_name(name: str, is_dir: bool) -> bool:
    return owner(name, is_dir).layout != "plain"


class _Loader(yaml.SafeLoader):
    """safe_load that reads Ruby tags Gradescope writes (`!ruby/object:BigDecimal`) as null."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def gradescope_owners(text: str) -> dict[str, list[Owner]]:
    """`submission_<n>` → its submitters, from Gradescope's `submission_metadata.yml`."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return {}
    owners: dict[str, list[Owner]] = {}
    for folder, record in (data or {}).items() if isinstance(data, dict) else ():
        if not isinstance(record, dict):
            continue
        created = _timestamp(record.get(":created_at"))
        label = f"dépôt Gradescope du {created:%Y-%m-%d %H:%M}" if created else None
        for person in record.get(":submitters") or []:
            if not isinstance(person, dict):
                continue
            email = str(person.get(":email") or "").strip() or None
            sid = str(person.get(":sid") or "").strip() or None
            owners.setdefault(str(folder), []).append(Owner(
                student_id(sid or email or str(folder)), "gradescope", person.get(":name"),
                created.timestamp() if created else None, label, sid=sid, email=email))
    return owners


def _timestamp(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
