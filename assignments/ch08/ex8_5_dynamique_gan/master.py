# %% [markdown]
# # Exercice 8.5 (⋆⋆⋆) — Convergence des GAN : le point fixe est-il attracteur ?
#
# L'exercice 8.5 du cours pose deux questions sur la dynamique d'entraînement d'un GAN :
#
# 1. si $D$ et $G$ sont mis à jour **simultanément** par gradient sur $V(D, G)$
#    (équation 8.1), le champ de vecteurs obtenu n'est pas un champ de gradient (il n'est pas
#    conservatif) ; que cela implique-t-il pour la convergence ?
# 2. pour le GAN standard en dimension 1, avec $p_{\text{data}} = \mathcal N(0, 1)$ et
#    $G(z) = \mu + \sigma z$, le point fixe $\mu = 0$, $\sigma = 1$ est-il un attracteur de
#    la dynamique de gradient simultané ?
#
# Pour que la question 2 ait un sens précis, il faut fixer la **famille de discriminateurs**.
# On la calcule ici numériquement, avec une quadrature déterministe, puis on linéarise la
# dynamique au point fixe.
#
# **Le modèle.**
#
# - Données : $x \sim \mathcal N(0, 1)$. Générateur : $G_\theta(z) = \mu + \sigma z$ avec
#   $z \sim \mathcal N(0, 1)$ et $\theta = (\mu, \sigma)$ ($\sigma$ est un **écart-type** :
#   $p_g = \mathcal N(\mu, \sigma^2)$).
# - Discriminateur : $D_\psi(x) = \operatorname{sigmoid}(h_\psi(x))$ avec
#   $h_\psi(x) = a x^2 + b x + c$ et $\psi = (a, b, c)$. Cette famille **contient le
#   discriminateur optimal** (8.2) de toute paire de gaussiennes :
#   $D^* = p_{\text{data}}/(p_{\text{data}} + p_g) = \operatorname{sigmoid}(\log p_{\text{data}}
#   - \log p_g)$ et ce logarithme est un polynôme de degré 2 en $x$.
# - Objectif (8.1) :
#   $V(\psi, \mu, \sigma) = \mathbb E_{x \sim \mathcal N(0,1)}\big[\log D_\psi(x)\big] +
#   \mathbb E_{z \sim \mathcal N(0,1)}\big[\log\big(1 - D_\psi(\mu + \sigma z)\big)\big]$.
#
# **Quadrature de Gauss–Hermite (espérances déterministes).** Avec
# `noeuds, poids = numpy.polynomial.hermite_e.hermegauss(K)` ($K$ nœuds $x_k$ et poids
# $\tilde\omega_k$ pour le poids $e^{-x^2/2}$) et $\omega_k = \tilde\omega_k / \sqrt{2\pi}$
# (alors $\sum_k \omega_k = 1$), on remplace toute espérance gaussienne par
#
# $$\mathbb E_{z \sim \mathcal N(0, 1)}[f(z)] \approx \sum_{k=1}^{K} \omega_k\, f(x_k),$$
#
# exacte pour les polynômes de degré $\le 2K - 1$. Les **deux** espérances de $V$ utilisent
# cette règle : $V \approx \sum_k \omega_k \log D_\psi(x_k) + \sum_k \omega_k
# \log(1 - D_\psi(\mu + \sigma x_k))$. Par défaut $K = 20$.
#
# **La dynamique.** On note $w = (a, b, c, \mu, \sigma) \in \mathbb R^5$. Le discriminateur
# **monte** le gradient de $V$ (il maximise), le générateur le **descend** (il minimise) :
#
# $$\dot w = F(w), \qquad F(w) = \big(+\nabla_\psi V,\; -\nabla_{(\mu, \sigma)} V\big),$$
#
# et la descente de gradient simultanée de pas $\eta$ est $w_{t+1} = w_t + \eta F(w_t)$. Au
# point $w^* = (0, 0, 0, 0, 1)$, $D \equiv 1/2$ et $p_g = p_{\text{data}}$ : c'est un point
# fixe ($F(w^*) = 0$). Près de $w^*$, $\dot w \approx J\,(w - w^*)$ où
# $J = \partial F / \partial w\,(w^*)$ est la **jacobienne** du champ
# ($J_{ij} = \partial F_i / \partial w_j$). Si toutes les valeurs propres de $J$ ont une
# partie réelle $< 0$, $w^*$ est (localement) attracteur ; si l'une a une partie réelle
# $> 0$, il est instable ; une partie réelle nulle ne permet pas de conclure par la seule
# linéarisation.
#
# Les questions 1 à 4 calculent $V$, $F$, $J$ et ses valeurs propres ; les questions 5 et 6
# (rédigées, corrigées à la main) démontrent que le champ n'est pas conservatif et
# interprètent le spectre, pour la famille quadratique et pour la famille **linéaire**
# ($a = 0$ fixé).
#
# **Conventions.** Les vérifications appellent vos fonctions avec des tenseurs `torch.float64`
# et par position (vous pouvez nommer les paramètres autrement). Les tolérances sont données
# à chaque question.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

W_ETOILE = torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64)

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 (l'objectif par quadrature).** Écrire `valeur(psi, mu, sigma, K=20)` qui
# renvoie $V(\psi, \mu, \sigma)$ calculé par la règle de Gauss–Hermite à `K` nœuds ci-dessus
# (pas de Monte-Carlo).
#
# - `psi` est un tenseur de forme `(3,)` contenant $(a, b, c)$ ; `mu` et `sigma` sont des
#   tenseurs 0-d du même type que `psi`.
# - Le résultat est un **tenseur 0-d** du **même type** (dtype) que `psi` (`float64` pour un
#   `psi` en `float64`, `float32` pour un `psi` en `float32` : convertissez les nœuds et les
#   poids de numpy au type de `psi`), **différentiable** par autograd par rapport à `psi`,
#   `mu` et `sigma` (pas de `.item()`, de `float(...)` ni de numpy sur ces arguments).
# - Conseil : $\log \operatorname{sigmoid}(h)$ = `F.logsigmoid(h)` et
#   $\log(1 - \operatorname{sigmoid}(h))$ = `F.logsigmoid(-h)` (stables).
#
# *Correction.* La valeur est comparée, en plusieurs points $(\psi, \mu, \sigma)$ et pour
# plusieurs `K`, à celle de la même règle calculée par la correction (tolérance relative
# $10^{-9}$) : il faut exactement les $K$ nœuds de `hermegauss(K)` (la règle
# `numpy.polynomial.hermite.hermgauss(K)`, avec le changement de variable $x = \sqrt 2\, t$ et
# des poids divisés par $\sqrt\pi$, est la même). Le gradient par autograd est comparé à
# celui de la correction.

# %%
def valeur(psi: torch.Tensor, mu: torch.Tensor, sigma: torch.Tensor,
           K: int = 20) -> torch.Tensor:
    """V(ψ, μ, σ) par Gauss–Hermite à K nœuds (tenseur 0-d du type de psi, différentiable)."""
    # BEGIN SOLUTION
    noeuds, poids = np.polynomial.hermite_e.hermegauss(K)
    x = torch.tensor(noeuds, dtype=psi.dtype)
    p = torch.tensor(poids / math.sqrt(2 * math.pi), dtype=psi.dtype)

    a, b, c = psi

    def logit(t):
        return a * t**2 + b * t + c

    reel = (p * F.logsigmoid(logit(x))).sum()
    faux = (p * F.logsigmoid(-logit(mu + sigma * x))).sum()
    return reel + faux
    # END SOLUTION


# %%
_un = torch.tensor(1.0, dtype=torch.float64)
_zero = torch.tensor(0.0, dtype=torch.float64)
print("V au point fixe :", valeur(torch.zeros(3, dtype=torch.float64), _zero, _un),
      "; −2 log 2 =", -2 * math.log(2))


# %%
@helper
def regle(K):
    """Les nœuds et les poids normalisés de Gauss–Hermite (probabilistes), en float64."""
    noeuds, poids = np.polynomial.hermite_e.hermegauss(K)
    return (torch.tensor(noeuds, dtype=torch.float64),
            torch.tensor(poids, dtype=torch.float64) / math.sqrt(2 * math.pi))


@helper
def valeur_oracle(psi, mu, sigma, K=20):
    """V de l'énoncé, calculée par la correction (différentiable)."""
    x, p = regle(K)

    def h(t):
        return psi[0] * t**2 + psi[1] * t + psi[2]

    return (p * F.logsigmoid(h(x))).sum() + (p * F.logsigmoid(-h(mu + sigma * x))).sum()


@helper
def points_aleatoires(graine, n):
    """n points w = (a, b, c, μ, σ) tirés uniformément dans une boîte autour de w*."""
    g = torch.Generator().manual_seed(graine)
    bas = torch.tensor([-0.1, -1.0, -1.0, -1.0, 0.5], dtype=torch.float64)
    haut = torch.tensor([0.1, 1.0, 1.0, 1.0, 1.5], dtype=torch.float64)
    return bas + (haut - bas) * torch.rand(n, 5, generator=g, dtype=torch.float64)


@check
def valeur_au_point_fixe(valeur):
    zero, un = torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64)
    v = C.call(valeur, torch.zeros(3, dtype=torch.float64), zero, un, name="valeur")
    C.expect_shape(v, (), name="valeur(0, 0, 1)", hint="renvoyez un tenseur 0-d (une somme).")
    C.expect_scalar_close(v, -2 * math.log(2), name="valeur(ψ = 0, μ = 0, σ = 1)", rtol=1e-10,
                          reveal=True,
                          hint="D ≡ 1/2, donc V = 2 log(1/2) si les poids somment à 1 : "
                               "divisez les poids de hermegauss par √(2π).")


@check(hidden=True)
def valeur_points_aleatoires(valeur):
    for i, w in enumerate(points_aleatoires(10, 6)):
        for K in (None, 3, 8):
            args = (w[:3].clone(), w[3].clone(), w[4].clone()) + (() if K is None else (K,))
            attendu = float(valeur_oracle(w[:3], w[3], w[4], 20 if K is None else K))
            libelle = f"valeur au point n° {i + 1}" + ("" if K is None else f" avec K = {K}")
            C.expect_scalar_close(
                C.call(valeur, *args, name="valeur"), attendu, name=libelle, rtol=1e-9,
                atol=1e-12,
                hint=("K = 20 par défaut ; poids de hermegauss divisés par √(2π) ; σ est un "
                      "écart-type (G(z) = μ + σz) ; logit a x² + b x + c ; la même règle pour "
                      "les deux espérances, sans tirage aléatoire." if K is None else
                      "utilisez exactement K nœuds : hermegauss(K) avec le K reçu."))


@check(hidden=True)
def valeur_differentiable(valeur):
    @C.probe
    def objectif(psi, mu, sigma):
        return valeur(psi, mu, sigma)

    for i, w in enumerate(points_aleatoires(11, 3)):
        entrees = {"psi": w[:3].clone(), "mu": w[3].clone(), "sigma": w[4].clone()}
        obtenu = C.grad_of(objectif, entrees, name="valeur")
        feuilles = {k: v.clone().requires_grad_(True) for k, v in entrees.items()}
        attendu = torch.autograd.grad(valeur_oracle(**feuilles), list(feuilles.values()))
        for (nom, g), want in zip(obtenu.items(), attendu, strict=True):
            C.expect_close(g, want, name=f"∂V/∂{nom} (autograd) au point n° {i + 1}",
                           rtol=1e-8, atol=1e-10,
                           hint="V doit rester un tenseur relié à psi, mu et sigma : pas de "
                                ".item(), de float(...), de .detach() ni de numpy sur eux.")


@check(hidden=True)
def valeur_type_conserve(valeur):
    w = points_aleatoires(12, 1)[0]
    for dtype in (torch.float64, torch.float32):
        u = w.to(dtype)
        v = C.call(valeur, u[:3].clone(), u[3].clone(), u[4].clone(), name="valeur")
        libelle = f"valeur(psi, mu, sigma) en {str(dtype)[6:]}"
        C.expect(isinstance(v, torch.Tensor),
                 f"`valeur` doit renvoyer un tenseur PyTorch 0-d (reçu {type(v).__name__}).",
                 hint="ne convertissez pas le résultat en flottant Python.")
        C.expect_shape(v, (), name=libelle)
        C.expect_dtype(v, dtype, name=libelle,
                       hint="créez les nœuds et les poids avec dtype=psi.dtype : un tenseur "
                            "numpy float64 converti tel quel impose float64.")
        tol = 1e-9 if dtype == torch.float64 else 1e-5
        C.expect_scalar_close(v, float(valeur_oracle(w[:3], w[3], w[4])), name=libelle,
                              rtol=tol, atol=tol)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (le champ de gradient simultané).** Écrire `champ(w)` qui reçoit un tenseur
# `w` de forme `(5,)` (en `float64`) rangé comme $(a, b, c, \mu, \sigma)$ et renvoie
# $F(w) = (+\nabla_\psi V, -\nabla_{(\mu, \sigma)} V)$, tenseur `float64` de forme `(5,)`,
# avec $V$ = `valeur` à $K = 20$ nœuds. `champ` ne modifie pas `w`.
#
# Le gradient peut venir de l'autograd (`torch.autograd.grad`, `torch.func.grad`) ou d'une
# formule dérivée à la main. Si la question 3 dérive `champ` par autograd, `champ` doit
# lui-même être différentiable (`torch.func.grad`, ou `torch.autograd.grad(...,
# create_graph=True)`).
#
# *Correction.* $F(w^*) = 0$ ; ailleurs, $F$ est comparé au gradient de $V$ calculé par la
# correction (tolérance relative $10^{-8}$, absolue $10^{-10}$), séparément pour le
# discriminateur (qui monte) et pour le générateur (qui descend).

# %%
def champ(w: torch.Tensor) -> torch.Tensor:
    """F(w) = (+∇_ψ V, −∇_(μ,σ) V) pour w = (a, b, c, μ, σ)."""
    # BEGIN SOLUTION
    g = torch.func.grad(lambda u: valeur(u[:3], u[3], u[4]))(w)
    return torch.cat([g[:3], -g[3:]])
    # END SOLUTION


# %%
print("F(w*) =", champ(W_ETOILE))


# %%
@helper
def gradient_oracle(w):
    """∇_w V (les cinq dérivées partielles de V, sans les signes de la dynamique)."""
    u = w.detach().clone().requires_grad_(True)
    return torch.autograd.grad(valeur_oracle(u[:3], u[3], u[4]), u)[0]


@check
def champ_point_fixe_et_exemple(champ):
    f = C.call(champ, torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64),
               name="champ")
    C.expect_shape(f, (5,), name="champ(w*)")
    C.expect_close(f, torch.zeros(5, dtype=torch.float64), name="champ(w*)", rtol=0.0,
                   atol=1e-10, reveal=True,
                   hint="en w* = (0, 0, 0, 0, 1), D ≡ 1/2 et p_g = p_data : F(w*) = 0.")
    # ψ = 0, μ = 1/2, σ = 1: ∇_ψ V = ½(E x² − E y², E x − E y, 1 − 1) = (−1/8, −1/4, 0), and
    # D is constant, so ∇_(μ,σ) V = 0
    f = C.call(champ, torch.tensor([0.0, 0.0, 0.0, 0.5, 1.0], dtype=torch.float64), name="champ")
    C.expect_close(f, torch.tensor([-0.125, -0.25, 0.0, 0.0, 0.0], dtype=torch.float64),
                   name="champ((0, 0, 0, 0.5, 1))", rtol=1e-8, atol=1e-10, reveal=True,
                   hint="avec ψ = 0, ∂V/∂a = ½(E[x²] − E[y²]) et ∂V/∂b = ½(E[x] − E[y]) avec "
                        "y = μ + σz ; le discriminateur MONTE le gradient (signe +).")


@check(hidden=True)
def champ_discriminateur_monte(champ):
    for i, w in enumerate(points_aleatoires(20, 5)):
        f = C.as_tensor(C.call(champ, w.clone(), name="champ"), name="champ(w)")
        C.expect_shape(f, (5,), name="champ(w)")
        C.expect_dtype(f, torch.float64, name="champ(w)")
        C.expect_close(f[:3], gradient_oracle(w)[:3],
                       name=f"les composantes (a, b, c) de champ(w) au point n° {i + 1}",
                       rtol=1e-8, atol=1e-10,
                       hint="le discriminateur maximise V : F_ψ = +∇_ψ V (sans signe moins).")


@check(hidden=True)
def champ_generateur_descend(champ):
    for i, w in enumerate(points_aleatoires(21, 5)):
        f = C.as_tensor(C.call(champ, w.clone(), name="champ"), name="champ(w)")
        C.expect_shape(f, (5,), name="champ(w)")
        C.expect_close(f[3:], -gradient_oracle(w)[3:],
                       name=f"les composantes (μ, σ) de champ(w) au point n° {i + 1}",
                       rtol=1e-8, atol=1e-10,
                       hint="le générateur minimise V : F_θ = −∇_(μ,σ) V ; σ multiplie z "
                            "(écart-type, pas variance).")


@check(hidden=True)
def champ_argument_intact(champ):
    w = points_aleatoires(22, 1)[0]
    f = C.expect_unchanged(champ, w.clone(), name="champ",
                           hint="travaillez sur une copie (w.detach().clone()) si vous "
                                "modifiez le tenseur.")
    sens = torch.cat([torch.ones(3), -torch.ones(2)]).to(torch.float64)
    C.expect_close(f, sens * gradient_oracle(w), name="champ(w)", rtol=1e-8, atol=1e-10)


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 (la jacobienne).** Écrire `jacobienne(w)` qui renvoie la matrice `(5, 5)` en
# `float64` $J(w) = \partial F / \partial w$, **ligne $i$ = composante $F_i$ du champ,
# colonne $j$ = variable $w_j$** ($J_{ij} = \partial F_i / \partial w_j$, la convention de
# `torch.autograd.functional.jacobian`). Autograd (`torch.autograd.functional.jacobian`,
# `torch.func.jacrev`) ou différences finies centrées (pas $h \approx 10^{-5}$) : la
# correction accepte $|J - J_{\text{ref}}| \le 10^{-6} + 10^{-5}\,|J_{\text{ref}}|$ élément
# par élément, $J_{\text{ref}}$ étant la jacobienne calculée par autograd sur le champ de la
# correction, en $w^*$ et en des points quelconques.

# %%
def jacobienne(w: torch.Tensor) -> torch.Tensor:
    """J(w)[i, j] = ∂F_i/∂w_j, matrice (5, 5)."""
    # BEGIN SOLUTION
    return torch.autograd.functional.jacobian(champ, w)
    # END SOLUTION


# %%
J_etoile = jacobienne(W_ETOILE)
print(J_etoile)


# %%
@helper
def jacobienne_oracle(w):
    """∂F/∂w du champ de la correction (autograd sur autograd), (5, 5)."""
    def f(u):
        g = torch.func.grad(lambda v: valeur_oracle(v[:3], v[3], v[4]))(u)
        return g * torch.tensor([1.0, 1.0, 1.0, -1.0, -1.0], dtype=g.dtype)

    return torch.func.jacrev(f)(w.detach().clone())


@helper
def comparer_jacobienne(jacobienne, w, libelle):
    got = C.as_tensor(C.call(jacobienne, w.clone(), name="jacobienne"), name=libelle)
    C.expect_shape(got, (5, 5), name=libelle)
    C.expect_dtype(got, torch.float64, name=libelle)
    want = jacobienne_oracle(w)
    transposee = bool(torch.allclose(got, want.T, rtol=1e-5, atol=1e-6))
    C.expect_close(got, want, name=libelle, rtol=1e-5, atol=1e-6,
                   hint=("votre matrice est la transposée : la ligne i est la composante F_i, "
                         "la colonne j la variable w_j." if transposee else
                         "vérifiez le champ (question 2) puis la dérivation : J[i, j] = "
                         "∂F_i/∂w_j ; en différences finies, (F(w + h e_j) − F(w − h e_j))/2h "
                         "remplit la COLONNE j."))


@check
def jacobienne_au_point_fixe(jacobienne):
    # V_ψψ = −½ E[φφᵀ] with φ = (x², x, 1); V_ψθ = −½ ∂E[φ(μ + σz)]/∂(μ, σ); V_θθ = 0
    attendu = torch.tensor([[-1.5, 0.0, -0.5, 0.0, -1.0],
                            [0.0, -0.5, 0.0, -0.5, 0.0],
                            [-0.5, 0.0, -0.5, 0.0, 0.0],
                            [0.0, 0.5, 0.0, 0.0, 0.0],
                            [1.0, 0.0, 0.0, 0.0, 0.0]], dtype=torch.float64)
    got = C.call(jacobienne, torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64),
                 name="jacobienne")
    C.expect_shape(got, (5, 5), name="jacobienne(w*)")
    C.expect_close(got, attendu, name="jacobienne(w*)", rtol=1e-5, atol=1e-6, reveal=True,
                   hint="J[i, j] = ∂F_i/∂w_j (ligne = composante du champ) ; le bloc (ψ, ψ) "
                        "vaut −½ E[φφᵀ] avec φ = (x², x, 1).")


@check(hidden=True)
def jacobienne_points_aleatoires(jacobienne):
    comparer_jacobienne(jacobienne, torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0],
                                                 dtype=torch.float64), "jacobienne(w*)")
    for i, w in enumerate(points_aleatoires(30, 4)):
        comparer_jacobienne(jacobienne, w, f"jacobienne au point n° {i + 1}")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 (le spectre et la conclusion).** Écrire
#
# - `valeurs_propres(J)` qui renvoie les valeurs propres d'une matrice carrée réelle `J`
#   (`float64`) dans un tenseur **complexe** `torch.complex128` de forme `(n,)`, même quand
#   elles sont toutes réelles, **triées par partie réelle croissante**, et, à partie réelle
#   égale (les deux valeurs d'une paire conjuguée), par partie imaginaire croissante. Les
#   matrices de la correction ont des parties réelles distinctes (écart $\ge 10^{-3}$) hors
#   des paires conjuguées ; les valeurs sont comparées à $10^{-8}$ près.
# - `est_attracteur(J, tol=1e-9)` qui renvoie le **booléen Python** `True` si toutes les
#   valeurs propres de `J` ont une partie réelle **strictement** inférieure à `-tol`,
#   `False` sinon (une partie réelle nulle, à `tol` près, ne suffit pas).
#
# Puis exécuter la cellule qui suit : elle calcule le spectre en $w^*$ pour la famille
# quadratique, et pour la famille **linéaire** $D(x) = \operatorname{sigmoid}(b x + c)$ (le
# paramètre $a$ fixé à 0 : sa jacobienne est $J$ privée de la ligne et de la colonne de $a$,
# `J_etoile[1:, 1:]`).

# %%
def valeurs_propres(J: torch.Tensor) -> torch.Tensor:
    """Valeurs propres de J (complex128), triées par (partie réelle, partie imaginaire)."""
    # BEGIN SOLUTION
    lam = torch.linalg.eigvals(J)
    lam = lam[torch.argsort(lam.imag, stable=True)]
    return lam[torch.argsort(lam.real, stable=True)]
    # END SOLUTION


def est_attracteur(J: torch.Tensor, tol: float = 1e-9) -> bool:
    """True si toutes les valeurs propres de J ont une partie réelle < −tol."""
    # BEGIN SOLUTION
    return bool((valeurs_propres(J).real < -tol).all())
    # END SOLUTION


# %%
for _nom, _J in (("quadratique", J_etoile), ("linéaire (a = 0)", J_etoile[1:, 1:])):
    print(f"famille {_nom} : valeurs propres {valeurs_propres(_J)}, "
          f"attracteur : {est_attracteur(_J)}")


# %%
@helper
def matrice_de_spectre(blocs, graine):
    """Une matrice réelle de spectre connu : blocs diagonaux (réels r, ou α ± iβ pour (α, β)),
    conjugués par une matrice aléatoire bien conditionnée ; renvoie (M, spectre trié)."""
    n = sum(1 if isinstance(b, float) else 2 for b in blocs)
    D = torch.zeros(n, n, dtype=torch.float64)
    spectre, i = [], 0
    for b in blocs:
        if isinstance(b, float):
            D[i, i] = b
            spectre.append(complex(b, 0.0))
            i += 1
        else:
            alpha, beta = b
            D[i:i + 2, i:i + 2] = torch.tensor([[alpha, -beta], [beta, alpha]],
                                               dtype=torch.float64)
            spectre += [complex(alpha, -beta), complex(alpha, beta)]
            i += 2
    g = torch.Generator().manual_seed(graine)
    P = torch.eye(n, dtype=torch.float64) + 0.3 * torch.randn(n, n, generator=g,
                                                               dtype=torch.float64)
    M = P @ D @ torch.linalg.inv(P)
    spectre.sort(key=lambda z: (z.real, z.imag))
    return M, torch.tensor(spectre, dtype=torch.complex128)


@helper
def comparer_spectre(valeurs_propres, M, attendu, libelle):
    got = C.as_tensor(C.call(valeurs_propres, M.clone(), name="valeurs_propres"), name=libelle)
    C.expect(got.is_complex(),
             f"`{libelle}` doit être un tenseur complexe (reçu {str(got.dtype)[6:]}), même "
             "quand les valeurs propres sont réelles.",
             hint="torch.linalg.eigvals renvoie un tenseur complexe ; avec numpy, convertissez "
                  "(astype(complex)).")
    C.expect_shape(got, tuple(attendu.shape), name=libelle)
    C.expect_dtype(got, torch.complex128, name=libelle)
    def cle(z):
        return (round(z.real, 6), round(z.imag, 6))

    ensemble = sorted((complex(z) for z in got.tolist()), key=cle)
    if not torch.allclose(torch.tensor(ensemble, dtype=torch.complex128), attendu,
                          rtol=1e-8, atol=1e-8):
        C.expect_close(torch.view_as_real(got), torch.view_as_real(attendu), name=libelle,
                       rtol=1e-8, atol=1e-8,
                       hint="les valeurs propres de J elle-même (pas de J + Jᵀ ni de Jᵀ J) : "
                            "torch.linalg.eigvals(J).")
    for u, v in zip(got.tolist(), got.tolist()[1:], strict=False):
        en_ordre = v.real > u.real + 1e-6 or (abs(v.real - u.real) <= 1e-6
                                              and v.imag >= u.imag - 1e-6)
        C.expect(en_ordre,
                 f"`{libelle}` : les valeurs propres sont justes mais mal triées.",
                 hint="triez par partie réelle croissante, puis, dans une paire conjuguée, "
                      "par partie imaginaire croissante (−iβ avant +iβ).")


@check
def valeurs_propres_exemples(valeurs_propres):
    rotation = torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64)
    got = C.as_tensor(C.call(valeurs_propres, rotation, name="valeurs_propres"),
                      name="valeurs_propres([[0, −1], [1, 0]])")
    C.expect_shape(got, (2,), name="valeurs_propres([[0, −1], [1, 0]])")
    C.expect(got.is_complex(), "`valeurs_propres` doit renvoyer un tenseur complexe.",
             hint="torch.linalg.eigvals renvoie un tenseur complexe.")
    C.expect_close(torch.view_as_real(got),
                   torch.tensor([[0.0, -1.0], [0.0, 1.0]], dtype=torch.float64),
                   name="(parties réelles, imaginaires) de valeurs_propres([[0, −1], [1, 0]])",
                   rtol=1e-8, atol=1e-8, reveal=True,
                   hint="les valeurs propres sont ±i : −i d'abord (partie imaginaire "
                        "croissante) ; un tenseur complexe.")
    diagonale = torch.diag(torch.tensor([2.0, -1.0, 1.0], dtype=torch.float64))
    got = C.as_tensor(C.call(valeurs_propres, diagonale, name="valeurs_propres"),
                      name="valeurs_propres(diag(2, −1, 1))")
    C.expect(got.is_complex(), "`valeurs_propres` doit renvoyer un tenseur complexe, même "
             "quand les valeurs propres sont réelles.",
             hint="torch.linalg.eigvals renvoie un tenseur complexe.")
    C.expect_close(torch.view_as_real(got),
                   torch.tensor([[-1.0, 0.0], [1.0, 0.0], [2.0, 0.0]], dtype=torch.float64),
                   name="valeurs_propres(diag(2, −1, 1))", rtol=1e-8, atol=1e-8, reveal=True,
                   hint="triez par partie réelle croissante.")


@helper
def appeler_attracteur(est_attracteur, M, *extra):
    """est_attracteur(M, *extra), qui doit être un booléen Python."""
    got = C.call(est_attracteur, M.clone(), *extra, name="est_attracteur")
    C.expect(isinstance(got, bool),
             f"`est_attracteur` doit renvoyer un booléen Python (reçu {type(got).__name__}).",
             hint="convertissez avec bool(...).")
    return got


@check
def attracteur_exemples(est_attracteur):
    cas = [(torch.diag(torch.tensor([-1.0, -2.0], dtype=torch.float64)), True,
            "diag(−1, −2)"),
           (torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64), False,
            "[[0, −1], [1, 0]] (valeurs propres ±i)"),
           (torch.tensor([[-1.0, 3.0], [0.0, 0.5]], dtype=torch.float64), False,
            "[[−1, 3], [0, 0.5]]")]
    for M, attendu, libelle in cas:
        got = appeler_attracteur(est_attracteur, M)
        C.expect_equal(got, attendu, name=f"est_attracteur({libelle})", reveal=True,
                       hint="attracteur ⇔ toutes les parties réelles des valeurs propres sont "
                            "< −tol ; une partie réelle nulle ne suffit pas.")


@check(hidden=True)
def valeurs_propres_tri(valeurs_propres):
    cas = [([(-0.3, 2.0), 0.5, -1.2, (0.1, 0.7)], 40), ([-2.0, 0.25, 1.5, -0.75], 41),
           ([(0.0, 1.5), (-0.5, 0.2), (0.4, 3.0)], 42)]
    for k, (blocs, graine) in enumerate(cas):
        M, attendu = matrice_de_spectre(blocs, graine)
        comparer_spectre(valeurs_propres, M, attendu, f"valeurs_propres(M{k + 1})")


@check(hidden=True)
def valeurs_propres_point_fixe(valeurs_propres):
    J = jacobienne_oracle(torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64))
    s = math.sqrt(3) / 4
    attendu = torch.tensor([-1.0, complex(-0.5, -0.5), complex(-0.5, 0.5), complex(-0.25, -s),
                            complex(-0.25, s)], dtype=torch.complex128)
    comparer_spectre(valeurs_propres, J, attendu, "valeurs_propres(J(w*))")


@check(hidden=True)
def attracteur_cas(est_attracteur):
    J = jacobienne_oracle(torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64))
    stable, _ = matrice_de_spectre([(-0.2, 1.0), -0.05, -3.0], 43)
    instable, _ = matrice_de_spectre([(0.05, 1.0), -1.0], 44)

    def diag(*v):
        return torch.diag(torch.tensor(v, dtype=torch.float64))

    # the labels name the kind of spectrum, never the expected answer's source
    cas = [(J, (), True, "une jacobienne à valeurs propres complexes"),
           (J[1:, 1:], (), False, "une matrice ayant une valeur propre nulle"),
           (torch.tensor([[0.0, 0.5], [-0.5, 0.0]], dtype=torch.float64), (), False,
            "une matrice à valeurs propres imaginaires pures"),
           (stable, (), True, "une matrice à valeurs propres réelles et complexes"),
           (instable, (), False, "une matrice à valeurs propres réelles et complexes"),
           (diag(-1e-9, -1.0), (), False, "une matrice diagonale, tol par défaut"),
           (diag(-5e-9, -2.0), (), True, "une matrice diagonale, tol par défaut"),
           (J, (0.3,), False, "une tolérance tol passée en second argument"),
           (J, (0.2,), True, "une tolérance tol passée en second argument")]
    for k, (M, extra, attendu, libelle) in enumerate(cas):
        got = appeler_attracteur(est_attracteur, M, *extra)
        C.expect(got == attendu,
                 f"`est_attracteur` se trompe dans le cas n° {k + 1} ({libelle}).",
                 hint="attracteur ⇔ TOUTES les parties réelles < −tol (strictement) ; une "
                      "partie réelle nulle ou positive suffit à conclure « non ».")


# %% [markdown]
# **Simulation (illustration).** La cellule suivante itère la descente de gradient simultanée
# $w_{t+1} = w_t + \eta F(w_t)$ avec $\eta = 0{,}5$ à partir de
# $w^* + (0, 0, 0, 0{,}3, -0{,}2)$, pour la famille quadratique et pour la famille linéaire
# ($a$ maintenu à 0), et trace les trajectoires de $(\mu, \sigma)$.

# %% tags=["demo"]
def simuler(w0, pas, n_pas, lineaire=False):
    w, traj = w0.clone(), [w0.clone()]
    for _ in range(n_pas):
        f = champ(w).detach()
        if lineaire:
            f[0] = 0.0
        w = w + pas * f
        traj.append(w.clone())
    return torch.stack(traj)


_w0 = W_ETOILE + torch.tensor([0.0, 0.0, 0.0, 0.3, -0.2], dtype=torch.float64)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for _lin, _nom in ((False, "D quadratique"), (True, "D linéaire (a = 0)")):
    _traj = simuler(_w0, 0.5, 120, lineaire=_lin)
    axes[0].plot(_traj[:, 3], label=f"μ, {_nom}")
    axes[0].plot(_traj[:, 4], "--", label=f"σ, {_nom}")
    axes[1].plot(_traj[:, 3], _traj[:, 4], label=_nom)
axes[0].set_xlabel("itération")
axes[0].legend(fontsize=7)
axes[1].plot([0.0], [1.0], "k*", label="w*")
axes[1].set_xlabel("μ")
axes[1].set_ylabel("σ")
axes[1].legend(fontsize=7)
plt.show()
plt.close(fig)


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée) — le champ n'est pas conservatif.** Montrer que le champ
# $F = (\nabla_\psi V, -\nabla_\theta V)$ de la descente de gradient simultanée n'est pas, en
# général, le gradient d'une fonction $\Phi$ (ce n'est pas un « jeu de gradient ») :
# écrire sa jacobienne par blocs en fonction des dérivées secondes de $V$ et utiliser le
# théorème de Schwarz. Illustrer avec la matrice `J_etoile` de la question 3. Que cela
# implique-t-il pour la convergence (fonction de Lyapunov, rotations, cycles) ?

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# **Jacobienne par blocs.** Avec $\theta = (\mu, \sigma)$,
# $$J = \begin{pmatrix} V_{\psi\psi} & V_{\psi\theta} \\ -V_{\theta\psi} & -V_{\theta\theta}
# \end{pmatrix}, \qquad V_{\theta\psi} = V_{\psi\theta}^\top .$$
# Si $F = \nabla \Phi$ (ou $-\nabla\Phi$) pour une fonction $\Phi$ de classe $C^2$, sa
# jacobienne est $\pm\nabla^2\Phi$, **symétrique** (Schwarz). Ici $J^\top$ a pour bloc
# hors diagonale $-V_{\psi\theta}$ là où $J$ a $V_{\psi\theta}$ : $J$ est symétrique si et
# seulement si $V_{\psi\theta} = 0$, c'est-à-dire si les deux joueurs n'interagissent pas. La
# partie antisymétrique $\frac12(J - J^\top) = \begin{pmatrix} 0 & V_{\psi\theta} \\
# -V_{\psi\theta}^\top & 0 \end{pmatrix}$ est non nulle dès que le gradient de $D$ dépend de
# $G$ — ce qui est tout l'objet d'un GAN. En $w^*$ : `J_etoile[0, 4]` $= -1$ mais
# `J_etoile[4, 0]` $= +1$ (et `J_etoile[1, 3]` $= -1/2$, `J_etoile[3, 1]` $= +1/2$) : aucun
# $\Phi$ n'a ce champ pour gradient.
#
# **Conséquences.** Il n'existe pas de fonction qui décroisse le long des trajectoires
# comme la perte en descente de gradient ordinaire : les garanties usuelles (convergence vers
# un point critique, absence de cycles) tombent. La partie antisymétrique engendre une
# **rotation** : valeurs propres complexes, oscillations, cycles limites possibles (cas
# extrême du jeu bilinéaire $V = \psi\theta$ : $J = \begin{pmatrix} 0 & 1 \\ -1 & 0
# \end{pmatrix}$, valeurs propres $\pm i$, orbites circulaires en temps continu et spirale
# divergente en temps discret). La convergence dépend alors de l'amortissement apporté par
# la partie symétrique (ici $V_{\psi\psi}$, la courbure du discriminateur) face à la
# rotation, et du pas $\eta$ ; les points cherchés sont des points-selles de $V$ (équilibres
# de Nash), pas des minima.

# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 4

# %% [markdown]
# **Question 6 (rédigée) — interprétation du spectre.** À partir des valeurs propres
# calculées à la question 4 :
#
# 1. Pour la famille **quadratique**, $w^*$ est-il attracteur pour la dynamique continue
#    $\dot w = F(w)$ ? Que signifient les parties imaginaires non nulles ? Pour la descente
#    simultanée de pas $\eta$ (matrice d'itération $I + \eta J$), pour quels $\eta$ la
#    convergence locale est-elle assurée ?
# 2. Pour la famille **linéaire** ($a = 0$), que vaut le spectre ? Montrer que $w^*$ n'est
#    pas attracteur (indication : chercher d'autres points fixes aussi près qu'on veut de
#    $w^*$) et expliquer pourquoi $\sigma$ n'est pas corrigé (voir la simulation).
# 3. Que faut-il en conclure sur l'affirmation de l'exercice 8.5 du cours (« le point fixe
#    $\mu = 0$, $\sigma = 1$ n'est pas un attracteur stable ») ?

# %% [markdown]
# _Rédigez votre interprétation ici._

# %% [markdown]
# **1. Famille quadratique.** $J^* = \begin{pmatrix} -\frac12 M & B \\ -B^\top & 0
# \end{pmatrix}$ avec $M = \mathbb E[\varphi\varphi^\top]$, $\varphi = (x^2, x, 1)$, définie
# positive, et $B$ de rang 2. Son spectre est $\{-1,\; -\frac12 \pm \frac i2,\; -\frac14 \pm
# \frac{\sqrt 3}{4} i\}$ : toutes les parties réelles sont $< 0$, donc $w^*$ est
# **localement attracteur** pour la dynamique continue (résultat général : courbure du
# discriminateur définie négative et couplage de rang plein, Nagarajan et Kolter, 2017). Les
# parties imaginaires traduisent la rotation due au couplage antisymétrique : la trajectoire
# de $(\mu, \sigma)$ **spirale** vers $(0, 1)$ (oscillations amorties). Pour la descente
# simultanée, il faut $|1 + \eta\lambda| < 1$ pour chaque $\lambda$, soit
# $\eta < -2\operatorname{Re}\lambda / |\lambda|^2$ ; ici toutes les valeurs propres sont sur
# le cercle $|\lambda + \frac12| = \frac12$, où ce rapport vaut exactement 2 : convergence
# locale pour $0 < \eta < 2$, et pour $\eta \ge 2$ plus de convergence (modules $\ge 1$).
#
# **2. Famille linéaire.** Le spectre de `J_etoile[1:, 1:]` est
# $\{-\frac12,\; -\frac14 \pm \frac{\sqrt3}{4} i,\; 0\}$ : une valeur propre **nulle**
# (colonne et ligne de $\sigma$ nulles). La linéarisation ne suffit pas, mais tout point
# $(b, c, \mu, \sigma) = (0, 0, 0, \sigma_0)$ est un point fixe ($D \equiv \frac12$ donne
# $\nabla_{b,c} V = \frac12(\mathbb E[x] - \mathbb E[y], 0) = 0$ dès que $\mu = 0$, et
# $\nabla_\theta V = 0$) : il y a des points fixes arbitrairement proches de $w^*$, qui ne
# convergent pas vers lui, donc $w^*$ n'est pas attracteur. Un discriminateur linéaire ne
# voit que la moyenne : il ne peut pas distinguer $\mathcal N(0, 1)$ de
# $\mathcal N(0, \sigma_0^2)$, le générateur ne reçoit aucun signal sur $\sigma$ et la
# simulation s'arrête à un $\sigma \ne 1$.
#
# **3. Conclusion.** L'affirmation du cours dépend de la famille de discriminateurs. Elle est
# vraie pour un discriminateur trop pauvre (linéaire : valeur propre nulle, continuum de
# points fixes) et pour des données dégénérées (le « Dirac-GAN » de Mescheder et al., 2018 :
# $p_{\text{data}} = \delta_0$, $J^* = \begin{pmatrix} 0 & f'(0) \\ -f'(0) & 0
# \end{pmatrix}$, valeurs propres $\pm i f'(0)$ : rotation pure, la descente simultanée
# diverge pour tout $\eta > 0$). Elle est **fausse** pour la famille quadratique, qui
# contient le discriminateur optimal : le point fixe y est attracteur, avec des oscillations
# amorties, et la descente simultanée converge localement si $\eta < 2$. Ce qui reste vrai
# dans tous les cas est la question 5 : le champ n'est pas conservatif, la convergence n'est
# pas garantie par une fonction de Lyapunov et dépend du spectre (et du pas).
