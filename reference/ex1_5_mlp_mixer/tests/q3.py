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

@test_case(points=None, hidden=True)
def test_canaux_mlp_gelu(MelangeCanaux):
    import torch
    from autograder import checks as C
    ecart_a_l_oracle = C.code('def ecart_a_l_oracle(block, x, tokens):\n    d = x.shape[2]\n    d_in = x.shape[1] if tokens else d\n    mats = [p.detach() for p in block.parameters() if p.dim() == 2]\n    vecs = [p.detach() for p in block.parameters() if p.dim() == 1]\n    if len(mats) != 2 or len(vecs) != 4:\n        return None\n    h = next((m.shape[0] if m.shape[1] == d_in else m.shape[1] for m in mats))\n    gammas = [v for v in vecs if v.numel() == d and bool((v == 1).all())]\n    betas = [v for v in vecs if v.numel() == d and bool((v == 0).all())]\n    b1s = [v for v in vecs if v.numel() == h]\n    b2s = [v for v in vecs if v.numel() == d_in and (not bool((v == 1).all())) and (not bool((v == 0).all()))]\n    if h == d_in or not (gammas and betas and (len(b1s) == 1) and (len(b2s) == 1)):\n        return None\n    with torch.no_grad():\n        y = block(x)\n        z = torch.nn.functional.layer_norm(x, (d,), gammas[0], betas[0])\n        if tokens:\n            z = z.transpose(1, 2)\n        ecarts = []\n        for a, b in ((mats[0], mats[1]), (mats[1], mats[0])):\n            w1 = a if a.shape == (h, d_in) else a.t()\n            w2 = b if b.shape == (d_in, h) else b.t()\n            r = torch.nn.functional.linear(torch.nn.functional.gelu(torch.nn.functional.linear(z, w1, b1s[0])), w2, b2s[0])\n            ecarts.append(float((y - x - (r.transpose(1, 2) if tokens else r)).abs().max()))\n    return min(ecarts)')
    torch.manual_seed(14)
    block = C.make_model(MelangeCanaux, 24, 48, name='MelangeCanaux(24, 48)')
    x = torch.randn(2, 16, 24, generator=torch.Generator().manual_seed(43))
    ecart = C.call(ecart_a_l_oracle, block, x, False, name='MelangeCanaux(24, 48)')
    if ecart is not None:
        C.expect(ecart < 0.005, '`MelangeCanaux` ne calcule pas x + (Linear → GELU → Linear)(LN(x)) avec ses propres paramètres.', hint='le MLP de canaux est Linear(dim, dim_canaux) → GELU → Linear(dim_canaux, dim) (GELU, pas ReLU), sur la LayerNorm par défaut.')

