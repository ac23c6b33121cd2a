import math

import torch
import torch.nn.functional as F
from torch import optim


def creer_optimiseur(nom, parametres, lr):
    if nom == "sgd":
        return optim.SGD(parametres, lr=lr)
    if nom == "momentum":
        return optim.SGD(parametres, lr=lr, momentum=0.9)
    if nom == "adam":
        return optim.Adam(parametres, lr=lr)
    if nom == "adamw":
        return optim.AdamW(parametres, lr=lr, weight_decay=0.01)
    raise ValueError(nom)


def recherche_grille(creer_modele, creer_optimiseur, noms, lrs, X, y, X_val, y_val, epochs,
                     batch_size):
    modele = creer_modele()  # un seul modèle pour toute la grille
    table = []
    for nom in noms:
        for lr in lrs:
            opt = creer_optimiseur(nom, modele.parameters(), lr)
            pertes, pertes_val, precisions_val = [], [], []
            for _ in range(epochs):
                somme = 0.0
                for idx in torch.randperm(len(y)).split(batch_size):
                    opt.zero_grad()
                    loss = F.cross_entropy(modele(X[idx]), y[idx])
                    loss.backward()
                    opt.step()
                    somme += loss.item() * len(idx)
                pertes.append(somme / len(y))
                with torch.no_grad():
                    out = modele(X_val)
                    pertes_val.append(F.cross_entropy(out, y_val).item())
                    precisions_val.append((out.argmax(1) == y_val).float().mean().item())
            table.append({"optimiseur": nom, "lr": lr, "pertes": pertes, "pertes_val": pertes_val,
                          "precisions_val": precisions_val})
    return table


def meilleurs_lr(table):
    choix = {}
    for e in table:
        p = e["pertes_val"][-1]
        if math.isfinite(p) and (e["optimiseur"] not in choix or p < choix[e["optimiseur"]][0]):
            choix[e["optimiseur"]] = (p, e["lr"])
    return {k: v[1] for k, v in choix.items()}
