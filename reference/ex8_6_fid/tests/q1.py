from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_statistiques_exemple(statistiques):
    import torch
    from autograder import checks as C

    def statistiques_float64(resultat, d, libelle, hint=None):
        """What statistiques returned: a pair of float64 tensors of shapes (d,), (d, d)."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`statistiques` doit renvoyer un couple (mu, sigma).')
        mu = C.as_tensor(resultat[0], f'mu ({libelle})')
        sigma = C.as_tensor(resultat[1], f'sigma ({libelle})')
        C.expect_shape(mu, (d,), name=f'mu ({libelle})', hint='une moyenne par colonne (axis=0).')
        C.expect_shape(sigma, (d, d), name=f'sigma ({libelle})', hint='np.cov renvoie un tableau 0-d quand d = 1 : np.atleast_2d, ou reshape(d, d).')
        for valeur, nom in ((mu, 'mu'), (sigma, 'sigma')):
            C.expect_dtype(valeur, torch.float64, name=f'{nom} ({libelle})', hint=hint or 'convertissez les features en float64 avant le calcul.')
        return (mu, sigma)
    x = torch.tensor([[1.0, 2.0], [3.0, 6.0], [5.0, 4.0]], dtype=torch.float64)
    mu, sigma = statistiques_float64(C.call(statistiques, x, name='statistiques'), 2, 'exemple 3 × 2')
    C.expect_close(mu, torch.tensor([3.0, 4.0], dtype=torch.float64), name='mu (exemple 3 × 2)', rtol=1e-10, atol=1e-12, reveal=True)
    C.expect_close(sigma, torch.tensor([[4.0, 2.0], [2.0, 4.0]], dtype=torch.float64), name='sigma (exemple 3 × 2)', rtol=1e-10, atol=1e-12, reveal=True, hint='covariance sans biais : divisez par N − 1 = 2 (pas par N), lignes = échantillons (np.cov(x, rowvar=False)).')

@test_case(points=None, hidden=True)
def test_statistiques_contre_numpy(statistiques):
    import numpy as np
    import torch
    from autograder import checks as C

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

    def statistiques_float64(resultat, d, libelle, hint=None):
        """What statistiques returned: a pair of float64 tensors of shapes (d,), (d, d)."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`statistiques` doit renvoyer un couple (mu, sigma).')
        mu = C.as_tensor(resultat[0], f'mu ({libelle})')
        sigma = C.as_tensor(resultat[1], f'sigma ({libelle})')
        C.expect_shape(mu, (d,), name=f'mu ({libelle})', hint='une moyenne par colonne (axis=0).')
        C.expect_shape(sigma, (d, d), name=f'sigma ({libelle})', hint='np.cov renvoie un tableau 0-d quand d = 1 : np.atleast_2d, ou reshape(d, d).')
        for valeur, nom in ((mu, 'mu'), (sigma, 'sigma')):
            C.expect_dtype(valeur, torch.float64, name=f'{nom} ({libelle})', hint=hint or 'convertissez les features en float64 avant le calcul.')
        return (mu, sigma)
    g = np.random.default_rng(861)
    cas = [(3, 4, 'N = 3, d = 4'), (5, 1, 'd = 1'), (40, 6, 'N = 40, d = 6'), (7, 12, 'N = 7 < d = 12')]
    for n, d, libelle in cas:
        x = g.normal(size=(n, d)) @ g.normal(size=(d, d)) + g.normal(size=d)
        attendu_mu, attendu_sigma = statistiques_oracle(x)
        for entree, genre in ((torch.from_numpy(x.copy()), 'tenseur'), (x.copy(), 'tableau')):
            quoi = f'{libelle}, {genre} float64'
            mu, sigma = statistiques_float64(C.call(statistiques, entree, name='statistiques'), d, quoi)
            C.expect_close(mu, torch.from_numpy(attendu_mu), name=f'mu ({quoi})', rtol=1e-10, atol=1e-12)
            C.expect_close(sigma, torch.from_numpy(attendu_sigma), name=f'sigma ({quoi})', rtol=1e-10, atol=1e-12, hint='covariance SANS biais (division par N − 1), une ligne par échantillon : np.cov(x, rowvar=False).')

@test_case(points=None, hidden=True)
def test_statistiques_float32_intactes(statistiques):
    import numpy as np
    import torch
    from autograder import checks as C

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

    def statistiques_float64(resultat, d, libelle, hint=None):
        """What statistiques returned: a pair of float64 tensors of shapes (d,), (d, d)."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`statistiques` doit renvoyer un couple (mu, sigma).')
        mu = C.as_tensor(resultat[0], f'mu ({libelle})')
        sigma = C.as_tensor(resultat[1], f'sigma ({libelle})')
        C.expect_shape(mu, (d,), name=f'mu ({libelle})', hint='une moyenne par colonne (axis=0).')
        C.expect_shape(sigma, (d, d), name=f'sigma ({libelle})', hint='np.cov renvoie un tableau 0-d quand d = 1 : np.atleast_2d, ou reshape(d, d).')
        for valeur, nom in ((mu, 'mu'), (sigma, 'sigma')):
            C.expect_dtype(valeur, torch.float64, name=f'{nom} ({libelle})', hint=hint or 'convertissez les features en float64 avant le calcul.')
        return (mu, sigma)
    g = torch.Generator().manual_seed(862)
    x = (1000.0 + 0.01 * torch.randn(64, 5, generator=g)).float()
    resultat = C.expect_unchanged(statistiques, x.clone(), name='statistiques', hint='ne centrez pas les features sur place (x -= mu) : travaillez sur une copie.')
    mu, sigma = statistiques_float64(resultat, 5, 'features float32', hint="mu et sigma sont en float64 même pour des features float32 : convertissez-les d'abord.")
    attendu_mu, attendu_sigma = statistiques_oracle(x.double().numpy())
    C.expect_close(mu, torch.from_numpy(attendu_mu), name='mu (features float32)', rtol=1e-10, atol=1e-12)
    C.expect_close(sigma, torch.from_numpy(attendu_sigma), name='sigma (features float32)', rtol=1e-10, atol=1e-12, hint='convertissez en float64 AVANT de calculer la moyenne et la covariance.')

