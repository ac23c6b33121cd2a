"""Grade one notebook across the trust boundary.

The notebook runs in a sandboxed worker; the check files run here, in the grader, with their
parameter names bound to proxies of the worker's objects. Verdicts and points are decided here
only, from plain data. A timeout, a crash or a protocol violation keeps the checks already done.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

import nbformat

from ..checkfiles import CheckOutcome, load_suite, run_check
from ..checks.training import run_settings
from . import sandbox
from .job import CellError, Job, WorkerReport
from .remote import RemoteSession, SandboxLost

STDERR_TAIL = 2000
# Grader-side check code runs under this lock, released while a check waits for its sandbox:
# checks that seed torch's global generator and then draw inputs get the same draws whatever
# the number of submissions graded at once.
GRADER_LOCK = threading.Lock()


class SandboxExecutor:
    """Runs jobs in the strongest sandbox this machine offers (see `sandbox.layers`)."""

    def __init__(self, limits: sandbox.Limits | None = None):
        self.limits = limits or sandbox.Limits()
        self.isolation = sandbox.isolation()

    def run(self, job: Job) -> WorkerReport:
        start = time.perf_counter()
        deadline = start + job.timeout_s
        suite = load_suite(job.tests_dir)
        with tempfile.TemporaryDirectory(prefix="autograder-job-") as tmp:
            folder = Path(tmp) / "submission"
            folder.mkdir(mode=0o755)
            os.chmod(tmp, 0o755)
            notebook = folder / job.notebook_name
            shutil.copyfile(job.notebook, notebook)
            os.chmod(notebook, 0o644)
            cgroup = sandbox.Cgroup(self.limits) if sandbox.available("cgroups") else None
            ours, theirs = socket.socketpair()
            with open(Path(tmp) / "stderr", "w+b") as stderr:
                proc = subprocess.Popen(
                    sandbox.command(notebook, job.notebook_name, theirs.fileno(), job.env,
                                    self.limits, cgroup),
                    pass_fds=(theirs.fileno(),), cwd=folder, stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
                theirs.close()
                try:
                    cell_errors, outcomes, finished, timed_out = _converse(
                        RemoteSession(ours, deadline, _code_cells(notebook), GRADER_LOCK), job,
                        suite)
                finally:
                    ours.close()
                    _stop(proc, cgroup)
                tail = _tail(stderr)
        return WorkerReport(finished, timed_out, proc.returncode, tuple(cell_errors),
                            tuple(outcomes), tail, time.perf_counter() - start)


def _converse(session: RemoteSession, job: Job, suite: list[Any]) -> tuple[
        list[CellError], list[CheckOutcome], bool, bool]:
    """Wait for the notebook, then run every check against proxies; stop at a lost sandbox."""
    outcomes: list[CheckOutcome] = []
    try:
        cell_errors = session.wait_ready()
    except SandboxLost as lost:
        return [], outcomes, False, lost.timed_out
    with run_settings(job.env):
        for spec, tf in suite:
            for tc in tf.test_cases:
                if tc.hidden and not job.include_hidden:
                    continue
                start = time.perf_counter()
                try:
                    with GRADER_LOCK, session.check_time(job.seconds_per_check):
                        params = list(tc.body._get_func_params())
                        namespace = {p: session.lookup(p) for p in params if p != "env"}
                        outcomes.append(run_check(spec.name, tc, namespace, None))
                except SandboxLost as lost:
                    reason = ("le temps limite de la soumission est dépassé" if lost.timed_out
                              else "le notebook s'est arrêté ou a rompu le protocole")
                    outcomes.append(CheckOutcome(
                        spec.name, tc.body.test_func.__name__, bool(tc.hidden), False,
                        f"Vérification interrompue : {reason} pendant son exécution.",
                        time.perf_counter() - start))
                    return cell_errors, outcomes, False, lost.timed_out
    session.close()
    return cell_errors, outcomes, True, False


def _code_cells(notebook: Path) -> list[str]:
    """The submitted code, read as data for source checks (submissions.py validated it)."""
    nb = nbformat.read(notebook, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _stop(proc: subprocess.Popen[bytes], cgroup: sandbox.Cgroup | None) -> None:
    """Kill the whole submission (its cgroup when there is one, its session otherwise), after
    a moment for a worker that was told to close."""
    try:
        proc.wait(timeout=1)
    except subprocess.TimeoutExpired:
        pass
    if cgroup is not None:
        cgroup.kill()
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _tail(stream: BinaryIO) -> str:
    """The last bytes the sandbox wrote to stderr, however much it wrote."""
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - STDERR_TAIL))
    return stream.read().decode("utf-8", "replace")
