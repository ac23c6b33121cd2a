from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_mlm_exemple(conditionnelle_mlm, pseudo_log_vraisemblance):
    import math
    import torch
    from autograder import checks as C
    p = torch.tensor([[0.1, 0.3], [0.2, 0.4]], dtype=torch.float64)
    un = C.call(conditionnelle_mlm, p.clone(), (1, 0), (0,), name='conditionnelle_mlm')
    C.expect_shape(un, (2,), name='conditionnelle_mlm(p, (1, 0), (0,))')
    C.expect_dtype(un, torch.float64, name='conditionnelle_mlm(p, (1, 0), (0,))', hint='renvoyez un tenseur du même type que p.')
    C.expect_close(un, torch.tensor([1 / 3, 2 / 3], dtype=torch.float64), name='conditionnelle_mlm(p, (1, 0), (0,))', reveal=True, hint='p(x_0 = v | x_1 = 0) = p[v, 0] / (p[0, 0] + p[1, 0]).')
    tout = C.call(conditionnelle_mlm, p.clone(), (1, 0), (0, 1), name='conditionnelle_mlm')
    C.expect_shape(tout, (2, 2), name='conditionnelle_mlm(p, (1, 0), (0, 1))')
    C.expect_close(tout, p, name='conditionnelle_mlm(p, (1, 0), (0, 1))', reveal=True, hint="tout est masqué : rien n'est visible, la loi est p elle-même.")
    pll = C.call(pseudo_log_vraisemblance, p.clone(), (1, 0), name='pseudo_log_vraisemblance')
    C.expect(isinstance(pll, float), '`pseudo_log_vraisemblance` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou utilisez math.log.')
    C.expect_scalar_close(pll, math.log(2 / 3) + math.log(1 / 3), name='pseudo_log_vraisemblance(p, (1, 0))', reveal=True, hint='log p(x_0 = 1 | x_1 = 0) + log p(x_1 = 0 | x_0 = 1), logarithme népérien.')

@test_case(points=None, hidden=True)
def test_mlm_contre_oracle(conditionnelle_mlm):
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

    def oracle_mlm(p, x, positions):
        """p(x_M = · | x_{\\M}) par énumération."""
        visibles = {k: x[k] for k in range(p.dim()) if k not in positions}
        return oracle_loi(p, visibles, tuple(positions))

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

    def conditionnelles_mlm_contre_oracle(conditionnelle_mlm, p, quoi, graine):
        """conditionnelle_mlm(p, x, positions) contre l'oracle pour tous les ensembles masqués
    non vides (en ordre croissant), avec des valeurs quelconques de x aux positions
    masquées : forme (V,)^k, valeurs finies, valeurs."""
        import itertools
        n, V = (p.dim(), p.shape[0])
        g = torch.Generator().manual_seed(graine)
        for x in suites_du_support(p, 2, graine):
            for k in range(1, n + 1):
                for positions in itertools.combinations(range(n), k):
                    brouille = list(x)
                    for i in positions:
                        brouille[i] = int(torch.randint(0, V, (1,), generator=g))
                    nom = f'conditionnelle_mlm(p, x, positions) ({quoi}, {k} position(s) masquée(s))'
                    recu = C.as_tensor(C.call(conditionnelle_mlm, p.clone(), tuple(brouille), positions, name='conditionnelle_mlm'), nom)
                    C.expect_shape(recu, (V,) * k, name=nom, hint="un axe par position masquée, dans l'ordre de positions ; les positions visibles sont fixées à leur valeur dans x.")
                    C.expect(bool(torch.isfinite(recu).all()), f'`conditionnelle_mlm` renvoie des valeurs non finies ({quoi}).', hint='ne divisez que par p(x_visibles), qui est > 0 ici.')
                    C.expect_close(recu, oracle_mlm(p, x, positions), name=nom, rtol=1e-09, atol=1e-12, hint="fixez les positions visibles à leur valeur (ne les sommez pas : c'est une conditionnelle, pas une marginale), puis normalisez sur l'ensemble des axes masqués à la fois ; les valeurs de x aux positions masquées ne comptent pas.")
    for n, V, graine in ((2, 4, 41), (3, 3, 42), (4, 2, 43)):
        conditionnelles_mlm_contre_oracle(conditionnelle_mlm, loi_jointe(n, V, graine), f'n = {n}, V = {V}', graine)

@test_case(points=None, hidden=True)
def test_mlm_lois_avec_zeros(conditionnelle_mlm, pseudo_log_vraisemblance):
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

    def oracle_pll(p, x):
        """Σ_i log p(x_i | x_{−i}) par énumération."""
        return sum((math.log(float(oracle_mlm(p, x, (i,))[x[i]])) for i in range(p.dim())))

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

    def conditionnelles_mlm_contre_oracle(conditionnelle_mlm, p, quoi, graine):
        """conditionnelle_mlm(p, x, positions) contre l'oracle pour tous les ensembles masqués
    non vides (en ordre croissant), avec des valeurs quelconques de x aux positions
    masquées : forme (V,)^k, valeurs finies, valeurs."""
        import itertools
        n, V = (p.dim(), p.shape[0])
        g = torch.Generator().manual_seed(graine)
        for x in suites_du_support(p, 2, graine):
            for k in range(1, n + 1):
                for positions in itertools.combinations(range(n), k):
                    brouille = list(x)
                    for i in positions:
                        brouille[i] = int(torch.randint(0, V, (1,), generator=g))
                    nom = f'conditionnelle_mlm(p, x, positions) ({quoi}, {k} position(s) masquée(s))'
                    recu = C.as_tensor(C.call(conditionnelle_mlm, p.clone(), tuple(brouille), positions, name='conditionnelle_mlm'), nom)
                    C.expect_shape(recu, (V,) * k, name=nom, hint="un axe par position masquée, dans l'ordre de positions ; les positions visibles sont fixées à leur valeur dans x.")
                    C.expect(bool(torch.isfinite(recu).all()), f'`conditionnelle_mlm` renvoie des valeurs non finies ({quoi}).', hint='ne divisez que par p(x_visibles), qui est > 0 ici.')
                    C.expect_close(recu, oracle_mlm(p, x, positions), name=nom, rtol=1e-09, atol=1e-12, hint="fixez les positions visibles à leur valeur (ne les sommez pas : c'est une conditionnelle, pas une marginale), puis normalisez sur l'ensemble des axes masqués à la fois ; les valeurs de x aux positions masquées ne comptent pas.")
    for n, V, graine in ((3, 3, 51), (4, 2, 52)):
        p = loi_jointe(n, V, graine, zeros=0.5)
        conditionnelles_mlm_contre_oracle(conditionnelle_mlm, p, f'n = {n}, V = {V}, loi avec des zéros', graine)
        for x in suites_du_support(p, 3, graine):
            got = C.as_number(C.call(pseudo_log_vraisemblance, p.clone(), x, name='pseudo_log_vraisemblance'), name='pseudo_log_vraisemblance(p, x)')
            C.expect_scalar_close(got, oracle_pll(p, x), name='pseudo_log_vraisemblance(p, x) pour une loi avec des zéros', rtol=1e-09, atol=1e-09)

@test_case(points=None, hidden=True)
def test_pseudo_vraisemblance_contre_oracle(pseudo_log_vraisemblance):
    import math
    import torch
    from autograder import checks as C

    def suites_du_support(p, nombre, graine):
        """`nombre` suites x (tuples d'entiers) tirées parmi celles où p(x) > 0."""
        g = torch.Generator().manual_seed(graine)
        points = (p > 0).nonzero()
        choix = torch.randint(0, len(points), (nombre,), generator=g)
        return [tuple((int(v) for v in points[int(c)])) for c in choix]

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

    def oracle_mlm(p, x, positions):
        """p(x_M = · | x_{\\M}) par énumération."""
        visibles = {k: x[k] for k in range(p.dim()) if k not in positions}
        return oracle_loi(p, visibles, tuple(positions))

    def oracle_pll(p, x):
        """Σ_i log p(x_i | x_{−i}) par énumération."""
        return sum((math.log(float(oracle_mlm(p, x, (i,))[x[i]])) for i in range(p.dim())))

    def flottants_contre_oracle(fonction, nom, cas, attendu, indice):
        """fonction(p, x) pour chaque loi (n, V, graine) de `cas` et quatre suites de son support :
    un flottant Python égal à attendu(p, x) (rtol 1e-9)."""
        for n, V, graine in cas:
            p = loi_jointe(n, V, graine)
            for x in suites_du_support(p, 4, graine):
                got = C.call(fonction, p.clone(), x, name=nom)
                C.expect(isinstance(got, float), f'`{nom}` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou utilisez math.log.')
                C.expect_scalar_close(got, attendu(p, x), name=f'{nom}(p, x) pour n = {n}, V = {V}', rtol=1e-09, atol=1e-09, hint=indice)
    flottants_contre_oracle(pseudo_log_vraisemblance, 'pseudo_log_vraisemblance', ((2, 3, 61), (3, 4, 62), (4, 3, 63)), oracle_pll, 'un terme log p(x_i | x_{−i}) par position i, le seul jeton i masqué (tous les autres visibles) ; logarithme népérien.')

@test_case(points=None, hidden=True)
def test_pseudo_vraisemblance_n_est_pas_log_p(pseudo_log_vraisemblance):
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

    def oracle_mlm(p, x, positions):
        """p(x_M = · | x_{\\M}) par énumération."""
        visibles = {k: x[k] for k in range(p.dim()) if k not in positions}
        return oracle_loi(p, visibles, tuple(positions))

    def oracle_pll(p, x):
        """Σ_i log p(x_i | x_{−i}) par énumération."""
        return sum((math.log(float(oracle_mlm(p, x, (i,))[x[i]])) for i in range(p.dim())))
    p = torch.tensor([0.5, 0.5], dtype=torch.float64)
    copie = torch.tensor([[0.9, 0.1], [0.1, 0.9]], dtype=torch.float64)
    p = p[:, None, None] * copie[:, :, None] * copie[None, :, :]
    for x in ((0, 0, 0), (0, 1, 0)):
        got = C.as_number(C.call(pseudo_log_vraisemblance, p.clone(), x, name='pseudo_log_vraisemblance'), name='pseudo_log_vraisemblance(p, x)')
        C.expect(abs(got - math.log(float(p[x]))) > 0.001, "`pseudo_log_vraisemblance` renvoie log p(x) pour une loi où les jetons dépendent les uns des autres : ce n'est pas la pseudo-log-vraisemblance.", hint="Σ_i log p(x_i | x_{−i}) : chaque terme conditionne par tous les autres jetons, passé et futur ; la règle de la chaîne ne s'applique pas.")
        C.expect_scalar_close(got, oracle_pll(p, x), name='pseudo_log_vraisemblance(p, x) pour des jetons dépendants', rtol=1e-09, atol=1e-09)

@test_case(points=None, hidden=True)
def test_pseudo_vraisemblance_cas_independant(conditionnelle_mlm, pseudo_log_vraisemblance):
    import math
    import torch
    from autograder import checks as C

    def produit_de_marginales(marginales):
        """La loi des x_i indépendants de lois `marginales` (vecteurs float64 de même taille V)."""
        p = marginales[0]
        for m in marginales[1:]:
            p = p.unsqueeze(-1) * m
        return p
    g = torch.Generator().manual_seed(71)
    marginales = [torch.rand(3, generator=g, dtype=torch.float64) + 0.1 for _ in range(3)]
    marginales = [m / m.sum() for m in marginales]
    p = produit_de_marginales(marginales)
    for x in ((0, 1, 2), (2, 2, 1), (1, 0, 0)):
        got = C.as_number(C.call(pseudo_log_vraisemblance, p.clone(), x, name='pseudo_log_vraisemblance'), name='pseudo_log_vraisemblance(p, x)')
        C.expect_scalar_close(got, sum((math.log(float(m[v])) for m, v in zip(marginales, x, strict=True))), name='pseudo_log_vraisemblance(p, x) pour des jetons indépendants', rtol=1e-09, atol=1e-09, hint='pour des jetons indépendants, p(x_i | x_{−i}) = p(x_i).')
    recu = C.call(conditionnelle_mlm, p.clone(), (1, 0, 2), (0, 2), name='conditionnelle_mlm')
    C.expect_close(recu, marginales[0][:, None] * marginales[2][None, :], name='conditionnelle_mlm(p, x, (0, 2)) pour des jetons indépendants', rtol=1e-09, atol=1e-12, hint="pour des jetons indépendants, la loi des positions masquées est le produit de leurs marginales, axes dans l'ordre de positions.")

@test_case(points=None, hidden=True)
def test_mlm_type_et_argument(conditionnelle_mlm, pseudo_log_vraisemblance):
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

    def type_et_argument(fonction, nom, quoi, p, reste, attendu, indice_en_place):
        """fonction(p, *reste) : une entrée float32 donne un tenseur float32 (valeurs contre
    l'oracle `attendu`, float64) ; p n'est pas modifié ; valeur float64 juste."""
        simple = C.expect_dtype_kept(fonction, p, *reste, name=nom, hint="n'imposez pas de type (pas de .double(), .float() ni dtype=…) : le résultat a le type de p.")[1]
        C.expect_close(simple, attendu.float(), name=f'{quoi} en float32', rtol=0.0001, atol=1e-06)
        recu = C.expect_unchanged(fonction, p.clone(), *reste, name=nom, hint=indice_en_place)
        C.expect_close(recu, attendu, name=quoi, rtol=1e-09, atol=1e-12)

    def suites_du_support(p, nombre, graine):
        """`nombre` suites x (tuples d'entiers) tirées parmi celles où p(x) > 0."""
        g = torch.Generator().manual_seed(graine)
        points = (p > 0).nonzero()
        choix = torch.randint(0, len(points), (nombre,), generator=g)
        return [tuple((int(v) for v in points[int(c)])) for c in choix]

    def oracle_pll(p, x):
        """Σ_i log p(x_i | x_{−i}) par énumération."""
        return sum((math.log(float(oracle_mlm(p, x, (i,))[x[i]])) for i in range(p.dim())))

    def oracle_mlm(p, x, positions):
        """p(x_M = · | x_{\\M}) par énumération."""
        visibles = {k: x[k] for k in range(p.dim()) if k not in positions}
        return oracle_loi(p, visibles, tuple(positions))

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
    p = loi_jointe(3, 3, 81)
    x = suites_du_support(p, 1, 81)[0]
    for positions in ((1,), (0, 2), (0, 1, 2)):
        type_et_argument(conditionnelle_mlm, 'conditionnelle_mlm', f'conditionnelle_mlm(p, x, positions) ({len(positions)} position(s) masquée(s))', p, (x, positions), oracle_mlm(p, x, positions), 'p[x_0, :, x_2] est une vue de p : la diviser en place (/=) modifie p ; écrivez bloc / bloc.sum().')
    recu = C.expect_unchanged(pseudo_log_vraisemblance, p.clone(), x, name='pseudo_log_vraisemblance', hint="pas d'opération en place sur p ni sur une de ses vues.")
    C.expect_scalar_close(C.as_number(recu, 'pseudo_log_vraisemblance(p, x)'), oracle_pll(p, x), name='pseudo_log_vraisemblance(p, x)', rtol=1e-09, atol=1e-09)

