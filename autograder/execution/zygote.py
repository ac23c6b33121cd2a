"""A pre-started worker: a process that imported torch, torchvision, numpy and the worker once,
and forks one child per notebook, which then runs `worker.main` as a fresh process would.

The zygote never runs student code nor any torch operation itself (fork is only safe before a
thread pool exists), and keeps nothing a child could read: each child gets its own socket,
stderr file, folder and environment. Children start in a new session, so that the grader can
kill a child's whole process group.

This is the loopback path (`runner.LoopbackExecutor`): the real worker and the real
`RemoteSession` over a socketpair, without the sandbox layers, so that the checks are proven
across the boundary grading uses at the cost of a fork instead of an interpreter start.

Usage: python -m autograder.execution.zygote FD   (FD: a SOCK_SEQPACKET control socket)
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO

MAX_MESSAGE = 65536


class Zygote:
    """The grader's handle on one zygote process."""

    def __init__(self) -> None:
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.execution.zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg",
                 "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
        theirs.close()
        self.lock = threading.Lock()

    def spawn(self, sock: socket.socket, notebook: Path, env: dict[str, str],
              stderr: BinaryIO) -> int:
        """Fork a worker for `notebook`, serving on `sock`; its pid (also its process group)."""
        request = json.dumps({"notebook": str(notebook), "env": env}).encode()
        with self.lock:
            socket.send_fds(self.control, [request], [sock.fileno(), stderr.fileno()])
            reply = self.control.recv(MAX_MESSAGE)
        if not reply:
            raise RuntimeError("the zygote ended")
        return int(json.loads(reply)["pid"])

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_ZYGOTE: Zygote | None = None
_LOCK = threading.Lock()


def zygote() -> Zygote:
    """This process's zygote, started on first use (and again if it died)."""
    global _ZYGOTE
    with _LOCK:
        if _ZYGOTE is None or not _ZYGOTE.alive():
            _ZYGOTE = Zygote()
            atexit.register(_ZYGOTE.close)
        return _ZYGOTE


def serve(control: socket.socket) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    while True:
        message, fds, _, _ = socket.recv_fds(control, MAX_MESSAGE, 2)
        if not message:
            return
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            control.close()
            _child(fds[0], fds[1], request["notebook"], request["env"])
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


def _child(sock_fd: int, stderr_fd: int, notebook: str, env: dict[str, str]) -> None:
    try:
        os.setsid()
        _die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.dup2(stderr_fd, 2)
        os.environ.update(env)
        os.chdir(Path(notebook).parent)
        import torch

        threads = env.get("OMP_NUM_THREADS")
        if threads:  # the OpenMP runtime read the environment when the zygote imported torch
            torch.set_num_threads(int(threads))
        from autograder.execution.worker import main

        main(str(sock_fd), notebook)
    finally:
        os._exit(1)


def _die_with_parent() -> None:
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


if __name__ == "__main__":
    _die_with_parent()
    import IPython.core.interactiveshell  # noqa: F401 - imported once, before any fork
    import nbformat  # noqa: F401
    import numpy  # noqa: F401
    import torch  # noqa: F401
    import torchvision  # noqa: F401

    from autograder.execution import worker  # noqa: F401

    serve(socket.socket(fileno=int(sys.argv[1])))
