# %% [markdown]
# # Exercice 2.3 (⋆⋆) — Rétropropagation sans autograd
#
# On implémente à la main la passe avant et la passe arrière d'un perceptron multicouche (MLP)
# à **3 couches** avec activation ReLU, puis on vérifie les gradients obtenus par
# **différences finies centrées** :
# $$\frac{\partial L}{\partial w} \approx
#   \frac{L(w + \varepsilon) - L(w - \varepsilon)}{2\varepsilon}.$$
#
# **Le réseau.** Une entrée $X$ de forme $(N, d_0)$ (un exemple par ligne) traverse
#
# $$z_1 = X W_1^\top + b_1,\quad h_1 = \mathrm{ReLU}(z_1),\quad
#   z_2 = h_1 W_2^\top + b_2,\quad h_2 = \mathrm{ReLU}(z_2),\quad
#   z_3 = h_2 W_3^\top + b_3,$$
#
# où $W_\ell$ a la forme $(d_\ell, d_{\ell-1})$ (la convention de `nn.Linear` et du cours) et
# $b_\ell$ la forme $(d_\ell,)$. La dernière couche n'a **pas** de ReLU : $z_3$, de forme
# $(N, C)$, contient les logits des $C$ classes.
#
# **La perte** est l'entropie croisée **moyenne** sur le lot, pour des étiquettes entières
# $y_i \in \{0, \dots, C-1\}$ :
# $$L = -\frac{1}{N}\sum_{i=1}^{N} \log \mathrm{softmax}(z_{3,i})_{y_i}.$$
#
# Les paramètres sont rangés dans un dictionnaire `params` de clés `"W1", "b1", "W2", "b2",
# "W3", "b3"`. **Autograd est interdit** dans les questions 1 à 3 (ni `backward`, ni
# `torch.autograd`, ni `requires_grad`) : tout se fait avec des opérations sur les tenseurs.
#
# > `grader.check("q1")` n'exécute que les vérifications publiques : d'autres vérifications,
# > cachées, sont appliquées à la correction. Les gradients y sont comparés à ceux d'autograd
# > en `float64`, paramètre par paramètre.

# %%
import torch


def initialiser_parametres(dimensions: list[int], graine: int = 0) -> dict[str, torch.Tensor]:
    """Initialisation de He (section 1.5) en float64 : W_ℓ ~ N(0, 2/d_{ℓ−1}), b_ℓ petit."""
    g = torch.Generator().manual_seed(graine)
    params = {}
    for i in range(1, len(dimensions)):
        d_in, d_out = dimensions[i - 1], dimensions[i]
        params[f"W{i}"] = torch.randn(d_out, d_in, generator=g, dtype=torch.float64)
        params[f"W{i}"] *= (2 / d_in) ** 0.5
        params[f"b{i}"] = 0.1 * torch.randn(d_out, generator=g, dtype=torch.float64)
    return params


def donnees_jouet(n: int = 8, d: int = 4, c: int = 3, graine: int = 1):
    """Un petit lot (X, y) en float64 pour tester les fonctions."""
    g = torch.Generator().manual_seed(graine)
    X = torch.randn(n, d, generator=g, dtype=torch.float64)
    return X, torch.randint(0, c, (n,), generator=g)


X_jouet, y_jouet = donnees_jouet()
params_jouet = initialiser_parametres([4, 5, 6, 3])

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — Passe avant et perte.**
#
# * `propagation_avant(X, params)` renvoie les logits $z_3$, de forme $(N, C)$.
# * `perte_entropie_croisee(logits, y)` renvoie l'entropie croisée moyenne (un tenseur à un
#   élément ou un flottant). Elle doit rester **finie et exacte** même pour des logits très
#   grands (par exemple $\pm 1000$) : utilisez l'identité
#   $\log \mathrm{softmax}(z)_k = z_k - m - \log \sum_j e^{z_j - m}$ avec $m = \max_j z_j$.
#
# Vous pouvez utiliser `torch.relu`, `torch.logsumexp`, `torch.exp`… mais pas
# `torch.nn.functional.cross_entropy`.

# %%
def propagation_avant(X: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    """Logits z₃ (N, C) du MLP X → Linéaire → ReLU → Linéaire → ReLU → Linéaire."""
    # BEGIN SOLUTION
    h1 = torch.relu(X @ params["W1"].T + params["b1"])
    h2 = torch.relu(h1 @ params["W2"].T + params["b2"])
    return h2 @ params["W3"].T + params["b3"]
    # END SOLUTION


def perte_entropie_croisee(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Entropie croisée moyenne −(1/N) Σᵢ log softmax(logitsᵢ)[yᵢ], numériquement stable."""
    # BEGIN SOLUTION
    m = logits.max(dim=1, keepdim=True).values
    log_probas = logits - m - torch.log(torch.exp(logits - m).sum(dim=1, keepdim=True))
    return -log_probas[torch.arange(len(y)), y].mean()
    # END SOLUTION


# %%
print("perte initiale sur le lot jouet :",
      float(perte_entropie_croisee(propagation_avant(X_jouet, params_jouet), y_jouet)))

# %%
@check
def formes_et_perte_uniforme(propagation_avant, perte_entropie_croisee):
    g = torch.Generator().manual_seed(0)
    params = {"W1": torch.randn(5, 4, generator=g, dtype=torch.float64),
              "b1": torch.randn(5, generator=g, dtype=torch.float64),
              "W2": torch.randn(6, 5, generator=g, dtype=torch.float64),
              "b2": torch.randn(6, generator=g, dtype=torch.float64),
              "W3": torch.randn(3, 6, generator=g, dtype=torch.float64),
              "b3": torch.randn(3, generator=g, dtype=torch.float64)}
    X = torch.randn(7, 4, generator=g, dtype=torch.float64)
    logits = C.call(propagation_avant, X, params, name="propagation_avant")
    C.expect_shape(logits, (7, 3), name="propagation_avant(X, params)")
    loss = C.call(perte_entropie_croisee, torch.zeros(4, 3, dtype=torch.float64),
                  torch.tensor([0, 1, 2, 1]), name="perte_entropie_croisee")
    C.expect_scalar_close(loss, math.log(3),
                          name="perte_entropie_croisee(logits nuls, y)", reveal=True,
                          hint="des logits nuls donnent une loi uniforme, donc une perte log C.")


@check(hidden=True)
def propagation_contre_pytorch(propagation_avant):
    g = torch.Generator().manual_seed(11)
    dims, params = [6, 8, 7, 4], {}
    for i in range(1, 4):
        params[f"W{i}"] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f"b{i}"] = torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(10, 6, generator=g, dtype=torch.float64)
    h = F.relu(F.linear(X, params["W1"], params["b1"]))
    h = F.relu(F.linear(h, params["W2"], params["b2"]))
    expected = F.linear(h, params["W3"], params["b3"])
    got = C.call(propagation_avant, X.clone(), {k: v.clone() for k, v in params.items()},
                 name="propagation_avant")
    C.expect_close(got, expected, name="propagation_avant(X, params)",
                   hint="z = X Wᵀ + b à chaque couche, ReLU après les deux premières "
                        "seulement (pas de ReLU sur les logits).")


@check(hidden=True)
def perte_exacte_et_stable(perte_entropie_croisee):
    g = torch.Generator().manual_seed(12)
    logits = 3 * torch.randn(9, 5, generator=g, dtype=torch.float64)
    y = torch.randint(0, 5, (9,), generator=g)
    got = C.call(perte_entropie_croisee, logits.clone(), y.clone(), name="perte_entropie_croisee")
    C.expect_scalar_close(got, float(torch.nn.functional.cross_entropy(logits, y)),
                          name="perte_entropie_croisee(logits, y)", rtol=1e-9, atol=1e-12,
                          hint="moyenne sur le lot de −log softmax(z)[y].")
    big = torch.tensor([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0], [0.0, 0.0, 800.0]],
                       dtype=torch.float64)
    y_big = torch.tensor([1, 1, 0])
    got = C.call(perte_entropie_croisee, big.clone(), y_big.clone(), name="perte_entropie_croisee")
    stable = ("exp(1000) déborde : soustrayez le maximum de chaque ligne avant "
              "l'exponentielle (log-sum-exp).")
    C.expect(bool(torch.isfinite(C.as_tensor(got, "perte_entropie_croisee")).all()),
             "`perte_entropie_croisee` renvoie nan ou inf pour des logits de l'ordre de ±1000.",
             hint=stable)
    C.expect_scalar_close(got, float(torch.nn.functional.cross_entropy(big, y_big)),
                          name="perte_entropie_croisee(logits ≈ ±1000, y)", rtol=1e-9,
                          hint=stable)


@check(hidden=True)
def perte_sans_cross_entropy(perte_entropie_croisee):
    # the statement forbids torch.nn.functional.cross_entropy (nn.CrossEntropyLoss calls it)
    interdit = ("`perte_entropie_croisee` utilise `torch.nn.functional.cross_entropy`, que "
                "l'énoncé interdit.")
    piste = ("écrivez log softmax avec l'identité log-sum-exp, puis la moyenne de "
             "−log softmax(z)[y].")

    # where the student function runs, cross_entropy is disabled during the call
    @C.probe
    def sans_cross_entropy(logits, y):
        import torch.nn.functional as fonctionnel

        original = fonctionnel.cross_entropy

        def bloque(*args, **kwargs):
            raise RuntimeError("torch.nn.functional.cross_entropy est interdit")

        fonctionnel.cross_entropy = bloque
        try:
            return perte_entropie_croisee(logits, y)
        finally:
            fonctionnel.cross_entropy = original

    g = torch.Generator().manual_seed(13)
    logits = torch.randn(6, 4, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 2, 2, 0])
    try:
        got = C.call(sans_cross_entropy, logits.clone(), y.clone(), name="perte_entropie_croisee")
    except C.CheckFailure as exc:
        raise C.CheckFailure(interdit, exc.details or [exc.summary], hint=piste) from None
    # the right value, computed without cross_entropy (never a comparison of the function with
    # itself: an answer that is consistent but wrong must not earn this check)
    C.expect_scalar_close(got, float(F.cross_entropy(logits, y)),
                          name="perte_entropie_croisee(logits, y) sans cross_entropy",
                          rtol=1e-8, atol=1e-12, hint=piste)
    C.expect_not_using(perte_entropie_croisee, {"cross_entropy", "CrossEntropyLoss"},
                       name="perte_entropie_croisee", hint=piste)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 4

# %% [markdown]
# **Question 2 — Passe arrière.** Écrire `retropropagation(X, y, params)` qui refait la passe
# avant en gardant les valeurs intermédiaires, puis renvoie le dictionnaire des gradients
# `{"W1": ∂L/∂W1, "b1": ∂L/∂b1, …, "b3": ∂L/∂b3}`, chaque gradient ayant **la même forme**
# que le paramètre. On note $Y$ l'encodage one-hot de $y$ et $\delta_\ell = \partial L /
# \partial z_\ell$ (forme $(N, d_\ell)$). Les équations du cours, écrites pour un lot :
#
# $$\delta_3 = \frac{1}{N}\big(\mathrm{softmax}(z_3) - Y\big),\qquad
#   \delta_2 = (\delta_3 W_3) \odot \mathbb{1}[z_2 > 0],\qquad
#   \delta_1 = (\delta_2 W_2) \odot \mathbb{1}[z_1 > 0],$$
# $$\frac{\partial L}{\partial W_\ell} = \delta_\ell^\top h_{\ell-1}\ (h_0 = X),\qquad
#   \frac{\partial L}{\partial b_\ell} = \sum_{i=1}^{N} \delta_{\ell,i}.$$
#
# Attention aux trois pièges classiques : la couche de sortie n'a pas de ReLU, le gradient d'un
# poids a la forme du poids, et le $1/N$ de la moyenne n'apparaît qu'une fois.

# %%
def retropropagation(X: torch.Tensor, y: torch.Tensor,
                     params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Gradients de l'entropie croisée moyenne par rapport à W1, b1, W2, b2, W3, b3."""
    # BEGIN SOLUTION
    z1 = X @ params["W1"].T + params["b1"]
    h1 = torch.relu(z1)
    z2 = h1 @ params["W2"].T + params["b2"]
    h2 = torch.relu(z2)
    z3 = h2 @ params["W3"].T + params["b3"]
    n = X.shape[0]
    delta3 = torch.softmax(z3, dim=1)
    delta3[torch.arange(n), y] -= 1
    delta3 = delta3 / n
    delta2 = (delta3 @ params["W3"]) * (z2 > 0)
    delta1 = (delta2 @ params["W2"]) * (z1 > 0)
    return {"W3": delta3.T @ h2, "b3": delta3.sum(dim=0),
            "W2": delta2.T @ h1, "b2": delta2.sum(dim=0),
            "W1": delta1.T @ X, "b1": delta1.sum(dim=0)}
    # END SOLUTION


# %%
for nom, grad in retropropagation(X_jouet, y_jouet, params_jouet).items():
    print(f"∂L/∂{nom} : forme {tuple(grad.shape)}, norme {float(grad.norm()):.4f}")

# %%
@check
def formes_des_gradients(retropropagation):
    g = torch.Generator().manual_seed(1)
    dims = [4, 5, 6, 3]
    params = {}
    for i in range(1, 4):
        params[f"W{i}"] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f"b{i}"] = torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(7, 4, generator=g, dtype=torch.float64)
    y = torch.randint(0, 3, (7,), generator=g)
    grads = C.call(retropropagation, X, y, params, name="retropropagation")
    C.expect(isinstance(grads, dict),
             "`retropropagation` doit renvoyer un dictionnaire {nom du paramètre: gradient}.")
    for key in ("W3", "b3", "W2", "b2", "W1", "b1"):
        value = params[key]
        C.expect(key in grads, f"`retropropagation` ne renvoie pas le gradient de `{key}`.")
        C.expect_shape(grads[key], tuple(value.shape), name=f"retropropagation(...)['{key}']",
                       hint="le gradient d'un paramètre a la forme du paramètre : "
                            "∂L/∂W = δᵀ h (et non hᵀ δ), ∂L/∂b = somme de δ sur le lot.")


@check(hidden=True, each={"cas": ["contre_autograd", "couches_carrees"]})
def gradients(retropropagation, cas):
    carre = cas == "couches_carrees"  # square layers: a transposed weight gradient has its shape
    g = torch.Generator().manual_seed(22 if carre else 21)
    dims, params = [4, 4, 4, 4] if carre else [5, 7, 6, 4], {}
    for i in range(1, 4):
        params[f"W{i}"] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f"b{i}"] = 0.5 * torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(6 if carre else 9, dims[0], generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 3, 2, 0]) if carre else torch.randint(0, 4, (9,), generator=g)

    def loss(W1, b1, W2, b2, W3, b3):
        h = F.relu(F.linear(F.relu(F.linear(X, W1, b1)), W2, b2))
        return F.cross_entropy(F.linear(h, W3, b3), y)

    oracle = C.grad_of(loss, params, name="perte de référence")
    expected = {k: oracle[k] for k in ("W3", "b3", "W2", "b2", "W1", "b1")}
    got = C.call(retropropagation, X.clone(), y.clone(), {k: v.clone() for k, v in params.items()},
                 name="retropropagation")
    C.expect_gradients(got, expected, name="retropropagation", tol=1e-7, hints={
        "W3": "δ₃ = (softmax(z₃) − Y)/N, sans masque ReLU (la sortie est linéaire), puis "
              "∂L/∂W₃ = δ₃ᵀ h₂, de forme (d₃, d₂) (et non h₂ᵀ δ₃).",
        "b3": "∂L/∂b₃ est la somme de δ₃ sur le lot : δ₃ contient déjà le facteur 1/N, "
              "ne divisez pas une seconde fois.",
        "W2": "δ₂ = (δ₃ W₃) ⊙ 1[z₂ > 0] puis ∂L/∂W₂ = δ₂ᵀ h₁, de forme (d₂, d₁) : vérifiez le "
              "masque ReLU et l'ordre du produit.",
        "b2": "∂L/∂b₂ est la somme de δ₂ sur le lot (sans nouveau facteur 1/N).",
        "W1": "δ₁ = (δ₂ W₂) ⊙ 1[z₁ > 0] puis ∂L/∂W₁ = δ₁ᵀ X, de forme (d₁, d₀) : le masque "
              "ReLU de la première couche porte sur z₁.",
        "b1": "∂L/∂b₁ est la somme de δ₁ sur le lot (sans nouveau facteur 1/N).",
    })


@check(hidden=True)
def retropropagation_sans_autograd(retropropagation):
    g = torch.Generator().manual_seed(23)
    dims, params = [3, 5, 4, 3], {}
    for i in range(1, 4):
        params[f"W{i}"] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f"b{i}"] = 0.5 * torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(6, 3, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 2, 1, 2, 0, 1])

    # under inference_mode no graph can be recorded (torch.enable_grad cannot undo it)
    @C.probe
    def sans_graphe(X, y, params):
        with torch.inference_mode():
            grads = retropropagation(X, y, params)
        if isinstance(grads, dict):
            return {k: v.clone() if isinstance(v, torch.Tensor) else v for k, v in grads.items()}
        return grads

    sans = ("`retropropagation` doit calculer les gradients à la main, sans autograd (ni "
            "`backward`, ni `torch.autograd`, ni `requires_grad`).")
    try:
        got = C.call(sans_graphe, X.clone(), y.clone(),
                     {k: v.clone() for k, v in params.items()}, name="retropropagation")
    except C.CheckFailure as exc:
        raise C.CheckFailure(sans, exc.details or [exc.summary],
                             hint="appliquez les équations de δ₃, δ₂, δ₁ de l'énoncé avec des "
                                  "produits de matrices.") from None
    # the right gradients, computed without a graph (never a comparison of the function with
    # itself: an answer that is consistent but wrong must not earn this check)
    def loss(W1, b1, W2, b2, W3, b3):
        h = F.relu(F.linear(F.relu(F.linear(X, W1, b1)), W2, b2))
        return F.cross_entropy(F.linear(h, W3, b3), y)

    C.expect_gradients(got, C.grad_of(loss, params, name="perte de référence"),
                       name="retropropagation (sans graphe de calcul)", tol=1e-7)
    C.expect_not_using(retropropagation, {"backward", "autograd", "requires_grad_", "func",
                                          "functorch"}, name="retropropagation", hint=sans)


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — Vérification par différences finies.**
#
# * `gradient_numerique(f, w, eps)` renvoie le gradient numérique d'une fonction scalaire `f`
#   (qui prend un tenseur de la forme de `w` et renvoie un flottant ou un tenseur à un élément)
#   au point `w` (tenseur `float64` de forme quelconque), par **différences centrées**
#   $\big(f(w + \varepsilon e_i) - f(w - \varepsilon e_i)\big) / 2\varepsilon$ coordonnée par
#   coordonnée. Le résultat a la forme de `w`, et `w` doit être **inchangé** à la sortie.
# * `erreur_relative(a, b)` renvoie, sous forme de flottant, l'erreur relative entre deux
#   gradients de même forme :
#   $$\mathrm{err}(a, b) = \frac{\max_i |a_i - b_i|}
#   {\max\big(\max_i (|a_i| + |b_i|),\ 10^{-10}\big)}.$$
#
# En `float64`, une rétropropagation correcte donne une erreur relative de l'ordre de
# $10^{-9}$ ou moins face au gradient numérique ; une erreur au-delà de $10^{-4}$ signale un bug.

# %%
def gradient_numerique(f, w: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """Différences centrées (f(w + ε eᵢ) − f(w − ε eᵢ)) / 2ε pour chaque coordonnée i de w."""
    # BEGIN SOLUTION
    grad = torch.zeros_like(w)
    plat, grad_plat = w.view(-1), grad.view(-1)
    for i in range(plat.numel()):
        ancien = float(plat[i])
        plat[i] = ancien + eps
        f_plus = float(f(w))
        plat[i] = ancien - eps
        f_moins = float(f(w))
        plat[i] = ancien
        grad_plat[i] = (f_plus - f_moins) / (2 * eps)
    return grad
    # END SOLUTION


def erreur_relative(a: torch.Tensor, b: torch.Tensor) -> float:
    """max|a − b| / max(max(|a| + |b|), 1e-10)."""
    # BEGIN SOLUTION
    num = (a - b).abs().max()
    den = (a.abs() + b.abs()).max().clamp_min(1e-10)
    return float(num / den)
    # END SOLUTION


# %% [markdown]
# Vérification complète de la question 2 : pour chaque paramètre, on compare la
# rétropropagation au gradient numérique de la perte.

# %%
gradients_jouet = retropropagation(X_jouet, y_jouet, params_jouet)
for nom in params_jouet:
    def perte_en(w, nom=nom):
        return float(perte_entropie_croisee(propagation_avant(X_jouet, {**params_jouet, nom: w}),
                                            y_jouet))
    numerique = gradient_numerique(perte_en, params_jouet[nom].clone(), 1e-6)
    if tuple(gradients_jouet[nom].shape) != tuple(numerique.shape):
        print(f"{nom} : forme {tuple(gradients_jouet[nom].shape)} au lieu de "
              f"{tuple(numerique.shape)}")
    else:
        print(f"{nom} : erreur relative {erreur_relative(gradients_jouet[nom], numerique):.2e}")

# %%
@check
def gradient_numerique_quadratique(gradient_numerique, erreur_relative):
    w = torch.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=torch.float64)
    got = C.call(gradient_numerique, C.code("lambda v: float((v ** 2).sum())"), w.clone(), 1e-5,
                 name="gradient_numerique")
    C.expect_shape(got, (2, 2), name="gradient_numerique(f, w, eps)")
    C.expect_close(got, 2 * w, name="gradient_numerique(Σ w², w, 1e-5)", rtol=1e-8, atol=1e-8,
                   reveal=True, hint="la différence centrée est exacte (aux arrondis près) pour "
                                     "une fonction quadratique ; la décentrée se trompe de ε.")
    a = torch.tensor([1.0, 2.0, -3.0], dtype=torch.float64)
    C.expect_scalar_close(C.call(erreur_relative, a, a.clone(), name="erreur_relative"), 0.0,
                          name="erreur_relative(a, a)", atol=1e-12, reveal=True)
    C.expect_scalar_close(C.call(erreur_relative, torch.tensor([2.0, 0.0]),
                                 torch.tensor([1.0, 0.0]), name="erreur_relative"),
                          1 / 3, name="erreur_relative([2, 0], [1, 0])", reveal=True)


@check(hidden=True)
def differences_centrees(gradient_numerique):
    g = torch.Generator().manual_seed(31)
    w = 1 + torch.rand(3, 4, generator=g, dtype=torch.float64)

    @C.probe
    def f(v):
        return float((v ** 3).sum() + torch.sin(3 * v).sum())

    exact = C.grad_of(lambda v: (v ** 3).sum() + torch.sin(3 * v).sum(), {"v": w},
                      name="fonction de test")["v"]
    w_in = w.clone()
    got = C.as_tensor(C.call(gradient_numerique, f, w_in, 1e-3, name="gradient_numerique"),
                      "gradient_numerique(f, w, eps)")
    C.expect_shape(got, (3, 4), name="gradient_numerique(f, w, eps)")
    C.expect(torch.allclose(w_in, w, rtol=0.0, atol=1e-12),
             "`gradient_numerique` modifie `w` sans le remettre à sa valeur d'origine.",
             hint="après avoir évalué f(w ± ε eᵢ), restaurez wᵢ.")
    err = C.relative_error(got.to(torch.float64), exact)
    C.expect(err <= 1e-5, f"`gradient_numerique` s'écarte trop du gradient exact avec ε = 1e-3 : "
             f"erreur relative {err:.2g} (tolérance 1e-05).",
             hint="utilisez la différence centrée (f(w + ε) − f(w − ε)) / 2ε, d'erreur O(ε²) ; "
                  "la différence décentrée (f(w + ε) − f(w)) / ε a une erreur O(ε).")


@check(hidden=True)
def gradient_numerique_sur_un_mlp(gradient_numerique):
    g = torch.Generator().manual_seed(32)
    W1 = torch.randn(5, 3, generator=g, dtype=torch.float64)
    W2 = torch.randn(4, 5, generator=g, dtype=torch.float64)
    X = torch.randn(6, 3, generator=g, dtype=torch.float64)
    y = torch.randint(0, 4, (6,), generator=g)

    @C.probe
    def perte(w):
        return float(F.cross_entropy(F.linear(F.relu(F.linear(X, W1)), w), y))

    expected = C.numerical_gradient(perte, W2, eps=1e-6)  # the same loss, on the grader's side
    got = C.as_tensor(C.call(gradient_numerique, perte, W2.clone(), 1e-6,
                             name="gradient_numerique"), "gradient_numerique(L, W2, 1e-6)")
    C.expect_shape(got, (4, 5), name="gradient_numerique(L, W2, 1e-6)")
    err = C.relative_error(got.to(torch.float64), expected)
    C.expect(err <= 1e-6, "`gradient_numerique` ne reproduit pas les différences centrées sur la "
             f"perte d'un MLP (erreur relative {err:.2g}, tolérance 1e-06).",
             hint="une coordonnée à la fois : w ± ε eᵢ, puis division par 2ε.")


@check(hidden=True)
def gradient_numerique_w_inchange(gradient_numerique):
    # in the sandbox the student works on copies: read w back as the call left it
    g = torch.Generator().manual_seed(34)
    w = torch.randn(3, 4, generator=g, dtype=torch.float64)
    source = "lambda v: float((v ** 3).sum() + v[0].prod() * v[1].sum())"
    got = C.expect_unchanged(gradient_numerique, C.code(source), w.clone(), 1e-4,
                             name="gradient_numerique",
                             hint="après avoir évalué f(w ± ε eᵢ), restaurez wᵢ (ou travaillez "
                                  "sur des copies).")
    C.expect_shape(got, (3, 4), name="gradient_numerique(f, w, eps)")
    # and the right gradient: leaving w alone earns nothing by itself
    v = w.clone().requires_grad_(True)
    ((v ** 3).sum() + v[0].prod() * v[1].sum()).backward()
    C.expect_close(C.as_tensor(got, "gradient_numerique").to(torch.float64), v.grad,
                   rtol=1e-5, atol=1e-6, name="gradient_numerique(f, w, 1e-4)")


@check(hidden=True)
def gradient_numerique_forme_quelconque(gradient_numerique):
    # any shape for w (1-D, 3-D), and an f that returns a one-element tensor
    g = torch.Generator().manual_seed(35)
    for forme in [(5,), (2, 3, 2)]:
        w = torch.randn(*forme, generator=g, dtype=torch.float64)
        c = 1 + torch.rand(*forme, generator=g, dtype=torch.float64)
        f = C.code("lambda v: (c * v ** 2).sum()", c=c)
        label = f"gradient_numerique(f, w, 1e-4) pour w de forme {forme}"
        got = C.call(gradient_numerique, f, w.clone(), 1e-4, name="gradient_numerique")
        C.expect_shape(got, forme, name=label,
                       hint="parcourez toutes les coordonnées de w quelle que soit sa forme "
                            "(par exemple sur w.view(-1) ou avec itertools.product).")
        # loose: the centred formula is judged elsewhere, here only coordinates and shape
        C.expect_close(C.as_tensor(got, label).to(torch.float64), 2 * c * w, name=label,
                       rtol=1e-3, atol=1e-3,
                       hint="f peut renvoyer un flottant ou un tenseur à un élément : "
                            "convertissez avec float(...).")


@check(hidden=True)
def erreur_relative(erreur_relative):
    g = torch.Generator().manual_seed(33)
    a = torch.randn(4, 5, generator=g, dtype=torch.float64)
    b = a + 1e-3 * torch.randn(4, 5, generator=g, dtype=torch.float64)
    expected = float((a - b).abs().max() / (a.abs() + b.abs()).max())
    C.expect_scalar_close(C.call(erreur_relative, a.clone(), b.clone(), name="erreur_relative"),
                          expected, name="erreur_relative(a, b)", rtol=1e-9,
                          hint="maximum des écarts absolus divisé par le maximum de |a| + |b| "
                               "(et non une moyenne, ni une norme).")
    zero = torch.zeros(3, dtype=torch.float64)
    C.expect_scalar_close(C.call(erreur_relative, zero, zero.clone(), name="erreur_relative"),
                          0.0, name="erreur_relative(0, 0)", atol=1e-12,
                          hint="minorez le dénominateur par 1e-10 pour éviter 0/0.")


@check(hidden=True)
def erreur_relative_flottant(erreur_relative):
    a = torch.tensor([[1.0, -2.0], [0.5, 4.0]], dtype=torch.float64)
    got = C.call(erreur_relative, a, a + 0.01, name="erreur_relative")
    C.expect(isinstance(got, float),
             "`erreur_relative` doit renvoyer un flottant Python, reçu un objet "
             f"{type(got).__name__}.", hint="convertissez le résultat avec `float(...)`.")
    C.expect_scalar_close(got, 0.01 / 8.01, name="erreur_relative(a, a + 0.01)", rtol=1e-9)


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 2

# %% [markdown]
# **Question 4 (rédigée).** À l'aide d'un développement de Taylor, montrer que l'erreur de la
# différence centrée est en $O(\varepsilon^2)$ alors que celle de la différence décentrée
# $\big(f(w+\varepsilon) - f(w)\big)/\varepsilon$ est en $O(\varepsilon)$. Pourquoi ne
# peut-on pas prendre $\varepsilon$ arbitrairement petit, et pourquoi vérifie-t-on en
# `float64` ? Que peut-il se passer si un $z_\ell$ est à moins de $\varepsilon$ de $0$ ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# $f(w \pm \varepsilon) = f(w) \pm \varepsilon f'(w) + \tfrac{\varepsilon^2}{2} f''(w) \pm
# \tfrac{\varepsilon^3}{6} f'''(w) + O(\varepsilon^4)$. La différence décentrée vaut
# $f'(w) + \tfrac{\varepsilon}{2} f''(w) + O(\varepsilon^2)$ : erreur $O(\varepsilon)$. Dans la
# différence centrée les termes pairs s'annulent : $f'(w) + \tfrac{\varepsilon^2}{6} f'''(w) +
# O(\varepsilon^4)$, erreur $O(\varepsilon^2)$.
#
# Mais $f$ est calculée avec une erreur d'arrondi relative $u$ ($\approx 10^{-16}$ en
# `float64`, $\approx 6\cdot 10^{-8}$ en `float32`) : la soustraction $f(w+\varepsilon) -
# f(w-\varepsilon)$ perd des chiffres et l'erreur d'arrondi du quotient est en
# $O(u |f| / \varepsilon)$. L'erreur totale $\varepsilon^2 + u/\varepsilon$ est minimale vers
# $\varepsilon \approx u^{1/3}$ ($10^{-5}$ à $10^{-6}$ en `float64`). En `float32` cette erreur
# minimale est d'environ $10^{-5}$ en relatif, trop grande pour distinguer un bug subtil ; en
# `float64` elle tombe vers $10^{-10}$.
#
# La ReLU n'est pas dérivable en $0$ : si un $z_\ell$ est à moins de $\varepsilon$ de $0$,
# $w \pm \varepsilon$ tombent de part et d'autre du coude, le gradient numérique mélange les deux
# pentes et peut différer nettement du gradient analytique (qui choisit $\mathbb{1}[z > 0]$)
# sans qu'il y ait de bug. On réduit $\varepsilon$, on change de point, ou on ignore ces
# coordonnées.

