"""Deep-learning bug operators, applied to reference solutions by AST transformation.

Each operator looks at one node (with its ancestors) and returns the buggy replacement, or
None where it does not apply. `sites` lists every node an operator applies to; `apply` returns
the source with exactly one of them replaced.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from dataclasses import dataclass

Replace = Callable[[ast.AST, list[ast.AST]], ast.AST | None]

REDUCTIONS = {"sum", "mean", "softmax", "log_softmax", "argmax", "argmin", "max", "min", "var",
              "std", "logsumexp", "cumsum", "norm", "amax", "amin"}
ACTIVATIONS = {"relu", "gelu", "tanh", "sigmoid", "leaky_relu", "elu", "silu", "softplus"}
MODULE_ACTIVATIONS = {"ReLU", "GELU", "Tanh", "Sigmoid", "LeakyReLU", "ELU", "SiLU"}
SHAPE_KEYWORDS = {"stride", "padding", "dilation", "kernel_size", "diagonal"}


@dataclass(frozen=True)
class Operator:
    name: str
    description: str
    replace: Replace


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute):
            return node.func.attr
        if isinstance(node.func, ast.Name):
            return node.func.id
    return None


def _renamed(node: ast.Call, name: str) -> ast.Call:
    new = copy.deepcopy(node)
    if isinstance(new.func, ast.Attribute):
        new.func.attr = name
    else:
        new.func.id = name  # type: ignore[union-attr]
    return new


def _other_dim(value: int) -> int:
    return {0: 1, 1: 0, -1: 0, 2: 1, -2: -1}.get(value, 0)


def wrong_dim(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """softmax/sum/argmax… over another dimension."""
    if _call_name(node) not in REDUCTIONS:
        return None
    assert isinstance(node, ast.Call)
    for i, kw in enumerate(node.keywords):
        if kw.arg in {"dim", "axis"} and isinstance(kw.value, ast.Constant) \
                and isinstance(kw.value.value, int):
            new = copy.deepcopy(node)
            new.keywords[i].value = ast.Constant(_other_dim(kw.value.value))
            return new
    is_method = isinstance(node.func, ast.Attribute) and not (
        isinstance(node.func.value, ast.Name) and node.func.value.id in {"torch", "F", "np"})
    position = 0 if is_method else 1
    if len(node.args) > position and isinstance(node.args[position], ast.Constant) \
            and isinstance(node.args[position].value, int):
        new = copy.deepcopy(node)
        new.args[position] = ast.Constant(_other_dim(node.args[position].value))
        return new
    return None


def sum_mean(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """`sum` instead of `mean`, and the reverse."""
    name = _call_name(node)
    if name in {"sum", "mean"}:
        return _renamed(node, "mean" if name == "sum" else "sum")  # type: ignore[arg-type]
    return None


def argmax_argmin(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """argmax ↔ argmin, max ↔ min."""
    swap = {"argmax": "argmin", "argmin": "argmax", "max": "min", "min": "max",
            "amax": "amin", "amin": "amax"}
    name = _call_name(node)
    return _renamed(node, swap[name]) if name in swap else None  # type: ignore[arg-type]


def drop_term(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """`a + b` → `a`: a missing bias, ε, skip connection or regularisation term."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return copy.deepcopy(node.left)
    return None


def sign(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """`a − b` ↔ `a + b`, and a dropped unary minus."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        return ast.BinOp(copy.deepcopy(node.left), ast.Add(), copy.deepcopy(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return copy.deepcopy(node.operand)
    return None


def mult_div(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """`a * b` ↔ `a / b` (a scale applied the wrong way)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div):
        op = ast.Div() if isinstance(node.op, ast.Mult) else ast.Mult()
        return ast.BinOp(copy.deepcopy(node.left), op, copy.deepcopy(node.right))
    return None


def transpose(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A transposition dropped: `W.T` → `W`, `x.t()`/`x.transpose(a, b)` → `x`."""
    if isinstance(node, ast.Attribute) and node.attr in {"T", "mT"} \
            and isinstance(node.ctx, ast.Load):
        return copy.deepcopy(node.value)
    if _call_name(node) in {"t", "transpose"} and isinstance(node, ast.Call) \
            and isinstance(node.func, ast.Attribute) and not (
                isinstance(node.func.value, ast.Name) and node.func.value.id == "torch"):
        return copy.deepcopy(node.func.value)
    return None


def permute_order(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Wrong reshape/permute order: the last two permute axes or the first two sizes swapped."""
    name = _call_name(node)
    if name in {"permute", "reshape", "view"} and isinstance(node, ast.Call) \
            and len(node.args) >= 2:
        new = copy.deepcopy(node)
        if name == "permute":
            new.args[-1], new.args[-2] = new.args[-2], new.args[-1]
        else:
            new.args[0], new.args[1] = new.args[1], new.args[0]
        return new
    return None


def no_sqrt(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A square root forgotten (√d_k, standard deviations, norms)."""
    if _call_name(node) == "sqrt" and isinstance(node, ast.Call):
        if node.args:
            return copy.deepcopy(node.args[0])
        if isinstance(node.func, ast.Attribute):
            return copy.deepcopy(node.func.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) \
            and isinstance(node.right, ast.Constant) and node.right.value in (0.5, -0.5):
        return copy.deepcopy(node.left) if node.right.value == 0.5 else ast.BinOp(
            ast.Constant(1.0), ast.Div(), copy.deepcopy(node.left))
    return None


def activation(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """An activation left out: `relu(x)` → `x`, `nn.ReLU()` → `nn.Identity()`."""
    name = _call_name(node)
    if name in ACTIVATIONS and isinstance(node, ast.Call):
        if node.args:
            return copy.deepcopy(node.args[0])
        if isinstance(node.func, ast.Attribute):
            return copy.deepcopy(node.func.value)
    if name in MODULE_ACTIVATIONS and isinstance(node, ast.Call):
        new = _renamed(node, "Identity")
        new.args, new.keywords = [], []
        return new
    return None


def detach(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """`detach()` cutting the graph: what a `forward` returns no longer carries gradients."""
    inside_forward = any(isinstance(p, ast.FunctionDef) and p.name == "forward" for p in parents)
    if isinstance(node, ast.Return) and node.value is not None and inside_forward:
        value = ast.Call(ast.Attribute(copy.deepcopy(node.value), "detach", ast.Load()), [], [])
        return ast.Return(value)
    return None


def train_eval(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Train/eval mix-ups: `.eval()` ↔ `.train()`, `self.training` negated."""
    name = _call_name(node)
    if name in {"eval", "train"} and isinstance(node, ast.Call) \
            and isinstance(node.func, ast.Attribute) and not node.args:
        return _renamed(node, "train" if name == "eval" else "eval")
    if isinstance(node, ast.Attribute) and node.attr == "training" \
            and isinstance(node.ctx, ast.Load):
        return ast.UnaryOp(ast.Not(), copy.deepcopy(node))
    return None


def drop_statement(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """An in-place update forgotten (`x -= …`, `running += …`) or `zero_grad()` left out."""
    if isinstance(node, ast.AugAssign):
        return ast.Pass()
    if isinstance(node, ast.Expr) and _call_name(node.value) == "zero_grad":
        return ast.Pass()
    return None


def off_by_one(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Off by one: `range(n)` → `range(n − 1)`, stride/padding/dilation/kernel_size + 1."""
    if _call_name(node) == "range" and isinstance(node, ast.Call) and node.args:
        new = copy.deepcopy(node)
        stop = 0 if len(node.args) == 1 else 1
        new.args[stop] = ast.BinOp(new.args[stop], ast.Sub(), ast.Constant(1))
        return new
    if isinstance(node, ast.keyword) and node.arg in SHAPE_KEYWORDS \
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, int):
        return ast.keyword(node.arg, ast.Constant(node.value.value + 1))
    return None


def compare(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A comparison reversed (`>` ↔ `<`, `>=` ↔ `<=`)."""
    swap = {ast.Gt: ast.Lt, ast.Lt: ast.Gt, ast.GtE: ast.LtE, ast.LtE: ast.GtE}
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in swap:
        new = copy.deepcopy(node)
        new.ops = [swap[type(node.ops[0])]()]
        return new
    return None


def constant(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A numeric factor changed inside arithmetic: 2 → 1, 1 → 2, 0.5 → 1, c → 10c."""
    if not (isinstance(node, ast.Constant) and type(node.value) in (int, float)
            and parents and isinstance(parents[-1], ast.BinOp)):
        return None
    value = node.value
    new = {2: 1, 1: 2, 0.5: 1.0}.get(value, value * 10 if value else None)
    return None if new is None or new == value else ast.Constant(new)


def variance_bias(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Biased vs unbiased variance: `unbiased`/`correction` toggled, or added to `var`/`std`."""
    name = _call_name(node)
    if name not in {"var", "std", "var_mean", "std_mean"} or not isinstance(node, ast.Call):
        return None
    new = copy.deepcopy(node)
    for kw in new.keywords:
        if kw.arg == "unbiased" and isinstance(kw.value, ast.Constant):
            kw.value = ast.Constant(not kw.value.value)
            return new
        if kw.arg == "correction" and isinstance(kw.value, ast.Constant):
            kw.value = ast.Constant(0 if kw.value.value else 1)
            return new
    new.keywords.append(ast.keyword("correction", ast.Constant(0)))
    return new


def mask(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A mask forgotten: `x.masked_fill(m, v)` → `x`, `torch.where(m, a, b)` → `a`."""
    name = _call_name(node)
    if name == "masked_fill" and isinstance(node, ast.Call) \
            and isinstance(node.func, ast.Attribute):
        return copy.deepcopy(node.func.value)
    if name == "where" and isinstance(node, ast.Call) and len(node.args) == 3:
        return copy.deepcopy(node.args[1])
    return None


def data_split(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Training on the test split: `train=True` ↔ `train=False`, "train" ↔ "test"."""
    if isinstance(node, ast.keyword) and node.arg == "train" \
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, bool):
        return ast.keyword("train", ast.Constant(not node.value.value))
    if isinstance(node, ast.Constant) and node.value in {"train", "test"} \
            and parents and isinstance(parents[-1], ast.Call):
        return ast.Constant("test" if node.value == "train" else "train")
    return None


FLOAT64 = {"float64", "double"}
POOLINGS = {"max_pool2d": "avg_pool2d", "avg_pool2d": "max_pool2d", "max_pool1d": "avg_pool1d",
            "avg_pool1d": "max_pool1d", "MaxPool2d": "AvgPool2d", "AvgPool2d": "MaxPool2d",
            "adaptive_avg_pool2d": "adaptive_max_pool2d",
            "adaptive_max_pool2d": "adaptive_avg_pool2d",
            "AdaptiveAvgPool2d": "AdaptiveMaxPool2d", "AdaptiveMaxPool2d": "AdaptiveAvgPool2d",
            "mean": "amax", "amax": "mean"}


def _float32() -> ast.Attribute:
    return ast.Attribute(ast.Name("torch", ast.Load()), "float32", ast.Load())


def float32(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Computed in float32: `dtype=…` → `dtype=torch.float32`, `.double()` → `.float()`,
    `.to(torch.float64)` → `.to(torch.float32)`."""
    if isinstance(node, ast.keyword) and node.arg == "dtype" \
            and not (isinstance(node.value, ast.Attribute) and node.value.attr == "float32"):
        return ast.keyword("dtype", _float32())
    if _call_name(node) == "double" and isinstance(node, ast.Call) and not node.args:
        return _renamed(node, "float")
    if _call_name(node) == "to" and isinstance(node, ast.Call) and node.args \
            and isinstance(node.args[0], ast.Attribute) and node.args[0].attr in FLOAT64:
        new = copy.deepcopy(node)
        new.args[0] = _float32()
        return new
    return None


def clone(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A copy left out, so the argument is changed in place: `x.clone()` → `x`,
    `copy.deepcopy(x)` → `x`, `d.copy()` → `d`."""
    name = _call_name(node)
    if name in {"clone", "copy"} and isinstance(node, ast.Call) \
            and isinstance(node.func, ast.Attribute) and not node.args:
        return copy.deepcopy(node.func.value)
    if name == "deepcopy" and isinstance(node, ast.Call) and len(node.args) == 1:
        return copy.deepcopy(node.args[0])
    return None


def generator(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """The imposed generator ignored: `generator=g` dropped from a draw."""
    if isinstance(node, ast.Call) and any(k.arg == "generator" for k in node.keywords):
        new = copy.deepcopy(node)
        new.keywords = [k for k in new.keywords if k.arg != "generator"]
        return new
    return None


def randint_bound(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """The exclusive upper bound of `randint` taken as inclusive: `randint(a, n, …)` →
    `randint(a, n − 1, …)` (the last value is never drawn)."""
    if _call_name(node) != "randint" or not isinstance(node, ast.Call):
        return None
    new = copy.deepcopy(node)
    high = next((k for k in new.keywords if k.arg == "high"), None)
    if high is not None:
        high.value = ast.BinOp(high.value, ast.Sub(), ast.Constant(1))
        return new
    if len(new.args) >= 2:
        low_given = len(new.args) >= 3 or any(k.arg == "size" for k in new.keywords) \
            or isinstance(new.args[1], ast.Constant)
        at = 1 if low_given else 0
        new.args[at] = ast.BinOp(new.args[at], ast.Sub(), ast.Constant(1))
        return new
    return None


def _batch_size(node: ast.AST) -> bool:
    """`len(x)`, `x.size(0)`, `x.shape[0]`."""
    if _call_name(node) == "len":
        return True
    if _call_name(node) == "size" and isinstance(node, ast.Call) and node.args \
            and isinstance(node.args[0], ast.Constant) and node.args[0].value == 0:
        return True
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) \
        and node.value.attr == "shape" and isinstance(node.slice, ast.Constant) \
        and node.slice.value == 0


def batch_mean(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A mean per batch instead of per example: `loss * len(x)` → `loss` (so the last, smaller
    batch weighs as much as the others), `reduction="sum"` → `reduction="mean"`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        if _batch_size(node.right):
            return copy.deepcopy(node.left)
        if _batch_size(node.left):
            return copy.deepcopy(node.right)
    if isinstance(node, ast.keyword) and node.arg == "reduction" \
            and isinstance(node.value, ast.Constant) and node.value.value == "sum":
        return ast.keyword("reduction", ast.Constant("mean"))
    return None


def strict_compare(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Ties broken the other way: `>` ↔ `>=`, `<` ↔ `<=`."""
    swap = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt}
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in swap:
        new = copy.deepcopy(node)
        new.ops = [swap[type(node.ops[0])]()]
        return new
    return None


def pooling(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Another pooling: max ↔ average (functional, modules, adaptive), token mean ↔ max."""
    name = _call_name(node)
    if name not in POOLINGS or not isinstance(node, ast.Call):
        return None
    if name in {"mean", "amax"} and not (node.args or any(k.arg == "dim" for k in node.keywords)):
        return None  # a mean over everything is a statistic, not a pooling
    return _renamed(node, POOLINGS[name])


def no_scale(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Scores left unscaled: `s / math.sqrt(d)` → `s`, `s * d ** -0.5` → `s`."""
    if not isinstance(node, ast.BinOp):
        return None
    if isinstance(node.op, ast.Div) and (_call_name(node.right) == "sqrt" or _power(node.right,
                                                                                   0.5)):
        return copy.deepcopy(node.left)
    if isinstance(node.op, ast.Mult):
        for kept, factor in ((node.left, node.right), (node.right, node.left)):
            if _power(factor, -0.5) or _call_name(factor) == "rsqrt":
                return copy.deepcopy(kept)
    return None


def _number(node: ast.AST) -> int | float | None:
    """The value of a numeric literal, negative ones (`-0.5`) included."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    return None


def _power(node: ast.AST, exponent: float) -> bool:
    """`a ** exponent`."""
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) \
        and _number(node.right) == exponent


def mask_invert(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A mask inverted: `masked_fill(m, v)` → `masked_fill(~m, v)`, `where(m, a, b)` →
    `where(m, b, a)`, `triu` ↔ `tril`."""
    name = _call_name(node)
    if not isinstance(node, ast.Call):
        return None
    if name == "masked_fill" and node.args:
        new = copy.deepcopy(node)
        new.args[0] = ast.UnaryOp(ast.Invert(), new.args[0])
        return new
    if name == "where" and len(node.args) == 3:
        new = copy.deepcopy(node)
        new.args[1], new.args[2] = new.args[2], new.args[1]
        return new
    if name in {"triu", "tril"}:
        return _renamed(node, "tril" if name == "triu" else "triu")
    return None


def state_reset(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """The hidden state not carried: `h = f(x, h)` or `y, h = f(x, h)` → the call without `h`
    (each call starts again from the initial state)."""
    if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
        return None
    targets = {t.id for target in node.targets for t in ast.walk(target)
               if isinstance(t, ast.Name)}
    call = node.value
    args = [a for a in call.args if not (isinstance(a, ast.Name) and a.id in targets)]
    keywords = [k for k in call.keywords
                if not (isinstance(k.value, ast.Name) and k.value.id in targets)]
    if len(args) == len(call.args) and len(keywords) == len(call.keywords):
        return None
    return ast.Assign(copy.deepcopy(node.targets),
                      ast.Call(copy.deepcopy(call.func), copy.deepcopy(args),
                               copy.deepcopy(keywords)))


def time_axis(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """Time and batch axes swapped: `x[t]` ↔ `x[:, t]` for a loop variable `t`,
    `batch_first` toggled."""
    if isinstance(node, ast.keyword) and node.arg == "batch_first" \
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, bool):
        return ast.keyword("batch_first", ast.Constant(not node.value.value))
    if not (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load)):
        return None
    loops = [p.target for p in parents if isinstance(p, ast.For)] + [
        g.target for p in parents if isinstance(p, ast.ListComp | ast.GeneratorExp | ast.SetComp
                                                | ast.DictComp) for g in p.generators]
    loop_names = {t.id for target in loops for t in ast.walk(target) if isinstance(t, ast.Name)}
    index = node.slice
    if isinstance(index, ast.Name) and index.id in loop_names:
        new = copy.deepcopy(node)
        new.slice = ast.Tuple([ast.Slice(), copy.deepcopy(index)], ast.Load())
        return new
    if isinstance(index, ast.Tuple) and len(index.elts) == 2 \
            and isinstance(index.elts[0], ast.Slice) and index.elts[0].lower is None \
            and index.elts[0].upper is None and isinstance(index.elts[1], ast.Name) \
            and index.elts[1].id in loop_names:
        new = copy.deepcopy(node)
        new.slice = copy.deepcopy(index.elts[1])
        return new
    return None


def slice_shift(node: ast.AST, parents: list[ast.AST]) -> ast.AST | None:
    """A slice's end one step further: `s[i:i + w]` → `s[i:i + w + 1]` (the next value, a
    target, leaks into the window), `s[:-1]` → `s[:]`."""
    if not (isinstance(node, ast.Slice) and node.upper is not None):
        return None
    value = _number(node.upper)
    new = copy.deepcopy(node)
    if isinstance(value, int) and value < 0:
        new.upper = None if value == -1 else ast.Constant(value + 1)
    elif isinstance(value, int):
        new.upper = ast.Constant(value + 1)
    else:
        new.upper = ast.BinOp(copy.deepcopy(node.upper), ast.Add(), ast.Constant(1))
    return new


OPERATORS: tuple[Operator, ...] = (
    Operator("wrong_dim", "reduction or softmax over the wrong dimension", wrong_dim),
    Operator("sum_mean", "sum instead of mean, or the reverse", sum_mean),
    Operator("argmax_argmin", "argmax/max swapped with argmin/min", argmax_argmin),
    Operator("drop_term", "a + b → a (missing bias, ε, skip or penalty term)", drop_term),
    Operator("sign", "sign error", sign),
    Operator("mult_div", "multiplication and division swapped", mult_div),
    Operator("transpose", "transposition dropped", transpose),
    Operator("permute_order", "wrong permute/reshape order", permute_order),
    Operator("no_sqrt", "square root forgotten", no_sqrt),
    Operator("activation", "activation left out", activation),
    Operator("detach", "detach() cutting the graph in forward", detach),
    Operator("train_eval", "train/eval mode mixed up", train_eval),
    Operator("drop_statement", "in-place update or zero_grad() forgotten", drop_statement),
    Operator("off_by_one", "off by one in range/stride/padding/dilation/kernel/diagonal",
             off_by_one),
    Operator("compare", "comparison reversed", compare),
    Operator("constant", "numeric factor changed", constant),
    Operator("variance_bias", "biased and unbiased variance swapped", variance_bias),
    Operator("mask", "mask forgotten (masked_fill, where)", mask),
    Operator("data_split", "training on the test split", data_split),
    Operator("float32", "computed in float32 (dtype not kept)", float32),
    Operator("clone", "copy left out (argument changed in place)", clone),
    Operator("generator", "imposed generator dropped from a draw", generator),
    Operator("randint_bound", "randint's exclusive upper bound minus one", randint_bound),
    Operator("batch_mean", "mean per batch instead of per example", batch_mean),
    Operator("strict_compare", "tie broken the other way (> ↔ >=)", strict_compare),
    Operator("pooling", "pooling changed (max ↔ average)", pooling),
    Operator("no_scale", "scores left unscaled (÷√d_k forgotten)", no_scale),
    Operator("mask_invert", "mask inverted (~m, where's branches, triu ↔ tril)", mask_invert),
    Operator("state_reset", "hidden state not carried from one call to the next", state_reset),
    Operator("time_axis", "time and batch axes swapped", time_axis),
    Operator("slice_shift", "slice end one step further (look-ahead leak)", slice_shift),
)


def _with_parents(tree: ast.AST) -> list[tuple[ast.AST, list[ast.AST]]]:
    """Every node in a fixed (depth-first, source) order with its ancestors."""
    out: list[tuple[ast.AST, list[ast.AST]]] = []

    def walk(node: ast.AST, parents: list[ast.AST]) -> None:
        out.append((node, parents))
        for child in ast.iter_child_nodes(node):
            walk(child, [*parents, node])

    walk(tree, [])
    return out


def _in_docstring_or_print(node: ast.AST, parents: list[ast.AST]) -> bool:
    return any(_call_name(p) == "print" or isinstance(p, ast.JoinedStr) for p in parents)


def sites(tree: ast.AST, op: Operator) -> list[tuple[ast.AST, list[ast.AST]]]:
    return [(n, ps) for n, ps in _with_parents(tree)
            if not _in_docstring_or_print(n, ps) and op.replace(n, ps) is not None]


@dataclass(frozen=True)
class Mutation:
    operator: str
    index: int
    function: str
    line: int
    before: str
    after: str
    source: str


def mutations(source: str, op: Operator) -> list[Mutation]:
    """Every single-site application of `op` to `source`, as new source text."""
    original = ast.parse(source)
    baseline = ast.unparse(original)
    found = []
    for index in range(len(sites(original, op))):
        tree = ast.parse(source)
        node, parents = sites(tree, op)[index]
        replacement = op.replace(node, parents)
        assert replacement is not None
        _substitute(parents[-1], node, replacement)
        mutated = ast.unparse(ast.fix_missing_locations(tree))
        if mutated == baseline:
            continue
        function = next((p.name for p in reversed(parents)
                         if isinstance(p, ast.FunctionDef | ast.ClassDef)), "<module>")
        found.append(Mutation(op.name, index, function, getattr(node, "lineno", 0),
                              _short(node), _short(replacement), mutated))
    return found


def _substitute(parent: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for field, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, field, new)
            return
        if isinstance(value, list) and any(v is old for v in value):
            value[[i for i, v in enumerate(value) if v is old][0]] = new
            return
    raise ValueError("node not found under its parent")


def _short(node: ast.AST) -> str:
    text = " ".join(ast.unparse(node).split()) if not isinstance(node, ast.keyword) else \
        f"{node.arg}={ast.unparse(node.value)}"
    return text if len(text) <= 80 else text[:79] + "…"
