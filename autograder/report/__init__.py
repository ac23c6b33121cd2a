"""Every output of a graded batch, rebuilt from stored results (no regrading).

`build_outputs` is the one way to write them: `grade_batch` calls it at the end of a batch and
`autograder report DIR` calls it on stored results; equal inputs give byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.authoring import exercises
from autograder.errors import UsageError
from autograder.report import exports, feedback, i18n, instructor, manual
from autograder.report.templates import render
from autograder.results import SubmissionResult, points, read_all


@dataclass(frozen=True)
class Outputs:
    report: Path
    feedback: Path
    final_grades: Path
    gradescope: Path
    canvas: Path
    moodle_worksheet: Path
    moodle: Path | None  # only when a roster gave ID numbers
    manual: Path


def _title(exercise_id: str) -> str:
    try:
        return exercises.get(exercise_id).title
    except KeyError:
        return exercise_id


SETTINGS = "gradebook.json"  # export settings given once (`--canvas-assignment`), kept for reports


def export_settings(out: Path, canvas_assignment: str | None = None) -> dict[str, str]:
    """`DIR/gradebook.json`, updated with `canvas_assignment` when given (checked first)."""
    path = out / SETTINGS
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if canvas_assignment is not None:
        settings["canvas_assignment"] = exports.canvas_assignment(canvas_assignment)
        out.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings, indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    return settings


def _fresh(folder: Path) -> Path:
    """An empty folder for generated files (stale ones from an earlier build are removed)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def write_manual_pages(out: Path, results: Sequence[SubmissionResult], lang: str = "fr") -> Path:
    """`DIR/manual/<question>.html`: every student's written answer to one manual question
    (`results` already merged with the imported scores)."""
    folder = _fresh(out / "manual")
    results = sorted(results, key=lambda r: r.student)
    names = sorted({q.name for r in results for q in r.questions if q.manual})
    title = _title(results[0].exercise) if results else ""
    for name in names:
        entries = [{"student": r.student, "answer": r.answers.get(name, ""),
                    "question": next(q for q in r.questions if q.name == name)}
                   for r in results if any(q.name == name for q in r.questions)]
        html = render("manual.html.j2", t=i18n.text(lang), question=name,
                               title=title, exercise=results[0].exercise, entries=entries,
                               possible=entries[0]["question"].possible, pts=points,
                               lang=lang)
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    return folder


def build_outputs(out: Path, results: Sequence[SubmissionResult], lang: str = "fr") -> Outputs:
    """Feedback pages, the instructor report, manual pages and every gradebook export."""
    if lang not in i18n.LANGS:
        raise UsageError(f"unknown language {lang!r} (choose from {', '.join(i18n.LANGS)})")
    results = manual.merge(sorted(results, key=lambda r: r.student), manual.read_scores(out))
    title = _title(results[0].exercise) if results else ""
    folder = _fresh(out / "feedback")
    for r in results:
        data = feedback.feedback_data(r, title, lang)
        (folder / f"{r.student}.json").write_text(
            json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8")
        (folder / f"{r.student}.html").write_text(feedback.render_html(data), encoding="utf-8")
        (folder / f"{r.student}.md").write_text(feedback.render_markdown(data),
                                                encoding="utf-8")
    report = out / "report.html"
    report.write_text(instructor.render_html(instructor.report_data(results, title, lang)),
                      encoding="utf-8")
    assignment = f"{results[0].exercise} {title}" if results else "autograder"
    first = {r.student: instructor.first_problem(r, lang) if r.score < r.possible else ""
             for r in results}
    comments = {r.student: f"{r.message} {first[r.student]}".strip() for r in results}
    gradescope = _fresh(out / "gradescope")
    exports.write_gradescope(results, gradescope)
    canvas = export_settings(out).get("canvas_assignment", assignment)
    return Outputs(report, folder, exports.write_final_grades(results, out / "final_grades.csv"),
                   gradescope, exports.write_canvas(results, canvas, out / "canvas.csv"),
                   exports.write_moodle_worksheet(results, out / "moodle_worksheet.csv",
                                                  comments),
                   exports.write_moodle(results, assignment, out / "moodle.csv", first),
                   write_manual_pages(out, results, lang))


def rebuild(out: Path, lang: str = "fr") -> tuple[list[SubmissionResult], Outputs]:
    """`autograder report DIR`: every output from `DIR/results/*.json`."""
    results = read_all(out / "results")
    if not results:
        raise UsageError(f"{out / 'results'}: no stored results")
    return results, build_outputs(out, results, lang)
