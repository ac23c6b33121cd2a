"""What crosses between the grader and a worker: plain JSON-able data, checked strictly."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..checkfiles import CheckOutcome

MAX_MESSAGE = 4000


@dataclass(frozen=True)
class Job:
    """Grade one notebook: where it is, which checks, which limits, and the worker's extra
    environment variables (set before anything is imported)."""

    exercise: str
    notebook: Path
    notebook_name: str
    tests_dir: Path
    timeout_s: float
    seconds_per_check: float
    include_hidden: bool = True
    env: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(notebook=str(self.notebook), tests_dir=str(self.tests_dir))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        return cls(**{**data, "notebook": Path(data["notebook"]),
                      "tests_dir": Path(data["tests_dir"])})


@dataclass(frozen=True)
class CellError:
    cell: int
    error: str
    message: str


@dataclass(frozen=True)
class WorkerReport:
    """What a worker said: cell errors and check outcomes. `finished` is False after a timeout or
    a crash, with whatever outcomes arrived before it."""

    finished: bool
    timed_out: bool
    exit_code: int | None
    cell_errors: tuple[CellError, ...]
    outcomes: tuple[CheckOutcome, ...]
    stderr_tail: str
    seconds: float


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value[:MAX_MESSAGE]


def parse_event(event: Any) -> CellError | CheckOutcome | str:
    """One line of the worker's event stream, with every field type-checked."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise ValueError("malformed event")
    kind = event["type"]
    if kind == "cell_error":
        if not isinstance(event["cell"], int):
            raise ValueError("cell must be an int")
        return CellError(event["cell"], _text(event["error"]), _text(event["message"]))
    if kind == "check":
        if not isinstance(event["passed"], bool) or not isinstance(event["hidden"], bool):
            raise ValueError("passed/hidden must be booleans")
        seconds = event["seconds"]
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise ValueError("seconds must be a number")
        return CheckOutcome(_text(event["question"]), _text(event["check"]), event["hidden"],
                            event["passed"], _text(event["message"]), float(seconds))
    if kind == "done":
        return "done"
    raise ValueError(f"unknown event type {kind!r}")
