import math

import torch


def tirer_indices(N, B, graine):
    g = torch.Generator().manual_seed(graine)
    return torch.randint(0, N, (B,), generator=g)


def gradient_minibatch(G, indices):
    return G[indices].mean(dim=0)


def variance_empirique(G, B, n_tirages, graine):
    g = torch.Generator().manual_seed(graine)
    idx = torch.randint(0, G.shape[0], (n_tirages, B), generator=g)
    g_chapeau = G[idx].mean(dim=1)
    # moyenne des écarts quadratiques sur toutes les coordonnées
    return float(((g_chapeau - G.mean(dim=0)) ** 2).mean())


def taille_batch_requise(sigma2, epsilon):
    return max(1, math.ceil(sigma2 / epsilon ** 2))
