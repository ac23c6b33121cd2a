from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_scores_exemple(scores):
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

    def moments(d_k, echelle):
        """(σ², μ₄) de s = qᵀk (ou qᵀk/√d_k) : E[s²] = d_k et E[s⁴] = 3d_k² + 6d_k pour des
    composantes N(0, 1) (E[(q_i k_i)⁴] = 9, termes croisés 3d_k(d_k − 1))."""
        sigma2, mu4 = (float(d_k), 3.0 * d_k * d_k + 6.0 * d_k)
        if echelle:
            return (1.0, mu4 / d_k ** 2)
        return (sigma2, mu4)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"
    n, d = (2000, 16)
    for graine, echelle in ((0, False), (1, True)):
        nom = libelle('scores', (n, d), echelle)
        s = C.as_tensor(tirer(scores, 'scores', graine, (n, d), echelle), nom)
        C.expect_shape(s, (n,), name=nom, hint='un score par paire : forme (n,).')
        C.expect_dtype(s, torch.float64, name=nom, hint='tirez en float64 (dtype=torch.float64).')
        sigma2, mu4 = moments(d, echelle)
        m2, tol = (float((s ** 2).mean()), 5 * math.sqrt((mu4 - sigma2 ** 2) / n))
        C.expect(abs(m2 - sigma2) <= tol, f'`{nom}` : la moyenne des carrés des scores vaut {m2:.3f}, attendu {sigma2:g} ± {tol:.3f} (5 écarts-types).', hint='qᵀk = Σ_i q_i k_i (une somme, pas une moyenne) ; avec echelle, divisez par √d_k (math.sqrt(d_k)), pas par d_k.')

@test_case(points=None, hidden=True)
def test_scores_loi_exacte(scores):
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

    def probabilites_intervalles(bords, survie):
        """P(X dans chaque intervalle délimité par `bords`) pour une loi symétrique de fonction de
    survie `survie(x) = P(X > x)`, x ≥ 0 (len(bords) + 1 intervalles)."""

        def repartition(x):
            return 1.0 - survie(x) if x >= 0 else survie(-x)
        cdf = [0.0] + [repartition(float(b)) for b in bords] + [1.0]
        return torch.tensor([b - a for a, b in zip(cdf[:-1], cdf[1:], strict=True)], dtype=torch.float64)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"
    n = 20000
    bords = torch.tensor([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0], dtype=torch.float64)
    cas = ((2, False, lambda x: math.exp(-x) / 2, bords), (4, True, lambda x: (2 + 2 * x) * math.exp(-2 * x) / 4, bords / 2))
    for graine, (d, echelle, survie, b) in enumerate(cas):
        nom = libelle('scores', (n, d), echelle)
        s = C.as_tensor(tirer(scores, 'scores', 20 + graine, (n, d), echelle), nom)
        C.expect_shape(s, (n,), name=nom)
        C.expect_frequencies(torch.bucketize(s.to(torch.float64), b), probabilites_intervalles(b, survie), name=f'répartition des valeurs de {nom}', hint='tirez n paires (q, k) indépendantes (une requête par paire, pas une seule requête réutilisée), composantes N(0, 1) (torch.randn), et sommez les produits q_i k_i.')

@test_case(points=None, hidden=True)
def test_scores_moments(scores):
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

    def moments(d_k, echelle):
        """(σ², μ₄) de s = qᵀk (ou qᵀk/√d_k) : E[s²] = d_k et E[s⁴] = 3d_k² + 6d_k pour des
    composantes N(0, 1) (E[(q_i k_i)⁴] = 9, termes croisés 3d_k(d_k − 1))."""
        sigma2, mu4 = (float(d_k), 3.0 * d_k * d_k + 6.0 * d_k)
        if echelle:
            return (1.0, mu4 / d_k ** 2)
        return (sigma2, mu4)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"
    for graine, (n, d, echelle) in enumerate(((20000, 1, False), (10000, 64, False), (8000, 256, False), (10000, 64, True), (8000, 256, True))):
        nom = libelle('scores', (n, d), echelle)
        s = C.as_tensor(tirer(scores, 'scores', 30 + graine, (n, d), echelle), nom)
        C.expect_shape(s, (n,), name=nom)
        sigma2, mu4 = moments(d, echelle)
        s = s.to(torch.float64)
        C.expect(abs(float(s.mean())) <= 5 * math.sqrt(sigma2 / n), f'Les valeurs de `{nom}` ne sont pas centrées.', hint='composantes de loi N(0, 1) (torch.randn), pas uniformes (torch.rand).')
        C.expect(abs(float((s ** 2).mean()) - sigma2) <= 5 * math.sqrt((mu4 - sigma2 ** 2) / n), f"Le second moment de `{nom}` s'écarte de {('1' if echelle else 'd_k')} de plus de 5 écarts-types.", hint='qᵀk = Σ_i q_i k_i (somme sur les d_k composantes) ; avec echelle=True, divisez par √d_k ; sans echelle (défaut), ne divisez pas.')

@test_case(points=None, hidden=True)
def test_scores_generateur(scores):
    from autograder import checks as C
    for kwargs in ({}, {'echelle': True}):
        s = C.expect_generator_obeyed(scores, 50, 8, name='scores', keyword='generateur', **kwargs)
        C.expect_shape(s, (50,), name='scores(50, 8, generateur=g)')

