# %% [markdown]
# # Exercice 1.1 (⋆) — Dérivée de la sigmoïde
#
# La sigmoïde est définie par $\sigma(z) = \dfrac{1}{1 + e^{-z}}$.
#
# 1. Montrer que $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.
# 2. En déduire que $\max_z \sigma'(z) = 1/4$, atteint en $z = 0$.
#
# La démonstration est rédigée (question 3, corrigée à la main). Les questions 1 et 2 en
# vérifient les conséquences numériques.

# %%
import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1.** Écrire `sigmoide(z)` et `derivee_sigmoide(z)` pour un tenseur `z` de forme
# quelconque, **sans autograd**, en utilisant la relation $\sigma' = \sigma(1 - \sigma)$. Les
# fonctions renvoient un tenseur de même forme et de même type que `z`, sans `nan` même pour
# $|z|$ très grand (par exemple $z = \pm 1000$).

# %%
def sigmoide(z: torch.Tensor) -> torch.Tensor:
    """σ(z) = 1 / (1 + exp(−z)), élément par élément."""
    # BEGIN SOLUTION
    return torch.sigmoid(z)
    # END SOLUTION


def derivee_sigmoide(z: torch.Tensor) -> torch.Tensor:
    """σ′(z) = σ(z)(1 − σ(z)), élément par élément, sans autograd."""
    # BEGIN SOLUTION
    s = sigmoide(z)
    return s * (1 - s)
    # END SOLUTION


# %%
@check
def forme_et_valeur_en_zero(sigmoide, derivee_sigmoide):
    z = torch.zeros(2, 3)
    C.expect_shape(C.call(sigmoide, z, name="sigmoide"), (2, 3), name="sigmoide(z)")
    d = C.call(derivee_sigmoide, z, name="derivee_sigmoide")
    C.expect_shape(d, (2, 3), name="derivee_sigmoide(z)")
    C.expect_close(d, torch.full((2, 3), 0.25), name="derivee_sigmoide(0)", reveal=True)


@check(hidden=True)
def derivee_contre_autograd(derivee_sigmoide):
    z = torch.linspace(-8, 8, 101, dtype=torch.float64)
    expected = C.grad_of(lambda z: torch.sigmoid(z).sum(), {"z": z}, name="σ")["z"]
    got = C.call(derivee_sigmoide, z.clone(), name="derivee_sigmoide")
    C.expect_close(got, expected, name="derivee_sigmoide(z)",
                   hint="σ′(z) = σ(z)(1 − σ(z)) ; vérifiez le signe.")


@check(hidden=True)
def stabilite_grands_z(sigmoide, derivee_sigmoide):
    z = torch.tensor([-1000.0, -80.0, 80.0, 1000.0], dtype=torch.float64)
    C.expect_close(C.call(sigmoide, z.clone(), name="sigmoide"), torch.sigmoid(z),
                   name="sigmoide(±grand z)", hint="exp(−z) déborde pour z très négatif.")
    C.expect_close(C.call(derivee_sigmoide, z.clone(), name="derivee_sigmoide"),
                   torch.sigmoid(z) * torch.sigmoid(-z), name="derivee_sigmoide(±grand z)",
                   rtol=1e-6, atol=1e-12, hint="un rapport inf/inf donne nan : passez par σ.")


@check(hidden=True)
def sigmoide_valeurs(sigmoide):
    z = torch.linspace(-8, 8, 161, dtype=torch.float64)
    C.expect_close(C.call(sigmoide, z.clone(), name="sigmoide"), torch.sigmoid(z),
                   name="sigmoide(z) pour z ∈ [−8, 8]",
                   hint="σ(z) = 1 / (1 + exp(−z)) ; si vous passez par tanh, "
                        "σ(z) = (1 + tanh(z/2)) / 2.")


@check(hidden=True)
def forme_quelconque_et_meme_type(sigmoide, derivee_sigmoide):
    # the statement: any shape, and the same type (dtype) as z, for both functions
    g = torch.Generator().manual_seed(4)
    cas = [torch.randn(2, 3, 4, generator=g, dtype=torch.float64),
           torch.randn(5, generator=g), torch.tensor(0.7, dtype=torch.float64)]
    for z in cas:
        for fn, nom in ((sigmoide, "sigmoide"), (derivee_sigmoide, "derivee_sigmoide")):
            label = f"{nom}(z) pour z de forme {tuple(z.shape)} en {str(z.dtype)[6:]}"
            out = C.as_tensor(C.call(fn, z.clone(), name=nom), label)
            C.expect_shape(out, tuple(z.shape), name=label)
            C.expect(out.dtype == z.dtype,
                     f"`{nom}` ne renvoie pas un tenseur du même type que `z` "
                     f"(reçu {str(out.dtype)[6:]} pour z en {str(z.dtype)[6:]}).",
                     hint="n'imposez pas de type (pas de `.float()` ni de `dtype=`) : les "
                          "opérations sur z conservent son type.")


@check(hidden=True)
def derivee_sans_autograd(derivee_sigmoide):
    z = torch.linspace(-6, 6, 25, dtype=torch.float64)

    # under inference_mode no graph can be recorded (torch.enable_grad cannot undo it)
    @C.probe
    def sans_graphe(z):
        with torch.inference_mode():
            out = derivee_sigmoide(z)
        return out.clone() if isinstance(out, torch.Tensor) else out

    sans = ("`derivee_sigmoide` doit calculer σ(1 − σ) directement, sans autograd (ni "
            "`backward`, ni `torch.autograd`, ni `requires_grad`).")
    try:
        got = C.call(sans_graphe, z.clone(), name="derivee_sigmoide")
    except C.CheckFailure as exc:
        raise C.CheckFailure(sans, exc.details or [exc.summary],
                             hint="aucun graphe de calcul n'est nécessaire : "
                                  "s = σ(z) puis s·(1 − s).") from None
    # the right values, computed without a graph (never a comparison of the function with
    # itself: an answer that is consistent but wrong must not earn this check)
    s = torch.sigmoid(z)
    C.expect_close(got, s * (1 - s), name="derivee_sigmoide(z) sans graphe de calcul",
                   rtol=1e-10, atol=1e-12)
    C.expect_not_using(derivee_sigmoide, {"backward", "autograd", "requires_grad_", "func",
                                          "functorch"}, name="derivee_sigmoide", hint=sans)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2.** Écrire `maximum_sur_grille(f, a, b, n)` qui évalue la fonction `f` (qui prend
# et renvoie un tenseur) sur `n` points régulièrement espacés de $[a, b]$ (bornes comprises) et
# renvoie le couple `(z_max, f_max)` de deux flottants Python : l'abscisse du maximum et sa
# valeur. Appliquée à `derivee_sigmoide` sur $[-10, 10]$, elle doit retrouver $(0, 1/4)$.
# La grille peut être en `float32` (le type par défaut de `torch.linspace`) ou en `float64` :
# la correction tolère l'erreur d'arrondi d'une grille `float32` (de l'ordre de $10^{-7}$),
# bien plus petite que le pas de la grille.

# %%
def maximum_sur_grille(f, a: float, b: float, n: int) -> tuple[float, float]:
    """Renvoie (z_max, f(z_max)) pour le maximum de f sur n points de [a, b]."""
    # BEGIN SOLUTION
    z = torch.linspace(a, b, n, dtype=torch.float64)
    values = f(z)
    i = int(torch.argmax(values))
    return float(z[i]), float(values[i])
    # END SOLUTION


# %%
z_max, f_max = maximum_sur_grille(derivee_sigmoide, -10.0, 10.0, 2001)
print(f"maximum de σ′ en z = {z_max:.4f}, valeur {f_max:.6f}")

# %%
@check
def maximum_de_la_derivee(maximum_sur_grille, derivee_sigmoide):
    result = C.call(maximum_sur_grille, derivee_sigmoide, -10.0, 10.0, 2001,
                    name="maximum_sur_grille")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).")
    # atol: the rounding of a float32 grid (linspace's default), far below the 1e-2 step
    C.expect_scalar_close(result[0], 0.0, name="z_max", atol=1e-5, reveal=True)
    C.expect_scalar_close(result[1], 0.25, name="f_max", reveal=True)


@check(hidden=True)
def maximum_fonction_decalee(maximum_sur_grille):
    c = 1.7  # a known maximiser, away from 0 and from the grid's middle

    @C.probe
    def f(z):
        return 3.0 - (z - c) ** 2

    result = C.call(maximum_sur_grille, f, -4.0, 6.0, 1001, name="maximum_sur_grille")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).")
    # the statement allows a float32 grid: its rounding (~1e-7) passes, a neighbour (1e-2) fails
    C.expect_scalar_close(result[0], c, name="z_max", atol=1e-5,
                          hint="renvoyez l'abscisse du maximum, pas son indice.")
    C.expect_scalar_close(result[1], 3.0, name="f_max", atol=1e-5)


@check(hidden=True)
def maximum_bornes_comprises(maximum_sur_grille):
    # a monotone f has its maximum at an end of [a, b]: both ends belong to the grid
    @C.probe
    def croissante(z):
        return 2 * z + 1

    @C.probe
    def decroissante(z):
        return 1 - z

    for f, nom, z_max, f_max in ((croissante, "f croissante", 2.0, 5.0),
                                 (decroissante, "f décroissante", -3.0, 4.0)):
        result = C.call(maximum_sur_grille, f, -3.0, 2.0, 11, name="maximum_sur_grille")
        C.expect(isinstance(result, tuple) and len(result) == 2,
                 "`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).")
        C.expect_scalar_close(result[0], z_max, name=f"z_max pour une {nom}", atol=1e-5,
                              hint="les n points vont de a à b, bornes comprises "
                                   "(torch.linspace(a, b, n)).")
        C.expect_scalar_close(result[1], f_max, name=f"f_max pour une {nom}", atol=1e-5)

    # n points exactly: the grid point nearest to the maximiser depends on n
    @C.probe
    def bosse(z):
        return -(z - 0.27) ** 2

    result = C.call(maximum_sur_grille, bosse, 0.0, 1.0, 5, name="maximum_sur_grille")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).")
    C.expect_scalar_close(result[0], 0.25, name="z_max sur une grille de 5 points",
                          atol=1e-5, hint="exactement n points régulièrement espacés, de a à b.")


@check(hidden=True)
def maximum_flottants_python(maximum_sur_grille):
    @C.probe
    def f(z):
        return -(z + 0.5) ** 2

    result = C.call(maximum_sur_grille, f, -2.0, 2.0, 41, name="maximum_sur_grille")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).")
    types = sorted({type(v).__name__ for v in result if not isinstance(v, float)})
    C.expect(not types,
             "`maximum_sur_grille` doit renvoyer deux flottants Python, reçu des éléments de "
             f"type {', '.join(types)}.",
             hint="convertissez avec `float(...)` ou `.item()`.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# manual: true
# points: 3

# %% [markdown]
# **Question 3 (rédigée).** Démontrer que $\sigma'(z) = \sigma(z)(1 - \sigma(z))$, puis que
# $\sigma'$ atteint son maximum $1/4$ en $z = 0$ (indication : étudier $u \mapsto u(1-u)$ sur
# $]0, 1[$).

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# $\sigma'(z) = \dfrac{e^{-z}}{(1+e^{-z})^2} = \sigma(z)\cdot\dfrac{e^{-z}}{1+e^{-z}} =
# \sigma(z)(1-\sigma(z))$. Avec $u = \sigma(z) \in\, ]0,1[$, $u(1-u)$ est maximal en
# $u = 1/2$, soit $z = 0$, et vaut $1/4$.

