# %% [markdown]
# # Exercice 3.2 (⋆⋆) — Elastic Net par descente de gradient proximale
#
# L'Elastic Net combine les pénalités L1 (Lasso, section 3.3) et L2 (Ridge, section 3.2) :
#
# $$\Omega(\theta) = \alpha \lVert \theta \rVert_1 + \frac{1 - \alpha}{2} \lVert \theta
#   \rVert_2^2, \qquad \alpha \in [0, 1].$$
#
# Pour une régression linéaire sans biais, de données $X \in \mathbb{R}^{n \times p}$ (un
# exemple par ligne) et $y \in \mathbb{R}^n$, on minimise
#
# $$J(\theta) = \underbrace{\frac{1}{2n} \lVert X\theta - y \rVert_2^2
#   + \lambda\,\frac{1 - \alpha}{2} \lVert \theta \rVert_2^2}_{g(\theta)\ \text{(lisse)}}
#   \; + \; \underbrace{\lambda \alpha \lVert \theta \rVert_1}_{h(\theta)\ \text{(non
#   dérivable en 0)}} .$$
#
# La valeur absolue n'est pas dérivable en $0$ : un pas de (sous-)gradient ne produit
# jamais de zéros exacts. La **descente de gradient proximale** (ISTA) fait un pas de gradient
# sur la partie lisse $g$, puis applique l'opérateur proximal de la partie L1 :
#
# $$\theta_{t+1} = \operatorname{prox}_{\eta h}\big(\theta_t - \eta \nabla g(\theta_t)\big),
#   \qquad \nabla g(\theta) = \frac1n X^\top (X\theta - y) + \lambda (1 - \alpha)\,\theta,$$
#
# où $\operatorname{prox}_{\eta h}(v) = \arg\min_u \frac12 \lVert u - v \rVert_2^2 + \eta
# \lambda\alpha \lVert u \rVert_1$ est le **seuillage doux** de seuil $\eta\lambda\alpha$,
# appliqué coordonnée par coordonnée :
# $S_\tau(v) = \operatorname{sign}(v) \max(|v| - \tau, 0)$.
#
# Les cas limites : $\alpha = 1$ donne le Lasso (L1 seul), $\alpha = 0$ la régression Ridge
# (L2 seul, aucun seuillage). Toutes les fonctions travaillent en `float64`.
#
# La dérivation de la règle de mise à jour et la comparaison des solutions sont rédigées
# (question 5, corrigée à la main).

# %%
import matplotlib.pyplot as plt
import torch


def donnees_parcimonieuses(n: int, p: int, k: int, bruit: float, graine: int):
    """(X, y, beta) : y = X beta + bruit·ε, avec k coefficients non nuls (|βᵢ| ∈ [1, 2])."""
    g = torch.Generator().manual_seed(graine)
    X = torch.randn(n, p, generator=g, dtype=torch.float64)
    indices = torch.randperm(p, generator=g)[:k]
    signes = torch.where(torch.rand(k, generator=g, dtype=torch.float64) < 0.5, -1.0, 1.0)
    beta = torch.zeros(p, dtype=torch.float64)
    beta[indices] = (1 + torch.rand(k, generator=g, dtype=torch.float64)) * signes
    y = X @ beta + bruit * torch.randn(n, generator=g, dtype=torch.float64)
    return X, y, beta


# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — Opérateur proximal de L1.** Écrire `seuillage_doux(v, seuil)` qui renvoie
# $S_\tau(v) = \operatorname{sign}(v)\max(|v| - \tau, 0)$ élément par élément (`seuil`
# $= \tau \geq 0$ est un flottant), de même forme et de même type que `v`. Les coordonnées
# telles que $|v_i| \leq \tau$ doivent valoir **exactement** $0$.

# %%
def seuillage_doux(v: torch.Tensor, seuil: float) -> torch.Tensor:
    """S_τ(v) = sign(v)·max(|v| − τ, 0), élément par élément."""
    # BEGIN SOLUTION
    return torch.sign(v) * torch.clamp(v.abs() - seuil, min=0)
    # END SOLUTION


# %%
@check
def seuillage_exemple(seuillage_doux):
    v = torch.tensor([-3.0, -1.0, 0.0, 0.5, 2.0], dtype=torch.float64)
    got = C.call(seuillage_doux, v, 1.0, name="seuillage_doux")
    C.expect_shape(got, (5,), name="seuillage_doux(v, 1)")
    C.expect_close(got, torch.tensor([-2.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64),
                   name="seuillage_doux([−3, −1, 0, 0.5, 2], 1)", reveal=True,
                   hint="sign(v)·max(|v| − τ, 0) : les valeurs négatives gardent leur signe.")


@check(hidden=True)
def seuillage_formule(seuillage_doux):
    g = torch.Generator().manual_seed(11)
    v = 2 * torch.randn(4, 7, generator=g, dtype=torch.float64)
    tau = 0.7
    expected = torch.where(v > tau, v - tau, torch.where(v < -tau, v + tau,
                                                         torch.zeros_like(v)))
    got = C.as_tensor(C.call(seuillage_doux, v.clone(), tau, name="seuillage_doux"),
                      "seuillage_doux(v, 0.7)")
    C.expect_shape(got, (4, 7), name="seuillage_doux(v de forme (4, 7), 0.7)")
    C.expect(got.dtype == torch.float64,
             "`seuillage_doux` doit renvoyer un tenseur du même type que v (float64).")
    C.expect_close(got, expected, name="seuillage_doux(v, 0.7)", rtol=1e-12, atol=1e-14,
                   hint="v − τ si v > τ, v + τ si v < −τ, 0 sinon : le signe de v est "
                        "conservé et l'amplitude diminue de τ (ce n'est pas un seuillage dur).")


@check(hidden=True)
def zeros_exacts_et_frontiere(seuillage_doux):
    tau = 0.5
    v = torch.tensor([[-0.5, 0.5, 0.0, -0.25, 0.4999999],
                      [0.5000001, -0.5000001, 3.0, -2.0, 1e-300]], dtype=torch.float64)
    got = C.as_tensor(C.call(seuillage_doux, v.clone(), tau, name="seuillage_doux"),
                      "seuillage_doux(v, 0.5)")
    C.expect_shape(got, (2, 5), name="seuillage_doux(v, 0.5)")
    C.expect(bool((got[v.abs() <= tau] == 0).all()),
             "`seuillage_doux` ne renvoie pas exactement 0 pour |vᵢ| ≤ τ (frontière |vᵢ| = τ "
             "comprise).", hint="max(|v| − τ, 0) vaut 0 dès que |v| ≤ τ ; n'utilisez pas une "
                                "approximation lisse (sous-gradient, softplus…).")
    expected = torch.tensor([[0.0, 0.0, 0.0, 0.0, 0.0],
                             [1e-7, -1e-7, 2.5, -1.5, 0.0]], dtype=torch.float64)
    C.expect_close(got, expected, name="seuillage_doux(v, 0.5) près de la frontière",
                   rtol=1e-6, atol=1e-15,
                   hint="juste au-dessus du seuil, la sortie vaut v − τ (ou v + τ si v < 0), "
                        "avec le signe de v.")
    same = C.as_tensor(C.call(seuillage_doux, v.clone(), 0.0, name="seuillage_doux"),
                       "seuillage_doux(v, 0)")
    C.expect_close(same, v, name="seuillage_doux(v, 0)", rtol=0.0, atol=0.0,
                   hint="avec τ = 0 le seuillage doux est l'identité.")


@check(hidden=True)
def seuillage_meme_type(seuillage_doux):
    g = torch.Generator().manual_seed(12)
    v = 2 * torch.randn(3, 4, 5, generator=g)  # float32: the output keeps the type of v
    tau = 0.6
    expected = torch.sign(v) * torch.clamp(v.abs() - tau, min=0)
    got = C.as_tensor(C.call(seuillage_doux, v.clone(), tau, name="seuillage_doux"),
                      "seuillage_doux(v float32, 0.6)")
    C.expect_shape(got, (3, 4, 5), name="seuillage_doux(v de forme (3, 4, 5), 0.6)")
    C.expect(got.dtype == torch.float32,
             f"`seuillage_doux` renvoie un tenseur {got.dtype} pour un v float32 : il doit être "
             "du même type que v.",
             hint="ne convertissez pas v ; n'introduisez pas de tenseur float64 dans le calcul "
                  "(torch.zeros_like(v) plutôt que torch.zeros(..., dtype=torch.float64)).")
    C.expect_close(got, expected, name="seuillage_doux(v float32, 0.6)", rtol=1e-6, atol=1e-6)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — Un pas de gradient proximal.** Écrire
# `pas_proximal(theta, X, y, lam, alpha, eta)` qui renvoie
# $\theta^{+} = S_{\eta\lambda\alpha}\big(\theta - \eta \nabla g(\theta)\big)$ pour l'objectif
# $J$ de l'énoncé (ne modifiez pas `theta` en place). Attention : le gradient de la partie lisse
# contient le terme L2 $\lambda(1 - \alpha)\theta$, et le seuil du prox dépend du pas $\eta$.

# %%
def pas_proximal(theta: torch.Tensor, X: torch.Tensor, y: torch.Tensor, lam: float,
                 alpha: float, eta: float) -> torch.Tensor:
    """θ⁺ = S_{ηλα}(θ − η∇g(θ)), ∇g(θ) = Xᵀ(Xθ − y)/n + λ(1 − α)θ."""
    # BEGIN SOLUTION
    n = X.shape[0]
    grad_lisse = X.T @ (X @ theta - y) / n + lam * (1 - alpha) * theta
    return seuillage_doux(theta - eta * grad_lisse, eta * lam * alpha)
    # END SOLUTION


# %%
@check
def pas_exemple(pas_proximal):
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([2.0, -0.2], dtype=torch.float64)
    theta = torch.zeros(2, dtype=torch.float64)
    got = C.call(pas_proximal, theta, X, y, 1.0, 0.5, 0.5, name="pas_proximal")
    C.expect_shape(got, (2,), name="pas_proximal(0, X, y, λ=1, α=0.5, η=0.5)")
    C.expect_close(got, torch.tensor([0.25, 0.0], dtype=torch.float64),
                   name="pas_proximal(0, I, [2, −0.2], λ=1, α=0.5, η=0.5)", reveal=True,
                   hint="θ − η∇g = [0.5, −0.05], puis seuillage doux de seuil ηλα = 0.25.")


@check(hidden=True)
def pas_ridge_sans_seuillage(pas_proximal):
    g = torch.Generator().manual_seed(21)
    X = torch.randn(9, 6, generator=g, dtype=torch.float64)
    y = torch.randn(9, generator=g, dtype=torch.float64)
    theta = torch.randn(6, generator=g, dtype=torch.float64)
    lam, eta = 0.8, 0.15
    def lisse(theta):
        return ((X @ theta - y) ** 2).sum() / (2 * 9) + lam / 2 * (theta ** 2).sum()
    grad = C.grad_of(lisse, {"theta": theta}, name="partie lisse de référence")["theta"]
    expected = theta - eta * grad
    got, after = C.call_seeing_arguments(pas_proximal, theta.clone(), X.clone(), y.clone(),
                                         lam, 0.0, eta, name="pas_proximal")
    C.expect(torch.equal(after[0], theta),
             "`pas_proximal` modifie `theta` en place.", hint="calculez un nouveau tenseur.")
    C.expect_close(got, expected, name="pas_proximal(θ, X, y, λ, α=0, η)", rtol=1e-10,
                   atol=1e-12,
                   hint="avec α = 0 (Ridge) il n'y a aucun seuillage : θ − η[Xᵀ(Xθ − y)/n + "
                        "λθ]. Vérifiez le facteur 1/n, le sens de Xθ − y et le terme L2 λ(1 − α)θ.")


@check(hidden=True)
def pas_elastic_net(pas_proximal):
    g = torch.Generator().manual_seed(22)
    X = torch.randn(11, 7, generator=g, dtype=torch.float64)
    y = torch.randn(11, generator=g, dtype=torch.float64)
    theta = 0.6 * torch.randn(7, generator=g, dtype=torch.float64)
    for lam, alpha, eta in ((0.9, 1.0, 0.3), (1.5, 0.6, 0.2), (2.0, 0.25, 0.4)):
        def lisse(theta, lam=lam, alpha=alpha):
            return (((X @ theta - y) ** 2).sum() / (2 * 11)
                    + lam * (1 - alpha) / 2 * (theta ** 2).sum())
        grad = C.grad_of(lisse, {"theta": theta}, name="partie lisse de référence")["theta"]
        v = theta - eta * grad
        tau = eta * lam * alpha
        expected = torch.where(v.abs() > tau, v - tau * torch.sign(v), torch.zeros_like(v))
        label = f"pas_proximal(θ, X, y, λ={lam}, α={alpha}, η={eta})"
        got = C.as_tensor(C.call(pas_proximal, theta.clone(), X.clone(), y.clone(), lam, alpha,
                                 eta, name="pas_proximal"), label)
        C.expect_shape(got, (7,), name=label)
        C.expect_close(got, expected, name=label, rtol=1e-10, atol=1e-12,
                       hint="pas de gradient sur la partie lisse (données + terme L2 λ(1 − α)θ), "
                            "puis seuillage doux de seuil ηλα (le seuil dépend du pas η).")
        C.expect(bool((got[expected == 0] == 0).all()),
                 f"`{label}` : des coordonnées qui devraient être exactement nulles ne le sont "
                 "pas.", hint="le seuillage doux renvoie exactement 0 quand |v| ≤ ηλα.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Entraînement en PyTorch en modifiant les gradients.** Écrire
# `entrainer_elastic_net(X, y, lam, alpha, eta, n_iter)` qui part de $\theta_0 = 0$ (un tenseur
# `float64` de forme `(p,)` avec `requires_grad=True`) et répète `n_iter` fois :
#
# 1. calcul de la perte des données $\frac{1}{2n}\lVert X\theta - y\rVert^2$ et
#    `backward()` (autograd donne $\frac1n X^\top(X\theta - y)$ dans `theta.grad`) ;
# 2. **modification manuelle du gradient** : ajouter à `theta.grad` le gradient
#    $\lambda(1 - \alpha)\theta$ de la partie L2 ;
# 3. sous `torch.no_grad()`, le pas de gradient puis le seuillage doux de seuil $\eta\lambda\alpha$
#    (opérateur proximal de la partie L1, que autograd ne sait pas traiter) ;
# 4. remise à zéro du gradient.
#
# La fonction renvoie $\theta_{n_{\mathrm{iter}}}$ (tenseur `float64` détaché, forme `(p,)`).
# Le résultat doit coïncider, itération par itération, avec `n_iter` appels de `pas_proximal`.

# %%
def entrainer_elastic_net(X: torch.Tensor, y: torch.Tensor, lam: float, alpha: float,
                          eta: float, n_iter: int) -> torch.Tensor:
    """n_iter pas de gradient proximal depuis θ₀ = 0, gradients modifiés à la main."""
    # BEGIN SOLUTION
    n, p = X.shape
    theta = torch.zeros(p, dtype=torch.float64, requires_grad=True)
    for _ in range(n_iter):
        perte = ((X @ theta - y) ** 2).sum() / (2 * n)
        perte.backward()
        with torch.no_grad():
            theta.grad += lam * (1 - alpha) * theta
            theta -= eta * theta.grad
            theta.copy_(seuillage_doux(theta, eta * lam * alpha))
        theta.grad.zero_()
    return theta.detach()
    # END SOLUTION


# %%
@check
def entrainement_un_pas(entrainer_elastic_net):
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([3.0, -1.0, 0.0], dtype=torch.float64)
    zero = C.call(entrainer_elastic_net, X, y, 1.0, 0.5, 0.3, 0, name="entrainer_elastic_net")
    C.expect_close(zero, torch.zeros(2, dtype=torch.float64),
                   name="entrainer_elastic_net(..., n_iter=0)", reveal=True,
                   hint="on part de θ₀ = 0.")
    one = C.call(entrainer_elastic_net, X, y, 1.0, 0.5, 0.3, 1, name="entrainer_elastic_net")
    C.expect_shape(one, (2,), name="entrainer_elastic_net(..., n_iter=1)")
    C.expect_close(one, torch.tensor([0.15, 0.0], dtype=torch.float64),
                   name="entrainer_elastic_net(X, y, λ=1, α=0.5, η=0.3, n_iter=1)", reveal=True,
                   hint="θ₁ = S_{ηλα}(η Xᵀy/n) = S_0.15([0.3, −0.1]).")


@check(hidden=True)
def entrainement_contre_oracle(entrainer_elastic_net):
    g = torch.Generator().manual_seed(31)
    X = torch.randn(12, 7, generator=g, dtype=torch.float64)
    beta = torch.tensor([2.0, 0.0, -1.5, 0.0, 0.3, 0.0, 1.0], dtype=torch.float64)
    y = X @ beta + 0.3 * torch.randn(12, generator=g, dtype=torch.float64)
    for lam, alpha, eta in ((0.4, 0.6, 0.1), (0.3, 1.0, 0.15), (0.5, 0.0, 0.12)):
        theta = torch.zeros(7, dtype=torch.float64)
        iterates = {}
        for t in range(1, 41):
            v = theta - eta * (X.T @ (X @ theta - y) / 12 + lam * (1 - alpha) * theta)
            theta = iterates[t] = torch.sign(v) * torch.clamp(v.abs() - eta * lam * alpha, min=0)
        for n_iter in (1, 2, 5, 40):
            label = f"entrainer_elastic_net(X, y, λ={lam}, α={alpha}, η={eta}, n_iter={n_iter})"
            got = C.as_tensor(C.call(entrainer_elastic_net, X.clone(), y.clone(), lam, alpha,
                                     eta, n_iter, name="entrainer_elastic_net"), label)
            C.expect_shape(got, (7,), name=label)
            C.expect_close(got, iterates[n_iter], name=label, rtol=1e-9, atol=1e-12,
                           hint=("le premier pas (depuis θ₀ = 0) ne suffit pas à tout "
                                 "vérifier : le terme L2 λ(1 − α)θ, nul en θ₀, est-il bien "
                                 "ajouté au gradient ? theta.grad est-il remis à zéro après "
                                 "chaque pas (sinon les gradients s'accumulent) ?"
                                 if n_iter > 1 else
                                 "θ₁ = S_{ηλα}(θ₀ − η[Xᵀ(Xθ₀ − y)/n + λ(1 − α)θ₀]) avec "
                                 "θ₀ = 0 ; perte des données (1/2n)‖Xθ − y‖²."))


@check(hidden=True)
def entrainement_parcimonie(entrainer_elastic_net):
    g = torch.Generator().manual_seed(32)
    X = torch.randn(30, 9, generator=g, dtype=torch.float64)
    y = 2.0 * X[:, 0] - 1.5 * X[:, 4] + 0.1 * torch.randn(30, generator=g, dtype=torch.float64)
    lam, alpha, eta = 0.3, 0.8, 0.2
    theta = torch.zeros(9, dtype=torch.float64)
    for _ in range(150):
        v = theta - eta * (X.T @ (X @ theta - y) / 30 + lam * (1 - alpha) * theta)
        theta = torch.sign(v) * torch.clamp(v.abs() - eta * lam * alpha, min=0)
    got = C.as_tensor(C.call(entrainer_elastic_net, X.clone(), y.clone(), lam, alpha, eta, 150,
                             name="entrainer_elastic_net"), "entrainer_elastic_net(...)")
    C.expect_shape(got, (9,), name="entrainer_elastic_net(X, y, ..., n_iter=150)")
    C.expect(bool(torch.equal(got == 0, theta == 0)),
             f"`entrainer_elastic_net` : {int((got != 0).sum())} coefficients non nuls, "
             "ce n'est pas le support attendu.",
             hint="appliquez le seuillage doux de seuil ηλα à chaque itération, après le pas "
                  "de gradient, pour obtenir des zéros exacts.")
    C.expect_close(got, theta, name="entrainer_elastic_net(X, y, ..., n_iter=150)", rtol=1e-8,
                   atol=1e-10, hint="comparez votre boucle à des appels répétés de pas_proximal.")


@check(hidden=True)
def entrainement_resultat_detache(entrainer_elastic_net):
    @C.probe  # where entrainer_elastic_net lives: what kind of tensor it returns
    def sonde(X, y):
        theta = entrainer_elastic_net(X, y, 0.3, 0.5, 0.1, 3)
        if not isinstance(theta, torch.Tensor):
            return type(theta).__name__, None, None
        return "Tensor", bool(theta.requires_grad), str(theta.dtype)

    g = torch.Generator().manual_seed(33)
    X = torch.randn(10, 4, generator=g, dtype=torch.float64)
    y = torch.randn(10, generator=g, dtype=torch.float64)
    kind, requires_grad, dtype = C.call(sonde, X, y, name="entrainer_elastic_net")
    C.expect(kind == "Tensor", f"`entrainer_elastic_net` renvoie un objet {kind}, pas un "
             "tenseur.")
    C.expect(not requires_grad,
             "`entrainer_elastic_net` renvoie un tenseur encore attaché au graphe d'autograd "
             "(requires_grad=True) : il doit être détaché.", hint="renvoyez theta.detach().")
    C.expect(dtype == str(torch.float64),
             f"`entrainer_elastic_net` renvoie un tenseur {dtype} : il doit être en float64.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 — Comparaison L1, L2, Elastic Net.**
#
# * `support(theta)` renvoie la liste croissante des indices $i$ tels que $\theta_i \neq 0$
#   (sans tolérance : le seuillage produit des zéros exacts).
# * `comparer_penalites(X, y, lam, alpha_en, eta, n_iter)` entraîne (avec
#   `entrainer_elastic_net`, mêmes `lam`, `eta`, `n_iter`) les trois modèles et renvoie le
#   dictionnaire `{"L1": θ, "L2": θ, "ElasticNet": θ}` obtenus avec $\alpha = 1$ (Lasso),
#   $\alpha = 0$ (Ridge) et $\alpha =$ `alpha_en`.
#
# La cellule suivante compare les trois solutions sur une régression avec $p = 100$ variables
# dont $10$ pertinentes ($n = 400$, bruit $0{,}5$, $\lambda = 0{,}5$, $\alpha = 0{,}7$ pour
# l'Elastic Net, $\eta = 0{,}3$, 300 itérations).

# %%
def support(theta: torch.Tensor) -> list[int]:
    """Indices (croissants) des coefficients non nuls."""
    # BEGIN SOLUTION
    return torch.nonzero(theta != 0).flatten().tolist()
    # END SOLUTION


def comparer_penalites(X: torch.Tensor, y: torch.Tensor, lam: float, alpha_en: float,
                       eta: float, n_iter: int) -> dict[str, torch.Tensor]:
    """{"L1": α = 1, "L2": α = 0, "ElasticNet": α = alpha_en}, même λ, η et n_iter."""
    # BEGIN SOLUTION
    alphas = {"L1": 1.0, "L2": 0.0, "ElasticNet": alpha_en}
    return {nom: entrainer_elastic_net(X, y, lam, a, eta, n_iter) for nom, a in alphas.items()}
    # END SOLUTION


# %%
X_demo, y_demo, beta_demo = donnees_parcimonieuses(400, 100, 10, 0.5, 0)
solutions = comparer_penalites(X_demo, y_demo, 0.5, 0.7, 0.3, 300)
if solutions:
    vrai = support(beta_demo)
    print("support vrai :", vrai)
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.stem(beta_demo.numpy(), linefmt="k-", markerfmt="ko", basefmt=" ", label="β vrai")
    for nom, marque in (("L1", "x"), ("L2", "."), ("ElasticNet", "+")):
        theta = solutions[nom]
        s = support(theta)
        print(f"{nom:10s} : {len(s):3d} coefficients non nuls, support exact : {s == vrai}, "
              f"‖θ − β‖ = {float((theta - beta_demo).norm()):.3f}")
        ax.plot(theta.numpy(), marque, label=nom)
    ax.set_xlabel("indice de la variable")
    ax.legend()
    plt.show()

# %%
@check
def support_et_dictionnaire(support, comparer_penalites):
    s = C.as_tensor(C.call(support, torch.tensor([0.0, 1.5, 0.0, -2.0, 0.0],
                                                dtype=torch.float64), name="support"),
                    "support(θ)")
    C.expect_equal(s.reshape(-1).long().tolist(), [1, 3], name="support([0, 1.5, 0, −2, 0])",
                   reveal=True, hint="les indices des coefficients non nuls, négatifs compris.")
    g = torch.Generator().manual_seed(0)
    X = torch.randn(8, 3, generator=g, dtype=torch.float64)
    y = torch.randn(8, generator=g, dtype=torch.float64)
    res = C.call(comparer_penalites, X, y, 0.1, 0.5, 0.1, 3, name="comparer_penalites")
    C.expect(isinstance(res, dict) and sorted(res) == ["ElasticNet", "L1", "L2"],
             "`comparer_penalites` doit renvoyer un dictionnaire de clés \"L1\", \"L2\" et "
             "\"ElasticNet\".")
    for nom in ("L1", "L2", "ElasticNet"):
        C.expect_shape(res[nom], (3,), name=f"comparer_penalites(...)['{nom}']")


@check(hidden=True)
def support_exact(support):
    theta = torch.zeros(3, 7, dtype=torch.float64)
    theta[0, 2], theta[1, 0], theta[2, 6] = -1e-12, 3.0, 1e-300
    for row, expected in zip(theta, ([2], [0], [6]), strict=True):
        got = C.as_tensor(C.call(support, row.clone(), name="support"), "support(θ)")
        C.expect_equal(sorted(got.reshape(-1).long().tolist()), expected,
                       name="support(θ) avec de très petits coefficients non nuls",
                       hint="θᵢ ≠ 0 sans tolérance ; les coefficients négatifs comptent.")
    g = torch.Generator().manual_seed(41)
    v = torch.randn(50, generator=g, dtype=torch.float64)
    v[v.abs() < 0.8] = 0.0
    got = C.as_tensor(C.call(support, v.clone(), name="support"), "support(θ)")
    C.expect_equal(got.reshape(-1).long().tolist(), torch.nonzero(v).flatten().tolist(),
                   name="support(θ) (50 coefficients)",
                   hint="la liste croissante des indices i tels que θᵢ ≠ 0.")
    got = C.as_tensor(C.call(support, torch.zeros(5, dtype=torch.float64), name="support"),
                      "support(0)")
    C.expect(got.numel() == 0, "`support` d'un vecteur nul doit être la liste vide.")


@check(hidden=True)
def support_liste_python(support):
    theta = torch.tensor([0.0, -0.5, 0.0, 2.0, 1e-9, 0.0], dtype=torch.float64)
    got = C.call(support, theta.clone(), name="support")
    C.expect(isinstance(got, list),
             f"`support` renvoie un objet {type(got).__name__} : il doit renvoyer une liste "
             "Python.", hint="convertissez les indices avec .tolist().")
    C.expect(all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in got),
             "`support` doit renvoyer une liste d'entiers (les indices).",
             hint="convertissez les indices avec .tolist().")
    C.expect_equal([int(i) for i in got], [1, 3, 4], name="support(θ)",
                   hint="la liste croissante des indices i tels que θᵢ ≠ 0.")


@check(hidden=True)
def supports_retrouves(support, comparer_penalites):
    g = torch.Generator().manual_seed(2024)
    n, p, k = 400, 100, 10
    X = torch.randn(n, p, generator=g, dtype=torch.float64)
    idx = torch.randperm(p, generator=g)[:k]
    signs = torch.where(torch.rand(k, generator=g, dtype=torch.float64) < 0.5, -1.0, 1.0)
    beta = torch.zeros(p, dtype=torch.float64)
    beta[idx] = (1 + torch.rand(k, generator=g, dtype=torch.float64)) * signs
    y = X @ beta + 0.5 * torch.randn(n, generator=g, dtype=torch.float64)
    true = sorted(idx.tolist())
    res = C.call(comparer_penalites, X.clone(), y.clone(), 0.5, 0.7, 0.3, 300,
                 name="comparer_penalites")
    C.expect(isinstance(res, dict) and sorted(res) == ["ElasticNet", "L1", "L2"],
             "`comparer_penalites` doit renvoyer un dictionnaire de clés \"L1\", \"L2\" et "
             "\"ElasticNet\".")
    hints = {"L1": "Lasso : α = 1, seuil ηλ à chaque itération ; le support doit être celui "
                   "des 10 variables pertinentes.",
             "ElasticNet": "α = alpha_en : seuil ηλα et terme L2 λ(1 − α)θ dans le gradient.",
             "L2": "Ridge : α = 0, donc aucun seuillage : la solution n'est pas parcimonieuse."}
    for nom in ("L1", "ElasticNet", "L2"):
        theta = C.as_tensor(res[nom], f"comparer_penalites(...)['{nom}']")
        C.expect_shape(theta, (p,), name=f"comparer_penalites(...)['{nom}']")
        found = sorted(torch.nonzero(theta).flatten().tolist())
        if nom == "L2":
            C.expect(len(found) == p,
                     f"La solution L2 seule n'a que {len(found)} coefficients non nuls sur {p} : "
                     "elle ne devrait pas être parcimonieuse.", hint=hints[nom])
        else:
            C.expect(found == true,
                     f"La solution {nom} a {len(found)} coefficients non nuls, dont "
                     f"{len(set(found) & set(true))} parmi les {k} variables pertinentes : le "
                     "support n'est pas retrouvé.", hint=hints[nom])
        s = C.as_tensor(C.call(support, theta.clone(), name="support"), "support(θ)")
        C.expect_equal(sorted(s.reshape(-1).long().tolist()), found,
                       name=f"support(comparer_penalites(...)['{nom}'])")


@check(hidden=True)
def solutions_optimales(comparer_penalites):
    g = torch.Generator().manual_seed(77)
    n, p, lam, alpha_en = 200, 40, 0.4, 0.6
    X = torch.randn(n, p, generator=g, dtype=torch.float64)
    beta = torch.zeros(p, dtype=torch.float64)
    beta[:6] = torch.tensor([1.5, -2.0, 1.0, -1.2, 1.8, 1.1], dtype=torch.float64)
    y = X @ beta + 0.5 * torch.randn(n, generator=g, dtype=torch.float64)
    res = C.call(comparer_penalites, X.clone(), y.clone(), lam, alpha_en, 0.25, 400,
                 name="comparer_penalites")
    C.expect(isinstance(res, dict) and sorted(res) == ["ElasticNet", "L1", "L2"],
             "`comparer_penalites` doit renvoyer un dictionnaire de clés \"L1\", \"L2\" et "
             "\"ElasticNet\".")
    ridge = torch.linalg.solve(X.T @ X / n + lam * torch.eye(p, dtype=torch.float64),
                               X.T @ y / n)
    C.expect_close(res["L2"], ridge, name="comparer_penalites(...)['L2']", rtol=1e-7,
                   atol=1e-9, hint="avec α = 0 l'algorithme converge vers la solution de Ridge, "
                   "(XᵀX/n + λI)⁻¹ Xᵀy/n : vérifiez le terme L2 λ(1 − α)θ, le signe du seuillage "
                   "et la remise à zéro des gradients.")
    for nom, alpha in (("L1", 1.0), ("ElasticNet", alpha_en)):
        theta = C.as_tensor(res[nom], f"comparer_penalites(...)['{nom}']").to(torch.float64)
        C.expect_shape(theta, (p,), name=f"comparer_penalites(...)['{nom}']")
        # Optimality (KKT): r = Xᵀ(y − Xθ)/n − λ(1 − α)θ must equal λα·sign(θᵢ) on the support
        # and satisfy |rᵢ| ≤ λα elsewhere.
        r = X.T @ (y - X @ theta) / n - lam * (1 - alpha) * theta
        ecart = float(torch.where(theta != 0, (r - lam * alpha * torch.sign(theta)).abs(),
                                  (r.abs() - lam * alpha).clamp(min=0)).max())
        C.expect(ecart <= 1e-6,
                 f"La solution {nom} ne vérifie pas les conditions d'optimalité de l'Elastic Net "
                 f"(écart {ecart:.2g}).",
                 hint=f"{nom} correspond à α = {alpha:g} ; vérifiez le pas de gradient, le terme "
                      "L2 et le seuil ηλα.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée).**
#
# 1. Calculer l'opérateur proximal $\operatorname{prox}_{\tau|\cdot|}(v) = \arg\min_u
#    \frac12 (u - v)^2 + \tau |u|$ (étudier les cas $u > 0$, $u < 0$, $u = 0$ à l'aide du
#    sous-gradient (3.6)) et en déduire la règle de mise à jour de la descente de gradient
#    proximale pour l'Elastic Net. Pourquoi le seuil vaut-il $\eta\lambda\alpha$ ? Pourquoi
#    cette règle donne-t-elle des zéros exacts, contrairement à un pas de sous-gradient
#    $\theta - \eta\lambda\alpha\,\operatorname{sign}(\theta)$ ?
# 2. Comparer les trois solutions obtenues ci-dessus (support, amplitude des coefficients,
#    erreur d'estimation) et expliquer ces différences. Dans quelle situation l'Elastic Net
#    est-il préférable au Lasso ?

# %% [markdown]
# _Rédigez votre dérivation et votre comparaison ici._

# %% [markdown]
# **1.** Soit $\phi(u) = \frac12(u - v)^2 + \tau|u|$, strictement convexe. Si le minimum est
# en $u > 0$, $\phi'(u) = u - v + \tau = 0$ donne $u = v - \tau$, admissible ssi $v > \tau$ ;
# de même $u = v + \tau$ si $v < -\tau$. Sinon ($|v| \leq \tau$), $0 \in \partial\phi(0) =
# -v + [-\tau, \tau]$ : le minimum est $u = 0$. D'où
# $\operatorname{prox}_{\tau|\cdot|}(v) = \operatorname{sign}(v)\max(|v| - \tau, 0) = S_\tau(v)$,
# et pour la norme L1 (séparable) le prox s'applique coordonnée par coordonnée.
#
# La descente proximale minimise à chaque pas le modèle quadratique de la partie lisse plus la
# partie non lisse exacte :
# $\theta_{t+1} = \arg\min_u\, g(\theta_t) + \nabla g(\theta_t)^\top(u - \theta_t) +
# \frac{1}{2\eta}\lVert u - \theta_t\rVert^2 + \lambda\alpha\lVert u\rVert_1
# = \arg\min_u \frac12\lVert u - (\theta_t - \eta\nabla g(\theta_t))\rVert^2 +
# \eta\lambda\alpha\lVert u\rVert_1$ (on multiplie par $\eta$), soit
# $$\theta_{t+1} = S_{\eta\lambda\alpha}\Big(\theta_t - \eta\big[\tfrac1n X^\top(X\theta_t - y)
# + \lambda(1-\alpha)\theta_t\big]\Big).$$
# Le seuil est $\eta\lambda\alpha$ car la pénalité est multipliée par le pas. (On peut aussi
# traiter la partie L2 dans le prox : $\theta_{t+1} = S_{\eta\lambda\alpha}(\theta_t - \eta
# \nabla L)/(1 + \eta\lambda(1-\alpha))$, une variante également convergente.) Le seuillage
# envoie exactement sur $0$ toute coordonnée telle que $|v_i| \leq \eta\lambda\alpha$ : un
# intervalle entier de valeurs est projeté sur $0$. Un pas de sous-gradient, lui, fait osciller
# les petits coefficients autour de $0$ (il les fait changer de signe) sans jamais les annuler.
# Avec $\eta \leq 1/L$, $L = \lambda_{\max}(X^\top X/n) + \lambda(1-\alpha)$, ISTA converge en
# $O(1/t)$ (linéairement si la partie lisse est fortement convexe).
#
# **2.** Le Lasso ($\alpha = 1$) retrouve exactement les 10 variables pertinentes mais biaise
# leurs coefficients vers $0$ (de $\approx \lambda$). Ridge ($\alpha = 0$) garde les 100
# coefficients non nuls : il rétrécit tous les coefficients proportionnellement sans en annuler
# aucun (la boule L2 n'a pas de coins), d'où de petits coefficients parasites sur les 90
# variables inutiles. L'Elastic Net ($\alpha = 0{,}7$) est parcimonieux (même support ici) avec
# un rétrécissement supplémentaire dû au terme L2 ; si $\lambda\alpha$ est trop petit, il laisse
# entrer quelques variables parasites. L'erreur $\lVert\theta - \beta\rVert$ est la plus faible
# pour le Lasso dans ce problème à variables indépendantes. L'Elastic Net est préférable quand
# les variables sont fortement corrélées (le Lasso en choisit une arbitrairement et devient
# instable, l'Elastic Net sélectionne le groupe : effet de groupement), quand $p > n$ (le Lasso
# sélectionne au plus $n$ variables) ou quand on veut un problème fortement convexe (solution
# unique, convergence linéaire).

