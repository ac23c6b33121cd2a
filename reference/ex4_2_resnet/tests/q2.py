from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_resnet_forme(MiniResNet8):
    import torch
    from autograder import checks as C
    model = C.make_model(MiniResNet8, name='MiniResNet8()')
    out = C.forward(model, torch.rand(2, 3, 32, 32), name='MiniResNet8()')
    C.expect_shape(out, (2, 10), name='MiniResNet8()(x)')
    w = 16
    attendu = 27 * w + 2 * w + (9 * w * w + 9 * w * w + 4 * w) + (9 * w * 2 * w + 9 * 4 * w * w + 8 * w + 2 * w * w + 4 * w) + (9 * 2 * w * 4 * w + 9 * 16 * w * w + 16 * w + 8 * w * w + 8 * w) + 4 * w * 10 + 10
    C.expect_equal(C.count_params(model), attendu, name='nombre de paramètres de MiniResNet8()', reveal=True, hint='tête Conv3×3 + BN, trois blocs (les deux derniers avec projection), Linear(4·largeur, 10).')

@test_case(points=None, hidden=True)
def test_resnet_tailles(MiniResNet8):
    import torch
    from autograder import checks as C

    def bloc(ce, cs, projection):
        return 9 * ce * cs + 9 * cs * cs + 4 * cs + (ce * cs + 2 * cs if projection else 0)
    for k, w, res in [(10, 8, True), (7, 12, True), (10, 16, False), (4, 6, False)]:
        label = f'MiniResNet8(nb_classes={k}, largeur={w}, residuel={res})'
        model = C.make_model(MiniResNet8, nb_classes=k, largeur=w, residuel=res, name=label)
        out = C.forward(model, torch.rand(3, 3, 24, 20), name=label)
        C.expect_shape(out, (3, k), name=f'{label}(x) pour x de forme (3, 3, 24, 20)', hint='moyenne globale sur les deux axes spatiaux avant la couche linéaire.')
        attendu = 27 * w + 2 * w + bloc(w, w, False) + bloc(w, 2 * w, res) + bloc(2 * w, 4 * w, res) + 4 * w * k + k
        C.expect_equal(C.count_params(model), attendu, name=f'nombre de paramètres de {label}', hint='largeurs w, 2w, 4w ; projections seulement avec residuel=True ; Linear(4w, nb_classes).')

@test_case(points=None, hidden=True)
def test_resnet_contre_reference(MiniResNet8):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(12)
    for k, w, res in [(7, 6, True), (10, 4, False)]:
        label = f'MiniResNet8(nb_classes={k}, largeur={w}, residuel={res})'
        model = C.make_model(MiniResNet8, nb_classes=k, largeur=w, residuel=res, name=label)
        model = C.call(model.double, name=f'{label}.double')
        etat = C.call(model.state_dict, name=f'{label}.state_dict')
        C.call(model.load_state_dict, oracles.seeded_state(etat), name=f'{label}.load_state_dict')
        x = torch.rand(3, 3, 12, 10, generator=g, dtype=torch.float64)
        stats = {}
        for mode, quand in [('eval', 'en mode eval'), ('train', 'en mode train'), ('eval', 'en mode eval après une passe en mode train')]:
            C.call(getattr(model, mode), name=f'{label}.{mode}')
            out = C.forward(model, x.clone(), name=label)
            attendu = oracles.seeded_mini_resnet8(x, k, w, res, mode == 'train', stats)
            C.expect_close(out, attendu, name=f'{label}(x) {quand} (poids fixés par le correcteur)', hint='tête Conv3×3 → BN → ReLU, blocs (w, w, 1), (w, 2w, 2), (2w, 4w, 2), moyenne sur les axes spatiaux (H, W) puis Linear, sans activation sur les logits.')

