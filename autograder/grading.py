"""Batch grading: submissions → executor → scored results on disk → feedback, report, exports.

Each result is written as soon as it is known; a rerun skips submissions whose stored result
matches the same source bytes, so a killed batch resumes without regrading.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from . import data
from .checkfiles import specs as load_specs
from .execution import Job, SandboxExecutor
from .exercises import Exercise
from .identity import Roster
from .report.manual import extract_answers
from .results import SubmissionResult, assemble, invalid, read_all
from .submissions import Submission, discover


@dataclass(frozen=True)
class GradeOptions:
    timeout_s: float = 900.0
    seconds_per_check: float = 300.0
    jobs: int = os.cpu_count() or 1
    include_hidden: bool = True
    lang: str = "fr"
    roster: Roster | None = None  # LMS identities for plain files (`--roster`)


def thread_env(jobs: int) -> dict[str, str]:
    """Share the cores between parallel workers instead of oversubscribing them."""
    threads = str(max(1, (os.cpu_count() or 1) // max(1, jobs)))
    return {"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}


def grade_one(ex: Exercise, sub: Submission, executor: SandboxExecutor,
              options: GradeOptions) -> SubmissionResult:
    specs = load_specs(ex.tests_dir())
    if sub.notebook is None:
        return invalid(ex, sub.student, str(sub.source), sub.sha256, specs,
                       f"Entrée invalide : {sub.problem}.")
    job = Job(ex.id, sub.notebook, ex.notebook_name, ex.tests_dir(), options.timeout_s,
              options.seconds_per_check, options.include_hidden, thread_env(options.jobs))
    report = executor.run(job)
    provenance = {name: data.provenance(name) for name in ex.datasets}
    answers = extract_answers(sub.notebook, [q.name for q in ex.questions if q.manual])
    return assemble(ex, sub.student, str(sub.source), sub.sha256, specs, report,
                    executor.isolation, provenance, answers)


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
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            futures = {pool.submit(grade_one, ex, s, executor, options): s for s in todo}
            for future in as_completed(futures):
                result = with_remarks(future.result(), futures[future])
                result.write(folder)
                if on_result:
                    on_result(result)
    students = {s.student for s in subs}
    results = [r for r in read_all(folder) if r.student in students]
    from .report import build_outputs  # matplotlib and jinja2 load only when needed

    build_outputs(out, results, options.lang)
    return results
