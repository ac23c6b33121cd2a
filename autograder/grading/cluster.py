"""Grading on a Dask cluster: one task per submission, graded on whichever worker takes it by
the same sandboxed runner as on one machine.

A task carries what a worker needs and nothing of the instructor's disk: the notebook's bytes,
the exercise, its check files (scattered once per batch). A worker needs this package installed
and its own data root (prepared offline on first use, or a shared `AUTOGRADER_DATA`), not the
checkout. Each worker builds its own executor, so a result records the sandbox layers of the
host that graded it.

A worker that dies is restarted by its nanny and its task retried on another (the scheduler's
`allowed-failures`); a submission that has killed that many workers becomes a `crashed` row and
is never retried again. The batch writes each result as it arrives, so a killed client resumes
as on one machine. Exercises with `gpu: true` ask for the Dask resource `GPU=1`; the others ask
for `CPU=1`, which GPU workers do not offer.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from autograder.authoring.exercises import Exercise
from autograder.errors import UsageError
from autograder.grading.slots import Lost
from autograder.intake.submissions import Submission
from autograder.results import SubmissionResult

if TYPE_CHECKING:
    from dask.distributed import Client

    from autograder.execution import SandboxExecutor
    from autograder.grading.batch import GradeOptions, Task

ALLOWED_FAILURES = 2  # workers a submission may kill before it is given up (Dask's default: 3)
KINDS = ("local", "slurm", "pbs", "sge", "lsf", "htcondor")


@dataclass(frozen=True)
class Parcel:
    """One submission as a worker receives it."""

    ex: Exercise
    sub: Submission
    notebook: bytes | None  # None for an unusable input (`sub.problem` says why)
    checks: dict[str, bytes]  # the exercise's check files, by path under tests/
    options: GradeOptions


def resource(ex: Exercise) -> str:
    return "GPU" if ex.gpu else "CPU"


@contextmanager
def connect(spec: str, gpu: bool) -> Iterator[Client]:
    """A client of the cluster `spec` names: `local` or `local:N` (a LocalCluster of N worker
    processes, default one per core), a scheduler address (`tcp://host:8786`), or a YAML file
    describing the cluster to start for CPU and for GPU exercises (its `gpu:` section where
    `gpu`; see docs/cluster.md)."""
    import dask
    from dask.distributed import Client

    # One task per worker thread at a time (tasks wait on the scheduler, not in a worker's
    # queue): a worker's death is then blamed on the one submission it was grading.
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.scheduler.worker-saturation": 1.0}):
        if spec == "local" or spec.startswith("local:"):
            count = spec.partition(":")[2]
            if count and not count.isdigit():
                raise UsageError(f"--cluster {spec!r}: write local or local:N")
            cluster = _local(int(count or os.cpu_count() or 1))
        elif spec.endswith((".yaml", ".yml")):
            cluster = _from_file(Path(spec), gpu)
        elif "://" in spec:
            cluster = None
        else:
            raise UsageError(f"--cluster {spec!r}: expected local, local:N, a scheduler address "
                             "(tcp://host:8786) or a cluster file (.yaml)")
        try:
            with Client(cluster or spec, timeout="30s") as client:
                if sys.stderr.isatty():
                    print(f"Dask dashboard: {client.dashboard_link}", file=sys.stderr)
                yield client
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler {spec}: {exc}") from exc
        finally:
            if cluster is not None:
                cluster.close()


def _local(workers: int, **kwargs: Any) -> Any:
    """Worker processes on this host, each grading one submission at a time (and offering the
    GPU where this host has one)."""
    import torch
    from dask.distributed import LocalCluster

    threads = str(max(1, (os.cpu_count() or 1) // max(1, workers)))
    offers = {"CPU": 1, **({"GPU": 1} if torch.cuda.is_available() else {})}
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        resources=offers, dashboard_address=":0",
                        silence_logs=logging.ERROR,
                        env={"OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}, **kwargs)


def _from_file(path: Path, gpu: bool) -> Any:
    """The cluster the file describes for this exercise's kind (`cpu:` or `gpu:` section):
    `kind` (local, or a dask-jobqueue scheduler such as slurm), `workers`, and `options` for
    the dask-jobqueue cluster class."""
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UsageError(f"cluster file {path}: {exc}") from exc
    section = "gpu" if gpu else "cpu"
    part = spec.get(section) if isinstance(spec, dict) else None
    if not isinstance(part, dict) or part.get("kind") not in KINDS \
            or not isinstance(part.get("workers", 1), int):
        raise UsageError(f"cluster file {path}: needs a `{section}:` section with `kind` (one of "
                         f"{', '.join(KINDS)}), `workers` (an integer) and optional `options`")
    workers, options = part.get("workers", 1), dict(part.get("options") or {})
    if part["kind"] == "local":
        return _local(workers, **options)
    import dask_jobqueue

    name = {"slurm": "SLURMCluster", "pbs": "PBSCluster", "sge": "SGECluster",
            "lsf": "LSFCluster", "htcondor": "HTCondorCluster"}[part["kind"]]
    extra = list(options.pop("worker_extra_args", []))
    cluster = getattr(dask_jobqueue, name)(
        worker_extra_args=[*extra, "--resources", f"{section.upper()}=1", "--nthreads", "1"],
        **options)
    cluster.scale(workers)
    return cluster


def run(client: Client, tasks: list[Task]) -> Iterator[tuple[Task, SubmissionResult | Lost]]:
    """Each task with its result, or `Lost` when no worker could grade it, as they finish."""
    from dask.distributed import as_completed
    from distributed.scheduler import KilledWorker

    ex = tasks[0][0]
    _check_workers(client, ex)
    batch = uuid.uuid4().hex[:8]  # keys unique per batch: a scheduler may outlive many
    # Each task carries the check files itself: a task without dependencies waits on the
    # scheduler until a worker is free, and nothing is lost with a worker that dies.
    checks = _check_files(ex)
    futures = {}
    for i, task in enumerate(tasks):
        _, sub, _, options = task
        parcel = Parcel(ex, sub, sub.notebook.read_bytes() if sub.notebook else None, checks,
                        options)
        future = client.submit(grade_parcel, parcel, key=f"grade-{ex.id}-{batch}-{i}",
                               pure=False, resources={resource(ex): 1})
        futures[future] = task
    for future in as_completed(futures):
        task = futures.pop(future)
        try:
            outcome: SubmissionResult | Lost = future.result()
        except KilledWorker:
            outcome = Lost(f"its grading killed {ALLOWED_FAILURES} Dask workers in a row; not "
                           "retried again")
        except Exception as exc:  # noqa: BLE001 - one submission never ends the batch
            outcome = Lost(f"grader error on the cluster: {type(exc).__name__}: {exc}")
        future.release()
        yield task, outcome


def _check_workers(client: Client, ex: Exercise) -> None:
    """Refuse to start unless a worker offers the exercise's resource, and every worker can lay
    the sandbox out on its host."""
    want = resource(ex)
    workers = client.scheduler_info(n_workers=-1)["workers"]
    if not any(info.get("resources", {}).get(want) for info in workers.values()):
        raise UsageError(f"no worker of the cluster offers the resource {want} that exercise "
                         f"{ex.id} needs: start its workers with `--resources {want}=1`")
    problems = {address: problem for address, problem in client.run(worker_problem).items()
                if problem}
    if problems:
        raise UsageError("workers that cannot grade: " + "; ".join(
            f"{address}: {problem}" for address, problem in sorted(problems.items())))


def workers(client: Client) -> list[dict[str, Any]]:
    """What `autograder doctor --cluster` shows: each worker's address, resources, sandbox
    layers and, where it cannot grade, why."""
    facts = client.run(_worker_facts)
    info = client.scheduler_info(n_workers=-1)["workers"]
    return [{"address": address, "resources": info.get(address, {}).get("resources", {}),
             **facts[address]} for address in sorted(facts)]


def _worker_facts() -> dict[str, Any]:
    from autograder.execution import sandbox

    return {"host": os.uname().nodename, "isolation": sandbox.isolation(),
            "gpus": os.environ.get("CUDA_VISIBLE_DEVICES"), "problem": worker_problem()}


def worker_problem() -> str | None:
    """Why this worker cannot grade (its sandbox cannot be laid out), or None."""
    from autograder.execution.sandbox import LayoutError

    try:
        _executor()
    except LayoutError as exc:
        return str(exc)
    return None


@functools.cache
def _executor() -> SandboxExecutor:
    """This worker's executor, after the same preparation as a batch on one machine."""
    from autograder.execution import SandboxExecutor
    from autograder.execution.sandbox import preflight, sweep

    preflight()
    sweep()
    return SandboxExecutor()


def _check_files(ex: Exercise) -> dict[str, bytes]:
    tests = ex.tests_dir()
    return {p.relative_to(tests).as_posix(): p.read_bytes()
            for p in sorted(tests.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def grade_parcel(parcel: Parcel) -> SubmissionResult:
    """What a worker runs: the submission graded in this host's sandbox, against the check
    files it was sent, with this worker's share of the cores."""
    from autograder.grading.batch import grade_guarded

    with tempfile.TemporaryDirectory(prefix="autograder-task-") as tmp:
        root = Path(tmp)
        tests = parcel.ex.tests_dir(root)
        for name, content in parcel.checks.items():
            path = tests / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        sub = parcel.sub
        if parcel.notebook is not None:
            folder = root / "submission"
            folder.mkdir()
            path = folder / parcel.ex.notebook_name
            path.write_bytes(parcel.notebook)
            sub = replace(sub, notebook=path)
        options = replace(parcel.options, threads=int(os.environ.get("OMP_NUM_THREADS") or 1))
        return grade_guarded((parcel.ex, sub, _executor(), options), root)
