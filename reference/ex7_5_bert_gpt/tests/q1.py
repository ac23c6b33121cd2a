from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_ar_exemple(conditionnelle_ar, log_vraisemblance_ar):
    import math
    import torch
    from autograder import checks as C
    p = torch.tensor([[0.1, 0.3], [0.2, 0.4]], dtype=torch.float64)
    debut = C.call(conditionnelle_ar, p.clone(), (), name='conditionnelle_ar')
    C.expect_shape(debut, (2,), name='conditionnelle_ar(p, ())')
    C.expect_dtype(debut, torch.float64, name='conditionnelle_ar(p, ())', hint='renvoyez un tenseur du même type que p.')
    C.expect_close(debut, torch.tensor([0.4, 0.6], dtype=torch.float64), name='conditionnelle_ar(p, ())', reveal=True, hint='préfixe vide : la marginale de x_0, somme de p sur x_1.')
    suite = C.call(conditionnelle_ar, p.clone(), (1,), name='conditionnelle_ar')
    C.expect_close(suite, torch.tensor([1 / 3, 2 / 3], dtype=torch.float64), name='conditionnelle_ar(p, (1,))', reveal=True, hint='p(x_1 = v | x_0 = 1) = p[1, v] / (p[1, 0] + p[1, 1]).')
    log_p = C.call(log_vraisemblance_ar, p.clone(), (1, 0), name='log_vraisemblance_ar')
    C.expect(isinstance(log_p, float), '`log_vraisemblance_ar` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou utilisez math.log.')
    C.expect_scalar_close(log_p, math.log(0.2), name='log_vraisemblance_ar(p, (1, 0))', reveal=True, hint='log p(x_0 = 1) + log p(x_1 = 0 | x_0 = 1).')

@test_case(points=None, hidden=True)
def test_ar_contre_oracle(conditionnelle_ar):
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

    def oracle_ar(p, prefixe):
        """p(x_i = · | x_<i = prefixe), i = len(prefixe)."""
        return oracle_loi(p, dict(enumerate(prefixe)), (len(prefixe),))

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

    def conditionnelles_ar_contre_oracle(conditionnelle_ar, p, quoi):
        """conditionnelle_ar(p, prefixe) contre l'oracle pour chaque préfixe de probabilité > 0,
    de chaque longueur 0, …, n − 1 : forme (V,), valeurs finies, valeurs."""
        import itertools
        n, V = (p.dim(), p.shape[0])
        for i in range(n):
            for prefixe in itertools.product(range(V), repeat=i):
                if float(p[prefixe].sum()) <= 0:
                    continue
                nom = f'conditionnelle_ar(p, prefixe) ({quoi}, préfixe de longueur {i})'
                recu = C.as_tensor(C.call(conditionnelle_ar, p.clone(), prefixe, name='conditionnelle_ar'), nom)
                C.expect_shape(recu, (V,), name=nom, hint='une entrée par valeur v du jeton x_i ; les positions après i sont sommées (attention : une somme sur dim=() somme tout).')
                C.expect(bool(torch.isfinite(recu).all()), f'`conditionnelle_ar` renvoie des valeurs non finies ({quoi}).', hint='ne divisez que par p(préfixe), qui est > 0 pour les préfixes demandés.')
                C.expect_close(recu, oracle_ar(p, prefixe), name=nom, rtol=1e-09, atol=1e-12, hint='p(x_i = v | x_<i) = p(x_<i, x_i = v) / p(x_<i) : sommez les positions après i, fixez le préfixe, normalisez sur v.')
    for n, V, graine in ((2, 3, 1), (3, 2, 2), (3, 4, 3), (4, 3, 4)):
        conditionnelles_ar_contre_oracle(conditionnelle_ar, loi_jointe(n, V, graine), f'n = {n}, V = {V}')

@test_case(points=None, hidden=True)
def test_ar_lois_avec_zeros(conditionnelle_ar, log_vraisemblance_ar):
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

    def oracle_ar(p, prefixe):
        """p(x_i = · | x_<i = prefixe), i = len(prefixe)."""
        return oracle_loi(p, dict(enumerate(prefixe)), (len(prefixe),))

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

    def conditionnelles_ar_contre_oracle(conditionnelle_ar, p, quoi):
        """conditionnelle_ar(p, prefixe) contre l'oracle pour chaque préfixe de probabilité > 0,
    de chaque longueur 0, …, n − 1 : forme (V,), valeurs finies, valeurs."""
        import itertools
        n, V = (p.dim(), p.shape[0])
        for i in range(n):
            for prefixe in itertools.product(range(V), repeat=i):
                if float(p[prefixe].sum()) <= 0:
                    continue
                nom = f'conditionnelle_ar(p, prefixe) ({quoi}, préfixe de longueur {i})'
                recu = C.as_tensor(C.call(conditionnelle_ar, p.clone(), prefixe, name='conditionnelle_ar'), nom)
                C.expect_shape(recu, (V,), name=nom, hint='une entrée par valeur v du jeton x_i ; les positions après i sont sommées (attention : une somme sur dim=() somme tout).')
                C.expect(bool(torch.isfinite(recu).all()), f'`conditionnelle_ar` renvoie des valeurs non finies ({quoi}).', hint='ne divisez que par p(préfixe), qui est > 0 pour les préfixes demandés.')
                C.expect_close(recu, oracle_ar(p, prefixe), name=nom, rtol=1e-09, atol=1e-12, hint='p(x_i = v | x_<i) = p(x_<i, x_i = v) / p(x_<i) : sommez les positions après i, fixez le préfixe, normalisez sur v.')
    for n, V, graine in ((3, 3, 11), (4, 2, 12)):
        p = loi_jointe(n, V, graine, zeros=0.5)
        conditionnelles_ar_contre_oracle(conditionnelle_ar, p, f'n = {n}, V = {V}, loi avec des zéros')
        for x in suites_du_support(p, 4, graine):
            got = C.as_number(C.call(log_vraisemblance_ar, p.clone(), x, name='log_vraisemblance_ar'), name='log_vraisemblance_ar(p, x)')
            C.expect_scalar_close(got, math.log(float(p[x])), name='log_vraisemblance_ar(p, x) pour une loi avec des zéros', rtol=1e-09, atol=1e-09)

@test_case(points=None, hidden=True)
def test_log_vraisemblance_regle_de_la_chaine(log_vraisemblance_ar):
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

    def flottants_contre_oracle(fonction, nom, cas, attendu, indice):
        """fonction(p, x) pour chaque loi (n, V, graine) de `cas` et quatre suites de son support :
    un flottant Python égal à attendu(p, x) (rtol 1e-9)."""
        for n, V, graine in cas:
            p = loi_jointe(n, V, graine)
            for x in suites_du_support(p, 4, graine):
                got = C.call(fonction, p.clone(), x, name=nom)
                C.expect(isinstance(got, float), f'`{nom}` doit renvoyer un flottant Python (pas un tenseur).', hint='convertissez avec float(...) ou utilisez math.log.')
                C.expect_scalar_close(got, attendu(p, x), name=f'{nom}(p, x) pour n = {n}, V = {V}', rtol=1e-09, atol=1e-09, hint=indice)
    flottants_contre_oracle(log_vraisemblance_ar, 'log_vraisemblance_ar', ((2, 4, 21), (3, 3, 22), (4, 2, 23), (4, 3, 24)), lambda p, x: math.log(float(p[x])), 'un terme par position i = 0, …, n − 1 (le premier est log p(x_0)), chacun conditionné par le seul passé x_<i ; logarithme népérien.')

@test_case(points=None, hidden=True)
def test_ar_type_et_argument(conditionnelle_ar, log_vraisemblance_ar):
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

    def oracle_ar(p, prefixe):
        """p(x_i = · | x_<i = prefixe), i = len(prefixe)."""
        return oracle_loi(p, dict(enumerate(prefixe)), (len(prefixe),))

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
    p = loi_jointe(3, 3, 31)
    for prefixe in ((), (2,), (0, 1)):
        type_et_argument(conditionnelle_ar, 'conditionnelle_ar', f'conditionnelle_ar(p, prefixe) (préfixe de longueur {len(prefixe)})', p, (prefixe,), oracle_ar(p, prefixe), "pas d'opération en place sur p ni sur une de ses tranches (une tranche partage la mémoire de p).")
    x = suites_du_support(p, 1, 32)[0]
    recu = C.expect_unchanged(log_vraisemblance_ar, p.clone(), x, name='log_vraisemblance_ar', hint="pas d'opération en place sur p ni sur une de ses tranches.")
    C.expect_scalar_close(C.as_number(recu, 'log_vraisemblance_ar(p, x)'), math.log(float(p[x])), name='log_vraisemblance_ar(p, x)', rtol=1e-09, atol=1e-09)

