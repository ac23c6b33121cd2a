import math

import torch
import torch.nn.functional as F
from torch import nn


class MLPManuel(nn.Module):
    """Affine layers written by hand with nn.Parameter (same shapes as nn.Linear)."""

    def __init__(self, profondeur, largeur):
        super().__init__()
        dims = [784] + [largeur] * profondeur + [10]
        self.poids = nn.ParameterList()
        self.biais = nn.ParameterList()
        for fan_in, fan_out in zip(dims[:-1], dims[1:], strict=True):
            borne = 1 / math.sqrt(fan_in)
            self.poids.append(nn.Parameter(torch.empty(fan_out, fan_in).uniform_(-borne, borne)))
            self.biais.append(nn.Parameter(torch.empty(fan_out).uniform_(-borne, borne)))

    def forward(self, x):
        h = x.flatten(1)
        derniere = len(self.poids) - 1
        for k, (W, b) in enumerate(zip(self.poids, self.biais, strict=True)):
            h = F.linear(h, W, b)
            if k < derniere:
                h = torch.relu(h)
        return h


def creer_mlp(profondeur, largeur):
    return MLPManuel(profondeur, largeur)


def table_parametres(profondeurs, largeurs):
    L = torch.tensor(profondeurs, dtype=torch.long).unsqueeze(1)
    n = torch.tensor(largeurs, dtype=torch.long).unsqueeze(0)
    return 784 * n + n + (L - 1) * (n * n + n) + 10 * n + 10


def grille_ablation(fabrique, profondeurs, largeurs, entrainer):
    resultats = torch.full((len(profondeurs), len(largeurs)), float("nan"), dtype=torch.float64)
    for i in range(len(profondeurs)):
        for j in range(len(largeurs)):
            modele = fabrique(profondeurs[i], largeurs[j])
            resultats[i][j] = entrainer(modele)
    assert not torch.isnan(resultats).any()
    return resultats


def meilleure_configuration(precisions, profondeurs, largeurs):
    t = torch.as_tensor(precisions)
    cases = [(i, j) for i in range(len(profondeurs)) for j in range(len(largeurs))]
    i, j = max(cases, key=lambda ij: float(t[ij]))  # max keeps the first of equal keys
    return profondeurs[i], largeurs[j], float(t[i, j])


def normaliser(precisions):
    t = torch.as_tensor(precisions, dtype=torch.float64)
    etendue = t.max() - t.min()
    if etendue > 0:
        return (t - t.min()) / etendue
    return torch.zeros_like(t)
