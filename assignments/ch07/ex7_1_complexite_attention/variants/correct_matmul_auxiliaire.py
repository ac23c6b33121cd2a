import math

import torch
import torch.nn.functional as F


def attention(Q, K, V):
    Q = Q / math.sqrt(K.shape[1])
    scores = torch.matmul(Q, K.transpose(0, 1))
    P = F.softmax(scores, dim=1)
    return torch.matmul(P, V)


def flops_produit(m, k, p):
    """FLOPs d'un produit (m × k) par (k × p) : k multiplications et k additions par
    coefficient."""
    return int(2 * m * k * p)


def flops_attention(n, d_k, d_v):
    scores = flops_produit(n, d_k, n)
    sortie = flops_produit(n, n, d_v)
    return scores + sortie
