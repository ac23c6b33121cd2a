# %% [markdown]
# # Exercice 7.5 (⋆⋆) — Comparaison BERT vs GPT : objectif masqué et objectif autorégressif
#
# Le cours définit deux objectifs de pré-entraînement pour un modèle de langage $p_\theta$ :
#
# * **BERT** (définition 7.10, objectif MLM) : on masque un ensemble $M$ de positions et le
#   modèle prédit chaque jeton masqué à partir des jetons **visibles**,
#   $$\mathcal{L}_{MLM} = -\,\mathbb{E}\Big[\sum_{i \in M}
#   \log p_\theta(x_i \mid x_{\setminus M})\Big] ;$$
# * **GPT** (définition 7.11, objectif autorégressif) : chaque jeton est prédit à partir des
#   jetons **précédents**, $\mathcal{L}_{AR} = -\sum_{t} \log p_\theta(x_t \mid x_{<t})$.
#
# Les questions du cours sont : (1) pourquoi BERT ne peut-il pas servir directement à générer
# du texte ? (2) Montrer mathématiquement que l'objectif MLM n'est pas équivalent à maximiser
# $\log p(x)$, alors que l'objectif autorégressif l'est. (3) Dans quels scénarios préférer BERT
# à GPT, et inversement ? Elles sont rédigées (questions 4 à 6, corrigées à la main).
#
# **Un modèle jouet où tout est exact.** Pour que la question (2) soit bien posée et que ses
# quantités se calculent, on prend un vocabulaire $\{0, \dots, V-1\}$ et des suites
# $x = (x_0, \dots, x_{n-1})$ de $n$ jetons, les positions étant numérotées de $0$ à $n - 1$
# comme en Python, avec $2 \le n \le 4$ et $2 \le V \le 4$ (au plus $V^n = 256$ suites). Une
# loi jointe $p$ sur ces suites est donnée par un tenseur `p` de forme $(V, \dots, V)$
# ($n$ fois) : `p[x0, x1, ..., x_{n-1}]` $= p(x) \ge 0$, et la somme de toutes les entrées vaut
# 1 (certaines entrées peuvent être nulles). On a donc `n = p.dim()` et `V = p.shape[0]`. Le
# « modèle » est ici la loi $p$ elle-même (un modèle parfait) : ses lois conditionnelles sont
# ce que prédirait un GPT ou un BERT idéal.
#
# **Notations.** Pour un ensemble de positions $A$, $x_A = (x_i)_{i \in A}$ ; $x_{<i} =
# (x_0, \dots, x_{i-1})$ (vide pour $i = 0$) ; $x_{-i}$ désigne tous les jetons sauf $x_i$ et
# $x_{\setminus M}$ ceux des positions hors de $M$. La **marginale** $p(x_A)$ est la somme de
# $p$ sur les positions hors de $A$, et la **conditionnelle**
# $p(x_B \mid x_A) = p(x_A, x_B) / p(x_A)$, définie seulement quand $p(x_A) > 0$.
#
# **Conventions communes à toutes les fonctions.**
#
# * `p` est un tenseur `float64` (ou `float32`) comme ci-dessus ; il n'est **jamais modifié**.
# * Une suite `x`, un préfixe `prefixe` et un ensemble de positions `positions` sont des
#   **tuples d'entiers Python**.
# * Une loi (conditionnelle) est renvoyée sous forme d'un tenseur **du même type que `p`**.
# * Les logarithmes sont **népériens** ; une log-vraisemblance est renvoyée sous forme d'un
#   **flottant Python**.
# * On ne demande jamais une conditionnelle sachant un événement de probabilité nulle : les
#   fonctions ne sont appelées que pour des préfixes, des suites et des contextes visibles de
#   probabilité **strictement positive** (précisé à chaque question). Ailleurs, `p` peut
#   contenir des zéros.

# %%
import itertools
import math

import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — GPT : conditionnelles autorégressives et règle de la chaîne.** Écrire
#
# * `conditionnelle_ar(p, prefixe)` : `prefixe` est un tuple de longueur $i$,
#   $0 \le i \le n - 1$ (éventuellement vide), tel que $p(x_{<i} = \texttt{prefixe}) > 0$ ; la
#   fonction renvoie le tenseur de forme `(V,)` dont l'entrée $v$ vaut
#   $p(x_i = v \mid x_{<i} = \texttt{prefixe})$ (les positions après $i$ sont sommées : le
#   futur est inconnu) ;
# * `log_vraisemblance_ar(p, x)` : pour une suite `x` de longueur $n$ avec $p(x) > 0$, renvoie
#   le flottant $\sum_{i=0}^{n-1} \log p(x_i \mid x_{<i})$, calculé avec `conditionnelle_ar`
#   (c'est $-\mathcal{L}_{AR}$ pour un modèle parfait).
#
# La cellule suivante compare `log_vraisemblance_ar(p, x)` à $\log p(x)$ : que constatez-vous ?

# %%
def conditionnelle_ar(p: torch.Tensor, prefixe: tuple) -> torch.Tensor:
    """p(x_i = · | x_<i = prefixe), i = len(prefixe) : tenseur (V,) du type de p."""
    # BEGIN SOLUTION
    i = len(prefixe)
    futur = tuple(range(i + 1, p.dim()))
    jointe = p.sum(dim=futur) if futur else p  # loi de (x_0, …, x_i)
    # p(x_<i = prefixe, x_i = v) / p(x_<i = prefixe), pour v = 0, …, V − 1
    return jointe[tuple(prefixe)] / p[tuple(prefixe)].sum()
    # END SOLUTION


def log_vraisemblance_ar(p: torch.Tensor, x: tuple) -> float:
    """Σ_i log p(x_i | x_<i) (logarithme népérien), flottant Python."""
    # BEGIN SOLUTION
    total = 0.0
    for i in range(len(x)):
        total += math.log(conditionnelle_ar(p, x[:i])[x[i]])
    return total
    # END SOLUTION


# %% tags=["demo"]
_p = torch.rand(3, 3, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
_p = _p / _p.sum()
for _x in ((0, 1, 2), (2, 2, 0), (1, 0, 1)):
    _l = log_vraisemblance_ar(_p, _x)
    if _l is not None:
        print(f"x = {_x} : somme autorégressive {_l:.6f}, log p(x) = {math.log(_p[_x]):.6f}")

# %%
@helper
def loi_jointe(n, V, graine, zeros=0.0):
    """Une loi sur {0, …, V − 1}^n (float64, forme (V,)*n) fixée par la graine ; environ une
    proportion `zeros` de ses entrées mise à 0 (la première entrée est gardée)."""
    g = torch.Generator().manual_seed(graine)
    p = torch.rand((V,) * n, generator=g, dtype=torch.float64) ** 2 + 0.01
    if zeros:
        nulles = torch.rand((V,) * n, generator=g, dtype=torch.float64) < zeros
        nulles.view(-1)[0] = False
        p = p.masked_fill(nulles, 0.0)
    return p / p.sum()


@helper
def suites_du_support(p, nombre, graine):
    """`nombre` suites x (tuples d'entiers) tirées parmi celles où p(x) > 0."""
    g = torch.Generator().manual_seed(graine)
    points = (p > 0).nonzero()
    choix = torch.randint(0, len(points), (nombre,), generator=g)
    return [tuple(int(v) for v in points[int(c)]) for c in choix]


@helper
def oracle_loi(p, observees, cibles):
    """Loi de (x_j) pour j dans `cibles` sachant x_k = v pour (k, v) dans `observees`, les
    autres positions sommées : tenseur (V,)*len(cibles) en float64, par énumération de toutes
    les suites (indépendant de toute manipulation d'axes)."""
    import itertools

    V, n = p.shape[0], p.dim()
    loi = torch.zeros((V,) * len(cibles), dtype=torch.float64)
    valeurs = p.double().reshape(-1).tolist()
    for y, py in zip(itertools.product(range(V), repeat=n), valeurs, strict=True):
        if all(y[k] == v for k, v in observees.items()):
            loi[tuple(y[j] for j in cibles)] += py
    return loi / loi.sum()


@helper
def oracle_ar(p, prefixe):
    """p(x_i = · | x_<i = prefixe), i = len(prefixe)."""
    return oracle_loi(p, dict(enumerate(prefixe)), (len(prefixe),))


@helper
def conditionnelles_ar_contre_oracle(conditionnelle_ar, p, quoi):
    """conditionnelle_ar(p, prefixe) contre l'oracle pour chaque préfixe de probabilité > 0,
    de chaque longueur 0, …, n − 1 : forme (V,), valeurs finies, valeurs."""
    import itertools

    n, V = p.dim(), p.shape[0]
    for i in range(n):
        for prefixe in itertools.product(range(V), repeat=i):
            if float(p[prefixe].sum()) <= 0:
                continue  # conditionnelle non définie : jamais demandée
            nom = f"conditionnelle_ar(p, prefixe) ({quoi}, préfixe de longueur {i})"
            recu = C.as_tensor(C.call(conditionnelle_ar, p.clone(), prefixe,
                                      name="conditionnelle_ar"), nom)
            C.expect_shape(recu, (V,), name=nom,
                           hint="une entrée par valeur v du jeton x_i ; les positions après i "
                                "sont sommées (attention : une somme sur dim=() somme tout).")
            C.expect(bool(torch.isfinite(recu).all()),
                     f"`conditionnelle_ar` renvoie des valeurs non finies ({quoi}).",
                     hint="ne divisez que par p(préfixe), qui est > 0 pour les préfixes "
                          "demandés.")
            C.expect_close(recu, oracle_ar(p, prefixe), name=nom, rtol=1e-9, atol=1e-12,
                           hint="p(x_i = v | x_<i) = p(x_<i, x_i = v) / p(x_<i) : sommez les "
                                "positions après i, fixez le préfixe, normalisez sur v.")


@helper
def flottants_contre_oracle(fonction, nom, cas, attendu, indice):
    """fonction(p, x) pour chaque loi (n, V, graine) de `cas` et quatre suites de son support :
    un flottant Python égal à attendu(p, x) (rtol 1e-9)."""
    for n, V, graine in cas:
        p = loi_jointe(n, V, graine)
        for x in suites_du_support(p, 4, graine):
            got = C.call(fonction, p.clone(), x, name=nom)
            C.expect(isinstance(got, float),
                     f"`{nom}` doit renvoyer un flottant Python (pas un tenseur).",
                     hint="convertissez avec float(...) ou utilisez math.log.")
            C.expect_scalar_close(got, attendu(p, x), name=f"{nom}(p, x) pour n = {n}, V = {V}",
                                  rtol=1e-9, atol=1e-9, hint=indice)


@helper
def type_et_argument(fonction, nom, quoi, p, reste, attendu, indice_en_place):
    """fonction(p, *reste) : une entrée float32 donne un tenseur float32 (valeurs contre
    l'oracle `attendu`, float64) ; p n'est pas modifié ; valeur float64 juste."""
    simple = C.expect_dtype_kept(fonction, p, *reste, name=nom,
                                 hint="n'imposez pas de type (pas de .double(), .float() ni "
                                      "dtype=…) : le résultat a le type de p.")[1]
    C.expect_close(simple, attendu.float(), name=f"{quoi} en float32", rtol=1e-4, atol=1e-6)
    recu = C.expect_unchanged(fonction, p.clone(), *reste, name=nom, hint=indice_en_place)
    C.expect_close(recu, attendu, name=quoi, rtol=1e-9, atol=1e-12)


@check
def ar_exemple(conditionnelle_ar, log_vraisemblance_ar):
    p = torch.tensor([[0.1, 0.3], [0.2, 0.4]], dtype=torch.float64)
    debut = C.call(conditionnelle_ar, p.clone(), (), name="conditionnelle_ar")
    C.expect_shape(debut, (2,), name="conditionnelle_ar(p, ())")
    C.expect_dtype(debut, torch.float64, name="conditionnelle_ar(p, ())",
                   hint="renvoyez un tenseur du même type que p.")
    C.expect_close(debut, torch.tensor([0.4, 0.6], dtype=torch.float64),
                   name="conditionnelle_ar(p, ())", reveal=True,
                   hint="préfixe vide : la marginale de x_0, somme de p sur x_1.")
    suite = C.call(conditionnelle_ar, p.clone(), (1,), name="conditionnelle_ar")
    C.expect_close(suite, torch.tensor([1 / 3, 2 / 3], dtype=torch.float64),
                   name="conditionnelle_ar(p, (1,))", reveal=True,
                   hint="p(x_1 = v | x_0 = 1) = p[1, v] / (p[1, 0] + p[1, 1]).")
    log_p = C.call(log_vraisemblance_ar, p.clone(), (1, 0), name="log_vraisemblance_ar")
    C.expect(isinstance(log_p, float),
             "`log_vraisemblance_ar` doit renvoyer un flottant Python (pas un tenseur).",
             hint="convertissez avec float(...) ou utilisez math.log.")
    C.expect_scalar_close(log_p, math.log(0.2), name="log_vraisemblance_ar(p, (1, 0))",
                          reveal=True, hint="log p(x_0 = 1) + log p(x_1 = 0 | x_0 = 1).")


@check(hidden=True)
def ar_contre_oracle(conditionnelle_ar):
    for n, V, graine in ((2, 3, 1), (3, 2, 2), (3, 4, 3), (4, 3, 4)):
        conditionnelles_ar_contre_oracle(conditionnelle_ar, loi_jointe(n, V, graine),
                                         f"n = {n}, V = {V}")


@check(hidden=True)
def ar_lois_avec_zeros(conditionnelle_ar, log_vraisemblance_ar):
    # p has zeros: some prefixes have probability 0 (never asked), some conditionals have
    # zero entries; x is only drawn where p(x) > 0
    for n, V, graine in ((3, 3, 11), (4, 2, 12)):
        p = loi_jointe(n, V, graine, zeros=0.5)
        conditionnelles_ar_contre_oracle(conditionnelle_ar, p,
                                         f"n = {n}, V = {V}, loi avec des zéros")
        for x in suites_du_support(p, 4, graine):
            got = C.as_number(C.call(log_vraisemblance_ar, p.clone(), x,
                                     name="log_vraisemblance_ar"),
                              name="log_vraisemblance_ar(p, x)")
            C.expect_scalar_close(got, math.log(float(p[x])),
                                  name="log_vraisemblance_ar(p, x) pour une loi avec des zéros",
                                  rtol=1e-9, atol=1e-9)


@check(hidden=True)
def log_vraisemblance_regle_de_la_chaine(log_vraisemblance_ar):
    # the chain rule: Σ_i log p(x_i | x_<i) = log p(x), an independent oracle
    flottants_contre_oracle(log_vraisemblance_ar, "log_vraisemblance_ar",
                            ((2, 4, 21), (3, 3, 22), (4, 2, 23), (4, 3, 24)),
                            lambda p, x: math.log(float(p[x])),
                            "un terme par position i = 0, …, n − 1 (le premier est log p(x_0)), "
                            "chacun conditionné par le seul passé x_<i ; logarithme népérien.")


@check(hidden=True)
def ar_type_et_argument(conditionnelle_ar, log_vraisemblance_ar):
    p = loi_jointe(3, 3, 31)
    for prefixe in ((), (2,), (0, 1)):
        type_et_argument(conditionnelle_ar, "conditionnelle_ar",
                         f"conditionnelle_ar(p, prefixe) (préfixe de longueur {len(prefixe)})",
                         p, (prefixe,), oracle_ar(p, prefixe),
                         "pas d'opération en place sur p ni sur une de ses tranches (une "
                         "tranche partage la mémoire de p).")
    x = suites_du_support(p, 1, 32)[0]
    recu = C.expect_unchanged(log_vraisemblance_ar, p.clone(), x, name="log_vraisemblance_ar",
                              hint="pas d'opération en place sur p ni sur une de ses "
                                   "tranches.")
    C.expect_scalar_close(C.as_number(recu, "log_vraisemblance_ar(p, x)"),
                          math.log(float(p[x])), name="log_vraisemblance_ar(p, x)",
                          rtol=1e-9, atol=1e-9)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — BERT : conditionnelles masquées et pseudo-vraisemblance.** Écrire
#
# * `conditionnelle_mlm(p, x, positions)` : `positions` est un tuple de positions distinctes
#   **en ordre croissant** $m_1 < \dots < m_k$, l'ensemble masqué $M$, avec
#   $1 \le k = |M| \le n$ ; `x` est une suite de longueur $n$ dont seules les valeurs
#   **visibles** $x_{\setminus M}$ comptent (les valeurs de `x` aux positions masquées sont
#   ignorées), avec $p(x_{\setminus M}) > 0$. La fonction renvoie le tenseur de forme
#   $(V,)^k$ (`(V,) * k`) dont l'entrée `[v_1, ..., v_k]` vaut
#   $p(x_{m_1} = v_1, \dots, x_{m_k} = v_k \mid x_{\setminus M})$, les axes dans l'ordre de
#   `positions`. Pour $M = \{0, \dots, n-1\}$, rien n'est visible et le résultat est $p$.
# * `pseudo_log_vraisemblance(p, x)` : pour $p(x) > 0$, renvoie le flottant
#   $\sum_{i=0}^{n-1} \log p(x_i \mid x_{-i})$, un jeton masqué à la fois (ce que donne un BERT
#   parfait avec $|M| = 1$ pour chaque position), calculé avec `conditionnelle_mlm`.
#
# Comparez, dans la cellule qui suit, la pseudo-log-vraisemblance à $\log p(x)$, pour une loi
# quelconque puis pour le produit de ses marginales ($x_0, \dots, x_{n-1}$ indépendants).

# %%
def conditionnelle_mlm(p: torch.Tensor, x: tuple, positions: tuple) -> torch.Tensor:
    """p(x_M = · | x_{\\M}) : tenseur (V,)*len(positions) du type de p, axes dans l'ordre
    de positions."""
    # BEGIN SOLUTION
    index = tuple(slice(None) if i in positions else x[i] for i in range(p.dim()))
    bloc = p[index]  # p(x_M = ·, x_{\M}), les axes masqués dans l'ordre croissant
    return bloc / bloc.sum()
    # END SOLUTION


def pseudo_log_vraisemblance(p: torch.Tensor, x: tuple) -> float:
    """Σ_i log p(x_i | x_{−i}) (logarithme népérien), flottant Python."""
    # BEGIN SOLUTION
    return sum(math.log(conditionnelle_mlm(p, x, (i,))[x[i]]) for i in range(p.dim()))
    # END SOLUTION


# %% tags=["demo"]
_marges = [_p.sum(dim=(1, 2)), _p.sum(dim=(0, 2)), _p.sum(dim=(0, 1))]
_q = _marges[0][:, None, None] * _marges[1][None, :, None] * _marges[2][None, None, :]
for _nom, _loi in (("p quelconque", _p), ("produit des marginales", _q)):
    for _x in ((0, 1, 2), (2, 2, 0)):
        _pll = pseudo_log_vraisemblance(_loi, _x)
        if _pll is not None:
            print(f"{_nom:22s} x = {_x} : pseudo-log-vraisemblance {_pll:.6f}, "
                  f"log p(x) = {math.log(_loi[_x]):.6f}")

# %%
@helper
def oracle_mlm(p, x, positions):
    """p(x_M = · | x_{\\M}) par énumération."""
    visibles = {k: x[k] for k in range(p.dim()) if k not in positions}
    return oracle_loi(p, visibles, tuple(positions))


@helper
def oracle_pll(p, x):
    """Σ_i log p(x_i | x_{−i}) par énumération."""
    return sum(math.log(float(oracle_mlm(p, x, (i,))[x[i]])) for i in range(p.dim()))


@helper
def produit_de_marginales(marginales):
    """La loi des x_i indépendants de lois `marginales` (vecteurs float64 de même taille V)."""
    p = marginales[0]
    for m in marginales[1:]:
        p = p.unsqueeze(-1) * m
    return p


@helper
def conditionnelles_mlm_contre_oracle(conditionnelle_mlm, p, quoi, graine):
    """conditionnelle_mlm(p, x, positions) contre l'oracle pour tous les ensembles masqués
    non vides (en ordre croissant), avec des valeurs quelconques de x aux positions
    masquées : forme (V,)^k, valeurs finies, valeurs."""
    import itertools

    n, V = p.dim(), p.shape[0]
    g = torch.Generator().manual_seed(graine)
    for x in suites_du_support(p, 2, graine):
        for k in range(1, n + 1):
            for positions in itertools.combinations(range(n), k):
                # the masked values of x are ignored: replace them by arbitrary ones
                brouille = list(x)
                for i in positions:
                    brouille[i] = int(torch.randint(0, V, (1,), generator=g))
                nom = f"conditionnelle_mlm(p, x, positions) ({quoi}, {k} position(s) masquée(s))"
                recu = C.as_tensor(C.call(conditionnelle_mlm, p.clone(), tuple(brouille),
                                          positions, name="conditionnelle_mlm"), nom)
                C.expect_shape(recu, (V,) * k, name=nom,
                               hint="un axe par position masquée, dans l'ordre de positions ; "
                                    "les positions visibles sont fixées à leur valeur dans x.")
                C.expect(bool(torch.isfinite(recu).all()),
                         f"`conditionnelle_mlm` renvoie des valeurs non finies ({quoi}).",
                         hint="ne divisez que par p(x_visibles), qui est > 0 ici.")
                C.expect_close(recu, oracle_mlm(p, x, positions), name=nom, rtol=1e-9,
                               atol=1e-12,
                               hint="fixez les positions visibles à leur valeur (ne les sommez "
                                    "pas : c'est une conditionnelle, pas une marginale), puis "
                                    "normalisez sur l'ensemble des axes masqués à la fois ; "
                                    "les valeurs de x aux positions masquées ne comptent pas.")


@check
def mlm_exemple(conditionnelle_mlm, pseudo_log_vraisemblance):
    p = torch.tensor([[0.1, 0.3], [0.2, 0.4]], dtype=torch.float64)
    un = C.call(conditionnelle_mlm, p.clone(), (1, 0), (0,), name="conditionnelle_mlm")
    C.expect_shape(un, (2,), name="conditionnelle_mlm(p, (1, 0), (0,))")
    C.expect_dtype(un, torch.float64, name="conditionnelle_mlm(p, (1, 0), (0,))",
                   hint="renvoyez un tenseur du même type que p.")
    C.expect_close(un, torch.tensor([1 / 3, 2 / 3], dtype=torch.float64),
                   name="conditionnelle_mlm(p, (1, 0), (0,))", reveal=True,
                   hint="p(x_0 = v | x_1 = 0) = p[v, 0] / (p[0, 0] + p[1, 0]).")
    tout = C.call(conditionnelle_mlm, p.clone(), (1, 0), (0, 1), name="conditionnelle_mlm")
    C.expect_shape(tout, (2, 2), name="conditionnelle_mlm(p, (1, 0), (0, 1))")
    C.expect_close(tout, p, name="conditionnelle_mlm(p, (1, 0), (0, 1))", reveal=True,
                   hint="tout est masqué : rien n'est visible, la loi est p elle-même.")
    pll = C.call(pseudo_log_vraisemblance, p.clone(), (1, 0), name="pseudo_log_vraisemblance")
    C.expect(isinstance(pll, float),
             "`pseudo_log_vraisemblance` doit renvoyer un flottant Python (pas un tenseur).",
             hint="convertissez avec float(...) ou utilisez math.log.")
    C.expect_scalar_close(pll, math.log(2 / 3) + math.log(1 / 3),
                          name="pseudo_log_vraisemblance(p, (1, 0))", reveal=True,
                          hint="log p(x_0 = 1 | x_1 = 0) + log p(x_1 = 0 | x_0 = 1), "
                               "logarithme népérien.")


@check(hidden=True)
def mlm_contre_oracle(conditionnelle_mlm):
    for n, V, graine in ((2, 4, 41), (3, 3, 42), (4, 2, 43)):
        conditionnelles_mlm_contre_oracle(conditionnelle_mlm, loi_jointe(n, V, graine),
                                          f"n = {n}, V = {V}", graine)


@check(hidden=True)
def mlm_lois_avec_zeros(conditionnelle_mlm, pseudo_log_vraisemblance):
    for n, V, graine in ((3, 3, 51), (4, 2, 52)):
        p = loi_jointe(n, V, graine, zeros=0.5)
        conditionnelles_mlm_contre_oracle(conditionnelle_mlm, p,
                                          f"n = {n}, V = {V}, loi avec des zéros", graine)
        for x in suites_du_support(p, 3, graine):
            got = C.as_number(C.call(pseudo_log_vraisemblance, p.clone(), x,
                                     name="pseudo_log_vraisemblance"),
                              name="pseudo_log_vraisemblance(p, x)")
            C.expect_scalar_close(got, oracle_pll(p, x),
                                  name="pseudo_log_vraisemblance(p, x) pour une loi avec des "
                                       "zéros", rtol=1e-9, atol=1e-9)


@check(hidden=True)
def pseudo_vraisemblance_contre_oracle(pseudo_log_vraisemblance):
    flottants_contre_oracle(pseudo_log_vraisemblance, "pseudo_log_vraisemblance",
                            ((2, 3, 61), (3, 4, 62), (4, 3, 63)), oracle_pll,
                            "un terme log p(x_i | x_{−i}) par position i, le seul jeton i "
                            "masqué (tous les autres visibles) ; logarithme népérien.")


@check(hidden=True)
def pseudo_vraisemblance_n_est_pas_log_p(pseudo_log_vraisemblance):
    # strongly dependent tokens (x_{i+1} usually copies x_i): each token is easy to guess from
    # the others, so Σ_i log p(x_i | x_{−i}) is far above log p(x)
    p = torch.tensor([0.5, 0.5], dtype=torch.float64)
    copie = torch.tensor([[0.9, 0.1], [0.1, 0.9]], dtype=torch.float64)
    p = p[:, None, None] * copie[:, :, None] * copie[None, :, :]
    for x in ((0, 0, 0), (0, 1, 0)):
        got = C.as_number(C.call(pseudo_log_vraisemblance, p.clone(), x,
                                 name="pseudo_log_vraisemblance"),
                          name="pseudo_log_vraisemblance(p, x)")
        C.expect(abs(got - math.log(float(p[x]))) > 1e-3,
                 "`pseudo_log_vraisemblance` renvoie log p(x) pour une loi où les jetons "
                 "dépendent les uns des autres : ce n'est pas la pseudo-log-vraisemblance.",
                 hint="Σ_i log p(x_i | x_{−i}) : chaque terme conditionne par tous les autres "
                      "jetons, passé et futur ; la règle de la chaîne ne s'applique pas.")
        C.expect_scalar_close(got, oracle_pll(p, x),
                              name="pseudo_log_vraisemblance(p, x) pour des jetons dépendants",
                              rtol=1e-9, atol=1e-9)


@check(hidden=True)
def pseudo_vraisemblance_cas_independant(conditionnelle_mlm, pseudo_log_vraisemblance):
    # independent tokens: p(x_M | x_{\M}) = Π_{i∈M} p_i(x_i), and the pseudo-log-likelihood is
    # exactly log p(x) (a closed form, not the function compared with itself)
    g = torch.Generator().manual_seed(71)
    marginales = [torch.rand(3, generator=g, dtype=torch.float64) + 0.1 for _ in range(3)]
    marginales = [m / m.sum() for m in marginales]
    p = produit_de_marginales(marginales)
    for x in ((0, 1, 2), (2, 2, 1), (1, 0, 0)):
        got = C.as_number(C.call(pseudo_log_vraisemblance, p.clone(), x,
                                 name="pseudo_log_vraisemblance"),
                          name="pseudo_log_vraisemblance(p, x)")
        C.expect_scalar_close(got, sum(math.log(float(m[v])) for m, v in zip(marginales, x,
                                                                             strict=True)),
                              name="pseudo_log_vraisemblance(p, x) pour des jetons "
                                   "indépendants", rtol=1e-9, atol=1e-9,
                              hint="pour des jetons indépendants, p(x_i | x_{−i}) = p(x_i).")
    recu = C.call(conditionnelle_mlm, p.clone(), (1, 0, 2), (0, 2), name="conditionnelle_mlm")
    C.expect_close(recu, marginales[0][:, None] * marginales[2][None, :],
                   name="conditionnelle_mlm(p, x, (0, 2)) pour des jetons indépendants",
                   rtol=1e-9, atol=1e-12,
                   hint="pour des jetons indépendants, la loi des positions masquées est le "
                        "produit de leurs marginales, axes dans l'ordre de positions.")


@check(hidden=True)
def mlm_type_et_argument(conditionnelle_mlm, pseudo_log_vraisemblance):
    p = loi_jointe(3, 3, 81)
    x = suites_du_support(p, 1, 81)[0]
    for positions in ((1,), (0, 2), (0, 1, 2)):
        type_et_argument(conditionnelle_mlm, "conditionnelle_mlm",
                         f"conditionnelle_mlm(p, x, positions) ({len(positions)} position(s) "
                         "masquée(s))", p, (x, positions), oracle_mlm(p, x, positions),
                         "p[x_0, :, x_2] est une vue de p : la diviser en place (/=) modifie "
                         "p ; écrivez bloc / bloc.sum().")
    recu = C.expect_unchanged(pseudo_log_vraisemblance, p.clone(), x,
                              name="pseudo_log_vraisemblance",
                              hint="pas d'opération en place sur p ni sur une de ses vues.")
    C.expect_scalar_close(C.as_number(recu, "pseudo_log_vraisemblance(p, x)"),
                          oracle_pll(p, x), name="pseudo_log_vraisemblance(p, x)",
                          rtol=1e-9, atol=1e-9)


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 — l'objectif MLM exact.** Dans la définition 7.10, l'espérance porte sur
# l'ensemble masqué $M$ (et sur les données). Pour une suite fixée $x$ et un entier
# $1 \le k \le n$, on prend $M$ **uniforme parmi les $\binom{n}{k}$ ensembles de $k$
# positions** et on calcule l'espérance exactement :
#
# $$L_k(x) = \frac{1}{\binom{n}{k}} \sum_{|M| = k}\; -\sum_{i \in M} \log p(x_i \mid
# x_{\setminus M}),$$
#
# où $p(x_i \mid x_{\setminus M})$ est la loi de $x_i$ sachant les **seuls jetons visibles** :
# les autres positions masquées sont inconnues et sommées (c'est la marginale, sur l'axe de
# $i$, du tenseur de `conditionnelle_mlm`). BERT prédit ainsi chaque jeton masqué séparément.
# Écrire `objectif_mlm_exact(p, x, k)` qui renvoie $L_k(x)$ (un flottant Python), pour
# $p(x) > 0$. L'espérance sur les données $x$ n'est pas demandée ici.

# %%
def objectif_mlm_exact(p: torch.Tensor, x: tuple, k: int) -> float:
    """Moyenne sur les C(n, k) ensembles M de taille k de −Σ_{i∈M} log p(x_i | x_{\\M})."""
    # BEGIN SOLUTION
    ensembles = list(itertools.combinations(range(len(x)), k))
    total = 0.0
    for M in ensembles:
        loi = conditionnelle_mlm(p, x, M)  # (V,)*k : p(x_M = · | x_{\M})
        for j, i in enumerate(M):
            autres = tuple(a for a in range(k) if a != j)
            marginale = loi.sum(dim=autres) if autres else loi  # p(x_i = · | x_{\M})
            total -= math.log(marginale[x[i]])
    return total / len(ensembles)
    # END SOLUTION


# %% tags=["demo"]
# Le modèle jouet de la question 5 : la loi _p (jetons dépendants) et le produit _q de ses
# marginales ont les mêmes marginales, donc le même objectif MLM pour k = n = 3, mais pas la
# même log-vraisemblance ; pour k = 1, L_1 = −(pseudo-log-vraisemblance)/n n'est pas −log p(x)/n.
for _nom, _loi in (("p quelconque", _p), ("produit des marginales", _q)):
    _x = (0, 1, 2)
    _objectifs = [objectif_mlm_exact(_loi, _x, _k) for _k in (1, 2, 3)]
    if None not in _objectifs:
        print(f"{_nom:22s} −log p(x) = {-math.log(_loi[_x]):.4f} ; L_1, L_2, L_3 = "
              + ", ".join(f"{_v:.4f}" for _v in _objectifs))


# %%
@helper
def oracle_objectif(p, x, k):
    """L_k(x) par énumération des ensembles masqués et des suites."""
    import itertools

    n = p.dim()
    ensembles = list(itertools.combinations(range(n), k))
    somme = 0.0
    for M in ensembles:
        visibles = {j: x[j] for j in range(n) if j not in M}
        for i in M:
            somme -= math.log(float(oracle_loi(p, visibles, (i,))[x[i]]))
    return somme / len(ensembles)


@check
def objectif_exemple(objectif_mlm_exact):
    p = torch.tensor([[0.1, 0.3], [0.2, 0.4]], dtype=torch.float64)
    un = C.call(objectif_mlm_exact, p.clone(), (1, 0), 1, name="objectif_mlm_exact")
    C.expect(isinstance(un, float),
             "`objectif_mlm_exact` doit renvoyer un flottant Python (pas un tenseur).",
             hint="convertissez avec float(...) ou utilisez math.log.")
    C.expect_scalar_close(un, -(math.log(2 / 3) + math.log(1 / 3)) / 2,
                          name="objectif_mlm_exact(p, (1, 0), 1)", reveal=True,
                          hint="k = 1 : la moyenne, sur les n positions, de −log p(x_i | x_{−i}).")
    deux = C.call(objectif_mlm_exact, p.clone(), (1, 0), 2, name="objectif_mlm_exact")
    C.expect_scalar_close(deux, -(math.log(0.6) + math.log(0.3)),
                          name="objectif_mlm_exact(p, (1, 0), 2)", reveal=True,
                          hint="k = n : rien n'est visible, chaque jeton est prédit par sa "
                               "marginale p(x_i).")


@check(hidden=True)
def objectif_contre_oracle(objectif_mlm_exact):
    for n, V, graine, zeros in ((3, 3, 91, 0.0), (4, 2, 92, 0.0), (4, 3, 93, 0.0),
                                (3, 3, 94, 0.5), (4, 2, 95, 0.4)):
        p = loi_jointe(n, V, graine, zeros)
        for x in suites_du_support(p, 2, graine):
            for k in range(1, n + 1):
                got = C.call(objectif_mlm_exact, p.clone(), x, k, name="objectif_mlm_exact")
                C.expect(isinstance(got, float),
                         "`objectif_mlm_exact` doit renvoyer un flottant Python (pas un "
                         "tenseur).", hint="convertissez avec float(...).")
                quoi = f"objectif_mlm_exact(p, x, k) pour n = {n}, V = {V}, k = {k}"
                if zeros:
                    quoi += " (loi avec des zéros)"
                C.expect_scalar_close(got, oracle_objectif(p, x, k), name=quoi, rtol=1e-9,
                                      atol=1e-9,
                                      hint="moyenne (pas somme) sur les C(n, k) ensembles ; "
                                           "pour i ∈ M, les autres positions masquées sont "
                                           "sommées (inconnues), pas fixées à leur valeur ; "
                                           "signe −, logarithme népérien.")


@check(hidden=True)
def objectif_cas_limites(objectif_mlm_exact):
    # closed forms: k = n → −Σ_i log p(x_i) (marginals only); k = 1 → −(pseudo-LL)/n;
    # independent tokens → −(k/n) log p(x)
    p = loi_jointe(4, 3, 101)
    for x in suites_du_support(p, 2, 101):
        marginales = -sum(math.log(float(oracle_loi(p, {}, (i,))[x[i]])) for i in range(4))
        got = C.call(objectif_mlm_exact, p.clone(), x, 4, name="objectif_mlm_exact")
        C.expect_scalar_close(got, marginales, name="objectif_mlm_exact(p, x, n)",
                              rtol=1e-9, atol=1e-9,
                              hint="k = n : tout est masqué, chaque jeton est prédit par sa "
                                   "marginale p(x_i), les autres étant sommés.")
        got = C.call(objectif_mlm_exact, p.clone(), x, 1, name="objectif_mlm_exact")
        C.expect_scalar_close(got, -oracle_pll(p, x) / 4, name="objectif_mlm_exact(p, x, 1)",
                              rtol=1e-9, atol=1e-9,
                              hint="k = 1 : la moyenne sur les n positions de "
                                   "−log p(x_i | x_{−i}).")
    g = torch.Generator().manual_seed(102)
    marginales = [torch.rand(2, generator=g, dtype=torch.float64) + 0.1 for _ in range(4)]
    q = produit_de_marginales([m / m.sum() for m in marginales])
    x = (1, 0, 0, 1)
    for k in (1, 2, 3, 4):
        got = C.call(objectif_mlm_exact, q.clone(), x, k, name="objectif_mlm_exact")
        C.expect_scalar_close(got, -k / 4 * math.log(float(q[x])),
                              name=f"objectif_mlm_exact(q, x, {k}) pour des jetons "
                                   "indépendants", rtol=1e-9, atol=1e-9,
                              hint="jetons indépendants : chaque terme vaut −log q(x_i), et "
                                   "chaque position est masquée dans k ensembles sur n.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 2

# %% [markdown]
# **Question 4 (rédigée) — BERT et la génération.** Expliquer pourquoi un BERT pré-entraîné
# par l'objectif MLM ne peut pas être utilisé directement pour générer du texte jeton après
# jeton. Appuyez-vous sur les quantités de ce notebook : de quelle loi a-t-on besoin pour
# générer une suite, et quelles lois BERT fournit-il ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Générer de gauche à droite, c'est tirer $x_0 \sim p(x_0)$, puis $x_1 \sim p(x_1 \mid x_0)$,
# …, $x_t \sim p(x_t \mid x_{<t})$ : il faut les conditionnelles **autorégressives** de la
# question 1, dont le produit est exactement $p(x)$ (règle de la chaîne), de sorte que la
# suite tirée suit la loi du modèle. Un GPT les fournit directement (masque causal : la
# position $t$ ne voit que $x_{<t}$).
#
# BERT fournit $p(x_i \mid x_{\setminus M})$ : la loi d'un jeton masqué sachant des jetons
# visibles **des deux côtés**, dans une suite de **longueur fixée** où tous les autres jetons
# sont déjà connus (ou remplacés par `[MASK]`). (a) Pour le prochain jeton, le futur n'existe
# pas encore : il faudrait tout masquer à droite, une situation rare à l'entraînement (15 % de
# masques), où le modèle est mal calibré ; et $p(x_t \mid x_{<t}, \text{masques à droite})$
# dépend du nombre de positions masquées supposé, la longueur n'étant pas modélisée. (b) Les
# conditionnelles masquées ne se multiplient pas en une loi jointe : le produit des
# $p(x_i \mid x_{-i})$ n'est pas $p(x)$ (question 2 : pseudo-vraisemblance $\neq \log p(x)$),
# et prédire plusieurs jetons masqués séparément (question 3) suppose leur indépendance
# sachant le contexte, ce qui produit des suites incohérentes (deux jetons masqués voisins
# tirés chacun selon sa marginale). (c) Il n'y a pas de cache ni d'ordre : on ne peut
# qu'échantillonner par Gibbs (re-masquer et re-tirer des jetons), une chaîne de Markov
# lente dont la loi stationnaire n'est même pas garantie quand les conditionnelles apprises
# sont incompatibles. BERT sert donc à **encoder** (représentations bidirectionnelles), pas
# à générer.

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée) — la démonstration.** Soit $p$ la loi des données et $q$ un modèle,
# lui aussi une loi sur $\{0, \dots, V-1\}^n$ (ses conditionnelles sont définies comme
# ci-dessus). On note
# $\ell_{AR}(q; x) = \sum_{i} \log q(x_i \mid x_{<i})$ et
# $\ell_{MLM,k}(q; x) = \mathbb{E}_M \big[\sum_{i \in M} \log q(x_i \mid x_{\setminus M})\big]
# = -L_k(x)$ calculé avec $q$.
#
# 1. Montrer que $\ell_{AR}(q; x) = \log q(x)$ pour tout $q$ et tout $x$ avec $q(x) > 0$. En
#    déduire que maximiser $\mathbb{E}_{x \sim p}\, \ell_{AR}(q; x)$ (c'est-à-dire minimiser
#    $\mathcal{L}_{AR}$) revient exactement à maximiser la log-vraisemblance, et que le
#    maximum sur toutes les lois $q$ est atteint en $q = p$ (et seulement là).
# 2. Montrer que $\ell_{MLM,n}(q; x) = \sum_i \log q(x_i)$ ne dépend que des marginales de
#    $q$. En déduire une loi $q \neq p$ qui maximise $\mathbb{E}_{x \sim p}\,
#    \ell_{MLM,n}(q; x)$ quand les jetons de $p$ ne sont pas indépendants (la cellule de
#    démonstration de la question 3 en donne un exemple numérique).
# 3. Pour $k = 1$, $n\,\ell_{MLM,1}(q; x) = \sum_i \log q(x_i \mid x_{-i})$ est la
#    pseudo-log-vraisemblance de la question 2. Montrer qu'elle vaut
#    $n \log q(x) - \sum_i \log q(x_{-i})$ ($q(x_{-i})$ : marginale des autres jetons), en
#    déduire qu'elle vaut $\log q(x)$ pour des jetons indépendants mais pas en général (donnez
#    un exemple chiffré), et que $\sum_x \exp(n\,\ell_{MLM,1}(q; x)) \neq 1$ en général.
#    Expliquer pourquoi des conditionnelles $q_\theta(x_i \mid x_{-i})$ apprises séparément par
#    un réseau ne définissent pas, en général, de loi jointe. Conclure :
#    l'objectif MLM n'est pas équivalent à maximiser $\log p(x)$.

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# **1. GPT.** Par définition de la conditionnelle, $q(x_{<i+1}) = q(x_{<i})\,q(x_i \mid
# x_{<i})$ pour tout $i$ (tous ces préfixes ont une probabilité $\ge q(x) > 0$). En
# multipliant de $i = 0$ à $n - 1$ (télescopage, $q(x_{<0}) = 1$) :
# $q(x) = \prod_{i=0}^{n-1} q(x_i \mid x_{<i})$ (règle de la chaîne), donc
# $\ell_{AR}(q; x) = \log q(x)$ **exactement**, pour tout $q$ : c'est ce que vérifie la
# question 1. Ainsi $\mathbb{E}_p\,\ell_{AR}(q; x) = \mathbb{E}_p \log q(x)
# = -H(p) - \mathrm{KL}(p \,\|\, q)$ : minimiser $\mathcal{L}_{AR}$ est **exactement**
# maximiser la log-vraisemblance, et, $\mathrm{KL} \ge 0$ avec égalité si et seulement si
# $q = p$ (inégalité de Gibbs), l'optimum est unique, $q = p$. Pour un modèle paramétré
# $q_\theta$, l'estimateur obtenu est l'estimateur du maximum de vraisemblance.
#
# **2. MLM avec $k = n$.** Si tout est masqué, $x_{\setminus M}$ est vide et
# $q(x_i \mid x_{\setminus M}) = q(x_i)$, la marginale : $\ell_{MLM,n}(q; x) = \sum_i \log
# q_i(x_i)$. Alors $\mathbb{E}_p\,\ell_{MLM,n}(q; x) = \sum_i \mathbb{E}_{p_i} \log q_i(x_i)$
# est maximal dès que $q_i = p_i$ pour tout $i$ (Gibbs, position par position) : le produit
# des marginales $q = \prod_i p_i$ est un maximiseur, et $q \neq p$ si les jetons de $p$
# sont dépendants ; sa log-vraisemblance est strictement plus petite,
# $\mathbb{E}_p \log q = \mathbb{E}_p \log p - I$, où $I = \mathrm{KL}(p \,\|\, \prod_i p_i)
# > 0$ (information mutuelle totale). L'objectif MLM ne voit pas les dépendances entre jetons
# masqués ensemble. La cellule de démonstration le montre : $p$ et le produit de ses
# marginales ont le même $L_3$, mais pas le même $\log p(x)$.
#
# **3. MLM avec $k = 1$.** Chaque terme vaut $q(x_i \mid x_{-i}) = q(x) / q(x_{-i})$, avec
# $q(x_{-i}) = \sum_v q(x_{-i}, x_i = v) \ge q(x) > 0$ ; en sommant les logarithmes,
# $\sum_i \log q(x_i \mid x_{-i}) = n \log q(x) - \sum_i \log q(x_{-i})$. Chaque terme a son
# propre dénominateur : aucun télescopage comme en 1. Pour des jetons indépendants,
# $q(x_{-i}) = \prod_{j \neq i} q_j(x_j)$, donc $\sum_i \log q(x_{-i}) = (n - 1) \log q(x)$
# et la pseudo-log-vraisemblance vaut $\log q(x)$ (vérifié à la question 2). En général non :
# pour la loi où chaque jeton recopie le précédent avec probabilité $0{,}9$
# ($q(x_0) = \frac12$, $n = 3$, $V = 2$) et $x = (0, 0, 0)$, $q(x) = 0{,}405$ mais les trois
# conditionnelles valent $0{,}9$, $0{,}405 / 0{,}41 \approx 0{,}988$ et $0{,}9$ : la
# pseudo-vraisemblance vaut $\approx 0{,}80$, bien plus que $q(x) = 0{,}405$ ($\log$ :
# $-0{,}22$ contre $-0{,}90$), car chaque jeton se devine à partir des deux autres. Les deux
# suites constantes donnent déjà $2 \times 0{,}80 = 1{,}6 > 1$ : $\sum_x
# \exp(\text{pseudo-log-vraisemblance})$ n'est pas 1, ce n'est pas une log-probabilité. Pour un
# réseau, les $n$ sorties $q_\theta(x_i \mid x_{-i})$ sont $n$ lois apprises séparément ; rien
# n'impose qu'il existe une loi jointe dont elles soient les conditionnelles (il faut des
# conditions de compatibilité, comme celles du lemme de Brook), donc $\log q_\theta(x)$ n'est
# même pas
# défini. L'objectif MLM maximise une **somme de log-conditionnelles** (une
# pseudo-vraisemblance, espérée sur les masques), pas $\log p(x)$ : les deux n'ont ni la même
# valeur, ni en général les mêmes maximiseurs (point 2, ou tout modèle mal spécifié), même si
# un modèle parfait ($q = p$) maximise les deux. L'objectif autorégressif, lui, **est**
# $\log q(x)$ par la règle de la chaîne.

# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 2

# %% [markdown]
# **Question 6 (rédigée) — choisir.** Dans quels scénarios préférer un modèle de type BERT
# (encodeur bidirectionnel, objectif MLM), et dans lesquels un modèle de type GPT (décodeur
# causal, objectif autorégressif) ? Donnez au moins deux scénarios de chaque côté, justifiés
# par ce qui précède (contexte des deux côtés, loi jointe, génération, coût).

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# **BERT** quand la tâche consiste à **comprendre** un texte entier déjà donné : chaque
# représentation voit le contexte des deux côtés. Classification de phrases ou de documents
# (sentiment, thème, détection de spam), étiquetage de jetons (entités nommées,
# morpho-syntaxe), question-réponse extractive (trouver un passage), recherche d'information
# et similarité (plongements de phrases pour la recherche sémantique, le re-classement) ;
# modèles plus petits, affinés à peu de frais, sans besoin de générer.
#
# **GPT** quand il faut **générer** ou **évaluer la probabilité** d'un texte : génération
# libre, dialogue, complétion de code, résumé et traduction génératifs, tâches posées par un
# prompt (apprentissage en contexte, zéro ou quelques exemples) ; et tout ce qui demande
# $\log p(x)$ exact (score de vraisemblance, perplexité, détection d'anomalies, compression),
# que seul l'objectif autorégressif fournit (question 5). Le cache des clés et valeurs rend
# la génération incrémentale efficace. À grande échelle, un seul modèle autorégressif sert
# aussi pour la compréhension, au prix d'un contexte à sens unique, ce qui explique leur
# domination actuelle ; pour des tâches d'encodage à budget fixé, BERT reste plus efficace.
