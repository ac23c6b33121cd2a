"""Le générateur donné est ignoré : le masque est tiré dans le générateur global de PyTorch,
donc ni reproductible par `generateur` ni indépendant de l'état global."""
import torch
import torch.nn.functional as F


def dropout_inverse(x, p, entrainement=True, generateur=None):
    if not entrainement:
        return x
    u = torch.rand(x.shape, dtype=x.dtype, device=x.device)
    return x * (u >= p).to(x.dtype) / (1 - p)


def poids_test(params, p, p_entree=0.0):
    return {k: (v * ((1 - p_entree) if k == "W1" else (1 - p)) if k.startswith("W")
                else v.clone()) for k, v in params.items()}


def propagation(params, x, p, entrainement=False, generateur=None):
    nb_couches = sum(k.startswith("W") for k in params)
    h = x
    for i in range(1, nb_couches):
        h = dropout_inverse(F.relu(F.linear(h, params[f"W{i}"], params[f"b{i}"])), p,
                            entrainement, generateur)
    return F.linear(h, params[f"W{nb_couches}"], params[f"b{nb_couches}"])


def mc_dropout(params, x, p, T, graine, mc=True):
    gen = torch.Generator().manual_seed(graine)
    sorties = torch.stack([propagation(params, x, p, mc, gen) for _ in range(T)])
    return sorties.mean(dim=0), sorties.var(dim=0, unbiased=True)
