"""Grading results: frozen records with a schema version, written as JSON one per submission."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from autograder.authoring.exercises import Exercise
from autograder.checks.failure import CheckFailure
from autograder.errors import UsageError
from autograder.execution.job import CellError, WorkerReport
from autograder.grading.checkfiles import QuestionSpec, failed_outcome
from autograder.grading.scoring import question_scores
from autograder.grading.verdict import CheckResult
from autograder.intake.identity import Identity

SCHEMA_VERSION = 4
# 3 added `identity` (2 loads with an unknown one) and `diagnostics`; 4 stores a check's verdict
# parts only (2 and 3 also stored its rendered French `message`)
READABLE_SCHEMAS = (2, 3, 4)


class Status(StrEnum):
    """How grading a submission ended; `report.i18n` labels each in every language."""

    GRADED = "graded"  # every check ran (some may have failed)
    TIMEOUT = "timeout"  # the submission overran its time: the checks that finished count
    CRASHED = "crashed"  # the notebook or its grading process died: the finished checks count
    INVALID = "invalid"  # not a notebook we can read: zero, with the reason


def points(value: float) -> str:
    """Points as people write them: 6.33, 9, 0.5."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class QuestionResult:
    """A question's points; a manual question `awaiting` a human grader has 0 points so far."""

    name: str
    score: float
    possible: float
    manual: bool
    awaiting: bool = False
    comment: str = ""


@dataclass(frozen=True)
class SubmissionResult:
    exercise: str
    student: str
    source: str
    source_sha256: str
    status: Status
    message: str
    score: float
    possible: float
    questions: tuple[QuestionResult, ...]
    checks: tuple[CheckResult, ...]
    cell_errors: tuple[CellError, ...]
    runtime_s: float
    isolation: str
    datasets: dict[str, str]
    answers: dict[str, str] = field(default_factory=dict)  # manual question → written answer
    identity: Identity = Identity()  # who this is for the gradebooks (lms, roster)
    # For the instructor only (never in a student's feedback): why a run ended early (`reason`,
    # `exit_code`, `signal`, `oom_killed`, the worker's `stderr_tail`), `grader_cpu_s`, and the
    # most one check asked of the sandbox (`peaks`: requests, proxy depth, references a reply).
    diagnostics: dict[str, Any] = field(default_factory=dict)
    schema: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        if data.get("schema") not in READABLE_SCHEMAS:
            raise UsageError(f"result schema {data.get('schema')} not in {READABLE_SCHEMAS}")
        return cls(**{**data, "schema": SCHEMA_VERSION, "status": Status(data["status"]),
                      "identity": Identity.from_json(data.get("identity") or {}),
                      "questions": tuple(QuestionResult(**q) for q in data["questions"]),
                      "checks": tuple(CheckResult.from_json(c) for c in data["checks"]),
                      "cell_errors": tuple(CellError(**e) for e in data["cell_errors"])})

    def first_failure(self) -> str:
        """`q2 · W3 est faux…`: the first failed check's summary line, or the status message."""
        failed = next((c for c in self.checks if not c.passed), None)
        if self.status != Status.GRADED or failed is None:
            return self.message
        return f"{failed.question} · {failed.message.splitlines()[0]}"

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.student}.json"
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        tmp.replace(path)  # atomic: a killed run never leaves half a result
        return path


def read_all(folder: Path) -> list[SubmissionResult]:
    return [SubmissionResult.from_json(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.json"))]


def assemble(ex: Exercise, student: str, source: str, sha256: str, specs: list[QuestionSpec],
             report: WorkerReport, isolation: str, datasets: dict[str, str],
             answers: dict[str, str]) -> SubmissionResult:
    """Score a worker report on the trusted side; unfinished runs keep what finished."""
    scores = question_scores(specs, report.outcomes)
    by_key = {(o.question, o.name): o for o in report.outcomes}
    checks = []
    for spec in specs:
        for c in spec.checks:
            o = by_key.get((spec.name, c.name)) or failed_outcome(
                spec.name, c.name, c.hidden, CheckFailure.coded("not_run"), 0.0)
            checks.append(o.scored(c.points))
    questions = [QuestionResult(s.name, scores[s.name], s.points, False) for s in specs]
    questions += _manual_questions(ex)
    score, possible = sum(scores.values()), sum(s.points for s in specs)
    diagnostics: dict[str, Any] = {"grader_cpu_s": report.grader_cpu_s, "peaks": report.peaks}
    if report.finished:
        status = Status.GRADED
        message = f"{points(score)} / {points(possible)} points"
        if report.cell_errors:
            message += f" ; {len(report.cell_errors)} cellule(s) en erreur"
    else:
        status, message = _stopped(report.timed_out, report.oom_killed, report.signal,
                                   report.exit_code)
        diagnostics |= {"reason": report.reason, "exit_code": report.exit_code,
                        "signal": report.signal, "oom_killed": report.oom_killed,
                        "stderr_tail": report.stderr_tail}
    return SubmissionResult(ex.id, student, source, sha256, status, message, score, possible,
                            tuple(questions), tuple(checks), report.cell_errors,
                            round(report.seconds, 3), isolation, datasets, answers,
                            diagnostics=diagnostics)


def _stopped(timed_out: bool, oom_killed: bool, signal: str | None,
             exit_code: int | None) -> tuple[Status, str]:
    """Status and French message of a run that did not finish (no internals: the instructor
    reads those in `diagnostics`)."""
    kept = "seules les vérifications terminées comptent."
    if timed_out:
        return Status.TIMEOUT, f"Temps limite dépassé : {kept}"
    if oom_killed:
        return Status.CRASHED, ("Le notebook a dépassé la mémoire autorisée et a été arrêté : "
                                f"{kept}")
    if signal:
        return Status.CRASHED, f"Le notebook a été arrêté par le signal {signal} : {kept}"
    if exit_code is None or exit_code == 0:
        return Status.CRASHED, f"La correction de ce notebook s'est interrompue : {kept}"
    return Status.CRASHED, ("Le notebook a interrompu la correction (code de sortie "
                            f"{exit_code}) : {kept}")


def _manual_questions(ex: Exercise) -> list[QuestionResult]:
    return [QuestionResult(q.name, 0.0, q.points, True, awaiting=True)
            for q in ex.questions if q.manual]


def invalid(ex: Exercise, student: str, source: str, sha256: str, specs: list[QuestionSpec],
            reason: str) -> SubmissionResult:
    """A submission that could not be read as a notebook: one row, zero points, a reason."""
    return _zero(ex, student, source, sha256, specs, Status.INVALID, reason, {})


def unfinished(ex: Exercise, student: str, source: str, sha256: str, specs: list[QuestionSpec],
               timed_out: bool, diagnostics: dict[str, Any]) -> SubmissionResult:
    """A submission whose grading produced no report (its grading process failed, died or
    overran): one row, zero points, the reason in `diagnostics`."""
    status, message = _stopped(timed_out, False, None, None)
    return _zero(ex, student, source, sha256, specs, status, message, diagnostics)


def _zero(ex: Exercise, student: str, source: str, sha256: str, specs: list[QuestionSpec],
          status: Status, message: str, diagnostics: dict[str, Any]) -> SubmissionResult:
    questions = [QuestionResult(s.name, 0.0, s.points, False) for s in specs]
    questions += _manual_questions(ex)
    return SubmissionResult(ex.id, student, source, sha256, status, message, 0.0,
                            sum(s.points for s in specs), tuple(questions), (), (), 0.0, "-", {},
                            diagnostics=diagnostics)
