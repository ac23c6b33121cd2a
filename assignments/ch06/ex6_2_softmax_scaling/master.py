# %% [markdown]
# # Exercice 6.2 (⋆⋆) — Propriétés du softmax et facteur d'échelle $1/\sqrt{d_k}$
#
# L'attention par produit scalaire mis à l'échelle (équation 6.9 du cours) calcule
# $\operatorname{softmax}\big(QK^\top/\sqrt{d_k}\big)\,V$. Le **théorème 6.3** justifie le
# facteur $1/\sqrt{d_k}$ : si $q, k \in \mathbb{R}^{d_k}$ ont des composantes i.i.d. de
# moyenne 0 et de variance 1, alors
#
# $$\mathbb{E}[q^\top k] = 0, \qquad \operatorname{Var}(q^\top k) = d_k, \qquad
# \operatorname{Var}\Big(\frac{q^\top k}{\sqrt{d_k}}\Big) = 1 .$$
#
# Sans ce facteur, les scores ont un écart-type $\sqrt{d_k}$ : pour de grandes dimensions le
# softmax **sature** (sa sortie devient presque *one-hot*) et son gradient
# $\partial \operatorname{softmax}/\partial z$ devient quasi nul.
#
# On vérifie ici ces faits expérimentalement : la variance des scores est proportionnelle à
# $d_k$ (questions 1 et 2), l'entropie du softmax s'effondre quand $\lVert z \rVert$ grandit
# (question 3), la jacobienne du softmax s'annule quand $d_k$ grandit sans facteur d'échelle
# (question 4). La démonstration du théorème (question 5) et l'interprétation des graphiques
# (question 6) sont rédigées et corrigées à la main.
#
# **Conventions (valables pour tout l'exercice).**
#
# - Les fonctions aléatoires reçoivent un `torch.Generator` nommé `generateur` et tirent
#   **uniquement** avec lui (`torch.randn(..., generator=generateur)`) : même état du
#   générateur ⇒ même résultat ; le générateur global de PyTorch n'est ni utilisé ni
#   réinitialisé.
# - Les composantes des requêtes $q$ et des clés $k$ sont i.i.d. de loi normale
#   $\mathcal N(0, 1)$.
# - Le softmax porte sur la **dernière** dimension :
#   $p = \operatorname{softmax}(z)$, $p_i = e^{z_i} / \sum_j e^{z_j}$.
# - Les vérifications des fonctions aléatoires sont **statistiques** : la correction calcule
#   l'écart-type exact (ou estimé sur un grand échantillon) de la quantité mesurée et accepte
#   un écart d'au plus 5 écarts-types. Une solution juste n'échoue qu'avec une probabilité de
#   l'ordre de $10^{-6}$.

# %%
import math

import matplotlib.pyplot as plt
import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 (tirer des scores).** Écrire `scores(n, d_k, generateur, echelle=False)` qui
# tire $n$ paires **indépendantes** $(q, k)$ de vecteurs de $\mathbb{R}^{d_k}$ à composantes
# i.i.d. $\mathcal N(0, 1)$ (avec `generateur`) et renvoie le tenseur `torch.float64` de forme
# `(n,)` de leurs produits scalaires $q^\top k$, un par paire, **divisés par $\sqrt{d_k}$ si
# `echelle` est vrai** (par défaut, `echelle=False` : scores non mis à l'échelle).
#
# *Ce que vérifie la correction.* La forme et le type ; les moments ($\mathbb{E}[s] = 0$,
# $\mathbb{E}[s^2] = d_k$, ou 1 avec `echelle`) ; la **loi** exacte dans de petits cas : pour
# $d_k = 2$, $q^\top k = q_1 k_1 + q_2 k_2$ suit une loi de Laplace de densité
# $e^{-|x|}/2$ (sa fonction caractéristique est $(1 + t^2)^{-1}$), ce qui distingue des paires
# indépendantes d'une requête réutilisée ; et l'usage du seul générateur reçu.

# %%
def scores(n: int, d_k: int, generateur: torch.Generator, echelle: bool = False) -> torch.Tensor:
    """n produits scalaires qᵀk de paires indépendantes, composantes N(0, 1) ; / √d_k si echelle."""
    # BEGIN SOLUTION
    q = torch.randn(n, d_k, generator=generateur, dtype=torch.float64)
    k = torch.randn(n, d_k, generator=generateur, dtype=torch.float64)
    s = (q * k).sum(dim=1)
    if echelle:
        s = s / math.sqrt(d_k)
    return s
    # END SOLUTION


# %% [markdown]
# La cellule suivante trace la distribution des scores pour $d_k \in \{16, 64, 256, 1024\}$,
# sans puis avec le facteur d'échelle.

# %%
dims_cours = [16, 64, 256, 1024]
_g = torch.Generator().manual_seed(0)
fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
for _d in dims_cours:
    for _ax, _echelle in zip(axes, (False, True), strict=True):
        _s = scores(4000, _d, _g, echelle=_echelle)
        _ax.hist(_s.numpy(), bins=60, density=True, histtype="step", label=f"$d_k$ = {_d}")
axes[0].set_title("$q^\\top k$")
axes[1].set_title("$q^\\top k / \\sqrt{d_k}$")
axes[1].legend()
plt.show()
plt.close(fig)

# %%
@helper
def tirer(f, nom, graine, args, echelle=False):
    """f(*args, generateur), ou f(*args, generateur, echelle=True), avec generateur =
    torch.Generator().manual_seed(graine), exécuté là où vit f (un générateur ne traverse pas
    la frontière du bac à sable) ; sans echelle, la valeur par défaut de f est éprouvée."""
    @C.probe
    def avec_graine(f, graine, args, kwargs):
        return f(*args, torch.Generator().manual_seed(graine), **kwargs)

    kwargs = {"echelle": True} if echelle else {}
    return C.call(avec_graine, C.require(f, nom), graine, list(args), kwargs, name=nom)


@helper
def libelle(nom, args, echelle=False):
    """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
    return f"{nom}({', '.join(map(str, args))}, generateur{', echelle=True' if echelle else ''})"


@helper
def moments(d_k, echelle):
    """(σ², μ₄) de s = qᵀk (ou qᵀk/√d_k) : E[s²] = d_k et E[s⁴] = 3d_k² + 6d_k pour des
    composantes N(0, 1) (E[(q_i k_i)⁴] = 9, termes croisés 3d_k(d_k − 1))."""
    sigma2, mu4 = float(d_k), 3.0 * d_k * d_k + 6.0 * d_k
    if echelle:
        return 1.0, mu4 / d_k**2
    return sigma2, mu4


@check
def scores_exemple(scores):
    n, d = 2000, 16
    for graine, echelle in ((0, False), (1, True)):
        nom = libelle("scores", (n, d), echelle)
        s = C.as_tensor(tirer(scores, "scores", graine, (n, d), echelle), nom)
        C.expect_shape(s, (n,), name=nom, hint="un score par paire : forme (n,).")
        C.expect_dtype(s, torch.float64, name=nom,
                       hint="tirez en float64 (dtype=torch.float64).")
        sigma2, mu4 = moments(d, echelle)
        m2, tol = float((s**2).mean()), 5 * math.sqrt((mu4 - sigma2**2) / n)
        C.expect(abs(m2 - sigma2) <= tol,
                 f"`{nom}` : la moyenne des carrés des scores vaut {m2:.3f}, attendu "
                 f"{sigma2:g} ± {tol:.3f} (5 écarts-types).",
                 hint="qᵀk = Σ_i q_i k_i (une somme, pas une moyenne) ; avec echelle, divisez "
                      "par √d_k (math.sqrt(d_k)), pas par d_k.")


@helper
def probabilites_intervalles(bords, survie):
    """P(X dans chaque intervalle délimité par `bords`) pour une loi symétrique de fonction de
    survie `survie(x) = P(X > x)`, x ≥ 0 (len(bords) + 1 intervalles)."""
    def repartition(x):
        return 1.0 - survie(x) if x >= 0 else survie(-x)

    cdf = [0.0] + [repartition(float(b)) for b in bords] + [1.0]
    return torch.tensor([b - a for a, b in zip(cdf[:-1], cdf[1:], strict=True)],
                        dtype=torch.float64)


@check(hidden=True)
def scores_loi_exacte(scores):
    # d_k = 2 : qᵀk ~ Laplace(0, 1), P(X > x) = e^−x / 2 ; d_k = 4 : somme de deux Laplace
    # indépendantes, P(X > x) = (2 + x) e^−x / 4, donc P(X/2 > y) = (2 + 2y) e^−2y / 4
    n = 20000
    bords = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0], dtype=torch.float64)
    cas = ((2, False, lambda x: math.exp(-x) / 2, bords),
           (4, True, lambda x: (2 + 2 * x) * math.exp(-2 * x) / 4, bords / 2))
    for graine, (d, echelle, survie, b) in enumerate(cas):
        nom = libelle("scores", (n, d), echelle)
        s = C.as_tensor(tirer(scores, "scores", 20 + graine, (n, d), echelle), nom)
        C.expect_shape(s, (n,), name=nom)
        C.expect_frequencies(torch.bucketize(s.to(torch.float64), b),
                             probabilites_intervalles(b, survie),
                             name=f"répartition des valeurs de {nom}",
                             hint="tirez n paires (q, k) indépendantes (une requête par paire, "
                                  "pas une seule requête réutilisée), composantes N(0, 1) "
                                  "(torch.randn), et sommez les produits q_i k_i.")


@check(hidden=True)
def scores_moments(scores):
    # E[s] = 0 et E[s²] = σ² ; écart-types exacts des moyennes : √(σ²/n) et √((μ₄ − σ⁴)/n)
    for graine, (n, d, echelle) in enumerate(((20000, 1, False), (10000, 64, False),
                                              (8000, 256, False), (10000, 64, True),
                                              (8000, 256, True))):
        nom = libelle("scores", (n, d), echelle)
        s = C.as_tensor(tirer(scores, "scores", 30 + graine, (n, d), echelle), nom)
        C.expect_shape(s, (n,), name=nom)
        sigma2, mu4 = moments(d, echelle)
        s = s.to(torch.float64)
        C.expect(abs(float(s.mean())) <= 5 * math.sqrt(sigma2 / n),
                 f"Les valeurs de `{nom}` ne sont pas centrées.",
                 hint="composantes de loi N(0, 1) (torch.randn), pas uniformes (torch.rand).")
        C.expect(abs(float((s**2).mean()) - sigma2) <= 5 * math.sqrt((mu4 - sigma2**2) / n),
                 f"Le second moment de `{nom}` s'écarte de "
                 f"{'1' if echelle else 'd_k'} de plus de 5 écarts-types.",
                 hint="qᵀk = Σ_i q_i k_i (somme sur les d_k composantes) ; avec echelle=True, "
                      "divisez par √d_k ; sans echelle (défaut), ne divisez pas.")


@check(hidden=True)
def scores_generateur(scores):
    for kwargs in ({}, {"echelle": True}):
        s = C.expect_generator_obeyed(scores, 50, 8, name="scores", keyword="generateur",
                                      **kwargs)
        C.expect_shape(s, (50,), name="scores(50, 8, generateur=g)")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (la variance est proportionnelle à $d_k$).** Écrire
#
# - `variance_empirique(x)` : la variance empirique **sans biais**
#   $\frac{1}{n - 1} \sum_{i=1}^{n} (x_i - \bar x)^2$ d'un tenseur 1-D `x` de $n \ge 2$
#   valeurs (`float32` ou `float64`), renvoyée en **flottant Python**, sans modifier `x` ;
# - `variances_scores(dims, n, generateur, echelle=False)` : pour chaque $d_k$ de la liste
#   d'entiers `dims`, **dans cet ordre**, la variance empirique (au sens de
#   `variance_empirique`) de $n$ scores `scores(n, d_k, generateur, echelle)` ; renvoie un
#   tenseur `torch.float64` de forme `(len(dims),)` ; tous les tirages utilisent
#   `generateur` ;
# - `pente_proportionnelle(dims, variances)` : le coefficient $a$ de l'ajustement
#   **proportionnel** $v \approx a\,d$ (droite passant par l'origine) au sens des moindres
#   carrés, $a = \arg\min_a \sum_i (v_i - a\,d_i)^2$ ; `dims` est une liste d'entiers,
#   `variances` un tenseur 1-D ou une liste de flottants de même longueur ; renvoie un
#   flottant Python.
#
# D'après le théorème 6.3, on attend $a \approx 1$ sans facteur d'échelle, et des variances
# toutes proches de 1 avec.
#
# *Tolérance de la correction.* Pour $n$ scores i.i.d. de variance $\sigma^2$ et de moment
# d'ordre 4 $\mu_4$ ($\sigma^2 = d_k$ et $\mu_4 = 3d_k^2 + 6d_k$ ici), l'estimateur sans biais
# $s^2$ a pour variance $\mu_4/n - \sigma^4 (n-3)/(n(n-1))$ ; la correction accepte un écart
# de 5 de ces écarts-types à $\sigma^2$, et fait aussi la moyenne de nombreuses estimations sur
# de très petits échantillons, où un estimateur biaisé (division par $n$) se voit.

# %%
def variance_empirique(x: torch.Tensor) -> float:
    """Variance empirique sans biais (division par n − 1) d'un tenseur 1-D."""
    # BEGIN SOLUTION
    return float(x.var())
    # END SOLUTION


def variances_scores(dims: list[int], n: int, generateur: torch.Generator,
                     echelle: bool = False) -> torch.Tensor:
    """[variance_empirique(scores(n, d, generateur, echelle)) pour d dans dims] (float64)."""
    # BEGIN SOLUTION
    return torch.tensor([variance_empirique(scores(n, d, generateur, echelle)) for d in dims],
                        dtype=torch.float64)
    # END SOLUTION


def pente_proportionnelle(dims: list[int], variances) -> float:
    """Coefficient a des moindres carrés de v ≈ a·d (droite passant par l'origine)."""
    # BEGIN SOLUTION
    v = [float(x) for x in variances]
    return sum(d * x for d, x in zip(dims, v, strict=True)) / sum(d * d for d in dims)
    # END SOLUTION


# %%
_variances = variances_scores(dims_cours, 4000, torch.Generator().manual_seed(1))
_variances_echelle = variances_scores(dims_cours, 4000, torch.Generator().manual_seed(2),
                                      echelle=True)
for _d, _v, _w in zip(dims_cours, _variances.tolist(), _variances_echelle.tolist(),
                      strict=True):
    print(f"d_k = {_d:5d} : Var(qᵀk) = {_v:8.2f}   Var(qᵀk/√d_k) = {_w:.3f}")
print("pente de l'ajustement proportionnel :", pente_proportionnelle(dims_cours, _variances))
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.loglog(dims_cours, _variances.numpy(), "o", label="sans facteur d'échelle")
ax.loglog(dims_cours, _variances_echelle.numpy(), "s", label="avec $1/\\sqrt{d_k}$")
ax.loglog(dims_cours, dims_cours, "k--", lw=0.8, label="$d_k$")
ax.set_xlabel("$d_k$")
ax.set_ylabel("variance empirique")
ax.legend()
plt.show()
plt.close(fig)

# %%
@helper
def ecart_type_variance(d_k, n, echelle):
    """(σ², écart-type de l'estimateur sans biais s² sur n scores i.i.d.)."""
    sigma2, mu4 = moments(d_k, echelle)
    return sigma2, math.sqrt(mu4 / n - sigma2**2 * (n - 3) / (n * (n - 1)))


@check
def variance_et_pente_exemple(variance_empirique, pente_proportionnelle):
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
    v = C.call(variance_empirique, x, name="variance_empirique")
    C.expect(isinstance(v, float),
             "`variance_empirique` doit renvoyer un flottant Python (pas un tenseur).",
             hint="convertissez avec float(...) ou .item().")
    C.expect_scalar_close(v, 5.0 / 3.0, name="variance_empirique([1, 2, 3, 4])", reveal=True,
                          hint="estimateur sans biais : divisez par n − 1, pas par n.")
    dims = [16, 64, 256, 1024]
    a = C.call(pente_proportionnelle, dims, 1.5 * torch.tensor(dims, dtype=torch.float64),
               name="pente_proportionnelle")
    C.expect_scalar_close(a, 1.5, name="pente_proportionnelle(dims, 1.5 · dims)", reveal=True,
                          hint="a = Σ d_i v_i / Σ d_i².")


@check(hidden=True)
def variance_empirique_valeurs(variance_empirique):
    g = torch.Generator().manual_seed(40)
    x = 3.0 + 2.0 * torch.randn(37, generator=g, dtype=torch.float64)
    cas = {"un échantillon de 37 valeurs (float64)": (x, float(x.var()), 1e-10),
           "deux valeurs": (torch.tensor([2.0, 5.0], dtype=torch.float64), 4.5, 1e-12),
           "des valeurs constantes": (torch.full((6,), 7.25, dtype=torch.float64), 0.0, 1e-12),
           "un échantillon en float32": (x.float(), float(x.float().double().var()), 1e-5)}
    for quoi, (valeurs, attendu, rtol) in cas.items():
        got = C.expect_unchanged(variance_empirique, valeurs.clone(), name="variance_empirique",
                                 hint="calculez sur une copie (x - x.mean()), sans opération "
                                      "en place sur x.")
        C.expect(isinstance(got, float),
                 "`variance_empirique` doit renvoyer un flottant Python (pas un tenseur).",
                 hint="convertissez avec float(...) ou .item().")
        C.expect_scalar_close(got, attendu, name=f"variance_empirique pour {quoi}", rtol=rtol,
                              atol=1e-12,
                              hint="(1/(n − 1)) Σ (x_i − x̄)² : estimateur sans biais, centré "
                                   "sur la moyenne empirique x̄.")


@check(hidden=True)
def variances_proportionnelles(variances_scores):
    n = 6000
    for graine, dims, echelle in ((61, [256, 1, 16, 64], False), (62, [4, 128, 32], True)):
        nom = libelle("variances_scores", (dims, n), echelle)
        v = C.as_tensor(tirer(variances_scores, "variances_scores", graine, (dims, n), echelle),
                        nom)
        C.expect_shape(v, (len(dims),), name=nom, hint="une variance par élément de dims.")
        C.expect_dtype(v, torch.float64, name=nom)
        for d, got in zip(dims, v.tolist(), strict=True):
            attendu, sd = ecart_type_variance(d, n, echelle)
            C.expect(abs(got - attendu) <= 5 * sd,
                     f"`variances_scores` : pour d_k = {d}"
                     f"{' avec echelle' if echelle else ''}, la variance s'écarte de plus de 5 "
                     "écarts-types de la valeur du théorème 6.3.",
                     hint="une variance par d_k de dims, dans l'ordre de dims, chacune sur n "
                          "scores tirés par scores(n, d_k, generateur, echelle).")


@check(hidden=True)
def variances_sans_biais(variances_scores):
    # 1500 estimations sur n = 2 scores : E[s²] = d_k exactement pour l'estimateur sans biais,
    # d_k / 2 en divisant par n ; écart-type de la moyenne √(Var(s²)/1500)
    dims, n, d = [4] * 1500, 2, 4
    v = C.as_tensor(tirer(variances_scores, "variances_scores", 70, (dims, n)),
                    "variances_scores([4] * 1500, 2, generateur)")
    C.expect_shape(v, (len(dims),), name="variances_scores([4] * 1500, 2, generateur)")
    attendu, sd = ecart_type_variance(d, n, False)
    C.expect(abs(float(v.double().mean()) - attendu) <= 5 * sd / math.sqrt(len(dims)),
             "`variances_scores` : sur de très petits échantillons (n = 2), la moyenne des "
             "variances estimées est loin de d_k : l'estimateur est biaisé.",
             hint="utilisez variance_empirique (division par n − 1), ou torch.var (sans biais "
                  "par défaut), pas np.var (qui divise par n).")


@check(hidden=True)
def variances_generateur(variances_scores):
    for kwargs in ({}, {"echelle": True}):
        v = C.expect_generator_obeyed(variances_scores, [2, 8, 1], 40, name="variances_scores",
                                      keyword="generateur", **kwargs)
        C.expect_shape(v, (3,), name="variances_scores([2, 8, 1], 40, generateur=g)")


@check(hidden=True)
def pente_moindres_carres(pente_proportionnelle):
    cas = [([1, 2, 3], [2.0, 3.0, 7.0]), ([16, 64, 256, 1024], [17.1, 60.2, 270.5, 990.0]),
           ([5], [12.5]), ([3, 1, 2], [0.9, 1.2, 2.2])]
    for dims, variances in cas:
        attendu = sum(d * v for d, v in zip(dims, variances, strict=True)) \
            / sum(d * d for d in dims)
        for forme, valeurs in (("tenseur", torch.tensor(variances, dtype=torch.float64)),
                               ("liste", list(variances))):
            got = C.call(pente_proportionnelle, list(dims), valeurs,
                         name="pente_proportionnelle")
            C.expect(isinstance(got, float),
                     "`pente_proportionnelle` doit renvoyer un flottant Python.",
                     hint="convertissez avec float(...).")
            C.expect_scalar_close(got, attendu,
                                  name=f"pente_proportionnelle (variances en {forme})",
                                  rtol=1e-10, atol=1e-12,
                                  hint="ajustement proportionnel, sans ordonnée à l'origine : "
                                       "a = Σ d_i v_i / Σ d_i² (ni np.polyfit de degré 1, ni "
                                       "moyenne des rapports v_i / d_i).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 (entropie du softmax et saturation).** Écrire `entropie_softmax(z)` qui
# renvoie l'entropie, en logarithme **népérien**, $H(p) = -\sum_i p_i \ln p_i$ de
# $p = \operatorname{softmax}(z)$ calculé sur la dernière dimension (convention
# $0 \ln 0 = 0$) : pour `z` de forme `(..., n)`, un tenseur de forme `(...)` (de forme `()`
# pour un vecteur), **du même type que `z`**, sans modifier `z`.
#
# On a $H = \ln n$ pour un $z$ constant et $H \to 0$ quand un score domine tous les autres
# ($H \to \ln r$ si $r$ scores se partagent le maximum). La fonction doit rester juste, sans
# `nan` ni `inf`, pour des scores très grands en valeur absolue (jusqu'à $|z_i| = 10^4$, en
# `float32` comme en `float64`) : passez par $\ln p_i = z_i - \ln \sum_j e^{z_j}$
# (`torch.log_softmax` ou `torch.logsumexp`). La tolérance de la correction pour ces
# grands scores en `float32` est de l'ordre de $10^{-3}$ (l'arrondi de $10^4$ en `float32`).

# %%
def entropie_softmax(z: torch.Tensor) -> torch.Tensor:
    """H(softmax(z)) = −Σ p_i ln p_i sur la dernière dimension, stable pour de grands z."""
    # BEGIN SOLUTION
    log_p = torch.log_softmax(z, dim=-1)
    return -(log_p.exp() * log_p).sum(dim=-1)
    # END SOLUTION


# %% [markdown]
# La cellule suivante trace l'entropie de $\operatorname{softmax}(r\,u)$ pour une direction
# fixe $u$ de norme 1 dans $\mathbb{R}^{16}$, en fonction de $r = \lVert z \rVert$.

# %%
_u = torch.randn(16, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
_u = _u / _u.norm()
_normes = torch.linspace(0, 60, 121, dtype=torch.float64)
_H = entropie_softmax(_normes[:, None] * _u)
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.plot(_normes.numpy(), _H.numpy())
ax.axhline(math.log(16), color="k", ls="--", lw=0.8, label="$\\ln 16$")
ax.set_xlabel("$\\|z\\|$")
ax.set_ylabel("$H(\\mathrm{softmax}(z))$")
ax.legend()
plt.show()
plt.close(fig)

# %%
@check
def entropie_exemple(entropie_softmax):
    nom = "entropie_softmax(torch.zeros(2, 5))"
    H = C.as_tensor(C.call(entropie_softmax, torch.zeros(2, 5, dtype=torch.float64),
                           name="entropie_softmax"), nom)
    C.expect_shape(H, (2,), name=nom, hint="une entropie par ligne : la somme porte sur la "
                                           "dernière dimension.")
    C.expect_close(H, torch.full((2,), math.log(5), dtype=torch.float64), name=nom,
                   reveal=True, hint="softmax uniforme : H = ln n (logarithme népérien).")
    nom = "entropie_softmax(torch.tensor([1000., 0., 0., 0.]))"
    H = C.as_tensor(C.call(entropie_softmax, torch.tensor([1000.0, 0.0, 0.0, 0.0],
                                                          dtype=torch.float64),
                           name="entropie_softmax"), nom)
    C.expect_shape(H, (), name=nom)
    C.expect_close(H, torch.tensor(0.0, dtype=torch.float64), name=nom, rtol=0.0, atol=1e-9,
                   reveal=True, hint="exp(1000) déborde : passez par torch.log_softmax, et "
                                     "0 · ln 0 = 0.")


@check(hidden=True)
def entropie_contre_oracle(entropie_softmax):
    g = torch.Generator().manual_seed(80)
    for forme, echelle in (((3, 4, 6), 1.0), ((5, 7), 8.0), ((9,), 3.0), ((2, 3), 60.0)):
        z = echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        nom = f"entropie_softmax(z) pour z de forme {forme}"
        H = C.as_tensor(C.call(entropie_softmax, z.clone(), name="entropie_softmax"), nom)
        C.expect_shape(H, forme[:-1], name=nom,
                       hint="une entropie par vecteur de la dernière dimension.")
        attendu = torch.distributions.Categorical(logits=z).entropy()
        C.expect_close(H, attendu, name=nom, rtol=1e-9, atol=1e-12,
                       hint="H = −Σ p_i ln p_i avec p = softmax(z) sur la dernière dimension "
                            "(dim=-1), logarithme népérien.")


@check(hidden=True)
def entropie_cas_exacts(entropie_softmax):
    # closed forms: constant rows → ln n, r tied maxima far above the rest → ln r,
    # two scores (t, 0) → binary entropy of σ(t)
    t = torch.tensor([0.5, 3.0, 20.0], dtype=torch.float64)
    p = torch.sigmoid(t)
    cas = {
        "des lignes constantes": (torch.tensor([[1e4] * 5, [-3.0] * 5]), [math.log(5)] * 2),
        "un maximum partagé par 2 ou 3 scores":
            (torch.tensor([[1e4, 1e4, 0.0, -1e4], [50.0, 50.0, 50.0, -900.0]]),
             [math.log(2), math.log(3)]),
        "deux scores (t, 0)": (torch.stack([t, torch.zeros(3, dtype=torch.float64)], dim=1),
                               (-(p * p.log() + (1 - p) * (1 - p).log())).tolist()),
    }
    for quoi, (z, attendu) in cas.items():
        nom = f"entropie_softmax pour {quoi}"
        H = C.as_tensor(C.call(entropie_softmax, z.to(torch.float64), name="entropie_softmax"),
                        nom)
        C.expect_close(H, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=1e-9,
                       atol=1e-9, hint="H = ln n pour un softmax uniforme, ln r pour r maxima "
                                       "à égalité loin au-dessus des autres ; calculez ln p "
                                       "par torch.log_softmax pour éviter exp(10⁴) = inf.")


@check(hidden=True)
def entropie_float32_et_argument(entropie_softmax):
    z = torch.tensor([[1e4, 0.0, -1e4], [5e3, 5e3, 0.0], [-1e4, -1e4, -1e4], [0.3, -0.2, 1.1]],
                     dtype=torch.float64)
    # copies: in-process (pytest, mutate), an in-place change would reach this z
    H64, H32 = C.expect_dtype_kept(entropie_softmax, z.clone(), name="entropie_softmax",
                                   hint="n'imposez pas de type : calculez dans celui de z.")
    p = torch.softmax(torch.tensor([0.3, -0.2, 1.1], dtype=torch.float64), dim=0)
    attendu = torch.tensor([0.0, math.log(2), math.log(3), float(-(p * p.log()).sum())],
                           dtype=torch.float64)
    C.expect_close(H64, attendu, name="entropie_softmax sur de grands scores (float64)",
                   rtol=1e-9, atol=1e-9, hint="passez par log_softmax : exp(10⁴) vaut inf.")
    C.expect_close(H32, attendu, name="entropie_softmax sur de grands scores (float32)",
                   rtol=1e-3, atol=5e-3, hint="passez par log_softmax : exp(10⁴) vaut inf, et "
                                              "0 · ln 0 doit valoir 0 (pas nan).")
    C.expect_unchanged(entropie_softmax, z.clone(), name="entropie_softmax",
                       hint="pas d'opération en place sur z (z -= z.max() modifie le tenseur "
                            "de l'appelant) : z - z.max(...) crée un nouveau tenseur.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 4

# %% [markdown]
# **Question 4 (le gradient du softmax s'annule sans facteur d'échelle).** Écrire
#
# - `jacobienne_softmax(z)` : la jacobienne $J = \partial p / \partial z$ de
#   $p = \operatorname{softmax}(z)$, d'entrées $J_{ij} = \partial p_i / \partial z_j =
#   p_i(\delta_{ij} - p_j)$, c'est-à-dire $J = \operatorname{diag}(p) - p\,p^\top$. Pour `z`
#   de forme `(..., n)`, elle renvoie un tenseur de forme `(..., n, n)` (une jacobienne par
#   vecteur de scores), **du même type que `z`**, sans modifier `z`, sans `nan` pour de grands
#   scores, et **sans autograd** (ni `backward`, ni `torch.autograd`, ni `torch.func`) :
#   directement à partir de la formule ;
# - `norme_gradient(d_k, m, n_tirages, generateur, echelle=False)` : la moyenne, sur
#   `n_tirages` tirages indépendants, de la **norme de Frobenius** $\lVert J(z) \rVert_F$
#   (`torch.linalg.matrix_norm`, norme par défaut), où $z \in \mathbb{R}^m$ est la ligne de
#   scores d'**une** requête $q$ contre $m$ clés $k_1, \dots, k_m$ : $z_j = q^\top k_j$,
#   divisé par $\sqrt{d_k}$ si `echelle` est vrai ; $q, k_1, \dots, k_m$ sont indépendants, de
#   composantes i.i.d. $\mathcal N(0, 1)$ tirées avec `generateur` (une nouvelle requête et
#   de nouvelles clés à chaque tirage). Renvoie un flottant Python.
#
# *Tolérance de la correction.* La correction estime la même moyenne sur un grand échantillon
# indépendant et accepte un écart de 5 écarts-types de la différence des deux moyennes.

# %%
def jacobienne_softmax(z: torch.Tensor) -> torch.Tensor:
    """J = diag(p) − p pᵀ pour p = softmax(z) (dernière dimension), forme (..., n, n)."""
    # BEGIN SOLUTION
    p = torch.softmax(z, dim=-1)
    return torch.diag_embed(p) - p.unsqueeze(-1) * p.unsqueeze(-2)
    # END SOLUTION


def norme_gradient(d_k: int, m: int, n_tirages: int, generateur: torch.Generator,
                   echelle: bool = False) -> float:
    """Moyenne de ‖∂softmax/∂z‖_F pour z_j = qᵀk_j (j = 1..m), sur n_tirages tirages."""
    # BEGIN SOLUTION
    q = torch.randn(n_tirages, 1, d_k, generator=generateur, dtype=torch.float64)
    k = torch.randn(n_tirages, m, d_k, generator=generateur, dtype=torch.float64)
    z = (q * k).sum(dim=-1)  # (n_tirages, m)
    if echelle:
        z = z / math.sqrt(d_k)
    return float(torch.linalg.matrix_norm(jacobienne_softmax(z)).mean())
    # END SOLUTION


# %% [markdown]
# La cellule suivante trace la norme moyenne de la jacobienne en fonction de $d_k$, pour une
# requête contre $m = 10$ clés, sans et avec le facteur d'échelle.

# %%
_dims = [1, 4, 16, 64, 256, 1024]
_sans = [norme_gradient(d, 10, 300, torch.Generator().manual_seed(d)) for d in _dims]
_avec = [norme_gradient(d, 10, 300, torch.Generator().manual_seed(d), echelle=True)
         for d in _dims]
fig, ax = plt.subplots(figsize=(5, 3.5))
ax.loglog(_dims, _sans, "o-", label="$z = q^\\top k$")
ax.loglog(_dims, _avec, "s-", label="$z = q^\\top k / \\sqrt{d_k}$")
ax.set_xlabel("$d_k$")
ax.set_ylabel("$E\\,\\|\\partial\\,\\mathrm{softmax} / \\partial z\\|_F$")
ax.legend()
plt.show()
plt.close(fig)

# %%
@helper
def jacobienne_autograd(z):
    """∂softmax(z)/∂z par autograd, en float64, pour z de forme (..., n) : (..., n, n)."""
    z = z.detach().to(torch.float64)
    lignes = z.reshape(-1, z.shape[-1])
    J = torch.stack([torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), v)
                     for v in lignes])
    return J.reshape(*z.shape, z.shape[-1])


@check
def jacobienne_exemple(jacobienne_softmax):
    nom = "jacobienne_softmax(torch.zeros(3))"
    J = C.as_tensor(C.call(jacobienne_softmax, torch.zeros(3, dtype=torch.float64),
                           name="jacobienne_softmax"), nom)
    C.expect_shape(J, (3, 3), name=nom, hint="pour z de forme (n,), J est de forme (n, n).")
    C.expect_close(J, jacobienne_autograd(torch.zeros(3)), name=nom, reveal=True,
                   hint="J = diag(p) − p pᵀ : ici p = (1/3, 1/3, 1/3).")


@check(hidden=True)
def jacobienne_contre_autograd(jacobienne_softmax):
    g = torch.Generator().manual_seed(90)
    for forme, echelle in (((5,), 2.0), ((2, 3, 4), 3.0), ((4, 6), 0.5), ((1, 7), 15.0)):
        z = echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        nom = f"jacobienne_softmax(z) pour z de forme {forme}"
        J = C.as_tensor(C.call(jacobienne_softmax, z.clone(), name="jacobienne_softmax"), nom)
        C.expect_shape(J, (*forme, forme[-1]), name=nom,
                       hint="une matrice (n, n) par vecteur de scores : forme (..., n, n).")
        C.expect_close(J, jacobienne_autograd(z), name=nom, rtol=1e-9, atol=1e-12,
                       hint="J_ij = p_i (δ_ij − p_j) avec p = softmax(z) sur la dernière "
                            "dimension : diag(p) − p pᵀ (signe moins, produit extérieur "
                            "p_i p_j).")


@check(hidden=True)
def jacobienne_stable_type_argument(jacobienne_softmax):
    z = torch.tensor([[1e4, 0.0, -1e4], [1e4, 1e4, 0.0], [0.2, -0.7, 0.4]], dtype=torch.float64)
    J64, J32 = C.expect_dtype_kept(jacobienne_softmax, z.clone(), name="jacobienne_softmax",
                                   hint="n'imposez pas de type : calculez dans celui de z.")
    attendu = jacobienne_autograd(z)
    C.expect_close(J64, attendu, name="jacobienne_softmax sur de grands scores (float64)",
                   rtol=1e-9, atol=1e-12, hint="calculez p par torch.softmax (stable), pas "
                                               "par exp(z) / Σ exp(z) : exp(10⁴) vaut inf.")
    C.expect_close(J32, attendu, name="jacobienne_softmax sur de grands scores (float32)",
                   rtol=1e-4, atol=1e-6, hint="calculez p par torch.softmax (stable).")
    C.expect_unchanged(jacobienne_softmax, z.clone(), name="jacobienne_softmax",
                       hint="pas d'opération en place sur z.")


@check(hidden=True)
def jacobienne_sans_autograd(jacobienne_softmax):
    z = 2.0 * torch.randn(3, 5, generator=torch.Generator().manual_seed(91),
                          dtype=torch.float64)

    # under inference_mode no graph can be recorded (torch.enable_grad cannot undo it)
    @C.probe
    def sans_graphe(z):
        with torch.inference_mode():
            out = jacobienne_softmax(z)
        return out.clone() if isinstance(out, torch.Tensor) else out

    sans = ("`jacobienne_softmax` doit appliquer la formule diag(p) − p pᵀ, sans autograd (ni "
            "`backward`, ni `torch.autograd`, ni `torch.func`).")
    try:
        J = C.call(sans_graphe, z.clone(), name="jacobienne_softmax")
    except C.CheckFailure as exc:
        raise C.CheckFailure(sans, exc.details or [exc.summary],
                             hint="p = softmax(z), puis diag(p) − p pᵀ : aucun graphe de "
                                  "calcul n'est nécessaire.") from None
    C.expect_close(J, jacobienne_autograd(z), name="jacobienne_softmax(z) sans graphe de calcul",
                   rtol=1e-9, atol=1e-12)
    C.expect_not_using(jacobienne_softmax, {"backward", "autograd", "jacrev", "jacfwd", "vjp",
                                            "jvp", "hessian", "requires_grad_"},
                       name="jacobienne_softmax", hint=sans)


@helper
def norme_attendue(d_k, m, echelle, graine, n=40000):
    """(moyenne, écart-type, n) de ‖diag(p) − p pᵀ‖_F sur n tirages indépendants de l'oracle.
    Sachant q, les z_j = qᵀk_j sont i.i.d. N(0, ‖q‖²) : z = ‖q‖ · N(0, I_m), ‖q‖² tiré comme
    une somme de d_k carrés ; ‖J‖_F² = Σp² − 2Σp³ + (Σp²)² (forme close)."""
    g = torch.Generator().manual_seed(graine)
    r = torch.randn(n, d_k, generator=g, dtype=torch.float64).pow(2).sum(dim=1).sqrt()
    z = r[:, None] * torch.randn(n, m, generator=g, dtype=torch.float64)
    if echelle:
        z = z / math.sqrt(d_k)
    p = torch.softmax(z, dim=1)
    s2 = (p**2).sum(dim=1)
    y = (s2 - 2 * (p**3).sum(dim=1) + s2**2).clamp_min(0.0).sqrt()
    return float(y.mean()), float(y.std()), n


@helper
def comparer_norme(norme_gradient, d_k, m, n_tirages, echelle, graine, reveler):
    """norme_gradient(d_k, m, n_tirages, g[, echelle=True]) contre la moyenne de l'oracle, à
    5 écarts-types de la différence de deux moyennes indépendantes."""
    texte = libelle("norme_gradient", (d_k, m, n_tirages), echelle)
    got = tirer(norme_gradient, "norme_gradient", graine, (d_k, m, n_tirages), echelle)
    C.expect(isinstance(got, float),
             "`norme_gradient` doit renvoyer un flottant Python (pas un tenseur).",
             hint="convertissez la moyenne avec float(...) ou .item().")
    moyenne, sd, n = norme_attendue(d_k, m, echelle, 1000 + graine)
    tol = 5 * sd * math.sqrt(1 / n_tirages + 1 / n)
    if abs(got - moyenne) > tol:
        attendue = f" (attendu {moyenne:.4f} ± {tol:.4f})" if reveler else ""
        raise C.CheckFailure(
            f"`{texte}` vaut {got:.4f}, trop loin de la moyenne de ‖J‖_F{attendue}.",
            hint="une requête q et m clés par tirage, z_j = qᵀk_j (divisé par √d_k seulement "
                 "si echelle), puis la norme de Frobenius de diag(p) − p pᵀ, moyennée sur les "
                 "n_tirages tirages.")


@check
def norme_gradient_exemple(norme_gradient):
    comparer_norme(norme_gradient, 16, 6, 2000, True, 0, True)


@check(hidden=True)
def norme_gradient_sans_echelle(norme_gradient):
    for graine, (d_k, m) in enumerate(((2, 6), (16, 5), (128, 6))):
        comparer_norme(norme_gradient, d_k, m, 2000, False, 10 + graine, False)


@check(hidden=True)
def norme_gradient_avec_echelle(norme_gradient):
    for graine, (d_k, m) in enumerate(((2, 4), (64, 6), (128, 3))):
        comparer_norme(norme_gradient, d_k, m, 2000, True, 20 + graine, False)


@check(hidden=True)
def norme_gradient_generateur(norme_gradient):
    for kwargs in ({}, {"echelle": True}):
        got = C.expect_generator_obeyed(norme_gradient, 8, 5, 50, name="norme_gradient",
                                        keyword="generateur", **kwargs)
        C.expect(isinstance(got, float),
                 "`norme_gradient` doit renvoyer un flottant Python (pas un tenseur).")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** Démontrer le théorème 6.3 en **détaillant les hypothèses** :
# lesquelles servent pour $\mathbb{E}[q^\top k] = 0$, lesquelles pour
# $\operatorname{Var}(q^\top k) = d_k$ (que faut-il pour que la variance d'une somme soit la
# somme des variances ?) ? La normalité des composantes est-elle nécessaire ? En déduire
# $\operatorname{Var}(q^\top k / \sqrt{d_k}) = 1$, et dire ce que le théorème central limite
# ajoute sur la loi de $q^\top k / \sqrt{d_k}$ quand $d_k$ est grand.

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# **Hypothèses.** (H1) $q$ et $k$ sont indépendants ; (H2) les composantes $q_1, \dots,
# q_{d_k}$ sont indépendantes entre elles, de même pour $k_1, \dots, k_{d_k}$ ; (H3)
# $\mathbb{E}[q_i] = \mathbb{E}[k_i] = 0$ et $\mathbb{E}[q_i^2] = \mathbb{E}[k_i^2] = 1$
# (moments d'ordre 2 finis). Aucune hypothèse de loi (normale ou autre) n'est nécessaire.
#
# **Espérance.** Par linéarité, $\mathbb{E}[q^\top k] = \sum_i \mathbb{E}[q_i k_i] = \sum_i
# \mathbb{E}[q_i]\,\mathbb{E}[k_i] = 0$ : l'indépendance de $q_i$ et $k_i$ (H1) et le centrage
# (H3) suffisent.
#
# **Variance.** Posons $X_i = q_i k_i$. $\operatorname{Var}(\sum_i X_i) = \sum_i
# \operatorname{Var}(X_i) + \sum_{i \neq j} \operatorname{Cov}(X_i, X_j)$. Pour $i \neq j$,
# $\mathbb{E}[X_i X_j] = \mathbb{E}[q_i q_j]\,\mathbb{E}[k_i k_j] = (\mathbb{E}[q_i]
# \mathbb{E}[q_j])(\mathbb{E}[k_i]\mathbb{E}[k_j]) = 0$ (H1, H2, H3) et $\mathbb{E}[X_i] = 0$,
# donc les covariances sont nulles : c'est là que servent l'indépendance (ou au moins la
# non-corrélation des produits) et le centrage. Puis $\operatorname{Var}(X_i) =
# \mathbb{E}[q_i^2 k_i^2] - 0 = \mathbb{E}[q_i^2]\,\mathbb{E}[k_i^2] = 1$ (H1, H3). D'où
# $\operatorname{Var}(q^\top k) = d_k$ et, comme $\operatorname{Var}(cX) = c^2
# \operatorname{Var}(X)$, $\operatorname{Var}(q^\top k/\sqrt{d_k}) = d_k / d_k = 1$.
#
# **Loi limite.** Si de plus les $X_i$ sont identiquement distribuées (composantes i.i.d.),
# le TCL donne $q^\top k/\sqrt{d_k} \to \mathcal N(0, 1)$ en loi : les scores mis à l'échelle
# ont une loi presque indépendante de $d_k$, alors que $q^\top k$ a un écart-type
# $\sqrt{d_k}$. Pour $d_k = 2$ et des composantes normales, $q^\top k$ suit une loi de Laplace
# (de variance 2), loin d'une gaussienne : le TCL est asymptotique.

# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 3

# %% [markdown]
# **Question 6 (rédigée).** À partir des graphiques des questions 1 à 4 :
#
# 1. Comment la distribution des scores évolue-t-elle avec $d_k$, avec et sans facteur
#    d'échelle ? La pente obtenue confirme-t-elle $\operatorname{Var}(q^\top k) \propto d_k$ ?
# 2. Décrivez la courbe de l'entropie en fonction de $\lVert z \rVert$ : valeur en 0,
#    limite, et ce qu'elle dit de la sortie du softmax (saturation).
# 3. À partir de $J = \operatorname{diag}(p) - p\,p^\top$, montrez que $J \to 0$ quand $p$
#    tend vers un vecteur *one-hot*, et expliquez pourquoi, sans facteur d'échelle, le
#    gradient qui traverse le softmax tend vers 0 quand $d_k$ augmente. Quelle conséquence
#    pour l'apprentissage des projections $W^Q$ et $W^K$ ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **1.** Sans facteur d'échelle, les histogrammes restent centrés en 0 mais
# s'élargissent comme $\sqrt{d_k}$ (écart-type 4, 8, 16, 32) ; la variance empirique suit
# $d_k$ et la pente de l'ajustement proportionnel est proche de 1 (aux fluctuations
# d'échantillonnage près, d'ordre $\sqrt{2/n}$ en relatif). Avec $1/\sqrt{d_k}$, les quatre
# distributions se superposent, proches de $\mathcal N(0, 1)$, et les variances valent
# environ 1.
# **2.** En $\lVert z \rVert = 0$ le softmax est uniforme et $H = \ln n$ (maximum). Quand
# $\lVert z \rVert$ croît dans une direction fixe, $H$ décroît vers 0 (vers $\ln r$ si $r$
# coordonnées de $u$ se partagent le maximum) : le softmax se concentre sur le plus grand score
# et devient *one-hot* ; au-delà de quelques unités d'écart entre les deux plus grands scores,
# il est saturé (sortie figée, insensible aux petites variations de $z$).
# **3.** $J_{ij} = p_i(\delta_{ij} - p_j)$ : si $p = e_a$, $J_{aa} = 1 \cdot (1 - 1) = 0$ et
# toutes les autres entrées contiennent un facteur $p_i = 0$ ou $p_j = 0$, donc $J = 0$ ; plus
# précisément $\lVert J \rVert_F = O(1 - p_{\max})$. Sans facteur d'échelle, les scores ont un
# écart-type $\sqrt{d_k}$ : l'écart entre les deux plus grands scores croît comme
# $\sqrt{d_k}$, $1 - p_{\max}$ décroît comme l'exponentielle de cet écart, et la norme
# moyenne de $J$ tend vers 0 (la courbe « sans » décroît, la courbe « avec » reste à peu près
# constante). Le gradient de la perte par rapport aux scores, $J^\top \partial L/\partial p$,
# s'annule : $W^Q$ et $W^K$ ne reçoivent presque plus de signal, l'attention se fige sur
# son choix initial (apprentissage lent ou bloqué). La division par $\sqrt{d_k}$ ramène la
# variance des scores à 1 et garde le softmax dans sa zone sensible.
