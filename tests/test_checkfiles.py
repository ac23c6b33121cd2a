"""Check files: malformed ones are errors, verdicts are French and hidden ones leak nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.grading.checkfiles import CheckFileError, load_suite, parse, run_suite
from autograder.grading.scoring import question_scores

HEADER = ("from otter.test_files import test_case\n\nOK_FORMAT = False\n\n"
          "name = 'q1'\npoints = 2\n\n")


def write(folder: Path, body: str, name: str = "q1.py") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body)
    return path


@pytest.mark.parametrize("body, reason", [
    ("from otter.test_files import test_case\nname = 'q1'\n"
     "@test_case()\ndef test_a(f):\n    pass\n", "OK_FORMAT"),
    (HEADER, "no @test_case"),
    (HEADER + "def test_a(f):\n    pass\n", "without @test_case"),
    (HEADER + "this is not python", "does not run"),
])
def test_malformed_files_are_errors(tmp_path, body, reason):
    with pytest.raises(CheckFileError, match=reason):
        parse(write(tmp_path, body))


def test_no_files_is_an_error(tmp_path):
    with pytest.raises(CheckFileError, match="no check files"):
        load_suite(tmp_path)


SUITE = HEADER + '''
@test_case(points=1, hidden=False)
def test_public(f):
    from autograder import checks as C
    C.expect_equal(C.call(f, 2, name="f"), 4, name="f(2)", reveal=True)

@test_case(points=1, hidden=True)
def test_hidden(f):
    secret = 123456
    if f(3) != 9:
        raise ValueError(f"expected {secret}")
'''


def test_verdicts_and_scores(tmp_path):
    tests = tmp_path / "tests"
    write(tests, SUITE)
    outcomes = run_suite(tests, {"f": lambda x: x * x})
    assert [o.passed for o in outcomes] == [True, True]
    specs = [s for s, _ in load_suite(tests)]
    assert question_scores(specs, outcomes) == {"q1": 2.0}

    outcomes = run_suite(tests, {"f": lambda x: x + 2})
    public, hidden = outcomes
    assert public.passed and not hidden.passed
    assert "ValueError" in hidden.message and "123456" not in hidden.message
    assert question_scores(specs, outcomes) == {"q1": 1.0}

    missing = run_suite(tests, {})
    assert all("`f` n'est pas défini" in o.message for o in missing)
    assert not run_suite(tests, {"f": lambda x: x * x}, include_hidden=False)[0].hidden


def test_check_time_limit(tmp_path):
    tests = tmp_path / "tests"
    write(tests, HEADER + "@test_case(points=1)\ndef test_slow(f):\n    f()\n")

    def forever():
        while True:
            pass

    (outcome,) = run_suite(tests, {"f": forever}, seconds_per_check=0.5)
    assert not outcome.passed and "Temps dépassé" in outcome.message
