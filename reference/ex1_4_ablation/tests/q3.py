from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_grille_forme(grille_ablation):
    import torch
    from autograder import checks as C

    def fabrique(p, w):
        return torch.nn.Linear(1, 1)
    result = C.call(grille_ablation, fabrique, [1, 2], [32, 64, 128], lambda m: 0.5, name='grille_ablation')
    t = C.as_tensor(result, name='grille_ablation')
    C.expect_shape(t, (2, 3), name='grille_ablation(fabrique, [1, 2], [32, 64, 128], …)', hint='une ligne par profondeur, une colonne par largeur.')
    C.expect_close(t.to(torch.float64), torch.full((2, 3), 0.5, dtype=torch.float64), name='grille_ablation (entraînement qui renvoie toujours 0.5)', reveal=True)

@test_case(points=None, hidden=True)
def test_grille_disposition(grille_ablation):
    import torch
    from autograder import checks as C
    depths, widths = ([1, 2, 3], [32, 64, 128, 256, 512])
    calls = []

    def fabrique(p, w):
        model = torch.nn.Linear(1, 1)
        model.configuration = (p, w)
        return model

    def entrainer(model):
        calls.append(model.configuration)
        p, w = model.configuration
        return p / 10 + w / 10000
    result = C.call(grille_ablation, fabrique, list(depths), list(widths), entrainer, name='grille_ablation')
    t = C.as_tensor(result, name='grille_ablation')
    C.expect_shape(t, (3, 5), name='grille_ablation(fabrique, [1, 2, 3], [32, …, 512], …)', hint='une ligne par profondeur, une colonne par largeur (pas la transposée).')
    C.expect(sorted(calls) == sorted(((p, w) for p in depths for w in widths)), "`grille_ablation` n'entraîne pas chaque configuration exactement une fois avec `fabrique(profondeur, largeur)`.", hint='appelez `fabrique(profondeur, largeur)` dans cet ordre, un modèle neuf par case, puis `entrainer(modele)` une seule fois.')
    expected = torch.tensor([[p / 10 + w / 10000 for w in widths] for p in depths], dtype=torch.float64)
    C.expect_close(t.to(torch.float64), expected, name='grille_ablation', hint='la case [i, j] doit contenir la précision de (profondeurs[i], largeurs[j]).')

@test_case(points=None, hidden=True)
def test_grille_entrainement_reel(grille_ablation):
    import dataclasses
    import torch
    from autograder import checks as C
    b = C.budget('1.4', 'moyen')
    tiny = dataclasses.replace(b, epochs=1, train_size=min(b.train_size, 400))
    returned = []

    def fabrique(p, w):
        layers = [torch.nn.Flatten(), torch.nn.Linear(784, w), torch.nn.ReLU()]
        for _ in range(p - 1):
            layers += [torch.nn.Linear(w, w), torch.nn.ReLU()]
        return torch.nn.Sequential(*layers, torch.nn.Linear(w, 10))

    def entrainer(model):
        C.train_classifier(model, tiny, name='modèle de la grille')
        acc = C.accuracy(model, tiny.dataset, name='modèle de la grille')
        returned.append(acc)
        return acc
    C.seed_everything()
    result = C.call(grille_ablation, fabrique, [1, 2], [32], entrainer, name='grille_ablation')
    t = C.as_tensor(result, name='grille_ablation').to(torch.float64)
    C.expect_shape(t, (2, 1), name='grille_ablation(fabrique, [1, 2], [32], …)')
    C.expect(bool(((t >= 0) & (t <= 1)).all()), '`grille_ablation` renvoie des précisions hors de [0, 1].')
    C.expect(len(returned) == 2, '`grille_ablation` devrait appeler `entrainer` une fois par configuration (ici 2 fois).')
    C.expect_close(t.reshape(-1), torch.tensor(returned, dtype=torch.float64), name='grille_ablation (entraînement réel)', hint='rangez la valeur renvoyée par `entrainer` telle quelle.')

