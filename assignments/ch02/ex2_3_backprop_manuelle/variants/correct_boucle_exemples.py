"""Passe arrière exemple par exemple (boucle Python, produits extérieurs torch.outer, gradients
accumulés puis divisés par N une seule fois), perte ligne par ligne, différences finies en
place sur np.ndindex avec restauration exacte, prints et assertions de l'élève."""
import numpy as np
import torch


def propagation_avant(X, params):
    z1 = torch.matmul(X, params["W1"].T) + params["b1"]
    z2 = torch.matmul(torch.relu(z1), params["W2"].T) + params["b2"]
    return torch.matmul(torch.relu(z2), params["W3"].T) + params["b3"]


def perte_entropie_croisee(logits, y):
    total = 0.0
    for ligne, classe in zip(logits, y.tolist(), strict=True):
        m = ligne.max()
        log_somme = m + torch.log(torch.exp(ligne - m).sum())
        total = total + (log_somme - ligne[classe])
    return total / len(y)


def retropropagation(X, y, params):
    W1, W2, W3 = params["W1"], params["W2"], params["W3"]
    grads = {k: torch.zeros_like(v) for k, v in params.items()}
    n = X.shape[0]
    for i in range(n):
        x = X[i]
        z1 = W1 @ x + params["b1"]
        h1 = torch.relu(z1)
        z2 = W2 @ h1 + params["b2"]
        h2 = torch.relu(z2)
        z3 = W3 @ h2 + params["b3"]
        p = torch.softmax(z3, dim=0)
        d3 = p.clone()
        d3[int(y[i])] -= 1.0
        d2 = (W3.T @ d3) * (z2 > 0).to(z2.dtype)
        d1 = (W2.T @ d2) * (z1 > 0).to(z1.dtype)
        for k, d, entree in ((3, d3, h2), (2, d2, h1), (1, d1, x)):
            grads[f"W{k}"] += torch.outer(d, entree)
            grads[f"b{k}"] += d
    for k in grads:
        grads[k] /= n
    assert all(grads[k].shape == params[k].shape for k in params)
    return grads


def gradient_numerique(f, w, eps=1e-6):
    resultat = torch.zeros_like(w)
    for idx in np.ndindex(*w.shape):
        sauvegarde = w[idx].item()
        w[idx] = sauvegarde + eps
        haut = float(f(w))
        w[idx] = sauvegarde - eps
        bas = float(f(w))
        w[idx] = sauvegarde
        resultat[idx] = (haut - bas) / (2 * eps)
    return resultat


def erreur_relative(a, b):
    ecart = (a - b).abs().max().item()
    echelle = (a.abs() + b.abs()).max().item()
    return ecart / max(echelle, 1e-10)


print("variante : rétropropagation exemple par exemple")
