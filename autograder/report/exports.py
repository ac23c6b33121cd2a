"""Gradebook exports read from (merged) stored results, each keyed on what its importer matches.

- `final_grades.csv`: Otter's `merge_scores_to_df` columns; `file` is the base name of the file
  handed in, as `otter grade` writes it (`containers.py`: `scores.file = nb_basename`).
- `canvas.csv`: canvas-lms `GradebookImporter` matches a row on `ID` (the Canvas user id), then
  `SIS User ID`, `SIS Login ID`, then the name; an assignment column `Name (id)` updates that
  assignment, any other name creates one.
- `moodle_worksheet.csv`: the assignment's offline grading worksheet; `assignfeedback_offline`
  matches `Identifier` (`Participant <n>`), reads `Grade`, `Last modified (grade)` and the
  `Feedback comments` column, and skips identifiers it does not know.
- `moodle.csv`: the course grade import (`gradeimport_csv`) on the user's `ID number`, which
  aborts on one unknown user: written only for students whose ID number a roster gave.
- `gradescope/<student>/results.json`: what `run_autograder` writes in Gradescope (`gradescope`).

An invalid input that no learning system can attribute (no LMS identity, no roster match) is
never a gradebook row: `unidentified` lists it for the instructor.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from otter.grade.utils import (
    POINTS_POSSIBLE_LABEL,
    SCORES_DICT_FILE_KEY,
    SCORES_DICT_GRADING_STATUS_KEY,
    SCORES_DICT_PERCENT_CORRECT_KEY,
    SCORES_DICT_TOTAL_POINTS_KEY,
)

from autograder.errors import UsageError
from autograder.intake.identity import MOODLE_PARTICIPANT
from autograder.results import Status, SubmissionResult

CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_ASSIGNMENT = re.compile(r"\A(.*)\s\((\d+)\)\Z")  # canvas-lms Assignment.title_and_id
MOODLE_ID = "ID number"
# The worksheet's columns, as Moodle's "Download grading worksheet" names them (English); the
# upload needs `Identifier`, `Grade` and `Last modified (grade)`, and reads a feedback plugin's
# column by its name, never in first position.
MOODLE_WORKSHEET = ["Identifier", "Full name", "Email address", "Grade", "Maximum grade",
                    "Last modified (grade)", "Feedback comments"]


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
    results = gradebook_rows(results)
    questions = _columns(results)
    header = [SCORES_DICT_FILE_KEY, *questions, SCORES_DICT_TOTAL_POINTS_KEY,
              SCORES_DICT_PERCENT_CORRECT_KEY, SCORES_DICT_GRADING_STATUS_KEY]
    rows = []
    if results:
        possible = {q.name: q.possible for r in results for q in r.questions}
        rows.append([POINTS_POSSIBLE_LABEL, *(_num(possible[q]) for q in questions),
                     _num(max(r.possible for r in results)), 1, "--"])
    for r in results:
        scores = {q.name: q.score for q in r.questions}
        percent = r.score / r.possible if r.possible else 0.0
        status = "Completed" if r.status == Status.GRADED else f"{r.status}: {r.message}"
        rows.append([otter_file(r), *(_num(scores.get(q, 0.0)) for q in questions),
                     _num(r.score), round(percent, 4), status])
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
    """Canvas gradebook import: `ID` holds the Canvas user id where the source or the roster
    gives it, SIS ids where the roster gives them; `assignment` is the column header."""
    rows: list[list[Any]] = [[*CANVAS_FIXED, assignment]]
    results = gradebook_rows(results)
    if results:
        rows.append(["Points Possible", "", "", "", "", _num(max(r.possible for r in results))])
    for r in results:
        i = r.identity
        rows.append([i.name or r.student, i.canvas_id or "", i.sis_user_id or "",
                     i.sis_login_id or "", "", _num(r.score)])
    return _write_csv(path, rows)


def canvas_assignment(header: str) -> str:
    """`Name (id)`, as Canvas's `Assignment.title_and_id` reads an existing assignment."""
    if not CANVAS_ASSIGNMENT.match(header):
        raise UsageError(f"--canvas-assignment {header!r}: expected `Name (id)`, the header of "
                         "the assignment's column in a Canvas gradebook export, e.g. "
                         "'TP 2.3 (4521)'")
    return header


def write_moodle_worksheet(results: Sequence[SubmissionResult], path: Path,
                           feedback: dict[str, str]) -> Path:
    """The offline grading worksheet, one row per student with a participant number."""
    rows: list[list[Any]] = [MOODLE_WORKSHEET]
    for r in gradebook_rows(results):
        i = r.identity
        if i.moodle_participant:
            rows.append([f"{MOODLE_PARTICIPANT}{i.moodle_participant}", i.name or r.student,
                         i.email or "", _num(r.score), _num(r.possible),
                         i.moodle_modified or "-", feedback.get(r.student, "")])
    return _write_csv(path, rows)


def write_moodle(results: Sequence[SubmissionResult], assignment: str, path: Path,
                 feedback: dict[str, str]) -> Path | None:
    """Moodle grade import on `ID number`, for the students whose ID number a roster gave;
    no file (and an earlier one removed) when there is none, since one unknown row would
    abort the whole import."""
    rows: list[list[Any]] = [[MOODLE_ID, assignment, "Feedback"]]
    rows += [[r.identity.moodle_idnumber, _num(r.score), feedback.get(r.student, "")]
             for r in gradebook_rows(results) if r.identity.moodle_idnumber]
    if len(rows) == 1:
        path.unlink(missing_ok=True)
        return None
    return _write_csv(path, rows)


def gradebook_rows(results: Sequence[SubmissionResult]) -> list[SubmissionResult]:
    """The results a gradebook holds, by student: all but unattributable invalid inputs."""
    return sorted((r for r in results if r.status != Status.INVALID or r.identity.known),
                  key=lambda r: r.student)


def unidentified(results: Sequence[SubmissionResult]) -> list[SubmissionResult]:
    """Invalid inputs that no learning system can attribute: listed, never in a gradebook."""
    return sorted((r for r in results if r.status == Status.INVALID and not r.identity.known),
                  key=lambda r: r.student)


def otter_file(result: SubmissionResult) -> str:
    """The base name of the file handed in, as Otter's `file` column holds it."""
    return result.identity.file or PurePosixPath(result.source.rsplit("!/", 1)[-1]).name


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)
