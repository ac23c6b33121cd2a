"""One student's feedback: a JSON document, rendered as a self-contained HTML page and Markdown.

Everything shown comes from the stored `SubmissionResult`: a hidden check contributes its
verdict (the property that failed, never its inputs or expected values) and its observations.
"""

from __future__ import annotations

from typing import Any

from autograder.report import i18n, plots
from autograder.report.templates import render
from autograder.results import SubmissionResult, points


def feedback_data(result: SubmissionResult, title: str, lang: str) -> dict[str, Any]:
    """The feedback document, in `lang`, as plain JSON data."""
    t = i18n.text(lang)
    questions = []
    for q in result.questions:
        if q.manual:
            continue
        checks = []
        for c in result.checks:
            if c.question != q.name:
                continue
            entry: dict[str, Any] = {"name": c.name, "hidden": c.hidden, "passed": c.passed,
                                     "points": c.points, "possible": c.possible,
                                     "seconds": round(c.seconds, 3),
                                     "observations": list(c.observations)}
            if not c.passed:
                entry.update(i18n.verdict(c, lang))
            checks.append(entry)
        questions.append({"name": q.name, "score": q.score, "possible": q.possible,
                          "checks": checks})
    manual = [{"name": q.name, "score": q.score, "possible": q.possible,
               "awaiting": q.awaiting, "comment": q.comment,
               "answer": result.answers.get(q.name, "")}
              for q in result.questions if q.manual]
    return {"lang": lang, "exercise": result.exercise, "title": title,
            "student": result.student, "status": result.status,
            "status_label": t[result.status], "message": result.message,
            "score": result.score, "possible": result.possible,
            "runtime_s": result.runtime_s, "isolation": result.isolation,
            "datasets": dict(sorted(result.datasets.items())), "questions": questions,
            "manual": manual,
            "cell_errors": [{"cell": e.cell, "error": e.error, "message": e.message}
                            for e in result.cell_errors]}


def _figures(check: dict[str, Any], t: dict[str, str]) -> list[dict[str, str]]:
    """The pictures a check's observations deserve: loss curves, and per-parameter gradient
    errors when a gradient check failed."""
    figures = []
    for o in check["observations"]:
        if o.get("kind") == "loss_curve" and o.get("losses"):
            figures.append({"caption": f"{t['loss_curve']} (`{o.get('model', '')}`)",
                            "src": plots.loss_curve(o["losses"], int(o.get("steps", 0)) or
                                                    len(o["losses"]), t["step"], t["loss"])})
        elif o.get("kind") == "gradients" and not check["passed"] and o.get("errors"):
            figures.append({"caption": f"{t['grad_errors']} (`{o.get('function', '')}`)",
                            "src": plots.gradient_errors(
                                o["errors"], float(o["tolerance"]), t["relative_error"],
                                f"{t['tolerance']} {float(o['tolerance']):g}",
                                t["wrong_shape"])})
    return figures


def render_html(data: dict[str, Any]) -> str:
    t = i18n.text(data["lang"])
    figures = {(q["name"], c["name"]): _figures(c, t) for q in data["questions"]
               for c in q["checks"]}
    return render("feedback.html.j2", d=data, t=t, figures=figures, pts=points)


def render_markdown(data: dict[str, Any]) -> str:
    return render("feedback.md.j2", d=data, t=i18n.text(data["lang"]), pts=points)
