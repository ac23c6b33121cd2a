from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_portes_exemple(portes_lstm):
    import torch
    from autograder import checks as C

    def usine_lstm():
        """The factory of an nn.LSTM(d, H) whose weights are drawn from a seeded generator: called
    here it gives the grader's copy (the oracle); passed to C.build_where, the same model where
    the student's function lives."""
        return C.code('\ndef fabrique(d, H, graine, type_="float64"):\n    with torch.random.fork_rng(devices=[]):\n        lstm = nn.LSTM(d, H)\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for p in lstm.parameters():\n            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) / math.sqrt(H))\n    return lstm.to(getattr(torch, type_))\n')

    def portes_oracle(lstm, x, etat0=None):
        """Gates by PyTorch's equations, and c_t, h_t from nn.LSTM itself run step by step
    (float64, on the grader's copy)."""
        lstm, x = (lstm.double(), x.double())
        T, N, _ = x.shape
        H = lstm.hidden_size
        if etat0 is None:
            h, c = (torch.zeros(1, N, H, dtype=torch.float64), torch.zeros(1, N, H, dtype=torch.float64))
        else:
            h, c = (etat0[0].double(), etat0[1].double())
        biais = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()
        valeurs = {nom: [] for nom in 'ifgoch'}
        with torch.no_grad():
            for t in range(T):
                z = x[t] @ lstm.weight_ih_l0.T + h[0] @ lstm.weight_hh_l0.T + biais
                z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
                _, (h, c) = lstm(x[t:t + 1], (h, c))
                for nom, v in zip('ifgoch', (torch.sigmoid(z_i), torch.sigmoid(z_f), torch.tanh(z_g), torch.sigmoid(z_o), c[0], h[0]), strict=True):
                    valeurs[nom].append(v)
        return {nom: torch.stack(v) for nom, v in valeurs.items()}

    def comparer_portes(recu, attendu, quoi, tol, type_attendu):
        """The six tensors of portes_lstm against the oracle: keys, shapes, dtype, then values
    (with a word on the i, f, g, o order when a gate is another one)."""
        C.expect(isinstance(recu, dict), f'`portes_lstm` doit renvoyer un dictionnaire ({quoi}).', hint='{"i": ..., "f": ..., "g": ..., "o": ..., "c": ..., "h": ...}')
        manquantes = [k for k in 'ifgoch' if k not in recu]
        C.expect(not manquantes, f"Le dictionnaire de `portes_lstm` ({quoi}) n'a pas les clés {', '.join((repr(k) for k in manquantes))}.", hint='six clés : "i", "f", "g", "o", "c", "h".')
        valeurs = {k: C.as_tensor(recu[k], f"portes_lstm(...)['{k}']") for k in 'ifgoch'}
        for k, v in valeurs.items():
            nom = f"portes_lstm(...)['{k}'] ({quoi})"
            C.expect_shape(v, tuple(attendu[k].shape), name=nom, hint="(T, N, H) : une ligne par pas de temps, le temps d'abord.")
            C.expect_dtype(v, type_attendu, name=nom, hint='calculez dans le type de x et des poids (pas de .double() ni de .float() imposé).')
        noms = {'i': "porte d'entrée i", 'f': "porte d'oubli f", 'g': 'candidat g', 'o': 'porte de sortie o', 'c': 'cellule c', 'h': 'état caché h'}
        for k in 'ifgoch':
            v = valeurs[k].to(torch.float64)
            if C.relative_error(v, attendu[k]) <= tol:
                continue
            autres = [a for a in 'ifgo' if a != k and C.relative_error(v, attendu[a]) <= tol]
            if autres:
                raise C.CheckFailure(f"`portes_lstm(...)['{k}']` ({quoi}) contient les valeurs attendues pour « {noms[autres[0]]} » et non pour « {noms[k]} ».", hint="weight_ih_l0, weight_hh_l0 et les biais empilent les blocs dans l'ordre i, f, g, o : z.chunk(4, dim=1) donne (z_i, z_f, z_g, z_o).")
            raise C.CheckFailure(f"`portes_lstm(...)['{k}']` ({quoi}, « {noms[k]} ») ne correspond pas au calcul de nn.LSTM (erreur relative {C.relative_error(v, attendu[k]):.2g}).", hint="z_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh ; i, f, o : sigmoïde, g : tanh ; c_t = f_t c_{t−1} + i_t g_t ; h_t = o_t tanh(c_t), l'état (h, c) propagé d'un pas au suivant depuis h0.")
    fabrique = usine_lstm()
    lstm = C.build_where(portes_lstm, fabrique, 3, 4, 0)
    x = torch.randn(5, 2, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    recu = C.call(portes_lstm, lstm, x.clone(), name='portes_lstm')
    attendu = portes_oracle(fabrique(3, 4, 0), x)
    comparer_portes(recu, attendu, 'x de forme (5, 2, 3), sans h0', 1e-09, torch.float64)

@test_case(points=None, hidden=True)
def test_portes_contre_nn_lstm(portes_lstm):
    import torch
    from autograder import checks as C

    def usine_lstm():
        """The factory of an nn.LSTM(d, H) whose weights are drawn from a seeded generator: called
    here it gives the grader's copy (the oracle); passed to C.build_where, the same model where
    the student's function lives."""
        return C.code('\ndef fabrique(d, H, graine, type_="float64"):\n    with torch.random.fork_rng(devices=[]):\n        lstm = nn.LSTM(d, H)\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for p in lstm.parameters():\n            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) / math.sqrt(H))\n    return lstm.to(getattr(torch, type_))\n')

    def portes_oracle(lstm, x, etat0=None):
        """Gates by PyTorch's equations, and c_t, h_t from nn.LSTM itself run step by step
    (float64, on the grader's copy)."""
        lstm, x = (lstm.double(), x.double())
        T, N, _ = x.shape
        H = lstm.hidden_size
        if etat0 is None:
            h, c = (torch.zeros(1, N, H, dtype=torch.float64), torch.zeros(1, N, H, dtype=torch.float64))
        else:
            h, c = (etat0[0].double(), etat0[1].double())
        biais = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()
        valeurs = {nom: [] for nom in 'ifgoch'}
        with torch.no_grad():
            for t in range(T):
                z = x[t] @ lstm.weight_ih_l0.T + h[0] @ lstm.weight_hh_l0.T + biais
                z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
                _, (h, c) = lstm(x[t:t + 1], (h, c))
                for nom, v in zip('ifgoch', (torch.sigmoid(z_i), torch.sigmoid(z_f), torch.tanh(z_g), torch.sigmoid(z_o), c[0], h[0]), strict=True):
                    valeurs[nom].append(v)
        return {nom: torch.stack(v) for nom, v in valeurs.items()}

    def comparer_portes(recu, attendu, quoi, tol, type_attendu):
        """The six tensors of portes_lstm against the oracle: keys, shapes, dtype, then values
    (with a word on the i, f, g, o order when a gate is another one)."""
        C.expect(isinstance(recu, dict), f'`portes_lstm` doit renvoyer un dictionnaire ({quoi}).', hint='{"i": ..., "f": ..., "g": ..., "o": ..., "c": ..., "h": ...}')
        manquantes = [k for k in 'ifgoch' if k not in recu]
        C.expect(not manquantes, f"Le dictionnaire de `portes_lstm` ({quoi}) n'a pas les clés {', '.join((repr(k) for k in manquantes))}.", hint='six clés : "i", "f", "g", "o", "c", "h".')
        valeurs = {k: C.as_tensor(recu[k], f"portes_lstm(...)['{k}']") for k in 'ifgoch'}
        for k, v in valeurs.items():
            nom = f"portes_lstm(...)['{k}'] ({quoi})"
            C.expect_shape(v, tuple(attendu[k].shape), name=nom, hint="(T, N, H) : une ligne par pas de temps, le temps d'abord.")
            C.expect_dtype(v, type_attendu, name=nom, hint='calculez dans le type de x et des poids (pas de .double() ni de .float() imposé).')
        noms = {'i': "porte d'entrée i", 'f': "porte d'oubli f", 'g': 'candidat g', 'o': 'porte de sortie o', 'c': 'cellule c', 'h': 'état caché h'}
        for k in 'ifgoch':
            v = valeurs[k].to(torch.float64)
            if C.relative_error(v, attendu[k]) <= tol:
                continue
            autres = [a for a in 'ifgo' if a != k and C.relative_error(v, attendu[a]) <= tol]
            if autres:
                raise C.CheckFailure(f"`portes_lstm(...)['{k}']` ({quoi}) contient les valeurs attendues pour « {noms[autres[0]]} » et non pour « {noms[k]} ».", hint="weight_ih_l0, weight_hh_l0 et les biais empilent les blocs dans l'ordre i, f, g, o : z.chunk(4, dim=1) donne (z_i, z_f, z_g, z_o).")
            raise C.CheckFailure(f"`portes_lstm(...)['{k}']` ({quoi}, « {noms[k]} ») ne correspond pas au calcul de nn.LSTM (erreur relative {C.relative_error(v, attendu[k]):.2g}).", hint="z_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh ; i, f, o : sigmoïde, g : tanh ; c_t = f_t c_{t−1} + i_t g_t ; h_t = o_t tanh(c_t), l'état (h, c) propagé d'un pas au suivant depuis h0.")
    fabrique = usine_lstm()
    for T, N, d, H, graine in ((7, 3, 4, 5, 10), (4, 4, 2, 3, 11), (1, 2, 3, 6, 12), (9, 1, 5, 2, 13)):
        lstm = C.build_where(portes_lstm, fabrique, d, H, graine)
        local = fabrique(d, H, graine)
        g = torch.Generator().manual_seed(100 + graine)
        x = torch.randn(T, N, d, generator=g, dtype=torch.float64)
        etat0 = (torch.randn(1, N, H, generator=g, dtype=torch.float64), 2 * torch.randn(1, N, H, generator=g, dtype=torch.float64))
        for avec_h0 in (False, True):
            quoi = f'x de forme {(T, N, d)}, H = {H}, ' + ('h0 donné' if avec_h0 else 'sans h0')
            if avec_h0:
                recu = C.call(portes_lstm, lstm, x.clone(), (etat0[0].clone(), etat0[1].clone()), name='portes_lstm')
            else:
                recu = C.call(portes_lstm, lstm, x.clone(), name='portes_lstm')
            comparer_portes(recu, portes_oracle(local, x, etat0 if avec_h0 else None), quoi, 1e-09, torch.float64)

@test_case(points=None, hidden=True)
def test_portes_float32_rien_modifie(portes_lstm):
    import torch
    from autograder import checks as C

    def usine_lstm():
        """The factory of an nn.LSTM(d, H) whose weights are drawn from a seeded generator: called
    here it gives the grader's copy (the oracle); passed to C.build_where, the same model where
    the student's function lives."""
        return C.code('\ndef fabrique(d, H, graine, type_="float64"):\n    with torch.random.fork_rng(devices=[]):\n        lstm = nn.LSTM(d, H)\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for p in lstm.parameters():\n            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) / math.sqrt(H))\n    return lstm.to(getattr(torch, type_))\n')

    def portes_oracle(lstm, x, etat0=None):
        """Gates by PyTorch's equations, and c_t, h_t from nn.LSTM itself run step by step
    (float64, on the grader's copy)."""
        lstm, x = (lstm.double(), x.double())
        T, N, _ = x.shape
        H = lstm.hidden_size
        if etat0 is None:
            h, c = (torch.zeros(1, N, H, dtype=torch.float64), torch.zeros(1, N, H, dtype=torch.float64))
        else:
            h, c = (etat0[0].double(), etat0[1].double())
        biais = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()
        valeurs = {nom: [] for nom in 'ifgoch'}
        with torch.no_grad():
            for t in range(T):
                z = x[t] @ lstm.weight_ih_l0.T + h[0] @ lstm.weight_hh_l0.T + biais
                z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
                _, (h, c) = lstm(x[t:t + 1], (h, c))
                for nom, v in zip('ifgoch', (torch.sigmoid(z_i), torch.sigmoid(z_f), torch.tanh(z_g), torch.sigmoid(z_o), c[0], h[0]), strict=True):
                    valeurs[nom].append(v)
        return {nom: torch.stack(v) for nom, v in valeurs.items()}

    def comparer_portes(recu, attendu, quoi, tol, type_attendu):
        """The six tensors of portes_lstm against the oracle: keys, shapes, dtype, then values
    (with a word on the i, f, g, o order when a gate is another one)."""
        C.expect(isinstance(recu, dict), f'`portes_lstm` doit renvoyer un dictionnaire ({quoi}).', hint='{"i": ..., "f": ..., "g": ..., "o": ..., "c": ..., "h": ...}')
        manquantes = [k for k in 'ifgoch' if k not in recu]
        C.expect(not manquantes, f"Le dictionnaire de `portes_lstm` ({quoi}) n'a pas les clés {', '.join((repr(k) for k in manquantes))}.", hint='six clés : "i", "f", "g", "o", "c", "h".')
        valeurs = {k: C.as_tensor(recu[k], f"portes_lstm(...)['{k}']") for k in 'ifgoch'}
        for k, v in valeurs.items():
            nom = f"portes_lstm(...)['{k}'] ({quoi})"
            C.expect_shape(v, tuple(attendu[k].shape), name=nom, hint="(T, N, H) : une ligne par pas de temps, le temps d'abord.")
            C.expect_dtype(v, type_attendu, name=nom, hint='calculez dans le type de x et des poids (pas de .double() ni de .float() imposé).')
        noms = {'i': "porte d'entrée i", 'f': "porte d'oubli f", 'g': 'candidat g', 'o': 'porte de sortie o', 'c': 'cellule c', 'h': 'état caché h'}
        for k in 'ifgoch':
            v = valeurs[k].to(torch.float64)
            if C.relative_error(v, attendu[k]) <= tol:
                continue
            autres = [a for a in 'ifgo' if a != k and C.relative_error(v, attendu[a]) <= tol]
            if autres:
                raise C.CheckFailure(f"`portes_lstm(...)['{k}']` ({quoi}) contient les valeurs attendues pour « {noms[autres[0]]} » et non pour « {noms[k]} ».", hint="weight_ih_l0, weight_hh_l0 et les biais empilent les blocs dans l'ordre i, f, g, o : z.chunk(4, dim=1) donne (z_i, z_f, z_g, z_o).")
            raise C.CheckFailure(f"`portes_lstm(...)['{k}']` ({quoi}, « {noms[k]} ») ne correspond pas au calcul de nn.LSTM (erreur relative {C.relative_error(v, attendu[k]):.2g}).", hint="z_t = x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh ; i, f, o : sigmoïde, g : tanh ; c_t = f_t c_{t−1} + i_t g_t ; h_t = o_t tanh(c_t), l'état (h, c) propagé d'un pas au suivant depuis h0.")
    fabrique = usine_lstm()
    lstm = C.build_where(portes_lstm, fabrique, 4, 6, 20, 'float32')
    g = torch.Generator().manual_seed(21)
    x = torch.randn(8, 3, 4, generator=g)
    etat0 = (torch.randn(1, 3, 6, generator=g), torch.randn(1, 3, 6, generator=g))
    recu = C.expect_unchanged(portes_lstm, lstm, x, etat0, name='portes_lstm', hint="ne modifiez ni x ni l'état initial en place.")
    comparer_portes(recu, portes_oracle(fabrique(4, 6, 20), x, etat0), 'en float32', 1e-05, torch.float32)
    poids = C.call(lstm.state_dict, name='lstm.state_dict')
    origine = fabrique(4, 6, 20, 'float32').state_dict()
    C.expect(all((C.as_tensor(poids[k], k).dtype == v.dtype and torch.equal(C.as_tensor(poids[k], k), v) for k, v in origine.items())), '`portes_lstm` a modifié le LSTM reçu : ses poids ou leur type ont changé.', hint='ne convertissez pas le module (lstm.double() le modifie en place) et ne touchez pas à ses paramètres.')

