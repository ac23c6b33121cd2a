"""Reference computations several exercises' checks compare student work with (grader side).

Each oracle is a plain function of tensors, written for clarity rather than speed, and tested
in `tests/test_oracles.py` (and `test_oracles_conv.py`) against PyTorch's own modules where one
exists."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import torch
import torch.nn.functional as F
from torch import nn


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


# Convolutional networks


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1, pooling: bool = False) -> int:
    """The length, along one axis, of what PyTorch's `Conv2d` (its `MaxPool2d` if `pooling`)
    with these settings makes of an input of length `n` (rounded down, PyTorch's default)."""
    settings = {"stride": (stride, 1), "padding": (padding, 0), "dilation": (dilation, 1)}
    layer = nn.MaxPool2d((kernel, 1), **settings) if pooling else \
        nn.Conv2d(1, 1, (kernel, 1), bias=False, **settings)
    return int(layer(torch.zeros(1, 1, n, 1)).shape[2])


def conv2d_parameter_count(c_in: int, c_out: int, kernel: int | tuple[int, int],
                           bias: bool = True, groups: int = 1) -> int:
    """The number of parameters of `nn.Conv2d(c_in, c_out, kernel, bias=bias, groups=groups)`."""
    conv = nn.Conv2d(c_in, c_out, kernel, bias=bias, groups=groups, device="meta")
    return sum(p.numel() for p in conv.parameters())


def stack_dimensions(layers: Sequence[nn.Module], channels: int, height: int,
                     width: int) -> list[tuple[int, int, int, int]]:
    """`(channels, height, width, parameter count)` after each of `layers`, run in turn on a
    zero image of `channels × height × width`."""
    x, out = torch.zeros(1, channels, height, width), []
    for layer in layers:
        x = layer(x)
        out.append((*x.shape[1:], sum(p.numel() for p in layer.parameters())))
    return out


def receptive_field(layers: Sequence[tuple[int, int, int]]) -> int:
    """The receptive field, measured: the extent (first to last pixel, holes included) of the
    input pixels the first output pixel of a stack of 1-d convolutions `(kernel, stride,
    dilation)` with all-one weights depends on, i.e. where its gradient is not zero."""
    strides = math.prod(s for _, s, _ in layers)
    x = torch.ones(1, 1, 2 + strides * (1 + sum(d * (k - 1) for k, _, d in layers)),
                   dtype=torch.float64, requires_grad=True)
    h = x
    for k, s, d in layers:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    (grad,) = torch.autograd.grad(h[0, 0, 0], x)
    support = grad[0, 0].nonzero()
    return int(support.max() - support.min() + 1)


def resnet_main_path(depth: int, dilation: Sequence[bool] = (False, False, False)
                     ) -> list[tuple[int, int, int]]:
    """`(kernel, stride, dilation)` of each layer on the main path of torchvision's ResNet of
    this depth (`replace_stride_with_dilation=dilation` from 50 on): `conv1`, `maxpool`, then
    the convolutions `conv1`, `conv2` (and `conv3` in bottlenecks) of every block, in order."""
    import torchvision

    factory = getattr(torchvision.models, f"resnet{depth}")
    with torch.device("meta"):
        model = factory(weights=None, **({"replace_stride_with_dilation": list(dilation)}
                                         if depth >= 50 else {}))
    pool = model.maxpool
    path = [(model.conv1.kernel_size[0], model.conv1.stride[0], model.conv1.dilation[0]),
            (pool.kernel_size, pool.stride, pool.dilation)]
    for stage in (model.layer1, model.layer2, model.layer3, model.layer4):
        for block in stage:
            for conv in (getattr(block, n) for n in ("conv1", "conv2", "conv3")
                         if hasattr(block, n)):
                path.append((conv.kernel_size[0], conv.stride[0], conv.dilation[0]))
    return path


def normalized_filters(weight: torch.Tensor) -> torch.Tensor:
    """The filters of a `(C_out, C_in, k_h, k_w)` convolution weight, each rescaled to [0, 1]
    by its own minimum and maximum (a constant filter gives zeros), channels last:
    `(C_out, k_h, k_w, C_in)`, as `plt.imshow` shows them."""
    flat = weight.reshape(len(weight), -1)
    low = flat.min(dim=1).values[:, None, None, None]
    span = flat.max(dim=1).values[:, None, None, None] - low
    scaled = torch.where(span > 0, (weight - low) / torch.where(span > 0, span, 1.0),
                         torch.zeros_like(weight))
    return scaled.permute(0, 2, 3, 1)


def grad_cam(features: Callable[[torch.Tensor], torch.Tensor],
             head: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor,
             classes: torch.Tensor) -> torch.Tensor:
    """Grad-CAM maps `(B, h, w)` of the target layer's output `A = features(x)` for the logits
    `head(A)`: α_bk = mean over positions of ∂(Σ_b logit_b[classes_b])/∂A_bk,
    L_b = ReLU(Σ_k α_bk A_bk), each map divided by its maximum (a zero map stays zero)."""
    with torch.no_grad():
        a = features(x)
    a.requires_grad_(True)
    logits = head(a)
    (grad,) = torch.autograd.grad(logits[torch.arange(len(x)), classes].sum(), a)
    maps = torch.relu((grad.mean(dim=(2, 3))[:, :, None, None] * a).sum(dim=1)).detach()
    return maps / maps.flatten(1).max(dim=1).values.clamp_min(1e-300)[:, None, None]


def seeded_by_shape(shape: Sequence[int]) -> torch.Tensor:
    """float64 values that depend on the shape alone, to set a student's module by shape
    whatever its names: a vector is 0.5 + U[0, 1) (BatchNorm scales, shifts and running
    statistics: variances stay positive), a weight N(0, 2 / fan_in) (fan_in: its other axes)."""
    seed = 7
    for d in shape:
        seed = (seed * 131 + d) % 2147483647
    g = torch.Generator().manual_seed(seed)
    if len(shape) == 1:
        return 0.5 + torch.rand(tuple(shape), generator=g, dtype=torch.float64)
    fan_in = math.prod(shape[1:])
    return torch.randn(tuple(shape), generator=g, dtype=torch.float64) * (2.0 / fan_in) ** 0.5


def seeded_state(state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """`state` (a state dict) with each floating tensor replaced by `seeded_by_shape`."""
    return {k: seeded_by_shape(v.shape) if v.is_floating_point() else v
            for k, v in state.items()}


def _seeded_batch_norm(h: torch.Tensor, key: str, training: bool,
                       running: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
    """`BatchNorm2d` with default settings, γ = β = seeded_by_shape((C,)), running statistics
    starting at that same vector, kept (and updated in training) in `running[key]`."""
    u = seeded_by_shape((h.shape[1],))
    mean, var = running.setdefault(key, (u.clone(), u.clone()))
    return F.batch_norm(h, mean, var, u, u, training, 0.1, 1e-5)


def seeded_residual_block(x: torch.Tensor, c_out: int, stride: int, residual: bool,
                          training: bool, running: dict[str, tuple[torch.Tensor, torch.Tensor]],
                          key: str = "") -> torch.Tensor:
    """The residual block of exercise 4.2, every tensor `seeded_by_shape` (see
    `seeded_state`): y = ReLU(F(x) + s(x)), F = BN∘Conv3×3∘ReLU∘BN∘Conv3×3(stride), convolutions
    without bias and padding 1, s = identity, or Conv1×1(stride)∘BN when the shape changes;
    y = ReLU(F(x)) without `residual`. BatchNorm running statistics live in `running` under
    `key` + "1", "2", "p"."""
    c_in = x.shape[1]
    h = F.conv2d(x, seeded_by_shape((c_out, c_in, 3, 3)), stride=stride, padding=1)
    h = F.relu(_seeded_batch_norm(h, key + "1", training, running))
    h = F.conv2d(h, seeded_by_shape((c_out, c_out, 3, 3)), padding=1)
    h = _seeded_batch_norm(h, key + "2", training, running)
    if not residual:
        return F.relu(h)
    if stride != 1 or c_in != c_out:
        x = F.conv2d(x, seeded_by_shape((c_out, c_in, 1, 1)), stride=stride)
        x = _seeded_batch_norm(x, key + "p", training, running)
    return F.relu(h + x)


def seeded_mini_resnet8(x: torch.Tensor, classes: int, width: int, residual: bool,
                        training: bool,
                        running: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
    """The mini-ResNet-8 of exercise 4.2, every tensor `seeded_by_shape`: Conv3×3(3 → w,
    padding 1, no bias) → BN → ReLU, residual blocks (w, w, 1), (w, 2w, 2), (2w, 4w, 2), mean
    over positions, Linear(4w → classes)."""
    h = F.conv2d(x, seeded_by_shape((width, 3, 3, 3)), padding=1)
    h = F.relu(_seeded_batch_norm(h, "head", training, running))
    for i, (c_out, stride) in enumerate([(width, 1), (2 * width, 2), (4 * width, 2)]):
        h = seeded_residual_block(h, c_out, stride, residual, training, running, f"b{i + 1}")
    return F.linear(h.mean(dim=(2, 3)), seeded_by_shape((classes, 4 * width)),
                    seeded_by_shape((classes,)))


def small_cifar_cnn(separable: bool, width: int) -> nn.Sequential:
    """The CNN of exercise 4.4, c = `width`: Block(3, c) → Block(c, c) → MaxPool2d(2) →
    Block(c, 2c) → Block(2c, 2c) → MaxPool2d(2) → AdaptiveAvgPool2d(1) → Flatten →
    Linear(2c, 10), where Block(a, b) = Conv3×3(a → b, padding 1) → BatchNorm2d(b) → ReLU, the
    convolution being, if `separable`, a depthwise Conv3×3(a → a, groups=a) then a pointwise
    Conv1×1(a → b), all with biases. Build it under `torch.device("meta")` to count."""
    def block(a: int, b: int) -> list[nn.Module]:
        conv = [nn.Conv2d(a, a, 3, padding=1, groups=a), nn.Conv2d(a, b, 1)] if separable \
            else [nn.Conv2d(a, b, 3, padding=1)]
        return [*conv, nn.BatchNorm2d(b), nn.ReLU()]

    c = width
    return nn.Sequential(*block(3, c), *block(c, c), nn.MaxPool2d(2), *block(c, 2 * c),
                         *block(2 * c, 2 * c), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(2 * c, 10))
