from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_jacobienne_exemple(jacobienne_etats, norme_jacobienne):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]
    fabrique = usine_recurrente()
    modele = C.build_where(jacobienne_etats, fabrique, 'rnn', 3, 4, 0, 1.0)
    local = fabrique('rnn', 3, 4, 0, 1.0)
    x = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    nom = 'jacobienne_etats(modele, x, 3, 3)'
    identite = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), 3, 3, name='jacobienne_etats'), nom)
    C.expect_shape(identite, (4, 4), name=nom)
    C.expect_dtype(identite, torch.float64, name=nom, hint='créez la matrice dans le type de x (`dtype=x.dtype`).')
    C.expect_close(identite, torch.eye(4, dtype=torch.float64), name=nom, reveal=True, hint="pour t = k, ∂h_k/∂h_k est l'identité.")
    nom = 'jacobienne_etats(modele, x, 6, 2)'
    J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), 6, 2, name='jacobienne_etats'), nom)
    C.expect_shape(J, (4, 4), name=nom)
    C.expect_dtype(J, torch.float64, name=nom)
    attendu = jacobienne_oracle(local, x, 6, 2)
    C.expect_close(J, attendu, name=nom, rtol=1e-06, atol=1e-09, reveal=True, hint="h_2 est l'état après x[0] et x[1] ; h_6 s'obtient en reprenant la lecture de x[2:6] depuis h_2.")
    n = C.call(norme_jacobienne, modele, x.clone(), 6, 2, name='norme_jacobienne')
    C.expect_scalar_close(n, float(torch.linalg.matrix_norm(attendu, ord=2)), name='norme_jacobienne(modele, x, 6, 2)', reveal=True, hint='norme spectrale : torch.linalg.matrix_norm(J, ord=2).')

@test_case(points=None, hidden=True)
def test_jacobienne_contre_autograd_rnn(jacobienne_etats):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]

    def comparer_jacobienne(J, attendu, nom, hint):
        """Erreur relative (max |écart| / max(|J| + |attendu|)) ; message dédié à la transposée."""
        C.expect_shape(J, tuple(attendu.shape), name=nom)
        J = J.to(torch.float64)
        if C.relative_error(J, attendu) <= 1e-06:
            return
        if C.relative_error(J.T, attendu) <= 1e-06:
            raise C.CheckFailure(f'`{nom}` est la transposée de ∂h_t/∂h_k.', hint="l'entrée (i, j) est ∂h_t[i]/∂h_k[j] : une ligne par coordonnée de h_t, une colonne par coordonnée de h_k.")
        raise C.CheckFailure(f'`{nom}` ne correspond pas à la jacobienne ∂h_t/∂h_k calculée par autograd (erreur relative {C.relative_error(J, attendu):.2g}).', hint=hint)
    genre = 'rnn'
    fabrique = usine_recurrente()
    modele = C.build_where(jacobienne_etats, fabrique, genre, 3, 5, 11, 1.0)
    local = fabrique(genre, 3, 5, 11, 1.0)
    x = torch.randn(9, 3, generator=torch.Generator().manual_seed(12), dtype=torch.float64)
    conseil = "h_k est l'état après les k premiers pas (h_0 = 0) ; h_t s'obtient en reprenant la lecture de x[k:t] depuis h_k."
    if genre == 'lstm':
        conseil += " Pour un LSTM, repartez de l'état (h_k, c_k) atteint après k pas : seul h_k varie, c_k garde sa valeur (il n'est pas nul)."
    cas = {"k = 0 (depuis l'état initial)": (9, 0), '0 < k < t': (7, 3), 't = k + 1': (5, 4), 't = k': (8, 8), 'k proche de t = T': (9, 6)}
    for quoi, (t, k) in cas.items():
        nom = f'jacobienne_etats pour un {genre.upper()}, {quoi}'
        J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), t, k, name='jacobienne_etats'), nom)
        comparer_jacobienne(J, jacobienne_oracle(local, x, t, k), nom, conseil)

@test_case(points=None, hidden=True)
def test_jacobienne_contre_autograd_lstm(jacobienne_etats):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]

    def comparer_jacobienne(J, attendu, nom, hint):
        """Erreur relative (max |écart| / max(|J| + |attendu|)) ; message dédié à la transposée."""
        C.expect_shape(J, tuple(attendu.shape), name=nom)
        J = J.to(torch.float64)
        if C.relative_error(J, attendu) <= 1e-06:
            return
        if C.relative_error(J.T, attendu) <= 1e-06:
            raise C.CheckFailure(f'`{nom}` est la transposée de ∂h_t/∂h_k.', hint="l'entrée (i, j) est ∂h_t[i]/∂h_k[j] : une ligne par coordonnée de h_t, une colonne par coordonnée de h_k.")
        raise C.CheckFailure(f'`{nom}` ne correspond pas à la jacobienne ∂h_t/∂h_k calculée par autograd (erreur relative {C.relative_error(J, attendu):.2g}).', hint=hint)
    genre = 'lstm'
    fabrique = usine_recurrente()
    modele = C.build_where(jacobienne_etats, fabrique, genre, 3, 5, 11, 1.0)
    local = fabrique(genre, 3, 5, 11, 1.0)
    x = torch.randn(9, 3, generator=torch.Generator().manual_seed(12), dtype=torch.float64)
    conseil = "h_k est l'état après les k premiers pas (h_0 = 0) ; h_t s'obtient en reprenant la lecture de x[k:t] depuis h_k."
    if genre == 'lstm':
        conseil += " Pour un LSTM, repartez de l'état (h_k, c_k) atteint après k pas : seul h_k varie, c_k garde sa valeur (il n'est pas nul)."
    cas = {"k = 0 (depuis l'état initial)": (9, 0), '0 < k < t': (7, 3), 't = k + 1': (5, 4), 't = k': (8, 8), 'k proche de t = T': (9, 6)}
    for quoi, (t, k) in cas.items():
        nom = f'jacobienne_etats pour un {genre.upper()}, {quoi}'
        J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), t, k, name='jacobienne_etats'), nom)
        comparer_jacobienne(J, jacobienne_oracle(local, x, t, k), nom, conseil)

@test_case(points=None, hidden=True)
def test_jacobienne_contre_autograd_gru(jacobienne_etats):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]

    def comparer_jacobienne(J, attendu, nom, hint):
        """Erreur relative (max |écart| / max(|J| + |attendu|)) ; message dédié à la transposée."""
        C.expect_shape(J, tuple(attendu.shape), name=nom)
        J = J.to(torch.float64)
        if C.relative_error(J, attendu) <= 1e-06:
            return
        if C.relative_error(J.T, attendu) <= 1e-06:
            raise C.CheckFailure(f'`{nom}` est la transposée de ∂h_t/∂h_k.', hint="l'entrée (i, j) est ∂h_t[i]/∂h_k[j] : une ligne par coordonnée de h_t, une colonne par coordonnée de h_k.")
        raise C.CheckFailure(f'`{nom}` ne correspond pas à la jacobienne ∂h_t/∂h_k calculée par autograd (erreur relative {C.relative_error(J, attendu):.2g}).', hint=hint)
    genre = 'gru'
    fabrique = usine_recurrente()
    modele = C.build_where(jacobienne_etats, fabrique, genre, 3, 5, 11, 1.0)
    local = fabrique(genre, 3, 5, 11, 1.0)
    x = torch.randn(9, 3, generator=torch.Generator().manual_seed(12), dtype=torch.float64)
    conseil = "h_k est l'état après les k premiers pas (h_0 = 0) ; h_t s'obtient en reprenant la lecture de x[k:t] depuis h_k."
    if genre == 'lstm':
        conseil += " Pour un LSTM, repartez de l'état (h_k, c_k) atteint après k pas : seul h_k varie, c_k garde sa valeur (il n'est pas nul)."
    cas = {"k = 0 (depuis l'état initial)": (9, 0), '0 < k < t': (7, 3), 't = k + 1': (5, 4), 't = k': (8, 8), 'k proche de t = T': (9, 6)}
    for quoi, (t, k) in cas.items():
        nom = f'jacobienne_etats pour un {genre.upper()}, {quoi}'
        J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), t, k, name='jacobienne_etats'), nom)
        comparer_jacobienne(J, jacobienne_oracle(local, x, t, k), nom, conseil)

@test_case(points=None, hidden=True)
def test_norme_spectrale_flottant(norme_jacobienne):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]
    fabrique = usine_recurrente()
    x = torch.randn(8, 4, generator=torch.Generator().manual_seed(22), dtype=torch.float64)
    for genre in ('rnn', 'lstm', 'gru'):
        modele = C.build_where(norme_jacobienne, fabrique, genre, 4, 6, 21, 1.5)
        local = fabrique(genre, 4, 6, 21, 1.5)
        for t, k in ((8, 2), (6, 5), (5, 0)):
            attendu = float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, t, k), ord=2))
            n = C.call(norme_jacobienne, modele, x.clone(), t, k, name='norme_jacobienne')
            C.expect_scalar_close(n, attendu, name=f'norme_jacobienne (modèle {genre.upper()})', rtol=1e-06, atol=1e-12, hint='la norme spectrale est la plus grande valeur singulière (torch.linalg.matrix_norm(J, ord=2)), pas la norme de Frobenius.')
    sonde = C.code('def sonde(modele, x):\n    return type(norme_jacobienne(modele, x, 7, 3)).__name__', norme_jacobienne=norme_jacobienne)
    modele = C.build_where(norme_jacobienne, fabrique, 'gru', 4, 6, 21, 1.5)
    genre_du_resultat = C.call(sonde, modele, x.clone(), name='norme_jacobienne')
    C.expect(genre_du_resultat == 'float', f'`norme_jacobienne` doit renvoyer un flottant Python, reçu un objet {genre_du_resultat}.', hint='convertissez avec float(...) ou .item().')

@test_case(points=None, hidden=True)
def test_jacobienne_float32_modele_intact(jacobienne_etats):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]
    fabrique = usine_recurrente()
    x = torch.randn(7, 3, generator=torch.Generator().manual_seed(32), dtype=torch.float64)
    x = x.float()
    for genre in ('rnn', 'lstm', 'gru'):
        nom = f'jacobienne_etats pour un {genre.upper()} en float32'
        modele = C.build_where(jacobienne_etats, fabrique, genre, 3, 4, 31, 1.0, 'float32')
        for t, k in ((7, 2), (4, 4)):
            J = C.as_tensor(C.call(jacobienne_etats, modele, x.clone(), t, k, name='jacobienne_etats'), nom)
            C.expect_dtype(J, torch.float32, name=nom, hint='calculez dans le type de x et du modèle (pas de `.double()`, ni de `dtype=` imposé).')
            attendu = jacobienne_oracle(fabrique(genre, 3, 4, 31, 1.0, 'float32'), x, t, k)
            C.expect_shape(J, (4, 4), name=nom)
            C.expect(C.relative_error(J.double(), attendu) <= 0.0001, f'`{nom}` ne correspond pas à la jacobienne calculée par autograd.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        origine = fabrique(genre, 3, 4, 31, 1.0, 'float32').state_dict()
        C.expect(all((C.as_tensor(poids[n], n).dtype == v.dtype and torch.equal(C.as_tensor(poids[n], n), v) for n, v in origine.items())), f'`jacobienne_etats` a modifié le modèle ({genre.upper()} en float32) : ses poids ou leur type ont changé.', hint='ne convertissez pas le modèle (`modele.double()` le modifie en place) et ne touchez pas à ses paramètres.')

