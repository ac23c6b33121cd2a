from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_structure_de_la_table(recherche_grille):
    import torch
    from autograder import checks as C
    fabrique_modele = C.code('def fabrique_modele():\n    torch.manual_seed(0)\n    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))')
    fabrique_optimiseur = C.code("def fabrique_optimiseur(nom, parametres, lr):\n    return {'sgd': torch.optim.SGD, 'adam': torch.optim.Adam}[nom](parametres, lr=lr)")
    gen = torch.Generator().manual_seed(2)
    x, y = (torch.rand(64, 1, 28, 28, generator=gen), torch.randint(0, 10, (64,), generator=gen))
    table = C.call(recherche_grille, fabrique_modele, fabrique_optimiseur, ['sgd', 'adam'], [0.001, 0.1], x[:48], y[:48], x[48:], y[48:], 1, 16, name='recherche_grille')
    C.expect(isinstance(table, list) and len(table) == 4, '`recherche_grille` doit renvoyer une liste de 4 entrées pour 2 optimiseurs × 2 taux.', hint='avez-vous oublié le `return` ?')
    for entree in table:
        C.expect(isinstance(entree, dict) and {'optimiseur', 'lr', 'pertes', 'pertes_val', 'precisions_val'} <= set(entree), 'Chaque entrée doit être un dictionnaire de clés "optimiseur", "lr", "pertes", "pertes_val" et "precisions_val".')
        for cle in ['pertes', 'pertes_val', 'precisions_val']:
            C.expect(len(entree[cle]) == 1, f'`{cle}` doit contenir une valeur par époque.')
    couples = sorted(((e['optimiseur'], float(e['lr'])) for e in table))
    C.expect(couples == [('adam', 0.001), ('adam', 0.1), ('sgd', 0.001), ('sgd', 0.1)], f"Couples (optimiseur, lr) de la table : {couples}, attendu une entrée par couple de ('sgd', 'adam') × (0.001, 0.1).")

@test_case(points=None, hidden=True)
def test_grille_complete(recherche_grille):
    import math
    import torch
    from autograder import checks as C
    fabrique_modele = C.code('def fabrique_modele():\n    torch.manual_seed(1)\n    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))')
    fabrique_optimiseur = C.code("def fabrique_optimiseur(nom, parametres, lr):\n    classes = {'sgd': torch.optim.SGD, 'momentum': torch.optim.SGD, 'adam': torch.optim.Adam, 'adamw': torch.optim.AdamW}\n    return classes[nom](parametres, lr=lr)")
    noms, lrs = (['sgd', 'momentum', 'adam', 'adamw'], [0.0001, 0.001, 0.01, 0.1])
    gen = torch.Generator().manual_seed(3)
    x, y = (torch.rand(80, 1, 28, 28, generator=gen), torch.randint(0, 10, (80,), generator=gen))
    table = C.call(recherche_grille, fabrique_modele, fabrique_optimiseur, list(noms), list(lrs), x[:60], y[:60], x[60:], y[60:], 2, 20, name='recherche_grille')
    C.expect(isinstance(table, list) and len(table) == 16, "`recherche_grille` doit renvoyer une entrée par couple (optimiseur, taux) : 16 pour la grille de l'énoncé.")
    vus = set()
    for entree in table:
        C.expect(isinstance(entree, dict) and {'optimiseur', 'lr', 'pertes', 'pertes_val', 'precisions_val'} <= set(entree), 'Chaque entrée doit être un dictionnaire de clés "optimiseur", "lr", "pertes", "pertes_val" et "precisions_val".')
        vus.add((entree['optimiseur'], round(math.log10(float(entree['lr'])))))
        for cle in ['pertes', 'pertes_val', 'precisions_val']:
            C.expect(len(entree[cle]) == 2, f'`{cle}` doit contenir une valeur par époque (2 ici).')
            for v in entree[cle]:
                C.as_number(v, name=f'une valeur de `{cle}`')
        for v in entree['precisions_val']:
            C.expect_in_range(v, 0.0, 1.0, name='une précision de validation')
    C.expect(vus == {(n, k) for n in noms for k in (-4, -3, -2, -1)}, 'La table ne contient pas exactement une entrée par couple (optimiseur, taux).', hint='deux boucles imbriquées : pour chaque nom, pour chaque taux.')

@test_case(points=None, hidden=True)
def test_valeurs_plein_lot(recherche_grille):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    fabrique_modele = C.code('def fabrique_modele():\n    gen = torch.Generator().manual_seed(21)\n    modele = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 16), torch.nn.ReLU(), torch.nn.Linear(16, 10))\n    with torch.no_grad():\n        for p in modele.parameters():\n            p.copy_(0.05 * torch.randn(p.shape, generator=gen))\n    return modele')
    fabrique_optimiseur = C.code("def fabrique_optimiseur(nom, parametres, lr):\n    if nom == 'sgd':\n        return torch.optim.SGD(parametres, lr=lr)\n    if nom == 'momentum':\n        return torch.optim.SGD(parametres, lr=lr, momentum=0.9)\n    return torch.optim.Adam(parametres, lr=lr)")
    gen = torch.Generator().manual_seed(22)
    x, y = (torch.rand(96, 1, 28, 28, generator=gen), torch.randint(0, 10, (96,), generator=gen))
    xv, yv = (torch.rand(40, 1, 28, 28, generator=gen), torch.randint(0, 10, (40,), generator=gen))
    noms, lrs = (['sgd', 'momentum', 'adam'], [0.01, 0.1])
    table = C.call(recherche_grille, fabrique_modele, fabrique_optimiseur, list(noms), list(lrs), x, y, xv, yv, 3, 96, name='recherche_grille')
    C.expect(isinstance(table, list) and len(table) == 6, '`recherche_grille` doit renvoyer une entrée par couple (optimiseur, taux).')
    for nom in noms:
        for lr in lrs:
            entree = [e for e in table if isinstance(e, dict) and e.get('optimiseur') == nom and (abs(float(e.get('lr', -1)) - lr) < 1e-12)]
            C.expect(len(entree) == 1, f"La table n'a pas d'entrée unique pour ('{nom}', {lr}).")
            modele = fabrique_modele()
            opt = fabrique_optimiseur(nom, modele.parameters(), lr)
            attendu = {'pertes': [], 'pertes_val': [], 'precisions_val': []}
            for _ in range(3):
                perte = F.cross_entropy(modele(x), y)
                opt.zero_grad()
                perte.backward()
                opt.step()
                attendu['pertes'].append(perte.item())
                with torch.no_grad():
                    logits = modele(xv)
                    attendu['pertes_val'].append(F.cross_entropy(logits, yv).item())
                    attendu['precisions_val'].append((logits.argmax(dim=1) == yv).double().mean().item())
            for cle, tol in [('pertes', 0.0001), ('pertes_val', 0.0001), ('precisions_val', 0.03)]:
                got = torch.tensor([C.as_number(v, name=cle) for v in entree[0][cle]], dtype=torch.float64)
                C.expect_close(got, torch.tensor(attendu[cle], dtype=torch.float64), rtol=tol, atol=tol, name=f"{cle} de ('{nom}', lr={lr}), un lot par époque", hint="un modèle neuf par configuration ; à chaque lot zero_grad(), backward(), step() ; mesures de validation après l'époque, sur les logits.")

@test_case(points=None, hidden=True)
def test_lots_melanges_et_mesures(recherche_grille):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    gen = torch.Generator().manual_seed(44)
    n, nv, epochs, taille_lot = (30, 12, 3, 8)
    x = torch.cat([torch.arange(n, dtype=torch.float32)[:, None], torch.randn(n, 3, generator=gen)], dim=1)
    xv = torch.cat([1000 + torch.arange(nv, dtype=torch.float32)[:, None], torch.randn(nv, 3, generator=gen)], dim=1)
    y, yv = (torch.randint(0, 4, (n,), generator=gen), torch.randint(0, 4, (nv,), generator=gen))
    poids, biais = (torch.randn(4, 3, generator=gen), torch.randn(4, generator=gen))
    grille = C.code('def grille(*args):\n    vus = []\n\n    class Enregistreur(torch.nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.lin = torch.nn.Linear(3, 4)\n            with torch.no_grad():\n                self.lin.weight.copy_(poids)\n                self.lin.bias.copy_(biais)\n\n        def forward(self, entree):\n            vus.append(([int(v) for v in entree[:, 0].tolist()], bool(self.training), bool(torch.is_grad_enabled())))\n            return self.lin(entree[:, 1:])\n\n    def fabrique_optimiseur(nom, parametres, lr):\n        return torch.optim.SGD(parametres, lr=lr)\n    table = recherche_grille(Enregistreur, fabrique_optimiseur, *args)\n    return (table, vus)', biais=biais, poids=poids, recherche_grille=recherche_grille)
    table, vus = C.call(grille, ['sgd'], [0.0], x, y, xv, yv, epochs, taille_lot, name='recherche_grille')
    C.expect(isinstance(table, list) and len(table) == 1 and isinstance(table[0], dict), '`recherche_grille` doit renvoyer une entrée pour une grille à une seule configuration.')
    validation = [v for v in vus if v[0] and min(v[0]) >= 1000]
    C.expect(validation, "`recherche_grille` n'évalue pas le modèle sur (X_val, y_val).")
    C.expect(all((not entrainement for _, entrainement, _g in validation)), 'Les mesures de validation ne sont pas faites en mode évaluation.', hint="modele.eval() avant les mesures de validation, modele.train() avant l'entraînement.")
    C.expect(all((not gradient for _, _m, gradient in validation)), 'Les mesures de validation ne sont pas faites sans gradient.', hint='calculez-les dans un bloc `with torch.no_grad():`.')
    lots = [v for v in vus if v[0] and max(v[0]) < n and v[2]]
    C.expect(all((entrainement for _, entrainement, _g in lots)), "L'entraînement ne se fait pas en mode entraînement à chaque époque.", hint='modele.train() au début de chaque époque (après les mesures en mode évaluation).')
    C.expect(all((len(ids) <= taille_lot for ids, _m, _g in lots)), '`recherche_grille` forme des lots de plus de `batch_size` exemples.')
    ordre = [i for ids, _m, _g in lots for i in ids]
    C.expect(len(ordre) == epochs * n, "Chaque époque doit passer une fois sur chaque exemple d'entraînement.")
    epoques = [ordre[k * n:(k + 1) * n] for k in range(epochs)]
    C.expect(all((sorted(e) == list(range(n)) for e in epoques)), "Chaque époque doit passer exactement une fois sur chaque exemple d'entraînement.")
    C.expect(all((e != list(range(n)) for e in epoques)), "Les exemples ne sont pas mélangés : les lots suivent l'ordre des données.", hint='tirez une permutation (torch.randperm) à chaque époque.')
    C.expect(len({tuple(e) for e in epoques}) == epochs, 'Les exemples ne sont pas mélangés à nouveau à chaque époque.', hint='tirez une nouvelle permutation au début de chaque époque.')
    with torch.no_grad():
        logits, logits_val = (F.linear(x[:, 1:], poids, biais), F.linear(xv[:, 1:], poids, biais))
        attendu = {'pertes': float(F.cross_entropy(logits, y)), 'pertes_val': float(F.cross_entropy(logits_val, yv)), 'precisions_val': float((logits_val.argmax(dim=1) == yv).double().mean())}
    for cle, valeur in attendu.items():
        C.expect(cle in table[0] and len(table[0][cle]) == epochs, f'`{cle}` doit contenir une valeur par époque.')
        got = torch.tensor([C.as_number(v, name=cle) for v in table[0][cle]], dtype=torch.float64)
        C.expect_close(got, torch.full((epochs,), valeur, dtype=torch.float64), rtol=1e-05, atol=1e-06, name=f'{cle} (lots de tailles inégales)', hint='moyenne par exemple : pondérez chaque perte de lot par la taille du lot (le dernier lot est plus petit).' if cle == 'pertes' else 'entropie croisée moyenne et précision sur tout (X_val, y_val).')

