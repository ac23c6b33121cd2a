"""Requirement helpers (`autograder.checks.properties`): each one passes correct code and fails
the bug it exists for, in process and across the sandbox boundary (the loopback worker)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import torch

from autograder import checks as C
from autograder.authoring import notebooks
from autograder.checks import oracles
from autograder.checks.failure import CheckFailure
from autograder.execution.job import Job
from autograder.execution.runner import LoopbackExecutor


def _fails(code: str, fn, *args, **kwargs) -> None:
    with pytest.raises(CheckFailure) as info:
        fn(*args, **kwargs)
    assert info.value.code == code, info.value.render()


def _draw(x, generateur=None):
    return x + torch.rand(x.shape, generator=generateur, dtype=x.dtype)


def test_dtype_kept_and_dtype():
    x = torch.linspace(-1, 1, 5)
    assert [r.dtype for r in C.expect_dtype_kept(torch.sigmoid, x, name="f")] == [
        torch.float64, torch.float32]
    _fails("dtype_kept", C.expect_dtype_kept, lambda t: torch.sigmoid(t.float()), x, name="f")
    _fails("dtype_kept", C.expect_dtype_kept, lambda t: float(t.sum()), x, name="f")
    C.expect_dtype(torch.zeros(2, dtype=torch.int64), torch.int64, "t")
    _fails("dtype", C.expect_dtype, torch.zeros(2), torch.int64, "t")


def test_unchanged_sees_in_place_changes_in_args_kwargs_and_containers():
    x = torch.arange(4.0)
    assert torch.equal(C.expect_unchanged(lambda t: t * 2, x, name="f"), 2 * x)

    def scale_in_place(t, k=1.0):
        t.mul_(k)
        return t

    _fails("argument_modified", C.expect_unchanged, scale_in_place, x.clone(), 3.0, name="f")
    _fails("argument_modified", C.expect_unchanged, scale_in_place, x.clone(), k=3.0, name="f")
    C.expect_unchanged(scale_in_place, x.clone(), 1.0, name="f")  # unchanged values pass

    def step(params):
        params["w"] -= 1
        return params

    with pytest.raises(CheckFailure, match=r"\['w'\]"):
        C.expect_unchanged(step, {"w": x.clone()}, name="step")
    nan = torch.tensor([float("nan"), 1.0])
    C.expect_unchanged(lambda t: t + 1, nan, name="f")  # nan equals nan here


def test_generator_obeyed_and_its_three_failures():
    x = torch.zeros(50, dtype=torch.float64)
    C.expect_generator_obeyed(_draw, x, name="tirer")
    _fails("generator_global", C.expect_generator_obeyed,
           lambda x, generateur=None: _draw(x), x, name="tirer")
    _fails("generator_ignored", C.expect_generator_obeyed,
           lambda x, generateur=None: _draw(x, torch.Generator().manual_seed(0)), x, name="t")
    _fails("generator_not_sole_source", C.expect_generator_obeyed,
           lambda x, generateur=None: _draw(x, generateur) + _pid_like(), x, name="t")
    C.expect_generator_obeyed(lambda x, g=None: _draw(x, g), x, name="t", keyword="g")


_CALLS = [0]


def _pid_like() -> float:
    """State outside any generator (a call counter): differs between calls."""
    _CALLS[0] += 1
    return float(_CALLS[0])


def test_frequencies_see_a_value_never_drawn_and_one_outside_the_support():
    g = torch.Generator().manual_seed(0)
    C.expect_frequencies(torch.randint(0, 5, (2000,), generator=g), [0.2] * 5, "tirage")
    _fails("frequency", C.expect_frequencies, torch.randint(0, 4, (2000,), generator=g),
           [0.2] * 5, "tirage")  # randint's bound off by one: value 4 never drawn
    _fails("outside_support", C.expect_frequencies, torch.tensor([0, 1, 2, 5]), [0.25] * 4, "t")
    _fails("outside_support", C.expect_frequencies, torch.tensor([0, 1, 1]), [0.5, 0.0, 0.5],
           "t")
    _fails("not_indices", C.expect_frequencies, torch.tensor([0.5, 1.0]), [0.5, 0.5], "t")
    weights = torch.tensor([0.1, 0.6, 0.3])
    C.expect_frequencies(torch.multinomial(weights, 3000, True, generator=g), weights, "t")


def test_affine_and_permutation_probes():
    g = torch.Generator().manual_seed(1)
    x, y = torch.randn(4, 6, generator=g), torch.randn(4, 6, generator=g)
    linear = torch.nn.Linear(6, 3)
    mlp = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
    no_relu = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Linear(8, 3))
    with torch.no_grad():
        C.expect_affine(mlp, x, y, "mlp", affine=False)
        C.expect_affine(linear, x, y, "lin", affine=True)
        _fails("affine", C.expect_affine, no_relu, x, y, "mlp", affine=False)
        _fails("not_affine", C.expect_affine, mlp, x, y, "lin", affine=True)
        tokens = torch.randn(2, 7, 6, generator=g)
        C.expect_permutation_equivariant(mlp, tokens, 1, "mlp")
        C.expect_permutation_equivariant(lambda t: t.mean(1), tokens, 1, "pool", invariant=True)
        _fails("not_invariant", C.expect_permutation_equivariant, lambda t: t[:, 0], tokens, 1,
               "pool", invariant=True)
        _fails("not_equivariant", C.expect_permutation_equivariant,
               lambda t: t + torch.arange(7.0)[:, None], tokens, 1, "pos")


def test_load_seeded_weights_sets_every_floating_tensor_by_shape():
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    state = C.load_seeded_weights(model, "modele")
    assert torch.equal(model[0].weight.detach(), state["0.weight"].float())
    assert torch.equal(state["0.weight"].double(), oracles.seeded_by_shape((2, 3)))
    assert int(model[1].num_batches_tracked) == 0


NOTEBOOK = '''
import torch

def garde(x):
    return x * 2

def modifie(x):
    x += 1
    return x

def obeit(x, generateur=None):
    return x + torch.rand(x.shape, generator=generateur, dtype=x.dtype)

def global_(x, generateur=None):
    return x + torch.rand(x.shape, dtype=x.dtype)
'''

SUITE = '''from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4
'''

CASES = {"garde": "C.expect_unchanged(garde, torch.ones(3), name='garde')",
         "modifie": "C.expect_unchanged(modifie, torch.ones(3), name='modifie')",
         "obeit": "C.expect_generator_obeyed(obeit, torch.zeros(9), name='obeit')",
         "global": "C.expect_generator_obeyed(global_, torch.zeros(9), name='global_')"}


def test_helpers_see_the_sandbox_side_through_the_worker(tmp_path: Path):
    """Across the boundary, arguments are copies and the global generator is the worker's: the
    helpers must still see an in-place change and a draw from the global generator."""
    tests = tmp_path / "tests"
    tests.mkdir()
    cases = "".join(f"\n@test_case(points=1, hidden=False)\ndef test_{n}(garde, modifie, obeit, "
                    f"global_):\n    from autograder import checks as C\n    import torch\n"
                    f"    {body}\n" for n, body in CASES.items())
    (tests / "q1.py").write_text(SUITE + cases)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NOTEBOOK)])
    notebooks.write(nb, tmp_path / "n.ipynb")
    report = LoopbackExecutor().run(Job("9.9", tmp_path / "n.ipynb", "n.ipynb", tests, 60, 30))
    assert report.finished
    verdicts = {o.name: (o.passed, o.code) for o in report.outcomes}
    assert verdicts == {"test_garde": (True, None), "test_modifie": (False, "argument_modified"),
                        "test_obeit": (True, None), "test_global": (False, "generator_global")}
