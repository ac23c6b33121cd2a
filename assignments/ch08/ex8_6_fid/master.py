# %% [markdown]
# # Exercice 8.6 (⋆⋆⋆) — Calcul de la FID (projet)
#
# La **Fréchet Inception Distance** (§ 8.8.2) compare deux ensembles d'images à travers les
# *features* qu'un réseau fixé en extrait. On modélise les features des images réelles et
# celles des images générées par deux gaussiennes $\mathcal N(\mu_r, \Sigma_r)$ et
# $\mathcal N(\mu_g, \Sigma_g)$ ; la FID est la distance de Fréchet (ou de Wasserstein-2)
# entre ces deux gaussiennes, donnée en forme close par l'équation (8.19) :
#
# $$\mathrm{FID} = \lVert \mu_r - \mu_g \rVert_2^2 + \operatorname{Tr}\big(\Sigma_r + \Sigma_g
# - 2\,(\Sigma_r \Sigma_g)^{1/2}\big).$$
#
# Une FID basse indique des images générées proches des vraies, en qualité **et** en
# diversité ; contrairement à l'Inception Score, elle compare la distribution générée à celle
# des vraies données (Remarque 8.10). Le tableau 8.1 du cours donne des FID de DCGAN sur
# Fashion-MNIST après 25 époques (de 23,4 à 41,7 selon la configuration).
#
# L'exercice 8.6 du cours demande d'implémenter la FID avec un réseau pré-entraîné
# (InceptionV3, ou un réseau plus simple pour des images $28 \times 28$), de calculer la FID
# d'un DCGAN à différentes époques, de tracer son évolution et de la commenter. On procède en
# quatre étapes : les statistiques (question 1), la distance de Fréchet (question 2),
# l'extracteur de features (question 3), la FID de deux ensembles d'images (question 4) ;
# puis une démonstration entraîne un petit DCGAN et trace sa FID par époque, que la
# question 5 (rédigée, corrigée à la main) commente.
#
# **Pas de poids pré-entraînés ici.** Les poids d'InceptionV3 ne sont pas disponibles dans cet
# environnement (rien n'est téléchargé). On utilise donc un petit réseau convolutif à **poids
# aléatoires fixés par une graine** (des « features aléatoires ») : la FID calculée n'est pas
# comparable aux valeurs publiées, mais le code est le même. Là où une machine dispose de poids
# pré-entraînés (par exemple `torchvision.models.inception_v3(weights=...)`, images
# redimensionnées en $299 \times 299$ et répétées sur 3 canaux, features de la couche
# `avgpool` de dimension 2048), il suffit de passer ce réseau à la fonction `fid` de la
# question 4.
#
# **Données.** Les images sont chargées hors ligne par `autograder.data.load`, qui renvoie le
# même objet que `torchvision.datasets.FashionMNIST`. Dans cet environnement, c'est une copie
# hors ligne de **substitution** (synthétique, 6 000 images d'entraînement et 1 000 de test,
# au même format $28 \times 28$, 10 classes) ; là où le vrai jeu de données est disponible, il
# se charge de la même façon. Les images sont ramenées dans $[-1, 1]$ comme dans le DCGAN du
# cours (`Normalize([0.5], [0.5])`). Les vérifications utilisent leurs propres images.
#
# **Conventions.** Les vérifications appellent vos fonctions **par position** (vous pouvez
# nommer les paramètres autrement) ; tout se calcule sur CPU.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import scipy.linalg
import torch
from torch import nn

from autograder import data

test = data.load("fashion-mnist", train=False)
X_test = test.data.unsqueeze(1).float() / 127.5 - 1  # (1000, 1, 28, 28), valeurs dans [−1, 1]
print(X_test.shape, float(X_test.min()), float(X_test.max()))

# %% [raw]
# # BEGIN QUESTION
# name: q1
# points: 3

# %% [markdown]
# **Question 1 (moyenne et covariance).** Écrire `statistiques(features)` qui reçoit une
# matrice de features de forme `(N, d)` (**une ligne par échantillon**, $N \ge 2$), tenseur
# PyTorch ou tableau numpy, de type `float32` ou `float64`, et renvoie le couple
# `(mu, sigma)` :
#
# - `mu`, de forme `(d,)` : la moyenne des lignes ;
# - `sigma`, de forme `(d, d)` **même pour $d = 1$** : la covariance **sans biais**
#   $\Sigma = \frac{1}{N - 1} \sum_i (x_i - \mu)(x_i - \mu)^\top$ (le `ddof=1` de `np.cov`).
#
# `mu` et `sigma` sont en **`float64`** (tableaux numpy ou tenseurs PyTorch, au choix), quel
# que soit le type des features : **convertissez en `float64` avant tout calcul** (des
# features `float32` de grande moyenne perdent sinon leur variance dans l'arrondi).
# `statistiques` ne modifie pas son argument.
#
# *Correction.* Comparaison à `np.cov(..., rowvar=False)` calculé en `float64` (tolérance
# relative $10^{-10}$), y compris pour de petits $N$ (où $\frac{1}{N}$ et $\frac{1}{N-1}$
# diffèrent nettement) et pour $d = 1$.

# %%
def statistiques(features) -> tuple:
    """(mu (d,), sigma (d, d)) en float64 ; covariance sans biais, lignes = échantillons."""
    # BEGIN SOLUTION
    x = np.asarray(features, dtype=np.float64)
    return x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False))
    # END SOLUTION


# %%
_mu, _sigma = statistiques(torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0]]))
print("mu =", _mu, "\nsigma =\n", _sigma)


# %%
@helper
def statistiques_oracle(x):
    """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
    x = np.asarray(x, dtype=np.float64)
    return x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1))


@helper
def statistiques_float64(resultat, d, libelle, hint=None):
    """What statistiques returned: a pair of float64 tensors of shapes (d,), (d, d)."""
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2,
             "`statistiques` doit renvoyer un couple (mu, sigma).")
    mu = C.as_tensor(resultat[0], f"mu ({libelle})")
    sigma = C.as_tensor(resultat[1], f"sigma ({libelle})")
    C.expect_shape(mu, (d,), name=f"mu ({libelle})", hint="une moyenne par colonne (axis=0).")
    C.expect_shape(sigma, (d, d), name=f"sigma ({libelle})",
                   hint="np.cov renvoie un tableau 0-d quand d = 1 : np.atleast_2d, ou "
                        "reshape(d, d).")
    for valeur, nom in ((mu, "mu"), (sigma, "sigma")):
        C.expect_dtype(valeur, torch.float64, name=f"{nom} ({libelle})",
                       hint=hint or "convertissez les features en float64 avant le calcul.")
    return mu, sigma


@check
def statistiques_exemple(statistiques):
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0]], dtype=torch.float64)
    mu, sigma = statistiques_float64(C.call(statistiques, x, name="statistiques"), 2,
                                     "exemple 3 × 2")
    C.expect_close(mu, torch.tensor([3.0, 4.0], dtype=torch.float64), name="mu (exemple 3 × 2)",
                   rtol=1e-10, atol=1e-12, reveal=True)
    C.expect_close(sigma, torch.tensor([[4.0, 2.0], [2.0, 4.0]], dtype=torch.float64),
                   name="sigma (exemple 3 × 2)", rtol=1e-10, atol=1e-12, reveal=True,
                   hint="covariance sans biais : divisez par N − 1 = 2 (pas par N), lignes = "
                        "échantillons (np.cov(x, rowvar=False)).")


@check(hidden=True)
def statistiques_contre_numpy(statistiques):
    g = np.random.default_rng(861)
    cas = [(3, 4, "N = 3, d = 4"), (5, 1, "d = 1"), (40, 6, "N = 40, d = 6"),
           (7, 12, "N = 7 < d = 12")]
    for n, d, libelle in cas:
        x = g.normal(size=(n, d)) @ g.normal(size=(d, d)) + g.normal(size=d)
        attendu_mu, attendu_sigma = statistiques_oracle(x)
        for entree, genre in ((torch.from_numpy(x.copy()), "tenseur"), (x.copy(), "tableau")):
            quoi = f"{libelle}, {genre} float64"
            mu, sigma = statistiques_float64(C.call(statistiques, entree, name="statistiques"),
                                             d, quoi)
            C.expect_close(mu, torch.from_numpy(attendu_mu), name=f"mu ({quoi})",
                           rtol=1e-10, atol=1e-12)
            C.expect_close(sigma, torch.from_numpy(attendu_sigma), name=f"sigma ({quoi})",
                           rtol=1e-10, atol=1e-12,
                           hint="covariance SANS biais (division par N − 1), une ligne par "
                                "échantillon : np.cov(x, rowvar=False).")


@check(hidden=True)
def statistiques_float32_intactes(statistiques):
    # float32 features with a large mean: only a float64 computation keeps the variance
    g = torch.Generator().manual_seed(862)
    x = (1000.0 + 0.01 * torch.randn(64, 5, generator=g)).float()
    resultat = C.expect_unchanged(statistiques, x.clone(), name="statistiques",
                                  hint="ne centrez pas les features sur place (x -= mu) : "
                                       "travaillez sur une copie.")
    mu, sigma = statistiques_float64(resultat, 5, "features float32",
                                     hint="mu et sigma sont en float64 même pour des features "
                                          "float32 : convertissez-les d'abord.")
    attendu_mu, attendu_sigma = statistiques_oracle(x.double().numpy())
    C.expect_close(mu, torch.from_numpy(attendu_mu), name="mu (features float32)",
                   rtol=1e-10, atol=1e-12)
    C.expect_close(sigma, torch.from_numpy(attendu_sigma), name="sigma (features float32)",
                   rtol=1e-10, atol=1e-12,
                   hint="convertissez en float64 AVANT de calculer la moyenne et la covariance.")


# %% [raw]
# # BEGIN QUESTION
# name: q2
# points: 4

# %% [markdown]
# **Question 2 (distance de Fréchet).** Écrire `distance_frechet(mu1, sigma1, mu2, sigma2)`
# qui renvoie, sous forme de **flottant Python**, la distance de Fréchet entre
# $\mathcal N(\mu_1, \Sigma_1)$ et $\mathcal N(\mu_2, \Sigma_2)$ :
#
# $$d_F^2 = \lVert \mu_1 - \mu_2 \rVert^2 + \operatorname{Tr}\Sigma_1 + \operatorname{Tr}\Sigma_2
# - 2 \operatorname{Tr}\big((\Sigma_1 \Sigma_2)^{1/2}\big).$$
#
# Les vérifications passent des tableaux numpy `float64` : `mu1`, `mu2` de forme `(d,)`,
# `sigma1`, `sigma2` de forme `(d, d)`, symétriques semi-définies positives ($d \ge 1$).
#
# - Attention : $\Sigma_1 \Sigma_2$ n'est **pas** symétrique, et en général
#   $\operatorname{Tr}\big((\Sigma_1\Sigma_2)^{1/2}\big) \ne
#   \operatorname{Tr}\big(\Sigma_1^{1/2} \Sigma_2^{1/2}\big)$ quand les deux matrices ne
#   commutent pas.
# - Méthodes acceptées : `scipy.linalg.sqrtm(sigma1 @ sigma2)` ; ou les valeurs propres
#   $\lambda_i$ de $\Sigma_1 \Sigma_2$, avec $\operatorname{Tr}\big((\Sigma_1\Sigma_2)^{1/2}\big)
#   = \sum_i \sqrt{\lambda_i}$ ; ou celles de la matrice symétrique
#   $\Sigma_1^{1/2} \Sigma_2 \Sigma_1^{1/2}$ (mêmes valeurs propres), par `eigh`.
# - **Règle numérique (covariances quasi singulières).** Mathématiquement, les $\lambda_i$ sont
#   réelles et $\ge 0$. Quand les covariances sont (presque) singulières — par exemple
#   estimées sur moins d'échantillons que de dimensions, $N < d$ —, l'arrondi produit des
#   $\lambda_i$ légèrement négatives ou de minuscules parties imaginaires, et `sqrtm` renvoie
#   une matrice **complexe**. La règle : prendre la **partie réelle** du terme de trace
#   (`np.trace(racine).real`) ; avec des valeurs propres, prendre leur partie réelle et
#   **remplacer les négatives par 0** avant la racine. Le résultat doit être un flottant
#   **fini et réel** (ni `nan`, ni complexe). N'ajoutez pas $\varepsilon I$ aux covariances
#   (comme le fait pytorch-fid en dernier recours) : cela décale le résultat de l'ordre de
#   $\sqrt{\varepsilon}$ par direction dégénérée, au-delà de la tolérance.
#
# *Correction.* La valeur est comparée à la forme close calculée en `float64` par la
# correction, pour plusieurs $d$ (dont $d = 1$, où $d_F^2 = (\mu_1 - \mu_2)^2 +
# (\sigma_1 - \sigma_2)^2$ avec les écarts-types), des covariances qui ne commutent pas et des
# covariances de rang déficient ; tolérance absolue
# $10^{-6}\,\big(\lVert \mu_1 - \mu_2 \rVert^2 + \operatorname{Tr}\Sigma_1 +
# \operatorname{Tr}\Sigma_2\big)$ (relative à l'échelle du problème). Deux gaussiennes
# identiques sont à distance nulle, et la distance est symétrique.

# %%
def distance_frechet(mu1, sigma1, mu2, sigma2) -> float:
    """‖µ1 − µ2‖² + Tr(Σ1 + Σ2 − 2 (Σ1 Σ2)^½), flottant Python fini."""
    # BEGIN SOLUTION
    mu1, mu2 = np.asarray(mu1, dtype=np.float64), np.asarray(mu2, dtype=np.float64)
    sigma1, sigma2 = np.asarray(sigma1, dtype=np.float64), np.asarray(sigma2, dtype=np.float64)
    racine = scipy.linalg.sqrtm(sigma1 @ sigma2)
    trace = np.trace(racine).real
    ecart = mu1 - mu2
    return float(ecart @ ecart + np.trace(sigma1) + np.trace(sigma2) - 2 * trace)
    # END SOLUTION


# %%
print("d = 1 :", distance_frechet(np.zeros(1), np.array([[4.0]]), np.ones(1), np.array([[1.0]])),
      "(attendu (0 − 1)² + (2 − 1)² = 2)")


# %%
@helper
def frechet_oracle(mu1, s1, mu2, s2):
    """The closed form in float64: Tr((Σ1Σ2)^½) = Σ √λ over the eigenvalues of the symmetric
    positive semi-definite √Σ1 Σ2 √Σ1 (the same as those of Σ1Σ2), clipped at 0."""
    import scipy.linalg

    w, v = scipy.linalg.eigh(s1)
    r = (v * np.sqrt(np.clip(w, 0.0, None))) @ v.T
    m = r @ s2 @ r
    lam = scipy.linalg.eigvalsh((m + m.T) / 2)
    ecart = mu1 - mu2
    return float(ecart @ ecart + np.trace(s1) + np.trace(s2)
                 - 2.0 * np.sqrt(np.clip(lam, 0.0, None)).sum())


@helper
def appeler_flottant(fonction, arguments, nom):
    """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
    @C.probe
    def appel(fonction, arguments):
        r = fonction(*arguments)
        return (r if isinstance(r, float) else None), type(r).__name__

    valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
    C.expect(valeur is not None,
             f"`{nom}` doit renvoyer un flottant Python (reçu {genre}).",
             hint="une valeur complexe vient de la racine matricielle : gardez la partie réelle "
                  "du terme de trace, puis convertissez avec float(...).")
    C.expect(math.isfinite(valeur), f"`{nom}` renvoie une valeur non finie ({valeur}).",
             hint="covariances quasi singulières : partie réelle de la trace de sqrtm, ou "
                  "valeurs propres négatives (arrondi) remplacées par 0 avant la racine.")
    return float(valeur)


@helper
def comparer_frechet(distance_frechet, mu1, s1, mu2, s2, libelle, reveal=False, hint=None):
    """The student's distance against the oracle, absolute tolerance 1e-6 × the scale."""
    obtenu = appeler_flottant(distance_frechet, (mu1.copy(), s1.copy(), mu2.copy(), s2.copy()),
                              "distance_frechet")
    echelle = float((mu1 - mu2) @ (mu1 - mu2) + np.trace(s1) + np.trace(s2))
    C.expect_scalar_close(obtenu, frechet_oracle(mu1, s1, mu2, s2), name=libelle, rtol=0.0,
                          atol=1e-6 * echelle + 1e-12, reveal=reveal,
                          hint=hint or "‖µ1 − µ2‖² (au carré) + Tr Σ1 + Tr Σ2 − "
                                       "2 Tr((Σ1 Σ2)^½) : la racine du PRODUIT, pas le "
                                       "produit des racines.")
    return obtenu


@helper
def covariance_aleatoire(g, d, n=None):
    """A random SPD d × d matrix (n = None), or the unbiased covariance of n < d Gaussian
    samples (rank n − 1: singular)."""
    if n is None:
        a = g.normal(size=(d, d))
        return a @ a.T / d + 0.1 * np.eye(d)
    x = g.normal(size=(n, d)) @ g.normal(size=(d, d)) / math.sqrt(d)
    return np.cov(x, rowvar=False)


@check
def frechet_exemples(distance_frechet):
    un = np.ones(1)
    comparer_frechet(distance_frechet, np.zeros(1), np.array([[4.0]]), un, np.array([[1.0]]),
                     "distance_frechet(0, [[4]], 1, [[1]]) (d = 1)", reveal=True,
                     hint="en dimension 1 : (µ1 − µ2)² + (σ1 − σ2)² avec les écarts-types "
                          "σ = √variance.")
    comparer_frechet(distance_frechet, np.zeros(2), np.diag([1.0, 4.0]), np.ones(2),
                     np.diag([4.0, 9.0]), "distance_frechet pour des covariances diagonales",
                     reveal=True)


@check(hidden=True)
def frechet_aleatoire(distance_frechet):
    g = np.random.default_rng(863)
    for d in (1, 3, 8, 32):
        for k in range(2):
            mu1, mu2 = g.normal(size=d), g.normal(size=d)
            s1, s2 = covariance_aleatoire(g, d), covariance_aleatoire(g, d)
            comparer_frechet(distance_frechet, mu1, s1, mu2, s2,
                             f"distance_frechet, covariances quelconques (d = {d}, cas {k + 1})")


@check(hidden=True)
def frechet_non_commutatives(distance_frechet):
    # two covariances with the same spectrum, rotated: √Σ1 √Σ2 ≠ (Σ1 Σ2)^½
    for angle, d in ((math.pi / 4, 2), (math.pi / 3, 2)):
        c, s = math.cos(angle), math.sin(angle)
        rot = np.array([[c, -s], [s, c]])
        s1 = np.diag([1.0, 100.0])
        s2 = rot @ s1 @ rot.T
        comparer_frechet(distance_frechet, np.zeros(d), s1, np.zeros(d), s2,
                         "distance_frechet pour deux covariances qui ne commutent pas",
                         hint="Tr((Σ1 Σ2)^½) ≠ Tr(Σ1^½ Σ2^½) quand Σ1 Σ2 ≠ Σ2 Σ1 : prenez la "
                              "racine du produit.")


@check(hidden=True)
def frechet_identiques_symetrique(distance_frechet):
    g = np.random.default_rng(864)
    for d in (1, 5, 16):
        mu, s = g.normal(size=d), covariance_aleatoire(g, d)
        obtenu = appeler_flottant(distance_frechet, (mu.copy(), s.copy(), mu.copy(), s.copy()),
                                  "distance_frechet")
        echelle = 2 * float(np.trace(s))
        C.expect(abs(obtenu) <= 1e-6 * echelle,
                 f"`distance_frechet` entre deux gaussiennes identiques (d = {d}) ne vaut pas 0 "
                 "(à la tolérance près).",
                 hint="Tr(Σ + Σ − 2 (Σ Σ)^½) = 0 : vérifiez la racine du produit et le "
                      "facteur 2.")
        mu2, s2 = g.normal(size=d), covariance_aleatoire(g, d)
        comparer_frechet(distance_frechet, mu2, s2, mu, s,
                         f"distance_frechet avec les arguments échangés (d = {d})",
                         hint="la distance est symétrique : échanger les deux gaussiennes ne "
                              "change rien.")


@check(hidden=True)
def frechet_quasi_singulieres(distance_frechet):
    g = np.random.default_rng(865)
    d = 24
    cas = [((10, None), "une covariance de rang déficient (N < d)"),
           ((8, 12), "deux covariances de rang déficient (N < d)"),
           ((None, 6), "une covariance de rang déficient en second argument")]
    for (n1, n2), libelle in cas:
        s1, s2 = covariance_aleatoire(g, d, n1), covariance_aleatoire(g, d, n2)
        mu1, mu2 = g.normal(size=d), g.normal(size=d)
        comparer_frechet(distance_frechet, mu1, s1, mu2, s2, f"distance_frechet pour {libelle}")
    # the same singular covariance twice: the distance is 0
    s = covariance_aleatoire(g, d, 9)
    mu = g.normal(size=d)
    comparer_frechet(distance_frechet, mu, s, mu.copy(), s.copy(),
                     "distance_frechet pour deux gaussiennes identiques de covariance singulière")
    # eigenvalues spread over 12 decades (near-singular, full rank)
    q, _ = np.linalg.qr(g.normal(size=(d, d)))
    s1 = (q * np.logspace(-12, 0, d)) @ q.T
    comparer_frechet(distance_frechet, np.zeros(d), s1, g.normal(size=d) * 0.1,
                     covariance_aleatoire(g, d, 15),
                     "distance_frechet pour une covariance quasi singulière")


# %% [raw]
# # BEGIN QUESTION
# name: q3
# points: 4

# %% [markdown]
# **Question 3 (l'extracteur de features).** Écrire `ExtracteurFeatures(dim=64, graine=0)`,
# une classe (ou une fonction) qui renvoie un `nn.Module` jouant le rôle du réseau
# pré-entraîné. **Architecture imposée** (pour que la correction puisse la vérifier), pour des
# images `(B, 1, 28, 28)` dans $[-1, 1]$ :
#
# `Conv2d(1, 16, 3, stride=2, padding=1) → BatchNorm2d(16) → ReLU →
# Conv2d(16, 32, 3, stride=2, padding=1) → BatchNorm2d(32) → ReLU → Flatten →
# Linear(32 · 7 · 7, dim)`
#
# avec les réglages par défaut de PyTorch (biais des convolutions et de la couche linéaire,
# BatchNorm `eps=1e-5`) ; la sortie, de forme `(B, dim)`, est le vecteur de features.
#
# - **Poids fixés par `graine`.** L'initialisation est libre (celle de PyTorch convient) mais
#   ne dépend que de `graine` : deux extracteurs de même graine donnent les mêmes features,
#   deux graines différentes des features différentes. La construction **ne modifie pas
#   l'état du générateur global** de PyTorch : utilisez `torch.random.fork_rng()` autour de
#   `torch.manual_seed(graine)`, ou un `torch.Generator` local pour remplir les poids — un
#   simple `torch.manual_seed(graine)` changerait les tirages du reste du notebook.
# - **Réseau figé, en mode évaluation.** Comme un réseau pré-entraîné, l'extracteur n'est pas
#   entraîné : il est renvoyé en mode `eval()` (les BatchNorm utilisent leurs statistiques
#   courantes, si bien que les features d'une image ne dépendent pas des autres images du
#   lot) et tous ses paramètres ont `requires_grad=False` (sa sortie n'est attachée à aucun
#   graphe, même hors de `torch.no_grad()`).
#
# *Correction.* Formes ; architecture vérifiée en chargeant des poids connus (fixés par leur
# forme) et en comparant la sortie, en mode évaluation, à celle de l'architecture imposée
# (tolérance relative $10^{-4}$) ; features identiques pour une même graine quel que soit
# l'état du générateur global, différentes pour une autre graine ; générateur global intact ;
# mode `eval` et paramètres figés.

# %%
class ExtracteurFeatures(nn.Sequential):
    """CNN à poids aléatoires fixés par `graine` : (B, 1, 28, 28) → (B, dim), figé, en eval."""

    # BEGIN SOLUTION
    def __init__(self, dim: int = 64, graine: int = 0):
        with torch.random.fork_rng():
            torch.manual_seed(graine)
            super().__init__(
                nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
                nn.Flatten(), nn.Linear(32 * 7 * 7, dim))
        self.requires_grad_(False)
        self.eval()
    # END SOLUTION


# %%
extracteur = ExtracteurFeatures()
print(extracteur(X_test[:4]).shape)


# %%
@helper
def images_test(n, graine):
    """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
    g = torch.Generator().manual_seed(graine)
    grossier = torch.rand(n, 1, 7, 7, generator=g)
    x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode="bilinear")
    x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
    return (2 * x - 1).clamp(-1, 1).float()


@helper
def extracteur_oracle(x, dim):
    """The imposed architecture in eval mode, every tensor `seeded_by_shape` (see
    `C.load_seeded_weights`): BatchNorm's weight, bias and running statistics are one vector."""
    from autograder.checks import oracles

    h = x.to(torch.float64)
    for c_in, c_out in ((1, 16), (16, 32)):
        u = oracles.seeded_by_shape((c_out,))
        h = F.conv2d(h, oracles.seeded_by_shape((c_out, c_in, 3, 3)), u, stride=2, padding=1)
        h = F.relu(F.batch_norm(h, u, u, u, u, False, 0.1, 1e-5))
    return F.linear(h.flatten(1), oracles.seeded_by_shape((dim, 32 * 7 * 7)),
                    oracles.seeded_by_shape((dim,)))


@helper
def extracteur_poids_connus(ExtracteurFeatures, dim, graine):
    """The student's extractor, built where it lives, loaded with weights fixed by shape."""
    libelle = f"ExtracteurFeatures({dim}, {graine})"
    modele = C.call(ExtracteurFeatures, dim, graine, name="ExtracteurFeatures")
    C.expect(modele is not None, "`ExtracteurFeatures(dim, graine)` doit renvoyer un nn.Module.")
    C.load_seeded_weights(modele, libelle)
    return modele, libelle


@check
def extracteur_forme(ExtracteurFeatures):
    x = images_test(5, 0)
    for args, dim in (((8, 0), 8), ((), 64)):
        libelle = f"ExtracteurFeatures({', '.join(map(str, args))})"
        modele = C.call(ExtracteurFeatures, *args, name="ExtracteurFeatures")
        out = C.forward(modele, x.clone(), name=libelle)
        C.expect_shape(out, (5, dim), name=f"{libelle}(x) pour x de forme (5, 1, 28, 28)",
                       hint="deux convolutions de pas 2 : 28 → 14 → 7, puis Flatten et "
                            "Linear(32 · 7 · 7, dim) ; dim = 64 par défaut.")


@check(hidden=True)
def extracteur_architecture(ExtracteurFeatures):
    x = images_test(6, 1)
    for dim in (10, 3):
        modele, libelle = extracteur_poids_connus(ExtracteurFeatures, dim, 0)
        attendu = extracteur_oracle(x, dim)
        out = C.as_tensor(C.forward(modele, x.clone(), name=libelle), name=libelle)
        C.expect_shape(out, (6, dim), name=f"{libelle}(x)")
        C.expect_close(out.double(), attendu, name=f"{libelle}(x), poids fixés",
                       rtol=1e-4, atol=1e-4 * float(attendu.abs().max()),
                       hint="Conv2d(1, 16, 3, stride=2, padding=1) → BatchNorm2d → ReLU → "
                            "Conv2d(16, 32, 3, stride=2, padding=1) → BatchNorm2d → ReLU → "
                            "Flatten → Linear, en mode eval().")


@check(hidden=True)
def extracteur_independant_du_lot(ExtracteurFeatures):
    x = images_test(8, 2)
    modele, libelle = extracteur_poids_connus(ExtracteurFeatures, 5, 1)
    attendu = extracteur_oracle(x, 5)
    for lot, quoi in ((slice(0, 8), "un lot de 8 images"), (slice(2, 3), "une image seule"),
                      (slice(3, 7), "un lot de 4 images")):
        for _ in range(2):  # twice: a BatchNorm in training mode also moves its statistics
            out = C.as_tensor(C.forward(modele, x[lot].clone(), name=libelle), name=libelle)
            C.expect_close(out.double(), attendu[lot], name=f"features de {quoi}",
                           rtol=1e-4, atol=1e-4 * float(attendu.abs().max()),
                           hint="en mode eval(), les BatchNorm utilisent leurs statistiques "
                                "courantes : les features d'une image ne dépendent pas du lot.")


@check(hidden=True)
def extracteur_fige(ExtracteurFeatures):
    x = images_test(4, 3)
    modele, libelle = extracteur_poids_connus(ExtracteurFeatures, 6, 2)

    @C.probe
    def sonde(modele, x):
        with torch.enable_grad():
            sortie = modele(x)
        return (sortie.detach().clone(), bool(sortie.requires_grad),
                [bool(p.requires_grad) for p in modele.parameters()],
                [bool(m.training) for m in modele.modules()])

    sortie, attachee, grads, modes = C.call(sonde, modele, x.clone(), name=libelle)
    attendu = extracteur_oracle(x, 6)
    C.expect_close(C.as_tensor(sortie, libelle).double(), attendu, name=f"{libelle}(x)",
                   rtol=1e-4, atol=1e-4 * float(attendu.abs().max()))
    C.expect(not any(modes),
             f"`{libelle}` n'est pas en mode évaluation (un de ses modules a training=True).",
             hint="appelez self.eval() (ou modele.eval()) à la fin de la construction.")
    C.expect(len(grads) > 0 and not any(grads),
             f"`{libelle}` a des paramètres avec requires_grad=True : l'extracteur doit être "
             "figé.", hint="self.requires_grad_(False) à la fin de la construction.")
    C.expect(not attachee,
             f"La sortie de `{libelle}` est attachée à un graphe de calcul.",
             hint="paramètres figés (requires_grad_(False)) : aucun graphe n'est construit.")


@check(hidden=True)
def extracteur_graine(ExtracteurFeatures):
    x = images_test(5, 4)

    @C.probe
    def construire(graine_globale, graine, x):
        torch.manual_seed(graine_globale)
        modele = ExtracteurFeatures(8, graine)
        suite = torch.rand(4, dtype=torch.float64)
        with torch.no_grad():
            return modele(x), suite

    resultats = {}
    for graine_globale, graine in ((100, 3), (200, 3), (100, 4)):
        out, suite = C.call(construire, graine_globale, graine, x.clone(),
                            name="ExtracteurFeatures")
        torch.manual_seed(graine_globale)
        C.expect(torch.equal(C.as_tensor(suite, "torch.rand"), torch.rand(4, dtype=torch.float64)),
                 "Construire `ExtracteurFeatures` modifie l'état du générateur global de "
                 "PyTorch.",
                 hint="torch.manual_seed(graine) seul change les tirages du reste du notebook : "
                      "entourez-le de `with torch.random.fork_rng():`, ou remplissez les poids "
                      "avec un torch.Generator local.")
        out = C.as_tensor(out, "ExtracteurFeatures(8, graine)(x)")
        C.expect_shape(out, (5, 8), name="ExtracteurFeatures(8, graine)(x)")
        C.expect(bool(torch.isfinite(out).all()) and float(out.std()) > 0,
                 "Les features de `ExtracteurFeatures(8, graine)` sont non finies ou "
                 "constantes.")
        resultats[graine_globale, graine] = out
    C.expect(torch.equal(resultats[100, 3], resultats[200, 3]),
             "Deux `ExtracteurFeatures` de même graine donnent des features différentes "
             "(selon l'état du générateur global).",
             hint="les poids ne doivent dépendre que de `graine` : torch.manual_seed(graine) "
                  "dans fork_rng(), ou un torch.Generator().manual_seed(graine).")
    C.expect(not torch.equal(resultats[100, 3], resultats[100, 4]),
             "Deux graines différentes donnent les mêmes features : `graine` est ignorée.",
             hint="initialisez les poids à partir de `graine`.")


# %% [raw]
# # BEGIN QUESTION
# name: q4
# points: 5

# %% [markdown]
# **Question 4 (la FID de deux ensembles d'images).** Écrire
# `fid(images_a, images_b, extracteur, taille_lot=256)` qui reçoit deux tenseurs d'images
# `(N_a, 1, 28, 28)` et `(N_b, 1, 28, 28)` (`float32`, dans $[-1, 1]$) et un extracteur
# (n'importe quel `nn.Module` qui renvoie des features `(B, d)` : le vôtre, un InceptionV3
# adapté, ou celui de la correction), et renvoie la FID sous forme de **flottant Python** :
#
# 1. features de chaque ensemble calculées **par lots d'au plus `taille_lot` images**
#    (`images.split(taille_lot)`), **sans graphe de calcul** (`torch.no_grad()` ou
#    `torch.inference_mode()`), puis concaténées ;
# 2. `statistiques` (question 1) de chaque ensemble ;
# 3. `distance_frechet` (question 2).
#
# Le résultat ne dépend pas de `taille_lot` (à l'arrondi près), vaut 0 pour deux ensembles
# identiques, et `fid` ne modifie pas les images.
#
# *Correction.* Comparaison à la FID calculée par la correction avec les features du **même
# extracteur** (celui de la correction, et le vôtre : n'importe quel extracteur convient),
# tolérance absolue $10^{-5}\,\big(\lVert \mu_a - \mu_b \rVert^2 + \operatorname{Tr}\Sigma_a
# + \operatorname{Tr}\Sigma_b\big)$ ; appels de l'extracteur comptés (lots de `taille_lot`,
# sans graphe). Puis une suite de « points de contrôle » fournie par la correction : des
# images (de sa propre réserve) de plus en plus dégradées par un bruit, d'intensité
# $1 \to 0$ ; la FID doit décroître **strictement** le long de la suite, avec l'extracteur de
# la correction et avec votre `ExtracteurFeatures()`.

# %%
def fid(images_a: torch.Tensor, images_b: torch.Tensor, extracteur: nn.Module,
        taille_lot: int = 256) -> float:
    """FID entre deux ensembles d'images, features calculées par lots sans graphe."""
    # BEGIN SOLUTION
    def features(images):
        with torch.no_grad():
            return torch.cat([extracteur(lot) for lot in images.split(taille_lot)])

    return distance_frechet(*statistiques(features(images_a)), *statistiques(features(images_b)))
    # END SOLUTION


# %%
@helper
def extracteur_correcteur(fid, dim):
    """A grader extractor with fixed weights, built where `fid` lives (and the grader's own
    copy): it records the size of each batch and whether autograd was recording."""
    @C.probe
    def fabrique(dim):
        class Enregistreur(nn.Module):
            def __init__(self, dim):
                super().__init__()
                g = torch.Generator().manual_seed(868)
                self.conv = nn.Conv2d(1, 4, 5, stride=3)
                self.lin = nn.Linear(4 * 8 * 8, dim)
                with torch.no_grad():
                    for p in self.parameters():
                        p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))
                self.appels = []

            def forward(self, x):
                self.appels.append([int(x.shape[0]), bool(torch.is_grad_enabled())])
                return self.lin(torch.tanh(self.conv(x)).flatten(1))

        return Enregistreur(dim).eval()

    return C.build_where(fid, fabrique, dim), fabrique(dim)


@helper
def features_de(modele, images, libelle):
    """The features of `images` by the student's model, in one forward pass, as float64 numpy."""
    out = C.as_tensor(C.forward(modele, images.clone(), name=libelle), f"features de {libelle}")
    return out.double().numpy()


@helper
def fid_oracle(feat_a, feat_b):
    """(FID, scale) from two feature matrices, in float64."""
    mu_a, s_a = statistiques_oracle(feat_a)
    mu_b, s_b = statistiques_oracle(feat_b)
    echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
    return frechet_oracle(mu_a, s_a, mu_b, s_b), echelle


@helper
def fid_attendue(copie, a, b):
    """The FID of the grader's copy of its extractor, features computed on the grader's side."""
    with torch.no_grad():
        return fid_oracle(copie(a).double().numpy(), copie(b).double().numpy())


@helper
def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
    obtenu = appeler_flottant(fid, arguments, "fid")
    C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-5 * echelle,
                          reveal=reveal,
                          hint="features de chaque ensemble par l'extracteur (par lots, "
                               "concaténées), puis statistiques et distance_frechet.")
    return obtenu


@helper
def points_de_controle(graine):
    """The grader's sequence: 500 reference images, and 5 sets of the 500 other images of its
    own held-out split mixed with Gaussian noise of strength 1, 0.6, 0.35, 0.2, 0 (clamped to
    [−1, 1]); calibrated in exercise.yaml `calibration:`."""
    x, _ = data.tensors("fashion-mnist", "holdout")
    g = torch.Generator().manual_seed(graine)
    x = 2 * x[torch.randperm(len(x), generator=g)] - 1
    reel, autres = x[:500], x[500:1000]
    bruit = torch.randn(autres.shape, generator=g)
    suite = [((1 - s) * autres + s * bruit).clamp(-1, 1) for s in (1.0, 0.6, 0.35, 0.2, 0.0)]
    return reel.contiguous(), [t.contiguous() for t in suite]


@check
def fid_exemple(fid):
    ext, copie = extracteur_correcteur(fid, 4)
    a, b = images_test(60, 10), 0.5 * images_test(50, 11)
    attendu, echelle = fid_attendue(copie, a, b)
    comparer_fid(fid, (a.clone(), b.clone(), ext), attendu, echelle,
                 "fid(a, b, extracteur) (exemple de la correction)", reveal=True)


@check(hidden=True)
def fid_taille_lot(fid):
    ext, copie = extracteur_correcteur(fid, 6)
    a, b = images_test(70, 12), images_test(45, 13).flip(-1)
    attendu, echelle = fid_attendue(copie, a, b)
    for taille in (256, 32, 7, 1):
        comparer_fid(fid, (a.clone(), b.clone(), ext, taille), attendu, echelle,
                     f"fid avec taille_lot = {taille}")


@check(hidden=True)
def fid_par_lots_sans_graphe(fid):
    ext, copie = extracteur_correcteur(fid, 5)
    a, b = images_test(70, 14), images_test(33, 15)
    attendu, echelle = fid_attendue(copie, a, b)
    comparer_fid(fid, (a.clone(), b.clone(), ext, 16), attendu, echelle,
                 "fid avec taille_lot = 16")
    appels = C.call(C.code("lambda m: [list(c) for c in m.appels]"), ext, name="extracteur")
    tailles = sorted(int(c[0]) for c in appels)
    C.expect(tailles == sorted([16] * 4 + [6] + [16] * 2 + [1]),
             "`fid` n'appelle pas l'extracteur par lots de `taille_lot` images (chaque image "
             "une seule fois).",
             hint="for lot in images.split(taille_lot): features.append(extracteur(lot)).")
    C.expect(not any(bool(c[1]) for c in appels),
             "`fid` appelle l'extracteur pendant que l'autograd enregistre un graphe.",
             hint="calculez les features sous `with torch.no_grad():`.")


@check(hidden=True)
def fid_identiques_images_intactes(fid):
    ext, copie = extracteur_correcteur(fid, 4)
    a = images_test(50, 16)
    attendu, echelle = fid_attendue(copie, a, a)
    comparer_fid(fid, (a.clone(), a.clone(), ext), attendu, echelle,
                 "fid(a, a, extracteur) (deux ensembles identiques)")
    C.expect_unchanged(fid, a.clone(), images_test(40, 17), ext, name="fid",
                       hint="ne modifiez pas les images (pas d'opération en place).")


@check(hidden=True)
def fid_extracteur_eleve(fid, ExtracteurFeatures):
    a, b = images_test(120, 18), images_test(100, 19).transpose(-1, -2).contiguous()
    modele = C.call(ExtracteurFeatures, 16, 5, name="ExtracteurFeatures")
    # one batch (taille_lot ≥ N): the features are those of one forward pass of the model
    attendu, echelle = fid_oracle(features_de(modele, a, "ExtracteurFeatures(16, 5)"),
                                  features_de(modele, b, "ExtracteurFeatures(16, 5)"))
    comparer_fid(fid, (a.clone(), b.clone(), modele, 512), attendu, echelle,
                 "fid avec votre ExtracteurFeatures(16, 5)")


@check(hidden=True)
def fid_decroissante(fid, ExtracteurFeatures):
    reel, suite = points_de_controle(C.seed())
    ext, copie = extracteur_correcteur(fid, 16)
    modele = C.call(ExtracteurFeatures, name="ExtracteurFeatures")
    feat_reel = features_de(modele, reel, "ExtracteurFeatures()")
    for nom, extracteur in (("l'extracteur de la correction", ext),
                            ("votre ExtracteurFeatures()", modele)):
        valeurs = []
        for k, images in enumerate(suite):
            if extracteur is ext:
                attendu, echelle = fid_attendue(copie, reel, images)
            else:
                attendu, echelle = fid_oracle(
                    feat_reel, features_de(modele, images, "ExtracteurFeatures()"))
            # one batch (taille_lot ≥ N), as the features above were computed
            valeurs.append(comparer_fid(fid, (reel.clone(), images.clone(), extracteur, 1024),
                                        attendu, echelle,
                                        f"fid au point de contrôle n° {k + 1} avec {nom}"))
        C.expect(all(u > v for u, v in zip(valeurs, valeurs[1:], strict=False)),
                 f"Avec {nom}, la FID ne décroît pas strictement le long des points de contrôle "
                 "(images de moins en moins bruitées).",
                 hint="des features dégénérées (constantes, ou identiques pour toutes les "
                      "images) ne voient pas la dégradation.")


# %% [markdown]
# **Démonstration : la FID d'un DCGAN au fil de l'entraînement.** La cellule suivante entraîne
# une version réduite du DCGAN du § 8.7 (dimension latente 16, largeurs 8 au lieu de 64,
# 1 024 images, 5 époques, pour tenir en quelques secondes sur CPU), conserve 500 images
# générées (bruit fixé) à chaque époque et trace leur FID par rapport à 500 images de test,
# calculée avec `ExtracteurFeatures()`. Avec une vraie machine, augmentez ces nombres
# (25 époques, toutes les images, $N \ge 10\,000$ pour la FID) et passez un InceptionV3.

# %% tags=["demo"]
def generateur_dcgan(latent: int, largeur: int) -> nn.Module:
    """Le générateur du § 8.7 : (B, latent, 1, 1) → (B, 1, 28, 28) dans [−1, 1]."""
    return nn.Sequential(
        nn.ConvTranspose2d(latent, largeur * 4, 4, 1, 0, bias=False),
        nn.BatchNorm2d(largeur * 4), nn.ReLU(True),
        nn.ConvTranspose2d(largeur * 4, largeur * 2, 3, 2, 1, bias=False),
        nn.BatchNorm2d(largeur * 2), nn.ReLU(True),
        nn.ConvTranspose2d(largeur * 2, largeur, 4, 2, 1, bias=False),
        nn.BatchNorm2d(largeur), nn.ReLU(True),
        nn.ConvTranspose2d(largeur, 1, 4, 2, 1, bias=False), nn.Tanh())


def discriminateur_dcgan(largeur: int) -> nn.Module:
    """Le discriminateur du § 8.7 : (B, 1, 28, 28) → (B, 1) probabilités."""
    return nn.Sequential(
        nn.Conv2d(1, largeur, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
        nn.Conv2d(largeur, largeur * 2, 4, 2, 1, bias=False),
        nn.BatchNorm2d(largeur * 2), nn.LeakyReLU(0.2, True),
        nn.Conv2d(largeur * 2, largeur * 4, 3, 2, 1, bias=False),
        nn.BatchNorm2d(largeur * 4), nn.LeakyReLU(0.2, True),
        nn.Conv2d(largeur * 4, 1, 4, 1, 0, bias=False), nn.Sigmoid(), nn.Flatten())


def init_dcgan(m: nn.Module) -> None:
    if isinstance(m, nn.Conv2d | nn.ConvTranspose2d):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


LATENT, LARGEUR, EPOQUES, LOT = 16, 8, 5, 64
torch.manual_seed(0)
train = data.load("fashion-mnist", train=True)
X_train = train.data[:1024].unsqueeze(1).float() / 127.5 - 1
G, D = generateur_dcgan(LATENT, LARGEUR), discriminateur_dcgan(LARGEUR)
G.apply(init_dcgan)
D.apply(init_dcgan)
opt_G = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
opt_D = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
critere = nn.BCELoss()
bruit_fixe = torch.randn(500, LATENT, 1, 1)
extracteur_demo = ExtracteurFeatures()
reelles = X_test[:500]


def echantillons() -> torch.Tensor:
    G.eval()
    with torch.no_grad():
        images = G(bruit_fixe)
    G.train()
    return images


points = {0: echantillons()}
for epoque in range(1, EPOQUES + 1):
    for lot in X_train[torch.randperm(len(X_train))].split(LOT):
        b = len(lot)
        faux = G(torch.randn(b, LATENT, 1, 1))
        perte_D = critere(D(lot), torch.ones(b, 1)) + critere(D(faux.detach()), torch.zeros(b, 1))
        opt_D.zero_grad()
        perte_D.backward()
        opt_D.step()
        perte_G = critere(D(faux), torch.ones(b, 1))  # non saturante
        opt_G.zero_grad()
        perte_G.backward()
        opt_G.step()
    points[epoque] = echantillons()
    print(f"époque {epoque} : perte D {perte_D.item():.3f}, perte G {perte_G.item():.3f}")

courbe = {e: fid(reelles, images, extracteur_demo) for e, images in points.items()}
plancher = fid(reelles, X_test[500:], extracteur_demo)  # deux échantillons de vraies images
for e, v in courbe.items():
    print(f"époque {e} : FID = {v:.4g}")
print(f"FID entre deux moitiés du jeu de test (plancher dû à N = 500) : {plancher:.4g}")

fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
axes[0].plot(list(courbe), list(courbe.values()), "o-", label="DCGAN")
axes[0].axhline(plancher, color="gray", linestyle="--", label="vraies images (N = 500)")
axes[0].set_xlabel("époque")
axes[0].set_ylabel("FID (features aléatoires)")
axes[0].set_yscale("log")
axes[0].legend()
grille = points[EPOQUES][:16].reshape(4, 4, 28, 28).permute(0, 2, 1, 3).reshape(112, 112)
axes[1].imshow(grille, cmap="gray")
axes[1].set_title(f"échantillons, époque {EPOQUES}")
axes[1].axis("off")
plt.show()
plt.close(fig)


# %% [raw]
# # BEGIN QUESTION
# name: q5
# manual: true
# points: 4

# %% [markdown]
# **Question 5 (rédigée) — commenter la courbe et les limites de la mesure.**
#
# 1. Décrire l'évolution de la FID au fil des époques dans la démonstration (époque 0 : le
#    générateur non entraîné) et la comparer au « plancher » mesuré entre deux moitiés du jeu
#    de test. Pourquoi la FID peut-elle stagner ou remonter certaines époques, alors que la
#    perte du générateur n'est pas un bon indicateur de qualité ?
# 2. Quelles sont les limites de features **aléatoires** par rapport à celles d'InceptionV3
#    (pré-entraîné sur ImageNet) ? Les valeurs obtenues sont-elles comparables à celles du
#    tableau 8.1 ? Et InceptionV3 est-il lui-même adapté à des vêtements $28 \times 28$ en
#    niveaux de gris ?
# 3. **Biais de la FID pour un petit $N$.** Montrer que même pour deux échantillons de la
#    **même** distribution, la FID estimée est positive en moyenne, et expliquer comment ce
#    biais varie avec $N$ et avec la dimension $d$ des features. Quelles précautions en
#    déduire pour comparer deux modèles ?

# %% [markdown]
# _Rédigez votre réponse ici._

# %% [markdown]
# **1. La courbe.** À l'époque 0, le générateur (poids aléatoires, sortie proche d'un gris
# uniforme après tanh) est loin des données : la FID est la plus élevée, dominée par l'écart
# des moyennes et des variances des features. Elle décroît ensuite au fil des époques, à
# mesure que le générateur apprend l'intensité moyenne puis les grandes formes ; avec le
# DCGAN réduit et quelques secondes d'entraînement de la démonstration, la baisse est lente
# et la FID reste très au-dessus du plancher (la FID entre deux échantillons de vraies
# images, non nulle à cause du biais d'estimation, voir 3.) : le modèle est loin d'avoir
# convergé, il faudrait les 25 époques du cours sur toutes les images. La dynamique
# adversariale n'est pas une descente sur une fonction de coût fixe : le discriminateur
# change à chaque pas, les pertes oscillent et ne mesurent pas la qualité (une perte G
# élevée peut venir d'un D meilleur) ; la FID peut stagner ou remonter (oscillations, début
# d'effondrement de modes : la covariance des features générées se contracte et
# $\operatorname{Tr}\Sigma_g$ baisse).
# D'où l'intérêt de suivre une mesure externe comme la FID et de garder le meilleur point de
# contrôle.
#
# **2. Features aléatoires.** Un réseau à poids aléatoires calcule des statistiques
# d'images (filtres locaux, non-linéarités) qui séparent déjà des distributions différentes
# (bruit, flou, intensité), mais sans notion sémantique : il peut être peu sensible à des
# défauts que l'œil juge graves (formes incohérentes) et très sensible à des détails sans
# importance perceptive. Les valeurs dépendent de l'architecture, de la graine et de la
# dimension : elles ne sont **pas comparables** au tableau 8.1 (calculé avec InceptionV3,
# couche pool3 de dimension 2048) ni d'une graine à l'autre ; seules des comparaisons avec le
# même extracteur, le même $N$ et les mêmes images réelles ont un sens. InceptionV3 a lui
# aussi ses limites ici : entraîné sur des photos couleur $299 \times 299$ d'ImageNet, il
# faut redimensionner et répliquer les canaux, et ses classes ne correspondent pas aux
# vêtements ; les FID publiées sur Fashion-MNIST restent des conventions. Un réseau entraîné
# sur Fashion-MNIST (un classifieur dont on prend l'avant-dernière couche) donnerait des
# features mieux adaptées.
#
# **3. Biais.** Avec $\hat\mu$ et $\hat\Sigma$ estimés sur $N$ échantillons,
# $\mathbb E\lVert \hat\mu_1 - \hat\mu_2\rVert^2 = 2\operatorname{Tr}\Sigma / N > 0$ même
# quand les deux lois sont égales, et le terme de trace est lui aussi biaisé : la racine
# matricielle est concave, donc $\mathbb E\operatorname{Tr}(\hat\Sigma_1\hat\Sigma_2)^{1/2} <
# \operatorname{Tr}\Sigma$ (inégalité de Jensen). La FID estimée est donc positive en moyenne,
# avec un biais qui décroît en $O(1/N)$ et croît avec la dimension $d$ (il y a $d$ moyennes
# et $d(d+1)/2$ covariances à estimer ; pour $N < d$ les covariances sont même singulières).
# Le biais dépend aussi du modèle évalué (Chong et Forsyth, 2020) : comparer deux modèles
# exige le même $N$ (grand : 10 000 à 50 000 avec Inception), le même ensemble de référence,
# le même extracteur, plusieurs tirages pour l'écart-type, ou une extrapolation à
# $N \to \infty$ (« FID$_\infty$ »).
