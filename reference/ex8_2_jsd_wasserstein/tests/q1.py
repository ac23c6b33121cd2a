from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_jsd_exemple(jsd):
    import math
    import torch
    from autograder import checks as C
    p = torch.tensor([0.5, 0.5, 0.0], dtype=torch.float64)
    q = torch.tensor([0.0, 0.5, 0.5], dtype=torch.float64)
    nom = 'jsd([0.5, 0.5, 0], [0, 0.5, 0.5])'
    got = C.as_tensor(C.call(jsd, p.clone(), q.clone(), name='jsd'), nom)
    C.expect_shape(got, (), name=nom, hint='une JSD est un nombre : sommez sur le support.')
    C.expect_close(got, torch.tensor(0.5 * math.log(2), dtype=torch.float64), name=nom, rtol=1e-09, atol=1e-12, reveal=True, hint='m = (0.25, 0.5, 0.25), KL(p‖m) = KL(q‖m) = ½ ln 2 (logarithme népérien), et 0 ln 0 = 0.')

@test_case(points=None, hidden=True)
def test_jsd_contre_scipy(jsd):
    import torch
    from autograder import checks as C

    def scalaire(f, nom_f, a, b, attendu, nom, dtype=torch.float64, hint=None):
        """f(a, b) with a and b copied in `dtype`: a finite tensor of shape () and of that dtype,
    close to the float64 value `attendu` (rtol 1e-9 in float64, 1e-5 in float32)."""
        got = C.as_tensor(C.call(f, a.to(dtype, copy=True), b.to(dtype, copy=True), name=nom_f), nom)
        C.expect_shape(got, (), name=nom, hint='un seul nombre : un tenseur de forme ().')
        C.expect_dtype(got, dtype, name=nom, hint="le résultat a le type des arguments : n'imposez pas de type (ni .double(), ni dtype=, ni float(...)).")
        C.expect(bool(torch.isfinite(got).all()), f'`{nom}` vaut nan ou inf.', hint=hint)
        tol = (1e-09, 1e-12) if dtype == torch.float64 else (1e-05, 1e-06)
        C.expect_close(got, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=tol[0], atol=tol[1], hint=hint)

    def jsd_scipy(p, q):
        """The oracle: SciPy's Jensen-Shannon distance (natural log by default), squared."""
        from scipy.spatial.distance import jensenshannon
        return float(jensenshannon(p.to(torch.float64).numpy(), q.to(torch.float64).numpy())) ** 2

    def distributions(n, graine, zeros=0.0):
        """Two random distributions on n points, float64; with `zeros`, each entry of each one is
    set to 0 with that probability (at least one entry kept)."""
        g = torch.Generator().manual_seed(graine)
        paire = []
        for _ in range(2):
            v = torch.rand(n, generator=g, dtype=torch.float64) ** 2
            if zeros:
                garde = torch.rand(n, generator=g, dtype=torch.float64) >= zeros
                garde[int(torch.randint(0, n, (1,), generator=g))] = True
                v = torch.where(garde, v + 0.01, torch.zeros_like(v))
            paire.append(v / v.sum())
        return paire
    cas = [(distributions(2, 1), 'n = 2'), (distributions(6, 2), 'n = 6'), (distributions(50, 3), 'n = 50'), (distributions(8, 4, zeros=0.5), 'creuses, n = 8'), (distributions(40, 5, zeros=0.7), 'creuses, n = 40')]
    for (p, q), quoi in cas:
        scalaire(jsd, 'jsd', p, q, jsd_scipy(p, q), f'jsd(p, q) pour des distributions {quoi}', hint='JSD = ½ KL(p‖m) + ½ KL(q‖m) avec m = (p + q)/2 (et non KL(p‖q)), logarithme népérien (torch.log, pas log2), 0 ln 0 = 0.')

@test_case(points=None, hidden=True)
def test_jsd_symetrie_et_bornes(jsd):
    import math
    import torch
    from autograder import checks as C

    def jsd_scipy(p, q):
        """The oracle: SciPy's Jensen-Shannon distance (natural log by default), squared."""
        from scipy.spatial.distance import jensenshannon
        return float(jensenshannon(p.to(torch.float64).numpy(), q.to(torch.float64).numpy())) ** 2

    def distributions(n, graine, zeros=0.0):
        """Two random distributions on n points, float64; with `zeros`, each entry of each one is
    set to 0 with that probability (at least one entry kept)."""
        g = torch.Generator().manual_seed(graine)
        paire = []
        for _ in range(2):
            v = torch.rand(n, generator=g, dtype=torch.float64) ** 2
            if zeros:
                garde = torch.rand(n, generator=g, dtype=torch.float64) >= zeros
                garde[int(torch.randint(0, n, (1,), generator=g))] = True
                v = torch.where(garde, v + 0.01, torch.zeros_like(v))
            paire.append(v / v.sum())
        return paire
    p, q = distributions(12, 6, zeros=0.3)
    disjoints = (torch.tensor([0.2, 0.0, 0.8, 0.0, 0.0], dtype=torch.float64), torch.tensor([0.0, 0.5, 0.0, 0.25, 0.25], dtype=torch.float64))
    cas = [((p, q), 'p, q', jsd_scipy(p, q)), ((q, p), 'q, p', jsd_scipy(p, q)), ((p, p), 'p, p', 0.0), (disjoints, 'supports disjoints', math.log(2)), (disjoints[::-1], 'supports disjoints (ordre inverse)', math.log(2))]
    for (a, b), quoi, attendu in cas:
        nom = f'jsd({quoi})'
        valeur = C.as_number(C.call(jsd, a.clone(), b.clone(), name='jsd'), name=nom)
        C.expect(-1e-12 <= valeur <= math.log(2) + 1e-12, f"`{nom}` sort de l'intervalle [0, ln 2].", hint="avec le logarithme népérien, JSD ≤ ln 2 ≈ 0,693 (1 en base 2) ; une JSD négative ou infinie vient d'un mauvais m = (p + q)/2.")
        C.expect_scalar_close(valeur, attendu, name=nom, rtol=1e-09, atol=1e-12, hint='la JSD est symétrique, nulle si p = q, égale à ln 2 pour des supports disjoints : ½ KL(p‖m) + ½ KL(q‖m).')

@test_case(points=None, hidden=True)
def test_jsd_zeros_et_type(jsd):
    import math
    import torch
    from autograder import checks as C

    def scalaire(f, nom_f, a, b, attendu, nom, dtype=torch.float64, hint=None):
        """f(a, b) with a and b copied in `dtype`: a finite tensor of shape () and of that dtype,
    close to the float64 value `attendu` (rtol 1e-9 in float64, 1e-5 in float32)."""
        got = C.as_tensor(C.call(f, a.to(dtype, copy=True), b.to(dtype, copy=True), name=nom_f), nom)
        C.expect_shape(got, (), name=nom, hint='un seul nombre : un tenseur de forme ().')
        C.expect_dtype(got, dtype, name=nom, hint="le résultat a le type des arguments : n'imposez pas de type (ni .double(), ni dtype=, ni float(...)).")
        C.expect(bool(torch.isfinite(got).all()), f'`{nom}` vaut nan ou inf.', hint=hint)
        tol = (1e-09, 1e-12) if dtype == torch.float64 else (1e-05, 1e-06)
        C.expect_close(got, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=tol[0], atol=tol[1], hint=hint)

    def jsd_scipy(p, q):
        """The oracle: SciPy's Jensen-Shannon distance (natural log by default), squared."""
        from scipy.spatial.distance import jensenshannon
        return float(jensenshannon(p.to(torch.float64).numpy(), q.to(torch.float64).numpy())) ** 2
    cas = [(torch.tensor([1.0, 0.0, 0.0]), torch.tensor([1.0, 0.0, 0.0]), 0.0), (torch.tensor([0.5, 0.0, 0.5, 0.0]), torch.tensor([0.25, 0.0, 0.25, 0.5]), None), (torch.tensor([0.0, 0.0, 1.0]), torch.tensor([0.5, 0.5, 0.0]), math.log(2))]
    for p, q, exact in cas:
        attendu = jsd_scipy(p, q) if exact is None else exact
        for dtype in (torch.float64, torch.float32):
            scalaire(jsd, 'jsd', p, q, attendu, f'jsd(p, q) avec des zéros, p et q en {str(dtype)[6:]}', dtype, hint='0 ln 0 = 0 : un terme p_i ln(p_i/m_i) avec p_i = 0 vaut 0, même si m_i = 0 (torch.xlogy, ou un masque p > 0).')

