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

@test_case(points=None, hidden=True)
def test_tokens_mlp_gelu(MelangeTokens):
    import torch
    from autograder import checks as C
    ecart_a_l_oracle = C.code('def ecart_a_l_oracle(block, x, tokens):\n    d = x.shape[2]\n    d_in = x.shape[1] if tokens else d\n    mats = [p.detach() for p in block.parameters() if p.dim() == 2]\n    vecs = [p.detach() for p in block.parameters() if p.dim() == 1]\n    if len(mats) != 2 or len(vecs) != 4:\n        return None\n    h = next((m.shape[0] if m.shape[1] == d_in else m.shape[1] for m in mats))\n    gammas = [v for v in vecs if v.numel() == d and bool((v == 1).all())]\n    betas = [v for v in vecs if v.numel() == d and bool((v == 0).all())]\n    b1s = [v for v in vecs if v.numel() == h]\n    b2s = [v for v in vecs if v.numel() == d_in and (not bool((v == 1).all())) and (not bool((v == 0).all()))]\n    if h == d_in or not (gammas and betas and (len(b1s) == 1) and (len(b2s) == 1)):\n        return None\n    with torch.no_grad():\n        y = block(x)\n        z = torch.nn.functional.layer_norm(x, (d,), gammas[0], betas[0])\n        if tokens:\n            z = z.transpose(1, 2)\n        ecarts = []\n        for a, b in ((mats[0], mats[1]), (mats[1], mats[0])):\n            w1 = a if a.shape == (h, d_in) else a.t()\n            w2 = b if b.shape == (d_in, h) else b.t()\n            r = torch.nn.functional.linear(torch.nn.functional.gelu(torch.nn.functional.linear(z, w1, b1s[0])), w2, b2s[0])\n            ecarts.append(float((y - x - (r.transpose(1, 2) if tokens else r)).abs().max()))\n    return min(ecarts)')
    torch.manual_seed(13)
    block = C.make_model(MelangeTokens, 16, 24, 8, name='MelangeTokens(16, 24, 8)')
    x = torch.randn(2, 16, 24, generator=torch.Generator().manual_seed(33))
    ecart = C.call(ecart_a_l_oracle, block, x, True, name='MelangeTokens(16, 24, 8)')
    if ecart is not None:
        C.expect(ecart < 0.005, '`MelangeTokens` ne calcule pas x + (Linear → GELU → Linear)(LN(x)ᵀ)ᵀ avec ses propres paramètres.', hint='le MLP de jetons est Linear(N, dim_tokens) → GELU → Linear(dim_tokens, N) (GELU, pas ReLU), sur la LayerNorm par défaut.')

