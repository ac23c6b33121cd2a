from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_entropie_exemple(entropie_softmax):
    import math
    import torch
    from autograder import checks as C
    nom = 'entropie_softmax(torch.zeros(2, 5))'
    H = C.as_tensor(C.call(entropie_softmax, torch.zeros(2, 5, dtype=torch.float64), name='entropie_softmax'), nom)
    C.expect_shape(H, (2,), name=nom, hint='une entropie par ligne : la somme porte sur la dernière dimension.')
    C.expect_close(H, torch.full((2,), math.log(5), dtype=torch.float64), name=nom, reveal=True, hint='softmax uniforme : H = ln n (logarithme népérien).')
    nom = 'entropie_softmax(torch.tensor([1000., 0., 0., 0.]))'
    H = C.as_tensor(C.call(entropie_softmax, torch.tensor([1000.0, 0.0, 0.0, 0.0], dtype=torch.float64), name='entropie_softmax'), nom)
    C.expect_shape(H, (), name=nom)
    C.expect_close(H, torch.tensor(0.0, dtype=torch.float64), name=nom, rtol=0.0, atol=1e-09, reveal=True, hint='exp(1000) déborde : passez par torch.log_softmax, et 0 · ln 0 = 0.')

@test_case(points=None, hidden=True)
def test_entropie_contre_oracle(entropie_softmax):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(80)
    for forme, echelle in (((3, 4, 6), 1.0), ((5, 7), 8.0), ((9,), 3.0), ((2, 3), 60.0)):
        z = echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        nom = f'entropie_softmax(z) pour z de forme {forme}'
        H = C.as_tensor(C.call(entropie_softmax, z.clone(), name='entropie_softmax'), nom)
        C.expect_shape(H, forme[:-1], name=nom, hint='une entropie par vecteur de la dernière dimension.')
        attendu = torch.distributions.Categorical(logits=z).entropy()
        C.expect_close(H, attendu, name=nom, rtol=1e-09, atol=1e-12, hint='H = −Σ p_i ln p_i avec p = softmax(z) sur la dernière dimension (dim=-1), logarithme népérien.')

@test_case(points=None, hidden=True)
def test_entropie_cas_exacts(entropie_softmax):
    import math
    import torch
    from autograder import checks as C
    t = torch.tensor([0.5, 3.0, 20.0], dtype=torch.float64)
    p = torch.sigmoid(t)
    cas = {'des lignes constantes': (torch.tensor([[10000.0] * 5, [-3.0] * 5]), [math.log(5)] * 2), 'un maximum partagé par 2 ou 3 scores': (torch.tensor([[10000.0, 10000.0, 0.0, -10000.0], [50.0, 50.0, 50.0, -900.0]]), [math.log(2), math.log(3)]), 'deux scores (t, 0)': (torch.stack([t, torch.zeros(3, dtype=torch.float64)], dim=1), (-(p * p.log() + (1 - p) * (1 - p).log())).tolist())}
    for quoi, (z, attendu) in cas.items():
        nom = f'entropie_softmax pour {quoi}'
        H = C.as_tensor(C.call(entropie_softmax, z.to(torch.float64), name='entropie_softmax'), nom)
        C.expect_close(H, torch.tensor(attendu, dtype=torch.float64), name=nom, rtol=1e-09, atol=1e-09, hint='H = ln n pour un softmax uniforme, ln r pour r maxima à égalité loin au-dessus des autres ; calculez ln p par torch.log_softmax pour éviter exp(10⁴) = inf.')

@test_case(points=None, hidden=True)
def test_entropie_float32_et_argument(entropie_softmax):
    import math
    import torch
    from autograder import checks as C
    z = torch.tensor([[10000.0, 0.0, -10000.0], [5000.0, 5000.0, 0.0], [-10000.0, -10000.0, -10000.0], [0.3, -0.2, 1.1]], dtype=torch.float64)
    H64, H32 = C.expect_dtype_kept(entropie_softmax, z.clone(), name='entropie_softmax', hint="n'imposez pas de type : calculez dans celui de z.")
    p = torch.softmax(torch.tensor([0.3, -0.2, 1.1], dtype=torch.float64), dim=0)
    attendu = torch.tensor([0.0, math.log(2), math.log(3), float(-(p * p.log()).sum())], dtype=torch.float64)
    C.expect_close(H64, attendu, name='entropie_softmax sur de grands scores (float64)', rtol=1e-09, atol=1e-09, hint='passez par log_softmax : exp(10⁴) vaut inf.')
    C.expect_close(H32, attendu, name='entropie_softmax sur de grands scores (float32)', rtol=0.001, atol=0.005, hint='passez par log_softmax : exp(10⁴) vaut inf, et 0 · ln 0 doit valoir 0 (pas nan).')
    C.expect_unchanged(entropie_softmax, z.clone(), name='entropie_softmax', hint="pas d'opération en place sur z (z -= z.max() modifie le tenseur de l'appelant) : z - z.max(...) crée un nouveau tenseur.")

