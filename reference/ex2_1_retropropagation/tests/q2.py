from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_passe_avant_formes(propagation_avant, perte):
    import torch
    from autograder import checks as C
    params = {'W1': torch.zeros(4, 5), 'b1': torch.zeros(4), 'W2': torch.zeros(3, 4), 'b2': torch.zeros(3), 'W3': torch.zeros(2, 3), 'b3': torch.zeros(2)}
    cache = C.call(propagation_avant, torch.ones(6, 5), params, name='propagation_avant')
    C.expect(isinstance(cache, dict), '`propagation_avant` devrait renvoyer un dictionnaire.')
    for key, shape in (('z1', (6, 4)), ('h1', (6, 4)), ('z2', (6, 3)), ('h2', (6, 3)), ('z3', (6, 2)), ('h3', (6, 2))):
        C.expect(key in cache, f"La clé '{key}' manque dans le résultat de `propagation_avant`.")
        C.expect_shape(cache[key], shape, name=f"propagation_avant(...)['{key}']")
    loss = C.call(perte, torch.ones(6, 2), torch.zeros(6, 2), name='perte')
    C.expect_scalar_close(loss, 1.0, name='perte(1, 0)', reveal=True)

@test_case(points=None, hidden=True)
def test_passe_avant_valeurs(propagation_avant, perte):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    gen = torch.Generator().manual_seed(21)
    sizes, N = ([6, 5, 4, 3], 8)
    params = {}
    for ell in (1, 2, 3):
        params[f'W{ell}'] = 0.6 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen, dtype=torch.float64)
        params[f'b{ell}'] = 0.3 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
    X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
    Y = 0.8 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.4
    expected, H = ({}, X)
    for ell in (1, 2, 3):
        layer = torch.nn.Linear(sizes[ell - 1], sizes[ell], dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(params[f'W{ell}'])
            layer.bias.copy_(params[f'b{ell}'])
            Z = layer(H)
            H = torch.nn.Tanh()(Z)
        expected[f'z{ell}'], expected[f'h{ell}'] = (Z, H)
    cache = C.call(propagation_avant, X.clone(), {k: v.clone() for k, v in params.items()}, name='propagation_avant')
    C.expect(isinstance(cache, dict), '`propagation_avant` devrait renvoyer un dictionnaire.')
    for key, want in expected.items():
        C.expect(key in cache, f"La clé '{key}' manque dans le résultat de `propagation_avant`.")
        C.expect_close(cache[key], want, name=f"propagation_avant(...)['{key}']", hint='Z = H W^T + b (exemples en lignes), puis tanh sur chaque couche, y compris la dernière.')
    H3 = expected['h3']
    C.expect_scalar_close(C.call(perte, H3.clone(), Y.clone(), name='perte'), float(F.mse_loss(H3, Y)), name='perte(H3, Y)', rtol=1e-09, hint='moyenne sur les N × n3 composantes, sans facteur 1/2.')

@test_case(points=None, hidden=True)
def test_perte_tenseur_scalaire(perte):
    import torch
    from autograder import checks as C
    gen = torch.Generator().manual_seed(23)
    H3 = torch.tanh(torch.randn(5, 3, generator=gen, dtype=torch.float64))
    Y = 0.5 * torch.randn(5, 3, generator=gen, dtype=torch.float64)
    loss = C.call(perte, H3.clone(), Y.clone(), name='perte')
    C.expect(isinstance(loss, torch.Tensor) and loss.dim() == 0, '`perte` doit renvoyer un tenseur scalaire (de forme ()), pas un flottant Python ni un tenseur de forme (1,).', hint='((H3 - Y) ** 2).mean() sans float(...).')
    C.expect(loss.dtype == torch.float64, '`perte` doit renvoyer un tenseur du même type que ses arguments (float64 ici).')

