"""Accuracy thresholds from the reference's own seed-to-seed spread, written to exercise.yaml."""

from __future__ import annotations

import copy
import json
import math
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .data import KINDS, offline_kind
from .execution import Job, SandboxExecutor
from .exercises import METADATA, Exercise
from .grading import GradeOptions, thread_env

MIN_MARGIN = 0.02


@dataclass(frozen=True)
class Calibration:
    key: str
    device: str
    accuracies: tuple[float, ...]
    seconds_per_run: float
    data: str
    """The kind of data measured (`data.provenance_kind`): the threshold holds for it only."""

    @property
    def margin(self) -> float:
        spread = statistics.pstdev(self.accuracies) if len(self.accuracies) > 1 else 0.0
        return max(MIN_MARGIN, 3 * spread)

    @property
    def threshold(self) -> float:
        # rounded first, so that 0.45 - 0.02 = 0.42999… floors to 0.43, not 0.42
        return math.floor(round((min(self.accuracies) - self.margin) * 100, 6)) / 100

    def to_yaml(self) -> dict[str, object]:
        return {"seeds": len(self.accuracies), "min": round(min(self.accuracies), 4),
                "max": round(max(self.accuracies), 4),
                "mean": round(statistics.fmean(self.accuracies), 4),
                "std": round(statistics.pstdev(self.accuracies), 4),
                "margin": round(self.margin, 4),
                "seconds_per_run": round(self.seconds_per_run, 1)}


def calibrate(ex: Exercise, seeds: int, device: str, options: GradeOptions) -> list[Calibration]:
    """Grade the reference notebook once per seed with accuracy checks in recording mode."""
    if not ex.training:
        return []
    executor = SandboxExecutor()
    reference = ex.reference_dir() / ex.notebook_name
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        log = Path(tmp) / "accuracies.jsonl"
        seconds = []
        for s in range(seeds):
            env = {"AUTOGRADER_SEED": str(s), "AUTOGRADER_DEVICE": device,
                   "AUTOGRADER_CALIBRATION_LOG": str(log), **thread_env(1)}
            report = executor.run(Job(ex.id, reference, ex.notebook_name, ex.tests_dir(),
                                      options.timeout_s, options.seconds_per_check, True, env))
            if not report.finished:
                raise RuntimeError(f"{ex.id}: reference run for seed {s} did not finish "
                                   f"({report.stderr_tail[-500:]})")
            seconds.append(report.seconds)
        records = [json.loads(line) for line in log.read_text().splitlines()]
    results = []
    for key in ex.training:
        mine = [r for r in records if r["key"] == key]
        by_seed = {r["seed"]: r["accuracy"] for r in mine}
        accs = tuple(by_seed[s] for s in sorted(by_seed))
        if not accs:
            raise RuntimeError(f"{ex.id}: no accuracy recorded for training key {key!r}")
        results.append(Calibration(key, device, accs, statistics.fmean(seconds),
                                   mine[0]["data"]))
    return results


def record(ex: Exercise, calibrations: list[Calibration]) -> Path:
    """Write each threshold and its measurements under training.<key>.<device>, keyed by the
    kind of data measured (`threshold: {stand-in: …, real: …}`); the other kinds' numbers are
    kept. A bare number (the format before kinds) is first read as the offline data's."""
    path = ex.folder / METADATA
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    for c in calibrations:
        training = meta["training"][c.key]
        entry = training.setdefault(c.device, copy.deepcopy(training["cpu"]))
        offline = offline_kind(training["dataset"])
        for field, value in (("threshold", c.threshold), ("calibration", c.to_yaml())):
            known = entry.get(field)
            if known is not None and not (isinstance(known, dict) and set(known) <= set(KINDS)):
                known = {offline: known}
            entry[field] = {**(known or {}), c.data: value}
    path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100),
                    encoding="utf-8")
    return path
