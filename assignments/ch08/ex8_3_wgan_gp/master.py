# %% [markdown]
# # Exercice 8.3 (⋆⋆) — WGAN-GP : critique, pénalité de gradient, $n_{\text{critic}} = 5$
#
# Le GAN de Wasserstein (section 8.4) remplace le discriminateur par un **critique** $f_w$
# **sans sigmoïde** en sortie : $f_w(x)$ est un score réel quelconque, et l'objectif est
#
# $$\max_{w\,:\,\|f_w\|_L \le 1} \; \mathbb E_{x \sim p_{\text{data}}}\big[f_w(x)\big] -
# \mathbb E_{z \sim p_z}\big[f_w(G_\theta(z))\big]. \qquad (8.15)$$
#
# Gulrajani et al. (2017) imposent la contrainte de Lipschitz par une **pénalité de
# gradient** : le critique minimise
#
# $$L_{\text{WGAN-GP}} = \mathbb E_z\big[f_w(G(z))\big] - \mathbb E_x\big[f_w(x)\big] +
# \lambda\, \mathbb E_{\hat x}\Big[\big(\|\nabla_{\hat x} f_w(\hat x)\|_2 - 1\big)^2\Big]
# \qquad (8.16)$$
#
# où $\hat x = \epsilon x + (1 - \epsilon) G(z)$ avec $\epsilon \sim \mathcal U(0, 1)$ tiré
# **pour chaque exemple**, et typiquement $\lambda = 10$. Le générateur minimise
# $-\mathbb E_z[f_w(G(z))]$, et l'on fait $n_{\text{critic}} = 5$ pas du critique par pas du
# générateur.
#
# L'exercice 8.3 du cours demande de modifier le DCGAN de la section 8.7 pour (1) supprimer la
# sigmoïde du discriminateur, (2) implémenter la pénalité (8.16), (3) entraîner le critique
# $n_{\text{critic}} = 5$ fois par itération du générateur et (4) comparer les courbes de perte
# et la qualité visuelle avec le GAN standard. Les questions 1 à 4 sont corrigées
# automatiquement ; la question 5 (point 4) est rédigée.
#
# **Conventions.** Les images sont des tenseurs $(B, C, H, W)$ ; un critique prend un tel
# tenseur et renvoie les $B$ scores, de forme $(B,)$. Le correcteur appelle vos fonctions avec
# ses propres critiques (petits modules ou fonctions, en `float64` le plus souvent) et ses
# propres tenseurs : écrivez-les pour un critique et des images quelconques, sans supposer
# $C = 1$ ni $H = W = 28$ (sauf pour la classe `Critique`).
#
# **Données.** L'illustration finale (non notée) s'entraîne sur Fashion-MNIST, chargé hors
# ligne par `autograder.data.load`, qui renvoie le même objet que
# `torchvision.datasets.FashionMNIST`. Dans cet environnement, c'est une copie de
# **substitution synthétique** au même format (images $1 \times 28 \times 28$) : là où la vraie
# base est disponible, elle se charge de la même façon, mais les images générées ici ne
# ressemblent pas à des vêtements. Aucune vérification n'utilise ces données.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# %% [markdown]
# **Le générateur (donné, non noté).** C'est celui de la section 8.7, plus petit :
# `Generateur(dim_latente=32, features=16)` transforme `z` de forme `(B, dim_latente)` en
# images `(B, 1, 28, 28)` à valeurs dans $[-1, 1]$ (tanh finale). Il garde ses BatchNorm : la
# pénalité ne porte que sur le critique.

# %%
class Generateur(nn.Module):
    """Générateur DCGAN (section 8.7) : z (B, dim_latente) → images (B, 1, 28, 28) dans [−1, 1]."""

    def __init__(self, dim_latente: int = 32, features: int = 16):
        super().__init__()
        self.dim_latente = dim_latente
        self.net = nn.Sequential(
            nn.ConvTranspose2d(dim_latente, features * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(features * 4),
            nn.ReLU(),
            nn.ConvTranspose2d(features * 4, features * 2, 3, 2, 1, bias=False),
            nn.BatchNorm2d(features * 2),
            nn.ReLU(),
            nn.ConvTranspose2d(features * 2, features, 4, 2, 1, bias=False),
            nn.BatchNorm2d(features),
            nn.ReLU(),
            nn.ConvTranspose2d(features, 1, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z.reshape(z.shape[0], -1, 1, 1))


# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — le critique.** Écrire le module `Critique(canaux=1, features=16)` : le
# discriminateur de la section 8.7 **sans la sigmoïde finale** et **sans BatchNorm**. Une
# BatchNorm mélange les exemples d'un lot (en mode entraînement, le score d'une image dépend
# des autres images du lot), alors que la pénalité (8.16) porte sur le gradient du score de
# **chaque** exemple par rapport à **cet** exemple : on la supprime, **sans la remplacer**
# (aucune couche de normalisation). Avec $f$ = `features`, les couches sont, dans cet ordre :
#
# | couche | sortie pour une entrée $(B, \text{canaux}, 28, 28)$ |
# |---|---|
# | `Conv2d(canaux, f, 4, stride=2, padding=1, bias=False)`, `LeakyReLU(0.2)` | $(B, f, 14, 14)$ |
# | `Conv2d(f, 2f, 4, stride=2, padding=1, bias=False)`, `LeakyReLU(0.2)` | $(B, 2f, 7, 7)$ |
# | `Conv2d(2f, 4f, 3, stride=2, padding=1, bias=False)`, `LeakyReLU(0.2)` | $(B, 4f, 4, 4)$ |
# | `Conv2d(4f, 1, 4, stride=1, padding=0, bias=False)` | $(B, 1, 1, 1)$ |
#
# `forward(x)` renvoie les scores **réels** (ni sigmoïde ni tanh : ils ne sont pas bornés) de
# forme $(B,)$. Le correcteur fixe les poids des convolutions (par leur forme) et compare vos
# scores à ceux de cette architecture, en mode entraînement, pour plusieurs `canaux` et
# `features` ; il vérifie aussi que le score d'une image ne dépend pas des autres images du lot.

# %%
class Critique(nn.Module):
    """Critique WGAN : images (B, canaux, 28, 28) → scores réels (B,), sans sigmoïde ni BN."""

    def __init__(self, canaux: int = 1, features: int = 16):
        super().__init__()
        # BEGIN SOLUTION
        self.net = nn.Sequential(
            nn.Conv2d(canaux, features, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2),
            nn.Conv2d(features, features * 2, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2),
            nn.Conv2d(features * 2, features * 4, 3, 2, 1, bias=False),
            nn.LeakyReLU(0.2),
            nn.Conv2d(features * 4, 1, 4, 1, 0, bias=False),
        )
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        return self.net(x).reshape(-1)
        # END SOLUTION


# %%
print(Critique()(torch.randn(3, 1, 28, 28)).shape)


# %%
@helper
def critique_oracle(x, canaux, features):
    """Les scores de l'architecture de l'énoncé, poids fixés par leur forme, en float64."""
    from autograder.checks import oracles

    s, f = oracles.seeded_by_shape, features
    h = F.leaky_relu(F.conv2d(x, s((f, canaux, 4, 4)), stride=2, padding=1), 0.2)
    h = F.leaky_relu(F.conv2d(h, s((2 * f, f, 4, 4)), stride=2, padding=1), 0.2)
    h = F.leaky_relu(F.conv2d(h, s((4 * f, 2 * f, 3, 3)), stride=2, padding=1), 0.2)
    return F.conv2d(h, s((1, 4 * f, 4, 4))).reshape(-1)


@helper
def scores_critique(modele, x, label):
    """modele(x) (float32), sa forme (B,) vérifiée, en float64."""
    out = C.as_tensor(C.forward(modele, x.float(), name=label), f"{label}(x)")
    C.expect_shape(out, (x.shape[0],), name=f"{label}(x)",
                   hint="un score par image : `.reshape(-1)` (ou `.view(-1)`) sur la sortie "
                        "(B, 1, 1, 1) de la dernière convolution.")
    return out.double()


@check
def critique_forme_sans_sigmoide(Critique):
    label = "Critique()"
    modele = C.make_model(Critique, name=label)
    x = torch.randn(5, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    scores_critique(modele, x, label)
    C.load_seeded_weights(modele, label)
    # a critic without bias nor squashing is positively homogeneous: f(s·x) = s·f(x)
    echelle = 5.0 / float(critique_oracle(x.double(), 1, 16).abs().max())
    scores = scores_critique(modele, echelle * x, label)
    C.expect(float(scores.abs().max()) > 1.0,
             "Les scores de `Critique` restent dans [−1, 1] même pour des entrées de grande "
             "norme : la sortie passe encore par une sigmoïde (ou une tanh).",
             hint="un critique WGAN renvoie un score réel non borné : supprimez la sigmoïde "
                  "finale du discriminateur de la section 8.7.")


@check(hidden=True)
def critique_contre_oracle(Critique):
    g = torch.Generator().manual_seed(1)
    for canaux, features, kwargs in ((1, 16, {}), (3, 4, {"canaux": 3, "features": 4}),
                                     (1, 8, {"features": 8})):
        label = f"Critique(canaux={canaux}, features={features})"
        modele = C.make_model(Critique, name=label, **kwargs)
        C.load_seeded_weights(modele, label)
        x = torch.randn(4, canaux, 28, 28, generator=g)
        scores = scores_critique(modele, x, label)
        attendu = critique_oracle(x.double(), canaux, features)
        C.expect_close(scores, attendu, name=f"scores de {label}, poids fixés", rtol=1e-4,
                       atol=1e-4 * float(attendu.abs().max()),
                       hint="quatre Conv2d sans biais (4/2/1, 4/2/1, 3/2/1, 4/1/0), "
                            "LeakyReLU(0.2) après les trois premières, ni BatchNorm ni "
                            "sigmoïde, f → 2f → 4f → 1 canaux.")


@check(hidden=True)
def critique_exemples_independants(Critique):
    label = "Critique()"
    modele = C.make_model(Critique, name=label)  # train mode, as built
    C.load_seeded_weights(modele, label)
    g = torch.Generator().manual_seed(2)
    x = torch.randn(6, 1, 28, 28, generator=g)
    autres = 3 * torch.randn(6, 1, 28, 28, generator=g) + 1
    attendu = critique_oracle(x.double(), 1, 16)
    tol = {"rtol": 1e-4, "atol": 1e-4 * float(attendu.abs().max())}
    indice = ("en mode entraînement, le score d'une image ne doit pas dépendre des autres "
              "images du lot : pas de BatchNorm (ni d'autre normalisation sur le lot) dans le "
              "critique.")
    melange = torch.cat([x[:3], autres[3:]])
    C.expect_close(scores_critique(modele, melange, label)[:3], attendu[:3],
                   name="scores des 3 premières images quand les 3 autres changent", **tol,
                   hint=indice)
    C.expect_close(scores_critique(modele, x[:1], label), attendu[:1],
                   name="score d'une image seule (lot de taille 1)", **tol, hint=indice)
    C.expect_close(scores_critique(modele, x, label), attendu, name="scores du lot", **tol)


@check(hidden=True)
def critique_differentiable(Critique):
    @C.probe
    def gradient_entree(modele, x):
        x = x.clone().requires_grad_(True)
        scores = modele(x)
        if not (isinstance(scores, torch.Tensor) and scores.requires_grad):
            return None
        (gradient,) = torch.autograd.grad(scores.sum(), x)
        return gradient

    label = "Critique()"
    modele = C.make_model(Critique, name=label)
    C.load_seeded_weights(modele, label)
    x = torch.randn(3, 1, 28, 28, generator=torch.Generator().manual_seed(12))
    obtenu = C.call(gradient_entree, modele, x, name=label)
    C.expect(obtenu is not None,
             "Les scores de `Critique` ne sont pas reliés au graphe d'autograd : ni la perte ni "
             "la pénalité de gradient ne pourraient entraîner le critique.",
             hint="pas de .detach(), de torch.no_grad() ni de .data dans forward.")
    feuille = x.double().requires_grad_(True)
    (attendu,) = torch.autograd.grad(critique_oracle(feuille, 1, 16).sum(), feuille)
    C.expect_close(C.as_tensor(obtenu, "gradient").double(), attendu, rtol=1e-3,
                   atol=1e-4 * float(attendu.abs().max()),
                   name="gradient des scores de Critique() par rapport aux images, poids fixés")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 4

# %% [markdown]
# **Question 2 — la pénalité de gradient (8.16).** Écrire
# `penalite_gradient(critique, reels, faux, generateur=None)` où `reels` et `faux` sont deux
# lots d'images de même forme $(B, C, H, W)$ et `critique` un module (ou une fonction) qui
# renvoie des scores $(B,)$. Dans cet ordre :
#
# 1. tirer **un** $\epsilon$ par exemple, par **un seul** appel
#    `torch.rand(B, 1, 1, 1, generator=generateur)` (c'est le seul tirage aléatoire de la
#    fonction ; `generateur=None` utilise le générateur global). Ce tirage est en `float32` ;
#    convertissez-le au type de `reels` (`.to(reels)`). Tirer directement au type de `reels`
#    (`dtype=reels.dtype`) est aussi accepté ;
# 2. $\hat x = \epsilon \cdot \texttt{reels} + (1 - \epsilon) \cdot \texttt{faux}$, rendu
#    différentiable (par exemple `.detach().requires_grad_(True)` : la pénalité n'a pas à
#    remonter jusqu'au générateur) ;
# 3. $\nabla_{\hat x} f(\hat x)$ par
#    `torch.autograd.grad(..., create_graph=True)` : le gradient doit rester dans le graphe
#    pour que la pénalité **entraîne le critique** (sa rétropropagation atteint les paramètres
#    du critique) ;
# 4. la norme $L_2$ de ce gradient **sur toutes les dimensions sauf celle du lot** (une norme
#    par exemple, sur ses $C \cdot H \cdot W$ composantes) ;
# 5. renvoyer la **moyenne sur le lot** de $(\|\nabla\| - 1)^2$, tenseur 0-d du type de
#    `reels` (`float32` ou `float64`). Le facteur $\lambda$ **n'est pas** inclus ici.
#
# La fonction ne modifie ni `reels` ni `faux`. *Correction* : valeurs comparées à celles de la
# correction avec le même état du générateur (tolérance relative $10^{-6}$ en `float64`) sur
# des critiques dont on connaît le gradient ; gradients des paramètres d'un critique
# (rétropropagation de la pénalité) comparés à ceux de la correction.

# %%
def penalite_gradient(critique, reels: torch.Tensor, faux: torch.Tensor,
                      generateur: torch.Generator | None = None) -> torch.Tensor:
    """Moyenne sur le lot de (‖∇ f(x̂)‖₂ − 1)², x̂ = ε·reels + (1 − ε)·faux, sans λ."""
    # BEGIN SOLUTION
    eps = torch.rand(reels.shape[0], 1, 1, 1, generator=generateur).to(reels)
    x_chapeau = (eps * reels + (1 - eps) * faux).detach().requires_grad_(True)
    (gradient,) = torch.autograd.grad(critique(x_chapeau).sum(), x_chapeau, create_graph=True)
    return ((gradient.flatten(1).norm(dim=1) - 1) ** 2).mean()
    # END SOLUTION


# %%
print(penalite_gradient(Critique(), torch.randn(4, 1, 28, 28), torch.randn(4, 1, 28, 28)))


# %%
@helper
def epsilons_possibles(B, graine, dtype):
    """Les ε qu'une lecture correcte de l'énoncé tire : float32 converti, ou au type des images."""
    return [torch.rand(B, 1, 1, 1, generator=torch.Generator().manual_seed(graine),
                       dtype=d).to(dtype) for d in (torch.float32, dtype)]


@helper
def le_plus_proche(obtenu, candidats):
    """Le candidat le plus proche de ce qu'a renvoyé l'élève (les lectures admises de l'énoncé)."""
    return min(candidats, key=lambda c: float((c - obtenu).abs().max()))


@helper
def penalite_seedee(penalite_gradient, critique, reels, faux, graine):
    """penalite_gradient(critique, reels, faux, generateur=Generator().manual_seed(graine)),
    appelée là où vit l'élève (un générateur ne traverse pas la frontière du bac à sable)."""
    @C.probe
    def avec_graine(critique, reels, faux, graine):
        return penalite_gradient(critique, reels, faux,
                                 generateur=torch.Generator().manual_seed(graine))

    out = C.as_tensor(C.call(avec_graine, critique, reels.clone(), faux.clone(), graine,
                             name="penalite_gradient"), "penalite_gradient(...)")
    C.expect_shape(out, (), name="penalite_gradient(...)",
                   hint="un tenseur 0-d : la moyenne sur le lot (`.mean()`).")
    return out


@helper
def critique_lineaire(w, b):
    """f(x) = ⟨w, x⟩ + b par exemple : ∇f = w partout, la pénalité vaut (‖w‖ − 1)²."""
    @C.probe
    def lineaire(x):
        return (x * w.to(x.dtype)).flatten(1).sum(dim=1) + b

    return lineaire


@helper
def critique_quadratique(c):
    """f(x) = Σ c·x² par exemple : ∇f(x̂) = 2 c x̂ dépend de x̂, donc de chaque ε."""
    @C.probe
    def quadratique(x):
        return (c.to(x.dtype) * x ** 2).flatten(1).sum(dim=1)

    return quadratique


@helper
def cas_quadratique(graine, forme):
    """Un critique quadratique et deux lots (reels, faux) de forme `forme`, en float64."""
    g = torch.Generator().manual_seed(graine)
    c = torch.rand(forme[1:], generator=g, dtype=torch.float64) + 0.5
    reels = torch.randn(forme, generator=g, dtype=torch.float64)
    faux = torch.randn(forme, generator=g, dtype=torch.float64)
    return critique_quadratique(c), reels, faux


@check
def penalite_exemple(penalite_gradient):
    g = torch.Generator().manual_seed(3)
    w = torch.randn(1, 1, 4, 4, generator=g, dtype=torch.float64)
    w = 3 * w / w.norm()  # ‖w‖ = 3 : (‖w‖ − 1)² = 4 pour tout x̂
    reels = torch.randn(3, 1, 4, 4, generator=g, dtype=torch.float64)
    faux = torch.randn(3, 1, 4, 4, generator=g, dtype=torch.float64)
    out = C.as_tensor(C.call(penalite_gradient, critique_lineaire(w, 0.5), reels, faux,
                             name="penalite_gradient"), "penalite_gradient(...)")
    C.expect_shape(out, (), name="penalite_gradient(f linéaire, reels, faux)",
                   hint="un tenseur 0-d : la moyenne sur le lot.")
    C.expect_scalar_close(out, 4.0, name="penalite_gradient pour f(x) = ⟨w, x⟩ + 0,5 avec "
                                         "‖w‖ = 3", reveal=True,
                          hint="∇f = w pour tout x̂ : (‖w‖ − 1)² = 4 ; norme sur toutes les "
                               "dimensions sauf le lot, pas de λ.")


@check(hidden=True)
def penalite_critiques_lineaires(penalite_gradient):
    g = torch.Generator().manual_seed(4)
    for forme, norme in (((5, 2, 3, 4), 2.5), ((4, 1, 6, 6), 0.3), ((2, 3, 2, 5), 1.7)):
        w = torch.randn(1, *forme[1:], generator=g, dtype=torch.float64)
        w = norme * w / w.norm()
        reels = torch.randn(forme, generator=g, dtype=torch.float64)
        faux = torch.randn(forme, generator=g, dtype=torch.float64)
        out = C.call(penalite_gradient, critique_lineaire(w, -1.0), reels, faux,
                     name="penalite_gradient")
        C.expect_shape(out, (), name=f"penalite_gradient(...) pour des images {forme}")
        C.expect_scalar_close(out, (norme - 1) ** 2, rtol=1e-6, atol=1e-9,
                              name=f"penalite_gradient pour un critique linéaire, images "
                                   f"{forme}",
                              hint="pour f linéaire, ∇f = w quel que soit x̂ : la norme L2 se "
                                   "prend sur TOUTES les dimensions sauf celle du lot "
                                   "(flatten(1) puis norm(dim=1)), puis (‖∇‖ − 1)², puis "
                                   "la moyenne ; λ n'est pas inclus.")


@check(hidden=True)
def penalite_contre_oracle(penalite_gradient):
    g = torch.Generator().manual_seed(5)
    for k, forme in enumerate(((6, 1, 5, 5), (3, 2, 4, 3), (1, 1, 3, 3))):
        c = torch.rand(forme[1:], generator=g, dtype=torch.float64) + 0.2
        reels = torch.randn(forme, generator=g, dtype=torch.float64)
        faux = 2 * torch.randn(forme, generator=g, dtype=torch.float64)
        graine = 20 + k
        out = penalite_seedee(penalite_gradient, critique_quadratique(c), reels, faux, graine)
        candidats = []
        for eps in epsilons_possibles(forme[0], graine, torch.float64):
            x = eps * reels + (1 - eps) * faux
            candidats.append((((2 * c * x).flatten(1).norm(dim=1) - 1) ** 2).mean())
        C.expect_close(out, le_plus_proche(out, candidats), rtol=1e-6, atol=1e-9,
                       name=f"penalite_gradient(f quadratique, images {forme}), générateur "
                            "fixé",
                       hint="un ε par exemple, tiré en premier par un seul appel "
                            "torch.rand(B, 1, 1, 1, generator=generateur) ; "
                            "x̂ = ε·reels + (1 − ε)·faux ; gradient en x̂.")


@check(hidden=True)
def penalite_entraine_le_critique(penalite_gradient):
    @C.probe
    def fabrique():
        torch.manual_seed(8)
        return nn.Sequential(nn.Conv2d(2, 3, 3, stride=2, padding=1), nn.Tanh(), nn.Flatten(),
                             nn.Linear(27, 1), nn.Flatten(0)).double()

    @C.probe
    def gradients_parametres(critique, reels, faux, graine):
        for p in critique.parameters():
            p.grad = None
        gp = penalite_gradient(critique, reels, faux,
                               generateur=torch.Generator().manual_seed(graine))
        if not (isinstance(gp, torch.Tensor) and gp.requires_grad):
            return None
        gp.backward()
        return [torch.zeros_like(p) if p.grad is None else p.grad.clone()
                for p in critique.parameters()]

    g = torch.Generator().manual_seed(6)
    reels = torch.randn(4, 2, 5, 5, generator=g, dtype=torch.float64)
    faux = torch.randn(4, 2, 5, 5, generator=g, dtype=torch.float64)
    critique = C.build_where(penalite_gradient, fabrique)
    obtenu = C.call(gradients_parametres, critique, reels, faux, 31, name="penalite_gradient")
    C.expect(obtenu is not None,
             "La pénalité renvoyée n'est pas reliée aux paramètres du critique : sa "
             "rétropropagation ne les entraîne pas.",
             hint="torch.autograd.grad(..., create_graph=True) garde le gradient dans le "
                  "graphe ; sans create_graph, la pénalité est une constante pour l'optimiseur.")
    obtenu = torch.cat([C.as_tensor(t, "gradient d'un paramètre").reshape(-1) for t in obtenu])
    local = fabrique()  # the grader's own copy, same weights
    candidats = []
    for eps in epsilons_possibles(4, 31, torch.float64):
        local.zero_grad(set_to_none=True)
        x = (eps * reels + (1 - eps) * faux).requires_grad_(True)
        (gr,) = torch.autograd.grad(local(x).sum(), x, create_graph=True)
        ((gr.flatten(1).norm(dim=1) - 1) ** 2).mean().backward()
        candidats.append(torch.cat([(torch.zeros_like(p) if p.grad is None else p.grad)
                                    .reshape(-1) for p in local.parameters()]))
    C.expect_close(obtenu, le_plus_proche(obtenu, candidats), rtol=1e-6, atol=1e-9,
                   name="gradients des paramètres du critique après backward de la pénalité",
                   hint="create_graph=True, norme sur toutes les dimensions sauf le lot, "
                        "moyenne sur le lot de (‖∇‖ − 1)².")


@check(hidden=True)
def penalite_generateur_type_arguments(penalite_gradient):
    critique, reels, faux = cas_quadratique(7, (5, 2, 3, 3))
    C.expect_generator_obeyed(penalite_gradient, critique, reels, faux,
                              name="penalite_gradient",
                              hint="tirez ε par torch.rand(B, 1, 1, 1, generator=generateur) : "
                                   "le générateur reçu, jamais le générateur global.")
    C.expect_unchanged(penalite_gradient, critique, reels, faux, name="penalite_gradient",
                       hint="construisez x̂ dans un nouveau tenseur, sans opération en place "
                            "sur reels ou faux.")
    for dtype in (torch.float32, torch.float64):
        out = C.call(penalite_gradient, critique, reels.to(dtype), faux.to(dtype),
                     name="penalite_gradient")
        C.expect_dtype(out, dtype, name=f"penalite_gradient(...) pour des images "
                                        f"{str(dtype)[6:]}",
                       hint="convertissez ε au type de reels : `.to(reels)`.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — les pertes.** Écrire
# `pertes_wgan(critique, reels, faux, lam=10.0, generateur=None)` qui renvoie le couple
# `(perte_critique, perte_generateur)` de deux tenseurs 0-d :
#
# - `perte_critique` $= \operatorname{moy}_i f(\texttt{faux}_i) - \operatorname{moy}_i
#   f(\texttt{reels}_i) + \texttt{lam} \cdot$ `penalite_gradient(critique, reels, faux,
#   generateur)` (équation 8.16) : le critique **minimise** cette perte, donc il **monte** les
#   scores des vraies images et **baisse** ceux des fausses. Elle est calculée sur `faux`
#   **détaché** (`faux.detach()`) : sa rétropropagation n'atteint pas le générateur ;
# - `perte_generateur` $= -\operatorname{moy}_i f(\texttt{faux}_i)$, calculée sur `faux`
#   **non détaché** : sa rétropropagation atteint le générateur à travers `faux`.
#
# Le seul tirage aléatoire est celui de la pénalité (question 2), fait avec `generateur`.
# Utilisez votre `penalite_gradient`.

# %%
def pertes_wgan(critique, reels: torch.Tensor, faux: torch.Tensor, lam: float = 10.0,
                generateur: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(perte du critique (8.16), perte du générateur −moy f(faux))."""
    # BEGIN SOLUTION
    faux_detache = faux.detach()
    perte_critique = (critique(faux_detache).mean() - critique(reels).mean()
                      + lam * penalite_gradient(critique, reels, faux_detache, generateur))
    perte_generateur = -critique(faux).mean()
    return perte_critique, perte_generateur
    # END SOLUTION


# %%
@helper
def appeler_pertes(pertes_wgan, critique, reels, faux, label, **kwargs):
    """pertes_wgan(...) : un couple de deux tenseurs 0-d, convertis en float64."""
    resultat = C.call(pertes_wgan, critique, reels.clone(), faux.clone(), name="pertes_wgan",
                      **kwargs)
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`pertes_wgan` doit renvoyer un couple (perte_critique, perte_generateur).")
    pertes = []
    for valeur, nom in zip(resultat, ("perte_critique", "perte_generateur"), strict=True):
        t = C.as_tensor(valeur, f"{nom} ({label})")
        C.expect_shape(t, (), name=f"{nom} ({label})", hint="un tenseur 0-d : `.mean()`.")
        pertes.append(t.double())
    return pertes


@check
def pertes_exemple(pertes_wgan):
    w = torch.zeros(1, 1, 2, 2, dtype=torch.float64)
    w[0, 0, 0, 0], w[0, 0, 1, 1] = 1.2, 0.9  # ‖w‖ = 1,5 : pénalité 0,25
    reels = torch.ones(2, 1, 2, 2, dtype=torch.float64)
    faux = torch.zeros(2, 1, 2, 2, dtype=torch.float64)
    label = "f(x) = ⟨w, x⟩ + 0,5, reels = 1, faux = 0"
    perte_c, perte_g = appeler_pertes(pertes_wgan, critique_lineaire(w, 0.5), reels, faux,
                                      label)
    # f(reels) = 2.6, f(faux) = 0.5: 0.5 − 2.6 + 10 · 0.25 = 0.4
    C.expect_scalar_close(perte_c, 0.4, name=f"perte_critique ({label})", reveal=True,
                          hint="moy f(faux) − moy f(reels) + λ·pénalité, λ = 10 par défaut.")
    C.expect_scalar_close(perte_g, -0.5, name=f"perte_generateur ({label})", reveal=True,
                          hint="le générateur minimise −moy f(faux).")


@check(hidden=True)
def pertes_contre_oracle(pertes_wgan):
    g = torch.Generator().manual_seed(9)
    cas = [((6, 2, 3, 5), {}, 10.0), ((4, 1, 4, 4), {"lam": 2.5}, 2.5),
           ((3, 3, 2, 2), {"lam": 0.0}, 0.0)]
    for forme, kwargs, lam in cas:
        w = 0.6 * torch.randn(1, *forme[1:], generator=g, dtype=torch.float64)
        reels = torch.randn(forme, generator=g, dtype=torch.float64) + 0.5
        faux = torch.randn(forme, generator=g, dtype=torch.float64)
        label = f"critique linéaire, images {forme}, lam = {lam:g}"
        perte_c, perte_g = appeler_pertes(pertes_wgan, critique_lineaire(w, 0.3), reels, faux,
                                          label, **kwargs)
        f_reels = (reels * w).flatten(1).sum(dim=1) + 0.3
        f_faux = (faux * w).flatten(1).sum(dim=1) + 0.3
        C.expect_close(perte_c, f_faux.mean() - f_reels.mean() + lam * (w.norm() - 1) ** 2,
                       rtol=1e-6, atol=1e-9, name=f"perte_critique ({label})",
                       hint="moy f(faux) − moy f(reels) + lam·pénalité (lam une seule fois, "
                            "la pénalité de la question 2 ne le contient pas) ; le critique "
                            "monte les scores des vraies images.")
        C.expect_close(perte_g, -f_faux.mean(), rtol=1e-6, atol=1e-9,
                       name=f"perte_generateur ({label})",
                       hint="perte_generateur = −moy f(faux) : le générateur monte le score "
                            "de ses images.")


@check(hidden=True)
def pertes_gradients(pertes_wgan):
    @C.probe
    def gradients_des_pertes(w0, base, reels):
        w = w0.clone().requires_grad_(True)
        a = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)  # « paramètre de G »

        def critique(x):
            return (x * w).flatten(1).sum(dim=1) + 0.5

        perte_c, perte_g = pertes_wgan(critique, reels, a * base)
        out = {}
        for nom, perte in (("critique", perte_c), ("generateur", perte_g)):
            if isinstance(perte, torch.Tensor) and perte.requires_grad:
                gw, ga = torch.autograd.grad(perte, [w, a], allow_unused=True,
                                             retain_graph=True)
                out[nom] = (gw, ga)
            else:
                out[nom] = (None, None)
        return out

    g = torch.Generator().manual_seed(10)
    w0 = 0.5 * torch.randn(1, 2, 3, 3, generator=g, dtype=torch.float64)
    base = torch.randn(5, 2, 3, 3, generator=g, dtype=torch.float64)
    reels = torch.randn(5, 2, 3, 3, generator=g, dtype=torch.float64)
    obtenu = C.call(gradients_des_pertes, w0, base, reels, name="pertes_wgan")
    gw, ga = obtenu["critique"]
    C.expect(ga is None or float(C.as_tensor(ga, "gradient").abs().max()) == 0.0,
             "La rétropropagation de `perte_critique` atteint le générateur (à travers "
             "`faux`).", hint="calculez la perte du critique sur faux.detach().")
    C.expect(gw is not None,
             "`perte_critique` n'est pas reliée aux paramètres du critique.",
             hint="ni .detach() ni .item() sur les scores ; create_graph=True dans la pénalité.")
    norme = w0.norm()
    attendu_w = ((1.3 * base - reels).flatten(1).mean(dim=0).reshape(w0.shape)
                 + 10.0 * 2 * (norme - 1) * w0 / norme)
    C.expect_close(C.as_tensor(gw, "gradient"), attendu_w, rtol=1e-6, atol=1e-9,
                   name="gradient de perte_critique par rapport aux poids du critique",
                   hint="moy f(faux) − moy f(reels) + λ·pénalité, la pénalité avec "
                        "create_graph=True pour qu'elle entraîne le critique.")
    _, ga = obtenu["generateur"]
    C.expect(ga is not None,
             "La rétropropagation de `perte_generateur` n'atteint pas le générateur.",
             hint="calculez perte_generateur sur faux NON détaché.")
    attendu_a = -(base * w0).flatten(1).sum(dim=1).mean()
    C.expect_close(C.as_tensor(ga, "gradient"), attendu_a, rtol=1e-6, atol=1e-9,
                   name="gradient de perte_generateur par rapport à un paramètre du générateur",
                   hint="perte_generateur = −moy f(faux).")


@check(hidden=True)
def pertes_generateur_obei(pertes_wgan):
    critique, reels, faux = cas_quadratique(11, (4, 1, 4, 4))
    C.expect_generator_obeyed(pertes_wgan, critique, reels, faux, name="pertes_wgan",
                              hint="passez `generateur` à penalite_gradient (le seul tirage).")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 4

# %% [markdown]
# **Question 4 — une itération WGAN-GP.** Écrire
# `etape_wgan(G, critique, opt_G, opt_C, lots_reels, dim_latente, n_critique=5, lam=10.0,
# generateur=None)` qui fait **une itération du générateur** et renvoie le couple de flottants
# Python `(moyenne des n_critique pertes du critique, perte du générateur)` :
#
# 1. `n_critique` fois :
#    - prendre le lot réel suivant, `reels = next(lots_reels)` (`lots_reels` est un
#      itérateur ; **exactement** `n_critique` lots sont consommés), de taille $B$ ;
#    - tirer un **nouveau** `z = torch.randn(B, dim_latente, generator=generateur)` ;
#    - `faux = G(z).detach()` : **G ne change pas** pendant les pas du critique ;
#    - `perte_critique, _ = pertes_wgan(critique, reels, faux, lam, generateur)` ;
#    - `opt_C.zero_grad()`, `perte_critique.backward()`, `opt_C.step()` ;
# 2. puis **un** pas du générateur : un nouveau `z` de forme `(B, dim_latente)` (tiré avec
#    `generateur`, $B$ la taille du dernier lot réel), `perte_generateur` $= -\operatorname{moy}
#    f(G(z))$ (ou la seconde perte de `pertes_wgan`), `opt_G.zero_grad()`,
#    `perte_generateur.backward()`, `opt_G.step()`.
#
# `G` est appelé une fois par pas du critique et une fois pour le pas du générateur. Tous les
# tirages passent par `generateur` (jamais par le générateur global). *Correction* : le
# correcteur fournit ses propres `G`, `critique` (linéaires, `float64`), optimiseurs SGD
# instrumentés (il enregistre chaque `step()`, les paramètres et leurs gradients à ce moment),
# et un itérateur qui compte les lots consommés ; les gradients de chaque pas sont comparés à
# ceux de la correction. Au départ, les paramètres portent les gradients d'une itération
# précédente : remettez-les à zéro avant chaque `backward`.

# %%
def etape_wgan(G, critique, opt_G, opt_C, lots_reels, dim_latente: int, n_critique: int = 5,
               lam: float = 10.0,
               generateur: torch.Generator | None = None) -> tuple[float, float]:
    """n_critique pas du critique (faux détachés), puis un pas du générateur."""
    # BEGIN SOLUTION
    pertes = []
    for _ in range(n_critique):
        reels = next(lots_reels)
        z = torch.randn(reels.shape[0], dim_latente, generator=generateur)
        perte_critique, _ = pertes_wgan(critique, reels, G(z).detach(), lam, generateur)
        opt_C.zero_grad()
        perte_critique.backward()
        opt_C.step()
        pertes.append(perte_critique.item())
    z = torch.randn(reels.shape[0], dim_latente, generator=generateur)
    perte_generateur = -critique(G(z)).mean()
    opt_G.zero_grad()
    perte_generateur.backward()
    opt_G.step()
    return sum(pertes) / n_critique, perte_generateur.item()
    # END SOLUTION


# %%
@helper
def depart_etape():
    """Les paramètres initiaux du petit G (z ↦ A z + c, images 1×4×4) et du critique
    linéaire (x ↦ ⟨w, x⟩ + b), et huit lots réels de 4 images, en float64."""
    g = torch.Generator().manual_seed(83)
    return {"A": 0.3 * torch.randn(16, 3, generator=g, dtype=torch.float64),
            "c": 0.1 * torch.randn(16, generator=g, dtype=torch.float64),
            "w": 0.4 * torch.randn(16, generator=g, dtype=torch.float64),
            "b": torch.tensor(0.2, dtype=torch.float64),
            "lots": [torch.randn(4, 1, 4, 4, generator=g, dtype=torch.float64) + 0.5
                     for _ in range(8)]}


@helper
def sonde_etape(etape_wgan):
    """La sonde qui exécute etape_wgan, là où elle vit, sur un G et un critique linéaires
    (float64) et des SGD instrumentés ; elle renvoie le journal des step(), les z vus par G,
    le nombre de lots consommés, les paramètres finaux et le résultat."""
    @C.probe
    def executer(depart, options, generateur=None):
        class PetitG(nn.Module):
            def __init__(self):
                super().__init__()
                self.A = nn.Parameter(depart["A"].clone())
                self.c = nn.Parameter(depart["c"].clone())
                self.z_vus = []

            def forward(self, z):
                z = z.reshape(z.shape[0], -1).to(self.A.dtype)
                self.z_vus.append(z.detach().clone())
                return (z @ self.A.T + self.c).reshape(-1, 1, 4, 4)

        class CritiqueLineaire(nn.Module):
            def __init__(self):
                super().__init__()
                self.w = nn.Parameter(depart["w"].clone())
                self.b = nn.Parameter(depart["b"].clone())

            def forward(self, x):
                return x.reshape(x.shape[0], -1).to(self.w.dtype) @ self.w + self.b

        G, D = PetitG(), CritiqueLineaire()
        journal = []

        def etat(module):
            return [p.detach().clone() for p in module.parameters()]

        def gradients(module):
            return [None if p.grad is None else p.grad.detach().clone()
                    for p in module.parameters()]

        class SGDInstrumente(torch.optim.SGD):
            def __init__(self, module, nom):
                super().__init__(module.parameters(), lr=0.05)
                self.nom = nom

            def step(self, closure=None):
                journal.append({"opt": self.nom, "G": etat(G), "C": etat(D),
                                "grad_G": gradients(G), "grad_C": gradients(D)})
                return super().step(closure)

        for p in [*G.parameters(), *D.parameters()]:
            p.grad = torch.full_like(p, 7.0)  # left by an earlier iteration
        opt_G, opt_C = SGDInstrumente(G, "G"), SGDInstrumente(D, "C")
        consommes = [0]

        def flux():
            for lot in depart["lots"]:
                consommes[0] += 1
                yield lot.clone()

        if generateur is None:
            generateur = torch.Generator().manual_seed(options["graine"])
        kwargs = {k: v for k, v in options.items() if k != "graine"}
        resultat = etape_wgan(G, D, opt_G, opt_C, flux(), 3, generateur=generateur, **kwargs)
        return {"journal": journal, "consommes": consommes[0], "z": G.z_vus,
                "G": etat(G), "C": etat(D), "resultat": resultat}

    return executer


@helper
def verifier_etape(etape_wgan, options):
    """Déroule etape_wgan et compare chaque pas à la trajectoire attendue (SGD, lr = 0,05)."""
    depart = depart_etape()
    n, lam = options.get("n_critique", 5), options.get("lam", 10.0)
    obtenu = C.call(sonde_etape(etape_wgan), depart, options, name="etape_wgan")
    journal = obtenu["journal"]
    ordre = [e["opt"] for e in journal]
    C.expect(ordre == ["C"] * n + ["G"],
             f"Avec n_critique = {n}, les appels à step() sont, dans l'ordre : "
             f"{' '.join('opt_' + o for o in ordre) or 'aucun'}.",
             hint=f"n_critique pas de opt_C (ici {n}), puis UN pas de opt_G, à la fin.")
    C.expect(obtenu["consommes"] == n,
             f"`etape_wgan` a consommé {obtenu['consommes']} lot(s) réel(s) au lieu de {n}.",
             hint="un `next(lots_reels)` par pas du critique.")
    z = [C.as_tensor(t, "z") for t in obtenu["z"]]
    C.expect(len(z) == n + 1,
             f"G a été appelé {len(z)} fois au lieu de {n + 1} (un appel par pas du critique "
             "et un pour le pas du générateur).")
    C.expect(all(not torch.equal(z[i], z[j]) for i in range(n + 1) for j in range(i)),
             "Deux appels de G ont reçu le même z.",
             hint="tirez un nouveau z à chaque pas (du critique et du générateur).")
    A, c, w, b = (depart[k].clone() for k in ("A", "c", "w", "b"))
    pertes = []
    for k in range(n):
        entree = journal[k]
        C.expect(all(torch.equal(C.as_tensor(p, "G"), q)
                     for p, q in zip(entree["G"], (A, c), strict=True)),
                 f"Les paramètres de G ont changé avant le pas n° {k + 1} du critique.",
                 hint="faux = G(z).detach() et seul opt_C.step() pendant les pas du critique.")
        restes = [t for t in entree["grad_G"] if t is not None]
        C.expect(all(bool((C.as_tensor(t, "grad") == 0).all())
                     or bool((C.as_tensor(t, "grad") == 7.0).all()) for t in restes),
                 "La perte du critique rétropropage jusqu'aux paramètres de G.",
                 hint="détachez les fausses images des pas du critique : G(z).detach().")
        feuilles = [w.clone().requires_grad_(True), b.clone().requires_grad_(True)]
        faux = z[k].double() @ A.T + c
        reels = depart["lots"][k].reshape(4, -1)
        perte = ((faux @ feuilles[0] + feuilles[1]).mean()
                 - (reels @ feuilles[0] + feuilles[1]).mean()
                 + lam * (feuilles[0].norm() - 1) ** 2)
        attendus = torch.autograd.grad(perte, feuilles)
        for t, attendu, nom in zip(entree["grad_C"], attendus, ("w", "b"), strict=True):
            C.expect(t is not None, f"Pas de gradient sur le paramètre {nom} du critique au "
                                    f"pas n° {k + 1}.", hint="perte_critique.backward()")
            C.expect_close(C.as_tensor(t, "gradient"), attendu, rtol=1e-6, atol=1e-9,
                           name=f"gradient du paramètre {nom} du critique au pas n° {k + 1}",
                           hint="opt_C.zero_grad() avant chaque backward (les gradients "
                                "s'accumulent sinon) ; perte de pertes_wgan avec lam.")
        pertes.append(float(perte.detach()))
        w, b = w - 0.05 * attendus[0], b - 0.05 * attendus[1]
    entree = journal[n]
    for moment, valeurs in (("au pas du générateur", entree["C"]),
                            ("après le pas du générateur", obtenu["C"])):
        for p, q, nom in zip(valeurs, (w, b), ("w", "b"), strict=True):
            C.expect_close(C.as_tensor(p, "C"), q, rtol=1e-9, atol=1e-12,
                           name=f"paramètre {nom} du critique {moment}",
                           hint="n_critique pas de opt_C, puis seul opt_G.step() au pas du "
                                "générateur : le critique ne bouge plus.")
    feuilles = [A.clone().requires_grad_(True), c.clone().requires_grad_(True)]
    perte_g = -((z[n].double() @ feuilles[0].T + feuilles[1]) @ w + b).mean()
    attendus = torch.autograd.grad(perte_g, feuilles)
    for t, attendu, nom in zip(entree["grad_G"], attendus, ("A", "c"), strict=True):
        C.expect(t is not None, f"Pas de gradient sur le paramètre {nom} de G au pas du "
                                "générateur.", hint="perte_generateur.backward()")
        C.expect_close(C.as_tensor(t, "gradient"), attendu, rtol=1e-6, atol=1e-9,
                       name=f"gradient du paramètre {nom} de G au pas du générateur",
                       hint="opt_G.zero_grad() puis backward de −moy f(G(z)), z non détaché.")
    resultat = obtenu["resultat"]
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`etape_wgan` doit renvoyer un couple (perte moyenne du critique, perte du "
             "générateur).")
    C.expect_scalar_close(resultat[0], sum(pertes) / n, rtol=1e-6, atol=1e-9,
                          name="perte moyenne du critique renvoyée",
                          hint="la moyenne des n_critique valeurs de perte_critique.")
    C.expect_scalar_close(resultat[1], float(perte_g.detach()), rtol=1e-6, atol=1e-9,
                          name="perte du générateur renvoyée")


@check
def etape_ordre_par_defaut(etape_wgan):
    verifier_etape(etape_wgan, {"graine": 5})


@check(hidden=True, each={"n_critique": [1, 3]})
def etape_n_critique(etape_wgan, n_critique):
    verifier_etape(etape_wgan, {"graine": 6, "n_critique": n_critique, "lam": 4.0})


@check(hidden=True)
def etape_generateur_obei(etape_wgan):
    C.expect_generator_obeyed(sonde_etape(etape_wgan), depart_etape(), {"n_critique": 2},
                              name="etape_wgan",
                              hint="tirez chaque z par torch.randn(B, dim_latente, "
                                   "generator=generateur) et passez generateur à pertes_wgan.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# **Illustration (non notée).** WGAN-GP et GAN standard (perte BCE non saturante de la
# section 8.7, un pas du discriminateur par pas du générateur) sur le même sous-ensemble de
# Fashion-MNIST, avec le même générateur et la même architecture (pour le GAN standard, les
# scores du critique sont des logits et `BCEWithLogitsLoss` applique la sigmoïde). Très peu
# d'itérations, pour rester rapide : relancez avec plus d'itérations (et le vrai jeu de
# données) pour une vraie comparaison.

# %% tags=["demo"]
from autograder import data

_donnees = data.load("fashion-mnist", train=True)
_X = _donnees.data[:2048].unsqueeze(1).float() / 127.5 - 1  # (N, 1, 28, 28) dans [−1, 1]
N_ITER, TAILLE_LOT, DIM_Z = 20, 16, 32


def lots_infinis(X, taille, generateur):
    while True:
        yield X[torch.randint(0, len(X), (taille,), generator=generateur)]


def entrainer(wgan, graine=0):
    torch.manual_seed(graine)
    gen = torch.Generator().manual_seed(graine)
    G, D = Generateur(DIM_Z), Critique()
    betas = (0.0, 0.9) if wgan else (0.5, 0.999)
    opt_G = torch.optim.Adam(G.parameters(), lr=2e-4, betas=betas)
    opt_C = torch.optim.Adam(D.parameters(), lr=2e-4, betas=betas)
    lots, bce, courbes = lots_infinis(_X, TAILLE_LOT, gen), nn.BCEWithLogitsLoss(), ([], [])
    for _ in range(N_ITER):
        if wgan:
            perte_c, perte_g = etape_wgan(G, D, opt_G, opt_C, lots, DIM_Z, generateur=gen)
        else:
            reels = next(lots)
            faux = G(torch.randn(TAILLE_LOT, DIM_Z, generator=gen))
            s_r, s_f = D(reels), D(faux.detach())
            perte = bce(s_r, torch.ones_like(s_r)) + bce(s_f, torch.zeros_like(s_f))
            opt_C.zero_grad()
            perte.backward()
            opt_C.step()
            s_f = D(faux)
            perte_gen = bce(s_f, torch.ones_like(s_f))
            opt_G.zero_grad()
            perte_gen.backward()
            opt_G.step()
            perte_c, perte_g = perte.item(), perte_gen.item()
        courbes[0].append(perte_c)
        courbes[1].append(perte_g)
    G.eval()
    with torch.no_grad():
        images = G(torch.randn(8, DIM_Z, generator=torch.Generator().manual_seed(1)))
    return courbes, images


fig, axes = plt.subplots(2, 9, figsize=(12, 3.2),
                         gridspec_kw={"width_ratios": [3] + [1] * 8})
for ligne, (wgan, nom) in enumerate(((True, "WGAN-GP"), (False, "GAN standard"))):
    (pertes_c, pertes_g), images = entrainer(wgan)
    axes[ligne, 0].plot(pertes_c, label="critique / discriminateur")
    axes[ligne, 0].plot(pertes_g, label="générateur")
    axes[ligne, 0].set_title(nom, fontsize=9)
    axes[ligne, 0].legend(fontsize=6)
    for ax, image in zip(axes[ligne, 1:], images, strict=True):
        ax.imshow(image[0].numpy(), cmap="gray", vmin=-1, vmax=1)
        ax.axis("off")
plt.tight_layout()
plt.show()
plt.close(fig)


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée) — comparaison avec le GAN standard.** Entraînez les deux modèles
# plus longtemps (quelques époques sur le vrai Fashion-MNIST si vous l'avez) et comparez :
#
# 1. les **courbes de perte** : que mesure la perte du critique WGAN-GP (au signe près), et
#    pourquoi est-elle un meilleur indicateur de progression que la perte du discriminateur
#    d'un GAN standard ?
# 2. la **qualité visuelle** et la **diversité** des échantillons (effondrement de modes ?) ;
# 3. le **coût** : combien de passes avant/arrière par itération du générateur pour chacun ?
#    Pourquoi la pénalité coûte-t-elle une rétropropagation de plus ?
# 4. pourquoi la BatchNorm a-t-elle été retirée du critique, et pourquoi $\epsilon$ est-il
#    tiré par exemple ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# 1. **Courbes.** Sans la pénalité, $-L_C = \operatorname{moy} f(\text{réels}) -
#    \operatorname{moy} f(\text{faux})$ estime la distance de Wasserstein (8.14) entre
#    $p_{\text{data}}$ et $p_g$, à une constante de Lipschitz près : elle décroît quand les
#    échantillons s'améliorent et reste informative même quand les supports sont disjoints.
#    Avec $n_{\text{critic}} = 5$, le critique est proche de l'optimum et la courbe est lisse.
#    La perte BCE d'un discriminateur standard mesure un équilibre entre deux joueurs : elle
#    oscille autour de $\log 4$ ou tend vers 0 quand $D$ gagne (gradients du générateur qui
#    s'évanouissent), sans lien monotone avec la qualité des images.
# 2. **Qualité.** Le WGAN-GP est plus stable (moins sensible aux hyperparamètres) et souffre
#    moins de l'effondrement de modes : on observe des échantillons plus variés. Après très
#    peu d'itérations, les deux modèles ne produisent que du bruit structuré ; sur un
#    entraînement long, le WGAN-GP atteint une qualité meilleure (tableau 8.1 de la section
#    8.9 : FID 23,4 contre 28,3 pour le DCGAN de base). Sur le substitut synthétique, les
#    images ne sont pas des vêtements : on ne peut juger que la stabilité et la diversité.
# 3. **Coût.** Par itération du générateur : 5 pas du critique, chacun avec une passe avant
#    sur les réels, les faux et $\hat x$, un `autograd.grad` avec `create_graph=True` et une
#    rétropropagation **à travers** ce gradient (dérivées secondes), contre une seule passe du
#    discriminateur pour le GAN standard. Environ 5 × 2 fois plus de calcul pour le critique.
# 4. **BatchNorm et ε.** La pénalité contraint le gradient de $f(\hat x_i)$ par rapport à
#    $\hat x_i$, exemple par exemple ; avec une BatchNorm, $f(\hat x_i)$ dépend de tout le
#    lot et le gradient mélange les exemples (Gulrajani et al. recommandent la LayerNorm ou
#    rien). $\epsilon$ par exemple répartit les points $\hat x$ sur les segments entre vraies
#    et fausses images, là où la contrainte de 1-Lipschitz compte pour le critique optimal ;
#    un seul $\epsilon$ pour le lot ne contrôlerait le gradient que sur une « tranche ».
