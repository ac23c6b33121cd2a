from torch import nn


def nombre_parametres(largeurs):
    return sum(a * b + b for a, b in zip(largeurs[:-1], largeurs[1:], strict=True))


def construire_mlp(largeurs):
    couches = [nn.Linear(a, b) for a, b in zip(largeurs[:-1], largeurs[1:], strict=True)]
    return nn.Sequential(*couches, nn.ReLU())


n_profond = nombre_parametres([1024, 512, 256, 128, 10])
n_large = nombre_parametres([1024, 2048, 10])


def largeur_equivalente(n_entree, n_sortie, budget):
    return max(1, round((budget - n_sortie) / (n_entree + 1 + n_sortie)))
