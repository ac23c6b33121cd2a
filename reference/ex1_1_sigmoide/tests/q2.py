from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_maximum_de_la_derivee(maximum_sur_grille, derivee_sigmoide):
    from autograder import checks as C
    result = C.call(maximum_sur_grille, derivee_sigmoide, -10.0, 10.0, 2001, name='maximum_sur_grille')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).')
    C.expect_scalar_close(result[0], 0.0, name='z_max', atol=1e-05, reveal=True)
    C.expect_scalar_close(result[1], 0.25, name='f_max', reveal=True)

@test_case(points=None, hidden=True)
def test_maximum_fonction_decalee(maximum_sur_grille):
    from autograder import checks as C
    c = 1.7
    f = C.code('def f(z):\n    return 3.0 - (z - c) ** 2', c=c)
    result = C.call(maximum_sur_grille, f, -4.0, 6.0, 1001, name='maximum_sur_grille')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).')
    C.expect_scalar_close(result[0], c, name='z_max', atol=1e-05, hint="renvoyez l'abscisse du maximum, pas son indice.")
    C.expect_scalar_close(result[1], 3.0, name='f_max', atol=1e-05)

