from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_champ_point_fixe_et_exemple(champ):
    import torch
    from autograder import checks as C
    f = C.call(champ, torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64), name='champ')
    C.expect_shape(f, (5,), name='champ(w*)')
    C.expect_close(f, torch.zeros(5, dtype=torch.float64), name='champ(w*)', rtol=0.0, atol=1e-10, reveal=True, hint='en w* = (0, 0, 0, 0, 1), D ≡ 1/2 et p_g = p_data : F(w*) = 0.')
    f = C.call(champ, torch.tensor([0.0, 0.0, 0.0, 0.5, 1.0], dtype=torch.float64), name='champ')
    C.expect_close(f, torch.tensor([-0.125, -0.25, 0.0, 0.0, 0.0], dtype=torch.float64), name='champ((0, 0, 0, 0.5, 1))', rtol=1e-08, atol=1e-10, reveal=True, hint='avec ψ = 0, ∂V/∂a = ½(E[x²] − E[y²]) et ∂V/∂b = ½(E[x] − E[y]) avec y = μ + σz ; le discriminateur MONTE le gradient (signe +).')

@test_case(points=None, hidden=True)
def test_champ_discriminateur_monte(champ):
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

    def gradient_oracle(w):
        """∇_w V (les cinq dérivées partielles de V, sans les signes de la dynamique)."""
        u = w.detach().clone().requires_grad_(True)
        return torch.autograd.grad(valeur_oracle(u[:3], u[3], u[4]), u)[0]
    for i, w in enumerate(points_aleatoires(20, 5)):
        f = C.as_tensor(C.call(champ, w.clone(), name='champ'), name='champ(w)')
        C.expect_shape(f, (5,), name='champ(w)')
        C.expect_dtype(f, torch.float64, name='champ(w)')
        C.expect_close(f[:3], gradient_oracle(w)[:3], name=f'les composantes (a, b, c) de champ(w) au point n° {i + 1}', rtol=1e-08, atol=1e-10, hint='le discriminateur maximise V : F_ψ = +∇_ψ V (sans signe moins).')

@test_case(points=None, hidden=True)
def test_champ_generateur_descend(champ):
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

    def gradient_oracle(w):
        """∇_w V (les cinq dérivées partielles de V, sans les signes de la dynamique)."""
        u = w.detach().clone().requires_grad_(True)
        return torch.autograd.grad(valeur_oracle(u[:3], u[3], u[4]), u)[0]
    for i, w in enumerate(points_aleatoires(21, 5)):
        f = C.as_tensor(C.call(champ, w.clone(), name='champ'), name='champ(w)')
        C.expect_shape(f, (5,), name='champ(w)')
        C.expect_close(f[3:], -gradient_oracle(w)[3:], name=f'les composantes (μ, σ) de champ(w) au point n° {i + 1}', rtol=1e-08, atol=1e-10, hint='le générateur minimise V : F_θ = −∇_(μ,σ) V ; σ multiplie z (écart-type, pas variance).')

@test_case(points=None, hidden=True)
def test_champ_argument_intact(champ):
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

    def gradient_oracle(w):
        """∇_w V (les cinq dérivées partielles de V, sans les signes de la dynamique)."""
        u = w.detach().clone().requires_grad_(True)
        return torch.autograd.grad(valeur_oracle(u[:3], u[3], u[4]), u)[0]
    w = points_aleatoires(22, 1)[0]
    f = C.expect_unchanged(champ, w.clone(), name='champ', hint='travaillez sur une copie (w.detach().clone()) si vous modifiez le tenseur.')
    sens = torch.cat([torch.ones(3), -torch.ones(2)]).to(torch.float64)
    C.expect_close(f, sens * gradient_oracle(w), name='champ(w)', rtol=1e-08, atol=1e-10)

