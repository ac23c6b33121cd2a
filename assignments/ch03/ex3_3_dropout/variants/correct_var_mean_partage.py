import torch
import torch.nn.functional as F


def dropout_inverse(x, p, entrainement=True, generateur=None):
    if entrainement is False:
        return x
    u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device)
    keep = u.ge(p)
    scale = 1.0 / (1.0 - p)
    return torch.mul(x, keep) * scale


def poids_test(params, p, p_entree=0.0):
    new_params = dict(params)  # a new dict; the biases are shared, never modified
    for name, weight in params.items():
        if name == "W1":
            new_params[name] = weight * (1 - p_entree)
        elif name.startswith("W"):
            new_params[name] = weight * (1 - p)
    return new_params


def propagation(params, x, p, entrainement=False, generateur=None):
    layer = 1
    h = x
    while f"W{layer + 1}" in params:
        h = F.relu(F.linear(h, weight=params[f"W{layer}"], bias=params[f"b{layer}"]))
        h = dropout_inverse(h, p=p, entrainement=entrainement, generateur=generateur)
        layer += 1
    return torch.addmm(params[f"b{layer}"], h, params[f"W{layer}"].T)


def mc_dropout(params, x, p, T, graine, mc=True):
    g = torch.Generator().manual_seed(graine)
    outputs = []
    for _ in range(T):
        outputs.append(propagation(params, x, p, entrainement=mc, generateur=g))
    variance, mean = torch.var_mean(torch.stack(outputs, dim=0), dim=0, correction=1)
    return mean, variance
