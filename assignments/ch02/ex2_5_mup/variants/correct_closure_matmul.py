import math

import torch


def regles(param, n, n0, d):
    if param not in ("sp", "mup"):
        raise ValueError(param)
    mup = param == "mup"
    m = n / n0 if mup else 1
    regle_entree = {"var": 1 / d, "lr": 1.0}
    regle_cachee = {"var": 1 / n, "lr": 1 / m}
    regle_sortie = {"var": 1 / n / m, "lr": 1 / m}
    return {"W1": regle_entree, "W2": regle_cachee, "W3": regle_sortie}


def init_mlp(d, n, c, param, n0, graine):
    g = torch.Generator()
    g.manual_seed(graine)
    r = regles(param, n, n0, d)
    W1 = math.sqrt(r["W1"]["var"]) * torch.randn(n, d, generator=g)
    W2 = math.sqrt(r["W2"]["var"]) * torch.randn(n, n, generator=g)
    W3 = math.sqrt(r["W3"]["var"]) * torch.randn(c, n, generator=g)
    return {"W1": W1, "b1": torch.zeros(n), "W2": W2, "b2": torch.zeros(n),
            "W3": W3, "b3": torch.zeros(c)}


def relu(x):
    return torch.maximum(x, torch.zeros_like(x))


def mlp(params, X):
    h1 = relu(X @ params["W1"].T + params["b1"])
    h2 = relu(h1 @ params["W2"].T + params["b2"])
    return h2 @ params["W3"].T + params["b3"]


def entropie_croisee(logits, y):
    log_probas = torch.log_softmax(logits, dim=-1)
    return -log_probas.gather(1, y.view(-1, 1)).mean()


def entrainer(params, lrs, X, y, pas):
    copie = {}
    for nom, valeur in params.items():
        copie[nom] = valeur.detach().clone()
        copie[nom].requires_grad = True
    noms = list(copie)
    adam = torch.optim.Adam([{"params": copie[nom], "lr": lrs[nom]} for nom in noms])

    def closure():
        adam.zero_grad()
        perte = entropie_croisee(mlp(copie, X), y)
        perte.backward()
        return perte

    historique = []
    for _ in range(pas):
        historique.append(float(adam.step(closure)))
    with torch.no_grad():
        historique.append(float(entropie_croisee(mlp(copie, X), y)))
    return {nom: copie[nom].detach() for nom in noms}, historique


def balayage_lr(param, n, grille, X, y, c, pas, n0, graine):
    d = X.shape[1]
    mult = regles(param, n, n0, d)
    pertes_finales = []
    for eta in grille:
        lrs = {"b1": eta, "b2": eta, "b3": eta}
        for w in ("W1", "W2", "W3"):
            lrs[w] = eta * mult[w]["lr"]
        params0 = init_mlp(d, n, c, param, n0, graine)
        derniere = entrainer(params0, lrs, X, y, pas)[1][-1]
        if math.isnan(derniere) or math.isinf(derniere):
            derniere = math.inf
        pertes_finales.append(derniere)
    meilleur_lr, meilleure_perte = grille[0], pertes_finales[0]
    for eta, p in zip(grille, pertes_finales, strict=True):
        if p < meilleure_perte:
            meilleur_lr, meilleure_perte = eta, p
    return meilleur_lr, pertes_finales
