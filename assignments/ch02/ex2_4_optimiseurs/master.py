# %% [markdown]
# # Exercice 2.4 (⋆⋆) — SGD, Momentum, Adam et AdamW sur Fashion-MNIST
#
# On compare quatre optimiseurs du cours sur un MLP $(784, 512, 256, 10)$ à activations ReLU :
#
# - `"sgd"` : $\theta \leftarrow \theta - \eta\, g$ — `optim.SGD(params, lr)` ;
# - `"momentum"` : $v \leftarrow \mu v + g$, $\theta \leftarrow \theta - \eta v$ avec
#   $\mu = 0{,}9$ — `optim.SGD(params, lr, momentum=0.9)` ;
# - `"adam"` : moments $m$, $v$ corrigés du biais, $\beta_1 = 0{,}9$, $\beta_2 = 0{,}999$,
#   $\varepsilon = 10^{-8}$ — `optim.Adam(params, lr)` ;
# - `"adamw"` : Adam avec décroissance des poids **découplée**,
#   $\theta \leftarrow (1 - \eta\lambda)\theta - \eta\, \hat m / (\sqrt{\hat v} + \varepsilon)$
#   avec $\lambda = 0{,}01$ — `optim.AdamW(params, lr, weight_decay=0.01)`.
#
# Pour chaque optimiseur, on cherche le meilleur taux d'apprentissage sur la grille
# $\eta \in \{10^{-4}, 10^{-3}, 10^{-2}, 10^{-1}\}$, puis on trace les courbes de perte et de
# précision.
#
# **Données.** Les données sont chargées hors ligne par `autograder.data.load`, qui renvoie le
# même objet que `torchvision.datasets.FashionMNIST`. Dans cet environnement, c'est une copie
# hors ligne de substitution (synthétique, 6 000 images d'entraînement et 1 000 de test, au
# même format) ; là où le vrai jeu de données est disponible, il se charge de la même façon.
# Les 1 000 dernières images d'entraînement servent de **validation** pour choisir le taux.
#
# Les questions 1 à 4 sont corrigées automatiquement ; l'analyse des courbes est rédigée
# (question 5, corrigée à la main).

# %%
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn, optim

from autograder import data

train = data.load("fashion-mnist", train=True)
test = data.load("fashion-mnist", train=False)
X_all = train.data.unsqueeze(1).float() / 255  # (N, 1, 28, 28), valeurs dans [0, 1]
y_all = train.targets
X_train, y_train = X_all[:-1000], y_all[:-1000]
X_val, y_val = X_all[-1000:], y_all[-1000:]
X_test, y_test = test.data.unsqueeze(1).float() / 255, test.targets
print(X_train.shape, X_val.shape, X_test.shape)


def creer_mlp() -> nn.Module:
    """Le MLP (784, 512, 256, 10) de l'énoncé (fourni)."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256),
                         nn.ReLU(), nn.Linear(256, 10))


# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1.** Écrire `creer_optimiseur(nom, parametres, lr)` qui renvoie l'optimiseur de
# `torch.optim` désigné par `nom` (`"sgd"`, `"momentum"`, `"adam"` ou `"adamw"`), avec le taux
# d'apprentissage `lr` et les hyperparamètres de la liste ci-dessus (les autres réglages restent
# ceux de PyTorch par défaut ; pas de décroissance des poids hors AdamW, pas de Nesterov).
# `parametres` est un itérable de tenseurs (par exemple `modele.parameters()`). Pour un nom
# inconnu, lever une `ValueError`.

# %%
def creer_optimiseur(nom: str, parametres, lr: float) -> optim.Optimizer:
    """L'optimiseur `nom` ("sgd", "momentum", "adam", "adamw") sur `parametres`, au taux `lr`."""
    # BEGIN SOLUTION
    if nom == "sgd":
        return optim.SGD(parametres, lr=lr)
    if nom == "momentum":
        return optim.SGD(parametres, lr=lr, momentum=0.9)
    if nom == "adam":
        return optim.Adam(parametres, lr=lr)
    if nom == "adamw":
        return optim.AdamW(parametres, lr=lr, weight_decay=0.01)
    raise ValueError(f"optimiseur inconnu : {nom!r}")
    # END SOLUTION


# %%
@check
def types_et_taux(creer_optimiseur):
    attendus = {"sgd": torch.optim.SGD, "momentum": torch.optim.SGD, "adam": torch.optim.Adam,
                "adamw": torch.optim.AdamW}
    # the classes of an object, read where it lives (`type` of a proxy is not its class)
    classes_de = C.code("lambda o: [f'{c.__module__}.{c.__qualname__}' for c in type(o).__mro__]")
    for nom, classe in attendus.items():
        theta = torch.zeros(3, requires_grad=True)
        opt = C.call(creer_optimiseur, nom, [theta], 0.05, name="creer_optimiseur")
        recu = classes_de(opt)[0]
        C.expect(recu == f"{classe.__module__}.{classe.__qualname__}",
                 f"`creer_optimiseur('{nom}', ...)` devrait renvoyer un `{classe.__name__}`, "
                 f"reçu {recu.rsplit('.', 1)[-1]}.")
        C.expect_scalar_close(opt.param_groups[0]["lr"], 0.05,
                              name=f"creer_optimiseur('{nom}', ..., lr=0.05) : taux", reveal=True)


@check(hidden=True)
def hyperparametres(creer_optimiseur):
    attendus = {
        "sgd": (torch.optim.SGD, {"momentum": 0.0, "dampening": 0.0, "nesterov": False,
                                  "weight_decay": 0.0}),
        "momentum": (torch.optim.SGD, {"momentum": 0.9, "dampening": 0.0, "nesterov": False,
                                       "weight_decay": 0.0}),
        "adam": (torch.optim.Adam, {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0,
                                    "amsgrad": False}),
        "adamw": (torch.optim.AdamW, {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.01,
                                      "amsgrad": False}),
    }
    # the classes of an object, read where it lives (`isinstance` does not see through a proxy)
    classes_de = C.code("lambda o: [f'{c.__module__}.{c.__qualname__}' for c in type(o).__mro__]")
    for nom, (classe, reglages) in attendus.items():
        params = [torch.zeros(4, 3, requires_grad=True), torch.zeros(3, requires_grad=True)]
        opt = C.call(creer_optimiseur, nom, list(params), 0.003, name="creer_optimiseur")
        C.expect(f"{classe.__module__}.{classe.__qualname__}" in classes_de(opt),
                 f"`creer_optimiseur('{nom}', ...)` ne renvoie pas le bon type d'optimiseur.",
                 hint=("AdamW est `torch.optim.AdamW`, pas Adam avec weight_decay."
                       if nom == "adamw" else None))
        groupe = opt.param_groups[0]
        vus = sum(len(g["params"]) for g in opt.param_groups)
        C.expect(vus == 2, f"`creer_optimiseur('{nom}', ...)` n'optimise pas tous les "
                 "paramètres reçus.")
        C.expect_scalar_close(groupe["lr"], 0.003, name=f"taux de creer_optimiseur('{nom}')")
        for cle, valeur in reglages.items():
            obtenu = groupe.get(cle)
            ok = (tuple(obtenu) == valeur if isinstance(valeur, tuple) and obtenu is not None
                  else obtenu == valeur)
            C.expect(ok, f"`creer_optimiseur('{nom}', ...)` : le réglage `{cle}` n'a pas la "
                     "valeur demandée.",
                     hint="μ = 0,9 pour le momentum seulement ; λ = 0,01 pour AdamW seulement ; "
                          "les autres réglages par défaut.")


@check(hidden=True)
def pas_sur_une_quadratique(creer_optimiseur):
    gen = torch.Generator().manual_seed(24)
    a = torch.rand(6, generator=gen, dtype=torch.float64) * 3 + 0.5
    b = torch.randn(6, generator=gen, dtype=torch.float64)
    depart = torch.randn(6, generator=gen, dtype=torch.float64)
    oracles = {"sgd": lambda p, lr: torch.optim.SGD(p, lr=lr),
               "momentum": lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9),
               "adam": lambda p, lr: torch.optim.Adam(p, lr=lr),
               "adamw": lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.01)}

    # six steps where the optimizer lives; the classes of what `fabrique` returned, and θ after
    # the steps (None when it is no optimizer)
    @C.probe
    def six_pas(fabrique, nom):
        theta = depart.clone().requires_grad_(True)
        opt = fabrique(nom, [theta], 0.1)
        classes = [f"{c.__module__}.{c.__qualname__}" for c in type(opt).__mro__]
        if not isinstance(opt, torch.optim.Optimizer):
            return classes, None
        for _ in range(6):
            opt.zero_grad()
            perte = 0.5 * (a * theta**2).sum() - (b * theta).sum()
            perte.backward()
            opt.step()
        return classes, theta.detach()

    for nom, oracle in oracles.items():
        classes, obtenu = C.call(six_pas, C.require(creer_optimiseur, "creer_optimiseur"), nom,
                                 name=f"creer_optimiseur('{nom}')")
        C.expect("torch.optim.optimizer.Optimizer" in classes and obtenu is not None,
                 f"`creer_optimiseur('{nom}', ...)` doit renvoyer un optimiseur de "
                 "`torch.optim`.", hint="avez-vous oublié le `return` ?")
        _, attendu = six_pas(lambda _nom, p, lr, o=oracle: o(p, lr), nom)
        C.expect_close(obtenu, attendu, rtol=1e-10, atol=1e-12,
                       name=f"θ après 6 pas de creer_optimiseur('{nom}') sur une quadratique",
                       hint="comparez la règle de mise à jour à celle de l'énoncé (μ, λ, "
                            "décroissance découplée pour AdamW).")


@check(hidden=True)
def nom_inconnu(creer_optimiseur):
    # the classes of the exception raised where `creer_optimiseur` lives (None: nothing raised)
    @C.probe
    def erreur_levee(fabrique, nom):
        theta = torch.zeros(3, requires_grad=True)
        try:
            fabrique(nom, [theta], 0.01)
        except Exception as exc:  # noqa: BLE001 - any exception is reported by its classes
            return [f"{c.__module__}.{c.__qualname__}" for c in type(exc).__mro__]
        return None

    for nom in ("rmsprop", "adagrad", "nesterov"):
        classes = C.call(erreur_levee, C.require(creer_optimiseur, "creer_optimiseur"), nom,
                         name="creer_optimiseur")
        C.expect(classes is not None and "builtins.ValueError" in classes,
                 "`creer_optimiseur` doit lever une `ValueError` pour un nom d'optimiseur "
                 "inconnu.",
                 hint="après les quatre cas, `raise ValueError(...)` (pas de repli silencieux "
                      "sur un optimiseur par défaut, pas de `return None`).")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2.** Écrire `recherche_grille(creer_modele, creer_optimiseur, noms, lrs, X, y,
# X_val, y_val, epochs, batch_size)`. Pour chaque optimiseur `nom` de `noms` puis chaque taux
# `lr` de `lrs`, la fonction :
#
# 1. construit un **modèle neuf** par `creer_modele()` (sans argument) et son optimiseur par
#    `creer_optimiseur(nom, modele.parameters(), lr)` ;
# 2. l'entraîne `epochs` époques sur `(X, y)` avec l'entropie croisée sur les logits, par lots de
#    `batch_size` exemples mélangés à chaque époque ;
# 3. enregistre une entrée `{"optimiseur": nom, "lr": lr, "pertes": [...], "pertes_val": [...],
#    "precisions_val": [...]}`, trois listes de `epochs` flottants :
#    - `"pertes"` : perte d'entraînement moyenne par exemple sur les lots de l'époque (chaque
#      perte de lot pondérée par la taille du lot) ;
#    - `"pertes_val"` et `"precisions_val"` : entropie croisée moyenne et précision sur
#      `(X_val, y_val)`, mesurées **à la fin** de l'époque, en mode évaluation et sans gradient.
#
# Elle renvoie la liste des `len(noms) × len(lrs)` entrées. (Passer les constructeurs en
# argument permet de réutiliser la fonction pour d'autres modèles et optimiseurs.)

# %%
def recherche_grille(creer_modele, creer_optimiseur, noms: list[str], lrs: list[float],
                     X: torch.Tensor, y: torch.Tensor, X_val: torch.Tensor, y_val: torch.Tensor,
                     epochs: int, batch_size: int) -> list[dict]:
    """Entraîne un modèle neuf pour chaque (optimiseur, taux) et renvoie la liste des entrées
    {"optimiseur", "lr", "pertes", "pertes_val", "precisions_val"}."""
    # BEGIN SOLUTION
    resultats = []
    for nom in noms:
        for lr in lrs:
            modele = creer_modele()
            opt = creer_optimiseur(nom, modele.parameters(), lr)
            entree = {"optimiseur": nom, "lr": lr, "pertes": [], "pertes_val": [],
                      "precisions_val": []}
            for _ in range(epochs):
                modele.train()
                total = 0.0
                for idx in torch.randperm(len(y)).split(batch_size):
                    loss = F.cross_entropy(modele(X[idx]), y[idx])
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    total += loss.item() * len(idx)
                entree["pertes"].append(total / len(y))
                modele.eval()
                with torch.no_grad():
                    logits = modele(X_val)
                    entree["pertes_val"].append(F.cross_entropy(logits, y_val).item())
                    entree["precisions_val"].append(
                        (logits.argmax(dim=1) == y_val).float().mean().item())
            resultats.append(entree)
    return resultats
    # END SOLUTION


# %%
@check
def structure_de_la_table(recherche_grille):
    @C.probe
    def fabrique_modele():
        torch.manual_seed(0)
        return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))

    @C.probe
    def fabrique_optimiseur(nom, parametres, lr):
        return {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[nom](parametres, lr=lr)

    gen = torch.Generator().manual_seed(2)
    x, y = torch.rand(64, 1, 28, 28, generator=gen), torch.randint(0, 10, (64,), generator=gen)
    table = C.call(recherche_grille, fabrique_modele, fabrique_optimiseur, ["sgd", "adam"],
                   [1e-3, 1e-1], x[:48], y[:48], x[48:], y[48:], 1, 16, name="recherche_grille")
    C.expect(isinstance(table, list) and len(table) == 4,
             "`recherche_grille` doit renvoyer une liste de 4 entrées pour 2 optimiseurs × 2 "
             "taux.", hint="avez-vous oublié le `return` ?")
    for entree in table:
        C.expect(isinstance(entree, dict) and {"optimiseur", "lr", "pertes", "pertes_val",
                                               "precisions_val"} <= set(entree),
                 "Chaque entrée doit être un dictionnaire de clés \"optimiseur\", \"lr\", "
                 "\"pertes\", \"pertes_val\" et \"precisions_val\".")
        for cle in ["pertes", "pertes_val", "precisions_val"]:
            C.expect(len(entree[cle]) == 1, f"`{cle}` doit contenir une valeur par époque.")
    couples = sorted((e["optimiseur"], float(e["lr"])) for e in table)
    C.expect(couples == [("adam", 1e-3), ("adam", 1e-1), ("sgd", 1e-3), ("sgd", 1e-1)],
             f"Couples (optimiseur, lr) de la table : {couples}, attendu une entrée par couple "
             "de ('sgd', 'adam') × (0.001, 0.1).")


@check(hidden=True)
def grille_complete(recherche_grille):
    @C.probe
    def fabrique_modele():
        torch.manual_seed(1)
        return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))

    @C.probe
    def fabrique_optimiseur(nom, parametres, lr):
        classes = {"sgd": torch.optim.SGD, "momentum": torch.optim.SGD,
                   "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}
        return classes[nom](parametres, lr=lr)

    noms, lrs = ["sgd", "momentum", "adam", "adamw"], [1e-4, 1e-3, 1e-2, 1e-1]
    gen = torch.Generator().manual_seed(3)
    x, y = torch.rand(80, 1, 28, 28, generator=gen), torch.randint(0, 10, (80,), generator=gen)
    table = C.call(recherche_grille, fabrique_modele, fabrique_optimiseur, list(noms), list(lrs),
                   x[:60], y[:60], x[60:], y[60:], 2, 20, name="recherche_grille")
    C.expect(isinstance(table, list) and len(table) == 16,
             "`recherche_grille` doit renvoyer une entrée par couple (optimiseur, taux) : 16 "
             "pour la grille de l'énoncé.")
    vus = set()
    for entree in table:
        C.expect(isinstance(entree, dict) and {"optimiseur", "lr", "pertes", "pertes_val",
                                               "precisions_val"} <= set(entree),
                 "Chaque entrée doit être un dictionnaire de clés \"optimiseur\", \"lr\", "
                 "\"pertes\", \"pertes_val\" et \"precisions_val\".")
        vus.add((entree["optimiseur"], round(math.log10(float(entree["lr"])))))
        for cle in ["pertes", "pertes_val", "precisions_val"]:
            C.expect(len(entree[cle]) == 2,
                     f"`{cle}` doit contenir une valeur par époque (2 ici).")
            for v in entree[cle]:
                C.as_number(v, name=f"une valeur de `{cle}`")
        for v in entree["precisions_val"]:
            C.expect_in_range(v, 0.0, 1.0, name="une précision de validation")
    C.expect(vus == {(n, k) for n in noms for k in (-4, -3, -2, -1)},
             "La table ne contient pas exactement une entrée par couple (optimiseur, taux).",
             hint="deux boucles imbriquées : pour chaque nom, pour chaque taux.")


@check(hidden=True)
def valeurs_plein_lot(recherche_grille):
    # handed to student code, and called here for the oracle
    @C.probe
    def fabrique_modele():
        gen = torch.Generator().manual_seed(21)
        modele = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 16),
                                     torch.nn.ReLU(), torch.nn.Linear(16, 10))
        with torch.no_grad():
            for p in modele.parameters():
                p.copy_(0.05 * torch.randn(p.shape, generator=gen))
        return modele

    @C.probe
    def fabrique_optimiseur(nom, parametres, lr):
        if nom == "sgd":
            return torch.optim.SGD(parametres, lr=lr)
        if nom == "momentum":
            return torch.optim.SGD(parametres, lr=lr, momentum=0.9)
        return torch.optim.Adam(parametres, lr=lr)

    gen = torch.Generator().manual_seed(22)
    x, y = torch.rand(96, 1, 28, 28, generator=gen), torch.randint(0, 10, (96,), generator=gen)
    xv, yv = torch.rand(40, 1, 28, 28, generator=gen), torch.randint(0, 10, (40,), generator=gen)
    noms, lrs = ["sgd", "momentum", "adam"], [0.01, 0.1]
    table = C.call(recherche_grille, fabrique_modele, fabrique_optimiseur, list(noms), list(lrs),
                   x, y, xv, yv, 3, 96, name="recherche_grille")
    C.expect(isinstance(table, list) and len(table) == 6,
             "`recherche_grille` doit renvoyer une entrée par couple (optimiseur, taux).")
    for nom in noms:
        for lr in lrs:
            entree = [e for e in table if isinstance(e, dict) and e.get("optimiseur") == nom
                      and abs(float(e.get("lr", -1)) - lr) < 1e-12]
            C.expect(len(entree) == 1, f"La table n'a pas d'entrée unique pour ('{nom}', {lr}).")
            modele = fabrique_modele()
            opt = fabrique_optimiseur(nom, modele.parameters(), lr)
            attendu = {"pertes": [], "pertes_val": [], "precisions_val": []}
            for _ in range(3):
                perte = F.cross_entropy(modele(x), y)
                opt.zero_grad()
                perte.backward()
                opt.step()
                attendu["pertes"].append(perte.item())
                with torch.no_grad():
                    logits = modele(xv)
                    attendu["pertes_val"].append(F.cross_entropy(logits, yv).item())
                    attendu["precisions_val"].append(
                        (logits.argmax(dim=1) == yv).double().mean().item())
            for cle, tol in [("pertes", 1e-4), ("pertes_val", 1e-4), ("precisions_val", 0.03)]:
                got = torch.tensor([C.as_number(v, name=cle) for v in entree[0][cle]],
                                   dtype=torch.float64)
                C.expect_close(got, torch.tensor(attendu[cle], dtype=torch.float64),
                               rtol=tol, atol=tol,
                               name=f"{cle} de ('{nom}', lr={lr}), un lot par époque",
                               hint="un modèle neuf par configuration ; à chaque lot "
                                    "zero_grad(), backward(), step() ; mesures de validation "
                                    "après l'époque, sur les logits.")


@check(hidden=True)
def lots_melanges_et_mesures(recherche_grille):
    # each forward records (identifiants des exemples, mode entraînement, gradient actif); with
    # lr = 0 the model never changes, so every loss is known in advance
    gen = torch.Generator().manual_seed(44)
    n, nv, epochs, taille_lot = 30, 12, 3, 8
    x = torch.cat([torch.arange(n, dtype=torch.float32)[:, None],
                   torch.randn(n, 3, generator=gen)], dim=1)
    xv = torch.cat([1000 + torch.arange(nv, dtype=torch.float32)[:, None],
                    torch.randn(nv, 3, generator=gen)], dim=1)
    y, yv = torch.randint(0, 4, (n,), generator=gen), torch.randint(0, 4, (nv,), generator=gen)
    poids, biais = torch.randn(4, 3, generator=gen), torch.randn(4, generator=gen)

    @C.probe
    def grille(*args):
        vus = []

        class Enregistreur(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.lin = torch.nn.Linear(3, 4)
                with torch.no_grad():
                    self.lin.weight.copy_(poids)
                    self.lin.bias.copy_(biais)

            def forward(self, entree):
                vus.append(([int(v) for v in entree[:, 0].tolist()], bool(self.training),
                            bool(torch.is_grad_enabled())))
                return self.lin(entree[:, 1:])

        def fabrique_optimiseur(nom, parametres, lr):
            return torch.optim.SGD(parametres, lr=lr)

        table = recherche_grille(Enregistreur, fabrique_optimiseur, *args)
        return table, vus

    table, vus = C.call(grille, ["sgd"], [0.0], x, y, xv, yv, epochs, taille_lot,
                        name="recherche_grille")
    C.expect(isinstance(table, list) and len(table) == 1 and isinstance(table[0], dict),
             "`recherche_grille` doit renvoyer une entrée pour une grille à une seule "
             "configuration.")
    validation = [v for v in vus if v[0] and min(v[0]) >= 1000]
    C.expect(validation, "`recherche_grille` n'évalue pas le modèle sur (X_val, y_val).")
    C.expect(all(not entrainement for _, entrainement, _g in validation),
             "Les mesures de validation ne sont pas faites en mode évaluation.",
             hint="modele.eval() avant les mesures de validation, modele.train() avant "
                  "l'entraînement.")
    C.expect(all(not gradient for _, _m, gradient in validation),
             "Les mesures de validation ne sont pas faites sans gradient.",
             hint="calculez-les dans un bloc `with torch.no_grad():`.")
    lots = [v for v in vus if v[0] and max(v[0]) < n and v[2]]
    C.expect(all(entrainement for _, entrainement, _g in lots),
             "L'entraînement ne se fait pas en mode entraînement à chaque époque.",
             hint="modele.train() au début de chaque époque (après les mesures en mode "
                  "évaluation).")
    C.expect(all(len(ids) <= taille_lot for ids, _m, _g in lots),
             "`recherche_grille` forme des lots de plus de `batch_size` exemples.")
    ordre = [i for ids, _m, _g in lots for i in ids]
    C.expect(len(ordre) == epochs * n,
             "Chaque époque doit passer une fois sur chaque exemple d'entraînement.")
    epoques = [ordre[k * n:(k + 1) * n] for k in range(epochs)]
    C.expect(all(sorted(e) == list(range(n)) for e in epoques),
             "Chaque époque doit passer exactement une fois sur chaque exemple d'entraînement.")
    C.expect(all(e != list(range(n)) for e in epoques),
             "Les exemples ne sont pas mélangés : les lots suivent l'ordre des données.",
             hint="tirez une permutation (torch.randperm) à chaque époque.")
    C.expect(len({tuple(e) for e in epoques}) == epochs,
             "Les exemples ne sont pas mélangés à nouveau à chaque époque.",
             hint="tirez une nouvelle permutation au début de chaque époque.")
    with torch.no_grad():
        logits, logits_val = F.linear(x[:, 1:], poids, biais), F.linear(xv[:, 1:], poids, biais)
        attendu = {"pertes": float(F.cross_entropy(logits, y)),
                   "pertes_val": float(F.cross_entropy(logits_val, yv)),
                   "precisions_val": float((logits_val.argmax(dim=1) == yv).double().mean())}
    for cle, valeur in attendu.items():
        C.expect(cle in table[0] and len(table[0][cle]) == epochs,
                 f"`{cle}` doit contenir une valeur par époque.")
        got = torch.tensor([C.as_number(v, name=cle) for v in table[0][cle]],
                           dtype=torch.float64)
        C.expect_close(got, torch.full((epochs,), valeur, dtype=torch.float64),
                       rtol=1e-5, atol=1e-6, name=f"{cle} (lots de tailles inégales)",
                       hint=("moyenne par exemple : pondérez chaque perte de lot par la taille "
                             "du lot (le dernier lot est plus petit)." if cle == "pertes" else
                             "entropie croisée moyenne et précision sur tout (X_val, y_val)."))


# %% [raw]
# # END QUESTION

# %% [markdown]
# La cellule suivante lance la grille complète avec un **tout petit budget** (pour rester
# rapide) ; sur votre machine, augmentez `N_TRAIN`, `N_VAL` et `EPOCHS` (avec un GPU : toutes les
# images et une dizaine d'époques). Fixez la graine avant chaque configuration si vous
# voulez que toutes partent de la même initialisation.

# %%
NOMS = ["sgd", "momentum", "adam", "adamw"]
LRS = [1e-4, 1e-3, 1e-2, 1e-1]
N_TRAIN, N_VAL, EPOCHS, BATCH_SIZE = 256, 256, 2, 64

torch.manual_seed(0)
table = recherche_grille(creer_mlp, creer_optimiseur, NOMS, LRS, X_train[:N_TRAIN],
                         y_train[:N_TRAIN], X_val[:N_VAL], y_val[:N_VAL], EPOCHS, BATCH_SIZE)
for entree in table:
    print(f"{entree['optimiseur']:9s} lr={entree['lr']:g}\tperte val finale "
          f"{entree['pertes_val'][-1]:.4f}\tprécision val {entree['precisions_val'][-1]:.3f}")

# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3.** Écrire `meilleurs_lr(table)` qui, pour une table renvoyée par
# `recherche_grille`, renvoie le dictionnaire `{nom: lr}` donnant, pour chaque optimiseur
# présent dans la table, le taux dont la **perte de validation finale** (dernière valeur de
# `"pertes_val"`) est la **plus petite**. Une configuration dont la perte finale n'est pas finie
# (`nan` ou `inf` : l'entraînement a divergé) n'est jamais retenue ; on suppose qu'il reste au
# moins une configuration finie par optimiseur. Les entrées peuvent être dans n'importe quel
# ordre.

# %%
def meilleurs_lr(table: list[dict]) -> dict[str, float]:
    """{optimiseur: taux de plus petite perte de validation finale (finie)}."""
    # BEGIN SOLUTION
    meilleurs = {}
    for entree in table:
        perte = float(entree["pertes_val"][-1])
        if not math.isfinite(perte):
            continue
        nom = entree["optimiseur"]
        if nom not in meilleurs or perte < meilleurs[nom][1]:
            meilleurs[nom] = (entree["lr"], perte)
    return {nom: lr for nom, (lr, _) in meilleurs.items()}
    # END SOLUTION


# %%
choix = meilleurs_lr(table)
print(choix)

# %%
@check
def choix_sur_petite_table(meilleurs_lr):
    def entree(nom, lr, pertes_val):
        return {"optimiseur": nom, "lr": lr, "pertes": [2.0, 1.5],
                "pertes_val": list(pertes_val), "precisions_val": [0.5, 0.6]}

    table = [entree("sgd", 0.01, [2.0, 1.2]), entree("sgd", 0.1, [1.9, 0.9]),
             entree("adam", 0.001, [1.0, 0.5]), entree("adam", 0.01, [0.9, 0.7])]
    choix = C.call(meilleurs_lr, table, name="meilleurs_lr")
    C.expect(isinstance(choix, dict), "`meilleurs_lr` doit renvoyer un dictionnaire {nom: lr}.",
             hint="avez-vous oublié le `return` ?")
    C.expect_equal(choix, {"sgd": 0.1, "adam": 0.001}, name="meilleurs_lr(table)", reveal=True,
                   hint="plus petite perte de validation **finale** pour chaque optimiseur.")


@check(hidden=True)
def choix_cas_difficiles(meilleurs_lr):
    import random

    rng = random.Random(31)
    noms, lrs = ["sgd", "momentum", "adam", "adamw"], [1e-4, 1e-3, 1e-2, 1e-1]
    table, attendu = [], {}
    for nom in noms:
        meilleur = rng.choice(lrs)
        diverge = rng.choice([lr for lr in lrs if lr != meilleur])
        attendu[nom] = meilleur
        for lr in lrs:
            finale = 0.3 + rng.random() * 0.1 if lr == meilleur else 0.5 + rng.random()
            if lr == diverge:
                finale = math.nan if nom in ("sgd", "adam") else math.inf
            debut = 0.1 if lr != meilleur else 2.5
            table.append({"optimiseur": nom, "lr": lr,
                          "pertes": [2.0, 0.01 if lr != meilleur else 1.8],
                          "pertes_val": [debut, 1.0, finale],
                          "precisions_val": [0.2, 0.4, 0.9 if lr != meilleur else 0.6]})
    rng.shuffle(table)
    choix = C.call(meilleurs_lr, table, name="meilleurs_lr")
    C.expect(isinstance(choix, dict), "`meilleurs_lr` doit renvoyer un dictionnaire {nom: lr}.")
    C.expect(set(choix) == set(noms),
             "`meilleurs_lr` doit renvoyer une entrée par optimiseur présent dans la table.")
    for nom in noms:
        C.expect(isinstance(choix[nom], (int, float)) and math.isclose(choix[nom], attendu[nom]),
                 f"`meilleurs_lr` ne choisit pas le bon taux pour '{nom}'.",
                 hint="critère : la plus petite **dernière** valeur de \"pertes_val\", en "
                      "écartant les pertes non finies (nan, inf).")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4.** Meilleure configuration. Sur Fashion-MNIST, AdamW avec $\eta = 10^{-3}$
# figure en général parmi les meilleures configurations de la grille. La correction appelle
# votre `recherche_grille` avec votre `creer_optimiseur`, pour la seule configuration
# (`"adamw"`, $10^{-3}$), sur le MLP $(784, 512, 256, 10)$ et un budget fixé (quelques
# époques), puis mesure la précision du modèle entraîné sur son propre ensemble de test. Il
# n'y a rien de plus à écrire : cette question vérifie que l'ensemble fonctionne.
#
# La cellule ci-dessous trace, pour chaque optimiseur, les courbes de sa meilleure
# configuration.

# %%
fig, (ax_perte, ax_prec) = plt.subplots(1, 2, figsize=(10, 3.5))
for entree in table:
    if choix.get(entree["optimiseur"]) != entree["lr"]:
        continue
    epoques = range(1, len(entree["pertes"]) + 1)
    etiquette = f"{entree['optimiseur']} (lr={entree['lr']:g})"
    ax_perte.plot(epoques, entree["pertes"], marker="o", label=etiquette)
    ax_prec.plot(epoques, entree["precisions_val"], marker="o", label=etiquette)
ax_perte.set(xlabel="époque", ylabel="perte d'entraînement")
ax_prec.set(xlabel="époque", ylabel="précision de validation")
ax_perte.legend()
plt.tight_layout()
plt.show()

# %%
@check
def adamw_apprend(recherche_grille, creer_optimiseur):
    C.require(recherche_grille, "recherche_grille")
    C.require(creer_optimiseur, "creer_optimiseur")

    # runs where `recherche_grille` lives and returns its table and the models it built
    # (proxies in the secure harness), for the grader to measure
    @C.probe
    def grille(*args):
        C.seed_everything(0)
        modeles = []

        def fabrique_modele():
            modele = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 64),
                                         torch.nn.ReLU(), torch.nn.Linear(64, 10))
            modeles.append(modele)
            return modele

        return recherche_grille(fabrique_modele, creer_optimiseur, *args), modeles

    x, y = data.tensors("fashion-mnist", "train")
    table, modeles = C.call(grille, ["adamw"], [1e-3], x[:1000], y[:1000], x[-200:], y[-200:],
                            1, 32, name="recherche_grille")
    C.expect(isinstance(table, list) and len(table) == 1 and len(modeles) == 1,
             "`recherche_grille` doit créer un modèle et renvoyer une entrée pour une grille à "
             "une seule configuration.")
    acc = C.accuracy(modeles[0], "fashion-mnist", name="MLP entraîné par recherche_grille",
                     split="test")
    C.expect(acc >= 0.3, f"Après une époque sur 1 000 images, le petit MLP entraîné par "
             f"`recherche_grille` (AdamW, lr = 0,001) n'atteint que {100 * acc:.1f} % de "
             "précision sur l'ensemble de test (attendu au moins 30 %).",
             hint="vérifiez que l'optimiseur met bien à jour les paramètres du modèle créé.")


@check(hidden=True)
def precision_meilleure_configuration(recherche_grille, creer_optimiseur):
    b = C.budget("adamw")
    C.require(recherche_grille, "recherche_grille")
    C.require(creer_optimiseur, "creer_optimiseur")
    graine, device = C.seed(), b.device

    # as in adamw_apprend, with the statement's MLP on the budget's device
    @C.probe
    def grille(*args):
        C.seed_everything(graine)
        modeles = []

        def fabrique_modele():
            modele = torch.nn.Sequential(
                torch.nn.Flatten(), torch.nn.Linear(784, 512), torch.nn.ReLU(),
                torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)
            ).to(device)
            modeles.append(modele)
            return modele

        return recherche_grille(fabrique_modele, creer_optimiseur, *args), modeles

    x, y = (t[: b.train_size].to(device) for t in data.tensors(b.dataset, "train"))
    xv, yv = (t[:500].to(device) for t in data.tensors(b.dataset, "test"))
    table, modeles = C.call(grille, ["adamw"], [b.lr], x, y, xv, yv, b.epochs, b.batch_size,
                            name="recherche_grille")
    C.expect(isinstance(table, list) and len(table) == 1 and len(modeles) == 1,
             "`recherche_grille` doit créer un modèle et renvoyer une entrée pour une grille à "
             "une seule configuration.")
    acc = C.accuracy(modeles[0], b.dataset, name="MLP (784, 512, 256, 10) avec AdamW")
    C.expect_accuracy(acc, b, name="MLP (784, 512, 256, 10) avec AdamW",
                      hint="zero_grad() à chaque lot, perte sur les logits, AdamW au taux lr.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** Avec un budget plus grand que celui de la cellule de la grille,
# analyser vos résultats : quel est le meilleur taux de chaque optimiseur et pourquoi ces taux
# diffèrent-ils d'un optimiseur à l'autre (ordre de grandeur) ? Comparer les vitesses de
# convergence et la précision finale des quatre meilleures configurations. Que se passe-t-il
# pour un taux trop grand ou trop petit ? Quelle différence observez-vous entre Adam et AdamW,
# et pourquoi est-elle faible ici ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. SGD sans momentum demande un grand taux ($10^{-1}$, parfois $10^{-2}$) et
# converge le plus lentement ; le momentum ($\mu = 0{,}9$) multiplie le pas effectif par environ
# $1/(1-\mu) = 10$ : son meilleur taux est typiquement dix fois plus petit ($10^{-2}$) et il
# converge nettement plus vite que SGD. Adam et AdamW normalisent chaque coordonnée par
# $\sqrt{\hat v}$, si bien que le pas est de l'ordre de $\eta$ quelle que soit l'échelle du
# gradient : leur meilleur taux est $10^{-3}$ (à $10^{-1}$ ils divergent ou stagnent, à
# $10^{-4}$ ils sont lents mais réguliers). Ils convergent le plus vite dans les premières
# époques ; la précision finale des quatre meilleures configurations est proche (à un ou deux
# points près), SGD restant en retrait à budget égal. Un taux trop grand fait osciller ou
# diverger la perte (nan) ; un taux trop petit donne une courbe presque plate. AdamW ne diffère
# d'Adam que par la décroissance découplée des poids $\eta\lambda\theta$ ; avec $\lambda = 0{,}01$,
# $\eta = 10^{-3}$ et peu d'époques, son effet cumulé ($\approx \eta\lambda$ par pas) est
# minime, d'où des courbes presque confondues ; l'écart apparaîtrait sur des entraînements
# longs ou sujets au surapprentissage (meilleure généralisation d'AdamW). Une seule graine ne
# suffit pas à départager des écarts de quelques dixièmes de point.

