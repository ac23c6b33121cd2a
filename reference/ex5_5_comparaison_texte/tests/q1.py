from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_tokeniser_exemple(tokeniser):
    from autograder import checks as C

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def expect_mots(recu, texte, quoi, reveal):
        attendu = mots_attendus(texte)
        C.expect(isinstance(recu, list) and all((isinstance(m, str) for m in recu)), f'`{quoi}` doit renvoyer une liste de chaînes (reçu {type(recu).__name__}).', hint='re.findall renvoie déjà une liste de chaînes.')
        if reveal:
            C.expect_equal(recu, attendu, name=quoi, reveal=True, hint='minuscules d\'abord, puis re.findall(r"[^\\W_]+", ...) : l\'apostrophe et la virgule séparent les mots.')
        C.expect(recu == attendu, f"`{quoi}` ne découpe pas le texte selon la règle de l'énoncé ({len(recu)} mots au lieu du bon nombre)." if len(recu) != len(attendu) else f"`{quoi}` ne découpe pas le texte selon la règle de l'énoncé (mêmes nombres de mots, mots différents).", hint='texte.lower() puis les suites maximales de caractères alphanumériques : lettres accentuées et grecques comprises, `_`, apostrophes, tirets et symboles séparent les mots.')
    texte = 'L’entropie croisée (CE) vaut 0,5 !'
    expect_mots(C.call(tokeniser, texte, name='tokeniser'), texte, f'tokeniser({texte!r})', True)

@test_case(points=None, hidden=True)
def test_tokeniser_regle(tokeniser):
    from autograder import checks as C

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def expect_mots(recu, texte, quoi, reveal):
        attendu = mots_attendus(texte)
        C.expect(isinstance(recu, list) and all((isinstance(m, str) for m in recu)), f'`{quoi}` doit renvoyer une liste de chaînes (reçu {type(recu).__name__}).', hint='re.findall renvoie déjà une liste de chaînes.')
        if reveal:
            C.expect_equal(recu, attendu, name=quoi, reveal=True, hint='minuscules d\'abord, puis re.findall(r"[^\\W_]+", ...) : l\'apostrophe et la virgule séparent les mots.')
        C.expect(recu == attendu, f"`{quoi}` ne découpe pas le texte selon la règle de l'énoncé ({len(recu)} mots au lieu du bon nombre)." if len(recu) != len(attendu) else f"`{quoi}` ne découpe pas le texte selon la règle de l'énoncé (mêmes nombres de mots, mots différents).", hint='texte.lower() puis les suites maximales de caractères alphanumériques : lettres accentuées et grecques comprises, `_`, apostrophes, tirets et symboles séparent les mots.')
    textes = ['ÉTÉ, Été et été.', "x_1 + x2 = σ′(z) ; Œuvre d'État-major", '', '... ! ?', 'Réseau\tde\nneurones   profond', "le GPT-3 (2020) et l'ELBO…", 'θ̂MLE = arg max θ ∑ log p(yi | xi; θ)', 'ça coûte 1,5 % de plus']
    for texte in textes:
        expect_mots(C.call(tokeniser, texte, name='tokeniser'), texte, 'tokeniser sur un texte de la correction', False)

@test_case(points=None, hidden=False)
def test_vocabulaire_exemple(construire_vocabulaire):
    from autograder import checks as C

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def vocabulaire_attendu(textes, freq_min):
        """The oracle of construire_vocabulaire."""
        compte = {}
        for texte in textes:
            for mot in mots_attendus(texte):
                compte[mot] = compte.get(mot, 0) + 1
        vocab = {'<pad>': 0, '<unk>': 1}
        for mot in sorted((m for m, c in compte.items() if c >= freq_min), key=lambda m: (-compte[m], m)):
            vocab[mot] = len(vocab)
        return vocab

    def expect_vocabulaire(recu, attendu, quoi, reveal):
        C.expect(isinstance(recu, dict), f'`{quoi}` doit renvoyer un dictionnaire mot → indice (reçu {type(recu).__name__}).')
        C.expect(all((type(v) is int for v in recu.values())), f'Les indices de `{quoi}` doivent être des entiers Python (int).', hint='len(vocab) ou un compteur entier, pas un tenseur.')
        C.expect(recu.get('<pad>') == 0 and recu.get('<unk>') == 1, f'Dans `{quoi}`, "<pad>" doit valoir 0 et "<unk>" 1.')
        manquants, en_trop = (sorted(set(attendu) - set(recu)), sorted(set(recu) - set(attendu)))
        if reveal:
            C.expect_equal(recu, attendu, name=quoi, reveal=True, hint="les mots d'au moins freq_min occurrences, par nombre d'occurrences décroissant puis par ordre alphabétique.")
        C.expect(not manquants and (not en_trop), f'`{quoi}` ne contient pas les bons mots ({len(manquants)} mots manquants, {len(en_trop)} en trop).', hint="comptez toutes les occurrences (un mot répété dans un texte compte plusieurs fois) et gardez les mots d'au moins freq_min occurrences (freq_min = 2 par défaut).")
        C.expect(recu == attendu, f'`{quoi}` contient les bons mots mais pas aux bons indices.', hint='indices 2, 3, … par nombre d\'occurrences décroissant ; les ex æquo dans l\'ordre de sorted (points de code : "z" avant "é").')
    textes = ['le chat dort', 'le chien dort', 'le chat']
    expect_vocabulaire(C.call(construire_vocabulaire, list(textes), 1, name='construire_vocabulaire'), vocabulaire_attendu(textes, 1), 'construire_vocabulaire(textes, 1)', True)

@test_case(points=None, hidden=True)
def test_vocabulaire_regle(construire_vocabulaire):
    import torch
    from autograder import checks as C

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def vocabulaire_attendu(textes, freq_min):
        """The oracle of construire_vocabulaire."""
        compte = {}
        for texte in textes:
            for mot in mots_attendus(texte):
                compte[mot] = compte.get(mot, 0) + 1
        vocab = {'<pad>': 0, '<unk>': 1}
        for mot in sorted((m for m, c in compte.items() if c >= freq_min), key=lambda m: (-compte[m], m)):
            vocab[mot] = len(vocab)
        return vocab

    def expect_vocabulaire(recu, attendu, quoi, reveal):
        C.expect(isinstance(recu, dict), f'`{quoi}` doit renvoyer un dictionnaire mot → indice (reçu {type(recu).__name__}).')
        C.expect(all((type(v) is int for v in recu.values())), f'Les indices de `{quoi}` doivent être des entiers Python (int).', hint='len(vocab) ou un compteur entier, pas un tenseur.')
        C.expect(recu.get('<pad>') == 0 and recu.get('<unk>') == 1, f'Dans `{quoi}`, "<pad>" doit valoir 0 et "<unk>" 1.')
        manquants, en_trop = (sorted(set(attendu) - set(recu)), sorted(set(recu) - set(attendu)))
        if reveal:
            C.expect_equal(recu, attendu, name=quoi, reveal=True, hint="les mots d'au moins freq_min occurrences, par nombre d'occurrences décroissant puis par ordre alphabétique.")
        C.expect(not manquants and (not en_trop), f'`{quoi}` ne contient pas les bons mots ({len(manquants)} mots manquants, {len(en_trop)} en trop).', hint="comptez toutes les occurrences (un mot répété dans un texte compte plusieurs fois) et gardez les mots d'au moins freq_min occurrences (freq_min = 2 par défaut).")
        C.expect(recu == attendu, f'`{quoi}` contient les bons mots mais pas aux bons indices.', hint='indices 2, 3, … par nombre d\'occurrences décroissant ; les ex æquo dans l\'ordre de sorted (points de code : "z" avant "é").')
    g = torch.Generator().manual_seed(550)
    mots = ['zèbre', 'été', 'abeille', 'Été', 'zoo', 'ôter', 'un', 'deux', 'x1', 'a']
    textes = [' '.join((mots[int(i)] for i in torch.randint(0, len(mots), (int(n),), generator=g))) + (', l’été.' if k % 3 == 0 else '') for k, n in enumerate(torch.randint(0, 9, (25,), generator=g))]
    for freq_min in (None, 1, 3, 6):
        copie = list(textes)
        if freq_min is None:
            recu, apres = C.call_seeing_arguments(construire_vocabulaire, copie, name='construire_vocabulaire')
            quoi, freq_min = ('construire_vocabulaire(textes)', 2)
        else:
            recu, apres = C.call_seeing_arguments(construire_vocabulaire, copie, freq_min, name='construire_vocabulaire')
            quoi = f'construire_vocabulaire(textes, {freq_min})'
        C.expect(list(apres[0]) == textes, f'`{quoi}` modifie la liste `textes` reçue.')
        expect_vocabulaire(recu, vocabulaire_attendu(textes, freq_min), quoi, False)

@test_case(points=None, hidden=False)
def test_encoder_exemple(encoder):
    import torch
    from autograder import checks as C

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def expect_encodage(resultat, attendu, quoi, reveal):
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (ids, longueurs).')
        ids, longueurs = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, ('ids', 'longueurs'), strict=True))
        ids_attendus, longueurs_attendues = attendu
        for v, nom in ((ids, 'ids'), (longueurs, 'longueurs')):
            C.expect_dtype(v, torch.int64, name=f'{nom} de {quoi}', hint='des indices entiers : dtype=torch.int64 (torch.long).')
        C.expect_shape(longueurs, tuple(longueurs_attendues.shape), name=f'longueurs de {quoi}')
        if reveal:
            C.expect_equal(longueurs.tolist(), longueurs_attendues.tolist(), name=f'longueurs de {quoi}', reveal=True)
        faux = int((longueurs != longueurs_attendues).sum())
        C.expect(faux == 0, f'`{quoi}` : {faux} longueur(s) sur {len(longueurs)} sont fausses.', hint='le nombre de mots gardés (au plus longueur_max) ; 1 pour un texte sans mot.')
        C.expect_shape(ids, tuple(ids_attendus.shape), name=f'ids de {quoi}', hint='L = la plus grande des longueurs gardées, pas toujours longueur_max.')
        if reveal:
            C.expect_equal(ids.tolist(), ids_attendus.tolist(), name=f'ids de {quoi}', reveal=True)
        faux = int((ids != ids_attendus).any(dim=1).sum())
        C.expect(faux == 0, f'`{quoi}` : {faux} ligne(s) de ids sur {len(ids)} sont fausses.', hint='les indices des premiers mots, 1 pour un mot absent du vocabulaire, puis des 0 ; un texte vide devient [1].')

    def encodage_attendu(textes, vocab, longueur_max):
        """The oracle of encoder."""
        suites = []
        for texte in textes:
            suite = [vocab.get(m, 1) for m in mots_attendus(texte)][:longueur_max]
            suites.append(suite if suite else [1])
        ids = torch.zeros(len(suites), max((len(s) for s in suites)), dtype=torch.int64)
        for i, suite in enumerate(suites):
            ids[i, :len(suite)] = torch.tensor(suite, dtype=torch.int64)
        return (ids, torch.tensor([len(s) for s in suites], dtype=torch.int64))
    vocab = {'<pad>': 0, '<unk>': 1, 'le': 2, 'chat': 3, 'dort': 4}
    textes = ['Le chat dort.', 'le chien', 'le chat dort sur le tapis']
    expect_encodage(C.call(encoder, list(textes), dict(vocab), 4, name='encoder'), encodage_attendu(textes, vocab, 4), 'encoder(textes, vocab, 4)', True)

@test_case(points=None, hidden=True)
def test_encoder_regle(encoder):
    import torch
    from autograder import checks as C

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def expect_encodage(resultat, attendu, quoi, reveal):
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (ids, longueurs).')
        ids, longueurs = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, ('ids', 'longueurs'), strict=True))
        ids_attendus, longueurs_attendues = attendu
        for v, nom in ((ids, 'ids'), (longueurs, 'longueurs')):
            C.expect_dtype(v, torch.int64, name=f'{nom} de {quoi}', hint='des indices entiers : dtype=torch.int64 (torch.long).')
        C.expect_shape(longueurs, tuple(longueurs_attendues.shape), name=f'longueurs de {quoi}')
        if reveal:
            C.expect_equal(longueurs.tolist(), longueurs_attendues.tolist(), name=f'longueurs de {quoi}', reveal=True)
        faux = int((longueurs != longueurs_attendues).sum())
        C.expect(faux == 0, f'`{quoi}` : {faux} longueur(s) sur {len(longueurs)} sont fausses.', hint='le nombre de mots gardés (au plus longueur_max) ; 1 pour un texte sans mot.')
        C.expect_shape(ids, tuple(ids_attendus.shape), name=f'ids de {quoi}', hint='L = la plus grande des longueurs gardées, pas toujours longueur_max.')
        if reveal:
            C.expect_equal(ids.tolist(), ids_attendus.tolist(), name=f'ids de {quoi}', reveal=True)
        faux = int((ids != ids_attendus).any(dim=1).sum())
        C.expect(faux == 0, f'`{quoi}` : {faux} ligne(s) de ids sur {len(ids)} sont fausses.', hint='les indices des premiers mots, 1 pour un mot absent du vocabulaire, puis des 0 ; un texte vide devient [1].')

    def encodage_attendu(textes, vocab, longueur_max):
        """The oracle of encoder."""
        suites = []
        for texte in textes:
            suite = [vocab.get(m, 1) for m in mots_attendus(texte)][:longueur_max]
            suites.append(suite if suite else [1])
        ids = torch.zeros(len(suites), max((len(s) for s in suites)), dtype=torch.int64)
        for i, suite in enumerate(suites):
            ids[i, :len(suite)] = torch.tensor(suite, dtype=torch.int64)
        return (ids, torch.tensor([len(s) for s in suites], dtype=torch.int64))
    vocab = {'<pad>': 0, '<unk>': 1, 'le': 2, 'réseau': 3, 'apprend': 4, 'vite': 5, 'σ': 6}
    cas = [(['le réseau apprend', 'Réseau !', 'σ'], 10), (['le réseau apprend vite vite le réseau', 'apprend', 'le le'], 4), (['', 'le réseau', '… ?'], 5), (['inconnu total', 'le mot-inconnu apprend'], 3), (['vite'], 1), (['', ''], 6)]
    for textes, longueur_max in cas:
        quoi = f'encoder(textes, vocab, {longueur_max})'
        resultat, apres = C.call_seeing_arguments(encoder, list(textes), dict(vocab), longueur_max, name='encoder')
        C.expect(list(apres[0]) == textes, f'`{quoi}` modifie la liste `textes` reçue.')
        C.expect(dict(apres[1]) == vocab, f'`{quoi}` modifie le vocabulaire reçu.', hint='un mot inconnu est codé 1 (vocab.get(mot, 1)) sans être ajouté à vocab.')
        expect_encodage(resultat, encodage_attendu(textes, vocab, longueur_max), quoi, False)

@test_case(points=None, hidden=False)
def test_vocabulaire_du_train(vocab, ids_train, longueurs_train, ids_test, longueurs_test):
    import torch
    from autograder import checks as C
    from autograder import data

    def mots_attendus(texte):
        """The oracle of tokeniser: the statement's regular expression."""
        import re
        mot = re.compile('[^\\W_]+')
        return mot.findall(texte.lower())

    def vocabulaire_attendu(textes, freq_min):
        """The oracle of construire_vocabulaire."""
        compte = {}
        for texte in textes:
            for mot in mots_attendus(texte):
                compte[mot] = compte.get(mot, 0) + 1
        vocab = {'<pad>': 0, '<unk>': 1}
        for mot in sorted((m for m, c in compte.items() if c >= freq_min), key=lambda m: (-compte[m], m)):
            vocab[mot] = len(vocab)
        return vocab

    def expect_encodage(resultat, attendu, quoi, reveal):
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (ids, longueurs).')
        ids, longueurs = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, ('ids', 'longueurs'), strict=True))
        ids_attendus, longueurs_attendues = attendu
        for v, nom in ((ids, 'ids'), (longueurs, 'longueurs')):
            C.expect_dtype(v, torch.int64, name=f'{nom} de {quoi}', hint='des indices entiers : dtype=torch.int64 (torch.long).')
        C.expect_shape(longueurs, tuple(longueurs_attendues.shape), name=f'longueurs de {quoi}')
        if reveal:
            C.expect_equal(longueurs.tolist(), longueurs_attendues.tolist(), name=f'longueurs de {quoi}', reveal=True)
        faux = int((longueurs != longueurs_attendues).sum())
        C.expect(faux == 0, f'`{quoi}` : {faux} longueur(s) sur {len(longueurs)} sont fausses.', hint='le nombre de mots gardés (au plus longueur_max) ; 1 pour un texte sans mot.')
        C.expect_shape(ids, tuple(ids_attendus.shape), name=f'ids de {quoi}', hint='L = la plus grande des longueurs gardées, pas toujours longueur_max.')
        if reveal:
            C.expect_equal(ids.tolist(), ids_attendus.tolist(), name=f'ids de {quoi}', reveal=True)
        faux = int((ids != ids_attendus).any(dim=1).sum())
        C.expect(faux == 0, f'`{quoi}` : {faux} ligne(s) de ids sur {len(ids)} sont fausses.', hint='les indices des premiers mots, 1 pour un mot absent du vocabulaire, puis des 0 ; un texte vide devient [1].')

    def encodage_attendu(textes, vocab, longueur_max):
        """The oracle of encoder."""
        suites = []
        for texte in textes:
            suite = [vocab.get(m, 1) for m in mots_attendus(texte)][:longueur_max]
            suites.append(suite if suite else [1])
        ids = torch.zeros(len(suites), max((len(s) for s in suites)), dtype=torch.int64)
        for i, suite in enumerate(suites):
            ids[i, :len(suite)] = torch.tensor(suite, dtype=torch.int64)
        return (ids, torch.tensor([len(s) for s in suites], dtype=torch.int64))
    textes, _ = data.texts('course-text', 'train')
    attendu = vocabulaire_attendu(textes, 2)
    C.expect(isinstance(vocab, dict), '`vocab` doit être le dictionnaire renvoyé par construire_vocabulaire.')
    C.expect(len(vocab) == len(attendu) and vocab == attendu, f"`vocab` ({len(vocab)} entrées) n'est pas le vocabulaire des textes d'entraînement seuls avec freq_min = 2 ({len(attendu)} entrées attendues).", hint='construisez vocab par construire_vocabulaire(textes_train, FREQ_MIN) : ni les textes de test, ni la concaténation des deux.')
    for partie, ids, longueurs in (('train', ids_train, longueurs_train), ('test', ids_test, longueurs_test)):
        textes, _ = data.texts('course-text', partie)
        expect_encodage((ids, longueurs), encodage_attendu(textes, attendu, 40), f'ids_{partie}, longueurs_{partie}', False)

