import math

import torch


def masque_causal(n, device=None):
    lignes = torch.arange(n, device=device)
    # M[i, j] = True quand la clé j est autorisée pour la requête i (j <= i)
    return lignes[:, None] >= lignes[None, :]


def attention_causale(Q, K, V):
    n, d_k = Q.shape
    poids = Q.new_zeros(n, n)
    for i in range(n):
        scores = torch.matmul(K[: i + 1], Q[i]) / math.sqrt(d_k)
        poids[i, : i + 1] = torch.softmax(scores, dim=0)
    return torch.matmul(poids, V), poids
