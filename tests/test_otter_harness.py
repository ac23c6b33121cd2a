"""The same check files run inside Otter: `grader.check` in the student's kernel, and
`otter run` with the autograder zip that `autograder build` writes."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
from nbclient import NotebookClient

from autograder.authoring import exercises, notebooks
from autograder.authoring.build import build
from autograder.authoring.samples import DEMO_EXERCISE
from autograder.authoring.variants import as_notebook

EX = exercises.get(DEMO_EXERCISE)


def check_outputs(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Text printed by each `grader.check("qN")` cell, by question."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("grader.check("):
            question = cell.source.split('"')[1]
            found[question] = "".join(o.get("text", "") or str(o.get("data", {}))
                                      for o in cell.outputs)
    return found


def test_grader_check_in_the_students_kernel(tmp_path):
    correct = next(v for v in EX.variants if v.correct)
    nb = as_notebook(EX, correct)
    nb.cells = [c for c in nb.cells if "grader.export" not in c.source]
    notebooks.write(nb, tmp_path / EX.notebook_name)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = check_outputs(nb)
    graded = {q.name for q in EX.questions if not q.manual}
    assert set(outputs) == graded
    assert all("All test cases passed" in text for text in outputs.values()), outputs

    stub = nbformat.read(EX.student_notebook(), as_version=4)
    stub.cells = [c for c in stub.cells if "grader.export" not in c.source]
    NotebookClient(stub, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert all("failed" in text for text in check_outputs(stub).values())


def test_otter_run_with_the_built_zip(tmp_path):
    result = build(EX, root=tmp_path)
    reference = EX.reference_dir() / EX.notebook_name
    out = tmp_path / "otter-out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(result.zip), "-o",
                           str(out), str(reference)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    tests = json.loads((out / "results.json").read_text())["tests"]  # Gradescope format
    earned = sum(t["score"] for t in tests if "score" in t)
    assert earned == EX.autograded_points, tests
