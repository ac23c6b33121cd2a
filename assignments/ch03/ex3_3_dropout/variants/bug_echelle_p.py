import torch


def dropout_inverse(x, p, entrainement=True, generateur=None):
    if not entrainement:
        return x
    u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device)
    return x * (u >= p) / p


def poids_test(params, p, p_entree=0.0):
    n = len(params) // 2
    out = {}
    for i in range(1, n + 1):
        out[f"W{i}"] = params[f"W{i}"] * (p_entree if i == 1 else p)
        out[f"b{i}"] = params[f"b{i}"].clone()
    return out


def propagation(params, x, p, entrainement=False, generateur=None):
    n = len(params) // 2
    h = x
    for i in range(1, n):
        h = torch.relu(h @ params[f"W{i}"].T + params[f"b{i}"])
        h = dropout_inverse(h, p, entrainement, generateur)
    return h @ params[f"W{n}"].T + params[f"b{n}"]


def mc_dropout(params, x, p, T, graine, mc=True):
    g = torch.Generator().manual_seed(graine)
    ys = torch.stack([propagation(params, x, p, mc, g) for _ in range(T)])
    return ys.mean(dim=0), ys.var(dim=0)
