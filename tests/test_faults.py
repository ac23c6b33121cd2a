"""Fault injection: whatever a submission, a check, the machine state or a second grader does, a
batch ends with one row per student and every output built.

Executor-level cases grade a small notebook against a small check file through the real worker
and proxies; batch-level cases run `grade_batch` (or the CLI) on exercise 1.1, the fastest.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_sandbox import needs_full_path

from autograder.authoring import exercises, notebooks
from autograder.authoring.samples import DEMO_EXERCISE
from autograder.execution import Job, SandboxExecutor, WorkerReport, remote, sandbox, zygote
from autograder.grading.batch import GradeOptions, grade_batch, limits_for
from autograder.results import assemble, read_all

ROOT = Path(__file__).resolve().parents[1]
EX = exercises.get("1.1")
HEADER = "from otter.test_files import test_case\nfrom autograder import checks as C\n" \
         "import torch\n\nOK_FORMAT = False\n\nname = 'q1'\n"


def checks(*bodies: str) -> str:
    """A check file: one visible test case per `def test_…(…):` body given."""
    return HEADER + "".join(f"\n\n@test_case(points=1, hidden=False)\n{b.strip()}\n"
                            for b in bodies)


def run(tmp_path: Path, cells: list[str], check_file: str, timeout: float = 120,
        per_check: float = 5, limits: sandbox.Limits | None = None) -> WorkerReport:
    tests = tmp_path / "tests"
    tests.mkdir(exist_ok=True)
    (tests / "q1.py").write_text(check_file)
    path = tmp_path / "faute.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c)
                                                   for c in cells]), path)
    return SandboxExecutor(limits).run(Job("faute", path, "faute.ipynb", tests, timeout,
                                           per_check))


# ── a check time limit during any proxy operation is that check's verdict ─────────────────

SLOW = '''
import time, torch
class Lent:
    def __getattr__(self, name):
        time.sleep(60)
    def __getitem__(self, key):
        time.sleep(60)
    def __iter__(self):
        time.sleep(60)
        return iter(())
    def __len__(self):
        time.sleep(60)
        return 1
    def __call__(self, *args):
        time.sleep(60)
lent = Lent()
class ReseauLent(torch.nn.Module):
    def forward(self, x):
        time.sleep(60)
        return x
reseau = ReseauLent()
'''
OPERATIONS = {
    "getattr": "def test_getattr(lent):\n    lent.quelconque",
    "call": "def test_call(lent):\n    lent(1)",
    "call_wrapped": "def test_call_wrapped(lent):\n    C.call(lent, 1, name='lent')",
    "iter": "def test_iter(lent):\n    list(lent)",
    "len": "def test_len(lent):\n    len(lent)",
    "getitem": "def test_getitem(lent):\n    lent[0]",
    "as_number": "def test_as_number(lent):\n    C.as_number(lent, 'lent')",
    "helper": "def test_helper(reseau):\n    C.forward(reseau, torch.zeros(2), name='reseau')",
    "code": "def test_code(lent):\n    C.code('lambda o: o.quelconque')(lent)",
}


def test_a_check_timeout_during_every_proxy_operation_is_a_verdict(tmp_path):
    report = run(tmp_path, [SLOW], checks(*OPERATIONS.values()), per_check=2)
    assert report.finished, report.reason
    assert [o.name for o in report.outcomes] == [f"test_{k}" for k in OPERATIONS]
    for o in report.outcomes:
        assert not o.passed and o.code == "check_timeout", (o.name, o.message)
        assert "2 s" in o.message and o.seconds < 2 + remote.GRACE_S + 2


# ── the sandbox dying at every step of the protocol ──────────────────────────────────────

DIES = '''
import os, torch
class Mort:
    def __getattr__(self, name):
        os._exit(7)
    def __getitem__(self, key):
        os._exit(7)
    def __iter__(self):
        os._exit(7)
    def __len__(self):
        os._exit(7)
    def __call__(self, *args):
        os._exit(7)
mort = Mort()
class ReseauMort(torch.nn.Module):
    def forward(self, x):
        os._exit(7)
reseau = ReseauMort()
'''
STEPS = {"getattr": "mort.x", "call": "mort(1)", "iter": "list(mort)", "len": "len(mort)",
         "getitem": "mort[0]", "helper": "C.forward(reseau, torch.zeros(2), name='reseau')"}


@pytest.mark.parametrize("step", ["cells", *STEPS])
def test_the_sandbox_dying_at_any_step_keeps_what_finished(tmp_path, step):
    cells = [DIES, "import os\nos._exit(7)"] if step == "cells" else [DIES]
    first = "def test_avant():\n    pass"
    op = f"def test_etape(mort, reseau):\n    {STEPS.get(step, 'pass')}"
    after = "def test_apres():\n    pass"
    report = run(tmp_path, cells, checks(first, op, after))
    assert not report.finished and not report.timed_out
    assert report.exit_code == 7 and report.signal is None
    result = assemble(EX, "x", "x", "", [], report, "test", {}, {})
    assert result.status == "crashed" and "code de sortie 7" in result.message
    assert result.diagnostics["exit_code"] == 7 and result.diagnostics["reason"]
    if step == "cells":
        assert report.outcomes == ()
    else:
        done = {o.name: o for o in report.outcomes}
        assert done["test_avant"].passed and "test_apres" not in done
        assert done["test_etape"].code == "interrupted_lost"


# ── objects that never stop answering: a verdict at once, not a time limit ───────────────

DUCKS = '''
import itertools
class Canard:
    def __getattr__(self, name):
        return self
    def __getitem__(self, key):
        return self
    def __call__(self, *args, **kwargs):
        return self
    def __iter__(self):
        return self
    def __next__(self):
        return self
    def __len__(self):
        return 10 ** 6
canard = Canard()
infini = itertools.count()
profond = []
for _ in range(100_000):
    profond = [profond]
class Poupee:
    def __getattr__(self, name):
        return Poupee()
poupee = Poupee()
'''
GREEDY = {
    "as_number": "def test_as_number(canard):\n    C.as_number(canard, 'canard')",
    "as_tensor": "def test_as_tensor(canard):\n    C.as_tensor(C.call(canard, 1, name='canard'),"
                 " 'canard')",
    "close": "def test_close(canard):\n    C.expect_close(canard, torch.zeros(3), 'canard')",
    "list": "def test_list(canard):\n    list(canard)",
    "endless": "def test_endless(infini):\n    for _ in infini:\n        pass",
    "nested_value": "def test_nested_value(profond):\n    C.as_tensor(profond, 'profond')",
    "chain": "def test_chain(poupee):\n    x = poupee\n    while True:\n        x = x.suivant",
    "swallowed": "def test_swallowed(canard):\n    while True:\n        try:\n"
                 "            canard.attribut\n        except AssertionError:\n            pass",
}


def test_objects_that_answer_everything_get_a_verdict_at_once(tmp_path):
    per_check = 30
    report = run(tmp_path, [DUCKS], checks(*GREEDY.values()), per_check=per_check)
    assert report.finished, report.reason
    assert [o.name for o in report.outcomes] == [f"test_{k}" for k in GREEDY]
    for o in report.outcomes:
        assert not o.passed, o.name
        assert o.code != "check_timeout" and o.seconds < per_check / 2, (o.name, o.seconds)
    codes = {o.name: o.code for o in report.outcomes}
    assert codes["test_list"] == codes["test_endless"] == codes["test_chain"] == "proxy_limit"
    assert codes["test_swallowed"] == "proxy_limit"
    assert report.grader_cpu_s < len(GREEDY) * per_check / 4


# ── why a run ended reaches the instructor ───────────────────────────────────────────────

@needs_full_path
def test_an_oom_kill_is_named(tmp_path):
    limits = sandbox.Limits(memory_bytes=900 * 1024**2)
    hog = "hog = []\nfor _ in range(40):\n    hog.append(b'\\x01' * (64 << 20))\n"
    report = run(tmp_path, ["import torch", hog], checks("def test_x():\n    pass"),
                 limits=limits)
    assert report.oom_killed and not report.finished
    result = assemble(EX, "x", "x", "", [], report, "test", {}, {})
    assert result.status == "crashed" and "mémoire autorisée" in result.message
    assert result.diagnostics["oom_killed"] is True
    assert "cgroup" not in result.message and "OOM" not in result.message


# ── the machine: stale folders, a second grader, a venv under /tmp ───────────────────────

@needs_full_path
def test_stale_staging_and_cgroups_are_swept_and_never_collide(tmp_path):
    sandbox.STAGE_ROOT.mkdir(parents=True, exist_ok=True)
    dead = "999999999-stale"  # no such pid
    numbered = []  # what 067b4db's positional mount points left: every index, either type
    for i in range(8):
        entry = sandbox.STAGE_ROOT / str(i)
        if not entry.exists():
            entry.mkdir() if i % 2 else entry.touch()
            numbered.append(entry)
    (sandbox.STAGE_ROOT / dead / "0").mkdir(parents=True)
    live = sandbox.STAGE_ROOT / f"{os.getpid()}-live"
    live.mkdir()
    groups = [sandbox.CGROUP_ROOT / c / "autograder" / dead for c in ("memory", "pids",
                                                                     "unified")]
    for g in groups:
        g.mkdir(parents=True, exist_ok=True)
    try:
        removed = sandbox.sweep()
        assert all(str(g) in removed for g in groups) and not any(g.exists() for g in groups)
        assert not (sandbox.STAGE_ROOT / dead).exists()
        assert live.exists()  # this process is alive: its folder stays
        notebook = EX.reference_dir() / EX.notebook_name
        # a run's own folder (a zygote's lives as long as the zygote, named by this pid too)
        zygote.close_all()
        report = SandboxExecutor(zygote=False).run(Job(EX.id, notebook, EX.notebook_name,
                                                       EX.tests_dir(), 120, 60))
        assert report.finished and all(o.passed for o in report.outcomes)
        ours = {p.name for p in sandbox.STAGE_ROOT.iterdir() if "-" in p.name}
        assert ours == {live.name}  # the run removed its own folder
    finally:
        live.rmdir()
        for entry in numbered:
            entry.rmdir() if entry.is_dir() else entry.unlink()


def _grade_cli(batch: Path, out: Path, data_root: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTOGRADER_HOME": str(ROOT),
           "AUTOGRADER_DATA": str(data_root)}
    return subprocess.Popen([sys.executable, "-m", "autograder", "grade", EX.id, str(batch),
                             "--out", str(out), "-j", "1", "--json"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _honest(folder: Path, names: list[str]) -> None:
    code = next(v for v in EX.variants if v.correct and v.file).file.read_text()
    stub = nbformat.read(EX.student_notebook(), as_version=4)
    for name in names:
        notebooks.write(notebooks.with_answer_code(stub, f"# {name}\n{code}"),
                        folder / f"{name}.ipynb")


@needs_full_path
def test_two_graders_at_once_with_different_data_roots(tmp_path):
    """Different data roots bind different entries: with mount points named by position, the
    two runs (or one after the other) collided on a file-vs-folder mount point."""
    roots = [tmp_path / "data-a", tmp_path / "data-b"]
    roots[0].mkdir()
    (roots[1] / "MNIST").mkdir(parents=True)
    (roots[1] / "PROVENANCE.json").write_text("{}")
    batches = [tmp_path / "batch-a", tmp_path / "batch-b"]
    _honest(batches[0], ["alice", "bob"])
    _honest(batches[1], ["carole", "david"])
    procs = [_grade_cli(b, tmp_path / f"out-{i}", r)
             for i, (b, r) in enumerate(zip(batches, roots, strict=True))]
    for proc in procs:
        assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()[-2000:]
    for i, names in enumerate((["alice", "bob"], ["carole", "david"])):
        results = read_all(tmp_path / f"out-{i}" / "results")
        assert [(r.student, r.status, r.score) for r in results] == \
            [(n, "graded", EX.autograded_points) for n in names]
        assert (tmp_path / f"out-{i}" / "report.html").exists()


@needs_full_path
def test_a_venv_under_tmp_is_not_hidden_by_the_sandbox_tmpfs(tmp_path):
    assert str(tmp_path).startswith("/tmp/")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTOGRADER_HOME": str(ROOT)}
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "autograder", "doctor",
                           "--json"], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stdout.decode()[-3000:] + done.stderr.decode()[-2000:]
    report = json.loads(done.stdout)["data"]
    assert report["end_to_end"]["ok"] and "missing" not in report["isolation"]


@pytest.mark.parametrize("command", ["command", "zygote_command"])
def test_doctor_reports_the_worker_s_own_error(monkeypatch, command):
    """A worker, or a zygote, that cannot start: its stderr and exit code."""
    from autograder import doctor

    def broken_command(*args, **kwargs):
        return [sys.executable, "-c", "import sys; sys.stderr.write('pas de python ici'); "
                                      "sys.exit(5)"]

    zygote.close_all()
    monkeypatch.setattr(sandbox, command, broken_command)
    monkeypatch.setattr(sandbox, "zygote_possible", lambda: command == "zygote_command")
    test = doctor.selftest(timeout_s=30)
    zygote.close_all()
    assert not test.ok and "pas de python ici" in test.detail and "exit code 5" in test.detail


@needs_full_path
def test_doctor_reports_the_warm_zygote():
    from autograder import doctor

    test = doctor.selftest(timeout_s=60)
    assert test.ok and test.warm_seconds is not None  # the second notebook from the zygote


# ── the grading process itself failing: the batch goes on ────────────────────────────────

GRADER_FAULTS = {
    "exception": ("def test_panne():\n    raise KeyboardInterrupt", "crashed",
                  "KeyboardInterrupt in the grading process"),
    "death": ("def test_panne():\n    import os\n    os._exit(3)", "crashed",
              "the grading process died (exit code 3)"),
    "hang": ("def test_panne():\n    import signal\n    signal.signal(signal.SIGALRM, "
             "signal.SIG_IGN)\n    while True:\n        pass", "timeout",
             "overran its time limit"),
    "check_file": (None, "crashed", "grader error: CheckFileError"),
}


@pytest.mark.parametrize("fault", GRADER_FAULTS)
def test_a_failing_grading_process_becomes_rows_not_the_end(fault, home_with_1_1, tmp_path,
                                                            monkeypatch):
    home, _ = home_with_1_1
    body, status, reason = GRADER_FAULTS[fault]
    tests = home / "reference" / EX.slug / "tests"
    (tests / "q9.py").write_text(checks(body) if body else "OK_FORMAT = False\n")
    monkeypatch.setenv("AUTOGRADER_HOME", str(home))
    ex = exercises.get("1.1", root=home)
    batch = tmp_path / "batch"
    _honest(batch, ["alice", "bob"])
    (batch / "notes.txt").write_text("pas un notebook")
    out = tmp_path / "out"
    results = {r.student: r for r in grade_batch(ex, [batch], out, GradeOptions(
        timeout_s=20, seconds_per_check=3, jobs=2))}
    assert set(results) == {"alice", "bob", "notes"}
    assert results["notes"].status == "invalid"
    for student in ("alice", "bob"):
        r = results[student]
        assert r.status == status and reason in r.diagnostics["reason"], r.diagnostics
        assert reason not in r.message  # the student reads French, without internals
    with open(out / "final_grades.csv", newline="") as f:  # notes.txt: no gradebook row
        assert [row[0] for row in csv.reader(f)][2:] == ["alice.ipynb", "bob.ipynb"]
    assert (out / "feedback" / "alice.html").exists()
    report = (out / "report.html").read_text()
    assert reason in report and "notes.txt" in report


def test_default_limits_come_from_the_reference_run():
    demo = exercises.get(DEMO_EXERCISE)
    limits = limits_for(demo, GradeOptions())
    measured = demo.runtime["cpu"]
    assert limits.timeout_s == max(60, round(10 * measured["notebook_s"], 1)) <= 120
    assert limits.seconds_per_check == max(15, round(10 * measured["slowest_check_s"], 1))
    flags = limits_for(demo, GradeOptions(timeout_s=900, seconds_per_check=300))
    assert (flags.timeout_s, flags.seconds_per_check) == (900, 300)


def test_calibrate_rewrites_only_the_runtime_block(home_with_1_1):
    from autograder.authoring.calibrate import Runtime, record_runtime

    home, _ = home_with_1_1
    ex = exercises.get("1.1", root=home)
    path = ex.folder / "exercise.yaml"
    before = path.read_text(encoding="utf-8")
    kept = before[:before.index("runtime:")]
    record_runtime(ex, Runtime("cuda", 2.5, 0.25, 0.75))
    record_runtime(ex, Runtime("cpu", 5.0, 1.0, 0.5))
    after = path.read_text(encoding="utf-8")
    assert after.startswith(kept) and after.count("runtime:") == 1
    runtime = exercises.load(ex.folder).runtime
    assert runtime == {"cpu": {"notebook_s": 5.0, "slowest_check_s": 1.0, "grader_cpu_s": 0.5},
                       "cuda": {"notebook_s": 2.5, "slowest_check_s": 0.25,
                                "grader_cpu_s": 0.75}}
    assert limits_for(exercises.load(ex.folder), GradeOptions()).timeout_s == 60
