import math

import torch
import torch.nn.functional as F


def standard_normal(shape, gen):
    return torch.empty(*shape, dtype=torch.float64).normal_(generator=gen)


def scores(n, d_k, generateur, echelle=False):
    q = standard_normal((n, d_k), generateur)
    k = standard_normal((n, d_k), generateur)
    dots = (q * k).sum(-1)
    if echelle:
        dots = dots * (1.0 / math.sqrt(d_k))
    return dots


def variance_empirique(x):
    values = [float(v) for v in x]
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


def variances_scores(dims, n, generateur, echelle=False):
    out = []
    for d in dims:
        out.append(variance_empirique(scores(n, d, generateur, echelle=echelle)))
    return torch.tensor(out, dtype=torch.float64)


def pente_proportionnelle(dims, variances):
    num, den = 0.0, 0
    for d, v in zip(dims, variances, strict=True):
        num += d * float(v)
        den += d * d
    return num / den


def entropie_softmax(z):
    p = F.softmax(z, dim=-1)
    return -torch.special.xlogy(p, p).sum(-1)


def jacobienne_softmax(z):
    p = F.softmax(z, dim=-1)
    n = p.shape[-1]
    J = -p.unsqueeze(-1) * p.unsqueeze(-2)
    idx = torch.arange(n)
    J[..., idx, idx] += p
    return J


def norme_gradient(d_k, m, n_tirages, generateur, echelle=False):
    total = 0.0
    for _ in range(n_tirages):
        query = standard_normal((d_k,), generateur)
        keys = standard_normal((m, d_k), generateur)
        z = keys @ query
        if echelle:
            z /= math.sqrt(d_k)
        total += torch.linalg.matrix_norm(jacobienne_softmax(z)).item()
    return total / n_tirages
