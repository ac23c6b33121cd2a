# %% [markdown]
# # Exercice 3.3 (⋆⋆) — Le Dropout comme ensemble de modèles, MC-Dropout
#
# Le Dropout (section 3.4 du cours) désactive chaque neurone d'une couche avec probabilité
# $p$ pendant l'entraînement : on tire un masque $m_j \sim \mathrm{Bernoulli}(1 - p)$ et la
# sortie masquée est $\tilde h_j = m_j h_j$, d'espérance $(1 - p) h_j$ (théorème 3.4).
#
# * Le **Dropout inversé** (équation 3.10) divise par $1 - p$ pendant l'entraînement,
#   $\tilde h_j = \frac{m_j}{1 - p} h_j$, de sorte que $\mathbb{E}[\tilde h_j] = h_j$ : à
#   l'inférence, on n'a rien à changer (la couche est l'identité).
# * Le **Dropout classique** (non inversé) ne divise pas pendant l'entraînement ; à l'inférence
#   on utilise le réseau complet en multipliant par $1 - p$ les poids qui **sortent** des
#   unités soumises au Dropout : $W_{\text{test}} = (1 - p)\, W_{\text{train}}$ (règle du
#   *weight scaling*).
# * Le **MC-Dropout** (Monte-Carlo Dropout, Gal et Ghahramani, 2016) garde le Dropout
#   **actif à l'inférence** : $T$ passes stochastiques donnent $T$ prédictions dont la moyenne
#   sert de prédiction et la variance de mesure d'incertitude.
#
# **Conventions.** Un réseau est décrit par un dictionnaire `params` de tenseurs
# `"W1", "b1", …, "WL", "bL"` ; $W_\ell$ a la forme $(d_\ell, d_{\ell-1})$ (convention de
# `nn.Linear`) et $b_\ell$ la forme $(d_\ell,)$. Pour une entrée $x$ de forme $(N, d_0)$ :
# $h_0 = x$, puis pour $\ell = 1, \dots, L-1$ : $h_\ell = \mathrm{Dropout}\big(\mathrm{ReLU}
# (h_{\ell-1} W_\ell^\top + b_\ell)\big)$, et la sortie est **linéaire** :
# $y = h_{L-1} W_L^\top + b_L$, de forme $(N, d_L)$. Le Dropout porte sur les unités cachées
# (après chaque ReLU), pas sur l'entrée ni sur la sortie.
#
# Les questions 1 à 3 sont corrigées automatiquement, les questions 4 à 6 sont rédigées.
# Aucune base de données n'est utilisée : le problème de régression est généré dans le notebook.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — Dropout inversé.** Écrire `dropout_inverse(x, p, entrainement=True,
# generateur=None)` **sans** utiliser `nn.Dropout` ni `F.dropout` (ni `torch.dropout`) :
#
# * en entraînement, chaque entrée de `x` (tenseur de forme quelconque) est mise à zéro avec
#   probabilité `p`, **indépendamment** des autres, et les entrées conservées sont divisées
#   par $1 - p$ ;
# * en évaluation (`entrainement=False`), la fonction renvoie `x` inchangé ;
# * $0 \le p < 1$ ; `x` ne doit pas être modifié en place et le résultat doit rester dans le
#   graphe d'autograd (on s'en sert pour entraîner un réseau plus bas).
#
# **Tirage imposé** (il rend vos masques reproductibles, ce dont la question 3 a besoin) :
# tirez `u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device)` et
# conservez les entrées où $u \ge p$ (probabilité $1 - p$). Avec `generateur=None`, c'est le
# générateur global de PyTorch qui est utilisé.

# %%
def dropout_inverse(x: torch.Tensor, p: float, entrainement: bool = True,
                    generateur: torch.Generator | None = None) -> torch.Tensor:
    """Dropout inversé : x ⊙ m / (1 − p) avec m ~ Bernoulli(1 − p) en entraînement, x sinon."""
    # BEGIN SOLUTION
    if not entrainement:
        return x
    u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device)
    masque = (u >= p).to(x.dtype)
    return x * masque / (1 - p)
    # END SOLUTION


# %%
x_demo = torch.ones(2, 8)
print(dropout_inverse(x_demo, 0.25))
print(dropout_inverse(x_demo, 0.25, entrainement=False))

# %%
@check
def dropout_public(dropout_inverse):
    torch.manual_seed(0)
    x = torch.arange(1.0, 201.0).reshape(10, 20)
    out = C.as_tensor(C.call(dropout_inverse, x.clone(), 0.25, True, name="dropout_inverse"),
                      "dropout_inverse(x, 0.25)")
    C.expect_shape(out, (10, 20), name="dropout_inverse(x, 0.25)")
    kept = out != 0
    C.expect(bool(kept.any()) and bool((~kept).any()),
             "`dropout_inverse(x, 0.25)` en entraînement devrait annuler une partie des 200 "
             "entrées et conserver les autres.")
    C.expect_close(out[kept], x[kept] / 0.75, name="entrées conservées de dropout_inverse(x, 0.25)",
                   reveal=True, hint="les entrées conservées sont divisées par 1 − p.")
    C.expect_close(C.call(dropout_inverse, x.clone(), 0.25, False, name="dropout_inverse"), x,
                   name="dropout_inverse(x, 0.25, entrainement=False)", reveal=True,
                   hint="en évaluation, le Dropout inversé est l'identité.")


@check(hidden=True)
def dropout_echelle_exacte(dropout_inverse):
    torch.manual_seed(11)
    g = torch.Generator().manual_seed(12)
    for p, shape in [(0.1, (7, 9)), (0.35, (4, 5, 6)), (0.8, (30, 11))]:
        sign = torch.where(torch.rand(shape, generator=g) < 0.5, -1.0, 1.0)
        x = (sign * (0.5 + torch.rand(shape, generator=g))).to(torch.float64)
        out, (x_in, _, _) = C.call_seeing_arguments(dropout_inverse, x.clone(), p, True,
                                                    name="dropout_inverse")
        out = C.as_tensor(out, f"dropout_inverse(x, {p})")
        C.expect_shape(out, shape, name=f"dropout_inverse(x, {p})")
        C.expect(out.dtype == torch.float64,
                 f"`dropout_inverse` renvoie un tenseur {out.dtype} pour une entrée float64.",
                 hint="tirez le masque avec dtype=x.dtype.")
        C.expect(torch.equal(x_in, x), "`dropout_inverse` modifie son entrée `x` en place.",
                 hint="renvoyez un nouveau tenseur x * masque / (1 − p).")
        kept = out != 0
        C.expect_close(out[kept], x[kept] / (1 - p), rtol=1e-12, atol=1e-15,
                       name=f"entrées conservées de dropout_inverse(x, {p})",
                       hint="une entrée conservée vaut exactement x / (1 − p) (et non x, x / p "
                            "ou x · (1 − p)).")
    forbidden = {"dropout", "Dropout", "dropout_", "native_dropout", "feature_dropout",
                 "alpha_dropout", "Dropout1d", "Dropout2d"}
    C.expect_not_using(dropout_inverse, forbidden, name="dropout_inverse",
                       hint="tirez le masque vous-même avec torch.rand.")


@check(hidden=True)
def dropout_taux_et_independance(dropout_inverse):
    torch.manual_seed(21)
    x = 0.5 + torch.rand(400, 500, dtype=torch.float64)
    n = x.numel()
    for p in (0.3, 0.8):
        out = C.as_tensor(C.call(dropout_inverse, x.clone(), p, True, name="dropout_inverse"),
                          f"dropout_inverse(x, {p})")
        C.expect_shape(out, (400, 500), name=f"dropout_inverse(x, {p})")
        kept = out != 0
        constant_rows = float((kept.all(dim=1) | (~kept).all(dim=1)).double().mean())
        constant_cols = float((kept.all(dim=0) | (~kept).all(dim=0)).double().mean())
        C.expect(constant_rows < 0.01 and constant_cols < 0.01,
                 f"Le masque de `dropout_inverse(x, {p})` n'est pas tiré indépendamment pour "
                 f"chaque entrée : {100 * constant_rows:.0f} % des lignes et "
                 f"{100 * constant_cols:.0f} % des colonnes sont entièrement conservées ou "
                 "entièrement annulées.",
                 hint="tirez un masque de la forme complète x.shape, pas un masque partagé par "
                      "tous les exemples du lot.")
        rate = float(kept.double().mean())
        z = abs(rate - (1 - p)) / math.sqrt(p * (1 - p) / n)
        C.expect(z <= 6.0,
                 f"`dropout_inverse(x, {p})` conserve {100 * rate:.2f} % des {n} entrées : "
                 f"écart de {z:.1f} écarts-types binomiaux à la proportion attendue (tolérance "
                 "6 écarts-types).",
                 hint="chaque entrée est conservée avec probabilité 1 − p : gardez u ≥ p "
                      "(et non u < p).")


@check(hidden=True)
def dropout_esperance(dropout_inverse):
    torch.manual_seed(31)
    g = torch.Generator().manual_seed(32)
    x = torch.randn(6, 7, generator=g, dtype=torch.float64)
    x = torch.where(x.abs() < 0.2, x + 0.5, x)
    reps, p = 20000, 0.3
    batch = x.expand(reps, 6, 7).clone()
    out = C.as_tensor(C.call(dropout_inverse, batch, p, True, name="dropout_inverse"),
                      "dropout_inverse(x, 0.3)")
    C.expect_shape(out, (reps, 6, 7), name="dropout_inverse(x, 0.3)")
    sigma = x.abs() * math.sqrt(p / ((1 - p) * reps))
    z = float(((out.mean(dim=0) - x).abs() / sigma).max())
    C.expect(z <= 6.0,
             f"La moyenne de {reps} tirages de `dropout_inverse(x, 0.3)` s'écarte de x de "
             f"{z:.1f} écarts-types (tolérance 6) : l'espérance n'est pas conservée.",
             hint="E[m / (1 − p)] = 1 : divisez par 1 − p, pas par p, et tirez un masque "
                  "indépendant pour chaque exemple du lot.")


@check(hidden=True)
def dropout_evaluation_et_gradient(dropout_inverse):
    @C.probe
    def sonde(x):  # autograd where dropout_inverse lives: the output and ∂Σy/∂x
        x = x.clone().requires_grad_(True)
        y = dropout_inverse(x, 0.35, True)
        if not isinstance(y, torch.Tensor):
            return type(y).__name__, None
        if not y.requires_grad:
            return y.detach(), None
        (grad,) = torch.autograd.grad(y.sum(), x, allow_unused=True)
        return y.detach(), grad

    torch.manual_seed(41)
    x = torch.randn(5, 3, 4, dtype=torch.float64)
    for p in (0.2, 0.9):
        C.expect_close(C.call(dropout_inverse, x.clone(), p, False, name="dropout_inverse"), x,
                       rtol=0.0, atol=0.0, name=f"dropout_inverse(x, {p}, entrainement=False)",
                       hint="en évaluation, le Dropout inversé est l'identité (pas de masque, "
                            "pas de facteur).")
    C.expect_close(C.call(dropout_inverse, x.clone(), 0.0, True, name="dropout_inverse"), x,
                   rtol=1e-15, atol=0.0, name="dropout_inverse(x, 0.0) en entraînement",
                   hint="avec p = 0, aucune entrée n'est annulée (u ≥ 0 toujours).")
    x = 0.5 + torch.rand(8, 9, dtype=torch.float64)
    y, grad = C.call(sonde, x, name="dropout_inverse")
    C.expect(isinstance(y, torch.Tensor), "`dropout_inverse` doit renvoyer un tenseur.")
    C.expect(grad is not None, "La sortie de `dropout_inverse` ne dépend pas de `x` dans le "
             "graphe d'autograd.", hint="un `.detach()`, `.data` ou passage par numpy coupe le "
                                        "graphe.")
    C.expect_close(grad, y / x, rtol=1e-12, atol=1e-15,
                   name="gradient de la somme de dropout_inverse(x, 0.35)",
                   hint="le gradient vaut m / (1 − p) : la sortie doit être calculée à partir de "
                        "x dans le graphe (pas de detach(), de .data ni de passage par numpy).")


@check(hidden=True)
def dropout_generateur_impose(dropout_inverse):
    @C.probe  # where dropout_inverse lives: its output, the global RNG's next draw (unchanged)
    def tirer(x, p, graine, graine_globale):
        torch.manual_seed(graine_globale)
        y = dropout_inverse(x, p, True, generateur=torch.Generator().manual_seed(graine))
        return y, torch.rand(4, dtype=torch.float64)

    g = torch.Generator().manual_seed(51)
    x = (0.5 + torch.rand(30, 40, generator=g, dtype=torch.float64)) * torch.where(
        torch.rand(30, 40, generator=g) < 0.5, -1.0, 1.0).to(torch.float64)
    p, label = 0.3, "dropout_inverse(x, 0.3, generateur=g)"
    draws = {}
    for graine, graine_globale in ((7, 100), (7, 200), (8, 100)):
        y, suivant = C.call(tirer, x.clone(), p, graine, graine_globale, name="dropout_inverse")
        draws[graine, graine_globale] = C.as_tensor(y, label).to(torch.float64)
        torch.manual_seed(graine_globale)
        C.expect(torch.equal(C.as_tensor(suivant, "torch.rand"),
                             torch.rand(4, dtype=torch.float64)),
                 f"`{label}` tire dans le générateur global de PyTorch alors qu'un générateur "
                 "lui est donné.",
                 hint="passez generator=generateur à torch.rand et ne tirez rien d'autre.")
    C.expect(torch.equal(draws[7, 100], draws[7, 200]),
             f"`{label}` ne donne pas le même masque pour un même état du générateur `g` : le "
             "tirage dépend d'autre chose que de `generateur`.",
             hint="tirez u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, "
                  "device=x.device).")
    C.expect(not torch.equal(draws[7, 100], draws[8, 100]),
             f"`{label}` donne le même masque pour deux générateurs dans des états différents : "
             "le générateur donné est ignoré.",
             hint="passez generator=generateur à torch.rand.")
    u = torch.rand(x.shape, generator=torch.Generator().manual_seed(7), dtype=x.dtype)
    C.expect_close(draws[7, 100], torch.where(u >= p, x / (1 - p), torch.zeros_like(x)),
                   rtol=1e-12, atol=0.0, name=label,
                   hint="le tirage est imposé : u = torch.rand(x.shape, generator=generateur, "
                        "dtype=x.dtype, device=x.device), entrée conservée si u ≥ p.")


@check(hidden=True)
def dropout_generateur_global(dropout_inverse):
    @C.probe  # where dropout_inverse lives: two draws without generateur after a global seed
    def tirer(x, p, graine_globale):
        torch.manual_seed(graine_globale)
        return dropout_inverse(x, p, True), dropout_inverse(x, p, True)

    g = torch.Generator().manual_seed(61)
    x = (0.5 + torch.rand(20, 30, generator=g, dtype=torch.float64)) * torch.where(
        torch.rand(20, 30, generator=g) < 0.5, -1.0, 1.0).to(torch.float64)
    p, label = 0.4, "dropout_inverse(x, 0.4) sans générateur"
    draws = {}
    for graine_globale in (300, 301):
        pair = C.call(tirer, x.clone(), p, graine_globale, name="dropout_inverse")
        draws[graine_globale] = [C.as_tensor(y, label).to(torch.float64) for y in pair]
    C.expect(not torch.equal(draws[300][0], draws[300][1]),
             f"Deux appels successifs de `{label}` donnent le même masque.",
             hint="avec generateur=None, tirez dans le générateur global de PyTorch "
                  "(torch.rand(..., generator=None)) au lieu de créer un générateur neuf.")
    C.expect(not torch.equal(draws[300][0], draws[301][0]),
             f"`{label}` ne dépend pas de la graine globale de PyTorch (torch.manual_seed).",
             hint="avec generateur=None, c'est le générateur global qui est utilisé.")
    torch.manual_seed(300)
    for k in range(2):
        u = torch.rand(x.shape, dtype=x.dtype)
        C.expect_close(draws[300][k], torch.where(u >= p, x / (1 - p), torch.zeros_like(x)),
                       rtol=1e-12, atol=0.0,
                       name=f"{label} (appel {k + 1} après torch.manual_seed)",
                       hint="le tirage est imposé même sans générateur : u = torch.rand(x.shape, "
                            "generator=None, dtype=x.dtype, device=x.device) dans le générateur "
                            "global, entrée conservée si u ≥ p.")


@check(hidden=True)
def dropout_valeur_par_defaut(dropout_inverse):
    torch.manual_seed(71)
    x = 0.5 + torch.rand(20, 30, dtype=torch.float64)
    out = C.as_tensor(C.call(dropout_inverse, x.clone(), 0.5, name="dropout_inverse"),
                      "dropout_inverse(x, 0.5)")
    C.expect_shape(out, (20, 30), name="dropout_inverse(x, 0.5)")
    kept = out != 0
    C.expect(bool(kept.any()) and bool((~kept).any()),
             "`dropout_inverse(x, p)` appelé sans `entrainement` n'applique pas le Dropout.",
             hint="la valeur par défaut est entrainement=True.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 — Règle du weight scaling (Dropout classique).** Un réseau a été entraîné avec le
# Dropout **classique** (masque sans division par $1 - p$) : Dropout de taux `p_entree` sur les
# entrées $x$ et de taux `p` après chaque ReLU cachée. Écrire `poids_test(params, p,
# p_entree=0.0)` qui renvoie un **nouveau** dictionnaire (mêmes clés, `params` inchangé) de
# paramètres à utiliser **sans Dropout** à l'inférence : chaque matrice de poids est multipliée
# par la probabilité de conservation des unités qui l'alimentent, soit
# $W_1 \leftarrow (1 - p_{\text{entrée}})\, W_1$ et $W_\ell \leftarrow (1 - p)\, W_\ell$ pour
# $\ell \ge 2$ ; les biais ne changent pas (ils ne sont pas multipliés par une unité masquée).
# Le nombre de couches $L$ se lit dans les clés.

# %%
def poids_test(params: dict[str, torch.Tensor], p: float,
               p_entree: float = 0.0) -> dict[str, torch.Tensor]:
    """Paramètres d'inférence (W_test = (1 − p) W_train) après un Dropout classique."""
    # BEGIN SOLUTION
    nb_couches = len([k for k in params if k.startswith("W")])
    resultat = {}
    for ell in range(1, nb_couches + 1):
        garde = 1 - p_entree if ell == 1 else 1 - p
        resultat[f"W{ell}"] = garde * params[f"W{ell}"]
        resultat[f"b{ell}"] = params[f"b{ell}"].clone()
    return resultat
    # END SOLUTION


# %%
@check
def poids_test_public(poids_test):
    params = {"W1": torch.tensor([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0]]),
              "b1": torch.tensor([0.1, 0.2, 0.3]),
              "W2": torch.tensor([[4.0, -1.0, 2.0]]), "b2": torch.tensor([0.5])}
    got = C.call(poids_test, {k: v.clone() for k, v in params.items()}, 0.5,
                 name="poids_test")
    C.expect(isinstance(got, dict) and set(got) == set(params),
             "`poids_test` doit renvoyer un dictionnaire de mêmes clés que `params`.")
    C.expect_close(got["W2"], 0.5 * params["W2"], name="poids_test(params, 0.5)['W2']",
                   reveal=True, hint="W₂ reçoit les unités cachées : W₂ ← (1 − p) W₂.")
    for key in ("W1", "b1", "b2"):
        C.expect_close(got[key], params[key], name=f"poids_test(params, 0.5)['{key}']",
                       reveal=True, hint="sans Dropout sur l'entrée, W₁ est inchangé ; les biais "
                                         "ne changent jamais.")


@check(hidden=True)
def poids_test_reseau_profond(poids_test):
    from autograder.checks import oracles
    params = oracles.random_mlp([5, 7, 6, 4, 3], torch.Generator().manual_seed(51))
    for p, p_in in [(0.3, 0.2), (0.65, 0.0)]:
        got, (given, _, _) = C.call_seeing_arguments(
            poids_test, {k: v.clone() for k, v in params.items()}, p, p_in, name="poids_test")
        C.expect(isinstance(got, dict) and set(got) == set(params),
                 "`poids_test` doit renvoyer un dictionnaire de mêmes clés que `params`.")
        C.expect(all(k in given and torch.equal(given[k], params[k]) for k in params),
                 "`poids_test` modifie le dictionnaire `params` reçu (ou ses tenseurs) en place.",
                 hint="construisez un nouveau dictionnaire de nouveaux tenseurs.")
        for i in range(1, 5):
            keep = 1 - p_in if i == 1 else 1 - p
            C.expect_close(got[f"W{i}"], keep * params[f"W{i}"],
                           name=f"poids_test(params, {p}, p_entree={p_in})['W{i}']",
                           rtol=1e-12, atol=1e-14,
                           hint="W₁ est multiplié par 1 − p_entree, chaque W_ℓ (ℓ ≥ 2) par 1 − p "
                                "(la probabilité de conservation, pas p).")
            C.expect_close(got[f"b{i}"], params[f"b{i}"], rtol=0.0, atol=0.0,
                           name=f"poids_test(params, {p}, p_entree={p_in})['b{i}']",
                           hint="les biais ne sont pas multipliés.")


@check(hidden=True)
def poids_test_moyenne_des_sous_reseaux(poids_test):
    import itertools

    from autograder.checks import oracles
    g = torch.Generator().manual_seed(61)
    d = 5
    params = oracles.random_mlp([3, d, 2], g)
    x = torch.randn(4, 3, generator=g, dtype=torch.float64)
    h = torch.relu(F.linear(x, params["W1"], params["b1"]))
    for p in (0.4, 0.7):
        ensemble = torch.zeros(4, 2, dtype=torch.float64)
        for bits in itertools.product((0.0, 1.0), repeat=d):
            m = torch.tensor(bits, dtype=torch.float64)
            weight = (1 - p) ** int(m.sum()) * p ** (d - int(m.sum()))
            ensemble += weight * F.linear(h * m, params["W2"], params["b2"])
        got = C.call(poids_test, {k: v.clone() for k, v in params.items()}, p, name="poids_test")
        C.expect(isinstance(got, dict) and {"W1", "b1", "W2", "b2"} <= set(got),
                 "`poids_test` doit renvoyer un dictionnaire de mêmes clés que `params`.")
        W1, b1, W2, b2 = (C.as_tensor(got[k], f"poids_test(...)['{k}']")
                          for k in ("W1", "b1", "W2", "b2"))
        C.expect(W1.shape == params["W1"].shape and W2.shape == params["W2"].shape,
                 "`poids_test` change la forme des matrices de poids.")
        test_output = F.linear(torch.relu(F.linear(x, W1, b1)), W2, b2)
        C.expect_close(test_output, ensemble, rtol=1e-10, atol=1e-12,
                       name=f"sortie du réseau poids_test(params, {p}) comparée à la moyenne des "
                            f"2^{d} sous-réseaux pondérés par leur probabilité",
                       hint="pour une sortie linéaire, E[W₂(m ⊙ h)] = (1 − p) W₂ h : seul W₂ est "
                            "multiplié, par 1 − p.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 — MC-Dropout.**
#
# * `propagation(params, x, p, entrainement=False, generateur=None)` calcule la sortie
#   $(N, d_L)$ du réseau décrit en introduction, avec `dropout_inverse(·, p, entrainement,
#   generateur)` après chaque ReLU cachée (couches $1$ à $L-1$, dans l'ordre), rien après la
#   dernière couche.
# * `mc_dropout(params, x, p, T, graine, mc=True)` crée `g = torch.Generator().manual_seed(graine)`,
#   effectue $T \ge 2$ passes `propagation(params, x, p, mc, g)` **l'une après l'autre** (la
#   passe $t$ tire tous ses masques, couche par couche, avant la passe $t + 1$) et renvoie le
#   couple `(moyenne, variance)` des $T$ prédictions, chacun de forme $(N, d_L)$ : moyenne
#   empirique et **variance empirique non biaisée** (diviseur $T - 1$, celle de `torch.var` par
#   défaut), calculées pour chaque exemple et chaque sortie. Avec `mc=False`, le Dropout est
#   coupé : c'est le Dropout « standard » à l'inférence.
#
# Le tirage imposé à la question 1 et l'ordre des passes permettent au correcteur de refaire
# exactement vos $T$ passes à partir de la même graine.

# %%
def propagation(params: dict[str, torch.Tensor], x: torch.Tensor, p: float,
                entrainement: bool = False,
                generateur: torch.Generator | None = None) -> torch.Tensor:
    """Sortie (N, d_L) du MLP ReLU, Dropout inversé après chaque couche cachée."""
    # BEGIN SOLUTION
    nb_couches = len([k for k in params if k.startswith("W")])
    h = x
    for ell in range(1, nb_couches):
        h = torch.relu(h @ params[f"W{ell}"].T + params[f"b{ell}"])
        h = dropout_inverse(h, p, entrainement, generateur)
    return h @ params[f"W{nb_couches}"].T + params[f"b{nb_couches}"]
    # END SOLUTION


def mc_dropout(params: dict[str, torch.Tensor], x: torch.Tensor, p: float, T: int,
               graine: int, mc: bool = True) -> tuple[torch.Tensor, torch.Tensor]:
    """(moyenne, variance non biaisée) de T passes, Dropout actif si mc=True."""
    # BEGIN SOLUTION
    g = torch.Generator().manual_seed(graine)
    predictions = torch.stack([propagation(params, x, p, mc, g) for _ in range(T)])
    return predictions.mean(dim=0), predictions.var(dim=0)
    # END SOLUTION


# %%
@check
def mc_public(mc_dropout):
    g = torch.Generator().manual_seed(0)
    params = {"W1": torch.randn(6, 1, generator=g, dtype=torch.float64),
              "b1": torch.randn(6, generator=g, dtype=torch.float64),
              "W2": torch.randn(1, 6, generator=g, dtype=torch.float64),
              "b2": torch.randn(1, generator=g, dtype=torch.float64)}
    x = torch.linspace(-1, 1, 5, dtype=torch.float64).reshape(5, 1)
    plain = F.linear(torch.relu(F.linear(x, params["W1"], params["b1"])), params["W2"],
                     params["b2"])
    result = C.call(mc_dropout, params, x.clone(), 0.5, 4, 0, False, name="mc_dropout")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`mc_dropout` doit renvoyer un couple (moyenne, variance).")
    C.expect_shape(result[0], (5, 1), name="moyenne de mc_dropout")
    C.expect_shape(result[1], (5, 1), name="variance de mc_dropout")
    C.expect_close(result[0], plain, name="moyenne de mc_dropout(..., mc=False)", reveal=True,
                   hint="sans Dropout, chaque passe est la propagation déterministe.")
    C.expect_close(result[1], torch.zeros(5, 1, dtype=torch.float64), rtol=0.0, atol=1e-10,
                   name="variance de mc_dropout(..., mc=False)", reveal=True,
                   hint="avec mc=False, le Dropout est coupé : les T passes sont identiques.")
    gen = torch.Generator().manual_seed(0)
    passes = []
    for _ in range(3):
        h = torch.relu(F.linear(x, params["W1"], params["b1"]))
        keep = torch.rand(h.shape, generator=gen, dtype=h.dtype) >= 0.5
        passes.append(F.linear(h * keep / 0.5, params["W2"], params["b2"]))
    passes = torch.stack(passes)
    result = C.call(mc_dropout, params, x.clone(), 0.5, 3, 0, True, name="mc_dropout")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`mc_dropout` doit renvoyer un couple (moyenne, variance).")
    protocol = ("générateur g = torch.Generator().manual_seed(graine), passes l'une après "
                "l'autre, masque u = torch.rand(h.shape, generator=g, dtype=h.dtype) ≥ p "
                "(question 1).")
    C.expect_close(result[0], passes.mean(dim=0), name="moyenne de mc_dropout(..., T=3, graine=0)",
                   reveal=True, hint=protocol)
    C.expect_close(result[1], passes.var(dim=0), name="variance de mc_dropout(..., T=3, graine=0)",
                   reveal=True, hint="variance non biaisée (diviseur T − 1) sur l'axe des passes.")


@check(hidden=True)
def propagation_deterministe(propagation):
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(71)
    params = oracles.random_mlp([3, 7, 5, 2], g)
    x = torch.randn(6, 3, generator=g, dtype=torch.float64)
    expected = oracles.mlp(params, x)
    hint = ("h = ReLU(h Wᵀ + b) pour chaque couche cachée, sortie linéaire h W_Lᵀ + b_L ; "
            "le Dropout est coupé en évaluation.")
    C.expect_close(C.call(propagation, params, x.clone(), 0.4, False, name="propagation"),
                   expected, rtol=1e-12, atol=1e-12,
                   name="propagation(params, x, 0.4, entrainement=False)", hint=hint)
    C.expect_close(C.call(propagation, params, x.clone(), 0.0, True, name="propagation"),
                   expected, rtol=1e-12, atol=1e-12,
                   name="propagation(params, x, 0.0, entrainement=True)", hint=hint)
    C.expect_not_using(propagation, {"dropout", "Dropout", "dropout_", "native_dropout"},
                       name="propagation", hint="utilisez votre `dropout_inverse`.")


@check(hidden=True)
def mc_contre_oracle(mc_dropout):
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(81)
    for dims, n, p, T, seed in [([3, 8, 6, 2], 7, 0.35, 5, 123), ([2, 9, 3], 4, 0.6, 2, 7),
                                ([1, 16, 16, 1], 10, 0.2, 9, 2024)]:
        params = oracles.random_mlp(dims, g)
        x = torch.randn(n, dims[0], generator=g, dtype=torch.float64)
        masks = torch.Generator().manual_seed(seed)  # the T passes, one after the other
        passes = torch.stack([oracles.mlp(params, x, p, masks) for _ in range(T)])
        mean, var = passes.mean(dim=0), passes.var(dim=0)
        label = f"mc_dropout (couches {dims}, p = {p}, T = {T})"
        result = C.call(mc_dropout, {k: v.clone() for k, v in params.items()}, x.clone(), p, T,
                        seed, True, name="mc_dropout")
        C.expect(isinstance(result, tuple) and len(result) == 2,
                 "`mc_dropout` doit renvoyer un couple (moyenne, variance).")
        C.expect_close(result[0], mean, rtol=1e-10, atol=1e-12, name=f"moyenne de {label}",
                       hint="les T passes gardent le Dropout actif, avec le générateur créé "
                            "depuis `graine` et le tirage imposé (u ≥ p, dtype de h), passe par "
                            "passe ; la moyenne porte sur l'axe des passes.")
        C.expect_close(result[1], var, rtol=1e-10, atol=1e-12, name=f"variance de {label}",
                       hint="variance non biaisée (diviseur T − 1) sur l'axe des passes.")


@check(hidden=True)
def valeurs_par_defaut(propagation, mc_dropout):
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(111)
    params = oracles.random_mlp([2, 8, 6, 3], g)
    x = torch.randn(5, 2, generator=g, dtype=torch.float64)
    C.expect_close(C.call(propagation, {k: v.clone() for k, v in params.items()}, x.clone(),
                          0.5, name="propagation"),
                   oracles.mlp(params, x), rtol=1e-12, atol=1e-12,
                   name="propagation(params, x, p) appelée sans `entrainement`",
                   hint="la valeur par défaut est entrainement=False : pas de Dropout.")
    masks = torch.Generator().manual_seed(9)
    passes = torch.stack([oracles.mlp(params, x, 0.5, masks) for _ in range(4)])
    result = C.call(mc_dropout, {k: v.clone() for k, v in params.items()}, x.clone(), 0.5, 4, 9,
                    name="mc_dropout")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`mc_dropout` doit renvoyer un couple (moyenne, variance).")
    C.expect_close(result[0], passes.mean(dim=0), rtol=1e-10, atol=1e-12,
                   name="moyenne de mc_dropout(params, x, p, T, graine) appelée sans `mc`",
                   hint="la valeur par défaut est mc=True : le Dropout reste actif.")


@check(hidden=True)
def mc_proprietes_statistiques(mc_dropout):
    from autograder.checks import oracles
    d, p, T = 16, 0.3, 4000
    params = oracles.random_mlp([1, d, 2], torch.Generator().manual_seed(91))
    x = torch.linspace(-2, 2, 8, dtype=torch.float64).reshape(8, 1)
    h = torch.relu(F.linear(x, params["W1"], params["b1"]))
    plain = F.linear(h, params["W2"], params["b2"])
    closed_var = p / (1 - p) * ((h.unsqueeze(1) * params["W2"].unsqueeze(0)) ** 2).sum(dim=2)
    result = C.call(mc_dropout, params, x.clone(), p, T, 5, True, name="mc_dropout")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`mc_dropout` doit renvoyer un couple (moyenne, variance).")
    mean = C.as_tensor(result[0], "moyenne de mc_dropout").to(torch.float64)
    var = C.as_tensor(result[1], "variance de mc_dropout").to(torch.float64)
    C.expect_shape(mean, (8, 2), name="moyenne de mc_dropout")
    C.expect_shape(var, (8, 2), name="variance de mc_dropout")
    active = closed_var > 1e-6
    C.expect(bool((var[active] > 0).all()),
             "La variance de `mc_dropout(..., mc=True)` est nulle là où le Dropout fait varier "
             "la sortie.", hint="le Dropout doit rester actif pendant les T passes (mc=True).")
    z = float(((mean - plain).abs() / (closed_var / T).sqrt().clamp_min(1e-12)).max())
    C.expect(z <= 6.0,
             f"La moyenne de {T} passes de MC-Dropout (une couche cachée, sortie linéaire) "
             f"s'écarte de la prédiction sans Dropout de {z:.1f} écarts-types (tolérance 6), "
             "alors que le Dropout inversé conserve ici l'espérance exacte.",
             hint="divisez les unités conservées par 1 − p.")
    ratio = var[active] / closed_var[active]
    C.expect(float((ratio - 1).abs().max()) <= 0.2,
             f"La variance de {T} passes de MC-Dropout s'écarte de plus de 20 % de la variance "
             f"exacte p/(1 − p) Σⱼ (W₂ₖⱼ hⱼ)² (rapport entre {float(ratio.min()):.2f} et "
             f"{float(ratio.max()):.2f}).",
             hint="masques indépendants d'une passe à l'autre et d'un exemple à l'autre, "
                  "facteur 1/(1 − p), variance sur l'axe des passes.")


@check(hidden=True)
def mc_dropout_standard(mc_dropout):
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(101)
    params = oracles.random_mlp([2, 9, 7, 3], g)
    x = torch.randn(5, 2, generator=g, dtype=torch.float64)
    plain = oracles.mlp(params, x)
    result = C.call(mc_dropout, params, x.clone(), 0.45, 6, 3, False, name="mc_dropout")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`mc_dropout` doit renvoyer un couple (moyenne, variance).")
    C.expect_close(result[0], plain, rtol=1e-12, atol=1e-12,
                   name="moyenne de mc_dropout(..., mc=False)",
                   hint="Dropout standard à l'inférence : le réseau déterministe.")
    C.expect_close(result[1], torch.zeros(5, 3, dtype=torch.float64), rtol=0.0, atol=1e-10,
                   name="variance de mc_dropout(..., mc=False)",
                   hint="en évaluation, le Dropout inversé est l'identité : toutes les passes "
                        "sont identiques et la variance est nulle.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Expérience : incertitude sur un problème de régression
#
# On entraîne par Adam un petit réseau $1 \to 64 \to 64 \to 1$ avec Dropout inversé
# ($p = 0{,}1$, votre `propagation`) sur 40 points bruités de $x \mapsto \sin(2x)$ pris dans
# $[-3, -1] \cup [1, 3]$ (rien entre $-1$ et $1$), puis on compare sur $[-5, 5]$ la prédiction
# du Dropout standard (`mc=False`) et la moyenne $\pm 2$ écarts-types du MC-Dropout ($T = 200$).
# Par défaut (`ENTRAINER = False`) rien n'est entraîné ; passez `ENTRAINER = True` (quelques
# secondes) pour la question 6 ; essayez aussi d'autres valeurs de $p$.

# %%
ENTRAINER = False


def donnees_regression(n: int = 40, graine: int = 0):
    g = torch.Generator().manual_seed(graine)
    x = torch.cat([-3 + 2 * torch.rand(n // 2, generator=g),
                   1 + 2 * torch.rand(n - n // 2, generator=g)]).reshape(-1, 1)
    y = torch.sin(2 * x) + 0.1 * torch.randn(x.shape, generator=g)
    return x.double(), y.double()


def entrainer_regression(p: float = 0.1, etapes: int = 2000, graine: int = 0):
    torch.manual_seed(graine)
    dims = [1, 64, 64, 1]
    params = {}
    for i in range(1, len(dims)):
        params[f"W{i}"] = (torch.randn(dims[i], dims[i - 1], dtype=torch.float64)
                           * (2 / dims[i - 1]) ** 0.5).requires_grad_()
        params[f"b{i}"] = torch.zeros(dims[i], dtype=torch.float64, requires_grad=True)
    x, y = donnees_regression()
    opt = torch.optim.Adam(params.values(), lr=1e-2)
    for _ in range(etapes):
        perte = F.mse_loss(propagation(params, x, p, True), y)
        opt.zero_grad()
        perte.backward()
        opt.step()
    return {k: v.detach() for k, v in params.items()}


if ENTRAINER:
    p_demo = 0.1
    params_appris = entrainer_regression(p_demo)
    grille = torch.linspace(-5, 5, 201, dtype=torch.float64).reshape(-1, 1)
    standard, _ = mc_dropout(params_appris, grille, p_demo, 2, 0, mc=False)
    moyenne, variance = mc_dropout(params_appris, grille, p_demo, 200, 0, mc=True)
    ecart = variance.sqrt()
    x_app, y_app = donnees_regression()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.scatter(x_app.squeeze(), y_app.squeeze(), s=10, color="k", label="apprentissage")
    ax.plot(grille.squeeze(), standard.squeeze(), label="Dropout standard")
    ax.plot(grille.squeeze(), moyenne.squeeze(), label="MC-Dropout (moyenne)")
    ax.fill_between(grille.squeeze(), (moyenne - 2 * ecart).squeeze(),
                    (moyenne + 2 * ecart).squeeze(), alpha=0.3, label="± 2 écarts-types")
    ax.legend(fontsize=8)
    plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 2

# %% [markdown]
# **Question 4 (rédigée, 3.3.1).** Montrer qu'un réseau avec Dropout de taux $p$ sur $n$ unités
# implémente implicitement un ensemble de $2^n$ sous-réseaux : qu'est-ce qu'un sous-réseau,
# avec quelle probabilité est-il tiré, quels paramètres ces sous-réseaux partagent-ils, et
# qu'optimise-t-on réellement en minimisant la perte avec Dropout ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Le masque $m \in \{0, 1\}^n$ tiré à chaque passe désigne le sous-ensemble des unités
# conservées ; le réseau obtenu (les unités $m_j = 0$ et toutes leurs connexions retirées) est
# un **sous-réseau**. Il y a autant de sous-réseaux que de masques, soit $2^n$. Les $m_j$ étant
# des Bernoulli$(1 - p)$ indépendantes, le sous-réseau $m$ est tiré avec la probabilité
# $\pi(m) = (1 - p)^{|m|} p^{\,n - |m|}$ ($|m|$ = nombre d'unités conservées), et
# $\sum_m \pi(m) = 1$. Tous ces sous-réseaux **partagent leurs poids** : le poids d'une
# connexion est le même dans tous les sous-réseaux qui la contiennent. À chaque pas de SGD on
# entraîne donc un sous-réseau tiré au hasard (en général jamais vu, puisque $2^n$ est
# astronomique) sur un mini-lot, et ce pas met à jour les poids partagés. En espérance sur les
# masques, on minimise $\mathbb{E}_{m \sim \pi}\big[L(\theta; m)\big] = \sum_m \pi(m)\,
# L(\theta; m)$ : la perte **moyenne de l'ensemble** des $2^n$ sous-réseaux (un *bagging*
# extrême à poids partagés), d'où l'effet régularisant (aucune unité ne peut compter sur la
# présence d'une autre : pas de co-adaptation). À l'inférence, il faudrait moyenner les
# prédictions des $2^n$ sous-réseaux, ce qui est impossible : on l'approche par la règle du
# *weight scaling* (question 5) ou par un échantillon de $T$ sous-réseaux (MC-Dropout).


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée, 3.3.2).** Soit un réseau à une couche cachée de $d$ unités
# $h = \mathrm{ReLU}(W_1 x + b_1)$ avec Dropout (classique) sur $h$, suivie d'une couche
# $z = W_2 (m \odot h) + b_2$.
# (a) Pour une sortie linéaire $y = z$, montrer que la moyenne des prédictions des $2^d$
# sous-réseaux pondérés par leur probabilité est exactement la sortie du réseau complet de
# poids $W_{\text{test}} = (1 - p)\, W_2$.
# (b) Pour une sortie softmax $y = \mathrm{softmax}(z)$, montrer que la **moyenne géométrique
# normalisée** des $2^d$ prédictions, $\tilde y_k \propto \prod_m y_k(m)^{\pi(m)}$, vaut
# exactement $\mathrm{softmax}\big((1 - p) W_2 h + b_2\big)$ : la règle
# $W_{\text{test}} = (1 - p) W_{\text{train}}$ calcule donc la moyenne géométrique de l'ensemble.
# Pourquoi n'est-ce plus qu'une approximation (de la moyenne arithmétique, et avec plusieurs
# couches) ? Quel lien avec le Dropout inversé ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) $\sum_m \pi(m)\,\big(W_2 (m \odot h) + b_2\big) = W_2 \big(\mathbb{E}[m] \odot h\big) +
# b_2 = (1 - p) W_2 h + b_2$, car $z$ est linéaire en $m$ et $\mathbb{E}[m_j] = 1 - p$
# (théorème 3.4). C'est la sortie du réseau complet de poids $(1 - p) W_2$ (vérifié par la
# question 2 en énumérant les $2^d$ masques).
#
# (b) $\log \prod_m y_k(m)^{\pi(m)} = \sum_m \pi(m) \big(z_k(m) - \log \sum_{k'} e^{z_{k'}(m)}
# \big) = \bar z_k - c$, où $\bar z = \sum_m \pi(m) z(m) = (1 - p) W_2 h + b_2$ par (a), et
# $c = \sum_m \pi(m) \log\sum_{k'} e^{z_{k'}(m)}$ ne dépend pas de $k$. Après normalisation
# sur $k$, la constante disparaît : $\tilde y = \mathrm{softmax}(\bar z) =
# \mathrm{softmax}\big((1 - p) W_2 h + b_2\big)$. Le softmax étant non linéaire, la moyenne
# **arithmétique** $\sum_m \pi(m) y(m)$ diffère en général de la moyenne géométrique
# normalisée (elles sont proches quand les $z(m)$ varient peu) ; avec plusieurs couches cachées,
# les ReLU intermédiaires ne commutent pas avec l'espérance ($\mathbb{E}[\mathrm{ReLU}(u)] \ne
# \mathrm{ReLU}(\mathbb{E}[u])$), si bien que la règle n'est exacte ni pour l'une ni pour
# l'autre moyenne : c'est une approximation, bonne en pratique. Le Dropout inversé applique la
# même règle « à l'envers » : il divise par $1 - p$ pendant l'entraînement, ce qui revient à
# entraîner directement $W_{\text{test}}$ ; le réseau d'inférence est alors le réseau sans
# masque, sans aucun changement de poids.


# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 2

# %% [markdown]
# **Question 6 (rédigée, 3.3.3).** Avec `ENTRAINER = True`, comparez la prédiction du Dropout
# standard et celle du MC-Dropout : où la variance du MC-Dropout est-elle grande, où est-elle
# petite, et pourquoi ? La moyenne du MC-Dropout coïncide-t-elle avec la prédiction du Dropout
# standard (pensez à la question 5 : ce réseau a deux couches cachées) ? Que mesure cette
# incertitude, et que ne mesure-t-elle pas (bruit des données, choix de $p$) ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Éléments attendus. La variance du MC-Dropout est faible sur les zones d'apprentissage
# ($[-3, -1] \cup [1, 3]$), où les sous-réseaux ont tous appris à passer par les points, et
# grandit dans le trou $[-1, 1]$ et surtout hors de $[-3, 3]$, où rien ne contraint les
# sous-réseaux : ils extrapolent chacun à leur façon (les ReLU prolongent linéairement), et
# leur désaccord mesure l'incertitude **épistémique** (due au manque de données). La moyenne du
# MC-Dropout est proche de la prédiction standard mais n'est pas égale : avec deux couches
# cachées séparées par une ReLU, $\mathbb{E}[f(x; m)] \ne f(x; \mathbb{E}[m])$ (question 5) ;
# l'écart est le plus visible là où la variance est grande. Cette variance dépend du taux $p$
# (choisi, non appris) et de $T$ ; elle ne mesure pas le bruit des observations
# (incertitude aléatoire, ici $\sigma = 0{,}1$), qu'il faudrait modéliser à part (précision
# $\tau$ dans Gal et Ghahramani, ou une sortie de variance). Le Dropout standard, lui, ne donne
# qu'une prédiction ponctuelle, sans aucune indication de confiance, même loin des données.

