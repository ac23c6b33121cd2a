import math
from fractions import Fraction

import torch


def entiers_uniformes(N, B, gen):
    # floor(N * U) with U uniform on [0, 1) in float64: uniform on {0, ..., N-1}, with replacement
    u = torch.rand(B, generator=gen, dtype=torch.float64)
    return torch.floor(u * N).to(torch.long).clamp(max=N - 1)


def tirer_indices(N, B, graine):
    gen = torch.Generator()
    gen.manual_seed(graine)
    return entiers_uniformes(N, B, gen)


def gradient_minibatch(G, indices):
    lignes = torch.index_select(G, 0, indices)
    return lignes.sum(dim=0) / indices.numel()


def variance_empirique(G, B, n_tirages, graine):
    gen = torch.Generator()
    gen.manual_seed(graine)
    full_grad = G.mean(0)
    carres = []
    for _ in range(n_tirages):
        g_hat = gradient_minibatch(G, entiers_uniformes(G.shape[0], B, gen))
        carres.append(torch.linalg.vector_norm(g_hat - full_grad) ** 2)
    return torch.stack(carres).mean().item()


def taille_batch_requise(sigma2, epsilon):
    # exact rational arithmetic on the two floats: no rounding at the boundary
    borne = Fraction(sigma2) / Fraction(epsilon) ** 2
    return max(1, math.ceil(borne))
