import math

import torch


def tirer_indices(N, B, graine):
    g = torch.Generator().manual_seed(graine)
    return torch.randperm(N, generator=g)[:B]


def gradient_minibatch(G, indices):
    return G[indices].mean(0)


def variance_empirique(G, B, n_tirages, graine):
    g = torch.Generator().manual_seed(graine)
    g_barre = G.mean(0)
    vals = []
    for _ in range(n_tirages):
        idx = torch.randperm(G.shape[0], generator=g)[:B]
        vals.append(((G[idx].mean(0) - g_barre) ** 2).sum())
    return float(torch.stack(vals).mean())


def taille_batch_requise(sigma2, epsilon):
    return max(1, math.ceil(sigma2 / epsilon ** 2))
