"""A grading job and what its run reports (built on the grader's side only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.grading.verdict import CheckResult

MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Job:
    """Grade one notebook: where it is, which checks, which limits, and the extra environment
    of its run (the worker's, and the settings the grader's checks read)."""

    exercise: str
    notebook: Path
    notebook_name: str
    tests_dir: Path
    timeout_s: float
    seconds_per_check: float
    include_hidden: bool = True
    env: dict[str, str] = field(default_factory=dict)
    grader_cpu_s: float | None = None  # the grader's CPU this submission's checks may use
    code_cells: tuple[str, ...] | None = None  # as discovery read them; None: read the file


@dataclass(frozen=True)
class CellError:
    cell: int
    error: str
    message: str


@dataclass(frozen=True)
class WorkerReport:
    """What a worker said: cell errors and check outcomes. `finished` is False after a timeout or
    a crash, with whatever outcomes arrived before it; then `signal` (when the worker died of
    one by itself), `oom_killed` (the kernel killed it for memory) and `reason` (how the grader
    lost it, in English) say why, for the instructor."""

    finished: bool
    timed_out: bool
    exit_code: int | None
    cell_errors: tuple[CellError, ...]
    outcomes: tuple[CheckResult, ...]
    stderr_tail: str
    seconds: float
    signal: str | None = None
    oom_killed: bool = False
    reason: str = ""
    grader_cpu_s: float = 0.0
    peaks: dict[str, int] = field(default_factory=dict)  # most requests/depth/refs of a check
