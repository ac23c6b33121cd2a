"""Requirements a statement states beyond the values: the dtype kept, arguments left untouched,
the imposed generator obeyed, exact frequencies on small cases, and functional probes of an
architecture (affine or not, permutation, known weights against an oracle).

Each helper calls student code through `call` (or a probe that runs where the student's objects
live), so it works in every harness; verdicts are decided here, on the grader's side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import torch
from torch import nn

from autograder.checks.compare import as_tensor, expect_close
from autograder.checks.failure import CheckFailure, call, require
from autograder.checks.oracles import seeded_state
from autograder.checks.portable import code

_DRAW = """
def draw(f, args, kwargs, keyword, seed, global_seed):
    torch.manual_seed(global_seed)
    result = f(*args, **kwargs, **{keyword: torch.Generator().manual_seed(seed)})
    return result, torch.rand(4, dtype=torch.float64)
"""


def expect_dtype(value: Any, dtype: torch.dtype, name: str, hint: str | None = None) -> None:
    """`value` is a tensor of `dtype` (the statement fixes it, so it may be shown)."""
    got = value.dtype if isinstance(value, torch.Tensor) else type(value).__name__
    if got != dtype:
        raise CheckFailure.coded("dtype", hint, name=name, got=str(got), expected=str(dtype))


def expect_dtype_kept(fn: Callable[..., Any], x: torch.Tensor, *rest: Any, name: str,
                      dtypes: Sequence[torch.dtype] = (torch.float64, torch.float32),
                      hint: str | None = None) -> list[Any]:
    """`fn(x.to(d), *rest)` returns a tensor of dtype `d`, for each `d` of `dtypes` (« renvoie
    un tenseur du même type que son entrée »); the results, in the order of `dtypes`."""
    results = []
    for dtype in dtypes:
        result = call(fn, x.to(dtype), *rest, name=name)
        got = result.dtype if isinstance(result, torch.Tensor) else type(result).__name__
        if got != dtype:
            raise CheckFailure.coded("dtype_kept", hint, name=name, got=str(got),
                                     given=str(dtype))
        results.append(result)
    return results


def expect_unchanged(fn: Callable[..., Any], *args: Any, name: str, hint: str | None = None,
                     **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)`, failing when the call changed an argument in place (a tensor, a
    tensor inside a dict, list or tuple). The call runs where `fn` lives, so the
    change is seen in the sandbox too, where the student changes its own copies."""
    before = _leaves(args, kwargs)
    seen = code("lambda *a, **k: (f(*a, **k), a, k)", f=require(fn, name))
    result, after_args, after_kwargs = call(seen, *args, name=name, **kwargs)
    after = dict(_leaves(tuple(after_args), dict(after_kwargs)))
    for where, old in before:
        new = after.get(where)
        if new is None or new.shape != old.shape or not _same(new, old):
            raise CheckFailure.coded("argument_modified", hint, name=name, argument=where)
    return result


def expect_generator_obeyed(fn: Callable[..., Any], *args: Any, name: str,
                            keyword: str = "generateur", seeds: tuple[int, int] = (11, 12),
                            hint: str | None = None, **kwargs: Any) -> Any:
    """For a function told to draw with the generator it receives (argument `keyword`): the
    same generator state gives the same result whatever the global generator's state, another
    state gives another result, and the global generator is not drawn from. Returns the result
    of the first seed."""
    draw = code(_DRAW)
    runs = {}
    for seed, global_seed in ((seeds[0], 100), (seeds[0], 200), (seeds[1], 100)):
        result, following = call(draw, require(fn, name), args, kwargs, keyword, seed,
                                 global_seed, name=name)
        torch.manual_seed(global_seed)
        if not torch.equal(as_tensor(following, "torch.rand"), torch.rand(4, dtype=torch.float64)):
            raise CheckFailure.coded("generator_global", hint, name=name, keyword=keyword)
        runs[seed, global_seed] = result
    first = runs[seeds[0], 100]
    if not _same_result(first, runs[seeds[0], 200]):
        raise CheckFailure.coded("generator_not_sole_source", hint, name=name, keyword=keyword)
    if _same_result(first, runs[seeds[1], 100]):
        raise CheckFailure.coded("generator_ignored", hint, name=name, keyword=keyword)
    return first


def expect_frequencies(samples: Any, probabilities: Sequence[float] | torch.Tensor, name: str,
                       *, z: float = 5.0, hint: str | None = None) -> None:
    """Integers drawn in {0, …, K−1} against the distribution `probabilities` (K values): nothing
    outside its support, and each value's count within `z` binomial standard deviations of n·p.
    Meant for small exact cases (few values, every one enumerated), where a value never drawn or
    drawn twice too often shows, unlike in a global statistic."""
    drawn = as_tensor(samples, name).reshape(-1)
    p = torch.as_tensor(probabilities, dtype=torch.float64)
    if drawn.is_floating_point() and not torch.equal(drawn, drawn.round()):
        raise CheckFailure.coded("not_indices", hint, name=name)
    drawn = drawn.long()
    outside = (drawn < 0) | (drawn >= len(p))
    if outside.any() or (p[drawn.clamp(0, len(p) - 1)] == 0).any():
        bad = int(drawn[outside | (p[drawn.clamp(0, len(p) - 1)] == 0)][0])
        raise CheckFailure.coded("outside_support", hint, name=name, value=bad)
    n = len(drawn)
    counts = torch.bincount(drawn, minlength=len(p)).to(torch.float64)
    sd = (n * p * (1 - p)).sqrt().clamp_min(1e-12)
    score = (counts - n * p).abs() / sd
    worst = int(score.argmax())
    if score[worst] > z:
        raise CheckFailure.coded("frequency", hint, name=name, value=worst,
                                 count=int(counts[worst]), n=n,
                                 expected=f"{n * float(p[worst]):.1f}", z=f"{score[worst]:.1f}")


def expect_affine(fn: Callable[..., Any], x: torch.Tensor, y: torch.Tensor, name: str, *,
                  affine: bool, hint: str | None = None) -> None:
    """Whether `fn` is affine in its input, on the segment between `x` and `y`: a network whose
    statement puts a non-linearity in it must not be (`affine=False`), a map the statement
    calls linear must be."""
    points = [call(fn, t * x + (1 - t) * y, name=name) for t in (0.0, 1.0, 0.3)]
    ends = [as_tensor(v, name).to(torch.float64) for v in points]
    blend = 0.3 * ends[1] + 0.7 * ends[0]
    scale = max(float(blend.abs().max()), 1.0)
    is_affine = bool(torch.allclose(ends[2], blend, rtol=1e-4, atol=1e-5 * scale))
    if is_affine != affine:
        raise CheckFailure.coded("affine" if is_affine else "not_affine", hint, name=name)


def expect_permutation_equivariant(fn: Callable[..., Any], x: torch.Tensor, dim: int,
                                   name: str, *, invariant: bool = False,
                                   generator: torch.Generator | None = None,
                                   rtol: float = 1e-5, atol: float = 1e-6,
                                   hint: str | None = None) -> None:
    """Permuting `x` along `dim` permutes `fn`'s output along `dim` the same way (tokens
    processed alike), or, `invariant`, leaves it unchanged (tokens pooled)."""
    perm = torch.randperm(x.shape[dim], generator=generator or torch.Generator().manual_seed(0))
    out = as_tensor(call(fn, x, name=name), name)
    permuted = as_tensor(call(fn, x.index_select(dim, perm), name=name), name)
    expected = out if invariant else out.index_select(dim, perm)
    try:
        expect_close(permuted, expected, name, rtol=rtol, atol=atol)
    except CheckFailure:
        raise CheckFailure.coded("not_invariant" if invariant else "not_equivariant", hint,
                                 name=name, dim=dim) from None


def load_seeded_weights(model: nn.Module, name: str) -> dict[str, torch.Tensor]:
    """Set every floating tensor of `model`'s state to values fixed by its shape
    (`oracles.seeded_by_shape`) and return that state, from which the check computes what the
    statement's architecture gives with the same weights (its oracle)."""
    state = seeded_state(call(require(model, name).state_dict, name=f"{name}.state_dict"))
    call(model.load_state_dict, state, name=f"{name}.load_state_dict")
    return state


def _leaves(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[tuple[str, torch.Tensor]]:
    """`(where, tensor)` for every tensor in the arguments, one container level deep."""
    found: list[tuple[str, torch.Tensor]] = []
    for where, value in [*((f"#{i + 1}", a) for i, a in enumerate(args)), *kwargs.items()]:
        found.extend(_tensors(str(where), value))
    return found


def _tensors(where: str, value: Any) -> Iterator[tuple[str, torch.Tensor]]:
    if isinstance(value, torch.Tensor):
        yield where, value.detach().cpu().clone()
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, torch.Tensor):
                yield f"{where}[{key!r}]", item.detach().cpu().clone()
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            if isinstance(item, torch.Tensor):
                yield f"{where}[{i}]", item.detach().cpu().clone()


def _same(a: torch.Tensor, b: torch.Tensor) -> bool:
    a, b = a.detach().cpu(), b.detach().cpu()
    if a.dtype != b.dtype:
        return False
    if not (a.is_floating_point() or a.is_complex()):
        return torch.equal(a, b)
    return bool(((a == b) | (a.isnan() & b.isnan())).all())


def _same_result(a: Any, b: Any) -> bool:
    """Equal results: tensors (or numbers) equal, containers equal item by item."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_result(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same_result(u, v) for u, v in zip(a, b, strict=True))
    if isinstance(a, torch.Tensor | float | int) and isinstance(b, torch.Tensor | float | int):
        ta, tb = torch.as_tensor(a), torch.as_tensor(b)
        return ta.shape == tb.shape and _same(ta.to(torch.float64), tb.to(torch.float64))
    return a == b
