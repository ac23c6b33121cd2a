import torch
from torch import nn


def creer_mlp(profondeur, largeur):
    couches = [nn.Flatten()]
    entree = 784
    for _ in range(profondeur - 1):
        couches += [nn.Linear(entree, largeur), nn.ReLU()]
        entree = largeur
    couches.append(nn.Linear(entree, 10))
    return nn.Sequential(*couches)


def table_parametres(profondeurs, largeurs):
    return torch.tensor([[sum(p.numel() for p in creer_mlp(d, w).parameters())
                          for w in largeurs] for d in profondeurs])


def grille_ablation(fabrique, profondeurs, largeurs, entrainer):
    res = torch.zeros(len(profondeurs), len(largeurs))
    for i, d in enumerate(profondeurs):
        for j, w in enumerate(largeurs):
            res[i, j] = entrainer(fabrique(d, w))
    return res


def meilleure_configuration(precisions, profondeurs, largeurs):
    t = torch.as_tensor(precisions)
    i, j = divmod(int(t.argmax()), t.shape[1])
    return profondeurs[i], largeurs[j], float(t[i, j])


def normaliser(precisions):
    t = torch.as_tensor(precisions, dtype=torch.float64)
    if t.max() == t.min():
        return torch.zeros_like(t)
    return (t - t.min()) / (t.max() - t.min())
