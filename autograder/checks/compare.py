"""Pair, compare, explain: shape and dtype before values, statistics rather than dumps."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from autograder.checks.failure import CheckFailure

# Default (rtol, atol) per dtype, as in torch.testing.
TOLERANCES: dict[torch.dtype, tuple[float, float]] = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
}


def as_tensor(value: Any, name: str) -> torch.Tensor:
    """Convert what a student returned (tensor, array, number, nested list) to a tensor."""
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if value is None:
        raise CheckFailure.coded("returned_none", name=name)
    try:
        return torch.as_tensor(np.asarray(value))
    except (TypeError, ValueError, RuntimeError):
        raise CheckFailure.coded("not_tensor", name=name, type=type(value).__name__) from None


def as_number(value: Any, name: str) -> float:
    """Convert a student's scalar (number, 0-d or 1-element tensor/array) to a float."""
    tensor = as_tensor(value, name)
    if tensor.numel() != 1:
        raise CheckFailure.coded("not_scalar", name=name, shape=list(tensor.shape))
    number = float(tensor.reshape(()).item())
    if not math.isfinite(number):
        raise CheckFailure.coded("not_finite", name=name, value=str(number))
    return number


def expect_shape(value: Any, shape: Sequence[int], name: str, hint: str | None = None) -> None:
    """The shape is part of the statement, so it may be printed in full."""
    got = tuple(as_tensor(value, name).shape)
    if got != tuple(shape):
        raise CheckFailure.coded("shape", hint, name=name, got=list(got), expected=list(shape))


def expect_equal(actual: Any, expected: Any, name: str, reveal: bool = False,
                 hint: str | None = None) -> None:
    """Exact equality for integers, strings and other plain values."""
    if actual != expected:
        if reveal:
            raise CheckFailure.coded("equal_revealed", hint, name=name, got=repr(actual),
                                     expected=repr(expected))
        raise CheckFailure.coded("equal", hint, name=name, got=repr(actual))


def expect_close(actual: Any, expected: Any, name: str, *, rtol: float | None = None,
                 atol: float | None = None, reveal: bool = False, hint: str | None = None) -> None:
    """Elementwise closeness with dtype-aware tolerances and a statistical explanation.

    `reveal=True` (public checks only) adds the expected value at the worst index.
    """
    if (rtol is None) != (atol is None):
        raise ValueError("rtol and atol are given together or not at all")
    got = as_tensor(actual, name)
    want = as_tensor(expected, "valeur attendue")
    if got.shape != want.shape:
        raise CheckFailure.coded("shape", hint, name=name, got=list(got.shape),
                                 expected=list(want.shape))
    if not (got.is_floating_point() or got.is_complex()) and want.is_floating_point():
        got = got.to(want.dtype)
    if rtol is None:  # the less precise of the two dtypes sets the tolerance
        rtol, atol = max(TOLERANCES.get(got.dtype, TOLERANCES[torch.float32]),
                         TOLERANCES.get(want.dtype, TOLERANCES[torch.float32]))
    got64, want64 = got.to(torch.float64), want.to(torch.float64)
    bad = ~torch.isclose(got64, want64, rtol=rtol, atol=atol, equal_nan=False)
    if not bad.any():
        return
    raise CheckFailure.coded("values", hint, name=name,
                             **mismatch(got64, want64, bad, rtol, atol, reveal))


def mismatch(got: torch.Tensor, want: torch.Tensor, bad: torch.Tensor, rtol: float,
             atol: float, reveal: bool) -> dict[str, Any]:
    """Statistics of a mismatch (the parameters of verdict `values`): count, worst absolute and
    relative error with their index; the values there only when `reveal`."""
    total, count = bad.numel(), int(bad.sum())
    percent = f"{100 * count / total:.1f}"
    stats: dict[str, Any] = {"mismatched": count, "total": total, "percent": percent,
                             "percent_fr": percent.replace(".", ",")}
    finite = torch.isfinite(got)
    if not finite.all():
        return {**stats, "nonfinite": int((~finite).sum())}
    abs_diff = (got - want).abs()
    rel_diff = abs_diff / want.abs().clamp_min(1e-12)
    worst_abs = int(abs_diff.reshape(-1).argmax())
    worst_rel = int(rel_diff.reshape(-1).argmax())
    stats |= {"abs_error": f"{abs_diff.reshape(-1)[worst_abs]:.3g}",
              "abs_index": list(_index(worst_abs, got.shape)), "atol": f"{atol:g}",
              "rel_error": f"{rel_diff.reshape(-1)[worst_rel]:.3g}",
              "rel_index": list(_index(worst_rel, got.shape)), "rtol": f"{rtol:g}"}
    if reveal:
        stats |= {"got": f"{got.reshape(-1)[worst_abs]:.6g}",
                  "expected": f"{want.reshape(-1)[worst_abs]:.6g}"}
    return stats


def expect_scalar_close(actual: Any, expected: float, name: str, *, rtol: float = 1e-6,
                        atol: float = 1e-9, reveal: bool = False,
                        hint: str | None = None) -> None:
    """Closeness of one number, with its relative error."""
    got = as_number(actual, name)
    if math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        return
    rel = abs(got - expected) / max(abs(expected), 1e-12)
    params = {"name": name, "got": f"{got:.6g}", "relative_error": f"{rel:.3g}",
              "tolerance": f"{rtol:g}"}
    if reveal:
        raise CheckFailure.coded("scalar_revealed", hint, expected=f"{expected:.6g}", **params)
    raise CheckFailure.coded("scalar", hint, **params)


def expect_in_range(actual: Any, low: float, high: float, name: str,
                    hint: str | None = None) -> None:
    """A bound that the statement itself states (a probability, a variance ratio…)."""
    got = as_number(actual, name)
    if not low <= got <= high:
        raise CheckFailure.coded("range", hint, name=name, got=f"{got:.4g}", low=f"{low:g}",
                                 high=f"{high:g}")


def _index(flat: int, shape: torch.Size) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, tuple(shape))) if shape else ()
