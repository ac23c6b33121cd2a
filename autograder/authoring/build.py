"""Exercise source → Otter master → student notebook, reference and Otter autograder zip.

`assignments/<ch>/<slug>/master.py` (jupytext percent script, Otter master format without the
config cell) gets the standard `# ASSIGNMENT CONFIG` prepended, runs through `otter assign`, and
its outputs are normalised so that rebuilding changes nothing committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
import yaml

from autograder.authoring import notebooks
from autograder.authoring.checkcells import expand_checks
from autograder.authoring.exercises import Exercise, project_root
from autograder.errors import AuthoringError
from autograder.grading import gradescope


@dataclass(frozen=True)
class BuildResult:
    exercise: str
    student: Path
    reference: Path
    zip: Path
    gradescope: Path  # our own Gradescope autograder (the secure grader inside)


def assignment_config(ex: Exercise) -> str:
    config = {
        "name": ex.slug,
        "init_cell": True,
        "check_all_cell": False,
        "export_cell": {"pdf": False, "run_tests": False, "instructions":
                        "Exécutez cette cellule pour créer l'archive à déposer."},
        "generate": {"pdf": False},
        "tests": {"ok_format": False, "files": False},
        "run_tests": False,
        "save_environment": False,
    }
    return "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=True, allow_unicode=True)


def master_notebook(ex: Exercise) -> nbformat.NotebookNode:
    nb = expand_checks(jupytext.read(ex.master), ex.id)
    nb.cells.insert(0, nbformat.v4.new_raw_cell(assignment_config(ex)))
    nb.metadata = {"kernelspec": notebooks.KERNELSPEC}
    return nb


def build(ex: Exercise, root: Path | None = None) -> BuildResult:
    root = root or project_root()
    with tempfile.TemporaryDirectory(prefix=f"build-{ex.slug}-") as tmp:
        work = Path(tmp)
        master = work / "master" / ex.notebook_name
        notebooks.write(master_notebook(ex), master)
        out = work / "out"
        proc = subprocess.run([sys.executable, "-m", "otter", "assign", "--no-run-tests",
                               "--no-pdfs", str(master), str(out)],
                              capture_output=True, text=True, cwd=work)
        if proc.returncode != 0:
            raise AuthoringError(f"otter assign failed for {ex.id}:\n{proc.stderr[-3000:]}")
        student = ex.student_notebook(root)
        student_nb = _normalised(out / "student" / ex.notebook_name, ex.slug)
        notebooks.write(student_nb, student)
        ref = ex.reference_dir(root)
        if ref.exists():
            shutil.rmtree(ref)
        reference_nb = _normalised(out / "autograder" / ex.notebook_name, ex.slug)
        # The solution notebook runs like a student's: `grader.check` sees public checks only.
        reference_nb.metadata["otter"] = student_nb.metadata["otter"]
        notebooks.write(reference_nb, ref / ex.notebook_name)
        zips = sorted((out / "autograder").glob("*.zip"))
        if len(zips) != 1:
            raise AuthoringError(f"otter assign wrote {len(zips)} autograder zips for {ex.id}")
        with zipfile.ZipFile(zips[0]) as zf:
            for info in zf.infolist():
                if info.filename.startswith("tests/") and info.filename.endswith(".py"):
                    target = ref / "tests" / Path(info.filename).name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(zf.read(info))
        dist_zip = root / "dist" / "autograder" / f"{ex.slug}-autograder.zip"
        dist_zip.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(zips[0], dist_zip)
    ours = gradescope.write_zip(ex, dist_zip.with_name(f"{ex.slug}-gradescope.zip"), root)
    return BuildResult(ex.id, student, ref, dist_zip, ours)


def _normalised(path: Path, slug: str) -> nbformat.NotebookNode:
    return notebooks.normalise(nbformat.read(path, as_version=4), slug)
