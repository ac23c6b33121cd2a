from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_formes_et_perte_uniforme(propagation_avant, perte_entropie_croisee):
    import math
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(0)
    params = {'W1': torch.randn(5, 4, generator=g, dtype=torch.float64), 'b1': torch.randn(5, generator=g, dtype=torch.float64), 'W2': torch.randn(6, 5, generator=g, dtype=torch.float64), 'b2': torch.randn(6, generator=g, dtype=torch.float64), 'W3': torch.randn(3, 6, generator=g, dtype=torch.float64), 'b3': torch.randn(3, generator=g, dtype=torch.float64)}
    X = torch.randn(7, 4, generator=g, dtype=torch.float64)
    logits = C.call(propagation_avant, X, params, name='propagation_avant')
    C.expect_shape(logits, (7, 3), name='propagation_avant(X, params)')
    loss = C.call(perte_entropie_croisee, torch.zeros(4, 3, dtype=torch.float64), torch.tensor([0, 1, 2, 1]), name='perte_entropie_croisee')
    C.expect_scalar_close(loss, math.log(3), name='perte_entropie_croisee(logits nuls, y)', reveal=True, hint='des logits nuls donnent une loi uniforme, donc une perte log C.')

@test_case(points=None, hidden=True)
def test_propagation_contre_pytorch(propagation_avant):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(11)
    dims, params = ([6, 8, 7, 4], {})
    for i in range(1, 4):
        params[f'W{i}'] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f'b{i}'] = torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(10, 6, generator=g, dtype=torch.float64)
    h = F.relu(F.linear(X, params['W1'], params['b1']))
    h = F.relu(F.linear(h, params['W2'], params['b2']))
    expected = F.linear(h, params['W3'], params['b3'])
    got = C.call(propagation_avant, X.clone(), {k: v.clone() for k, v in params.items()}, name='propagation_avant')
    C.expect_close(got, expected, name='propagation_avant(X, params)', hint='z = X Wᵀ + b à chaque couche, ReLU après les deux premières seulement (pas de ReLU sur les logits).')

@test_case(points=None, hidden=True)
def test_perte_exacte_et_stable(perte_entropie_croisee):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(12)
    logits = 3 * torch.randn(9, 5, generator=g, dtype=torch.float64)
    y = torch.randint(0, 5, (9,), generator=g)
    got = C.call(perte_entropie_croisee, logits.clone(), y.clone(), name='perte_entropie_croisee')
    C.expect_scalar_close(got, float(torch.nn.functional.cross_entropy(logits, y)), name='perte_entropie_croisee(logits, y)', rtol=1e-09, atol=1e-12, hint='moyenne sur le lot de −log softmax(z)[y].')
    big = torch.tensor([[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0], [0.0, 0.0, 800.0]], dtype=torch.float64)
    y_big = torch.tensor([1, 1, 0])
    got = C.call(perte_entropie_croisee, big.clone(), y_big.clone(), name='perte_entropie_croisee')
    stable = "exp(1000) déborde : soustrayez le maximum de chaque ligne avant l'exponentielle (log-sum-exp)."
    C.expect(bool(torch.isfinite(C.as_tensor(got, 'perte_entropie_croisee')).all()), "`perte_entropie_croisee` renvoie nan ou inf pour des logits de l'ordre de ±1000.", hint=stable)
    C.expect_scalar_close(got, float(torch.nn.functional.cross_entropy(big, y_big)), name='perte_entropie_croisee(logits ≈ ±1000, y)', rtol=1e-09, hint=stable)

@test_case(points=None, hidden=True)
def test_perte_sans_cross_entropy(perte_entropie_croisee):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    interdit = "`perte_entropie_croisee` utilise `torch.nn.functional.cross_entropy`, que l'énoncé interdit."
    piste = "écrivez log softmax avec l'identité log-sum-exp, puis la moyenne de −log softmax(z)[y]."
    sans_cross_entropy = C.code("def sans_cross_entropy(logits, y):\n    import torch.nn.functional as fonctionnel\n    original = fonctionnel.cross_entropy\n\n    def bloque(*args, **kwargs):\n        raise RuntimeError('torch.nn.functional.cross_entropy est interdit')\n    fonctionnel.cross_entropy = bloque\n    try:\n        return perte_entropie_croisee(logits, y)\n    finally:\n        fonctionnel.cross_entropy = original", perte_entropie_croisee=perte_entropie_croisee)
    g = torch.Generator().manual_seed(13)
    logits = torch.randn(6, 4, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 2, 2, 0])
    try:
        got = C.call(sans_cross_entropy, logits.clone(), y.clone(), name='perte_entropie_croisee')
    except C.CheckFailure as exc:
        raise C.CheckFailure(interdit, exc.details or [exc.summary], hint=piste) from None
    C.expect_scalar_close(got, float(F.cross_entropy(logits, y)), name='perte_entropie_croisee(logits, y) sans cross_entropy', rtol=1e-08, atol=1e-12, hint=piste)
    C.expect_not_using(perte_entropie_croisee, {'cross_entropy', 'CrossEntropyLoss'}, name='perte_entropie_croisee', hint=piste)

