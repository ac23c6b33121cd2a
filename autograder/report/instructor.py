"""The instructor's page for one graded batch: distributions, pass rates, frequent failures."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from autograder.report import exports, i18n, plots
from autograder.report.templates import render
from autograder.results import Status, SubmissionResult, points

TOP_FAILURES = 10


def report_data(results: Sequence[SubmissionResult], title: str, lang: str) -> dict[str, Any]:
    """Every number the report shows, as plain data (results sorted by student)."""
    results = sorted(results, key=lambda r: r.student)
    t = i18n.text(lang)
    percents = [100 * r.score / r.possible if r.possible else 0.0 for r in results]
    runtimes = [r.runtime_s for r in results if r.status != Status.INVALID]
    questions = sorted({q.name for r in results for q in r.questions if not q.manual})
    question_rates = []
    for name in questions:
        rows = [q for r in results for q in r.questions if q.name == name]
        question_rates.append({"name": name, "possible": rows[0].possible,
                               "mean": statistics.fmean(q.score for q in rows),
                               "rate": sum(q.score >= q.possible for q in rows) / len(rows)})
    checks: dict[tuple[str, str], list[bool]] = {}
    hidden: dict[tuple[str, str], bool] = {}
    failures: Counter[tuple[str, str, str]] = Counter()
    for r in results:
        for c in r.checks:
            checks.setdefault((c.question, c.name), []).append(c.passed)
            hidden[c.question, c.name] = c.hidden
            if not c.passed:
                failures[c.question, c.name, i18n.verdict(c, lang)["summary"]] += 1
    uncalibrated = Counter((c.question, c.name, str(c.params.get("dataset", "?")),
                            str(c.params.get("data", "?")), str(c.params.get("device", "?")))
                           for r in results for c in r.checks if c.code == "uncalibrated")
    check_rates = [{"question": q, "name": n, "hidden": hidden[q, n], "count": len(v),
                    "rate": sum(v) / len(v)} for (q, n), v in sorted(checks.items())]
    frequent = sorted(failures.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_FAILURES]
    students = [{"student": r.student, "status": r.status, "status_label": t[r.status],
                 "score": r.score, "possible": r.possible, "runtime_s": r.runtime_s,
                 "first_problem": first_problem(r, lang) if r.score < r.possible else "",
                 "href": f"feedback/{quote(r.student)}.html"} for r in results]
    incidents = []
    for r in results:
        if r.status not in (Status.TIMEOUT, Status.CRASHED):
            continue
        reason = str(r.diagnostics.get("reason") or "").strip().splitlines() or [""]
        incidents.append({"student": r.student, "status_label": t[r.status],
                          "reason": reason[0], "exit": _process_end(r.diagnostics),
                          "oom": bool(r.diagnostics.get("oom_killed")),
                          "grader_cpu_s": r.diagnostics.get("grader_cpu_s"),
                          "more": "\n".join([*reason[1:], str(r.diagnostics.get("stderr_tail")
                                                              or "")]).strip()})
    exercise = results[0].exercise if results else ""
    return {"lang": lang, "exercise": exercise, "title": title, "count": len(results),
            "statuses": [{"status": s, "label": t[s], "count": sum(r.status == s
                                                                   for r in results)}
                         for s in Status],
            "percents": percents, "full_marks": sum(p >= 100 for p in percents),
            "mean": statistics.fmean(percents) if percents else 0.0,
            "median": statistics.median(percents) if percents else 0.0,
            "runtimes": runtimes, "question_rates": question_rates, "check_rates": check_rates,
            "frequent": [{"question": q, "check": c, "summary": s, "count": n}
                         for (q, c, s), n in frequent],
            "students": students, "incidents": incidents,
            "uncalibrated": [{"question": q, "check": c, "dataset": d, "data": k, "device": v,
                              "count": n} for (q, c, d, k, v), n in sorted(uncalibrated.items())],
            "unidentified": [{"student": r.student, "file": exports.otter_file(r),
                              "message": r.message} for r in exports.unidentified(results)]}


def _process_end(diagnostics: dict[str, Any]) -> str:
    parts = []
    if diagnostics.get("exit_code") is not None:
        parts.append(f"exit {diagnostics['exit_code']}")
    if diagnostics.get("signal"):
        parts.append(str(diagnostics["signal"]))
    return ", ".join(parts)


def first_problem(result: SubmissionResult, lang: str) -> str:
    """`q2 · <first failed check's summary>` in `lang`, or the status when it was not graded."""
    failed = next((c for c in result.checks if not c.passed), None)
    if result.status != Status.GRADED or failed is None:
        return result.message if lang == "fr" else i18n.text(lang)[result.status]
    return f"{failed.question} · {i18n.verdict(failed, lang)['summary']}"


def render_html(data: dict[str, Any]) -> str:
    t = i18n.text(data["lang"])
    figures: dict[str, str | None] = {"scores": None, "runtimes": None, "checks": None}
    if data["percents"]:
        figures["scores"] = plots.histogram(data["percents"], range(0, 101, 10),
                                            f"{t['score']} (%)", t["submissions"])
    if data["runtimes"]:
        top = max(1.0, math.ceil(max(data["runtimes"])))
        figures["runtimes"] = plots.histogram(data["runtimes"],
                                              [top * i / 10 for i in range(11)],
                                              t["seconds"], t["submissions"])
    if data["check_rates"]:
        figures["checks"] = plots.rates([f"{c['question']} · {c['name']}"
                                         for c in data["check_rates"]],
                                        [c["rate"] for c in data["check_rates"]],
                                        f"{t['pass_rate']} (%)")
    return render("report.html.j2", d=data, t=t, figures=figures, pts=points)
