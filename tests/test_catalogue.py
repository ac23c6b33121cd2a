"""The one verdict catalogue: every library verdict is worded there, in French and English."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import autograder
from autograder.checks import catalogue
from autograder.checks.failure import CheckFailure
from autograder.grading.verdict import CheckResult
from autograder.report import i18n

PACKAGE = Path(autograder.__file__).parent


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def _dummy(entry: catalogue.Entry) -> dict[str, str]:
    names: set[str] = set()
    for summary, details, hint in entry.values():
        for t in (summary, *details, hint or ""):
            names |= _fields(t)
    return {n: f"<{n}>" for n in names}


@pytest.mark.parametrize("code", sorted(catalogue.VERDICTS))
def test_every_verdict_reads_in_every_language(code):
    entry = catalogue.VERDICTS[code]
    assert set(entry) == set(catalogue.LANGS)
    assert len({len(details) for _, details, _ in entry.values()}) == 1, "same detail lines"
    assert len({hint is None for _, _, hint in entry.values()}) == 1, "a hint in each or none"
    params = _dummy(entry)
    failure = CheckFailure.coded(code, **params)
    result = CheckResult("q1", "test_x", True, False, 0.0, failure.summary,
                         tuple(failure.details), failure.hint, failure.code, failure.params)
    english = i18n.verdict(result, "en")
    assert english["translated"] and english["hint_translated"]
    assert english["summary"] and english["summary"] != failure.summary
    assert len(english["details"]) == len(failure.details)


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)]


def test_the_library_words_its_verdicts_only_through_the_catalogue():
    """A French sentence at a raise site would stay French on an English page."""
    worded, unknown = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            func = call.func
            if isinstance(func, ast.Name) and func.id == "CheckFailure" and call.args and \
                    isinstance(call.args[0], ast.Constant | ast.JoinedStr):
                worded.append(f"{path.name}:{call.lineno}")
            if isinstance(func, ast.Attribute) and func.attr == "coded" and call.args and \
                    isinstance(call.args[0], ast.Constant) and \
                    call.args[0].value not in catalogue.VERDICTS:
                unknown.append(f"{path.name}:{call.lineno} {call.args[0].value}")
    assert worded == [] and unknown == []


def test_a_check_files_own_words_stay_french_and_say_so():
    result = CheckResult("q1", "test_x", True, False, 0.0, "La somme est fausse.",
                         hint="relisez l'énoncé")
    english = i18n.verdict(result, "en")
    assert english["summary"] == "La somme est fausse." and not english["translated"]


def test_a_check_files_hint_on_a_library_verdict_stays_its_own():
    failure = CheckFailure.coded("shape", "transposez W", name="W", got=[2, 3], expected=[3, 2])
    assert failure.summary == "`W` a la forme (2, 3), attendu (3, 2)."
    result = CheckResult("q1", "t", False, False, 0.0, failure.summary, (), failure.hint,
                         failure.code, failure.params)
    english = i18n.verdict(result, "en")
    assert english["summary"] == "`W` has shape (2, 3), expected (3, 2)."
    assert english["hint"] == "transposez W" and not english["hint_translated"]
