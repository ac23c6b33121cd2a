"""Mutation testing: operators produce the bugs they name, and every exercise's hidden checks
kill every non-equivalent mutant."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from autograder.authoring import exercises
from autograder.authoring.mutation.mutants import generate, program
from autograder.authoring.mutation.operators import OPERATORS, mutations
from autograder.authoring.mutation.run import MIN_MUTANTS, mutate

SNIPPET = '''
def couche(x, W, b, eps=1e-5):
    z = x @ W.T + b
    p = torch.softmax(z, dim=1)
    v = z.var(dim=0, unbiased=False) + eps
    z = z.masked_fill(torch.triu(torch.ones(3, 3), diagonal=1) > 0, 0.0)
    data = load("mnist", train=True)
    return torch.relu(z) / torch.sqrt(v), p.mean(), p.argmax(dim=1)

class M(nn.Module):
    def forward(self, x):
        for i in range(3):
            x = x - 1
        return nn.ReLU()(x)

def pas(opt, loss):
    opt.zero_grad()
    loss.backward()
    opt.step()
    count = 0
    count += 1
    return conv(x, stride=2) if self.training and count > 0 else x.permute(0, 2, 1)

def tirer(x, g, loader):
    u = torch.rand(x.shape, generator=g, dtype=x.dtype) <= 0.5
    i = torch.randint(0, len(x), (4,), generator=g)
    total = sum(F.cross_entropy(m(xb), yb).item() * len(xb) for xb, yb in loader)
    pooled = F.max_pool2d(x.double(), 2).mean(dim=1)
    return x.clone() * u, i, total, pooled

def attention(q, k, v, x, h, m, rnn):
    s = (q @ k.mT / math.sqrt(k.shape[-1])).masked_fill(torch.tril(m) == 0, -math.inf)
    for t in range(x.shape[0]):
        out, h = rnn(x[t], h)
    lstm = nn.LSTM(3, 4, batch_first=True)
    return torch.softmax(s, dim=-1) @ v, out, lstm, x[1:-1]
'''

EXPECTED = {
    "wrong_dim": "torch.softmax(z, dim=0)",
    "sum_mean": "p.sum()",
    "argmax_argmin": "p.argmin(dim=1)",
    "drop_term": "z = x @ W.T\n",
    "sign": "x = x + 1",
    "mult_div": "torch.relu(z) * torch.sqrt(v)",
    "transpose": "z = x @ W + b",
    "permute_order": "x.permute(0, 1, 2)",
    "no_sqrt": "torch.relu(z) / v",
    "activation": "nn.Identity()(x)",
    "detach": "return nn.ReLU()(x).detach()",
    "train_eval": "not self.training",
    "drop_statement": "    pass\n    loss.backward()",
    "off_by_one": "diagonal=2",
    "compare": "count < 0",
    "constant": "stride=2",
    "variance_bias": "unbiased=True",
    "mask": "z = z\n",
    "data_split": "train=False",
    "float32": "x.float()",
    "clone": "return (x * u",
    "generator": "torch.rand(x.shape, dtype=x.dtype)",
    "randint_bound": "torch.randint(0, len(x) - 1, (4,), generator=g)",
    "batch_mean": "F.cross_entropy(m(xb), yb).item() for",
    "strict_compare": "dtype=x.dtype) < 0.5",
    "pooling": "F.avg_pool2d(",
    "no_scale": "s = (q @ k.mT).masked_fill",
    "mask_invert": "torch.triu(m)",
    "state_reset": "out, h = rnn(x[t])",
    "time_axis": "rnn(x[:, t], h)",
    "slice_shift": "x[1:]",
}


def test_new_operators_spare_what_is_not_their_bug():
    """A mean over everything is not a pooling; a fixed-size draw has no batch factor."""
    kept = "def f(x):\n    return x.mean() + torch.randn(3).sum() * 2\n"
    kept += "def g(x, n):\n    h = f(x)\n    for t in range(n):\n        y = x[t + 1] / d\n"
    for name in ("pooling", "batch_mean", "generator", "clone", "no_scale", "state_reset",
                 "time_axis"):
        op = next(o for o in OPERATORS if o.name == name)
        assert mutations(kept, op) == [], name


@pytest.mark.parametrize(("name", "source", "bugs"), [
    ("no_scale", "y = s * d ** -0.5 + s * torch.rsqrt(d) + s / d ** 0.5",
     ["y = s + s * torch.rsqrt(d)", "y = s * d ** (-0.5) + s + s /",
      "y = s * d ** (-0.5) + s * torch.rsqrt(d) + s"]),
    ("mask_invert", "y = s.masked_fill(m, 0) + torch.where(m, a, b)",
     ["s.masked_fill(~m, 0)", "torch.where(m, b, a)"]),
    ("state_reset", "for t in T:\n    h = cell(x[t], hx=h)",
     ["h = cell(x[t])"]),
    ("time_axis", "m = nn.GRU(2, 3, batch_first=False)\nys = [f(x[:, t]) for t in range(3)]",
     ["batch_first=True", "f(x[t])"]),
    ("slice_shift", "y = s[i:i + w], s[:-2], s[:3]", ["s[i:i + w + 1]", "s[:-1]", "s[:4]"]),
])
def test_chapter_5_6_operators(name, source, bugs):
    """Each form of the recurrent/attention bugs (issue #15) is produced."""
    op = next(o for o in OPERATORS if o.name == name)
    found = [m.source for m in mutations(source, op)]
    for bug in bugs:
        assert any(bug in src for src in found), (bug, found)


@pytest.mark.parametrize("op", OPERATORS, ids=lambda o: o.name)
def test_operator_produces_its_bug(op):
    found = [m.source for m in mutations(SNIPPET, op)]
    assert any(EXPECTED[op.name] in src for src in found), (op.name, found)


def test_mutants_of_an_exercise_include_hand_written_variants():
    ex = exercises.get("2.3")
    mutants = generate(ex, program(ex))
    ids = [m.id for m in mutants]
    assert len(ids) == len(set(ids))
    assert {f"hand:{v.name}" for v in ex.variants if not v.correct} <= set(ids)
    assert all(m.cell in program(ex).solution for m in mutants if m.cell is not None)


def test_weakened_checks_let_mutants_survive(home_with_1_1):
    home, ex = home_with_1_1
    for check in (home / "reference" / ex.slug / "tests").glob("q*.py"):  # checks that see nothing
        name = check.stem
        check.write_text("from otter.test_files import test_case\nOK_FORMAT = False\n"
                         f"name = '{name}'\npoints = 2\n@test_case(points=2)\n"
                         "def test_rien(sigmoide):\n    pass\n")
    proc = subprocess.run([sys.executable, "-m", "autograder", "mutate", "1.1", "--json"],
                          capture_output=True, text=True, timeout=600,
                          env={**__import__("os").environ, "AUTOGRADER_HOME": str(home)})
    assert proc.returncode == 1
    (report,) = json.loads(proc.stdout)["data"]
    assert report["score"] < 1 and any(m["status"] == "survived" for m in report["matrix"])


@pytest.mark.parametrize("ex", exercises.catalogue(), ids=lambda e: e.id)
def test_every_mutant_is_killed(ex):
    """The AST mutants; the hand-written variants are proven by `test_variant_verdict`, which
    requires more than a kill (each loses exactly the questions it names)."""
    report = mutate(ex, jobs=2, variants=False)
    survivors = [f"{r.mutant.id}: {r.mutant.description}" for r in report.results
                 if r.status == "survived"]
    assert report.problems == [] and survivors == []
    hand = sum(not v.correct for v in ex.variants)
    assert len(report.results) + hand >= MIN_MUTANTS[ex.stars]


def test_mutant_ids_are_unique_in_every_exercise():
    """`equivalent_mutants` names mutants by id, so one id must never name two mutants."""
    for ex in exercises.catalogue():
        ids = [m.id for m in generate(ex, program(ex))]
        assert len(ids) == len(set(ids)), ex.id
