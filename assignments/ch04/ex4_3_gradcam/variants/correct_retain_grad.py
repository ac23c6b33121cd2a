import contextlib

import torch
from torch import nn


def filtres_premiere_couche(modele):
    conv = [m for m in modele.modules() if isinstance(m, nn.Conv2d)][0]
    with torch.no_grad():
        w = conv.weight.clone()
    c_s = w.shape[0]
    plat = w.reshape(c_s, -1)
    mini, maxi = torch.aminmax(plat, dim=1)
    etendue = (maxi - mini)[:, None]
    plat = torch.where(etendue > 0, (plat - mini[:, None]) / etendue, torch.zeros_like(plat))
    return plat.reshape(w.shape).movedim(1, -1)


def capturer_activations(modele, x, noms):
    resultats = {}

    def fabrique(nom):
        return lambda module, entree, sortie: resultats.__setitem__(nom, sortie.detach().clone())

    with contextlib.ExitStack() as pile:
        for nom, module in modele.named_modules():
            if nom in noms:
                pile.callback(module.register_forward_hook(fabrique(nom)).remove)
        with torch.no_grad():
            modele(x)
    return resultats


def grad_cam(modele, x, classes, nom_couche):
    modele.eval()
    couche = modele.get_submodule(nom_couche)
    vues = []

    def garder(module, entree, sortie):
        sortie.retain_grad()
        vues.append(sortie)

    poignee = couche.register_forward_hook(garder)
    try:
        logits = modele(x)
    finally:
        poignee.remove()
    A = vues[0]
    choisis = logits[torch.arange(x.shape[0]), classes]
    choisis.sum().backward()
    h, w = A.shape[-2:]
    alpha = A.grad.sum(dim=(2, 3)) / (h * w)
    cartes = torch.einsum("bk,bkij->bij", alpha, A.detach()).clamp_min(0)
    maxi = cartes.amax(dim=(1, 2), keepdim=True)
    return torch.where(maxi > 0, cartes / torch.where(maxi > 0, maxi, 1.0), 0.0)
