from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=None, hidden=False)
def test_etape_ordre_par_defaut(etape_wgan):
    import torch
    from torch import nn
    from autograder import checks as C

    def sonde_etape(etape_wgan):
        """La sonde qui exécute etape_wgan, là où elle vit, sur un G et un critique linéaires
    (float64) et des SGD instrumentés ; elle renvoie le journal des step(), les z vus par G,
    le nombre de lots consommés, les paramètres finaux et le résultat."""
        executer = C.code("def executer(depart, options, generateur=None):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.A = nn.Parameter(depart['A'].clone())\n            self.c = nn.Parameter(depart['c'].clone())\n            self.z_vus = []\n\n        def forward(self, z):\n            z = z.reshape(z.shape[0], -1).to(self.A.dtype)\n            self.z_vus.append(z.detach().clone())\n            return (z @ self.A.T + self.c).reshape(-1, 1, 4, 4)\n\n    class CritiqueLineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = nn.Parameter(depart['w'].clone())\n            self.b = nn.Parameter(depart['b'].clone())\n\n        def forward(self, x):\n            return x.reshape(x.shape[0], -1).to(self.w.dtype) @ self.w + self.b\n    G, D = (PetitG(), CritiqueLineaire())\n    journal = []\n\n    def etat(module):\n        return [p.detach().clone() for p in module.parameters()]\n\n    def gradients(module):\n        return [None if p.grad is None else p.grad.detach().clone() for p in module.parameters()]\n\n    class SGDInstrumente(torch.optim.SGD):\n\n        def __init__(self, module, nom):\n            super().__init__(module.parameters(), lr=0.05)\n            self.nom = nom\n\n        def step(self, closure=None):\n            journal.append({'opt': self.nom, 'G': etat(G), 'C': etat(D), 'grad_G': gradients(G), 'grad_C': gradients(D)})\n            return super().step(closure)\n    for p in [*G.parameters(), *D.parameters()]:\n        p.grad = torch.full_like(p, 7.0)\n    opt_G, opt_C = (SGDInstrumente(G, 'G'), SGDInstrumente(D, 'C'))\n    consommes = [0]\n\n    def flux():\n        for lot in depart['lots']:\n            consommes[0] += 1\n            yield lot.clone()\n    if generateur is None:\n        generateur = torch.Generator().manual_seed(options['graine'])\n    kwargs = {k: v for k, v in options.items() if k != 'graine'}\n    resultat = etape_wgan(G, D, opt_G, opt_C, flux(), 3, generateur=generateur, **kwargs)\n    return {'journal': journal, 'consommes': consommes[0], 'z': G.z_vus, 'G': etat(G), 'C': etat(D), 'resultat': resultat}", etape_wgan=etape_wgan)
        return executer

    def depart_etape():
        """Les paramètres initiaux du petit G (z ↦ A z + c, images 1×4×4) et du critique
    linéaire (x ↦ ⟨w, x⟩ + b), et huit lots réels de 4 images, en float64."""
        g = torch.Generator().manual_seed(83)
        return {'A': 0.3 * torch.randn(16, 3, generator=g, dtype=torch.float64), 'c': 0.1 * torch.randn(16, generator=g, dtype=torch.float64), 'w': 0.4 * torch.randn(16, generator=g, dtype=torch.float64), 'b': torch.tensor(0.2, dtype=torch.float64), 'lots': [torch.randn(4, 1, 4, 4, generator=g, dtype=torch.float64) + 0.5 for _ in range(8)]}

    def verifier_etape(etape_wgan, options):
        """Déroule etape_wgan et compare chaque pas à la trajectoire attendue (SGD, lr = 0,05)."""
        depart = depart_etape()
        n, lam = (options.get('n_critique', 5), options.get('lam', 10.0))
        obtenu = C.call(sonde_etape(etape_wgan), depart, options, name='etape_wgan')
        journal = obtenu['journal']
        ordre = [e['opt'] for e in journal]
        C.expect(ordre == ['C'] * n + ['G'], f"Avec n_critique = {n}, les appels à step() sont, dans l'ordre : {' '.join(('opt_' + o for o in ordre)) or 'aucun'}.", hint=f'n_critique pas de opt_C (ici {n}), puis UN pas de opt_G, à la fin.')
        C.expect(obtenu['consommes'] == n, f"`etape_wgan` a consommé {obtenu['consommes']} lot(s) réel(s) au lieu de {n}.", hint='un `next(lots_reels)` par pas du critique.')
        z = [C.as_tensor(t, 'z') for t in obtenu['z']]
        C.expect(len(z) == n + 1, f'G a été appelé {len(z)} fois au lieu de {n + 1} (un appel par pas du critique et un pour le pas du générateur).')
        C.expect(all((not torch.equal(z[i], z[j]) for i in range(n + 1) for j in range(i))), 'Deux appels de G ont reçu le même z.', hint='tirez un nouveau z à chaque pas (du critique et du générateur).')
        A, c, w, b = (depart[k].clone() for k in ('A', 'c', 'w', 'b'))
        pertes = []
        for k in range(n):
            entree = journal[k]
            C.expect(all((torch.equal(C.as_tensor(p, 'G'), q) for p, q in zip(entree['G'], (A, c), strict=True))), f'Les paramètres de G ont changé avant le pas n° {k + 1} du critique.', hint='faux = G(z).detach() et seul opt_C.step() pendant les pas du critique.')
            restes = [t for t in entree['grad_G'] if t is not None]
            C.expect(all((bool((C.as_tensor(t, 'grad') == 0).all()) or bool((C.as_tensor(t, 'grad') == 7.0).all()) for t in restes)), "La perte du critique rétropropage jusqu'aux paramètres de G.", hint='détachez les fausses images des pas du critique : G(z).detach().')
            feuilles = [w.clone().requires_grad_(True), b.clone().requires_grad_(True)]
            faux = z[k].double() @ A.T + c
            reels = depart['lots'][k].reshape(4, -1)
            perte = (faux @ feuilles[0] + feuilles[1]).mean() - (reels @ feuilles[0] + feuilles[1]).mean() + lam * (feuilles[0].norm() - 1) ** 2
            attendus = torch.autograd.grad(perte, feuilles)
            for t, attendu, nom in zip(entree['grad_C'], attendus, ('w', 'b'), strict=True):
                C.expect(t is not None, f'Pas de gradient sur le paramètre {nom} du critique au pas n° {k + 1}.', hint='perte_critique.backward()')
                C.expect_close(C.as_tensor(t, 'gradient'), attendu, rtol=1e-06, atol=1e-09, name=f'gradient du paramètre {nom} du critique au pas n° {k + 1}', hint="opt_C.zero_grad() avant chaque backward (les gradients s'accumulent sinon) ; perte de pertes_wgan avec lam.")
            pertes.append(float(perte.detach()))
            w, b = (w - 0.05 * attendus[0], b - 0.05 * attendus[1])
        entree = journal[n]
        for moment, valeurs in (('au pas du générateur', entree['C']), ('après le pas du générateur', obtenu['C'])):
            for p, q, nom in zip(valeurs, (w, b), ('w', 'b'), strict=True):
                C.expect_close(C.as_tensor(p, 'C'), q, rtol=1e-09, atol=1e-12, name=f'paramètre {nom} du critique {moment}', hint='n_critique pas de opt_C, puis seul opt_G.step() au pas du générateur : le critique ne bouge plus.')
        feuilles = [A.clone().requires_grad_(True), c.clone().requires_grad_(True)]
        perte_g = -((z[n].double() @ feuilles[0].T + feuilles[1]) @ w + b).mean()
        attendus = torch.autograd.grad(perte_g, feuilles)
        for t, attendu, nom in zip(entree['grad_G'], attendus, ('A', 'c'), strict=True):
            C.expect(t is not None, f'Pas de gradient sur le paramètre {nom} de G au pas du générateur.', hint='perte_generateur.backward()')
            C.expect_close(C.as_tensor(t, 'gradient'), attendu, rtol=1e-06, atol=1e-09, name=f'gradient du paramètre {nom} de G au pas du générateur', hint='opt_G.zero_grad() puis backward de −moy f(G(z)), z non détaché.')
        resultat = obtenu['resultat']
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`etape_wgan` doit renvoyer un couple (perte moyenne du critique, perte du générateur).')
        C.expect_scalar_close(resultat[0], sum(pertes) / n, rtol=1e-06, atol=1e-09, name='perte moyenne du critique renvoyée', hint='la moyenne des n_critique valeurs de perte_critique.')
        C.expect_scalar_close(resultat[1], float(perte_g.detach()), rtol=1e-06, atol=1e-09, name='perte du générateur renvoyée')
    verifier_etape(etape_wgan, {'graine': 5})

@test_case(points=None, hidden=True)
def test_etape_n_critique_1(etape_wgan):
    import torch
    from torch import nn
    from autograder import checks as C

    def sonde_etape(etape_wgan):
        """La sonde qui exécute etape_wgan, là où elle vit, sur un G et un critique linéaires
    (float64) et des SGD instrumentés ; elle renvoie le journal des step(), les z vus par G,
    le nombre de lots consommés, les paramètres finaux et le résultat."""
        executer = C.code("def executer(depart, options, generateur=None):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.A = nn.Parameter(depart['A'].clone())\n            self.c = nn.Parameter(depart['c'].clone())\n            self.z_vus = []\n\n        def forward(self, z):\n            z = z.reshape(z.shape[0], -1).to(self.A.dtype)\n            self.z_vus.append(z.detach().clone())\n            return (z @ self.A.T + self.c).reshape(-1, 1, 4, 4)\n\n    class CritiqueLineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = nn.Parameter(depart['w'].clone())\n            self.b = nn.Parameter(depart['b'].clone())\n\n        def forward(self, x):\n            return x.reshape(x.shape[0], -1).to(self.w.dtype) @ self.w + self.b\n    G, D = (PetitG(), CritiqueLineaire())\n    journal = []\n\n    def etat(module):\n        return [p.detach().clone() for p in module.parameters()]\n\n    def gradients(module):\n        return [None if p.grad is None else p.grad.detach().clone() for p in module.parameters()]\n\n    class SGDInstrumente(torch.optim.SGD):\n\n        def __init__(self, module, nom):\n            super().__init__(module.parameters(), lr=0.05)\n            self.nom = nom\n\n        def step(self, closure=None):\n            journal.append({'opt': self.nom, 'G': etat(G), 'C': etat(D), 'grad_G': gradients(G), 'grad_C': gradients(D)})\n            return super().step(closure)\n    for p in [*G.parameters(), *D.parameters()]:\n        p.grad = torch.full_like(p, 7.0)\n    opt_G, opt_C = (SGDInstrumente(G, 'G'), SGDInstrumente(D, 'C'))\n    consommes = [0]\n\n    def flux():\n        for lot in depart['lots']:\n            consommes[0] += 1\n            yield lot.clone()\n    if generateur is None:\n        generateur = torch.Generator().manual_seed(options['graine'])\n    kwargs = {k: v for k, v in options.items() if k != 'graine'}\n    resultat = etape_wgan(G, D, opt_G, opt_C, flux(), 3, generateur=generateur, **kwargs)\n    return {'journal': journal, 'consommes': consommes[0], 'z': G.z_vus, 'G': etat(G), 'C': etat(D), 'resultat': resultat}", etape_wgan=etape_wgan)
        return executer

    def depart_etape():
        """Les paramètres initiaux du petit G (z ↦ A z + c, images 1×4×4) et du critique
    linéaire (x ↦ ⟨w, x⟩ + b), et huit lots réels de 4 images, en float64."""
        g = torch.Generator().manual_seed(83)
        return {'A': 0.3 * torch.randn(16, 3, generator=g, dtype=torch.float64), 'c': 0.1 * torch.randn(16, generator=g, dtype=torch.float64), 'w': 0.4 * torch.randn(16, generator=g, dtype=torch.float64), 'b': torch.tensor(0.2, dtype=torch.float64), 'lots': [torch.randn(4, 1, 4, 4, generator=g, dtype=torch.float64) + 0.5 for _ in range(8)]}

    def verifier_etape(etape_wgan, options):
        """Déroule etape_wgan et compare chaque pas à la trajectoire attendue (SGD, lr = 0,05)."""
        depart = depart_etape()
        n, lam = (options.get('n_critique', 5), options.get('lam', 10.0))
        obtenu = C.call(sonde_etape(etape_wgan), depart, options, name='etape_wgan')
        journal = obtenu['journal']
        ordre = [e['opt'] for e in journal]
        C.expect(ordre == ['C'] * n + ['G'], f"Avec n_critique = {n}, les appels à step() sont, dans l'ordre : {' '.join(('opt_' + o for o in ordre)) or 'aucun'}.", hint=f'n_critique pas de opt_C (ici {n}), puis UN pas de opt_G, à la fin.')
        C.expect(obtenu['consommes'] == n, f"`etape_wgan` a consommé {obtenu['consommes']} lot(s) réel(s) au lieu de {n}.", hint='un `next(lots_reels)` par pas du critique.')
        z = [C.as_tensor(t, 'z') for t in obtenu['z']]
        C.expect(len(z) == n + 1, f'G a été appelé {len(z)} fois au lieu de {n + 1} (un appel par pas du critique et un pour le pas du générateur).')
        C.expect(all((not torch.equal(z[i], z[j]) for i in range(n + 1) for j in range(i))), 'Deux appels de G ont reçu le même z.', hint='tirez un nouveau z à chaque pas (du critique et du générateur).')
        A, c, w, b = (depart[k].clone() for k in ('A', 'c', 'w', 'b'))
        pertes = []
        for k in range(n):
            entree = journal[k]
            C.expect(all((torch.equal(C.as_tensor(p, 'G'), q) for p, q in zip(entree['G'], (A, c), strict=True))), f'Les paramètres de G ont changé avant le pas n° {k + 1} du critique.', hint='faux = G(z).detach() et seul opt_C.step() pendant les pas du critique.')
            restes = [t for t in entree['grad_G'] if t is not None]
            C.expect(all((bool((C.as_tensor(t, 'grad') == 0).all()) or bool((C.as_tensor(t, 'grad') == 7.0).all()) for t in restes)), "La perte du critique rétropropage jusqu'aux paramètres de G.", hint='détachez les fausses images des pas du critique : G(z).detach().')
            feuilles = [w.clone().requires_grad_(True), b.clone().requires_grad_(True)]
            faux = z[k].double() @ A.T + c
            reels = depart['lots'][k].reshape(4, -1)
            perte = (faux @ feuilles[0] + feuilles[1]).mean() - (reels @ feuilles[0] + feuilles[1]).mean() + lam * (feuilles[0].norm() - 1) ** 2
            attendus = torch.autograd.grad(perte, feuilles)
            for t, attendu, nom in zip(entree['grad_C'], attendus, ('w', 'b'), strict=True):
                C.expect(t is not None, f'Pas de gradient sur le paramètre {nom} du critique au pas n° {k + 1}.', hint='perte_critique.backward()')
                C.expect_close(C.as_tensor(t, 'gradient'), attendu, rtol=1e-06, atol=1e-09, name=f'gradient du paramètre {nom} du critique au pas n° {k + 1}', hint="opt_C.zero_grad() avant chaque backward (les gradients s'accumulent sinon) ; perte de pertes_wgan avec lam.")
            pertes.append(float(perte.detach()))
            w, b = (w - 0.05 * attendus[0], b - 0.05 * attendus[1])
        entree = journal[n]
        for moment, valeurs in (('au pas du générateur', entree['C']), ('après le pas du générateur', obtenu['C'])):
            for p, q, nom in zip(valeurs, (w, b), ('w', 'b'), strict=True):
                C.expect_close(C.as_tensor(p, 'C'), q, rtol=1e-09, atol=1e-12, name=f'paramètre {nom} du critique {moment}', hint='n_critique pas de opt_C, puis seul opt_G.step() au pas du générateur : le critique ne bouge plus.')
        feuilles = [A.clone().requires_grad_(True), c.clone().requires_grad_(True)]
        perte_g = -((z[n].double() @ feuilles[0].T + feuilles[1]) @ w + b).mean()
        attendus = torch.autograd.grad(perte_g, feuilles)
        for t, attendu, nom in zip(entree['grad_G'], attendus, ('A', 'c'), strict=True):
            C.expect(t is not None, f'Pas de gradient sur le paramètre {nom} de G au pas du générateur.', hint='perte_generateur.backward()')
            C.expect_close(C.as_tensor(t, 'gradient'), attendu, rtol=1e-06, atol=1e-09, name=f'gradient du paramètre {nom} de G au pas du générateur', hint='opt_G.zero_grad() puis backward de −moy f(G(z)), z non détaché.')
        resultat = obtenu['resultat']
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`etape_wgan` doit renvoyer un couple (perte moyenne du critique, perte du générateur).')
        C.expect_scalar_close(resultat[0], sum(pertes) / n, rtol=1e-06, atol=1e-09, name='perte moyenne du critique renvoyée', hint='la moyenne des n_critique valeurs de perte_critique.')
        C.expect_scalar_close(resultat[1], float(perte_g.detach()), rtol=1e-06, atol=1e-09, name='perte du générateur renvoyée')
    n_critique = 1
    verifier_etape(etape_wgan, {'graine': 6, 'n_critique': n_critique, 'lam': 4.0})

@test_case(points=None, hidden=True)
def test_etape_n_critique_3(etape_wgan):
    import torch
    from torch import nn
    from autograder import checks as C

    def sonde_etape(etape_wgan):
        """La sonde qui exécute etape_wgan, là où elle vit, sur un G et un critique linéaires
    (float64) et des SGD instrumentés ; elle renvoie le journal des step(), les z vus par G,
    le nombre de lots consommés, les paramètres finaux et le résultat."""
        executer = C.code("def executer(depart, options, generateur=None):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.A = nn.Parameter(depart['A'].clone())\n            self.c = nn.Parameter(depart['c'].clone())\n            self.z_vus = []\n\n        def forward(self, z):\n            z = z.reshape(z.shape[0], -1).to(self.A.dtype)\n            self.z_vus.append(z.detach().clone())\n            return (z @ self.A.T + self.c).reshape(-1, 1, 4, 4)\n\n    class CritiqueLineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = nn.Parameter(depart['w'].clone())\n            self.b = nn.Parameter(depart['b'].clone())\n\n        def forward(self, x):\n            return x.reshape(x.shape[0], -1).to(self.w.dtype) @ self.w + self.b\n    G, D = (PetitG(), CritiqueLineaire())\n    journal = []\n\n    def etat(module):\n        return [p.detach().clone() for p in module.parameters()]\n\n    def gradients(module):\n        return [None if p.grad is None else p.grad.detach().clone() for p in module.parameters()]\n\n    class SGDInstrumente(torch.optim.SGD):\n\n        def __init__(self, module, nom):\n            super().__init__(module.parameters(), lr=0.05)\n            self.nom = nom\n\n        def step(self, closure=None):\n            journal.append({'opt': self.nom, 'G': etat(G), 'C': etat(D), 'grad_G': gradients(G), 'grad_C': gradients(D)})\n            return super().step(closure)\n    for p in [*G.parameters(), *D.parameters()]:\n        p.grad = torch.full_like(p, 7.0)\n    opt_G, opt_C = (SGDInstrumente(G, 'G'), SGDInstrumente(D, 'C'))\n    consommes = [0]\n\n    def flux():\n        for lot in depart['lots']:\n            consommes[0] += 1\n            yield lot.clone()\n    if generateur is None:\n        generateur = torch.Generator().manual_seed(options['graine'])\n    kwargs = {k: v for k, v in options.items() if k != 'graine'}\n    resultat = etape_wgan(G, D, opt_G, opt_C, flux(), 3, generateur=generateur, **kwargs)\n    return {'journal': journal, 'consommes': consommes[0], 'z': G.z_vus, 'G': etat(G), 'C': etat(D), 'resultat': resultat}", etape_wgan=etape_wgan)
        return executer

    def depart_etape():
        """Les paramètres initiaux du petit G (z ↦ A z + c, images 1×4×4) et du critique
    linéaire (x ↦ ⟨w, x⟩ + b), et huit lots réels de 4 images, en float64."""
        g = torch.Generator().manual_seed(83)
        return {'A': 0.3 * torch.randn(16, 3, generator=g, dtype=torch.float64), 'c': 0.1 * torch.randn(16, generator=g, dtype=torch.float64), 'w': 0.4 * torch.randn(16, generator=g, dtype=torch.float64), 'b': torch.tensor(0.2, dtype=torch.float64), 'lots': [torch.randn(4, 1, 4, 4, generator=g, dtype=torch.float64) + 0.5 for _ in range(8)]}

    def verifier_etape(etape_wgan, options):
        """Déroule etape_wgan et compare chaque pas à la trajectoire attendue (SGD, lr = 0,05)."""
        depart = depart_etape()
        n, lam = (options.get('n_critique', 5), options.get('lam', 10.0))
        obtenu = C.call(sonde_etape(etape_wgan), depart, options, name='etape_wgan')
        journal = obtenu['journal']
        ordre = [e['opt'] for e in journal]
        C.expect(ordre == ['C'] * n + ['G'], f"Avec n_critique = {n}, les appels à step() sont, dans l'ordre : {' '.join(('opt_' + o for o in ordre)) or 'aucun'}.", hint=f'n_critique pas de opt_C (ici {n}), puis UN pas de opt_G, à la fin.')
        C.expect(obtenu['consommes'] == n, f"`etape_wgan` a consommé {obtenu['consommes']} lot(s) réel(s) au lieu de {n}.", hint='un `next(lots_reels)` par pas du critique.')
        z = [C.as_tensor(t, 'z') for t in obtenu['z']]
        C.expect(len(z) == n + 1, f'G a été appelé {len(z)} fois au lieu de {n + 1} (un appel par pas du critique et un pour le pas du générateur).')
        C.expect(all((not torch.equal(z[i], z[j]) for i in range(n + 1) for j in range(i))), 'Deux appels de G ont reçu le même z.', hint='tirez un nouveau z à chaque pas (du critique et du générateur).')
        A, c, w, b = (depart[k].clone() for k in ('A', 'c', 'w', 'b'))
        pertes = []
        for k in range(n):
            entree = journal[k]
            C.expect(all((torch.equal(C.as_tensor(p, 'G'), q) for p, q in zip(entree['G'], (A, c), strict=True))), f'Les paramètres de G ont changé avant le pas n° {k + 1} du critique.', hint='faux = G(z).detach() et seul opt_C.step() pendant les pas du critique.')
            restes = [t for t in entree['grad_G'] if t is not None]
            C.expect(all((bool((C.as_tensor(t, 'grad') == 0).all()) or bool((C.as_tensor(t, 'grad') == 7.0).all()) for t in restes)), "La perte du critique rétropropage jusqu'aux paramètres de G.", hint='détachez les fausses images des pas du critique : G(z).detach().')
            feuilles = [w.clone().requires_grad_(True), b.clone().requires_grad_(True)]
            faux = z[k].double() @ A.T + c
            reels = depart['lots'][k].reshape(4, -1)
            perte = (faux @ feuilles[0] + feuilles[1]).mean() - (reels @ feuilles[0] + feuilles[1]).mean() + lam * (feuilles[0].norm() - 1) ** 2
            attendus = torch.autograd.grad(perte, feuilles)
            for t, attendu, nom in zip(entree['grad_C'], attendus, ('w', 'b'), strict=True):
                C.expect(t is not None, f'Pas de gradient sur le paramètre {nom} du critique au pas n° {k + 1}.', hint='perte_critique.backward()')
                C.expect_close(C.as_tensor(t, 'gradient'), attendu, rtol=1e-06, atol=1e-09, name=f'gradient du paramètre {nom} du critique au pas n° {k + 1}', hint="opt_C.zero_grad() avant chaque backward (les gradients s'accumulent sinon) ; perte de pertes_wgan avec lam.")
            pertes.append(float(perte.detach()))
            w, b = (w - 0.05 * attendus[0], b - 0.05 * attendus[1])
        entree = journal[n]
        for moment, valeurs in (('au pas du générateur', entree['C']), ('après le pas du générateur', obtenu['C'])):
            for p, q, nom in zip(valeurs, (w, b), ('w', 'b'), strict=True):
                C.expect_close(C.as_tensor(p, 'C'), q, rtol=1e-09, atol=1e-12, name=f'paramètre {nom} du critique {moment}', hint='n_critique pas de opt_C, puis seul opt_G.step() au pas du générateur : le critique ne bouge plus.')
        feuilles = [A.clone().requires_grad_(True), c.clone().requires_grad_(True)]
        perte_g = -((z[n].double() @ feuilles[0].T + feuilles[1]) @ w + b).mean()
        attendus = torch.autograd.grad(perte_g, feuilles)
        for t, attendu, nom in zip(entree['grad_G'], attendus, ('A', 'c'), strict=True):
            C.expect(t is not None, f'Pas de gradient sur le paramètre {nom} de G au pas du générateur.', hint='perte_generateur.backward()')
            C.expect_close(C.as_tensor(t, 'gradient'), attendu, rtol=1e-06, atol=1e-09, name=f'gradient du paramètre {nom} de G au pas du générateur', hint='opt_G.zero_grad() puis backward de −moy f(G(z)), z non détaché.')
        resultat = obtenu['resultat']
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`etape_wgan` doit renvoyer un couple (perte moyenne du critique, perte du générateur).')
        C.expect_scalar_close(resultat[0], sum(pertes) / n, rtol=1e-06, atol=1e-09, name='perte moyenne du critique renvoyée', hint='la moyenne des n_critique valeurs de perte_critique.')
        C.expect_scalar_close(resultat[1], float(perte_g.detach()), rtol=1e-06, atol=1e-09, name='perte du générateur renvoyée')
    n_critique = 3
    verifier_etape(etape_wgan, {'graine': 6, 'n_critique': n_critique, 'lam': 4.0})

@test_case(points=None, hidden=True)
def test_etape_generateur_obei(etape_wgan):
    import torch
    from torch import nn
    from autograder import checks as C

    def sonde_etape(etape_wgan):
        """La sonde qui exécute etape_wgan, là où elle vit, sur un G et un critique linéaires
    (float64) et des SGD instrumentés ; elle renvoie le journal des step(), les z vus par G,
    le nombre de lots consommés, les paramètres finaux et le résultat."""
        executer = C.code("def executer(depart, options, generateur=None):\n\n    class PetitG(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.A = nn.Parameter(depart['A'].clone())\n            self.c = nn.Parameter(depart['c'].clone())\n            self.z_vus = []\n\n        def forward(self, z):\n            z = z.reshape(z.shape[0], -1).to(self.A.dtype)\n            self.z_vus.append(z.detach().clone())\n            return (z @ self.A.T + self.c).reshape(-1, 1, 4, 4)\n\n    class CritiqueLineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.w = nn.Parameter(depart['w'].clone())\n            self.b = nn.Parameter(depart['b'].clone())\n\n        def forward(self, x):\n            return x.reshape(x.shape[0], -1).to(self.w.dtype) @ self.w + self.b\n    G, D = (PetitG(), CritiqueLineaire())\n    journal = []\n\n    def etat(module):\n        return [p.detach().clone() for p in module.parameters()]\n\n    def gradients(module):\n        return [None if p.grad is None else p.grad.detach().clone() for p in module.parameters()]\n\n    class SGDInstrumente(torch.optim.SGD):\n\n        def __init__(self, module, nom):\n            super().__init__(module.parameters(), lr=0.05)\n            self.nom = nom\n\n        def step(self, closure=None):\n            journal.append({'opt': self.nom, 'G': etat(G), 'C': etat(D), 'grad_G': gradients(G), 'grad_C': gradients(D)})\n            return super().step(closure)\n    for p in [*G.parameters(), *D.parameters()]:\n        p.grad = torch.full_like(p, 7.0)\n    opt_G, opt_C = (SGDInstrumente(G, 'G'), SGDInstrumente(D, 'C'))\n    consommes = [0]\n\n    def flux():\n        for lot in depart['lots']:\n            consommes[0] += 1\n            yield lot.clone()\n    if generateur is None:\n        generateur = torch.Generator().manual_seed(options['graine'])\n    kwargs = {k: v for k, v in options.items() if k != 'graine'}\n    resultat = etape_wgan(G, D, opt_G, opt_C, flux(), 3, generateur=generateur, **kwargs)\n    return {'journal': journal, 'consommes': consommes[0], 'z': G.z_vus, 'G': etat(G), 'C': etat(D), 'resultat': resultat}", etape_wgan=etape_wgan)
        return executer

    def depart_etape():
        """Les paramètres initiaux du petit G (z ↦ A z + c, images 1×4×4) et du critique
    linéaire (x ↦ ⟨w, x⟩ + b), et huit lots réels de 4 images, en float64."""
        g = torch.Generator().manual_seed(83)
        return {'A': 0.3 * torch.randn(16, 3, generator=g, dtype=torch.float64), 'c': 0.1 * torch.randn(16, generator=g, dtype=torch.float64), 'w': 0.4 * torch.randn(16, generator=g, dtype=torch.float64), 'b': torch.tensor(0.2, dtype=torch.float64), 'lots': [torch.randn(4, 1, 4, 4, generator=g, dtype=torch.float64) + 0.5 for _ in range(8)]}
    C.expect_generator_obeyed(sonde_etape(etape_wgan), depart_etape(), {'n_critique': 2}, name='etape_wgan', hint='tirez chaque z par torch.randn(B, dim_latente, generator=generateur) et passez generateur à pertes_wgan.')

