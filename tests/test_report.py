"""Feedback pages, the instructor report, exports and manual grading (issue #4).

The demo batch is graded once per module; edge cases (timeout, crash, invalid input, manual
scores, training plots) use hand-made results.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import textwrap
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import exercises, notebooks
from autograder.authoring.samples import DEMO_EXERCISE, samples_dir
from autograder.cli import main
from autograder.errors import UsageError
from autograder.execution.job import CellError, WorkerReport
from autograder.grading import checkfiles
from autograder.grading.batch import GradeOptions, grade_batch
from autograder.intake.identity import Identity
from autograder.intake.submissions import Submission
from autograder.report import build_outputs, rebuild
from autograder.report.exports import CANVAS_FIXED, MOODLE_WORKSHEET
from autograder.report.manual import ManualScoreError, import_scores
from autograder.results import CheckResult, SubmissionResult, assemble, invalid, read_all

EX = exercises.get(DEMO_EXERCISE)
OPTIONS = GradeOptions(timeout_s=60, seconds_per_check=30, jobs=2)
CHROMIUM = Path("/usr/bin/chromium")
if os.environ.get("CI") and not CHROMIUM.exists():  # CI must never be a machine that skips it
    raise RuntimeError("CI runs without Debian's chromium: .ci/run installs it")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    grade_batch(EX, [samples_dir(EX)], out, OPTIONS)
    return out


def feedback(out: Path, student: str) -> dict:
    return json.loads((out / "feedback" / f"{student}.json").read_text(encoding="utf-8"))


def check(data: dict, name: str) -> dict:
    return next(c for q in data["questions"] for c in q["checks"] if c["name"] == name)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_results(demo: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(demo / "results", out / "results")
    return out


def test_grading_writes_every_output(demo):
    students = {r.student for r in read_all(demo / "results")}
    assert students == {p.stem for p in samples_dir(EX).iterdir()}  # one row per file
    for s in students:
        for ext in ("html", "md", "json"):
            assert (demo / "feedback" / f"{s}.{ext}").stat().st_size > 0
        assert (demo / "gradescope" / s / "results.json").exists()
    for name in ("report.html", "final_grades.csv", "canvas.csv", "moodle_worksheet.csv"):
        assert (demo / name).stat().st_size > 0
    assert (demo / "manual" / "q4.html").exists()


def test_hidden_gradient_failure_names_parameter_and_relative_error(demo):
    data = feedback(demo, "bug-masque_oublie")
    c = check(data, "test_gradients_contre_autograd")
    assert c["hidden"] and not c["passed"]
    assert "`W1`" in c["summary"] and c["details"][0].startswith("Erreur relative : ")
    assert "masque ReLU" in c["hint"]
    [obs] = [o for o in c["observations"] if o["kind"] == "gradients"]
    assert set(obs["errors"]) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert obs["errors"]["W1"] > obs["tolerance"] > obs["errors"]["W3"]
    html = (demo / "feedback" / "bug-masque_oublie.html").read_text(encoding="utf-8")
    assert f"{obs['errors']['W1']:.3g}" in html
    assert "Erreur relative du gradient par paramètre" in html  # the per-parameter plot
    plotted = [c["name"] for q in data["questions"] for c in q["checks"]
               if not c["passed"] and any(o["kind"] == "gradients" for o in c["observations"])]
    assert "test_retropropagation_sans_autograd" in plotted  # compared with the oracle
    assert html.count('src="data:image/png;base64,') == len(plotted)  # one per failed check


def test_public_failure_shows_expected_and_obtained(demo):
    c = check(feedback(demo, "bug-difference_decentree"), "test_gradient_numerique_quadratique")
    assert not c["hidden"] and any("attendu" in d and "obtenu" in d for d in c["details"])


def test_report_rebuild_is_byte_identical(demo, tmp_path):
    out = copy_results(demo, tmp_path)
    assert main(["report", str(out)]) == 0
    assert digest(out) == digest(demo)
    assert main(["report", str(out)]) == 0  # a second render of the same data: same bytes
    assert digest(out) == digest(demo)


def test_instructor_report_content(demo):
    html = (demo / "report.html").read_text(encoding="utf-8")
    for text in ("Soumissions par statut", "Distribution des notes", "Réussite par vérification",
                 "Explications d&#39;échec les plus fréquentes", "Distribution des durées",
                 'href="feedback/bug-poids_transpose.html"'):
        assert text in html
    assert html.count('src="data:image/png;base64,') == 3
    assert "<script" not in html and "http" not in html  # self-contained


def test_exports_parse_back(demo):
    with open(demo / "canvas.csv", newline="", encoding="utf-8") as f:
        canvas = list(csv.reader(f))
    assert canvas[0][:5] == CANVAS_FIXED and canvas[0][5].startswith("2.3 ")
    assert canvas[1][0] == "Points Possible" and canvas[1][5] == "9"
    rows = {r[0]: r for r in canvas[2:]}  # plain files: no LMS id, Canvas matches the name
    assert rows["correct-einsum_copies"][5] == "9" and rows["stub"][5] == "0"
    notebooks = {p.stem for p in samples_dir(EX).glob("*.ipynb")} - {"broken"}
    assert set(rows) == notebooks  # the invalid files (notes.txt, broken) are nobody's
    with open(demo / "moodle_worksheet.csv", newline="", encoding="utf-8") as f:
        assert list(csv.reader(f)) == [MOODLE_WORKSHEET]  # no participant numbers in the batch
    assert not (demo / "moodle.csv").exists()  # no ID numbers either
    report = (demo / "report.html").read_text(encoding="utf-8")
    assert "<code>broken.ipynb</code>" in report and "<code>notes.txt</code>" in report
    gs = json.loads((demo / "gradescope" / "bug-poids_transpose" / "results.json").read_text())
    assert gs["score"] == float(rows["bug-poids_transpose"][5]) == 5  # the same grade in both
    assert gs["execution_time"] > 0
    hidden = [t for t in gs["tests"] if t["visibility"] == "after_published"]
    assert hidden and all(set(t) >= {"name", "score", "max_score", "output", "visibility"}
                          for t in gs["tests"])
    with open(demo / "final_grades.csv", newline="", encoding="utf-8") as f:
        grades = list(csv.DictReader(f))
    assert [g["file"] for g in grades][:2] == ["points-per-question", "bug-biais_moyenne.ipynb"]
    assert "q4" not in grades[0]  # no manual score imported yet


def test_english_feedback(demo, tmp_path):
    out = copy_results(demo, tmp_path)
    assert main(["report", str(out), "--lang", "en"]) == 0
    c = check(feedback(out, "bug-masque_oublie"), "test_gradients_contre_autograd")
    assert c["summary"] == "The gradient of `retropropagation` with respect to `W1` is wrong."
    assert c["details"][0].startswith("Relative error: ") and not c["hint_translated"]
    html = (out / "feedback" / "bug-masque_oublie.html").read_text(encoding="utf-8")
    assert "(hint in French)" in html and "Written questions" in html
    assert "awaiting a human grader" in html
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Score distribution" in report and "Soumissions" not in report


def open_in_chromium(browser, path: Path) -> tuple[list[str], bool, Path]:
    """Console errors and page errors while `path` loads, whether its images decoded, and a
    full-page screenshot."""
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    shot = path.parent / f"{path.stem}.screenshot.png"
    page.screenshot(path=str(shot), full_page=True)
    loaded = page.evaluate("Array.from(document.images).every("
                           "i => i.complete && i.naturalWidth > 0)")
    page.close()
    return errors, loaded, shot


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed here "
                    "(.ci/run installs it)")
def test_pages_render_in_chromium(demo, tmp_path):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    site = tmp_path / "site"
    shutil.copytree(demo, site, ignore=shutil.ignore_patterns("results", "gradescope"))
    pages = [site / "report.html", site / "feedback" / "bug-masque_oublie.html",
             site / "manual" / "q4.html"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            for path in pages:
                errors, loaded, shot = open_in_chromium(browser, path)
                assert errors == [], (path, errors)
                assert loaded, path
                colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
                assert colours is not None and len(colours) > 50, path  # not blank
        finally:
            browser.close()


# Hand-made results: edge cases without grading.

def report_of(outcomes, *, finished=True, timed_out=False, exit_code=0, cell_errors=(),
              student="eleve", answers=None) -> SubmissionResult:
    specs = checkfiles.specs(EX.tests_dir())
    report = WorkerReport(finished, timed_out, exit_code, tuple(cell_errors), tuple(outcomes),
                          "", 12.5)
    return assemble(EX, student, f"{student}.ipynb", "0" * 64, specs, report, "test",
                    {}, answers or {})


def test_edge_statuses_in_feedback_and_report(tmp_path):
    specs = checkfiles.specs(EX.tests_dir())
    results = [report_of([], finished=False, timed_out=True, student="lent"),
               report_of([], finished=False, exit_code=-9, student="plante",
                         cell_errors=[CellError(4, "MemoryError", "trop gros")]),
               replace(invalid(EX, "vide", "vide.ipynb", "0" * 64, specs,
                               "Entrée invalide : vide."), identity=Identity("canvas", None,
                                                                            canvas_id="42")),
               invalid(EX, "texte", "texte.txt", "0" * 64, specs, "Entrée invalide : texte.")]
    build_outputs(tmp_path, results)
    assert feedback(tmp_path, "lent")["status_label"] == "temps dépassé"
    plante = (tmp_path / "feedback" / "plante.html").read_text(encoding="utf-8")
    assert "interrompu" in plante and "MemoryError" in plante
    c = check(feedback(tmp_path, "plante"), "test_gradients_contre_autograd")
    assert c["summary"] == "Vérification non exécutée (arrêt avant la fin)."
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    counts = report.split("Soumissions par statut")[1].split("</table>")[0]
    assert [c.split("<")[0] for c in counts.split('<td class="num">')[1:]] == ["0", "1", "1", "2"]
    with open(tmp_path / "final_grades.csv", newline="", encoding="utf-8") as f:
        status = {r["file"]: r["grading_status"] for r in csv.DictReader(f)}
    assert status["vide.ipynb"] == "invalid: Entrée invalide : vide."
    assert "texte.txt" not in status  # an invalid input is a gradebook row only with an identity
    assert "<code>texte.txt</code> : Entrée invalide : texte." in report


HIDDEN_CHECKS = textwrap.dedent('''
    from otter.test_files import test_case

    OK_FORMAT = False

    name = "q1"
    points = 2

    @test_case(points=1, hidden=False)
    def test_publique(f):
        from autograder import checks as C
        C.expect_scalar_close(C.call(f, name="f"), 0.123456, name="f()", reveal=True)

    @test_case(points=1, hidden=True)
    def test_cachee(f, g):
        from autograder import checks as C
        C.expect_scalar_close(C.call(f, name="f"), 0.987654, name="f()")
        C.expect_close(C.call(g, name="g"), [0.246813, 0.135792], name="g()")
''')


def test_hidden_expected_values_never_reach_feedback_or_exports(tmp_path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "q1.py").write_text(HIDDEN_CHECKS, encoding="utf-8")
    outcomes = checkfiles.run_suite(tests, {"f": lambda: 0.5, "g": lambda: [1.0, 2.0]})
    specs = checkfiles.specs(tests)
    report = WorkerReport(True, False, 0, (), tuple(outcomes), "", 1.0)
    result = assemble(EX, "eleve", "eleve.ipynb", "0" * 64, specs, report, "test", {}, {})
    second = replace(result, student="autre",
                     checks=tuple(replace(c, passed=False) for c in result.checks))
    for lang in ("fr", "en"):
        out = tmp_path / lang
        build_outputs(out, [result, second], lang)
        text = "".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*"))
                       if p.is_file())
        assert "0.123456" in text  # the public check reveals its expected value
        assert "0.987654" not in text and "0.246813" not in text and "0.135792" not in text


def test_loss_curve_and_accuracy_from_observations(tmp_path):
    losses = [2.3 - 0.004 * i for i in range(400)]
    observations = ({"kind": "loss_curve", "model": "MLP", "steps": 400, "epochs": 2,
                     "losses": losses},
                    {"kind": "accuracy", "model": "MLP", "value": 0.81, "threshold": 0.85,
                     "device": "cpu", "epochs": 2, "train_size": 2000, "batch_size": 64})
    result = report_of([], student="entraine")
    trained = replace(result, checks=tuple(
        replace(c, observations=observations, code="accuracy", summary="précision trop basse",
                params={"name": "MLP", "value": "81.0", "threshold": "85.0", "device": "cpu",
                        "epochs": 2, "train_size": 2000, "batch_size": 64})
        if c.name == "test_gradients_contre_autograd" else c for c in result.checks))
    build_outputs(tmp_path / "a", [trained])
    build_outputs(tmp_path / "b", [trained])
    html = (tmp_path / "a" / "feedback" / "entraine.html").read_text(encoding="utf-8")
    assert "Perte observée pendant l&#39;entraînement de votre modèle" in html
    assert html.count('src="data:image/png;base64,') == 1  # the loss curve
    assert "81.0 %" in html and "seuil 85.0 %" in html
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    build_outputs(tmp_path / "en", [trained], "en")
    en = feedback(tmp_path / "en", "entraine")
    c = check(en, "test_gradients_contre_autograd")
    assert c["summary"].startswith("`MLP` reaches an accuracy of 81.0 %")


def test_uncalibrated_threshold_is_flagged_to_student_and_instructor(tmp_path):
    import torch  # noqa: F401 - the check library needs it loaded

    from autograder import checks as C
    from autograder.checks import observe

    b = C.Budget("2.3", "mlp", "cpu", "cifar10", 1, 100, 10, 1e-3, None, "real")
    with observe.collecting() as observations:
        with pytest.raises(C.CheckFailure) as failure:
            C.expect_accuracy(0.81, b, name="MLP")
    f = failure.value
    result = report_of([], student="reel")
    flagged = replace(result, checks=tuple(
        replace(c, passed=False, points=0.0, observations=tuple(observations), code=f.code,
                summary=f.summary, details=tuple(f.details), params=f.params)
        if c.name == "test_gradients_contre_autograd" else c for c in result.checks))
    for lang, words in (("fr", "Seuil non calibré pour ces données"),
                        ("en", "Threshold not calibrated for this data")):
        build_outputs(tmp_path / lang, [flagged, report_of([], student="autre")], lang)
        report = (tmp_path / lang / "report.html").read_text(encoding="utf-8")
        assert words in report and "cifar10 (real, cpu) — 1" in report
        page = (tmp_path / lang / "feedback" / "reel.html").read_text(encoding="utf-8")
        assert words in page and words.lower() in page  # the verdict, then the observation
        assert words.lower() in (tmp_path / lang / "feedback" / "reel.md").read_text()
    build_outputs(tmp_path / "calibre", [report_of([], student="autre")])
    assert "non calibré" not in (tmp_path / "calibre" / "report.html").read_text()


def test_observations_recorded_by_the_library():
    import torch

    from autograder import checks as C
    from autograder.checks import observe

    want = {"w": torch.ones(3, dtype=torch.float64), "b": torch.zeros(2, dtype=torch.float64)}
    with observe.collecting() as found:
        with pytest.raises(C.CheckFailure) as failure:
            C.expect_gradients({"w": torch.full((3,), 2.0, dtype=torch.float64),
                                "b": torch.zeros(3)}, want, name="grad", tol=1e-6)
        C.time_call(lambda: None, name="f", repeats=2, warmup=0)
    assert failure.value.code == "grad_wrong" and failure.value.params["param"] == "w"
    assert found[0] == {"kind": "gradients", "function": "grad", "tolerance": 1e-6,
                        "errors": {"w": pytest.approx(1 / 3, rel=1e-3), "b": None}}
    assert found[1]["kind"] == "timing" and found[1]["seconds"] >= 0
    assert observe.downsample(list(range(1000)), 500)[::499] == [0, 999]
    C.time_call(lambda: None, name="f", repeats=1, warmup=0)  # outside a check: nothing kept


def student_notebook(answer: str) -> nbformat.NotebookNode:
    nb = nbformat.read(EX.student_notebook(), as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown"
                and "otter_answer_cell" in c.metadata.get("tags", []))
    cell.source = answer
    return nb


def test_written_answers_read_once_at_discovery(tmp_path):
    path = tmp_path / "rendu.ipynb"
    notebooks.write(student_notebook("Par Taylor : $f(x+ε) = f(x) + ε f'(x) + O(ε²)$."), path)
    sub = Submission.of_file("rendu", path)
    assert sub.answers == ("Par Taylor : $f(x+ε) = f(x) + ε f'(x) + O(ε²)$.",)
    assert any("def retropropagation" in c for c in sub.code)
    (tmp_path / "vide.ipynb").write_bytes(b"")
    empty = Submission.of_file("vide", tmp_path / "vide.ipynb")
    assert empty.notebook is None and empty.answers == ()


def test_manual_scores_import_and_merge(tmp_path):
    out = tmp_path / "out"
    ok = report_of([], student="alice", answers={"q4": "Une *démonstration* <b>brute</b>."})
    other = report_of([], student="bob")
    for r in (ok, other):
        r.write(out / "results")
    bad = tmp_path / "bad.csv"
    bad.write_text("student,question,points\nalice,q4,3\ncarol,q4,1\nalice,q9,1\n",
                   encoding="utf-8")
    with pytest.raises(ManualScoreError) as problem:
        import_scores(out, bad, read_all(out / "results"))
    assert "outside [0, 2]" in str(problem.value) and "unknown student 'carol'" in str(
        problem.value) and "'q9' is not a manual question" in str(problem.value)
    assert not (out / "manual_scores.json").exists()
    assert main(["manual", "import", str(out), str(bad)]) == 2
    good = tmp_path / "good.csv"
    good.write_text("student,question,points,comment\nalice,q4,1.5,Bien mais incomplet\n",
                    encoding="utf-8")
    assert main(["manual", "import", str(out), str(good)]) == 0
    with open(out / "final_grades.csv", newline="", encoding="utf-8") as f:
        grades = {r["file"]: r for r in csv.DictReader(f)}
    assert grades["points-per-question"]["q4"] == "2"
    assert grades["alice.ipynb"]["q4"] == "1.5" and grades["bob.ipynb"]["q4"] == "0"
    alice = feedback(out, "alice")
    assert alice["score"] == 1.5 and alice["possible"] == 11
    assert alice["manual"][0] == {"name": "q4", "score": 1.5, "possible": 2, "awaiting": False,
                                  "comment": "Bien mais incomplet",
                                  "answer": "Une *démonstration* <b>brute</b>."}
    assert feedback(out, "bob")["manual"][0]["awaiting"]
    page = (out / "manual" / "q4.html").read_text(encoding="utf-8")
    assert "<em>démonstration</em>" in page and "&lt;b&gt;brute" in page
    gs = json.loads((out / "gradescope" / "alice" / "results.json").read_text())
    assert gs["score"] == 1.5 and gs["tests"][-1]["output"] == "Bien mais incomplet"
    assert main(["manual", "collect", str(out)]) == 0
    _, outputs = rebuild(out)
    assert outputs.manual == out / "manual"


def test_result_schema_round_trip():
    result = report_of([], student="x", answers={"q4": "réponse"})
    back = SubmissionResult.from_json(json.loads(json.dumps(result.to_json())))
    assert back == result and isinstance(back.checks[0], CheckResult)
    with pytest.raises(UsageError):
        SubmissionResult.from_json({**result.to_json(), "schema": 1})
