# %% [markdown]
# # Exercice 8.1 (⋆) — Vérification du discriminateur optimal
#
# Pour un générateur $G$ fixé, le discriminateur qui maximise l'objectif minimax des GAN est
# (théorème 8.4, équation 8.2 du cours)
#
# $$D^*(x) = \frac{p_{\text{data}}(x)}{p_{\text{data}}(x) + p_g(x)},$$
#
# où $p_g$ est la distribution induite par $G$. L'énoncé du cours prend
# $p_{\text{data}} = \mathcal N(3, 1)$ et $p_g = \mathcal N(0, 1)$ ; on traite plus généralement
# deux gaussiennes **de même écart-type** $\sigma$ :
# $p_{\text{data}} = \mathcal N(\mu_{\text{data}}, \sigma^2)$ et
# $p_g = \mathcal N(\mu_g, \sigma^2)$, de densités
# $p(x) = \dfrac{1}{\sigma\sqrt{2\pi}} \exp\!\Big(-\dfrac{(x - \mu)^2}{2\sigma^2}\Big)$.
#
# 1. Calculer analytiquement $D^*(x)$ à partir de l'équation (8.2) : montrer que
#    $D^*(x) = \operatorname{sigmoid}(a x + b)$ pour deux réels $a$ et $b$ à déterminer
#    (question 3, rédigée).
# 2. Tracer $D^*(x)$ pour $x \in [-5, 8]$ et commenter la forme de la courbe.
#
# Les questions 1 et 2 vérifient ces résultats numériquement ; le calcul et le commentaire sont
# rédigés (question 3, corrigée à la main). Dans tout l'exercice,
# $\operatorname{sigmoid}(z) = 1/(1 + e^{-z})$ (`torch.sigmoid`).

# %%
import math

import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1.** Écrire `discriminateur_optimal(x, mu_data=3.0, mu_g=0.0, sigma=1.0)` qui
# renvoie $D^*(x)$, élément par élément, pour $p_{\text{data}} = \mathcal N(\mu_{\text{data}},
# \sigma^2)$ et $p_g = \mathcal N(\mu_g, \sigma^2)$ (`sigma` est l'**écart-type**, pas la
# variance ; par défaut, les gaussiennes du cours).
#
# - `x` est un tenseur de forme quelconque, en `float32` ou en `float64` ; `mu_data`, `mu_g`
#   et `sigma > 0` sont des flottants Python, passés par position ou par nom.
# - La fonction renvoie un tenseur de **même forme et du même type** que `x`, **sans modifier
#   `x`**.
# - Elle doit rester juste **loin dans les queues** des deux gaussiennes, sans `nan` ni `inf` :
#   pour $x = \pm 50$ ou $x = \pm 1000$, $p_{\text{data}}(x)$ et $p_g(x)$ valent toutes deux
#   $0$ en flottant ($e^{-x^2/2}$ sous-déborde) et le rapport de l'équation (8.2), calculé
#   tel quel, donne $0/0 = $ `nan`, alors que $D^*(x)$ y vaut $0$ ou $1$ à l'arrondi près.
#   Indication : $D^* = 1/(1 + p_g/p_{\text{data}})$ ne dépend que de
#   $\ln p_{\text{data}}(x) - \ln p_g(x)$, que l'on calcule sans exponentielle ; la
#   sigmoïde de PyTorch est stable.
#
# *Ce que vérifie la correction.* Les valeurs, comparées à la forme close calculée en
# `float64` (tolérance relative $10^{-9}$, absolue $10^{-12}$ pour une entrée `float64` ;
# $10^{-4}$ et $10^{-6}$ pour une entrée `float32`), sur une grille de $[-5, 8]$, aux points
# $x = \pm 50$ et $\pm 1000$ (en `float32` comme en `float64`) et pour d'autres moyennes et
# écarts-types ; la forme, le type et l'entrée laissée intacte.

# %%
def discriminateur_optimal(x: torch.Tensor, mu_data: float = 3.0, mu_g: float = 0.0,
                           sigma: float = 1.0) -> torch.Tensor:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)) pour deux gaussiennes de même écart-type."""
    # BEGIN SOLUTION
    # ln p_data(x) − ln p_g(x) : les constantes de normalisation (même σ) se simplifient
    log_rapport = ((x - mu_g) ** 2 - (x - mu_data) ** 2) / (2 * sigma**2)
    return torch.sigmoid(log_rapport)
    # END SOLUTION


# %%
print("D*(0), D*(1.5), D*(3) =", discriminateur_optimal(torch.tensor([0.0, 1.5, 3.0])))

# %%
@helper
def d_etoile(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
    """The closed form, in float64: D*(x) = sigmoid(a x + b), a = (μ_data − μ_g)/σ²,
    b = (μ_g² − μ_data²)/(2σ²)."""
    x64 = x.to(torch.float64)
    return torch.sigmoid(((mu_data - mu_g) * x64 - (mu_data**2 - mu_g**2) / 2) / sigma**2)


@check
def d_etoile_exemple(discriminateur_optimal):
    x = torch.tensor([0.0, 1.5, 3.0], dtype=torch.float64)
    nom = "discriminateur_optimal(torch.tensor([0., 1.5, 3.]))"
    got = C.as_tensor(C.call(discriminateur_optimal, x.clone(), name="discriminateur_optimal"),
                      nom)
    C.expect_shape(got, (3,), name=nom, hint="une valeur de D* par élément de x.")
    C.expect_close(got, d_etoile(x), name=nom, rtol=1e-9, atol=1e-12, reveal=True,
                   hint="D* = p_data / (p_data + p_g) avec p_data = N(3, 1) et p_g = N(0, 1) "
                        "par défaut : D*(1.5) = 1/2 (milieu des deux moyennes).")


@check(hidden=True)
def d_etoile_grille(discriminateur_optimal):
    x = torch.linspace(-5.0, 8.0, 261, dtype=torch.float64)
    got = C.call(discriminateur_optimal, x.clone(), name="discriminateur_optimal")
    C.expect_close(got, d_etoile(x), name="discriminateur_optimal(x) pour x ∈ [−5, 8]",
                   rtol=1e-9, atol=1e-12,
                   hint="D* = p_data / (p_data + p_g) : p_data (moyenne mu_data = 3) au "
                        "numérateur ; D* croît de 0 à 1 et vaut 1/2 en x = 1,5.")


@check(hidden=True)
def d_etoile_queues(discriminateur_optimal):
    x = torch.tensor([-1000.0, -50.0, 50.0, 1000.0], dtype=torch.float64)
    for dtype, (rtol, atol) in ((torch.float64, (1e-9, 1e-12)), (torch.float32, (1e-4, 1e-6))):
        nom = f"discriminateur_optimal(x) pour x = ±50, ±1000 en {str(dtype)[6:]}"
        got = C.as_tensor(C.call(discriminateur_optimal, x.to(dtype),
                                 name="discriminateur_optimal"), nom)
        C.expect_shape(got, (4,), name=nom)
        C.expect(bool(torch.isfinite(got).all()),
                 f"`discriminateur_optimal` renvoie nan ou inf loin dans les queues ({nom}).",
                 hint="p_data(x) et p_g(x) y valent 0 en flottant : 0/0 = nan. Passez par "
                      "ln p_data − ln p_g et torch.sigmoid, sans calculer les densités.")
        C.expect_close(got, d_etoile(x), name=nom, rtol=rtol, atol=atol,
                       hint="loin à gauche D* → 0, loin à droite D* → 1 : calculez "
                            "ln p_data − ln p_g sans exponentielle, puis la sigmoïde.")


@check(hidden=True)
def d_etoile_autres_parametres(discriminateur_optimal):
    x = torch.linspace(-5.0, 8.0, 131, dtype=torch.float64)
    # exactly representable parameters (a float32 copy of them is exact too)
    cas = [((-1.0, 2.0, 0.5), "positionnels"), ((1.5, -0.5, 2.0), "nommés"),
           ((2.5, 1.25, 0.25), "nommés dans le désordre"), ((0.75, 0.75, 1.5), "nommés")]
    for (mu_data, mu_g, sigma), mode in cas:
        if mode == "positionnels":
            got = C.call(discriminateur_optimal, x.clone(), mu_data, mu_g, sigma,
                         name="discriminateur_optimal")
        elif mode == "nommés":
            got = C.call(discriminateur_optimal, x.clone(), mu_data=mu_data, mu_g=mu_g,
                         sigma=sigma, name="discriminateur_optimal")
        else:
            got = C.call(discriminateur_optimal, x.clone(), sigma=sigma, mu_g=mu_g,
                         mu_data=mu_data, name="discriminateur_optimal")
        C.expect_close(got, d_etoile(x, mu_data, mu_g, sigma),
                       name=f"discriminateur_optimal(x, …) pour d'autres paramètres "
                            f"(arguments {mode})", rtol=1e-9, atol=1e-12,
                       hint="sigma est l'écart-type : la variance est sigma² dans "
                            "exp(−(x − μ)²/(2σ²)) ; les paramètres se nomment mu_data, "
                            "mu_g, sigma, dans cet ordre.")


@check(hidden=True)
def d_etoile_forme_type_argument(discriminateur_optimal):
    g = torch.Generator().manual_seed(81)
    cas = [3.0 * torch.randn(2, 3, 4, generator=g, dtype=torch.float64),
           3.0 * torch.randn(5, generator=g), torch.tensor(2.25, dtype=torch.float64),
           torch.tensor(-0.5)]
    for x in cas:
        nom = (f"discriminateur_optimal(x) pour x de forme {tuple(x.shape)} en "
               f"{str(x.dtype)[6:]}")
        got = C.expect_unchanged(discriminateur_optimal, x.clone(),
                                 name="discriminateur_optimal",
                                 hint="ne modifiez pas x en place (x -= …, x.mul_(…)) : "
                                      "x - mu crée un nouveau tenseur.")
        out = C.as_tensor(got, nom)
        C.expect_shape(out, tuple(x.shape), name=nom)
        C.expect_dtype(out, x.dtype, name=nom,
                       hint="le résultat a le type de x : n'imposez pas de type (ni "
                            "`.float()`, ni `dtype=`), calculez dans le type de x.")
        tol = (1e-9, 1e-12) if x.dtype == torch.float64 else (1e-4, 1e-6)
        C.expect_close(out, d_etoile(x), name=nom, rtol=tol[0], atol=tol[1])


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 (forme analytique).** Écrire `parametres_sigmoide(mu_data, mu_g, sigma)` qui
# renvoie le couple `(a, b)` de deux **flottants Python** tels que
# $D^*(x) = \operatorname{sigmoid}(a x + b)$ pour
# $p_{\text{data}} = \mathcal N(\mu_{\text{data}}, \sigma^2)$ et
# $p_g = \mathcal N(\mu_g, \sigma^2)$ (calcul de la question 3). Pour les gaussiennes du cours,
# $D^*(1{,}5) = 1/2$ : $1{,}5$ est le milieu des deux moyennes.
#
# *Ce que vérifie la correction.* $a$ et $b$, comparés à leur expression exacte (tolérance
# relative $10^{-12}$) pour plusieurs jeux de paramètres dont les écritures binaires sont
# exactes, et leur type.

# %%
def parametres_sigmoide(mu_data: float, mu_g: float, sigma: float) -> tuple[float, float]:
    """(a, b) tels que D*(x) = sigmoid(a x + b)."""
    # BEGIN SOLUTION
    a = (mu_data - mu_g) / sigma**2
    b = (mu_g**2 - mu_data**2) / (2 * sigma**2)
    return float(a), float(b)
    # END SOLUTION


# %% [markdown]
# La cellule suivante trace $D^*$ sur $[-5, 8]$ pour les gaussiennes du cours, avec les deux
# densités, et vérifie que $\operatorname{sigmoid}(a x + b)$ redonne la même courbe.

# %% tags=["demo"]
import matplotlib.pyplot as plt

_x = torch.linspace(-5.0, 8.0, 400, dtype=torch.float64)
_d = discriminateur_optimal(_x)
_a, _b = parametres_sigmoide(3.0, 0.0, 1.0)
print(f"a = {_a}, b = {_b} ; écart max. avec sigmoid(a x + b) : "
      f"{float((_d - torch.sigmoid(_a * _x + _b)).abs().max()):.2e}")
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(_x.numpy(), _d.numpy(), label="$D^*(x)$")
for _mu, _nom in ((3.0, "$p_{data}$"), (0.0, "$p_g$")):
    ax.plot(_x.numpy(), torch.exp(-((_x - _mu) ** 2) / 2).numpy() / math.sqrt(2 * math.pi),
            ls="--", lw=0.8, label=_nom)
ax.axhline(0.5, color="k", lw=0.5)
ax.axvline(1.5, color="k", lw=0.5)
ax.set_xlabel("$x$")
ax.legend()
plt.show()
plt.close(fig)

# %%
@check
def parametres_exemple(parametres_sigmoide):
    result = C.call(parametres_sigmoide, 3.0, 0.0, 1.0, name="parametres_sigmoide")
    C.expect(isinstance(result, tuple | list) and len(result) == 2,
             "`parametres_sigmoide` doit renvoyer un couple (a, b).")
    C.expect_scalar_close(result[0], 3.0, name="a pour N(3, 1) et N(0, 1)", rtol=1e-12,
                          atol=1e-12, reveal=True)
    C.expect_scalar_close(result[1], -4.5, name="b pour N(3, 1) et N(0, 1)", rtol=1e-12,
                          atol=1e-12, reveal=True,
                          hint="D*(1,5) = 1/2 impose a · 1,5 + b = 0.")


@check(hidden=True)
def parametres_exacts(parametres_sigmoide):
    cas = [(3.0, 0.0, 1.0), (-1.0, 2.0, 0.5), (1.5, -0.5, 2.0), (2.5, 1.25, 0.25),
           (0.75, 0.75, 1.5), (0.0, -4.0, 1.0)]
    for mu_data, mu_g, sigma in cas:
        result = C.call(parametres_sigmoide, mu_data, mu_g, sigma, name="parametres_sigmoide")
        C.expect(isinstance(result, tuple | list) and len(result) == 2,
                 "`parametres_sigmoide` doit renvoyer un couple (a, b).")
        pente = (mu_data - mu_g) / sigma**2
        milieu = (mu_data + mu_g) / 2
        C.expect_scalar_close(result[0], pente, name="a pour d'autres paramètres", rtol=1e-12,
                              atol=1e-12,
                              hint="a est le coefficient de x dans ln p_data(x) − ln p_g(x) ; "
                                   "sigma est l'écart-type (la variance est sigma²).")
        C.expect_scalar_close(result[1], -pente * milieu, name="b pour d'autres paramètres",
                              rtol=1e-12, atol=1e-12,
                              hint="b est le terme constant de ln p_data(x) − ln p_g(x) : "
                                   "D* = 1/2 au milieu (mu_data + mu_g)/2, donc "
                                   "b = −a (mu_data + mu_g)/2.")


@check(hidden=True)
def parametres_flottants(parametres_sigmoide):
    result = C.call(parametres_sigmoide, -1.0, 2.0, 0.5, name="parametres_sigmoide")
    C.expect(isinstance(result, tuple | list) and len(result) == 2,
             "`parametres_sigmoide` doit renvoyer un couple (a, b).")
    types = sorted({type(v).__name__ for v in result if not isinstance(v, float)})
    C.expect(not types,
             "`parametres_sigmoide` doit renvoyer deux flottants Python, reçu des éléments "
             f"de type {', '.join(types)}.",
             hint="convertissez avec `float(...)` (ou `.item()` pour un tenseur).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# manual: true
# points: 3

# %% [markdown]
# **Question 3 (rédigée).** À partir de l'équation (8.2), montrer que pour
# $p_{\text{data}} = \mathcal N(\mu_{\text{data}}, \sigma^2)$ et
# $p_g = \mathcal N(\mu_g, \sigma^2)$, $D^*(x) = \operatorname{sigmoid}(a x + b)$ et donner
# $a$ et $b$ ; les évaluer pour $\mathcal N(3, 1)$ et $\mathcal N(0, 1)$. Commenter la forme de
# la courbe tracée sur $[-5, 8]$ : monotonie, point où $D^* = 1/2$, pente en ce point,
# limites, et ce que « voit » le discriminateur optimal. Pourquoi le calcul direct du rapport
# (8.2) donne-t-il `nan` pour $x = \pm 50$ ?

# %% [markdown]
# _Rédigez votre calcul et votre commentaire ici._

# %% [markdown]
# **Calcul.** En divisant par $p_{\text{data}}(x) > 0$,
# $D^*(x) = \dfrac{1}{1 + p_g(x)/p_{\text{data}}(x)} = \operatorname{sigmoid}\big(\ln
# p_{\text{data}}(x) - \ln p_g(x)\big)$. Les constantes $\ln(\sigma\sqrt{2\pi})$ se simplifient
# (même $\sigma$) :
# $$\ln p_{\text{data}}(x) - \ln p_g(x) = \frac{(x - \mu_g)^2 - (x - \mu_{\text{data}})^2}{2
# \sigma^2} = \underbrace{\frac{\mu_{\text{data}} - \mu_g}{\sigma^2}}_{a}\,x +
# \underbrace{\frac{\mu_g^2 - \mu_{\text{data}}^2}{2\sigma^2}}_{b}.$$
# Pour $\mathcal N(3, 1)$ et $\mathcal N(0, 1)$ : $a = 3$, $b = -9/2$, soit
# $D^*(x) = \operatorname{sigmoid}(3x - 4{,}5) = \dfrac{1}{1 + e^{4{,}5 - 3x}}$.
#
# **Forme.** Une sigmoïde croissante (car $\mu_{\text{data}} > \mu_g$) : $D^* \to 0$ pour
# $x \to -\infty$ (là où $p_g$ domine, le discriminateur affirme « faux »), $D^* \to 1$ pour
# $x \to +\infty$ (« vrai »), $D^* = 1/2$ en $x = 1{,}5$, milieu des deux moyennes, où les deux
# densités sont égales et où le discriminateur ne peut pas décider. La pente en ce point est
# $a/4 = 3/4$ : la transition a une largeur de l'ordre de $\sigma^2 / (\mu_{\text{data}} -
# \mu_g)$, d'autant plus raide que les distributions sont séparées. Avec des variances égales
# le discriminateur optimal est une régression logistique (frontière linéaire) ; sur
# $[-5, 8]$ la courbe est presque 0 à gauche de 0 et presque 1 à droite de 3 : le
# discriminateur est sûr de lui presque partout, ce qui annonce la saturation du gradient de
# $G$ quand les deux distributions sont bien séparées. Si $p_g = p_{\text{data}}$, $a = b = 0$
# et $D^* \equiv 1/2$ (équilibre).
#
# **Queues.** Pour $x = 50$, $p_{\text{data}}(x) \propto e^{-47^2/2} = e^{-1104{,}5}$ et
# $p_g(x) \propto e^{-1250}$ sont plus petits que le plus petit flottant (environ $e^{-745}$
# en `float64`, $e^{-103}$ en `float32`) : les deux valent 0 et le rapport vaut $0/0$. Le
# logarithme du rapport, lui, vaut $3 \times 50 - 4{,}5 = 145{,}5$, sans aucun débordement.
