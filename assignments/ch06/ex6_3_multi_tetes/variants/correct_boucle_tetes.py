import math

import torch
import torch.nn.functional as F
from torch import nn


def softmax_stable(s):
    """softmax on the last dimension, written out (−inf scores give exactly 0)."""
    e = torch.exp(s - s.max(dim=-1, keepdim=True).values)
    return e / e.sum(dim=-1, keepdim=True)


class AttentionMultiTetes(nn.Module):
    def __init__(self, d_model: int, n_tetes: int):
        super().__init__()
        if d_model % n_tetes != 0:
            raise ValueError("n_tetes doit diviser d_model")
        self.n_tetes = n_tetes
        self.d_k = d_model // n_tetes
        self.W_q = nn.Linear(d_model, d_model, bias=True)
        self.W_k = nn.Linear(d_model, d_model, bias=True)
        self.W_v = nn.Linear(d_model, d_model, bias=True)
        self.W_o = nn.Linear(d_model, d_model, bias=True)

    def forward(self, x, masque_padding=None, masque_tetes=None):
        Q, K, V = self.W_q(x), self.W_k(x), self.W_v(x)
        sorties, tous_les_poids = [], []
        for i in range(self.n_tetes):
            tranche = slice(i * self.d_k, (i + 1) * self.d_k)
            scores = torch.matmul(Q[..., tranche], K[..., tranche].transpose(1, 2))
            scores = scores / math.sqrt(self.d_k)
            if masque_padding is not None:
                scores = scores.masked_fill(masque_padding.unsqueeze(1), -math.inf)
            alpha = softmax_stable(scores)  # (B, n, n)
            tous_les_poids.append(alpha)
            sorties.append(torch.matmul(alpha, V[..., tranche]))
        concat = torch.cat(sorties, dim=-1)
        W_o = self.W_o.weight
        if masque_tetes is not None:  # pruning head i = zeroing the columns of W_o that read it
            W_o = W_o * torch.repeat_interleave(masque_tetes.to(W_o.dtype), self.d_k)
        return F.linear(concat, W_o, self.W_o.bias), torch.stack(tous_les_poids, dim=1)


def importance_tetes(modele, ids, y):
    modele.eval()
    nb = modele.attention.n_tetes
    bonnes = lambda logits: (torch.argmax(logits, dim=1) == y).sum().item()  # noqa: E731
    with torch.no_grad():
        toutes = bonnes(modele(ids)) / y.numel()
        resultat = torch.empty(nb)
        for tete in range(nb):
            garde = torch.ones(nb)
            garde[tete] = 0
            resultat[tete] = toutes - bonnes(modele(ids, masque_tetes=garde)) / y.numel()
    return resultat


def moyenne_hors_padding(a, padding):
    poids = (~padding).to(a.dtype)
    return torch.einsum("bnd,bn->bd", a, poids) / poids.sum(dim=1, keepdim=True)


class ClassifieurTexte(nn.Module):
    def __init__(self, taille_vocab, d_model, n_tetes, nb_classes, n_max):
        super().__init__()
        self.n_tetes = n_tetes
        self.sortie = nn.Linear(d_model, nb_classes)
        self.attention = AttentionMultiTetes(d_model, n_tetes)
        self.positions = nn.Embedding(n_max, d_model)
        self.plongement = nn.Embedding(taille_vocab, d_model)

    def forward(self, ids, masque_tetes=None):
        padding = ids == 0
        positions = torch.arange(ids.shape[1]).unsqueeze(0).expand_as(ids)
        h = self.plongement(ids) + self.positions(positions)
        a = self.attention(h, padding, masque_tetes)[0]
        return self.sortie(moyenne_hors_padding(a, padding))
