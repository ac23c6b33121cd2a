from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_discriminateur_forme(DiscriminateurC):
    import torch
    from torch import nn
    from autograder import checks as C

    def discriminateur_avec_plongement(DiscriminateurC, n, graine):
        """DiscriminateurC(n) dont le plongement `embedding_label` reçoit des valeurs connues du
    correcteur ; renvoie le modèle et ces valeurs."""
        nom = f'DiscriminateurC({n})'
        D = C.make_model(DiscriminateurC, n, name=nom)
        W = torch.randn(n, 28 * 28, generator=torch.Generator().manual_seed(graine))
        fixer = C.code('def fixer(D, W):\n    plongement = getattr(D, \'embedding_label\', None)\n    assert isinstance(plongement, nn.Embedding), "le discriminateur n\'a pas d\'attribut `embedding_label` de type nn.Embedding"\n    assert tuple(plongement.weight.shape) == tuple(W.shape), f\'embedding_label doit être nn.Embedding(n_classes, 28 * 28), de poids {tuple(W.shape)} (reçu {tuple(plongement.weight.shape)})\'\n    with torch.no_grad():\n        plongement.weight.copy_(W)')
        C.call(fixer, D, W, name=f'{nom}.embedding_label')
        return (D, W)
    g = torch.Generator().manual_seed(5)
    for args, n in (((), 10), ((3,), 3)):
        nom = f"DiscriminateurC({', '.join(map(str, args))})"
        D = C.make_model(DiscriminateurC, *args, name=nom)
        x = torch.rand(6, 1, 28, 28, generator=g) * 2 - 1
        y = torch.randint(0, n, (6,), generator=g)
        out = C.as_tensor(C.call(D, x, y, name=nom), f'{nom}(x, y)')
        C.expect_shape(out, (6,), name=f'{nom}(x, y) pour x de forme (6, 1, 28, 28)', hint='un logit par image : .squeeze(1) (ou .view(-1)) à la fin.')
    discriminateur_avec_plongement(DiscriminateurC, 10, 6)

@test_case(points=None, hidden=True)
def test_discriminateur_canal_label(DiscriminateurC):
    import torch
    from torch import nn
    from autograder import checks as C

    def entree_premiere_couche(modele, x, y, seulement_conv, nom):
        """L'entrée (args[0]) du premier module à paramètres (ou de la première nn.Conv2d) qui
    s'exécute pendant modele(x, y), en mode eval, sous no_grad ; None si aucun."""
        capturer = C.code('def capturer(modele, x, y, seulement_conv):\n    vus = []\n\n    def crochet(module, args):\n        if not vus and args and isinstance(args[0], torch.Tensor):\n            vus.append(args[0].detach().clone())\n    poignees = []\n    for m in modele.modules():\n        if seulement_conv:\n            retenu = isinstance(m, nn.Conv2d)\n        else:\n            retenu = any((True for _ in m.parameters(recurse=False)))\n        if retenu:\n            poignees.append(m.register_forward_pre_hook(crochet))\n    modele.eval()\n    try:\n        with torch.no_grad():\n            modele(x, y)\n    finally:\n        for p in poignees:\n            p.remove()\n    return vus[0] if vus else None')
        entree = C.call(capturer, modele, x, y, seulement_conv, name=nom)
        C.expect(entree is not None, f"`{nom}` : aucune couche à paramètres ne s'est exécutée" + (' (aucune nn.Conv2d).' if seulement_conv else '.'))
        return C.as_tensor(entree, f'entrée de la première couche de {nom}')

    def discriminateur_avec_plongement(DiscriminateurC, n, graine):
        """DiscriminateurC(n) dont le plongement `embedding_label` reçoit des valeurs connues du
    correcteur ; renvoie le modèle et ces valeurs."""
        nom = f'DiscriminateurC({n})'
        D = C.make_model(DiscriminateurC, n, name=nom)
        W = torch.randn(n, 28 * 28, generator=torch.Generator().manual_seed(graine))
        fixer = C.code('def fixer(D, W):\n    plongement = getattr(D, \'embedding_label\', None)\n    assert isinstance(plongement, nn.Embedding), "le discriminateur n\'a pas d\'attribut `embedding_label` de type nn.Embedding"\n    assert tuple(plongement.weight.shape) == tuple(W.shape), f\'embedding_label doit être nn.Embedding(n_classes, 28 * 28), de poids {tuple(W.shape)} (reçu {tuple(plongement.weight.shape)})\'\n    with torch.no_grad():\n        plongement.weight.copy_(W)')
        C.call(fixer, D, W, name=f'{nom}.embedding_label')
        return (D, W)
    g = torch.Generator().manual_seed(7)
    for n in (10, 4):
        nom = f'DiscriminateurC({n})'
        D, W = discriminateur_avec_plongement(DiscriminateurC, n, 8 + n)
        x = torch.rand(7, 1, 28, 28, generator=g) * 2 - 1
        y = torch.tensor([0, n - 1, 2, 1, n - 1, 3, 0])
        entree = entree_premiere_couche(D, x, y, True, nom)
        ou = f"l'entrée de la première nn.Conv2d de {nom}"
        C.expect_shape(entree, (7, 2, 28, 28), name=ou, hint="concaténez l'image et le plongement de l'étiquette sur la dimension des canaux (dim=1) : 2 canaux d'entrée.")
        C.expect_close(entree[:, 0].double(), x[:, 0].double(), name=f'{ou}, canal 0', rtol=1e-06, atol=1e-06, hint="le canal 0 est l'image x elle-même.")
        C.expect_close(entree[:, 1].double(), W[y].view(7, 28, 28).double(), name=f'{ou}, canal 1', rtol=1e-05, atol=1e-06, hint="le canal 1 est embedding_label(y) remis en forme (B, 1, 28, 28), concaténé après l'image (ni ajouté à l'image, ni placé avant).")

@test_case(points=None, hidden=True)
def test_discriminateur_depend_de_y(DiscriminateurC):
    import torch
    from torch import nn
    from autograder import checks as C

    def discriminateur_avec_plongement(DiscriminateurC, n, graine):
        """DiscriminateurC(n) dont le plongement `embedding_label` reçoit des valeurs connues du
    correcteur ; renvoie le modèle et ces valeurs."""
        nom = f'DiscriminateurC({n})'
        D = C.make_model(DiscriminateurC, n, name=nom)
        W = torch.randn(n, 28 * 28, generator=torch.Generator().manual_seed(graine))
        fixer = C.code('def fixer(D, W):\n    plongement = getattr(D, \'embedding_label\', None)\n    assert isinstance(plongement, nn.Embedding), "le discriminateur n\'a pas d\'attribut `embedding_label` de type nn.Embedding"\n    assert tuple(plongement.weight.shape) == tuple(W.shape), f\'embedding_label doit être nn.Embedding(n_classes, 28 * 28), de poids {tuple(W.shape)} (reçu {tuple(plongement.weight.shape)})\'\n    with torch.no_grad():\n        plongement.weight.copy_(W)')
        C.call(fixer, D, W, name=f'{nom}.embedding_label')
        return (D, W)
    D, _ = discriminateur_avec_plongement(DiscriminateurC, 10, 9)
    comparer = C.code('def comparer(D, x, y1, y2):\n    D.eval()\n    with torch.no_grad():\n        return D(x, y1) - D(x, y2)')
    x = torch.rand(10, 1, 28, 28, generator=torch.Generator().manual_seed(10)) * 2 - 1
    y1 = torch.arange(10)
    ecart = C.as_tensor(C.call(comparer, D, x, y1, (y1 + 5) % 10, name='DiscriminateurC()'), 'D(x, y) − D(x, y′)')
    C.expect(bool((ecart.abs() > 1e-06).any()), "Pour la même image, `DiscriminateurC()` donne le même score à deux étiquettes différentes : l'étiquette n'est pas prise en compte.", hint='le plongement de y doit entrer dans le réseau comme canal 1.')

@test_case(points=None, hidden=True)
def test_discriminateur_logits(DiscriminateurC):
    import torch
    from torch import nn
    from autograder import checks as C

    def discriminateur_avec_plongement(DiscriminateurC, n, graine):
        """DiscriminateurC(n) dont le plongement `embedding_label` reçoit des valeurs connues du
    correcteur ; renvoie le modèle et ces valeurs."""
        nom = f'DiscriminateurC({n})'
        D = C.make_model(DiscriminateurC, n, name=nom)
        W = torch.randn(n, 28 * 28, generator=torch.Generator().manual_seed(graine))
        fixer = C.code('def fixer(D, W):\n    plongement = getattr(D, \'embedding_label\', None)\n    assert isinstance(plongement, nn.Embedding), "le discriminateur n\'a pas d\'attribut `embedding_label` de type nn.Embedding"\n    assert tuple(plongement.weight.shape) == tuple(W.shape), f\'embedding_label doit être nn.Embedding(n_classes, 28 * 28), de poids {tuple(W.shape)} (reçu {tuple(plongement.weight.shape)})\'\n    with torch.no_grad():\n        plongement.weight.copy_(W)')
        C.call(fixer, D, W, name=f'{nom}.embedding_label')
        return (D, W)
    D, _ = discriminateur_avec_plongement(DiscriminateurC, 10, 11)
    scores = C.code('def scores(D, x, y):\n    D.eval()\n    with torch.no_grad():\n        return D(x, y)')
    g = torch.Generator().manual_seed(12)
    sorties = []
    for echelle in (1.0, 30.0, 300.0):
        x = echelle * torch.randn(32, 1, 28, 28, generator=g)
        y = torch.randint(0, 10, (32,), generator=g)
        sorties.append(C.as_tensor(C.call(scores, D, x, y, name='DiscriminateurC()'), 'D(x, y)').reshape(-1))
    tout = torch.cat(sorties).double()
    C.expect(bool(torch.isfinite(tout).all()), '`DiscriminateurC()` renvoie des valeurs non finies.')
    C.expect(bool(((tout < 0) | (tout > 1)).any()), 'Les sorties de `DiscriminateurC()` restent dans [0, 1] même pour des entrées de grande norme : ce sont des probabilités, pas des logits.', hint="retirez la sigmoïde finale : les pertes utilisent binary_cross_entropy_with_logits, qui l'applique elle-même.")

