"""Hand-written variants of an exercise, graded on the loopback path (the real worker and
proxies, without the sandbox layers): every check is proven across the grading boundary."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.authoring import notebooks
from autograder.authoring.exercises import Exercise, Variant
from autograder.errors import AuthoringError
from autograder.execution.job import Job, WorkerReport
from autograder.grading.checkfiles import specs
from autograder.grading.scoring import question_scores
from autograder.grading.verdict import CheckResult

VARIANT_TIMEOUT_S = 600.0
VARIANT_CHECK_S = 300.0


@dataclass(frozen=True)
class VariantVerdict:
    variant: str
    correct: bool
    expected_failures: tuple[str, ...]
    scores: dict[str, float]
    possible: dict[str, float]
    outcomes: tuple[CheckResult, ...]
    report: WorkerReport

    @property
    def ok(self) -> bool:
        """Correct variants earn everything; buggy ones lose points in each named question."""
        if self.correct:
            return self.report.finished and self.scores == self.possible
        return bool(self.expected_failures) and all(
            self.scores[q] < self.possible[q] for q in self.expected_failures)

    @property
    def problems(self) -> dict[str, str]:
        """What went wrong, for an assertion message."""
        failed = {o.name: o.message for o in self.outcomes if not o.passed}
        errors = {f"cell {e.cell}": f"{e.error}: {e.message}" for e in self.report.cell_errors}
        return {**failed, **errors, **({"run": self.report.reason or self.report.stderr_tail}
                                       if not self.report.finished else {})}


def patched(cells: list[str], ex: Exercise, variant: Variant) -> list[str]:
    """`cells` with each of the variant's patches applied to the one place it matches."""
    cells = list(cells)
    for p in variant.patch:
        count = sum(c.count(p.old) for c in cells)
        if count != 1:
            first = p.old.strip().splitlines()[0] if p.old.strip() else p.old
            raise AuthoringError(f"{ex.id} variant {variant.name}: {first!r} occurs {count} "
                                 "times in the reference's code (a patch must match once)")
        index = next(i for i, c in enumerate(cells) if p.old in c)
        cells[index] = cells[index].replace(p.old, p.new)
    return cells


def as_notebook(ex: Exercise, variant: Variant,
                root: Path | None = None) -> nbformat.NotebookNode:
    """The variant as a submitted notebook, demo cells left out: the reference with its patches
    applied, or the student template with the variant's program in the first answer cell."""
    if variant.file is not None:
        template = nbformat.read(ex.student_notebook(root), as_version=4)
        return notebooks.without_demo(notebooks.with_answer_code(
            template, variant.file.read_text(encoding="utf-8")))
    nb = nbformat.read(ex.reference_dir(root) / ex.notebook_name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell, source in zip(code, patched([c.source for c in code], ex, variant), strict=True):
        cell.source = source
    return notebooks.without_demo(nb)


def check_variant(ex: Exercise, variant: Variant, executor: object | None = None,
                  root: Path | None = None) -> VariantVerdict:
    """Grade the variant's notebook with every check, on the loopback path by default."""
    from autograder.execution.runner import LoopbackExecutor

    executor = executor or LoopbackExecutor()
    with tempfile.TemporaryDirectory(prefix="autograder-variant-") as tmp:
        path = Path(tmp) / ex.notebook_name
        notebooks.write(as_notebook(ex, variant, root), path)
        report = executor.run(Job(ex.id, path, ex.notebook_name, ex.tests_dir(root),
                                  VARIANT_TIMEOUT_S, VARIANT_CHECK_S))
    question_specs = specs(ex.tests_dir(root))
    return VariantVerdict(variant.name, variant.correct, variant.fails,
                          question_scores(question_specs, list(report.outcomes)),
                          {s.name: s.points for s in question_specs}, report.outcomes, report)
