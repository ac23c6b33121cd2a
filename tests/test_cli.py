"""The CLI as an instructor calls it: JSON envelopes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from autograder import cli
from autograder.authoring import exercises


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


def test_list_json():
    proc = run("list", "--json")
    assert proc.returncode == 0
    rows = json.loads(proc.stdout)["data"]
    assert [r["id"] for r in rows] == [e.id for e in exercises.catalogue()]
    assert {"id", "title", "chapter", "stars", "points", "datasets", "gpu"} <= set(rows[0])


def test_unknown_exercise_is_a_clear_error():
    proc = run("list", "9.99")
    assert proc.returncode == 2 and "unknown exercise" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_internal_bug_shows_its_traceback_and_exits_3(monkeypatch, capsys):
    def broken(args):
        return {}["missing"]  # a KeyError in the grader is a bug, not a usage error

    monkeypatch.setattr(cli, "cmd_list", broken)
    assert cli.main(["list"]) == 3
    err = capsys.readouterr().err
    assert "KeyError" in err and "internal error" in err


def test_validate_fails_on_a_check_file_without_test_case(home_with_1_1):
    home, ex = home_with_1_1
    check = home / "reference" / ex.slug / "tests" / "q1.py"
    check.write_text(check.read_text().replace("@test_case", "# @test_case"))
    proc = run("validate", "1.1", "--json", env={"AUTOGRADER_HOME": str(home)})
    assert proc.returncode == 1
    (report,) = json.loads(proc.stdout)["data"]
    assert not report["ok"] and "without @test_case" in report["problems"][0]


def test_grade_prints_the_inputs_summary(tmp_path):
    batch = tmp_path / "canvas"
    batch.mkdir()
    for attachment in (100, 200):  # two uploads by one student, both empty: nothing runs
        (batch / f"dupontjean_12345_{attachment}_ex1_1.ipynb").write_bytes(b"")
    (batch / "martinzoe_23456_300_rapport.pdf").write_bytes(b"%PDF")
    proc = run("grade", "1.1", str(batch), "--out", str(tmp_path / "out"),
               env={"COLUMNS": "300"})
    assert proc.returncode == 0, proc.stderr
    assert "inputs: 2 student(s), 2 invalid input(s)" in proc.stdout
    assert ("duplicate: 12345 handed in 2 notebooks; graded the latest, "
            f"{batch / 'dupontjean_12345_200_ex1_1.ipynb'} (pièce jointe Canvas n° 200); "
            "not graded: « dupontjean_12345_100_ex1_1.ipynb » (pièce jointe Canvas n° 100)"
            ) in proc.stdout
