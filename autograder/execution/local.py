"""One worker subprocess per submission, in its own session, killed whole on timeout."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from ..checkfiles import CheckOutcome
from .job import CellError, Job, WorkerReport, parse_event

MAX_EVENTS_BYTES = 8 * 1024 * 1024
ISOLATION = "none (local subprocess, no sandbox)"


class LocalExecutor:
    """Runs a job in `python -m autograder.execution.worker` with a wall-clock timeout."""

    isolation = ISOLATION

    def run(self, job: Job) -> WorkerReport:
        start = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="autograder-job-") as tmp:
            scratch = Path(tmp)
            notebook = scratch / job.notebook_name
            shutil.copyfile(job.notebook, notebook)
            job_file, events = scratch / ".job.json", scratch / ".events.jsonl"
            job_file.write_text(json.dumps({**job.to_json(), "notebook": str(notebook)}))
            events.touch()
            with open(scratch / ".stderr", "w+b") as stderr:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "autograder.execution.worker", str(job_file),
                     str(events)], cwd=scratch, stdout=subprocess.DEVNULL, stderr=stderr,
                    start_new_session=True,
                    env={**os.environ, "PYTHONHASHSEED": "0", **job.env})
                timed_out = False
                try:
                    proc.wait(timeout=job.timeout_s)
                except subprocess.TimeoutExpired:
                    timed_out = True
                _kill_group(proc.pid)  # the timed-out worker, or children it left behind
                proc.wait()
                tail = _tail(stderr)
            cell_errors, outcomes, done = read_events(events)
        return WorkerReport(done and not timed_out, timed_out, proc.returncode,
                            tuple(cell_errors), tuple(outcomes), tail,
                            time.perf_counter() - start)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _tail(stream: BinaryIO, size: int = 2000) -> str:
    """The last bytes a worker wrote to stderr, however much it wrote."""
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - size))
    return stream.read().decode("utf-8", "replace")


def read_events(path: Path) -> tuple[list[CellError], list[CheckOutcome], bool]:
    """Parse the worker's event lines; anything malformed or oversized is dropped."""
    cell_errors: list[CellError] = []
    outcomes: list[CheckOutcome] = []
    done = False
    with open(path, "rb") as f:
        raw = f.read(MAX_EVENTS_BYTES)
    for line in raw.decode("utf-8", "replace").splitlines():
        try:
            event = parse_event(json.loads(line))
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(event, CellError):
            cell_errors.append(event)
        elif isinstance(event, CheckOutcome):
            outcomes.append(event)
        else:
            done = True
    return cell_errors, outcomes, done
