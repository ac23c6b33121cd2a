import math

import torch
import torch.nn.functional as F


def _softmax(scores):
    scores = scores - scores.max(dim=-1, keepdim=True).values
    weights = scores.exp()
    return weights / weights.sum(dim=-1, keepdim=True)


def attention_exacte(Q, K, V):
    """Exact attention with einsum and a hand-written stable softmax."""
    scores = torch.einsum("...id,...jd->...ij", Q, K) / Q.shape[-1] ** 0.5
    return torch.einsum("...ij,...je->...ie", _softmax(scores), V)


def noyau_elu(x):
    # ELU(x) + 1 = x + 1 for x > 0, exp(x) otherwise (clamped so that exp never overflows)
    return torch.where(x > 0, x + 1, torch.exp(torch.clamp(x, max=0)))


def attention_lineaire(Q, K, V):
    fq, fk = noyau_elu(Q), noyau_elu(K)
    state = torch.einsum("...jd,...je->...de", fk, V)
    normaliser = fk.sum(dim=-2)
    numerator = torch.einsum("...id,...de->...ie", fq, state)
    denominator = torch.einsum("...id,...d->...i", fq, normaliser)
    return numerator / denominator.unsqueeze(-1)


def attention_locale(Q, K, V, w):
    """Windows of 2w + 1 keys extracted with unfold from zero-padded copies of K and V."""
    n, size = Q.shape[-2], 2 * w + 1
    k_windows = F.pad(K, (0, 0, w, w)).unfold(-2, size, 1)  # (..., n, d_k, 2w + 1)
    v_windows = F.pad(V, (0, 0, w, w)).unfold(-2, size, 1)  # (..., n, d_v, 2w + 1)
    scores = torch.einsum("...id,...idt->...it", Q, k_windows) / math.sqrt(Q.shape[-1])
    key = torch.arange(n).unsqueeze(1) - w + torch.arange(size).unsqueeze(0)
    valid = (key >= 0) & (key < n)
    scores = torch.where(valid, scores, torch.full_like(scores, float("-inf")))
    return torch.einsum("...it,...iet->...ie", _softmax(scores), v_windows)


def attention_par_blocs(Q, K, V, taille_bloc):
    """Flash Attention v1 loop order: key blocks outside, query blocks inside; running
    statistics kept for the whole sequence and updated slice by slice."""
    n, b = Q.shape[-2], taille_bloc
    scale = Q.shape[-1] ** -0.5
    out = Q.new_zeros(Q.shape[:-1] + (V.shape[-1],))
    row_max = Q.new_full(Q.shape[:-1] + (1,), float("-inf"))
    row_sum = Q.new_zeros(Q.shape[:-1] + (1,))
    for kj in range(0, n, b):
        k_blk, v_blk = K[..., kj:kj + b, :], V[..., kj:kj + b, :]
        for qi in range(0, n, b):
            s = torch.einsum("...id,...jd->...ij", Q[..., qi:qi + b, :], k_blk) * scale
            old_max = row_max[..., qi:qi + b, :]
            new_max = torch.maximum(old_max, s.max(dim=-1, keepdim=True).values)
            p = torch.exp(s - new_max)
            alpha = torch.exp(old_max - new_max)
            row_sum[..., qi:qi + b, :] = alpha * row_sum[..., qi:qi + b, :] \
                + p.sum(dim=-1, keepdim=True)
            out[..., qi:qi + b, :] = alpha * out[..., qi:qi + b, :] + p @ v_blk
            row_max[..., qi:qi + b, :] = new_max
    return out / row_sum
