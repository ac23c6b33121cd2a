from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_forme_et_parametres(creer_mlp):
    import torch
    from autograder import checks as C
    model = C.make_model(creer_mlp, 2, 64, name='creer_mlp(2, 64)')
    out = C.forward(model, torch.rand(5, 1, 28, 28), name='creer_mlp(2, 64)')
    C.expect_shape(out, (5, 10), name='creer_mlp(2, 64)(x)')
    expected = 784 * 64 + 64 + (64 * 64 + 64) + 64 * 10 + 10
    C.expect_equal(C.count_params(model), expected, name='nombre de paramètres de creer_mlp(2, 64)', reveal=True, hint='profondeur = nombre de couches CACHÉES ; chaque couche a un biais.')

@test_case(points=None, hidden=True)
def test_parametres_forme_close(creer_mlp):
    from autograder import checks as C
    for p, w in [(1, 32), (3, 96), (4, 33), (6, 512)]:
        model = C.make_model(creer_mlp, p, w, name=f'creer_mlp({p}, {w})')
        expected = 784 * w + w + (p - 1) * (w * w + w) + 10 * w + 10
        C.expect_equal(C.count_params(model), expected, name=f'nombre de paramètres de creer_mlp({p}, {w})', hint='il faut exactement `profondeur` couches cachées de `largeur` neurones, plus la couche de sortie (784 → largeur → … → 10).')

@test_case(points=None, hidden=True)
def test_non_linearite_et_logits(creer_mlp):
    import torch
    from autograder import checks as C
    torch.manual_seed(3)
    model = C.make_model(creer_mlp, 3, 48, name='creer_mlp(3, 48)')
    g = torch.Generator().manual_seed(14)
    x1, x2 = (torch.rand(7, 1, 28, 28, generator=g), torch.rand(7, 1, 28, 28, generator=g))
    C.expect_shape(C.forward(model, x1[:1], name='creer_mlp(3, 48)'), (1, 10), name="creer_mlp(3, 48)(x) pour un lot d'une image")
    y1 = C.forward(model, x1, name='creer_mlp(3, 48)').detach()
    y2 = C.forward(model, x2, name='creer_mlp(3, 48)').detach()
    ym = C.forward(model, 0.3 * x1 + 0.7 * x2, name='creer_mlp(3, 48)').detach()
    C.expect_shape(y1, (7, 10), name='creer_mlp(3, 48)(x)')
    gap = float((ym - (0.3 * y1 + 0.7 * y2)).abs().max())
    scale = float(y1.abs().max()) + 1e-12
    C.expect(gap > 0.001 * scale, "`creer_mlp` renvoie une fonction affine de l'entrée : les couches cachées n'ont pas d'activation.", hint='ajoutez une ReLU après chaque couche cachée (pas après la couche de sortie).')
    sums = torch.softmax(y1, dim=1).sum(dim=1)
    C.expect(not torch.allclose(y1.sum(dim=1), sums, atol=0.0001) and bool((y1 < 0).any()), '`creer_mlp` semble renvoyer des probabilités plutôt que des logits.', hint='ne terminez pas par un softmax : `cross_entropy` attend des logits.')

@test_case(points=None, hidden=True)
def test_activation_relu(creer_mlp):
    import torch
    from autograder import checks as C
    fraction_affine = C.code('def fraction_affine(model):\n    import copy\n    g = torch.Generator().manual_seed(4)\n    x = torch.rand(64, 1, 28, 28, generator=g, dtype=torch.float64)\n    d = torch.randn(64, 1, 28, 28, generator=g, dtype=torch.float64)\n    try:\n        m = copy.deepcopy(model).double()\n        with torch.no_grad():\n            f0, fp, fm = (m(x), m(x + 0.001 * d), m(x - 0.001 * d))\n    except Exception:\n        return None\n    second = (fp + fm - 2 * f0).abs().amax(dim=1)\n    return float((second <= 1e-10 * f0.abs().max()).double().mean())')
    torch.manual_seed(6)
    model = C.make_model(creer_mlp, 2, 32, name='creer_mlp(2, 32)')
    fraction = C.call(fraction_affine, model, name='creer_mlp(2, 32)')
    if fraction is not None:
        C.expect(fraction >= 0.5, "`creer_mlp` n'est pas affine par morceaux : les couches cachées ne sont pas suivies d'une ReLU.", hint="l'énoncé demande une ReLU après chaque couche cachée (pas tanh, sigmoïde ni GELU).")

