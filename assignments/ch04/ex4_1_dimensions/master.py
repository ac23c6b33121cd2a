# %% [markdown]
# # Exercice 4.1 (⋆) — Calculs de dimensions dans un CNN
#
# Un réseau convolutif reçoit des images $128 \times 128$ à 3 canaux (format PyTorch
# `(B, 3, 128, 128)`) et leur applique successivement :
#
# | couche | module PyTorch |
# |---|---|
# | 1 | `Conv2d(3, 32, kernel_size=5, padding=2, stride=1)` |
# | 2 | `MaxPool2d(2, 2)` |
# | 3 | `Conv2d(32, 64, kernel_size=3, padding=0, stride=2)` |
# | 4 | `Conv2d(64, 128, kernel_size=3, padding=1, stride=1)` |
# | 5 | `AdaptiveAvgPool2d(1)` |
#
# Il s'agit de calculer, **sans exécuter le réseau**, la taille de la sortie et le nombre de
# paramètres de chaque couche. On rappelle (théorème 4.3 du cours) que pour une entrée de taille
# $n$, un noyau $k$, un padding $p$ et un pas (stride) $s$, la sortie a la taille
# $\lfloor (n - k + 2p)/s \rfloor + 1$. Une **dilatation** $d$ écarte les coefficients du noyau
# de $d$ pixels : le noyau couvre alors $d(k - 1) + 1$ pixels au lieu de $k$. Une convolution
# `Conv2d(C_in, C_out, k)` compte $C_\text{out}(C_\text{in} k^2 + 1)$ paramètres (avec biais).
# Les couches de pooling n'ont aucun paramètre ; le max-pooling suit la même formule de taille
# que la convolution (noyau $k$, pas $s$).
#
# Les questions 1 à 3 sont corrigées automatiquement (les tailles sont comparées à celles que
# produisent les couches de PyTorch) ; la question 4 est rédigée.

# %%
import torch
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 4

# %% [markdown]
# **Question 1 — Taille de sortie.** Écrire `taille_sortie(n, noyau, pas=1, padding=0,
# dilatation=1)` qui renvoie (un entier) la taille de sortie, le long d'un axe, d'une
# convolution ou d'un max-pooling appliqué à une entrée de taille `n`. La formule doit être
# valable pour tout noyau, pas, padding et dilatation pour lesquels la couche PyTorch
# correspondante accepte l'entrée (on arrondit **à l'entier inférieur**, comme PyTorch par
# défaut). Indication : remplacez $k$ par la taille effective $d(k-1)+1$ du noyau dilaté, et
# n'oubliez pas que le padding s'ajoute **des deux côtés**.

# %%
def taille_sortie(n: int, noyau: int, pas: int = 1, padding: int = 0,
                  dilatation: int = 1) -> int:
    """Taille de sortie ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 d'une convolution le long d'un axe."""
    # BEGIN SOLUTION
    return (n + 2 * padding - dilatation * (noyau - 1) - 1) // pas + 1
    # END SOLUTION


# %%
print("exemple 4.4 du cours :", taille_sortie(32, 5, pas=1, padding=2))

# %%
@check
def exemple_du_cours(taille_sortie):
    for args, expected, label in [((32, 5, 1, 2, 1), 32, "taille_sortie(32, 5, pas=1, padding=2)"),
                                  ((28, 5, 1, 0, 1), 24, "taille_sortie(28, 5) (LeNet-5)"),
                                  ((28, 2, 2, 0, 1), 14, "taille_sortie(28, 2, pas=2)")]:
        got = C.as_number(C.call(taille_sortie, *args, name="taille_sortie"), label)
        C.expect_equal(int(got) if got.is_integer() else got, expected, name=label, reveal=True,
                       hint="⌊(n − k + 2p)/s⌋ + 1 (théorème 4.3).")


@check(hidden=True)
def taille_sortie_pas_unitaire(taille_sortie):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(41)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))

    for i in range(25):
        k, p = tirage(1, 8), tirage(0, 4)
        n = tirage(k, 60)
        label = f"taille_sortie (configuration aléatoire n° {i + 1}, pas 1, sans dilatation)"
        got = C.as_number(C.call(taille_sortie, n, k, 1, p, 1, name="taille_sortie"), label)
        C.expect_equal(int(got) if got.is_integer() else got,
                       oracles.conv_output_size(n, k, padding=p), name=label,
                       hint="le padding p s'ajoute des deux côtés de l'entrée : n − k + 2p.")


@check(hidden=True)
def taille_sortie_pas_et_pooling(taille_sortie):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(42)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))

    for i in range(30):
        k, s = tirage(1, 8), tirage(2, 5)
        p = tirage(0, k // 2 + 1)
        n = tirage(k, 70)
        if (n + 2 * p - k) % s == 0:
            n += 1
        label = (f"taille_sortie (configuration aléatoire n° {i + 1}, "
                 f"{'MaxPool2d' if i % 2 else 'Conv2d'} de pas > 1)")
        got = C.as_number(C.call(taille_sortie, n, k, s, p, 1, name="taille_sortie"), label)
        C.expect_equal(int(got) if got.is_integer() else got,
                       oracles.conv_output_size(n, k, s, p, pooling=bool(i % 2)), name=label,
                       hint="avec un pas s > 1, on arrondit à l'entier inférieur : "
                            "⌊(n − k + 2p)/s⌋ + 1 (division entière `//`, pas `ceil` ni `/`).")


@check(hidden=True)
def taille_sortie_dilatation(taille_sortie):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(43)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))

    for i in range(30):
        k, d, s, p = tirage(2, 6), tirage(2, 5), tirage(1, 4), tirage(0, 5)
        n = tirage(d * (k - 1) + 1, 80)
        label = f"taille_sortie (configuration aléatoire n° {i + 1}, dilatation > 1)"
        got = C.as_number(C.call(taille_sortie, n, k, s, p, d, name="taille_sortie"), label)
        C.expect_equal(int(got) if got.is_integer() else got,
                       oracles.conv_output_size(n, k, s, p, d), name=label,
                       hint="un noyau k dilaté d'un facteur d couvre d(k − 1) + 1 pixels : "
                            "⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.")


@check(hidden=True)
def taille_sortie_entier_et_arguments_nommes(taille_sortie):
    # the type is read where the result is made (numbers come back as they are converted)
    @C.probe
    def sonde(kwargs):
        import numbers

        r = taille_sortie(**kwargs)
        return r, isinstance(r, numbers.Integral) and not isinstance(r, bool)

    cas = [({"n": 28, "noyau": 5}, 24), ({"n": 32, "noyau": 5, "padding": 2}, 32),
           ({"n": 29, "noyau": 2, "pas": 2}, 14), ({"n": 20, "noyau": 3, "dilatation": 2}, 16),
           ({"n": 17, "noyau": 3, "pas": 2, "padding": 1, "dilatation": 3}, 7)]
    for kwargs, attendu in cas:
        label = "taille_sortie(" + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"
        r, entier = C.call(sonde, kwargs, name="taille_sortie")
        got = C.as_number(r, label)
        C.expect_equal(int(got) if got.is_integer() else got, attendu, name=label,
                       hint="arguments de l'énoncé : n, noyau, pas=1, padding=0, "
                            "dilatation=1.")
        C.expect(entier, f"`{label}` ne renvoie pas un entier.",
                 hint="utilisez la division entière `//` : le résultat doit être un `int`, "
                      "pas un flottant.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — Nombre de paramètres.** Écrire `nb_parametres_conv2d(c_in, c_out, noyau,
# biais=True, groupes=1)` qui renvoie le nombre de paramètres de
# `nn.Conv2d(c_in, c_out, noyau, bias=biais, groups=groupes)`. Le noyau est un entier $k$
# (noyau carré $k \times k$) ou un couple $(k_H, k_W)$. Avec `groupes` $= g$ (qui divise
# `c_in` et `c_out`), chaque filtre ne voit que $c_\text{in}/g$ canaux d'entrée. Le biais
# ajoute un paramètre par filtre de sortie.

# %%
def nb_parametres_conv2d(c_in: int, c_out: int, noyau, biais: bool = True,
                         groupes: int = 1) -> int:
    """Nombre de paramètres de nn.Conv2d(c_in, c_out, noyau, bias=biais, groups=groupes)."""
    # BEGIN SOLUTION
    k_h, k_w = (noyau, noyau) if isinstance(noyau, int) else noyau
    poids = c_out * (c_in // groupes) * k_h * k_w
    return poids + (c_out if biais else 0)
    # END SOLUTION


# %%
print("Conv2d(3, 64, 3) sans biais :", nb_parametres_conv2d(3, 64, 3, biais=False))

# %%
@check
def remarque_du_cours(nb_parametres_conv2d):
    label = "nb_parametres_conv2d(3, 64, 3, biais=False)"
    got = C.as_number(C.call(nb_parametres_conv2d, 3, 64, 3, biais=False,
                             name="nb_parametres_conv2d"), label)
    C.expect_equal(int(got) if got.is_integer() else got, 1728, name=label, reveal=True,
                   hint="3 × 3 × 3 × 64 poids (remarque 4.2 du cours).")
    label = "nb_parametres_conv2d(3, 32, 5)"
    got = C.as_number(C.call(nb_parametres_conv2d, 3, 32, 5, name="nb_parametres_conv2d"), label)
    C.expect_equal(int(got) if got.is_integer() else got, 2432, name=label, reveal=True,
                   hint="C_out × (C_in k² + 1) avec le biais.")


@check(hidden=True)
def parametres_contre_pytorch(nb_parametres_conv2d):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(44)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))

    for i in range(30):
        c_in, c_out, k_h = tirage(1, 70), tirage(1, 90), tirage(1, 8)
        k_w = k_h if i % 3 else tirage(1, 8)
        bias = bool(i % 2)
        noyau = k_h if k_h == k_w and i % 3 else (k_h, k_w)
        label = (f"nb_parametres_conv2d (configuration aléatoire n° {i + 1}, "
                 f"{'avec' if bias else 'sans'} biais)")
        got = C.as_number(C.call(nb_parametres_conv2d, c_in, c_out, noyau, biais=bias,
                                 name="nb_parametres_conv2d"), label)
        C.expect_equal(int(got) if got.is_integer() else got,
                       oracles.conv2d_parameter_count(c_in, c_out, (k_h, k_w), bias), name=label,
                       hint="C_out × C_in × k_H × k_W poids, plus C_out biais si biais=True "
                            "(et aucun sinon) ; le noyau peut être un entier ou un couple.")


@check(hidden=True)
def parametres_groupes(nb_parametres_conv2d):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(45)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))

    for i in range(24):
        groups = tirage(2, 9)
        c_in, c_out = groups * tirage(1, 9), groups * tirage(1, 9)
        if i % 4 == 0:
            groups, c_out = c_in, 2 * c_in
        k, bias = tirage(1, 6), bool(i % 2)
        label = f"nb_parametres_conv2d (configuration aléatoire n° {i + 1}, groupes > 1)"
        got = C.as_number(C.call(nb_parametres_conv2d, c_in, c_out, k, biais=bias,
                                 groupes=groups, name="nb_parametres_conv2d"), label)
        C.expect_equal(int(got) if got.is_integer() else got,
                       oracles.conv2d_parameter_count(c_in, c_out, k, bias, groups), name=label,
                       hint="avec g groupes, chaque filtre ne voit que C_in/g canaux : "
                            "C_out × (C_in/g) × k² poids (+ C_out biais).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Le réseau de l'énoncé.** Écrire `dimensions_pile(hauteur=128, largeur=128)`
# qui renvoie, pour une entrée `(3, hauteur, largeur)`, la liste des 5 couches du tableau, dans
# l'ordre, chacune décrite par le quadruplet d'entiers
# `(canaux, hauteur_sortie, largeur_sortie, nb_parametres)`. Utilisez vos fonctions
# `taille_sortie` et `nb_parametres_conv2d` : **ne construisez pas le réseau** (ni `nn.Conv2d`,
# ni `nn.MaxPool2d`, ni `nn.AdaptiveAvgPool2d`, ni leurs versions fonctionnelles). La fonction
# doit marcher pour toute entrée assez grande (par exemple $97 \times 130$), pas seulement
# $128 \times 128$.

# %%
def dimensions_pile(hauteur: int = 128, largeur: int = 128) -> list[tuple[int, int, int, int]]:
    """[(canaux, H, W, nb_parametres)] après chacune des 5 couches, pour une entrée 3 × H × W."""
    # BEGIN SOLUTION
    h, w = hauteur, largeur
    couches = []
    h, w = taille_sortie(h, 5, 1, 2), taille_sortie(w, 5, 1, 2)
    couches.append((32, h, w, nb_parametres_conv2d(3, 32, 5)))
    h, w = taille_sortie(h, 2, 2), taille_sortie(w, 2, 2)
    couches.append((32, h, w, 0))
    h, w = taille_sortie(h, 3, 2, 0), taille_sortie(w, 3, 2, 0)
    couches.append((64, h, w, nb_parametres_conv2d(32, 64, 3)))
    h, w = taille_sortie(h, 3, 1, 1), taille_sortie(w, 3, 1, 1)
    couches.append((128, h, w, nb_parametres_conv2d(64, 128, 3)))
    couches.append((128, 1, 1, 0))
    return couches
    # END SOLUTION


# %%
total = 0
for numero, (c, h, w, n_params) in enumerate(dimensions_pile(), start=1):
    total += n_params
    print(f"couche {numero} : sortie {c} × {h} × {w}, {n_params} paramètres")
print("total :", total, "paramètres")

# %% [markdown]
# Pour vérifier vos calculs, on peut maintenant exécuter le vrai réseau sur une image nulle et
# comparer les formes et les nombres de paramètres obtenus.

# %%
pile = [nn.Conv2d(3, 32, kernel_size=5, padding=2, stride=1), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, kernel_size=3, padding=0, stride=2),
        nn.Conv2d(64, 128, kernel_size=3, padding=1, stride=1), nn.AdaptiveAvgPool2d(1)]
x = torch.zeros(1, 3, 128, 128)
for couche in pile:
    x = couche(x)
    print(f"{type(couche).__name__:18s} sortie {tuple(x.shape[1:])}, "
          f"{sum(p.numel() for p in couche.parameters())} paramètres")

# %%
@check
def premiere_couche(dimensions_pile):
    C.expect_not_using(dimensions_pile, {"Conv2d", "conv2d", "MaxPool2d", "max_pool2d",
                                         "AdaptiveAvgPool2d", "adaptive_avg_pool2d",
                                         "Sequential"}, name="dimensions_pile",
                       hint="calculez les tailles avec `taille_sortie` et "
                            "`nb_parametres_conv2d`, sans construire le réseau.")
    layers = C.call(dimensions_pile, 128, 128, name="dimensions_pile")
    C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5,
             "`dimensions_pile` doit renvoyer une liste de 5 quadruplets, un par couche.")
    first = layers[0]
    C.expect(isinstance(first, (list, tuple)) and len(first) == 4,
             "Chaque couche est décrite par (canaux, hauteur, largeur, nb_parametres).")
    values = [C.as_number(v, "dimensions_pile(128, 128)[0]") for v in first]
    got = tuple(int(v) if v.is_integer() else v for v in values)
    C.expect_equal(got, (32, 128, 128, 2432), name="dimensions_pile(128, 128)[0]", reveal=True,
                   hint="Conv2d(3, 32, 5, padding=2) conserve la taille : "
                        "(128 − 5 + 4)/1 + 1 = 128, et 32 × (3 × 25 + 1) paramètres.")


@check(hidden=True)
def pile_par_defaut_et_entiers(dimensions_pile):
    from autograder.checks import oracles

    # the types are read where the result is made
    @C.probe
    def sonde():
        import numbers

        couches = dimensions_pile()
        types = [isinstance(v, numbers.Integral) and not isinstance(v, bool)
                 for c in couches for v in c] if isinstance(couches, list | tuple) else [False]
        return couches, all(types)

    stack = [nn.Conv2d(3, 32, 5, padding=2, stride=1), nn.MaxPool2d(2, 2),
             nn.Conv2d(32, 64, 3, padding=0, stride=2), nn.Conv2d(64, 128, 3, padding=1, stride=1),
             nn.AdaptiveAvgPool2d(1)]
    layers, entiers = C.call(sonde, name="dimensions_pile")
    C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5,
             "`dimensions_pile()` (valeurs par défaut) doit renvoyer une liste de 5 quadruplets.",
             hint="valeurs par défaut de l'énoncé : hauteur=128, largeur=128.")
    for i, expected in enumerate(oracles.stack_dimensions(stack, 3, 128, 128)):
        label = f"dimensions_pile()[{i}] (valeurs par défaut, couche {i + 1})"
        C.expect(isinstance(layers[i], (list, tuple)) and len(layers[i]) == 4,
                 f"`{label}` doit être un quadruplet (canaux, hauteur, largeur, nb_parametres).")
        values = [C.as_number(v, label) for v in layers[i]]
        got = tuple(int(v) if v.is_integer() else v for v in values)
        C.expect_equal(got, expected, name=label,
                       hint="valeurs par défaut de l'énoncé : hauteur=128, largeur=128.")
    C.expect(entiers, "`dimensions_pile()` renvoie des quadruplets qui ne sont pas formés "
                      "d'entiers.",
             hint="canaux, tailles et nombres de paramètres sont des `int` (division entière "
                  "`//`).")


@check(hidden=True, each={"tailles": ["128", "autres_tailles"]})
def pile(dimensions_pile, tailles):
    from autograder.checks import oracles

    stack = [nn.Conv2d(3, 32, 5, padding=2, stride=1), nn.MaxPool2d(2, 2),
             nn.Conv2d(32, 64, 3, padding=0, stride=2), nn.Conv2d(64, 128, 3, padding=1, stride=1),
             nn.AdaptiveAvgPool2d(1)]
    hints = ["Conv2d(3, 32, 5, padding=2, stride=1) conserve la taille (le padding s'ajoute des "
             "deux côtés) ; 32 × (3 × 5 × 5 + 1) paramètres.",
             "MaxPool2d(2, 2) divise H et W par 2 (à l'entier inférieur) et n'a aucun paramètre.",
             "Conv2d(32, 64, 3, padding=0, stride=2) : ⌊(H − 3)/2⌋ + 1 (à l'entier inférieur), "
             "64 × (32 × 9 + 1) paramètres.",
             "Conv2d(64, 128, 3, padding=1) conserve la taille ; 128 × (64 × 9 + 1) paramètres.",
             "AdaptiveAvgPool2d(1) donne une sortie 1 × 1 quelle que soit l'entrée, sans "
             "paramètre."]
    carre = tailles == "128"
    for h, w in [(128, 128)] if carre else [(97, 130), (41, 24), (224, 65), (13, 10)]:
        layers = C.call(dimensions_pile, h, w, name="dimensions_pile")
        C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5,
                 "`dimensions_pile` doit renvoyer une liste de 5 quadruplets, un par couche.")
        for i, expected in enumerate(oracles.stack_dimensions(stack, 3, h, w)):
            label = (f"dimensions_pile(128, 128)[{i}] (couche {i + 1})" if carre else
                     f"dimensions_pile(H, W)[{i}] pour une entrée non carrée (couche {i + 1})")
            C.expect(isinstance(layers[i], (list, tuple)) and len(layers[i]) == 4,
                     f"`{label}` doit être un quadruplet (canaux, hauteur, largeur, "
                     "nb_parametres).")
            values = [C.as_number(v, label) for v in layers[i]]
            got = tuple(int(v) if v.is_integer() else v for v in values)
            C.expect_equal(got, expected, name=label, hint=hints[i] if carre else
                           "calculez chaque taille à partir de celle de la couche précédente, "
                           "séparément pour la hauteur et la largeur, avec `taille_sortie`.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** Détaillez le calcul, couche par couche, pour l'entrée
# $128 \times 128 \times 3$ : taille de sortie (avec la formule appliquée) et nombre de
# paramètres, puis le total. Quelle couche concentre les paramètres, et pourquoi ce nombre ne
# dépend-il pas de la taille de l'image ? Que deviennent les tailles et le nombre de paramètres
# pour une entrée $224 \times 224$ ? Quel est le rôle de `AdaptiveAvgPool2d(1)` pour une
# couche linéaire qui suivrait ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# 1. `Conv2d(3, 32, 5, p=2, s=1)` : $\lfloor(128 - 5 + 4)/1\rfloor + 1 = 128$, sortie
#    $32 \times 128 \times 128$ ; $32 \times (3 \times 25 + 1) = 2\,432$ paramètres.
# 2. `MaxPool2d(2, 2)` : $\lfloor(128 - 2)/2\rfloor + 1 = 64$, sortie $32 \times 64 \times 64$ ;
#    0 paramètre.
# 3. `Conv2d(32, 64, 3, p=0, s=2)` : $\lfloor(64 - 3)/2\rfloor + 1 = \lfloor 30{,}5\rfloor + 1
#    = 31$, sortie $64 \times 31 \times 31$ ; $64 \times (32 \times 9 + 1) = 18\,496$
#    paramètres.
# 4. `Conv2d(64, 128, 3, p=1, s=1)` : $\lfloor(31 - 3 + 2)/1\rfloor + 1 = 31$, sortie
#    $128 \times 31 \times 31$ ; $128 \times (64 \times 9 + 1) = 73\,856$ paramètres.
# 5. `AdaptiveAvgPool2d(1)` : sortie $128 \times 1 \times 1$ ; 0 paramètre.
#
# Total : $2\,432 + 18\,496 + 73\,856 = 94\,784$ paramètres. La dernière convolution en porte
# près de 78 % : le nombre de paramètres d'une convolution, $C_\text{out}(C_\text{in}k^2 + 1)$,
# croît comme le produit des nombres de canaux et ne dépend pas de $H \times W$ (le même filtre
# est partagé par toutes les positions). Pour $224 \times 224$ : $224 \to 224 \to 112 \to
# \lfloor 109/2\rfloor + 1 = 55 \to 55 \to 1$, avec exactement les mêmes 94 784 paramètres (seul
# le coût de calcul, proportionnel à $H \times W$, augmente). `AdaptiveAvgPool2d(1)` (GAP)
# ramène toute carte à $128 \times 1 \times 1$ : une couche linéaire qui suit a une entrée de
# taille fixe (128) quelle que soit la résolution de l'image, avec peu de paramètres.

