# %% [markdown]
# # Exercice 7.1 (⋆) — Complexité de l'attention
#
# L'attention *scaled dot-product* du Transformer (équation 7.1 du cours) est
#
# $$\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{QK^\top}{\sqrt{d_k}}
# \Big)\,V ,$$
#
# pour une séquence de longueur $n$ : $Q, K \in \mathbb{R}^{n \times d_k}$ (requêtes et
# clés), $V \in \mathbb{R}^{n \times d_v}$ (valeurs), le softmax étant pris sur chaque ligne
# (sur les clés).
#
# L'exercice du cours : montrer que sa complexité temporelle est $O(n^2 d_k)$, expliquer
# pourquoi cela pose problème pour les longues séquences et citer deux approches pour la
# réduire. La démonstration et la discussion sont **rédigées** (questions 3 et 4, corrigées à
# la main). Les questions 1 et 2 en vérifient le contenu numérique : on écrit l'attention,
# puis une fonction qui compte ses opérations flottantes (FLOPs), comparée au compteur
# d'opérations de PyTorch.
#
# **Conventions (tout l'exercice).** `Q` et `K` sont des tenseurs 2-D de forme $(n, d_k)$,
# `V` de forme $(n, d_v)$, avec $n \ge 1$ ; $d_v$ peut différer de $d_k$ ; les trois
# tenseurs ont le même type, `float32` ou `float64`. Rien n'est téléchargé : les données
# sont tirées dans le notebook.

# %%
import math

import torch
from torch.utils.flop_counter import FlopCounterMode

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — l'attention (équation 7.1).** Écrire `attention(Q, K, V)` qui renvoie
# $\operatorname{softmax}(QK^\top/\sqrt{d_k})\,V$, tenseur de forme $(n, d_v)$ **du type de
# `Q`** :
#
# * $d_k$ est la dernière dimension de `Q` et `K` (ni $d_v$, ni $n$) ;
# * le softmax porte sur l'axe des **clés** : la matrice des poids
#   $P = \operatorname{softmax}(QK^\top/\sqrt{d_k})$, de forme $(n, n)$, a des lignes
#   positives qui somment à 1 ;
# * le calcul est écrit par vous avec **exactement deux produits matriciels**, $QK^\top$ puis
#   $PV$ (par `@`, `torch.matmul` ou `torch.einsum`) : ni `F.scaled_dot_product_attention`,
#   ni `nn.MultiheadAttention`, et pas de produit calculé par une boucle ou par des produits
#   élément par élément suivis d'une somme. La question 2 compte les FLOPs de **votre**
#   fonction.
#
# *Ce que vérifie la correction.* La forme et les valeurs, comparées à un calcul en
# `float64` pour plusieurs formes ($n = 1$, $d_v \ne d_k$, $d_k = 64$) ; avec
# $V = I_n$ (matrice identité, $d_v = n$), `attention(Q, K, V)` vaut $P$ : ses lignes
# somment à 1 ; le type (`float32` → `float32`, `float64` → `float64`) ; l'absence des
# fonctions d'attention toutes faites de PyTorch.

# %%
def attention(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """softmax(Q Kᵀ / √d_k) V pour Q, K de forme (n, d_k) et V de forme (n, d_v)."""
    # BEGIN SOLUTION
    d_k = Q.shape[1]
    poids = torch.softmax(Q @ K.T / math.sqrt(d_k), dim=1)
    return poids @ V
    # END SOLUTION


# %%
@helper
def tenseurs(n, d_k, d_v, graine, echelle=1.0):
    """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
    g = torch.Generator().manual_seed(graine)
    Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
    K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
    V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
    return Q, K, V


@helper
def oracle(Q, K, V):
    """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
    Q, K, V = Q.double(), K.double(), V.double()
    return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V


@helper
def appeler_attention(attention, Q, K, V, quoi):
    """attention(Q, K, V) sur des copies, sa forme (n, d_v) vérifiée."""
    recu = C.as_tensor(C.call(attention, Q.clone(), K.clone(), V.clone(), name="attention"),
                       quoi)
    C.expect_shape(recu, (Q.shape[0], V.shape[1]), name=quoi,
                   hint="la sortie a une ligne par requête et d_v colonnes : P @ V avec P de "
                        "forme (n, n).")
    return recu


@check
def attention_exemple(attention):
    # Q = 0 : tous les scores sont nuls, les poids uniformes, chaque ligne est la moyenne de V
    V = torch.arange(12, dtype=torch.float64).reshape(4, 3)
    K = torch.randn(4, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    recu = appeler_attention(attention, torch.zeros(4, 2, dtype=torch.float64), K, V,
                             "attention(0, K, V) pour K de forme (4, 2), V de forme (4, 3)")
    C.expect_close(recu, V.mean(dim=0).expand(4, 3), name="attention(0, K, V)", reveal=True,
                   hint="des scores tous nuls donnent des poids uniformes (1/n) : chaque "
                        "ligne de la sortie est la moyenne des lignes de V.")
    Q, K, V = tenseurs(3, 2, 4, 1)
    recu = appeler_attention(attention, Q, K, V, "attention pour Q, K (3, 2), V (3, 4)")
    C.expect_close(recu, oracle(Q, K, V), name="attention sur un exemple 3 × 2", reveal=True,
                   hint="softmax(Q Kᵀ / √d_k) V : softmax sur chaque ligne (les clés), "
                        "d_k = Q.shape[-1].")


@check(hidden=True)
def attention_contre_oracle(attention):
    # n ≠ d_k, d_v ≠ d_k, une seule position, n = d_k = d_v, d_v = 1, scores plus étalés
    cas = [(6, 3, 5, 1.0), (7, 4, 2, 1.0), (1, 2, 3, 1.0), (5, 5, 5, 1.0), (4, 8, 1, 1.0),
           (6, 3, 4, 4.0)]
    for graine, (n, d_k, d_v, echelle) in enumerate(cas):
        Q, K, V = tenseurs(n, d_k, d_v, 10 + graine, echelle)
        quoi = f"attention pour Q, K de forme {(n, d_k)}, V de forme {(n, d_v)}"
        C.expect_close(appeler_attention(attention, Q, K, V, quoi), oracle(Q, K, V), name=quoi,
                       hint="softmax(Q Kᵀ / √d_k) V : le softmax porte sur le dernier axe des "
                            "scores (les clés), Kᵀ est la transposée de K.")
    C.expect_not_using(attention, {"scaled_dot_product_attention", "MultiheadAttention",
                                   "multi_head_attention_forward"}, name="attention",
                       hint="écrivez le calcul vous-même : deux produits matriciels et un "
                            "softmax.")


@check(hidden=True)
def attention_poids_somment_a_un(attention):
    # V = I_n : la sortie est la matrice des poids P elle-même
    n = 6
    Q, K, _ = tenseurs(n, 4, 1, 20, 2.0)
    identite = torch.eye(n, dtype=torch.float64)
    P = appeler_attention(attention, Q, K, identite, "attention(Q, K, I) (la matrice P)")
    C.expect(bool((P >= 0).all()), "La matrice des poids P contient des valeurs négatives.",
             hint="P = softmax(…) : chaque poids est une exponentielle normalisée, positive.")
    C.expect_close(P.sum(dim=1), torch.ones(n, dtype=torch.float64),
                   name="somme de chaque ligne de P",
                   hint="le softmax se prend sur chaque ligne (dim=-1, l'axe des clés), pas sur "
                        "les colonnes.")
    C.expect_close(P, oracle(Q, K, identite), name="la matrice des poids P",
                   hint="P = softmax(Q Kᵀ / √d_k), ligne par ligne.")


@check(hidden=True)
def attention_echelle(attention):
    # d_k = 64 : sans le facteur, les scores ont un écart-type 8 et le softmax sature ;
    # d_k ≠ d_v ≠ n : le facteur est 1/√d_k, d_k la dernière dimension de Q et K
    for graine, (n, d_k, d_v) in enumerate(((5, 64, 3), (4, 9, 16))):
        Q, K, V = tenseurs(n, d_k, d_v, 30 + graine)
        quoi = f"attention avec d_k = {d_k}, d_v = {d_v}, n = {n}"
        C.expect_close(appeler_attention(attention, Q, K, V, quoi), oracle(Q, K, V), name=quoi,
                       hint="divisez les scores par √d_k, d_k = Q.shape[-1] (la dimension des "
                            "requêtes et des clés, pas celle de V ni n).")


@check(hidden=True)
def attention_type_conserve(attention):
    Q, K, V = tenseurs(5, 3, 4, 40)
    attendu = oracle(Q, K, V)
    for dtype, tolerance in ((torch.float32, (1e-4, 1e-5)), (torch.float64, (1e-7, 1e-7))):
        nom = str(dtype)[6:]
        recu = C.call(attention, Q.to(dtype), K.to(dtype), V.to(dtype), name="attention")
        C.expect(isinstance(recu, torch.Tensor) and recu.dtype == dtype,
                 f"`attention` ne renvoie pas un tenseur {nom} pour des entrées {nom}.",
                 hint="n'imposez pas de type (pas de .float(), .double() ni dtype=…) : les "
                      "opérations sur Q, K, V le conservent.")
        C.expect_close(recu, attendu.to(dtype), name=f"attention en {nom}",
                       rtol=tolerance[0], atol=tolerance[1])


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — compter les FLOPs.** On compte les opérations en virgule flottante (FLOPs)
# comme le fait le compteur de PyTorch, `torch.utils.flop_counter.FlopCounterMode` :
#
# * un produit matriciel d'une matrice $m \times k$ par une matrice $k \times p$ compte
#   $2\,m\,k\,p$ FLOPs (pour chacun des $m p$ coefficients du résultat, $k$ multiplications
#   et $k$ additions) ;
# * **rien d'autre n'est compté** : ni la division par $\sqrt{d_k}$, ni l'exponentielle et
#   la normalisation du softmax, ni la transposition (ces opérations coûtent $O(n^2)$ ;
#   `FlopCounterMode` ne compte que les produits matriciels et les convolutions).
#
# Écrire `flops_attention(n, d_k, d_v)` qui renvoie le nombre de FLOPs de l'attention de la
# question 1 pour `Q`, `K` de forme $(n, d_k)$ et `V` de forme $(n, d_v)$, selon cette
# convention, sous la forme d'un **entier Python** (`int`). C'est une **formule** en $n$,
# $d_k$ et $d_v$ : la fonction n'exécute aucune attention et n'utilise pas
# `FlopCounterMode` (elle doit répondre instantanément même pour $n = 10^6$). On mesure le
# compte de PyTorch ainsi :
#
# ```python
# with FlopCounterMode(display=False) as compteur:
#     attention(Q, K, V)
# compteur.get_total_flops()
# ```
#
# *Ce que vérifie la correction.* `flops_attention(n, d_k, d_v)` est comparée au compte de
# `FlopCounterMode` pour une attention de référence, pour plusieurs $(n, d_k, d_v)$
# ($d_v \ne d_k$ et $n = 1$ compris, et $n = 10^6$) ; le type `int` ; l'absence de
# `FlopCounterMode` dans la fonction ; et le compte de `FlopCounterMode` pour **votre**
# `attention` de la question 1 doit être égal à `flops_attention(n, d_k, d_v)` (deux
# produits matriciels, rien d'autre), pour des tailles $n, d_k, d_v \ge 2$ (quand une
# dimension vaut 1, `torch.einsum` calcule le produit élément par élément et
# `FlopCounterMode` ne le compte pas).

# %%
def flops_attention(n: int, d_k: int, d_v: int) -> int:
    """FLOPs de softmax(Q Kᵀ / √d_k) V, comptés comme FlopCounterMode (produits matriciels)."""
    # BEGIN SOLUTION
    return 2 * n * n * d_k + 2 * n * n * d_v
    # END SOLUTION


# %%
@helper
def flops_compteur(n, d_k, d_v):
    """Les FLOPs que FlopCounterMode compte pour l'attention de référence, sur des tenseurs
    « meta » (des formes sans données : rien n'est alloué, même pour n = 10⁶)."""
    from torch.utils.flop_counter import FlopCounterMode

    Q, K = torch.empty(n, d_k, device="meta"), torch.empty(n, d_k, device="meta")
    V = torch.empty(n, d_v, device="meta")
    with FlopCounterMode(display=False) as compteur:
        oracle(Q, K, V)
    return int(compteur.get_total_flops())


@helper
def flops_entier(flops_attention, n, d_k, d_v):
    """flops_attention(n, d_k, d_v), qui doit être un int (et non un bool, un float, un
    tenseur)."""
    recu = C.call(flops_attention, n, d_k, d_v, name="flops_attention")
    C.expect(isinstance(recu, int) and not isinstance(recu, bool),
             f"`flops_attention` doit renvoyer un entier Python (int), reçu un objet de type "
             f"{type(recu).__name__}.",
             hint="un nombre de FLOPs est un entier : évitez la division `/`, `math.pow` et les "
                  "flottants (2.0) ; `int(...)` convertit si besoin.")
    return recu


@helper
def flops_mesures(attention, Q, K, V):
    """Les FLOPs que FlopCounterMode compte pendant attention(Q, K, V), mesurés là où vit la
    fonction de l'étudiant."""
    @C.probe
    def compter(attention, Q, K, V):
        from torch.utils.flop_counter import FlopCounterMode

        with FlopCounterMode(display=False) as compteur:
            attention(Q, K, V)
        return int(compteur.get_total_flops())

    recu = C.call(compter, C.require(attention, "attention"), Q, K, V, name="attention")
    return int(C.as_number(recu, "FLOPs comptés pendant `attention`"))


@check
def flops_exemple(flops_attention, attention):
    attendu = flops_compteur(4, 3, 2)
    recu = flops_entier(flops_attention, 4, 3, 2)
    C.expect_equal(recu, attendu, name="flops_attention(4, 3, 2)", reveal=True,
                   hint="deux produits matriciels : Q Kᵀ, (4 × 3) par (3 × 4), puis P V, "
                        "(4 × 4) par (4 × 2) ; 2·m·k·p FLOPs chacun.")
    Q, K, V = tenseurs(4, 3, 2, 2)
    mesure = flops_mesures(attention, Q, K, V)
    C.expect_equal(mesure, recu, name="FLOPs que FlopCounterMode compte pour votre `attention` "
                   "(n = 4, d_k = 3, d_v = 2), comparés à flops_attention(4, 3, 2)", reveal=True,
                   hint="votre attention doit faire exactement deux produits matriciels (@, "
                        "torch.matmul ou torch.einsum) : Q Kᵀ puis P V.")


@check(hidden=True)
def flops_contre_compteur(flops_attention):
    # d_v ≠ d_k dans les deux sens, n = 1, d_k = d_v = 1, n ≠ d_k
    for n, d_k, d_v in ((1, 5, 3), (7, 4, 4), (16, 8, 32), (33, 64, 5), (10, 1, 1),
                        (128, 64, 64)):
        recu = flops_entier(flops_attention, n, d_k, d_v)
        C.expect(recu == flops_compteur(n, d_k, d_v),
                 "`flops_attention` ne donne pas le nombre de FLOPs que compte FlopCounterMode "
                 "pour l'attention.",
                 hint="comptez les deux produits matriciels, Q Kᵀ ((n × d_k) par (d_k × n)) et "
                      "P V ((n × n) par (n × d_v)), à 2·m·k·p FLOPs chacun ; d_v peut "
                      "différer de d_k ; le softmax et la division ne comptent pas.")


@check(hidden=True)
def flops_formule(flops_attention):
    # d'abord le source : une fonction qui exécuterait l'attention sous FlopCounterMode
    # chercherait à allouer une matrice n × n de 10¹² coefficients ci-dessous
    C.expect_not_using(flops_attention, {"FlopCounterMode", "flop_counter", "get_total_flops"},
                       name="flops_attention",
                       hint="flops_attention est une formule : FlopCounterMode sert à la "
                            "vérifier, pas à la calculer.")
    # n = 10⁶ : une formule répond tout de suite, en entiers Python exacts
    for n, d_k, d_v in ((10 ** 6, 64, 64), (3 * 10 ** 5, 128, 32)):
        recu = flops_entier(flops_attention, n, d_k, d_v)
        C.expect(recu == flops_compteur(n, d_k, d_v),
                 "`flops_attention` est fausse pour une très longue séquence.",
                 hint="une formule en n, d_k et d_v, en entiers Python (pas de flottant, "
                      "pas de calcul d'attention).")


@check(hidden=True)
def flops_de_votre_attention(flops_attention, attention):
    # tailles ≥ 2 : torch.einsum calcule un produit dont une dimension vaut 1 par un produit
    # élément par élément, que FlopCounterMode ne compte pas (l'énoncé le dit)
    for graine, (n, d_k, d_v) in enumerate(((6, 4, 3), (2, 3, 5), (9, 2, 7))):
        Q, K, V = tenseurs(n, d_k, d_v, 50 + graine)
        attendu = flops_compteur(n, d_k, d_v)
        C.expect(flops_mesures(attention, Q, K, V) == attendu,
                 "FlopCounterMode ne compte pas, pour votre `attention`, les FLOPs de deux "
                 "produits matriciels Q Kᵀ et P V.",
                 hint="écrivez les deux produits avec @, torch.matmul ou torch.einsum (un "
                      "produit élément par élément suivi d'une somme n'est pas compté), et "
                      "rien de plus.")
        C.expect(flops_entier(flops_attention, n, d_k, d_v) == attendu,
                 "`flops_attention(n, d_k, d_v)` diffère du nombre de FLOPs que "
                 "FlopCounterMode compte pour votre `attention`.",
                 hint="2·m·k·p FLOPs par produit matriciel (m × k) par (k × p), pour Q Kᵀ et "
                      "pour P V.")


# %% [markdown]
# **Le coût en pratique.** Le tableau suivant donne, pour $d_k = d_v = 64$ (la dimension
# d'une tête du Transformer de base), le nombre de FLOPs (votre formule, et le compte de
# `FlopCounterMode` pour votre attention tant que $n \le 1024$) et la mémoire de la seule
# matrice des poids $P$ ($n \times n$ coefficients `float32`, 4 octets chacun), par tête et
# par couche.

# %% tags=["demo"]
d = 64
print(f"{'n':>6} {'FLOPs (formule)':>16} {'FLOPs (mesurés)':>16} {'mémoire de P':>14}")
for n in (128, 256, 512, 1024, 2048, 4096, 8192):
    mesure = ""
    if n <= 1024:
        Q, K, V = (torch.randn(n, d) for _ in range(3))
        with FlopCounterMode(display=False) as compteur:
            attention(Q, K, V)
        mesure = f"{compteur.get_total_flops():.3e}"
    memoire = 4 * n * n / 2 ** 20
    print(f"{n:>6} {flops_attention(n, d, d):>16.3e} {mesure:>16} {memoire:>10.1f} Mio")

# %% [raw]
# # BEGIN QUESTION
# name: q3
# manual: true
# points: 2

# %% [markdown]
# **Question 3 (rédigée) — la complexité.** Montrer que le calcul de
# $\operatorname{softmax}(QK^\top/\sqrt{d_k})\,V$ demande un temps $O(n^2 d_k)$ (avec
# $d_v = O(d_k)$, le cas du Transformer où $d_k = d_v = d_{model}/h$). Détailler le coût de
# chaque étape (produit $QK^\top$, mise à l'échelle, softmax, produit par $V$) et retrouver la
# formule de la question 2. Quelle est la mémoire nécessaire ?

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# * $S = QK^\top$ : $n^2$ coefficients $S_{ij} = q_i^\top k_j$, chacun un produit scalaire de
#   longueur $d_k$ ($d_k$ multiplications, $d_k - 1$ additions) : $O(n^2 d_k)$, soit
#   $2 n^2 d_k$ FLOPs dans la convention $2mkp$.
# * Mise à l'échelle $S/\sqrt{d_k}$ : une division par coefficient, $O(n^2)$.
# * Softmax ligne par ligne : pour chacune des $n$ lignes, un maximum, $n$ exponentielles, une
#   somme et $n$ divisions : $O(n^2)$.
# * $PV$ : $n \times d_v$ coefficients, chacun un produit scalaire de longueur $n$ :
#   $O(n^2 d_v)$, soit $2 n^2 d_v$ FLOPs.
#
# Total : $O(n^2 d_k + n^2 + n^2 d_v) = O(n^2 (d_k + d_v)) = O(n^2 d_k)$ pour $d_v = O(d_k)$ ;
# en ne comptant que les produits matriciels, $2n^2(d_k + d_v)$ FLOPs (question 2). La
# mémoire est $O(n^2)$ pour la matrice $S$ (ou $P$), plus $O(n(d_k + d_v))$ pour $Q$, $K$,
# $V$ et la sortie. Si l'on inclut les projections $Q = XW^Q$, etc., on ajoute
# $O(n\, d_{model} d_k)$, linéaire en $n$ (tableau du théorème 6.7).

# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 2

# %% [markdown]
# **Question 4 (rédigée) — les longues séquences.** Pourquoi ce coût pose-t-il problème pour
# les longues séquences ? Appuyez-vous sur le tableau ci-dessus (temps et mémoire quand $n$
# double, ordre de grandeur pour $n = 8192$). Citez **deux** approches qui réduisent cette
# complexité et donnez, pour chacune, son idée et son coût.

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Le coût est **quadratique** en $n$ : doubler la longueur multiplie par 4 les FLOPs et la
# mémoire de la matrice des poids, alors que le reste du Transformer (projections, FFN) est
# linéaire en $n$. Pour $n = 8192$ et $d_k = d_v = 64$, une tête demande
# $2 \cdot 8192^2 \cdot 128 \approx 1{,}7 \cdot 10^{10}$ FLOPs et stocke
# $8192^2 \approx 6{,}7 \cdot 10^7$ poids, soit 256 Mio en `float32`, **par tête et par
# couche** (et il faut les garder pour la rétropropagation) : la mémoire du GPU est épuisée
# bien avant le temps de calcul, et le contexte utilisable est limité.
#
# Approches (deux suffisent) :
#
# * **attention creuse ou locale** (Sparse Transformer, Longformer, BigBird) : chaque requête
#   ne regarde qu'une fenêtre de $w$ positions (plus quelques positions globales ou
#   espacées) : $O(n w d_k)$ en temps, $O(n w)$ en mémoire ;
# * **attention linéaire** (Performer, Linear Transformer) : on remplace le softmax par un
#   noyau, $\phi(Q)(\phi(K)^\top V)$, et l'on calcule d'abord $\phi(K)^\top V$
#   ($d_k \times d_v$) : $O(n d_k d_v)$, au prix d'une approximation ;
# * **Flash Attention** : calcul exact par blocs avec un softmax « en ligne », sans jamais
#   matérialiser la matrice $n \times n$ : mémoire $O(n)$, temps toujours $O(n^2 d_k)$ mais
#   beaucoup moins de trafic mémoire (2 à 4 fois plus rapide) ;
# * des approximations de rang faible (Linformer : projeter $K$ et $V$ sur $k \ll n$
#   positions, $O(n k d)$), ou le partage des clés et valeurs entre têtes (MQA/GQA), qui
#   réduit la mémoire du cache KV.
