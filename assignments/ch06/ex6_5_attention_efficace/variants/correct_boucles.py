import torch
import torch.nn.functional as F


def attention_exacte(Q, K, V):
    d_k = Q.size(-1)
    weights = F.softmax(torch.matmul(Q, K.transpose(-1, -2)) * d_k ** -0.5, dim=-1)
    return torch.matmul(weights, V)


def noyau_elu(x):
    return F.elu(x, alpha=1.0) + 1.0


def attention_lineaire(Q, K, V):
    """State S = Σ_j φ(k_j) v_jᵀ through broadcast outer products of shape (..., n, d_k, d_v)."""
    fq = noyau_elu(Q)
    fk = noyau_elu(K)
    S = (fk.unsqueeze(-1) * V.unsqueeze(-2)).sum(dim=-3)  # (..., d_k, d_v)
    z = fk.sum(dim=-2)  # (..., d_k)
    numerator = (fq.unsqueeze(-1) * S.unsqueeze(-3)).sum(dim=-2)  # (..., n, d_v)
    denominator = (fq * z.unsqueeze(-2)).sum(dim=-1, keepdim=True)
    return numerator / denominator


def _one_query(q, keys, values):
    """Attention of one query (..., 1, d_k) over a few keys (..., m, d_k)."""
    scores = torch.matmul(q, keys.transpose(-1, -2)) / keys.size(-1) ** 0.5
    return torch.matmul(torch.softmax(scores, dim=-1), values)


def attention_locale(Q, K, V, w):
    """Query by query: the keys max(0, i − w) … min(n − 1, i + w)."""
    n = Q.size(-2)
    rows = []
    for i in range(n):
        lo, hi = max(0, i - w), min(n, i + w + 1)
        rows.append(_one_query(Q[..., i:i + 1, :], K[..., lo:hi, :], V[..., lo:hi, :]))
    return torch.cat(rows, dim=-2)


def _update(stats, scores, values):
    """One step of the online softmax: stats = (running max, running sum, accumulator)."""
    m, l, o = stats
    m_new = torch.maximum(m, torch.amax(scores, dim=-1, keepdim=True))
    p = torch.exp(scores - m_new)
    c = torch.exp(m - m_new)
    return m_new, c * l + torch.sum(p, dim=-1, keepdim=True), c * o + torch.matmul(p, values)


def attention_par_blocs(Q, K, V, taille_bloc):
    scale = 1.0 / Q.size(-1) ** 0.5
    k_blocks = torch.split(K, taille_bloc, dim=-2)
    v_blocks = torch.split(V, taille_bloc, dim=-2)
    outputs = []
    for q in torch.split(Q, taille_bloc, dim=-2):
        stats = (torch.full_like(q[..., :1], float("-inf")), torch.zeros_like(q[..., :1]),
                 torch.zeros(q.shape[:-1] + (V.size(-1),), dtype=q.dtype))
        for k, v in zip(k_blocks, v_blocks, strict=True):
            stats = _update(stats, torch.matmul(q, k.transpose(-1, -2)) * scale, v)
        outputs.append(stats[2] / stats[1])
    return torch.cat(outputs, dim=-2)
