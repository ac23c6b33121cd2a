from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 5

@test_case(points=None, hidden=False)
def test_fid_exemple(fid):
    import math
    import numpy as np
    import torch
    from torch import nn
    from autograder import checks as C

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

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

    def fid_oracle(feat_a, feat_b):
        """(FID, scale) from two feature matrices, in float64."""
        mu_a, s_a = statistiques_oracle(feat_a)
        mu_b, s_b = statistiques_oracle(feat_b)
        echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
        return (frechet_oracle(mu_a, s_a, mu_b, s_b), echelle)

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def fid_attendue(copie, a, b):
        """The FID of the grader's copy of its extractor, features computed on the grader's side."""
        with torch.no_grad():
            return fid_oracle(copie(a).double().numpy(), copie(b).double().numpy())

    def extracteur_correcteur(fid, dim):
        """A grader extractor with fixed weights, built where `fid` lives (and the grader's own
    copy): it records the size of each batch and whether autograd was recording."""
        fabrique = C.code('def fabrique(dim):\n\n    class Enregistreur(nn.Module):\n\n        def __init__(self, dim):\n            super().__init__()\n            g = torch.Generator().manual_seed(868)\n            self.conv = nn.Conv2d(1, 4, 5, stride=3)\n            self.lin = nn.Linear(4 * 8 * 8, dim)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))\n            self.appels = []\n\n        def forward(self, x):\n            self.appels.append([int(x.shape[0]), bool(torch.is_grad_enabled())])\n            return self.lin(torch.tanh(self.conv(x)).flatten(1))\n    return Enregistreur(dim).eval()')
        return (C.build_where(fid, fabrique, dim), fabrique(dim))

    def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
        obtenu = appeler_flottant(fid, arguments, 'fid')
        C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-05 * echelle, reveal=reveal, hint="features de chaque ensemble par l'extracteur (par lots, concaténées), puis statistiques et distance_frechet.")
        return obtenu
    ext, copie = extracteur_correcteur(fid, 4)
    a, b = (images_test(60, 10), 0.5 * images_test(50, 11))
    attendu, echelle = fid_attendue(copie, a, b)
    comparer_fid(fid, (a.clone(), b.clone(), ext), attendu, echelle, 'fid(a, b, extracteur) (exemple de la correction)', reveal=True)

@test_case(points=None, hidden=True)
def test_fid_taille_lot(fid):
    import math
    import numpy as np
    import torch
    from torch import nn
    from autograder import checks as C

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

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

    def fid_oracle(feat_a, feat_b):
        """(FID, scale) from two feature matrices, in float64."""
        mu_a, s_a = statistiques_oracle(feat_a)
        mu_b, s_b = statistiques_oracle(feat_b)
        echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
        return (frechet_oracle(mu_a, s_a, mu_b, s_b), echelle)

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def fid_attendue(copie, a, b):
        """The FID of the grader's copy of its extractor, features computed on the grader's side."""
        with torch.no_grad():
            return fid_oracle(copie(a).double().numpy(), copie(b).double().numpy())

    def extracteur_correcteur(fid, dim):
        """A grader extractor with fixed weights, built where `fid` lives (and the grader's own
    copy): it records the size of each batch and whether autograd was recording."""
        fabrique = C.code('def fabrique(dim):\n\n    class Enregistreur(nn.Module):\n\n        def __init__(self, dim):\n            super().__init__()\n            g = torch.Generator().manual_seed(868)\n            self.conv = nn.Conv2d(1, 4, 5, stride=3)\n            self.lin = nn.Linear(4 * 8 * 8, dim)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))\n            self.appels = []\n\n        def forward(self, x):\n            self.appels.append([int(x.shape[0]), bool(torch.is_grad_enabled())])\n            return self.lin(torch.tanh(self.conv(x)).flatten(1))\n    return Enregistreur(dim).eval()')
        return (C.build_where(fid, fabrique, dim), fabrique(dim))

    def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
        obtenu = appeler_flottant(fid, arguments, 'fid')
        C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-05 * echelle, reveal=reveal, hint="features de chaque ensemble par l'extracteur (par lots, concaténées), puis statistiques et distance_frechet.")
        return obtenu
    ext, copie = extracteur_correcteur(fid, 6)
    a, b = (images_test(70, 12), images_test(45, 13).flip(-1))
    attendu, echelle = fid_attendue(copie, a, b)
    for taille in (256, 32, 7, 1):
        comparer_fid(fid, (a.clone(), b.clone(), ext, taille), attendu, echelle, f'fid avec taille_lot = {taille}')

@test_case(points=None, hidden=True)
def test_fid_par_lots_sans_graphe(fid):
    import math
    import numpy as np
    import torch
    from torch import nn
    from autograder import checks as C

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

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

    def fid_oracle(feat_a, feat_b):
        """(FID, scale) from two feature matrices, in float64."""
        mu_a, s_a = statistiques_oracle(feat_a)
        mu_b, s_b = statistiques_oracle(feat_b)
        echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
        return (frechet_oracle(mu_a, s_a, mu_b, s_b), echelle)

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def fid_attendue(copie, a, b):
        """The FID of the grader's copy of its extractor, features computed on the grader's side."""
        with torch.no_grad():
            return fid_oracle(copie(a).double().numpy(), copie(b).double().numpy())

    def extracteur_correcteur(fid, dim):
        """A grader extractor with fixed weights, built where `fid` lives (and the grader's own
    copy): it records the size of each batch and whether autograd was recording."""
        fabrique = C.code('def fabrique(dim):\n\n    class Enregistreur(nn.Module):\n\n        def __init__(self, dim):\n            super().__init__()\n            g = torch.Generator().manual_seed(868)\n            self.conv = nn.Conv2d(1, 4, 5, stride=3)\n            self.lin = nn.Linear(4 * 8 * 8, dim)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))\n            self.appels = []\n\n        def forward(self, x):\n            self.appels.append([int(x.shape[0]), bool(torch.is_grad_enabled())])\n            return self.lin(torch.tanh(self.conv(x)).flatten(1))\n    return Enregistreur(dim).eval()')
        return (C.build_where(fid, fabrique, dim), fabrique(dim))

    def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
        obtenu = appeler_flottant(fid, arguments, 'fid')
        C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-05 * echelle, reveal=reveal, hint="features de chaque ensemble par l'extracteur (par lots, concaténées), puis statistiques et distance_frechet.")
        return obtenu
    ext, copie = extracteur_correcteur(fid, 5)
    a, b = (images_test(70, 14), images_test(33, 15))
    attendu, echelle = fid_attendue(copie, a, b)
    comparer_fid(fid, (a.clone(), b.clone(), ext, 16), attendu, echelle, 'fid avec taille_lot = 16')
    appels = C.call(C.code('lambda m: [list(c) for c in m.appels]'), ext, name='extracteur')
    tailles = sorted((int(c[0]) for c in appels))
    C.expect(tailles == sorted([16] * 4 + [6] + [16] * 2 + [1]), "`fid` n'appelle pas l'extracteur par lots de `taille_lot` images (chaque image une seule fois).", hint='for lot in images.split(taille_lot): features.append(extracteur(lot)).')
    C.expect(not any((bool(c[1]) for c in appels)), "`fid` appelle l'extracteur pendant que l'autograd enregistre un graphe.", hint='calculez les features sous `with torch.no_grad():`.')

@test_case(points=None, hidden=True)
def test_fid_identiques_images_intactes(fid):
    import math
    import numpy as np
    import torch
    from torch import nn
    from autograder import checks as C

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

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

    def fid_oracle(feat_a, feat_b):
        """(FID, scale) from two feature matrices, in float64."""
        mu_a, s_a = statistiques_oracle(feat_a)
        mu_b, s_b = statistiques_oracle(feat_b)
        echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
        return (frechet_oracle(mu_a, s_a, mu_b, s_b), echelle)

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def fid_attendue(copie, a, b):
        """The FID of the grader's copy of its extractor, features computed on the grader's side."""
        with torch.no_grad():
            return fid_oracle(copie(a).double().numpy(), copie(b).double().numpy())

    def extracteur_correcteur(fid, dim):
        """A grader extractor with fixed weights, built where `fid` lives (and the grader's own
    copy): it records the size of each batch and whether autograd was recording."""
        fabrique = C.code('def fabrique(dim):\n\n    class Enregistreur(nn.Module):\n\n        def __init__(self, dim):\n            super().__init__()\n            g = torch.Generator().manual_seed(868)\n            self.conv = nn.Conv2d(1, 4, 5, stride=3)\n            self.lin = nn.Linear(4 * 8 * 8, dim)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))\n            self.appels = []\n\n        def forward(self, x):\n            self.appels.append([int(x.shape[0]), bool(torch.is_grad_enabled())])\n            return self.lin(torch.tanh(self.conv(x)).flatten(1))\n    return Enregistreur(dim).eval()')
        return (C.build_where(fid, fabrique, dim), fabrique(dim))

    def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
        obtenu = appeler_flottant(fid, arguments, 'fid')
        C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-05 * echelle, reveal=reveal, hint="features de chaque ensemble par l'extracteur (par lots, concaténées), puis statistiques et distance_frechet.")
        return obtenu
    ext, copie = extracteur_correcteur(fid, 4)
    a = images_test(50, 16)
    attendu, echelle = fid_attendue(copie, a, a)
    comparer_fid(fid, (a.clone(), a.clone(), ext), attendu, echelle, 'fid(a, a, extracteur) (deux ensembles identiques)')
    C.expect_unchanged(fid, a.clone(), images_test(40, 17), ext, name='fid', hint="ne modifiez pas les images (pas d'opération en place).")

@test_case(points=None, hidden=True)
def test_fid_extracteur_eleve(fid, ExtracteurFeatures):
    import math
    import numpy as np
    import torch
    from autograder import checks as C

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

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

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def fid_oracle(feat_a, feat_b):
        """(FID, scale) from two feature matrices, in float64."""
        mu_a, s_a = statistiques_oracle(feat_a)
        mu_b, s_b = statistiques_oracle(feat_b)
        echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
        return (frechet_oracle(mu_a, s_a, mu_b, s_b), echelle)

    def features_de(modele, images, libelle):
        """The features of `images` by the student's model, in one forward pass, as float64 numpy."""
        out = C.as_tensor(C.forward(modele, images.clone(), name=libelle), f'features de {libelle}')
        return out.double().numpy()

    def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
        obtenu = appeler_flottant(fid, arguments, 'fid')
        C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-05 * echelle, reveal=reveal, hint="features de chaque ensemble par l'extracteur (par lots, concaténées), puis statistiques et distance_frechet.")
        return obtenu
    a, b = (images_test(120, 18), images_test(100, 19).transpose(-1, -2).contiguous())
    modele = C.call(ExtracteurFeatures, 16, 5, name='ExtracteurFeatures')
    attendu, echelle = fid_oracle(features_de(modele, a, 'ExtracteurFeatures(16, 5)'), features_de(modele, b, 'ExtracteurFeatures(16, 5)'))
    comparer_fid(fid, (a.clone(), b.clone(), modele, 512), attendu, echelle, 'fid avec votre ExtracteurFeatures(16, 5)')

@test_case(points=None, hidden=True)
def test_fid_decroissante(fid, ExtracteurFeatures):
    import math
    import numpy as np
    import torch
    from torch import nn
    from autograder import checks as C
    from autograder import data

    def appeler_flottant(fonction, arguments, nom):
        """fonction(*arguments), which must be a finite Python float (read where it is computed:
    a numpy complex does not cross the boundary as a number)."""
        appel = C.code('def appel(fonction, arguments):\n    r = fonction(*arguments)\n    return (r if isinstance(r, float) else None, type(r).__name__)')
        valeur, genre = C.call(appel, fonction, tuple(arguments), name=nom)
        C.expect(valeur is not None, f'`{nom}` doit renvoyer un flottant Python (reçu {genre}).', hint='une valeur complexe vient de la racine matricielle : gardez la partie réelle du terme de trace, puis convertissez avec float(...).')
        C.expect(math.isfinite(valeur), f'`{nom}` renvoie une valeur non finie ({valeur}).', hint='covariances quasi singulières : partie réelle de la trace de sqrtm, ou valeurs propres négatives (arrondi) remplacées par 0 avant la racine.')
        return float(valeur)

    def statistiques_oracle(x):
        """(mu, sigma) de l'énoncé, en float64 (np.cov, ddof = 1), sigma de forme (d, d)."""
        x = np.asarray(x, dtype=np.float64)
        return (x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1)))

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

    def points_de_controle(graine):
        """The grader's sequence: 500 reference images, and 5 sets of the 500 other images of its
    own held-out split mixed with Gaussian noise of strength 1, 0.6, 0.35, 0.2, 0 (clamped to
    [−1, 1]); calibrated in exercise.yaml `calibration:`."""
        x, _ = data.tensors('fashion-mnist', 'holdout')
        g = torch.Generator().manual_seed(graine)
        x = 2 * x[torch.randperm(len(x), generator=g)] - 1
        reel, autres = (x[:500], x[500:1000])
        bruit = torch.randn(autres.shape, generator=g)
        suite = [((1 - s) * autres + s * bruit).clamp(-1, 1) for s in (1.0, 0.6, 0.35, 0.2, 0.0)]
        return (reel.contiguous(), [t.contiguous() for t in suite])

    def fid_oracle(feat_a, feat_b):
        """(FID, scale) from two feature matrices, in float64."""
        mu_a, s_a = statistiques_oracle(feat_a)
        mu_b, s_b = statistiques_oracle(feat_b)
        echelle = float((mu_a - mu_b) @ (mu_a - mu_b) + np.trace(s_a) + np.trace(s_b))
        return (frechet_oracle(mu_a, s_a, mu_b, s_b), echelle)

    def fid_attendue(copie, a, b):
        """The FID of the grader's copy of its extractor, features computed on the grader's side."""
        with torch.no_grad():
            return fid_oracle(copie(a).double().numpy(), copie(b).double().numpy())

    def features_de(modele, images, libelle):
        """The features of `images` by the student's model, in one forward pass, as float64 numpy."""
        out = C.as_tensor(C.forward(modele, images.clone(), name=libelle), f'features de {libelle}')
        return out.double().numpy()

    def extracteur_correcteur(fid, dim):
        """A grader extractor with fixed weights, built where `fid` lives (and the grader's own
    copy): it records the size of each batch and whether autograd was recording."""
        fabrique = C.code('def fabrique(dim):\n\n    class Enregistreur(nn.Module):\n\n        def __init__(self, dim):\n            super().__init__()\n            g = torch.Generator().manual_seed(868)\n            self.conv = nn.Conv2d(1, 4, 5, stride=3)\n            self.lin = nn.Linear(4 * 8 * 8, dim)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p[0].numel()))\n            self.appels = []\n\n        def forward(self, x):\n            self.appels.append([int(x.shape[0]), bool(torch.is_grad_enabled())])\n            return self.lin(torch.tanh(self.conv(x)).flatten(1))\n    return Enregistreur(dim).eval()')
        return (C.build_where(fid, fabrique, dim), fabrique(dim))

    def comparer_fid(fid, arguments, attendu, echelle, libelle, reveal=False):
        obtenu = appeler_flottant(fid, arguments, 'fid')
        C.expect_scalar_close(obtenu, attendu, name=libelle, rtol=0.0, atol=1e-05 * echelle, reveal=reveal, hint="features de chaque ensemble par l'extracteur (par lots, concaténées), puis statistiques et distance_frechet.")
        return obtenu
    reel, suite = points_de_controle(C.seed())
    ext, copie = extracteur_correcteur(fid, 16)
    modele = C.call(ExtracteurFeatures, name='ExtracteurFeatures')
    feat_reel = features_de(modele, reel, 'ExtracteurFeatures()')
    for nom, extracteur in (("l'extracteur de la correction", ext), ('votre ExtracteurFeatures()', modele)):
        valeurs = []
        for k, images in enumerate(suite):
            if extracteur is ext:
                attendu, echelle = fid_attendue(copie, reel, images)
            else:
                attendu, echelle = fid_oracle(feat_reel, features_de(modele, images, 'ExtracteurFeatures()'))
            valeurs.append(comparer_fid(fid, (reel.clone(), images.clone(), extracteur, 1024), attendu, echelle, f'fid au point de contrôle n° {k + 1} avec {nom}'))
        C.expect(all((u > v for u, v in zip(valeurs, valeurs[1:], strict=False))), f'Avec {nom}, la FID ne décroît pas strictement le long des points de contrôle (images de moins en moins bruitées).', hint='des features dégénérées (constantes, ou identiques pour toutes les images) ne voient pas la dégradation.')

