# %% [markdown]
# # Exercice 1.4 (⋆⋆) — Étude d'ablation : profondeur × largeur d'un MLP sur MNIST
#
# On veut mesurer systématiquement l'effet de l'architecture d'un MLP sur la précision obtenue
# sur MNIST, en faisant varier
#
# - (a) la **profondeur** : le nombre de couches cachées, de 1 à 6 ;
# - (b) la **largeur** : le nombre de neurones de chaque couche cachée, de 32 à 512 ;
#
# puis tracer une **carte de chaleur** (heatmap) de la précision en fonction du couple
# (profondeur, largeur), comme dans l'étude d'ablation de la section 1.7 du cours.
#
# **Données.** Le notebook utilise une copie hors ligne de MNIST : un sous-ensemble réel de
# 5 000 chiffres (4 000 d'entraînement, 500 de test), chargé par
# `data.load("mnist", train=True)` exactement comme `torchvision.datasets.MNIST` (la base
# complète se charge de la même façon là où elle est disponible). Le correcteur mesure la
# précision sur ses propres images, que vous ne voyez pas.

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

from autograder import data

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 (fabrique de modèles).** Écrire `creer_mlp(profondeur, largeur)` qui renvoie un
# `nn.Module` prenant des images de forme `(B, 1, 28, 28)` et renvoyant des **logits** de forme
# `(B, 10)` (pas de softmax : la perte `cross_entropy` s'en charge). Le réseau aplatit l'image
# (784 entrées), puis enchaîne **`profondeur` couches cachées** de `largeur` neurones, chacune
# suivie d'une ReLU, et se termine par une couche linéaire vers les 10 classes. Toutes les
# couches linéaires ont un biais. Ainsi `creer_mlp(2, 128)` est le MLP 784-128-128-10.

# %%
def creer_mlp(profondeur: int, largeur: int) -> nn.Module:
    """MLP 784 → largeur (× profondeur couches cachées, ReLU) → 10 logits."""
    # BEGIN SOLUTION
    couches: list[nn.Module] = [nn.Flatten()]
    entree = 28 * 28
    for _ in range(profondeur):
        couches += [nn.Linear(entree, largeur), nn.ReLU()]
        entree = largeur
    couches.append(nn.Linear(entree, 10))
    return nn.Sequential(*couches)
    # END SOLUTION


# %%
modele = creer_mlp(2, 128)
print(modele)
print("paramètres :", sum(p.numel() for p in modele.parameters()))

# %%
@check
def forme_et_parametres(creer_mlp):
    model = C.make_model(creer_mlp, 2, 64, name="creer_mlp(2, 64)")
    out = C.forward(model, torch.rand(5, 1, 28, 28), name="creer_mlp(2, 64)")
    C.expect_shape(out, (5, 10), name="creer_mlp(2, 64)(x)")
    expected = 784 * 64 + 64 + (64 * 64 + 64) + 64 * 10 + 10
    C.expect_equal(C.count_params(model), expected, name="nombre de paramètres de "
                   "creer_mlp(2, 64)", reveal=True,
                   hint="profondeur = nombre de couches CACHÉES ; chaque couche a un biais.")


@check(hidden=True)
def parametres_forme_close(creer_mlp):
    for p, w in [(1, 32), (3, 96), (4, 33), (6, 512)]:
        model = C.make_model(creer_mlp, p, w, name=f"creer_mlp({p}, {w})")
        expected = 784 * w + w + (p - 1) * (w * w + w) + 10 * w + 10
        C.expect_equal(C.count_params(model), expected,
                       name=f"nombre de paramètres de creer_mlp({p}, {w})",
                       hint="il faut exactement `profondeur` couches cachées de `largeur` "
                            "neurones, plus la couche de sortie (784 → largeur → … → 10).")


@check(hidden=True)
def non_linearite_et_logits(creer_mlp):
    torch.manual_seed(3)
    model = C.make_model(creer_mlp, 3, 48, name="creer_mlp(3, 48)")
    g = torch.Generator().manual_seed(14)
    x1, x2 = torch.rand(7, 1, 28, 28, generator=g), torch.rand(7, 1, 28, 28, generator=g)
    C.expect_shape(C.forward(model, x1[:1], name="creer_mlp(3, 48)"), (1, 10),
                   name="creer_mlp(3, 48)(x) pour un lot d'une image")
    y1 = C.forward(model, x1, name="creer_mlp(3, 48)").detach()
    y2 = C.forward(model, x2, name="creer_mlp(3, 48)").detach()
    ym = C.forward(model, 0.3 * x1 + 0.7 * x2, name="creer_mlp(3, 48)").detach()
    C.expect_shape(y1, (7, 10), name="creer_mlp(3, 48)(x)")
    gap = float((ym - (0.3 * y1 + 0.7 * y2)).abs().max())
    scale = float(y1.abs().max()) + 1e-12
    C.expect(gap > 1e-3 * scale, "`creer_mlp` renvoie une fonction affine de l'entrée : les "
             "couches cachées n'ont pas d'activation.",
             hint="ajoutez une ReLU après chaque couche cachée (pas après la couche de sortie).")
    sums = torch.softmax(y1, dim=1).sum(dim=1)
    C.expect(not torch.allclose(y1.sum(dim=1), sums, atol=1e-4) and bool((y1 < 0).any()),
             "`creer_mlp` semble renvoyer des probabilités plutôt que des logits.",
             hint="ne terminez pas par un softmax : `cross_entropy` attend des logits.")


@check(hidden=True)
def activation_relu(creer_mlp):
    # A ReLU network is piecewise affine: along a short segment (float64, away from the rare
    # kinks) its second difference vanishes to rounding, whereas tanh, sigmoid or GELU curve.
    @C.probe
    def fraction_affine(model):
        import copy

        g = torch.Generator().manual_seed(4)
        x = torch.rand(64, 1, 28, 28, generator=g, dtype=torch.float64)
        d = torch.randn(64, 1, 28, 28, generator=g, dtype=torch.float64)
        try:
            m = copy.deepcopy(model).double()
            with torch.no_grad():
                f0, fp, fm = m(x), m(x + 1e-3 * d), m(x - 1e-3 * d)
        except Exception:  # a model that cannot run in float64: nothing to conclude
            return None
        second = (fp + fm - 2 * f0).abs().amax(dim=1)
        return float((second <= 1e-10 * f0.abs().max()).double().mean())

    torch.manual_seed(6)
    model = C.make_model(creer_mlp, 2, 32, name="creer_mlp(2, 32)")
    fraction = C.call(fraction_affine, model, name="creer_mlp(2, 32)")
    if fraction is not None:
        C.expect(fraction >= 0.5,
                 "`creer_mlp` n'est pas affine par morceaux : les couches cachées ne sont pas "
                 "suivies d'une ReLU.",
                 hint="l'énoncé demande une ReLU après chaque couche cachée (pas tanh, sigmoïde "
                      "ni GELU).")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 (capacité, contrôle de cohérence).** Écrire `table_parametres(profondeurs,
# largeurs)` qui renvoie le tableau (tenseur d'entiers) de forme
# `(len(profondeurs), len(largeurs))` dont la case `[i, j]` est le nombre de paramètres
# entraînables de `creer_mlp(profondeurs[i], largeurs[j])`.
#
# Contrôle de cohérence : pour des listes croissantes, ce tableau est **strictement croissant
# le long de chaque ligne et de chaque colonne**. Justifiez-le à partir de la formule
# $N(L, n) = 784\,n + n + (L-1)(n^2 + n) + 10\,n + 10$ : ajouter une couche cachée ajoute
# $n^2 + n > 0$ paramètres, et $N$ est croissant en $n$. La carte de chaleur compare donc
# des modèles de capacités très différentes (de ~25 000 à ~1,7 million de paramètres).

# %%
def table_parametres(profondeurs: list[int], largeurs: list[int]) -> torch.Tensor:
    """Tableau (len(profondeurs), len(largeurs)) des nombres de paramètres."""
    # BEGIN SOLUTION
    table = torch.zeros(len(profondeurs), len(largeurs), dtype=torch.int64)
    for i, p in enumerate(profondeurs):
        for j, w in enumerate(largeurs):
            table[i, j] = sum(t.numel() for t in creer_mlp(p, w).parameters())
    return table
    # END SOLUTION


# %%
PROFONDEURS = [1, 2, 3, 4, 5, 6]
LARGEURS = [32, 64, 128, 256, 512]
print(table_parametres(PROFONDEURS, LARGEURS))

# %%
@check
def table_croissante(table_parametres):
    t = C.as_tensor(C.call(table_parametres, [1, 2, 3, 4, 5, 6], [32, 64, 128, 256, 512],
                           name="table_parametres"), name="table_parametres")
    C.expect_shape(t, (6, 5), name="table_parametres(profondeurs, largeurs)",
                   hint="une ligne par profondeur, une colonne par largeur.")
    C.expect(bool((t[:, 1:] > t[:, :-1]).all()),
             "`table_parametres` n'est pas strictement croissante le long des lignes (largeur).")
    C.expect(bool((t[1:, :] > t[:-1, :]).all()),
             "`table_parametres` n'est pas strictement croissante le long des colonnes "
             "(profondeur).", hint="la case [i, j] correspond à (profondeurs[i], largeurs[j]).")


@check(hidden=True)
def table_forme_close(table_parametres):
    depths, widths = [1, 4, 6], [32, 48, 200, 512]
    t = C.as_tensor(C.call(table_parametres, list(depths), list(widths),
                           name="table_parametres"), name="table_parametres")
    expected = torch.tensor([[784 * w + w + (p - 1) * (w * w + w) + 10 * w + 10 for w in widths]
                             for p in depths], dtype=torch.float64)
    C.expect_close(t.to(torch.float64), expected, name="table_parametres([1, 4, 6], …)",
                   rtol=0.0, atol=0.5,
                   hint="case [i, j] = paramètres de creer_mlp(profondeurs[i], largeurs[j]).")


@check(hidden=True)
def table_d_entiers(table_parametres):
    t = C.as_tensor(C.call(table_parametres, [1, 3], [32, 64], name="table_parametres"),
                    name="table_parametres")
    C.expect(not (t.is_floating_point() or t.is_complex() or t.dtype == torch.bool),
             f"`table_parametres` devrait renvoyer un tenseur d'entiers, pas de type "
             f"`{t.dtype}`.",
             hint="créez le tableau avec `dtype=torch.int64` (ou `torch.long`).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 (la grille d'ablation).** Écrire `grille_ablation(fabrique, profondeurs,
# largeurs, entrainer)` qui, pour chaque couple (profondeur, largeur), construit **un nouveau
# modèle** `fabrique(profondeur, largeur)`, l'entraîne et l'évalue avec `entrainer(modele)`
# (qui renvoie une précision dans $[0, 1]$), et renvoie le tableau des précisions : un tenseur
# de flottants de forme `(len(profondeurs), len(largeurs))` dont la case `[i, j]` correspond à
# `(profondeurs[i], largeurs[j])`. Chaque configuration est entraînée exactement une fois.
#
# Les paramètres s'appellent `fabrique(profondeur, largeur)` et `entrainer(modele)` : vous
# pouvez les passer par position ou par mot-clé. La fonction d'entraînement est un paramètre :
# le correcteur peut ainsi lancer votre grille avec ses propres budgets. La fonction
# `entrainer_et_evaluer` ci-dessous (fournie) entraîne avec Adam et renvoie la précision sur
# l'ensemble de test.

# %%
def grille_ablation(fabrique, profondeurs: list[int], largeurs: list[int],
                    entrainer) -> torch.Tensor:
    """Tableau (len(profondeurs), len(largeurs)) des précisions renvoyées par `entrainer`."""
    # BEGIN SOLUTION
    precisions = torch.zeros(len(profondeurs), len(largeurs))
    for i, p in enumerate(profondeurs):
        for j, w in enumerate(largeurs):
            precisions[i, j] = float(entrainer(fabrique(p, w)))
    return precisions
    # END SOLUTION


# %%
_train, _test = data.load("mnist", train=True), data.load("mnist", train=False)
X_TRAIN, Y_TRAIN = _train.data.float().div(255).unsqueeze(1), _train.targets
X_TEST, Y_TEST = _test.data.float().div(255).unsqueeze(1), _test.targets


def entrainer_et_evaluer(modele: nn.Module, epochs: int = 1, n_train: int = 1000,
                         lr: float = 1e-3, batch_size: int = 64) -> float:
    """Entraîne `modele` (Adam, entropie croisée) puis renvoie sa précision de test."""
    torch.manual_seed(0)
    opt = torch.optim.Adam(modele.parameters(), lr=lr)
    x, y = X_TRAIN[:n_train], Y_TRAIN[:n_train]
    modele.train()
    for _ in range(epochs):
        for idx in torch.randperm(len(y)).split(batch_size):
            perte = nn.functional.cross_entropy(modele(x[idx]), y[idx])
            opt.zero_grad()
            perte.backward()
            opt.step()
    modele.eval()
    with torch.no_grad():
        return (modele(X_TEST).argmax(dim=1) == Y_TEST).float().mean().item()


# %% [markdown]
# Par défaut (`RAPIDE = True`), la cellule suivante ne lance qu'une petite grille 3 × 3 sur
# 640 images (une seconde environ) : ses précisions ne sont qu'indicatives. Pour l'étude
# complète 6 × 5, passez `RAPIDE = False` (quelques minutes sur CPU, davantage d'époques et
# toutes les images d'entraînement).

# %%
RAPIDE = True
if RAPIDE:
    profs, largs = [1, 2, 3], [32, 64, 128]
    precisions = grille_ablation(creer_mlp, profs, largs,
                                 lambda m: entrainer_et_evaluer(m, n_train=640, lr=3e-3))
else:
    profs, largs = PROFONDEURS, LARGEURS
    precisions = grille_ablation(creer_mlp, profs, largs,
                                 lambda m: entrainer_et_evaluer(m, epochs=5, n_train=4000))
print(precisions)

# %%
@check
def grille_forme(grille_ablation):
    # parameters named as the statement documents them: a keyword call works too
    fabrique = C.code("lambda profondeur, largeur: torch.nn.Linear(1, 1)")
    result = C.call(grille_ablation, fabrique, [1, 2], [32, 64, 128],
                    C.code("lambda modele: 0.5"), name="grille_ablation")
    t = C.as_tensor(result, name="grille_ablation")
    C.expect_shape(t, (2, 3), name="grille_ablation(fabrique, [1, 2], [32, 64, 128], …)",
                   hint="une ligne par profondeur, une colonne par largeur.")
    C.expect_close(t.to(torch.float64), torch.full((2, 3), 0.5, dtype=torch.float64),
                   name="grille_ablation (entraînement qui renvoie toujours 0.5)", reveal=True)


@check(hidden=True)
def grille_disposition(grille_ablation):
    depths, widths = [1, 2, 3], [32, 64, 128, 256, 512]

    @C.probe
    def fabrique(profondeur, largeur):
        model = nn.Linear(1, 1)
        model.configuration = (profondeur, largeur)
        return model

    # each configuration's value encodes where it belongs; a second training of the same model
    # or configuration returns a value 100 higher, so the grid shows any call made twice
    @C.probe
    def entrainer(modele, seen={}):  # noqa: B006 - the calls seen, kept across calls
        p, w = modele.configuration
        seen[(p, w)] = seen.get((p, w), 0) + 1 + 10 * getattr(modele, "trained", 0)
        modele.trained = 1
        return p / 10 + w / 10000 + 100 * (seen[(p, w)] - 1)

    result = C.call(grille_ablation, fabrique, list(depths), list(widths), entrainer,
                    name="grille_ablation")
    t = C.as_tensor(result, name="grille_ablation")
    C.expect_shape(t, (3, 5), name="grille_ablation(fabrique, [1, 2, 3], [32, …, 512], …)",
                   hint="une ligne par profondeur, une colonne par largeur (pas la transposée).")
    t = t.to(torch.float64)
    C.expect(bool((t < 100).all()) and len(set(t.reshape(-1).tolist())) == t.numel(),
             "`grille_ablation` n'entraîne pas chaque configuration exactement une fois avec "
             "`fabrique(profondeur, largeur)`.",
             hint="appelez `fabrique(profondeur, largeur)` dans cet ordre, un modèle neuf par "
                  "case, puis `entrainer(modele)` une seule fois.")
    expected = torch.tensor([[p / 10 + w / 10000 for w in widths] for p in depths],
                            dtype=torch.float64)
    C.expect_close(t, expected, name="grille_ablation",
                   hint="la case [i, j] doit contenir la précision de (profondeurs[i], "
                        "largeurs[j]).")


@check(hidden=True)
def grille_entrainement_reel(grille_ablation):
    import dataclasses

    b = C.budget("moyen")
    tiny = dataclasses.replace(b, epochs=1, train_size=min(b.train_size, 400))

    @C.probe
    def fabrique(profondeur, largeur):
        torch.manual_seed(1000 * profondeur + largeur)
        layers = [nn.Flatten(), nn.Linear(784, largeur), nn.ReLU()]
        for _ in range(profondeur - 1):
            layers += [nn.Linear(largeur, largeur), nn.ReLU()]
        return nn.Sequential(*layers, nn.Linear(largeur, 10))

    @C.probe
    def entrainer(modele):
        C.train_classifier(modele, tiny, name="modèle de la grille")
        return C.accuracy(modele, tiny.dataset, name="modèle de la grille", split="test")

    result = C.call(grille_ablation, fabrique, [1, 2], [32], entrainer, name="grille_ablation")
    t = C.as_tensor(result, name="grille_ablation").to(torch.float64)
    C.expect_shape(t, (2, 1), name="grille_ablation(fabrique, [1, 2], [32], …)")
    C.expect(bool(((t >= 0) & (t <= 1)).all()),
             "`grille_ablation` renvoie des précisions hors de [0, 1].")
    returned = [entrainer(fabrique(p, 32)) for p in (1, 2)]  # the same training, done here
    C.expect_close(t.reshape(-1), torch.tensor(returned, dtype=torch.float64), atol=0.02,
                   rtol=0.0, name="grille_ablation (entraînement réel)",
                   hint="rangez la valeur renvoyée par `entrainer` telle quelle.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4 (données de la carte de chaleur).** Écrire
#
# - `meilleure_configuration(precisions, profondeurs, largeurs)` qui renvoie le triplet
#   `(profondeur, largeur, precision)` de la meilleure case du tableau (en cas d'égalité, la
#   première dans l'ordre de lecture ligne par ligne) : des **valeurs** de `profondeurs` et
#   `largeurs`, pas des indices ;
# - `normaliser(precisions)` qui renvoie le tableau ramené à $[0, 1]$ par
#   $(a - \min) / (\max - \min)$, le minimum et le maximum étant pris sur **tout** le tableau ;
#   si toutes les cases sont égales, le résultat est un tableau de zéros (pas de `nan`).

# %%
def meilleure_configuration(precisions, profondeurs: list[int],
                            largeurs: list[int]) -> tuple[int, int, float]:
    """(profondeur, largeur, précision) de la meilleure case."""
    # BEGIN SOLUTION
    t = torch.as_tensor(precisions)
    k = int(torch.argmax(t.reshape(-1)))
    i, j = divmod(k, t.shape[1])
    return profondeurs[i], largeurs[j], float(t[i, j])
    # END SOLUTION


def normaliser(precisions) -> torch.Tensor:
    """(a − min) / (max − min) sur tout le tableau ; zéros si le tableau est constant."""
    # BEGIN SOLUTION
    t = torch.as_tensor(precisions, dtype=torch.float64)
    etendue = t.max() - t.min()
    if etendue == 0:
        return torch.zeros_like(t)
    return (t - t.min()) / etendue
    # END SOLUTION


# %%
p_best, w_best, acc_best = meilleure_configuration(precisions, profs, largs)
fig, ax = plt.subplots(figsize=(5, 4))
im = ax.imshow(precisions, cmap="viridis", origin="lower")
ax.set_xticks(range(len(largs)), [str(w) for w in largs])
ax.set_yticks(range(len(profs)), [str(p) for p in profs])
ax.set_xlabel("largeur")
ax.set_ylabel("profondeur (couches cachées)")
for i in range(len(profs)):
    for j in range(len(largs)):
        ax.text(j, i, f"{100 * float(precisions[i, j]):.1f}", ha="center", va="center",
                color="white", fontsize=8)
ax.set_title(f"précision de test (meilleure : L={p_best}, n={w_best})")
fig.colorbar(im, ax=ax)
plt.show()
print(normaliser(precisions))

# %%
@check
def meilleure_et_normalisation(meilleure_configuration, normaliser):
    table = torch.tensor([[0.90, 0.95, 0.91], [0.93, 0.92, 0.80]])
    best = C.call(meilleure_configuration, table.clone(), [1, 2], [32, 64, 128],
                  name="meilleure_configuration")
    C.expect(isinstance(best, tuple) and len(best) == 3,
             "`meilleure_configuration` doit renvoyer un triplet (profondeur, largeur, precision).")
    C.expect_scalar_close(best[0], 1, name="profondeur", reveal=True)
    C.expect_scalar_close(best[1], 64, name="largeur", reveal=True)
    C.expect_scalar_close(best[2], 0.95, name="precision", rtol=1e-6, reveal=True)
    n = C.as_tensor(C.call(normaliser, table.clone(), name="normaliser"), name="normaliser")
    C.expect_close(n.to(torch.float64), (table.double() - 0.80) / 0.15, rtol=1e-5, atol=1e-5,
                   name="normaliser(table)", reveal=True)


@check(hidden=True)
def meilleure_configuration_rectangulaire(meilleure_configuration):
    g = torch.Generator().manual_seed(7)
    depths, widths = [2, 3, 5], [32, 64, 100, 256, 512]
    for target in [(2, 1), (0, 4), (1, 3)]:
        table = 0.8 + 0.1 * torch.rand(3, 5, generator=g, dtype=torch.float64)
        table[target] = 0.97
        best = C.call(meilleure_configuration, table.clone(), list(depths), list(widths),
                      name="meilleure_configuration")
        C.expect(isinstance(best, tuple) and len(best) == 3,
                 "`meilleure_configuration` doit renvoyer un triplet (profondeur, largeur, "
                 "precision).")
        C.expect_scalar_close(best[0], depths[target[0]], name="profondeur de la meilleure case",
                              hint="renvoyez la profondeur (valeur), pas l'indice ; pour un "
                                   "tableau non carré, la ligne vaut k // nombre de colonnes.")
        C.expect_scalar_close(best[1], widths[target[1]], name="largeur de la meilleure case",
                              hint="renvoyez la largeur (valeur), pas l'indice.")
        C.expect_scalar_close(best[2], 0.97, name="precision de la meilleure case")


@check(hidden=True)
def meilleure_configuration_egalites(meilleure_configuration):
    depths, widths = [1, 2, 4], [32, 64, 128, 256]
    cases = [[(0, 3), (1, 1), (2, 0)], [(1, 2), (2, 1), (2, 3)], [(0, 0), (2, 3)]]
    for ties in cases:
        table = torch.full((3, 4), 0.85, dtype=torch.float64)
        table[1, 0] = 0.9
        for ij in ties:
            table[ij] = 0.96
        best = C.call(meilleure_configuration, table.clone(), list(depths), list(widths),
                      name="meilleure_configuration")
        C.expect(isinstance(best, tuple) and len(best) == 3,
                 "`meilleure_configuration` doit renvoyer un triplet (profondeur, largeur, "
                 "precision).")
        i, j = ties[0]
        name = "meilleure case en cas d'égalité"
        hint = "en cas d'égalité, gardez la première case dans l'ordre de lecture ligne par ligne."
        C.expect_scalar_close(best[0], depths[i], name=f"profondeur de la {name}", hint=hint)
        C.expect_scalar_close(best[1], widths[j], name=f"largeur de la {name}", hint=hint)


@check(hidden=True)
def normaliser_tableau_entier(normaliser):
    g = torch.Generator().manual_seed(11)
    table = 0.5 + 0.5 * torch.rand(4, 6, generator=g, dtype=torch.float64)
    expected = (table - table.min()) / (table.max() - table.min())
    got = C.as_tensor(C.call(normaliser, table.clone(), name="normaliser"), name="normaliser")
    C.expect_close(got.to(torch.float64), expected, rtol=1e-5, atol=1e-6,
                   name="normaliser(tableau 4 × 6)",
                   hint="min et max sur tout le tableau, pas ligne par ligne.")
    flat = C.as_tensor(C.call(normaliser, torch.full((2, 3), 0.9, dtype=torch.float64),
                              name="normaliser"), name="normaliser")
    C.expect_close(flat.to(torch.float64), torch.zeros(2, 3, dtype=torch.float64),
                   rtol=0.0, atol=1e-12, name="normaliser(tableau constant)",
                   hint="si max = min, renvoyez des zéros plutôt que 0/0.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# points: 3

# %% [markdown]
# **Question 5 (précision d'une configuration moyenne).** Le correcteur construit
# `creer_mlp(2, 128)`, l'entraîne avec Adam et l'entropie croisée sous un budget fixé, puis
# mesure sa précision sur ses propres images de test. Rien à écrire de plus : cette question
# vérifie que votre fabrique donne un réseau qui apprend réellement. La vérification publique
# contrôle seulement que le réseau sait sur-apprendre un petit lot.

# %%
@check
def surapprend_un_lot(creer_mlp):
    import dataclasses

    b = dataclasses.replace(C.budget("moyen"), epochs=30, train_size=64, batch_size=64)
    C.seed_everything()
    model = C.make_model(creer_mlp, 2, 128, name="creer_mlp(2, 128)")
    losses = C.train_classifier(model, b, name="creer_mlp(2, 128)")
    C.expect(losses[-1] < 0.5 * losses[0],
             f"`creer_mlp(2, 128)` ne sur-apprend pas un lot de 64 images : perte "
             f"{losses[0]:.3f} → {losses[-1]:.3f} en 30 pas.",
             hint="vérifiez les activations et que la sortie est faite de logits.")


@check(hidden=True)
def precision_configuration_moyenne(creer_mlp):
    b = C.budget("moyen")
    C.seed_everything()
    model = C.make_model(creer_mlp, 2, 128, name="creer_mlp(2, 128)")
    C.train_classifier(model, b, name="creer_mlp(2, 128)")
    acc = C.accuracy(model, b.dataset, name="creer_mlp(2, 128)")
    C.expect_accuracy(acc, b, name="creer_mlp(2, 128)",
                      hint="vérifiez l'aplatissement de l'image et les activations ReLU.")


# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 4

# %% [markdown]
# **Question 6 (rédigée).** Lancez l'étude complète (`RAPIDE = False`) et interprétez la carte
# de chaleur : comment la précision évolue-t-elle avec la largeur à profondeur fixée, et avec la
# profondeur à largeur fixée ? Où se situe la meilleure configuration et à quel nombre de
# paramètres correspond-elle (question 2) ? Les écarts observés sont-ils significatifs compte
# tenu de la taille de l'ensemble de test (500 images) et de la variabilité d'une graine à
# l'autre ? Comparez avec la remarque 1.4 du cours.

# %% [markdown]
# _Rédigez votre interprétation ici._

# %% [markdown]
# Éléments attendus. **Largeur** : à profondeur fixée, la précision augmente nettement de 32 à
# 128–256 neurones puis sature (les colonnes de droite sont presque identiques) ; une largeur
# trop faible est un goulot d'étranglement, surtout pour les réseaux profonds (la remarque 1.4 :
# « la largeur minimale par couche importe »). **Profondeur** : passer de 1 à 2–3 couches cachées
# apporte un petit gain ; au-delà, la précision stagne voire baisse (réseaux plus difficiles à
# optimiser sans normalisation ni connexions résiduelles, et davantage de sur-apprentissage avec
# seulement 4 000 images), alors que le nombre de paramètres croît comme $(L-1)n^2$. La
# meilleure case est typiquement à profondeur 2–3 et largeur 256–512, mais plusieurs cases
# voisines sont à moins d'un point. **Significativité** : sur 500 images, l'écart-type d'une
# précision $p \approx 0{,}95$ vaut $\sqrt{p(1-p)/500} \approx 1$ point ; les différences de
# moins de 1–2 points entre cases voisines ne sont pas significatives sans répéter
# l'expérience sur plusieurs graines (moyenne ± écart-type). À capacité égale, on préfère la
# configuration la moins coûteuse parmi les meilleures.

