from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_meilleure_et_normalisation(meilleure_configuration, normaliser):
    import torch
    from autograder import checks as C
    table = torch.tensor([[0.9, 0.95, 0.91], [0.93, 0.92, 0.8]])
    best = C.call(meilleure_configuration, table.clone(), [1, 2], [32, 64, 128], name='meilleure_configuration')
    C.expect(isinstance(best, tuple) and len(best) == 3, '`meilleure_configuration` doit renvoyer un triplet (profondeur, largeur, precision).')
    C.expect_scalar_close(best[0], 1, name='profondeur', reveal=True)
    C.expect_scalar_close(best[1], 64, name='largeur', reveal=True)
    C.expect_scalar_close(best[2], 0.95, name='precision', rtol=1e-06, reveal=True)
    n = C.as_tensor(C.call(normaliser, table.clone(), name='normaliser'), name='normaliser')
    C.expect_close(n.to(torch.float64), (table.double() - 0.8) / 0.15, rtol=1e-05, atol=1e-05, name='normaliser(table)', reveal=True)

@test_case(points=None, hidden=True)
def test_meilleure_configuration_rectangulaire(meilleure_configuration):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(7)
    depths, widths = ([2, 3, 5], [32, 64, 100, 256, 512])
    for target in [(2, 1), (0, 4), (1, 3)]:
        table = 0.8 + 0.1 * torch.rand(3, 5, generator=g, dtype=torch.float64)
        table[target] = 0.97
        best = C.call(meilleure_configuration, table.clone(), list(depths), list(widths), name='meilleure_configuration')
        C.expect(isinstance(best, tuple) and len(best) == 3, '`meilleure_configuration` doit renvoyer un triplet (profondeur, largeur, precision).')
        C.expect_scalar_close(best[0], depths[target[0]], name='profondeur de la meilleure case', hint="renvoyez la profondeur (valeur), pas l'indice ; pour un tableau non carré, la ligne vaut k // nombre de colonnes.")
        C.expect_scalar_close(best[1], widths[target[1]], name='largeur de la meilleure case', hint="renvoyez la largeur (valeur), pas l'indice.")
        C.expect_scalar_close(best[2], 0.97, name='precision de la meilleure case')

@test_case(points=None, hidden=True)
def test_meilleure_configuration_egalites(meilleure_configuration):
    import torch
    from autograder import checks as C
    depths, widths = ([1, 2, 4], [32, 64, 128, 256])
    cases = [[(0, 3), (1, 1), (2, 0)], [(1, 2), (2, 1), (2, 3)], [(0, 0), (2, 3)]]
    for ties in cases:
        table = torch.full((3, 4), 0.85, dtype=torch.float64)
        table[1, 0] = 0.9
        for ij in ties:
            table[ij] = 0.96
        best = C.call(meilleure_configuration, table.clone(), list(depths), list(widths), name='meilleure_configuration')
        C.expect(isinstance(best, tuple) and len(best) == 3, '`meilleure_configuration` doit renvoyer un triplet (profondeur, largeur, precision).')
        i, j = ties[0]
        name = "meilleure case en cas d'égalité"
        hint = "en cas d'égalité, gardez la première case dans l'ordre de lecture ligne par ligne."
        C.expect_scalar_close(best[0], depths[i], name=f'profondeur de la {name}', hint=hint)
        C.expect_scalar_close(best[1], widths[j], name=f'largeur de la {name}', hint=hint)

@test_case(points=None, hidden=True)
def test_normaliser_tableau_entier(normaliser):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(11)
    table = 0.5 + 0.5 * torch.rand(4, 6, generator=g, dtype=torch.float64)
    expected = (table - table.min()) / (table.max() - table.min())
    got = C.as_tensor(C.call(normaliser, table.clone(), name='normaliser'), name='normaliser')
    C.expect_close(got.to(torch.float64), expected, rtol=1e-05, atol=1e-06, name='normaliser(tableau 4 × 6)', hint='min et max sur tout le tableau, pas ligne par ligne.')
    flat = C.as_tensor(C.call(normaliser, torch.full((2, 3), 0.9, dtype=torch.float64), name='normaliser'), name='normaliser')
    C.expect_close(flat.to(torch.float64), torch.zeros(2, 3, dtype=torch.float64), rtol=0.0, atol=1e-12, name='normaliser(tableau constant)', hint='si max = min, renvoyez des zéros plutôt que 0/0.')

