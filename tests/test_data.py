"""Offline datasets load through torchvision's own loaders and say what they are."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torchvision import datasets

from autograder import data
from autograder.errors import UsageError


@pytest.fixture()
def data_root(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_DATA", str(tmp_path))
    return tmp_path


def test_mnist_is_the_real_subset_in_raw_format(data_root):
    data.prepare("mnist")
    assert (data_root / "MNIST/raw/train-images-idx3-ubyte").exists()
    train = datasets.MNIST(str(data_root), train=True, download=False)
    test = datasets.MNIST(str(data_root), train=False, download=False)
    assert (len(train), len(test)) == (4000, 500)
    assert train.data.dtype == torch.uint8 and train.data.shape[1:] == (28, 28)
    assert sorted(torch.unique(train.targets).tolist()) == list(range(10))
    assert "real MNIST" in data.provenance("mnist")
    assert data.provenance_kind("mnist") == data.offline_kind("mnist") == data.REAL


@pytest.mark.parametrize("name, shape, n_train", [
    ("fashion-mnist", (1, 28, 28), 6000), ("cifar10", (3, 32, 32), 5000)])
def test_standins_are_labelled_and_load(data_root, name, shape, n_train):
    x, y = data.tensors(name, "train")
    assert x.shape == (n_train, *shape) and x.dtype == torch.float32
    assert 0.0 <= float(x.min()) and float(x.max()) <= 1.0
    assert "synthetic" in data.provenance(name)
    assert data.provenance_kind(name) == data.offline_kind(name) == data.STAND_IN
    ds = data.load(name, train=False)
    assert len(ds) == 1000 and isinstance(ds, datasets.VisionDataset)


def test_holdout_is_apart_from_student_splits(data_root):
    train, _ = data.tensors("mnist", "train")
    test, _ = data.tensors("mnist", "test")
    holdout, labels = data.tensors("mnist", "holdout")
    assert len(holdout) == 500 and len(labels) == 500
    seen = {bytes(np.asarray(img * 255, dtype=np.uint8)) for img in torch.cat([train, test])}
    overlap = sum(bytes(np.asarray(img * 255, dtype=np.uint8)) in seen for img in holdout)
    assert overlap == 0
    assert not (data_root / "MNIST" / "grader-holdout").exists()


def test_real_copy_takes_precedence(data_root):
    raw = data_root / "FashionMNIST" / "raw"
    from autograder.data import idx

    rng = np.random.default_rng(0)
    idx.write_split(raw, "train", rng.integers(0, 255, (50, 28, 28)), np.arange(50) % 10)
    idx.write_split(raw, "t10k", rng.integers(0, 255, (20, 28, 28)), np.arange(20) % 10)
    assert "real" in data.provenance("fashion-mnist")
    assert data.provenance_kind("fashion-mnist") == data.REAL != data.offline_kind("fashion-mnist")
    holdout, _ = data.tensors("fashion-mnist", "holdout")
    assert len(holdout) == 10  # second half of the real test split


def test_unknown_names_and_splits(data_root):
    with pytest.raises(UsageError, match="unknown dataset"):
        data.prepare("imagenet")
    with pytest.raises(ValueError, match="unknown split"):
        data.tensors("mnist", "valid")
