from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_contre_exemple_public(contre_exemple):
    import torch
    from autograder import checks as C
    a = torch.tensor([100.0, 0.01], dtype=torch.float64)
    c = torch.tensor([1.0, 1.0], dtype=torch.float64)
    theta0 = torch.zeros(2, dtype=torch.float64)
    got = C.call(contre_exemple, a.clone(), c.clone(), theta0.clone(), 0.05, 0.1, 200, name='contre_exemple')
    C.expect(isinstance(got, dict) and {'adam', 'adam_l2', 'adamw'} <= set(got), "`contre_exemple` doit renvoyer un dictionnaire de clés 'adam', 'adam_l2', 'adamw'.")
    values = {k: C.as_tensor(got[k], f"contre_exemple(...)['{k}']").to(torch.float64) for k in ('adam', 'adam_l2', 'adamw')}
    for key, value in values.items():
        C.expect_shape(value, (2,), name=f"contre_exemple(...)['{key}']")
    for key in ('adam', 'adamw'):
        C.expect(abs(float(values[key][0] - values[key][1])) <= 0.0001, f"Avec `{key}`, les deux coordonnées devraient rester égales (à 1e-4 près) : Adam est invariant par changement d'échelle du gradient de chaque coordonnée, obtenu {values[key].tolist()}.", hint="AdamW : décroissance (1 − ηλ) θ appliquée hors des moments d'Adam.")
    C.expect(float(values['adam_l2'][0] - values['adam_l2'][1]) > 0.5, f"Avec Adam + L2, la coordonnée de faible courbure (a = 0,01) devrait être bien plus rétrécie que l'autre ; obtenu {values['adam_l2'].tolist()}.", hint='Adam + L2 ajoute λθ au gradient avant la normalisation par √v̂.')

@test_case(points=None, hidden=True)
def test_contre_exemple_contre_pytorch(contre_exemple):
    import torch
    from autograder import checks as C

    def oracle(a, c, theta0, lr, lam, k):
        out = {}
        for key, cls, wd in [('adam', torch.optim.Adam, 0.0), ('adam_l2', torch.optim.Adam, lam), ('adamw', torch.optim.AdamW, lam)]:
            theta = theta0.clone().requires_grad_(True)
            opt = cls([theta], lr=lr, betas=(0.9, 0.999), eps=1e-08, weight_decay=wd)
            for _ in range(k):
                opt.zero_grad()
                (0.5 * (a * (theta - c) ** 2).sum()).backward()
                opt.step()
            out[key] = theta.detach()
        return out
    hints = {'adam': 'Adam sans régularisation (weight_decay = 0).', 'adam_l2': "Adam + L2 : g = ∇L + λθ, puis les moments d'Adam sur ce g (torch.optim.Adam(weight_decay=λ)).", 'adamw': "AdamW : θ ← (1 − ηλ) θ puis le pas d'Adam sur ∇L seul (torch.optim.AdamW(weight_decay=λ))."}
    D = torch.float64
    configs = [((3.0, 0.2), (1.0, -2.0), (0.5, 1.5), 0.1, 0.3, 1), ((1000.0, 0.1, 5.0), (1.0, 1.0, -1.0), (2.0, -1.0, 0.0), 0.02, 0.05, 30), ((50.0, 0.5), (-1.0, 2.0), (0.0, 0.0), 0.01, 0.0, 10), ((100.0, 0.01), (1.0, 1.0), (0.0, 0.0), 0.05, 1.0, 120)]
    for a, c, theta0, lr, lam, k in configs:
        a, c, theta0 = (torch.tensor(v, dtype=D) for v in (a, c, theta0))
        want = oracle(a, c, theta0, lr, lam, k)
        got = C.call(contre_exemple, a.clone(), c.clone(), theta0.clone(), lr, lam, k, name='contre_exemple')
        C.expect(isinstance(got, dict) and set(want) <= set(got), "`contre_exemple` doit renvoyer un dictionnaire de clés 'adam', 'adam_l2', 'adamw'.")
        for key in ('adam', 'adam_l2', 'adamw'):
            C.expect_close(got[key], want[key], rtol=1e-09, atol=1e-12, name=f"contre_exemple(a de taille {len(a)}, lr={lr}, lam={lam}, k={k})['{key}']", hint=hints[key])

@test_case(points=None, hidden=True)
def test_contre_exemple_decroissance_effective(contre_exemple):
    import torch
    from autograder import checks as C
    D = torch.float64
    a = torch.tensor([1000.0, 0.1], dtype=D)
    c = torch.tensor([1.0, 1.0], dtype=D)
    got = C.call(contre_exemple, a, c.clone(), torch.zeros(2, dtype=D), 0.05, 1.0, 150, name='contre_exemple')
    C.expect(isinstance(got, dict) and {'adam', 'adam_l2', 'adamw'} <= set(got), "`contre_exemple` doit renvoyer un dictionnaire de clés 'adam', 'adam_l2', 'adamw'.")
    values = {k: C.as_tensor(got[k], f"contre_exemple(...)['{k}']").to(D) for k in ('adam', 'adam_l2', 'adamw')}
    C.expect(all((v.shape == (2,) for v in values.values())), '`contre_exemple` doit renvoyer des tenseurs de la forme de `theta0`.')
    C.expect(bool(values['adam'].abs().min() > 0.1), 'Adam sans régularisation devrait approcher c = (1, 1) en 150 pas.')
    shrink = {k: values[k] / values['adam'] for k in ('adam_l2', 'adamw')}
    C.expect(abs(float(shrink['adamw'][0] - shrink['adamw'][1])) <= 1e-05, 'Avec AdamW, le rétrécissement θ_AdamW / θ_Adam devrait être le même pour les deux coordonnées, quelle que soit la magnitude de leur gradient.', hint='la décroissance découplée (1 − ηλ) θ ne passe pas par √v̂.')
    C.expect(float(shrink['adam_l2'][0] - shrink['adam_l2'][1]) > 0.5, 'Avec Adam + L2, le rétrécissement θ_L2 / θ_Adam devrait être bien plus fort sur la coordonnée de petit gradient (a = 0,1) que sur celle de grand gradient (a = 1000).', hint='le terme λθ ajouté au gradient est divisé par √v̂, grand pour a = 1000.')

