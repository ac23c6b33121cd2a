import numpy as np
import torch
import torch.nn.functional as F


def seuillage_doux(v, seuil):
    # l'opérateur proximal de τ|·| existe déjà : softshrink (zéros exacts pour |v| ≤ τ)
    return F.softshrink(v, lambd=seuil)


def gradient_lisse(theta, X, y, lam, alpha):
    residu = F.linear(X, theta) - y          # Xθ − y
    terme_donnees = (X * residu[:, None]).mean(dim=0)   # Xᵀ(Xθ − y)/n, colonne par colonne
    return terme_donnees + lam * (1 - alpha) * theta


def pas_proximal(theta, X, y, lam, alpha, eta):
    nouveau = theta - eta * gradient_lisse(theta, X, y, lam, alpha)
    return seuillage_doux(nouveau, eta * lam * alpha)


@torch.no_grad()
def _mise_a_jour(theta, lam, alpha, eta):
    theta.grad += lam * (1 - alpha) * theta
    theta -= eta * theta.grad
    theta.copy_(seuillage_doux(theta, eta * lam * alpha))


def entrainer_elastic_net(X, y, lam, alpha, eta, n_iter):
    assert X.dtype == torch.float64 and y.dtype == torch.float64
    n, p = X.shape
    theta = torch.zeros(p, dtype=torch.float64, requires_grad=True)
    for _ in range(n_iter):
        perte = 0.5 * torch.mean((X @ theta - y) ** 2)
        perte.backward()
        _mise_a_jour(theta, lam, alpha, eta)
        theta.grad.zero_()
    resultat = theta.detach()
    assert resultat.shape == (p,)
    return resultat


def support(theta):
    return np.flatnonzero(theta.detach().cpu().numpy()).tolist()


def comparer_penalites(X, y, lam, alpha_en, eta, n_iter):
    resultats = {}
    for nom, a in (("L1", 1.0), ("L2", 0.0), ("ElasticNet", alpha_en)):
        theta = entrainer_elastic_net(X, y, lam, a, eta, n_iter)
        print(f"{nom} (α = {a}) : {len(support(theta))} coefficients non nuls")
        resultats[nom] = theta
    return resultats
