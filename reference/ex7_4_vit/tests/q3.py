from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_entrainer_fait_baisser_la_perte(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def tache(n, graine):
        """n images 3 × 4 × 4 (float64) de 3 classes séparables, étiquettes int64."""
        g = torch.Generator().manual_seed(graine)
        etiquettes = torch.arange(n) % 3
        centres = torch.randn(3, 3, 4, 4, generator=g, dtype=torch.float64)
        return (centres[etiquettes] + 0.8 * torch.randn(n, 3, 4, 4, generator=g, dtype=torch.float64), etiquettes)

    def petit_reseau():
        """Une fabrique (sonde) du petit réseau float64 du correcteur, sans toucher au générateur
    global."""
        fabrique = C.code('def fabrique():\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(3)\n        modele = nn.Sequential(nn.Flatten(), nn.Linear(48, 8), nn.Tanh(), nn.Linear(8, 3))\n    return modele.double()')
        return fabrique
    fabrique = petit_reseau()
    images, etiquettes = tache(24, 1)
    modele = C.build_where(entrainer, fabrique)
    avant = F.cross_entropy(fabrique()(images), etiquettes).item()
    lancer = C.code('def lancer(modele, images, etiquettes):\n    return entrainer(modele, images, etiquettes, 6, 8, 0.05, torch.Generator().manual_seed(0))', entrainer=entrainer)
    pertes = C.call(lancer, modele, images, etiquettes, name='entrainer')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 6, '`entrainer(..., epoques=6, ...)` doit renvoyer une liste de 6 pertes (une par époque).')
    apres = F.cross_entropy(C.as_tensor(C.forward(modele, images, name='modèle entraîné'), 'modèle entraîné'), etiquettes).item()
    C.expect(apres < 0.5 * avant, f"Après `entrainer`, la perte du modèle sur ses données est passée de {avant:.3f} à {apres:.3f} : il n'a pas (assez) appris.", hint='entraînez le modèle reçu sur place : Adam sur modele.parameters(), zero_grad, backward, step pour chaque lot.')

@test_case(points=None, hidden=True)
def test_entrainer_contre_reference(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def tache(n, graine):
        """n images 3 × 4 × 4 (float64) de 3 classes séparables, étiquettes int64."""
        g = torch.Generator().manual_seed(graine)
        etiquettes = torch.arange(n) % 3
        centres = torch.randn(3, 3, 4, 4, generator=g, dtype=torch.float64)
        return (centres[etiquettes] + 0.8 * torch.randn(n, 3, 4, 4, generator=g, dtype=torch.float64), etiquettes)

    def petit_reseau():
        """Une fabrique (sonde) du petit réseau float64 du correcteur, sans toucher au générateur
    global."""
        fabrique = C.code('def fabrique():\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(3)\n        modele = nn.Sequential(nn.Flatten(), nn.Linear(48, 8), nn.Tanh(), nn.Linear(8, 3))\n    return modele.double()')
        return fabrique
    lancer = C.code('def lancer(modele, images, etiquettes, graine):\n    pertes = entrainer(modele, images, etiquettes, 3, 6, 0.02, torch.Generator().manual_seed(graine))\n    types = sorted({type(p).__name__ for p in pertes if not isinstance(p, float)}) if isinstance(pertes, list) else [type(pertes).__name__]\n    return (pertes, types)', entrainer=entrainer)
    fabrique = petit_reseau()
    images, etiquettes = tache(20, 2)
    oracle = fabrique()
    opt = torch.optim.Adam(oracle.parameters(), lr=0.02)
    gen = torch.Generator().manual_seed(4)
    attendues = []
    for _ in range(3):
        lots = torch.randperm(20, generator=gen).split(6)
        total = 0.0
        for lot in lots:
            perte = F.cross_entropy(oracle(images[lot]), etiquettes[lot])
            opt.zero_grad()
            perte.backward()
            opt.step()
            total += perte.item()
        attendues.append(total / len(lots))
    modele = C.build_where(entrainer, fabrique)
    pertes, types = C.call(lancer, modele, images, etiquettes, 4, name='entrainer')
    C.expect(not types, f"`entrainer` doit renvoyer une liste de flottants Python, reçu {', '.join(types)}.", hint='convertissez chaque perte avec float(...) ou .item().')
    C.expect(len(pertes) == 3, '`entrainer(..., epoques=3, ...)` doit renvoyer 3 pertes.')
    C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), rtol=1e-06, atol=1e-09, name='pertes par époque renvoyées par entrainer', hint="perte moyenne d'une époque = moyenne simple des pertes de ses lots ; ordre torch.randperm(n, generator=generateur) à chaque époque, lots consécutifs de taille_lot, le dernier plus petit.")
    etat = C.call(modele.state_dict, name='modele.state_dict')
    for cle, valeur in oracle.state_dict().items():
        C.expect_close(C.as_tensor(etat[cle], cle), valeur, rtol=1e-06, atol=1e-09, name=f'poids `{cle}` du modèle après entrainer', hint='Adam(modele.parameters(), lr=lr), zero_grad avant chaque backward, un pas par lot (le dernier lot, plus petit, compris).')

@test_case(points=None, hidden=True)
def test_entrainer_generateur(entrainer):
    import torch
    from torch import nn
    from autograder import checks as C

    def tache(n, graine):
        """n images 3 × 4 × 4 (float64) de 3 classes séparables, étiquettes int64."""
        g = torch.Generator().manual_seed(graine)
        etiquettes = torch.arange(n) % 3
        centres = torch.randn(3, 3, 4, 4, generator=g, dtype=torch.float64)
        return (centres[etiquettes] + 0.8 * torch.randn(n, 3, 4, 4, generator=g, dtype=torch.float64), etiquettes)

    def petit_reseau():
        """Une fabrique (sonde) du petit réseau float64 du correcteur, sans toucher au générateur
    global."""
        fabrique = C.code('def fabrique():\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(3)\n        modele = nn.Sequential(nn.Flatten(), nn.Linear(48, 8), nn.Tanh(), nn.Linear(8, 3))\n    return modele.double()')
        return fabrique
    fabrique = petit_reseau()
    lancer = C.code('def lancer(images, etiquettes, generateur):\n    return entrainer(fabrique(), images, etiquettes, epoques=2, taille_lot=4, lr=0.05, generateur=generateur)', entrainer=entrainer, fabrique=fabrique)
    images, etiquettes = tache(12, 3)
    C.expect_generator_obeyed(lancer, images, etiquettes, name='entrainer', keyword='generateur', hint="tirez l'ordre des exemples par torch.randperm(n, generator=generateur), jamais par le générateur global.")

@test_case(points=None, hidden=False)
def test_vit_surapprend_un_lot(ViT):
    from autograder import checks as C
    import dataclasses
    b = dataclasses.replace(C.budget('7.4', 'vit'), epochs=40, train_size=32, batch_size=32)
    C.seed_everything()
    model = C.make_model(ViT, name='ViT()')
    losses = C.train_classifier(model, b, name='ViT()')
    C.expect(losses[-1] < 0.5 * losses[0], f'`ViT` ne sur-apprend pas un lot de 32 images : perte {losses[0]:.3f} → {losses[-1]:.3f} en 40 pas.', hint='vérifiez que la sortie est faite de logits (pas de softmax à la fin) et que le gradient atteint tous les paramètres.')

@test_case(points=None, hidden=True)
def test_vit_precision(ViT):
    from autograder import checks as C
    b = C.budget('7.4', 'vit')
    C.seed_everything()
    model = C.make_model(ViT, name='ViT()')
    C.train_classifier(model, b, name='ViT()')
    acc = C.accuracy(model, b.dataset, name='ViT()')
    C.expect_accuracy(acc, b, name='ViT()', hint="vérifiez le découpage en patchs, le [CLS] lu à l'indice 0, les positions et la LayerNorm finale.")

