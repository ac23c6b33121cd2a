import itertools
import math
from collections import defaultdict

import torch
import torch.nn.functional as F
from torch import optim


def creer_optimiseur(nom, parametres, lr):
    match nom:
        case "sgd":
            return optim.SGD(params=parametres, lr=lr)
        case "momentum":
            return optim.SGD(params=parametres, lr=lr, momentum=0.9)
        case "adam":
            return optim.Adam(params=parametres, lr=lr, betas=(0.9, 0.999), eps=1e-8)
        case "adamw":
            return optim.AdamW(params=parametres, lr=lr, betas=(0.9, 0.999), eps=1e-8,
                               weight_decay=0.01)
        case _:
            raise ValueError(f"optimiseur inconnu : {nom}")


def une_epoque(modele, opt, X, y, batch_size):
    modele.train()
    n = X.shape[0]
    ordre = torch.randperm(n)
    somme = 0.0
    for debut in range(0, n, batch_size):
        idx = ordre[debut:debut + batch_size]
        perte_somme = F.cross_entropy(modele(X[idx]), y[idx], reduction="sum")
        opt.zero_grad()
        (perte_somme / len(idx)).backward()  # mean over the batch for the step
        opt.step()
        somme += perte_somme.item()
    return somme / n


def mesurer(modele, X_val, y_val):
    modele.eval()
    with torch.inference_mode():
        logits = modele(X_val)
        perte = F.cross_entropy(logits, y_val).item()
        precision = logits.argmax(dim=-1).eq(y_val).float().mean().item()
    return perte, precision


def recherche_grille(creer_modele, creer_optimiseur, noms, lrs, X, y, X_val, y_val, epochs,
                     batch_size):
    table = []
    for nom, lr in itertools.product(noms, lrs):
        modele = creer_modele()
        opt = creer_optimiseur(nom, modele.parameters(), lr)
        pertes, pertes_val, precisions_val = [], [], []
        for _ in range(epochs):
            pertes.append(une_epoque(modele, opt, X, y, batch_size))
            perte_val, precision_val = mesurer(modele, X_val, y_val)
            pertes_val.append(perte_val)
            precisions_val.append(precision_val)
        table.append({"optimiseur": nom, "lr": lr, "pertes": pertes, "pertes_val": pertes_val,
                      "precisions_val": precisions_val})
    return table


def meilleurs_lr(table):
    par_nom = defaultdict(list)
    for entree in table:
        finale = float(entree["pertes_val"][-1])
        if math.isfinite(finale):
            par_nom[entree["optimiseur"]].append((finale, entree["lr"]))
    return {nom: min(candidats, key=lambda c: c[0])[1] for nom, candidats in par_nom.items()}
