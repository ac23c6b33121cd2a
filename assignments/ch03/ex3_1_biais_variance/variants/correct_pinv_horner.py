import math

import numpy as np
import torch


def f_vraie(x):
    return torch.sin(math.pi * x)


def generer_donnees(N, sigma, graine):
    gen = torch.Generator()
    gen.manual_seed(graine)
    x = -1.0 + 2.0 * torch.arange(N, dtype=torch.float64) / (N - 1)
    eps = torch.empty(N, dtype=torch.float64).normal_(generator=gen)
    y = torch.sin(math.pi * x) + sigma * eps
    return x, y


def ajuster_polynome(x, y, d):
    Phi = torch.vander(x, N=d + 1, increasing=True)
    return torch.linalg.pinv(Phi) @ y


def predire(theta, x):
    out = torch.zeros_like(x)
    for c in reversed(theta.tolist()):
        out = out * x + c
    return out


def decomposition(predictions, f_eval, sigma):
    K, M = predictions.shape
    P = predictions.numpy()
    f = f_eval.numpy()
    b2 = var = tot = 0.0
    for m in range(M):
        colonne = P[:, m]
        moyenne = colonne.sum() / K
        b2 += (moyenne - f[m]) ** 2
        var += np.var(colonne)
        tot += np.mean((colonne - f[m]) ** 2)
    return float(b2 / M), float(var / M), float(tot / M + sigma * sigma)


def simuler(degres, K, N, sigma, x_eval, graine):
    jeux = [generer_donnees(N, sigma, graine + k) for k in range(K)]
    sortie = {}
    for d in degres:
        P = torch.empty(K, len(x_eval), dtype=torch.float64)
        for k, (x, y) in enumerate(jeux):
            P[k] = predire(ajuster_polynome(x, y, d), x_eval)
        sortie[int(d)] = decomposition(P, f_vraie(x_eval), sigma)
    return sortie


def meilleur_degre(resultats):
    degres = sorted(resultats)
    totales = [resultats[d][2] for d in degres]
    return degres[int(np.argmin(totales))]
