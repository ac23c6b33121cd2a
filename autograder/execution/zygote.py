"""A pre-started worker: a process that imported torch, torchvision, numpy and the worker once,
and forks one child per notebook, which then runs `worker.main` as a fresh process would.

The zygote never runs student code nor any torch operation itself (fork is only safe before a
thread pool exists), and keeps nothing a child could read: each child gets its own socket,
stderr file, folder and environment. Children start in a new session, so that the grader can
kill a child's whole process group.

Two kinds: the loopback zygote (`runner.LoopbackExecutor`: the real worker over a socketpair,
without the sandbox layers, to prove our own notebooks' checks across the grading boundary), and
the sandboxed zygote (`runner.SandboxExecutor` on the full path), which runs inside the sandbox's
layout (`sandbox.zygote_command`). Each of its children enters namespaces of its own, with a
fresh home, /tmp and /dev/shm, its submission's cgroups and no capability (`enter.py`), becomes
pid 1 of its pid namespace, and forks the worker: a submission sees nothing of the one before.

Usage: python -m autograder.execution.zygote [--sandboxed] FD   (FD: a SOCK_SEQPACKET socket)
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

from autograder import data
from autograder.execution import enter, sandbox
from autograder.execution.sandbox import Limits

MAX_MESSAGE = 65536


class Zygote:
    """The grader's handle on one zygote process."""

    def __init__(self, sandboxed: bool = False, limits: Limits | None = None,
                 key: tuple[Any, ...] = ()) -> None:
        self.key = key
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.stage = sandbox.Staging()
        self.errors = tempfile.TemporaryFile()
        if sandboxed:
            argv = sandbox.zygote_command(theirs.fileno(), limits or Limits(), self.stage)
            env = None
        else:
            argv = [sys.executable, "-m", "autograder.execution.zygote", str(theirs.fileno())]
            env = {**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg",
                   "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        self.process = subprocess.Popen(argv, pass_fds=(theirs.fileno(),),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=self.errors, env=env)
        theirs.close()
        self.lock = threading.Lock()

    def _ask(self, request: dict[str, Any], fds: list[int]) -> dict[str, Any]:
        with self.lock:
            try:
                socket.send_fds(self.control, [json.dumps(request).encode()], fds)
                reply = self.control.recv(MAX_MESSAGE)
            except OSError:
                reply = b""
        if not reply:
            try:
                code = self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = None
            self.errors.seek(0)
            tail = self.errors.read()[-1000:].decode("utf-8", "replace").strip()
            raise RuntimeError(f"the zygote ended (exit code {code}): {tail or '(no stderr)'}")
        return json.loads(reply)

    def spawn(self, sock: socket.socket, notebook: Path, env: dict[str, str],
              stderr: BinaryIO) -> int:
        """Fork a loopback worker for `notebook`, serving on `sock`; its pid (also its process
        group)."""
        request = {"notebook": str(notebook), "env": env}
        return int(self._ask(request, [sock.fileno(), stderr.fileno()])["pid"])

    def spawn_sandboxed(self, sock: socket.socket, notebook: BinaryIO, notebook_name: str,
                        env: dict[str, str], limits: Limits, stderr: BinaryIO,
                        cgroup_procs: list[int]) -> int:
        """Fork a child that enters a sandbox of its own (`cgroup_procs`: open `cgroup.procs`
        files of its submission) and runs the worker on a copy of `notebook` in its home; the
        child's pid in the zygote, for `wait`."""
        request = {"notebook": notebook_name, "env": sandbox.worker_env(env),
                   "tmpfs_bytes": limits.tmpfs_bytes, "rlimits": sandbox.rlimits(limits)}
        fds = [sock.fileno(), stderr.fileno(), notebook.fileno(), *cgroup_procs]
        return int(self._ask(request, fds)["pid"])

    def wait(self, pid: int, timeout: float) -> int | None:
        """A sandboxed child's exit status (bubblewrap's convention: 128 + N for signal N), or
        None if it still runs after `timeout` seconds."""
        return self._ask({"wait": pid, "timeout": timeout}, [])["status"]

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stage.remove()
        self.errors.close()


_ZYGOTES: dict[tuple[Any, ...], Zygote] = {}
_LOCK = threading.Lock()


def zygote(sandboxed: bool = False, limits: Limits | None = None) -> Zygote:
    """This process's zygote of that kind, started on first use, and again if it died or if
    what its sandbox binds changed (data prepared since, other limits)."""
    key = (sandboxed, limits, tuple(sorted(p.name for p in data.root().glob("*")))
           if sandboxed else ())
    with _LOCK:
        current = _ZYGOTES.get(key[:1])
        if current is None or not current.alive() or current.key != key:
            if current is not None:
                current.close()
            current = _ZYGOTES[key[:1]] = Zygote(sandboxed, limits, key)
            atexit.register(current.close)
        return current


def close_all() -> None:
    """Stop this process's zygotes (each removes its staging folder)."""
    with _LOCK:
        while _ZYGOTES:
            _ZYGOTES.popitem()[1].close()


def serve(control: socket.socket, sandboxed: bool) -> None:
    if sandboxed:
        # Nor may children read one another (their /proc shows the zygote's pids): not dumpable,
        # which they inherit, and no capability to pass over it once they dropped them.
        enter.prctl(enter.PR_SET_DUMPABLE, 0)
    else:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        message, fds, _, _ = socket.recv_fds(control, MAX_MESSAGE, 8)
        if not message:
            return
        request = json.loads(message)
        if "wait" in request:
            control.send(json.dumps({"status": _wait(request["wait"],
                                                     request["timeout"])}).encode())
            continue
        pid = os.fork()
        if pid == 0:
            control.close()
            if sandboxed:
                _sandboxed_child(fds, request)
            _child(fds[0], fds[1], request["notebook"], request["env"])
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


def _wait(pid: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return _exit_code(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.01)


def _child(sock_fd: int, stderr_fd: int, notebook: str, env: dict[str, str]) -> None:
    try:
        os.setsid()
        _die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _stdio(stderr_fd)
        os.environ.update(env)
        os.chdir(Path(notebook).parent)
        _run_worker(sock_fd, notebook, env)
    finally:
        os._exit(1)


def _sandboxed_child(fds: list[int], request: dict[str, Any]) -> None:
    """Namespaces of its own, then pid 1 there (reaping orphans) with the worker as pid 2."""
    sock_fd, stderr_fd, notebook_fd, *cgroup_fds = fds
    try:
        _die_with_parent()
        enter.unshare()
        init = os.fork()
        if init:
            for fd in fds:
                os.close(fd)
            os._exit(_wait(init, float("inf")) or 0)
        _die_with_parent()
        enter.join_cgroups(cgroup_fds)
        home = Path(request["env"]["HOME"])
        enter.fresh_mounts(str(home), request["tmpfs_bytes"])
        notebook = home / request["notebook"]
        with open(notebook_fd, "rb") as source, open(notebook, "wb") as target:
            shutil.copyfileobj(source, target)
        enter.set_rlimits(request["rlimits"])
        _stdio(stderr_fd)
        os.chdir(home)
        enter.drop_capabilities()
        os.environ.clear()
        os.environ.update(request["env"])
        os.dup2(sock_fd, 3)
        os.closerange(4, 1 << 20)
        worker = os.fork()
        if worker == 0:
            _die_with_parent()
            _run_worker(3, str(notebook), request["env"])
        os.close(3)
        while True:  # pid 1: reap whatever the student's code orphaned, end with the worker
            pid, status = os.wait()
            if pid == worker:
                os._exit(_exit_code(status))
    finally:
        os._exit(1)


def _stdio(stderr_fd: int) -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(stderr_fd, 2)


def _run_worker(sock_fd: int, notebook: str, env: dict[str, str]) -> None:
    import torch

    threads = env.get("OMP_NUM_THREADS")
    if threads:  # the OpenMP runtime read the environment when the zygote imported torch
        torch.set_num_threads(int(threads))
    from autograder.execution.worker import main

    main(str(sock_fd), notebook)


def _die_with_parent() -> None:
    enter.prctl(enter.PR_SET_PDEATHSIG, signal.SIGKILL)


def _exit_code(status: int) -> int:
    """A wait status in bubblewrap's convention: the exit code, or 128 + N for signal N."""
    code = os.waitstatus_to_exitcode(status)
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    _die_with_parent()
    import IPython.core.interactiveshell  # noqa: F401 - imported once, before any fork
    import nbformat  # noqa: F401
    import numpy  # noqa: F401
    import torch  # noqa: F401
    import torchvision  # noqa: F401

    from autograder.execution import worker  # noqa: F401

    serve(socket.socket(fileno=int(sys.argv[-1])), sys.argv[1] == "--sandboxed")
