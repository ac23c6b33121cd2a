"""The sandboxed worker: run the notebook's cells, then serve the grader's requests.

Usage: python -m autograder.execution.worker FD NOTEBOOK
FD is a connected socket. The worker sends one frame per cell error, then `ready`, then answers
requests (look up a global, read an attribute, call, iterate, run a checks helper) until
`close`. Values go back by value when plain, as references otherwise. Nothing here decides a
verdict: the grader does, from the values it receives.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import sys
from typing import Any

import nbformat

from autograder.execution.codec import (
    MAX_ITEMS,
    CodecError,
    SandboxCode,
    decode_message,
    encode_message,
)
from autograder.execution.wire import ChannelClosed, recv_frame, send_frame

MAX_ERROR = 2000


class TooManyItems(Exception):
    """An iteration that yields more than MAX_ITEMS (or never ends): the grader's verdict."""


class RequestTimeout(BaseException):
    """Raised by the alarm inside student code that overran a request's time."""


class Server:
    def __init__(self, sock: socket.socket, namespace: dict[str, Any]):
        self.sock = sock
        self.namespace = namespace
        self.objects: dict[int, Any] = {}
        self.ids: dict[int, int] = {}

    # -- codec hooks ---------------------------------------------------------------------
    def reference(self, value: Any, encode: Any) -> dict[str, Any]:
        ref = self.ids.get(id(value))
        if ref is None or self.objects.get(ref) is not value:
            ref = len(self.objects) + 1
            self.objects[ref], self.ids[id(value)] = value, ref
        return {"$ref": ref, "type": type(value).__qualname__[:200]}

    def resolve(self, node: dict[str, Any], decode: Any) -> Any:
        from autograder.checks.training import Budget

        if "$ref" in node:
            if node["$ref"] not in self.objects:
                raise CodecError("unknown reference")
            return self.objects[node["$ref"]]
        if "$code" in node:
            return SandboxCode(node["$code"], decode(node["bound"])).compile()
        if "$budget" in node:
            return Budget(**decode(node["$budget"]))
        raise CodecError("unknown tag")

    def send(self, header: dict[str, Any], value: Any = None) -> None:
        try:
            frame = encode_message(header, value, self.reference)
        except (CodecError, ValueError, TypeError, RuntimeError) as exc:
            frame = encode_message({**header, "ok": False,
                                    "error": {"type": "CodecError", "message": str(exc)[:500]}},
                                   None, self.reference)
        send_frame(self.sock, frame)

    # -- requests ------------------------------------------------------------------------
    def perform(self, op: str, value: Any) -> Any:
        if op == "lookup":
            return self.namespace.get(value)
        if op == "getattr":
            target, name = value
            return getattr(target, name)
        if op == "call":
            target, args, kwargs = value
            return target(*args, **kwargs)
        if op == "iter":
            items = list(itertools.islice(iter(value), MAX_ITEMS + 1))
            if len(items) > MAX_ITEMS:
                raise TooManyItems(f"more than {MAX_ITEMS} items")
            return items
        if op == "len":
            return len(value)
        if op == "getitem":
            target, key = value
            return target[key]
        if op == "helper":
            from autograder.checks.portable import local_helper

            qualname, args, kwargs = value
            return local_helper(qualname)(*args, **kwargs)
        if op == "release":
            for ref in value:
                self.objects.pop(ref, None)
            return None
        raise ValueError(f"unknown operation {op!r}")

    def serve(self) -> None:
        while True:
            header, value = decode_message(recv_frame(self.sock), self.resolve)
            if header.get("op") == "close":
                return
            reply = {"reply": header.get("id")}
            seconds = header.get("seconds")
            try:
                with _alarm(seconds if isinstance(seconds, int | float) else None):
                    result = self.perform(str(header.get("op")), value)
            except BaseException as exc:  # noqa: BLE001 - every student error is data
                self.send({**reply, "ok": False, "error": describe(exc)})
            else:
                self.send({**reply, "ok": True}, result)


def describe(exc: BaseException) -> dict[str, Any]:
    """An exception as plain text fields (a CheckFailure keeps its summary, details, hint)."""
    try:
        message = " ".join(str(exc).split())[:MAX_ERROR]
    except Exception:  # noqa: BLE001 - a student exception whose __str__ fails
        message = ""
    error = {"type": type(exc).__name__[:200], "message": message}
    if isinstance(exc, RequestTimeout):
        error["type"] = "RequestTimeout"
    for field in ("summary", "hint"):
        if isinstance(getattr(exc, field, None), str):
            error[field] = getattr(exc, field)[:MAX_ERROR]
    details = getattr(exc, "details", None)
    if isinstance(details, list):
        error["details"] = [str(d)[:MAX_ERROR] for d in details[:20]]
    code, params = getattr(exc, "code", None), getattr(exc, "params", None)
    if isinstance(code, str) and isinstance(params, dict):  # a verdict of the checks library
        try:
            error["code"], error["params"] = code[:200], json.dumps(params)[:MAX_ERROR]
        except (TypeError, ValueError):
            pass
    return error


class _alarm:
    def __init__(self, seconds: float | None):
        self.seconds = seconds

    def __enter__(self) -> None:
        if self.seconds:
            signal.signal(signal.SIGALRM, _expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _expire(signum: int, frame: object) -> None:
    raise RequestTimeout


def execute_cells(nb: nbformat.NotebookNode, server: Server) -> dict[str, Any]:
    """Run every code cell through IPython (magics included); report errors and go on."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="nocolor")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        result = shell.run_cell(cell.source, store_history=False)
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            server.send({"event": "cell_error", "cell": index, "error": type(error).__name__,
                         "message": " ".join(str(error).split())[:500]})
    return shell.user_ns


def main(fd: str, notebook: str) -> None:
    sock = socket.socket(fileno=int(fd))
    os.environ.setdefault("MPLBACKEND", "Agg")
    server = Server(sock, {})
    try:
        nb = nbformat.read(notebook, as_version=4)
        server.namespace = execute_cells(nb, server)
        server.send({"event": "ready"})
        server.serve()
    except (ChannelClosed, CodecError, OSError) as exc:
        print(f"worker: connection ended: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: student objects may hang in finalisers


if __name__ == "__main__":
    main(*sys.argv[1:3])
