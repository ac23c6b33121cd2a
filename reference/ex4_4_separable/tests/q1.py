from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_separable_forme_et_parametres(ConvSeparable):
    import torch
    from autograder import checks as C
    layer = C.make_model(ConvSeparable, 8, 16, name='ConvSeparable(8, 16)')
    out = C.forward(layer, torch.rand(2, 8, 10, 12), name='ConvSeparable(8, 16)')
    C.expect_shape(out, (2, 16, 10, 12), name='ConvSeparable(8, 16)(x)', hint='noyau 3, pas 1, padding 1 : la taille spatiale est conservée.')
    C.expect_equal(C.count_params(layer), 8 * 9 + 8 + 8 * 16 + 16, name='nombre de paramètres de ConvSeparable(8, 16)', reveal=True, hint='depthwise : C_in k² poids + C_in biais ; pointwise : C_in C_out poids + C_out biais (groups=c_in dans la depthwise).')

@test_case(points=None, hidden=True)
def test_separable_parametres(ConvSeparable):
    from autograder import checks as C
    from autograder.checks import oracles
    for c_in, c_out, k, bias in [(16, 32, 3, True), (32, 256, 3, False), (12, 5, 5, True), (7, 20, 5, False), (3, 64, 3, True), (40, 24, 1, False)]:
        label = f'ConvSeparable({c_in}, {c_out}, noyau={k}, biais={bias})'
        layer = C.make_model(ConvSeparable, c_in, c_out, k, 1, k // 2, bias, name=label)
        expected = c_in * k * k + c_in * c_out + (c_in + c_out if bias else 0)
        C.expect_equal(C.count_params(layer), expected, name=f'nombre de paramètres de {label}', hint='depthwise : C_in filtres k × k à un seul canal (groups=c_in) ; pointwise : C_out filtres 1 × 1 sur C_in canaux ; un biais par filtre seulement si biais=True.')
        if not bias:
            ratio = C.count_params(layer) / oracles.conv2d_parameter_count(c_in, c_out, k, False)
            C.expect_scalar_close(ratio, 1 / c_out + 1 / (k * k), name=f'rapport des paramètres de {label} et de Conv2d standard', rtol=1e-12, hint='sans biais, le rapport vaut 1/C_out + 1/k².')

@test_case(points=None, hidden=True)
def test_separable_equivalence_float64(ConvSeparable):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    configs = [(6, 10, 3, 1, 1, True, 9, 13), (4, 7, 5, 2, 2, True, 16, 11), (5, 3, 3, 2, 0, False, 12, 15), (3, 8, 3, 1, 0, True, 8, 10), (8, 8, 3, 3, 1, True, 17, 14)]
    for i, (c_in, c_out, k, s, p, bias, h, w) in enumerate(configs):
        label = f'ConvSeparable({c_in}, {c_out}, noyau={k}, pas={s}, padding={p}, biais={bias})'
        torch.manual_seed(60 + i)
        layer = C.make_model(ConvSeparable, c_in, c_out, k, s, p, bias, name=label)
        state = C.call(layer.state_dict, name=f'{label}.state_dict')
        shapes = {'depthwise.weight': (c_in, 1, k, k), 'pointwise.weight': (c_out, c_in, 1, 1)}
        if bias:
            shapes.update({'depthwise.bias': (c_in,), 'pointwise.bias': (c_out,)})
        for key, shape in shapes.items():
            C.expect(key in state, f"`{label}` n'a pas de paramètre `{key}` (clés : {sorted(state)}).", hint='nommez les sous-modules `depthwise` et `pointwise` (nn.Conv2d).')
            C.expect_shape(state[key], shape, name=f'{label} : {key}', hint="la depthwise a groups=c_in : un filtre k × k à un seul canal par canal d'entrée.")
        weights = {key: value.detach().to(torch.float64).clone() for key, value in state.items()}
        C.call(layer.double, name=f'{label}.double')
        x = torch.randn(2, c_in, h, w, generator=torch.Generator().manual_seed(70 + i), dtype=torch.float64)
        got = C.forward(layer, x.clone(), name=label)
        depth = F.conv2d(x, weights['depthwise.weight'], weights.get('depthwise.bias'), stride=s, padding=p, groups=c_in)
        expected = F.conv2d(depth, weights['pointwise.weight'], weights.get('pointwise.bias'))
        C.expect_close(got, expected, name=f'{label}(x) en float64', hint='sortie = pointwise(depthwise(x)), sans activation entre les deux ; le pas et le padding ne concernent que la depthwise.')

@test_case(points=None, hidden=True)
def test_separable_formes_pas_padding(ConvSeparable):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(61)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))
    for i in range(8):
        c_in, c_out, k = (tirage(1, 9), tirage(1, 9), [1, 3, 5, 7][tirage(0, 4)])
        s, p = (tirage(1, 4), tirage(0, k // 2 + 2))
        h, w = (tirage(k, 30), tirage(k, 30))
        standard = torch.nn.Conv2d(c_in, c_out, k, stride=s, padding=p)
        expected = tuple(standard(torch.zeros(3, c_in, h, w)).shape)
        label = f'ConvSeparable (configuration aléatoire n° {i + 1})'
        layer = C.make_model(ConvSeparable, c_in, c_out, k, s, p, True, name=label)
        out = C.forward(layer, torch.rand(3, c_in, h, w, generator=g), name=label)
        got = tuple(C.as_tensor(out, label).shape)
        C.expect(got == expected, f'`{label}` renvoie une sortie de forme {got}, différente de celle de la convolution standard de mêmes noyau, pas et padding.', hint="appliquez le pas et le padding à la seule depthwise ; la pointwise 1 × 1 n'a ni pas ni padding.")

@test_case(points=None, hidden=True)
def test_separable_arguments_nommes(ConvSeparable):
    import torch
    from autograder import checks as C
    for c_in, c_out, k, s, p, bias, h, w in [(4, 6, 5, 2, 2, False, 11, 9), (5, 3, 3, 1, 0, True, 8, 7)]:
        label = f'ConvSeparable(c_in={c_in}, c_out={c_out}, noyau={k}, pas={s}, padding={p}, biais={bias})'
        layer = C.make_model(ConvSeparable, c_in=c_in, c_out=c_out, noyau=k, pas=s, padding=p, biais=bias, name=label)
        expected = c_in * k * k + c_in * c_out + (c_in + c_out if bias else 0)
        C.expect_equal(C.count_params(layer), expected, name=f'nombre de paramètres de {label}', hint="respectez les noms des arguments de l'énoncé : c_in, c_out, noyau, pas, padding, biais.")
        out = C.forward(layer, torch.rand(2, c_in, h, w), name=label)
        C.expect_shape(out, (2, c_out, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1), name=f'{label}(x)', hint="le pas et le padding s'appliquent à la depthwise.")

