from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_valeurs_entieres(n_profond, n_large, largeur_equivalente):
    from autograder import checks as C
    for name, value in (('n_profond', n_profond), ('n_large', n_large)):
        C.require(value, name, kind='variable')
        number = C.as_number(value, name)
        C.expect(number == int(number) and number > 0, f'`{name}` devrait être un nombre entier positif de paramètres.')
    h = C.as_number(C.call(largeur_equivalente, 3, 2, 6 * 10 + 2, name='largeur_equivalente'), name='largeur_equivalente(3, 2, 62)')
    C.expect(h == int(h), '`largeur_equivalente` devrait renvoyer un nombre entier.')
    C.expect_equal(int(h), 10, name='largeur_equivalente(3, 2, 62)', reveal=True, hint='le MLP (3, h, 2) a h(3 + 1) + 2(h + 1) paramètres.')

@test_case(points=None, hidden=True)
def test_valeurs_des_deux_reseaux(n_profond, n_large):
    from torch import nn
    from autograder import checks as C
    for name, value, widths in (('n_profond', n_profond, [1024, 512, 256, 128, 10]), ('n_large', n_large, [1024, 2048, 10])):
        C.require(value, name, kind='variable')
        expected = sum((p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True) for p in nn.Linear(a, b, device='meta').parameters()))
        number = C.as_number(value, name)
        C.expect(number == int(number), f'`{name}` devrait être un nombre entier.')
        C.expect_equal(int(number), expected, name=name, hint='poids et biais de chaque couche, la couche de sortie comprise.')

@test_case(points=None, hidden=True)
def test_largeur_equivalente(largeur_equivalente):
    from autograder import checks as C
    cases = [(1024, 10, 690314), (784, 10, 235146), (50, 3, 1000), (7, 5, 100), (10, 1, 5)]
    for n_in, n_out, budget in cases:
        top = budget // (n_in + 1 + n_out) + 3
        best = min(range(1, top), key=lambda h: abs(h * (n_in + 1) + n_out * (h + 1) - budget))
        name = f'largeur_equivalente({n_in}, {n_out}, {budget})'
        got = C.as_number(C.call(largeur_equivalente, n_in, n_out, budget, name='largeur_equivalente'), name=name)
        C.expect(got == int(got), '`largeur_equivalente` devrait renvoyer un nombre entier.')
        C.expect_equal(int(got), best, name=name, hint="arrondissez à l'entier le plus proche (pas par défaut) et comptez aussi les poids et biais de la couche de sortie.")

@test_case(points=None, hidden=True)
def test_entiers_python(n_profond, n_large, largeur_equivalente):
    from autograder import checks as C
    values = [('n_profond', n_profond), ('n_large', n_large)]
    values += [(f'largeur_equivalente{args}', C.call(largeur_equivalente, *args, name='largeur_equivalente')) for args in [(784, 10, 235146), (10, 1, 5)]]
    for name, value in values:
        if not name.startswith('largeur'):
            C.require(value, name, kind='variable')
        C.expect(isinstance(value, int) and (not isinstance(value, bool)), f'`{name}` devrait être un entier Python (`int`), pas un objet de type `{type(value).__name__}`.', hint='`round(x)` et `int(x)` renvoient un int ; `round(x, 0)`, `/` ou un tenseur non.')

