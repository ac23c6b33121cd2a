from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_variance_cas_deterministe(variance_empirique):
    import torch
    from autograder import checks as C
    G = torch.tensor([[1.0, 2.0], [-1.0, 2.0]], dtype=torch.float64)
    v = C.call(variance_empirique, G, 1, 50, 0, name='variance_empirique')
    C.expect_scalar_close(v, 1.0, name='variance_empirique(G, B=1)', reveal=True, hint='ḡ = (0, 2) et chaque ĝ vaut (±1, 2) : ‖ĝ − ḡ‖² = 1.')

@test_case(points=None, hidden=True)
def test_variance_en_sigma2_sur_B(variance_empirique):
    import math
    import torch
    from autograder import checks as C
    gen = torch.Generator().manual_seed(2024)
    N, d, T = (40, 6, 3000)
    scales = torch.linspace(0.5, 2.0, d, dtype=torch.float64)
    G = torch.randn(N, d, generator=gen, dtype=torch.float64) * scales + 1.0
    U = G - G.mean(dim=0)
    norms2 = (U ** 2).sum(dim=1)
    sigma2, m4 = (float(norms2.mean()), float((norms2 ** 2).mean()))
    tr_cov2 = float(((U.T @ U / N) ** 2).sum())
    for k, B in enumerate((1, 2, 5, 10, 20)):
        expected = sigma2 / B
        sd = math.sqrt((m4 - sigma2 ** 2 + 2 * (B - 1) * tr_cov2) / B ** 3 / T)
        got = C.as_number(C.call(variance_empirique, G.clone(), B, T, 500 + k, name='variance_empirique'), name='variance_empirique')
        ratio = got / expected
        C.expect(abs(got - expected) <= 5 * sd, f'`variance_empirique` pour B = {B} : le rapport à σ²/B vaut {ratio:.3f}, hors de la tolérance statistique (± {5 * sd / expected:.3f}).', hint='sommez les carrés sur les d coordonnées (‖·‖²) et centrez sur le vrai gradient complet ḡ.' if B == 1 else 'tirez les indices avec remise (torch.randint) et moyennez (pas sommez) sur le lot.')

@test_case(points=None, hidden=True)
def test_variance_petit_cas_exact(variance_empirique):
    import math
    import torch
    from autograder import checks as C
    import itertools
    G = torch.tensor([[0.0], [0.0], [3.0]], dtype=torch.float64)
    T = 4000
    for B in (1, 2):
        X = torch.tensor([float((G[list(idx)].mean() - G.mean()) ** 2) for idx in itertools.product(range(3), repeat=B)], dtype=torch.float64)
        sd = math.sqrt(float(X.var(unbiased=False)) / T)
        got = C.as_number(C.call(variance_empirique, G.clone(), B, T, 70 + B, name='variance_empirique'), name='variance_empirique')
        C.expect(abs(got - float(X.mean())) <= 5 * sd, f"`variance_empirique` sur un petit cas (N = 3 lignes, B = {B}) s'écarte de la valeur exacte de plus de 5 écarts-types : chaque ligne n'est pas tirée avec la même probabilité.", hint='torch.randint(0, N, ...) tire dans {0, …, N − 1} : la borne haute est exclue, ne retirez pas 1.')

@test_case(points=None, hidden=True)
def test_variance_reproductible_et_flottant(variance_empirique):
    import torch
    from autograder import checks as C
    sous_graine_globale = C.code('def sous_graine_globale(f, graine_globale, *args):\n    torch.manual_seed(graine_globale)\n    avant = torch.get_rng_state()\n    resultat = f(*args)\n    return (resultat, bool(torch.equal(avant, torch.get_rng_state())))')
    gen = torch.Generator().manual_seed(9)
    G = torch.randn(25, 4, generator=gen, dtype=torch.float64)
    fonction = C.require(variance_empirique, 'variance_empirique')
    a, intact_a = C.call(sous_graine_globale, fonction, 0, G.clone(), 3, 200, 11, name='variance_empirique')
    b, intact_b = C.call(sous_graine_globale, fonction, 1, G.clone(), 3, 200, 11, name='variance_empirique')
    c, intact_c = C.call(sous_graine_globale, fonction, 0, G.clone(), 3, 200, 12, name='variance_empirique')
    C.expect(isinstance(a, float), '`variance_empirique` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez le résultat avec float(...).')
    C.expect(a == b, "`variance_empirique` n'est pas reproductible : avec la même graine, le résultat dépend de l'état du générateur global.", hint='créez un torch.Generator().manual_seed(graine) et passez-le à chaque tirage (generator=...).')
    C.expect(a != c, '`variance_empirique` donne le même résultat pour deux graines différentes.')
    C.expect(intact_a and intact_b and intact_c, '`variance_empirique` utilise ou réinitialise le générateur global de PyTorch.', hint='pas de torch.manual_seed : un générateur local, passé à torch.randint.')

