import math

import torch
import torch.nn.functional as F
from torch import nn


class MultiHeadSelfAttention(nn.Module):
    """Heads by view/transpose; the weights go through an nn.Softmax module, read by hooks."""

    def __init__(self, d_model, n_heads):
        super().__init__()
        self.n_heads = n_heads
        self.head_dim = d_model // n_heads
        self.W_q = nn.Linear(d_model, d_model)
        self.W_k = nn.Linear(d_model, d_model)
        self.W_v = nn.Linear(d_model, d_model)
        self.W_o = nn.Linear(d_model, d_model)
        self.softmax = nn.Softmax(dim=-1)

    def split(self, t):
        batch, length, _ = t.shape
        return t.view(batch, length, self.n_heads, self.head_dim).transpose(1, 2)

    def forward(self, z, padding_mask, head_mask=None):
        batch, length, d_model = z.shape
        q, k, v = self.split(self.W_q(z)), self.split(self.W_k(z)), self.split(self.W_v(z))
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.head_dim)
        scores = scores.masked_fill(padding_mask.unsqueeze(1).unsqueeze(2), float("-inf"))
        heads = torch.matmul(self.softmax(scores), v)
        concat = heads.transpose(1, 2).contiguous().view(batch, length, d_model)
        weight = self.W_o.weight
        if head_mask is not None:  # pruning = the columns of W_o reading the head scaled
            weight = weight * head_mask.to(weight.dtype).repeat_interleave(self.head_dim)
        return F.linear(concat, weight, self.W_o.bias)


class EncoderBlock(nn.Module):
    def __init__(self, d_model, n_heads, d_ff):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadSelfAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ffn = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))

    def forward(self, x, padding_mask, head_mask=None):
        x = x + self.attn(self.ln1(x), padding_mask, head_mask)
        return x + self.ffn(self.ln2(x))


class TransformerTexte(nn.Module):
    def __init__(self, vocab_size, d_model=64, n_heads=8, n_layers=4, d_ff=128, n_classes=3,
                 max_len=64):
        super().__init__()
        self.n_couches, self.n_tetes = n_layers, n_heads
        self.embedding = nn.Embedding(vocab_size, d_model)
        self.positions = nn.Embedding(max_len, d_model)
        self.couches = nn.ModuleList(EncoderBlock(d_model, n_heads, d_ff)
                                     for _ in range(n_layers))
        self.ln_finale = nn.LayerNorm(d_model)
        self.tete = nn.Linear(d_model, n_classes)

    def forward(self, ids, padding_mask, head_mask=None):
        positions = torch.arange(ids.size(1), device=ids.device).unsqueeze(0)
        x = self.embedding(ids) + self.positions(positions)
        for layer, block in enumerate(self.couches):
            x = block(x, padding_mask, None if head_mask is None else head_mask[layer])
        x = self.ln_finale(x)
        keep = (~padding_mask).to(x.dtype)
        pooled = torch.einsum("bld,bl->bd", x, keep) / keep.sum(dim=1, keepdim=True)
        return self.tete(pooled)


def cartes_attention(model, ids, padding_mask, head_mask=None):
    captured = []
    hooks = [block.attn.softmax.register_forward_hook(
        lambda module, inputs, output: captured.append(output.detach()))
        for block in model.couches]
    try:
        with torch.no_grad():
            model(ids, padding_mask, head_mask)
    finally:
        for hook in hooks:
            hook.remove()
    return torch.stack(captured)


def accuracy(model, ids, padding_mask, labels, head_mask=None):
    predictions = model(ids, padding_mask, head_mask).argmax(-1)
    truth = labels.tolist()
    return sum(int(p == truth[i]) for i, p in enumerate(predictions.tolist())) / len(truth)


def impact_elagage(model, ids, padding_mask, labels):
    model.eval()
    shape = (model.n_couches, model.n_tetes)
    with torch.inference_mode():
        full = accuracy(model, ids, padding_mask, labels)
        drops = []
        for flat in range(shape[0] * shape[1]):
            mask = torch.ones(shape[0] * shape[1], dtype=torch.float64)
            mask[flat] = 0
            drops.append(full - accuracy(model, ids, padding_mask, labels, mask.view(shape)))
    return torch.tensor(drops, dtype=torch.float64).view(shape)


def elaguer_moins_utiles(impact, k):
    values = impact.reshape(-1).tolist()
    mask = [1.0] * len(values)
    for index in sorted(range(len(values)), key=lambda j: (values[j], j))[:k]:
        mask[index] = 0.0
    return torch.tensor(mask).reshape(impact.shape)


def entrainer(model, ids, padding_mask, labels, epochs, batch_size, lr, generator):
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    n = labels.shape[0]
    history = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for start in range(0, n, batch_size):
            batch = order[start:start + batch_size]
            loss = F.cross_entropy(model(ids[batch], padding_mask[batch]), labels[batch],
                                   reduction="sum")
            optimizer.zero_grad(set_to_none=True)
            (loss / len(batch)).backward()
            optimizer.step()
            total += loss.item()
        history.append(total / n)
    return history
