"""Premier bloc Mixer construit à part, puis profondeur − 1 autres : correct pour toute
profondeur ≥ 1, la seule que l'énoncé prévoit (profondeur=0 donnerait quand même un bloc)."""
import math

import torch
import torch.nn.functional as F
from torch import nn


def _lineaire(entree, sortie):
    borne = 1 / math.sqrt(entree)
    w = nn.Parameter(torch.empty(sortie, entree).uniform_(-borne, borne))
    b = nn.Parameter(torch.empty(sortie).uniform_(-borne, borne))
    return w, b


class PlongementPatchs(nn.Module):
    def __init__(self, taille_patch, canaux, dim):
        super().__init__()
        self.p = taille_patch
        self.w, self.b = _lineaire(canaux * taille_patch ** 2, dim)

    def forward(self, x):
        patchs = F.unfold(x, kernel_size=self.p, stride=self.p)  # (B, C·p·p, N)
        return torch.einsum("bkn,dk->bnd", patchs, self.w) + self.b


class MelangeTokens(nn.Module):
    def __init__(self, nb_patchs, dim, dim_tokens):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))
        self.beta = nn.Parameter(torch.zeros(dim))
        self.w1, self.b1 = _lineaire(nb_patchs, dim_tokens)
        self.w2, self.b2 = _lineaire(dim_tokens, nb_patchs)

    def forward(self, x):
        z = F.layer_norm(x, x.shape[-1:], self.gamma, self.beta)
        h = F.gelu(torch.einsum("bnd,tn->btd", z, self.w1) + self.b1[:, None])
        return x + torch.einsum("btd,nt->bnd", h, self.w2) + self.b2[:, None]


class MelangeCanaux(nn.Module):
    def __init__(self, dim, dim_canaux):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))
        self.beta = nn.Parameter(torch.zeros(dim))
        self.w1, self.b1 = _lineaire(dim, dim_canaux)
        self.w2, self.b2 = _lineaire(dim_canaux, dim)

    def forward(self, x):
        z = F.layer_norm(x, x.shape[-1:], self.gamma, self.beta)
        h = F.gelu(torch.einsum("bnd,cd->bnc", z, self.w1) + self.b1)
        return x + torch.einsum("bnc,dc->bnd", h, self.w2) + self.b2


class BlocMixer(nn.Sequential):
    def __init__(self, nb_patchs, dim, dim_tokens, dim_canaux):
        super().__init__(MelangeTokens(nb_patchs, dim, dim_tokens),
                         MelangeCanaux(dim, dim_canaux))


class MLPMixer(nn.Module):
    def __init__(self, taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128,
                 taille_image=32, canaux=3, nb_classes=10):
        super().__init__()
        nb_patchs = (taille_image // taille_patch) * (taille_image // taille_patch)
        couches = [PlongementPatchs(taille_patch, canaux, dim)]
        premier = BlocMixer(nb_patchs, dim, dim_tokens, dim_canaux)  # profondeur ≥ 1
        couches += [premier] + [BlocMixer(nb_patchs, dim, dim_tokens, dim_canaux)
                                for _ in range(profondeur - 1)]
        self.corps = nn.Sequential(*couches, nn.LayerNorm(dim))
        self.tete = nn.Linear(dim, nb_classes)

    def forward(self, x):
        h = self.corps(x)
        return self.tete(h.sum(dim=1) / h.shape[1])
