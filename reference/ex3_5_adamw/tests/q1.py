from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_sgd_public(pas_sgd_l2, pas_sgd_decroissance, lambda_wd_equivalent):
    import torch
    from autograder import checks as C
    theta = torch.tensor([1.0, -2.0], dtype=torch.float64)
    grad = torch.tensor([0.5, 0.5], dtype=torch.float64)
    expected = torch.tensor([0.949, -2.048], dtype=torch.float64)
    C.expect_close(C.call(pas_sgd_l2, theta.clone(), grad.clone(), 0.1, 0.01, name='pas_sgd_l2'), expected, name='pas_sgd_l2([1, −2], [0,5, 0,5], 0,1, 0,01)', reveal=True, hint='le gradient de (λ/2)‖θ‖² est λθ.')
    C.expect_close(C.call(pas_sgd_decroissance, theta.clone(), grad.clone(), 0.1, 0.001, name='pas_sgd_decroissance'), expected, name='pas_sgd_decroissance([1, −2], [0,5, 0,5], 0,1, 0,001)', reveal=True, hint="(1 − λ_wd) θ − η ∇L : la décroissance par pas n'est pas multipliée par η.")
    C.expect_scalar_close(C.call(lambda_wd_equivalent, 0.1, 0.01, name='lambda_wd_equivalent'), 0.001, name='lambda_wd_equivalent(0,1, 0,01)', rtol=1e-09, atol=1e-15, reveal=True, hint='identifiez les facteurs de θ dans les deux pas.')

@test_case(points=None, hidden=True)
def test_sgd_pas_exacts(pas_sgd_l2, pas_sgd_decroissance):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(11)
    theta = torch.randn(3, 4, generator=g, dtype=torch.float64)
    grad = torch.randn(3, 4, generator=g, dtype=torch.float64)
    for lr, lam in [(0.3, 0.05), (0.01, 2.0), (1.5, 0.001)]:
        for pas, nom, expected, hint in [(pas_sgd_l2, 'pas_sgd_l2', theta - lr * (grad + lam * theta), 'θ − η (g + λ_L2 θ) : le gradient de (λ_L2/2)‖θ‖² est λ_L2 θ (pas 2 λ_L2 θ), et le pas η multiplie aussi ce terme.'), (pas_sgd_decroissance, 'pas_sgd_decroissance', (1 - lam) * theta - lr * grad, "(1 − λ_wd) θ − η g : dans la convention par pas, λ_wd n'est pas multiplié par η.")]:
            got, after = C.call_seeing_arguments(pas, theta.clone(), grad.clone(), lr, lam, name=nom)
            C.expect_close(got, expected, rtol=1e-12, atol=1e-14, name=f'{nom}(θ, g, {lr}, {lam})', hint=hint)
            C.expect(torch.equal(after[0], theta), f'`{nom}` modifie `theta` en place.', hint='renvoyez un nouveau tenseur.')

@test_case(points=None, hidden=True)
def test_lambda_wd_equivalent(lambda_wd_equivalent):
    from autograder import checks as C
    for lr, lam in [(0.5, 0.0003), (0.002, 0.1), (0.05, 0.02)]:
        C.expect_scalar_close(C.call(lambda_wd_equivalent, lr, lam, name='lambda_wd_equivalent'), lr * lam, name=f'lambda_wd_equivalent({lr}, {lam})', rtol=1e-09, atol=1e-15, hint='(1 − λ_wd) θ doit égaler θ − η λ_L2 θ ; la formule du cours se lit λ_L2 = λ_wd / η.')

@test_case(points=None, hidden=True)
def test_lambda_wd_flottant(lambda_wd_equivalent):
    from autograder import checks as C
    result = C.call(lambda_wd_equivalent, 0.2, 0.03, name='lambda_wd_equivalent')
    C.expect(isinstance(result, float), f'`lambda_wd_equivalent` renvoie un objet {type(result).__name__} : elle doit renvoyer un flottant Python.', hint='un produit de deux flottants, sans tenseur.')

@test_case(points=None, hidden=True)
def test_sgd_trajectoires_identiques(pas_sgd_l2, pas_sgd_decroissance, lambda_wd_equivalent):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(12)
    A = torch.randn(7, 5, generator=g, dtype=torch.float64)
    b = torch.randn(7, generator=g, dtype=torch.float64)
    theta0 = torch.randn(5, generator=g, dtype=torch.float64)
    lr, lam = (0.02, 0.7)
    lam_wd = C.as_number(C.call(lambda_wd_equivalent, lr, lam, name='lambda_wd_equivalent'), 'lambda_wd_equivalent')
    ref, l2, wd = (theta0.clone(), theta0.clone(), theta0.clone())
    for step in range(1, 21):
        ref = ref - lr * (A.T @ (A @ ref - b) + lam * ref)
        l2 = C.as_tensor(C.call(pas_sgd_l2, l2, A.T @ (A @ l2 - b), lr, lam, name='pas_sgd_l2'), 'pas_sgd_l2').to(torch.float64)
        wd = C.as_tensor(C.call(pas_sgd_decroissance, wd, A.T @ (A @ wd - b), lr, lam_wd, name='pas_sgd_decroissance'), 'pas_sgd_decroissance').to(torch.float64)
        C.expect_close(l2, ref, rtol=1e-10, atol=1e-12, name=f'θ après {step} pas de SGD + L2 (perte ½‖Aθ − b‖²)', hint='θ − η (∇L + λ_L2 θ) à chaque pas.')
        C.expect_close(wd, ref, rtol=1e-10, atol=1e-12, name=f'θ après {step} pas de SGD + décroissance λ_wd = lambda_wd_equivalent(η, λ_L2)', hint='les deux trajectoires doivent coïncider : λ_wd = η λ_L2.')

