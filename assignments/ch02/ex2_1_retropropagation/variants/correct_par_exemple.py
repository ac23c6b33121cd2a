import torch


def dimensions(n0, n1, n2, n3, N):
    largeurs = (n0, n1, n2, n3)
    formes = {}
    for l in range(1, 4):
        entree = "x" if l == 1 else f"h{l - 1}"
        formes[f"z{l}/{entree}"] = (largeurs[l], largeurs[l - 1])
        formes[f"h{l}/z{l}"] = (largeurs[l],) * 2
        formes[f"z{l}/W{l}"] = (largeurs[l], largeurs[l], largeurs[l - 1])
    formes["L/h3"] = (N, n3)
    for l in range(1, 4):
        formes[f"delta{l}"] = (N, largeurs[l])
        formes[f"W{l}"] = (largeurs[l], largeurs[l - 1])
        formes[f"b{l}"] = (largeurs[l],)
    return formes


def propagation_avant(X, params):
    # convention colonnes : Z^T = W H^T + b
    sortie = {}
    Ht = X.T
    for l in range(1, 4):
        Zt = torch.einsum("ij,jn->in", params[f"W{l}"], Ht) + params[f"b{l}"][:, None]
        Ht = torch.tanh(Zt)
        sortie[f"z{l}"] = Zt.T
        sortie[f"h{l}"] = Ht.T
    return sortie


def perte(H3, Y):
    return torch.sum((H3 - Y) ** 2) / H3.numel()


def _par_exemple(X, Y, params):
    """δ de chaque exemple avec les jacobiennes explicites (vecteurs colonnes)."""
    N, n3 = Y.shape
    resultats = []
    for i in range(N):
        h = [X[i]]
        for l in range(1, 4):
            h.append(torch.tanh(params[f"W{l}"] @ h[-1] + params[f"b{l}"]))
        g = 2.0 / (N * n3) * (h[3] - Y[i])
        deltas = {}
        for l in (3, 2, 1):
            J = torch.diag(1 - h[l] ** 2)  # ∂h/∂z, (n_l, n_l)
            delta = J.T @ g
            deltas[l] = delta
            g = params[f"W{l}"].T @ delta  # ∂ℓ/∂h^(l-1)
        resultats.append((h, deltas))
    return resultats


def signaux_erreur(X, Y, params):
    res = _par_exemple(X, Y, params)
    return {f"delta{l}": torch.stack([d[l] for _, d in res]) for l in (1, 2, 3)}


def gradients(X, Y, params):
    grads = {k: torch.zeros_like(v) for k, v in params.items()}
    for h, d in _par_exemple(X, Y, params):
        for l in (1, 2, 3):
            grads[f"W{l}"] += torch.einsum("i,j->ij", d[l], h[l - 1])
            grads[f"b{l}"] += d[l]
    return grads
