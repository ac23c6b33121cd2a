from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_generateur_formes(GenerateurC):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(0)
    for args, d, n in (((), 32, 10), ((8, 3), 8, 3)):
        nom = f"GenerateurC({', '.join(map(str, args))})"
        G = C.make_model(GenerateurC, *args, name=nom)
        z = torch.randn(5, d, generator=g)
        y = torch.randint(0, n, (5,), generator=g)
        out = C.as_tensor(C.call(G, z, y, name=nom), f'{nom}(z, y)')
        C.expect_shape(out, (5, 1, 28, 28), name=f'{nom}(z, y) pour z de forme (5, {d})', hint='renvoyez des images (B, 1, 28, 28) : .view(B, 1, 28, 28).')
        C.expect(bool(torch.isfinite(out).all()) and float(out.abs().max()) <= 1.0, f'`{nom}(z, y)` doit être dans [−1, 1] (un tanh en sortie).')

@test_case(points=None, hidden=True)
def test_generateur_plage_et_tailles(GenerateurC):
    import torch
    from autograder import checks as C

    def lire_tailles(G, nom):
        """(G.dim_latente, G.n_classes), lus là où G vit (None si absents)."""
        tailles = C.code("def tailles(G):\n    return (getattr(G, 'dim_latente', None), getattr(G, 'n_classes', None))")
        return tuple(C.call(tailles, G, name=nom))
    g = torch.Generator().manual_seed(1)
    for d, n in ((32, 10), (5, 4), (16, 2)):
        nom = f'GenerateurC({d}, {n})'
        G = C.make_model(GenerateurC, d, n, name=nom)
        C.expect(lire_tailles(G, nom) == (d, n), f'`{nom}` doit garder dim_latente = {d} et n_classes = {n} dans les attributs `self.dim_latente` et `self.n_classes`.')
        for echelle in (1.0, 40.0):
            z = echelle * torch.randn(6, d, generator=g)
            y = torch.randint(0, n, (6,), generator=g)
            out = C.as_tensor(C.call(G, z, y, name=nom), f'{nom}(z, y)')
            C.expect_shape(out, (6, 1, 28, 28), name=f'{nom}(z, y) pour z de forme (6, {d})')
            C.expect(bool(torch.isfinite(out).all()) and float(out.abs().max()) <= 1.0, f"`{nom}(z, y)` sort de [−1, 1] (ou n'est pas fini) pour un z de grande norme.", hint='terminez G par un tanh.')

@test_case(points=None, hidden=True)
def test_generateur_entree_concatenee(GenerateurC):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def entree_premiere_couche(modele, x, y, seulement_conv, nom):
        """L'entrée (args[0]) du premier module à paramètres (ou de la première nn.Conv2d) qui
    s'exécute pendant modele(x, y), en mode eval, sous no_grad ; None si aucun."""
        capturer = C.code('def capturer(modele, x, y, seulement_conv):\n    vus = []\n\n    def crochet(module, args):\n        if not vus and args and isinstance(args[0], torch.Tensor):\n            vus.append(args[0].detach().clone())\n    poignees = []\n    for m in modele.modules():\n        if seulement_conv:\n            retenu = isinstance(m, nn.Conv2d)\n        else:\n            retenu = any((True for _ in m.parameters(recurse=False)))\n        if retenu:\n            poignees.append(m.register_forward_pre_hook(crochet))\n    modele.eval()\n    try:\n        with torch.no_grad():\n            modele(x, y)\n    finally:\n        for p in poignees:\n            p.remove()\n    return vus[0] if vus else None')
        entree = C.call(capturer, modele, x, y, seulement_conv, name=nom)
        C.expect(entree is not None, f"`{nom}` : aucune couche à paramètres ne s'est exécutée" + (' (aucune nn.Conv2d).' if seulement_conv else '.'))
        return C.as_tensor(entree, f'entrée de la première couche de {nom}')
    g = torch.Generator().manual_seed(2)
    for args, d, n in (((), 32, 10), ((6, 4), 6, 4), ((3, 7), 3, 7)):
        nom = f"GenerateurC({', '.join(map(str, args))})"
        G = C.make_model(GenerateurC, *args, name=nom)
        z = torch.randn(9, d, generator=g)
        y = torch.tensor([0, n - 1, 1, 2 % n, n - 1, 0, 3 % n, 1, 5 % n])
        entree = entree_premiere_couche(G, z, y, False, nom)
        ou = f"l'entrée de la première couche à paramètres de {nom}"
        C.expect(entree.dim() in (2, 4) and entree.shape[0] == 9 and (entree[0].numel() == d + n), f"{ou} n'a pas la forme (B, dim_latente + n_classes) ou (B, dim_latente + n_classes, 1, 1) : reçu {list(entree.shape)} pour B = 9, dim_latente = {d}, n_classes = {n}.", hint="la première couche reçoit torch.cat([z, F.one_hot(y, n_classes).float()], dim=1) ; pas de nn.Embedding ni d'étiquette sous forme d'un seul nombre.")
        plat = entree.reshape(9, d + n).double()
        C.expect_close(plat[:, :d], z.double(), name=f'{ou}, composantes 0 à dim_latente − 1', rtol=1e-05, atol=1e-06, hint="z d'abord, puis le one-hot : torch.cat([z, onehot], dim=1).")
        C.expect_close(plat[:, d:], F.one_hot(y, n).double(), name=f'{ou}, les n_classes dernières composantes', rtol=0.0, atol=1e-06, hint="les n_classes dernières composantes sont F.one_hot(y, n_classes) (1 à l'indice y, 0 ailleurs), placées après z.")

@test_case(points=None, hidden=True)
def test_generateur_depend_de_y(GenerateurC):
    import torch
    from autograder import checks as C
    G = C.make_model(GenerateurC, name='GenerateurC()')
    comparer = C.code('def comparer(G, z, y1, y2):\n    G.eval()\n    with torch.no_grad():\n        return G(z, y1) - G(z, y2)')
    z = torch.randn(10, 32, generator=torch.Generator().manual_seed(3))
    y1 = torch.arange(10)
    ecart = C.as_tensor(C.call(comparer, G, z, y1, (y1 + 3) % 10, name='GenerateurC()'), 'G(z, y) − G(z, y′)')
    C.expect(bool((ecart.abs() > 1e-06).any()), "Avec le même z, `GenerateurC()` produit la même image pour deux étiquettes différentes : l'étiquette n'est pas prise en compte.", hint="concaténez F.one_hot(y, n_classes) à z à l'entrée du réseau.")

@test_case(points=None, hidden=True)
def test_generateur_sans_melange(GenerateurC):
    import torch
    from autograder import checks as C
    G = C.make_model(GenerateurC, name='GenerateurC()')
    par_morceaux = C.code('def par_morceaux(G, z, y):\n    G.eval()\n    with torch.no_grad():\n        tout = G(z, y)\n        morceaux = torch.cat([G(z[:5], y[:5]), G(z[5:], y[5:])])\n    return (tout, morceaux)')
    g = torch.Generator().manual_seed(4)
    z = torch.randn(12, 32, generator=g)
    y = torch.randint(0, 10, (12,), generator=g)
    tout, morceaux = C.call(par_morceaux, G, z, y, name='GenerateurC()')
    tout = C.as_tensor(tout, 'G(z, y)')
    C.expect(bool((tout[1:] - tout[:1]).abs().amax() > 1e-06), '`GenerateurC()` produit la même image pour des z différents.', hint='z doit entrer dans le réseau, concaténé au one-hot de y.')
    C.expect_close(tout, C.as_tensor(morceaux, 'G(z, y) par morceaux'), name='GenerateurC() en mode eval : un lot entier contre deux sous-lots', rtol=0.0001, atol=1e-05, hint="en mode eval, l'image i ne dépend que de (z_i, y_i) : pas de statistique calculée sur le lot.")

