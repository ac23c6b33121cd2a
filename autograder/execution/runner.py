"""Grade one notebook across the trust boundary.

The notebook runs in a sandboxed worker; the check files run here, in the grader, with their
parameter names bound to proxies of the worker's objects. Verdicts and points are decided here
only, from plain data. A timeout, a crash or a protocol violation keeps the checks already done,
and the report says why the run ended (exit status, signal, OOM kill, the worker's stderr).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import nbformat

from autograder.checks.failure import CheckFailure
from autograder.checks.training import run_settings
from autograder.execution import sandbox
from autograder.execution.job import CellError, Job, WorkerReport
from autograder.execution.remote import GRACE_S, RemoteSession, SandboxLost
from autograder.grading.checkfiles import failed_outcome, load_suite, run_check
from autograder.grading.verdict import CheckResult

STDERR_TAIL = 2000


class SandboxExecutor:
    """Runs jobs in the strongest sandbox this machine offers (see `sandbox.layers`).

    One process runs one job at a time (the batch gives each parallel submission a process of its
    own, see `slots`): checks seed and draw from torch's global generator, and the grader's CPU
    for a submission is this process's CPU while it runs."""

    def __init__(self, limits: sandbox.Limits | None = None, zygote: bool | None = None):
        self.limits = limits or sandbox.Limits()
        self.zygote = sandbox.zygote_possible() if zygote is None else zygote
        self.isolation = sandbox.isolation(self.zygote)

    def run(self, job: Job) -> WorkerReport:
        start = time.perf_counter()
        deadline = start + job.timeout_s
        suite = load_suite(job.tests_dir)
        stage = sandbox.Staging()
        cgroup = None
        with tempfile.TemporaryDirectory(prefix="autograder-job-") as tmp:
            try:
                folder = Path(tmp) / "submission"
                folder.mkdir(mode=0o755)
                os.chmod(tmp, 0o755)
                notebook = folder / job.notebook_name
                shutil.copyfile(job.notebook, notebook)
                os.chmod(notebook, 0o644)
                cgroup = sandbox.Cgroup(self.limits) if sandbox.available("cgroups") else None
                ours, theirs = socket.socketpair()
                with open(Path(tmp) / "stderr", "w+b") as stderr:
                    try:
                        stop = self._start(job, notebook, theirs, stderr, cgroup, stage)
                    except BaseException:
                        ours.close()
                        raise
                    finally:
                        theirs.close()
                    session = RemoteSession(ours, deadline, _code_cells(job, notebook),
                                            job.grader_cpu_s)
                    try:
                        cell_errors, outcomes, lost = _converse(session, job, suite)
                    finally:
                        ours.close()
                        exited_alone, code = stop()
                    tail = _tail(stderr)
            finally:
                stage.remove()
                if cgroup is not None:
                    cgroup.kill()
        return WorkerReport(
            lost is None, bool(lost and lost.timed_out), code, tuple(cell_errors),
            tuple(outcomes), tail, time.perf_counter() - start,
            signal=_signal_name(code) if exited_alone else None,
            oom_killed=bool(cgroup and cgroup.oom),
            reason=lost.reason if lost else "", grader_cpu_s=round(session.grader_cpu_s(), 3),
            peaks=dict(session.peaks))

    def _start(self, job: Job, notebook: Path, theirs: socket.socket, stderr: BinaryIO,
               cgroup: sandbox.Cgroup | None, stage: sandbox.Staging) -> Callable[
                   [], tuple[bool, int | None]]:
        """Start the worker serving on `theirs`; the function that stops it and tells whether
        it had exited by itself, and its status."""
        if self.zygote and cgroup is not None:
            from autograder.execution.zygote import zygote

            forks = zygote(sandboxed=True, limits=self.limits)
            procs = [os.open(f, os.O_WRONLY) for f in cgroup.procs_files()]
            try:
                with open(notebook, "rb") as source:
                    pid = forks.spawn_sandboxed(theirs, source, job.notebook_name, job.env,
                                                self.limits, stderr, procs)
            finally:
                for fd in procs:
                    os.close(fd)
            return lambda: _stop_forked(forks, pid, cgroup)
        argv = sandbox.command(notebook, job.notebook_name, theirs.fileno(), job.env,
                               self.limits, cgroup, stage)
        proc = subprocess.Popen(argv, pass_fds=(theirs.fileno(),), cwd=notebook.parent,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=stderr, start_new_session=True)
        return lambda: (_stop(proc, cgroup), proc.returncode)


class LoopbackExecutor:
    """The grading path without the sandbox layers: the real worker, forked from a zygote
    (`zygote.py`) that has imported torch once, and the real `RemoteSession` over a socketpair.

    For our own notebooks only (references, variants, tests): every check runs across the very
    boundary it meets in grading, proxies and codec included, at the cost of a fork."""

    isolation = "loopback"

    def run(self, job: Job) -> WorkerReport:
        from autograder.execution.zygote import zygote

        start = time.perf_counter()
        suite = load_suite(job.tests_dir)
        with tempfile.TemporaryDirectory(prefix="autograder-loopback-") as tmp:
            notebook = Path(tmp) / job.notebook_name
            shutil.copyfile(job.notebook, notebook)
            ours, theirs = socket.socketpair()
            with open(Path(tmp) / "stderr", "w+b") as stderr:
                try:
                    pid = zygote().spawn(theirs, notebook, job.env, stderr)
                finally:
                    theirs.close()
                session = RemoteSession(ours, start + job.timeout_s,
                                        _code_cells(job, notebook), job.grader_cpu_s)
                try:
                    cell_errors, outcomes, lost = _converse(session, job, suite)
                finally:
                    ours.close()
                    _stop_group(pid)
                tail = _tail(stderr)
        return WorkerReport(
            lost is None, bool(lost and lost.timed_out), None, tuple(cell_errors),
            tuple(outcomes), tail, time.perf_counter() - start,
            reason=lost.reason if lost else "", grader_cpu_s=round(session.grader_cpu_s(), 3),
            peaks=dict(session.peaks))


def _stop_group(pid: int) -> None:
    """Kill a loopback worker's process group, after a moment for one told to close."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    try:
        os.killpg(pid, 9)
    except (ProcessLookupError, PermissionError):
        pass


class _NotebookGlobals(Mapping[str, Any]):
    """The notebook's globals as the checks see them: each lookup is a request."""

    def __init__(self, session: RemoteSession):
        self.session = session

    def __getitem__(self, name: str) -> Any:
        return self.session.lookup(name)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _converse(session: RemoteSession, job: Job, suite: list[Any]) -> tuple[
        list[CellError], list[CheckResult], SandboxLost | None]:
    """Wait for the notebook, then run every check against proxies; stop at a lost sandbox."""
    outcomes: list[CheckResult] = []
    try:
        cell_errors = session.wait_ready()
    except SandboxLost as lost:
        return [], outcomes, lost
    notebook = _NotebookGlobals(session)
    with run_settings(job.env):
        for spec, tf in suite:
            for tc in tf.test_cases:
                if tc.hidden and not job.include_hidden:
                    continue
                start = time.perf_counter()
                try:
                    with session.check_time(job.seconds_per_check):
                        # The grader's own alarm fires only after the sandbox's request alarm
                        # and its grace: it stops grader-side work, never a pending request.
                        outcome = run_check(spec.name, tc, notebook, job.seconds_per_check,
                                            2 * GRACE_S)
                        aborted = session.aborted
                    if aborted is not None and outcome.code != aborted.code:
                        outcome = failed_outcome(outcome.question, outcome.name, outcome.hidden,
                                                 aborted, outcome.seconds, outcome.observations)
                    outcomes.append(outcome)
                except SandboxLost as lost:
                    code = "interrupted_timeout" if lost.timed_out else "interrupted_lost"
                    outcomes.append(failed_outcome(
                        spec.name, tc.body.test_func.__name__, bool(tc.hidden),
                        CheckFailure.coded(code), time.perf_counter() - start))
                    return cell_errors, outcomes, lost
    session.close()
    return cell_errors, outcomes, None


def _code_cells(job: Job, notebook: Path) -> list[str]:
    """The submitted code, as data for source checks: what discovery read, or (for our own
    notebooks: references, variants) the file itself."""
    if job.code_cells is not None:
        return list(job.code_cells)
    nb = nbformat.read(notebook, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _stop(proc: subprocess.Popen[bytes], cgroup: sandbox.Cgroup | None) -> bool:
    """Kill the whole submission (its cgroup when there is one, its session otherwise), after
    a moment for a worker that was told to close. True if it had exited by itself."""
    try:
        proc.wait(timeout=1)
        alone = True
    except subprocess.TimeoutExpired:
        alone = False
    if cgroup is not None:
        cgroup.kill()
    try:
        os.killpg(proc.pid, 9)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
    return alone


def _stop_forked(forks: Any, pid: int, cgroup: sandbox.Cgroup) -> tuple[bool, int | None]:
    """`_stop` for a zygote's child: its status, after killing its cgroup if it still ran."""
    code = forks.wait(pid, 1.0)
    if code is not None:
        return True, code
    cgroup.kill()
    return False, forks.wait(pid, 10.0)


def _signal_name(code: int | None) -> str | None:
    """The signal that ended the worker: a negative status, or bubblewrap's 128 + N."""
    number = -code if code is not None and code < 0 else \
        code - 128 if code is not None and 128 < code < 160 else None
    if number is None:
        return None
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _tail(stream: BinaryIO) -> str:
    """The last bytes the sandbox wrote to stderr, however much it wrote."""
    stream.seek(0, os.SEEK_END)
    stream.seek(max(0, stream.tell() - STDERR_TAIL))
    return stream.read().decode("utf-8", "replace")
