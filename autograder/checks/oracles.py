"""Reference computations several exercises' checks compare student work with (grader side).

Each oracle is a plain function of tensors, written for clarity rather than speed, and tested
in `tests/test_oracles.py` against PyTorch's own modules where one exists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch
import torch.nn.functional as F


def random_mlp(dims: Sequence[int], generator: torch.Generator,
               dtype: torch.dtype = torch.float64) -> dict[str, torch.Tensor]:
    """Parameters `{"W1", "b1", …, "WL", "bL"}` of an MLP of widths `dims` = (d₀, …, d_L).

    W_ℓ has shape (d_ℓ, d_ℓ₋₁) (the convention of `nn.Linear`) and b_ℓ shape (d_ℓ,); every
    entry is standard normal, drawn from `generator` in the order W1, b1, W2, b2, …"""
    params = {}
    for i in range(1, len(dims)):
        params[f"W{i}"] = torch.randn(dims[i], dims[i - 1], generator=generator, dtype=dtype)
        params[f"b{i}"] = torch.randn(dims[i], generator=generator, dtype=dtype)
    return params


def mlp(params: Mapping[str, torch.Tensor], x: torch.Tensor, p: float = 0.0,
        generator: torch.Generator | None = None) -> torch.Tensor:
    """Output of the ReLU MLP `params` (as `random_mlp` makes) on `x` of shape (N, d₀).

    h₀ = x, h_ℓ = ReLU(h_ℓ₋₁ W_ℓᵀ + b_ℓ) for the hidden layers, linear output h_{L−1} W_Lᵀ + b_L.
    With `p` > 0, inverted dropout follows each hidden ReLU: layer by layer, the units where
    u ≥ p are kept and divided by 1 − p, u = torch.rand(h.shape, generator=generator,
    dtype=h.dtype) (the global generator when `generator` is None)."""
    depth = sum(1 for k in params if k.startswith("W"))
    h = x
    for i in range(1, depth):
        h = torch.relu(F.linear(h, params[f"W{i}"], params[f"b{i}"]))
        if p > 0:
            keep = torch.rand(h.shape, generator=generator, dtype=h.dtype) >= p
            h = h * keep / (1 - p)
    return F.linear(h, params[f"W{depth}"], params[f"b{depth}"])


def batch_norm_backward(x: torch.Tensor, gamma: torch.Tensor, delta: torch.Tensor,
                        eps: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(∂L/∂x, ∂L/∂γ, ∂L/∂β) of batch normalization in training mode, for the upstream
    gradient δ = ∂L/∂y (N, D).

    The forward pass is y = γ x̂ + β, x̂ = (x − μ)/√(σ² + ε), with μ and the biased variance σ²
    (division by N) of each feature over the batch axis, as `nn.BatchNorm1d` in training mode.
    Then ∂L/∂γ = Σᵢ δᵢ x̂ᵢ, ∂L/∂β = Σᵢ δᵢ and
    ∂L/∂x = γ/(N√(σ² + ε)) (N δ − Σₖ δₖ − x̂ Σₖ δₖ x̂ₖ), sums over the batch (β plays no part)."""
    n = x.shape[0]
    mu = x.mean(dim=0)
    inv_std = 1 / torch.sqrt(((x - mu) ** 2).mean(dim=0) + eps)
    x_hat = (x - mu) * inv_std
    d_gamma = (delta * x_hat).sum(dim=0)
    d_beta = delta.sum(dim=0)
    return gamma * inv_std / n * (n * delta - d_beta - x_hat * d_gamma), d_gamma, d_beta
