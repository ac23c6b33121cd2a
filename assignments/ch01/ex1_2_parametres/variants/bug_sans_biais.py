import torch
from torch import nn


def nombre_parametres(largeurs):
    total = 0
    for i in range(len(largeurs) - 1):
        total += largeurs[i] * largeurs[i + 1]
    return total


def construire_mlp(largeurs):
    couches = []
    for i in range(len(largeurs) - 1):
        couches.append(nn.Linear(largeurs[i], largeurs[i + 1]))
        if i < len(largeurs) - 2:
            couches.append(nn.ReLU())
    return nn.Sequential(*couches)


n_profond = nombre_parametres([1024, 512, 256, 128, 10])
n_large = nombre_parametres([1024, 2048, 10])


def largeur_equivalente(n_entree, n_sortie, budget):
    h = round((budget - n_sortie) / (n_entree + 1 + n_sortie))
    return max(1, h)


_ = torch.zeros(1)
