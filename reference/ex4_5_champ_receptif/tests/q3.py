from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_debut_du_chemin(couches_resnet):
    from autograder import checks as C
    layers = C.call(couches_resnet, 18, (False, False, False), name='couches_resnet')
    C.expect(isinstance(layers, (list, tuple)) and len(layers) >= 2, '`couches_resnet` doit renvoyer une liste de triplets (noyau, pas, dilatation).')
    C.expect(all((isinstance(t, (list, tuple)) and len(t) == 3 for t in layers)), 'Chaque couche est un triplet (noyau, pas, dilatation).', hint='lisez conv.kernel_size[0], conv.stride[0], conv.dilation[0].')
    start = [tuple((int(C.as_number(v, 'couches_resnet(18)')) for v in t)) for t in layers[:2]]
    C.expect_equal(start, [(7, 2, 1), (3, 2, 1)], name='couches_resnet(18)[:2]', reveal=True, hint='le chemin commence par conv1 (7 × 7, pas 2) puis maxpool (3 × 3, pas 2).')

@test_case(points=None, hidden=True)
def test_resnet50(couches_resnet, champ_receptif):
    from autograder import checks as C
    from autograder.checks import oracles
    ref = oracles.resnet_main_path(50)
    layers = C.call(couches_resnet, 50, (False, False, False), name='couches_resnet')
    C.expect(isinstance(layers, (list, tuple)) and all((isinstance(t, (list, tuple)) and len(t) == 3 for t in layers)), '`couches_resnet(50)` doit renvoyer une liste de triplets (noyau, pas, dilatation).')
    got = [tuple((int(C.as_number(v, 'couches_resnet(50)')) for v in t)) for t in layers]
    got_main = [t for t in got if t[:2] != (1, 1)]
    ref_main = [t for t in ref if t[:2] != (1, 1)]
    hint = "conv1, maxpool, puis les convolutions de chacun des 3 + 4 + 6 + 3 blocs, dans l'ordre ; le pas des étages 2 à 4 est porté par la convolution 3 × 3 (conv2) du premier bloc ; n'incluez pas les raccourcis (downsample)."
    C.expect(len(got_main) == len(ref_main), f"`couches_resnet(50)` contient {len(got_main)} couches (sans compter les convolutions 1 × 1 de pas 1), ce n'est pas le nombre attendu.", hint=hint)
    for i, (a, b) in enumerate(zip(got_main, ref_main, strict=True)):
        C.expect_equal(a, b, name=f'couches_resnet(50), couche n° {i + 1} (sans compter les convolutions 1 × 1 de pas 1)', hint=hint)
    r = C.as_number(C.call(champ_receptif, list(got), name='champ_receptif'), 'champ_receptif(couches_resnet(50))')
    C.expect_equal(int(r) if r.is_integer() else r, oracles.receptive_field(ref), name='champ_receptif(couches_resnet(50))', hint='le saut vaut 32 à la fin du réseau : les dernières convolutions 3 × 3 ajoutent chacune 2 × 32 pixels.')

@test_case(points=None, hidden=True)
def test_autres_profondeurs_et_dilatations(couches_resnet):
    from autograder import checks as C
    from autograder.checks import oracles
    configs = [(18, (False, False, False)), (34, (False, False, False)), (101, (False, False, False)), (50, (False, True, True)), (50, (False, False, True)), (101, (True, True, True))]
    for depth, dilate in configs:
        ref = oracles.resnet_main_path(depth, dilate)
        label = f'couches_resnet({depth}, dilatation={dilate})'
        layers = C.call(couches_resnet, depth, dilate, name='couches_resnet')
        C.expect(isinstance(layers, (list, tuple)) and all((isinstance(t, (list, tuple)) and len(t) == 3 for t in layers)), f'`{label}` doit renvoyer une liste de triplets (noyau, pas, dilatation).')
        got = [tuple((int(C.as_number(v, label)) for v in t)) for t in layers]
        got_main = [t for t in got if t[:2] != (1, 1)]
        ref_main = [t for t in ref if t[:2] != (1, 1)]
        hint = 'construisez le réseau demandé (profondeur, et replace_stride_with_dilation pour 50 et 101) et parcourez ses blocs : BasicBlock (conv1, conv2) pour 18 et 34, Bottleneck (conv1, conv2, conv3) au-delà ; lisez aussi la dilatation.'
        C.expect(len(got_main) == len(ref_main), f"`{label}` contient {len(got_main)} couches (sans compter les convolutions 1 × 1 de pas 1), ce n'est pas le nombre attendu.", hint=hint)
        for i, (a, b) in enumerate(zip(got_main, ref_main, strict=True)):
            C.expect_equal(a, b, name=f'{label}, couche n° {i + 1} (sans compter les convolutions 1 × 1 de pas 1)', hint=hint)

@test_case(points=None, hidden=True)
def test_couches_resnet_par_defaut(couches_resnet):
    from autograder import checks as C
    from autograder.checks import oracles
    ref = [t for t in oracles.resnet_main_path(50) if t[:2] != (1, 1)]
    layers = C.call(couches_resnet, name='couches_resnet')
    C.expect(isinstance(layers, (list, tuple)) and all((isinstance(t, (list, tuple)) and len(t) == 3 for t in layers)), '`couches_resnet()` doit renvoyer une liste de triplets (noyau, pas, dilatation).')
    got = [tuple((int(C.as_number(v, 'couches_resnet()')) for v in t)) for t in layers]
    C.expect([t for t in got if t[:2] != (1, 1)] == ref, '`couches_resnet()` (valeurs par défaut) ne renvoie pas le chemin principal du ResNet-50 sans dilatation.', hint="valeurs par défaut de l'énoncé : profondeur=50, dilatation=(False, False, False).")

