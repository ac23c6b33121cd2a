from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_exemples_simples(champ_receptif):
    from autograder import checks as C
    for layers, expected in [([], 1), ([(3, 1, 1), (3, 1, 1)], 5), ([(3, 2, 1), (3, 2, 1)], 7), ([(3, 1, 2)], 5)]:
        label = f'champ_receptif({layers})'
        got = C.as_number(C.call(champ_receptif, list(layers), name='champ_receptif'), label)
        C.expect_equal(int(got) if got.is_integer() else got, expected, name=label, reveal=True, hint='r₀ = j₀ = 1 ; r_ℓ = r_{ℓ−1} + d_ℓ(k_ℓ − 1) j_{ℓ−1} ; j_ℓ = j_{ℓ−1} s_ℓ.')

@test_case(points=None, hidden=True)
def test_pas_quelconques_contre_oracle(champ_receptif):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(52)
    for i in range(25):
        depth = int(torch.randint(1, 6, (1,), generator=g))
        layers = [(int(torch.randint(1, 6, (1,), generator=g)), int(torch.randint(1, 4, (1,), generator=g)), 1) for _ in range(depth)]
        if i == 0:
            layers = [(7, 2, 1), (3, 2, 1), (1, 1, 1), (3, 2, 1), (1, 3, 1), (3, 1, 1)]
        label = f'champ_receptif (pile aléatoire n° {i + 1}, pas quelconques, sans dilatation)'
        got = C.as_number(C.call(champ_receptif, list(layers), name='champ_receptif'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field(layers), name=label, hint='la couche ℓ agrandit le champ de (k_ℓ − 1) × j_{ℓ−1}, où le saut j_{ℓ−1} est le produit des pas des couches **précédentes** (mettez le saut à jour après le champ).')

@test_case(points=None, hidden=True)
def test_dilatations_contre_oracle(champ_receptif):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(53)
    for i in range(25):
        depth = int(torch.randint(1, 6, (1,), generator=g))
        layers = [(int(torch.randint(2, 6, (1,), generator=g)), int(torch.randint(1, 3, (1,), generator=g)), int(torch.randint(1, 5, (1,), generator=g))) for _ in range(depth)]
        if i == 0:
            layers = [(3, 1, 1), (3, 1, 2), (3, 1, 4), (3, 1, 8)]
        label = f'champ_receptif (pile aléatoire n° {i + 1}, avec dilatations)'
        got = C.as_number(C.call(champ_receptif, list(layers), name='champ_receptif'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field(layers), name=label, hint="un noyau k dilaté d'un facteur d couvre d(k − 1) + 1 pixels de la carte précédente : il agrandit le champ de d(k − 1) j_{ℓ−1}.")

@test_case(points=None, hidden=True)
def test_champ_receptif_entier(champ_receptif):
    from autograder import checks as C
    from autograder.checks import oracles
    sonde = C.code('def sonde(couches):\n    import numbers\n    r = champ_receptif(couches)\n    return (r, isinstance(r, numbers.Integral) and (not isinstance(r, bool)))', champ_receptif=champ_receptif)
    for layers in ([], [(5, 2, 1), (3, 1, 3), (2, 2, 1)]):
        label = f'champ_receptif({layers})'
        r, entier = C.call(sonde, list(layers), name='champ_receptif')
        got = C.as_number(r, label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.receptive_field(layers), name=label)
        C.expect(entier, f'`{label}` ne renvoie pas un entier.', hint='partez de r₀ = j₀ = 1 (entiers) et restez en arithmétique entière.')

