import math

import torch
import torch.nn.functional as F


def regles(param, n, n0, d):
    if param == "mup":
        m = n / n0
        return {
            "W1": {"var": 1 / d, "lr": 1.0},
            "W2": {"var": 1 / n, "lr": 1 / m},
            "W3": {"var": 1 / (n * m), "lr": 1 / m},
        }
    return {
        "W1": {"var": 1 / d, "lr": 1.0},
        "W2": {"var": 1 / n, "lr": 1.0},
        "W3": {"var": 1 / n, "lr": 1.0},
    }


def init_mlp(d, n, c, param, n0, graine):
    torch.manual_seed(graine)
    r = regles(param, n, n0, d)
    return {
        "W1": torch.randn(n, d) * math.sqrt(r["W1"]["var"]),
        "b1": torch.zeros(n),
        "W2": torch.randn(n, n) * math.sqrt(r["W2"]["var"]),
        "b2": torch.zeros(n),
        "W3": torch.randn(c, n) * math.sqrt(r["W3"]["var"]),
        "b3": torch.zeros(c),
    }


def mlp(params, X):
    h1 = torch.relu(X @ params["W1"].T + params["b1"])
    h2 = torch.relu(h1 @ params["W2"].T + params["b2"])
    return h2 @ params["W3"].T + params["b3"]


def entrainer(params, lrs, X, y, pas):
    p = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    groupes = [{"params": [p[k]], "lr": lrs[k]} for k in p]
    opt = torch.optim.Adam(groupes)
    pertes = []
    for _ in range(pas):
        opt.zero_grad()
        perte = F.cross_entropy(mlp(p, X), y)
        pertes.append(perte.item())
        perte.backward()
        opt.step()
    pertes.append(F.cross_entropy(mlp(p, X), y).item())
    return {k: v.detach() for k, v in p.items()}, pertes


def balayage_lr(param, n, grille, X, y, c, pas, n0, graine):
    r = regles(param, n, n0, X.shape[1])
    finales = []
    for lr in grille:
        params = init_mlp(X.shape[1], n, c, param, n0, graine)
        lrs = {"b1": lr, "b2": lr, "b3": lr}
        for k in ("W1", "W2", "W3"):
            lrs[k] = lr * r[k]["lr"]
        _, pertes = entrainer(params, lrs, X, y, pas)
        finales.append(pertes[-1] if math.isfinite(pertes[-1]) else math.inf)
    i = int(torch.tensor(finales).argmin())
    return i, finales
