"""Generated folders are fresh: rebuilding from assignments/ changes nothing committed."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from autograder.authoring import exercises
from autograder.authoring.build import build
from autograder.authoring.samples import DEMO_EXERCISE, samples_dir, write_samples

ROOT = exercises.project_root()


def same_tree(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two folders (missing on either side included)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = [str(p) for p in files_a ^ files_b]
    differ += [str(p) for p in files_a & files_b
               if not filecmp.cmp(a / p, b / p, shallow=False)]
    return sorted(differ)


@pytest.mark.parametrize("ex", exercises.catalogue(), ids=lambda e: e.id)
def test_rebuild_changes_nothing(ex, tmp_path):
    result = build(ex, root=tmp_path)
    assert result.zip.exists() and result.gradescope.exists()
    assert same_tree(result.reference, ex.reference_dir()) == []
    assert same_tree(result.student.parent, ex.student_notebook().parent) == []


def test_student_notebook_hides_solutions_and_hidden_checks():
    for ex in exercises.catalogue():
        text = ex.student_notebook().read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "hidden=True" not in text, ex.id
        hidden = [p for p in ex.tests_dir().glob("*.py") if "hidden=True" in p.read_text()]
        assert hidden, f"{ex.id} has no hidden check"


def test_samples_are_fresh(tmp_path):
    ex = exercises.get(DEMO_EXERCISE)
    build(ex, root=tmp_path)
    fresh = write_samples(ex, root=tmp_path)
    assert same_tree(fresh, samples_dir(ex)) == []
