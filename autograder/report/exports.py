"""Gradebook exports read from (merged) stored results: Otter, Gradescope, Canvas, Moodle."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from otter.grade.utils import (
    POINTS_POSSIBLE_LABEL,
    SCORES_DICT_FILE_KEY,
    SCORES_DICT_GRADING_STATUS_KEY,
    SCORES_DICT_PERCENT_CORRECT_KEY,
    SCORES_DICT_TOTAL_POINTS_KEY,
)

from ..results import SubmissionResult

CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_ID = "ID number"


def _columns(results: Sequence[SubmissionResult]) -> list[str]:
    """Autograded questions, plus manual ones once a score for them has been imported."""
    return sorted({q.name for r in results for q in r.questions
                   if not q.manual or not q.awaiting})


def _write_csv(path: Path, rows: list[list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def write_final_grades(results: Sequence[SubmissionResult], path: Path) -> Path:
    """Otter's columns: file, one per question, total, percent, grading status."""
    questions = _columns(results)
    header = [SCORES_DICT_FILE_KEY, *questions, SCORES_DICT_TOTAL_POINTS_KEY,
              SCORES_DICT_PERCENT_CORRECT_KEY, SCORES_DICT_GRADING_STATUS_KEY]
    rows = []
    if results:
        possible = {q.name: q.possible for r in results for q in r.questions}
        rows.append([POINTS_POSSIBLE_LABEL, *(_num(possible[q]) for q in questions),
                     _num(max(r.possible for r in results)), 1, "--"])
    for r in sorted(results, key=lambda r: r.student):
        scores = {q.name: q.score for q in r.questions}
        percent = r.score / r.possible if r.possible else 0.0
        status = "Completed" if r.status == "graded" else f"{r.status}: {r.message}"
        rows.append([r.source, *(_num(scores.get(q, 0.0)) for q in questions), _num(r.score),
                     round(percent, 4), status])
    return _write_csv(path, [header, *rows])


def gradescope_results(result: SubmissionResult) -> dict[str, Any]:
    """Gradescope's autograder `results.json`: one test per check (hidden ones visible only
    after publication, their output never holding expected values) and per graded manual
    question."""
    tests = []
    for c in result.checks:
        tests.append({"name": f"{c.question} · {c.name}", "number": c.question,
                      "score": c.points, "max_score": c.possible,
                      "status": "passed" if c.passed else "failed",
                      "output": "" if c.passed else c.message,
                      "visibility": "after_published" if c.hidden else "visible"})
    for q in result.questions:
        if q.manual and not q.awaiting:
            tests.append({"name": f"{q.name} (manual)", "number": q.name, "score": q.score,
                          "max_score": q.possible,
                          "status": "passed" if q.score >= q.possible else "failed",
                          "output": q.comment, "visibility": "visible"})
    return {"score": result.score, "execution_time": result.runtime_s,
            "output": result.message, "visibility": "visible", "tests": tests}


def write_gradescope(results: Sequence[SubmissionResult], folder: Path) -> list[Path]:
    paths = []
    for r in sorted(results, key=lambda r: r.student):
        path = folder / r.student / "results.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(gradescope_results(r), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def write_canvas(results: Sequence[SubmissionResult], assignment: str, path: Path) -> Path:
    """Canvas gradebook import: our student id goes to `Student` and `SIS Login ID`."""
    rows: list[list[Any]] = [[*CANVAS_FIXED, assignment]]
    if results:
        rows.append(["Points Possible", "", "", "", "", _num(max(r.possible for r in results))])
    for r in sorted(results, key=lambda r: r.student):
        rows.append([r.student, "", "", r.student, "", _num(r.score)])
    return _write_csv(path, rows)


def write_moodle(results: Sequence[SubmissionResult], assignment: str, path: Path,
                 feedback: dict[str, str]) -> Path:
    """Moodle grade import: `ID number` (our student id), the grade, a feedback line."""
    rows: list[list[Any]] = [[MOODLE_ID, assignment, "Feedback"]]
    for r in sorted(results, key=lambda r: r.student):
        rows.append([r.student, _num(r.score), feedback.get(r.student, "")])
    return _write_csv(path, rows)


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)
