from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_formes_et_biais(init_mlp, mlp):
    import torch
    from autograder import checks as C
    params = C.call(init_mlp, 16, 64, 8, 'mup', 32, 0, name='init_mlp')
    C.expect(isinstance(params, dict), '`init_mlp` doit renvoyer un dictionnaire de tenseurs.')
    shapes = {'W1': (64, 16), 'b1': (64,), 'W2': (64, 64), 'b2': (64,), 'W3': (8, 64), 'b3': (8,)}
    for key, shape in shapes.items():
        C.expect(key in params, f'`init_mlp` ne renvoie pas `{key}`.')
        C.expect_shape(params[key], shape, name=f"init_mlp(16, 64, 8, 'mup', 32, 0)['{key}']", hint='W_ℓ a la forme (fan_out, fan_in), comme dans nn.Linear.')
    for key in ('b1', 'b2', 'b3'):
        C.expect_close(params[key], torch.zeros(shapes[key]), name=f"init_mlp(...)['{key}']", reveal=True, hint='les biais sont initialisés à zéro.')
    X = torch.randn(5, 16, generator=torch.Generator().manual_seed(1))
    C.expect_shape(C.call(mlp, params, X, name='mlp'), (5, 8), name='mlp(params, X)')

@test_case(points=None, hidden=True)
def test_variances_initiales(init_mlp):
    import torch
    from autograder import checks as C
    d, n, c, n0 = (16, 512, 8, 32)
    hints = {'W1': "couche d'entrée : variance 1/d dans les deux paramétrisations.", 'W2': 'couche cachée : variance 1/n.', 'W3': 'couche de sortie : variance 1/n en SP mais n0/n² en µP.'}
    for param, var3 in (('mup', n0 / n ** 2), ('sp', 1 / n)):
        params = C.call(init_mlp, d, n, c, param, n0, 3, name='init_mlp')
        C.expect(isinstance(params, dict) and all((f'W{k}' in params for k in (1, 2, 3))), '`init_mlp` doit renvoyer un dictionnaire contenant W1, W2 et W3.')
        for key, shape, var in (('W1', (n, d), 1 / d), ('W2', (n, n), 1 / n), ('W3', (c, n), var3)):
            w = C.as_tensor(params[key], f"init_mlp(...)['{key}']").to(torch.float64)
            C.expect_shape(w, shape, name=f"init_mlp(...)['{key}']")
            C.expect_scalar_close(float(w.pow(2).mean()), var, rtol=0.1, atol=0.0, name=f'variance empirique de {key} ({param}, n = {n})', hint=hints[key])
        again = C.call(init_mlp, d, n, c, param, n0, 3, name='init_mlp')
        C.expect(isinstance(again, dict) and torch.equal(C.as_tensor(again['W2'], "init_mlp(...)['W2']"), C.as_tensor(params['W2'], "init_mlp(...)['W2']")), '`init_mlp` ne donne pas les mêmes paramètres pour la même graine.', hint='tirez avec un torch.Generator().manual_seed(graine) passé à torch.randn.')

@test_case(points=None, hidden=True)
def test_mlp_contre_pytorch(mlp):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(21)
    params = {'W1': torch.randn(24, 6, generator=g, dtype=torch.float64), 'b1': torch.randn(24, generator=g, dtype=torch.float64), 'W2': torch.randn(24, 24, generator=g, dtype=torch.float64) / 5, 'b2': torch.randn(24, generator=g, dtype=torch.float64), 'W3': torch.randn(5, 24, generator=g, dtype=torch.float64) / 5, 'b3': torch.randn(5, generator=g, dtype=torch.float64)}
    X = torch.randn(11, 6, generator=g, dtype=torch.float64)
    h = F.relu(F.linear(X, params['W1'], params['b1']))
    h = F.relu(F.linear(h, params['W2'], params['b2']))
    expected = F.linear(h, params['W3'], params['b3'])
    got = C.call(mlp, {k: v.clone() for k, v in params.items()}, X.clone(), name='mlp')
    C.expect_close(got, expected, name='mlp(params, X)', hint='X Wᵀ + b à chaque couche, ReLU après les deux premières seulement.')

@test_case(points=None, hidden=True)
def test_init_float32_gaussienne_et_graine(init_mlp):
    import math
    import torch
    from autograder import checks as C
    d, n, c, n0 = (16, 512, 8, 32)
    params = C.call(init_mlp, d, n, c, 'mup', n0, 5, name='init_mlp')
    C.expect(isinstance(params, dict) and all((k in params for k in ('W1', 'b1', 'W2', 'b2', 'W3', 'b3'))), '`init_mlp` doit renvoyer un dictionnaire contenant W1, b1, W2, b2, W3 et b3.')
    tenseurs = {k: C.as_tensor(params[k], f"init_mlp(...)['{k}']") for k in params}
    for key in ('W1', 'b1', 'W2', 'b2', 'W3', 'b3'):
        C.expect(tenseurs[key].dtype == torch.float32, f"`init_mlp(...)['{key}']` doit être un tenseur float32.", hint='torch.randn et torch.zeros donnent du float32 par défaut ; pas de dtype=torch.float64.')
    w = tenseurs['W2'].to(torch.float64).flatten()
    z = (w - w.mean()) / w.std()
    kurtosis = float(z.pow(4).mean())
    C.expect(abs(float(w.mean())) <= 5 * float(w.std()) / math.sqrt(w.numel()) and abs(kurtosis - 3.0) <= 0.1, 'Les poids de `init_mlp` ne suivent pas une loi normale centrée 𝒩(0, var).', hint='tirez avec torch.randn (loi normale), multiplié par √var.')
    autre = C.call(init_mlp, d, n, c, 'mup', n0, 6, name='init_mlp')
    C.expect(isinstance(autre, dict) and 'W2' in autre and (not torch.equal(C.as_tensor(autre['W2'], "init_mlp(...)['W2']"), tenseurs['W2'])), '`init_mlp` donne les mêmes paramètres pour deux graines différentes.', hint='initialisez le générateur avec la graine reçue : torch.Generator().manual_seed(graine).')

