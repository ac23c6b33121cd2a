from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_valeur_au_point_fixe(valeur):
    import math
    import torch
    from autograder import checks as C
    zero, un = (torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64))
    v = C.call(valeur, torch.zeros(3, dtype=torch.float64), zero, un, name='valeur')
    C.expect_shape(v, (), name='valeur(0, 0, 1)', hint='renvoyez un tenseur 0-d (une somme).')
    C.expect_scalar_close(v, -2 * math.log(2), name='valeur(ψ = 0, μ = 0, σ = 1)', rtol=1e-10, reveal=True, hint='D ≡ 1/2, donc V = 2 log(1/2) si les poids somment à 1 : divisez les poids de hermegauss par √(2π).')

@test_case(points=None, hidden=True)
def test_valeur_points_aleatoires(valeur):
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

    def points_aleatoires(graine, n):
        """n points w = (a, b, c, μ, σ) tirés uniformément dans une boîte autour de w*."""
        g = torch.Generator().manual_seed(graine)
        bas = torch.tensor([-0.1, -1.0, -1.0, -1.0, 0.5], dtype=torch.float64)
        haut = torch.tensor([0.1, 1.0, 1.0, 1.0, 1.5], dtype=torch.float64)
        return bas + (haut - bas) * torch.rand(n, 5, generator=g, dtype=torch.float64)
    for i, w in enumerate(points_aleatoires(10, 6)):
        for K in (None, 3, 8):
            args = (w[:3].clone(), w[3].clone(), w[4].clone()) + (() if K is None else (K,))
            attendu = float(valeur_oracle(w[:3], w[3], w[4], 20 if K is None else K))
            libelle = f'valeur au point n° {i + 1}' + ('' if K is None else f' avec K = {K}')
            C.expect_scalar_close(C.call(valeur, *args, name='valeur'), attendu, name=libelle, rtol=1e-09, atol=1e-12, hint='K = 20 par défaut ; poids de hermegauss divisés par √(2π) ; σ est un écart-type (G(z) = μ + σz) ; logit a x² + b x + c ; la même règle pour les deux espérances, sans tirage aléatoire.' if K is None else 'utilisez exactement K nœuds : hermegauss(K) avec le K reçu.')

@test_case(points=None, hidden=True)
def test_valeur_differentiable(valeur):
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

    def points_aleatoires(graine, n):
        """n points w = (a, b, c, μ, σ) tirés uniformément dans une boîte autour de w*."""
        g = torch.Generator().manual_seed(graine)
        bas = torch.tensor([-0.1, -1.0, -1.0, -1.0, 0.5], dtype=torch.float64)
        haut = torch.tensor([0.1, 1.0, 1.0, 1.0, 1.5], dtype=torch.float64)
        return bas + (haut - bas) * torch.rand(n, 5, generator=g, dtype=torch.float64)
    objectif = C.code('def objectif(psi, mu, sigma):\n    return valeur(psi, mu, sigma)', valeur=valeur)
    for i, w in enumerate(points_aleatoires(11, 3)):
        entrees = {'psi': w[:3].clone(), 'mu': w[3].clone(), 'sigma': w[4].clone()}
        obtenu = C.grad_of(objectif, entrees, name='valeur')
        feuilles = {k: v.clone().requires_grad_(True) for k, v in entrees.items()}
        attendu = torch.autograd.grad(valeur_oracle(**feuilles), list(feuilles.values()))
        for (nom, g), want in zip(obtenu.items(), attendu, strict=True):
            C.expect_close(g, want, name=f'∂V/∂{nom} (autograd) au point n° {i + 1}', rtol=1e-08, atol=1e-10, hint='V doit rester un tenseur relié à psi, mu et sigma : pas de .item(), de float(...), de .detach() ni de numpy sur eux.')

@test_case(points=None, hidden=True)
def test_valeur_type_conserve(valeur):
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

    def points_aleatoires(graine, n):
        """n points w = (a, b, c, μ, σ) tirés uniformément dans une boîte autour de w*."""
        g = torch.Generator().manual_seed(graine)
        bas = torch.tensor([-0.1, -1.0, -1.0, -1.0, 0.5], dtype=torch.float64)
        haut = torch.tensor([0.1, 1.0, 1.0, 1.0, 1.5], dtype=torch.float64)
        return bas + (haut - bas) * torch.rand(n, 5, generator=g, dtype=torch.float64)
    w = points_aleatoires(12, 1)[0]
    for dtype in (torch.float64, torch.float32):
        u = w.to(dtype)
        v = C.call(valeur, u[:3].clone(), u[3].clone(), u[4].clone(), name='valeur')
        libelle = f'valeur(psi, mu, sigma) en {str(dtype)[6:]}'
        C.expect(isinstance(v, torch.Tensor), f'`valeur` doit renvoyer un tenseur PyTorch 0-d (reçu {type(v).__name__}).', hint='ne convertissez pas le résultat en flottant Python.')
        C.expect_shape(v, (), name=libelle)
        C.expect_dtype(v, dtype, name=libelle, hint='créez les nœuds et les poids avec dtype=psi.dtype : un tenseur numpy float64 converti tel quel impose float64.')
        tol = 1e-09 if dtype == torch.float64 else 1e-05
        C.expect_scalar_close(v, float(valeur_oracle(w[:3], w[3], w[4])), name=libelle, rtol=tol, atol=tol)

