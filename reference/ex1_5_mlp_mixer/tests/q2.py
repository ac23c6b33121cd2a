from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_tokens_forme(MelangeTokens):
    import torch
    from autograder import checks as C
    block = C.make_model(MelangeTokens, 16, 24, 8, name='MelangeTokens(16, 24, 8)')
    out = C.forward(block, torch.randn(2, 16, 24), name='MelangeTokens(16, 24, 8)')
    C.expect_shape(out, (2, 16, 24), name='MelangeTokens(16, 24, 8)(x)')
    C.expect_equal(C.count_params(block), 2 * 24 + 2 * 16 * 8 + 8 + 16, name='nombre de paramètres de MelangeTokens(16, 24, 8)', reveal=True, hint='LayerNorm(dim) puis MLP N → dim_tokens → N (avec biais).')

@test_case(points=None, hidden=True)
def test_tokens_parametres(MelangeTokens):
    import torch
    from autograder import checks as C
    for n, d, dt in [(64, 32, 16), (4, 8, 40), (9, 50, 6)]:
        label = f'MelangeTokens({n}, {d}, {dt})'
        block = C.make_model(MelangeTokens, n, d, dt, name=label)
        C.expect_shape(C.forward(block, torch.randn(3, n, d), name=label), (3, n, d), name=f'{label}(x)')
        C.expect_equal(C.count_params(block), 2 * d + 2 * n * dt + dt + n, name=f'nombre de paramètres de {label}', hint="le MLP de jetons agit sur l'axe des N patchs (Linear(N, dim_tokens) puis Linear(dim_tokens, N)) ; la LayerNorm porte sur dim.")

@test_case(points=None, hidden=True)
def test_tokens_normalisation_et_residu(MelangeTokens):
    import torch
    from autograder import checks as C
    torch.manual_seed(8)
    block = C.make_model(MelangeTokens, 16, 24, 8, name='MelangeTokens(16, 24, 8)')
    g = torch.Generator().manual_seed(31)
    x = torch.randn(2, 16, 24, generator=g)
    x2 = (0.5 + 2.5 * torch.rand(2, 16, 1, generator=g)) * x + torch.randn(2, 16, 1, generator=g)
    r1 = C.as_tensor(C.forward(block, x, name='MelangeTokens'), name='MelangeTokens(x)') - x
    r2 = C.as_tensor(C.forward(block, x2, name='MelangeTokens'), name='MelangeTokens(x)') - x2
    C.expect_close(r2, r1, rtol=0.001, atol=0.0002, name='MelangeTokens(x) − x pour des jetons x_t remplacés par a_t·x_t + b_t', hint="la LayerNorm normalise chaque jeton sur ses `dim` canaux (dernier axe, avant la transposition), et la sortie est x + MLP(…) avec l'entrée x non normalisée.")

@test_case(points=None, hidden=True)
def test_tokens_melange_par_canal(MelangeTokens):
    import torch
    from autograder import checks as C
    torch.manual_seed(9)
    block = C.make_model(MelangeTokens, 16, 24, 8, name='MelangeTokens(16, 24, 8)')
    g = torch.Generator().manual_seed(32)
    x = torch.randn(2, 16, 24, generator=g)
    x2 = x.clone()
    x2[:, 5, 3], x2[:, 5, 17] = (x[:, 5, 17], x[:, 5, 3])
    y1 = C.as_tensor(C.forward(block, x, name='MelangeTokens'), name='MelangeTokens(x)')
    y2 = C.as_tensor(C.forward(block, x2, name='MelangeTokens'), name='MelangeTokens(x)')
    C.expect_shape(y1, (2, 16, 24), name='MelangeTokens(16, 24, 8)(x)')
    others = [c for c in range(24) if c not in (3, 17)]
    C.expect_close(y2[:, :, others], y1[:, :, others], rtol=1e-05, atol=1e-05, name="canaux non échangés, quand on échange deux canaux d'un seul jeton", hint='le MLP de jetons doit agir sur chaque canal séparément : transposez (B, N, D) → (B, D, N) avant le MLP, et revenez ensuite.')
    moved = (y2[:, :, [3, 17]] - y1[:, :, [3, 17]]).abs()
    moved[:, 5] = 0
    C.expect(float(moved.max()) > 0.0001, '`MelangeTokens` ne fait pas communiquer les jetons : modifier le jeton 5 ne change aucun autre jeton.', hint='le MLP de jetons prend, pour un canal, les N valeurs des N patchs.')

