# %% [markdown]
# # Exercice 5.2 (⋆⋆) — Analyse du gradient dans le RNN
#
# Le cours (section 5.3, équation 5.6) déroule la récurrence $h_t = \tanh(W_{hh} h_{t-1} +
# W_{xh} x_t + b_h)$ : la dérivée de l'état $h_t$ par rapport à un état antérieur $h_k$ est un
# produit de $t - k$ jacobiennes, et le **théorème 5.4** la majore :
#
# $$\left\lVert \frac{\partial h_t}{\partial h_k} \right\rVert \le (\sigma_{\max}\,\gamma)^{t-k}
# \qquad (5.7)$$
#
# où $\sigma_{\max}$ est la plus grande valeur singulière de $W_{hh}$ et $\gamma$ le plus grand
# facteur $\tanh'$ rencontré. On mesure ici cette norme pour un RNN simple, un LSTM et un GRU,
# on vérifie la borne et on étudie l'effet de l'initialisation de $W_{hh}$.
#
# **Conventions (valables pour tout l'exercice).**
#
# - `modele` est un `nn.RNN` (non-linéarité tanh), un `nn.LSTM` ou un `nn.GRU` de PyTorch à
#   **une couche**, unidirectionnel ; sa taille d'état est `H = modele.hidden_size`.
# - `x` est **une** séquence, un tenseur de forme `(T, d)` sans dimension de lot, du même type
#   que les poids du modèle (`float32` ou `float64`). L'entrée $x_j$ du cours ($j = 1, \dots,
#   T$) est `x[j - 1]`.
# - L'état initial est nul, $h_0 = 0$ (et $c_0 = 0$ pour le LSTM), comme par défaut dans
#   PyTorch ; $h_t$ est l'état après lecture de $x_1, \dots, x_t$, c'est-à-dire
#   `modele(x)[0][t - 1]`.
# - **LSTM.** L'état du LSTM est le couple $(h_t, c_t)$. On ne s'intéresse qu'à l'état caché
#   $h$ : $\partial h_t/\partial h_k$ est la dérivée de $h_t$ par rapport à $h_k$ **seul**, la
#   cellule $c_k$ restant fixée à sa valeur (on perturbe $h_k$ sans toucher $c_k$).
# - La jacobienne $J = \partial h_t / \partial h_k$ est la matrice $H \times H$ d'entrées
#   $J_{ij} = \partial h_t[i] / \partial h_k[j]$.
# - **Norme.** $\lVert J \rVert$ est la **norme spectrale** (norme d'opérateur associée à la
#   norme euclidienne), c'est-à-dire la plus grande valeur singulière de $J$ :
#   `torch.linalg.matrix_norm(J, ord=2)` (et non la norme de Frobenius, défaut de
#   `torch.linalg.norm`).
# - Les fonctions **ne modifient pas le modèle** (ni ses poids, ni leur type).
#
# Les questions 1 à 4 sont vérifiées automatiquement ; les graphiques et leur interprétation
# font l'objet de la question 5 (rédigée, corrigée à la main). La longueur $T = 100$ du cours
# est un paramètre : la correction utilise des séquences plus courtes.

# %%
import math

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 4

# %% [markdown]
# **Question 1 (jacobienne et sa norme).** Écrire
#
# - `jacobienne_etats(modele, x, t, k)` qui renvoie, pour $0 \le k \le t \le T$, la matrice
#   $\partial h_t / \partial h_k$ (tenseur de forme `(H, H)`, du **même type que `x`**) ; pour
#   $t = k$ c'est l'identité ;
# - `norme_jacobienne(modele, x, t, k)` qui renvoie sa norme spectrale
#   $\lVert \partial h_t / \partial h_k \rVert_2$, un **flottant Python**.
#
# Utilisez l'autodifférentiation (`torch.autograd.functional.jacobian`, `torch.func.jacrev`
# ou `torch.autograd.grad` ligne par ligne) plutôt que les équations des cellules. Indication :
# obtenez l'état atteint après les $k$ premiers pas (`modele(x[:k])` renvoie la sortie et
# l'état final ; pour $k = 0$ c'est l'état nul), puis considérez la fonction qui, à $h_k$,
# associe $h_t$ en reprenant la lecture de `x[k:t]` depuis cet état : `modele(x[k:t], h)` avec
# `h` de forme `(1, H)`, ou `modele(x[k:t], (h, c))` pour un LSTM.

# %%
def jacobienne_etats(modele: nn.Module, x: torch.Tensor, t: int, k: int) -> torch.Tensor:
    """∂h_t/∂h_k, matrice (H, H) d'entrées ∂h_t[i]/∂h_k[j] ; c_k fixé pour un LSTM."""
    # BEGIN SOLUTION
    H = modele.hidden_size
    if t == k:
        return torch.eye(H, dtype=x.dtype)
    lstm = isinstance(modele, nn.LSTM)
    zero = x.new_zeros(1, H)
    etat = ((zero, zero) if lstm else zero) if k == 0 else modele(x[:k])[1]
    h_k, c_k = etat if lstm else (etat, None)

    def suite(h):
        return modele(x[k:t], (h, c_k) if lstm else h)[0][-1]

    return torch.autograd.functional.jacobian(suite, h_k.detach(), vectorize=True)[:, 0]
    # END SOLUTION


def norme_jacobienne(modele: nn.Module, x: torch.Tensor, t: int, k: int) -> float:
    """‖∂h_t/∂h_k‖₂ (norme spectrale), en flottant Python."""
    # BEGIN SOLUTION
    return float(torch.linalg.matrix_norm(jacobienne_etats(modele, x, t, k), ord=2))
    # END SOLUTION


# %%
@helper
def usine_recurrente():
    """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
    return C.code('''
def fabrique(genre, d, H, graine, echelle, type_="float64"):
    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]
    modele = classe(d, H).to(getattr(torch, type_))
    g = torch.Generator().manual_seed(graine)
    with torch.no_grad():
        for nom, p in modele.named_parameters():
            s = echelle if nom.startswith("weight_hh") else 0.5
            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))
    return modele
''')


@helper
def jacobienne_oracle(modele, x, t, k):
    """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
    modele, x = modele.double(), x.double()
    H = modele.hidden_size
    if t == k:
        return torch.eye(H, dtype=torch.float64)
    lstm = isinstance(modele, nn.LSTM)
    with torch.no_grad():
        if k == 0:
            h, c = torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64)
        else:
            _, etat = modele(x[:k])
            h, c = etat if lstm else (etat, None)

    def suite(h0):
        return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]

    return torch.autograd.functional.jacobian(suite, h)[:, 0, :]


@helper
def comparer_jacobienne(J, attendu, nom, hint):
    """Erreur relative (max |écart| / max(|J| + |attendu|)) ; message dédié à la transposée."""
    C.expect_shape(J, tuple(attendu.shape), name=nom)
    J = J.to(torch.float64)
    if C.relative_error(J, attendu) <= 1e-6:
        return
    if C.relative_error(J.T, attendu) <= 1e-6:
        raise C.CheckFailure(f"`{nom}` est la transposée de ∂h_t/∂h_k.",
                             hint="l'entrée (i, j) est ∂h_t[i]/∂h_k[j] : une ligne par "
                                  "coordonnée de h_t, une colonne par coordonnée de h_k.")
    raise C.CheckFailure(f"`{nom}` ne correspond pas à la jacobienne ∂h_t/∂h_k calculée par "
                         f"autograd (erreur relative {C.relative_error(J, attendu):.2g}).",
                         hint=hint)


@check
def jacobienne_exemple(jacobienne_etats, norme_jacobienne):
    fabrique = usine_recurrente()
    modele = C.build_where(jacobienne_etats, fabrique, "rnn", 3, 4, 0, 1.0)
    local = fabrique("rnn", 3, 4, 0, 1.0)
    x = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    nom = "jacobienne_etats(modele, x, 3, 3)"
    identite = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), 3, 3,
                                  name="jacobienne_etats"), nom)
    C.expect_shape(identite, (4, 4), name=nom)
    C.expect_dtype(identite, torch.float64, name=nom,
                   hint="créez la matrice dans le type de x (`dtype=x.dtype`).")
    C.expect_close(identite, torch.eye(4, dtype=torch.float64), name=nom, reveal=True,
                   hint="pour t = k, ∂h_k/∂h_k est l'identité.")
    nom = "jacobienne_etats(modele, x, 6, 2)"
    J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), 6, 2, name="jacobienne_etats"),
                    nom)
    C.expect_shape(J, (4, 4), name=nom)
    C.expect_dtype(J, torch.float64, name=nom)
    attendu = jacobienne_oracle(local, x, 6, 2)
    C.expect_close(J, attendu, name=nom, rtol=1e-6, atol=1e-9, reveal=True,
                   hint="h_2 est l'état après x[0] et x[1] ; h_6 s'obtient en reprenant la "
                        "lecture de x[2:6] depuis h_2.")
    n = C.call(norme_jacobienne, modele, x.clone(), 6, 2, name="norme_jacobienne")
    C.expect_scalar_close(n, float(torch.linalg.matrix_norm(attendu, ord=2)),
                          name="norme_jacobienne(modele, x, 6, 2)", reveal=True,
                          hint="norme spectrale : torch.linalg.matrix_norm(J, ord=2).")


@check(hidden=True, each={"genre": ["rnn", "lstm", "gru"]})
def jacobienne_contre_autograd(jacobienne_etats, genre):
    fabrique = usine_recurrente()
    modele = C.build_where(jacobienne_etats, fabrique, genre, 3, 5, 11, 1.0)
    local = fabrique(genre, 3, 5, 11, 1.0)
    x = torch.randn(9, 3, generator=torch.Generator().manual_seed(12), dtype=torch.float64)
    conseil = ("h_k est l'état après les k premiers pas (h_0 = 0) ; h_t s'obtient en reprenant "
               "la lecture de x[k:t] depuis h_k.")
    if genre == "lstm":
        conseil += (" Pour un LSTM, repartez de l'état (h_k, c_k) atteint après k pas : seul h_k "
                    "varie, c_k garde sa valeur (il n'est pas nul).")
    cas = {"k = 0 (depuis l'état initial)": (9, 0), "0 < k < t": (7, 3),
           "t = k + 1": (5, 4), "t = k": (8, 8), "k proche de t = T": (9, 6)}
    for quoi, (t, k) in cas.items():
        nom = f"jacobienne_etats pour un {genre.upper()}, {quoi}"
        J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), t, k,
                               name="jacobienne_etats"), nom)
        comparer_jacobienne(J, jacobienne_oracle(local, x, t, k), nom, conseil)


@check(hidden=True)
def norme_spectrale_flottant(norme_jacobienne):
    fabrique = usine_recurrente()
    x = torch.randn(8, 4, generator=torch.Generator().manual_seed(22), dtype=torch.float64)
    for genre in ("rnn", "lstm", "gru"):
        modele = C.build_where(norme_jacobienne, fabrique, genre, 4, 6, 21, 1.5)
        local = fabrique(genre, 4, 6, 21, 1.5)
        for t, k in ((8, 2), (6, 5), (5, 0)):
            attendu = float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, t, k), ord=2))
            n = C.call(norme_jacobienne, modele, x.clone(), t, k, name="norme_jacobienne")
            C.expect_scalar_close(n, attendu, name=f"norme_jacobienne (modèle {genre.upper()})",
                                  rtol=1e-6, atol=1e-12,
                                  hint="la norme spectrale est la plus grande valeur singulière "
                                       "(torch.linalg.matrix_norm(J, ord=2)), pas la norme de "
                                       "Frobenius.")

    # a 0-d tensor and a float look alike once sent back: the type is read where it is made
    @C.probe
    def sonde(modele, x):
        return type(norme_jacobienne(modele, x, 7, 3)).__name__

    modele = C.build_where(norme_jacobienne, fabrique, "gru", 4, 6, 21, 1.5)
    genre_du_resultat = C.call(sonde, modele, x.clone(), name="norme_jacobienne")
    C.expect(genre_du_resultat == "float",
             f"`norme_jacobienne` doit renvoyer un flottant Python, reçu un objet "
             f"{genre_du_resultat}.", hint="convertissez avec float(...) ou .item().")


@check(hidden=True)
def jacobienne_float32_modele_intact(jacobienne_etats):
    fabrique = usine_recurrente()
    x = torch.randn(7, 3, generator=torch.Generator().manual_seed(32), dtype=torch.float64)
    x = x.float()
    for genre in ("rnn", "lstm", "gru"):
        nom = f"jacobienne_etats pour un {genre.upper()} en float32"
        modele = C.build_where(jacobienne_etats, fabrique, genre, 3, 4, 31, 1.0, "float32")
        for t, k in ((7, 2), (4, 4)):
            J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), t, k,
                                   name="jacobienne_etats"), nom)
            C.expect_dtype(J, torch.float32, name=nom,
                           hint="calculez dans le type de x et du modèle (pas de `.double()`, "
                                "ni de `dtype=` imposé).")
            attendu = jacobienne_oracle(fabrique(genre, 3, 4, 31, 1.0, "float32"), x, t, k)
            C.expect_shape(J, (4, 4), name=nom)
            C.expect(C.relative_error(J.double(), attendu) <= 1e-4,
                     f"`{nom}` ne correspond pas à la jacobienne calculée par autograd.")
        poids = C.call(modele.state_dict, name="modele.state_dict")
        origine = fabrique(genre, 3, 4, 31, 1.0, "float32").state_dict()
        C.expect(all(C.as_tensor(poids[n], n).dtype == v.dtype
                     and torch.equal(C.as_tensor(poids[n], n), v) for n, v in origine.items()),
                 f"`jacobienne_etats` a modifié le modèle ({genre.upper()} en float32) : ses "
                 "poids ou leur type ont changé.",
                 hint="ne convertissez pas le modèle (`modele.double()` le modifie en place) "
                      "et ne touchez pas à ses paramètres.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 (norme en fonction de $t - k$).** Écrire `profil_normes(modele, x, t)` qui
# renvoie un tenseur `torch.float64` de forme `(t + 1,)` dont l'entrée d'indice $\delta$ est
# $\lVert \partial h_t / \partial h_{t-\delta} \rVert_2$, pour $\delta = t - k = 0, 1, \dots,
# t$ (l'entrée 0 vaut donc 1). `t` peut être plus petit que la longueur de `x`.
#
# La cellule suivante entraîne brièvement un RNN simple, un LSTM et un GRU ($H = 16$) à
# prédire la valeur suivante d'une sinusoïde bruitée de longueur $T = 100$, puis trace leurs
# profils en échelle logarithmique.

# %%
def profil_normes(modele: nn.Module, x: torch.Tensor, t: int) -> torch.Tensor:
    """[‖∂h_t/∂h_{t−δ}‖₂ pour δ = 0, …, t], tenseur float64 de forme (t + 1,)."""
    # BEGIN SOLUTION
    return torch.tensor([norme_jacobienne(modele, x, t, t - d) for d in range(t + 1)],
                        dtype=torch.float64)
    # END SOLUTION


# %% tags=["demo"]
T = 100
_gen = torch.Generator().manual_seed(0)
_signal = torch.sin(0.3 * torch.arange(T + 1, dtype=torch.float64)) \
    + 0.1 * torch.randn(T + 1, generator=_gen, dtype=torch.float64)
x_seq, cible = _signal[:-1, None], _signal[1:, None]  # prédire la valeur suivante


def entrainer(modele: nn.Module, pas: int = 20, lr: float = 2e-2) -> nn.Module:
    """Quelques pas d'Adam (erreur quadratique) sur la sinusoïde, avec une tête linéaire."""
    tete = nn.Linear(modele.hidden_size, 1).double()
    opt = torch.optim.Adam([*modele.parameters(), *tete.parameters()], lr=lr)
    for _ in range(pas):
        perte = F.mse_loss(tete(modele(x_seq)[0]), cible)
        opt.zero_grad()
        perte.backward()
        opt.step()
    return modele


torch.manual_seed(0)
modeles = {nom: entrainer(classe(1, 16).double())
           for nom, classe in (("RNN", nn.RNN), ("LSTM", nn.LSTM), ("GRU", nn.GRU))}
profils = {nom: profil_normes(m, x_seq, T) for nom, m in modeles.items()}
fig, ax = plt.subplots(figsize=(6, 3.5))
for nom, p in profils.items():
    ax.semilogy(p.clamp_min(1e-300), label=nom)
ax.set_xlabel("t − k")
ax.set_ylabel("‖∂h_t/∂h_k‖₂")
ax.set_title(f"t = T = {T}")
ax.legend()
plt.show()

# %%
@check
def profil_exemple(profil_normes):
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, "rnn", 3, 4, 0, 1.0)
    local = fabrique("rnn", 3, 4, 0, 1.0)
    x = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    nom = "profil_normes(modele, x, 6)"
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 6, name="profil_normes"), nom)
    C.expect_shape(p, (7,), name=nom, hint="une norme par décalage δ = 0, 1, …, t.")
    C.expect_dtype(p, torch.float64, name=nom)
    attendu = torch.tensor([float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, 6, 6 - d),
                                                           ord=2)) for d in range(7)],
                           dtype=torch.float64)
    C.expect_close(p, attendu, name=nom, rtol=1e-6, atol=1e-12, reveal=True,
                   hint="l'entrée δ est ‖∂h_t/∂h_{t−δ}‖₂ : l'indice est le décalage t − k, "
                        "pas k.")


@check(hidden=True, each={"genre": ["rnn", "lstm", "gru"]})
def profil_contre_autograd(profil_normes, genre):
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, genre, 3, 5, 13, 1.2)
    local = fabrique(genre, 3, 5, 13, 1.2)
    x = torch.randn(10, 3, generator=torch.Generator().manual_seed(14), dtype=torch.float64)
    nom = f"profil_normes pour un {genre.upper()}"
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 8, name="profil_normes"), nom)
    C.expect_shape(p, (9,), name=nom,
                   hint="t + 1 entrées (δ = 0, …, t), même si x est plus long que t.")
    C.expect_dtype(p, torch.float64, name=nom)
    attendu = torch.tensor([float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, 8, 8 - d),
                                                           ord=2)) for d in range(9)],
                           dtype=torch.float64)
    C.expect_close(p, attendu, name=nom, rtol=1e-6, atol=1e-12,
                   hint="l'entrée δ est la norme spectrale de ∂h_t/∂h_{t−δ} ; seuls les t "
                        "premiers pas de x comptent.")


@check(hidden=True)
def profil_decroissant_petits_poids(profil_normes):
    # a tanh RNN with ‖W_hh‖₂ < 1: by the theorem, ‖∂h_t/∂h_{t−δ}‖₂ ≤ σ_max^δ, strictly
    # decreasing in δ (each step multiplies by a matrix of norm ≤ σ_max γ < 1)
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, "rnn", 3, 8, 41, 0.3)
    W = fabrique("rnn", 3, 8, 41, 0.3).weight_hh_l0.detach()
    sigma = float(torch.linalg.matrix_norm(W, ord=2))  # 0.53 < 1: the check's premise
    x = torch.randn(40, 3, generator=torch.Generator().manual_seed(42), dtype=torch.float64)
    nom = "profil_normes d'un RNN tanh à petits poids (‖W_hh‖₂ < 1)"
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 40, name="profil_normes"), nom)
    C.expect_shape(p, (41,), name=nom)
    p = p.to(torch.float64)
    C.expect(bool((p[1:] < p[:-1]).all()),
             f"`{nom}` ne décroît pas strictement avec t − k, alors que chaque pas multiplie "
             "la jacobienne par une matrice de norme < 1.",
             hint="l'entrée δ doit correspondre au décalage t − k (k = t − δ), de δ = 0 à t.")
    bornes = sigma ** torch.arange(41, dtype=torch.float64)
    C.expect(bool((p <= bornes * (1 + 1e-9)).all()),
             f"`{nom}` dépasse la borne σ_max^(t−k) du théorème 5.4 (γ ≤ 1).",
             hint="norme spectrale (pas de Frobenius), et décalage δ = t − k.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 (la borne 5.7).** Pour un `nn.RNN` tanh, $z_j = W_{hh} h_{j-1} + W_{xh} x_j +
# b_h$ (dans PyTorch : `weight_hh_l0`, `weight_ih_l0`, et $b_h$ = `bias_ih_l0 + bias_hh_l0`),
# et $\partial h_j / \partial h_{j-1} = \operatorname{diag}(\tanh'(z_j))\,W_{hh}$ dans notre
# convention (le produit de l'équation 5.6, écrit avec $W_{hh}^\top$, en est la transposée :
# même norme spectrale). On rappelle que $\tanh'(z_j) = 1 - h_j^2$. On prend
#
# - $\sigma_{\max} = \lVert W_{hh} \rVert_2$, la plus grande valeur singulière de $W_{hh}$ ;
# - $\gamma = \max_{k < j \le t}\ \max_i \tanh'(z_{j,i})$, le plus grand facteur $\tanh'$
#   rencontré **entre les pas $k + 1$ et $t$** (toujours $\le 1$).
#
# Écrire `borne_5_7(modele, x, t, k)` qui renvoie, pour $0 \le k < t \le T$, la borne
# $(\sigma_{\max}\,\gamma)^{t-k}$ en **flottant Python**. La cellule suivante la compare au
# profil mesuré du RNN entraîné.

# %%
def borne_5_7(modele: nn.RNN, x: torch.Tensor, t: int, k: int) -> float:
    """(σ_max γ)^(t−k), γ = max de tanh′(z_j) pour j = k + 1, …, t."""
    # BEGIN SOLUTION
    with torch.no_grad():
        h = modele(x[:t])[0]
        gamma = (1 - h[k:] ** 2).max()
        sigma = torch.linalg.matrix_norm(modele.weight_hh_l0, ord=2)
    return float((sigma * gamma) ** (t - k))
    # END SOLUTION


# %% tags=["demo"]
rnn = modeles["RNN"]
bornes = torch.tensor([borne_5_7(rnn, x_seq, T, T - d) for d in range(1, T + 1)],
                      dtype=torch.float64)
print("borne vérifiée pour tous les t − k :", bool((profils["RNN"][1:] <= bornes).all()))
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.semilogy(range(1, T + 1), profils["RNN"][1:], label="‖∂h_T/∂h_k‖₂ mesurée")
ax.semilogy(range(1, T + 1), bornes, "--", label="(σ_max γ)^(T−k)")
ax.set_xlabel("T − k")
ax.legend()
plt.show()

# %%
@helper
def borne_oracle(modele, x, t, k):
    """(σ_max γ)^(t−k) recalculée à la main : z_j pas à pas, tanh′(z) = 1/cosh²(z) sur les pas
    k + 1, …, t, σ_max = plus grande valeur singulière de W_hh."""
    modele, x = modele.double(), x.double()
    W, U = modele.weight_hh_l0.detach(), modele.weight_ih_l0.detach()
    b = (modele.bias_ih_l0 + modele.bias_hh_l0).detach()
    h = torch.zeros(modele.hidden_size, dtype=torch.float64)
    gamma = 0.0
    for j in range(1, t + 1):
        z = W @ h + U @ x[j - 1] + b
        h = torch.tanh(z)
        if j > k:
            gamma = max(gamma, float((1 / torch.cosh(z) ** 2).max()))
    return (float(torch.linalg.svdvals(W)[0]) * gamma) ** (t - k)


@check
def borne_exemple(borne_5_7):
    fabrique = usine_recurrente()
    modele = C.build_where(borne_5_7, fabrique, "rnn", 3, 4, 0, 1.0)
    local = fabrique("rnn", 3, 4, 0, 1.0)
    x = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    b = C.call(borne_5_7, modele, x.clone(), 6, 2, name="borne_5_7")
    C.expect_scalar_close(b, borne_oracle(local, x, 6, 2), name="borne_5_7(modele, x, 6, 2)",
                          rtol=1e-8, reveal=True,
                          hint="σ_max = ‖W_hh‖₂ (weight_hh_l0), γ = max de 1 − h_j² pour "
                               "j = k + 1, …, t, exposant t − k.")


@check(hidden=True)
def borne_forme_close(borne_5_7):
    fabrique = usine_recurrente()
    x = torch.randn(12, 3, generator=torch.Generator().manual_seed(52), dtype=torch.float64)
    for echelle, regime in ((0.5, "contractant"), (2.5, "expansif")):
        modele = C.build_where(borne_5_7, fabrique, "rnn", 3, 6, 51, echelle)
        local = fabrique("rnn", 3, 6, 51, echelle)
        for t, k in ((12, 0), (10, 4), (7, 6), (12, 9), (3, 1)):
            b = C.call(borne_5_7, modele, x.clone(), t, k, name="borne_5_7")
            C.expect_scalar_close(b, borne_oracle(local, x, t, k),
                                  name=f"borne_5_7 (RNN {regime})", rtol=1e-8,
                                  hint="σ_max est la norme spectrale de weight_hh_l0 ; γ est le "
                                       "maximum de tanh′(z_j) = 1 − h_j² sur les seuls pas "
                                       "j = k + 1, …, t (h_j = modele(x)[0][j − 1]) ; "
                                       "l'exposant est t − k.")

    @C.probe
    def sonde(modele, x):
        return type(borne_5_7(modele, x, 9, 3)).__name__

    modele = C.build_where(borne_5_7, fabrique, "rnn", 3, 6, 51, 0.5)
    genre_du_resultat = C.call(sonde, modele, x.clone(), name="borne_5_7")
    C.expect(genre_du_resultat == "float",
             f"`borne_5_7` doit renvoyer un flottant Python, reçu un objet {genre_du_resultat}.",
             hint="convertissez avec float(...) ou .item().")


@check(hidden=True)
def borne_majore_la_norme(borne_5_7):
    # the bound must hold: ‖∂h_t/∂h_k‖₂ (autograd, on the grader's copy) ≤ borne_5_7
    fabrique = usine_recurrente()
    x = torch.randn(15, 2, generator=torch.Generator().manual_seed(62), dtype=torch.float64)
    for echelle in (0.8, 1.5, 3.0):
        modele = C.build_where(borne_5_7, fabrique, "rnn", 2, 7, 61, echelle)
        local = fabrique("rnn", 2, 7, 61, echelle)
        for t, k in ((15, 0), (15, 11), (9, 8), (13, 5)):
            norme = float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, t, k), ord=2))
            b = C.as_number(C.call(borne_5_7, modele, x.clone(), t, k, name="borne_5_7"),
                            name="borne_5_7")
            C.expect(b >= norme * (1 - 1e-9),
                     "`borne_5_7` renvoie une valeur inférieure à la norme mesurée "
                     "‖∂h_t/∂h_k‖₂ : ce n'est pas une majoration.",
                     hint="γ est le plus grand (pas le plus petit) facteur tanh′ des pas "
                          "k + 1, …, t et σ_max la plus grande valeur singulière de W_hh.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 (initialisation de $W_{hh}$).** Écrire
#
# - `whh_orthogonale(n, generateur)` qui renvoie une matrice **orthogonale** $n \times n$ en
#   `torch.float64` : le facteur $Q$ de la décomposition QR (`torch.linalg.qr`) d'une matrice
#   $n \times n$ de coefficients i.i.d. $\mathcal N(0, 1)$ tirée avec `generateur` (vous
#   pouvez, en plus, multiplier chaque colonne de $Q$ par le signe du coefficient diagonal de
#   $R$) ;
# - `whh_gaussienne(n, gain, generateur)` qui renvoie une matrice $n \times n$ en
#   `torch.float64` de coefficients i.i.d. de loi normale $\mathcal N(0, \text{gain}^2 / n)$
#   tirés avec `generateur`.
#
# Les deux fonctions tirent **uniquement** avec le `torch.Generator` reçu (même état ⇒ même
# matrice), jamais avec le générateur global de PyTorch.
#
# La cellule suivante installe chacune dans un RNN ($H = 16$, entrées de faible amplitude) et
# trace $\lVert \partial h_T / \partial h_k \rVert_2$ : orthogonale contre gaussienne de gain
# 0,5 (l'initialisation par défaut de `nn.RNN`, uniforme sur $[-1/\sqrt{H}, 1/\sqrt{H}]$, a
# le même écart-type qu'une gaussienne de gain $1/\sqrt 3 \approx 0{,}58$). La correction
# fait de même avec vos matrices et vérifie que l'orthogonale fait disparaître le gradient
# beaucoup moins vite.

# %%
def whh_orthogonale(n: int, generateur: torch.Generator) -> torch.Tensor:
    """Q de la décomposition QR d'une matrice gaussienne n × n (float64)."""
    # BEGIN SOLUTION
    A = torch.randn(n, n, generator=generateur, dtype=torch.float64)
    return torch.linalg.qr(A).Q
    # END SOLUTION


def whh_gaussienne(n: int, gain: float, generateur: torch.Generator) -> torch.Tensor:
    """Coefficients i.i.d. N(0, gain²/n), matrice n × n (float64)."""
    # BEGIN SOLUTION
    return gain / math.sqrt(n) * torch.randn(n, n, generator=generateur, dtype=torch.float64)
    # END SOLUTION


# %% tags=["demo"]
fig, ax = plt.subplots(figsize=(6, 3.5))
for nom, fabrique_whh in (("orthogonale", lambda g: whh_orthogonale(16, g)),
                          ("gaussienne, gain 0,5", lambda g: whh_gaussienne(16, 0.5, g))):
    torch.manual_seed(1)
    rnn_init = nn.RNN(1, 16).double()
    with torch.no_grad():
        rnn_init.weight_hh_l0.copy_(fabrique_whh(torch.Generator().manual_seed(2)))
        rnn_init.weight_ih_l0.mul_(0.1)
        rnn_init.bias_ih_l0.zero_()
        rnn_init.bias_hh_l0.zero_()
    ax.semilogy(profil_normes(rnn_init, x_seq, T).clamp_min(1e-300), label=nom)
ax.set_xlabel("T − k")
ax.set_ylabel("‖∂h_T/∂h_k‖₂")
ax.legend()
plt.show()

# %%
@helper
def tirage():
    """`tirage()(f, graine, *args)` = f(*args, torch.Generator().manual_seed(graine)), exécuté
    là où vit `f` (un générateur ne traverse pas la frontière du bac à sable)."""
    return C.code("lambda f, graine, *args: f(*args, torch.Generator().manual_seed(graine))")


@check
def initialisations_exemple(whh_orthogonale, whh_gaussienne):
    nom = "whh_orthogonale(5, generateur)"
    Q = C.as_tensor(C.call(tirage(), whh_orthogonale, 0, 5, name="whh_orthogonale"), nom)
    C.expect_shape(Q, (5, 5), name=nom)
    C.expect_dtype(Q, torch.float64, name=nom)
    C.expect_close(Q @ Q.T, torch.eye(5, dtype=torch.float64), name=f"Q Qᵀ pour {nom}",
                   rtol=0.0, atol=1e-10, reveal=True,
                   hint="renvoyez le facteur Q de torch.linalg.qr, pas R.")
    nom = "whh_gaussienne(5, 0.5, generateur)"
    G = C.as_tensor(C.call(tirage(), whh_gaussienne, 0, 5, 0.5, name="whh_gaussienne"), nom)
    C.expect_shape(G, (5, 5), name=nom)
    C.expect_dtype(G, torch.float64, name=nom)


@check(hidden=True)
def orthogonale_proprietes(whh_orthogonale):
    n = 300
    nom = "whh_orthogonale (grande matrice)"
    Q = C.as_tensor(C.call(tirage(), whh_orthogonale, 71, n, name="whh_orthogonale"), nom)
    C.expect_shape(Q, (n, n), name=nom)
    C.expect_dtype(Q, torch.float64, name=nom)
    I = torch.eye(n, dtype=torch.float64)
    C.expect(bool(torch.allclose(Q @ Q.T, I, rtol=0.0, atol=1e-10))
             and bool(torch.allclose(Q.T @ Q, I, rtol=0.0, atol=1e-10)),
             f"`{nom}` n'est pas orthogonale (Q Qᵀ ≠ I).",
             hint="renvoyez le facteur Q de torch.linalg.qr d'une matrice carrée gaussienne.")
    # Q from a Gaussian matrix is (up to column signs) uniform on O(n): E[q⁴] = 3/(n(n + 2));
    # a permutation or another structured orthogonal matrix is far from it
    moment = float((Q ** 4).mean()) * n * n
    C.expect(2.75 <= moment <= 3.2,
             f"Les coefficients de `{nom}` n'ont pas la dispersion de ceux d'une matrice "
             "orthogonale issue d'une matrice gaussienne.",
             hint="factorisez une matrice de coefficients N(0, 1) (torch.randn), pas une "
                  "matrice structurée.")
    C.expect_generator_obeyed(whh_orthogonale, 6, name="whh_orthogonale", keyword="generateur")


@check(hidden=True)
def gaussienne_loi(whh_gaussienne):
    for n, gain, tol_var in ((400, 0.7, 0.02), (100, 1.6, 0.08)):
        nom = f"whh_gaussienne (gain {gain})"
        G = C.as_tensor(C.call(tirage(), whh_gaussienne, 81, n, gain,
                               name="whh_gaussienne"), nom)
        C.expect_shape(G, (n, n), name=nom)
        C.expect_dtype(G, torch.float64, name=nom)
        w = G.double() * math.sqrt(n) / gain  # N(0, 1) coefficients if the law is right
        C.expect(abs(float(w.mean())) <= 5 / n,
                 f"Les coefficients de `{nom}` ne sont pas centrés.")
        C.expect(abs(float((w ** 2).mean()) - 1) <= tol_var,
                 f"La variance des coefficients de `{nom}` n'est pas gain²/n.",
                 hint="écart-type gain/√n : multipliez torch.randn par gain / math.sqrt(n).")
        if n == 400:
            kurtosis = float((w ** 4).mean()) / float((w ** 2).mean()) ** 2
            C.expect(abs(kurtosis - 3) <= 0.08,
                     f"Les coefficients de `{nom}` ne suivent pas une loi normale.",
                     hint="tirez avec torch.randn (loi normale), pas torch.rand (uniforme).")
    C.expect_generator_obeyed(whh_gaussienne, 6, 0.5, name="whh_gaussienne",
                              keyword="generateur")


@check(hidden=True)
def orthogonale_disparait_moins_vite(whh_orthogonale, whh_gaussienne):
    # the student's matrices, installed in the grader's own RNN (small inputs, no bias), and
    # ‖∂h_40/∂h_0‖₂ by autograd: orthogonal W_hh keeps it of order 1, gain 0.5 makes it vanish
    H, t = 16, 40
    for graine in (0, 1, 2):
        g = torch.Generator().manual_seed(90 + graine)
        x = torch.randn(t, 4, generator=g, dtype=torch.float64)
        U = 0.01 * torch.randn(H, 4, generator=g, dtype=torch.float64)  # small inputs
        normes = {}
        for methode in ("orthogonale", "gaussienne"):
            if methode == "orthogonale":
                W = C.call(tirage(), whh_orthogonale, graine, H, name="whh_orthogonale")
            else:
                W = C.call(tirage(), whh_gaussienne, graine, H, 0.5, name="whh_gaussienne")
            W = C.as_tensor(W, f"whh_{methode}").double()
            C.expect_shape(W, (H, H), name=f"whh_{methode}")
            rnn = nn.RNN(4, H).double()
            with torch.no_grad():
                rnn.weight_hh_l0.copy_(W)
                rnn.weight_ih_l0.copy_(U)
                rnn.bias_ih_l0.zero_()
                rnn.bias_hh_l0.zero_()
            normes[methode] = float(torch.linalg.matrix_norm(jacobienne_oracle(rnn, x, t, 0),
                                                             ord=2))
        C.expect(normes["orthogonale"] > 0.1 and
                 normes["orthogonale"] > 100 * normes["gaussienne"],
                 "Installée dans un RNN, la matrice de `whh_orthogonale` ne ralentit pas la "
                 "disparition du gradient par rapport à celle de `whh_gaussienne` (gain 0,5).",
                 hint="toutes les valeurs singulières d'une matrice orthogonale valent 1 ; "
                      "vérifiez les deux initialisations (Q de la QR, écart-type gain/√n).")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée).** À partir des trois graphiques :
#
# 1. Comparez la décroissance de $\lVert \partial h_t / \partial h_k \rVert_2$ avec $t - k$
#    pour le RNN simple, le LSTM et le GRU. Quel mécanisme (équations 5.12, 5.15 et 5.19)
#    explique la différence ? Que devient l'argument pour la norme de $\partial h_t/\partial
#    h_k$ (et non de $\partial c_t / \partial c_k$) dans le LSTM ?
# 2. La borne 5.7 est-elle serrée ? Pourquoi l'est-elle peu quand $\sigma_{\max}\gamma > 1$
#    (une borne supérieure qui croît n'implique pas l'explosion) ?
# 3. Expliquez l'effet de l'initialisation orthogonale. Que se passerait-il avec une
#    gaussienne de gain 1, voire 2 (raisonnez sur les valeurs propres et singulières de
#    $W_{hh}$) ? Pourquoi un RNN simple apprend-il mal les dépendances au-delà de 10 à 20
#    pas ?

# %% [markdown]
# _Rédigez votre analyse ici._

# %% [markdown]
# Éléments attendus. **1.** Pour le RNN simple, chaque pas multiplie par
# $\operatorname{diag}(\tanh'(z_j))W_{hh}$ : la norme décroît à peu près géométriquement
# (droite en échelle log) et tombe sous $10^{-5}$ en quelques dizaines de pas. Dans le LSTM,
# la cellule est mise à jour additivement, $c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$, et
# $\partial c_t / \partial c_k = \prod_j \operatorname{diag}(f_j)$ (5.15) : avec des portes
# d'oubli proches de 1 le gradient traverse le temps sans être multiplié par $W_{hh}$. Pour le
# GRU, $h_t = (1 - z_t)\odot h_{t-1} + z_t \odot \tilde h_t$ (5.19) contient un terme
# identité pondéré par $1 - z_t$. Les profils LSTM/GRU décroissent donc plus lentement (la
# pente dépend des portes apprises, ici à peine entraînées). Pour $\partial h_t/\partial h_k$
# avec $c_k$ fixé, le chemin passe d'abord par les portes ($h_k$ n'entre que par elles), puis
# par la cellule ; la norme mesurée hérite de la lenteur de $\prod f_j$ mais reste multipliée
# par $o_t \tanh'(c_t)$ et par les dérivées des portes, d'où une valeur plus faible que celle
# de $\partial c_t/\partial c_k$.
# **2.** La borne résulte de la sous-multiplicativité $\lVert AB \rVert \le \lVert A
# \rVert\lVert B \rVert$ et de $\tanh' \le \gamma$ : elle est atteinte seulement si les
# directions singulières s'alignent et si tous les $\tanh'$ valent $\gamma$ ; en pratique la
# norme mesurée est bien en dessous, d'autant plus que $t - k$ grandit. Quand
# $\sigma_{\max}\gamma > 1$, la borne croît exponentiellement mais la norme peut décroître :
# la valeur singulière maximale ne se répète pas de pas en pas (ce sont plutôt le rayon
# spectral et les $\tanh'$ saturés qui gouvernent le produit). C'est une condition suffisante
# de disparition ($\sigma_{\max}\gamma < 1$), pas une condition nécessaire d'explosion.
# **3.** Une matrice orthogonale a toutes ses valeurs singulières égales à 1 : elle conserve la
# norme des vecteurs, seuls les $\tanh'$ (proches de 1 pour de petites activations) atténuent
# le gradient, d'où un profil presque plat. Une gaussienne de gain $g$ a ses valeurs propres
# dans le disque de rayon $\approx g$ (loi du cercle) : $\lVert W^m \rVert \approx g^m$ décroît
# vite pour $g = 0{,}5$ ; pour $g = 1$ le rayon spectral fluctue autour de 1 (valeurs
# singulières de 0 à 2) : certaines directions s'éteignent, d'autres croissent, selon le
# tirage ; pour $g = 2$ le gradient explose tant que les tanh ne saturent pas, puis la
# saturation ($\tanh' \to 0$) le fait s'effondrer. Avec $\sigma_{\max}\gamma = 0{,}9$,
# $0{,}9^{100} \approx 2{,}7 \cdot 10^{-5}$ : le signal d'erreur venant de 10 à 20 pas plus
# loin est déjà noyé dans celui des pas proches, d'où la portée limitée du RNN simple (et
# l'intérêt des portes, de l'initialisation orthogonale et du gradient clipping).
