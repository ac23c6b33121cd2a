import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call

NOMS_MODULE = {"W1": "0.weight", "b1": "0.bias", "W2": "2.weight", "b2": "2.bias",
               "W3": "4.weight", "b3": "4.bias"}

MULTIPLICATEURS = {
    # layer: (variance(n, m, d), lr multiplier(m))
    "sp": {"W1": (lambda n, m, d: 1 / d, lambda m: 1.0),
           "W2": (lambda n, m, d: 1 / n, lambda m: 1.0),
           "W3": (lambda n, m, d: 1 / n, lambda m: 1.0)},
    "mup": {"W1": (lambda n, m, d: 1 / d, lambda m: 1.0),
            "W2": (lambda n, m, d: 1 / n, lambda m: 1 / m),
            "W3": (lambda n, m, d: 1 / (n * m), lambda m: 1 / m)},
}


def regles(param, n, n0, d):
    table = MULTIPLICATEURS[param]
    m = n / n0
    return {w: {"var": var(n, m, d), "lr": lr(m)} for w, (var, lr) in table.items()}


def init_mlp(d, n, c, param, n0, graine):
    gen = torch.Generator().manual_seed(graine)
    rules = regles(param, n, n0, d)
    shapes = {"W1": (n, d), "W2": (n, n), "W3": (c, n)}
    params = {}
    for name, shape in shapes.items():
        std = math.sqrt(rules[name]["var"])
        params[name] = torch.empty(shape).normal_(mean=0.0, std=std, generator=gen)
        params[name.replace("W", "b")] = torch.zeros(shape[0])
    return params


def mlp(params, X):
    n, d = params["W1"].shape
    c = params["W3"].shape[0]
    squelette = nn.Sequential(nn.Linear(d, n), nn.ReLU(), nn.Linear(n, n), nn.ReLU(),
                              nn.Linear(n, c)).to("meta")
    return functional_call(squelette, {NOMS_MODULE[k]: v for k, v in params.items()}, (X,))


def entrainer(params, lrs, X, y, pas):
    weights = {k: nn.Parameter(v.detach().clone()) for k, v in params.items()}
    groups = [{"params": [w], "lr": lrs[k]} for k, w in weights.items()]
    optimizer = torch.optim.AdamW(groups, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    pertes = []
    for _ in range(pas):
        optimizer.zero_grad(set_to_none=True)
        loss = F.nll_loss(F.log_softmax(mlp(weights, X), dim=1), y)
        loss.backward()
        pertes.append(loss.item())
        optimizer.step()
    with torch.no_grad():
        pertes.append(F.cross_entropy(mlp(weights, X), y).item())
    return {k: w.detach() for k, w in weights.items()}, pertes


def balayage_lr(param, n, grille, X, y, c, pas, n0, graine):
    d = X.shape[1]
    r = regles(param, n, n0, d)
    depart = init_mlp(d, n, c, param, n0, graine)
    finales = []
    for eta in grille:
        lrs = {k: eta * r[k]["lr"] if k.startswith("W") else eta for k in depart}
        _, pertes = entrainer(depart, lrs, X, y, pas)
        finales.append(pertes[-1])
    finales = np.nan_to_num(np.array(finales, dtype=np.float64), nan=np.inf, posinf=np.inf)
    return grille[int(np.argmin(finales))], [float(v) for v in finales]
