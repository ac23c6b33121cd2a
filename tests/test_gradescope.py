"""The Gradescope autograder zip, run the way Gradescope runs it (issue #13).

Gradescope's autograder specification
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): the zip is unpacked into
`/autograder/source`, `setup.sh` runs once, then for each submission `run_autograder` finds the
student's files in `/autograder/submission/`, who submitted in
`/autograder/submission_metadata.json` (`users`: `email`, `id`, `name`, `sid`), and must write
`/autograder/results/results.json` (`score`, `tests` with `score`/`max_score`/`status`/
`visibility`, top-level `output`). Here `AUTOGRADER_ROOT` stands for `/autograder`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import exercises
from autograder.authoring.samples import DEMO_EXERCISE, samples_dir
from autograder.grading.gradescope import write_zip

EX = exercises.get(DEMO_EXERCISE)
SAMPLES = samples_dir(EX)
STATUSES = {"passed", "failed"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}

# Appended to a buggy notebook: forge the Gradescope result file (directly, and from a setsid
# child that keeps rewriting it after the run), neuter the checks library, print fake results.
HOSTILE = r'''
import json, os, subprocess, sys
from pathlib import Path
FORGED = json.dumps({"score": 9.0, "output": "forgé", "tests": []})
roots = [Path("/autograder")]
try:
    argv = Path(f"/proc/{os.getppid()}/cmdline").read_bytes().split(b"\0")
    roots += [Path(a.decode()) for a in argv if a.startswith(b"/")]
except OSError:
    pass
targets = [r / "results" / "results.json" for r in roots if (r / "results").is_dir()]
for t in targets:
    try:
        t.write_text(FORGED)
    except OSError as exc:
        print("refusé :", t, exc)
if targets:
    loop = ("import sys, time\nfor _ in range(300):\n    for t in sys.argv[1:]:\n        try:\n"
            f"            open(t, 'w').write({FORGED!r})\n        except OSError:\n"
            "            pass\n    time.sleep(0.1)\n")
    subprocess.Popen([sys.executable, "-c", loop, *map(str, targets)], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
import autograder.checks as C
for name in dir(C):
    if name.startswith("expect"):
        setattr(C, name, lambda *a, **k: None)
print(FORGED)
'''


def unpack(zip_path: Path, root: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():  # zipfile drops the mode bits Gradescope's unzip keeps
            os.chmod(root / "source" / info.filename, (info.external_attr >> 16) & 0o777 or 0o644)
    return root


# A Python for run_autograder whose machine offers no sandbox layer but rlimits and timeouts
# (a container that refuses namespaces and cgroups): the grader degrades and records it.
DEGRADED = f"""#!{sys.executable}
import sys
from dataclasses import replace
if sys.argv[1:3] == ["-m", "autograder.grading.gradescope"]:
    from autograder.execution import sandbox
    offered = sandbox.layers()
    sandbox.layers = lambda: tuple(replace(x, available=x.available and x.name in
                                           ("rlimits", "timeouts")) for x in offered)
    from autograder.grading import gradescope
    sys.exit(gradescope.main(sys.argv[3:]))
"""


def run_autograder(root: Path, python: str = sys.executable) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_HOME")}
    env.update(AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=python)
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def valid_results(payload: dict) -> None:
    """The fields and values the specification allows."""
    assert isinstance(payload["score"], (int, float))
    assert isinstance(payload["output"], str)
    for t in payload["tests"]:
        assert isinstance(t["name"], str) and isinstance(t["score"], (int, float))
        assert 0 <= t["score"] <= t["max_score"]
        assert t["status"] in STATUSES and t["visibility"] in VISIBILITIES


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    return write_zip(EX, tmp_path_factory.mktemp("zip") / f"{EX.slug}-gradescope.zip")


def test_zip_layout_holds_checks_and_package_never_the_solution(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = set(zf.namelist())
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in zf.infolist()}
        text = "".join(zf.read(n).decode("utf-8", "replace") for n in names
                       if n.startswith("home/"))
    assert {"setup.sh", "run_autograder", "autograder.json", "package/pyproject.toml",
            "package/autograder/grading/gradescope.py", "package/autograder/execution/worker.py"}\
        <= names
    assert modes["run_autograder"] == modes["setup.sh"] == 0o755
    checks = {p.name for p in EX.tests_dir().glob("*.py")}
    assert {n.rsplit("/", 1)[1] for n in names if "/tests/" in n} == checks
    assert "hidden=True" in text  # the hidden checks travel (they run outside the sandbox)
    assert "BEGIN SOLUTION" not in text and not any(n.endswith(".ipynb") for n in names)
    assert not any("__pycache__" in n for n in names)
    again = write_zip(EX, tmp_path / "again.zip")
    assert again.read_bytes() == autograder_zip.read_bytes()  # reproducible
    # setup.sh pip-installs package/: it builds (dependencies aside, which need the network)
    unpack(autograder_zip, tmp_path / "root")
    wheel = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "--no-build-isolation", "-q", "-w", str(tmp_path / "wheels"),
                            str(tmp_path / "root" / "source" / "package")],
                           capture_output=True, text=True, timeout=300)
    assert wheel.returncode == 0, wheel.stderr[-2000:]
    [built] = (tmp_path / "wheels").glob("autograder-*.whl")
    with zipfile.ZipFile(built) as zf:
        assert "autograder/report/templates/report.html.j2" in zf.namelist()


def test_run_autograder_grades_honest_buggy_and_hostile(autograder_zip, tmp_path):
    cases = {}
    honest = unpack(autograder_zip, tmp_path / "honest")
    (honest / "submission").mkdir()
    shutil.copy(SAMPLES / "correct-einsum_copies.ipynb", honest / "submission" / EX.notebook_name)
    cases["honest"] = honest
    buggy = unpack(autograder_zip, tmp_path / "buggy")  # an Otter export zip, as uploaded
    (buggy / "submission").mkdir()
    with zipfile.ZipFile(buggy / "submission" / "rendu.zip", "w") as zf:
        zf.write(SAMPLES / "bug-poids_transpose.ipynb", EX.notebook_name)
        zf.writestr(".OTTER_LOG", b"\x80\x04 never unpickled")
    cases["buggy"] = buggy
    cases["hostile"] = hostile = hostile_root(autograder_zip, tmp_path / "hostile")
    for i, root in enumerate(cases.values()):
        metadata(root, i)
    got = {name: run_autograder(root) for name, root in cases.items()}
    for payload in got.values():
        valid_results(payload)
        assert "Isolation : sandbox: " in payload["output"]
        assert payload["extra_data"]["isolation"].startswith("sandbox: ")
    assert got["honest"]["score"] == 9
    assert all(t["status"] == "passed" for t in got["honest"]["tests"])
    assert got["honest"]["extra_data"]["identity"]["sid"] == "2100"
    assert got["buggy"]["score"] == 5  # q2 (4 points) is the only question it loses
    assert {t["number"] for t in got["buggy"]["tests"] if t["status"] == "failed"} == {"q2"}
    assert "Jamais chargé" in got["buggy"]["output"]  # .OTTER_LOG noted, never loaded
    hidden = [t for t in got["buggy"]["tests"] if t["visibility"] == "after_published"]
    assert any("Erreur relative" in t["output"] for t in hidden)  # the French explanation
    # The hostile notebook keeps its honest score: the checks ran outside its process, and
    # results.json is written after the run by the grader (on the full sandbox path the
    # notebook can neither write there nor outlive its run).
    time.sleep(1.0)
    forged = json.loads((hostile / "results" / "results.json").read_text(encoding="utf-8"))
    assert got["hostile"]["score"] == pytest.approx(6) == forged["score"]
    assert got["hostile"]["extra_data"]["status"] == "graded"


def test_degraded_container_grades_and_outlives_the_forger(autograder_zip, tmp_path):
    """No namespaces, no cgroups, no sandbox user: the notebook can reach results.json and its
    setsid child survives the worker; run_autograder kills it before writing the result."""
    root = metadata(hostile_root(autograder_zip, tmp_path / "hostile"), 7)
    python = tmp_path / "python-degraded"
    python.write_text(DEGRADED)
    python.chmod(0o755)
    payload = run_autograder(root, str(python))
    assert payload["extra_data"]["isolation"] == ("sandbox: rlimits + timeouts (missing: "
                                                 "cgroups, bubblewrap, user)")
    assert payload["score"] == pytest.approx(6)
    time.sleep(1.0)
    final = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert final == payload


def hostile_root(autograder_zip: Path, root: Path) -> Path:
    unpack(autograder_zip, root)
    nb = nbformat.read(SAMPLES / "bug-relu_sortie.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(HOSTILE))
    (root / "submission").mkdir()
    nbformat.write(nb, root / "submission" / "mon_rendu.ipynb")
    return root


def metadata(root: Path, i: int) -> Path:
    """Gradescope's `submission_metadata.json` (the fields the specification lists)."""
    (root / "results").mkdir()
    (root / "submission_metadata.json").write_text(json.dumps({
        "id": 1000 + i, "created_at": "2026-11-30T10:00:00.0+01:00",
        "users": [{"email": f"e{i}@example.org", "id": i, "name": f"Étudiant {i}",
                   "sid": f"21{i:02d}"}], "previous_submissions": []}))
    return root


def test_empty_submission_and_broken_setup_still_write_results(autograder_zip, tmp_path):
    root = unpack(autograder_zip, tmp_path / "empty")
    (root / "submission").mkdir()
    (root / "submission" / "notes.txt").write_text("pas de notebook")
    payload = run_autograder(root)
    valid_results(payload)
    assert payload["score"] == 0 and "sans notebook" in payload["output"]
    assert payload["extra_data"]["status"] == "invalid"
    (root / "source" / "autograder.json").write_text("{}")  # a grader-side failure
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_HOME")}
    env.update(AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable)
    proc = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    payload = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert payload["score"] == 0 and "Erreur du correcteur" in payload["output"]
