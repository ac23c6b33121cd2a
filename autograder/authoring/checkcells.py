"""The check-authoring convention: `@check` functions in a master become Otter test cells.

In a master, a code cell that holds only functions decorated with `@check` is a cell of checks:

    @check                                  # public, points shared within the question
    def forme(sigmoide): ...

    @check(hidden=True, points=2)           # hidden; its own points
    def contre_autograd(derivee_sigmoide): ...

    @check(hidden=True, each={"activation": ["relu", "gelu"]})
    def precision(creer_mlp, entrainer): ... # one check per value: precision_relu, precision_gelu

Plain functions the checks of an exercise share are decorated `@helper` (in a cell of checks,
before the checks that use them): each check gets a copy of those it uses, since Otter's check
files hold one function per check.

The build turns each into the exception-format test cell Otter expects: `test_<name>`, its
TEST CONFIG, the imports its body uses (`torch`, `nn`, `F`, `np`, `math`, the checks library
`C` and `data`), `C.budget(key)` completed with the exercise id, and every nested function
decorated with `@C.probe` rewritten as `C.code(source, **the names it closes over)`, so that it
runs where the student objects live. Consecutive check cells are wrapped in Otter's
`BEGIN TESTS` / `END TESTS` delimiters, and a code cell with `# BEGIN SOLUTION` lines in
`BEGIN SOLUTION` / `END SOLUTION` ones (the master need not write either). A question ends
where the next begins (or at the end) unless the master closes it earlier with `END QUESTION`,
and the statement ends with the standard note on hidden checks (`PUBLIC_NOTE`).
"""

from __future__ import annotations

import ast
import re
import symtable
from typing import Any

import nbformat
import yaml

from autograder.errors import AuthoringError

# The names a check body may use without importing them, and where they come from.
PRELUDE = {
    "math": "import math",
    "np": "import numpy as np",
    "torch": "import torch",
    "nn": "from torch import nn",
    "F": "import torch.nn.functional as F",
    "C": "from autograder import checks as C",
    "data": "from autograder import data",
}


def expand_checks(nb: nbformat.NotebookNode, exercise_id: str) -> nbformat.NotebookNode:
    """The master notebook with every cell of `@check` functions turned into Otter test cells."""
    cells: list[nbformat.NotebookNode] = []
    helpers: dict[str, ast.FunctionDef] = {}
    in_tests = in_solution = False
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.strip() in ("# BEGIN SOLUTION",
                                                                "# END SOLUTION"):
            in_solution = cell.source.strip() == "# BEGIN SOLUTION"
        elif not in_solution and _solution_code(cell):
            cells += [nbformat.v4.new_raw_cell("# BEGIN SOLUTION"), cell,
                      nbformat.v4.new_raw_cell("# END SOLUTION")]
            continue
        functions = _checks_of(cell, helpers)
        if functions is None:
            if in_tests:
                cells.append(nbformat.v4.new_raw_cell("# END TESTS"))
                in_tests = False
            cells.append(cell)
            continue
        if not in_tests:
            cells.append(nbformat.v4.new_raw_cell("# BEGIN TESTS"))
            in_tests = True
        for func in functions:
            for test in _expand(func, exercise_id, helpers):
                cells.append(nbformat.v4.new_code_cell(test))
    if in_tests:
        cells.append(nbformat.v4.new_raw_cell("# END TESTS"))
    out = nbformat.from_dict(nb)
    out.cells = _with_public_note(_written_answers(_questions_closed(cells)))
    return out


PROMPT = re.compile(r"_Rédigez\b[^\n]*_")


def _written_answers(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """In a manual question, the `_Rédigez … ici._` cell is the prompt the student writes over,
    and the markdown cells after it, to the end of the question, the model answer: each gets
    Otter's delimiters unless the master wrote them."""
    out: list[nbformat.NotebookNode] = []
    manual = prompted = False
    block: str | None = None  # the delimited block the master opened itself
    answer: list[nbformat.NotebookNode] = []

    def close_answer() -> None:
        if answer:
            out.extend([nbformat.v4.new_raw_cell("# BEGIN SOLUTION"), *answer,
                        nbformat.v4.new_raw_cell("# END SOLUTION")])
            answer.clear()

    for cell in cells:
        text = cell.source.strip()
        marker = text.splitlines()[0] if cell.cell_type == "raw" and text else ""
        if marker == "# BEGIN QUESTION":
            manual = bool((yaml.safe_load(text.split("\n", 1)[1]) or {}).get("manual"))
            prompted = False
        elif marker in ("# BEGIN PROMPT", "# BEGIN SOLUTION"):
            block = marker
            prompted = prompted or marker == "# BEGIN PROMPT"
        elif marker in ("# END PROMPT", "# END SOLUTION"):
            block = None
        elif marker == "# END QUESTION":
            close_answer()
            manual = False
        elif manual and block is None and cell.cell_type == "markdown":
            if not prompted and PROMPT.fullmatch(text):
                out.extend([nbformat.v4.new_raw_cell("# BEGIN PROMPT"), cell,
                            nbformat.v4.new_raw_cell("# END PROMPT")])
                prompted = True
                continue
            if prompted:
                answer.append(cell)
                continue
        close_answer()
        out.append(cell)
    close_answer()
    return out


def _questions_closed(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """An `END QUESTION` before each `BEGIN QUESTION` that follows an open question, and at
    the end: a master writes one only where a question ends before the next one begins."""
    out: list[nbformat.NotebookNode] = []
    open_question = False
    for cell in cells:
        marker = cell.source.strip().splitlines()[0] if cell.cell_type == "raw" and \
            cell.source.strip() else ""
        if marker == "# BEGIN QUESTION":
            if open_question:
                out.append(nbformat.v4.new_raw_cell("# END QUESTION"))
            open_question = True
        elif marker == "# END QUESTION":
            open_question = False
        out.append(cell)
    if open_question:
        out.append(nbformat.v4.new_raw_cell("# END QUESTION"))
    return out


PUBLIC_NOTE = ("> `grader.check(\"q1\")` n'exécute que les vérifications publiques : d'autres "
               "vérifications,\n> cachées, sont appliquées à la correction.")


def _with_public_note(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The statement (the first markdown cell) ends with the note on hidden checks, unless it
    words its own."""
    first = next((c for c in cells if c.cell_type == "markdown"), None)
    if first is not None and "vérifications publiques" not in first.source:
        first.source = f"{first.source.rstrip()}\n\n{PUBLIC_NOTE}"
    return cells


def _solution_code(cell: nbformat.NotebookNode) -> bool:
    """A code cell with solution markers inside (a `# BEGIN SOLUTION` block, or a line ending in
    `# SOLUTION`): Otter wants it between solution delimiters, or it hands the answer out."""
    return cell.cell_type == "code" and bool(
        re.search(r"^\s*# BEGIN SOLUTION\s*$|# SOLUTION\s*$", cell.source, re.M))


def _checks_of(cell: nbformat.NotebookNode,
               helpers: dict[str, ast.FunctionDef]) -> list[ast.FunctionDef] | None:
    """The `@check` functions of a code cell that holds nothing else (its `@helper` functions go
    to `helpers`); None for another cell."""
    if cell.cell_type != "code":
        return None
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return None
    checks = [n for n in tree.body
              if isinstance(n, ast.FunctionDef) and _check_decorator(n) is not None]
    shared = [n for n in tree.body if isinstance(n, ast.FunctionDef)
              and any(_is_named(d, "helper") for d in n.decorator_list)]
    if not checks and not shared:
        return None
    if len(checks) + len(shared) != len(tree.body):
        raise AuthoringError("a cell of @check functions holds other statements: "
                             + cell.source.strip().splitlines()[0][:80])
    for h in shared:
        h.decorator_list = [d for d in h.decorator_list if not _is_named(d, "helper")]
        helpers[h.name] = h
    return checks


def _is_named(node: ast.expr, name: str) -> bool:
    """`name` or `C.name`."""
    return (isinstance(node, ast.Name) and node.id == name) or (
        isinstance(node, ast.Attribute) and node.attr == name)


def _check_decorator(func: ast.FunctionDef) -> ast.expr | None:
    for d in func.decorator_list:
        if _is_named(d.func if isinstance(d, ast.Call) else d, "check"):
            return d
    return None


def _options(func: ast.FunctionDef) -> dict[str, Any]:
    decorator = _check_decorator(func)
    options: dict[str, Any] = {}
    if isinstance(decorator, ast.Call):
        if decorator.args:
            raise AuthoringError(f"@check of {func.name}: keyword arguments only")
        for kw in decorator.keywords:
            if kw.arg not in ("hidden", "points", "each"):
                raise AuthoringError(f"@check of {func.name}: unknown option {kw.arg!r}")
            try:
                options[kw.arg] = ast.literal_eval(kw.value)
            except ValueError:
                raise AuthoringError(f"@check of {func.name}: {kw.arg} must be a literal") \
                    from None
    each = options.get("each")
    if each is not None and not (isinstance(each, dict) and len(each) == 1
                                 and isinstance(next(iter(each.values())), list | tuple)):
        raise AuthoringError(f"@check of {func.name}: each must be {{name: [values]}}")
    return options


def _instances(func: ast.FunctionDef, options: dict[str, Any]) -> list[ast.FunctionDef]:
    """The test functions one `@check` stands for (one per value of `each`)."""
    base = func.name if func.name.startswith("test_") else f"test_{func.name}"
    if "each" not in options:
        return [_renamed(func, base, [])]
    (key, values), = options["each"].items()
    out = []
    for value in values:
        suffix = re.sub(r"\W+", "_", str(value)).strip("_").lower()
        if not suffix:
            raise AuthoringError(f"@check of {func.name}: value {value!r} gives no name")
        bind = ast.Assign([ast.Name(key, ast.Store())], ast.Constant(value), lineno=0)
        out.append(_renamed(func, f"{base}_{suffix}", [bind], drop=key))
    return out


def _renamed(func: ast.FunctionDef, name: str, first: list[ast.stmt],
             drop: str | None = None) -> ast.FunctionDef:
    tree = ast.parse(ast.unparse(func)).body[0]
    assert isinstance(tree, ast.FunctionDef)
    tree.name = name
    tree.decorator_list = []
    tree.args.args = [a for a in tree.args.args if a.arg != drop]
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring says what the check states; the file does not need it
    tree.body = first + body
    return tree


def _expand(func: ast.FunctionDef, exercise_id: str,
            helpers: dict[str, ast.FunctionDef]) -> list[str]:
    options = _options(func)
    tests = []
    for test in _instances(func, options):
        test = _with_prelude(_with_helpers(test, helpers))
        test = _BudgetOfExercise(exercise_id).visit(test)
        test = _probes_as_code(test)
        config = {k: options[k] for k in ("hidden", "points") if k in options}
        header = ""
        if config:
            lines = "".join(f"{k}: {str(v).lower() if isinstance(v, bool) else v}\n"
                            for k, v in config.items())
            header = f'""" # BEGIN TEST CONFIG\n{lines}""" # END TEST CONFIG\n'
        tests.append(header + ast.unparse(ast.fix_missing_locations(test)))
    return tests


def _with_helpers(func: ast.FunctionDef,
                  helpers: dict[str, ast.FunctionDef]) -> ast.FunctionDef:
    """The `@helper` functions the check uses (and those they use), defined at its start."""
    needed: list[str] = []
    todo = [func]
    while todo:
        for name in sorted({n.id for n in ast.walk(todo.pop()) if isinstance(n, ast.Name)}):
            if name in helpers and name not in needed and name != func.name:
                needed.append(name)
                todo.append(helpers[name])
    defs = [ast.parse(ast.unparse(helpers[n])).body[0] for n in reversed(needed)]
    func.body = defs + func.body
    return func


def _with_prelude(func: ast.FunctionDef) -> ast.FunctionDef:
    """The body preceded by the imports of the prelude names it uses and does not bind."""
    used = {n.id for n in ast.walk(func) if isinstance(n, ast.Name)}
    bound = {a.arg for a in func.args.args + func.args.kwonlyargs}
    imports = [ast.parse(line).body[0] for name, line in PRELUDE.items()
               if name in used and name not in bound]
    func.body = imports + func.body
    return func


class _BudgetOfExercise(ast.NodeTransformer):
    """`C.budget(key)` → `C.budget("<exercise>", key)`."""

    def __init__(self, exercise_id: str):
        self.exercise_id = exercise_id

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if _is_named(node.func, "budget") and len(node.args) == 1 and not node.keywords:
            node.args.insert(0, ast.Constant(self.exercise_id))
        return node


def _probes_as_code(func: ast.FunctionDef) -> ast.FunctionDef:
    """Each nested `@C.probe` function → `name = C.code(its source, **what it closes over)`."""
    frees = _free_names(func)

    class Rewrite(ast.NodeTransformer):
        def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
            self.generic_visit(node)
            if node is func or not any(_is_named(d, "probe") for d in node.decorator_list):
                return node
            node.decorator_list = [d for d in node.decorator_list if not _is_named(d, "probe")]
            bound = sorted(frees.get(node.name, set()) - set(PRELUDE))
            call = ast.Call(
                ast.Attribute(ast.Name("C", ast.Load()), "code", ast.Load()),
                [ast.Constant(ast.unparse(node))],
                [ast.keyword(n, ast.Name(n, ast.Load())) for n in bound])
            return ast.Assign([ast.Name(node.name, ast.Store())], call, lineno=node.lineno)

    out = Rewrite().visit(func)
    if any(isinstance(n, ast.Name) and n.id == "C" for n in ast.walk(out)) and not any(
            isinstance(s, ast.ImportFrom) and any(a.asname == "C" for a in s.names)
            for s in out.body):
        out.body.insert(0, ast.parse(PRELUDE["C"]).body[0])
    return out


def _free_names(func: ast.FunctionDef) -> dict[str, set[str]]:
    """For each function nested in `func`, the names it takes from `func`'s scope."""
    table = symtable.symtable(ast.unparse(func), "<check>", "exec")
    frees: dict[str, set[str]] = {}

    def visit(t: symtable.SymbolTable) -> None:
        for child in t.get_children():
            if isinstance(child, symtable.Function):
                frees[child.get_name()] = set(child.get_frees())
            visit(child)

    (outer,) = table.get_children()
    visit(outer)
    return frees
