"""Gradient checks in float64: autograd oracles, finite differences, relative errors."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import torch

from autograder.checks.compare import as_tensor
from autograder.checks.failure import CheckFailure, call
from autograder.checks.observe import record
from autograder.checks.portable import portable, session_of


def relative_error(actual: torch.Tensor, expected: torch.Tensor, floor: float = 1e-10) -> float:
    """max |a − e| / max(|a| + |e|), with a floor kind to near-zero gradients (EECS 498)."""
    a, e = actual.to(torch.float64), expected.to(torch.float64)
    if a.numel() == 0:
        return 0.0
    return float((a - e).abs().max() / (a.abs() + e.abs()).max().clamp_min(floor))


@portable
def grad_of(fn: Callable[..., torch.Tensor], inputs: Mapping[str, torch.Tensor],
            name: str) -> dict[str, torch.Tensor]:
    """Autograd gradients of the scalar `fn(**inputs)` with respect to every input."""
    leaves = {k: v.detach().clone().requires_grad_(True) for k, v in inputs.items()}
    out = as_tensor_keep_graph(call(fn, name=name, **leaves), name)
    if out.numel() != 1:
        raise CheckFailure.coded("loss_not_scalar", name=name, shape=list(out.shape))
    if not out.requires_grad:
        raise CheckFailure.coded("graph_cut", name=name)
    grads = torch.autograd.grad(out.reshape(()), list(leaves.values()), allow_unused=True)
    return {k: (g if g is not None else torch.zeros_like(leaves[k]))
            for k, g in zip(leaves, grads, strict=True)}


def as_tensor_keep_graph(value: object, name: str) -> torch.Tensor:
    """Like `as_tensor`, but keeps a tensor attached to its autograd graph."""
    return value if isinstance(value, torch.Tensor) else as_tensor(value, name)


def numerical_gradient(fn: Callable[[torch.Tensor], float], x: torch.Tensor,
                       eps: float = 1e-6) -> torch.Tensor:
    """Centred finite differences (f(x+ε) − f(x−ε)) / 2ε of a scalar function, in float64."""
    x = x.detach().to(torch.float64).clone()
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = float(flat[i])
        flat[i] = old + eps
        plus = float(fn(x))
        flat[i] = old - eps
        minus = float(fn(x))
        flat[i] = old
        gflat[i] = (plus - minus) / (2 * eps)
    return grad


def expect_gradients(actual: Mapping[str, object], expected: Mapping[str, torch.Tensor],
                     name: str, tol: float = 1e-6, hints: Mapping[str, str] | None = None) -> None:
    """Compare gradients parameter by parameter; the message names the first wrong one."""
    if not isinstance(actual, Mapping):
        raise CheckFailure.coded("grads_not_mapping", name=name, keys=", ".join(sorted(expected)),
                                 type=type(actual).__name__)
    missing = [k for k in expected if k not in actual]
    if missing:
        raise CheckFailure.coded("grads_missing", name=name, missing=", ".join(map(str, missing)),
                                 received=", ".join(sorted(map(str, actual))))
    record("gradients", {"function": name, "tolerance": tol,
                         "errors": _errors(actual, expected, name)})
    for key, want in expected.items():
        got = as_tensor(actual[key], f"{name}['{key}']")
        if got.shape != want.shape:
            raise CheckFailure.coded("grad_shape", (hints or {}).get(key), name=name, param=key,
                                     got=list(got.shape), expected=list(want.shape))
        err = relative_error(got, want)
        if not err <= tol:
            raise CheckFailure.coded("grad_wrong", (hints or {}).get(key), name=name, param=key,
                                     relative_error=f"{err:.3g}", tolerance=f"{tol:g}")


def _errors(actual: Mapping[str, object], expected: Mapping[str, torch.Tensor],
            name: str) -> dict[str, float | None]:
    """Every parameter's relative error (None where the shape is wrong), for the feedback plot."""
    errors: dict[str, float | None] = {}
    for key, want in expected.items():
        try:
            got = as_tensor(actual[key], f"{name}['{key}']")
        except CheckFailure:
            got = None
        err = relative_error(got, want) if got is not None and got.shape == want.shape else None
        errors[str(key)] = float(f"{err:.4g}") if err is not None and math.isfinite(err) else None
    return errors


def gradcheck(fn: Callable[..., torch.Tensor], inputs: tuple[torch.Tensor, ...], name: str,
              atol: float = 1e-5, rtol: float = 1e-3) -> None:
    """`torch.autograd.gradcheck` in float64, reported as one French line instead of a Jacobian.

    For a function living in the sandbox, the grader compares directional derivatives instead:
    the sandbox's autograd gives ⟨∇⟨v, f⟩, u⟩, the grader's own finite differences of f's values
    give the same number, for random directions u and cotangents v.
    """
    if session_of(fn) is not None:
        _directional_gradcheck(fn, inputs, name, atol, rtol)
        return
    doubles = tuple(t.detach().to(torch.float64).requires_grad_(True) for t in inputs)
    try:
        ok = torch.autograd.gradcheck(lambda *xs: call(fn, *xs, name=name), doubles, atol=atol,
                                      rtol=rtol, raise_exception=True)
    except CheckFailure:
        raise
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckFailure.coded("gradcheck", name=name, torch_message=first[:200]) from None
    if not ok:
        raise CheckFailure.coded("gradcheck", name=name)


def _directional_gradcheck(fn: Callable[..., torch.Tensor], inputs: tuple[torch.Tensor, ...],
                           name: str, atol: float, rtol: float, probes: int = 4,
                           eps: float = 1e-6) -> None:
    g = torch.Generator().manual_seed(0)
    xs = [t.detach().to(torch.float64) for t in inputs]
    out = as_tensor(call(fn, *xs, name=name), name)
    for _ in range(probes):
        v = torch.randn(out.shape, generator=g, dtype=torch.float64)
        us = [torch.randn(x.shape, generator=g, dtype=torch.float64) for x in xs]
        grads = _vjp(fn, xs, v, name)
        analytic = sum(float((gr * u).sum()) for gr, u in zip(grads, us, strict=True))
        plus = as_tensor(call(fn, *[x + eps * u for x, u in zip(xs, us, strict=True)],
                              name=name), name)
        minus = as_tensor(call(fn, *[x - eps * u for x, u in zip(xs, us, strict=True)],
                               name=name), name)
        numeric = float((v * (plus - minus)).sum()) / (2 * eps)
        if not abs(analytic - numeric) <= atol + rtol * abs(numeric):
            gap = abs(analytic - numeric) / max(abs(numeric), 1e-12)
            raise CheckFailure.coded("gradcheck", name=name, directional_error=f"{gap:.3g}")


@portable
def _vjp(fn: Callable[..., torch.Tensor], inputs: list[torch.Tensor], v: torch.Tensor,
         name: str) -> list[torch.Tensor]:
    """∇ₓ⟨v, fn(x)⟩ by autograd, where `fn` lives (a zero where an input is unused)."""
    leaves = [x.detach().clone().requires_grad_(True) for x in inputs]
    out = as_tensor_keep_graph(call(fn, *leaves, name=name), name)
    if not out.requires_grad:
        raise CheckFailure.coded("inputs_graph_cut", name=name)
    grads = torch.autograd.grad((out * v).sum(), leaves, allow_unused=True)
    return [gr if gr is not None else torch.zeros_like(x) for gr, x in
            zip(grads, leaves, strict=True)]
