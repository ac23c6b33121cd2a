from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_entrainement_fait_baisser_la_perte(entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(5)
    params = {'W1': torch.randn(16, 4, generator=g) / 2, 'b1': torch.zeros(16), 'W2': torch.randn(16, 16, generator=g) / 4, 'b2': torch.zeros(16), 'W3': torch.randn(3, 16, generator=g) / 4, 'b3': torch.zeros(3)}
    X = torch.randn(32, 4, generator=g)
    y = torch.randint(0, 3, (32,), generator=g)
    h = F.relu(F.linear(F.relu(F.linear(X, params['W1'], params['b1'])), params['W2'], params['b2']))
    initiale = float(F.cross_entropy(F.linear(h, params['W3'], params['b3']), y))
    result = C.call(entrainer, {k: v.clone() for k, v in params.items()}, {k: 0.01 for k in params}, X, y, 5, name='entrainer')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`entrainer` doit renvoyer le couple (params_finaux, pertes).')
    pertes = result[1]
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 6, '`entrainer(..., pas=5)` doit renvoyer une liste de 6 pertes (initiale + 5 pas).')
    C.expect_scalar_close(pertes[0], initiale, name='pertes[0]', rtol=1e-05, reveal=True, hint="pertes[0] est la perte avant tout pas d'Adam.")
    C.expect(C.as_number(pertes[-1], 'pertes[-1]') < initiale, "La perte ne baisse pas au cours des 5 pas d'Adam.")

@test_case(points=None, hidden=True)
def test_entrainer_contre_adam(entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(31)
    params = {'W1': torch.randn(24, 6, generator=g, dtype=torch.float64) / 2, 'b1': torch.zeros(24, dtype=torch.float64), 'W2': torch.randn(24, 24, generator=g, dtype=torch.float64) / 5, 'b2': torch.zeros(24, dtype=torch.float64), 'W3': torch.randn(4, 24, generator=g, dtype=torch.float64) / 5, 'b3': torch.zeros(4, dtype=torch.float64)}
    X = torch.randn(40, 6, generator=g, dtype=torch.float64)
    y = torch.randint(0, 4, (40,), generator=g)
    lrs = {'W1': 0.01, 'b1': 0.03, 'W2': 0.002, 'b2': 0.01, 'W3': 0.005, 'b3': 0.02}

    def logits(p):
        h = F.relu(F.linear(X, p['W1'], p['b1']))
        h = F.relu(F.linear(h, p['W2'], p['b2']))
        return F.linear(h, p['W3'], p['b3'])
    ref = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    opt = torch.optim.Adam([{'params': [ref[k]], 'lr': lrs[k]} for k in ref])
    expected_losses = []
    for _ in range(8):
        loss = F.cross_entropy(logits(ref), y)
        expected_losses.append(float(loss.detach()))
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        expected_losses.append(float(F.cross_entropy(logits(ref), y)))
    given = {k: v.clone() for k, v in params.items()}
    result = C.call(entrainer, given, dict(lrs), X.clone(), y.clone(), 8, name='entrainer')
    C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], dict), '`entrainer` doit renvoyer le couple (params_finaux, pertes).')
    C.expect(isinstance(result[1], list | tuple) and len(result[1]) == 9, '`entrainer(..., pas=8)` doit renvoyer une liste de 9 pertes (initiale + 8 pas).')
    C.expect_close(C.as_tensor([C.as_number(v, 'pertes[t]') for v in result[1]], 'pertes'), torch.tensor(expected_losses, dtype=torch.float64), name='pertes', rtol=1e-06, atol=1e-09, hint="Adam (β = (0,9 ; 0,999), ε = 1e-8), un LR par paramètre, pertes[t] après t pas (pertes[0] à l'initialisation).")
    for key in ('W3', 'b3', 'W2', 'b2', 'W1', 'b1'):
        C.expect(key in result[0], f'`entrainer` ne renvoie pas `{key}` dans params_finaux.')
        C.expect_close(result[0][key], ref[key].detach(), name=f"params_finaux['{key}']", rtol=1e-06, atol=1e-09, hint=f"le paramètre {key} doit avancer avec son propre LR lrs['{key}'].")
    C.expect(all((torch.equal(given[k], params[k]) for k in params)), '`entrainer` modifie le dictionnaire `params` reçu.', hint='travaillez sur des copies : v.detach().clone().requires_grad_(True).')

@test_case(points=None, hidden=True)
def test_echelle_des_logits_apres_un_pas(regles, init_mlp, entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(0)
    X = torch.randn(256, 16, generator=g)
    y = torch.randint(0, 8, (256,), generator=g)

    def logits(p):
        h = F.relu(F.linear(X, p['W1'], p['b1']))
        h = F.relu(F.linear(h, p['W2'], p['b2']))
        return F.linear(h, p['W3'], p['b3'])
    ratios = {}
    for param in ('mup', 'sp'):
        variations = []
        for n in (64, 512):
            r = C.call(regles, param, n, 32, 16, name='regles')
            C.expect(isinstance(r, dict) and all((isinstance(r.get(k), dict) and 'lr' in r[k] for k in ('W1', 'W2', 'W3'))), "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
            lrs = {k: 2 ** (-6) * C.as_number(r[k]['lr'], f"regles(...)['{k}']['lr']") for k in ('W1', 'W2', 'W3')} | {b: 2 ** (-6) for b in ('b1', 'b2', 'b3')}
            p0 = C.call(init_mlp, 16, n, 8, param, 32, 1, name='init_mlp')
            C.expect(isinstance(p0, dict), '`init_mlp` doit renvoyer un dictionnaire.')
            p0 = {k: C.as_tensor(v, f"init_mlp(...)['{k}']").float() for k, v in p0.items()}
            result = C.call(entrainer, {k: v.clone() for k, v in p0.items()}, lrs, X, y, 1, name='entrainer')
            C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], dict), '`entrainer` doit renvoyer le couple (params_finaux, pertes).')
            p1 = {k: C.as_tensor(v, f"params_finaux['{k}']").float() for k, v in result[0].items()}
            with torch.no_grad():
                variations.append(float((logits(p1) - logits(p0)).pow(2).mean().sqrt()))
        C.expect(variations[0] > 0, f"Avec `{param}`, un pas d'Adam ne change pas les logits.")
        ratios[param] = variations[1] / variations[0]
    C.expect(0.5 <= ratios['mup'] <= 2.0, f"En µP, la variation des logits après un pas d'Adam devrait rester du même ordre quand la largeur passe de 64 à 512 ; elle est multipliée par {ratios['mup']:.2g}.", hint='le LR des couches cachée et de sortie doit être divisé par m = n/n0, et la variance de sortie valoir n0/n².')
    C.expect(ratios['sp'] >= 4.0, f"En SP, la variation des logits après un pas devrait croître nettement avec la largeur (de 64 à 512) ; elle n'est multipliée que par {ratios['sp']:.2g}.", hint='en SP, le même LR η pour toutes les couches et une variance 1/fan_in.')

@test_case(points=None, hidden=True)
def test_pertes_flottants(entrainer):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(8)
    params = {'W1': torch.randn(10, 4, generator=g) / 2, 'b1': torch.zeros(10), 'W2': torch.randn(10, 10, generator=g) / 3, 'b2': torch.zeros(10), 'W3': torch.randn(3, 10, generator=g) / 3, 'b3': torch.zeros(3)}
    X = torch.randn(20, 4, generator=g)
    y = torch.randint(0, 3, (20,), generator=g)
    result = C.call(entrainer, {k: v.clone() for k, v in params.items()}, {k: 0.01 for k in params}, X, y, 3, name='entrainer')
    C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list | tuple) and (len(result[1]) == 4), '`entrainer(..., pas=3)` doit renvoyer (params_finaux, pertes) avec 4 pertes.')
    C.expect(all((isinstance(v, float) for v in result[1])), '`pertes` doit être une liste de flottants Python, pas de tenseurs.', hint="float(perte) ou perte.item() avant de l'ajouter à la liste.")

