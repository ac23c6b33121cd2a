from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=None, hidden=False)
def test_jacobienne_exemple(jacobienne_softmax):
    import torch
    from autograder import checks as C

    def jacobienne_autograd(z):
        """∂softmax(z)/∂z par autograd, en float64, pour z de forme (..., n) : (..., n, n)."""
        z = z.detach().to(torch.float64)
        lignes = z.reshape(-1, z.shape[-1])
        J = torch.stack([torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), v) for v in lignes])
        return J.reshape(*z.shape, z.shape[-1])
    nom = 'jacobienne_softmax(torch.zeros(3))'
    J = C.as_tensor(C.call(jacobienne_softmax, torch.zeros(3, dtype=torch.float64), name='jacobienne_softmax'), nom)
    C.expect_shape(J, (3, 3), name=nom, hint='pour z de forme (n,), J est de forme (n, n).')
    C.expect_close(J, jacobienne_autograd(torch.zeros(3)), name=nom, reveal=True, hint='J = diag(p) − p pᵀ : ici p = (1/3, 1/3, 1/3).')

@test_case(points=None, hidden=True)
def test_jacobienne_contre_autograd(jacobienne_softmax):
    import torch
    from autograder import checks as C

    def jacobienne_autograd(z):
        """∂softmax(z)/∂z par autograd, en float64, pour z de forme (..., n) : (..., n, n)."""
        z = z.detach().to(torch.float64)
        lignes = z.reshape(-1, z.shape[-1])
        J = torch.stack([torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), v) for v in lignes])
        return J.reshape(*z.shape, z.shape[-1])
    g = torch.Generator().manual_seed(90)
    for forme, echelle in (((5,), 2.0), ((2, 3, 4), 3.0), ((4, 6), 0.5), ((1, 7), 15.0)):
        z = echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        nom = f'jacobienne_softmax(z) pour z de forme {forme}'
        J = C.as_tensor(C.call(jacobienne_softmax, z.clone(), name='jacobienne_softmax'), nom)
        C.expect_shape(J, (*forme, forme[-1]), name=nom, hint='une matrice (n, n) par vecteur de scores : forme (..., n, n).')
        C.expect_close(J, jacobienne_autograd(z), name=nom, rtol=1e-09, atol=1e-12, hint='J_ij = p_i (δ_ij − p_j) avec p = softmax(z) sur la dernière dimension : diag(p) − p pᵀ (signe moins, produit extérieur p_i p_j).')

@test_case(points=None, hidden=True)
def test_jacobienne_stable_type_argument(jacobienne_softmax):
    import torch
    from autograder import checks as C

    def jacobienne_autograd(z):
        """∂softmax(z)/∂z par autograd, en float64, pour z de forme (..., n) : (..., n, n)."""
        z = z.detach().to(torch.float64)
        lignes = z.reshape(-1, z.shape[-1])
        J = torch.stack([torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), v) for v in lignes])
        return J.reshape(*z.shape, z.shape[-1])
    z = torch.tensor([[10000.0, 0.0, -10000.0], [10000.0, 10000.0, 0.0], [0.2, -0.7, 0.4]], dtype=torch.float64)
    J64, J32 = C.expect_dtype_kept(jacobienne_softmax, z.clone(), name='jacobienne_softmax', hint="n'imposez pas de type : calculez dans celui de z.")
    attendu = jacobienne_autograd(z)
    C.expect_close(J64, attendu, name='jacobienne_softmax sur de grands scores (float64)', rtol=1e-09, atol=1e-12, hint='calculez p par torch.softmax (stable), pas par exp(z) / Σ exp(z) : exp(10⁴) vaut inf.')
    C.expect_close(J32, attendu, name='jacobienne_softmax sur de grands scores (float32)', rtol=0.0001, atol=1e-06, hint='calculez p par torch.softmax (stable).')
    C.expect_unchanged(jacobienne_softmax, z.clone(), name='jacobienne_softmax', hint="pas d'opération en place sur z.")

@test_case(points=None, hidden=True)
def test_jacobienne_sans_autograd(jacobienne_softmax):
    import torch
    from autograder import checks as C

    def jacobienne_autograd(z):
        """∂softmax(z)/∂z par autograd, en float64, pour z de forme (..., n) : (..., n, n)."""
        z = z.detach().to(torch.float64)
        lignes = z.reshape(-1, z.shape[-1])
        J = torch.stack([torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), v) for v in lignes])
        return J.reshape(*z.shape, z.shape[-1])
    z = 2.0 * torch.randn(3, 5, generator=torch.Generator().manual_seed(91), dtype=torch.float64)
    sans_graphe = C.code('def sans_graphe(z):\n    with torch.inference_mode():\n        out = jacobienne_softmax(z)\n    return out.clone() if isinstance(out, torch.Tensor) else out', jacobienne_softmax=jacobienne_softmax)
    sans = '`jacobienne_softmax` doit appliquer la formule diag(p) − p pᵀ, sans autograd (ni `backward`, ni `torch.autograd`, ni `torch.func`).'
    try:
        J = C.call(sans_graphe, z.clone(), name='jacobienne_softmax')
    except C.CheckFailure as exc:
        raise C.CheckFailure(sans, exc.details or [exc.summary], hint="p = softmax(z), puis diag(p) − p pᵀ : aucun graphe de calcul n'est nécessaire.") from None
    C.expect_close(J, jacobienne_autograd(z), name='jacobienne_softmax(z) sans graphe de calcul', rtol=1e-09, atol=1e-12)
    C.expect_not_using(jacobienne_softmax, {'backward', 'autograd', 'jacrev', 'jacfwd', 'vjp', 'jvp', 'hessian', 'requires_grad_'}, name='jacobienne_softmax', hint=sans)

@test_case(points=None, hidden=False)
def test_norme_gradient_exemple(norme_gradient):
    import math
    import torch
    from autograder import checks as C

    def tirer(f, nom, graine, args, echelle=False):
        """f(*args, generateur), ou f(*args, generateur, echelle=True), avec generateur =
    torch.Generator().manual_seed(graine), exécuté là où vit f (un générateur ne traverse pas
    la frontière du bac à sable) ; sans echelle, la valeur par défaut de f est éprouvée."""
        avec_graine = C.code('def avec_graine(f, graine, args, kwargs):\n    return f(*args, torch.Generator().manual_seed(graine), **kwargs)')
        kwargs = {'echelle': True} if echelle else {}
        return C.call(avec_graine, C.require(f, nom), graine, list(args), kwargs, name=nom)

    def norme_attendue(d_k, m, echelle, graine, n=40000):
        """(moyenne, écart-type, n) de ‖diag(p) − p pᵀ‖_F sur n tirages indépendants de l'oracle.
    Sachant q, les z_j = qᵀk_j sont i.i.d. N(0, ‖q‖²) : z = ‖q‖ · N(0, I_m), ‖q‖² tiré comme
    une somme de d_k carrés ; ‖J‖_F² = Σp² − 2Σp³ + (Σp²)² (forme close)."""
        g = torch.Generator().manual_seed(graine)
        r = torch.randn(n, d_k, generator=g, dtype=torch.float64).pow(2).sum(dim=1).sqrt()
        z = r[:, None] * torch.randn(n, m, generator=g, dtype=torch.float64)
        if echelle:
            z = z / math.sqrt(d_k)
        p = torch.softmax(z, dim=1)
        s2 = (p ** 2).sum(dim=1)
        y = (s2 - 2 * (p ** 3).sum(dim=1) + s2 ** 2).clamp_min(0.0).sqrt()
        return (float(y.mean()), float(y.std()), n)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"

    def comparer_norme(norme_gradient, d_k, m, n_tirages, echelle, graine, reveler):
        """norme_gradient(d_k, m, n_tirages, g[, echelle=True]) contre la moyenne de l'oracle, à
    5 écarts-types de la différence de deux moyennes indépendantes."""
        texte = libelle('norme_gradient', (d_k, m, n_tirages), echelle)
        got = tirer(norme_gradient, 'norme_gradient', graine, (d_k, m, n_tirages), echelle)
        C.expect(isinstance(got, float), '`norme_gradient` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez la moyenne avec float(...) ou .item().')
        moyenne, sd, n = norme_attendue(d_k, m, echelle, 1000 + graine)
        tol = 5 * sd * math.sqrt(1 / n_tirages + 1 / n)
        if abs(got - moyenne) > tol:
            attendue = f' (attendu {moyenne:.4f} ± {tol:.4f})' if reveler else ''
            raise C.CheckFailure(f'`{texte}` vaut {got:.4f}, trop loin de la moyenne de ‖J‖_F{attendue}.', hint='une requête q et m clés par tirage, z_j = qᵀk_j (divisé par √d_k seulement si echelle), puis la norme de Frobenius de diag(p) − p pᵀ, moyennée sur les n_tirages tirages.')
    comparer_norme(norme_gradient, 16, 6, 2000, True, 0, True)

@test_case(points=None, hidden=True)
def test_norme_gradient_sans_echelle(norme_gradient):
    import math
    import torch
    from autograder import checks as C

    def tirer(f, nom, graine, args, echelle=False):
        """f(*args, generateur), ou f(*args, generateur, echelle=True), avec generateur =
    torch.Generator().manual_seed(graine), exécuté là où vit f (un générateur ne traverse pas
    la frontière du bac à sable) ; sans echelle, la valeur par défaut de f est éprouvée."""
        avec_graine = C.code('def avec_graine(f, graine, args, kwargs):\n    return f(*args, torch.Generator().manual_seed(graine), **kwargs)')
        kwargs = {'echelle': True} if echelle else {}
        return C.call(avec_graine, C.require(f, nom), graine, list(args), kwargs, name=nom)

    def norme_attendue(d_k, m, echelle, graine, n=40000):
        """(moyenne, écart-type, n) de ‖diag(p) − p pᵀ‖_F sur n tirages indépendants de l'oracle.
    Sachant q, les z_j = qᵀk_j sont i.i.d. N(0, ‖q‖²) : z = ‖q‖ · N(0, I_m), ‖q‖² tiré comme
    une somme de d_k carrés ; ‖J‖_F² = Σp² − 2Σp³ + (Σp²)² (forme close)."""
        g = torch.Generator().manual_seed(graine)
        r = torch.randn(n, d_k, generator=g, dtype=torch.float64).pow(2).sum(dim=1).sqrt()
        z = r[:, None] * torch.randn(n, m, generator=g, dtype=torch.float64)
        if echelle:
            z = z / math.sqrt(d_k)
        p = torch.softmax(z, dim=1)
        s2 = (p ** 2).sum(dim=1)
        y = (s2 - 2 * (p ** 3).sum(dim=1) + s2 ** 2).clamp_min(0.0).sqrt()
        return (float(y.mean()), float(y.std()), n)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"

    def comparer_norme(norme_gradient, d_k, m, n_tirages, echelle, graine, reveler):
        """norme_gradient(d_k, m, n_tirages, g[, echelle=True]) contre la moyenne de l'oracle, à
    5 écarts-types de la différence de deux moyennes indépendantes."""
        texte = libelle('norme_gradient', (d_k, m, n_tirages), echelle)
        got = tirer(norme_gradient, 'norme_gradient', graine, (d_k, m, n_tirages), echelle)
        C.expect(isinstance(got, float), '`norme_gradient` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez la moyenne avec float(...) ou .item().')
        moyenne, sd, n = norme_attendue(d_k, m, echelle, 1000 + graine)
        tol = 5 * sd * math.sqrt(1 / n_tirages + 1 / n)
        if abs(got - moyenne) > tol:
            attendue = f' (attendu {moyenne:.4f} ± {tol:.4f})' if reveler else ''
            raise C.CheckFailure(f'`{texte}` vaut {got:.4f}, trop loin de la moyenne de ‖J‖_F{attendue}.', hint='une requête q et m clés par tirage, z_j = qᵀk_j (divisé par √d_k seulement si echelle), puis la norme de Frobenius de diag(p) − p pᵀ, moyennée sur les n_tirages tirages.')
    for graine, (d_k, m) in enumerate(((2, 6), (16, 5), (128, 6))):
        comparer_norme(norme_gradient, d_k, m, 2000, False, 10 + graine, False)

@test_case(points=None, hidden=True)
def test_norme_gradient_avec_echelle(norme_gradient):
    import math
    import torch
    from autograder import checks as C

    def tirer(f, nom, graine, args, echelle=False):
        """f(*args, generateur), ou f(*args, generateur, echelle=True), avec generateur =
    torch.Generator().manual_seed(graine), exécuté là où vit f (un générateur ne traverse pas
    la frontière du bac à sable) ; sans echelle, la valeur par défaut de f est éprouvée."""
        avec_graine = C.code('def avec_graine(f, graine, args, kwargs):\n    return f(*args, torch.Generator().manual_seed(graine), **kwargs)')
        kwargs = {'echelle': True} if echelle else {}
        return C.call(avec_graine, C.require(f, nom), graine, list(args), kwargs, name=nom)

    def norme_attendue(d_k, m, echelle, graine, n=40000):
        """(moyenne, écart-type, n) de ‖diag(p) − p pᵀ‖_F sur n tirages indépendants de l'oracle.
    Sachant q, les z_j = qᵀk_j sont i.i.d. N(0, ‖q‖²) : z = ‖q‖ · N(0, I_m), ‖q‖² tiré comme
    une somme de d_k carrés ; ‖J‖_F² = Σp² − 2Σp³ + (Σp²)² (forme close)."""
        g = torch.Generator().manual_seed(graine)
        r = torch.randn(n, d_k, generator=g, dtype=torch.float64).pow(2).sum(dim=1).sqrt()
        z = r[:, None] * torch.randn(n, m, generator=g, dtype=torch.float64)
        if echelle:
            z = z / math.sqrt(d_k)
        p = torch.softmax(z, dim=1)
        s2 = (p ** 2).sum(dim=1)
        y = (s2 - 2 * (p ** 3).sum(dim=1) + s2 ** 2).clamp_min(0.0).sqrt()
        return (float(y.mean()), float(y.std()), n)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"

    def comparer_norme(norme_gradient, d_k, m, n_tirages, echelle, graine, reveler):
        """norme_gradient(d_k, m, n_tirages, g[, echelle=True]) contre la moyenne de l'oracle, à
    5 écarts-types de la différence de deux moyennes indépendantes."""
        texte = libelle('norme_gradient', (d_k, m, n_tirages), echelle)
        got = tirer(norme_gradient, 'norme_gradient', graine, (d_k, m, n_tirages), echelle)
        C.expect(isinstance(got, float), '`norme_gradient` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez la moyenne avec float(...) ou .item().')
        moyenne, sd, n = norme_attendue(d_k, m, echelle, 1000 + graine)
        tol = 5 * sd * math.sqrt(1 / n_tirages + 1 / n)
        if abs(got - moyenne) > tol:
            attendue = f' (attendu {moyenne:.4f} ± {tol:.4f})' if reveler else ''
            raise C.CheckFailure(f'`{texte}` vaut {got:.4f}, trop loin de la moyenne de ‖J‖_F{attendue}.', hint='une requête q et m clés par tirage, z_j = qᵀk_j (divisé par √d_k seulement si echelle), puis la norme de Frobenius de diag(p) − p pᵀ, moyennée sur les n_tirages tirages.')
    for graine, (d_k, m) in enumerate(((2, 4), (64, 6), (128, 3))):
        comparer_norme(norme_gradient, d_k, m, 2000, True, 20 + graine, False)

@test_case(points=None, hidden=True)
def test_norme_gradient_generateur(norme_gradient):
    from autograder import checks as C
    for kwargs in ({}, {'echelle': True}):
        got = C.expect_generator_obeyed(norme_gradient, 8, 5, 50, name='norme_gradient', keyword='generateur', **kwargs)
        C.expect(isinstance(got, float), '`norme_gradient` doit renvoyer un flottant Python (pas un tenseur).')

