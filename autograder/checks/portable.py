"""Helpers that run where the student's objects live.

In the pytest and Otter harnesses student objects are local and a `@portable` helper simply
runs. In the secure harness they are proxies of objects in the sandbox: the helper is then run
there, by name, on the real objects, and its result comes back as plain data. A portable helper
measures (trains, differentiates, builds a model); it never decides a verdict on its own, since
whatever runs in the sandbox can be replaced by the student: verdicts compare its results with
oracles on the grader's side.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import math
import textwrap
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import numpy as np
import torch

F = TypeVar("F", bound=Callable[..., Any])


class Session(Protocol):
    def helper(self, qualname: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any: ...

    def run(self, code: SandboxCode, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any: ...


def session_of(*values: Any) -> Session | None:
    """The sandbox session of the first proxy among `values` (one level into containers)."""
    for value in values:
        items = value.values() if isinstance(value, dict) else \
            value if isinstance(value, list | tuple) else (value,)
        for item in items:
            session = getattr(type(item), "_autograder_session_of", None)
            if session is not None:
                return session(item)
            if isinstance(item, SandboxCode):
                found = session_of(*item.bound.values())
                if found is not None:
                    return found
    return None


def portable(fn: F) -> F:
    """Run `fn` in the sandbox when one of its arguments is a proxy; locally otherwise."""
    qualname = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = session_of(*args, *kwargs.values())
        if session is None:
            return fn(*args, **kwargs)
        return session.helper(qualname, args, kwargs)

    wrapper._autograder_portable = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def local_helper(qualname: str) -> Callable[..., Any]:
    """Sandbox side: the undecorated `@portable` helper named `qualname` (a function of a
    module of this package)."""
    module, _, name = qualname.rpartition(".")
    found = None
    if module.startswith(f"{__package__}.") and name.isidentifier():
        found = getattr(importlib.import_module(module), name, None)
    if not getattr(found, "_autograder_portable", False):
        raise KeyError(f"no portable helper {qualname}")
    return found.__wrapped__  # type: ignore[union-attr]


def code(source: str, **bound: Any) -> Callable[..., Any]:
    """A small function written by the checks: a lambda (`code("lambda v: v.sum()")`) or a
    `def` block, with `torch`, `np`, `math`, `F`, the checks library `C` and `bound` in scope.

    It is compiled where it runs: locally, or in the sandbox when `bound` or its arguments hold
    student objects. Use it to hand a function to student code (the sandbox never receives a
    reference into the grader), or to probe student objects where they live (autograd through a
    student's output, a student optimizer's steps); what it returns comes back by value when it
    is plain data, as a proxy of the sandbox's object otherwise (see `build_where`).
    """
    return SandboxCode(source, dict(bound))


def probe(function: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a function nested in a `@check` as a probe: the build rewrites it into
    `code(its source, **the names it closes over)` (see `autograder.authoring.checkcells`), so
    that it runs where the objects it is given live. Never called at grading time."""
    raise TypeError(f"@probe {function.__name__}: only valid inside a built @check function")


def build_where(anchor: Any, factory: SandboxCode, *args: Any, **kwargs: Any) -> Any:
    """`factory(*args, **kwargs)`, built where the student object `anchor` lives.

    Locally this is the object itself; in the secure harness it is a proxy of an object built
    in the sandbox, which student code can receive (a grader-built model, a probe module that
    records its calls). The grader keeps its own copy, built by the same factory, as an oracle.
    """
    session = session_of(anchor)
    if session is None:
        return factory(*args, **kwargs)
    return session.run(factory, args, kwargs)


@dataclasses.dataclass(frozen=True)
class SandboxCode:
    """A small trusted function (a lambda's source and the plain values it closes over) that
    the checks hand to student code; it is compiled where it runs, in the sandbox."""

    source: str
    bound: dict[str, Any]

    @functools.cached_property
    def function(self) -> Callable[..., Any]:
        """Compiled once per object, so state a `def` keeps (a default dict) lives as long."""
        return self.compile()

    def compile(self) -> Callable[..., Any]:
        """A lambda expression, or the last function a `def` block defines."""
        from autograder import checks, data

        scope: dict[str, Any] = {"torch": torch, "np": np, "math": math, "nn": torch.nn,
                                 "F": torch.nn.functional, "C": checks, "data": data,
                                 **self.bound}
        try:
            return eval(self.source, scope)  # noqa: S307 - the grader's own source
        except SyntaxError:
            before = set(scope)
            exec(textwrap.dedent(self.source), scope)  # noqa: S102 - the grader's own source
            defined = [v for k, v in scope.items() if k not in before and callable(v)]
            if not defined:
                raise ValueError("SandboxCode defines no function") from None
            return defined[-1]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run here, or in the sandbox when it closes over (or receives) student objects."""
        session = session_of(self, *args, *kwargs.values())
        if session is not None:
            return session.run(self, args, kwargs)
        return self.function(*args, **kwargs)
