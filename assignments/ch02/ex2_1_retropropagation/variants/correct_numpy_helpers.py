import numpy as np
import torch


def dimensions(n0, n1, n2, n3, N):
    n = {0: n0, 1: n1, 2: n2, 3: n3}
    d = {"L/h3": (N, n3)}
    for l in range(1, 4):
        precedent = "x" if l == 1 else f"h{l - 1}"
        d[f"z{l}/{precedent}"] = (n[l], n[l - 1])
        d[f"h{l}/z{l}"] = (n[l], n[l])
        d[f"z{l}/W{l}"] = (n[l], n[l], n[l - 1])
    d.update({f"delta{l}": (N, n[l]) for l in range(1, 4)})
    d.update({f"W{l}": (n[l], n[l - 1]) for l in range(1, 4)})
    d.update({f"b{l}": (n[l],) for l in range(1, 4)})
    return d


def vers_numpy(t):
    return t.detach().cpu().numpy()


def vers_torch(a, modele):
    return torch.as_tensor(a, dtype=modele.dtype, device=modele.device)


def _avant_numpy(Xn, P):
    couches = {}
    h = Xn
    for l in range(1, 4):
        z = h @ P[f"W{l}"].T + P[f"b{l}"]
        h = np.tanh(z)
        couches[f"z{l}"] = z
        couches[f"h{l}"] = h
    return couches


def propagation_avant(X, params):
    P = {k: vers_numpy(v) for k, v in params.items()}
    couches = _avant_numpy(vers_numpy(X), P)
    return {k: vers_torch(v, X) for k, v in couches.items()}


def perte(H3, Y):
    ecart = vers_numpy(H3) - vers_numpy(Y)
    return vers_torch(np.mean(ecart * ecart), H3)


def derivee_tanh_depuis_h(h):
    return 1.0 - h * h


def _deltas_numpy(Xn, Yn, P):
    couches = _avant_numpy(Xn, P)
    dL_dh = 2.0 * (couches["h3"] - Yn) / Yn.size
    deltas = {}
    l = 3
    while l >= 1:
        deltas[l] = dL_dh * derivee_tanh_depuis_h(couches[f"h{l}"])
        dL_dh = deltas[l] @ P[f"W{l}"]
        l -= 1
    return couches, deltas


def signaux_erreur(X, Y, params):
    P = {k: vers_numpy(v) for k, v in params.items()}
    _, deltas = _deltas_numpy(vers_numpy(X), vers_numpy(Y), P)
    return {f"delta{l}": vers_torch(deltas[l], X) for l in (1, 2, 3)}


def gradients(X, Y, params):
    P = {k: vers_numpy(v) for k, v in params.items()}
    Xn = vers_numpy(X)
    couches, deltas = _deltas_numpy(Xn, vers_numpy(Y), P)
    entrees = [Xn, couches["h1"], couches["h2"]]
    grads = {}
    for l in (1, 2, 3):
        grads[f"W{l}"] = vers_torch(np.dot(deltas[l].T, entrees[l - 1]), X)
        grads[f"b{l}"] = vers_torch(np.sum(deltas[l], axis=0), X)
    return grads
