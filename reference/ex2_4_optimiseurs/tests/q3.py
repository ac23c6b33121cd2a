from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_choix_sur_petite_table(meilleurs_lr):
    from autograder import checks as C

    def entree(nom, lr, pertes_val):
        return {'optimiseur': nom, 'lr': lr, 'pertes': [2.0, 1.5], 'pertes_val': list(pertes_val), 'precisions_val': [0.5, 0.6]}
    table = [entree('sgd', 0.01, [2.0, 1.2]), entree('sgd', 0.1, [1.9, 0.9]), entree('adam', 0.001, [1.0, 0.5]), entree('adam', 0.01, [0.9, 0.7])]
    choix = C.call(meilleurs_lr, table, name='meilleurs_lr')
    C.expect(isinstance(choix, dict), '`meilleurs_lr` doit renvoyer un dictionnaire {nom: lr}.', hint='avez-vous oublié le `return` ?')
    C.expect_equal(choix, {'sgd': 0.1, 'adam': 0.001}, name='meilleurs_lr(table)', reveal=True, hint='plus petite perte de validation **finale** pour chaque optimiseur.')

@test_case(points=None, hidden=True)
def test_choix_cas_difficiles(meilleurs_lr):
    import math
    from autograder import checks as C
    import random
    rng = random.Random(31)
    noms, lrs = (['sgd', 'momentum', 'adam', 'adamw'], [0.0001, 0.001, 0.01, 0.1])
    table, attendu = ([], {})
    for nom in noms:
        meilleur = rng.choice(lrs)
        diverge = rng.choice([lr for lr in lrs if lr != meilleur])
        attendu[nom] = meilleur
        for lr in lrs:
            finale = 0.3 + rng.random() * 0.1 if lr == meilleur else 0.5 + rng.random()
            if lr == diverge:
                finale = math.nan if nom in ('sgd', 'adam') else math.inf
            debut = 0.1 if lr != meilleur else 2.5
            table.append({'optimiseur': nom, 'lr': lr, 'pertes': [2.0, 0.01 if lr != meilleur else 1.8], 'pertes_val': [debut, 1.0, finale], 'precisions_val': [0.2, 0.4, 0.9 if lr != meilleur else 0.6]})
    rng.shuffle(table)
    choix = C.call(meilleurs_lr, table, name='meilleurs_lr')
    C.expect(isinstance(choix, dict), '`meilleurs_lr` doit renvoyer un dictionnaire {nom: lr}.')
    C.expect(set(choix) == set(noms), '`meilleurs_lr` doit renvoyer une entrée par optimiseur présent dans la table.')
    for nom in noms:
        C.expect(isinstance(choix[nom], (int, float)) and math.isclose(choix[nom], attendu[nom]), f"`meilleurs_lr` ne choisit pas le bon taux pour '{nom}'.", hint='critère : la plus petite **dernière** valeur de "pertes_val", en écartant les pertes non finies (nan, inf).')

