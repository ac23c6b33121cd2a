from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_plongement_forme(PlongementPatchs):
    import torch
    from autograder import checks as C
    emb = C.make_model(PlongementPatchs, 4, 3, 32, name='PlongementPatchs(4, 3, 32)')
    out = C.forward(emb, torch.rand(2, 3, 32, 32), name='PlongementPatchs(4, 3, 32)')
    C.expect_shape(out, (2, 64, 32), name='PlongementPatchs(4, 3, 32)(x)', hint='N = (32/4)² = 64 jetons de dimension 32.')
    C.expect_equal(C.count_params(emb), (3 * 4 * 4 + 1) * 32, name='nombre de paramètres de PlongementPatchs(4, 3, 32)', reveal=True, hint='une seule projection linéaire (C·p² → dim, avec biais) pour tous les patchs.')

@test_case(points=None, hidden=True)
def test_plongement_tailles(PlongementPatchs):
    import torch
    from autograder import checks as C
    for p, c, d, h in [(2, 3, 16, 32), (8, 3, 24, 32), (16, 3, 8, 32), (7, 1, 12, 28)]:
        label = f'PlongementPatchs({p}, {c}, {d})'
        emb = C.make_model(PlongementPatchs, p, c, d, name=label)
        out = C.forward(emb, torch.rand(2, c, h, h), name=label)
        C.expect_shape(out, (2, (h // p) ** 2, d), name=f'{label}(x) pour des images {h}×{h}', hint='N = (H/p)·(W/p) jetons, chacun de dimension dim.')
        C.expect_equal(C.count_params(emb), (c * p * p + 1) * d, name=f'nombre de paramètres de {label}', hint='une seule projection linéaire (C·p² → dim, avec biais).')

@test_case(points=None, hidden=True)
def test_plongement_localite_et_ordre(PlongementPatchs):
    import torch
    from autograder import checks as C
    torch.manual_seed(5)
    emb = C.make_model(PlongementPatchs, 4, 3, 16, name='PlongementPatchs(4, 3, 16)')
    g = torch.Generator().manual_seed(21)
    x = torch.rand(2, 3, 32, 32, generator=g)
    base = C.as_tensor(C.forward(emb, x, name='PlongementPatchs(4, 3, 16)'), name='jetons')
    C.expect_shape(base, (2, 64, 16), name='PlongementPatchs(4, 3, 16)(x)')
    for i, j in [(2, 5), (6, 1)]:
        x2 = x.clone()
        x2[:, :, 4 * i:4 * i + 4, 4 * j:4 * j + 4] = torch.rand(2, 3, 4, 4, generator=g)
        out = C.as_tensor(C.forward(emb, x2, name='PlongementPatchs(4, 3, 16)'), name='jetons')
        k = 8 * i + j
        others = [t for t in range(64) if t != k]
        C.expect_close(out[:, others], base[:, others], rtol=1e-05, atol=1e-05, name=f'jetons autres que {k} quand seul le patch (ligne {i}, colonne {j}) change', hint='chaque jeton ne doit dépendre que des pixels de son patch, lus ligne par ligne : un simple `reshape(B, N, C·p·p)` mélange des pixels de patchs différents (il faut un `permute`).')
        C.expect(float((out[:, k] - base[:, k]).abs().max()) > 0.0001, f'Le jeton {k} ne change pas quand on modifie le patch (ligne {i}, colonne {j}).', hint='le jeton i·(W/p) + j correspond au patch de la ligne i, colonne j.')

@test_case(points=None, hidden=True)
def test_plongement_partage_et_lineaire(PlongementPatchs):
    import torch
    from autograder import checks as C
    torch.manual_seed(6)
    emb = C.make_model(PlongementPatchs, 8, 3, 20, name='PlongementPatchs(8, 3, 20)')
    g = torch.Generator().manual_seed(22)
    patch = torch.rand(2, 3, 8, 8, generator=g)

    def jetons(x):
        return C.as_tensor(C.forward(emb, x, name='PlongementPatchs(8, 3, 20)'), name='jetons')
    tiled = jetons(patch.repeat(1, 1, 4, 4))
    C.expect_shape(tiled, (2, 16, 20), name='PlongementPatchs(8, 3, 20)(x)')
    C.expect_close(tiled, tiled[:, :1].expand(2, 16, 20), rtol=1e-05, atol=1e-05, name="jetons d'une image formée de 16 copies du même patch", hint='la même projection doit être appliquée à tous les patchs.')
    x1, x2 = (torch.rand(2, 3, 32, 32, generator=g), torch.rand(2, 3, 32, 32, generator=g))
    y1, y2 = (jetons(x1), jetons(x2))
    C.expect_close(jetons(0.3 * x1 + 0.7 * x2), 0.3 * y1 + 0.7 * y2, rtol=0.0001, atol=0.0001, name='PlongementPatchs(0.3·x1 + 0.7·x2)', hint='le plongement est une projection linéaire (affine), sans activation.')

