import torch


def attention(query, key, value):
    """Scaled dot-product attention, written with einsum and a hand-made softmax."""
    dim_k = key.size(-1)
    scores = torch.einsum("id,jd->ij", query, key) * dim_k ** -0.5
    scores = scores - scores.max(dim=-1, keepdim=True).values
    weights = scores.exp()
    weights = weights / weights.sum(dim=-1, keepdim=True)
    return torch.einsum("ij,jd->id", weights, value)


def flops_attention(seq_len, dim_k, dim_v):
    # two matrix products: (n x d_k)(d_k x n) and (n x n)(n x d_v), 2 m k p each
    return 2 * seq_len**2 * (dim_k + dim_v)
