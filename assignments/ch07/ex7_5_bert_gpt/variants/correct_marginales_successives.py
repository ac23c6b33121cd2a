import itertools
import math

import numpy as np
import torch


def conditionnelle_ar(p, prefixe):
    loi = p
    while loi.dim() > len(prefixe) + 1:
        loi = loi.sum(-1)  # dernière position sommée
    for valeur in prefixe:
        loi = loi[valeur]
    return loi / loi.sum()


def log_vraisemblance_ar(p, x):
    probas = np.array([conditionnelle_ar(p, tuple(x[:i]))[x[i]].item() for i in range(len(x))])
    return float(np.log(probas).sum())


def conditionnelle_mlm(p, x, positions):
    loi = p
    for j in reversed(range(p.dim())):  # du dernier axe au premier : les indices restent valides
        if j not in positions:
            loi = loi.index_select(j, torch.tensor([x[j]])).squeeze(j)
    return loi / loi.sum()


def objectif_mlm_exact(p, x, k):
    pertes = []
    for M in itertools.combinations(range(len(x)), k):
        loi = conditionnelle_mlm(p, x, M).numpy()
        perte = 0.0
        for axe, i in enumerate(M):
            marginale = np.sum(loi, axis=tuple(a for a in range(k) if a != axe))
            perte -= math.log(marginale[x[i]])
        pertes.append(perte)
    return float(np.mean(pertes))


def pseudo_log_vraisemblance(p, x):
    return -len(x) * objectif_mlm_exact(p, x, 1)
