import torch
from torch import nn


class Attention(nn.Module):
    """einsum over heads; the weights of the last forward pass are kept in an attribute."""

    def __init__(self, d_model, n_tetes):
        super().__init__()
        self.h = n_tetes
        self.W_q, self.W_k, self.W_v, self.W_o = (nn.Linear(d_model, d_model) for _ in range(4))
        self.derniers_poids = None

    def forward(self, z, masque, tetes_gardees=None):
        q, k, v = (w(z).unflatten(-1, (self.h, -1)) for w in (self.W_q, self.W_k, self.W_v))
        scores = torch.einsum("bqhe,bkhe->bhqk", q, k) * q.shape[-1] ** -0.5
        scores = torch.where(masque[:, None, None, :], float("-inf"), scores)
        alpha = scores.softmax(dim=-1)
        self.derniers_poids = alpha.detach()
        sorties = torch.einsum("bhqk,bkhe->bqhe", alpha, v)
        if tetes_gardees is not None:
            sorties = sorties * tetes_gardees.reshape(1, 1, self.h, 1)
        return self.W_o(sorties.flatten(start_dim=2))


class Bloc(nn.Module):
    def __init__(self, d_model, n_tetes, d_ff):
        super().__init__()
        self.attn = Attention(d_model, n_tetes)
        self.ffn = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))
        self.ln1, self.ln2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)

    def forward(self, x, masque, tetes_gardees=None):
        h = x + self.attn(self.ln1(x), masque, tetes_gardees)
        return h + self.ffn(self.ln2(h))


class TransformerTexte(nn.Module):
    def __init__(self, taille_vocab, d_model=64, n_tetes=8, n_couches=4, d_ff=128,
                 n_classes=3, longueur_max=64):
        super().__init__()
        self.embedding = nn.Embedding(taille_vocab, d_model)
        self.positions = nn.Embedding(longueur_max, d_model)
        self.couches = nn.ModuleList()
        for _ in range(n_couches):
            self.couches.append(Bloc(d_model, n_tetes, d_ff))
        self.ln_finale = nn.LayerNorm(d_model)
        self.tete = nn.Linear(d_model, n_classes)
        self.n_couches = n_couches
        self.n_tetes = n_tetes

    def forward(self, ids, masque_padding, masque_tetes=None):
        x = self.embedding(ids) + self.positions.weight[:ids.shape[1]]
        for l in range(self.n_couches):
            gardees = masque_tetes[l] if masque_tetes is not None else None
            x = self.couches[l](x, masque_padding, gardees)
        x = self.ln_finale(x).masked_fill(masque_padding.unsqueeze(-1), 0.0)
        n_mots = (~masque_padding).sum(dim=1, keepdim=True)
        return self.tete(x.sum(dim=1) / n_mots)


def cartes_attention(modele, ids, masque_padding, masque_tetes=None):
    with torch.no_grad():
        modele(ids, masque_padding, masque_tetes)
    return torch.stack([couche.attn.derniers_poids for couche in modele.couches])


def impact_elagage(modele, ids, masque_padding, y):
    etait_en_train = modele.training
    modele.eval()
    C_, H = modele.n_couches, modele.n_tetes
    with torch.no_grad():
        def precision(masque=None):
            return (modele(ids, masque_padding, masque).argmax(dim=-1) == y).float().mean()

        base = precision()
        impact = torch.stack([base - precision(1 - torch.eye(C_ * H)[j].view(C_, H))
                              for j in range(C_ * H)]).view(C_, H)
    modele.train(etait_en_train)
    return impact


def elaguer_moins_utiles(impact, k):
    _, indices = torch.sort(impact.flatten(), stable=True)
    masque = torch.ones_like(impact, dtype=torch.float32).flatten()
    masque[indices[:k]] = 0
    return masque.view_as(impact)


def entrainer(modele, ids, masque_padding, y, epoques, taille_lot, lr, generateur):
    opt = torch.optim.AdamW(modele.parameters(), lr)
    N = len(y)
    courbe = []
    for _ in range(epoques):
        lots = torch.randperm(N, generator=generateur).split(taille_lot)
        pertes_lots = []
        for lot in lots:
            opt.zero_grad()
            perte = nn.functional.cross_entropy(modele(ids[lot], masque_padding[lot]), y[lot])
            perte.backward()
            opt.step()
            pertes_lots.append(perte.detach() * lot.numel())
        courbe.append(float(torch.stack(pertes_lots).sum()) / N)
    return courbe
