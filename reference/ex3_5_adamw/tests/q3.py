from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_adamw_premier_pas(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    theta = torch.tensor([1.0, -2.0, 0.5], dtype=D)
    grad = torch.tensor([0.1, -0.3, 0.0], dtype=D)
    state = {'t': 0, 'm': torch.zeros(3, dtype=D), 'v': torch.zeros(3, dtype=D)}
    result = C.call(pas_adamw, theta.clone(), grad.clone(), state, 0.1, (0.9, 0.999), 1e-08, 0.01, name='pas_adamw')
    C.expect(isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict), '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
    expected = (1 - 0.1 * 0.01) * theta - 0.1 * grad / (grad.abs() + 1e-08)
    C.expect_close(result[0], expected, name="θ après un pas de pas_adamw depuis l'état initial", reveal=True, hint='au premier pas, m̂ = g et v̂ = g² (correction du biais) : θ ← (1 − ηλ) θ − η g / (|g| + ε).')
    C.expect(result[1].get('t') == 1, "L'état renvoyé par `pas_adamw` doit avoir t = 1 après le premier pas.")

@test_case(points=None, hidden=True)
def test_adamw_contre_pytorch(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    g = torch.Generator().manual_seed(31)
    scales = torch.tensor([[100.0], [1.0], [0.001]], dtype=D)
    for lr, betas, eps, wd in [(0.01, (0.9, 0.999), 1e-08, 0.1), (0.3, (0.5, 0.6), 1e-06, 0.02)]:
        theta0 = torch.randn(3, 5, generator=g, dtype=D)
        grads = [scales * torch.randn(3, 5, generator=g, dtype=D) for _ in range(8)]
        ref = theta0.clone().requires_grad_(True)
        opt = torch.optim.AdamW([ref], lr=lr, betas=betas, eps=eps, weight_decay=wd)
        theta = theta0.clone()
        state = {'t': 0, 'm': torch.zeros(3, 5, dtype=D), 'v': torch.zeros(3, 5, dtype=D)}
        for step, grad in enumerate(grads, start=1):
            ref.grad = grad.clone()
            opt.step()
            result = C.call(pas_adamw, theta, grad.clone(), state, lr, betas, eps, wd, name='pas_adamw')
            C.expect(isinstance(result, tuple) and len(result) == 2, '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
            theta, state = result
            C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13, name=f'θ après {step} pas de pas_adamw (lr={lr}, betas={betas}, weight_decay={wd})', hint='t ← t + 1 ; m, v avec le gradient seul ; m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) ; θ ← (1 − ηλ) θ − η m̂/(√v̂ + ε).')

@test_case(points=None, hidden=True)
def test_adamw_decroissance_decouplee(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    theta0 = torch.tensor([[2.0, -1.0, 0.5], [3.0, 0.25, -4.0]], dtype=D)
    theta = theta0.clone()
    state = {'t': 0, 'm': torch.zeros(2, 3, dtype=D), 'v': torch.zeros(2, 3, dtype=D)}
    lr, wd = (0.05, 0.4)
    for step in range(1, 7):
        result = C.call(pas_adamw, theta, torch.zeros(2, 3, dtype=D), state, lr, (0.9, 0.999), 1e-08, wd, name='pas_adamw')
        C.expect(isinstance(result, tuple) and len(result) == 2, '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
        theta, state = result
        C.expect_close(theta, (1 - lr * wd) ** step * theta0, rtol=1e-12, atol=1e-14, name=f'θ après {step} pas de pas_adamw à gradient nul', hint="à gradient nul, seul le facteur (1 − ηλ) agit : la décroissance est découplée (λθ n'entre pas dans m et v), η n'y figure qu'une fois, et ε évite 0/0.")

@test_case(points=None, hidden=True)
def test_adamw_petits_gradients_et_epsilon(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    g = torch.Generator().manual_seed(41)
    theta0 = torch.randn(4, 3, generator=g, dtype=D)
    grads = [1e-09 * torch.randn(4, 3, generator=g, dtype=D) for _ in range(5)]
    for grad in grads:
        grad[0] = 0.0
    for eps in (1e-08, 1e-10):
        ref = theta0.clone().requires_grad_(True)
        opt = torch.optim.AdamW([ref], lr=0.01, betas=(0.9, 0.999), eps=eps, weight_decay=0.05)
        theta = theta0.clone()
        state = {'t': 0, 'm': torch.zeros(4, 3, dtype=D), 'v': torch.zeros(4, 3, dtype=D)}
        for step, grad in enumerate(grads, start=1):
            ref.grad = grad.clone()
            opt.step()
            result = C.call(pas_adamw, theta, grad.clone(), state, 0.01, (0.9, 0.999), eps, 0.05, name='pas_adamw')
            C.expect(isinstance(result, tuple) and len(result) == 2, '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
            theta, state = result
            C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13, name=f"θ après {step} pas de pas_adamw avec des gradients de l'ordre de 1e-9 (eps={eps})", hint="avec des gradients de l'ordre de 1e-9, ε pèse autant que √v̂ : il s'ajoute après la correction du biais, hors de la racine, m̂ / (√v̂ + ε) ; une coordonnée de gradient nul ne doit subir que la décroissance.")

@test_case(points=None, hidden=True)
def test_adamw_sans_decroissance_egale_adam(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    g = torch.Generator().manual_seed(51)
    theta0 = torch.randn(6, generator=g, dtype=D)
    ref = theta0.clone().requires_grad_(True)
    opt = torch.optim.Adam([ref], lr=0.02, betas=(0.8, 0.9), eps=1e-08)
    theta = theta0.clone()
    state = {'t': 0, 'm': torch.zeros(6, dtype=D), 'v': torch.zeros(6, dtype=D)}
    for step in range(1, 6):
        grad = torch.sin(3 * theta) + theta
        ref.grad = torch.sin(3 * ref.detach()) + ref.detach()
        opt.step()
        result = C.call(pas_adamw, theta, grad, state, 0.02, (0.8, 0.9), 1e-08, 0.0, name='pas_adamw')
        C.expect(isinstance(result, tuple) and len(result) == 2, '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
        theta, state = result
        C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13, name=f'θ après {step} pas de pas_adamw avec weight_decay = 0 (comparé à torch.optim.Adam)', hint='sans décroissance, AdamW est exactement Adam ; vérifiez β₁, β₂ et la correction du biais.')

@test_case(points=None, hidden=True)
def test_adamw_arguments_intacts(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    g = torch.Generator().manual_seed(61)
    theta = torch.randn(3, 4, generator=g, dtype=D)
    grad = torch.randn(3, 4, generator=g, dtype=D)
    state = {'t': 2, 'm': 0.1 * torch.randn(3, 4, generator=g, dtype=D), 'v': 0.01 * torch.rand(3, 4, generator=g, dtype=D)}
    given = {'t': 2, 'm': state['m'].clone(), 'v': state['v'].clone()}
    result, after = C.call_seeing_arguments(pas_adamw, theta.clone(), grad.clone(), given, 0.01, (0.9, 0.999), 1e-08, 0.1, name='pas_adamw')
    C.expect(isinstance(result, tuple) and len(result) == 2, '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
    C.expect(torch.equal(after[0], theta), '`pas_adamw` modifie `theta` en place.', hint='calculez un nouveau tenseur θ (pas de mul_, sub_, -=).')
    etat = after[2]
    intact = isinstance(etat, dict) and etat.get('t') == 2 and all((isinstance(etat.get(k), torch.Tensor) and torch.equal(etat[k], state[k]) for k in ('m', 'v')))
    C.expect(intact, "`pas_adamw` modifie en place l'état `etat` reçu.", hint='renvoyez un nouveau dictionnaire {"t": …, "m": …, "v": …} de nouveaux tenseurs, sans toucher à celui reçu.')

@test_case(points=None, hidden=True)
def test_adamw_valeurs_par_defaut(pas_adamw):
    import torch
    from autograder import checks as C
    D = torch.float64
    g = torch.Generator().manual_seed(71)
    theta0 = torch.randn(5, generator=g, dtype=D)
    ref = theta0.clone().requires_grad_(True)
    opt = torch.optim.AdamW([ref], lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)
    theta = theta0.clone()
    state = {'t': 0, 'm': torch.zeros(5, dtype=D), 'v': torch.zeros(5, dtype=D)}
    for step in range(1, 4):
        grad = torch.randn(5, generator=g, dtype=D)
        ref.grad = grad.clone()
        opt.step()
        result = C.call(pas_adamw, theta, grad.clone(), state, name='pas_adamw')
        C.expect(isinstance(result, tuple) and len(result) == 2, '`pas_adamw` doit renvoyer un couple (theta_suivant, etat_suivant).')
        theta, state = result
        C.expect_close(theta, ref.detach(), rtol=1e-10, atol=1e-13, name=f'θ après {step} pas de pas_adamw(theta, grad, etat) avec les valeurs par défaut', hint='gardez les valeurs par défaut de la signature donnée (lr, betas, eps, weight_decay).')

