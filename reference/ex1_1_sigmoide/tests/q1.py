from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_forme_et_valeur_en_zero(sigmoide, derivee_sigmoide):
    import torch
    from autograder import checks as C
    z = torch.zeros(2, 3)
    C.expect_shape(C.call(sigmoide, z, name='sigmoide'), (2, 3), name='sigmoide(z)')
    d = C.call(derivee_sigmoide, z, name='derivee_sigmoide')
    C.expect_shape(d, (2, 3), name='derivee_sigmoide(z)')
    C.expect_close(d, torch.full((2, 3), 0.25), name='derivee_sigmoide(0)', reveal=True)

@test_case(points=None, hidden=True)
def test_derivee_contre_autograd(derivee_sigmoide):
    import torch
    from autograder import checks as C
    z = torch.linspace(-8, 8, 101, dtype=torch.float64)
    expected = C.grad_of(lambda z: torch.sigmoid(z).sum(), {'z': z}, name='σ')['z']
    got = C.call(derivee_sigmoide, z.clone(), name='derivee_sigmoide')
    C.expect_close(got, expected, name='derivee_sigmoide(z)', hint='σ′(z) = σ(z)(1 − σ(z)) ; vérifiez le signe.')

@test_case(points=None, hidden=True)
def test_stabilite_grands_z(sigmoide, derivee_sigmoide):
    import torch
    from autograder import checks as C
    z = torch.tensor([-1000.0, -80.0, 80.0, 1000.0], dtype=torch.float64)
    C.expect_close(C.call(sigmoide, z.clone(), name='sigmoide'), torch.sigmoid(z), name='sigmoide(±grand z)', hint='exp(−z) déborde pour z très négatif.')
    C.expect_close(C.call(derivee_sigmoide, z.clone(), name='derivee_sigmoide'), torch.sigmoid(z) * torch.sigmoid(-z), name='derivee_sigmoide(±grand z)', rtol=1e-06, atol=1e-12, hint='un rapport inf/inf donne nan : passez par σ.')

@test_case(points=None, hidden=True)
def test_sigmoide_valeurs(sigmoide):
    import torch
    from autograder import checks as C
    z = torch.linspace(-8, 8, 161, dtype=torch.float64)
    C.expect_close(C.call(sigmoide, z.clone(), name='sigmoide'), torch.sigmoid(z), name='sigmoide(z) pour z ∈ [−8, 8]', hint='σ(z) = 1 / (1 + exp(−z)) ; si vous passez par tanh, σ(z) = (1 + tanh(z/2)) / 2.')

@test_case(points=None, hidden=True)
def test_forme_quelconque_et_meme_type(sigmoide, derivee_sigmoide):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(4)
    cas = [torch.randn(2, 3, 4, generator=g, dtype=torch.float64), torch.randn(5, generator=g), torch.tensor(0.7, dtype=torch.float64)]
    for z in cas:
        for fn, nom in ((sigmoide, 'sigmoide'), (derivee_sigmoide, 'derivee_sigmoide')):
            label = f'{nom}(z) pour z de forme {tuple(z.shape)} en {str(z.dtype)[6:]}'
            out = C.as_tensor(C.call(fn, z.clone(), name=nom), label)
            C.expect_shape(out, tuple(z.shape), name=label)
            C.expect(out.dtype == z.dtype, f'`{nom}` ne renvoie pas un tenseur du même type que `z` (reçu {str(out.dtype)[6:]} pour z en {str(z.dtype)[6:]}).', hint="n'imposez pas de type (pas de `.float()` ni de `dtype=`) : les opérations sur z conservent son type.")

@test_case(points=None, hidden=True)
def test_derivee_sans_autograd(derivee_sigmoide):
    import torch
    from autograder import checks as C
    z = torch.linspace(-6, 6, 25, dtype=torch.float64)
    sans_graphe = C.code('def sans_graphe(z):\n    with torch.inference_mode():\n        out = derivee_sigmoide(z)\n    return out.clone() if isinstance(out, torch.Tensor) else out', derivee_sigmoide=derivee_sigmoide)
    sans = '`derivee_sigmoide` doit calculer σ(1 − σ) directement, sans autograd (ni `backward`, ni `torch.autograd`, ni `requires_grad`).'
    try:
        got = C.call(sans_graphe, z.clone(), name='derivee_sigmoide')
    except C.CheckFailure as exc:
        raise C.CheckFailure(sans, exc.details or [exc.summary], hint="aucun graphe de calcul n'est nécessaire : s = σ(z) puis s·(1 − s).") from None
    s = torch.sigmoid(z)
    C.expect_close(got, s * (1 - s), name='derivee_sigmoide(z) sans graphe de calcul', rtol=1e-10, atol=1e-12)
    C.expect_not_using(derivee_sigmoide, {'backward', 'autograd', 'requires_grad_', 'func', 'functorch'}, name='derivee_sigmoide', hint=sans)

