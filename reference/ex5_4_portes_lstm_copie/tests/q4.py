from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_entrainer_exemple(copie, entrainer_copie):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def usine_modele_copie():
        """The factory of the grader's copy model (one-hot → nn.LSTM or nn.RNN → linear, the
    contract of ModeleCopie), weights from a seeded generator, the global generator untouched."""
        return C.code('\ndef fabrique(K, H, graine, cellule="lstm", type_="float64"):\n    class ModeleCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.rnn = {"lstm": nn.LSTM, "rnn": nn.RNN}[cellule](K + 2, H)\n                self.sortie = nn.Linear(H, K + 2)\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_((2 * torch.rand(p.shape, generator=g, dtype=torch.float64) - 1)\n                            / math.sqrt(H))\n                if cellule == "lstm":  # forget-gate bias +2, as in ModeleCopie\n                    self.rnn.bias_ih_l0[H:2 * H] += 2.0\n            self.to(getattr(torch, type_))\n\n        def forward(self, x):\n            entree = F.one_hot(x.T, K + 2).to(self.sortie.weight.dtype)\n            etats, _ = self.rnn(entree)\n            return self.sortie(etats).transpose(0, 1)\n\n    return ModeleCorrecteur()\n')

    def entrainement_compare(copie, entrainer_copie, K, H, T, pas, graine, options):
        """entrainer_copie on a grader's float64 model where it lives, against the same training
    done here (Adam, mean cross-entropy over every position) on the batches the student's
    copie draws from the same generator. Returns the student's losses, the oracle's, and the
    trained weights of both."""
        fabrique = usine_modele_copie()
        modele = C.build_where(entrainer_copie, fabrique, K, H, graine)
        lancer = C.code('def lancer(entrainer_copie, modele, T, K, pas, graine, options):\n    return entrainer_copie(modele, T, K, pas, torch.Generator().manual_seed(graine), **options)')
        lots = C.code('def lots(copie, n, T, K, pas, graine):\n    g = torch.Generator().manual_seed(graine)\n    return [copie(n, T, K, g) for _ in range(pas)]')
        pertes = C.call(lancer, entrainer_copie, modele, T, K, pas, graine + 1, options, name='entrainer_copie')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == pas, f'`entrainer_copie(..., nb_pas={pas}, ...)` doit renvoyer la liste des {pas} pertes, une par pas.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        lot = options.get('taille_lot', 64)
        local = fabrique(K, H, graine)
        optimiseur = torch.optim.Adam(local.parameters(), lr=options.get('lr', 0.01))
        attendues = []
        for x, y in C.call(lots, copie, lot, T, K, pas, graine + 1, name='copie'):
            x, y = (C.as_tensor(x, 'x'), C.as_tensor(y, 'y'))
            logits = local(x)
            perte = F.cross_entropy(logits.reshape(-1, K + 2), y.reshape(-1))
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            attendues.append(perte.item())
        return (pertes, attendues, poids, local.state_dict())
    pertes, attendues, _, _ = entrainement_compare(copie, entrainer_copie, 3, 8, 4, 5, 0, {'taille_lot': 16, 'lr': 0.05})
    C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer_copie` doit renvoyer une liste de flottants Python.', hint='perte.item() (ou float(perte)) à chaque pas.')
    C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name='pertes de entrainer_copie (5 pas, lots de 16, lr = 0,05)', rtol=1e-06, atol=1e-09, reveal=True, hint="un lot copie(taille_lot, T, nb_symboles, generateur) par pas, entropie croisée moyenne sur toutes les positions, zero_grad, backward, step d'un même Adam(lr).")

@test_case(points=None, hidden=True)
def test_entrainer_contre_reference(copie, entrainer_copie):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def usine_modele_copie():
        """The factory of the grader's copy model (one-hot → nn.LSTM or nn.RNN → linear, the
    contract of ModeleCopie), weights from a seeded generator, the global generator untouched."""
        return C.code('\ndef fabrique(K, H, graine, cellule="lstm", type_="float64"):\n    class ModeleCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.rnn = {"lstm": nn.LSTM, "rnn": nn.RNN}[cellule](K + 2, H)\n                self.sortie = nn.Linear(H, K + 2)\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_((2 * torch.rand(p.shape, generator=g, dtype=torch.float64) - 1)\n                            / math.sqrt(H))\n                if cellule == "lstm":  # forget-gate bias +2, as in ModeleCopie\n                    self.rnn.bias_ih_l0[H:2 * H] += 2.0\n            self.to(getattr(torch, type_))\n\n        def forward(self, x):\n            entree = F.one_hot(x.T, K + 2).to(self.sortie.weight.dtype)\n            etats, _ = self.rnn(entree)\n            return self.sortie(etats).transpose(0, 1)\n\n    return ModeleCorrecteur()\n')

    def entrainement_compare(copie, entrainer_copie, K, H, T, pas, graine, options):
        """entrainer_copie on a grader's float64 model where it lives, against the same training
    done here (Adam, mean cross-entropy over every position) on the batches the student's
    copie draws from the same generator. Returns the student's losses, the oracle's, and the
    trained weights of both."""
        fabrique = usine_modele_copie()
        modele = C.build_where(entrainer_copie, fabrique, K, H, graine)
        lancer = C.code('def lancer(entrainer_copie, modele, T, K, pas, graine, options):\n    return entrainer_copie(modele, T, K, pas, torch.Generator().manual_seed(graine), **options)')
        lots = C.code('def lots(copie, n, T, K, pas, graine):\n    g = torch.Generator().manual_seed(graine)\n    return [copie(n, T, K, g) for _ in range(pas)]')
        pertes = C.call(lancer, entrainer_copie, modele, T, K, pas, graine + 1, options, name='entrainer_copie')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == pas, f'`entrainer_copie(..., nb_pas={pas}, ...)` doit renvoyer la liste des {pas} pertes, une par pas.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        lot = options.get('taille_lot', 64)
        local = fabrique(K, H, graine)
        optimiseur = torch.optim.Adam(local.parameters(), lr=options.get('lr', 0.01))
        attendues = []
        for x, y in C.call(lots, copie, lot, T, K, pas, graine + 1, name='copie'):
            x, y = (C.as_tensor(x, 'x'), C.as_tensor(y, 'y'))
            logits = local(x)
            perte = F.cross_entropy(logits.reshape(-1, K + 2), y.reshape(-1))
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            attendues.append(perte.item())
        return (pertes, attendues, poids, local.state_dict())
    for K, H, T, pas, graine, options in ((4, 6, 3, 6, 10, {'taille_lot': 8, 'lr': 0.03}), (2, 5, 1, 3, 11, {})):
        quoi = f'{pas} pas, T = {T}, K = {K}, ' + (f"taille_lot = {options['taille_lot']}, lr = {options['lr']}" if options else 'taille_lot et lr par défaut')
        pertes, attendues, poids, poids_attendus = entrainement_compare(copie, entrainer_copie, K, H, T, pas, graine, options)
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer_copie` doit renvoyer une liste de flottants Python.')
        C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name=f'pertes de entrainer_copie ({quoi})', rtol=1e-06, atol=1e-09, hint='la perte de chaque pas, calculée avant la mise à jour : entropie croisée moyenne sur toutes les positions (blancs compris) ; un seul optimiseur Adam(lr) créé avant la boucle ; zero_grad à chaque pas ; un nouveau lot par pas tiré avec generateur.')
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu.detach(), name=f'poids `{nom}` après entrainer_copie ({quoi})', rtol=1e-06, atol=1e-09, hint="nb_pas pas d'Adam exactement, dont le dernier.")

@test_case(points=None, hidden=True)
def test_entrainer_generateur(entrainer_copie):
    from autograder import checks as C

    def usine_modele_copie():
        """The factory of the grader's copy model (one-hot → nn.LSTM or nn.RNN → linear, the
    contract of ModeleCopie), weights from a seeded generator, the global generator untouched."""
        return C.code('\ndef fabrique(K, H, graine, cellule="lstm", type_="float64"):\n    class ModeleCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.rnn = {"lstm": nn.LSTM, "rnn": nn.RNN}[cellule](K + 2, H)\n                self.sortie = nn.Linear(H, K + 2)\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_((2 * torch.rand(p.shape, generator=g, dtype=torch.float64) - 1)\n                            / math.sqrt(H))\n                if cellule == "lstm":  # forget-gate bias +2, as in ModeleCopie\n                    self.rnn.bias_ih_l0[H:2 * H] += 2.0\n            self.to(getattr(torch, type_))\n\n        def forward(self, x):\n            entree = F.one_hot(x.T, K + 2).to(self.sortie.weight.dtype)\n            etats, _ = self.rnn(entree)\n            return self.sortie(etats).transpose(0, 1)\n\n    return ModeleCorrecteur()\n')
    entrainer_neuf = C.code('\ndef entrainer_neuf(K, H, graine, T, pas, generateur):\n    return entrainer(fabrique(K, H, graine), T, K, pas, generateur, taille_lot=8, lr=0.05)\n', entrainer=entrainer_copie, fabrique=usine_modele_copie())
    pertes = C.expect_generator_obeyed(entrainer_neuf, 3, 5, 30, 2, 3, name='entrainer_copie', keyword='generateur')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 3, '`entrainer_copie(..., nb_pas=3, ...)` doit renvoyer la liste des 3 pertes.')

@test_case(points=None, hidden=True)
def test_lstm_apprend_la_copie(entrainer_copie):
    import torch
    from autograder import checks as C

    def usine_modele_copie():
        """The factory of the grader's copy model (one-hot → nn.LSTM or nn.RNN → linear, the
    contract of ModeleCopie), weights from a seeded generator, the global generator untouched."""
        return C.code('\ndef fabrique(K, H, graine, cellule="lstm", type_="float64"):\n    class ModeleCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.rnn = {"lstm": nn.LSTM, "rnn": nn.RNN}[cellule](K + 2, H)\n                self.sortie = nn.Linear(H, K + 2)\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_((2 * torch.rand(p.shape, generator=g, dtype=torch.float64) - 1)\n                            / math.sqrt(H))\n                if cellule == "lstm":  # forget-gate bias +2, as in ModeleCopie\n                    self.rnn.bias_ih_l0[H:2 * H] += 2.0\n            self.to(getattr(torch, type_))\n\n        def forward(self, x):\n            entree = F.one_hot(x.T, K + 2).to(self.sortie.weight.dtype)\n            etats, _ = self.rnn(entree)\n            return self.sortie(etats).transpose(0, 1)\n\n    return ModeleCorrecteur()\n')

    def precision_oracle(logits, y):
        """Accuracy on the 8 recall positions, from logits (n, L, K + 2)."""
        return float((logits.argmax(dim=-1)[:, -8:] == y[:, -8:]).double().mean())

    def donnees_copie(n, T, K, graine):
        """The grader's own copy-task data (its oracle of the conventions)."""
        g = torch.Generator().manual_seed(graine)
        symboles = torch.randint(1, K + 1, (n, 8), generator=g)
        x = torch.zeros(n, T + 16, dtype=torch.long)
        x[:, :8] = symboles
        x[:, T + 7] = K + 1
        y = torch.zeros_like(x)
        y[:, T + 8:] = symboles
        return (x, y)
    K, H, T, pas, seuil = (4, 128, 10, 600, 0.3)
    fabrique = usine_modele_copie()
    modele = C.build_where(entrainer_copie, fabrique, K, H, 40, 'lstm', 'float32')
    lancer = C.code('def lancer(entrainer_copie, modele, T, K, pas):\n    return entrainer_copie(modele, T, K, pas, torch.Generator().manual_seed(41), taille_lot=32, lr=0.03)')
    pertes = C.call(lancer, entrainer_copie, modele, T, K, pas, name='entrainer_copie')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == pas, f'`entrainer_copie` doit renvoyer la liste des {pas} pertes.')
    poids = C.call(modele.state_dict, name='modele.state_dict')
    local = fabrique(K, H, 40, 'lstm', 'float32')
    local.load_state_dict({k: C.as_tensor(v, k) for k, v in poids.items()})
    x, y = donnees_copie(1000, T, K, 42)
    with torch.no_grad():
        precision = precision_oracle(local(x), y)
    C.expect(precision >= seuil, f'Après {pas} pas de votre `entrainer_copie`, un LSTM ne recopie que {precision:.1%} des symboles à T = {T} (hasard : {1 / K:.0%}).', hint="vérifiez la perte (entropie croisée sur les K + 2 classes, toutes les positions), le pas d'Adam et les lots tirés par copie.")

