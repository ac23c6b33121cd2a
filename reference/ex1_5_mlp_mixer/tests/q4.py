from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_mixer_forme(MLPMixer):
    import torch
    from autograder import checks as C
    model = C.make_model(MLPMixer, name='MLPMixer()')
    out = C.forward(model, torch.rand(2, 3, 32, 32), name='MLPMixer()')
    C.expect_shape(out, (2, 10), name='MLPMixer()(x)')
    d, n, dt, dc = (64, 16, 32, 128)
    expected = (3 * 64 + 1) * d + 2 * (2 * d + 2 * n * dt + dt + n + (2 * d + 2 * d * dc + dc + d)) + 2 * d + 10 * d + 10
    C.expect_equal(C.count_params(model), expected, name='nombre de paramètres de MLPMixer()', reveal=True, hint='plongement + 2 blocs + LayerNorm finale + Linear(dim, 10).')

@test_case(points=None, hidden=True)
def test_bloc_mixer(BlocMixer):
    import torch
    from autograder import checks as C
    torch.manual_seed(12)
    block = C.make_model(BlocMixer, 16, 24, 8, 48, name='BlocMixer(16, 24, 8, 48)')
    C.expect_equal(C.count_params(block), 2 * 24 + 2 * 16 * 8 + 8 + 16 + (2 * 24 + 2 * 24 * 48 + 48 + 24), name='nombre de paramètres de BlocMixer(16, 24, 8, 48)', hint='un MelangeTokens puis un MelangeCanaux.')
    g = torch.Generator().manual_seed(51)
    x = torch.randn(2, 16, 24, generator=g)
    y = C.as_tensor(C.forward(block, x, name='BlocMixer'), name='BlocMixer(x)')
    C.expect_shape(y, (2, 16, 24), name='BlocMixer(16, 24, 8, 48)(x)')
    x2 = x.clone()
    x2[:, 3] += torch.randn(2, 24, generator=g)
    y2 = C.as_tensor(C.forward(block, x2, name='BlocMixer'), name='BlocMixer(x)')
    moved = (y2 - y).abs()
    moved[:, 3] = 0
    C.expect(float(moved.max()) > 0.0001, '`BlocMixer` ne fait pas communiquer les jetons.', hint='le bloc commence par le mélange de jetons.')

@test_case(points=None, hidden=True)
def test_bloc_mixer_ordre(BlocMixer, MelangeTokens, MelangeCanaux):
    import torch
    from autograder import checks as C
    ecarts = C.code('def ecarts(block, x):\n    parts = [m for m in block.modules() if m is not block]\n    tokens = [m for m in parts if isinstance(m, MelangeTokens)]\n    canaux = [m for m in parts if isinstance(m, MelangeCanaux)]\n    if len(tokens) != 1 or len(canaux) != 1:\n        return None\n    with torch.no_grad():\n        y = block(x)\n        return (float((y - canaux[0](tokens[0](x))).abs().max()), float((y - tokens[0](canaux[0](x))).abs().max()))', MelangeCanaux=MelangeCanaux, MelangeTokens=MelangeTokens)
    torch.manual_seed(14)
    label = 'BlocMixer(16, 24, 8, 48)'
    block = C.make_model(BlocMixer, 16, 24, 8, 48, name=label)
    x = torch.randn(3, 16, 24, generator=torch.Generator().manual_seed(52))
    found = C.call(ecarts, block, x, name=label)
    if found is not None:
        C.expect(found[0] < 1e-05, f'`{label}` ne calcule pas MelangeCanaux(MelangeTokens(x))' + (" : les deux sous-blocs sont appliqués dans l'ordre inverse." if found[1] < 1e-05 else '.'), hint="le mélange de jetons d'abord, puis le mélange de canaux sur son résultat.")

@test_case(points=None, hidden=True)
def test_mixer_tailles_de_patch(MLPMixer):
    import torch
    from autograder import checks as C
    configs = [dict(taille_patch=2, dim=16, profondeur=1, dim_tokens=8, dim_canaux=32), dict(taille_patch=4, dim=32, profondeur=3, dim_tokens=16, dim_canaux=64), dict(taille_patch=16, dim=48, profondeur=2, dim_tokens=12, dim_canaux=40), dict(taille_patch=7, dim=20, profondeur=2, dim_tokens=6, dim_canaux=24, taille_image=28, canaux=1, nb_classes=5)]
    for cfg in configs:
        label = 'MLPMixer(' + ', '.join((f'{k}={v}' for k, v in cfg.items())) + ')'
        p, d, depth = (cfg['taille_patch'], cfg['dim'], cfg['profondeur'])
        dt, dc = (cfg['dim_tokens'], cfg['dim_canaux'])
        size, c, k = (cfg.get('taille_image', 32), cfg.get('canaux', 3), cfg.get('nb_classes', 10))
        n = (size // p) ** 2
        model = C.make_model(MLPMixer, name=label, **cfg)
        out = C.forward(model, torch.rand(3, c, size, size), name=label)
        C.expect_shape(out, (3, k), name=f'{label}(x)')
        expected = (c * p * p + 1) * d + depth * (2 * d + 2 * n * dt + dt + n + (2 * d + 2 * d * dc + dc + d)) + 2 * d + d * k + k
        C.expect_equal(C.count_params(model), expected, name=f'nombre de paramètres de {label}', hint='N = (taille_image / taille_patch)² ; `profondeur` blocs ; la tête moyenne sur les jetons puis Linear(dim, nb_classes).')

@test_case(points=None, hidden=True)
def test_mixer_moyenne_sur_les_jetons(MLPMixer):
    import torch
    from autograder import checks as C
    neutraliser = C.code('def neutraliser(model, n):\n    g = torch.Generator().manual_seed(5)\n    with torch.no_grad():\n        for p in model.parameters():\n            if n in p.shape:\n                p.zero_()\n            else:\n                p.copy_(0.3 * torch.randn(p.shape, generator=g))')
    outputs = []
    for size in (16, 32):
        label = f'MLPMixer(taille_patch=8, profondeur=2, taille_image={size})'
        model = C.make_model(MLPMixer, name=label, taille_patch=8, dim=24, profondeur=2, dim_tokens=6, dim_canaux=40, taille_image=size)
        C.call(neutraliser, model, (size // 8) ** 2, name=label)
        model.eval()
        patch = torch.rand(2, 3, 8, 8, generator=torch.Generator().manual_seed(1))
        image = patch.repeat(1, 1, size // 8, size // 8)
        outputs.append(C.forward(model, image, name=f'{label}(x)'))
    C.expect_close(outputs[1], outputs[0], name='MLPMixer(image de patchs identiques)', rtol=0.0001, atol=1e-05, hint='avec des jetons tous égaux, la tête doit voir leur moyenne, quel que soit leur nombre : une moyenne sur les jetons (dim=1), pas une somme.')
    g = torch.Generator().manual_seed(2)
    p, q = (torch.rand(2, 3, 8, 8, generator=g), torch.rand(2, 3, 8, 8, generator=g))
    all_p, all_q = (p.repeat(1, 1, 4, 4), q.repeat(1, 1, 4, 4))
    half = all_p.clone()
    half[:, :, 16:] = all_q[:, :, 16:]
    lp, lq, lh = (C.as_tensor(C.forward(model, image, name=f'{label}(x)'), name=label) for image in (all_p, all_q, half))
    C.expect_close(lh, (lp + lq) / 2, name='MLPMixer(moitié de patchs P, moitié de patchs Q)', rtol=0.0001, atol=1e-05, hint='la tête fait la moyenne des jetons (global average pooling) : ni un maximum, ni un seul jeton.')

