import torch
from torch import nn


class AttentionMultiTetes(nn.Module):
    def __init__(self, d_model, n_tetes):
        super().__init__()
        if d_model % n_tetes:
            raise ValueError("d_model must be a multiple of n_tetes")
        self.n_tetes = n_tetes
        self.head_dim = d_model // n_tetes
        self.W_q, self.W_k, self.W_v, self.W_o = (nn.Linear(d_model, d_model) for _ in range(4))

    def split(self, t):
        return t.unflatten(-1, (self.n_tetes, self.head_dim))  # (B, n, h, d_k)

    def forward(self, x, key_padding_mask=None, head_mask=None):
        q, k, v = self.split(self.W_q(x)), self.split(self.W_k(x)), self.split(self.W_v(x))
        scores = torch.einsum("bqhd,bkhd->bhqk", q, k) * self.head_dim ** -0.5
        if key_padding_mask is not None:
            scores = torch.where(key_padding_mask[:, None, None, :],
                                 torch.tensor(float("-inf"), dtype=scores.dtype), scores)
        weights = scores.softmax(dim=-1)
        heads = torch.einsum("bhqk,bkhd->bqhd", weights, v)
        if head_mask is not None:
            heads = heads * head_mask.reshape(-1, 1)
        return self.W_o(heads.flatten(start_dim=2)), weights


def importance_tetes(model, ids, labels):
    def accuracy(mask=None):
        with torch.inference_mode():
            logits = model(ids) if mask is None else model(ids, masque_tetes=mask)
        return logits.argmax(-1).eq(labels).float().mean().item()

    n_heads = model.n_tetes
    full = accuracy()
    return torch.tensor([full - accuracy(torch.ones(n_heads).index_fill(0, torch.tensor(j), 0))
                         for j in range(n_heads)], dtype=torch.float64)


class ClassifieurTexte(nn.Module):
    def __init__(self, taille_vocab, d_model, n_tetes, nb_classes, n_max):
        super().__init__()
        self.plongement = nn.Embedding(taille_vocab, d_model)
        self.positions = nn.Embedding(n_max, d_model)
        self.attention = AttentionMultiTetes(d_model, n_tetes)
        self.sortie = nn.Linear(d_model, nb_classes)
        self.n_tetes = n_tetes

    def forward(self, ids, masque_tetes=None):
        pad = ids.eq(0)
        x = self.plongement(ids) + self.positions.weight[: ids.size(1)]
        out, _ = self.attention(x, key_padding_mask=pad, head_mask=masque_tetes)
        out = out.masked_fill(pad.unsqueeze(-1), 0.0)
        counts = (~pad).sum(dim=1, keepdim=True)
        return self.sortie(out.sum(dim=1) / counts)
