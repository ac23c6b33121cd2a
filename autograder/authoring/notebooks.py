"""Reading, normalising and writing notebooks (deterministic JSON, stable cell ids)."""

from __future__ import annotations

from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


EXPORT_TEXT = (
    "## Dépôt\n\nExécutez toutes les cellules dans l'ordre, enregistrez le notebook, puis exécutez "
    "la cellule ci-dessous : elle crée l'archive à déposer. Les vérifications publiques "
    "(`grader.check`) ne sont qu'une partie de la correction : d'autres vérifications, cachées, "
    "sont appliquées après le dépôt.")


def normalise(nb: nbformat.NotebookNode, prefix: str) -> nbformat.NotebookNode:
    """Stable cell ids, no outputs or execution counts, only the metadata that matters.

    Empty cells are dropped and Otter's English submission text is replaced by French.
    """
    nb.cells = [c for c in nb.cells if c.source.strip()]
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Submission"):
            cell.source = EXPORT_TEXT
        cell.source = cell.source.replace(
            "# Save your notebook first, then run this cell to export your submission.",
            "# Enregistrez d'abord le notebook, puis exécutez cette cellule pour l'exporter.")
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in {"otter", "kernelspec"}}
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{prefix}-{i:03d}"[-64:]
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in {"tags", "deletable",
                                                                      "editable"}}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def code_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


ANSWER_TAG = "otter_answer_cell"
DEMO_TAG = "demo"  # a cell that only illustrates (`# %% tags=["demo"]` in a master)


def without_demo(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without its demo cells: what variant and mutant runs execute (no check may
    need a demo cell's variables; validation and grading run every cell)."""
    out = nbformat.from_dict(nb)
    out.cells = [c for c in out.cells if DEMO_TAG not in c.metadata.get("tags", [])]
    return out


def with_answer_code(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """A student template filled in as a student might: all of `code` in the first answer cell,
    the other code answer cells left empty (samples and tests built from variants)."""
    out = nbformat.from_dict(nb)
    answers = [c for c in out.cells
               if c.cell_type == "code" and ANSWER_TAG in c.metadata.get("tags", [])]
    if not answers:
        raise ValueError("the template has no code answer cell")
    answers[0].source = code
    for cell in answers[1:]:
        cell.source = "# (réponse écrite plus haut)"
    return out
