"""Otter exception-format check files: parsed into plain specs, run against a namespace.

This is the pytest/worker harness: parameter names bind to whatever the namespace holds (the
reference, a variant, a submission's globals). Otter's own harness reads the very same files.
"""

from __future__ import annotations

import ast
import functools
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from otter.test_files.exception_test import ExceptionTestFile

from autograder.checks import observe
from autograder.checks.failure import CheckAbort, CheckFailure, CheckTimeout
from autograder.errors import AuthoringError
from autograder.grading.verdict import CheckResult

__all__ = ["CheckFailure", "CheckFileError", "CheckResult", "CheckTimeout", "failed_outcome",
           "load_suite", "run_check", "run_suite", "specs", "time_limit", "timeout_failure"]


class CheckFileError(AuthoringError):
    """A check file that cannot be trusted to grade (never a silent 0/0)."""


@dataclass(frozen=True)
class CheckSpec:
    question: str
    name: str
    points: float
    hidden: bool


@dataclass(frozen=True)
class QuestionSpec:
    name: str
    points: float
    all_or_nothing: bool
    checks: tuple[CheckSpec, ...]


def parse(path: Path) -> ExceptionTestFile:
    """Parse one check file (executed once), refusing the formats that Otter grades as a
    silent 0/0."""
    source = path.read_text(encoding="utf-8")
    try:
        tree = ast.parse(source, str(path))
    except SyntaxError as exc:
        raise CheckFileError(f"{path}: does not run: SyntaxError: {exc}") from None
    if not any(isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "OK_FORMAT"
                                                 for t in n.targets)
               and isinstance(n.value, ast.Constant) and n.value.value is False
               for n in tree.body):
        raise CheckFileError(f"{path}: OK_FORMAT must be False (exception-format checks)")
    undecorated = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)
                   and n.name.startswith("test") and not n.decorator_list]
    if undecorated:
        raise CheckFileError(f"{path}: functions without @test_case: {', '.join(undecorated)}")
    try:
        tf = ExceptionTestFile.from_string(source, path=str(path))  # our file, never a student's
    except Exception as exc:  # noqa: BLE001
        raise CheckFileError(f"{path}: does not run: {type(exc).__name__}: {exc}") from None
    if not tf.test_cases:
        raise CheckFileError(f"{path}: no @test_case function (this would grade as 0/0)")
    return tf


def load_suite(tests_dir: Path) -> list[tuple[QuestionSpec, ExceptionTestFile]]:
    """Every check file of an exercise, sorted by question name; parsed once per process
    while the files stay the same (a grading process loads each exercise's checks once)."""
    files = sorted(tests_dir.glob("*.py"))
    if not files:
        raise CheckFileError(f"{tests_dir}: no check files")
    stats = [(p, p.stat()) for p in files]
    return list(_load(tuple((str(p), s.st_mtime_ns, s.st_size) for p, s in stats)))


@functools.lru_cache(maxsize=64)
def _load(files: tuple[tuple[str, int, int], ...]) -> tuple[
        tuple[QuestionSpec, ExceptionTestFile], ...]:
    suite = []
    for name, _, _ in files:
        tf = parse(Path(name))
        checks = tuple(CheckSpec(tf.name, tc.body.test_func.__name__, float(tc.points or 0),
                                 bool(tc.hidden)) for tc in tf.test_cases)
        suite.append((QuestionSpec(tf.name, float(sum(c.points for c in checks)),
                                   bool(tf.all_or_nothing), checks), tf))
    return tuple(suite)


def specs(tests_dir: Path) -> list[QuestionSpec]:
    return [spec for spec, _ in load_suite(tests_dir)]


@contextmanager
def time_limit(seconds: float | None, grace: float = 0.0) -> Iterator[None]:
    """SIGALRM-based limit (`seconds`, plus `grace` before the alarm) for code in the main thread:
    pytest, mutants, and the grader's side of a secure run, whose processes grade one
    submission at a time. Elsewhere it does nothing."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise CheckTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds + grace)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_check(question: str, tc: Any, namespace: Mapping[str, Any],
              seconds: float | None, grace: float = 0.0) -> CheckResult:
    """Run one test case; the verdict text is French and never echoes hidden expectations.

    Parameters are looked up in `namespace` inside the check's time limit: in a secure run each
    lookup is a request to the sandbox, which may overrun or fail like any other."""
    func = tc.body.test_func
    name, hidden = func.__name__, bool(tc.hidden)
    start = time.perf_counter()
    params = [p for p in tc.body._get_func_params() if p != "env"]
    passed, failure = False, None
    with observe.collecting() as observations:
        try:
            with time_limit(seconds, grace):
                values = {p: namespace.get(p) for p in params}
                missing = [p for p in params if values[p] is None]
                if missing:
                    raise CheckFailure.coded("missing_name", name=missing[0])
                env = dict(namespace) if isinstance(namespace, dict) else {}
                tc.body.call_func({**env, **values})
            passed = True
        except CheckFailure as exc:
            failure = exc
        except CheckAbort as exc:
            failure = exc.failure
        except CheckTimeout as exc:
            failure = timeout_failure(exc.seconds or seconds)
        except Exception as exc:  # noqa: BLE001 - a crash in student code is a verdict
            error = type(exc).__name__
            text = "" if hidden else " ".join(str(exc).split())[:300]
            failure = CheckFailure.coded("check_error", error=error, message=text)
    elapsed = time.perf_counter() - start
    if failure is None:
        return CheckResult(question, name, hidden, passed, elapsed,
                           observations=tuple(observations))
    return failed_outcome(question, name, hidden, failure, elapsed, tuple(observations))


def failed_outcome(question: str, name: str, hidden: bool, failure: CheckFailure,
                   seconds: float, observations: tuple[dict[str, Any], ...] = ()) -> CheckResult:
    return CheckResult(question, name, hidden, False, seconds, failure.summary,
                       tuple(failure.details), failure.hint, failure.code, failure.params,
                       observations)


def timeout_failure(seconds: float | None) -> CheckFailure:
    limit = f"{seconds:g}" if seconds else "?"
    return CheckFailure.coded("check_timeout", seconds=limit)


def run_suite(tests_dir: Path, namespace: Mapping[str, Any], include_hidden: bool = True,
              seconds_per_check: float | None = None) -> list[CheckResult]:
    """Every check of an exercise against `namespace`, in question order."""
    outcomes = []
    for spec, tf in load_suite(tests_dir):
        for tc in tf.test_cases:
            if tc.hidden and not include_hidden:
                continue
            outcomes.append(run_check(spec.name, tc, namespace, seconds_per_check))
    return outcomes
