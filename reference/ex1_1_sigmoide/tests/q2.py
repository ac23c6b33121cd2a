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

@test_case(points=None, hidden=True)
def test_maximum_bornes_comprises(maximum_sur_grille):
    from autograder import checks as C
    croissante = C.code('def croissante(z):\n    return 2 * z + 1')
    decroissante = C.code('def decroissante(z):\n    return 1 - z')
    for f, nom, z_max, f_max in ((croissante, 'f croissante', 2.0, 5.0), (decroissante, 'f décroissante', -3.0, 4.0)):
        result = C.call(maximum_sur_grille, f, -3.0, 2.0, 11, name='maximum_sur_grille')
        C.expect(isinstance(result, tuple) and len(result) == 2, '`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).')
        C.expect_scalar_close(result[0], z_max, name=f'z_max pour une {nom}', atol=1e-05, hint='les n points vont de a à b, bornes comprises (torch.linspace(a, b, n)).')
        C.expect_scalar_close(result[1], f_max, name=f'f_max pour une {nom}', atol=1e-05)
    bosse = C.code('def bosse(z):\n    return -(z - 0.27) ** 2')
    result = C.call(maximum_sur_grille, bosse, 0.0, 1.0, 5, name='maximum_sur_grille')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).')
    C.expect_scalar_close(result[0], 0.25, name='z_max sur une grille de 5 points', atol=1e-05, hint='exactement n points régulièrement espacés, de a à b.')

@test_case(points=None, hidden=True)
def test_maximum_flottants_python(maximum_sur_grille):
    from autograder import checks as C
    f = C.code('def f(z):\n    return -(z + 0.5) ** 2')
    result = C.call(maximum_sur_grille, f, -2.0, 2.0, 41, name='maximum_sur_grille')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`maximum_sur_grille` doit renvoyer un couple (z_max, f_max).')
    types = sorted({type(v).__name__ for v in result if not isinstance(v, float)})
    C.expect(not types, f"`maximum_sur_grille` doit renvoyer deux flottants Python, reçu des éléments de type {', '.join(types)}.", hint='convertissez avec `float(...)` ou `.item()`.')

