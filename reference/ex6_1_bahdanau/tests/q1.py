from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_attention_exemple(AttentionBahdanau):
    import torch
    from autograder import checks as C

    def attention_oracle(poids, s_prec, H, masque):
        """(contexte, alpha) of equations 6.2–6.4 in float64, padded positions at −∞."""
        s_prec, H = (s_prec.to(torch.float64), H.to(torch.float64))
        pre = s_prec @ poids['W.weight'].T
        e = torch.tanh(pre[:, None, :] + H @ poids['U.weight'].T + poids['U.bias'])
        e = (e @ poids['v.weight'].T)[..., 0].masked_fill(~masque, float('-inf'))
        alpha = e.softmax(dim=1)
        return (torch.einsum('bj,bjd->bd', alpha, H), alpha)

    def attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, graine):
        """The student's module in float64, loaded with the grader's weights (returned too)."""
        label = f'AttentionBahdanau({d_enc}, {d_dec}, {d_att})'
        module = C.make_model(AttentionBahdanau, d_enc, d_dec, d_att, name=label)
        module = C.call(module.double, name=f'{label}.double')
        etat = C.call(module.state_dict, name=f'{label}.state_dict')
        formes = {'W.weight': (d_att, d_dec), 'U.weight': (d_att, d_enc), 'U.bias': (d_att,), 'v.weight': (1, d_att)}
        C.expect(set(etat) == set(formes), f'Les paramètres de `{label}` sont {sorted(etat)}, attendus {sorted(formes)}.', hint='trois sous-modules : W = nn.Linear(d_dec, d_att, bias=False), U = nn.Linear(d_enc, d_att) (avec biais), v = nn.Linear(d_att, 1, bias=False).')
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='nn.Linear(entrée, sortie) a un poids de forme (sortie, entrée).')
            poids[cle] = torch.randn(forme, generator=g, dtype=torch.float64) / 2
        C.call(module.load_state_dict, poids, name=f'{label}.load_state_dict')
        return (module, poids, label)

    def appeler_attention(module, label, s_prec, H, masque):
        """module(s_prec, H, masque) where it lives: the pair (contexte, alpha), shapes checked."""
        resultat = C.call(module, s_prec.clone(), H.clone(), masque.clone(), name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}.forward` doit renvoyer un couple (contexte, alpha).')
        B, n, d_enc = H.shape
        quoi = f'B = {B}, n = {n}'
        contexte = C.as_tensor(resultat[0], f'contexte ({quoi})')
        alpha = C.as_tensor(resultat[1], f'alpha ({quoi})')
        C.expect_shape(alpha, (B, n), name=f'alpha ({quoi})', hint='un poids par position source : forme (B, n).')
        C.expect_shape(contexte, (B, d_enc), name=f'contexte ({quoi})', hint='contexte = Σ_j α_j h_j, de forme (B, d_enc).')
        return (contexte, alpha)
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 3, 2, 4, 0)
    s_prec = torch.tensor([[1.0, -1.0], [0.5, 2.0]], dtype=torch.float64)
    H = torch.tensor([[[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [1.0, 1.0, 1.0]], [[-1.0, 2.0, 0.0], [0.5, 0.5, 0.5], [3.0, 3.0, 3.0]]], dtype=torch.float64)
    masque = torch.tensor([[True, True, True], [True, True, False]])
    contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    C.expect_close(alpha, attendu_alpha, name="alpha de l'exemple (B = 2, n = 3)", reveal=True, hint='e_j = v(tanh(W(s_prec) + U(h_j))), −∞ sur le remplissage, softmax sur les positions sources j (dim=1).')
    C.expect_close(contexte, attendu_contexte, name="contexte de l'exemple", reveal=True, hint='contexte = Σ_j α_j h_j.')

@test_case(points=None, hidden=True)
def test_attention_contre_oracle(AttentionBahdanau):
    import torch
    from autograder import checks as C

    def entrees_attention(B, n, d_enc, d_dec, longueurs, graine):
        """s_prec, H, masque in float64; masque True on the first longueurs[b] positions."""
        g = torch.Generator().manual_seed(graine)
        s_prec = torch.randn(B, d_dec, generator=g, dtype=torch.float64)
        H = torch.randn(B, n, d_enc, generator=g, dtype=torch.float64)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        return (s_prec, H, masque)

    def attention_oracle(poids, s_prec, H, masque):
        """(contexte, alpha) of equations 6.2–6.4 in float64, padded positions at −∞."""
        s_prec, H = (s_prec.to(torch.float64), H.to(torch.float64))
        pre = s_prec @ poids['W.weight'].T
        e = torch.tanh(pre[:, None, :] + H @ poids['U.weight'].T + poids['U.bias'])
        e = (e @ poids['v.weight'].T)[..., 0].masked_fill(~masque, float('-inf'))
        alpha = e.softmax(dim=1)
        return (torch.einsum('bj,bjd->bd', alpha, H), alpha)

    def attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, graine):
        """The student's module in float64, loaded with the grader's weights (returned too)."""
        label = f'AttentionBahdanau({d_enc}, {d_dec}, {d_att})'
        module = C.make_model(AttentionBahdanau, d_enc, d_dec, d_att, name=label)
        module = C.call(module.double, name=f'{label}.double')
        etat = C.call(module.state_dict, name=f'{label}.state_dict')
        formes = {'W.weight': (d_att, d_dec), 'U.weight': (d_att, d_enc), 'U.bias': (d_att,), 'v.weight': (1, d_att)}
        C.expect(set(etat) == set(formes), f'Les paramètres de `{label}` sont {sorted(etat)}, attendus {sorted(formes)}.', hint='trois sous-modules : W = nn.Linear(d_dec, d_att, bias=False), U = nn.Linear(d_enc, d_att) (avec biais), v = nn.Linear(d_att, 1, bias=False).')
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='nn.Linear(entrée, sortie) a un poids de forme (sortie, entrée).')
            poids[cle] = torch.randn(forme, generator=g, dtype=torch.float64) / 2
        C.call(module.load_state_dict, poids, name=f'{label}.load_state_dict')
        return (module, poids, label)

    def appeler_attention(module, label, s_prec, H, masque):
        """module(s_prec, H, masque) where it lives: the pair (contexte, alpha), shapes checked."""
        resultat = C.call(module, s_prec.clone(), H.clone(), masque.clone(), name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}.forward` doit renvoyer un couple (contexte, alpha).')
        B, n, d_enc = H.shape
        quoi = f'B = {B}, n = {n}'
        contexte = C.as_tensor(resultat[0], f'contexte ({quoi})')
        alpha = C.as_tensor(resultat[1], f'alpha ({quoi})')
        C.expect_shape(alpha, (B, n), name=f'alpha ({quoi})', hint='un poids par position source : forme (B, n).')
        C.expect_shape(contexte, (B, d_enc), name=f'contexte ({quoi})', hint='contexte = Σ_j α_j h_j, de forme (B, d_enc).')
        return (contexte, alpha)
    cas = [(3, 5, 4, 6, 3, [5, 2, 4]), (1, 1, 2, 3, 5, [1]), (4, 6, 5, 5, 2, [6, 6, 1, 3]), (2, 7, 3, 2, 4, [7, 7])]
    for graine, (B, n, d_enc, d_dec, d_att, longueurs) in enumerate(cas):
        module, poids, label = attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, 10 + graine)
        s_prec, H, masque = entrees_attention(B, n, d_enc, d_dec, longueurs, 20 + graine)
        contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
        attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
        quoi = f'{label}, B = {B}, n = {n}'
        C.expect_close(alpha, attendu_alpha, name=f'alpha ({quoi})', hint="e_j = vᵀ tanh(W s_prec + U h_j + b) : W sur l'état du décodeur, U (avec son biais) sur chaque h_j, v sur la tanh ; softmax sur les positions sources.")
        C.expect_close(contexte, attendu_contexte, name=f'contexte ({quoi})', hint='contexte = Σ_j α_j h_j (somme sur les positions sources).')

@test_case(points=None, hidden=True)
def test_attention_somme_et_masque(AttentionBahdanau):
    import torch
    from autograder import checks as C

    def entrees_attention(B, n, d_enc, d_dec, longueurs, graine):
        """s_prec, H, masque in float64; masque True on the first longueurs[b] positions."""
        g = torch.Generator().manual_seed(graine)
        s_prec = torch.randn(B, d_dec, generator=g, dtype=torch.float64)
        H = torch.randn(B, n, d_enc, generator=g, dtype=torch.float64)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        return (s_prec, H, masque)

    def attention_oracle(poids, s_prec, H, masque):
        """(contexte, alpha) of equations 6.2–6.4 in float64, padded positions at −∞."""
        s_prec, H = (s_prec.to(torch.float64), H.to(torch.float64))
        pre = s_prec @ poids['W.weight'].T
        e = torch.tanh(pre[:, None, :] + H @ poids['U.weight'].T + poids['U.bias'])
        e = (e @ poids['v.weight'].T)[..., 0].masked_fill(~masque, float('-inf'))
        alpha = e.softmax(dim=1)
        return (torch.einsum('bj,bjd->bd', alpha, H), alpha)

    def attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, graine):
        """The student's module in float64, loaded with the grader's weights (returned too)."""
        label = f'AttentionBahdanau({d_enc}, {d_dec}, {d_att})'
        module = C.make_model(AttentionBahdanau, d_enc, d_dec, d_att, name=label)
        module = C.call(module.double, name=f'{label}.double')
        etat = C.call(module.state_dict, name=f'{label}.state_dict')
        formes = {'W.weight': (d_att, d_dec), 'U.weight': (d_att, d_enc), 'U.bias': (d_att,), 'v.weight': (1, d_att)}
        C.expect(set(etat) == set(formes), f'Les paramètres de `{label}` sont {sorted(etat)}, attendus {sorted(formes)}.', hint='trois sous-modules : W = nn.Linear(d_dec, d_att, bias=False), U = nn.Linear(d_enc, d_att) (avec biais), v = nn.Linear(d_att, 1, bias=False).')
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='nn.Linear(entrée, sortie) a un poids de forme (sortie, entrée).')
            poids[cle] = torch.randn(forme, generator=g, dtype=torch.float64) / 2
        C.call(module.load_state_dict, poids, name=f'{label}.load_state_dict')
        return (module, poids, label)

    def appeler_attention(module, label, s_prec, H, masque):
        """module(s_prec, H, masque) where it lives: the pair (contexte, alpha), shapes checked."""
        resultat = C.call(module, s_prec.clone(), H.clone(), masque.clone(), name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}.forward` doit renvoyer un couple (contexte, alpha).')
        B, n, d_enc = H.shape
        quoi = f'B = {B}, n = {n}'
        contexte = C.as_tensor(resultat[0], f'contexte ({quoi})')
        alpha = C.as_tensor(resultat[1], f'alpha ({quoi})')
        C.expect_shape(alpha, (B, n), name=f'alpha ({quoi})', hint='un poids par position source : forme (B, n).')
        C.expect_shape(contexte, (B, d_enc), name=f'contexte ({quoi})', hint='contexte = Σ_j α_j h_j, de forme (B, d_enc).')
        return (contexte, alpha)
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 4, 3, 5, 30)
    longueurs = [2, 5, 1, 4]
    s_prec, H, masque = entrees_attention(4, 5, 4, 3, longueurs, 31)
    contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
    C.expect(bool((alpha[~masque] == 0).all()), "Les poids d'attention ne sont pas exactement nuls sur les positions de remplissage (masque faux).", hint='mettez −∞ dans les scores masqués avant le softmax (masked_fill(~masque, -inf)) : exp(−∞) = 0 exactement.')
    C.expect_close(alpha.sum(dim=1), torch.ones(4, dtype=torch.float64), name='somme des poids de chaque phrase', hint='softmax sur les positions sources (dim=1), après le masquage.')
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    C.expect_close(alpha, attendu_alpha, name='alpha (phrases de longueurs 2, 5, 1, 4)')
    H2 = H.clone()
    H2[~masque] = 1000.0 * torch.randn(H2[~masque].shape, generator=torch.Generator().manual_seed(32), dtype=torch.float64)
    contexte2, alpha2 = appeler_attention(module, label, s_prec, H2, masque)
    C.expect_close(alpha2, attendu_alpha, name="alpha avec d'autres h_j de remplissage", hint='les positions masquées ne doivent compter ni dans le softmax ni dans la somme.')
    C.expect_close(contexte2, attendu_contexte, name="contexte avec d'autres h_j de remplissage", hint='le contexte ne doit pas dépendre des h_j de remplissage.')

@test_case(points=None, hidden=True)
def test_attention_axe_du_softmax(AttentionBahdanau):
    import torch
    from autograder import checks as C

    def entrees_attention(B, n, d_enc, d_dec, longueurs, graine):
        """s_prec, H, masque in float64; masque True on the first longueurs[b] positions."""
        g = torch.Generator().manual_seed(graine)
        s_prec = torch.randn(B, d_dec, generator=g, dtype=torch.float64)
        H = torch.randn(B, n, d_enc, generator=g, dtype=torch.float64)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        return (s_prec, H, masque)

    def attention_oracle(poids, s_prec, H, masque):
        """(contexte, alpha) of equations 6.2–6.4 in float64, padded positions at −∞."""
        s_prec, H = (s_prec.to(torch.float64), H.to(torch.float64))
        pre = s_prec @ poids['W.weight'].T
        e = torch.tanh(pre[:, None, :] + H @ poids['U.weight'].T + poids['U.bias'])
        e = (e @ poids['v.weight'].T)[..., 0].masked_fill(~masque, float('-inf'))
        alpha = e.softmax(dim=1)
        return (torch.einsum('bj,bjd->bd', alpha, H), alpha)

    def attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, graine):
        """The student's module in float64, loaded with the grader's weights (returned too)."""
        label = f'AttentionBahdanau({d_enc}, {d_dec}, {d_att})'
        module = C.make_model(AttentionBahdanau, d_enc, d_dec, d_att, name=label)
        module = C.call(module.double, name=f'{label}.double')
        etat = C.call(module.state_dict, name=f'{label}.state_dict')
        formes = {'W.weight': (d_att, d_dec), 'U.weight': (d_att, d_enc), 'U.bias': (d_att,), 'v.weight': (1, d_att)}
        C.expect(set(etat) == set(formes), f'Les paramètres de `{label}` sont {sorted(etat)}, attendus {sorted(formes)}.', hint='trois sous-modules : W = nn.Linear(d_dec, d_att, bias=False), U = nn.Linear(d_enc, d_att) (avec biais), v = nn.Linear(d_att, 1, bias=False).')
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='nn.Linear(entrée, sortie) a un poids de forme (sortie, entrée).')
            poids[cle] = torch.randn(forme, generator=g, dtype=torch.float64) / 2
        C.call(module.load_state_dict, poids, name=f'{label}.load_state_dict')
        return (module, poids, label)

    def appeler_attention(module, label, s_prec, H, masque):
        """module(s_prec, H, masque) where it lives: the pair (contexte, alpha), shapes checked."""
        resultat = C.call(module, s_prec.clone(), H.clone(), masque.clone(), name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}.forward` doit renvoyer un couple (contexte, alpha).')
        B, n, d_enc = H.shape
        quoi = f'B = {B}, n = {n}'
        contexte = C.as_tensor(resultat[0], f'contexte ({quoi})')
        alpha = C.as_tensor(resultat[1], f'alpha ({quoi})')
        C.expect_shape(alpha, (B, n), name=f'alpha ({quoi})', hint='un poids par position source : forme (B, n).')
        C.expect_shape(contexte, (B, d_enc), name=f'contexte ({quoi})', hint='contexte = Σ_j α_j h_j, de forme (B, d_enc).')
        return (contexte, alpha)
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 2, 3, 4, 40)
    s_prec, H, masque = entrees_attention(3, 4, 2, 3, [4, 4, 4], 41)
    H = 2 * H
    contexte, alpha = appeler_attention(module, label, s_prec, H, masque)
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    C.expect_close(alpha.sum(dim=1), torch.ones(3, dtype=torch.float64), name='somme des poids sur les positions sources', hint='softmax sur les positions sources j (dim=1 de e, de forme (B, n)), pas sur le lot.')
    C.expect_close(alpha, attendu_alpha, name='alpha (B = 3, n = 4)')
    C.expect_close(contexte, attendu_contexte, name='contexte (B = 3, n = 4)')

@test_case(points=None, hidden=True)
def test_attention_type_et_arguments(AttentionBahdanau):
    import torch
    from autograder import checks as C

    def entrees_attention(B, n, d_enc, d_dec, longueurs, graine):
        """s_prec, H, masque in float64; masque True on the first longueurs[b] positions."""
        g = torch.Generator().manual_seed(graine)
        s_prec = torch.randn(B, d_dec, generator=g, dtype=torch.float64)
        H = torch.randn(B, n, d_enc, generator=g, dtype=torch.float64)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        return (s_prec, H, masque)

    def attention_oracle(poids, s_prec, H, masque):
        """(contexte, alpha) of equations 6.2–6.4 in float64, padded positions at −∞."""
        s_prec, H = (s_prec.to(torch.float64), H.to(torch.float64))
        pre = s_prec @ poids['W.weight'].T
        e = torch.tanh(pre[:, None, :] + H @ poids['U.weight'].T + poids['U.bias'])
        e = (e @ poids['v.weight'].T)[..., 0].masked_fill(~masque, float('-inf'))
        alpha = e.softmax(dim=1)
        return (torch.einsum('bj,bjd->bd', alpha, H), alpha)

    def attention_du_correcteur(AttentionBahdanau, d_enc, d_dec, d_att, graine):
        """The student's module in float64, loaded with the grader's weights (returned too)."""
        label = f'AttentionBahdanau({d_enc}, {d_dec}, {d_att})'
        module = C.make_model(AttentionBahdanau, d_enc, d_dec, d_att, name=label)
        module = C.call(module.double, name=f'{label}.double')
        etat = C.call(module.state_dict, name=f'{label}.state_dict')
        formes = {'W.weight': (d_att, d_dec), 'U.weight': (d_att, d_enc), 'U.bias': (d_att,), 'v.weight': (1, d_att)}
        C.expect(set(etat) == set(formes), f'Les paramètres de `{label}` sont {sorted(etat)}, attendus {sorted(formes)}.', hint='trois sous-modules : W = nn.Linear(d_dec, d_att, bias=False), U = nn.Linear(d_enc, d_att) (avec biais), v = nn.Linear(d_att, 1, bias=False).')
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='nn.Linear(entrée, sortie) a un poids de forme (sortie, entrée).')
            poids[cle] = torch.randn(forme, generator=g, dtype=torch.float64) / 2
        C.call(module.load_state_dict, poids, name=f'{label}.load_state_dict')
        return (module, poids, label)
    module, poids, label = attention_du_correcteur(AttentionBahdanau, 3, 4, 2, 50)
    s_prec, H, masque = entrees_attention(2, 4, 3, 4, [3, 4], 51)
    attendu_contexte, attendu_alpha = attention_oracle(poids, s_prec, H, masque)
    resultat = C.expect_unchanged(module, s_prec.clone(), H.clone(), masque.clone(), name=label, hint='masked_fill (sans _) et les opérations hors place laissent s_prec, H et masque intacts.')
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}.forward` doit renvoyer un couple (contexte, alpha).')
    C.expect_close(resultat[1], attendu_alpha, name='alpha (B = 2, n = 4)')
    C.expect_close(resultat[0], attendu_contexte, name='contexte (B = 2, n = 4)')
    for valeur, quoi in ((resultat[0], 'contexte'), (resultat[1], 'alpha')):
        valeur = C.as_tensor(valeur, quoi)
        C.expect(valeur.dtype == torch.float64, f'`{label}` renvoie {quoi} en {str(valeur.dtype)[6:]} pour un module et des entrées en float64.', hint="n'imposez pas de type : les opérations sur H et s_prec le conservent.")

