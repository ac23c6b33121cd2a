from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_balayage_renvoie_le_minimum(balayage_lr):
    import math
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(7)
    X = torch.randn(64, 16, generator=g)
    y = torch.randint(0, 8, (64,), generator=g)
    grille = [0.001, 0.01, 0.1]
    result = C.call(balayage_lr, 'mup', 16, grille, X, y, 8, 5, 32, 0, name='balayage_lr')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`balayage_lr` doit renvoyer le couple (meilleur_lr, pertes_finales).')
    meilleur, finales = result
    C.expect(isinstance(finales, list | tuple) and len(finales) == 3, '`pertes_finales` doit contenir une perte par LR de la grille (ici 3).')
    valeurs = [float(C.as_tensor(v, 'pertes_finales[i]').reshape(())) for v in finales]
    valeurs = [v if math.isfinite(v) else math.inf for v in valeurs]
    best = C.as_number(meilleur, 'meilleur_lr')
    C.expect(any((math.isclose(best, lr) for lr in grille)), f"`meilleur_lr` vaut {best:g}, ce n'est pas une valeur de la grille {grille}.", hint='renvoyez le LR lui-même, pas son indice.')
    C.expect_scalar_close(best, grille[min(range(3), key=lambda i: valeurs[i])], name='meilleur_lr', reveal=True, hint='le meilleur LR est celui de plus petite perte finale.')

@test_case(points=None, hidden=True)
def test_balayage_contre_reference(balayage_lr, init_mlp):
    import math
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 16, generator=g)
    y = torch.randint(0, 8, (256,), generator=g)
    grille = [2.0 ** k for k in range(-8, -1)]
    n, n0 = (64, 32)

    def final_loss(p, lr):
        p = {k: v.detach().clone().requires_grad_(True) for k, v in p.items()}
        mult = {'W1': 1.0, 'W2': n0 / n, 'W3': n0 / n}
        opt = torch.optim.Adam([{'params': [p[k]], 'lr': lr * mult.get(k, 1.0)} for k in p])
        for _ in range(10):
            h = F.relu(F.linear(F.relu(F.linear(X, p['W1'], p['b1'])), p['W2'], p['b2']))
            loss = F.cross_entropy(F.linear(h, p['W3'], p['b3']), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        with torch.no_grad():
            h = F.relu(F.linear(F.relu(F.linear(X, p['W1'], p['b1'])), p['W2'], p['b2']))
            value = float(F.cross_entropy(F.linear(h, p['W3'], p['b3']), y))
        return value if math.isfinite(value) else math.inf
    p0 = C.call(init_mlp, 16, n, 8, 'mup', n0, 4, name='init_mlp')
    C.expect(isinstance(p0, dict), '`init_mlp` doit renvoyer un dictionnaire.')
    p0 = {k: C.as_tensor(v, f"init_mlp(...)['{k}']").float() for k, v in p0.items()}
    oracle = [final_loss(p0, lr) for lr in grille]
    result = C.call(balayage_lr, 'mup', n, grille, X, y, 8, 10, n0, 4, name='balayage_lr')
    C.expect(isinstance(result, tuple) and len(result) == 2 and (len(result[1]) == len(grille)), '`balayage_lr` doit renvoyer (meilleur_lr, pertes_finales), une perte par LR.')
    best = C.as_number(result[0], 'meilleur_lr')
    index = [i for i, lr in enumerate(grille) if math.isclose(best, lr)]
    C.expect(len(index) == 1, f"`meilleur_lr` vaut {best:g}, ce n'est pas une valeur de la grille.", hint='renvoyez le LR lui-même, pas son indice.')
    C.expect(oracle[index[0]] <= 1.01 * min(oracle) + 1e-06, "`balayage_lr` ne choisit pas le LR de plus petite perte finale après `pas` pas d'Adam avec les LR de µP.", hint='même initialisation (graine) pour chaque LR ; LR η·n0/n pour W2 et W3, η pour W1 et les biais ; critère : pertes[-1] ; et `entrainer` doit être juste.')
    finales = torch.tensor([C.as_number(v, 'pertes_finales') if math.isfinite(float(v)) else math.inf for v in result[1]])
    C.expect_close(finales, torch.tensor(oracle), name='balayage_lr(...)[1] (pertes finales)', rtol=0.001, atol=0.0001, hint='une perte par LR : la perte après le dernier des `pas` pas (pertes[-1]).')

@test_case(points=None, hidden=True)
def test_balayage_divergence_nan(balayage_lr):
    import math
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(7)
    X = torch.randn(64, 16, generator=g)
    y = torch.randint(0, 8, (64,), generator=g)
    grille = [1e+20, 0.01, 0.1]
    result = C.call(balayage_lr, 'mup', 16, grille, X, y, 8, 5, 32, 0, name='balayage_lr')
    C.expect(isinstance(result, tuple) and len(result) == 2 and (len(result[1]) == 3), '`balayage_lr` doit renvoyer (meilleur_lr, pertes_finales), une perte par LR.')
    finales = [float(v) for v in result[1]]
    C.expect(finales[0] == math.inf, 'Une perte finale `nan` ou infinie doit être remplacée par `+inf` dans `pertes_finales`.', hint='math.isfinite(perte) ; sinon math.inf.')
    best = float(result[0])
    C.expect(not math.isclose(best, 1e+20), "`balayage_lr` retient un LR dont l'entraînement a divergé (perte nan).", hint="min avec une clé nan ne fonctionne pas : remplacez nan par +inf d'abord.")

@test_case(points=None, hidden=True)
def test_transfert_mup(balayage_lr):
    import math
    import torch
    from autograder import checks as C

    def decalage_du_meilleur_lr(balayage_lr, parametrisation):
        """Pas de grille (log2) dont le meilleur LR bouge entre les largeurs 32 et 256."""
        g = torch.Generator().manual_seed(3)
        X = torch.randn(512, 16, generator=g)
        W = torch.randn(16, 64, generator=g) / 4
        V = torch.randn(64, 8, generator=g) / 8
        y = (torch.tanh(X @ W) @ V).argmax(dim=1)
        flip = torch.rand(512, generator=g) < 0.5
        y = torch.where(flip, torch.randint(0, 8, (512,), generator=g), y)
        grille = [2.0 ** k for k in range(-8, -1)]
        best = {}
        for n in (32, 256):
            result = C.call(balayage_lr, parametrisation, n, grille, X, y, 8, 20, 32, 4, name='balayage_lr')
            C.expect(isinstance(result, tuple) and len(result) == 2, '`balayage_lr` doit renvoyer le couple (meilleur_lr, pertes_finales).')
            value = C.as_number(result[0], 'meilleur_lr')
            C.expect(any((math.isclose(value, lr) for lr in grille)), f"`meilleur_lr` vaut {value:g}, ce n'est pas une valeur de la grille.", hint='renvoyez le LR lui-même, pas son indice.')
            best[n] = math.log2(value)
        return best[256] - best[32]
    shift = decalage_du_meilleur_lr(balayage_lr, 'mup')
    C.expect(abs(shift) <= 1.01, f"En µP, le meilleur LR à la largeur 256 devrait rester à un pas de grille au plus de celui trouvé à la largeur de base 32 ; il s'est décalé de {shift:+.0f} pas (×2 par pas).", hint='vérifiez les multiplicateurs de LR (η/m pour W2 et W3) et la variance de sortie (n0/n²) utilisés par balayage_lr.')

@test_case(points=None, hidden=True)
def test_derive_en_sp(balayage_lr):
    import math
    import torch
    from autograder import checks as C

    def decalage_du_meilleur_lr(balayage_lr, parametrisation):
        """Pas de grille (log2) dont le meilleur LR bouge entre les largeurs 32 et 256."""
        g = torch.Generator().manual_seed(3)
        X = torch.randn(512, 16, generator=g)
        W = torch.randn(16, 64, generator=g) / 4
        V = torch.randn(64, 8, generator=g) / 8
        y = (torch.tanh(X @ W) @ V).argmax(dim=1)
        flip = torch.rand(512, generator=g) < 0.5
        y = torch.where(flip, torch.randint(0, 8, (512,), generator=g), y)
        grille = [2.0 ** k for k in range(-8, -1)]
        best = {}
        for n in (32, 256):
            result = C.call(balayage_lr, parametrisation, n, grille, X, y, 8, 20, 32, 4, name='balayage_lr')
            C.expect(isinstance(result, tuple) and len(result) == 2, '`balayage_lr` doit renvoyer le couple (meilleur_lr, pertes_finales).')
            value = C.as_number(result[0], 'meilleur_lr')
            C.expect(any((math.isclose(value, lr) for lr in grille)), f"`meilleur_lr` vaut {value:g}, ce n'est pas une valeur de la grille.", hint='renvoyez le LR lui-même, pas son indice.')
            best[n] = math.log2(value)
        return best[256] - best[32]
    shift = decalage_du_meilleur_lr(balayage_lr, 'sp')
    C.expect(shift <= -1.99, f"En SP, le meilleur LR devrait baisser d'au moins deux pas de grille (facteur 4) entre les largeurs 32 et 256 ; il s'est décalé de {shift:+.0f} pas.", hint='en SP, tous les paramètres gardent le LR η et la sortie une variance 1/n : balayage_lr doit bien utiliser la paramétrisation demandée.')

