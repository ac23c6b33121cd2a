# %% [markdown]
# # Exercice 3.5 (⋆⋆⋆) — AdamW contre Adam + L2
#
# **Rappels du cours.** La régularisation L2 (section 3.2) ajoute $\frac{\lambda_{L2}}{2}
# \|\theta\|_2^2$ à la perte, donc $\lambda_{L2}\,\theta$ au gradient (équation 3.3). Le
# *weight decay* (décroissance des poids) rétrécit directement les poids à chaque pas. Pour Adam
# (section 3.9), on note $g_t$ le gradient, $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$,
# $v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$, $\hat m_t = m_t / (1 - \beta_1^t)$,
# $\hat v_t = v_t / (1 - \beta_2^t)$ (correction du biais, $t = 1, 2, \dots$ et
# $m_0 = v_0 = 0$) :
#
# * **Adam + L2** (équations 3.28–3.30) : $g_t = \nabla L(\theta_t) + \lambda\,\theta_t$ puis
#   $\theta_{t+1} = \theta_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$ — c'est
#   `torch.optim.Adam(..., weight_decay=λ)` ;
# * **AdamW** (équations 3.31–3.33) : $g_t = \nabla L(\theta_t)$ (sans terme L2) et
#   $\theta_{t+1} = (1 - \eta\lambda)\,\theta_t - \eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)$
#   — c'est `torch.optim.AdamW(..., weight_decay=λ)`.
#
# **Deux conventions pour le weight decay.** Dans le chapitre (équations 3.4 et 3.33, et dans
# PyTorch), le facteur de décroissance est multiplié par le pas : $(1 - \eta\lambda)$. La forme
# d'origine (Hanson et Pratt ; Loshchilov et Hutter, qui ont introduit AdamW) écrit une
# décroissance **par pas**, indépendante de $\eta$ :
# $$\theta_{t+1} = (1 - \lambda_{wd})\,\theta_t - \eta\,\nabla L(\theta_t).$$
# C'est cette forme que vise la question 3.5.1 du cours : avec elle, SGD + L2 de coefficient
# $\lambda_{L2}$ et SGD + weight decay coïncident exactement quand
# $\lambda_{wd} = \eta\,\lambda_{L2}$, autrement dit $\lambda_{L2} = \lambda_{wd}/\eta$.
# (L'énoncé du cours écrit « $\lambda_{wd} = \lambda_{L2}/\eta$ » : les rôles des deux
# coefficients y sont échangés ; la relation correcte est celle-ci.) Avec la convention du
# chapitre, le même calcul donne simplement $\lambda = \lambda_{L2}$.
#
# Les questions 1 à 3 sont corrigées automatiquement (en `float64`), les questions 4 à 6 sont
# rédigées. L'expérience sur un petit Transformer (question 6) est facultative et se lance à la
# main ; elle utilise des séquences générées dans le notebook, aucune base de données.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — SGD : L2 et weight decay sont équivalents.** Pour des tenseurs `theta` et
# `grad` ($= \nabla L(\theta)$) de même forme, écrire
#
# * `pas_sgd_l2(theta, grad, lr, lambda_l2)` : un pas de SGD sur la perte régularisée
#   $L + \frac{\lambda_{L2}}{2}\|\theta\|^2$ ;
# * `pas_sgd_decroissance(theta, grad, lr, lambda_wd)` : un pas de SGD avec décroissance par
#   pas, $(1 - \lambda_{wd})\,\theta - \eta\, \nabla L(\theta)$ ;
# * `lambda_wd_equivalent(lr, lambda_l2)` : le coefficient $\lambda_{wd}$ (un flottant) pour
#   lequel les deux pas précédents sont identiques.
#
# Les fonctions renvoient de nouveaux tenseurs (sans modifier `theta`).

# %%
def pas_sgd_l2(theta: torch.Tensor, grad: torch.Tensor, lr: float,
               lambda_l2: float) -> torch.Tensor:
    """θ − η (∇L + λ_L2 θ) : SGD sur L + (λ_L2 / 2) ‖θ‖²."""
    # BEGIN SOLUTION
    return theta - lr * (grad + lambda_l2 * theta)
    # END SOLUTION


def pas_sgd_decroissance(theta: torch.Tensor, grad: torch.Tensor, lr: float,
                         lambda_wd: float) -> torch.Tensor:
    """(1 − λ_wd) θ − η ∇L : SGD avec décroissance des poids par pas."""
    # BEGIN SOLUTION
    return (1 - lambda_wd) * theta - lr * grad
    # END SOLUTION


def lambda_wd_equivalent(lr: float, lambda_l2: float) -> float:
    """λ_wd tel que pas_sgd_decroissance(·, λ_wd) = pas_sgd_l2(·, λ_L2)."""
    # BEGIN SOLUTION
    return lr * lambda_l2
    # END SOLUTION


# %%
@check
def sgd_public(pas_sgd_l2, pas_sgd_decroissance, lambda_wd_equivalent):
    theta = torch.tensor([1.0, -2.0], dtype=torch.float64)
    grad = torch.tensor([0.5, 0.5], dtype=torch.float64)
    expected = torch.tensor([0.949, -2.048], dtype=torch.float64)
    C.expect_close(C.call(pas_sgd_l2, theta.clone(), grad.clone(), 0.1, 0.01, name="pas_sgd_l2"),
                   expected, name="pas_sgd_l2([1, −2], [0,5, 0,5], 0,1, 0,01)", reveal=True,
                   hint="le gradient de (λ/2)‖θ‖² est λθ.")
    C.expect_close(C.call(pas_sgd_decroissance, theta.clone(), grad.clone(), 0.1, 0.001,
                          name="pas_sgd_decroissance"),
                   expected, name="pas_sgd_decroissance([1, −2], [0,5, 0,5], 0,1, 0,001)",
                   reveal=True, hint="(1 − λ_wd) θ − η ∇L : la décroissance par pas n'est pas "
                                     "multipliée par η.")
    C.expect_scalar_close(C.call(lambda_wd_equivalent, 0.1, 0.01, name="lambda_wd_equivalent"),
                          0.001, name="lambda_wd_equivalent(0,1, 0,01)", rtol=1e-9, atol=1e-15,
                          reveal=True, hint="identifiez les facteurs de θ dans les deux pas.")


@check(hidden=True)
def sgd_pas_exacts(pas_sgd_l2, pas_sgd_decroissance):
    g = torch.Generator().manual_seed(11)
    theta = torch.randn(3, 4, generator=g, dtype=torch.float64)
    grad = torch.randn(3, 4, generator=g, dtype=torch.float64)
    for lr, lam in [(0.3, 0.05), (0.01, 2.0), (1.5, 1e-3)]:
        for pas, nom, expected, hint in [
                (pas_sgd_l2, "pas_sgd_l2", theta - lr * (grad + lam * theta),
                 "θ − η (g + λ_L2 θ) : le gradient de (λ_L2/2)‖θ‖² est λ_L2 θ (pas 2 λ_L2 θ), et "
                 "le pas η multiplie aussi ce terme."),
                (pas_sgd_decroissance, "pas_sgd_decroissance", (1 - lam) * theta - lr * grad,
                 "(1 − λ_wd) θ − η g : dans la convention par pas, λ_wd n'est pas multiplié "
                 "par η.")]:
            got, after = C.call_seeing_arguments(pas, theta.clone(), grad.clone(), lr, lam,
                                                 name=nom)
            C.expect_close(got, expected, rtol=1e-12, atol=1e-14,
                           name=f"{nom}(θ, g, {lr}, {lam})", hint=hint)
            C.expect(torch.equal(after[0], theta), f"`{nom}` modifie `theta` en place.",
                     hint="renvoyez un nouveau tenseur.")


@check(hidden=True)
def lambda_wd_equivalent(lambda_wd_equivalent):
    for lr, lam in [(0.5, 3e-4), (2e-3, 0.1), (0.05, 0.02)]:
        C.expect_scalar_close(C.call(lambda_wd_equivalent, lr, lam, name="lambda_wd_equivalent"),
                              lr * lam, name=f"lambda_wd_equivalent({lr}, {lam})", rtol=1e-9,
                              atol=1e-15,
                              hint="(1 − λ_wd) θ doit égaler θ − η λ_L2 θ ; la formule du cours "
                                   "se lit λ_L2 = λ_wd / η.")


@check(hidden=True)
def lambda_wd_flottant(lambda_wd_equivalent):
    result = C.call(lambda_wd_equivalent, 0.2, 0.03, name="lambda_wd_equivalent")
    C.expect(isinstance(result, float),
             f"`lambda_wd_equivalent` renvoie un objet {type(result).__name__} : elle doit "
             "renvoyer un flottant Python.", hint="un produit de deux flottants, sans tenseur.")


@check(hidden=True)
def sgd_trajectoires_identiques(pas_sgd_l2, pas_sgd_decroissance, lambda_wd_equivalent):
    g = torch.Generator().manual_seed(12)
    A = torch.randn(7, 5, generator=g, dtype=torch.float64)
    b = torch.randn(7, generator=g, dtype=torch.float64)
    theta0 = torch.randn(5, generator=g, dtype=torch.float64)
    lr, lam = 0.02, 0.7
    lam_wd = C.as_number(C.call(lambda_wd_equivalent, lr, lam, name="lambda_wd_equivalent"),
                         "lambda_wd_equivalent")
    ref, l2, wd = theta0.clone(), theta0.clone(), theta0.clone()
    for step in range(1, 21):
        ref = ref - lr * (A.T @ (A @ ref - b) + lam * ref)
        l2 = C.as_tensor(C.call(pas_sgd_l2, l2, A.T @ (A @ l2 - b), lr, lam, name="pas_sgd_l2"),
                         "pas_sgd_l2").to(torch.float64)
        wd = C.as_tensor(C.call(pas_sgd_decroissance, wd, A.T @ (A @ wd - b), lr, lam_wd,
                                name="pas_sgd_decroissance"),
                         "pas_sgd_decroissance").to(torch.float64)
        C.expect_close(l2, ref, rtol=1e-10, atol=1e-12,
                       name=f"θ après {step} pas de SGD + L2 (perte ½‖Aθ − b‖²)",
                       hint="θ − η (∇L + λ_L2 θ) à chaque pas.")
        C.expect_close(wd, ref, rtol=1e-10, atol=1e-12,
                       name=f"θ après {step} pas de SGD + décroissance λ_wd = "
                            "lambda_wd_equivalent(η, λ_L2)",
                       hint="les deux trajectoires doivent coïncider : λ_wd = η λ_L2.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — Le contre-exemple pour Adam.** On prend la perte quadratique séparable
# $$L(\theta) = \tfrac12 \sum_i a_i (\theta_i - c_i)^2, \qquad
#   \nabla L(\theta)_i = a_i (\theta_i - c_i),$$
# avec des courbures $a_i > 0$ très différentes (par exemple $a = (100, 0{,}01)$ : des
# gradients d'ordres de grandeur très différents sur les deux coordonnées). Écrire
# `contre_exemple(a, c, theta0, lr, lam, k)` qui part de `theta0` (tenseurs `float64` de même
# forme que `a` et `c`), effectue `k` pas de chacun des trois optimiseurs (hyper-paramètres
# par défaut de PyTorch : $\beta = (0{,}9;\ 0{,}999)$, $\epsilon = 10^{-8}$) et renvoie le
# dictionnaire des paramètres finaux :
#
# * `"adam"` : Adam sans régularisation ;
# * `"adam_l2"` : Adam + L2 de coefficient `lam` ;
# * `"adamw"` : AdamW de coefficient `lam` (convention du chapitre, $(1 - \eta\lambda)$).
#
# Vous pouvez utiliser `torch.optim.Adam` et `torch.optim.AdamW` (ou écrire les mises à jour à
# la main). Observez ensuite, dans la cellule qui suit, les deux coordonnées : pour quel
# optimiseur la régularisation dépend-elle de la magnitude du gradient ?

# %%
def contre_exemple(a: torch.Tensor, c: torch.Tensor, theta0: torch.Tensor, lr: float,
                   lam: float, k: int) -> dict[str, torch.Tensor]:
    """Paramètres après k pas d'Adam, d'Adam + L2 et d'AdamW sur ½ Σ aᵢ (θᵢ − cᵢ)²."""
    # BEGIN SOLUTION
    optimiseurs = {"adam": lambda p: torch.optim.Adam([p], lr=lr),
                   "adam_l2": lambda p: torch.optim.Adam([p], lr=lr, weight_decay=lam),
                   "adamw": lambda p: torch.optim.AdamW([p], lr=lr, weight_decay=lam)}
    resultats = {}
    for nom, fabrique in optimiseurs.items():
        theta = theta0.clone().requires_grad_(True)
        opt = fabrique(theta)
        for _ in range(k):
            opt.zero_grad()
            perte = 0.5 * (a * (theta - c) ** 2).sum()
            perte.backward()
            opt.step()
        resultats[nom] = theta.detach()
    return resultats
    # END SOLUTION


# %%
res = contre_exemple(torch.tensor([100.0, 0.01], dtype=torch.float64),
                     torch.tensor([1.0, 1.0], dtype=torch.float64),
                     torch.zeros(2, dtype=torch.float64), lr=0.05, lam=0.1, k=200)
for nom, valeur in res.items():
    print(f"{nom:8s} θ = {valeur.tolist()}")

# %%
@check
def contre_exemple_public(contre_exemple):
    a = torch.tensor([100.0, 0.01], dtype=torch.float64)
    c = torch.tensor([1.0, 1.0], dtype=torch.float64)
    theta0 = torch.zeros(2, dtype=torch.float64)
    got = C.call(contre_exemple, a.clone(), c.clone(), theta0.clone(), 0.05, 0.1, 200,
                 name="contre_exemple")
    C.expect(isinstance(got, dict) and {"adam", "adam_l2", "adamw"} <= set(got),
             "`contre_exemple` doit renvoyer un dictionnaire de clés 'adam', 'adam_l2', 'adamw'.")
    values = {k: C.as_tensor(got[k], f"contre_exemple(...)['{k}']").to(torch.float64)
              for k in ("adam", "adam_l2", "adamw")}
    for key, value in values.items():
        C.expect_shape(value, (2,), name=f"contre_exemple(...)['{key}']")
    for key in ("adam", "adamw"):
        C.expect(abs(float(values[key][0] - values[key][1])) <= 1e-4,
                 f"Avec `{key}`, les deux coordonnées devraient rester égales (à 1e-4 près) : "
                 f"Adam est invariant par changement d'échelle du gradient de chaque coordonnée, "
                 f"obtenu {values[key].tolist()}.",
                 hint="AdamW : décroissance (1 − ηλ) θ appliquée hors des moments d'Adam.")
    C.expect(float(values["adam_l2"][0] - values["adam_l2"][1]) > 0.5,
             "Avec Adam + L2, la coordonnée de faible courbure (a = 0,01) devrait être bien plus "
             f"rétrécie que l'autre ; obtenu {values['adam_l2'].tolist()}.",
             hint="Adam + L2 ajoute λθ au gradient avant la normalisation par √v̂.")


@check(hidden=True)
def contre_exemple_contre_pytorch(contre_exemple):
    def oracle(a, c, theta0, lr, lam, k):
        out = {}
        for key, cls, wd in [("adam", torch.optim.Adam, 0.0), ("adam_l2", torch.optim.Adam, lam),
                             ("adamw", torch.optim.AdamW, lam)]:
            theta = theta0.clone().requires_grad_(True)
            opt = cls([theta], lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)
            for _ in range(k):
                opt.zero_grad()
                (0.5 * (a * (theta - c) ** 2).sum()).backward()
                opt.step()
            out[key] = theta.detach()
        return out

    hints = {"adam": "Adam sans régularisation (weight_decay = 0).",
             "adam_l2": "Adam + L2 : g = ∇L + λθ, puis les moments d'Adam sur ce g "
                        "(torch.optim.Adam(weight_decay=λ)).",
             "adamw": "AdamW : θ ← (1 − ηλ) θ puis le pas d'Adam sur ∇L seul "
                      "(torch.optim.AdamW(weight_decay=λ))."}
    D = torch.float64
    configs = [((3.0, 0.2), (1.0, -2.0), (0.5, 1.5), 0.1, 0.3, 1),
               ((1000.0, 0.1, 5.0), (1.0, 1.0, -1.0), (2.0, -1.0, 0.0), 0.02, 0.05, 30),
               ((50.0, 0.5), (-1.0, 2.0), (0.0, 0.0), 0.01, 0.0, 10),
               ((100.0, 0.01), (1.0, 1.0), (0.0, 0.0), 0.05, 1.0, 120)]
    for a, c, theta0, lr, lam, k in configs:
        a, c, theta0 = (torch.tensor(v, dtype=D) for v in (a, c, theta0))
        want = oracle(a, c, theta0, lr, lam, k)
        got = C.call(contre_exemple, a.clone(), c.clone(), theta0.clone(), lr, lam, k,
                     name="contre_exemple")
        C.expect(isinstance(got, dict) and set(want) <= set(got),
                 "`contre_exemple` doit renvoyer un dictionnaire de clés 'adam', 'adam_l2', "
                 "'adamw'.")
        for key in ("adam", "adam_l2", "adamw"):
            C.expect_close(got[key], want[key], rtol=1e-9, atol=1e-12,
                           name=f"contre_exemple(a de taille {len(a)}, lr={lr}, lam={lam}, "
                                f"k={k})['{key}']",
                           hint=hints[key])


@check(hidden=True)
def contre_exemple_decroissance_effective(contre_exemple):
    D = torch.float64
    a = torch.tensor([1000.0, 0.1], dtype=D)
    c = torch.tensor([1.0, 1.0], dtype=D)
    got = C.call(contre_exemple, a, c.clone(), torch.zeros(2, dtype=D), 0.05, 1.0, 150,
                 name="contre_exemple")
    C.expect(isinstance(got, dict) and {"adam", "adam_l2", "adamw"} <= set(got),
             "`contre_exemple` doit renvoyer un dictionnaire de clés 'adam', 'adam_l2', 'adamw'.")
    values = {k: C.as_tensor(got[k], f"contre_exemple(...)['{k}']").to(D)
              for k in ("adam", "adam_l2", "adamw")}
    C.expect(all(v.shape == (2,) for v in values.values()),
             "`contre_exemple` doit renvoyer des tenseurs de la forme de `theta0`.")
    C.expect(bool(values["adam"].abs().min() > 0.1),
             "Adam sans régularisation devrait approcher c = (1, 1) en 150 pas.")
    shrink = {k: values[k] / values["adam"] for k in ("adam_l2", "adamw")}
    C.expect(abs(float(shrink["adamw"][0] - shrink["adamw"][1])) <= 1e-5,
             "Avec AdamW, le rétrécissement θ_AdamW / θ_Adam devrait être le même pour les deux "
             "coordonnées, quelle que soit la magnitude de leur gradient.",
             hint="la décroissance découplée (1 − ηλ) θ ne passe pas par √v̂.")
    C.expect(float(shrink["adam_l2"][0] - shrink["adam_l2"][1]) > 0.5,
             "Avec Adam + L2, le rétrécissement θ_L2 / θ_Adam devrait être bien plus fort sur la "
             "coordonnée de petit gradient (a = 0,1) que sur celle de grand gradient (a = 1000).",
             hint="le terme λθ ajouté au gradient est divisé par √v̂, grand pour a = 1000.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 — Un pas d'AdamW écrit à la main.** L'état de l'optimiseur est un dictionnaire
# `{"t": t, "m": m, "v": v}` (nombre de pas déjà faits, premier et second moments), créé par
# `etat_initial(theta)` ci-dessous. Écrire `pas_adamw(theta, grad, etat, lr, betas, eps,
# weight_decay)` qui renvoie le couple `(theta_suivant, etat_suivant)` d'**un** pas d'AdamW,
# exactement comme les équations 3.31–3.33 et `torch.optim.AdamW` :
# $t \leftarrow t + 1$, moments $m, v$ mis à jour avec le gradient **seul**, corrections du
# biais $\hat m = m / (1 - \beta_1^t)$ et $\hat v = v / (1 - \beta_2^t)$, puis
# $\theta \leftarrow (1 - \eta\lambda)\,\theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)$.
# Sans `torch.optim` ; `theta` et `etat` reçus ne doivent pas être modifiés en place (le
# correcteur utilise l'état que vous **renvoyez**).

# %%
def etat_initial(theta: torch.Tensor) -> dict:
    """État d'Adam/AdamW avant le premier pas."""
    return {"t": 0, "m": torch.zeros_like(theta), "v": torch.zeros_like(theta)}


# %%
def pas_adamw(theta: torch.Tensor, grad: torch.Tensor, etat: dict, lr: float = 1e-3,
              betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
              weight_decay: float = 1e-2) -> tuple[torch.Tensor, dict]:
    """Un pas d'AdamW (décroissance découplée, correction du biais) ; renvoie (θ, état)."""
    # BEGIN SOLUTION
    beta1, beta2 = betas
    t = etat["t"] + 1
    m = beta1 * etat["m"] + (1 - beta1) * grad
    v = beta2 * etat["v"] + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    theta = (1 - lr * weight_decay) * theta - lr * m_hat / (v_hat.sqrt() + eps)
    return theta, {"t": t, "m": m, "v": v}
    # END SOLUTION


# %%
theta_demo = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
reference = theta_demo.clone().requires_grad_(True)
opt_demo = torch.optim.AdamW([reference], lr=0.1, weight_decay=0.01)
etat_demo = etat_initial(theta_demo)
for _ in range(5):
    g_demo = 2 * theta_demo
    theta_demo, etat_demo = pas_adamw(theta_demo, g_demo, etat_demo, 0.1, (0.9, 0.999), 1e-8,
                                      0.01)
    reference.grad = 2 * reference.detach()
    opt_demo.step()
print("écart max à torch.optim.AdamW après 5 pas :",
      float((theta_demo - reference.detach()).abs().max()))

# %%
@check
def adamw_premier_pas(pas_adamw):
    D = torch.float64
    theta = torch.tensor([1.0, -2.0, 0.5], dtype=D)
    grad = torch.tensor([0.1, -0.3, 0.0], dtype=D)
    state = {"t": 0, "m": torch.zeros(3, dtype=D), "v": torch.zeros(3, dtype=D)}
    result = C.call(pas_adamw, theta.clone(), grad.clone(), state, 0.1, (0.9, 0.999), 1e-8,
                    0.01, name="pas_adamw")
    C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict),
             "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
    expected = (1 - 0.1 * 0.01) * theta - 0.1 * grad / (grad.abs() + 1e-8)
    C.expect_close(result[0], expected, name="θ après un pas de pas_adamw depuis l'état initial",
                   reveal=True, hint="au premier pas, m̂ = g et v̂ = g² (correction du biais) : "
                                     "θ ← (1 − ηλ) θ − η g / (|g| + ε).")
    C.expect(result[1].get("t") == 1, "L'état renvoyé par `pas_adamw` doit avoir t = 1 après "
                                      "le premier pas.")


@check(hidden=True)
def adamw_contre_pytorch(pas_adamw):
    D = torch.float64
    g = torch.Generator().manual_seed(31)
    scales = torch.tensor([[100.0], [1.0], [1e-3]], dtype=D)
    for lr, betas, eps, wd in [(0.01, (0.9, 0.999), 1e-8, 0.1), (0.3, (0.5, 0.6), 1e-6, 0.02)]:
        theta0 = torch.randn(3, 5, generator=g, dtype=D)
        grads = [scales * torch.randn(3, 5, generator=g, dtype=D) for _ in range(8)]
        ref = theta0.clone().requires_grad_(True)
        opt = torch.optim.AdamW([ref], lr=lr, betas=betas, eps=eps, weight_decay=wd)
        theta = theta0.clone()
        state = {"t": 0, "m": torch.zeros(3, 5, dtype=D), "v": torch.zeros(3, 5, dtype=D)}
        for step, grad in enumerate(grads, start=1):
            ref.grad = grad.clone()
            opt.step()
            result = C.call(pas_adamw, theta, grad.clone(), state, lr, betas, eps, wd,
                            name="pas_adamw")
            C.expect(isinstance(result, tuple) and len(result) == 2,
                     "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
            theta, state = result
            C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13,
                           name=f"θ après {step} pas de pas_adamw (lr={lr}, betas={betas}, "
                                f"weight_decay={wd})",
                           hint="t ← t + 1 ; m, v avec le gradient seul ; m̂ = m/(1 − β₁ᵗ), "
                                "v̂ = v/(1 − β₂ᵗ) ; θ ← (1 − ηλ) θ − η m̂/(√v̂ + ε).")


@check(hidden=True)
def adamw_decroissance_decouplee(pas_adamw):
    D = torch.float64
    theta0 = torch.tensor([[2.0, -1.0, 0.5], [3.0, 0.25, -4.0]], dtype=D)
    theta = theta0.clone()
    state = {"t": 0, "m": torch.zeros(2, 3, dtype=D), "v": torch.zeros(2, 3, dtype=D)}
    lr, wd = 0.05, 0.4
    for step in range(1, 7):
        result = C.call(pas_adamw, theta, torch.zeros(2, 3, dtype=D), state, lr, (0.9, 0.999),
                        1e-8, wd, name="pas_adamw")
        C.expect(isinstance(result, tuple) and len(result) == 2,
                 "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
        theta, state = result
        C.expect_close(theta, (1 - lr * wd) ** step * theta0, rtol=1e-12, atol=1e-14,
                       name=f"θ après {step} pas de pas_adamw à gradient nul",
                       hint="à gradient nul, seul le facteur (1 − ηλ) agit : la décroissance "
                            "est découplée (λθ n'entre pas dans m et v), η n'y figure qu'une "
                            "fois, et ε évite 0/0.")


@check(hidden=True)
def adamw_petits_gradients_et_epsilon(pas_adamw):
    D = torch.float64
    g = torch.Generator().manual_seed(41)
    theta0 = torch.randn(4, 3, generator=g, dtype=D)
    grads = [1e-9 * torch.randn(4, 3, generator=g, dtype=D) for _ in range(5)]
    for grad in grads:
        grad[0] = 0.0
    for eps in (1e-8, 1e-10):
        ref = theta0.clone().requires_grad_(True)
        opt = torch.optim.AdamW([ref], lr=0.01, betas=(0.9, 0.999), eps=eps, weight_decay=0.05)
        theta = theta0.clone()
        state = {"t": 0, "m": torch.zeros(4, 3, dtype=D), "v": torch.zeros(4, 3, dtype=D)}
        for step, grad in enumerate(grads, start=1):
            ref.grad = grad.clone()
            opt.step()
            result = C.call(pas_adamw, theta, grad.clone(), state, 0.01, (0.9, 0.999), eps, 0.05,
                            name="pas_adamw")
            C.expect(isinstance(result, tuple) and len(result) == 2,
                     "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
            theta, state = result
            C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13,
                           name=f"θ après {step} pas de pas_adamw avec des gradients de l'ordre "
                                f"de 1e-9 (eps={eps})",
                           hint="avec des gradients de l'ordre de 1e-9, ε pèse autant que √v̂ : "
                                "il s'ajoute après la correction du biais, hors de la racine, "
                                "m̂ / (√v̂ + ε) ; une coordonnée de gradient nul ne doit "
                                "subir que la décroissance.")


@check(hidden=True)
def adamw_sans_decroissance_egale_adam(pas_adamw):
    D = torch.float64
    g = torch.Generator().manual_seed(51)
    theta0 = torch.randn(6, generator=g, dtype=D)
    ref = theta0.clone().requires_grad_(True)
    opt = torch.optim.Adam([ref], lr=0.02, betas=(0.8, 0.9), eps=1e-8)
    theta = theta0.clone()
    state = {"t": 0, "m": torch.zeros(6, dtype=D), "v": torch.zeros(6, dtype=D)}
    for step in range(1, 6):
        grad = torch.sin(3 * theta) + theta
        ref.grad = torch.sin(3 * ref.detach()) + ref.detach()
        opt.step()
        result = C.call(pas_adamw, theta, grad, state, 0.02, (0.8, 0.9), 1e-8, 0.0,
                        name="pas_adamw")
        C.expect(isinstance(result, tuple) and len(result) == 2,
                 "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
        theta, state = result
        C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13,
                       name=f"θ après {step} pas de pas_adamw avec weight_decay = 0 "
                            "(comparé à torch.optim.Adam)",
                       hint="sans décroissance, AdamW est exactement Adam ; vérifiez β₁, β₂ "
                            "et la correction du biais.")


@check(hidden=True)
def adamw_arguments_intacts(pas_adamw):
    D = torch.float64
    g = torch.Generator().manual_seed(61)
    theta = torch.randn(3, 4, generator=g, dtype=D)
    grad = torch.randn(3, 4, generator=g, dtype=D)
    state = {"t": 2, "m": 0.1 * torch.randn(3, 4, generator=g, dtype=D),
             "v": 0.01 * torch.rand(3, 4, generator=g, dtype=D)}
    given = {"t": 2, "m": state["m"].clone(), "v": state["v"].clone()}
    result, after = C.call_seeing_arguments(pas_adamw, theta.clone(), grad.clone(), given, 0.01,
                                            (0.9, 0.999), 1e-8, 0.1, name="pas_adamw")
    C.expect(isinstance(result, tuple) and len(result) == 2,
             "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
    C.expect(torch.equal(after[0], theta), "`pas_adamw` modifie `theta` en place.",
             hint="calculez un nouveau tenseur θ (pas de mul_, sub_, -=).")
    etat = after[2]
    intact = (isinstance(etat, dict) and etat.get("t") == 2
              and all(isinstance(etat.get(k), torch.Tensor) and torch.equal(etat[k], state[k])
                      for k in ("m", "v")))
    C.expect(intact, "`pas_adamw` modifie en place l'état `etat` reçu.",
             hint="renvoyez un nouveau dictionnaire {\"t\": …, \"m\": …, \"v\": …} de "
                  "nouveaux tenseurs, sans toucher à celui reçu.")


@check(hidden=True)
def adamw_valeurs_par_defaut(pas_adamw):
    D = torch.float64
    g = torch.Generator().manual_seed(71)
    theta0 = torch.randn(5, generator=g, dtype=D)
    ref = theta0.clone().requires_grad_(True)
    opt = torch.optim.AdamW([ref], lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2)
    theta = theta0.clone()
    state = {"t": 0, "m": torch.zeros(5, dtype=D), "v": torch.zeros(5, dtype=D)}
    for step in range(1, 4):
        grad = torch.randn(5, generator=g, dtype=D)
        ref.grad = grad.clone()
        opt.step()
        result = C.call(pas_adamw, theta, grad.clone(), state, name="pas_adamw")
        C.expect(isinstance(result, tuple) and len(result) == 2,
                 "`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).")
        theta, state = result
        C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13,
                       name=f"θ après {step} pas de pas_adamw(theta, grad, etat) avec les "
                            "valeurs par défaut",
                       hint="gardez les valeurs par défaut de la signature donnée (lr, betas, "
                            "eps, weight_decay).")


# %% [raw]
# # END QUESTION

# %% [markdown]
# ## Expérience facultative : un petit Transformer, Adam + L2 contre AdamW
#
# Tâche synthétique : une séquence de 16 jetons tirés dans un vocabulaire de 8 ; l'étiquette
# vaut 1 si le jeton 1 apparaît plus souvent que le jeton 2. On apprend sur **128** séquences
# seulement, dont 15 % des étiquettes sont **inversées** (bruit), et l'on évalue sur 2 000
# séquences aux étiquettes exactes : un modèle qui apprend le bruit par cœur généralise moins
# bien. Le modèle : plongement des jetons et des positions (dimension 32), une couche
# `nn.TransformerEncoderLayer` (4 têtes), moyenne sur la séquence, couche linéaire. Pour chaque
# $\lambda \in \{0, 10^{-2}, 10^{-1}, 1, 3\}$, on entraîne avec `Adam(weight_decay=λ)` (L2) et
# `AdamW(weight_decay=λ)`, et l'on trace la précision de test au fil de l'entraînement. Par
# défaut (`ENTRAINER = False`), rien n'est entraîné ; avec `ENTRAINER = True`, comptez une
# minute environ sur CPU (si c'est beaucoup plus lent, essayez `torch.set_num_threads(1)`).

# %%
ENTRAINER = False


def sequences(n: int, graine: int, bruit: float = 0.0, longueur: int = 16,
              vocabulaire: int = 8):
    g = torch.Generator().manual_seed(graine)
    x = torch.randint(0, vocabulaire, (n, longueur), generator=g)
    y = ((x == 1).sum(dim=1) > (x == 2).sum(dim=1)).long()
    inverse = torch.rand(n, generator=g) < bruit
    return x, torch.where(inverse, 1 - y, y)


class PetitTransformer(nn.Module):
    def __init__(self, vocabulaire: int = 8, longueur: int = 16, d: int = 32):
        super().__init__()
        self.jetons = nn.Embedding(vocabulaire, d)
        self.positions = nn.Parameter(0.02 * torch.randn(longueur, d))
        self.couche = nn.TransformerEncoderLayer(d, nhead=4, dim_feedforward=64, dropout=0.0,
                                                 batch_first=True)
        self.tete = nn.Linear(d, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.couche(self.jetons(x) + self.positions)
        return self.tete(h.mean(dim=1))


def courbe_generalisation(decouple: bool, lam: float, pas: int = 400, graine: int = 0):
    torch.manual_seed(graine)
    x_app, y_app = sequences(128, graine=1, bruit=0.15)
    x_test, y_test = sequences(2000, graine=2)
    modele = PetitTransformer()
    classe = torch.optim.AdamW if decouple else torch.optim.Adam
    opt = classe(modele.parameters(), lr=3e-3, weight_decay=lam)
    courbe = []
    for etape in range(1, pas + 1):
        idx = torch.randint(0, len(y_app), (64,))
        perte = F.cross_entropy(modele(x_app[idx]), y_app[idx])
        opt.zero_grad()
        perte.backward()
        opt.step()
        if etape % 50 == 0:
            with torch.no_grad():
                precision = (modele(x_test).argmax(dim=1) == y_test).float().mean().item()
            courbe.append((etape, precision))
    return courbe


print("paramètres du petit Transformer :", sum(p.numel() for p in PetitTransformer().parameters()))
if ENTRAINER:
    lambdas = [0.0, 1e-2, 1e-1, 1.0, 3.0]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5), sharey=True)
    for ax, decouple in zip(axes, (False, True), strict=True):
        for lam in lambdas:
            courbe = courbe_generalisation(decouple, lam)
            ax.plot([e for e, _ in courbe], [p for _, p in courbe], label=f"λ = {lam:g}")
        ax.set_title("AdamW" if decouple else "Adam + L2")
        ax.set_xlabel("pas")
    axes[0].set_ylabel("précision de test")
    axes[1].legend(fontsize=8)
    plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 2

# %% [markdown]
# **Question 4 (rédigée, 3.5.1).** Démontrer formellement que, pour SGD, la régularisation L2
# de coefficient $\lambda_{L2}$ et le weight decay sont équivalents, et donner la relation entre
# les coefficients dans chacune des deux conventions (décroissance par pas
# $(1 - \lambda_{wd})$ ; décroissance multipliée par le pas $(1 - \eta\lambda)$). Que
# devient l'équivalence si le pas $\eta_t$ varie au cours de l'entraînement (planification du
# taux d'apprentissage) ?

# %% [markdown]
# _Rédigez votre démonstration ici._

# %% [markdown]
# SGD sur $\tilde L = L + \frac{\lambda_{L2}}{2}\|\theta\|^2$ : $\nabla\tilde L = \nabla L +
# \lambda_{L2}\theta$, donc $\theta_{t+1} = \theta_t - \eta(\nabla L(\theta_t) +
# \lambda_{L2}\theta_t) = (1 - \eta\lambda_{L2})\,\theta_t - \eta\nabla L(\theta_t)$.
# Le weight decay par pas donne $\theta_{t+1} = (1 - \lambda_{wd})\,\theta_t -
# \eta\nabla L(\theta_t)$. Les deux applications $\theta_t \mapsto \theta_{t+1}$ sont égales
# pour tout $\theta_t$ et tout gradient si et seulement si $\lambda_{wd} = \eta\lambda_{L2}$
# (coefficients de $\theta_t$), soit $\lambda_{L2} = \lambda_{wd}/\eta$ ; par récurrence, les
# trajectoires coïncident à partir du même $\theta_0$ (c'est ce que vérifie la question 1).
# Dans la convention du chapitre, $(1 - \eta\lambda)\theta_t - \eta\nabla L$, la même
# identification donne $\lambda = \lambda_{L2}$. Si $\eta_t$ varie, l'équivalence tient pas à
# pas avec $\lambda_{wd,t} = \eta_t\lambda_{L2}$ : un $\lambda_{wd}$ **fixe** par pas
# correspond à une régularisation L2 dont le coefficient effectif $\lambda_{wd}/\eta_t$ change
# avec la planification (et inversement), ce qui explique pourquoi les deux réglages ne se
# transfèrent pas quand on change $\eta$. Avec la convention du chapitre, le facteur
# $(1 - \eta_t\lambda)$ suit la planification et l'équivalence avec L2 de coefficient
# $\lambda$ tient à chaque pas.


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée, 3.5.2).** Avec la perte
# $L(\theta) = \frac12 \big(a_1(\theta_1 - c_1)^2 + a_2(\theta_2 - c_2)^2\big)$ et
# $\epsilon \to 0$ :
# (a) montrer qu'Adam est invariant par changement d'échelle du gradient de chaque coordonnée,
# et en déduire que la trajectoire d'AdamW sur la coordonnée $i$ ne dépend pas de $a_i$ ;
# (b) montrer qu'avec Adam + L2, la coordonnée $i$ suit la trajectoire d'Adam sur une
# quadratique de minimum $c_i' = a_i c_i / (a_i + \lambda)$ ; comparer $c_1'$ et $c_2'$ pour
# $a_1 \gg \lambda \gg a_2$ ;
# (c) conclure : pourquoi l'équivalence de la question 4 ne tient plus pour Adam, et quels
# poids Adam + L2 régularise-t-il moins que prévu ? Rapprochez-le des valeurs obtenues à la
# question 2.

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) Si l'on remplace $g_{t,i}$ par $s\,g_{t,i}$ ($s > 0$), $m_{t,i}$ devient $s\,m_{t,i}$ et
# $v_{t,i}$ devient $s^2 v_{t,i}$, donc $\hat m_{t,i}/\sqrt{\hat v_{t,i}}$ est inchangé (à
# $\epsilon$ près). Pour la perte séparable, $g_{t,i} = a_i(\theta_{t,i} - c_i)$ : la mise à
# jour d'Adam sur la coordonnée $i$ ne dépend que de la suite des $\theta_{t,i} - c_i$, pas de
# $a_i$. La décroissance d'AdamW, $(1 - \eta\lambda)\theta_{t,i}$, ne dépend pas non plus de
# $a_i$ ; par récurrence, la trajectoire de $\theta_{t,i}$ est la même pour toute courbure
# $a_i$ : deux coordonnées partant du même point vers le même $c$ restent égales
# (question 2 : AdamW donne $(0{,}98;\ 0{,}98)$).
#
# (b) Avec L2, $g_{t,i} = a_i(\theta_{t,i} - c_i) + \lambda\theta_{t,i} = (a_i + \lambda)
# (\theta_{t,i} - c_i')$ avec $c_i' = a_i c_i/(a_i + \lambda)$ : à un facteur d'échelle près
# (sans effet sur Adam d'après (a)), c'est le gradient d'une quadratique de minimum $c_i'$.
# Pour $a_1 \gg \lambda$, $c_1' \approx c_1$ : la régularisation n'a presque aucun effet ; pour
# $a_2 \ll \lambda$, $c_2' \approx (a_2/\lambda) c_2 \approx 0$ : la coordonnée est écrasée
# (question 2, $a = (100;\ 0{,}01)$, $\lambda = 0{,}1$ : $c' \approx (0{,}999;\ 0{,}091)$).
#
# (c) Pour SGD, le terme $\lambda\theta$ produit la même décroissance relative
# $\eta\lambda$ sur toutes les coordonnées ; avec Adam, il passe par la normalisation
# $1/(\sqrt{\hat v} + \epsilon)$ : la décroissance effective d'une coordonnée vaut environ
# $\eta\lambda/\sqrt{\hat v_i}$, d'autant plus faible que ses gradients sont grands. Aucun
# choix de $\lambda_{L2}$ ne reproduit donc un weight decay uniforme : l'équivalence est
# rompue. Les poids à **grands gradients** (souvent les plus utilisés, qui auraient le plus
# besoin d'être régularisés) sont les moins régularisés. AdamW découple la décroissance de la
# normalisation et rétablit un rétrécissement uniforme $(1 - \eta\lambda)$.


# %% [raw]
# # BEGIN QUESTION
# name: q6
# manual: true
# points: 2

# %% [markdown]
# **Question 6 (rédigée, 3.5.3).** Avec `ENTRAINER = True`, comparez les courbes de précision
# de test d'Adam + L2 et d'AdamW selon $\lambda$. Pour quelles valeurs de $\lambda$ les deux
# optimiseurs diffèrent-ils le plus ? Pourquoi la même valeur de `weight_decay` n'a-t-elle pas
# le même effet dans les deux cas (ordre de grandeur de $\eta\lambda$ contre
# $\lambda/\sqrt{\hat v}$) ? Quelles précautions (graines, taille des données, nombre de pas)
# faudrait-il pour conclure ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus (valeurs indicatives, graine 0, CPU). Sans régularisation, la précision de
# test culmine vers 0,92 après 50 pas puis redescend vers 0,80 : le modèle apprend par cœur les
# 15 % d'étiquettes bruitées. **AdamW** : pour $\lambda \le 1$, les courbes sont presque
# celles d'Adam seul, car le rétrécissement par pas $\eta\lambda$ ne dépasse pas
# $3\cdot 10^{-3}$ ; il faut $\lambda \approx 3$ ($\eta\lambda \approx 10^{-2}$) pour
# freiner nettement le sur-apprentissage (environ 0,85 à la fin). **Adam + L2** : le terme
# $\lambda\theta$ passe par la normalisation $1/\sqrt{\hat v}$ et pèse d'autant plus que les
# gradients d'un paramètre sont petits (plongements, LayerNorm, biais), si bien qu'une même
# valeur de $\lambda$ agit beaucoup plus fort : $\lambda = 10^{-2}$ ralentit déjà le
# sur-apprentissage, $\lambda = 0{,}1$ donne une courbe erratique (régularisation forte et
# inégale selon les paramètres), et $\lambda \ge 1$ bloque l'apprentissage (précision figée à
# la proportion de la classe majoritaire, environ 0,6). Les deux optimiseurs diffèrent donc le
# plus pour $\lambda$ de $10^{-1}$ à $1$. La même valeur de `weight_decay` n'a pas la même
# échelle : taux effectif $\eta\lambda$, uniforme, pour AdamW ; environ
# $\eta\lambda/\sqrt{\hat v_i}$, variable d'un paramètre à l'autre, pour Adam + L2 — ce qui
# rend ce dernier difficile à régler, sans qu'il soit forcément moins bon à $\lambda$ bien
# choisi sur une tâche aussi petite. Pour conclure : plusieurs graines (les écarts sont ici de
# l'ordre de la variance entre graines, avec 128 exemples), un balayage conjoint de $\eta$ et
# $\lambda$, plus de pas, et une vraie tâche (texte) plutôt qu'un jeu synthétique.

