"""The bundled sample batch: one exercise's variants as notebooks, plus a stub and bad inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from autograder.authoring import notebooks
from autograder.authoring.exercises import Exercise, project_root
from autograder.authoring.variants import as_notebook

DEMO_EXERCISE = "2.3"


def samples_dir(ex: Exercise, root: Path | None = None) -> Path:
    return (root or project_root()) / "samples" / ex.slug


def write_samples(ex: Exercise, root: Path | None = None) -> Path:
    """Regenerate `samples/<slug>/` (committed; a test proves it fresh)."""
    folder = samples_dir(ex, root)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for v in ex.variants:
        prefix = "correct" if v.correct else "bug"
        name = v.name.removeprefix(f"{prefix}_")
        notebooks.write(as_notebook(ex, v, root), folder / f"{prefix}-{name}.ipynb")
    notebooks.write(nbformat.read(ex.student_notebook(root), as_version=4),
                    folder / "stub.ipynb")
    (folder / "broken.ipynb").write_text('{"cells": [ {"cell_type": "code", "source": "1+',
                                         encoding="utf-8")
    (folder / "notes.txt").write_text("Ce n'est pas un notebook.\n", encoding="utf-8")
    return folder
