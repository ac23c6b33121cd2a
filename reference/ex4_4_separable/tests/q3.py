from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_temps_sain(temps_inference):
    import math
    import torch
    from autograder import checks as C
    layer = C.build_where(temps_inference, C.code('lambda: torch.nn.Conv2d(8, 8, 3, padding=1)'))
    t = C.as_number(C.call(temps_inference, layer, torch.rand(2, 8, 16, 16), 5, name='temps_inference'), 'temps_inference(...)')
    C.expect(math.isfinite(t) and 0 < t < 5, f"`temps_inference` renvoie {t:.4g}, ce n'est pas une durée plausible en secondes.", hint='renvoyez la médiane des durées mesurées par time.perf_counter(), en secondes.')

@test_case(points=None, hidden=True)
def test_temps_protocole(temps_inference):
    import torch
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    import time\n\n    class Chronometre(torch.nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = torch.nn.Parameter(torch.ones(1))\n            self.calls = []\n\n        def forward(self, x):\n            self.calls.append((self.training, torch.is_grad_enabled()))\n            time.sleep(0.15 if len(self.calls) in (3, 4) else 0.002)\n            return x * self.w\n    return Chronometre()')
    probe = C.build_where(temps_inference, fabrique)
    t = C.as_number(C.call(temps_inference, probe, torch.rand(4, 3), 7, name='temps_inference'), 'temps_inference(...)')
    calls = [tuple(c) for c in probe.calls]
    C.expect(len(calls) >= 8, f"`temps_inference(modele, x, 7)` n'appelle le modèle que {len(calls)} fois.", hint="un appel d'échauffement, puis `repetitions` appels chronométrés.")
    C.expect(not any((training for training, _ in calls)), '`temps_inference` exécute le modèle en mode entraînement.', hint='appelez `modele.eval()` avant tout appel (BatchNorm et Dropout changent de comportement).')
    C.expect(not any((grad for _, grad in calls)), '`temps_inference` exécute le modèle avec autograd activé.', hint="faites les appels sous `with torch.no_grad():` : on mesure l'inférence, sans construire de graphe.")
    C.expect(t >= 0.0015, f'`temps_inference` renvoie {t:.3g} s pour un modèle dont chaque appel dure au moins 2 ms.', hint='mesurez la durée de chaque appel en secondes (time.perf_counter() avant et après).')
    C.expect(t <= 0.03, f'`temps_inference` renvoie {t:.3g} s pour un modèle dont 5 appels sur 7 durent 2 ms et deux appels 150 ms.', hint='renvoyez la médiane des durées (statistics.median), pas leur moyenne ni leur somme, et en secondes.')

@test_case(points=None, hidden=True)
def test_temps_echauffement_non_chronometre(temps_inference):
    import torch
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    import time\n\n    class Chronometre(torch.nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = torch.nn.Parameter(torch.ones(1))\n            self.calls = 0\n\n        def forward(self, x):\n            self.calls += 1\n            time.sleep(0.15 if self.calls in (1, 3, 4) else 0.002)\n            return x * self.w\n    return Chronometre()')
    probe = C.build_where(temps_inference, fabrique)
    t = C.as_number(C.call(temps_inference, probe, torch.rand(4, 3), 5, name='temps_inference'), 'temps_inference(...)')
    C.expect(t <= 0.03, "`temps_inference` renvoie une médiane trop grande pour un modèle dont l'appel d'échauffement est lent : l'échauffement est-il chronométré ?", hint='faites un premier appel hors chronométrage, puis chronométrez `repetitions` appels et renvoyez la médiane de leurs durées.')

@test_case(points=None, hidden=True)
def test_temps_repetitions_par_defaut(temps_inference):
    import math
    import torch
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n\n    class Compteur(torch.nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = torch.nn.Parameter(torch.ones(1))\n            self.calls = 0\n\n        def forward(self, x):\n            self.calls += 1\n            return x * self.w\n    return Compteur()')
    probe = C.build_where(temps_inference, fabrique)
    t = C.as_number(C.call(temps_inference, probe, torch.rand(4, 3), name='temps_inference'), 'temps_inference(modele, x)')
    C.expect(math.isfinite(t) and t >= 0, '`temps_inference(modele, x)` ne renvoie pas une durée positive.')
    appels = int(C.code('lambda m: m.calls')(probe))
    C.expect(appels >= 11, f"`temps_inference(modele, x)` (repetitions par défaut) n'appelle le modèle que {appels} fois.", hint='la valeur par défaut de `repetitions` est 10 : un échauffement puis 10 appels chronométrés.')

@test_case(points=None, hidden=True)
def test_separable_plus_rapide(ConvSeparable):
    import torch
    from autograder import checks as C
    separable = C.make_model(ConvSeparable, 256, 256, name='ConvSeparable(256, 256)')
    C.call(separable.eval, name='ConvSeparable(256, 256).eval')
    preparer = C.code('def preparer(couche):\n    x = torch.rand(8, 256, 16, 16, generator=torch.Generator().manual_seed(0))\n\n    def inference():\n        with torch.no_grad():\n            return tuple(couche(x).shape)\n    return inference')
    standard = C.build_where(separable, C.code('lambda: torch.nn.Conv2d(256, 256, 3, padding=1).eval()'))
    passe_standard = C.build_where(separable, preparer, standard)
    passe_separable = C.build_where(separable, preparer, separable)
    t_sep, t_std = ([], [])
    for _ in range(3):
        t_std.append(C.time_call(passe_standard, name='nn.Conv2d(256, 256, 3)', repeats=5))
        t_sep.append(C.time_call(passe_separable, name='ConvSeparable(256, 256)', repeats=5))
    C.expect(min(t_sep) < 0.6 * min(t_std), f"`ConvSeparable(256, 256)` n'est pas nettement plus rapide que nn.Conv2d(256, 256, 3, padding=1) sur un lot (8, 256, 16, 16) : médianes mesurées {1000 * min(t_sep):.1f} ms contre {1000 * min(t_std):.1f} ms.", hint="la depthwise doit avoir groups=c_in : sans groupes, elle coûte autant qu'une convolution standard.")

