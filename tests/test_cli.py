"""The CLI as an instructor calls it: JSON envelopes and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from autograder import exercises


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
    assert proc.returncode == 2 and "unknown exercise" in proc.stdout


def test_validate_fails_on_a_check_file_without_test_case(home_with_1_1):
    home, ex = home_with_1_1
    check = home / "reference" / ex.slug / "tests" / "q1.py"
    check.write_text(check.read_text().replace("@test_case", "# @test_case"))
    proc = run("validate", "1.1", "--json", env={"AUTOGRADER_HOME": str(home)})
    assert proc.returncode == 1
    (report,) = json.loads(proc.stdout)["data"]
    assert not report["ok"] and "without @test_case" in report["problems"][0]
