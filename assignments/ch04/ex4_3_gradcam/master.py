# %% [markdown]
# # Exercice 4.3 (⋆⋆) — Filtres, cartes de caractéristiques et Grad-CAM
#
# On ouvre la boîte noire d'un CNN de trois façons :
#
# 1. **les filtres de la première couche** : ses poids vivent dans l'espace des pixels et se
#    regardent directement comme de petites images ;
# 2. **les cartes de caractéristiques** (feature maps) des couches intermédiaires, capturées
#    pendant la passe avant par des *forward hooks* (`module.register_forward_hook`) ;
# 3. **Grad-CAM** (Selvaraju et al., 2017), qui indique les régions de l'image qui font monter
#    le score d'une classe $c$. Pour une couche cible de sortie $A \in \mathbb{R}^{K \times h
#    \times w}$ ($K$ cartes) et le score $y^c$ (le **logit** de la classe, avant softmax) :
#    $$\alpha_k^c = \frac{1}{h\,w} \sum_{i,j} \frac{\partial y^c}{\partial A_{k,i,j}}, \qquad
#      L^c = \mathrm{ReLU}\Big(\sum_{k} \alpha_k^c A_k\Big) \in \mathbb{R}^{h \times w}.$$
#    Les poids $\alpha_k^c$ sont les gradients **moyennés sur les positions** ; la ReLU ne
#    garde que les régions qui **augmentent** le score. On normalise enfin la carte dans
#    $[0, 1]$ en la divisant par son maximum, puis on l'agrandit à la taille de l'image pour la
#    superposer.
#
# **Données.** Le notebook utilise une copie hors ligne au format de CIFAR-10, chargée par
# `data.load("cifar10", train=True)` comme `torchvision.datasets.CIFAR10`. Ici, c'est un
# **substitut synthétique** (10 classes d'images 3 × 32 × 32 de même format) : la vraie base se
# charge de la même façon là où elle est disponible, mais les filtres et cartes obtenus ici ne
# ressemblent pas à ceux d'un réseau entraîné sur de vraies photos.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from autograder import data

# %% [markdown]
# Le CNN étudié (fourni) et un entraînement **très court** (quelques secondes : 1 000 images,
# une époque). Passez `N_IMAGES = 5000` et `EPOQUES = 5` pour des filtres plus nets.

# %%
class PetitCNN(nn.Module):
    """Trois convolutions (16, 32, 64 canaux), moyenne globale, Linear(64, 10)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 16, 5, padding=2), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU())
        self.classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.features(x))


N_IMAGES, EPOQUES = 1000, 1
entrainement = data.load("cifar10", train=True)
images = torch.tensor(entrainement.data[:N_IMAGES]).permute(0, 3, 1, 2).float() / 255
etiquettes = torch.tensor(entrainement.targets[:N_IMAGES])
torch.manual_seed(0)
cnn = PetitCNN()
optimiseur = torch.optim.Adam(cnn.parameters(), lr=3e-3)
for _ in range(EPOQUES):
    for idx in torch.randperm(N_IMAGES).split(64):
        perte = F.cross_entropy(cnn(images[idx]), etiquettes[idx])
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
cnn.eval()
print("précision d'entraînement :",
      float((cnn(images).argmax(dim=1) == etiquettes).float().mean()))

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 (filtres de la première couche).** Écrire `filtres_premiere_couche(modele)` qui
#
# - trouve la **première** `nn.Conv2d` du modèle dans l'ordre de `modele.modules()` (elle peut
#   être imbriquée dans des sous-modules, et n'est pas forcément le premier paramètre) ;
# - prend ses poids, de forme $(C_s, C_e, k_h, k_w)$, **détachés** du graphe ;
# - normalise **chaque filtre séparément** dans $[0, 1]$ : $\tilde w = (w - \min) / (\max -
#   \min)$, le minimum et le maximum étant pris sur les $C_e k_h k_w$ valeurs du filtre ; un
#   filtre constant donne des zéros (pas de `nan`) ;
# - renvoie un tenseur de forme $(C_s, k_h, k_w, C_e)$, prêt pour `plt.imshow` (canaux en
#   dernier).
#
# Sans normalisation par filtre, un filtre de poids faibles apparaît uniformément gris.

# %%
def filtres_premiere_couche(modele: nn.Module) -> torch.Tensor:
    """Poids de la 1re Conv2d normalisés dans [0, 1] filtre par filtre, forme (C_s, kh, kw, C_e)."""
    # BEGIN SOLUTION
    conv = next(m for m in modele.modules() if isinstance(m, nn.Conv2d))
    w = conv.weight.detach().cpu()
    bas = w.amin(dim=(1, 2, 3), keepdim=True)
    haut = w.amax(dim=(1, 2, 3), keepdim=True)
    w = (w - bas) / (haut - bas).clamp_min(1e-12)
    return w.permute(0, 2, 3, 1)
    # END SOLUTION


# %%
filtres = filtres_premiere_couche(cnn)
fig, axes = plt.subplots(2, 8, figsize=(8, 2.2))
for ax, f in zip(axes.flat, filtres, strict=True):
    ax.imshow(f.numpy())
    ax.axis("off")
fig.suptitle("filtres 5 × 5 de la première couche")
plt.show()

# %%
@check
def filtres_forme_et_plage(filtres_premiere_couche):
    @C.probe
    def fabrique():
        torch.manual_seed(0)
        return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 3))

    modele = C.build_where(filtres_premiere_couche, fabrique)  # where the student function runs
    out = C.as_tensor(C.call(filtres_premiere_couche, modele, name="filtres_premiere_couche"),
                      name="filtres_premiere_couche(modele)")
    C.expect_shape(out, (4, 3, 3, 3), name="filtres_premiere_couche(modele)",
                   hint="forme (C_s, k_h, k_w, C_e) : les canaux d'entrée en dernier.")
    plat = out.reshape(4, -1).double()
    C.expect_close(plat.amin(dim=1), torch.zeros(4, dtype=torch.float64),
                   name="minimum de chaque filtre normalisé", reveal=True)
    C.expect_close(plat.amax(dim=1), torch.ones(4, dtype=torch.float64),
                   name="maximum de chaque filtre normalisé", reveal=True,
                   hint="normalisez chaque filtre séparément : (w − min) / (max − min).")


@check(hidden=True)
def filtres_contre_reference(filtres_premiere_couche):
    from autograder.checks import oracles

    @C.probe
    def fabrique():
        torch.manual_seed(21)
        modele = nn.Sequential(
            nn.BatchNorm2d(3),
            nn.Sequential(nn.Conv2d(3, 6, (5, 3)), nn.ReLU()),
            nn.Conv2d(6, 8, 3))
        with torch.no_grad():
            conv = modele[1][0]
            conv.weight[2] *= 0.01
            conv.weight[4] += 3.0
            conv.weight[5] = 0.25
        return modele

    w = fabrique()[1][0].weight.detach().double()  # the grader's own copy
    attendu = oracles.normalized_filters(w)

    # tensors come back detached: whether the output was attached is read where it is computed
    @C.probe
    def sonde(modele):
        sortie = filtres_premiere_couche(modele)
        return sortie, isinstance(sortie, torch.Tensor) and sortie.requires_grad

    brut, attache = C.call(sonde, C.build_where(filtres_premiere_couche, fabrique),
                           name="filtres_premiere_couche")
    C.expect(not attache,
             "`filtres_premiere_couche` renvoie un tenseur attaché au graphe d'autograd "
             "(requires_grad=True) : `plt.imshow` ne pourra pas l'afficher.",
             hint="utilisez `.detach()` sur les poids.")
    out = C.as_tensor(brut, name="filtres_premiere_couche(modele)")
    C.expect_shape(out, (6, 5, 3, 3), name="filtres_premiere_couche(modele) pour une première "
                                           "Conv2d(3, 6, kernel_size=(5, 3))",
                   hint="la première nn.Conv2d de `modele.modules()` (ici imbriquée, après une "
                        "BatchNorm), et la forme (C_s, k_h, k_w, C_e) : `permute(0, 2, 3, 1)`.")
    C.expect(bool(torch.isfinite(out).all()),
             "`filtres_premiere_couche` renvoie des nan ou inf (un filtre constant a "
             "max − min = 0).", hint="un filtre constant doit donner des zéros.")
    C.expect_close(out.double(), attendu, rtol=1e-5, atol=1e-6,
                   name="filtres_premiere_couche(modele)",
                   hint="minimum et maximum pris sur chaque filtre (ses C_e·k_h·k_w valeurs), "
                        "pas sur tout le tenseur ; (w − min) / (max − min).")


@check(hidden=True)
def filtres_un_canal(filtres_premiere_couche):
    from autograder.checks import oracles

    @C.probe
    def fabrique():
        torch.manual_seed(22)
        return nn.Sequential(nn.Conv2d(1, 5, 4, bias=False), nn.ReLU(), nn.Flatten(),
                             nn.Linear(5 * 5 * 5, 10))

    modele = C.build_where(filtres_premiere_couche, fabrique)
    w = fabrique()[0].weight.detach().double()  # the grader's own copy
    attendu = oracles.normalized_filters(w)
    out = C.as_tensor(C.call(filtres_premiere_couche, modele, name="filtres_premiere_couche"),
                      name="filtres_premiere_couche(modele)")
    C.expect_shape(out, (5, 4, 4, 1), name="filtres_premiere_couche(modele) pour une "
                                           "Conv2d(1, 5, 4)")
    C.expect_close(out.double(), attendu, rtol=1e-5, atol=1e-6,
                   name="filtres_premiere_couche(modele) (un canal d'entrée)")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (cartes de caractéristiques).** Écrire `capturer_activations(modele, x, noms)`
# où `noms` est une liste de noms de sous-modules tels que les donne `modele.named_modules()`
# (par exemple `"features.4"`). La fonction
#
# 1. enregistre un *forward hook* sur chacun de ces sous-modules ; le hook range la **sortie**
#    du module dans un dictionnaire, sous forme de **copie détachée** (`.detach().clone()` :
#    une `ReLU(inplace=True)` placée après le module modifierait sinon le tenseur capturé) ;
# 2. fait une passe avant de `x` sous `torch.no_grad()`, sans changer le mode du modèle ;
# 3. **retire tous les hooks** (méthode `remove()` des poignées renvoyées par
#    `register_forward_hook`), **même si la passe avant lève une exception** (`try`/`finally`) :
#    un hook oublié continuerait de s'exécuter à chaque appel du modèle ;
# 4. renvoie le dictionnaire `{nom: activation}`.

# %%
def capturer_activations(modele: nn.Module, x: torch.Tensor,
                         noms: list[str]) -> dict[str, torch.Tensor]:
    """Sorties des sous-modules `noms` pendant la passe avant de x, capturées par hooks."""
    # BEGIN SOLUTION
    sous_modules = dict(modele.named_modules())
    activations = {}
    poignees = []

    def crochet_pour(nom):
        def crochet(module, entree, sortie):
            activations[nom] = sortie.detach().clone()
        return crochet

    try:
        for nom in noms:
            poignees.append(sous_modules[nom].register_forward_hook(crochet_pour(nom)))
        with torch.no_grad():
            modele(x)
    finally:
        for poignee in poignees:
            poignee.remove()
    return activations
    # END SOLUTION


# %%
couches = ["features.0", "features.4", "features.8"]
cartes = capturer_activations(cnn, images[:1], couches)
fig, axes = plt.subplots(len(couches), 8, figsize=(8, 3.3))
for ligne, nom in zip(axes, couches, strict=True):
    for k, ax in enumerate(ligne):
        ax.imshow(cartes[nom][0, k].numpy(), cmap="viridis")
        ax.axis("off")
    ligne[0].set_title(f"{nom} {tuple(cartes[nom].shape[1:])}", fontsize=8, loc="left")
plt.show()

# %%
@check
def activations_formes(capturer_activations):
    @C.probe
    def fabrique():
        torch.manual_seed(0)
        return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 3)).eval()

    modele = C.build_where(capturer_activations, fabrique)  # where the student function runs
    x = torch.rand(2, 3, 9, 9)
    acts = C.call(capturer_activations, modele, x, ["0", "2"], name="capturer_activations")
    C.expect(isinstance(acts, dict) and sorted(acts) == ["0", "2"],
             "`capturer_activations` doit renvoyer un dictionnaire dont les clés sont les noms "
             "demandés (ici '0' et '2').")
    C.expect_shape(acts["0"], (2, 4, 7, 7), name="capturer_activations(...)['0']")
    C.expect_shape(acts["2"], (2, 2, 5, 5), name="capturer_activations(...)['2']")
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() "
                      "if len(c._forward_hooks)]")  # read where the model lives
    restants = crochets(modele)
    C.expect(not restants, f"Des forward hooks restent enregistrés après l'appel sur : "
                           f"{', '.join(restants)}.",
             hint="gardez les poignées renvoyées par `register_forward_hook` et appelez "
                  "`poignee.remove()` à la fin.")


@check(hidden=True)
def activations_contre_calcul_manuel(capturer_activations):
    @C.probe
    def fabrique():
        torch.manual_seed(31)
        features = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.BatchNorm2d(6),
                                 nn.ReLU(inplace=True), nn.MaxPool2d(2),
                                 nn.Conv2d(6, 5, (3, 2)), nn.ReLU())
        classifier = nn.Sequential(nn.Flatten(), nn.Linear(5 * 3 * 3, 4))
        modele = nn.Sequential()
        modele.add_module("features", features)
        modele.add_module("classifier", classifier)
        with torch.no_grad():
            features[1].running_mean.uniform_(-0.5, 0.5)
            features[1].running_var.uniform_(0.5, 2.0)
            features[1].weight.uniform_(0.5, 1.5)
            features[1].bias.uniform_(-0.5, 0.5)
        return modele.eval()

    modele = C.build_where(capturer_activations, fabrique)
    x = torch.randn(2, 3, 10, 8, generator=torch.Generator().manual_seed(32))
    attendu, h = {}, x
    with torch.no_grad():
        for nom, couche in fabrique().named_modules():  # the grader's own copy
            if not list(couche.children()):  # the layers, in the order they run
                h = couche(h)
                attendu[nom] = h.clone()
    noms = ["features.1", "features.4", "classifier.1", "features.0"]
    acts = C.call(capturer_activations, modele, x.clone(), list(noms),
                  name="capturer_activations")
    C.expect(isinstance(acts, dict) and sorted(acts) == sorted(noms),
             "`capturer_activations` doit renvoyer un dictionnaire {nom: activation} avec "
             "exactement les noms demandés.")
    for nom in noms:
        C.expect_close(acts[nom], attendu[nom], name=f"capturer_activations(...)['{nom}']",
                       hint="le hook doit ranger la sortie du module (3ᵉ argument du hook, pas "
                            "l'entrée), copiée avec `.detach().clone()` : la ReLU(inplace=True) "
                            "qui suit la BatchNorm modifie sinon le tenseur capturé.")


@check(hidden=True)
def activations_crochets_retires(capturer_activations):
    @C.probe
    def fabrique():
        torch.manual_seed(33)
        return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(),
                             nn.Sequential(nn.Conv2d(4, 4, 3), nn.Tanh()),
                             nn.Flatten()).train()

    modele = C.build_where(capturer_activations, fabrique)  # where the student function runs
    x = torch.rand(3, 3, 8, 7, generator=torch.Generator().manual_seed(34))
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() "
                      "if len(c._forward_hooks)]")  # read where the model lives

    def restants():
        return crochets(modele)

    noms = ["0", "2.0", "2.1"]
    premier = C.call(capturer_activations, modele, x, noms, name="capturer_activations")
    second = C.call(capturer_activations, modele, 2 * x, ["2.1"], name="capturer_activations")
    C.expect(isinstance(premier, dict) and isinstance(second, dict),
             "`capturer_activations` doit renvoyer un dictionnaire.")
    C.expect(not restants(), f"Des forward hooks restent enregistrés après l'appel sur : "
                             f"{', '.join(restants())}.",
             hint="gardez les poignées renvoyées par `register_forward_hook` et appelez "
                  "`poignee.remove()` sur chacune.")
    C.expect(C.code("lambda m: all(c.training for c in m.modules())")(modele),
             "`capturer_activations` a fait passer le modèle (en mode train) en mode eval.",
             hint="ne changez pas le mode du modèle : `torch.no_grad()` suffit.")
    C.expect(sorted(second) == ["2.1"],
             "Un second appel de `capturer_activations` avec d'autres noms renvoie des clés en "
             "trop : des hooks du premier appel sont encore actifs.")
    with torch.no_grad():
        attendu = fabrique()(2 * x)  # the grader's own copy
    C.expect_close(second["2.1"].flatten(1), attendu,
                   name="capturer_activations(modele, 2·x, ['2.1'])['2.1']",
                   hint="un dictionnaire neuf à chaque appel, rempli par les hooks de l'appel.")
    try:
        C.call(capturer_activations, modele, torch.rand(2, 5, 8, 7), ["0", "2.0"],
               name="capturer_activations")
    except C.CheckFailure:
        pass
    C.expect(not restants(),
             "Quand la passe avant lève une exception (ici une entrée à 5 canaux), des forward "
             f"hooks restent enregistrés sur : {', '.join(restants())}.",
             hint="retirez les hooks dans un bloc `finally`.")


@check(hidden=True)
def activations_sans_autograd(capturer_activations):
    # a module that records whether autograd is on when it runs, built where the student
    # function runs
    @C.probe
    def fabrique():
        class Temoin(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = torch.nn.Conv2d(3, 4, 3)
                self.autograd = []

            def forward(self, x):
                self.autograd.append(bool(torch.is_grad_enabled()))
                return self.conv(x)

        torch.manual_seed(35)
        return torch.nn.Sequential(Temoin(), torch.nn.ReLU()).eval()

    modele = C.build_where(capturer_activations, fabrique)
    x = torch.rand(2, 3, 6, 5, generator=torch.Generator().manual_seed(36))
    acts = C.call(capturer_activations, modele, x, ["0.conv", "1"], name="capturer_activations")
    C.expect(isinstance(acts, dict) and sorted(acts) == ["0.conv", "1"],
             "`capturer_activations` doit renvoyer un dictionnaire {nom: activation} avec "
             "exactement les noms demandés.")
    etats = C.code("lambda m: [bool(e) for e in m[0].autograd]")(modele)  # read where it lives
    C.expect(len(etats) >= 1, "`capturer_activations` n'a pas fait de passe avant du modèle.")
    C.expect(not any(etats),
             "`capturer_activations` fait la passe avant avec autograd activé.",
             hint="faites la passe avant sous `with torch.no_grad():` : inutile de construire "
                  "le graphe pour lire des activations.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 (Grad-CAM).** Écrire `grad_cam(modele, x, classes, nom_couche)` pour un lot
# d'images `x` de forme `(B, C, H, W)` et un tenseur d'entiers `classes` de forme `(B,)` (la
# classe expliquée pour chaque image) :
#
# 1. passer le modèle en mode `eval` (les images sont alors traitées indépendamment) ;
# 2. capturer, par un forward hook retiré ensuite, la sortie $A$ de forme `(B, K, h, w)` du
#    sous-module `nom_couche`, **sans la détacher** : on en a besoin dans le graphe ;
# 3. calculer les logits, puis le gradient de $\sum_b y^{c_b}_b$ (somme sur le lot du logit de
#    la classe de chaque image) par rapport à $A$, par exemple avec `torch.autograd.grad` ;
# 4. $\alpha_{b,k}$ = moyenne de ce gradient sur les positions $(i, j)$ ; $L_b =
#    \mathrm{ReLU}(\sum_k \alpha_{b,k} A_{b,k})$ ;
# 5. diviser chaque carte $L_b$ par son maximum (une carte nulle reste nulle, sans `nan`).
#
# La fonction renvoie un tenseur détaché de forme `(B, h, w)` à valeurs dans $[0, 1]$, et ne
# laisse aucun hook sur le modèle.

# %%
def grad_cam(modele: nn.Module, x: torch.Tensor, classes: torch.Tensor,
             nom_couche: str) -> torch.Tensor:
    """Cartes Grad-CAM (B, h, w), normalisées dans [0, 1], pour la couche `nom_couche`."""
    # BEGIN SOLUTION
    modele.eval()
    couche = dict(modele.named_modules())[nom_couche]
    capture = {}

    def crochet(module, entree, sortie):
        capture["A"] = sortie

    poignee = couche.register_forward_hook(crochet)
    try:
        logits = modele(x)
    finally:
        poignee.remove()
    A = capture["A"]
    scores = logits.gather(1, classes.reshape(-1, 1))
    (gradients,) = torch.autograd.grad(scores.sum(), A)
    alpha = gradients.mean(dim=(2, 3), keepdim=True)
    carte = torch.relu((alpha * A).sum(dim=1))
    maxi = carte.amax(dim=(1, 2), keepdim=True)
    return (carte / maxi.clamp_min(1e-12)).detach()
    # END SOLUTION


# %%
lot = images[:4]
predites = cnn(lot).argmax(dim=1)
cartes_cam = grad_cam(cnn, lot, predites, "features.8")
agrandies = F.interpolate(cartes_cam[:, None], size=lot.shape[-2:], mode="bilinear",
                          align_corners=False)[:, 0]
fig, axes = plt.subplots(2, 4, figsize=(8, 4))
for k in range(4):
    axes[0, k].imshow(lot[k].permute(1, 2, 0).numpy())
    axes[0, k].set_title(f"classe {int(etiquettes[k])}, prédite {int(predites[k])}", fontsize=8)
    axes[1, k].imshow(lot[k].permute(1, 2, 0).numpy())
    axes[1, k].imshow(agrandies[k].numpy(), cmap="jet", alpha=0.5)
for ax in axes.flat:
    ax.axis("off")
plt.show()

# %%
@check
def gradcam_forme_et_plage(grad_cam):
    @C.probe
    def fabrique():
        torch.manual_seed(0)
        return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 5))

    modele = C.build_where(grad_cam, fabrique)  # where the student function runs
    x = torch.rand(2, 3, 16, 16)
    cartes = C.as_tensor(C.call(grad_cam, modele, x, torch.tensor([1, 3]), "3", name="grad_cam"),
                         name="grad_cam(modele, x, classes, '3')")
    C.expect_shape(cartes, (2, 8, 8), name="grad_cam(modele, x, classes, '3')",
                   hint="une carte (h, w) par image, à la résolution de la couche cible.")
    C.expect_in_range(float(cartes.min()), 0.0, 1.0, name="minimum des cartes Grad-CAM",
                      hint="ReLU puis division par le maximum de chaque carte.")
    C.expect_in_range(float(cartes.max()), 0.0, 1.0, name="maximum des cartes Grad-CAM",
                      hint="divisez chaque carte par son maximum.")
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() "
                      "if len(c._forward_hooks)]")  # read where the model lives
    restants = crochets(modele)
    C.expect(not restants, f"Des forward hooks restent enregistrés après `grad_cam` sur : "
                           f"{', '.join(restants)}.", hint="appelez `poignee.remove()`.")


@check(hidden=True)
def gradcam_contre_reference(grad_cam):
    from autograder.checks import oracles

    @C.probe
    def fabrique():
        torch.manual_seed(41)
        features = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1), nn.BatchNorm2d(5), nn.ReLU(),
                                 nn.MaxPool2d(2), nn.Conv2d(5, 7, (3, 2), padding=1),
                                 nn.ReLU())
        classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(7, 6),
                                   nn.Tanh(), nn.Linear(6, 4))
        modele = nn.Sequential()
        modele.add_module("features", features)
        modele.add_module("classifier", classifier)
        with torch.no_grad():
            features[1].running_mean.uniform_(-0.5, 0.5)
            features[1].running_var.uniform_(0.5, 2.0)
            features[1].bias.uniform_(-0.5, 0.5)
        return modele.double().train()

    temoin = fabrique()  # the grader's own copy
    temoin = nn.Sequential(*temoin.features, *temoin.classifier).eval()
    modele = C.build_where(grad_cam, fabrique)  # where the student function runs
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() "
                      "if len(c._forward_hooks)]")  # read where the model lives
    x = torch.rand(3, 3, 14, 10, generator=torch.Generator().manual_seed(42),
                   dtype=torch.float64)
    classes = torch.tensor([2, 0, 2])
    for k, nom in [(4, "features.4"), (5, "features.5"), (1, "features.1")]:
        modele.train()
        label = f"grad_cam(modele, x, classes, '{nom}')"
        cartes = C.as_tensor(C.call(grad_cam, modele, x.clone(), classes.clone(), nom,
                                    name="grad_cam"), name=label)
        attendu = oracles.grad_cam(temoin[:k + 1], temoin[k + 1:], x, classes)
        C.expect_shape(cartes, tuple(attendu.shape), name=label)
        C.expect(float(cartes.min()) >= 0.0,
                 f"`{label}` contient des valeurs négatives.",
                 hint="appliquez la ReLU à Σ_k α_k A_k : Grad-CAM ne garde que les régions qui "
                      "augmentent le score.")
        C.expect_close(cartes.double(), attendu, rtol=1e-6, atol=1e-8, name=label,
                       hint="mode eval ; gradient du logit de la classe de chaque image (avant "
                            "softmax) par rapport à la sortie A de la couche ; α = moyenne du "
                            "gradient sur les positions (h, w) pour chaque canal, pas sur les "
                            "canaux ; ReLU puis division de chaque carte par son maximum.")
        restants = crochets(modele)
        C.expect(not restants, f"Des forward hooks restent enregistrés après `grad_cam` sur : "
                               f"{', '.join(restants)}.", hint="appelez `poignee.remove()`.")


@check(hidden=True)
def gradcam_cas_cam(grad_cam):
    @C.probe
    def fabrique():
        torch.manual_seed(43)
        modele = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(),
                               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3)).double()
        with torch.no_grad():
            modele[4].weight[0] = -modele[4].weight[0].abs() - 0.1
            modele[4].weight[1] = torch.tensor([1.0, -2.0, 0.5, 3.0, -1.0, 0.2])
        return modele

    temoin = fabrique()  # the grader's own copy
    modele = C.build_where(grad_cam, fabrique)  # where the student function runs
    x = torch.rand(2, 3, 6, 9, generator=torch.Generator().manual_seed(44), dtype=torch.float64)
    with torch.no_grad():
        A = temoin[1](temoin[0](x))
    W = temoin[4].weight.detach()
    cartes = C.as_tensor(C.call(grad_cam, modele, x.clone(), torch.tensor([0, 0]), "1",
                                name="grad_cam"), name="grad_cam(modele, x, [0, 0], '1')")
    C.expect_shape(cartes, (2, 6, 9), name="grad_cam(modele, x, [0, 0], '1')")
    C.expect(bool(torch.isfinite(cartes).all()),
             "`grad_cam` renvoie des nan ou inf quand la carte est nulle partout (ici tous les "
             "α_k sont négatifs et A ≥ 0).",
             hint="une carte de maximum nul doit rester nulle : divisez par "
                  "max.clamp_min(petit ε) ou traitez ce cas à part.")
    C.expect_close(cartes.double(), torch.zeros(2, 6, 9, dtype=torch.float64),
                   name="grad_cam(modele, x, [0, 0], '1') (tous les α_k < 0, A ≥ 0)",
                   hint="la ReLU annule la carte : le résultat doit être nul partout.")
    cam = torch.relu(torch.einsum("k,bkij->bij", W[1], A))
    attendu = cam / cam.flatten(1).max(dim=1).values[:, None, None]
    cartes = C.as_tensor(C.call(grad_cam, modele, x.clone(), torch.tensor([1, 1]), "1",
                                name="grad_cam"), name="grad_cam(modele, x, [1, 1], '1')")
    C.expect_close(cartes.double(), attendu, rtol=1e-6, atol=1e-8,
                   name="grad_cam(modele, x, [1, 1], '1') (tête = moyenne globale + Linear)",
                   hint="avec une moyenne globale suivie d'une couche linéaire, α_k est "
                        "proportionnel au poids W[c, k] : vérifiez la moyenne des gradients sur "
                        "les positions et la normalisation par le maximum de chaque carte.")


@check(hidden=True)
def gradcam_detache(grad_cam):
    @C.probe
    def fabrique():
        torch.manual_seed(45)
        return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(4, 5, 3, padding=1), nn.ReLU(),
                             nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(5, 3))

    # tensors come back detached: whether the output was attached is read where it is computed
    @C.probe
    def sonde(modele, x, classes):
        sortie = grad_cam(modele, x, classes, "3")
        return sortie, isinstance(sortie, torch.Tensor) and sortie.requires_grad

    x = torch.rand(2, 3, 8, 8, generator=torch.Generator().manual_seed(46))
    cartes, attache = C.call(sonde, C.build_where(grad_cam, fabrique), x, torch.tensor([0, 2]),
                             name="grad_cam")
    C.expect_shape(C.as_tensor(cartes, name="grad_cam(modele, x, classes, '3')"), (2, 4, 4),
                   name="grad_cam(modele, x, classes, '3')")
    C.expect(not attache,
             "`grad_cam` renvoie un tenseur attaché au graphe d'autograd (requires_grad=True) "
             "au lieu d'un tenseur détaché.",
             hint="renvoyez `cartes.detach()` : A n'est pas détachée pendant le calcul, la "
                  "carte finale doit l'être.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** D'après les filtres, les cartes de caractéristiques des trois
# couches et les cartes Grad-CAM (entraînez plus longtemps si nécessaire), que détecte chaque
# couche ? Comment évoluent la résolution, le nombre de canaux et le degré d'abstraction avec la
# profondeur ? Que montre Grad-CAM pour des images bien et mal classées, et pourquoi choisit-on
# en général la **dernière** couche convolutive comme cible ? Quelles sont les limites de ces
# visualisations (résolution de la carte, données synthétiques ici) ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **Filtres** : la première couche apprend des détecteurs locaux simples —
# contours orientés, transitions de couleur, taches — proches de filtres de Gabor sur de vraies
# images ; ils restent bruités après un entraînement court. **Cartes** : la première couche
# (32 × 32, 16 canaux) répond à des contours et couleurs à des positions précises ; après
# chaque pooling, la résolution baisse (16 × 16 puis 8 × 8), le nombre de canaux augmente et
# le champ réceptif s'élargit : les couches profondes répondent à des motifs plus grands et plus
# abstraits (textures, parties d'objets), de façon plus clairsemée. **Grad-CAM** : pour une
# image bien classée, la carte se concentre sur la région caractéristique de la classe ; pour
# une erreur, elle révèle souvent ce qui a trompé le réseau (fond, motif parasite). On prend la
# dernière couche convolutive car elle combine la sémantique la plus riche (juste avant le
# classifieur) et une information spatiale encore présente ; plus tôt, les cartes sont moins
# spécifiques à la classe. **Limites** : la carte a la résolution de la couche (8 × 8 ici),
# grossière une fois agrandie ; elle explique un modèle, pas la vérité ; ReLU et normalisation
# masquent les contributions négatives et l'échelle absolue ; sur le substitut synthétique,
# les motifs appris ne ressemblent pas à ceux de photos réelles, il faudrait refaire l'analyse
# sur le vrai CIFAR-10 avec un modèle bien entraîné.

