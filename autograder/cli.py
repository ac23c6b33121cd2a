"""The `autograder` command: one function per verb; printing happens here only."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from autograder.authoring import exercises
from autograder.errors import AutograderError
from autograder.grading.batch import GradeOptions

console = Console()
errors = Console(stderr=True)


def _emit_json(payload: object) -> None:
    print(json.dumps({"version": 1, "data": payload}, indent=2, ensure_ascii=False))


def cmd_list(args: argparse.Namespace) -> int:
    rows = [e.summary() for e in exercises.select(args.ids)]
    if args.json:
        _emit_json(rows)
        return 0
    table = Table("id", "title", "ch", "stars", "points", "datasets", "GPU")
    for r in rows:
        table.add_row(r["id"], r["title"], str(r["chapter"]), "⋆" * r["stars"],
                      f"{r['autograded_points']:g} + {r['manual_points']:g} manual",
                      ", ".join(r["datasets"]) or "–", "yes" if r["gpu"] else "no")
    console.print(table)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from autograder.authoring.build import build

    for ex in exercises.select(args.ids):
        result = build(ex)
        console.print(f"[green]built[/] {ex.id} → {result.student.parent}, {result.reference}, "
                      f"{result.zip}, {result.gradescope}")
    return 0


def _options(args: argparse.Namespace) -> GradeOptions:
    from autograder.intake.identity import read_roster

    roster = getattr(args, "roster", None)
    return GradeOptions(timeout_s=args.timeout, seconds_per_check=args.check_timeout,
                        jobs=args.jobs, lang=getattr(args, "lang", "fr"),
                        roster=read_roster(roster) if roster else None,
                        cluster=getattr(args, "cluster", None))


def cmd_validate(args: argparse.Namespace) -> int:
    from autograder.authoring.validate import validate_all

    reports = validate_all(exercises.select(args.ids), _options(args))
    if args.json:
        _emit_json([r.to_json() for r in reports])
    else:
        table = Table("id", "ok", "reference", "stub (hidden)", "seconds", "problems")
        for r in reports:
            table.add_row(r.exercise, "[green]yes[/]" if r.ok else "[red]no[/]",
                          f"{r.reference_score:g}/{r.possible:g}", f"{r.stub_hidden_score:g}",
                          f"{r.seconds:.1f}", "\n".join(r.problems) or "–")
        console.print(table)
    return 0 if all(r.ok for r in reports) else 1


def _grade(ex: exercises.Exercise, inputs: list[Path], out: Path, options: GradeOptions,
           quiet: bool) -> tuple[list, list]:
    """Grade with a progress bar; returns the results and the submissions discovered."""
    from autograder.grading.batch import grade_batch

    found: list = []

    def discovered(subs: list) -> None:
        found.extend(subs)
        progress.update(task, total=len(subs))

    with Progress(console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task(f"grading {ex.id}", total=None)
        results = grade_batch(ex, inputs, out, options,
                              on_result=lambda r: progress.advance(task),
                              on_discover=discovered)
    return results, found


def _print_inputs(subs: list) -> None:
    """The batch summary: students found, invalid inputs, and students who handed in twice."""
    from rich.markup import escape

    invalid = sum(s.notebook is None for s in subs)
    console.print(f"inputs: {len(subs)} student(s), {invalid} invalid input(s)")
    lost = [s for s in subs if s.notebook is None and not s.identity.known]
    if lost:
        console.print(escape(f"not in any gradebook (invalid, no LMS identity): "
                             f"{', '.join(str(s.source) for s in lost)}"))
    unknown = [s.student for s in subs if s.notebook is not None and not s.identity.known]
    if unknown:
        console.print(escape(f"no LMS identity (Canvas matches these by name only, not in the "
                             f"Moodle worksheet; see --roster): {', '.join(unknown)}"))
    for s in subs:
        if s.superseded:
            console.print(escape(f"duplicate: {s.student} handed in {len(s.superseded) + 1} "
                                 f"notebooks; graded the latest, {s.source} ({s.latest_by}); "
                                 f"not graded: {', '.join(s.superseded)}"))


def _print_gradebook(results: list, out: Path, subs: list | None = None) -> None:
    """The gradebook table, what discovery found, then where every output is (report last)."""
    from rich.markup import escape

    from autograder.results import Status, points

    table = Table("student", "status", "score", "first problem")
    for r in sorted(results, key=lambda r: r.student):
        colour = {Status.GRADED: "green", Status.TIMEOUT: "yellow"}.get(r.status, "red")
        table.add_row(r.student, f"[{colour}]{r.status}[/]",
                      f"{points(r.score)} / {points(r.possible)}",
                      escape(r.first_failure() if r.score < r.possible else "–"))
    console.print(table)
    if subs is not None:
        _print_inputs(subs)
    moodle = f", {out / 'moodle.csv'}" if (out / "moodle.csv").exists() else ""
    console.print(f"results: {out / 'results'}/\nfeedback: {out / 'feedback'}/\n"
                  f"exports: {out / 'final_grades.csv'}, {out / 'canvas.csv'}, "
                  f"{out / 'moodle_worksheet.csv'}{moodle}, {out / 'gradescope'}/\n"
                  f"manual questions: {out / 'manual'}/\n"
                  f"[bold]report: {out / 'report.html'}[/]")


def _uncalibrated_warning(ex: exercises.Exercise) -> bool:
    """Print, on stderr before grading, each training check whose threshold was never
    calibrated for this device and the data present; True when there is one."""
    from rich.markup import escape

    from autograder.checks.training import KIND_LABELS, uncalibrated

    missing = uncalibrated(ex.id)
    for b in missing:
        errors.print(escape(
            f"ATTENTION : seuil non calibré pour ces données — {ex.id} {b.key} : {b.dataset} "
            f"({KIND_LABELS.get(b.data_kind or '', b.data_kind)}, {b.device}). Cette "
            f"vérification de précision ne sera pas jugée et ne rapportera aucun point ; "
            f"calibrez d'abord : autograder calibrate {ex.id} --device {b.device}"),
            style="bold red")
    return bool(missing)


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.report import export_settings

    ex = exercises.get(args.exercise)
    if _uncalibrated_warning(ex) and not args.allow_uncalibrated:
        errors.print("grading refused: rerun with --allow-uncalibrated to grade anyway "
                     "(those checks then fail as « seuil non calibré » and earn nothing)",
                     style="bold red")
        return 2
    options = _options(args)  # a bad roster or assignment header stops before any grading
    export_settings(args.out, args.canvas_assignment)
    results, subs = _grade(ex, args.submissions, args.out, options, args.json)
    if args.json:
        _emit_json([r.to_json() for r in results])
    else:
        _print_gradebook(results, args.out, subs)
    return 0


def cmd_variants(args: argparse.Namespace) -> int:
    from autograder.authoring.variants import check_variant

    verdicts = [(ex.id, check_variant(ex, v)) for ex in exercises.select(args.ids)
                for v in ex.variants]
    if args.json:
        _emit_json([{"exercise": i, "variant": v.variant, "correct": v.correct, "ok": v.ok,
                     "expected_failures": list(v.expected_failures), "scores": v.scores,
                     "possible": v.possible} for i, v in verdicts])
    else:
        table = Table("id", "variant", "expected", "scores", "ok")
        for i, v in verdicts:
            expected = "full marks" if v.correct else f"loses {', '.join(v.expected_failures)}"
            scores = ", ".join(f"{q} {v.scores[q]:.3g}/{v.possible[q]:g}" for q in v.scores)
            table.add_row(i, v.variant, expected, scores,
                          "[green]yes[/]" if v.ok else "[red]no[/]")
        console.print(table)
    return 0 if all(v.ok for _, v in verdicts) else 1


def cmd_mutate(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from autograder.authoring.mutation.run import mutate

    reports = []
    for ex in exercises.select(args.ids):
        report = mutate(ex, args.jobs, fail_fast=not args.full)
        reports.append(report)
        if args.json:
            continue
        table = Table("mutant", "status", "killed by", "change", title=f"{ex.id} — {ex.title}")
        for r in report.results:
            colour = {"killed": "green", "equivalent": "yellow"}.get(r.status, "red")
            table.add_row(r.mutant.id, f"[{colour}]{r.status}[/]",
                          escape(", ".join(r.killed_by) or (r.equivalent or "–")),
                          escape(r.mutant.description))
        console.print(table)
        for p in report.problems:
            console.print(f"[red]problem:[/] {escape(p)}")
    if args.json:
        _emit_json([r.to_json() for r in reports])
    else:
        summary = Table("id", "mutants", "killed", "equivalent", "survived", "score")
        for r in reports:
            counts = {s: sum(x.status == s for x in r.results)
                      for s in ("killed", "equivalent", "survived")}
            summary.add_row(r.exercise, str(len(r.results)), str(counts["killed"]),
                            str(counts["equivalent"]), str(counts["survived"]),
                            f"{100 * r.score:.1f} %")
        console.print(summary)
    return 0 if all(r.ok for r in reports) else 1


def cmd_calibrate(args: argparse.Namespace) -> int:
    from autograder.authoring.calibrate import (
        CHANCE,
        calibrate,
        measure_runtime,
        record,
        record_runtime,
    )

    ex = exercises.get(args.exercise)
    runtime = measure_runtime(ex, args.runtime_runs, args.device, _options(args))
    path = record_runtime(ex, runtime)
    console.print(f"{ex.id} reference ({runtime.device}): {runtime.notebook_s:.1f} s in all, "
                  f"slowest check {runtime.slowest_check_s:.1f} s, grader CPU "
                  f"{runtime.grader_cpu_s:.1f} s → recorded in {path}")
    if args.runtime_only:
        return 0
    calibrations = calibrate(ex, args.seeds, args.device, _options(args))
    if not calibrations:
        console.print(f"{ex.id} has no training check to calibrate")
        return 0
    unusable = [c for c in calibrations if not c.usable]
    for c in calibrations:
        console.print(f"{ex.id} {c.key} ({c.device}) accuracies "
                      f"{', '.join(f'{a:.3f}' for a in c.accuracies)} → threshold "
                      f"{c.threshold:.2f} for {c.data} data (margin {c.margin:.3f}, "
                      f"{c.seconds_per_run:.1f} s/run)")
    if unusable:
        keys = ", ".join(c.key for c in unusable)
        errors.print(f"not recorded: the threshold of {keys} is not above chance "
                     f"({CHANCE:.2f}): accuracies vary too much across seeds for this budget; "
                     "train longer or on more images (training.<key> in exercise.yaml), then "
                     "calibrate again")
        return 1
    path = record(ex, calibrations)
    console.print(f"recorded in {path}; run `autograder build {ex.id}` to refresh outputs")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from autograder.authoring.build import build
    from autograder.authoring.samples import DEMO_EXERCISE, samples_dir

    ex = exercises.get(args.exercise or DEMO_EXERCISE)
    build(ex)
    _uncalibrated_warning(ex)
    batch = samples_dir(ex)
    console.print(f"grading the sample batch {batch} for exercise {ex.id} ({ex.title})")
    results, subs = _grade(ex, [batch], args.out, _options(args), False)
    _print_gradebook(results, args.out, subs)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from autograder.report import export_settings, rebuild

    export_settings(args.dir, args.canvas_assignment)
    results, outputs = rebuild(args.dir, args.lang)
    if args.json:
        _emit_json({k: str(v) for k, v in vars(outputs).items() if v is not None})
    else:
        _print_gradebook(results, args.dir)
    return 0


def cmd_manual_collect(args: argparse.Namespace) -> int:
    from autograder.report import write_manual_pages
    from autograder.report.manual import merge, read_scores
    from autograder.results import read_all

    results = merge(read_all(args.dir / "results"), read_scores(args.dir))
    folder = write_manual_pages(args.dir, results, args.lang)
    for page in sorted(folder.glob("*.html")):
        console.print(str(page))
    return 0


def cmd_manual_import(args: argparse.Namespace) -> int:
    from autograder.report import rebuild
    from autograder.report.manual import SCORES_FILE, import_scores
    from autograder.results import read_all

    count = import_scores(args.dir, args.scores, read_all(args.dir / "results"))
    rebuild(args.dir, args.lang)
    console.print(f"imported {count} score(s) into {args.dir / SCORES_FILE}; outputs rebuilt "
                  f"(report: {args.dir / 'report.html'})")
    return 0


def cmd_data(args: argparse.Namespace) -> int:
    from autograder import data

    for name in args.names or data.NAMES:
        folder = data.prepare(name)
        console.print(f"{name}: {folder} — {data.provenance(name)}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Layers, then a notebook graded end to end; exit 1 when that fails."""
    from autograder.doctor import selftest
    from autograder.execution import sandbox

    layers = sandbox.layers()
    test = selftest()
    workers = _cluster_workers(args.cluster, args.gpu) if args.cluster else None
    ok = test.ok and all(w["problem"] is None for w in workers or [])
    if args.json:
        _emit_json({"isolation": sandbox.isolation(),
                    "layers": [{"name": x.name, "available": x.available, "detail": x.detail}
                               for x in layers],
                    "end_to_end": {"ok": test.ok, "seconds": round(test.seconds, 2),
                                   "detail": test.detail},
                    "zygote": {"used": test.warm_seconds is not None,
                               "warm_seconds": None if test.warm_seconds is None
                               else round(test.warm_seconds, 2)},
                    **({"cluster": workers} if workers is not None else {})})
        return 0 if ok else 1
    table = Table("layer", "available", "detail")
    for layer in layers:
        table.add_row(layer.name, "[green]yes[/]" if layer.available else "[red]no[/]",
                      layer.detail)
    console.print(table)
    console.print(f"isolation recorded in results: {sandbox.isolation()}")
    if test.ok:
        console.print(f"end to end: [green]ok[/] (a notebook graded in {test.seconds:.1f} s)")
        console.print(f"zygote: [green]used[/], a notebook graded in {test.warm_seconds:.2f} s "
                      "once warm" if test.warm_seconds is not None else
                      "zygote: not used (it needs every layer, and Python outside /tmp)")
    else:
        from rich.markup import escape

        console.print(f"end to end: [red]FAILED[/] {escape(test.detail)}")
    if workers is not None:
        table = Table("worker", "host", "resources", "GPUs", "isolation", "can grade")
        for w in workers:
            table.add_row(w["address"], w["host"],
                          ", ".join(f"{k}={v:g}" for k, v in w["resources"].items()) or "–",
                          w["gpus"] or "–", w["isolation"],
                          "[green]yes[/]" if w["problem"] is None else f"[red]no[/] {w['problem']}")
        console.print(table)
    return 0 if ok else 1


def _cluster_workers(spec: str, gpu: bool) -> list[dict]:
    """The workers of the cluster `spec`, as `autograder grade --cluster` would reach them."""
    from autograder.grading import cluster

    with cluster.connect(spec, gpu) as client:
        client.wait_for_workers(1, timeout=120)
        return cluster.workers(client)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="autograder", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def grading_flags(q: argparse.ArgumentParser) -> None:
        q.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                       help="parallel submissions (default: core count)")
        q.add_argument("--timeout", type=float, default=None,
                       help="wall-clock seconds per submission (default: 10× the reference's "
                            "measured run, at least 60; 900 where none is measured)")
        q.add_argument("--check-timeout", type=float, default=None,
                       help="seconds per check (default: 10× the reference's slowest check, "
                            "at least 15; 300 where none is measured)")

    def canvas_flag(q: argparse.ArgumentParser) -> None:
        q.add_argument("--canvas-assignment", metavar="'NAME (ID)'", default=None,
                       help="header of the Canvas assignment to update, as in a Canvas "
                            "gradebook export (kept for later reports)")

    def lang_flag(q: argparse.ArgumentParser) -> None:
        q.add_argument("--lang", choices=["fr", "en"], default="fr",
                       help="language of feedback pages and the report (default fr)")

    q = sub.add_parser("list", help="the exercise catalogue")
    q.add_argument("ids", nargs="*")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    q = sub.add_parser("build", help="otter assign → student_template/, reference/, dist/")
    q.add_argument("ids", nargs="*")
    q.set_defaults(func=cmd_build)

    q = sub.add_parser("validate", help="reference earns all, stub earns nothing")
    q.add_argument("ids", nargs="*")
    q.add_argument("--json", action="store_true")
    grading_flags(q)
    q.set_defaults(func=cmd_validate)

    q = sub.add_parser("grade", help="grade submissions (notebooks, zips, folders)")
    q.add_argument("exercise")
    q.add_argument("submissions", nargs="+", type=Path)
    q.add_argument("--out", type=Path, required=True)
    q.add_argument("--json", action="store_true")
    q.add_argument("--roster", type=Path, default=None,
                   help="the LMS's roster export (Canvas gradebook, Moodle grading worksheet or "
                        "gradebook, Gradescope roster): LMS identities for plain file names")
    q.add_argument("--allow-uncalibrated", action="store_true",
                   help="grade even where a training check has no threshold for this device "
                        "and data (those checks fail as « seuil non calibré », no points)")
    q.add_argument("--cluster", metavar="SPEC", default=None,
                   help="grade on Dask instead of this machine's slots: local[:N] (a "
                        "LocalCluster of N worker processes), tcp://HOST:8786 (a running "
                        "scheduler) or FILE.yaml (a cluster to start, see docs/cluster.md)")
    grading_flags(q)
    lang_flag(q)
    canvas_flag(q)
    q.set_defaults(func=cmd_grade)

    q = sub.add_parser("variants", help="hidden checks against the hand-written variants")
    q.add_argument("ids", nargs="*")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_variants)

    q = sub.add_parser("mutate", help="kill matrix of bug operators against the hidden checks")
    q.add_argument("ids", nargs="*")
    q.add_argument("--json", action="store_true")
    q.add_argument("--full", action="store_true",
                   help="run every check on every mutant (default: stop at the first kill)")
    q.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    q.set_defaults(func=cmd_mutate)

    q = sub.add_parser("calibrate", help="the reference's runtime (default time limits) and "
                       "accuracy thresholds from its seed spread")
    q.add_argument("exercise")
    q.add_argument("--seeds", type=int, default=5)
    q.add_argument("--runtime-runs", type=int, default=3,
                   help="reference runs whose medians give the runtime (default 3)")
    q.add_argument("--runtime-only", action="store_true",
                   help="measure the runtime, leave the accuracy thresholds as they are")
    q.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    grading_flags(q)
    q.set_defaults(func=cmd_calibrate)

    q = sub.add_parser("demo", help="build one exercise and grade the bundled sample batch")
    q.add_argument("--exercise", default=None)
    q.add_argument("--out", type=Path, default=Path("dist/demo"))
    grading_flags(q)
    lang_flag(q)
    q.set_defaults(func=cmd_demo)

    q = sub.add_parser("doctor", help="which sandbox layers this machine offers, and why not")
    q.add_argument("--json", action="store_true")
    q.add_argument("--cluster", metavar="SPEC", default=None,
                   help="also connect to this Dask cluster (as grade --cluster) and report each "
                        "worker's resources, sandbox layers and whether it can grade")
    q.add_argument("--gpu", action="store_true",
                   help="with a cluster file: start its gpu: section instead of cpu:")
    q.set_defaults(func=cmd_doctor)

    q = sub.add_parser("report", help="rebuild feedback, report and exports from stored results")
    q.add_argument("dir", type=Path)
    q.add_argument("--json", action="store_true")
    lang_flag(q)
    canvas_flag(q)
    q.set_defaults(func=cmd_report)

    q = sub.add_parser("manual", help="manual (written) questions: answer pages, score import")
    verbs = q.add_subparsers(dest="manual_command", required=True)
    m = verbs.add_parser("collect", help="DIR/manual/<question>.html with every answer")
    m.add_argument("dir", type=Path)
    lang_flag(m)
    m.set_defaults(func=cmd_manual_collect)
    m = verbs.add_parser("import", help="scores CSV (student, question, points[, comment])")
    m.add_argument("dir", type=Path)
    m.add_argument("scores", type=Path)
    lang_flag(m)
    m.set_defaults(func=cmd_manual_import)

    q = sub.add_parser("data", help="prepare the offline datasets at $AUTOGRADER_DATA")
    q.add_argument("names", nargs="*")
    q.set_defaults(func=cmd_data)
    return p


def main(argv: list[str] | None = None) -> int:
    """Exit 0 on success, 1 when a verdict is negative (validate, variants), 2 for an error the
    user can act on (`AutograderError`), 3 for a bug in the grader (its traceback is shown)."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except AutograderError as exc:
        errors.print(f"[red]error:[/] {exc.args[0] if exc.args else exc}")
        return 2
    except Exception:  # noqa: BLE001 - a bug: show where it is
        errors.print_exception()
        errors.print("[red]internal error[/]: this is a bug in the autograder, not in your input")
        return 3


if __name__ == "__main__":
    sys.exit(main())
