from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_valeurs_propres_exemples(valeurs_propres):
    import torch
    from autograder import checks as C
    rotation = torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64)
    got = C.as_tensor(C.call(valeurs_propres, rotation, name='valeurs_propres'), name='valeurs_propres([[0, −1], [1, 0]])')
    C.expect_shape(got, (2,), name='valeurs_propres([[0, −1], [1, 0]])')
    C.expect(got.is_complex(), '`valeurs_propres` doit renvoyer un tenseur complexe.', hint='torch.linalg.eigvals renvoie un tenseur complexe.')
    C.expect_close(torch.view_as_real(got), torch.tensor([[0.0, -1.0], [0.0, 1.0]], dtype=torch.float64), name='(parties réelles, imaginaires) de valeurs_propres([[0, −1], [1, 0]])', rtol=1e-08, atol=1e-08, reveal=True, hint="les valeurs propres sont ±i : −i d'abord (partie imaginaire croissante) ; un tenseur complexe.")
    diagonale = torch.diag(torch.tensor([2.0, -1.0, 1.0], dtype=torch.float64))
    got = C.as_tensor(C.call(valeurs_propres, diagonale, name='valeurs_propres'), name='valeurs_propres(diag(2, −1, 1))')
    C.expect(got.is_complex(), '`valeurs_propres` doit renvoyer un tenseur complexe, même quand les valeurs propres sont réelles.', hint='torch.linalg.eigvals renvoie un tenseur complexe.')
    C.expect_close(torch.view_as_real(got), torch.tensor([[-1.0, 0.0], [1.0, 0.0], [2.0, 0.0]], dtype=torch.float64), name='valeurs_propres(diag(2, −1, 1))', rtol=1e-08, atol=1e-08, reveal=True, hint='triez par partie réelle croissante.')

@test_case(points=None, hidden=False)
def test_attracteur_exemples(est_attracteur):
    import torch
    from autograder import checks as C

    def appeler_attracteur(est_attracteur, M, *extra):
        """est_attracteur(M, *extra), qui doit être un booléen Python."""
        got = C.call(est_attracteur, M.clone(), *extra, name='est_attracteur')
        C.expect(isinstance(got, bool), f'`est_attracteur` doit renvoyer un booléen Python (reçu {type(got).__name__}).', hint='convertissez avec bool(...).')
        return got
    cas = [(torch.diag(torch.tensor([-1.0, -2.0], dtype=torch.float64)), True, 'diag(−1, −2)'), (torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64), False, '[[0, −1], [1, 0]] (valeurs propres ±i)'), (torch.tensor([[-1.0, 3.0], [0.0, 0.5]], dtype=torch.float64), False, '[[−1, 3], [0, 0.5]]')]
    for M, attendu, libelle in cas:
        got = appeler_attracteur(est_attracteur, M)
        C.expect_equal(got, attendu, name=f'est_attracteur({libelle})', reveal=True, hint='attracteur ⇔ toutes les parties réelles des valeurs propres sont < −tol ; une partie réelle nulle ne suffit pas.')

@test_case(points=None, hidden=True)
def test_valeurs_propres_tri(valeurs_propres):
    import torch
    from autograder import checks as C

    def matrice_de_spectre(blocs, graine):
        """Une matrice réelle de spectre connu : blocs diagonaux (réels r, ou α ± iβ pour (α, β)),
    conjugués par une matrice aléatoire bien conditionnée ; renvoie (M, spectre trié)."""
        n = sum((1 if isinstance(b, float) else 2 for b in blocs))
        D = torch.zeros(n, n, dtype=torch.float64)
        spectre, i = ([], 0)
        for b in blocs:
            if isinstance(b, float):
                D[i, i] = b
                spectre.append(complex(b, 0.0))
                i += 1
            else:
                alpha, beta = b
                D[i:i + 2, i:i + 2] = torch.tensor([[alpha, -beta], [beta, alpha]], dtype=torch.float64)
                spectre += [complex(alpha, -beta), complex(alpha, beta)]
                i += 2
        g = torch.Generator().manual_seed(graine)
        P = torch.eye(n, dtype=torch.float64) + 0.3 * torch.randn(n, n, generator=g, dtype=torch.float64)
        M = P @ D @ torch.linalg.inv(P)
        spectre.sort(key=lambda z: (z.real, z.imag))
        return (M, torch.tensor(spectre, dtype=torch.complex128))

    def comparer_spectre(valeurs_propres, M, attendu, libelle):
        got = C.as_tensor(C.call(valeurs_propres, M.clone(), name='valeurs_propres'), name=libelle)
        C.expect(got.is_complex(), f'`{libelle}` doit être un tenseur complexe (reçu {str(got.dtype)[6:]}), même quand les valeurs propres sont réelles.', hint='torch.linalg.eigvals renvoie un tenseur complexe ; avec numpy, convertissez (astype(complex)).')
        C.expect_shape(got, tuple(attendu.shape), name=libelle)
        C.expect_dtype(got, torch.complex128, name=libelle)

        def cle(z):
            return (round(z.real, 6), round(z.imag, 6))
        ensemble = sorted((complex(z) for z in got.tolist()), key=cle)
        if not torch.allclose(torch.tensor(ensemble, dtype=torch.complex128), attendu, rtol=1e-08, atol=1e-08):
            C.expect_close(torch.view_as_real(got), torch.view_as_real(attendu), name=libelle, rtol=1e-08, atol=1e-08, hint='les valeurs propres de J elle-même (pas de J + Jᵀ ni de Jᵀ J) : torch.linalg.eigvals(J).')
        for u, v in zip(got.tolist(), got.tolist()[1:], strict=False):
            en_ordre = v.real > u.real + 1e-06 or (abs(v.real - u.real) <= 1e-06 and v.imag >= u.imag - 1e-06)
            C.expect(en_ordre, f'`{libelle}` : les valeurs propres sont justes mais mal triées.', hint='triez par partie réelle croissante, puis, dans une paire conjuguée, par partie imaginaire croissante (−iβ avant +iβ).')
    cas = [([(-0.3, 2.0), 0.5, -1.2, (0.1, 0.7)], 40), ([-2.0, 0.25, 1.5, -0.75], 41), ([(0.0, 1.5), (-0.5, 0.2), (0.4, 3.0)], 42)]
    for k, (blocs, graine) in enumerate(cas):
        M, attendu = matrice_de_spectre(blocs, graine)
        comparer_spectre(valeurs_propres, M, attendu, f'valeurs_propres(M{k + 1})')

@test_case(points=None, hidden=True)
def test_valeurs_propres_point_fixe(valeurs_propres):
    import math
    import numpy as np
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def regle(K):
        """Les nœuds et les poids normalisés de Gauss–Hermite (probabilistes), en float64."""
        noeuds, poids = np.polynomial.hermite_e.hermegauss(K)
        return (torch.tensor(noeuds, dtype=torch.float64), torch.tensor(poids, dtype=torch.float64) / math.sqrt(2 * math.pi))

    def valeur_oracle(psi, mu, sigma, K=20):
        """V de l'énoncé, calculée par la correction (différentiable)."""
        x, p = regle(K)

        def h(t):
            return psi[0] * t ** 2 + psi[1] * t + psi[2]
        return (p * F.logsigmoid(h(x))).sum() + (p * F.logsigmoid(-h(mu + sigma * x))).sum()

    def jacobienne_oracle(w):
        """∂F/∂w du champ de la correction (autograd sur autograd), (5, 5)."""

        def f(u):
            g = torch.func.grad(lambda v: valeur_oracle(v[:3], v[3], v[4]))(u)
            return g * torch.tensor([1.0, 1.0, 1.0, -1.0, -1.0], dtype=g.dtype)
        return torch.func.jacrev(f)(w.detach().clone())

    def comparer_spectre(valeurs_propres, M, attendu, libelle):
        got = C.as_tensor(C.call(valeurs_propres, M.clone(), name='valeurs_propres'), name=libelle)
        C.expect(got.is_complex(), f'`{libelle}` doit être un tenseur complexe (reçu {str(got.dtype)[6:]}), même quand les valeurs propres sont réelles.', hint='torch.linalg.eigvals renvoie un tenseur complexe ; avec numpy, convertissez (astype(complex)).')
        C.expect_shape(got, tuple(attendu.shape), name=libelle)
        C.expect_dtype(got, torch.complex128, name=libelle)

        def cle(z):
            return (round(z.real, 6), round(z.imag, 6))
        ensemble = sorted((complex(z) for z in got.tolist()), key=cle)
        if not torch.allclose(torch.tensor(ensemble, dtype=torch.complex128), attendu, rtol=1e-08, atol=1e-08):
            C.expect_close(torch.view_as_real(got), torch.view_as_real(attendu), name=libelle, rtol=1e-08, atol=1e-08, hint='les valeurs propres de J elle-même (pas de J + Jᵀ ni de Jᵀ J) : torch.linalg.eigvals(J).')
        for u, v in zip(got.tolist(), got.tolist()[1:], strict=False):
            en_ordre = v.real > u.real + 1e-06 or (abs(v.real - u.real) <= 1e-06 and v.imag >= u.imag - 1e-06)
            C.expect(en_ordre, f'`{libelle}` : les valeurs propres sont justes mais mal triées.', hint='triez par partie réelle croissante, puis, dans une paire conjuguée, par partie imaginaire croissante (−iβ avant +iβ).')
    J = jacobienne_oracle(torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64))
    s = math.sqrt(3) / 4
    attendu = torch.tensor([-1.0, complex(-0.5, -0.5), complex(-0.5, 0.5), complex(-0.25, -s), complex(-0.25, s)], dtype=torch.complex128)
    comparer_spectre(valeurs_propres, J, attendu, 'valeurs_propres(J(w*))')

@test_case(points=None, hidden=True)
def test_attracteur_cas(est_attracteur):
    import math
    import numpy as np
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def regle(K):
        """Les nœuds et les poids normalisés de Gauss–Hermite (probabilistes), en float64."""
        noeuds, poids = np.polynomial.hermite_e.hermegauss(K)
        return (torch.tensor(noeuds, dtype=torch.float64), torch.tensor(poids, dtype=torch.float64) / math.sqrt(2 * math.pi))

    def valeur_oracle(psi, mu, sigma, K=20):
        """V de l'énoncé, calculée par la correction (différentiable)."""
        x, p = regle(K)

        def h(t):
            return psi[0] * t ** 2 + psi[1] * t + psi[2]
        return (p * F.logsigmoid(h(x))).sum() + (p * F.logsigmoid(-h(mu + sigma * x))).sum()

    def matrice_de_spectre(blocs, graine):
        """Une matrice réelle de spectre connu : blocs diagonaux (réels r, ou α ± iβ pour (α, β)),
    conjugués par une matrice aléatoire bien conditionnée ; renvoie (M, spectre trié)."""
        n = sum((1 if isinstance(b, float) else 2 for b in blocs))
        D = torch.zeros(n, n, dtype=torch.float64)
        spectre, i = ([], 0)
        for b in blocs:
            if isinstance(b, float):
                D[i, i] = b
                spectre.append(complex(b, 0.0))
                i += 1
            else:
                alpha, beta = b
                D[i:i + 2, i:i + 2] = torch.tensor([[alpha, -beta], [beta, alpha]], dtype=torch.float64)
                spectre += [complex(alpha, -beta), complex(alpha, beta)]
                i += 2
        g = torch.Generator().manual_seed(graine)
        P = torch.eye(n, dtype=torch.float64) + 0.3 * torch.randn(n, n, generator=g, dtype=torch.float64)
        M = P @ D @ torch.linalg.inv(P)
        spectre.sort(key=lambda z: (z.real, z.imag))
        return (M, torch.tensor(spectre, dtype=torch.complex128))

    def jacobienne_oracle(w):
        """∂F/∂w du champ de la correction (autograd sur autograd), (5, 5)."""

        def f(u):
            g = torch.func.grad(lambda v: valeur_oracle(v[:3], v[3], v[4]))(u)
            return g * torch.tensor([1.0, 1.0, 1.0, -1.0, -1.0], dtype=g.dtype)
        return torch.func.jacrev(f)(w.detach().clone())

    def appeler_attracteur(est_attracteur, M, *extra):
        """est_attracteur(M, *extra), qui doit être un booléen Python."""
        got = C.call(est_attracteur, M.clone(), *extra, name='est_attracteur')
        C.expect(isinstance(got, bool), f'`est_attracteur` doit renvoyer un booléen Python (reçu {type(got).__name__}).', hint='convertissez avec bool(...).')
        return got
    J = jacobienne_oracle(torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64))
    stable, _ = matrice_de_spectre([(-0.2, 1.0), -0.05, -3.0], 43)
    instable, _ = matrice_de_spectre([(0.05, 1.0), -1.0], 44)

    def diag(*v):
        return torch.diag(torch.tensor(v, dtype=torch.float64))
    cas = [(J, (), True, 'une jacobienne à valeurs propres complexes'), (J[1:, 1:], (), False, 'une matrice ayant une valeur propre nulle'), (torch.tensor([[0.0, 0.5], [-0.5, 0.0]], dtype=torch.float64), (), False, 'une matrice à valeurs propres imaginaires pures'), (stable, (), True, 'une matrice à valeurs propres réelles et complexes'), (instable, (), False, 'une matrice à valeurs propres réelles et complexes'), (diag(-1e-09, -1.0), (), False, 'une matrice diagonale, tol par défaut'), (diag(-5e-09, -2.0), (), True, 'une matrice diagonale, tol par défaut'), (J, (0.3,), False, 'une tolérance tol passée en second argument'), (J, (0.2,), True, 'une tolérance tol passée en second argument')]
    for k, (M, extra, attendu, libelle) in enumerate(cas):
        got = appeler_attracteur(est_attracteur, M, *extra)
        C.expect(got == attendu, f'`est_attracteur` se trompe dans le cas n° {k + 1} ({libelle}).', hint='attracteur ⇔ TOUTES les parties réelles < −tol (strictement) ; une partie réelle nulle ou positive suffit à conclure « non ».')

