from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_normes_structure(normes_gradients):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(0)\n    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 5))')
    modele = C.build_where(normes_gradients, fabrique)
    x = torch.rand(8, 3, 8, 8)
    y = torch.arange(8) % 5
    normes = C.call(normes_gradients, modele, x, y, name='normes_gradients')
    C.expect(isinstance(normes, list | tuple) and len(normes) == 2, '`normes_gradients` doit renvoyer une liste avec une norme par couche Conv2d ou Linear (2 ici).')
    for i, n in enumerate(normes):
        C.expect_in_range(n, 1e-12, float('inf'), name=f'normes_gradients(...)[{i}]', hint='une norme de gradient est positive ; avez-vous appelé `backward()` ?')

@test_case(points=None, hidden=True)
def test_normes_contre_autograd(normes_gradients):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C
    fabrique = C.code('def fabrique(mode, x):\n    torch.manual_seed(5)\n    modele = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1, bias=False), nn.BatchNorm2d(5), nn.ReLU(), nn.Sequential(nn.Conv2d(5, 7, (3, 2), stride=2), nn.ReLU()), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(7, 6), nn.ReLU(), nn.Linear(6, 4)).double()\n    with torch.no_grad():\n        modele.train()(x)\n        getattr(modele, mode)()\n        for p in modele.parameters():\n            p.grad = torch.full_like(p, 0.5)\n    return modele')
    g = torch.Generator().manual_seed(15)
    x = torch.randn(9, 3, 10, 7, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 2, 3, 0, 1, 1, 2])

    def oracle(mode):
        m = fabrique(mode, x)
        perte = F.cross_entropy(m(x), y)
        couches = [c for c in m.modules() if isinstance(c, nn.Conv2d | nn.Linear)]
        grads = torch.autograd.grad(perte, [c.weight for c in couches])
        return torch.stack([gr.norm() for gr in grads])
    for mode in ('train', 'eval'):
        attendu = oracle(mode)
        modele = C.build_where(normes_gradients, fabrique, mode, x)
        normes = C.call(normes_gradients, modele, x.clone(), y.clone(), name='normes_gradients')
        C.expect(isinstance(normes, list | tuple) and len(normes) == 4, '`normes_gradients` doit renvoyer une norme par couche Conv2d ou Linear, y compris celles imbriquées dans des sous-modules (4 ici).', hint='parcourez `modele.modules()`, qui descend dans les sous-modules.')
        C.expect(modele.training == (mode == 'train'), f'`normes_gradients` a changé le mode du modèle (il était en mode {mode}).', hint="n'appelez ni `modele.train()` ni `modele.eval()`.")
        C.expect_close(C.as_tensor(normes, 'normes_gradients(...)').double(), attendu, rtol=1e-06, atol=1e-12, name=f'normes_gradients(modele, x, y), modèle en mode {mode}', hint="remettez les gradients à zéro avant `backward()` (ils s'accumulent), utilisez l'entropie croisée moyenne et la norme du gradient du poids (`weight.grad`), dans l'ordre de `modele.modules()`.")

@test_case(points=None, hidden=True)
def test_normes_flottants_python(normes_gradients):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(6)\n    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 3))')
    sonde = C.code("def sonde(modele, x, y):\n    normes = normes_gradients(modele, x, y)\n    if not isinstance(normes, list | tuple):\n        return (type(normes).__name__, [])\n    return ('liste', [type(n).__name__ for n in normes if not isinstance(n, float)])", normes_gradients=normes_gradients)
    modele = C.build_where(normes_gradients, fabrique)
    x = torch.rand(5, 3, 6, 6, generator=torch.Generator().manual_seed(7))
    y = torch.tensor([0, 2, 1, 1, 0])
    genre, autres = C.call(sonde, modele, x, y, name='normes_gradients')
    C.expect(genre == 'liste', f'`normes_gradients` doit renvoyer une liste de normes, reçu un objet {genre}.')
    C.expect(not autres, f"`normes_gradients` doit renvoyer des flottants Python, reçu des éléments de type {', '.join(sorted(set(autres)))}.", hint='convertissez chaque norme avec `float(...)` (ou `.item()`).')

@test_case(points=None, hidden=True)
def test_normes_avec_et_sans_raccourcis(normes_gradients, BlocResiduel):
    import torch
    from torch import nn
    from autograder import checks as C
    g = torch.Generator().manual_seed(17)
    x = torch.rand(16, 3, 12, 12, generator=g)
    y = torch.randint(0, 10, (16,), generator=g)
    empiler = C.code("def empiler(bloc_residuel, res):\n    torch.manual_seed(0)\n    tete = nn.Conv2d(3, 8, 3, padding=1)\n    blocs = [C.make_model(bloc_residuel, 8, 8, 1, residuel=res, name=f'BlocResiduel(8, 8, residuel={res})') for _ in range(10)]\n    fin = [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10)]\n    return nn.Sequential(tete, *blocs, *fin).eval()")
    premieres = {}
    for res in (True, False):
        pile = C.build_where(normes_gradients, empiler, BlocResiduel, res)
        normes = C.call(normes_gradients, pile, x, y, name='normes_gradients')
        C.expect(isinstance(normes, list | tuple) and len(normes) == 22, f'Sur la pile de 10 blocs (residuel={res}), `normes_gradients` doit renvoyer 22 normes (1 + 2 × 10 convolutions et la Linear), reçu {(len(normes) if isinstance(normes, list | tuple) else type(normes).__name__)}.', hint='chaque bloc contient deux nn.Conv2d, et aucune projection quand les dimensions sont égales.')
        premieres[res] = C.as_number(normes[0], 'normes_gradients(pile, x, y)[0]')
    C.expect(premieres[True] > 10 * premieres[False], f"Sur la pile profonde en mode eval, la norme du gradient de la première couche n'est pas nettement plus grande avec les raccourcis que sans (rapport {premieres[True] / max(premieres[False], 1e-300):.3g}, attendu > 10).", hint='avec residuel=False le bloc doit être y = ReLU(F(x)), sans raccourci ; avec residuel=True, y = ReLU(F(x) + x).')

