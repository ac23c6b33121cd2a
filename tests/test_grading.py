"""End to end: a mixed batch through `grade_batch`, one result row per input, the batch goes on."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import exercises, notebooks
from autograder.authoring.samples import DEMO_EXERCISE, samples_dir
from autograder.grading.batch import GradeOptions, grade_batch
from autograder.results import read_all

EX = exercises.get(DEMO_EXERCISE)
# The timeout must cover the slowest sample (training included) on a loaded 2-core machine.
OPTIONS = GradeOptions(timeout_s=45, seconds_per_check=30, jobs=2)


def template() -> nbformat.NotebookNode:
    return nbformat.read(EX.student_notebook(), as_version=4)


def correct_code() -> str:
    return next(v for v in EX.variants if v.correct and v.file).file.read_text()


def with_cell(code: str) -> nbformat.NotebookNode:
    nb = notebooks.with_answer_code(template(), correct_code())
    nb.cells.append(nbformat.v4.new_code_cell(code))
    return nb


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("batch")
    subs = root / "submissions"
    shutil.copytree(samples_dir(EX), subs)
    notebooks.write(with_cell("while True:\n    pass"), subs / "boucle-infinie.ipynb")
    notebooks.write(with_cell("import os\nos._exit(3)"), subs / "sortie-brutale.ipynb")
    lms = subs / "etudiant_lms"
    notebooks.write(notebooks.with_answer_code(template(), correct_code()), lms / "rendu.ipynb")
    with zipfile.ZipFile(subs / "export-otter.zip", "w") as zf:
        zf.writestr("devoir.ipynb", nbformat.writes(
            notebooks.with_answer_code(template(), correct_code())))
        zf.writestr(".OTTER_LOG", b"\x80\x04 not a pickle anyone should load")
        zf.writestr("../evil.ipynb", "{}")
    (subs / "vide.ipynb").write_bytes(b"")
    (subs / "ancien.ipynb").write_text('{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}')
    out = root / "out"
    results = grade_batch(EX, [subs], out, OPTIONS)
    return out, {r.student: r for r in results}


def test_one_row_per_input(batch):
    out, results = batch
    expected = {p.stem for p in samples_dir(EX).iterdir()} | {
        "boucle-infinie", "sortie-brutale", "etudiant_lms", "export-otter", "vide", "ancien"}
    assert set(results) == expected
    with open(out / "final_grades.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][0] == "file" and rows[0][-3:] == [
        "total_points_earned", "percent_correct", "grading_status"]
    assert rows[1][0] == "points-per-question"
    # an invalid plain input (nobody's, no roster) is listed in the report, not a gradebook row
    assert len(rows) == 2 + sum(r.status != "invalid" for r in results.values())


def test_correct_buggy_stub(batch):
    _, results = batch
    full = EX.autograded_points
    for v in EX.variants:
        prefix = "correct" if v.correct else "bug"
        r = results[f"{prefix}-{v.name.removeprefix(prefix + '_')}"]
        assert r.status == "graded"
        if v.correct:
            assert r.score == full, r.checks
        else:
            lost = {q.name for q in r.questions if q.score < q.possible and not q.manual}
            assert set(v.fails) <= lost
            failed = [c for c in r.checks if not c.passed and c.question in v.fails]
            assert all("`" in c.message for c in failed)  # names the function or value
    stub = results["stub"]
    assert stub.status == "graded" and stub.score == 0
    assert all(c.message for c in stub.checks)


def test_bad_inputs_are_invalid_rows(batch):
    _, results = batch
    for student in ("broken", "notes", "vide", "ancien"):
        r = results[student]
        assert r.status == "invalid" and r.score == 0 and r.message.startswith("Entrée invalide")


def test_timeout_and_crash_are_reported(batch):
    _, results = batch
    assert results["boucle-infinie"].status == "timeout"
    crashed = results["sortie-brutale"]
    assert crashed.status == "crashed" and "code de sortie 3" in crashed.message


def test_lms_folder_and_export_zip(batch):
    _, results = batch
    for student in ("etudiant_lms", "export-otter"):
        assert results[student].status == "graded"
        assert results[student].score == EX.autograded_points


def test_rerun_resumes_without_regrading(batch):
    out, results = batch
    before = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    subs = Path(next(iter(results.values())).source).parent
    again = grade_batch(EX, [subs], out, OPTIONS)
    after = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert after == before  # nothing regraded, nothing rewritten
    assert {r.student: r.score for r in again} == {s: r.score for s, r in results.items()}
    assert len(read_all(out / "results")) == len(results)


# --- inputs: a mixed LMS folder, and a killed run resumed (exercise 1.1, the fastest) -------

ROOT = Path(__file__).resolve().parents[1]
EX_FAST = exercises.get("1.1")


def honest_notebook(comment: str = "") -> nbformat.NotebookNode:
    code = next(v for v in EX_FAST.variants if v.correct and v.file).file.read_text()
    stub = nbformat.read(EX_FAST.student_notebook(), as_version=4)
    return notebooks.with_answer_code(stub, f"# {comment}\n{code}")


def test_mixed_lms_folder_one_row_each(tmp_path):
    batch = tmp_path / "canvas"
    stub = nbformat.read(EX_FAST.student_notebook(), as_version=4)
    notebooks.write(stub, batch / "dupontjean_12345_100_ex1_1.ipynb")  # first attempt
    notebooks.write(honest_notebook(), batch / "dupontjean_LATE_12345_200_ex1_1.ipynb")
    (batch / "martinzoe_23456_300_ex1_1.ipynb").write_text('{"cells": [')
    with zipfile.ZipFile(batch / "durandpaul_34567_400_export.zip", "w",
                         zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ex1_1_sigmoide.ipynb", b"\0" * (32 * 2**20))
    (tmp_path / "secret.ipynb").write_text(nbformat.writes(honest_notebook()))
    (batch / "petitmarc_45678_500_ex1_1.ipynb").symlink_to(tmp_path / "secret.ipynb")
    results = {r.student: r for r in grade_batch(
        EX_FAST, [batch], tmp_path / "out", GradeOptions(timeout_s=120, seconds_per_check=30,
                                                         jobs=1))}
    assert set(results) == {"12345", "23456", "34567", "45678"}
    jean = results["12345"]
    assert jean.status == "graded" and jean.score == EX_FAST.autograded_points
    assert "2 rendus pour cet étudiant" in jean.message and "n° 200" in jean.message
    assert "en retard" in jean.message
    for student, words in (("23456", "JSON invalide"), ("34567", "bombe de décompression"),
                           ("45678", "lien symbolique")):
        r = results[student]
        assert r.status == "invalid" and r.score == 0 and words in r.message, r.message
    with open(tmp_path / "out" / "final_grades.csv", newline="") as f:
        assert len(list(csv.reader(f))) == 2 + 4


def test_killed_grade_run_resumes_without_regrading(tmp_path):
    batch = tmp_path / "batch"
    for i in range(4):
        notebooks.write(honest_notebook(f"étudiant {i}"), batch / f"etudiant{i}.ipynb")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AUTOGRADER_HOME": str(ROOT),
           "TMPDIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "autograder", "grade", "1.1", str(batch), "--out", str(out),
           "-j", "1", "--json"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while not list((out / "results").glob("*.json")) and time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 1 <= len(before) < 4, before
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    after = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert set(after) == {f"etudiant{i}.json" for i in range(4)}
    assert {name: after[name] for name in before} == before  # finished work not regraded
    results = read_all(out / "results")
    assert [r.score for r in results] == [EX_FAST.autograded_points] * 4
    assert not list((out / "results").glob("*.tmp"))
