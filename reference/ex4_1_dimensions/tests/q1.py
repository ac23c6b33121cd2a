from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_exemple_du_cours(taille_sortie):
    from autograder import checks as C
    for args, expected, label in [((32, 5, 1, 2, 1), 32, 'taille_sortie(32, 5, pas=1, padding=2)'), ((28, 5, 1, 0, 1), 24, 'taille_sortie(28, 5) (LeNet-5)'), ((28, 2, 2, 0, 1), 14, 'taille_sortie(28, 2, pas=2)')]:
        got = C.as_number(C.call(taille_sortie, *args, name='taille_sortie'), label)
        C.expect_equal(int(got) if got.is_integer() else got, expected, name=label, reveal=True, hint='⌊(n − k + 2p)/s⌋ + 1 (théorème 4.3).')

@test_case(points=None, hidden=True)
def test_taille_sortie_pas_unitaire(taille_sortie):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(41)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))
    for i in range(25):
        k, p = (tirage(1, 8), tirage(0, 4))
        n = tirage(k, 60)
        label = f'taille_sortie (configuration aléatoire n° {i + 1}, pas 1, sans dilatation)'
        got = C.as_number(C.call(taille_sortie, n, k, 1, p, 1, name='taille_sortie'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.conv_output_size(n, k, padding=p), name=label, hint="le padding p s'ajoute des deux côtés de l'entrée : n − k + 2p.")

@test_case(points=None, hidden=True)
def test_taille_sortie_pas_et_pooling(taille_sortie):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(42)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))
    for i in range(30):
        k, s = (tirage(1, 8), tirage(2, 5))
        p = tirage(0, k // 2 + 1)
        n = tirage(k, 70)
        if (n + 2 * p - k) % s == 0:
            n += 1
        label = f"taille_sortie (configuration aléatoire n° {i + 1}, {('MaxPool2d' if i % 2 else 'Conv2d')} de pas > 1)"
        got = C.as_number(C.call(taille_sortie, n, k, s, p, 1, name='taille_sortie'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.conv_output_size(n, k, s, p, pooling=bool(i % 2)), name=label, hint="avec un pas s > 1, on arrondit à l'entier inférieur : ⌊(n − k + 2p)/s⌋ + 1 (division entière `//`, pas `ceil` ni `/`).")

@test_case(points=None, hidden=True)
def test_taille_sortie_dilatation(taille_sortie):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(43)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))
    for i in range(30):
        k, d, s, p = (tirage(2, 6), tirage(2, 5), tirage(1, 4), tirage(0, 5))
        n = tirage(d * (k - 1) + 1, 80)
        label = f'taille_sortie (configuration aléatoire n° {i + 1}, dilatation > 1)'
        got = C.as_number(C.call(taille_sortie, n, k, s, p, d, name='taille_sortie'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.conv_output_size(n, k, s, p, d), name=label, hint="un noyau k dilaté d'un facteur d couvre d(k − 1) + 1 pixels : ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.")

@test_case(points=None, hidden=True)
def test_taille_sortie_entier_et_arguments_nommes(taille_sortie):
    from autograder import checks as C
    sonde = C.code('def sonde(kwargs):\n    import numbers\n    r = taille_sortie(**kwargs)\n    return (r, isinstance(r, numbers.Integral) and (not isinstance(r, bool)))', taille_sortie=taille_sortie)
    cas = [({'n': 28, 'noyau': 5}, 24), ({'n': 32, 'noyau': 5, 'padding': 2}, 32), ({'n': 29, 'noyau': 2, 'pas': 2}, 14), ({'n': 20, 'noyau': 3, 'dilatation': 2}, 16), ({'n': 17, 'noyau': 3, 'pas': 2, 'padding': 1, 'dilatation': 3}, 7)]
    for kwargs, attendu in cas:
        label = 'taille_sortie(' + ', '.join((f'{k}={v}' for k, v in kwargs.items())) + ')'
        r, entier = C.call(sonde, kwargs, name='taille_sortie')
        got = C.as_number(r, label)
        C.expect_equal(int(got) if got.is_integer() else got, attendu, name=label, hint="arguments de l'énoncé : n, noyau, pas=1, padding=0, dilatation=1.")
        C.expect(entier, f'`{label}` ne renvoie pas un entier.', hint='utilisez la division entière `//` : le résultat doit être un `int`, pas un flottant.')

