import torch
from torch import nn


def masque_causal(n):
    m = torch.zeros(n, n, dtype=torch.bool)
    for i in range(n):
        m[i, :i + 1] = True
    return m


def attention_causale(q, k, v):
    B, n, d_k = q.shape
    poids = torch.zeros(B, n, n, dtype=q.dtype)
    for i in range(n):
        # the query i only sees the keys 0..i: a softmax over that prefix
        scores = torch.matmul(k[:, :i + 1], q[:, i].unsqueeze(2)).squeeze(2) / d_k ** 0.5
        poids[:, i, :i + 1] = torch.softmax(scores, dim=1)
    return torch.matmul(poids, v), poids


class ModeleCausal(nn.Module):
    def __init__(self, nb_jetons, d, n_max):
        super().__init__()
        self.n_max = n_max
        self.jetons = nn.Embedding(nb_jetons, d)
        self.positions = nn.Embedding(n_max, d)
        self.requete = nn.Linear(d, d, bias=False)
        self.cle = nn.Linear(d, d, bias=False)
        self.valeur = nn.Linear(d, d, bias=False)
        self.sortie = nn.Linear(d, nb_jetons)

    def forward(self, x):
        B, n = x.shape
        pos = torch.arange(n).expand(B, n)
        h = self.jetons(x) + self.positions(pos)
        q = torch.matmul(h, self.requete.weight.t())
        k = torch.matmul(h, self.cle.weight.t())
        v = torch.matmul(h, self.valeur.weight.t())
        a = attention_causale(q, k, v)[0]
        return torch.matmul(h + a, self.sortie.weight.t()) + self.sortie.bias


def echantillonner(logits, temperature, k, generateur):
    N = logits.shape[0]
    haut, rangs = logits.topk(k, dim=1, largest=True, sorted=True)
    z = haut.double() / temperature
    p = torch.exp(z - z.max(dim=1, keepdim=True).values)
    cdf = torch.cumsum(p / p.sum(dim=1, keepdim=True), dim=1)
    u = torch.rand(N, 1, generator=generateur, dtype=torch.float64)
    choix = (cdf < u).sum(dim=1).clamp(max=k - 1)
    return rangs[torch.arange(N), choix].long()


def generer(modele, debut, n, n_max, temperature, k, generateur):
    total = len(debut) + n
    sortie = torch.empty(total, dtype=torch.long)
    sortie[:len(debut)] = debut
    with torch.no_grad():
        for t in range(len(debut), total):
            fenetre = sortie[max(0, t - n_max):t]
            logits = modele(fenetre.reshape(1, -1))
            sortie[t] = echantillonner(logits[:, fenetre.numel() - 1, :], temperature, k,
                                       generateur)[0]
    return sortie
