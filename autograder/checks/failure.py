"""The failure every check raises, and the guards that turn student errors into one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from autograder.checks.catalogue import render


class CheckFailure(AssertionError):
    """A check verdict: a one-line French summary, optional detail lines and a hint.

    Messages never contain hidden inputs or expected values; helpers that know them only report
    statistics (mismatch counts, relative errors, indices). Library raise sites also set `code`
    and `params` so the report can render the verdict in another language.
    """

    def __init__(self, summary: str, details: list[str] | None = None, hint: str | None = None,
                 *, code: str | None = None, params: dict[str, Any] | None = None):
        self.summary = summary
        self.details = list(details or [])
        self.hint = hint
        self.code = code  # key of the verdict catalogue (autograder/report/i18n.py)
        self.params = dict(params or {})  # what the catalogue renders; never hidden values
        super().__init__(self.render())

    @classmethod
    def coded(cls, code: str, hint: str | None = None, **params: Any) -> CheckFailure:
        """A verdict of the catalogue (`checks/catalogue.py`), worded in French here; `hint`, a
        check file's own advice, replaces the catalogue's."""
        summary, details, library_hint = render(code, params, "fr")
        return cls(summary, details, hint or library_hint, code=code, params=params)

    def render(self) -> str:
        lines = [self.summary, *(f"  {d}" for d in self.details)]
        if self.hint:
            lines.append(f"  Piste : {self.hint}")
        return "\n".join(lines)


class CheckTimeout(BaseException):  # not an Exception: neither checks nor numpy swallow it
    """A check ran past its limit (`seconds`, where the raiser knows it)."""

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds
        super().__init__(f"check time limit ({seconds:g} s)" if seconds else "check time limit")


class CheckAbort(BaseException):  # not an Exception: check code cannot swallow it
    """Ends the running check with `failure` as its verdict, whatever the check catches."""

    def __init__(self, failure: CheckFailure):
        self.failure = failure
        super().__init__(failure.summary)


def require(obj: Any, name: str, kind: str = "fonction") -> Any:
    """Fail with « La fonction `name` n'est pas définie » when the student left it out."""
    if obj is None:
        article = "La" if kind in {"fonction", "classe", "variable"} else "L'objet"
        raise CheckFailure.coded("undefined", name=name, article=article, kind=kind)
    if obj is Ellipsis:
        raise CheckFailure.coded("ellipsis", name=name)
    return obj


def call(fn: Callable[..., Any], *args: Any, name: str, **kwargs: Any) -> Any:
    """Call a student function; any exception becomes a failure naming the function."""
    require(fn, name)
    if not callable(fn):
        raise CheckFailure.coded("not_callable", name=name, type=type(fn).__name__)
    try:
        return fn(*args, **kwargs)
    except CheckFailure:
        raise
    except Exception as exc:  # noqa: BLE001 - any student error is a verdict, not a crash
        kind = getattr(exc, "remote_type", type(exc).__name__)  # raised in the sandbox
        if kind == "NotImplementedError":
            raise CheckFailure.coded("not_implemented", name=name) from None
        raise CheckFailure.coded("raised", name=name, error=kind,
                                 message=_short(str(exc))) from None


def call_seeing_arguments(fn: Callable[..., Any], *args: Any, name: str) -> tuple[Any, tuple]:
    """`fn(*args)` and the arguments as the call left them, so that a check sees an in-place
    change in every harness (in the sandbox, the student changes its own copies)."""
    from autograder.checks.portable import code

    result, after = call(code("lambda *a: (f(*a), a)", f=require(fn, name)), *args, name=name)
    return result, tuple(after)


def expect(condition: bool, summary: str, hint: str | None = None) -> None:
    """Fail with `summary` unless `condition` holds."""
    if not condition:
        raise CheckFailure(summary, hint=hint)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
