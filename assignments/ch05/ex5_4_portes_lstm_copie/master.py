# %% [markdown]
# # Exercice 5.4 (⋆⋆⋆) — Portes du LSTM sur le problème de la copie
#
# Le LSTM (section 5.5 du cours) contrôle sa cellule mémoire $c_t$ par trois portes :
#
# $$f_t = \sigma(W_f[h_{t-1}, x_t] + b_f),\quad i_t = \sigma(W_i[h_{t-1}, x_t] + b_i),\quad
# \tilde c_t = \tanh(W_c[h_{t-1}, x_t] + b_c),$$
# $$c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t,\quad o_t = \sigma(W_o[h_{t-1}, x_t] + b_o),
# \quad h_t = o_t \odot \tanh(c_t) \qquad (5.9\text{–}5.14)$$
#
# Le **problème de la copie** mesure la mémoire d'un réseau récurrent : il lit une séquence de
# 8 symboles, attend $T$ pas de temps, puis doit la reproduire. L'exercice du cours :
#
# 1. entraîner un LSTM sur le problème de la copie, pour un délai $T \in \{10, 50, 100\}$ ;
# 2. visualiser les activations des portes d'oubli $f_t$, d'entrée $i_t$ et de sortie $o_t$ au
#    cours de la séquence ;
# 3. interpréter le comportement des portes : quand la porte d'oubli s'ouvre-t-elle, quand se
#    ferme-t-elle ?
# 4. comparer avec un RNN simple : à partir de quelle longueur $T$ le RNN échoue-t-il ?
#
# **Conventions du problème de la copie (valables pour tout l'exercice).** Avec $K$ =
# `nb_symboles` :
#
# * l'alphabet compte $K + 2$ classes : `0` est le **blanc**, `1`, …, `K` sont les
#   **symboles** et `K + 1` est le **marqueur** (le signal « à toi de recopier ») ;
# * une séquence a la longueur $L = T + 16$ ; les positions sont numérotées de 0 à $L - 1$ ;
# * l'**entrée** `x` contient aux positions 0 à 7 les 8 symboles $s_1, \dots, s_8$ à copier,
#   tirés **indépendamment et uniformément** dans $\{1, \dots, K\}$ ; puis $T - 1$ blancs
#   (positions 8 à $T + 6$), le marqueur `K + 1` à la position $T + 7$, et 8 blancs
#   (positions $T + 8$ à $T + 15$), pendant lesquels le réseau répond ;
# * la **cible** `y` vaut 0 (blanc) aux positions 0 à $T + 7$, puis $s_1, \dots, s_8$ aux
#   8 dernières positions $T + 8$ à $T + 15$, les **positions de rappel** ;
# * un lot de $n$ séquences est rangé **séquence d'abord** : `x` et `y` sont des tenseurs
#   d'entiers `torch.long` de forme $(n, L)$.
#
# Par exemple, pour $T = 3$, $K = 4$ et les symboles 2 4 1 1 3 2 4 1 (le marqueur vaut 5) :
#
# ```
# x = 2 4 1 1 3 2 4 1 0 0 5 0 0 0 0 0 0 0 0
# y = 0 0 0 0 0 0 0 0 0 0 0 2 4 1 1 3 2 4 1
# ```
#
# Un modèle qui ne mémorise rien mais prédit toujours le blanc a raison sur $T + 8$ positions
# sur $T + 16$ : c'est pourquoi la **précision** ne se mesure que sur les positions de rappel,
# où le hasard donne $1/K$.
#
# Les questions 1 à 4 sont corrigées automatiquement ; la question 5 (visualisation des portes,
# interprétation, comparaison avec le RNN simple) est rédigée. Le notebook n'entraîne que de
# petits modèles ($T = 10$, quelques centaines de pas, sur CPU) ; les délais $T = 50$ et
# $T = 100$ demandent un GPU ou un entraînement plus long et relèvent de la question 5.
# Rien n'est téléchargé : les données sont engendrées par votre générateur.

# %%
import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

NB_A_COPIER = 8  # le nombre de symboles à recopier, fixé par l'énoncé

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — le générateur de données.** Écrire `copie(n, T, nb_symboles, generateur)` qui
# renvoie le couple `(x, y)` de $n$ séquences du problème de la copie avec un délai $T \ge 1$
# et $K$ = `nb_symboles` $\ge 1$ symboles, en suivant exactement les conventions ci-dessus :
# deux tenseurs `torch.long` de forme $(n, T + 16)$. Les $8n$ symboles sont tirés
# indépendamment et uniformément dans $\{1, \dots, K\}$ avec **le générateur `generateur`
# donné, et lui seul** : le générateur global de PyTorch n'est ni utilisé ni réinitialisé, et
# un même état de `generateur` donne les mêmes séquences (par exemple
# `torch.randint(..., generator=generateur)`).

# %%
def copie(n: int, T: int, nb_symboles: int,
          generateur: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """(x, y) : n séquences du problème de la copie, tenseurs torch.long de forme (n, T + 16)."""
    # BEGIN SOLUTION
    longueur = T + 2 * NB_A_COPIER
    symboles = torch.randint(1, nb_symboles + 1, (n, NB_A_COPIER), generator=generateur)
    x = torch.zeros(n, longueur, dtype=torch.long)
    y = torch.zeros(n, longueur, dtype=torch.long)
    x[:, :NB_A_COPIER] = symboles
    x[:, NB_A_COPIER + T - 1] = nb_symboles + 1
    y[:, T + NB_A_COPIER:] = symboles
    return x, y
    # END SOLUTION


# %%
x_exemple, y_exemple = copie(2, 3, 4, torch.Generator().manual_seed(0))
print(x_exemple)
print(y_exemple)

# %%
@helper
def verifier_copie(resultat, n, T, K, quoi):
    """The exact structure of copie(n, T, K, g) (checked on the grader's side); returns x, y."""
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{quoi}` doit renvoyer un couple (x, y).")
    L = T + 16
    x, y = (C.as_tensor(v, f"{nom} de {quoi}") for v, nom in zip(resultat, "xy", strict=True))
    for v, nom in ((x, "x"), (y, "y")):
        C.expect_dtype(v, torch.long, name=f"{nom} de {quoi}",
                       hint="des entiers torch.long (ce sont des classes pour l'entropie "
                            "croisée) : dtype=torch.long.")
        C.expect_shape(v, (n, L), name=f"{nom} de {quoi}",
                       hint="une ligne par séquence, T + 16 positions : 8 symboles, T − 1 "
                            "blancs, le marqueur, 8 blancs.")
    symboles = x[:, :8]
    C.expect(bool(((symboles >= 1) & (symboles <= K)).all()),
             f"Les 8 premières positions de x ({quoi}) doivent contenir des symboles de "
             f"{{1, …, K}} (K = {K}).",
             hint="0 est le blanc et K + 1 le marqueur : les symboles vont de 1 à K inclus, "
                  "torch.randint(1, K + 1, ...).")
    C.expect(bool((x[:, 8:T + 7] == 0).all()),
             f"Entre les symboles et le marqueur, x ({quoi}) doit contenir T − 1 blancs (0), "
             "aux positions 8 à T + 6.")
    C.expect(bool((x[:, T + 7] == K + 1).all()),
             f"Le marqueur K + 1 doit être à la position T + 7 de x ({quoi}).",
             hint="après les 8 symboles (positions 0 à 7) et T − 1 blancs, le marqueur est "
                  "à l'indice 8 + T − 1.")
    C.expect(bool((x[:, T + 8:] == 0).all()),
             f"Les 8 dernières positions de x ({quoi}) doivent être des blancs (0).")
    C.expect(bool((y[:, :T + 8] == 0).all()),
             f"La cible y ({quoi}) doit valoir 0 (blanc) aux positions 0 à T + 7.")
    C.expect(torch.equal(y[:, T + 8:], symboles),
             f"Les 8 dernières positions de y ({quoi}) doivent reproduire, dans l'ordre, les "
             "8 symboles du début de x (la même séquence).",
             hint="y[:, T + 8:] = x[:, :8], ligne par ligne.")
    return x, y


@helper
def tirer_copie(copie, graine, *args):
    """copie(*args, g) where it lives, g a generator seeded with graine."""
    @C.probe
    def avec_graine(copie, graine, args):
        return copie(*args, torch.Generator().manual_seed(graine))

    return C.call(avec_graine, copie, graine, list(args), name="copie")


@check
def copie_exemple(copie):
    x, y = verifier_copie(tirer_copie(copie, 0, 3, 5, 4), 3, 5, 4, "copie(3, 5, 4, g)")
    C.expect_equal(x[0, 8:].tolist(), [0, 0, 0, 0, 5] + [0] * 8,
                   name="x[0, 8:] pour copie(3, 5, 4, g)", reveal=True)


@check(hidden=True)
def copie_structure(copie):
    # T = 1 (no blank before the marker), K = 1 (x entirely known), a single sequence, and a
    # longer delay
    for n, T, K, graine in ((4, 1, 3, 1), (5, 2, 1, 2), (1, 7, 6, 3), (9, 12, 2, 4),
                            (3, 30, 9, 5)):
        verifier_copie(tirer_copie(copie, graine, n, T, K), n, T, K,
                       f"copie(n, T, K, g) avec T = {T}, K = {K}")


@check(hidden=True)
def copie_loi_uniforme(copie):
    n, K = 3000, 5
    resultat = tirer_copie(copie, 7, n, 2, K)
    x, _ = verifier_copie(resultat, n, 2, K, "copie(3000, 2, 5, g)")
    uniforme = torch.full((K,), 1 / K, dtype=torch.float64)
    for j in range(8):
        C.expect_frequencies(x[:, j] - 1, uniforme,
                             name=f"symboles de la position {j} (moins 1)",
                             hint="chaque symbole est tiré uniformément dans {1, …, K} : "
                                  "torch.randint(1, K + 1, ...) (la borne haute est exclue).")
    # independence between positions of a row, and between rows
    paires = {"positions 0 et 1 d'une même séquence": x[:, 0] - 1 + K * (x[:, 1] - 1),
              "positions 3 et 7 d'une même séquence": x[:, 3] - 1 + K * (x[:, 7] - 1),
              "position 0 de deux séquences voisines": x[0::2, 0] - 1 + K * (x[1::2, 0] - 1)}
    for quoi, codes in paires.items():
        C.expect_frequencies(codes, torch.full((K * K,), 1 / (K * K), dtype=torch.float64),
                             name=f"couples de symboles ({quoi})",
                             hint="les 8n symboles sont indépendants : un tirage par position "
                                  "et par séquence (forme (n, 8)), sans répétition.")


@check(hidden=True)
def copie_generateur(copie):
    resultat = C.expect_generator_obeyed(copie, 6, 4, 3, name="copie", keyword="generateur")
    verifier_copie(resultat, 6, 4, 3, "copie(6, 4, 3, generateur=g)")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 4

# %% [markdown]
# **Question 2 — extraire les portes d'un `nn.LSTM`.** `nn.LSTM` ne renvoie que les états
# $h_t$ et le dernier $(h_T, c_T)$ ; pour voir les portes, il faut refaire le calcul. Écrire
# `portes_lstm(lstm, x, h0=None)` où
#
# * `lstm` est un `nn.LSTM` de PyTorch à **une couche**, unidirectionnel, avec biais et
#   `batch_first=False` (le défaut), de taille d'état $H$ = `lstm.hidden_size` ;
# * `x` est un tenseur de forme $(T, N, d)$ (**le temps d'abord**, comme pour `nn.LSTM`), du
#   même type (`float32` ou `float64`) que les poids ;
# * `h0` est `None` (état initial nul, $h_0 = c_0 = 0$) ou le couple `(h_0, c_0)` de deux
#   tenseurs de forme $(1, N, H)$, comme pour `nn.LSTM`.
#
# La fonction renvoie un **dictionnaire** de six tenseurs de forme $(T, N, H)$, du type de `x` :
# `"i"`, `"f"`, `"g"`, `"o"` (les portes d'entrée et d'oubli, le candidat $\tilde c_t$, la
# porte de sortie) et `"c"`, `"h"` (la cellule et l'état caché), la ligne `t` contenant les
# valeurs au pas `t` (après lecture de `x[t]`). Elle utilise la convention de PyTorch :
# $z_t = x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh}$, où `weight_ih_l0` (forme
# $(4H, d)$), `weight_hh_l0` ($(4H, H)$), `bias_ih_l0` et `bias_hh_l0` ($(4H,)$) empilent
# les quatre blocs **dans l'ordre i, f, g, o** ; puis $i_t = \sigma(z^{(i)}_t)$,
# $f_t = \sigma(z^{(f)}_t)$, $g_t = \tanh(z^{(g)}_t)$, $o_t = \sigma(z^{(o)}_t)$ et les
# équations 5.12 et 5.14. Elle ne modifie ni `lstm` (ni ses poids, ni leur type) ni `x`. Les
# tenseurs renvoyés peuvent être détachés du graphe d'autograd. La correction compare `"h"`
# aux sorties de `lstm(x, h0)` et `"c"` aux cellules que `nn.LSTM` calcule pas à pas.

# %%
def portes_lstm(lstm: nn.LSTM, x: torch.Tensor,
                h0: tuple[torch.Tensor, torch.Tensor] | None = None) -> dict[str, torch.Tensor]:
    """Portes i, f, g, o, cellule c et état h d'un nn.LSTM à une couche, chacun (T, N, H)."""
    # BEGIN SOLUTION
    T, N, _ = x.shape
    H = lstm.hidden_size
    if h0 is None:
        h, c = x.new_zeros(N, H), x.new_zeros(N, H)
    else:
        h, c = h0[0][0], h0[1][0]
    biais = lstm.bias_ih_l0 + lstm.bias_hh_l0
    valeurs = {nom: [] for nom in "ifgoch"}
    with torch.no_grad():
        for t in range(T):
            z = x[t] @ lstm.weight_ih_l0.T + h @ lstm.weight_hh_l0.T + biais
            z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
            i, f = torch.sigmoid(z_i), torch.sigmoid(z_f)
            g, o = torch.tanh(z_g), torch.sigmoid(z_o)
            c = f * c + i * g
            h = o * torch.tanh(c)
            for nom, v in zip("ifgoch", (i, f, g, o, c, h), strict=True):
                valeurs[nom].append(v)
    return {nom: torch.stack(v) for nom, v in valeurs.items()}
    # END SOLUTION


# %%
lstm_demo = nn.LSTM(3, 5)
x_demo = torch.randn(6, 2, 3)
portes_demo = portes_lstm(lstm_demo, x_demo)
sorties_demo, (h_n_demo, c_n_demo) = lstm_demo(x_demo)
print({nom: tuple(v.shape) for nom, v in portes_demo.items()})
print(f"écart maximal avec nn.LSTM : h {(portes_demo['h'] - sorties_demo).abs().max():.2e}, "
      f"c_T {(portes_demo['c'][-1] - c_n_demo[0]).abs().max():.2e}")

# %%
@helper
def usine_lstm():
    """The factory of an nn.LSTM(d, H) whose weights are drawn from a seeded generator: called
    here it gives the grader's copy (the oracle); passed to C.build_where, the same model where
    the student's function lives."""
    return C.code('''
def fabrique(d, H, graine, type_="float64"):
    with torch.random.fork_rng(devices=[]):
        lstm = nn.LSTM(d, H)
    g = torch.Generator().manual_seed(graine)
    with torch.no_grad():
        for p in lstm.parameters():
            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) / math.sqrt(H))
    return lstm.to(getattr(torch, type_))
''')


@helper
def portes_oracle(lstm, x, etat0=None):
    """Gates by PyTorch's equations, and c_t, h_t from nn.LSTM itself run step by step
    (float64, on the grader's copy)."""
    lstm, x = lstm.double(), x.double()
    T, N, _ = x.shape
    H = lstm.hidden_size
    if etat0 is None:
        h, c = torch.zeros(1, N, H, dtype=torch.float64), torch.zeros(1, N, H,
                                                                      dtype=torch.float64)
    else:
        h, c = etat0[0].double(), etat0[1].double()
    biais = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()
    valeurs = {nom: [] for nom in "ifgoch"}
    with torch.no_grad():
        for t in range(T):
            z = x[t] @ lstm.weight_ih_l0.T + h[0] @ lstm.weight_hh_l0.T + biais
            z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
            _, (h, c) = lstm(x[t:t + 1], (h, c))
            for nom, v in zip("ifgoch", (torch.sigmoid(z_i), torch.sigmoid(z_f),
                                         torch.tanh(z_g), torch.sigmoid(z_o), c[0], h[0]),
                              strict=True):
                valeurs[nom].append(v)
    return {nom: torch.stack(v) for nom, v in valeurs.items()}


@helper
def comparer_portes(recu, attendu, quoi, tol, type_attendu):
    """The six tensors of portes_lstm against the oracle: keys, shapes, dtype, then values
    (with a word on the i, f, g, o order when a gate is another one)."""
    C.expect(isinstance(recu, dict), f"`portes_lstm` doit renvoyer un dictionnaire ({quoi}).",
             hint='{"i": ..., "f": ..., "g": ..., "o": ..., "c": ..., "h": ...}')
    manquantes = [k for k in "ifgoch" if k not in recu]
    C.expect(not manquantes, f"Le dictionnaire de `portes_lstm` ({quoi}) n'a pas les clés "
             f"{', '.join(repr(k) for k in manquantes)}.",
             hint='six clés : "i", "f", "g", "o", "c", "h".')
    valeurs = {k: C.as_tensor(recu[k], f"portes_lstm(...)['{k}']") for k in "ifgoch"}
    for k, v in valeurs.items():
        nom = f"portes_lstm(...)['{k}'] ({quoi})"
        C.expect_shape(v, tuple(attendu[k].shape), name=nom,
                       hint="(T, N, H) : une ligne par pas de temps, le temps d'abord.")
        C.expect_dtype(v, type_attendu, name=nom,
                       hint="calculez dans le type de x et des poids (pas de .double() ni "
                            "de .float() imposé).")
    noms = {"i": "porte d'entrée i", "f": "porte d'oubli f", "g": "candidat g",
            "o": "porte de sortie o", "c": "cellule c", "h": "état caché h"}
    for k in "ifgoch":
        v = valeurs[k].to(torch.float64)
        if C.relative_error(v, attendu[k]) <= tol:
            continue
        autres = [a for a in "ifgo" if a != k and C.relative_error(v, attendu[a]) <= tol]
        if autres:
            raise C.CheckFailure(
                f"`portes_lstm(...)['{k}']` ({quoi}) contient les valeurs attendues pour "
                f"« {noms[autres[0]]} » et non pour « {noms[k]} ».",
                hint="weight_ih_l0, weight_hh_l0 et les biais empilent les blocs dans l'ordre "
                     "i, f, g, o : z.chunk(4, dim=1) donne (z_i, z_f, z_g, z_o).")
        raise C.CheckFailure(
            f"`portes_lstm(...)['{k}']` ({quoi}, « {noms[k]} ») ne correspond pas au calcul de "
            f"nn.LSTM (erreur relative {C.relative_error(v, attendu[k]):.2g}).",
            hint="z_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh ; i, f, o : sigmoïde, g : tanh ; "
                 "c_t = f_t c_{t−1} + i_t g_t ; h_t = o_t tanh(c_t), l'état (h, c) propagé "
                 "d'un pas au suivant depuis h0.")


@check
def portes_exemple(portes_lstm):
    fabrique = usine_lstm()
    lstm = C.build_where(portes_lstm, fabrique, 3, 4, 0)
    x = torch.randn(5, 2, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    recu = C.call(portes_lstm, lstm, x.clone(), name="portes_lstm")
    attendu = portes_oracle(fabrique(3, 4, 0), x)
    comparer_portes(recu, attendu, "x de forme (5, 2, 3), sans h0", 1e-9, torch.float64)


@check(hidden=True)
def portes_contre_nn_lstm(portes_lstm):
    fabrique = usine_lstm()
    # T ≠ N and T = N, a single step, a single sequence; h0 given (c0 ≠ 0) or omitted
    for T, N, d, H, graine in ((7, 3, 4, 5, 10), (4, 4, 2, 3, 11), (1, 2, 3, 6, 12),
                               (9, 1, 5, 2, 13)):
        lstm = C.build_where(portes_lstm, fabrique, d, H, graine)
        local = fabrique(d, H, graine)
        g = torch.Generator().manual_seed(100 + graine)
        x = torch.randn(T, N, d, generator=g, dtype=torch.float64)
        etat0 = (torch.randn(1, N, H, generator=g, dtype=torch.float64),
                 2 * torch.randn(1, N, H, generator=g, dtype=torch.float64))
        for avec_h0 in (False, True):
            quoi = f"x de forme {(T, N, d)}, H = {H}, " + ("h0 donné" if avec_h0 else "sans h0")
            if avec_h0:
                recu = C.call(portes_lstm, lstm, x.clone(), (etat0[0].clone(), etat0[1].clone()),
                              name="portes_lstm")
            else:
                recu = C.call(portes_lstm, lstm, x.clone(), name="portes_lstm")
            comparer_portes(recu, portes_oracle(local, x, etat0 if avec_h0 else None), quoi,
                            1e-9, torch.float64)


@check(hidden=True)
def portes_float32_rien_modifie(portes_lstm):
    fabrique = usine_lstm()
    lstm = C.build_where(portes_lstm, fabrique, 4, 6, 20, "float32")
    g = torch.Generator().manual_seed(21)
    x = torch.randn(8, 3, 4, generator=g)
    etat0 = (torch.randn(1, 3, 6, generator=g), torch.randn(1, 3, 6, generator=g))
    recu = C.expect_unchanged(portes_lstm, lstm, x, etat0, name="portes_lstm",
                              hint="ne modifiez ni x ni l'état initial en place.")
    comparer_portes(recu, portes_oracle(fabrique(4, 6, 20), x, etat0), "en float32", 1e-5,
                    torch.float32)
    poids = C.call(lstm.state_dict, name="lstm.state_dict")
    origine = fabrique(4, 6, 20, "float32").state_dict()
    C.expect(all(C.as_tensor(poids[k], k).dtype == v.dtype
                 and torch.equal(C.as_tensor(poids[k], k), v) for k, v in origine.items()),
             "`portes_lstm` a modifié le LSTM reçu : ses poids ou leur type ont changé.",
             hint="ne convertissez pas le module (lstm.double() le modifie en place) et ne "
                  "touchez pas à ses paramètres.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 — la précision de copie.** Un modèle du problème de la copie reçoit `x` (forme
# $(n, L)$, `torch.long`) et renvoie des logits de forme $(n, L, K + 2)$ : à chaque position,
# un score par classe (blanc, symboles, marqueur) ; sa prédiction est la classe de plus grand
# score. Écrire `precision_copie(modele, x, y)` qui renvoie, sous forme de **flottant Python**,
# la proportion de prédictions justes **sur les seules positions de rappel** (les 8 dernières
# positions de chaque séquence, celles où `y` porte un symbole), toutes séquences confondues :
# le nombre de positions de rappel bien prédites divisé par $8n$. Les positions où la cible est
# un blanc ne comptent pas. Aucun gradient n'est nécessaire (vous pouvez calculer sous
# `torch.no_grad()`).

# %%
def precision_copie(modele: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """Proportion de symboles bien recopiés (positions de rappel seulement)."""
    # BEGIN SOLUTION
    with torch.no_grad():
        prediction = modele(x).argmax(dim=-1)
    justes = prediction[:, -NB_A_COPIER:] == y[:, -NB_A_COPIER:]
    return justes.sum().item() / justes.numel()
    # END SOLUTION


# %%
@helper
def usine_devin():
    """A grader's model for the copy task with a known accuracy: it reads the answer in x and
    predicts it right or wrong according to `regle`; logits of shape (n, L, K + 2)."""
    return C.code('''
def fabrique(K, regle):
    class Devin(nn.Module):
        def __init__(self):
            super().__init__()
            self.echelle = nn.Parameter(torch.tensor(5.0))

        def forward(self, x):
            n, L = x.shape
            cible = torch.zeros_like(x)
            cible[:, L - 8:] = x[:, :8]
            rappel = torch.zeros(n, L, dtype=torch.bool)
            rappel[:, L - 8:] = True
            position = torch.arange(L).expand(n, L)
            if regle == "rappel":  # right on every recall position only
                juste = rappel
            elif regle == "pairs":  # right on the blanks, and on the even symbols
                juste = ~rappel | (cible % 2 == 0)
            else:  # right on the blanks and on the first 3 recall positions
                juste = ~rappel | (position < L - 5)
            faux = torch.where(rappel, cible % K + 1, torch.full_like(x, K + 1))
            prediction = torch.where(juste, cible, faux)
            return self.echelle * F.one_hot(prediction, K + 2).float()
    return Devin()
''')


@helper
def donnees_copie(n, T, K, graine):
    """The grader's own copy-task data (its oracle of the conventions)."""
    g = torch.Generator().manual_seed(graine)
    symboles = torch.randint(1, K + 1, (n, 8), generator=g)
    x = torch.zeros(n, T + 16, dtype=torch.long)
    x[:, :8] = symboles
    x[:, T + 7] = K + 1
    y = torch.zeros_like(x)
    y[:, T + 8:] = symboles
    return x, y


@helper
def precision_oracle(logits, y):
    """Accuracy on the 8 recall positions, from logits (n, L, K + 2)."""
    return float((logits.argmax(dim=-1)[:, -8:] == y[:, -8:]).double().mean())


@check
def precision_exemple(precision_copie):
    fabrique = usine_devin()
    x, y = donnees_copie(20, 4, 3, 0)
    devin = C.build_where(precision_copie, fabrique, 3, "rappel")
    p = C.call(precision_copie, devin, x.clone(), y.clone(), name="precision_copie")
    C.expect_scalar_close(p, 1.0, name="precision_copie pour un modèle juste sur toutes les "
                          "positions de rappel et faux partout ailleurs", reveal=True,
                          hint="ne comptez que les 8 dernières positions de chaque séquence.")


@check(hidden=True)
def precision_modeles_connus(precision_copie):
    fabrique = usine_devin()
    for regle, (n, T, K, graine) in (("rappel", (50, 9, 4, 1)), ("pairs", (200, 3, 5, 2)),
                                     ("premiers", (30, 20, 3, 3)), ("pairs", (1, 1, 6, 4))):
        x, y = donnees_copie(n, T, K, graine)
        devin = C.build_where(precision_copie, fabrique, K, regle)
        attendu = precision_oracle(fabrique(K, regle)(x), y)
        p = C.call(precision_copie, devin, x.clone(), y.clone(), name="precision_copie")
        C.expect_scalar_close(p, attendu, name="precision_copie d'un modèle du correcteur de "
                              "précision connue", rtol=1e-6, atol=1e-9,
                              hint="prédiction = argmax des logits sur la dernière dimension "
                                   "(les K + 2 classes) ; proportion de justes sur les 8 "
                                   "dernières positions de chaque séquence, sur les n "
                                   "séquences, sans compter les blancs.")


@check(hidden=True)
def precision_flottant_python(precision_copie):
    fabrique = usine_devin()
    x, y = donnees_copie(12, 5, 4, 5)

    # a 0-d tensor and a float look alike once sent back: the type is read where it is made
    @C.probe
    def sonde(precision_copie, devin, x, y):
        return type(precision_copie(devin, x, y)).__name__

    devin = C.build_where(precision_copie, fabrique, 4, "premiers")
    genre = C.call(sonde, precision_copie, devin, x, y, name="precision_copie")
    C.expect(genre == "float", f"`precision_copie` doit renvoyer un flottant Python, reçu un "
             f"objet {genre}.", hint="convertissez avec float(...) ou .item().")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Le modèle (fourni).** `ModeleCopie(nb_symboles, taille_cachee, cellule)` code chaque
# classe en *one-hot* (taille $K + 2$), la fait lire par un `nn.LSTM` (`cellule="lstm"`) ou un
# RNN simple `nn.RNN` (`cellule="rnn"`) à une couche, le temps d'abord, puis une couche
# linéaire donne les $K + 2$ logits de chaque position. Son attribut `rnn` est la couche
# récurrente (c'est à elle qu'on applique `portes_lstm`). Pour le LSTM, le biais de la porte
# d'oubli est initialisé à $+2$ (astuce classique : $f_t \approx 0{,}9$ au départ, la cellule
# conserve son contenu dès le début de l'entraînement, proposition 5.5) ; sans elle, le LSTM
# reste bien plus longtemps au niveau du hasard sur ce problème.

# %%
class ModeleCopie(nn.Module):
    def __init__(self, nb_symboles: int, taille_cachee: int, cellule: str = "lstm"):
        super().__init__()
        self.nb_classes = nb_symboles + 2
        classe = {"lstm": nn.LSTM, "rnn": nn.RNN}[cellule]
        self.rnn = classe(self.nb_classes, taille_cachee)
        self.sortie = nn.Linear(taille_cachee, self.nb_classes)
        if cellule == "lstm":  # biais de la porte d'oubli (bloc f de bias_ih_l0) : +2
            with torch.no_grad():
                self.rnn.bias_ih_l0[taille_cachee:2 * taille_cachee] += 2.0

    def entree(self, x: torch.Tensor) -> torch.Tensor:
        """x (n, L) → one-hot, le temps d'abord : (L, n, K + 2)."""
        return F.one_hot(x.T, self.nb_classes).to(self.sortie.weight.dtype)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        etats, _ = self.rnn(self.entree(x))
        return self.sortie(etats).transpose(0, 1)  # (n, L, K + 2)


# %% [markdown]
# **Question 4 — l'entraînement.** Écrire `entrainer_copie(modele, T, nb_symboles, nb_pas,
# generateur, taille_lot=64, lr=1e-2)` qui entraîne `modele` (un modèle du contrat ci-dessus,
# modifié en place) pendant `nb_pas` pas d'Adam (`torch.optim.Adam` sur tous ses paramètres,
# taux d'apprentissage `lr`, autres réglages par défaut, un seul optimiseur pour tout
# l'entraînement) et renvoie la liste des `nb_pas` pertes (des flottants Python, la perte de
# chaque pas avant la mise à jour). À chaque pas :
#
# 1. tirer un nouveau lot `x, y = copie(taille_lot, T, nb_symboles, generateur)` (le générateur
#    donné, et aucun autre tirage aléatoire) ;
# 2. calculer la perte : l'entropie croisée entre les logits du modèle et `y`, **moyennée sur
#    toutes les positions de toutes les séquences** (blancs compris) ;
# 3. remettre les gradients à zéro, rétropropager, faire un pas d'Adam.
#
# La correction entraîne ses propres modèles avec votre fonction et compare leurs pertes et
# leurs poids à ceux d'un entraînement de référence sur les mêmes lots, puis vérifie qu'un LSTM
# ainsi entraîné (600 pas, $T = 10$, $K = 4$) dépasse nettement le hasard ($1/K$) aux
# positions de rappel.

# %%
def entrainer_copie(modele: nn.Module, T: int, nb_symboles: int, nb_pas: int,
                    generateur: torch.Generator, taille_lot: int = 64,
                    lr: float = 1e-2) -> list[float]:
    """nb_pas pas d'Adam sur des lots frais du problème de la copie ; les pertes."""
    # BEGIN SOLUTION
    optimiseur = torch.optim.Adam(modele.parameters(), lr=lr)
    pertes = []
    for _ in range(nb_pas):
        x, y = copie(taille_lot, T, nb_symboles, generateur)
        logits = modele(x)
        perte = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
        pertes.append(perte.item())
    return pertes
    # END SOLUTION


# %% tags=["demo"]
# un tout petit budget (la correction exécute le notebook) : les modèles restent près du
# hasard ; augmentez TAILLE_DEMO (128) et PAS_DEMO (600 et plus) pour la question 5
T_DEMO, K_DEMO, TAILLE_DEMO, PAS_DEMO = 10, 4, 64, 150
x_test, y_test = copie(500, T_DEMO, K_DEMO, torch.Generator().manual_seed(1))
modeles = {}
for cellule in ("lstm", "rnn"):
    torch.manual_seed(0)
    modeles[cellule] = ModeleCopie(K_DEMO, TAILLE_DEMO, cellule)
    pertes = entrainer_copie(modeles[cellule], T_DEMO, K_DEMO, PAS_DEMO,
                             torch.Generator().manual_seed(2), taille_lot=32, lr=0.03)
    print(f"{cellule.upper():4s} T = {T_DEMO} : perte {pertes[0]:.3f} → {pertes[-1]:.3f}, "
          f"précision de rappel {precision_copie(modeles[cellule], x_test, y_test):.1%} "
          f"(hasard : {1 / K_DEMO:.0%})")

# %%
@helper
def usine_modele_copie():
    """The factory of the grader's copy model (one-hot → nn.LSTM or nn.RNN → linear, the
    contract of ModeleCopie), weights from a seeded generator, the global generator untouched."""
    return C.code('''
def fabrique(K, H, graine, cellule="lstm", type_="float64"):
    class ModeleCorrecteur(nn.Module):
        def __init__(self):
            super().__init__()
            with torch.random.fork_rng(devices=[]):
                self.rnn = {"lstm": nn.LSTM, "rnn": nn.RNN}[cellule](K + 2, H)
                self.sortie = nn.Linear(H, K + 2)
            g = torch.Generator().manual_seed(graine)
            with torch.no_grad():
                for p in self.parameters():
                    p.copy_((2 * torch.rand(p.shape, generator=g, dtype=torch.float64) - 1)
                            / math.sqrt(H))
                if cellule == "lstm":  # forget-gate bias +2, as in ModeleCopie
                    self.rnn.bias_ih_l0[H:2 * H] += 2.0
            self.to(getattr(torch, type_))

        def forward(self, x):
            entree = F.one_hot(x.T, K + 2).to(self.sortie.weight.dtype)
            etats, _ = self.rnn(entree)
            return self.sortie(etats).transpose(0, 1)

    return ModeleCorrecteur()
''')


@helper
def entrainement_compare(copie, entrainer_copie, K, H, T, pas, graine, options):
    """entrainer_copie on a grader's float64 model where it lives, against the same training
    done here (Adam, mean cross-entropy over every position) on the batches the student's
    copie draws from the same generator. Returns the student's losses, the oracle's, and the
    trained weights of both."""
    fabrique = usine_modele_copie()
    modele = C.build_where(entrainer_copie, fabrique, K, H, graine)

    @C.probe
    def lancer(entrainer_copie, modele, T, K, pas, graine, options):
        return entrainer_copie(modele, T, K, pas, torch.Generator().manual_seed(graine),
                               **options)

    @C.probe
    def lots(copie, n, T, K, pas, graine):
        g = torch.Generator().manual_seed(graine)
        return [copie(n, T, K, g) for _ in range(pas)]

    pertes = C.call(lancer, entrainer_copie, modele, T, K, pas, graine + 1, options,
                    name="entrainer_copie")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == pas,
             f"`entrainer_copie(..., nb_pas={pas}, ...)` doit renvoyer la liste des {pas} "
             "pertes, une par pas.")
    poids = C.call(modele.state_dict, name="modele.state_dict")
    lot = options.get("taille_lot", 64)
    local = fabrique(K, H, graine)
    optimiseur = torch.optim.Adam(local.parameters(), lr=options.get("lr", 1e-2))
    attendues = []
    for x, y in C.call(lots, copie, lot, T, K, pas, graine + 1, name="copie"):
        x, y = C.as_tensor(x, "x"), C.as_tensor(y, "y")
        logits = local(x)
        perte = F.cross_entropy(logits.reshape(-1, K + 2), y.reshape(-1))
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
        attendues.append(perte.item())
    return pertes, attendues, poids, local.state_dict()


@check
def entrainer_exemple(copie, entrainer_copie):
    pertes, attendues, _, _ = entrainement_compare(copie, entrainer_copie, 3, 8, 4, 5, 0,
                                                   {"taille_lot": 16, "lr": 0.05})
    C.expect(all(isinstance(p, float) for p in pertes),
             "`entrainer_copie` doit renvoyer une liste de flottants Python.",
             hint="perte.item() (ou float(perte)) à chaque pas.")
    C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                   torch.tensor(attendues, dtype=torch.float64),
                   name="pertes de entrainer_copie (5 pas, lots de 16, lr = 0,05)", rtol=1e-6,
                   atol=1e-9, reveal=True,
                   hint="un lot copie(taille_lot, T, nb_symboles, generateur) par pas, entropie "
                        "croisée moyenne sur toutes les positions, zero_grad, backward, step "
                        "d'un même Adam(lr).")


@check(hidden=True)
def entrainer_contre_reference(copie, entrainer_copie):
    for K, H, T, pas, graine, options in ((4, 6, 3, 6, 10, {"taille_lot": 8, "lr": 0.03}),
                                          (2, 5, 1, 3, 11, {})):
        quoi = (f"{pas} pas, T = {T}, K = {K}, "
                + (f"taille_lot = {options['taille_lot']}, lr = {options['lr']}" if options
                   else "taille_lot et lr par défaut"))
        pertes, attendues, poids, poids_attendus = entrainement_compare(
            copie, entrainer_copie, K, H, T, pas, graine, options)
        C.expect(all(isinstance(p, float) for p in pertes),
                 "`entrainer_copie` doit renvoyer une liste de flottants Python.")
        C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                       torch.tensor(attendues, dtype=torch.float64),
                       name=f"pertes de entrainer_copie ({quoi})", rtol=1e-6, atol=1e-9,
                       hint="la perte de chaque pas, calculée avant la mise à jour : entropie "
                            "croisée moyenne sur toutes les positions (blancs compris) ; un "
                            "seul optimiseur Adam(lr) créé avant la boucle ; zero_grad à "
                            "chaque pas ; un nouveau lot par pas tiré avec generateur.")
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu.detach(),
                           name=f"poids `{nom}` après entrainer_copie ({quoi})", rtol=1e-6,
                           atol=1e-9, hint="nb_pas pas d'Adam exactement, dont le dernier.")


@check(hidden=True)
def entrainer_generateur(entrainer_copie):
    # a fresh grader's model for every call, built without touching the global generator
    entrainer_neuf = C.code('''
def entrainer_neuf(K, H, graine, T, pas, generateur):
    return entrainer(fabrique(K, H, graine), T, K, pas, generateur, taille_lot=8, lr=0.05)
''', entrainer=entrainer_copie, fabrique=usine_modele_copie())
    pertes = C.expect_generator_obeyed(entrainer_neuf, 3, 5, 30, 2, 3,
                                       name="entrainer_copie", keyword="generateur")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 3,
             "`entrainer_copie(..., nb_pas=3, ...)` doit renvoyer la liste des 3 pertes.")


@check(hidden=True)
def lstm_apprend_la_copie(entrainer_copie):
    # T = 10, K = 4: the grader's LSTM (H = 128, forget-gate bias +2) trained by the student's
    # function, 600 steps of 32 sequences at lr = 0.03, judged here on the grader's own 1 000
    # sequences. Chance: 25 % (± 0.5 % on 8 000 positions); the reference measured 36 to 51 %
    # over three seeds (it stays on the chance plateau for 200 to 300 steps), hence 30 %.
    K, H, T, pas, seuil = 4, 128, 10, 600, 0.30
    fabrique = usine_modele_copie()
    modele = C.build_where(entrainer_copie, fabrique, K, H, 40, "lstm", "float32")

    @C.probe
    def lancer(entrainer_copie, modele, T, K, pas):
        return entrainer_copie(modele, T, K, pas, torch.Generator().manual_seed(41),
                               taille_lot=32, lr=0.03)

    pertes = C.call(lancer, entrainer_copie, modele, T, K, pas, name="entrainer_copie")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == pas,
             f"`entrainer_copie` doit renvoyer la liste des {pas} pertes.")
    poids = C.call(modele.state_dict, name="modele.state_dict")
    local = fabrique(K, H, 40, "lstm", "float32")
    local.load_state_dict({k: C.as_tensor(v, k) for k, v in poids.items()})
    x, y = donnees_copie(1000, T, K, 42)
    with torch.no_grad():
        precision = precision_oracle(local(x), y)
    C.expect(precision >= seuil,
             f"Après {pas} pas de votre `entrainer_copie`, un LSTM ne recopie que "
             f"{precision:.1%} des symboles à T = {T} (hasard : {1 / K:.0%}).",
             hint="vérifiez la perte (entropie croisée sur les K + 2 classes, toutes les "
                  "positions), le pas d'Adam et les lots tirés par copie.")


# %% [raw]
# # END QUESTION

# %% [markdown]
# **Visualisation des portes.** La cellule suivante applique `portes_lstm` à la couche
# récurrente du LSTM entraîné, sur une séquence de test, et trace les portes d'oubli $f_t$,
# d'entrée $i_t$ et de sortie $o_t$ (une ligne par unité cachée, le temps en abscisse ; les
# traits verticaux marquent la fin des symboles et le marqueur).

# %% tags=["demo"]
lstm_entraine = modeles["lstm"]
portes = portes_lstm(lstm_entraine.rnn, lstm_entraine.entree(x_test[:1]))
fig, axes = plt.subplots(1, 3, figsize=(12, 3.2), sharey=True)
for ax, (nom, titre) in zip(axes, (("f", "oubli f_t"), ("i", "entrée i_t"),
                                   ("o", "sortie o_t")), strict=True):
    image = ax.imshow(portes[nom][:, 0].T, aspect="auto", vmin=0, vmax=1, cmap="viridis")
    for position in (NB_A_COPIER - 0.5, NB_A_COPIER + T_DEMO - 1.5):
        ax.axvline(position, color="white", linewidth=0.8)
    ax.set(title=f"porte {titre}", xlabel="position t")
axes[0].set_ylabel("unité cachée")
fig.colorbar(image, ax=axes)
plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée).**
#
# 1. Décrivez les portes tracées ci-dessus pendant les trois phases (lecture des 8 symboles,
#    attente, rappel après le marqueur) et interprétez-les : quand la porte d'oubli
#    s'ouvre-t-elle ($f_t \to 1$, la cellule conserve son contenu), quand se ferme-t-elle
#    ($f_t \to 0$, la cellule est effacée) ? Que font la porte d'entrée et la porte de sortie
#    au même moment ? Reliez-le à la proposition 5.5 ($\partial c_t / \partial c_k =
#    \prod_j f_j$).
# 2. Sur GPU ou avec un entraînement plus long (hors correction automatique), entraînez le
#    LSTM et le RNN simple (`cellule="rnn"`) pour $T = 10$, $50$ et $100$ (augmentez
#    `taille_cachee` et `nb_pas`) et donnez la précision de rappel de chacun. À partir de
#    quelle longueur $T$ le RNN échoue-t-il (précision proche de $1/K$) ? Expliquez-le avec le
#    théorème 5.4 et la section 5.5.3.

# %% [markdown]
# _Rédigez votre réponse ici (avec vos courbes et vos chiffres)._

# %% [markdown]
# *Éléments attendus* (les chiffres dépendent des graines et du budget). **1.** Pendant la
# lecture des symboles, la porte d'entrée est largement ouverte ($i_t$ proche de 1 sur les
# unités qui stockent les symboles) : chaque symbole est écrit dans la cellule. Pendant
# l'attente, ces unités ont $f_t \approx 1$ (la porte d'oubli est *ouverte* au sens du cours :
# la cellule est conservée) et $i_t$ faible (les blancs n'écrasent rien) : c'est le « tapis
# roulant » ; $\partial c_t/\partial c_k = \prod_j f_j$ reste proche de 1, le gradient de
# l'erreur de rappel remonte jusqu'aux positions des symboles sans disparaître. La porte de
# sortie reste basse tant que rien ne doit être produit (les blancs se prédisent sans
# mémoire) et s'ouvre après le marqueur, pendant le rappel, pour exposer le contenu de la
# cellule à la couche de sortie. La porte d'oubli se *ferme* ($f_t$ chute) quand une
# information doit être effacée : sur les unités qui servent de compteur ou de file, au fil
# du rappel, une fois un symbole restitué, et au début de la séquence. Les portes d'un petit
# LSTM peu entraîné sont moins nettes : plusieurs unités se partagent un symbole.
# **2.** Le LSTM atteint une précision proche de 100 % à $T = 10$, et, avec un budget
# suffisant, à $T = 50$ et $T = 100$ (l'apprentissage est plus lent quand $T$ croît : il
# reste longtemps sur le plateau « blancs seulement »). Le RNN simple apprend $T = 10$ plus
# difficilement et reste près du hasard dès quelques dizaines de pas de délai ($T \approx 20$
# à $50$ selon la taille et le budget) : l'erreur de rappel doit remonter $T + 8$ pas à travers
# $W_{hh}^\top \operatorname{diag}(\tanh'(z_j))$, dont la norme décroît comme
# $(\sigma_{\max}\gamma)^{t-k}$ (théorème 5.4 : $0{,}9^{50} \approx 5 \cdot 10^{-3}$), alors
# que dans le LSTM le chemin par la cellule est multiplié par les $f_j \approx 1$ (5.15).
