from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_grille_forme(grille_ablation):
    import torch
    from autograder import checks as C
    fabrique = C.code('lambda profondeur, largeur: torch.nn.Linear(1, 1)')
    result = C.call(grille_ablation, fabrique, [1, 2], [32, 64, 128], C.code('lambda modele: 0.5'), name='grille_ablation')
    t = C.as_tensor(result, name='grille_ablation')
    C.expect_shape(t, (2, 3), name='grille_ablation(fabrique, [1, 2], [32, 64, 128], …)', hint='une ligne par profondeur, une colonne par largeur.')
    C.expect_close(t.to(torch.float64), torch.full((2, 3), 0.5, dtype=torch.float64), name='grille_ablation (entraînement qui renvoie toujours 0.5)', reveal=True)

@test_case(points=None, hidden=True)
def test_grille_disposition(grille_ablation):
    import torch
    from torch import nn
    from autograder import checks as C
    depths, widths = ([1, 2, 3], [32, 64, 128, 256, 512])
    fabrique = C.code('def fabrique(profondeur, largeur):\n    model = nn.Linear(1, 1)\n    model.configuration = (profondeur, largeur)\n    return model')
    entrainer = C.code("def entrainer(modele, seen={}):\n    p, w = modele.configuration\n    seen[p, w] = seen.get((p, w), 0) + 1 + 10 * getattr(modele, 'trained', 0)\n    modele.trained = 1\n    return p / 10 + w / 10000 + 100 * (seen[p, w] - 1)")
    result = C.call(grille_ablation, fabrique, list(depths), list(widths), entrainer, name='grille_ablation')
    t = C.as_tensor(result, name='grille_ablation')
    C.expect_shape(t, (3, 5), name='grille_ablation(fabrique, [1, 2, 3], [32, …, 512], …)', hint='une ligne par profondeur, une colonne par largeur (pas la transposée).')
    t = t.to(torch.float64)
    C.expect(bool((t < 100).all()) and len(set(t.reshape(-1).tolist())) == t.numel(), "`grille_ablation` n'entraîne pas chaque configuration exactement une fois avec `fabrique(profondeur, largeur)`.", hint='appelez `fabrique(profondeur, largeur)` dans cet ordre, un modèle neuf par case, puis `entrainer(modele)` une seule fois.')
    expected = torch.tensor([[p / 10 + w / 10000 for w in widths] for p in depths], dtype=torch.float64)
    C.expect_close(t, expected, name='grille_ablation', hint='la case [i, j] doit contenir la précision de (profondeurs[i], largeurs[j]).')

@test_case(points=None, hidden=True)
def test_grille_entrainement_reel(grille_ablation):
    import torch
    from torch import nn
    from autograder import checks as C
    import dataclasses
    b = C.budget('1.4', 'moyen')
    tiny = dataclasses.replace(b, epochs=1, train_size=min(b.train_size, 400))
    fabrique = C.code('def fabrique(profondeur, largeur):\n    torch.manual_seed(1000 * profondeur + largeur)\n    layers = [nn.Flatten(), nn.Linear(784, largeur), nn.ReLU()]\n    for _ in range(profondeur - 1):\n        layers += [nn.Linear(largeur, largeur), nn.ReLU()]\n    return nn.Sequential(*layers, nn.Linear(largeur, 10))')
    entrainer = C.code("def entrainer(modele):\n    C.train_classifier(modele, tiny, name='modèle de la grille')\n    return C.accuracy(modele, tiny.dataset, name='modèle de la grille', split='test')", tiny=tiny)
    result = C.call(grille_ablation, fabrique, [1, 2], [32], entrainer, name='grille_ablation')
    t = C.as_tensor(result, name='grille_ablation').to(torch.float64)
    C.expect_shape(t, (2, 1), name='grille_ablation(fabrique, [1, 2], [32], …)')
    C.expect(bool(((t >= 0) & (t <= 1)).all()), '`grille_ablation` renvoie des précisions hors de [0, 1].')
    returned = [entrainer(fabrique(p, 32)) for p in (1, 2)]
    C.expect_close(t.reshape(-1), torch.tensor(returned, dtype=torch.float64), atol=0.02, rtol=0.0, name='grille_ablation (entraînement réel)', hint='rangez la valeur renvoyée par `entrainer` telle quelle.')

