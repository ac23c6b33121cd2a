# %% [markdown]
# # Exercice 2.2 (⋆) — Variance du gradient mini-batch
#
# On dispose des gradients individuels $g_1, \dots, g_N \in \mathbb{R}^d$ (un par exemple,
# $g_i = \nabla_\theta \ell(f_\theta(x_i), y_i)$ en un $\theta$ fixé), rangés en lignes dans
# une matrice $G \in \mathbb{R}^{N \times d}$. Le gradient complet est
# $\bar g = \frac{1}{N} \sum_i g_i$ et la **variance du gradient individuel** est
#
# $$\sigma^2 = \frac{1}{N} \sum_{i=1}^N \lVert g_i - \bar g \rVert^2 .$$
#
# **Hypothèse de tirage.** Le mini-batch est formé de $B$ indices $i_1, \dots, i_B$ tirés
# **indépendamment et uniformément dans $\{1, \dots, N\}$, avec remise** (un même exemple peut
# apparaître plusieurs fois). L'estimateur SGD est
# $\hat g = \frac{1}{B} \sum_{b=1}^B g_{i_b}$ et sa variance (vectorielle) est
# $\operatorname{Var}[\hat g] = \mathbb{E}\,\lVert \hat g - \bar g \rVert^2$.
#
# 1. Montrer que $\mathbb{E}[\hat g] = \bar g$ et $\operatorname{Var}[\hat g] = \sigma^2 / B$.
# 2. En déduire le compromis entre taille de batch et bruit du gradient.
#
# Les questions 1 à 3 vérifient ces résultats par simulation ; la démonstration et la discussion
# sont rédigées (question 4, corrigée à la main).
#
# Toutes les fonctions aléatoires reçoivent une **graine** entière et tirent leurs nombres
# d'un générateur local `torch.Generator().manual_seed(graine)` : le résultat est reproductible.

# %%
import math

import torch

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 2

# %% [markdown]
# **Question 1.** Écrire
#
# - `tirer_indices(N, B, graine)` qui renvoie un tenseur d'entiers (`torch.long`) de forme
#   `(B,)` : $B$ indices tirés uniformément dans $\{0, \dots, N-1\}$, **avec remise**, avec un
#   générateur initialisé par `graine` (même graine ⇒ mêmes indices) ;
# - `gradient_minibatch(G, indices)` qui renvoie l'estimateur $\hat g$ (forme `(d,)`) : la
#   moyenne des lignes de `G` désignées par `indices`, chaque indice comptant autant de fois
#   qu'il apparaît.

# %%
def tirer_indices(N: int, B: int, graine: int) -> torch.Tensor:
    """B indices i.i.d. uniformes dans {0, ..., N−1}, avec remise, reproductibles."""
    # BEGIN SOLUTION
    generateur = torch.Generator().manual_seed(graine)
    return torch.randint(0, N, (B,), generator=generateur)
    # END SOLUTION


def gradient_minibatch(G: torch.Tensor, indices: torch.Tensor) -> torch.Tensor:
    """ĝ = moyenne des lignes G[i] pour i dans indices (avec répétitions)."""
    # BEGIN SOLUTION
    return G[indices].mean(dim=0)
    # END SOLUTION


# %%
@check
def indices_et_estimateur(tirer_indices, gradient_minibatch):
    idx = C.as_tensor(C.call(tirer_indices, 10, 7, 0, name="tirer_indices"),
                      name="tirer_indices(10, 7, 0)")
    C.expect_shape(idx, (7,), name="tirer_indices(10, 7, 0)")
    C.expect(idx.dtype == torch.long, "`tirer_indices` devrait renvoyer des entiers torch.long.")
    C.expect(bool(((idx >= 0) & (idx < 10)).all()),
             "`tirer_indices(10, 7, 0)` renvoie des indices hors de {0, …, 9}.")
    G = torch.tensor([[1.0, 0.0], [3.0, 2.0], [-1.0, 4.0]], dtype=torch.float64)
    got = C.call(gradient_minibatch, G, torch.tensor([1, 1, 2]), name="gradient_minibatch")
    C.expect_close(got, torch.tensor([5.0 / 3.0, 8.0 / 3.0], dtype=torch.float64),
                   name="gradient_minibatch(G, [1, 1, 2])", reveal=True,
                   hint="un indice répété compte deux fois dans la moyenne.")


@check(hidden=True)
def tirage_avec_remise(tirer_indices):
    def tirer(N, B, graine, name="tirer_indices"):
        return C.as_tensor(C.call(tirer_indices, N, B, graine, name="tirer_indices"), name=name)

    first, again, other = tirer(50, 20, 123), tirer(50, 20, 123), tirer(50, 20, 124)
    C.expect(torch.equal(first, again),
             "`tirer_indices` n'est pas reproductible : la même graine donne d'autres indices.",
             hint="créez un torch.Generator().manual_seed(graine) et passez-le à torch.randint.")
    C.expect(not torch.equal(first, other),
             "`tirer_indices` renvoie les mêmes indices pour deux graines différentes.")
    # With replacement, a batch of 4 among 4 has a repeated index with probability
    # 1 − 4!/4⁴ ≈ 0.906 (0 without replacement); 300 draws: sd ≈ 0.017, threshold 9 sd below.
    repeated = 0
    for seed in range(300):
        idx = tirer(4, 4, 1000 + seed, name="tirer_indices(4, 4, graine)")
        C.expect_shape(idx, (4,), name="tirer_indices(4, 4, graine)")
        repeated += int(torch.unique(idx).numel() < 4)
    C.expect(repeated / 300 > 0.75,
             f"`tirer_indices(4, 4, ·)` ne répète un indice que dans {repeated} tirages sur 300 : "
             "le tirage n'est pas avec remise.",
             hint="utilisez torch.randint (avec remise), pas torch.randperm (sans remise).")
    # Uniformity: 20 000 indices among 10, each frequency 0.1 ± 0.0021 (sd); accept ± 0.012.
    big = tirer(10, 20000, 7, name="tirer_indices(10, 20000, 7)")
    C.expect_shape(big, (20000,), name="tirer_indices(10, 20000, 7)",
                   hint="avec remise, B peut dépasser N.")
    C.expect(bool(((big >= 0) & (big < 10)).all()),
             "`tirer_indices` renvoie des indices hors de {0, …, N − 1}.")
    freq = torch.bincount(big.long(), minlength=10).double() / 20000
    C.expect(bool(((freq - 0.1).abs() < 0.012).all()),
             "Les indices de `tirer_indices` ne sont pas uniformes sur {0, …, N − 1}.",
             hint="torch.randint(0, N, …) : la borne haute est exclue.")


@check(hidden=True)
def estimateur_avec_repetitions(gradient_minibatch):
    gen = torch.Generator().manual_seed(3)
    G = torch.randn(30, 7, generator=gen, dtype=torch.float64)
    for B in (1, 5, 40):
        idx = torch.randint(0, 30, (B,), generator=gen)
        idx[-1] = idx[0]
        want = torch.stack([G[int(i)] for i in idx]).sum(dim=0) / B
        got = C.call(gradient_minibatch, G.clone(), idx.clone(), name="gradient_minibatch")
        C.expect_close(got, want, name=f"gradient_minibatch (lot de {B})",
                       hint="ĝ = (1/B) Σ_b G[i_b] : une moyenne (pas une somme) sur le lot, "
                            "répétitions comprises.")


@check(hidden=True)
def tirage_generateur_local(tirer_indices):
    # where `tirer_indices` lives: its result after two different global seeds, and whether it
    # left the global generator as it found it
    @C.probe
    def sous_graine_globale(f, graine_globale, *args):
        torch.manual_seed(graine_globale)
        avant = torch.get_rng_state()
        resultat = f(*args)
        return resultat, bool(torch.equal(avant, torch.get_rng_state()))

    fonction = C.require(tirer_indices, "tirer_indices")
    a, intact_a = C.call(sous_graine_globale, fonction, 0, 50, 20, 77, name="tirer_indices")
    b, intact_b = C.call(sous_graine_globale, fonction, 1, 50, 20, 77, name="tirer_indices")
    C.expect(torch.equal(C.as_tensor(a, "tirer_indices(50, 20, 77)"),
                         C.as_tensor(b, "tirer_indices(50, 20, 77)")),
             "`tirer_indices` dépend de l'état du générateur global de PyTorch.",
             hint="tirez avec un générateur local torch.Generator().manual_seed(graine).")
    C.expect(intact_a and intact_b,
             "`tirer_indices` utilise ou réinitialise le générateur global de PyTorch.",
             hint="pas de torch.manual_seed : créez un torch.Generator().manual_seed(graine) "
                  "et passez-le à torch.randint (generator=...).")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2.** Écrire `variance_empirique(G, B, n_tirages, graine)` qui tire `n_tirages`
# mini-batchs indépendants de taille $B$ (avec remise, générateur initialisé par `graine`),
# calcule pour chacun $\lVert \hat g_t - \bar g \rVert^2$ (où $\bar g$ est le **vrai** gradient
# complet, la moyenne des lignes de `G`) et renvoie leur moyenne (un flottant). C'est un
# estimateur sans biais de $\operatorname{Var}[\hat g]$.
#
# *Tolérance de la correction.* Le résultat est une moyenne de $T$ = `n_tirages` variables
# indépendantes $X_t = \lVert \hat g_t - \bar g \rVert^2$ ; son écart-type vaut
# $\sqrt{\operatorname{Var}(X)/T}$, que la correction calcule exactement à partir de `G` (il
# dépend des moments d'ordre 4 des $g_i - \bar g$). Elle accepte un écart à $\sigma^2/B$ d'au
# plus 5 de ces écarts-types : une implémentation juste n'échoue qu'avec une probabilité de
# l'ordre de $10^{-6}$, tandis qu'un facteur erroné (somme au lieu de moyenne, tirage sans
# remise…) est détecté.

# %%
def variance_empirique(G: torch.Tensor, B: int, n_tirages: int, graine: int) -> float:
    """Moyenne sur n_tirages mini-batchs de ‖ĝ − ḡ‖² (tirage avec remise)."""
    # BEGIN SOLUTION
    generateur = torch.Generator().manual_seed(graine)
    g_barre = G.mean(dim=0)
    indices = torch.randint(0, G.shape[0], (n_tirages, B), generator=generateur)
    g_chapeau = G[indices].mean(dim=1)  # (n_tirages, d)
    return float(((g_chapeau - g_barre) ** 2).sum(dim=1).mean())
    # END SOLUTION


# %%
_G = torch.randn(200, 5, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
_sigma2 = float(((_G - _G.mean(0)) ** 2).sum(1).mean())
for _B in (1, 4, 16, 64):
    _v = variance_empirique(_G, _B, 2000, _B)
    if _v is not None:
        print(f"B = {_B:3d} : variance empirique {_v:.4f}, σ²/B = {_sigma2 / _B:.4f}")

# %%
@check
def variance_cas_deterministe(variance_empirique):
    G = torch.tensor([[1.0, 2.0], [-1.0, 2.0]], dtype=torch.float64)
    v = C.call(variance_empirique, G, 1, 50, 0, name="variance_empirique")
    C.expect_scalar_close(v, 1.0, name="variance_empirique(G, B=1)", reveal=True,
                          hint="ḡ = (0, 2) et chaque ĝ vaut (±1, 2) : ‖ĝ − ḡ‖² = 1.")


@check(hidden=True)
def variance_en_sigma2_sur_B(variance_empirique):
    gen = torch.Generator().manual_seed(2024)
    N, d, T = 40, 6, 3000
    scales = torch.linspace(0.5, 2.0, d, dtype=torch.float64)
    G = torch.randn(N, d, generator=gen, dtype=torch.float64) * scales + 1.0
    U = G - G.mean(dim=0)
    norms2 = (U ** 2).sum(dim=1)
    sigma2, m4 = float(norms2.mean()), float((norms2 ** 2).mean())
    tr_cov2 = float(((U.T @ U / N) ** 2).sum())
    for k, B in enumerate((1, 2, 5, 10, 20)):
        expected = sigma2 / B
        # Var(‖ĝ − ḡ‖²) for B i.i.d. draws: (m4 − σ⁴ + 2(B − 1) tr Σ²) / B³
        sd = math.sqrt((m4 - sigma2 ** 2 + 2 * (B - 1) * tr_cov2) / B ** 3 / T)
        got = C.as_number(C.call(variance_empirique, G.clone(), B, T, 500 + k,
                                 name="variance_empirique"), name="variance_empirique")
        ratio = got / expected
        C.expect(abs(got - expected) <= 5 * sd,
                 f"`variance_empirique` pour B = {B} : le rapport à σ²/B vaut {ratio:.3f}, hors "
                 f"de la tolérance statistique (± {5 * sd / expected:.3f}).",
                 hint=("sommez les carrés sur les d coordonnées (‖·‖²) et centrez sur le vrai "
                       "gradient complet ḡ." if B == 1 else
                       "tirez les indices avec remise (torch.randint) et moyennez (pas sommez) "
                       "sur le lot."))


@check(hidden=True)
def variance_petit_cas_exact(variance_empirique):
    # Three rows, d = 1: every mini-batch (3^B of them, equally likely) is enumerated, so the
    # exact mean of X = ‖ĝ − ḡ‖² and its spread are known; a row never drawn (or drawn too
    # often) moves the result by many times its noise, which a large N would hide.
    import itertools

    G = torch.tensor([[0.0], [0.0], [3.0]], dtype=torch.float64)
    T = 4000
    for B in (1, 2):
        X = torch.tensor([float((G[list(idx)].mean() - G.mean()) ** 2)
                          for idx in itertools.product(range(3), repeat=B)],
                         dtype=torch.float64)
        sd = math.sqrt(float(X.var(unbiased=False)) / T)
        got = C.as_number(C.call(variance_empirique, G.clone(), B, T, 70 + B,
                                 name="variance_empirique"), name="variance_empirique")
        C.expect(abs(got - float(X.mean())) <= 5 * sd,
                 f"`variance_empirique` sur un petit cas (N = 3 lignes, B = {B}) s'écarte de la "
                 "valeur exacte de plus de 5 écarts-types : chaque ligne n'est pas tirée avec "
                 "la même probabilité.",
                 hint="torch.randint(0, N, ...) tire dans {0, …, N − 1} : la borne haute est "
                      "exclue, ne retirez pas 1.")


@check(hidden=True)
def variance_reproductible_et_flottant(variance_empirique):
    @C.probe
    def sous_graine_globale(f, graine_globale, *args):
        torch.manual_seed(graine_globale)
        avant = torch.get_rng_state()
        resultat = f(*args)
        return resultat, bool(torch.equal(avant, torch.get_rng_state()))

    gen = torch.Generator().manual_seed(9)
    G = torch.randn(25, 4, generator=gen, dtype=torch.float64)
    fonction = C.require(variance_empirique, "variance_empirique")
    a, intact_a = C.call(sous_graine_globale, fonction, 0, G.clone(), 3, 200, 11,
                         name="variance_empirique")
    b, intact_b = C.call(sous_graine_globale, fonction, 1, G.clone(), 3, 200, 11,
                         name="variance_empirique")
    c, intact_c = C.call(sous_graine_globale, fonction, 0, G.clone(), 3, 200, 12,
                         name="variance_empirique")
    C.expect(isinstance(a, float),
             "`variance_empirique` doit renvoyer un flottant Python (pas un tenseur).",
             hint="convertissez le résultat avec float(...).")
    C.expect(a == b, "`variance_empirique` n'est pas reproductible : avec la même graine, le "
             "résultat dépend de l'état du générateur global.",
             hint="créez un torch.Generator().manual_seed(graine) et passez-le à chaque tirage "
                  "(generator=...).")
    C.expect(a != c, "`variance_empirique` donne le même résultat pour deux graines "
             "différentes.")
    C.expect(intact_a and intact_b and intact_c,
             "`variance_empirique` utilise ou réinitialise le générateur global de PyTorch.",
             hint="pas de torch.manual_seed : un générateur local, passé à torch.randint.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 — compromis.** On mesure le bruit de l'estimateur par son écart-type
# $\sqrt{\operatorname{Var}[\hat g]} = \sigma / \sqrt{B}$. Écrire
# `taille_batch_requise(sigma2, epsilon)` qui renvoie le plus petit entier $B \geq 1$ tel que
# $\sigma/\sqrt{B} \leq \varepsilon$ (`sigma2` est $\sigma^2$, `epsilon` l'écart-type visé).
# Combien d'exemples faut-il traiter de plus pour diviser le bruit par 10 ?

# %%
def taille_batch_requise(sigma2: float, epsilon: float) -> int:
    """Plus petit B ≥ 1 tel que σ/√B ≤ ε, soit B ≥ σ²/ε²."""
    # BEGIN SOLUTION
    B = max(1, math.ceil(sigma2 / epsilon**2))
    while B > 1 and sigma2 / (B - 1) <= epsilon**2:
        B -= 1
    return B
    # END SOLUTION


# %%
print("σ² = 4, ε = 0,5 →", taille_batch_requise(4.0, 0.5), "; ε = 0,05 →",
      taille_batch_requise(4.0, 0.05))

# %%
@check
def taille_exemple(taille_batch_requise):
    got = C.as_number(C.call(taille_batch_requise, 4.0, 0.5, name="taille_batch_requise"),
                      name="taille_batch_requise(4, 0.5)")
    C.expect(got == int(got), "`taille_batch_requise` devrait renvoyer un entier.")
    C.expect_equal(int(got), 16, name="taille_batch_requise(4, 0.5)", reveal=True,
                   hint="σ/√B ≤ ε ⇔ B ≥ σ²/ε².")


@check(hidden=True)
def taille_minimale(taille_batch_requise):
    cases = [(4.0, 0.05), (2.5, 0.3), (10.0, 0.7), (0.01, 1.0), (37.0, 0.123), (1.0, 0.1)]
    for sigma2, eps in cases:
        name = f"taille_batch_requise({sigma2}, {eps})"
        got = C.as_number(C.call(taille_batch_requise, sigma2, eps,
                                 name="taille_batch_requise"), name=name)
        C.expect(got == int(got) and got >= 1,
                 f"`{name}` devrait être un entier au moins égal à 1.")
        B = int(got)
        ok = math.sqrt(sigma2 / B) <= eps * (1 + 1e-9)
        minimal = B == 1 or math.sqrt(sigma2 / (B - 1)) > eps * (1 - 1e-9)
        C.expect(ok, f"Avec `{name}`, le bruit σ/√B reste au-dessus de ε.",
                 hint="B ≥ σ²/ε² : n'oubliez pas d'élever ε au carré et arrondissez vers le "
                      "haut.")
        C.expect(minimal, f"`{name}` n'est pas la plus petite taille qui convient.",
                 hint="B ≥ σ²/ε² : arrondissez à l'entier supérieur, sans ajouter 1.")


@check(hidden=True)
def taille_entier_python(taille_batch_requise):
    import numbers

    for sigma2, eps in ((4.0, 0.5), (3.3, 0.21)):
        got = C.call(taille_batch_requise, sigma2, eps, name="taille_batch_requise")
        C.expect(isinstance(got, numbers.Integral) and not isinstance(got, bool),
                 "`taille_batch_requise` doit renvoyer un entier Python (int), pas un flottant "
                 "ni un tenseur.", hint="math.ceil renvoie un int ; évitez float(...).")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 4

# %% [markdown]
# **Question 4 (rédigée).** Démontrer que $\mathbb{E}[\hat g] = \bar g$ et
# $\operatorname{Var}[\hat g] = \sigma^2/B$ sous l'hypothèse de tirage avec remise (quelle
# propriété des $g_{i_b}$ utilisez-vous ?). Que devient ce résultat pour un mini-batch tiré
# **sans** remise (un sous-ensemble de $B$ exemples distincts) ? En déduire le compromis entre
# taille de batch, bruit du gradient et coût de calcul, et citer ses conséquences pratiques.

# %% [markdown]
# _Rédigez votre démonstration et votre discussion ici._

# %% [markdown]
# **Espérance.** Chaque $i_b$ est uniforme, donc $\mathbb{E}[g_{i_b}] = \frac1N \sum_i g_i =
# \bar g$ et, par linéarité, $\mathbb{E}[\hat g] = \bar g$.
#
# **Variance.** Posons $u_b = g_{i_b} - \bar g$ : les $u_b$ sont **indépendants** (tirage avec
# remise), centrés, et $\mathbb{E}\lVert u_b\rVert^2 = \frac1N\sum_i \lVert g_i - \bar
# g\rVert^2 = \sigma^2$. Alors
# $$\mathbb{E}\lVert \hat g - \bar g\rVert^2 = \frac{1}{B^2} \sum_{b, b'}
# \mathbb{E}[u_b^\top u_{b'}] = \frac{1}{B^2}\Big(\sum_b \mathbb{E}\lVert u_b\rVert^2 +
# \sum_{b \neq b'} \mathbb{E}[u_b]^\top \mathbb{E}[u_{b'}]\Big) = \frac{B\sigma^2}{B^2} =
# \frac{\sigma^2}{B},$$
# les termes croisés étant nuls par indépendance et centrage.
#
# **Sans remise**, les $u_b$ ne sont plus indépendants : $\mathbb{E}[u_b^\top u_{b'}] =
# -\sigma^2/(N-1)$ pour $b \neq b'$ (car $\sum_i (g_i - \bar g) = 0$), d'où
# $\operatorname{Var}[\hat g] = \frac{\sigma^2}{B}\cdot\frac{N-B}{N-1}$ : la variance est plus
# petite et s'annule pour $B = N$ (gradient complet). Pour $B \ll N$, le facteur vaut
# environ 1 et l'on retrouve $\sigma^2/B$.
#
# **Compromis.** Le bruit (écart-type) décroît en $\sigma/\sqrt{B}$ alors que le coût d'un pas
# croît en $B$ : diviser le bruit par 10 demande un batch 100 fois plus grand
# ($B \geq \sigma^2/\varepsilon^2$). À budget de calcul fixé (nombre d'exemples traités), un
# petit batch fait beaucoup de pas bruités, un grand batch peu de pas précis ; au-delà d'une
# taille critique, augmenter $B$ n'accélère plus la convergence par exemple traité
# (rendements décroissants). En pratique : on augmente $B$ jusqu'à saturer le parallélisme
# du GPU ; on ajuste le taux d'apprentissage avec $B$ (règle linéaire $\eta \propto B$ et
# warmup, ou LAMB/LARS pour les très grands batchs) ; le bruit des petits batchs a un effet
# régularisant et aide à sortir des minima étroits.

