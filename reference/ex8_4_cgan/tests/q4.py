from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 5

@test_case(points=None, hidden=False)
def test_echantillons_exemple(echantillons_par_classe):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def petits_modeles(ancre, d, n, graine):
        """Un petit G et un petit D du correcteur (linéaires), construits là où `ancre` vit, et
    les mêmes construits ici (l'oracle). Le petit D note, à chaque appel, si son entrée
    requiert un gradient (`appels`)."""
        fabrique = C.code("def fabrique(quoi, d, n, graine):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.dim_latente, self.n_classes = (d, n)\n            self.lineaire = nn.Linear(d + n, 28 * 28)\n\n        def forward(self, z, y):\n            h = torch.cat([z, F.one_hot(y, self.n_classes).to(z.dtype)], dim=1)\n            return torch.tanh(self.lineaire(h)).view(len(z), 1, 28, 28)\n\n    class PetitD(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.lineaire = nn.Linear(28 * 28, 1)\n            self.biais_classe = nn.Embedding(n, 1)\n            self.appels = []\n\n        def forward(self, x, y):\n            self.appels.append(bool(x.requires_grad))\n            return self.lineaire(x.flatten(1)).squeeze(1) + self.biais_classe(y).squeeze(1)\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(graine)\n        G, D = (PetitG(), PetitD())\n        with torch.no_grad():\n            D.biais_classe.weight.normal_(0.0, 0.5)\n    return G if quoi == 'G' else D")
        ici = (fabrique('G', d, n, graine), fabrique('D', d, n, graine))
        la = (C.build_where(ancre, fabrique, 'G', d, n, graine), C.build_where(ancre, fabrique, 'D', d, n, graine))
        return (la, ici)

    def echantillons_petit_g(echantillons_par_classe, n_par_classe, graine):
        """echantillons_par_classe sur le petit G du correcteur (4 classes), et l'oracle."""
        (G, _), (G_ici, _) = petits_modeles(echantillons_par_classe, 3, 4, graine)
        lancer = C.code('def lancer(echantillons_par_classe, G, n_par_classe, graine):\n    G.train()\n    images, classes = echantillons_par_classe(G, n_par_classe, torch.Generator().manual_seed(graine))\n    return (images, classes, bool(G.training))')
        images, classes, en_train = C.call(lancer, echantillons_par_classe, G, n_par_classe, graine + 1, name='echantillons_par_classe')
        attendues = torch.arange(4).repeat_interleave(n_par_classe)
        z = torch.randn(len(attendues), 3, generator=torch.Generator().manual_seed(graine + 1))
        with torch.no_grad():
            oracle = G_ici(z, attendues)
        return ((C.as_tensor(images, 'images'), C.as_tensor(classes, 'classes'), en_train), (oracle, attendues))
    (images, classes, en_train), (oracle, attendues) = echantillons_petit_g(echantillons_par_classe, 3, 50)
    C.expect_equal(classes.tolist(), attendues.tolist(), name='classes (4 classes, n_par_classe = 3)', reveal=True, hint='torch.arange(G.n_classes).repeat_interleave(n_par_classe).')
    C.expect_shape(images, (12, 1, 28, 28), name='images (4 classes, n_par_classe = 3)')
    C.expect(not en_train, '`echantillons_par_classe` doit mettre G en mode eval.')
    C.expect_close(images, oracle, name='images générées par un G du correcteur', rtol=0.0001, atol=1e-05, hint='z = torch.randn(len(classes), G.dim_latente, generator=generateur), tiré une seule fois, puis G(z, classes).')

@test_case(points=None, hidden=True)
def test_echantillons_generateur(echantillons_par_classe):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def petits_modeles(ancre, d, n, graine):
        """Un petit G et un petit D du correcteur (linéaires), construits là où `ancre` vit, et
    les mêmes construits ici (l'oracle). Le petit D note, à chaque appel, si son entrée
    requiert un gradient (`appels`)."""
        fabrique = C.code("def fabrique(quoi, d, n, graine):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.dim_latente, self.n_classes = (d, n)\n            self.lineaire = nn.Linear(d + n, 28 * 28)\n\n        def forward(self, z, y):\n            h = torch.cat([z, F.one_hot(y, self.n_classes).to(z.dtype)], dim=1)\n            return torch.tanh(self.lineaire(h)).view(len(z), 1, 28, 28)\n\n    class PetitD(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.lineaire = nn.Linear(28 * 28, 1)\n            self.biais_classe = nn.Embedding(n, 1)\n            self.appels = []\n\n        def forward(self, x, y):\n            self.appels.append(bool(x.requires_grad))\n            return self.lineaire(x.flatten(1)).squeeze(1) + self.biais_classe(y).squeeze(1)\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(graine)\n        G, D = (PetitG(), PetitD())\n        with torch.no_grad():\n            D.biais_classe.weight.normal_(0.0, 0.5)\n    return G if quoi == 'G' else D")
        ici = (fabrique('G', d, n, graine), fabrique('D', d, n, graine))
        la = (C.build_where(ancre, fabrique, 'G', d, n, graine), C.build_where(ancre, fabrique, 'D', d, n, graine))
        return (la, ici)

    def echantillons_petit_g(echantillons_par_classe, n_par_classe, graine):
        """echantillons_par_classe sur le petit G du correcteur (4 classes), et l'oracle."""
        (G, _), (G_ici, _) = petits_modeles(echantillons_par_classe, 3, 4, graine)
        lancer = C.code('def lancer(echantillons_par_classe, G, n_par_classe, graine):\n    G.train()\n    images, classes = echantillons_par_classe(G, n_par_classe, torch.Generator().manual_seed(graine))\n    return (images, classes, bool(G.training))')
        images, classes, en_train = C.call(lancer, echantillons_par_classe, G, n_par_classe, graine + 1, name='echantillons_par_classe')
        attendues = torch.arange(4).repeat_interleave(n_par_classe)
        z = torch.randn(len(attendues), 3, generator=torch.Generator().manual_seed(graine + 1))
        with torch.no_grad():
            oracle = G_ici(z, attendues)
        return ((C.as_tensor(images, 'images'), C.as_tensor(classes, 'classes'), en_train), (oracle, attendues))
    (G, _), _ = petits_modeles(echantillons_par_classe, 3, 4, 51)
    (images, _, _), (oracle, _) = echantillons_petit_g(echantillons_par_classe, 5, 52)
    C.expect_close(images, oracle, name='images générées par un G du correcteur (5 par classe)', rtol=0.0001, atol=1e-05)
    appeler = C.code('def appeler(echantillons_par_classe, G, n_par_classe, generateur):\n    return echantillons_par_classe(G, n_par_classe, generateur)')
    C.expect_generator_obeyed(appeler, echantillons_par_classe, G, 2, name='echantillons_par_classe', keyword='generateur', hint="z se tire avec generator=generateur, et rien d'autre.")

@test_case(points=3, hidden=True)
def test_coherence_des_classes(GenerateurC, DiscriminateurC, entrainer_cgan):
    import torch
    from autograder import checks as C
    from autograder import data

    def classifieur_correcteur():
        """Le classifieur du correcteur : la moyenne de chaque classe des images réelles
    d'entraînement (dans [−1, 1]) ; une image va à la classe de la moyenne la plus proche."""
        x, y = data.tensors('fashion-mnist', 'train')
        x = (x * 2 - 1).reshape(len(x), -1).double()
        return torch.stack([x[y == c].mean(0) for c in range(10)])
    b = C.budget('8.4', 'cgan')
    par_classe = 40
    entrainer_et_generer = C.code("def entrainer_et_generer(GenerateurC, DiscriminateurC, entrainer_cgan, n, epoques, taille_lot, lr, graine, par_classe):\n    x, y = data.tensors('fashion-mnist', 'train')\n    x, y = (x[:n] * 2 - 1, y[:n])\n    C.seed_everything(graine)\n    G, D = (GenerateurC(), DiscriminateurC())\n    entrainer_cgan(G, D, x, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))\n    classes = torch.arange(10).repeat_interleave(par_classe)\n    z = torch.randn(len(classes), G.dim_latente, generator=torch.Generator().manual_seed(graine + 1))\n    G.eval()\n    with torch.no_grad():\n        return G(z, classes).detach().float().cpu()")
    images = C.as_tensor(C.call(entrainer_et_generer, GenerateurC, DiscriminateurC, entrainer_cgan, b.train_size, b.epochs, b.batch_size, b.lr, C.seed(), par_classe, name='entrainer_cgan'), 'images générées')
    C.expect_shape(images, (10 * par_classe, 1, 28, 28), name='images générées après entraînement (40 par classe)')
    C.expect(bool(torch.isfinite(images).all()), 'Après entraînement, le générateur produit des valeurs non finies.')
    moyennes = classifieur_correcteur()
    distances = torch.cdist(images.reshape(len(images), -1).double(), moyennes)
    classes = torch.arange(10).repeat_interleave(par_classe)
    score = float((distances.argmin(dim=1) == classes).double().mean())
    C.expect_accuracy(score, b, name='fraction des images générées classées dans la classe demandée', hint='G doit recevoir le one-hot de y, D le plongement de y comme canal supplémentaire ; les faux du pas de D sont détachés et leurs étiquettes tirées au hasard dans toutes les classes.')

