import math
from itertools import pairwise

import numpy as np
import torch
from torch import nn


def nombre_parametres(largeurs):
    n = np.asarray(largeurs, dtype=np.int64)
    poids = n[:-1] * n[1:]
    biais = n[1:]
    return int(poids.sum() + biais.sum())


def construire_mlp(largeurs):
    lineaires = nn.ModuleList(nn.Linear(a, b) for a, b in pairwise(largeurs))
    couches = []
    for k, lin in enumerate(lineaires):
        couches += [lin] if k == len(lineaires) - 1 else [lin, nn.ReLU()]
    return nn.Sequential(*couches)


n_profond = int(nombre_parametres([1024, 512, 256, 128, 10]))
n_large = int(nombre_parametres([1024, 2048, 10]))

x = torch.randn(2, 1024)
print(construire_mlp([1024, 512, 256, 128, 10])(x).shape)


def largeur_equivalente(n_entree, n_sortie, budget):
    def compte(h):
        return nombre_parametres([n_entree, h, n_sortie])

    h_reel = (budget - n_sortie) / (n_entree + n_sortie + 1)
    bas = max(1, math.floor(h_reel))
    haut = max(1, math.ceil(h_reel))
    if abs(compte(haut) - budget) < abs(compte(bas) - budget):
        return haut
    return bas
