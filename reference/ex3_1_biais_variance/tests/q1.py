from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_grille_et_sans_bruit(generer_donnees):
    import math
    import torch
    from autograder import checks as C
    result = C.call(generer_donnees, 5, 0.0, 0, name='generer_donnees')
    C.expect(isinstance(result, tuple | list) and len(result) == 2, '`generer_donnees` doit renvoyer un couple (x, y).')
    x = C.as_tensor(result[0], 'generer_donnees(5, 0, 0)[0]')
    y = C.as_tensor(result[1], 'generer_donnees(5, 0, 0)[1]')
    C.expect_shape(x, (5,), name='x')
    C.expect_shape(y, (5,), name='y')
    C.expect(x.dtype == torch.float64 and y.dtype == torch.float64, '`generer_donnees` doit renvoyer des tenseurs float64.')
    grid = torch.tensor([-1.0, -0.5, 0.0, 0.5, 1.0], dtype=torch.float64)
    C.expect_close(x, grid, name='x (N = 5)', reveal=True, hint='x = torch.linspace(-1, 1, N), bornes comprises.')
    C.expect_close(y, torch.sin(math.pi * grid), name='y pour σ = 0', rtol=1e-12, atol=1e-12, reveal=True, hint='sans bruit, y = sin(πx).')

@test_case(points=None, hidden=True)
def test_donnees_exactes(generer_donnees):
    import math
    import torch
    from autograder import checks as C
    for N, sigma, graine in ((10, 0.3, 0), (17, 1.3, 42), (7, 0.05, 123)):
        g = torch.Generator().manual_seed(graine)
        x_ref = torch.linspace(-1.0, 1.0, N, dtype=torch.float64)
        y_ref = torch.sin(math.pi * x_ref) + sigma * torch.randn(N, generator=g, dtype=torch.float64)
        result = C.call(generer_donnees, N, sigma, graine, name='generer_donnees')
        C.expect(isinstance(result, tuple | list) and len(result) == 2, '`generer_donnees` doit renvoyer un couple (x, y).')
        label = f'generer_donnees({N}, {sigma}, {graine})'
        x = C.as_tensor(result[0], label + '[0]')
        y = C.as_tensor(result[1], label + '[1]')
        C.expect(y.dtype == torch.float64, f'`{label}` : y doit être en float64.', hint="tirez le bruit avec dtype=torch.float64 (un tirage float32 converti donne d'autres nombres).")
        C.expect_close(x, x_ref, name=label + ' : x', rtol=1e-12, atol=1e-12, hint='grille régulière de [−1, 1], bornes comprises.')
        C.expect_close(y, y_ref, name=label + ' : y', rtol=1e-10, atol=1e-12, hint='y = sin(πx) + σ·torch.randn(N, generator=g, dtype=torch.float64) avec g = torch.Generator().manual_seed(graine), un seul tirage de N nombres.')

@test_case(points=None, hidden=True)
def test_graines(generer_donnees):
    import torch
    from autograder import checks as C

    def y_of(graine):
        result = C.call(generer_donnees, 10, 0.3, graine, name='generer_donnees')
        C.expect(isinstance(result, tuple | list) and len(result) == 2, '`generer_donnees` doit renvoyer un couple (x, y).')
        return C.as_tensor(result[1], f'generer_donnees(10, 0.3, {graine})[1]')
    C.expect(torch.equal(y_of(5), y_of(5)), "`generer_donnees` n'est pas reproductible : la même graine donne d'autres données.", hint='créez un torch.Generator().manual_seed(graine) à chaque appel.')
    C.expect(not torch.equal(y_of(5), y_of(6)), '`generer_donnees` donne les mêmes données pour deux graines différentes.')

