import math

import torch
from torch import nn


class RNNManuel(nn.Module):
    def __init__(self, taille_entree, taille_cachee):
        super().__init__()
        self.d_h = taille_cachee
        self.weight_ih = nn.Parameter(torch.zeros(taille_cachee, taille_entree))
        self.weight_hh = nn.Parameter(torch.zeros(taille_cachee, taille_cachee))
        self.bias_ih = nn.Parameter(torch.zeros(taille_cachee))
        self.bias_hh = nn.Parameter(torch.zeros(taille_cachee))
        borne = math.sqrt(1.0 / taille_cachee)
        for p in self.parameters():
            nn.init.uniform_(p, a=-borne, b=borne)

    def pas(self, x_t, h):
        z = torch.addmm(self.bias_ih, x_t, self.weight_ih.t())
        z = z + torch.addmm(self.bias_hh, h, self.weight_hh.t())
        return torch.tanh(z)

    def forward(self, x, h0=None):
        longueur, lot = x.shape[0], x.shape[1]
        if h0 is None:
            h0 = torch.zeros(1, lot, self.d_h, dtype=x.dtype, device=x.device)
        h = h0.squeeze(0)
        sorties = x.new_empty(longueur, lot, self.d_h)
        for t in range(longueur):
            h = self.pas(x[t], h)
            sorties[t] = h
        return sorties, h[None]


def construire_vocabulaire(texte):
    return list(sorted(set(texte)))


def encoder(texte, caracteres):
    return torch.as_tensor([caracteres.index(c) for c in texte], dtype=torch.int64)


def decoder(indices, caracteres):
    if isinstance(indices, torch.Tensor):
        indices = indices.tolist()
    morceaux = []
    for i in indices:
        morceaux.append(caracteres[i])
    return "".join(morceaux)


def echantillonner(logits, temperature, generateur):
    # inverse de la fonction de répartition, en float64
    probas = torch.softmax(logits.double() / temperature, dim=1)
    repartition = probas.cumsum(dim=1)
    u = torch.rand(logits.shape[0], 1, generator=generateur, dtype=torch.float64)
    indices = (u > repartition).sum(dim=1)
    return indices.clamp(max=logits.shape[1] - 1).long()


def generer(modele, debut, n, caracteres, temperature, generateur):
    # relit tout le texte depuis un état nul à chaque caractère : même résultat, plus lent
    texte = debut
    for _ in range(n):
        x = encoder(texte, caracteres).reshape(-1, 1)
        with torch.no_grad():
            logits, _ = modele(x)
        k = echantillonner(logits[-1], temperature, generateur)
        texte = texte + decoder(k, caracteres)
    return texte
