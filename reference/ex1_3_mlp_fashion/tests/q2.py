from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_courbes_renvoyees(entrainer):
    import torch
    from torch import nn
    from autograder import checks as C

    def entrainer_sur_copie(entrainer, model, *args):
        """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
        C.require(entrainer, 'entrainer')
        largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]
        sur_copie = C.code('def sur_copie(largeurs, etat, *args):\n    couches = [nn.Flatten()]\n    for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):\n        couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])\n    modele = nn.Sequential(*couches)\n    modele.load_state_dict(etat)\n    torch.manual_seed(0)\n    return entrainer(modele, *args)', entrainer=entrainer)
        return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name='entrainer')
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    x = torch.rand(256, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (256,), generator=gen)
    courbes = entrainer_sur_copie(entrainer, model, x, y, 3, 32, 0.01)
    C.expect(isinstance(courbes, dict) and 'perte' in courbes and ('precision' in courbes), '`entrainer` doit renvoyer un dictionnaire de clés "perte" et "precision".', hint='avez-vous oublié le `return` ?')
    for cle in ['perte', 'precision']:
        C.expect(isinstance(courbes[cle], (list, tuple)) and len(courbes[cle]) == 3, f'`entrainer(..., epochs=3, ...)["{cle}"]` doit être une liste de 3 valeurs (une par époque).')
    pertes = [C.as_number(v, name='une perte de la courbe') for v in courbes['perte']]
    for v in courbes['precision']:
        C.expect_in_range(v, 0.0, 1.0, name='une précision de la courbe', hint="une précision est une proportion, pas un nombre d'exemples.")
    C.expect(pertes[-1] < pertes[0], 'La perte de `entrainer` ne diminue pas au fil des époques.', hint='à chaque lot : `optimizer.zero_grad()`, `loss.backward()` puis `optimizer.step()`.')

@test_case(points=None, hidden=True)
def test_courbes_a_taux_nul(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def entrainer_sur_copie(entrainer, model, *args):
        """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
        C.require(entrainer, 'entrainer')
        largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]
        sur_copie = C.code('def sur_copie(largeurs, etat, *args):\n    couches = [nn.Flatten()]\n    for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):\n        couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])\n    modele = nn.Sequential(*couches)\n    modele.load_state_dict(etat)\n    torch.manual_seed(0)\n    return entrainer(modele, *args)', entrainer=entrainer)
        return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name='entrainer')
    torch.manual_seed(5)
    gen = torch.Generator().manual_seed(6)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    x = torch.rand(240, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (240,), generator=gen)
    with torch.no_grad():
        logits = model(x)
        perte = float(F.cross_entropy(logits, y))
        precision = float((logits.argmax(dim=1) == y).double().mean())
    courbes = entrainer_sur_copie(entrainer, model, x, y, 2, 48, 0.0)
    C.expect(isinstance(courbes, dict) and 'perte' in courbes and ('precision' in courbes), '`entrainer` doit renvoyer un dictionnaire de clés "perte" et "precision".')
    C.expect(len(courbes['perte']) == 2 and len(courbes['precision']) == 2, '`entrainer(..., epochs=2, ...)` doit renvoyer deux valeurs par courbe.')
    for e in range(2):
        C.expect_scalar_close(courbes['perte'][e], perte, rtol=0.0001, atol=1e-06, name=f"perte de l'époque {e} (lr = 0)", hint='entropie croisée moyenne par exemple, appliquée aux logits (sans softmax préalable).')
        C.expect_scalar_close(courbes['precision'][e], precision, rtol=1e-06, atol=1e-06, name=f"précision de l'époque {e} (lr = 0)", hint="proportion d'exemples dont l'argmax des logits est la bonne classe.")

@test_case(points=None, hidden=True)
def test_perte_par_exemple_dernier_lot_incomplet(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def entrainer_sur_copie(entrainer, model, *args):
        """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
        C.require(entrainer, 'entrainer')
        largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]
        sur_copie = C.code('def sur_copie(largeurs, etat, *args):\n    couches = [nn.Flatten()]\n    for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):\n        couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])\n    modele = nn.Sequential(*couches)\n    modele.load_state_dict(etat)\n    torch.manual_seed(0)\n    return entrainer(modele, *args)', entrainer=entrainer)
        return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name='entrainer')
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(8)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    x = torch.rand(250, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (250,), generator=gen)
    with torch.no_grad():
        perte = float(F.cross_entropy(model(x), y))
    courbes = entrainer_sur_copie(entrainer, model, x, y, 2, 48, 0.0)
    C.expect(isinstance(courbes, dict) and len(courbes.get('perte', [])) == 2, '`entrainer(..., epochs=2, ...)` doit renvoyer un dictionnaire dont la clé "perte" a deux valeurs.')
    for e in range(2):
        C.expect_scalar_close(courbes['perte'][e], perte, rtol=0.0001, atol=1e-06, name=f"perte de l'époque {e} (lr = 0, dernier lot incomplet)", hint='pondérez la perte de chaque lot par sa taille : la moyenne des pertes de lots ne vaut la moyenne par exemple que si tous les lots ont la même taille.')

@test_case(points=None, hidden=True)
def test_trajectoire_adam_plein_lot(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def entrainer_sur_copie(entrainer, model, *args):
        """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
        C.require(entrainer, 'entrainer')
        largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]
        sur_copie = C.code('def sur_copie(largeurs, etat, *args):\n    couches = [nn.Flatten()]\n    for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):\n        couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])\n    modele = nn.Sequential(*couches)\n    modele.load_state_dict(etat)\n    torch.manual_seed(0)\n    return entrainer(modele, *args)', entrainer=entrainer)
        return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name='entrainer')
    import copy
    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(8)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))
    oracle = copy.deepcopy(model)
    x = torch.rand(200, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (200,), generator=gen)
    opt = torch.optim.Adam(oracle.parameters(), lr=0.01)
    attendu = []
    for _ in range(4):
        loss = F.cross_entropy(oracle(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        attendu.append(loss.item())
    courbes = entrainer_sur_copie(entrainer, model, x, y, 4, 200, 0.01)
    C.expect(isinstance(courbes, dict) and 'perte' in courbes, '`entrainer` doit renvoyer un dictionnaire avec la clé "perte".')
    C.expect(len(courbes['perte']) == 4, '`entrainer(..., epochs=4, ...)["perte"]` doit contenir 4 valeurs.')
    C.expect_close(torch.tensor([C.as_number(v, name='perte') for v in courbes['perte']], dtype=torch.float64), torch.tensor(attendu, dtype=torch.float64), rtol=0.0001, atol=1e-06, name='courbe de perte (un lot par époque, Adam, lr = 0,01)', hint="à chaque lot : zero_grad(), perte sur les logits, backward(), step() ; sans zero_grad() les gradients s'accumulent.")

@test_case(points=None, hidden=True)
def test_precision_avant_chaque_mise_a_jour(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def entrainer_sur_copie(entrainer, model, *args):
        """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
        C.require(entrainer, 'entrainer')
        largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]
        sur_copie = C.code('def sur_copie(largeurs, etat, *args):\n    couches = [nn.Flatten()]\n    for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):\n        couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])\n    modele = nn.Sequential(*couches)\n    modele.load_state_dict(etat)\n    torch.manual_seed(0)\n    return entrainer(modele, *args)', entrainer=entrainer)
        return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name='entrainer')
    import copy
    torch.manual_seed(9)
    gen = torch.Generator().manual_seed(10)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    oracle = copy.deepcopy(model)
    x = torch.rand(200, 1, 28, 28, generator=gen)
    y = (x.flatten(1) @ torch.randn(784, 10, generator=gen)).argmax(dim=1)
    opt = torch.optim.Adam(oracle.parameters(), lr=0.05)
    attendu = []
    for _ in range(4):
        logits = oracle(x)
        attendu.append(float((logits.argmax(dim=1) == y).double().mean()))
        opt.zero_grad()
        F.cross_entropy(logits, y).backward()
        opt.step()
    courbes = entrainer_sur_copie(entrainer, model, x, y, 4, 200, 0.05)
    C.expect(isinstance(courbes, dict) and len(courbes.get('precision', [])) == 4, '`entrainer(..., epochs=4, ...)["precision"]` doit contenir 4 valeurs.')
    C.expect_close(torch.tensor([C.as_number(v, name='précision') for v in courbes['precision']], dtype=torch.float64), torch.tensor(attendu, dtype=torch.float64), rtol=0.0, atol=1e-09, name='courbe de précision (un lot par époque, Adam, lr = 0,05)', hint='comptez les bonnes prédictions sur les logits du lot calculés avant optimizer.step() : pas de nouvelle passe après la mise à jour.')

@test_case(points=None, hidden=True)
def test_courbes_de_flottants(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def entrainer_sur_copie(entrainer, model, *args):
        """`entrainer` run where it lives on a copy of the grader's `model` (Flatten, then Linear
    layers with a ReLU between two), the shuffles seeded as the grader seeds them."""
        C.require(entrainer, 'entrainer')
        largeurs = [784] + [m.out_features for m in model if isinstance(m, nn.Linear)]
        sur_copie = C.code('def sur_copie(largeurs, etat, *args):\n    couches = [nn.Flatten()]\n    for i, (a, b) in enumerate(zip(largeurs, largeurs[1:], strict=False)):\n        couches += [nn.Linear(a, b)] + ([nn.ReLU()] if i < len(largeurs) - 2 else [])\n    modele = nn.Sequential(*couches)\n    modele.load_state_dict(etat)\n    torch.manual_seed(0)\n    return entrainer(modele, *args)', entrainer=entrainer)
        return C.call(sur_copie, largeurs, dict(model.state_dict()), *args, name='entrainer')
    torch.manual_seed(11)
    gen = torch.Generator().manual_seed(12)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    x = torch.rand(64, 1, 28, 28, generator=gen)
    y = torch.randint(0, 10, (64,), generator=gen)
    with torch.no_grad():
        logits = model(x)
        attendu = {'perte': float(F.cross_entropy(logits, y)), 'precision': float((logits.argmax(dim=1) == y).double().mean())}
    courbes = entrainer_sur_copie(entrainer, model, x, y, 2, 16, 0.0)
    C.expect(isinstance(courbes, dict) and 'perte' in courbes and ('precision' in courbes), '`entrainer` doit renvoyer un dictionnaire de clés "perte" et "precision".')
    for cle in ('perte', 'precision'):
        valeurs = courbes[cle]
        for v in valeurs if isinstance(valeurs, list) else []:
            C.expect_scalar_close(v, attendu[cle], rtol=0.0001, atol=1e-06, name=f"{cle} d'une époque (lr = 0)")
        C.expect(isinstance(valeurs, list) and all((isinstance(v, float) for v in valeurs)), f'''`entrainer(...)["{cle}"]` doit être une liste de flottants Python (reçu {type(valeurs).__name__} de {(sorted({type(v).__name__ for v in valeurs}) if valeurs else '—')}).''', hint="convertissez chaque valeur avec float(...) ou .item() avant de l'ajouter à la liste.")

@test_case(points=None, hidden=True)
def test_nouveau_melange_par_epoque(entrainer):
    import torch
    from torch import nn
    from autograder import checks as C
    n, taille, epochs = (120, 32, 3)
    lots_vus = C.code('def lots_vus(x, y):\n\n    class Temoin(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.lin = nn.Linear(784, 10)\n            self.vus = []\n\n        def forward(self, xb):\n            self.vus.append([int(round(1000 * float(v))) for v in xb[:, 0, 0, 0]])\n            return self.lin(xb.flatten(1))\n    modele = Temoin()\n    torch.manual_seed(0)\n    entrainer(modele, x, y, epochs, taille, 0.0)\n    return modele.vus', entrainer=entrainer, epochs=epochs, taille=taille)
    gen = torch.Generator().manual_seed(13)
    x = torch.rand(n, 1, 28, 28, generator=gen)
    x[:, 0, 0, 0] = torch.arange(n) / 1000
    y = torch.randint(0, 10, (n,), generator=gen)
    vus = C.call(lots_vus, x, y, name='entrainer')
    lots = [b for i, b in enumerate(vus) if len(b) <= taille and (i == 0 or b != vus[i - 1])]
    par_epoque = -(-n // taille)
    C.expect(len(lots) == epochs * par_epoque, f'`entrainer` sur {n} exemples en lots de {taille} pendant {epochs} époques présente {len(lots)} lots au modèle, attendu {epochs * par_epoque}.', hint='à chaque époque, parcourez tous les exemples une fois, par lots de batch_size.')
    ordres = [sum(lots[e * par_epoque:(e + 1) * par_epoque], []) for e in range(epochs)]
    C.expect(all((sorted(o) == list(range(n)) for o in ordres)), 'Une époque de `entrainer` ne voit pas chaque exemple exactement une fois.', hint='découpez une permutation des indices (torch.randperm) en lots.')
    C.expect(ordres[0] != list(range(n)), '`entrainer` ne mélange pas les exemples.', hint='tirez une permutation (torch.randperm(N)) au début de chaque époque.')
    C.expect(len({tuple(o) for o in ordres}) == epochs, '`entrainer` présente les exemples dans le même ordre à chaque époque.', hint='tirez une nouvelle permutation au début de chaque époque (pas une seule fois avant la boucle, ni avec une graine fixée à chaque époque).')

