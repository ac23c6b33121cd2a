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

