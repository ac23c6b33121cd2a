# %% [markdown]
# # Exercice 1.2 (⋆) — Comptage de paramètres
#
# Un MLP de largeurs $(n_0, n_1, \dots, n_L)$ enchaîne $L$ couches affines
# $A^{(\ell)}(z) = W^{(\ell)} z + b^{(\ell)}$ avec $W^{(\ell)} \in \mathbb{R}^{n_\ell \times
# n_{\ell-1}}$ et $b^{(\ell)} \in \mathbb{R}^{n_\ell}$, séparées par des activations (qui n'ont
# pas de paramètres).
#
# 1. Calculer le nombre exact de paramètres (poids **et** biais) du MLP
#    $(1024, 512, 256, 128, 10)$.
# 2. Le comparer à celui du réseau large et peu profond $(1024, 2048, 10)$, présenté comme
#    ayant « approximativement le même budget paramétrique ». Est-ce le cas ?
#
# Les questions 1 à 3 vérifient les calculs ; la comparaison est rédigée (question 4, corrigée
# à la main).

# %%
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1.** Écrire `nombre_parametres(largeurs)` qui renvoie, sous forme d'entier Python,
# le nombre total de paramètres (poids et biais de chaque couche `nn.Linear`) d'un MLP dont la
# liste des largeurs est `largeurs = [n_0, n_1, ..., n_L]` (au moins deux largeurs). Le calcul
# se fait **à la main**, sans construire de réseau.
#
# Exemple du cours : `nombre_parametres([784, 256, 128, 10])` vaut 235 146.

# %%
def nombre_parametres(largeurs: list[int]) -> int:
    """Nombre de poids et de biais d'un MLP de largeurs (n_0, ..., n_L), calculé à la main."""
    # BEGIN SOLUTION
    total = 0
    for n_avant, n_apres in zip(largeurs[:-1], largeurs[1:], strict=True):
        total += n_avant * n_apres + n_apres
    return total
    # END SOLUTION


# %%
@check
def exemple_du_cours(nombre_parametres):
    n = C.as_number(C.call(nombre_parametres, [784, 256, 128, 10], name="nombre_parametres"),
                    name="nombre_parametres([784, 256, 128, 10])")
    C.expect(n == int(n), "`nombre_parametres` devrait renvoyer un nombre entier.")
    C.expect_equal(int(n), 235146, name="nombre_parametres([784, 256, 128, 10])", reveal=True,
                   hint="chaque couche a n_{ℓ−1}·n_ℓ poids et n_ℓ biais.")


@check(hidden=True)
def largeurs_aleatoires(nombre_parametres):
    gen = torch.Generator().manual_seed(12)
    for depth in [1, 2, 3, 5, 7]:
        widths = [int(w) for w in torch.randint(1, 300, (depth + 1,), generator=gen)]
        expected = sum(p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True)
                       for p in nn.Linear(a, b, device="meta").parameters())
        got = C.as_number(C.call(nombre_parametres, list(widths), name="nombre_parametres"),
                          name=f"nombre_parametres (réseau à {depth} couche(s))")
        C.expect(got == int(got), "`nombre_parametres` devrait renvoyer un nombre entier.")
        C.expect_equal(int(got), expected, name=f"nombre_parametres (réseau à {depth} couche(s))",
                       hint="comptez W^(ℓ) (n_ℓ × n_{ℓ−1}) et b^(ℓ) (n_ℓ) pour chaque couche, "
                            "y compris la dernière.")


@check(hidden=True)
def reseaux_de_l_enonce(nombre_parametres):
    for widths in ([1024, 512, 256, 128, 10], [1024, 2048, 10]):
        expected = sum(p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True)
                       for p in nn.Linear(a, b, device="meta").parameters())
        got = C.as_number(C.call(nombre_parametres, list(widths), name="nombre_parametres"),
                          name=f"nombre_parametres({widths})")
        C.expect(got == int(got), "`nombre_parametres` devrait renvoyer un nombre entier.")
        C.expect_equal(int(got), expected, name=f"nombre_parametres({widths})",
                       hint="le biais de la couche ℓ a n_ℓ composantes (la largeur de sortie).")


@check(hidden=True)
def entier_python(nombre_parametres):
    for widths in ([784, 256, 128, 10], [5, 3]):
        got = C.call(nombre_parametres, list(widths), name="nombre_parametres")
        C.expect(isinstance(got, int) and not isinstance(got, bool),
                 f"`nombre_parametres` devrait renvoyer un entier Python (`int`), pas un objet de "
                 f"type `{type(got).__name__}`.",
                 hint="accumulez des entiers (pas de `/`, de flottant ni de tenseur), ou "
                      "convertissez avec `int(...)`.")


@check(hidden=True)
def calcul_sans_reseau(nombre_parametres):
    got = C.as_number(C.call(nombre_parametres, [12, 7, 3], name="nombre_parametres"),
                      name="nombre_parametres([12, 7, 3])")
    C.expect_equal(got, 12 * 7 + 7 + 7 * 3 + 3, name="nombre_parametres([12, 7, 3])")
    C.expect_not_using(nombre_parametres, {"Linear", "Sequential", "Module", "numel",
                                           "parameters", "construire_mlp"},
                       name="nombre_parametres",
                       hint="l'énoncé demande un calcul à la main, sans construire de réseau : "
                            "additionnez n_{ℓ−1}·n_ℓ + n_ℓ sur les couches.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2.** Écrire `construire_mlp(largeurs)` qui renvoie un `nn.Sequential` formé des
# couches `nn.Linear(n_{ℓ−1}, n_ℓ)` séparées par des `nn.ReLU()` (pas d'activation après la
# dernière couche). Pour une entrée de forme `(B, n_0)`, il renvoie une sortie de forme
# `(B, n_L)`. Son nombre de paramètres, `sum(p.numel() for p in modele.parameters())`, doit
# coïncider avec `nombre_parametres(largeurs)`.

# %%
def construire_mlp(largeurs: list[int]) -> nn.Sequential:
    """MLP nn.Sequential : Linear, ReLU, ..., Linear (pas d'activation en sortie)."""
    # BEGIN SOLUTION
    couches = []
    for i, (n_avant, n_apres) in enumerate(zip(largeurs[:-1], largeurs[1:], strict=True)):
        if i > 0:
            couches.append(nn.ReLU())
        couches.append(nn.Linear(n_avant, n_apres))
    return nn.Sequential(*couches)
    # END SOLUTION


# %%
modele = construire_mlp([1024, 512, 256, 128, 10])
if isinstance(modele, nn.Module):
    print(modele)
    print("paramètres :", sum(p.numel() for p in modele.parameters()),
          "— calcul à la main :", nombre_parametres([1024, 512, 256, 128, 10]))

# %%
@check
def forme_de_sortie(construire_mlp):
    model = C.make_model(construire_mlp, [20, 16, 8, 3], name="construire_mlp")
    out = C.forward(model, torch.randn(5, 20), name="construire_mlp([20, 16, 8, 3])")
    C.expect_shape(out, (5, 3), name="construire_mlp([20, 16, 8, 3])(x)")
    C.expect_equal(C.count_params(model), 20 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3,
                   name="nombre de paramètres de construire_mlp([20, 16, 8, 3])", reveal=True)


@check(hidden=True)
def nombre_de_parametres_du_modele(construire_mlp):
    gen = torch.Generator().manual_seed(7)
    for depth in [1, 2, 4]:
        widths = [int(w) for w in torch.randint(2, 60, (depth + 1,), generator=gen)]
        model = C.make_model(construire_mlp, list(widths), name="construire_mlp")
        expected = sum(p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True)
                       for p in nn.Linear(a, b, device="meta").parameters())
        C.expect_equal(C.count_params(model), expected,
                       name=f"nombre de paramètres du MLP à {depth} couche(s)",
                       hint="une couche nn.Linear(n_{ℓ−1}, n_ℓ) par paire de largeurs "
                            "consécutives, avec biais.")
        out = C.forward(model, torch.randn(4, widths[0], generator=gen), name="construire_mlp")
        C.expect_shape(out, (4, widths[-1]), name=f"sortie du MLP à {depth} couche(s)")


@check(hidden=True)
def activations_entre_les_couches(construire_mlp):
    torch.manual_seed(3)
    model = C.make_model(construire_mlp, [6, 32, 32, 4], name="construire_mlp")
    gen = torch.Generator().manual_seed(5)
    x1, x2 = torch.randn(64, 6, generator=gen), torch.randn(64, 6, generator=gen)
    f = [C.as_tensor(C.forward(model, x, name="construire_mlp"), name="construire_mlp(x)")
         .to(torch.float64) for x in (x1 + x2, x1, x2, torch.zeros(64, 6))]
    defect = (f[0] - f[1] - f[2] + f[3]).abs().max()
    scale = f[0].abs().max().clamp_min(1e-12)
    C.expect(bool(defect > 1e-3 * scale),
             "`construire_mlp` renvoie un réseau affine : f(x₁ + x₂) = f(x₁) + f(x₂) − f(0). "
             "Les couches ne sont pas séparées par des activations.",
             hint="insérez nn.ReLU() entre deux nn.Linear successives.")
    f_last = C.as_tensor(C.forward(model, -x1, name="construire_mlp"), name="construire_mlp(x)")
    C.expect(bool((f_last < 0).any()),
             "La sortie de `construire_mlp` n'est jamais négative : une activation est appliquée "
             "après la dernière couche.",
             hint="la dernière nn.Linear ne doit pas être suivie d'une ReLU (ce sont des logits).")


@check(hidden=True)
def sequential_de_linear_et_relu(construire_mlp):
    @C.probe
    def structure(model):
        leaves = [m for m in model.modules() if not list(m.children())]
        names = ["Linear" if isinstance(m, torch.nn.Linear)
                 else "ReLU" if isinstance(m, torch.nn.ReLU) else type(m).__name__
                 for m in leaves]
        return isinstance(model, torch.nn.Sequential), names

    model = C.make_model(construire_mlp, [6, 9, 7, 5, 4], name="construire_mlp")
    is_sequential, names = C.call(structure, model, name="construire_mlp([6, 9, 7, 5, 4])")
    C.expect(is_sequential, "`construire_mlp` devrait renvoyer un `nn.Sequential`.")
    C.expect(list(names) == ["Linear", "ReLU"] * 3 + ["Linear"],
             "Les couches de `construire_mlp([6, 9, 7, 5, 4])` ne sont pas des `nn.Linear` "
             "séparées par des `nn.ReLU()`.",
             hint="l'énoncé demande nn.ReLU() entre deux nn.Linear (pas une autre activation), "
                  "et rien après la dernière couche.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3.** Affecter à `n_profond` et `n_large` les nombres de paramètres (entiers) des
# réseaux $(1024, 512, 256, 128, 10)$ et $(1024, 2048, 10)$.
#
# Écrire ensuite `largeur_equivalente(n_entree, n_sortie, budget)` qui renvoie la largeur
# entière $h \geq 1$ de l'unique couche cachée d'un MLP $(n_\text{entree}, h, n_\text{sortie})$
# dont le nombre de paramètres est **le plus proche** de `budget`. Quelle largeur faudrait-il
# pour qu'un réseau à une couche cachée ait vraiment le budget du réseau profond ?

# %%
n_profond = nombre_parametres([1024, 512, 256, 128, 10])  # SOLUTION
n_large = nombre_parametres([1024, 2048, 10])  # SOLUTION


def largeur_equivalente(n_entree: int, n_sortie: int, budget: int) -> int:
    """Largeur h ≥ 1 telle que le MLP (n_entree, h, n_sortie) ait un nombre de paramètres le
    plus proche possible de `budget`."""
    # BEGIN SOLUTION
    par_neurone = n_entree + 1 + n_sortie  # h(n_entree + 1) + n_sortie(h + 1)
    h_reel = (budget - n_sortie) / par_neurone
    candidats = [max(1, int(h_reel)), max(1, int(h_reel) + 1)]
    return min(candidats, key=lambda h: abs(h * par_neurone + n_sortie - budget))
    # END SOLUTION


# %%
if isinstance(n_profond, int) and isinstance(n_large, int):
    print(f"profond : {n_profond:,} paramètres ; large : {n_large:,} ; rapport "
          f"{n_large / n_profond:.2f}")
    print("largeur équivalente :", largeur_equivalente(1024, 10, n_profond))

# %%
@check
def valeurs_entieres(n_profond, n_large, largeur_equivalente):
    for name, value in (("n_profond", n_profond), ("n_large", n_large)):
        C.require(value, name, kind="variable")
        number = C.as_number(value, name)
        C.expect(number == int(number) and number > 0,
                 f"`{name}` devrait être un nombre entier positif de paramètres.")
    h = C.as_number(C.call(largeur_equivalente, 3, 2, 6 * 10 + 2, name="largeur_equivalente"),
                    name="largeur_equivalente(3, 2, 62)")
    C.expect(h == int(h), "`largeur_equivalente` devrait renvoyer un nombre entier.")
    C.expect_equal(int(h), 10, name="largeur_equivalente(3, 2, 62)", reveal=True,
                   hint="le MLP (3, h, 2) a h(3 + 1) + 2(h + 1) paramètres.")


@check(hidden=True)
def valeurs_des_deux_reseaux(n_profond, n_large):
    for name, value, widths in (("n_profond", n_profond, [1024, 512, 256, 128, 10]),
                                ("n_large", n_large, [1024, 2048, 10])):
        C.require(value, name, kind="variable")
        expected = sum(p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True)
                       for p in nn.Linear(a, b, device="meta").parameters())
        number = C.as_number(value, name)
        C.expect(number == int(number), f"`{name}` devrait être un nombre entier.")
        C.expect_equal(int(number), expected, name=name,
                       hint="poids et biais de chaque couche, la couche de sortie comprise.")


@check(hidden=True)
def largeur_equivalente(largeur_equivalente):
    cases = [(1024, 10, 690314), (784, 10, 235146), (50, 3, 1000), (7, 5, 100), (10, 1, 5)]
    for n_in, n_out, budget in cases:
        top = budget // (n_in + 1 + n_out) + 3
        best = min(range(1, top), key=lambda h: abs(h * (n_in + 1) + n_out * (h + 1) - budget))
        name = f"largeur_equivalente({n_in}, {n_out}, {budget})"
        got = C.as_number(C.call(largeur_equivalente, n_in, n_out, budget,
                                 name="largeur_equivalente"), name=name)
        C.expect(got == int(got), "`largeur_equivalente` devrait renvoyer un nombre entier.")
        C.expect_equal(int(got), best, name=name,
                       hint="arrondissez à l'entier le plus proche (pas par défaut) et comptez "
                            "aussi les poids et biais de la couche de sortie.")


@check(hidden=True)
def entiers_python(n_profond, n_large, largeur_equivalente):
    values = [("n_profond", n_profond), ("n_large", n_large)]
    values += [(f"largeur_equivalente{args}",
                C.call(largeur_equivalente, *args, name="largeur_equivalente"))
               for args in [(784, 10, 235146), (10, 1, 5)]]
    for name, value in values:
        if not name.startswith("largeur"):
            C.require(value, name, kind="variable")
        C.expect(isinstance(value, int) and not isinstance(value, bool),
                 f"`{name}` devrait être un entier Python (`int`), pas un objet de type "
                 f"`{type(value).__name__}`.",
                 hint="`round(x)` et `int(x)` renvoient un int ; `round(x, 0)`, `/` ou un "
                      "tenseur non.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** Détailler le calcul couche par couche pour les deux réseaux.
# Les deux réseaux ont-ils « approximativement le même budget paramétrique » ? Lequel est le
# plus économe, dans quel rapport, et où se concentrent les paramètres ? Quelle largeur
# donnerait à un réseau à une couche cachée le budget du réseau profond ? Que dit le cours
# (remarque 1.4) sur la profondeur face à la largeur ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Avec $|\theta| = \sum_\ell n_\ell (n_{\ell-1} + 1)$ :
#
# - $(1024, 512, 256, 128, 10)$ : $524\,800 + 131\,328 + 32\,896 + 1\,290 = 690\,314$
#   paramètres ; la première couche en porte 76 %.
# - $(1024, 2048, 10)$ : $2\,099\,200 + 20\,490 = 2\,119\,690$ paramètres, dont 99 % dans la
#   première couche.
#
# Les budgets ne sont **pas** comparables : le réseau large a environ $3{,}07$ fois plus de
# paramètres (1,43 million de plus). Le réseau profond est le plus économe. Pour qu'un MLP à
# une couche cachée ait le même budget que le profond, il faut
# $h(1024 + 1) + 10(h + 1) \approx 690\,314$, soit $h = 667$ (690 355 paramètres). À budget
# égal, la profondeur compose des transformations et réutilise les caractéristiques
# intermédiaires ; le cours observe (remarque 1.4) que le réseau large et peu profond utilise
# environ 3 fois plus de paramètres pour une précision similaire. Le coût mémoire et le nombre
# d'opérations d'une passe avant sont proportionnels au nombre de paramètres (≈ 1 multiplication-
# addition par poids et par exemple).

