from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_remarque_du_cours(nb_parametres_conv2d):
    from autograder import checks as C
    label = 'nb_parametres_conv2d(3, 64, 3, biais=False)'
    got = C.as_number(C.call(nb_parametres_conv2d, 3, 64, 3, biais=False, name='nb_parametres_conv2d'), label)
    C.expect_equal(int(got) if got.is_integer() else got, 1728, name=label, reveal=True, hint='3 × 3 × 3 × 64 poids (remarque 4.2 du cours).')
    label = 'nb_parametres_conv2d(3, 32, 5)'
    got = C.as_number(C.call(nb_parametres_conv2d, 3, 32, 5, name='nb_parametres_conv2d'), label)
    C.expect_equal(int(got) if got.is_integer() else got, 2432, name=label, reveal=True, hint='C_out × (C_in k² + 1) avec le biais.')

@test_case(points=None, hidden=True)
def test_parametres_contre_pytorch(nb_parametres_conv2d):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(44)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))
    for i in range(30):
        c_in, c_out, k_h = (tirage(1, 70), tirage(1, 90), tirage(1, 8))
        k_w = k_h if i % 3 else tirage(1, 8)
        bias = bool(i % 2)
        noyau = k_h if k_h == k_w and i % 3 else (k_h, k_w)
        label = f"nb_parametres_conv2d (configuration aléatoire n° {i + 1}, {('avec' if bias else 'sans')} biais)"
        got = C.as_number(C.call(nb_parametres_conv2d, c_in, c_out, noyau, biais=bias, name='nb_parametres_conv2d'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.conv2d_parameter_count(c_in, c_out, (k_h, k_w), bias), name=label, hint='C_out × C_in × k_H × k_W poids, plus C_out biais si biais=True (et aucun sinon) ; le noyau peut être un entier ou un couple.')

@test_case(points=None, hidden=True)
def test_parametres_groupes(nb_parametres_conv2d):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(45)

    def tirage(a, b):
        return int(torch.randint(a, b, (1,), generator=g))
    for i in range(24):
        groups = tirage(2, 9)
        c_in, c_out = (groups * tirage(1, 9), groups * tirage(1, 9))
        if i % 4 == 0:
            groups, c_out = (c_in, 2 * c_in)
        k, bias = (tirage(1, 6), bool(i % 2))
        label = f'nb_parametres_conv2d (configuration aléatoire n° {i + 1}, groupes > 1)'
        got = C.as_number(C.call(nb_parametres_conv2d, c_in, c_out, k, biais=bias, groupes=groups, name='nb_parametres_conv2d'), label)
        C.expect_equal(int(got) if got.is_integer() else got, oracles.conv2d_parameter_count(c_in, c_out, k, bias, groups), name=label, hint='avec g groupes, chaque filtre ne voit que C_in/g canaux : C_out × (C_in/g) × k² poids (+ C_out biais).')

