"""Variante correcte dont les variables locales s'appellent `dropout` et `Dropout` (masque,
produit, alias de dropout_inverse) : ce ne sont pas F.dropout ni nn.Dropout, elle doit avoir
tous les points."""
import torch
import torch.nn.functional as F


def dropout_inverse(x, p, entrainement=True, generateur=None):
    if not entrainement:
        return x
    dropout = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device) >= p
    Dropout = x * dropout
    return Dropout / (1 - p)


def poids_test(params, p, p_entree=0.0):
    facteurs = {"W1": 1 - p_entree}
    return {k: (v * facteurs.get(k, 1 - p) if k.startswith("W") else v.clone())
            for k, v in params.items()}


def propagation(params, x, p, entrainement=False, generateur=None):
    couches = sorted(int(k[1:]) for k in params if k.startswith("W"))
    h = x
    for i in couches[:-1]:
        z = F.linear(h, params[f"W{i}"], params[f"b{i}"])
        dropout = dropout_inverse  # un alias local, pas F.dropout
        h = F.relu(dropout(z, p, entrainement, generateur))  # ReLU et masque commutent
    last = couches[-1]
    return F.linear(h, params[f"W{last}"], params[f"b{last}"])


def mc_dropout(params, x, p, T, graine, mc=True):
    gen = torch.Generator().manual_seed(graine)
    moyenne, m2 = None, None
    for t in range(1, T + 1):  # algorithme de Welford
        y = propagation(params, x, p, entrainement=mc, generateur=gen)
        if moyenne is None:
            moyenne, m2 = y.clone(), torch.zeros_like(y)
            continue
        delta = y - moyenne
        moyenne = moyenne + delta / t
        m2 = m2 + delta * (y - moyenne)
    return moyenne, m2 / (T - 1)
