from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_gradcam_forme_et_plage(grad_cam):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(0)\n    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 5))')
    modele = C.build_where(grad_cam, fabrique)
    x = torch.rand(2, 3, 16, 16)
    cartes = C.as_tensor(C.call(grad_cam, modele, x, torch.tensor([1, 3]), '3', name='grad_cam'), name="grad_cam(modele, x, classes, '3')")
    C.expect_shape(cartes, (2, 8, 8), name="grad_cam(modele, x, classes, '3')", hint='une carte (h, w) par image, à la résolution de la couche cible.')
    C.expect_in_range(float(cartes.min()), 0.0, 1.0, name='minimum des cartes Grad-CAM', hint='ReLU puis division par le maximum de chaque carte.')
    C.expect_in_range(float(cartes.max()), 0.0, 1.0, name='maximum des cartes Grad-CAM', hint='divisez chaque carte par son maximum.')
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() if len(c._forward_hooks)]")
    restants = crochets(modele)
    C.expect(not restants, f"Des forward hooks restent enregistrés après `grad_cam` sur : {', '.join(restants)}.", hint='appelez `poignee.remove()`.')

@test_case(points=None, hidden=True)
def test_gradcam_contre_reference(grad_cam):
    import torch
    from torch import nn
    from autograder import checks as C
    from autograder.checks import oracles
    fabrique = C.code("def fabrique():\n    torch.manual_seed(41)\n    features = nn.Sequential(nn.Conv2d(3, 5, 3, padding=1), nn.BatchNorm2d(5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(5, 7, (3, 2), padding=1), nn.ReLU())\n    classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(7, 6), nn.Tanh(), nn.Linear(6, 4))\n    modele = nn.Sequential()\n    modele.add_module('features', features)\n    modele.add_module('classifier', classifier)\n    with torch.no_grad():\n        features[1].running_mean.uniform_(-0.5, 0.5)\n        features[1].running_var.uniform_(0.5, 2.0)\n        features[1].bias.uniform_(-0.5, 0.5)\n    return modele.double().train()")
    temoin = fabrique()
    temoin = nn.Sequential(*temoin.features, *temoin.classifier).eval()
    modele = C.build_where(grad_cam, fabrique)
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() if len(c._forward_hooks)]")
    x = torch.rand(3, 3, 14, 10, generator=torch.Generator().manual_seed(42), dtype=torch.float64)
    classes = torch.tensor([2, 0, 2])
    for k, nom in [(4, 'features.4'), (5, 'features.5'), (1, 'features.1')]:
        modele.train()
        label = f"grad_cam(modele, x, classes, '{nom}')"
        cartes = C.as_tensor(C.call(grad_cam, modele, x.clone(), classes.clone(), nom, name='grad_cam'), name=label)
        attendu = oracles.grad_cam(temoin[:k + 1], temoin[k + 1:], x, classes)
        C.expect_shape(cartes, tuple(attendu.shape), name=label)
        C.expect(float(cartes.min()) >= 0.0, f'`{label}` contient des valeurs négatives.', hint='appliquez la ReLU à Σ_k α_k A_k : Grad-CAM ne garde que les régions qui augmentent le score.')
        C.expect_close(cartes.double(), attendu, rtol=1e-06, atol=1e-08, name=label, hint='mode eval ; gradient du logit de la classe de chaque image (avant softmax) par rapport à la sortie A de la couche ; α = moyenne du gradient sur les positions (h, w) pour chaque canal, pas sur les canaux ; ReLU puis division de chaque carte par son maximum.')
        restants = crochets(modele)
        C.expect(not restants, f"Des forward hooks restent enregistrés après `grad_cam` sur : {', '.join(restants)}.", hint='appelez `poignee.remove()`.')

@test_case(points=None, hidden=True)
def test_gradcam_cas_cam(grad_cam):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(43)\n    modele = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(6, 3)).double()\n    with torch.no_grad():\n        modele[4].weight[0] = -modele[4].weight[0].abs() - 0.1\n        modele[4].weight[1] = torch.tensor([1.0, -2.0, 0.5, 3.0, -1.0, 0.2])\n    return modele')
    temoin = fabrique()
    modele = C.build_where(grad_cam, fabrique)
    x = torch.rand(2, 3, 6, 9, generator=torch.Generator().manual_seed(44), dtype=torch.float64)
    with torch.no_grad():
        A = temoin[1](temoin[0](x))
    W = temoin[4].weight.detach()
    cartes = C.as_tensor(C.call(grad_cam, modele, x.clone(), torch.tensor([0, 0]), '1', name='grad_cam'), name="grad_cam(modele, x, [0, 0], '1')")
    C.expect_shape(cartes, (2, 6, 9), name="grad_cam(modele, x, [0, 0], '1')")
    C.expect(bool(torch.isfinite(cartes).all()), '`grad_cam` renvoie des nan ou inf quand la carte est nulle partout (ici tous les α_k sont négatifs et A ≥ 0).', hint='une carte de maximum nul doit rester nulle : divisez par max.clamp_min(petit ε) ou traitez ce cas à part.')
    C.expect_close(cartes.double(), torch.zeros(2, 6, 9, dtype=torch.float64), name="grad_cam(modele, x, [0, 0], '1') (tous les α_k < 0, A ≥ 0)", hint='la ReLU annule la carte : le résultat doit être nul partout.')
    cam = torch.relu(torch.einsum('k,bkij->bij', W[1], A))
    attendu = cam / cam.flatten(1).max(dim=1).values[:, None, None]
    cartes = C.as_tensor(C.call(grad_cam, modele, x.clone(), torch.tensor([1, 1]), '1', name='grad_cam'), name="grad_cam(modele, x, [1, 1], '1')")
    C.expect_close(cartes.double(), attendu, rtol=1e-06, atol=1e-08, name="grad_cam(modele, x, [1, 1], '1') (tête = moyenne globale + Linear)", hint="avec une moyenne globale suivie d'une couche linéaire, α_k est proportionnel au poids W[c, k] : vérifiez la moyenne des gradients sur les positions et la normalisation par le maximum de chaque carte.")

@test_case(points=None, hidden=True)
def test_gradcam_detache(grad_cam):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(45)\n    return nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 5, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(5, 3))')
    sonde = C.code("def sonde(modele, x, classes):\n    sortie = grad_cam(modele, x, classes, '3')\n    return (sortie, isinstance(sortie, torch.Tensor) and sortie.requires_grad)", grad_cam=grad_cam)
    x = torch.rand(2, 3, 8, 8, generator=torch.Generator().manual_seed(46))
    cartes, attache = C.call(sonde, C.build_where(grad_cam, fabrique), x, torch.tensor([0, 2]), name='grad_cam')
    C.expect_shape(C.as_tensor(cartes, name="grad_cam(modele, x, classes, '3')"), (2, 4, 4), name="grad_cam(modele, x, classes, '3')")
    C.expect(not attache, "`grad_cam` renvoie un tenseur attaché au graphe d'autograd (requires_grad=True) au lieu d'un tenseur détaché.", hint="renvoyez `cartes.detach()` : A n'est pas détachée pendant le calcul, la carte finale doit l'être.")

