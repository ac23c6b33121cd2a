from torch import nn


def nombre_parametres(largeurs):
    # biais compté avec la largeur d'entrée de chaque couche
    return sum(a * b + a for a, b in zip(largeurs, largeurs[1:], strict=False))


def construire_mlp(largeurs):
    couches = []
    for i in range(len(largeurs) - 1):
        if i > 0:
            couches.append(nn.ReLU())
        couches.append(nn.Linear(largeurs[i], largeurs[i + 1]))
    return nn.Sequential(*couches)


n_profond = nombre_parametres([1024, 512, 256, 128, 10])
n_large = nombre_parametres([1024, 2048, 10])


def largeur_equivalente(n_entree, n_sortie, budget):
    return max(1, round((budget - n_sortie) / (n_entree + 1 + n_sortie)))
