# %% [markdown]
# # Exercice 3.1 (⋆) — Décomposition biais-variance
#
# On observe une fonction inconnue $f(x) = \sin(\pi x)$ à travers $N = 10$ points bruités
# $y_i = f(x_i) + \epsilon_i$, avec $\epsilon_i \sim \mathcal{N}(0, \sigma^2)$ indépendants et
# $\sigma = 0{,}3$. Sur chaque jeu de données on ajuste par moindres carrés un polynôme
# $\hat f(x) = \sum_{j=0}^{d} \theta_j x^j$ de degré $d$. L'erreur quadratique attendue en un
# point $x$ se décompose (équation 3.1 du cours) :
#
# $$\mathbb{E}\big[(y - \hat f(x))^2\big] = \big(f(x) - \mathbb{E}[\hat f(x)]\big)^2
#   + \mathbb{E}\big[(\hat f(x) - \mathbb{E}[\hat f(x)])^2\big] + \sigma^2
#   = \mathrm{Biais}^2 + \mathrm{Var} + \sigma^2 .$$
#
# On estime ces trois termes par simulation, pour $d \in \{1, 3, 5, 9, 15\}$ et $K = 100$ jeux de
# données, afin de repérer le meilleur compromis.
#
# **Protocole (imposé, pour que la correction puisse refaire exactement vos calculs).**
#
# * *Abscisses fixes.* Les $N$ abscisses forment la grille régulière de $[-1, 1]$ :
#   $x_i = -1 + 2i/(N-1)$, $i = 0, \dots, N-1$ (c'est `torch.linspace(-1, 1, N)`). D'un jeu de
#   données à l'autre, **seul le bruit change** : l'espérance $\mathbb{E}$ porte sur le bruit,
#   à plan d'expérience fixé.
# * *Bruit.* Un jeu de données de graine `graine` utilise
#   `g = torch.Generator().manual_seed(graine)` puis
#   `eps = torch.randn(N, generator=g, dtype=torch.float64)` et $y = \sin(\pi x) + \sigma\,
#   \epsilon$. Le $k$-ième jeu ($k = 0, \dots, K-1$) d'une simulation de graine `graine` est
#   celui de graine `graine + k`.
# * *Ajustement.* Avec la matrice de Vandermonde $\Phi_{ij} = x_i^{\,j}$ ($N \times (d+1)$,
#   puissances croissantes), $\theta$ minimise $\lVert \Phi\theta - y \rVert_2^2$. Pour
#   $d + 1 > N$ (par exemple $d = 15$ avec 10 points) une infinité de polynômes passent par les
#   points : on prend celui dont le vecteur de coefficients $\theta$ est **de norme euclidienne
#   minimale** (solution de norme minimale, celle que donnent `torch.linalg.lstsq` et
#   `torch.linalg.pinv`). Tous les calculs se font en `float64`.
# * *Estimation.* Sur une grille d'évaluation $x^{\mathrm{ev}}_1, \dots, x^{\mathrm{ev}}_M$, on
#   range les prédictions des $K$ modèles dans $P_{km} = \hat f_k(x^{\mathrm{ev}}_m)$ et l'on note
#   $\bar f_m = \frac1K \sum_k P_{km}$. Les espérances sont remplacées par des moyennes sur les
#   $K$ jeux (normalisation $1/K$), puis on moyenne sur la grille :
#
# $$\mathrm{biais}^2 = \frac1M \sum_{m} \big(\bar f_m - f(x^{\mathrm{ev}}_m)\big)^2,\qquad
#   \mathrm{variance} = \frac1M \sum_{m} \frac1K \sum_{k} \big(P_{km} - \bar f_m\big)^2,$$
# $$\mathrm{erreur\ totale} = \frac1M \sum_{m} \frac1K \sum_{k}
#   \mathbb{E}_{\epsilon}\Big[\big(f(x^{\mathrm{ev}}_m) + \epsilon - P_{km}\big)^2\Big]
#   = \frac1M \sum_{m} \frac1K \sum_{k} \big(f(x^{\mathrm{ev}}_m) - P_{km}\big)^2 + \sigma^2,$$
#
#   l'espérance sur le bruit $\epsilon$ d'une nouvelle observation étant calculée exactement.
#   Avec ces normalisations, $\mathrm{erreur\ totale} = \mathrm{biais}^2 + \mathrm{variance} +
#   \sigma^2$ **exactement** (aux arrondis près) : c'est la version empirique de (3.1), un bon
#   moyen de vérifier votre code.
#
# La démonstration de (3.1) est rédigée (question 5, corrigée à la main) ; les questions 1 à 4
# vérifient la simulation.

# %%
import math

import matplotlib.pyplot as plt
import torch


def f_vraie(x: torch.Tensor) -> torch.Tensor:
    """La fonction à apprendre, f(x) = sin(πx)."""
    return torch.sin(math.pi * x)


# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — Générateur de données.** Écrire `generer_donnees(N, sigma, graine)` qui renvoie
# le couple `(x, y)` de deux tenseurs `float64` de forme `(N,)` décrit par le protocole : grille
# régulière de $[-1, 1]$ et $y = \sin(\pi x) + \sigma\,\epsilon$, le bruit étant tiré par
# `torch.randn(N, generator=g, dtype=torch.float64)` avec
# `g = torch.Generator().manual_seed(graine)`.

# %%
def generer_donnees(N: int, sigma: float, graine: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(x, y) : grille régulière de [−1, 1] et y = sin(πx) + σ·ε, ε ~ N(0, 1) de graine donnée."""
    # BEGIN SOLUTION
    g = torch.Generator().manual_seed(graine)
    x = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
    eps = torch.randn(N, generator=g, dtype=torch.float64)
    return x, f_vraie(x) + sigma * eps
    # END SOLUTION


# %%
@check
def grille_et_sans_bruit(generer_donnees):
    result = C.call(generer_donnees, 5, 0.0, 0, name="generer_donnees")
    C.expect(isinstance(result, tuple | list) and len(result) == 2,
             "`generer_donnees` doit renvoyer un couple (x, y).")
    x = C.as_tensor(result[0], "generer_donnees(5, 0, 0)[0]")
    y = C.as_tensor(result[1], "generer_donnees(5, 0, 0)[1]")
    C.expect_shape(x, (5,), name="x")
    C.expect_shape(y, (5,), name="y")
    C.expect(x.dtype == torch.float64 and y.dtype == torch.float64,
             "`generer_donnees` doit renvoyer des tenseurs float64.")
    grid = torch.tensor([-1.0, -0.5, 0.0, 0.5, 1.0], dtype=torch.float64)
    C.expect_close(x, grid, name="x (N = 5)", reveal=True,
                   hint="x = torch.linspace(-1, 1, N), bornes comprises.")
    C.expect_close(y, torch.sin(math.pi * grid), name="y pour σ = 0", rtol=1e-12, atol=1e-12,
                   reveal=True, hint="sans bruit, y = sin(πx).")


@check(hidden=True)
def donnees_exactes(generer_donnees):
    for N, sigma, graine in ((10, 0.3, 0), (17, 1.3, 42), (7, 0.05, 123)):
        g = torch.Generator().manual_seed(graine)
        x_ref = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
        y_ref = torch.sin(math.pi * x_ref) + sigma * torch.randn(N, generator=g,
                                                                 dtype=torch.float64)
        result = C.call(generer_donnees, N, sigma, graine, name="generer_donnees")
        C.expect(isinstance(result, tuple | list) and len(result) == 2,
                 "`generer_donnees` doit renvoyer un couple (x, y).")
        label = f"generer_donnees({N}, {sigma}, {graine})"
        x = C.as_tensor(result[0], label + "[0]")
        y = C.as_tensor(result[1], label + "[1]")
        C.expect(y.dtype == torch.float64, f"`{label}` : y doit être en float64.",
                 hint="tirez le bruit avec dtype=torch.float64 (un tirage float32 converti "
                      "donne d'autres nombres).")
        C.expect_close(x, x_ref, name=label + " : x", rtol=1e-12, atol=1e-12,
                       hint="grille régulière de [−1, 1], bornes comprises.")
        C.expect_close(y, y_ref, name=label + " : y", rtol=1e-10, atol=1e-12,
                       hint="y = sin(πx) + σ·torch.randn(N, generator=g, dtype=torch.float64) "
                            "avec g = torch.Generator().manual_seed(graine), un seul tirage de "
                            "N nombres.")


@check(hidden=True)
def graines(generer_donnees):
    def y_of(graine):
        result = C.call(generer_donnees, 10, 0.3, graine, name="generer_donnees")
        C.expect(isinstance(result, tuple | list) and len(result) == 2,
                 "`generer_donnees` doit renvoyer un couple (x, y).")
        return C.as_tensor(result[1], f"generer_donnees(10, 0.3, {graine})[1]")

    C.expect(torch.equal(y_of(5), y_of(5)),
             "`generer_donnees` n'est pas reproductible : la même graine donne d'autres données.",
             hint="créez un torch.Generator().manual_seed(graine) à chaque appel.")
    C.expect(not torch.equal(y_of(5), y_of(6)),
             "`generer_donnees` donne les mêmes données pour deux graines différentes.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — Ajustement polynomial.**
#
# * `ajuster_polynome(x, y, d)` renvoie le vecteur `theta` (`float64`, forme `(d + 1,)`) des
#   coefficients **par puissances croissantes** ($\theta_0$ est la constante) du polynôme de
#   degré $d$ des moindres carrés ; pour $d + 1 > N$, la solution de norme minimale.
# * `predire(theta, x)` renvoie $\hat f(x) = \sum_j \theta_j x^j$ pour chaque élément de `x`
#   (même forme que `x`).
#
# Attention : les équations normales $(\Phi^\top \Phi)\theta = \Phi^\top y$ sont singulières dès
# que $d + 1 > N$, et mal conditionnées bien avant.

# %%
def ajuster_polynome(x: torch.Tensor, y: torch.Tensor, d: int) -> torch.Tensor:
    """Coefficients (θ₀, …, θ_d) des moindres carrés, de norme minimale si d + 1 > N."""
    # BEGIN SOLUTION
    Phi = torch.vander(x.to(torch.float64), d + 1, increasing=True)
    return torch.linalg.lstsq(Phi, y.to(torch.float64).unsqueeze(1)).solution.squeeze(1)
    # END SOLUTION


def predire(theta: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """f̂(x) = Σ_j θ_j x^j, élément par élément."""
    # BEGIN SOLUTION
    return torch.vander(x.reshape(-1), len(theta), increasing=True).matmul(theta).reshape(x.shape)
    # END SOLUTION


# %%
@check
def polynome_exact(ajuster_polynome, predire):
    x = torch.tensor([-1.0, -0.6, -0.1, 0.3, 0.7, 1.0], dtype=torch.float64)
    coeffs = torch.tensor([0.5, -1.0, 2.0, 3.0], dtype=torch.float64)
    y = coeffs[0] + coeffs[1] * x + coeffs[2] * x ** 2 + coeffs[3] * x ** 3
    theta = C.as_tensor(C.call(ajuster_polynome, x, y, 3, name="ajuster_polynome"),
                        "ajuster_polynome(x, y, 3)")
    C.expect_shape(theta, (4,), name="ajuster_polynome(x, y, 3)",
                   hint="un polynôme de degré d a d + 1 coefficients.")
    C.expect(theta.dtype == torch.float64, "`ajuster_polynome` doit renvoyer un tenseur float64.")
    C.expect_close(theta, coeffs, name="ajuster_polynome (cubique exacte)", rtol=1e-8,
                   atol=1e-9, reveal=True,
                   hint="coefficients par puissances croissantes : θ₀ est la constante.")
    C.expect_close(C.call(predire, coeffs, torch.tensor([0.0, 2.0], dtype=torch.float64),
                          name="predire"),
                   torch.tensor([0.5, 30.5], dtype=torch.float64),
                   name="predire([0.5, −1, 2, 3], [0, 2])", reveal=True)


@check(hidden=True)
def moindres_carres(ajuster_polynome):
    g = torch.Generator().manual_seed(31)
    x = torch.linspace(-1.0, 1.0, 13, dtype=torch.float64)
    x = x + 0.03 * torch.randn(13, generator=g, dtype=torch.float64)
    y = torch.randn(13, generator=g, dtype=torch.float64)
    for d in (0, 1, 2, 4, 7):
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True),
                                    full_matrices=False)
        expected = Vh.T @ ((U.T @ y) / S)
        got = C.as_tensor(C.call(ajuster_polynome, x.clone(), y.clone(), d,
                                 name="ajuster_polynome"), f"ajuster_polynome(x, y, {d})")
        C.expect_shape(got, (d + 1,), name=f"ajuster_polynome(x, y, {d})",
                       hint="un polynôme de degré d a d + 1 coefficients (θ₀, …, θ_d).")
        C.expect_close(got, expected, name=f"ajuster_polynome(x, y, {d})", rtol=1e-7,
                       atol=1e-9 * float(expected.abs().max()),
                       hint="θ minimise ‖Φθ − y‖² avec Φᵢⱼ = xᵢʲ (puissances croissantes).")


@check(hidden=True)
def norme_minimale(ajuster_polynome):
    g = torch.Generator().manual_seed(32)
    x = torch.linspace(-1.0, 1.0, 10, dtype=torch.float64)
    y = torch.sin(math.pi * x) + 0.3 * torch.randn(10, generator=g, dtype=torch.float64)
    for d in (9, 10, 12, 15):
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True),
                                    full_matrices=False)
        expected = Vh.T @ ((U.T @ y) / S)
        label = f"ajuster_polynome(x, y, {d}) avec N = 10 points"
        got = C.as_tensor(C.call(ajuster_polynome, x.clone(), y.clone(), d,
                                 name="ajuster_polynome"), label)
        C.expect_shape(got, (d + 1,), name=label,
                       hint="un polynôme de degré d a d + 1 coefficients (θ₀, …, θ_d).")
        C.expect(got.dtype == torch.float64, f"`{label}` doit être en float64.")
        C.expect(bool(torch.isfinite(got).all()), f"`{label}` contient nan ou inf.",
                 hint="pour d + 1 > N, Φᵀ Φ est singulière : utilisez torch.linalg.lstsq "
                      "ou torch.linalg.pinv.")
        C.expect_close(got, expected, name=label, rtol=1e-7,
                       atol=1e-9 * float(expected.abs().max()),
                       hint=("pour d + 1 > N, prenez la solution de norme minimale "
                             "(torch.linalg.lstsq ou torch.linalg.pinv) ; les équations "
                             "normales sont singulières." if d >= 10 else
                             "pour d + 1 = N le polynôme interpole les points ; évitez les "
                             "équations normales, mal conditionnées."))


@check(hidden=True)
def prediction(predire):
    g = torch.Generator().manual_seed(33)
    x = 1.2 * (2 * torch.rand(13, generator=g, dtype=torch.float64) - 1)
    for p in (1, 4, 7):
        theta = torch.randn(p, generator=g, dtype=torch.float64)
        expected = sum(theta[j] * x ** j for j in range(p))
        C.expect_close(C.call(predire, theta.clone(), x.clone(), name="predire"), expected,
                       name=f"predire(theta de taille {p}, x)", rtol=1e-10, atol=1e-12,
                       hint="f̂(x) = Σ_j θ_j x^j, θ₀ étant la constante (puissances "
                            "croissantes).")
    theta = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    X2 = torch.linspace(-1.0, 1.0, 6, dtype=torch.float64).reshape(2, 3)
    C.expect_close(C.call(predire, theta.clone(), X2.clone(), name="predire"),
                   1.0 - 2.0 * X2 + 0.5 * X2 ** 2, name="predire(theta, x de forme (2, 3))",
                   rtol=1e-10, atol=1e-12, hint="la sortie a la forme de x.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Les trois termes.** Écrire `decomposition(predictions, f_eval, sigma)` qui
# reçoit la matrice `predictions` de forme `(K, M)` (ligne $k$ : le modèle du jeu $k$, colonne
# $m$ : le point $x^{\mathrm{ev}}_m$) et le tenseur `f_eval` de forme `(M,)` des valeurs
# $f(x^{\mathrm{ev}}_m)$, et renvoie le triplet de flottants
# `(biais2, variance, erreur_totale)` défini dans l'énoncé (normalisation $1/K$, moyenne sur
# les $M$ points, $+\sigma^2$ dans l'erreur totale).

# %%
def decomposition(predictions: torch.Tensor, f_eval: torch.Tensor,
                  sigma: float) -> tuple[float, float, float]:
    """(biais², variance, erreur totale) moyennés sur la grille d'évaluation."""
    # BEGIN SOLUTION
    moyenne = predictions.mean(dim=0)
    biais2 = ((moyenne - f_eval) ** 2).mean()
    variance = ((predictions - moyenne) ** 2).mean()
    totale = ((predictions - f_eval) ** 2).mean() + sigma ** 2
    return float(biais2), float(variance), float(totale)
    # END SOLUTION


# %%
@check
def decomposition_petit_cas(decomposition):
    P = torch.tensor([[1.0, 2.0, 0.0], [3.0, 2.0, 2.0]], dtype=torch.float64)
    f = torch.tensor([1.0, 1.0, 1.0], dtype=torch.float64)
    result = C.call(decomposition, P, f, 0.5, name="decomposition")
    C.expect(isinstance(result, tuple | list) and len(result) == 3,
             "`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).")
    C.expect_scalar_close(result[0], 2.0 / 3.0, name="biais2", reveal=True,
                          hint="moyenne sur les jeux (f̄ = [2, 2, 1]), puis écart à f au carré, "
                               "moyenné sur les points.")
    C.expect_scalar_close(result[1], 2.0 / 3.0, name="variance", reveal=True,
                          hint="variance avec normalisation 1/K (et non 1/(K − 1)).")
    C.expect_scalar_close(result[2], 8.0 / 6.0 + 0.25,
                          name="erreur_totale", reveal=True,
                          hint="moyenne de (f − P)² plus σ².")


@check(hidden=True)
def decomposition_contre_formules(decomposition):
    g = torch.Generator().manual_seed(41)
    for K, M, sigma in ((7, 11, 0.3), (13, 5, 1.7), (1, 9, 0.2)):
        f = torch.randn(M, generator=g, dtype=torch.float64)
        P = f + 0.4 + torch.randn(K, M, generator=g, dtype=torch.float64) * torch.linspace(
            0.2, 2.0, M, dtype=torch.float64)
        mean = torch.stack([P[k] for k in range(K)]).sum(dim=0) / K
        bias2 = float(sum((mean[m] - f[m]) ** 2 for m in range(M)) / M)
        var = float(sum((P[k, m] - mean[m]) ** 2 for k in range(K) for m in range(M)) / (K * M))
        total = float(sum((P[k, m] - f[m]) ** 2 for k in range(K) for m in range(M))
                      / (K * M)) + sigma ** 2
        result = C.call(decomposition, P.clone(), f.clone(), sigma, name="decomposition")
        C.expect(isinstance(result, tuple | list) and len(result) == 3,
                 "`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).")
        label = f"(K = {K} jeux, M = {M} points)"
        C.expect_scalar_close(result[0], bias2, name=f"biais2 {label}", rtol=1e-9,
                              hint="f̄ = moyenne des prédictions sur les K jeux (dim=0), puis "
                                   "(f̄ − f)² moyenné sur les M points.")
        C.expect_scalar_close(result[1], var, name=f"variance {label}", rtol=1e-9,
                              atol=1e-12,
                              hint="moyenne sur les jeux de (P − f̄)² avec normalisation 1/K "
                                   "(torch.var divise par K − 1 par défaut), puis moyenne sur "
                                   "les points.")
        C.expect_scalar_close(result[2], total, name=f"erreur_totale {label}", rtol=1e-9,
                              hint="moyenne sur les jeux et les points de (f − P)², plus le "
                                   "bruit irréductible σ².")


@check(hidden=True)
def identite_biais_variance(decomposition):
    g = torch.Generator().manual_seed(42)
    P = 3 * torch.randn(20, 8, generator=g, dtype=torch.float64) + 1.0
    f = torch.randn(8, generator=g, dtype=torch.float64)
    result = C.call(decomposition, P.clone(), f.clone(), 0.3, name="decomposition")
    C.expect(isinstance(result, tuple | list) and len(result) == 3,
             "`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).")
    b2, var, total = (C.as_number(v, n) for v, n in zip(
        result, ("biais2", "variance", "erreur_totale"), strict=True))
    gap = abs(total - (b2 + var + 0.09))
    C.expect(gap <= 1e-9 * max(1.0, total),
             f"`decomposition` : erreur_totale − (biais2 + variance + σ²) vaut {gap:.3g} au lieu "
             "de 0.",
             hint="avec la normalisation 1/K partout, l'identité (3.1) est exacte ; vérifiez la "
                  "normalisation de la variance et le terme σ².")


@check(hidden=True)
def decomposition_flottants(decomposition):
    g = torch.Generator().manual_seed(43)
    P = torch.randn(6, 4, generator=g, dtype=torch.float64)
    f = torch.randn(4, generator=g, dtype=torch.float64)
    result = C.call(decomposition, P.clone(), f.clone(), 0.2, name="decomposition")
    C.expect(isinstance(result, tuple | list) and len(result) == 3,
             "`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).")
    kinds = [type(v).__name__ for v in result]
    C.expect(all(isinstance(v, float) for v in result),
             f"`decomposition` renvoie des objets {', '.join(kinds)} : le triplet doit être "
             "formé de flottants Python.", hint="convertissez avec float(...) ou .item().")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 — Simulation.**
#
# * `simuler(degres, K, N, sigma, x_eval, graine)` : pour chaque degré `d` de la liste `degres`,
#   ajuste un polynôme de degré `d` sur chacun des `K` jeux de données (le jeu $k$ est
#   `generer_donnees(N, sigma, graine + k)`), prédit sur `x_eval` et renvoie un dictionnaire
#   `{d: (biais2, variance, erreur_totale)}` (clés entières, valeurs calculées par
#   `decomposition`).
# * `meilleur_degre(resultats)` renvoie le degré (entier) de plus petite **erreur totale** dans
#   un tel dictionnaire.

# %%
def simuler(degres: list[int], K: int, N: int, sigma: float, x_eval: torch.Tensor,
            graine: int) -> dict[int, tuple[float, float, float]]:
    """{d: (biais², variance, erreur totale)} sur K jeux de graines graine, …, graine + K − 1."""
    # BEGIN SOLUTION
    jeux = [generer_donnees(N, sigma, graine + k) for k in range(K)]
    resultats = {}
    for d in degres:
        P = torch.stack([predire(ajuster_polynome(x, y, d), x_eval) for x, y in jeux])
        resultats[d] = decomposition(P, f_vraie(x_eval), sigma)
    return resultats
    # END SOLUTION


def meilleur_degre(resultats: dict[int, tuple[float, float, float]]) -> int:
    """Le degré d'erreur totale minimale."""
    # BEGIN SOLUTION
    return min(resultats, key=lambda d: resultats[d][2])
    # END SOLUTION


# %%
x_eval = torch.linspace(-1.0, 1.0, 101, dtype=torch.float64)
resultats = simuler([1, 3, 5, 9, 15], 100, 10, 0.3, x_eval, 0)
if resultats:
    for d, (b2, var, tot) in resultats.items():
        print(f"d = {d:2d} : biais² = {b2:.4f}, variance = {var:.4f}, erreur totale = {tot:.4f}")
    print("meilleur degré :", meilleur_degre(resultats))
    degres = list(resultats)
    plt.figure(figsize=(6, 4))
    for i, nom in enumerate(["biais²", "variance", "erreur totale"]):
        plt.semilogy(degres, [resultats[d][i] for d in degres], "o-", label=nom)
    plt.axhline(0.3 ** 2, color="gray", linestyle="--", label="σ² (bruit irréductible)")
    plt.xlabel("degré d")
    plt.legend()
    plt.title("Décomposition biais-variance, N = 10, σ = 0,3")
    plt.show()

# %%
@check
def simulation_forme(simuler, meilleur_degre):
    x_eval = torch.linspace(-1.0, 1.0, 21, dtype=torch.float64)
    res = C.call(simuler, [1, 3], 5, 10, 0.3, x_eval, 0, name="simuler")
    C.expect(isinstance(res, dict) and sorted(res) == [1, 3],
             "`simuler([1, 3], …)` doit renvoyer un dictionnaire de clés 1 et 3.")
    for d in (1, 3):
        C.expect(isinstance(res[d], tuple | list) and len(res[d]) == 3,
                 f"`simuler(...)[{d}]` doit être un triplet (biais2, variance, erreur_totale).")
        b2, var, tot = (C.as_number(v, f"simuler(...)[{d}]") for v in res[d])
        C.expect_scalar_close(tot, b2 + var + 0.09, name=f"erreur totale du degré {d}",
                              reveal=True, hint="erreur totale = biais² + variance + σ².")
    best = C.call(meilleur_degre, {1: (0.2, 0.01, 0.3), 3: (0.01, 0.02, 0.12),
                                   5: (0.001, 0.04, 0.13)}, name="meilleur_degre")
    C.expect_equal(best, 3, name="meilleur_degre(exemple)", reveal=True)


@check(hidden=True)
def simulation_contre_oracle(simuler):
    degres, K, N, sigma, graine = [0, 2, 5, 9, 13], 12, 10, 0.25, 1000
    x_eval = torch.linspace(-1.0, 1.0, 37, dtype=torch.float64) ** 3
    f_eval = torch.sin(math.pi * x_eval)
    x = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
    ys = [torch.sin(math.pi * x) + sigma * torch.randn(
        N, generator=torch.Generator().manual_seed(graine + k), dtype=torch.float64)
        for k in range(K)]
    res = C.call(simuler, list(degres), K, N, sigma, x_eval.clone(), graine, name="simuler")
    C.expect(isinstance(res, dict), "`simuler` doit renvoyer un dictionnaire {degré: triplet}.")
    C.expect(sorted(res) == sorted(degres),
             "Les clés du dictionnaire renvoyé par `simuler` ne sont pas les degrés demandés.")
    for d in degres:
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True),
                                    full_matrices=False)
        S_eval = torch.vander(x_eval, d + 1, increasing=True) @ Vh.T @ torch.diag(1 / S) @ U.T
        P = torch.stack([S_eval @ y for y in ys])
        mean = P.mean(dim=0)
        expected = (float(((mean - f_eval) ** 2).mean()), float(((P - mean) ** 2).mean()),
                    float(((P - f_eval) ** 2).mean()) + sigma ** 2)
        C.expect(isinstance(res[d], tuple | list) and len(res[d]) == 3,
                 f"`simuler(...)[{d}]` doit être un triplet (biais2, variance, erreur_totale).")
        hints = ("le jeu k est generer_donnees(N, sigma, graine + k) et le modèle de degré d a "
                 "d + 1 coefficients ; f̄ est la moyenne des K modèles.",
                 "variance sur les K jeux avec normalisation 1/K ; le jeu k a la graine "
                 "graine + k (des graines identiques donnent une variance nulle).",
                 "erreur totale = moyenne de (f − P)² + σ², sur les K jeux et la grille x_eval.")
        for i, nom in enumerate(("biais2", "variance", "erreur_totale")):
            C.expect_scalar_close(res[d][i], expected[i], name=f"{nom} du degré {d}",
                                  rtol=1e-7, atol=1e-12, hint=hints[i])


@check(hidden=True)
def simulation_du_cours(simuler, meilleur_degre):
    degres, K, N, sigma = [1, 3, 5, 9, 15], 100, 10, 0.3
    x_eval = torch.linspace(-1.0, 1.0, 101, dtype=torch.float64)
    f_eval = torch.sin(math.pi * x_eval)
    x = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
    Y = torch.stack([torch.sin(math.pi * x) + sigma * torch.randn(
        N, generator=torch.Generator().manual_seed(k), dtype=torch.float64) for k in range(K)])
    res = C.call(simuler, list(degres), K, N, sigma, x_eval.clone(), 0, name="simuler")
    C.expect(isinstance(res, dict) and sorted(res) == degres,
             "`simuler` doit renvoyer un dictionnaire dont les clés sont les degrés demandés.")
    totals = {}
    for d in degres:
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True),
                                    full_matrices=False)
        P = Y @ (torch.vander(x_eval, d + 1, increasing=True) @ Vh.T @ torch.diag(1 / S)
                 @ U.T).T
        mean = P.mean(dim=0)
        expected = (float(((mean - f_eval) ** 2).mean()), float(((P - mean) ** 2).mean()),
                    float(((P - f_eval) ** 2).mean()) + sigma ** 2)
        totals[d] = expected[2]
        C.expect(isinstance(res[d], tuple | list) and len(res[d]) == 3,
                 f"`simuler(...)[{d}]` doit être un triplet (biais2, variance, erreur_totale).")
        for i, nom in enumerate(("biais2", "variance", "erreur_totale")):
            C.expect_scalar_close(res[d][i], expected[i],
                                  name=f"{nom} du degré {d} (réglage du cours)", rtol=1e-7,
                                  atol=1e-12,
                                  hint="pour d = 15 > N − 1, solution de norme minimale "
                                       "(torch.linalg.lstsq ou pinv)." if d == 15 else
                                       "jeu k de graine k, d + 1 coefficients, moyennes sur "
                                       "les K jeux avec normalisation 1/K.")
    best = C.call(meilleur_degre, res, name="meilleur_degre")
    C.expect_equal(best, min(totals, key=totals.get), name="meilleur_degre(simuler(...))",
                   hint="le degré qui minimise l'erreur totale (troisième composante).")


@check(hidden=True)
def meilleur_degre(meilleur_degre):
    cases = [
        ({1: (0.30, 0.01, 0.40), 3: (0.05, 0.10, 0.24), 5: (0.01, 0.20, 0.30),
          9: (0.001, 0.50, 0.59)}, 3),
        ({0: (0.50, 0.00, 0.59), 4: (0.02, 0.30, 0.41), 7: (0.10, 0.15, 0.34),
          12: (0.00, 0.90, 0.99)}, 7),
        ({2: (0.09, 0.01, 0.19)}, 2),
    ]
    for resultats, expected in cases:
        got = C.call(meilleur_degre, {d: tuple(v) for d, v in resultats.items()},
                     name="meilleur_degre")
        C.expect_equal(got, expected, name="meilleur_degre(résultats)",
                       hint="renvoyez la clé (le degré) de plus petite erreur totale, la "
                            "troisième composante du triplet — ni le biais, ni la variance, ni "
                            "une position dans la liste.")


@check(hidden=True)
def meilleur_degre_entier(meilleur_degre):
    resultats = {2: (0.2, 0.05, 0.34), 6: (0.01, 0.12, 0.22), 11: (0.0, 0.6, 0.69)}
    got = C.call(meilleur_degre, resultats, name="meilleur_degre")
    C.expect(isinstance(got, int | np.integer) and not isinstance(got, bool),
             f"`meilleur_degre` renvoie un objet {type(got).__name__} : il doit renvoyer le "
             "degré, un entier Python.",
             hint="renvoyez une clé du dictionnaire (int), pas un tenseur ni un flottant.")
    C.expect_equal(int(got), 6, name="meilleur_degre(résultats)",
                   hint="le degré de plus petite erreur totale (troisième composante).")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée).**
#
# 1. Démontrer la décomposition biais-variance (3.1) : pour $y = f(x) + \epsilon$ avec
#    $\epsilon$ centré de variance $\sigma^2$, indépendant du jeu d'entraînement (donc de
#    $\hat f$), $\mathbb{E}[(y - \hat f(x))^2] = (f(x) - \mathbb{E}[\hat f(x)])^2 +
#    \mathrm{Var}(\hat f(x)) + \sigma^2$. Indiquez où servent l'indépendance et le centrage.
# 2. D'après votre simulation, quel degré offre le meilleur compromis ? Commentez l'évolution
#    du biais² et de la variance avec $d$, et le cas $d = 15$ (plus de coefficients que de
#    points) : que fait la solution de norme minimale, et pourquoi sa variance reste-t-elle
#    élevée ?

# %% [markdown]
# _Rédigez votre démonstration et votre commentaire ici._

# %% [markdown]
# **1.** Notons $\hat f = \hat f(x)$, $\bar f = \mathbb{E}[\hat f]$ et $f = f(x)$. Alors
# $y - \hat f = \epsilon + (f - \bar f) + (\bar f - \hat f)$. En développant le carré :
# $$\mathbb{E}[(y - \hat f)^2] = \mathbb{E}[\epsilon^2] + (f - \bar f)^2 +
# \mathbb{E}[(\bar f - \hat f)^2] + 2(f - \bar f)\,\mathbb{E}[\epsilon]
# + 2\,\mathbb{E}[\epsilon(\bar f - \hat f)] + 2(f - \bar f)\,\mathbb{E}[\bar f - \hat f].$$
# Les trois doubles produits sont nuls : $\mathbb{E}[\epsilon] = 0$ (centrage) ;
# $\mathbb{E}[\epsilon(\bar f - \hat f)] = \mathbb{E}[\epsilon]\,\mathbb{E}[\bar f - \hat f] = 0$
# (indépendance du bruit de test et du jeu d'entraînement) ; $\mathbb{E}[\bar f - \hat f] = 0$
# par définition de $\bar f$ ($f - \bar f$ est déterministe). Il reste
# $\sigma^2 + \mathrm{Biais}^2 + \mathrm{Var}(\hat f)$. La même preuve, avec la loi empirique
# sur les $K$ jeux (normalisation $1/K$), donne l'identité exacte utilisée dans le code.
#
# **2.** Avec $K = 100$, $N = 10$, $\sigma = 0{,}3$ on obtient environ : $d = 1$ : biais²
# $\approx 0{,}22$, variance $\approx 0{,}016$, erreur $\approx 0{,}33$ (sous-apprentissage) ;
# $d = 3$ : $0{,}007$, $0{,}028$, $0{,}125$ ; $d = 5$ : $0{,}0002$, $0{,}044$, $0{,}134$ ;
# $d = 9$ : variance $\approx 0{,}54$, erreur $\approx 0{,}65$ (interpolation des 10 points,
# bruit compris, avec de fortes oscillations près des bords : phénomène de Runge) ; $d = 15$ :
# variance $\approx 3{,}7$, erreur $\approx 4$. Le biais² décroît avec $d$ (le développement de
# $\sin(\pi x)$ est bien approché dès le degré 3 à 5) tandis que la variance croît à peu près
# comme $\sigma^2 (d+1)/N$ puis explose à l'interpolation. Le meilleur compromis est $d = 3$
# ($d = 5$ est proche). Pour $d = 15$, la solution de norme minimale interpole encore les 10
# points (un espace affine de dimension 6 de solutions) ; imposer $\lVert\theta\rVert$ minimal
# est une régularisation implicite, mais la prédiction reste une fonction linéaire du bruit qui
# interpole ce bruit : sa variance est au moins celle de l'interpolation, et les monômes de
# haut degré, presque colinéaires sur $[-1, 1]$, amplifient le bruit près des bords. Le biais²
# estimé remonte aussi car, avec $K = 100$, l'estimateur empirique du biais² contient un terme
# $\mathrm{Var}/K$.

