import torch


def dropout(x, conserve, p):
    """Mon aide : applique un masque de conservation et divise par 1 − p (pas F.dropout)."""
    return x * conserve / (1 - p)


def dropout_inverse(x, p, entrainement=True, generateur=None):
    if not entrainement:
        return x
    u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device)
    return dropout(x, (u >= p).to(x.dtype), p)


def poids_test(params, p, p_entree=0.0):
    L = len([k for k in params if k.startswith("W")])
    nouveaux = {}
    for ell in range(1, L + 1):
        nouveaux[f"W{ell}"] = (1 - (p_entree if ell == 1 else p)) * params[f"W{ell}"]
        nouveaux[f"b{ell}"] = params[f"b{ell}"].clone()
    return nouveaux


def couche_cachee(h, W, b, p, entrainement, generateur):
    return dropout_inverse(torch.relu(h @ W.T + b), p, entrainement, generateur)


def propagation(params, x, p, entrainement=False, generateur=None):
    L = len([k for k in params if k.startswith("W")])
    h = x
    for ell in range(1, L):
        h = couche_cachee(h, params[f"W{ell}"], params[f"b{ell}"], p, entrainement, generateur)
    return h @ params[f"W{L}"].T + params[f"b{L}"]


def mc_dropout(params, x, p, T, graine, mc=True):
    g = torch.Generator().manual_seed(graine)
    sorties = torch.stack([propagation(params, x, p, mc, g) for _ in range(T)])
    return sorties.mean(dim=0), sorties.var(dim=0)
