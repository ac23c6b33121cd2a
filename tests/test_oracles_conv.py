"""The convolutional networks' oracles against PyTorch's modules and the course's formulas."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from autograder.checks import oracles


@pytest.mark.parametrize("n, k, s, p, d", [(32, 5, 1, 2, 1), (28, 2, 2, 0, 1), (13, 3, 2, 1, 1),
                                           (40, 3, 3, 4, 2), (9, 3, 1, 0, 4), (7, 1, 2, 0, 1)])
def test_conv_output_size_is_the_course_formula(n, k, s, p, d):
    assert oracles.conv_output_size(n, k, s, p, d) == (n + 2 * p - d * (k - 1) - 1) // s + 1
    if 2 * p <= k:
        pooled = nn.MaxPool2d(k, s, p, dilation=d)(torch.zeros(1, 1, n, n)).shape[2]
        assert oracles.conv_output_size(n, k, s, p, d, pooling=True) == pooled


def test_conv2d_parameter_count():
    assert oracles.conv2d_parameter_count(3, 64, 3, bias=False) == 1728
    assert oracles.conv2d_parameter_count(3, 32, 5) == 2432
    assert oracles.conv2d_parameter_count(6, 8, (3, 2), groups=2) == 8 * 3 * 3 * 2 + 8
    conv = nn.Conv2d(12, 12, 5, groups=12, bias=False)
    assert oracles.conv2d_parameter_count(12, 12, 5, bias=False, groups=12) == sum(
        p.numel() for p in conv.parameters())


def test_stack_dimensions():
    stack = [nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(2, 2), nn.Conv2d(32, 64, 3, stride=2),
             nn.Conv2d(64, 128, 3, padding=1), nn.AdaptiveAvgPool2d(1)]
    assert oracles.stack_dimensions(stack, 3, 128, 128) == [
        (32, 128, 128, 2432), (32, 64, 64, 0), (64, 31, 31, 18496), (128, 31, 31, 73856),
        (128, 1, 1, 0)]
    assert oracles.stack_dimensions(stack, 3, 97, 130)[2][1:3] == (23, 32)


@pytest.mark.parametrize("layers, field", [
    ([], 1), ([(3, 1, 1)] * 2, 5), ([(3, 1, 1)] * 3, 7), ([(3, 2, 1), (3, 2, 1)], 7),
    ([(3, 1, 2)], 5), ([(1, 1, 1)] * 4, 1), ([(7, 2, 1), (3, 2, 1), (3, 1, 1)], 19),
    ([(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)], 31), ([(2, 3, 1), (1, 2, 1), (4, 1, 3)], 56)])
def test_receptive_field_measured_is_the_recurrence(layers, field):
    assert oracles.receptive_field(layers) == field
    r, j = 1, 1
    for k, s, d in layers:
        r, j = r + d * (k - 1) * j, j * s
    assert r == field


def test_resnet_main_path():
    path = oracles.resnet_main_path(50)
    assert path[:5] == [(7, 2, 1), (3, 2, 1), (1, 1, 1), (3, 1, 1), (1, 1, 1)]
    assert len(path) == 2 + 3 * (3 + 4 + 6 + 3)
    assert oracles.receptive_field(path) == 427
    assert len(oracles.resnet_main_path(18)) == 2 + 2 * 8
    dilated = oracles.resnet_main_path(50, (False, True, True))
    assert max(d for _, _, d in dilated) == 4 and sum(s for _, s, _ in dilated) < sum(
        s for _, s, _ in path)


def test_normalized_filters():
    torch.manual_seed(0)
    w = torch.randn(5, 3, 4, 2, dtype=torch.float64)
    w[1] = 0.25
    out = oracles.normalized_filters(w)
    assert out.shape == (5, 4, 2, 3)
    assert torch.equal(out[1], torch.zeros(4, 2, 3, dtype=torch.float64))
    for i in (0, 2, 3, 4):
        f = w[i].permute(1, 2, 0)
        torch.testing.assert_close(out[i], (f - f.min()) / (f.max() - f.min()))


def test_grad_cam_of_a_cam_head_is_the_class_weights():
    torch.manual_seed(1)
    model = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(6, 3)).double()
    x = torch.rand(2, 3, 5, 7, dtype=torch.float64)
    maps = oracles.grad_cam(model[:2], model[2:], x, torch.tensor([2, 0]))
    a = model[:2](x).detach()
    for b, c in enumerate((2, 0)):
        cam = torch.relu(torch.einsum("k,kij->ij", model[4].weight[c].detach(), a[b]))
        torch.testing.assert_close(maps[b], cam / cam.max() if cam.max() > 0 else cam)
    with torch.no_grad():
        model[4].weight[1] = -1.0
    assert torch.equal(oracles.grad_cam(model[:2], model[2:], x, torch.tensor([1, 1])),
                       torch.zeros(2, 5, 7, dtype=torch.float64))


def test_seeded_by_shape():
    assert torch.equal(oracles.seeded_by_shape((4, 3, 3, 3)), oracles.seeded_by_shape([4, 3, 3, 3]))
    assert not torch.equal(oracles.seeded_by_shape((4, 3, 3, 3)),
                           oracles.seeded_by_shape((4, 3, 3, 1))[..., :1].expand(4, 3, 3, 3))
    v = oracles.seeded_by_shape((6,))
    assert v.dtype == torch.float64 and bool((v >= 0.5).all()) and bool((v < 1.5).all())
    state = oracles.seeded_state({"w": torch.zeros(2, 3), "n": torch.tensor(4)})
    assert torch.equal(state["w"], oracles.seeded_by_shape((2, 3))) and int(state["n"]) == 4


class Block(nn.Module):
    def __init__(self, c_in, c_out, stride, residual):
        super().__init__()
        self.residual = residual
        self.branch = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(),
            nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False), nn.BatchNorm2d(c_out))
        self.shortcut = nn.Identity()
        if residual and (stride != 1 or c_in != c_out):
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False),
                                          nn.BatchNorm2d(c_out))

    def forward(self, x):
        h = self.branch(x)
        return torch.relu(h + self.shortcut(x)) if self.residual else torch.relu(h)


def _modes(module, oracle, x):
    """The module and the oracle agree in eval, train, then eval with updated statistics."""
    module.load_state_dict(oracles.seeded_state(module.double().state_dict()))
    running = {}
    for mode in ("eval", "train", "eval"):
        getattr(module, mode)()
        torch.testing.assert_close(module(x), oracle(x, mode == "train", running))


@pytest.mark.parametrize("c_in, c_out, stride, residual", [
    (6, 6, 1, True), (6, 10, 1, True), (6, 6, 2, True), (4, 8, 2, True), (5, 7, 2, False)])
def test_seeded_residual_block_is_the_module(c_in, c_out, stride, residual):
    x = torch.randn(3, c_in, 9, 7, dtype=torch.float64)
    _modes(Block(c_in, c_out, stride, residual), lambda x, training, running:
           oracles.seeded_residual_block(x, c_out, stride, residual, training, running), x)


@pytest.mark.parametrize("classes, width, residual", [(7, 6, True), (10, 4, False)])
def test_seeded_mini_resnet8_is_the_module(classes, width, residual):
    w = width

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.head = nn.Sequential(nn.Conv2d(3, w, 3, padding=1, bias=False),
                                      nn.BatchNorm2d(w), nn.ReLU())
            self.blocks = nn.Sequential(Block(w, w, 1, residual), Block(w, 2 * w, 2, residual),
                                        Block(2 * w, 4 * w, 2, residual))
            self.out = nn.Linear(4 * w, classes)

        def forward(self, x):
            return self.out(self.blocks(self.head(x)).mean(dim=(2, 3)))

    x = torch.rand(3, 3, 12, 10, dtype=torch.float64)
    _modes(Net(), lambda x, training, running:
           oracles.seeded_mini_resnet8(x, classes, width, residual, training, running), x)


def test_small_cifar_cnn():
    with torch.device("meta"):
        counts = [sum(p.numel() for p in oracles.small_cifar_cnn(s, 32).parameters())
                  for s in (False, True)]
    assert counts == [66602, 9800]  # the figures the statement's answer quotes
    model = oracles.small_cifar_cnn(True, 8)
    assert model(torch.rand(2, 3, 16, 24)).shape == (2, 10)
    assert [m.groups for m in model if isinstance(m, nn.Conv2d)][:4] == [3, 1, 8, 1]
