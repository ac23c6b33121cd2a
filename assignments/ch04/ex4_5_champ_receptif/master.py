# %% [markdown]
# # Exercice 4.5 (⋆⋆⋆) — Le champ réceptif
#
# Le **champ réceptif** d'un pixel de sortie d'un CNN est la région de l'entrée dont il dépend.
# Pour des noyaux carrés, elle est carrée : on note $r$ la longueur de son côté, c'est-à-dire
# l'**étendue** (du premier au dernier pixel d'entrée qui influe sur la sortie, trous compris).
# Le cours (remarque 4.6) affirme que deux convolutions $3 \times 3$ empilées voient $5 \times 5$
# pixels, et trois en voient $7 \times 7$.
#
# Chaque couche est décrite par un triplet $(k, s, d)$ : noyau $k$, pas (stride) $s$ et
# dilatation $d$ (le noyau dilaté couvre $d(k-1)+1$ pixels). Un pooling $k \times k$ de pas $s$
# agit sur le champ réceptif comme une convolution $(k, s, 1)$. Le padding ne change pas
# l'étendue du champ réceptif (il décale seulement la région) : on l'ignore ici.
#
# On demande :
#
# 1. de démontrer par récurrence que $n$ convolutions $k \times k$ de pas 1 ont un champ
#    réceptif $r = n(k-1) + 1$ (question 4, rédigée) et de l'implémenter (question 1) ;
# 2. de généraliser à des pas et dilatations quelconques (question 2, et question 5 rédigée) ;
# 3. de calculer le champ réceptif théorique d'un ResNet-50 et de le comparer à la taille des
#    images (question 3, et question 6 rédigée) ;
# 4. de discuter le lien entre champ réceptif et capacité de modélisation (question 6) ;
# 5. de mesurer le champ réceptif **effectif** d'un ResNet-50 (question 7).
#
# Le correcteur compare vos formules à un **oracle empirique** : il empile des convolutions dont
# tous les poids valent 1, calcule par autograd le gradient d'un pixel de sortie par rapport à
# l'entrée, et mesure l'étendue de la région où ce gradient est non nul.

# %%
import math

import torch
import torch.nn.functional as F

# %% [markdown]
# L'oracle empirique, que vous pouvez utiliser pour tester vos fonctions (1D suffit : pour des
# noyaux carrés, le champ réceptif 2D est le produit de deux champs 1D identiques).

# %%
def champ_receptif_empirique(couches: list[tuple[int, int, int]]) -> int:
    """Étendue du support du gradient du premier pixel de sortie par rapport à l'entrée."""
    pas_total = math.prod(s for _, s, _ in couches)
    longueur = pas_total * (1 + sum(d * (k - 1) for k, _, d in couches))  # assez long
    x = torch.ones(1, 1, longueur, dtype=torch.float64, requires_grad=True)
    h = x
    for k, s, d in couches:
        h = F.conv1d(h, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    h[0, 0, 0].backward()
    support = (x.grad[0, 0] != 0).nonzero()
    return int(support.max() - support.min() + 1)


print("deux 3×3 :", champ_receptif_empirique([(3, 1, 1), (3, 1, 1)]))
print("3×3 de pas 2 puis 3×3 dilatée 2 :", champ_receptif_empirique([(3, 2, 1), (3, 1, 2)]))

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — Pas unitaire.** Écrire `champ_receptif_pas_unitaire(n, k)` qui renvoie (un
# entier) le champ réceptif de $n \geq 1$ convolutions $k \times k$ empilées, de pas 1 et sans
# dilatation.

# %%
def champ_receptif_pas_unitaire(n: int, k: int) -> int:
    """Champ réceptif n(k − 1) + 1 de n convolutions k × k de pas 1."""
    # BEGIN SOLUTION
    return n * (k - 1) + 1
    # END SOLUTION


# %%
@check
def remarque_du_cours(champ_receptif_pas_unitaire):
    for n, expected in [(2, 5), (3, 7)]:
        label = f"champ_receptif_pas_unitaire({n}, 3)"
        got = C.as_number(C.call(champ_receptif_pas_unitaire, n, 3,
                                 name="champ_receptif_pas_unitaire"), label)
        C.expect_equal(int(got) if got.is_integer() else got, expected, name=label, reveal=True,
                       hint="chaque convolution 3 × 3 de pas 1 agrandit le champ de 2 pixels.")


@check(hidden=True)
def pas_unitaire_contre_oracle(champ_receptif_pas_unitaire):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(51)
    for i in range(20):
        n = int(torch.randint(1, 9, (1,), generator=g))
        k = int(torch.randint(1, 8, (1,), generator=g))
        if i == 0:
            n, k = 4, 1
        label = f"champ_receptif_pas_unitaire (configuration aléatoire n° {i + 1})"
        got = C.as_number(C.call(champ_receptif_pas_unitaire, n, k,
                                 name="champ_receptif_pas_unitaire"), label)
        C.expect_equal(int(got) if got.is_integer() else got,
                       oracles.receptive_field([(k, 1, 1)] * n), name=label,
                       hint="une couche de noyau k ajoute k − 1 pixels au champ (et non k) : "
                            "une seule couche voit k pixels, une convolution 1 × 1 n'agrandit "
                            "rien.")


@check(hidden=True)
def pas_unitaire_entier(champ_receptif_pas_unitaire):
    # the type is read where the result is made
    @C.probe
    def sonde(n, k):
        import numbers

        r = champ_receptif_pas_unitaire(n, k)
        return r, isinstance(r, numbers.Integral) and not isinstance(r, bool)

    for n, k in [(3, 5), (1, 1)]:
        label = f"champ_receptif_pas_unitaire({n}, {k})"
        r, entier = C.call(sonde, n, k, name="champ_receptif_pas_unitaire")
        got = C.as_number(r, label)
        C.expect_equal(int(got) if got.is_integer() else got, n * (k - 1) + 1, name=label)
        C.expect(entier, f"`{label}` ne renvoie pas un entier.",
                 hint="le champ réceptif est un nombre entier de pixels : renvoyez un `int`.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 4

# %% [markdown]
# **Question 2 — Pas et dilatations quelconques.** Écrire `champ_receptif(couches)` qui prend
# la liste des couches $(k_\ell, s_\ell, d_\ell)$, de l'entrée vers la sortie, et renvoie le
# champ réceptif (un entier) d'un pixel de la sortie de la dernière couche ; une liste vide
# donne 1. Indication : tenir à jour, couche après couche, le champ $r_\ell$ et le **saut**
# $j_\ell$ (la distance, mesurée en pixels d'entrée, entre deux pixels voisins de la carte
# $\ell$), avec $r_0 = j_0 = 1$. Une couche $(k, s, d)$ ajoute au champ $d(k-1)$ pixels **de
# la carte précédente**, donc $d(k-1)\,j_{\ell-1}$ pixels d'entrée, puis multiplie le saut par
# $s$.

# %%
def champ_receptif(couches: list[tuple[int, int, int]]) -> int:
    """Champ réceptif d'une pile de couches (noyau, pas, dilatation)."""
    # BEGIN SOLUTION
    champ, saut = 1, 1
    for noyau, pas, dilatation in couches:
        champ += dilatation * (noyau - 1) * saut
        saut *= pas
    return champ
    # END SOLUTION


# %%
for couches in ([(3, 1, 1)] * 3, [(3, 2, 1), (3, 1, 2)], [(7, 2, 1), (3, 2, 1), (3, 1, 1)]):
    print(couches, "→", champ_receptif(couches), "(oracle :",
          champ_receptif_empirique(couches), ")")

# %%
@check
def exemples_simples(champ_receptif):
    for layers, expected in [([], 1), ([(3, 1, 1), (3, 1, 1)], 5), ([(3, 2, 1), (3, 2, 1)], 7),
                             ([(3, 1, 2)], 5)]:
        label = f"champ_receptif({layers})"
        got = C.as_number(C.call(champ_receptif, list(layers), name="champ_receptif"), label)
        C.expect_equal(int(got) if got.is_integer() else got, expected, name=label, reveal=True,
                       hint="r₀ = j₀ = 1 ; r_ℓ = r_{ℓ−1} + d_ℓ(k_ℓ − 1) j_{ℓ−1} ; "
                            "j_ℓ = j_{ℓ−1} s_ℓ.")


@check(hidden=True)
def pas_quelconques_contre_oracle(champ_receptif):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(52)
    for i in range(25):
        depth = int(torch.randint(1, 6, (1,), generator=g))
        layers = [(int(torch.randint(1, 6, (1,), generator=g)),
                   int(torch.randint(1, 4, (1,), generator=g)), 1) for _ in range(depth)]
        if i == 0:
            layers = [(7, 2, 1), (3, 2, 1), (1, 1, 1), (3, 2, 1), (1, 3, 1), (3, 1, 1)]
        label = f"champ_receptif (pile aléatoire n° {i + 1}, pas quelconques, sans dilatation)"
        got = C.as_number(C.call(champ_receptif, list(layers), name="champ_receptif"), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field(layers),
                       name=label,
                       hint="la couche ℓ agrandit le champ de (k_ℓ − 1) × j_{ℓ−1}, où le saut "
                            "j_{ℓ−1} est le produit des pas des couches **précédentes** "
                            "(mettez le saut à jour après le champ).")


@check(hidden=True)
def dilatations_contre_oracle(champ_receptif):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(53)
    for i in range(25):
        depth = int(torch.randint(1, 6, (1,), generator=g))
        layers = [(int(torch.randint(2, 6, (1,), generator=g)),
                   int(torch.randint(1, 3, (1,), generator=g)),
                   int(torch.randint(1, 5, (1,), generator=g))) for _ in range(depth)]
        if i == 0:
            layers = [(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)]
        label = f"champ_receptif (pile aléatoire n° {i + 1}, avec dilatations)"
        got = C.as_number(C.call(champ_receptif, list(layers), name="champ_receptif"), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field(layers),
                       name=label,
                       hint="un noyau k dilaté d'un facteur d couvre d(k − 1) + 1 pixels de la "
                            "carte précédente : il agrandit le champ de d(k − 1) j_{ℓ−1}.")


@check(hidden=True)
def champ_receptif_entier(champ_receptif):
    from autograder.checks import oracles

    # the type is read where the result is made
    @C.probe
    def sonde(couches):
        import numbers

        r = champ_receptif(couches)
        return r, isinstance(r, numbers.Integral) and not isinstance(r, bool)

    for layers in ([], [(5, 2, 1), (3, 1, 3), (2, 2, 1)]):
        label = f"champ_receptif({layers})"
        r, entier = C.call(sonde, list(layers), name="champ_receptif")
        got = C.as_number(r, label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field(layers),
                       name=label)
        C.expect(entier, f"`{label}` ne renvoie pas un entier.",
                 hint="partez de r₀ = j₀ = 1 (entiers) et restez en arithmétique entière.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 — ResNet-50.** Dans un ResNet, le plus long chemin de l'entrée à la sortie (celui
# qui fixe le champ réceptif) est le **chemin principal** : `conv1` ($7 \times 7$, pas 2),
# `maxpool` ($3 \times 3$, pas 2), puis, pour chaque bloc résiduel des étages `layer1` à
# `layer4`, ses convolutions dans l'ordre (`conv1`, `conv2`, et `conv3` pour les blocs
# *bottleneck* de ResNet-50 et au-delà). Les raccourcis (`downsample`), le pooling global et la
# couche `fc` n'en font pas partie.
#
# Écrire `couches_resnet(profondeur=50, dilatation=(False, False, False))` qui renvoie la liste
# des triplets $(k, s, d)$ du chemin principal du ResNet de `torchvision` de cette profondeur
# (18, 34, 50 ou 101), construit **sans poids pré-entraînés** :
# `torchvision.models.resnet50(weights=None, replace_stride_with_dilation=list(dilatation))`
# (aucun téléchargement). Pour une convolution `conv`, lisez `conv.kernel_size[0]`,
# `conv.stride[0]` et `conv.dilation[0]` ; le `maxpool` stocke des entiers. L'argument
# `dilatation` (utilisé seulement pour les profondeurs 50 et 101) remplace le pas des étages 2, 3
# ou 4 par une dilatation, comme dans les réseaux de segmentation. En déduire, avec
# `champ_receptif`, le champ réceptif théorique d'un ResNet-50.

# %%
def couches_resnet(profondeur: int = 50,
                   dilatation: tuple[bool, bool, bool] = (False, False, False)
                   ) -> list[tuple[int, int, int]]:
    """Triplets (noyau, pas, dilatation) du chemin principal d'un ResNet de torchvision."""
    # BEGIN SOLUTION
    import torchvision

    fabrique = getattr(torchvision.models, f"resnet{profondeur}")
    if profondeur >= 50:
        modele = fabrique(weights=None, replace_stride_with_dilation=list(dilatation))
    else:
        modele = fabrique(weights=None)

    def triplet(couche):
        if isinstance(couche, torch.nn.MaxPool2d):
            return (couche.kernel_size, couche.stride, couche.dilation)
        return (couche.kernel_size[0], couche.stride[0], couche.dilation[0])

    couches = [triplet(modele.conv1), triplet(modele.maxpool)]
    for etage in (modele.layer1, modele.layer2, modele.layer3, modele.layer4):
        for bloc in etage:
            for nom in ("conv1", "conv2", "conv3"):
                if hasattr(bloc, nom):
                    couches.append(triplet(getattr(bloc, nom)))
    return couches
    # END SOLUTION


# %%
couches_50 = couches_resnet(50)
print(len(couches_50), "couches sur le chemin principal ; début :", couches_50[:4])
print("champ réceptif théorique de ResNet-50 :", champ_receptif(couches_50), "pixels")

# %%
@check
def debut_du_chemin(couches_resnet):
    layers = C.call(couches_resnet, 18, (False, False, False), name="couches_resnet")
    C.expect(isinstance(layers, (list, tuple)) and len(layers) >= 2,
             "`couches_resnet` doit renvoyer une liste de triplets (noyau, pas, dilatation).")
    C.expect(all(isinstance(t, (list, tuple)) and len(t) == 3 for t in layers),
             "Chaque couche est un triplet (noyau, pas, dilatation).",
             hint="lisez conv.kernel_size[0], conv.stride[0], conv.dilation[0].")
    start = [tuple(int(C.as_number(v, "couches_resnet(18)")) for v in t) for t in layers[:2]]
    C.expect_equal(start, [(7, 2, 1), (3, 2, 1)], name="couches_resnet(18)[:2]", reveal=True,
                   hint="le chemin commence par conv1 (7 × 7, pas 2) puis maxpool (3 × 3, "
                        "pas 2).")


@check(hidden=True)
def resnet50(couches_resnet, champ_receptif):
    from autograder.checks import oracles

    ref = oracles.resnet_main_path(50)
    layers = C.call(couches_resnet, 50, (False, False, False), name="couches_resnet")
    C.expect(isinstance(layers, (list, tuple)) and all(
        isinstance(t, (list, tuple)) and len(t) == 3 for t in layers),
        "`couches_resnet(50)` doit renvoyer une liste de triplets (noyau, pas, dilatation).")
    got = [tuple(int(C.as_number(v, "couches_resnet(50)")) for v in t) for t in layers]
    got_main = [t for t in got if t[:2] != (1, 1)]
    ref_main = [t for t in ref if t[:2] != (1, 1)]
    hint = ("conv1, maxpool, puis les convolutions de chacun des 3 + 4 + 6 + 3 blocs, dans "
            "l'ordre ; le pas des étages 2 à 4 est porté par la convolution 3 × 3 (conv2) du "
            "premier bloc ; n'incluez pas les raccourcis (downsample).")
    C.expect(len(got_main) == len(ref_main),
             f"`couches_resnet(50)` contient {len(got_main)} couches (sans compter les "
             "convolutions 1 × 1 de pas 1), ce n'est pas le nombre attendu.", hint=hint)
    for i, (a, b) in enumerate(zip(got_main, ref_main, strict=True)):
        C.expect_equal(a, b, name=f"couches_resnet(50), couche n° {i + 1} (sans compter les "
                                  "convolutions 1 × 1 de pas 1)", hint=hint)
    r = C.as_number(C.call(champ_receptif, list(got), name="champ_receptif"),
                    "champ_receptif(couches_resnet(50))")
    C.expect_equal(int(r) if r.is_integer() else r, oracles.receptive_field(ref),
                   name="champ_receptif(couches_resnet(50))",
                   hint="le saut vaut 32 à la fin du réseau : les dernières convolutions 3 × 3 "
                        "ajoutent chacune 2 × 32 pixels.")


@check(hidden=True)
def autres_profondeurs_et_dilatations(couches_resnet):
    from autograder.checks import oracles

    configs = [(18, (False, False, False)), (34, (False, False, False)),
               (101, (False, False, False)), (50, (False, True, True)),
               (50, (False, False, True)), (101, (True, True, True))]
    for depth, dilate in configs:
        ref = oracles.resnet_main_path(depth, dilate)
        label = f"couches_resnet({depth}, dilatation={dilate})"
        layers = C.call(couches_resnet, depth, dilate, name="couches_resnet")
        C.expect(isinstance(layers, (list, tuple)) and all(
            isinstance(t, (list, tuple)) and len(t) == 3 for t in layers),
            f"`{label}` doit renvoyer une liste de triplets (noyau, pas, dilatation).")
        got = [tuple(int(C.as_number(v, label)) for v in t) for t in layers]
        got_main = [t for t in got if t[:2] != (1, 1)]
        ref_main = [t for t in ref if t[:2] != (1, 1)]
        hint = ("construisez le réseau demandé (profondeur, et replace_stride_with_dilation "
                "pour 50 et 101) et parcourez ses blocs : BasicBlock (conv1, conv2) pour 18 et "
                "34, Bottleneck (conv1, conv2, conv3) au-delà ; lisez aussi la dilatation.")
        C.expect(len(got_main) == len(ref_main),
                 f"`{label}` contient {len(got_main)} couches (sans compter les convolutions "
                 "1 × 1 de pas 1), ce n'est pas le nombre attendu.", hint=hint)
        for i, (a, b) in enumerate(zip(got_main, ref_main, strict=True)):
            C.expect_equal(a, b, name=f"{label}, couche n° {i + 1} (sans compter les "
                                      "convolutions 1 × 1 de pas 1)", hint=hint)


@check(hidden=True)
def couches_resnet_par_defaut(couches_resnet):
    from autograder.checks import oracles

    ref = [t for t in oracles.resnet_main_path(50) if t[:2] != (1, 1)]
    layers = C.call(couches_resnet, name="couches_resnet")
    C.expect(isinstance(layers, (list, tuple)) and all(
        isinstance(t, (list, tuple)) and len(t) == 3 for t in layers),
        "`couches_resnet()` doit renvoyer une liste de triplets (noyau, pas, dilatation).")
    got = [tuple(int(C.as_number(v, "couches_resnet()")) for v in t) for t in layers]
    C.expect([t for t in got if t[:2] != (1, 1)] == ref,
             "`couches_resnet()` (valeurs par défaut) ne renvoie pas le chemin principal du "
             "ResNet-50 sans dilatation.",
             hint="valeurs par défaut de l'énoncé : profondeur=50, "
                  "dilatation=(False, False, False).")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée) — Preuve par récurrence.** Démontrer que $n$ couches convolutives
# $k \times k$ empilées, de pas 1 (sans dilatation), ont un champ réceptif de taille
# $n(k-1)+1$. Précisez l'hypothèse de récurrence (sur quel ensemble de pixels porte-t-elle ?)
# et pourquoi l'étendue, et non seulement une borne, est atteinte.

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# On raisonne le long d'un axe (le cas 2D s'en déduit axe par axe pour un noyau carré). Notons
# $R_n(i)$ l'ensemble des indices d'entrée dont dépend le pixel $i$ de la couche $n$.
# **Hypothèse** $\mathcal{H}_n$ : $R_n(i) = \{i, i+1, \dots, i + n(k-1)\}$, un intervalle de
# $n(k-1)+1$ pixels (indices de la corrélation croisée du cours, sans padding ; le padding ne
# fait que translater les indices). **Initialisation** : $n = 1$, $y[i] = \sum_{m=0}^{k-1}
# x[i+m]K[m]$ dépend de $x[i], \dots, x[i+k-1]$ : $k = 1(k-1)+1$ pixels. **Hérédité** : le
# pixel $i$ de la couche $n+1$ dépend des pixels $i, \dots, i+k-1$ de la couche $n$, donc de
# $\bigcup_{m=0}^{k-1} R_n(i+m) = \bigcup_{m}\{i+m, \dots, i+m+n(k-1)\} = \{i, \dots,
# i+(k-1)+n(k-1)\}$ (intervalles consécutifs qui se chevauchent, car le pas vaut 1), soit
# $(n+1)(k-1)+1$ pixels. L'étendue est atteinte pour des poids génériques (par exemple tous
# égaux à 1) : chaque pixel de l'intervalle est relié à la sortie par au moins un chemin dont
# le produit des poids est non nul. Avec $k = 3$ : $2n+1$, soit 5 pour deux couches et 7 pour
# trois (remarque 4.6).


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée) — Généralisation.** Établir la récurrence de la question 2 pour des pas
# $s_\ell$ et dilatations $d_\ell$ arbitraires, puis la forme close
# $r_L = 1 + \sum_{\ell=1}^{L} d_\ell (k_\ell - 1) \prod_{m<\ell} s_m$. Montrer que les
# pixels d'un champ dilaté peuvent présenter des « trous » (effet de grille) sans que
# l'étendue change.

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# Le pixel $i$ de la couche $\ell$ est centré, dans l'entrée, sur une position de la forme
# $a_\ell + i\,j_\ell$ avec $j_\ell = \prod_{m \le \ell} s_m$ (saut, $j_0 = 1$) : deux pixels
# voisins de la carte $\ell$ sont espacés de $j_\ell$ pixels d'entrée. Une couche
# $(k_\ell, s_\ell, d_\ell)$ calcule le pixel $i$ à partir des pixels $s_\ell i + m d_\ell$,
# $m = 0, \dots, k_\ell - 1$, de la carte $\ell - 1$ : le premier et le dernier sont distants
# de $d_\ell(k_\ell-1)$ pixels de cette carte, soit $d_\ell(k_\ell-1)j_{\ell-1}$ pixels
# d'entrée. Le champ de la couche $\ell$ est la réunion des champs (de même étendue
# $r_{\ell-1}$) de ces pixels : son étendue est celle du premier plus ce décalage,
# $r_\ell = r_{\ell-1} + d_\ell(k_\ell-1)j_{\ell-1}$, et $j_\ell = s_\ell j_{\ell-1}$.
# Par récurrence immédiate, $r_L = 1 + \sum_\ell d_\ell(k_\ell-1)\prod_{m<\ell}s_m$ ; avec
# $s = d = 1$ on retrouve $n(k-1)+1$. Le pas n'agit que sur les couches suivantes (il
# multiplie le saut), d'où une croissance exponentielle du champ avec la profondeur dès que les
# pas valent 2. **Trous** : si $d_\ell j_{\ell-1} > r_{\ell-1}$, les champs des pixels
# combinés ne se chevauchent plus : par exemple une seule couche $(3, 1, 2)$ voit les pixels
# $\{0, 2, 4\}$ — étendue 5, mais seulement 3 pixels effectivement lus (effet de grille des
# convolutions dilatées, évité en variant les dilatations 1, 2, 5…). L'étendue, elle, suit
# toujours la formule puisqu'elle ne dépend que des positions extrêmes.


# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 3

# %% [markdown]
# **Question 6 (rédigée) — Discussion.** Comparez le champ réceptif théorique de ResNet-50 à la
# taille des images ImageNet ($224 \times 224$) : qu'en conclure ? Qu'appelle-t-on champ
# réceptif **effectif** (Luo et al., 2016), et pourquoi est-il bien plus petit (la question 7
# le mesure : gradient d'un pixel central de la sortie par rapport à l'entrée d'un réseau à
# poids aléatoires) ? Discutez enfin le lien entre champ réceptif et
# capacité de modélisation : dépendances à longue portée, rôle du pas, de la dilatation, de la
# profondeur, du pooling global, et ce que changent les mécanismes d'attention.

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Avec la récurrence, le chemin principal du ResNet-50 de torchvision (pas porté par la
# convolution 3 × 3 de chaque premier bloc) donne un champ réceptif théorique de **427 pixels**
# (saut final 32) : chaque pixel de la carte $7 \times 7$ finale « voit », en théorie, une
# région plus grande que l'image $224 \times 224$ entière (le padding complète le reste), et le
# pooling global rend de toute façon la décision dépendante de toute l'image. Mais le champ
# **effectif** — la région où $|\partial y / \partial x|$ est non négligeable — est bien plus
# petit : les contributions des chemins se somment comme une marche aléatoire, le gradient a
# un profil à peu près gaussien concentré au centre, dont l'écart-type croît comme
# $\sqrt{n}$ (et non $n$) avec la profondeur ; les pixels du bord du champ théorique ne sont
# reliés que par très peu de chemins. L'entraînement l'élargit, sans atteindre le champ
# théorique. **Capacité** : une unité ne peut modéliser que des motifs contenus dans son champ
# réceptif ; il faut donc qu'il couvre l'objet (ou le contexte) pertinent. On l'agrandit par la
# profondeur (croissance linéaire), par les pas et le pooling (croissance exponentielle, au
# prix de la résolution), ou par la dilatation (grand champ sans perte de résolution ni de
# paramètres, mais effet de grille) ; grand champ théorique ne veut pas dire grande portée
# effective. Le pooling global agrège toute l'image mais sans relations spatiales fines.
# L'attention (chapitre 6) donne d'emblée un champ global et des interactions à longue portée
# dépendant du contenu, au prix d'un biais inductif de localité plus faible (besoin de plus de
# données).


# %% [raw]
# # BEGIN QUESTION
# name: q7
# points: 3

# %% [markdown]
# **Question 7 — Le champ réceptif effectif, mesuré.** Le champ théorique dit quels pixels
# *peuvent* influer sur une sortie ; le champ **effectif** (Luo et al., 2016) mesure combien ils
# influent. Soit `modele` un réseau qui envoie une image `(1, 3, H, W)` sur des cartes
# `(1, C, h, w)`, et `x` une entrée de forme `(1, 3, H, W)`. On note $y$ la somme, sur les $C$
# canaux, de la sortie à la position centrale $(h /\!/ 2,\; w /\!/ 2)$ (division entière).
# Écrire
#
# - `carte_gradient(modele, x)` qui met `modele` en mode évaluation, calcule
#   $\partial y / \partial x$ par autograd et renvoie la carte `(H, W)` des
#   $\sum_{c} |\partial y / \partial x_{c, i, j}|$ (somme sur les 3 canaux d'entrée) ;
# - `taille_effective(carte, fraction=0.95)` qui renvoie (un entier) le plus petit côté impair
#   $r = 1, 3, 5, \dots$ tel que le carré $r \times r$ centré sur le pixel
#   $(H /\!/ 2,\; W /\!/ 2)$ de la carte (rogné aux bords de la carte) contienne au moins la
#   proportion `fraction` de la somme de toute la carte.
#
# La cellule suivante mesure la taille effective d'un ResNet-50 à poids aléatoires (sans sa tête
# : pooling global et `fc` retirés) sur une image $224 \times 224$, à comparer aux 427 pixels du
# champ théorique (question 6).

# %%
def carte_gradient(modele: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Carte (H, W) de Σ_c |∂y/∂x_c| pour y = somme des canaux de la sortie au centre."""
    # BEGIN SOLUTION
    modele.eval()
    entree = x.detach().clone().requires_grad_(True)
    sortie = modele(entree)
    h, w = sortie.shape[2], sortie.shape[3]
    (gradient,) = torch.autograd.grad(sortie[0, :, h // 2, w // 2].sum(), entree)
    return gradient[0].abs().sum(dim=0)
    # END SOLUTION


def taille_effective(carte: torch.Tensor, fraction: float = 0.95) -> int:
    """Plus petit côté impair r du carré centré qui contient `fraction` de la masse."""
    # BEGIN SOLUTION
    hauteur, largeur = carte.shape
    ci, cj = hauteur // 2, largeur // 2
    total = float(carte.sum())
    for r in range(1, 2 * max(ci, cj) + 2, 2):  # the last square covers the whole map
        demi = r // 2
        carre = carte[max(ci - demi, 0):ci + demi + 1, max(cj - demi, 0):cj + demi + 1]
        if float(carre.sum()) >= fraction * total:
            break
    return r
    # END SOLUTION


# %%
import torchvision  # noqa: E402

torch.manual_seed(0)
_resnet = torchvision.models.resnet50(weights=None)
_tronc = torch.nn.Sequential(*list(_resnet.children())[:-2])
_carte = carte_gradient(_tronc, torch.rand(1, 3, 224, 224))
if _carte is not None:
    print("taille effective (95 % du gradient) d'un ResNet-50 aléatoire :",
          taille_effective(_carte), "pixels, contre 427 pour le champ théorique")

# %%
@helper
def cartes_resnet(carte_gradient, profondeur, hauteur, largeur):
    """The student's map and the grader's for the same seeded torchvision ResNet (its
    convolutional trunk, evaluation mode), built where `carte_gradient` lives and here."""
    fabrique = C.code(
        "def tronc(profondeur):\n"
        "    import torchvision\n"
        "    torch.manual_seed(profondeur)\n"
        "    r = getattr(torchvision.models, f'resnet{profondeur}')(weights=None)\n"
        "    return torch.nn.Sequential(*list(r.children())[:-2]).double().eval()\n")
    # float64: float32 sums in another order (another thread count in the sandbox) can flip a
    # ReLU near 0 deep in the network and change the map
    modele = C.build_where(carte_gradient, fabrique, profondeur)
    x = torch.rand(1, 3, hauteur, largeur, generator=torch.Generator().manual_seed(7),
                   dtype=torch.float64)
    got = C.as_tensor(C.call(carte_gradient, modele, x.clone(), name="carte_gradient"),
                      "carte_gradient(modele, x)")
    entree = x.clone().requires_grad_(True)
    sortie = fabrique(profondeur)(entree)
    sortie[0, :, sortie.shape[2] // 2, sortie.shape[3] // 2].sum().backward()
    return got, entree.grad[0].abs().sum(dim=0)


@check
def carte_petit_reseau(carte_gradient):
    # two 3 × 3 convolutions of ones, no padding, 9 × 9 → 5 × 5: ∂y/∂x counts the paths
    fabrique = C.code(
        "def deux_convolutions():\n"
        "    m = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3, bias=False),\n"
        "                            torch.nn.Conv2d(2, 1, 3, bias=False))\n"
        "    with torch.no_grad():\n"
        "        for p in m.parameters():\n"
        "            p.fill_(1.0)\n"
        "    return m\n")
    modele = C.build_where(carte_gradient, fabrique)
    got = C.call(carte_gradient, modele, torch.rand(1, 3, 9, 9), name="carte_gradient")
    chemins = torch.tensor([1.0, 2.0, 3.0, 2.0, 1.0])
    attendu = torch.zeros(9, 9)
    attendu[2:7, 2:7] = 3 * 2 * torch.outer(chemins, chemins)  # 3 input channels, 2 middle
    C.expect_close(C.as_tensor(got, "carte_gradient").detach(), attendu, rtol=1e-5, atol=1e-5,
                   name="carte_gradient(deux convolutions 3 × 3 de uns, x de 9 × 9)",
                   reveal=True, hint="y = somme des canaux de la sortie au centre ; la carte est "
                                     "|∂y/∂x| sommée sur les 3 canaux d'entrée.")


@check(hidden=True)
def carte_resnet_contre_autograd(carte_gradient):
    # non-square outputs whose centre row and column differ (3 × 5, then 5 × 3)
    for profondeur, hauteur, largeur in ((18, 96, 160), (50, 160, 96)):
        got, attendu = cartes_resnet(carte_gradient, profondeur, hauteur, largeur)
        echelle = float(attendu.max())
        C.expect_close(got.to(torch.float64) / echelle, attendu.to(torch.float64) / echelle,
                       rtol=1e-3, atol=1e-5,
                       name=f"carte_gradient(tronc d'un ResNet-{profondeur}, image "
                            f"{hauteur} × {largeur})",
                       hint="position centrale (h // 2, w // 2) de la sortie (lignes puis "
                            "colonnes), modèle en mode évaluation, valeur absolue puis somme "
                            "sur les canaux d'entrée.")


@check(hidden=True)
def taille_effective_cas_exacts(taille_effective):
    def oracle(carte, fraction):
        h, w = carte.shape
        for r in range(1, 2 * max(h, w) + 2, 2):
            d = r // 2
            if float(carte[max(h // 2 - d, 0):h // 2 + d + 1,
                           max(w // 2 - d, 0):w // 2 + d + 1].sum()) >= fraction * float(
                    carte.sum()):
                return r
        return r

    uniforme = torch.ones(7, 7, dtype=torch.float64)
    pic = torch.zeros(9, 9, dtype=torch.float64)
    pic[4, 4] = 1.0
    decale = torch.zeros(8, 6, dtype=torch.float64)
    decale[4, 3], decale[1, 0] = 0.9, 0.1  # centre (4, 3); the rest 3 rows and 3 columns off
    egalite = torch.full((3, 3), 0.125, dtype=torch.float64)
    egalite[1, 1] = 1.0  # the centre holds exactly half of the mass: « au moins » decides
    g = torch.Generator().manual_seed(75)
    allongee = torch.zeros(3, 21, dtype=torch.float64)
    allongee[1, 10], allongee[0, 0], allongee[2, 20] = 1.0, 1.0, 1.0  # mass at the far ends
    haut = torch.zeros(8, 20, dtype=torch.float64)
    haut[4, 10], haut[0, 10] = 1.0, 1.0  # the first row counts as soon as the square reaches it
    droite = torch.zeros(5, 9, dtype=torch.float64)
    droite[2, 4], droite[2, 6] = 1.0, 1.0  # two columns right of the centre: a 5 × 5 square
    cas = [(egalite, 0.5), (allongee, 0.9), (haut, 0.9), (droite, 0.9),
           (droite.t().contiguous(), 0.9), (pic, 0.95),
           (uniforme, 0.95), (uniforme, 0.5), (decale, 0.95), (decale, 0.85),
           (torch.rand(11, 15, generator=g, dtype=torch.float64) ** 4, 0.9),
           (torch.rand(12, 10, generator=g, dtype=torch.float64), 0.3)]
    for carte, fraction in cas:
        label = f"taille_effective(carte {tuple(carte.shape)}, fraction={fraction})"
        got = C.call(taille_effective, carte.clone(), fraction, name="taille_effective")
        C.expect(isinstance(got, int) and not isinstance(got, bool),
                 "`taille_effective` doit renvoyer un entier Python.",
                 hint="int(...) sur le côté trouvé.")
        C.expect_equal(got, oracle(carte, fraction), name=label,
                       hint="côtés impairs 1, 3, 5… d'un carré centré sur (H // 2, W // 2), "
                            "rogné aux bords ; le plus petit qui atteint la fraction (≥).")
    C.expect_equal(C.call(taille_effective, uniforme.clone(), name="taille_effective"), 7,
                   name="taille_effective(carte uniforme 7 × 7) (fraction par défaut)",
                   hint="la fraction vaut 0.95 par défaut.")
