# %% [markdown]
# # Exercice 4.2 (⋆⋆) — Bloc résiduel et mini-ResNet-8
#
# Un **bloc résiduel** (He et al., 2015) calcule $y = \mathrm{ReLU}\big(F(x) + s(x)\big)$ où
#
# - la branche résiduelle est $F = \mathrm{BN} \circ \mathrm{Conv}_{3\times3} \circ
#   \mathrm{ReLU} \circ \mathrm{BN} \circ \mathrm{Conv}_{3\times3}$ (la première convolution
#   porte le pas $s$ du bloc, la seconde a un pas de 1 ; toutes deux ont `padding=1` et
#   **pas de biais**, inutile devant une BatchNorm) ;
# - le raccourci $s$ est l'**identité** quand les dimensions ne changent pas (pas de 1 et même
#   nombre de canaux) ; sinon c'est une **projection** : une convolution $1\times1$ sans biais,
#   de même pas que le bloc, suivie d'une BatchNorm ;
# - la ReLU finale s'applique **après** l'addition.
#
# D'après le théorème 4.7 du cours, $x_L = x_\ell + \sum_{i=\ell}^{L-1} F_i(x_i)$ : le terme
# « +1 » de $\partial x_L / \partial x_\ell$ laisse passer le gradient jusqu'aux premières
# couches même quand les $\partial F_i / \partial x$ sont petits.
#
# Toutes les BatchNorm sont des `nn.BatchNorm2d` avec leurs paramètres par défaut ; les
# convolutions sont des `nn.Conv2d` et la couche de sortie une `nn.Linear` (la question 3 parcourt
# ces modules).
#
# **Données.** Le notebook utilise une copie hors ligne au format de CIFAR-10, chargée par
# `data.load("cifar10", train=True)` comme `torchvision.datasets.CIFAR10`. Ici, c'est un
# **substitut synthétique** (10 classes d'images 3 × 32 × 32 de même format) : la vraie base se
# charge de la même façon là où elle est disponible, mais les précisions obtenues ici ne sont
# pas celles de CIFAR-10. Le correcteur mesure la précision sur ses propres images.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from autograder import data

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 4

# %% [markdown]
# **Question 1 (le bloc).** Écrire le module `BlocResiduel(canaux_entree, canaux_sortie,
# pas=1, residuel=True)` décrit plus haut : il transforme `(B, canaux_entree, H, W)` en
# `(B, canaux_sortie, H', W')` avec $H' = \lfloor (H - 1)/\text{pas} \rfloor + 1$ (idem pour
# $W'$).
#
# - La projection est nécessaire dès que **le pas est différent de 1 ou** que le nombre de
#   canaux change : sinon $F(x)$ et $x$ n'ont pas la même forme.
# - Avec `residuel=False`, le bloc est « plat » : $y = \mathrm{ReLU}(F(x))$, **sans raccourci
#   ni projection** (il servira de témoin aux questions 3 et 5).
#
# Avec $C_e$ canaux en entrée et $C_s$ en sortie, le bloc compte
# $9 C_e C_s + 9 C_s^2 + 4 C_s$ paramètres (deux convolutions, deux BatchNorm à $\gamma$ et
# $\beta$), plus $C_e C_s + 2 C_s$ s'il y a une projection.
#
# Propriété utile pour vérifier votre code : si l'on met à zéro les $\gamma$ et $\beta$ de
# toutes les BatchNorm, la branche résiduelle renvoie 0, et un bloc à raccourci identité se
# réduit à $y = \mathrm{ReLU}(x)$.

# %%
class BlocResiduel(nn.Module):
    """y = ReLU(F(x) + s(x)), F = BN∘Conv3×3∘ReLU∘BN∘Conv3×3, s = identité ou projection 1×1."""

    def __init__(self, canaux_entree: int, canaux_sortie: int, pas: int = 1,
                 residuel: bool = True):
        super().__init__()
        # BEGIN SOLUTION
        self.residuel = residuel
        self.conv1 = nn.Conv2d(canaux_entree, canaux_sortie, kernel_size=3, stride=pas,
                               padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(canaux_sortie)
        self.conv2 = nn.Conv2d(canaux_sortie, canaux_sortie, kernel_size=3, stride=1,
                               padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(canaux_sortie)
        self.projection = None
        if residuel and (pas != 1 or canaux_entree != canaux_sortie):
            self.projection = nn.Sequential(
                nn.Conv2d(canaux_entree, canaux_sortie, kernel_size=1, stride=pas, bias=False),
                nn.BatchNorm2d(canaux_sortie))
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        if not self.residuel:
            return F.relu(h)
        raccourci = x if self.projection is None else self.projection(x)
        return F.relu(h + raccourci)
        # END SOLUTION


# %%
print(BlocResiduel(16, 16)(torch.rand(2, 16, 8, 8)).shape)
print(BlocResiduel(16, 32, pas=2)(torch.rand(2, 16, 8, 8)).shape)

# %%
@check
def bloc_formes(BlocResiduel):
    for ce, cs, pas, sortie in [(16, 16, 1, (2, 16, 8, 8)), (16, 32, 2, (2, 32, 4, 4))]:
        label = f"BlocResiduel({ce}, {cs}, pas={pas})"
        bloc = C.make_model(BlocResiduel, ce, cs, pas, name=label)
        out = C.forward(bloc, torch.rand(2, ce, 8, 8), name=label)
        C.expect_shape(out, sortie, name=f"{label}(x)")
    bloc = C.make_model(BlocResiduel, 16, 32, 2, name="BlocResiduel(16, 32, pas=2)")
    C.expect_equal(C.count_params(bloc), 9 * 16 * 32 + 9 * 32 * 32 + 4 * 32 + 16 * 32 + 2 * 32,
                   name="nombre de paramètres de BlocResiduel(16, 32, pas=2)", reveal=True,
                   hint="deux Conv3×3 sans biais, deux BatchNorm, et une projection Conv1×1 "
                        "(sans biais) + BatchNorm puisque les dimensions changent.")


@check(hidden=True)
def bloc_formes_et_parametres(BlocResiduel):
    configs = [(8, 8, 1, True), (8, 16, 1, True), (16, 16, 2, True), (3, 10, 2, True),
               (6, 12, 3, True), (8, 16, 2, False), (12, 12, 2, False)]
    for ce, cs, pas, res in configs:
        label = f"BlocResiduel({ce}, {cs}, pas={pas}, residuel={res})"
        bloc = C.make_model(BlocResiduel, ce, cs, pas, residuel=res, name=label)
        try:
            out = C.forward(bloc, torch.rand(3, ce, 13, 10), name=label)
        except C.CheckFailure as exc:
            raise C.CheckFailure(exc.summary, exc.details,
                                 hint="quand le pas vaut 2 ou que les canaux changent, F(x) et x "
                                      "n'ont plus la même forme : il faut une projection Conv1×1 "
                                      "de même pas que le bloc (et aucun raccourci si "
                                      "residuel=False).") from None
        h, w = (13 - 1) // pas + 1, (10 - 1) // pas + 1
        C.expect_shape(out, (3, cs, h, w), name=f"{label}(x) pour x de forme (3, {ce}, 13, 10)",
                       hint="Conv3×3 avec padding=1 et le pas du bloc, puis Conv3×3 de pas 1.")
        projection = res and (pas != 1 or ce != cs)
        attendu = 9 * ce * cs + 9 * cs * cs + 4 * cs + (ce * cs + 2 * cs if projection else 0)
        C.expect_equal(C.count_params(bloc), attendu, name=f"nombre de paramètres de {label}",
                       hint="convolutions sans biais ; projection Conv1×1 + BatchNorm si et "
                            "seulement si residuel=True et (pas ≠ 1 ou canaux différents).")


@check(hidden=True)
def bloc_raccourci_identite(BlocResiduel):
    g = torch.Generator().manual_seed(3)

    @C.probe
    def annuler(bloc):
        with torch.no_grad():
            for p in bloc.parameters():
                if p.dim() == 1:
                    p.zero_()

    for c in (8, 5):
        label = f"BlocResiduel({c}, {c}, pas=1)"
        bloc = C.make_model(BlocResiduel, c, c, 1, name=label)
        C.call(annuler, bloc, name=f"{label}.parameters")  # in place, where the block lives
        x = torch.randn(4, c, 7, 9, generator=g)
        for mode in ("train", "eval"):
            C.call(getattr(bloc, mode), name=f"{label}.{mode}")
            out = C.forward(bloc, x.clone(), name=label)
            C.expect_close(out, torch.relu(x),
                           name=f"{label}(x) en mode {mode} avec γ = β = 0 dans les BatchNorm",
                           hint="la branche résiduelle est nulle : le raccourci doit être "
                                "l'identité (pas de projection quand les dimensions sont "
                                "égales) et la ReLU s'applique après l'addition : "
                                "y = ReLU(F(x) + x), pas ReLU(F(x)) + x.")


@check(hidden=True)
def bloc_contre_reference(BlocResiduel):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(11)
    for ce, cs, pas, res in [(6, 6, 1, True), (6, 10, 1, True), (6, 6, 2, True),
                             (4, 8, 2, True), (5, 7, 2, False)]:
        label = f"BlocResiduel({ce}, {cs}, pas={pas}, residuel={res})"
        bloc = C.make_model(BlocResiduel, ce, cs, pas, residuel=res, name=label)
        bloc = C.call(bloc.double, name=f"{label}.double")
        etat = C.call(bloc.state_dict, name=f"{label}.state_dict")
        C.call(bloc.load_state_dict, oracles.seeded_state(etat), name=f"{label}.load_state_dict")
        x = torch.randn(3, ce, 9, 7, generator=g, dtype=torch.float64)
        stats = {}
        for mode, quand in [("eval", "en mode eval"), ("train", "en mode train"),
                            ("eval", "en mode eval après une passe en mode train")]:
            C.call(getattr(bloc, mode), name=f"{label}.{mode}")
            try:
                out = C.forward(bloc, x.clone(), name=label)
            except C.CheckFailure as exc:
                raise C.CheckFailure(exc.summary, exc.details,
                                     hint="quand le pas vaut 2 ou que les canaux changent, il "
                                          "faut une projection Conv1×1 de même pas que le "
                                          "bloc.") from None
            attendu = oracles.seeded_residual_block(x, cs, pas, res, mode == "train", stats)
            C.expect_close(out, attendu, name=f"{label}(x) {quand} (poids fixés par le "
                                              "correcteur)",
                           hint="ordre Conv3×3(pas) → BN → ReLU → Conv3×3 → BN, addition du "
                                "raccourci (identité ou Conv1×1(pas) → BN) puis ReLU ; "
                                "BatchNorm2d avec ses réglages par défaut ; avec "
                                "residuel=False, y = ReLU(F(x)).")


@check(hidden=True)
def bloc_arguments_nommes_et_defauts(BlocResiduel):
    # the statement names the arguments and gives their defaults (pas=1, residuel=True)
    cas = [({"canaux_entree": 6, "canaux_sortie": 6}, 6, 6, 1, False),
           ({"canaux_entree": 6, "canaux_sortie": 10}, 6, 10, 1, True),
           ({"canaux_entree": 4, "canaux_sortie": 4, "pas": 2}, 4, 4, 2, True),
           ({"canaux_entree": 5, "canaux_sortie": 8, "pas": 2, "residuel": False}, 5, 8, 2,
            False)]
    for kwargs, ce, cs, pas, projection in cas:
        label = "BlocResiduel(" + ", ".join(f"{k}={v}" for k, v in kwargs.items()) + ")"
        bloc = C.make_model(BlocResiduel, **kwargs, name=label)
        out = C.forward(bloc, torch.rand(2, ce, 9, 6), name=label)
        C.expect_shape(out, (2, cs, (9 - 1) // pas + 1, (6 - 1) // pas + 1),
                       name=f"{label}(x) pour x de forme (2, {ce}, 9, 6)",
                       hint="arguments de l'énoncé : canaux_entree, canaux_sortie, pas=1, "
                            "residuel=True.")
        attendu = 9 * ce * cs + 9 * cs * cs + 4 * cs + (ce * cs + 2 * cs if projection else 0)
        C.expect_equal(C.count_params(bloc), attendu, name=f"nombre de paramètres de {label}",
                       hint="valeurs par défaut de l'énoncé : pas=1, residuel=True.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (mini-ResNet-8).** Écrire `MiniResNet8(nb_classes=10, largeur=16,
# residuel=True)`, avec $w$ = `largeur` :
#
# 1. une tête `Conv3×3(3 → w, padding=1, sans biais) → BatchNorm → ReLU` ;
# 2. trois blocs : `BlocResiduel(w, w, 1)`, `BlocResiduel(w, 2w, 2)`,
#    `BlocResiduel(2w, 4w, 2)` (tous avec l'option `residuel` du modèle) ;
# 3. une moyenne globale sur les positions (global average pooling), puis
#    `Linear(4w → nb_classes)` qui renvoie des logits.
#
# Il compte 8 couches à poids (1 + 3 × 2 convolutions et la couche linéaire, sans compter les
# projections). Sur des images `(B, 3, H, W)`, la sortie est `(B, nb_classes)`.

# %%
class MiniResNet8(nn.Module):
    """Conv3×3-BN-ReLU → 3 blocs résiduels (w, 2w, 4w canaux) → moyenne globale → Linear."""

    def __init__(self, nb_classes: int = 10, largeur: int = 16, residuel: bool = True):
        super().__init__()
        # BEGIN SOLUTION
        w = largeur
        self.tete = nn.Sequential(nn.Conv2d(3, w, kernel_size=3, padding=1, bias=False),
                                  nn.BatchNorm2d(w), nn.ReLU())
        self.blocs = nn.Sequential(BlocResiduel(w, w, 1, residuel),
                                   BlocResiduel(w, 2 * w, 2, residuel),
                                   BlocResiduel(2 * w, 4 * w, 2, residuel))
        self.sortie = nn.Linear(4 * w, nb_classes)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        h = self.blocs(self.tete(x))
        return self.sortie(h.mean(dim=(2, 3)))
        # END SOLUTION


# %%
resnet = MiniResNet8()
print("paramètres du mini-ResNet-8 :", sum(p.numel() for p in resnet.parameters()))
print(resnet(torch.rand(2, 3, 32, 32)).shape)

# %%
@check
def resnet_forme(MiniResNet8):
    model = C.make_model(MiniResNet8, name="MiniResNet8()")
    out = C.forward(model, torch.rand(2, 3, 32, 32), name="MiniResNet8()")
    C.expect_shape(out, (2, 10), name="MiniResNet8()(x)")
    w = 16
    attendu = (27 * w + 2 * w
               + (9 * w * w + 9 * w * w + 4 * w)
               + (9 * w * 2 * w + 9 * 4 * w * w + 8 * w + 2 * w * w + 4 * w)
               + (9 * 2 * w * 4 * w + 9 * 16 * w * w + 16 * w + 8 * w * w + 8 * w)
               + 4 * w * 10 + 10)
    C.expect_equal(C.count_params(model), attendu, name="nombre de paramètres de MiniResNet8()",
                   reveal=True, hint="tête Conv3×3 + BN, trois blocs (les deux derniers avec "
                                     "projection), Linear(4·largeur, 10).")


@check(hidden=True)
def resnet_tailles(MiniResNet8):
    def bloc(ce, cs, projection):
        return 9 * ce * cs + 9 * cs * cs + 4 * cs + (ce * cs + 2 * cs if projection else 0)

    for k, w, res in [(10, 8, True), (7, 12, True), (10, 16, False), (4, 6, False)]:
        label = f"MiniResNet8(nb_classes={k}, largeur={w}, residuel={res})"
        model = C.make_model(MiniResNet8, nb_classes=k, largeur=w, residuel=res, name=label)
        out = C.forward(model, torch.rand(3, 3, 24, 20), name=label)
        C.expect_shape(out, (3, k), name=f"{label}(x) pour x de forme (3, 3, 24, 20)",
                       hint="moyenne globale sur les deux axes spatiaux avant la couche "
                            "linéaire.")
        attendu = (27 * w + 2 * w + bloc(w, w, False) + bloc(w, 2 * w, res)
                   + bloc(2 * w, 4 * w, res) + 4 * w * k + k)
        C.expect_equal(C.count_params(model), attendu, name=f"nombre de paramètres de {label}",
                       hint="largeurs w, 2w, 4w ; projections seulement avec residuel=True ; "
                            "Linear(4w, nb_classes).")


@check(hidden=True)
def resnet_contre_reference(MiniResNet8):
    from autograder.checks import oracles

    g = torch.Generator().manual_seed(12)
    for k, w, res in [(7, 6, True), (10, 4, False)]:
        label = f"MiniResNet8(nb_classes={k}, largeur={w}, residuel={res})"
        model = C.make_model(MiniResNet8, nb_classes=k, largeur=w, residuel=res, name=label)
        model = C.call(model.double, name=f"{label}.double")
        etat = C.call(model.state_dict, name=f"{label}.state_dict")
        C.call(model.load_state_dict, oracles.seeded_state(etat),
               name=f"{label}.load_state_dict")
        x = torch.rand(3, 3, 12, 10, generator=g, dtype=torch.float64)
        stats = {}
        for mode, quand in [("eval", "en mode eval"), ("train", "en mode train"),
                            ("eval", "en mode eval après une passe en mode train")]:
            C.call(getattr(model, mode), name=f"{label}.{mode}")
            out = C.forward(model, x.clone(), name=label)
            attendu = oracles.seeded_mini_resnet8(x, k, w, res, mode == "train", stats)
            C.expect_close(out, attendu, name=f"{label}(x) {quand} (poids fixés par le "
                                              "correcteur)",
                           hint="tête Conv3×3 → BN → ReLU, blocs (w, w, 1), (w, 2w, 2), "
                                "(2w, 4w, 2), moyenne sur les axes spatiaux (H, W) puis "
                                "Linear, sans activation sur les logits.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 (flux de gradient).** Écrire `normes_gradients(modele, x, y)` qui, **sans
# changer le mode** du modèle (`train` ou `eval`) :
#
# 1. remet à zéro les gradients des paramètres du modèle (des gradients d'un appel précédent
#    peuvent s'y trouver) ;
# 2. calcule l'entropie croisée **moyenne** de `modele(x)` contre les étiquettes `y`, puis
#    rétropropage ;
# 3. renvoie la liste des normes euclidiennes (de Frobenius) $\lVert \partial L / \partial W
#    \rVert$ des **poids** (`weight`) de chaque `nn.Conv2d` et de chaque `nn.Linear`, dans
#    l'ordre de `modele.modules()` (des flottants Python).
#
# Le premier élément est donc la norme du gradient de la première couche. Le correcteur
# vérifie vos normes sur un réseau qu'il construit, puis sur une **pile profonde** : une
# `Conv2d(3, 8, 3, padding=1)`, dix `BlocResiduel(8, 8)` puis une moyenne globale et une
# `Linear(8, 10)` (la fonction `pile_profonde` ci-dessous), en mode `eval` (BatchNorm aux
# statistiques initiales : presque l'identité). Sans raccourcis, le gradient de la première
# couche y est beaucoup plus petit qu'avec : c'est le « +1 » de l'équation (4.9).

# %%
def normes_gradients(modele: nn.Module, x: torch.Tensor, y: torch.Tensor) -> list[float]:
    """Normes ‖∂L/∂W‖ des poids des Conv2d et Linear (ordre de modules()), L = CE moyenne."""
    # BEGIN SOLUTION
    modele.zero_grad()
    perte = F.cross_entropy(modele(x), y)
    perte.backward()
    return [float(m.weight.grad.norm()) for m in modele.modules()
            if isinstance(m, nn.Conv2d | nn.Linear)]
    # END SOLUTION


# %%
def pile_profonde(residuel: bool, profondeur: int = 10, graine: int = 0) -> nn.Module:
    """Conv2d(3, 8) → `profondeur` blocs BlocResiduel(8, 8) → moyenne globale → Linear(8, 10)."""
    torch.manual_seed(graine)
    return nn.Sequential(nn.Conv2d(3, 8, 3, padding=1),
                         *[BlocResiduel(8, 8, 1, residuel=residuel) for _ in range(profondeur)],
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))


entrainement = data.load("cifar10", train=True)
x_lot = torch.tensor(entrainement.data[:64]).permute(0, 3, 1, 2).float() / 255
y_lot = torch.tensor(entrainement.targets[:64])

fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
for residuel in (True, False):
    etiquette = "avec raccourcis" if residuel else "sans raccourcis"
    torch.manual_seed(0)
    normes = normes_gradients(MiniResNet8(residuel=residuel), x_lot, y_lot)
    axes[0].plot(normes, marker="o", label=etiquette)
    normes = normes_gradients(pile_profonde(residuel).eval(), x_lot[:16], y_lot[:16])
    axes[1].semilogy(normes, marker="o", label=etiquette)
axes[0].set_title("MiniResNet8, mode train")
axes[1].set_title("pile de 10 blocs, mode eval")
for ax in axes:
    ax.set_xlabel("couche (ordre de modules())")
    ax.set_ylabel("‖∂L/∂W‖")
    ax.legend()
plt.show()

# %%
@check
def normes_structure(normes_gradients):
    @C.probe
    def fabrique():
        torch.manual_seed(0)
        return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(),
                             nn.Linear(4 * 6 * 6, 5))

    modele = C.build_where(normes_gradients, fabrique)  # where the student function runs
    x = torch.rand(8, 3, 8, 8)
    y = torch.arange(8) % 5
    normes = C.call(normes_gradients, modele, x, y, name="normes_gradients")
    C.expect(isinstance(normes, list | tuple) and len(normes) == 2,
             "`normes_gradients` doit renvoyer une liste avec une norme par couche Conv2d ou "
             "Linear (2 ici).")
    for i, n in enumerate(normes):
        C.expect_in_range(n, 1e-12, float("inf"), name=f"normes_gradients(...)[{i}]",
                          hint="une norme de gradient est positive ; avez-vous appelé "
                               "`backward()` ?")


@check(hidden=True)
def normes_contre_autograd(normes_gradients):
    # the same model is built here (the oracle) and where the student function runs: running
    # statistics from one training pass, then the mode, then stale gradients of 0.5
    @C.probe
    def fabrique(mode, x):
        torch.manual_seed(5)
        modele = nn.Sequential(
            nn.Conv2d(3, 5, 3, padding=1, bias=False), nn.BatchNorm2d(5), nn.ReLU(),
            nn.Sequential(nn.Conv2d(5, 7, (3, 2), stride=2), nn.ReLU()),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(7, 6), nn.ReLU(),
            nn.Linear(6, 4)).double()
        with torch.no_grad():
            modele.train()(x)
            getattr(modele, mode)()
            for p in modele.parameters():
                p.grad = torch.full_like(p, 0.5)
        return modele

    g = torch.Generator().manual_seed(15)
    x = torch.randn(9, 3, 10, 7, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 2, 3, 0, 1, 1, 2])

    def oracle(mode):
        m = fabrique(mode, x)
        perte = F.cross_entropy(m(x), y)
        couches = [c for c in m.modules() if isinstance(c, nn.Conv2d | nn.Linear)]
        grads = torch.autograd.grad(perte, [c.weight for c in couches])
        return torch.stack([gr.norm() for gr in grads])

    for mode in ("train", "eval"):
        attendu = oracle(mode)
        modele = C.build_where(normes_gradients, fabrique, mode, x)
        normes = C.call(normes_gradients, modele, x.clone(), y.clone(), name="normes_gradients")
        C.expect(isinstance(normes, list | tuple) and len(normes) == 4,
                 "`normes_gradients` doit renvoyer une norme par couche Conv2d ou Linear, y "
                 "compris celles imbriquées dans des sous-modules (4 ici).",
                 hint="parcourez `modele.modules()`, qui descend dans les sous-modules.")
        C.expect(modele.training == (mode == "train"),
                 f"`normes_gradients` a changé le mode du modèle (il était en mode {mode}).",
                 hint="n'appelez ni `modele.train()` ni `modele.eval()`.")
        C.expect_close(C.as_tensor(normes, "normes_gradients(...)").double(), attendu,
                       rtol=1e-6, atol=1e-12,
                       name=f"normes_gradients(modele, x, y), modèle en mode {mode}",
                       hint="remettez les gradients à zéro avant `backward()` (ils "
                            "s'accumulent), utilisez l'entropie croisée moyenne et la norme du "
                            "gradient du poids (`weight.grad`), dans l'ordre de "
                            "`modele.modules()`.")


@check(hidden=True)
def normes_flottants_python(normes_gradients):
    @C.probe
    def fabrique():
        torch.manual_seed(6)
        return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(),
                             nn.Linear(4 * 4 * 4, 3))

    # tensors and floats look alike once sent back: the types are read where they are made
    @C.probe
    def sonde(modele, x, y):
        normes = normes_gradients(modele, x, y)
        if not isinstance(normes, list | tuple):
            return type(normes).__name__, []
        return "liste", [type(n).__name__ for n in normes if not isinstance(n, float)]

    modele = C.build_where(normes_gradients, fabrique)
    x = torch.rand(5, 3, 6, 6, generator=torch.Generator().manual_seed(7))
    y = torch.tensor([0, 2, 1, 1, 0])
    genre, autres = C.call(sonde, modele, x, y, name="normes_gradients")
    C.expect(genre == "liste",
             f"`normes_gradients` doit renvoyer une liste de normes, reçu un objet {genre}.")
    C.expect(not autres,
             "`normes_gradients` doit renvoyer des flottants Python, reçu des éléments de type "
             f"{', '.join(sorted(set(autres)))}.",
             hint="convertissez chaque norme avec `float(...)` (ou `.item()`).")


@check(hidden=True)
def normes_avec_et_sans_raccourcis(normes_gradients, BlocResiduel):
    g = torch.Generator().manual_seed(17)
    x = torch.rand(16, 3, 12, 12, generator=g)
    y = torch.randint(0, 10, (16,), generator=g)

    @C.probe
    def empiler(bloc_residuel, res):
        torch.manual_seed(0)
        tete = nn.Conv2d(3, 8, 3, padding=1)
        blocs = [C.make_model(bloc_residuel, 8, 8, 1, residuel=res,
                              name=f"BlocResiduel(8, 8, residuel={res})") for _ in range(10)]
        fin = [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10)]
        return nn.Sequential(tete, *blocs, *fin).eval()

    premieres = {}
    for res in (True, False):
        pile = C.build_where(normes_gradients, empiler, BlocResiduel, res)
        normes = C.call(normes_gradients, pile, x, y, name="normes_gradients")
        C.expect(isinstance(normes, list | tuple) and len(normes) == 22,
                 f"Sur la pile de 10 blocs (residuel={res}), `normes_gradients` doit renvoyer "
                 f"22 normes (1 + 2 × 10 convolutions et la Linear), reçu "
                 f"{len(normes) if isinstance(normes, list | tuple) else type(normes).__name__}.",
                 hint="chaque bloc contient deux nn.Conv2d, et aucune projection quand les "
                      "dimensions sont égales.")
        premieres[res] = C.as_number(normes[0], "normes_gradients(pile, x, y)[0]")
    C.expect(premieres[True] > 10 * premieres[False],
             "Sur la pile profonde en mode eval, la norme du gradient de la première couche "
             "n'est pas nettement plus grande avec les raccourcis que sans (rapport "
             f"{premieres[True] / max(premieres[False], 1e-300):.3g}, attendu > 10).",
             hint="avec residuel=False le bloc doit être y = ReLU(F(x)), sans raccourci ; avec "
                  "residuel=True, y = ReLU(F(x) + x).")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 (précision).** Le correcteur entraîne `MiniResNet8()` avec Adam et l'entropie
# croisée sous un petit budget (quelques secondes sur CPU), puis mesure sa précision sur ses
# propres images. Rien à écrire de plus ; la vérification publique contrôle seulement que le
# modèle sait sur-apprendre un petit lot.

# %%
@check
def resnet_surapprend_un_lot(MiniResNet8):
    import dataclasses

    b = dataclasses.replace(C.budget("resnet8"), epochs=12, train_size=32, batch_size=32)
    C.seed_everything()
    model = C.make_model(MiniResNet8, name="MiniResNet8()")
    losses = C.train_classifier(model, b, name="MiniResNet8()")
    C.expect(losses[-1] < 0.5 * losses[0],
             f"`MiniResNet8` ne sur-apprend pas un lot de 32 images : perte {losses[0]:.3f} → "
             f"{losses[-1]:.3f} en 12 pas.",
             hint="vérifiez que la sortie est faite de logits (pas de softmax ni de ReLU à la "
                  "fin) et que les blocs laissent passer le gradient.")


@check(hidden=True)
def resnet_precision(MiniResNet8):
    b = C.budget("resnet8")
    C.seed_everything()
    model = C.make_model(MiniResNet8, name="MiniResNet8()")
    C.train_classifier(model, b, name="MiniResNet8()")
    acc = C.accuracy(model, b.dataset, name="MiniResNet8()")
    C.expect_accuracy(acc, b, name="MiniResNet8()",
                      hint="vérifiez les blocs (raccourcis, BatchNorm) et la moyenne globale "
                           "avant la couche linéaire.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Convergence avec et sans connexions résiduelles
#
# Par défaut (`ENTRAINER = False`), la cellule suivante ne fait rien de coûteux ; passez
# `ENTRAINER = True` pour entraîner le mini-ResNet-8 avec et sans raccourcis (même graine, même
# ordre des lots) et tracer les courbes de perte (une à deux minutes sur CPU). Essayez aussi une
# version plus profonde (par exemple `pile_profonde(residuel, profondeur=20)` avec une couche
# de sortie adaptée) pour voir l'écart se creuser.

# %%
def courbe_de_perte(modele: nn.Module, epochs: int = 3, n_train: int = 5000,
                    lr: float = 3e-3, graine: int = 0) -> list[float]:
    """Adam + entropie croisée ; renvoie la perte de chaque lot."""
    x = torch.tensor(entrainement.data[:n_train]).permute(0, 3, 1, 2).float() / 255
    y = torch.tensor(entrainement.targets[:n_train])
    opt = torch.optim.Adam(modele.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(graine)
    pertes = []
    modele.train()
    for _ in range(epochs):
        for idx in torch.randperm(len(y), generator=gen).split(64):
            perte = F.cross_entropy(modele(x[idx]), y[idx])
            opt.zero_grad()
            perte.backward()
            opt.step()
            pertes.append(perte.item())
    return pertes


ENTRAINER = False
if ENTRAINER:
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for residuel in (True, False):
        torch.manual_seed(0)
        ax.plot(courbe_de_perte(MiniResNet8(residuel=residuel)),
                label="avec raccourcis" if residuel else "sans raccourcis")
    ax.set_xlabel("pas d'optimisation")
    ax.set_ylabel("perte d'entraînement")
    ax.legend()
    plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** Comparez la convergence du mini-ResNet-8 avec et sans connexions
# résiduelles (`ENTRAINER = True`), puis commentez les deux graphiques de normes de gradient :
# pourquoi l'écart est-il spectaculaire sur la pile profonde en mode `eval` et faible (voire
# inversé) sur le MiniResNet8 en mode `train` ? Reliez vos observations à l'équation (4.9) du
# cours et au rôle de la BatchNorm. Les données étant un substitut synthétique, que
# faudrait-il vérifier sur le vrai CIFAR-10 ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **Convergence** : avec 8 couches seulement, les deux versions apprennent ;
# la version résiduelle démarre en général plus vite et atteint une perte plus basse au même
# nombre de pas, l'écart grandissant avec la profondeur (réseaux « plats » de 20 à 50 couches :
# dégradation de l'optimisation, He et al.). **Gradients** : dans la pile profonde en mode
# `eval`, la BatchNorm (statistiques initiales) est presque l'identité ; sans raccourci, chaque
# bloc multiplie le gradient par une jacobienne $\partial F_i/\partial x$ de petite norme
# (initialisation par défaut de PyTorch, ReLU qui annule la moitié des unités) : le gradient de
# la première couche décroît exponentiellement avec la profondeur. Avec raccourcis,
# $\partial x_L/\partial x_\ell = I + \partial(\sum_i F_i)/\partial x_\ell$ : le terme
# identité transporte le gradient intact. En mode `train`, la BatchNorm renormalise chaque
# couche avec les statistiques du lot ; elle compense l'atténuation des activations (et peut
# même faire croître les gradients des réseaux plats profonds), si bien que sur 3 blocs l'écart
# est faible voire inversé : la BatchNorm et les raccourcis sont deux remèdes complémentaires,
# et c'est sur des réseaux beaucoup plus profonds que l'absence de raccourcis dégrade
# l'entraînement. **Données** : sur le substitut synthétique, facile, les deux variantes
# atteignent vite une bonne précision ; il faudrait refaire la comparaison sur le vrai
# CIFAR-10, avec plusieurs graines et des réseaux plus profonds, pour conclure.

