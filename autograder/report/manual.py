"""Manual (written) questions: answers read from the notebook, pages to grade them, scores.

Discovery reads each answer from the notebook JSON (`intake.submissions.contents`), never
executing it; grading stores them in the result (`answers`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from autograder.errors import UsageError
from autograder.results import QuestionResult, SubmissionResult

SCORES_FILE = "manual_scores.json"


class ManualScoreError(UsageError):
    """A scores CSV that cannot be imported as a whole."""


def read_scores(out: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """`DIR/manual_scores.json`: student → question → {points, comment}; empty if absent."""
    path = out / SCORES_FILE
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["scores"]


def import_scores(out: Path, csv_path: Path, results: Sequence[SubmissionResult]) -> int:
    """Validate every row of `csv_path` (student, question, points[, comment]) against the
    stored results, then merge into `DIR/manual_scores.json`; nothing is written on any error."""
    possible = {(r.student, q.name): q.possible for r in results for q in r.questions
                if q.manual}
    students = {r.student for r in results}
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = {"student", "question", "points"} - set(reader.fieldnames or ())
        if missing:
            raise ManualScoreError(f"{csv_path}: missing column(s) {', '.join(sorted(missing))}")
        rows = list(reader)
    scores = read_scores(out)
    problems = []
    for line, row in enumerate(rows, start=2):
        student, question = (row["student"] or "").strip(), (row["question"] or "").strip()
        if student not in students:
            problems.append(f"line {line}: unknown student {student!r}")
            continue
        if (student, question) not in possible:
            problems.append(f"line {line}: {question!r} is not a manual question of {student}")
            continue
        try:
            value = float(row["points"])
        except (TypeError, ValueError):
            problems.append(f"line {line}: points {row['points']!r} is not a number")
            continue
        top = possible[student, question]
        if not 0 <= value <= top:
            problems.append(f"line {line}: {value:g} points outside [0, {top:g}] for {question}")
            continue
        scores.setdefault(student, {})[question] = {
            "points": value, "comment": (row.get("comment") or "").strip()}
    if problems:
        raise ManualScoreError("; ".join(problems))
    path = out / SCORES_FILE
    ordered = {s: dict(sorted(q.items())) for s, q in sorted(scores.items())}
    path.write_text(json.dumps({"scores": ordered}, indent=1, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return len(rows)


def merge(results: Sequence[SubmissionResult],
          scores: dict[str, dict[str, dict[str, Any]]]) -> list[SubmissionResult]:
    """Results with the imported manual points in their questions and totals.

    A manual question counts towards `possible` (for every student) once any score for it has
    been imported; until then it is listed as awaiting a human grader.
    """
    graded = {q for by_question in scores.values() for q in by_question}
    merged = []
    for r in results:
        mine = scores.get(r.student, {})
        questions = []
        score, possible = r.score, r.possible
        for q in r.questions:
            if q.manual and q.name in graded:
                entry = mine.get(q.name)
                q = QuestionResult(q.name, float(entry["points"]) if entry else 0.0, q.possible,
                                   True, awaiting=entry is None,
                                   comment=entry["comment"] if entry else "")
                score, possible = score + q.score, possible + q.possible
            questions.append(q)
        merged.append(replace(r, questions=tuple(questions), score=score, possible=possible))
    return merged
