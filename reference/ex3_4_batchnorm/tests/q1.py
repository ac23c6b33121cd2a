from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_fonction_petit_lot(FonctionBatchNorm):
    import torch
    from autograder import checks as C
    apply = getattr(FonctionBatchNorm, 'apply', None)
    x = torch.tensor([[1.0, 2.0, -1.0], [3.0, 0.0, 0.5], [2.0, 4.0, 0.0], [6.0, 2.0, 2.5]], dtype=torch.float64)
    gamma = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64)
    beta = torch.tensor([0.0, 1.0, -1.0], dtype=torch.float64)
    y = C.call(apply, x.clone(), gamma.clone(), beta.clone(), 1e-05, name='FonctionBatchNorm.apply')
    C.expect_shape(y, (4, 3), name='FonctionBatchNorm.apply(x, gamma, beta, eps)')
    mu = x.mean(dim=0)
    var = ((x - mu) ** 2).mean(dim=0)
    C.expect_close(y, gamma * (x - mu) / torch.sqrt(var + 1e-05) + beta, name='FonctionBatchNorm.apply(x, gamma, beta, 1e-5)', reveal=True, hint="moyenne et variance biaisée sur l'axe du lot (dim=0), ε sous la racine.")
    C.gradcheck(C.code('lambda x, gamma, beta: apply(x, gamma, beta, 1e-5)', apply=apply), (x, gamma, beta), name='FonctionBatchNorm.apply')

@test_case(points=None, hidden=True)
def test_passe_avant_contre_pytorch(FonctionBatchNorm):
    import torch
    from autograder import checks as C
    interdits = {'batch_norm', 'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'native_batch_norm', '_batch_norm_impl_index'}
    for methode in ('forward', 'backward'):
        C.expect_not_using(getattr(FonctionBatchNorm, methode, None), interdits, name=f'FonctionBatchNorm.{methode}', hint='écrivez la normalisation avec mean, sqrt et des opérations élément par élément.')
    C.expect_not_using(getattr(FonctionBatchNorm, 'backward', None), {'grad', 'backward', 'enable_grad', 'vjp', 'jacobian'}, name='FonctionBatchNorm.backward', hint='la passe arrière est écrite à la main, sans autograd.')
    apply = getattr(FonctionBatchNorm, 'apply', None)
    g = torch.Generator().manual_seed(41)
    x = torch.randn(9, 5, generator=g, dtype=torch.float64) * torch.tensor([1.0, 3.0, 0.5, 2.0, 1.0], dtype=torch.float64) + torch.tensor([0.5, -2.0, 4.0, 0.0, 1.0], dtype=torch.float64)
    x[:, 4] = 1.0 + 0.001 * torch.randn(9, generator=g, dtype=torch.float64)
    gamma = torch.tensor([1.5, -0.7, 2.0, 0.3, 1.2], dtype=torch.float64)
    beta = torch.randn(5, generator=g, dtype=torch.float64)
    for eps in (1e-05, 0.1):
        want = torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True, eps=eps)
        got = C.call(apply, x.clone(), gamma.clone(), beta.clone(), eps, name='FonctionBatchNorm.apply')
        C.expect_close(got, want, name=f'FonctionBatchNorm.apply(x, gamma, beta, eps={eps:g})', hint="μ et σ² par caractéristique (dim=0), σ² biaisée (division par N), x̂ = (x − μ)/√(σ² + ε) avec l'ε reçu en argument, sous la racine (il compte pour une caractéristique presque constante), puis γ x̂ + β.")

@test_case(points=None, hidden=True)
def test_gradients_contre_autograd(FonctionBatchNorm):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    apply = getattr(FonctionBatchNorm, 'apply', None)
    g = torch.Generator().manual_seed(42)
    eps = 1e-05
    sonde = C.code('def sonde(x, gamma, beta, w):\n    leaves = [t.clone().requires_grad_(True) for t in (x, gamma, beta)]\n    y = apply(*leaves, eps)\n    if not (isinstance(y, torch.Tensor) and y.requires_grad):\n        return None\n    grads = torch.autograd.grad((y * w).sum(), leaves, allow_unused=True)\n    return [gr if gr is not None else torch.zeros_like(leaf) for gr, leaf in zip(grads, leaves, strict=True)]', apply=apply, eps=eps)
    hints = {'x': "∂L/∂x = γ/(N√(σ² + ε)) · (N δ − Σₖ δₖ − x̂ Σₖ δₖ x̂ₖ), sommes sur l'axe du lot ; le même ε que dans la passe avant.", 'gamma': "∂L/∂γ = Σᵢ δᵢ x̂ᵢ : somme sur l'axe du lot (dim=0), de forme (D,).", 'beta': "∂L/∂β = Σᵢ δᵢ : somme sur l'axe du lot (dim=0), de forme (D,)."}
    x_normal = 2 * torch.randn(9, 5, generator=g, dtype=torch.float64) + 1
    x_plat = x_normal.clone()
    x_plat[:, 2] = -3.0 + 0.001 * torch.randn(9, generator=g, dtype=torch.float64)
    for x in (x_normal, x_plat):
        gamma = 0.5 + torch.rand(5, generator=g, dtype=torch.float64)
        gamma[1] = -gamma[1]
        beta = torch.randn(5, generator=g, dtype=torch.float64)
        w = torch.randn(9, 5, generator=g, dtype=torch.float64)
        oracle = dict(zip(('x', 'gamma', 'beta'), oracles.batch_norm_backward(x, gamma, w, eps), strict=True))
        y = C.call(apply, x.clone(), gamma.clone(), beta.clone(), eps, name='FonctionBatchNorm.apply')
        C.expect_shape(y, (9, 5), name='FonctionBatchNorm.apply(x, gamma, beta, eps)')
        grads = C.call(sonde, x.clone(), gamma.clone(), beta.clone(), w, name='FonctionBatchNorm.backward')
        C.expect(grads is not None, "`FonctionBatchNorm.apply` doit renvoyer un tenseur relié au graphe d'autograd.", hint='renvoyez le tenseur calculé dans `forward` (sans .item() ni numpy).')
        C.expect(isinstance(grads, list) and len(grads) == 3, '`FonctionBatchNorm.backward` doit renvoyer un gradient par entrée (x, γ, β).')
        got = dict(zip(('x', 'gamma', 'beta'), grads, strict=True))
        C.expect_gradients(got, oracle, name='FonctionBatchNorm.backward', tol=1e-07, hints=hints)

@test_case(points=None, hidden=True)
def test_gradcheck_float64(FonctionBatchNorm):
    import torch
    from autograder import checks as C
    apply = getattr(FonctionBatchNorm, 'apply', None)
    g = torch.Generator().manual_seed(43)
    for n, d, eps in [(7, 4, 1e-05), (3, 6, 0.001), (16, 2, 0.5)]:
        x = 1.5 * torch.randn(n, d, generator=g, dtype=torch.float64) - 0.5
        gamma = torch.randn(d, generator=g, dtype=torch.float64)
        beta = torch.randn(d, generator=g, dtype=torch.float64)
        C.expect_shape(C.call(apply, x.clone(), gamma.clone(), beta.clone(), eps, name='FonctionBatchNorm.apply'), (n, d), name=f'FonctionBatchNorm.apply (lot {n}×{d})')
        C.gradcheck(C.code('lambda x, gamma, beta: apply(x, gamma, beta, eps)', apply=apply, eps=eps), (x, gamma, beta), name=f'FonctionBatchNorm.apply (lot {n}×{d}, ε = {eps:g})')

