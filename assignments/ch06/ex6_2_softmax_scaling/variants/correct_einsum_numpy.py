import math

import numpy as np
import torch


def scores(n, d_k, generateur, echelle=False):
    # queries and keys drawn in one tensor: paires[:, 0] are the queries, paires[:, 1] the keys
    paires = torch.randn(n, 2, d_k, generator=generateur, dtype=torch.float64)
    s = torch.einsum("nd,nd->n", paires[:, 0], paires[:, 1])
    return s / d_k**0.5 if echelle else s


def variance_empirique(x):
    valeurs = np.asarray(x.detach().cpu(), dtype=np.float64)
    return float(np.var(valeurs, ddof=1))


def variances_scores(dims, n, generateur, echelle=False):
    resultat = torch.empty(len(dims), dtype=torch.float64)
    for i, d in enumerate(dims):
        resultat[i] = variance_empirique(scores(n, d, generateur, echelle=echelle))
    return resultat


def pente_proportionnelle(dims, variances):
    d = np.asarray(dims, dtype=np.float64)[:, None]
    v = np.asarray(variances, dtype=np.float64)
    solution, *_ = np.linalg.lstsq(d, v, rcond=None)
    return float(solution[0])


def entropie_softmax(z):
    # H = Σ p_i (logsumexp(z) − z_i), with p_i = exp(z_i − logsumexp(z))
    lse = torch.logsumexp(z, dim=-1, keepdim=True)
    p = torch.exp(z - lse)
    return (p * (lse - z)).sum(dim=-1)


def jacobienne_softmax(z):
    p = torch.softmax(z, dim=-1)
    eye = torch.eye(z.shape[-1], dtype=z.dtype)
    return p[..., :, None] * (eye - p[..., None, :])


def norme_gradient(d_k, m, n_tirages, generateur, echelle=False):
    normes = []
    for _ in range(n_tirages):
        q = torch.randn(d_k, generator=generateur, dtype=torch.float64)
        cles = torch.randn(m, d_k, generator=generateur, dtype=torch.float64)
        z = cles @ q
        if echelle:
            z = z / math.sqrt(d_k)
        J = jacobienne_softmax(z)
        normes.append(torch.sqrt((J**2).sum()))
    return torch.stack(normes).mean().item()
