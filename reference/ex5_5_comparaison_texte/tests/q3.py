from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_entrainer_exemple(entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def lot_aleatoire(g, B, L, V):
        """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[1], longueurs[-1] = (L, 1)
        ids = torch.randint(1, V, (B, L), generator=g)
        ids[torch.arange(L) >= longueurs[:, None]] = 0
        return (ids, longueurs)

    def usine_sac_de_mots():
        """The factory of the grader's model for the training checks: a bag of embeddings (mean
    over the true words) and a linear layer, float64, weights from a seeded generator, the
    global generator untouched."""
        return C.code('\ndef fabrique(V, d, K, graine):\n    class SacDeMots(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.embedding = nn.Embedding(V, d)\n                self.sortie = nn.Linear(d, K)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.5)\n\n        def forward(self, ids, longueurs):\n            e = self.embedding(ids) * (ids > 0).unsqueeze(-1)\n            return self.sortie(e.sum(dim=1) / longueurs.unsqueeze(-1))\n\n    return SacDeMots()\n')

    def tache_du_correcteur(N, L, V, graine):
        """A learnable grader task: the class is the first word's index modulo 3."""
        g = torch.Generator().manual_seed(graine)
        ids, longueurs = lot_aleatoire(g, N, L, V)
        return (ids, longueurs, ids[:, 0] % 3)

    def entrainement_compare(entrainer, N, epoques, taille_lot, lr, graine):
        """entrainer on a grader's float64 model where it lives, against the same training done
    here (the statement's batches and loss). Returns the student's losses, the oracle's, and the
    trained weights of both."""
        V, d, L = (12, 4, 6)
        ids, longueurs, y = tache_du_correcteur(N, L, V, graine)
        fabrique = usine_sac_de_mots()
        modele = C.build_where(entrainer, fabrique, V, d, 3, graine)
        lancer = C.code('def lancer(entrainer, modele, ids, longueurs, y, epoques, taille_lot, lr, graine):\n    return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
        pertes = C.call(lancer, entrainer, modele, ids, longueurs, y, epoques, taille_lot, lr, graine + 1, name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques, f"`entrainer(..., epoques={epoques}, ...)` doit renvoyer la liste des {epoques} pertes d'époque.")
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer` doit renvoyer une liste de flottants Python.', hint='perte.item() (ou float(perte)) pour chaque lot.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        local = fabrique(V, d, 3, graine)
        optimiseur = torch.optim.Adam(local.parameters(), lr=lr)
        g = torch.Generator().manual_seed(graine + 1)
        attendues = []
        for _ in range(epoques):
            total = 0.0
            for lot in torch.randperm(N, generator=g).split(taille_lot):
                perte = F.cross_entropy(local(ids[lot], longueurs[lot]), y[lot])
                optimiseur.zero_grad()
                perte.backward()
                optimiseur.step()
                total += perte.item() * len(lot)
            attendues.append(total / N)
        return (pertes, attendues, poids, local.state_dict())
    pertes, attendues, _, _ = entrainement_compare(entrainer, 40, 2, 16, 0.05, 5)
    C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name="pertes d'époque de entrainer (40 exemples, 2 époques, lots de 16, lr = 0,05)", rtol=1e-06, atol=1e-09, reveal=True, hint="ordre = torch.randperm(N, generator=generateur) à chaque époque, lots consécutifs de taille_lot (le dernier de 8), perte d'époque = Σ perte_lot × taille du lot / N.")

@test_case(points=None, hidden=True)
def test_entrainer_contre_reference(entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def lot_aleatoire(g, B, L, V):
        """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[1], longueurs[-1] = (L, 1)
        ids = torch.randint(1, V, (B, L), generator=g)
        ids[torch.arange(L) >= longueurs[:, None]] = 0
        return (ids, longueurs)

    def usine_sac_de_mots():
        """The factory of the grader's model for the training checks: a bag of embeddings (mean
    over the true words) and a linear layer, float64, weights from a seeded generator, the
    global generator untouched."""
        return C.code('\ndef fabrique(V, d, K, graine):\n    class SacDeMots(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.embedding = nn.Embedding(V, d)\n                self.sortie = nn.Linear(d, K)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.5)\n\n        def forward(self, ids, longueurs):\n            e = self.embedding(ids) * (ids > 0).unsqueeze(-1)\n            return self.sortie(e.sum(dim=1) / longueurs.unsqueeze(-1))\n\n    return SacDeMots()\n')

    def tache_du_correcteur(N, L, V, graine):
        """A learnable grader task: the class is the first word's index modulo 3."""
        g = torch.Generator().manual_seed(graine)
        ids, longueurs = lot_aleatoire(g, N, L, V)
        return (ids, longueurs, ids[:, 0] % 3)

    def entrainement_compare(entrainer, N, epoques, taille_lot, lr, graine):
        """entrainer on a grader's float64 model where it lives, against the same training done
    here (the statement's batches and loss). Returns the student's losses, the oracle's, and the
    trained weights of both."""
        V, d, L = (12, 4, 6)
        ids, longueurs, y = tache_du_correcteur(N, L, V, graine)
        fabrique = usine_sac_de_mots()
        modele = C.build_where(entrainer, fabrique, V, d, 3, graine)
        lancer = C.code('def lancer(entrainer, modele, ids, longueurs, y, epoques, taille_lot, lr, graine):\n    return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
        pertes = C.call(lancer, entrainer, modele, ids, longueurs, y, epoques, taille_lot, lr, graine + 1, name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques, f"`entrainer(..., epoques={epoques}, ...)` doit renvoyer la liste des {epoques} pertes d'époque.")
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer` doit renvoyer une liste de flottants Python.', hint='perte.item() (ou float(perte)) pour chaque lot.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        local = fabrique(V, d, 3, graine)
        optimiseur = torch.optim.Adam(local.parameters(), lr=lr)
        g = torch.Generator().manual_seed(graine + 1)
        attendues = []
        for _ in range(epoques):
            total = 0.0
            for lot in torch.randperm(N, generator=g).split(taille_lot):
                perte = F.cross_entropy(local(ids[lot], longueurs[lot]), y[lot])
                optimiseur.zero_grad()
                perte.backward()
                optimiseur.step()
                total += perte.item() * len(lot)
            attendues.append(total / N)
        return (pertes, attendues, poids, local.state_dict())
    for N, epoques, taille_lot, lr, graine in ((45, 4, 8, 0.05, 10), (7, 3, 10, 0.1, 11), (30, 1, 1, 0.01, 12)):
        quoi = f'N = {N}, {epoques} époques, lots de {taille_lot}, lr = {lr}'
        pertes, attendues, poids, poids_attendus = entrainement_compare(entrainer, N, epoques, taille_lot, lr, graine)
        C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name=f"pertes d'époque de entrainer ({quoi})", rtol=1e-06, atol=1e-09, hint="un seul Adam(lr) créé avant la boucle ; à chaque époque un nouvel ordre torch.randperm(N, generator=generateur) ; zero_grad, backward, step pour chaque lot ; perte d'époque = moyenne par exemple (le dernier lot est plus petit).")
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu.detach(), name=f'poids `{nom}` après entrainer ({quoi})', rtol=1e-06, atol=1e-09, hint="epoques × ⌈N / taille_lot⌉ pas d'Adam exactement.")
        if epoques > 1:
            C.expect(pertes[-1] < pertes[0], f"La perte d'époque ne diminue pas ({quoi}) sur une tâche simple.")

@test_case(points=None, hidden=True)
def test_entrainer_generateur(entrainer):
    import torch
    from autograder import checks as C

    def lot_aleatoire(g, B, L, V):
        """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[1], longueurs[-1] = (L, 1)
        ids = torch.randint(1, V, (B, L), generator=g)
        ids[torch.arange(L) >= longueurs[:, None]] = 0
        return (ids, longueurs)

    def usine_sac_de_mots():
        """The factory of the grader's model for the training checks: a bag of embeddings (mean
    over the true words) and a linear layer, float64, weights from a seeded generator, the
    global generator untouched."""
        return C.code('\ndef fabrique(V, d, K, graine):\n    class SacDeMots(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.embedding = nn.Embedding(V, d)\n                self.sortie = nn.Linear(d, K)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for p in self.parameters():\n                    p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.5)\n\n        def forward(self, ids, longueurs):\n            e = self.embedding(ids) * (ids > 0).unsqueeze(-1)\n            return self.sortie(e.sum(dim=1) / longueurs.unsqueeze(-1))\n\n    return SacDeMots()\n')

    def tache_du_correcteur(N, L, V, graine):
        """A learnable grader task: the class is the first word's index modulo 3."""
        g = torch.Generator().manual_seed(graine)
        ids, longueurs = lot_aleatoire(g, N, L, V)
        return (ids, longueurs, ids[:, 0] % 3)
    ids, longueurs, y = tache_du_correcteur(20, 5, 12, 13)
    entrainer_neuf = C.code('\ndef entrainer_neuf(ids, longueurs, y, generateur):\n    return entrainer(fabrique(12, 4, 3, 0), ids, longueurs, y, 2, 6, 0.05, generateur)\n', entrainer=entrainer, fabrique=usine_sac_de_mots())
    pertes = C.expect_generator_obeyed(entrainer_neuf, ids, longueurs, y, name='entrainer', keyword='generateur', hint='mélangez avec torch.randperm(N, generator=generateur), sans torch.manual_seed.')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 2, '`entrainer(..., epoques=2, ...)` doit renvoyer la liste des 2 pertes.')

@test_case(points=None, hidden=False)
def test_modeles_entraines_test(modele_lstm, modele_gru, modele_transformer, encoder, vocab):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_sur(modele, encoder, vocab, partie, quoi):
        """Accuracy of `modele` on the texts of `partie`, coded by the student's encoder and vocab
    (LONGUEUR_MAX = 40) where they live; the verdict is computed here."""
        textes, y = data.texts('course-text', partie)
        predire = C.code('def predire(modele, encoder, vocab, textes):\n    ids, longueurs = encoder(textes, vocab, 40)\n    modele.eval()\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        logits = C.as_tensor(C.call(predire, modele, encoder, vocab, textes, name=quoi), quoi)
        C.expect_shape(logits, (len(y), 3), name=f'{quoi}(textes codés)')
        return float((logits.argmax(dim=1) == y).double().mean())

    def expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab, partie, public):
        for nom, modele in (('lstm', modele_lstm), ('gru', modele_gru), ('transformer', modele_transformer)):
            quoi = f'modele_{nom}'
            lire = C.code("lambda m: [type(m).__name__, type(getattr(m, 'rnn', None)).__name__, type(getattr(m, 'encodeur', None)).__name__]")
            classe, rnn, encodeur = C.call(lire, C.require(modele, quoi, 'variable'), name=quoi)
            attendu = ('ClassifieurTransformer', 'TransformerEncoder') if nom == 'transformer' else ('ClassifieurRNN', nom.upper())
            decrit = 'ClassifieurTransformer' if nom == 'transformer' else f'ClassifieurRNN ({nom})'
            C.expect((classe, encodeur if nom == 'transformer' else rnn) == attendu, f'`{quoi}` devrait être le {decrit} entraîné par la cellule fournie.', hint="ne modifiez pas la cellule d'entraînement fournie.")
            precision = precision_sur(modele, encoder, vocab, partie, quoi)
            seuil = C.budget('5.5', nom).threshold
            C.expect(seuil is not None, f"Aucun seuil calibré pour `{quoi}` sur ces données : la précision ne peut pas être jugée (l'enseignant doit lancer `autograder calibrate`).")
            seuil = seuil - 0.05 if public else seuil
            detail = f' : {precision:.1%} < {seuil:.0%}' if public else ''
            C.expect(precision >= seuil, f"`{quoi}` ne dépasse pas le seuil de précision {('sur le test' if public else 'sur les phrases de la correction')}{detail}.", hint="vérifiez le codage (q1), le modèle (q2 : remplissage ignoré, bons états de chaque direction) et l'entraînement (q3), puis relancez la cellule d'entraînement.")
    expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab, 'test', True)

@test_case(points=None, hidden=True)
def test_modeles_entraines_holdout(modele_lstm, modele_gru, modele_transformer, encoder, vocab):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_sur(modele, encoder, vocab, partie, quoi):
        """Accuracy of `modele` on the texts of `partie`, coded by the student's encoder and vocab
    (LONGUEUR_MAX = 40) where they live; the verdict is computed here."""
        textes, y = data.texts('course-text', partie)
        predire = C.code('def predire(modele, encoder, vocab, textes):\n    ids, longueurs = encoder(textes, vocab, 40)\n    modele.eval()\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        logits = C.as_tensor(C.call(predire, modele, encoder, vocab, textes, name=quoi), quoi)
        C.expect_shape(logits, (len(y), 3), name=f'{quoi}(textes codés)')
        return float((logits.argmax(dim=1) == y).double().mean())

    def expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab, partie, public):
        for nom, modele in (('lstm', modele_lstm), ('gru', modele_gru), ('transformer', modele_transformer)):
            quoi = f'modele_{nom}'
            lire = C.code("lambda m: [type(m).__name__, type(getattr(m, 'rnn', None)).__name__, type(getattr(m, 'encodeur', None)).__name__]")
            classe, rnn, encodeur = C.call(lire, C.require(modele, quoi, 'variable'), name=quoi)
            attendu = ('ClassifieurTransformer', 'TransformerEncoder') if nom == 'transformer' else ('ClassifieurRNN', nom.upper())
            decrit = 'ClassifieurTransformer' if nom == 'transformer' else f'ClassifieurRNN ({nom})'
            C.expect((classe, encodeur if nom == 'transformer' else rnn) == attendu, f'`{quoi}` devrait être le {decrit} entraîné par la cellule fournie.', hint="ne modifiez pas la cellule d'entraînement fournie.")
            precision = precision_sur(modele, encoder, vocab, partie, quoi)
            seuil = C.budget('5.5', nom).threshold
            C.expect(seuil is not None, f"Aucun seuil calibré pour `{quoi}` sur ces données : la précision ne peut pas être jugée (l'enseignant doit lancer `autograder calibrate`).")
            seuil = seuil - 0.05 if public else seuil
            detail = f' : {precision:.1%} < {seuil:.0%}' if public else ''
            C.expect(precision >= seuil, f"`{quoi}` ne dépasse pas le seuil de précision {('sur le test' if public else 'sur les phrases de la correction')}{detail}.", hint="vérifiez le codage (q1), le modèle (q2 : remplissage ignoré, bons états de chaque direction) et l'entraînement (q3), puis relancez la cellule d'entraînement.")
    expect_modeles_entraines(modele_lstm, modele_gru, modele_transformer, encoder, vocab, 'holdout', False)

@test_case(points=None, hidden=True)
def test_precision_apres_entrainement_lstm(ClassifieurRNN, ClassifieurTransformer, entrainer, encoder, vocab):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_sur(modele, encoder, vocab, partie, quoi):
        """Accuracy of `modele` on the texts of `partie`, coded by the student's encoder and vocab
    (LONGUEUR_MAX = 40) where they live; the verdict is computed here."""
        textes, y = data.texts('course-text', partie)
        predire = C.code('def predire(modele, encoder, vocab, textes):\n    ids, longueurs = encoder(textes, vocab, 40)\n    modele.eval()\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        logits = C.as_tensor(C.call(predire, modele, encoder, vocab, textes, name=quoi), quoi)
        C.expect_shape(logits, (len(y), 3), name=f'{quoi}(textes codés)')
        return float((logits.argmax(dim=1) == y).double().mean())
    cellule = 'lstm'
    b = C.budget('5.5', cellule)
    taille_vocab = C.call(C.code('lambda v: len(v)'), C.require(vocab, 'vocab', 'variable'), name='len(vocab)')
    if cellule == 'transformer':
        quoi = 'ClassifieurTransformer(len(vocab), 32, 2, 1, 64, 3, 40)'
        modele = C.make_model(ClassifieurTransformer, taille_vocab, 32, 2, 1, 64, 3, 40, name=quoi)
    else:
        quoi = f'ClassifieurRNN(len(vocab), 32, 32, 3, {cellule!r})'
        modele = C.make_model(ClassifieurRNN, taille_vocab, 32, 32, 3, cellule, name=quoi)
    textes, y = data.texts('course-text', 'train')
    lancer = C.code('def lancer(entrainer, modele, encoder, vocab, textes, y, epoques, taille_lot, lr, graine):\n    ids, longueurs = encoder(textes, vocab, 40)\n    return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
    pertes = C.call(lancer, entrainer, modele, encoder, vocab, textes[:b.train_size], y[:b.train_size], b.epochs, b.batch_size, b.lr, C.seed(), name='entrainer')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == b.epochs, f"`entrainer` doit renvoyer la liste des {b.epochs} pertes d'époque.")
    C.expect_accuracy(precision_sur(modele, encoder, vocab, 'holdout', quoi), b, name=quoi, hint="vérifiez le codage (q1), le modèle (q2) et l'entraînement (q3).")

@test_case(points=None, hidden=True)
def test_precision_apres_entrainement_gru(ClassifieurRNN, ClassifieurTransformer, entrainer, encoder, vocab):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_sur(modele, encoder, vocab, partie, quoi):
        """Accuracy of `modele` on the texts of `partie`, coded by the student's encoder and vocab
    (LONGUEUR_MAX = 40) where they live; the verdict is computed here."""
        textes, y = data.texts('course-text', partie)
        predire = C.code('def predire(modele, encoder, vocab, textes):\n    ids, longueurs = encoder(textes, vocab, 40)\n    modele.eval()\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        logits = C.as_tensor(C.call(predire, modele, encoder, vocab, textes, name=quoi), quoi)
        C.expect_shape(logits, (len(y), 3), name=f'{quoi}(textes codés)')
        return float((logits.argmax(dim=1) == y).double().mean())
    cellule = 'gru'
    b = C.budget('5.5', cellule)
    taille_vocab = C.call(C.code('lambda v: len(v)'), C.require(vocab, 'vocab', 'variable'), name='len(vocab)')
    if cellule == 'transformer':
        quoi = 'ClassifieurTransformer(len(vocab), 32, 2, 1, 64, 3, 40)'
        modele = C.make_model(ClassifieurTransformer, taille_vocab, 32, 2, 1, 64, 3, 40, name=quoi)
    else:
        quoi = f'ClassifieurRNN(len(vocab), 32, 32, 3, {cellule!r})'
        modele = C.make_model(ClassifieurRNN, taille_vocab, 32, 32, 3, cellule, name=quoi)
    textes, y = data.texts('course-text', 'train')
    lancer = C.code('def lancer(entrainer, modele, encoder, vocab, textes, y, epoques, taille_lot, lr, graine):\n    ids, longueurs = encoder(textes, vocab, 40)\n    return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
    pertes = C.call(lancer, entrainer, modele, encoder, vocab, textes[:b.train_size], y[:b.train_size], b.epochs, b.batch_size, b.lr, C.seed(), name='entrainer')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == b.epochs, f"`entrainer` doit renvoyer la liste des {b.epochs} pertes d'époque.")
    C.expect_accuracy(precision_sur(modele, encoder, vocab, 'holdout', quoi), b, name=quoi, hint="vérifiez le codage (q1), le modèle (q2) et l'entraînement (q3).")

@test_case(points=None, hidden=True)
def test_precision_apres_entrainement_transformer(ClassifieurRNN, ClassifieurTransformer, entrainer, encoder, vocab):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_sur(modele, encoder, vocab, partie, quoi):
        """Accuracy of `modele` on the texts of `partie`, coded by the student's encoder and vocab
    (LONGUEUR_MAX = 40) where they live; the verdict is computed here."""
        textes, y = data.texts('course-text', partie)
        predire = C.code('def predire(modele, encoder, vocab, textes):\n    ids, longueurs = encoder(textes, vocab, 40)\n    modele.eval()\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        logits = C.as_tensor(C.call(predire, modele, encoder, vocab, textes, name=quoi), quoi)
        C.expect_shape(logits, (len(y), 3), name=f'{quoi}(textes codés)')
        return float((logits.argmax(dim=1) == y).double().mean())
    cellule = 'transformer'
    b = C.budget('5.5', cellule)
    taille_vocab = C.call(C.code('lambda v: len(v)'), C.require(vocab, 'vocab', 'variable'), name='len(vocab)')
    if cellule == 'transformer':
        quoi = 'ClassifieurTransformer(len(vocab), 32, 2, 1, 64, 3, 40)'
        modele = C.make_model(ClassifieurTransformer, taille_vocab, 32, 2, 1, 64, 3, 40, name=quoi)
    else:
        quoi = f'ClassifieurRNN(len(vocab), 32, 32, 3, {cellule!r})'
        modele = C.make_model(ClassifieurRNN, taille_vocab, 32, 32, 3, cellule, name=quoi)
    textes, y = data.texts('course-text', 'train')
    lancer = C.code('def lancer(entrainer, modele, encoder, vocab, textes, y, epoques, taille_lot, lr, graine):\n    ids, longueurs = encoder(textes, vocab, 40)\n    return entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
    pertes = C.call(lancer, entrainer, modele, encoder, vocab, textes[:b.train_size], y[:b.train_size], b.epochs, b.batch_size, b.lr, C.seed(), name='entrainer')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == b.epochs, f"`entrainer` doit renvoyer la liste des {b.epochs} pertes d'époque.")
    C.expect_accuracy(precision_sur(modele, encoder, vocab, 'holdout', quoi), b, name=quoi, hint="vérifiez le codage (q1), le modèle (q2) et l'entraînement (q3).")

