from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_bloc_formes(BlocResiduel):
    import torch
    from autograder import checks as C
    for ce, cs, pas, sortie in [(16, 16, 1, (2, 16, 8, 8)), (16, 32, 2, (2, 32, 4, 4))]:
        label = f'BlocResiduel({ce}, {cs}, pas={pas})'
        bloc = C.make_model(BlocResiduel, ce, cs, pas, name=label)
        out = C.forward(bloc, torch.rand(2, ce, 8, 8), name=label)
        C.expect_shape(out, sortie, name=f'{label}(x)')
    bloc = C.make_model(BlocResiduel, 16, 32, 2, name='BlocResiduel(16, 32, pas=2)')
    C.expect_equal(C.count_params(bloc), 9 * 16 * 32 + 9 * 32 * 32 + 4 * 32 + 16 * 32 + 2 * 32, name='nombre de paramètres de BlocResiduel(16, 32, pas=2)', reveal=True, hint='deux Conv3×3 sans biais, deux BatchNorm, et une projection Conv1×1 (sans biais) + BatchNorm puisque les dimensions changent.')

@test_case(points=None, hidden=True)
def test_bloc_formes_et_parametres(BlocResiduel):
    import torch
    from autograder import checks as C
    configs = [(8, 8, 1, True), (8, 16, 1, True), (16, 16, 2, True), (3, 10, 2, True), (6, 12, 3, True), (8, 16, 2, False), (12, 12, 2, False)]
    for ce, cs, pas, res in configs:
        label = f'BlocResiduel({ce}, {cs}, pas={pas}, residuel={res})'
        bloc = C.make_model(BlocResiduel, ce, cs, pas, residuel=res, name=label)
        try:
            out = C.forward(bloc, torch.rand(3, ce, 13, 10), name=label)
        except C.CheckFailure as exc:
            raise C.CheckFailure(exc.summary, exc.details, hint="quand le pas vaut 2 ou que les canaux changent, F(x) et x n'ont plus la même forme : il faut une projection Conv1×1 de même pas que le bloc (et aucun raccourci si residuel=False).") from None
        h, w = ((13 - 1) // pas + 1, (10 - 1) // pas + 1)
        C.expect_shape(out, (3, cs, h, w), name=f'{label}(x) pour x de forme (3, {ce}, 13, 10)', hint='Conv3×3 avec padding=1 et le pas du bloc, puis Conv3×3 de pas 1.')
        projection = res and (pas != 1 or ce != cs)
        attendu = 9 * ce * cs + 9 * cs * cs + 4 * cs + (ce * cs + 2 * cs if projection else 0)
        C.expect_equal(C.count_params(bloc), attendu, name=f'nombre de paramètres de {label}', hint='convolutions sans biais ; projection Conv1×1 + BatchNorm si et seulement si residuel=True et (pas ≠ 1 ou canaux différents).')

@test_case(points=None, hidden=True)
def test_bloc_raccourci_identite(BlocResiduel):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(3)
    annuler = C.code('def annuler(bloc):\n    with torch.no_grad():\n        for p in bloc.parameters():\n            if p.dim() == 1:\n                p.zero_()')
    for c in (8, 5):
        label = f'BlocResiduel({c}, {c}, pas=1)'
        bloc = C.make_model(BlocResiduel, c, c, 1, name=label)
        C.call(annuler, bloc, name=f'{label}.parameters')
        x = torch.randn(4, c, 7, 9, generator=g)
        for mode in ('train', 'eval'):
            C.call(getattr(bloc, mode), name=f'{label}.{mode}')
            out = C.forward(bloc, x.clone(), name=label)
            C.expect_close(out, torch.relu(x), name=f'{label}(x) en mode {mode} avec γ = β = 0 dans les BatchNorm', hint="la branche résiduelle est nulle : le raccourci doit être l'identité (pas de projection quand les dimensions sont égales) et la ReLU s'applique après l'addition : y = ReLU(F(x) + x), pas ReLU(F(x)) + x.")

@test_case(points=None, hidden=True)
def test_bloc_contre_reference(BlocResiduel):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(11)
    for ce, cs, pas, res in [(6, 6, 1, True), (6, 10, 1, True), (6, 6, 2, True), (4, 8, 2, True), (5, 7, 2, False)]:
        label = f'BlocResiduel({ce}, {cs}, pas={pas}, residuel={res})'
        bloc = C.make_model(BlocResiduel, ce, cs, pas, residuel=res, name=label)
        bloc = C.call(bloc.double, name=f'{label}.double')
        etat = C.call(bloc.state_dict, name=f'{label}.state_dict')
        C.call(bloc.load_state_dict, oracles.seeded_state(etat), name=f'{label}.load_state_dict')
        x = torch.randn(3, ce, 9, 7, generator=g, dtype=torch.float64)
        stats = {}
        for mode, quand in [('eval', 'en mode eval'), ('train', 'en mode train'), ('eval', 'en mode eval après une passe en mode train')]:
            C.call(getattr(bloc, mode), name=f'{label}.{mode}')
            try:
                out = C.forward(bloc, x.clone(), name=label)
            except C.CheckFailure as exc:
                raise C.CheckFailure(exc.summary, exc.details, hint='quand le pas vaut 2 ou que les canaux changent, il faut une projection Conv1×1 de même pas que le bloc.') from None
            attendu = oracles.seeded_residual_block(x, cs, pas, res, mode == 'train', stats)
            C.expect_close(out, attendu, name=f'{label}(x) {quand} (poids fixés par le correcteur)', hint='ordre Conv3×3(pas) → BN → ReLU → Conv3×3 → BN, addition du raccourci (identité ou Conv1×1(pas) → BN) puis ReLU ; BatchNorm2d avec ses réglages par défaut ; avec residuel=False, y = ReLU(F(x)).')

@test_case(points=None, hidden=True)
def test_bloc_arguments_nommes_et_defauts(BlocResiduel):
    import torch
    from autograder import checks as C
    cas = [({'canaux_entree': 6, 'canaux_sortie': 6}, 6, 6, 1, False), ({'canaux_entree': 6, 'canaux_sortie': 10}, 6, 10, 1, True), ({'canaux_entree': 4, 'canaux_sortie': 4, 'pas': 2}, 4, 4, 2, True), ({'canaux_entree': 5, 'canaux_sortie': 8, 'pas': 2, 'residuel': False}, 5, 8, 2, False)]
    for kwargs, ce, cs, pas, projection in cas:
        label = 'BlocResiduel(' + ', '.join((f'{k}={v}' for k, v in kwargs.items())) + ')'
        bloc = C.make_model(BlocResiduel, **kwargs, name=label)
        out = C.forward(bloc, torch.rand(2, ce, 9, 6), name=label)
        C.expect_shape(out, (2, cs, (9 - 1) // pas + 1, (6 - 1) // pas + 1), name=f'{label}(x) pour x de forme (2, {ce}, 9, 6)', hint="arguments de l'énoncé : canaux_entree, canaux_sortie, pas=1, residuel=True.")
        attendu = 9 * ce * cs + 9 * cs * cs + 4 * cs + (ce * cs + 2 * cs if projection else 0)
        C.expect_equal(C.count_params(bloc), attendu, name=f'nombre de paramètres de {label}', hint="valeurs par défaut de l'énoncé : pas=1, residuel=True.")

