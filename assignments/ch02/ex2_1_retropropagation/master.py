# %% [markdown]
# # Exercice 2.1 (⋆) — Rétropropagation dans un MLP à 3 couches tanh
#
# On considère un MLP à trois couches $(n_0, n_1, n_2, n_3)$, avec l'activation tanh sur
# **chacune** des trois couches, comme dans la dérivation du cours (section 2.2) :
#
# $$z^{(\ell)} = W^{(\ell)} h^{(\ell-1)} + b^{(\ell)}, \qquad h^{(\ell)} = \tanh(z^{(\ell)}),
# \qquad \ell = 1, 2, 3, \qquad h^{(0)} = x,$$
#
# avec $W^{(\ell)} \in \mathbb{R}^{n_\ell \times n_{\ell-1}}$ et $b^{(\ell)} \in
# \mathbb{R}^{n_\ell}$. Pour un lot de $N$ exemples, on range les exemples **en lignes** (comme
# le code de la section 2.7) : $X \in \mathbb{R}^{N \times n_0}$,
# $Z^{(\ell)} = H^{(\ell-1)} W^{(\ell)\top} + b^{(\ell)} \in \mathbb{R}^{N \times n_\ell}$,
# $H^{(\ell)} = \tanh(Z^{(\ell)})$. La perte est l'**erreur quadratique moyenne** sur toutes les
# composantes de la sortie (c'est `torch.nn.functional.mse_loss` avec sa réduction par défaut) :
#
# $$L = \frac{1}{N\,n_3} \sum_{i=1}^{N} \sum_{k=1}^{n_3} \big(H^{(3)}_{ik} - Y_{ik}\big)^2,
# \qquad Y \in \mathbb{R}^{N \times n_3}.$$
#
# Dériver les équations de rétropropagation en explicitant toutes les dimensions des matrices
# jacobiennes. On note $\delta^{(\ell)} = \partial L / \partial Z^{(\ell)} \in \mathbb{R}^{N
# \times n_\ell}$ (une ligne par exemple).
#
# Les questions 1 à 4 vérifient les conséquences numériques de la dérivation (les formules sont
# appliquées **à la main, sans autograd** ; la correction les compare à autograd en
# `float64`). La dérivation elle-même est rédigée (question 5, corrigée à la main).
#
# Les paramètres sont passés dans un dictionnaire
# `params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}`.

# %%
import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1 — dimensions.** Écrire `dimensions(n0, n1, n2, n3, N)` qui renvoie un
# dictionnaire associant à chaque clé ci-dessous la forme (un tuple d'entiers) de l'objet
# correspondant.
#
# Jacobiennes **pour un seul exemple** $x \in \mathbb{R}^{n_0}$ (vecteurs colonnes ; la
# jacobienne de $u \mapsto v$ a pour forme `forme(v) + forme(u)`, comme
# `torch.autograd.functional.jacobian`) :
#
# - `"z1/x"`, `"z2/h1"`, `"z3/h2"` : $\partial z^{(\ell)} / \partial h^{(\ell-1)}$ ;
# - `"h1/z1"`, `"h2/z2"`, `"h3/z3"` : $\partial h^{(\ell)} / \partial z^{(\ell)}$ (matrice
#   pleine, même si elle est diagonale) ;
# - `"z1/W1"`, `"z2/W2"`, `"z3/W3"` : $\partial z^{(\ell)} / \partial W^{(\ell)}$.
#
# Quantités **pour le lot** de $N$ exemples :
#
# - `"L/h3"` : $\partial L / \partial H^{(3)}$ ;
# - `"delta1"`, `"delta2"`, `"delta3"` : $\delta^{(\ell)} = \partial L / \partial Z^{(\ell)}$ ;
# - `"W1"`, `"b1"`, `"W2"`, `"b2"`, `"W3"`, `"b3"` : $\partial L / \partial W^{(\ell)}$ et
#   $\partial L / \partial b^{(\ell)}$.

# %%
def dimensions(n0: int, n1: int, n2: int, n3: int, N: int) -> dict[str, tuple[int, ...]]:
    """Formes des jacobiennes (un exemple) et des gradients (lot de N exemples)."""
    # BEGIN SOLUTION
    n = [n0, n1, n2, n3]
    formes = {"z1/x": (n1, n0), "L/h3": (N, n3)}
    for ell in (1, 2, 3):
        if ell > 1:
            formes[f"z{ell}/h{ell - 1}"] = (n[ell], n[ell - 1])
        formes[f"h{ell}/z{ell}"] = (n[ell], n[ell])
        formes[f"z{ell}/W{ell}"] = (n[ell], n[ell], n[ell - 1])
        formes[f"delta{ell}"] = (N, n[ell])
        formes[f"W{ell}"] = (n[ell], n[ell - 1])
        formes[f"b{ell}"] = (n[ell],)
    return formes
    # END SOLUTION


# %%
@check
def cles_et_exemple(dimensions):
    import numbers

    keys = ["z1/x", "h1/z1", "z2/h1", "h2/z2", "z3/h2", "h3/z3", "z1/W1", "z2/W2", "z3/W3",
            "L/h3", "delta1", "delta2", "delta3", "W1", "b1", "W2", "b2", "W3", "b3"]
    got = C.call(dimensions, 10, 8, 6, 4, 32, name="dimensions")
    C.expect(isinstance(got, dict), "`dimensions` devrait renvoyer un dictionnaire.")
    missing = [k for k in keys if k not in got]
    C.expect(not missing, f"Clés absentes du dictionnaire renvoyé par `dimensions` : {missing}.")
    for key, want in (("z1/x", (8, 10)), ("delta1", (32, 8)), ("b3", (4,))):
        shape = got[key]
        C.expect(isinstance(shape, (tuple, list))
                 and all(isinstance(d, numbers.Integral) for d in shape),
                 f"`dimensions(...)['{key}']` devrait être un tuple d'entiers.")
        C.expect_equal(tuple(int(d) for d in shape), want,
                       name=f"dimensions(10, 8, 6, 4, 32)['{key}']", reveal=True)


@check(hidden=True)
def formes_contre_autograd(dimensions):
    import numbers

    from torch.autograd.functional import jacobian

    hints = {"z/h": "∂z^(ℓ)/∂h^(ℓ−1) = W^(ℓ) ∈ ℝ^{n_ℓ × n_{ℓ−1}}.",
             "h/z": "tanh agit composante par composante : jacobienne carrée n_ℓ × n_ℓ.",
             "z/W": "z^(ℓ) a n_ℓ composantes et W^(ℓ) en a n_ℓ × n_{ℓ−1} : tenseur d'ordre 3.",
             "delta": "δ^(ℓ) a la forme de Z^(ℓ) : une ligne par exemple.",
             "L/h": "∂L/∂H^(3) a la forme de H^(3).",
             "grad": "le gradient de L par rapport à un paramètre a la forme du paramètre."}

    def kind(key):
        if key.startswith("delta"):
            return "delta"
        if "/" not in key:
            return "grad"
        a, b = key.split("/")
        return f"{a[0]}/{'h' if b == 'x' else b[0]}"

    for n0, n1, n2, n3, N in ((7, 5, 3, 2, 11), (3, 9, 4, 6, 2)):
        gen = torch.Generator().manual_seed(n0 + N)
        n = [n0, n1, n2, n3]
        p = {}
        for ell in (1, 2, 3):
            p[f"W{ell}"] = torch.randn(n[ell], n[ell - 1], generator=gen, dtype=torch.float64)
            p[f"b{ell}"] = torch.randn(n[ell], generator=gen, dtype=torch.float64)
        expected, h = {}, torch.randn(n0, generator=gen, dtype=torch.float64)
        for ell in (1, 2, 3):
            W, b = p[f"W{ell}"], p[f"b{ell}"]
            src = "x" if ell == 1 else f"h{ell - 1}"
            expected[f"z{ell}/{src}"] = tuple(jacobian(lambda v, W=W, b=b: W @ v + b, h).shape)
            expected[f"z{ell}/W{ell}"] = tuple(jacobian(lambda M, h=h, b=b: M @ h + b, W).shape)
            z = W @ h + b
            expected[f"h{ell}/z{ell}"] = tuple(jacobian(torch.tanh, z).shape)
            h = torch.tanh(z)
        X = torch.randn(N, n0, generator=gen, dtype=torch.float64)
        Y = torch.randn(N, n3, generator=gen, dtype=torch.float64)
        leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
        H, Zs = X, {}
        for ell in (1, 2, 3):
            Zs[ell] = F.linear(H, leaves[f"W{ell}"], leaves[f"b{ell}"])
            Zs[ell].retain_grad()
            H = torch.tanh(Zs[ell])
        H.retain_grad()
        F.mse_loss(H, Y).backward()
        for ell in (1, 2, 3):
            expected[f"delta{ell}"] = tuple(Zs[ell].grad.shape)
            expected[f"W{ell}"] = tuple(leaves[f"W{ell}"].grad.shape)
            expected[f"b{ell}"] = tuple(leaves[f"b{ell}"].grad.shape)
        expected["L/h3"] = tuple(H.grad.shape)

        got = C.call(dimensions, n0, n1, n2, n3, N, name="dimensions")
        C.expect(isinstance(got, dict), "`dimensions` devrait renvoyer un dictionnaire.")
        for key, want in expected.items():
            C.expect(key in got, f"La clé '{key}' manque dans le dictionnaire de `dimensions`.")
            shape = got[key]
            C.expect(isinstance(shape, (tuple, list))
                     and all(isinstance(d, numbers.Integral) for d in shape),
                     f"`dimensions(...)['{key}']` devrait être un tuple d'entiers.")
            C.expect(tuple(int(d) for d in shape) == want,
                     f"`dimensions(...)['{key}']` n'est pas la bonne forme (tailles n0, n1, n2, "
                     "n3, N de la correction, toutes différentes).", hint=hints[kind(key)])


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 — passe avant.** Écrire `propagation_avant(X, params)` qui renvoie le
# dictionnaire `{"z1", "h1", "z2", "h2", "z3", "h3"}` des matrices $Z^{(\ell)}$ et
# $H^{(\ell)}$ (forme $(N, n_\ell)$), et `perte(H3, Y)` qui renvoie l'erreur quadratique
# moyenne $L$ (un tenseur scalaire).

# %%
def propagation_avant(X: torch.Tensor, params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Passe avant du MLP 3 couches tanh ; exemples en lignes."""
    # BEGIN SOLUTION
    cache = {}
    H = X
    for ell in (1, 2, 3):
        Z = H @ params[f"W{ell}"].T + params[f"b{ell}"]
        H = torch.tanh(Z)
        cache[f"z{ell}"], cache[f"h{ell}"] = Z, H
    return cache
    # END SOLUTION


def perte(H3: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Erreur quadratique moyenne sur les N × n3 composantes."""
    # BEGIN SOLUTION
    return ((H3 - Y) ** 2).mean()
    # END SOLUTION


# %%
@check
def passe_avant_formes(propagation_avant, perte):
    params = {"W1": torch.zeros(4, 5), "b1": torch.zeros(4), "W2": torch.zeros(3, 4),
              "b2": torch.zeros(3), "W3": torch.zeros(2, 3), "b3": torch.zeros(2)}
    cache = C.call(propagation_avant, torch.ones(6, 5), params, name="propagation_avant")
    C.expect(isinstance(cache, dict), "`propagation_avant` devrait renvoyer un dictionnaire.")
    for key, shape in (("z1", (6, 4)), ("h1", (6, 4)), ("z2", (6, 3)), ("h2", (6, 3)),
                       ("z3", (6, 2)), ("h3", (6, 2))):
        C.expect(key in cache, f"La clé '{key}' manque dans le résultat de `propagation_avant`.")
        C.expect_shape(cache[key], shape, name=f"propagation_avant(...)['{key}']")
    loss = C.call(perte, torch.ones(6, 2), torch.zeros(6, 2), name="perte")
    C.expect_scalar_close(loss, 1.0, name="perte(1, 0)", reveal=True)


@check(hidden=True)
def passe_avant_valeurs(propagation_avant, perte):
    gen = torch.Generator().manual_seed(21)
    sizes, N = [6, 5, 4, 3], 8
    params = {}
    for ell in (1, 2, 3):
        params[f"W{ell}"] = 0.6 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen,
                                              dtype=torch.float64)
        params[f"b{ell}"] = 0.3 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
    X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
    Y = 0.8 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.4
    expected, H = {}, X
    for ell in (1, 2, 3):
        layer = torch.nn.Linear(sizes[ell - 1], sizes[ell], dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(params[f"W{ell}"])
            layer.bias.copy_(params[f"b{ell}"])
            Z = layer(H)
            H = torch.nn.Tanh()(Z)
        expected[f"z{ell}"], expected[f"h{ell}"] = Z, H
    cache = C.call(propagation_avant, X.clone(), {k: v.clone() for k, v in params.items()},
                   name="propagation_avant")
    C.expect(isinstance(cache, dict), "`propagation_avant` devrait renvoyer un dictionnaire.")
    for key, want in expected.items():
        C.expect(key in cache, f"La clé '{key}' manque dans le résultat de `propagation_avant`.")
        C.expect_close(cache[key], want, name=f"propagation_avant(...)['{key}']",
                       hint="Z = H W^T + b (exemples en lignes), puis tanh sur chaque couche, "
                            "y compris la dernière.")
    H3 = expected["h3"]
    C.expect_scalar_close(C.call(perte, H3.clone(), Y.clone(), name="perte"),
                          float(F.mse_loss(H3, Y)), name="perte(H3, Y)", rtol=1e-9,
                          hint="moyenne sur les N × n3 composantes, sans facteur 1/2.")


@check(hidden=True)
def perte_tenseur_scalaire(perte):
    gen = torch.Generator().manual_seed(23)
    H3 = torch.tanh(torch.randn(5, 3, generator=gen, dtype=torch.float64))
    Y = 0.5 * torch.randn(5, 3, generator=gen, dtype=torch.float64)
    loss = C.call(perte, H3.clone(), Y.clone(), name="perte")
    C.expect(isinstance(loss, torch.Tensor) and loss.dim() == 0,
             "`perte` doit renvoyer un tenseur scalaire (de forme ()), pas un flottant Python "
             "ni un tenseur de forme (1,).", hint="((H3 - Y) ** 2).mean() sans float(...).")
    C.expect(loss.dtype == torch.float64,
             "`perte` doit renvoyer un tenseur du même type que ses arguments (float64 ici).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — signaux d'erreur.** Écrire `signaux_erreur(X, Y, params)` qui renvoie le
# dictionnaire `{"delta1", "delta2", "delta3"}` des matrices
# $\delta^{(\ell)} = \partial L / \partial Z^{(\ell)}$ de forme $(N, n_\ell)$, calculées par les
# formules de rétropropagation que vous avez dérivées (partir de $\partial L / \partial
# H^{(3)}$, puis remonter les couches). **N'utilisez pas autograd.** Rappel :
# $\tanh' = 1 - \tanh^2$.

# %%
def signaux_erreur(X: torch.Tensor, Y: torch.Tensor,
                   params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """δ^(ℓ) = ∂L/∂Z^(ℓ), de forme (N, n_ℓ), pour ℓ = 1, 2, 3 (sans autograd)."""
    # BEGIN SOLUTION
    cache = propagation_avant(X, params)
    N, n3 = Y.shape
    grad_h = 2 * (cache["h3"] - Y) / (N * n3)  # ∂L/∂H3, (N, n3)
    deltas = {}
    for ell in (3, 2, 1):
        delta = grad_h * (1 - cache[f"h{ell}"] ** 2)  # (N, n_ℓ)
        deltas[f"delta{ell}"] = delta
        grad_h = delta @ params[f"W{ell}"]  # ∂L/∂H^(ℓ−1), (N, n_{ℓ−1})
    return deltas
    # END SOLUTION


# %%
@check
def delta3_petit_exemple(signaux_erreur):
    gen = torch.Generator().manual_seed(0)
    params = {"W1": torch.randn(3, 2, generator=gen, dtype=torch.float64),
              "b1": torch.zeros(3, dtype=torch.float64),
              "W2": torch.randn(3, 3, generator=gen, dtype=torch.float64),
              "b2": torch.zeros(3, dtype=torch.float64),
              "W3": torch.randn(2, 3, generator=gen, dtype=torch.float64),
              "b3": torch.zeros(2, dtype=torch.float64)}
    X = torch.randn(4, 2, generator=gen, dtype=torch.float64)
    Y = torch.zeros(4, 2, dtype=torch.float64)
    H2 = torch.tanh(torch.tanh(X @ params["W1"].T) @ params["W2"].T)
    Z3 = H2 @ params["W3"].T
    want = C.grad_of(lambda z3: F.mse_loss(torch.tanh(z3), Y), {"z3": Z3}, name="oracle")["z3"]
    deltas = C.call(signaux_erreur, X, Y, params, name="signaux_erreur")
    C.expect(isinstance(deltas, dict) and all(f"delta{k}" in deltas for k in (1, 2, 3)),
             "`signaux_erreur` devrait renvoyer un dictionnaire de clés 'delta1', 'delta2', "
             "'delta3'.")
    C.expect_shape(deltas["delta1"], (4, 3), name="signaux_erreur(...)['delta1']")
    C.expect_close(deltas["delta3"], want, name="signaux_erreur(...)['delta3']", reveal=True,
                   rtol=1e-6, atol=1e-12,
                   hint="δ^(3) = ∂L/∂H^(3) ⊙ tanh′(Z^(3)), avec ∂L/∂H^(3) = 2(H^(3) − Y)/(N n3).")


@check(hidden=True)
def deltas_contre_autograd(signaux_erreur):
    hints = {3: "δ^(3) = ∂L/∂H^(3) ⊙ (1 − tanh²(Z^(3))) : la sortie passe aussi par tanh, et "
                "∂L/∂H^(3) = 2(H^(3) − Y)/(N n3).",
             2: "δ^(2) = (δ^(3) W^(3)) ⊙ (1 − tanh²(Z^(2))) ; tanh′(z) = 1 − tanh²(z), "
                "pas 1 − z².",
             1: "δ^(1) = (δ^(2) W^(2)) ⊙ (1 − tanh²(Z^(1)))."}
    for seed, sizes, N in ((31, [7, 6, 5, 3], 9), (32, [4, 8, 2, 5], 3)):
        gen = torch.Generator().manual_seed(seed)
        p = {}
        for ell in (1, 2, 3):
            p[f"W{ell}"] = 0.7 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen,
                                             dtype=torch.float64)
            p[f"b{ell}"] = 0.5 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
        X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
        Y = 1.6 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.8
        leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
        H, Z = X, {}
        for ell in (1, 2, 3):
            Z[ell] = F.linear(H, leaves[f"W{ell}"], leaves[f"b{ell}"])
            Z[ell].retain_grad()
            H = torch.tanh(Z[ell])
        F.mse_loss(H, Y).backward()
        want = {ell: Z[ell].grad for ell in (1, 2, 3)}
        deltas = C.call(signaux_erreur, X.clone(), Y.clone(),
                        {k: v.clone() for k, v in p.items()}, name="signaux_erreur")
        C.expect(isinstance(deltas, dict), "`signaux_erreur` devrait renvoyer un dictionnaire.")
        for ell in (3, 2, 1):
            key = f"delta{ell}"
            C.expect(key in deltas, f"La clé '{key}' manque dans le résultat de `signaux_erreur`.")
            got = C.as_tensor(deltas[key], name=f"signaux_erreur(...)['{key}']")
            C.expect_shape(got, tuple(want[ell].shape), name=f"signaux_erreur(...)['{key}']",
                           hint="une ligne par exemple : (N, n_ℓ).")
            err = C.relative_error(got, want[ell])
            C.expect(err <= 1e-6,
                     f"`signaux_erreur(...)['{key}']` est faux : erreur relative {err:.3g} "
                     "(tolérance 1e-06) par rapport à autograd.", hint=hints[ell])


@helper
def probleme_sans_graphe(graine):
    """Un petit problème (X, Y, params) en float64, tailles toutes différentes."""
    gen = torch.Generator().manual_seed(graine)
    sizes, N = [5, 4, 6, 3], 7
    p = {}
    for ell in (1, 2, 3):
        p[f"W{ell}"] = 0.7 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen,
                                         dtype=torch.float64)
        p[f"b{ell}"] = 0.5 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
    X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
    Y = 1.6 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.8
    return X, Y, p


@check(hidden=True)
def deltas_sans_autograd(signaux_erreur):
    X, Y, p = probleme_sans_graphe(51)

    # the student's function called where it lives, with autograd switched off
    @C.probe
    def sans_graphe(f, *args):
        with torch.no_grad():
            return f(*args)

    leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
    H, Z = X, {}
    for ell in (1, 2, 3):
        Z[ell] = F.linear(H, leaves[f"W{ell}"], leaves[f"b{ell}"])
        Z[ell].retain_grad()
        H = torch.tanh(Z[ell])
    F.mse_loss(H, Y).backward()
    deltas = C.call(sans_graphe, C.require(signaux_erreur, "signaux_erreur"), X.clone(),
                    Y.clone(), {k: v.clone() for k, v in p.items()},
                    name="signaux_erreur (sans autograd)")
    C.expect(isinstance(deltas, dict) and all(f"delta{k}" in deltas for k in (1, 2, 3)),
             "`signaux_erreur` devrait renvoyer un dictionnaire de clés 'delta1', 'delta2', "
             "'delta3'.")
    for ell in (3, 2, 1):
        C.expect_close(deltas[f"delta{ell}"], Z[ell].grad,
                       name=f"signaux_erreur(...)['delta{ell}'] sous torch.no_grad()",
                       hint="appliquez les formules à la main : pas de backward() ni de "
                            "torch.autograd.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 — gradients des paramètres.** Écrire `gradients(X, Y, params)` qui renvoie le
# dictionnaire `{"W1", "b1", "W2", "b2", "W3", "b3"}` des gradients $\partial L / \partial
# W^{(\ell)}$ (forme $(n_\ell, n_{\ell-1})$) et $\partial L / \partial b^{(\ell)}$ (forme
# $(n_\ell,)$), à partir des $\delta^{(\ell)}$, **sans autograd**.

# %%
def gradients(X: torch.Tensor, Y: torch.Tensor,
              params: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """∂L/∂W^(ℓ) et ∂L/∂b^(ℓ) pour ℓ = 1, 2, 3, par les formules de rétropropagation."""
    # BEGIN SOLUTION
    cache = propagation_avant(X, params)
    deltas = signaux_erreur(X, Y, params)
    grads = {}
    for ell in (1, 2, 3):
        H_prev = X if ell == 1 else cache[f"h{ell - 1}"]
        grads[f"W{ell}"] = deltas[f"delta{ell}"].T @ H_prev  # (n_ℓ, n_{ℓ−1})
        grads[f"b{ell}"] = deltas[f"delta{ell}"].sum(dim=0)  # (n_ℓ,)
    return grads
    # END SOLUTION


# %%
_gen = torch.Generator().manual_seed(0)
_p = {"W1": torch.randn(4, 3, generator=_gen), "b1": torch.zeros(4),
      "W2": torch.randn(4, 4, generator=_gen), "b2": torch.zeros(4),
      "W3": torch.randn(2, 4, generator=_gen), "b3": torch.zeros(2)}
_g = gradients(torch.randn(5, 3, generator=_gen), torch.zeros(5, 2), _p)
print({k: tuple(v.shape) for k, v in _g.items()} if isinstance(_g, dict) else _g)

# %%
@check
def gradients_formes(gradients):
    gen = torch.Generator().manual_seed(1)
    params = {"W1": torch.randn(4, 5, generator=gen, dtype=torch.float64),
              "b1": torch.zeros(4, dtype=torch.float64),
              "W2": torch.randn(3, 4, generator=gen, dtype=torch.float64),
              "b2": torch.zeros(3, dtype=torch.float64),
              "W3": torch.randn(2, 3, generator=gen, dtype=torch.float64),
              "b3": torch.zeros(2, dtype=torch.float64)}
    X = torch.randn(6, 5, generator=gen, dtype=torch.float64)
    grads = C.call(gradients, X, torch.zeros(6, 2, dtype=torch.float64), params, name="gradients")
    C.expect(isinstance(grads, dict), "`gradients` devrait renvoyer un dictionnaire.")
    for key, value in params.items():
        C.expect(key in grads, f"La clé '{key}' manque dans le résultat de `gradients`.")
        C.expect_shape(grads[key], tuple(value.shape), name=f"gradients(...)['{key}']",
                       hint="un gradient a la forme du paramètre.")


@check(hidden=True)
def gradients_contre_autograd(gradients):
    hints = {"W3": "∂L/∂W^(3) = δ^(3)ᵀ H^(2), avec δ^(3) = 2(H^(3) − Y)/(N n3) ⊙ (1 − "
                   "(H^(3))²).",
             "b3": "∂L/∂b^(3) = somme sur les exemples de δ^(3) (pas la moyenne : le 1/N est "
                   "déjà dans δ).",
             "W2": "∂L/∂W^(2) = δ^(2)ᵀ H^(1), avec δ^(2) = (δ^(3) W^(3)) ⊙ (1 − (H^(2))²).",
             "b2": "∂L/∂b^(2) = somme sur les exemples de δ^(2).",
             "W1": "∂L/∂W^(1) = δ^(1)ᵀ X.",
             "b1": "∂L/∂b^(1) = somme sur les exemples de δ^(1)."}
    for seed, sizes, N in ((41, [6, 5, 4, 3], 10), (42, [3, 7, 6, 2], 4)):
        gen = torch.Generator().manual_seed(seed)
        p = {}
        for ell in (1, 2, 3):
            p[f"W{ell}"] = 0.7 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen,
                                             dtype=torch.float64)
            p[f"b{ell}"] = 0.5 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
        X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
        Y = 1.6 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.8

        def oracle(W1, b1, W2, b2, W3, b3, X=X, Y=Y):
            H = torch.tanh(F.linear(X, W1, b1))
            H = torch.tanh(F.linear(H, W2, b2))
            return F.mse_loss(torch.tanh(F.linear(H, W3, b3)), Y)

        want = C.grad_of(oracle, p, name="oracle")
        want = {k: want[k] for k in ("W3", "b3", "W2", "b2", "W1", "b1")}
        got = C.call(gradients, X.clone(), Y.clone(), {k: v.clone() for k, v in p.items()},
                     name="gradients")
        C.expect_gradients(got, want, name="gradients", tol=1e-6, hints=hints)


@check(hidden=True)
def gradients_sans_autograd(gradients):
    X, Y, p = probleme_sans_graphe(52)

    @C.probe
    def sans_graphe(f, *args):
        with torch.no_grad():
            return f(*args)

    def oracle(W1, b1, W2, b2, W3, b3):
        H = torch.tanh(F.linear(X, W1, b1))
        H = torch.tanh(F.linear(H, W2, b2))
        return F.mse_loss(torch.tanh(F.linear(H, W3, b3)), Y)

    want = C.grad_of(oracle, p, name="oracle")
    got = C.call(sans_graphe, C.require(gradients, "gradients"), X.clone(), Y.clone(),
                 {k: v.clone() for k, v in p.items()}, name="gradients (sans autograd)")
    C.expect(isinstance(got, dict), "`gradients` devrait renvoyer un dictionnaire.")
    for key in ("W3", "b3", "W2", "b2", "W1", "b1"):
        C.expect(key in got, f"La clé '{key}' manque dans le résultat de `gradients`.")
        C.expect_close(got[key], want[key], name=f"gradients(...)['{key}'] sous torch.no_grad()",
                       hint="appliquez les formules à la main (δᵀ H, somme des δ) : pas de "
                            "backward() ni de torch.autograd.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée).** Dériver les équations de rétropropagation du MLP à 3 couches tanh :
# pour un exemple, écrire chaque jacobienne ($\partial z^{(\ell)}/\partial h^{(\ell-1)}$,
# $\partial h^{(\ell)}/\partial z^{(\ell)}$, $\partial z^{(\ell)}/\partial W^{(\ell)}$) avec sa
# dimension, puis la récurrence sur $\delta^{(\ell)}$ et les gradients $\partial L/\partial
# W^{(\ell)}$, $\partial L/\partial b^{(\ell)}$ en forme matricielle pour le lot (dimensions
# comprises). Expliquer pourquoi on ne forme jamais explicitement $\partial h^{(\ell)}/\partial
# z^{(\ell)}$ ni $\partial z^{(\ell)}/\partial W^{(\ell)}$.

# %% [markdown]
# _Rédigez votre dérivation ici._

# %% [markdown]
# **Un exemple** ($x \in \mathbb{R}^{n_0}$, vecteurs colonnes, $\ell = 1, 2, 3$) :
#
# - $\dfrac{\partial z^{(\ell)}}{\partial h^{(\ell-1)}} = W^{(\ell)} \in
#   \mathbb{R}^{n_\ell \times n_{\ell-1}}$ ;
# - $\dfrac{\partial h^{(\ell)}}{\partial z^{(\ell)}} = \operatorname{diag}\big(1 -
#   \tanh^2(z^{(\ell)})\big) = \operatorname{diag}\big(1 - (h^{(\ell)})^2\big) \in
#   \mathbb{R}^{n_\ell \times n_\ell}$ (diagonale : tanh agit composante par composante) ;
# - $\dfrac{\partial z^{(\ell)}_i}{\partial W^{(\ell)}_{jk}} = \mathbb{1}[i = j]\,
#   h^{(\ell-1)}_k$ : tenseur d'ordre 3 de forme $n_\ell \times n_\ell \times n_{\ell-1}$ ;
#   $\partial z^{(\ell)}/\partial b^{(\ell)} = I_{n_\ell}$.
#
# Avec $\ell_i = \frac{1}{N n_3}\lVert h^{(3)} - y\rVert^2$ la contribution d'un exemple,
# $\nabla_{h^{(3)}} \ell_i = \frac{2}{N n_3}(h^{(3)} - y) \in \mathbb{R}^{n_3}$ et la règle de
# chaîne (transposée des jacobiennes) donne
#
# $$\delta^{(3)} = \operatorname{diag}(1 - h^{(3)2})\,\nabla_{h^{(3)}}\ell_i, \quad
# \delta^{(2)} = \operatorname{diag}(1 - h^{(2)2})\,W^{(3)\top}\delta^{(3)}, \quad
# \delta^{(1)} = \operatorname{diag}(1 - h^{(1)2})\,W^{(2)\top}\delta^{(2)},$$
#
# de dimensions $n_3$, $n_2$, $n_1$ ; puis $\partial \ell_i/\partial W^{(\ell)} =
# \delta^{(\ell)} h^{(\ell-1)\top}$ ($n_\ell \times n_{\ell-1}$, contraction du tenseur
# d'ordre 3 avec $\delta^{(\ell)}$) et $\partial \ell_i/\partial b^{(\ell)} = \delta^{(\ell)}$.
#
# **Le lot** (exemples en lignes) : $\partial L/\partial H^{(3)} = \frac{2}{N n_3}(H^{(3)} - Y)$
# ($N \times n_3$),
#
# $$\delta^{(3)} = \tfrac{2}{N n_3}(H^{(3)} - Y) \odot (1 - H^{(3)} \odot H^{(3)}), \quad
# \delta^{(\ell)} = \big(\delta^{(\ell+1)} W^{(\ell+1)}\big) \odot (1 - H^{(\ell)} \odot
# H^{(\ell)}) \ (N \times n_\ell),$$
#
# $$\frac{\partial L}{\partial W^{(\ell)}} = \delta^{(\ell)\top} H^{(\ell-1)} \ (n_\ell \times
# n_{\ell-1}), \qquad \frac{\partial L}{\partial b^{(\ell)}} = \sum_{i=1}^N \delta^{(\ell)}_{i,:}
# \ (n_\ell),$$
#
# avec $H^{(0)} = X$. Le facteur $1/N$ est déjà dans $\delta$ : on **somme** sur le lot.
# On ne forme jamais la jacobienne diagonale (coût $n_\ell^2$ au lieu de $n_\ell$ : un produit
# de Hadamard suffit) ni le tenseur $\partial z/\partial W$ ($n_\ell^2 n_{\ell-1}$ coefficients,
# presque tous nuls) : sa contraction avec $\delta$ se réduit au produit extérieur
# $\delta h^\top$. C'est ce qui rend la rétropropagation linéaire en $|\theta|$.

