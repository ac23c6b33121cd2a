"""The grader's side of the boundary: proxies of the sandbox's objects and the session behind
them. Every reply is decoded strictly; a reply that breaks the protocol ends the session."""

from __future__ import annotations

import ast
import json
import secrets
import socket
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from autograder.checks.failure import CheckAbort, CheckFailure
from autograder.execution.codec import (
    MAX_ITEMS,
    CodecError,
    Ref,
    decode_message,
    encode_message,
    trusted_reference,
)
from autograder.execution.job import MAX_MESSAGE, CellError
from autograder.execution.wire import ChannelClosed, ChannelTimeout, recv_frame, send_frame
from autograder.grading.checkfiles import CheckTimeout, timeout_failure

GRACE_S = 3.0
MAX_CELL_ERRORS = 1000
# What one check may ask of a submission's objects. Honest checks stay far below (the references
# of all exercises: see tests/test_exercises.py); a notebook whose objects answer everything with
# themselves reaches one of these at once, and the check fails with a verdict instead of
# spending its time limit in the grader.
MAX_PROXY_DEPTH = 24  # proxies reached from proxies (getattr / item / call chains)
MAX_REFS_PER_REPLY = 1000  # objects that stay in the sandbox, in one reply
MAX_REQUESTS_PER_CHECK = 20_000


class RemoteError(Exception):
    """Student code raised `type` in the sandbox (only its name and message cross)."""

    def __init__(self, remote_type: str, message: str):
        self.remote_type = remote_type
        super().__init__(message)


class SandboxLost(BaseException):  # not an Exception: checks must not swallow it
    """The sandbox stopped answering (crash, protocol violation); `timed_out` if it overran."""

    def __init__(self, reason: str, timed_out: bool = False):
        self.timed_out = timed_out
        self.reason = reason
        super().__init__(reason)


class ProxyLimit(CheckFailure):
    """A check asked too much of the submission's objects: the verdict, reached at once. It is
    raised inside a `CheckAbort`, so no check code (nor numpy) swallows it, and every later
    request of the same check raises it again."""

    WHAT = {"requests": ("accès aux objets", "accesses to objects"),
            "depth": ("niveaux d'objets imbriqués", "levels of nested objects"),
            "refs": ("objets renvoyés d'un coup", "objects returned at once"),
            "items": ("éléments parcourus", "items iterated")}

    def __init__(self, label: str, what: str, limit: int):
        """`what`: requests, depth, refs or items."""
        fr, en = self.WHAT[what]
        failure = CheckFailure.coded("proxy_limit", name=label, limit=limit, what=en,
                                     what_fr=fr)
        super().__init__(failure.summary, code=failure.code, params=failure.params)


class Remote:
    """An object that lives in the sandbox. Calling it, reading an attribute, iterating it or
    indexing it is a request; plain results come back by value, others as new proxies."""

    __slots__ = ("_autograder_ref", "_session", "_label", "_depth")

    def __init__(self, session: RemoteSession, ref: Ref, label: str, depth: int = 0):
        self._autograder_ref, self._session, self._label = ref, session, label
        self._depth = depth

    @staticmethod
    def _autograder_session_of(proxy: Remote) -> RemoteSession:
        return proxy._session

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return self._session.request("getattr", (self, name), f"{self._label}.{name}",
                                     self._depth)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.request("call", (self, list(args), kwargs), f"{self._label}(…)",
                                     _depth_of(self, *args, *kwargs.values()))

    def __iter__(self) -> Iterator[Any]:
        items = self._session.request("iter", self, f"{self._label}[…]", self._depth)
        if not isinstance(items, list):
            raise RemoteError("ProtocolError", "iteration did not return a list")
        return iter(items)

    def __len__(self) -> int:
        n = self._session.request("len", self, self._label, self._depth)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise RemoteError("ProtocolError", "len() did not return an int")
        return n

    def __getitem__(self, key: Any) -> Any:
        return self._session.request("getitem", (self, key), f"{self._label}[…]", self._depth)

    def __repr__(self) -> str:
        return f"<{self._autograder_ref.type} du notebook : {self._label}>"

    @staticmethod
    def _autograder_source_of(proxy: Remote) -> str | None:
        return find_source(proxy._session.cells, proxy._label)

    @staticmethod
    def _autograder_source_named(proxy: Remote, name: str) -> str | None:
        """Another function of the same notebook, by name (a helper the proxy's code calls)."""
        return find_source(proxy._session.cells, name)


def _depth_of(*values: Any) -> int:
    """The deepest proxy among a request's arguments (those inside lists and dicts included)."""
    deepest, stack, seen = 0, list(values), 0
    while stack and seen < 10_000:
        value, seen = stack.pop(), seen + 1
        if isinstance(value, Remote):
            deepest = max(deepest, value._depth)
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return deepest


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
                 cpu_budget_s: float | None = None):
        self.sock = sock
        self.deadline = deadline
        self.cells = cells
        self.check_deadline: float | None = None
        self.check_seconds: float | None = None
        self.requests = 0  # in the current check
        # the verdict of a time limit or proxy limit this check reached, even if its code (or
        # numpy, which clears errors while it probes a sequence) swallowed the exception
        self.aborted: CheckFailure | None = None
        # The grader's own CPU for this submission (this process grades one at a time): checks
        # stop asking once the submission has cost more than its budget.
        self.cpu_start = time.process_time()
        self.cpu_budget_s = cpu_budget_s
        # the most any one check asked: honest references stay far below the limits
        self.peaks = {"requests": 0, "depth": 0, "refs": 0}
        self._next_id = secrets.randbits(48)

    def grader_cpu_s(self) -> float:
        return time.process_time() - self.cpu_start

    def wait_ready(self) -> list[CellError]:
        """Cell errors reported while the notebook ran, until the worker says it is ready."""
        errors: list[CellError] = []
        while True:
            header, _, _ = self._receive(self.deadline, "")
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
        """One check's deadline and request budget."""
        self.check_deadline = time.perf_counter() + seconds if seconds else None
        self.check_seconds = seconds
        self.requests, self.aborted = 0, None
        try:
            yield
        finally:
            self.check_deadline = self.check_seconds = None

    def lookup(self, name: str) -> Any:
        """A global of the notebook (None when missing), by value or as a proxy."""
        return self.request("lookup", name, name)

    def helper(self, qualname: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return self.request("helper", (qualname, list(args), kwargs), qualname.rsplit(".")[-1],
                            _depth_of(*args, *kwargs.values()))

    def run(self, code: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call checks-written code in the sandbox (see `checks.code`)."""
        return self.request("call", (code, list(args), kwargs), "code",
                            _depth_of(*args, *kwargs.values()))

    def request(self, op: str, value: Any, label: str, depth: int = 0) -> Any:
        """Send one request; `depth` is that of the proxy it starts from (see MAX_PROXY_DEPTH)."""
        if isinstance(self.aborted, ProxyLimit):
            raise CheckAbort(self.aborted)
        self.requests += 1
        self._peak("requests", self.requests)
        self._peak("depth", depth)
        if self.requests > MAX_REQUESTS_PER_CHECK:
            self._limit(label, "requests", MAX_REQUESTS_PER_CHECK)
        if depth >= MAX_PROXY_DEPTH:
            self._limit(label, "depth", MAX_PROXY_DEPTH)
        if self.cpu_budget_s is not None and self.grader_cpu_s() > self.cpu_budget_s:
            raise SandboxLost(f"the grader spent more than {self.cpu_budget_s:g} s of CPU on "
                              "this submission's checks", timed_out=True)
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
        try:
            send_frame(self.sock, frame)
            header, result, refs = self._receive(min(self.deadline, limit + GRACE_S), label,
                                                 depth + 1)
        except OSError as exc:
            raise SandboxLost(f"the sandbox closed the connection ({exc})") from None
        if header.get("reply") != rid:
            raise SandboxLost("a reply did not match its request")
        if header.get("ok") is True:
            self._peak("refs", refs)
            if refs > MAX_REFS_PER_REPLY:
                self._limit(label, "refs", MAX_REFS_PER_REPLY)
            return result
        self._raise(header.get("error"), op, label)

    def _peak(self, key: str, value: int) -> None:
        self.peaks[key] = max(self.peaks[key], value)

    def _limit(self, label: str, what: str, limit: int) -> None:
        self.aborted = ProxyLimit(label, what, limit)
        raise CheckAbort(self.aborted)

    def close(self) -> None:
        try:
            send_frame(self.sock, encode_message({"op": "close"}, None, trusted_reference))
        except OSError:
            pass

    def _overrun(self) -> None:
        if self.check_deadline is not None and self.check_deadline < self.deadline:
            self._timeout()
        raise SandboxLost("the submission ran out of time", timed_out=True)

    def _timeout(self) -> None:
        self.aborted = self.aborted or timeout_failure(self.check_seconds)
        raise CheckTimeout(self.check_seconds)

    def _receive(self, deadline: float, label: str,
                 depth: int = 0) -> tuple[dict[str, Any], Any, int]:
        """A frame, decoded; proxies made from it get `depth`; also how many it made."""
        try:
            frame = recv_frame(self.sock, deadline)
        except ChannelTimeout:
            raise SandboxLost("the sandbox stopped answering in time", timed_out=True) from None
        except ChannelClosed as exc:
            raise SandboxLost(f"the sandbox closed the connection ({exc})") from None

        made = 0

        def resolve(node: dict[str, Any], decode: Any) -> Remote:
            nonlocal made
            ref, kind = node.get("$ref"), node.get("type")
            if set(node) != {"$ref", "type"} or not isinstance(ref, int) or \
                    isinstance(ref, bool) or not isinstance(kind, str):
                raise CodecError("only plain data and references may leave the sandbox")
            made += 1
            return Remote(self, Ref(ref, kind[:200]), label, depth)

        try:
            header, value = decode_message(frame, resolve)
        except CodecError as exc:
            raise SandboxLost(f"the sandbox sent malformed data ({exc})") from None
        return header, value, made

    def _raise(self, error: Any, op: str, label: str) -> None:
        if not isinstance(error, dict) or not all(isinstance(v, str | list) for v in
                                                  error.values()):
            raise SandboxLost("malformed error reply")
        kind, message = str(error.get("type", "Exception")), str(error.get("message", ""))
        if kind == "RequestTimeout":
            self._timeout()
        if kind == "TooManyItems":
            self._limit(label, "items", MAX_ITEMS)
        if kind == "CheckFailure" and isinstance(error.get("summary"), str):
            details = error.get("details", [])
            code, params = _verdict_key(error)
            raise CheckFailure(error["summary"][:MAX_MESSAGE],
                               [str(d)[:MAX_MESSAGE] for d in details][:20]
                               if isinstance(details, list) else [],
                               str(error["hint"])[:MAX_MESSAGE] if error.get("hint") else None,
                               code=code, params=params)
        if op == "getattr" and kind == "AttributeError":
            raise AttributeError(message)
        raise RemoteError(kind[:200], message[:MAX_MESSAGE])


def _verdict_key(error: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The catalogue code and parameters of a library verdict raised in the sandbox: plain JSON
    (strings, numbers, lists of them) or nothing, so that another language can render it."""
    code, text = error.get("code"), error.get("params")
    if not isinstance(code, str) or not isinstance(text, str):
        return None, {}
    try:
        params = json.loads(text)
    except ValueError:
        return None, {}
    plain = (str, int, float, bool)
    if not isinstance(params, dict) or not all(
            isinstance(v, plain) or (isinstance(v, list) and all(isinstance(x, plain) for x in v))
            for v in params.values()):
        return None, {}
    return code[:200], {str(k)[:100]: v for k, v in params.items()}
