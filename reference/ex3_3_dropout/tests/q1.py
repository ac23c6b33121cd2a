from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_dropout_public(dropout_inverse):
    import torch
    from autograder import checks as C
    torch.manual_seed(0)
    x = torch.arange(1.0, 201.0).reshape(10, 20)
    out = C.as_tensor(C.call(dropout_inverse, x.clone(), 0.25, True, name='dropout_inverse'), 'dropout_inverse(x, 0.25)')
    C.expect_shape(out, (10, 20), name='dropout_inverse(x, 0.25)')
    kept = out != 0
    C.expect(bool(kept.any()) and bool((~kept).any()), '`dropout_inverse(x, 0.25)` en entraînement devrait annuler une partie des 200 entrées et conserver les autres.')
    C.expect_close(out[kept], x[kept] / 0.75, name='entrées conservées de dropout_inverse(x, 0.25)', reveal=True, hint='les entrées conservées sont divisées par 1 − p.')
    C.expect_close(C.call(dropout_inverse, x.clone(), 0.25, False, name='dropout_inverse'), x, name='dropout_inverse(x, 0.25, entrainement=False)', reveal=True, hint="en évaluation, le Dropout inversé est l'identité.")

@test_case(points=None, hidden=True)
def test_dropout_echelle_exacte(dropout_inverse):
    import torch
    from autograder import checks as C
    torch.manual_seed(11)
    g = torch.Generator().manual_seed(12)
    for p, shape in [(0.1, (7, 9)), (0.35, (4, 5, 6)), (0.8, (30, 11))]:
        sign = torch.where(torch.rand(shape, generator=g) < 0.5, -1.0, 1.0)
        x = (sign * (0.5 + torch.rand(shape, generator=g))).to(torch.float64)
        out, (x_in, _, _) = C.call_seeing_arguments(dropout_inverse, x.clone(), p, True, name='dropout_inverse')
        out = C.as_tensor(out, f'dropout_inverse(x, {p})')
        C.expect_shape(out, shape, name=f'dropout_inverse(x, {p})')
        C.expect(out.dtype == torch.float64, f'`dropout_inverse` renvoie un tenseur {out.dtype} pour une entrée float64.', hint='tirez le masque avec dtype=x.dtype.')
        C.expect(torch.equal(x_in, x), '`dropout_inverse` modifie son entrée `x` en place.', hint='renvoyez un nouveau tenseur x * masque / (1 − p).')
        kept = out != 0
        C.expect_close(out[kept], x[kept] / (1 - p), rtol=1e-12, atol=1e-15, name=f'entrées conservées de dropout_inverse(x, {p})', hint='une entrée conservée vaut exactement x / (1 − p) (et non x, x / p ou x · (1 − p)).')
    forbidden = {'dropout', 'Dropout', 'dropout_', 'native_dropout', 'feature_dropout', 'alpha_dropout', 'Dropout1d', 'Dropout2d'}
    C.expect_not_using(dropout_inverse, forbidden, name='dropout_inverse', hint='tirez le masque vous-même avec torch.rand.')

@test_case(points=None, hidden=True)
def test_dropout_taux_et_independance(dropout_inverse):
    import math
    import torch
    from autograder import checks as C
    torch.manual_seed(21)
    x = 0.5 + torch.rand(400, 500, dtype=torch.float64)
    n = x.numel()
    for p in (0.3, 0.8):
        out = C.as_tensor(C.call(dropout_inverse, x.clone(), p, True, name='dropout_inverse'), f'dropout_inverse(x, {p})')
        C.expect_shape(out, (400, 500), name=f'dropout_inverse(x, {p})')
        kept = out != 0
        constant_rows = float((kept.all(dim=1) | (~kept).all(dim=1)).double().mean())
        constant_cols = float((kept.all(dim=0) | (~kept).all(dim=0)).double().mean())
        C.expect(constant_rows < 0.01 and constant_cols < 0.01, f"Le masque de `dropout_inverse(x, {p})` n'est pas tiré indépendamment pour chaque entrée : {100 * constant_rows:.0f} % des lignes et {100 * constant_cols:.0f} % des colonnes sont entièrement conservées ou entièrement annulées.", hint='tirez un masque de la forme complète x.shape, pas un masque partagé par tous les exemples du lot.')
        rate = float(kept.double().mean())
        z = abs(rate - (1 - p)) / math.sqrt(p * (1 - p) / n)
        C.expect(z <= 6.0, f'`dropout_inverse(x, {p})` conserve {100 * rate:.2f} % des {n} entrées : écart de {z:.1f} écarts-types binomiaux à la proportion attendue (tolérance 6 écarts-types).', hint='chaque entrée est conservée avec probabilité 1 − p : gardez u ≥ p (et non u < p).')

@test_case(points=None, hidden=True)
def test_dropout_esperance(dropout_inverse):
    import math
    import torch
    from autograder import checks as C
    torch.manual_seed(31)
    g = torch.Generator().manual_seed(32)
    x = torch.randn(6, 7, generator=g, dtype=torch.float64)
    x = torch.where(x.abs() < 0.2, x + 0.5, x)
    reps, p = (20000, 0.3)
    batch = x.expand(reps, 6, 7).clone()
    out = C.as_tensor(C.call(dropout_inverse, batch, p, True, name='dropout_inverse'), 'dropout_inverse(x, 0.3)')
    C.expect_shape(out, (reps, 6, 7), name='dropout_inverse(x, 0.3)')
    sigma = x.abs() * math.sqrt(p / ((1 - p) * reps))
    z = float(((out.mean(dim=0) - x).abs() / sigma).max())
    C.expect(z <= 6.0, f"La moyenne de {reps} tirages de `dropout_inverse(x, 0.3)` s'écarte de x de {z:.1f} écarts-types (tolérance 6) : l'espérance n'est pas conservée.", hint='E[m / (1 − p)] = 1 : divisez par 1 − p, pas par p, et tirez un masque indépendant pour chaque exemple du lot.')

@test_case(points=None, hidden=True)
def test_dropout_evaluation_et_gradient(dropout_inverse):
    import torch
    from autograder import checks as C
    sonde = C.code('def sonde(x):\n    x = x.clone().requires_grad_(True)\n    y = dropout_inverse(x, 0.35, True)\n    if not isinstance(y, torch.Tensor):\n        return (type(y).__name__, None)\n    if not y.requires_grad:\n        return (y.detach(), None)\n    grad, = torch.autograd.grad(y.sum(), x, allow_unused=True)\n    return (y.detach(), grad)', dropout_inverse=dropout_inverse)
    torch.manual_seed(41)
    x = torch.randn(5, 3, 4, dtype=torch.float64)
    for p in (0.2, 0.9):
        C.expect_close(C.call(dropout_inverse, x.clone(), p, False, name='dropout_inverse'), x, rtol=0.0, atol=0.0, name=f'dropout_inverse(x, {p}, entrainement=False)', hint="en évaluation, le Dropout inversé est l'identité (pas de masque, pas de facteur).")
    C.expect_close(C.call(dropout_inverse, x.clone(), 0.0, True, name='dropout_inverse'), x, rtol=1e-15, atol=0.0, name='dropout_inverse(x, 0.0) en entraînement', hint="avec p = 0, aucune entrée n'est annulée (u ≥ 0 toujours).")
    x = 0.5 + torch.rand(8, 9, dtype=torch.float64)
    y, grad = C.call(sonde, x, name='dropout_inverse')
    C.expect(isinstance(y, torch.Tensor), '`dropout_inverse` doit renvoyer un tenseur.')
    C.expect(grad is not None, "La sortie de `dropout_inverse` ne dépend pas de `x` dans le graphe d'autograd.", hint='un `.detach()`, `.data` ou passage par numpy coupe le graphe.')
    C.expect_close(grad, y / x, rtol=1e-12, atol=1e-15, name='gradient de la somme de dropout_inverse(x, 0.35)', hint='le gradient vaut m / (1 − p) : la sortie doit être calculée à partir de x dans le graphe (pas de detach(), de .data ni de passage par numpy).')

@test_case(points=None, hidden=True)
def test_dropout_generateur_impose(dropout_inverse):
    import torch
    from autograder import checks as C
    tirer = C.code('def tirer(x, p, graine, graine_globale):\n    torch.manual_seed(graine_globale)\n    y = dropout_inverse(x, p, True, generateur=torch.Generator().manual_seed(graine))\n    return (y, torch.rand(4, dtype=torch.float64))', dropout_inverse=dropout_inverse)
    g = torch.Generator().manual_seed(51)
    x = (0.5 + torch.rand(30, 40, generator=g, dtype=torch.float64)) * torch.where(torch.rand(30, 40, generator=g) < 0.5, -1.0, 1.0).to(torch.float64)
    p, label = (0.3, 'dropout_inverse(x, 0.3, generateur=g)')
    draws = {}
    for graine, graine_globale in ((7, 100), (7, 200), (8, 100)):
        y, suivant = C.call(tirer, x.clone(), p, graine, graine_globale, name='dropout_inverse')
        draws[graine, graine_globale] = C.as_tensor(y, label).to(torch.float64)
        torch.manual_seed(graine_globale)
        C.expect(torch.equal(C.as_tensor(suivant, 'torch.rand'), torch.rand(4, dtype=torch.float64)), f"`{label}` tire dans le générateur global de PyTorch alors qu'un générateur lui est donné.", hint="passez generator=generateur à torch.rand et ne tirez rien d'autre.")
    C.expect(torch.equal(draws[7, 100], draws[7, 200]), f"`{label}` ne donne pas le même masque pour un même état du générateur `g` : le tirage dépend d'autre chose que de `generateur`.", hint='tirez u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device).')
    C.expect(not torch.equal(draws[7, 100], draws[8, 100]), f'`{label}` donne le même masque pour deux générateurs dans des états différents : le générateur donné est ignoré.', hint='passez generator=generateur à torch.rand.')
    u = torch.rand(x.shape, generator=torch.Generator().manual_seed(7), dtype=x.dtype)
    C.expect_close(draws[7, 100], torch.where(u >= p, x / (1 - p), torch.zeros_like(x)), rtol=1e-12, atol=0.0, name=label, hint='le tirage est imposé : u = torch.rand(x.shape, generator=generateur, dtype=x.dtype, device=x.device), entrée conservée si u ≥ p.')

@test_case(points=None, hidden=True)
def test_dropout_generateur_global(dropout_inverse):
    import torch
    from autograder import checks as C
    tirer = C.code('def tirer(x, p, graine_globale):\n    torch.manual_seed(graine_globale)\n    return (dropout_inverse(x, p, True), dropout_inverse(x, p, True))', dropout_inverse=dropout_inverse)
    g = torch.Generator().manual_seed(61)
    x = (0.5 + torch.rand(20, 30, generator=g, dtype=torch.float64)) * torch.where(torch.rand(20, 30, generator=g) < 0.5, -1.0, 1.0).to(torch.float64)
    p, label = (0.4, 'dropout_inverse(x, 0.4) sans générateur')
    draws = {}
    for graine_globale in (300, 301):
        pair = C.call(tirer, x.clone(), p, graine_globale, name='dropout_inverse')
        draws[graine_globale] = [C.as_tensor(y, label).to(torch.float64) for y in pair]
    C.expect(not torch.equal(draws[300][0], draws[300][1]), f'Deux appels successifs de `{label}` donnent le même masque.', hint='avec generateur=None, tirez dans le générateur global de PyTorch (torch.rand(..., generator=None)) au lieu de créer un générateur neuf.')
    C.expect(not torch.equal(draws[300][0], draws[301][0]), f'`{label}` ne dépend pas de la graine globale de PyTorch (torch.manual_seed).', hint="avec generateur=None, c'est le générateur global qui est utilisé.")
    torch.manual_seed(300)
    for k in range(2):
        u = torch.rand(x.shape, dtype=x.dtype)
        C.expect_close(draws[300][k], torch.where(u >= p, x / (1 - p), torch.zeros_like(x)), rtol=1e-12, atol=0.0, name=f'{label} (appel {k + 1} après torch.manual_seed)', hint='le tirage est imposé même sans générateur : u = torch.rand(x.shape, generator=None, dtype=x.dtype, device=x.device) dans le générateur global, entrée conservée si u ≥ p.')

@test_case(points=None, hidden=True)
def test_dropout_valeur_par_defaut(dropout_inverse):
    import torch
    from autograder import checks as C
    torch.manual_seed(71)
    x = 0.5 + torch.rand(20, 30, dtype=torch.float64)
    out = C.as_tensor(C.call(dropout_inverse, x.clone(), 0.5, name='dropout_inverse'), 'dropout_inverse(x, 0.5)')
    C.expect_shape(out, (20, 30), name='dropout_inverse(x, 0.5)')
    kept = out != 0
    C.expect(bool(kept.any()) and bool((~kept).any()), "`dropout_inverse(x, p)` appelé sans `entrainement` n'applique pas le Dropout.", hint='la valeur par défaut est entrainement=True.')

