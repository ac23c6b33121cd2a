"""Writers for the IDX format that torchvision's MNIST-family loaders read."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np


def write_images(path: Path, images: np.ndarray) -> None:
    """`images`: uint8 array (N, 28, 28), written as an idx3-ubyte file."""
    n, rows, cols = images.shape
    path.write_bytes(struct.pack(">IIII", 0x0803, n, rows, cols)
                     + images.astype(np.uint8).tobytes())


def write_labels(path: Path, labels: np.ndarray) -> None:
    """`labels`: integer array (N,), written as an idx1-ubyte file."""
    path.write_bytes(struct.pack(">II", 0x0801, len(labels)) + labels.astype(np.uint8).tobytes())


def write_split(raw: Path, prefix: str, images: np.ndarray, labels: np.ndarray) -> None:
    """Write `{prefix}-images-idx3-ubyte` and `{prefix}-labels-idx1-ubyte` under `raw`."""
    raw.mkdir(parents=True, exist_ok=True)
    write_images(raw / f"{prefix}-images-idx3-ubyte", images)
    write_labels(raw / f"{prefix}-labels-idx1-ubyte", labels)
