from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_objectif_exemple(objectif_mlm_exact):
    import math
    import torch
    from autograder import checks as C
    p = torch.tensor([[0.1, 0.3], [0.2, 0.4]], dtype=torch.float64)
    un = C.call(objectif_mlm_exact, p.clone(), (1, 0), 1, name='objectif_mlm_exact')
    C.expect(isinstance(un, float), '`objectif_mlm_exact` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou utilisez math.log.')
    C.expect_scalar_close(un, -(math.log(2 / 3) + math.log(1 / 3)) / 2, name='objectif_mlm_exact(p, (1, 0), 1)', reveal=True, hint='k = 1 : la moyenne, sur les n positions, de −log p(x_i | x_{−i}).')
    deux = C.call(objectif_mlm_exact, p.clone(), (1, 0), 2, name='objectif_mlm_exact')
    C.expect_scalar_close(deux, -(math.log(0.6) + math.log(0.3)), name='objectif_mlm_exact(p, (1, 0), 2)', reveal=True, hint="k = n : rien n'est visible, chaque jeton est prédit par sa marginale p(x_i).")

@test_case(points=None, hidden=True)
def test_objectif_contre_oracle(objectif_mlm_exact):
    import math
    import torch
    from autograder import checks as C

    def oracle_loi(p, observees, cibles):
        """Loi de (x_j) pour j dans `cibles` sachant x_k = v pour (k, v) dans `observees`, les
    autres positions sommées : tenseur (V,)*len(cibles) en float64, par énumération de toutes
    les suites (indépendant de toute manipulation d'axes)."""
        import itertools
        V, n = (p.shape[0], p.dim())
        loi = torch.zeros((V,) * len(cibles), dtype=torch.float64)
        valeurs = p.double().reshape(-1).tolist()
        for y, py in zip(itertools.product(range(V), repeat=n), valeurs, strict=True):
            if all((y[k] == v for k, v in observees.items())):
                loi[tuple((y[j] for j in cibles))] += py
        return loi / loi.sum()

    def suites_du_support(p, nombre, graine):
        """`nombre` suites x (tuples d'entiers) tirées parmi celles où p(x) > 0."""
        g = torch.Generator().manual_seed(graine)
        points = (p > 0).nonzero()
        choix = torch.randint(0, len(points), (nombre,), generator=g)
        return [tuple((int(v) for v in points[int(c)])) for c in choix]

    def oracle_objectif(p, x, k):
        """L_k(x) par énumération des ensembles masqués et des suites."""
        import itertools
        n = p.dim()
        ensembles = list(itertools.combinations(range(n), k))
        somme = 0.0
        for M in ensembles:
            visibles = {j: x[j] for j in range(n) if j not in M}
            for i in M:
                somme -= math.log(float(oracle_loi(p, visibles, (i,))[x[i]]))
        return somme / len(ensembles)

    def loi_jointe(n, V, graine, zeros=0.0):
        """Une loi sur {0, …, V − 1}^n (float64, forme (V,)*n) fixée par la graine ; environ une
    proportion `zeros` de ses entrées mise à 0 (la première entrée est gardée)."""
        g = torch.Generator().manual_seed(graine)
        p = torch.rand((V,) * n, generator=g, dtype=torch.float64) ** 2 + 0.01
        if zeros:
            nulles = torch.rand((V,) * n, generator=g, dtype=torch.float64) < zeros
            nulles.view(-1)[0] = False
            p = p.masked_fill(nulles, 0.0)
        return p / p.sum()
    for n, V, graine, zeros in ((3, 3, 91, 0.0), (4, 2, 92, 0.0), (4, 3, 93, 0.0), (3, 3, 94, 0.5), (4, 2, 95, 0.4)):
        p = loi_jointe(n, V, graine, zeros)
        for x in suites_du_support(p, 2, graine):
            for k in range(1, n + 1):
                got = C.call(objectif_mlm_exact, p.clone(), x, k, name='objectif_mlm_exact')
                C.expect(isinstance(got, float), '`objectif_mlm_exact` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...).')
                quoi = f'objectif_mlm_exact(p, x, k) pour n = {n}, V = {V}, k = {k}'
                if zeros:
                    quoi += ' (loi avec des zéros)'
                C.expect_scalar_close(got, oracle_objectif(p, x, k), name=quoi, rtol=1e-09, atol=1e-09, hint='moyenne (pas somme) sur les C(n, k) ensembles ; pour i ∈ M, les autres positions masquées sont sommées (inconnues), pas fixées à leur valeur ; signe −, logarithme népérien.')

@test_case(points=None, hidden=True)
def test_objectif_cas_limites(objectif_mlm_exact):
    import math
    import torch
    from autograder import checks as C

    def oracle_mlm(p, x, positions):
        """p(x_M = · | x_{\\M}) par énumération."""
        visibles = {k: x[k] for k in range(p.dim()) if k not in positions}
        return oracle_loi(p, visibles, tuple(positions))

    def suites_du_support(p, nombre, graine):
        """`nombre` suites x (tuples d'entiers) tirées parmi celles où p(x) > 0."""
        g = torch.Generator().manual_seed(graine)
        points = (p > 0).nonzero()
        choix = torch.randint(0, len(points), (nombre,), generator=g)
        return [tuple((int(v) for v in points[int(c)])) for c in choix]

    def produit_de_marginales(marginales):
        """La loi des x_i indépendants de lois `marginales` (vecteurs float64 de même taille V)."""
        p = marginales[0]
        for m in marginales[1:]:
            p = p.unsqueeze(-1) * m
        return p

    def oracle_pll(p, x):
        """Σ_i log p(x_i | x_{−i}) par énumération."""
        return sum((math.log(float(oracle_mlm(p, x, (i,))[x[i]])) for i in range(p.dim())))

    def oracle_loi(p, observees, cibles):
        """Loi de (x_j) pour j dans `cibles` sachant x_k = v pour (k, v) dans `observees`, les
    autres positions sommées : tenseur (V,)*len(cibles) en float64, par énumération de toutes
    les suites (indépendant de toute manipulation d'axes)."""
        import itertools
        V, n = (p.shape[0], p.dim())
        loi = torch.zeros((V,) * len(cibles), dtype=torch.float64)
        valeurs = p.double().reshape(-1).tolist()
        for y, py in zip(itertools.product(range(V), repeat=n), valeurs, strict=True):
            if all((y[k] == v for k, v in observees.items())):
                loi[tuple((y[j] for j in cibles))] += py
        return loi / loi.sum()

    def loi_jointe(n, V, graine, zeros=0.0):
        """Une loi sur {0, …, V − 1}^n (float64, forme (V,)*n) fixée par la graine ; environ une
    proportion `zeros` de ses entrées mise à 0 (la première entrée est gardée)."""
        g = torch.Generator().manual_seed(graine)
        p = torch.rand((V,) * n, generator=g, dtype=torch.float64) ** 2 + 0.01
        if zeros:
            nulles = torch.rand((V,) * n, generator=g, dtype=torch.float64) < zeros
            nulles.view(-1)[0] = False
            p = p.masked_fill(nulles, 0.0)
        return p / p.sum()
    p = loi_jointe(4, 3, 101)
    for x in suites_du_support(p, 2, 101):
        marginales = -sum((math.log(float(oracle_loi(p, {}, (i,))[x[i]])) for i in range(4)))
        got = C.call(objectif_mlm_exact, p.clone(), x, 4, name='objectif_mlm_exact')
        C.expect_scalar_close(got, marginales, name='objectif_mlm_exact(p, x, n)', rtol=1e-09, atol=1e-09, hint='k = n : tout est masqué, chaque jeton est prédit par sa marginale p(x_i), les autres étant sommés.')
        got = C.call(objectif_mlm_exact, p.clone(), x, 1, name='objectif_mlm_exact')
        C.expect_scalar_close(got, -oracle_pll(p, x) / 4, name='objectif_mlm_exact(p, x, 1)', rtol=1e-09, atol=1e-09, hint='k = 1 : la moyenne sur les n positions de −log p(x_i | x_{−i}).')
    g = torch.Generator().manual_seed(102)
    marginales = [torch.rand(2, generator=g, dtype=torch.float64) + 0.1 for _ in range(4)]
    q = produit_de_marginales([m / m.sum() for m in marginales])
    x = (1, 0, 0, 1)
    for k in (1, 2, 3, 4):
        got = C.call(objectif_mlm_exact, q.clone(), x, k, name='objectif_mlm_exact')
        C.expect_scalar_close(got, -k / 4 * math.log(float(q[x])), name=f'objectif_mlm_exact(q, x, {k}) pour des jetons indépendants', rtol=1e-09, atol=1e-09, hint='jetons indépendants : chaque terme vaut −log q(x_i), et chaque position est masquée dans k ensembles sur n.')

