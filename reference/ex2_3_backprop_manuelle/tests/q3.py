from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_gradient_numerique_quadratique(gradient_numerique, erreur_relative):
    import torch
    from autograder import checks as C
    w = torch.tensor([[1.0, -2.0], [0.5, 3.0]], dtype=torch.float64)
    got = C.call(gradient_numerique, C.code('lambda v: float((v ** 2).sum())'), w.clone(), 1e-05, name='gradient_numerique')
    C.expect_shape(got, (2, 2), name='gradient_numerique(f, w, eps)')
    C.expect_close(got, 2 * w, name='gradient_numerique(Σ w², w, 1e-5)', rtol=1e-08, atol=1e-08, reveal=True, hint='la différence centrée est exacte (aux arrondis près) pour une fonction quadratique ; la décentrée se trompe de ε.')
    a = torch.tensor([1.0, 2.0, -3.0], dtype=torch.float64)
    C.expect_scalar_close(C.call(erreur_relative, a, a.clone(), name='erreur_relative'), 0.0, name='erreur_relative(a, a)', atol=1e-12, reveal=True)
    C.expect_scalar_close(C.call(erreur_relative, torch.tensor([2.0, 0.0]), torch.tensor([1.0, 0.0]), name='erreur_relative'), 1 / 3, name='erreur_relative([2, 0], [1, 0])', reveal=True)

@test_case(points=None, hidden=True)
def test_differences_centrees(gradient_numerique):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(31)
    w = 1 + torch.rand(3, 4, generator=g, dtype=torch.float64)
    f = C.code('def f(v):\n    return float((v ** 3).sum() + torch.sin(3 * v).sum())')
    exact = C.grad_of(lambda v: (v ** 3).sum() + torch.sin(3 * v).sum(), {'v': w}, name='fonction de test')['v']
    w_in = w.clone()
    got = C.as_tensor(C.call(gradient_numerique, f, w_in, 0.001, name='gradient_numerique'), 'gradient_numerique(f, w, eps)')
    C.expect_shape(got, (3, 4), name='gradient_numerique(f, w, eps)')
    C.expect(torch.allclose(w_in, w, rtol=0.0, atol=1e-12), "`gradient_numerique` modifie `w` sans le remettre à sa valeur d'origine.", hint='après avoir évalué f(w ± ε eᵢ), restaurez wᵢ.')
    err = C.relative_error(got.to(torch.float64), exact)
    C.expect(err <= 1e-05, f"`gradient_numerique` s'écarte trop du gradient exact avec ε = 1e-3 : erreur relative {err:.2g} (tolérance 1e-05).", hint="utilisez la différence centrée (f(w + ε) − f(w − ε)) / 2ε, d'erreur O(ε²) ; la différence décentrée (f(w + ε) − f(w)) / ε a une erreur O(ε).")

@test_case(points=None, hidden=True)
def test_gradient_numerique_sur_un_mlp(gradient_numerique):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(32)
    W1 = torch.randn(5, 3, generator=g, dtype=torch.float64)
    W2 = torch.randn(4, 5, generator=g, dtype=torch.float64)
    X = torch.randn(6, 3, generator=g, dtype=torch.float64)
    y = torch.randint(0, 4, (6,), generator=g)
    perte = C.code('def perte(w):\n    return float(F.cross_entropy(F.linear(F.relu(F.linear(X, W1)), w), y))', W1=W1, X=X, y=y)
    expected = C.numerical_gradient(perte, W2, eps=1e-06)
    got = C.as_tensor(C.call(gradient_numerique, perte, W2.clone(), 1e-06, name='gradient_numerique'), 'gradient_numerique(L, W2, 1e-6)')
    C.expect_shape(got, (4, 5), name='gradient_numerique(L, W2, 1e-6)')
    err = C.relative_error(got.to(torch.float64), expected)
    C.expect(err <= 1e-06, f"`gradient_numerique` ne reproduit pas les différences centrées sur la perte d'un MLP (erreur relative {err:.2g}, tolérance 1e-06).", hint='une coordonnée à la fois : w ± ε eᵢ, puis division par 2ε.')

@test_case(points=None, hidden=True)
def test_gradient_numerique_w_inchange(gradient_numerique):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(34)
    w = torch.randn(3, 4, generator=g, dtype=torch.float64)
    source = 'lambda v: float((v ** 3).sum() + v[0].prod() * v[1].sum())'
    got = C.expect_unchanged(gradient_numerique, C.code(source), w.clone(), 0.0001, name='gradient_numerique', hint='après avoir évalué f(w ± ε eᵢ), restaurez wᵢ (ou travaillez sur des copies).')
    C.expect_shape(got, (3, 4), name='gradient_numerique(f, w, eps)')
    v = w.clone().requires_grad_(True)
    ((v ** 3).sum() + v[0].prod() * v[1].sum()).backward()
    C.expect_close(C.as_tensor(got, 'gradient_numerique').to(torch.float64), v.grad, rtol=1e-05, atol=1e-06, name='gradient_numerique(f, w, 1e-4)')

@test_case(points=None, hidden=True)
def test_gradient_numerique_forme_quelconque(gradient_numerique):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(35)
    for forme in [(5,), (2, 3, 2)]:
        w = torch.randn(*forme, generator=g, dtype=torch.float64)
        c = 1 + torch.rand(*forme, generator=g, dtype=torch.float64)
        f = C.code('lambda v: (c * v ** 2).sum()', c=c)
        label = f'gradient_numerique(f, w, 1e-4) pour w de forme {forme}'
        got = C.call(gradient_numerique, f, w.clone(), 0.0001, name='gradient_numerique')
        C.expect_shape(got, forme, name=label, hint='parcourez toutes les coordonnées de w quelle que soit sa forme (par exemple sur w.view(-1) ou avec itertools.product).')
        C.expect_close(C.as_tensor(got, label).to(torch.float64), 2 * c * w, name=label, rtol=0.001, atol=0.001, hint='f peut renvoyer un flottant ou un tenseur à un élément : convertissez avec float(...).')

@test_case(points=None, hidden=True)
def test_erreur_relative(erreur_relative):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(33)
    a = torch.randn(4, 5, generator=g, dtype=torch.float64)
    b = a + 0.001 * torch.randn(4, 5, generator=g, dtype=torch.float64)
    expected = float((a - b).abs().max() / (a.abs() + b.abs()).max())
    C.expect_scalar_close(C.call(erreur_relative, a.clone(), b.clone(), name='erreur_relative'), expected, name='erreur_relative(a, b)', rtol=1e-09, hint='maximum des écarts absolus divisé par le maximum de |a| + |b| (et non une moyenne, ni une norme).')
    zero = torch.zeros(3, dtype=torch.float64)
    C.expect_scalar_close(C.call(erreur_relative, zero, zero.clone(), name='erreur_relative'), 0.0, name='erreur_relative(0, 0)', atol=1e-12, hint='minorez le dénominateur par 1e-10 pour éviter 0/0.')

@test_case(points=None, hidden=True)
def test_erreur_relative_flottant(erreur_relative):
    import torch
    from autograder import checks as C
    a = torch.tensor([[1.0, -2.0], [0.5, 4.0]], dtype=torch.float64)
    got = C.call(erreur_relative, a, a + 0.01, name='erreur_relative')
    C.expect(isinstance(got, float), f'`erreur_relative` doit renvoyer un flottant Python, reçu un objet {type(got).__name__}.', hint='convertissez le résultat avec `float(...)`.')
    C.expect_scalar_close(got, 0.01 / 8.01, name='erreur_relative(a, a + 0.01)', rtol=1e-09)

