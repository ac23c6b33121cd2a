from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_table_croissante(table_parametres):
    from autograder import checks as C
    t = C.as_tensor(C.call(table_parametres, [1, 2, 3, 4, 5, 6], [32, 64, 128, 256, 512], name='table_parametres'), name='table_parametres')
    C.expect_shape(t, (6, 5), name='table_parametres(profondeurs, largeurs)', hint='une ligne par profondeur, une colonne par largeur.')
    C.expect(bool((t[:, 1:] > t[:, :-1]).all()), "`table_parametres` n'est pas strictement croissante le long des lignes (largeur).")
    C.expect(bool((t[1:, :] > t[:-1, :]).all()), "`table_parametres` n'est pas strictement croissante le long des colonnes (profondeur).", hint='la case [i, j] correspond à (profondeurs[i], largeurs[j]).')

@test_case(points=None, hidden=True)
def test_table_forme_close(table_parametres):
    import torch
    from autograder import checks as C
    depths, widths = ([1, 4, 6], [32, 48, 200, 512])
    t = C.as_tensor(C.call(table_parametres, list(depths), list(widths), name='table_parametres'), name='table_parametres')
    expected = torch.tensor([[784 * w + w + (p - 1) * (w * w + w) + 10 * w + 10 for w in widths] for p in depths], dtype=torch.float64)
    C.expect_close(t.to(torch.float64), expected, name='table_parametres([1, 4, 6], …)', rtol=0.0, atol=0.5, hint='case [i, j] = paramètres de creer_mlp(profondeurs[i], largeurs[j]).')

@test_case(points=None, hidden=True)
def test_table_d_entiers(table_parametres):
    import torch
    from autograder import checks as C
    t = C.as_tensor(C.call(table_parametres, [1, 3], [32, 64], name='table_parametres'), name='table_parametres')
    C.expect(not (t.is_floating_point() or t.is_complex() or t.dtype == torch.bool), f"`table_parametres` devrait renvoyer un tenseur d'entiers, pas de type `{t.dtype}`.", hint='créez le tableau avec `dtype=torch.int64` (ou `torch.long`).')

