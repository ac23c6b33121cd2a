# %% [markdown]
# # Exercice 4.4 (⋆⋆) — Convolutions séparables en profondeur
#
# Une convolution standard $C_\text{in} \to C_\text{out}$ de noyau $k \times k$ coûte
# $C_\text{in} C_\text{out} k^2$ multiplications par position (et autant de poids). La
# convolution **séparable en profondeur** (MobileNet, Xception, ConvNeXt) la décompose en deux
# étapes (section 4.9 du cours) :
#
# 1. **depthwise** : un filtre $k \times k$ par canal d'entrée, sans mélange des canaux —
#    c'est `nn.Conv2d(C_in, C_in, k, groups=C_in)`, de coût $C_\text{in} k^2$ ;
# 2. **pointwise** : une convolution $1 \times 1$ qui combine les canaux,
#    `nn.Conv2d(C_in, C_out, 1)`, de coût $C_\text{in} C_\text{out}$.
#
# Le rapport des coûts (et des nombres de poids, sans biais) vaut
# $\dfrac{C_\text{in}k^2 + C_\text{in}C_\text{out}}{C_\text{in}C_\text{out}k^2} =
# \dfrac{1}{C_\text{out}} + \dfrac{1}{k^2}$, soit un gain d'un facteur 8 à 9 pour
# $C_\text{out} = 256$ et $k = 3$.
#
# **Données.** Le notebook utilise une copie hors ligne au format de CIFAR-10, chargée par
# `data.load("cifar10", train=True)` comme `torchvision.datasets.CIFAR10`. Ici, c'est un
# **substitut synthétique** (10 classes d'images $3 \times 32 \times 32$ de même format) : la
# vraie base se charge de la même façon là où elle est disponible, mais les précisions obtenues
# ici ne sont pas celles de CIFAR-10. Le correcteur mesure la précision sur ses propres images.
#
# Les questions 1 à 4 sont corrigées automatiquement ; la comparaison (question 5) est rédigée.

# %%
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

from autograder import data

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 4

# %% [markdown]
# **Question 1 — La couche.** Écrire le module `ConvSeparable(c_in, c_out, noyau=3, pas=1,
# padding=1, biais=True)` formé de deux sous-modules, **dans cet ordre et sous ces noms** :
#
# - `self.depthwise` : la convolution $k \times k$ par canal, de pas `pas` et de padding
#   `padding`, avec `groups=c_in` (poids de forme `(c_in, 1, k, k)`) ;
# - `self.pointwise` : la convolution $1 \times 1$ de `c_in` vers `c_out` (poids de forme
#   `(c_out, c_in, 1, 1)`), sans pas ni padding.
#
# Les deux ont un biais si `biais=True`, aucun sinon ; il n'y a **pas** d'activation entre
# les deux. La sortie a donc la même forme que celle de
# `nn.Conv2d(c_in, c_out, noyau, stride=pas, padding=padding)`, avec
# $C_\text{in}k^2 + C_\text{in}C_\text{out}$ poids (plus $C_\text{in} + C_\text{out}$ biais).
# Le correcteur lit vos poids par `state_dict()` (clés `depthwise.weight`, `depthwise.bias`,
# `pointwise.weight`, `pointwise.bias`) et compare votre sortie, en `float64`, à une
# convolution groupée suivie d'une convolution $1 \times 1$ qu'il calcule lui-même.

# %%
class ConvSeparable(nn.Module):
    """Convolution séparable en profondeur : depthwise k × k (groups=c_in) puis pointwise 1 × 1."""

    def __init__(self, c_in: int, c_out: int, noyau: int = 3, pas: int = 1, padding: int = 1,
                 biais: bool = True):
        super().__init__()
        # BEGIN SOLUTION
        self.depthwise = nn.Conv2d(c_in, c_in, noyau, stride=pas, padding=padding,
                                   groups=c_in, bias=biais)
        self.pointwise = nn.Conv2d(c_in, c_out, 1, bias=biais)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return self.pointwise(self.depthwise(x))
        # END SOLUTION


# %%
couche = ConvSeparable(64, 128)
standard = nn.Conv2d(64, 128, 3, padding=1)
print("séparable :", sum(p.numel() for p in couche.parameters()), "paramètres ; standard :",
      sum(p.numel() for p in standard.parameters()))
print(couche(torch.rand(2, 64, 16, 16)).shape)

# %%
@check
def separable_forme_et_parametres(ConvSeparable):
    layer = C.make_model(ConvSeparable, 8, 16, name="ConvSeparable(8, 16)")
    out = C.forward(layer, torch.rand(2, 8, 10, 12), name="ConvSeparable(8, 16)")
    C.expect_shape(out, (2, 16, 10, 12), name="ConvSeparable(8, 16)(x)",
                   hint="noyau 3, pas 1, padding 1 : la taille spatiale est conservée.")
    C.expect_equal(C.count_params(layer), 8 * 9 + 8 + 8 * 16 + 16,
                   name="nombre de paramètres de ConvSeparable(8, 16)", reveal=True,
                   hint="depthwise : C_in k² poids + C_in biais ; pointwise : C_in C_out poids + "
                        "C_out biais (groups=c_in dans la depthwise).")


@check(hidden=True)
def separable_parametres(ConvSeparable):
    from autograder.checks import oracles

    for c_in, c_out, k, bias in [(16, 32, 3, True), (32, 256, 3, False), (12, 5, 5, True),
                                 (7, 20, 5, False), (3, 64, 3, True), (40, 24, 1, False)]:
        label = f"ConvSeparable({c_in}, {c_out}, noyau={k}, biais={bias})"
        layer = C.make_model(ConvSeparable, c_in, c_out, k, 1, k // 2, bias, name=label)
        expected = c_in * k * k + c_in * c_out + ((c_in + c_out) if bias else 0)
        C.expect_equal(C.count_params(layer), expected, name=f"nombre de paramètres de {label}",
                       hint="depthwise : C_in filtres k × k à un seul canal (groups=c_in) ; "
                            "pointwise : C_out filtres 1 × 1 sur C_in canaux ; un biais par "
                            "filtre seulement si biais=True.")
        if not bias:
            ratio = C.count_params(layer) / oracles.conv2d_parameter_count(c_in, c_out, k, False)
            C.expect_scalar_close(ratio, 1 / c_out + 1 / (k * k),
                                  name=f"rapport des paramètres de {label} et de Conv2d "
                                       "standard", rtol=1e-12,
                                  hint="sans biais, le rapport vaut 1/C_out + 1/k².")


@check(hidden=True)
def separable_equivalence_float64(ConvSeparable):
    configs = [(6, 10, 3, 1, 1, True, 9, 13), (4, 7, 5, 2, 2, True, 16, 11),
               (5, 3, 3, 2, 0, False, 12, 15), (3, 8, 3, 1, 0, True, 8, 10),
               (8, 8, 3, 3, 1, True, 17, 14)]
    for i, (c_in, c_out, k, s, p, bias, h, w) in enumerate(configs):
        label = f"ConvSeparable({c_in}, {c_out}, noyau={k}, pas={s}, padding={p}, biais={bias})"
        torch.manual_seed(60 + i)
        layer = C.make_model(ConvSeparable, c_in, c_out, k, s, p, bias, name=label)
        state = C.call(layer.state_dict, name=f"{label}.state_dict")
        shapes = {"depthwise.weight": (c_in, 1, k, k), "pointwise.weight": (c_out, c_in, 1, 1)}
        if bias:
            shapes.update({"depthwise.bias": (c_in,), "pointwise.bias": (c_out,)})
        for key, shape in shapes.items():
            C.expect(key in state, f"`{label}` n'a pas de paramètre `{key}` (clés : "
                                   f"{sorted(state)}).",
                     hint="nommez les sous-modules `depthwise` et `pointwise` (nn.Conv2d).")
            C.expect_shape(state[key], shape, name=f"{label} : {key}",
                           hint="la depthwise a groups=c_in : un filtre k × k à un seul canal "
                                "par canal d'entrée.")
        weights = {key: value.detach().to(torch.float64).clone() for key, value in state.items()}
        C.call(layer.double, name=f"{label}.double")
        x = torch.randn(2, c_in, h, w, generator=torch.Generator().manual_seed(70 + i),
                        dtype=torch.float64)
        got = C.forward(layer, x.clone(), name=label)
        depth = F.conv2d(x, weights["depthwise.weight"], weights.get("depthwise.bias"),
                         stride=s, padding=p, groups=c_in)
        expected = F.conv2d(depth, weights["pointwise.weight"], weights.get("pointwise.bias"))
        C.expect_close(got, expected, name=f"{label}(x) en float64",
                       hint="sortie = pointwise(depthwise(x)), sans activation entre les deux ; "
                            "le pas et le padding ne concernent que la depthwise.")


@check(hidden=True)
def separable_formes_pas_padding(ConvSeparable):
    g = torch.Generator().manual_seed(61)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))

    for i in range(8):
        c_in, c_out, k = tirage(1, 9), tirage(1, 9), [1, 3, 5, 7][tirage(0, 4)]
        s, p = tirage(1, 4), tirage(0, k // 2 + 2)
        h, w = tirage(k, 30), tirage(k, 30)
        standard = torch.nn.Conv2d(c_in, c_out, k, stride=s, padding=p)
        expected = tuple(standard(torch.zeros(3, c_in, h, w)).shape)
        label = f"ConvSeparable (configuration aléatoire n° {i + 1})"
        layer = C.make_model(ConvSeparable, c_in, c_out, k, s, p, True, name=label)
        out = C.forward(layer, torch.rand(3, c_in, h, w, generator=g), name=label)
        got = tuple(C.as_tensor(out, label).shape)
        C.expect(got == expected,
                 f"`{label}` renvoie une sortie de forme {got}, différente de celle de la "
                 "convolution standard de mêmes noyau, pas et padding.",
                 hint="appliquez le pas et le padding à la seule depthwise ; la pointwise "
                      "1 × 1 n'a ni pas ni padding.")


@check(hidden=True)
def separable_arguments_nommes(ConvSeparable):
    # the statement names the arguments: a call by keyword must work
    for c_in, c_out, k, s, p, bias, h, w in [(4, 6, 5, 2, 2, False, 11, 9),
                                             (5, 3, 3, 1, 0, True, 8, 7)]:
        label = (f"ConvSeparable(c_in={c_in}, c_out={c_out}, noyau={k}, pas={s}, "
                 f"padding={p}, biais={bias})")
        layer = C.make_model(ConvSeparable, c_in=c_in, c_out=c_out, noyau=k, pas=s, padding=p,
                             biais=bias, name=label)
        expected = c_in * k * k + c_in * c_out + ((c_in + c_out) if bias else 0)
        C.expect_equal(C.count_params(layer), expected, name=f"nombre de paramètres de {label}",
                       hint="respectez les noms des arguments de l'énoncé : c_in, c_out, noyau, "
                            "pas, padding, biais.")
        out = C.forward(layer, torch.rand(2, c_in, h, w), name=label)
        C.expect_shape(out, (2, c_out, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1),
                       name=f"{label}(x)",
                       hint="le pas et le padding s'appliquent à la depthwise.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — Le CNN.** Écrire `creer_cnn(separable=False, largeur=32)` qui renvoie le CNN
# suivant (une version réduite du `CIFAR10Net` de la section 4.6), pour des images
# `(B, 3, H, W)` ($H$ et $W$ multiples de 4) et 10 classes, avec $c$ = `largeur` :
#
# ```
# Bloc(a, b) = Conv(a → b, 3 × 3, padding 1, avec biais) → BatchNorm2d(b) → ReLU
# Bloc(3, c) → Bloc(c, c) → MaxPool2d(2) → Bloc(c, 2c) → Bloc(2c, 2c) → MaxPool2d(2)
#           → AdaptiveAvgPool2d(1) → Flatten → Linear(2c, 10)
# ```
#
# Avec `separable=False`, `Conv` est `nn.Conv2d(a, b, 3, padding=1)` ; avec `separable=True`,
# **toutes** les convolutions $3 \times 3$ (y compris la première) sont remplacées par
# `ConvSeparable(a, b)`. Le modèle renvoie des logits `(B, 10)`.
#
# Pour vérifier la fonction calculée, le correcteur copie ses propres poids dans votre modèle,
# dans l'ordre de `modele.state_dict()` : déclarez les couches **dans l'ordre où elles
# servent** (c'est automatique avec `nn.Sequential`).

# %%
def creer_cnn(separable: bool = False, largeur: int = 32) -> nn.Module:
    """CNN à 4 blocs Conv-BN-ReLU (convolutions standard ou séparables), GAP et Linear."""
    # BEGIN SOLUTION
    def bloc(a: int, b: int) -> list[nn.Module]:
        conv = ConvSeparable(a, b) if separable else nn.Conv2d(a, b, 3, padding=1)
        return [conv, nn.BatchNorm2d(b), nn.ReLU()]

    c = largeur
    return nn.Sequential(
        *bloc(3, c), *bloc(c, c), nn.MaxPool2d(2),
        *bloc(c, 2 * c), *bloc(2 * c, 2 * c), nn.MaxPool2d(2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2 * c, 10),
    )
    # END SOLUTION


# %%
def nb_params(modele: nn.Module) -> int:
    return sum(p.numel() for p in modele.parameters())


n_std, n_sep = nb_params(creer_cnn(False)), nb_params(creer_cnn(True))
print(f"CNN standard : {n_std} paramètres ; séparable : {n_sep} ; rapport {n_sep / n_std:.3f}")

# %%
@check
def cnn_formes(creer_cnn):
    for separable in (False, True):
        label = f"creer_cnn(separable={separable})"
        model = C.make_model(creer_cnn, separable, 32, name=label)
        out = C.forward(model, torch.rand(2, 3, 32, 32), name=label)
        C.expect_shape(out, (2, 10), name=f"{label}(x)")
    model = C.make_model(creer_cnn, False, 32, name="creer_cnn(separable=False)")
    C.expect_equal(C.count_params(model), 66602,
                   name="nombre de paramètres de creer_cnn(separable=False)", reveal=True,
                   hint="4 convolutions 3 × 3 avec biais, 4 BatchNorm2d (2 paramètres par "
                        "canal), Linear(64, 10).")


@check(hidden=True)
def cnn_parametres(creer_cnn):
    from autograder.checks import oracles

    for c in (32, 16, 24):
        counts = {}
        for separable in (False, True):
            with torch.device("meta"):
                oracle = oracles.small_cifar_cnn(separable, c)
            expected = sum(p.numel() for p in oracle.parameters())
            label = f"creer_cnn(separable={separable}, largeur={c})"
            model = C.make_model(creer_cnn, separable, c, name=label)
            counts[separable] = C.count_params(model)
            C.expect_equal(counts[separable], expected, name=f"nombre de paramètres de {label}",
                           hint="toutes les convolutions 3 × 3, y compris la première "
                                "(3 → largeur), deviennent séparables ; BatchNorm et Linear ne "
                                "changent pas." if separable else
                                "Conv(3, c), Conv(c, c), Conv(c, 2c), Conv(2c, 2c) avec biais, "
                                "une BatchNorm2d après chacune, puis Linear(2c, 10).")
        C.expect(counts[True] < 0.25 * counts[False],
                 f"Avec largeur={c}, le CNN séparable n'a pas beaucoup moins de paramètres que "
                 "le CNN standard.")


@check(hidden=True)
def cnn_fonction_calculee(creer_cnn):
    from autograder.checks import oracles

    c = 8
    for separable in (False, True):
        oracle = oracles.small_cifar_cnn(separable, c).double()
        g = torch.Generator().manual_seed(62 + separable)
        with torch.no_grad():
            for name, value in oracle.state_dict().items():
                if name.endswith("num_batches_tracked"):
                    continue
                if name.endswith("running_var"):
                    value.copy_(0.5 + torch.rand(value.shape, generator=g, dtype=torch.float64))
                else:
                    value.copy_(0.5 * torch.randn(value.shape, generator=g, dtype=torch.float64))
        label = f"creer_cnn(separable={separable}, largeur={c})"
        torch.manual_seed(63)
        model = C.make_model(creer_cnn, separable, c, name=label)
        state = C.call(model.state_dict, name=f"{label}.state_dict")
        mine = list(state.items())
        ref = list(oracle.state_dict().items())
        C.expect(len(mine) == len(ref),
                 f"`{label}` a {len(mine)} tenseurs dans son state_dict, ce n'est pas le nombre "
                 "attendu pour l'architecture de l'énoncé.",
                 hint="Conv (ou ConvSeparable) → BatchNorm2d → ReLU pour chaque bloc, deux "
                      "MaxPool2d, puis AdaptiveAvgPool2d, Flatten, Linear ; rien d'autre.")
        for (key, value), (_, want) in zip(mine, ref, strict=True):
            C.expect(tuple(value.shape) == tuple(want.shape),
                     f"Le tenseur `{key}` de `{label}` a la forme {tuple(value.shape)}, qui ne "
                     "correspond pas à l'architecture de l'énoncé à cette position.",
                     hint="déclarez les couches dans l'ordre où elles servent (nn.Sequential) "
                          "et vérifiez les nombres de canaux.")
        new_state = {key: want.clone() for (key, _), (_, want) in zip(mine, ref, strict=True)}
        C.call(model.double, name=f"{label}.double")
        C.call(model.load_state_dict, new_state, name=f"{label}.load_state_dict")
        x = torch.rand(3, 3, 16, 24, generator=g, dtype=torch.float64)
        C.call(model.eval, name=f"{label}.eval")
        oracle.eval()
        C.expect_close(C.forward(model, x.clone(), name=label), oracle(x),
                       name=f"{label}(x) en mode évaluation, avec les poids du correcteur",
                       hint="vérifiez l'ordre Conv → BatchNorm2d → ReLU, les deux MaxPool2d(2), "
                            "le pooling global et, pour la version séparable, ConvSeparable.")
        C.call(model.train, name=f"{label}.train")
        oracle.train()
        C.expect_close(C.forward(model, x.clone(), name=label), oracle(x),
                       name=f"{label}(x) en mode entraînement, avec les poids du correcteur",
                       hint="en mode entraînement, la BatchNorm2d normalise avec les statistiques "
                            "du lot.")


@check(hidden=True)
def cnn_arguments_par_defaut(creer_cnn):
    from autograder.checks import oracles

    for kwargs, separable, c in [({}, False, 32), ({"separable": True}, True, 32),
                                 ({"largeur": 12}, False, 12)]:
        with torch.device("meta"):
            oracle = oracles.small_cifar_cnn(separable, c)
        expected = sum(p.numel() for p in oracle.parameters())
        args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
        label = f"creer_cnn({args})"
        model = C.make_model(creer_cnn, **kwargs, name=label)
        C.expect_equal(C.count_params(model), expected, name=f"nombre de paramètres de {label}",
                       hint="valeurs par défaut de l'énoncé : separable=False, largeur=32 ; "
                            "arguments nommés separable et largeur.")
        out = C.forward(model, torch.rand(2, 3, 8, 8), name=label)
        C.expect_shape(out, (2, 10), name=f"{label}(x)")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Temps d'inférence.** Écrire `temps_inference(modele, x, repetitions=10)` qui
# renvoie, **en secondes**, la **médiane** des temps de `repetitions` appels `modele(x)`. Le
# modèle doit être mis en mode évaluation et autograd désactivé (`torch.no_grad()`) **avant
# toute exécution** ; faites un appel d'échauffement non chronométré, puis chronométrez chaque
# appel avec `time.perf_counter()`. La médiane résiste mieux que la moyenne aux perturbations
# (autres processus, ramasse-miettes).
#
# Le correcteur vérifie votre fonction, puis mesure lui-même une `ConvSeparable(256, 256)` et une
# `nn.Conv2d(256, 256, 3, padding=1)` sur un lot `(8, 256, 16, 16)` : la version séparable doit
# être nettement plus rapide.

# %%
def temps_inference(modele: nn.Module, x: torch.Tensor, repetitions: int = 10) -> float:
    """Médiane, en secondes, du temps de `repetitions` appels modele(x) (eval, sans autograd)."""
    # BEGIN SOLUTION
    modele.eval()
    temps = []
    with torch.no_grad():
        modele(x)
        for _ in range(repetitions):
            debut = time.perf_counter()
            modele(x)
            temps.append(time.perf_counter() - debut)
    return statistics.median(temps)
    # END SOLUTION


# %%
print(f"Conv2d(64, 64, 3) : "
      f"{1000 * temps_inference(nn.Conv2d(64, 64, 3, padding=1), torch.rand(8, 64, 16, 16), 5):.2f}"
      " ms par lot de 8")

# %%
@check
def temps_sain(temps_inference):
    # built where the student function runs (a grader object cannot be sent to it)
    layer = C.build_where(temps_inference, C.code("lambda: torch.nn.Conv2d(8, 8, 3, padding=1)"))
    t = C.as_number(C.call(temps_inference, layer, torch.rand(2, 8, 16, 16), 5,
                           name="temps_inference"), "temps_inference(...)")
    C.expect(math.isfinite(t) and 0 < t < 5,
             f"`temps_inference` renvoie {t:.4g}, ce n'est pas une durée plausible en secondes.",
             hint="renvoyez la médiane des durées mesurées par time.perf_counter(), en "
                  "secondes.")


@check(hidden=True)
def temps_protocole(temps_inference):
    # a module that records how it is called, built where the student function runs
    @C.probe
    def fabrique():
        import time

        class Chronometre(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = torch.nn.Parameter(torch.ones(1))
                self.calls = []

            def forward(self, x):
                self.calls.append((self.training, torch.is_grad_enabled()))
                time.sleep(0.15 if len(self.calls) in (3, 4) else 0.002)
                return x * self.w

        return Chronometre()

    probe = C.build_where(temps_inference, fabrique)
    t = C.as_number(C.call(temps_inference, probe, torch.rand(4, 3), 7, name="temps_inference"),
                    "temps_inference(...)")
    calls = [tuple(c) for c in probe.calls]
    C.expect(len(calls) >= 8,
             f"`temps_inference(modele, x, 7)` n'appelle le modèle que {len(calls)} "
             "fois.", hint="un appel d'échauffement, puis `repetitions` appels chronométrés.")
    C.expect(not any(training for training, _ in calls),
             "`temps_inference` exécute le modèle en mode entraînement.",
             hint="appelez `modele.eval()` avant tout appel (BatchNorm et Dropout changent de "
                  "comportement).")
    C.expect(not any(grad for _, grad in calls),
             "`temps_inference` exécute le modèle avec autograd activé.",
             hint="faites les appels sous `with torch.no_grad():` : on mesure l'inférence, "
                  "sans construire de graphe.")
    C.expect(t >= 0.0015,
             f"`temps_inference` renvoie {t:.3g} s pour un modèle dont chaque appel dure au "
             "moins 2 ms.", hint="mesurez la durée de chaque appel en secondes "
                                 "(time.perf_counter() avant et après).")
    C.expect(t <= 0.03,
             f"`temps_inference` renvoie {t:.3g} s pour un modèle dont 5 appels sur 7 durent "
             "2 ms et deux appels 150 ms.",
             hint="renvoyez la médiane des durées (statistics.median), pas leur moyenne ni leur "
                  "somme, et en secondes.")


@check(hidden=True)
def temps_echauffement_non_chronometre(temps_inference):
    # the first call (the warm-up) and two of the five timed calls are slow: timing the warm-up
    # too moves the median onto a slow call
    @C.probe
    def fabrique():
        import time

        class Chronometre(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = torch.nn.Parameter(torch.ones(1))
                self.calls = 0

            def forward(self, x):
                self.calls += 1
                time.sleep(0.15 if self.calls in (1, 3, 4) else 0.002)
                return x * self.w

        return Chronometre()

    probe = C.build_where(temps_inference, fabrique)
    t = C.as_number(C.call(temps_inference, probe, torch.rand(4, 3), 5, name="temps_inference"),
                    "temps_inference(...)")
    C.expect(t <= 0.03,
             "`temps_inference` renvoie une médiane trop grande pour un modèle dont l'appel "
             "d'échauffement est lent : l'échauffement est-il chronométré ?",
             hint="faites un premier appel hors chronométrage, puis chronométrez `repetitions` "
                  "appels et renvoyez la médiane de leurs durées.")


@check(hidden=True)
def temps_repetitions_par_defaut(temps_inference):
    @C.probe
    def fabrique():
        class Compteur(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.w = torch.nn.Parameter(torch.ones(1))
                self.calls = 0

            def forward(self, x):
                self.calls += 1
                return x * self.w

        return Compteur()

    probe = C.build_where(temps_inference, fabrique)
    t = C.as_number(C.call(temps_inference, probe, torch.rand(4, 3), name="temps_inference"),
                    "temps_inference(modele, x)")
    C.expect(math.isfinite(t) and t >= 0, "`temps_inference(modele, x)` ne renvoie pas une "
                                          "durée positive.")
    appels = int(C.code("lambda m: m.calls")(probe))  # read where the model lives
    C.expect(appels >= 11,
             f"`temps_inference(modele, x)` (repetitions par défaut) n'appelle le modèle que "
             f"{appels} fois.",
             hint="la valeur par défaut de `repetitions` est 10 : un échauffement puis 10 appels "
                  "chronométrés.")


@check(hidden=True)
def separable_plus_rapide(ConvSeparable):
    separable = C.make_model(ConvSeparable, 256, 256, name="ConvSeparable(256, 256)")
    C.call(separable.eval, name="ConvSeparable(256, 256).eval")
    # both layers live and run in the same place, each on an input held there: the grader
    # times calls that carry no tensor
    @C.probe
    def preparer(couche):
        x = torch.rand(8, 256, 16, 16, generator=torch.Generator().manual_seed(0))

        def inference():
            with torch.no_grad():
                return tuple(couche(x).shape)
        return inference

    standard = C.build_where(separable, C.code(
        "lambda: torch.nn.Conv2d(256, 256, 3, padding=1).eval()"))
    passe_standard = C.build_where(separable, preparer, standard)
    passe_separable = C.build_where(separable, preparer, separable)
    t_sep, t_std = [], []
    for _ in range(3):
        t_std.append(C.time_call(passe_standard, name="nn.Conv2d(256, 256, 3)", repeats=5))
        t_sep.append(C.time_call(passe_separable, name="ConvSeparable(256, 256)", repeats=5))
    C.expect(min(t_sep) < 0.6 * min(t_std),
             "`ConvSeparable(256, 256)` n'est pas nettement plus rapide que "
             "nn.Conv2d(256, 256, 3, padding=1) sur un lot (8, 256, 16, 16) : médianes "
             f"mesurées {1000 * min(t_sep):.1f} ms contre {1000 * min(t_std):.1f} ms.",
             hint="la depthwise doit avoir groups=c_in : sans groupes, elle coûte autant qu'une "
                  "convolution standard.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4 — Précision.** Le correcteur entraîne `creer_cnn(separable=True, largeur=16)`
# avec Adam et l'entropie croisée sous un petit budget, puis mesure sa précision sur ses propres
# images. Rien à écrire de plus ; la vérification publique contrôle seulement que le modèle sait
# sur-apprendre un petit lot.

# %%
@check
def separable_surapprend_un_lot(creer_cnn):
    import dataclasses

    b = dataclasses.replace(C.budget("separable"), epochs=20, train_size=16,
                            batch_size=16, lr=0.01)
    C.seed_everything()
    model = C.make_model(creer_cnn, True, 16, name="creer_cnn(separable=True, largeur=16)")
    losses = C.train_classifier(model, b, name="creer_cnn(separable=True, largeur=16)")
    C.expect(losses[-1] < 0.5 * losses[0],
             f"Le CNN séparable ne sur-apprend pas un lot de 16 images : perte {losses[0]:.3f} → "
             f"{losses[-1]:.3f} en 20 pas.",
             hint="vérifiez que le modèle renvoie des logits (pas de softmax) et que chaque "
                  "bloc est Conv → BatchNorm2d → ReLU.")


@check(hidden=True)
def precision_cnn_separable(creer_cnn):
    b = C.budget("separable")
    C.seed_everything()
    model = C.make_model(creer_cnn, True, 16, name="creer_cnn(separable=True, largeur=16)")
    C.train_classifier(model, b, name="creer_cnn(separable=True, largeur=16)")
    acc = C.accuracy(model, b.dataset, name="creer_cnn(separable=True, largeur=16)")
    C.expect_accuracy(acc, b, name="creer_cnn(separable=True, largeur=16)",
                      hint="vérifiez ConvSeparable (groups=c_in, pas de padding dans la "
                           "pointwise) et l'ordre Conv → BatchNorm2d → ReLU.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Comparaison des deux CNN
#
# Par défaut (`ENTRAINER = False`), la cellule suivante ne fait que compter les paramètres et
# mesurer le temps d'inférence (rapide) ; passez `ENTRAINER = True` pour entraîner les deux
# versions et comparer leur précision (quelques minutes sur CPU).

# %%
def entrainer_et_evaluer(modele: nn.Module, epochs: int = 3, n_train: int = 5000,
                         lr: float = 3e-3) -> float:
    """Adam + entropie croisée, puis précision sur l'ensemble de test."""
    train, test = data.load("cifar10", train=True), data.load("cifar10", train=False)
    x = torch.tensor(train.data[:n_train]).permute(0, 3, 1, 2).float() / 255
    y = torch.tensor(train.targets[:n_train])
    xt = torch.tensor(test.data).permute(0, 3, 1, 2).float() / 255
    yt = torch.tensor(test.targets)
    opt = torch.optim.Adam(modele.parameters(), lr=lr)
    for _ in range(epochs):
        modele.train()
        for idx in torch.randperm(len(y)).split(64):
            perte = F.cross_entropy(modele(x[idx]), y[idx])
            opt.zero_grad()
            perte.backward()
            opt.step()
    modele.eval()
    with torch.no_grad():
        return (modele(xt).argmax(dim=1) == yt).float().mean().item()


ENTRAINER = False
x_lot = torch.rand(64, 3, 32, 32)
for separable in (False, True):
    modele = creer_cnn(separable)
    ligne = (f"{'séparable' if separable else 'standard':9s} : {nb_params(modele):6d} paramètres, "
             f"{1000 * temps_inference(modele, x_lot, 3):.1f} ms par lot de 64")
    if ENTRAINER:
        ligne += f", précision de test {entrainer_et_evaluer(modele):.3f}"
    print(ligne)

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** Avec `ENTRAINER = True` (et éventuellement d'autres largeurs et
# tailles de lot), comparez les deux CNN : nombre de paramètres (et rapport à la formule
# $1/C_\text{out} + 1/k^2$), précision, temps d'inférence mesuré avec `temps_inference`. Le gain
# en temps est-il à la hauteur du gain en nombre d'opérations ? Expliquez l'écart (coût des
# couches non convolutives, intensité arithmétique de la depthwise, noyaux optimisés,
# parallélisme, taille des cartes) et dites dans quelles conditions (largeur, matériel) la
# version séparable devient vraiment avantageuse. Rappelez que les données sont un substitut
# synthétique : que faudrait-il vérifier sur le vrai CIFAR-10 ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **Paramètres** : avec $c = 32$, 66 602 paramètres pour le CNN standard
# contre 9 800 pour le séparable (≈ 0,15) ; le rapport couche par couche tend vers
# $1/C_\text{out} + 1/9$ (≈ 0,13 pour 64 → 64) mais la première couche (3 canaux) gagne peu, et
# BatchNorm et Linear ne changent pas. **Précision** : à budget égal, la version séparable
# apprend un peu plus lentement et plafonne souvent légèrement plus bas (moins de capacité, pas
# de mélange des canaux dans la depthwise) ; l'écart se réduit en élargissant le réseau, ce que
# permet justement l'économie de paramètres (MobileNet). **Temps** : sur CPU et pour ce petit
# réseau, le gain mesuré est bien inférieur au facteur 7 du nombre d'opérations, voire nul : la
# depthwise fait très peu de calculs par octet lu (faible intensité arithmétique, limitée par la
# mémoire), ses noyaux sont moins optimisés que les convolutions denses (im2col + GEMM,
# Winograd), on lance deux convolutions au lieu d'une, et BatchNorm, ReLU et pooling — qui ne
# changent pas — pèsent une part importante du temps pour de petites largeurs. Le gain devient
# net pour des couches larges (256 canaux et plus) et de grandes cartes, là où la convolution
# dense domine (la vérification cachée le montre pour 256 → 256) ; sur GPU, la depthwise est
# souvent limitée par la bande passante et le gain dépend de l'implémentation. **Données** :
# sur le substitut synthétique, les écarts de précision ne disent rien du vrai CIFAR-10 : il
# faudrait refaire la comparaison sur la vraie base, avec plusieurs graines, plus d'époques et
# de l'augmentation de données.

