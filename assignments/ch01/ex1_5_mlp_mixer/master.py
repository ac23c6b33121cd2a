# %% [markdown]
# # Exercice 1.5 (⋆⋆⋆) — Un MLP-Mixer pour CIFAR-10
#
# Le MLP-Mixer (Tolstikhin et al., 2021) classe des images **sans convolution ni attention**,
# uniquement avec des MLP. Pour une image de forme $(C, H, W)$ et une taille de patch $p$ :
#
# 1. **Plongement des patchs.** L'image est découpée en $N = (H/p)(W/p)$ patchs $p \times p$
#    disjoints, lus ligne par ligne (le patch de la ligne $i$ et de la colonne $j$ de la grille
#    est le jeton numéro $i \cdot W/p + j$). Chaque patch aplati ($C p^2$ valeurs) est projeté
#    par **la même** application linéaire (avec biais) vers $\mathbb{R}^D$ : on obtient une
#    table $X \in \mathbb{R}^{N \times D}$ (un « jeton » par patch, $D$ « canaux » par jeton).
# 2. **Blocs Mixer**, chacun formé de deux sous-blocs à connexion résiduelle :
#    - *mélange de jetons* (token mixing) : $U = X + \big(\mathrm{MLP}_{\text{tok}}
#      (\mathrm{LN}(X)^\top)\big)^\top$ — la LayerNorm normalise chaque jeton sur ses $D$
#      canaux, puis un MLP $N \to D_t \to N$ est appliqué à **chaque colonne** (chaque canal),
#      avec les mêmes poids pour tous les canaux : c'est lui qui fait communiquer les patchs ;
#    - *mélange de canaux* (channel mixing) : $Y = U + \mathrm{MLP}_{\text{can}}(\mathrm{LN}(U))$
#      — un MLP $D \to D_c \to D$ appliqué à **chaque ligne** (chaque jeton), avec les mêmes
#      poids pour tous les jetons.
#
#    Chaque MLP est `Linear → GELU → Linear` (avec biais), chaque LayerNorm a ses paramètres
#    affines (les valeurs par défaut de `nn.LayerNorm`).
# 3. **Tête** : une LayerNorm finale, la moyenne sur les $N$ jetons (global average pooling),
#    puis une couche linéaire $D \to 10$ qui renvoie des logits.
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
# points: 3

# %% [markdown]
# **Question 1 (plongement des patchs).** Écrire le module `PlongementPatchs(taille_patch,
# canaux, dim)` dont la méthode `forward` prend un lot d'images `(B, canaux, H, W)` ($H$ et $W$
# multiples de `taille_patch`) et renvoie les jetons `(B, N, dim)`, dans l'ordre ligne par
# ligne décrit plus haut. La projection est la même pour tous les patchs et compte
# $(C p^2 + 1) D$ paramètres. Indication : une `nn.Conv2d` de noyau et de pas `taille_patch`
# est exactement une projection linéaire par patch ; on peut aussi découper avec
# `reshape`/`permute` (attention à ne pas mélanger les pixels de patchs différents).

# %%
class PlongementPatchs(nn.Module):
    """Image (B, C, H, W) → jetons (B, N, dim), N = (H/p)(W/p), patchs lus ligne par ligne."""

    def __init__(self, taille_patch: int, canaux: int, dim: int):
        super().__init__()
        # BEGIN SOLUTION
        self.proj = nn.Conv2d(canaux, dim, kernel_size=taille_patch, stride=taille_patch)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return self.proj(x).flatten(2).transpose(1, 2)
        # END SOLUTION


# %%
print(PlongementPatchs(4, 3, 32)(torch.rand(2, 3, 32, 32)).shape)

# %%
@check
def plongement_forme(PlongementPatchs):
    emb = C.make_model(PlongementPatchs, 4, 3, 32, name="PlongementPatchs(4, 3, 32)")
    out = C.forward(emb, torch.rand(2, 3, 32, 32), name="PlongementPatchs(4, 3, 32)")
    C.expect_shape(out, (2, 64, 32), name="PlongementPatchs(4, 3, 32)(x)",
                   hint="N = (32/4)² = 64 jetons de dimension 32.")
    C.expect_equal(C.count_params(emb), (3 * 4 * 4 + 1) * 32,
                   name="nombre de paramètres de PlongementPatchs(4, 3, 32)", reveal=True,
                   hint="une seule projection linéaire (C·p² → dim, avec biais) pour tous les "
                        "patchs.")


@check(hidden=True)
def plongement_tailles(PlongementPatchs):
    for p, c, d, h in [(2, 3, 16, 32), (8, 3, 24, 32), (16, 3, 8, 32), (7, 1, 12, 28)]:
        label = f"PlongementPatchs({p}, {c}, {d})"
        emb = C.make_model(PlongementPatchs, p, c, d, name=label)
        out = C.forward(emb, torch.rand(2, c, h, h), name=label)
        C.expect_shape(out, (2, (h // p) ** 2, d), name=f"{label}(x) pour des images {h}×{h}",
                       hint="N = (H/p)·(W/p) jetons, chacun de dimension dim.")
        C.expect_equal(C.count_params(emb), (c * p * p + 1) * d,
                       name=f"nombre de paramètres de {label}",
                       hint="une seule projection linéaire (C·p² → dim, avec biais).")


@check(hidden=True)
def plongement_localite_et_ordre(PlongementPatchs):
    torch.manual_seed(5)
    emb = C.make_model(PlongementPatchs, 4, 3, 16, name="PlongementPatchs(4, 3, 16)")
    g = torch.Generator().manual_seed(21)
    x = torch.rand(2, 3, 32, 32, generator=g)
    base = C.as_tensor(C.forward(emb, x, name="PlongementPatchs(4, 3, 16)"), name="jetons")
    C.expect_shape(base, (2, 64, 16), name="PlongementPatchs(4, 3, 16)(x)")
    for i, j in [(2, 5), (6, 1)]:
        x2 = x.clone()
        x2[:, :, 4 * i:4 * i + 4, 4 * j:4 * j + 4] = torch.rand(2, 3, 4, 4, generator=g)
        out = C.as_tensor(C.forward(emb, x2, name="PlongementPatchs(4, 3, 16)"), name="jetons")
        k = 8 * i + j
        others = [t for t in range(64) if t != k]
        C.expect_close(out[:, others], base[:, others], rtol=1e-5, atol=1e-5,
                       name=f"jetons autres que {k} quand seul le patch (ligne {i}, colonne {j}) "
                            "change",
                       hint="chaque jeton ne doit dépendre que des pixels de son patch, lus "
                            "ligne par ligne : un simple `reshape(B, N, C·p·p)` mélange des "
                            "pixels de patchs différents (il faut un `permute`).")
        C.expect(float((out[:, k] - base[:, k]).abs().max()) > 1e-4,
                 f"Le jeton {k} ne change pas quand on modifie le patch (ligne {i}, colonne {j}).",
                 hint="le jeton i·(W/p) + j correspond au patch de la ligne i, colonne j.")


@check(hidden=True)
def plongement_partage_et_lineaire(PlongementPatchs):
    torch.manual_seed(6)
    emb = C.make_model(PlongementPatchs, 8, 3, 20, name="PlongementPatchs(8, 3, 20)")
    g = torch.Generator().manual_seed(22)
    patch = torch.rand(2, 3, 8, 8, generator=g)

    def jetons(x):
        return C.as_tensor(C.forward(emb, x, name="PlongementPatchs(8, 3, 20)"), name="jetons")

    tiled = jetons(patch.repeat(1, 1, 4, 4))
    C.expect_shape(tiled, (2, 16, 20), name="PlongementPatchs(8, 3, 20)(x)")
    C.expect_close(tiled, tiled[:, :1].expand(2, 16, 20), rtol=1e-5, atol=1e-5,
                   name="jetons d'une image formée de 16 copies du même patch",
                   hint="la même projection doit être appliquée à tous les patchs.")
    x1, x2 = torch.rand(2, 3, 32, 32, generator=g), torch.rand(2, 3, 32, 32, generator=g)
    y1, y2 = jetons(x1), jetons(x2)
    C.expect_close(jetons(0.3 * x1 + 0.7 * x2), 0.3 * y1 + 0.7 * y2, rtol=1e-4, atol=1e-4,
                   name="PlongementPatchs(0.3·x1 + 0.7·x2)",
                   hint="le plongement est une projection linéaire (affine), sans activation.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (mélange de jetons).** Écrire le module `MelangeTokens(nb_patchs, dim,
# dim_tokens)` : pour `x` de forme `(B, N, D)` (avec `N = nb_patchs`, `D = dim`), il renvoie
# `x + T(LN(x))`, de forme `(B, N, D)`, où `LN = nn.LayerNorm(dim)` normalise chaque jeton et
# `T` applique à chaque canal (chaque colonne de taille $N$) le MLP
# `Linear(N, dim_tokens) → GELU → Linear(dim_tokens, N)`. Pensez à **transposer** avant et
# après le MLP. Nombre de paramètres : $2D + 2 N D_t + D_t + N$.

# %%
class MLP(nn.Module):
    """Linear(d, h) → GELU → Linear(h, d), appliqué sur la dernière dimension."""

    def __init__(self, d: int, h: int):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(d, h), nn.Linear(h, d)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class MelangeTokens(nn.Module):
    """x (B, N, D) → x + MLP_tok(LN(x)ᵀ)ᵀ : le MLP agit sur les N jetons de chaque canal."""

    def __init__(self, nb_patchs: int, dim: int, dim_tokens: int):
        super().__init__()
        # BEGIN SOLUTION
        self.norm = nn.LayerNorm(dim)
        self.mlp = MLP(nb_patchs, dim_tokens)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return x + self.mlp(self.norm(x).transpose(1, 2)).transpose(1, 2)
        # END SOLUTION


# %%
@check
def tokens_forme(MelangeTokens):
    block = C.make_model(MelangeTokens, 16, 24, 8, name="MelangeTokens(16, 24, 8)")
    out = C.forward(block, torch.randn(2, 16, 24), name="MelangeTokens(16, 24, 8)")
    C.expect_shape(out, (2, 16, 24), name="MelangeTokens(16, 24, 8)(x)")
    C.expect_equal(C.count_params(block), 2 * 24 + 2 * 16 * 8 + 8 + 16,
                   name="nombre de paramètres de MelangeTokens(16, 24, 8)", reveal=True,
                   hint="LayerNorm(dim) puis MLP N → dim_tokens → N (avec biais).")


@check(hidden=True)
def tokens_parametres(MelangeTokens):
    for n, d, dt in [(64, 32, 16), (4, 8, 40), (9, 50, 6)]:
        label = f"MelangeTokens({n}, {d}, {dt})"
        block = C.make_model(MelangeTokens, n, d, dt, name=label)
        C.expect_shape(C.forward(block, torch.randn(3, n, d), name=label), (3, n, d),
                       name=f"{label}(x)")
        C.expect_equal(C.count_params(block), 2 * d + 2 * n * dt + dt + n,
                       name=f"nombre de paramètres de {label}",
                       hint="le MLP de jetons agit sur l'axe des N patchs (Linear(N, dim_tokens)"
                            " puis Linear(dim_tokens, N)) ; la LayerNorm porte sur dim.")


@check(hidden=True)
def tokens_normalisation_et_residu(MelangeTokens):
    torch.manual_seed(8)
    block = C.make_model(MelangeTokens, 16, 24, 8, name="MelangeTokens(16, 24, 8)")
    g = torch.Generator().manual_seed(31)
    x = torch.randn(2, 16, 24, generator=g)
    x2 = (0.5 + 2.5 * torch.rand(2, 16, 1, generator=g)) * x + torch.randn(2, 16, 1, generator=g)
    r1 = C.as_tensor(C.forward(block, x, name="MelangeTokens"), name="MelangeTokens(x)") - x
    r2 = C.as_tensor(C.forward(block, x2, name="MelangeTokens"), name="MelangeTokens(x)") - x2
    C.expect_close(r2, r1, rtol=1e-3, atol=2e-4,
                   name="MelangeTokens(x) − x pour des jetons x_t remplacés par a_t·x_t + b_t",
                   hint="la LayerNorm normalise chaque jeton sur ses `dim` canaux (dernier axe, "
                        "avant la transposition), et la sortie est x + MLP(…) avec l'entrée x "
                        "non normalisée.")


@check(hidden=True)
def tokens_melange_par_canal(MelangeTokens):
    torch.manual_seed(9)
    block = C.make_model(MelangeTokens, 16, 24, 8, name="MelangeTokens(16, 24, 8)")
    g = torch.Generator().manual_seed(32)
    x = torch.randn(2, 16, 24, generator=g)
    x2 = x.clone()
    x2[:, 5, 3], x2[:, 5, 17] = x[:, 5, 17], x[:, 5, 3]
    y1 = C.as_tensor(C.forward(block, x, name="MelangeTokens"), name="MelangeTokens(x)")
    y2 = C.as_tensor(C.forward(block, x2, name="MelangeTokens"), name="MelangeTokens(x)")
    C.expect_shape(y1, (2, 16, 24), name="MelangeTokens(16, 24, 8)(x)")
    others = [c for c in range(24) if c not in (3, 17)]
    C.expect_close(y2[:, :, others], y1[:, :, others], rtol=1e-5, atol=1e-5,
                   name="canaux non échangés, quand on échange deux canaux d'un seul jeton",
                   hint="le MLP de jetons doit agir sur chaque canal séparément : transposez "
                        "(B, N, D) → (B, D, N) avant le MLP, et revenez ensuite.")
    moved = (y2[:, :, [3, 17]] - y1[:, :, [3, 17]]).abs()
    moved[:, 5] = 0
    C.expect(float(moved.max()) > 1e-4,
             "`MelangeTokens` ne fait pas communiquer les jetons : modifier le jeton 5 ne "
             "change aucun autre jeton.",
             hint="le MLP de jetons prend, pour un canal, les N valeurs des N patchs.")


@check(hidden=True)
def tokens_mlp_gelu(MelangeTokens):
    @C.probe
    def ecart_a_l_oracle(block, x, tokens):
        # the parameters, recognised by their shapes (any storage layout of the two matrices),
        # LayerNorm at its default initialisation (weight 1, bias 0) as the statement says
        d = x.shape[2]
        d_in = x.shape[1] if tokens else d
        mats = [p.detach() for p in block.parameters() if p.dim() == 2]
        vecs = [p.detach() for p in block.parameters() if p.dim() == 1]
        if len(mats) != 2 or len(vecs) != 4:
            return None
        h = next((m.shape[0] if m.shape[1] == d_in else m.shape[1]) for m in mats)
        gammas = [v for v in vecs if v.numel() == d and bool((v == 1).all())]
        betas = [v for v in vecs if v.numel() == d and bool((v == 0).all())]
        b1s = [v for v in vecs if v.numel() == h]
        b2s = [v for v in vecs if v.numel() == d_in and not bool((v == 1).all())
               and not bool((v == 0).all())]
        if h == d_in or not (gammas and betas and len(b1s) == 1 and len(b2s) == 1):
            return None
        with torch.no_grad():
            y = block(x)
            z = torch.nn.functional.layer_norm(x, (d,), gammas[0], betas[0])
            if tokens:
                z = z.transpose(1, 2)
            ecarts = []
            for a, b in ((mats[0], mats[1]), (mats[1], mats[0])):
                w1 = a if a.shape == (h, d_in) else a.t()
                w2 = b if b.shape == (d_in, h) else b.t()
                r = torch.nn.functional.linear(
                    torch.nn.functional.gelu(torch.nn.functional.linear(z, w1, b1s[0])),
                    w2, b2s[0])
                ecarts.append(float((y - x - (r.transpose(1, 2) if tokens else r)).abs().max()))
        return min(ecarts)

    torch.manual_seed(13)
    block = C.make_model(MelangeTokens, 16, 24, 8, name="MelangeTokens(16, 24, 8)")
    x = torch.randn(2, 16, 24, generator=torch.Generator().manual_seed(33))
    ecart = C.call(ecart_a_l_oracle, block, x, True, name="MelangeTokens(16, 24, 8)")
    if ecart is not None:  # parameters not recognisable: the other checks judge the block
        C.expect(ecart < 5e-3,
                 "`MelangeTokens` ne calcule pas x + (Linear → GELU → Linear)(LN(x)ᵀ)ᵀ avec ses "
                 "propres paramètres.",
                 hint="le MLP de jetons est Linear(N, dim_tokens) → GELU → Linear(dim_tokens, N) "
                      "(GELU, pas ReLU), sur la LayerNorm par défaut.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 (mélange de canaux).** Écrire le module `MelangeCanaux(dim, dim_canaux)` : pour
# `x` de forme `(B, N, D)`, il renvoie `x + MLP_can(LN(x))` où `LN = nn.LayerNorm(dim)` et
# `MLP_can` est `Linear(D, dim_canaux) → GELU → Linear(dim_canaux, D)`, appliqué à chaque
# jeton. Nombre de paramètres : $2D + 2 D D_c + D_c + D$. (Vous pouvez réutiliser la classe
# `MLP` ci-dessus.)

# %%
class MelangeCanaux(nn.Module):
    """x (B, N, D) → x + MLP_can(LN(x)) : le même MLP pour chaque jeton."""

    def __init__(self, dim: int, dim_canaux: int):
        super().__init__()
        # BEGIN SOLUTION
        self.norm = nn.LayerNorm(dim)
        self.mlp = MLP(dim, dim_canaux)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return x + self.mlp(self.norm(x))
        # END SOLUTION


# %%
@check
def canaux_forme(MelangeCanaux):
    block = C.make_model(MelangeCanaux, 24, 48, name="MelangeCanaux(24, 48)")
    out = C.forward(block, torch.randn(2, 16, 24), name="MelangeCanaux(24, 48)")
    C.expect_shape(out, (2, 16, 24), name="MelangeCanaux(24, 48)(x)")
    C.expect_equal(C.count_params(block), 2 * 24 + 2 * 24 * 48 + 48 + 24,
                   name="nombre de paramètres de MelangeCanaux(24, 48)", reveal=True,
                   hint="LayerNorm(dim) puis MLP dim → dim_canaux → dim (avec biais).")


@check(hidden=True)
def canaux_parametres(MelangeCanaux):
    for d, dc in [(32, 128), (10, 7), (64, 256)]:
        label = f"MelangeCanaux({d}, {dc})"
        block = C.make_model(MelangeCanaux, d, dc, name=label)
        C.expect_shape(C.forward(block, torch.randn(3, 5, d), name=label), (3, 5, d),
                       name=f"{label}(x)")
        C.expect_equal(C.count_params(block), 2 * d + 2 * d * dc + dc + d,
                       name=f"nombre de paramètres de {label}")


@check(hidden=True)
def canaux_normalisation_et_residu(MelangeCanaux):
    torch.manual_seed(10)
    block = C.make_model(MelangeCanaux, 24, 48, name="MelangeCanaux(24, 48)")
    g = torch.Generator().manual_seed(41)
    x = torch.randn(2, 16, 24, generator=g)
    x2 = (0.5 + 2.5 * torch.rand(2, 16, 1, generator=g)) * x + torch.randn(2, 16, 1, generator=g)
    r1 = C.as_tensor(C.forward(block, x, name="MelangeCanaux"), name="MelangeCanaux(x)") - x
    r2 = C.as_tensor(C.forward(block, x2, name="MelangeCanaux"), name="MelangeCanaux(x)") - x2
    C.expect_close(r2, r1, rtol=1e-3, atol=2e-4,
                   name="MelangeCanaux(x) − x pour des jetons x_t remplacés par a_t·x_t + b_t",
                   hint="la LayerNorm normalise chaque jeton sur ses `dim` canaux, et la sortie "
                        "est x + MLP(LN(x)) : la connexion résiduelle ajoute l'entrée x, pas "
                        "l'entrée normalisée.")


@check(hidden=True)
def canaux_meme_mlp_pour_chaque_jeton(MelangeCanaux):
    torch.manual_seed(11)
    block = C.make_model(MelangeCanaux, 24, 48, name="MelangeCanaux(24, 48)")
    g = torch.Generator().manual_seed(42)
    x = torch.randn(2, 16, 24, generator=g)
    perm = torch.randperm(16, generator=g)
    y = C.as_tensor(C.forward(block, x, name="MelangeCanaux"), name="MelangeCanaux(x)")
    yp = C.as_tensor(C.forward(block, x[:, perm].contiguous(), name="MelangeCanaux"),
                     name="MelangeCanaux(x)")
    C.expect_shape(y, (2, 16, 24), name="MelangeCanaux(24, 48)(x)")
    C.expect_close(yp, y[:, perm], rtol=1e-5, atol=1e-5,
                   name="MelangeCanaux(x permuté) comparé à MelangeCanaux(x) permuté",
                   hint="le MLP de canaux s'applique à chaque jeton séparément, avec les mêmes "
                        "poids : permuter les jetons doit permuter la sortie.")
    x2 = x.clone()
    x2[:, 7, 0] += 1.5
    y2 = C.as_tensor(C.forward(block, x2, name="MelangeCanaux"), name="MelangeCanaux(x)")
    C.expect(float((y2[:, 7, 1:] - y[:, 7, 1:]).abs().max()) > 1e-4,
             "`MelangeCanaux` ne mélange pas les canaux : modifier un canal d'un jeton ne change "
             "pas ses autres canaux.", hint="le MLP agit sur le dernier axe (les `dim` canaux).")


@check(hidden=True)
def canaux_mlp_gelu(MelangeCanaux):
    @C.probe
    def ecart_a_l_oracle(block, x, tokens):
        # the parameters, recognised by their shapes (any storage layout of the two matrices),
        # LayerNorm at its default initialisation (weight 1, bias 0) as the statement says
        d = x.shape[2]
        d_in = x.shape[1] if tokens else d
        mats = [p.detach() for p in block.parameters() if p.dim() == 2]
        vecs = [p.detach() for p in block.parameters() if p.dim() == 1]
        if len(mats) != 2 or len(vecs) != 4:
            return None
        h = next((m.shape[0] if m.shape[1] == d_in else m.shape[1]) for m in mats)
        gammas = [v for v in vecs if v.numel() == d and bool((v == 1).all())]
        betas = [v for v in vecs if v.numel() == d and bool((v == 0).all())]
        b1s = [v for v in vecs if v.numel() == h]
        b2s = [v for v in vecs if v.numel() == d_in and not bool((v == 1).all())
               and not bool((v == 0).all())]
        if h == d_in or not (gammas and betas and len(b1s) == 1 and len(b2s) == 1):
            return None
        with torch.no_grad():
            y = block(x)
            z = torch.nn.functional.layer_norm(x, (d,), gammas[0], betas[0])
            if tokens:
                z = z.transpose(1, 2)
            ecarts = []
            for a, b in ((mats[0], mats[1]), (mats[1], mats[0])):
                w1 = a if a.shape == (h, d_in) else a.t()
                w2 = b if b.shape == (d_in, h) else b.t()
                r = torch.nn.functional.linear(
                    torch.nn.functional.gelu(torch.nn.functional.linear(z, w1, b1s[0])),
                    w2, b2s[0])
                ecarts.append(float((y - x - (r.transpose(1, 2) if tokens else r)).abs().max()))
        return min(ecarts)

    torch.manual_seed(14)
    block = C.make_model(MelangeCanaux, 24, 48, name="MelangeCanaux(24, 48)")
    x = torch.randn(2, 16, 24, generator=torch.Generator().manual_seed(43))
    ecart = C.call(ecart_a_l_oracle, block, x, False, name="MelangeCanaux(24, 48)")
    if ecart is not None:  # parameters not recognisable: the other checks judge the block
        C.expect(ecart < 5e-3,
                 "`MelangeCanaux` ne calcule pas x + (Linear → GELU → Linear)(LN(x)) avec ses "
                 "propres paramètres.",
                 hint="le MLP de canaux est Linear(dim, dim_canaux) → GELU → "
                      "Linear(dim_canaux, dim) (GELU, pas ReLU), sur la LayerNorm par défaut.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 (le réseau complet).** Écrire
#
# - `BlocMixer(nb_patchs, dim, dim_tokens, dim_canaux)` : `MelangeTokens` suivi de
#   `MelangeCanaux`, `(B, N, D) → (B, N, D)` ;
# - `MLPMixer(taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128,
#   taille_image=32, canaux=3, nb_classes=10)` : plongement des patchs, `profondeur` blocs
#   Mixer, LayerNorm finale, moyenne sur les jetons, couche linéaire `dim → nb_classes`. Il prend
#   `(B, canaux, taille_image, taille_image)` et renvoie des logits `(B, nb_classes)`.
#
# Le nombre de paramètres est la somme de ceux des morceaux, plus $2D + D K + K$ pour la tête
# ($K$ = `nb_classes`).

# %%
class BlocMixer(nn.Module):
    """MelangeTokens puis MelangeCanaux."""

    def __init__(self, nb_patchs: int, dim: int, dim_tokens: int, dim_canaux: int):
        super().__init__()
        # BEGIN SOLUTION
        self.tokens = MelangeTokens(nb_patchs, dim, dim_tokens)
        self.canaux = MelangeCanaux(dim, dim_canaux)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return self.canaux(self.tokens(x))
        # END SOLUTION


class MLPMixer(nn.Module):
    """Plongement → profondeur × BlocMixer → LayerNorm → moyenne sur les jetons → Linear."""

    def __init__(self, taille_patch: int = 8, dim: int = 64, profondeur: int = 2,
                 dim_tokens: int = 32, dim_canaux: int = 128, taille_image: int = 32,
                 canaux: int = 3, nb_classes: int = 10):
        super().__init__()
        # BEGIN SOLUTION
        nb_patchs = (taille_image // taille_patch) ** 2
        self.plongement = PlongementPatchs(taille_patch, canaux, dim)
        self.blocs = nn.Sequential(*[BlocMixer(nb_patchs, dim, dim_tokens, dim_canaux)
                                     for _ in range(profondeur)])
        self.norm = nn.LayerNorm(dim)
        self.tete = nn.Linear(dim, nb_classes)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        h = self.norm(self.blocs(self.plongement(x)))
        return self.tete(h.mean(dim=1))
        # END SOLUTION


# %%
mixer = MLPMixer()
print("paramètres du MLP-Mixer :", sum(p.numel() for p in mixer.parameters()))
print(mixer(torch.rand(2, 3, 32, 32)).shape)

# %%
@check
def mixer_forme(MLPMixer):
    model = C.make_model(MLPMixer, name="MLPMixer()")
    out = C.forward(model, torch.rand(2, 3, 32, 32), name="MLPMixer()")
    C.expect_shape(out, (2, 10), name="MLPMixer()(x)")
    d, n, dt, dc = 64, 16, 32, 128
    expected = ((3 * 64 + 1) * d + 2 * ((2 * d + 2 * n * dt + dt + n)
                                        + (2 * d + 2 * d * dc + dc + d)) + 2 * d + 10 * d + 10)
    C.expect_equal(C.count_params(model), expected, name="nombre de paramètres de MLPMixer()",
                   reveal=True, hint="plongement + 2 blocs + LayerNorm finale + Linear(dim, 10).")


@check(hidden=True)
def bloc_mixer(BlocMixer):
    torch.manual_seed(12)
    block = C.make_model(BlocMixer, 16, 24, 8, 48, name="BlocMixer(16, 24, 8, 48)")
    C.expect_equal(C.count_params(block), (2 * 24 + 2 * 16 * 8 + 8 + 16)
                   + (2 * 24 + 2 * 24 * 48 + 48 + 24),
                   name="nombre de paramètres de BlocMixer(16, 24, 8, 48)",
                   hint="un MelangeTokens puis un MelangeCanaux.")
    g = torch.Generator().manual_seed(51)
    x = torch.randn(2, 16, 24, generator=g)
    y = C.as_tensor(C.forward(block, x, name="BlocMixer"), name="BlocMixer(x)")
    C.expect_shape(y, (2, 16, 24), name="BlocMixer(16, 24, 8, 48)(x)")
    x2 = x.clone()
    x2[:, 3] += torch.randn(2, 24, generator=g)
    y2 = C.as_tensor(C.forward(block, x2, name="BlocMixer"), name="BlocMixer(x)")
    moved = (y2 - y).abs()
    moved[:, 3] = 0
    C.expect(float(moved.max()) > 1e-4, "`BlocMixer` ne fait pas communiquer les jetons.",
             hint="le bloc commence par le mélange de jetons.")


@check(hidden=True)
def bloc_mixer_ordre(BlocMixer, MelangeTokens, MelangeCanaux):
    # The block against its own two sub-blocks composed in the stated order: both orders keep
    # shapes and parameter count. A block that does not hold one MelangeTokens and one
    # MelangeCanaux (written inline) is left to the other checks.
    @C.probe
    def ecarts(block, x):
        parts = [m for m in block.modules() if m is not block]
        tokens = [m for m in parts if isinstance(m, MelangeTokens)]
        canaux = [m for m in parts if isinstance(m, MelangeCanaux)]
        if len(tokens) != 1 or len(canaux) != 1:
            return None
        with torch.no_grad():
            y = block(x)
            return (float((y - canaux[0](tokens[0](x))).abs().max()),
                    float((y - tokens[0](canaux[0](x))).abs().max()))

    torch.manual_seed(14)
    label = "BlocMixer(16, 24, 8, 48)"
    block = C.make_model(BlocMixer, 16, 24, 8, 48, name=label)
    x = torch.randn(3, 16, 24, generator=torch.Generator().manual_seed(52))
    found = C.call(ecarts, block, x, name=label)
    if found is not None:
        C.expect(found[0] < 1e-5,
                 f"`{label}` ne calcule pas MelangeCanaux(MelangeTokens(x))"
                 + (" : les deux sous-blocs sont appliqués dans l'ordre inverse."
                    if found[1] < 1e-5 else "."),
                 hint="le mélange de jetons d'abord, puis le mélange de canaux sur son résultat.")


@check(hidden=True)
def mixer_tailles_de_patch(MLPMixer):
    configs = [
        dict(taille_patch=2, dim=16, profondeur=1, dim_tokens=8, dim_canaux=32),
        dict(taille_patch=4, dim=32, profondeur=3, dim_tokens=16, dim_canaux=64),
        dict(taille_patch=16, dim=48, profondeur=2, dim_tokens=12, dim_canaux=40),
        dict(taille_patch=7, dim=20, profondeur=2, dim_tokens=6, dim_canaux=24,
             taille_image=28, canaux=1, nb_classes=5),
    ]
    for cfg in configs:
        label = "MLPMixer(" + ", ".join(f"{k}={v}" for k, v in cfg.items()) + ")"
        p, d, depth = cfg["taille_patch"], cfg["dim"], cfg["profondeur"]
        dt, dc = cfg["dim_tokens"], cfg["dim_canaux"]
        size, c, k = cfg.get("taille_image", 32), cfg.get("canaux", 3), cfg.get("nb_classes", 10)
        n = (size // p) ** 2
        model = C.make_model(MLPMixer, name=label, **cfg)
        out = C.forward(model, torch.rand(3, c, size, size), name=label)
        C.expect_shape(out, (3, k), name=f"{label}(x)")
        expected = ((c * p * p + 1) * d
                    + depth * ((2 * d + 2 * n * dt + dt + n) + (2 * d + 2 * d * dc + dc + d))
                    + 2 * d + d * k + k)
        C.expect_equal(C.count_params(model), expected, name=f"nombre de paramètres de {label}",
                       hint="N = (taille_image / taille_patch)² ; `profondeur` blocs ; la tête "
                            "moyenne sur les jetons puis Linear(dim, nb_classes).")


@check(hidden=True)
def mixer_moyenne_sur_les_jetons(MLPMixer):
    # Two Mixers with N = 4 and N = 16 patches, profondeur=2 as the statement allows. Only the
    # token-mixing weights have N in their shape: zeroed, they make each token-mixing block the
    # identity (residual); every other parameter gets the same values in both models, so a
    # token-wise mean sees the same tokens whatever N, and a sum sees N times more.
    @C.probe
    def neutraliser(model, n):
        g = torch.Generator().manual_seed(5)
        with torch.no_grad():
            for p in model.parameters():
                if n in p.shape:
                    p.zero_()
                else:
                    p.copy_(0.3 * torch.randn(p.shape, generator=g))

    outputs = []
    for size in (16, 32):
        label = f"MLPMixer(taille_patch=8, profondeur=2, taille_image={size})"
        model = C.make_model(MLPMixer, name=label, taille_patch=8, dim=24, profondeur=2,
                             dim_tokens=6, dim_canaux=40, taille_image=size)
        C.call(neutraliser, model, (size // 8) ** 2, name=label)
        model.eval()
        patch = torch.rand(2, 3, 8, 8, generator=torch.Generator().manual_seed(1))
        image = patch.repeat(1, 1, size // 8, size // 8)
        outputs.append(C.forward(model, image, name=f"{label}(x)"))
    C.expect_close(outputs[1], outputs[0], name="MLPMixer(image de patchs identiques)",
                   rtol=1e-4, atol=1e-5,
                   hint="avec des jetons tous égaux, la tête doit voir leur moyenne, quel que soit "
                        "leur nombre : une moyenne sur les jetons (dim=1), pas une somme.")
    # Same model (N = 16, token mixing neutralised, so each token depends on its patch only):
    # the head is affine after a mean, so half the patches from P and half from Q give the
    # average of the all-P and all-Q logits; a max (or a single token) over tokens does not.
    g = torch.Generator().manual_seed(2)
    p, q = torch.rand(2, 3, 8, 8, generator=g), torch.rand(2, 3, 8, 8, generator=g)
    all_p, all_q = p.repeat(1, 1, 4, 4), q.repeat(1, 1, 4, 4)
    half = all_p.clone()
    half[:, :, 16:] = all_q[:, :, 16:]
    lp, lq, lh = (C.as_tensor(C.forward(model, image, name=f"{label}(x)"), name=label)
                  for image in (all_p, all_q, half))
    C.expect_close(lh, (lp + lq) / 2, name="MLPMixer(moitié de patchs P, moitié de patchs Q)",
                   rtol=1e-4, atol=1e-5,
                   hint="la tête fait la moyenne des jetons (global average pooling) : ni un "
                        "maximum, ni un seul jeton.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# points: 3

# %% [markdown]
# **Question 5 (précision).** Le correcteur entraîne `MLPMixer(taille_patch=8, dim=64,
# profondeur=2, dim_tokens=32, dim_canaux=128)` avec Adam et l'entropie croisée sous un petit
# budget, puis mesure sa précision sur ses propres images. Rien à écrire de plus ; la
# vérification publique contrôle seulement que le modèle sait sur-apprendre un petit lot.

# %%
@check
def mixer_surapprend_un_lot(MLPMixer):
    import dataclasses

    b = dataclasses.replace(C.budget("mixer"), epochs=30, train_size=64, batch_size=64)
    C.seed_everything()
    label = "MLPMixer(taille_patch=8, …)"
    model = C.make_model(MLPMixer, taille_patch=8, dim=64, profondeur=2, dim_tokens=32,
                         dim_canaux=128, name=label)
    before = C.training_loss(model, b, name=label)
    C.train_classifier(model, b, name=label)
    after = C.training_loss(model, b, name=label)
    C.expect(after < 0.5 * before,
             f"`MLPMixer` ne sur-apprend pas un lot de 64 images : perte {before:.3f} → "
             f"{after:.3f} en 30 pas.",
             hint="vérifiez les connexions résiduelles et que la sortie est faite de logits.")


@check(hidden=True)
def mixer_precision(MLPMixer):
    b = C.budget("mixer")
    C.seed_everything()
    label = "MLPMixer(taille_patch=8, …)"
    model = C.make_model(MLPMixer, taille_patch=8, dim=64, profondeur=2, dim_tokens=32,
                         dim_canaux=128, name=label)
    C.train_classifier(model, b, name=label)
    C.expect_accuracy(C.accuracy(model, b.dataset, name=label), b, name=label,
                      hint="vérifiez le découpage en patchs, les transpositions et les "
                           "connexions résiduelles.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Comparaisons (MLP, CNN) et influence de la taille des patchs
#
# Les deux modèles de référence ci-dessous sont fournis. Par défaut (`ENTRAINER = False`), la
# cellule suivante ne fait que compter les paramètres (instantané) ; passez `ENTRAINER = True`
# pour entraîner les trois modèles et balayer la taille des patchs et la dimension cachée
# (quelques minutes sur CPU).

# %%
def creer_mlp_classique(largeur: int = 256) -> nn.Module:
    return nn.Sequential(nn.Flatten(), nn.Linear(3 * 32 * 32, largeur), nn.ReLU(),
                         nn.Linear(largeur, largeur), nn.ReLU(), nn.Linear(largeur, 10))


def creer_cnn_simple(c: int = 32) -> nn.Module:
    return nn.Sequential(nn.Conv2d(3, c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(c, 2 * c, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(2 * c, 10))


def nb_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


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
candidats = {"MLP": creer_mlp_classique, "CNN": creer_cnn_simple, "Mixer p=8": MLPMixer}
for nom, fabrique in candidats.items():
    m = fabrique()
    ligne = f"{nom:10s} {nb_params(m):>9,d} paramètres"
    if ENTRAINER:
        ligne += f"   précision de test {entrainer_et_evaluer(m):.3f}"
    print(ligne)

tailles, dims = [2, 4, 8, 16], [32, 64, 128]
table = torch.tensor([[nb_params(MLPMixer(taille_patch=p, dim=d)) for d in dims]
                      for p in tailles], dtype=torch.float64)
fig, ax = plt.subplots(figsize=(4, 3))
for j, d in enumerate(dims):
    ax.plot(tailles, table[:, j], marker="o", label=f"dim = {d}")
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("taille des patchs")
ax.set_ylabel("paramètres")
ax.legend()
plt.show()
if ENTRAINER:
    for p in tailles:
        for d in dims:
            acc = entrainer_et_evaluer(MLPMixer(taille_patch=p, dim=d))
            print(f"p = {p:2d}, dim = {d:3d} : précision {acc:.3f}")

# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 4

# %% [markdown]
# **Question 6 (rédigée).** Avec `ENTRAINER = True`, comparez le MLP-Mixer au MLP classique et
# au CNN (précision, nombre de paramètres, temps d'entraînement), puis analysez l'influence de
# la taille des patchs $p$ (nombre de jetons $N$, coût du mélange de jetons, finesse spatiale)
# et de la dimension cachée $D$. Quels biais inductifs le Mixer partage-t-il avec le CNN et
# lesquels lui manquent ? Rappelez que les données ici sont un substitut synthétique : que
# faudrait-il vérifier sur le vrai CIFAR-10 ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **Comparaison** : le MLP classique aplatit l'image (3 072 entrées) et
# compte beaucoup de paramètres dans sa première couche, sans aucune structure spatiale ; le CNN,
# avec très peu de paramètres (partage des poids, localité, invariance par translation via le
# pooling), reste le plus efficace à petit budget de données ; le Mixer se place entre les deux :
# il partage les poids entre patchs (mélange de canaux) et entre canaux (mélange de jetons), mais
# son mélange de jetons dépend de la position absolue (pas d'invariance par translation), ce qui
# demande plus de données — sur le vrai CIFAR-10 sans pré-entraînement, un petit Mixer fait
# typiquement moins bien qu'un CNN de taille comparable. **Taille des patchs** : $N =
# (32/p)^2$ ; petits patchs ⇒ beaucoup de jetons, MLP de jetons en $O(N D_t)$ paramètres et
# coût en $O(N^2)$ par canal, plus de détails spatiaux mais plus lent ; grands patchs ⇒ peu de
# jetons, plongement plus gros ($3p^2 D$), perte de finesse (p = 16 ne garde que 4 jetons).
# **Dimension cachée** : augmenter $D$ accroît la capacité (le mélange de canaux, en $O(D
# D_c)$, domine le nombre de paramètres) jusqu'à saturation puis sur-apprentissage avec 5 000
# images. Sur des données synthétiques faciles, les écarts sont faibles ; il faudrait refaire
# l'étude sur le vrai CIFAR-10, avec plusieurs graines et plus d'époques (augmentation de
# données), pour conclure.

