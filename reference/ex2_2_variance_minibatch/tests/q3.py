from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_taille_exemple(taille_batch_requise):
    from autograder import checks as C
    got = C.as_number(C.call(taille_batch_requise, 4.0, 0.5, name='taille_batch_requise'), name='taille_batch_requise(4, 0.5)')
    C.expect(got == int(got), '`taille_batch_requise` devrait renvoyer un entier.')
    C.expect_equal(int(got), 16, name='taille_batch_requise(4, 0.5)', reveal=True, hint='σ/√B ≤ ε ⇔ B ≥ σ²/ε².')

@test_case(points=None, hidden=True)
def test_taille_minimale(taille_batch_requise):
    import math
    from autograder import checks as C
    cases = [(4.0, 0.05), (2.5, 0.3), (10.0, 0.7), (0.01, 1.0), (37.0, 0.123), (1.0, 0.1)]
    for sigma2, eps in cases:
        name = f'taille_batch_requise({sigma2}, {eps})'
        got = C.as_number(C.call(taille_batch_requise, sigma2, eps, name='taille_batch_requise'), name=name)
        C.expect(got == int(got) and got >= 1, f'`{name}` devrait être un entier au moins égal à 1.')
        B = int(got)
        ok = math.sqrt(sigma2 / B) <= eps * (1 + 1e-09)
        minimal = B == 1 or math.sqrt(sigma2 / (B - 1)) > eps * (1 - 1e-09)
        C.expect(ok, f'Avec `{name}`, le bruit σ/√B reste au-dessus de ε.', hint="B ≥ σ²/ε² : n'oubliez pas d'élever ε au carré et arrondissez vers le haut.")
        C.expect(minimal, f"`{name}` n'est pas la plus petite taille qui convient.", hint="B ≥ σ²/ε² : arrondissez à l'entier supérieur, sans ajouter 1.")

@test_case(points=None, hidden=True)
def test_taille_entier_python(taille_batch_requise):
    from autograder import checks as C
    import numbers
    for sigma2, eps in ((4.0, 0.5), (3.3, 0.21)):
        got = C.call(taille_batch_requise, sigma2, eps, name='taille_batch_requise')
        C.expect(isinstance(got, numbers.Integral) and (not isinstance(got, bool)), '`taille_batch_requise` doit renvoyer un entier Python (int), pas un flottant ni un tenseur.', hint='math.ceil renvoie un int ; évitez float(...).')

