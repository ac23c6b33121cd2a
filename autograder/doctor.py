"""`autograder doctor`: the sandbox layers this machine offers, and a tiny notebook graded through
the full path to prove they work together (the worker's own error when they do not); with the
zygote, graded twice, the second time as every later submission is (forked from a warm zygote)."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.execution import Job, SandboxExecutor, WorkerReport, sandbox

NOTEBOOK = "def double(x):\n    return 2 * x\n"
CHECK = '''from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1


@test_case(points=1, hidden=False)
def test_double(double):
    assert double(21) == 42
'''


@dataclass(frozen=True)
class SelfTest:
    ok: bool
    seconds: float
    detail: str  # what went wrong, the worker's stderr included; empty when ok
    warm_seconds: float | None = None  # the second notebook, from the warm zygote (when used)


def selftest(timeout_s: float = 120.0) -> SelfTest:
    """Grade a one-function notebook with one check through the strongest available path."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="autograder-doctor-") as tmp:
        tests = Path(tmp) / "tests"
        tests.mkdir()
        (tests / "q1.py").write_text(CHECK, encoding="utf-8")
        notebook = Path(tmp) / "doctor.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK)]),
                       notebook)
        try:
            sandbox.preflight()
            executor = SandboxExecutor()
            job = Job("doctor", notebook, "doctor.ipynb", tests, timeout_s, timeout_s)
            report = executor.run(job)
            seconds = time.perf_counter() - start
            warm = None
            if executor.zygote and _passed(report):
                report = executor.run(job)
                warm = time.perf_counter() - start - seconds
        except Exception as exc:  # noqa: BLE001 - doctor reports, it does not crash
            return SelfTest(False, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    if _passed(report):
        return SelfTest(True, seconds, "", warm)
    why = report.reason or "; ".join(o.message for o in report.outcomes if not o.passed)
    status = f"exit code {report.exit_code}" + (f", {report.signal}" if report.signal else "")
    return SelfTest(False, seconds, f"{why or 'no check ran'} ({status}); worker stderr: "
                                    f"{report.stderr_tail.strip()[-1500:] or '(empty)'}")


def _passed(report: WorkerReport) -> bool:
    return report.finished and bool(report.outcomes) and all(o.passed for o in report.outcomes)
