"""Appelle `fabrique` et `entrainer` par mots-clés, avec les noms de paramètres de l'énoncé
(`fabrique(profondeur=…, largeur=…)`, `entrainer(modele=…)`) : c'est correct."""
import itertools

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class MLP(nn.Module):
    def __init__(self, profondeur, largeur):
        super().__init__()
        tailles = [28 * 28] + [largeur] * profondeur
        paires = zip(tailles[:-1], tailles[1:], strict=True)
        self.cachees = nn.ModuleList(nn.Linear(a, b) for a, b in paires)
        self.sortie = nn.Linear(tailles[-1], 10)

    def forward(self, x):
        h = x.reshape(x.shape[0], -1)
        for couche in self.cachees:
            h = F.relu(couche(h))
        return self.sortie(h)


def creer_mlp(profondeur, largeur):
    return MLP(profondeur, largeur)


def table_parametres(profondeurs, largeurs):
    n = np.array(largeurs, dtype=np.int64)[None, :]
    L = np.array(profondeurs, dtype=np.int64)[:, None]
    return torch.from_numpy(785 * n + (L - 1) * n * (n + 1) + 10 * n + 10)


def grille_ablation(fabrique, profondeurs, largeurs, entrainer):
    valeurs = [entrainer(modele=fabrique(profondeur=p, largeur=w))
               for p, w in itertools.product(profondeurs, largeurs)]
    return np.array(valeurs, dtype=np.float64).reshape(len(profondeurs), len(largeurs))


def meilleure_configuration(precisions, profondeurs, largeurs):
    t = torch.as_tensor(np.asarray(precisions))
    i, j = (t == t.max()).nonzero()[0].tolist()
    return profondeurs[i], largeurs[j], t[i, j].item()


def normaliser(precisions):
    a = np.asarray(precisions, dtype=np.float64)
    etendue = np.ptp(a)
    return np.zeros_like(a) if etendue == 0 else (a - a.min()) / etendue
