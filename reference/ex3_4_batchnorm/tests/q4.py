from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_mlp_formes(creer_mlp):
    import torch
    from autograder import checks as C
    x = torch.rand(4, 3, 32, 32)
    h = 128
    sans = 3072 * h + h + h * h + h + 10 * h + 10
    for avec, attendu in [(True, sans + 4 * h), (False, sans)]:
        label = f'creer_mlp(avec_batchnorm={avec})'
        model = C.make_model(creer_mlp, avec_batchnorm=avec, name=label)
        C.expect_shape(C.forward(model, x, name=label), (4, 10), name=f'{label}(x)')
        C.expect_equal(C.count_params(model), attendu, name=f'nombre de paramètres de {label}', reveal=True, hint='deux BatchNormManuelle(cachee) de 2·cachee paramètres chacune, seulement avec BatchNorm.')

@test_case(points=None, hidden=True)
def test_mlp_precision_avec_batchnorm(creer_mlp):
    import torch
    from autograder import checks as C
    b = C.budget('3.4', 'mlp_bn')
    C.seed_everything()
    label = 'creer_mlp(avec_batchnorm=True)'
    model = C.make_model(creer_mlp, avec_batchnorm=True, name=label)
    classes = C.call(C.code("lambda m: [[f'{k.__module__}.{k.__qualname__}' for k in type(c).__mro__] for c in m.modules()]"), model, name=f'{label}.modules')
    C.expect(not any(('torch.nn.modules.batchnorm._BatchNorm' in mro for mro in classes)), f'`{label}` utilise une BatchNorm de PyTorch au lieu de BatchNormManuelle.')
    C.expect_equal(C.count_params(model), 3072 * 128 + 128 + 128 * 128 + 128 + 1290 + 512, name=f'nombre de paramètres de {label}')
    C.train_classifier(model, b, name=label)
    acc = C.accuracy(model, b.dataset, name=label)
    g = torch.Generator().manual_seed(71)
    x1, x2 = (torch.rand(6, 3, 32, 32, generator=g), torch.rand(6, 3, 32, 32, generator=g))
    with torch.no_grad():
        y1, y2, ym = (C.forward(model, x.to(b.device), name=label).cpu() for x in (x1, x2, 0.5 * x1 + 0.5 * x2))
    C.expect(float((ym - 0.5 * y1 - 0.5 * y2).abs().max()) > 0.001, f'`{label}` est affine en mode évaluation : il manque les ReLU.', hint='Linear → BatchNormManuelle → ReLU, deux fois, puis Linear(cachee, 10).')
    C.expect_accuracy(acc, b, name=label, hint='la précision est mesurée en mode évaluation : vérifiez les statistiques courantes de BatchNormManuelle.')

@test_case(points=None, hidden=True)
def test_mlp_ordre_des_couches(creer_mlp):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    from autograder.checks import oracles
    c = 8
    label = f'creer_mlp(avec_batchnorm=True, cachee={c})'
    model = C.make_model(creer_mlp, avec_batchnorm=True, cachee=c, name=label)
    C.load_seeded_weights(model, label)
    x = torch.rand(16, 3, 32, 32, generator=torch.Generator().manual_seed(72), dtype=torch.float64)
    u, h = (oracles.seeded_by_shape((c,)), x.flatten(1))
    for training in (False, True):
        model.train(training)
        expected = h
        for shape in ((c, 3072), (c, c)):
            expected = F.linear(expected, oracles.seeded_by_shape(shape), u)
            running = (u.clone(), u.clone())
            expected = F.relu(F.batch_norm(expected, *running, u, u, training, 0.1, 1e-05))
        expected = F.linear(expected, oracles.seeded_by_shape((10, c)), oracles.seeded_by_shape((10,)))
        with torch.no_grad():
            got = C.forward(model, x.float(), name=label)
        C.expect_close(C.as_tensor(got, label).double(), expected, rtol=0.001, atol=0.0001, name=f"{label}(x) en mode {('entraînement' if training else 'évaluation')}, poids fixés", hint="Linear → BatchNormManuelle → ReLU (la normalisation avant l'activation), deux fois, puis Linear(cachee, 10).")

