"""Manual (written) questions: answers read from the notebook, pages to grade them, scores.

Otter wraps each manual question between `<!-- BEGIN QUESTION -->` and `<!-- END QUESTION -->`
markdown cells; the student writes in the cells tagged `otter_answer_cell`. The notebook JSON is
only read here, never executed.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import nbformat

from autograder.errors import UsageError
from autograder.results import QuestionResult, SubmissionResult

BEGIN = re.compile(r"<!--\s*BEGIN QUESTION\s*-->")
END = re.compile(r"<!--\s*END QUESTION\s*-->")
ANSWER_TAG = "otter_answer_cell"
SCORES_FILE = "manual_scores.json"
MAX_ANSWER = 20_000


def extract_answers(notebook: Path, manual: Sequence[str]) -> dict[str, str]:
    """The k-th BEGIN/END QUESTION region's answer cells → the k-th manual question."""
    if not manual:
        return {}
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception:  # noqa: BLE001 - an unreadable notebook has no answers
        return {}
    regions: list[list[str]] = []
    inside = False
    for cell in nb.cells:
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        if cell.get("cell_type") == "markdown" and BEGIN.search(source):
            regions.append([])
            inside = True
            continue
        if cell.get("cell_type") == "markdown" and END.search(source):
            inside = False
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if inside and ANSWER_TAG in tags:
            regions[-1].append(source.strip())
    return {name: "\n\n".join(cells)[:MAX_ANSWER]
            for name, cells in zip(manual, regions, strict=False)}


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
