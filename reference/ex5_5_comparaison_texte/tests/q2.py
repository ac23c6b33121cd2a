from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 5

@test_case(points=None, hidden=False)
def test_masque_exemple(masque_padding):
    import torch
    from autograder import checks as C
    longueurs = torch.tensor([3, 1, 4])
    masque = C.as_tensor(C.call(masque_padding, longueurs.clone(), 4, name='masque_padding'), 'masque_padding(tensor([3, 1, 4]), 4)')
    C.expect_dtype(masque, torch.bool, name='masque_padding(tensor([3, 1, 4]), 4)', hint='une comparaison (>=) donne directement un tenseur booléen.')
    C.expect_equal(masque.tolist(), (torch.arange(4) >= longueurs[:, None]).tolist(), name='masque_padding(tensor([3, 1, 4]), 4)', reveal=True, hint='True au remplissage : positions t ≥ longueurs[b].')

@test_case(points=None, hidden=True)
def test_masque_valeurs(masque_padding):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(551)
    for B, L in ((6, 9), (1, 1), (3, 12), (5, 2)):
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        quoi = f'masque_padding(longueurs de forme ({B},), {L})'
        masque = C.as_tensor(C.expect_unchanged(masque_padding, longueurs.clone(), L, name='masque_padding'), quoi)
        C.expect_dtype(masque, torch.bool, name=quoi)
        C.expect_shape(masque, (B, L), name=quoi)
        C.expect(torch.equal(masque, torch.arange(L) >= longueurs[:, None]), f"`{quoi}` n'est pas le masque de remplissage.", hint='True exactement aux positions t ≥ longueurs[b] (une longueur égale à L ne laisse aucun remplissage).')

@test_case(points=None, hidden=False)
def test_modeles_formes_et_padding(ClassifieurRNN, ClassifieurTransformer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def modeles_de_test(ClassifieurRNN, ClassifieurTransformer, V, K, L_max):
        """Small student models of the three kinds (default initialisation, seeded)."""
        modeles = []
        for cellule in ('lstm', 'gru'):
            quoi = f'ClassifieurRNN({V}, 8, 6, {K}, {cellule!r})'
            modeles.append((quoi, C.make_model(ClassifieurRNN, V, 8, 6, K, cellule, name=quoi)))
        quoi = f'ClassifieurTransformer({V}, 8, 2, 1, 16, {K}, {L_max})'
        modeles.append((quoi, C.make_model(ClassifieurTransformer, V, 8, 2, 1, 16, K, L_max, name=quoi)))
        return modeles

    def logits_du_modele(modele, ids, longueurs, quoi, entrainement=False):
        """The model's logits (no gradient), in eval mode unless `entrainement`."""
        appliquer = C.code('def appliquer(modele, ids, longueurs, entrainement):\n    modele.train(entrainement)\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        sortie = C.as_tensor(C.call(appliquer, modele, ids, longueurs, entrainement, name=quoi), quoi)
        C.expect(sortie.dim() == 2 and sortie.shape[0] == len(ids), f'`{quoi}(ids, longueurs)` doit renvoyer des logits de forme (B, n_classes), reçu {tuple(sortie.shape)} pour B = {len(ids)}.', hint='une ligne de logits par texte : sortie(représentation), sans squeeze.')
        C.expect(bool(torch.isfinite(sortie).all()), f'`{quoi}(ids, longueurs)` renvoie des valeurs non finies (nan ou inf).', hint='une moyenne sur zéro position ? divisez par les longueurs (≥ 1).')
        return sortie.to(torch.float64)
    V, K, L_max = (30, 3, 12)
    ids = torch.tensor([[6, 8, 10, 0, 0, 0, 0], [5, 7, 2, 9, 11, 3, 4], [12, 0, 0, 0, 0, 0, 0]])
    longueurs = torch.tensor([3, 7, 1])
    for quoi, modele in modeles_de_test(ClassifieurRNN, ClassifieurTransformer, V, K, L_max):
        lot = logits_du_modele(modele, ids, longueurs, quoi)
        C.expect_shape(lot, (3, K), name=f'{quoi}(ids, longueurs) pour B = 3', hint='des logits (B, n_classes), un texte par ligne.')
        seul = logits_du_modele(modele, ids[:1, :3], longueurs[:1], quoi)
        C.expect_close(lot[:1], seul, name=f'logits du texte 0 de {quoi}, dans le lot ou seul', rtol=0.0001, atol=1e-05, hint='dans le lot, ce texte de 3 mots est suivi de 4 zéros de remplissage : la sortie ne doit pas en dépendre (RNN : pack_padded_sequence ; Transformer : src_key_padding_mask et moyenne sur les vrais mots).')
        allonge = logits_du_modele(modele, F.pad(ids, (0, 3)), longueurs, quoi)
        C.expect_close(allonge, lot, name=f'logits de {quoi} avec 3 colonnes de remplissage en plus', rtol=0.0001, atol=1e-05, hint='ajouter des colonnes de 0 à droite du lot ne doit rien changer.')

@test_case(points=None, hidden=True)
def test_rnn_contre_oracle_lstm(ClassifieurRNN):
    import torch
    from torch import nn
    from autograder import checks as C

    def charger_oracle(oracle, etat, quoi):
        """Load the student's state into the grader's module of the stated architecture: the
    parameter names and shapes are part of the statement, so a mismatch is shown."""
        attendues = oracle.state_dict()
        manquants = sorted(set(attendues) - set(etat))
        en_trop = sorted(set(etat) - set(attendues))
        C.expect(not manquants and (not en_trop), f"Les paramètres de `{quoi}` ne suivent pas l'architecture de l'énoncé" + (f" ; absents : {', '.join(manquants[:4])}" if manquants else '') + (f" ; inattendus : {', '.join(en_trop[:4])}" if en_trop else '') + '.', hint='attributs imposés : embedding, rnn (ou position, encodeur), sortie ; une seule couche, bidirectionnelle ; pas de normalisation finale.')
        for cle, v in attendues.items():
            C.expect(tuple(etat[cle].shape) == tuple(v.shape), f'Le paramètre `{cle}` de `{quoi}` a la forme {tuple(etat[cle].shape)} au lieu de {tuple(v.shape)}.')
        oracle.load_state_dict(etat)
        return oracle.eval()

    def poser_poids(modele, quoi, graine):
        """Known weights (a seeded generator, key by key in sorted order) loaded into the student's
    model with load_state_dict; returns them (float64 copies of what the model holds)."""
        etat = C.call(modele.state_dict, name=f'{quoi}.state_dict')
        g = torch.Generator().manual_seed(graine)
        nouveau = {}
        for cle in sorted(etat):
            v = C.as_tensor(etat[cle], f'{quoi}.{cle}')
            if v.is_floating_point():
                echelle = 0.5 if v.dim() == 1 else v.shape[-1] ** (-0.5)
                v = (torch.randn(v.shape, generator=g, dtype=torch.float64) * echelle).to(v.dtype)
            nouveau[cle] = v
        C.call(modele.load_state_dict, nouveau, name=f'{quoi}.load_state_dict')
        return {k: v.to(torch.float64) if v.is_floating_point() else v for k, v in nouveau.items()}

    def oracle_rnn(etat, tailles, cellule, ids, longueurs, quoi):
        """Logits of the stated ClassifieurRNN(*tailles, cellule) with the weights `etat`, each
    text alone (no padding at all), in float64, with PyTorch's own modules."""
        V, d, h, K = tailles

        class Oracle(nn.Module):

            def __init__(self):
                super().__init__()
                self.embedding = nn.Embedding(V, d, padding_idx=0)
                self.rnn = {'lstm': nn.LSTM, 'gru': nn.GRU}[cellule](d, h, batch_first=True, bidirectional=True)
                self.sortie = nn.Linear(2 * h, K)
        oracle = charger_oracle(Oracle().double(), etat, quoi)
        logits = []
        with torch.no_grad():
            for b in range(len(ids)):
                _, etat_final = oracle.rnn(oracle.embedding(ids[b:b + 1, :int(longueurs[b])]))
                h_n = etat_final[0] if cellule == 'lstm' else etat_final
                logits.append(oracle.sortie(torch.cat([h_n[0], h_n[1]], dim=1))[0])
        return torch.stack(logits)

    def lot_aleatoire(g, B, L, V):
        """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[1], longueurs[-1] = (L, 1)
        ids = torch.randint(1, V, (B, L), generator=g)
        ids[torch.arange(L) >= longueurs[:, None]] = 0
        return (ids, longueurs)

    def logits_du_modele(modele, ids, longueurs, quoi, entrainement=False):
        """The model's logits (no gradient), in eval mode unless `entrainement`."""
        appliquer = C.code('def appliquer(modele, ids, longueurs, entrainement):\n    modele.train(entrainement)\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        sortie = C.as_tensor(C.call(appliquer, modele, ids, longueurs, entrainement, name=quoi), quoi)
        C.expect(sortie.dim() == 2 and sortie.shape[0] == len(ids), f'`{quoi}(ids, longueurs)` doit renvoyer des logits de forme (B, n_classes), reçu {tuple(sortie.shape)} pour B = {len(ids)}.', hint='une ligne de logits par texte : sortie(représentation), sans squeeze.')
        C.expect(bool(torch.isfinite(sortie).all()), f'`{quoi}(ids, longueurs)` renvoie des valeurs non finies (nan ou inf).', hint='une moyenne sur zéro position ? divisez par les longueurs (≥ 1).')
        return sortie.to(torch.float64)
    cellule = 'lstm'
    g = torch.Generator().manual_seed(552)
    for V, d, h, K, B, L, graine in ((20, 5, 4, 3, 5, 7, 1), (13, 3, 6, 2, 3, 5, 2)):
        quoi = f'ClassifieurRNN({V}, {d}, {h}, {K}, {cellule!r})'
        modele = C.make_model(ClassifieurRNN, V, d, h, K, cellule, name=quoi)
        etat = poser_poids(modele, quoi, graine)
        ids, longueurs = lot_aleatoire(g, B, L, V)
        attendu = oracle_rnn(etat, (V, d, h, K), cellule, ids, longueurs, quoi)
        recu = logits_du_modele(modele, ids, longueurs, quoi)
        C.expect_shape(recu, (B, K), name=f'{quoi}(ids, longueurs)')
        C.expect_close(recu, attendu, name=f'logits de {quoi} (poids connus, lot de longueurs variées)', rtol=0.0002, atol=2e-05, hint="représentation = [état avant après le dernier VRAI mot ; état arrière en position 0], l'arrière lisant le texte depuis son dernier vrai mot : h_n[0] et h_n[1] d'un pack_padded_sequence(..., enforce_sorted=False), dans cet ordre.")

@test_case(points=None, hidden=True)
def test_rnn_contre_oracle_gru(ClassifieurRNN):
    import torch
    from torch import nn
    from autograder import checks as C

    def charger_oracle(oracle, etat, quoi):
        """Load the student's state into the grader's module of the stated architecture: the
    parameter names and shapes are part of the statement, so a mismatch is shown."""
        attendues = oracle.state_dict()
        manquants = sorted(set(attendues) - set(etat))
        en_trop = sorted(set(etat) - set(attendues))
        C.expect(not manquants and (not en_trop), f"Les paramètres de `{quoi}` ne suivent pas l'architecture de l'énoncé" + (f" ; absents : {', '.join(manquants[:4])}" if manquants else '') + (f" ; inattendus : {', '.join(en_trop[:4])}" if en_trop else '') + '.', hint='attributs imposés : embedding, rnn (ou position, encodeur), sortie ; une seule couche, bidirectionnelle ; pas de normalisation finale.')
        for cle, v in attendues.items():
            C.expect(tuple(etat[cle].shape) == tuple(v.shape), f'Le paramètre `{cle}` de `{quoi}` a la forme {tuple(etat[cle].shape)} au lieu de {tuple(v.shape)}.')
        oracle.load_state_dict(etat)
        return oracle.eval()

    def poser_poids(modele, quoi, graine):
        """Known weights (a seeded generator, key by key in sorted order) loaded into the student's
    model with load_state_dict; returns them (float64 copies of what the model holds)."""
        etat = C.call(modele.state_dict, name=f'{quoi}.state_dict')
        g = torch.Generator().manual_seed(graine)
        nouveau = {}
        for cle in sorted(etat):
            v = C.as_tensor(etat[cle], f'{quoi}.{cle}')
            if v.is_floating_point():
                echelle = 0.5 if v.dim() == 1 else v.shape[-1] ** (-0.5)
                v = (torch.randn(v.shape, generator=g, dtype=torch.float64) * echelle).to(v.dtype)
            nouveau[cle] = v
        C.call(modele.load_state_dict, nouveau, name=f'{quoi}.load_state_dict')
        return {k: v.to(torch.float64) if v.is_floating_point() else v for k, v in nouveau.items()}

    def oracle_rnn(etat, tailles, cellule, ids, longueurs, quoi):
        """Logits of the stated ClassifieurRNN(*tailles, cellule) with the weights `etat`, each
    text alone (no padding at all), in float64, with PyTorch's own modules."""
        V, d, h, K = tailles

        class Oracle(nn.Module):

            def __init__(self):
                super().__init__()
                self.embedding = nn.Embedding(V, d, padding_idx=0)
                self.rnn = {'lstm': nn.LSTM, 'gru': nn.GRU}[cellule](d, h, batch_first=True, bidirectional=True)
                self.sortie = nn.Linear(2 * h, K)
        oracle = charger_oracle(Oracle().double(), etat, quoi)
        logits = []
        with torch.no_grad():
            for b in range(len(ids)):
                _, etat_final = oracle.rnn(oracle.embedding(ids[b:b + 1, :int(longueurs[b])]))
                h_n = etat_final[0] if cellule == 'lstm' else etat_final
                logits.append(oracle.sortie(torch.cat([h_n[0], h_n[1]], dim=1))[0])
        return torch.stack(logits)

    def lot_aleatoire(g, B, L, V):
        """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[1], longueurs[-1] = (L, 1)
        ids = torch.randint(1, V, (B, L), generator=g)
        ids[torch.arange(L) >= longueurs[:, None]] = 0
        return (ids, longueurs)

    def logits_du_modele(modele, ids, longueurs, quoi, entrainement=False):
        """The model's logits (no gradient), in eval mode unless `entrainement`."""
        appliquer = C.code('def appliquer(modele, ids, longueurs, entrainement):\n    modele.train(entrainement)\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        sortie = C.as_tensor(C.call(appliquer, modele, ids, longueurs, entrainement, name=quoi), quoi)
        C.expect(sortie.dim() == 2 and sortie.shape[0] == len(ids), f'`{quoi}(ids, longueurs)` doit renvoyer des logits de forme (B, n_classes), reçu {tuple(sortie.shape)} pour B = {len(ids)}.', hint='une ligne de logits par texte : sortie(représentation), sans squeeze.')
        C.expect(bool(torch.isfinite(sortie).all()), f'`{quoi}(ids, longueurs)` renvoie des valeurs non finies (nan ou inf).', hint='une moyenne sur zéro position ? divisez par les longueurs (≥ 1).')
        return sortie.to(torch.float64)
    cellule = 'gru'
    g = torch.Generator().manual_seed(552)
    for V, d, h, K, B, L, graine in ((20, 5, 4, 3, 5, 7, 1), (13, 3, 6, 2, 3, 5, 2)):
        quoi = f'ClassifieurRNN({V}, {d}, {h}, {K}, {cellule!r})'
        modele = C.make_model(ClassifieurRNN, V, d, h, K, cellule, name=quoi)
        etat = poser_poids(modele, quoi, graine)
        ids, longueurs = lot_aleatoire(g, B, L, V)
        attendu = oracle_rnn(etat, (V, d, h, K), cellule, ids, longueurs, quoi)
        recu = logits_du_modele(modele, ids, longueurs, quoi)
        C.expect_shape(recu, (B, K), name=f'{quoi}(ids, longueurs)')
        C.expect_close(recu, attendu, name=f'logits de {quoi} (poids connus, lot de longueurs variées)', rtol=0.0002, atol=2e-05, hint="représentation = [état avant après le dernier VRAI mot ; état arrière en position 0], l'arrière lisant le texte depuis son dernier vrai mot : h_n[0] et h_n[1] d'un pack_padded_sequence(..., enforce_sorted=False), dans cet ordre.")

@test_case(points=None, hidden=True)
def test_transformer_contre_oracle(ClassifieurTransformer):
    import torch
    from torch import nn
    from autograder import checks as C

    def charger_oracle(oracle, etat, quoi):
        """Load the student's state into the grader's module of the stated architecture: the
    parameter names and shapes are part of the statement, so a mismatch is shown."""
        attendues = oracle.state_dict()
        manquants = sorted(set(attendues) - set(etat))
        en_trop = sorted(set(etat) - set(attendues))
        C.expect(not manquants and (not en_trop), f"Les paramètres de `{quoi}` ne suivent pas l'architecture de l'énoncé" + (f" ; absents : {', '.join(manquants[:4])}" if manquants else '') + (f" ; inattendus : {', '.join(en_trop[:4])}" if en_trop else '') + '.', hint='attributs imposés : embedding, rnn (ou position, encodeur), sortie ; une seule couche, bidirectionnelle ; pas de normalisation finale.')
        for cle, v in attendues.items():
            C.expect(tuple(etat[cle].shape) == tuple(v.shape), f'Le paramètre `{cle}` de `{quoi}` a la forme {tuple(etat[cle].shape)} au lieu de {tuple(v.shape)}.')
        oracle.load_state_dict(etat)
        return oracle.eval()

    def poser_poids(modele, quoi, graine):
        """Known weights (a seeded generator, key by key in sorted order) loaded into the student's
    model with load_state_dict; returns them (float64 copies of what the model holds)."""
        etat = C.call(modele.state_dict, name=f'{quoi}.state_dict')
        g = torch.Generator().manual_seed(graine)
        nouveau = {}
        for cle in sorted(etat):
            v = C.as_tensor(etat[cle], f'{quoi}.{cle}')
            if v.is_floating_point():
                echelle = 0.5 if v.dim() == 1 else v.shape[-1] ** (-0.5)
                v = (torch.randn(v.shape, generator=g, dtype=torch.float64) * echelle).to(v.dtype)
            nouveau[cle] = v
        C.call(modele.load_state_dict, nouveau, name=f'{quoi}.load_state_dict')
        return {k: v.to(torch.float64) if v.is_floating_point() else v for k, v in nouveau.items()}

    def oracle_transformer(etat, tailles, ids, longueurs, quoi):
        """Logits of the stated ClassifieurTransformer with the weights `etat`, each text alone
    (no padding, hence no mask), in float64, with PyTorch's own modules."""
        V, d, n_tetes, n_couches, d_ff, K, L_max = tailles

        class Oracle(nn.Module):

            def __init__(self):
                super().__init__()
                self.embedding = nn.Embedding(V, d, padding_idx=0)
                self.position = nn.Embedding(L_max, d)
                couche = nn.TransformerEncoderLayer(d, n_tetes, d_ff, dropout=0.0, batch_first=True)
                self.encodeur = nn.TransformerEncoder(couche, n_couches, enable_nested_tensor=False)
                self.sortie = nn.Linear(d, K)
        oracle = charger_oracle(Oracle().double(), etat, quoi)
        logits = []
        for b in range(len(ids)):
            n = int(longueurs[b])
            x = oracle.embedding(ids[b:b + 1, :n]) + oracle.position.weight[:n]
            logits.append(oracle.sortie(oracle.encodeur(x).mean(dim=1))[0])
        return torch.stack(logits).detach()

    def lot_aleatoire(g, B, L, V):
        """B texts coded with ids in {1, …, V − 1} and lengths in {1, …, L} (L and 1 included,
    not sorted), padded with 0."""
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[1], longueurs[-1] = (L, 1)
        ids = torch.randint(1, V, (B, L), generator=g)
        ids[torch.arange(L) >= longueurs[:, None]] = 0
        return (ids, longueurs)

    def logits_du_modele(modele, ids, longueurs, quoi, entrainement=False):
        """The model's logits (no gradient), in eval mode unless `entrainement`."""
        appliquer = C.code('def appliquer(modele, ids, longueurs, entrainement):\n    modele.train(entrainement)\n    with torch.no_grad():\n        return modele(ids, longueurs)')
        sortie = C.as_tensor(C.call(appliquer, modele, ids, longueurs, entrainement, name=quoi), quoi)
        C.expect(sortie.dim() == 2 and sortie.shape[0] == len(ids), f'`{quoi}(ids, longueurs)` doit renvoyer des logits de forme (B, n_classes), reçu {tuple(sortie.shape)} pour B = {len(ids)}.', hint='une ligne de logits par texte : sortie(représentation), sans squeeze.')
        C.expect(bool(torch.isfinite(sortie).all()), f'`{quoi}(ids, longueurs)` renvoie des valeurs non finies (nan ou inf).', hint='une moyenne sur zéro position ? divisez par les longueurs (≥ 1).')
        return sortie.to(torch.float64)
    g = torch.Generator().manual_seed(553)
    for tailles, B, L, graine in (((20, 8, 2, 1, 16, 3, 9), 5, 7, 3), ((15, 12, 4, 2, 10, 2, 6), 4, 6, 4)):
        V, d, n_tetes, n_couches, d_ff, K, L_max = tailles
        quoi = f'ClassifieurTransformer{tailles}'
        modele = C.make_model(ClassifieurTransformer, *tailles, name=quoi)
        etat = poser_poids(modele, quoi, graine)
        ids, longueurs = lot_aleatoire(g, B, L, V)
        attendu = oracle_transformer(etat, tailles, ids, longueurs, quoi)
        for entrainement, mode in ((False, 'eval'), (True, 'train')):
            recu = logits_du_modele(modele, ids, longueurs, quoi, entrainement)
            C.expect_shape(recu, (B, K), name=f'{quoi}(ids, longueurs)')
            C.expect_close(recu, attendu, name=f'logits de {quoi} en mode {mode} (poids connus, lot de longueurs variées)', rtol=0.0002, atol=2e-05, hint='entrée = embedding(ids) + position(0, …, L − 1) ; src_key_padding_mask = masque de remplissage ; moyenne des sorties sur les seules positions t < longueurs[b] ; dropout=0.0 (mêmes sorties en mode train).')

@test_case(points=None, hidden=False)
def test_nb_parametres_exemple(nb_parametres):
    from autograder import checks as C
    fabrique = C.code('lambda: torch.nn.Linear(3, 4)')
    n = C.call(nb_parametres, C.build_where(nb_parametres, fabrique), name='nb_parametres')
    C.expect(type(n) is int, f'`nb_parametres` doit renvoyer un int Python (reçu {type(n).__name__}).', hint='sum(p.numel() for p in ...).')
    C.expect_equal(n, 16, name='nb_parametres(nn.Linear(3, 4))', reveal=True, hint='3 × 4 poids et 4 biais.')

@test_case(points=None, hidden=True)
def test_nb_parametres_entrainables(nb_parametres):
    from autograder import checks as C
    fabrique = C.code('\ndef fabrique():\n    with torch.random.fork_rng(devices=[]):\n        partagee = nn.Linear(3, 3)\n        m = nn.Sequential(nn.Embedding(10, 4), nn.Linear(4, 3), nn.BatchNorm1d(3), partagee,\n                          nn.ReLU(), partagee)\n    m[0].weight.requires_grad_(False)\n    return m\n')
    n = C.call(nb_parametres, C.build_where(nb_parametres, fabrique), name='nb_parametres')
    C.expect(type(n) is int, '`nb_parametres` doit renvoyer un int Python.')
    C.expect(n == 15 + 6 + 12, "`nb_parametres` ne compte pas exactement les paramètres entraînables d'un module de la correction (couche gelée, BatchNorm, couche partagée).", hint='modele.parameters() (chaque paramètre une fois, sans les buffers), en gardant ceux dont requires_grad est vrai.')

@test_case(points=None, hidden=True)
def test_parametres_formule(ClassifieurRNN, ClassifieurTransformer, nb_parametres):
    import torch
    from autograder import checks as C

    def parametres_attendus(genre, tailles):
        """The parameter count of the stated architecture (PyTorch's two biases per gate block)."""
        if genre == 'transformer':
            V, d, _, n_couches, d_ff, K, L_max = tailles
            couche = 4 * d * d + 4 * d + 2 * d * d_ff + d_ff + d + 4 * d
            return V * d + L_max * d + n_couches * couche + d * K + K
        V, d, h, K = tailles
        blocs = 4 if genre == 'lstm' else 3
        return V * d + 2 * blocs * h * (d + h + 2) + 2 * h * K + K
    g = torch.Generator().manual_seed(554)
    cas = []
    for genre in ('lstm', 'gru', 'lstm', 'gru', 'transformer', 'transformer'):
        V, d, h, K = (int(v) for v in torch.randint(2, 40, (4,), generator=g))
        if genre == 'transformer':
            n_tetes = int(torch.randint(1, 4, (1,), generator=g))
            tailles = (V, 4 * n_tetes * int(torch.randint(1, 4, (1,), generator=g)), n_tetes, int(torch.randint(1, 4, (1,), generator=g)), h, K, d)
            quoi = f'ClassifieurTransformer{tailles}'
            modele = C.make_model(ClassifieurTransformer, *tailles, name=quoi)
        else:
            tailles = (V, d, h, K)
            quoi = f'ClassifieurRNN({V}, {d}, {h}, {K}, {genre!r})'
            modele = C.make_model(ClassifieurRNN, *tailles, genre, name=quoi)
        cas.append((genre, tailles, quoi, modele))
    for genre, tailles, quoi, modele in cas:
        attendu = parametres_attendus(genre, tailles)
        C.expect(C.count_params(modele) == attendu, f"`{quoi}` n'a pas le nombre de paramètres de l'architecture de l'énoncé.", hint='une seule couche récurrente bidirectionnelle (deux directions), sortie sur 2·d_cache ; pour le Transformer, positions apprises de taille longueur_max, pas de normalisation finale.')
        n = C.call(nb_parametres, modele, name='nb_parametres')
        C.expect(type(n) is int and n == attendu, f'`nb_parametres({quoi})` est faux.', hint='la somme des numel() des paramètres entraînables.')

