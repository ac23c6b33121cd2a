"""Batch grading: submissions → slots → executor → scored results on disk → feedback, report,
exports.

The batch always ends with exactly one result row per student and every output built: each
submission is graded in a slot (a process of its own, see `slots`), and whatever goes wrong
while grading it (a grader-side exception, a grading process that dies or hangs) becomes that
submission's `crashed` or `timeout` row, with the reason for the instructor. Each result is
written as soon as it is known; a rerun skips submissions whose stored result matches the same
source bytes, so a killed batch resumes without regrading.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from autograder import data
from autograder.authoring.exercises import Exercise
from autograder.checks.training import device
from autograder.execution import Job, SandboxExecutor
from autograder.execution.sandbox import preflight, sweep
from autograder.grading.checkfiles import QuestionSpec
from autograder.grading.checkfiles import specs as load_specs
from autograder.grading.slots import Lost, run_isolated
from autograder.intake.identity import Roster
from autograder.intake.submissions import Submission, discover
from autograder.results import SubmissionResult, assemble, invalid, read_all, unfinished

# Default limits, from the reference's measured run (`autograder calibrate` records it): this
# many times the reference, never below the floors; the old fixed limits where none is recorded.
RUNTIME_FACTOR = 10
FLOOR_S = {"notebook_s": 60.0, "slowest_check_s": 15.0, "grader_cpu_s": 30.0}
UNMEASURED_S = {"notebook_s": 900.0, "slowest_check_s": 300.0, "grader_cpu_s": 900.0}


@dataclass(frozen=True)
class GradeOptions:
    """Limits left None come from the exercise (`limits_for`)."""

    timeout_s: float | None = None
    seconds_per_check: float | None = None
    jobs: int = os.cpu_count() or 1
    include_hidden: bool = True
    lang: str = "fr"
    grader_cpu_s: float | None = None
    roster: Roster | None = None  # LMS identities for plain files (`--roster`)
    threads: int | None = None  # threads per submission; None: the cores shared by `jobs`
    cluster: str | None = None  # `--cluster`: grade on Dask (see `grading.cluster.connect`)


def limits_for(ex: Exercise, options: GradeOptions) -> GradeOptions:
    """The options with every limit set: the flags' values, else RUNTIME_FACTOR × the
    reference's measured run on this device (cpu's where this device has none)."""
    measured = ex.runtime.get(device()) or ex.runtime.get("cpu") or {}

    def derived(key: str) -> float:
        if key not in measured:
            return UNMEASURED_S[key]
        return round(max(FLOOR_S[key], RUNTIME_FACTOR * measured[key]), 1)

    return replace(options,
                   timeout_s=options.timeout_s or derived("notebook_s"),
                   seconds_per_check=options.seconds_per_check or derived("slowest_check_s"),
                   grader_cpu_s=options.grader_cpu_s or derived("grader_cpu_s"))


def thread_env(jobs: int, threads: int | None = None) -> dict[str, str]:
    """Share the cores between parallel workers instead of oversubscribing them (`threads`,
    where given, is the share)."""
    share = str(threads or max(1, (os.cpu_count() or 1) // max(1, jobs)))
    return {"OMP_NUM_THREADS": share, "MKL_NUM_THREADS": share}


def grade_one(ex: Exercise, sub: Submission, executor: SandboxExecutor,
              options: GradeOptions, root: Path | None = None) -> SubmissionResult:
    """One submission graded; the check files are those under `root` (default: this
    checkout's, see `Exercise.tests_dir`)."""
    if sub.notebook is None:
        return invalid(ex, sub.student, str(sub.source), sub.sha256, _specs_if_any(ex, root),
                       f"Entrée invalide : {sub.problem}.")
    specs = load_specs(ex.tests_dir(root))
    options = limits_for(ex, options)
    for name in ex.datasets:  # before the run: the sandbox binds the prepared folders
        data.prepare(name)
    job = Job(ex.id, sub.notebook, ex.notebook_name, ex.tests_dir(root), options.timeout_s,
              options.seconds_per_check, options.include_hidden,
              thread_env(options.jobs, options.threads), options.grader_cpu_s, sub.code)
    report = executor.run(job)
    provenance = {name: data.provenance(name) for name in ex.datasets}
    answers = dict(zip([q.name for q in ex.questions if q.manual], sub.answers, strict=False))
    return assemble(ex, sub.student, str(sub.source), sub.sha256, specs, report,
                    executor.isolation, provenance, answers)


Task = tuple[Exercise, Submission, SandboxExecutor, GradeOptions]


def grade_guarded(task: Task, root: Path | None = None) -> SubmissionResult:
    """`grade_one`, where a grader-side exception becomes the submission's `crashed` row."""
    ex, sub, executor, options = task
    try:
        result = grade_one(ex, sub, executor, options, root)
    except Exception as exc:  # noqa: BLE001 - one submission never ends the batch
        result = lost_row(ex, sub, Lost(f"grader error: {type(exc).__name__}: {exc}\n"
                                        + traceback.format_exc(limit=-8)[-3000:]), root)
    return with_remarks(result, sub)


def _specs_if_any(ex: Exercise, root: Path | None = None) -> list[QuestionSpec]:
    """The question rows, or none when the check files do not load (the row must exist)."""
    try:
        return load_specs(ex.tests_dir(root))
    except Exception:  # noqa: BLE001
        return []


def lost_row(ex: Exercise, sub: Submission, lost: Lost,
             root: Path | None = None) -> SubmissionResult:
    """The `crashed` (or `timeout`) row of a submission that produced no result."""
    return unfinished(ex, sub.student, str(sub.source), sub.sha256, _specs_if_any(ex, root),
                      lost.timed_out, {"reason": lost.reason})


def _task_limit(task: Task) -> float:
    ex, _, _, options = task
    return limits_for(ex, options).timeout_s + 30.0  # + scoring and the slot's own overhead


def with_remarks(result: SubmissionResult, sub: Submission) -> SubmissionResult:
    """The result with what discovery noticed (older submissions, ignored files…) appended,
    and the submission's identity."""
    result = replace(result, identity=sub.identity)
    remarks = sub.remarks()
    if not remarks:
        return result
    return replace(result, message=f"{result.message.rstrip('.')}. {remarks}")


def _stored(folder: Path, sub: Submission) -> SubmissionResult | None:
    path = folder / f"{sub.student}.json"
    if not path.exists():
        return None
    try:
        result = SubmissionResult.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError):
        return None
    return result if result.source_sha256 == sub.sha256 else None


def grade_batch(ex: Exercise, inputs: list[Path], out: Path, options: GradeOptions,
                executor: SandboxExecutor | None = None,
                on_result: Callable[[SubmissionResult], None] | None = None,
                on_discover: Callable[[list[Submission]], None] | None = None,
                ) -> list[SubmissionResult]:
    """Grade every submission found in `inputs`; write `out/results/*.json`, then every output
    (`report.build_outputs`: feedback, instructor report, gradebook exports).

    `on_discover` hears the submissions found (one per student); `on_result` hears each result.
    """
    if options.cluster is None:  # on a cluster, each worker checks its own host
        preflight()
        sweep()
    executor = executor or SandboxExecutor()
    folder = out / "results"
    with tempfile.TemporaryDirectory(prefix="autograder-inputs-") as scratch:
        subs = discover(inputs, Path(scratch), ex.notebook_name, options.roster)
        if on_discover:
            on_discover(subs)
        todo = []
        for sub in subs:
            stored = _stored(folder, sub)
            if stored is None:
                todo.append(sub)
                continue
            if stored.identity != sub.identity:  # e.g. a roster given on this run only
                stored = replace(stored, identity=sub.identity)
                stored.write(folder)
            if on_result:
                on_result(stored)
        tasks = [(ex, sub, executor, options) for sub in todo]
        for (_, sub, _, _), outcome in _outcomes(tasks, options):
            result = outcome if isinstance(outcome, SubmissionResult) else \
                with_remarks(lost_row(ex, sub, outcome), sub)
            result.write(folder)
            if on_result:
                on_result(result)
    students = {s.student for s in subs}
    results = [r for r in read_all(folder) if r.student in students]
    from autograder.report import build_outputs  # matplotlib and jinja2 load only when needed

    build_outputs(out, results, options.lang)
    return results


def _outcomes(tasks: list[Task], options: GradeOptions) -> Iterator[tuple[Task, object]]:
    """Each task with its result (or `Lost`), as they finish: in this machine's slots, or on
    the Dask cluster `options.cluster` names."""
    if options.cluster is None or not tasks:
        yield from run_isolated(grade_guarded, tasks, options.jobs, _task_limit)
        return
    from autograder.grading import cluster  # dask loads only when asked for

    with cluster.connect(options.cluster, tasks[0][0].gpu) as client:
        yield from cluster.run(client, tasks)
