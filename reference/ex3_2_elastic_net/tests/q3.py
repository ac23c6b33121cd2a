from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_entrainement_un_pas(entrainer_elastic_net):
    import torch
    from autograder import checks as C
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([3.0, -1.0, 0.0], dtype=torch.float64)
    zero = C.call(entrainer_elastic_net, X, y, 1.0, 0.5, 0.3, 0, name='entrainer_elastic_net')
    C.expect_close(zero, torch.zeros(2, dtype=torch.float64), name='entrainer_elastic_net(..., n_iter=0)', reveal=True, hint='on part de θ₀ = 0.')
    one = C.call(entrainer_elastic_net, X, y, 1.0, 0.5, 0.3, 1, name='entrainer_elastic_net')
    C.expect_shape(one, (2,), name='entrainer_elastic_net(..., n_iter=1)')
    C.expect_close(one, torch.tensor([0.15, 0.0], dtype=torch.float64), name='entrainer_elastic_net(X, y, λ=1, α=0.5, η=0.3, n_iter=1)', reveal=True, hint='θ₁ = S_{ηλα}(η Xᵀy/n) = S_0.15([0.3, −0.1]).')

@test_case(points=None, hidden=True)
def test_entrainement_contre_oracle(entrainer_elastic_net):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(31)
    X = torch.randn(12, 7, generator=g, dtype=torch.float64)
    beta = torch.tensor([2.0, 0.0, -1.5, 0.0, 0.3, 0.0, 1.0], dtype=torch.float64)
    y = X @ beta + 0.3 * torch.randn(12, generator=g, dtype=torch.float64)
    for lam, alpha, eta in ((0.4, 0.6, 0.1), (0.3, 1.0, 0.15), (0.5, 0.0, 0.12)):
        theta = torch.zeros(7, dtype=torch.float64)
        iterates = {}
        for t in range(1, 41):
            v = theta - eta * (X.T @ (X @ theta - y) / 12 + lam * (1 - alpha) * theta)
            theta = iterates[t] = torch.sign(v) * torch.clamp(v.abs() - eta * lam * alpha, min=0)
        for n_iter in (1, 2, 5, 40):
            label = f'entrainer_elastic_net(X, y, λ={lam}, α={alpha}, η={eta}, n_iter={n_iter})'
            got = C.as_tensor(C.call(entrainer_elastic_net, X.clone(), y.clone(), lam, alpha, eta, n_iter, name='entrainer_elastic_net'), label)
            C.expect_shape(got, (7,), name=label)
            C.expect_close(got, iterates[n_iter], name=label, rtol=1e-09, atol=1e-12, hint="le premier pas (depuis θ₀ = 0) ne suffit pas à tout vérifier : le terme L2 λ(1 − α)θ, nul en θ₀, est-il bien ajouté au gradient ? theta.grad est-il remis à zéro après chaque pas (sinon les gradients s'accumulent) ?" if n_iter > 1 else 'θ₁ = S_{ηλα}(θ₀ − η[Xᵀ(Xθ₀ − y)/n + λ(1 − α)θ₀]) avec θ₀ = 0 ; perte des données (1/2n)‖Xθ − y‖².')

@test_case(points=None, hidden=True)
def test_entrainement_parcimonie(entrainer_elastic_net):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(32)
    X = torch.randn(30, 9, generator=g, dtype=torch.float64)
    y = 2.0 * X[:, 0] - 1.5 * X[:, 4] + 0.1 * torch.randn(30, generator=g, dtype=torch.float64)
    lam, alpha, eta = (0.3, 0.8, 0.2)
    theta = torch.zeros(9, dtype=torch.float64)
    for _ in range(150):
        v = theta - eta * (X.T @ (X @ theta - y) / 30 + lam * (1 - alpha) * theta)
        theta = torch.sign(v) * torch.clamp(v.abs() - eta * lam * alpha, min=0)
    got = C.as_tensor(C.call(entrainer_elastic_net, X.clone(), y.clone(), lam, alpha, eta, 150, name='entrainer_elastic_net'), 'entrainer_elastic_net(...)')
    C.expect_shape(got, (9,), name='entrainer_elastic_net(X, y, ..., n_iter=150)')
    C.expect(bool(torch.equal(got == 0, theta == 0)), f"`entrainer_elastic_net` : {int((got != 0).sum())} coefficients non nuls, ce n'est pas le support attendu.", hint='appliquez le seuillage doux de seuil ηλα à chaque itération, après le pas de gradient, pour obtenir des zéros exacts.')
    C.expect_close(got, theta, name='entrainer_elastic_net(X, y, ..., n_iter=150)', rtol=1e-08, atol=1e-10, hint='comparez votre boucle à des appels répétés de pas_proximal.')

@test_case(points=None, hidden=True)
def test_entrainement_resultat_detache(entrainer_elastic_net):
    import torch
    from autograder import checks as C
    sonde = C.code("def sonde(X, y):\n    theta = entrainer_elastic_net(X, y, 0.3, 0.5, 0.1, 3)\n    if not isinstance(theta, torch.Tensor):\n        return (type(theta).__name__, None, None)\n    return ('Tensor', bool(theta.requires_grad), str(theta.dtype))", entrainer_elastic_net=entrainer_elastic_net)
    g = torch.Generator().manual_seed(33)
    X = torch.randn(10, 4, generator=g, dtype=torch.float64)
    y = torch.randn(10, generator=g, dtype=torch.float64)
    kind, requires_grad, dtype = C.call(sonde, X, y, name='entrainer_elastic_net')
    C.expect(kind == 'Tensor', f'`entrainer_elastic_net` renvoie un objet {kind}, pas un tenseur.')
    C.expect(not requires_grad, "`entrainer_elastic_net` renvoie un tenseur encore attaché au graphe d'autograd (requires_grad=True) : il doit être détaché.", hint='renvoyez theta.detach().')
    C.expect(dtype == str(torch.float64), f'`entrainer_elastic_net` renvoie un tenseur {dtype} : il doit être en float64.')

