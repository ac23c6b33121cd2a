from collections import OrderedDict

from torch import nn


def nombre_parametres(largeurs):
    return sum(largeurs[k] * (largeurs[k - 1] + 1) for k in range(1, len(largeurs)))


def construire_mlp(largeurs):
    blocs = OrderedDict()
    L = len(largeurs) - 1
    for k in range(1, L + 1):
        blocs[f"lin{k}"] = nn.Linear(largeurs[k - 1], largeurs[k])
        if k < L:
            blocs[f"relu{k}"] = nn.ReLU()
    return nn.Sequential(blocs)


n_profond = nombre_parametres([1024, 512, 256, 128, 10])
n_large = nombre_parametres([1024, 2048, 10])


def largeur_equivalente(n_entree, n_sortie, budget):
    meilleur, ecart = 1, None
    h = 1
    while True:
        e = nombre_parametres([n_entree, h, n_sortie]) - budget
        if ecart is None or abs(e) < ecart:
            meilleur, ecart = h, abs(e)
        if e > 0:
            return meilleur
        h += 1
