# %% [markdown]
# # Exercice 6.4 (⋆⋆) — Attention causale et génération
#
# Un modèle de langage **autorégressif** prédit chaque jeton à partir des précédents. Avec
# l'attention (équation 6.9), toutes les positions d'une séquence sont traitées en même temps ;
# pour que la position $i$ ne « regarde pas dans le futur », on ajoute aux scores le **masque
# causal** de la section 6.10 :
#
# $$M_{ij} = \begin{cases} 0 & \text{si } j \le i \text{ (position autorisée)} \\
# -\infty & \text{si } j > i \text{ (position masquée)} \end{cases} \quad (6.20) \qquad
# \alpha_{ij} = \operatorname{softmax}_j\!\left(\frac{q_i^\top k_j}{\sqrt{d_k}} + M_{ij}\right).$$
#
# 1. Implémenter un modèle de langage autorégressif simple avec self-attention causale
#    (masquée).
# 2. L'entraîner sur un petit corpus de texte et générer du texte avec échantillonnage par
#    température et top-k.
# 3. Comparer avec un modèle LSTM de même taille (chapitre 5).
# 4. Analyser la complexité : temps d'entraînement et temps de génération des deux modèles.
#
# **Conventions.** Ici les séquences sont rangées **le lot d'abord** : un lot de $B$ séquences
# de $n$ positions est un tenseur de forme $(B, n, d)$ (et $(B, n)$ pour des indices de jetons).
# Les jetons sont des caractères. Les questions 1 à 4 sont corrigées automatiquement ; la
# question 5 est rédigée. Le corpus est un court texte écrit à partir des chapitres 5 et 6 du
# cours, inclus dans le notebook : rien n'est téléchargé.

# %%
import math
import time

import torch
import torch.nn.functional as F
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — le masque causal et l'attention causale (équations 6.9 et 6.20).** Écrire
#
# * `masque_causal(n)` qui renvoie le masque **booléen** (`torch.bool`) de forme $(n, n)$ où
#   `M[i, j]` vaut `True` si la position $j$ est **autorisée** pour la requête $i$ ($j \le i$)
#   et `False` si elle est masquée ($j > i$) : la convention de `torch.tril`, et celle d'un
#   `attn_mask` booléen dans PyTorch ;
# * `attention_causale(q, k, v)`, où `q` et `k` sont de forme $(B, n, d_k)$ et `v` de forme
#   $(B, n, d_v)$, qui renvoie le couple `(sortie, poids)` :
#   `poids[b, i, j]` $= \alpha_{ij}$ (forme $(B, n, n)$), calculé avec le masque de
#   l'équation 6.20 et le facteur $1/\sqrt{d_k}$, $d_k$ étant la dernière dimension de `q` et
#   `k` (et non celle de `v`), et `sortie = poids @ v` (forme $(B, n, d_v)$).
#
# Chaque ligne de `poids` somme à 1 et vaut **exactement 0** aux positions masquées : la sortie
# en position $i$ ne dépend pas de `q`, `k`, `v` aux positions $> i$. `sortie` et `poids` ont le
# type de `q` (`float32` ou `float64` ; `q`, `k` et `v` ont le même type) ; la fonction ne
# modifie pas ses arguments et n'utilise ni `F.scaled_dot_product_attention` ni
# `nn.MultiheadAttention` : écrivez le calcul vous-même (la fonction `masque_causal` peut
# servir).

# %%
def masque_causal(n: int) -> torch.Tensor:
    """M[i, j] = True si j ≤ i (position autorisée), False sinon ; forme (n, n), torch.bool."""
    # BEGIN SOLUTION
    return torch.tril(torch.ones(n, n, dtype=torch.bool))
    # END SOLUTION


def attention_causale(q: torch.Tensor, k: torch.Tensor,
                      v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(sortie, poids) de l'attention causale : poids (B, n, n), sortie (B, n, d_v)."""
    # BEGIN SOLUTION
    _, n, d_k = q.shape
    scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
    scores = scores.masked_fill(~masque_causal(n).to(q.device), float("-inf"))
    poids = torch.softmax(scores, dim=2)
    return poids @ v, poids
    # END SOLUTION


# %%
q_demo = torch.randn(1, 4, 8)
sortie_demo, poids_demo = attention_causale(q_demo, torch.randn(1, 4, 8), torch.randn(1, 4, 3))
print(masque_causal(4))
print(poids_demo[0].round(decimals=3))

# %%
@helper
def attention_oracle(q, k, v):
    """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
    q, k, v = (t.to(torch.float64) for t in (q, k, v))
    n, d_k = q.shape[1], q.shape[2]
    scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
    autorise = torch.ones(n, n, dtype=torch.bool).tril()
    poids = torch.softmax(scores.masked_fill(~autorise, float("-inf")), dim=2)
    return poids @ v, poids


@helper
def appeler_attention(attention_causale, q, k, v, quoi):
    """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
    resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(),
                      name="attention_causale")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`attention_causale` doit renvoyer un couple (sortie, poids).")
    sortie = C.as_tensor(resultat[0], f"sortie ({quoi})")
    poids = C.as_tensor(resultat[1], f"poids ({quoi})")
    B, n = q.shape[0], q.shape[1]
    C.expect_shape(poids, (B, n, n), name=f"poids ({quoi})",
                   hint="poids[b, i, j] : requête i, clé j ; forme (B, n, n).")
    C.expect_shape(sortie, (B, n, v.shape[2]), name=f"sortie ({quoi})",
                   hint="sortie = poids @ v, de forme (B, n, d_v).")
    return sortie, poids


@check
def masque_et_attention_exemple(masque_causal, attention_causale):
    m = C.as_tensor(C.call(masque_causal, 3, name="masque_causal"), "masque_causal(3)")
    C.expect_dtype(m, torch.bool, "masque_causal(3)",
                   hint="un masque booléen : torch.ones(n, n, dtype=torch.bool) puis tril.")
    C.expect_equal(m.tolist(), [[True, False, False], [True, True, False], [True, True, True]],
                   name="masque_causal(3)", reveal=True,
                   hint="True là où la position j est autorisée pour la requête i (j ≤ i).")
    q = torch.tensor([[[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]])
    k = torch.tensor([[[2.0, 0.0], [0.0, 1.0], [-1.0, 1.0]]])
    v = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]])
    sortie, poids = appeler_attention(attention_causale, q, k, v, "exemple de forme (1, 3, 2)")
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    C.expect_close(poids, attendu_poids.float(), name="poids de l'exemple", reveal=True,
                   hint="softmax sur j de q_i·k_j / √d_k, avec −∞ là où j > i.")
    C.expect_close(sortie, attendu_sortie.float(), name="sortie de l'exemple", reveal=True,
                   hint="sortie = poids @ v.")


@check(hidden=True)
def masque_causal_valeurs(masque_causal):
    for n in (1, 2, 5, 8):
        m = C.as_tensor(C.call(masque_causal, n, name="masque_causal"), f"masque_causal({n})")
        C.expect_dtype(m, torch.bool, f"masque_causal({n})")
        C.expect_shape(m, (n, n), name=f"masque_causal({n})")
        attendu = torch.ones(n, n, dtype=torch.bool).tril()
        C.expect(torch.equal(m, attendu),
                 f"`masque_causal({n})` n'est pas le masque causal attendu.",
                 hint="M[i, j] = True si j ≤ i (la diagonale est autorisée : une position se "
                      "voit elle-même), False si j > i.")


@check(hidden=True)
def attention_contre_oracle(attention_causale):
    # n ≠ d_k, n = d_k, d_v ≠ d_k, a single position, a single sequence
    cas = [(2, 5, 3, 4), (3, 4, 4, 2), (1, 1, 3, 3), (2, 7, 6, 6), (1, 6, 2, 5)]
    g = torch.Generator().manual_seed(0)
    for B, n, d_k, d_v in cas:
        q = 2 * torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        k = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        v = torch.randn(B, n, d_v, generator=g, dtype=torch.float64)
        quoi = f"q, k de forme {(B, n, d_k)}, v de forme {(B, n, d_v)}"
        sortie, poids = appeler_attention(attention_causale, q, k, v, quoi)
        attendu_sortie, attendu_poids = attention_oracle(q, k, v)
        C.expect_close(poids, attendu_poids, name=f"poids ({quoi})",
                       hint="α_ij = softmax_j(q_i·k_j / √d_k + M_ij) : softmax sur la "
                            "dernière dimension (les clés), masque −∞ pour j > i.")
        C.expect_close(sortie, attendu_sortie, name=f"sortie ({quoi})",
                       hint="sortie = poids @ v.")
    C.expect_not_using(attention_causale, {"scaled_dot_product_attention",
                                           "MultiheadAttention", "multi_head_attention_forward"},
                       name="attention_causale",
                       hint="écrivez le calcul vous-même : scores, masque, softmax, produit "
                            "par v.")


@check(hidden=True)
def attention_poids_causaux(attention_causale):
    g = torch.Generator().manual_seed(1)
    q = 3 * torch.randn(2, 6, 5, generator=g, dtype=torch.float64)
    k = torch.randn(2, 6, 5, generator=g, dtype=torch.float64)
    v = torch.randn(2, 6, 3, generator=g, dtype=torch.float64)
    sortie, poids = appeler_attention(attention_causale, q, k, v, "q, k (2, 6, 5), v (2, 6, 3)")
    futur = ~torch.ones(6, 6, dtype=torch.bool).tril()
    C.expect(bool((poids[:, futur] == 0).all()),
             "Les poids d'attention ne sont pas exactement nuls aux positions masquées (j > i).",
             hint="mettez −∞ dans les scores masqués avant le softmax (masked_fill) : "
                  "exp(−∞) = 0 exactement.")
    C.expect_close(poids.sum(dim=2), torch.ones(2, 6, dtype=torch.float64),
                   name="somme des poids sur les clés",
                   hint="le softmax se prend sur j (dernière dimension), après le masquage.")
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    C.expect_close(poids, attendu_poids, name="poids (q, k (2, 6, 5), v (2, 6, 3))")
    C.expect_close(sortie, attendu_sortie, name="sortie (q, k (2, 6, 5), v (2, 6, 3))")


@check(hidden=True)
def attention_sans_fuite(attention_causale):
    # changing q, k, v after position i changes nothing at positions ≤ i
    g = torch.Generator().manual_seed(2)
    B, n, d_k, d_v = 2, 7, 4, 3
    q = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
    k = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
    v = torch.randn(B, n, d_v, generator=g, dtype=torch.float64)
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    for i in (0, 2, 5):
        q2, k2, v2 = q.clone(), k.clone(), v.clone()
        for t in (q2, k2, v2):
            t[:, i + 1:] = 10 * torch.randn(t[:, i + 1:].shape, generator=g,
                                            dtype=torch.float64)
        quoi = f"positions > {i} modifiées"
        sortie, poids = appeler_attention(attention_causale, q2, k2, v2, quoi)
        C.expect_close(sortie[:, :i + 1], attendu_sortie[:, :i + 1],
                       name=f"sortie aux positions ≤ {i} ({quoi})",
                       hint="fuite du futur : la sortie en position i ne doit dépendre que des "
                            "clés et valeurs j ≤ i (masque causal, −∞ avant le softmax).")
        C.expect_close(poids[:, :i + 1], attendu_poids[:, :i + 1],
                       name=f"poids des requêtes ≤ {i} ({quoi})")


@check(hidden=True)
def attention_echelle(attention_causale):
    # d_k = 64: unscaled scores have a standard deviation of 8 and saturate the softmax;
    # d_v ≠ d_k ≠ n: the factor is 1/√d_k, d_k the last dimension of q and k
    g = torch.Generator().manual_seed(3)
    for B, n, d_k, d_v in ((2, 5, 64, 3), (1, 4, 9, 16)):
        q = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        k = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        v = torch.randn(B, n, d_v, generator=g, dtype=torch.float64)
        quoi = f"d_k = {d_k}, d_v = {d_v}, n = {n}"
        _, poids = appeler_attention(attention_causale, q, k, v, quoi)
        _, attendu_poids = attention_oracle(q, k, v)
        C.expect_close(poids, attendu_poids, name=f"poids ({quoi})",
                       hint="divisez les scores q_i·k_j par √d_k, d_k = q.shape[-1] (la "
                            "dimension des requêtes et des clés, pas celle de v ni n).")


@check(hidden=True)
def attention_type_et_arguments(attention_causale):
    g = torch.Generator().manual_seed(4)
    q = torch.randn(2, 5, 3, generator=g, dtype=torch.float64)
    k = torch.randn(2, 5, 3, generator=g, dtype=torch.float64)
    v = torch.randn(2, 5, 4, generator=g, dtype=torch.float64)
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    resultat = C.expect_unchanged(attention_causale, q.clone(), k.clone(), v.clone(),
                                  name="attention_causale",
                                  hint="masked_fill (sans _) et les opérations hors place "
                                       "laissent q, k et v intacts.")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`attention_causale` doit renvoyer un couple (sortie, poids).")
    C.expect_close(resultat[1], attendu_poids, name="poids (q, k (2, 5, 3), v (2, 5, 4))")
    C.expect_close(resultat[0], attendu_sortie, name="sortie (q, k (2, 5, 3), v (2, 5, 4))")
    for dtype in (torch.float32, torch.float64):
        nom = str(dtype)[6:]
        sortie, poids = appeler_attention(attention_causale, q.to(dtype), k.to(dtype),
                                          v.to(dtype), f"entrées en {nom}")
        for valeur, quoi in ((sortie, "sortie"), (poids, "poids")):
            C.expect(valeur.dtype == dtype,
                     f"`attention_causale` renvoie {quoi} en {str(valeur.dtype)[6:]} pour des "
                     f"entrées en {nom}.",
                     hint="n'imposez pas de type : les opérations sur q, k, v le conservent.")
        C.expect_close(poids, attendu_poids.to(dtype), name=f"poids (entrées en {nom})")
        C.expect_close(sortie, attendu_sortie.to(dtype), name=f"sortie (entrées en {nom})")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — le modèle de langage causal.** Écrire la classe `ModeleCausal(nb_jetons, d,
# n_max)`, un `nn.Module` dont l'architecture est fixée (les noms des sous-modules aussi) :
#
# * `jetons = nn.Embedding(nb_jetons, d)` (un vecteur par jeton) et
#   `positions = nn.Embedding(n_max, d)` (un vecteur par position $0, \dots, n_{max} - 1$) ;
# * `requete`, `cle` et `valeur` : trois `nn.Linear(d, d, bias=False)` ;
# * `sortie = nn.Linear(d, nb_jetons)` (avec biais).
#
# `forward(x)` reçoit `x` de forme $(B, n)$ (des indices `torch.long`, $1 \le n \le n_{max}$)
# et renvoie les logits de forme $(B, n, \text{nb\_jetons})$ :
#
# $$h_t = \text{jetons}(x_t) + \text{positions}(t), \quad
# a = \text{attention\_causale}(\text{requete}(h), \text{cle}(h), \text{valeur}(h)), \quad
# \text{logits} = \text{sortie}(h + a)$$
#
# (la position de la première colonne de `x` est $0$ ; $a$ est la sortie de votre
# `attention_causale`, avec $d_k = d$ ; $h + a$ est une connexion résiduelle). Les logits en
# position $t$ prédisent le jeton $t + 1$ et ne dépendent donc que de $x_0, \dots, x_t$. La
# sortie reste dans le graphe d'autograd (le modèle est entraîné plus bas). Le correcteur
# copie ses propres poids dans votre modèle avec `load_state_dict` (clés `jetons.weight`,
# `positions.weight`, `requete.weight`, `cle.weight`, `valeur.weight`, `sortie.weight`,
# `sortie.bias`) et le convertit en `float64` (`.double()`) : n'imposez aucun type flottant
# dans `forward`.

# %%
class ModeleCausal(nn.Module):
    """Plongements des jetons et des positions, une self-attention causale, résiduel, sortie."""

    def __init__(self, nb_jetons: int, d: int, n_max: int):
        super().__init__()
        # BEGIN SOLUTION
        self.jetons = nn.Embedding(nb_jetons, d)
        self.positions = nn.Embedding(n_max, d)
        self.requete = nn.Linear(d, d, bias=False)
        self.cle = nn.Linear(d, d, bias=False)
        self.valeur = nn.Linear(d, d, bias=False)
        self.sortie = nn.Linear(d, nb_jetons)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        h = self.jetons(x) + self.positions(torch.arange(x.shape[1], device=x.device))
        a, _ = attention_causale(self.requete(h), self.cle(h), self.valeur(h))
        return self.sortie(h + a)
        # END SOLUTION


# %%
@helper
def modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max, graine):
    """Le modèle de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
    label = f"ModeleCausal({V}, {d}, {n_max})"
    modele = C.make_model(ModeleCausal, V, d, n_max, name=label)
    modele = C.call(modele.double, name=f"{label}.double")
    etat = C.call(modele.state_dict, name=f"{label}.state_dict")
    formes = {"jetons.weight": (V, d), "positions.weight": (n_max, d), "requete.weight": (d, d),
              "cle.weight": (d, d), "valeur.weight": (d, d), "sortie.weight": (V, d),
              "sortie.bias": (V,)}
    g = torch.Generator().manual_seed(graine)
    poids = {}
    for cle, forme in formes.items():
        C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.",
                 hint="sous-modules jetons, positions (nn.Embedding), requete, cle, valeur "
                      "(nn.Linear sans biais) et sortie (nn.Linear avec biais).")
        C.expect_shape(etat[cle], forme, name=f"{label}.{cle}",
                       hint="jetons : (nb_jetons, d), positions : (n_max, d), requete, cle, "
                            "valeur : (d, d), sortie : (nb_jetons, d) et son biais (nb_jetons,).")
        echelle = 1.0 if cle.startswith(("jetons", "positions")) else 1 / math.sqrt(d)
        poids[cle] = echelle * torch.randn(forme, generator=g, dtype=torch.float64)
    C.call(modele.load_state_dict, poids, strict=False, name=f"{label}.load_state_dict")
    return modele, poids, label


@helper
def modele_oracle(poids, x):
    """Les logits de l'architecture de l'énoncé, en float64, avec les poids du correcteur."""
    h = poids["jetons.weight"][x] + poids["positions.weight"][:x.shape[1]]
    q, k, v = (h @ poids[f"{nom}.weight"].T for nom in ("requete", "cle", "valeur"))
    a, _ = attention_oracle(q, k, v)
    return (h + a) @ poids["sortie.weight"].T + poids["sortie.bias"]


@helper
def logits_du_modele(modele, x, V, label):
    """modele(x) : les logits, de forme (B, n, V) vérifiée."""
    logits = C.as_tensor(C.call(modele, x.clone(), name=label), f"{label}(x)")
    C.expect_shape(logits, (*x.shape, V), name=f"{label}(x) pour x de forme {tuple(x.shape)}",
                   hint="logits de forme (B, n, nb_jetons).")
    return logits


@check
def modele_exemple(ModeleCausal):
    modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, 7, 4, 6, 0)
    x = torch.tensor([[0, 3, 6, 1, 1], [2, 2, 5, 4, 0]])
    logits = logits_du_modele(modele, x, 7, label)
    C.expect_close(logits, modele_oracle(poids, x), name=f"{label}(x) pour x de forme (2, 5)",
                   reveal=True, hint="h = jetons(x) + positions(0, …, n − 1), "
                                     "logits = sortie(h + attention_causale(requete(h), "
                                     "cle(h), valeur(h))[0]).")


@check(hidden=True)
def modele_contre_oracle(ModeleCausal):
    # n = n_max, n = 1, n = d, one sequence; tokens drawn from the whole vocabulary
    cas = [(11, 8, 10, 3, 10), (5, 6, 9, 1, 1), (9, 4, 12, 2, 7), (6, 6, 6, 4, 6)]
    for graine, (V, d, n_max, B, n) in enumerate(cas):
        modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max,
                                                              10 + graine)
        x = torch.randint(0, V, (B, n), generator=torch.Generator().manual_seed(graine))
        logits = logits_du_modele(modele, x, V, label)
        C.expect_close(logits, modele_oracle(poids, x),
                       name=f"{label}(x) pour x de forme {(B, n)}",
                       hint="vérifiez l'architecture de l'énoncé : plongement de position t "
                            "ajouté au jeton t (positions 0 à n − 1), requete/cle/valeur "
                            "appliquées à h, attention causale (d_k = d), connexion "
                            "résiduelle h + a, puis sortie.")


@check(hidden=True)
def modele_causal(ModeleCausal):
    # changing the tokens after position i changes no logits at positions ≤ i
    modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, 8, 6, 9, 20)
    g = torch.Generator().manual_seed(21)
    x = torch.randint(0, 8, (3, 9), generator=g)
    attendu = modele_oracle(poids, x)
    for i in (0, 4, 7):
        x2 = x.clone()
        x2[:, i + 1:] = (x2[:, i + 1:] + torch.randint(1, 8, x2[:, i + 1:].shape,
                                                        generator=g)) % 8
        logits = logits_du_modele(modele, x2, 8, label)
        C.expect_close(logits[:, :i + 1], attendu[:, :i + 1],
                       name=f"logits aux positions ≤ {i} (jetons > {i} modifiés)",
                       hint="fuite du futur : les logits en position t ne doivent dépendre que "
                            "des jetons 0 à t (attention causale).")


@check(hidden=True)
def modele_gradients(ModeleCausal):
    modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, 6, 5, 7, 30)
    g = torch.Generator().manual_seed(31)
    x = torch.randint(0, 6, (2, 7), generator=g)
    ponderation = torch.randn(2, 7, 6, generator=g, dtype=torch.float64)

    @C.probe
    def gradients(modele, x, ponderation):  # the backward pass runs where the model lives
        for p in modele.parameters():
            p.grad = None
        logits = modele(x)
        if not (isinstance(logits, torch.Tensor) and logits.requires_grad):
            return None
        (logits * ponderation).sum().backward()
        return {nom: p.grad for nom, p in modele.named_parameters()}

    mesure = C.call(gradients, modele, x, ponderation, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}` n'est pas reliée au graphe "
             "d'autograd.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data dans "
                                 "forward.")
    feuilles = {cle: t.clone().requires_grad_(True) for cle, t in poids.items()}
    (modele_oracle(feuilles, x) * ponderation).sum().backward()
    attendu = {cle: t.grad for cle, t in feuilles.items()}
    recu = {cle: (mesure[cle] if mesure.get(cle) is not None
                  else torch.zeros_like(attendu[cle])) for cle in attendu if cle in mesure}
    C.expect_gradients(recu, attendu, name=label, tol=1e-7)


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — échantillonnage par température et top-k.** Écrire
# `echantillonner(logits, temperature, k, generateur)` : `logits` est un tenseur de forme
# $(N, V)$ (une ligne de scores par séquence), `temperature` un réel $\tau > 0$, `k` un entier
# $1 \le k \le V$ et `generateur` un `torch.Generator`. Pour chaque ligne $\ell$, on garde les
# $k$ plus grands logits, d'indices $S_k$, et l'on tire un indice $j$ selon
#
# $$P(j) = \frac{\exp(\ell_j / \tau)}{\sum_{m \in S_k} \exp(\ell_m / \tau)} \ \text{si }
# j \in S_k, \qquad P(j) = 0 \ \text{sinon.}$$
#
# Ainsi $k = V$ donne l'échantillonnage par température seul et $k = 1$ l'argmax (génération
# gloutonne). La fonction renvoie un tenseur `torch.long` de forme $(N,)$ : l'indice tiré dans
# $\{0, \dots, V - 1\}$ (l'indice dans le vocabulaire, pas le rang parmi les $k$ gardés), pour
# chaque ligne **indépendamment**, avec **le générateur donné** et lui seul (le générateur
# global de PyTorch n'est ni utilisé ni réinitialisé ; même état du générateur ⇒ même tirage).
# Elle ne modifie pas `logits` et reste correcte pour de grands logits (par exemple 1000 : pas de
# `nan`). Les vérifications n'emploient jamais deux logits égaux au $k$-ième rang (en cas
# d'égalité, le choix des $k$ gardés est libre).

# %%
def echantillonner(logits: torch.Tensor, temperature: float, k: int,
                   generateur: torch.Generator) -> torch.Tensor:
    """Un indice par ligne, tiré parmi les k plus grands logits selon softmax(logits / τ)."""
    # BEGIN SOLUTION
    valeurs, indices = torch.topk(logits, k)
    probas = torch.softmax(valeurs / temperature, dim=1)
    choix = torch.multinomial(probas, 1, generator=generateur)
    return indices.gather(1, choix).squeeze(1)
    # END SOLUTION


# %%
@helper
def loi_topk(ligne, temperature, k):
    """La loi de l'énoncé pour une ligne de logits (float64) : 0 hors des k plus grands."""
    ligne = torch.as_tensor(ligne, dtype=torch.float64)
    valeurs, indices = torch.topk(ligne, k)
    loi = torch.zeros_like(ligne)
    loi[indices] = torch.softmax(valeurs / temperature, dim=0)
    return loi


@helper
def generateur_par_position(f):
    """f appelée avec tous ses arguments par position, le générateur reçu par le mot-clé
    `generateur` de C.expect_generator_obeyed passé en dernier : les noms des paramètres de
    l'étudiant (anglais compris) n'importent pas."""
    return C.code("lambda *a, generateur: f(*a, generateur)", f=f)


@helper
def tirer(echantillonner, logits, temperature, k, graine):
    """echantillonner(logits, temperature, k, g) là où la fonction vit, g initialisé par graine ;
    renvoie le tirage et si logits est resté intact."""
    @C.probe
    def avec_graine(echantillonner, logits, temperature, k, graine):
        copie = logits.clone()
        tirage = echantillonner(logits, temperature, k, torch.Generator().manual_seed(graine))
        return tirage, bool(torch.equal(copie, logits))

    tirage, intact = C.call(avec_graine, echantillonner, logits, temperature, k, graine,
                            name="echantillonner")
    quoi = f"echantillonner(logits, {temperature}, {k}, g)"
    tirage = C.as_tensor(tirage, quoi)
    C.expect_shape(tirage, (logits.shape[0],), name=quoi,
                   hint="un indice par ligne : forme (N,).")
    C.expect(tirage.dtype == torch.long, "`echantillonner` doit renvoyer un tenseur torch.long.")
    return tirage, intact


@check
def echantillonner_exemple(echantillonner):
    logits = torch.tensor([[-3.0, 30.0, 0.0, -1.0, 1.0], [2.0, -2.0, 0.5, 30.0, -1.0],
                           [30.0, 1.5, -0.5, 0.0, 3.0]])
    tirage, _ = tirer(echantillonner, logits, 1.0, 2, 0)
    C.expect_equal(tirage.tolist(), [1, 3, 0],
                   name="echantillonner(logits, 1.0, 2, g) sur des logits très marqués",
                   reveal=True, hint="renvoyez l'indice dans le vocabulaire (indices de "
                                     "torch.topk), pas le rang parmi les k gardés.")


@check(hidden=True)
def echantillonner_lois_topk(echantillonner):
    # two laws on alternate rows (no tie at any rank), three (τ, k)
    l_a = torch.tensor([0.05, 0.3, 0.1, 0.4, 0.15], dtype=torch.float64).log()
    l_b = torch.tensor([0.25, 0.02, 0.33, 0.08, 0.32], dtype=torch.float64).log()
    n = 3000
    logits = torch.stack([l_a, l_b]).repeat(n, 1).float()
    for graine, (tau, k) in enumerate(((1.0, 3), (0.5, 2), (2.0, 4))):
        tirage, _ = tirer(echantillonner, logits.clone(), tau, k, 40 + graine)
        for ligne, premiere, lignes in ((l_a, 0, "paires"), (l_b, 1, "impaires")):
            C.expect_frequencies(tirage[premiere::2], loi_topk(ligne, tau, k),
                                 name=f"indices tirés (τ = {tau}, k = {k}, lignes {lignes})",
                                 hint="gardez les k plus grands logits de chaque ligne (les "
                                      "autres ont une probabilité nulle), puis softmax de ces "
                                      "k logits divisés par τ ; un tirage par ligne.")


@check(hidden=True)
def echantillonner_cas_limites(echantillonner):
    # k = 1: the argmax of each row, whatever τ
    g = torch.Generator().manual_seed(5)
    logits = 3 * torch.randn(200, 7, generator=g)
    for graine, tau in enumerate((0.3, 3.0)):
        tirage, _ = tirer(echantillonner, logits.clone(), tau, 1, 60 + graine)
        C.expect(torch.equal(tirage, logits.argmax(dim=1)),
                 f"Avec k = 1 (τ = {tau}), `echantillonner` ne renvoie pas l'argmax de chaque "
                 "ligne.", hint="k = 1 ne garde que le plus grand logit : le tirage est "
                                "déterministe.")
    # k = V: temperature sampling alone
    p = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    for graine, tau in enumerate((0.7, 1.6)):
        tirage, _ = tirer(echantillonner, p.log().float().repeat(4000, 1), tau, 4, 70 + graine)
        C.expect_frequencies(tirage, loi_topk(p.log(), tau, 4),
                             name=f"indices tirés avec k = V (τ = {tau})",
                             hint="avec k = V, tous les logits sont gardés : la loi est "
                                  "softmax(logits / τ).")


@check(hidden=True)
def echantillonner_generateur_et_logits(echantillonner):
    l = torch.tensor([0.05, 0.3, 0.1, 0.4, 0.15], dtype=torch.float64).log()
    logits = l.float().repeat(2000, 1)
    tirage = C.expect_generator_obeyed(generateur_par_position(echantillonner), logits, 1.0, 3,
                                       name="echantillonner", keyword="generateur")
    C.expect_frequencies(tirage, loi_topk(l, 1.0, 3),
                         name="indices tirés avec le générateur donné (τ = 1, k = 3)")
    tirage, intact = tirer(echantillonner, logits.clone(), 0.8, 2, 80)
    C.expect(intact, "`echantillonner` modifie le tenseur `logits` reçu en place.",
             hint="travaillez sur des copies : logits / temperature, torch.topk, masked_fill "
                  "(sans _) créent de nouveaux tenseurs.")
    C.expect_frequencies(tirage, loi_topk(l, 0.8, 2), name="indices tirés (τ = 0,8, k = 2)")
    # large logits: exp(1000) overflows without the softmax's shift
    grands = 1000.0 + torch.tensor([[0.0, 2.0, -50.0, 1.0], [3.0, -50.0, 0.0, -1.0]]).repeat(
        1000, 1)
    tirage, _ = tirer(echantillonner, grands, 1.0, 2, 81)
    for ligne, premiere in ((grands[0], 0), (grands[1], 1)):
        C.expect_frequencies(tirage[premiere::2], loi_topk(ligne, 1.0, 2),
                             name="indices tirés sur de grands logits (1000 + …)",
                             hint="torch.softmax retranche le maximum : exp(1000) déborde.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4 — générer.** Écrire `generer(modele, debut, n, n_max, temperature, k,
# generateur)` : `debut` est un tenseur 1-D non vide d'indices `torch.long` ; la fonction
# renvoie le tenseur 1-D `torch.long` de longueur `len(debut) + n` formé de `debut` suivi de
# `n` jetons générés un à un. À chaque pas :
#
# 1. le **contexte** est formé des `n_max` derniers jetons de la séquence courante (tous s'il
#    y en a moins) : le modèle n'a de plongements de position que pour $0, \dots, n_{max} - 1$
#    et ne doit jamais recevoir plus de `n_max` positions ;
# 2. `modele(x)`, avec `x` de forme $(1, T)$ (le contexte, `torch.long`), renvoie des logits de
#    forme $(1, T, V)$ ; on prend ceux de la **dernière** position ;
# 3. le jeton suivant est tiré par votre `echantillonner` avec `temperature`, `k` et
#    `generateur` (aucun autre tirage), puis ajouté à la séquence.
#
# Le calcul peut se faire sous `torch.no_grad()`.

# %%
def generer(modele: nn.Module, debut: torch.Tensor, n: int, n_max: int, temperature: float,
            k: int, generateur: torch.Generator) -> torch.Tensor:
    """debut suivi de n jetons tirés un à un, contexte limité aux n_max derniers jetons."""
    # BEGIN SOLUTION
    jetons = debut
    with torch.no_grad():
        for _ in range(n):
            logits = modele(jetons[-n_max:].unsqueeze(0))[:, -1]
            suivant = echantillonner(logits, temperature, k, generateur)
            jetons = torch.cat([jetons, suivant])
    return jetons
    # END SOLUTION


# %%
@helper
def generer_avec_fenetre(generer, debut, n, n_max, temperature, k):
    """`generer` lancé là où il vit sur un modèle du correcteur presque déterministe : il
    prédit (somme des jetons du contexte + longueur du contexte) mod V, et refuse plus de
    n_max positions. Renvoie la suite produite et celle de l'oracle."""
    @C.probe
    def fenetre(V, n_max):
        class Fenetre(nn.Module):
            def __init__(self):
                super().__init__()
                self.echelle = nn.Parameter(torch.tensor(40.0))

            def forward(self, x):
                assert isinstance(x, torch.Tensor) and x.dtype == torch.long \
                    and x.dim() == 2 and x.shape[0] == 1, \
                    "le modèle attend un tenseur torch.long de forme (1, T)"
                assert 1 <= x.shape[1] <= n_max, \
                    f"le modèle a reçu {x.shape[1]} positions, plus que n_max = {n_max}"
                cibles = (x[0].cumsum(0) + torch.arange(1, x.shape[1] + 1)) % V
                return (self.echelle * F.one_hot(cibles, V).float()).unsqueeze(0)

        return Fenetre()

    @C.probe
    def lancer(generer, modele, debut, n, n_max, temperature, k, graine):
        return generer(modele, debut, n, n_max, temperature, k,
                       torch.Generator().manual_seed(graine))

    V = 7
    resultat = C.call(lancer, generer, C.build_where(generer, fenetre, V, n_max), debut.clone(),
                      n, n_max, temperature, k, 3, name="generer")
    quoi = f"generer(modele, debut, {n}, {n_max}, ...)"
    resultat = C.as_tensor(resultat, quoi)
    C.expect(resultat.dtype == torch.long and resultat.dim() == 1,
             "`generer` doit renvoyer un tenseur 1-D torch.long.")
    C.expect(len(resultat) == len(debut) + n and torch.equal(resultat[:len(debut)], debut),
             f"`{quoi}` doit renvoyer debut suivi de {n} jetons.")
    suite = debut.tolist()  # the oracle: the same rule, greedy
    for _ in range(n):
        contexte = suite[-n_max:]
        suite.append((sum(contexte) + len(contexte)) % V)
    return resultat.tolist(), suite


@check
def generer_fenetre(generer):
    obtenu, attendu = generer_avec_fenetre(generer, torch.tensor([1, 4, 2]), 6, 4, 1.0, 3)
    C.expect_equal(obtenu, attendu,
                   name="generer(modele, tensor([1, 4, 2]), 6, 4, 1.0, 3, g) avec un modèle "
                        "presque déterministe", reveal=True,
                   hint="contexte = les n_max derniers jetons ; logits de la dernière "
                        "position ; jeton tiré par echantillonner puis ajouté à la suite.")


@check(hidden=True)
def generer_fenetre_longue(generer):
    # a beginning longer than n_max, and n_max = 1 (the last token only)
    for debut, n, n_max, tau, k in ((torch.tensor([3, 0, 6, 6, 1, 2, 5]), 15, 5, 0.8, 2),
                                    (torch.tensor([2, 5]), 8, 1, 1.5, 7)):
        obtenu, attendu = generer_avec_fenetre(generer, debut, n, n_max, tau, k)
        C.expect(obtenu == attendu,
                 "Avec un modèle presque déterministe qui dépend de tout son contexte, "
                 f"`generer` (n_max = {n_max}) ne produit pas la suite attendue.",
                 hint="à chaque pas, donnez au modèle exactement les n_max derniers jetons "
                      "(ni plus, ni moins ; les premiers jetons sortent de la fenêtre), "
                      "prenez les logits de la dernière position.")


@check(hidden=True)
def generer_generateur_topk_temperature(generer):
    # a model whose logits never change: the generated tokens are i.i.d. with the law of q3
    @C.probe
    def constant(logits_fixes):
        class Constant(nn.Module):
            def __init__(self):
                super().__init__()
                self.logits = nn.Parameter(logits_fixes.clone())

            def forward(self, x):
                return self.logits.detach().expand(x.shape[0], x.shape[1], -1).clone()

        return Constant()

    @C.probe
    def suite_longue(generer, modele, n, temperature, k, graine):
        return generer(modele, torch.tensor([0]), n, 6, temperature, k,
                       torch.Generator().manual_seed(graine))

    l = torch.tensor([0.1, 0.25, 0.05, 0.35, 0.25 - 1e-3, 1e-3], dtype=torch.float64).log()
    modele = C.build_where(generer, constant, l.float())
    suite = C.as_tensor(C.expect_generator_obeyed(generateur_par_position(generer), modele,
                                                  torch.tensor([1, 2]), 12, 6, 1.0, 3,
                                                  name="generer", keyword="generateur"),
                        "generer(...)")
    C.expect_shape(suite, (14,), name="generer(modele, tensor([1, 2]), 12, ...)")
    C.expect_frequencies(suite[2:], loi_topk(l, 1.0, 3),
                         name="jetons générés avec le générateur donné (τ = 1, k = 3)")
    for graine, (tau, k) in enumerate(((0.5, 3), (2.0, 2), (1.3, 6))):
        suite = C.as_tensor(C.call(suite_longue, generer, modele, 1500, tau, k, 90 + graine,
                                   name="generer"), "generer(...)")
        C.expect_shape(suite, (1501,), name="generer(modele, tensor([0]), 1500, ...)")
        C.expect_frequencies(suite[1:], loi_topk(l, tau, k),
                             name=f"jetons générés (τ = {tau}, k = {k})",
                             hint="passez à echantillonner la température et le k reçus.")


# %% [markdown]
# ## Entraînement et comparaison avec un LSTM (démonstration, non notée)
#
# **Le corpus.** Quatre paragraphes écrits à partir des chapitres 5 et 6 du cours (les trois
# premiers sont le corpus de l'exercice 5.1) ; un jeton par caractère.

# %% tags=["demo"]
CORPUS = """\
Les réseaux de neurones récurrents traitent des données séquentielles : séries temporelles, \
texte, signaux audio. Un réseau récurrent simple maintient un état caché qui résume \
l'information des pas de temps précédents. À chaque pas, le nouvel état caché est la tangente \
hyperbolique d'une combinaison de l'état précédent et de l'entrée courante. Les mêmes matrices \
de poids sont partagées à travers tous les pas de temps, ce qui permet de traiter des séquences \
de longueur variable.
Pour entraîner un tel réseau, on déplie le graphe de calcul dans le temps et l'on applique la \
rétropropagation à travers le temps. Le gradient par rapport à la matrice de récurrence est une \
somme de produits de jacobiennes. Si la plus grande valeur singulière de cette matrice, \
multipliée par la pente maximale de la tangente hyperbolique, est inférieure à un, le gradient \
décroît exponentiellement : c'est la disparition des gradients. Si elle est supérieure à un, il \
croît exponentiellement : c'est l'explosion des gradients, que l'on combat en écrêtant la norme \
du gradient.
Le LSTM introduit une cellule mémoire et des portes qui contrôlent le flux d'information. La \
porte d'oubli décide de ce qui doit être effacé, la porte d'entrée de ce qui doit être écrit, \
la porte de sortie de ce qui est exposé comme état caché. La cellule agit comme un tapis \
roulant sur lequel l'information transite sans dégradation. Le GRU simplifie le LSTM en \
fusionnant la cellule et l'état caché, et n'utilise que deux portes.
L'attention remplace la récurrence : chaque position compare sa requête aux clés de toutes les \
positions et fait la moyenne des valeurs, pondérée par le softmax des scores divisés par la \
racine de la dimension des clés. Pour la génération, le décodeur ne doit pas regarder dans le \
futur : un masque triangulaire met les scores des positions suivantes à moins l'infini avant \
le softmax. Toutes les positions d'une séquence sont alors traitées en même temps pendant \
l'entraînement, mais la génération reste séquentielle, un jeton après l'autre.
"""
# Le corpus : un résumé des chapitres 5 et 6 du cours (texte du cours lui-même, réécrit en prose).
caracteres = sorted(set(CORPUS))
indice = {c: i for i, c in enumerate(caracteres)}
donnees = torch.tensor([indice[c] for c in CORPUS])
V = len(caracteres)
print(f"{len(CORPUS)} caractères, vocabulaire de {V}")


def decoder(jetons):
    return "".join(caracteres[int(i)] for i in jetons)


# %% [markdown]
# **Un LSTM de même taille (chapitre 5).** Même plongement des jetons, un `nn.LSTM` de
# dimension cachée $d$ au lieu de l'attention, même couche de sortie. Les deux modèles sont
# entraînés de la même façon : prédire chaque caractère d'une fenêtre de `n_max` caractères à
# partir des précédents (entropie croisée sur toutes les positions à la fois).

# %% tags=["demo"]
class ModeleLSTM(nn.Module):
    def __init__(self, nb_jetons: int, d: int):
        super().__init__()
        self.jetons = nn.Embedding(nb_jetons, d)
        self.lstm = nn.LSTM(d, d, batch_first=True)
        self.sortie = nn.Linear(d, nb_jetons)

    def forward(self, x, etat=None):
        h, etat = self.lstm(self.jetons(x), etat)
        return self.sortie(h), etat


def entrainer(modele, pas, n_max, taille_lot, graine):
    g = torch.Generator().manual_seed(graine)
    optimiseur = torch.optim.Adam(modele.parameters(), lr=0.01)
    for _ in range(pas):
        debuts = torch.randint(0, len(donnees) - n_max - 1, (taille_lot,), generator=g)
        lot = torch.stack([donnees[i:i + n_max + 1] for i in debuts.tolist()])
        sortie = modele(lot[:, :-1])
        logits = sortie[0] if isinstance(sortie, tuple) else sortie
        perte = F.cross_entropy(logits.reshape(-1, V), lot[:, 1:].reshape(-1))
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
    return perte.item()


d, n_max, pas = 32, 32, 150
torch.manual_seed(0)
mesures = {}
for nom, modele in (("attention", ModeleCausal(V, d, n_max)), ("LSTM", ModeleLSTM(V, d))):
    depart = time.perf_counter()
    perte = entrainer(modele, pas, n_max, 16, 0)
    duree = time.perf_counter() - depart
    mesures[nom] = {"modele": modele, "perte": perte, "entrainement_ms": 1000 * duree / pas,
                    "parametres": sum(p.numel() for p in modele.parameters())}
    print(f"{nom:9s} : {mesures[nom]['parametres']} paramètres, perte finale {perte:.3f} "
          f"(ln V = {math.log(V):.3f})")

# %% [markdown]
# **Générer.** Le modèle à attention relit à chaque pas tout son contexte (jusqu'à `n_max`
# jetons) ; le LSTM ne lit que le dernier jeton et propage son état.

# %% tags=["demo"]
generateur = torch.Generator().manual_seed(0)
debut = torch.tensor([indice[c] for c in "Le "])
for temperature, k in ((0.5, 5), (1.0, 10), (1.0, V)):
    texte = generer(mesures["attention"]["modele"], debut, 120, n_max, temperature, k, generateur)
    print(f"τ = {temperature}, k = {k:2d} : {decoder(texte)!r}")


def generer_lstm(modele, debut, n, temperature, k, generateur):
    with torch.no_grad():
        logits, etat = modele(debut.unsqueeze(0))
        suite = debut.tolist()
        for _ in range(n):
            suivant = echantillonner(logits[:, -1], temperature, k, generateur)
            suite.append(int(suivant))
            logits, etat = modele(suivant.unsqueeze(0), etat)
    return torch.tensor(suite)


print(f"LSTM, τ = 1.0, k = 10 : "
      f"{decoder(generer_lstm(mesures['LSTM']['modele'], debut, 120, 1.0, 10, generateur))!r}")

# %% [markdown]
# **Temps d'entraînement et de génération** (une mesure, sur cette machine : des ordres de
# grandeur, pas un classement).

# %% tags=["demo"]
for nom, fonction in (("attention", lambda m: generer(m, debut, 100, n_max, 1.0, 10, generateur)),
                      ("LSTM", lambda m: generer_lstm(m, debut, 100, 1.0, 10, generateur))):
    depart = time.perf_counter()
    fonction(mesures[nom]["modele"])
    mesures[nom]["generation_ms"] = 1000 * (time.perf_counter() - depart) / 100
print(f"{'modèle':9s} | {'paramètres':>10s} | {'ms par pas d entraînement':>26s} | "
      f"{'ms par jeton généré':>20s}")
for nom, m in mesures.items():
    print(f"{nom:9s} | {m['parametres']:10d} | {m['entrainement_ms']:26.2f} | "
          f"{m['generation_ms']:20.2f}")

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** (a) Comparez le modèle à attention et le LSTM (nombre de
# paramètres, perte finale, textes générés) : lequel exploite le mieux un contexte de 32
# caractères, et pourquoi ? (b) Complexité : pour une séquence de $n$ jetons de dimension $d$,
# donnez le coût d'un passage d'entraînement de chaque modèle et ce qui peut s'y calculer en
# parallèle ; puis le coût de la génération de $n$ jetons, avec la fenêtre relue à chaque pas
# pour l'attention et l'état propagé pour le LSTM. Reliez-les au tableau de temps mesurés.
# (c) Pourquoi le masque causal est-il indispensable à l'entraînement, alors qu'à la génération
# la dernière position ne voit de toute façon que le passé ? Comment éviterait-on de tout
# recalculer à chaque pas de génération (cache des clés et des valeurs) ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) À dimension $d$ égale, la partie récurrente du LSTM a $4(2d^2 + 2d)$ paramètres
# (quatre portes, chacune avec $W_{ih}$, $W_{hh}$ et deux biais : 8 448 pour $d = 32$), la
# partie attention $3d^2 + n_{max}\,d$ (requête, clé, valeur et positions : 4 096) ; les
# plongements et la couche de sortie sont les mêmes. Après le même nombre de pas, les pertes
# sont du même ordre (à lire dans la cellule d'entraînement). L'attention accède directement
# à chacun des 32 caractères précédents (un chemin de longueur 1), alors que le LSTM doit faire
# passer l'information par un état de taille fixe, pas après pas ; mais avec une seule couche
# d'attention et sans MLP, le modèle à attention ne fait qu'une moyenne pondérée des valeurs
# suivie d'une couche linéaire, et le LSTM, plus expressif par pas, fait souvent aussi bien
# sur un entraînement aussi court.
#
# (b) Entraînement : l'attention coûte $O(n^2 d + n d^2)$ par séquence mais toutes les
# positions se calculent en même temps (produits matriciels) ; le LSTM coûte $O(n d^2)$ mais en
# $n$ étapes séquentielles, chacune dépendant de la précédente. Sur un processeur parallèle
# (GPU), l'attention s'entraîne donc plus vite par pas pour des $n$ modérés. Génération : sans
# cache, le modèle à attention relit toute la fenêtre à chaque jeton, $O(T^2 d + T d^2)$ pour
# une fenêtre de $T \le n_{max}$ jetons, soit $O(n\,(n_{max}^2 d + n_{max} d^2))$ pour $n$
# jetons ; le LSTM ne fait qu'un pas, $O(d^2)$ par jeton, $O(n d^2)$ au total. Dans le
# tableau, avec des modèles aussi petits sur un processeur, une part importante du temps est
# le coût fixe de chaque appel ; l'écart attendu se lit surtout à la génération, où le modèle
# à attention relit jusqu'à 32 positions par jeton quand le LSTM n'en lit qu'une, et il
# grandit avec $n_{max}$.
#
# (c) À l'entraînement, toutes les positions sont prédites d'un coup à partir de la séquence
# entière (*teacher forcing*) : sans masque, la position $t$ verrait le jeton $t + 1$ qu'elle
# doit prédire, la perte tomberait à presque zéro sans rien apprendre d'utile, et le modèle
# échouerait à la génération où ce futur n'existe pas. À la génération, on peut garder en
# mémoire les clés et valeurs des positions déjà calculées (*KV cache*) : chaque nouveau jeton
# ne calcule que sa requête, sa clé et sa valeur et son attention sur le passé, $O(T d + d^2)$
# au lieu de $O(T^2 d + T d^2)$ (les positions absolues imposent alors de recalculer quand la
# fenêtre glisse).
