# %% [markdown]
# # Exercice 7.4 (⋆⋆⋆) — Implémentation d'un Vision Transformer (ViT)
#
# Le **Vision Transformer** (Dosovitskiy et al., 2020 ; section 7.5 du cours) applique
# l'encodeur du Transformer à une image découpée en morceaux. D'après la définition 7.8
# (*patch embedding*), une image $x \in \mathbb{R}^{H \times W \times C}$ est découpée en
# $N = HW/P^2$ **patchs** de taille $P \times P$, chacun aplati (un vecteur de $P^2 C$ nombres)
# et projeté linéairement :
#
# $$z_0 = \big[\,[\mathrm{CLS}];\; x^p_1 E;\; x^p_2 E;\; \dots;\; x^p_N E\,\big] + E_{pos}
# \qquad (7.12)$$
#
# où $E \in \mathbb{R}^{P^2 C \times d_{model}}$ est la matrice de projection (ici avec un
# biais) et $E_{pos} \in \mathbb{R}^{(N+1) \times d_{model}}$ l'encodage positionnel **appris**.
# Le jeton spécial $[\mathrm{CLS}]$, lui aussi appris, joue le rôle d'agrégateur : sa
# représentation finale sert à la classification (remarque 7.9).
#
# L'exercice du cours demande de modifier le code de la section 7.8 (le classifieur de
# séquences à blocs **Pre-Norm**) pour en faire un ViT : (1) un `PatchEmbedding` qui découpe
# une image $32 \times 32 \times 3$ en patchs $8 \times 8$ ; (2) un jeton $[\mathrm{CLS}]$
# appris ; (3) l'entraînement sur CIFAR-10 et la précision obtenue.
#
# **Conventions.** Les images sont des tenseurs `(B, C, H, W)` (le lot d'abord, puis les
# canaux, comme dans PyTorch) ; les séquences de jetons sont rangées **le lot d'abord** :
# `(B, n, d_model)`. Pas de dropout (ou un dropout de 0) nulle part. La correction convertit
# vos modules en `float64` (`.double()`) pour les comparer : n'imposez aucun type flottant dans
# `forward`.
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
# **Question 1 (le découpage en patchs).** Écrire le module
# `PatchEmbedding(taille_patch=8, canaux=3, d_model=64)` :
#
# - `forward(x)` reçoit `x` de forme `(B, canaux, H, W)` et renvoie les jetons des patchs, de
#   forme `(B, N, d_model)` avec $N = (H/P)(W/P)$, $P$ = `taille_patch` ; $H$ et $W$ peuvent
#   différer (image non carrée) ;
# - **ordre des patchs : ligne par ligne** (*row-major*) : le patch de la ligne $i$ et de la
#   colonne $j$ de la grille (pixels $iP \dots iP+P-1$ en hauteur, $jP \dots jP+P-1$ en
#   largeur) donne le jeton d'indice $i \cdot (W/P) + j$ ;
# - chaque patch est aplati puis projeté par **la même** application affine
#   $x^p \mapsto x^p E + b$ ($E$ de taille $P^2 C \times d_{model}$, un biais $b$ de taille
#   $d_{model}$) : le module a exactement $P^2 C\, d_{model} + d_{model}$ paramètres. L'ordre
#   des $P^2 C$ nombres d'un patch dans le vecteur aplati est libre (il ne fait que permuter les
#   lignes de $E$) : une `nn.Conv2d(canaux, d_model, kernel_size=P, stride=P)` convient, comme
#   un découpage par `unfold` ou `reshape`/`permute` suivi d'une `nn.Linear(P * P * canaux,
#   d_model)` ;
# - si $H$ ou $W$ n'est pas un multiple de $P$, `forward` lève une **`ValueError`** (une
#   convolution de pas $P$ ignorerait silencieusement les derniers pixels).
#
# La correction vérifie les formes pour plusieurs $(P, C, H, W, d_{model})$, que modifier un
# seul patch ne change que son jeton (à l'indice attendu), qu'un même contenu donne le même
# jeton à toutes les positions et que l'application est affine.

# %%
class PatchEmbedding(nn.Module):
    """(B, C, H, W) → (B, N, d_model) : patchs P × P aplatis et projetés, ligne par ligne."""

    def __init__(self, taille_patch: int = 8, canaux: int = 3, d_model: int = 64):
        super().__init__()
        # BEGIN SOLUTION
        self.taille_patch = taille_patch
        self.projection = nn.Conv2d(canaux, d_model, kernel_size=taille_patch,
                                    stride=taille_patch)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        P = self.taille_patch
        _, _, H, W = x.shape
        if H % P != 0 or W % P != 0:
            raise ValueError(f"image {H} × {W} : H et W doivent être des multiples de "
                             f"taille_patch = {P}")
        return self.projection(x).flatten(2).transpose(1, 2)
        # END SOLUTION


# %%
print(PatchEmbedding()(torch.rand(2, 3, 32, 32)).shape)
print(PatchEmbedding(4, 1, 10)(torch.rand(2, 1, 8, 12)).shape)

# %%
@helper
def plongement_en_double(PatchEmbedding, P, c, d):
    """Le module de l'étudiant construit par mots-clés, converti en float64."""
    label = f"PatchEmbedding(taille_patch={P}, canaux={c}, d_model={d})"
    module = C.make_model(PatchEmbedding, taille_patch=P, canaux=c, d_model=d, name=label)
    return C.call(module.double, name=f"{label}.double"), label


@check
def patchs_formes(PatchEmbedding):
    module = C.make_model(PatchEmbedding, 8, 3, 64, name="PatchEmbedding(8, 3, 64)")
    out = C.forward(module, torch.rand(2, 3, 32, 32), name="PatchEmbedding(8, 3, 64)")
    C.expect_shape(out, (2, 16, 64), name="PatchEmbedding(8, 3, 64)(x) pour x de forme "
                                          "(2, 3, 32, 32)",
                   hint="N = (H/P)·(W/P) = 16 jetons de dimension d_model, le lot d'abord.")
    C.expect_equal(C.count_params(module), 8 * 8 * 3 * 64 + 64,
                   name="nombre de paramètres de PatchEmbedding(8, 3, 64)", reveal=True,
                   hint="une seule application affine partagée : E (P²C × d_model) et un biais.")


@check(hidden=True)
def patchs_formes_et_parametres(PatchEmbedding):
    defaut = C.make_model(PatchEmbedding, name="PatchEmbedding()")
    C.expect_shape(C.forward(defaut, torch.rand(1, 3, 32, 32), name="PatchEmbedding()"),
                   (1, 16, 64), name="PatchEmbedding()(x) pour x de forme (1, 3, 32, 32)",
                   hint="valeurs par défaut : taille_patch=8, canaux=3, d_model=64.")
    for P, c, H, W, d in [(4, 3, 8, 12, 10), (2, 1, 6, 4, 5), (5, 2, 10, 15, 7),
                          (3, 4, 9, 6, 8), (16, 3, 32, 16, 12)]:
        label = f"PatchEmbedding(taille_patch={P}, canaux={c}, d_model={d})"
        module = C.make_model(PatchEmbedding, taille_patch=P, canaux=c, d_model=d, name=label)
        out = C.forward(module, torch.rand(3, c, H, W), name=label)
        C.expect_shape(out, (3, (H // P) * (W // P), d),
                       name=f"{label}(x) pour x de forme (3, {c}, {H}, {W})",
                       hint="N = (H/P)·(W/P) patchs, même pour une image non carrée.")
        C.expect_equal(C.count_params(module), P * P * c * d + d,
                       name=f"nombre de paramètres de {label}",
                       hint="P²·C·d_model poids et d_model biais, partagés par les patchs.")


@check(hidden=True)
def patchs_valueerror(PatchEmbedding):
    @C.probe
    def exception_levee(module, x):
        try:
            module(x)
        except ValueError:
            return "ValueError"
        except Exception as e:  # noqa: BLE001 - any other exception is reported by name
            return type(e).__name__
        return None

    module = C.make_model(PatchEmbedding, 8, 3, 16, name="PatchEmbedding(8, 3, 16)")
    for H, W in ((30, 32), (32, 20), (12, 12)):
        levee = C.call(exception_levee, module, torch.rand(1, 3, H, W),
                       name="PatchEmbedding(8, 3, 16)")
        C.expect(levee == "ValueError",
                 f"`PatchEmbedding(8, 3, 16)` appliqué à une image {H} × {W} devrait lever une "
                 "`ValueError` (la taille n'est pas un multiple de 8)"
                 + (f", pas une `{levee}`." if levee else " : aucune exception levée."),
                 hint="testez H % taille_patch et W % taille_patch dans forward et levez "
                      "ValueError(...) ; une convolution de pas P tronque sans rien dire.")


@check(hidden=True)
def patchs_localite_ordre_partage(PatchEmbedding):
    # a 2 × 3 grid (non square): patch (i, j) must give token i·3 + j, and only that one
    P, c, d = 4, 2, 6
    module, label = plongement_en_double(PatchEmbedding, P, c, d)
    g = torch.Generator().manual_seed(5)
    x = torch.randn(1, c, 2 * P, 3 * P, generator=g, dtype=torch.float64)
    contenu = torch.randn(c, P, P, generator=g, dtype=torch.float64)
    lot = x.repeat(6, 1, 1, 1)
    for i in range(2):
        for j in range(3):
            lot[i * 3 + j, :, i * P:(i + 1) * P, j * P:(j + 1) * P] = contenu
    base = C.as_tensor(C.forward(module, x, name=label), label)
    out = C.as_tensor(C.forward(module, lot, name=label), label)
    C.expect_shape(out, (6, 6, d), name=f"{label}(x) pour x de forme (6, {c}, 8, 12)")
    for k in range(6):
        i, j = divmod(k, 3)
        autres = [t for t in range(6) if t != k]
        try:
            C.expect_close(out[k, autres], base[0, autres], rtol=1e-9, atol=1e-9,
                           name=f"jetons des autres patchs quand seul le patch ({i}, {j}) change")
        except C.CheckFailure as exc:
            raise C.CheckFailure(
                exc.summary, exc.details,
                hint="chaque jeton ne doit dépendre que de son patch, et le patch de la ligne i, "
                     "colonne j donne le jeton i·(W/P) + j (ligne par ligne) : après une "
                     "convolution, flatten(2) puis transpose(1, 2) ; un reshape direct mélange "
                     "les patchs, une transposition de la grille les range colonne par "
                     "colonne.") from None
        C.expect(float((out[k, k] - base[0, k]).abs().max()) > 1e-6,
                 f"Modifier le patch ({i}, {j}) ne change pas le jeton d'indice {k}.",
                 hint="patch (i, j) → jeton i·(W/P) + j.")
    try:
        C.expect_close(out[torch.arange(6), torch.arange(6)], out[0, 0].expand(6, d),
                       rtol=1e-9, atol=1e-9,
                       name="jetons d'un même contenu de patch placé à chacune des 6 positions")
    except C.CheckFailure as exc:
        raise C.CheckFailure(exc.summary, exc.details,
                             hint="la même projection E (et le même biais) pour tous les "
                                  "patchs, sans dépendance à la position.") from None


@check(hidden=True)
def patchs_affine(PatchEmbedding):
    module, label = plongement_en_double(PatchEmbedding, 4, 3, 8)
    g = torch.Generator().manual_seed(6)
    x = torch.randn(2, 3, 16, 8, generator=g, dtype=torch.float64)
    y = torch.randn(2, 3, 16, 8, generator=g, dtype=torch.float64)
    C.expect_affine(module, x, y, name=label, affine=True,
                    hint="la projection d'un patch est affine (x ↦ xE + b) : pas de "
                         "non-linéarité ni de normalisation dans PatchEmbedding.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 6

# %% [markdown]
# **Question 2 (le ViT).** Écrire le module
# `ViT(taille_image=32, taille_patch=8, canaux=3, d_model=64, n_tetes=4, n_couches=2,
# d_ff=128, n_classes=10, positions=True)` pour des images carrées
# `(B, canaux, taille_image, taille_image)`, avec $N = (\text{taille\_image} /
# \text{taille\_patch})^2$ patchs :
#
# 1. les jetons des patchs par votre `PatchEmbedding(taille_patch, canaux, d_model)` ;
# 2. un jeton **[CLS] appris** : l'attribut `self.cls`, un `nn.Parameter` de forme
#    `(1, 1, d_model)` (le même pour toutes les images), placé **en tête** de la séquence
#    (indice 0), devant les $N$ jetons des patchs dans leur ordre ;
# 3. si `positions=True`, l'encodage positionnel **appris** : l'attribut `self.positions`, un
#    `nn.Parameter` de forme `(1, N + 1, d_model)` (initialisation libre, par exemple
#    `nn.init.trunc_normal_(…, std=0.02)`), **ajouté aux $N + 1$ jetons** (le [CLS] compris) ;
#    si `positions=False`, aucun paramètre de position n'existe ;
# 4. `n_couches` blocs encodeurs **Pre-Norm** (section 7.4.3 et le `TransformerEncoderBlock`
#    de la section 7.8) : $x \leftarrow x + \mathrm{MHA}(\mathrm{LN}(x))$ puis
#    $x \leftarrow x + \mathrm{FFN}(\mathrm{LN}(x))$, l'attention multi-tête à `n_tetes` têtes
#    ayant des projections $Q, K, V$ et de sortie avec biais (comme `nn.MultiheadAttention`), le
#    FFN étant `Linear(d_model, d_ff)` → GELU → `Linear(d_ff, d_model)` (comme au § 7.8 ; la
#    correction ne distingue pas GELU de ReLU), **sans dropout**. Vos propres blocs conviennent,
#    comme `nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, n_tetes, d_ff,
#    dropout=0.0, activation="gelu", batch_first=True, norm_first=True), n_couches)` : attention
#    à `batch_first=True` (sans lui, PyTorch prend la première dimension pour celle de la
#    séquence) et au dropout de 0,1 par défaut ;
# 5. une **LayerNorm finale** ;
# 6. la tête de classification : l'attribut `self.tete`, un `nn.Linear(d_model, n_classes)`,
#    appliqué à la représentation finale du **[CLS]** seul (pas à une moyenne des jetons,
#    contrairement au classifieur du § 7.8).
#
# Le module a deux méthodes : `representations(x)` renvoie les jetons finaux
# `(B, N + 1, d_model)` (après la LayerNorm finale, avant la tête ; le [CLS] à l'indice 0, le
# patch $k$ à l'indice $1 + k$) et `forward(x)` renvoie les logits `(B, n_classes)`, soit
# `self.tete(self.representations(x)[:, 0])`.
#
# Le nombre de paramètres est donc, avec $P$ = `taille_patch`, $d$ = `d_model`, $L$ =
# `n_couches` et $K$ = `n_classes` :
# $(P^2 C d + d) + d + (N + 1)d\,[\text{si positions}] + L\,(4d^2 + 4d + 2d\,d_{ff} + d_{ff} +
# d + 4d) + 2d + (dK + K)$.
#
# La correction charge ses propres poids dans votre modèle (par formes) et vérifie notamment :
# que le [CLS] final « voit » chacun des patchs ; que sans positions, permuter les patchs de
# l'image ne change pas les logits et permute les jetons $1 \dots N$ de la même façon ; que la
# sortie d'une image ne dépend pas des autres images du lot ; que le mode `train` et le mode
# `eval` donnent la même sortie (pas de dropout) ; que chaque paramètre reçoit un gradient ;
# que les blocs sont Pre-Norm (le flux résiduel n'est normalisé qu'à la fin) ; que `n_tetes`
# change le calcul.

# %%
class ViT(nn.Module):
    """Vision Transformer : patchs + [CLS] + positions apprises, blocs Pre-Norm, tête sur [CLS]."""

    def __init__(self, taille_image: int = 32, taille_patch: int = 8, canaux: int = 3,
                 d_model: int = 64, n_tetes: int = 4, n_couches: int = 2, d_ff: int = 128,
                 n_classes: int = 10, positions: bool = True):
        super().__init__()
        # BEGIN SOLUTION
        n_patchs = (taille_image // taille_patch) ** 2
        self.plongement = PatchEmbedding(taille_patch, canaux, d_model)
        self.cls = nn.Parameter(torch.zeros(1, 1, d_model))
        self.positions = None
        if positions:
            self.positions = nn.Parameter(torch.empty(1, n_patchs + 1, d_model))
            nn.init.trunc_normal_(self.positions, std=0.02)
        couche = nn.TransformerEncoderLayer(d_model, n_tetes, dim_feedforward=d_ff, dropout=0.0,
                                            activation="gelu", batch_first=True,
                                            norm_first=True)
        self.encodeur = nn.TransformerEncoder(couche, n_couches, enable_nested_tensor=False)
        self.norme = nn.LayerNorm(d_model)
        self.tete = nn.Linear(d_model, n_classes)
        # END SOLUTION

    def representations(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        h = self.plongement(x)
        h = torch.cat([self.cls.expand(h.shape[0], -1, -1), h], dim=1)
        if self.positions is not None:
            h = h + self.positions
        return self.norme(self.encodeur(h))
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return self.tete(self.representations(x)[:, 0])
        # END SOLUTION


# %%
vit_demo = ViT()
print(vit_demo(torch.rand(2, 3, 32, 32)).shape, vit_demo.representations(
    torch.rand(2, 3, 32, 32)).shape)
print(sum(p.numel() for p in vit_demo.parameters()), "paramètres")

# %%
@helper
def nombre_de_parametres(P, c, d, n, L, d_ff, K, positions):
    """Le compte de l'énoncé (n patchs)."""
    bloc = 4 * d * d + 4 * d + 2 * d * d_ff + d_ff + d + 4 * d
    return (P * P * c * d + d) + d + ((n + 1) * d if positions else 0) + L * bloc + 2 * d \
        + d * K + K


@helper
def petit_vit(ViT, positions, n_tetes=2):
    """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
    label = (f"ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, "
             f"n_couches=2, d_ff=32, n_classes=5, positions={positions})")
    modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16,
                          n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5,
                          positions=positions, name=label)
    modele = C.call(modele.double, name=f"{label}.double")
    C.load_seeded_weights(modele, label)
    C.call(modele.eval, name=f"{label}.eval")
    return modele, label


@helper
def jetons(modele, x, label):
    """representations(x), de forme vérifiée (B, 17, 16)."""
    r = C.as_tensor(C.call(modele.representations, x, name=f"{label}.representations"),
                    f"{label}.representations(x)")
    C.expect_shape(r, (x.shape[0], 17, 16),
                   name=f"{label}.representations(x) pour x de forme {tuple(x.shape)}",
                   hint="(B, N + 1, d_model) : le [CLS] puis les N patchs.")
    return r


@check
def vit_formes(ViT):
    modele = C.make_model(ViT, name="ViT()")
    x = torch.rand(2, 3, 32, 32)
    C.expect_shape(C.forward(modele, x, name="ViT()"), (2, 10),
                   name="ViT()(x) pour x de forme (2, 3, 32, 32)",
                   hint="forward renvoie les logits (B, n_classes).")
    r = C.call(modele.representations, x, name="ViT().representations")
    C.expect_shape(r, (2, 17, 64), name="ViT().representations(x) pour x de forme (2, 3, 32, 32)",
                   hint="(B, N + 1, d_model) : 16 patchs 8 × 8 et le jeton [CLS].")
    avec = C.count_params(modele)
    sans = C.count_params(C.make_model(ViT, positions=False, name="ViT(positions=False)"))
    C.expect_equal(avec - sans, 17 * 64, reveal=True,
                   name="différence du nombre de paramètres entre ViT() et ViT(positions=False)",
                   hint="l'encodage positionnel appris a (N + 1)·d_model nombres, [CLS] compris ; "
                        "sans positions, aucun paramètre de position.")


@check(hidden=True)
def vit_parametres(ViT):
    @C.probe
    def formes(modele):
        return {nom: list(p.shape) for nom, p in modele.named_parameters() if p.requires_grad}

    configs = [((), {}, (8, 3, 64, 16, 2, 128, 10)),
               ((16, 4, 3, 16, 2, 2, 32, 5), {}, (4, 3, 16, 16, 2, 32, 5)),
               ((), dict(taille_image=24, taille_patch=6, canaux=1, d_model=12, n_tetes=3,
                         n_couches=3, d_ff=20, n_classes=7), (6, 1, 12, 16, 3, 20, 7))]
    for args, kwargs, (P, c, d, n, L, d_ff, K) in configs:
        for positions in (True, False):
            texte = [*map(str, args), *(f"{k}={v}" for k, v in kwargs.items())]
            label = f"ViT({', '.join([*texte, f'positions={positions}'])})"
            modele = C.make_model(ViT, *args, positions=positions, name=label, **kwargs)
            trouvees = C.call(formes, modele, name=f"{label}.named_parameters")
            C.expect(trouvees.get("cls") == [1, 1, d],
                     f"`{label}` n'a pas de paramètre entraînable `cls` de forme (1, 1, {d}).",
                     hint="self.cls = nn.Parameter(torch.zeros(1, 1, d_model)) : un seul jeton "
                          "appris, partagé par toutes les images.")
            if positions:
                C.expect(trouvees.get("positions") == [1, n + 1, d],
                         f"`{label}` n'a pas de paramètre entraînable `positions` de forme "
                         f"(1, {n + 1}, {d}).",
                         hint="une position apprise pour chacun des N + 1 jetons, [CLS] compris.")
            else:
                C.expect("positions" not in trouvees
                         and not any(f == [1, n + 1, d] or f == [1, n, d]
                                     for f in trouvees.values()),
                         f"`{label}` a un paramètre de position alors que positions=False.",
                         hint="sans positions, pas de paramètre (self.positions = None).")
            C.expect(trouvees.get("tete.weight") == [K, d] and trouvees.get("tete.bias") == [K],
                     f"`{label}` n'a pas de tête `tete` = nn.Linear({d}, {K}).",
                     hint="self.tete = nn.Linear(d_model, n_classes).")
            C.expect_equal(C.count_params(modele),
                           nombre_de_parametres(P, c, d, n, L, d_ff, K, positions),
                           name=f"nombre de paramètres de {label}",
                           hint="patchs (P²C·d + d), [CLS] (d), positions ((N + 1)·d), par bloc "
                                "4d² + 4d (attention avec biais) + 2d·d_ff + d_ff + d (FFN) + 4d "
                                "(deux LayerNorm), LayerNorm finale (2d), tête (dK + K).")


@check(hidden=True)
def vit_tete_sur_cls(ViT):
    modele, label = petit_vit(ViT, True)
    x = torch.rand(3, 3, 16, 16, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
    logits = C.as_tensor(C.forward(modele, x, name=label), f"{label}(x)")
    C.expect_shape(logits, (3, 5), name=f"{label}(x) pour x de forme (3, 3, 16, 16)")
    r = jetons(modele, x, label)
    etat = C.call(modele.state_dict, name=f"{label}.state_dict")
    C.expect("tete.weight" in etat and "tete.bias" in etat,
             f"`{label}` n'a pas de tête `tete` (nn.Linear avec biais).",
             hint="self.tete = nn.Linear(d_model, n_classes).")
    W = C.as_tensor(etat["tete.weight"], "tete.weight")
    b = C.as_tensor(etat["tete.bias"], "tete.bias")
    C.expect_close(logits, r[:, 0] @ W.T + b,
                   name=f"{label}(x) comparé à tete(representations(x)[:, 0])",
                   hint="les logits sont la tête appliquée à la représentation finale du [CLS] "
                        "(indice 0), pas à la moyenne des jetons ni à un autre jeton.")


@check(hidden=True)
def vit_cls_voit_chaque_patch(ViT):
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(8)
    x = torch.rand(1, 3, 16, 16, generator=g, dtype=torch.float64)
    lot = x.repeat(16, 1, 1, 1)
    for k in range(16):
        i, j = divmod(k, 4)
        lot[k, :, 4 * i:4 * i + 4, 4 * j:4 * j + 4] += torch.randn(3, 4, 4, generator=g,
                                                                  dtype=torch.float64)
    base = C.as_tensor(C.forward(modele, x, name=label), f"{label}(x)")
    out = C.as_tensor(C.forward(modele, lot, name=label), f"{label}(x)")
    C.expect_shape(out, (16, 5), name=f"{label}(x) pour x de forme (16, 3, 16, 16)")
    ecarts = (out - base).abs().amax(dim=1)
    muets = [k for k in range(16) if float(ecarts[k]) < 1e-8]
    C.expect(not muets,
             f"Les logits de `{label}` ne changent pas quand on modifie certains patchs "
             f"({len(muets)} patch(s) sur 16 sans effet).",
             hint="le [CLS] doit pouvoir attendre tous les patchs : la séquence complète "
                  "([CLS] + N patchs) passe dans chaque bloc, sans masque.")


@check(hidden=True)
def vit_permutation_des_patchs(ViT):
    g = torch.Generator().manual_seed(9)
    x = torch.rand(2, 3, 16, 16, generator=g, dtype=torch.float64)
    perm = torch.randperm(16, generator=g)
    # patch k of the permuted image is patch perm[k] of x (4 × 4 grid of 4 × 4 blocks)
    blocs = x.reshape(2, 3, 4, 4, 4, 4).permute(0, 2, 4, 1, 3, 5).reshape(2, 16, 3, 4, 4)
    xp = blocs[:, perm].reshape(2, 4, 4, 3, 4, 4).permute(0, 3, 1, 4, 2, 5).reshape(2, 3, 16, 16)

    modele, label = petit_vit(ViT, False)
    r, rp = jetons(modele, x, label), jetons(modele, xp, label)
    indices = torch.cat([torch.zeros(1, dtype=torch.long), 1 + perm])
    try:
        C.expect_close(rp, r[:, indices], rtol=1e-8, atol=1e-9,
                       name=f"{label}.representations de l'image aux patchs permutés")
    except C.CheckFailure as exc:
        raise C.CheckFailure(
            exc.summary, exc.details,
            hint="sans positions, permuter les patchs de l'image doit laisser le [CLS] (indice "
                 "0) inchangé et permuter les jetons 1 … N de la même façon : [CLS] en tête, "
                 "puis les patchs ligne par ligne, et aucun mélange entre jetons hors de "
                 "l'attention.") from None
    C.expect_close(C.forward(modele, xp, name=label), C.forward(modele, x, name=label),
                   rtol=1e-8, atol=1e-9,
                   name=f"logits de {label} pour l'image aux patchs permutés",
                   hint="sans positions, le [CLS] ne sait pas où sont les patchs : les logits "
                        "ne doivent pas changer.")

    modele, label = petit_vit(ViT, True)
    ecart = (C.as_tensor(C.forward(modele, xp, name=label), label)
             - C.as_tensor(C.forward(modele, x, name=label), label)).abs().max()
    C.expect(float(ecart) > 1e-6,
             "Avec positions=True, permuter les patchs de l'image ne change pas les logits de "
             f"`{label}`.",
             hint="ajoutez self.positions aux N + 1 jetons (après avoir placé le [CLS]) : c'est "
                  "la seule information de position du modèle.")


@check(hidden=True)
def vit_images_independantes(ViT):
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(10)
    x = torch.rand(4, 3, 16, 16, generator=g, dtype=torch.float64)
    autre = x.clone()
    autre[1:] = torch.rand(3, 3, 16, 16, generator=g, dtype=torch.float64)
    out = C.as_tensor(C.forward(modele, x, name=label), label)
    seul = C.as_tensor(C.forward(modele, x[:1].clone(), name=label), label)
    change = C.as_tensor(C.forward(modele, autre, name=label), label)
    conseil = ("la sortie d'une image ne doit pas dépendre des autres images du lot : "
               "l'attention porte sur les jetons d'une même image ; avec "
               "nn.TransformerEncoderLayer, passez batch_first=True (sinon la dimension du lot "
               "est prise pour celle de la séquence).")
    for got, quoi in ((change[:1], "quand les autres images du lot changent"),
                      (seul, "seule dans son lot")):
        try:
            C.expect_close(got, out[:1], rtol=1e-8, atol=1e-9,
                           name=f"logits de la première image {quoi}")
        except C.CheckFailure as exc:
            raise C.CheckFailure(exc.summary, exc.details, hint=conseil) from None


@check(hidden=True)
def vit_deterministe_sans_dropout(ViT):
    modele, label = petit_vit(ViT, True)
    x = torch.rand(3, 3, 16, 16, generator=torch.Generator().manual_seed(11), dtype=torch.float64)
    eval1 = C.forward(modele, x, name=label)
    eval2 = C.forward(modele, x, name=label)
    C.expect_close(eval2, eval1, rtol=1e-12, atol=1e-12,
                   name=f"deux appels de {label} en mode eval",
                   hint="en mode eval, le modèle est déterministe.")
    C.call(modele.train, name=f"{label}.train")
    C.expect_close(C.forward(modele, x, name=label), eval1, rtol=1e-8, atol=1e-9,
                   name=f"{label}(x) en mode train comparé au mode eval",
                   hint="pas de dropout (nn.TransformerEncoderLayer a dropout=0.1 par défaut : "
                        "passez dropout=0.0), pas de BatchNorm.")


@check(hidden=True)
def vit_gradients_de_tous_les_parametres(ViT):
    @C.probe
    def sans_gradient(modele, x, poids):
        modele.zero_grad()
        (modele(x) * poids).sum().backward()
        return [nom for nom, p in modele.named_parameters() if p.requires_grad and p.grad is None]

    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(12)
    x = torch.rand(2, 3, 16, 16, generator=g, dtype=torch.float64)
    poids = torch.randn(2, 5, generator=g, dtype=torch.float64)
    muets = C.call(sans_gradient, modele, x, poids, name=label)
    C.expect(isinstance(muets, list) and not muets,
             f"Des paramètres de `{label}` ne reçoivent aucun gradient des logits "
             f"({len(muets) if isinstance(muets, list) else '?'} tenseur(s)).",
             hint="n'utilisez ni detach ni no_grad dans forward, et faites servir chaque "
                  "paramètre (patchs, [CLS], positions, blocs, LayerNorm finale, tête).")


@check(hidden=True)
def vit_blocs_pre_norm(ViT):
    # Pre-Norm: x + MHA(LN(x)) adds a bounded update to the residual stream, so for an image
    # scaled by a large factor each patch token stays its own patch's embedding (up to 1/α)
    # after the final LayerNorm. A Post-Norm block (LN(x + MHA(x)), PyTorch's default
    # norm_first=False) or a block without residual mixes the patches at any scale.
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(13)
    x = 1e6 * torch.rand(1, 3, 16, 16, generator=g, dtype=torch.float64)
    autre = x.clone()
    autre[:, :, 4:8, 4:8] = 1e6 * torch.rand(1, 3, 4, 4, generator=g, dtype=torch.float64)
    ecarts = (jetons(modele, autre, label) - jetons(modele, x, label)).abs().amax(dim=2)[0]
    autres_patchs = torch.cat([ecarts[1:6], ecarts[7:]])  # patch 5 is token 6
    C.expect(float(autres_patchs.max()) < 1e-3,
             f"Pour une image d'intensité 10⁶, modifier le patch 5 change les jetons finaux des "
             f"autres patchs de `{label}` (écart maximal {float(autres_patchs.max()):.3g}).",
             hint="blocs Pre-Norm : x ← x + MHA(LN(x)) puis x ← x + FFN(LN(x)), sans "
                  "normaliser le flux résiduel entre les blocs (seule la LayerNorm finale le "
                  "fait) ; nn.TransformerEncoderLayer est Post-Norm par défaut : passez "
                  "norm_first=True.")


@check(hidden=True)
def vit_nombre_de_tetes(ViT):
    x = torch.rand(2, 3, 16, 16, generator=torch.Generator().manual_seed(14),
                   dtype=torch.float64)
    sorties = {}
    for n_tetes in (1, 4):
        modele, label = petit_vit(ViT, True, n_tetes)
        sorties[n_tetes] = jetons(modele, x, label)
    C.expect(float((sorties[4] - sorties[1]).abs().max()) > 1e-6,
             "Avec les mêmes poids, `ViT(…, n_tetes=4)` et `ViT(…, n_tetes=1)` donnent les "
             "mêmes jetons finaux : `n_tetes` n'est pas utilisé.",
             hint="l'attention a n_tetes têtes de dimension d_model / n_tetes, chacune avec sa "
                  "propre softmax (nn.MultiheadAttention(d_model, n_tetes, …) ou "
                  "nn.TransformerEncoderLayer(d_model, n_tetes, …)).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 (entraînement).** Écrire
# `entrainer(modele, images, etiquettes, epoques, taille_lot, lr, generateur)` qui entraîne
# `modele` **sur place** avec `torch.optim.Adam(modele.parameters(), lr=lr)` et l'entropie
# croisée moyenne (`F.cross_entropy`) :
#
# - à chaque époque, l'ordre des $n$ exemples est `torch.randperm(n, generator=generateur)`,
#   tiré du **seul** générateur `generateur` (pas du générateur global, ni d'un `DataLoader`
#   qui en tire davantage), puis découpé en lots consécutifs de `taille_lot` exemples (le
#   dernier peut être plus petit) ;
# - pour chaque lot : remise à zéro des gradients, perte, rétropropagation, un pas d'Adam ;
# - la fonction renvoie la liste des `epoques` pertes moyennes (une par époque : la moyenne
#   simple des pertes de ses lots), des **flottants Python**.
#
# La démonstration ci-dessous s'en sert pour entraîner votre ViT. La correction vérifie votre
# fonction sur un petit réseau qu'elle construit (pertes et poids finaux comparés à son propre
# entraînement), puis entraîne elle-même votre `ViT()` par Adam et l'entropie croisée sous un
# petit budget (quelques secondes sur CPU) et mesure sa précision sur ses propres images ; la
# vérification publique contrôle seulement que `ViT()` sait sur-apprendre un petit lot.

# %%
def entrainer(modele: nn.Module, images: torch.Tensor, etiquettes: torch.Tensor, epoques: int,
              taille_lot: int, lr: float, generateur: torch.Generator) -> list[float]:
    """Adam + entropie croisée, ordre tiré de `generateur` ; perte moyenne de chaque époque."""
    # BEGIN SOLUTION
    optimiseur = torch.optim.Adam(modele.parameters(), lr=lr)
    pertes = []
    for _ in range(epoques):
        lots = torch.randperm(len(etiquettes), generator=generateur).split(taille_lot)
        total = 0.0
        for lot in lots:
            perte = F.cross_entropy(modele(images[lot]), etiquettes[lot])
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            total += float(perte)
        pertes.append(total / len(lots))
    return pertes
    # END SOLUTION


# %%
@helper
def petit_reseau():
    """Une fabrique (sonde) du petit réseau float64 du correcteur, sans toucher au générateur
    global."""
    @C.probe
    def fabrique():
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(3)
            modele = nn.Sequential(nn.Flatten(), nn.Linear(48, 8), nn.Tanh(), nn.Linear(8, 3))
        return modele.double()

    return fabrique


@helper
def tache(n, graine):
    """n images 3 × 4 × 4 (float64) de 3 classes séparables, étiquettes int64."""
    g = torch.Generator().manual_seed(graine)
    etiquettes = torch.arange(n) % 3
    centres = torch.randn(3, 3, 4, 4, generator=g, dtype=torch.float64)
    return centres[etiquettes] + 0.8 * torch.randn(n, 3, 4, 4, generator=g,
                                                   dtype=torch.float64), etiquettes


@check
def entrainer_fait_baisser_la_perte(entrainer):
    fabrique = petit_reseau()
    images, etiquettes = tache(24, 1)
    modele = C.build_where(entrainer, fabrique)
    avant = F.cross_entropy(fabrique()(images), etiquettes).item()

    @C.probe  # the generator is made where the student function runs
    def lancer(modele, images, etiquettes):
        return entrainer(modele, images, etiquettes, 6, 8, 0.05, torch.Generator().manual_seed(0))

    pertes = C.call(lancer, modele, images, etiquettes, name="entrainer")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 6,
             "`entrainer(..., epoques=6, ...)` doit renvoyer une liste de 6 pertes (une par "
             "époque).")
    apres = F.cross_entropy(C.as_tensor(C.forward(modele, images, name="modèle entraîné"),
                                        "modèle entraîné"), etiquettes).item()
    C.expect(apres < 0.5 * avant,
             f"Après `entrainer`, la perte du modèle sur ses données est passée de {avant:.3f} "
             f"à {apres:.3f} : il n'a pas (assez) appris.",
             hint="entraînez le modèle reçu sur place : Adam sur modele.parameters(), "
                  "zero_grad, backward, step pour chaque lot.")


@check(hidden=True)
def entrainer_contre_reference(entrainer):
    @C.probe
    def lancer(modele, images, etiquettes, graine):
        pertes = entrainer(modele, images, etiquettes, 3, 6, 0.02,
                           torch.Generator().manual_seed(graine))
        types = sorted({type(p).__name__ for p in pertes if not isinstance(p, float)}) \
            if isinstance(pertes, list) else [type(pertes).__name__]
        return pertes, types

    fabrique = petit_reseau()
    images, etiquettes = tache(20, 2)  # 20 = 3 lots de 6 + un lot de 2
    # the oracle: the statement's loop on the grader's own copy
    oracle = fabrique()
    opt = torch.optim.Adam(oracle.parameters(), lr=0.02)
    gen = torch.Generator().manual_seed(4)
    attendues = []
    for _ in range(3):
        lots = torch.randperm(20, generator=gen).split(6)
        total = 0.0
        for lot in lots:
            perte = F.cross_entropy(oracle(images[lot]), etiquettes[lot])
            opt.zero_grad()
            perte.backward()
            opt.step()
            total += perte.item()
        attendues.append(total / len(lots))

    modele = C.build_where(entrainer, fabrique)
    pertes, types = C.call(lancer, modele, images, etiquettes, 4, name="entrainer")
    C.expect(not types, "`entrainer` doit renvoyer une liste de flottants Python, reçu "
                        f"{', '.join(types)}.",
             hint="convertissez chaque perte avec float(...) ou .item().")
    C.expect(len(pertes) == 3, "`entrainer(..., epoques=3, ...)` doit renvoyer 3 pertes.")
    C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                   torch.tensor(attendues, dtype=torch.float64), rtol=1e-6, atol=1e-9,
                   name="pertes par époque renvoyées par entrainer",
                   hint="perte moyenne d'une époque = moyenne simple des pertes de ses lots ; "
                        "ordre torch.randperm(n, generator=generateur) à chaque époque, lots "
                        "consécutifs de taille_lot, le dernier plus petit.")
    etat = C.call(modele.state_dict, name="modele.state_dict")
    for cle, valeur in oracle.state_dict().items():
        C.expect_close(C.as_tensor(etat[cle], cle), valeur, rtol=1e-6, atol=1e-9,
                       name=f"poids `{cle}` du modèle après entrainer",
                       hint="Adam(modele.parameters(), lr=lr), zero_grad avant chaque "
                            "backward, un pas par lot (le dernier lot, plus petit, compris).")


@check(hidden=True)
def entrainer_generateur(entrainer):
    fabrique = petit_reseau()

    @C.probe
    def lancer(images, etiquettes, generateur):
        return entrainer(fabrique(), images, etiquettes, epoques=2, taille_lot=4, lr=0.05,
                         generateur=generateur)

    images, etiquettes = tache(12, 3)
    C.expect_generator_obeyed(lancer, images, etiquettes, name="entrainer", keyword="generateur",
                              hint="tirez l'ordre des exemples par torch.randperm(n, "
                                   "generator=generateur), jamais par le générateur global.")


@check
def vit_surapprend_un_lot(ViT):
    import dataclasses

    b = dataclasses.replace(C.budget("vit"), epochs=40, train_size=32, batch_size=32)
    C.seed_everything()
    model = C.make_model(ViT, name="ViT()")
    losses = C.train_classifier(model, b, name="ViT()")
    C.expect(losses[-1] < 0.5 * losses[0],
             f"`ViT` ne sur-apprend pas un lot de 32 images : perte {losses[0]:.3f} → "
             f"{losses[-1]:.3f} en 40 pas.",
             hint="vérifiez que la sortie est faite de logits (pas de softmax à la fin) et que "
                  "le gradient atteint tous les paramètres.")


@check(hidden=True)
def vit_precision(ViT):
    b = C.budget("vit")
    C.seed_everything()
    model = C.make_model(ViT, name="ViT()")
    C.train_classifier(model, b, name="ViT()")
    acc = C.accuracy(model, b.dataset, name="ViT()")
    C.expect_accuracy(acc, b, name="ViT()",
                      hint="vérifiez le découpage en patchs, le [CLS] lu à l'indice 0, les "
                           "positions et la LayerNorm finale.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Démonstration : entraîner le ViT et regarder l'attention du [CLS]
#
# La cellule suivante entraîne le `ViT()` par défaut quelques époques sur 2 000 images (une
# dizaine de secondes sur CPU) avec votre `entrainer`, puis mesure sa précision sur 1 000
# images de test. Augmentez `EPOQUES` et `N_TRAIN` pour aller plus loin.

# %% tags=["demo"]
EPOQUES, N_TRAIN = 3, 2000
entrainement = data.load("cifar10", train=True)
essai = data.load("cifar10", train=False)
x_train = torch.tensor(entrainement.data[:N_TRAIN]).permute(0, 3, 1, 2).float() / 255
y_train = torch.tensor(entrainement.targets[:N_TRAIN])
x_test = torch.tensor(essai.data[:1000]).permute(0, 3, 1, 2).float() / 255
y_test = torch.tensor(essai.targets[:1000])

torch.manual_seed(0)
vit = ViT()
pertes_vit = entrainer(vit, x_train, y_train, EPOQUES, 64, 2e-3, torch.Generator().manual_seed(0))
vit.eval()
with torch.no_grad():
    precision_vit = (vit(x_test).argmax(dim=1) == y_test).double().mean().item()
print("pertes par époque :", [round(p, 3) for p in pertes_vit])
print(f"précision du ViT sur 1 000 images de test : {precision_vit:.1%}")

# %% [markdown]
# La carte suivante montre, moyennée sur 64 images de test, l'attention du [CLS] vers les 16
# patchs dans le **dernier** bloc (moyenne des têtes), rangée en grille 4 × 4 comme les patchs.
# Elle lit les poids de la dernière `nn.MultiheadAttention` du modèle ; avec une attention
# écrite à la main, adaptez la cellule pour lire vos propres poids.

# %% tags=["demo"]
attentions = [m for m in vit.modules() if isinstance(m, nn.MultiheadAttention)]
if not attentions:
    print("pas de nn.MultiheadAttention dans ce modèle : adaptez la cellule à votre attention.")
else:
    captures = []

    def demander_les_poids(module, args, kwargs):
        kwargs["need_weights"], kwargs["average_attn_weights"] = True, True
        return args, kwargs

    def garder_les_poids(module, args, kwargs, sortie):
        captures.append(sortie[1].detach())

    crochets = [attentions[-1].register_forward_pre_hook(demander_les_poids, with_kwargs=True),
                attentions[-1].register_forward_hook(garder_les_poids, with_kwargs=True)]
    vit(x_test[:64])  # gradients enabled: PyTorch's fused inference path is not taken
    for c in crochets:
        c.remove()
    carte = captures[-1][:, 0, 1:].mean(dim=0).reshape(4, 4)
    plt.figure(figsize=(3.2, 3))
    plt.imshow(carte, cmap="viridis")
    plt.colorbar()
    plt.title("attention du [CLS] (dernier bloc)")
    plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** Rapportez la précision atteinte par votre ViT (démonstration
# ci-dessus, éventuellement avec plus d'époques) et comparez-la à celle du mini-ResNet-8 de
# l'exercice 4.2 à budget comparable. Pourquoi un ViT a-t-il besoin de beaucoup plus de données
# qu'un réseau convolutif pour atteindre une bonne précision ? Appuyez-vous sur les **biais
# inductifs** des deux architectures (localité, partage des poids, équivariance par
# translation ; ce que voit un jeton à la première couche) et sur la carte d'attention du
# [CLS]. Les données étant un substitut synthétique, que faudrait-il refaire sur le vrai
# CIFAR-10 ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **Précision** : sous un petit budget, le ViT reste en général en dessous
# du mini-ResNet-8 à nombre de pas égal (sur le vrai CIFAR-10 entraîné depuis zéro, un petit
# ViT plafonne autour de 70–80 % là où un ResNet dépasse 90 %). **Biais inductifs** : une
# convolution impose la localité (chaque neurone ne voit qu'un voisinage), le partage des poids
# et l'équivariance par translation ; le réseau n'a pas à les apprendre. Le ViT n'impose que
# le découpage en patchs : dès la première couche, chaque jeton peut attendre tous les autres,
# et les relations spatiales entre patchs doivent être apprises à travers l'encodage
# positionnel (sans lui, le modèle est invariant par permutation des patchs, comme le vérifie
# la question 2). Cette flexibilité paie avec beaucoup de données (Dosovitskiy et al. :
# ImageNet-21k ou JFT-300M) et coûte cher avec peu : d'où le pré-entraînement, l'augmentation
# de données et la régularisation (DeiT), ou des architectures hybrides. **Attention du
# [CLS]** : sur le substitut, elle se concentre sur les patchs qui portent les motifs de la
# classe ; elle reste souvent diffuse après peu d'époques. **Données** : il faudrait refaire la
# comparaison sur le vrai CIFAR-10, avec plusieurs graines, plus d'époques et de l'augmentation
# de données, avant de conclure.
