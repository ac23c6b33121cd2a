"""The grader's side of the boundary: proxies of the sandbox's objects and the session behind
them. Every reply is decoded strictly; a reply that breaks the protocol ends the session."""

from __future__ import annotations

import ast
import secrets
import socket
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..checkfiles import CheckTimeout
from ..checks.failure import CheckFailure
from .codec import CodecError, Ref, decode_message, encode_message, trusted_reference
from .job import MAX_MESSAGE, CellError
from .wire import ChannelClosed, ChannelTimeout, recv_frame, send_frame

GRACE_S = 3.0
MAX_CELL_ERRORS = 1000


class RemoteError(Exception):
    """Student code raised `type` in the sandbox (only its name and message cross)."""

    def __init__(self, remote_type: str, message: str):
        self.remote_type = remote_type
        super().__init__(message)


class SandboxLost(BaseException):  # not an Exception: checks must not swallow it
    """The sandbox stopped answering (crash, protocol violation); `timed_out` if it overran."""

    def __init__(self, reason: str, timed_out: bool = False):
        self.timed_out = timed_out
        super().__init__(reason)


class Remote:
    """An object that lives in the sandbox. Calling it, reading an attribute, iterating it or
    indexing it is a request; plain results come back by value, others as new proxies."""

    __slots__ = ("_autograder_ref", "_session", "_label")

    def __init__(self, session: RemoteSession, ref: Ref, label: str):
        self._autograder_ref, self._session, self._label = ref, session, label

    @staticmethod
    def _autograder_session_of(proxy: Remote) -> RemoteSession:
        return proxy._session

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._session.request("getattr", (self, name), f"{self._label}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.request("call", (self, list(args), kwargs), f"{self._label}(…)")

    def __iter__(self) -> Iterator[Any]:
        items = self._session.request("iter", self, f"{self._label}[…]")
        if not isinstance(items, list):
            raise RemoteError("ProtocolError", "iteration did not return a list")
        return iter(items)

    def __len__(self) -> int:
        n = self._session.request("len", self, self._label)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise RemoteError("ProtocolError", "len() did not return an int")
        return n

    def __getitem__(self, key: Any) -> Any:
        return self._session.request("getitem", (self, key), f"{self._label}[…]")

    def __repr__(self) -> str:
        return f"<{self._autograder_ref.type} du notebook : {self._label}>"

    @staticmethod
    def _autograder_source_of(proxy: Remote) -> str | None:
        return find_source(proxy._session.cells, proxy._label)


def find_source(cells: list[str], label: str) -> str | None:
    """The source of the function or class `label` (`f`, `Cls`, `Cls.method`) as the notebook
    defines it last; read from the submitted cells, never asked of the sandbox."""
    path, found = label.split("."), None
    for cell in cells:
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        body: list[ast.stmt] = tree.body
        node: ast.stmt | None = None
        for part in path:
            node = next((n for n in reversed(body) if isinstance(
                n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and n.name == part),
                None)
            if node is None:
                break
            body = node.body  # type: ignore[attr-defined]
        if node is not None:
            found = ast.get_source_segment(cell, node, padded=True)
    return textwrap.dedent(found) if found else None


class RemoteSession:
    """Requests to one sandboxed worker over a socket, under a submission deadline and, while a
    check runs, that check's deadline."""

    def __init__(self, sock: socket.socket, deadline: float, cells: list[str],
                 lock: threading.Lock | None = None):
        self.sock = sock
        self.deadline = deadline
        self.cells = cells
        self.lock = lock  # held by the check's grader-side code, released while it waits
        self.check_deadline: float | None = None
        self._next_id = secrets.randbits(48)

    def wait_ready(self) -> list[CellError]:
        """Cell errors reported while the notebook ran, until the worker says it is ready."""
        errors: list[CellError] = []
        while True:
            header, _ = self._receive(self.deadline, "")
            if header.get("event") == "ready":
                return errors
            if header.get("event") != "cell_error" or len(errors) >= MAX_CELL_ERRORS:
                raise SandboxLost("unexpected message before the notebook finished")
            cell, error, message = header.get("cell"), header.get("error"), header.get("message")
            if not isinstance(cell, int) or not isinstance(error, str) or \
                    not isinstance(message, str):
                raise SandboxLost("malformed cell error")
            errors.append(CellError(cell, error[:200], message[:MAX_MESSAGE]))

    @contextmanager
    def check_time(self, seconds: float | None) -> Iterator[None]:
        self.check_deadline = time.perf_counter() + seconds if seconds else None
        try:
            yield
        finally:
            self.check_deadline = None

    def lookup(self, name: str) -> Any:
        """A global of the notebook (None when missing), by value or as a proxy."""
        return self.request("lookup", name, name)

    def helper(self, qualname: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return self.request("helper", (qualname, list(args), kwargs), qualname.rsplit(".")[-1])

    def run(self, code: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call checks-written code in the sandbox (see `checks.code`)."""
        return self.request("call", (code, list(args), kwargs), "code")

    def request(self, op: str, value: Any, label: str) -> Any:
        limit = min(self.deadline, self.check_deadline or self.deadline)
        remaining = limit - time.perf_counter()
        if remaining <= 0:
            self._overrun()
        self._next_id += 1
        rid = self._next_id
        try:
            frame = encode_message({"id": rid, "op": op, "seconds": remaining}, value,
                                   trusted_reference)
        except CodecError as exc:
            raise TypeError(f"cannot send to the sandbox: {exc}") from None
        if self.lock is not None:
            self.lock.release()
        try:
            send_frame(self.sock, frame)
            header, result = self._receive(min(self.deadline, limit + GRACE_S), label)
        except OSError as exc:
            raise SandboxLost(f"the sandbox closed the connection ({exc})") from None
        finally:
            if self.lock is not None:
                self.lock.acquire()
        if header.get("reply") != rid:
            raise SandboxLost("a reply did not match its request")
        if header.get("ok") is True:
            return result
        self._raise(header.get("error"), op)

    def close(self) -> None:
        try:
            send_frame(self.sock, encode_message({"op": "close"}, None, trusted_reference))
        except OSError:
            pass

    def _overrun(self) -> None:
        if self.check_deadline is not None and self.check_deadline < self.deadline:
            raise CheckTimeout
        raise SandboxLost("the submission ran out of time", timed_out=True)

    def _receive(self, deadline: float, label: str) -> tuple[dict[str, Any], Any]:
        try:
            frame = recv_frame(self.sock, deadline)
        except ChannelTimeout:
            raise SandboxLost("the sandbox stopped answering in time", timed_out=True) from None
        except ChannelClosed as exc:
            raise SandboxLost(f"the sandbox closed the connection ({exc})") from None

        def resolve(node: dict[str, Any], decode: Any) -> Remote:
            ref, kind = node.get("$ref"), node.get("type")
            if set(node) != {"$ref", "type"} or not isinstance(ref, int) or \
                    isinstance(ref, bool) or not isinstance(kind, str):
                raise CodecError("only plain data and references may leave the sandbox")
            return Remote(self, Ref(ref, kind[:200]), label)

        try:
            return decode_message(frame, resolve)
        except CodecError as exc:
            raise SandboxLost(f"the sandbox sent malformed data ({exc})") from None

    def _raise(self, error: Any, op: str) -> None:
        if not isinstance(error, dict) or not all(isinstance(v, str | list) for v in
                                                  error.values()):
            raise SandboxLost("malformed error reply")
        kind, message = str(error.get("type", "Exception")), str(error.get("message", ""))
        if kind == "RequestTimeout":
            raise CheckTimeout
        if kind == "CheckFailure" and isinstance(error.get("summary"), str):
            details = error.get("details", [])
            raise CheckFailure(error["summary"][:MAX_MESSAGE],
                               [str(d)[:MAX_MESSAGE] for d in details][:20]
                               if isinstance(details, list) else [],
                               str(error["hint"])[:MAX_MESSAGE] if error.get("hint") else None)
        if op == "getattr" and kind == "AttributeError":
            raise AttributeError(message)
        raise RemoteError(kind[:200], message[:MAX_MESSAGE])
