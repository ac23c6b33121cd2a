from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_polynome_exact(ajuster_polynome, predire):
    import torch
    from autograder import checks as C
    x = torch.tensor([-1.0, -0.6, -0.1, 0.3, 0.7, 1.0], dtype=torch.float64)
    coeffs = torch.tensor([0.5, -1.0, 2.0, 3.0], dtype=torch.float64)
    y = coeffs[0] + coeffs[1] * x + coeffs[2] * x ** 2 + coeffs[3] * x ** 3
    theta = C.as_tensor(C.call(ajuster_polynome, x, y, 3, name='ajuster_polynome'), 'ajuster_polynome(x, y, 3)')
    C.expect_shape(theta, (4,), name='ajuster_polynome(x, y, 3)', hint='un polynôme de degré d a d + 1 coefficients.')
    C.expect(theta.dtype == torch.float64, '`ajuster_polynome` doit renvoyer un tenseur float64.')
    C.expect_close(theta, coeffs, name='ajuster_polynome (cubique exacte)', rtol=1e-08, atol=1e-09, reveal=True, hint='coefficients par puissances croissantes : θ₀ est la constante.')
    C.expect_close(C.call(predire, coeffs, torch.tensor([0.0, 2.0], dtype=torch.float64), name='predire'), torch.tensor([0.5, 30.5], dtype=torch.float64), name='predire([0.5, −1, 2, 3], [0, 2])', reveal=True)

@test_case(points=None, hidden=True)
def test_moindres_carres(ajuster_polynome):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(31)
    x = torch.linspace(-1.0, 1.0, 13, dtype=torch.float64)
    x = x + 0.03 * torch.randn(13, generator=g, dtype=torch.float64)
    y = torch.randn(13, generator=g, dtype=torch.float64)
    for d in (0, 1, 2, 4, 7):
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True), full_matrices=False)
        expected = Vh.T @ (U.T @ y / S)
        got = C.as_tensor(C.call(ajuster_polynome, x.clone(), y.clone(), d, name='ajuster_polynome'), f'ajuster_polynome(x, y, {d})')
        C.expect_shape(got, (d + 1,), name=f'ajuster_polynome(x, y, {d})', hint='un polynôme de degré d a d + 1 coefficients (θ₀, …, θ_d).')
        C.expect_close(got, expected, name=f'ajuster_polynome(x, y, {d})', rtol=1e-07, atol=1e-09 * float(expected.abs().max()), hint='θ minimise ‖Φθ − y‖² avec Φᵢⱼ = xᵢʲ (puissances croissantes).')

@test_case(points=None, hidden=True)
def test_norme_minimale(ajuster_polynome):
    import math
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(32)
    x = torch.linspace(-1.0, 1.0, 10, dtype=torch.float64)
    y = torch.sin(math.pi * x) + 0.3 * torch.randn(10, generator=g, dtype=torch.float64)
    for d in (9, 10, 12, 15):
        U, S, Vh = torch.linalg.svd(torch.vander(x, d + 1, increasing=True), full_matrices=False)
        expected = Vh.T @ (U.T @ y / S)
        label = f'ajuster_polynome(x, y, {d}) avec N = 10 points'
        got = C.as_tensor(C.call(ajuster_polynome, x.clone(), y.clone(), d, name='ajuster_polynome'), label)
        C.expect_shape(got, (d + 1,), name=label, hint='un polynôme de degré d a d + 1 coefficients (θ₀, …, θ_d).')
        C.expect(got.dtype == torch.float64, f'`{label}` doit être en float64.')
        C.expect(bool(torch.isfinite(got).all()), f'`{label}` contient nan ou inf.', hint='pour d + 1 > N, Φᵀ Φ est singulière : utilisez torch.linalg.lstsq ou torch.linalg.pinv.')
        C.expect_close(got, expected, name=label, rtol=1e-07, atol=1e-09 * float(expected.abs().max()), hint='pour d + 1 > N, prenez la solution de norme minimale (torch.linalg.lstsq ou torch.linalg.pinv) ; les équations normales sont singulières.' if d >= 10 else 'pour d + 1 = N le polynôme interpole les points ; évitez les équations normales, mal conditionnées.')

@test_case(points=None, hidden=True)
def test_prediction(predire):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(33)
    x = 1.2 * (2 * torch.rand(13, generator=g, dtype=torch.float64) - 1)
    for p in (1, 4, 7):
        theta = torch.randn(p, generator=g, dtype=torch.float64)
        expected = sum((theta[j] * x ** j for j in range(p)))
        C.expect_close(C.call(predire, theta.clone(), x.clone(), name='predire'), expected, name=f'predire(theta de taille {p}, x)', rtol=1e-10, atol=1e-12, hint='f̂(x) = Σ_j θ_j x^j, θ₀ étant la constante (puissances croissantes).')
    theta = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64)
    X2 = torch.linspace(-1.0, 1.0, 6, dtype=torch.float64).reshape(2, 3)
    C.expect_close(C.call(predire, theta.clone(), X2.clone(), name='predire'), 1.0 - 2.0 * X2 + 0.5 * X2 ** 2, name='predire(theta, x de forme (2, 3))', rtol=1e-10, atol=1e-12, hint='la sortie a la forme de x.')

