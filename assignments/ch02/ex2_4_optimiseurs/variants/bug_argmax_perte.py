import numpy as np
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
    table = []
    for nom in noms:
        for lr in lrs:
            modele = creer_modele()
            opt = creer_optimiseur(nom, modele.parameters(), lr)
            pertes, pertes_val, precisions_val = [], [], []
            for _ in range(epochs):
                modele.train()
                somme = 0.0
                for idx in torch.randperm(len(y)).split(batch_size):
                    opt.zero_grad()
                    loss = F.cross_entropy(modele(X[idx]), y[idx])
                    loss.backward()
                    opt.step()
                    somme += loss.item() * len(idx)
                pertes.append(somme / len(y))
                modele.eval()
                with torch.no_grad():
                    out = modele(X_val)
                    pertes_val.append(F.cross_entropy(out, y_val).item())
                    precisions_val.append((out.argmax(1) == y_val).float().mean().item())
            table.append({"optimiseur": nom, "lr": lr, "pertes": pertes, "pertes_val": pertes_val,
                          "precisions_val": precisions_val})
    return table


def meilleurs_lr(table):
    choix = {}
    for nom in {e["optimiseur"] for e in table}:
        entrees = [e for e in table if e["optimiseur"] == nom]
        finales = np.array([e["pertes_val"][-1] for e in entrees])
        choix[nom] = entrees[int(np.argmax(finales))]["lr"]
    return choix
