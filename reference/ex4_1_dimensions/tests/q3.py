from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_premiere_couche(dimensions_pile):
    from autograder import checks as C
    C.expect_not_using(dimensions_pile, {'Conv2d', 'conv2d', 'MaxPool2d', 'max_pool2d', 'AdaptiveAvgPool2d', 'adaptive_avg_pool2d', 'Sequential'}, name='dimensions_pile', hint='calculez les tailles avec `taille_sortie` et `nb_parametres_conv2d`, sans construire le réseau.')
    layers = C.call(dimensions_pile, 128, 128, name='dimensions_pile')
    C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5, '`dimensions_pile` doit renvoyer une liste de 5 quadruplets, un par couche.')
    first = layers[0]
    C.expect(isinstance(first, (list, tuple)) and len(first) == 4, 'Chaque couche est décrite par (canaux, hauteur, largeur, nb_parametres).')
    values = [C.as_number(v, 'dimensions_pile(128, 128)[0]') for v in first]
    got = tuple((int(v) if v.is_integer() else v for v in values))
    C.expect_equal(got, (32, 128, 128, 2432), name='dimensions_pile(128, 128)[0]', reveal=True, hint='Conv2d(3, 32, 5, padding=2) conserve la taille : (128 − 5 + 4)/1 + 1 = 128, et 32 × (3 × 25 + 1) paramètres.')

@test_case(points=None, hidden=True)
def test_pile_par_defaut_et_entiers(dimensions_pile):
    from torch import nn
    from autograder import checks as C
    from autograder.checks import oracles
    sonde = C.code('def sonde():\n    import numbers\n    couches = dimensions_pile()\n    types = [isinstance(v, numbers.Integral) and (not isinstance(v, bool)) for c in couches for v in c] if isinstance(couches, list | tuple) else [False]\n    return (couches, all(types))', dimensions_pile=dimensions_pile)
    stack = [nn.Conv2d(3, 32, 5, padding=2, stride=1), nn.MaxPool2d(2, 2), nn.Conv2d(32, 64, 3, padding=0, stride=2), nn.Conv2d(64, 128, 3, padding=1, stride=1), nn.AdaptiveAvgPool2d(1)]
    layers, entiers = C.call(sonde, name='dimensions_pile')
    C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5, '`dimensions_pile()` (valeurs par défaut) doit renvoyer une liste de 5 quadruplets.', hint="valeurs par défaut de l'énoncé : hauteur=128, largeur=128.")
    for i, expected in enumerate(oracles.stack_dimensions(stack, 3, 128, 128)):
        label = f'dimensions_pile()[{i}] (valeurs par défaut, couche {i + 1})'
        C.expect(isinstance(layers[i], (list, tuple)) and len(layers[i]) == 4, f'`{label}` doit être un quadruplet (canaux, hauteur, largeur, nb_parametres).')
        values = [C.as_number(v, label) for v in layers[i]]
        got = tuple((int(v) if v.is_integer() else v for v in values))
        C.expect_equal(got, expected, name=label, hint="valeurs par défaut de l'énoncé : hauteur=128, largeur=128.")
    C.expect(entiers, "`dimensions_pile()` renvoie des quadruplets qui ne sont pas formés d'entiers.", hint='canaux, tailles et nombres de paramètres sont des `int` (division entière `//`).')

@test_case(points=None, hidden=True)
def test_pile_128(dimensions_pile):
    from torch import nn
    from autograder import checks as C
    tailles = '128'
    from autograder.checks import oracles
    stack = [nn.Conv2d(3, 32, 5, padding=2, stride=1), nn.MaxPool2d(2, 2), nn.Conv2d(32, 64, 3, padding=0, stride=2), nn.Conv2d(64, 128, 3, padding=1, stride=1), nn.AdaptiveAvgPool2d(1)]
    hints = ["Conv2d(3, 32, 5, padding=2, stride=1) conserve la taille (le padding s'ajoute des deux côtés) ; 32 × (3 × 5 × 5 + 1) paramètres.", "MaxPool2d(2, 2) divise H et W par 2 (à l'entier inférieur) et n'a aucun paramètre.", "Conv2d(32, 64, 3, padding=0, stride=2) : ⌊(H − 3)/2⌋ + 1 (à l'entier inférieur), 64 × (32 × 9 + 1) paramètres.", 'Conv2d(64, 128, 3, padding=1) conserve la taille ; 128 × (64 × 9 + 1) paramètres.', "AdaptiveAvgPool2d(1) donne une sortie 1 × 1 quelle que soit l'entrée, sans paramètre."]
    carre = tailles == '128'
    for h, w in [(128, 128)] if carre else [(97, 130), (41, 24), (224, 65), (13, 10)]:
        layers = C.call(dimensions_pile, h, w, name='dimensions_pile')
        C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5, '`dimensions_pile` doit renvoyer une liste de 5 quadruplets, un par couche.')
        for i, expected in enumerate(oracles.stack_dimensions(stack, 3, h, w)):
            label = f'dimensions_pile(128, 128)[{i}] (couche {i + 1})' if carre else f'dimensions_pile(H, W)[{i}] pour une entrée non carrée (couche {i + 1})'
            C.expect(isinstance(layers[i], (list, tuple)) and len(layers[i]) == 4, f'`{label}` doit être un quadruplet (canaux, hauteur, largeur, nb_parametres).')
            values = [C.as_number(v, label) for v in layers[i]]
            got = tuple((int(v) if v.is_integer() else v for v in values))
            C.expect_equal(got, expected, name=label, hint=hints[i] if carre else 'calculez chaque taille à partir de celle de la couche précédente, séparément pour la hauteur et la largeur, avec `taille_sortie`.')

@test_case(points=None, hidden=True)
def test_pile_autres_tailles(dimensions_pile):
    from torch import nn
    from autograder import checks as C
    tailles = 'autres_tailles'
    from autograder.checks import oracles
    stack = [nn.Conv2d(3, 32, 5, padding=2, stride=1), nn.MaxPool2d(2, 2), nn.Conv2d(32, 64, 3, padding=0, stride=2), nn.Conv2d(64, 128, 3, padding=1, stride=1), nn.AdaptiveAvgPool2d(1)]
    hints = ["Conv2d(3, 32, 5, padding=2, stride=1) conserve la taille (le padding s'ajoute des deux côtés) ; 32 × (3 × 5 × 5 + 1) paramètres.", "MaxPool2d(2, 2) divise H et W par 2 (à l'entier inférieur) et n'a aucun paramètre.", "Conv2d(32, 64, 3, padding=0, stride=2) : ⌊(H − 3)/2⌋ + 1 (à l'entier inférieur), 64 × (32 × 9 + 1) paramètres.", 'Conv2d(64, 128, 3, padding=1) conserve la taille ; 128 × (64 × 9 + 1) paramètres.', "AdaptiveAvgPool2d(1) donne une sortie 1 × 1 quelle que soit l'entrée, sans paramètre."]
    carre = tailles == '128'
    for h, w in [(128, 128)] if carre else [(97, 130), (41, 24), (224, 65), (13, 10)]:
        layers = C.call(dimensions_pile, h, w, name='dimensions_pile')
        C.expect(isinstance(layers, (list, tuple)) and len(layers) == 5, '`dimensions_pile` doit renvoyer une liste de 5 quadruplets, un par couche.')
        for i, expected in enumerate(oracles.stack_dimensions(stack, 3, h, w)):
            label = f'dimensions_pile(128, 128)[{i}] (couche {i + 1})' if carre else f'dimensions_pile(H, W)[{i}] pour une entrée non carrée (couche {i + 1})'
            C.expect(isinstance(layers[i], (list, tuple)) and len(layers[i]) == 4, f'`{label}` doit être un quadruplet (canaux, hauteur, largeur, nb_parametres).')
            values = [C.as_number(v, label) for v in layers[i]]
            got = tuple((int(v) if v.is_integer() else v for v in values))
            C.expect_equal(got, expected, name=label, hint=hints[i] if carre else 'calculez chaque taille à partir de celle de la couche précédente, séparément pour la hauteur et la largeur, avec `taille_sortie`.')

