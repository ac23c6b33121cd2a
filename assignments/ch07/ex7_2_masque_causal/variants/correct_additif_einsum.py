import torch


def masque_causal(size, device=None):
    """Additive causal mask (equation 7.15): 0 where j <= i, -inf where j > i."""
    return torch.full((size, size), float("-inf"), device=device).triu(diagonal=1)


def attention_causale(query, key, value):
    size, dim_k = query.shape
    mask = masque_causal(size, device=query.device).to(query.dtype)
    scores = torch.einsum("id,jd->ij", query, key) * dim_k ** -0.5 + mask
    scores = scores - scores.amax(dim=-1, keepdim=True)
    weights = scores.exp()
    weights = weights / weights.sum(dim=-1, keepdim=True)
    return torch.einsum("ij,jd->id", weights, value), weights
