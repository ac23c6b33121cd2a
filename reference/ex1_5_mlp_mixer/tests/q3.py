from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_canaux_forme(MelangeCanaux):
    import torch
    from autograder import checks as C
    block = C.make_model(MelangeCanaux, 24, 48, name='MelangeCanaux(24, 48)')
    out = C.forward(block, torch.randn(2, 16, 24), name='MelangeCanaux(24, 48)')
    C.expect_shape(out, (2, 16, 24), name='MelangeCanaux(24, 48)(x)')
    C.expect_equal(C.count_params(block), 2 * 24 + 2 * 24 * 48 + 48 + 24, name='nombre de paramètres de MelangeCanaux(24, 48)', reveal=True, hint='LayerNorm(dim) puis MLP dim → dim_canaux → dim (avec biais).')

@test_case(points=None, hidden=True)
def test_canaux_parametres(MelangeCanaux):
    import torch
    from autograder import checks as C
    for d, dc in [(32, 128), (10, 7), (64, 256)]:
        label = f'MelangeCanaux({d}, {dc})'
        block = C.make_model(MelangeCanaux, d, dc, name=label)
        C.expect_shape(C.forward(block, torch.randn(3, 5, d), name=label), (3, 5, d), name=f'{label}(x)')
        C.expect_equal(C.count_params(block), 2 * d + 2 * d * dc + dc + d, name=f'nombre de paramètres de {label}')

@test_case(points=None, hidden=True)
def test_canaux_normalisation_et_residu(MelangeCanaux):
    import torch
    from autograder import checks as C
    torch.manual_seed(10)
    block = C.make_model(MelangeCanaux, 24, 48, name='MelangeCanaux(24, 48)')
    g = torch.Generator().manual_seed(41)
    x = torch.randn(2, 16, 24, generator=g)
    x2 = (0.5 + 2.5 * torch.rand(2, 16, 1, generator=g)) * x + torch.randn(2, 16, 1, generator=g)
    r1 = C.as_tensor(C.forward(block, x, name='MelangeCanaux'), name='MelangeCanaux(x)') - x
    r2 = C.as_tensor(C.forward(block, x2, name='MelangeCanaux'), name='MelangeCanaux(x)') - x2
    C.expect_close(r2, r1, rtol=0.001, atol=0.0002, name='MelangeCanaux(x) − x pour des jetons x_t remplacés par a_t·x_t + b_t', hint="la LayerNorm normalise chaque jeton sur ses `dim` canaux, et la sortie est x + MLP(LN(x)) : la connexion résiduelle ajoute l'entrée x, pas l'entrée normalisée.")

@test_case(points=None, hidden=True)
def test_canaux_meme_mlp_pour_chaque_jeton(MelangeCanaux):
    import torch
    from autograder import checks as C
    torch.manual_seed(11)
    block = C.make_model(MelangeCanaux, 24, 48, name='MelangeCanaux(24, 48)')
    g = torch.Generator().manual_seed(42)
    x = torch.randn(2, 16, 24, generator=g)
    perm = torch.randperm(16, generator=g)
    y = C.as_tensor(C.forward(block, x, name='MelangeCanaux'), name='MelangeCanaux(x)')
    yp = C.as_tensor(C.forward(block, x[:, perm].contiguous(), name='MelangeCanaux'), name='MelangeCanaux(x)')
    C.expect_shape(y, (2, 16, 24), name='MelangeCanaux(24, 48)(x)')
    C.expect_close(yp, y[:, perm], rtol=1e-05, atol=1e-05, name='MelangeCanaux(x permuté) comparé à MelangeCanaux(x) permuté', hint="le MLP de canaux s'applique à chaque jeton séparément, avec les mêmes poids : permuter les jetons doit permuter la sortie.")
    x2 = x.clone()
    x2[:, 7, 0] += 1.5
    y2 = C.as_tensor(C.forward(block, x2, name='MelangeCanaux'), name='MelangeCanaux(x)')
    C.expect(float((y2[:, 7, 1:] - y[:, 7, 1:]).abs().max()) > 0.0001, "`MelangeCanaux` ne mélange pas les canaux : modifier un canal d'un jeton ne change pas ses autres canaux.", hint='le MLP agit sur le dernier axe (les `dim` canaux).')

