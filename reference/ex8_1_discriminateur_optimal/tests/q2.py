from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_parametres_exemple(parametres_sigmoide):
    from autograder import checks as C
    result = C.call(parametres_sigmoide, 3.0, 0.0, 1.0, name='parametres_sigmoide')
    C.expect(isinstance(result, tuple | list) and len(result) == 2, '`parametres_sigmoide` doit renvoyer un couple (a, b).')
    C.expect_scalar_close(result[0], 3.0, name='a pour N(3, 1) et N(0, 1)', rtol=1e-12, atol=1e-12, reveal=True)
    C.expect_scalar_close(result[1], -4.5, name='b pour N(3, 1) et N(0, 1)', rtol=1e-12, atol=1e-12, reveal=True, hint='D*(1,5) = 1/2 impose a · 1,5 + b = 0.')

@test_case(points=None, hidden=True)
def test_parametres_exacts(parametres_sigmoide):
    from autograder import checks as C
    cas = [(3.0, 0.0, 1.0), (-1.0, 2.0, 0.5), (1.5, -0.5, 2.0), (2.5, 1.25, 0.25), (0.75, 0.75, 1.5), (0.0, -4.0, 1.0)]
    for mu_data, mu_g, sigma in cas:
        result = C.call(parametres_sigmoide, mu_data, mu_g, sigma, name='parametres_sigmoide')
        C.expect(isinstance(result, tuple | list) and len(result) == 2, '`parametres_sigmoide` doit renvoyer un couple (a, b).')
        pente = (mu_data - mu_g) / sigma ** 2
        milieu = (mu_data + mu_g) / 2
        C.expect_scalar_close(result[0], pente, name="a pour d'autres paramètres", rtol=1e-12, atol=1e-12, hint="a est le coefficient de x dans ln p_data(x) − ln p_g(x) ; sigma est l'écart-type (la variance est sigma²).")
        C.expect_scalar_close(result[1], -pente * milieu, name="b pour d'autres paramètres", rtol=1e-12, atol=1e-12, hint='b est le terme constant de ln p_data(x) − ln p_g(x) : D* = 1/2 au milieu (mu_data + mu_g)/2, donc b = −a (mu_data + mu_g)/2.')

@test_case(points=None, hidden=True)
def test_parametres_flottants(parametres_sigmoide):
    from autograder import checks as C
    result = C.call(parametres_sigmoide, -1.0, 2.0, 0.5, name='parametres_sigmoide')
    C.expect(isinstance(result, tuple | list) and len(result) == 2, '`parametres_sigmoide` doit renvoyer un couple (a, b).')
    types = sorted({type(v).__name__ for v in result if not isinstance(v, float)})
    C.expect(not types, f"`parametres_sigmoide` doit renvoyer deux flottants Python, reçu des éléments de type {', '.join(types)}.", hint='convertissez avec `float(...)` (ou `.item()` pour un tenseur).')

