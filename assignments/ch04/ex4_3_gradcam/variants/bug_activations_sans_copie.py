import torch
from torch import nn


def filtres_premiere_couche(modele):
    for m in modele.modules():
        if isinstance(m, nn.Conv2d):
            w = m.weight.detach()
            break
    mini = w.amin(dim=(1, 2, 3), keepdim=True)
    maxi = w.amax(dim=(1, 2, 3), keepdim=True)
    w = (w - mini) / (maxi - mini).clamp_min(1e-12)
    return w.permute(0, 2, 3, 1)


def capturer_activations(modele, x, noms):
    sorties = {}
    poignees = []
    modules = dict(modele.named_modules())
    for nom in noms:
        def hook(module, entree, sortie, nom=nom):
            sorties[nom] = sortie.detach()
        poignees.append(modules[nom].register_forward_hook(hook))
    try:
        with torch.no_grad():
            modele(x)
    finally:
        for p in poignees:
            p.remove()
    return sorties


def grad_cam(modele, x, classes, nom_couche):
    modele.eval()
    stock = {}
    poignee = dict(modele.named_modules())[nom_couche].register_forward_hook(
        lambda m, e, s: stock.update(A=s))
    try:
        logits = modele(x)
    finally:
        poignee.remove()
    A = stock["A"]
    score = logits[torch.arange(len(classes)), classes].sum()
    grads = torch.autograd.grad(score, A)[0]
    alpha = grads.mean(dim=(2, 3))
    carte = torch.relu((alpha[:, :, None, None] * A).sum(dim=1))
    maxi = carte.flatten(1).max(dim=1).values
    return (carte / maxi.clamp_min(1e-12)[:, None, None]).detach()
