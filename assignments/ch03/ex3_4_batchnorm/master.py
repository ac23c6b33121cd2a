# %% [markdown]
# # Exercice 3.4 (⋆⋆⋆) — Batch Normalization à partir de zéro
#
# On réimplémente la Batch Normalization (section 3.5 du cours) pour des entrées de forme
# $(N, D)$ : un lot de $N$ exemples, $D$ caractéristiques. Pour chaque caractéristique $j$, sur
# le lot $\mathcal{B} = \{x_1, \dots, x_N\}$ :
#
# $$\mu_j = \frac{1}{N}\sum_{i=1}^{N} x_{ij},\qquad
#   \sigma_j^2 = \frac{1}{N}\sum_{i=1}^{N} (x_{ij} - \mu_j)^2,\qquad
#   \hat x_{ij} = \frac{x_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \varepsilon}},\qquad
#   y_{ij} = \gamma_j \hat x_{ij} + \beta_j .$$
#
# La variance de normalisation est la variance **biaisée** (division par $N$), et $\varepsilon$
# est **sous** la racine. $\gamma$ et $\beta$ (de forme $(D,)$) sont appris.
#
# **Entraînement et inférence.** En mode entraînement, la couche normalise avec les statistiques
# du lot et met à jour des **statistiques courantes** (moyennes glissantes), exactement comme
# `nn.BatchNorm1d` :
# $$\hat\mu \leftarrow (1 - m)\,\hat\mu + m\,\mu_{\mathcal{B}},\qquad
#   \hat\sigma^2 \leftarrow (1 - m)\,\hat\sigma^2 + m\,\frac{N}{N-1}\,\sigma^2_{\mathcal{B}},$$
# où $m$ est le `momentum` (0,1 par défaut) : la variance courante utilise la variance **non
# biaisée** du lot (division par $N - 1$). En mode évaluation (`model.eval()`), la couche
# normalise avec $\hat\mu$ et $\hat\sigma^2$, sans les modifier : la sortie d'un exemple ne
# dépend plus des autres exemples du lot.
#
# **Interdits.** `nn.BatchNorm1d`, `nn.BatchNorm2d`, `F.batch_norm` et `torch.batch_norm` ne
# doivent pas être utilisés dans vos classes ; la passe arrière est écrite à la main (ni
# `backward`, ni `torch.autograd.grad` à l'intérieur).
#
# **Données.** Les questions 3 et 4 utilisent une copie hors ligne au format de CIFAR-10,
# chargée par `data.load("cifar10", train=True)` comme `torchvision.datasets.CIFAR10`. Ici,
# c'est un **substitut synthétique** (10 classes d'images 3 × 32 × 32 de même format) : la vraie
# base se charge de la même façon là où elle est disponible, mais les précisions obtenues ici ne
# sont pas celles de CIFAR-10. Le correcteur mesure la précision sur ses propres images.
#
# > `grader.check("q1")` n'exécute que les vérifications publiques : d'autres vérifications,
# > cachées, sont appliquées à la correction. Elles comparent vos résultats à ceux de PyTorch
# > (`nn.BatchNorm1d`, autograd) en `float64`, en mode entraînement et en mode évaluation.

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
# **Question 1 — Passes avant et arrière manuelles.** Écrire `FonctionBatchNorm`, une
# `torch.autograd.Function` dont
#
# * `forward(ctx, x, gamma, beta, eps)` renvoie $y$ (forme $(N, D)$) calculé avec les
#   statistiques du lot, et garde dans `ctx` ce dont la passe arrière a besoin ;
# * `backward(ctx, delta)` reçoit $\delta = \partial L / \partial y$ et renvoie
#   `(dx, dgamma, dbeta, None)` (le `None` correspond à `eps`), chaque gradient ayant la forme
#   de l'entrée correspondante.
#
# On l'utilise par `FonctionBatchNorm.apply(x, gamma, beta, eps)`. Les équations (3.15) à
# (3.20) du cours se regroupent en une **formule compacte** (à démontrer à la question 5) :
# $$\frac{\partial L}{\partial \gamma_j} = \sum_i \delta_{ij}\hat x_{ij},\qquad
#   \frac{\partial L}{\partial \beta_j} = \sum_i \delta_{ij},\qquad
#   \frac{\partial L}{\partial x_{ij}} = \frac{\gamma_j}{N\sqrt{\sigma_j^2 + \varepsilon}}
#   \Big(N\delta_{ij} - \sum_k \delta_{kj} - \hat x_{ij}\sum_k \delta_{kj}\hat x_{kj}\Big).$$
#
# Vérifiez votre passe arrière avec `torch.autograd.gradcheck` en `float64` (cellule suivante).

# %%
class FonctionBatchNorm(torch.autograd.Function):
    """Batch Normalization (statistiques du lot) avec une passe arrière écrite à la main."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor,
                eps: float) -> torch.Tensor:
        """y = γ (x − μ) / √(σ² + ε) + β, μ et σ² (biaisée) calculées sur l'axe du lot."""
        # BEGIN SOLUTION
        mu = x.mean(dim=0)
        var = ((x - mu) ** 2).mean(dim=0)
        inv_std = 1 / torch.sqrt(var + eps)
        x_hat = (x - mu) * inv_std
        ctx.save_for_backward(x_hat, gamma, inv_std)
        return gamma * x_hat + beta
        # END SOLUTION

    @staticmethod
    def backward(ctx, delta: torch.Tensor):
        """Renvoie (∂L/∂x, ∂L/∂γ, ∂L/∂β, None) par la formule compacte."""
        # BEGIN SOLUTION
        x_hat, gamma, inv_std = ctx.saved_tensors
        n = delta.shape[0]
        d_gamma = (delta * x_hat).sum(dim=0)
        d_beta = delta.sum(dim=0)
        d_x = gamma * inv_std / n * (n * delta - d_beta - x_hat * d_gamma)
        return d_x, d_gamma, d_beta, None
        # END SOLUTION


# %%
g = torch.Generator().manual_seed(0)
x_test = torch.randn(8, 5, generator=g, dtype=torch.float64, requires_grad=True)
gamma_test = torch.randn(5, generator=g, dtype=torch.float64, requires_grad=True)
beta_test = torch.randn(5, generator=g, dtype=torch.float64, requires_grad=True)
print("gradcheck :", torch.autograd.gradcheck(
    lambda x, gamma, beta: FonctionBatchNorm.apply(x, gamma, beta, 1e-5),
    (x_test, gamma_test, beta_test)))

# %%
@check
def fonction_petit_lot(FonctionBatchNorm):
    apply = getattr(FonctionBatchNorm, "apply", None)
    x = torch.tensor([[1.0, 2.0, -1.0], [3.0, 0.0, 0.5], [2.0, 4.0, 0.0], [6.0, 2.0, 2.5]],
                     dtype=torch.float64)
    gamma = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)
    beta = torch.tensor([0.0, 1.0, -1.0], dtype=torch.float64)
    y = C.call(apply, x.clone(), gamma.clone(), beta.clone(), 1e-5,
               name="FonctionBatchNorm.apply")
    C.expect_shape(y, (4, 3), name="FonctionBatchNorm.apply(x, gamma, beta, eps)")
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    C.expect_close(y, gamma * (x - mu) / torch.sqrt(var + 1e-5) + beta,
                   name="FonctionBatchNorm.apply(x, gamma, beta, 1e-5)", reveal=True,
                   hint="moyenne et variance biaisée sur l'axe du lot (dim=0), ε sous la racine.")
    C.gradcheck(C.code("lambda x, gamma, beta: apply(x, gamma, beta, 1e-5)", apply=apply),
                (x, gamma, beta), name="FonctionBatchNorm.apply")


@check(hidden=True)
def passe_avant_contre_pytorch(FonctionBatchNorm):
    interdits = {"batch_norm", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "native_batch_norm",
                 "_batch_norm_impl_index"}
    for methode in ("forward", "backward"):
        C.expect_not_using(getattr(FonctionBatchNorm, methode, None), interdits,
                           name=f"FonctionBatchNorm.{methode}",
                           hint="écrivez la normalisation avec mean, sqrt et des opérations "
                                "élément par élément.")
    C.expect_not_using(getattr(FonctionBatchNorm, "backward", None),
                       {"grad", "backward", "enable_grad", "vjp", "jacobian"},
                       name="FonctionBatchNorm.backward",
                       hint="la passe arrière est écrite à la main, sans autograd.")
    apply = getattr(FonctionBatchNorm, "apply", None)
    g = torch.Generator().manual_seed(41)
    x = (torch.randn(9, 5, generator=g, dtype=torch.float64)
         * torch.tensor([1.0, 3.0, 0.5, 2.0, 1.0], dtype=torch.float64)
         + torch.tensor([0.5, -2.0, 4.0, 0.0, 1.0], dtype=torch.float64))
    x[:, 4] = 1.0 + 1e-3 * torch.randn(9, generator=g, dtype=torch.float64)
    gamma = torch.tensor([1.5, -0.7, 2.0, 0.3, 1.2], dtype=torch.float64)
    beta = torch.randn(5, generator=g, dtype=torch.float64)
    for eps in (1e-5, 0.1):
        want = torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True, eps=eps)
        got = C.call(apply, x.clone(), gamma.clone(), beta.clone(), eps,
                     name="FonctionBatchNorm.apply")
        C.expect_close(got, want, name=f"FonctionBatchNorm.apply(x, gamma, beta, eps={eps:g})",
                       hint="μ et σ² par caractéristique (dim=0), σ² biaisée (division par N), "
                            "x̂ = (x − μ)/√(σ² + ε) avec l'ε reçu en argument, sous la racine "
                            "(il compte pour une caractéristique presque constante), puis "
                            "γ x̂ + β.")


@check(hidden=True)
def gradients_contre_autograd(FonctionBatchNorm):
    from autograder.checks import oracles
    apply = getattr(FonctionBatchNorm, "apply", None)
    g = torch.Generator().manual_seed(42)
    eps = 1e-5

    @C.probe
    def sonde(x, gamma, beta, w):  # autograd where FonctionBatchNorm lives; None: graph left
        leaves = [t.clone().requires_grad_(True) for t in (x, gamma, beta)]
        y = apply(*leaves, eps)
        if not (isinstance(y, torch.Tensor) and y.requires_grad):
            return None
        grads = torch.autograd.grad((y * w).sum(), leaves, allow_unused=True)
        return [gr if gr is not None else torch.zeros_like(leaf)
                for gr, leaf in zip(grads, leaves, strict=True)]

    hints = {
        "x": "∂L/∂x = γ/(N√(σ² + ε)) · (N δ − Σₖ δₖ − x̂ Σₖ δₖ x̂ₖ), sommes sur l'axe du lot ; "
             "le même ε que dans la passe avant.",
        "gamma": "∂L/∂γ = Σᵢ δᵢ x̂ᵢ : somme sur l'axe du lot (dim=0), de forme (D,).",
        "beta": "∂L/∂β = Σᵢ δᵢ : somme sur l'axe du lot (dim=0), de forme (D,).",
    }
    x_normal = 2 * torch.randn(9, 5, generator=g, dtype=torch.float64) + 1
    x_plat = x_normal.clone()
    x_plat[:, 2] = -3.0 + 1e-3 * torch.randn(9, generator=g, dtype=torch.float64)
    for x in (x_normal, x_plat):
        gamma = 0.5 + torch.rand(5, generator=g, dtype=torch.float64)
        gamma[1] = -gamma[1]
        beta = torch.randn(5, generator=g, dtype=torch.float64)
        w = torch.randn(9, 5, generator=g, dtype=torch.float64)
        oracle = dict(zip(("x", "gamma", "beta"), oracles.batch_norm_backward(x, gamma, w, eps),
                          strict=True))
        y = C.call(apply, x.clone(), gamma.clone(), beta.clone(), eps,
                   name="FonctionBatchNorm.apply")
        C.expect_shape(y, (9, 5), name="FonctionBatchNorm.apply(x, gamma, beta, eps)")
        grads = C.call(sonde, x.clone(), gamma.clone(), beta.clone(), w,
                       name="FonctionBatchNorm.backward")
        C.expect(grads is not None,
                 "`FonctionBatchNorm.apply` doit renvoyer un tenseur relié au graphe d'autograd.",
                 hint="renvoyez le tenseur calculé dans `forward` (sans .item() ni numpy).")
        C.expect(isinstance(grads, list) and len(grads) == 3,
                 "`FonctionBatchNorm.backward` doit renvoyer un gradient par entrée (x, γ, β).")
        got = dict(zip(("x", "gamma", "beta"), grads, strict=True))
        C.expect_gradients(got, oracle, name="FonctionBatchNorm.backward", tol=1e-7,
                           hints=hints)


@check(hidden=True)
def gradcheck_float64(FonctionBatchNorm):
    apply = getattr(FonctionBatchNorm, "apply", None)
    g = torch.Generator().manual_seed(43)
    for n, d, eps in [(7, 4, 1e-5), (3, 6, 1e-3), (16, 2, 0.5)]:
        x = 1.5 * torch.randn(n, d, generator=g, dtype=torch.float64) - 0.5
        gamma = torch.randn(d, generator=g, dtype=torch.float64)
        beta = torch.randn(d, generator=g, dtype=torch.float64)
        C.expect_shape(C.call(apply, x.clone(), gamma.clone(), beta.clone(), eps,
                              name="FonctionBatchNorm.apply"), (n, d),
                       name=f"FonctionBatchNorm.apply (lot {n}×{d})")
        C.gradcheck(C.code("lambda x, gamma, beta: apply(x, gamma, beta, eps)", apply=apply,
                           eps=eps), (x, gamma, beta),
                    name=f"FonctionBatchNorm.apply (lot {n}×{d}, ε = {eps:g})")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 4

# %% [markdown]
# **Question 2 — La couche complète.** Écrire le module `BatchNormManuelle(nb_caracteristiques,
# eps=1e-5, momentum=0.1)`, qui se comporte comme `nn.BatchNorm1d(nb_caracteristiques, eps,
# momentum)` sur des entrées $(N, D)$ :
#
# * paramètres `weight` ($\gamma$, initialisé à 1) et `bias` ($\beta$, initialisé à 0), de type
#   `nn.Parameter` ; tampons `running_mean` (initialisé à 0) et `running_var` (initialisé à 1),
#   enregistrés par `self.register_buffer` (ils suivent ainsi `.double()`, `.to(device)` et
#   `state_dict()`) ;
# * en mode entraînement (`self.training` vrai) : sortie calculée par
#   `FonctionBatchNorm.apply` (statistiques du lot) et mise à jour des tampons, sans gradient
#   (`torch.no_grad()`), avec le `momentum` et la variance **non biaisée** du lot ;
# * en mode évaluation : normalisation par les tampons, qui ne changent pas.
#
# Les noms `weight`, `bias`, `running_mean`, `running_var` sont imposés : le correcteur copie
# des valeurs dans votre couche avec `load_state_dict` et compare ses sorties et ses tampons à
# ceux de `nn.BatchNorm1d`.

# %%
class BatchNormManuelle(nn.Module):
    """BatchNorm sur des entrées (N, D), équivalente à nn.BatchNorm1d(D, eps, momentum)."""

    def __init__(self, nb_caracteristiques: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        # BEGIN SOLUTION
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(nb_caracteristiques))
        self.bias = nn.Parameter(torch.zeros(nb_caracteristiques))
        self.register_buffer("running_mean", torch.zeros(nb_caracteristiques))
        self.register_buffer("running_var", torch.ones(nb_caracteristiques))
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        if self.training:
            with torch.no_grad():
                n = x.shape[0]
                mu = x.mean(dim=0)
                var_non_biaisee = ((x - mu) ** 2).sum(dim=0) / (n - 1)
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mu)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * var_non_biaisee)
            return FonctionBatchNorm.apply(x, self.weight, self.bias, self.eps)
        x_hat = (x - self.running_mean) / torch.sqrt(self.running_var + self.eps)
        return self.weight * x_hat + self.bias
        # END SOLUTION


# %%
couche, temoin = BatchNormManuelle(4), nn.BatchNorm1d(4)
for _ in range(3):
    lot = 3 * torch.randn(16, 4) + 1
    ecart_entrainement = (couche(lot) - temoin(lot)).abs().max().item()
couche.eval()
temoin.eval()
lot = torch.randn(5, 4)
print(f"écart avec nn.BatchNorm1d : entraînement {ecart_entrainement:.2e}, "
      f"évaluation {(couche(lot) - temoin(lot)).abs().max().item():.2e}")

# %%
@check
def module_structure(BatchNormManuelle):
    bn = C.make_model(BatchNormManuelle, 6, name="BatchNormManuelle(6)")
    C.expect_equal(C.count_params(bn), 12, name="nombre de paramètres de BatchNormManuelle(6)",
                   reveal=True, hint="deux paramètres de forme (6,) : weight (γ) et bias (β).")
    state = C.call(bn.state_dict, name="BatchNormManuelle(6).state_dict")
    for key, value in [("weight", 1.0), ("bias", 0.0), ("running_mean", 0.0),
                       ("running_var", 1.0)]:
        C.expect(key in state, f"`BatchNormManuelle(6).state_dict()` n'a pas d'entrée `{key}`.",
                 hint="paramètres `weight`, `bias` (nn.Parameter) et tampons `running_mean`, "
                      "`running_var` (self.register_buffer), comme nn.BatchNorm1d.")
        C.expect_close(state[key], torch.full((6,), value), name=f"{key} initial",
                       reveal=True)
    x = 3 * torch.randn(10, 6, generator=torch.Generator().manual_seed(1)) + 2
    C.call(bn.train, name="BatchNormManuelle(6).train")
    y = C.as_tensor(C.forward(bn, x, name="BatchNormManuelle(6)"), "BatchNormManuelle(6)(x)")
    C.expect_shape(y, (10, 6), name="BatchNormManuelle(6)(x)")
    C.expect_close(y.mean(dim=0), torch.zeros(6), rtol=0.0, atol=1e-5,
                   name="moyenne par caractéristique de la sortie (mode entraînement, β = 0)",
                   reveal=True, hint="en mode entraînement, on normalise avec les statistiques "
                                     "du lot courant.")


@check(hidden=True)
def module_entrainement_contre_pytorch(BatchNormManuelle):
    interdits = {"batch_norm", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "native_batch_norm",
                 "_batch_norm_impl_index"}
    for methode in ("__init__", "forward"):
        C.expect_not_using(getattr(BatchNormManuelle, methode, None), interdits,
                           name=f"BatchNormManuelle.{methode}",
                           hint="utilisez FonctionBatchNorm et vos propres tampons.")
    label = "BatchNormManuelle(5, eps=1e-3, momentum=0.3)"
    bn = C.make_model(BatchNormManuelle, 5, eps=1e-3, momentum=0.3, name=label)
    classes = C.call(C.code("lambda m: [[f'{k.__module__}.{k.__qualname__}' for k in "
                            "type(c).__mro__] for c in m.modules()]"), bn,
                     name=f"{label}.modules")
    C.expect(not any("torch.nn.modules.batchnorm._BatchNorm" in mro for mro in classes),
             f"`{label}` contient une couche BatchNorm de PyTorch, interdite par l'énoncé.")
    bn = C.call(bn.double, name=f"{label}.double")
    ref = torch.nn.BatchNorm1d(5, eps=1e-3, momentum=0.3).double()
    g = torch.Generator().manual_seed(51)
    etat = {"weight": torch.tensor([1.5, -0.5, 2.0, 0.8, 1.1], dtype=torch.float64),
            "bias": torch.randn(5, generator=g, dtype=torch.float64),
            "running_mean": torch.zeros(5, dtype=torch.float64),
            "running_var": torch.ones(5, dtype=torch.float64)}
    ref.load_state_dict(etat, strict=False)
    C.call(bn.load_state_dict, etat, strict=False, name=f"{label}.load_state_dict")
    state = C.call(bn.state_dict, name=f"{label}.state_dict")
    C.expect(all(k in state for k in etat),
             f"`{label}` doit avoir les paramètres `weight`, `bias` et les tampons "
             "`running_mean`, `running_var` (noms de nn.BatchNorm1d).")
    C.call(bn.train, name=f"{label}.train")
    ref.train()
    for k, (n, scale, shift) in enumerate([(8, 2.0, 1.0), (6, 0.5, -3.0), (11, 4.0, 2.0)]):
        x = scale * torch.randn(n, 5, generator=g, dtype=torch.float64) + shift
        x[:, 3] = shift + 1e-3 * torch.randn(n, generator=g, dtype=torch.float64)
        want = ref(x.clone()).detach()
        got = C.forward(bn, x.clone(), name=label)
        C.expect_close(got, want, name=f"{label} en mode entraînement, lot n° {k + 1}",
                       hint="en mode entraînement, normalisez avec la moyenne et la variance "
                            "BIAISÉE du lot courant (pas avec les statistiques courantes), ε "
                            "sous la racine, puis γ x̂ + β.")
        state = C.call(bn.state_dict, name=f"{label}.state_dict")
        C.expect_close(state["running_mean"], ref.running_mean,
                       name=f"running_mean après le lot n° {k + 1}",
                       hint="μ̂ ← (1 − momentum)·μ̂ + momentum·μ_lot, sous torch.no_grad().")
        C.expect_close(state["running_var"], ref.running_var,
                       name=f"running_var après le lot n° {k + 1}",
                       hint="σ̂² ← (1 − momentum)·σ̂² + momentum·σ²_lot avec la variance NON "
                            "biaisée du lot (division par N − 1), comme nn.BatchNorm1d.")


@check(hidden=True)
def module_evaluation_contre_pytorch(BatchNormManuelle):
    label = "BatchNormManuelle(5, eps=1e-3, momentum=0.3)"
    bn = C.call(C.make_model(BatchNormManuelle, 5, eps=1e-3, momentum=0.3, name=label).double,
                name=f"{label}.double")
    ref = torch.nn.BatchNorm1d(5, eps=1e-3, momentum=0.3).double()
    g = torch.Generator().manual_seed(52)
    etat = {"weight": torch.tensor([0.7, 2.0, -1.3, 1.0, 0.4], dtype=torch.float64),
            "bias": torch.randn(5, generator=g, dtype=torch.float64),
            "running_mean": torch.zeros(5, dtype=torch.float64),
            "running_var": torch.ones(5, dtype=torch.float64)}
    ref.load_state_dict(etat, strict=False)
    C.call(bn.load_state_dict, etat, strict=False, name=f"{label}.load_state_dict")
    C.call(bn.train, name=f"{label}.train")
    ref.train()
    for n, scale, shift in [(12, 3.0, 2.0), (7, 1.0, -1.0), (9, 2.0, 4.0)]:
        x = scale * torch.randn(n, 5, generator=g, dtype=torch.float64) + shift
        ref(x.clone())
        C.forward(bn, x.clone(), name=label)
    C.call(bn.eval, name=f"{label}.eval")
    ref.eval()
    x = 2 * torch.randn(7, 5, generator=g, dtype=torch.float64) + 1
    eval_hint = ("en mode évaluation, normalisez avec running_mean et running_var (mis à jour "
                 "pendant l'entraînement), et non avec les statistiques du lot.")
    got = C.as_tensor(C.forward(bn, x.clone(), name=label), f"{label}(x)")
    C.expect_close(got, ref(x.clone()).detach(),
                   name=f"{label} en mode évaluation, après trois lots d'entraînement",
                   hint=eval_hint)
    seul = C.forward(bn, x[2:3].clone(), name=label)
    C.expect_close(seul, got[2:3], name=f"{label} en mode évaluation sur un lot d'un exemple",
                   hint=eval_hint + " La sortie d'un exemple ne dépend pas des autres.")
    C.forward(bn, x.clone(), name=label)
    state = C.call(bn.state_dict, name=f"{label}.state_dict")
    C.expect_close(state["running_mean"], ref.running_mean,
                   name="running_mean après des passes en mode évaluation",
                   hint="les statistiques courantes ne changent pas en mode évaluation.")
    C.expect_close(state["running_var"], ref.running_var,
                   name="running_var après des passes en mode évaluation",
                   hint="les statistiques courantes ne changent pas en mode évaluation.")
    petit = {"running_mean": torch.randn(5, generator=g, dtype=torch.float64),
             "running_var": torch.tensor([1e-6, 2.0, 0.5, 1e-5, 3.0], dtype=torch.float64)}
    ref.load_state_dict(petit, strict=False)
    C.call(bn.load_state_dict, petit, strict=False, name=f"{label}.load_state_dict")
    C.expect_close(C.forward(bn, x.clone(), name=label), ref(x.clone()).detach(),
                   name=f"{label} en mode évaluation avec une variance courante presque nulle",
                   hint="x̂ = (x − running_mean)/√(running_var + ε) : ε sous la racine, en "
                        "évaluation aussi.")


@check(hidden=True)
def module_valeurs_par_defaut(BatchNormManuelle):
    label = "BatchNormManuelle(4)"
    bn = C.call(C.make_model(BatchNormManuelle, 4, name=label).double, name=f"{label}.double")
    ref = torch.nn.BatchNorm1d(4).double()
    C.call(bn.train, name=f"{label}.train")
    g = torch.Generator().manual_seed(53)
    for n in (10, 5):
        x = 2 * torch.randn(n, 4, generator=g, dtype=torch.float64) + 3
        x[:, 0] = -1.0 + 1e-3 * torch.randn(n, generator=g, dtype=torch.float64)
        C.expect_close(C.forward(bn, x.clone(), name=label), ref(x.clone()).detach(),
                       name=f"{label} en mode entraînement (ε et momentum par défaut)",
                       hint="eps = 1e-5 par défaut, sous la racine : il compte pour une "
                            "caractéristique presque constante.")
    state = C.call(bn.state_dict, name=f"{label}.state_dict")
    C.expect_close(state["running_mean"], ref.running_mean,
                   name=f"running_mean de {label} après deux lots",
                   hint="momentum = 0.1 par défaut : μ̂ ← 0.9·μ̂ + 0.1·μ_lot.")
    C.expect_close(state["running_var"], ref.running_var,
                   name=f"running_var de {label} après deux lots",
                   hint="momentum = 0.1 par défaut, variance non biaisée du lot.")
    C.call(bn.eval, name=f"{label}.eval")
    ref.eval()
    x = torch.randn(6, 4, generator=g, dtype=torch.float64)
    C.expect_close(C.forward(bn, x.clone(), name=label), ref(x.clone()).detach(),
                   name=f"{label} en mode évaluation (ε par défaut)",
                   hint="en évaluation : (x − running_mean)/√(running_var + ε), ε = 1e-5.")


@check(hidden=True)
def module_gradients(BatchNormManuelle):
    label = "BatchNormManuelle(5, eps=1e-4, momentum=0.2)"
    bn = C.call(C.make_model(BatchNormManuelle, 5, eps=1e-4, momentum=0.2, name=label).double,
                name=f"{label}.double")
    ref = torch.nn.BatchNorm1d(5, eps=1e-4, momentum=0.2).double()
    g = torch.Generator().manual_seed(54)
    etat = {"weight": torch.tensor([1.2, -0.8, 0.5, 2.0, 1.0], dtype=torch.float64),
            "bias": torch.randn(5, generator=g, dtype=torch.float64),
            "running_mean": torch.randn(5, generator=g, dtype=torch.float64),
            "running_var": 0.5 + torch.rand(5, generator=g, dtype=torch.float64)}
    ref.load_state_dict(etat, strict=False)
    C.call(bn.load_state_dict, etat, strict=False, name=f"{label}.load_state_dict")
    hints = {
        "train": {
            "x": "en entraînement, le gradient passe par FonctionBatchNorm.apply (statistiques "
                 "du lot) jusqu'à l'entrée : pas de .detach() sur x.",
            "weight": "∂L/∂γ = Σᵢ δᵢ x̂ᵢ (somme sur le lot) ; ne détachez pas weight.",
            "bias": "∂L/∂β = Σᵢ δᵢ (somme sur le lot) ; ne détachez pas bias.",
        },
        "eval": {
            "x": "en évaluation, y = γ (x − running_mean)/√(running_var + ε) + β, donc "
                 "∂L/∂x = γ δ/√(running_var + ε) : les statistiques courantes sont des "
                 "constantes (et pas celles du lot).",
            "weight": "en évaluation, ∂L/∂γ = Σᵢ δᵢ (xᵢ − running_mean)/√(running_var + ε).",
            "bias": "∂L/∂β = Σᵢ δᵢ (somme sur le lot) ; ne détachez pas bias.",
        },
    }
    @C.probe
    def sonde(bn, x, w):  # the backward pass runs where the module lives; reports what it saw
        params = dict(bn.named_parameters())
        for p in params.values():
            p.grad = None
        x_in = x.clone().requires_grad_(True)
        y = bn(x_in)
        if not (isinstance(y, torch.Tensor) and y.requires_grad):
            return {"relie": False}
        try:
            (y * w).sum().backward()
        except Exception as exc:
            return {"relie": True, "erreur": f"{type(exc).__name__} : {exc}"[:300]}
        return {"relie": True, "erreur": None,
                "grads": {"x": x_in.grad, "weight": params["weight"].grad,
                          "bias": params["bias"].grad},
                "tampons_relies": any(t.requires_grad for t in bn.buffers())}

    for mode in ("eval", "train", "eval"):
        C.call(getattr(bn, mode), name=f"{label}.{mode}")
        getattr(ref, mode)()
        x = 1.5 * torch.randn(8, 5, generator=g, dtype=torch.float64) + 0.5
        w = torch.randn(8, 5, generator=g, dtype=torch.float64)
        x_ref = x.clone().requires_grad_(True)
        ref.zero_grad()
        (ref(x_ref) * w).sum().backward()
        want = {"x": x_ref.grad, "weight": ref.weight.grad, "bias": ref.bias.grad}
        params = dict(C.call(bn.named_parameters, name=f"{label}.named_parameters"))
        C.expect("weight" in params and "bias" in params,
                 f"`{label}` doit avoir les paramètres `weight` et `bias`.")
        mesure = C.call(sonde, bn, x.clone(), w, name=label)
        C.expect(mesure["relie"], f"La sortie de `{label}` (mode {mode}) n'est pas reliée au "
                 "graphe d'autograd.", hint="n'utilisez ni .detach() ni torch.no_grad() pour "
                                            "calculer la sortie.")
        C.expect(mesure["erreur"] is None,
                 f"La passe arrière de `{label}` a levé {mesure['erreur']}.")
        got = {k: (v if v is not None else torch.zeros(want[k].shape, dtype=torch.float64))
               for k, v in mesure["grads"].items()}
        C.expect_gradients(got, want, name=f"{label} (mode {mode})", tol=1e-7,
                           hints=hints[mode])
        C.expect(not mesure["tampons_relies"],
                 f"Après une passe en mode {mode}, les tampons de `{label}` sont reliés au "
                 "graphe d'autograd.", hint="mettez à jour running_mean et running_var sous "
                                            "`with torch.no_grad():` (ou à partir de x.detach()).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Taille du lot et stabilité (3.4.4).** La BatchNorm remplace la moyenne et la
# variance de la population par celles d'un lot : plus le lot est petit, plus ces estimations
# fluctuent d'un lot à l'autre, et plus la sortie de la couche est bruitée.
#
# Écrire `etude_taille_lot(x, tailles, nb_lots, graine=0)` où `x` est un tenseur $(N, D)$
# d'activations. Pour chaque taille $B$ de la liste `tailles` :
#
# * tirer `nb_lots` lots de $B$ lignes distinctes de `x` (par exemple
#   `torch.randperm(N, generator=g)[:B]`, avec `g = torch.Generator().manual_seed(graine)`) ;
# * pour chaque lot, calculer la moyenne $\mu_{\mathcal{B}}$ et la variance **biaisée**
#   $\sigma^2_{\mathcal{B}}$ de chaque caractéristique (vecteurs de taille $D$) ;
# * mesurer l'écart-type (sur les `nb_lots` lots, `torch.std` par défaut) de $\mu_{\mathcal{B}}$
#   et de $\sigma^2_{\mathcal{B}}$, caractéristique par caractéristique, puis en faire la
#   **moyenne sur les $D$ caractéristiques**.
#
# La fonction renvoie un dictionnaire `{B: {"ecart_type_moyenne": float,
# "ecart_type_variance": float}}` avec une entrée par taille. Pour des données gaussiennes
# d'écart-type $s$, on attend environ $s/\sqrt{B}$ et $s^2\sqrt{2(B-1)}/B$ (pour $B = 1$, la
# variance biaisée d'un lot est nulle, donc son écart-type aussi).

# %%
def etude_taille_lot(x: torch.Tensor, tailles: list[int], nb_lots: int,
                     graine: int = 0) -> dict[int, dict[str, float]]:
    """Fluctuation des statistiques de lot (moyenne, variance biaisée) selon la taille du lot."""
    # BEGIN SOLUTION
    g = torch.Generator().manual_seed(graine)
    resultats = {}
    for taille in tailles:
        moyennes, variances = [], []
        for _ in range(nb_lots):
            lot = x[torch.randperm(x.shape[0], generator=g)[:taille]]
            mu = lot.mean(dim=0)
            moyennes.append(mu)
            variances.append(((lot - mu) ** 2).mean(dim=0))
        resultats[taille] = {
            "ecart_type_moyenne": float(torch.stack(moyennes).std(dim=0).mean()),
            "ecart_type_variance": float(torch.stack(variances).std(dim=0).mean()),
        }
    return resultats
    # END SOLUTION


# %% [markdown]
# Application aux activations d'une première couche linéaire (aléatoire) sur les images du
# substitut de CIFAR-10, puis tracé en échelle log-log avec la pente $-1/2$ de référence.

# %%
cifar = data.load("cifar10", train=True)
images = torch.tensor(cifar.data[:2000]).permute(0, 3, 1, 2).float() / 255
projection = torch.randn(3 * 32 * 32, 32, generator=torch.Generator().manual_seed(0)) / 32
activations = images.flatten(1) @ projection
tailles = [4, 16, 64, 256]
etude = etude_taille_lot(activations, tailles, 200)
fig, ax = plt.subplots(figsize=(4.5, 3))
for cle in ("ecart_type_moyenne", "ecart_type_variance"):
    ax.plot(tailles, [etude[b][cle] for b in tailles], marker="o", label=cle)
ax.plot(tailles, [etude[4]["ecart_type_moyenne"] * (4 / b) ** 0.5 for b in tailles], "k--",
        label="pente −1/2")
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("taille du lot B")
ax.legend()
plt.show()

# %%
@check
def etude_structure(etude_taille_lot):
    x = torch.randn(300, 3, generator=torch.Generator().manual_seed(2))
    res = C.call(etude_taille_lot, x, [4, 16], 20, 0, name="etude_taille_lot")
    C.expect(isinstance(res, dict) and sorted(res) == [4, 16],
             "`etude_taille_lot(x, [4, 16], 20)` doit renvoyer un dictionnaire de clés 4 et 16.")
    for taille in (4, 16):
        entree = res[taille]
        C.expect(isinstance(entree, dict)
                 and {"ecart_type_moyenne", "ecart_type_variance"} <= set(entree),
                 f"`etude_taille_lot(...)[{taille}]` doit être un dictionnaire de clés "
                 "'ecart_type_moyenne' et 'ecart_type_variance'.")
        for cle in ("ecart_type_moyenne", "ecart_type_variance"):
            valeur = C.as_number(entree[cle], f"etude_taille_lot(...)[{taille}]['{cle}']")
            C.expect(valeur > 0 and math.isfinite(valeur),
                     f"`etude_taille_lot(...)[{taille}]['{cle}']` doit être un écart-type "
                     "strictement positif.")


@check(hidden=True)
def etude_valeurs_theoriques(etude_taille_lot):
    g = torch.Generator().manual_seed(61)
    n = 8192
    s = torch.tensor([0.5, 1.0, 2.0, 3.0, 0.2], dtype=torch.float64)
    x = (torch.randn(n, 5, generator=g, dtype=torch.float64) * s
         + torch.tensor([1.0, -2.0, 0.0, 5.0, 3.0], dtype=torch.float64))
    ecart = x.std(dim=0)
    tailles = [4, 16, 64, 256]
    res = C.call(etude_taille_lot, x.clone(), list(tailles), 1000, 3, name="etude_taille_lot")
    C.expect(isinstance(res, dict) and sorted(res) == tailles,
             "`etude_taille_lot` doit renvoyer une entrée par taille de lot demandée.")
    for b in tailles:
        C.expect(isinstance(res[b], dict), f"`etude_taille_lot(...)[{b}]` doit être un "
                 "dictionnaire.")
        attendu_m = float((ecart / b ** 0.5 * ((n - b) / (n - 1)) ** 0.5).mean())
        attendu_v = float((ecart ** 2 * (2 * (b - 1)) ** 0.5 / b).mean())
        C.expect_scalar_close(res[b].get("ecart_type_moyenne"), attendu_m, rtol=0.15, atol=0.0,
                              name=f"etude_taille_lot(...)[{b}]['ecart_type_moyenne']",
                              hint="écart-type SUR LES LOTS (dim=0 de la pile des moyennes) de "
                                   "la moyenne de chaque caractéristique, puis moyenne sur les "
                                   "caractéristiques ; un écart-type, pas une variance.")
        C.expect_scalar_close(res[b].get("ecart_type_variance"), attendu_v, rtol=0.15, atol=0.0,
                              name=f"etude_taille_lot(...)[{b}]['ecart_type_variance']",
                              hint="variance BIAISÉE de chaque lot (centrée sur la moyenne du "
                                   "lot, division par B), puis écart-type sur les lots et "
                                   "moyenne sur les caractéristiques.")


@check(hidden=True)
def etude_decroissance_et_graine(etude_taille_lot):
    g = torch.Generator().manual_seed(62)
    x = 2 * torch.randn(4096, 3, generator=g) - 1
    tailles = [2, 8, 32, 128]
    res = C.call(etude_taille_lot, x.clone(), [1] + tailles, 300, 5, name="etude_taille_lot")
    C.expect(isinstance(res, dict) and sorted(res) == [1] + tailles,
             "`etude_taille_lot(x, [1, 2, 8, 32, 128], …)` doit renvoyer une entrée par taille "
             "demandée (n'utilisez pas une liste de tailles écrite en dur).")
    C.expect_scalar_close(res[1]["ecart_type_variance"], 0.0, atol=1e-6,
                          name="etude_taille_lot(...)[1]['ecart_type_variance']",
                          hint="un lot de B = 1 exemple a une variance biaisée nulle : tirez "
                               "exactement B lignes par lot.")
    moyennes = [C.as_number(res[b]["ecart_type_moyenne"], f"etude_taille_lot(...)[{b}]")
                for b in [1] + tailles]
    C.expect(all(a > b for a, b in zip(moyennes, moyennes[1:], strict=False)),
             "`ecart_type_moyenne` devrait décroître quand la taille du lot augmente.",
             hint="l'écart-type de la moyenne d'un lot de B exemples varie en 1/√B.")
    rapport = moyennes[1] / moyennes[-1]
    C.expect(6.0 <= rapport <= 10.0,
             f"Le rapport des écarts-types de la moyenne entre B = 2 et B = 128 vaut "
             f"{rapport:.3g}, loin du facteur √64 = 8 attendu.",
             hint="écart-type (et non variance) des moyennes de lot, sur les lots.")
    encore = C.call(etude_taille_lot, x.clone(), [1] + tailles, 300, 5, name="etude_taille_lot")
    C.expect(isinstance(encore, dict) and all(
        float(encore[b]["ecart_type_moyenne"]) == float(res[b]["ecart_type_moyenne"])
        for b in tailles),
        "`etude_taille_lot` ne donne pas le même résultat pour la même graine.",
        hint="tirez les lots avec un torch.Generator initialisé par `graine`.")
    autre = C.call(etude_taille_lot, x.clone(), [1] + tailles, 300, 6, name="etude_taille_lot")
    C.expect(isinstance(autre, dict) and any(
        float(autre[b]["ecart_type_moyenne"]) != float(res[b]["ecart_type_moyenne"])
        for b in tailles),
        "`etude_taille_lot` donne exactement le même résultat pour deux graines différentes.",
        hint="initialisez le générateur avec l'argument `graine`.")


@check(hidden=True)
def etude_petit_cas_exact(etude_taille_lot):
    # Two rows, 0 and 1, and lots of one row: each lot's mean is 0 or 1, so over n lots the
    # standard deviation (torch.std's default, divisor n − 1) is √(k(n − k) / (n(n − 1))) for
    # the number k of lots that drew row 1, whatever the draws. A biased standard deviation, or
    # one lot too few, lands off that lattice.
    x = torch.tensor([[0.0], [1.0]], dtype=torch.float64)
    n = 40
    possibles = torch.tensor([math.sqrt(k * (n - k) / (n * (n - 1))) for k in range(n + 1)],
                             dtype=torch.float64)
    for graine in (0, 1, 2):
        res = C.call(etude_taille_lot, x.clone(), [1], n, graine, name="etude_taille_lot")
        C.expect(isinstance(res, dict) and isinstance(res.get(1), dict),
                 "`etude_taille_lot(x, [1], ...)` doit renvoyer {1: {...}}.")
        m = C.as_number(res[1].get("ecart_type_moyenne"),
                        "etude_taille_lot(...)[1]['ecart_type_moyenne']")
        C.expect(float((possibles - m).abs().min()) < 1e-6,
                 f"`etude_taille_lot` sur un petit cas exact (2 lignes, lots d'une ligne, {n} "
                 "lots) : l'écart-type des moyennes n'est pas celui de `nb_lots` moyennes "
                 "valant 0 ou 1.",
                 hint="écart-type de torch.std par défaut (diviseur nb_lots − 1), calculé sur "
                      "exactement nb_lots lots.")
    # Rows 0, 0, 1 and lots of two distinct rows: a lot's biased variance is 0 or 1/4.
    x = torch.tensor([[0.0], [0.0], [1.0]], dtype=torch.float64)
    for graine in (0, 1):
        res = C.call(etude_taille_lot, x.clone(), [2], n, graine, name="etude_taille_lot")
        C.expect(isinstance(res, dict) and isinstance(res.get(2), dict),
                 "`etude_taille_lot(x, [2], ...)` doit renvoyer {2: {...}}.")
        v = C.as_number(res[2].get("ecart_type_variance"),
                        "etude_taille_lot(...)[2]['ecart_type_variance']")
        C.expect(float((possibles / 4 - v).abs().min()) < 1e-6,
                 f"`etude_taille_lot` sur un petit cas exact (3 lignes, lots de 2, {n} lots) : "
                 "l'écart-type des variances n'est pas celui de `nb_lots` variances valant 0 "
                 "ou 1/4.",
                 hint="variance biaisée de chaque lot, puis écart-type de torch.std par défaut "
                      "sur les nb_lots lots.")


@check(hidden=True)
def etude_lignes_distinctes_et_flottants(etude_taille_lot):
    g = torch.Generator().manual_seed(63)
    x = torch.randn(6, 4, generator=g, dtype=torch.float64) * 3 + 1  # B = N: every batch is x
    res = C.call(etude_taille_lot, x.clone(), [6], 30, name="etude_taille_lot")
    C.expect(isinstance(res, dict) and list(res) == [6] and isinstance(res[6], dict)
             and {"ecart_type_moyenne", "ecart_type_variance"} <= set(res[6]),
             "`etude_taille_lot(x, [6], 30)` (graine par défaut) doit renvoyer "
             "{6: {\"ecart_type_moyenne\": …, \"ecart_type_variance\": …}}.")
    for cle in ("ecart_type_moyenne", "ecart_type_variance"):
        valeur = res[6][cle]
        C.expect(isinstance(valeur, float),
                 f"`etude_taille_lot(...)[B]['{cle}']` est un objet {type(valeur).__name__} : "
                 "il doit être un flottant Python.", hint="convertissez avec float(...).")
        C.expect(abs(valeur) <= 1e-9,
                 f"Avec des lots de taille B = N, `etude_taille_lot(...)[B]['{cle}']` devrait "
                 "être nul : chaque lot est formé de toutes les lignes de x, chacune une fois.",
                 hint="tirez B lignes distinctes (sans remise), par exemple "
                      "torch.randperm(N, generator=g)[:B].")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4 — Un MLP avec votre BatchNorm.** Écrire `creer_mlp(avec_batchnorm=True,
# cachee=128)` qui renvoie le réseau
# `Flatten → Linear(3072, cachee) → [BN] → ReLU → Linear(cachee, cachee) → [BN] → ReLU →
# Linear(cachee, 10)`, où chaque `[BN]` est une `BatchNormManuelle(cachee)` présente seulement
# si `avec_batchnorm` est vrai. Il prend des images `(B, 3, 32, 32)` et renvoie des logits
# `(B, 10)`. Le correcteur entraîne la version avec BatchNorm (Adam, entropie croisée, petit
# budget) puis mesure sa précision **en mode évaluation**, donc avec vos statistiques
# courantes.

# %%
def creer_mlp(avec_batchnorm: bool = True, cachee: int = 128) -> nn.Module:
    """MLP 3072 → cachee → cachee → 10, avec une BatchNormManuelle avant chaque ReLU."""
    # BEGIN SOLUTION
    couches = [nn.Flatten()]
    entree = 3 * 32 * 32
    for _ in range(2):
        couches.append(nn.Linear(entree, cachee))
        if avec_batchnorm:
            couches.append(BatchNormManuelle(cachee))
        couches.append(nn.ReLU())
        entree = cachee
    couches.append(nn.Linear(cachee, 10))
    return nn.Sequential(*couches)
    # END SOLUTION


# %%
@check
def mlp_formes(creer_mlp):
    x = torch.rand(4, 3, 32, 32)
    h = 128
    sans = 3072 * h + h + h * h + h + 10 * h + 10
    for avec, attendu in [(True, sans + 4 * h), (False, sans)]:
        label = f"creer_mlp(avec_batchnorm={avec})"
        model = C.make_model(creer_mlp, avec_batchnorm=avec, name=label)
        C.expect_shape(C.forward(model, x, name=label), (4, 10), name=f"{label}(x)")
        C.expect_equal(C.count_params(model), attendu, name=f"nombre de paramètres de {label}",
                       reveal=True, hint="deux BatchNormManuelle(cachee) de 2·cachee paramètres "
                                         "chacune, seulement avec BatchNorm.")


@check(hidden=True)
def mlp_precision_avec_batchnorm(creer_mlp):
    b = C.budget("3.4", "mlp_bn")
    C.seed_everything()
    label = "creer_mlp(avec_batchnorm=True)"
    model = C.make_model(creer_mlp, avec_batchnorm=True, name=label)
    classes = C.call(C.code("lambda m: [[f'{k.__module__}.{k.__qualname__}' for k in "
                            "type(c).__mro__] for c in m.modules()]"), model,
                     name=f"{label}.modules")
    C.expect(not any("torch.nn.modules.batchnorm._BatchNorm" in mro for mro in classes),
             f"`{label}` utilise une BatchNorm de PyTorch au lieu de BatchNormManuelle.")
    C.expect_equal(C.count_params(model), 3072 * 128 + 128 + 128 * 128 + 128 + 1290 + 512,
                   name=f"nombre de paramètres de {label}")
    C.train_classifier(model, b, name=label)
    acc = C.accuracy(model, b.dataset, name=label)
    g = torch.Generator().manual_seed(71)
    x1, x2 = torch.rand(6, 3, 32, 32, generator=g), torch.rand(6, 3, 32, 32, generator=g)
    with torch.no_grad():
        y1, y2, ym = (C.forward(model, x.to(b.device), name=label).cpu()
                      for x in (x1, x2, 0.5 * x1 + 0.5 * x2))
    C.expect(float((ym - 0.5 * y1 - 0.5 * y2).abs().max()) > 1e-3,
             f"`{label}` est affine en mode évaluation : il manque les ReLU.",
             hint="Linear → BatchNormManuelle → ReLU, deux fois, puis Linear(cachee, 10).")
    C.expect_accuracy(acc, b, name=label,
                      hint="la précision est mesurée en mode évaluation : vérifiez les "
                           "statistiques courantes de BatchNormManuelle.")


@check(hidden=True)
def mlp_ordre_des_couches(creer_mlp):
    # Known weights, set by shape whatever the names, then the output against the statement's
    # network computed here, with batch statistics (training) and running ones (evaluation): a
    # BatchNorm after its ReLU keeps shapes, parameter count and accuracy, not the function.
    from autograder.checks import oracles

    c = 8
    label = f"creer_mlp(avec_batchnorm=True, cachee={c})"
    model = C.make_model(creer_mlp, avec_batchnorm=True, cachee=c, name=label)
    C.load_seeded_weights(model, label)
    x = torch.rand(16, 3, 32, 32, generator=torch.Generator().manual_seed(72),
                   dtype=torch.float64)
    u, h = oracles.seeded_by_shape((c,)), x.flatten(1)
    for training in (False, True):
        model.train(training)
        expected = h
        for shape in ((c, 3072), (c, c)):
            expected = F.linear(expected, oracles.seeded_by_shape(shape), u)
            running = (u.clone(), u.clone())  # batch_norm updates them in training
            expected = F.relu(F.batch_norm(expected, *running, u, u, training, 0.1, 1e-5))
        expected = F.linear(expected, oracles.seeded_by_shape((10, c)),
                            oracles.seeded_by_shape((10,)))
        with torch.no_grad():
            got = C.forward(model, x.float(), name=label)
        C.expect_close(C.as_tensor(got, label).double(), expected, rtol=1e-3, atol=1e-4,
                       name=f"{label}(x) en mode {'entraînement' if training else 'évaluation'}"
                            ", poids fixés",
                       hint="Linear → BatchNormManuelle → ReLU (la normalisation avant "
                            "l'activation), deux fois, puis Linear(cachee, 10).")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Convergence avec et sans BatchNorm (3.4.3) et entraînement à petits lots
#
# Par défaut (`ENTRAINER = False`), la cellule suivante ne fait rien de coûteux. Passez
# `ENTRAINER = True` pour tracer les courbes de perte avec et sans BatchNorm (plusieurs taux
# d'apprentissage), puis avec BatchNorm pour des lots de 4, 16, 64 et 256 images (quelques
# minutes sur CPU).

# %%
def entrainer(modele: nn.Module, taille_lot: int = 64, lr: float = 1e-3, epochs: int = 2,
              n: int = 5000) -> tuple[list[float], float]:
    """Adam + entropie croisée ; renvoie les pertes par lot et la précision de test."""
    train, test = data.load("cifar10", train=True), data.load("cifar10", train=False)
    x = torch.tensor(train.data[:n]).permute(0, 3, 1, 2).float() / 255
    y = torch.tensor(train.targets[:n])
    xt = torch.tensor(test.data).permute(0, 3, 1, 2).float() / 255
    yt = torch.tensor(test.targets)
    opt = torch.optim.Adam(modele.parameters(), lr=lr)
    pertes = []
    for _ in range(epochs):
        modele.train()
        for idx in torch.randperm(len(y)).split(taille_lot):
            if len(idx) < 2:
                continue
            perte = F.cross_entropy(modele(x[idx]), y[idx])
            opt.zero_grad()
            perte.backward()
            opt.step()
            pertes.append(perte.item())
    modele.eval()
    with torch.no_grad():
        return pertes, (modele(xt).argmax(dim=1) == yt).float().mean().item()


ENTRAINER = False
if ENTRAINER:
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for lr in (1e-3, 1e-2):
        for avec in (True, False):
            pertes, acc = entrainer(creer_mlp(avec_batchnorm=avec), lr=lr)
            axes[0].plot(pertes, label=f"BN={avec}, lr={lr:g} (test {acc:.3f})")
    for taille in (4, 16, 64, 256):
        pertes, acc = entrainer(creer_mlp(), taille_lot=taille, epochs=1)
        axes[1].plot(torch.linspace(0, 1, len(pertes)), pertes,
                     label=f"B={taille} (test {acc:.3f})")
    axes[0].set_title("avec / sans BatchNorm")
    axes[1].set_title("BatchNorm, taille du lot")
    for ax in axes:
        ax.set_yscale("log")
        ax.legend(fontsize=7)
    plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).**
#
# 1. Établir la formule compacte de $\partial L/\partial x_{ij}$ de la question 1 à partir des
#    équations (3.17) à (3.20) du cours.
# 2. Avec `ENTRAINER = True`, comparer la vitesse de convergence avec et sans BatchNorm
#    (3.4.3) : nombre de pas pour atteindre une perte donnée, sensibilité au taux
#    d'apprentissage. Rappelez que les données sont un substitut synthétique.
# 3. Interpréter l'étude de la question 3 et les courbes par taille de lot (3.4.4) : pourquoi
#    la BatchNorm devient-elle instable pour $B = 4$ ? Quel écart apparaît entre le mode
#    entraînement et le mode évaluation ? Quelles alternatives ne dépendent pas du lot ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# **1.** Avec $s = (\sigma^2 + \varepsilon)^{-1/2}$ et $g_i = \delta_i\gamma$ (3.17) :
# $\partial L/\partial\sigma^2 = -\tfrac{s^3}{2}\sum_i g_i (x_i - \mu)$ et
# $\partial L/\partial\mu = -s\sum_i g_i$ (le terme en $\partial\sigma^2/\partial\mu =
# -\tfrac{2}{N}\sum_i(x_i - \mu)$ est nul). Dans (3.20), $\tfrac{2(x_i-\mu)}{N}\cdot
# \big(-\tfrac{s^3}{2}\sum_k g_k(x_k-\mu)\big) = -\tfrac{s}{N}\hat x_i\sum_k g_k\hat x_k$, d'où
# $\partial L/\partial x_i = \tfrac{s}{N}\big(N g_i - \sum_k g_k - \hat x_i\sum_k g_k\hat
# x_k\big) = \tfrac{\gamma s}{N}\big(N\delta_i - \sum_k\delta_k - \hat x_i\sum_k\delta_k\hat
# x_k\big)$. Le gradient est orthogonal aux directions $\mathbf{1}$ et $\hat x$ : déplacer ou
# dilater toutes les entrées ne change pas la sortie.
#
# **2.** Avec BatchNorm, la perte baisse plus vite et plus régulièrement, et le réseau tolère un
# taux d'apprentissage dix fois plus grand : chaque pré-activation reste centrée réduite quelle
# que soit l'échelle des poids précédents, ce qui lisse le paysage de la perte (Santurkar et al.,
# 2018) et stabilise les gradients ; sans BatchNorm, un grand taux fait osciller ou diverger la
# perte. Sur le substitut synthétique, la tâche est facile et les écarts sont modestes : il
# faudrait refaire la comparaison sur le vrai CIFAR-10 avec plusieurs graines.
#
# **3.** L'écart-type de $\mu_{\mathcal{B}}$ décroît en $1/\sqrt{B}$ et celui de
# $\sigma^2_{\mathcal{B}}$ en $\sqrt{2/B}\,s^2$ : pour $B = 4$, la variance estimée varie
# presque autant que sa valeur (et elle est biaisée, d'espérance $\tfrac{3}{4}s^2$). La
# normalisation injecte donc un fort bruit dépendant des autres exemples du lot : la perte est
# bruitée, la convergence plus lente, et les statistiques courantes, moyennes d'estimations
# bruitées, diffèrent de celles vues à l'entraînement, d'où un écart entre modes entraînement et
# évaluation (précision de test dégradée). Pour $B \ge 64$ l'effet disparaît. Alternatives
# indépendantes du lot : LayerNorm, GroupNorm, InstanceNorm (ou Batch Renormalization).

