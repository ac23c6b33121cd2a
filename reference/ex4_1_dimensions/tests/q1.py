from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_exemple_du_cours(taille_sortie):
    from autograder import checks as C
    for args, expected, label in [((32, 5, 1, 2, 1), 32, 'taille_sortie(32, 5, pas=1, padding=2)'), ((28, 5, 1, 0, 1), 24, 'taille_sortie(28, 5) (LeNet-5)'), ((28, 2, 2, 0, 1), 14, 'taille_sortie(28, 2, pas=2)')]:
        got = C.as_number(C.call(taille_sortie, *args, name='taille_sortie'), label)
        got = int(got) if got.is_integer() else got
        C.expect_equal(got, expected, name=label, reveal=True, hint='⌊(n − k + 2p)/s⌋ + 1 (théorème 4.3).')

@test_case(points=None, hidden=True)
def test_taille_sortie_pas_unitaire(taille_sortie):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(41)
    for i in range(25):
        k = int(torch.randint(1, 8, (1,), generator=g))
        p = int(torch.randint(0, 4, (1,), generator=g))
        n = int(torch.randint(k, 60, (1,), generator=g))
        conv = torch.nn.Conv2d(1, 1, (k, 1), padding=(p, 0), bias=False)
        expected = conv(torch.zeros(1, 1, n, 1)).shape[2]
        label = f'taille_sortie (configuration aléatoire n° {i + 1}, pas 1, sans dilatation)'
        got = C.as_number(C.call(taille_sortie, n, k, 1, p, 1, name='taille_sortie'), label)
        got = int(got) if got.is_integer() else got
        C.expect_equal(got, expected, name=label, hint="le padding p s'ajoute des deux côtés de l'entrée : n − k + 2p.")

@test_case(points=None, hidden=True)
def test_taille_sortie_pas_et_pooling(taille_sortie):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(42)
    for i in range(30):
        k = int(torch.randint(1, 8, (1,), generator=g))
        s = int(torch.randint(2, 5, (1,), generator=g))
        p = int(torch.randint(0, k // 2 + 1, (1,), generator=g))
        n = int(torch.randint(k, 70, (1,), generator=g))
        if (n + 2 * p - k) % s == 0:
            n += 1
        if i % 2:
            layer = torch.nn.MaxPool2d((k, 1), stride=(s, 1), padding=(p, 0))
        else:
            layer = torch.nn.Conv2d(1, 1, (k, 1), stride=(s, 1), padding=(p, 0), bias=False)
        expected = layer(torch.zeros(1, 1, n, 1)).shape[2]
        kind = 'MaxPool2d' if i % 2 else 'Conv2d'
        label = f'taille_sortie (configuration aléatoire n° {i + 1}, {kind} de pas > 1)'
        got = C.as_number(C.call(taille_sortie, n, k, s, p, 1, name='taille_sortie'), label)
        got = int(got) if got.is_integer() else got
        C.expect_equal(got, expected, name=label, hint="avec un pas s > 1, on arrondit à l'entier inférieur : ⌊(n − k + 2p)/s⌋ + 1 (division entière `//`, pas `ceil` ni `/`).")

@test_case(points=None, hidden=True)
def test_taille_sortie_dilatation(taille_sortie):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(43)
    for i in range(30):
        k = int(torch.randint(2, 6, (1,), generator=g))
        d = int(torch.randint(2, 5, (1,), generator=g))
        s = int(torch.randint(1, 4, (1,), generator=g))
        p = int(torch.randint(0, 5, (1,), generator=g))
        n = int(torch.randint(d * (k - 1) + 1, 80, (1,), generator=g))
        conv = torch.nn.Conv2d(1, 1, (1, k), stride=(1, s), padding=(0, p), dilation=(1, d), bias=False)
        expected = conv(torch.zeros(1, 1, 1, n)).shape[3]
        label = f'taille_sortie (configuration aléatoire n° {i + 1}, dilatation > 1)'
        got = C.as_number(C.call(taille_sortie, n, k, s, p, d, name='taille_sortie'), label)
        got = int(got) if got.is_integer() else got
        C.expect_equal(got, expected, name=label, hint="un noyau k dilaté d'un facteur d couvre d(k − 1) + 1 pixels : ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1.")

