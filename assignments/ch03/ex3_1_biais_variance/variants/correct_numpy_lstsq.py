import math

import numpy as np
import torch


def f_vraie(x):
    return torch.sin(math.pi * x)


def generer_donnees(N, sigma, graine):
    g = torch.Generator()
    g.manual_seed(graine)
    x = torch.from_numpy(np.linspace(-1.0, 1.0, N))  # float64, bornes comprises
    eps = torch.randn((N,), generator=g, dtype=torch.float64)
    return x, f_vraie(x) + sigma * eps


def ajuster_polynome(x, y, d):
    Phi = np.vander(x.numpy(), d + 1, increasing=True)
    theta, *_ = np.linalg.lstsq(Phi, y.numpy(), rcond=None)  # norme minimale si d + 1 > N
    return torch.from_numpy(theta)


def predire(theta, x):
    valeurs = np.polynomial.polynomial.polyval(x.numpy(), theta.numpy())
    return torch.as_tensor(valeurs, dtype=x.dtype)


def decomposition(predictions, f_eval, sigma):
    f_bar = torch.mean(predictions, dim=0)
    biais2 = torch.mean(torch.square(f_bar - f_eval)).item()
    variance = torch.var(predictions, dim=0, correction=0).mean().item()
    erreur = torch.mean(torch.square(f_eval - predictions)).item() + sigma ** 2
    return biais2, variance, erreur


def simuler(degres, K, N, sigma, x_eval, graine):
    jeux = [generer_donnees(N, sigma, graine + k) for k in range(K)]
    f_eval = f_vraie(x_eval)

    def predictions(d):
        return torch.stack([predire(ajuster_polynome(x, y, d), x_eval) for x, y in jeux])

    return {d: decomposition(predictions(d), f_eval, sigma) for d in degres}


def meilleur_degre(resultats):
    return sorted(resultats.items(), key=lambda item: item[1][2])[0][0]
