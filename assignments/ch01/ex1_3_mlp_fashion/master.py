# %% [markdown]
# # Exercice 1.3 (⋆⋆) — MLP sur Fashion-MNIST : ReLU, Leaky ReLU ou GELU ?
#
# Fashion-MNIST contient des images $28 \times 28$ en niveaux de gris de vêtements répartis en
# 10 classes. On y entraîne un perceptron multicouche (MLP) et l'on compare trois fonctions
# d'activation du cours :
#
# | Nom | Formule | Module PyTorch |
# |---|---|---|
# | ReLU | $\max(0, z)$ | `nn.ReLU()` |
# | Leaky ReLU | $\max(\alpha z, z)$, $\alpha = 0{,}01$ | `nn.LeakyReLU(0.01)` |
# | GELU | $z\,\Phi(z)$ ($\Phi$ : fonction de répartition de $\mathcal{N}(0, 1)$) | `nn.GELU()` |
#
# **Architecture imposée.** Le MLP a les largeurs $(784, 256, 128, 10)$ : l'image
# `(B, 1, 28, 28)` est aplatie en `(B, 784)`, puis
# `Linear(784, 256) → activation → Linear(256, 128) → activation → Linear(128, 10)`.
# La sortie est formée de **10 logits** (pas de softmax : `nn.CrossEntropyLoss` l'applique
# elle-même). Ni dropout ni normalisation.
#
# **Données.** Les données sont chargées hors ligne par `autograder.data.load`, qui renvoie le
# même objet que `torchvision.datasets.FashionMNIST`. Dans cet environnement, c'est une copie
# hors ligne de substitution (synthétique, 6 000 images d'entraînement et 1 000 de test, au
# même format) ; là où le vrai jeu de données est disponible, il se charge de la même façon.
# La correction mesure la précision sur un ensemble de test qui lui est propre.
#
# Les questions 1 à 3 sont corrigées automatiquement ; la comparaison des activations est
# rédigée (question 4, corrigée à la main).

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

from autograder import data

train = data.load("fashion-mnist", train=True)
test = data.load("fashion-mnist", train=False)
X_train = train.data.unsqueeze(1).float() / 255  # (N, 1, 28, 28), valeurs dans [0, 1]
y_train = train.targets
X_test = test.data.unsqueeze(1).float() / 255
y_test = test.targets
print(X_train.shape, y_train.shape, X_test.shape)

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1.** Écrire `creer_mlp(activation)` qui renvoie le MLP $(784, 256, 128, 10)$
# décrit plus haut (un `nn.Module`), avec l'activation désignée par son nom : `"relu"`,
# `"leaky_relu"` (pente $\alpha = 0{,}01$ pour $z < 0$) ou `"gelu"` (forme exacte
# $z\,\Phi(z)$, pas l'approximation par `tanh`). La même activation suit chacune des deux
# couches cachées ; aucune ne suit la dernière couche. Pour un nom inconnu, lever une
# `ValueError`.
#
# Pour une entrée de forme `(B, 1, 28, 28)`, le modèle renvoie des logits de forme `(B, 10)`.
# Il a exactement 235 146 paramètres, quelle que soit l'activation.

# %%
def creer_mlp(activation: str) -> nn.Module:
    """MLP (784, 256, 128, 10) : aplatissement, deux couches cachées suivies de l'activation
    nommée ("relu", "leaky_relu" ou "gelu"), puis 10 logits sans softmax."""
    # BEGIN SOLUTION
    modules = {"relu": nn.ReLU, "leaky_relu": lambda: nn.LeakyReLU(0.01), "gelu": nn.GELU}
    if activation not in modules:
        raise ValueError(f"activation inconnue : {activation!r}")
    act = modules[activation]
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), act(),
        nn.Linear(256, 128), act(),
        nn.Linear(128, 10),
    )
    # END SOLUTION


# %%
for nom in ["relu", "leaky_relu", "gelu"]:
    m = creer_mlp(nom)
    print(nom, tuple(m(X_train[:4]).shape), sum(p.numel() for p in m.parameters()))

# %%
@check
def formes_et_parametres(creer_mlp):
    x = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    for nom in ["relu", "leaky_relu", "gelu"]:
        model = C.make_model(creer_mlp, nom, name="creer_mlp")
        out = C.forward(model, x, name=f"creer_mlp('{nom}')")
        C.expect_shape(out, (4, 10), name=f"creer_mlp('{nom}')(x)",
                       hint="aplatissez l'image en (B, 784) avant la première couche.")
        C.expect_equal(C.count_params(model), 235146,
                       name=f"nombre de paramètres de creer_mlp('{nom}')", reveal=True,
                       hint="largeurs (784, 256, 128, 10), poids et biais de chaque couche.")


@check(hidden=True)
def activation_du_modele(creer_mlp):
    oracles = {"relu": F.relu, "leaky_relu": lambda z: F.leaky_relu(z, 0.01), "gelu": F.gelu}
    x = 2.0 * torch.randn(32, 1, 28, 28, generator=torch.Generator().manual_seed(13))
    shapes = [(256, 784), (256,), (128, 256), (128,), (10, 128), (10,)]
    for nom, act in oracles.items():
        model = C.make_model(creer_mlp, nom, name="creer_mlp")
        state = C.call(model.state_dict, name=f"creer_mlp('{nom}').state_dict")
        params = {tuple(v.shape): v.detach().cpu().float() for v in state.values()
                  if isinstance(v, torch.Tensor)}
        C.expect(all(s in params for s in shapes),
                 f"`creer_mlp('{nom}')` n'a pas les couches Linear(784, 256), Linear(256, 128) "
                 "et Linear(128, 10) de l'énoncé.")
        w1, b1, w2, b2, w3, b3 = (params[s] for s in shapes)
        with torch.no_grad():
            h = act(x.flatten(1) @ w1.T + b1)
            h = act(h @ w2.T + b2)
            expected = h @ w3.T + b3
            got = C.forward(model, x, name=f"creer_mlp('{nom}')")
        C.expect_close(got, expected, name=f"creer_mlp('{nom}')(x)", rtol=1e-4, atol=1e-5,
                       hint="vérifiez l'activation associée à chaque nom (Leaky ReLU de pente "
                            "0,01, GELU exacte), placée après chaque couche cachée, et l'absence "
                            "de softmax en sortie.")


@check(hidden=True)
def nom_inconnu(creer_mlp):
    C.require(creer_mlp, "creer_mlp")

    @C.probe
    def exception_levee(nom):
        try:
            creer_mlp(nom)
        except ValueError:
            return "ValueError"
        except Exception as e:  # noqa: BLE001 - any other exception is reported by name
            return type(e).__name__
        return None

    levee = C.call(exception_levee, "sinus", name="creer_mlp")
    C.expect(levee == "ValueError",
             "`creer_mlp` avec un nom d'activation inconnu devrait lever une `ValueError`"
             + (f", pas une `{levee}`." if levee else " (aucune exception levée)."),
             hint="testez le nom avant de construire le réseau et levez `ValueError(...)`.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 3

# %% [markdown]
# **Question 2.** Écrire `entrainer(modele, X, y, epochs, batch_size, lr)` qui entraîne
# `modele` **en place** sur les images `X` (forme `(N, 1, 28, 28)`) et les étiquettes `y`
# (forme `(N,)`), avec :
#
# - l'optimiseur Adam de taux d'apprentissage `lr` (`torch.optim.Adam`, autres réglages par
#   défaut) ;
# - la perte d'entropie croisée (`nn.CrossEntropyLoss`, moyenne sur le lot) appliquée
#   **aux logits** ;
# - à chaque époque, un nouveau mélange aléatoire des exemples, découpés en lots de
#   `batch_size` (le dernier lot peut être plus petit).
#
# La fonction renvoie les courbes d'apprentissage, un dictionnaire de deux listes de
# `epochs` flottants :
#
# - `"perte"` : pour chaque époque, la perte moyenne **par exemple** des lots vus pendant
#   l'époque (chaque perte de lot pondérée par la taille du lot) ;
# - `"precision"` : pour chaque époque, la proportion d'exemples bien classés parmi les lots vus
#   pendant l'époque (prédiction calculée avant la mise à jour de chaque lot).
#
# Le modèle et les données sont sur le même périphérique ; la fonction ne les déplace pas.

# %%
def entrainer(modele: nn.Module, X: torch.Tensor, y: torch.Tensor, epochs: int,
              batch_size: int, lr: float) -> dict[str, list[float]]:
    """Entraîne `modele` en place (Adam, entropie croisée, lots mélangés) et renvoie
    {"perte": [...], "precision": [...]}, une valeur par époque."""
    # BEGIN SOLUTION
    optimizer = torch.optim.Adam(modele.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    courbes = {"perte": [], "precision": []}
    n = len(y)
    modele.train()
    for _ in range(epochs):
        total_perte, bien_classes = 0.0, 0
        for idx in torch.randperm(n).split(batch_size):
            xb, yb = X[idx], y[idx]
            logits = modele(xb)
            loss = criterion(logits, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_perte += loss.item() * len(idx)
            bien_classes += int((logits.argmax(dim=1) == yb).sum())
        courbes["perte"].append(total_perte / n)
        courbes["precision"].append(bien_classes / n)
    return courbes
    # END SOLUTION


# %%
@helper
def entrainer_sur_copie(entrainer, model, *args):
    """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
    C.require(entrainer, "entrainer")
    largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]

    @C.probe
    def sur_copie(largeurs, etat, *args):
        couches = [nn.Flatten()]
        for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):
            couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])
        modele = nn.Sequential(*couches)
        modele.load_state_dict(etat)
        torch.manual_seed(0)  # the shuffles, as the grader seeded them before
        return entrainer(modele, *args)

    return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name="entrainer")


@check
def courbes_renvoyees(entrainer):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    x = torch.rand(256, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (256,), generator=gen)
    courbes = entrainer_sur_copie(entrainer, model, x, y, 3, 32, 0.01)
    C.expect(isinstance(courbes, dict) and "perte" in courbes and "precision" in courbes,
             "`entrainer` doit renvoyer un dictionnaire de clés \"perte\" et \"precision\".",
             hint="avez-vous oublié le `return` ?")
    for cle in ["perte", "precision"]:
        C.expect(isinstance(courbes[cle], (list, tuple)) and len(courbes[cle]) == 3,
                 f"`entrainer(..., epochs=3, ...)[\"{cle}\"]` doit être une liste de 3 valeurs "
                 "(une par époque).")
    pertes = [C.as_number(v, name="une perte de la courbe") for v in courbes["perte"]]
    for v in courbes["precision"]:
        C.expect_in_range(v, 0.0, 1.0, name="une précision de la courbe",
                          hint="une précision est une proportion, pas un nombre d'exemples.")
    C.expect(pertes[-1] < pertes[0], "La perte de `entrainer` ne diminue pas au fil des époques.",
             hint="à chaque lot : `optimizer.zero_grad()`, `loss.backward()` puis "
                  "`optimizer.step()`.")


@check(hidden=True)
def courbes_a_taux_nul(entrainer):
    torch.manual_seed(5)
    gen = torch.Generator().manual_seed(6)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    x = torch.rand(240, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (240,), generator=gen)
    with torch.no_grad():
        logits = model(x)
        perte = float(F.cross_entropy(logits, y))
        precision = float((logits.argmax(dim=1) == y).double().mean())
    courbes = entrainer_sur_copie(entrainer, model, x, y, 2, 48, 0.0)
    C.expect(isinstance(courbes, dict) and "perte" in courbes and "precision" in courbes,
             "`entrainer` doit renvoyer un dictionnaire de clés \"perte\" et \"precision\".")
    C.expect(len(courbes["perte"]) == 2 and len(courbes["precision"]) == 2,
             "`entrainer(..., epochs=2, ...)` doit renvoyer deux valeurs par courbe.")
    for e in range(2):
        C.expect_scalar_close(courbes["perte"][e], perte, rtol=1e-4, atol=1e-6,
                              name=f"perte de l'époque {e} (lr = 0)",
                              hint="entropie croisée moyenne par exemple, appliquée aux logits "
                                   "(sans softmax préalable).")
        C.expect_scalar_close(courbes["precision"][e], precision, rtol=1e-6, atol=1e-6,
                              name=f"précision de l'époque {e} (lr = 0)",
                              hint="proportion d'exemples dont l'argmax des logits est la "
                                   "bonne classe.")


@check(hidden=True)
def perte_par_exemple_dernier_lot_incomplet(entrainer):
    # 250 examples in batches of 48: the last batch has 10; with lr = 0 the per-example mean is
    # the loss over the whole set whatever the shuffle, a mean of batch means is not
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(8)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    x = torch.rand(250, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (250,), generator=gen)
    with torch.no_grad():
        perte = float(F.cross_entropy(model(x), y))
    courbes = entrainer_sur_copie(entrainer, model, x, y, 2, 48, 0.0)
    C.expect(isinstance(courbes, dict) and len(courbes.get("perte", [])) == 2,
             "`entrainer(..., epochs=2, ...)` doit renvoyer un dictionnaire dont la clé "
             "\"perte\" a deux valeurs.")
    for e in range(2):
        C.expect_scalar_close(courbes["perte"][e], perte, rtol=1e-4, atol=1e-6,
                              name=f"perte de l'époque {e} (lr = 0, dernier lot incomplet)",
                              hint="pondérez la perte de chaque lot par sa taille : la moyenne "
                                   "des pertes de lots ne vaut la moyenne par exemple que si "
                                   "tous les lots ont la même taille.")


@check(hidden=True)
def trajectoire_adam_plein_lot(entrainer):
    import copy

    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(8)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    oracle = copy.deepcopy(model)
    x = torch.rand(200, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (200,), generator=gen)
    opt = torch.optim.Adam(oracle.parameters(), lr=0.01)
    attendu = []
    for _ in range(4):
        loss = F.cross_entropy(oracle(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        attendu.append(loss.item())
    courbes = entrainer_sur_copie(entrainer, model, x, y, 4, 200, 0.01)
    C.expect(isinstance(courbes, dict) and "perte" in courbes,
             "`entrainer` doit renvoyer un dictionnaire avec la clé \"perte\".")
    C.expect(len(courbes["perte"]) == 4,
             "`entrainer(..., epochs=4, ...)[\"perte\"]` doit contenir 4 valeurs.")
    C.expect_close(torch.tensor([C.as_number(v, name="perte") for v in courbes["perte"]],
                                dtype=torch.float64),
                   torch.tensor(attendu, dtype=torch.float64), rtol=1e-4, atol=1e-6,
                   name="courbe de perte (un lot par époque, Adam, lr = 0,01)",
                   hint="à chaque lot : zero_grad(), perte sur les logits, backward(), step() ; "
                        "sans zero_grad() les gradients s'accumulent.")


@check(hidden=True)
def precision_avant_chaque_mise_a_jour(entrainer):
    # One batch per epoch and a rate at which the accuracy moves at every step: each epoch's
    # accuracy is the model's before that epoch's update, not after it.
    import copy

    torch.manual_seed(9)
    gen = torch.Generator().manual_seed(10)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    oracle = copy.deepcopy(model)
    x = torch.rand(200, 1, 28, 28, generator=gen)
    y = (x.flatten(1) @ torch.randn(784, 10, generator=gen)).argmax(dim=1)
    opt = torch.optim.Adam(oracle.parameters(), lr=0.05)
    attendu = []
    for _ in range(4):
        logits = oracle(x)
        attendu.append(float((logits.argmax(dim=1) == y).double().mean()))
        opt.zero_grad()
        F.cross_entropy(logits, y).backward()
        opt.step()
    courbes = entrainer_sur_copie(entrainer, model, x, y, 4, 200, 0.05)
    C.expect(isinstance(courbes, dict) and len(courbes.get("precision", [])) == 4,
             "`entrainer(..., epochs=4, ...)[\"precision\"]` doit contenir 4 valeurs.")
    C.expect_close(torch.tensor([C.as_number(v, name="précision") for v in courbes["precision"]],
                                dtype=torch.float64),
                   torch.tensor(attendu, dtype=torch.float64), rtol=0.0, atol=1e-9,
                   name="courbe de précision (un lot par époque, Adam, lr = 0,05)",
                   hint="comptez les bonnes prédictions sur les logits du lot calculés avant "
                        "optimizer.step() : pas de nouvelle passe après la mise à jour.")


@check(hidden=True)
def courbes_de_flottants(entrainer):
    torch.manual_seed(11)
    gen = torch.Generator().manual_seed(12)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    x = torch.rand(64, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (64,), generator=gen)
    with torch.no_grad():  # lr = 0: every epoch sees the model as it is
        logits = model(x)
        attendu = {"perte": float(F.cross_entropy(logits, y)),
                   "precision": float((logits.argmax(dim=1) == y).double().mean())}
    courbes = entrainer_sur_copie(entrainer, model, x, y, 2, 16, 0.0)
    C.expect(isinstance(courbes, dict) and "perte" in courbes and "precision" in courbes,
             "`entrainer` doit renvoyer un dictionnaire de clés \"perte\" et \"precision\".")
    for cle in ("perte", "precision"):
        valeurs = courbes[cle]
        for v in valeurs if isinstance(valeurs, list) else []:  # floats of the right value
            C.expect_scalar_close(v, attendu[cle], rtol=1e-4, atol=1e-6,
                                  name=f"{cle} d'une époque (lr = 0)")
        C.expect(isinstance(valeurs, list) and all(isinstance(v, float) for v in valeurs),
                 f"`entrainer(...)[\"{cle}\"]` doit être une liste de flottants Python (reçu "
                 f"{type(valeurs).__name__} de "
                 f"{sorted({type(v).__name__ for v in valeurs}) if valeurs else '—'}).",
                 hint="convertissez chaque valeur avec float(...) ou .item() avant de l'ajouter "
                      "à la liste.")


@check(hidden=True)
def nouveau_melange_par_epoque(entrainer):
    # A model built where `entrainer` lives records the examples of each batch it sees (their
    # number is written in pixel 0): every epoch sees every example once, in a new order.
    n, taille, epochs = 120, 32, 3

    @C.probe
    def lots_vus(x, y):
        class Temoin(nn.Module):
            def __init__(self):
                super().__init__()
                self.lin = nn.Linear(784, 10)
                self.vus = []

            def forward(self, xb):
                self.vus.append([int(round(1000 * float(v))) for v in xb[:, 0, 0, 0]])
                return self.lin(xb.flatten(1))

        modele = Temoin()
        torch.manual_seed(0)
        entrainer(modele, x, y, epochs, taille, 0.0)
        return modele.vus

    gen = torch.Generator().manual_seed(13)
    x = torch.rand(n, 1, 28, 28, generator=gen)
    x[:, 0, 0, 0] = torch.arange(n) / 1000
    y = torch.randint(0, 10, (n,), generator=gen)
    vus = C.call(lots_vus, x, y, name="entrainer")
    lots = [b for i, b in enumerate(vus) if len(b) <= taille and (i == 0 or b != vus[i - 1])]
    par_epoque = -(-n // taille)
    C.expect(len(lots) == epochs * par_epoque,
             f"`entrainer` sur {n} exemples en lots de {taille} pendant {epochs} époques "
             f"présente {len(lots)} lots au modèle, attendu {epochs * par_epoque}.",
             hint="à chaque époque, parcourez tous les exemples une fois, par lots de "
                  "batch_size.")
    ordres = [sum(lots[e * par_epoque:(e + 1) * par_epoque], []) for e in range(epochs)]
    C.expect(all(sorted(o) == list(range(n)) for o in ordres),
             "Une époque de `entrainer` ne voit pas chaque exemple exactement une fois.",
             hint="découpez une permutation des indices (torch.randperm) en lots.")
    C.expect(ordres[0] != list(range(n)), "`entrainer` ne mélange pas les exemples.",
             hint="tirez une permutation (torch.randperm(N)) au début de chaque époque.")
    C.expect(len({tuple(o) for o in ordres}) == epochs,
             "`entrainer` présente les exemples dans le même ordre à chaque époque.",
             hint="tirez une nouvelle permutation au début de chaque époque (pas une seule "
                  "fois avant la boucle, ni avec une graine fixée à chaque époque).")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3.** Comparer les trois activations : pour chacune, construire un modèle par
# `creer_mlp`, l'entraîner par `entrainer`, mesurer sa précision de test et tracer ses courbes.
# La cellule ci-dessous le fait avec un petit budget (pour rester rapide) : augmentez
# `N_TRAIN` et `EPOCHS` sur votre machine (avec un GPU, toutes les images et une dizaine
# d'époques).
#
# La correction entraîne elle-même `creer_mlp(nom)` avec **votre** `entrainer`, pour chacune des
# trois activations, avec un budget fixé (Adam, $\eta = 10^{-3}$, quelques époques), et exige
# une précision minimale sur son propre ensemble de test.

# %%
N_TRAIN, EPOCHS, BATCH_SIZE, LR = 1000, 2, 64, 1e-3

torch.manual_seed(0)
resultats = {}
for nom in ["relu", "leaky_relu", "gelu"]:
    modele = creer_mlp(nom)
    courbes = entrainer(modele, X_train[:N_TRAIN], y_train[:N_TRAIN], EPOCHS, BATCH_SIZE, LR)
    with torch.no_grad():
        precision_test = float((modele(X_test).argmax(dim=1) == y_test).float().mean())
    resultats[nom] = {"courbes": courbes, "precision_test": precision_test}
    print(f"{nom:11s} | perte finale {courbes['perte'][-1]:.4f} | "
          f"précision de test {precision_test:.4f}")

fig, (ax_perte, ax_prec) = plt.subplots(1, 2, figsize=(10, 3.5))
for nom, r in resultats.items():
    epoques = range(1, len(r["courbes"]["perte"]) + 1)
    ax_perte.plot(epoques, r["courbes"]["perte"], marker="o", label=nom)
    ax_prec.plot(epoques, r["courbes"]["precision"], marker="o", label=nom)
ax_perte.set(xlabel="époque", ylabel="perte d'entraînement")
ax_prec.set(xlabel="époque", ylabel="précision d'entraînement")
ax_perte.legend()
plt.tight_layout()
plt.show()

# %%
@check
def apprentissage_rapide(creer_mlp, entrainer):
    C.seed_everything(0)
    x, y = data.tensors("fashion-mnist", "train")
    model = C.make_model(creer_mlp, "relu", name="creer_mlp")
    courbes = C.call(entrainer, model, x[:1000], y[:1000], 1, 32, 1e-3, name="entrainer")
    C.expect(isinstance(courbes, dict) and len(courbes.get("perte", [])) == 1,
             "`entrainer(..., epochs=1, ...)` doit renvoyer une courbe \"perte\" d'une valeur.")
    acc = C.accuracy(model, "fashion-mnist", name="creer_mlp('relu')", split="test")
    C.expect(acc >= 0.3, f"Après une époque sur 1 000 images, `creer_mlp('relu')` n'atteint que "
             f"{100 * acc:.1f} % de précision sur l'ensemble de test (attendu au moins 30 %).",
             hint="vérifiez que `entrainer` met bien à jour les paramètres du modèle reçu.")


@check(hidden=True, each={"activation": ["relu", "leaky_relu", "gelu"]})
def precision(creer_mlp, entrainer, activation):
    b = C.budget(activation)
    C.seed_everything()
    x, y = data.tensors(b.dataset, "train")
    model = C.make_model(creer_mlp, activation, name="creer_mlp").to(b.device)
    courbes = C.call(entrainer, model, x[: b.train_size].to(b.device),
                     y[: b.train_size].to(b.device), b.epochs, b.batch_size, b.lr,
                     name="entrainer")
    C.expect(isinstance(courbes, dict) and len(courbes.get("perte", [])) == b.epochs,
             f"`entrainer` doit renvoyer une courbe \"perte\" de {b.epochs} valeurs.")
    pertes = [C.as_number(v, name="perte") for v in courbes["perte"]]
    C.expect(pertes[-1] < pertes[0], f"La perte d'entraînement de `creer_mlp('{activation}')` "
             "ne diminue pas au fil des époques.")
    acc = C.accuracy(model, b.dataset, name=f"creer_mlp('{activation}')")
    C.expect_accuracy(acc, b, name=f"creer_mlp('{activation}')",
                      hint="logits sans softmax, zero_grad() à chaque lot, Adam au taux lr.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# manual: true
# points: 3

# %% [markdown]
# **Question 4 (rédigée).** À partir de vos courbes et de vos précisions de test (idéalement
# avec un budget plus grand que celui de la cellule ci-dessus), comparer ReLU, Leaky ReLU et
# GELU : vitesse de convergence, précision finale, écart entre entraînement et test. Les
# différences observées sont-elles significatives (pensez à la variabilité d'une graine à
# l'autre) ? Relier vos observations aux propriétés des activations vues en cours (gradient
# nul pour $z < 0$ et « neurones morts », régularité de GELU, coût de calcul).

# %% [markdown]
# _Rédigez votre comparaison ici._

# %% [markdown]
# Éléments attendus. Sur un MLP de cette taille, les trois activations donnent des précisions
# proches (quelques dixièmes de point à un point d'écart sur Fashion-MNIST, autour de 88–90 %
# après une dizaine d'époques) ; l'écart est souvent du même ordre que la variabilité entre
# graines : il faut répéter l'expérience (plusieurs graines, moyenne et écart-type) avant de
# conclure. GELU et Leaky ReLU convergent en général un peu plus vite au début : leur gradient
# n'est pas nul pour $z < 0$ (pente $\alpha$ pour Leaky ReLU, $\Phi(z) + z\varphi(z)$ pour
# GELU), ce qui évite les neurones « morts » de ReLU, dont le gradient est exactement nul sur
# tout le demi-axe négatif ; GELU est de plus lisse, ce qui régularise le paysage de la perte.
# ReLU reste la moins coûteuse à calculer et suffit ici, le réseau étant peu profond (les
# neurones morts deviennent gênants surtout avec des réseaux profonds ou des taux
# d'apprentissage élevés). L'écart entre précision d'entraînement et de test grandit avec les
# époques (surapprentissage, identique pour les trois activations faute de régularisation).

