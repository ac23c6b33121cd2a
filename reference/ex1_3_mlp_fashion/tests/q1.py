from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_formes_et_parametres(creer_mlp):
    import torch
    from autograder import checks as C
    x = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    for nom in ['relu', 'leaky_relu', 'gelu']:
        model = C.make_model(creer_mlp, nom, name='creer_mlp')
        out = C.forward(model, x, name=f"creer_mlp('{nom}')")
        C.expect_shape(out, (4, 10), name=f"creer_mlp('{nom}')(x)", hint="aplatissez l'image en (B, 784) avant la première couche.")
        C.expect_equal(C.count_params(model), 235146, name=f"nombre de paramètres de creer_mlp('{nom}')", reveal=True, hint='largeurs (784, 256, 128, 10), poids et biais de chaque couche.')

@test_case(points=None, hidden=True)
def test_activation_du_modele(creer_mlp):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    oracles = {'relu': F.relu, 'leaky_relu': lambda z: F.leaky_relu(z, 0.01), 'gelu': F.gelu}
    x = 2.0 * torch.randn(32, 1, 28, 28, generator=torch.Generator().manual_seed(13))
    shapes = [(256, 784), (256,), (128, 256), (128,), (10, 128), (10,)]
    for nom, act in oracles.items():
        model = C.make_model(creer_mlp, nom, name='creer_mlp')
        state = C.call(model.state_dict, name=f"creer_mlp('{nom}').state_dict")
        params = {tuple(v.shape): v.detach().cpu().float() for v in state.values() if isinstance(v, torch.Tensor)}
        C.expect(all((s in params for s in shapes)), f"`creer_mlp('{nom}')` n'a pas les couches Linear(784, 256), Linear(256, 128) et Linear(128, 10) de l'énoncé.")
        w1, b1, w2, b2, w3, b3 = (params[s] for s in shapes)
        with torch.no_grad():
            h = act(x.flatten(1) @ w1.T + b1)
            h = act(h @ w2.T + b2)
            expected = h @ w3.T + b3
            got = C.forward(model, x, name=f"creer_mlp('{nom}')")
        C.expect_close(got, expected, name=f"creer_mlp('{nom}')(x)", rtol=0.0001, atol=1e-05, hint="vérifiez l'activation associée à chaque nom (Leaky ReLU de pente 0,01, GELU exacte), placée après chaque couche cachée, et l'absence de softmax en sortie.")

@test_case(points=None, hidden=True)
def test_nom_inconnu(creer_mlp):
    from autograder import checks as C
    C.require(creer_mlp, 'creer_mlp')
    exception_levee = C.code("def exception_levee(nom):\n    try:\n        creer_mlp(nom)\n    except ValueError:\n        return 'ValueError'\n    except Exception as e:\n        return type(e).__name__\n    return None", creer_mlp=creer_mlp)
    levee = C.call(exception_levee, 'sinus', name='creer_mlp')
    C.expect(levee == 'ValueError', "`creer_mlp` avec un nom d'activation inconnu devrait lever une `ValueError`" + (f', pas une `{levee}`.' if levee else ' (aucune exception levée).'), hint='testez le nom avant de construire le réseau et levez `ValueError(...)`.')

