# %% [markdown]
# # Exercice 2.5 (⋆⋆⋆) — Transfert d'hyperparamètres avec µP
#
# La paramétrisation maximale µP (Yang & Hu, 2022 ; Yang et al., *Tensor Programs V*) fixe la
# façon dont l'initialisation et le taux d'apprentissage (LR) de chaque couche dépendent de la
# **largeur** $n$ du réseau, de sorte que le LR optimal trouvé sur un petit modèle reste
# (presque) optimal sur un modèle beaucoup plus large. Avec la paramétrisation standard (SP :
# initialisation en $1/\text{fan\_in}$, même LR partout), le LR optimal dérive quand $n$ grandit.
#
# On reproduit l'expérience sur un MLP à deux couches cachées de largeur $n$, entraîné par
# **Adam** en plein lot sur des données synthétiques (générées ci-dessous, aucun jeu de données
# à télécharger) :
# $$h_1 = \mathrm{ReLU}(X W_1^\top + b_1),\quad h_2 = \mathrm{ReLU}(h_1 W_2^\top + b_2),\quad
#   f(X) = h_2 W_3^\top + b_3,$$
# avec $W_1 \in \mathbb{R}^{n\times d}$ (couche d'**entrée**), $W_2 \in \mathbb{R}^{n\times n}$
# (couche **cachée**), $W_3 \in \mathbb{R}^{c\times n}$ (couche de **sortie**), et la perte
# d'entropie croisée moyenne.
#
# **La règle µP utilisée (version Adam, tableau 3 de Tensor Programs V).** On se donne une
# largeur de base $n_0$ et on note $m = n / n_0$ le multiplicateur de largeur. Les biais sont
# initialisés à zéro et gardent le LR de base $\eta$.
#
# | couche | SP : variance d'init | SP : LR Adam | µP : variance d'init | µP : LR Adam |
# |---|---|---|---|---|
# | entrée $W_1$ | $1/d$ | $\eta$ | $1/d$ | $\eta$ |
# | cachée $W_2$ | $1/n$ | $\eta$ | $1/n$ | $\eta / m$ |
# | sortie $W_3$ | $1/n$ | $\eta$ | $1/(n\,m) = n_0/n^2$ | $\eta / m$ |
#
# À la largeur de base ($m = 1$) les deux paramétrisations coïncident, comme dans la
# bibliothèque `mup`. D'autres écritures équivalentes existent (multiplicateur $1/m$ devant la
# sortie dans la passe avant) ; on s'en tient à celle du tableau.
#
# **Pourquoi.** Avec Adam, chaque coordonnée d'un poids bouge d'environ $\eta$ à chaque pas,
# quelle que soit l'échelle du gradient. Pour une couche de fan-in $n$, la mise à jour
# $\Delta W\, h$ somme $n$ termes corrélés et croît comme $\eta\, n$ : il faut un LR en $1/n$
# pour qu'elle reste $O(1)$. La couche d'entrée a un fan-in $d$ fixe, son LR ne change pas.
#
# > `grader.check("q1")` n'exécute que les vérifications publiques : d'autres vérifications,
# > cachées, sont appliquées à la correction. Tout tourne sur CPU en quelques secondes.

# %%
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

torch.set_num_threads(1)  # réseaux minuscules : un seul thread CPU est plus rapide et plus stable
D_ENTREE, N_CLASSES, LARGEUR_BASE = 16, 8, 32


def donnees_synthetiques(n_exemples: int = 512, d: int = D_ENTREE, c: int = N_CLASSES,
                         bruit: float = 0.5, graine: int = 0):
    """(X, y) : X ~ N(0, I), classes données par un « professeur » aléatoire, dont une
    proportion `bruit` est remplacée par des étiquettes tirées au hasard."""
    g = torch.Generator().manual_seed(graine)
    X = torch.randn(n_exemples, d, generator=g)
    W = torch.randn(d, 64, generator=g) / d ** 0.5
    V = torch.randn(64, c, generator=g) / 8
    y = (torch.tanh(X @ W) @ V).argmax(dim=1)
    bascule = torch.rand(n_exemples, generator=g) < bruit
    return X, torch.where(bascule, torch.randint(0, c, (n_exemples,), generator=g), y)


X_train, y_train = donnees_synthetiques()
print(X_train.shape, torch.bincount(y_train, minlength=N_CLASSES).tolist())

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — Les règles.** Écrire `regles(param, n, n0, d)` qui, pour `param` valant
# `"sp"` ou `"mup"`, renvoie le dictionnaire
# `{"W1": {"var": …, "lr": …}, "W2": {…}, "W3": {…}}` : pour chaque matrice de poids, la
# variance d'initialisation et le **multiplicateur** du LR de base $\eta$ (par exemple
# `regles("mup", 64, 32, 16)["W2"]["lr"]` vaut $1/2$), d'après le tableau ci-dessus.

# %%
def regles(param: str, n: int, n0: int, d: int) -> dict[str, dict[str, float]]:
    """Variance d'initialisation et multiplicateur de LR Adam de W1, W2, W3 (SP ou µP)."""
    # BEGIN SOLUTION
    if param == "sp":
        return {"W1": {"var": 1 / d, "lr": 1.0}, "W2": {"var": 1 / n, "lr": 1.0},
                "W3": {"var": 1 / n, "lr": 1.0}}
    if param == "mup":
        m = n / n0
        return {"W1": {"var": 1 / d, "lr": 1.0}, "W2": {"var": 1 / n, "lr": 1 / m},
                "W3": {"var": 1 / (n * m), "lr": 1 / m}}
    raise ValueError(f"paramétrisation inconnue : {param!r}")
    # END SOLUTION


# %%
@check
def regles_sp_et_base(regles):
    sp = C.call(regles, "sp", 128, 32, 16, name="regles")
    C.expect(isinstance(sp, dict) and all(isinstance(sp.get(k), dict) for k in ("W1", "W2", "W3")),
             "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
    for key, var in (("W1", 1 / 16), ("W2", 1 / 128), ("W3", 1 / 128)):
        C.expect("var" in sp[key] and "lr" in sp[key],
                 f"`regles(...)['{key}']` doit contenir les clés 'var' et 'lr'.")
        label = f"regles('sp', 128, 32, 16)['{key}']"
        C.expect_scalar_close(sp[key]["var"], var, name=f"{label}['var']", reveal=True)
        C.expect_scalar_close(sp[key]["lr"], 1.0, name=f"{label}['lr']", reveal=True)
    base = C.call(regles, "mup", 32, 32, 16, name="regles")
    C.expect(isinstance(base, dict) and all(isinstance(base.get(k), dict) and "var" in base[k]
                                            and "lr" in base[k] for k in ("W1", "W2", "W3")),
             "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
    for key, var in (("W1", 1 / 16), ("W2", 1 / 32), ("W3", 1 / 32)):
        label = f"regles('mup', 32, 32, 16)['{key}']"
        C.expect_scalar_close(base[key]["var"], var, name=f"{label}['var']", reveal=True,
                              hint="à la largeur de base, µP et SP coïncident.")
        C.expect_scalar_close(base[key]["lr"], 1.0, name=f"{label}['lr']", reveal=True,
                              hint="à la largeur de base, µP et SP coïncident.")


@check(hidden=True)
def regles_mup(regles):
    hints = {"W1": "la couche d'entrée a un fan-in d fixe : variance 1/d, LR inchangé.",
             "W2": "couche cachée : variance 1/n et LR Adam η/m, avec m = n/n0.",
             "W3": "couche de sortie : variance 1/(n·m) = n0/n² et LR Adam η/m."}
    for n, n0, d in ((256, 32, 16), (100, 25, 7), (48, 64, 10)):
        m = n / n0
        expected = {"W1": (1 / d, 1.0), "W2": (1 / n, 1 / m), "W3": (1 / (n * m), 1 / m)}
        got = C.call(regles, "mup", n, n0, d, name="regles")
        C.expect(isinstance(got, dict) and all(isinstance(got.get(k), dict) and "var" in got[k]
                                               and "lr" in got[k] for k in expected),
                 "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
        for key, (var, lr) in expected.items():
            C.expect_scalar_close(got[key]["var"], var, rtol=1e-9, hint=hints[key],
                                  name=f"regles('mup', {n}, {n0}, {d})['{key}']['var']")
            C.expect_scalar_close(got[key]["lr"], lr, rtol=1e-9, hint=hints[key],
                                  name=f"regles('mup', {n}, {n0}, {d})['{key}']['lr']")


@check(hidden=True)
def regles_sp_autres_largeurs(regles):
    for n, n0, d in ((512, 32, 16), (40, 10, 3)):
        got = C.call(regles, "sp", n, n0, d, name="regles")
        C.expect(isinstance(got, dict) and all(isinstance(got.get(k), dict) and "var" in got[k]
                                               and "lr" in got[k] for k in ("W1", "W2", "W3")),
                 "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
        for key, var in (("W1", 1 / d), ("W2", 1 / n), ("W3", 1 / n)):
            C.expect_scalar_close(got[key]["var"], var, rtol=1e-9,
                                  name=f"regles('sp', {n}, {n0}, {d})['{key}']['var']",
                                  hint="en SP, variance 1/fan_in pour toutes les couches.")
            C.expect_scalar_close(got[key]["lr"], 1.0, rtol=1e-9,
                                  name=f"regles('sp', {n}, {n0}, {d})['{key}']['lr']",
                                  hint="en SP, le même LR η pour toutes les couches.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 — Le MLP paramétré par sa largeur.**
#
# * `init_mlp(d, n, c, param, n0, graine)` renvoie le dictionnaire des paramètres
#   `{"W1", "b1", "W2", "b2", "W3", "b3"}` (tenseurs `float32`, $W_\ell$ de forme
#   $(\text{fan\_out}, \text{fan\_in})$) : poids tirés selon $\mathcal{N}(0, \text{var})$ avec la
#   variance donnée par `regles`, biais nuls. Le tirage est reproductible : la même graine
#   donne les mêmes paramètres (par exemple avec `torch.Generator().manual_seed(graine)`).
# * `mlp(params, X)` renvoie les logits $f(X)$, de forme $(N, c)$.

# %%
def init_mlp(d: int, n: int, c: int, param: str, n0: int, graine: int) -> dict[str, torch.Tensor]:
    """Paramètres initiaux du MLP d → n → n → c selon la paramétrisation `param`."""
    # BEGIN SOLUTION
    g = torch.Generator().manual_seed(graine)
    r = regles(param, n, n0, d)
    params = {}
    for k, (fan_out, fan_in) in enumerate(((n, d), (n, n), (c, n)), start=1):
        params[f"W{k}"] = torch.randn(fan_out, fan_in, generator=g) * r[f"W{k}"]["var"] ** 0.5
        params[f"b{k}"] = torch.zeros(fan_out)
    return params
    # END SOLUTION


def mlp(params: dict[str, torch.Tensor], X: torch.Tensor) -> torch.Tensor:
    """Logits (N, c) du MLP Linéaire → ReLU → Linéaire → ReLU → Linéaire."""
    # BEGIN SOLUTION
    h = F.relu(F.linear(X, params["W1"], params["b1"]))
    h = F.relu(F.linear(h, params["W2"], params["b2"]))
    return F.linear(h, params["W3"], params["b3"])
    # END SOLUTION


# %%
for largeur in (32, 128, 512):
    echelles = {p: float(mlp(init_mlp(D_ENTREE, largeur, N_CLASSES, p, LARGEUR_BASE, 0),
                             X_train).pow(2).mean().sqrt()) for p in ("sp", "mup")}
    print(f"n = {largeur:4d} : logits à l'initialisation, écart quadratique moyen "
          f"SP {echelles['sp']:.3f}, µP {echelles['mup']:.3f}")

# %%
@check
def formes_et_biais(init_mlp, mlp):
    params = C.call(init_mlp, 16, 64, 8, "mup", 32, 0, name="init_mlp")
    C.expect(isinstance(params, dict), "`init_mlp` doit renvoyer un dictionnaire de tenseurs.")
    shapes = {"W1": (64, 16), "b1": (64,), "W2": (64, 64), "b2": (64,), "W3": (8, 64),
              "b3": (8,)}
    for key, shape in shapes.items():
        C.expect(key in params, f"`init_mlp` ne renvoie pas `{key}`.")
        C.expect_shape(params[key], shape, name=f"init_mlp(16, 64, 8, 'mup', 32, 0)['{key}']",
                       hint="W_ℓ a la forme (fan_out, fan_in), comme dans nn.Linear.")
    for key in ("b1", "b2", "b3"):
        C.expect_close(params[key], torch.zeros(shapes[key]), name=f"init_mlp(...)['{key}']",
                       reveal=True, hint="les biais sont initialisés à zéro.")
    X = torch.randn(5, 16, generator=torch.Generator().manual_seed(1))
    C.expect_shape(C.call(mlp, params, X, name="mlp"), (5, 8), name="mlp(params, X)")


@check(hidden=True)
def variances_initiales(init_mlp):
    d, n, c, n0 = 16, 512, 8, 32
    hints = {"W1": "couche d'entrée : variance 1/d dans les deux paramétrisations.",
             "W2": "couche cachée : variance 1/n.",
             "W3": "couche de sortie : variance 1/n en SP mais n0/n² en µP."}
    for param, var3 in (("mup", n0 / n ** 2), ("sp", 1 / n)):
        params = C.call(init_mlp, d, n, c, param, n0, 3, name="init_mlp")
        C.expect(isinstance(params, dict) and all(f"W{k}" in params for k in (1, 2, 3)),
                 "`init_mlp` doit renvoyer un dictionnaire contenant W1, W2 et W3.")
        for key, shape, var in (("W1", (n, d), 1 / d), ("W2", (n, n), 1 / n),
                                ("W3", (c, n), var3)):
            w = C.as_tensor(params[key], f"init_mlp(...)['{key}']").to(torch.float64)
            C.expect_shape(w, shape, name=f"init_mlp(...)['{key}']")
            C.expect_scalar_close(float(w.pow(2).mean()), var, rtol=0.1, atol=0.0,
                                  name=f"variance empirique de {key} ({param}, n = {n})",
                                  hint=hints[key])
        again = C.call(init_mlp, d, n, c, param, n0, 3, name="init_mlp")
        C.expect(isinstance(again, dict) and torch.equal(
            C.as_tensor(again["W2"], "init_mlp(...)['W2']"),
            C.as_tensor(params["W2"], "init_mlp(...)['W2']")),
                 "`init_mlp` ne donne pas les mêmes paramètres pour la même graine.",
                 hint="tirez avec un torch.Generator().manual_seed(graine) passé à torch.randn.")


@check(hidden=True)
def mlp_contre_pytorch(mlp):
    g = torch.Generator().manual_seed(21)
    params = {"W1": torch.randn(24, 6, generator=g, dtype=torch.float64),
              "b1": torch.randn(24, generator=g, dtype=torch.float64),
              "W2": torch.randn(24, 24, generator=g, dtype=torch.float64) / 5,
              "b2": torch.randn(24, generator=g, dtype=torch.float64),
              "W3": torch.randn(5, 24, generator=g, dtype=torch.float64) / 5,
              "b3": torch.randn(5, generator=g, dtype=torch.float64)}
    X = torch.randn(11, 6, generator=g, dtype=torch.float64)
    h = F.relu(F.linear(X, params["W1"], params["b1"]))
    h = F.relu(F.linear(h, params["W2"], params["b2"]))
    expected = F.linear(h, params["W3"], params["b3"])
    got = C.call(mlp, {k: v.clone() for k, v in params.items()}, X.clone(), name="mlp")
    C.expect_close(got, expected, name="mlp(params, X)",
                   hint="X Wᵀ + b à chaque couche, ReLU après les deux premières seulement.")


@check(hidden=True)
def init_float32_gaussienne_et_graine(init_mlp):
    d, n, c, n0 = 16, 512, 8, 32
    params = C.call(init_mlp, d, n, c, "mup", n0, 5, name="init_mlp")
    C.expect(isinstance(params, dict) and all(k in params for k in
                                              ("W1", "b1", "W2", "b2", "W3", "b3")),
             "`init_mlp` doit renvoyer un dictionnaire contenant W1, b1, W2, b2, W3 et b3.")
    tenseurs = {k: C.as_tensor(params[k], f"init_mlp(...)['{k}']") for k in params}
    for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
        C.expect(tenseurs[key].dtype == torch.float32,
                 f"`init_mlp(...)['{key}']` doit être un tenseur float32.",
                 hint="torch.randn et torch.zeros donnent du float32 par défaut ; pas de "
                      "dtype=torch.float64.")
    w = tenseurs["W2"].to(torch.float64).flatten()
    z = (w - w.mean()) / w.std()
    kurtosis = float(z.pow(4).mean())
    # N(0, var) : moyenne 0 (écart-type 1/(n√N) ici) et kurtosis 3 (uniforme : 1,8)
    C.expect(abs(float(w.mean())) <= 5 * float(w.std()) / math.sqrt(w.numel())
             and abs(kurtosis - 3.0) <= 0.1,
             "Les poids de `init_mlp` ne suivent pas une loi normale centrée 𝒩(0, var).",
             hint="tirez avec torch.randn (loi normale), multiplié par √var.")
    autre = C.call(init_mlp, d, n, c, "mup", n0, 6, name="init_mlp")
    C.expect(isinstance(autre, dict) and "W2" in autre and not torch.equal(
        C.as_tensor(autre["W2"], "init_mlp(...)['W2']"), tenseurs["W2"]),
             "`init_mlp` donne les mêmes paramètres pour deux graines différentes.",
             hint="initialisez le générateur avec la graine reçue : "
                  "torch.Generator().manual_seed(graine).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Entraînement par Adam avec un LR par paramètre.** Écrire
# `entrainer(params, lrs, X, y, pas)` qui entraîne le MLP en plein lot pendant `pas` pas
# d'Adam (β = (0,9 ; 0,999), ε = 10⁻⁸, sans décroissance des poids) sur l'entropie croisée
# moyenne, avec le LR `lrs[k]` pour le paramètre `k` (`lrs` a les six clés de `params` ;
# indication : un groupe de paramètres par clé dans `torch.optim.Adam`). La fonction ne modifie
# pas `params` et renvoie le couple `(params_finaux, pertes)`, où `pertes` est la liste des
# `pas + 1` pertes (flottants) : `pertes[t]` est la perte après `t` pas, `pertes[0]` celle de
# l'initialisation.
#
# Avec µP, la variation des logits après un pas, $\|f_1(X) - f_0(X)\|$, reste du même ordre
# quand la largeur grandit ; avec SP elle croît à peu près comme $n$ (cellule ci-dessous).

# %%
def entrainer(params: dict[str, torch.Tensor], lrs: dict[str, float], X: torch.Tensor,
              y: torch.Tensor, pas: int) -> tuple[dict[str, torch.Tensor], list[float]]:
    """`pas` pas d'Adam en plein lot, LR lrs[k] pour le paramètre k ; renvoie (params, pertes)."""
    # BEGIN SOLUTION
    p = {k: v.detach().clone().requires_grad_(True) for k, v in params.items()}
    opt = torch.optim.Adam([{"params": [p[k]], "lr": lrs[k]} for k in p],
                           betas=(0.9, 0.999), eps=1e-8)
    pertes = []
    for _ in range(pas):
        perte = F.cross_entropy(mlp(p, X), y)
        pertes.append(float(perte.detach()))
        opt.zero_grad()
        perte.backward()
        opt.step()
    with torch.no_grad():
        pertes.append(float(F.cross_entropy(mlp(p, X), y)))
    return {k: v.detach() for k, v in p.items()}, pertes
    # END SOLUTION


# %%
def lrs_de(param: str, n: int, lr: float, n0: int = LARGEUR_BASE) -> dict[str, float]:
    """LR de chaque paramètre : lr × multiplicateur pour les poids, lr pour les biais."""
    r = regles(param, n, n0, D_ENTREE)
    return {k: lr * r[k]["lr"] for k in ("W1", "W2", "W3")} | {b: lr for b in ("b1", "b2", "b3")}


for p in ("sp", "mup"):
    variations = []
    for largeur in (64, 512):
        p0 = init_mlp(D_ENTREE, largeur, N_CLASSES, p, LARGEUR_BASE, 0)
        f0 = mlp(p0, X_train)
        p1, _ = entrainer(p0, lrs_de(p, largeur, 2 ** -6), X_train, y_train, 1)
        variations.append(float((mlp(p1, X_train) - f0).pow(2).mean().sqrt()))
    print(f"{p:3s} : variation des logits après un pas, n = 64 → {variations[0]:.3f}, "
          f"n = 512 → {variations[1]:.3f} (rapport {variations[1] / variations[0]:.1f})")

# %%
@check
def entrainement_fait_baisser_la_perte(entrainer):
    g = torch.Generator().manual_seed(5)
    params = {"W1": torch.randn(16, 4, generator=g) / 2, "b1": torch.zeros(16),
              "W2": torch.randn(16, 16, generator=g) / 4, "b2": torch.zeros(16),
              "W3": torch.randn(3, 16, generator=g) / 4, "b3": torch.zeros(3)}
    X = torch.randn(32, 4, generator=g)
    y = torch.randint(0, 3, (32,), generator=g)
    h = F.relu(F.linear(F.relu(F.linear(X, params["W1"], params["b1"])), params["W2"],
                        params["b2"]))
    initiale = float(F.cross_entropy(F.linear(h, params["W3"], params["b3"]), y))
    result = C.call(entrainer, {k: v.clone() for k, v in params.items()},
                    {k: 1e-2 for k in params}, X, y, 5, name="entrainer")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`entrainer` doit renvoyer le couple (params_finaux, pertes).")
    pertes = result[1]
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 6,
             "`entrainer(..., pas=5)` doit renvoyer une liste de 6 pertes (initiale + 5 pas).")
    C.expect_scalar_close(pertes[0], initiale, name="pertes[0]", rtol=1e-5, reveal=True,
                          hint="pertes[0] est la perte avant tout pas d'Adam.")
    C.expect(C.as_number(pertes[-1], "pertes[-1]") < initiale,
             "La perte ne baisse pas au cours des 5 pas d'Adam.")


@check(hidden=True)
def entrainer_contre_adam(entrainer):
    g = torch.Generator().manual_seed(31)
    params = {"W1": torch.randn(24, 6, generator=g, dtype=torch.float64) / 2,
              "b1": torch.zeros(24, dtype=torch.float64),
              "W2": torch.randn(24, 24, generator=g, dtype=torch.float64) / 5,
              "b2": torch.zeros(24, dtype=torch.float64),
              "W3": torch.randn(4, 24, generator=g, dtype=torch.float64) / 5,
              "b3": torch.zeros(4, dtype=torch.float64)}
    X = torch.randn(40, 6, generator=g, dtype=torch.float64)
    y = torch.randint(0, 4, (40,), generator=g)
    lrs = {"W1": 1e-2, "b1": 3e-2, "W2": 2e-3, "b2": 1e-2, "W3": 5e-3, "b3": 2e-2}

    def logits(p):
        h = F.relu(F.linear(X, p["W1"], p["b1"]))
        h = F.relu(F.linear(h, p["W2"], p["b2"]))
        return F.linear(h, p["W3"], p["b3"])

    ref = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    opt = torch.optim.Adam([{"params": [ref[k]], "lr": lrs[k]} for k in ref])
    expected_losses = []
    for _ in range(8):
        loss = F.cross_entropy(logits(ref), y)
        expected_losses.append(float(loss.detach()))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        expected_losses.append(float(F.cross_entropy(logits(ref), y)))
    given = {k: v.clone() for k, v in params.items()}
    result = C.call(entrainer, given, dict(lrs), X.clone(), y.clone(), 8, name="entrainer")
    C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], dict),
             "`entrainer` doit renvoyer le couple (params_finaux, pertes).")
    C.expect(isinstance(result[1], list | tuple) and len(result[1]) == 9,
             "`entrainer(..., pas=8)` doit renvoyer une liste de 9 pertes (initiale + 8 pas).")
    C.expect_close(C.as_tensor([C.as_number(v, "pertes[t]") for v in result[1]], "pertes"),
                   torch.tensor(expected_losses, dtype=torch.float64), name="pertes",
                   rtol=1e-6, atol=1e-9,
                   hint="Adam (β = (0,9 ; 0,999), ε = 1e-8), un LR par paramètre, pertes[t] "
                        "après t pas (pertes[0] à l'initialisation).")
    for key in ("W3", "b3", "W2", "b2", "W1", "b1"):
        C.expect(key in result[0], f"`entrainer` ne renvoie pas `{key}` dans params_finaux.")
        C.expect_close(result[0][key], ref[key].detach(), name=f"params_finaux['{key}']",
                       rtol=1e-6, atol=1e-9,
                       hint=f"le paramètre {key} doit avancer avec son propre LR lrs['{key}'].")
    C.expect(all(torch.equal(given[k], params[k]) for k in params),
             "`entrainer` modifie le dictionnaire `params` reçu.",
             hint="travaillez sur des copies : v.detach().clone().requires_grad_(True).")


@check(hidden=True)
def echelle_des_logits_apres_un_pas(regles, init_mlp, entrainer):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 16, generator=g)
    y = torch.randint(0, 8, (256,), generator=g)

    def logits(p):
        h = F.relu(F.linear(X, p["W1"], p["b1"]))
        h = F.relu(F.linear(h, p["W2"], p["b2"]))
        return F.linear(h, p["W3"], p["b3"])

    ratios = {}
    for param in ("mup", "sp"):
        variations = []
        for n in (64, 512):
            r = C.call(regles, param, n, 32, 16, name="regles")
            C.expect(isinstance(r, dict) and all(isinstance(r.get(k), dict) and "lr" in r[k]
                                                 for k in ("W1", "W2", "W3")),
                     "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
            lrs = {k: 2 ** -6 * C.as_number(r[k]["lr"], f"regles(...)['{k}']['lr']")
                   for k in ("W1", "W2", "W3")} | {b: 2 ** -6 for b in ("b1", "b2", "b3")}
            p0 = C.call(init_mlp, 16, n, 8, param, 32, 1, name="init_mlp")
            C.expect(isinstance(p0, dict), "`init_mlp` doit renvoyer un dictionnaire.")
            p0 = {k: C.as_tensor(v, f"init_mlp(...)['{k}']").float() for k, v in p0.items()}
            result = C.call(entrainer, {k: v.clone() for k, v in p0.items()}, lrs, X, y, 1,
                            name="entrainer")
            C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], dict),
                     "`entrainer` doit renvoyer le couple (params_finaux, pertes).")
            p1 = {k: C.as_tensor(v, f"params_finaux['{k}']").float() for k, v in result[0].items()}
            with torch.no_grad():
                variations.append(float((logits(p1) - logits(p0)).pow(2).mean().sqrt()))
        C.expect(variations[0] > 0, f"Avec `{param}`, un pas d'Adam ne change pas les logits.")
        ratios[param] = variations[1] / variations[0]
    C.expect(0.5 <= ratios["mup"] <= 2.0,
             "En µP, la variation des logits après un pas d'Adam devrait rester du même ordre "
             f"quand la largeur passe de 64 à 512 ; elle est multipliée par {ratios['mup']:.2g}.",
             hint="le LR des couches cachée et de sortie doit être divisé par m = n/n0, et la "
                  "variance de sortie valoir n0/n².")
    C.expect(ratios["sp"] >= 4.0,
             "En SP, la variation des logits après un pas devrait croître nettement avec la "
             f"largeur (de 64 à 512) ; elle n'est multipliée que par {ratios['sp']:.2g}.",
             hint="en SP, le même LR η pour toutes les couches et une variance 1/fan_in.")


@check(hidden=True)
def pertes_flottants(entrainer):
    g = torch.Generator().manual_seed(8)
    params = {"W1": torch.randn(10, 4, generator=g) / 2, "b1": torch.zeros(10),
              "W2": torch.randn(10, 10, generator=g) / 3, "b2": torch.zeros(10),
              "W3": torch.randn(3, 10, generator=g) / 3, "b3": torch.zeros(3)}
    X = torch.randn(20, 4, generator=g)
    y = torch.randint(0, 3, (20,), generator=g)
    result = C.call(entrainer, {k: v.clone() for k, v in params.items()},
                    {k: 1e-2 for k in params}, X, y, 3, name="entrainer")
    C.expect(isinstance(result, tuple) and len(result) == 2
             and isinstance(result[1], list | tuple) and len(result[1]) == 4,
             "`entrainer(..., pas=3)` doit renvoyer (params_finaux, pertes) avec 4 pertes.")
    C.expect(all(isinstance(v, float) for v in result[1]),
             "`pertes` doit être une liste de flottants Python, pas de tenseurs.",
             hint="float(perte) ou perte.item() avant de l'ajouter à la liste.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 — Balayage du LR et transfert.** Écrire
# `balayage_lr(param, n, grille, X, y, c, pas, n0, graine)` qui, pour chaque LR de base $\eta$
# de la liste `grille`, initialise le MLP de largeur `n` avec `init_mlp(d, n, c, param, n0,
# graine)` (la **même** initialisation pour tous les LR), l'entraîne `pas` pas avec les LR
# donnés par `regles` ($\eta \times$ multiplicateur pour les poids, $\eta$ pour les biais), et
# note la perte finale `pertes[-1]` (une perte `nan` ou infinie compte comme `+inf`). Elle
# renvoie `(meilleur_lr, pertes_finales)` : le LR de la grille de plus petite perte finale et
# la liste des pertes finales, dans l'ordre de la grille.
#
# La cellule qui suit compare SP et µP à deux largeurs. Avec µP, le meilleur LR trouvé à la
# largeur de base reste le meilleur (à un pas de grille près) à une largeur 4 à 8 fois plus
# grande ; avec SP il se décale vers les petits LR. Pour l'expérience du cours (modèle
# **10 fois** plus large), essayez `LARGEURS = [32, 320]` : quelques secondes de plus.

# %%
def balayage_lr(param: str, n: int, grille: list[float], X: torch.Tensor, y: torch.Tensor,
                c: int, pas: int, n0: int, graine: int) -> tuple[float, list[float]]:
    """Meilleur LR de base de la grille (perte finale minimale) et pertes finales."""
    # BEGIN SOLUTION
    d = X.shape[1]
    r = regles(param, n, n0, d)
    finales = []
    for lr in grille:
        lrs = {k: lr * r[k]["lr"] for k in ("W1", "W2", "W3")} | {b: lr for b in ("b1", "b2", "b3")}
        _, pertes = entrainer(init_mlp(d, n, c, param, n0, graine), lrs, X, y, pas)
        finale = pertes[-1]
        finales.append(finale if math.isfinite(finale) else math.inf)
    meilleur = min(range(len(grille)), key=lambda i: finales[i])
    return grille[meilleur], finales
    # END SOLUTION


# %%
LARGEURS = [32, 128]
GRILLE = [2.0 ** k for k in range(-8, -1)]
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True)
for ax, p in zip(axes, ("sp", "mup"), strict=True):
    for largeur in LARGEURS:
        meilleur, finales = balayage_lr(p, largeur, GRILLE, X_train, y_train, N_CLASSES, 20,
                                        LARGEUR_BASE, 0)
        ax.plot(GRILLE, [min(v, 3.0) for v in finales], marker="o", label=f"n = {largeur}")
        print(f"{p:3s}, n = {largeur:4d} : meilleur LR 2^{math.log2(meilleur):.0f}")
    ax.set(xscale="log", xlabel="LR de base η", title=p.upper())
    ax.legend()
axes[0].set_ylabel("perte d'entraînement après 20 pas")
plt.show()

# %%
@check
def balayage_renvoie_le_minimum(balayage_lr):
    g = torch.Generator().manual_seed(7)
    X = torch.randn(64, 16, generator=g)
    y = torch.randint(0, 8, (64,), generator=g)
    grille = [1e-3, 1e-2, 1e-1]
    result = C.call(balayage_lr, "mup", 16, grille, X, y, 8, 5, 32, 0, name="balayage_lr")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`balayage_lr` doit renvoyer le couple (meilleur_lr, pertes_finales).")
    meilleur, finales = result
    C.expect(isinstance(finales, list | tuple) and len(finales) == 3,
             "`pertes_finales` doit contenir une perte par LR de la grille (ici 3).")
    valeurs = [float(C.as_tensor(v, "pertes_finales[i]").reshape(())) for v in finales]
    valeurs = [v if math.isfinite(v) else math.inf for v in valeurs]
    best = C.as_number(meilleur, "meilleur_lr")
    C.expect(any(math.isclose(best, lr) for lr in grille),
             f"`meilleur_lr` vaut {best:g}, ce n'est pas une valeur de la grille {grille}.",
             hint="renvoyez le LR lui-même, pas son indice.")
    C.expect_scalar_close(best, grille[min(range(3), key=lambda i: valeurs[i])],
                          name="meilleur_lr", reveal=True,
                          hint="le meilleur LR est celui de plus petite perte finale.")


@check(hidden=True)
def balayage_contre_reference(balayage_lr, init_mlp):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 16, generator=g)
    y = torch.randint(0, 8, (256,), generator=g)
    grille = [2.0 ** k for k in range(-8, -1)]
    n, n0 = 64, 32

    def final_loss(p, lr):
        p = {k: v.detach().clone().requires_grad_(True) for k, v in p.items()}
        mult = {"W1": 1.0, "W2": n0 / n, "W3": n0 / n}
        opt = torch.optim.Adam([{"params": [p[k]], "lr": lr * mult.get(k, 1.0)} for k in p])
        for _ in range(10):
            h = F.relu(F.linear(F.relu(F.linear(X, p["W1"], p["b1"])), p["W2"], p["b2"]))
            loss = F.cross_entropy(F.linear(h, p["W3"], p["b3"]), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            h = F.relu(F.linear(F.relu(F.linear(X, p["W1"], p["b1"])), p["W2"], p["b2"]))
            value = float(F.cross_entropy(F.linear(h, p["W3"], p["b3"]), y))
        return value if math.isfinite(value) else math.inf

    p0 = C.call(init_mlp, 16, n, 8, "mup", n0, 4, name="init_mlp")
    C.expect(isinstance(p0, dict), "`init_mlp` doit renvoyer un dictionnaire.")
    p0 = {k: C.as_tensor(v, f"init_mlp(...)['{k}']").float() for k, v in p0.items()}
    oracle = [final_loss(p0, lr) for lr in grille]
    result = C.call(balayage_lr, "mup", n, grille, X, y, 8, 10, n0, 4, name="balayage_lr")
    C.expect(isinstance(result, tuple) and len(result) == 2 and len(result[1]) == len(grille),
             "`balayage_lr` doit renvoyer (meilleur_lr, pertes_finales), une perte par LR.")
    best = C.as_number(result[0], "meilleur_lr")
    index = [i for i, lr in enumerate(grille) if math.isclose(best, lr)]
    C.expect(len(index) == 1, f"`meilleur_lr` vaut {best:g}, ce n'est pas une valeur de la grille.",
             hint="renvoyez le LR lui-même, pas son indice.")
    C.expect(oracle[index[0]] <= 1.01 * min(oracle) + 1e-6,
             "`balayage_lr` ne choisit pas le LR de plus petite perte finale après `pas` pas "
             "d'Adam avec les LR de µP.",
             hint="même initialisation (graine) pour chaque LR ; LR η·n0/n pour W2 et W3, η pour "
                  "W1 et les biais ; critère : pertes[-1] ; et `entrainer` doit être juste.")
    finales = torch.tensor([C.as_number(v, "pertes_finales") if math.isfinite(float(v))
                            else math.inf for v in result[1]])
    C.expect_close(finales, torch.tensor(oracle), name="balayage_lr(...)[1] (pertes finales)",
                   rtol=1e-3, atol=1e-4,
                   hint="une perte par LR : la perte après le dernier des `pas` pas (pertes[-1]).")


@check(hidden=True)
def balayage_divergence_nan(balayage_lr):
    g = torch.Generator().manual_seed(7)
    X = torch.randn(64, 16, generator=g)
    y = torch.randint(0, 8, (64,), generator=g)
    grille = [1e20, 1e-2, 1e-1]  # 1e20 : Adam diverge, la perte finale est nan
    result = C.call(balayage_lr, "mup", 16, grille, X, y, 8, 5, 32, 0, name="balayage_lr")
    C.expect(isinstance(result, tuple) and len(result) == 2 and len(result[1]) == 3,
             "`balayage_lr` doit renvoyer (meilleur_lr, pertes_finales), une perte par LR.")
    finales = [float(v) for v in result[1]]
    C.expect(finales[0] == math.inf,
             "Une perte finale `nan` ou infinie doit être remplacée par `+inf` dans "
             "`pertes_finales`.", hint="math.isfinite(perte) ; sinon math.inf.")
    best = float(result[0])
    C.expect(not math.isclose(best, 1e20),
             "`balayage_lr` retient un LR dont l'entraînement a divergé (perte nan).",
             hint="min avec une clé nan ne fonctionne pas : remplacez nan par +inf d'abord.")


@helper
def decalage_du_meilleur_lr(balayage_lr, parametrisation):
    """Pas de grille (log2) dont le meilleur LR bouge entre les largeurs 32 et 256."""
    g = torch.Generator().manual_seed(3)
    X = torch.randn(512, 16, generator=g)
    W = torch.randn(16, 64, generator=g) / 4
    V = torch.randn(64, 8, generator=g) / 8
    y = (torch.tanh(X @ W) @ V).argmax(dim=1)
    flip = torch.rand(512, generator=g) < 0.5
    y = torch.where(flip, torch.randint(0, 8, (512,), generator=g), y)
    grille = [2.0 ** k for k in range(-8, -1)]
    best = {}
    for n in (32, 256):
        result = C.call(balayage_lr, parametrisation, n, grille, X, y, 8, 20, 32, 4,
                        name="balayage_lr")
        C.expect(isinstance(result, tuple) and len(result) == 2,
                 "`balayage_lr` doit renvoyer le couple (meilleur_lr, pertes_finales).")
        value = C.as_number(result[0], "meilleur_lr")
        C.expect(any(math.isclose(value, lr) for lr in grille),
                 f"`meilleur_lr` vaut {value:g}, ce n'est pas une valeur de la grille.",
                 hint="renvoyez le LR lui-même, pas son indice.")
        best[n] = math.log2(value)
    return best[256] - best[32]


@check(hidden=True)
def transfert_mup(balayage_lr):
    shift = decalage_du_meilleur_lr(balayage_lr, "mup")
    C.expect(abs(shift) <= 1.01,
             "En µP, le meilleur LR à la largeur 256 devrait rester à un pas de grille au plus "
             f"de celui trouvé à la largeur de base 32 ; il s'est décalé de {shift:+.0f} pas "
             "(×2 par pas).",
             hint="vérifiez les multiplicateurs de LR (η/m pour W2 et W3) et la variance de "
                  "sortie (n0/n²) utilisés par balayage_lr.")


@check(hidden=True)
def derive_en_sp(balayage_lr):
    shift = decalage_du_meilleur_lr(balayage_lr, "sp")
    C.expect(shift <= -1.99,
             "En SP, le meilleur LR devrait baisser d'au moins deux pas de grille (facteur 4) "
             f"entre les largeurs 32 et 256 ; il s'est décalé de {shift:+.0f} pas.",
             hint="en SP, tous les paramètres gardent le LR η et la sortie une variance 1/n : "
                  "balayage_lr doit bien utiliser la paramétrisation demandée.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée) — Transfert ou réglage direct ?** Faites le balayage directement sur
# le grand modèle (largeur 10 fois la base, par exemple 320) en SP et en µP, et comparez au
# LR transféré depuis la largeur de base : perte atteinte avec le LR transféré et avec le LR
# réglé directement, coût de calcul des deux démarches (nombre d'entraînements, coût d'un
# entraînement en fonction de $n$), et ce qui se passe si l'on transfère le LR en SP. Quelles
# sont les limites de l'expérience (taille du problème, nombre de pas, hyperparamètres qui ne
# se transfèrent pas) ?

# %% [markdown]
# _Rédigez votre réponse ici (avec les chiffres de vos balayages)._

# %% [markdown]
# *Réponse type* (les chiffres dépendent des graines). En µP, le meilleur LR à la largeur 320
# est celui de la base, ou son voisin dans la grille ; la perte obtenue avec le LR transféré
# est à quelques pourcents de celle du LR réglé directement (les courbes perte–LR sont plates
# près du minimum). En SP, le LR optimal baisse à peu près comme $1/n$ : le LR transféré depuis
# la base est 8 à 10 fois trop grand, l'entraînement oscille ou diverge, et il faut refaire le
# réglage sur le grand modèle.
#
# Coût : le coût d'un pas est dominé par la couche cachée, en $O(N n^2)$. Le réglage direct
# coûte $|\text{grille}|$ entraînements du grand modèle, soit environ
# $|\text{grille}| \cdot (n/n_0)^2$ fois un entraînement du petit ; le transfert coûte
# $|\text{grille}|$ petits entraînements plus un seul grand, soit un gain d'un facteur proche de
# $|\text{grille}|$ (7 ici : $2^{-8}, \dots, 2^{-2}$), bien davantage quand on règle plusieurs
# hyperparamètres à la fois.
#
# Limites : un seul problème jouet, peu de pas, une seule graine (l'argmin bouge d'un pas de
# grille d'une graine à l'autre : il faudrait moyenner), une grille grossière (facteur 2) ; le
# transfert porte sur la largeur, pas sur la profondeur, la taille de lot, le nombre de pas ni
# la régularisation, qui doivent être réglés ou transférés autrement ; la perte d'entraînement
# n'est pas la perte de généralisation.

