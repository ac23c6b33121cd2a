import math

import torch


def tirer_indices(N, B, graine):
    g = torch.Generator().manual_seed(graine)
    return torch.randint(N, (B,), generator=g)


def gradient_minibatch(G, indices):
    return G[indices].sum(0)


def variance_empirique(G, B, n_tirages, graine):
    g = torch.Generator().manual_seed(graine)
    g_barre = G.mean(0)
    total = 0.0
    for _ in range(n_tirages):
        idx = torch.randint(G.shape[0], (B,), generator=g)
        total += float(((gradient_minibatch(G, idx) - g_barre) ** 2).sum())
    return total / n_tirages


def taille_batch_requise(sigma2, epsilon):
    return max(1, math.ceil(sigma2 / epsilon ** 2))
