# %% [markdown]
# # Exercice 7.6 (⋆⋆⋆) — Analyse des têtes d'attention (projet)
#
# Le cours (exercice 7.6) propose d'**entraîner un Transformer à 4 couches et 8 têtes** sur une
# tâche de classification de texte, de **visualiser les matrices d'attention de chaque tête**
# pour des phrases d'exemple, de chercher des **têtes spécialisées** (position, syntaxe,
# sémantique) et d'**évaluer l'impact de l'élagage** de certaines têtes sur la performance.
#
# Le modèle est celui de la section 7.8 (un encodeur *pre-norm* : `MultiHeadAttention` avec
# $W_Q, W_K, W_V, W_O$, `TransformerEncoderBlock`, `TransformerClassifier` avec moyenne sur la
# séquence), à quelques choix près fixés à la question 1 (positions apprises, pas de dropout,
# moyenne sur les seuls mots). Dans chaque tête $i$ :
#
# $$\alpha^{(i)} = \operatorname{softmax}\!\Big(\frac{Q_i K_i^\top}{\sqrt{d_k}}\Big), \qquad
# \text{head}_i = \alpha^{(i)} V_i, \qquad
# \operatorname{MultiHead} = \operatorname{Concat}(\text{head}_1, \dots, \text{head}_h)\,W_O,
# \qquad d_k = d_{model}/h .$$
#
# La ligne $q$ de $\alpha^{(i)}$ est la **carte d'attention** du mot $q$ dans la tête $i$ : sa
# répartition sur les mots (clés) de la phrase.
#
# **Données (réelles, hors ligne).** Rien n'est téléchargé : `data.texts("course-text",
# partie)` renvoie des **phrases réelles de ce cours** (en français), étiquetées par thème, sous
# la forme `(textes, etiquettes)` — une liste de chaînes et un tenseur `torch.int64` — pour les
# parties `"train"` (602 phrases) et `"test"` (120) ; `data.classes("course-text")` donne les
# noms des 3 thèmes. La correction garde en plus des phrases qui lui sont propres.
#
# **Conventions.** Les lots sont rangés **le lot d'abord** : `ids` de forme $(B, L)$. Un
# **masque de padding** est un tenseur booléen $(B, L)$ qui vaut `True` aux positions de
# remplissage (jeton 0). Un **masque de têtes** `masque_tetes` est un tenseur flottant
# $(n_{couches}, n_{tetes})$ : `masque_tetes[l, i]` multiplie la sortie de la tête $i$ de la
# couche $l$ (1 : gardée, 0 : élaguée) ; `None` veut dire « toutes les têtes ».
#
# **Grille de calcul.** $d_{model} = 64$, 8 têtes ($d_k = 8$), 4 couches, $d_{ff} = 128$ :
# l'entraînement du notebook prend quelques dizaines de secondes sur un seul cœur de processeur.
# Les questions 1 à 4 sont corrigées automatiquement ; la question 5 est rédigée.

# %%
import math
import re
import time

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from autograder import data

torch.set_num_threads(1)  # de petits modèles : un seul fil de calcul est le plus rapide
N_MAX = 32  # mots gardés par phrase (les suivants sont ignorés)

# %% [markdown]
# **Les phrases et leur encodage (fourni, non noté).** Un mot est une suite de lettres ou de
# chiffres (`\w+`) du texte mis en minuscules. Le vocabulaire est formé des mots de la partie
# `"train"` (par ordre alphabétique) ; l'indice 0 est réservé au remplissage (`<pad>`) et
# l'indice 1 aux mots inconnus (`<inconnu>`). `encoder(textes, vocabulaire)` renvoie le couple
# `(ids, masque)` : `ids` de forme $(N, \text{N\_MAX})$ (`torch.int64`, les indices des `N_MAX`
# premiers mots de chaque phrase complétés par des 0 ; une phrase sans mot devient
# `[1, 0, …, 0]`) et `masque = (ids == 0)`, le masque de padding. La correction encode ses
# propres phrases de la même façon avec votre `vocabulaire` : ne modifiez ni `encoder`, ni
# `vocabulaire`, ni `N_MAX`.

# %%
CLASSES = data.classes("course-text")
textes_train, y_train = data.texts("course-text", "train")
textes_test, y_test = data.texts("course-text", "test")


def mots(texte):
    return re.findall(r"\w+", texte.lower())


vocabulaire = {"<pad>": 0, "<inconnu>": 1}
for mot in sorted({m for texte in textes_train for m in mots(texte)}):
    vocabulaire[mot] = len(vocabulaire)


def encoder(textes, vocabulaire, n_max=N_MAX):
    ids = torch.zeros(len(textes), n_max, dtype=torch.long)
    for i, texte in enumerate(textes):
        indices = [vocabulaire.get(m, 1) for m in mots(texte)][:n_max] or [1]
        ids[i, :len(indices)] = torch.tensor(indices)
    return ids, ids == 0


ids_train, masque_train = encoder(textes_train, vocabulaire)
ids_test, masque_test = encoder(textes_test, vocabulaire)
print(f"{len(textes_train)} phrases d'entraînement, {len(textes_test)} de test, "
      f"{len(vocabulaire)} mots ; thèmes : {CLASSES}")

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 4

# %% [markdown]
# **Question 1 — le Transformer de la section 7.8.** Écrire la classe
# `TransformerTexte(taille_vocab, d_model=64, n_tetes=8, n_couches=4, d_ff=128, n_classes=3,
# longueur_max=64)`, un `nn.Module` dont l'architecture **et les noms** sont fixés :
#
# * `embedding = nn.Embedding(taille_vocab, d_model)` et `positions = nn.Embedding(longueur_max,
#   d_model)` (positions **apprises**, indices $0, \dots, L-1$) ; l'entrée de la première couche
#   est $x_t = \text{embedding}(\text{ids}_t) + \text{positions}(t)$ (sans le facteur
#   $\sqrt{d_{model}}$ du cours) ;
# * `couches` : un `nn.ModuleList` de `n_couches` blocs ; le bloc `couches[l]` a pour
#   sous-modules `attn` (l'attention multi-tête, avec quatre `nn.Linear(d_model, d_model)`
#   **avec biais** nommés `W_q`, `W_k`, `W_v`, `W_o`), `ln1` et `ln2` (`nn.LayerNorm(d_model)`)
#   et `ffn = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))`
#   (exactement ces trois modules : clés `ffn.0.*` et `ffn.2.*`) ;
# * `ln_finale = nn.LayerNorm(d_model)` et `tete = nn.Linear(d_model, n_classes)` ;
# * les attributs `n_couches` et `n_tetes` ; **aucun dropout**.
#
# **Le bloc est *pre-norm*** (comme au § 7.8) : $x \leftarrow x + \operatorname{attn}(
# \operatorname{ln1}(x))$ puis $x \leftarrow x + \operatorname{ffn}(\operatorname{ln2}(x))$.
#
# **L'attention de la couche $l$.** $Q = W_q(z)$, $K = W_k(z)$, $V = W_v(z)$ ($z$ = la sortie
# de `ln1`) ; la tête $i$ ($0 \le i < n_{tetes}$) prend les composantes
# $i\,d_k, \dots, (i+1)\,d_k - 1$ de $Q$, $K$, $V$ ($d_k = d_{model}/n_{tetes}$, l'ordre du
# `view(B, L, h, d_k)` du cours) ; ses poids sont
# $\alpha^{(i)} = \operatorname{softmax}(Q_i K_i^\top / \sqrt{d_k})$, le softmax portant sur
# les **clés**, une clé de remplissage recevant un score $-\infty$ (donc un poids **exactement
# 0**) ; la sortie de la tête, $\alpha^{(i)} V_i$, est **multipliée par `masque_tetes[l, i]`
# avant `W_o`**, puis les têtes sont concaténées (tête $i$ aux composantes
# $i\,d_k, \dots, (i+1)\,d_k - 1$) et projetées par `W_o`. Élaguer la tête $i$ revient donc à
# annuler les colonnes de `W_o` qui la lisent ; un masque de uns ne change rien. Les requêtes
# de remplissage sont calculées comme les autres (leurs valeurs ne sont jamais lues).
#
# **La sortie.** `forward(ids, masque_padding, masque_tetes=None)` reçoit `ids` $(B, L)$
# (`torch.int64`, $L \le$ `longueur_max`), `masque_padding` $(B, L)$ booléen (`True` =
# remplissage ; au moins un mot par phrase) et `masque_tetes` ($(n_{couches}, n_{tetes})$
# flottant, ou `None`) ; il applique `ln_finale` à la sortie de la dernière couche, en fait la
# **moyenne sur les seules positions qui ne sont pas du remplissage**, puis `tete`, et renvoie
# les **logits** $(B, n_{classes})$ (un seul tenseur, relié au graphe d'autograd).
#
# N'utilisez ni `nn.MultiheadAttention`, ni `F.scaled_dot_product_attention`, ni
# `nn.TransformerEncoderLayer`. La correction charge ses propres poids dans votre modèle
# (`load_state_dict`, clés `embedding.weight`, `couches.0.attn.W_q.weight`, …,
# `couches.0.ffn.2.bias`, `ln_finale.weight`, `tete.bias`), le passe en `float64`
# (`.double()`) et compare ses logits à ceux d'un calcul de l'architecture décrite ici : ne
# fixez aucun type flottant dans `forward`.

# %%
class AttentionMultiTetes(nn.Module):
    """Attention multi-tête de la section 7.8, qui renvoie aussi ses poids."""

    def __init__(self, d_model: int, n_tetes: int):
        super().__init__()
        # BEGIN SOLUTION
        self.n_tetes, self.d_k = n_tetes, d_model // n_tetes
        self.W_q = nn.Linear(d_model, d_model)
        self.W_k = nn.Linear(d_model, d_model)
        self.W_v = nn.Linear(d_model, d_model)
        self.W_o = nn.Linear(d_model, d_model)
        # END SOLUTION

    def forward(self, z, masque_padding, masque_tetes=None):
        # BEGIN SOLUTION
        B, L, D = z.shape
        h, d_k = self.n_tetes, self.d_k
        q = self.W_q(z).view(B, L, h, d_k).transpose(1, 2)  # (B, h, L, d_k)
        k = self.W_k(z).view(B, L, h, d_k).transpose(1, 2)
        v = self.W_v(z).view(B, L, h, d_k).transpose(1, 2)
        scores = q @ k.transpose(2, 3) / math.sqrt(d_k)  # (B, h, L, L)
        scores = scores.masked_fill(masque_padding[:, None, None, :], float("-inf"))
        poids = torch.softmax(scores, dim=-1)
        tetes = poids @ v  # (B, h, L, d_k)
        if masque_tetes is not None:
            tetes = tetes * masque_tetes.to(tetes.dtype)[None, :, None, None]
        return self.W_o(tetes.transpose(1, 2).reshape(B, L, D)), poids
        # END SOLUTION


class BlocEncodeur(nn.Module):
    """Bloc encodeur pre-norm : attention puis FFN, chacun dans une connexion résiduelle."""

    def __init__(self, d_model: int, n_tetes: int, d_ff: int):
        super().__init__()
        # BEGIN SOLUTION
        self.attn = AttentionMultiTetes(d_model, n_tetes)
        self.ln1 = nn.LayerNorm(d_model)
        self.ln2 = nn.LayerNorm(d_model)
        self.ffn = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))
        # END SOLUTION

    def forward(self, x, masque_padding, masque_tetes=None):
        # BEGIN SOLUTION
        a, poids = self.attn(self.ln1(x), masque_padding, masque_tetes)
        x = x + a
        x = x + self.ffn(self.ln2(x))
        return x, poids
        # END SOLUTION


class TransformerTexte(nn.Module):
    """Encodeur Transformer pre-norm pour classer des phrases (moyenne sur les mots)."""

    def __init__(self, taille_vocab: int, d_model: int = 64, n_tetes: int = 8,
                 n_couches: int = 4, d_ff: int = 128, n_classes: int = 3,
                 longueur_max: int = 64):
        super().__init__()
        # BEGIN SOLUTION
        self.n_tetes, self.n_couches = n_tetes, n_couches
        self.embedding = nn.Embedding(taille_vocab, d_model)
        self.positions = nn.Embedding(longueur_max, d_model)
        self.couches = nn.ModuleList([BlocEncodeur(d_model, n_tetes, d_ff)
                                      for _ in range(n_couches)])
        self.ln_finale = nn.LayerNorm(d_model)
        self.tete = nn.Linear(d_model, n_classes)
        # END SOLUTION

    def propager(self, ids, masque_padding, masque_tetes=None):
        """La sortie de la dernière couche et les poids de toutes les couches."""
        # BEGIN SOLUTION
        x = self.embedding(ids) + self.positions(torch.arange(ids.shape[1], device=ids.device))
        cartes = []
        for l, couche in enumerate(self.couches):
            x, poids = couche(x, masque_padding,
                              None if masque_tetes is None else masque_tetes[l])
            cartes.append(poids)
        return x, torch.stack(cartes)
        # END SOLUTION

    def forward(self, ids, masque_padding, masque_tetes=None):
        # BEGIN SOLUTION
        x = self.ln_finale(self.propager(ids, masque_padding, masque_tetes)[0])
        garde = (~masque_padding).unsqueeze(-1).to(x.dtype)
        return self.tete((x * garde).sum(dim=1) / garde.sum(dim=1))
        # END SOLUTION


# %%
modele_demo = TransformerTexte(50, 16, 4, 2, 32)
ids_demo = torch.tensor([[5, 7, 9, 0], [3, 4, 0, 0]])
print(modele_demo(ids_demo, ids_demo == 0).shape)

# %%
@helper
def poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine):
    """Des poids float64 du correcteur pour toutes les clés de l'énoncé."""
    g = torch.Generator().manual_seed(graine)

    def tirer(*forme, echelle=1.0, centre=0.0):
        return centre + echelle * torch.randn(*forme, generator=g, dtype=torch.float64)

    poids = {"embedding.weight": tirer(V, d), "positions.weight": tirer(n_max, d)}
    for l in range(n_couches):
        c = f"couches.{l}."
        for nom in ("W_q", "W_k", "W_v", "W_o"):
            poids[f"{c}attn.{nom}.weight"] = tirer(d, d, echelle=d ** -0.5)
            poids[f"{c}attn.{nom}.bias"] = tirer(d, echelle=0.2)
        for nom in ("ln1", "ln2"):
            poids[f"{c}{nom}.weight"] = tirer(d, echelle=0.2, centre=1.0)
            poids[f"{c}{nom}.bias"] = tirer(d, echelle=0.2)
        poids[f"{c}ffn.0.weight"] = tirer(d_ff, d, echelle=d ** -0.5)
        poids[f"{c}ffn.0.bias"] = tirer(d_ff, echelle=0.2)
        poids[f"{c}ffn.2.weight"] = tirer(d, d_ff, echelle=d_ff ** -0.5)
        poids[f"{c}ffn.2.bias"] = tirer(d, echelle=0.2)
    poids["ln_finale.weight"] = tirer(d, echelle=0.2, centre=1.0)
    poids["ln_finale.bias"] = tirer(d, echelle=0.2)
    poids["tete.weight"] = tirer(n_classes, d, echelle=d ** -0.5)
    poids["tete.bias"] = tirer(n_classes, echelle=0.2)
    return poids


@helper
def oracle_transformer(poids, n_tetes, ids, padding, masque_tetes):
    """(logits, cartes (n_couches, B, h, L, L)) de l'architecture de l'énoncé, calculés par le
    correcteur à partir de `poids` (einsum, F.layer_norm, F.gelu) ; différentiable par rapport
    aux tenseurs de `poids`."""
    L = ids.shape[1]
    d = poids["embedding.weight"].shape[1]
    d_k = d // n_tetes
    n_couches = len({cle.split(".")[1] for cle in poids if cle.startswith("couches.")})
    x = poids["embedding.weight"][ids] + poids["positions.weight"][:L]
    cartes = []
    for l in range(n_couches):
        def p(nom, l=l):
            return poids[f"couches.{l}.{nom}"]

        z = F.layer_norm(x, (d,), p("ln1.weight"), p("ln1.bias"))
        q, k, v = (F.linear(z, p(f"attn.{n}.weight"), p(f"attn.{n}.bias"))
                   .unflatten(-1, (n_tetes, d_k)) for n in ("W_q", "W_k", "W_v"))
        scores = torch.einsum("bqhe,bkhe->bhqk", q, k) / math.sqrt(d_k)
        alpha = scores.masked_fill(padding[:, None, None, :], float("-inf")).softmax(dim=-1)
        tetes = torch.einsum("bhqk,bkhe->bqhe", alpha, v)
        if masque_tetes is not None:
            tetes = tetes * masque_tetes[l].to(torch.float64)[:, None]
        x = x + F.linear(tetes.flatten(2), p("attn.W_o.weight"), p("attn.W_o.bias"))
        z = F.layer_norm(x, (d,), p("ln2.weight"), p("ln2.bias"))
        x = x + F.linear(F.gelu(F.linear(z, p("ffn.0.weight"), p("ffn.0.bias"))),
                         p("ffn.2.weight"), p("ffn.2.bias"))
        cartes.append(alpha)
    x = F.layer_norm(x, (d,), poids["ln_finale.weight"], poids["ln_finale.bias"])
    garde = (~padding).unsqueeze(-1).to(torch.float64)
    moyenne = (x * garde).sum(dim=1) / garde.sum(dim=1)
    return F.linear(moyenne, poids["tete.weight"], poids["tete.bias"]), torch.stack(cartes)


@helper
def transformer_du_correcteur(TransformerTexte, config, graine):
    """TransformerTexte(*config) de l'étudiant, en float64, chargé des poids du correcteur."""
    V, d, h, n_couches, d_ff, n_classes, n_max = config
    label = f"TransformerTexte{tuple(config)}"
    modele = C.make_model(TransformerTexte, *config, name=label)
    modele = C.call(modele.double, name=f"{label}.double")
    etat = C.call(modele.state_dict, name=f"{label}.state_dict")
    poids = poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine)
    for cle, valeur in poids.items():
        C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.",
                 hint="noms imposés : embedding, positions, couches[l].attn.W_q/W_k/W_v/W_o, "
                      "couches[l].ln1, ln2, ffn (Sequential Linear, GELU, Linear), ln_finale, "
                      "tete.")
        C.expect_shape(etat[cle], tuple(valeur.shape), name=f"{label}.{cle}",
                       hint="vérifiez les dimensions des sous-modules (d_model, d_ff, "
                            "longueur_max, n_classes).")
    C.call(modele.load_state_dict, poids, strict=False, name=f"{label}.load_state_dict")
    return modele, poids, label


@helper
def phrases_du_correcteur(V, B, L, graine):
    """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
    g = torch.Generator().manual_seed(graine)
    longueurs = torch.randint(1, L + 1, (B,), generator=g)
    longueurs[0] = L
    padding = torch.arange(L)[None, :] >= longueurs[:, None]
    ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
    return ids, padding


@helper
def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
    """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
    args = (ids.clone(), padding.clone()) if masque_tetes is None else \
        (ids.clone(), padding.clone(), masque_tetes.clone())
    logits = C.as_tensor(C.call(modele, *args, name=label), f"{label}(ids, masque_padding)")
    C.expect_shape(logits, (ids.shape[0], n_classes),
                   name=f"{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}",
                   hint="forward renvoie les seuls logits, de forme (B, n_classes).")
    return logits


@check
def transformer_exemple(TransformerTexte):
    config = (12, 8, 2, 2, 16, 3, 6)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 0)
    ids = torch.tensor([[3, 7, 2, 5, 9], [4, 11, 6, 0, 0]])
    logits = logits_de(modele, ids, ids == 0, None, 3, label)
    C.expect_close(logits, oracle_transformer(poids, 2, ids, ids == 0, None)[0].detach(),
                   name=f"logits de {label} (2 couches, 2 têtes, une phrase complétée)",
                   reveal=True,
                   hint="x = embedding + positions ; par couche x + attn(ln1(x)) puis "
                        "x + ffn(ln2(x)) ; ln_finale ; moyenne sur les mots ; tete.")


@check(hidden=True, each={"cas": ["d16_h4_c2", "d12_h3_c3", "d8_h1_c1", "d16_h8_c4"]})
def transformer_contre_oracle(TransformerTexte, cas):
    d, h, c = (int(t[1:]) for t in cas.split("_"))
    config = (17, d, h, c, 2 * d + 4, 4, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 10 + d + h)
    for B, L in ((3, 7), (1, 9), (5, 4)):
        ids, padding = phrases_du_correcteur(17, B, L, 20 + B + c)
        logits = logits_de(modele, ids, padding, None, 4, label)
        C.expect_close(logits, oracle_transformer(poids, h, ids, padding, None)[0].detach(),
                       name=f"logits de {label} pour ids de forme {(B, L)}",
                       hint="vérifiez l'ordre pre-norm, le facteur 1/√d_k (d_k = d_model / "
                            "n_tetes), le découpage des têtes (view(B, L, h, d_k) puis "
                            "transpose), le −∞ des clés de remplissage, GELU, ln_finale et la "
                            "moyenne sur les seuls mots.")


@check(hidden=True)
def transformer_invariance_padding(TransformerTexte):
    config = (15, 12, 4, 2, 20, 3, 10)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 31)
    ids, padding = phrases_du_correcteur(15, 4, 5, 32)
    court = logits_de(modele, ids, padding, None, 3, label)
    long_ids = torch.cat([ids, torch.zeros(4, 4, dtype=torch.long)], dim=1)
    long = logits_de(modele, long_ids, long_ids == 0, None, 3, label)
    C.expect_close(long, oracle_transformer(poids, 4, ids, padding, None)[0].detach(),
                   name=f"logits de {label} après 4 colonnes de remplissage ajoutées",
                   hint="le remplissage ne doit rien changer : −∞ aux clés de remplissage et "
                        "moyenne sur les seules positions qui ne sont pas du remplissage.")
    C.expect_close(long, court, name="logits avec et sans colonnes de remplissage ajoutées")


@check(hidden=True)
def transformer_masque_tetes(TransformerTexte):
    config = (14, 12, 3, 2, 16, 3, 8)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 41)
    ids, padding = phrases_du_correcteur(14, 3, 6, 42)
    sans = oracle_transformer(poids, 3, ids, padding, None)[0].detach()
    for uns in (torch.ones(2, 3, dtype=torch.float64), torch.ones(2, 3)):
        C.expect_close(logits_de(modele, ids, padding, uns, 3, label), sans,
                       name=f"logits avec masque_tetes = torch.ones(2, 3) en "
                            f"{str(uns.dtype)[6:]}",
                       hint="un masque de uns ne change rien.")
    # pruning head i of layer l = the columns of W_o that read head i zeroed (no mask)
    for l, i in ((0, 1), (1, 2)):
        masque = torch.ones(2, 3, dtype=torch.float64)
        masque[l, i] = 0.0
        colonnes = {k: v.clone() for k, v in poids.items()}
        colonnes[f"couches.{l}.attn.W_o.weight"][:, 4 * i:4 * (i + 1)] = 0.0
        C.expect_close(logits_de(modele, ids, padding, masque, 3, label),
                       oracle_transformer(colonnes, 3, ids, padding, None)[0].detach(),
                       name=f"logits avec la tête {i} de la couche {l} élaguée",
                       hint="masque_tetes[l, i] multiplie la sortie de la tête i de la couche "
                            "l AVANT W_o (le biais de W_o reste) : élaguer une tête revient à "
                            "annuler les colonnes de W_o qui la lisent.")
    masque = torch.tensor([[0.5, 2.0, 1.0], [1.0, 0.0, -1.0]], dtype=torch.float64)
    C.expect_close(logits_de(modele, ids, padding, masque, 3, label),
                   oracle_transformer(poids, 3, ids, padding, masque)[0].detach(),
                   name="logits avec un masque_tetes non binaire",
                   hint="la sortie de chaque tête est multipliée par masque_tetes[l, i].")


@check(hidden=True)
def transformer_parametres(TransformerTexte):
    lire = C.code("lambda m: [getattr(m, 'n_couches', None), getattr(m, 'n_tetes', None), "
                  "sum(p.numel() for p in m.parameters())]")
    for args, (V, d, h, c, d_ff, K, n_max) in (((40,), (40, 64, 8, 4, 128, 3, 64)),
                                               ((9, 12, 3, 2, 10, 5, 7),
                                                (9, 12, 3, 2, 10, 5, 7))):
        label = f"TransformerTexte{args}"
        modele = C.make_model(TransformerTexte, *args, name=label)
        couches, tetes, total = C.call(lire, modele, name=label)
        C.expect(couches == c and tetes == h,
                 f"`{label}` devrait avoir les attributs n_couches = {c} et n_tetes = {h}.",
                 hint="valeurs par défaut : d_model=64, n_tetes=8, n_couches=4, d_ff=128, "
                      "n_classes=3, longueur_max=64.")
        attendu = (V * d + n_max * d + c * (4 * (d * d + d) + 4 * d + d * d_ff + d_ff
                                            + d_ff * d + d) + 2 * d + d * K + K)
        C.expect_equal(total, attendu, name=f"nombre de paramètres de {label}",
                       hint="embedding, positions, par couche W_q, W_k, W_v, W_o (avec "
                            "biais), ln1, ln2 et ffn ; ln_finale et tete ; rien d'autre.")
    C.expect_not_using(TransformerTexte, {"MultiheadAttention", "scaled_dot_product_attention",
                                          "TransformerEncoderLayer", "TransformerEncoder",
                                          "multi_head_attention_forward"},
                       name="TransformerTexte",
                       hint="écrivez l'attention vous-même : projections, têtes, scores, "
                            "masque, softmax, concaténation, W_o.")


@check(hidden=True)
def transformer_gradients(TransformerTexte):
    config = (11, 8, 2, 2, 12, 3, 6)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 51)
    ids, padding = phrases_du_correcteur(11, 3, 6, 52)
    ponderation = torch.randn(3, 3, generator=torch.Generator().manual_seed(53),
                              dtype=torch.float64)

    @C.probe
    def gradients(modele, ids, padding, ponderation):  # backward where the model lives
        for p in modele.parameters():
            p.grad = None
        logits = modele(ids, padding)
        if not (isinstance(logits, torch.Tensor) and logits.requires_grad):
            return None
        (logits * ponderation).sum().backward()
        return {nom: p.grad for nom, p in modele.named_parameters()}

    recu = C.call(gradients, modele, ids, padding, ponderation, name=label)
    C.expect(recu is not None, f"La sortie de `{label}` n'est pas reliée au graphe d'autograd.",
             hint="ni .detach(), ni torch.no_grad(), ni .data dans forward.")
    feuilles = {cle: t.clone().requires_grad_(True) for cle, t in poids.items()}
    (oracle_transformer(feuilles, 2, ids, padding, None)[0] * ponderation).sum().backward()
    # a key bias adds the same q·b_k to a whole row of scores: its exact gradient is 0
    attendu = {cle: t.grad for cle, t in feuilles.items() if not cle.endswith("W_k.bias")}
    recu = {cle: (g if g is not None else torch.zeros_like(attendu[cle]))
            for cle, g in recu.items() if cle in attendu}
    C.expect_gradients(recu, attendu, name=label, tol=1e-7)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — extraire les cartes d'attention.** Écrire
# `cartes_attention(modele, ids, masque_padding, masque_tetes=None)` qui renvoie, pour un
# `TransformerTexte` de la question 1, le tenseur des poids d'attention **effectivement
# utilisés** par le passage avant `modele(ids, masque_padding, masque_tetes)`, de forme
# $(n_{couches}, B, n_{tetes}, L, L)$ : `cartes[l, b, i, q, k]` $= \alpha^{(i)}_{qk}$ dans la
# couche $l$ pour la phrase $b$ (requête $q$, clé $k$). Pour une requête qui n'est pas du
# remplissage, la ligne somme à 1 et une clé de remplissage reçoit exactement 0 ; les lignes
# des requêtes de remplissage ne sont pas vérifiées. Élaguer une tête de la couche $l$ change
# les cartes des couches suivantes, pas celles des couches $\le l$ (le masque agit après le
# softmax). À vous de choisir comment récupérer les poids : renvoyés par vos couches (la
# méthode `propager` du squelette, qui renvoie la sortie de la dernière couche et les cartes,
# en est une façon ; elle n'est pas vérifiée), gardés dans un attribut à chaque passage, ou
# capturés par des *hooks* (`register_forward_hook`) ; le calcul peut se faire sous
# `torch.no_grad()` et le résultat être détaché du graphe.

# %%
def cartes_attention(modele, ids, masque_padding, masque_tetes=None):
    """Poids d'attention de toutes les couches et têtes, (n_couches, B, n_tetes, L, L)."""
    # BEGIN SOLUTION
    with torch.no_grad():
        return modele.propager(ids, masque_padding, masque_tetes)[1]
    # END SOLUTION


# %%
@helper
def cartes_de(cartes_attention, modele, ids, padding, masque_tetes, forme, label):
    """cartes_attention(modele, ids, padding[, masque_tetes]) ; forme vérifiée."""
    args = (modele, ids.clone(), padding.clone()) + (() if masque_tetes is None
                                                     else (masque_tetes.clone(),))
    cartes = C.as_tensor(C.call(cartes_attention, *args, name="cartes_attention"),
                         f"cartes_attention({label}, ids, masque_padding)")
    C.expect_shape(cartes, forme, name=f"cartes_attention pour {label} et ids de forme "
                                       f"{tuple(ids.shape)}",
                   hint="forme (n_couches, B, n_tetes, L, L) : couche, phrase, tête, requête, "
                        "clé.")
    return cartes


@helper
def lignes_des_mots(cartes, padding):
    """Les lignes (requêtes) qui ne sont pas du remplissage : (nombre, L)."""
    n_couches, B, h, L, _ = cartes.shape
    garde = (~padding)[None, :, None, :].expand(n_couches, B, h, L)
    return cartes[garde]


@check
def cartes_exemple(cartes_attention, TransformerTexte):
    config = (12, 8, 2, 2, 16, 3, 6)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 60)
    ids = torch.tensor([[3, 7, 2, 5, 9], [4, 11, 6, 0, 0]])
    cartes = cartes_de(cartes_attention, modele, ids, ids == 0, None, (2, 2, 2, 5, 5), label)
    attendu = oracle_transformer(poids, 2, ids, ids == 0, None)[1].detach()
    C.expect_close(lignes_des_mots(cartes, ids == 0), lignes_des_mots(attendu, ids == 0),
                   name=f"cartes d'attention de {label} (lignes des mots)", reveal=True,
                   hint="les poids softmax(QKᵀ/√d_k) de chaque couche, calculés sur la sortie "
                        "de ln1 de cette couche, empilés dans l'ordre des couches.")


@check(hidden=True)
def cartes_lignes_et_padding(cartes_attention, TransformerTexte):
    config = (13, 12, 4, 3, 16, 3, 8)
    modele, _, label = transformer_du_correcteur(TransformerTexte, config, 61)
    ids, padding = phrases_du_correcteur(13, 4, 7, 62)
    cartes = cartes_de(cartes_attention, modele, ids, padding, None, (3, 4, 4, 7, 7), label)
    lignes = lignes_des_mots(cartes, padding).to(torch.float64)
    C.expect_close(lignes.sum(dim=-1), torch.ones(lignes.shape[0], dtype=torch.float64),
                   name="somme sur les clés de chaque ligne d'une requête qui n'est pas du "
                        "remplissage", hint="le softmax porte sur la dernière dimension (les "
                                            "clés).")
    cles = padding[None, :, None, None, :].expand(3, 4, 4, 7, 7)
    requetes = (~padding)[None, :, None, :, None].expand(3, 4, 4, 7, 7)
    C.expect(bool((cartes[cles & requetes] == 0).all()),
             "Les poids donnés aux clés de remplissage ne sont pas exactement nuls.",
             hint="prenez les poids après le −∞ des clés de remplissage (ceux que le passage "
                  "avant utilise vraiment).")


@check(hidden=True, each={"cas": ["d16_h4_c3", "d9_h3_c2"]})
def cartes_contre_oracle(cartes_attention, TransformerTexte, cas):
    d, h, c = (int(t[1:]) for t in cas.split("_"))
    config = (16, d, h, c, 20, 3, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 70 + d)
    for B, L in ((3, 8), (1, 5)):
        ids, padding = phrases_du_correcteur(16, B, L, 71 + B + d)
        cartes = cartes_de(cartes_attention, modele, ids, padding, None, (c, B, h, L, L), label)
        attendu = oracle_transformer(poids, h, ids, padding, None)[1].detach()
        C.expect_close(lignes_des_mots(cartes, padding), lignes_des_mots(attendu, padding),
                       name=f"cartes d'attention de {label} pour ids de forme {(B, L)}",
                       hint="les poids de chaque couche l : softmax sur les clés de "
                            "Q_i K_iᵀ/√d_k, calculés dans le passage avant lui-même.")


@check(hidden=True)
def cartes_et_elagage(cartes_attention, TransformerTexte):
    config = (14, 12, 3, 3, 16, 3, 8)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 80)
    ids, padding = phrases_du_correcteur(14, 3, 6, 81)
    complet = oracle_transformer(poids, 3, ids, padding, None)[1].detach()
    for l, i in ((0, 2), (1, 0), (2, 1)):
        masque = torch.ones(3, 3, dtype=torch.float64)
        masque[l, i] = 0.0
        cartes = cartes_de(cartes_attention, modele, ids, padding, masque, (3, 3, 3, 6, 6),
                           label)
        attendu = oracle_transformer(poids, 3, ids, padding, masque)[1].detach()
        C.expect_close(lignes_des_mots(cartes[:l + 1], padding),
                       lignes_des_mots(complet[:l + 1], padding),
                       name=f"cartes des couches 0 … {l} avec la tête {i} de la couche {l} "
                            "élaguée",
                       hint="masque_tetes multiplie la sortie des têtes, après le softmax : "
                            "les poids de la couche élaguée et des précédentes ne changent pas.")
        C.expect_close(lignes_des_mots(cartes[l + 1:], padding),
                       lignes_des_mots(attendu[l + 1:], padding),
                       name=f"cartes des couches suivantes avec la tête {i} de la couche {l} "
                            "élaguée",
                       hint="passez masque_tetes au passage avant : les couches suivantes "
                            "reçoivent une entrée changée par l'élagage.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 3

# %% [markdown]
# **Question 3 — élaguer des têtes.**
#
# (a) Écrire `impact_elagage(modele, ids, masque_padding, y)` qui renvoie un tenseur
# flottant de forme $(n_{couches}, n_{tetes})$ (lus dans `modele.n_couches` et
# `modele.n_tetes`) : la composante $(l, i)$ est la **baisse de précision** quand on élague la
# **seule** tête $i$ de la couche $l$ (masque de uns avec un 0 en $(l, i)$), c'est-à-dire
# précision avec toutes les têtes $-$ précision sans cette tête (une valeur négative : la
# tête nuisait). La précision est la part (entre 0 et 1) des phrases dont l'argmax des logits
# `modele(ids, masque_padding, masque_tetes)` vaut l'étiquette `y` (`torch.int64`, $(N,)$).
# La mesure se fait **en mode évaluation** (`modele.eval()`) et **sans gradient**
# (`torch.no_grad()`) ; elle ne modifie ni les entrées ni les paramètres du modèle.
#
# (b) Écrire `elaguer_moins_utiles(impact, k)` qui renvoie un masque de têtes flottant de la
# forme de `impact` : des 1, sauf des 0 aux `k` têtes dont l'impact est **le plus petit**
# (les moins utiles). **Égalités** : à impact égal, la tête qui vient la première dans l'ordre
# des indices aplatis $l \cdot n_{tetes} + i$ (couche par couche, puis tête par tête) est
# élaguée la première. `impact` n'est pas modifié ; $0 \le k \le$ le nombre de têtes.

# %%
def impact_elagage(modele, ids, masque_padding, y):
    """Baisse de précision quand chaque tête est élaguée seule, (n_couches, n_tetes)."""
    # BEGIN SOLUTION
    modele.eval()
    n_couches, n_tetes = modele.n_couches, modele.n_tetes
    impact = torch.zeros(n_couches, n_tetes)
    with torch.no_grad():
        complet = (modele(ids, masque_padding).argmax(dim=1) == y).sum().item() / len(y)
        for l in range(n_couches):
            for i in range(n_tetes):
                masque = torch.ones(n_couches, n_tetes)
                masque[l, i] = 0.0
                sans = (modele(ids, masque_padding, masque).argmax(dim=1) == y).sum().item()
                impact[l, i] = complet - sans / len(y)
    return impact
    # END SOLUTION


def elaguer_moins_utiles(impact, k):
    """Masque de têtes : 0 aux k têtes d'impact le plus petit (égalités : ordre des indices)."""
    # BEGIN SOLUTION
    ordre = torch.argsort(impact.flatten(), stable=True)
    masque = torch.ones(impact.numel())
    masque[ordre[:k]] = 0.0
    return masque.view(impact.shape)
    # END SOLUTION


# %%
@helper
def modele_aux_tetes_connues(impact_elagage, n_couches, n_tetes, graine):
    """Un modèle du correcteur, construit là où vit `impact_elagage` : logits = Σ m[l, i] ·
    table[phrase, l, i] (la phrase est lue dans ids[:, 0] − 1), logits opposés en mode
    entraînement ; chaque appel est noté dans `journal` (mode, gradient). Renvoie le modèle, ids,
    masque, y, la table et les baisses attendues."""
    @C.probe
    def fabrique(table):
        class ModeleConnu(nn.Module):
            def __init__(self):
                super().__init__()
                self.n_couches, self.n_tetes = table.shape[1], table.shape[2]
                self.echelle = nn.Parameter(torch.ones((), dtype=torch.float64))
                self.register_buffer("table", table.clone())
                self.journal = []

            def forward(self, ids, masque_padding, masque_tetes=None):
                self.journal.append([bool(self.training), bool(torch.is_grad_enabled())])
                forme = (self.n_couches, self.n_tetes)
                m = torch.ones(forme, dtype=torch.float64) if masque_tetes is None else \
                    torch.as_tensor(masque_tetes).to(torch.float64).reshape(forme)
                logits = self.echelle * torch.einsum("li,nlic->nc", m,
                                                     self.table[ids[:, 0] - 1])
                return -logits if self.training else logits

        return ModeleConnu()

    n = n_couches * n_tetes
    # head j alone makes 1 + j % 3 sentences right and (j % 2) sentences wrong; 3 are right
    # whatever single head is pruned
    plan = [(j, 1) for j in range(n) for _ in range(1 + j % 3)] + \
        [(j, -1) for j in range(n) if j % 2] + [(None, 0)] * 3
    g = torch.Generator().manual_seed(graine)
    N, K = len(plan), 3
    rang_de = torch.randperm(N, generator=g).tolist()
    y = torch.randint(0, K, (N,), generator=g)
    table = torch.zeros(N, n, K, dtype=torch.float64)
    for rang, (j, signe) in enumerate(plan):
        i = rang_de[rang]
        vrai, faux = int(y[i]), (int(y[i]) + 1 + rang % 2) % K
        if signe == 0:
            table[i, :, vrai] = 1.0
            continue
        pour, contre = (vrai, faux) if signe > 0 else (faux, vrai)
        table[i, :, contre] = 1.0 / (n - 1)
        table[i, j] = 0.0
        table[i, j, pour] = 2.0
    table = table.view(N, n_couches, n_tetes, K)
    ids = torch.randint(2, 40, (N, 5), generator=g)
    ids[:, 0] = torch.arange(1, N + 1)
    padding = torch.arange(5)[None, :] >= torch.randint(1, 6, (N,), generator=g)[:, None]
    ids = ids.masked_fill(padding, 0)

    def precision(m):
        logits = torch.einsum("li,nlic->nc", m, table)
        return float((logits.argmax(dim=1) == y).double().mean())

    complet = precision(torch.ones(n_couches, n_tetes, dtype=torch.float64))
    attendu = torch.zeros(n_couches, n_tetes, dtype=torch.float64)
    for l in range(n_couches):
        for i in range(n_tetes):
            m = torch.ones(n_couches, n_tetes, dtype=torch.float64)
            m[l, i] = 0.0
            attendu[l, i] = complet - precision(m)
    modele = C.build_where(impact_elagage, fabrique, table)
    return modele, ids, padding, y, table, attendu


@helper
def impact_mesure(impact_elagage, modele, ids, padding, y, forme):
    recu = C.as_tensor(C.expect_unchanged(impact_elagage, modele, ids, padding, y,
                                          name="impact_elagage",
                                          hint="ne modifiez ni ids, ni masque_padding, ni y."),
                       "impact_elagage(modele, ids, masque_padding, y)")
    C.expect_shape(recu, forme, name="impact_elagage(modele, ids, masque_padding, y)",
                   hint="une baisse par tête : forme (modele.n_couches, modele.n_tetes).")
    return recu


@check
def impact_exemple(impact_elagage):
    modele, ids, padding, y, _, attendu = modele_aux_tetes_connues(impact_elagage, 2, 3, 0)
    recu = impact_mesure(impact_elagage, modele, ids, padding, y, (2, 3))
    C.expect_close(recu, attendu, name="impact_elagage sur un modèle aux têtes d'effet connu",
                   rtol=1e-6, atol=1e-6, reveal=True,
                   hint="impact[l, i] = précision avec toutes les têtes − précision avec la "
                        "seule tête (l, i) élaguée, en fraction entre 0 et 1.")


@check(hidden=True, each={"forme": ["c3_h2", "c2_h4"]})
def impact_modele_connu(impact_elagage, forme):
    n_couches, n_tetes = (int(t[1:]) for t in forme.split("_"))
    modele, ids, padding, y, table, attendu = modele_aux_tetes_connues(
        impact_elagage, n_couches, n_tetes, 10 + n_couches)
    recu = impact_mesure(impact_elagage, modele, ids, padding, y, (n_couches, n_tetes))
    journal = C.call(C.code("lambda m: [list(e) for e in m.journal]"), modele,
                     name="journal du modèle")
    C.expect(len(journal) > 0 and not any(entrainement for entrainement, _ in journal),
             "`impact_elagage` appelle le modèle en mode entraînement.",
             hint="modele.eval() avant de mesurer (dropout, BatchNorm… changent en mode "
                  "entraînement).")
    C.expect(not any(gradient for _, gradient in journal),
             "`impact_elagage` appelle le modèle avec le calcul des gradients actif.",
             hint="mesurez sous torch.no_grad() (ou torch.inference_mode()).")
    C.expect_close(recu, attendu,
                   name=f"impact_elagage sur un modèle du correcteur ({n_couches} couches, "
                        f"{n_tetes} têtes)", rtol=1e-6, atol=1e-6,
                   hint="pour chaque (l, i), un masque de uns neuf avec un seul 0 en (l, i) ; "
                        "baisse = précision complète − précision sans la tête.")
    etat = C.call(modele.state_dict, name="modele.state_dict")
    C.expect(set(etat) == {"echelle", "table"}
             and C.as_tensor(etat["echelle"], "echelle").item() == 1.0
             and torch.equal(C.as_tensor(etat["table"], "table"), table),
             "`impact_elagage` modifie les paramètres du modèle.",
             hint="la mesure ne touche pas aux poids : seul masque_tetes change.")


@helper
def masque_recu(elaguer_moins_utiles, impact, k):
    quoi = f"elaguer_moins_utiles(impact de forme {tuple(impact.shape)}, k={k})"
    masque = C.as_tensor(C.expect_unchanged(elaguer_moins_utiles, impact, k,
                                            name="elaguer_moins_utiles",
                                            hint="ne modifiez pas impact (triez une copie)."),
                         quoi)
    C.expect_shape(masque, tuple(impact.shape), name=quoi,
                   hint="le masque a la forme de impact : (n_couches, n_tetes).")
    C.expect(masque.is_floating_point(), f"`{quoi}` doit renvoyer un tenseur flottant.",
             hint="un masque de têtes est flottant (1. gardée, 0. élaguée).")
    return masque, quoi


@helper
def masque_attendu(impact, k):
    plat = impact.flatten().tolist()
    masque = torch.ones(len(plat), dtype=torch.float64)
    for j in sorted(range(len(plat)), key=lambda j: (plat[j], j))[:k]:
        masque[j] = 0.0
    return masque.view(impact.shape)


@check
def elaguer_exemple(elaguer_moins_utiles):
    impact = torch.tensor([[0.10, -0.05, 0.0], [0.20, 0.0, 0.05]])
    for k in (2, 3):
        masque, quoi = masque_recu(elaguer_moins_utiles, impact, k)
        C.expect_close(masque, masque_attendu(impact, k), name=quoi, reveal=True,
                       hint="0 aux k plus petits impacts ; à égalité, l'indice aplati "
                            "l·n_tetes + i le plus petit d'abord.")


@check(hidden=True)
def elaguer_egalites_et_bornes(elaguer_moins_utiles):
    g = torch.Generator().manual_seed(90)
    cas = [(torch.zeros(2, 4), 3), (torch.zeros(2, 4), 5),
           (torch.randint(-2, 3, (4, 8), generator=g).to(torch.float64) / 8, 13),
           (torch.randint(-2, 3, (3, 5), generator=g).float() / 4, 0),
           (torch.randint(-2, 3, (3, 5), generator=g).float() / 4, 15),
           (torch.randn(4, 8, generator=g, dtype=torch.float64), 31)]
    for impact, k in cas:
        masque, quoi = masque_recu(elaguer_moins_utiles, impact, k)
        C.expect_close(masque, masque_attendu(impact, k), name=quoi,
                       hint="exactement k zéros, aux impacts les plus petits ; à égalité, "
                            "l'indice aplati le plus petit d'abord (un tri stable) ; k = 0 : "
                            "que des uns.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 3

# %% [markdown]
# **Question 4 — l'entraînement.** Écrire `entrainer(modele, ids, masque_padding, y, epoques,
# taille_lot, lr, generateur)` qui entraîne `modele` (modifié en place) et renvoie la liste des
# `epoques` pertes d'époque (des flottants Python) :
#
# * un seul optimiseur `torch.optim.AdamW(modele.parameters(), lr=lr)` (autres réglages par
#   défaut, dont `weight_decay=0.01`) pour tout l'entraînement ;
# * à chaque époque, `ordre = torch.randperm(N, generator=generateur)` ($N$ = `len(y)`), puis
#   les lots consécutifs `ordre[0:taille_lot]`, `ordre[taille_lot:2 * taille_lot]`, … (le
#   dernier peut être plus petit) ; pour chaque lot, la perte est l'entropie croisée moyenne
#   `F.cross_entropy(modele(ids[lot], masque_padding[lot]), y[lot])`, puis remise à zéro des
#   gradients, rétropropagation, pas d'AdamW ;
# * la perte d'une époque est la **moyenne par exemple** des pertes de ses lots (chaque perte
#   de lot pondérée par la taille du lot, la somme divisée par $N$), calculées avant chaque
#   mise à jour ;
# * le seul tirage aléatoire est celui de `generateur` : le générateur global de PyTorch n'est
#   ni utilisé ni réinitialisé.
#
# La cellule qui suit (fournie) entraîne `modele` ($d_{model} = 64$, 8 têtes, 4 couches) avec
# votre fonction. La correction compare votre fonction à un entraînement de référence sur ses
# propres modèles, vérifie qu'elle n'utilise que `generateur`, puis mesure la **précision de
# `modele`** sur des phrases qu'elle garde pour elle (encodées avec votre `vocabulaire`) : elle
# doit dépasser un seuil calibré sur la solution de référence (plusieurs graines, avec une
# marge). Ne modifiez pas la cellule d'entraînement ; relancez-la après avoir corrigé vos
# fonctions.

# %%
def entrainer(modele, ids, masque_padding, y, epoques, taille_lot, lr, generateur):
    """AdamW et entropie croisée, lots mélangés par generateur ; la perte moyenne par époque."""
    # BEGIN SOLUTION
    optimiseur = torch.optim.AdamW(modele.parameters(), lr=lr)
    pertes = []
    for _ in range(epoques):
        somme = 0.0
        for lot in torch.randperm(len(y), generator=generateur).split(taille_lot):
            perte = F.cross_entropy(modele(ids[lot], masque_padding[lot]), y[lot])
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            somme += perte.item() * len(lot)
        pertes.append(somme / len(y))
    return pertes
    # END SOLUTION


# %%
EPOQUES, TAILLE_LOT, LR = 6, 32, 2e-3


@torch.no_grad()
def precision(modele, ids, masque, y, masque_tetes=None):
    modele.eval()
    return float((modele(ids, masque, masque_tetes).argmax(dim=1) == y).double().mean())


torch.manual_seed(0)
modele = TransformerTexte(len(vocabulaire), 64, 8, 4, 128, len(CLASSES), N_MAX)
depart = time.perf_counter()
pertes = entrainer(modele, ids_train, masque_train, y_train, EPOQUES, TAILLE_LOT, LR,
                   torch.Generator().manual_seed(0))
modele.eval()
print(f"pertes par époque : {[round(p, 3) for p in pertes]} "
      f"({time.perf_counter() - depart:.1f} s) ; "
      f"précision test {precision(modele, ids_test, masque_test, y_test):.3f}")

# %%
@helper
def usine_modele_moyen():
    """La fabrique du modèle du correcteur pour les checks d'entraînement : moyenne des
    plongements des mots et couche linéaire, float64, poids tirés d'un générateur local (le
    générateur global n'est pas touché)."""
    @C.probe
    def fabrique(V, d, K, graine):
        g = torch.Generator().manual_seed(graine)

        class ModeleMoyen(nn.Module):
            def __init__(self):
                super().__init__()
                self.mots = nn.Parameter(torch.randn(V, d, generator=g, dtype=torch.float64))
                self.W = nn.Parameter(0.5 * torch.randn(K, d, generator=g, dtype=torch.float64))
                self.b = nn.Parameter(torch.zeros(K, dtype=torch.float64))

            def forward(self, ids, masque_padding):
                garde = (~masque_padding).unsqueeze(-1).to(torch.float64)
                moyenne = (self.mots[ids] * garde).sum(dim=1) / garde.sum(dim=1)
                return moyenne @ self.W.T + self.b

        return ModeleMoyen()

    return fabrique


@helper
def tache_apprenable(N, graine):
    """ids (N, 6) de mots 2 … 14, leur masque, et la classe = premier mot modulo 3."""
    ids, padding = phrases_du_correcteur(15, N, 6, graine)
    return ids, padding, ids[:, 0] % 3


@helper
def entrainement_de_reference(entrainer, N, epoques, taille_lot, lr, graine):
    """La boucle de l'énoncé refaite ici sur une copie locale du modèle du correcteur, puis
    `entrainer` sur ce modèle construit là où elle vit : (pertes reçues, pertes attendues,
    poids reçus, poids attendus)."""
    ids, padding, y = tache_apprenable(N, graine)
    fabrique = usine_modele_moyen()
    temoin = fabrique(15, 4, 3, graine)
    adamw = torch.optim.AdamW(temoin.parameters(), lr=lr)
    melange = torch.Generator().manual_seed(graine + 1)
    attendues = []
    for _ in range(epoques):
        par_lot = []
        for lot in torch.randperm(N, generator=melange).split(taille_lot):
            perte = F.cross_entropy(temoin(ids[lot], padding[lot]), y[lot])
            adamw.zero_grad()
            perte.backward()
            adamw.step()
            par_lot.append(perte.item() * len(lot))
        attendues.append(sum(par_lot) / N)

    @C.probe
    def entrainer_et_relire(entrainer, modele, donnees, reglages):
        *hyper, graine = reglages
        pertes = entrainer(modele, *donnees, *hyper, torch.Generator().manual_seed(graine))
        return pertes, {nom: t.detach().clone() for nom, t in modele.state_dict().items()}

    modele = C.build_where(entrainer, fabrique, 15, 4, 3, graine)
    pertes, poids = C.call(entrainer_et_relire, entrainer, modele, [ids, padding, y],
                           [epoques, taille_lot, lr, graine + 1], name="entrainer")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques
             and all(isinstance(p, float) for p in pertes),
             f"`entrainer(..., epoques={epoques}, ...)` doit renvoyer une liste de {epoques} "
             "flottants Python (une perte par époque).",
             hint="une perte moyenne par époque, convertie par perte.item() (ou float).")
    return pertes, attendues, poids, {k: v.detach() for k, v in temoin.state_dict().items()}


@helper
def expect_entrainement_conforme(entrainer, cas, public):
    """Pour chaque cas (N, epoques, taille_lot, lr, graine) : les pertes d'époque puis les poids
    finaux de `entrainer` égaux à ceux de l'entraînement de référence."""
    for N, epoques, taille_lot, lr, graine in cas:
        quoi = f"N = {N}, {epoques} époque(s), lots de {taille_lot}, lr = {lr}"
        recues, attendues, poids, poids_attendus = entrainement_de_reference(
            entrainer, N, epoques, taille_lot, lr, graine)
        C.expect_close(torch.tensor(recues, dtype=torch.float64),
                       torch.tensor(attendues, dtype=torch.float64),
                       name=f"pertes d'époque de entrainer ({quoi})", rtol=1e-6, atol=1e-9,
                       reveal=public,
                       hint="un seul AdamW(lr) créé avant la boucle ; à chaque époque un "
                            "nouvel ordre torch.randperm(N, generator=generateur), lots "
                            "consécutifs (le dernier plus petit) ; zero_grad, backward, step "
                            "pour chaque lot ; perte d'époque = Σ perte_lot × taille du lot / N.")
        manquants = sorted(set(poids_attendus) - set(poids))
        C.expect(not manquants, f"Le modèle entraîné n'a plus les paramètres {manquants}.")
        for nom in sorted(poids_attendus):
            C.expect_close(C.as_tensor(poids[nom], nom), poids_attendus[nom],
                           name=f"poids `{nom}` après entrainer ({quoi})", rtol=1e-6,
                           atol=1e-9, reveal=public,
                           hint="AdamW avec ses réglages par défaut (weight_decay = 0,01), "
                                "epoques × ⌈N / taille_lot⌉ pas exactement.")


@check
def entrainer_exemple(entrainer):
    expect_entrainement_conforme(entrainer, [(40, 2, 16, 0.05, 5)], True)


@check(hidden=True)
def entrainer_contre_reference(entrainer):
    # N not a multiple of the batch, a single batch per epoch, batches of one
    expect_entrainement_conforme(entrainer, [(45, 3, 8, 0.05, 10), (7, 3, 10, 0.1, 11),
                                             (20, 1, 1, 0.01, 12)], False)


@check(hidden=True)
def entrainer_generateur(entrainer):
    ids, padding, y = tache_apprenable(20, 13)
    fabrique = usine_modele_moyen()

    @C.probe
    def entrainer_neuf(ids, padding, y, generateur):  # a fresh grader's model for each call
        return entrainer(fabrique(15, 4, 3, 0), ids, padding, y, 2, 6, 0.05, generateur)

    pertes = C.expect_generator_obeyed(entrainer_neuf, ids, padding, y, name="entrainer",
                                       keyword="generateur",
                                       hint="mélangez avec torch.randperm(N, "
                                            "generator=generateur), sans torch.manual_seed.")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 2,
             "`entrainer(..., epoques=2, ...)` doit renvoyer la liste des 2 pertes.")


@check(hidden=True)
def modele_precision_correcteur(modele, vocabulaire):
    seuil = 0.45  # reference over seeds 0-4: min 0.525, mean 0.620, std 0.057 (AUDIT.md)
    lire = C.code("lambda m: [type(m).__name__, getattr(m, 'n_couches', None), "
                  "getattr(m, 'n_tetes', None)]")
    classe, couches, tetes = C.call(lire, C.require(modele, "modele", "variable"),
                                    name="modele")
    C.expect(classe == "TransformerTexte" and couches == 4 and tetes == 8,
             "`modele` devrait être le TransformerTexte à 4 couches et 8 têtes entraîné par la "
             "cellule fournie.", hint="ne modifiez pas la cellule d'entraînement ; relancez-la.")
    C.expect(isinstance(vocabulaire, dict) and vocabulaire.get("<pad>") == 0,
             "`vocabulaire` devrait être le dictionnaire mot → indice construit plus haut.",
             hint="ne modifiez pas la cellule d'encodage fournie.")
    import re

    textes, y = data.texts("course-text", "holdout")
    ids = torch.zeros(len(textes), 32, dtype=torch.long)
    for n, texte in enumerate(textes):
        indices = [vocabulaire.get(m, 1) for m in re.findall(r"\w+", texte.lower())][:32] or [1]
        ids[n, :len(indices)] = torch.tensor(indices)

    @C.probe
    def predire(modele, ids):
        modele.eval()
        with torch.no_grad():
            return modele(ids, ids == 0)

    logits = C.as_tensor(C.call(predire, modele, ids, name="modele"), "modele(ids, masque)")
    C.expect_shape(logits, (len(textes), 3), name="modele(ids, masque) sur les phrases de la "
                                                   "correction")
    valeur = float((logits.argmax(dim=1) == y).double().mean())
    C.expect(valeur >= seuil,
             "`modele` n'atteint pas la précision attendue sur les phrases de la correction.",
             hint="vérifiez l'architecture (q1 : pre-norm, masques, moyenne sur les mots) et "
                  "l'entraînement (q4), puis relancez la cellule d'entraînement.")


# %% [markdown]
# ## Démonstrations (non notées)
#
# **Les cartes d'attention de chaque tête** (4 couches × 8 têtes) pour deux phrases de test :
# la case $(q, k)$ d'une image est le poids que le mot $q$ (ligne) donne au mot $k$ (colonne).

# %% tags=["demo"]
inverse = {i: m for m, i in vocabulaire.items()}
for b in (0, 1):
    n = int((~masque_test[b]).sum())
    cartes = cartes_attention(modele, ids_test[b:b + 1], masque_test[b:b + 1])[:, 0, :, :n, :n]
    etiquettes = [inverse[int(i)] for i in ids_test[b, :n]]
    figure, axes = plt.subplots(4, 8, figsize=(24, 12))
    for l in range(4):
        for i in range(8):
            axes[l, i].imshow(cartes[l, i].numpy(), cmap="viridis", vmin=0, vmax=1)
            axes[l, i].set_title(f"couche {l}, tête {i}", fontsize=8)
            axes[l, i].set_xticks(range(n), etiquettes, rotation=90, fontsize=5)
            axes[l, i].set_yticks(range(n), etiquettes, fontsize=5)
    figure.suptitle(textes_test[b][:120])
    figure.tight_layout()
    plt.show()
    # a summary in text: the mean distance between a word and the word it looks at most
    cibles = cartes.argmax(dim=-1).double()
    distance = (cibles - torch.arange(n).double()).abs().mean(dim=-1)
    print("distance moyenne (en mots) au mot le plus regardé, par couche et par tête :")
    print(distance.round(decimals=1))

# %% [markdown]
# **Élagage progressif.** L'impact de chaque tête sur le test, puis la précision quand on
# élague les $k$ têtes les moins utiles.

# %% tags=["demo"]
impact = impact_elagage(modele, ids_test, masque_test, y_test)
print("baisse de précision par tête (lignes : couches) :")
print(impact.round(decimals=3))
elaguees, precisions = list(range(0, 33, 4)), []
for k in elaguees:
    precisions.append(precision(modele, ids_test, masque_test, y_test,
                                elaguer_moins_utiles(impact, k)))
    print(f"{k:2d} têtes élaguées : précision {precisions[-1]:.3f}")
plt.plot(elaguees, precisions, marker="o")
plt.xlabel("têtes élaguées (les moins utiles d'abord)")
plt.ylabel("précision (test)")
plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 3

# %% [markdown]
# **Question 5 (rédigée).** (a) D'après les cartes d'attention, identifiez-vous des têtes
# spécialisées : têtes **positionnelles** (le mot précédent, le suivant, le premier mot),
# **syntaxiques** (déterminant → nom, ponctuation), **sémantiques** (les mots porteurs du
# thème) ? Comment évoluent-elles avec la profondeur ? (b) Combien de têtes peut-on élaguer
# sans perte notable de précision ? Que dit l'impact d'une tête seule, et quelles limites a
# cette mesure (interactions entre têtes, 120 phrases de test, modèle non ré-entraîné) ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# (a) Les têtes n'ont pas toutes le même patron. Certaines ont des cartes presque diagonales ou
# décalées d'une position (chaque mot regarde lui-même ou son voisin : des têtes
# **positionnelles**, rendues possibles par les plongements de position appris) ; d'autres
# concentrent le poids de presque toutes les requêtes sur un ou deux mots de la phrase, souvent
# un mot rare porteur du thème (« gradient », « attention », « convolution ») : ce sont des
# têtes plutôt **sémantiques**, utiles à la classification ; d'autres encore sont presque
# uniformes (elles font une moyenne). Avec 602 phrases et une tâche de thème, on ne voit guère
# de têtes **syntaxiques** nettes (déterminant → nom) : la tâche ne les demande pas. Dans les
# premières couches les patrons positionnels dominent, dans les dernières les têtes se
# focalisent sur les mots du thème. Ces rôles changent d'une graine à l'autre.
#
# (b) L'impact d'une tête seule est petit (quelques phrases sur 120, souvent 0, parfois
# négatif) : le modèle est très redondant. L'élagage progressif montre qu'on peut retirer une
# bonne partie des 32 têtes (souvent la moitié) presque sans perte, puis que la précision
# chute quand il n'en reste que quelques-unes. Limites : l'impact d'une tête seule ignore les
# interactions (deux têtes redondantes paraissent chacune inutiles mais pas ensemble) ; la
# précision sur 120 phrases est une mesure grossière (une phrase = 0,8 point) et bruitée ; le
# modèle n'est pas ré-entraîné après l'élagage (un ré-entraînement court récupérerait une
# partie de la perte) ; l'impact est mesuré sur le test lui-même, qui sert aussi à évaluer.
