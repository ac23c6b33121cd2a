from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_frechet_exemples(distance_frechet):
    import math
    import numpy as np
    from autograder import checks as C

    def frechet_oracle(mu1, s1, mu2, s2):
        """The closed form in float64: Tr((Σ1Σ2)^½) = Σ √λ over the eigenvalues of the symmetric
    positive semi-definite √Σ1 Σ2 √Σ1 (the same as those of Σ1Σ2), clipped at 0."""
        import scipy.linalg
        w, v = scipy.linalg.eigh(s1)
        r = v * np.sqrt(np.clip(w, 0.0, None)) @ v.T
        m = r @ s2 @ r
        lam = scipy.linalg.eigvalsh((m + m.T) / 2)
        ecart = mu1 - mu2
        return float(ecart @ ecart + np.trace(s1) + np.trace(s2) - 2.0 * np.sqrt(np.clip(lam, 0.0, None)).sum())

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def comparer_frechet(distance_frechet, mu1, s1, mu2, s2, libelle, reveal=False, hint=None):
        """The student's distance against the oracle, absolute tolerance 1e-6 × the scale."""
        obtenu = appeler_flottant(distance_frechet, (mu1.copy(), s1.copy(), mu2.copy(), s2.copy()), 'distance_frechet')
        echelle = float((mu1 - mu2) @ (mu1 - mu2) + np.trace(s1) + np.trace(s2))
        C.expect_scalar_close(obtenu, frechet_oracle(mu1, s1, mu2, s2), name=libelle, rtol=0.0, atol=1e-06 * echelle + 1e-12, reveal=reveal, hint=hint or '‖µ1 − µ2‖² (au carré) + Tr Σ1 + Tr Σ2 − 2 Tr((Σ1 Σ2)^½) : la racine du PRODUIT, pas le produit des racines.')
        return obtenu
    un = np.ones(1)
    comparer_frechet(distance_frechet, np.zeros(1), np.array([[4.0]]), un, np.array([[1.0]]), 'distance_frechet(0, [[4]], 1, [[1]]) (d = 1)', reveal=True, hint='en dimension 1 : (µ1 − µ2)² + (σ1 − σ2)² avec les écarts-types σ = √variance.')
    comparer_frechet(distance_frechet, np.zeros(2), np.diag([1.0, 4.0]), np.ones(2), np.diag([4.0, 9.0]), 'distance_frechet pour des covariances diagonales', reveal=True)

@test_case(points=None, hidden=True)
def test_frechet_aleatoire(distance_frechet):
    import math
    import numpy as np
    from autograder import checks as C

    def frechet_oracle(mu1, s1, mu2, s2):
        """The closed form in float64: Tr((Σ1Σ2)^½) = Σ √λ over the eigenvalues of the symmetric
    positive semi-definite √Σ1 Σ2 √Σ1 (the same as those of Σ1Σ2), clipped at 0."""
        import scipy.linalg
        w, v = scipy.linalg.eigh(s1)
        r = v * np.sqrt(np.clip(w, 0.0, None)) @ v.T
        m = r @ s2 @ r
        lam = scipy.linalg.eigvalsh((m + m.T) / 2)
        ecart = mu1 - mu2
        return float(ecart @ ecart + np.trace(s1) + np.trace(s2) - 2.0 * np.sqrt(np.clip(lam, 0.0, None)).sum())

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def covariance_aleatoire(g, d, n=None):
        """A random SPD d × d matrix (n = None), or the unbiased covariance of n < d Gaussian
    samples (rank n − 1: singular)."""
        if n is None:
            a = g.normal(size=(d, d))
            return a @ a.T / d + 0.1 * np.eye(d)
        x = g.normal(size=(n, d)) @ g.normal(size=(d, d)) / math.sqrt(d)
        return np.cov(x, rowvar=False)

    def comparer_frechet(distance_frechet, mu1, s1, mu2, s2, libelle, reveal=False, hint=None):
        """The student's distance against the oracle, absolute tolerance 1e-6 × the scale."""
        obtenu = appeler_flottant(distance_frechet, (mu1.copy(), s1.copy(), mu2.copy(), s2.copy()), 'distance_frechet')
        echelle = float((mu1 - mu2) @ (mu1 - mu2) + np.trace(s1) + np.trace(s2))
        C.expect_scalar_close(obtenu, frechet_oracle(mu1, s1, mu2, s2), name=libelle, rtol=0.0, atol=1e-06 * echelle + 1e-12, reveal=reveal, hint=hint or '‖µ1 − µ2‖² (au carré) + Tr Σ1 + Tr Σ2 − 2 Tr((Σ1 Σ2)^½) : la racine du PRODUIT, pas le produit des racines.')
        return obtenu
    g = np.random.default_rng(863)
    for d in (1, 3, 8, 32):
        for k in range(2):
            mu1, mu2 = (g.normal(size=d), g.normal(size=d))
            s1, s2 = (covariance_aleatoire(g, d), covariance_aleatoire(g, d))
            comparer_frechet(distance_frechet, mu1, s1, mu2, s2, f'distance_frechet, covariances quelconques (d = {d}, cas {k + 1})')

@test_case(points=None, hidden=True)
def test_frechet_non_commutatives(distance_frechet):
    import math
    import numpy as np
    from autograder import checks as C

    def frechet_oracle(mu1, s1, mu2, s2):
        """The closed form in float64: Tr((Σ1Σ2)^½) = Σ √λ over the eigenvalues of the symmetric
    positive semi-definite √Σ1 Σ2 √Σ1 (the same as those of Σ1Σ2), clipped at 0."""
        import scipy.linalg
        w, v = scipy.linalg.eigh(s1)
        r = v * np.sqrt(np.clip(w, 0.0, None)) @ v.T
        m = r @ s2 @ r
        lam = scipy.linalg.eigvalsh((m + m.T) / 2)
        ecart = mu1 - mu2
        return float(ecart @ ecart + np.trace(s1) + np.trace(s2) - 2.0 * np.sqrt(np.clip(lam, 0.0, None)).sum())

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def comparer_frechet(distance_frechet, mu1, s1, mu2, s2, libelle, reveal=False, hint=None):
        """The student's distance against the oracle, absolute tolerance 1e-6 × the scale."""
        obtenu = appeler_flottant(distance_frechet, (mu1.copy(), s1.copy(), mu2.copy(), s2.copy()), 'distance_frechet')
        echelle = float((mu1 - mu2) @ (mu1 - mu2) + np.trace(s1) + np.trace(s2))
        C.expect_scalar_close(obtenu, frechet_oracle(mu1, s1, mu2, s2), name=libelle, rtol=0.0, atol=1e-06 * echelle + 1e-12, reveal=reveal, hint=hint or '‖µ1 − µ2‖² (au carré) + Tr Σ1 + Tr Σ2 − 2 Tr((Σ1 Σ2)^½) : la racine du PRODUIT, pas le produit des racines.')
        return obtenu
    for angle, d in ((math.pi / 4, 2), (math.pi / 3, 2)):
        c, s = (math.cos(angle), math.sin(angle))
        rot = np.array([[c, -s], [s, c]])
        s1 = np.diag([1.0, 100.0])
        s2 = rot @ s1 @ rot.T
        comparer_frechet(distance_frechet, np.zeros(d), s1, np.zeros(d), s2, 'distance_frechet pour deux covariances qui ne commutent pas', hint='Tr((Σ1 Σ2)^½) ≠ Tr(Σ1^½ Σ2^½) quand Σ1 Σ2 ≠ Σ2 Σ1 : prenez la racine du produit.')

@test_case(points=None, hidden=True)
def test_frechet_identiques_symetrique(distance_frechet):
    import math
    import numpy as np
    from autograder import checks as C

    def frechet_oracle(mu1, s1, mu2, s2):
        """The closed form in float64: Tr((Σ1Σ2)^½) = Σ √λ over the eigenvalues of the symmetric
    positive semi-definite √Σ1 Σ2 √Σ1 (the same as those of Σ1Σ2), clipped at 0."""
        import scipy.linalg
        w, v = scipy.linalg.eigh(s1)
        r = v * np.sqrt(np.clip(w, 0.0, None)) @ v.T
        m = r @ s2 @ r
        lam = scipy.linalg.eigvalsh((m + m.T) / 2)
        ecart = mu1 - mu2
        return float(ecart @ ecart + np.trace(s1) + np.trace(s2) - 2.0 * np.sqrt(np.clip(lam, 0.0, None)).sum())

    def covariance_aleatoire(g, d, n=None):
        """A random SPD d × d matrix (n = None), or the unbiased covariance of n < d Gaussian
    samples (rank n − 1: singular)."""
        if n is None:
            a = g.normal(size=(d, d))
            return a @ a.T / d + 0.1 * np.eye(d)
        x = g.normal(size=(n, d)) @ g.normal(size=(d, d)) / math.sqrt(d)
        return np.cov(x, rowvar=False)

    def comparer_frechet(distance_frechet, mu1, s1, mu2, s2, libelle, reveal=False, hint=None):
        """The student's distance against the oracle, absolute tolerance 1e-6 × the scale."""
        obtenu = appeler_flottant(distance_frechet, (mu1.copy(), s1.copy(), mu2.copy(), s2.copy()), 'distance_frechet')
        echelle = float((mu1 - mu2) @ (mu1 - mu2) + np.trace(s1) + np.trace(s2))
        C.expect_scalar_close(obtenu, frechet_oracle(mu1, s1, mu2, s2), name=libelle, rtol=0.0, atol=1e-06 * echelle + 1e-12, reveal=reveal, hint=hint or '‖µ1 − µ2‖² (au carré) + Tr Σ1 + Tr Σ2 − 2 Tr((Σ1 Σ2)^½) : la racine du PRODUIT, pas le produit des racines.')
        return obtenu

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)
    g = np.random.default_rng(864)
    for d in (1, 5, 16):
        mu, s = (g.normal(size=d), covariance_aleatoire(g, d))
        obtenu = appeler_flottant(distance_frechet, (mu.copy(), s.copy(), mu.copy(), s.copy()), 'distance_frechet')
        echelle = 2 * float(np.trace(s))
        C.expect(abs(obtenu) <= 1e-06 * echelle, f'`distance_frechet` entre deux gaussiennes identiques (d = {d}) ne vaut pas 0 (à la tolérance près).', hint='Tr(Σ + Σ − 2 (Σ Σ)^½) = 0 : vérifiez la racine du produit et le facteur 2.')
        mu2, s2 = (g.normal(size=d), covariance_aleatoire(g, d))
        comparer_frechet(distance_frechet, mu2, s2, mu, s, f'distance_frechet avec les arguments échangés (d = {d})', hint='la distance est symétrique : échanger les deux gaussiennes ne change rien.')

@test_case(points=None, hidden=True)
def test_frechet_quasi_singulieres(distance_frechet):
    import math
    import numpy as np
    from autograder import checks as C

    def frechet_oracle(mu1, s1, mu2, s2):
        """The closed form in float64: Tr((Σ1Σ2)^½) = Σ √λ over the eigenvalues of the symmetric
    positive semi-definite √Σ1 Σ2 √Σ1 (the same as those of Σ1Σ2), clipped at 0."""
        import scipy.linalg
        w, v = scipy.linalg.eigh(s1)
        r = v * np.sqrt(np.clip(w, 0.0, None)) @ v.T
        m = r @ s2 @ r
        lam = scipy.linalg.eigvalsh((m + m.T) / 2)
        ecart = mu1 - mu2
        return float(ecart @ ecart + np.trace(s1) + np.trace(s2) - 2.0 * np.sqrt(np.clip(lam, 0.0, None)).sum())

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def covariance_aleatoire(g, d, n=None):
        """A random SPD d × d matrix (n = None), or the unbiased covariance of n < d Gaussian
    samples (rank n − 1: singular)."""
        if n is None:
            a = g.normal(size=(d, d))
            return a @ a.T / d + 0.1 * np.eye(d)
        x = g.normal(size=(n, d)) @ g.normal(size=(d, d)) / math.sqrt(d)
        return np.cov(x, rowvar=False)

    def comparer_frechet(distance_frechet, mu1, s1, mu2, s2, libelle, reveal=False, hint=None):
        """The student's distance against the oracle, absolute tolerance 1e-6 × the scale."""
        obtenu = appeler_flottant(distance_frechet, (mu1.copy(), s1.copy(), mu2.copy(), s2.copy()), 'distance_frechet')
        echelle = float((mu1 - mu2) @ (mu1 - mu2) + np.trace(s1) + np.trace(s2))
        C.expect_scalar_close(obtenu, frechet_oracle(mu1, s1, mu2, s2), name=libelle, rtol=0.0, atol=1e-06 * echelle + 1e-12, reveal=reveal, hint=hint or '‖µ1 − µ2‖² (au carré) + Tr Σ1 + Tr Σ2 − 2 Tr((Σ1 Σ2)^½) : la racine du PRODUIT, pas le produit des racines.')
        return obtenu
    g = np.random.default_rng(865)
    d = 24
    cas = [((10, None), 'une covariance de rang déficient (N < d)'), ((8, 12), 'deux covariances de rang déficient (N < d)'), ((None, 6), 'une covariance de rang déficient en second argument')]
    for (n1, n2), libelle in cas:
        s1, s2 = (covariance_aleatoire(g, d, n1), covariance_aleatoire(g, d, n2))
        mu1, mu2 = (g.normal(size=d), g.normal(size=d))
        comparer_frechet(distance_frechet, mu1, s1, mu2, s2, f'distance_frechet pour {libelle}')
    s = covariance_aleatoire(g, d, 9)
    mu = g.normal(size=d)
    comparer_frechet(distance_frechet, mu, s, mu.copy(), s.copy(), 'distance_frechet pour deux gaussiennes identiques de covariance singulière')
    q, _ = np.linalg.qr(g.normal(size=(d, d)))
    s1 = q * np.logspace(-12, 0, d) @ q.T
    comparer_frechet(distance_frechet, np.zeros(d), s1, g.normal(size=d) * 0.1, covariance_aleatoire(g, d, 15), 'distance_frechet pour une covariance quasi singulière')

