# %% [markdown]
# # Exercice 6.5 (⋆⋆⋆) — Attention efficace
#
# L'attention par produit scalaire (équation 6.9 du cours),
#
# $$\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{QK^\top}
# {\sqrt{d_k}}\Big) V ,$$
#
# forme la matrice $n \times n$ des scores : temps $O(n^2 d)$ et mémoire $O(n^2)$
# (théorème 6.7), le goulot d'étranglement des longues séquences. La section 6.12 présente
# trois remèdes, que l'on implémente et compare ici :
#
# 1. l'**attention linéaire** avec le noyau $\phi(x) = \mathrm{ELU}(x) + 1$ (précision et
#    vitesse comparées à l'attention standard) ;
# 2. l'**attention locale** (fenêtre de taille $w$) : compromis précision/vitesse selon $w$ ;
# 3. (avancé) une version simplifiée de **Flash Attention** par tuiles (*tiling*) : on découpe
#    $Q$, $K$, $V$ en blocs et l'on calcule l'attention bloc par bloc en maintenant les
#    statistiques de normalisation du softmax (*softmax en ligne*) ;
# 4. la **mémoire** utilisée par les trois approches.
#
# **Conventions (valables pour toutes les fonctions).**
#
# - `Q` et `K` sont des tenseurs de forme $(\dots, n, d_k)$ et `V` de forme
#   $(\dots, n, d_v)$ : les dimensions de tête « $\dots$ » sont quelconques (aucune, un lot
#   $(B,)$, ou un lot et des têtes $(B, h)$), les mêmes pour les trois tenseurs, et les calculs
#   sont faits indépendamment pour chacune. Les trois tenseurs ont le même type (`float32` ou
#   `float64`) ; $d_k$ et $d_v$ peuvent différer, $n \ge 1$.
# - Chaque fonction renvoie un tenseur de forme $(\dots, n, d_v)$, **du type de `Q`**, calculé
#   dans ce type (pas de passage par `float32` : la correction compare en `float64` à
#   $10^{-9}$ près en relatif), et **ne modifie pas** ses arguments.
# - On écrit le calcul soi-même avec des opérations PyTorch : `F.scaled_dot_product_attention`,
#   `nn.MultiheadAttention` et leurs fonctions internes sont interdits, numpy aussi (la
#   correction observe les opérations PyTorch pour mesurer la mémoire).
# - Les fonctions à softmax (questions 1, 3 et 4) restent stables pour de grands scores
#   (jusqu'à quelques milliers en valeur absolue) : aucun `nan` ni `inf` dans le résultat.
#
# **Mesures de coût.** La correction ne chronomètre rien (la machine est partagée) : elle
# observe les opérations PyTorch d'un appel et relève **le nombre d'éléments du plus grand
# tenseur créé** (les vues, comme `K.mT` ou une tranche `K[..., a:b, :]`, ne créent rien) et
# **le travail** (multiplications-additions des produits matriciels, éléments écrits par les
# autres opérations ; une vue ne coûte rien). Les seuils de chaque question sont donnés dans
# son énoncé. Les temps de calcul sont mesurés dans des tableaux de démonstration, non notés.
#
# **Grille de tailles.** Le cours propose $n \in \{128, 512, 2048, 8192\}$ : c'est une grille
# pour un GPU. Sur un CPU, l'attention standard à $n = 8192$ demande
# $8192^2 \times 4$ octets $= 256$ Mio par tête en `float32` ; les tableaux de ce notebook
# s'arrêtent donc à $n = 2048$ pour les méthodes quadratiques et vont jusqu'à $n = 8192$ pour
# les méthodes linéaires en $n$.
#
# Les questions 1 à 4 sont vérifiées automatiquement ; l'analyse des mesures est rédigée
# (question 5, corrigée à la main).

# %%
import math
import time

import torch
import torch.nn.functional as F

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — l'attention exacte (la référence).** Écrire `attention_exacte(Q, K, V)` qui
# renvoie $\operatorname{softmax}(QK^\top/\sqrt{d_k})\,V$ (softmax sur l'axe des clés, le
# dernier des scores), avec les conventions ci-dessus (dimensions de tête quelconques,
# type de `Q` conservé, stable pour de grands scores).

# %%
def attention_exacte(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """softmax(Q Kᵀ / √d_k) V, sur les dimensions de tête quelconques (..., n, d)."""
    # BEGIN SOLUTION
    return torch.softmax(Q @ K.mT / math.sqrt(Q.shape[-1]), dim=-1) @ V
    # END SOLUTION


# %%
@helper
def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
    """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
    g = torch.Generator().manual_seed(graine)
    Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
    K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
    V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
    return Q, K, V


@helper
def oracle(Q, K, V, w=None):
    """softmax(QKᵀ/√d_k)V en float64, restreinte à |i − j| ≤ w quand w est donné."""
    Q, K, V = Q.double(), K.double(), V.double()
    s = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if w is not None:
        i = torch.arange(Q.shape[-2])
        s = s.masked_fill((i[:, None] - i[None, :]).abs() > w, -math.inf)
    e = (s - s.amax(dim=-1, keepdim=True)).exp()
    return (e / e.sum(dim=-1, keepdim=True)) @ V


@helper
def contre_oracle(fonction, nom, cas, attendu, indice):
    """fonction(Q, K, V, *extra) contre attendu(Q, K, V, *extra), en float64, pour chaque
    cas (tete, n, d_k, d_v, graine, echelle, extra) : forme, valeurs finies, valeurs."""
    for tete, n, d_k, d_v, graine, echelle, extra in cas:
        Q, K, V = tenseurs(tete, n, d_k, d_v, graine, echelle)
        quoi = f"{nom} pour Q, K de forme {(*tete, n, d_k)}, V de forme {(*tete, n, d_v)}"
        if extra:
            quoi += f" ({', '.join(map(str, extra))})"
        recu = C.as_tensor(C.call(fonction, Q.clone(), K.clone(), V.clone(), *extra,
                                  name=nom), quoi)
        C.expect_shape(recu, (*tete, n, d_v), name=quoi,
                       hint="la sortie a la forme (..., n, d_v) : une ligne par requête, "
                            "les dimensions de tête conservées (utilisez les axes -2 et -1).")
        C.expect(bool(torch.isfinite(recu).all()),
                 f"`{nom}` renvoie des valeurs non finies (nan ou inf).",
                 hint="retranchez le maximum des scores avant l'exponentielle (torch.softmax "
                      "le fait) ; pour l'attention linéaire, vérifiez le dénominateur.")
        # float64 throughout: another summation order costs ~1e-14, a float32 step ~1e-8
        C.expect_close(recu, attendu(Q, K, V, *extra), name=quoi, rtol=1e-9, atol=1e-10,
                       hint=indice)


@helper
def type_et_arguments(fonction, nom, extra, attendu):
    """float32 en entrée → float32 en sortie, valeurs justes ; arguments intacts ; pas
    d'attention toute faite de PyTorch."""
    Q, K, V = tenseurs((2,), 7, 3, 5, 91, 1.0)
    recu = C.call(fonction, Q.float(), K.float(), V.float(), *extra, name=nom)
    C.expect(isinstance(recu, torch.Tensor) and recu.dtype == torch.float32,
             f"`{nom}` ne renvoie pas un tenseur float32 pour des entrées float32.",
             hint="n'imposez pas de type (pas de .double(), dtype=… ni torch.tensor(…)) : "
                  "créez les tenseurs auxiliaires avec le type de Q (new_zeros, zeros_like…).")
    C.expect_close(recu, attendu(Q.float(), K.float(), V.float(), *extra).float(),
                   name=f"{nom} en float32", rtol=1e-4, atol=1e-5)
    recu = C.expect_unchanged(fonction, Q.clone(), K.clone(), V.clone(), *extra, name=nom,
                              hint="évitez les opérations en place sur Q, K, V ou leurs "
                                   "tranches (q *= …, K /= …) : une tranche partage la "
                                   "mémoire de l'argument.")
    C.expect_close(recu, attendu(Q, K, V, *extra), name=f"{nom} (arguments intacts)")
    C.expect_not_using(fonction, {"scaled_dot_product_attention", "MultiheadAttention",
                                  "multi_head_attention_forward", "flex_attention",
                                  "_scaled_dot_product_attention_math", "numpy", "np"},
                       name=nom, hint="écrivez le calcul avec des opérations PyTorch "
                                      "élémentaires (produits matriciels, softmax…).")


@check
def exacte_petit_exemple(attention_exacte):
    # Q = 0: every score is 0, the weights are uniform, each row is the mean of V's rows
    V = torch.arange(12, dtype=torch.float64).reshape(4, 3)
    K = torch.randn(4, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    recu = C.call(attention_exacte, torch.zeros(4, 2, dtype=torch.float64), K.clone(),
                  V.clone(), name="attention_exacte")
    C.expect_shape(recu, (4, 3), name="attention_exacte(Q, K, V) pour Q, K (4, 2), V (4, 3)")
    C.expect_close(recu, V.mean(dim=0).expand(4, 3), name="attention_exacte(0, K, V)",
                   reveal=True, hint="des scores tous nuls donnent des poids uniformes : "
                                     "chaque ligne est la moyenne des lignes de V.")
    Q, K, V = tenseurs((), 3, 2, 2, 1)
    C.expect_close(C.call(attention_exacte, Q.clone(), K.clone(), V.clone(),
                          name="attention_exacte"),
                   oracle(Q, K, V), name="attention_exacte sur un exemple 3 × 2", reveal=True,
                   hint="softmax(Q Kᵀ / √d_k) V, softmax sur le dernier axe (les clés).")


@check(hidden=True)
def exacte_contre_formule(attention_exacte):
    cas = [((), 6, 3, 5, 1, 1.0, ()), ((2,), 7, 4, 2, 2, 1.0, ()),
           ((2, 3), 5, 6, 3, 3, 1.0, ()), ((), 1, 2, 3, 4, 1.0, ()),
           ((3, 2), 4, 2, 5, 5, 30.0, ())]
    contre_oracle(attention_exacte, "attention_exacte", cas, oracle,
                  "softmax(Q Kᵀ / √d_k) V : d_k est la dernière dimension de Q, le softmax "
                  "porte sur le dernier axe des scores, Kᵀ transpose les deux derniers axes.")


@check(hidden=True)
def exacte_type_et_arguments(attention_exacte):
    type_et_arguments(attention_exacte, "attention_exacte", (), oracle)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — l'attention linéaire.** Avec un noyau $\phi$ à valeurs positives, le score
# $\exp(q_i^\top k_j/\sqrt{d_k})$ est remplacé par $\phi(q_i)^\top \phi(k_j)$ (sans facteur
# $1/\sqrt{d_k}$) et la sortie $i$ devient la moyenne des $v_j$ pondérée par ces scores :
#
# $$\operatorname{LinAttn}(Q, K, V)_i = \frac{\sum_j \phi(q_i)^\top \phi(k_j)\, v_j^\top}
# {\sum_j \phi(q_i)^\top \phi(k_j)} = \frac{\phi(q_i)^\top S}{\phi(q_i)^\top z},
# \qquad S = \phi(K)^\top V \in \mathbb{R}^{d_k \times d_v},\quad
# z = \sum_j \phi(k_j) \in \mathbb{R}^{d_k} .$$
#
# C'est l'équation 6.21 du cours, **normalisée** par le dénominateur (qui est strictement
# positif : pas de $\varepsilon$). Le membre de droite se calcule en $O(n\,d_k d_v)$ : on
# forme l'état $S$ ($d_k \times d_v$) et $z$ une fois, sans jamais former la matrice
# $n \times n$ des $\phi(q_i)^\top \phi(k_j)$.
#
# Écrire
#
# - `noyau_elu(x)` : $\phi(x) = \mathrm{ELU}(x) + 1$ (ELU de paramètre $\alpha = 1$, soit
#   $x + 1$ pour $x > 0$ et $e^x$ sinon), élément par élément, de la forme et du type de `x` ;
# - `attention_lineaire(Q, K, V)` : $\operatorname{LinAttn}(Q, K, V)$ avec
#   $\phi$ = `noyau_elu`, par le membre de droite.
#
# *Coût vérifié* (d_k = d_v = 4, sans dimension de tête) : pour $n = 2048$, aucun tenseur
# créé n'a plus de $n^2/16$ éléments ; et le travail mesuré pour $n = 2048$ ne dépasse pas
# 8 fois celui mesuré pour $n = 512$ (il est multiplié par 4 pour un coût linéaire, par 16
# pour un coût quadratique).

# %%
def noyau_elu(x: torch.Tensor) -> torch.Tensor:
    """φ(x) = ELU(x) + 1, élément par élément."""
    # BEGIN SOLUTION
    return F.elu(x) + 1
    # END SOLUTION


def attention_lineaire(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor) -> torch.Tensor:
    """φ(q_i)ᵀ S / φ(q_i)ᵀ z avec S = φ(K)ᵀ V et z = Σ_j φ(k_j), sans matrice n × n."""
    # BEGIN SOLUTION
    phi_q, phi_k = noyau_elu(Q), noyau_elu(K)
    etat = phi_k.mT @ V  # (..., d_k, d_v)
    z = phi_k.sum(dim=-2, keepdim=True)  # (..., 1, d_k)
    return (phi_q @ etat) / (phi_q * z).sum(dim=-1, keepdim=True)
    # END SOLUTION


# %%
@helper
def oracle_lineaire(Q, K, V):
    """La formule du noyau, membre de gauche : la matrice n × n des φ(q_i)ᵀφ(k_j) (float64)."""
    a = (F.elu(Q.double()) + 1) @ (F.elu(K.double()) + 1).transpose(-2, -1)
    return (a @ V.double()) / a.sum(dim=-1, keepdim=True)


@helper
def mesurer(fonction, nom, Q, K, V, *extra):
    """fonction(Q, K, V, *extra) exécutée là où elle vit, sous un mode de dispatch qui relève
    le plus grand tenseur créé (nombre d'éléments, vues exclues) et le travail
    (multiplications-additions des produits matriciels, éléments écrits par les autres
    opérations ; une vue ne coûte rien)."""
    @C.probe
    def sonde(fonction, Q, K, V, extra):
        from torch.utils._python_dispatch import TorchDispatchMode
        from torch.utils._pytree import tree_flatten

        class Compteur(TorchDispatchMode):
            def __init__(self):
                super().__init__()
                self.plus_grand, self.travail = 0, 0

            def __torch_dispatch__(self, func, types, args=(), kwargs=None):
                out = func(*args, **(kwargs or {}))
                alias = [r.alias_info for r in func._schema.returns]
                if any(a is not None and not a.is_write for a in alias):
                    return out  # a view: nothing created, nothing computed
                sorties = [t for t in tree_flatten(out)[0] if isinstance(t, torch.Tensor)]
                if func.overloadpacket.__name__ in ("mm", "bmm", "addmm", "baddbmm"):
                    a, b = [t for t in tree_flatten((args, kwargs))[0]
                            if isinstance(t, torch.Tensor) and t.dim() >= 2][-2:]
                    self.travail += a.numel() * b.shape[-1]
                else:
                    self.travail += sum(t.numel() for t in sorties)
                if all(a is None for a in alias):  # not in place: new tensors
                    self.plus_grand = max([self.plus_grand] + [t.numel() for t in sorties])
                return out

        with Compteur() as compteur:
            sortie = fonction(Q, K, V, *extra)
        return sortie, compteur.plus_grand, compteur.travail

    resultat = C.call(sonde, C.require(fonction, nom), Q, K, V, tuple(extra), name=nom)
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 3,
             f"`{nom}` n'a pas pu être mesuré.")
    sortie, plus_grand, travail = resultat
    return C.as_tensor(sortie, nom), int(plus_grand), int(travail)


@helper
def cout_lineaire_en_n(fonction, nom, attendu, extra, seuil_memoire, indice):
    """Pour n = 512 puis 2048 (d_k = d_v = 4) : la valeur juste, aucun tenseur de plus de
    seuil_memoire(n) éléments à n = 2048, et un travail multiplié par au plus 8."""
    mesures = []
    for n in (512, 2048):
        Q, K, V = tenseurs((), n, 4, 4, 70 + n, 1.0)
        sortie, plus_grand, travail = mesurer(fonction, nom, Q.clone(), K.clone(), V.clone(),
                                              *extra)
        C.expect_close(sortie, attendu(Q, K, V, *extra), name=f"{nom} pour n = {n}")
        mesures.append((plus_grand, travail))
    (_, travail_petit), (plus_grand, travail_grand) = mesures
    C.expect(plus_grand <= seuil_memoire(2048),
             f"`{nom}` crée pour n = 2048 un tenseur de {plus_grand} éléments, plus que le "
             f"seuil de l'énoncé ({seuil_memoire(2048)}) : une matrice de taille n × n (ou "
             "comparable) est formée.", hint=indice)
    C.expect(travail_grand <= 8 * max(travail_petit, 1),
             f"Le travail de `{nom}` est multiplié par {travail_grand / max(travail_petit, 1):.1f}"
             " quand n passe de 512 à 2048 (4 pour un coût linéaire en n, 16 pour un coût "
             "quadratique).", hint=indice)


@check
def lineaire_petit_exemple(noyau_elu, attention_lineaire):
    x = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64)
    C.expect_close(C.call(noyau_elu, x.clone(), name="noyau_elu"),
                   torch.tensor([math.exp(-1.0), 1.0, 3.0], dtype=torch.float64),
                   name="noyau_elu([−1, 0, 2])", reveal=True,
                   hint="ELU(x) = x pour x > 0, eˣ − 1 sinon ; φ = ELU + 1.")
    Q, K, V = tenseurs((), 3, 2, 2, 7)
    recu = C.call(attention_lineaire, Q.clone(), K.clone(), V.clone(),
                  name="attention_lineaire")
    C.expect_shape(recu, (3, 2), name="attention_lineaire(Q, K, V) pour Q, K, V (3, 2)")
    C.expect_close(recu, oracle_lineaire(Q, K, V), name="attention_lineaire sur un exemple "
                   "3 × 2", reveal=True,
                   hint="φ(q_i)ᵀ S / φ(q_i)ᵀ z, S = φ(K)ᵀ V, z = Σ_j φ(k_j) : sans "
                        "1/√d_k et avec le dénominateur.")


@check(hidden=True)
def noyau_valeurs_et_type(noyau_elu):
    x = torch.linspace(-30, 30, 240, dtype=torch.float64).reshape(2, 3, 2, 20)
    recu = C.call(noyau_elu, x.clone(), name="noyau_elu")
    C.expect_shape(recu, (2, 3, 2, 20), name="noyau_elu(x) pour x de forme (2, 3, 2, 20)")
    C.expect_close(recu, F.elu(x) + 1, name="noyau_elu(x) pour x ∈ [−30, 30]", rtol=1e-10,
                   atol=1e-12, hint="φ(x) = x + 1 pour x > 0 et eˣ pour x ≤ 0 (α = 1).")
    for dtype in (torch.float32, torch.float64):
        recu = C.call(noyau_elu, torch.linspace(-3, 3, 7, dtype=dtype), name="noyau_elu")
        C.expect(isinstance(recu, torch.Tensor) and recu.dtype == dtype,
                 f"`noyau_elu` ne conserve pas le type de x ({str(dtype)[6:]}).",
                 hint="F.elu(x) + 1 conserve le type de x.")


@check(hidden=True)
def lineaire_contre_noyau(attention_lineaire):
    cas = [((), 6, 3, 5, 11, 1.0, ()), ((2,), 7, 4, 2, 12, 1.0, ()),
           ((2, 3), 5, 6, 3, 13, 1.0, ()), ((), 1, 2, 3, 14, 1.0, ()),
           ((3,), 9, 2, 2, 15, 3.0, ())]
    contre_oracle(attention_lineaire, "attention_lineaire", cas, oracle_lineaire,
                  "LinAttn_i = φ(q_i)ᵀ S / φ(q_i)ᵀ z avec S = φ(K)ᵀ V (somme sur les n "
                  "positions, axe -2) et z = Σ_j φ(k_j) ; pas de 1/√d_k, pas de softmax.")


@check(hidden=True)
def lineaire_cout_lineaire(attention_lineaire):
    cout_lineaire_en_n(attention_lineaire, "attention_lineaire", oracle_lineaire, (),
                       lambda n: n * n // 16,
                       "formez d'abord l'état S = φ(K)ᵀ V (d_k × d_v) et z = Σ_j φ(k_j), puis "
                       "multipliez φ(Q) par S et z : jamais φ(Q) φ(K)ᵀ.")


@check(hidden=True)
def lineaire_type_et_arguments(attention_lineaire):
    type_et_arguments(attention_lineaire, "attention_lineaire", (), oracle_lineaire)


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — l'attention locale.** Écrire `attention_locale(Q, K, V, w)` : la requête
# $i$ ne regarde que les clés $j$ de la fenêtre $|i - j| \le w$ (de part et d'autre de $i$,
# $i$ compris), avec $0 \le j \le n - 1$ : **aux bords, la fenêtre est tronquée** (la
# position 0 voit les clés $0, \dots, w$). Sur la fenêtre, c'est l'attention exacte :
#
# $$\operatorname{Local}_w(Q, K, V)_i = \sum_{j\,:\,|i-j| \le w} \alpha_{ij} v_j, \qquad
# \alpha_{ij} = \frac{\exp(q_i^\top k_j / \sqrt{d_k})}
# {\sum_{j'\,:\,|i-j'| \le w} \exp(q_i^\top k_{j'} / \sqrt{d_k})} .$$
#
# `w` est un entier $\ge 0$ : pour $w = 0$, chaque position ne voit qu'elle-même (la sortie
# est `V`) ; pour $w \ge n - 1$ (`w` peut dépasser $n$), on retrouve l'attention exacte.
#
# Le calcul doit coûter $O(n\,w\,d)$ et **ne jamais former la matrice $n \times n$** (pas de
# masque appliqué aux scores complets) : par exemple, pour chaque décalage
# $t \in \{-w, \dots, w\}$, les scores $q_i^\top k_{i+t}$ de toutes les positions à la fois,
# sur des copies de $K$ et $V$ complétées par des zéros aux bords (`F.pad`) — en masquant ces
# positions fictives ; ou bien des fenêtres extraites par `unfold`.
#
# *Coût vérifié* ($w = 3$, $d_k = d_v = 4$, sans dimension de tête) : pour $n = 2048$,
# aucun tenseur créé n'a plus de $n^2/8$ éléments ; et le travail mesuré pour $n = 2048$ ne
# dépasse pas 8 fois celui mesuré pour $n = 512$.

# %%
def attention_locale(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor, w: int) -> torch.Tensor:
    """Attention restreinte aux clés j telles que |i − j| ≤ w (fenêtre tronquée aux bords)."""
    # BEGIN SOLUTION
    n = Q.shape[-2]
    K_bords, V_bords = F.pad(K, (0, 0, w, w)), F.pad(V, (0, 0, w, w))  # (..., n + 2w, d)
    # colonne t : le score de la requête i avec la clé j = i − w + t
    scores = torch.stack([(Q * K_bords[..., t:t + n, :]).sum(dim=-1)
                          for t in range(2 * w + 1)], dim=-1) / math.sqrt(Q.shape[-1])
    j = torch.arange(n)[:, None] + torch.arange(2 * w + 1) - w
    poids = torch.softmax(scores.masked_fill((j < 0) | (j >= n), -math.inf), dim=-1)
    return sum(poids[..., t:t + 1] * V_bords[..., t:t + n, :] for t in range(2 * w + 1))
    # END SOLUTION


# %%
@check
def locale_cas_limites(attention_locale):
    Q, K, V = tenseurs((), 5, 3, 2, 21)
    C.expect_close(C.call(attention_locale, Q.clone(), K.clone(), V.clone(), 0,
                          name="attention_locale"), V,
                   name="attention_locale(Q, K, V, w=0)", reveal=True,
                   hint="pour w = 0, la fenêtre de i ne contient que i : la sortie est V.")
    C.expect_close(C.call(attention_locale, Q.clone(), K.clone(), V.clone(), 4,
                          name="attention_locale"),
                   oracle(Q, K, V), name="attention_locale(Q, K, V, w=n−1) pour n = 5",
                   reveal=True, hint="pour w ≥ n − 1, toutes les clés sont dans la fenêtre.")
    C.expect_close(C.call(attention_locale, Q.clone(), K.clone(), V.clone(), 1,
                          name="attention_locale"),
                   oracle(Q, K, V, 1), name="attention_locale(Q, K, V, w=1) pour n = 5",
                   reveal=True, hint="la requête i voit les clés i − 1, i et i + 1 quand elles "
                                     "existent (une seule voisine aux bords).")


@check(hidden=True)
def locale_contre_masque(attention_locale):
    cas = [((), 9, 3, 5, w, 1.0, (w,)) for w in (0, 1, 2, 3, 8, 12)]
    cas += [((2,), 7, 4, 2, 31, 1.0, (2,)), ((2, 3), 6, 2, 3, 32, 1.0, (1,)),
            ((), 1, 2, 3, 33, 1.0, (2,)), ((3, 2), 8, 2, 3, 34, 30.0, (3,))]
    contre_oracle(attention_locale, "attention_locale", cas, oracle,
                  "fenêtre |i − j| ≤ w des deux côtés, i compris, tronquée aux bords (les "
                  "positions hors de 0…n−1 ne comptent ni au numérateur ni au dénominateur), "
                  "scores divisés par √d_k.")


@check(hidden=True)
def locale_cout_lineaire(attention_locale):
    cout_lineaire_en_n(attention_locale, "attention_locale", oracle, (3,),
                       lambda n: n * n // 8,
                       "ne calculez que les 2w + 1 scores de chaque requête (un décalage à la "
                       "fois, ou des fenêtres par unfold) : pas de masque sur la matrice n × n.")


@check(hidden=True)
def locale_type_et_arguments(attention_locale):
    type_et_arguments(attention_locale, "attention_locale", (2,), oracle)


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 4

# %% [markdown]
# **Question 4 (avancé) — attention par tuiles, à la Flash Attention.** Écrire
# `attention_par_blocs(Q, K, V, taille_bloc)` qui calcule **exactement**
# $\operatorname{softmax}(QK^\top/\sqrt{d_k})V$ bloc par bloc. Avec $b$ = `taille_bloc`
# (entier $\ge 1$), les positions sont découpées en blocs consécutifs de $b$ positions (le
# dernier est plus court quand $b$ ne divise pas $n$ ; un seul bloc si $b \ge n$). Pour un
# bloc de requêtes $Q_I$, on parcourt les blocs $K_J, V_J$ en tenant à jour, pour chaque
# requête $i$ du bloc, trois statistiques : le maximum courant $m_i$ des scores vus, la somme
# $\ell_i$ des $\exp(s_{ij} - m_i)$ et l'accumulateur $o_i = \sum_j \exp(s_{ij} - m_i)\,v_j$.
# Pour un nouveau bloc de scores $S = Q_I K_J^\top/\sqrt{d_k}$ ($b \times b$) :
#
# $$m_i' = \max\big(m_i, \max_{j \in J} s_{ij}\big), \quad
# \ell_i' = e^{m_i - m_i'}\,\ell_i + \sum_{j \in J} e^{s_{ij} - m_i'}, \quad
# o_i' = e^{m_i - m_i'}\,o_i + \sum_{j \in J} e^{s_{ij} - m_i'}\, v_j ,$$
#
# en partant de $m_i = -\infty$, $\ell_i = 0$, $o_i = 0$ ; à la fin, la sortie est
# $o_i / \ell_i$ (*softmax en ligne*). L'ordre des deux boucles est libre (Flash Attention v1
# met les blocs de clés à l'extérieur), mais **les scores n'existent qu'un bloc $b \times b$
# à la fois** (par tête) : ni la matrice $n \times n$, ni une bande $b \times n$ ou
# $n \times b$ de scores.
#
# *Mémoire vérifiée* ($n = 512$, $b = 16$, $d_k = d_v = 1$, sans dimension de tête) : aucun
# tenseur créé n'a plus de $4\,(n \max(d_k, d_v) + b^2)$ éléments (les entrées et la sortie
# peuvent être copiées, les scores non).

# %%
def attention_par_blocs(Q: torch.Tensor, K: torch.Tensor, V: torch.Tensor,
                        taille_bloc: int) -> torch.Tensor:
    """softmax(Q Kᵀ / √d_k) V exacte, par blocs taille_bloc × taille_bloc (softmax en ligne)."""
    # BEGIN SOLUTION
    n, echelle = Q.shape[-2], 1 / math.sqrt(Q.shape[-1])
    sorties = []
    for debut in range(0, n, taille_bloc):
        q = Q[..., debut:debut + taille_bloc, :] * echelle
        m = torch.full_like(q[..., :1], -math.inf)  # maximum courant, (..., b, 1)
        somme = torch.zeros_like(m)  # ℓ
        acc = 0  # o, (..., b, d_v) dès le premier bloc de clés
        for debut_k in range(0, n, taille_bloc):
            s = q @ K[..., debut_k:debut_k + taille_bloc, :].mT  # (..., b, b)
            m_nouveau = torch.maximum(m, s.amax(dim=-1, keepdim=True))
            p = torch.exp(s - m_nouveau)
            correction = torch.exp(m - m_nouveau)
            somme = correction * somme + p.sum(dim=-1, keepdim=True)
            acc = correction * acc + p @ V[..., debut_k:debut_k + taille_bloc, :]
            m = m_nouveau
        sorties.append(acc / somme)
    return torch.cat(sorties, dim=-2)
    # END SOLUTION


# %%
@check
def blocs_petit_exemple(attention_par_blocs):
    Q, K, V = tenseurs((), 10, 3, 2, 41)
    recu = C.call(attention_par_blocs, Q.clone(), K.clone(), V.clone(), 4,
                  name="attention_par_blocs")
    C.expect_shape(recu, (10, 2), name="attention_par_blocs(Q, K, V, 4) pour n = 10")
    C.expect_close(recu, oracle(Q, K, V), name="attention_par_blocs(Q, K, V, 4) pour n = 10",
                   reveal=True, hint="le résultat est exactement softmax(Q Kᵀ / √d_k) V ; "
                                     "n'oubliez pas le dernier bloc, plus court (10 = 4 + 4 + 2).")


@check(hidden=True)
def blocs_toutes_tailles(attention_par_blocs):
    cas = [((), 10, 3, 5, 50 + b, 1.0, (b,)) for b in (1, 2, 3, 4, 7, 10, 13)]
    cas += [((2,), 11, 4, 2, 61, 1.0, (3,)), ((2, 3), 9, 2, 3, 62, 1.0, (4,)),
            ((), 1, 2, 3, 63, 1.0, (2,))]
    contre_oracle(attention_par_blocs, "attention_par_blocs", cas,
                  lambda Q, K, V, b: oracle(Q, K, V),
                  "parcourez tous les blocs, le dernier compris quand b ne divise pas n ; à "
                  "chaque bloc de clés, corrigez ℓ et o par exp(m − m') avant d'ajouter le "
                  "nouveau bloc.")


@check(hidden=True)
def blocs_stable(attention_par_blocs):
    cas = [((), 12, 4, 3, 71, 30.0, (5,)), ((2, 2), 9, 2, 3, 72, 30.0, (2,))]
    contre_oracle(attention_par_blocs, "attention_par_blocs", cas,
                  lambda Q, K, V, b: oracle(Q, K, V),
                  "soustrayez le maximum courant m (et non un autre décalage) avant "
                  "l'exponentielle : exp(s − m') ≤ 1, exp(m − m') ≤ 1.")


@check(hidden=True)
def blocs_memoire(attention_par_blocs):
    n, b = 512, 16
    Q, K, V = tenseurs((), n, 1, 1, 81, 1.0)
    sortie, plus_grand, _ = mesurer(attention_par_blocs, "attention_par_blocs", Q.clone(),
                                    K.clone(), V.clone(), b)
    C.expect_close(sortie, oracle(Q, K, V), name=f"attention_par_blocs pour n = {n}, b = {b}")
    seuil = 4 * (n + b * b)
    C.expect(plus_grand <= seuil,
             f"`attention_par_blocs` crée, pour n = {n} et b = {b}, un tenseur de {plus_grand} "
             f"éléments, plus que le seuil de l'énoncé ({seuil}) : des scores sont formés "
             "au-delà d'un bloc b × b.",
             hint="un bloc de requêtes contre un bloc de clés à la fois ; ne formez ni "
                  "Q Kᵀ, ni Q_I Kᵀ (b × n), ni Q K_Jᵀ (n × b).")


@check(hidden=True)
def blocs_type_et_arguments(attention_par_blocs):
    type_et_arguments(attention_par_blocs, "attention_par_blocs", (3,),
                      lambda Q, K, V, b: oracle(Q, K, V))


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Mesures (démonstration, non notée)
#
# `plus_grand_tenseur(f, *args)` renvoie le nombre d'éléments du plus grand tenseur que crée
# l'appel `f(*args)` (les vues exclues), en observant ses opérations PyTorch ; les temps sont
# des médianes de trois appels. Sur un CPU partagé, les temps sont indicatifs.

# %% tags=["demo"]
from torch.utils._python_dispatch import TorchDispatchMode


class _PlusGrandTenseur(TorchDispatchMode):
    """Retient la taille du plus grand tenseur créé par une opération qui n'est pas une vue."""

    def __init__(self):
        super().__init__()
        self.taille = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        resultat = func(*args, **(kwargs or {}))
        if not any(r.alias_info is not None for r in func._schema.returns):
            for t in resultat if isinstance(resultat, tuple | list) else (resultat,):
                if isinstance(t, torch.Tensor):
                    self.taille = max(self.taille, t.numel())
        return resultat


def plus_grand_tenseur(f, *args):
    with _PlusGrandTenseur() as mode:
        f(*args)
    return mode.taille


def duree_ms(f, *args, repetitions=3):
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        f(*args)
        durees.append(time.perf_counter() - debut)
    return 1000 * sorted(durees)[repetitions // 2]


def erreur_relative(approx, exacte):
    return ((approx - exacte).norm() / exacte.norm()).item()


# %% tags=["demo"]
_gen = torch.Generator().manual_seed(0)
d = 32
print(f"{'n':>5} {'méthode':>22} {'temps (ms)':>11} {'plus grand tenseur':>19} "
      f"{'erreur relative':>16}")
for n in (128, 512, 2048, 8192):
    Q, K, V = (torch.randn(n, d, generator=_gen) for _ in range(3))
    exacte = attention_exacte(Q, K, V) if n <= 2048 else None
    methodes = [("linéaire", attention_lineaire, ()), ("locale w = 16", attention_locale, (16,))]
    if n <= 2048:
        methodes = [("exacte", attention_exacte, ()), *methodes,
                    ("par blocs b = 128", attention_par_blocs, (128,))]
    for nom, f, extra in methodes:
        sortie = f(Q, K, V, *extra)
        if sortie is None:  # fonction pas encore écrite
            continue
        erreur = "" if exacte is None else f"{erreur_relative(sortie, exacte):.2e}"
        # (pour n = 8192, l'attention exacte n'est pas calculée : 256 Mio de scores)
        print(f"{n:>5} {nom:>22} {duree_ms(f, Q, K, V, *extra):>11.2f} "
              f"{plus_grand_tenseur(f, Q, K, V, *extra):>19} {erreur:>16}")

# %% [markdown]
# **Compromis de l'attention locale** ($n = 2048$, $d = 32$) : erreur relative par rapport à
# l'attention exacte et temps, selon $w$. Dans le premier tableau, les vecteurs sont
# indépendants : aucune clé n'est plus proche qu'une autre et la fenêtre perd presque tout.
# Ici, requêtes et clés encodent la position par des sinusoïdes de fréquences
# $\omega_f = 10^{-3f/16}$ : $q_i^\top k_j = c^2 \sum_f \cos(\omega_f (i - j))$ décroît avec
# $|i - j|$, l'attention se concentre près de la diagonale, comme dans un texte où le
# contexte proche compte le plus.

# %% tags=["demo"]
n = 2048
positions = torch.arange(n, dtype=torch.float32)[:, None]
frequences = 10 ** (-3 * torch.arange(d // 2) / (d // 2))
X = 2.5 * torch.cat([torch.cos(positions * frequences), torch.sin(positions * frequences)], dim=1)
Q, K, V = X, X, torch.randn(n, d, generator=_gen)
exacte = attention_exacte(Q, K, V)
print(f"attention exacte : {duree_ms(attention_exacte, Q, K, V):.2f} ms")
for w in (4, 16, 64, 256):
    sortie = attention_locale(Q, K, V, w)
    if sortie is None or exacte is None:  # fonctions pas encore écrites
        break
    print(f"w = {w:>3} : erreur relative {erreur_relative(sortie, exacte):.2e}, "
          f"temps {duree_ms(attention_locale, Q, K, V, w):.2f} ms")

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée) — analyse.** À partir des deux tableaux :
#
# (a) L'attention linéaire approche-t-elle l'attention exacte quand $n$ grandit ? Pourquoi
# son erreur ne tend-elle pas vers 0, et que perd-elle par rapport au softmax ? À partir de
# quel $n$ devient-elle plus rapide, et pourquoi ce seuil dépend-il de $d$ ?
#
# (b) Comment l'erreur et le temps de l'attention locale varient-ils avec $w$ ? Quel est son
# coût en temps et en mémoire ? Quand l'erreur est-elle nulle ?
#
# (c) L'attention par blocs est exacte : quelle est sa mémoire, et son temps ? Pourquoi
# n'est-elle pas plus rapide ici, alors que Flash Attention accélère l'attention de 2 à 4 fois
# sur GPU ?
#
# (d) Résumez la mémoire (plus grand tenseur) des quatre méthodes en fonction de $n$, $d$,
# $w$ et $b$, et comparez avec les mesures.

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# (a) Non : l'attention linéaire calcule une **autre fonction**, où
# $\exp(q^\top k/\sqrt{d_k})$ est remplacé par $\phi(q)^\top\phi(k)$. Ce noyau n'est pas une
# approximation de l'exponentielle qui s'améliorerait avec $n$ : l'erreur relative reste de
# l'ordre de l'unité (ou d'une fraction notable) pour tout $n$. Les poids
# $\phi(q_i)^\top\phi(k_j)$ sont positifs mais peu contrastés : la loi d'attention est plus
# « plate », elle ne peut pas se concentrer sur une seule clé comme le softmax (perte
# d'expressivité, section 6.12). Son coût est $O(n\,d_k d_v)$ contre $O(n^2 d)$ : elle devient
# plus rapide quand $n$ dépasse un seuil de l'ordre de $d$ (les deux coûts se croisent vers
# $n \approx d$, à des constantes près) ; avec $d = 32$, elle l'emporte dès $n$ de quelques
# centaines, et l'écart grandit linéairement avec $n$.
#
# (b) L'erreur diminue quand $w$ augmente (plus de clés prises en compte), d'autant plus vite
# que l'information utile est proche ; elle est **nulle pour $w \ge n - 1$** (attention
# exacte). Le temps et la mémoire croissent comme $O(n\,w\,d)$ et $O(n\,w)$ : linéaires en
# $n$ pour $w$ fixé. On choisit $w$ assez grand pour couvrir les dépendances utiles, bien
# plus petit que $n$ pour gagner.
#
# (c) La mémoire est $O(b^2 + n d)$ (un bloc de scores, les statistiques $m$, $\ell$ et la
# sortie) au lieu de $O(n^2)$ ; le temps reste $O(n^2 d)$ (mêmes opérations, plus les
# corrections $e^{m - m'}$). Sur CPU, en Python, chaque bloc coûte un appel de plusieurs
# opérations : le surcoût d'interprétation et des petits produits matriciels la rend plus
# lente. Sur GPU, Flash Attention gagne parce qu'elle fusionne tout dans un seul noyau : les
# blocs restent en SRAM et la matrice $n \times n$ n'est jamais écrite en HBM, or c'est le
# trafic mémoire, pas le calcul, qui limite l'attention standard.
#
# (d) Exacte : $n^2$ (les scores) ; linéaire : $\max(n\,d, d_k d_v)$, l'état $S$ ne
# dépendant pas de $n$ ; locale : $n\,(2w + 1)$ (les scores de la fenêtre), plus les copies
# bordées $(n + 2w)\,d$ ; par blocs : $\max(b^2, n\,d)$. Les mesures suivent : le plus grand
# tenseur de l'attention exacte est multiplié par 16 quand $n$ est multiplié par 4, celui
# des autres par 4.
