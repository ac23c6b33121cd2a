from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_pertes_exemple(perte_discriminateur, perte_generateur):
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

    def pertes_oracle(D, reels, faux, y_reels, y_faux):
        """L_D et L_G de l'énoncé, en float64, par softplus : BCE(l, 1) = softplus(−l),
    BCE(l, 0) = softplus(l)."""
        l_r, l_f = (D(reels, y_reels).double(), D(faux, y_faux).double())
        return (F.softplus(-l_r).mean() + F.softplus(l_f).mean(), F.softplus(-l_f).mean())

    def donnees_jouet(n, N, graine):
        g = torch.Generator().manual_seed(graine)
        images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
        etiquettes = torch.randint(0, n, (N,), generator=g)
        return (images, etiquettes)

    def comparer_pertes(perte_discriminateur, perte_generateur, graine, echelle, reveal):
        """Les deux pertes (valeurs, forme 0-d, gradients) sur le petit D du correcteur, contre
    l'oracle calculé ici avec le même D."""
        (_, D), (_, D_ici) = petits_modeles(perte_discriminateur, 4, 3, graine)
        reels, y_reels = donnees_jouet(3, 6, graine + 1)
        faux, y_faux = donnees_jouet(3, 5, graine + 2)
        reels, faux = (echelle * reels, echelle * faux)
        evaluer = C.code('def evaluer(perte_discriminateur, perte_generateur, D, reels, faux, y_reels, y_faux):\n    D.zero_grad()\n    l_d = perte_discriminateur(D, reels, faux, y_reels, y_faux)\n    l_d.backward()\n    grad_d = D.lineaire.weight.grad.detach().clone()\n    D.zero_grad()\n    f = faux.clone().requires_grad_(True)\n    l_g = perte_generateur(D, f, y_faux)\n    grad_f, = torch.autograd.grad(l_g, f)\n    return (tuple(l_d.shape), float(l_d), grad_d, tuple(l_g.shape), float(l_g), grad_f.detach().clone())')
        forme_d, l_d, grad_d, forme_g, l_g, grad_f = C.call(evaluer, perte_discriminateur, perte_generateur, D, reels, faux, y_reels, y_faux, name='perte_discriminateur / perte_generateur')
        C.expect(tuple(forme_d) == () and tuple(forme_g) == (), f'`perte_discriminateur` et `perte_generateur` doivent renvoyer des tenseurs 0-d (reçu des formes {list(forme_d)} et {list(forme_g)}).', hint="moyenne sur le lot (reduction='mean', le défaut).")
        attendu_d, _ = pertes_oracle(D_ici, reels, faux, y_reels, y_faux)
        D_ici.zero_grad()
        attendu_d.backward()
        attendu_grad_d = D_ici.lineaire.weight.grad.detach().clone()
        f = faux.clone().requires_grad_(True)
        _, attendu_g = pertes_oracle(D_ici, reels, f, y_reels, y_faux)
        attendu_grad_f, = torch.autograd.grad(attendu_g, f)
        quoi = '' if echelle == 1 else ' pour des logits de grande valeur absolue'
        C.expect_scalar_close(l_d, attendu_d.item(), name=f'perte_discriminateur(...){quoi}', rtol=0.0001, atol=1e-05, reveal=reveal, hint='BCE avec logits : cible 1 pour les réels, 0 pour les faux ; somme des deux moyennes ; pas de sigmoïde puis log (instable).')
        C.expect_close(grad_d.double(), attendu_grad_d.double(), name=f'gradient de perte_discriminateur par rapport aux poids de D{quoi}', rtol=0.001, atol=1e-06, hint='la perte doit rester un tenseur du graphe (pas de .item()).')
        C.expect_scalar_close(l_g, attendu_g.item(), name=f'perte_generateur(...){quoi}', rtol=0.0001, atol=1e-05, reveal=reveal, hint='perte non saturante : BCE(D(faux, y_faux), 1), soit −log σ(logit) en moyenne, et non log(1 − σ(logit)).')
        C.expect_close(grad_f.double(), attendu_grad_f.double(), name=f'gradient de perte_generateur par rapport aux faux{quoi}', rtol=0.001, atol=1e-07, hint='ne détachez pas les faux dans perte_generateur : G apprend par ce gradient.')
    comparer_pertes(perte_discriminateur, perte_generateur, 20, 1.0, True)

@test_case(points=None, hidden=True)
def test_pertes_contre_oracle(perte_discriminateur, perte_generateur):
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

    def pertes_oracle(D, reels, faux, y_reels, y_faux):
        """L_D et L_G de l'énoncé, en float64, par softplus : BCE(l, 1) = softplus(−l),
    BCE(l, 0) = softplus(l)."""
        l_r, l_f = (D(reels, y_reels).double(), D(faux, y_faux).double())
        return (F.softplus(-l_r).mean() + F.softplus(l_f).mean(), F.softplus(-l_f).mean())

    def donnees_jouet(n, N, graine):
        g = torch.Generator().manual_seed(graine)
        images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
        etiquettes = torch.randint(0, n, (N,), generator=g)
        return (images, etiquettes)

    def comparer_pertes(perte_discriminateur, perte_generateur, graine, echelle, reveal):
        """Les deux pertes (valeurs, forme 0-d, gradients) sur le petit D du correcteur, contre
    l'oracle calculé ici avec le même D."""
        (_, D), (_, D_ici) = petits_modeles(perte_discriminateur, 4, 3, graine)
        reels, y_reels = donnees_jouet(3, 6, graine + 1)
        faux, y_faux = donnees_jouet(3, 5, graine + 2)
        reels, faux = (echelle * reels, echelle * faux)
        evaluer = C.code('def evaluer(perte_discriminateur, perte_generateur, D, reels, faux, y_reels, y_faux):\n    D.zero_grad()\n    l_d = perte_discriminateur(D, reels, faux, y_reels, y_faux)\n    l_d.backward()\n    grad_d = D.lineaire.weight.grad.detach().clone()\n    D.zero_grad()\n    f = faux.clone().requires_grad_(True)\n    l_g = perte_generateur(D, f, y_faux)\n    grad_f, = torch.autograd.grad(l_g, f)\n    return (tuple(l_d.shape), float(l_d), grad_d, tuple(l_g.shape), float(l_g), grad_f.detach().clone())')
        forme_d, l_d, grad_d, forme_g, l_g, grad_f = C.call(evaluer, perte_discriminateur, perte_generateur, D, reels, faux, y_reels, y_faux, name='perte_discriminateur / perte_generateur')
        C.expect(tuple(forme_d) == () and tuple(forme_g) == (), f'`perte_discriminateur` et `perte_generateur` doivent renvoyer des tenseurs 0-d (reçu des formes {list(forme_d)} et {list(forme_g)}).', hint="moyenne sur le lot (reduction='mean', le défaut).")
        attendu_d, _ = pertes_oracle(D_ici, reels, faux, y_reels, y_faux)
        D_ici.zero_grad()
        attendu_d.backward()
        attendu_grad_d = D_ici.lineaire.weight.grad.detach().clone()
        f = faux.clone().requires_grad_(True)
        _, attendu_g = pertes_oracle(D_ici, reels, f, y_reels, y_faux)
        attendu_grad_f, = torch.autograd.grad(attendu_g, f)
        quoi = '' if echelle == 1 else ' pour des logits de grande valeur absolue'
        C.expect_scalar_close(l_d, attendu_d.item(), name=f'perte_discriminateur(...){quoi}', rtol=0.0001, atol=1e-05, reveal=reveal, hint='BCE avec logits : cible 1 pour les réels, 0 pour les faux ; somme des deux moyennes ; pas de sigmoïde puis log (instable).')
        C.expect_close(grad_d.double(), attendu_grad_d.double(), name=f'gradient de perte_discriminateur par rapport aux poids de D{quoi}', rtol=0.001, atol=1e-06, hint='la perte doit rester un tenseur du graphe (pas de .item()).')
        C.expect_scalar_close(l_g, attendu_g.item(), name=f'perte_generateur(...){quoi}', rtol=0.0001, atol=1e-05, reveal=reveal, hint='perte non saturante : BCE(D(faux, y_faux), 1), soit −log σ(logit) en moyenne, et non log(1 − σ(logit)).')
        C.expect_close(grad_f.double(), attendu_grad_f.double(), name=f'gradient de perte_generateur par rapport aux faux{quoi}', rtol=0.001, atol=1e-07, hint='ne détachez pas les faux dans perte_generateur : G apprend par ce gradient.')
    comparer_pertes(perte_discriminateur, perte_generateur, 21, 1.0, False)
    comparer_pertes(perte_discriminateur, perte_generateur, 22, 400.0, False)

@test_case(points=None, hidden=False)
def test_entrainement_format(entrainer_cgan, GenerateurC, DiscriminateurC):
    import torch
    from autograder import checks as C

    def pertes_par_epoque(res, types, epoques):
        """(pertes_d, pertes_g) en tenseurs, après vérification de la forme du résultat."""
        forme = f'un couple (pertes_d, pertes_g) de deux listes de {epoques} flottants Python'
        C.expect(isinstance(res, list | tuple) and len(res) == 2 and (types[0] in ('tuple', 'list')), f'`entrainer_cgan` doit renvoyer {forme}.')
        for nom, t in (('pertes_d', types[1]), ('pertes_g', types[2])):
            C.expect(isinstance(t, list) and len(t) == epoques, f'`{nom}` doit être une liste de {epoques} valeurs (une par époque).')
            autres = sorted({x for x in t if x != 'float'})
            C.expect(not autres, f"`{nom}` doit contenir des flottants Python, reçu des éléments de type {', '.join(autres)}.", hint='convertissez avec .item() ou float(...).')
        return (C.as_tensor(list(res[0]), 'pertes_d').double(), C.as_tensor(list(res[1]), 'pertes_g').double())

    def lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats):
        """entrainer_cgan(G, D, ...) là où il vit, avec un générateur initialisé par graine ;
    renvoie le résultat, les types de ses éléments (lus là-bas), les états de G et D après
    l'entraînement (si etats) et les appels notés par un petit D du correcteur."""
        lancer = C.code("def lancer(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats):\n    res = entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))\n    if isinstance(res, list | tuple):\n        types = [type(res).__name__] + [type(p).__name__ if not isinstance(p, list | tuple) else [type(v).__name__ for v in p] for p in res]\n    else:\n        types = [type(res).__name__]\n    if not etats:\n        return (res, types, None, None, None)\n    etat_g = {k: v.detach().clone() for k, v in G.state_dict().items()}\n    etat_d = {k: v.detach().clone() for k, v in D.state_dict().items()}\n    return (res, types, etat_g, etat_d, list(getattr(D, 'appels', [])))")
        return C.call(lancer, entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats, name='entrainer_cgan')

    def donnees_jouet(n, N, graine):
        g = torch.Generator().manual_seed(graine)
        images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
        etiquettes = torch.randint(0, n, (N,), generator=g)
        return (images, etiquettes)
    G = C.make_model(GenerateurC, name='GenerateurC()')
    D = C.make_model(DiscriminateurC, name='DiscriminateurC()')
    images, etiquettes = donnees_jouet(10, 40, 30)
    res, types, _, _, _ = lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, 2, 16, 0.0002, 0, False)
    p_d, p_g = pertes_par_epoque(res, types, 2)
    C.expect(bool(torch.isfinite(p_d).all() and torch.isfinite(p_g).all()), 'Les pertes renvoyées par `entrainer_cgan` ne sont pas finies.')
    C.expect(bool((p_d > 0).all() and (p_g > 0).all()), "Les pertes d'un GAN (entropies croisées) sont positives : vérifiez les signes.")

@test_case(points=None, hidden=True)
def test_entrainement_contre_oracle(entrainer_cgan):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def pertes_oracle(D, reels, faux, y_reels, y_faux):
        """L_D et L_G de l'énoncé, en float64, par softplus : BCE(l, 1) = softplus(−l),
    BCE(l, 0) = softplus(l)."""
        l_r, l_f = (D(reels, y_reels).double(), D(faux, y_faux).double())
        return (F.softplus(-l_r).mean() + F.softplus(l_f).mean(), F.softplus(-l_f).mean())

    def petits_modeles(ancre, d, n, graine):
        """Un petit G et un petit D du correcteur (linéaires), construits là où `ancre` vit, et
    les mêmes construits ici (l'oracle). Le petit D note, à chaque appel, si son entrée
    requiert un gradient (`appels`)."""
        fabrique = C.code("def fabrique(quoi, d, n, graine):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.dim_latente, self.n_classes = (d, n)\n            self.lineaire = nn.Linear(d + n, 28 * 28)\n\n        def forward(self, z, y):\n            h = torch.cat([z, F.one_hot(y, self.n_classes).to(z.dtype)], dim=1)\n            return torch.tanh(self.lineaire(h)).view(len(z), 1, 28, 28)\n\n    class PetitD(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.lineaire = nn.Linear(28 * 28, 1)\n            self.biais_classe = nn.Embedding(n, 1)\n            self.appels = []\n\n        def forward(self, x, y):\n            self.appels.append(bool(x.requires_grad))\n            return self.lineaire(x.flatten(1)).squeeze(1) + self.biais_classe(y).squeeze(1)\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(graine)\n        G, D = (PetitG(), PetitD())\n        with torch.no_grad():\n            D.biais_classe.weight.normal_(0.0, 0.5)\n    return G if quoi == 'G' else D")
        ici = (fabrique('G', d, n, graine), fabrique('D', d, n, graine))
        la = (C.build_where(ancre, fabrique, 'G', d, n, graine), C.build_where(ancre, fabrique, 'D', d, n, graine))
        return (la, ici)

    def lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats):
        """entrainer_cgan(G, D, ...) là où il vit, avec un générateur initialisé par graine ;
    renvoie le résultat, les types de ses éléments (lus là-bas), les états de G et D après
    l'entraînement (si etats) et les appels notés par un petit D du correcteur."""
        lancer = C.code("def lancer(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats):\n    res = entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))\n    if isinstance(res, list | tuple):\n        types = [type(res).__name__] + [type(p).__name__ if not isinstance(p, list | tuple) else [type(v).__name__ for v in p] for p in res]\n    else:\n        types = [type(res).__name__]\n    if not etats:\n        return (res, types, None, None, None)\n    etat_g = {k: v.detach().clone() for k, v in G.state_dict().items()}\n    etat_d = {k: v.detach().clone() for k, v in D.state_dict().items()}\n    return (res, types, etat_g, etat_d, list(getattr(D, 'appels', [])))")
        return C.call(lancer, entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats, name='entrainer_cgan')

    def entrainement_oracle(G, D, images, etiquettes, epoques, taille_lot, lr, graine):
        """Le protocole de l'énoncé, rejoué ici sur les petits modèles du correcteur."""
        gen = torch.Generator().manual_seed(graine)
        opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
        opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
        pertes_d, pertes_g = ([], [])
        for _ in range(epoques):
            lots = torch.randperm(len(images), generator=gen).split(taille_lot)
            s_d = s_g = 0.0
            for idx in lots:
                z = torch.randn(len(idx), G.dim_latente, generator=gen)
                y_f = torch.randint(0, G.n_classes, (len(idx),), generator=gen)
                faux = G(z, y_f)
                l_d, _ = pertes_oracle(D, images[idx], faux.detach(), etiquettes[idx], y_f)
                opt_d.zero_grad()
                l_d.backward()
                opt_d.step()
                l_g = F.softplus(-D(faux, y_f)).mean()
                opt_g.zero_grad()
                l_g.backward()
                opt_g.step()
                s_d, s_g = (s_d + l_d.item(), s_g + l_g.item())
            pertes_d.append(s_d / len(lots))
            pertes_g.append(s_g / len(lots))
        return (pertes_d, pertes_g)

    def donnees_jouet(n, N, graine):
        g = torch.Generator().manual_seed(graine)
        images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
        etiquettes = torch.randint(0, n, (N,), generator=g)
        return (images, etiquettes)

    def pertes_par_epoque(res, types, epoques):
        """(pertes_d, pertes_g) en tenseurs, après vérification de la forme du résultat."""
        forme = f'un couple (pertes_d, pertes_g) de deux listes de {epoques} flottants Python'
        C.expect(isinstance(res, list | tuple) and len(res) == 2 and (types[0] in ('tuple', 'list')), f'`entrainer_cgan` doit renvoyer {forme}.')
        for nom, t in (('pertes_d', types[1]), ('pertes_g', types[2])):
            C.expect(isinstance(t, list) and len(t) == epoques, f'`{nom}` doit être une liste de {epoques} valeurs (une par époque).')
            autres = sorted({x for x in t if x != 'float'})
            C.expect(not autres, f"`{nom}` doit contenir des flottants Python, reçu des éléments de type {', '.join(autres)}.", hint='convertissez avec .item() ou float(...).')
        return (C.as_tensor(list(res[0]), 'pertes_d').double(), C.as_tensor(list(res[1]), 'pertes_g').double())

    def lancer_petit_entrainement(entrainer_cgan, graine, epoques, taille_lot, lr):
        """entrainer_cgan sur les petits modèles du correcteur (13 images, 4 classes), et
    l'oracle : (pertes, états de G et D) du protocole de l'énoncé."""
        (G, D), (G_ici, D_ici) = petits_modeles(entrainer_cgan, 3, 4, graine)
        images, etiquettes = donnees_jouet(4, 13, graine + 1)
        obtenu = lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine + 2, True)
        attendu = entrainement_oracle(G_ici, D_ici, images, etiquettes, epoques, taille_lot, lr, graine + 2)
        return (obtenu, (attendu, G_ici.state_dict(), D_ici.state_dict()))
    for graine, epoques, taille_lot, lr in ((40, 2, 5, 0.01), (41, 3, 4, 0.003)):
        (res, types, etat_g, etat_d, _), (attendu, g_ici, d_ici) = lancer_petit_entrainement(entrainer_cgan, graine, epoques, taille_lot, lr)
        p_d, p_g = pertes_par_epoque(res, types, epoques)
        indice = 'protocole : Adam(lr, betas=(0.5, 0.999)) pour D et pour G créés une fois ; à chaque époque randperm(N, generator=generateur) découpé par split(taille_lot) ; par lot : z puis y_faux tirés avec generateur, un pas de D sur les faux détachés, puis un pas de G sur les mêmes faux ; moyenne des pertes par époque.'
        C.expect_close(p_d, torch.tensor(attendu[0], dtype=torch.float64), name=f'pertes_d ({epoques} époques, lots de {taille_lot})', rtol=0.001, atol=0.0001, hint=indice)
        C.expect_close(p_g, torch.tensor(attendu[1], dtype=torch.float64), name=f'pertes_g ({epoques} époques, lots de {taille_lot})', rtol=0.001, atol=0.0001, hint=indice)
        for quoi, etat, ici in (('G', etat_g, g_ici), ('D', etat_d, d_ici)):
            for k, v in ici.items():
                C.expect_close(C.as_tensor(etat[k], f'{quoi}.{k}').double(), v.double(), name=f'paramètre {k} de {quoi} après entrainer_cgan', rtol=0.001, atol=0.0002, hint=indice)

@test_case(points=None, hidden=True)
def test_entrainement_faux_detaches(entrainer_cgan):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def pertes_oracle(D, reels, faux, y_reels, y_faux):
        """L_D et L_G de l'énoncé, en float64, par softplus : BCE(l, 1) = softplus(−l),
    BCE(l, 0) = softplus(l)."""
        l_r, l_f = (D(reels, y_reels).double(), D(faux, y_faux).double())
        return (F.softplus(-l_r).mean() + F.softplus(l_f).mean(), F.softplus(-l_f).mean())

    def petits_modeles(ancre, d, n, graine):
        """Un petit G et un petit D du correcteur (linéaires), construits là où `ancre` vit, et
    les mêmes construits ici (l'oracle). Le petit D note, à chaque appel, si son entrée
    requiert un gradient (`appels`)."""
        fabrique = C.code("def fabrique(quoi, d, n, graine):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.dim_latente, self.n_classes = (d, n)\n            self.lineaire = nn.Linear(d + n, 28 * 28)\n\n        def forward(self, z, y):\n            h = torch.cat([z, F.one_hot(y, self.n_classes).to(z.dtype)], dim=1)\n            return torch.tanh(self.lineaire(h)).view(len(z), 1, 28, 28)\n\n    class PetitD(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.lineaire = nn.Linear(28 * 28, 1)\n            self.biais_classe = nn.Embedding(n, 1)\n            self.appels = []\n\n        def forward(self, x, y):\n            self.appels.append(bool(x.requires_grad))\n            return self.lineaire(x.flatten(1)).squeeze(1) + self.biais_classe(y).squeeze(1)\n    with torch.random.fork_rng(devices=[]):\n        torch.manual_seed(graine)\n        G, D = (PetitG(), PetitD())\n        with torch.no_grad():\n            D.biais_classe.weight.normal_(0.0, 0.5)\n    return G if quoi == 'G' else D")
        ici = (fabrique('G', d, n, graine), fabrique('D', d, n, graine))
        la = (C.build_where(ancre, fabrique, 'G', d, n, graine), C.build_where(ancre, fabrique, 'D', d, n, graine))
        return (la, ici)

    def lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats):
        """entrainer_cgan(G, D, ...) là où il vit, avec un générateur initialisé par graine ;
    renvoie le résultat, les types de ses éléments (lus là-bas), les états de G et D après
    l'entraînement (si etats) et les appels notés par un petit D du correcteur."""
        lancer = C.code("def lancer(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats):\n    res = entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))\n    if isinstance(res, list | tuple):\n        types = [type(res).__name__] + [type(p).__name__ if not isinstance(p, list | tuple) else [type(v).__name__ for v in p] for p in res]\n    else:\n        types = [type(res).__name__]\n    if not etats:\n        return (res, types, None, None, None)\n    etat_g = {k: v.detach().clone() for k, v in G.state_dict().items()}\n    etat_d = {k: v.detach().clone() for k, v in D.state_dict().items()}\n    return (res, types, etat_g, etat_d, list(getattr(D, 'appels', [])))")
        return C.call(lancer, entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine, etats, name='entrainer_cgan')

    def entrainement_oracle(G, D, images, etiquettes, epoques, taille_lot, lr, graine):
        """Le protocole de l'énoncé, rejoué ici sur les petits modèles du correcteur."""
        gen = torch.Generator().manual_seed(graine)
        opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
        opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
        pertes_d, pertes_g = ([], [])
        for _ in range(epoques):
            lots = torch.randperm(len(images), generator=gen).split(taille_lot)
            s_d = s_g = 0.0
            for idx in lots:
                z = torch.randn(len(idx), G.dim_latente, generator=gen)
                y_f = torch.randint(0, G.n_classes, (len(idx),), generator=gen)
                faux = G(z, y_f)
                l_d, _ = pertes_oracle(D, images[idx], faux.detach(), etiquettes[idx], y_f)
                opt_d.zero_grad()
                l_d.backward()
                opt_d.step()
                l_g = F.softplus(-D(faux, y_f)).mean()
                opt_g.zero_grad()
                l_g.backward()
                opt_g.step()
                s_d, s_g = (s_d + l_d.item(), s_g + l_g.item())
            pertes_d.append(s_d / len(lots))
            pertes_g.append(s_g / len(lots))
        return (pertes_d, pertes_g)

    def donnees_jouet(n, N, graine):
        g = torch.Generator().manual_seed(graine)
        images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
        etiquettes = torch.randint(0, n, (N,), generator=g)
        return (images, etiquettes)

    def lancer_petit_entrainement(entrainer_cgan, graine, epoques, taille_lot, lr):
        """entrainer_cgan sur les petits modèles du correcteur (13 images, 4 classes), et
    l'oracle : (pertes, états de G et D) du protocole de l'énoncé."""
        (G, D), (G_ici, D_ici) = petits_modeles(entrainer_cgan, 3, 4, graine)
        images, etiquettes = donnees_jouet(4, 13, graine + 1)
        obtenu = lancer_entrainement(entrainer_cgan, G, D, images, etiquettes, epoques, taille_lot, lr, graine + 2, True)
        attendu = entrainement_oracle(G_ici, D_ici, images, etiquettes, epoques, taille_lot, lr, graine + 2)
        return (obtenu, (attendu, G_ici.state_dict(), D_ici.state_dict()))
    epoques, taille_lot = (2, 5)
    (_, _, _, _, appels), _ = lancer_petit_entrainement(entrainer_cgan, 42, epoques, taille_lot, 0.01)
    lots = epoques * -(-13 // taille_lot)
    avec_gradient = sum((bool(a) for a in appels))
    C.expect(avec_gradient == lots, f"Pendant l'entraînement ({lots} lots), D a reçu {avec_gradient} fois une entrée reliée au graphe de G, au lieu d'une fois par lot (le pas de G).", hint='au pas de D, passez faux.detach() : ce pas ne doit pas rétropropager dans G ; au pas de G, les faux ne sont pas détachés.')

@test_case(points=None, hidden=True)
def test_entrainement_generateur(entrainer_cgan):
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

    def donnees_jouet(n, N, graine):
        g = torch.Generator().manual_seed(graine)
        images = torch.rand(N, 1, 28, 28, generator=g) * 2 - 1
        etiquettes = torch.randint(0, n, (N,), generator=g)
        return (images, etiquettes)
    (G, D), _ = petits_modeles(entrainer_cgan, 3, 4, 43)
    images, etiquettes = donnees_jouet(4, 13, 44)
    sur_copies = C.code('def sur_copies(entrainer_cgan, G, D, images, etiquettes, generateur):\n    import copy\n    G, D = (copy.deepcopy(G), copy.deepcopy(D))\n    res = entrainer_cgan(G, D, images, etiquettes, 2, 5, 0.01, generateur)\n    return (res, G.lineaire.weight.detach().clone())')
    C.expect_generator_obeyed(sur_copies, entrainer_cgan, G, D, images, etiquettes, name='entrainer_cgan', keyword='generateur', hint="l'ordre des exemples (randperm), z et y_faux se tirent avec generator=generateur, et rien d'autre n'est tiré.")

