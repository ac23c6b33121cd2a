from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_gradients_formes(gradients):
    import torch
    from autograder import checks as C
    gen = torch.Generator().manual_seed(1)
    params = {'W1': torch.randn(4, 5, generator=gen, dtype=torch.float64), 'b1': torch.zeros(4, dtype=torch.float64), 'W2': torch.randn(3, 4, generator=gen, dtype=torch.float64), 'b2': torch.zeros(3, dtype=torch.float64), 'W3': torch.randn(2, 3, generator=gen, dtype=torch.float64), 'b3': torch.zeros(2, dtype=torch.float64)}
    X = torch.randn(6, 5, generator=gen, dtype=torch.float64)
    grads = C.call(gradients, X, torch.zeros(6, 2, dtype=torch.float64), params, name='gradients')
    C.expect(isinstance(grads, dict), '`gradients` devrait renvoyer un dictionnaire.')
    for key, value in params.items():
        C.expect(key in grads, f"La clé '{key}' manque dans le résultat de `gradients`.")
        C.expect_shape(grads[key], tuple(value.shape), name=f"gradients(...)['{key}']", hint='un gradient a la forme du paramètre.')

@test_case(points=None, hidden=True)
def test_gradients_contre_autograd(gradients):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    hints = {'W3': '∂L/∂W^(3) = δ^(3)ᵀ H^(2), avec δ^(3) = 2(H^(3) − Y)/(N n3) ⊙ (1 − (H^(3))²).', 'b3': '∂L/∂b^(3) = somme sur les exemples de δ^(3) (pas la moyenne : le 1/N est déjà dans δ).', 'W2': '∂L/∂W^(2) = δ^(2)ᵀ H^(1), avec δ^(2) = (δ^(3) W^(3)) ⊙ (1 − (H^(2))²).', 'b2': '∂L/∂b^(2) = somme sur les exemples de δ^(2).', 'W1': '∂L/∂W^(1) = δ^(1)ᵀ X.', 'b1': '∂L/∂b^(1) = somme sur les exemples de δ^(1).'}
    for seed, sizes, N in ((41, [6, 5, 4, 3], 10), (42, [3, 7, 6, 2], 4)):
        gen = torch.Generator().manual_seed(seed)
        p = {}
        for ell in (1, 2, 3):
            p[f'W{ell}'] = 0.7 * torch.randn(sizes[ell], sizes[ell - 1], generator=gen, dtype=torch.float64)
            p[f'b{ell}'] = 0.5 * torch.randn(sizes[ell], generator=gen, dtype=torch.float64)
        X = torch.randn(N, sizes[0], generator=gen, dtype=torch.float64)
        Y = 1.6 * torch.rand(N, sizes[3], generator=gen, dtype=torch.float64) - 0.8

        def oracle(W1, b1, W2, b2, W3, b3, X=X, Y=Y):
            H = torch.tanh(F.linear(X, W1, b1))
            H = torch.tanh(F.linear(H, W2, b2))
            return F.mse_loss(torch.tanh(F.linear(H, W3, b3)), Y)
        want = C.grad_of(oracle, p, name='oracle')
        want = {k: want[k] for k in ('W3', 'b3', 'W2', 'b2', 'W1', 'b1')}
        got = C.call(gradients, X.clone(), Y.clone(), {k: v.clone() for k, v in p.items()}, name='gradients')
        C.expect_gradients(got, want, name='gradients', tol=1e-06, hints=hints)

@test_case(points=None, hidden=True)
def test_gradients_sans_autograd(gradients):
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
    X, Y, p = probleme_sans_graphe(52)
    sans_graphe = C.code('def sans_graphe(f, *args):\n    with torch.no_grad():\n        return f(*args)')

    def oracle(W1, b1, W2, b2, W3, b3):
        H = torch.tanh(F.linear(X, W1, b1))
        H = torch.tanh(F.linear(H, W2, b2))
        return F.mse_loss(torch.tanh(F.linear(H, W3, b3)), Y)
    want = C.grad_of(oracle, p, name='oracle')
    got = C.call(sans_graphe, C.require(gradients, 'gradients'), X.clone(), Y.clone(), {k: v.clone() for k, v in p.items()}, name='gradients (sans autograd)')
    C.expect(isinstance(got, dict), '`gradients` devrait renvoyer un dictionnaire.')
    for key in ('W3', 'b3', 'W2', 'b2', 'W1', 'b1'):
        C.expect(key in got, f"La clé '{key}' manque dans le résultat de `gradients`.")
        C.expect_close(got[key], want[key], name=f"gradients(...)['{key}'] sous torch.no_grad()", hint='appliquez les formules à la main (δᵀ H, somme des δ) : pas de backward() ni de torch.autograd.')

