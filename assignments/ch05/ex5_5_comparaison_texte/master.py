# %% [markdown]
# # Exercice 5.5 (⋆⋆⋆) — Comparaison LSTM / GRU / Transformer sur du texte
#
# L'exercice du cours :
#
# 1. choisir un jeu de données de classification de texte (par exemple IMDB, AG News) ;
# 2. implémenter et entraîner un LSTM bidirectionnel, un GRU bidirectionnel et un petit
#    Transformer encodeur (chapitre 6) ;
# 3. comparer : précision, temps d'entraînement par époque, nombre de paramètres, mémoire GPU ;
# 4. analyser les performances en fonction de la longueur des séquences ;
# 5. discuter dans quels scénarios les RNN restent compétitifs.
#
# **Données (réelles, hors ligne).** Rien n'est téléchargé. IMDB et AG News (des dizaines de
# milliers de textes, des modèles de 128 à 256 dimensions, plusieurs minutes par époque sur
# GPU) sont la grille du cours, pour une machine qui les a. Ici on travaille sur un corpus
# réel et petit : des **phrases françaises du cours « Apprentissage profond » lui-même**,
# étiquetées par le thème de leur chapitre. `data.classes("course-text")` donne les noms des
# trois classes, `("fondements", "séquences", "génératifs")` (chapitres 1–4, 5–7 et 8–10), et
# `data.texts("course-text", partie)` renvoie le couple `(textes, etiquettes)` : une liste de
# chaînes et un tenseur `torch.int64` des classes (0, 1 ou 2). La partie `"train"` compte 602
# phrases (au plus une trentaine de mots chacune, formules comprises), la partie `"test"` 120,
# pour vos mesures ; la correction évalue aussi vos modèles sur 120 phrases qu'elle garde pour
# elle.
#
# **Conventions (tout l'exercice).** Un lot de $B$ textes codés est un couple `(ids,
# longueurs)` : `ids` est un tenseur `torch.int64` de forme $(B, L)$, **le lot d'abord**, où
# la ligne $b$ contient les indices des `longueurs[b]` premiers mots du texte $b$ puis des
# zéros ; `longueurs` est un tenseur `torch.int64` de forme $(B,)$, chaque longueur entre 1 et
# $L$. L'indice **0 est le remplissage** (`<pad>`), l'indice 1 le mot inconnu (`<unk>`). Les
# positions $t \ge$ `longueurs[b]` sont du remplissage : la sortie d'un modèle pour un texte
# ne doit **pas** dépendre du remplissage (ni de sa quantité, ni des autres textes du lot).
#
# Les questions 1 à 3 sont corrigées automatiquement ; la question 4 est rédigée. Les
# modèles restent petits (quelques dizaines de dimensions, quelques époques sur CPU).

# %%
import re
import time
from collections import Counter

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from autograder import data

torch.set_num_threads(1)  # de petits modèles : un seul fil de calcul est le plus rapide
CLASSES = data.classes("course-text")
textes_train, y_train = data.texts("course-text", "train")
textes_test, y_test = data.texts("course-text", "test")
print(f"{len(textes_train)} phrases d'entraînement, {len(textes_test)} de test ; "
      f"classes : {CLASSES}")
print(f"exemple ({CLASSES[int(y_train[0])]}) : {textes_train[0]}")

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — mots, vocabulaire, codage.** Écrire
#
# * `tokeniser(texte)` qui renvoie la **liste** des mots (chaînes) du texte : on passe le texte
#   en minuscules (`texte.lower()`), puis un mot est une suite **maximale** de caractères
#   alphanumériques au sens de Python (`str.isalnum` : lettres, accentuées ou non, lettres
#   grecques, chiffres), c'est-à-dire exactement `re.findall(r"[^\W_]+", texte.lower())`.
#   Tout le reste (espaces, ponctuation, apostrophes, tirets, `_`, symboles) sépare les mots ;
#   un texte sans mot donne la liste vide.
# * `construire_vocabulaire(textes, freq_min=2)` qui renvoie un dictionnaire `mot → indice`
#   (des `int` Python) : `"<pad>"` vaut 0, `"<unk>"` vaut 1, puis viennent, aux indices 2, 3,
#   …, les mots dont le **nombre total d'occurrences** dans `textes` (mots obtenus par
#   `tokeniser`) est au moins `freq_min`, rangés par nombre d'occurrences **décroissant**, les
#   ex æquo par ordre alphabétique **au sens de Python** (`sorted` sur les chaînes : par points
#   de code, donc `"z"` avant `"é"`). La liste `textes` n'est pas modifiée.
# * `encoder(textes, vocab, longueur_max)` qui renvoie le couple `(ids, longueurs)` des
#   conventions ci-dessus : les mots de chaque texte (`tokeniser`) sont remplacés par leur
#   indice dans `vocab` (1 pour un mot absent), seuls les `longueur_max` **premiers** mots sont
#   gardés, et $L$ = la plus grande des longueurs ainsi obtenues (donc $L \le$
#   `longueur_max`, et $L$ est plus petit si tous les textes sont courts). **Un texte sans
#   aucun mot** est codé par le seul mot inconnu : `[1]`, de longueur 1. `ids` et `longueurs`
#   sont des `torch.int64` ; ni `textes` ni `vocab` ne sont modifiés (un mot inconnu n'est
#   **pas** ajouté au vocabulaire).
#
# Puis, dans la cellule suivante, construire `vocab` sur les textes d'entraînement **seuls**
# (`freq_min = FREQ_MIN`) et coder les deux parties avec `longueur_max = LONGUEUR_MAX` :
# `ids_train, longueurs_train` et `ids_test, longueurs_test`.

# %%
def tokeniser(texte: str) -> list[str]:
    """Les mots du texte en minuscules : suites maximales de caractères alphanumériques."""
    # BEGIN SOLUTION
    return re.findall(r"[^\W_]+", texte.lower())
    # END SOLUTION


def construire_vocabulaire(textes: list[str], freq_min: int = 2) -> dict[str, int]:
    """<pad> → 0, <unk> → 1, puis les mots fréquents, par occurrences décroissantes."""
    # BEGIN SOLUTION
    compte = Counter(mot for texte in textes for mot in tokeniser(texte))
    gardes = sorted((m for m in compte if compte[m] >= freq_min), key=lambda m: (-compte[m], m))
    vocab = {"<pad>": 0, "<unk>": 1}
    for mot in gardes:
        vocab[mot] = len(vocab)
    return vocab
    # END SOLUTION


def encoder(textes: list[str], vocab: dict[str, int],
            longueur_max: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(ids (B, L) int64 complétés par des 0, longueurs (B,) int64)."""
    # BEGIN SOLUTION
    suites = [[vocab.get(m, 1) for m in tokeniser(t)][:longueur_max] or [1] for t in textes]
    longueurs = torch.tensor([len(s) for s in suites], dtype=torch.int64)
    ids = torch.zeros(len(suites), int(longueurs.max()), dtype=torch.int64)
    for i, s in enumerate(suites):
        ids[i, :len(s)] = torch.tensor(s)
    return ids, longueurs
    # END SOLUTION


# %%
FREQ_MIN, LONGUEUR_MAX = 2, 40
# BEGIN SOLUTION
vocab = construire_vocabulaire(textes_train, FREQ_MIN)
ids_train, longueurs_train = encoder(textes_train, vocab, LONGUEUR_MAX)
ids_test, longueurs_test = encoder(textes_test, vocab, LONGUEUR_MAX)
# END SOLUTION

# %%
print(tokeniser("L’entropie croisée (CE) vaut 0,5 !"))
print(f"{len(vocab)} entrées dans le vocabulaire ; ids_train : {tuple(ids_train.shape)}, "
      f"longueur moyenne {longueurs_train.double().mean():.1f} mots")

# %%
@helper
def mots_attendus(texte):
    """The oracle of tokeniser: the statement's regular expression."""
    import re

    mot = re.compile(r"[^\W_]+")
    return mot.findall(texte.lower())


@helper
def vocabulaire_attendu(textes, freq_min):
    """The oracle of construire_vocabulaire."""
    compte = {}
    for texte in textes:
        for mot in mots_attendus(texte):
            compte[mot] = compte.get(mot, 0) + 1
    vocab = {"<pad>": 0, "<unk>": 1}
    for mot in sorted((m for m, c in compte.items() if c >= freq_min),
                      key=lambda m: (-compte[m], m)):
        vocab[mot] = len(vocab)
    return vocab


@helper
def encodage_attendu(textes, vocab, longueur_max):
    """The oracle of encoder."""
    suites = []
    for texte in textes:
        suite = [vocab.get(m, 1) for m in mots_attendus(texte)][:longueur_max]
        suites.append(suite if suite else [1])
    ids = torch.zeros(len(suites), max(len(s) for s in suites), dtype=torch.int64)
    for i, suite in enumerate(suites):
        ids[i, :len(suite)] = torch.tensor(suite, dtype=torch.int64)
    return ids, torch.tensor([len(s) for s in suites], dtype=torch.int64)


@helper
def expect_mots(recu, texte, quoi, reveal):
    attendu = mots_attendus(texte)
    C.expect(isinstance(recu, list) and all(isinstance(m, str) for m in recu),
             f"`{quoi}` doit renvoyer une liste de chaînes (reçu {type(recu).__name__}).",
             hint="re.findall renvoie déjà une liste de chaînes.")
    if reveal:
        C.expect_equal(recu, attendu, name=quoi, reveal=True,
                       hint="minuscules d'abord, puis re.findall(r\"[^\\W_]+\", ...) : "
                            "l'apostrophe et la virgule séparent les mots.")
    C.expect(recu == attendu,
             f"`{quoi}` ne découpe pas le texte selon la règle de l'énoncé "
             f"({len(recu)} mots au lieu du bon nombre)." if len(recu) != len(attendu) else
             f"`{quoi}` ne découpe pas le texte selon la règle de l'énoncé (mêmes nombres de "
             "mots, mots différents).",
             hint="texte.lower() puis les suites maximales de caractères alphanumériques : "
                  "lettres accentuées et grecques comprises, `_`, apostrophes, tirets et "
                  "symboles séparent les mots.")


@helper
def expect_vocabulaire(recu, attendu, quoi, reveal):
    C.expect(isinstance(recu, dict), f"`{quoi}` doit renvoyer un dictionnaire mot → indice "
                                     f"(reçu {type(recu).__name__}).")
    C.expect(all(type(v) is int for v in recu.values()),
             f"Les indices de `{quoi}` doivent être des entiers Python (int).",
             hint="len(vocab) ou un compteur entier, pas un tenseur.")
    C.expect(recu.get("<pad>") == 0 and recu.get("<unk>") == 1,
             f"Dans `{quoi}`, \"<pad>\" doit valoir 0 et \"<unk>\" 1.")
    manquants, en_trop = sorted(set(attendu) - set(recu)), sorted(set(recu) - set(attendu))
    if reveal:
        C.expect_equal(recu, attendu, name=quoi, reveal=True,
                       hint="les mots d'au moins freq_min occurrences, par nombre "
                            "d'occurrences décroissant puis par ordre alphabétique.")
    C.expect(not manquants and not en_trop,
             f"`{quoi}` ne contient pas les bons mots ({len(manquants)} mots manquants, "
             f"{len(en_trop)} en trop).",
             hint="comptez toutes les occurrences (un mot répété dans un texte compte "
                  "plusieurs fois) et gardez les mots d'au moins freq_min occurrences "
                  "(freq_min = 2 par défaut).")
    C.expect(recu == attendu,
             f"`{quoi}` contient les bons mots mais pas aux bons indices.",
             hint="indices 2, 3, … par nombre d'occurrences décroissant ; les ex æquo dans "
                  "l'ordre de sorted (points de code : \"z\" avant \"é\").")


@helper
def expect_encodage(resultat, attendu, quoi, reveal):
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{quoi}` doit renvoyer un couple (ids, longueurs).")
    ids, longueurs = (C.as_tensor(v, f"{nom} de {quoi}")
                      for v, nom in zip(resultat, ("ids", "longueurs"), strict=True))
    ids_attendus, longueurs_attendues = attendu
    for v, nom in ((ids, "ids"), (longueurs, "longueurs")):
        C.expect_dtype(v, torch.int64, name=f"{nom} de {quoi}",
                       hint="des indices entiers : dtype=torch.int64 (torch.long).")
    C.expect_shape(longueurs, tuple(longueurs_attendues.shape), name=f"longueurs de {quoi}")
    if reveal:
        C.expect_equal(longueurs.tolist(), longueurs_attendues.tolist(),
                       name=f"longueurs de {quoi}", reveal=True)
    faux = int((longueurs != longueurs_attendues).sum())
    C.expect(faux == 0, f"`{quoi}` : {faux} longueur(s) sur {len(longueurs)} sont fausses.",
             hint="le nombre de mots gardés (au plus longueur_max) ; 1 pour un texte sans mot.")
    C.expect_shape(ids, tuple(ids_attendus.shape), name=f"ids de {quoi}",
                   hint="L = la plus grande des longueurs gardées, pas toujours "
                        "longueur_max.")
    if reveal:
        C.expect_equal(ids.tolist(), ids_attendus.tolist(), name=f"ids de {quoi}",
                       reveal=True)
    faux = int((ids != ids_attendus).any(dim=1).sum())
    C.expect(faux == 0, f"`{quoi}` : {faux} ligne(s) de ids sur {len(ids)} sont fausses.",
             hint="les indices des premiers mots, 1 pour un mot absent du vocabulaire, puis "
                  "des 0 ; un texte vide devient [1].")


@check
def tokeniser_exemple(tokeniser):
    texte = "L’entropie croisée (CE) vaut 0,5 !"
    expect_mots(C.call(tokeniser, texte, name="tokeniser"), texte,
                f"tokeniser({texte!r})", True)


@check(hidden=True)
def tokeniser_regle(tokeniser):
    textes = ["ÉTÉ, Été et été.", "x_1 + x2 = σ′(z) ; Œuvre d'État-major", "",
              "... ! ?", "Réseau\tde\nneurones   profond", "le GPT-3 (2020) et l'ELBO…",
              "θ̂MLE = arg max θ ∑ log p(yi | xi; θ)", "ça coûte 1,5 % de plus"]
    for texte in textes:
        expect_mots(C.call(tokeniser, texte, name="tokeniser"), texte,
                    "tokeniser sur un texte de la correction", False)


@check
def vocabulaire_exemple(construire_vocabulaire):
    textes = ["le chat dort", "le chien dort", "le chat"]
    expect_vocabulaire(C.call(construire_vocabulaire, list(textes), 1,
                              name="construire_vocabulaire"),
                       vocabulaire_attendu(textes, 1), "construire_vocabulaire(textes, 1)",
                       True)


@check(hidden=True)
def vocabulaire_regle(construire_vocabulaire):
    g = torch.Generator().manual_seed(550)
    mots = ["zèbre", "été", "abeille", "Été", "zoo", "ôter", "un", "deux", "x1", "a"]
    textes = [" ".join(mots[int(i)] for i in torch.randint(0, len(mots), (int(n),),
                                                           generator=g))
              + (", l’été." if k % 3 == 0 else "")
              for k, n in enumerate(torch.randint(0, 9, (25,), generator=g))]
    for freq_min in (None, 1, 3, 6):
        copie = list(textes)
        if freq_min is None:
            recu, apres = C.call_seeing_arguments(construire_vocabulaire, copie,
                                                  name="construire_vocabulaire")
            quoi, freq_min = "construire_vocabulaire(textes)", 2
        else:
            recu, apres = C.call_seeing_arguments(construire_vocabulaire, copie, freq_min,
                                                  name="construire_vocabulaire")
            quoi = f"construire_vocabulaire(textes, {freq_min})"
        C.expect(list(apres[0]) == textes, f"`{quoi}` modifie la liste `textes` reçue.")
        expect_vocabulaire(recu, vocabulaire_attendu(textes, freq_min), quoi, False)


@check
def encoder_exemple(encoder):
    vocab = {"<pad>": 0, "<unk>": 1, "le": 2, "chat": 3, "dort": 4}
    textes = ["Le chat dort.", "le chien", "le chat dort sur le tapis"]
    expect_encodage(C.call(encoder, list(textes), dict(vocab), 4, name="encoder"),
                    encodage_attendu(textes, vocab, 4), "encoder(textes, vocab, 4)", True)


@check(hidden=True)
def encoder_regle(encoder):
    vocab = {"<pad>": 0, "<unk>": 1, "le": 2, "réseau": 3, "apprend": 4, "vite": 5, "σ": 6}
    cas = [(["le réseau apprend", "Réseau !", "σ"], 10),  # L = 3 < longueur_max
           (["le réseau apprend vite vite le réseau", "apprend", "le le"], 4),  # truncation
           (["", "le réseau", "… ?"], 5),  # texts without any word
           (["inconnu total", "le mot-inconnu apprend"], 3),
           (["vite"], 1), (["", ""], 6)]
    for textes, longueur_max in cas:
        quoi = f"encoder(textes, vocab, {longueur_max})"
        resultat, apres = C.call_seeing_arguments(encoder, list(textes), dict(vocab),
                                                  longueur_max, name="encoder")
        C.expect(list(apres[0]) == textes, f"`{quoi}` modifie la liste `textes` reçue.")
        C.expect(dict(apres[1]) == vocab,
                 f"`{quoi}` modifie le vocabulaire reçu.",
                 hint="un mot inconnu est codé 1 (vocab.get(mot, 1)) sans être ajouté à vocab.")
        expect_encodage(resultat, encodage_attendu(textes, vocab, longueur_max), quoi, False)


@check
def vocabulaire_du_train(vocab, ids_train, longueurs_train, ids_test, longueurs_test):
    textes, _ = data.texts("course-text", "train")
    attendu = vocabulaire_attendu(textes, 2)
    C.expect(isinstance(vocab, dict), "`vocab` doit être le dictionnaire renvoyé par "
                                      "construire_vocabulaire.")
    C.expect(len(vocab) == len(attendu) and vocab == attendu,
             f"`vocab` ({len(vocab)} entrées) n'est pas le vocabulaire des textes "
             f"d'entraînement seuls avec freq_min = 2 ({len(attendu)} entrées attendues).",
             hint="construisez vocab par construire_vocabulaire(textes_train, FREQ_MIN) : "
                  "ni les textes de test, ni la concaténation des deux.")
    for partie, ids, longueurs in (("train", ids_train, longueurs_train),
                                   ("test", ids_test, longueurs_test)):
        textes, _ = data.texts("course-text", partie)
        expect_encodage((ids, longueurs), encodage_attendu(textes, attendu, 40),
                        f"ids_{partie}, longueurs_{partie}", False)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 5

# %% [markdown]
# **Question 2 — le masque et les trois modèles.** Tous les modèles reçoivent `(ids,
# longueurs)` (conventions ci-dessus) et renvoient les **logits** de forme $(B,$ `n_classes`$)$
# (pas de softmax). Écrire
#
# * `masque_padding(longueurs, longueur)` qui renvoie le tenseur **booléen** de forme
#   $(B,$ `longueur`$)$ valant `True` aux positions de remplissage ($t \ge$ `longueurs[b]`) et
#   `False` ailleurs : la convention de `src_key_padding_mask` de PyTorch ;
# * `nb_parametres(modele)` qui renvoie le nombre (un `int` Python) de paramètres
#   **entraînables** d'un `nn.Module` (ceux de `modele.parameters()` dont `requires_grad` est
#   vrai, chacun compté une fois ; les *buffers*, comme les statistiques d'une BatchNorm, ne sont
#   pas des paramètres) ;
# * `ClassifieurRNN(taille_vocab, d_emb, d_cache, n_classes, cellule="lstm")`, un `nn.Module`
#   d'attributs
#   `embedding = nn.Embedding(taille_vocab, d_emb, padding_idx=0)`, `rnn` = un `nn.LSTM`
#   (`cellule == "lstm"`) ou un `nn.GRU` (`cellule == "gru"`) d'entrée `d_emb`, d'état
#   `d_cache`, à **une couche bidirectionnelle** (`bidirectional=True`, autres réglages par
#   défaut ; `batch_first` à votre choix), et `sortie = nn.Linear(2 * d_cache, n_classes)`.
#   Pour chaque texte $b$ de longueur $n_b$, la représentation est la concaténation
#   $[\overrightarrow{h}_{n_b}\,;\,\overleftarrow{h}_1]$ (équation 5.22) : l'état de la
#   direction **avant** après le **dernier vrai mot** (position $n_b - 1$, pas la dernière
#   colonne du lot) puis l'état de la direction **arrière** à la **position 0** (après avoir
#   lu le texte de son dernier vrai mot jusqu'au premier, sans le remplissage). Les logits sont
#   `sortie(représentation)`. `pack_padded_sequence(..., enforce_sorted=False)` (les
#   longueurs sur CPU) donne exactement cela dans `h_n` ; un traitement texte par texte aussi.
# * `ClassifieurTransformer(taille_vocab, d_model, n_tetes, n_couches, d_ff, n_classes,
#   longueur_max)`, un `nn.Module` d'attributs `embedding = nn.Embedding(taille_vocab, d_model,
#   padding_idx=0)`, `position = nn.Embedding(longueur_max, d_model)` (positions apprises),
#   `encodeur = nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, n_tetes, d_ff,
#   dropout=0.0, batch_first=True), n_couches)` (autres réglages par défaut : ReLU, *post-norm*,
#   pas de normalisation finale) et `sortie = nn.Linear(d_model, n_classes)`. L'entrée de
#   l'encodeur est `embedding(ids)` plus l'embedding de la position $t = 0, \dots, L - 1$ ;
#   l'encodeur reçoit `src_key_padding_mask` = le masque de remplissage ; la représentation
#   d'un texte est la **moyenne** des sorties de l'encodeur sur ses **seules positions
#   réelles** ($t <$ `longueurs[b]`), puis `sortie`.
#
# Les logits restent dans le graphe d'autograd (les modèles sont entraînés en question 3).
# Les noms d'attributs sont imposés : la correction copie des poids connus dans vos modèles
# (`load_state_dict`) et compare leurs logits à ceux de modules de PyTorch, texte par texte.
# Elle vérifie aussi qu'ajouter des colonnes de remplissage, ou mettre un texte dans un lot
# de textes plus longs, ne change pas ses logits, et compte vos paramètres pour des tailles
# qu'elle choisit.

# %%
def masque_padding(longueurs: torch.Tensor, longueur: int) -> torch.Tensor:
    """(B, longueur) booléen : True aux positions t >= longueurs[b]."""
    # BEGIN SOLUTION
    return torch.arange(longueur, device=longueurs.device) >= longueurs[:, None]
    # END SOLUTION


def nb_parametres(modele: nn.Module) -> int:
    """Le nombre de paramètres entraînables de modele."""
    # BEGIN SOLUTION
    return sum(p.numel() for p in modele.parameters() if p.requires_grad)
    # END SOLUTION


# %%
class ClassifieurRNN(nn.Module):
    """Embedding → LSTM ou GRU bidirectionnel → [avant au dernier mot ; arrière en 0] → linéaire."""

    def __init__(self, taille_vocab: int, d_emb: int, d_cache: int, n_classes: int,
                 cellule: str = "lstm"):
        super().__init__()
        # BEGIN SOLUTION
        self.embedding = nn.Embedding(taille_vocab, d_emb, padding_idx=0)
        self.rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[cellule](d_emb, d_cache, bidirectional=True)
        self.sortie = nn.Linear(2 * d_cache, n_classes)
        # END SOLUTION

    def forward(self, ids: torch.Tensor, longueurs: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        paquet = pack_padded_sequence(self.embedding(ids), longueurs.cpu(), batch_first=True,
                                      enforce_sorted=False)
        _, etat = self.rnn(paquet)
        h_n = etat[0] if isinstance(etat, tuple) else etat  # LSTM : (h_n, c_n)
        return self.sortie(torch.cat([h_n[0], h_n[1]], dim=1))
        # END SOLUTION


class ClassifieurTransformer(nn.Module):
    """Embeddings (mots + positions) → encodeur masqué → moyenne sur les vrais mots → linéaire."""

    def __init__(self, taille_vocab: int, d_model: int, n_tetes: int, n_couches: int,
                 d_ff: int, n_classes: int, longueur_max: int):
        super().__init__()
        # BEGIN SOLUTION
        self.embedding = nn.Embedding(taille_vocab, d_model, padding_idx=0)
        self.position = nn.Embedding(longueur_max, d_model)
        couche = nn.TransformerEncoderLayer(d_model, n_tetes, d_ff, dropout=0.0,
                                            batch_first=True)
        self.encodeur = nn.TransformerEncoder(couche, n_couches)
        self.sortie = nn.Linear(d_model, n_classes)
        # END SOLUTION

    def forward(self, ids: torch.Tensor, longueurs: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        L = ids.shape[1]
        masque = masque_padding(longueurs, L)
        z = self.encodeur(self.embedding(ids) + self.position.weight[:L],
                          src_key_padding_mask=masque)
        z = z.masked_fill(masque[:, :, None], 0.0)
        return self.sortie(z.sum(dim=1) / longueurs[:, None])
        # END SOLUTION


# %%
_ids, _longueurs = encoder(["le réseau apprend", "un RNN"], vocab, LONGUEUR_MAX)
print(masque_padding(_longueurs, _ids.shape[1]))
print(ClassifieurRNN(len(vocab), 8, 6, 3, "gru")(_ids, _longueurs).shape,
      ClassifieurTransformer(len(vocab), 8, 2, 1, 16, 3, LONGUEUR_MAX)(_ids, _longueurs).shape)

# %%
@helper
def poser_poids(modele, quoi, graine):
    """Known weights (a seeded generator, key by key in sorted order) loaded into the student's
    model with load_state_dict; returns them (float64 copies of what the model holds)."""
    etat = C.call(modele.state_dict, name=f"{quoi}.state_dict")
    g = torch.Generator().manual_seed(graine)
    nouveau = {}
    for cle in sorted(etat):
        v = C.as_tensor(etat[cle], f"{quoi}.{cle}")
        if v.is_floating_point():
            echelle = 0.5 if v.dim() == 1 else v.shape[-1] ** -0.5
            v = (torch.randn(v.shape, generator=g, dtype=torch.float64) * echelle).to(v.dtype)
        nouveau[cle] = v
    C.call(modele.load_state_dict, nouveau, name=f"{quoi}.load_state_dict")
    return {k: v.to(torch.float64) if v.is_floating_point() else v for k, v in nouveau.items()}


@helper
def charger_oracle(oracle, etat, quoi):
    """Load the student's state into the grader's module of the stated architecture: the
    parameter names and shapes are part of the statement, so a mismatch is shown."""
    attendues = oracle.state_dict()
    manquants = sorted(set(attendues) - set(etat))
    en_trop = sorted(set(etat) - set(attendues))
    C.expect(not manquants and not en_trop,
             f"Les paramètres de `{quoi}` ne suivent pas l'architecture de l'énoncé"
             + (f" ; absents : {', '.join(manquants[:4])}" if manquants else "")
             + (f" ; inattendus : {', '.join(en_trop[:4])}" if en_trop else "") + ".",
             hint="attributs imposés : embedding, rnn (ou position, encodeur), sortie ; une "
                  "seule couche, bidirectionnelle ; pas de normalisation finale.")
    for cle, v in attendues.items():
        C.expect(tuple(etat[cle].shape) == tuple(v.shape),
                 f"Le paramètre `{cle}` de `{quoi}` a la forme {tuple(etat[cle].shape)} au lieu "
                 f"de {tuple(v.shape)}.")
    oracle.load_state_dict(etat)
    return oracle.eval()


@helper
def oracle_rnn(etat, tailles, cellule, ids, longueurs, quoi):
    """Logits of the stated ClassifieurRNN(*tailles, cellule) with the weights `etat`, each
    text alone (no padding at all), in float64, with PyTorch's own modules."""
    V, d, h, K = tailles

    class Oracle(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(V, d, padding_idx=0)
            self.rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[cellule](d, h, batch_first=True,
                                                                bidirectional=True)
            self.sortie = nn.Linear(2 * h, K)

    oracle = charger_oracle(Oracle().double(), etat, quoi)
    logits = []
    with torch.no_grad():
        for b in range(len(ids)):
            _, etat_final = oracle.rnn(oracle.embedding(ids[b:b + 1, :int(longueurs[b])]))
            h_n = etat_final[0] if cellule == "lstm" else etat_final
            logits.append(oracle.sortie(torch.cat([h_n[0], h_n[1]], dim=1))[0])
    return torch.stack(logits)


@helper
def oracle_transformer(etat, tailles, ids, longueurs, quoi):
    """Logits of the stated ClassifieurTransformer with the weights `etat`, each text alone
    (no padding, hence no mask), in float64, with PyTorch's own modules."""
    V, d, n_tetes, n_couches, d_ff, K, L_max = tailles

    class Oracle(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(V, d, padding_idx=0)
            self.position = nn.Embedding(L_max, d)
            couche = nn.TransformerEncoderLayer(d, n_tetes, d_ff, dropout=0.0, batch_first=True)
            self.encodeur = nn.TransformerEncoder(couche, n_couches, enable_nested_tensor=False)
            self.sortie = nn.Linear(d, K)

    oracle = charger_oracle(Oracle().double(), etat, quoi)
    logits = []
    for b in range(len(ids)):  # with autograd on: PyTorch's reference (slow) path
        n = int(longueurs[b])
        x = oracle.embedding(ids[b:b + 1, :n]) + oracle.position.weight[:n]
        logits.append(oracle.sortie(oracle.encodeur(x).mean(dim=1))[0])
    return torch.stack(logits).detach()


@helper
def logits_du_modele(modele, ids, longueurs, quoi, entrainement=False):
    """The model's logits (no gradient), in eval mode unless `entrainement`."""
    @C.probe
    def appliquer(modele, ids, longueurs, entrainement):
        modele.train(entrainement)
        with torch.no_grad():
            return modele(ids, longueurs)

    sortie = C.as_tensor(C.call(appliquer, modele, ids, longueurs, entrainement, name=quoi),
                         quoi)
    C.expect(sortie.dim() == 2 and sortie.shape[0] == len(ids),
             f"`{quoi}(ids, longueurs)` doit renvoyer des logits de forme (B, n_classes), "
             f"reçu {tuple(sortie.shape)} pour B = {len(ids)}.",
             hint="une ligne de logits par texte : sortie(représentation), sans squeeze.")
    C.expect(bool(torch.isfinite(sortie).all()),
             f"`{quoi}(ids, longueurs)` renvoie des valeurs non finies (nan ou inf).",
             hint="une moyenne sur zéro position ? divisez par les longueurs (≥ 1).")
    return sortie.to(torch.float64)


@helper
def lot_aleatoire(g, B, L, V):
    """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
    longueurs = torch.randint(1, L + 1, (B,), generator=g)
    longueurs[1], longueurs[-1] = L, 1
    ids = torch.randint(1, V, (B, L), generator=g)
    ids[torch.arange(L) >= longueurs[:, None]] = 0
    return ids, longueurs


@helper
def modeles_de_test(ClassifieurRNN, ClassifieurTransformer, V, K, L_max):
    """Small student models of the three kinds (default initialisation, seeded)."""
    modeles = []
    for cellule in ("lstm", "gru"):
        quoi = f"ClassifieurRNN({V}, 8, 6, {K}, {cellule!r})"
        modeles.append((quoi, C.make_model(ClassifieurRNN, V, 8, 6, K, cellule, name=quoi)))
    quoi = f"ClassifieurTransformer({V}, 8, 2, 1, 16, {K}, {L_max})"
    modeles.append((quoi, C.make_model(ClassifieurTransformer, V, 8, 2, 1, 16, K, L_max,
                                       name=quoi)))
    return modeles


@check
def masque_exemple(masque_padding):
    longueurs = torch.tensor([3, 1, 4])
    masque = C.as_tensor(C.call(masque_padding, longueurs.clone(), 4, name="masque_padding"),
                         "masque_padding(tensor([3, 1, 4]), 4)")
    C.expect_dtype(masque, torch.bool, name="masque_padding(tensor([3, 1, 4]), 4)",
                   hint="une comparaison (>=) donne directement un tenseur booléen.")
    C.expect_equal(masque.tolist(), (torch.arange(4) >= longueurs[:, None]).tolist(),
                   name="masque_padding(tensor([3, 1, 4]), 4)", reveal=True,
                   hint="True au remplissage : positions t ≥ longueurs[b].")


@check(hidden=True)
def masque_valeurs(masque_padding):
    g = torch.Generator().manual_seed(551)
    for B, L in ((6, 9), (1, 1), (3, 12), (5, 2)):
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        quoi = f"masque_padding(longueurs de forme ({B},), {L})"
        masque = C.as_tensor(C.expect_unchanged(masque_padding, longueurs.clone(), L,
                                                name="masque_padding"), quoi)
        C.expect_dtype(masque, torch.bool, name=quoi)
        C.expect_shape(masque, (B, L), name=quoi)
        C.expect(torch.equal(masque, torch.arange(L) >= longueurs[:, None]),
                 f"`{quoi}` n'est pas le masque de remplissage.",
                 hint="True exactement aux positions t ≥ longueurs[b] (une longueur égale à "
                      "L ne laisse aucun remplissage).")


@check
def modeles_formes_et_padding(ClassifieurRNN, ClassifieurTransformer):
    V, K, L_max = 30, 3, 12
    ids = torch.tensor([[6, 8, 10, 0, 0, 0, 0], [5, 7, 2, 9, 11, 3, 4], [12, 0, 0, 0, 0, 0, 0]])
    longueurs = torch.tensor([3, 7, 1])
    for quoi, modele in modeles_de_test(ClassifieurRNN, ClassifieurTransformer, V, K, L_max):
        lot = logits_du_modele(modele, ids, longueurs, quoi)
        C.expect_shape(lot, (3, K), name=f"{quoi}(ids, longueurs) pour B = 3",
                       hint="des logits (B, n_classes), un texte par ligne.")
        seul = logits_du_modele(modele, ids[:1, :3], longueurs[:1], quoi)
        C.expect_close(lot[:1], seul, name=f"logits du texte 0 de {quoi}, dans le lot ou seul",
                       rtol=1e-4, atol=1e-5,
                       hint="dans le lot, ce texte de 3 mots est suivi de 4 zéros de "
                            "remplissage : la sortie ne doit pas en dépendre (RNN : "
                            "pack_padded_sequence ; Transformer : src_key_padding_mask et "
                            "moyenne sur les vrais mots).")
        allonge = logits_du_modele(modele, F.pad(ids, (0, 3)), longueurs, quoi)
        C.expect_close(allonge, lot,
                       name=f"logits de {quoi} avec 3 colonnes de remplissage en plus",
                       rtol=1e-4, atol=1e-5,
                       hint="ajouter des colonnes de 0 à droite du lot ne doit rien changer.")


@check(hidden=True, each={"cellule": ["lstm", "gru"]})
def rnn_contre_oracle(ClassifieurRNN, cellule):
    g = torch.Generator().manual_seed(552)
    for V, d, h, K, B, L, graine in ((20, 5, 4, 3, 5, 7, 1), (13, 3, 6, 2, 3, 5, 2)):
        quoi = f"ClassifieurRNN({V}, {d}, {h}, {K}, {cellule!r})"
        modele = C.make_model(ClassifieurRNN, V, d, h, K, cellule, name=quoi)
        etat = poser_poids(modele, quoi, graine)
        ids, longueurs = lot_aleatoire(g, B, L, V)
        attendu = oracle_rnn(etat, (V, d, h, K), cellule, ids, longueurs, quoi)
        recu = logits_du_modele(modele, ids, longueurs, quoi)
        C.expect_shape(recu, (B, K), name=f"{quoi}(ids, longueurs)")
        C.expect_close(recu, attendu, name=f"logits de {quoi} (poids connus, lot de longueurs "
                                           "variées)", rtol=2e-4, atol=2e-5,
                       hint="représentation = [état avant après le dernier VRAI mot ; état "
                            "arrière en position 0], l'arrière lisant le texte depuis son "
                            "dernier vrai mot : h_n[0] et h_n[1] d'un pack_padded_sequence("
                            "..., enforce_sorted=False), dans cet ordre.")


@check(hidden=True)
def transformer_contre_oracle(ClassifieurTransformer):
    g = torch.Generator().manual_seed(553)
    for tailles, B, L, graine in (((20, 8, 2, 1, 16, 3, 9), 5, 7, 3),
                                  ((15, 12, 4, 2, 10, 2, 6), 4, 6, 4)):
        V, d, n_tetes, n_couches, d_ff, K, L_max = tailles
        quoi = f"ClassifieurTransformer{tailles}"
        modele = C.make_model(ClassifieurTransformer, *tailles, name=quoi)
        etat = poser_poids(modele, quoi, graine)
        ids, longueurs = lot_aleatoire(g, B, L, V)
        attendu = oracle_transformer(etat, tailles, ids, longueurs, quoi)
        for entrainement, mode in ((False, "eval"), (True, "train")):
            recu = logits_du_modele(modele, ids, longueurs, quoi, entrainement)
            C.expect_shape(recu, (B, K), name=f"{quoi}(ids, longueurs)")
            C.expect_close(recu, attendu,
                           name=f"logits de {quoi} en mode {mode} (poids connus, lot de "
                                "longueurs variées)", rtol=2e-4, atol=2e-5,
                           hint="entrée = embedding(ids) + position(0, …, L − 1) ; "
                                "src_key_padding_mask = masque de remplissage ; moyenne des "
                                "sorties sur les seules positions t < longueurs[b] ; "
                                "dropout=0.0 (mêmes sorties en mode train).")


@helper
def parametres_attendus(genre, tailles):
    """The parameter count of the stated architecture (PyTorch's two biases per gate block)."""
    if genre == "transformer":
        V, d, _, n_couches, d_ff, K, L_max = tailles
        couche = 4 * d * d + 4 * d + 2 * d * d_ff + d_ff + d + 4 * d
        return V * d + L_max * d + n_couches * couche + d * K + K
    V, d, h, K = tailles
    blocs = 4 if genre == "lstm" else 3
    return V * d + 2 * blocs * h * (d + h + 2) + 2 * h * K + K


@check
def nb_parametres_exemple(nb_parametres):
    fabrique = C.code("lambda: torch.nn.Linear(3, 4)")
    n = C.call(nb_parametres, C.build_where(nb_parametres, fabrique), name="nb_parametres")
    C.expect(type(n) is int, f"`nb_parametres` doit renvoyer un int Python (reçu "
                             f"{type(n).__name__}).", hint="sum(p.numel() for p in ...).")
    C.expect_equal(n, 16, name="nb_parametres(nn.Linear(3, 4))", reveal=True,
                   hint="3 × 4 poids et 4 biais.")


@check(hidden=True)
def nb_parametres_entrainables(nb_parametres):
    fabrique = C.code('''
def fabrique():
    with torch.random.fork_rng(devices=[]):
        partagee = nn.Linear(3, 3)
        m = nn.Sequential(nn.Embedding(10, 4), nn.Linear(4, 3), nn.BatchNorm1d(3), partagee,
                          nn.ReLU(), partagee)
    m[0].weight.requires_grad_(False)
    return m
''')
    n = C.call(nb_parametres, C.build_where(nb_parametres, fabrique), name="nb_parametres")
    C.expect(type(n) is int, "`nb_parametres` doit renvoyer un int Python.")
    C.expect(n == 15 + 6 + 12,
             "`nb_parametres` ne compte pas exactement les paramètres entraînables d'un module "
             "de la correction (couche gelée, BatchNorm, couche partagée).",
             hint="modele.parameters() (chaque paramètre une fois, sans les buffers), en "
                  "gardant ceux dont requires_grad est vrai.")


@check(hidden=True)
def parametres_formule(ClassifieurRNN, ClassifieurTransformer, nb_parametres):
    g = torch.Generator().manual_seed(554)
    cas = []
    for genre in ("lstm", "gru", "lstm", "gru", "transformer", "transformer"):
        V, d, h, K = (int(v) for v in torch.randint(2, 40, (4,), generator=g))
        if genre == "transformer":
            n_tetes = int(torch.randint(1, 4, (1,), generator=g))
            tailles = (V, 4 * n_tetes * int(torch.randint(1, 4, (1,), generator=g)), n_tetes,
                       int(torch.randint(1, 4, (1,), generator=g)), h, K, d)
            quoi = f"ClassifieurTransformer{tailles}"
            modele = C.make_model(ClassifieurTransformer, *tailles, name=quoi)
        else:
            tailles = (V, d, h, K)
            quoi = f"ClassifieurRNN({V}, {d}, {h}, {K}, {genre!r})"
            modele = C.make_model(ClassifieurRNN, *tailles, genre, name=quoi)
        cas.append((genre, tailles, quoi, modele))
    for genre, tailles, quoi, modele in cas:
        attendu = parametres_attendus(genre, tailles)
        C.expect(C.count_params(modele) == attendu,
                 f"`{quoi}` n'a pas le nombre de paramètres de l'architecture de l'énoncé.",
                 hint="une seule couche récurrente bidirectionnelle (deux directions), "
                      "sortie sur 2·d_cache ; pour le Transformer, positions apprises de "
                      "taille longueur_max, pas de normalisation finale.")
        n = C.call(nb_parametres, modele, name="nb_parametres")
        C.expect(type(n) is int and n == attendu,
                 f"`nb_parametres({quoi})` est faux.",
                 hint="la somme des numel() des paramètres entraînables.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 — l'entraînement.** Écrire `entrainer(modele, ids, longueurs, y, epoques,
# taille_lot, lr, generateur)` qui entraîne `modele` (modifié en place) et renvoie la liste des
# `epoques` pertes d'époque (des flottants Python) :
#
# * un seul optimiseur `torch.optim.Adam(modele.parameters(), lr=lr)` (autres réglages par
#   défaut) pour tout l'entraînement ;
# * à chaque époque, `ordre = torch.randperm(N, generator=generateur)` ($N$ = `len(y)`), puis
#   les lots `ordre[0:taille_lot]`, `ordre[taille_lot:2 * taille_lot]`, … (le dernier peut
#   être plus petit) ; pour chaque lot, la perte est l'entropie croisée moyenne
#   `F.cross_entropy(modele(ids[lot], longueurs[lot]), y[lot])`, puis remise à zéro des
#   gradients, rétropropagation, pas d'Adam ;
# * la perte d'une époque est la **moyenne par exemple** des pertes de ses lots (chaque perte de
#   lot pondérée par la taille du lot, divisée par $N$), calculée avant chaque mise à jour ;
# * le seul tirage aléatoire est celui de `generateur` : le générateur global de PyTorch n'est
#   ni utilisé ni réinitialisé (un `DataLoader` mélangé tire plus d'une permutation par époque :
#   écrivez la boucle vous-même).
#
# La cellule qui suit (fournie) entraîne avec votre fonction un LSTM, un GRU et un Transformer
# (mêmes budgets : `EPOQUES` époques, lots de `TAILLE_LOT`, `LR`) et mesure leurs durées. La
# correction compare votre fonction à un entraînement de référence sur ses propres modèles,
# vérifie qu'elle n'utilise que `generateur`, puis mesure la précision de vos trois modèles
# entraînés (et de modèles neufs qu'elle entraîne avec votre fonction) sur des phrases qu'elle
# garde pour elle, codées par votre `encoder` et votre `vocab` : chacun doit dépasser un seuil
# calibré sur plusieurs graines. La vérification publique fait la même mesure sur la partie
# test, avec 5 points de tolérance de plus (un autre échantillon de 120 phrases).

# %%
def entrainer(modele: nn.Module, ids: torch.Tensor, longueurs: torch.Tensor, y: torch.Tensor,
              epoques: int, taille_lot: int, lr: float,
              generateur: torch.Generator) -> list[float]:
    """Adam et entropie croisée, lots mélangés par generateur ; la perte moyenne par époque."""
    # BEGIN SOLUTION
    optimiseur = torch.optim.Adam(modele.parameters(), lr=lr)
    pertes = []
    for _ in range(epoques):
        total = 0.0
        for lot in torch.randperm(len(y), generator=generateur).split(taille_lot):
            perte = F.cross_entropy(modele(ids[lot], longueurs[lot]), y[lot])
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            total += perte.item() * len(lot)
        pertes.append(total / len(y))
    return pertes
    # END SOLUTION


# %%
D_EMB, D_CACHE, D_MODEL, N_TETES, N_COUCHES, D_FF = 32, 32, 32, 2, 1, 64
EPOQUES, TAILLE_LOT, LR = 8, 32, 1e-2
modeles, pertes, durees = {}, {}, {}
for nom in ("lstm", "gru", "transformer"):
    torch.manual_seed(0)
    if nom == "transformer":
        modele = ClassifieurTransformer(len(vocab), D_MODEL, N_TETES, N_COUCHES, D_FF,
                                        len(CLASSES), LONGUEUR_MAX)
    else:
        modele = ClassifieurRNN(len(vocab), D_EMB, D_CACHE, len(CLASSES), nom)
    debut = time.perf_counter()
    pertes[nom] = entrainer(modele, ids_train, longueurs_train, y_train, EPOQUES, TAILLE_LOT,
                            LR, torch.Generator().manual_seed(0))
    durees[nom] = (time.perf_counter() - debut) / EPOQUES
    modeles[nom] = modele
modele_lstm, modele_gru, modele_transformer = modeles["lstm"], modeles["gru"], modeles[
    "transformer"]
print({nom: [round(p, 3) for p in courbe] for nom, courbe in pertes.items()})

# %%
@helper
def usine_sac_de_mots():
    """The factory of the grader's model for the training checks: a bag of embeddings (mean
    over the true words) and a linear layer, float64, weights from a seeded generator, the
    global generator untouched."""
    return C.code('''
def fabrique(V, d, K, graine):
    class SacDeMots(nn.Module):
        def __init__(self):
            super().__init__()
            with torch.random.fork_rng(devices=[]):
                self.embedding = nn.Embedding(V, d)
                self.sortie = nn.Linear(d, K)
            self.double()
            g = torch.Generator().manual_seed(graine)
            with torch.no_grad():
                for p in self.parameters():
                    p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.5)

        def forward(self, ids, longueurs):
            e = self.embedding(ids) * (ids > 0).unsqueeze(-1)
            return self.sortie(e.sum(dim=1) / longueurs.unsqueeze(-1))

    return SacDeMots()
''')


@helper
def tache_du_correcteur(N, L, V, graine):
    """A learnable grader task: the class is the first word's index modulo 3."""
    g = torch.Generator().manual_seed(graine)
    ids, longueurs = lot_aleatoire(g, N, L, V)
    return ids, longueurs, ids[:, 0] % 3


@helper
def entrainement_compare(entrainer, N, epoques, taille_lot, lr, graine):
    """entrainer on a grader's float64 model where it lives, against the same training done
    here (the statement's batches and loss). Returns the student's losses, the oracle's, and the
    trained weights of both."""
    V, d, L = 12, 4, 6
    ids, longueurs, y = tache_du_correcteur(N, L, V, graine)
    fabrique = usine_sac_de_mots()
    modele = C.build_where(entrainer, fabrique, V, d, 3, graine)

    @C.probe
    def lancer(entrainer, modele, ids, longueurs, y, epoques, taille_lot, lr, graine):
        return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr,
                         torch.Generator().manual_seed(graine))

    pertes = C.call(lancer, entrainer, modele, ids, longueurs, y, epoques, taille_lot, lr,
                    graine + 1, name="entrainer")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques,
             f"`entrainer(..., epoques={epoques}, ...)` doit renvoyer la liste des {epoques} "
             "pertes d'époque.")
    C.expect(all(isinstance(p, float) for p in pertes),
             "`entrainer` doit renvoyer une liste de flottants Python.",
             hint="perte.item() (ou float(perte)) pour chaque lot.")
    poids = C.call(modele.state_dict, name="modele.state_dict")
    local = fabrique(V, d, 3, graine)
    optimiseur = torch.optim.Adam(local.parameters(), lr=lr)
    g = torch.Generator().manual_seed(graine + 1)
    attendues = []
    for _ in range(epoques):
        total = 0.0
        for lot in torch.randperm(N, generator=g).split(taille_lot):
            perte = F.cross_entropy(local(ids[lot], longueurs[lot]), y[lot])
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            total += perte.item() * len(lot)
        attendues.append(total / N)
    return pertes, attendues, poids, local.state_dict()


@check
def entrainer_exemple(entrainer):
    pertes, attendues, _, _ = entrainement_compare(entrainer, 40, 2, 16, 0.05, 5)
    C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                   torch.tensor(attendues, dtype=torch.float64),
                   name="pertes d'époque de entrainer (40 exemples, 2 époques, lots de 16, "
                        "lr = 0,05)", rtol=1e-6, atol=1e-9, reveal=True,
                   hint="ordre = torch.randperm(N, generator=generateur) à chaque époque, lots "
                        "consécutifs de taille_lot (le dernier de 8), perte d'époque = "
                        "Σ perte_lot × taille du lot / N.")


@check(hidden=True)
def entrainer_contre_reference(entrainer):
    for N, epoques, taille_lot, lr, graine in ((45, 4, 8, 0.05, 10), (7, 3, 10, 0.1, 11),
                                               (30, 1, 1, 0.01, 12)):
        quoi = f"N = {N}, {epoques} époques, lots de {taille_lot}, lr = {lr}"
        pertes, attendues, poids, poids_attendus = entrainement_compare(
            entrainer, N, epoques, taille_lot, lr, graine)
        C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                       torch.tensor(attendues, dtype=torch.float64),
                       name=f"pertes d'époque de entrainer ({quoi})", rtol=1e-6, atol=1e-9,
                       hint="un seul Adam(lr) créé avant la boucle ; à chaque époque un "
                            "nouvel ordre torch.randperm(N, generator=generateur) ; "
                            "zero_grad, backward, step pour chaque lot ; perte d'époque = "
                            "moyenne par exemple (le dernier lot est plus petit).")
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu.detach(),
                           name=f"poids `{nom}` après entrainer ({quoi})", rtol=1e-6,
                           atol=1e-9, hint="epoques × ⌈N / taille_lot⌉ pas d'Adam exactement.")
        if epoques > 1:
            C.expect(pertes[-1] < pertes[0],
                     f"La perte d'époque ne diminue pas ({quoi}) sur une tâche simple.")


@check(hidden=True)
def entrainer_generateur(entrainer):
    ids, longueurs, y = tache_du_correcteur(20, 5, 12, 13)
    # a fresh grader's model for every call, built without touching the global generator
    entrainer_neuf = C.code('''
def entrainer_neuf(ids, longueurs, y, generateur):
    return entrainer(fabrique(12, 4, 3, 0), ids, longueurs, y, 2, 6, 0.05, generateur)
''', entrainer=entrainer, fabrique=usine_sac_de_mots())
    pertes = C.expect_generator_obeyed(entrainer_neuf, ids, longueurs, y, name="entrainer",
                                       keyword="generateur",
                                       hint="mélangez avec torch.randperm(N, "
                                            "generator=generateur), sans torch.manual_seed.")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 2,
             "`entrainer(..., epoques=2, ...)` doit renvoyer la liste des 2 pertes.")


@helper
def precision_sur(modele, encoder, vocab, partie, quoi):
    """Accuracy of `modele` on the texts of `partie`, coded by the student's encoder and vocab
    (LONGUEUR_MAX = 40) where they live; the verdict is computed here."""
    textes, y = data.texts("course-text", partie)

    @C.probe
    def predire(modele, encoder, vocab, textes):
        ids, longueurs = encoder(textes, vocab, 40)
        modele.eval()
        with torch.no_grad():
            return modele(ids, longueurs)

    logits = C.as_tensor(C.call(predire, modele, encoder, vocab, textes, name=quoi), quoi)
    C.expect_shape(logits, (len(y), 3), name=f"{quoi}(textes codés)")
    return float((logits.argmax(dim=1) == y).double().mean())


@helper
def expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab,
                             partie, public):
    for nom, modele in (("lstm", modele_lstm), ("gru", modele_gru),
                        ("transformer", modele_transformer)):
        quoi = f"modele_{nom}"
        lire = C.code("lambda m: [type(m).__name__, type(getattr(m, 'rnn', None)).__name__, "
                      "type(getattr(m, 'encodeur', None)).__name__]")
        classe, rnn, encodeur = C.call(lire, C.require(modele, quoi, "variable"), name=quoi)
        attendu = ("ClassifieurTransformer", "TransformerEncoder") if nom == "transformer" \
            else ("ClassifieurRNN", nom.upper())
        decrit = "ClassifieurTransformer" if nom == "transformer" else f"ClassifieurRNN ({nom})"
        C.expect((classe, encodeur if nom == "transformer" else rnn) == attendu,
                 f"`{quoi}` devrait être le {decrit} entraîné par la cellule fournie.",
                 hint="ne modifiez pas la cellule d'entraînement fournie.")
        precision = precision_sur(modele, encoder, vocab, partie, quoi)
        seuil = C.budget(nom).threshold
        C.expect(seuil is not None,
                 f"Aucun seuil calibré pour `{quoi}` sur ces données : la précision ne peut "
                 "pas être jugée (l'enseignant doit lancer `autograder calibrate`).")
        # the threshold is calibrated on the grader's sentences; the test split (120 other
        # sentences) gets 5 points of slack for the difference between the two samples
        seuil = seuil - 0.05 if public else seuil
        detail = f" : {precision:.1%} < {seuil:.0%}" if public else ""
        C.expect(precision >= seuil,
                 f"`{quoi}` ne dépasse pas le seuil de précision "
                 f"{'sur le test' if public else 'sur les phrases de la correction'}{detail}.",
                 hint="vérifiez le codage (q1), le modèle (q2 : remplissage ignoré, bons états "
                      "de chaque direction) et l'entraînement (q3), puis relancez la cellule "
                      "d'entraînement.")


@check
def modeles_entraines_test(modele_lstm, modele_gru, modele_transformer, encoder, vocab):
    expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab,
                             "test", True)


@check(hidden=True)
def modeles_entraines_holdout(modele_lstm, modele_gru, modele_transformer, encoder, vocab):
    expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab,
                             "holdout", False)


@check(hidden=True, each={"cellule": ["lstm", "gru", "transformer"]})
def precision_apres_entrainement(ClassifieurRNN, ClassifieurTransformer, entrainer, encoder,
                                 vocab, cellule):
    # the budget of the notebook's training cell (sizes, epochs, batches, lr), seeded by the
    # grading run's seed: `autograder calibrate` measures the spread over seeds
    b = C.budget(cellule)
    taille_vocab = C.call(C.code("lambda v: len(v)"), C.require(vocab, "vocab", "variable"),
                          name="len(vocab)")
    if cellule == "transformer":
        quoi = "ClassifieurTransformer(len(vocab), 32, 2, 1, 64, 3, 40)"
        modele = C.make_model(ClassifieurTransformer, taille_vocab, 32, 2, 1, 64, 3, 40,
                              name=quoi)
    else:
        quoi = f"ClassifieurRNN(len(vocab), 32, 32, 3, {cellule!r})"
        modele = C.make_model(ClassifieurRNN, taille_vocab, 32, 32, 3, cellule, name=quoi)
    textes, y = data.texts("course-text", "train")

    @C.probe
    def lancer(entrainer, modele, encoder, vocab, textes, y, epoques, taille_lot, lr, graine):
        ids, longueurs = encoder(textes, vocab, 40)
        return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr,
                         torch.Generator().manual_seed(graine))

    pertes = C.call(lancer, entrainer, modele, encoder, vocab, textes[:b.train_size],
                    y[:b.train_size], b.epochs, b.batch_size, b.lr, C.seed(), name="entrainer")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == b.epochs,
             f"`entrainer` doit renvoyer la liste des {b.epochs} pertes d'époque.")
    C.expect_accuracy(precision_sur(modele, encoder, vocab, "holdout", quoi), b, name=quoi,
                      hint="vérifiez le codage (q1), le modèle (q2) et l'entraînement (q3).")


# %% [raw]
# # END QUESTION

# %% [markdown]
# **Comparaison (démonstration, non notée).** Le tableau donne, pour chaque modèle, le nombre
# de paramètres, la durée d'une époque (sur ce CPU, un seul fil), la précision sur le test, et
# la précision par tranche de longueur des phrases de test.

# %% tags=["demo"]
tranches = [(1, 10), (11, 20), (21, LONGUEUR_MAX)]
print(f"{'modèle':12s} {'paramètres':>10s} {'s/époque':>9s} {'test':>6s}  "
      + "  ".join(f"{a:>2d}–{b:<2d} mots" for a, b in tranches))
for nom, modele in modeles.items():
    modele.eval()
    with torch.no_grad():
        justes = modele(ids_test, longueurs_test).argmax(dim=1) == y_test
    par_tranche = []
    for a, b in tranches:
        dedans = (longueurs_test >= a) & (longueurs_test <= b)
        par_tranche.append(f"{justes[dedans].double().mean():6.1%} ({int(dedans.sum()):3d})"
                           if dedans.any() else "     –      ")
    print(f"{nom:12s} {nb_parametres(modele):10d} {durees[nom]:9.2f} "
          f"{justes.double().mean():6.1%}  " + "  ".join(par_tranche))

# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 4

# %% [markdown]
# **Question 4 (rédigée).** (a) Comparez les trois modèles du tableau : précision, temps par
# époque, nombre de paramètres (retrouvez par le calcul le rapport des parties récurrentes du
# LSTM et du GRU). Quelle part des paramètres est dans les embeddings ? (b) La **mémoire GPU**
# n'est pas mesurable ici (le notebook tourne sur CPU) : expliquez comment on la mesurerait
# (`torch.cuda.max_memory_allocated` après une époque) et comment elle croît avec la longueur
# $L$ des séquences pour chaque modèle. (c) Analysez la précision selon la longueur des phrases
# (tableau) : quelles tranches sont les plus difficiles, et pourquoi ? Quelle prudence
# impose la taille des tranches ? (d) Dans quels scénarios les RNN restent-ils compétitifs
# face au Transformer ? (e) Que changerait la grille du cours (IMDB ou AG News, modèles de
# 128 à 256 dimensions, sur GPU) ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) Sur ce petit corpus, les trois modèles ont des précisions proches (quelques points
# d'écart, de l'ordre de l'écart d'une graine à l'autre) : les mots du thème (« récurrent »,
# « attention », « génératif », « gradient »…) suffisent souvent à classer une phrase, ce
# qu'un sac de mots ferait presque aussi bien. La partie récurrente a, par direction,
# $4h(d + h + 2)$ paramètres pour le LSTM et $3h(d + h + 2)$ pour le GRU (deux biais par bloc
# dans PyTorch) : rapport 4/3, le GRU a 25 % de paramètres récurrents en moins. Avec un
# vocabulaire de l'ordre du millier de mots et $d = 32$, l'embedding ($|V| \cdot d$) pèse
# plus que tout le reste réuni : c'est typique des petits modèles de texte. Le Transformer
# est le plus rapide par époque sur ces phrases courtes (tout est parallèle, une seule
# couche), le LSTM le plus lent (quatre blocs de portes, une boucle sur le temps), le GRU
# entre les deux.
#
# (b) Sur GPU, on remet le compteur à zéro (`torch.cuda.reset_peak_memory_stats()`), on
# entraîne une époque et on lit `torch.cuda.max_memory_allocated()`. Hors paramètres et états
# d'Adam (trois copies des poids), la mémoire est dominée par les activations gardées pour la
# rétropropagation : pour un RNN, $O(B \cdot L \cdot h)$ (un état par pas, linéaire en $L$) ;
# pour le Transformer, $O(B \cdot L \cdot d)$ plus les matrices d'attention
# $O(B \cdot n_{\text{têtes}} \cdot L^2)$ par couche, quadratiques en $L$ (sauf noyaux
# économes comme FlashAttention). Sur des phrases de 20 mots c'est négligeable ; sur des
# documents de milliers de jetons, l'attention domine.
#
# (c) Les phrases très courtes (moins de 10 mots, souvent des fragments de formules ou de
# légendes) sont les plus difficiles : peu de mots porteurs de thème, et beaucoup de mots
# partagés entre chapitres (« le », « de », « la fonction »). Les phrases longues contiennent
# plus d'indices et sont mieux classées ; la troncature à `LONGUEUR_MAX` ne coûte presque
# rien ici. Les tranches contiennent des nombres de phrases inégaux, parfois quelques
# dizaines : un écart de quelques points entre modèles dans une tranche n'est pas
# significatif (écart-type d'une proportion $\sqrt{p(1-p)/n}$, environ 7 points pour
# $n = 40$).
#
# (d) Les RNN restent compétitifs quand les données sont peu nombreuses (moins de paramètres
# à apprendre, un biais inductif séquentiel utile), quand le calcul doit être **en flux**
# (un état de taille fixe mis à jour mot par mot, mémoire constante à l'inférence, latence
# faible : reconnaissance vocale embarquée, capteurs), sur des séquences très longues où
# l'attention quadratique coûte trop cher en mémoire, et sur du matériel modeste (CPU,
# microcontrôleurs). Le Transformer l'emporte quand il y a beaucoup de données, un GPU pour
# paralléliser, et des dépendances longues à capturer directement.
#
# (e) Avec IMDB (critiques longues, plusieurs centaines de mots), le LSTM devient très lent
# par époque (la boucle sur le temps) et la troncature compte ; le Transformer, plus
# parallèle, est plus rapide mais sa mémoire croît en $L^2$. Les écarts de précision entre
# architectures restent modestes (85–90 % pour les trois), les embeddings pré-entraînés ou
# un Transformer pré-entraîné font nettement mieux. La mesure de la mémoire GPU et du temps
# par époque y devient le vrai critère de comparaison.
