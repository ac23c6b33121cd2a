from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_diracs_exemple(jsd_diracs, wasserstein_diracs, wasserstein_1d):
    import math
    import torch
    from autograder import checks as C
    theta = torch.tensor([-2.0, 0.0, 0.5], dtype=torch.float64)
    nom = 'jsd_diracs(torch.tensor([-2., 0., 0.5]))'
    got = C.as_tensor(C.call(jsd_diracs, theta.clone(), name='jsd_diracs'), nom)
    C.expect_shape(got, (3,), name=nom)
    C.expect_close(got, torch.tensor([math.log(2), 0.0, math.log(2)], dtype=torch.float64), name=nom, rtol=1e-12, atol=1e-12, reveal=True, hint='pour θ ≠ 0 les supports {0} et {θ} sont disjoints : JSD = ln 2.')
    nom = 'wasserstein_diracs(torch.tensor([-2., 0., 0.5]))'
    got = C.as_tensor(C.call(wasserstein_diracs, theta.clone(), name='wasserstein_diracs'), nom)
    C.expect_shape(got, (3,), name=nom)
    C.expect_close(got, torch.tensor([2.0, 0.0, 0.5], dtype=torch.float64), name=nom, rtol=1e-12, atol=1e-12, reveal=True, hint='toute la masse se déplace de 0 à θ : W = |θ| ≥ 0.')
    x = torch.tensor([0.0, 1.0, 3.0], dtype=torch.float64)
    y = torch.tensor([5.0, 2.0, 1.0], dtype=torch.float64)
    nom = 'wasserstein_1d([0, 1, 3], [5, 2, 1])'
    got = C.as_tensor(C.call(wasserstein_1d, x.clone(), y.clone(), name='wasserstein_1d'), nom)
    C.expect_shape(got, (), name=nom)
    C.expect_close(got, torch.tensor(4.0 / 3.0, dtype=torch.float64), name=nom, rtol=1e-12, atol=1e-12, reveal=True, hint='triez x et y, puis moyenne des |x_(k) − y_(k)| : (|0 − 1| + |1 − 2| + |3 − 5|)/3.')

@test_case(points=None, hidden=True)
def test_diracs_valeurs_exactes(jsd_diracs, wasserstein_diracs):
    import math
    import torch
    from autograder import checks as C

    def jsd_diracs_exacte(theta):
        """ln 2 where θ ≠ 0, 0 where θ = 0, in float64 (ln 2 itself in float64)."""
        t = theta.to(torch.float64)
        return torch.where(t != 0, torch.full_like(t, math.log(2)), torch.zeros_like(t))
    theta = torch.tensor([[0.0, 1e-12, -1e-12, 3.5], [-7.25, 1000000.0, -0.001, 0.0]], dtype=torch.float64)
    nom = 'jsd_diracs(θ) pour θ nul, minuscule, négatif ou grand'
    got = C.as_tensor(C.call(jsd_diracs, theta.clone(), name='jsd_diracs'), nom)
    C.expect_shape(got, (2, 4), name=nom, hint='une valeur par élément de θ.')
    C.expect_close(got, jsd_diracs_exacte(theta), name=nom, rtol=1e-12, atol=1e-15, hint='la JSD vaut ln 2 pour tout θ ≠ 0, si petit soit-il (supports disjoints), et 0 seulement pour θ = 0 : comparez θ à 0 exactement, sans seuil.')
    nom = 'wasserstein_diracs(θ) pour θ nul, minuscule, négatif ou grand'
    got = C.as_tensor(C.call(wasserstein_diracs, theta.clone(), name='wasserstein_diracs'), nom)
    C.expect_shape(got, (2, 4), name=nom, hint='une valeur par élément de θ.')
    C.expect_close(got, theta.abs(), name=nom, rtol=1e-12, atol=1e-300, hint='W = |θ| : une distance est positive, même pour θ < 0.')

@test_case(points=None, hidden=True)
def test_diracs_forme_et_type(jsd_diracs, wasserstein_diracs):
    import math
    import torch
    from autograder import checks as C

    def jsd_diracs_exacte(theta):
        """ln 2 where θ ≠ 0, 0 where θ = 0, in float64 (ln 2 itself in float64)."""
        t = theta.to(torch.float64)
        return torch.where(t != 0, torch.full_like(t, math.log(2)), torch.zeros_like(t))
    g = torch.Generator().manual_seed(82)
    for theta in (torch.randn(3, 2, 2, generator=g, dtype=torch.float64), torch.tensor(-0.75, dtype=torch.float64), torch.tensor([0.0, 2.0, -1e-12])):
        for f, nom_f, attendu in ((jsd_diracs, 'jsd_diracs', jsd_diracs_exacte(theta)), (wasserstein_diracs, 'wasserstein_diracs', theta.abs().to(torch.float64))):
            nom = f'{nom_f}(θ) pour θ de forme {tuple(theta.shape)} en {str(theta.dtype)[6:]}'
            out = C.as_tensor(C.call(f, theta.clone(), name=nom_f), nom)
            C.expect_shape(out, tuple(theta.shape), name=nom)
            C.expect_dtype(out, theta.dtype, name=nom, hint='le résultat a le type de θ ; torch.where(c, 0.0, ln 2) avec deux nombres, ou un booléen multiplié par un nombre, donnent le type par défaut (float32) : partez de θ (torch.zeros_like, torch.full_like, (θ != 0).to(θ.dtype)…).')
            tol = (1e-12, 1e-15) if theta.dtype == torch.float64 else (1e-06, 1e-20)
            C.expect_close(out, attendu, name=nom, rtol=tol[0], atol=tol[1])

@test_case(points=None, hidden=True)
def test_wasserstein_1d_contre_scipy(wasserstein_1d):
    import torch
    from autograder import checks as C

    def w_scipy(x, y):
        """The oracle: SciPy's 1-D Wasserstein distance between the two empirical samples."""
        from scipy.stats import wasserstein_distance
        return float(wasserstein_distance(x.to(torch.float64).numpy(), y.to(torch.float64).numpy()))

    def scalaire(f, nom_f, a, b, attendu, nom, dtype=torch.float64, hint=None):
        """f(a, b) with a and b copied in `dtype`: a finite tensor of shape () and of that dtype,
    close to the float64 value `attendu` (rtol 1e-9 in float64, 1e-5 in float32)."""
        got = C.as_tensor(C.call(f, a.to(dtype, copy=True), b.to(dtype, copy=True), name=nom_f), nom)
        C.expect_shape(got, (), name=nom, hint='un seul nombre : un tenseur de forme ().')
        C.expect_dtype(got, dtype, name=nom, hint="le résultat a le type des arguments : n'imposez pas de type (ni .double(), ni dtype=, ni float(...)).")
        C.expect(bool(torch.isfinite(got).all()), f'`{nom}` vaut nan ou inf.', hint=hint)
        tol = (1e-09, 1e-12) if dtype == torch.float64 else (1e-05, 1e-06)
        C.expect_close(got, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=tol[0], atol=tol[1], hint=hint)
    g = torch.Generator().manual_seed(83)
    cas = [(torch.randn(1, generator=g, dtype=torch.float64), torch.randn(1, generator=g, dtype=torch.float64), 'n = 1'), (torch.randn(7, generator=g, dtype=torch.float64), 2.0 + 0.5 * torch.randn(7, generator=g, dtype=torch.float64), 'n = 7'), (torch.rand(200, generator=g, dtype=torch.float64) * 4 - 1, torch.randn(200, generator=g, dtype=torch.float64) ** 2, 'n = 200'), (torch.tensor([3.0, -1.0, 2.0, 2.0, 0.0], dtype=torch.float64), torch.tensor([1.0, 1.0, -4.0, 0.5, 6.0], dtype=torch.float64), 'n = 5, ex æquo'), (torch.zeros(6, dtype=torch.float64), torch.full((6,), -2.5, dtype=torch.float64), 'x = 0, y = θ = −2,5 (deux Diracs)')]
    for x, y, quoi in cas:
        scalaire(wasserstein_1d, 'wasserstein_1d', x, y, w_scipy(x, y), f'wasserstein_1d(x, y) pour {quoi}', hint="triez x et y séparément (torch.sort) avant d'apparier les points, puis moyenne des valeurs absolues des écarts.")

@test_case(points=None, hidden=True)
def test_wasserstein_1d_type_et_arguments(wasserstein_1d):
    import torch
    from autograder import checks as C

    def w_scipy(x, y):
        """The oracle: SciPy's 1-D Wasserstein distance between the two empirical samples."""
        from scipy.stats import wasserstein_distance
        return float(wasserstein_distance(x.to(torch.float64).numpy(), y.to(torch.float64).numpy()))

    def scalaire(f, nom_f, a, b, attendu, nom, dtype=torch.float64, hint=None):
        """f(a, b) with a and b copied in `dtype`: a finite tensor of shape () and of that dtype,
    close to the float64 value `attendu` (rtol 1e-9 in float64, 1e-5 in float32)."""
        got = C.as_tensor(C.call(f, a.to(dtype, copy=True), b.to(dtype, copy=True), name=nom_f), nom)
        C.expect_shape(got, (), name=nom, hint='un seul nombre : un tenseur de forme ().')
        C.expect_dtype(got, dtype, name=nom, hint="le résultat a le type des arguments : n'imposez pas de type (ni .double(), ni dtype=, ni float(...)).")
        C.expect(bool(torch.isfinite(got).all()), f'`{nom}` vaut nan ou inf.', hint=hint)
        tol = (1e-09, 1e-12) if dtype == torch.float64 else (1e-05, 1e-06)
        C.expect_close(got, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=tol[0], atol=tol[1], hint=hint)
    g = torch.Generator().manual_seed(84)
    x = torch.randn(9, generator=g, dtype=torch.float64)
    y = 1.0 + torch.randn(9, generator=g, dtype=torch.float64)
    attendu = w_scipy(x, y)
    for dtype in (torch.float64, torch.float32):
        scalaire(wasserstein_1d, 'wasserstein_1d', x, y, attendu, f'wasserstein_1d(x, y) pour x et y en {str(dtype)[6:]}', dtype, hint='un résultat numpy se reconvertit avec torch.tensor(..., dtype=x.dtype).')
    C.expect_unchanged(wasserstein_1d, x.clone(), y.clone(), name='wasserstein_1d', hint='ne triez pas x ou y en place (x.numpy().sort(), x.copy_(x.sort().values)…) : torch.sort(x) renvoie un nouveau tenseur.')

