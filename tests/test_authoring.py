"""The authoring convention: `@check` cells become Otter test cells; variants are patches; every
check is proven on the loopback path (the real worker and proxies)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from autograder.authoring import exercises, notebooks
from autograder.authoring.checkcells import expand_checks
from autograder.authoring.exercises import Patch, Variant
from autograder.authoring.variants import patched
from autograder.errors import AuthoringError
from autograder.execution.job import Job
from autograder.execution.runner import LoopbackExecutor
from autograder.grading.checkfiles import run_suite

CHECKS = '''
@check
def forme(f):
    C.expect_shape(C.call(f, torch.zeros(3), name="f"), (3,), name="f(z)")


@check(hidden=True, points=2, each={"activation": ["relu", "leaky-relu"]})
def precision(creer, activation):
    """Its docstring says what the check states."""
    b = C.budget(activation)
    n = 4

    @C.probe
    def sonde(modele):
        return modele(torch.ones(n)) + math.pi

    C.call(sonde, creer(activation), name="creer")
'''


def _expanded(source: str) -> list[nbformat.NotebookNode]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell(source)])
    return expand_checks(nb, "9.9").cells


def test_check_cells_become_otter_test_cells():
    cells = _expanded(CHECKS)
    assert [c.cell_type for c in cells] == ["code", "raw", "code", "code", "code", "raw"]
    assert cells[1].source == "# BEGIN TESTS" and cells[-1].source == "# END TESTS"
    public, relu, leaky = (c.source for c in cells[2:5])
    assert public.startswith("def test_forme(f):\n    import torch\n")
    assert "from autograder import checks as C" in public and "BEGIN TEST CONFIG" not in public
    assert relu.startswith('""" # BEGIN TEST CONFIG\nhidden: true\npoints: 2\n"""')
    assert "def test_precision_relu(creer):" in relu and "activation = 'relu'" in relu
    assert "def test_precision_leaky_relu(creer):" in leaky
    assert "C.budget('9.9', activation)" in relu
    assert "Its docstring" not in relu
    # the probe ships as source with what it closes over (not the modules every scope has)
    assert "sonde = C.code('def sonde(modele):" in relu and ", n=n)" in relu
    assert "import math" in relu


def test_expanded_checks_run():
    cell = _expanded(textwrap.dedent('''
        @check
        def carre(f):
            c = 3

            @C.probe
            def appel(g):
                return g(c)

            C.expect_equal(C.call(appel, f, name="f"), 9, name="f(3)")
    '''))[2]
    scope: dict = {}
    exec(cell.source, scope)
    scope["test_carre"](lambda x: x * x)
    with pytest.raises(AssertionError):
        scope["test_carre"](lambda x: x + 1)


@pytest.mark.parametrize("source, message", [
    ("@check\ndef a(f):\n    pass\n\nx = 1\n", "other statements"),
    ("@check(7)\ndef a(f):\n    pass\n", "keyword arguments only"),
    ("@check(color=1)\ndef a(f):\n    pass\n", "unknown option"),
    ("@check(each=[1, 2])\ndef a(f):\n    pass\n", "each must be"),
])
def test_malformed_checks_are_authoring_errors(source, message):
    with pytest.raises(AuthoringError, match=message):
        _expanded(source)


def test_a_patch_must_match_exactly_once():
    ex = exercises.get("1.1")
    cells = ["a = 1\nb = 1", "c = 2"]
    assert patched(cells, ex, Variant("v", False, ("q1",), "", None,
                                      (Patch("c = 2", "c = 3"),))) == ["a = 1\nb = 1", "c = 3"]
    for old in ("= 1", "d = 4"):
        with pytest.raises(AuthoringError, match="must match once"):
            patched(cells, ex, Variant("v", False, ("q1",), "", None, (Patch(old, "x"),)))


IN_PROCESS_ONLY = '''from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False)
def test_identity(f):
    assert type(f).__name__ == "function", "f is not a plain function here"
'''


def test_a_check_that_only_works_in_process_fails_on_loopback(tmp_path: Path):
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "q1.py").write_text(IN_PROCESS_ONLY)
    assert run_suite(tests, {"f": lambda: 0})[0].passed
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def f():\n    return 0")])
    notebooks.write(nb, tmp_path / "n.ipynb")
    report = LoopbackExecutor().run(Job("9.9", tmp_path / "n.ipynb", "n.ipynb", tests, 60, 30))
    assert report.finished
    (outcome,) = report.outcomes
    assert not outcome.passed


CODED = '''from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 1

@test_case(points=None, hidden=False)
def test_graph(f):
    from autograder import checks as C
    import torch
    C.grad_of(f, {"x": torch.ones(3, requires_grad=True)}, name="f")
'''


def test_a_library_verdict_raised_in_the_worker_keeps_its_code(tmp_path: Path):
    """A portable helper's failure crosses the boundary with its catalogue code and params,
    so that another language can render it."""
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "q1.py").write_text(CODED)
    source = "def f(x):\n    return float(x.sum()) * x.detach().sum()"  # cuts the graph
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebooks.write(nb, tmp_path / "n.ipynb")
    report = LoopbackExecutor().run(Job("9.9", tmp_path / "n.ipynb", "n.ipynb", tests, 60, 30))
    (outcome,) = report.outcomes
    assert not outcome.passed and outcome.code == "graph_cut"
    assert outcome.params == {"name": "f"}


def test_the_worked_example_is_the_real_files():
    root = exercises.project_root()
    doc = (root / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```\n", doc, re.S)
    assert len(blocks) == 2
    for path, text in blocks:
        assert (root / path).read_text(encoding="utf-8") == text, path


@pytest.mark.parametrize("ex", exercises.catalogue(), ids=lambda e: e.id)
def test_masters_use_the_convention(ex):
    """One way to write checks: `@check` functions, never Otter's test cells by hand."""
    text = ex.master.read_text(encoding="utf-8")
    assert "BEGIN TESTS" not in text and "BEGIN TEST CONFIG" not in text
    assert "@check" in text


def _md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text)


def _raw(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_raw_cell(text)


def test_questions_prompts_answers_and_the_note_need_no_delimiters():
    nb = nbformat.v4.new_notebook(cells=[
        _md("# Exercice"), _raw("# BEGIN QUESTION\nname: q1\npoints: 1"), _md("Q1"),
        nbformat.v4.new_code_cell("x = 1"),
        _raw("# BEGIN QUESTION\nname: q2\nmanual: true\npoints: 2"), _md("Démontrer."),
        _md("_Rédigez votre démonstration ici._"), _md("Preuve, début."), _md("Fin.")])
    cells = [(c.cell_type, c.source) for c in expand_checks(nb, "9.9").cells]
    assert cells[0][1].endswith("sont appliquées à la correction.")
    assert [s for t, s in cells if t == "raw"] == [
        "# BEGIN QUESTION\nname: q1\npoints: 1", "# END QUESTION",
        "# BEGIN QUESTION\nname: q2\nmanual: true\npoints: 2", "# BEGIN PROMPT", "# END PROMPT",
        "# BEGIN SOLUTION", "# END SOLUTION", "# END QUESTION"]
    answer = [s for _, s in cells[cells.index(("raw", "# BEGIN SOLUTION")) + 1:][:2]]
    assert answer == ["Preuve, début.", "Fin."]


@pytest.mark.parametrize("code", ["n = 85  # SOLUTION",
                                  "# BEGIN SOLUTION\nn = 85\n# END SOLUTION"])
def test_a_solution_cell_is_delimited_whatever_its_markers(code):
    """A cell whose only markers are `# SOLUTION` line suffixes is a solution cell too:
    unwrapped, Otter would hand its answers out in the student notebook."""
    nb = nbformat.v4.new_notebook(cells=[
        _raw("# BEGIN QUESTION\nname: q1\npoints: 1"), _md("Q1"),
        nbformat.v4.new_code_cell(code)])
    cells = [(c.cell_type, c.source) for c in expand_checks(nb, "9.9").cells]
    at = cells.index(("code", code))
    assert cells[at - 1] == ("raw", "# BEGIN SOLUTION")
    assert cells[at + 1] == ("raw", "# END SOLUTION")


def test_helpers_are_copied_into_the_checks_that_use_them():
    cells = _expanded(textwrap.dedent('''
        @helper
        def carre(x):
            return x * x


        @helper
        def somme_des_carres(xs):
            return sum(carre(x) for x in xs)


        @check
        def somme(f):
            C.expect_equal(C.call(f, [1, 2], name="f"), somme_des_carres([1, 2]), name="f")


        @check
        def sans_aide(f):
            C.expect(f is not None, "f")
    '''))
    somme, sans_aide = (c.source for c in cells
                        if c.cell_type == "code" and "def test_" in c.source)
    assert "def carre(x)" in somme and "def somme_des_carres(xs)" in somme
    assert somme.index("def carre") < somme.index("def somme_des_carres")
    assert "def carre" not in sans_aide
    scope: dict = {}
    exec(somme, scope)
    scope["test_somme"](lambda xs: sum(x * x for x in xs))
    with pytest.raises(AssertionError):
        scope["test_somme"](sum)


def test_a_malformed_exercise_yaml_is_an_authoring_error_naming_the_file(tmp_path: Path):
    (tmp_path / "master.py").write_text("# %%\nx = 1\n")
    (tmp_path / "exercise.yaml").write_text("id: '9.9'\nvariants:\n  - name: a\n- name: b\n")
    with pytest.raises(AuthoringError, match=r"exercise\.yaml: not valid YAML"):
        exercises.load(tmp_path)


def test_demo_cells_are_handed_out_but_not_run_for_variants_and_mutants():
    """5.2's profile and bound figures are demo cells: in both notebooks, absent from what a
    variant or a mutant runs."""
    from autograder.authoring.mutation.mutants import program
    from autograder.authoring.variants import as_notebook

    ex = exercises.get("5.2")

    def demo(nb: nbformat.NotebookNode) -> list[str]:
        return [c.source for c in nb.cells if notebooks.DEMO_TAG in c.metadata.get("tags", [])]

    shown = demo(nbformat.read(ex.reference_dir() / ex.notebook_name, as_version=4))
    assert len(shown) == 3 and demo(nbformat.read(ex.student_notebook(), as_version=4)) == shown
    for variant in [ex.variants[0], next(v for v in ex.variants if v.file)]:
        cells = [c.source for c in as_notebook(ex, variant).cells]
        assert cells and not set(shown) & set(cells), variant.name
    assert not set(shown) & set(program(ex).cells)
