"""Hand-written variants of an exercise, run against its hidden checks in-process (harness 2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from . import notebooks
from .checkfiles import CheckOutcome, run_suite, specs
from .exercises import Exercise, Variant
from .scoring import question_scores


@dataclass(frozen=True)
class VariantVerdict:
    variant: str
    correct: bool
    expected_failures: tuple[str, ...]
    scores: dict[str, float]
    possible: dict[str, float]
    outcomes: tuple[CheckOutcome, ...]

    @property
    def ok(self) -> bool:
        """Correct variants earn everything; buggy ones lose points in each named question."""
        if self.correct:
            return self.scores == self.possible
        return bool(self.expected_failures) and all(
            self.scores[q] < self.possible[q] for q in self.expected_failures)


def namespace_of(path: Path) -> dict[str, Any]:
    """Execute a variant script (our own file) into a fresh namespace."""
    namespace: dict[str, Any] = {"__name__": "__variant__"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    return namespace


def check_variant(ex: Exercise, variant: Variant) -> VariantVerdict:
    outcomes = run_suite(ex.tests_dir(), namespace_of(variant.file))
    question_specs = specs(ex.tests_dir())
    return VariantVerdict(variant.file.name, variant.correct, variant.fails,
                          question_scores(question_specs, outcomes),
                          {s.name: s.points for s in question_specs}, tuple(outcomes))


def as_notebook(ex: Exercise, variant: Variant,
                root: Path | None = None) -> nbformat.NotebookNode:
    """The variant written into the student template, as a submitted notebook would be."""
    template = nbformat.read(ex.student_notebook(root), as_version=4)
    return notebooks.with_answer_code(template, variant.file.read_text(encoding="utf-8"))
