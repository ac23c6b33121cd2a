"""The reference computations of `autograder.checks.oracles`, against PyTorch's own modules."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from autograder.checks import oracles

D = torch.float64


def _sequential(params: dict[str, torch.Tensor]) -> nn.Sequential:
    """The same MLP as torch modules: Linear, ReLU, …, Linear."""
    depth = len(params) // 2
    layers: list[nn.Module] = []
    for i in range(1, depth + 1):
        out_features, in_features = params[f"W{i}"].shape
        linear = nn.Linear(in_features, out_features).double()
        with torch.no_grad():
            linear.weight.copy_(params[f"W{i}"])
            linear.bias.copy_(params[f"b{i}"])
        layers += [linear, nn.ReLU()] if i < depth else [linear]
    return nn.Sequential(*layers)


def test_random_mlp_shapes_order_and_seed():
    params = oracles.random_mlp([3, 7, 5, 2], torch.Generator().manual_seed(4))
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [tuple(params[k].shape) for k in params] == [(7, 3), (7,), (5, 7), (5,), (2, 5), (2,)]
    assert all(v.dtype == D for v in params.values())
    g = torch.Generator().manual_seed(4)
    assert torch.equal(params["W1"], torch.randn(7, 3, generator=g, dtype=D))
    assert torch.equal(params["b1"], torch.randn(7, generator=g, dtype=D))
    again = oracles.random_mlp([3, 7, 5, 2], torch.Generator().manual_seed(4))
    assert all(torch.equal(params[k], again[k]) for k in params)


@pytest.mark.parametrize("dims", [[3, 7, 5, 2], [1, 6, 1], [4, 2]])
def test_mlp_without_dropout_is_the_sequential_network(dims):
    g = torch.Generator().manual_seed(5)
    params = oracles.random_mlp(dims, g)
    x = torch.randn(9, dims[0], generator=g, dtype=D)
    torch.testing.assert_close(oracles.mlp(params, x), _sequential(params)(x).detach(),
                               rtol=1e-12, atol=1e-12)


def test_mlp_with_dropout_masks_each_hidden_layer_from_the_generator():
    params = oracles.random_mlp([3, 8, 6, 2], torch.Generator().manual_seed(6))
    x = torch.randn(5, 3, generator=torch.Generator().manual_seed(7), dtype=D)
    p, masks = 0.35, torch.Generator().manual_seed(8)

    def drop(module, inputs, output):  # inverted dropout after each hidden ReLU, in order
        keep = torch.rand(output.shape, generator=masks, dtype=output.dtype) >= p
        return output * keep / (1 - p)

    network = _sequential(params)
    for layer in network:
        if isinstance(layer, nn.ReLU):
            layer.register_forward_hook(drop)
    gen = torch.Generator().manual_seed(8)
    for _ in range(3):  # successive passes draw from the same generator, one after the other
        torch.testing.assert_close(oracles.mlp(params, x, p, gen), network(x).detach(),
                                   rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("n, d, eps", [(9, 5, 1e-5), (3, 2, 0.5), (16, 4, 1e-3)])
def test_batch_norm_backward_is_autograd_through_batchnorm1d(n, d, eps):
    g = torch.Generator().manual_seed(11)
    x = 2 * torch.randn(n, d, generator=g, dtype=D) + 1
    x[:, 0] = -3.0 + 1e-3 * torch.randn(n, generator=g, dtype=D)
    gamma, beta = torch.randn(d, generator=g, dtype=D), torch.randn(d, generator=g, dtype=D)
    delta = torch.randn(n, d, generator=g, dtype=D)
    bn = nn.BatchNorm1d(d, eps=eps).double().train()
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    leaf = x.clone().requires_grad_(True)
    (bn(leaf) * delta).sum().backward()
    d_x, d_gamma, d_beta = oracles.batch_norm_backward(x, gamma, delta, eps)
    torch.testing.assert_close(d_x, leaf.grad, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(d_gamma, bn.weight.grad, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(d_beta, bn.bias.grad, rtol=1e-10, atol=1e-12)


def test_batch_norm_backward_is_autograd_through_batchnorm2d_per_channel():
    g = torch.Generator().manual_seed(12)
    images = 2 * torch.randn(4, 3, 5, 5, generator=g, dtype=D) - 1
    gamma, beta = torch.randn(3, generator=g, dtype=D), torch.randn(3, generator=g, dtype=D)
    delta = torch.randn(4, 3, 5, 5, generator=g, dtype=D)
    bn = nn.BatchNorm2d(3, eps=1e-3).double().train()
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
    leaf = images.clone().requires_grad_(True)
    (bn(leaf) * delta).sum().backward()

    def rows(t):  # one row per (image, pixel), one column per channel
        return t.permute(0, 2, 3, 1).reshape(-1, 3)

    d_x, d_gamma, d_beta = oracles.batch_norm_backward(rows(images), gamma, rows(delta), 1e-3)
    torch.testing.assert_close(d_x, rows(leaf.grad), rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(d_gamma, bn.weight.grad, rtol=1e-10, atol=1e-12)
    torch.testing.assert_close(d_beta, bn.bias.grad, rtol=1e-10, atol=1e-12)
