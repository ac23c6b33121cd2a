"""Submission inputs (notebooks, zips, folders, LMS downloads) → one `Submission` per student.

Nothing here runs student code or unpickles anything: notebooks are read as JSON, zips member
by member within the limits of `archives`, links are never followed. Each student's latest
notebook is validated and written under the exercise's notebook name into a scratch folder;
whatever else was found (older submissions, ignored files, a converted format) becomes a note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import nbformat

from autograder.intake import lms
from autograder.intake.archives import (
    READ_ERRORS,
    ArchiveError,
    Entry,
    file_entry,
    folder_entries,
    mib,
    zip_entries,
)
from autograder.intake.identity import Identity, Roster
from autograder.intake.lms import Owner, student_id

MAX_NOTEBOOK_BYTES = 20 * 2**20
MAX_NESTED_ZIP_BYTES = 200 * 2**20
MAX_METADATA_BYTES = 2**20
NEVER_LOADED = {".pkl", ".pickle", ".pt", ".pth", ".ckpt", ".joblib", ".dill", ".otter_log"}
SKIPPED = {".ipynb_checkpoints", "__MACOSX", ".git", ".DS_Store"}
PYTHON_KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}

__all__ = ["MAX_NOTEBOOK_BYTES", "Submission", "discover", "one_student", "parse_notebook",
           "student_id"]


@dataclass(frozen=True)
class Submission:
    student: str
    source: Path  # the file, or `archive.zip!/member`
    notebook: Path | None  # None when the input is unusable; `problem` says why
    problem: str | None = None
    digest: str = ""  # sha256 of the bytes graded (resume key)
    notes: tuple[str, ...] = ()  # French, for the result message
    name: str | None = None  # display name given by the LMS layout
    layout: str = "plain"
    superseded: tuple[str, ...] = ()  # the same student's older notebooks, not graded
    latest_by: str = ""  # why this one counts as the latest
    identity: Identity = Identity()  # the identifiers the source (or the roster) gives
    # What later steps read, parsed once here: the code cells (source checks) and the written
    # answer of each BEGIN/END QUESTION region (manual questions).
    code: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()

    @classmethod
    def of_file(cls, student: str, path: Path) -> Submission:
        """A notebook of ours (a reference, a stub) read as discovery reads a student's."""
        nb, problem, notes = parse_notebook(path.read_bytes())
        if nb is None:
            return cls(student, path, None, problem)
        code, answers = contents(nb)
        return cls(student, path, path, None, notes=tuple(notes), code=code, answers=answers)

    @property
    def sha256(self) -> str:
        if self.digest:
            return self.digest
        try:
            return hashlib.sha256(self.source.read_bytes()).hexdigest()
        except OSError:
            return ""

    def remarks(self) -> str:
        """The notes as French sentences, to append to the result message ('' if none)."""
        parts = list(self.notes)
        if self.superseded:
            parts.insert(0, f"{len(self.superseded) + 1} rendus pour cet étudiant : noté le plus "
                            f"récent, « {_short(self.source)} » ({self.latest_by}) ; non noté : "
                            + ", ".join(self.superseded))
        return " ".join(f"{p[0].upper()}{p[1:]}." for p in parts)


@dataclass(frozen=True)
class _Candidate:
    owner: Owner
    entry: Entry | None
    origin: str
    problem: str | None = None  # set for a non-notebook input standing for its student
    notes: tuple[str, ...] = ()
    handed_in: str = ""  # the file the student handed in (their zip, a top-level file)

    def order(self) -> tuple[bool, bool, float, float]:
        """Notebooks beat other files; then the LMS's own order; then the file time."""
        rank = self.owner.rank
        return (self.problem is None, rank is not None, rank or 0.0,
                self.entry.mtime if self.entry else 0.0)

    def when(self) -> str:
        if self.owner.rank_label:
            return self.owner.rank_label
        mtime = self.entry.mtime if self.entry else 0.0
        return f"fichier modifié le {dt.datetime.fromtimestamp(mtime):%Y-%m-%d %H:%M:%S}"


def discover(inputs: list[Path], scratch: Path, notebook_name: str | None = None,
             roster: Roster | None = None) -> list[Submission]:
    """One submission per student found in `inputs`, in input order; notebooks are copied
    (validated, normalised to nbformat 4) into `scratch` under `notebook_name`; `roster`
    completes each identity."""
    groups: dict[str, list[_Candidate]] = {}
    for path in inputs:
        for c in _from_input(path, scratch):
            groups.setdefault(c.owner.student, []).append(c)
    subs = [_submission(sorted(group, key=_Candidate.order), scratch / f"{i:04d}", notebook_name)
            for i, group in enumerate(groups.values())]
    if roster is None:
        return subs
    return [replace(s, identity=roster.complete(s.identity, s.student)) for s in subs]


def one_student(folder: Path, owner: Owner, scratch: Path, notebook_name: str) -> Submission:
    """Everything in `folder` as one student's submission (Gradescope's
    `/autograder/submission/`): the latest notebook, zips opened one level deep."""
    entries = [e for e in folder_entries(folder) if not _skipped(e.parts)]
    if not entries:
        return Submission(owner.student, folder, None, "dossier de rendu vide",
                          identity=owner.identity(""))
    found = _group(owner, entries, scratch, "folder", depth=0, origin=str(folder))
    return _submission(sorted(found, key=_Candidate.order), scratch, notebook_name)


def _from_input(path: Path, scratch: Path) -> list[_Candidate]:
    if path.is_dir():  # the instructor's own folder (even through a link): a batch
        try:
            return _batch(folder_entries(path), scratch)
        except OSError as exc:
            return [_bad(Owner(student_id(path.name), "plain"), str(path),
                         f"dossier illisible ({exc.strerror or type(exc).__name__})")]
    if not path.exists():
        return [_bad(lms.owner(path.name, False), str(path), "fichier introuvable")]
    owner = lms.owner(path.name, False)
    if path.suffix.lower() == ".zip":
        try:
            entries = zip_entries(path)
        except ArchiveError as exc:
            return [_bad(owner, str(path), str(exc))]
        if _is_batch(entries):
            return _batch(entries, scratch)
        return _group(owner, entries, scratch, "archive", depth=1, origin=str(path))
    return _group(owner, [file_entry(path.resolve(), (path.name,))], scratch, "file", depth=0)


def _is_batch(entries: list[Entry]) -> bool:
    """A zip is an LMS download (many students) when its names follow an LMS layout."""
    return any(e.kind != "unsafe" and (
        e.name == lms.GRADESCOPE_METADATA and len(e.parts) <= 2
        or lms.is_lms_name(e.parts[0], is_dir=len(e.parts) > 1)) for e in entries)


def _batch(entries: list[Entry], scratch: Path) -> list[_Candidate]:
    """Many students: each top-level file or folder is one (Gradescope: per its metadata)."""
    found = [_bad(Owner(student_id(PurePosixPath(e.parts[0]).name), "plain"), e.origin,
                  e.problem or "entrée refusée") for e in entries if e.kind == "unsafe"]
    entries = [e for e in entries if e.kind != "unsafe"]
    meta = next((e for e in entries if e.name == lms.GRADESCOPE_METADATA and e.kind == "file"
                 and len(e.parts) <= 2), None)
    owners: dict[str, list[Owner]] = {}
    if meta is not None:
        depth = len(meta.parts) - 1
        entries = [e.inside(depth) for e in entries
                   if e.parts[:depth] == meta.parts[:depth] and e is not meta]
        try:
            owners = lms.gradescope_owners(meta.read(MAX_METADATA_BYTES).decode("utf-8", "replace"))
        except READ_ERRORS:
            owners = {}
    tops: dict[str, list[Entry]] = {}
    for e in entries:
        if not _skipped(e.parts) and not e.parts[0].startswith("."):
            tops.setdefault(e.parts[0], []).append(e)
    for top, items in tops.items():
        if len(items) == 1 and len(items[0].parts) == 1:
            found += _group(lms.owner(top, False), items, scratch, "file", depth=0)
            continue
        inner = [e.inside(1) for e in items]
        rest = "/".join(inner[0].parts)
        folder = items[0].origin.removesuffix(rest).rstrip("/")
        for owner in owners.get(top) or [lms.owner(top, True) if meta is None
                                         else Owner(student_id(top), "gradescope")]:
            found += _group(owner, inner, scratch, "folder", depth=0, origin=folder)
    return found


def _skipped(parts: tuple[str, ...]) -> bool:
    return any(p in SKIPPED or p.startswith("._") for p in parts)


def _group(owner: Owner, entries: list[Entry], scratch: Path, container: str, depth: int,
           origin: str | None = None) -> list[_Candidate]:
    """One student's files: each notebook is a candidate, anything else at most a note;
    `origin` names the folder or zip when no notebook is found."""
    notebooks, notes, ignored = _scan(entries, scratch, depth)
    single = entries[0] if len(entries) == 1 and container == "file" else None
    if ignored and single is None:
        more = f" et {len(ignored) - 5} autre(s)" if len(ignored) > 5 else ""
        notes.append(f"fichier(s) ignoré(s) : {', '.join(ignored[:5])}{more}")
    if owner.late:
        notes.insert(0, "rendu marqué en retard (LATE) par Canvas")
    if notebooks:
        handed_in = (PurePosixPath(origin).name if container == "archive" and origin
                     else single.name if single is not None else "")
        return [_Candidate(owner, e, e.origin, None, tuple(notes), handed_in)
                for e in notebooks]
    if single is not None and single.kind == "file" and not single.name.lower().endswith(".zip"):
        suffix = PurePosixPath(single.name).suffix or "sans extension"
        problem = f"ce n'est pas un notebook ({suffix})"
    elif single is not None and single.kind == "link":
        problem, notes = "lien symbolique : non suivi", []
    elif single is not None and single.kind == "other":
        problem, notes = "pas un fichier ordinaire", []
    elif container == "folder":
        problem = "dossier sans notebook (.ipynb)"
    else:
        problem = "archive sans notebook exploitable"
    where = single.origin if single else (origin or owner.student)
    return [_Candidate(owner, single, where, problem, tuple(notes))]


def _scan(entries: list[Entry], scratch: Path,
          depth: int) -> tuple[list[Entry], list[str], list[str]]:
    """The notebooks among `entries` (zips opened one level deep), notes on the rest, and the
    files ignored as irrelevant."""
    notebooks: list[Entry] = []
    notes: list[str] = []
    never: list[str] = []
    ignored: list[str] = []
    for e in entries:
        where = "/".join(e.parts)
        lower = e.name.lower()
        if e.kind == "unsafe":
            notes.append(f"{e.problem} : entrée ignorée")
        elif lower == ".otter_log" or PurePosixPath(lower).suffix in NEVER_LOADED:
            never.append(where)
        elif _skipped(e.parts) or e.name.startswith("."):
            continue
        elif e.kind == "link":
            notes.append(f"lien symbolique « {where} » non suivi")
        elif e.kind == "other":
            notes.append(f"« {where} » n'est pas un fichier ordinaire : ignoré")
        elif lower.endswith(".ipynb"):
            notebooks.append(e)
        elif lower.endswith(".zip") and depth == 0:
            inner, inner_notes = _nested(e, scratch)
            notebooks += inner
            notes += inner_notes
        else:
            ignored.append(where)
    if never:
        notes.append(f"jamais chargé (pickle ou journal Otter) : {', '.join(never)}")
    return notebooks, notes, ignored


def _nested(entry: Entry, scratch: Path) -> tuple[list[Entry], list[str]]:
    """A student's zip inside a folder or a download: its notebooks, one level deep."""
    label = f"archive « {'/'.join(entry.parts)} »"
    path = entry.path
    if path is None:  # a zip inside a zip: copy it out, within the limit
        if entry.problem or entry.size > MAX_NESTED_ZIP_BYTES:
            return [], [f"{label} refusée : {entry.problem or mib(entry.size)}"]
        scratch.mkdir(parents=True, exist_ok=True)
        path = scratch / f"nested-{hashlib.sha256(entry.origin.encode()).hexdigest()[:16]}.zip"
        try:
            path.write_bytes(entry.read(MAX_NESTED_ZIP_BYTES))
        except READ_ERRORS as exc:
            return [], [f"{label} illisible ({type(exc).__name__})"]
    try:
        entries = zip_entries(path)
    except ArchiveError as exc:
        return [], [f"{label} : {exc}"]
    notebooks, notes, _ = _scan(entries, scratch, depth=1)
    prefix = entry.origin if entry.path is None else str(entry.path)
    notebooks = [_renamed(e, prefix) for e in notebooks]
    if not notebooks:
        notes.append(f"{label} sans notebook")
    return notebooks, notes


def _renamed(e: Entry, outer: str) -> Entry:
    """A member of a copied-out zip, named after where it really came from."""
    return replace(e, origin=f"{outer}!/{e.origin.split('!/', 1)[1]}")


def _bad(owner: Owner, origin: str, problem: str) -> _Candidate:
    return _Candidate(owner, None, origin, problem)


def _short(source: Path | str) -> str:
    return str(source).rsplit("!/", 1)[-1].rsplit("/", 1)[-1]


def _submission(group: list[_Candidate], scratch: Path,
                notebook_name: str | None) -> Submission:
    """The latest candidate of one student, read and validated; the others become notes."""
    best, others = group[-1], group[:-1]
    owner = best.owner
    superseded = tuple(f"« {_short(c.origin)} » ({c.when()})" for c in others
                       if c.problem is None)
    notes = [*best.notes, *(f"ignoré : « {_short(c.origin)} » ({c.problem})" for c in others
                            if c.problem is not None)]
    handed_in = best.handed_in or PurePosixPath(best.origin.rsplit("!/", 1)[-1]).name
    common = {"name": owner.name, "layout": owner.layout, "superseded": superseded,
              "latest_by": best.when() if superseded else "",
              "identity": owner.identity(handed_in)}
    source = Path(best.origin)
    entry = best.entry
    problem = best.problem
    data = b""
    if problem is None and entry is not None:
        problem, data = _read(entry)
    digest = hashlib.sha256(data or f"{best.origin}|{problem}".encode()).hexdigest()
    if problem is not None or entry is None:
        return Submission(owner.student, source, None, problem, digest, tuple(notes), **common)
    nb, problem, nb_notes = parse_notebook(data)
    if nb is None:
        return Submission(owner.student, source, None, problem, digest, tuple(notes), **common)
    target_name = notebook_name or f"{student_id(PurePosixPath(entry.name).stem)}.ipynb"
    scratch.mkdir(parents=True, exist_ok=True)
    target = scratch / target_name
    nbformat.write(nb, target)
    code, answers = contents(nb)
    return Submission(owner.student, source, target, None, digest, (*notes, *nb_notes),
                      code=code, answers=answers, **common)


def _read(entry: Entry) -> tuple[str | None, bytes]:
    """The entry's bytes, or why they were not read."""
    if entry.problem:
        return entry.problem, b""
    too_big = f"notebook trop volumineux : {mib(entry.size)} (limite {mib(MAX_NOTEBOOK_BYTES)})"
    if entry.size > MAX_NOTEBOOK_BYTES:
        return too_big, b""
    try:
        data = entry.read(MAX_NOTEBOOK_BYTES + 1)
    except READ_ERRORS as exc:
        return f"lecture impossible ({type(exc).__name__})", b""
    if len(data) > MAX_NOTEBOOK_BYTES:
        return f"notebook trop volumineux (limite {mib(MAX_NOTEBOOK_BYTES)})", b""
    return None, data


def parse_notebook(data: bytes) -> tuple[nbformat.NotebookNode | None, str | None, list[str]]:
    """(notebook in nbformat 4, None, notes) or (None, why not, []).

    nbformat 3 is converted with nbformat's own converter (what Jupyter does when it opens
    one): the cells and their order survive, so refusing would only punish an old editor.
    """
    if not data.strip():
        return None, "fichier vide", []
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, "ce n'est pas un notebook : contenu binaire ou texte non UTF-8", []
    except json.JSONDecodeError as exc:
        return None, (f"ce n'est pas un notebook : JSON invalide (ligne {exc.lineno}, "
                      f"colonne {exc.colno})"), []
    except RecursionError:
        return None, "ce n'est pas un notebook : JSON imbriqué trop profondément", []
    major = raw.get("nbformat") if isinstance(raw, dict) else None
    if not isinstance(major, int) or isinstance(major, bool):
        return None, "ce n'est pas un notebook : JSON sans champ « nbformat »", []
    if major not in (3, 4):
        return None, (f"format de notebook nbformat {major} non pris en charge "
                      "(acceptés : 4, et 3 converti en 4)"), []
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - any schema or conversion failure is invalid input
        detail = " ".join(str(exc).split())[:200]
        return None, f"notebook non conforme au format nbformat {major} : {detail}", []
    notes = ["notebook au format nbformat 3 converti en nbformat 4"] if major == 3 else []
    kernel = nb.metadata.get("kernelspec") or {}
    language = kernel.get("language") or (nb.metadata.get("language_info") or {}).get("name")
    declared = str(kernel.get("name") or language or "")
    if declared and ("python" not in declared.lower()
                     or (language and str(language).lower() != "python")):
        notes.append(f"noyau « {declared[:60]} » déclaré dans le notebook : noté avec Python 3")
        nb.metadata["kernelspec"] = dict(PYTHON_KERNEL)
        nb.metadata["language_info"] = {"name": "python"}
    return nb, None, notes


BEGIN_QUESTION = re.compile(r"<!--\s*BEGIN QUESTION\s*-->")
END_QUESTION = re.compile(r"<!--\s*END QUESTION\s*-->")
ANSWER_TAG = "otter_answer_cell"
MAX_ANSWER = 20_000


def contents(nb: nbformat.NotebookNode) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The code cells' sources, and the written answer of each question region (Otter wraps a
    manual question between `<!-- BEGIN QUESTION -->` and `<!-- END QUESTION -->` markdown
    cells; the student writes in the cells tagged `otter_answer_cell`)."""
    code, regions, inside = [], [], False
    for cell in nb.cells:
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        if cell.get("cell_type") == "code":
            code.append(source)
        elif cell.get("cell_type") == "markdown" and BEGIN_QUESTION.search(source):
            regions.append([])
            inside = True
            continue
        elif cell.get("cell_type") == "markdown" and END_QUESTION.search(source):
            inside = False
            continue
        if inside and ANSWER_TAG in cell.get("metadata", {}).get("tags", []):
            regions[-1].append(source.strip())
    return tuple(code), tuple("\n\n".join(r)[:MAX_ANSWER] for r in regions)
