import math

import torch
from torch import nn


def _etat_apres(modele, x, k):
    """(h_k, c_k) pour un LSTM, h_k sinon, de forme (1, H), sans graphe."""
    H = modele.hidden_size
    with torch.no_grad():
        if k > 0:
            return modele(x[:k])[1]
        zero = torch.zeros(1, H, dtype=x.dtype)
        return (zero, zero.clone()) if isinstance(modele, nn.LSTM) else zero


def jacobienne_etats(modele, x, t, k):
    etat = _etat_apres(modele, x, k)
    est_lstm = isinstance(modele, nn.LSTM)
    h_k = (etat[0] if est_lstm else etat).clone().requires_grad_(True)
    if t == k:
        return torch.eye(modele.hidden_size, dtype=x.dtype)
    etat = (h_k, etat[1]) if est_lstm else h_k
    # pas à pas : un appel du module par instant
    for j in range(k, t):
        _, etat = modele(x[j:j + 1], etat)
    h_t = (etat[0] if est_lstm else etat)[0]
    lignes = []
    for i in range(h_t.shape[0]):
        (g,) = torch.autograd.grad(h_t[i], h_k, retain_graph=True)
        lignes.append(g[0])
    return torch.stack(lignes)


def norme_jacobienne(modele, x, t, k):
    J = jacobienne_etats(modele, x, t, k=k)
    return torch.linalg.svdvals(J)[0].item()


def profil_normes(modele, x, t):
    valeurs = []
    for k in range(t, -1, -1):
        valeurs.append(norme_jacobienne(modele, x, t, k))
    return torch.tensor(valeurs, dtype=torch.float64)


def borne_5_7(modele, x, t, k):
    W = modele.weight_hh_l0.detach()
    U = modele.weight_ih_l0.detach()
    b = (modele.bias_ih_l0 + modele.bias_hh_l0).detach()
    h = torch.zeros(W.shape[0], dtype=x.dtype)
    gamma = 0.0
    for j in range(t):
        z = W @ h + U @ x[j] + b
        h = torch.tanh(z)
        if j >= k:
            gamma = max(gamma, (1 - torch.tanh(z) ** 2).max().item())
    sigma_max = torch.linalg.svdvals(W)[0].item()
    return math.pow(sigma_max * gamma, t - k)


def whh_orthogonale(n, generateur):
    W = torch.empty(n, n, dtype=torch.float64)
    nn.init.orthogonal_(W, generator=generateur)
    return W


def whh_gaussienne(n, gain, generateur):
    return torch.normal(0.0, gain / n ** 0.5, size=(n, n), generator=generateur,
                        dtype=torch.float64)
