# %% [markdown]
# # Exercice 7.3 (⋆⋆) — Nombre de paramètres d'un Transformer
#
# Pour un Transformer **encodeur** à $L$ couches, $h$ têtes, de dimension $d_\text{model}$ et
# de FFN de dimension $d_\text{ff}$, calculer le nombre total de paramètres (sans compter les
# embeddings). *Indice du cours :* considérer séparément l'attention multi-tête
# ($4d_\text{model}^2$), le FFN ($2d_\text{model}d_\text{ff}$) et les LayerNorm
# ($4d_\text{model}$) de chaque bloc.
#
# **Le modèle compté.** Pour que le compte soit vérifiable, on fixe le module exact : l'encodeur
# de PyTorch
#
# ```python
# nn.TransformerEncoder(nn.TransformerEncoderLayer(d_model, h, d_ff, batch_first=True), L)
# ```
#
# avec ses options par défaut (`bias=True`, et **pas** de normalisation finale : `norm=None`).
# Chacun de ses $L$ blocs (section 7.4.1 du cours) contient :
#
# - l'**attention multi-tête** `self_attn` (`nn.MultiheadAttention`) : les projections
#   $W_Q, W_K, W_V$ et la projection de sortie $W_O$, chacune de taille
#   $d_\text{model} \times d_\text{model}$ (les $h$ têtes se partagent ces matrices : chaque
#   tête en utilise $d_k = d_\text{model}/h$ colonnes), et leurs 4 vecteurs de biais de taille
#   $d_\text{model}$ ;
# - le **FFN** (équation 7.8) $\operatorname{FFN}(x) = \operatorname{ReLU}(xW_1 + b_1)W_2 + b_2$
#   avec $W_1 \in \mathbb{R}^{d_\text{model} \times d_\text{ff}}$, $b_1 \in
#   \mathbb{R}^{d_\text{ff}}$, $W_2 \in \mathbb{R}^{d_\text{ff} \times d_\text{model}}$,
#   $b_2 \in \mathbb{R}^{d_\text{model}}$ (`linear1`, `linear2`) ;
# - deux **LayerNorm** (`norm1`, `norm2`, une par « Add & Norm »), chacune avec un gain
#   $\gamma$ et un décalage $\beta$ de taille $d_\text{model}$ : $2 \times 2d_\text{model} =
#   4d_\text{model}$.
#
# Le dropout, la ReLU et les connexions résiduelles n'ont pas de paramètres ; la place des
# normalisations (Post-Norm ou Pre-Norm, section 7.4.3) ne change pas le compte.
#
# **Les biais.** L'indice du cours ne compte que les matrices ; ici les biais **comptent**,
# sauf si on demande le modèle sans biais. « Sans biais » (`biais=False` ci-dessous) désigne
# exactement le module construit avec `nn.TransformerEncoderLayer(..., bias=False)` : PyTorch
# supprime alors les biais de **toutes** les couches linéaires (les 4 de l'attention et les 2 du
# FFN) **et** le décalage $\beta$ des LayerNorm, qui ne gardent que leur gain $\gamma$
# ($2d_\text{model}$ paramètres par bloc au lieu de $4d_\text{model}$).
#
# Les questions 1 à 3 sont corrigées automatiquement ; la question 4 est rédigée.

# %%
import torch
from torch import nn

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 4

# %% [markdown]
# **Question 1 (la formule).** Écrire
#
# * `parametres_bloc(d_model, d_ff, biais=True)` qui renvoie le **dictionnaire** des nombres
#   de paramètres d'**un** bloc, avec exactement les trois clés
#   - `"attention"` : les paramètres de l'attention multi-tête, $4d_\text{model}^2$, plus
#     $4d_\text{model}$ si `biais` ;
#   - `"ffn"` : ceux du FFN, $2d_\text{model}d_\text{ff}$, plus $d_\text{ff} + d_\text{model}$
#     si `biais` ;
#   - `"layernorm"` : ceux des deux LayerNorm, $4d_\text{model}$ si `biais`, $2d_\text{model}$
#     (les gains $\gamma$ seuls) sinon ;
# * `parametres_encodeur(L, h, d_model, d_ff, biais=True)` qui renvoie le nombre total de
#   paramètres de l'encodeur à `L` blocs et `h` têtes décrit plus haut (`h` divise `d_model`),
#   sans les embeddings.
#
# Les nombres renvoyés (les valeurs du dictionnaire et le total) sont des **entiers Python
# exacts** (`int`, pas de flottant ni de tenseur), pour toutes les tailles, y compris très
# grandes : au-delà de $2^{53} \approx 9 \cdot 10^{15}$ un flottant `float64` ne représente plus
# tous les entiers, et un flottant `float32` se trompe dès $2^{24} \approx 1{,}7 \cdot 10^{7}$.
# Le calcul se fait **à la main**, par la formule : sans construire de module (ni
# `nn.TransformerEncoder`, ni `nn.MultiheadAttention`, ni `nn.Linear`, ni `nn.LayerNorm`), sans
# `numel` ni `parameters()`, et sans appeler `compter_parametres` (question 2).
#
# *Ce que vérifie la correction :* vos comptes contre ceux des modules de PyTorch
# (`sum(p.numel() for p in module.parameters())` sur l'encodeur ci-dessus, partie par partie
# pour un bloc) pour des tailles $(L, h, d_\text{model}, d_\text{ff})$ tirées au hasard, avec et
# sans biais ; que le total ne dépend pas de $h$ ; le type `int` ; l'exactitude pour de très
# grandes tailles.

# %%
def parametres_bloc(d_model: int, d_ff: int, biais: bool = True) -> dict[str, int]:
    """Paramètres d'un bloc encodeur : {"attention": ..., "ffn": ..., "layernorm": ...}."""
    # BEGIN SOLUTION
    attention = 4 * d_model * d_model  # W_Q, W_K, W_V, W_O : d_model × d_model chacune
    ffn = 2 * d_model * d_ff  # W_1 (d_model × d_ff) et W_2 (d_ff × d_model)
    layernorm = 2 * d_model  # les gains γ des deux LayerNorm
    if biais:
        attention += 4 * d_model  # biais de Q, K, V et de la projection de sortie
        ffn += d_ff + d_model  # b_1 et b_2
        layernorm += 2 * d_model  # les décalages β des deux LayerNorm
    return {"attention": attention, "ffn": ffn, "layernorm": layernorm}
    # END SOLUTION


def parametres_encodeur(L: int, h: int, d_model: int, d_ff: int, biais: bool = True) -> int:
    """Nombre total de paramètres de l'encodeur (L blocs, h têtes), sans les embeddings."""
    # BEGIN SOLUTION
    return L * sum(parametres_bloc(d_model, d_ff, biais).values())
    # END SOLUTION


# %%
print("un bloc (d_model = 512, d_ff = 2048) :", parametres_bloc(512, 2048))
print("encodeur du cours (L = 6, h = 8) :", parametres_encodeur(6, 8, 512, 2048))

# %%
@helper
def encodeur_de_reference(L, h, d_model, d_ff, biais):
    """L'encodeur de l'énoncé, construit par PyTorch sur le périphérique `meta` : des tenseurs
    qui ont une forme mais pas de mémoire, donc un compte exact pour toute taille."""
    import warnings

    with warnings.catch_warnings():  # bias=False : avertissement sur les tenseurs imbriqués
        warnings.simplefilter("ignore")
        couche = nn.TransformerEncoderLayer(d_model, h, d_ff, batch_first=True, bias=biais,
                                            device="meta")
        return nn.TransformerEncoder(couche, L)


@helper
def total_de_reference(L, h, d_model, d_ff, biais=True):
    """sum(p.numel()) sur l'encodeur de PyTorch (un entier Python)."""
    return int(sum(p.numel() for p in encodeur_de_reference(L, h, d_model, d_ff,
                                                            biais).parameters()))


@helper
def bloc_de_reference(d_model, d_ff, biais=True, h=1):
    """Les trois parts d'un bloc de PyTorch, et la preuve qu'elles couvrent tout le bloc."""
    bloc = encodeur_de_reference(1, h, d_model, d_ff, biais).layers[0]
    parts = {"attention": [bloc.self_attn], "ffn": [bloc.linear1, bloc.linear2],
             "layernorm": [bloc.norm1, bloc.norm2]}
    comptes = {cle: int(sum(p.numel() for m in modules for p in m.parameters()))
               for cle, modules in parts.items()}
    assert sum(comptes.values()) == sum(p.numel() for p in bloc.parameters())
    return comptes


@helper
def entier_exact(valeur, nom, attendu, indice):
    """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
    C.expect(isinstance(valeur, int) and not isinstance(valeur, bool),
             f"`{nom}` devrait être un entier Python (`int`), reçu un objet de type "
             f"`{type(valeur).__name__}`.",
             hint="additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de "
                  "`math.pow`, de numpy ni de tenseur.")
    C.expect_equal(valeur, attendu, name=nom, hint=indice)


@helper
def bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, quoi):
    """parametres_bloc(d_model, d_ff, biais=biais) contre le bloc de PyTorch : les trois clés,
    puis chaque part (un entier exact) ; `quoi` décrit le cas sans en donner les tailles."""
    nom = f"parametres_bloc(d_model, d_ff, biais={biais}) {quoi}"
    recu = C.call(parametres_bloc, d_model, d_ff, biais=biais, name="parametres_bloc")
    C.expect(isinstance(recu, dict),
             f"`parametres_bloc` devrait renvoyer un dictionnaire, reçu un objet de type "
             f"`{type(recu).__name__}`.")
    cles = sorted(map(str, recu))
    C.expect(cles == ["attention", "ffn", "layernorm"],
             f"`{nom}` a les clés {cles}, attendu exactement \"attention\", \"ffn\" et "
             "\"layernorm\".")
    for cle, attendu in bloc_de_reference(d_model, d_ff, biais).items():
        entier_exact(recu[cle], f"{nom}[\"{cle}\"]", attendu, indice[cle])


@check
def bloc_et_encodeur_exemple(parametres_bloc, parametres_encodeur):
    recu = C.call(parametres_bloc, 8, 32, name="parametres_bloc")
    C.expect(isinstance(recu, dict),
             f"`parametres_bloc` devrait renvoyer un dictionnaire, reçu un objet de type "
             f"`{type(recu).__name__}`.")
    for cle, attendu in bloc_de_reference(8, 32).items():
        C.expect(cle in recu, f"Le dictionnaire de `parametres_bloc` n'a pas de clé \"{cle}\".")
        C.expect_equal(recu[cle], attendu, name=f"parametres_bloc(8, 32)[\"{cle}\"]",
                       reveal=True, hint="avec les biais (valeur par défaut) : attention "
                                         "4d² + 4d, FFN 2·d·d_ff + d_ff + d, LayerNorm 4d.")
    total = C.call(parametres_encodeur, 2, 2, 8, 32, name="parametres_encodeur")
    C.expect_equal(total, total_de_reference(2, 2, 8, 32),
                   name="parametres_encodeur(2, 2, 8, 32)", reveal=True,
                   hint="L blocs identiques, et rien d'autre (pas de norme finale).")


@check(hidden=True, each={"cas": ["avec_biais", "sans_biais"]})
def bloc_contre_pytorch(parametres_bloc, cas):
    biais = cas == "avec_biais"
    indice = {"attention": "4 matrices d × d (Q, K, V et la sortie)"
                           + (" et leurs 4 biais de taille d." if biais else ", sans biais."),
              "ffn": "W_1 (d × d_ff) et W_2 (d_ff × d)"
                     + (", b_1 de taille d_ff et b_2 de taille d." if biais else
                        ", sans biais."),
              "layernorm": ("deux LayerNorm, chacune avec γ et β de taille d : 4d." if biais
                            else "sans biais, PyTorch retire aussi β des LayerNorm : il reste "
                                 "les deux gains γ, soit 2d.")}
    g = torch.Generator().manual_seed(731 if biais else 732)
    for _ in range(5):
        d_model = int(torch.randint(2, 200, (1,), generator=g))
        d_ff = int(torch.randint(1, 700, (1,), generator=g))
        bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, "(tailles tirées au hasard)")


@check(hidden=True, each={"cas": ["avec_biais", "sans_biais"]})
def encodeur_contre_pytorch(parametres_encodeur, cas):
    biais = cas == "avec_biais"
    g = torch.Generator().manual_seed(733 if biais else 734)
    for _ in range(5):
        h = int(torch.randint(1, 9, (1,), generator=g))
        d_model = h * int(torch.randint(1, 25, (1,), generator=g))
        d_ff = int(torch.randint(1, 500, (1,), generator=g))
        L = int(torch.randint(1, 13, (1,), generator=g))
        nom = f"parametres_encodeur (encodeur tiré au hasard, biais={biais})"
        recu = C.call(parametres_encodeur, L, h, d_model, d_ff, biais=biais,
                      name="parametres_encodeur")
        entier_exact(recu, nom, total_de_reference(L, h, d_model, d_ff, biais),
                     "L fois les trois parts d'un bloc (attention, FFN, LayerNorm), "
                     + ("biais compris" if biais else "sans aucun biais ni β de LayerNorm")
                     + " ; pas de norme finale.")


@check(hidden=True)
def encodeur_independant_de_h(parametres_encodeur):
    # the same (L, d_model, d_ff) with h from 1 to d_model: every result against PyTorch's count
    L, d_model, d_ff = 3, 48, 100
    for biais in (True, False):
        recus = {h: C.call(parametres_encodeur, L, h, d_model, d_ff, biais=biais,
                           name="parametres_encodeur") for h in (1, 3, 8, 48)}
        if len({repr(v) for v in recus.values()}) > 1:
            indice = ("le nombre de paramètres ne dépend pas de h : les h têtes se partagent "
                      "W_Q, W_K, W_V (d × d) et W_O (d × d), chacune en utilise d_k = d/h "
                      "colonnes.")
        else:
            indice = ("le même total pour tous les h, comme il se doit, mais pas le bon : "
                      "voyez les vérifications des parts d'un bloc.")
        for h, recu in recus.items():
            entier_exact(recu, f"parametres_encodeur avec h = {h} tête(s) (biais={biais})",
                         total_de_reference(L, h, d_model, d_ff, biais), indice)


@check(hidden=True)
def grandes_tailles_exactes(parametres_bloc, parametres_encodeur):
    indice = ("calculez avec des entiers Python (précision illimitée) : un float32 arrondit "
              "dès 2^24, un float64 au-delà de 2^53.")
    # d = 4096, d_ff = 16384, L = 48: about 9.7·10⁹ parameters (above 2^24 and 2^31)
    for biais in (True, False):
        recu = C.call(parametres_encodeur, 48, 32, 4096, 16384, biais=biais,
                      name="parametres_encodeur")
        entier_exact(recu, f"parametres_encodeur d'un grand encodeur (biais={biais})",
                     total_de_reference(48, 32, 4096, 16384, biais), indice)
    # beyond 2^53 with odd sizes: float64 can no longer hold the exact count
    L, h, d_model, d_ff = 1001, 3, 999_999, 4_000_000  # an odd count near 1.2·10¹⁶
    bloc = bloc_de_reference(d_model, d_ff, True, h)
    attendu = L * sum(bloc.values())
    assert attendu > 2**53 and float(attendu) != attendu
    bloc_attendu(parametres_bloc, d_model, d_ff, True, {k: indice for k in bloc},
                 "pour de très grandes tailles")
    recu = C.call(parametres_encodeur, L, h, d_model, d_ff, biais=True,
                  name="parametres_encodeur")
    entier_exact(recu, "parametres_encodeur pour un très grand encodeur (plus de 2^53 "
                       "paramètres)", attendu, indice)


@check(hidden=True)
def calcul_sans_module(parametres_bloc, parametres_encodeur):
    interdits = {"TransformerEncoder", "TransformerEncoderLayer", "MultiheadAttention",
                 "Linear", "LayerNorm", "numel", "parameters", "named_parameters",
                 "compter_parametres"}
    indice = ("l'énoncé demande la formule, calculée à la main : additionnez les tailles des "
              "matrices et des vecteurs de chaque partie.")
    recu = C.call(parametres_encodeur, 2, 4, 12, 20, name="parametres_encodeur")
    entier_exact(recu, "parametres_encodeur d'un petit encodeur",
                 total_de_reference(2, 4, 12, 20), indice)
    C.expect_not_using(parametres_bloc, interdits, name="parametres_bloc", hint=indice)
    C.expect_not_using(parametres_encodeur, interdits, name="parametres_encodeur", hint=indice)


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2 (compter sur un module).** Écrire `compter_parametres(module,
# entrainables_seulement=True)` qui renvoie le nombre (un entier Python `int`) de paramètres
# scalaires d'un `nn.Module` quelconque, sous-modules compris :
#
# * un même tenseur de paramètres est compté **une seule fois**, même s'il appartient à
#   plusieurs sous-modules (poids partagés, par exemple `sortie.weight = embedding.weight`) ou si
#   un même sous-module apparaît deux fois dans le modèle ;
# * si `entrainables_seulement` est vrai (par défaut), seuls les paramètres
#   **entraînables** (`requires_grad=True`) sont comptés ; sinon, tous les paramètres, gelés
#   compris ;
# * les tampons (*buffers* : `running_mean`, `running_var` et `num_batches_tracked` d'une
#   `BatchNorm`…) ne sont pas des paramètres et ne sont jamais comptés ; un module sans
#   paramètre donne 0.
#
# Sur l'encodeur de l'énoncé, elle doit retrouver `parametres_encodeur`.

# %%
def compter_parametres(module: nn.Module, entrainables_seulement: bool = True) -> int:
    """Nombre de paramètres scalaires de `module` (partagés comptés une fois)."""
    # BEGIN SOLUTION
    return sum(p.numel() for p in module.parameters()
               if p.requires_grad or not entrainables_seulement)
    # END SOLUTION


# %% tags=["demo"]
# l'encodeur de l'énoncé, petit, construit pour de bon (enable_nested_tensor=False : sans effet
# sur les paramètres, il évite un avertissement de PyTorch quand bias=False)
for avec_biais in (True, False):
    encodeur = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(64, 4, 256, batch_first=True, bias=avec_biais), 3,
        enable_nested_tensor=False)
    print(f"biais={avec_biais} : compter_parametres =", compter_parametres(encodeur),
          "; parametres_encodeur =", parametres_encodeur(3, 4, 64, 256, biais=avec_biais))

# %%
@check
def compte_petit_mlp(compter_parametres):
    @C.probe
    def fabrique():
        return nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))

    recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique),
                  name="compter_parametres")
    C.expect_equal(recu, 5 * 4 + 4 + 4 * 3 + 3,
                   name="compter_parametres(Sequential(Linear(5, 4), ReLU(), Linear(4, 3)))",
                   reveal=True, hint="poids et biais de chaque nn.Linear : "
                                     "sum(p.numel() for p in module.parameters()).")


@helper
def compte_attendu(compter_parametres, fabrique, nom, indice, *args, **kwargs):
    """compter_parametres(module, *args, **kwargs) sur le module que `fabrique` construit là où
    vit la fonction de l'élève, contre le compte du correcteur sur sa propre copie."""
    entrainables = (list(args) + list(kwargs.values()) + [True])[0]
    copie = fabrique()
    attendu = int(sum(p.numel() for p in copie.parameters()
                      if p.requires_grad or not entrainables))
    recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique), *args,
                  name="compter_parametres", **kwargs)
    entier_exact(recu, nom, attendu, indice)


@check(hidden=True)
def compte_poids_partages(compter_parametres):
    @C.probe
    def fabrique():
        class Lie(nn.Module):
            def __init__(self):
                super().__init__()
                self.plongement = nn.Embedding(10, 6)
                self.couche = nn.Linear(6, 6)
                self.pile = nn.Sequential(self.couche, nn.ReLU(), self.couche)
                self.sortie = nn.Linear(6, 10)
                self.sortie.weight = self.plongement.weight  # poids liés

        return Lie()

    for args in ((), (False,)):
        compte_attendu(compter_parametres, fabrique,
                       "compter_parametres d'un modèle à poids partagés",
                       "un tenseur partagé par deux sous-modules (ou un sous-module présent "
                       "deux fois) n'est compté qu'une fois : module.parameters() les "
                       "dédoublonne, pas state_dict() ni une somme sur module.modules().",
                       *args)


@check(hidden=True)
def compte_parametres_geles(compter_parametres):
    @C.probe
    def fabrique():
        m = nn.Sequential(nn.Linear(7, 5), nn.Tanh(), nn.Linear(5, 2))
        m[0].requires_grad_(False)
        m[2].bias.requires_grad_(False)
        return m

    indice = ("avec entrainables_seulement=True (la valeur par défaut), ne gardez que les p "
              "tels que p.requires_grad ; avec False, comptez aussi les paramètres gelés.")
    for args, kwargs, quoi in (((), {}, "par défaut"),
                               ((), {"entrainables_seulement": True},
                                "entrainables_seulement=True"),
                               ((), {"entrainables_seulement": False},
                                "entrainables_seulement=False"),
                               ((False,), {}, "False passé en position")):
        compte_attendu(compter_parametres, fabrique,
                       f"compter_parametres d'un modèle en partie gelé ({quoi})", indice,
                       *args, **kwargs)

    @C.probe
    def tout_gele():
        return nn.Linear(3, 3).requires_grad_(False)

    compte_attendu(compter_parametres, tout_gele,
                   "compter_parametres d'un modèle entièrement gelé (par défaut)", indice)


@check(hidden=True)
def compte_sans_tampons(compter_parametres):
    @C.probe
    def fabrique():
        m = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU())
        m.register_buffer("masque", torch.ones(50))
        return m

    indice = ("les tampons (running_mean, running_var, num_batches_tracked, register_buffer) "
              "ne sont pas des paramètres : utilisez module.parameters(), pas state_dict().")
    for args in ((), (False,)):
        compte_attendu(compter_parametres, fabrique,
                       "compter_parametres d'un modèle avec BatchNorm", indice, *args)

    @C.probe
    def sans_parametre():
        return nn.Sequential(nn.ReLU(), nn.Dropout(0.1))

    compte_attendu(compter_parametres, sans_parametre,
                   "compter_parametres d'un module sans paramètre", indice)


@check(hidden=True, each={"cas": ["avec_biais", "sans_biais"]})
def compte_encodeur_pytorch(compter_parametres, cas):
    biais = cas == "avec_biais"

    @C.probe
    def fabrique(biais):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            couche = nn.TransformerEncoderLayer(24, 4, 40, batch_first=True, bias=biais)
            return nn.TransformerEncoder(couche, 2)

    recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique, biais),
                  name="compter_parametres")
    entier_exact(recu, f"compter_parametres(encodeur à 2 blocs, biais={biais})",
                 total_de_reference(2, 4, 24, 40, biais),
                 "tous les paramètres des sous-modules (attention, FFN, LayerNorm de chaque "
                 "bloc) : sum(p.numel() for p in module.parameters()).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 2

# %% [markdown]
# **Question 3 (application numérique : BERT-base).** L'encodeur de BERT-base a $L = 12$
# couches, $h = 12$ têtes, $d_\text{model} = 768$ et $d_\text{ff} = 3072$. Affecter
#
# * à `n_bert_base` son nombre de paramètres hors embeddings, biais compris (un entier
#   Python) : le cours annonce environ 85 millions ;
# * à `part_ffn_bert` et `part_attention_bert` la **fraction** (un flottant Python entre 0 et 1)
#   de ces `n_bert_base` paramètres qui appartient aux FFN, respectivement aux attentions
#   multi-têtes (biais compris, sur les 12 blocs).

# %%
# calculs intermédiaires éventuels
# BEGIN SOLUTION
bloc_bert = parametres_bloc(768, 3072)
# END SOLUTION
n_bert_base = parametres_encodeur(12, 12, 768, 3072)  # SOLUTION
part_ffn_bert = 12 * bloc_bert["ffn"] / n_bert_base  # SOLUTION
part_attention_bert = 12 * bloc_bert["attention"] / n_bert_base  # SOLUTION

# %% tags=["demo"]
# BERT-base construit sur le périphérique « meta » : des tenseurs sans mémoire, le compte est
# immédiat
bert = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(768, 12, 3072, batch_first=True, device="meta"), 12)
print(f"BERT-base (hors embeddings) : {n_bert_base:,} paramètres ; PyTorch en compte "
      f"{compter_parametres(bert):,}")
print(f"part du FFN : {part_ffn_bert:.2%}, de l'attention : {part_attention_bert:.2%}")

# %%
@check
def bert_base_ordre_de_grandeur(n_bert_base, part_ffn_bert, part_attention_bert):
    C.require(n_bert_base, "n_bert_base", kind="variable")
    C.expect_in_range(C.as_number(n_bert_base, "n_bert_base"), 84e6, 86e6, name="n_bert_base",
                      hint="le cours annonce environ 85 millions de paramètres hors "
                           "embeddings.")
    for nom, valeur in (("part_ffn_bert", part_ffn_bert),
                        ("part_attention_bert", part_attention_bert)):
        C.require(valeur, nom, kind="variable")
        C.expect_in_range(C.as_number(valeur, nom), 0.0, 1.0, name=nom,
                          hint="une fraction du total, pas un pourcentage.")


@check(hidden=True)
def bert_base_exact(n_bert_base):
    C.require(n_bert_base, "n_bert_base", kind="variable")
    entier_exact(n_bert_base, "n_bert_base", total_de_reference(12, 12, 768, 3072),
                 "le nombre exact, biais et LayerNorm compris (pas un arrondi) : "
                 "parametres_encodeur(12, 12, 768, 3072).")


@check(hidden=True)
def parts_bert(part_ffn_bert, part_attention_bert):
    bloc = bloc_de_reference(768, 3072, True, 12)
    total = sum(bloc.values())
    for nom, valeur, cle in (("part_ffn_bert", part_ffn_bert, "ffn"),
                             ("part_attention_bert", part_attention_bert, "attention")):
        C.require(valeur, nom, kind="variable")
        C.expect(isinstance(valeur, float),
                 f"`{nom}` devrait être un flottant Python (`float`), reçu un objet de type "
                 f"`{type(valeur).__name__}`.", hint="le quotient `/` de deux int est un float.")
        C.expect_scalar_close(valeur, bloc[cle] / total, name=nom, rtol=1e-9, atol=1e-12,
                              hint="rapportez au total n_bert_base, LayerNorm comprises, et "
                                   "comptez les biais de la partie.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** Donner la formule du nombre total de paramètres de l'encodeur en
# fonction de $L$, $h$, $d_\text{model}$ et $d_\text{ff}$, avec et sans biais. Pour BERT-base,
# quelle part des paramètres vient du FFN, quelle part de l'attention, et quelle part des
# LayerNorm ? Avec la convention $d_\text{ff} = 4d_\text{model}$, comment ces parts et le
# total évoluent-ils quand $d_\text{model}$ grandit (que se passe-t-il si on double
# $d_\text{model}$ ? si on double $L$ ? si on double $h$) ? Les 85 millions sont loin des
# 110 millions souvent cités pour BERT-base : d'où vient l'écart ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# Par bloc : attention $4d^2 + 4d$, FFN $2d\,d_\text{ff} + d_\text{ff} + d$, LayerNorm $4d$,
# d'où
# $$N = L\,\big(4d^2 + 2d\,d_\text{ff} + 9d + d_\text{ff}\big) \quad\text{avec biais},\qquad
# N = L\,\big(4d^2 + 2d\,d_\text{ff} + 2d\big) \quad\text{sans biais},$$
# indépendant de $h$ (les têtes se partagent les projections $d \times d$).
#
# BERT-base : attention $2\,362\,368$, FFN $4\,722\,432$, LayerNorm $3\,072$ par bloc, soit
# $7\,087\,872$ par bloc et $N = 85\,054\,464$. Le FFN porte environ $66{,}6\,\%$ des
# paramètres, l'attention $33{,}3\,\%$, les LayerNorm $0{,}04\,\%$.
#
# Avec $d_\text{ff} = 4d$ : $N = L(12d^2 + 13d) \approx 12Ld^2$ ; le FFN ($8d^2$) pèse deux
# fois l'attention ($4d^2$), et ses parts tendent vers $2/3$ et $1/3$ quand $d$ grandit (biais
# et LayerNorm, en $O(d)$, deviennent négligeables). Doubler $d$ multiplie le nombre de
# paramètres par environ 4, doubler $L$ le multiplie par 2, doubler $h$ ne change rien.
#
# L'écart avec les 110 M vient des embeddings, exclus ici : embeddings de jetons
# $30\,522 \times 768 \approx 23{,}4$ M, de positions $512 \times 768$, de segments
# $2 \times 768$, leur LayerNorm, et la couche de *pooling* ($768^2 + 768$), soit environ
# $24{,}4$ M de plus ($85{,}1 + 24{,}4 \approx 109{,}5$ M).
