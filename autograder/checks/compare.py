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
        raise CheckFailure(f"`{name}` a renvoyé None au lieu d'un tenseur.",
                           hint="avez-vous oublié le `return` ?", code="returned_none",
                           params={"name": name})
    try:
        return torch.as_tensor(np.asarray(value))
    except (TypeError, ValueError, RuntimeError):
        raise CheckFailure(f"`{name}` devrait renvoyer un tenseur ou un nombre, reçu un objet de "
                           f"type {type(value).__name__}.", code="not_tensor",
                           params={"name": name, "type": type(value).__name__}) from None


def as_number(value: Any, name: str) -> float:
    """Convert a student's scalar (number, 0-d or 1-element tensor/array) to a float."""
    tensor = as_tensor(value, name)
    if tensor.numel() != 1:
        raise CheckFailure(f"`{name}` devrait être un scalaire, reçu une forme "
                           f"{tuple(tensor.shape)}.", code="not_scalar",
                           params={"name": name, "shape": list(tensor.shape)})
    number = float(tensor.reshape(()).item())
    if not math.isfinite(number):
        raise CheckFailure(f"`{name}` vaut {number} (valeur non finie).", code="not_finite",
                           params={"name": name, "value": str(number)})
    return number


def expect_shape(value: Any, shape: Sequence[int], name: str, hint: str | None = None) -> None:
    """The shape is part of the statement, so it may be printed in full."""
    got = tuple(as_tensor(value, name).shape)
    if got != tuple(shape):
        raise CheckFailure(f"`{name}` a la forme {got}, attendu {tuple(shape)}.", hint=hint,
                           code="shape", params={"name": name, "got": list(got),
                                                 "expected": list(shape)})


def expect_equal(actual: Any, expected: Any, name: str, reveal: bool = False,
                 hint: str | None = None) -> None:
    """Exact equality for integers, strings and other plain values."""
    if actual != expected:
        if reveal:
            raise CheckFailure(f"`{name}` vaut {actual!r}, attendu {expected!r}.", hint=hint,
                               code="equal_revealed", params={"name": name, "got": repr(actual),
                                                              "expected": repr(expected)})
        raise CheckFailure(f"`{name}` vaut {actual!r}, ce n'est pas la valeur attendue.",
                           hint=hint, code="equal", params={"name": name, "got": repr(actual)})


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
        raise CheckFailure(f"`{name}` a la forme {tuple(got.shape)}, attendu "
                           f"{tuple(want.shape)}.", hint=hint, code="shape",
                           params={"name": name, "got": list(got.shape),
                                   "expected": list(want.shape)})
    if not (got.is_floating_point() or got.is_complex()) and want.is_floating_point():
        got = got.to(want.dtype)
    if rtol is None:  # the less precise of the two dtypes sets the tolerance
        rtol, atol = max(TOLERANCES.get(got.dtype, TOLERANCES[torch.float32]),
                         TOLERANCES.get(want.dtype, TOLERANCES[torch.float32]))
    got64, want64 = got.to(torch.float64), want.to(torch.float64)
    bad = ~torch.isclose(got64, want64, rtol=rtol, atol=atol, equal_nan=False)
    if not bad.any():
        return
    raise CheckFailure(f"`{name}` ne donne pas les bonnes valeurs.",
                       mismatch_details(got64, want64, bad, rtol, atol, reveal), hint,
                       code="values", params={"name": name, "mismatched": int(bad.sum()),
                                              "total": bad.numel()})


def mismatch_details(got: torch.Tensor, want: torch.Tensor, bad: torch.Tensor, rtol: float,
                     atol: float, reveal: bool) -> list[str]:
    """Statistics of a mismatch: count, worst absolute and relative error with their index."""
    total, count = bad.numel(), int(bad.sum())
    details = [f"Éléments différents : {count} / {total} ({_percent(count / total)})"]
    finite = torch.isfinite(got)
    if not finite.all():
        details.append(f"Valeurs non finies (nan/inf) : {int((~finite).sum())}")
        return details
    abs_diff = (got - want).abs()
    rel_diff = abs_diff / want.abs().clamp_min(1e-12)
    worst_abs = int(abs_diff.reshape(-1).argmax())
    worst_rel = int(rel_diff.reshape(-1).argmax())
    details.append(f"Plus grand écart absolu : {abs_diff.reshape(-1)[worst_abs]:.3g} à l'indice "
                   f"{_index(worst_abs, got.shape)} (tolérance {atol:g})")
    details.append(f"Plus grand écart relatif : {rel_diff.reshape(-1)[worst_rel]:.3g} à l'indice "
                   f"{_index(worst_rel, got.shape)} (tolérance {rtol:g})")
    if reveal:
        details.append(f"À l'indice {_index(worst_abs, got.shape)} : obtenu "
                       f"{got.reshape(-1)[worst_abs]:.6g}, attendu "
                       f"{want.reshape(-1)[worst_abs]:.6g}")
    return details


def expect_scalar_close(actual: Any, expected: float, name: str, *, rtol: float = 1e-6,
                        atol: float = 1e-9, reveal: bool = False,
                        hint: str | None = None) -> None:
    """Closeness of one number, with its relative error."""
    got = as_number(actual, name)
    if math.isclose(got, expected, rel_tol=rtol, abs_tol=atol):
        return
    rel = abs(got - expected) / max(abs(expected), 1e-12)
    detail = f"Écart relatif : {rel:.3g} (tolérance {rtol:g})"
    params = {"name": name, "got": f"{got:.6g}", "relative_error": f"{rel:.3g}",
              "tolerance": f"{rtol:g}"}
    if reveal:
        raise CheckFailure(f"`{name}` vaut {got:.6g}, attendu {expected:.6g}.", [detail], hint,
                           code="scalar_revealed", params={**params, "expected": f"{expected:.6g}"})
    raise CheckFailure(f"`{name}` vaut {got:.6g}, ce n'est pas la valeur attendue.", [detail], hint,
                       code="scalar", params=params)


def expect_in_range(actual: Any, low: float, high: float, name: str,
                    hint: str | None = None) -> None:
    """A bound that the statement itself states (a probability, a variance ratio…)."""
    got = as_number(actual, name)
    if not low <= got <= high:
        raise CheckFailure(f"`{name}` vaut {got:.4g}, hors de l'intervalle attendu "
                           f"[{low:g}, {high:g}].", hint=hint, code="range",
                           params={"name": name, "got": f"{got:.4g}", "low": f"{low:g}",
                                   "high": f"{high:g}"})


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.1f} %".replace(".", ",")


def _index(flat: int, shape: torch.Size) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, tuple(shape))) if shape else ()
