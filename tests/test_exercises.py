"""Every exercise: complete, its reference earns everything, its stub nothing, and every
hand-written variant gets the verdict it was written for."""

from __future__ import annotations

import pytest

from autograder.authoring import exercises
from autograder.authoring.validate import validate_all
from autograder.authoring.variants import check_variant
from autograder.execution import remote
from autograder.grading.batch import GradeOptions
from autograder.grading.checkfiles import specs

CHAPTERS_1_TO_4 = [f"{c}.{i}" for c in (1, 2, 3, 4) for i in range(1, 6)]
VARIANTS = [(ex, v) for ex in exercises.catalogue() for v in ex.variants]


def test_catalogue_holds_chapters_1_to_4(catalogue):
    assert [e.id for e in catalogue][:20] == CHAPTERS_1_TO_4


@pytest.mark.parametrize("ex", exercises.catalogue(), ids=lambda e: e.id)
def test_exercise_is_complete(ex):
    assert ex.title and 1 <= ex.stars <= 3 and ex.chapter == int(ex.id.split(".")[0])
    assert sum(not v.correct for v in ex.variants) >= 2, "needs two buggy variants"
    assert any(v.correct for v in ex.variants), "needs a correct alternative"
    for v in ex.variants:
        assert (v.file is None or v.file.exists()) and (v.correct or v.fails)
    for spec in specs(ex.tests_dir()):
        kinds = {c.hidden for c in spec.checks}
        assert kinds == {True, False}, f"{spec.name} needs public and hidden checks"
    for key, entry in ex.training.items():
        assert {"cpu", "cuda"} <= set(entry) and entry["dataset"] in ex.datasets, key


@pytest.mark.parametrize("ex", exercises.catalogue(), ids=lambda e: e.id)
def test_master_has_no_control_characters(ex):
    """A `\\text` written in a non-raw string becomes a TAB and breaks the statement's LaTeX."""
    text = ex.master.read_text(encoding="utf-8")
    bad = sorted({f"{c!r} (line {text.count(chr(10), 0, i) + 1})"
                  for i, c in enumerate(text) if c < " " and c != "\n"})
    assert not bad, bad


@pytest.mark.parametrize("ex, variant", VARIANTS,
                         ids=[f"{e.id}-{v.name}" for e, v in VARIANTS])
def test_variant_verdict(ex, variant):
    """Graded on the loopback path: a check that works only in-process fails here."""
    verdict = check_variant(ex, variant)
    assert verdict.ok, verdict.problems


def test_validate_every_exercise(catalogue):
    reports = validate_all(list(catalogue), GradeOptions(timeout_s=300, seconds_per_check=120,
                                                         jobs=2))
    assert {r.exercise: r.problems for r in reports if not r.ok} == {}
    # The proxy limits are generous: what the references' checks ask of their objects stays
    # under a quarter of each (a notebook that answers everything reaches them at once).
    limits = {"requests": remote.MAX_REQUESTS_PER_CHECK, "depth": remote.MAX_PROXY_DEPTH,
              "refs": remote.MAX_REFS_PER_REPLY}
    over = {(r.exercise, k): v for r in reports for k, v in r.peaks.items() if v > limits[k] / 4}
    assert over == {}, over
