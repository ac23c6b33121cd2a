"""Training under a per-device budget, accuracy on the grader's held-out split, thresholds.

Budgets and thresholds live in each exercise's `exercise.yaml` under `training.<key>.<device>`,
with one threshold per kind of data (`threshold: {stand-in: 0.94, real: 0.41}`): a number
measured on a synthetic stand-in says nothing about the real dataset. `autograder calibrate`
measures the reference over several seeds and writes the threshold for the data present. A
training check whose data has no calibrated threshold is not judged: it fails with the verdict
« seuil non calibré pour ces données » and earns nothing (`autograder grade` refuses to start
unless told to go on).
"""

from __future__ import annotations

import contextvars
import json
import os
import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from autograder.checks.failure import CheckFailure, call
from autograder.checks.observe import downsample, record
from autograder.checks.portable import portable

CALIBRATION_LOG = "AUTOGRADER_CALIBRATION_LOG"
_RUN: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar("run",
                                                                                default=None)


@contextmanager
def run_settings(env: Mapping[str, str]) -> Iterator[None]:
    """The `AUTOGRADER_*` settings of one grading run, for checks running in this thread (the
    grader runs several submissions at once); the process environment is the fallback."""
    token = _RUN.set(dict(env))
    try:
        yield
    finally:
        _RUN.reset(token)


def _setting(key: str) -> str | None:
    return (_RUN.get() or {}).get(key) or os.environ.get(key)


def device() -> str:
    """`AUTOGRADER_DEVICE` if set, else 'cuda' when a GPU is present, else 'cpu'."""
    wanted = _setting("AUTOGRADER_DEVICE")
    if wanted:
        return wanted
    return "cuda" if torch.cuda.is_available() else "cpu"


def seed() -> int:
    """The seed of this grading run (`AUTOGRADER_SEED`, default 0)."""
    return int(_setting("AUTOGRADER_SEED") or "0")


def seed_everything(value: int | None = None) -> None:
    value = seed() if value is None else value
    random.seed(value)
    np.random.seed(value)
    torch.manual_seed(value)


@contextmanager
def deterministic() -> Iterator[None]:
    """Deterministic kernels and no TF32 while the block runs (gradient checks, GPU runs)."""
    saved = (torch.are_deterministic_algorithms_enabled(), torch.backends.cudnn.deterministic,
             torch.backends.cudnn.benchmark, torch.backends.cuda.matmul.allow_tf32,
             torch.backends.cudnn.allow_tf32)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(saved[0], warn_only=True)
        (torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark,
         torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32) = saved[1:]


@dataclass(frozen=True)
class Budget:
    """What one training check may spend on one device, and the accuracy it must reach."""

    exercise: str
    key: str
    device: str
    dataset: str
    epochs: int
    train_size: int
    batch_size: int
    lr: float
    threshold: float | None
    """None: no threshold was calibrated for this kind of data (see `expect_accuracy`)."""
    data_kind: str | None = None
    """The kind of data (`stand-in` or `real`) the threshold was looked up for."""


KIND_LABELS = {"stand-in": "substitut synthétique", "real": "données réelles"}


def threshold_for(spec: Mapping[str, object], dataset: str, kind: str) -> float | None:
    """The threshold of one device's budget for data of `kind`, None when never calibrated.

    `threshold` maps kinds to numbers; a bare number (the format before kinds existed) was
    calibrated on what `autograder data` prepares offline, so it holds for that kind only.
    """
    from autograder import data

    value = spec.get("threshold")
    if not isinstance(value, Mapping):
        value = {data.offline_kind(dataset): value}
    found = value.get(kind)
    return None if found is None else float(found)


def budget(exercise_id: str, key: str) -> Budget:
    """The budget of training check `key` of an exercise on this run's device and data."""
    from autograder import data
    from autograder.authoring.exercises import get

    dev = device()
    entry = get(exercise_id).training[key]
    spec = entry[dev if dev in entry else "cpu"]
    kind = data.provenance_kind(entry["dataset"])
    return Budget(exercise_id, key, dev, entry["dataset"], int(spec["epochs"]),
                  int(spec["train_size"]), int(spec["batch_size"]), float(spec["lr"]),
                  threshold_for(spec, entry["dataset"], kind), kind)


def uncalibrated(exercise_id: str) -> list[Budget]:
    """The training checks of an exercise with no threshold for this run's device and data."""
    from autograder.authoring.exercises import get

    return [b for b in (budget(exercise_id, key) for key in get(exercise_id).training)
            if b.threshold is None]


@portable
def count_params(model: nn.Module, trainable_only: bool = True) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)


@portable
def make_model(factory: Callable[..., nn.Module], *args: object, name: str,
               **kwargs: object) -> nn.Module:
    """Build a student model, seeded with this run's seed wherever it is built, and check that
    it is an `nn.Module` with parameters."""
    seed_everything()
    model = call(factory, *args, name=name, **kwargs)
    if not isinstance(model, nn.Module):
        raise CheckFailure.coded("not_module", name=name, type=type(model).__name__)
    if count_params(model) == 0:
        raise CheckFailure.coded("no_parameters", name=name)
    return model


@portable
def forward(model: nn.Module, x: torch.Tensor, name: str) -> torch.Tensor:
    """`model(x)`, with `x` moved to the model's device first (a tensor crosses the sandbox
    boundary on the CPU)."""
    params = getattr(model, "parameters", None)
    first = next(iter(params()), None) if callable(params) else None
    if isinstance(first, torch.Tensor) and isinstance(x, torch.Tensor):
        x = x.to(first.device)
    out = call(model, x, name=name)
    if not isinstance(out, torch.Tensor):
        raise CheckFailure.coded("not_tensor", name=name, type=type(out).__name__)
    return out


def train_classifier(model: nn.Module, b: Budget, name: str) -> list[float]:
    """Train with Adam and cross-entropy on the first `train_size` training images; return the
    batch losses (trained where the model lives; the finiteness verdict is the grader's)."""
    losses = _train(model, b, name)
    if not isinstance(losses, list) or not all(isinstance(v, float) for v in losses):
        raise CheckFailure.coded("no_loss_curve", name=name)
    finite = [x if np.isfinite(x) else None for x in losses]
    record("loss_curve", {"model": name, "steps": len(losses), "epochs": b.epochs,
                          "losses": downsample(finite)})
    if not np.isfinite(losses).all():
        raise CheckFailure.coded("diverged", name=name)
    return losses


@portable
def _train(model: nn.Module, b: Budget, name: str) -> list[float]:
    from autograder import data

    seed_everything()
    x, y = data.tensors(b.dataset, "train")
    x, y = x[: b.train_size].to(b.device), y[: b.train_size].to(b.device)
    model.to(b.device).train()
    opt = torch.optim.Adam(model.parameters(), lr=b.lr)
    gen = torch.Generator().manual_seed(seed())
    losses = []
    for _ in range(b.epochs):
        for batch in torch.randperm(len(y), generator=gen).split(b.batch_size):
            out = forward(model, x[batch], name)
            if out.shape != (len(batch), 10):
                raise CheckFailure.coded("batch_shape", name=name, got=list(out.shape),
                                         batch=len(batch), expected=[len(batch), 10])
            loss = nn.functional.cross_entropy(out, y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss.detach()))
    return losses


@torch.no_grad()
def accuracy(model: nn.Module, dataset: str, name: str, split: str = "holdout") -> float:
    """Accuracy on the grader's held-out split (students never see which items)."""
    from autograder import data

    x, y = data.tensors(dataset, split)
    model.eval()
    correct = 0
    for xs, ys in zip(x.split(500), y.split(500), strict=True):
        correct += int((forward(model, xs, name).argmax(dim=1).cpu() == ys).sum())
    return correct / len(y)


def training_loss(model: nn.Module, b: Budget, name: str) -> float:
    """Cross-entropy of the model (in eval mode) on the first images a budget trains on, at most
    512, computed here from the model's outputs. Checks that training lowers the loss compare
    two of these, not the loss curve the training loop reports, which the student's side of the
    sandbox could rewrite."""
    from autograder import data

    x, y = data.tensors(b.dataset, "train")
    n = min(b.train_size, 512)
    model.eval()
    with torch.no_grad():
        logits = forward(model, x[:n], name)
    model.train()
    if logits.shape != (n, 10):
        raise CheckFailure.coded("batch_shape", name=name, got=list(logits.shape), batch=n,
                                 expected=[n, 10])
    return float(nn.functional.cross_entropy(logits.detach().cpu().double(), y[:n]))


def expect_accuracy(value: float, b: Budget, name: str, hint: str | None = None) -> None:
    """Accuracy ≥ calibrated threshold; in calibration runs the value is recorded instead.

    With no threshold calibrated for the data present, the accuracy is recorded and the check
    fails as « seuil non calibré » (code `uncalibrated`): no other data's number is applied.
    """
    log = _setting(CALIBRATION_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"exercise": b.exercise, "key": b.key, "device": b.device,
                                "data": b.data_kind, "seed": seed(), "accuracy": value,
                                "time": time.time()}) + "\n")
        return
    record("accuracy", {"model": name, "value": value, "threshold": b.threshold,
                        "device": b.device, "dataset": b.dataset, "data": b.data_kind,
                        "epochs": b.epochs, "train_size": b.train_size,
                        "batch_size": b.batch_size})
    if b.threshold is None:
        raise uncalibrated_failure(value, b, name)
    if value < b.threshold:
        raise CheckFailure.coded(
            "accuracy", hint, name=name, value=f"{100 * value:.1f}",
            threshold=f"{100 * b.threshold:.1f}", device=b.device, epochs=b.epochs,
            train_size=b.train_size, batch_size=b.batch_size)


def uncalibrated_failure(value: float, b: Budget, name: str) -> CheckFailure:
    """The verdict of an accuracy that no calibrated threshold can judge."""
    kind = KIND_LABELS.get(b.data_kind or "", b.data_kind or "?")
    return CheckFailure.coded(
        "uncalibrated", name=name, value=f"{100 * value:.1f}", dataset=b.dataset,
        data=b.data_kind or "?", data_fr=kind, device=b.device, exercise=b.exercise)
