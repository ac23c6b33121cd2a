from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_penalite_exemple(penalite_gradient):
    import torch
    from autograder import checks as C

    def critique_lineaire(w, b):
        """f(x) = ⟨w, x⟩ + b par exemple : ∇f = w partout, la pénalité vaut (‖w‖ − 1)²."""
        lineaire = C.code('def lineaire(x):\n    return (x * w.to(x.dtype)).flatten(1).sum(dim=1) + b', b=b, w=w)
        return lineaire
    g = torch.Generator().manual_seed(3)
    w = torch.randn(1, 1, 4, 4, generator=g, dtype=torch.float64)
    w = 3 * w / w.norm()
    reels = torch.randn(3, 1, 4, 4, generator=g, dtype=torch.float64)
    faux = torch.randn(3, 1, 4, 4, generator=g, dtype=torch.float64)
    out = C.as_tensor(C.call(penalite_gradient, critique_lineaire(w, 0.5), reels, faux, name='penalite_gradient'), 'penalite_gradient(...)')
    C.expect_shape(out, (), name='penalite_gradient(f linéaire, reels, faux)', hint='un tenseur 0-d : la moyenne sur le lot.')
    C.expect_scalar_close(out, 4.0, name='penalite_gradient pour f(x) = ⟨w, x⟩ + 0,5 avec ‖w‖ = 3', reveal=True, hint='∇f = w pour tout x̂ : (‖w‖ − 1)² = 4 ; norme sur toutes les dimensions sauf le lot, pas de λ.')

@test_case(points=None, hidden=True)
def test_penalite_critiques_lineaires(penalite_gradient):
    import torch
    from autograder import checks as C

    def critique_lineaire(w, b):
        """f(x) = ⟨w, x⟩ + b par exemple : ∇f = w partout, la pénalité vaut (‖w‖ − 1)²."""
        lineaire = C.code('def lineaire(x):\n    return (x * w.to(x.dtype)).flatten(1).sum(dim=1) + b', b=b, w=w)
        return lineaire
    g = torch.Generator().manual_seed(4)
    for forme, norme in (((5, 2, 3, 4), 2.5), ((4, 1, 6, 6), 0.3), ((2, 3, 2, 5), 1.7)):
        w = torch.randn(1, *forme[1:], generator=g, dtype=torch.float64)
        w = norme * w / w.norm()
        reels = torch.randn(forme, generator=g, dtype=torch.float64)
        faux = torch.randn(forme, generator=g, dtype=torch.float64)
        out = C.call(penalite_gradient, critique_lineaire(w, -1.0), reels, faux, name='penalite_gradient')
        C.expect_shape(out, (), name=f'penalite_gradient(...) pour des images {forme}')
        C.expect_scalar_close(out, (norme - 1) ** 2, rtol=1e-06, atol=1e-09, name=f'penalite_gradient pour un critique linéaire, images {forme}', hint="pour f linéaire, ∇f = w quel que soit x̂ : la norme L2 se prend sur TOUTES les dimensions sauf celle du lot (flatten(1) puis norm(dim=1)), puis (‖∇‖ − 1)², puis la moyenne ; λ n'est pas inclus.")

@test_case(points=None, hidden=True)
def test_penalite_contre_oracle(penalite_gradient):
    import torch
    from autograder import checks as C

    def penalite_seedee(penalite_gradient, critique, reels, faux, graine):
        """penalite_gradient(critique, reels, faux, generateur=Generator().manual_seed(graine)),
    appelée là où vit l'élève (un générateur ne traverse pas la frontière du bac à sable)."""
        avec_graine = C.code('def avec_graine(critique, reels, faux, graine):\n    return penalite_gradient(critique, reels, faux, generateur=torch.Generator().manual_seed(graine))', penalite_gradient=penalite_gradient)
        out = C.as_tensor(C.call(avec_graine, critique, reels.clone(), faux.clone(), graine, name='penalite_gradient'), 'penalite_gradient(...)')
        C.expect_shape(out, (), name='penalite_gradient(...)', hint='un tenseur 0-d : la moyenne sur le lot (`.mean()`).')
        return out

    def le_plus_proche(obtenu, candidats):
        """Le candidat le plus proche de ce qu'a renvoyé l'élève (les lectures admises de l'énoncé)."""
        return min(candidats, key=lambda c: float((c - obtenu).abs().max()))

    def epsilons_possibles(B, graine, dtype):
        """Les ε qu'une lecture correcte de l'énoncé tire : float32 converti, ou au type des images."""
        return [torch.rand(B, 1, 1, 1, generator=torch.Generator().manual_seed(graine), dtype=d).to(dtype) for d in (torch.float32, dtype)]

    def critique_quadratique(c):
        """f(x) = Σ c·x² par exemple : ∇f(x̂) = 2 c x̂ dépend de x̂, donc de chaque ε."""
        quadratique = C.code('def quadratique(x):\n    return (c.to(x.dtype) * x ** 2).flatten(1).sum(dim=1)', c=c)
        return quadratique
    g = torch.Generator().manual_seed(5)
    for k, forme in enumerate(((6, 1, 5, 5), (3, 2, 4, 3), (1, 1, 3, 3))):
        c = torch.rand(forme[1:], generator=g, dtype=torch.float64) + 0.2
        reels = torch.randn(forme, generator=g, dtype=torch.float64)
        faux = 2 * torch.randn(forme, generator=g, dtype=torch.float64)
        graine = 20 + k
        out = penalite_seedee(penalite_gradient, critique_quadratique(c), reels, faux, graine)
        candidats = []
        for eps in epsilons_possibles(forme[0], graine, torch.float64):
            x = eps * reels + (1 - eps) * faux
            candidats.append((((2 * c * x).flatten(1).norm(dim=1) - 1) ** 2).mean())
        C.expect_close(out, le_plus_proche(out, candidats), rtol=1e-06, atol=1e-09, name=f'penalite_gradient(f quadratique, images {forme}), générateur fixé', hint='un ε par exemple, tiré en premier par un seul appel torch.rand(B, 1, 1, 1, generator=generateur) ; x̂ = ε·reels + (1 − ε)·faux ; gradient en x̂.')

@test_case(points=None, hidden=True)
def test_penalite_entraine_le_critique(penalite_gradient):
    import torch
    from torch import nn
    from autograder import checks as C

    def le_plus_proche(obtenu, candidats):
        """Le candidat le plus proche de ce qu'a renvoyé l'élève (les lectures admises de l'énoncé)."""
        return min(candidats, key=lambda c: float((c - obtenu).abs().max()))

    def epsilons_possibles(B, graine, dtype):
        """Les ε qu'une lecture correcte de l'énoncé tire : float32 converti, ou au type des images."""
        return [torch.rand(B, 1, 1, 1, generator=torch.Generator().manual_seed(graine), dtype=d).to(dtype) for d in (torch.float32, dtype)]
    fabrique = C.code('def fabrique():\n    torch.manual_seed(8)\n    return nn.Sequential(nn.Conv2d(2, 3, 3, stride=2, padding=1), nn.Tanh(), nn.Flatten(), nn.Linear(27, 1), nn.Flatten(0)).double()')
    gradients_parametres = C.code('def gradients_parametres(critique, reels, faux, graine):\n    for p in critique.parameters():\n        p.grad = None\n    gp = penalite_gradient(critique, reels, faux, generateur=torch.Generator().manual_seed(graine))\n    if not (isinstance(gp, torch.Tensor) and gp.requires_grad):\n        return None\n    gp.backward()\n    return [torch.zeros_like(p) if p.grad is None else p.grad.clone() for p in critique.parameters()]', penalite_gradient=penalite_gradient)
    g = torch.Generator().manual_seed(6)
    reels = torch.randn(4, 2, 5, 5, generator=g, dtype=torch.float64)
    faux = torch.randn(4, 2, 5, 5, generator=g, dtype=torch.float64)
    critique = C.build_where(penalite_gradient, fabrique)
    obtenu = C.call(gradients_parametres, critique, reels, faux, 31, name='penalite_gradient')
    C.expect(obtenu is not None, "La pénalité renvoyée n'est pas reliée aux paramètres du critique : sa rétropropagation ne les entraîne pas.", hint="torch.autograd.grad(..., create_graph=True) garde le gradient dans le graphe ; sans create_graph, la pénalité est une constante pour l'optimiseur.")
    obtenu = torch.cat([C.as_tensor(t, "gradient d'un paramètre").reshape(-1) for t in obtenu])
    local = fabrique()
    candidats = []
    for eps in epsilons_possibles(4, 31, torch.float64):
        local.zero_grad(set_to_none=True)
        x = (eps * reels + (1 - eps) * faux).requires_grad_(True)
        gr, = torch.autograd.grad(local(x).sum(), x, create_graph=True)
        ((gr.flatten(1).norm(dim=1) - 1) ** 2).mean().backward()
        candidats.append(torch.cat([(torch.zeros_like(p) if p.grad is None else p.grad).reshape(-1) for p in local.parameters()]))
    C.expect_close(obtenu, le_plus_proche(obtenu, candidats), rtol=1e-06, atol=1e-09, name='gradients des paramètres du critique après backward de la pénalité', hint='create_graph=True, norme sur toutes les dimensions sauf le lot, moyenne sur le lot de (‖∇‖ − 1)².')

@test_case(points=None, hidden=True)
def test_penalite_generateur_type_arguments(penalite_gradient):
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
    critique, reels, faux = cas_quadratique(7, (5, 2, 3, 3))
    C.expect_generator_obeyed(penalite_gradient, critique, reels, faux, name='penalite_gradient', hint='tirez ε par torch.rand(B, 1, 1, 1, generator=generateur) : le générateur reçu, jamais le générateur global.')
    C.expect_unchanged(penalite_gradient, critique, reels, faux, name='penalite_gradient', hint='construisez x̂ dans un nouveau tenseur, sans opération en place sur reels ou faux.')
    for dtype in (torch.float32, torch.float64):
        out = C.call(penalite_gradient, critique, reels.to(dtype), faux.to(dtype), name='penalite_gradient')
        C.expect_dtype(out, dtype, name=f'penalite_gradient(...) pour des images {str(dtype)[6:]}', hint='convertissez ε au type de reels : `.to(reels)`.')

