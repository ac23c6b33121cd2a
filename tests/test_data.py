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


def test_seattle_weather_is_the_real_series(data_root):
    dates, values = data.series("seattle-weather", "train")
    assert data.columns("seattle-weather") == ("precipitation", "temp_max", "temp_min", "wind")
    assert dates[0] == "2012-01-01" and dates[-1] == "2013-12-31" and len(dates) == 731
    assert values.shape == (731, 4) and values.dtype == torch.float32
    # the first rows of vega_datasets' seattle-weather.csv
    assert values[0].tolist() == pytest.approx([0.0, 12.8, 5.0, 4.7], abs=1e-5)
    assert values[1].tolist() == pytest.approx([10.9, 10.6, 2.8, 4.5], abs=1e-5)
    assert "real Seattle daily weather" in data.provenance("seattle-weather")
    assert data.provenance_kind("seattle-weather") == data.offline_kind("seattle-weather") \
        == data.REAL


def test_seattle_weather_splits_are_the_years_disjoint_and_complete(data_root):
    import datetime

    splits = {s: data.series("seattle-weather", s) for s in ("train", "test", "holdout")}
    years = {s: {d[:4] for d in dates} for s, (dates, _) in splits.items()}
    assert years == {"train": {"2012", "2013"}, "test": {"2014"}, "holdout": {"2015"}}
    every = [d for s in ("train", "test", "holdout") for d in splits[s][0]]
    first = datetime.date(2012, 1, 1)
    assert every == [(first + datetime.timedelta(days=k)).isoformat() for k in range(1461)]
    assert [len(splits[s][0]) for s in ("train", "test", "holdout")] == [731, 365, 365]
    assert splits["holdout"][0][-1] == "2015-12-31"
    assert splits["holdout"][1][-1].tolist() == pytest.approx([0.0, 5.6, -2.1, 3.5], abs=1e-5)
    public = data_root / "seattle-weather"
    assert sorted(p.name for p in public.iterdir()) == ["test.csv", "train.csv"]
    assert "2015-" not in (public / "test.csv").read_text() + (public / "train.csv").read_text()
    assert (data_root / "grader-holdout" / "seattle-weather.csv").exists()
    assert "seattle-weather" in data.PUBLIC_ENTRIES


def test_seattle_weather_is_a_series_only(data_root):
    with pytest.raises(UsageError, match="time series"):
        data.tensors("seattle-weather", "train")
    with pytest.raises(UsageError, match="time series"):
        data.load("seattle-weather")
    with pytest.raises(UsageError, match="not a time series"):
        data.series("mnist")
    with pytest.raises(ValueError, match="unknown split"):
        data.series("seattle-weather", "valid")


def test_course_text_is_the_course_labelled_by_theme_in_disjoint_splits(data_root):
    splits = {s: data.texts("course-text", s) for s in ("train", "test", "holdout")}
    assert data.classes("course-text") == ("fondements", "séquences", "génératifs")
    assert [len(splits[s][0]) for s in splits] == [602, 120, 120]
    for texts, labels in splits.values():
        assert len(texts) == len(labels) and labels.dtype == torch.int64
        assert set(labels.tolist()) == {0, 1, 2}
        assert all(5 <= len(t.split()) <= 30 and "\t" not in t for t in texts)
    seen = [set(texts) for texts, _ in splits.values()]
    assert not (seen[0] & seen[2]) and not (seen[1] & seen[2])
    train = dict(zip(*splits["train"], strict=True))
    assert train["Le Transformer élimine toute récurrence, ne conservant que l’attention."] == 1
    public = data_root / "course-text"
    assert sorted(p.name for p in public.iterdir()) == ["test.tsv", "train.tsv"]
    assert (data_root / "grader-holdout" / "course-text.tsv").exists()
    assert "course-text" in data.PUBLIC_ENTRIES
    assert "real French text" in data.provenance("course-text")
    assert data.provenance_kind("course-text") == data.offline_kind("course-text") == data.REAL


def test_course_text_is_texts_only(data_root):
    with pytest.raises(UsageError, match="text dataset"):
        data.tensors("course-text", "train")
    with pytest.raises(UsageError, match="not a text dataset"):
        data.texts("mnist")
    with pytest.raises(ValueError, match="unknown split"):
        data.texts("course-text", "valid")
