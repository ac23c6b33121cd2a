from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_module_structure(BatchNormManuelle):
    import torch
    from autograder import checks as C
    bn = C.make_model(BatchNormManuelle, 6, name='BatchNormManuelle(6)')
    C.expect_equal(C.count_params(bn), 12, name='nombre de paramètres de BatchNormManuelle(6)', reveal=True, hint='deux paramètres de forme (6,) : weight (γ) et bias (β).')
    state = C.call(bn.state_dict, name='BatchNormManuelle(6).state_dict')
    for key, value in [('weight', 1.0), ('bias', 0.0), ('running_mean', 0.0), ('running_var', 1.0)]:
        C.expect(key in state, f"`BatchNormManuelle(6).state_dict()` n'a pas d'entrée `{key}`.", hint='paramètres `weight`, `bias` (nn.Parameter) et tampons `running_mean`, `running_var` (self.register_buffer), comme nn.BatchNorm1d.')
        C.expect_close(state[key], torch.full((6,), value), name=f'{key} initial', reveal=True)
    x = 3 * torch.randn(10, 6, generator=torch.Generator().manual_seed(1)) + 2
    C.call(bn.train, name='BatchNormManuelle(6).train')
    y = C.as_tensor(C.forward(bn, x, name='BatchNormManuelle(6)'), 'BatchNormManuelle(6)(x)')
    C.expect_shape(y, (10, 6), name='BatchNormManuelle(6)(x)')
    C.expect_close(y.mean(dim=0), torch.zeros(6), rtol=0.0, atol=1e-05, name='moyenne par caractéristique de la sortie (mode entraînement, β = 0)', reveal=True, hint='en mode entraînement, on normalise avec les statistiques du lot courant.')

@test_case(points=None, hidden=True)
def test_module_entrainement_contre_pytorch(BatchNormManuelle):
    import torch
    from autograder import checks as C
    interdits = {'batch_norm', 'BatchNorm1d', 'BatchNorm2d', 'BatchNorm3d', 'native_batch_norm', '_batch_norm_impl_index'}
    for methode in ('__init__', 'forward'):
        C.expect_not_using(getattr(BatchNormManuelle, methode, None), interdits, name=f'BatchNormManuelle.{methode}', hint='utilisez FonctionBatchNorm et vos propres tampons.')
    label = 'BatchNormManuelle(5, eps=1e-3, momentum=0.3)'
    bn = C.make_model(BatchNormManuelle, 5, eps=0.001, momentum=0.3, name=label)
    classes = C.call(C.code("lambda m: [[f'{k.__module__}.{k.__qualname__}' for k in type(c).__mro__] for c in m.modules()]"), bn, name=f'{label}.modules')
    C.expect(not any(('torch.nn.modules.batchnorm._BatchNorm' in mro for mro in classes)), f"`{label}` contient une couche BatchNorm de PyTorch, interdite par l'énoncé.")
    bn = C.call(bn.double, name=f'{label}.double')
    ref = torch.nn.BatchNorm1d(5, eps=0.001, momentum=0.3).double()
    g = torch.Generator().manual_seed(51)
    etat = {'weight': torch.tensor([1.5, -0.5, 2.0, 0.8, 1.1], dtype=torch.float64), 'bias': torch.randn(5, generator=g, dtype=torch.float64), 'running_mean': torch.zeros(5, dtype=torch.float64), 'running_var': torch.ones(5, dtype=torch.float64)}
    ref.load_state_dict(etat, strict=False)
    C.call(bn.load_state_dict, etat, strict=False, name=f'{label}.load_state_dict')
    state = C.call(bn.state_dict, name=f'{label}.state_dict')
    C.expect(all((k in state for k in etat)), f'`{label}` doit avoir les paramètres `weight`, `bias` et les tampons `running_mean`, `running_var` (noms de nn.BatchNorm1d).')
    C.call(bn.train, name=f'{label}.train')
    ref.train()
    for k, (n, scale, shift) in enumerate([(8, 2.0, 1.0), (6, 0.5, -3.0), (11, 4.0, 2.0)]):
        x = scale * torch.randn(n, 5, generator=g, dtype=torch.float64) + shift
        x[:, 3] = shift + 0.001 * torch.randn(n, generator=g, dtype=torch.float64)
        want = ref(x.clone()).detach()
        got = C.forward(bn, x.clone(), name=label)
        C.expect_close(got, want, name=f'{label} en mode entraînement, lot n° {k + 1}', hint='en mode entraînement, normalisez avec la moyenne et la variance BIAISÉE du lot courant (pas avec les statistiques courantes), ε sous la racine, puis γ x̂ + β.')
        state = C.call(bn.state_dict, name=f'{label}.state_dict')
        C.expect_close(state['running_mean'], ref.running_mean, name=f'running_mean après le lot n° {k + 1}', hint='μ̂ ← (1 − momentum)·μ̂ + momentum·μ_lot, sous torch.no_grad().')
        C.expect_close(state['running_var'], ref.running_var, name=f'running_var après le lot n° {k + 1}', hint='σ̂² ← (1 − momentum)·σ̂² + momentum·σ²_lot avec la variance NON biaisée du lot (division par N − 1), comme nn.BatchNorm1d.')

@test_case(points=None, hidden=True)
def test_module_evaluation_contre_pytorch(BatchNormManuelle):
    import torch
    from autograder import checks as C
    label = 'BatchNormManuelle(5, eps=1e-3, momentum=0.3)'
    bn = C.call(C.make_model(BatchNormManuelle, 5, eps=0.001, momentum=0.3, name=label).double, name=f'{label}.double')
    ref = torch.nn.BatchNorm1d(5, eps=0.001, momentum=0.3).double()
    g = torch.Generator().manual_seed(52)
    etat = {'weight': torch.tensor([0.7, 2.0, -1.3, 1.0, 0.4], dtype=torch.float64), 'bias': torch.randn(5, generator=g, dtype=torch.float64), 'running_mean': torch.zeros(5, dtype=torch.float64), 'running_var': torch.ones(5, dtype=torch.float64)}
    ref.load_state_dict(etat, strict=False)
    C.call(bn.load_state_dict, etat, strict=False, name=f'{label}.load_state_dict')
    C.call(bn.train, name=f'{label}.train')
    ref.train()
    for n, scale, shift in [(12, 3.0, 2.0), (7, 1.0, -1.0), (9, 2.0, 4.0)]:
        x = scale * torch.randn(n, 5, generator=g, dtype=torch.float64) + shift
        ref(x.clone())
        C.forward(bn, x.clone(), name=label)
    C.call(bn.eval, name=f'{label}.eval')
    ref.eval()
    x = 2 * torch.randn(7, 5, generator=g, dtype=torch.float64) + 1
    eval_hint = "en mode évaluation, normalisez avec running_mean et running_var (mis à jour pendant l'entraînement), et non avec les statistiques du lot."
    got = C.as_tensor(C.forward(bn, x.clone(), name=label), f'{label}(x)')
    C.expect_close(got, ref(x.clone()).detach(), name=f"{label} en mode évaluation, après trois lots d'entraînement", hint=eval_hint)
    seul = C.forward(bn, x[2:3].clone(), name=label)
    C.expect_close(seul, got[2:3], name=f"{label} en mode évaluation sur un lot d'un exemple", hint=eval_hint + " La sortie d'un exemple ne dépend pas des autres.")
    C.forward(bn, x.clone(), name=label)
    state = C.call(bn.state_dict, name=f'{label}.state_dict')
    C.expect_close(state['running_mean'], ref.running_mean, name='running_mean après des passes en mode évaluation', hint='les statistiques courantes ne changent pas en mode évaluation.')
    C.expect_close(state['running_var'], ref.running_var, name='running_var après des passes en mode évaluation', hint='les statistiques courantes ne changent pas en mode évaluation.')
    petit = {'running_mean': torch.randn(5, generator=g, dtype=torch.float64), 'running_var': torch.tensor([1e-06, 2.0, 0.5, 1e-05, 3.0], dtype=torch.float64)}
    ref.load_state_dict(petit, strict=False)
    C.call(bn.load_state_dict, petit, strict=False, name=f'{label}.load_state_dict')
    C.expect_close(C.forward(bn, x.clone(), name=label), ref(x.clone()).detach(), name=f'{label} en mode évaluation avec une variance courante presque nulle', hint='x̂ = (x − running_mean)/√(running_var + ε) : ε sous la racine, en évaluation aussi.')

@test_case(points=None, hidden=True)
def test_module_valeurs_par_defaut(BatchNormManuelle):
    import torch
    from autograder import checks as C
    label = 'BatchNormManuelle(4)'
    bn = C.call(C.make_model(BatchNormManuelle, 4, name=label).double, name=f'{label}.double')
    ref = torch.nn.BatchNorm1d(4).double()
    C.call(bn.train, name=f'{label}.train')
    g = torch.Generator().manual_seed(53)
    for n in (10, 5):
        x = 2 * torch.randn(n, 4, generator=g, dtype=torch.float64) + 3
        x[:, 0] = -1.0 + 0.001 * torch.randn(n, generator=g, dtype=torch.float64)
        C.expect_close(C.forward(bn, x.clone(), name=label), ref(x.clone()).detach(), name=f'{label} en mode entraînement (ε et momentum par défaut)', hint='eps = 1e-5 par défaut, sous la racine : il compte pour une caractéristique presque constante.')
    state = C.call(bn.state_dict, name=f'{label}.state_dict')
    C.expect_close(state['running_mean'], ref.running_mean, name=f'running_mean de {label} après deux lots', hint='momentum = 0.1 par défaut : μ̂ ← 0.9·μ̂ + 0.1·μ_lot.')
    C.expect_close(state['running_var'], ref.running_var, name=f'running_var de {label} après deux lots', hint='momentum = 0.1 par défaut, variance non biaisée du lot.')
    C.call(bn.eval, name=f'{label}.eval')
    ref.eval()
    x = torch.randn(6, 4, generator=g, dtype=torch.float64)
    C.expect_close(C.forward(bn, x.clone(), name=label), ref(x.clone()).detach(), name=f'{label} en mode évaluation (ε par défaut)', hint='en évaluation : (x − running_mean)/√(running_var + ε), ε = 1e-5.')

@test_case(points=None, hidden=True)
def test_module_gradients(BatchNormManuelle):
    import torch
    from autograder import checks as C
    label = 'BatchNormManuelle(5, eps=1e-4, momentum=0.2)'
    bn = C.call(C.make_model(BatchNormManuelle, 5, eps=0.0001, momentum=0.2, name=label).double, name=f'{label}.double')
    ref = torch.nn.BatchNorm1d(5, eps=0.0001, momentum=0.2).double()
    g = torch.Generator().manual_seed(54)
    etat = {'weight': torch.tensor([1.2, -0.8, 0.5, 2.0, 1.0], dtype=torch.float64), 'bias': torch.randn(5, generator=g, dtype=torch.float64), 'running_mean': torch.randn(5, generator=g, dtype=torch.float64), 'running_var': 0.5 + torch.rand(5, generator=g, dtype=torch.float64)}
    ref.load_state_dict(etat, strict=False)
    C.call(bn.load_state_dict, etat, strict=False, name=f'{label}.load_state_dict')
    hints = {'train': {'x': "en entraînement, le gradient passe par FonctionBatchNorm.apply (statistiques du lot) jusqu'à l'entrée : pas de .detach() sur x.", 'weight': '∂L/∂γ = Σᵢ δᵢ x̂ᵢ (somme sur le lot) ; ne détachez pas weight.', 'bias': '∂L/∂β = Σᵢ δᵢ (somme sur le lot) ; ne détachez pas bias.'}, 'eval': {'x': 'en évaluation, y = γ (x − running_mean)/√(running_var + ε) + β, donc ∂L/∂x = γ δ/√(running_var + ε) : les statistiques courantes sont des constantes (et pas celles du lot).', 'weight': 'en évaluation, ∂L/∂γ = Σᵢ δᵢ (xᵢ − running_mean)/√(running_var + ε).', 'bias': '∂L/∂β = Σᵢ δᵢ (somme sur le lot) ; ne détachez pas bias.'}}
    sonde = C.code("def sonde(bn, x, w):\n    params = dict(bn.named_parameters())\n    for p in params.values():\n        p.grad = None\n    x_in = x.clone().requires_grad_(True)\n    y = bn(x_in)\n    if not (isinstance(y, torch.Tensor) and y.requires_grad):\n        return {'relie': False}\n    try:\n        (y * w).sum().backward()\n    except Exception as exc:\n        return {'relie': True, 'erreur': f'{type(exc).__name__} : {exc}'[:300]}\n    return {'relie': True, 'erreur': None, 'grads': {'x': x_in.grad, 'weight': params['weight'].grad, 'bias': params['bias'].grad}, 'tampons_relies': any((t.requires_grad for t in bn.buffers()))}")
    for mode in ('eval', 'train', 'eval'):
        C.call(getattr(bn, mode), name=f'{label}.{mode}')
        getattr(ref, mode)()
        x = 1.5 * torch.randn(8, 5, generator=g, dtype=torch.float64) + 0.5
        w = torch.randn(8, 5, generator=g, dtype=torch.float64)
        x_ref = x.clone().requires_grad_(True)
        ref.zero_grad()
        (ref(x_ref) * w).sum().backward()
        want = {'x': x_ref.grad, 'weight': ref.weight.grad, 'bias': ref.bias.grad}
        params = dict(C.call(bn.named_parameters, name=f'{label}.named_parameters'))
        C.expect('weight' in params and 'bias' in params, f'`{label}` doit avoir les paramètres `weight` et `bias`.')
        mesure = C.call(sonde, bn, x.clone(), w, name=label)
        C.expect(mesure['relie'], f"La sortie de `{label}` (mode {mode}) n'est pas reliée au graphe d'autograd.", hint="n'utilisez ni .detach() ni torch.no_grad() pour calculer la sortie.")
        C.expect(mesure['erreur'] is None, f"La passe arrière de `{label}` a levé {mesure['erreur']}.")
        got = {k: v if v is not None else torch.zeros(want[k].shape, dtype=torch.float64) for k, v in mesure['grads'].items()}
        C.expect_gradients(got, want, name=f'{label} (mode {mode})', tol=1e-07, hints=hints[mode])
        C.expect(not mesure['tampons_relies'], f"Après une passe en mode {mode}, les tampons de `{label}` sont reliés au graphe d'autograd.", hint='mettez à jour running_mean et running_var sous `with torch.no_grad():` (ou à partir de x.detach()).')

