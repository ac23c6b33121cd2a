import math

import numpy as np
import torch
from torch import nn


def creer_optimiseur(nom, parametres, lr):
    parametres = list(parametres)
    if nom in ("sgd", "momentum"):
        momentum = 0.9 if nom == "momentum" else 0.0
        return torch.optim.SGD(parametres, lr=lr, momentum=momentum, dampening=0.0,
                               nesterov=False, weight_decay=0.0)
    elif nom == "adam":
        return torch.optim.Adam(parametres, lr=lr, weight_decay=0.0)
    elif nom == "adamw":
        return torch.optim.AdamW(parametres, lr=lr, weight_decay=1e-2)
    else:
        raise ValueError("nom d'optimiseur inconnu: " + str(nom))


criterion = nn.CrossEntropyLoss()


@torch.no_grad()
def evaluate(model, X_val, y_val):
    model.eval()
    logits = model(X_val)
    loss = criterion(logits, y_val).item()
    accuracy = logits.argmax(1).eq(y_val).sum().item() / len(y_val)
    return loss, accuracy


def recherche_grille(creer_modele, creer_optimiseur, noms, lrs, X, y, X_val, y_val, epochs,
                     batch_size):
    entries = []
    n = len(X)
    n_batches = math.ceil(n / batch_size)
    for name in noms:
        for lr in lrs:
            model = creer_modele()
            optimizer = creer_optimiseur(name, model.parameters(), lr)
            history = {"pertes": [], "pertes_val": [], "precisions_val": []}
            for _epoch in range(epochs):
                model.train()
                perm = torch.randperm(n)
                batch_losses, batch_sizes = [], []
                for b in range(n_batches):
                    idx = perm[b * batch_size:(b + 1) * batch_size]
                    optimizer.zero_grad()
                    loss = criterion(model(X[idx]), y[idx])
                    loss.backward()
                    optimizer.step()
                    batch_losses.append(loss.item())
                    batch_sizes.append(len(idx))
                history["pertes"].append(float(np.average(batch_losses, weights=batch_sizes)))
                val_loss, val_acc = evaluate(model, X_val, y_val)
                history["pertes_val"].append(val_loss)
                history["precisions_val"].append(val_acc)
            entries.append({"optimiseur": name, "lr": lr, **history})
    return entries


def meilleurs_lr(table):
    def cle(entree):
        finale = float(entree["pertes_val"][-1])
        if finale != finale or abs(finale) == float("inf"):  # nan or ±inf: never kept
            finale = float("inf")
        return finale

    choix = {}
    for entree in sorted(table, key=cle):  # increasing final loss: the first seen wins
        if entree["optimiseur"] not in choix and math.isfinite(cle(entree)):
            choix[entree["optimiseur"]] = entree["lr"]
    return choix
