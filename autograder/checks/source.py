"""Checks on what the student wrote (its source), and on how long it takes to run."""

from __future__ import annotations

import ast
import inspect
import statistics
import textwrap
import time
from collections.abc import Callable, Iterable
from typing import Any

from autograder.checks.failure import CheckFailure, call, require
from autograder.checks.observe import record
from autograder.checks.portable import code


def source_of(obj: Any, name: str) -> str:
    """The source code of a student function or class (as written in the notebook).

    Python 3.11 cannot locate a class defined in a notebook cell, so a class's source is the
    source of every function defined in its body.
    """
    require(obj, name)
    remote = getattr(type(obj), "_autograder_source_of", None)
    if remote is not None:  # a proxy: read the submitted notebook, not the sandbox's answer
        found = remote(obj)
        if found is None:
            raise CheckFailure.coded("no_source", name=name)
        return found
    try:
        return textwrap.dedent(inspect.getsource(obj))
    except (OSError, TypeError):
        if inspect.isclass(obj):
            methods = [v for v in vars(obj).values() if inspect.isfunction(v)
                       or isinstance(v, staticmethod | classmethod)]
            parts = [source_of(getattr(m, "__func__", m), name) for m in methods]
            if parts:
                return "\n".join(parts)
        raise CheckFailure.coded("no_source", name=name) from None


OWN_OBJECTS = frozenset({"self", "cls", "ctx"})
"""Names whose direct attributes are the student's own state (a module's, an autograd ctx's)."""


def bound_names(tree: ast.AST) -> set[str]:
    """Names the source binds itself: parameters, assignments, loop targets, nested defs."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return bound


def api_names(source: str) -> set[str]:
    """The library names the source reaches, as opposed to its own identifiers.

    Counted: an attribute read (`F.batch_norm`, `torch.autograd.grad(...)`, `y.backward()`),
    a name imported in the source (`from torch.nn.functional import dropout`), and a free name
    (bound elsewhere in the notebook, e.g. by such an import in another cell). Not counted: a
    local variable, parameter or nested function (`grad = ...`), an attribute being assigned
    (`ctx.grad = ...`), and a direct attribute of `self`, `cls` or `ctx` (the student's own state).
    """
    tree = ast.parse(source)
    bound = bound_names(tree)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) \
                and node.id not in bound:
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and not (
                isinstance(node.value, ast.Name) and node.value.id in OWN_OBJECTS):
            names.add(node.attr)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update(part for alias in node.names for part in alias.name.split("."))
    return names


def expect_not_using(obj: Any, forbidden: Iterable[str], name: str,
                     hint: str | None = None) -> None:
    """Fail when the student's code uses an API the statement forbids (e.g. `F.batch_norm`).

    Only library use counts (see `api_names`): a local variable that happens to be called
    `grad` or `dropout` is not a use. A bare name that is a function of the notebook itself
    (a helper the student wrote and called `conv2d`) is not PyTorch's either: that helper's own
    source is judged instead, a few calls deep.
    """
    found = sorted(_reached(obj, source_of(obj, name), set(forbidden), name, depth=3))
    if found:
        raise CheckFailure.coded("forbidden", hint, name=name,
                                 found=", ".join(f"`{f}`" for f in found))


_OWN_FUNCTIONS = """
def own(obj, names):
    space = getattr(obj, "__globals__", None)
    if space is None and isinstance(obj, type):
        space = next((m.__globals__ for m in vars(obj).values() if hasattr(m, "__globals__")),
                     None)
    if space is None:
        return []
    return [n for n in names if getattr(space.get(n), "__globals__", None) is space]
"""


def _reached(anchor: Any, source: str, forbidden: set[str], name: str, depth: int) -> set[str]:
    """The forbidden names `source` reaches, following bare names that are the notebook's own
    functions (asked where `anchor`, a student function or class, lives) into their source."""
    found = api_names(source) & forbidden
    bare = sorted(found - _qualified_names(source))
    if not bare or depth == 0:
        return found
    for helper in call(code(_OWN_FUNCTIONS), anchor, bare, name=name):
        found.discard(helper)
        inner = _source_named(anchor, helper)
        found |= {helper} if inner is None else _reached(anchor, inner, forbidden, name,
                                                         depth - 1)
    return found


def _qualified_names(source: str) -> set[str]:
    """Names the source reaches through an attribute (`F.conv2d`) or imports itself."""
    tree = ast.parse(source)
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    return names | {part for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)
                    for alias in n.names for part in (alias.asname or alias.name).split(".")}


def _source_named(anchor: Any, helper: str) -> str | None:
    """The notebook's source of function `helper`, found from `anchor` (read from the submitted
    cells when `anchor` is a sandbox proxy)."""
    remote = getattr(type(anchor), "_autograder_source_named", None)
    if remote is not None:
        return remote(anchor, helper)
    space = getattr(anchor, "__globals__", None)
    if space is None and inspect.isclass(anchor):
        space = next((m.__globals__ for m in vars(anchor).values()
                      if hasattr(m, "__globals__")), None)
    try:
        return textwrap.dedent(inspect.getsource(space[helper]))  # type: ignore[index]
    except (KeyError, TypeError, OSError):
        return None


def time_call(fn: Callable[..., Any], *args: Any, name: str, repeats: int = 5,
              warmup: int = 1) -> float:
    """Median wall time of `fn(*args)` in seconds, measured by the grader."""
    for _ in range(warmup):
        call(fn, *args, name=name)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call(fn, *args, name=name)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    record("timing", {"function": name, "seconds": median, "repeats": repeats})
    return median
