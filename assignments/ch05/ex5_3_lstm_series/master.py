# %% [markdown]
# # Exercice 5.3 (⋆⋆) — LSTM pour séries temporelles : la température à Seattle
#
# On prévoit la température maximale quotidienne d'une ville à partir des 30 jours
# précédents, avec un LSTM à 2 couches (section 5.5 du cours) comparé à un GRU (section 5.6),
# puis on prévoit 7 jours d'un coup, de manière **autorégressive** et en mode
# **« teacher forcing »**.
#
# **Données (réelles, hors ligne).** Le cours demande de télécharger les températures
# quotidiennes d'une ville ; ici rien n'est téléchargé : `data.series("seattle-weather",
# partie)` lit la météo quotidienne **réelle** de Seattle (relevés NOAA, 2012–2015) fournie
# avec le paquet `vega_datasets`. Elle renvoie le couple `(dates, valeurs)` : `dates` est la
# liste des jours (chaînes `"AAAA-MM-JJ"`, dans l'ordre) et `valeurs` un tenseur `float32` de
# forme `(jours, 4)` dont les colonnes sont, dans l'ordre, `precipitation` (mm), `temp_max`
# (°C), `temp_min` (°C) et `wind` (m/s). La partie `"train"` couvre 2012–2013 (731 jours),
# la partie `"test"` l'année 2014 (365 jours). La correction évalue aussi vos modèles sur une
# année qui lui est propre. On travaille sur la colonne `temp_max`.
#
# **Référence « persistance ».** Le prédicteur le plus simple annonce pour demain la
# température d'aujourd'hui. Un modèle n'a d'intérêt que s'il fait mieux que lui.
#
# Les questions 1 à 6 sont corrigées automatiquement ; la question 7 est rédigée.

# %%
import math

import torch
from torch import nn

from autograder import data

torch.set_num_threads(1)  # de petits modèles : un seul fil de calcul est le plus rapide
dates_train, valeurs_train = data.series("seattle-weather", "train")
dates_test, valeurs_test = data.series("seattle-weather", "test")
temp_train = valeurs_train[:, 1]  # colonne temp_max, en °C
temp_test = valeurs_test[:, 1]
print(f"train : {dates_train[0]} … {dates_train[-1]} ({len(temp_train)} jours) ; "
      f"test : {dates_test[0]} … {dates_test[-1]} ({len(temp_test)} jours)")

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — la fenêtre glissante.** Écrire `fenetres(serie, longueur=30, horizon=1)`
# qui découpe la série `serie` (un tenseur de forme `(n,)`) en **toutes** les fenêtres de
# `longueur` jours consécutifs suivies de leurs `horizon` jours à prévoir, et renvoie le
# couple `(X, Y)` :
#
# * `X` de forme `(M, longueur)` et `Y` de forme `(M, horizon)`, avec
#   $M = n - \text{longueur} - \text{horizon} + 1$ : la première fenêtre commence au jour 0,
#   la **dernière** se termine juste avant les `horizon` derniers jours (aucune n'est oubliée) ;
# * `X[i] = serie[i : i + longueur]` et `Y[i] = serie[i + longueur : i + longueur + horizon]` :
#   les jours à prévoir suivent immédiatement la fenêtre et n'y figurent **jamais** (pas de
#   fuite d'information du futur vers l'entrée) ;
# * `X` et `Y` ont le même type (`dtype`) que `serie`.

# %%
def fenetres(serie: torch.Tensor, longueur: int = 30,
             horizon: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    """Toutes les fenêtres (M, longueur) et les horizon jours qui suivent chacune (M, horizon)."""
    # BEGIN SOLUTION
    M = len(serie) - longueur - horizon + 1
    X = torch.stack([serie[i:i + longueur] for i in range(M)])
    Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
    return X, Y
    # END SOLUTION


# %%
_X, _Y = fenetres(torch.arange(8.0), 3, 2)
print(_X, _Y, sep="\n")

# %%
@helper
def fenetres_attendues(serie, longueur, horizon):
    """The oracle of question 1: every window and the days that follow it."""
    M = len(serie) - longueur - horizon + 1
    X = torch.stack([serie[i:i + longueur] for i in range(M)])
    Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
    return X, Y


@helper
def couple_xy(resultat, quoi):
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{quoi}` doit renvoyer un couple (X, Y).")
    return C.as_tensor(resultat[0], f"X de {quoi}"), C.as_tensor(resultat[1], f"Y de {quoi}")


@check
def fenetres_exemple(fenetres):
    serie = torch.arange(8.0)
    quoi = "fenetres(torch.arange(8.0), 3, 2)"
    X, Y = couple_xy(C.call(fenetres, serie.clone(), 3, 2, name="fenetres"), quoi)
    attendu_X, attendu_Y = fenetres_attendues(serie, 3, 2)
    C.expect_shape(X, (4, 3), name=f"X de {quoi}",
                   hint="M = n − longueur − horizon + 1 fenêtres, la dernière comprise.")
    C.expect_shape(Y, (4, 2), name=f"Y de {quoi}")
    C.expect_close(X, attendu_X, name=f"X de {quoi}", reveal=True,
                   hint="X[i] = serie[i : i + longueur].")
    C.expect_close(Y, attendu_Y, name=f"Y de {quoi}", reveal=True,
                   hint="Y[i] = serie[i + longueur : i + longueur + horizon] : les jours qui "
                        "suivent la fenêtre.")


@check(hidden=True)
def fenetres_sans_fuite_ni_oubli(fenetres):
    # distinct values per day: a day of Y found in its own window is a leak, and every
    # window (the last one included) is identified by its values
    g = torch.Generator().manual_seed(53)
    for n, longueur, horizon in ((45, None, None), (40, 30, 7), (20, 5, 3), (12, 11, 1),
                                 (9, 2, 7)):
        serie = torch.randperm(1000, generator=g)[:n].to(torch.float64) / 10
        if longueur is None:  # the defaults: 30 days, 1 day ahead
            resultat = C.call(fenetres, serie.clone(), name="fenetres")
            longueur, horizon, quoi = 30, 1, f"fenetres(serie de {n} jours)"
        else:
            resultat = C.call(fenetres, serie.clone(), longueur, horizon, name="fenetres")
            quoi = f"fenetres(serie de {n} jours, {longueur}, {horizon})"
        X, Y = couple_xy(resultat, quoi)
        attendu_X, attendu_Y = fenetres_attendues(serie, longueur, horizon)
        M = len(attendu_X)
        C.expect(X.dim() == 2 and Y.dim() == 2 and X.shape[1] == longueur
                 and Y.shape[1] == horizon,
                 f"`{quoi}` : X doit être de forme (M, {longueur}) et Y de forme "
                 f"(M, {horizon}), reçu {tuple(X.shape)} et {tuple(Y.shape)}.",
                 hint="les valeurs par défaut sont longueur=30 et horizon=1 ; Y garde sa "
                      "seconde dimension même pour horizon=1.")
        fuite = any(bool(torch.isin(Y[i], X[i]).any()) for i in range(min(len(X), len(Y))))
        C.expect(not fuite,
                 f"`{quoi}` : un jour à prévoir figure dans sa propre fenêtre d'entrée "
                 "(fuite du futur vers l'entrée).",
                 hint="la fenêtre s'arrête juste avant le premier jour à prévoir : "
                      "X[i] = serie[i : i + longueur], Y[i] commence en i + longueur.")
        C.expect(len(X) == len(Y) == M,
                 f"`{quoi}` ne renvoie pas toutes les fenêtres possibles "
                 f"({len(X)} fenêtres au lieu de la bonne quantité).",
                 hint="M = n − longueur − horizon + 1 : vérifiez la borne de votre boucle ; "
                      "la dernière fenêtre se termine juste avant les horizon derniers jours.")
        C.expect_close(X, attendu_X, name=f"X de {quoi}", rtol=0.0, atol=0.0,
                       hint="X[i] = serie[i : i + longueur], dans l'ordre des jours.")
        C.expect_close(Y, attendu_Y, name=f"Y de {quoi}", rtol=0.0, atol=0.0,
                       hint="Y[i] = serie[i + longueur : i + longueur + horizon].")


@check(hidden=True)
def fenetres_meme_type(fenetres):
    for dtype in (torch.float64, torch.float32):
        serie = torch.linspace(-3.0, 4.0, 15, dtype=dtype)
        quoi = f"fenetres(serie en {str(dtype)[6:]}, 4, 2)"
        X, Y = couple_xy(C.call(fenetres, serie.clone(), 4, 2, name="fenetres"), quoi)
        C.expect(X.dtype == dtype and Y.dtype == dtype,
                 f"`{quoi}` renvoie X en {str(X.dtype)[6:]} et Y en {str(Y.dtype)[6:]} : le "
                 "type de la série n'est pas conservé.",
                 hint="découpez la série elle-même (tranches, unfold, stack) ; un tenseur créé "
                      "par torch.zeros(...) sans dtype= est en float32.")
        attendu_X, attendu_Y = fenetres_attendues(serie, 4, 2)
        C.expect_close(X, attendu_X, name=f"X de {quoi}")
        C.expect_close(Y, attendu_Y, name=f"Y de {quoi}")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 2

# %% [markdown]
# **Question 2 — normaliser sans regarder le futur.** Les réseaux apprennent mieux sur des
# valeurs centrées réduites. Écrire
#
# * `ajuster_normalisation(serie)` qui renvoie le couple `(moyenne, ecart_type)` de deux
#   **flottants Python** : la moyenne et l'écart-type de `serie` (au dénominateur $n$ ou
#   $n - 1$, les deux sont acceptés) ;
# * `normaliser(x, moyenne, ecart_type)` qui renvoie $(x - \text{moyenne}) /
#   \text{ecart\_type}$ et `denormaliser(z, moyenne, ecart_type)` qui renvoie
#   $z \cdot \text{ecart\_type} + \text{moyenne}$ (même forme que l'entrée) ;
#
# puis, dans la même cellule, calculer `moyenne, ecart_type` sur la série d'entraînement
# `temp_train` **seule** : les statistiques du test (et de l'année de la correction) ne
# doivent pas servir à préparer les données, sans quoi l'évaluation serait faussée.

# %%
def ajuster_normalisation(serie: torch.Tensor) -> tuple[float, float]:
    """(moyenne, écart-type) de la série, deux flottants Python."""
    # BEGIN SOLUTION
    return float(serie.mean()), float(serie.std())
    # END SOLUTION


def normaliser(x: torch.Tensor, moyenne: float, ecart_type: float) -> torch.Tensor:
    """(x − moyenne) / ecart_type."""
    # BEGIN SOLUTION
    return (x - moyenne) / ecart_type
    # END SOLUTION


def denormaliser(z: torch.Tensor, moyenne: float, ecart_type: float) -> torch.Tensor:
    """z · ecart_type + moyenne."""
    # BEGIN SOLUTION
    return z * ecart_type + moyenne
    # END SOLUTION


# moyenne et écart-type de la série d'entraînement seule :
# BEGIN SOLUTION
moyenne, ecart_type = ajuster_normalisation(temp_train)
# END SOLUTION

# %%
print(f"moyenne {moyenne:.2f} °C, écart-type {ecart_type:.2f} °C")

# %%
@helper
def statistiques_attendues(serie):
    """Mean and both standard deviations (denominators n and n − 1) of a series, in float64."""
    s = serie.to(torch.float64)
    return float(s.mean()), float(s.std(correction=0)), float(s.std(correction=1))


@helper
def expect_statistiques(resultat, serie, quoi, rtol, hint):
    moyenne, biaise, sans_biais = statistiques_attendues(serie)
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{quoi}` doit donner le couple (moyenne, ecart_type).")
    C.expect(all(isinstance(v, float) for v in resultat),
             f"`{quoi}` doit donner deux flottants Python (pas des tenseurs).",
             hint="convertissez avec float(...) ou .item().")
    m, s = resultat
    C.expect(math.isclose(m, moyenne, rel_tol=rtol, abs_tol=1e-9),
             f"La moyenne de `{quoi}` est fausse.", hint=hint)
    C.expect(any(math.isclose(s, e, rel_tol=rtol, abs_tol=1e-9) for e in (biaise, sans_biais)),
             f"L'écart-type de `{quoi}` est faux.", hint=hint)


@check
def normalisation_exemple(ajuster_normalisation, normaliser, denormaliser):
    serie = torch.tensor([1.0, 2.0, 3.0, 4.0])
    expect_statistiques(C.call(ajuster_normalisation, serie.clone(),
                               name="ajuster_normalisation"),
                        serie, "ajuster_normalisation([1, 2, 3, 4])", 1e-6,
                        "moyenne 2,5 ; écart-type √1,25 ≈ 1,118 (dénominateur n) ou "
                        "√(5/3) ≈ 1,291 (dénominateur n − 1).")
    x = torch.tensor([[1.0, 3.0], [5.0, -1.0]])
    z = C.call(normaliser, x.clone(), 1.0, 2.0, name="normaliser")
    C.expect_close(z, (x - 1.0) / 2.0, name="normaliser(x, 1.0, 2.0)", reveal=True,
                   hint="(x − moyenne) / ecart_type.")
    C.expect_close(C.call(denormaliser, (x - 1.0) / 2.0, 1.0, 2.0, name="denormaliser"),
                   x, name="denormaliser(normaliser(x, 1.0, 2.0), 1.0, 2.0)", reveal=True,
                   hint="z · ecart_type + moyenne : l'inverse de normaliser.")


@check(hidden=True)
def normalisation_valeurs(ajuster_normalisation, normaliser, denormaliser):
    g = torch.Generator().manual_seed(531)
    for n, dtype in ((50, torch.float64), (200, torch.float32), (2, torch.float64)):
        serie = 12.0 + 5.0 * torch.randn(n, generator=g, dtype=torch.float64)
        serie = serie.to(dtype)
        expect_statistiques(C.call(ajuster_normalisation, serie.clone(),
                                   name="ajuster_normalisation"),
                            serie, f"ajuster_normalisation(série de {n} valeurs)",
                            1e-5 if dtype == torch.float32 else 1e-9,
                            "la moyenne et l'écart-type de toute la série (torch.mean, "
                            "torch.std), renvoyés comme flottants Python.")
    x = 10.0 + 4.0 * torch.randn(6, 5, generator=g, dtype=torch.float64)
    for m, s in ((11.5, 3.25), (-2.0, 0.5)):
        z = C.call(normaliser, x.clone(), m, s, name="normaliser")
        C.expect_close(z, (x - m) / s, name=f"normaliser(x, {m}, {s})",
                       hint="(x − moyenne) / ecart_type, élément par élément.")
        C.expect_close(C.call(denormaliser, (x - m) / s, m, s, name="denormaliser"), x,
                       name=f"denormaliser(z, {m}, {s})",
                       hint="z · ecart_type + moyenne, élément par élément.")


@check
def normalisation_apprise_sur_train(moyenne, ecart_type):
    _, valeurs = data.series("seattle-weather", "train")
    expect_statistiques((moyenne, ecart_type), valeurs[:, 1],
                        "moyenne, ecart_type (calculés dans le notebook)", 1e-4,
                        "calculez moyenne, ecart_type = ajuster_normalisation(temp_train) : "
                        "sur la série d'entraînement seule, pas sur le test ni sur la "
                        "concaténation des deux.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — le modèle.** Écrire la classe `PrevisionRNN(cellule="lstm",
# taille_cachee=32, nb_couches=2)`, un `nn.Module` qui prévoit la température normalisée du
# lendemain à partir d'une fenêtre normalisée :
#
# * `self.rnn` est un `nn.LSTM` si `cellule == "lstm"`, un `nn.GRU` si `cellule == "gru"`,
#   avec une entrée de taille 1 (une température par jour), `hidden_size=taille_cachee`,
#   `num_layers=nb_couches` et **`batch_first=True`** (les autres arguments par défaut) ;
# * `self.sortie` est un `nn.Linear(taille_cachee, 1)` ;
# * `forward(x)` reçoit `x` de forme `(N, T)` (N fenêtres de T jours, **le lot d'abord**) et
#   renvoie un tenseur de forme `(N,)` (même pour N = 1) : la couche `sortie` appliquée à
#   l'état caché de la **dernière couche** au **dernier** jour de la fenêtre ; cette sortie
#   reste dans le graphe d'autograd (le modèle est entraîné plus bas).
#
# Les noms `rnn` et `sortie` sont imposés : la correction copie des poids connus dans votre
# modèle (`load_state_dict`) et compare sa sortie à celle des modules de PyTorch.

# %%
class PrevisionRNN(nn.Module):
    """LSTM ou GRU empilé, puis une couche linéaire sur le dernier état caché."""

    def __init__(self, cellule: str = "lstm", taille_cachee: int = 32, nb_couches: int = 2):
        super().__init__()
        # BEGIN SOLUTION
        classe = {"lstm": nn.LSTM, "gru": nn.GRU}[cellule]
        self.rnn = classe(1, taille_cachee, num_layers=nb_couches, batch_first=True)
        self.sortie = nn.Linear(taille_cachee, 1)
        # END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        sorties, _ = self.rnn(x.unsqueeze(-1))  # (N, T, taille_cachee)
        return self.sortie(sorties[:, -1]).squeeze(-1)
        # END SOLUTION


# %%
print(PrevisionRNN("lstm", 8)(torch.randn(4, 30)).shape)

# %%
@helper
def structure_du_modele(PrevisionRNN, args, quoi):
    """The student's model and what its submodules are (plain data read where it lives)."""
    modele = C.make_model(PrevisionRNN, *args, name=quoi)
    lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, "
                  "[getattr(getattr(m, 'rnn', None), a, None) for a in ('input_size', "
                  "'hidden_size', 'num_layers', 'batch_first', 'bidirectional', 'bias', "
                  "'dropout', 'proj_size')], type(getattr(m, 'sortie', None)).__name__, "
                  "getattr(getattr(m, 'sortie', None), 'in_features', None), "
                  "getattr(getattr(m, 'sortie', None), 'out_features', None)]")
    return modele, C.call(lire, modele, name=quoi)


@helper
def expect_structure(PrevisionRNN, args, cellule, taille, couches, quoi):
    modele, (classe, config, classe_sortie, entree, sortie) = structure_du_modele(
        PrevisionRNN, args, quoi)
    attendue = {"lstm": "LSTM", "gru": "GRU"}[cellule]
    C.expect(classe == attendue, f"`{quoi}.rnn` devrait être un nn.{attendue}, reçu {classe}.",
             hint="self.rnn = nn.LSTM(...) pour cellule='lstm', nn.GRU(...) pour 'gru'.")
    C.expect(config[0] == 1 and config[1] == taille and config[2] == couches,
             f"`{quoi}.rnn` devrait avoir input_size=1, hidden_size={taille}, "
             f"num_layers={couches} ; reçu {config[0]}, {config[1]}, {config[2]}.",
             hint="une température par jour (entrée de taille 1) ; hidden_size=taille_cachee, "
                  "num_layers=nb_couches.")
    C.expect(config[3] is True,
             f"`{quoi}.rnn` doit être construit avec batch_first=True (x est de forme (N, T)).")
    C.expect(config[4] is False and config[5] is True and config[6] == 0
             and config[7] in (0, None),
             f"`{quoi}.rnn` : gardez les autres arguments par défaut (unidirectionnel, biais, "
             "sans dropout).")
    C.expect(classe_sortie == "Linear" and entree == taille and sortie == 1,
             f"`{quoi}.sortie` devrait être un nn.Linear({taille}, 1).")
    return modele


@check
def modele_structure_et_formes(PrevisionRNN):
    for args, cellule, taille, couches in ((("lstm", 8), "lstm", 8, 2),
                                           (("gru", 6, 3), "gru", 6, 3), ((), "lstm", 32, 2)):
        quoi = f"PrevisionRNN({', '.join(map(repr, args))})"
        modele = expect_structure(PrevisionRNN, args, cellule, taille, couches, quoi)
        for N in (4, 1):
            x = torch.randn(N, 30, generator=torch.Generator().manual_seed(N))
            C.expect_shape(C.forward(modele, x, name=quoi), (N,),
                           name=f"{quoi}(x) pour x de forme ({N}, 30)",
                           hint="une prévision par fenêtre : forme (N,), même pour N = 1 "
                                "(squeeze(-1) plutôt que squeeze()).")


@helper
def expect_gradients_du_modele(modele, rnn, sortie, x, quoi):
    @C.probe
    def gradients(modele, x):
        modele.zero_grad()
        y = modele(x)
        if not (isinstance(y, torch.Tensor) and y.requires_grad):
            return None
        y.sum().backward()
        return {n: p.grad.clone() for n, p in modele.named_parameters() if p.grad is not None}

    recu = C.call(gradients, modele, x.clone(), name=quoi)
    C.expect(recu is not None, f"La sortie de `{quoi}` n'est pas reliée au graphe d'autograd : "
             "le modèle ne peut pas être entraîné.",
             hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .item() dans forward.")
    sortie.zero_grad()
    rnn.zero_grad()
    sortie(rnn(x.unsqueeze(-1))[0][:, -1]).squeeze(-1).sum().backward()
    attendus = {"sortie.weight": sortie.weight.grad, "sortie.bias": sortie.bias.grad,
                "rnn.weight_hh_l0": rnn.weight_hh_l0.grad,
                "rnn.weight_ih_l0": rnn.weight_ih_l0.grad}
    for cle, attendu in attendus.items():
        C.expect(cle in recu, f"`{quoi}` : pas de gradient pour `{cle}` après backward.")
        C.expect_close(recu[cle], attendu, name=f"gradient de Σ {quoi}(x) par rapport à {cle}",
                       rtol=1e-3, atol=1e-5)


@check(hidden=True, each={"cellule": ["lstm", "gru"]})
def modele_contre_pytorch(PrevisionRNN, cellule):
    # known weights copied into the student's model; the oracle runs PyTorch's own modules
    classe = {"lstm": nn.LSTM, "gru": nn.GRU}[cellule]
    for taille, couches, N, T, graine in ((5, 2, 4, 30, 0), (3, 1, 1, 9, 1), (4, 3, 3, 12, 2)):
        quoi = f"PrevisionRNN({cellule!r}, {taille}, {couches})"
        modele = expect_structure(PrevisionRNN, (cellule, taille, couches), cellule, taille,
                                  couches, quoi)
        torch.manual_seed(100 + graine)
        rnn = classe(1, taille, num_layers=couches, batch_first=True)
        sortie = nn.Linear(taille, 1)
        with torch.no_grad():  # weights larger than the default initialisation
            for p in [*rnn.parameters(), *sortie.parameters()]:
                p.mul_(2.5)
        copie = {**{f"rnn.{k}": v.detach().clone() for k, v in rnn.state_dict().items()},
                 **{f"sortie.{k}": v.detach().clone() for k, v in sortie.state_dict().items()}}
        etat = C.call(modele.state_dict, name=f"{quoi}.state_dict")
        manquants = sorted(set(copie) - set(etat))
        C.expect(not manquants, f"`{quoi}` n'a pas les paramètres {', '.join(manquants)}.",
                 hint="deux sous-modules seulement, nommés rnn et sortie.")
        C.call(modele.load_state_dict, copie, strict=False, name=f"{quoi}.load_state_dict")
        x = 1.5 * torch.randn(N, T, generator=torch.Generator().manual_seed(graine))
        with torch.no_grad():
            attendu = sortie(rnn(x.unsqueeze(-1))[0][:, -1]).squeeze(-1)
        recu = C.forward(modele, x.clone(), name=quoi)
        C.expect_shape(recu, (N,), name=f"{quoi}(x) pour x de forme ({N}, {T})",
                       hint="une prévision par fenêtre : forme (N,).")
        C.expect_close(recu, attendu, name=f"{quoi}(x) pour x de forme ({N}, {T})",
                       rtol=1e-4, atol=1e-5,
                       hint="x de forme (N, T) devient (N, T, 1) ; prenez la sortie de la "
                            "dernière couche au dernier jour (sorties[:, -1], ou h_n[-1] : "
                            "pour un LSTM, h et non la cellule c), puis self.sortie.")
        if graine == 0:  # trainable: the gradients of Σ outputs, computed where the model lives
            expect_gradients_du_modele(modele, rnn, sortie, x, quoi)


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 2

# %% [markdown]
# **Question 4 — LSTM ou GRU : combien de paramètres ?** Une couche LSTM d'entrée de taille
# $d$ et d'état de taille $h$ a 4 blocs (les portes $f, i, o$ et le candidat $\tilde c$),
# une couche GRU en a 3 ($z$, $r$ et le candidat $\tilde h$) ; chaque bloc a une matrice
# d'entrée $h \times d$, une matrice récurrente $h \times h$ et, **dans PyTorch, deux
# vecteurs de biais** (`bias_ih` et `bias_hh`), là où les équations du cours n'en écrivent
# qu'un. Dans une pile de couches, l'entrée de la couche 1 est de taille $d$ et celle des
# couches suivantes de taille $h$.
#
# Écrire `nombre_parametres(cellule, taille_entree, taille_cachee, nb_couches)` qui renvoie
# (un `int` Python) le nombre de paramètres de `nn.LSTM(taille_entree, taille_cachee,
# nb_couches)` (`cellule="lstm"`) ou du `nn.GRU` correspondant (`cellule="gru"`), **par une
# formule**, sans construire de module.

# %%
def nombre_parametres(cellule: str, taille_entree: int, taille_cachee: int,
                      nb_couches: int) -> int:
    """Paramètres d'un nn.LSTM / nn.GRU empilé (deux biais par bloc), par une formule."""
    # BEGIN SOLUTION
    blocs = {"lstm": 4, "gru": 3}[cellule]
    h = taille_cachee
    total = 0
    for couche in range(nb_couches):
        d = taille_entree if couche == 0 else h
        total += blocs * h * (d + h + 2)
    return total
    # END SOLUTION


# %%
for _cellule in ("lstm", "gru"):
    _modele = PrevisionRNN(_cellule)
    print(f"{_cellule} : formule {nombre_parametres(_cellule, 1, 32, 2)}, module "
          f"{sum(p.numel() for p in _modele.rnn.parameters())}, "
          f"avec la couche de sortie {sum(p.numel() for p in _modele.parameters())}")

# %%
@helper
def parametres_pytorch(cellule, d, h, couches):
    classe = {"lstm": nn.LSTM, "gru": nn.GRU}[cellule]
    return sum(p.numel() for p in classe(d, h, couches).parameters())


@check
def parametres_exemple(nombre_parametres):
    for cellule in ("lstm", "gru"):
        quoi = f"nombre_parametres({cellule!r}, 1, 32, 2)"
        recu = C.call(nombre_parametres, cellule, 1, 32, 2, name="nombre_parametres")
        C.expect_equal(recu, parametres_pytorch(cellule, 1, 32, 2), name=quoi, reveal=True,
                       hint="par couche : blocs × h × (d + h + 2), avec d = taille_entree pour "
                            "la première couche et d = h pour les suivantes.")


@check(hidden=True)
def parametres_formule_exacte(nombre_parametres):
    import numbers

    for cellule in ("lstm", "gru"):
        for d, h, couches in ((1, 16, 1), (3, 20, 2), (7, 5, 3), (12, 64, 4), (64, 7, 2)):
            quoi = f"nombre_parametres({cellule!r}, {d}, {h}, {couches})"
            recu = C.call(nombre_parametres, cellule, d, h, couches, name="nombre_parametres")
            C.expect(isinstance(recu, numbers.Integral) and not isinstance(recu, bool),
                     f"`{quoi}` doit renvoyer un entier Python (int).")
            C.expect(recu == parametres_pytorch(cellule, d, h, couches),
                     f"`{quoi}` n'est pas le nombre de paramètres du module de PyTorch.",
                     hint="deux vecteurs de biais par bloc dans PyTorch (b_ih et b_hh) ; "
                          "4 blocs pour le LSTM, 3 pour le GRU ; l'entrée des couches 2 et "
                          "suivantes est de taille h.")
    C.expect_not_using(nombre_parametres, {"LSTM", "GRU", "RNN", "RNNBase", "parameters",
                                           "numel", "PrevisionRNN"},
                       name="nombre_parametres",
                       hint="une formule fermée : ne construisez pas de module pour compter.")


# %% [raw]
# # BEGIN QUESTION
# name: q5
# points: 3

# %% [markdown]
# **Question 5 — prévoir 7 jours.** Les fonctions suivantes reçoivent un `modele` qui suit
# le contrat de `PrevisionRNN` (`modele(x)` pour `x` de forme `(N, T)` renvoie `(N,)`, la
# valeur du jour qui suit chaque fenêtre) et une `fenetre` de forme `(N, T)` ; elles
# renvoient un tenseur de forme `(N, horizon)` dont la colonne $k$ est la prévision du jour
# $T + k$ (le $k$-ième jour après la fenêtre, $k = 0, \dots, \text{horizon} - 1$). Le modèle
# reçoit **toujours une fenêtre de exactement T jours** : à chaque pas, on retire le jour le
# plus ancien et l'on ajoute le nouveau à la fin. Aucune ne modifie les tenseurs reçus.
#
# * `persistance(fenetre, horizon=7)` : la référence « demain = aujourd'hui », qui répète le
#   dernier jour de chaque fenêtre sur tout l'horizon ;
# * `prevision_autoregressive(modele, fenetre, horizon=7)` : le jour $T + k$ est prévu à
#   partir d'une fenêtre qui contient les **prévisions du modèle** pour les jours
#   $T, \dots, T + k - 1$ (le modèle se nourrit de ses propres sorties : c'est la seule
#   manière de prévoir quand le futur est inconnu) ;
# * `prevision_teacher_forcing(modele, fenetre, futur)` : `futur`, de forme
#   `(N, horizon)`, contient les **vraies valeurs** des jours $T, \dots, T + \text{horizon} -
#   1$ ; le jour $T + k$ est prévu à partir d'une fenêtre qui contient les vraies valeurs
#   `futur[:, :k]` des jours précédents (jamais `futur[:, k]` lui-même). C'est une suite de
#   prévisions à un jour, qui mesure ce que vaudrait le modèle si ses erreurs ne
#   s'accumulaient pas.

# %%
def persistance(fenetre: torch.Tensor, horizon: int = 7) -> torch.Tensor:
    """(N, horizon) : le dernier jour de chaque fenêtre, répété."""
    # BEGIN SOLUTION
    return fenetre[:, -1:].repeat(1, horizon)
    # END SOLUTION


def prevision_autoregressive(modele: nn.Module, fenetre: torch.Tensor,
                             horizon: int = 7) -> torch.Tensor:
    """(N, horizon) : chaque prévision est réinjectée dans la fenêtre suivante."""
    # BEGIN SOLUTION
    previsions = []
    with torch.no_grad():
        for _ in range(horizon):
            suivant = modele(fenetre)
            previsions.append(suivant)
            fenetre = torch.cat([fenetre[:, 1:], suivant.unsqueeze(1)], dim=1)
    return torch.stack(previsions, dim=1)
    # END SOLUTION


def prevision_teacher_forcing(modele: nn.Module, fenetre: torch.Tensor,
                              futur: torch.Tensor) -> torch.Tensor:
    """(N, horizon) : le jour T + k est prévu avec les vraies valeurs futur[:, :k]."""
    # BEGIN SOLUTION
    T, horizon = fenetre.shape[1], futur.shape[1]
    connu = torch.cat([fenetre, futur], dim=1)
    with torch.no_grad():
        previsions = [modele(connu[:, k:k + T]) for k in range(horizon)]
    return torch.stack(previsions, dim=1)
    # END SOLUTION


# %%
@helper
def modele_lineaire(anchor, T):
    """A grader model, built where `anchor` lives, whose prediction is a known linear function
    of the window (0.5·w[T−1] + 0.3·w[T−2] − 0.2·w[0] + 0.1); it refuses a window of another
    length than T."""
    @C.probe
    def fabrique(T):
        class Lineaire(nn.Module):
            def __init__(self):
                super().__init__()
                self.coefficients = nn.Parameter(torch.tensor([0.5, 0.3, -0.2, 0.1]))

            def forward(self, x):
                assert x.dim() == 2 and x.shape[1] == T, (
                    f"le modèle attend une fenêtre de forme (N, {T}), reçu {tuple(x.shape)}")
                a, b, c, d = self.coefficients.detach().tolist()
                return a * x[:, -1] + b * x[:, -2] + c * x[:, 0] + d

        return Lineaire()

    return C.build_where(anchor, fabrique, T)


@helper
def previsions_attendues(fenetre, futur, horizon):
    """The oracle of question 5 for `modele_lineaire`: autoregressive when `futur` is None,
    teacher-forced otherwise."""
    T = fenetre.shape[1]
    w = fenetre.to(torch.float64)
    connu = None if futur is None else torch.cat([w, futur.to(torch.float64)], dim=1)
    colonnes = []
    for k in range(horizon):
        courante = w if connu is None else connu[:, k:k + T]
        y = 0.5 * courante[:, -1] + 0.3 * courante[:, -2] - 0.2 * courante[:, 0] + 0.1
        colonnes.append(y)
        if connu is None:
            w = torch.cat([w[:, 1:], y.unsqueeze(1)], dim=1)
    return torch.stack(colonnes, dim=1)


@helper
def expect_previsions(recu, attendu, quoi, hint_forme, hint_valeurs):
    """The shape (N, horizon) of a multi-step forecast, then its values (float32 tolerance)."""
    C.expect_shape(recu, tuple(attendu.shape), name=quoi, hint=hint_forme)
    C.expect_close(recu, attendu, name=quoi, rtol=1e-4, atol=1e-5, hint=hint_valeurs)


@check
def multi_pas_exemple(persistance, prevision_autoregressive, prevision_teacher_forcing):
    fenetre = torch.tensor([[1.0, 2.0, 3.0, 4.0], [0.0, -1.0, 0.5, 2.0]])
    futur = torch.tensor([[5.0, 6.0, 7.0], [1.0, 0.0, -1.0]])
    C.expect_close(C.call(persistance, fenetre.clone(), 3, name="persistance"),
                   fenetre[:, -1:].repeat(1, 3), name="persistance(fenetre, 3)", reveal=True,
                   hint="le dernier jour de chaque fenêtre, répété horizon fois.")
    modele = modele_lineaire(prevision_autoregressive, 4)
    C.expect_close(C.call(prevision_autoregressive, modele, fenetre.clone(), 3,
                          name="prevision_autoregressive"),
                   previsions_attendues(fenetre, None, 3),
                   name="prevision_autoregressive(modele, fenetre, 3) avec un modèle linéaire "
                        "connu", reveal=True,
                   hint="à chaque pas : prévoir, puis fenetre ← [fenetre[:, 1:], prévision].")
    modele = modele_lineaire(prevision_teacher_forcing, 4)
    C.expect_close(C.call(prevision_teacher_forcing, modele, fenetre.clone(), futur.clone(),
                          name="prevision_teacher_forcing"),
                   previsions_attendues(fenetre, futur, 3),
                   name="prevision_teacher_forcing(modele, fenetre, futur) avec un modèle "
                        "linéaire connu", reveal=True,
                   hint="le jour T + k est prévu à partir des T jours qui le précèdent, vraies "
                        "valeurs de futur comprises.")


@check(hidden=True)
def autoregressive_reinjecte_ses_previsions(prevision_autoregressive):
    g = torch.Generator().manual_seed(5300)
    for N, T, horizon in ((6, 30, None), (3, 5, 10), (1, 8, 1), (4, 3, 7)):
        fenetre = torch.randn(N, T, generator=g)
        modele = modele_lineaire(prevision_autoregressive, T)
        h = 7 if horizon is None else horizon
        args = (modele, fenetre.clone()) if horizon is None else (modele, fenetre.clone(), h)
        quoi = (f"prevision_autoregressive(modele, fenetre de forme ({N}, {T})"
                + ("" if horizon is None else f", {h}") + ")")
        recu = C.expect_unchanged(prevision_autoregressive, *args,
                                  name="prevision_autoregressive",
                                  hint="travaillez sur une nouvelle fenêtre (torch.cat) au lieu "
                                       "de décaler la fenêtre reçue en place.")
        expect_previsions(recu, previsions_attendues(fenetre, None, h), quoi,
                          "une colonne par jour prévu : forme (N, horizon), horizon=7 par "
                          "défaut.",
                          "le jour T + k est prévu à partir d'une fenêtre de T jours qui se "
                          "termine par les prévisions des jours T … T + k − 1 : retirez le "
                          "plus ancien jour et ajoutez la dernière prévision à chaque pas.")


@check(hidden=True)
def teacher_forcing_vraies_valeurs_sans_fuite(prevision_teacher_forcing):
    g = torch.Generator().manual_seed(5301)
    for N, T, horizon in ((5, 30, 7), (2, 4, 9), (1, 6, 1), (3, 3, 5)):
        fenetre, futur = torch.randn(N, T, generator=g), torch.randn(N, horizon, generator=g)
        modele = modele_lineaire(prevision_teacher_forcing, T)
        quoi = (f"prevision_teacher_forcing(modele, fenetre de forme ({N}, {T}), futur de "
                f"forme ({N}, {horizon}))")
        recu = C.expect_unchanged(prevision_teacher_forcing, modele, fenetre.clone(),
                                  futur.clone(), name="prevision_teacher_forcing",
                                  hint="construisez de nouvelles fenêtres (torch.cat, "
                                       "tranches) sans écrire dans fenetre ni futur.")
        expect_previsions(recu, previsions_attendues(fenetre, futur, horizon), quoi,
                          "une colonne par jour de futur : forme (N, futur.shape[1]).",
                          "le jour T + k est prévu à partir des T jours qui le précèdent : "
                          "la fin de fenetre puis les vraies valeurs futur[:, :k], jamais "
                          "futur[:, k] lui-même ni les prévisions du modèle.")


@check(hidden=True)
def persistance_valeurs(persistance):
    g = torch.Generator().manual_seed(5302)
    for N, T, horizon in ((4, 30, None), (1, 5, 3), (3, 2, 10)):
        fenetre = torch.randn(N, T, generator=g, dtype=torch.float64)
        h = 7 if horizon is None else horizon
        args = (fenetre.clone(),) if horizon is None else (fenetre.clone(), h)
        quoi = f"persistance(fenetre de forme ({N}, {T})" + ("" if horizon is None
                                                             else f", {h}") + ")"
        recu = C.expect_unchanged(persistance, *args, name="persistance")
        C.expect_close(recu, fenetre[:, -1:].expand(N, h), name=quoi,
                       hint="la valeur du dernier jour de chaque fenêtre (fenetre[:, -1]), "
                            "répétée sur les horizon colonnes (7 par défaut).")


# %% [markdown]
# **Entraîner le LSTM et le GRU (fourni).** On découpe les séries normalisées en fenêtres de
# 30 jours, puis on entraîne un LSTM et un GRU à 2 couches (32 unités) quelques époques avec
# Adam et l'erreur quadratique. On mesure ensuite l'erreur quadratique moyenne (EQM, en °C²)
# sur 2014 de chaque modèle et de la persistance.

# %%
def entrainer(modele, X, y, nb_epoques=10, lr=0.01, taille_lot=64, graine=0):
    """Adam sur l'erreur quadratique, lots mélangés avec un générateur local."""
    generateur = torch.Generator().manual_seed(graine)
    optimiseur = torch.optim.Adam(modele.parameters(), lr=lr)
    for _ in range(nb_epoques):
        ordre = torch.randperm(len(X), generator=generateur)
        for debut in range(0, len(X), taille_lot):
            lot = ordre[debut:debut + taille_lot]
            perte = nn.functional.mse_loss(modele(X[lot]), y[lot])
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
    return modele


X_train, Y_train = fenetres(normaliser(temp_train, moyenne, ecart_type))
X_test, Y_test = fenetres(normaliser(temp_test, moyenne, ecart_type))
torch.manual_seed(0)
modele_lstm = entrainer(PrevisionRNN("lstm", 32, 2), X_train, Y_train[:, 0])
torch.manual_seed(0)
modele_gru = entrainer(PrevisionRNN("gru", 32, 2), X_train, Y_train[:, 0])


def eqm_en_degres(prevision, cible):
    """Erreur quadratique moyenne en °C² (prévision et cible normalisées)."""
    ecart = denormaliser(prevision, moyenne, ecart_type) - denormaliser(cible, moyenne,
                                                                        ecart_type)
    return float((ecart ** 2).mean())


with torch.no_grad():
    print(f"EQM sur 2014 : persistance {eqm_en_degres(X_test[:, -1], Y_test[:, 0]):.2f} °C², "
          f"LSTM {eqm_en_degres(modele_lstm(X_test), Y_test[:, 0]):.2f} °C², "
          f"GRU {eqm_en_degres(modele_gru(X_test), Y_test[:, 0]):.2f} °C²")

# %% [raw]
# # BEGIN QUESTION
# name: q6
# points: 2

# %% [markdown]
# **Question 6 — mieux que la persistance.** La cellule précédente entraîne `modele_lstm` et
# `modele_gru` avec vos fonctions. Ils doivent rester des `PrevisionRNN` à 2 couches (un LSTM
# et un GRU) et prévoir le lendemain **mieux que la persistance** : la correction mesure leur
# erreur quadratique moyenne sur des fenêtres de 30 jours de 2014 (vérification publique)
# et d'une année qu'elle garde pour elle (vérification cachée), normalisées avec la moyenne
# et l'écart-type de l'entraînement, et la compare à celle de la persistance sur les mêmes
# jours. Rien à écrire ici si les questions précédentes sont justes : relancez la cellule
# d'entraînement après les avoir corrigées.

# %%
@helper
def rapport_a_la_persistance(modele, partie, quoi):
    """EQM of `modele` on every 30-day window of `partie` (normalised with the train split's
    statistics, errors in °C) divided by the persistence's EQM on the same days."""
    _, train = data.series("seattle-weather", "train")
    _, valeurs = data.series("seattle-weather", partie)
    m, _, s = statistiques_attendues(train[:, 1])
    X, Y = fenetres_attendues(valeurs[:, 1].to(torch.float64), 30, 1)
    entree = ((X - m) / s).to(torch.float32)
    prevision = C.as_tensor(C.forward(modele, entree, name=quoi), quoi).to(torch.float64)
    C.expect_shape(prevision, (len(X),), name=f"{quoi}(fenêtres)")
    C.expect(bool(torch.isfinite(prevision).all()), f"`{quoi}` prévoit des valeurs non finies.")
    eqm = float(((prevision * s + m - Y[:, 0]) ** 2).mean())
    return eqm / float(((X[:, -1] - Y[:, 0]) ** 2).mean())


@helper
def expect_modeles_entraines(modele_lstm, modele_gru, partie, seuil, public):
    for modele, cellule in ((modele_lstm, "lstm"), (modele_gru, "gru")):
        quoi = f"modele_{cellule}"
        lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, "
                      "getattr(getattr(m, 'rnn', None), 'num_layers', None)]")
        classe, couches = C.call(lire, C.require(modele, quoi, "variable"), name=quoi)
        attendue = {"lstm": "LSTM", "gru": "GRU"}[cellule]
        C.expect(classe == attendue and couches == 2,
                 f"`{quoi}` devrait être un PrevisionRNN à 2 couches de type {attendue}.",
                 hint="ne modifiez pas la cellule d'entraînement fournie.")
        rapport = rapport_a_la_persistance(modele, partie, quoi)
        detail = f" (rapport des EQM {rapport:.3f})" if public else ""
        C.expect(rapport <= seuil,
                 f"`{quoi}` ne prévoit pas le lendemain mieux que la persistance "
                 f"{'sur 2014' if public else 'sur les données de la correction'}{detail}.",
                 hint="vérifiez les fenêtres (q1 : les cibles suivent la fenêtre), la "
                      "normalisation (q2) et le modèle (q3 : dernier jour, dernière couche), "
                      "puis relancez la cellule d'entraînement.")


@check
def modeles_battent_la_persistance_2014(modele_lstm, modele_gru):
    expect_modeles_entraines(modele_lstm, modele_gru, "test", 1.0, True)


@check(hidden=True)
def modeles_battent_la_persistance_annee_cachee(modele_lstm, modele_gru):
    expect_modeles_entraines(modele_lstm, modele_gru, "holdout", 1.0, False)


# %% [markdown]
# **Erreur selon l'horizon (démonstration, non notée).** Sur les fenêtres de 2014 suivies de
# 7 jours, on compare l'EQM de la persistance, de la prévision autorégressive et du teacher
# forcing pour chaque jour de l'horizon.

# %%
X_test7, Y_test7 = fenetres(normaliser(temp_test, moyenne, ecart_type), 30, 7)
for nom, modele in (("LSTM", modele_lstm), ("GRU", modele_gru)):
    previsions = {"persistance": persistance(X_test7, 7),
                  "autorégressive": prevision_autoregressive(modele, X_test7, 7),
                  "teacher forcing": prevision_teacher_forcing(modele, X_test7, Y_test7)}
    for mode, prevision in previsions.items():
        erreurs = [eqm_en_degres(prevision[:, k], Y_test7[:, k]) for k in range(7)]
        print(f"{nom:4s} {mode:16s}", " ".join(f"{e:5.1f}" for e in erreurs))

# %% [raw]
# # BEGIN QUESTION
# name: q7
# manual: true
# points: 3

# %% [markdown]
# **Question 7 (rédigée).** (a) Comparez le LSTM et le GRU : nombre de paramètres (q4,
# rapport 4/3 des couches récurrentes), erreur sur 2014. Le gain sur la persistance vous
# paraît-il grand ? Pourquoi la persistance est-elle difficile à battre d'un jour sur
# l'autre ? (b) Dans le tableau par horizon, comment évoluent les erreurs autorégressive et
# en teacher forcing quand l'horizon augmente, et pourquoi ? Laquelle des deux peut-on
# utiliser pour prévoir réellement la semaine prochaine ? (c) Donnez deux façons dont une
# fuite d'information du futur fausserait l'évaluation dans cet exercice (fenêtres,
# normalisation) et ce qu'on observerait alors.

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) Les couches récurrentes ont $4h(d + h + 2)$ paramètres par couche pour le LSTM et
# $3h(d + h + 2)$ pour le GRU : le GRU en a 25 % de moins (rapport 3/4), la couche de sortie
# ($h + 1$) étant commune. Sur 2014, leurs erreurs sont proches (quelques pour cent d'écart,
# de l'ordre de l'écart d'une graine à l'autre) et un peu inférieures à celle de la
# persistance. Le gain est modeste : la température maximale est très autocorrélée d'un
# jour à l'autre, si bien que « demain = aujourd'hui » est déjà une bonne prévision ; ce qui
# reste (le passage d'un front, une averse) dépend de la météo des régions voisines, que la
# seule série de Seattle ne contient pas. Le modèle apprend surtout à tirer la prévision vers
# la saison (une moyenne sur la fenêtre) et à amortir les écarts extrêmes.
#
# (b) En teacher forcing, chaque prévision repose sur de vraies valeurs : l'erreur croît peu
# avec l'horizon (le jour $T + k$ est prévu à un jour, à partir d'une fenêtre qui se termine
# la veille). En autorégressif, le modèle reçoit ses propres prévisions, entachées d'erreur :
# les erreurs s'accumulent et l'EQM croît avec $k$ (comme celle de la persistance, qui répète
# une valeur de plus en plus ancienne) ; les prévisions autorégressives sont aussi lissées,
# elles tendent vers une moyenne de saison. Seule la prévision autorégressive est utilisable
# pour prévoir la semaine prochaine : le teacher forcing suppose connus les jours qu'on
# cherche à prévoir ; c'est une borne optimiste, et l'écart entre les deux mesure le coût de
# l'accumulation des erreurs (le « biais d'exposition » d'un modèle entraîné à un pas).
#
# (c) Une fenêtre qui contient le jour à prévoir (un décalage d'un jour dans le découpage)
# permet au modèle de recopier la cible : l'erreur d'entraînement et de test devient
# quasi nulle, bien meilleure que la persistance, mais le modèle est inutilisable en pratique.
# Une normalisation calculée sur toute la série (test compris) fait entrer des statistiques
# du futur dans la préparation des données : l'effet est faible ici (moyenne et écart-type
# varient peu d'une année à l'autre), mais l'évaluation n'est plus celle d'un modèle qui
# n'aurait vu que le passé ; avec une tendance (un climat qui se réchauffe) ou une année
# atypique, l'erreur de test serait optimiste.
