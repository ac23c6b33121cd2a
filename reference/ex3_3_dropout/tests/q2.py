from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_poids_test_public(poids_test):
    import torch
    from autograder import checks as C
    params = {'W1': torch.tensor([[1.0, -2.0], [0.5, 3.0], [2.0, 1.0]]), 'b1': torch.tensor([0.1, 0.2, 0.3]), 'W2': torch.tensor([[4.0, -1.0, 2.0]]), 'b2': torch.tensor([0.5])}
    got = C.call(poids_test, {k: v.clone() for k, v in params.items()}, 0.5, name='poids_test')
    C.expect(isinstance(got, dict) and set(got) == set(params), '`poids_test` doit renvoyer un dictionnaire de mêmes clés que `params`.')
    C.expect_close(got['W2'], 0.5 * params['W2'], name="poids_test(params, 0.5)['W2']", reveal=True, hint='W₂ reçoit les unités cachées : W₂ ← (1 − p) W₂.')
    for key in ('W1', 'b1', 'b2'):
        C.expect_close(got[key], params[key], name=f"poids_test(params, 0.5)['{key}']", reveal=True, hint="sans Dropout sur l'entrée, W₁ est inchangé ; les biais ne changent jamais.")

@test_case(points=None, hidden=True)
def test_poids_test_reseau_profond(poids_test):
    import torch
    from autograder import checks as C
    from autograder.checks import oracles
    params = oracles.random_mlp([5, 7, 6, 4, 3], torch.Generator().manual_seed(51))
    for p, p_in in [(0.3, 0.2), (0.65, 0.0)]:
        got, (given, _, _) = C.call_seeing_arguments(poids_test, {k: v.clone() for k, v in params.items()}, p, p_in, name='poids_test')
        C.expect(isinstance(got, dict) and set(got) == set(params), '`poids_test` doit renvoyer un dictionnaire de mêmes clés que `params`.')
        C.expect(all((k in given and torch.equal(given[k], params[k]) for k in params)), '`poids_test` modifie le dictionnaire `params` reçu (ou ses tenseurs) en place.', hint='construisez un nouveau dictionnaire de nouveaux tenseurs.')
        for i in range(1, 5):
            keep = 1 - p_in if i == 1 else 1 - p
            C.expect_close(got[f'W{i}'], keep * params[f'W{i}'], name=f"poids_test(params, {p}, p_entree={p_in})['W{i}']", rtol=1e-12, atol=1e-14, hint='W₁ est multiplié par 1 − p_entree, chaque W_ℓ (ℓ ≥ 2) par 1 − p (la probabilité de conservation, pas p).')
            C.expect_close(got[f'b{i}'], params[f'b{i}'], rtol=0.0, atol=0.0, name=f"poids_test(params, {p}, p_entree={p_in})['b{i}']", hint='les biais ne sont pas multipliés.')

@test_case(points=None, hidden=True)
def test_poids_test_moyenne_des_sous_reseaux(poids_test):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    import itertools
    from autograder.checks import oracles
    g = torch.Generator().manual_seed(61)
    d = 5
    params = oracles.random_mlp([3, d, 2], g)
    x = torch.randn(4, 3, generator=g, dtype=torch.float64)
    h = torch.relu(F.linear(x, params['W1'], params['b1']))
    for p in (0.4, 0.7):
        ensemble = torch.zeros(4, 2, dtype=torch.float64)
        for bits in itertools.product((0.0, 1.0), repeat=d):
            m = torch.tensor(bits, dtype=torch.float64)
            weight = (1 - p) ** int(m.sum()) * p ** (d - int(m.sum()))
            ensemble += weight * F.linear(h * m, params['W2'], params['b2'])
        got = C.call(poids_test, {k: v.clone() for k, v in params.items()}, p, name='poids_test')
        C.expect(isinstance(got, dict) and {'W1', 'b1', 'W2', 'b2'} <= set(got), '`poids_test` doit renvoyer un dictionnaire de mêmes clés que `params`.')
        W1, b1, W2, b2 = (C.as_tensor(got[k], f"poids_test(...)['{k}']") for k in ('W1', 'b1', 'W2', 'b2'))
        C.expect(W1.shape == params['W1'].shape and W2.shape == params['W2'].shape, '`poids_test` change la forme des matrices de poids.')
        test_output = F.linear(torch.relu(F.linear(x, W1, b1)), W2, b2)
        C.expect_close(test_output, ensemble, rtol=1e-10, atol=1e-12, name=f'sortie du réseau poids_test(params, {p}) comparée à la moyenne des 2^{d} sous-réseaux pondérés par leur probabilité', hint='pour une sortie linéaire, E[W₂(m ⊙ h)] = (1 − p) W₂ h : seul W₂ est multiplié, par 1 − p.')

