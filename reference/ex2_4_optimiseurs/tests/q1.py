from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_types_et_taux(creer_optimiseur):
    import torch
    from autograder import checks as C
    attendus = {'sgd': torch.optim.SGD, 'momentum': torch.optim.SGD, 'adam': torch.optim.Adam, 'adamw': torch.optim.AdamW}
    classes_de = C.code("lambda o: [f'{c.__module__}.{c.__qualname__}' for c in type(o).__mro__]")
    for nom, classe in attendus.items():
        theta = torch.zeros(3, requires_grad=True)
        opt = C.call(creer_optimiseur, nom, [theta], 0.05, name='creer_optimiseur')
        recu = classes_de(opt)[0]
        C.expect(recu == f'{classe.__module__}.{classe.__qualname__}', f"`creer_optimiseur('{nom}', ...)` devrait renvoyer un `{classe.__name__}`, reçu {recu.rsplit('.', 1)[-1]}.")
        C.expect_scalar_close(opt.param_groups[0]['lr'], 0.05, name=f"creer_optimiseur('{nom}', ..., lr=0.05) : taux", reveal=True)

@test_case(points=None, hidden=True)
def test_hyperparametres(creer_optimiseur):
    import torch
    from autograder import checks as C
    attendus = {'sgd': (torch.optim.SGD, {'momentum': 0.0, 'dampening': 0.0, 'nesterov': False, 'weight_decay': 0.0}), 'momentum': (torch.optim.SGD, {'momentum': 0.9, 'dampening': 0.0, 'nesterov': False, 'weight_decay': 0.0}), 'adam': (torch.optim.Adam, {'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0.0, 'amsgrad': False}), 'adamw': (torch.optim.AdamW, {'betas': (0.9, 0.999), 'eps': 1e-08, 'weight_decay': 0.01, 'amsgrad': False})}
    classes_de = C.code("lambda o: [f'{c.__module__}.{c.__qualname__}' for c in type(o).__mro__]")
    for nom, (classe, reglages) in attendus.items():
        params = [torch.zeros(4, 3, requires_grad=True), torch.zeros(3, requires_grad=True)]
        opt = C.call(creer_optimiseur, nom, list(params), 0.003, name='creer_optimiseur')
        C.expect(f'{classe.__module__}.{classe.__qualname__}' in classes_de(opt), f"`creer_optimiseur('{nom}', ...)` ne renvoie pas le bon type d'optimiseur.", hint='AdamW est `torch.optim.AdamW`, pas Adam avec weight_decay.' if nom == 'adamw' else None)
        groupe = opt.param_groups[0]
        vus = sum((len(g['params']) for g in opt.param_groups))
        C.expect(vus == 2, f"`creer_optimiseur('{nom}', ...)` n'optimise pas tous les paramètres reçus.")
        C.expect_scalar_close(groupe['lr'], 0.003, name=f"taux de creer_optimiseur('{nom}')")
        for cle, valeur in reglages.items():
            obtenu = groupe.get(cle)
            ok = tuple(obtenu) == valeur if isinstance(valeur, tuple) and obtenu is not None else obtenu == valeur
            C.expect(ok, f"`creer_optimiseur('{nom}', ...)` : le réglage `{cle}` n'a pas la valeur demandée.", hint='μ = 0,9 pour le momentum seulement ; λ = 0,01 pour AdamW seulement ; les autres réglages par défaut.')

@test_case(points=None, hidden=True)
def test_pas_sur_une_quadratique(creer_optimiseur):
    import torch
    from autograder import checks as C
    gen = torch.Generator().manual_seed(24)
    a = torch.rand(6, generator=gen, dtype=torch.float64) * 3 + 0.5
    b = torch.randn(6, generator=gen, dtype=torch.float64)
    depart = torch.randn(6, generator=gen, dtype=torch.float64)
    oracles = {'sgd': lambda p, lr: torch.optim.SGD(p, lr=lr), 'momentum': lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9), 'adam': lambda p, lr: torch.optim.Adam(p, lr=lr), 'adamw': lambda p, lr: torch.optim.AdamW(p, lr=lr, weight_decay=0.01)}
    six_pas = C.code("def six_pas(fabrique, nom):\n    theta = depart.clone().requires_grad_(True)\n    opt = fabrique(nom, [theta], 0.1)\n    classes = [f'{c.__module__}.{c.__qualname__}' for c in type(opt).__mro__]\n    if not isinstance(opt, torch.optim.Optimizer):\n        return (classes, None)\n    for _ in range(6):\n        opt.zero_grad()\n        perte = 0.5 * (a * theta ** 2).sum() - (b * theta).sum()\n        perte.backward()\n        opt.step()\n    return (classes, theta.detach())", a=a, b=b, depart=depart)
    for nom, oracle in oracles.items():
        classes, obtenu = C.call(six_pas, C.require(creer_optimiseur, 'creer_optimiseur'), nom, name=f"creer_optimiseur('{nom}')")
        C.expect('torch.optim.optimizer.Optimizer' in classes and obtenu is not None, f"`creer_optimiseur('{nom}', ...)` doit renvoyer un optimiseur de `torch.optim`.", hint='avez-vous oublié le `return` ?')
        _, attendu = six_pas(lambda _nom, p, lr, o=oracle: o(p, lr), nom)
        C.expect_close(obtenu, attendu, rtol=1e-10, atol=1e-12, name=f"θ après 6 pas de creer_optimiseur('{nom}') sur une quadratique", hint="comparez la règle de mise à jour à celle de l'énoncé (μ, λ, décroissance découplée pour AdamW).")

@test_case(points=None, hidden=True)
def test_nom_inconnu(creer_optimiseur):
    import torch
    from autograder import checks as C
    erreur_levee = C.code("def erreur_levee(fabrique, nom):\n    theta = torch.zeros(3, requires_grad=True)\n    try:\n        fabrique(nom, [theta], 0.01)\n    except Exception as exc:\n        return [f'{c.__module__}.{c.__qualname__}' for c in type(exc).__mro__]\n    return None")
    for nom in ('rmsprop', 'adagrad', 'nesterov'):
        classes = C.call(erreur_levee, C.require(creer_optimiseur, 'creer_optimiseur'), nom, name='creer_optimiseur')
        C.expect(classes is not None and 'builtins.ValueError' in classes, "`creer_optimiseur` doit lever une `ValueError` pour un nom d'optimiseur inconnu.", hint='après les quatre cas, `raise ValueError(...)` (pas de repli silencieux sur un optimiseur par défaut, pas de `return None`).')

