import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def filtres_premiere_couche(modele):
    conv = next(filter(lambda m: isinstance(m, nn.Conv2d), modele.modules()))
    w = conv.weight.detach().cpu().numpy()
    plat = w.reshape(w.shape[0], -1)
    bas = plat.min(axis=1, keepdims=True)
    etendue = np.ptp(plat, axis=1, keepdims=True)
    norm = np.divide(plat - bas, etendue, out=np.zeros_like(plat), where=etendue > 0)
    return torch.from_numpy(np.ascontiguousarray(norm.reshape(w.shape).transpose(0, 2, 3, 1)))


def capturer_activations(modele, x, noms):
    captured = {}
    handles = []

    def make_hook(name):
        def hook(module, inputs, output):
            captured[name] = output.clone().detach()
        return hook

    try:
        for name, module in modele.named_modules():
            if name in noms:
                handles.append(module.register_forward_hook(make_hook(name)))
        with torch.set_grad_enabled(False):
            modele(x)
    finally:
        while handles:
            handles.pop().remove()
    return captured


def grad_cam(modele, x, classes, nom_couche):
    modele.train(False)
    target = modele.get_submodule(nom_couche)
    store = []
    handle = target.register_forward_hook(lambda module, inputs, output: store.append(output))
    try:
        logits = modele(x)
    finally:
        handle.remove()
    A = store[-1]
    one_hot = F.one_hot(classes, logits.shape[1]).to(logits.dtype)
    (grad,) = torch.autograd.grad(outputs=logits, inputs=A, grad_outputs=one_hot)
    h, w = grad.shape[-2:]
    alpha = grad.sum(dim=(-2, -1)) / (h * w)                 # (B, K)
    cam = torch.einsum("bk,bkhw->bhw", alpha, A).clamp(min=0)
    peak = cam.amax(dim=(-2, -1), keepdim=True)
    safe = torch.where(peak > 0, peak, torch.ones_like(peak))
    return torch.where(peak > 0, cam / safe, torch.zeros_like(cam)).detach()
