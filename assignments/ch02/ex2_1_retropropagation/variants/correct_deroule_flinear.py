import torch
import torch.nn.functional as F


def dimensions(n0, n1, n2, n3, N):
    # shapes read off dummy tensors (torch.Size is a tuple of ints)
    def shape(*dims):
        return torch.empty(*dims).shape

    return {
        "z1/x": shape(n1, n0), "z2/h1": shape(n2, n1), "z3/h2": shape(n3, n2),
        "h1/z1": shape(n1, n1), "h2/z2": shape(n2, n2), "h3/z3": shape(n3, n3),
        "z1/W1": shape(n1, n1, n0), "z2/W2": shape(n2, n2, n1), "z3/W3": shape(n3, n3, n2),
        "L/h3": shape(N, n3),
        "delta1": shape(N, n1), "delta2": shape(N, n2), "delta3": shape(N, n3),
        "W1": shape(n1, n0), "b1": shape(n1),
        "W2": shape(n2, n1), "b2": shape(n2),
        "W3": shape(n3, n2), "b3": shape(n3),
    }


def propagation_avant(X, params):
    z1 = F.linear(X, params["W1"], params["b1"])
    h1 = torch.tanh(z1)
    z2 = F.linear(h1, weight=params["W2"], bias=params["b2"])
    h2 = torch.tanh(z2)
    z3 = F.linear(h2, weight=params["W3"], bias=params["b3"])
    h3 = torch.tanh(z3)
    return dict(z1=z1, h1=h1, z2=z2, h2=h2, z3=z3, h3=h3)


def perte(H3, Y):
    return F.mse_loss(H3, Y)


def signaux_erreur(X, Y, params):
    fwd = propagation_avant(X, params)
    grad = 2.0 * (fwd["h3"] - Y) / Y.numel()  # dL/dH3
    delta3 = grad * (1.0 - torch.tanh(fwd["z3"]) ** 2)
    delta2 = torch.matmul(delta3, params["W3"]) * (1.0 - torch.tanh(fwd["z2"]) ** 2)
    delta1 = torch.matmul(delta2, params["W2"]) * (1.0 - torch.tanh(fwd["z1"]) ** 2)
    return {"delta3": delta3, "delta2": delta2, "delta1": delta1}


def gradients(X, Y, params):
    fwd = propagation_avant(X, params)
    d = signaux_erreur(X, Y, params)
    inputs = {1: X, 2: fwd["h1"], 3: fwd["h2"]}
    out = {}
    for l in (3, 2, 1):
        out[f"W{l}"] = torch.einsum("nk,nj->kj", d[f"delta{l}"], inputs[l])
        out[f"b{l}"] = torch.einsum("nk->k", d[f"delta{l}"])
    print("gradients computed for", sorted(out))
    return out
