"""The check library: every helper passes on right input and explains wrong input in French."""

from __future__ import annotations

import json

import pytest
import torch
from torch import nn

from autograder import checks as C
from autograder import data


def failure(fn, *args, **kwargs) -> C.CheckFailure:
    with pytest.raises(C.CheckFailure) as info:
        fn(*args, **kwargs)
    return info.value


def test_require_and_call_name_the_function():
    assert "`f` n'est pas définie" in str(failure(C.require, None, "f"))

    def broken(x):
        raise ZeroDivisionError("division by zero")

    msg = str(failure(C.call, broken, 1, name="ma_fonction"))
    assert "`ma_fonction`" in msg and "ZeroDivisionError" in msg

    def todo(x):
        raise NotImplementedError

    assert "pas encore écrite" in str(failure(C.call, todo, 1, name="g"))
    assert C.call(lambda x: x + 1, 1, name="h") == 2


def test_expect_close_explains_without_revealing():
    want = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    got = want.clone()
    got[1, 2] = 6.5
    msg = str(failure(C.expect_close, got, want, name="sortie"))
    assert "Éléments différents : 1 / 6 (16,7 %)" in msg
    assert "(1, 2)" in msg
    assert "attendu 6" not in msg  # hidden expected values never printed
    revealed = str(failure(C.expect_close, got, want, name="sortie", reveal=True))
    assert "attendu 6" in revealed
    C.expect_close(want + 1e-7, want, name="sortie")


def test_expect_close_checks_shape_first_and_none():
    msg = str(failure(C.expect_close, torch.zeros(3), torch.zeros(2, 3), name="y"))
    assert "(3,)" in msg and "(2, 3)" in msg
    assert "return" in str(failure(C.expect_close, None, torch.zeros(2), name="y"))
    nan = str(failure(C.expect_close, torch.tensor([float("nan")]), torch.zeros(1), name="y"))
    assert "non finies" in nan


def test_tolerances_follow_dtype():
    base = torch.ones(4, dtype=torch.float64)
    C.expect_close((base + 1e-6).float(), base, name="x")  # float32 answer: 1e-5 absolute
    failure(C.expect_close, base + 1e-6, base, name="x")  # float64 on both sides: 1e-7
    with pytest.raises(ValueError):
        C.expect_close(base, base, name="x", rtol=1e-3)


def test_scalar_shape_equal_and_range():
    assert "1.5" in str(failure(C.expect_scalar_close, 1.5, 2.0, name="v"))
    assert "attendu 2" not in str(failure(C.expect_scalar_close, 1.5, 2.0, name="v"))
    assert "scalaire" in str(failure(C.as_number, torch.zeros(2), "v"))
    assert "(2, 2)" in str(failure(C.expect_shape, torch.zeros(2, 2), (4,), name="w"))
    assert "pas la valeur attendue" in str(failure(C.expect_equal, 3, 4, name="n"))
    assert "[0, 1]" in str(failure(C.expect_in_range, 1.5, 0, 1, name="p"))
    C.expect_in_range(0.5, 0, 1, name="p")


def test_gradients_name_the_wrong_parameter():
    w = torch.randn(3, 2, dtype=torch.float64)
    good = {"W": w, "b": torch.ones(2, dtype=torch.float64)}
    bad = {"W": w.T.contiguous().T * 1.5, "b": good["b"]}
    msg = str(failure(C.expect_gradients, bad, good, name="backward", hints={"W": "transposée"}))
    assert "par rapport à `W`" in msg and "Erreur relative" in msg and "transposée" in msg
    assert "ne renvoie pas le gradient de b (clés reçues : W)" in str(
        failure(C.expect_gradients, {"W": w}, good, name="backward"))
    assert "forme" in str(failure(C.expect_gradients, {"W": w.T, "b": good["b"]}, good,
                                  name="backward"))
    C.expect_gradients(good, good, name="backward")


def test_grad_of_and_numerical_gradient_agree():
    x = torch.randn(5, dtype=torch.float64)
    auto = C.grad_of(lambda x: (x.sin() * x).sum(), {"x": x}, name="f")["x"]
    numeric = C.numerical_gradient(lambda t: float((t.sin() * t).sum()), x)
    assert C.relative_error(auto, numeric) < 1e-8
    cut = str(failure(C.grad_of, lambda x: x.detach().sum(), {"x": x}, name="f"))
    assert "graphe" in cut


class _WrongBackward(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**2

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * x  # should be 2x


def test_gradcheck_reports_in_one_line():
    x = torch.randn(4)
    C.gradcheck(lambda t: t**2, (x,), name="carre")
    msg = str(failure(C.gradcheck, _WrongBackward.apply, (x,), name="carre"))
    assert "gradcheck" in msg and "`carre`" in msg and len(msg.splitlines()) <= 3


def test_models_and_training(tmp_path, monkeypatch):
    assert "nn.Module" in str(failure(C.make_model, lambda: 3, name="creer"))
    assert "aucun paramètre" in str(failure(C.make_model, nn.ReLU, name="creer"))
    model = C.make_model(lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), name="creer")
    assert C.count_params(model) == 7850
    b = C.Budget("x", "k", "cpu", "mnist", 1, 256, 64, 1e-2, 0.5)
    losses = C.train_classifier(model, b, name="m")
    assert len(losses) == 4 and all(isinstance(v, float) for v in losses)
    wrong = nn.Sequential(nn.Flatten(), nn.Linear(784, 3))
    assert "(64, 10)" in str(failure(C.train_classifier, wrong, b, name="m"))
    acc = C.accuracy(model, "mnist", name="m")
    assert 0.0 <= acc <= 1.0
    msg = str(failure(C.expect_accuracy, 0.42, b, name="m"))
    assert "42.0 %" in msg and "50.0 %" in msg
    log = tmp_path / "cal.jsonl"
    monkeypatch.setenv(C.training.CALIBRATION_LOG, str(log))
    C.expect_accuracy(0.42, b, name="m")  # recorded, not asserted
    assert json.loads(log.read_text())["accuracy"] == 0.42


def test_budget_reads_device_entry(monkeypatch, catalogue):
    trained = [e for e in catalogue if e.training]
    if not trained:
        pytest.fail("the catalogue has no training exercise")
    ex = trained[0]
    key = next(iter(ex.training))
    monkeypatch.setenv("AUTOGRADER_DEVICE", "cpu")
    b = C.budget(ex.id, key)
    kind = data.provenance_kind(ex.training[key]["dataset"])
    assert b.device == "cpu" and b.data_kind == kind
    assert b.threshold == ex.training[key]["cpu"]["threshold"][kind]
    assert 0.1 < b.threshold < 1.0


def test_source_checks_and_timing():
    import torch.nn.functional as F

    def forbidden(x):
        return F.batch_norm(x, None, None, training=True)

    def allowed(x):
        return (x - x.mean(0)) / x.std(0)

    msg = str(failure(C.expect_not_using, forbidden, {"batch_norm", "BatchNorm1d"}, name="bn"))
    assert "`batch_norm`" in msg and "interdit" in msg
    C.expect_not_using(allowed, {"batch_norm", "BatchNorm1d"}, name="bn")
    assert "introuvable" in str(failure(C.source_of, len, "len"))
    import linecache

    cell = "class BN:\n    def forward(self, x):\n        return F.batch_norm(x)\n"
    linecache.cache["<cellule>"] = (len(cell), None, cell.splitlines(True), "<cellule>")
    scope: dict = {}  # a class defined in a notebook cell, as IPython registers it
    exec(compile(cell, "<cellule>", "exec"), scope)
    assert "`batch_norm`" in str(failure(C.expect_not_using, scope["BN"], {"batch_norm"},
                                         name="BN"))
    assert C.time_call(allowed, torch.randn(8, 3), name="bn", repeats=3) > 0


@pytest.mark.parametrize("source, found", [
    ("def f(x):\n    return F.batch_norm(x, None, None, training=True)", {"batch_norm"}),
    ("def f(x):\n    return torch.nn.functional.dropout(x, 0.5)", {"dropout"}),
    ("def f(n):\n    return nn.BatchNorm1d(n)", {"BatchNorm1d"}),
    ("def f(y, x):\n    return torch.autograd.grad(y, x)", {"grad"}),
    ("def f(y):\n    y.backward()", {"backward"}),
    ("def f(x):\n    from torch.nn.functional import dropout\n    return dropout(x)",
     {"dropout"}),
    ("def f(x):\n    fn = F.dropout\n    return fn(x)", {"dropout"}),
    ("def f(x):\n    return dropout(x, 0.5)", {"dropout"}),  # free: imported in another cell
])
def test_api_names_sees_library_use(source, found):
    assert found <= C.api_names(source)


@pytest.mark.parametrize("source", [
    "def backward(ctx, delta):\n    grad = delta * 2\n    return grad, None",
    "def f(x, grad):\n    return x * grad",
    "def f(x, p):\n    dropout = x * (torch.rand(x.shape) >= p) / (1 - p)\n    return dropout",
    "def f(x):\n    def dropout(h):\n        return h\n    return dropout(x)",
    "def f(xs):\n    return [grad for grad in xs]",
    "def forward(self, x):\n    return self.batch_norm(x)",
    "def backward(ctx, d):\n    ctx.grad = d\n    return ctx.grad",
])
def test_api_names_ignores_local_identifiers(source):
    assert not C.api_names(source) & {"grad", "dropout", "batch_norm", "backward"}


def test_expect_not_using_accepts_a_local_named_like_the_api():
    def backward(ctx, delta):
        grad = delta.sum(dim=0)
        return grad

    def cheating(ctx, delta):
        return torch.autograd.grad(delta.sum(), delta)

    C.expect_not_using(backward, {"grad", "backward"}, name="backward")
    msg = str(failure(C.expect_not_using, cheating, {"grad", "backward"}, name="backward"))
    assert "`grad`" in msg and "interdit" in msg


def _notebook(cells: list[str]) -> dict:
    """Cells executed as IPython does: one namespace, each cell's source registered."""
    import linecache

    scope: dict = {"torch": torch, "F": torch.nn.functional}
    for i, cell in enumerate(cells):
        filename = f"<cellule-{i}>"
        linecache.cache[filename] = (len(cell), None, cell.splitlines(True), filename)
        exec(compile(cell, filename, "exec"), scope)
    return scope


def test_expect_not_using_follows_a_bare_name_into_the_students_own_helper():
    honest = _notebook(["def conv2d(n, k):\n    return n - k + 1\n",
                        "def pile(n):\n    return conv2d(conv2d(n, 3), 3)\n"])
    C.expect_not_using(honest["pile"], {"conv2d"}, name="pile")  # arithmetic of its own
    wrapper = _notebook(["def dropout(x, p):\n    return F.dropout(x, p)\n",
                         "def f(x):\n    return dropout(x, 0.5)\n"])
    assert "`dropout`" in str(failure(C.expect_not_using, wrapper["f"], {"dropout"}, name="f"))
    imported = _notebook(["from torch.nn.functional import dropout\n",
                          "def f(x):\n    return dropout(x, 0.5)\n"])
    assert "`dropout`" in str(failure(C.expect_not_using, imported["f"], {"dropout"}, name="f"))
