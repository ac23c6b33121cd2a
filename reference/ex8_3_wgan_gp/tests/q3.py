from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_pertes_exemple(pertes_wgan):
    import torch
    from autograder import checks as C

    def critique_lineaire(w, b):
        """f(x) = ⟨w, x⟩ + b par exemple : ∇f = w partout, la pénalité vaut (‖w‖ − 1)²."""
        lineaire = C.code('def lineaire(x):\n    return (x * w.to(x.dtype)).flatten(1).sum(dim=1) + b', b=b, w=w)
        return lineaire

    def appeler_pertes(pertes_wgan, critique, reels, faux, label, **kwargs):
        """pertes_wgan(...) : un couple de deux tenseurs 0-d, convertis en float64."""
        resultat = C.call(pertes_wgan, critique, reels.clone(), faux.clone(), name='pertes_wgan', **kwargs)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`pertes_wgan` doit renvoyer un couple (perte_critique, perte_generateur).')
        pertes = []
        for valeur, nom in zip(resultat, ('perte_critique', 'perte_generateur'), strict=True):
            t = C.as_tensor(valeur, f'{nom} ({label})')
            C.expect_shape(t, (), name=f'{nom} ({label})', hint='un tenseur 0-d : `.mean()`.')
            pertes.append(t.double())
        return pertes
    w = torch.zeros(1, 1, 2, 2, dtype=torch.float64)
    w[0, 0, 0, 0], w[0, 0, 1, 1] = (1.2, 0.9)
    reels = torch.ones(2, 1, 2, 2, dtype=torch.float64)
    faux = torch.zeros(2, 1, 2, 2, dtype=torch.float64)
    label = 'f(x) = ⟨w, x⟩ + 0,5, reels = 1, faux = 0'
    perte_c, perte_g = appeler_pertes(pertes_wgan, critique_lineaire(w, 0.5), reels, faux, label)
    C.expect_scalar_close(perte_c, 0.4, name=f'perte_critique ({label})', reveal=True, hint='moy f(faux) − moy f(reels) + λ·pénalité, λ = 10 par défaut.')
    C.expect_scalar_close(perte_g, -0.5, name=f'perte_generateur ({label})', reveal=True, hint='le générateur minimise −moy f(faux).')

@test_case(points=None, hidden=True)
def test_pertes_contre_oracle(pertes_wgan):
    import torch
    from autograder import checks as C

    def critique_lineaire(w, b):
        """f(x) = ⟨w, x⟩ + b par exemple : ∇f = w partout, la pénalité vaut (‖w‖ − 1)²."""
        lineaire = C.code('def lineaire(x):\n    return (x * w.to(x.dtype)).flatten(1).sum(dim=1) + b', b=b, w=w)
        return lineaire

    def appeler_pertes(pertes_wgan, critique, reels, faux, label, **kwargs):
        """pertes_wgan(...) : un couple de deux tenseurs 0-d, convertis en float64."""
        resultat = C.call(pertes_wgan, critique, reels.clone(), faux.clone(), name='pertes_wgan', **kwargs)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`pertes_wgan` doit renvoyer un couple (perte_critique, perte_generateur).')
        pertes = []
        for valeur, nom in zip(resultat, ('perte_critique', 'perte_generateur'), strict=True):
            t = C.as_tensor(valeur, f'{nom} ({label})')
            C.expect_shape(t, (), name=f'{nom} ({label})', hint='un tenseur 0-d : `.mean()`.')
            pertes.append(t.double())
        return pertes
    g = torch.Generator().manual_seed(9)
    cas = [((6, 2, 3, 5), {}, 10.0), ((4, 1, 4, 4), {'lam': 2.5}, 2.5), ((3, 3, 2, 2), {'lam': 0.0}, 0.0)]
    for forme, kwargs, lam in cas:
        w = 0.6 * torch.randn(1, *forme[1:], generator=g, dtype=torch.float64)
        reels = torch.randn(forme, generator=g, dtype=torch.float64) + 0.5
        faux = torch.randn(forme, generator=g, dtype=torch.float64)
        label = f'critique linéaire, images {forme}, lam = {lam:g}'
        perte_c, perte_g = appeler_pertes(pertes_wgan, critique_lineaire(w, 0.3), reels, faux, label, **kwargs)
        f_reels = (reels * w).flatten(1).sum(dim=1) + 0.3
        f_faux = (faux * w).flatten(1).sum(dim=1) + 0.3
        C.expect_close(perte_c, f_faux.mean() - f_reels.mean() + lam * (w.norm() - 1) ** 2, rtol=1e-06, atol=1e-09, name=f'perte_critique ({label})', hint='moy f(faux) − moy f(reels) + lam·pénalité (lam une seule fois, la pénalité de la question 2 ne le contient pas) ; le critique monte les scores des vraies images.')
        C.expect_close(perte_g, -f_faux.mean(), rtol=1e-06, atol=1e-09, name=f'perte_generateur ({label})', hint='perte_generateur = −moy f(faux) : le générateur monte le score de ses images.')

@test_case(points=None, hidden=True)
def test_pertes_gradients(pertes_wgan):
    import torch
    from autograder import checks as C
    gradients_des_pertes = C.code("def gradients_des_pertes(w0, base, reels):\n    w = w0.clone().requires_grad_(True)\n    a = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)\n\n    def critique(x):\n        return (x * w).flatten(1).sum(dim=1) + 0.5\n    perte_c, perte_g = pertes_wgan(critique, reels, a * base)\n    out = {}\n    for nom, perte in (('critique', perte_c), ('generateur', perte_g)):\n        if isinstance(perte, torch.Tensor) and perte.requires_grad:\n            gw, ga = torch.autograd.grad(perte, [w, a], allow_unused=True, retain_graph=True)\n            out[nom] = (gw, ga)\n        else:\n            out[nom] = (None, None)\n    return out", pertes_wgan=pertes_wgan)
    g = torch.Generator().manual_seed(10)
    w0 = 0.5 * torch.randn(1, 2, 3, 3, generator=g, dtype=torch.float64)
    base = torch.randn(5, 2, 3, 3, generator=g, dtype=torch.float64)
    reels = torch.randn(5, 2, 3, 3, generator=g, dtype=torch.float64)
    obtenu = C.call(gradients_des_pertes, w0, base, reels, name='pertes_wgan')
    gw, ga = obtenu['critique']
    C.expect(ga is None or float(C.as_tensor(ga, 'gradient').abs().max()) == 0.0, 'La rétropropagation de `perte_critique` atteint le générateur (à travers `faux`).', hint='calculez la perte du critique sur faux.detach().')
    C.expect(gw is not None, "`perte_critique` n'est pas reliée aux paramètres du critique.", hint='ni .detach() ni .item() sur les scores ; create_graph=True dans la pénalité.')
    norme = w0.norm()
    attendu_w = (1.3 * base - reels).flatten(1).mean(dim=0).reshape(w0.shape) + 10.0 * 2 * (norme - 1) * w0 / norme
    C.expect_close(C.as_tensor(gw, 'gradient'), attendu_w, rtol=1e-06, atol=1e-09, name='gradient de perte_critique par rapport aux poids du critique', hint="moy f(faux) − moy f(reels) + λ·pénalité, la pénalité avec create_graph=True pour qu'elle entraîne le critique.")
    _, ga = obtenu['generateur']
    C.expect(ga is not None, "La rétropropagation de `perte_generateur` n'atteint pas le générateur.", hint='calculez perte_generateur sur faux NON détaché.')
    attendu_a = -(base * w0).flatten(1).sum(dim=1).mean()
    C.expect_close(C.as_tensor(ga, 'gradient'), attendu_a, rtol=1e-06, atol=1e-09, name='gradient de perte_generateur par rapport à un paramètre du générateur', hint='perte_generateur = −moy f(faux).')

@test_case(points=None, hidden=True)
def test_pertes_generateur_obei(pertes_wgan):
    import torch
    from autograder import checks as C

    def critique_quadratique(c):
        """f(x) = Σ c·x² par exemple : ∇f(x̂) = 2 c x̂ dépend de x̂, donc de chaque ε."""
        quadratique = C.code('def quadratique(x):\n    return (c.to(x.dtype) * x ** 2).flatten(1).sum(dim=1)', c=c)
        return quadratique

    def cas_quadratique(graine, forme):
        """Un critique quadratique et deux lots (reels, faux) de forme `forme`, en float64."""
        g = torch.Generator().manual_seed(graine)
        c = torch.rand(forme[1:], generator=g, dtype=torch.float64) + 0.5
        reels = torch.randn(forme, generator=g, dtype=torch.float64)
        faux = torch.randn(forme, generator=g, dtype=torch.float64)
        return (critique_quadratique(c), reels, faux)
    critique, reels, faux = cas_quadratique(11, (4, 1, 4, 4))
    C.expect_generator_obeyed(pertes_wgan, critique, reels, faux, name='pertes_wgan', hint='passez `generateur` à penalite_gradient (le seul tirage).')

