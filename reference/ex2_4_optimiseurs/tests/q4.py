from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_adamw_apprend(recherche_grille, creer_optimiseur):
    import torch
    from autograder import checks as C
    from autograder import data
    C.require(recherche_grille, 'recherche_grille')
    C.require(creer_optimiseur, 'creer_optimiseur')
    grille = C.code('def grille(*args):\n    C.seed_everything(0)\n    modeles = []\n\n    def fabrique_modele():\n        modele = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))\n        modeles.append(modele)\n        return modele\n    return (recherche_grille(fabrique_modele, creer_optimiseur, *args), modeles)', creer_optimiseur=creer_optimiseur, recherche_grille=recherche_grille)
    x, y = data.tensors('fashion-mnist', 'train')
    table, modeles = C.call(grille, ['adamw'], [0.001], x[:1000], y[:1000], x[-200:], y[-200:], 1, 32, name='recherche_grille')
    C.expect(isinstance(table, list) and len(table) == 1 and (len(modeles) == 1), '`recherche_grille` doit créer un modèle et renvoyer une entrée pour une grille à une seule configuration.')
    acc = C.accuracy(modeles[0], 'fashion-mnist', name='MLP entraîné par recherche_grille', split='test')
    C.expect(acc >= 0.3, f"Après une époque sur 1 000 images, le petit MLP entraîné par `recherche_grille` (AdamW, lr = 0,001) n'atteint que {100 * acc:.1f} % de précision sur l'ensemble de test (attendu au moins 30 %).", hint="vérifiez que l'optimiseur met bien à jour les paramètres du modèle créé.")

@test_case(points=None, hidden=True)
def test_precision_meilleure_configuration(recherche_grille, creer_optimiseur):
    import torch
    from autograder import checks as C
    from autograder import data
    b = C.budget('2.4', 'adamw')
    C.require(recherche_grille, 'recherche_grille')
    C.require(creer_optimiseur, 'creer_optimiseur')
    graine, device = (C.seed(), b.device)
    grille = C.code('def grille(*args):\n    C.seed_everything(graine)\n    modeles = []\n\n    def fabrique_modele():\n        modele = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).to(device)\n        modeles.append(modele)\n        return modele\n    return (recherche_grille(fabrique_modele, creer_optimiseur, *args), modeles)', creer_optimiseur=creer_optimiseur, device=device, graine=graine, recherche_grille=recherche_grille)
    x, y = (t[:b.train_size].to(device) for t in data.tensors(b.dataset, 'train'))
    xv, yv = (t[:500].to(device) for t in data.tensors(b.dataset, 'test'))
    table, modeles = C.call(grille, ['adamw'], [b.lr], x, y, xv, yv, b.epochs, b.batch_size, name='recherche_grille')
    C.expect(isinstance(table, list) and len(table) == 1 and (len(modeles) == 1), '`recherche_grille` doit créer un modèle et renvoyer une entrée pour une grille à une seule configuration.')
    acc = C.accuracy(modeles[0], b.dataset, name='MLP (784, 512, 256, 10) avec AdamW')
    C.expect_accuracy(acc, b, name='MLP (784, 512, 256, 10) avec AdamW', hint='zero_grad() à chaque lot, perte sur les logits, AdamW au taux lr.')

