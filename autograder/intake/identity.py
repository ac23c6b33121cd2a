"""Who a submission belongs to in a learning system, and the roster that says so for plain files.

A submission keeps the identifiers its source gives (`Identity`): the Canvas user id of a Canvas
download, the assignment participant number of a Moodle download, the Gradescope SID and e-mail.
Plain files give none; `--roster CSV` (the LMS's own export) maps them to a person, matching
the file or folder name on a login, an e-mail, an id or the person's name.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from pathlib import Path

from autograder.errors import UsageError

MOODLE_PARTICIPANT = "Participant "  # Moodle's `hiddenuser` string before the number


@dataclass(frozen=True)
class Identity:
    """The identifiers a gradebook importer matches on; `source` says where they came from."""

    source: str = "plain"  # canvas | moodle | gradescope | plain
    name: str | None = None
    file: str = ""  # the file name as handed in (Otter's `file` column)
    canvas_id: str | None = None  # Canvas user id: the gradebook's `ID`
    sis_user_id: str | None = None
    sis_login_id: str | None = None
    moodle_participant: str | None = None  # the assignment's participant number
    moodle_idnumber: str | None = None  # the user's ID number (Moodle grade import)
    moodle_modified: str | None = None  # the worksheet's "Last modified (grade)"
    sid: str | None = None  # Gradescope student id
    email: str | None = None
    roster: str | None = None  # the roster row that matched, when the source gave none

    @property
    def known(self) -> bool:
        """Whether some learning system can tell who this is."""
        return self.source != "plain" or self.roster is not None

    def to_json(self) -> dict[str, str | None]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Identity:
        return cls(**data)  # type: ignore[arg-type]


class RosterError(UsageError):
    pass


@dataclass(frozen=True)
class Roster:
    """People from an LMS export: `kind` is canvas, moodle-worksheet, moodle or gradescope."""

    kind: str
    path: str
    people: tuple[Identity, ...]

    def match(self, key: str) -> Identity | None:
        """The one person whose login, e-mail, id or name is `key` (None if none or several)."""
        wanted = _norm(key)
        found = [p for p in self.people if wanted and wanted in _keys(p)]
        return found[0] if len(found) == 1 else None

    def complete(self, ident: Identity, student: str) -> Identity:
        """`ident` with what the roster knows: plain files match on their name, LMS downloads
        on the identifier their source gives."""
        if ident.source == "plain":
            person = self.match(ident.name or student)
            if person is None:
                return ident
            return replace(person, source="plain", file=ident.file,
                           name=person.name or ident.name, roster=self.path)
        same = [p for p in self.people if _same_person(p, ident)]
        if len(same) != 1:
            return ident
        extra = {f.name: getattr(same[0], f.name) for f in fields(Identity)
                 if getattr(ident, f.name) is None and getattr(same[0], f.name) is not None}
        return replace(ident, **extra)


def _same_person(person: Identity, ident: Identity) -> bool:
    pairs = (("canvas_id", ident.canvas_id), ("moodle_participant", ident.moodle_participant),
             ("sid", ident.sid), ("email", ident.email))
    if any(value and getattr(person, attr) == value for attr, value in pairs):
        return True
    return bool(ident.name) and _norm(person.name) == _norm(ident.name)


def _norm(text: str | None) -> str:
    """Lower case, accents and punctuation removed: `Zoé Martin` → `zoemartin`."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _keys(person: Identity) -> set[str]:
    words = (person.name or "").split()
    names = {" ".join(words), " ".join(words[1:] + words[:1]), " ".join(words[-1:] + words[:-1])}
    email = person.email or ""
    values = {person.sis_login_id, person.sis_user_id, person.sid, person.moodle_idnumber,
              email, email.split("@")[0], *names}
    return {_norm(v) for v in values if v} - {""}


def _cell(row: dict[str, str], *names: str) -> str | None:
    for name in names:
        value = (row.get(name) or "").strip()
        if value:
            return value
    return None


def read_roster(path: Path) -> Roster:
    """A Canvas gradebook export, a Moodle grading worksheet or gradebook export, or a
    Gradescope roster; anything else is an error naming the columns expected."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RosterError(f"{path}: cannot read the roster ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: the roster is not UTF-8 text") from None
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    rows = list(reader)
    if {"Student", "ID", "SIS Login ID"} <= set(header):
        kind = "canvas"
        people = [Identity("canvas", _cell(r, "Student"), canvas_id=_cell(r, "ID"),
                           sis_user_id=_cell(r, "SIS User ID"),
                           sis_login_id=_cell(r, "SIS Login ID"))
                  for r in rows if (_cell(r, "ID") or "").isdigit()]
    elif {"Identifier", "Last modified (grade)"} <= set(header):
        kind = "moodle-worksheet"
        people = [Identity("moodle", _cell(r, "Full name"),
                           moodle_participant=_participant(_cell(r, "Identifier")),
                           moodle_modified=_cell(r, "Last modified (grade)"),
                           email=_cell(r, "Email address"))
                  for r in rows if _participant(_cell(r, "Identifier"))]
    elif "ID number" in header and ("Email address" in header or "First name" in header):
        kind = "moodle"
        people = [Identity("moodle", _full_name(r, "First name", "Last name", "Surname"),
                           moodle_idnumber=_cell(r, "ID number"), email=_cell(r, "Email address"),
                           sis_login_id=_cell(r, "Username"))
                  for r in rows if _cell(r, "ID number", "Email address")]
    elif "SID" in header and "Email" in header:
        kind = "gradescope"
        people = [Identity("gradescope", _full_name(r, "First Name", "Last Name") or
                           _cell(r, "Name"), sid=_cell(r, "SID"), email=_cell(r, "Email"))
                  for r in rows if _cell(r, "SID", "Email")]
    else:
        raise RosterError(
            f"{path}: unknown roster columns ({', '.join(header[:8]) or 'none'}); expected a "
            "Canvas gradebook export (Student, ID, SIS Login ID), a Moodle grading worksheet "
            "(Identifier, Last modified (grade)) or gradebook export (ID number, Email address), "
            "or a Gradescope roster (SID, Email)")
    if not people:
        raise RosterError(f"{path}: {kind} roster without any student row")
    return Roster(kind, path.name, tuple(people))


def _participant(identifier: str | None) -> str | None:
    """`Participant 1234567` → `1234567`."""
    if identifier and identifier.startswith(MOODLE_PARTICIPANT):
        number = identifier[len(MOODLE_PARTICIPANT):].strip()
        return number if number.isdigit() else None
    return None


def _full_name(row: dict[str, str], first: str, *last: str) -> str | None:
    parts = [_cell(row, first), _cell(row, *last)]
    return " ".join(p for p in parts if p) or None
