from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_exemple_du_cours(nombre_parametres):
    from autograder import checks as C
    n = C.as_number(C.call(nombre_parametres, [784, 256, 128, 10], name='nombre_parametres'), name='nombre_parametres([784, 256, 128, 10])')
    C.expect(n == int(n), '`nombre_parametres` devrait renvoyer un nombre entier.')
    C.expect_equal(int(n), 235146, name='nombre_parametres([784, 256, 128, 10])', reveal=True, hint='chaque couche a n_{ℓ−1}·n_ℓ poids et n_ℓ biais.')

@test_case(points=None, hidden=True)
def test_largeurs_aleatoires(nombre_parametres):
    import torch
    from torch import nn
    from autograder import checks as C
    gen = torch.Generator().manual_seed(12)
    for depth in [1, 2, 3, 5, 7]:
        widths = [int(w) for w in torch.randint(1, 300, (depth + 1,), generator=gen)]
        expected = sum((p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True) for p in nn.Linear(a, b, device='meta').parameters()))
        got = C.as_number(C.call(nombre_parametres, list(widths), name='nombre_parametres'), name=f'nombre_parametres (réseau à {depth} couche(s))')
        C.expect(got == int(got), '`nombre_parametres` devrait renvoyer un nombre entier.')
        C.expect_equal(int(got), expected, name=f'nombre_parametres (réseau à {depth} couche(s))', hint='comptez W^(ℓ) (n_ℓ × n_{ℓ−1}) et b^(ℓ) (n_ℓ) pour chaque couche, y compris la dernière.')

@test_case(points=None, hidden=True)
def test_reseaux_de_l_enonce(nombre_parametres):
    from torch import nn
    from autograder import checks as C
    for widths in ([1024, 512, 256, 128, 10], [1024, 2048, 10]):
        expected = sum((p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True) for p in nn.Linear(a, b, device='meta').parameters()))
        got = C.as_number(C.call(nombre_parametres, list(widths), name='nombre_parametres'), name=f'nombre_parametres({widths})')
        C.expect(got == int(got), '`nombre_parametres` devrait renvoyer un nombre entier.')
        C.expect_equal(int(got), expected, name=f'nombre_parametres({widths})', hint='le biais de la couche ℓ a n_ℓ composantes (la largeur de sortie).')

@test_case(points=None, hidden=True)
def test_entier_python(nombre_parametres):
    from autograder import checks as C
    for widths in ([784, 256, 128, 10], [5, 3]):
        got = C.call(nombre_parametres, list(widths), name='nombre_parametres')
        C.expect(isinstance(got, int) and (not isinstance(got, bool)), f'`nombre_parametres` devrait renvoyer un entier Python (`int`), pas un objet de type `{type(got).__name__}`.', hint='accumulez des entiers (pas de `/`, de flottant ni de tenseur), ou convertissez avec `int(...)`.')

@test_case(points=None, hidden=True)
def test_calcul_sans_reseau(nombre_parametres):
    from autograder import checks as C
    got = C.as_number(C.call(nombre_parametres, [12, 7, 3], name='nombre_parametres'), name='nombre_parametres([12, 7, 3])')
    C.expect_equal(got, 12 * 7 + 7 + 7 * 3 + 3, name='nombre_parametres([12, 7, 3])')
    C.expect_not_using(nombre_parametres, {'Linear', 'Sequential', 'Module', 'numel', 'parameters', 'construire_mlp'}, name='nombre_parametres', hint="l'énoncé demande un calcul à la main, sans construire de réseau : additionnez n_{ℓ−1}·n_ℓ + n_ℓ sur les couches.")

