"""Mutants of an exercise: AST mutations of the reference's solution cells, plus the
hand-written buggy variants."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.authoring import notebooks
from autograder.authoring.exercises import Exercise
from autograder.authoring.mutation.operators import OPERATORS, mutations
from autograder.authoring.variants import patched

SOLUTION_TAG = "otter_assign_solution_cell"


@dataclass(frozen=True)
class Program:
    """The reference notebook's code, without Otter's own cells nor demo cells; solution cells
    are mutable."""

    cells: tuple[str, ...]
    solution: tuple[int, ...]


@dataclass(frozen=True)
class Mutant:
    id: str
    operator: str
    description: str
    cell: int | None  # index into Program.cells; None for a hand-written variant
    source: str  # the mutated cell, or the whole variant script


def _otter_cell(source: str) -> bool:
    return source.startswith("# Initialize Otter") or source.lstrip().startswith("grader.")


def program(ex: Exercise, root: Path | None = None) -> Program:
    nb = notebooks.without_demo(nbformat.read(ex.reference_dir(root) / ex.notebook_name,
                                              as_version=4))
    cells, solution = [], []
    for cell in nb.cells:
        if cell.cell_type != "code" or _otter_cell(cell.source) or "grader.export" in cell.source:
            continue
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            solution.append(len(cells))
        cells.append(cell.source)
    return Program(tuple(cells), tuple(solution))


def generate(ex: Exercise, prog: Program) -> list[Mutant]:
    """Every operator at every site of every solution cell, then the buggy variants."""
    found: list[Mutant] = []
    seen: set[tuple[int, str]] = set()
    per_function: dict[tuple[str, str], int] = {}  # numbered across cells: ids stay unique
    for index in prog.solution:
        for op in OPERATORS:
            for m in mutations(prog.cells[index], op):
                key = (op.name, m.function)
                n = per_function[key] = per_function.get(key, 0) + 1
                if (index, m.source) in seen:
                    continue
                seen.add((index, m.source))
                found.append(Mutant(f"{op.name}:{m.function}:{n}", op.name,
                                    f"`{m.function}` l.{m.line}: {m.before} → {m.after}",
                                    index, m.source))
    for v in ex.variants:
        if not v.correct:
            source = v.file.read_text(encoding="utf-8") if v.file else \
                "\n\n".join(patched(list(prog.cells), ex, v))
            found.append(Mutant(f"hand:{v.name}", "hand", v.description, None, source))
    return found
