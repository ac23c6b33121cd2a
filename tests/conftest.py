"""Shared fixtures. Tests use the default data root (prepared once, offline, then reused)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.authoring import exercises


@pytest.fixture(scope="session")
def catalogue() -> tuple[exercises.Exercise, ...]:
    return exercises.catalogue()


@pytest.fixture()
def home_with_1_1(tmp_path) -> tuple[Path, exercises.Exercise]:
    """A project root (for AUTOGRADER_HOME) holding a copy of exercise 1.1 alone, to break."""
    ex = exercises.get("1.1")
    home = tmp_path / "home"
    shutil.copytree(ex.folder, home / "assignments" / "ch01" / ex.slug)
    shutil.copytree(ex.reference_dir(), home / "reference" / ex.slug)
    shutil.copytree(ex.student_notebook().parent, home / "student_template" / ex.slug)
    return home, ex
