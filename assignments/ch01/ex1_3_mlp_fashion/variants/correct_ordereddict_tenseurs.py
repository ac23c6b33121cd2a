from collections import OrderedDict

import torch
from torch import nn

ACTIVATIONS = {
    "relu": (nn.ReLU, {}),
    "leaky_relu": (nn.LeakyReLU, {"negative_slope": 0.01}),
    "gelu": (nn.GELU, {"approximate": "none"}),
}


def creer_mlp(activation):
    choix = ACTIVATIONS.get(activation)
    if choix is None:
        raise ValueError(f"activation {activation!r} inconnue, choisir parmi {list(ACTIVATIONS)}")
    classe, options = choix
    return nn.Sequential(OrderedDict([
        ("aplatir", nn.Flatten(start_dim=1)),
        ("cachee1", nn.Linear(784, 256)),
        ("act1", classe(**options)),
        ("cachee2", nn.Linear(256, 128)),
        ("act2", classe(**options)),
        ("logits", nn.Linear(128, 10)),
    ]))


def entrainer(modele, X, y, epochs, batch_size, lr):
    optimiseur = torch.optim.Adam(params=modele.parameters(), lr=lr)
    critere = nn.CrossEntropyLoss()
    n = X.shape[0]
    historique = {"perte": [], "precision": []}
    for _ in range(epochs):
        modele.train()
        permutation = torch.randperm(n, device=X.device)
        somme = torch.zeros((), device=X.device)  # accumulated on the device, read once
        justes = torch.zeros((), dtype=torch.long, device=X.device)
        for debut in range(0, n, batch_size):
            lot = permutation[debut:debut + batch_size]
            logits = modele(X[lot])
            perte = critere(logits, y[lot])
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            somme += perte.detach() * lot.numel()
            justes += (logits.argmax(dim=1) == y[lot]).sum()
        historique["perte"].append(somme.item() / n)
        historique["precision"].append(justes.item() / n)
    return historique
