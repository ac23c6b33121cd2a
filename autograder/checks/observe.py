"""What a check observed while it ran (gradient errors, accuracy, a loss curve, a timing).

Observations are small plain-JSON dicts collected per check by `checkfiles.run_check`; the
feedback pages draw them. Outside a collecting block (Otter's harness) `record` does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

MAX_OBSERVATIONS = 20
MAX_POINTS = 500

_current: ContextVar[list[dict[str, Any]] | None] = ContextVar("observations", default=None)


@contextmanager
def collecting() -> Iterator[list[dict[str, Any]]]:
    """Collect the observations recorded while the block runs into the yielded list."""
    found: list[dict[str, Any]] = []
    token = _current.set(found)
    try:
        yield found
    finally:
        _current.reset(token)


def record(kind: str, value: dict[str, Any]) -> None:
    """Append `{"kind": kind, **value}` to the running check's observations (capped)."""
    found = _current.get()
    if found is not None and len(found) < MAX_OBSERVATIONS:
        found.append({"kind": kind, **value})


def downsample(values: list[float], limit: int = MAX_POINTS) -> list[float]:
    """At most `limit` evenly spaced values, the first and last kept."""
    if len(values) <= limit:
        return list(values)
    step = (len(values) - 1) / (limit - 1)
    return [values[round(i * step)] for i in range(limit)]
