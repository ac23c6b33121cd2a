from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_patchs_formes(PatchEmbedding):
    import torch
    from autograder import checks as C
    module = C.make_model(PatchEmbedding, 8, 3, 64, name='PatchEmbedding(8, 3, 64)')
    out = C.forward(module, torch.rand(2, 3, 32, 32), name='PatchEmbedding(8, 3, 64)')
    C.expect_shape(out, (2, 16, 64), name='PatchEmbedding(8, 3, 64)(x) pour x de forme (2, 3, 32, 32)', hint="N = (H/P)·(W/P) = 16 jetons de dimension d_model, le lot d'abord.")
    C.expect_equal(C.count_params(module), 8 * 8 * 3 * 64 + 64, name='nombre de paramètres de PatchEmbedding(8, 3, 64)', reveal=True, hint='une seule application affine partagée : E (P²C × d_model) et un biais.')

@test_case(points=None, hidden=True)
def test_patchs_formes_et_parametres(PatchEmbedding):
    import torch
    from autograder import checks as C
    defaut = C.make_model(PatchEmbedding, name='PatchEmbedding()')
    C.expect_shape(C.forward(defaut, torch.rand(1, 3, 32, 32), name='PatchEmbedding()'), (1, 16, 64), name='PatchEmbedding()(x) pour x de forme (1, 3, 32, 32)', hint='valeurs par défaut : taille_patch=8, canaux=3, d_model=64.')
    for P, c, H, W, d in [(4, 3, 8, 12, 10), (2, 1, 6, 4, 5), (5, 2, 10, 15, 7), (3, 4, 9, 6, 8), (16, 3, 32, 16, 12)]:
        label = f'PatchEmbedding(taille_patch={P}, canaux={c}, d_model={d})'
        module = C.make_model(PatchEmbedding, taille_patch=P, canaux=c, d_model=d, name=label)
        out = C.forward(module, torch.rand(3, c, H, W), name=label)
        C.expect_shape(out, (3, H // P * (W // P), d), name=f'{label}(x) pour x de forme (3, {c}, {H}, {W})', hint='N = (H/P)·(W/P) patchs, même pour une image non carrée.')
        C.expect_equal(C.count_params(module), P * P * c * d + d, name=f'nombre de paramètres de {label}', hint='P²·C·d_model poids et d_model biais, partagés par les patchs.')

@test_case(points=None, hidden=True)
def test_patchs_valueerror(PatchEmbedding):
    import torch
    from autograder import checks as C
    exception_levee = C.code("def exception_levee(module, x):\n    try:\n        module(x)\n    except ValueError:\n        return 'ValueError'\n    except Exception as e:\n        return type(e).__name__\n    return None")
    module = C.make_model(PatchEmbedding, 8, 3, 16, name='PatchEmbedding(8, 3, 16)')
    for H, W in ((30, 32), (32, 20), (12, 12)):
        levee = C.call(exception_levee, module, torch.rand(1, 3, H, W), name='PatchEmbedding(8, 3, 16)')
        C.expect(levee == 'ValueError', f"`PatchEmbedding(8, 3, 16)` appliqué à une image {H} × {W} devrait lever une `ValueError` (la taille n'est pas un multiple de 8)" + (f', pas une `{levee}`.' if levee else ' : aucune exception levée.'), hint='testez H % taille_patch et W % taille_patch dans forward et levez ValueError(...) ; une convolution de pas P tronque sans rien dire.')

@test_case(points=None, hidden=True)
def test_patchs_localite_ordre_partage(PatchEmbedding):
    import torch
    from autograder import checks as C

    def plongement_en_double(PatchEmbedding, P, c, d):
        """Le module de l'étudiant construit par mots-clés, converti en float64."""
        label = f'PatchEmbedding(taille_patch={P}, canaux={c}, d_model={d})'
        module = C.make_model(PatchEmbedding, taille_patch=P, canaux=c, d_model=d, name=label)
        return (C.call(module.double, name=f'{label}.double'), label)
    P, c, d = (4, 2, 6)
    module, label = plongement_en_double(PatchEmbedding, P, c, d)
    g = torch.Generator().manual_seed(5)
    x = torch.randn(1, c, 2 * P, 3 * P, generator=g, dtype=torch.float64)
    contenu = torch.randn(c, P, P, generator=g, dtype=torch.float64)
    lot = x.repeat(6, 1, 1, 1)
    for i in range(2):
        for j in range(3):
            lot[i * 3 + j, :, i * P:(i + 1) * P, j * P:(j + 1) * P] = contenu
    base = C.as_tensor(C.forward(module, x, name=label), label)
    out = C.as_tensor(C.forward(module, lot, name=label), label)
    C.expect_shape(out, (6, 6, d), name=f'{label}(x) pour x de forme (6, {c}, 8, 12)')
    for k in range(6):
        i, j = divmod(k, 3)
        autres = [t for t in range(6) if t != k]
        try:
            C.expect_close(out[k, autres], base[0, autres], rtol=1e-09, atol=1e-09, name=f'jetons des autres patchs quand seul le patch ({i}, {j}) change')
        except C.CheckFailure as exc:
            raise C.CheckFailure(exc.summary, exc.details, hint='chaque jeton ne doit dépendre que de son patch, et le patch de la ligne i, colonne j donne le jeton i·(W/P) + j (ligne par ligne) : après une convolution, flatten(2) puis transpose(1, 2) ; un reshape direct mélange les patchs, une transposition de la grille les range colonne par colonne.') from None
        C.expect(float((out[k, k] - base[0, k]).abs().max()) > 1e-06, f"Modifier le patch ({i}, {j}) ne change pas le jeton d'indice {k}.", hint='patch (i, j) → jeton i·(W/P) + j.')
    try:
        C.expect_close(out[torch.arange(6), torch.arange(6)], out[0, 0].expand(6, d), rtol=1e-09, atol=1e-09, name="jetons d'un même contenu de patch placé à chacune des 6 positions")
    except C.CheckFailure as exc:
        raise C.CheckFailure(exc.summary, exc.details, hint='la même projection E (et le même biais) pour tous les patchs, sans dépendance à la position.') from None

@test_case(points=None, hidden=True)
def test_patchs_affine(PatchEmbedding):
    import torch
    from autograder import checks as C

    def plongement_en_double(PatchEmbedding, P, c, d):
        """Le module de l'étudiant construit par mots-clés, converti en float64."""
        label = f'PatchEmbedding(taille_patch={P}, canaux={c}, d_model={d})'
        module = C.make_model(PatchEmbedding, taille_patch=P, canaux=c, d_model=d, name=label)
        return (C.call(module.double, name=f'{label}.double'), label)
    module, label = plongement_en_double(PatchEmbedding, 4, 3, 8)
    g = torch.Generator().manual_seed(6)
    x = torch.randn(2, 3, 16, 8, generator=g, dtype=torch.float64)
    y = torch.randn(2, 3, 16, 8, generator=g, dtype=torch.float64)
    C.expect_affine(module, x, y, name=label, affine=True, hint="la projection d'un patch est affine (x ↦ xE + b) : pas de non-linéarité ni de normalisation dans PatchEmbedding.")

