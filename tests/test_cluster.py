"""Grading on a real Dask LocalCluster (worker processes): the same rows as the local slots,
no result lost when workers die, a submission that keeps killing workers given up, resume after
the client dies, and placement by resource."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.authoring import exercises
from autograder.errors import UsageError
from autograder.grading.batch import GradeOptions, grade_batch
from autograder.results import Status, read_all

EX = exercises.get("1.1")
OPTIONS = GradeOptions(timeout_s=30, seconds_per_check=15, jobs=2)


def reference() -> nbformat.NotebookNode:
    return nbformat.read(EX.reference_dir() / EX.notebook_name, as_version=4)


def batch(folder: Path, copies: int = 0) -> Path:
    """The reference, the stub, a notebook that never ends, an unreadable one, and `copies`
    more copies of the reference."""
    folder.mkdir(parents=True)
    shutil.copy(EX.reference_dir() / EX.notebook_name, folder / "juste.ipynb")
    shutil.copy(EX.student_notebook(), folder / "squelette.ipynb")
    nb = reference()
    nb.cells.insert(1, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(nb, folder / "boucle.ipynb")
    (folder / "casse.ipynb").write_text("{ pas du json", encoding="utf-8")
    for i in range(copies):
        shutil.copy(EX.reference_dir() / EX.notebook_name, folder / f"copie{i}.ipynb")
    return folder


def rows(out: Path) -> dict[str, tuple[str, float]]:
    return {r.student: (r.status, r.score) for r in read_all(out / "results")}


def workers_of_this_process() -> list[psutil.Process]:
    """The LocalCluster's worker processes (the nannies live in this process)."""
    return [p for p in psutil.Process().children()
            if any("multiprocessing.spawn" in part for part in p.cmdline())]


def test_cluster_grades_as_the_local_slots(tmp_path):
    inputs = batch(tmp_path / "in")
    grade_batch(EX, [inputs], tmp_path / "local", OPTIONS)
    grade_batch(EX, [inputs], tmp_path / "dask", replace(OPTIONS, cluster="local:2"))
    local, dask = rows(tmp_path / "local"), rows(tmp_path / "dask")
    assert dask == local
    assert dask["juste"] == (Status.GRADED, EX.autograded_points)
    assert dask["squelette"][0] == Status.GRADED and dask["squelette"][1] == 0
    assert dask["boucle"][0] == Status.TIMEOUT and dask["casse"][0] == Status.INVALID
    graded = [r for r in read_all(tmp_path / "dask" / "results") if r.status == Status.GRADED]
    assert all(r.isolation.startswith("sandbox:") for r in graded)  # the worker's own layers
    assert (tmp_path / "dask" / "report.html").exists()


def test_workers_killed_mid_batch_lose_no_result(tmp_path):
    inputs = batch(tmp_path / "in", copies=3)
    killed: list[int] = []

    def kill_every_worker_once(_result: object) -> None:
        if not killed:
            for worker in workers_of_this_process():
                killed.append(worker.pid)
                worker.send_signal(signal.SIGKILL)

    grade_batch(EX, [inputs], tmp_path / "out", replace(OPTIONS, cluster="local:2"),
                on_result=kill_every_worker_once)
    assert len(killed) == 2
    found = rows(tmp_path / "out")
    assert set(found) == {p.stem for p in inputs.iterdir()}
    for name in ("juste", "copie0", "copie1", "copie2"):
        assert found[name] == (Status.GRADED, EX.autograded_points), name


def test_a_submission_that_kills_its_workers_is_given_up(tmp_path, home_with_1_1, monkeypatch):
    home, ex = home_with_1_1
    (home / "reference" / ex.slug / "tests" / "q1.py").write_text(
        "from otter.test_files import test_case\nOK_FORMAT = False\nname = 'q1'\npoints = 2\n"
        "@test_case(points=2)\ndef test_tue(sigmoide):\n    import os, signal\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n", encoding="utf-8")
    monkeypatch.setenv("AUTOGRADER_HOME", str(home))
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(EX.reference_dir() / EX.notebook_name, inputs / "juste.ipynb")
    (inputs / "casse.ipynb").write_text("{", encoding="utf-8")
    spec = tmp_path / "cluster.yaml"
    spec.write_text("cpu:\n  kind: local\n  workers: 1\n", encoding="utf-8")
    grade_batch(exercises.get("1.1"), [inputs], tmp_path / "out",
                replace(OPTIONS, cluster=str(spec)))
    [dead] = [r for r in read_all(tmp_path / "out" / "results") if r.student == "juste"]
    assert dead.status == Status.CRASHED and "Dask workers" in dead.diagnostics["reason"]
    assert rows(tmp_path / "out")["casse"][0] == Status.INVALID


def test_resume_after_the_client_dies_regrades_nothing_finished(tmp_path):
    inputs = batch(tmp_path / "in", copies=2)
    seen: list[str] = []

    class ClientKilled(Exception):
        pass

    def die_after_two(result) -> None:
        seen.append(result.student)
        if len(seen) == 2:
            raise ClientKilled

    with pytest.raises(ClientKilled):
        grade_batch(EX, [inputs], tmp_path / "out", replace(OPTIONS, cluster="local:2"),
                    on_result=die_after_two)
    folder = tmp_path / "out" / "results"
    before = {p.stem: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert set(seen) <= set(before) and len(before) >= 2
    grade_batch(EX, [inputs], tmp_path / "out", replace(OPTIONS, cluster="local:2"))
    after = {p.stem: p.stat().st_mtime_ns for p in folder.glob("*.json")}
    assert set(after) == {p.stem for p in inputs.iterdir()}
    assert all(after[name] == mtime for name, mtime in before.items())  # not regraded


def test_a_gpu_exercise_never_goes_to_a_cpu_worker(tmp_path, monkeypatch):
    monkeypatch.setattr("torch.cuda.is_available", lambda: False)  # local workers: CPU only
    inputs = batch(tmp_path / "in")
    with pytest.raises(UsageError, match="resource GPU"):
        grade_batch(replace(EX, gpu=True), [inputs], tmp_path / "out",
                    replace(OPTIONS, cluster="local:1"))


@pytest.mark.parametrize(("spec", "message"), [
    ("nowhere", "expected local"), ("local:deux", "local:N"),
    ("{tmp}/bad.yaml", "needs a `cpu:` section"), ("{tmp}/absent.yaml", "cluster file"),
])
def test_a_bad_cluster_spec_is_a_usage_error(tmp_path, spec, message):
    (tmp_path / "bad.yaml").write_text("gpu:\n  kind: slurm\n", encoding="utf-8")
    inputs = batch(tmp_path / "in")
    with pytest.raises(UsageError, match=message):
        grade_batch(EX, [inputs], tmp_path / "out",
                    replace(OPTIONS, cluster=spec.format(tmp=tmp_path)))
    assert not list((tmp_path / "out").rglob("*.json"))  # refused before grading anything


def test_doctor_reports_each_worker():
    proc = subprocess.run([sys.executable, "-m", "autograder", "doctor", "--cluster", "local:2",
                           "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout)["data"]
    assert len(report["cluster"]) == 2
    for worker in report["cluster"]:
        assert worker["resources"] == {"CPU": 1} or "GPU" in worker["resources"]
        assert worker["problem"] is None and worker["isolation"] == report["isolation"]
