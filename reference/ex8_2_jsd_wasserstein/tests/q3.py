from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_gradients_exemple(gradients_theta):
    import torch
    from autograder import checks as C

    def derivees(gradients_theta, theta, nom):
        """gradients_theta(θ) as a pair of float64 tensors of θ's shape (or a failure)."""
        result = C.call(gradients_theta, theta.clone(), name='gradients_theta')
        C.expect(isinstance(result, tuple | list) and len(result) == 2, '`gradients_theta` doit renvoyer un couple (d_jsd, d_w).')
        paire = []
        for valeur, quoi in zip(result, ('d_jsd', 'd_w'), strict=True):
            t = C.as_tensor(valeur, f'{quoi} de {nom}')
            C.expect_shape(t, tuple(theta.shape), name=f'{quoi} de {nom}', hint='une dérivée par élément de θ : la forme de θ.')
            paire.append(t.to(torch.float64))
        return paire
    theta = torch.tensor([-1.5, 2.0], dtype=torch.float64)
    nom = 'gradients_theta(torch.tensor([-1.5, 2.]))'
    d_jsd, d_w = derivees(gradients_theta, theta, nom)
    C.expect_close(d_jsd, torch.zeros(2, dtype=torch.float64), name=f'd_jsd de {nom}', rtol=0.0, atol=1e-12, reveal=True, hint='pour θ ≠ 0 la JSD vaut ln 2 quel que soit θ : sa dérivée est nulle.')
    C.expect_close(d_w, torch.tensor([-1.0, 1.0], dtype=torch.float64), name=f'd_w de {nom}', rtol=1e-12, atol=1e-12, reveal=True, hint='W = |θ| : sa dérivée vaut sign(θ), qui pousse θ vers 0.')

@test_case(points=None, hidden=True)
def test_gradients_valeurs(gradients_theta):
    import torch
    from autograder import checks as C

    def derivees(gradients_theta, theta, nom):
        """gradients_theta(θ) as a pair of float64 tensors of θ's shape (or a failure)."""
        result = C.call(gradients_theta, theta.clone(), name='gradients_theta')
        C.expect(isinstance(result, tuple | list) and len(result) == 2, '`gradients_theta` doit renvoyer un couple (d_jsd, d_w).')
        paire = []
        for valeur, quoi in zip(result, ('d_jsd', 'd_w'), strict=True):
            t = C.as_tensor(valeur, f'{quoi} de {nom}')
            C.expect_shape(t, tuple(theta.shape), name=f'{quoi} de {nom}', hint='une dérivée par élément de θ : la forme de θ.')
            paire.append(t.to(torch.float64))
        return paire
    g = torch.Generator().manual_seed(85)
    base = torch.randn(3, 4, generator=g, dtype=torch.float64)
    base[0, 0], base[0, 1], base[1, 2], base[2, 3] = (1e-12, -1e-12, 1000000.0, -250.0)
    for theta, quoi in ((base, 'float64, de forme (3, 4)'), (base[1].to(torch.float32), 'float32, de forme (4,)'), (torch.tensor(-0.3, dtype=torch.float64), 'de forme ()')):
        nom = f'gradients_theta(θ) pour θ {quoi}'
        d_jsd, d_w = derivees(gradients_theta, theta, nom)
        C.expect_close(d_jsd, torch.zeros(theta.shape, dtype=torch.float64), name=f'd_jsd de {nom}', rtol=0.0, atol=1e-12, hint='la JSD est constante (ln 2) autour de tout θ ≠ 0 : dérivée nulle, y compris quand le graphe ne relie pas θ à la JSD.')
        rtol = 1e-12 if theta.dtype == torch.float64 else 1e-06
        C.expect_close(d_w, torch.sign(theta).to(torch.float64), name=f'd_w de {nom}', rtol=rtol, atol=1e-12, hint='dérivée de |θ| : sign(θ), élément par élément ; dérivez la somme des W (pas leur moyenne) pour obtenir la dérivée de chaque W_i.')

@test_case(points=None, hidden=True)
def test_gradients_autograd_et_theta_intact(gradients_theta):
    import torch
    from autograder import checks as C
    appel_et_theta = C.code('def appel_et_theta(f, theta):\n    resultat = f(theta)\n    return (resultat, theta.detach().clone(), bool(theta.requires_grad), theta.grad is None)')
    theta = torch.tensor([0.75, -3.0, 1e-12], dtype=torch.float64)
    resultat, apres, requiert, sans_grad = C.call(appel_et_theta, C.require(gradients_theta, 'gradients_theta'), theta.clone(), name='gradients_theta')
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`gradients_theta` doit renvoyer un couple (d_jsd, d_w).')
    C.expect_close(resultat[1], torch.sign(theta), name='d_w de gradients_theta(θ)', rtol=1e-12, atol=1e-12, hint='dérivée de |θ| : sign(θ).')
    intact = torch.equal(C.as_tensor(apres, "θ après l'appel").to(torch.float64), theta)
    C.expect(intact and (not requiert) and sans_grad, '`gradients_theta` modifie son argument θ (ses valeurs, son requires_grad ou son .grad).', hint='dérivez par rapport à une copie détachée : t = theta.detach().requires_grad_(True) (ou theta.clone()…), jamais theta.requires_grad_() sur le tenseur reçu.')
    try:
        C.expect_not_using(gradients_theta, {'grad', 'backward', 'autograd', 'jacobian', 'vjp', 'jacrev', 'jacfwd'}, name='gradients_theta')
        par_autograd = False
    except C.CheckFailure as exc:
        if exc.code != 'forbidden':
            raise
        par_autograd = True
    C.expect(par_autograd, "`gradients_theta` ne calcule pas les dérivées par autograd : l'énoncé demande de dériver vos fonctions jsd_diracs et wasserstein_diracs, pas d'écrire les dérivées à la main.", hint='t = theta.detach().requires_grad_(True), puis torch.autograd.grad(f(t).sum(), t) (zéros si f(t) ne requiert pas de gradient).')

