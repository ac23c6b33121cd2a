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

