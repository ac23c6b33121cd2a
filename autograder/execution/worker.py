"""The worker process: execute a notebook's cells in order, then run the check files.

Usage: python -m autograder.execution.worker JOB.json EVENTS.jsonl
Each cell error and each check outcome is appended to EVENTS as one JSON line as soon as it is
known, so a timeout or a crash still leaves the verdicts reached so far.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import nbformat

from ..checkfiles import load_suite, run_check
from .job import Job


def emit(stream: Any, event: dict[str, Any]) -> None:
    stream.write(json.dumps(event, ensure_ascii=False) + "\n")
    stream.flush()


def execute_cells(nb: nbformat.NotebookNode, events: Any) -> dict[str, Any]:
    """Run every code cell through IPython (magics included); record errors and go on."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="nocolor")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        result = shell.run_cell(cell.source, store_history=False)
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            emit(events, {"type": "cell_error", "cell": index, "error": type(error).__name__,
                          "message": " ".join(str(error).split())[:500]})
    return shell.user_ns


def main(job_path: str, events_path: str) -> int:
    job = Job.from_json(json.loads(Path(job_path).read_text(encoding="utf-8")))
    os.environ.setdefault("MPLBACKEND", "Agg")
    suite = load_suite(job.tests_dir)  # parsed before student code runs
    with open(events_path, "a", encoding="utf-8") as events:
        nb = nbformat.read(job.notebook, as_version=4)
        os.chdir(job.notebook.parent)
        namespace = execute_cells(nb, events)
        for spec, tf in suite:
            for tc in tf.test_cases:
                if tc.hidden and not job.include_hidden:
                    continue
                outcome = run_check(spec.name, tc, namespace, job.seconds_per_check)
                emit(events, {"type": "check", **outcome.__dict__})
        emit(events, {"type": "done"})
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: student objects may hang in finalisers


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
