import math

import torch
import torch.nn.functional as F


def tirer_indices(N, B, graine):
    rng = torch.Generator().manual_seed(graine)
    indices = torch.randint(high=N, size=(B,), generator=rng)
    assert indices.dtype == torch.long
    return indices


def gradient_minibatch(G, indices):
    # how many times each example was drawn, divided by B: the weights of the estimator
    frequences = F.one_hot(indices, num_classes=G.shape[0]).to(G.dtype).mean(dim=0)
    return frequences @ G


def variance_empirique(G, B, n_tirages, graine):
    rng = torch.Generator().manual_seed(graine)
    N = G.shape[0]
    tirages = torch.randint(N, (n_tirages, B), generator=rng)
    g_bar = G.sum(dim=0) / N
    estimations = G[tirages].mean(dim=1)
    ecarts = estimations - g_bar
    normes2 = torch.einsum("td,td->t", ecarts, ecarts)
    return normes2.mean().item()


def taille_batch_requise(sigma2, epsilon):
    sigma = math.sqrt(sigma2)
    B = 1
    while sigma / math.sqrt(B) > epsilon:
        B += 1
    return B
