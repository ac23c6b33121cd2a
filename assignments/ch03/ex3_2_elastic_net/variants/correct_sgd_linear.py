import torch
from torch import nn


def seuillage_doux(v, seuil):
    return v - torch.clamp(v, -seuil, seuil)


def pas_proximal(theta, X, y, lam, alpha, eta):
    residu = torch.einsum("ij,j->i", X, theta) - y
    grad = torch.einsum("ij,i->j", X, residu) / len(y)
    v = (1 - eta * lam * (1 - alpha)) * theta - eta * grad
    return seuillage_doux(v, eta * lam * alpha)


def entrainer_elastic_net(X, y, lam, alpha, eta, n_iter):
    modele = nn.Linear(X.shape[1], 1, bias=False).double()
    with torch.no_grad():
        modele.weight.zero_()
    opt = torch.optim.SGD(modele.parameters(), lr=eta)
    for _ in range(n_iter):
        opt.zero_grad()
        perte = nn.functional.mse_loss(modele(X).squeeze(1), y) / 2
        perte.backward()
        for w in modele.parameters():
            w.grad.add_(w.detach(), alpha=lam * (1 - alpha))
        opt.step()
        with torch.no_grad():
            for w in modele.parameters():
                w.copy_(seuillage_doux(w, eta * lam * alpha))
    return modele.weight.detach().reshape(-1).clone()


def support(theta):
    indices = []
    for i, valeur in enumerate(theta.tolist()):
        if valeur != 0.0:
            indices.append(i)
    return indices


def comparer_penalites(X, y, lam, alpha_en, eta, n_iter):
    resultats = {}
    for nom, alpha in [("ElasticNet", alpha_en), ("L2", 0.0), ("L1", 1.0)]:
        resultats[nom] = entrainer_elastic_net(X, y, lam, alpha, eta, n_iter)
    return resultats
