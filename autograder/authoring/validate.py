"""Per exercise: check files well formed, reference earns everything, the stub earns nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.authoring.exercises import Exercise
from autograder.grading.batch import GradeOptions, grade_one, limits_for
from autograder.grading.checkfiles import CheckFileError, specs
from autograder.grading.slots import Lost, run_isolated
from autograder.intake.submissions import Submission
from autograder.results import Status


@dataclass
class Validation:
    exercise: str
    problems: list[str] = field(default_factory=list)
    reference_score: float = 0.0
    stub_hidden_score: float = 0.0
    possible: float = 0.0
    seconds: float = 0.0
    peaks: dict[str, int] = field(default_factory=dict)  # the reference's, see remote.MAX_*

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        return {"exercise": self.exercise, "ok": self.ok, "problems": self.problems,
                "reference_score": self.reference_score, "possible": self.possible,
                "stub_hidden_score": self.stub_hidden_score, "seconds": round(self.seconds, 1)}


def validate(ex: Exercise, options: GradeOptions) -> Validation:
    v = Validation(ex.id)
    try:
        question_specs = specs(ex.tests_dir())
    except CheckFileError as exc:
        v.problems.append(str(exc))
        return v
    graded = {s.name for s in question_specs}
    wanted = {q.name for q in ex.questions if not q.manual}
    if graded != wanted:
        v.problems.append(f"autograded questions {sorted(wanted)} but check files for "
                          f"{sorted(graded)}")
    v.possible = sum(s.points for s in question_specs)
    from autograder.execution import SandboxExecutor

    executor = SandboxExecutor()
    ref_nb = ex.reference_dir() / ex.notebook_name
    ref = grade_one(ex, Submission.of_file("reference", ref_nb), executor, options)
    stub_nb = ex.student_notebook()
    stub = grade_one(ex, Submission.of_file("stub", stub_nb), executor, options)
    v.seconds = ref.runtime_s + stub.runtime_s
    v.peaks = dict(ref.diagnostics.get("peaks", {}))
    v.reference_score = ref.score
    if ref.status != Status.GRADED:
        v.problems.append(f"reference: {ref.status}: {ref.message}")
    for err in ref.cell_errors:
        v.problems.append(f"reference: cell {err.cell} raised {err.error}: {err.message}")
    for c in ref.checks:
        if not c.passed:
            kind = "hidden" if c.hidden else "public"
            v.problems.append(f"reference fails {kind} check {c.question}/{c.name}: "
                              f"{c.message.splitlines()[0]}")
    if stub.status != Status.GRADED:
        v.problems.append(f"stub: {stub.status}: {stub.message}")
    v.stub_hidden_score = sum(c.points for c in stub.checks if c.hidden)
    if v.stub_hidden_score > 0:
        passed = [f"{c.question}/{c.name}" for c in stub.checks if c.hidden and c.passed]
        v.problems.append(f"stub earns hidden points through {', '.join(passed)}")
    return v


def _validate_task(task: tuple[Exercise, GradeOptions]) -> Validation:
    return validate(*task)


def validate_all(exercises: list[Exercise], options: GradeOptions) -> list[Validation]:
    """Each exercise in a slot of its own (see `slots`), in catalogue order."""
    tasks = [(ex, options) for ex in exercises]
    found: dict[str, Validation] = {}
    for (ex, _), outcome in run_isolated(_validate_task, tasks, max(1, options.jobs // 2),
                                         lambda t: 2 * limits_for(*t).timeout_s):
        if isinstance(outcome, Lost):
            outcome = Validation(ex.id, [f"validation did not finish: {outcome.reason}"])
        found[ex.id] = outcome
    return [found[ex.id] for ex in exercises]
