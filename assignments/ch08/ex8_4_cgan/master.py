# %% [markdown]
# # Exercice 8.4 (⋆⋆⋆) — GAN conditionnel (cGAN) sur Fashion-MNIST
#
# Un **GAN conditionnel** (définition 8.9 du cours) conditionne le générateur **et** le
# discriminateur sur une information auxiliaire $y$, ici l'étiquette de classe :
#
# $$\min_G \max_D\; \mathbb E_{x, y}\big[\log D(x, y)\big] +
# \mathbb E_{z, y}\big[\log\big(1 - D(G(z, y), y)\big)\big] \qquad (8.17)$$
#
# On demande à $G$ une image **de la classe $y$** : $G(z, y)$ doit ressembler aux images
# réelles de cette classe, et $D$, qui voit le couple (image, étiquette), pénalise une image
# réaliste mais de la mauvaise classe. Suivant l'indice de l'exercice 8.4 du cours :
#
# - pour $G$, on **concatène** le vecteur latent $z$ et l'encodage *one-hot* de $y$ :
#   l'entrée de $G$ est $(z, \mathrm{onehot}(y))$, de taille `dim_latente + n_classes` ;
# - pour $D$, un **plongement** (`nn.Embedding`) de l'étiquette, de taille $28 \times 28$,
#   est ajouté à l'image comme **canal supplémentaire** : $D$ reçoit un tenseur à 2 canaux.
#
# On entraîne comme le DCGAN de la section 8.7 : Adam avec `betas=(0.5, 0.999)`, un pas de $D$
# puis un pas de $G$ par lot, la perte du générateur **non saturante** ($G$ maximise
# $\log D(G(z, y), y)$). Pour la stabilité numérique, $D$ renvoie des **logits** (pas de
# sigmoïde) et les pertes utilisent l'entropie croisée binaire *avec logits*
# (`F.binary_cross_entropy_with_logits`).
#
# **Données.** Le notebook charge une copie hors ligne au format de Fashion-MNIST par
# `data.load("fashion-mnist", train=True)`, comme `torchvision.datasets.FashionMNIST`. Ici,
# c'est un **substitut synthétique** (10 classes d'images 28 × 28 en niveaux de gris, de même
# format) : la vraie base se charge de la même façon là où elle est disponible, mais les images
# et les résultats obtenus ici ne sont pas ceux de Fashion-MNIST. Les images sont ramenées dans
# $[-1, 1]$ (comme `Normalize([0.5], [0.5])` au § 8.7), l'intervalle de sortie du `tanh` de
# $G$.
#
# **Conventions.** Les images sont des tenseurs `float32` de forme $(B, 1, 28, 28)$ à valeurs
# dans $[-1, 1]$ ; les étiquettes des tenseurs `torch.int64` de forme $(B,)$ à valeurs dans
# $\{0, \dots, n_{classes} - 1\}$. Tout se fait sur CPU.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from autograder import data

# %%
_entrainement = data.load("fashion-mnist", train=True)
images_entrainement = torch.as_tensor(_entrainement.data[:2000]).float().unsqueeze(1) / 127.5 - 1
etiquettes_entrainement = torch.as_tensor(_entrainement.targets[:2000]).long()
print(images_entrainement.shape, float(images_entrainement.min()),
      float(images_entrainement.max()), torch.bincount(etiquettes_entrainement).tolist())

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 (le générateur conditionnel).** Compléter le module
# `GenerateurC(dim_latente=32, n_classes=10)` (d'autres arguments, avec des valeurs par
# défaut, sont permis) :
#
# - il garde ses deux tailles dans les attributs `self.dim_latente` et `self.n_classes`
#   (la question 3 s'en sert) ;
# - `forward(z, y)`, avec `z` de forme `(B, dim_latente)` (`float32`) et `y` de forme `(B,)`
#   (`int64`), renvoie des images de forme `(B, 1, 28, 28)` dans $[-1, 1]$ (un `tanh` en
#   sortie) ;
# - sa **première couche à paramètres** (la première qui s'exécute) reçoit la concaténation
#   **`z` d'abord, puis `onehot(y)`** (`F.one_hot(y, n_classes)` converti en flottants) :
#   un tenseur de `dim_latente + n_classes` composantes par exemple, soit de forme
#   `(B, dim_latente + n_classes)` (générateur MLP, première couche `nn.Linear`), soit de forme
#   `(B, dim_latente + n_classes, 1, 1)` (générateur convolutif, première couche
#   `nn.ConvTranspose2d` comme au § 8.7). Pas de `nn.Embedding` dans $G$ : c'est le one-hot
#   lui-même qui entre dans le réseau ;
# - en mode `eval`, chaque image ne dépend que de son propre couple $(z_i, y_i)$ (une
#   BatchNorm est permise : en `eval` elle utilise ses statistiques courantes).
#
# Le reste de l'architecture est libre (un MLP à une couche cachée de 128 unités suffit ;
# le correcteur l'entraîne en quelques secondes sur CPU à la question 4).

# %%
class GenerateurC(nn.Module):
    """G(z, y) : (B, dim_latente) × (B,) → (B, 1, 28, 28) dans [−1, 1]."""

    def __init__(self, dim_latente: int = 32, n_classes: int = 10):
        super().__init__()
        self.dim_latente = dim_latente
        self.n_classes = n_classes
        # BEGIN SOLUTION
        self.reseau = nn.Sequential(nn.Linear(dim_latente + n_classes, 128), nn.ReLU(),
                                    nn.Linear(128, 28 * 28), nn.Tanh())
        # END SOLUTION

    def forward(self, z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        entree = torch.cat([z, F.one_hot(y, self.n_classes).to(z.dtype)], dim=1)
        return self.reseau(entree).view(len(z), 1, 28, 28)
        # END SOLUTION


# %%
print(GenerateurC()(torch.randn(4, 32), torch.tensor([0, 3, 7, 9])).shape)


# %%
@helper
def entree_premiere_couche(modele, x, y, seulement_conv, nom):
    """L'entrée (args[0]) du premier module à paramètres (ou de la première nn.Conv2d) qui
    s'exécute pendant modele(x, y), en mode eval, sous no_grad ; None si aucun."""
    @C.probe
    def capturer(modele, x, y, seulement_conv):
        vus = []

        def crochet(module, args):
            if not vus and args and isinstance(args[0], torch.Tensor):
                vus.append(args[0].detach().clone())

        poignees = []
        for m in modele.modules():
            if seulement_conv:
                retenu = isinstance(m, nn.Conv2d)
            else:
                retenu = any(True for _ in m.parameters(recurse=False))
            if retenu:
                poignees.append(m.register_forward_pre_hook(crochet))
        modele.eval()
        try:
            with torch.no_grad():
                modele(x, y)
        finally:
            for p in poignees:
                p.remove()
        return vus[0] if vus else None

    entree = C.call(capturer, modele, x, y, seulement_conv, name=nom)
    C.expect(entree is not None,
             f"`{nom}` : aucune couche à paramètres ne s'est exécutée"
             + (" (aucune nn.Conv2d)." if seulement_conv else "."))
    return C.as_tensor(entree, f"entrée de la première couche de {nom}")


@helper
def lire_tailles(G, nom):
    """(G.dim_latente, G.n_classes), lus là où G vit (None si absents)."""
    @C.probe
    def tailles(G):
        return getattr(G, "dim_latente", None), getattr(G, "n_classes", None)

    return tuple(C.call(tailles, G, name=nom))


@check
def generateur_formes(GenerateurC):
    g = torch.Generator().manual_seed(0)
    for args, d, n in (((), 32, 10), ((8, 3), 8, 3)):
        nom = f"GenerateurC({', '.join(map(str, args))})"
        G = C.make_model(GenerateurC, *args, name=nom)
        z = torch.randn(5, d, generator=g)
        y = torch.randint(0, n, (5,), generator=g)
        out = C.as_tensor(C.call(G, z, y, name=nom), f"{nom}(z, y)")
        C.expect_shape(out, (5, 1, 28, 28), name=f"{nom}(z, y) pour z de forme (5, {d})",
                       hint="renvoyez des images (B, 1, 28, 28) : .view(B, 1, 28, 28).")
        C.expect(bool(torch.isfinite(out).all()) and float(out.abs().max()) <= 1.0,
                 f"`{nom}(z, y)` doit être dans [−1, 1] (un tanh en sortie).")


@check(hidden=True)
def generateur_plage_et_tailles(GenerateurC):
    g = torch.Generator().manual_seed(1)
    for d, n in ((32, 10), (5, 4), (16, 2)):
        nom = f"GenerateurC({d}, {n})"
        G = C.make_model(GenerateurC, d, n, name=nom)
        C.expect(lire_tailles(G, nom) == (d, n),
                 f"`{nom}` doit garder dim_latente = {d} et n_classes = {n} dans les attributs "
                 "`self.dim_latente` et `self.n_classes`.")
        for echelle in (1.0, 40.0):
            z = echelle * torch.randn(6, d, generator=g)
            y = torch.randint(0, n, (6,), generator=g)
            out = C.as_tensor(C.call(G, z, y, name=nom), f"{nom}(z, y)")
            C.expect_shape(out, (6, 1, 28, 28), name=f"{nom}(z, y) pour z de forme (6, {d})")
            C.expect(bool(torch.isfinite(out).all()) and float(out.abs().max()) <= 1.0,
                     f"`{nom}(z, y)` sort de [−1, 1] (ou n'est pas fini) pour un z de grande "
                     "norme.", hint="terminez G par un tanh.")


@check(hidden=True)
def generateur_entree_concatenee(GenerateurC):
    g = torch.Generator().manual_seed(2)
    for args, d, n in (((), 32, 10), ((6, 4), 6, 4), ((3, 7), 3, 7)):
        nom = f"GenerateurC({', '.join(map(str, args))})"
        G = C.make_model(GenerateurC, *args, name=nom)
        z = torch.randn(9, d, generator=g)
        y = torch.tensor([0, n - 1, 1, 2 % n, n - 1, 0, 3 % n, 1, (5 % n)])
        entree = entree_premiere_couche(G, z, y, False, nom)
        ou = f"l'entrée de la première couche à paramètres de {nom}"
        C.expect(entree.dim() in (2, 4) and entree.shape[0] == 9
                 and entree[0].numel() == d + n,
                 f"{ou} n'a pas la forme (B, dim_latente + n_classes) ou "
                 f"(B, dim_latente + n_classes, 1, 1) : reçu {list(entree.shape)} pour B = 9, "
                 f"dim_latente = {d}, n_classes = {n}.",
                 hint="la première couche reçoit torch.cat([z, F.one_hot(y, n_classes).float()], "
                      "dim=1) ; pas de nn.Embedding ni d'étiquette sous forme d'un seul nombre.")
        plat = entree.reshape(9, d + n).double()
        C.expect_close(plat[:, :d], z.double(), name=f"{ou}, composantes 0 à dim_latente − 1",
                       rtol=1e-5, atol=1e-6,
                       hint="z d'abord, puis le one-hot : torch.cat([z, onehot], dim=1).")
        C.expect_close(plat[:, d:], F.one_hot(y, n).double(),
                       name=f"{ou}, les n_classes dernières composantes", rtol=0.0, atol=1e-6,
                       hint="les n_classes dernières composantes sont F.one_hot(y, n_classes) "
                            "(1 à l'indice y, 0 ailleurs), placées après z.")


@check(hidden=True)
def generateur_depend_de_y(GenerateurC):
    G = C.make_model(GenerateurC, name="GenerateurC()")

    @C.probe
    def comparer(G, z, y1, y2):
        G.eval()
        with torch.no_grad():
            return G(z, y1) - G(z, y2)

    z = torch.randn(10, 32, generator=torch.Generator().manual_seed(3))
    y1 = torch.arange(10)
    ecart = C.as_tensor(C.call(comparer, G, z, y1, (y1 + 3) % 10, name="GenerateurC()"),
                        "G(z, y) − G(z, y′)")
    C.expect(bool((ecart.abs() > 1e-6).any()),
             "Avec le même z, `GenerateurC()` produit la même image pour deux étiquettes "
             "différentes : l'étiquette n'est pas prise en compte.",
             hint="concaténez F.one_hot(y, n_classes) à z à l'entrée du réseau.")


@check(hidden=True)
def generateur_sans_melange(GenerateurC):
    G = C.make_model(GenerateurC, name="GenerateurC()")

    @C.probe
    def par_morceaux(G, z, y):
        G.eval()
        with torch.no_grad():
            tout = G(z, y)
            morceaux = torch.cat([G(z[:5], y[:5]), G(z[5:], y[5:])])
        return tout, morceaux

    g = torch.Generator().manual_seed(4)
    z = torch.randn(12, 32, generator=g)
    y = torch.randint(0, 10, (12,), generator=g)
    tout, morceaux = C.call(par_morceaux, G, z, y, name="GenerateurC()")
    tout = C.as_tensor(tout, "G(z, y)")
    C.expect(bool((tout[1:] - tout[:1]).abs().amax() > 1e-6),
             "`GenerateurC()` produit la même image pour des z différents.",
             hint="z doit entrer dans le réseau, concaténé au one-hot de y.")
    C.expect_close(tout, C.as_tensor(morceaux, "G(z, y) par morceaux"),
                   name="GenerateurC() en mode eval : un lot entier contre deux sous-lots",
                   rtol=1e-4, atol=1e-5,
                   hint="en mode eval, l'image i ne dépend que de (z_i, y_i) : pas de "
                        "statistique calculée sur le lot.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (le discriminateur conditionnel).** Compléter le module
# `DiscriminateurC(n_classes=10)` (d'autres arguments, avec des valeurs par défaut, sont
# permis) :
#
# - un plongement `self.embedding_label = nn.Embedding(n_classes, 28 * 28)` (c'est le nom
#   qu'utilise le correcteur) ;
# - `forward(x, y)`, avec `x` de forme `(B, 1, 28, 28)` et `y` de forme `(B,)` (`int64`) :
#   la ligne `y` du plongement, remise en forme `(B, 1, 28, 28)` (`view` ou `unflatten`), est
#   **concaténée** à l'image comme **canal 1**, après l'image (canal 0) ; ce tenseur
#   `(B, 2, 28, 28)` est l'entrée de la **première** `nn.Conv2d` du réseau (2 canaux
#   d'entrée) ;
# - le résultat est de forme `(B,)` : des **logits** réels, sans sigmoïde
#   ($D(x, y) = \sigma(\text{logit})$ n'est jamais calculé explicitement ; les pertes de la
#   question 3 utilisent `F.binary_cross_entropy_with_logits`).
#
# Le reste est libre (par exemple, comme au § 8.6 : deux convolutions de pas 2 avec
# LeakyReLU(0,2), 8 puis 16 canaux, puis une couche linéaire vers un logit ; un $D$ trop
# puissant écrase $G$ sous le petit budget de la question 4).

# %%
class DiscriminateurC(nn.Module):
    """D(x, y) : (B, 1, 28, 28) × (B,) → (B,) logits."""

    def __init__(self, n_classes: int = 10):
        super().__init__()
        self.n_classes = n_classes
        # BEGIN SOLUTION
        self.embedding_label = nn.Embedding(n_classes, 28 * 28)
        self.reseau = nn.Sequential(
            nn.Conv2d(2, 8, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(8, 16, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(16 * 7 * 7, 1))
        # END SOLUTION

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        canal = self.embedding_label(y).view(len(y), 1, 28, 28)
        return self.reseau(torch.cat([x, canal], dim=1)).squeeze(1)
        # END SOLUTION


# %%
print(DiscriminateurC()(torch.rand(4, 1, 28, 28) * 2 - 1, torch.tensor([0, 3, 7, 9])))


# %%
@helper
def discriminateur_avec_plongement(DiscriminateurC, n, graine):
    """DiscriminateurC(n) dont le plongement `embedding_label` reçoit des valeurs connues du
    correcteur ; renvoie le modèle et ces valeurs."""
    nom = f"DiscriminateurC({n})"
    D = C.make_model(DiscriminateurC, n, name=nom)
    W = torch.randn(n, 28 * 28, generator=torch.Generator().manual_seed(graine))

    @C.probe
    def fixer(D, W):
        plongement = getattr(D, "embedding_label", None)
        assert isinstance(plongement, nn.Embedding), \
            "le discriminateur n'a pas d'attribut `embedding_label` de type nn.Embedding"
        assert tuple(plongement.weight.shape) == tuple(W.shape), \
            f"embedding_label doit être nn.Embedding(n_classes, 28 * 28), de poids " \
            f"{tuple(W.shape)} (reçu {tuple(plongement.weight.shape)})"
        with torch.no_grad():
            plongement.weight.copy_(W)

    C.call(fixer, D, W, name=f"{nom}.embedding_label")
    return D, W


@check
def discriminateur_forme(DiscriminateurC):
    g = torch.Generator().manual_seed(5)
    for args, n in (((), 10), ((3,), 3)):
        nom = f"DiscriminateurC({', '.join(map(str, args))})"
        D = C.make_model(DiscriminateurC, *args, name=nom)
        x = torch.rand(6, 1, 28, 28, generator=g) * 2 - 1
        y = torch.randint(0, n, (6,), generator=g)
        out = C.as_tensor(C.call(D, x, y, name=nom), f"{nom}(x, y)")
        C.expect_shape(out, (6,), name=f"{nom}(x, y) pour x de forme (6, 1, 28, 28)",
                       hint="un logit par image : .squeeze(1) (ou .view(-1)) à la fin.")
    discriminateur_avec_plongement(DiscriminateurC, 10, 6)


@check(hidden=True)
def discriminateur_canal_label(DiscriminateurC):
    g = torch.Generator().manual_seed(7)
    for n in (10, 4):
        nom = f"DiscriminateurC({n})"
        D, W = discriminateur_avec_plongement(DiscriminateurC, n, 8 + n)
        x = torch.rand(7, 1, 28, 28, generator=g) * 2 - 1
        y = torch.tensor([0, n - 1, 2, 1, n - 1, 3, 0])
        entree = entree_premiere_couche(D, x, y, True, nom)
        ou = f"l'entrée de la première nn.Conv2d de {nom}"
        C.expect_shape(entree, (7, 2, 28, 28), name=ou,
                       hint="concaténez l'image et le plongement de l'étiquette sur la "
                            "dimension des canaux (dim=1) : 2 canaux d'entrée.")
        C.expect_close(entree[:, 0].double(), x[:, 0].double(), name=f"{ou}, canal 0",
                       rtol=1e-6, atol=1e-6, hint="le canal 0 est l'image x elle-même.")
        C.expect_close(entree[:, 1].double(), W[y].view(7, 28, 28).double(),
                       name=f"{ou}, canal 1", rtol=1e-5, atol=1e-6,
                       hint="le canal 1 est embedding_label(y) remis en forme (B, 1, 28, 28), "
                            "concaténé après l'image (ni ajouté à l'image, ni placé avant).")


@check(hidden=True)
def discriminateur_depend_de_y(DiscriminateurC):
    D, _ = discriminateur_avec_plongement(DiscriminateurC, 10, 9)

    @C.probe
    def comparer(D, x, y1, y2):
        D.eval()
        with torch.no_grad():
            return D(x, y1) - D(x, y2)

    x = torch.rand(10, 1, 28, 28, generator=torch.Generator().manual_seed(10)) * 2 - 1
    y1 = torch.arange(10)
    ecart = C.as_tensor(C.call(comparer, D, x, y1, (y1 + 5) % 10, name="DiscriminateurC()"),
                        "D(x, y) − D(x, y′)")
    C.expect(bool((ecart.abs() > 1e-6).any()),
             "Pour la même image, `DiscriminateurC()` donne le même score à deux étiquettes "
             "différentes : l'étiquette n'est pas prise en compte.",
             hint="le plongement de y doit entrer dans le réseau comme canal 1.")


@check(hidden=True)
def discriminateur_logits(DiscriminateurC):
    D, _ = discriminateur_avec_plongement(DiscriminateurC, 10, 11)

    @C.probe
    def scores(D, x, y):
        D.eval()
        with torch.no_grad():
            return D(x, y)

    g = torch.Generator().manual_seed(12)
    sorties = []
    for echelle in (1.0, 30.0, 300.0):
        x = echelle * torch.randn(32, 1, 28, 28, generator=g)
        y = torch.randint(0, 10, (32,), generator=g)
        sorties.append(C.as_tensor(C.call(scores, D, x, y, name="DiscriminateurC()"),
                                   "D(x, y)").reshape(-1))
    tout = torch.cat(sorties).double()
    C.expect(bool(torch.isfinite(tout).all()),
             "`DiscriminateurC()` renvoie des valeurs non finies.")
    C.expect(bool(((tout < 0) | (tout > 1)).any()),
             "Les sorties de `DiscriminateurC()` restent dans [0, 1] même pour des entrées de "
             "grande norme : ce sont des probabilités, pas des logits.",
             hint="retirez la sigmoïde finale : les pertes utilisent "
                  "binary_cross_entropy_with_logits, qui l'applique elle-même.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 (pertes et entraînement).**
#
# 1. `perte_discriminateur(D, reels, faux, y_reels, y_faux)` renvoie le tenseur 0-d
#    (différentiable par rapport aux paramètres de `D`)
#    $$L_D = \mathrm{BCE}\big(D(\text{reels}, y_{reels}), 1\big) +
#    \mathrm{BCE}\big(D(\text{faux}, y_{faux}), 0\big),$$
#    somme des **deux moyennes** (sur leurs lots) de l'entropie croisée binaire avec logits,
#    comme `loss_D = loss_D_real + loss_D_fake` au § 8.7.
# 2. `perte_generateur(D, faux, y_faux)` renvoie la perte **non saturante**
#    $L_G = \mathrm{BCE}\big(D(\text{faux}, y_{faux}), 1\big)$ (moyenne sur le lot),
#    différentiable par rapport à `faux` (donc aux paramètres de $G$).
# 3. `entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr, generateur)` entraîne
#    `G` et `D` en place et renvoie le couple `(pertes_d, pertes_g)` de deux **listes de
#    flottants Python** de longueur `epoques` : pour chaque époque, la moyenne (non pondérée)
#    sur ses lots des valeurs de $L_D$ et de $L_G$. Le protocole est imposé (le correcteur
#    le rejoue exactement avec ses propres petits modèles) :
#    - deux optimiseurs `torch.optim.Adam(..., lr=lr, betas=(0.5, 0.999))`, l'un pour les
#      paramètres de `D`, l'autre pour ceux de `G`, créés une fois au début ;
#    - à chaque époque, un ordre aléatoire `torch.randperm(N, generator=generateur)` des
#      `N = len(images)` exemples, découpé en lots consécutifs de `taille_lot` (le dernier
#      peut être plus petit : `.split(taille_lot)`) ;
#    - pour chaque lot de taille `B` : tirer **d'abord**
#      `z = torch.randn(B, G.dim_latente, generator=generateur)`, **puis**
#      `y_faux = torch.randint(0, G.n_classes, (B,), generator=generateur)` ; calculer
#      `faux = G(z, y_faux)` ; **un pas de D** sur `perte_discriminateur(D, reels,
#      faux.detach(), y_reels, y_faux)` (les faux sont **détachés** : ce pas ne touche pas à
#      `G`) ; puis **un pas de G** sur `perte_generateur(D, faux, y_faux)` (les mêmes faux,
#      jugés par le `D` qui vient d'être mis à jour) ; remettre à zéro les gradients de
#      chaque optimiseur avant son `backward` ;
#    - **aucun autre tirage** : ni `torch.randn` sans `generator=`, ni `torch.manual_seed`.

# %%
def perte_discriminateur(D: nn.Module, reels: torch.Tensor, faux: torch.Tensor,
                         y_reels: torch.Tensor, y_faux: torch.Tensor) -> torch.Tensor:
    """L_D = BCE(D(reels, y_reels), 1) + BCE(D(faux, y_faux), 0), avec logits."""
    # BEGIN SOLUTION
    logits_reels = D(reels, y_reels)
    logits_faux = D(faux, y_faux)
    return (F.binary_cross_entropy_with_logits(logits_reels, torch.ones_like(logits_reels))
            + F.binary_cross_entropy_with_logits(logits_faux, torch.zeros_like(logits_faux)))
    # END SOLUTION


def perte_generateur(D: nn.Module, faux: torch.Tensor, y_faux: torch.Tensor) -> torch.Tensor:
    """L_G = BCE(D(faux, y_faux), 1) : perte non saturante, avec logits."""
    # BEGIN SOLUTION
    logits_faux = D(faux, y_faux)
    return F.binary_cross_entropy_with_logits(logits_faux, torch.ones_like(logits_faux))
    # END SOLUTION


def entrainer_cgan(G: nn.Module, D: nn.Module, images: torch.Tensor, etiquettes: torch.Tensor,
                   epoques: int, taille_lot: int, lr: float,
                   generateur: torch.Generator) -> tuple[list[float], list[float]]:
    """Un pas de D puis un pas de G par lot ; pertes moyennes par époque."""
    # BEGIN SOLUTION
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
    pertes_d, pertes_g = [], []
    for _ in range(epoques):
        lots = torch.randperm(len(images), generator=generateur).split(taille_lot)
        somme_d = somme_g = 0.0
        for idx in lots:
            reels, y_reels = images[idx], etiquettes[idx]
            z = torch.randn(len(idx), G.dim_latente, generator=generateur)
            y_faux = torch.randint(0, G.n_classes, (len(idx),), generator=generateur)
            faux = G(z, y_faux)
            perte_d = perte_discriminateur(D, reels, faux.detach(), y_reels, y_faux)
            opt_d.zero_grad()
            perte_d.backward()
            opt_d.step()
            perte_g = perte_generateur(D, faux, y_faux)
            opt_g.zero_grad()
            perte_g.backward()
            opt_g.step()
            somme_d += perte_d.item()
            somme_g += perte_g.item()
        pertes_d.append(somme_d / len(lots))
        pertes_g.append(somme_g / len(lots))
    return pertes_d, pertes_g
    # END SOLUTION


# %%
@helper
def petits_modeles(ancre, d, n, graine):
    """Un petit G et un petit D du correcteur (linéaires), construits là où `ancre` vit, et
    les mêmes construits ici (l'oracle). Le petit D note, à chaque appel, si son entrée
    requiert un gradient (`appels`)."""
    @C.probe
    def fabrique(quoi, d, n, graine):
        class PetitG(nn.Module):
            def __init__(self):
                super().__init__()
                self.dim_latente, self.n_classes = d, n
                self.lineaire = nn.Linear(d + n, 28 * 28)

            def forward(self, z, y):
                h = torch.cat([z, F.one_hot(y, self.n_classes).to(z.dtype)], dim=1)
                return torch.tanh(self.lineaire(h)).view(len(z), 1, 28, 28)

        class PetitD(nn.Module):
            def __init__(self):
                super().__init__()
                self.lineaire = nn.Linear(28 * 28, 1)
                self.biais_classe = nn.Embedding(n, 1)
                self.appels = []

            def forward(self, x, y):
                self.appels.append(bool(x.requires_grad))
                return self.lineaire(x.flatten(1)).squeeze(1) + self.biais_classe(y).squeeze(1)

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(graine)
            G, D = PetitG(), PetitD()
            with torch.no_grad():
                D.biais_classe.weight.normal_(0.0, 0.5)
        return G if quoi == "G" else D

    ici = (fabrique("G", d, n, graine), fabrique("D", d, n, graine))
    la = (C.build_where(ancre, fabrique, "G", d, n, graine),
          C.build_where(ancre, fabrique, "D", d, n, graine))
    return la, ici


@helper
def pertes_oracle(D, reels, faux, y_reels, y_faux):
    """L_D et L_G de l'énoncé, en float64, par softplus : BCE(l, 1) = softplus(−l),
    BCE(l, 0) = softplus(l)."""
    l_r, l_f = D(reels, y_reels).double(), D(faux, y_faux).double()
    return F.softplus(-l_r).mean() + F.softplus(l_f).mean(), F.softplus(-l_f).mean()


@helper
def donnees_jouet(n, N, graine):
    g = torch.Generator().manual_seed(graine)
    images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
    etiquettes = torch.randint(0, n, (N,), generator=g)
    return images, etiquettes


@helper
def comparer_pertes(perte_discriminateur, perte_generateur, graine, echelle, reveal):
    """Les deux pertes (valeurs, forme 0-d, gradients) sur le petit D du correcteur, contre
    l'oracle calculé ici avec le même D."""
    (_, D), (_, D_ici) = petits_modeles(perte_discriminateur, 4, 3, graine)
    reels, y_reels = donnees_jouet(3, 6, graine + 1)
    faux, y_faux = donnees_jouet(3, 5, graine + 2)
    reels, faux = echelle * reels, echelle * faux

    @C.probe
    def evaluer(perte_discriminateur, perte_generateur, D, reels, faux, y_reels, y_faux):
        D.zero_grad()
        l_d = perte_discriminateur(D, reels, faux, y_reels, y_faux)
        l_d.backward()
        grad_d = D.lineaire.weight.grad.detach().clone()
        D.zero_grad()
        f = faux.clone().requires_grad_(True)
        l_g = perte_generateur(D, f, y_faux)
        (grad_f,) = torch.autograd.grad(l_g, f)
        return (tuple(l_d.shape), float(l_d), grad_d, tuple(l_g.shape), float(l_g),
                grad_f.detach().clone())

    forme_d, l_d, grad_d, forme_g, l_g, grad_f = C.call(
        evaluer, perte_discriminateur, perte_generateur, D, reels, faux, y_reels, y_faux,
        name="perte_discriminateur / perte_generateur")
    C.expect(tuple(forme_d) == () and tuple(forme_g) == (),
             "`perte_discriminateur` et `perte_generateur` doivent renvoyer des tenseurs 0-d "
             f"(reçu des formes {list(forme_d)} et {list(forme_g)}).",
             hint="moyenne sur le lot (reduction='mean', le défaut).")
    attendu_d, _ = pertes_oracle(D_ici, reels, faux, y_reels, y_faux)
    D_ici.zero_grad()
    attendu_d.backward()
    attendu_grad_d = D_ici.lineaire.weight.grad.detach().clone()
    f = faux.clone().requires_grad_(True)
    _, attendu_g = pertes_oracle(D_ici, reels, f, y_reels, y_faux)
    (attendu_grad_f,) = torch.autograd.grad(attendu_g, f)
    quoi = "" if echelle == 1 else " pour des logits de grande valeur absolue"
    C.expect_scalar_close(l_d, attendu_d.item(), name=f"perte_discriminateur(...){quoi}",
                          rtol=1e-4, atol=1e-5, reveal=reveal,
                          hint="BCE avec logits : cible 1 pour les réels, 0 pour les faux ; "
                               "somme des deux moyennes ; pas de sigmoïde puis log (instable).")
    C.expect_close(grad_d.double(), attendu_grad_d.double(),
                   name=f"gradient de perte_discriminateur par rapport aux poids de D{quoi}",
                   rtol=1e-3, atol=1e-6,
                   hint="la perte doit rester un tenseur du graphe (pas de .item()).")
    C.expect_scalar_close(l_g, attendu_g.item(), name=f"perte_generateur(...){quoi}",
                          rtol=1e-4, atol=1e-5, reveal=reveal,
                          hint="perte non saturante : BCE(D(faux, y_faux), 1), soit "
                               "−log σ(logit) en moyenne, et non log(1 − σ(logit)).")
    C.expect_close(grad_f.double(), attendu_grad_f.double(),
                   name=f"gradient de perte_generateur par rapport aux faux{quoi}",
                   rtol=1e-3, atol=1e-7,
                   hint="ne détachez pas les faux dans perte_generateur : G apprend par ce "
                        "gradient.")


@check
def pertes_exemple(perte_discriminateur, perte_generateur):
    comparer_pertes(perte_discriminateur, perte_generateur, 20, 1.0, True)


@check(hidden=True)
def pertes_contre_oracle(perte_discriminateur, perte_generateur):
    comparer_pertes(perte_discriminateur, perte_generateur, 21, 1.0, False)
    comparer_pertes(perte_discriminateur, perte_generateur, 22, 400.0, False)


@helper
def entrainement_oracle(G, D, images, etiquettes, epoques, taille_lot, lr, graine):
    """Le protocole de l'énoncé, rejoué ici sur les petits modèles du correcteur."""
    gen = torch.Generator().manual_seed(graine)
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
    pertes_d, pertes_g = [], []
    for _ in range(epoques):
        lots = torch.randperm(len(images), generator=gen).split(taille_lot)
        s_d = s_g = 0.0
        for idx in lots:
            z = torch.randn(len(idx), G.dim_latente, generator=gen)
            y_f = torch.randint(0, G.n_classes, (len(idx),), generator=gen)
            faux = G(z, y_f)
            l_d, _ = pertes_oracle(D, images[idx], faux.detach(), etiquettes[idx], y_f)
            opt_d.zero_grad()
            l_d.backward()
            opt_d.step()
            l_g = F.softplus(-D(faux, y_f)).mean()
            opt_g.zero_grad()
            l_g.backward()
            opt_g.step()
            s_d, s_g = s_d + l_d.item(), s_g + l_g.item()
        pertes_d.append(s_d / len(lots))
        pertes_g.append(s_g / len(lots))
    return pertes_d, pertes_g


@helper
def lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr,
                        graine, etats):
    """entrainer_cgan(G, D, ...) là où il vit, avec un générateur initialisé par graine ;
    renvoie le résultat, les types de ses éléments (lus là-bas), les états de G et D après
    l'entraînement (si etats) et les appels notés par un petit D du correcteur."""
    @C.probe
    def lancer(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine,
               etats):
        res = entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr,
                             torch.Generator().manual_seed(graine))
        if isinstance(res, list | tuple):
            types = [type(res).__name__] + [
                type(p).__name__ if not isinstance(p, list | tuple)
                else [type(v).__name__ for v in p] for p in res]
        else:
            types = [type(res).__name__]
        if not etats:
            return res, types, None, None, None
        etat_g = {k: v.detach().clone() for k, v in G.state_dict().items()}
        etat_d = {k: v.detach().clone() for k, v in D.state_dict().items()}
        return res, types, etat_g, etat_d, list(getattr(D, "appels", []))

    return C.call(lancer, entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr,
                  graine, etats, name="entrainer_cgan")


@helper
def lancer_petit_entrainement(entrainer_cgan, graine, epoques, taille_lot, lr):
    """entrainer_cgan sur les petits modèles du correcteur (13 images, 4 classes), et
    l'oracle : (pertes, états de G et D) du protocole de l'énoncé."""
    (G, D), (G_ici, D_ici) = petits_modeles(entrainer_cgan, 3, 4, graine)
    images, etiquettes = donnees_jouet(4, 13, graine + 1)
    obtenu = lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot,
                                 lr, graine + 2, True)
    attendu = entrainement_oracle(G_ici, D_ici, images, etiquettes, epoques, taille_lot, lr,
                                  graine + 2)
    return obtenu, (attendu, G_ici.state_dict(), D_ici.state_dict())


@helper
def pertes_par_epoque(res, types, epoques):
    """(pertes_d, pertes_g) en tenseurs, après vérification de la forme du résultat."""
    forme = (f"un couple (pertes_d, pertes_g) de deux listes de {epoques} flottants Python")
    C.expect(isinstance(res, list | tuple) and len(res) == 2 and types[0] in ("tuple", "list"),
             f"`entrainer_cgan` doit renvoyer {forme}.")
    for nom, t in (("pertes_d", types[1]), ("pertes_g", types[2])):
        C.expect(isinstance(t, list) and len(t) == epoques,
                 f"`{nom}` doit être une liste de {epoques} valeurs (une par époque).")
        autres = sorted({x for x in t if x != "float"})
        C.expect(not autres, f"`{nom}` doit contenir des flottants Python, reçu des éléments de "
                 f"type {', '.join(autres)}.", hint="convertissez avec .item() ou float(...).")
    return (C.as_tensor(list(res[0]), "pertes_d").double(),
            C.as_tensor(list(res[1]), "pertes_g").double())


@check
def entrainement_format(entrainer_cgan, GenerateurC, DiscriminateurC):
    G = C.make_model(GenerateurC, name="GenerateurC()")
    D = C.make_model(DiscriminateurC, name="DiscriminateurC()")
    images, etiquettes = donnees_jouet(10, 40, 30)
    res, types, _, _, _ = lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, 2, 16,
                                              2e-4, 0, False)
    p_d, p_g = pertes_par_epoque(res, types, 2)
    C.expect(bool(torch.isfinite(p_d).all() and torch.isfinite(p_g).all()),
             "Les pertes renvoyées par `entrainer_cgan` ne sont pas finies.")
    C.expect(bool((p_d > 0).all() and (p_g > 0).all()),
             "Les pertes d'un GAN (entropies croisées) sont positives : vérifiez les signes.")


@check(hidden=True)
def entrainement_contre_oracle(entrainer_cgan):
    for graine, epoques, taille_lot, lr in ((40, 2, 5, 0.01), (41, 3, 4, 0.003)):
        (res, types, etat_g, etat_d, _), (attendu, g_ici, d_ici) = lancer_petit_entrainement(
            entrainer_cgan, graine, epoques, taille_lot, lr)
        p_d, p_g = pertes_par_epoque(res, types, epoques)
        indice = ("protocole : Adam(lr, betas=(0.5, 0.999)) pour D et pour G créés une fois ; "
                  "à chaque époque randperm(N, generator=generateur) découpé par split(taille_lot)"
                  " ; par lot : z puis y_faux tirés avec generateur, un pas de D sur les faux "
                  "détachés, puis un pas de G sur les mêmes faux ; moyenne des pertes par "
                  "époque.")
        C.expect_close(p_d, torch.tensor(attendu[0], dtype=torch.float64),
                       name=f"pertes_d ({epoques} époques, lots de {taille_lot})",
                       rtol=1e-3, atol=1e-4, hint=indice)
        C.expect_close(p_g, torch.tensor(attendu[1], dtype=torch.float64),
                       name=f"pertes_g ({epoques} époques, lots de {taille_lot})",
                       rtol=1e-3, atol=1e-4, hint=indice)
        for quoi, etat, ici in (("G", etat_g, g_ici), ("D", etat_d, d_ici)):
            for k, v in ici.items():
                C.expect_close(C.as_tensor(etat[k], f"{quoi}.{k}").double(), v.double(),
                               name=f"paramètre {k} de {quoi} après entrainer_cgan",
                               rtol=1e-3, atol=2e-4, hint=indice)


@check(hidden=True)
def entrainement_faux_detaches(entrainer_cgan):
    epoques, taille_lot = 2, 5
    (_, _, _, _, appels), _ = lancer_petit_entrainement(entrainer_cgan, 42, epoques, taille_lot,
                                                        0.01)
    lots = epoques * -(-13 // taille_lot)
    avec_gradient = sum(bool(a) for a in appels)
    C.expect(avec_gradient == lots,
             f"Pendant l'entraînement ({lots} lots), D a reçu {avec_gradient} fois une entrée "
             f"reliée au graphe de G, au lieu d'une fois par lot (le pas de G).",
             hint="au pas de D, passez faux.detach() : ce pas ne doit pas rétropropager dans "
                  "G ; au pas de G, les faux ne sont pas détachés.")


@check(hidden=True)
def entrainement_generateur(entrainer_cgan):
    (G, D), _ = petits_modeles(entrainer_cgan, 3, 4, 43)
    images, etiquettes = donnees_jouet(4, 13, 44)

    @C.probe
    def sur_copies(entrainer_cgan, G, D, images, etiquettes, generateur):
        import copy

        G, D = copy.deepcopy(G), copy.deepcopy(D)
        res = entrainer_cgan(G, D, images, etiquettes, 2, 5, 0.01, generateur)
        return res, G.lineaire.weight.detach().clone()

    C.expect_generator_obeyed(sur_copies, entrainer_cgan, G, D, images, etiquettes,
                              name="entrainer_cgan", keyword="generateur",
                              hint="l'ordre des exemples (randperm), z et y_faux se tirent "
                                   "avec generator=generateur, et rien d'autre n'est tiré.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 5

# %% [markdown]
# **Question 4 (cohérence des classes).** Écrire `echantillons_par_classe(G, n_par_classe,
# generateur)` qui met `G` en mode `eval` et renvoie le couple `(images, classes)` :
# `classes = torch.arange(G.n_classes).repeat_interleave(n_par_classe)` (`n_par_classe`
# étiquettes 0, puis `n_par_classe` étiquettes 1, …), et `images = G(z, classes)` calculé
# sous `torch.no_grad()` avec `z = torch.randn(len(classes), G.dim_latente,
# generator=generateur)` (seul tirage).
#
# *Correction.* Le correcteur construit `GenerateurC()` et `DiscriminateurC()` (arguments par
# défaut), les entraîne avec **votre** `entrainer_cgan` sur les premières images du jeu
# d'entraînement (ramenées dans $[-1, 1]$), sous un petit budget (quelques secondes sur CPU),
# puis génère des images de chaque classe et les fait classer par **son propre classifieur**
# (entraîné sur les images réelles) : la fraction des images classées dans la classe
# demandée doit dépasser nettement le hasard (1/10), d'une marge calibrée sur la solution de
# référence. Un générateur qui ignore l'étiquette, ou un discriminateur qui l'ignore (il ne
# pénalise alors pas une image de la mauvaise classe), n'y parvient pas.

# %%
def echantillons_par_classe(G: nn.Module, n_par_classe: int,
                            generateur: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """n_par_classe images de chaque classe, G en mode eval, sans gradient."""
    # BEGIN SOLUTION
    classes = torch.arange(G.n_classes).repeat_interleave(n_par_classe)
    z = torch.randn(len(classes), G.dim_latente, generator=generateur)
    G.eval()
    with torch.no_grad():
        images = G(z, classes)
    return images, classes
    # END SOLUTION


# %%
@helper
def echantillons_petit_g(echantillons_par_classe, n_par_classe, graine):
    """echantillons_par_classe sur le petit G du correcteur (4 classes), et l'oracle."""
    (G, _), (G_ici, _) = petits_modeles(echantillons_par_classe, 3, 4, graine)

    @C.probe
    def lancer(echantillons_par_classe, G, n_par_classe, graine):
        G.train()
        images, classes = echantillons_par_classe(G, n_par_classe,
                                                   torch.Generator().manual_seed(graine))
        return images, classes, bool(G.training)

    images, classes, en_train = C.call(lancer, echantillons_par_classe, G, n_par_classe,
                                       graine + 1, name="echantillons_par_classe")
    attendues = torch.arange(4).repeat_interleave(n_par_classe)
    z = torch.randn(len(attendues), 3, generator=torch.Generator().manual_seed(graine + 1))
    with torch.no_grad():
        oracle = G_ici(z, attendues)
    return (C.as_tensor(images, "images"), C.as_tensor(classes, "classes"), en_train), \
        (oracle, attendues)


@check
def echantillons_exemple(echantillons_par_classe):
    (images, classes, en_train), (oracle, attendues) = echantillons_petit_g(
        echantillons_par_classe, 3, 50)
    C.expect_equal(classes.tolist(), attendues.tolist(),
                   name="classes (4 classes, n_par_classe = 3)", reveal=True,
                   hint="torch.arange(G.n_classes).repeat_interleave(n_par_classe).")
    C.expect_shape(images, (12, 1, 28, 28), name="images (4 classes, n_par_classe = 3)")
    C.expect(not en_train, "`echantillons_par_classe` doit mettre G en mode eval.")
    C.expect_close(images, oracle, name="images générées par un G du correcteur",
                   rtol=1e-4, atol=1e-5,
                   hint="z = torch.randn(len(classes), G.dim_latente, generator=generateur), "
                        "tiré une seule fois, puis G(z, classes).")


@check(hidden=True)
def echantillons_generateur(echantillons_par_classe):
    (G, _), _ = petits_modeles(echantillons_par_classe, 3, 4, 51)
    (images, _, _), (oracle, _) = echantillons_petit_g(echantillons_par_classe, 5, 52)
    C.expect_close(images, oracle, name="images générées par un G du correcteur (5 par classe)",
                   rtol=1e-4, atol=1e-5)

    @C.probe
    def appeler(echantillons_par_classe, G, n_par_classe, generateur):
        return echantillons_par_classe(G, n_par_classe, generateur)

    C.expect_generator_obeyed(appeler, echantillons_par_classe, G, 2,
                              name="echantillons_par_classe", keyword="generateur",
                              hint="z se tire avec generator=generateur, et rien d'autre.")


@helper
def classifieur_correcteur():
    """Le classifieur du correcteur : la moyenne de chaque classe des images réelles
    d'entraînement (dans [−1, 1]) ; une image va à la classe de la moyenne la plus proche."""
    x, y = data.tensors("fashion-mnist", "train")
    x = (x * 2 - 1).reshape(len(x), -1).double()
    return torch.stack([x[y == c].mean(0) for c in range(10)])


@check(hidden=True, points=3)
def coherence_des_classes(GenerateurC, DiscriminateurC, entrainer_cgan):
    b = C.budget("cgan")
    par_classe = 40

    @C.probe
    def entrainer_et_generer(GenerateurC, DiscriminateurC, entrainer_cgan, n, epoques,
                             taille_lot, lr, graine, par_classe):
        x, y = data.tensors("fashion-mnist", "train")
        x, y = x[:n] * 2 - 1, y[:n]
        C.seed_everything(graine)
        G, D = GenerateurC(), DiscriminateurC()
        entrainer_cgan(G, D, x, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))
        classes = torch.arange(10).repeat_interleave(par_classe)
        z = torch.randn(len(classes), G.dim_latente,
                        generator=torch.Generator().manual_seed(graine + 1))
        G.eval()
        with torch.no_grad():
            return G(z, classes).detach().float().cpu()

    images = C.as_tensor(C.call(entrainer_et_generer, GenerateurC, DiscriminateurC,
                                entrainer_cgan, b.train_size, b.epochs, b.batch_size, b.lr,
                                C.seed(), par_classe, name="entrainer_cgan"),
                         "images générées")
    C.expect_shape(images, (10 * par_classe, 1, 28, 28),
                   name="images générées après entraînement (40 par classe)")
    C.expect(bool(torch.isfinite(images).all()),
             "Après entraînement, le générateur produit des valeurs non finies.")
    moyennes = classifieur_correcteur()
    distances = torch.cdist(images.reshape(len(images), -1).double(), moyennes)
    classes = torch.arange(10).repeat_interleave(par_classe)
    score = float((distances.argmin(dim=1) == classes).double().mean())
    C.expect_accuracy(score, b, name="fraction des images générées classées dans la classe "
                                     "demandée",
                      hint="G doit recevoir le one-hot de y, D le plongement de y comme canal "
                           "supplémentaire ; les faux du pas de D sont détachés et leurs "
                           "étiquettes tirées au hasard dans toutes les classes.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Illustration : échantillons par classe
#
# La cellule suivante entraîne le cGAN sur 2000 images pendant 10 époques (une vingtaine de
# secondes), trace les pertes par époque et une grille d'échantillons : une ligne par classe.

# %% tags=["demo"]
torch.manual_seed(0)
G_demo, D_demo = GenerateurC(), DiscriminateurC()
pertes_d, pertes_g = entrainer_cgan(G_demo, D_demo, images_entrainement, etiquettes_entrainement,
                                    10, 64, 4e-3, torch.Generator().manual_seed(0))
grille, _ = echantillons_par_classe(G_demo, 8, torch.Generator().manual_seed(1))
fig, axes = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [1, 1.2]})
axes[0].plot(pertes_d, marker="o", label="$L_D$")
axes[0].plot(pertes_g, marker="o", label="$L_G$")
axes[0].set_xlabel("époque")
axes[0].legend()
tuiles = grille.reshape(10, 8, 28, 28).permute(0, 2, 1, 3).reshape(10 * 28, 8 * 28)
axes[1].imshow((tuiles + 1) / 2, cmap="gray")
axes[1].set_title("une ligne par classe (0 à 9)")
axes[1].axis("off")
plt.show()
plt.close(fig)

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** Qu'apporte le conditionnement par rapport au DCGAN du § 8.7
# (contrôle de ce qui est généré, rôle de $D$ qui voit le couple image–étiquette) ? Pourquoi
# faut-il conditionner **aussi** $D$ ? Observez la grille : chaque ligne montre-t-elle de la
# diversité, ou un **mode collapse par classe** (définition 8.6) ? Comment le détecter et le
# limiter ? Les données étant un substitut synthétique, que faudrait-il vérifier sur le vrai
# Fashion-MNIST ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **Contrôle** : le DCGAN tire une image d'une classe quelconque ; le cGAN
# apprend $p(x \mid y)$ et l'on choisit la classe à l'échantillonnage (génération ciblée,
# augmentation de données par classe). **D conditionné** : si $D$ ne voit que l'image, une
# image réaliste de la classe 3 demandée comme classe 7 n'est pas pénalisée ; $G$ n'a alors
# aucun intérêt à utiliser $y$ et l'ignore (l'équilibre de (8.17) impose
# $p_g(x \mid y) = p_{\text{data}}(x \mid y)$ seulement si $D$ dépend de $y$). Le plongement
# comme canal supplémentaire laisse la première convolution combiner pixels et étiquette dès
# la première couche. **Mode collapse par classe** : dans une ligne, des images presque
# identiques (variance faible entre échantillons d'une même classe alors que $z$ change) ;
# on le mesure par la diversité intra-classe (distance moyenne entre paires, comparée à celle
# des vraies images de la classe), ou par une FID par classe. Remèdes : pertes non
# saturantes, minibatch discrimination, WGAN-GP (§ 8.4), plus de pas ou un $D$ moins
# puissant, taux d'apprentissage plus faibles. **Données** : le substitut n'a qu'un prototype
# bruité par classe, ce qui rend la tâche facile et le collapse peu visible ; il faudrait
# refaire l'entraînement sur le vrai Fashion-MNIST (plus d'époques, plusieurs graines) et
# mesurer la cohérence avec un classifieur entraîné sur les vraies images.
