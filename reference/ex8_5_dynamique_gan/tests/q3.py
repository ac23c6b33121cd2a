from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_jacobienne_au_point_fixe(jacobienne):
    import torch
    from autograder import checks as C
    attendu = torch.tensor([[-1.5, 0.0, -0.5, 0.0, -1.0], [0.0, -0.5, 0.0, -0.5, 0.0], [-0.5, 0.0, -0.5, 0.0, 0.0], [0.0, 0.5, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0]], dtype=torch.float64)
    got = C.call(jacobienne, torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64), name='jacobienne')
    C.expect_shape(got, (5, 5), name='jacobienne(w*)')
    C.expect_close(got, attendu, name='jacobienne(w*)', rtol=1e-05, atol=1e-06, reveal=True, hint='J[i, j] = ∂F_i/∂w_j (ligne = composante du champ) ; le bloc (ψ, ψ) vaut −½ E[φφᵀ] avec φ = (x², x, 1).')

@test_case(points=None, hidden=True)
def test_jacobienne_points_aleatoires(jacobienne):
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

    def points_aleatoires(graine, n):
        """n points w = (a, b, c, μ, σ) tirés uniformément dans une boîte autour de w*."""
        g = torch.Generator().manual_seed(graine)
        bas = torch.tensor([-0.1, -1.0, -1.0, -1.0, 0.5], dtype=torch.float64)
        haut = torch.tensor([0.1, 1.0, 1.0, 1.0, 1.5], dtype=torch.float64)
        return bas + (haut - bas) * torch.rand(n, 5, generator=g, dtype=torch.float64)

    def comparer_jacobienne(jacobienne, w, libelle):
        got = C.as_tensor(C.call(jacobienne, w.clone(), name='jacobienne'), name=libelle)
        C.expect_shape(got, (5, 5), name=libelle)
        C.expect_dtype(got, torch.float64, name=libelle)
        want = jacobienne_oracle(w)
        transposee = bool(torch.allclose(got, want.T, rtol=1e-05, atol=1e-06))
        C.expect_close(got, want, name=libelle, rtol=1e-05, atol=1e-06, hint='votre matrice est la transposée : la ligne i est la composante F_i, la colonne j la variable w_j.' if transposee else 'vérifiez le champ (question 2) puis la dérivation : J[i, j] = ∂F_i/∂w_j ; en différences finies, (F(w + h e_j) − F(w − h e_j))/2h remplit la COLONNE j.')
    comparer_jacobienne(jacobienne, torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64), 'jacobienne(w*)')
    for i, w in enumerate(points_aleatoires(30, 4)):
        comparer_jacobienne(jacobienne, w, f'jacobienne au point n° {i + 1}')

