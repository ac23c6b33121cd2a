from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_delta3_petit_exemple(signaux_erreur):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    gen = torch.Generator().manual_seed(0)
    params = {'W1': torch.randn(3, 2, generator=gen, dtype=torch.float64), 'b1': torch.zeros(3, dtype=torch.float64), 'W2': torch.randn(3, 3, generator=gen, dtype=torch.float64), 'b2': torch.zeros(3, dtype=torch.float64), 'W3': torch.randn(2, 3, generator=gen, dtype=torch.float64), 'b3': torch.zeros(2, dtype=torch.float64)}
    X = torch.randn(4, 2, generator=gen, dtype=torch.float64)
    Y = torch.zeros(4, 2, dtype=torch.float64)
    H2 = torch.tanh(torch.tanh(X @ params['W1'].T) @ params['W2'].T)
    Z3 = H2 @ params['W3'].T
    want = C.grad_of(lambda z3: F.mse_loss(torch.tanh(z3), Y), {'z3': Z3}, name='oracle')['z3']
    deltas = C.call(signaux_erreur, X, Y, params, name='signaux_erreur')
    C.expect(isinstance(deltas, dict) and all((f'delta{k}' in deltas for k in (1, 2, 3))), "`signaux_erreur` devrait renvoyer un dictionnaire de clés 'delta1', 'delta2', 'delta3'.")
    C.expect_shape(deltas['delta1'], (4, 3), name="signaux_erreur(...)['delta1']")
    C.expect_close(deltas['delta3'], want, name="signaux_erreur(...)['delta3']", reveal=True, rtol=1e-06, atol=1e-12, hint='δ^(3) = ∂L/∂H^(3) ⊙ tanh′(Z^(3)), avec ∂L/∂H^(3) = 2(H^(3) − Y)/(N n3).')

@test_case(points=None, hidden=True)
def test_deltas_contre_autograd(signaux_erreur):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    hints = {3: 'δ^(3) = ∂L/∂H^(3) ⊙ (1 − tanh²(Z^(3))) : la sortie passe aussi par tanh, et ∂L/∂H^(3) = 2(H^(3) − Y)/(N n3).', 2: 'δ^(2) = (δ^(3) W^(3)) ⊙ (1 − tanh²(Z^(2))) ; tanh′(z) = 1 − tanh²(z), pas 1 − z².', 1: 'δ^(1) = (δ^(2) W^(2)) ⊙ (1 − tanh²(Z^(1))).'}
    for seed, sizes, N in ((31, [7, 6, 5, 3], 9), (32, [4, 8, 2, 5], 3)):
        gen = torch.Generator().manual_seed(seed)
        p = {}
        for ell in (1, 2, 3):
            p[f'W{ell}'] = 0.7 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen, dtype=torch.float64)
            p[f'b{ell}'] = 0.5 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
        X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
        Y = 1.6 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.8
        leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
        H, Z = (X, {})
        for ell in (1, 2, 3):
            Z[ell] = F.linear(H, leaves[f'W{ell}'], leaves[f'b{ell}'])
            Z[ell].retain_grad()
            H = torch.tanh(Z[ell])
        F.mse_loss(H, Y).backward()
        want = {ell: Z[ell].grad for ell in (1, 2, 3)}
        deltas = C.call(signaux_erreur, X.clone(), Y.clone(), {k: v.clone() for k, v in p.items()}, name='signaux_erreur')
        C.expect(isinstance(deltas, dict), '`signaux_erreur` devrait renvoyer un dictionnaire.')
        for ell in (3, 2, 1):
            key = f'delta{ell}'
            C.expect(key in deltas, f"La clé '{key}' manque dans le résultat de `signaux_erreur`.")
            got = C.as_tensor(deltas[key], name=f"signaux_erreur(...)['{key}']")
            C.expect_shape(got, tuple(want[ell].shape), name=f"signaux_erreur(...)['{key}']", hint='une ligne par exemple : (N, n_ℓ).')
            err = C.relative_error(got, want[ell])
            C.expect(err <= 1e-06, f"`signaux_erreur(...)['{key}']` est faux : erreur relative {err:.3g} (tolérance 1e-06) par rapport à autograd.", hint=hints[ell])

@test_case(points=None, hidden=True)
def test_deltas_sans_autograd(signaux_erreur):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def probleme_sans_graphe(graine):
        """Un petit problème (X, Y, params) en float64, tailles toutes différentes."""
        gen = torch.Generator().manual_seed(graine)
        sizes, N = ([5, 4, 6, 3], 7)
        p = {}
        for ell in (1, 2, 3):
            p[f'W{ell}'] = 0.7 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen, dtype=torch.float64)
            p[f'b{ell}'] = 0.5 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
        X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
        Y = 1.6 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.8
        return (X, Y, p)
    X, Y, p = probleme_sans_graphe(51)
    sans_graphe = C.code('def sans_graphe(f, *args):\n    with torch.no_grad():\n        return f(*args)')
    leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
    H, Z = (X, {})
    for ell in (1, 2, 3):
        Z[ell] = F.linear(H, leaves[f'W{ell}'], leaves[f'b{ell}'])
        Z[ell].retain_grad()
        H = torch.tanh(Z[ell])
    F.mse_loss(H, Y).backward()
    deltas = C.call(sans_graphe, C.require(signaux_erreur, 'signaux_erreur'), X.clone(), Y.clone(), {k: v.clone() for k, v in p.items()}, name='signaux_erreur (sans autograd)')
    C.expect(isinstance(deltas, dict) and all((f'delta{k}' in deltas for k in (1, 2, 3))), "`signaux_erreur` devrait renvoyer un dictionnaire de clés 'delta1', 'delta2', 'delta3'.")
    for ell in (3, 2, 1):
        C.expect_close(deltas[f'delta{ell}'], Z[ell].grad, name=f"signaux_erreur(...)['delta{ell}'] sous torch.no_grad()", hint='appliquez les formules à la main : pas de backward() ni de torch.autograd.')

