from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_simulation_forme(simuler, meilleur_degre):
    import torch
    from autograder import checks as C
    x_eval = torch.linspace(-1.0, 1.0, 21, dtype=torch.float64)
    res = C.call(simuler, [1, 3], 5, 10, 0.3, x_eval, 0, name='simuler')
    C.expect(isinstance(res, dict) and sorted(res) == [1, 3], '`simuler([1, 3], …)` doit renvoyer un dictionnaire de clés 1 et 3.')
    for d in (1, 3):
        C.expect(isinstance(res[d], tuple | list) and len(res[d]) == 3, f'`simuler(...)[{d}]` doit être un triplet (biais2, variance, erreur_totale).')
        b2, var, tot = (C.as_number(v, f'simuler(...)[{d}]') for v in res[d])
        C.expect_scalar_close(tot, b2 + var + 0.09, name=f'erreur totale du degré {d}', reveal=True, hint='erreur totale = biais² + variance + σ².')
    best = C.call(meilleur_degre, {1: (0.2, 0.01, 0.3), 3: (0.01, 0.02, 0.12), 5: (0.001, 0.04, 0.13)}, name='meilleur_degre')
    C.expect_equal(best, 3, name='meilleur_degre(exemple)', reveal=True)

@test_case(points=None, hidden=True)
def test_simulation_contre_oracle(simuler):
    import math
    import torch
    from autograder import checks as C
    degres, K, N, sigma, graine = ([0, 2, 5, 9, 13], 12, 10, 0.25, 1000)
    x_eval = torch.linspace(-1.0, 1.0, 37, dtype=torch.float64) ** 3
    f_eval = torch.sin(math.pi * x_eval)
    x = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
    ys = [torch.sin(math.pi * x) + sigma * torch.randn(N, generator=torch.Generator().manual_seed(graine + k), dtype=torch.float64) for k in range(K)]
    res = C.call(simuler, list(degres), K, N, sigma, x_eval.clone(), graine, name='simuler')
    C.expect(isinstance(res, dict), '`simuler` doit renvoyer un dictionnaire {degré: triplet}.')
    C.expect(sorted(res) == sorted(degres), 'Les clés du dictionnaire renvoyé par `simuler` ne sont pas les degrés demandés.')
    for d in degres:
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True), full_matrices=False)
        S_eval = torch.vander(x_eval, d + 1, increasing=True) @ Vh.T @ torch.diag(1 / S) @ U.T
        P = torch.stack([S_eval @ y for y in ys])
        mean = P.mean(dim=0)
        expected = (float(((mean - f_eval) ** 2).mean()), float(((P - mean) ** 2).mean()), float(((P - f_eval) ** 2).mean()) + sigma ** 2)
        C.expect(isinstance(res[d], tuple | list) and len(res[d]) == 3, f'`simuler(...)[{d}]` doit être un triplet (biais2, variance, erreur_totale).')
        hints = ('le jeu k est generer_donnees(N, sigma, graine + k) et le modèle de degré d a d + 1 coefficients ; f̄ est la moyenne des K modèles.', 'variance sur les K jeux avec normalisation 1/K ; le jeu k a la graine graine + k (des graines identiques donnent une variance nulle).', 'erreur totale = moyenne de (f − P)² + σ², sur les K jeux et la grille x_eval.')
        for i, nom in enumerate(('biais2', 'variance', 'erreur_totale')):
            C.expect_scalar_close(res[d][i], expected[i], name=f'{nom} du degré {d}', rtol=1e-07, atol=1e-12, hint=hints[i])

@test_case(points=None, hidden=True)
def test_simulation_du_cours(simuler, meilleur_degre):
    import math
    import torch
    from autograder import checks as C
    degres, K, N, sigma = ([1, 3, 5, 9, 15], 100, 10, 0.3)
    x_eval = torch.linspace(-1.0, 1.0, 101, dtype=torch.float64)
    f_eval = torch.sin(math.pi * x_eval)
    x = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
    Y = torch.stack([torch.sin(math.pi * x) + sigma * torch.randn(N, generator=torch.Generator().manual_seed(k), dtype=torch.float64) for k in range(K)])
    res = C.call(simuler, list(degres), K, N, sigma, x_eval.clone(), 0, name='simuler')
    C.expect(isinstance(res, dict) and sorted(res) == degres, '`simuler` doit renvoyer un dictionnaire dont les clés sont les degrés demandés.')
    totals = {}
    for d in degres:
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True), full_matrices=False)
        P = Y @ (torch.vander(x_eval, d + 1, increasing=True) @ Vh.T @ torch.diag(1 / S) @ U.T).T
        mean = P.mean(dim=0)
        expected = (float(((mean - f_eval) ** 2).mean()), float(((P - mean) ** 2).mean()), float(((P - f_eval) ** 2).mean()) + sigma ** 2)
        totals[d] = expected[2]
        C.expect(isinstance(res[d], tuple | list) and len(res[d]) == 3, f'`simuler(...)[{d}]` doit être un triplet (biais2, variance, erreur_totale).')
        for i, nom in enumerate(('biais2', 'variance', 'erreur_totale')):
            C.expect_scalar_close(res[d][i], expected[i], name=f'{nom} du degré {d} (réglage du cours)', rtol=1e-07, atol=1e-12, hint='pour d = 15 > N − 1, solution de norme minimale (torch.linalg.lstsq ou pinv).' if d == 15 else 'jeu k de graine k, d + 1 coefficients, moyennes sur les K jeux avec normalisation 1/K.')
    best = C.call(meilleur_degre, res, name='meilleur_degre')
    C.expect_equal(best, min(totals, key=totals.get), name='meilleur_degre(simuler(...))', hint="le degré qui minimise l'erreur totale (troisième composante).")

@test_case(points=None, hidden=True)
def test_meilleur_degre(meilleur_degre):
    from autograder import checks as C
    cases = [({1: (0.3, 0.01, 0.4), 3: (0.05, 0.1, 0.24), 5: (0.01, 0.2, 0.3), 9: (0.001, 0.5, 0.59)}, 3), ({0: (0.5, 0.0, 0.59), 4: (0.02, 0.3, 0.41), 7: (0.1, 0.15, 0.34), 12: (0.0, 0.9, 0.99)}, 7), ({2: (0.09, 0.01, 0.19)}, 2)]
    for resultats, expected in cases:
        got = C.call(meilleur_degre, {d: tuple(v) for d, v in resultats.items()}, name='meilleur_degre')
        C.expect_equal(got, expected, name='meilleur_degre(résultats)', hint='renvoyez la clé (le degré) de plus petite erreur totale, la troisième composante du triplet — ni le biais, ni la variance, ni une position dans la liste.')

@test_case(points=None, hidden=True)
def test_meilleur_degre_entier(meilleur_degre):
    import numpy as np
    from autograder import checks as C
    resultats = {2: (0.2, 0.05, 0.34), 6: (0.01, 0.12, 0.22), 11: (0.0, 0.6, 0.69)}
    got = C.call(meilleur_degre, resultats, name='meilleur_degre')
    C.expect(isinstance(got, int | np.integer) and (not isinstance(got, bool)), f'`meilleur_degre` renvoie un objet {type(got).__name__} : il doit renvoyer le degré, un entier Python.', hint='renvoyez une clé du dictionnaire (int), pas un tenseur ni un flottant.')
    C.expect_equal(int(got), 6, name='meilleur_degre(résultats)', hint='le degré de plus petite erreur totale (troisième composante).')

