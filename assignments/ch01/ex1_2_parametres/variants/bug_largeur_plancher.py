from torch import nn


def nombre_parametres(largeurs):
    return sum(a * b + b for a, b in zip(largeurs[:-1], largeurs[1:], strict=True))


def construire_mlp(largeurs):
    couches = []
    for a, b in zip(largeurs[:-1], largeurs[1:], strict=True):
        couches += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*couches[:-1])


n_profond = nombre_parametres([1024, 512, 256, 128, 10])
n_large = nombre_parametres([1024, 2048, 10])


def largeur_equivalente(n_entree, n_sortie, budget):
    # oublie les poids et biais de la couche de sortie, arrondit par défaut
    return int(budget / (n_entree + 1))
