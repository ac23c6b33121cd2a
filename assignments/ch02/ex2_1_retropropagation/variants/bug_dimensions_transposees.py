import torch


def dimensions(n0, n1, n2, n3, N):
    n = [n0, n1, n2, n3]
    d = {"z1/x": (n0, n1), "L/h3": (N, n3)}
    for l in (1, 2, 3):
        if l > 1:
            d[f"z{l}/h{l - 1}"] = (n[l - 1], n[l])
        d[f"h{l}/z{l}"] = (n[l],)
        d[f"z{l}/W{l}"] = (n[l], n[l - 1])
        d[f"delta{l}"] = (n[l], N)
        d[f"W{l}"] = (n[l], n[l - 1])
        d[f"b{l}"] = (n[l],)
    return d


def propagation_avant(X, params):
    c = {}
    H = X
    for l in (1, 2, 3):
        Z = H @ params[f"W{l}"].T + params[f"b{l}"]
        H = torch.tanh(Z)
        c[f"z{l}"], c[f"h{l}"] = Z, H
    return c


def perte(H3, Y):
    return torch.mean((H3 - Y) ** 2)


def signaux_erreur(X, Y, params):
    c = propagation_avant(X, params)
    g = 2 * (c["h3"] - Y) / Y.numel()
    d3 = g * (1 - c["h3"] ** 2)
    d2 = (d3 @ params["W3"]) * (1 - c["h2"] ** 2)
    d1 = (d2 @ params["W2"]) * (1 - c["h1"] ** 2)
    return {"delta1": d1, "delta2": d2, "delta3": d3}


def gradients(X, Y, params):
    c = propagation_avant(X, params)
    d = signaux_erreur(X, Y, params)
    prev = {1: X, 2: c["h1"], 3: c["h2"]}
    out = {}
    for l in (1, 2, 3):
        out[f"W{l}"] = d[f"delta{l}"].T @ prev[l]
        out[f"b{l}"] = d[f"delta{l}"].sum(0)
    return out
