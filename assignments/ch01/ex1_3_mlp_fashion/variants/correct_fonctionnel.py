import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class MLP(nn.Module):
    FONCTIONS = {
        "relu": F.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, negative_slope=0.01),
        "gelu": lambda z: 0.5 * z * (1 + torch.erf(z / 2 ** 0.5)),
    }

    def __init__(self, activation):
        super().__init__()
        if activation not in self.FONCTIONS:
            raise ValueError(f"activation inconnue : {activation}")
        self.sigma = self.FONCTIONS[activation]
        self.couche1 = nn.Linear(28 * 28, 256)
        self.couche2 = nn.Linear(256, 128)
        self.sortie = nn.Linear(128, 10)

    def forward(self, x):
        h = self.sigma(self.couche1(x.reshape(x.shape[0], -1)))
        h = self.sigma(self.couche2(h))
        return self.sortie(h)


def creer_mlp(activation):
    return MLP(activation)


def entrainer(modele, X, y, epochs, batch_size, lr):
    opt = torch.optim.Adam(modele.parameters(), lr=lr)
    chargeur = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True)
    pertes, precisions = [], []
    for _ in range(epochs):
        somme_pertes = torch.zeros(())
        n_justes, n_vus = 0, 0
        for xb, yb in chargeur:
            opt.zero_grad()
            logits = modele(xb)
            perte = F.cross_entropy(logits, yb, reduction="sum")
            (perte / len(yb)).backward()
            opt.step()
            somme_pertes += perte.detach().cpu()
            n_justes += int((logits.argmax(-1) == yb).sum())
            n_vus += len(yb)
        pertes.append(float(somme_pertes) / n_vus)
        precisions.append(n_justes / n_vus)
    return {"perte": pertes, "precision": precisions}
