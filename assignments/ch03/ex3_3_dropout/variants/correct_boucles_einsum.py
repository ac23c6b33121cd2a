import torch


def dropout_inverse(x, p, entrainement=True, generateur=None):
    """Dropout inversé avec le tirage imposé de l'énoncé."""
    if entrainement:
        tirage = torch.rand(size=tuple(x.shape), generator=generateur, dtype=x.dtype,
                            device=x.device)
        conserve = (tirage >= p).type_as(x)
        assert conserve.shape == x.shape
        return x * conserve / (1 - p)
    return x


def poids_test(params, p, p_entree=0.0):
    nouveaux = {}
    for cle, valeur in params.items():
        if cle[0] == "W":
            probabilite_conservation = (1 - p_entree) if int(cle[1:]) == 1 else (1 - p)
            nouveaux[cle] = torch.mul(valeur, probabilite_conservation)
        else:
            nouveaux[cle] = valeur.detach().clone()
    return nouveaux


def couche(h, W, b):
    return torch.einsum("ni,oi->no", h, W) + b


def propagation(params, x, p, entrainement=False, generateur=None):
    L = max(int(cle[1:]) for cle in params if cle.startswith("W"))
    activations = x
    for ell in range(1, L):
        activations = couche(activations, params[f"W{ell}"], params[f"b{ell}"]).clamp(min=0)
        activations = dropout_inverse(activations, p, entrainement, generateur)
    return couche(activations, params[f"W{L}"], params[f"b{L}"])


def mc_dropout(params, x, p, T, graine, mc=True):
    assert T >= 2
    generateur = torch.Generator().manual_seed(graine)
    predictions = [propagation(params, x, p, mc, generateur) for _ in range(T)]
    somme = predictions[0].clone()
    for y in predictions[1:]:
        somme = somme + y
    moyenne = somme / T
    ecarts = torch.zeros_like(moyenne)
    for y in predictions:
        ecarts = ecarts + (y - moyenne) ** 2
    variance = ecarts / (T - 1)
    print(f"MC-Dropout : {T} passes, variance moyenne {float(variance.mean()):.4g}")
    return moyenne, variance
