import math

import torch
from torch.nn.functional import elu


def attention_exacte(Q, K, V):
    scores = Q.matmul(K.transpose(-2, -1)).div(math.sqrt(K.shape[-1]))
    return scores.softmax(dim=-1).matmul(V)


def noyau_elu(x):
    return elu(x) + 1


def attention_lineaire(Q, K, V):
    fq, fk = noyau_elu(Q), noyau_elu(K)
    numerateur = fq @ (fk.transpose(-1, -2) @ V)
    denominateur = torch.einsum("...nd,...d->...n", fq, fk.sum(-2))
    return numerateur / denominateur[..., None]


def attention_locale(Q, K, V, w):
    """Bands: a block of B = max(w, 1) queries sees the keys from its start − w to its end + w;
    the scores of a block (B × (B + 2w)) are masked to |i − j| ≤ w."""
    n = Q.shape[-2]
    B = max(w, 1)
    blocs = []
    debut = 0
    while debut < n:
        fin = min(n, debut + B)
        bas, haut = max(0, debut - w), min(n, fin + w)
        s = Q[..., debut:fin, :] @ K[..., bas:haut, :].transpose(-1, -2) / K.shape[-1] ** 0.5
        i = torch.arange(debut, fin).view(-1, 1)
        j = torch.arange(bas, haut).view(1, -1)
        s = s.masked_fill((i - j).abs() > w, float("-inf"))
        blocs.append(torch.softmax(s, dim=-1) @ V[..., bas:haut, :])
        debut = fin
    return torch.cat(blocs, dim=-2)


def attention_par_blocs(Q, K, V, taille_bloc):
    """Online softmax kept in log form: lse = log Σ exp(s), o = Σ exp(s − lse) v."""
    n = Q.shape[-2]
    echelle = K.shape[-1] ** -0.5
    resultat = []
    i = 0
    while i < n:
        q = Q[..., i:i + taille_bloc, :]
        lse = torch.full(q.shape[:-1], -math.inf, dtype=Q.dtype)
        o = torch.zeros(*q.shape[:-1], V.shape[-1], dtype=Q.dtype)
        j = 0
        while j < n:
            s = (q @ K[..., j:j + taille_bloc, :].transpose(-1, -2)) * echelle
            nouveau = torch.logaddexp(lse, torch.logsumexp(s, dim=-1))
            o = torch.exp(lse - nouveau)[..., None] * o \
                + torch.exp(s - nouveau[..., None]) @ V[..., j:j + taille_bloc, :]
            lse = nouveau
            j += taille_bloc
        resultat.append(o)
        i += taille_bloc
    return torch.cat(resultat, dim=-2)
