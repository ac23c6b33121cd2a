"""Gradebook exports read from stored results (Otter's `final_grades.csv` first)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from otter.grade.utils import (
    POINTS_POSSIBLE_LABEL,
    SCORES_DICT_FILE_KEY,
    SCORES_DICT_GRADING_STATUS_KEY,
    SCORES_DICT_PERCENT_CORRECT_KEY,
    SCORES_DICT_TOTAL_POINTS_KEY,
)

from .results import SubmissionResult


def write_final_grades(results: Sequence[SubmissionResult], path: Path) -> Path:
    """Otter's columns: file, one per autograded question, total, percent, grading status."""
    questions = sorted({q.name for r in results for q in r.questions if not q.manual})
    header = [SCORES_DICT_FILE_KEY, *questions, SCORES_DICT_TOTAL_POINTS_KEY,
              SCORES_DICT_PERCENT_CORRECT_KEY, SCORES_DICT_GRADING_STATUS_KEY]
    rows = []
    if results:
        possible = {q.name: q.possible for r in results for q in r.questions if not q.manual}
        rows.append([POINTS_POSSIBLE_LABEL, *(_num(possible[q]) for q in questions),
                     _num(results[0].possible), 1, "--"])
    for r in sorted(results, key=lambda r: r.student):
        scores = {q.name: q.score for q in r.questions}
        percent = r.score / r.possible if r.possible else 0.0
        status = "Completed" if r.status == "graded" else f"{r.status}: {r.message}"
        rows.append([r.source, *(_num(scores.get(q, 0.0)) for q in questions), _num(r.score),
                     round(percent, 4), status])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)
