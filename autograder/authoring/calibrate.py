"""What grading derives from the reference, measured and written to exercise.yaml: accuracy
thresholds from its seed-to-seed spread, and its runtime (the default time limits)."""

from __future__ import annotations

import copy
import json
import math
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from autograder.authoring.exercises import METADATA, Exercise
from autograder.data import KINDS, offline_kind
from autograder.errors import AuthoringError
from autograder.execution import Job, SandboxExecutor
from autograder.grading.batch import UNMEASURED_S, GradeOptions, thread_env

MIN_MARGIN = 0.02
CHANCE = 0.1  # the grader's training checks classify 10 classes (`checks.training`)


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

    @property
    def usable(self) -> bool:
        """A threshold at or below chance would pass a model that learned nothing: the budget
        is too short or too unstable across seeds to grade with."""
        return self.threshold > CHANCE

    def to_yaml(self) -> dict[str, object]:
        return {"seeds": len(self.accuracies), "min": round(min(self.accuracies), 4),
                "max": round(max(self.accuracies), 4),
                "mean": round(statistics.fmean(self.accuracies), 4),
                "std": round(statistics.pstdev(self.accuracies), 4),
                "margin": round(self.margin, 4),
                "seconds_per_run": round(self.seconds_per_run, 1)}


@dataclass(frozen=True)
class Runtime:
    """The reference's run on one device: medians over the runs measured."""

    device: str
    notebook_s: float  # the whole run: sandbox, cells, every check
    slowest_check_s: float
    grader_cpu_s: float

    def to_yaml(self) -> dict[str, float]:
        return {"notebook_s": round(self.notebook_s, 2),
                "slowest_check_s": round(self.slowest_check_s, 2),
                "grader_cpu_s": round(self.grader_cpu_s, 2)}


def _generous(options: GradeOptions) -> tuple[float, float]:
    """Limits while measuring: the flags', else those of an unmeasured exercise."""
    return (options.timeout_s or UNMEASURED_S["notebook_s"],
            options.seconds_per_check or UNMEASURED_S["slowest_check_s"])


def measure_runtime(ex: Exercise, runs: int, device: str, options: GradeOptions) -> Runtime:
    """Grade the reference `runs` times, alone (one thread set per run), and keep the medians."""
    executor = SandboxExecutor()
    reference = ex.reference_dir() / ex.notebook_name
    timeout, per_check = _generous(options)
    reports = []
    for _ in range(runs):
        env = {"AUTOGRADER_DEVICE": device, **thread_env(1)}
        report = executor.run(Job(ex.id, reference, ex.notebook_name, ex.tests_dir(), timeout,
                                  per_check, True, env))
        if not report.finished:
            raise AuthoringError(f"{ex.id}: reference run did not finish ({report.reason}; "
                               f"{report.stderr_tail[-500:]})")
        reports.append(report)
    return Runtime(device, statistics.median(r.seconds for r in reports),
                   statistics.median(max((o.seconds for o in r.outcomes), default=0.0)
                                     for r in reports),
                   statistics.median(r.grader_cpu_s for r in reports))


def record_runtime(ex: Exercise, runtime: Runtime) -> Path:
    """Write `runtime.<device>`, rewriting only the file's top-level `runtime:` block (last)."""
    path = ex.folder / METADATA
    text = path.read_text(encoding="utf-8")
    measured = (yaml.safe_load(text) or {}).get("runtime") or {}
    measured[runtime.device] = runtime.to_yaml()
    kept, inside = [], False
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            inside = line.startswith("runtime:")
        if not inside:
            kept.append(line)
    block = yaml.safe_dump({"runtime": measured}, sort_keys=True, width=100)
    path.write_text("\n".join(kept).rstrip("\n") + "\n" + block, encoding="utf-8")
    return path


def calibrate(ex: Exercise, seeds: int, device: str, options: GradeOptions) -> list[Calibration]:
    """Grade the reference notebook once per seed with accuracy checks in recording mode."""
    if not ex.training:
        return []
    executor = SandboxExecutor()
    timeout, per_check = _generous(options)
    reference = ex.reference_dir() / ex.notebook_name
    with tempfile.TemporaryDirectory(prefix="calibrate-") as tmp:
        log = Path(tmp) / "accuracies.jsonl"
        seconds = []
        for s in range(seeds):
            env = {"AUTOGRADER_SEED": str(s), "AUTOGRADER_DEVICE": device,
                   "AUTOGRADER_CALIBRATION_LOG": str(log), **thread_env(1)}
            report = executor.run(Job(ex.id, reference, ex.notebook_name, ex.tests_dir(),
                                      timeout, per_check, True, env))
            if not report.finished:
                raise AuthoringError(f"{ex.id}: reference run for seed {s} did not finish "
                                   f"({report.stderr_tail[-500:]})")
            seconds.append(report.seconds)
        records = [json.loads(line) for line in log.read_text().splitlines()]
    results = []
    for key in ex.training:
        mine = [r for r in records if r["key"] == key]
        by_seed = {r["seed"]: r["accuracy"] for r in mine}
        accs = tuple(by_seed[s] for s in sorted(by_seed))
        if not accs:
            raise AuthoringError(f"{ex.id}: no accuracy recorded for training key {key!r}")
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
