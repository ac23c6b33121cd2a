# %% [markdown]
# # Exercice 6.1 (⋆) — Attention de Bahdanau
#
# Dans un modèle *seq2seq* (chapitre 5), l'encodeur résume la phrase source en états
# $h_1, \dots, h_n$ et le décodeur produit la cible jeton par jeton. L'attention de Bahdanau
# (section 6.2 du cours) donne au décodeur, à chaque pas $t$, un **vecteur de contexte** calculé
# à partir de son état **précédent** $s_{t-1}$ :
#
# $$e_{t,j} = v_a^\top \tanh(W_a s_{t-1} + U_a h_j) \quad (6.2) \qquad
# \alpha_{t,j} = \operatorname{softmax}_j(e_{t,:}) \quad (6.3) \qquad
# c_t = \sum_{j} \alpha_{t,j} h_j \quad (6.4)$$
#
# L'exercice du cours :
#
# 1. implémenter l'attention de Bahdanau (équations 6.2 à 6.4) en PyTorch ;
# 2. l'intégrer dans un modèle seq2seq LSTM (chapitre 5) qui traduit des nombres écrits en
#    toutes lettres en chiffres (« cent vingt-trois » → « 123 ») ;
# 3. visualiser la matrice d'attention $\alpha_{t,j}$ et interpréter l'alignement.
#
# **Conventions.** Les lots sont rangés **le lot d'abord** : $B$ phrases sources de $n$ mots
# forment un tenseur d'indices `torch.long` de forme $(B, n)$. Les phrases d'un lot n'ont pas
# toutes la même longueur : on les complète **à la fin** par le mot de remplissage `<pad>`, et
# un **masque** booléen de forme $(B, n)$ vaut `True` sur les vrais mots et `False` sur le
# remplissage (chaque phrase a au moins un vrai mot). Les questions 1 à 3 sont corrigées
# automatiquement ; la question 4 est rédigée. Les données sont engendrées par définition dans
# le notebook : rien n'est téléchargé.

# %%
import torch
import torch.nn.functional as F
from torch import nn

# %% [markdown]
# ## Les données (fournies, ne pas modifier)
#
# `nombre_en_lettres(n)` écrit un entier $0 \le n \le 999$ en toutes lettres selon
# l'**orthographe traditionnelle** (antérieure aux rectifications de 1990) :
#
# * trait d'union entre les dizaines et les unités sous cent (*dix-sept*, *quarante-deux*,
#   *soixante-dix-neuf*, *quatre-vingt-trois*), sauf avec *et* : *vingt et un*, *trente et un*,
#   …, *soixante et un*, *soixante et onze* ; mais *quatre-vingt-un*, *quatre-vingt-onze* ;
# * *quatre-vingts* prend un *s* quand il termine le nombre (80, 280), pas ailleurs
#   (*quatre-vingt-deux*) ;
# * *cent* s'écrit seul pour 100 à 199 (*cent*, *cent deux*), *cents* prend un *s* quand il
#   termine le nombre et qu'il est multiplié (*deux cents*, mais *deux cent trois*) ;
# * des espaces (pas de trait d'union) autour de *cent* et de *cents*.
#
# Les mots sources sont obtenus en remplaçant les traits d'union par des espaces
# (« quatre-vingt-dix-sept » → `quatre vingt dix sept`) ; la cible est la suite des chiffres,
# terminée par le jeton `<fin>`.

# %%
UNITES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
          "onze", "douze", "treize", "quatorze", "quinze", "seize"]
DIZAINES = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def moins_de_cent(n: int) -> str:
    """1 ≤ n ≤ 99 en lettres (orthographe traditionnelle)."""
    if n <= 16:
        return UNITES[n]
    if n < 20:
        return "dix-" + UNITES[n - 10]
    dizaine, unite = divmod(n, 10)
    if dizaine == 7:
        return "soixante et onze" if unite == 1 else "soixante-" + moins_de_cent(10 + unite)
    if dizaine == 8:
        return "quatre-vingts" if unite == 0 else "quatre-vingt-" + UNITES[unite]
    if dizaine == 9:
        return "quatre-vingt-" + moins_de_cent(10 + unite)
    if unite == 0:
        return DIZAINES[dizaine]
    if unite == 1:
        return DIZAINES[dizaine] + " et un"
    return DIZAINES[dizaine] + "-" + UNITES[unite]


def nombre_en_lettres(n: int) -> str:
    """0 ≤ n ≤ 999 en lettres : nombre_en_lettres(123) == "cent vingt-trois"."""
    if not 0 <= n <= 999:
        raise ValueError(f"{n} hors de [0, 999]")
    if n == 0:
        return "zéro"
    centaine, reste = divmod(n, 100)
    parties = []
    if centaine == 1:
        parties.append("cent")
    elif centaine > 1:
        parties.append(UNITES[centaine] + (" cents" if reste == 0 else " cent"))
    if reste:
        parties.append(moins_de_cent(reste))
    return " ".join(parties)


def mots(n: int) -> list[str]:
    """Les mots sources de n : traits d'union remplacés par des espaces."""
    return nombre_en_lettres(n).replace("-", " ").split()


PAD, DEBUT, FIN = 0, 1, 2
VOCAB_SOURCE = ["<pad>"] + sorted({m for n in range(1000) for m in mots(n)})
INDICE_SOURCE = {m: i for i, m in enumerate(VOCAB_SOURCE)}
VOCAB_CIBLE = ["<pad>", "<debut>", "<fin>"] + list("0123456789")
LONGUEUR_CIBLE = 4  # au plus 3 chiffres, puis <fin>

# la séparation fixée : 800 nombres d'entraînement, les 200 autres jamais vus à l'entraînement
_permutation = torch.randperm(1000, generator=torch.Generator().manual_seed(0)).tolist()
NOMBRES_ENTRAINEMENT = sorted(_permutation[:800])
NOMBRES_TEST = sorted(_permutation[800:])


def preparer_lot(nombres: list[int]):
    """(src, src_masque, tgt_entree, tgt_sortie) pour une liste de nombres :
    src (B, n) long complété par <pad> à la fin, n = la plus longue phrase du lot ;
    src_masque (B, n) bool, True sur les vrais mots ;
    tgt_sortie (B, 4) : les chiffres puis <fin>, complétés par <pad> ;
    tgt_entree (B, 4) : <debut> puis tgt_sortie décalée d'un pas (teacher forcing)."""
    phrases = [[INDICE_SOURCE[m] for m in mots(n)] for n in nombres]
    n_max = max(len(p) for p in phrases)
    src = torch.tensor([p + [PAD] * (n_max - len(p)) for p in phrases])
    sorties = [[3 + int(c) for c in str(n)] + [FIN] for n in nombres]
    tgt_sortie = torch.tensor([s + [PAD] * (LONGUEUR_CIBLE - len(s)) for s in sorties])
    tgt_entree = torch.cat([torch.full((len(nombres), 1), DEBUT), tgt_sortie[:, :-1]], dim=1)
    return src, src != PAD, tgt_entree, tgt_sortie


def tirer_lot(nombres: list[int], taille_lot: int, generateur: torch.Generator):
    """Un lot de taille_lot nombres tirés uniformément (avec remise) dans `nombres`, avec le
    générateur donné ; renvoie preparer_lot de ces nombres."""
    indices = torch.randint(len(nombres), (taille_lot,), generator=generateur)
    return preparer_lot([nombres[i] for i in indices.tolist()])


def en_chiffres(jetons: list[int]) -> str:
    """Les chiffres d'une suite d'indices cibles, jusqu'au premier <fin> (exclu) ; les autres
    jetons spéciaux sont ignorés."""
    chiffres = []
    for j in jetons:
        if j == FIN:
            break
        if j >= 3:
            chiffres.append(VOCAB_CIBLE[j])
    return "".join(chiffres)


src, src_masque, tgt_entree, tgt_sortie = preparer_lot([123, 80, 971])
print([nombre_en_lettres(n) for n in (123, 80, 971)])
print(src, src_masque, tgt_entree, tgt_sortie, sep="\n")
print(f"{len(VOCAB_SOURCE)} mots sources, {len(VOCAB_CIBLE)} jetons cibles")

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 — l'attention de Bahdanau (équations 6.2 à 6.4).** Écrire la classe
# `AttentionBahdanau(d_enc, d_dec, d_att)`, un `nn.Module` dont les trois sous-modules ont ces
# noms exactement :
#
# * `W = nn.Linear(d_dec, d_att, bias=False)` (la matrice $W_a$, appliquée à $s_{t-1}$) ;
# * `U = nn.Linear(d_enc, d_att)` (la matrice $U_a$, appliquée à chaque $h_j$, **avec** un
#   biais $b_a$ : $e_{t,j} = v_a^\top \tanh(W_a s_{t-1} + U_a h_j + b_a)$) ;
# * `v = nn.Linear(d_att, 1, bias=False)` (le vecteur $v_a$).
#
# `forward(s_prec, H, masque)` reçoit l'état précédent du décodeur `s_prec` de forme
# $(B, d_{dec})$, les états de l'encodeur `H` de forme $(B, n, d_{enc})$ et le masque booléen
# `masque` de forme $(B, n)$ (`True` = vrai mot) ; elle renvoie le couple `(contexte, alpha)` :
# `alpha` de forme $(B, n)$, `alpha[b, j]` $= \alpha_{j}$ pour la phrase $b$, le softmax étant
# pris **sur les positions sources** $j$ de chaque phrase, et `contexte` $= \sum_j \alpha_j h_j$
# de forme $(B, d_{enc})$.
#
# Les positions de remplissage (`masque` faux) reçoivent un poids **exactement 0** (score
# $-\infty$ avant le softmax) : les poids d'une phrase somment à 1 sur ses vrais mots et le
# contexte ne dépend pas des $h_j$ de remplissage. Les sorties ont le type des entrées (la
# correction passe le module en `float64` par `.double()`) ; `forward` ne modifie pas ses
# arguments.

# %%
class AttentionBahdanau(nn.Module):
    """e_j = vᵀ tanh(W s_prec + U h_j), α = softmax_j(e) (masqué), contexte = Σ_j α_j h_j."""

    def __init__(self, d_enc: int, d_dec: int, d_att: int):
        super().__init__()
        # BEGIN SOLUTION
        self.W = nn.Linear(d_dec, d_att, bias=False)
        self.U = nn.Linear(d_enc, d_att)
        self.v = nn.Linear(d_att, 1, bias=False)
        # END SOLUTION

    def forward(self, s_prec: torch.Tensor, H: torch.Tensor,
                masque: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        # BEGIN SOLUTION
        e = self.v(torch.tanh(self.W(s_prec).unsqueeze(1) + self.U(H))).squeeze(2)
        e = e.masked_fill(~masque, float("-inf"))
        alpha = torch.softmax(e, dim=1)
        contexte = (alpha.unsqueeze(2) * H).sum(dim=1)
        return contexte, alpha
        # END SOLUTION


# %%
attention_demo = AttentionBahdanau(8, 6, 5)
contexte_demo, alpha_demo = attention_demo(torch.randn(2, 6), torch.randn(2, 4, 8),
                                           torch.tensor([[True, True, True, False],
                                                         [True, True, True, True]]))
print(contexte_demo.shape, alpha_demo.shape)
print(alpha_demo.detach().round(decimals=3))

# %%
@helper
def attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, graine):
    """The student's module in float64, loaded with the grader's weights (returned too)."""
    label = f"AttentionBahdanau({d_enc}, {d_dec}, {d_att})"
    module = C.make_model(AttentionBahdanau, d_enc, d_dec, d_att, name=label)
    module = C.call(module.double, name=f"{label}.double")
    etat = C.call(module.state_dict, name=f"{label}.state_dict")
    formes = {"W.weight": (d_att, d_dec), "U.weight": (d_att, d_enc), "U.bias": (d_att,),
              "v.weight": (1, d_att)}
    C.expect(set(etat) == set(formes),
             f"Les paramètres de `{label}` sont {sorted(etat)}, attendus {sorted(formes)}.",
             hint="trois sous-modules : W = nn.Linear(d_dec, d_att, bias=False), "
                  "U = nn.Linear(d_enc, d_att) (avec biais), v = nn.Linear(d_att, 1, "
                  "bias=False).")
    g = torch.Generator().manual_seed(graine)
    poids = {}
    for cle, forme in formes.items():
        C.expect_shape(etat[cle], forme, name=f"{label}.{cle}",
                       hint="nn.Linear(entrée, sortie) a un poids de forme (sortie, entrée).")
        poids[cle] = torch.randn(forme, generator=g, dtype=torch.float64) / 2
    C.call(module.load_state_dict, poids, name=f"{label}.load_state_dict")
    return module, poids, label


@helper
def attention_oracle(poids, s_prec, H, masque):
    """(contexte, alpha) of equations 6.2–6.4 in float64, padded positions at −∞."""
    s_prec, H = s_prec.to(torch.float64), H.to(torch.float64)
    pre = s_prec @ poids["W.weight"].T
    e = torch.tanh(pre[:, None, :] + H @ poids["U.weight"].T + poids["U.bias"])
    e = (e @ poids["v.weight"].T)[..., 0].masked_fill(~masque, float("-inf"))
    alpha = e.softmax(dim=1)
    return torch.einsum("bj,bjd->bd", alpha, H), alpha


@helper
def appeler_attention(module, label, s_prec, H, masque):
    """module(s_prec, H, masque) where it lives: the pair (contexte, alpha), shapes checked."""
    resultat = C.call(module, s_prec.clone(), H.clone(), masque.clone(), name=label)
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{label}.forward` doit renvoyer un couple (contexte, alpha).")
    B, n, d_enc = H.shape
    quoi = f"B = {B}, n = {n}"
    contexte = C.as_tensor(resultat[0], f"contexte ({quoi})")
    alpha = C.as_tensor(resultat[1], f"alpha ({quoi})")
    C.expect_shape(alpha, (B, n), name=f"alpha ({quoi})",
                   hint="un poids par position source : forme (B, n).")
    C.expect_shape(contexte, (B, d_enc), name=f"contexte ({quoi})",
                   hint="contexte = Σ_j α_j h_j, de forme (B, d_enc).")
    return contexte, alpha


@helper
def entrees_attention(B, n, d_enc, d_dec, longueurs, graine):
    """s_prec, H, masque in float64; masque True on the first longueurs[b] positions."""
    g = torch.Generator().manual_seed(graine)
    s_prec = torch.randn(B, d_dec, generator=g, dtype=torch.float64)
    H = torch.randn(B, n, d_enc, generator=g, dtype=torch.float64)
    masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
    return s_prec, H, masque


@check
def attention_exemple(AttentionBahdanau):
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 3, 2, 4, 0)
    s_prec = torch.tensor([[1.0, -1.0], [0.5, 2.0]], dtype=torch.float64)
    H = torch.tensor([[[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [1.0, 1.0, 1.0]],
                      [[-1.0, 2.0, 0.0], [0.5, 0.5, 0.5], [3.0, 3.0, 3.0]]], dtype=torch.float64)
    masque = torch.tensor([[True, True, True], [True, True, False]])
    contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    C.expect_close(alpha, attendu_alpha, name="alpha de l'exemple (B = 2, n = 3)", reveal=True,
                   hint="e_j = v(tanh(W(s_prec) + U(h_j))), −∞ sur le remplissage, softmax sur "
                        "les positions sources j (dim=1).")
    C.expect_close(contexte, attendu_contexte, name="contexte de l'exemple", reveal=True,
                   hint="contexte = Σ_j α_j h_j.")


@check(hidden=True)
def attention_contre_oracle(AttentionBahdanau):
    # several (B, n), d_enc ≠ d_dec ≠ d_att, with and without padding, B = 1, n = 1
    cas = [(3, 5, 4, 6, 3, [5, 2, 4]), (1, 1, 2, 3, 5, [1]), (4, 6, 5, 5, 2, [6, 6, 1, 3]),
           (2, 7, 3, 2, 4, [7, 7])]
    for graine, (B, n, d_enc, d_dec, d_att, longueurs) in enumerate(cas):
        module, poids, label = attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att,
                                                       10 + graine)
        s_prec, H, masque = entrees_attention(B, n, d_enc, d_dec, longueurs, 20 + graine)
        contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
        attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
        quoi = f"{label}, B = {B}, n = {n}"
        C.expect_close(alpha, attendu_alpha, name=f"alpha ({quoi})",
                       hint="e_j = vᵀ tanh(W s_prec + U h_j + b) : W sur l'état du décodeur, "
                            "U (avec son biais) sur chaque h_j, v sur la tanh ; softmax sur "
                            "les positions sources.")
        C.expect_close(contexte, attendu_contexte, name=f"contexte ({quoi})",
                       hint="contexte = Σ_j α_j h_j (somme sur les positions sources).")


@check(hidden=True)
def attention_somme_et_masque(AttentionBahdanau):
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 4, 3, 5, 30)
    longueurs = [2, 5, 1, 4]
    s_prec, H, masque = entrees_attention(4, 5, 4, 3, longueurs, 31)
    contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
    C.expect(bool((alpha[~masque] == 0).all()),
             "Les poids d'attention ne sont pas exactement nuls sur les positions de "
             "remplissage (masque faux).",
             hint="mettez −∞ dans les scores masqués avant le softmax (masked_fill(~masque, "
                  "-inf)) : exp(−∞) = 0 exactement.")
    C.expect_close(alpha.sum(dim=1), torch.ones(4, dtype=torch.float64),
                   name="somme des poids de chaque phrase",
                   hint="softmax sur les positions sources (dim=1), après le masquage.")
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    C.expect_close(alpha, attendu_alpha, name="alpha (phrases de longueurs 2, 5, 1, 4)")
    # the padded h_j changed (large values): nothing changes
    H2 = H.clone()
    H2[~masque] = 1e3 * torch.randn(H2[~masque].shape, generator=torch.Generator().manual_seed(32),
                                    dtype=torch.float64)
    contexte2, alpha2 = appeler_attention(module, label, s_prec, H2, masque)
    C.expect_close(alpha2, attendu_alpha, name="alpha avec d'autres h_j de remplissage",
                   hint="les positions masquées ne doivent compter ni dans le softmax ni dans "
                        "la somme.")
    C.expect_close(contexte2, attendu_contexte, name="contexte avec d'autres h_j de remplissage",
                   hint="le contexte ne doit pas dépendre des h_j de remplissage.")


@check(hidden=True)
def attention_axe_du_softmax(AttentionBahdanau):
    # B = 3 ≠ n = 4, no padding: a softmax over the batch axis (or over d_att, or before v)
    # gives other weights
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 2, 3, 4, 40)
    s_prec, H, masque = entrees_attention(3, 4, 2, 3, [4, 4, 4], 41)
    H = 2 * H
    contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    C.expect_close(alpha.sum(dim=1), torch.ones(3, dtype=torch.float64),
                   name="somme des poids sur les positions sources",
                   hint="softmax sur les positions sources j (dim=1 de e, de forme (B, n)), "
                        "pas sur le lot.")
    C.expect_close(alpha, attendu_alpha, name="alpha (B = 3, n = 4)")
    C.expect_close(contexte, attendu_contexte, name="contexte (B = 3, n = 4)")


@check(hidden=True)
def attention_type_et_arguments(AttentionBahdanau):
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 3, 4, 2, 50)
    s_prec, H, masque = entrees_attention(2, 4, 3, 4, [3, 4], 51)
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    resultat = C.expect_unchanged(module, s_prec.clone(), H.clone(), masque.clone(), name=label,
                                  hint="masked_fill (sans _) et les opérations hors place "
                                       "laissent s_prec, H et masque intacts.")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             f"`{label}.forward` doit renvoyer un couple (contexte, alpha).")
    C.expect_close(resultat[1], attendu_alpha, name="alpha (B = 2, n = 4)")
    C.expect_close(resultat[0], attendu_contexte, name="contexte (B = 2, n = 4)")
    for valeur, quoi in ((resultat[0], "contexte"), (resultat[1], "alpha")):
        valeur = C.as_tensor(valeur, quoi)
        C.expect(valeur.dtype == torch.float64,
                 f"`{label}` renvoie {quoi} en {str(valeur.dtype)[6:]} pour un module et des "
                 "entrées en float64.",
                 hint="n'imposez pas de type : les opérations sur H et s_prec le conservent.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 — le seq2seq avec attention.** Écrire la classe
# `Seq2SeqAttention(nb_mots, nb_cibles, d_emb, d_cache, d_att)`, un `nn.Module` dont
# l'architecture est fixée, noms des sous-modules compris :
#
# * `emb_source = nn.Embedding(nb_mots, d_emb)` et `emb_cible = nn.Embedding(nb_cibles, d_emb)` ;
# * `encodeur = nn.LSTM(d_emb, d_cache, batch_first=True)` : un LSTM à une couche,
#   **unidirectionnel**, parti d'un état nul ;
# * `attention = AttentionBahdanau(d_cache, d_cache, d_att)` (question 1) ;
# * `decodeur = nn.LSTMCell(d_emb + d_cache, d_cache)` ;
# * `sortie = nn.Linear(2 * d_cache, nb_cibles)`.
#
# et ses trois méthodes :
#
# * `encoder(src)` : `src` de forme $(B, n)$ → `H`, les sorties de `encodeur` sur
#   `emb_source(src)`, de forme $(B, n, d_{cache})$ (le remplissage étant à la fin, les états
#   des vrais mots n'en dépendent pas) ;
# * `pas_decodeur(y_prec, etat, H, src_masque)` : un pas du décodeur. `y_prec` $(B,)$ est le
#   jeton cible précédent, `etat = (s_prec, m_prec)` l'état $(s_{t-1}, m_{t-1})$ du
#   `LSTMCell` (deux tenseurs $(B, d_{cache})$). Dans cet ordre :
#   1. `contexte, alpha = attention(s_prec, H, src_masque)` — avec l'état **précédent**
#      $s_{t-1}$ (Bahdanau), pas le nouveau ;
#   2. `(s, m) = decodeur([emb_cible(y_prec) ; contexte], (s_prec, m_prec))` (concaténation
#      dans cet ordre, sur la dernière dimension) ;
#   3. `logits = sortie([s ; contexte])` (dans cet ordre) ;
#
#   et renvoie `(logits, (s, m), alpha)`, de formes $(B, \text{nb\_cibles})$, deux fois
#   $(B, d_{cache})$ et $(B, n)$ ;
# * `forward(src, src_masque, tgt_entree)` : *teacher forcing*. L'état initial du décodeur est
#   **nul** (deux tenseurs nuls $(B, d_{cache})$) ; au pas $t = 0, \dots, T - 1$ le décodeur
#   reçoit `tgt_entree[:, t]` (`<debut>` au premier pas, puis la cible décalée d'un pas, comme
#   la construit `preparer_lot`). `forward` renvoie les logits de tous les pas, de forme
#   $(B, T, \text{nb\_cibles})$ : ceux du pas $t$ ne dépendent que de `tgt_entree[:, :t + 1]`.
#
# La correction passe le modèle en `float64` (`.double()`) : les tenseurs que vous créez
# (l'état initial nul) prennent le type de `H` (par exemple `H.new_zeros(...)`).
#
# Puis écrire la fonction `traduire(modele, src, src_masque, longueur_max)`, le **décodage
# glouton** : encoder `src`, partir de l'état nul et de `y_prec = <debut>` pour chaque phrase,
# puis, pendant exactement `longueur_max` pas, appeler `modele.pas_decodeur`, prendre
# l'**argmax** des logits comme jeton du pas et le redonner en `y_prec` au pas suivant (aussi
# après `<fin>`). Elle renvoie le couple `(chiffres, attention)` : `chiffres` est la liste des
# $B$ chaînes `en_chiffres(jetons de la phrase b)` (fonction fournie : les chiffres avant le
# premier `<fin>`), `attention` le tenseur $(B, \text{longueur\_max}, n)$ des poids `alpha`
# de chaque pas. `traduire` n'emploie que `modele.encoder` et `modele.pas_decodeur` (la
# correction lui donne aussi ses propres modèles) et peut calculer sous `torch.no_grad()`.

# %%
class Seq2SeqAttention(nn.Module):
    """Encodeur LSTM, décodeur LSTMCell nourri de [plongement(y_{t−1}) ; c_t], attention de
    Bahdanau calculée avec s_{t−1}."""

    def __init__(self, nb_mots: int, nb_cibles: int, d_emb: int, d_cache: int, d_att: int):
        super().__init__()
        # BEGIN SOLUTION
        self.emb_source = nn.Embedding(nb_mots, d_emb)
        self.emb_cible = nn.Embedding(nb_cibles, d_emb)
        self.encodeur = nn.LSTM(d_emb, d_cache, batch_first=True)
        self.attention = AttentionBahdanau(d_cache, d_cache, d_att)
        self.decodeur = nn.LSTMCell(d_emb + d_cache, d_cache)
        self.sortie = nn.Linear(2 * d_cache, nb_cibles)
        # END SOLUTION

    def encoder(self, src: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        H, _ = self.encodeur(self.emb_source(src))
        return H
        # END SOLUTION

    def pas_decodeur(self, y_prec, etat, H, src_masque):
        # BEGIN SOLUTION
        s_prec, m_prec = etat
        contexte, alpha = self.attention(s_prec, H, src_masque)
        entree = torch.cat([self.emb_cible(y_prec), contexte], dim=1)
        s, m = self.decodeur(entree, (s_prec, m_prec))
        logits = self.sortie(torch.cat([s, contexte], dim=1))
        return logits, (s, m), alpha
        # END SOLUTION

    def forward(self, src: torch.Tensor, src_masque: torch.Tensor,
                tgt_entree: torch.Tensor) -> torch.Tensor:
        # BEGIN SOLUTION
        H = self.encoder(src)
        etat = (H.new_zeros(H.shape[0], H.shape[2]), H.new_zeros(H.shape[0], H.shape[2]))
        logits = []
        for t in range(tgt_entree.shape[1]):
            logits_t, etat, _ = self.pas_decodeur(tgt_entree[:, t], etat, H, src_masque)
            logits.append(logits_t)
        return torch.stack(logits, dim=1)
        # END SOLUTION


def traduire(modele: nn.Module, src: torch.Tensor, src_masque: torch.Tensor,
             longueur_max: int) -> tuple[list[str], torch.Tensor]:
    """Décodage glouton : (chaînes de chiffres, poids d'attention (B, longueur_max, n))."""
    # BEGIN SOLUTION
    with torch.no_grad():
        H = modele.encoder(src)
        etat = (H.new_zeros(H.shape[0], H.shape[2]), H.new_zeros(H.shape[0], H.shape[2]))
        y = torch.full((src.shape[0],), DEBUT, dtype=torch.long)
        jetons, alphas = [], []
        for _ in range(longueur_max):
            logits, etat, alpha = modele.pas_decodeur(y, etat, H, src_masque)
            y = logits.argmax(dim=1)
            jetons.append(y)
            alphas.append(alpha)
    jetons = torch.stack(jetons, dim=1)
    return [en_chiffres(ligne) for ligne in jetons.tolist()], torch.stack(alphas, dim=1)
    # END SOLUTION


# %%
modele_demo = Seq2SeqAttention(len(VOCAB_SOURCE), len(VOCAB_CIBLE), 8, 12, 6)
print(modele_demo(src, src_masque, tgt_entree).shape)
print(traduire(modele_demo, src, src_masque, 5)[0])

# %%
@helper
def usine_seq2seq():
    """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
    return C.code('''
def fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):
    class AttentionCorrecteur(nn.Module):
        def __init__(self):
            super().__init__()
            self.W = nn.Linear(d, d_att, bias=False)
            self.U = nn.Linear(d, d_att)
            self.v = nn.Linear(d_att, 1, bias=False)

        def forward(self, s_prec, H, masque):
            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))
            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))
            alpha = torch.softmax(e, 1)
            return torch.einsum("bj,bjd->bd", alpha, H), alpha

    class Seq2SeqCorrecteur(nn.Module):
        def __init__(self):
            super().__init__()
            with torch.random.fork_rng(devices=[]):
                self.emb_source = nn.Embedding(nb_mots, d_emb)
                self.emb_cible = nn.Embedding(nb_cibles, d_emb)
                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)
                self.attention = AttentionCorrecteur()
                self.decodeur = nn.LSTMCell(d_emb + d, d)
                self.sortie = nn.Linear(2 * d, nb_cibles)
            self.double()
            g = torch.Generator().manual_seed(graine)
            with torch.no_grad():
                for nom, p in self.named_parameters():
                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])
                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))
                if biais_sortie is not None:
                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))

        def encoder(self, src):
            return self.encodeur(self.emb_source(src))[0]

        def pas_decodeur(self, y_prec, etat, H, src_masque):
            contexte, alpha = self.attention(etat[0], H, src_masque)
            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)
            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha

        def forward(self, src, masque, entree):
            H = self.encoder(src)
            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))
            logits = []
            for t in range(entree.shape[1]):
                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)
                logits.append(sortie)
            return torch.stack(logits, dim=1)

    return Seq2SeqCorrecteur()
''')


@helper
def seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, graine):
    """The student's Seq2SeqAttention in float64 with the grader's weights, and the grader's
    model with the same weights (the oracle)."""
    label = f"Seq2SeqAttention({V_src}, {V_tgt}, {d_emb}, {d}, {d_att})"
    modele = C.make_model(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, name=label)
    modele = C.call(modele.double, name=f"{label}.double")
    etat = C.call(modele.state_dict, name=f"{label}.state_dict")
    oracle = usine_seq2seq()(V_src, V_tgt, d_emb, d, d_att, graine)
    poids = oracle.state_dict()
    manquants = sorted(set(poids) - set(etat))
    C.expect(not manquants, f"`{label}` n'a pas les paramètres {manquants}.",
             hint="sous-modules emb_source, emb_cible (nn.Embedding), encodeur (nn.LSTM), "
                  "attention (AttentionBahdanau : W, U, v), decodeur (nn.LSTMCell), sortie "
                  "(nn.Linear).")
    for cle, valeur in poids.items():
        C.expect_shape(etat[cle], tuple(valeur.shape), name=f"{label}.{cle}",
                       hint="decodeur = nn.LSTMCell(d_emb + d_cache, d_cache), sortie = "
                            "nn.Linear(2 * d_cache, nb_cibles).")
    C.call(modele.load_state_dict, dict(poids), strict=False, name=f"{label}.load_state_dict")
    return modele, oracle, label


@helper
def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
    """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
    g = torch.Generator().manual_seed(graine)
    masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
    src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
    tgt = torch.randint(3, V_tgt, (B, T), generator=g)
    tgt[:, 0] = 1
    return src, masque, tgt


@helper
def logits_du_modele(modele, label, src, masque, tgt, V_tgt):
    logits = C.as_tensor(C.call(modele, src.clone(), masque.clone(), tgt.clone(), name=label),
                         f"{label}(src, src_masque, tgt_entree)")
    C.expect_shape(logits, (*tgt.shape, V_tgt),
                   name=f"logits pour src {tuple(src.shape)} et tgt_entree {tuple(tgt.shape)}",
                   hint="un vecteur de logits par pas du décodeur : (B, T, nb_cibles).")
    return logits


@check
def seq2seq_exemple(Seq2SeqAttention):
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 9, 13, 4, 5, 3, 0)
    src, masque, tgt = lot_aleatoire(9, 13, 2, 4, 3, [4, 2], 1)
    logits = logits_du_modele(modele, label, src, masque, tgt, 13)
    with torch.no_grad():
        attendu = oracle(src, masque, tgt)
    C.expect_close(logits, attendu, name=f"{label}(src, src_masque, tgt_entree)", reveal=True,
                   hint="état initial nul ; à chaque pas t : attention(s_{t−1}), decodeur sur "
                        "[emb_cible(tgt_entree[:, t]) ; contexte], sortie sur [s_t ; contexte].")


@check(hidden=True)
def seq2seq_contre_oracle(Seq2SeqAttention):
    # d_emb ≠ d_cache ≠ d_att, B = 1, T = 1, padding of several lengths
    cas = [(11, 13, 6, 5, 4, 3, 5, 4, [5, 1, 3]), (7, 8, 3, 4, 6, 1, 2, 1, [2]),
           (10, 13, 5, 5, 2, 4, 6, 3, [6, 6, 2, 4])]
    for graine, (V_src, V_tgt, d_emb, d, d_att, B, n, T, longueurs) in enumerate(cas):
        modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d,
                                                      d_att, 10 + graine)
        src, masque, tgt = lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, 20 + graine)
        logits = logits_du_modele(modele, label, src, masque, tgt, V_tgt)
        with torch.no_grad():
            attendu = oracle(src, masque, tgt)
        C.expect_close(logits, attendu, name=f"{label}, B = {B}, n = {n}, T = {T}",
                       hint="vérifiez l'architecture de l'énoncé : encodeur LSTM "
                            "unidirectionnel parti d'un état nul, état initial du décodeur "
                            "nul, attention calculée avec s_{t−1}, entrée du décodeur "
                            "[emb_cible(y_{t−1}) ; c_t], sortie sur [s_t ; c_t].")


@check(hidden=True)
def seq2seq_gradients(Seq2SeqAttention):
    # training goes through forward: its logits must stay on autograd's graph
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 9, 13, 4, 5, 3, 40)
    src, masque, tgt = lot_aleatoire(9, 13, 3, 5, 4, [5, 2, 4], 41)
    ponderation = torch.randn(3, 4, 13, generator=torch.Generator().manual_seed(42),
                              dtype=torch.float64)

    @C.probe
    def gradients(modele, src, masque, tgt, ponderation):  # backward where the model lives
        for p in modele.parameters():
            p.grad = None
        logits = modele(src, masque, tgt)
        if not (isinstance(logits, torch.Tensor) and logits.requires_grad):
            return None
        (logits * ponderation).sum().backward()
        return {nom: p.grad for nom, p in modele.named_parameters()}

    mesure = C.call(gradients, modele, src, masque, tgt, ponderation, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}(src, src_masque, tgt_entree)` n'est "
             "pas reliée au graphe d'autograd : l'entraînement ne peut rien apprendre.",
             hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data dans forward.")
    (oracle(src, masque, tgt) * ponderation).sum().backward()
    attendu = {nom: p.grad for nom, p in oracle.named_parameters()}
    recu = {nom: (mesure[nom] if mesure.get(nom) is not None
                  else torch.zeros_like(attendu[nom])) for nom in attendu if nom in mesure}
    C.expect_gradients(recu, attendu, name=label, tol=1e-7)


@check(hidden=True)
def seq2seq_pas_decodeur(Seq2SeqAttention):
    # one step from a non-zero state: the attention must read s_{t−1}, not the new s_t
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 8, 13, 4, 6, 5, 30)
    src, masque, _ = lot_aleatoire(8, 13, 3, 5, 1, [5, 3, 2], 31)
    g = torch.Generator().manual_seed(32)
    etat = (torch.randn(3, 6, generator=g, dtype=torch.float64),
            torch.randn(3, 6, generator=g, dtype=torch.float64))
    y_prec = torch.tensor([4, 2, 12])
    with torch.no_grad():
        H = oracle.encoder(src)
        attendu_logits, (attendu_s, attendu_m), attendu_alpha = oracle.pas_decodeur(
            y_prec, etat, H, masque)
    H_etudiant = C.as_tensor(C.call(modele.encoder, src.clone(), name=f"{label}.encoder"),
                             f"{label}.encoder(src)")
    C.expect_close(H_etudiant, H, name=f"{label}.encoder(src)",
                   hint="H = sorties de encodeur (LSTM, batch_first) sur emb_source(src).")
    resultat = C.call(modele.pas_decodeur, y_prec.clone(), (etat[0].clone(), etat[1].clone()),
                      H.clone(), masque.clone(), name=f"{label}.pas_decodeur")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 3
             and isinstance(resultat[1], tuple | list) and len(resultat[1]) == 2,
             "`pas_decodeur` doit renvoyer (logits, (s, m), alpha).")
    logits, (s, m), alpha = resultat
    C.expect_close(alpha, attendu_alpha, name="alpha d'un pas du décodeur",
                   hint="Bahdanau : l'attention lit l'état précédent s_{t−1} (etat[0] reçu), "
                        "avant la mise à jour du LSTMCell.")
    C.expect_close(s, attendu_s, name="nouvel état s d'un pas du décodeur",
                   hint="decodeur([emb_cible(y_prec) ; contexte], (s_prec, m_prec)).")
    C.expect_close(m, attendu_m, name="nouvelle cellule m d'un pas du décodeur")
    C.expect_close(logits, attendu_logits, name="logits d'un pas du décodeur",
                   hint="logits = sortie([s ; contexte]).")


@check(hidden=True)
def seq2seq_sans_fuite(Seq2SeqAttention):
    # changing tgt_entree after step t changes no logits at steps ≤ t
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 9, 13, 5, 4, 3, 40)
    src, masque, tgt = lot_aleatoire(9, 13, 3, 4, 4, [4, 3, 1], 41)
    with torch.no_grad():
        attendu = oracle(src, masque, tgt)
    g = torch.Generator().manual_seed(42)
    for t in (0, 1, 2):
        tgt2 = tgt.clone()
        tgt2[:, t + 1:] = 3 + (tgt2[:, t + 1:] - 3 + torch.randint(1, 10, tgt2[:, t + 1:].shape,
                                                                  generator=g)) % 10
        logits = logits_du_modele(modele, label, src, masque, tgt2, 13)
        C.expect_close(logits[:, :t + 1], attendu[:, :t + 1],
                       name=f"logits des pas ≤ {t} (tgt_entree modifiée après le pas {t})",
                       hint="teacher forcing : au pas t, le décodeur reçoit tgt_entree[:, t] "
                            "(déjà décalée) et rien de la suite.")


@helper
def glouton_oracle(oracle, src, masque, longueur_max):
    """Greedy decoding with the grader's model: the token indices and the attention weights."""
    with torch.no_grad():
        H = oracle.encoder(src)
        etat = (H.new_zeros(H.shape[0], H.shape[2]), H.new_zeros(H.shape[0], H.shape[2]))
        y = torch.full((src.shape[0],), 1, dtype=torch.long)
        jetons, alphas = [], []
        for _ in range(longueur_max):
            logits, etat, alpha = oracle.pas_decodeur(y, etat, H, masque)
            y = logits.argmax(1)
            jetons.append(y)
            alphas.append(alpha)
    return torch.stack(jetons, dim=1), torch.stack(alphas, dim=1)


@helper
def chiffres_oracle(jetons):
    """en_chiffres of the statement: the digits (index 3 + c) before the first <fin> (2)."""
    chaine = ""
    for j in jetons:
        if j == 2:
            break
        if j >= 3:
            chaine += str(j - 3)
    return chaine


@helper
def traduire_avec_le_correcteur(traduire, V_src, d_emb, d, d_att, graine, B, n, longueurs,
                                longueur_max, biais_sortie):
    """traduire on a grader's model built where traduire lives; compared with the grader's
    greedy decoding of the same model."""
    fabrique = usine_seq2seq()
    modele = C.build_where(traduire, fabrique, V_src, 13, d_emb, d, d_att, graine, biais_sortie)
    oracle = fabrique(V_src, 13, d_emb, d, d_att, graine, biais_sortie)
    src, masque, _ = lot_aleatoire(V_src, 13, B, n, 1, longueurs, graine + 1)
    resultat = C.call(traduire, modele, src.clone(), masque.clone(), longueur_max,
                      name="traduire")
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`traduire` doit renvoyer un couple (chiffres, attention).")
    chiffres, attention = resultat
    C.expect(isinstance(chiffres, list) and len(chiffres) == B
             and all(isinstance(c, str) for c in chiffres),
             f"`traduire` doit renvoyer une liste de {B} chaînes (une par phrase).")
    attention = C.as_tensor(attention, "attention")
    C.expect_shape(attention, (B, longueur_max, n), name="attention renvoyée par traduire",
                   hint="un vecteur alpha (B, n) par pas, empilés sur la dimension 1 : "
                        "(B, longueur_max, n).")
    jetons, alphas = glouton_oracle(oracle, src, masque, longueur_max)
    attendus = [chiffres_oracle(ligne) for ligne in jetons.tolist()]
    return chiffres, attention, attendus, alphas, jetons


@check
def traduire_exemple(traduire):
    biais = [-30.0, -30.0, 0.0] + [1.0] * 10
    chiffres, attention, attendus, alphas, _ = traduire_avec_le_correcteur(
        traduire, 9, 4, 5, 3, 50, 3, 4, [4, 2, 3], 5, biais)
    C.expect_equal(chiffres, attendus,
                   name="traduire(modele, src, src_masque, 5) avec un modèle du correcteur",
                   reveal=True, hint="décodage glouton : argmax des logits à chaque pas, "
                                     "redonné en y_prec au pas suivant ; chiffres jusqu'au "
                                     "premier <fin> (en_chiffres).")
    C.expect_close(attention, alphas, name="poids d'attention renvoyés par traduire",
                   hint="les alpha de pas_decodeur, pas après pas.")


@check(hidden=True)
def traduire_chaine_argmax(traduire):
    # longer decodings, <fin> rarely first: the whole argmax chain must be followed
    for graine, (B, n, longueurs, longueur_max, biais) in enumerate(
            ((5, 6, [6, 1, 4, 5, 2], 7, [-30.0, -30.0, -1.0] + [0.5] * 10),
             (2, 3, [3, 3], 4, [-30.0, -30.0, -30.0] + [0.0] * 10))):
        chiffres, attention, attendus, alphas, jetons = traduire_avec_le_correcteur(
            traduire, 10, 5, 6, 4, 60 + 10 * graine, B, n, longueurs, longueur_max, biais)
        C.expect(chiffres == attendus,
                 f"`traduire` (longueur_max = {longueur_max}) ne produit pas les chaînes du "
                 "décodage glouton d'un modèle du correcteur.",
                 hint="état initial nul, y_prec = <debut> au premier pas, puis l'argmax du pas "
                      "précédent (même après <fin>) ; exactement longueur_max pas.")
        C.expect_close(attention, alphas, name=f"attention (longueur_max = {longueur_max})",
                       hint="les alpha de chaque pas de pas_decodeur, dans l'ordre.")
        C.expect_close(attention.sum(dim=2), torch.ones(B, longueur_max, dtype=torch.float64),
                       name="somme de chaque ligne de la matrice d'attention")
    # a grader's model whose greedy chain has digits after a <fin>: they are not kept
    biais = [-30.0, -30.0, 1.0] + [0.0] * 10
    fabrique = usine_seq2seq()
    for graine in range(100, 160):
        src, masque, _ = lot_aleatoire(10, 13, 4, 5, 1, [5, 3, 4, 2], graine + 1)
        jetons, _ = glouton_oracle(fabrique(10, 13, 5, 6, 4, graine, biais), src, masque, 6)
        if any(2 in ligne and max(ligne[ligne.index(2):]) >= 3 for ligne in jetons.tolist()):
            break
    chiffres, _, attendus, _, _ = traduire_avec_le_correcteur(
        traduire, 10, 5, 6, 4, graine, 4, 5, [5, 3, 4, 2], 6, biais)
    C.expect(chiffres == attendus,
             "`traduire` ne s'arrête pas au premier <fin> : des chiffres produits après <fin> "
             "sont gardés (ou des chiffres d'avant sont perdus).",
             hint="la chaîne d'une phrase est en_chiffres(ses jetons) : les chiffres avant le "
                  "premier <fin>.")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 — entraîner.** Écrire `entrainer(modele, nombres, nb_pas, generateur,
# taille_lot=64, lr=1e-2)` qui crée **un** optimiseur `torch.optim.Adam(modele.parameters(),
# lr=lr)` puis fait `nb_pas` pas ; à chaque pas :
#
# 1. tirer un lot par `tirer_lot(nombres, taille_lot, generateur)` (fournie ; aucun autre
#    tirage) ;
# 2. calculer les logits par teacher forcing, `modele(src, src_masque, tgt_entree)`, et la
#    perte : l'entropie croisée avec `tgt_sortie`, **moyennée sur les jetons cibles qui ne sont
#    pas `<pad>`** (les chiffres et `<fin>`) ;
# 3. remettre les gradients à zéro, rétropropager, faire un pas d'Adam.
#
# Elle renvoie la liste des `nb_pas` pertes (flottants Python, calculées avant chaque mise à
# jour). La cellule suivante entraîne `modele_traduction` sur `NOMBRES_ENTRAINEMENT` (150 pas,
# quelques secondes). La correction décode ce modèle (glouton, avec ses `encoder` et
# `pas_decodeur`) et exige une traduction exacte (« 123 » pour « cent vingt-trois ») pour la
# plupart des nombres : sur 200 nombres d'entraînement (vérification publique) et sur les 200
# nombres de `NOMBRES_TEST`, que l'entraînement ne voit jamais (vérification cachée). Ne
# modifiez ni la cellule des données ni celle de l'entraînement ; relancez-la après avoir
# corrigé les questions 1 à 3.

# %%
def entrainer(modele: nn.Module, nombres: list[int], nb_pas: int, generateur: torch.Generator,
              taille_lot: int = 64, lr: float = 1e-2) -> list[float]:
    """nb_pas pas d'Adam sur des lots tirés par tirer_lot ; les pertes."""
    # BEGIN SOLUTION
    optimiseur = torch.optim.Adam(modele.parameters(), lr=lr)
    pertes = []
    for _ in range(nb_pas):
        src, src_masque, tgt_entree, tgt_sortie = tirer_lot(nombres, taille_lot, generateur)
        logits = modele(src, src_masque, tgt_entree)
        perte = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt_sortie.reshape(-1),
                                ignore_index=PAD)
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
        pertes.append(perte.item())
    return pertes
    # END SOLUTION


# %%
torch.manual_seed(0)
modele_traduction = Seq2SeqAttention(len(VOCAB_SOURCE), len(VOCAB_CIBLE), 32, 64, 32)
pertes = entrainer(modele_traduction, NOMBRES_ENTRAINEMENT, 150,
                   torch.Generator().manual_seed(1))
print(f"perte : {pertes[0]:.3f} → {sum(pertes[-20:]) / 20:.4f}")
src_test, masque_test, _, _ = preparer_lot(NOMBRES_TEST)
traductions, _ = traduire(modele_traduction, src_test, masque_test, LONGUEUR_CIBLE)
justes = sum(t == str(n) for t, n in zip(traductions, NOMBRES_TEST, strict=True))
print(f"test : {justes} / {len(NOMBRES_TEST)} nombres traduits exactement")

# %%
@helper
def lot_du_correcteur(nombres):
    """src, src_masque of the statement for `nombres`, built by the grader (the traditional
    spelling, hyphens as spaces, the sorted vocabulary with <pad> first)."""
    unites = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
              "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize"]
    dizaines = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

    def sous_cent(n):
        if n <= 16:
            return [unites[n]]
        d, u = divmod(n, 10)
        if d == 1:
            return ["dix", unites[u]]
        if d in (7, 9):
            base = ["soixante"] if d == 7 else ["quatre", "vingt"]
            return base + (["et"] if (d, u) == (7, 1) else []) + sous_cent(10 + u)
        if d == 8:
            return ["quatre", "vingts"] if u == 0 else ["quatre", "vingt", unites[u]]
        return [dizaines[d]] + (["et"] if u == 1 else []) + ([unites[u]] if u else [])

    def lettres(n):
        if n == 0:
            return ["zéro"]
        c, r = divmod(n, 100)
        tete = [] if c == 0 else ["cent"] if c == 1 else [unites[c], "cents" if r == 0 else "cent"]
        return tete + (sous_cent(r) if r else [])

    vocab = ["<pad>"] + sorted({m for n in range(1000) for m in lettres(n)})
    phrases = [[vocab.index(m) for m in lettres(n)] for n in nombres]
    n_max = max(len(p) for p in phrases)
    src = torch.tensor([p + [0] * (n_max - len(p)) for p in phrases])
    return src, src != 0


@helper
def nombres_du_correcteur(partie):
    permutation = torch.randperm(1000, generator=torch.Generator().manual_seed(0)).tolist()
    return sorted(permutation[:800]) if partie == "entrainement" else sorted(permutation[800:])


@helper
def precision_du_modele(modele_traduction, nombres):
    """Greedy decoding of the student's trained model where it lives (its encoder and
    pas_decodeur, 4 steps), judged here: the share of numbers translated exactly."""
    @C.probe
    def glouton(modele, src, masque):
        with torch.no_grad():
            H = modele.encoder(src)
            zeros = torch.zeros(H.shape[0], H.shape[2], dtype=H.dtype)
            etat = (zeros, zeros.clone())
            y = torch.full((src.shape[0],), 1, dtype=torch.long)
            jetons = []
            for _ in range(4):
                logits, etat, _ = modele.pas_decodeur(y, etat, H, masque)
                y = logits.argmax(1)
                jetons.append(y)
        return torch.stack(jetons, dim=1)

    src, masque = lot_du_correcteur(nombres)
    modele = C.require(modele_traduction, "modele_traduction", "variable")
    jetons = C.as_tensor(C.call(glouton, modele, src, masque, name="modele_traduction"),
                         "jetons décodés")
    C.expect_shape(jetons, (len(nombres), 4), name="jetons décodés")
    justes = sum(chiffres_oracle(ligne) == str(n)
                 for ligne, n in zip(jetons.tolist(), nombres, strict=True))
    return justes / len(nombres)


@helper
def entrainement_compare(tirer_lot, entrainer, graine, nb_pas, options):
    """entrainer on a small grader's model (float64) where it lives, against the same training
    done here on the batches tirer_lot draws from the same generator."""
    fabrique = usine_seq2seq()
    arguments = (30, 13, 4, 6, 5, graine)
    modele = C.build_where(entrainer, fabrique, *arguments)

    @C.probe
    def lancer(entrainer, modele, nb_pas, graine, options):
        # taille_lot and lr by position (or left to their defaults): any parameter names
        return entrainer(modele, list(range(0, 1000, 7)), nb_pas,
                         torch.Generator().manual_seed(graine), *options)

    @C.probe
    def lots(tirer_lot, nb_pas, graine, taille_lot):
        g = torch.Generator().manual_seed(graine)
        return [tirer_lot(list(range(0, 1000, 7)), taille_lot, g) for _ in range(nb_pas)]

    pertes = C.call(lancer, entrainer, modele, nb_pas, graine + 1, options, name="entrainer")
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == nb_pas,
             f"`entrainer(..., nb_pas={nb_pas}, ...)` doit renvoyer la liste des {nb_pas} "
             "pertes, une par pas.")
    C.expect(all(isinstance(p, float) for p in pertes),
             "`entrainer` doit renvoyer une liste de flottants Python.",
             hint="perte.item() (ou float(perte)) à chaque pas.")
    poids = C.call(modele.state_dict, name="modele.state_dict")
    local = fabrique(*arguments)
    taille_lot, lr = options if options else (64, 1e-2)
    optimiseur = torch.optim.Adam(local.parameters(), lr=lr)
    attendues = []
    for lot in C.call(lots, tirer_lot, nb_pas, graine + 1, taille_lot, name="tirer_lot"):
        src, masque, entree, sortie = (C.as_tensor(t, "lot") for t in lot)
        logits = local(src, masque, entree)
        perte = F.cross_entropy(logits.reshape(-1, 13), sortie.reshape(-1), ignore_index=0)
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
        attendues.append(perte.item())
    return pertes, attendues, poids, local.state_dict()


@check
def entrainer_exemple(tirer_lot, entrainer):
    pertes, attendues, _, _ = entrainement_compare(tirer_lot, entrainer, 0, 3, (8, 0.05))
    C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                   torch.tensor(attendues, dtype=torch.float64),
                   name="pertes de entrainer (3 pas, lots de 8, lr = 0,05)", rtol=1e-6,
                   atol=1e-9, reveal=True,
                   hint="un lot tirer_lot(nombres, taille_lot, generateur) par pas, entropie "
                        "croisée moyenne sur les jetons cibles autres que <pad> "
                        "(ignore_index=PAD), zero_grad, backward, step d'un même Adam(lr).")


@check(hidden=True)
def entrainer_contre_reference(tirer_lot, entrainer):
    for graine, nb_pas, options in ((10, 4, (16, 0.02)), (20, 2, ())):
        quoi = (f"{nb_pas} pas, " + (f"taille_lot = {options[0]}, lr = {options[1]}"
                                     if options else "valeurs par défaut"))
        pertes, attendues, poids, poids_attendus = entrainement_compare(
            tirer_lot, entrainer, graine, nb_pas, options)
        C.expect_close(torch.tensor(pertes, dtype=torch.float64),
                       torch.tensor(attendues, dtype=torch.float64),
                       name=f"pertes de entrainer ({quoi})", rtol=1e-6, atol=1e-9,
                       hint="la perte de chaque pas, avant la mise à jour : entropie croisée "
                            "moyenne sur les jetons cibles qui ne sont pas <pad> ; un seul "
                            "Adam(lr) créé avant la boucle ; un lot par pas tiré avec "
                            "generateur ; taille_lot = 64 et lr = 1e-2 par défaut.")
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu.detach(),
                           name=f"poids `{nom}` après entrainer ({quoi})", rtol=1e-6,
                           atol=1e-9, hint="nb_pas pas d'Adam exactement, dont le dernier.")


@check
def traduction_entrainement(modele_traduction):
    # 200 of the training numbers (every fourth): the trained model must know them
    nombres = nombres_du_correcteur("entrainement")[::4]
    precision = precision_du_modele(modele_traduction, nombres)
    C.expect(precision >= 0.9,
             f"`modele_traduction` ne traduit exactement que {precision:.0%} de 200 nombres "
             "d'entraînement (attendu : au moins 90 %).",
             hint="vérifiez les questions 1 à 3 (attention, modèle, perte sans <pad>), puis "
                  "relancez la cellule d'entraînement sans la modifier.")


@check(hidden=True)
def traduction_nombres_jamais_vus(modele_traduction, NOMBRES_ENTRAINEMENT):
    # the 200 numbers of NOMBRES_TEST, never trained on (the given split must be intact).
    # Threshold: see AUDIT.md (calibration of the reference over seeds)
    vus = C.call(C.code("lambda v: [int(n) for n in v]"),
                 C.require(NOMBRES_ENTRAINEMENT, "NOMBRES_ENTRAINEMENT", "variable"),
                 name="NOMBRES_ENTRAINEMENT")
    C.expect(vus == nombres_du_correcteur("entrainement"),
             "`NOMBRES_ENTRAINEMENT` n'est plus la séparation fournie.",
             hint="ne modifiez pas la cellule des données : la correction évalue le modèle "
                  "sur des nombres que l'entraînement ne voit jamais.")
    precision = precision_du_modele(modele_traduction, nombres_du_correcteur("test"))
    C.expect(precision >= 0.85,
             "`modele_traduction` traduit trop peu de nombres qu'il n'a jamais vus.",
             hint="vérifiez les questions 1 à 3, puis relancez la cellule d'entraînement sans "
                  "la modifier.")


# %% [markdown]
# ## La matrice d'attention
#
# La cellule suivante traduit quelques nombres de `NOMBRES_TEST` et affiche, pour chacun, la
# matrice $\alpha_{t,j}$ : une ligne par chiffre produit (pas $t$ du décodeur), une colonne par
# mot source $j$.

# %% tags=["demo"]
import matplotlib.pyplot as plt

exemples = [n for n in NOMBRES_TEST if n >= 100][:3] + [n for n in NOMBRES_TEST if n < 100][:1]
src_ex, masque_ex, _, _ = preparer_lot(exemples)
chaines, matrices = traduire(modele_traduction, src_ex, masque_ex, LONGUEUR_CIBLE)
fig, axes = plt.subplots(1, len(exemples), figsize=(4 * len(exemples), 3.2))
for ax, n, chaine, matrice in zip(axes, exemples, chaines, matrices, strict=True):
    mots_n = mots(n)
    lignes = list(chaine) + ["<fin>"]
    ax.imshow(matrice[:len(lignes), :len(mots_n)].numpy(), vmin=0, vmax=1, cmap="viridis")
    ax.set_xticks(range(len(mots_n)), mots_n, rotation=60)
    ax.set_yticks(range(len(lignes)), lignes)
    ax.set_title(f"{n} → « {chaine} »")
plt.tight_layout()
plt.show()

# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 2

# %% [markdown]
# **Question 4 (rédigée).** Interprétez les matrices d'attention tracées ci-dessus. Pour un
# nombre comme « trois cent quatre-vingt-dix-sept », quels mots sources le décodeur
# regarde-t-il en produisant le chiffre des centaines, celui des dizaines, celui des unités,
# puis `<fin>` ? L'alignement est-il monotone ? Que se passe-t-il pour les chiffres qui
# dépendent de plusieurs mots (« soixante-dix-sept », « quatre-vingts ») ou pour un zéro qui
# ne correspond à aucun mot (« deux cent cinq ») ? Pourquoi l'attention utilise-t-elle
# $s_{t-1}$ et non $s_t$ (remarque 6.2), et pourquoi le masque est-il nécessaire ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# *Éléments attendus* (les matrices dépendent de l'entraînement). Le chiffre des centaines
# regarde surtout le mot qui précède *cent* (« trois ») ou *cent* lui-même ; le chiffre des
# dizaines regarde les mots des dizaines (« quatre vingt », « soixante ») ; celui des unités
# le dernier mot (« sept », « dix sept ») ; `<fin>` regarde souvent la fin de la phrase.
# L'alignement est donc à peu près monotone (la diagonale d'une matrice « mots × chiffres »),
# mais pas un à un : un chiffre peut dépendre de plusieurs mots (soixante-dix-sept : 7 des
# dizaines et 7 des unités se lisent dans « soixante dix sept » ; l'attention se répartit
# alors sur plusieurs colonnes), et un zéro (« deux cent cinq ») n'a pas de mot : l'attention
# se pose sur un mot voisin (cent, cinq) et c'est l'état du décodeur qui porte l'information.
# L'encodeur étant un LSTM unidirectionnel, $h_j$ résume aussi les mots $\le j$, ce qui
# brouille l'interprétation « un mot par colonne ». Bahdanau calcule l'attention avec
# $s_{t-1}$ car le contexte $c_t$ est une **entrée** du décodeur au pas $t$ : il doit être
# connu avant la mise à jour de l'état (Luong, à l'inverse, calcule $s_t$ puis l'attention
# et combine les deux pour la sortie). Le masque empêche le remplissage de recevoir du poids :
# sans lui, une phrase courte dans un lot long verrait ses $\alpha$ dépendre des `<pad>`, et
# la traduction changerait selon les autres phrases du lot.
