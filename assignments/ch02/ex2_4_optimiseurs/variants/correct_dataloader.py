import math

import torch
from torch import nn, optim
from torch.utils.data import DataLoader, TensorDataset

CONSTRUCTEURS = {
    "sgd": lambda p, lr: optim.SGD(p, lr),
    "momentum": lambda p, lr: optim.SGD(p, lr, momentum=0.9, nesterov=False),
    "adam": lambda p, lr: optim.Adam(p, lr, betas=(0.9, 0.999), eps=1e-8),
    "adamw": lambda p, lr: optim.AdamW(p, lr, weight_decay=1e-2),
}


def creer_optimiseur(nom, parametres, lr):
    try:
        constructeur = CONSTRUCTEURS[nom]
    except KeyError:
        raise ValueError(f"optimiseur inconnu : {nom}") from None
    return constructeur(list(parametres), lr)


@torch.no_grad()
def evaluer(modele, X, y, critere):
    modele.eval()
    logits = modele(X)
    return float(critere(logits, y)), float((logits.argmax(-1) == y).sum()) / len(y)


def entrainer_une_config(modele, opt, X, y, X_val, y_val, epochs, batch_size):
    critere = nn.CrossEntropyLoss()
    chargeur = DataLoader(TensorDataset(X, y), batch_size=batch_size, shuffle=True)
    hist = {"pertes": [], "pertes_val": [], "precisions_val": []}
    for _ in range(epochs):
        modele.train()
        somme, vus = 0.0, 0
        for xb, yb in chargeur:
            perte = critere(modele(xb), yb)
            opt.zero_grad(set_to_none=True)
            perte.backward()
            opt.step()
            somme += perte.item() * yb.numel()
            vus += yb.numel()
        hist["pertes"].append(somme / vus)
        pv, av = evaluer(modele, X_val, y_val, critere)
        hist["pertes_val"].append(pv)
        hist["precisions_val"].append(av)
    return hist


def recherche_grille(creer_modele, creer_optimiseur, noms, lrs, X, y, X_val, y_val, epochs,
                     batch_size):
    configs = [(nom, lr) for nom in noms for lr in lrs]
    table = []
    for nom, lr in configs:
        modele = creer_modele()
        hist = entrainer_une_config(modele, creer_optimiseur(nom, modele.parameters(), lr),
                                    X, y, X_val, y_val, epochs, batch_size)
        table.append(dict(optimiseur=nom, lr=lr, **hist))
    return table


def meilleurs_lr(table):
    def perte_finale(e):
        p = float(e["pertes_val"][-1])
        return p if math.isfinite(p) else math.inf

    noms = sorted({e["optimiseur"] for e in table})
    return {nom: min((e for e in table if e["optimiseur"] == nom), key=perte_finale)["lr"]
            for nom in noms}
