import functools

import torch
import torch.nn.functional as F
from torch import nn


def filtres_premiere_couche(modele):
    premiere = None
    for module in modele.modules():
        if isinstance(module, nn.Conv2d):
            premiere = module
            break
    w = premiere.weight.data.clone()  # .data : déjà détaché du graphe
    sortie = torch.zeros_like(w)
    for i in range(w.shape[0]):
        filtre = w[i]
        bas, haut = filtre.min(), filtre.max()
        if haut > bas:
            sortie[i] = (filtre - bas) / (haut - bas)
    return sortie.transpose(1, 2).transpose(2, 3)  # (C_s, k_h, k_w, C_e)


def _ranger(dictionnaire, nom, module, entree, sortie):
    dictionnaire[nom] = sortie.detach().clone()


def capturer_activations(modele, x, noms):
    activations = {}
    poignees = {}
    modules = dict(modele.named_modules())
    try:
        for nom in noms:
            crochet = functools.partial(_ranger, activations, nom)
            poignees[nom] = modules[nom].register_forward_hook(crochet)
        with torch.no_grad():
            modele(x)
    finally:
        for poignee in poignees.values():
            poignee.remove()
    return activations


def grad_cam(modele, x, classes, nom_couche):
    modele.eval()
    capture = {}

    def sur_sortie(module, entree, sortie):
        capture["A"] = sortie
        sortie.register_hook(lambda grad: capture.__setitem__("dA", grad))  # hook de tenseur

    poignee = modele.get_submodule(nom_couche).register_forward_hook(sur_sortie)
    try:
        logits = modele(x)
    finally:
        poignee.remove()
    masque = F.one_hot(classes, num_classes=logits.shape[1]).to(logits.dtype)
    (logits * masque).sum().backward()
    A, dA = capture["A"], capture["dA"]
    alpha = F.adaptive_avg_pool2d(dA, 1)                    # (B, K, 1, 1)
    carte = F.relu(torch.sum(alpha * A, dim=1)).detach()
    maxi = carte.flatten(1).max(dim=1).values.view(-1, 1, 1)
    return torch.nan_to_num(carte / maxi, nan=0.0)          # 0 / 0 → 0 pour une carte nulle
