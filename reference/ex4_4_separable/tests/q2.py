from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_cnn_formes(creer_cnn):
    import torch
    from autograder import checks as C
    for separable in (False, True):
        label = f'creer_cnn(separable={separable})'
        model = C.make_model(creer_cnn, separable, 32, name=label)
        out = C.forward(model, torch.rand(2, 3, 32, 32), name=label)
        C.expect_shape(out, (2, 10), name=f'{label}(x)')
    model = C.make_model(creer_cnn, False, 32, name='creer_cnn(separable=False)')
    C.expect_equal(C.count_params(model), 66602, name='nombre de paramètres de creer_cnn(separable=False)', reveal=True, hint='4 convolutions 3 × 3 avec biais, 4 BatchNorm2d (2 paramètres par canal), Linear(64, 10).')

@test_case(points=None, hidden=True)
def test_cnn_parametres(creer_cnn):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    for c in (32, 16, 24):
        counts = {}
        for separable in (False, True):
            with torch.device('meta'):
                oracle = oracles.small_cifar_cnn(separable, c)
            expected = sum((p.numel() for p in oracle.parameters()))
            label = f'creer_cnn(separable={separable}, largeur={c})'
            model = C.make_model(creer_cnn, separable, c, name=label)
            counts[separable] = C.count_params(model)
            C.expect_equal(counts[separable], expected, name=f'nombre de paramètres de {label}', hint='toutes les convolutions 3 × 3, y compris la première (3 → largeur), deviennent séparables ; BatchNorm et Linear ne changent pas.' if separable else 'Conv(3, c), Conv(c, c), Conv(c, 2c), Conv(2c, 2c) avec biais, une BatchNorm2d après chacune, puis Linear(2c, 10).')
        C.expect(counts[True] < 0.25 * counts[False], f"Avec largeur={c}, le CNN séparable n'a pas beaucoup moins de paramètres que le CNN standard.")

@test_case(points=None, hidden=True)
def test_cnn_fonction_calculee(creer_cnn):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    c = 8
    for separable in (False, True):
        oracle = oracles.small_cifar_cnn(separable, c).double()
        g = torch.Generator().manual_seed(62 + separable)
        with torch.no_grad():
            for name, value in oracle.state_dict().items():
                if name.endswith('num_batches_tracked'):
                    continue
                if name.endswith('running_var'):
                    value.copy_(0.5 + torch.rand(value.shape, generator=g, dtype=torch.float64))
                else:
                    value.copy_(0.5 * torch.randn(value.shape, generator=g, dtype=torch.float64))
        label = f'creer_cnn(separable={separable}, largeur={c})'
        torch.manual_seed(63)
        model = C.make_model(creer_cnn, separable, c, name=label)
        state = C.call(model.state_dict, name=f'{label}.state_dict')
        mine = list(state.items())
        ref = list(oracle.state_dict().items())
        C.expect(len(mine) == len(ref), f"`{label}` a {len(mine)} tenseurs dans son state_dict, ce n'est pas le nombre attendu pour l'architecture de l'énoncé.", hint="Conv (ou ConvSeparable) → BatchNorm2d → ReLU pour chaque bloc, deux MaxPool2d, puis AdaptiveAvgPool2d, Flatten, Linear ; rien d'autre.")
        for (key, value), (_, want) in zip(mine, ref, strict=True):
            C.expect(tuple(value.shape) == tuple(want.shape), f"Le tenseur `{key}` de `{label}` a la forme {tuple(value.shape)}, qui ne correspond pas à l'architecture de l'énoncé à cette position.", hint="déclarez les couches dans l'ordre où elles servent (nn.Sequential) et vérifiez les nombres de canaux.")
        new_state = {key: want.clone() for (key, _), (_, want) in zip(mine, ref, strict=True)}
        C.call(model.double, name=f'{label}.double')
        C.call(model.load_state_dict, new_state, name=f'{label}.load_state_dict')
        x = torch.rand(3, 3, 16, 24, generator=g, dtype=torch.float64)
        C.call(model.eval, name=f'{label}.eval')
        oracle.eval()
        C.expect_close(C.forward(model, x.clone(), name=label), oracle(x), name=f'{label}(x) en mode évaluation, avec les poids du correcteur', hint="vérifiez l'ordre Conv → BatchNorm2d → ReLU, les deux MaxPool2d(2), le pooling global et, pour la version séparable, ConvSeparable.")
        C.call(model.train, name=f'{label}.train')
        oracle.train()
        C.expect_close(C.forward(model, x.clone(), name=label), oracle(x), name=f'{label}(x) en mode entraînement, avec les poids du correcteur', hint='en mode entraînement, la BatchNorm2d normalise avec les statistiques du lot.')

@test_case(points=None, hidden=True)
def test_cnn_arguments_par_defaut(creer_cnn):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    for kwargs, separable, c in [({}, False, 32), ({'separable': True}, True, 32), ({'largeur': 12}, False, 12)]:
        with torch.device('meta'):
            oracle = oracles.small_cifar_cnn(separable, c)
        expected = sum((p.numel() for p in oracle.parameters()))
        args = ', '.join((f'{k}={v}' for k, v in kwargs.items()))
        label = f'creer_cnn({args})'
        model = C.make_model(creer_cnn, **kwargs, name=label)
        C.expect_equal(C.count_params(model), expected, name=f'nombre de paramètres de {label}', hint="valeurs par défaut de l'énoncé : separable=False, largeur=32 ; arguments nommés separable et largeur.")
        out = C.forward(model, torch.rand(2, 3, 8, 8), name=label)
        C.expect_shape(out, (2, 10), name=f'{label}(x)')

