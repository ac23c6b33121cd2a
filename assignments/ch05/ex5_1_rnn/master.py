# %% [markdown]
# # Exercice 5.1 (⋆) — Un RNN à partir de zéro, génération de texte caractère par caractère
#
# Un RNN simple (section 5.2 du cours) maintient un état caché $h_t \in \mathbb{R}^{d_h}$ qui
# résume les pas de temps précédents :
#
# $$h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h) \quad (5.1) \qquad
# y_t = W_{hy} h_t + b_y \quad (5.2)$$
#
# 1. Implémenter un RNN simple (équations 5.1–5.2) en PyTorch **sans utiliser `nn.RNN`**.
# 2. Appliquer ce RNN à la génération de texte caractère par caractère sur un petit corpus.
# 3. Comparer les résultats avec `nn.RNN` pour vérifier la correction.
#
# **Conventions (celles de `nn.RNN`).** PyTorch écrit l'équation 5.1 avec deux biais,
# $h_t = \tanh(x_t W_{ih}^\top + b_{ih} + h_{t-1} W_{hh}^\top + b_{hh})$ (donc
# $W_{xh} = W_{ih}$ et $b_h = b_{ih} + b_{hh}$), et range une séquence **le temps d'abord** :
# un lot de $N$ séquences de longueur $T$ est un tenseur de forme $(T, N, d)$
# (`batch_first=False`, le défaut de `nn.RNN`).
#
# Les questions 1 à 4 sont corrigées automatiquement ; la question 5 est rédigée. Le corpus
# est un court texte écrit à partir du chapitre 5 du cours, inclus dans le notebook : rien
# n'est téléchargé.

# %%
import math

import torch
import torch.nn.functional as F
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — la récurrence (équation 5.1).** Écrire la classe `RNNManuel(taille_entree,
# taille_cachee)`, un `nn.Module` équivalent à `nn.RNN(taille_entree, taille_cachee)` (une
# couche, non-linéarité `tanh`), **sans utiliser** `nn.RNN`, `nn.RNNCell` ni les fonctions
# internes de PyTorch qui les implémentent (`torch.rnn_tanh`, `torch.rnn_tanh_cell`, `_VF`…) :
#
# * ses quatre paramètres (`nn.Parameter`) s'appellent `weight_ih` (forme $(d_h, d)$),
#   `weight_hh` ($(d_h, d_h)$), `bias_ih` et `bias_hh` ($(d_h,)$), avec $d$ = `taille_entree`
#   et $d_h$ = `taille_cachee` : ce sont les noms de `nn.RNN` sans le suffixe `_l0`, de sorte
#   qu'on peut copier les poids d'un `nn.RNN` dans votre module avec `load_state_dict` (c'est
#   ce que fait le correcteur) ;
# * ils sont initialisés comme dans `nn.RNN` : chaque coefficient est tiré uniformément dans
#   $[-k, k]$, $k = 1/\sqrt{d_h}$ ;
# * `forward(x, h0=None)` reçoit `x` de forme $(T, N, d)$ (le temps d'abord) et l'état initial
#   `h0` de forme $(1, N, d_h)$ ; **sans `h0`, l'état initial est nul**. L'état caché est
#   propagé d'un pas de temps au suivant et la méthode renvoie, comme `nn.RNN`, le couple
#   `(sorties, h_n)` : `sorties` de forme $(T, N, d_h)$ contient $h_1, \dots, h_T$ et `h_n`,
#   de forme $(1, N, d_h)$, le dernier état $h_T$ ;
# * la sortie reste dans le graphe d'autograd (le modèle est entraîné plus bas).

# %%
class RNNManuel(nn.Module):
    """RNN simple (tanh) à une couche, équivalent à nn.RNN(taille_entree, taille_cachee)."""

    def __init__(self, taille_entree: int, taille_cachee: int):
        super().__init__()
        # BEGIN SOLUTION
        k = 1 / math.sqrt(taille_cachee)
        self.taille_cachee = taille_cachee
        self.weight_ih = nn.Parameter(torch.empty(taille_cachee, taille_entree).uniform_(-k, k))
        self.weight_hh = nn.Parameter(torch.empty(taille_cachee, taille_cachee).uniform_(-k, k))
        self.bias_ih = nn.Parameter(torch.empty(taille_cachee).uniform_(-k, k))
        self.bias_hh = nn.Parameter(torch.empty(taille_cachee).uniform_(-k, k))
        # END SOLUTION

    def forward(self, x: torch.Tensor,
                h0: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        # BEGIN SOLUTION
        T, N, _ = x.shape
        etat = x.new_zeros(N, self.taille_cachee) if h0 is None else h0[0]
        sorties = []
        for t in range(T):
            etat = torch.tanh(x[t] @ self.weight_ih.T + self.bias_ih
                              + etat @ self.weight_hh.T + self.bias_hh)
            sorties.append(etat)
        return torch.stack(sorties), etat.unsqueeze(0)
        # END SOLUTION


# %% [markdown]
# **Comparaison avec `nn.RNN`** (partie 3 de l'énoncé du cours). On copie les poids d'un
# `nn.RNN` dans votre module et l'on compare les sorties sur un même lot.

# %%
rnn_pytorch = nn.RNN(5, 8)
mon_rnn = RNNManuel(5, 8)
mon_rnn.load_state_dict({nom.removesuffix("_l0"): valeur
                         for nom, valeur in rnn_pytorch.state_dict().items()})
x_demo, h0_demo = torch.randn(7, 3, 5), torch.randn(1, 3, 8)
for h_initial in (None, h0_demo):
    mes_sorties, mon_h_n = mon_rnn(x_demo, h_initial)
    ses_sorties, son_h_n = rnn_pytorch(x_demo, h_initial)
    print(f"h0 {'nul' if h_initial is None else 'donné'} : écart maximal "
          f"{(mes_sorties - ses_sorties).abs().max().item():.2e} sur les sorties, "
          f"{(mon_h_n - son_h_n).abs().max().item():.2e} sur h_n")

# %%
@helper
def rnn_avec_poids_copies(RNNManuel, d, H, graine, double):
    """Le module de l'étudiant et un nn.RNN témoin aux mêmes poids (copiés par load_state_dict)."""
    label = f"RNNManuel({d}, {H})"
    modele = C.make_model(RNNManuel, d, H, name=label)
    if double:
        modele = C.call(modele.double, name=f"{label}.double")
    torch.manual_seed(graine)
    temoin = nn.RNN(d, H).double() if double else nn.RNN(d, H)
    etat = C.call(modele.state_dict, name=f"{label}.state_dict")
    for cle, forme in (("weight_ih", (H, d)), ("weight_hh", (H, H)), ("bias_ih", (H,)),
                       ("bias_hh", (H,))):
        C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.",
                 hint="quatre nn.Parameter nommés weight_ih, weight_hh, bias_ih, bias_hh "
                      "(les noms de nn.RNN sans le suffixe _l0).")
        C.expect_shape(etat[cle], forme, name=f"{label}.{cle}",
                       hint="weight_ih : (taille_cachee, taille_entree), weight_hh : "
                            "(taille_cachee, taille_cachee), biais : (taille_cachee,).")
    copie = {cle.removesuffix("_l0"): valeur.detach().clone()
             for cle, valeur in temoin.state_dict().items()}
    C.call(modele.load_state_dict, copie, strict=False, name=f"{label}.load_state_dict")
    return modele, temoin, label


@check
def rnn_comme_nn_rnn(RNNManuel):
    modele, temoin, label = rnn_avec_poids_copies(RNNManuel, 3, 5, 0, False)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(4, 2, 3, generator=g)
    resultat = C.call(modele, x.clone(), name=label)
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{label}(x)` doit renvoyer un couple (sorties, h_n), comme nn.RNN.")
    sorties, h_n = resultat
    C.expect_shape(sorties, (4, 2, 5), name=f"sorties de {label} pour x de forme (4, 2, 3)",
                   hint="x est rangé le temps d'abord : (T, N, d) ; sorties : (T, N, d_h).")
    C.expect_shape(h_n, (1, 2, 5), name=f"h_n de {label} pour x de forme (4, 2, 3)",
                   hint="h_n a la forme (1, N, d_h), comme pour nn.RNN.")
    attendu, attendu_h = temoin(x.clone())
    C.expect_close(sorties, attendu.detach(), name=f"sorties de {label}(x) (h0 nul)",
                   reveal=True, hint="h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), "
                                     "h_0 = 0.")
    C.expect_close(h_n, attendu_h.detach(), name=f"h_n de {label}(x) (h0 nul)", reveal=True)


@check(hidden=True)
def rnn_contre_nn_rnn(RNNManuel):
    # T ≠ N and T = N (a time axis taken for the batch axis only shows in values then), h0
    # given or omitted, a single step and a single sequence
    cas = [(3, 6, 9, 4, 0), (5, 4, 6, 6, 1), (2, 3, 1, 5, 2), (4, 7, 8, 1, 3), (6, 6, 5, 2, 4)]
    for d, H, T, N, graine in cas:
        modele, temoin, label = rnn_avec_poids_copies(RNNManuel, d, H, 10 + graine, True)
        g = torch.Generator().manual_seed(20 + graine)
        x = torch.randn(T, N, d, generator=g, dtype=torch.float64)
        h0 = 0.8 * torch.randn(1, N, H, generator=g, dtype=torch.float64)
        for avec_h0 in (False, True):
            quoi = f"{label}, x de forme {(T, N, d)}, " + ("h0 donné" if avec_h0 else "sans h0")
            args = (x.clone(), h0.clone()) if avec_h0 else (x.clone(),)
            resultat = C.call(modele, *args, name=label)
            C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
                     f"`{label}(x, h0)` doit renvoyer un couple (sorties, h_n), comme nn.RNN.")
            attendu, attendu_h = (v.detach() for v in temoin(*(a.clone() for a in args)))
            C.expect_shape(resultat[0], (T, N, H), name=f"sorties ({quoi})",
                           hint="le temps d'abord : x de forme (T, N, d), sorties de forme "
                                "(T, N, d_h), une ligne par pas de temps.")
            C.expect_shape(resultat[1], (1, N, H), name=f"h_n ({quoi})")
            C.expect_close(resultat[0], attendu, name=f"sorties ({quoi})",
                           hint="propagez l'état : h_t dépend de h_{t−1} (et non de h0 à "
                                "chaque pas), parcourez x selon son premier axe (le temps), "
                                "avec les deux biais et tanh ; sans h0, h_0 = 0.")
            C.expect_close(resultat[1], attendu_h, name=f"h_n ({quoi})",
                           hint="h_n est le dernier état h_T, de forme (1, N, d_h).")


@check(hidden=True)
def rnn_gradients(RNNManuel):
    modele, temoin, label = rnn_avec_poids_copies(RNNManuel, 4, 3, 30, True)

    @C.probe
    def sonde(modele, x, h0, a, b):  # the backward pass runs where the module lives
        params = dict(modele.named_parameters())
        for p in params.values():
            p.grad = None
        x = x.clone().requires_grad_(True)
        h0 = h0.clone().requires_grad_(True)
        sorties, h_n = modele(x, h0)
        if not (isinstance(sorties, torch.Tensor) and sorties.requires_grad):
            return None
        ((sorties * a).sum() + (h_n * b).sum()).backward()
        noms = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        return {"x": x.grad, "h0": h0.grad, **{n: params[n].grad for n in noms if n in params}}

    g = torch.Generator().manual_seed(31)
    x = torch.randn(5, 2, 4, generator=g, dtype=torch.float64)
    h0 = torch.randn(1, 2, 3, generator=g, dtype=torch.float64)
    a = torch.randn(5, 2, 3, generator=g, dtype=torch.float64)
    b = torch.randn(1, 2, 3, generator=g, dtype=torch.float64)
    xr, h0r = x.clone().requires_grad_(True), h0.clone().requires_grad_(True)
    sorties, h_n = temoin(xr, h0r)
    ((sorties * a).sum() + (h_n * b).sum()).backward()
    attendu = {"x": xr.grad, "h0": h0r.grad, "weight_ih": temoin.weight_ih_l0.grad,
               "weight_hh": temoin.weight_hh_l0.grad, "bias_ih": temoin.bias_ih_l0.grad,
               "bias_hh": temoin.bias_hh_l0.grad}
    mesure = C.call(sonde, modele, x, h0, a, b, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}` n'est pas reliée au graphe "
             "d'autograd.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data.")
    recu = {k: (v if v is not None else torch.zeros_like(attendu[k]))
            for k, v in mesure.items()}
    C.expect_gradients(recu, attendu, name=label, tol=1e-7,
                       hints={"h0": "l'état initial h0 entre dans le premier pas.",
                              "weight_hh": "l'état h_{t−1} du pas précédent (et non h0) entre "
                                           "dans chaque pas, multiplié par W_hhᵀ."})


@check(hidden=True)
def rnn_sans_nn_rnn(RNNManuel):
    interdits = {"RNN", "RNNCell", "RNNBase", "RNNCellBase", "rnn_tanh", "rnn_tanh_cell",
                 "rnn_relu", "rnn_relu_cell", "_VF", "LSTM", "GRU", "LSTMCell", "GRUCell"}
    for methode in ("__init__", "forward"):
        C.expect_not_using(getattr(RNNManuel, methode, None), interdits,
                           name=f"RNNManuel.{methode}",
                           hint="écrivez la récurrence vous-même : une boucle sur les pas de "
                                "temps, des produits matriciels et tanh.")
    label = "RNNManuel(3, 4)"
    modele = C.make_model(RNNManuel, 3, 4, name=label)
    classes = C.call(C.code("lambda m: [[f'{k.__module__}.{k.__qualname__}' for k in "
                            "type(c).__mro__] for c in m.modules()]"), modele,
                     name=f"{label}.modules")
    C.expect(not any(nom.startswith("torch.nn.modules.rnn.") for mro in classes for nom in mro),
             f"`{label}` contient une couche récurrente de PyTorch (nn.RNN, nn.RNNCell…), "
             "interdite par l'énoncé.")


@check(hidden=True)
def rnn_initialisation(RNNManuel):
    d, H = 3, 400
    label = f"RNNManuel({d}, {H})"
    modele = C.make_model(RNNManuel, d, H, name=label)
    etat = C.call(modele.state_dict, name=f"{label}.state_dict")
    k = 1 / math.sqrt(H)
    for cle in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.")
        w = C.as_tensor(etat[cle], f"{label}.{cle}").to(torch.float64)
        # U[−k, k] with at least 400 coefficients: the extremes are within 10 % of ±k
        # (probability of the contrary below 1e-18)
        C.expect(float(w.abs().max()) <= k * (1 + 1e-6) and float(w.max()) >= 0.9 * k
                 and float(w.min()) <= -0.9 * k,
                 f"`{label}.{cle}` n'est pas initialisé uniformément dans [−k, k] avec "
                 "k = 1/√taille_cachee, comme dans nn.RNN.",
                 hint="torch.empty(...).uniform_(-k, k) avec k = 1 / math.sqrt(taille_cachee).")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 — encoder le texte.** Écrire
#
# * `construire_vocabulaire(texte)` qui renvoie la **liste triée** (ordre de `sorted`, celui
#   des points de code Unicode) des caractères distincts de `texte` ; l'indice d'un caractère
#   est sa position dans cette liste ;
# * `encoder(texte, caracteres)` qui renvoie le tenseur d'entiers (`torch.long`) de forme
#   `(len(texte),)` des indices des caractères de `texte` dans la liste `caracteres` ;
# * `decoder(indices, caracteres)` qui fait l'inverse : `indices` est un tenseur 1-D d'entiers
#   ou une liste d'entiers, le résultat une chaîne (`str`).

# %%
def construire_vocabulaire(texte: str) -> list[str]:
    """Les caractères distincts de texte, triés."""
    # BEGIN SOLUTION
    return sorted(set(texte))
    # END SOLUTION


def encoder(texte: str, caracteres: list[str]) -> torch.Tensor:
    """Indices (torch.long) des caractères de texte dans caracteres."""
    # BEGIN SOLUTION
    indice = {c: i for i, c in enumerate(caracteres)}
    return torch.tensor([indice[c] for c in texte], dtype=torch.long)
    # END SOLUTION


def decoder(indices, caracteres: list[str]) -> str:
    """La chaîne des caracteres[i] pour i dans indices."""
    # BEGIN SOLUTION
    return "".join(caracteres[int(i)] for i in indices)
    # END SOLUTION


# %%
CORPUS = """\
Les réseaux de neurones récurrents traitent des données séquentielles : séries temporelles, \
texte, signaux audio. Un réseau récurrent simple maintient un état caché qui résume \
l'information des pas de temps précédents. À chaque pas, le nouvel état caché est la tangente \
hyperbolique d'une combinaison de l'état précédent et de l'entrée courante. Les mêmes matrices \
de poids sont partagées à travers tous les pas de temps, ce qui permet de traiter des séquences \
de longueur variable.
Pour entraîner un tel réseau, on déplie le graphe de calcul dans le temps et l'on applique la \
rétropropagation à travers le temps. Le gradient par rapport à la matrice de récurrence est une \
somme de produits de jacobiennes. Si la plus grande valeur singulière de cette matrice, \
multipliée par la pente maximale de la tangente hyperbolique, est inférieure à un, le gradient \
décroît exponentiellement : c'est la disparition des gradients. Si elle est supérieure à un, il \
croît exponentiellement : c'est l'explosion des gradients, que l'on combat en écrêtant la norme \
du gradient.
Le LSTM introduit une cellule mémoire et des portes qui contrôlent le flux d'information. La \
porte d'oubli décide de ce qui doit être effacé, la porte d'entrée de ce qui doit être écrit, \
la porte de sortie de ce qui est exposé comme état caché. La cellule agit comme un tapis \
roulant sur lequel l'information transite sans dégradation. Le GRU simplifie le LSTM en \
fusionnant la cellule et l'état caché, et n'utilise que deux portes.
"""
# Le corpus : un résumé du chapitre 5 du cours (texte du cours lui-même, réécrit en prose).
caracteres = construire_vocabulaire(CORPUS)
print(f"{len(CORPUS)} caractères, vocabulaire de {len(caracteres)} : {''.join(caracteres)!r}")
print(encoder("Le GRU", caracteres), decoder(encoder("Le GRU", caracteres), caracteres))

# %%
@check
def vocabulaire_exemple(construire_vocabulaire, encoder, decoder):
    caracteres = C.call(construire_vocabulaire, "banane", name="construire_vocabulaire")
    C.expect(isinstance(caracteres, list | tuple),
             "`construire_vocabulaire` doit renvoyer une liste de caractères.")
    C.expect_equal(list(caracteres), ["a", "b", "e", "n"],
                   name="construire_vocabulaire('banane')", reveal=True,
                   hint="les caractères distincts, triés : sorted(set(texte)).")
    code = C.as_tensor(C.call(encoder, "bébé", ["b", "e", "é"], name="encoder"),
                       "encoder('bébé', ['b', 'e', 'é'])")
    C.expect(code.dtype == torch.long, "`encoder` doit renvoyer un tenseur torch.long.",
             hint="torch.tensor([...], dtype=torch.long).")
    C.expect_equal(code.tolist(), [0, 2, 0, 2], name="encoder('bébé', ['b', 'e', 'é'])",
                   reveal=True)
    texte = C.call(decoder, torch.tensor([1, 0, 2]), ["b", "e", "é"], name="decoder")
    C.expect_equal(texte, "ebé", name="decoder(tensor([1, 0, 2]), ['b', 'e', 'é'])",
                   reveal=True)


@check(hidden=True)
def vocabulaire_trie_et_aller_retour(construire_vocabulaire, encoder, decoder):
    texte = ("Été comme hiver, l'œil du RNN lit : « h_t = tanh(...) » !\n"
             "Zèbre, zébu, ÂGE, âge ; 3 + 4 = 7.\t#fin")
    caracteres = C.call(construire_vocabulaire, texte, name="construire_vocabulaire")
    C.expect(isinstance(caracteres, list | tuple) and list(caracteres) == sorted(set(texte)),
             "`construire_vocabulaire` ne renvoie pas la liste triée des caractères distincts "
             "du texte (majuscules, accents, ponctuation, espaces et retours à la ligne "
             "compris).", hint="sorted(set(texte)) : chaque caractère une fois, dans l'ordre "
                               "de sorted (et non dans l'ordre d'apparition).")
    caracteres = list(caracteres)
    code = C.as_tensor(C.call(encoder, texte, caracteres, name="encoder"), "encoder(texte)")
    C.expect(code.dtype == torch.long, "`encoder` doit renvoyer un tenseur torch.long.",
             hint="les indices servent à F.one_hot et F.cross_entropy, qui veulent des long.")
    C.expect_shape(code, (len(texte),), name="encoder(texte, caracteres)")
    C.expect(code.tolist() == [caracteres.index(c) for c in texte],
             "`encoder` ne renvoie pas l'indice de chaque caractère dans `caracteres`.",
             hint="l'indice d'un caractère est sa position dans la liste donnée.")
    # another list than the sorted one: encoder and decoder use the list they are given
    autre = sorted(set(texte), reverse=True)
    code = C.as_tensor(C.call(encoder, texte, autre, name="encoder"), "encoder(texte)")
    C.expect(code.tolist() == [autre.index(c) for c in texte],
             "`encoder(texte, caracteres)` n'utilise pas la liste `caracteres` qu'on lui donne.")
    for indices, quoi in ((code.clone(), "un tenseur"), (code.tolist(), "une liste")):
        retour = C.call(decoder, indices, autre, name="decoder")
        C.expect(isinstance(retour, str), "`decoder` doit renvoyer une chaîne (str).",
                 hint="''.join(...)")
        C.expect(retour == texte, f"`decoder(encoder(texte, c), c)` ne redonne pas le texte "
                 f"(indices donnés sous forme d'{quoi}).",
                 hint="decoder accepte un tenseur 1-D ou une liste d'entiers : "
                      "caracteres[int(i)] pour chaque i.")
    vide = C.as_tensor(C.call(encoder, "", caracteres, name="encoder"), "encoder('')")
    C.expect(vide.dtype == torch.long and tuple(vide.shape) == (0,),
             "`encoder('', caracteres)` doit renvoyer un tenseur long vide de forme (0,).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 — tirer le caractère suivant.** Écrire `echantillonner(logits, temperature,
# generateur)` : `logits` est un tenseur de forme $(N, V)$ (une ligne de scores par séquence,
# $V$ caractères), `temperature` un réel $\tau > 0$ et `generateur` un `torch.Generator`.
# La fonction renvoie un tenseur `torch.long` de forme $(N,)$ : pour chaque ligne $i$, un
# indice tiré selon la loi $\operatorname{softmax}(\text{logits}_i / \tau)$, **indépendamment**
# d'une ligne à l'autre, avec **le générateur donné** (et lui seul : le générateur global de
# PyTorch n'est ni utilisé ni réinitialisé ; même état du générateur ⇒ même tirage).
# Elle ne modifie pas `logits` et reste correcte pour de grands logits (par exemple 1000 :
# pas de `nan`). Par exemple `torch.multinomial(probas, 1, generator=generateur)`.

# %%
def echantillonner(logits: torch.Tensor, temperature: float,
                   generateur: torch.Generator) -> torch.Tensor:
    """Un indice par ligne, tiré selon softmax(logits / temperature), avec generateur."""
    # BEGIN SOLUTION
    probas = torch.softmax(logits / temperature, dim=-1)
    return torch.multinomial(probas, 1, generator=generateur).squeeze(1)
    # END SOLUTION


# %%
@helper
def tirer(echantillonner, logits, temperature, graine):
    """echantillonner(logits, temperature, g) where it lives, g a generator seeded by graine."""
    @C.probe
    def avec_graine(echantillonner, logits, temperature, graine):
        return echantillonner(logits, temperature, torch.Generator().manual_seed(graine))

    return C.as_tensor(C.call(avec_graine, echantillonner, logits, temperature, graine,
                              name="echantillonner"),
                       f"echantillonner(logits, {temperature}, g)")


@check
def echantillonner_forme(echantillonner):
    logits = torch.full((3, 4), -30.0)
    logits[0, 2] = logits[1, 0] = logits[2, 3] = 30.0
    tirage = tirer(echantillonner, logits, 1.0, 0)
    C.expect_shape(tirage, (3,), name="echantillonner(logits, 1.0, g) pour logits (3, 4)",
                   hint="un indice par ligne : forme (N,) (pensez à .squeeze(1) après "
                        "torch.multinomial).")
    C.expect(tirage.dtype == torch.long, "`echantillonner` doit renvoyer un tenseur torch.long.")
    C.expect_equal(tirage.tolist(), [2, 0, 3], name="echantillonner sur des logits très "
                   "marqués", reveal=True, hint="un indice par ligne, tiré selon "
                                                "softmax(logits / τ) sur les V colonnes.")


@check(hidden=True)
def echantillonner_frequences(echantillonner):
    # two laws on alternate rows, three temperatures: each row drawn from its own softmax(l/τ)
    p_a = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    p_b = torch.tensor([0.5, 0.05, 0.05, 0.4], dtype=torch.float64)
    n = 3000
    logits = torch.stack([p_a.log(), p_b.log()]).repeat(n, 1).float()  # (2n, 4)
    for k, tau in enumerate((1.0, 0.5, 2.0)):
        tirage = tirer(echantillonner, logits.clone(), tau, 40 + k)
        C.expect_shape(tirage, (2 * n,), name=f"echantillonner(logits, {tau}, g)")
        for p, premiere, lignes in ((p_a, 0, "paires"), (p_b, 1, "impaires")):
            loi = torch.softmax(p.log() / tau, dim=0)
            C.expect_frequencies(tirage[premiere::2], loi,
                                 name=f"indices tirés par echantillonner (température {tau}, "
                                      f"lignes {lignes})",
                                 hint="chaque ligne suit softmax(logits_i / τ) : divisez par τ "
                                      "(et non multipliez), softmax sur la dernière dimension "
                                      "(les V caractères), un tirage par ligne.")


@check(hidden=True)
def echantillonner_generateur(echantillonner):
    g = torch.Generator().manual_seed(50)
    logits = torch.randn(40, 6, generator=g)
    tirage = C.expect_generator_obeyed(echantillonner, logits, 1.0, name="echantillonner",
                                       keyword="generateur")
    C.expect_shape(tirage, (40,), name="echantillonner(logits, 1.0, generateur=g)")

    @C.probe
    def inchange(echantillonner, logits, temperature, graine):
        copie = logits.clone()
        tirage = echantillonner(logits, temperature, torch.Generator().manual_seed(graine))
        return tirage, bool(torch.equal(copie, logits))

    tirage, intact = C.call(inchange, echantillonner, logits.clone(), 0.7, 51,
                            name="echantillonner")
    C.expect(intact, "`echantillonner` modifie le tenseur `logits` reçu en place.",
             hint="logits / temperature crée un nouveau tenseur ; évitez logits /= temperature.")
    # large logits: a softmax computed as exp(l) / Σ exp(l) overflows
    grands = 1000.0 + torch.tensor([[0.0, 2.0, -50.0], [3.0, -50.0, 0.0]]).repeat(500, 1)
    tirage, _ = C.call(inchange, echantillonner, grands, 1.0, 52, name="echantillonner")
    tirage = C.as_tensor(tirage, "echantillonner(1000 + logits, 1.0, g)")
    C.expect_shape(tirage, (1000,), name="echantillonner(1000 + logits, 1.0, g)")
    loi = torch.softmax(torch.tensor([0.0, 2.0, -50.0], dtype=torch.float64), dim=0)
    C.expect_frequencies(tirage[0::2], loi, name="echantillonner sur de grands logits",
                         hint="torch.softmax est stable (il retranche le maximum) ; "
                              "exp(1000) déborde.")


# %% [markdown]
# **Le modèle de caractères (fourni).** Un caractère d'indice $c$ entre dans le RNN sous forme
# d'un vecteur *one-hot* de taille $V$ ; la sortie (équation 5.2) est une couche linéaire
# $y_t = W_{hy} h_t + b_y$ qui donne les $V$ logits du caractère suivant. `modele(x, h0)`
# reçoit `x` de forme $(T, N)$ (des indices, le temps d'abord) et renvoie `(logits, h_n)`,
# `logits` de forme $(T, N, V)$. On l'entraîne quelques secondes sur le corpus (prédire
# chaque caractère à partir des précédents) : c'est une démonstration, non notée.

# %% tags=["demo"]
class ModeleCaracteres(nn.Module):
    def __init__(self, nb_caracteres: int, taille_cachee: int):
        super().__init__()
        self.nb_caracteres = nb_caracteres
        self.rnn = RNNManuel(nb_caracteres, taille_cachee)
        self.sortie = nn.Linear(taille_cachee, nb_caracteres)  # éq. 5.2 : W_hy, b_y

    def forward(self, x: torch.Tensor, h0: torch.Tensor | None = None):
        entree = F.one_hot(x, self.nb_caracteres).to(self.sortie.weight.dtype)
        etats, h_n = self.rnn(entree, h0)
        return self.sortie(etats), h_n


torch.manual_seed(0)
donnees = encoder(CORPUS, caracteres)
modele = ModeleCaracteres(len(caracteres), 64)
optimiseur = torch.optim.Adam(modele.parameters(), lr=0.01)
longueur, taille_lot = 32, 16
for pas in range(151):
    debuts = torch.randint(0, len(donnees) - longueur - 1, (taille_lot,))
    lot = torch.stack([donnees[d:d + longueur + 1] for d in debuts.tolist()], dim=1)
    logits, _ = modele(lot[:-1])
    perte = F.cross_entropy(logits.reshape(-1, len(caracteres)), lot[1:].reshape(-1))
    optimiseur.zero_grad()
    perte.backward()
    nn.utils.clip_grad_norm_(modele.parameters(), 1.0)  # écrêtage du gradient (éq. 5.8)
    optimiseur.step()
    if pas % 50 == 0:
        print(f"pas {pas:3d} : perte {perte.item():.3f} (ln V = {math.log(len(caracteres)):.3f})")

# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4 — générer du texte.** Écrire `generer(modele, debut, n, caracteres,
# temperature, generateur)` qui renvoie la chaîne `debut` suivie de `n` caractères générés
# (longueur `len(debut) + n`). `modele` suit le contrat de `ModeleCaracteres` :
# `modele(x, h0)` (ou `modele(x)` pour un état initial nul) avec `x` un tenseur `torch.long` de
# forme $(T, 1)$ (une séquence, le temps d'abord) renvoie `(logits, h_n)`, `logits` de forme
# $(T, 1, V)$. `debut` est non vide et n'utilise que des caractères de `caracteres`.
#
# On lit `debut` (encodé par `encoder`), puis on répète `n` fois : tirer le caractère suivant
# avec `echantillonner` selon les logits du **dernier** pas, à la température `temperature`
# et avec `generateur` (aucun autre tirage), puis le donner au modèle **en propageant l'état
# caché** : le caractère généré dépend de tout ce qui précède, pas seulement du dernier
# caractère. (Relire à chaque fois tout le texte depuis un état nul donne le même résultat,
# en plus lent.)

# %%
def generer(modele: nn.Module, debut: str, n: int, caracteres: list[str], temperature: float,
            generateur: torch.Generator) -> str:
    """debut suivi de n caractères tirés un à un, l'état caché propagé."""
    # BEGIN SOLUTION
    with torch.no_grad():
        logits, h = modele(encoder(debut, caracteres).unsqueeze(1))
        suite = []
        for _ in range(n):
            suivant = echantillonner(logits[-1], temperature, generateur)
            suite.append(int(suivant))
            logits, h = modele(suivant.unsqueeze(0), h)
        return debut + decoder(suite, caracteres)
    # END SOLUTION


# %% tags=["demo"]
generateur = torch.Generator().manual_seed(0)
for temperature in (0.5, 1.0, 1.5):
    texte = generer(modele, "Le ", 150, caracteres, temperature, generateur)
    print(f"τ = {temperature} : {texte!r}")

# %%
@helper
def generer_avec_compteur(generer, debut, n, temperature):
    """`generer` run where it lives on a grader's model that counts the characters read so far
    in its state and predicts, almost surely, (last index + count) mod V: without the state
    carried, the count restarts at every character. Returns the text and the oracle's."""
    @C.probe
    def compteur(V):
        class Compteur(nn.Module):
            def __init__(self):
                super().__init__()
                self.echelle = nn.Parameter(torch.tensor(40.0))

            def forward(self, x, h0=None):
                assert x.dtype == torch.long and x.dim() == 2, \
                    "le modèle attend un tenseur long de forme (T, 1)"
                compte = torch.zeros(x.shape[1]) if h0 is None else h0.reshape(-1).clone()
                logits = []
                for t in range(x.shape[0]):
                    compte = compte + 1
                    cible = (x[t] + compte.long()) % V
                    logits.append(self.echelle * F.one_hot(cible, V).float())
                return torch.stack(logits), compte.reshape(1, -1, 1)

        return Compteur()

    @C.probe
    def lancer(generer, modele, debut, n, caracteres, temperature, graine):
        return generer(modele, debut, n, caracteres, temperature,
                       torch.Generator().manual_seed(graine))

    caracteres = sorted(" abcdeé")
    V = len(caracteres)
    texte = C.call(lancer, generer, C.build_where(generer, compteur, V), debut, n, caracteres,
                   temperature, 3, name="generer")
    C.expect(isinstance(texte, str), "`generer` doit renvoyer une chaîne (str).")
    C.expect(len(texte) == len(debut) + n and texte.startswith(debut),
             f"`generer(modele, {debut!r}, {n}, ...)` doit renvoyer debut suivi de {n} "
             "caractères.")
    compte, cible = 0, 0  # the oracle: the same rule, greedy
    for c in debut:
        compte += 1
        cible = (caracteres.index(c) + compte) % V
    attendu = debut
    for _ in range(n):
        attendu += caracteres[cible]
        compte += 1
        cible = (cible + compte) % V
    return texte, attendu


@check
def generer_etat_propage(generer):
    texte, attendu = generer_avec_compteur(generer, "bac", 6, 1.0)
    C.expect_equal(texte, attendu, name="generer(modele, 'bac', 6, ...) avec un modèle "
                   "presque déterministe", reveal=True,
                   hint="propagez l'état caché h renvoyé par le modèle d'un appel au suivant, "
                        "et tirez selon les logits du dernier pas.")


@check(hidden=True)
def generer_etat_propage_long(generer):
    texte, attendu = generer_avec_compteur(generer, "éa d", 15, 0.8)
    C.expect(texte == attendu,
             "Avec un modèle presque déterministe qui dépend de tout le passé, `generer` ne "
             "produit pas le texte attendu.",
             hint="lisez tout `debut`, tirez selon les logits du dernier pas, puis donnez chaque "
                  "caractère tiré au modèle avec l'état caché h qu'il a renvoyé (l'état n'est "
                  "pas remis à zéro).")


@check(hidden=True)
def generer_generateur_et_temperature(generer):
    # a model whose logits never change: the generated characters are i.i.d. softmax(l / τ)
    @C.probe
    def constant(logits_fixes):
        class Constant(nn.Module):
            def __init__(self):
                super().__init__()
                self.logits = nn.Parameter(logits_fixes.clone())

            def forward(self, x, h0=None):
                T, N = x.shape
                etat = torch.zeros(1, N, 1) if h0 is None else h0
                return self.logits.detach().expand(T, N, -1).clone(), etat

        return Constant()

    @C.probe
    def derniers(generer, modele, caracteres, temperature, repetitions):
        g = torch.Generator().manual_seed(123)
        return [generer(modele, "a", 1, caracteres, temperature, g) for _ in range(repetitions)]

    caracteres = ["a", "b", "c", "d"]
    p = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    modele = C.build_where(generer, constant, p.log().float())
    texte = C.expect_generator_obeyed(generer, modele, "ab", 12, caracteres, 1.0,
                                      name="generer", keyword="generateur")
    C.expect(isinstance(texte, str) and len(texte) == 14,
             "`generer(modele, 'ab', 12, ...)` doit renvoyer une chaîne de 14 caractères.")
    for tau in (0.5, 2.0):
        textes = C.call(derniers, generer, modele, caracteres, tau, 1500, name="generer")
        C.expect(all(isinstance(t, str) and len(t) == 2 and t[-1] in caracteres
                     for t in textes),
                 "`generer(modele, 'a', 1, ...)` doit renvoyer 'a' suivi d'un caractère du "
                 "vocabulaire.")
        indices = torch.tensor([caracteres.index(t[-1]) for t in textes])
        C.expect_frequencies(indices, torch.softmax(p.log() / tau, dim=0),
                             name=f"caractères générés à la température {tau}",
                             hint="tirez selon softmax(logits / temperature) : passez la "
                                  "température reçue à echantillonner.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** (a) Comparez votre `RNNManuel` à `nn.RNN` (cellule de
# comparaison de la question 1) : quel écart observez-vous, pourquoi n'est-il pas exactement
# nul en `float32`, et pourquoi un écart de l'ordre de $10^{-2}$ signalerait-il une erreur ?
# (b) Décrivez l'effet de la température sur le texte généré (cellule de la question 4) :
# que devient la loi de tirage quand $\tau \to 0$ et quand $\tau \to \infty$ ? (c) Pourquoi
# propage-t-on l'état caché pendant la génération plutôt que de relire tout le texte à chaque
# caractère, et pourquoi le RNN peine-t-il à exploiter un contexte lointain (section 5.4) ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) Avec les mêmes poids, l'écart maximal est de l'ordre de $10^{-7}$ (l'epsilon machine du
# `float32`) : les deux implémentations calculent la même fonction, mais pas dans le même
# ordre (`nn.RNN` fusionne les produits matriciels et l'addition des biais, les additions
# flottantes ne sont pas associatives) et les erreurs d'arrondi diffèrent. En `float64`, l'écart
# tombe vers $10^{-16}$. Un écart de $10^{-2}$ n'est pas un arrondi : c'est une autre fonction
# (un biais oublié, $W_{hh}$ non transposée, l'état non propagé, un mauvais axe du temps).
#
# (b) La loi est $\operatorname{softmax}(\ell/\tau)$. Quand $\tau \to 0$, elle se concentre
# sur l'argmax (génération gloutonne, déterministe, répétitive) ; quand $\tau \to \infty$,
# elle tend vers la loi uniforme sur le vocabulaire (texte aléatoire). $\tau = 1$ est la loi
# apprise ; $\tau < 1$ donne un texte plus conservateur, $\tau > 1$ plus varié mais plus
# fautif.
#
# (c) L'état caché $h_t$ résume tout le passé : propager $h$ coûte un pas de RNN par
# caractère généré ($O(n)$ au total), alors que relire tout le texte coûte $O(t)$ au pas $t$
# ($O(n^2)$ au total), pour le même résultat. Mais ce résumé est de taille fixe et l'influence
# de $h_k$ sur $h_t$ passe par le produit $\prod_j W_{hh}^\top \operatorname{diag}
# (\tanh'(z_j))$, dont la norme décroît en général exponentiellement avec $t - k$
# (théorème 5.4) : pendant l'entraînement, les gradients venant de loin disparaissent et le
# RNN n'apprend que des dépendances courtes (10 à 20 caractères) ; d'où le LSTM et le GRU.
