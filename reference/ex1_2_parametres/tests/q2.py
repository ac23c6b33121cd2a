from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_forme_de_sortie(construire_mlp):
    import torch
    from autograder import checks as C
    model = C.make_model(construire_mlp, [20, 16, 8, 3], name='construire_mlp')
    out = C.forward(model, torch.randn(5, 20), name='construire_mlp([20, 16, 8, 3])')
    C.expect_shape(out, (5, 3), name='construire_mlp([20, 16, 8, 3])(x)')
    C.expect_equal(C.count_params(model), 20 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3, name='nombre de paramètres de construire_mlp([20, 16, 8, 3])', reveal=True)

@test_case(points=None, hidden=True)
def test_nombre_de_parametres_du_modele(construire_mlp):
    import torch
    from torch import nn
    from autograder import checks as C
    gen = torch.Generator().manual_seed(7)
    for depth in [1, 2, 4]:
        widths = [int(w) for w in torch.randint(2, 60, (depth + 1,), generator=gen)]
        model = C.make_model(construire_mlp, list(widths), name='construire_mlp')
        expected = sum((p.numel() for a, b in zip(widths[:-1], widths[1:], strict=True) for p in nn.Linear(a, b, device='meta').parameters()))
        C.expect_equal(C.count_params(model), expected, name=f'nombre de paramètres du MLP à {depth} couche(s)', hint='une couche nn.Linear(n_{ℓ−1}, n_ℓ) par paire de largeurs consécutives, avec biais.')
        out = C.forward(model, torch.randn(4, widths[0], generator=gen), name='construire_mlp')
        C.expect_shape(out, (4, widths[-1]), name=f'sortie du MLP à {depth} couche(s)')

@test_case(points=None, hidden=True)
def test_activations_entre_les_couches(construire_mlp):
    import torch
    from autograder import checks as C
    torch.manual_seed(3)
    model = C.make_model(construire_mlp, [6, 32, 32, 4], name='construire_mlp')
    gen = torch.Generator().manual_seed(5)
    x1, x2 = (torch.randn(64, 6, generator=gen), torch.randn(64, 6, generator=gen))
    f = [C.as_tensor(C.forward(model, x, name='construire_mlp'), name='construire_mlp(x)').to(torch.float64) for x in (x1 + x2, x1, x2, torch.zeros(64, 6))]
    defect = (f[0] - f[1] - f[2] + f[3]).abs().max()
    scale = f[0].abs().max().clamp_min(1e-12)
    C.expect(bool(defect > 0.001 * scale), '`construire_mlp` renvoie un réseau affine : f(x₁ + x₂) = f(x₁) + f(x₂) − f(0). Les couches ne sont pas séparées par des activations.', hint='insérez nn.ReLU() entre deux nn.Linear successives.')
    f_last = C.as_tensor(C.forward(model, -x1, name='construire_mlp'), name='construire_mlp(x)')
    C.expect(bool((f_last < 0).any()), "La sortie de `construire_mlp` n'est jamais négative : une activation est appliquée après la dernière couche.", hint="la dernière nn.Linear ne doit pas être suivie d'une ReLU (ce sont des logits).")

@test_case(points=None, hidden=True)
def test_sequential_de_linear_et_relu(construire_mlp):
    import torch
    from autograder import checks as C
    structure = C.code("def structure(model):\n    leaves = [m for m in model.modules() if not list(m.children())]\n    names = ['Linear' if isinstance(m, torch.nn.Linear) else 'ReLU' if isinstance(m, torch.nn.ReLU) else type(m).__name__ for m in leaves]\n    return (isinstance(model, torch.nn.Sequential), names)")
    model = C.make_model(construire_mlp, [6, 9, 7, 5, 4], name='construire_mlp')
    is_sequential, names = C.call(structure, model, name='construire_mlp([6, 9, 7, 5, 4])')
    C.expect(is_sequential, '`construire_mlp` devrait renvoyer un `nn.Sequential`.')
    C.expect(list(names) == ['Linear', 'ReLU'] * 3 + ['Linear'], 'Les couches de `construire_mlp([6, 9, 7, 5, 4])` ne sont pas des `nn.Linear` séparées par des `nn.ReLU()`.', hint="l'énoncé demande nn.ReLU() entre deux nn.Linear (pas une autre activation), et rien après la dernière couche.")

