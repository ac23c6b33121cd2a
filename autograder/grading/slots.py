"""Grading slots: trusted processes that each grade one task (a submission, an exercise) at a time.

Nothing a task does to its grader reaches the others or the batch: an exception in a check, a
grader-side loop that never ends, a crash or a deadlock of the grading process itself. Each slot
is a process of its own (spawned: nothing inherited but what the task carries); a task that
outlives its limit is killed with its slot; a slot that dies is blamed on exactly the task it was
running, and replaced. Slots never run student code: that happens in the sandbox each one starts.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from autograder.errors import AutograderError

T = TypeVar("T")
R = TypeVar("R")
READY = "ready"
MAX_FAILED_STARTS = 3
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Lost:
    """A task that produced no result: why, in English, for the instructor."""

    reason: str
    timed_out: bool = False


class SlotError(AutograderError):
    """Slots cannot start on this machine (an installation problem, not a submission's)."""


@dataclass
class _Slot(Generic[T]):
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: tuple[int, T] | None = None
    deadline: float = 0.0


def _serve(conn: Connection, work: Callable[[Any], Any], parent: int) -> None:
    """A slot's loop (`work` and its modules are imported by now): say so, then receive a task
    and send back its result, or why there is none, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch decides when slots stop
    # A batch killed outright (SIGKILL) takes its slots along, and they their sandboxes.
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        return
    conn.send(READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        try:
            result = work(task)
        except BaseException as exc:  # noqa: BLE001 - a backstop: `work` reports its own errors
            result = Lost(f"{type(exc).__name__} in the grading process: {exc}\n"
                          + traceback.format_exc(limit=-8)[-3000:])
        conn.send((index, result))


def run_isolated(work: Callable[[T], R], tasks: Sequence[T], jobs: int,
                 limit_s: Callable[[T], float]) -> Iterator[tuple[T, R | Lost]]:
    """`work(task)` for every task in at most `jobs` slots, yielding each task with its result
    (or `Lost`) as it finishes. `work` must be a module-level function; `limit_s(task)` bounds
    the wall-clock time of one task, counted from when a ready slot receives it."""
    if not tasks:
        return
    context = multiprocessing.get_context("spawn")
    pending = deque(enumerate(tasks))
    slots: list[_Slot[T]] = []
    failed_starts = 0

    def start() -> _Slot[T]:
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, work, os.getpid()),
                                  daemon=True, name="autograder-slot")
        process.start()
        theirs.close()
        return _Slot(process, ours)

    try:
        slots = [start() for _ in range(max(1, min(jobs, len(tasks))))]
        while pending or any(s.task for s in slots):
            for slot in slots:
                if slot.ready and slot.task is None and pending:
                    slot.task = pending.popleft()
                    slot.deadline = time.monotonic() + limit_s(slot.task[1])
                    slot.conn.send(slot.task)
            busy = [s for s in slots if s.task is not None]
            timeout = min((s.deadline for s in busy), default=time.monotonic() + 5.0)
            wait([x for s in slots for x in (s.conn, s.process.sentinel)],
                 max(0.0, timeout - time.monotonic()))
            for i, slot in enumerate(slots):
                if not slot.ready:
                    if _starts(slot):
                        continue
                    failed_starts += 1
                    if failed_starts >= MAX_FAILED_STARTS:
                        raise SlotError(f"grading processes die before they start (exit code "
                                        f"{slot.process.exitcode}): try `autograder doctor`")
                    _kill(slot)
                    slots[i] = start()
                    continue
                if slot.task is None:
                    continue
                task = slot.task[1]
                outcome = _collect(slot)
                if outcome is None:
                    continue
                slot.task = None
                if isinstance(outcome, Lost) and (outcome.timed_out or
                                                  not slot.process.is_alive()):
                    _kill(slot)
                    slots[i] = start()
                yield task, outcome  # type: ignore[misc]
    finally:
        for slot in slots:
            _kill(slot)


def _starts(slot: _Slot[T]) -> bool:
    """Whether a slot that is not ready yet is still fine: ready now, or still importing."""
    try:
        if slot.conn.poll() and slot.conn.recv() == READY:
            slot.ready = True
            return True
    except (EOFError, OSError):
        slot.process.join(5)
    return slot.process.is_alive()


def _collect(slot: _Slot[T]) -> object | None:
    """The slot's result if it has one; `Lost` if it died or overran; None if still working."""
    try:
        if slot.conn.poll():
            index, result = slot.conn.recv()
            if slot.task is not None and index == slot.task[0]:
                return result
            return Lost("the grading process answered for another task")
    except (EOFError, OSError):
        slot.process.join(5)  # its end of the pipe closed: it is exiting
    if not slot.process.is_alive():
        code = slot.process.exitcode
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else \
            f"exit code {code}"
        return Lost(f"the grading process died ({how})")
    if time.monotonic() > slot.deadline:
        return Lost("the grading process overran its time limit and was killed", timed_out=True)
    return None


def _kill(slot: _Slot[T]) -> None:
    """Stop a slot for good. Its sandboxes die with it (bubblewrap --die-with-parent, the
    launcher's parent-death signal); `sandbox.sweep` removes the folders and cgroups they
    leave when it did not stop cleanly."""
    try:
        slot.conn.send(None)
    except (OSError, ValueError):
        pass
    slot.process.join(0.5)
    if slot.process.is_alive():
        slot.process.kill()
        slot.process.join()
    slot.conn.close()
    if slot.process.exitcode != 0:
        from autograder.execution import sandbox

        sandbox.sweep()
