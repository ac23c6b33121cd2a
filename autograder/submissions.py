"""Submission inputs (notebooks, folders, export zips) → one `Submission` per student.

Nothing here runs student code: notebooks are read as JSON and zips are read member by member,
never extracted wholesale, and `.OTTER_LOG` or any pickle inside them is ignored.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    student: str
    source: Path
    notebook: Path | None  # None when the input is unusable; `problem` says why
    problem: str | None = None

    @property
    def sha256(self) -> str:
        try:
            return hashlib.sha256(self.source.read_bytes()).hexdigest()
        except OSError:
            return ""


def student_id(text: str) -> str:
    """A file-system-safe id from a file or folder name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "anonyme"


def discover(inputs: list[Path], scratch: Path) -> list[Submission]:
    """Expand files and folders; a folder's subfolders are taken as one student each."""
    found: list[Submission] = []
    for path in inputs:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith("."):
                    continue
                if child.is_dir():
                    notebooks = sorted(p for p in child.rglob("*.ipynb")
                                       if ".ipynb_checkpoints" not in p.parts)
                    found.append(_one(notebooks[-1], scratch, student_id(child.name))
                                 if notebooks else Submission(student_id(child.name), child, None,
                                                              "dossier sans notebook (.ipynb)"))
                else:
                    found.append(_one(child, scratch))
        else:
            found.append(_one(path, scratch))
    return _unique(found)


def _one(path: Path, scratch: Path, student: str | None = None) -> Submission:
    student = student or student_id(path.stem)
    if not path.exists():
        return Submission(student, path, None, "fichier introuvable")
    if path.suffix == ".zip":
        return _from_zip(path, scratch, student)
    if path.suffix != ".ipynb":
        kind = path.suffix or "sans extension"
        return Submission(student, path, None, f"ce n'est pas un notebook ({kind})")
    problem = check_notebook(path)
    return Submission(student, path, None if problem else path, problem)


def _from_zip(path: Path, scratch: Path, student: str) -> Submission:
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if i.filename.endswith(".ipynb")
                       and not _unsafe(i.filename) and ".ipynb_checkpoints" not in i.filename]
            if not members:
                return Submission(student, path, None, "archive sans notebook exploitable")
            member = members[0]
            if member.file_size > MAX_NOTEBOOK_BYTES:
                return Submission(student, path, None, "notebook trop volumineux dans l'archive")
            target = Path(tempfile.mkdtemp(dir=scratch)) / PurePosixPath(member.filename).name
            with zf.open(member) as src:
                data = src.read(MAX_NOTEBOOK_BYTES + 1)
            if len(data) > MAX_NOTEBOOK_BYTES:
                return Submission(student, path, None, "notebook trop volumineux dans l'archive")
            target.write_bytes(data)
    except (zipfile.BadZipFile, OSError) as exc:
        return Submission(student, path, None, f"archive illisible ({type(exc).__name__})")
    problem = check_notebook(target)
    return Submission(student, path, None if problem else target, problem)


def _unsafe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.startswith(("/", "\\")) or ".." in parts or ":" in name


def check_notebook(path: Path) -> str | None:
    """Why `path` is not a gradable notebook, or None."""
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return f"notebook trop volumineux (> {MAX_NOTEBOOK_BYTES // 2**20} Mio)"
    if path.stat().st_size == 0:
        return "fichier vide"
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - any parse failure is an invalid input
        return f"notebook illisible : {type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
    return None


def _unique(subs: list[Submission]) -> list[Submission]:
    seen: dict[str, int] = {}
    out = []
    for s in subs:
        seen[s.student] = seen.get(s.student, 0) + 1
        if seen[s.student] > 1:
            s = Submission(f"{s.student}-{seen[s.student]}", s.source, s.notebook, s.problem)
        out.append(s)
    return out
