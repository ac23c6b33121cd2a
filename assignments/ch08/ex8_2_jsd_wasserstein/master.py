# %% [markdown]
# # Exercice 8.2 (⋆⋆) — WGAN : Jensen-Shannon contre Wasserstein pour deux Diracs
#
# Le théorème 8.5 du cours montre qu'avec le discriminateur optimal, le générateur minimise
# la **divergence de Jensen-Shannon** (équation 8.8)
#
# $$\operatorname{JSD}(p \,\|\, q) = \tfrac12 \operatorname{KL}(p \,\|\, m) + \tfrac12
# \operatorname{KL}(q \,\|\, m), \qquad m = \frac{p + q}{2},$$
#
# tandis que le WGAN minimise la **distance de Wasserstein-1** (définition 8.7, équation 8.13)
# $W(p_{\text{data}}, p_g) = \inf_{\gamma \in \Pi(p_{\text{data}}, p_g)}
# \mathbb{E}_{(x, y) \sim \gamma} \lVert x - y \rVert$. Le cours affirme que $W$ est « plus
# douce » : même quand les supports ne se chevauchent pas, $W$ fournit un gradient exploitable
# alors que la JSD est constante.
#
# On le vérifie sur l'exemple du cours : $p_{\text{data}} = \delta_0$ (masse de Dirac en 0) et
# $p_g = \delta_\theta$, le générateur étant réduit à un paramètre $\theta \in \mathbb{R}$.
#
# 1. Calculer $\operatorname{JSD}(p_{\text{data}} \,\|\, p_g)$ pour $\theta \neq 0$ et
#    $\theta = 0$.
# 2. Vérifier que $W(p_{\text{data}}, p_g) = |\theta|$.
# 3. En déduire pourquoi $W$ fournit un gradient utile pour $G$ tandis que la JSD ne le fait
#    pas.
#
# Les questions 1 à 3 calculent ces quantités numériquement ; l'argument est rédigé
# (question 4, corrigée à la main).
#
# **Conventions.** Tous les logarithmes sont **népériens** ($\ln$, `torch.log`), et
# $0 \ln 0 = 0$ (de même, un terme $p_i \ln(p_i / m_i)$ est nul dès que $p_i = 0$, même si
# $m_i = 0$).

# %%
import math

import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 (JSD discrète).** Écrire `jsd(p, q)` qui renvoie
# $\operatorname{JSD}(p \,\|\, q)$ pour deux distributions discrètes sur le même support
# $\{1, \dots, n\}$, données par deux tenseurs 1-D `p` et `q` de forme `(n,)` (probabilités
# positives ou **nulles**, de somme 1), avec
# $\operatorname{KL}(p \,\|\, m) = \sum_i p_i \ln(p_i / m_i)$.
#
# - La fonction renvoie un tenseur de forme `()` (un scalaire), **du même type que `p`**
#   (`float32` ou `float64`), sans `nan` ni `inf` quand `p` ou `q` ont des zéros (supports
#   disjoints compris).
# - On doit trouver $0 \leq \operatorname{JSD} \leq \ln 2$, $\operatorname{JSD}(p \,\|\, q) =
#   \operatorname{JSD}(q \,\|\, p)$, $\operatorname{JSD} = 0$ si $p = q$ et $\ln 2$ si les
#   supports sont disjoints.
#
# *Ce que vérifie la correction.* Les valeurs, comparées à
# `scipy.spatial.distance.jensenshannon(p, q) ** 2` (la fonction de SciPy renvoie la **racine**
# de la JSD, en logarithme népérien par défaut) avec une tolérance relative de $10^{-9}$ en
# `float64` ($10^{-5}$ en `float32`), sur des distributions aléatoires et creuses ; la
# symétrie, les bornes, l'absence de `nan` avec des zéros ; la forme et le type.

# %%
def jsd(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """JSD(p‖q) = ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2, logarithme népérien, 0 ln 0 = 0."""
    # BEGIN SOLUTION
    m = (p + q) / 2
    # torch.xlogy(u, v) = u ln v, et 0 quand u = 0 (même si v = 0)
    kl_pm = (torch.xlogy(p, p) - torch.xlogy(p, m)).sum()
    kl_qm = (torch.xlogy(q, q) - torch.xlogy(q, m)).sum()
    return (kl_pm + kl_qm) / 2
    # END SOLUTION


# %%
print("JSD(p‖p) =", jsd(torch.tensor([0.5, 0.5, 0.0]), torch.tensor([0.5, 0.5, 0.0])),
      "; supports disjoints :", jsd(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0])),
      "; ln 2 =", math.log(2))

# %%
@helper
def jsd_scipy(p, q):
    """The oracle: SciPy's Jensen-Shannon distance (natural log by default), squared."""
    from scipy.spatial.distance import jensenshannon

    return float(jensenshannon(p.to(torch.float64).numpy(), q.to(torch.float64).numpy())) ** 2


@helper
def distributions(n, graine, zeros=0.0):
    """Two random distributions on n points, float64; with `zeros`, each entry of each one is
    set to 0 with that probability (at least one entry kept)."""
    g = torch.Generator().manual_seed(graine)
    paire = []
    for _ in range(2):
        v = torch.rand(n, generator=g, dtype=torch.float64) ** 2
        if zeros:
            garde = torch.rand(n, generator=g, dtype=torch.float64) >= zeros
            garde[int(torch.randint(0, n, (1,), generator=g))] = True
            v = torch.where(garde, v + 0.01, torch.zeros_like(v))
        paire.append(v / v.sum())
    return paire


@helper
def scalaire(f, nom_f, a, b, attendu, nom, dtype=torch.float64, hint=None):
    """f(a, b) with a and b copied in `dtype`: a finite tensor of shape () and of that dtype,
    close to the float64 value `attendu` (rtol 1e-9 in float64, 1e-5 in float32)."""
    got = C.as_tensor(C.call(f, a.to(dtype, copy=True), b.to(dtype, copy=True), name=nom_f),
                      nom)
    C.expect_shape(got, (), name=nom, hint="un seul nombre : un tenseur de forme ().")
    C.expect_dtype(got, dtype, name=nom,
                   hint="le résultat a le type des arguments : n'imposez pas de type (ni "
                        ".double(), ni dtype=, ni float(...)).")
    C.expect(bool(torch.isfinite(got).all()), f"`{nom}` vaut nan ou inf.", hint=hint)
    tol = (1e-9, 1e-12) if dtype == torch.float64 else (1e-5, 1e-6)
    C.expect_close(got, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=tol[0],
                   atol=tol[1], hint=hint)


@check
def jsd_exemple(jsd):
    p = torch.tensor([0.5, 0.5, 0.0], dtype=torch.float64)
    q = torch.tensor([0.0, 0.5, 0.5], dtype=torch.float64)
    nom = "jsd([0.5, 0.5, 0], [0, 0.5, 0.5])"
    got = C.as_tensor(C.call(jsd, p.clone(), q.clone(), name="jsd"), nom)
    C.expect_shape(got, (), name=nom, hint="une JSD est un nombre : sommez sur le support.")
    C.expect_close(got, torch.tensor(0.5 * math.log(2), dtype=torch.float64), name=nom,
                   rtol=1e-9, atol=1e-12, reveal=True,
                   hint="m = (0.25, 0.5, 0.25), KL(p‖m) = KL(q‖m) = ½ ln 2 (logarithme "
                        "népérien), et 0 ln 0 = 0.")


@check(hidden=True)
def jsd_contre_scipy(jsd):
    cas = [(distributions(2, 1), "n = 2"), (distributions(6, 2), "n = 6"),
           (distributions(50, 3), "n = 50"), (distributions(8, 4, zeros=0.5), "creuses, n = 8"),
           (distributions(40, 5, zeros=0.7), "creuses, n = 40")]
    for (p, q), quoi in cas:
        scalaire(jsd, "jsd", p, q, jsd_scipy(p, q), f"jsd(p, q) pour des distributions {quoi}",
                 hint="JSD = ½ KL(p‖m) + ½ KL(q‖m) avec m = (p + q)/2 (et non KL(p‖q)), "
                      "logarithme népérien (torch.log, pas log2), 0 ln 0 = 0.")


@check(hidden=True)
def jsd_symetrie_et_bornes(jsd):
    p, q = distributions(12, 6, zeros=0.3)
    disjoints = (torch.tensor([0.2, 0.0, 0.8, 0.0, 0.0], dtype=torch.float64),
                 torch.tensor([0.0, 0.5, 0.0, 0.25, 0.25], dtype=torch.float64))
    cas = [((p, q), "p, q", jsd_scipy(p, q)), ((q, p), "q, p", jsd_scipy(p, q)),
           ((p, p), "p, p", 0.0), (disjoints, "supports disjoints", math.log(2)),
           (disjoints[::-1], "supports disjoints (ordre inverse)", math.log(2))]
    for (a, b), quoi, attendu in cas:
        nom = f"jsd({quoi})"
        valeur = C.as_number(C.call(jsd, a.clone(), b.clone(), name="jsd"), name=nom)
        C.expect(-1e-12 <= valeur <= math.log(2) + 1e-12,
                 f"`{nom}` sort de l'intervalle [0, ln 2].",
                 hint="avec le logarithme népérien, JSD ≤ ln 2 ≈ 0,693 (1 en base 2) ; "
                      "une JSD négative ou infinie vient d'un mauvais m = (p + q)/2.")
        C.expect_scalar_close(valeur, attendu, name=nom, rtol=1e-9, atol=1e-12,
                              hint="la JSD est symétrique, nulle si p = q, égale à ln 2 pour "
                                   "des supports disjoints : ½ KL(p‖m) + ½ KL(q‖m).")


@check(hidden=True)
def jsd_zeros_et_type(jsd):
    cas = [(torch.tensor([1.0, 0.0, 0.0]), torch.tensor([1.0, 0.0, 0.0]), 0.0),
           (torch.tensor([0.5, 0.0, 0.5, 0.0]), torch.tensor([0.25, 0.0, 0.25, 0.5]), None),
           (torch.tensor([0.0, 0.0, 1.0]), torch.tensor([0.5, 0.5, 0.0]), math.log(2))]
    for p, q, exact in cas:
        attendu = jsd_scipy(p, q) if exact is None else exact
        for dtype in (torch.float64, torch.float32):
            scalaire(jsd, "jsd", p, q, attendu,
                     f"jsd(p, q) avec des zéros, p et q en {str(dtype)[6:]}", dtype,
                     hint="0 ln 0 = 0 : un terme p_i ln(p_i/m_i) avec p_i = 0 vaut 0, même si "
                          "m_i = 0 (torch.xlogy, ou un masque p > 0).")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (deux Diracs).** $p_{\text{data}} = \delta_0$ et $p_g = \delta_\theta$.
#
# - `jsd_diracs(theta)` renvoie $\operatorname{JSD}(\delta_0 \,\|\, \delta_\theta)$ et
#   `wasserstein_diracs(theta)` renvoie $W(\delta_0, \delta_\theta)$, **élément par élément**
#   pour un tenseur `theta` de forme quelconque : des tenseurs de même forme et **du même type**
#   que `theta`. Les valeurs doivent être exactes pour **tout** $\theta$ : $\theta = 0$, mais
#   aussi $\theta$ négatif, très grand, ou minuscule ($\theta = 10^{-12}$ est un Dirac
#   distinct de $\delta_0$ : pas de seuil de tolérance).
# - `wasserstein_1d(x, y)` renvoie la distance $W$ entre les deux **distributions
#   empiriques** de deux échantillons 1-D `x` et `y` **de même taille** $n$ (chaque point pèse
#   $1/n$). En dimension 1, le couplage optimal apparie les points **dans l'ordre** :
#   $W = \frac1n \sum_k \lvert x_{(k)} - y_{(k)} \rvert$, où $x_{(1)} \leq \dots \leq
#   x_{(n)}$ sont les valeurs triées. Elle renvoie un tenseur de forme `()` du même type que
#   `x`, **sans modifier `x` ni `y`**. Avec $x = (0, \dots, 0)$ et
#   $y = (\theta, \dots, \theta)$, on retrouve $W(\delta_0, \delta_\theta)$.
#
# *Ce que vérifie la correction.* Les valeurs exactes pour les Diracs (dont $\theta = 0$,
# $\pm 10^{-12}$, des $\theta$ négatifs ; tolérance relative $10^{-12}$ en `float64`), la forme
# et le type ; `wasserstein_1d` comparée à `scipy.stats.wasserstein_distance(x, y)` (tolérance
# relative $10^{-9}$) sur des échantillons aléatoires non triés, sa forme, son type, et ses
# arguments laissés intacts.

# %%
def jsd_diracs(theta: torch.Tensor) -> torch.Tensor:
    """JSD(δ₀ ‖ δ_θ), élément par élément : ln 2 si θ ≠ 0, 0 si θ = 0."""
    # BEGIN SOLUTION
    ln2 = torch.full_like(theta, math.log(2))
    return torch.where(theta == 0, torch.zeros_like(theta), ln2)
    # END SOLUTION


def wasserstein_diracs(theta: torch.Tensor) -> torch.Tensor:
    """W(δ₀, δ_θ) = |θ|, élément par élément."""
    # BEGIN SOLUTION
    return theta.abs()
    # END SOLUTION


def wasserstein_1d(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """W entre les distributions empiriques de x et de y (même taille) : moyenne des écarts
    entre valeurs triées."""
    # BEGIN SOLUTION
    x_trie = torch.sort(x).values
    y_trie = torch.sort(y).values
    return (x_trie - y_trie).abs().mean()
    # END SOLUTION


# %%
_theta = torch.tensor([-2.0, -1e-12, 0.0, 1e-12, 0.5], dtype=torch.float64)
print("θ    =", _theta.tolist())
print("JSD  =", jsd_diracs(_theta))
print("W    =", wasserstein_diracs(_theta))
print("W empirique (x = 0, y = 0.5) :", wasserstein_1d(torch.zeros(4), torch.full((4,), 0.5)))

# %%
@helper
def jsd_diracs_exacte(theta):
    """ln 2 where θ ≠ 0, 0 where θ = 0, in float64 (ln 2 itself in float64)."""
    t = theta.to(torch.float64)
    return torch.where(t != 0, torch.full_like(t, math.log(2)), torch.zeros_like(t))


@helper
def w_scipy(x, y):
    """The oracle: SciPy's 1-D Wasserstein distance between the two empirical samples."""
    from scipy.stats import wasserstein_distance

    return float(wasserstein_distance(x.to(torch.float64).numpy(), y.to(torch.float64).numpy()))


@check
def diracs_exemple(jsd_diracs, wasserstein_diracs, wasserstein_1d):
    theta = torch.tensor([-2.0, 0.0, 0.5], dtype=torch.float64)
    nom = "jsd_diracs(torch.tensor([-2., 0., 0.5]))"
    got = C.as_tensor(C.call(jsd_diracs, theta.clone(), name="jsd_diracs"), nom)
    C.expect_shape(got, (3,), name=nom)
    C.expect_close(got, torch.tensor([math.log(2), 0.0, math.log(2)], dtype=torch.float64),
                   name=nom, rtol=1e-12, atol=1e-12, reveal=True,
                   hint="pour θ ≠ 0 les supports {0} et {θ} sont disjoints : JSD = ln 2.")
    nom = "wasserstein_diracs(torch.tensor([-2., 0., 0.5]))"
    got = C.as_tensor(C.call(wasserstein_diracs, theta.clone(), name="wasserstein_diracs"),
                      nom)
    C.expect_shape(got, (3,), name=nom)
    C.expect_close(got, torch.tensor([2.0, 0.0, 0.5], dtype=torch.float64), name=nom,
                   rtol=1e-12, atol=1e-12, reveal=True,
                   hint="toute la masse se déplace de 0 à θ : W = |θ| ≥ 0.")
    x = torch.tensor([0.0, 1.0, 3.0], dtype=torch.float64)
    y = torch.tensor([5.0, 2.0, 1.0], dtype=torch.float64)
    nom = "wasserstein_1d([0, 1, 3], [5, 2, 1])"
    got = C.as_tensor(C.call(wasserstein_1d, x.clone(), y.clone(), name="wasserstein_1d"), nom)
    C.expect_shape(got, (), name=nom)
    C.expect_close(got, torch.tensor(4.0 / 3.0, dtype=torch.float64), name=nom, rtol=1e-12,
                   atol=1e-12, reveal=True,
                   hint="triez x et y, puis moyenne des |x_(k) − y_(k)| : "
                        "(|0 − 1| + |1 − 2| + |3 − 5|)/3.")


@check(hidden=True)
def diracs_valeurs_exactes(jsd_diracs, wasserstein_diracs):
    theta = torch.tensor([[0.0, 1e-12, -1e-12, 3.5], [-7.25, 1e6, -1e-3, 0.0]],
                         dtype=torch.float64)
    nom = "jsd_diracs(θ) pour θ nul, minuscule, négatif ou grand"
    got = C.as_tensor(C.call(jsd_diracs, theta.clone(), name="jsd_diracs"), nom)
    C.expect_shape(got, (2, 4), name=nom, hint="une valeur par élément de θ.")
    C.expect_close(got, jsd_diracs_exacte(theta), name=nom, rtol=1e-12, atol=1e-15,
                   hint="la JSD vaut ln 2 pour tout θ ≠ 0, si petit soit-il (supports "
                        "disjoints), et 0 seulement pour θ = 0 : comparez θ à 0 exactement, "
                        "sans seuil.")
    nom = "wasserstein_diracs(θ) pour θ nul, minuscule, négatif ou grand"
    got = C.as_tensor(C.call(wasserstein_diracs, theta.clone(), name="wasserstein_diracs"),
                      nom)
    C.expect_shape(got, (2, 4), name=nom, hint="une valeur par élément de θ.")
    C.expect_close(got, theta.abs(), name=nom, rtol=1e-12, atol=1e-300,
                   hint="W = |θ| : une distance est positive, même pour θ < 0.")


@check(hidden=True)
def diracs_forme_et_type(jsd_diracs, wasserstein_diracs):
    g = torch.Generator().manual_seed(82)
    for theta in (torch.randn(3, 2, 2, generator=g, dtype=torch.float64),
                  torch.tensor(-0.75, dtype=torch.float64), torch.tensor([0.0, 2.0, -1e-12])):
        for f, nom_f, attendu in (
                (jsd_diracs, "jsd_diracs", jsd_diracs_exacte(theta)),
                (wasserstein_diracs, "wasserstein_diracs", theta.abs().to(torch.float64))):
            nom = f"{nom_f}(θ) pour θ de forme {tuple(theta.shape)} en {str(theta.dtype)[6:]}"
            out = C.as_tensor(C.call(f, theta.clone(), name=nom_f), nom)
            C.expect_shape(out, tuple(theta.shape), name=nom)
            C.expect_dtype(out, theta.dtype, name=nom,
                           hint="le résultat a le type de θ ; torch.where(c, 0.0, ln 2) avec "
                                "deux nombres, ou un booléen multiplié par un nombre, donnent "
                                "le type par défaut (float32) : partez de θ "
                                "(torch.zeros_like, torch.full_like, (θ != 0).to(θ.dtype)…).")
            tol = (1e-12, 1e-15) if theta.dtype == torch.float64 else (1e-6, 1e-20)
            C.expect_close(out, attendu, name=nom, rtol=tol[0], atol=tol[1])


@check(hidden=True)
def wasserstein_1d_contre_scipy(wasserstein_1d):
    g = torch.Generator().manual_seed(83)
    cas = [(torch.randn(1, generator=g, dtype=torch.float64),
            torch.randn(1, generator=g, dtype=torch.float64), "n = 1"),
           (torch.randn(7, generator=g, dtype=torch.float64),
            2.0 + 0.5 * torch.randn(7, generator=g, dtype=torch.float64), "n = 7"),
           (torch.rand(200, generator=g, dtype=torch.float64) * 4 - 1,
            torch.randn(200, generator=g, dtype=torch.float64) ** 2, "n = 200"),
           (torch.tensor([3.0, -1.0, 2.0, 2.0, 0.0], dtype=torch.float64),
            torch.tensor([1.0, 1.0, -4.0, 0.5, 6.0], dtype=torch.float64), "n = 5, ex æquo"),
           (torch.zeros(6, dtype=torch.float64), torch.full((6,), -2.5, dtype=torch.float64),
            "x = 0, y = θ = −2,5 (deux Diracs)")]
    for x, y, quoi in cas:
        scalaire(wasserstein_1d, "wasserstein_1d", x, y, w_scipy(x, y),
                 f"wasserstein_1d(x, y) pour {quoi}",
                 hint="triez x et y séparément (torch.sort) avant d'apparier les points, "
                      "puis moyenne des valeurs absolues des écarts.")


@check(hidden=True)
def wasserstein_1d_type_et_arguments(wasserstein_1d):
    g = torch.Generator().manual_seed(84)
    x = torch.randn(9, generator=g, dtype=torch.float64)
    y = 1.0 + torch.randn(9, generator=g, dtype=torch.float64)
    attendu = w_scipy(x, y)
    for dtype in (torch.float64, torch.float32):
        scalaire(wasserstein_1d, "wasserstein_1d", x, y, attendu,
                 f"wasserstein_1d(x, y) pour x et y en {str(dtype)[6:]}", dtype,
                 hint="un résultat numpy se reconvertit avec torch.tensor(..., dtype=x.dtype).")
    C.expect_unchanged(wasserstein_1d, x.clone(), y.clone(), name="wasserstein_1d",
                       hint="ne triez pas x ou y en place (x.numpy().sort(), "
                            "x.copy_(x.sort().values)…) : torch.sort(x) renvoie un nouveau "
                            "tenseur.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 (le gradient que reçoit $G$).** Écrire `gradients_theta(theta)` qui, pour un
# tenseur `theta` (de forme quelconque, **sans élément nul**), renvoie le couple
# `(d_jsd, d_w)` de deux tenseurs de la forme de `theta` :
# $\partial \operatorname{JSD}(\delta_0 \,\|\, \delta_\theta) / \partial \theta$ et
# $\partial W(\delta_0, \delta_\theta) / \partial \theta$, élément par élément, **calculées
# par autograd** (`torch.autograd.grad`, `backward` ou `torch.func.grad`) à travers vos
# fonctions `jsd_diracs` et `wasserstein_diracs` de la question 2. C'est exactement le signal
# qu'un générateur de paramètre $\theta$ recevrait de chacune des deux pertes.
#
# - Si le résultat d'une des fonctions n'est relié à $\theta$ par aucun chemin du graphe de
#   calcul (il ne « requiert » pas de gradient), la dérivée renvoyée pour cette fonction est
#   un tenseur de **zéros** (c'est le cas de la JSD si votre `jsd_diracs` ne fait que
#   comparer $\theta$ à 0 : traitez ce cas plutôt que de laisser `autograd` lever une
#   erreur).
# - `theta` ne doit pas être modifié : ni ses valeurs, ni son attribut `requires_grad`, ni son
#   `.grad` (travaillez sur une copie détachée, `theta.detach().requires_grad_(True)` ou
#   `theta.clone().requires_grad_(True)`).
#
# *Ce que vérifie la correction.* Les deux dérivées (forme et valeurs, pour des $\theta$
# positifs, négatifs, grands ou minuscules), l'usage d'autograd dans `gradients_theta`, et
# `theta` laissé intact.

# %%
def gradients_theta(theta: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(∂JSD/∂θ, ∂W/∂θ) élément par élément, par autograd, pour θ sans élément nul."""
    # BEGIN SOLUTION
    t = theta.detach().requires_grad_(True)
    derivees = []
    for f in (jsd_diracs, wasserstein_diracs):
        valeur = f(t).sum()  # les éléments sont indépendants : ∂(Σ f(θ_i))/∂θ_i = f'(θ_i)
        if valeur.requires_grad:
            (derivee,) = torch.autograd.grad(valeur, t)
        else:  # aucun chemin de θ à la valeur : la dérivée est nulle
            derivee = torch.zeros_like(t)
        derivees.append(derivee)
    return derivees[0], derivees[1]
    # END SOLUTION


# %%
_d_jsd, _d_w = gradients_theta(torch.tensor([-1.5, 0.25, 3.0], dtype=torch.float64))
print("∂JSD/∂θ =", _d_jsd, "; ∂W/∂θ =", _d_w)

# %%
@helper
def derivees(gradients_theta, theta, nom):
    """gradients_theta(θ) as a pair of float64 tensors of θ's shape (or a failure)."""
    result = C.call(gradients_theta, theta.clone(), name="gradients_theta")
    C.expect(isinstance(result, tuple | list) and len(result) == 2,
             "`gradients_theta` doit renvoyer un couple (d_jsd, d_w).")
    paire = []
    for valeur, quoi in zip(result, ("d_jsd", "d_w"), strict=True):
        t = C.as_tensor(valeur, f"{quoi} de {nom}")
        C.expect_shape(t, tuple(theta.shape), name=f"{quoi} de {nom}",
                       hint="une dérivée par élément de θ : la forme de θ.")
        paire.append(t.to(torch.float64))
    return paire


@check
def gradients_exemple(gradients_theta):
    theta = torch.tensor([-1.5, 2.0], dtype=torch.float64)
    nom = "gradients_theta(torch.tensor([-1.5, 2.]))"
    d_jsd, d_w = derivees(gradients_theta, theta, nom)
    C.expect_close(d_jsd, torch.zeros(2, dtype=torch.float64), name=f"d_jsd de {nom}",
                   rtol=0.0, atol=1e-12, reveal=True,
                   hint="pour θ ≠ 0 la JSD vaut ln 2 quel que soit θ : sa dérivée est nulle.")
    C.expect_close(d_w, torch.tensor([-1.0, 1.0], dtype=torch.float64), name=f"d_w de {nom}",
                   rtol=1e-12, atol=1e-12, reveal=True,
                   hint="W = |θ| : sa dérivée vaut sign(θ), qui pousse θ vers 0.")


@check(hidden=True)
def gradients_valeurs(gradients_theta):
    g = torch.Generator().manual_seed(85)
    base = torch.randn(3, 4, generator=g, dtype=torch.float64)
    base[0, 0], base[0, 1], base[1, 2], base[2, 3] = 1e-12, -1e-12, 1e6, -250.0
    for theta, quoi in ((base, "float64, de forme (3, 4)"),
                        (base[1].to(torch.float32), "float32, de forme (4,)"),
                        (torch.tensor(-0.3, dtype=torch.float64), "de forme ()")):
        nom = f"gradients_theta(θ) pour θ {quoi}"
        d_jsd, d_w = derivees(gradients_theta, theta, nom)
        C.expect_close(d_jsd, torch.zeros(theta.shape, dtype=torch.float64),
                       name=f"d_jsd de {nom}", rtol=0.0, atol=1e-12,
                       hint="la JSD est constante (ln 2) autour de tout θ ≠ 0 : dérivée nulle, "
                            "y compris quand le graphe ne relie pas θ à la JSD.")
        # float32: θ/√(θ²) (a correct |θ|) is sign(θ) up to float32 rounding
        rtol = 1e-12 if theta.dtype == torch.float64 else 1e-6
        C.expect_close(d_w, torch.sign(theta).to(torch.float64), name=f"d_w de {nom}",
                       rtol=rtol, atol=1e-12,
                       hint="dérivée de |θ| : sign(θ), élément par élément ; dérivez la somme "
                            "des W (pas leur moyenne) pour obtenir la dérivée de chaque W_i.")


@check(hidden=True)
def gradients_autograd_et_theta_intact(gradients_theta):
    @C.probe
    def appel_et_theta(f, theta):
        resultat = f(theta)
        return (resultat, theta.detach().clone(), bool(theta.requires_grad),
                theta.grad is None)

    theta = torch.tensor([0.75, -3.0, 1e-12], dtype=torch.float64)
    resultat, apres, requiert, sans_grad = C.call(
        appel_et_theta, C.require(gradients_theta, "gradients_theta"), theta.clone(),
        name="gradients_theta")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`gradients_theta` doit renvoyer un couple (d_jsd, d_w).")
    C.expect_close(resultat[1], torch.sign(theta), name="d_w de gradients_theta(θ)",
                   rtol=1e-12, atol=1e-12, hint="dérivée de |θ| : sign(θ).")
    intact = torch.equal(C.as_tensor(apres, "θ après l'appel").to(torch.float64), theta)
    C.expect(intact and not requiert and sans_grad,
             "`gradients_theta` modifie son argument θ (ses valeurs, son requires_grad ou "
             "son .grad).",
             hint="dérivez par rapport à une copie détachée : "
                  "t = theta.detach().requires_grad_(True) (ou theta.clone()…), jamais "
                  "theta.requires_grad_() sur le tenseur reçu.")
    # autograd, as the statement asks (helpers of the notebook are followed into their source)
    try:
        C.expect_not_using(gradients_theta, {"grad", "backward", "autograd", "jacobian",
                                             "vjp", "jacrev", "jacfwd"}, name="gradients_theta")
        par_autograd = False
    except C.CheckFailure as exc:
        if exc.code != "forbidden":
            raise
        par_autograd = True
    C.expect(par_autograd,
             "`gradients_theta` ne calcule pas les dérivées par autograd : l'énoncé demande "
             "de dériver vos fonctions jsd_diracs et wasserstein_diracs, pas d'écrire les "
             "dérivées à la main.",
             hint="t = theta.detach().requires_grad_(True), puis "
                  "torch.autograd.grad(f(t).sum(), t) (zéros si f(t) ne requiert pas de "
                  "gradient).")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** Calculer à la main $\operatorname{JSD}(\delta_0 \,\|\,
# \delta_\theta)$ pour $\theta \neq 0$ et pour $\theta = 0$, et justifier
# $W(\delta_0, \delta_\theta) = |\theta|$ (quels sont les couplages possibles entre deux
# Diracs ?). En vous appuyant sur les valeurs de la question 3, expliquer pourquoi $W$
# fournit un gradient utile au générateur tandis que la JSD ne le fait pas, et ce que cela
# implique pour un GAN dont les supports de $p_{\text{data}}$ et $p_g$ ne se chevauchent pas
# (cas typique de distributions concentrées sur des variétés de faible dimension).

# %% [markdown]
# _Rédigez votre calcul et votre argument ici._

# %% [markdown]
# **JSD.** Pour $\theta \neq 0$, $m = \tfrac12(\delta_0 + \delta_\theta)$ met une masse $1/2$
# en 0 et en $\theta$. $\operatorname{KL}(\delta_0 \,\|\, m) = 1 \cdot \ln\frac{1}{1/2} +
# 0 \ln \frac{0}{1/2} = \ln 2$, de même $\operatorname{KL}(\delta_\theta \,\|\, m) = \ln 2$,
# donc $\operatorname{JSD} = \tfrac12 \ln 2 + \tfrac12 \ln 2 = \ln 2$, **quel que soit**
# $\theta \neq 0$. Pour $\theta = 0$, $p_{\text{data}} = p_g = m$ et $\operatorname{JSD} = 0$.
# La fonction $\theta \mapsto \operatorname{JSD}$ est constante sur $\mathbb{R}^*$ et
# discontinue en 0.
#
# **Wasserstein.** La seule loi jointe de marginales $\delta_0$ et $\delta_\theta$ est
# $\gamma = \delta_{(0, \theta)}$ : $W = \mathbb{E}_\gamma|x - y| = |0 - \theta| = |\theta|$,
# fonction continue, 1-lipschitzienne, dérivable hors de 0 de dérivée $\operatorname{sign}
# (\theta)$.
#
# **Gradient.** Le générateur descend le gradient de sa perte par rapport à $\theta$. Avec la
# JSD, $\partial \operatorname{JSD} / \partial \theta = 0$ pour tout $\theta \neq 0$
# (question 3 : des zéros, le graphe ne relie même pas $\theta$ à la perte) : aucune
# information sur la direction de $p_{\text{data}}$, $\theta$ ne bouge pas, quelle que soit sa
# distance à 0. La perte ne « voit » que si les supports se touchent, pas à quelle distance ils
# sont. Avec $W$, $\partial W / \partial \theta = \operatorname{sign}(\theta)$ : un pas de
# descente $\theta \leftarrow \theta - \eta \operatorname{sign}(\theta)$ rapproche toujours
# $p_g$ de $p_{\text{data}}$, et $W$ mesure la distance restante. Dans un GAN réel, les
# distributions des données et du générateur vivent sur des variétés de faible dimension qui,
# en général, ne se chevauchent pas : la JSD y est (presque) constante égale à $\ln 2$, le
# discriminateur optimal sépare parfaitement les deux et le générateur reçoit un gradient nul
# (saturation, instabilité) ; la distance de Wasserstein, via le critique 1-lipschitzien du
# WGAN (dualité de Kantorovich-Rubinstein), continue de fournir un gradient qui indique
# comment déplacer la masse.
