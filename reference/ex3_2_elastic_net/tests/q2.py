from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_pas_exemple(pas_proximal):
    import torch
    from autograder import checks as C
    X = torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64)
    y = torch.tensor([2.0, -0.2], dtype=torch.float64)
    theta = torch.zeros(2, dtype=torch.float64)
    got = C.call(pas_proximal, theta, X, y, 1.0, 0.5, 0.5, name='pas_proximal')
    C.expect_shape(got, (2,), name='pas_proximal(0, X, y, λ=1, α=0.5, η=0.5)')
    C.expect_close(got, torch.tensor([0.25, 0.0], dtype=torch.float64), name='pas_proximal(0, I, [2, −0.2], λ=1, α=0.5, η=0.5)', reveal=True, hint='θ − η∇g = [0.5, −0.05], puis seuillage doux de seuil ηλα = 0.25.')

@test_case(points=None, hidden=True)
def test_pas_ridge_sans_seuillage(pas_proximal):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(21)
    X = torch.randn(9, 6, generator=g, dtype=torch.float64)
    y = torch.randn(9, generator=g, dtype=torch.float64)
    theta = torch.randn(6, generator=g, dtype=torch.float64)
    lam, eta = (0.8, 0.15)

    def lisse(theta):
        return ((X @ theta - y) ** 2).sum() / (2 * 9) + lam / 2 * (theta ** 2).sum()
    grad = C.grad_of(lisse, {'theta': theta}, name='partie lisse de référence')['theta']
    expected = theta - eta * grad
    got, after = C.call_seeing_arguments(pas_proximal, theta.clone(), X.clone(), y.clone(), lam, 0.0, eta, name='pas_proximal')
    C.expect(torch.equal(after[0], theta), '`pas_proximal` modifie `theta` en place.', hint='calculez un nouveau tenseur.')
    C.expect_close(got, expected, name='pas_proximal(θ, X, y, λ, α=0, η)', rtol=1e-10, atol=1e-12, hint="avec α = 0 (Ridge) il n'y a aucun seuillage : θ − η[Xᵀ(Xθ − y)/n + λθ]. Vérifiez le facteur 1/n, le sens de Xθ − y et le terme L2 λ(1 − α)θ.")

@test_case(points=None, hidden=True)
def test_pas_elastic_net(pas_proximal):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(22)
    X = torch.randn(11, 7, generator=g, dtype=torch.float64)
    y = torch.randn(11, generator=g, dtype=torch.float64)
    theta = 0.6 * torch.randn(7, generator=g, dtype=torch.float64)
    for lam, alpha, eta in ((0.9, 1.0, 0.3), (1.5, 0.6, 0.2), (2.0, 0.25, 0.4)):

        def lisse(theta, lam=lam, alpha=alpha):
            return ((X @ theta - y) ** 2).sum() / (2 * 11) + lam * (1 - alpha) / 2 * (theta ** 2).sum()
        grad = C.grad_of(lisse, {'theta': theta}, name='partie lisse de référence')['theta']
        v = theta - eta * grad
        tau = eta * lam * alpha
        expected = torch.where(v.abs() > tau, v - tau * torch.sign(v), torch.zeros_like(v))
        label = f'pas_proximal(θ, X, y, λ={lam}, α={alpha}, η={eta})'
        got = C.as_tensor(C.call(pas_proximal, theta.clone(), X.clone(), y.clone(), lam, alpha, eta, name='pas_proximal'), label)
        C.expect_shape(got, (7,), name=label)
        C.expect_close(got, expected, name=label, rtol=1e-10, atol=1e-12, hint='pas de gradient sur la partie lisse (données + terme L2 λ(1 − α)θ), puis seuillage doux de seuil ηλα (le seuil dépend du pas η).')
        C.expect(bool((got[expected == 0] == 0).all()), f'`{label}` : des coordonnées qui devraient être exactement nulles ne le sont pas.', hint='le seuillage doux renvoie exactement 0 quand |v| ≤ ηλα.')

