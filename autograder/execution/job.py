"""What crosses between the grader and a worker: plain JSON-able data, checked strictly."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..checkfiles import CheckOutcome

MAX_MESSAGE = 4000
MAX_DETAILS = 20
MAX_PARAMS = 20
MAX_OBSERVATIONS = 20
MAX_LIST = 600
MAX_OBSERVATIONS_BYTES = 64_000
CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")


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


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _plain(value: Any, depth: int = 0) -> Any:
    """A JSON value made of capped strings, numbers, short lists and string-keyed dicts."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value[:MAX_MESSAGE]
    if depth >= 4:
        raise ValueError("value nested too deeply")
    if isinstance(value, list) and len(value) <= MAX_LIST:
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict) and len(value) <= MAX_LIST and all(isinstance(k, str)
                                                                   for k in value):
        return {k[:200]: _plain(v, depth + 1) for k, v in value.items()}
    raise ValueError("not a plain value")


def _check_parts(event: dict[str, Any]) -> dict[str, Any]:
    """The optional structured fields of a check event, type-checked and size-capped."""
    details = event.get("details", [])
    if not isinstance(details, list) or len(details) > MAX_DETAILS:
        raise ValueError("details must be a short list of strings")
    code = event.get("code")
    if code is not None and not (isinstance(code, str) and CODE.fullmatch(code)):
        raise ValueError("code must be a short identifier")
    params = event.get("params", {})
    if not isinstance(params, dict) or len(params) > MAX_PARAMS:
        raise ValueError("params must be a small dict")
    observations = event.get("observations", [])
    if (not isinstance(observations, list) or len(observations) > MAX_OBSERVATIONS
            or not all(isinstance(o, dict) for o in observations)):
        raise ValueError("observations must be a short list of dicts")
    observations = [_plain(o) for o in observations]
    if len(json.dumps(observations)) > MAX_OBSERVATIONS_BYTES:
        raise ValueError("observations too large")
    return {"summary": _text(event.get("summary", "")),
            "details": tuple(_text(d) for d in details), "hint": _optional_text(event.get("hint")),
            "code": code, "params": _plain(params), "observations": tuple(observations)}


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
                            event["passed"], _text(event["message"]), float(seconds),
                            **_check_parts(event))
    if kind == "done":
        return "done"
    raise ValueError(f"unknown event type {kind!r}")
