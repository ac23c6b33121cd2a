from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_decomposition_petit_cas(decomposition):
    import torch
    from autograder import checks as C
    P = torch.tensor([[1.0, 2.0, 0.0], [3.0, 2.0, 2.0]], dtype=torch.float64)
    f = torch.tensor([1.0, 1.0, 1.0], dtype=torch.float64)
    result = C.call(decomposition, P, f, 0.5, name='decomposition')
    C.expect(isinstance(result, tuple | list) and len(result) == 3, '`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).')
    C.expect_scalar_close(result[0], 2.0 / 3.0, name='biais2', reveal=True, hint='moyenne sur les jeux (f̄ = [2, 2, 1]), puis écart à f au carré, moyenné sur les points.')
    C.expect_scalar_close(result[1], 2.0 / 3.0, name='variance', reveal=True, hint='variance avec normalisation 1/K (et non 1/(K − 1)).')
    C.expect_scalar_close(result[2], 8.0 / 6.0 + 0.25, name='erreur_totale', reveal=True, hint='moyenne de (f − P)² plus σ².')

@test_case(points=None, hidden=True)
def test_decomposition_contre_formules(decomposition):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(41)
    for K, M, sigma in ((7, 11, 0.3), (13, 5, 1.7), (1, 9, 0.2)):
        f = torch.randn(M, generator=g, dtype=torch.float64)
        P = f + 0.4 + torch.randn(K, M, generator=g, dtype=torch.float64) * torch.linspace(0.2, 2.0, M, dtype=torch.float64)
        mean = torch.stack([P[k] for k in range(K)]).sum(dim=0) / K
        bias2 = float(sum(((mean[m] - f[m]) ** 2 for m in range(M))) / M)
        var = float(sum(((P[k, m] - mean[m]) ** 2 for k in range(K) for m in range(M))) / (K * M))
        total = float(sum(((P[k, m] - f[m]) ** 2 for k in range(K) for m in range(M))) / (K * M)) + sigma ** 2
        result = C.call(decomposition, P.clone(), f.clone(), sigma, name='decomposition')
        C.expect(isinstance(result, tuple | list) and len(result) == 3, '`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).')
        label = f'(K = {K} jeux, M = {M} points)'
        C.expect_scalar_close(result[0], bias2, name=f'biais2 {label}', rtol=1e-09, hint='f̄ = moyenne des prédictions sur les K jeux (dim=0), puis (f̄ − f)² moyenné sur les M points.')
        C.expect_scalar_close(result[1], var, name=f'variance {label}', rtol=1e-09, atol=1e-12, hint='moyenne sur les jeux de (P − f̄)² avec normalisation 1/K (torch.var divise par K − 1 par défaut), puis moyenne sur les points.')
        C.expect_scalar_close(result[2], total, name=f'erreur_totale {label}', rtol=1e-09, hint='moyenne sur les jeux et les points de (f − P)², plus le bruit irréductible σ².')

@test_case(points=None, hidden=True)
def test_identite_biais_variance(decomposition):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(42)
    P = 3 * torch.randn(20, 8, generator=g, dtype=torch.float64) + 1.0
    f = torch.randn(8, generator=g, dtype=torch.float64)
    result = C.call(decomposition, P.clone(), f.clone(), 0.3, name='decomposition')
    C.expect(isinstance(result, tuple | list) and len(result) == 3, '`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).')
    b2, var, total = (C.as_number(v, n) for v, n in zip(result, ('biais2', 'variance', 'erreur_totale'), strict=True))
    gap = abs(total - (b2 + var + 0.09))
    C.expect(gap <= 1e-09 * max(1.0, total), f'`decomposition` : erreur_totale − (biais2 + variance + σ²) vaut {gap:.3g} au lieu de 0.', hint="avec la normalisation 1/K partout, l'identité (3.1) est exacte ; vérifiez la normalisation de la variance et le terme σ².")

@test_case(points=None, hidden=True)
def test_decomposition_flottants(decomposition):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(43)
    P = torch.randn(6, 4, generator=g, dtype=torch.float64)
    f = torch.randn(4, generator=g, dtype=torch.float64)
    result = C.call(decomposition, P.clone(), f.clone(), 0.2, name='decomposition')
    C.expect(isinstance(result, tuple | list) and len(result) == 3, '`decomposition` doit renvoyer un triplet (biais2, variance, erreur_totale).')
    kinds = [type(v).__name__ for v in result]
    C.expect(all((isinstance(v, float) for v in result)), f"`decomposition` renvoie des objets {', '.join(kinds)} : le triplet doit être formé de flottants Python.", hint='convertissez avec float(...) ou .item().')

