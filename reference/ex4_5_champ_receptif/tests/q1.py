from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_remarque_du_cours(champ_receptif_pas_unitaire):
    from autograder import checks as C
    for n, expected in [(2, 5), (3, 7)]:
        label = f'champ_receptif_pas_unitaire({n}, 3)'
        got = C.as_number(C.call(champ_receptif_pas_unitaire, n, 3, name='champ_receptif_pas_unitaire'), label)
        C.expect_equal(int(got) if got.is_integer() else got, expected, name=label, reveal=True, hint='chaque convolution 3 × 3 de pas 1 agrandit le champ de 2 pixels.')

@test_case(points=None, hidden=True)
def test_pas_unitaire_contre_oracle(champ_receptif_pas_unitaire):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(51)
    for i in range(20):
        n = int(torch.randint(1, 9, (1,), generator=g))
        k = int(torch.randint(1, 8, (1,), generator=g))
        if i == 0:
            n, k = (4, 1)
        label = f'champ_receptif_pas_unitaire (configuration aléatoire n° {i + 1})'
        got = C.as_number(C.call(champ_receptif_pas_unitaire, n, k, name='champ_receptif_pas_unitaire'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field([(k, 1, 1)] * n), name=label, hint="une couche de noyau k ajoute k − 1 pixels au champ (et non k) : une seule couche voit k pixels, une convolution 1 × 1 n'agrandit rien.")

@test_case(points=None, hidden=True)
def test_pas_unitaire_entier(champ_receptif_pas_unitaire):
    from autograder import checks as C
    sonde = C.code('def sonde(n, k):\n    import numbers\n    r = champ_receptif_pas_unitaire(n, k)\n    return (r, isinstance(r, numbers.Integral) and (not isinstance(r, bool)))', champ_receptif_pas_unitaire=champ_receptif_pas_unitaire)
    for n, k in [(3, 5), (1, 1)]:
        label = f'champ_receptif_pas_unitaire({n}, {k})'
        r, entier = C.call(sonde, n, k, name='champ_receptif_pas_unitaire')
        got = C.as_number(r, label)
        C.expect_equal(int(got) if got.is_integer() else got, n * (k - 1) + 1, name=label)
        C.expect(entier, f'`{label}` ne renvoie pas un entier.', hint='le champ réceptif est un nombre entier de pixels : renvoyez un `int`.')

