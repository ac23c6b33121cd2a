import math

import torch


def f_vraie(x):
    return torch.sin(math.pi * x)


def generer_donnees(N, sigma, graine):
    g = torch.Generator().manual_seed(graine)
    x = torch.linspace(-1, 1, N, dtype=torch.float64)
    bruit = torch.randn(N, generator=g, dtype=torch.float64)
    return x, f_vraie(x) + sigma * bruit


def ajuster_polynome(x, y, d):
    Phi = torch.stack([x ** j for j in range(d + 1)], dim=1)
    return torch.linalg.lstsq(Phi, y[:, None]).solution[:, 0]


def predire(theta, x):
    return sum(theta[j] * x ** j for j in range(len(theta)))


def decomposition(predictions, f_eval, sigma):
    moy = predictions.mean(0)
    biais2 = ((moy - f_eval) ** 2).mean().item()
    variance = ((predictions - moy) ** 2).mean(0).mean().item()
    totale = ((predictions - f_eval) ** 2).mean().item() + sigma ** 2
    return biais2, variance, totale


def simuler(degres, K, N, sigma, x_eval, graine):
    res = {}
    for d in degres:
        preds = []
        for _k in range(K):
            x, y = generer_donnees(N, sigma, graine)
            preds.append(predire(ajuster_polynome(x, y, d), x_eval))
        res[d] = decomposition(torch.stack(preds), f_vraie(x_eval), sigma)
    return res


def meilleur_degre(resultats):
    return min(resultats, key=lambda d: resultats[d][2])
