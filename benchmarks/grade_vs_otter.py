"""Benchmark: `autograder grade -j 2` against plain `otter run` (two at a time) on one batch,
the same batch on a Dask LocalCluster of J workers, and the fixed cost of one submission.

Usage: python benchmarks/grade_vs_otter.py [--count N] [--jobs J] [--keep DIR] [--no-cluster]

Builds exercise 2.3's Otter zip if it is missing (`autograder build 2.3`), copies the bundled
sample notebooks (correct, buggy, stub) under distinct names until the batch holds N
submissions, then, in the same run: grades the batch with this machine's slots, with
`--cluster local:J` and with `otter run`; prints the wall times, their ratios, the time per
submission; and the fixed overhead per submission on the full sandbox path: grading K empty
notebooks of exercise 1.1 with `-j 1` against grading one, (T(K) − T(1)) / (K − 1), whose
checks fail at once. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.authoring import exercises  # noqa: E402
from autograder.authoring.samples import DEMO_EXERCISE, samples_dir  # noqa: E402

ENV = {**os.environ, "AUTOGRADER_HOME": str(ROOT),
       "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def otter_zip(ex: exercises.Exercise) -> Path:
    """Otter's autograder zip for `ex`, built when missing."""
    path = ROOT / "dist" / "autograder" / f"{ex.slug}-autograder.zip"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "autograder", "build", ex.id], cwd=ROOT, env=ENV,
                       check=True, stdout=subprocess.DEVNULL)
    if not path.exists():
        raise SystemExit(f"`autograder build {ex.id}` did not write {path}")
    return path


def make_batch(ex: exercises.Exercise, folder: Path, count: int) -> list[Path]:
    """`count` notebooks: the samples that are notebooks, cycled under distinct names."""
    samples = sorted(p for p in samples_dir(ex).glob("*.ipynb") if p.stem != "broken")
    folder.mkdir(parents=True)
    batch = []
    for i, source in zip(range(count), cycle(samples)):
        target = folder / f"{i:03d}-{source.stem}.ipynb"
        shutil.copyfile(source, target)
        batch.append(target)
    return batch


def ours(ex: exercises.Exercise, batch: Path, out: Path, jobs: int,
         *flags: str) -> tuple[float, dict]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", ex.id, str(batch),
                           "--out", str(out), "-j", str(jobs), "--json", *flags], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, {r["student"]: r["score"] for r in json.loads(proc.stdout)["data"]}


def otter_one(zip_path: Path, notebook: Path, out: Path) -> float | None:
    target = out / notebook.stem
    target.mkdir(parents=True)
    proc = subprocess.run(["otter", "run", "-a", str(zip_path), "-o", str(target), "--no-logo",
                           str(notebook)], env=ENV, capture_output=True, text=True)
    results = target / "results.json"
    if proc.returncode != 0 or not results.exists():
        return None
    tests = json.loads(results.read_text())["tests"]
    return sum(t.get("score") or 0 for t in tests)


def otter(zip_path: Path, notebooks: list[Path], out: Path, jobs: int) -> tuple[float, dict]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        scores = list(pool.map(lambda nb: otter_one(zip_path, nb, out), notebooks))
    seconds = time.perf_counter() - start
    return seconds, {nb.stem: s for nb, s in zip(notebooks, scores, strict=True)}


def overhead(work: Path, count: int) -> float:
    """Seconds per extra empty notebook of 1.1 graded one at a time (interpreter, imports,
    sandbox): what a batch pays per submission besides the student's own code."""
    ex = exercises.get("1.1")
    empty = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    times = []
    for n in (1, count):
        folder = work / f"empty{n}"
        folder.mkdir(parents=True)
        for i in range(n):
            (folder / f"vide{i}.ipynb").write_text(empty, encoding="utf-8")
        times.append(ours(ex, folder, work / f"empty{n}-out", 1)[0])
    return (times[1] - times[0]) / (count - 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir)")
    parser.add_argument("--no-cluster", action="store_true", help="skip the Dask run")
    parser.add_argument("--empty", type=int, default=6, help="empty notebooks for the overhead")
    args = parser.parse_args()
    ex = exercises.get(DEMO_EXERCISE)
    zip_path = otter_zip(ex)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = args.keep or Path(tmp)
        notebooks = make_batch(ex, work / "batch", args.count)
        t_ours, s_ours = ours(ex, work / "batch", work / "ours", args.jobs)
        t_dask, s_dask = (None, {}) if args.no_cluster else ours(
            ex, work / "batch", work / "dask", args.jobs, "--cluster", f"local:{args.jobs}")
        t_otter, s_otter = otter(zip_path, notebooks, work / "otter", args.jobs)
        fixed = overhead(work / "overhead", args.empty)
    n = len(notebooks)
    failed = sorted(k for k, v in s_otter.items() if v is None)
    differ = sorted(k for k in s_ours if s_otter.get(k) is not None
                    and abs(s_ours[k] - s_otter[k]) > 1e-4)  # Otter rounds to 5 decimals
    print(f"exercise {ex.id}, {n} submissions, {args.jobs} at a time, {os.cpu_count()} CPUs")
    print(f"autograder grade : {t_ours:7.1f} s  ({t_ours / n:.2f} s per submission)")
    if t_dask is not None:
        print(f"on Dask local:{args.jobs}  : {t_dask:7.1f} s  ({t_dask / n:.2f} s per submission,"
              f" ratio dask/slots {t_dask / t_ours:.2f}; scores "
              f"{'identical' if s_dask == s_ours else 'DIFFER'})")
    print(f"otter run        : {t_otter:7.1f} s  ({t_otter / n:.2f} s per submission)")
    print(f"ratio otter/ours : {t_otter / t_ours:7.2f}")
    print(f"fixed overhead   : {fixed:7.2f} s per submission (empty notebooks of 1.1, -j 1)")
    print(f"difference       : {(t_otter - t_ours) / n:+.2f} s per submission (otter − ours)")
    print(f"scores differ on : {differ or 'none'}; otter run failed on: {failed or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
