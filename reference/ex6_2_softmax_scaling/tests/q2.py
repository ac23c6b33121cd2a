from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_variance_et_pente_exemple(variance_empirique, pente_proportionnelle):
    import torch
    from autograder import checks as C
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
    v = C.call(variance_empirique, x, name='variance_empirique')
    C.expect(isinstance(v, float), '`variance_empirique` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou .item().')
    C.expect_scalar_close(v, 5.0 / 3.0, name='variance_empirique([1, 2, 3, 4])', reveal=True, hint='estimateur sans biais : divisez par n − 1, pas par n.')
    dims = [16, 64, 256, 1024]
    a = C.call(pente_proportionnelle, dims, 1.5 * torch.tensor(dims, dtype=torch.float64), name='pente_proportionnelle')
    C.expect_scalar_close(a, 1.5, name='pente_proportionnelle(dims, 1.5 · dims)', reveal=True, hint='a = Σ d_i v_i / Σ d_i².')

@test_case(points=None, hidden=True)
def test_variance_empirique_valeurs(variance_empirique):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(40)
    x = 3.0 + 2.0 * torch.randn(37, generator=g, dtype=torch.float64)
    cas = {'un échantillon de 37 valeurs (float64)': (x, float(x.var()), 1e-10), 'deux valeurs': (torch.tensor([2.0, 5.0], dtype=torch.float64), 4.5, 1e-12), 'des valeurs constantes': (torch.full((6,), 7.25, dtype=torch.float64), 0.0, 1e-12), 'un échantillon en float32': (x.float(), float(x.float().double().var()), 1e-05)}
    for quoi, (valeurs, attendu, rtol) in cas.items():
        got = C.expect_unchanged(variance_empirique, valeurs.clone(), name='variance_empirique', hint='calculez sur une copie (x - x.mean()), sans opération en place sur x.')
        C.expect(isinstance(got, float), '`variance_empirique` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou .item().')
        C.expect_scalar_close(got, attendu, name=f'variance_empirique pour {quoi}', rtol=rtol, atol=1e-12, hint='(1/(n − 1)) Σ (x_i − x̄)² : estimateur sans biais, centré sur la moyenne empirique x̄.')

@test_case(points=None, hidden=True)
def test_variances_proportionnelles(variances_scores):
    import math
    import torch
    from autograder import checks as C

    def moments(d_k, echelle):
        """(σ², μ₄) de s = qᵀk (ou qᵀk/√d_k) : E[s²] = d_k et E[s⁴] = 3d_k² + 6d_k pour des
    composantes N(0, 1) (E[(q_i k_i)⁴] = 9, termes croisés 3d_k(d_k − 1))."""
        sigma2, mu4 = (float(d_k), 3.0 * d_k * d_k + 6.0 * d_k)
        if echelle:
            return (1.0, mu4 / d_k ** 2)
        return (sigma2, mu4)

    def tirer(f, nom, graine, args, echelle=False):
        """f(*args, generateur), ou f(*args, generateur, echelle=True), avec generateur =
    torch.Generator().manual_seed(graine), exécuté là où vit f (un générateur ne traverse pas
    la frontière du bac à sable) ; sans echelle, la valeur par défaut de f est éprouvée."""
        avec_graine = C.code('def avec_graine(f, graine, args, kwargs):\n    return f(*args, torch.Generator().manual_seed(graine), **kwargs)')
        kwargs = {'echelle': True} if echelle else {}
        return C.call(avec_graine, C.require(f, nom), graine, list(args), kwargs, name=nom)

    def libelle(nom, args, echelle=False):
        """Le texte de l'appel, pour les messages : scores(2000, 16, generateur, echelle=True)."""
        return f"{nom}({', '.join(map(str, args))}, generateur{(', echelle=True' if echelle else '')})"

    def ecart_type_variance(d_k, n, echelle):
        """(σ², écart-type de l'estimateur sans biais s² sur n scores i.i.d.)."""
        sigma2, mu4 = moments(d_k, echelle)
        return (sigma2, math.sqrt(mu4 / n - sigma2 ** 2 * (n - 3) / (n * (n - 1))))
    n = 6000
    for graine, dims, echelle in ((61, [256, 1, 16, 64], False), (62, [4, 128, 32], True)):
        nom = libelle('variances_scores', (dims, n), echelle)
        v = C.as_tensor(tirer(variances_scores, 'variances_scores', graine, (dims, n), echelle), nom)
        C.expect_shape(v, (len(dims),), name=nom, hint='une variance par élément de dims.')
        C.expect_dtype(v, torch.float64, name=nom)
        for d, got in zip(dims, v.tolist(), strict=True):
            attendu, sd = ecart_type_variance(d, n, echelle)
            C.expect(abs(got - attendu) <= 5 * sd, f"`variances_scores` : pour d_k = {d}{(' avec echelle' if echelle else '')}, la variance s'écarte de plus de 5 écarts-types de la valeur du théorème 6.3.", hint="une variance par d_k de dims, dans l'ordre de dims, chacune sur n scores tirés par scores(n, d_k, generateur, echelle).")

@test_case(points=None, hidden=True)
def test_variances_sans_biais(variances_scores):
    import math
    import torch
    from autograder import checks as C

    def moments(d_k, echelle):
        """(σ², μ₄) de s = qᵀk (ou qᵀk/√d_k) : E[s²] = d_k et E[s⁴] = 3d_k² + 6d_k pour des
    composantes N(0, 1) (E[(q_i k_i)⁴] = 9, termes croisés 3d_k(d_k − 1))."""
        sigma2, mu4 = (float(d_k), 3.0 * d_k * d_k + 6.0 * d_k)
        if echelle:
            return (1.0, mu4 / d_k ** 2)
        return (sigma2, mu4)

    def tirer(f, nom, graine, args, echelle=False):
        """f(*args, generateur), ou f(*args, generateur, echelle=True), avec generateur =
    torch.Generator().manual_seed(graine), exécuté là où vit f (un générateur ne traverse pas
    la frontière du bac à sable) ; sans echelle, la valeur par défaut de f est éprouvée."""
        avec_graine = C.code('def avec_graine(f, graine, args, kwargs):\n    return f(*args, torch.Generator().manual_seed(graine), **kwargs)')
        kwargs = {'echelle': True} if echelle else {}
        return C.call(avec_graine, C.require(f, nom), graine, list(args), kwargs, name=nom)

    def ecart_type_variance(d_k, n, echelle):
        """(σ², écart-type de l'estimateur sans biais s² sur n scores i.i.d.)."""
        sigma2, mu4 = moments(d_k, echelle)
        return (sigma2, math.sqrt(mu4 / n - sigma2 ** 2 * (n - 3) / (n * (n - 1))))
    dims, n, d = ([4] * 1500, 2, 4)
    v = C.as_tensor(tirer(variances_scores, 'variances_scores', 70, (dims, n)), 'variances_scores([4] * 1500, 2, generateur)')
    C.expect_shape(v, (len(dims),), name='variances_scores([4] * 1500, 2, generateur)')
    attendu, sd = ecart_type_variance(d, n, False)
    C.expect(abs(float(v.double().mean()) - attendu) <= 5 * sd / math.sqrt(len(dims)), "`variances_scores` : sur de très petits échantillons (n = 2), la moyenne des variances estimées est loin de d_k : l'estimateur est biaisé.", hint='utilisez variance_empirique (division par n − 1), ou torch.var (sans biais par défaut), pas np.var (qui divise par n).')

@test_case(points=None, hidden=True)
def test_variances_generateur(variances_scores):
    from autograder import checks as C
    for kwargs in ({}, {'echelle': True}):
        v = C.expect_generator_obeyed(variances_scores, [2, 8, 1], 40, name='variances_scores', keyword='generateur', **kwargs)
        C.expect_shape(v, (3,), name='variances_scores([2, 8, 1], 40, generateur=g)')

@test_case(points=None, hidden=True)
def test_pente_moindres_carres(pente_proportionnelle):
    import torch
    from autograder import checks as C
    cas = [([1, 2, 3], [2.0, 3.0, 7.0]), ([16, 64, 256, 1024], [17.1, 60.2, 270.5, 990.0]), ([5], [12.5]), ([3, 1, 2], [0.9, 1.2, 2.2])]
    for dims, variances in cas:
        attendu = sum((d * v for d, v in zip(dims, variances, strict=True))) / sum((d * d for d in dims))
        for forme, valeurs in (('tenseur', torch.tensor(variances, dtype=torch.float64)), ('liste', list(variances))):
            got = C.call(pente_proportionnelle, list(dims), valeurs, name='pente_proportionnelle')
            C.expect(isinstance(got, float), '`pente_proportionnelle` doit renvoyer un flottant Python.', hint='convertissez avec float(...).')
            C.expect_scalar_close(got, attendu, name=f'pente_proportionnelle (variances en {forme})', rtol=1e-10, atol=1e-12, hint="ajustement proportionnel, sans ordonnée à l'origine : a = Σ d_i v_i / Σ d_i² (ni np.polyfit de degré 1, ni moyenne des rapports v_i / d_i).")

