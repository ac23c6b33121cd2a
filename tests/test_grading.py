"""End to end: a mixed batch through `grade_batch`, one result row per input, the batch goes on."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder import exercises, notebooks
from autograder.execution import SandboxExecutor
from autograder.grading import GradeOptions, grade_batch
from autograder.results import read_all
from autograder.samples import DEMO_EXERCISE, samples_dir

EX = exercises.get(DEMO_EXERCISE)
# The timeout must cover the slowest sample (training included) on a loaded 2-core machine.
OPTIONS = GradeOptions(timeout_s=45, seconds_per_check=30, jobs=2)


def template() -> nbformat.NotebookNode:
    return nbformat.read(EX.student_notebook(), as_version=4)


def correct_code() -> str:
    return next(v for v in EX.variants if v.correct).file.read_text()


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
    assert len(rows) == len(expected) + 2


def test_correct_buggy_stub(batch):
    _, results = batch
    full = EX.autograded_points
    for v in EX.variants:
        prefix = "correct" if v.correct else "bug"
        r = results[f"{prefix}-{v.file.stem.removeprefix(prefix + '_')}"]
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

    class Counting(SandboxExecutor):
        runs = 0

        def run(self, job):
            Counting.runs += 1
            return super().run(job)

    subs = Path(next(iter(results.values())).source).parent
    again = grade_batch(EX, [subs], out, OPTIONS, executor=Counting())
    assert Counting.runs == 0
    assert {r.student: r.score for r in again} == {s: r.score for s, r in results.items()}
    assert len(read_all(out / "results")) == len(results)
