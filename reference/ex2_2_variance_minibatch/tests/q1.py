from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_indices_et_estimateur(tirer_indices, gradient_minibatch):
    import torch
    from autograder import checks as C
    idx = C.as_tensor(C.call(tirer_indices, 10, 7, 0, name='tirer_indices'), name='tirer_indices(10, 7, 0)')
    C.expect_shape(idx, (7,), name='tirer_indices(10, 7, 0)')
    C.expect(idx.dtype == torch.long, '`tirer_indices` devrait renvoyer des entiers torch.long.')
    C.expect(bool(((idx >= 0) & (idx < 10)).all()), '`tirer_indices(10, 7, 0)` renvoie des indices hors de {0, …, 9}.')
    G = torch.tensor([[1.0, 0.0], [3.0, 2.0], [-1.0, 4.0]], dtype=torch.float64)
    got = C.call(gradient_minibatch, G, torch.tensor([1, 1, 2]), name='gradient_minibatch')
    C.expect_close(got, torch.tensor([5.0 / 3.0, 8.0 / 3.0], dtype=torch.float64), name='gradient_minibatch(G, [1, 1, 2])', reveal=True, hint='un indice répété compte deux fois dans la moyenne.')

@test_case(points=None, hidden=True)
def test_tirage_avec_remise(tirer_indices):
    import torch
    from autograder import checks as C

    def tirer(N, B, graine, name='tirer_indices'):
        return C.as_tensor(C.call(tirer_indices, N, B, graine, name='tirer_indices'), name=name)
    first, again, other = (tirer(50, 20, 123), tirer(50, 20, 123), tirer(50, 20, 124))
    C.expect(torch.equal(first, again), "`tirer_indices` n'est pas reproductible : la même graine donne d'autres indices.", hint='créez un torch.Generator().manual_seed(graine) et passez-le à torch.randint.')
    C.expect(not torch.equal(first, other), '`tirer_indices` renvoie les mêmes indices pour deux graines différentes.')
    repeated = 0
    for seed in range(300):
        idx = tirer(4, 4, 1000 + seed, name='tirer_indices(4, 4, graine)')
        C.expect_shape(idx, (4,), name='tirer_indices(4, 4, graine)')
        repeated += int(torch.unique(idx).numel() < 4)
    C.expect(repeated / 300 > 0.75, f"`tirer_indices(4, 4, ·)` ne répète un indice que dans {repeated} tirages sur 300 : le tirage n'est pas avec remise.", hint='utilisez torch.randint (avec remise), pas torch.randperm (sans remise).')
    big = tirer(10, 20000, 7, name='tirer_indices(10, 20000, 7)')
    C.expect_shape(big, (20000,), name='tirer_indices(10, 20000, 7)', hint='avec remise, B peut dépasser N.')
    C.expect(bool(((big >= 0) & (big < 10)).all()), '`tirer_indices` renvoie des indices hors de {0, …, N − 1}.')
    freq = torch.bincount(big.long(), minlength=10).double() / 20000
    C.expect(bool(((freq - 0.1).abs() < 0.012).all()), 'Les indices de `tirer_indices` ne sont pas uniformes sur {0, …, N − 1}.', hint='torch.randint(0, N, …) : la borne haute est exclue.')

@test_case(points=None, hidden=True)
def test_estimateur_avec_repetitions(gradient_minibatch):
    import torch
    from autograder import checks as C
    gen = torch.Generator().manual_seed(3)
    G = torch.randn(30, 7, generator=gen, dtype=torch.float64)
    for B in (1, 5, 40):
        idx = torch.randint(0, 30, (B,), generator=gen)
        idx[-1] = idx[0]
        want = torch.stack([G[int(i)] for i in idx]).sum(dim=0) / B
        got = C.call(gradient_minibatch, G.clone(), idx.clone(), name='gradient_minibatch')
        C.expect_close(got, want, name=f'gradient_minibatch (lot de {B})', hint='ĝ = (1/B) Σ_b G[i_b] : une moyenne (pas une somme) sur le lot, répétitions comprises.')

@test_case(points=None, hidden=True)
def test_tirage_generateur_local(tirer_indices):
    import torch
    from autograder import checks as C
    sous_graine_globale = C.code('def sous_graine_globale(f, graine_globale, *args):\n    torch.manual_seed(graine_globale)\n    avant = torch.get_rng_state()\n    resultat = f(*args)\n    return (resultat, bool(torch.equal(avant, torch.get_rng_state())))')
    fonction = C.require(tirer_indices, 'tirer_indices')
    a, intact_a = C.call(sous_graine_globale, fonction, 0, 50, 20, 77, name='tirer_indices')
    b, intact_b = C.call(sous_graine_globale, fonction, 1, 50, 20, 77, name='tirer_indices')
    C.expect(torch.equal(C.as_tensor(a, 'tirer_indices(50, 20, 77)'), C.as_tensor(b, 'tirer_indices(50, 20, 77)')), "`tirer_indices` dépend de l'état du générateur global de PyTorch.", hint='tirez avec un générateur local torch.Generator().manual_seed(graine).')
    C.expect(intact_a and intact_b, '`tirer_indices` utilise ou réinitialise le générateur global de PyTorch.', hint='pas de torch.manual_seed : créez un torch.Generator().manual_seed(graine) et passez-le à torch.randint (generator=...).')

