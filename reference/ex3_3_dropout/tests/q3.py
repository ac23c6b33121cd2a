from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_mc_public(mc_dropout):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(0)
    params = {'W1': torch.randn(6, 1, generator=g, dtype=torch.float64), 'b1': torch.randn(6, generator=g, dtype=torch.float64), 'W2': torch.randn(1, 6, generator=g, dtype=torch.float64), 'b2': torch.randn(1, generator=g, dtype=torch.float64)}
    x = torch.linspace(-1, 1, 5, dtype=torch.float64).reshape(5, 1)
    plain = F.linear(torch.relu(F.linear(x, params['W1'], params['b1'])), params['W2'], params['b2'])
    result = C.call(mc_dropout, params, x.clone(), 0.5, 4, 0, False, name='mc_dropout')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`mc_dropout` doit renvoyer un couple (moyenne, variance).')
    C.expect_shape(result[0], (5, 1), name='moyenne de mc_dropout')
    C.expect_shape(result[1], (5, 1), name='variance de mc_dropout')
    C.expect_close(result[0], plain, name='moyenne de mc_dropout(..., mc=False)', reveal=True, hint='sans Dropout, chaque passe est la propagation déterministe.')
    C.expect_close(result[1], torch.zeros(5, 1, dtype=torch.float64), rtol=0.0, atol=1e-10, name='variance de mc_dropout(..., mc=False)', reveal=True, hint='avec mc=False, le Dropout est coupé : les T passes sont identiques.')
    gen = torch.Generator().manual_seed(0)
    passes = []
    for _ in range(3):
        h = torch.relu(F.linear(x, params['W1'], params['b1']))
        keep = torch.rand(h.shape, generator=gen, dtype=h.dtype) >= 0.5
        passes.append(F.linear(h * keep / 0.5, params['W2'], params['b2']))
    passes = torch.stack(passes)
    result = C.call(mc_dropout, params, x.clone(), 0.5, 3, 0, True, name='mc_dropout')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`mc_dropout` doit renvoyer un couple (moyenne, variance).')
    protocol = "générateur g = torch.Generator().manual_seed(graine), passes l'une après l'autre, masque u = torch.rand(h.shape, generator=g, dtype=h.dtype) ≥ p (question 1)."
    C.expect_close(result[0], passes.mean(dim=0), name='moyenne de mc_dropout(..., T=3, graine=0)', reveal=True, hint=protocol)
    C.expect_close(result[1], passes.var(dim=0), name='variance de mc_dropout(..., T=3, graine=0)', reveal=True, hint="variance non biaisée (diviseur T − 1) sur l'axe des passes.")

@test_case(points=None, hidden=True)
def test_propagation_deterministe(propagation):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(71)
    params = oracles.random_mlp([3, 7, 5, 2], g)
    x = torch.randn(6, 3, generator=g, dtype=torch.float64)
    expected = oracles.mlp(params, x)
    hint = 'h = ReLU(h Wᵀ + b) pour chaque couche cachée, sortie linéaire h W_Lᵀ + b_L ; le Dropout est coupé en évaluation.'
    C.expect_close(C.call(propagation, params, x.clone(), 0.4, False, name='propagation'), expected, rtol=1e-12, atol=1e-12, name='propagation(params, x, 0.4, entrainement=False)', hint=hint)
    C.expect_close(C.call(propagation, params, x.clone(), 0.0, True, name='propagation'), expected, rtol=1e-12, atol=1e-12, name='propagation(params, x, 0.0, entrainement=True)', hint=hint)
    C.expect_not_using(propagation, {'dropout', 'Dropout', 'dropout_', 'native_dropout'}, name='propagation', hint='utilisez votre `dropout_inverse`.')

@test_case(points=None, hidden=True)
def test_mc_contre_oracle(mc_dropout):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(81)
    for dims, n, p, T, seed in [([3, 8, 6, 2], 7, 0.35, 5, 123), ([2, 9, 3], 4, 0.6, 2, 7), ([1, 16, 16, 1], 10, 0.2, 9, 2024)]:
        params = oracles.random_mlp(dims, g)
        x = torch.randn(n, dims[0], generator=g, dtype=torch.float64)
        masks = torch.Generator().manual_seed(seed)
        passes = torch.stack([oracles.mlp(params, x, p, masks) for _ in range(T)])
        mean, var = (passes.mean(dim=0), passes.var(dim=0))
        label = f'mc_dropout (couches {dims}, p = {p}, T = {T})'
        result = C.call(mc_dropout, {k: v.clone() for k, v in params.items()}, x.clone(), p, T, seed, True, name='mc_dropout')
        C.expect(isinstance(result, tuple) and len(result) == 2, '`mc_dropout` doit renvoyer un couple (moyenne, variance).')
        C.expect_close(result[0], mean, rtol=1e-10, atol=1e-12, name=f'moyenne de {label}', hint="les T passes gardent le Dropout actif, avec le générateur créé depuis `graine` et le tirage imposé (u ≥ p, dtype de h), passe par passe ; la moyenne porte sur l'axe des passes.")
        C.expect_close(result[1], var, rtol=1e-10, atol=1e-12, name=f'variance de {label}', hint="variance non biaisée (diviseur T − 1) sur l'axe des passes.")

@test_case(points=None, hidden=True)
def test_valeurs_par_defaut(propagation, mc_dropout):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(111)
    params = oracles.random_mlp([2, 8, 6, 3], g)
    x = torch.randn(5, 2, generator=g, dtype=torch.float64)
    C.expect_close(C.call(propagation, {k: v.clone() for k, v in params.items()}, x.clone(), 0.5, name='propagation'), oracles.mlp(params, x), rtol=1e-12, atol=1e-12, name='propagation(params, x, p) appelée sans `entrainement`', hint='la valeur par défaut est entrainement=False : pas de Dropout.')
    masks = torch.Generator().manual_seed(9)
    passes = torch.stack([oracles.mlp(params, x, 0.5, masks) for _ in range(4)])
    result = C.call(mc_dropout, {k: v.clone() for k, v in params.items()}, x.clone(), 0.5, 4, 9, name='mc_dropout')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`mc_dropout` doit renvoyer un couple (moyenne, variance).')
    C.expect_close(result[0], passes.mean(dim=0), rtol=1e-10, atol=1e-12, name='moyenne de mc_dropout(params, x, p, T, graine) appelée sans `mc`', hint='la valeur par défaut est mc=True : le Dropout reste actif.')

@test_case(points=None, hidden=True)
def test_mc_proprietes_statistiques(mc_dropout):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    from autograder.checks import oracles
    d, p, T = (16, 0.3, 4000)
    params = oracles.random_mlp([1, d, 2], torch.Generator().manual_seed(91))
    x = torch.linspace(-2, 2, 8, dtype=torch.float64).reshape(8, 1)
    h = torch.relu(F.linear(x, params['W1'], params['b1']))
    plain = F.linear(h, params['W2'], params['b2'])
    closed_var = p / (1 - p) * ((h.unsqueeze(1) * params['W2'].unsqueeze(0)) ** 2).sum(dim=2)
    result = C.call(mc_dropout, params, x.clone(), p, T, 5, True, name='mc_dropout')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`mc_dropout` doit renvoyer un couple (moyenne, variance).')
    mean = C.as_tensor(result[0], 'moyenne de mc_dropout').to(torch.float64)
    var = C.as_tensor(result[1], 'variance de mc_dropout').to(torch.float64)
    C.expect_shape(mean, (8, 2), name='moyenne de mc_dropout')
    C.expect_shape(var, (8, 2), name='variance de mc_dropout')
    active = closed_var > 1e-06
    C.expect(bool((var[active] > 0).all()), 'La variance de `mc_dropout(..., mc=True)` est nulle là où le Dropout fait varier la sortie.', hint='le Dropout doit rester actif pendant les T passes (mc=True).')
    z = float(((mean - plain).abs() / (closed_var / T).sqrt().clamp_min(1e-12)).max())
    C.expect(z <= 6.0, f"La moyenne de {T} passes de MC-Dropout (une couche cachée, sortie linéaire) s'écarte de la prédiction sans Dropout de {z:.1f} écarts-types (tolérance 6), alors que le Dropout inversé conserve ici l'espérance exacte.", hint='divisez les unités conservées par 1 − p.')
    ratio = var[active] / closed_var[active]
    C.expect(float((ratio - 1).abs().max()) <= 0.2, f"La variance de {T} passes de MC-Dropout s'écarte de plus de 20 % de la variance exacte p/(1 − p) Σⱼ (W₂ₖⱼ hⱼ)² (rapport entre {float(ratio.min()):.2f} et {float(ratio.max()):.2f}).", hint="masques indépendants d'une passe à l'autre et d'un exemple à l'autre, facteur 1/(1 − p), variance sur l'axe des passes.")

@test_case(points=None, hidden=True)
def test_mc_dropout_standard(mc_dropout):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(101)
    params = oracles.random_mlp([2, 9, 7, 3], g)
    x = torch.randn(5, 2, generator=g, dtype=torch.float64)
    plain = oracles.mlp(params, x)
    result = C.call(mc_dropout, params, x.clone(), 0.45, 6, 3, False, name='mc_dropout')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`mc_dropout` doit renvoyer un couple (moyenne, variance).')
    C.expect_close(result[0], plain, rtol=1e-12, atol=1e-12, name='moyenne de mc_dropout(..., mc=False)', hint="Dropout standard à l'inférence : le réseau déterministe.")
    C.expect_close(result[1], torch.zeros(5, 3, dtype=torch.float64), rtol=0.0, atol=1e-10, name='variance de mc_dropout(..., mc=False)', hint="en évaluation, le Dropout inversé est l'identité : toutes les passes sont identiques et la variance est nulle.")

