import math

import torch


def regles(param, n, n0, d):
    fan_in = {"W1": d, "W2": n, "W3": n}
    m = n / n0 if param == "mup" else 1.0
    out = {}
    for nom, fi in fan_in.items():
        entree = nom == "W1"
        sortie = nom == "W3"
        var = 1.0 / fi
        if sortie:
            var = var / m
        out[nom] = {"var": var, "lr": 1.0 if entree else 1.0 / m}
    return out


def init_mlp(d, n, c, param, n0, graine):
    gen = torch.Generator()
    gen.manual_seed(graine)
    r = regles(param, n, n0, d)
    formes = {"W1": (n, d), "W2": (n, n), "W3": (c, n)}
    params = {}
    for nom in ("W1", "W2", "W3"):
        std = r[nom]["var"] ** 0.5
        params[nom] = torch.normal(0.0, std, size=formes[nom], generator=gen)
        params["b" + nom[1]] = torch.zeros(formes[nom][0])
    return params


def mlp(params, X):
    h = X
    for k in (1, 2, 3):
        h = torch.addmm(params[f"b{k}"], h, params[f"W{k}"].t())
        if k < 3:
            h = h.clamp_min(0)
    return h


def _perte(params, X, y):
    logits = mlp(params, X)
    return (torch.logsumexp(logits, 1) - logits[torch.arange(len(y)), y]).mean()


def entrainer(params, lrs, X, y, pas, beta1=0.9, beta2=0.999, eps=1e-8):
    p = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    m = {k: torch.zeros_like(v) for k, v in p.items()}
    v2 = {k: torch.zeros_like(v) for k, v in p.items()}
    pertes = []
    for t in range(1, pas + 1):
        perte = _perte(p, X, y)
        pertes.append(float(perte.detach()))
        grads = torch.autograd.grad(perte, list(p.values()))
        with torch.no_grad():
            for (k, w), g in zip(p.items(), grads, strict=True):
                m[k].mul_(beta1).add_(g, alpha=1 - beta1)
                v2[k].mul_(beta2).addcmul_(g, g, value=1 - beta2)
                m_hat = m[k] / (1 - beta1 ** t)
                v_hat = v2[k] / (1 - beta2 ** t)
                w -= lrs[k] * m_hat / (v_hat.sqrt() + eps)
    with torch.no_grad():
        pertes.append(float(_perte(p, X, y)))
    return {k: w.detach() for k, w in p.items()}, pertes


def balayage_lr(param, n, grille, X, y, c, pas, n0, graine):
    d = X.shape[1]
    mult = {k: v["lr"] for k, v in regles(param, n, n0, d).items()}
    resultats = []
    for lr in grille:
        lrs = {k: lr * mult.get(k, 1.0) for k in ("W1", "b1", "W2", "b2", "W3", "b3")}
        _, pertes = entrainer(init_mlp(d, n, c, param, n0, graine), lrs, X, y, pas)
        finale = pertes[-1]
        resultats.append(finale if not math.isnan(finale) else math.inf)
    meilleure = min(resultats)
    return grille[resultats.index(meilleure)], resultats
