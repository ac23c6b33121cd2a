# %% [markdown]
# # Exercice 7.2 (⋆) — Masque causal
#
# Un décodeur de Transformer (GPT, section 7.7 du cours) prédit chaque jeton à partir des
# précédents (objectif autorégressif 7.14). Pour que la position $i$ n'« observe » pas les
# positions futures, on ajoute aux scores d'attention, **avant le softmax**, le masque
# causal de l'équation 7.15 :
#
# $$\text{mask}_{ij} = \begin{cases} 0 & \text{si } j \le i \\ -\infty & \text{si } j > i
# \end{cases} \qquad
# P = \operatorname{softmax}\!\Big(\frac{QK^\top}{\sqrt{d_k}} + \text{mask}\Big), \qquad
# \text{sortie} = P\,V .$$
#
# Comme $e^{-\infty} = 0$, les poids $P_{ij}$ des positions futures ($j > i$) sont exactement
# nuls et chaque ligne reste une loi de probabilité sur les positions $j \le i$.
#
# L'exercice du cours : implémenter en PyTorch une fonction qui génère un masque causal de
# taille $n \times n$ et montrer son effet sur la matrice d'attention pour une séquence de 5
# jetons. Les questions 1 et 2 sont vérifiées automatiquement ; l'interprétation est rédigée
# (question 3, corrigée à la main).
#
# **Conventions.** `Q` et `K` sont des tenseurs 2-D de forme $(n, d_k)$, `V` de forme
# $(n, d_v)$ (une séquence de $n \ge 1$ positions, sans dimension de lot) ; les trois
# tenseurs ont le même type, `float32` ou `float64`. Rien n'est téléchargé : les données
# sont tirées dans le notebook.

# %%
import math

import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — le masque.** Écrire `masque_causal(n, device=None)` qui renvoie le masque
# causal de forme $(n, n)$, créé sur l'appareil `device` (`None` : l'appareil par défaut, le
# CPU ; `device` peut être une chaîne comme `"cpu"` ou un `torch.device`), dans **l'une des
# deux conventions** suivantes, au choix :
#
# * **booléenne** : un tenseur `torch.bool` où `M[i, j]` vaut `True` si la position $j$ est
#   **autorisée** pour la requête $i$ ($j \le i$, diagonale comprise) et `False` si elle est
#   masquée ($j > i$) : la convention de `torch.tril` et d'un `attn_mask` booléen de PyTorch ;
# * **additive** (équation 7.15) : un tenseur flottant (`float32` ou `float64`) qui vaut
#   `0.0` si $j \le i$ et $-\infty$ (`float("-inf")`, pas un grand nombre négatif) si
#   $j > i$, à ajouter aux scores.
#
# Le masque est construit **sans boucle Python** (ni `for`, ni `while`, ni compréhension de
# liste) : par des opérations vectorisées (`torch.tril`, `torch.triu`, une comparaison de
# deux `torch.arange`…), dont le nombre ne dépend pas de $n$.
#
# *Ce que vérifie la correction.* Le masque exact pour $n = 1, \dots, 8$ (dans la convention
# que vous avez choisie, reconnue à son type) ; l'appareil : le masque est créé sur `device`,
# passé par position (`"cpu"`, `torch.device("cpu")`, et l'appareil `"meta"` de PyTorch,
# qui ne stocke aucune donnée) ; l'absence de boucle dans `masque_causal` et un nombre
# d'opérations PyTorch qui ne croît pas avec $n$.

# %%
def masque_causal(n: int, device=None) -> torch.Tensor:
    """Masque causal (n, n) : booléen (True où j ≤ i) ou additif (0 où j ≤ i, −∞ où j > i)."""
    # BEGIN SOLUTION
    return torch.ones(n, n, dtype=torch.bool, device=device).tril()
    # END SOLUTION


# %%
@helper
def verifier_masque(m, n, quoi):
    """Le masque m de forme (n, n), dans l'une des deux conventions de l'énoncé."""
    m = C.as_tensor(m, quoi)
    C.expect_shape(m, (n, n), name=quoi, hint="une ligne par requête i, une colonne par clé j.")
    autorise = torch.ones(n, n, dtype=torch.bool).tril()
    if m.dtype == torch.bool:
        C.expect(torch.equal(m, autorise),
                 f"`{quoi}` (masque booléen) n'est pas le masque causal attendu.",
                 hint="True là où la clé j est autorisée pour la requête i (j ≤ i, la "
                      "diagonale comprise : une position se voit elle-même), False où j > i.")
    elif m.is_floating_point():
        C.expect(bool(((m == 0) == autorise).all() and (m[~autorise] == -math.inf).all()),
                 f"`{quoi}` (masque additif) n'est pas le masque causal attendu.",
                 hint="0.0 là où j ≤ i (diagonale comprise), float('-inf') où j > i "
                      "(équation 7.15) ; pas un grand nombre négatif ni 1.")
    else:
        C.expect(False, f"`{quoi}` est de type {str(m.dtype)[6:]} : ni booléen (torch.bool), "
                        "ni flottant (masque additif 0 / −∞).",
                 hint="un masque 0/1 entier ou flottant est ambigu : choisissez torch.bool "
                      "(True = autorisé) ou un masque additif 0 / float('-inf').")


@check
def masque_exemple(masque_causal):
    m = C.as_tensor(C.call(masque_causal, 3, name="masque_causal"), "masque_causal(3)")
    if m.dtype == torch.bool:
        attendu = [[True, False, False], [True, True, False], [True, True, True]]
    elif m.is_floating_point():
        inf = float("-inf")
        attendu = [[0.0, inf, inf], [0.0, 0.0, inf], [0.0, 0.0, 0.0]]
    else:  # ni booléen ni flottant : le message sur le type
        verifier_masque(m, 3, "masque_causal(3)")
    C.expect_equal(m.tolist(), attendu, name="masque_causal(3)", reveal=True,
                   hint="booléen : True où j ≤ i ; additif : 0 où j ≤ i, −∞ où j > i.")
    verifier_masque(m, 3, "masque_causal(3)")


@check(hidden=True)
def masque_valeurs(masque_causal):
    for n in range(1, 9):
        verifier_masque(C.call(masque_causal, n, name="masque_causal"), n,
                        f"masque_causal({n})")


@check(hidden=True)
def masque_appareil(masque_causal):
    # device par position : None (défaut), une chaîne, un torch.device ; "meta" n'a pas de
    # données, seuls l'appareil, la forme et le type reviennent
    @C.probe
    def appareils(masque_causal):
        resultats = []
        for arguments in ((5,), (5, "cpu"), (5, torch.device("cpu")), (5, "meta"),
                          (5, torch.device("meta"))):
            m = masque_causal(*arguments)
            if not isinstance(m, torch.Tensor):
                resultats.append((type(m).__name__, None, None))
            elif m.device.type == "meta":
                resultats.append(("meta", list(m.shape), None))
            else:
                resultats.append((m.device.type, list(m.shape), m.detach().cpu()))
        return resultats

    resultats = C.call(appareils, C.require(masque_causal, "masque_causal"),
                       name="masque_causal")
    appels = ["masque_causal(5)", 'masque_causal(5, "cpu")',
              'masque_causal(5, torch.device("cpu"))', 'masque_causal(5, "meta")',
              'masque_causal(5, torch.device("meta"))']
    for appel, attendu, (appareil, forme, valeur) in zip(
            appels, ("cpu", "cpu", "cpu", "meta", "meta"), resultats, strict=True):
        C.expect(forme is not None, f"`{appel}` ne renvoie pas un tenseur (reçu un objet de "
                                    f"type {appareil}).")
        C.expect(appareil == attendu,
                 f"`{appel}` renvoie un tenseur sur l'appareil « {appareil} » au lieu de "
                 f"« {attendu} ».",
                 hint="créez le masque directement sur l'appareil demandé "
                      "(torch.ones(…, device=device), torch.arange(n, device=device)…) ou "
                      "déplacez-le avec .to(device).")
        C.expect(list(forme) == [5, 5], f"`{appel}` n'a pas la forme (5, 5).")
        if valeur is not None:
            verifier_masque(valeur, 5, appel)


@check(hidden=True)
def masque_sans_boucle(masque_causal):
    import ast

    arbre = ast.parse(C.source_of(masque_causal, "masque_causal"))
    boucles = [type(noeud).__name__ for noeud in ast.walk(arbre)
               if isinstance(noeud, ast.For | ast.While | ast.comprehension)]
    C.expect(not boucles,
             "`masque_causal` contient une boucle Python (for, while ou compréhension).",
             hint="construisez le masque en une fois : torch.ones(n, n, dtype=torch.bool)"
                  ".tril(), ou torch.arange(n)[:, None] >= torch.arange(n)[None, :].")

    # le nombre d'opérations PyTorch d'un appel, observé là où vit la fonction
    @C.probe
    def operations(masque_causal, n):
        from torch.utils._python_dispatch import TorchDispatchMode

        class Compteur(TorchDispatchMode):
            def __init__(self):
                super().__init__()
                self.nombre = 0

            def __torch_dispatch__(self, func, types, args=(), kwargs=None):
                self.nombre += 1
                return func(*args, **(kwargs or {}))

        with Compteur() as compteur:
            masque_causal(n)
        return compteur.nombre

    petit, grand = (int(C.as_number(C.call(operations, C.require(masque_causal,
                                                                  "masque_causal"), n,
                                           name="masque_causal"),
                                    "nombre d'opérations")) for n in (8, 64))
    C.expect(grand <= petit + 4,
             "Le nombre d'opérations PyTorch de `masque_causal` croît avec n : le masque est "
             "construit élément par élément ou ligne par ligne.",
             hint="une seule opération vectorisée suffit : torch.tril sur une matrice de "
                  "uns, ou la comparaison de deux torch.arange.")
    for n in (8, 64):
        verifier_masque(C.call(masque_causal, n, name="masque_causal"), n,
                        f"masque_causal({n})")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — l'attention causale.** Écrire `attention_causale(Q, K, V)` qui renvoie le
# couple `(sortie, poids)` :
#
# * `poids` $= P = \operatorname{softmax}(QK^\top/\sqrt{d_k} + \text{mask})$, de forme
#   $(n, n)$, le softmax étant pris sur chaque ligne (sur les clés $j$), $d_k$ étant la
#   dernière dimension de `Q` et `K` ;
# * `sortie` $= PV$, de forme $(n, d_v)$.
#
# Les deux ont le type de `Q`. Les poids des positions futures ($j > i$) sont **exactement
# nuls** et chaque ligne de `poids` somme à 1 : la sortie en position $i$ ne dépend pas de
# `Q`, `K`, `V` aux positions $> i$ (pas de fuite du futur) ; en particulier la première
# position ne voit qu'elle-même et `sortie[0]` $=$ `V[0]`. Écrivez le calcul vous-même
# (votre `masque_causal` peut servir) : ni `F.scaled_dot_product_attention`, ni
# `nn.MultiheadAttention`.
#
# *Ce que vérifie la correction.* La forme du couple ; les poids exactement nuls au-dessus de
# la diagonale et la somme des lignes ; les valeurs, comparées à un calcul en `float64` pour
# plusieurs formes ($n = 1$, $d_v \ne d_k$, $d_k = 64$) ; l'absence de fuite (changer `Q`,
# `K`, `V` aux positions $> i$ ne change ni la sortie ni les poids aux positions $\le i$) ;
# la première ligne ; le type (`float32` → `float32`, `float64` → `float64`).

# %%
def attention_causale(Q: torch.Tensor, K: torch.Tensor,
                      V: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(sortie, poids) de l'attention masquée : poids (n, n), sortie (n, d_v)."""
    # BEGIN SOLUTION
    n, d_k = Q.shape
    scores = Q @ K.T / math.sqrt(d_k)
    scores = scores.masked_fill(~masque_causal(n, Q.device), float("-inf"))
    poids = torch.softmax(scores, dim=1)
    return poids @ V, poids
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
    """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
    Q, K, V = Q.double(), K.double(), V.double()
    n = Q.shape[0]
    autorise = torch.ones(n, n, dtype=torch.bool).tril()
    scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
    poids = torch.softmax(scores, dim=1)
    return poids @ V, poids


@helper
def appeler(attention_causale, Q, K, V, quoi):
    """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
    resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(),
                      name="attention_causale")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`attention_causale` doit renvoyer un couple (sortie, poids).")
    sortie = C.as_tensor(resultat[0], f"sortie ({quoi})")
    poids = C.as_tensor(resultat[1], f"poids ({quoi})")
    n = Q.shape[0]
    C.expect_shape(poids, (n, n), name=f"poids ({quoi})",
                   hint="poids[i, j] : requête i, clé j ; forme (n, n).")
    C.expect_shape(sortie, (n, V.shape[1]), name=f"sortie ({quoi})",
                   hint="sortie = poids @ V, de forme (n, d_v).")
    return sortie, poids


@check
def attention_causale_exemple(attention_causale):
    Q = torch.tensor([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    K = torch.tensor([[2.0, 0.0], [0.0, 1.0], [-1.0, 1.0]])
    V = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    sortie, poids = appeler(attention_causale, Q, K, V, "exemple à 3 positions")
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    C.expect_close(poids, attendu_poids.float(), name="poids de l'exemple", reveal=True,
                   hint="softmax, ligne par ligne, de Q Kᵀ / √d_k avec −∞ là où j > i.")
    C.expect_close(sortie, attendu_sortie.float(), name="sortie de l'exemple", reveal=True,
                   hint="sortie = poids @ V.")


@check(hidden=True)
def poids_causaux(attention_causale):
    n = 6
    Q, K, V = tenseurs(n, 5, 3, 1, 3.0)
    sortie, poids = appeler(attention_causale, Q, K, V, "Q, K (6, 5), V (6, 3)")
    futur = ~torch.ones(n, n, dtype=torch.bool).tril()
    C.expect(bool((poids[futur] == 0).all()),
             "Les poids des positions futures (j > i) ne sont pas exactement nuls.",
             hint="ajoutez −∞ aux scores masqués avant le softmax (masked_fill ou masque "
                  "additif) : exp(−∞) = 0 exactement.")
    C.expect_close(poids.sum(dim=1), torch.ones(n, dtype=torch.float64),
                   name="somme de chaque ligne des poids",
                   hint="masquez avant le softmax (pas après : les lignes ne somment plus à "
                        "1), softmax sur la dernière dimension.")
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    C.expect_close(poids, attendu_poids, name="poids (Q, K (6, 5), V (6, 3))")
    C.expect_close(sortie, attendu_sortie, name="sortie (Q, K (6, 5), V (6, 3))")


@check(hidden=True)
def attention_contre_oracle(attention_causale):
    # n ≠ d_k, une seule position, n = d_k = d_v, d_v ≠ d_k, scores étalés
    cas = [(5, 3, 4, 1.0), (1, 3, 2, 1.0), (7, 7, 7, 1.0), (6, 2, 5, 1.0), (8, 4, 3, 5.0)]
    for graine, (n, d_k, d_v, echelle) in enumerate(cas):
        Q, K, V = tenseurs(n, d_k, d_v, 10 + graine, echelle)
        quoi = f"Q, K de forme {(n, d_k)}, V de forme {(n, d_v)}"
        sortie, poids = appeler(attention_causale, Q, K, V, quoi)
        attendu_sortie, attendu_poids = oracle(Q, K, V)
        C.expect_close(poids, attendu_poids, name=f"poids ({quoi})",
                       hint="P = softmax(Q Kᵀ / √d_k + mask), softmax sur la dernière "
                            "dimension (les clés), −∞ pour j > i.")
        C.expect_close(sortie, attendu_sortie, name=f"sortie ({quoi})",
                       hint="sortie = poids @ V.")
    C.expect_not_using(attention_causale, {"scaled_dot_product_attention",
                                           "MultiheadAttention",
                                           "multi_head_attention_forward"},
                       name="attention_causale",
                       hint="écrivez le calcul vous-même : scores, masque, softmax, produit "
                            "par V.")


@check(hidden=True)
def attention_echelle(attention_causale):
    # d_k = 64 : sans le facteur, les scores ont un écart-type 8 ; d_k ≠ d_v ≠ n
    for graine, (n, d_k, d_v) in enumerate(((5, 64, 3), (4, 9, 16))):
        Q, K, V = tenseurs(n, d_k, d_v, 20 + graine)
        quoi = f"d_k = {d_k}, d_v = {d_v}, n = {n}"
        _, poids = appeler(attention_causale, Q, K, V, quoi)
        C.expect_close(poids, oracle(Q, K, V)[1], name=f"poids ({quoi})",
                       hint="divisez les scores par √d_k, d_k = Q.shape[-1] (pas la dimension "
                            "de V, ni n).")


@check(hidden=True)
def attention_sans_fuite(attention_causale):
    # changer Q, K, V après la position i ne change rien aux positions ≤ i
    g = torch.Generator().manual_seed(2)
    n = 7
    Q, K, V = tenseurs(n, 4, 3, 30)
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    for i in (0, 2, 5):
        Q2, K2, V2 = Q.clone(), K.clone(), V.clone()
        for t in (Q2, K2, V2):
            t[i + 1:] = 10 * torch.randn(t[i + 1:].shape, generator=g, dtype=torch.float64)
        quoi = f"positions > {i} modifiées"
        sortie, poids = appeler(attention_causale, Q2, K2, V2, quoi)
        C.expect_close(sortie[:i + 1], attendu_sortie[:i + 1],
                       name=f"sortie aux positions ≤ {i} ({quoi})",
                       hint="fuite du futur : la sortie en position i ne doit dépendre que "
                            "des clés et valeurs j ≤ i (masque causal, −∞ avant le softmax).")
        C.expect_close(poids[:i + 1], attendu_poids[:i + 1],
                       name=f"poids des requêtes ≤ {i} ({quoi})")


@check(hidden=True)
def attention_premiere_position(attention_causale):
    for graine, (n, d_k, d_v) in enumerate(((5, 3, 4), (4, 6, 2))):
        Q, K, V = tenseurs(n, d_k, d_v, 40 + graine, 4.0)
        sortie, poids = appeler(attention_causale, Q, K, V, f"Q, K {(n, d_k)}, V {(n, d_v)}")
        premiere = torch.zeros(n, dtype=torch.float64)
        premiere[0] = 1.0
        C.expect_close(poids[0], premiere, name="première ligne des poids",
                       hint="la première requête ne voit que la première clé : son poids "
                            "vaut 1, tous les autres 0.")
        C.expect_close(sortie[0], V[0], name="sortie en position 0",
                       hint="la première position ne voit qu'elle-même : sortie[0] = V[0].")


@check(hidden=True)
def attention_type_conserve(attention_causale):
    Q, K, V = tenseurs(5, 3, 4, 50)
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    for dtype, (rtol, atol) in ((torch.float32, (1e-4, 1e-5)), (torch.float64, (1e-7, 1e-7))):
        nom = str(dtype)[6:]
        sortie, poids = appeler(attention_causale, Q.to(dtype), K.to(dtype), V.to(dtype),
                                f"entrées en {nom}")
        for valeur, quoi in ((sortie, "sortie"), (poids, "poids")):
            C.expect(valeur.dtype == dtype,
                     f"`attention_causale` renvoie {quoi} en {str(valeur.dtype)[6:]} pour des "
                     f"entrées en {nom}.",
                     hint="n'imposez pas de type : les opérations sur Q, K, V le conservent "
                          "(un masque additif float64 ajouté à des scores float32 les "
                          "convertit en float64).")
        C.expect_close(poids, attendu_poids.to(dtype), name=f"poids (entrées en {nom})",
                       rtol=rtol, atol=atol)
        C.expect_close(sortie, attendu_sortie.to(dtype), name=f"sortie (entrées en {nom})",
                       rtol=rtol, atol=atol)


# %% [markdown]
# **L'effet du masque sur 5 jetons.** La cellule suivante tire une séquence de 5 positions
# ($d_k = d_v = 4$) et affiche le masque, puis la matrice d'attention **sans** masque
# ($\operatorname{softmax}(QK^\top/\sqrt{d_k})$, chaque position voit toute la séquence) et
# **avec** le masque (votre `attention_causale`), arrondies au millième.

# %% tags=["demo"]
_g = torch.Generator().manual_seed(0)
Q5, K5, V5 = (torch.randn(5, 4, generator=_g) for _ in range(3))
print("masque_causal(5) :")
print(masque_causal(5))
print("\npoids sans masque :")
print(torch.softmax(Q5 @ K5.T / math.sqrt(4), dim=-1).round(decimals=3))
sortie5, poids5 = attention_causale(Q5, K5, V5)
print("\npoids avec le masque causal :")
print(poids5.round(decimals=3))
print("\nsomme des lignes :", poids5.sum(dim=-1).round(decimals=6))
print("sortie[0] == V[0] :", torch.allclose(sortie5[0], V5[0]))

# %% [raw]
# # BEGIN QUESTION
# name: q3
# manual: true
# points: 2

# %% [markdown]
# **Question 3 (rédigée) — ce que fait le masque.** À partir de la matrice 5 × 5 affichée :
#
# (a) Pourquoi le triangle supérieur des poids est-il exactement nul ? Pourquoi la première
# ligne vaut-elle $(1, 0, 0, 0, 0)$, et que représente la dernière ligne ? Comparez les lignes
# avec et sans masque.
#
# (b) Pourquoi ajoute-t-on $-\infty$ **avant** le softmax, plutôt que de mettre à zéro les
# poids futurs **après** ?
#
# (c) Pourquoi ce masque permet-il d'entraîner un modèle autorégressif (GPT) sur toutes les
# positions d'une séquence en une seule passe ? Pourquoi BERT n'en utilise-t-il pas ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) Au-dessus de la diagonale ($j > i$), le score vaut $-\infty$ et
# $e^{-\infty} = 0$ : le poids est exactement nul, la requête $i$ n'utilise aucune clé ni
# valeur future. La première requête n'a qu'une position autorisée, elle-même : le softmax
# d'un seul score vaut 1, donc la ligne est $(1, 0, 0, 0, 0)$ et $\text{sortie}_0 = v_0$. La
# dernière ligne (position 5) voit toute la séquence : c'est la même ligne que sans masque.
# Entre les deux, la ligne $i$ est la ligne sans masque restreinte aux $i + 1$ premières
# positions puis **renormalisée** (les poids autorisés augmentent, dans les mêmes rapports).
#
# (b) Avec $-\infty$ avant le softmax, la normalisation se fait sur les seules positions
# autorisées : chaque ligne reste une loi de probabilité (somme 1). Mettre des zéros après le
# softmax laisse des lignes de somme $< 1$ (il faudrait renormaliser), et les positions
# futures auraient quand même pesé dans le dénominateur : la sortie dépendrait encore du
# futur.
#
# (c) La sortie en position $t$ ne dépend que de $x_1, \dots, x_t$ : on peut donc calculer
# en une passe (des produits matriciels) les $T$ prédictions $p(x_{t+1} \mid x_{\le t})$ de
# l'objectif 7.14, chacune sans voir le jeton qu'elle doit prédire (*teacher forcing*
# parallèle). Sans masque, la position $t$ verrait $x_{t+1}$ et la perte serait triviale ;
# à la génération ce futur n'existe pas. BERT est un encodeur bidirectionnel : son objectif
# MLM masque des jetons d'entrée (15 %) et chaque position doit voir tout le contexte, à
# gauche comme à droite ; il n'y a donc pas de masque causal.
