from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_attention_exemple(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, 8, 2, 0)
    x, padding = entrees(2, 5, 8, [5, 3], 1)
    y, w = appeler_attention(modele, x, padding, None, 2, label)
    attendu_y, attendu_w = oracle_mha(poids, 2, x, padding, None)
    C.expect_close(w, attendu_w, name=f'poids de {label} (deux têtes, padding)', reveal=True, hint='tête i : composantes i·d_k … (i+1)·d_k − 1 de Q et K, scores / √d_k, −∞ aux clés de remplissage, softmax sur les clés.')
    C.expect_close(y, attendu_y, name=f'y de {label} (deux têtes, padding)', reveal=True, hint="concaténez les sorties des têtes dans l'ordre des têtes, puis W_o.")

@test_case(points=None, hidden=True)
def test_attention_contre_multihead_d12_h3(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    cas = 'd12_h3'
    d, h = (int(t[1:]) for t in cas.split('_'))
    B, n = {'d12_h3': (3, 6), 'd16_h4': (2, 7), 'd24_h8': (2, 4), 'd8_h1': (3, 5), 'd20_h2': (1, 9)}[cas]
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 10 + d)
    longueurs = [n - i % 3 for i in range(B)] if B > 1 else [n - 4]
    for avec_padding in (False, True):
        x, padding = entrees(B, n, d, longueurs if avec_padding else None, 20 + d)
        quoi = f'{label}, x de forme {(B, n, d)}' + (', avec padding' if avec_padding else '')
        y, w = appeler_attention(modele, x, padding, None, h, label)
        attendu_y, attendu_w = oracle_mha(poids, h, x, padding, None)
        C.expect_close(w, attendu_w, name=f'poids ({quoi})', hint='comparés aux poids par tête de nn.MultiheadAttention : découpage des têtes, facteur 1/√d_k, masque des clés de remplissage, softmax sur les clés.')
        C.expect_close(w.to(torch.float64).mean(dim=1), attendu_w.mean(dim=1), name=f'moyenne des poids sur les têtes ({quoi})')
        C.expect_close(y, attendu_y, name=f'y ({quoi})', hint='y = W_o(concaténation des têtes), comme nn.MultiheadAttention.')

@test_case(points=None, hidden=True)
def test_attention_contre_multihead_d16_h4(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    cas = 'd16_h4'
    d, h = (int(t[1:]) for t in cas.split('_'))
    B, n = {'d12_h3': (3, 6), 'd16_h4': (2, 7), 'd24_h8': (2, 4), 'd8_h1': (3, 5), 'd20_h2': (1, 9)}[cas]
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 10 + d)
    longueurs = [n - i % 3 for i in range(B)] if B > 1 else [n - 4]
    for avec_padding in (False, True):
        x, padding = entrees(B, n, d, longueurs if avec_padding else None, 20 + d)
        quoi = f'{label}, x de forme {(B, n, d)}' + (', avec padding' if avec_padding else '')
        y, w = appeler_attention(modele, x, padding, None, h, label)
        attendu_y, attendu_w = oracle_mha(poids, h, x, padding, None)
        C.expect_close(w, attendu_w, name=f'poids ({quoi})', hint='comparés aux poids par tête de nn.MultiheadAttention : découpage des têtes, facteur 1/√d_k, masque des clés de remplissage, softmax sur les clés.')
        C.expect_close(w.to(torch.float64).mean(dim=1), attendu_w.mean(dim=1), name=f'moyenne des poids sur les têtes ({quoi})')
        C.expect_close(y, attendu_y, name=f'y ({quoi})', hint='y = W_o(concaténation des têtes), comme nn.MultiheadAttention.')

@test_case(points=None, hidden=True)
def test_attention_contre_multihead_d24_h8(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    cas = 'd24_h8'
    d, h = (int(t[1:]) for t in cas.split('_'))
    B, n = {'d12_h3': (3, 6), 'd16_h4': (2, 7), 'd24_h8': (2, 4), 'd8_h1': (3, 5), 'd20_h2': (1, 9)}[cas]
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 10 + d)
    longueurs = [n - i % 3 for i in range(B)] if B > 1 else [n - 4]
    for avec_padding in (False, True):
        x, padding = entrees(B, n, d, longueurs if avec_padding else None, 20 + d)
        quoi = f'{label}, x de forme {(B, n, d)}' + (', avec padding' if avec_padding else '')
        y, w = appeler_attention(modele, x, padding, None, h, label)
        attendu_y, attendu_w = oracle_mha(poids, h, x, padding, None)
        C.expect_close(w, attendu_w, name=f'poids ({quoi})', hint='comparés aux poids par tête de nn.MultiheadAttention : découpage des têtes, facteur 1/√d_k, masque des clés de remplissage, softmax sur les clés.')
        C.expect_close(w.to(torch.float64).mean(dim=1), attendu_w.mean(dim=1), name=f'moyenne des poids sur les têtes ({quoi})')
        C.expect_close(y, attendu_y, name=f'y ({quoi})', hint='y = W_o(concaténation des têtes), comme nn.MultiheadAttention.')

@test_case(points=None, hidden=True)
def test_attention_contre_multihead_d8_h1(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    cas = 'd8_h1'
    d, h = (int(t[1:]) for t in cas.split('_'))
    B, n = {'d12_h3': (3, 6), 'd16_h4': (2, 7), 'd24_h8': (2, 4), 'd8_h1': (3, 5), 'd20_h2': (1, 9)}[cas]
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 10 + d)
    longueurs = [n - i % 3 for i in range(B)] if B > 1 else [n - 4]
    for avec_padding in (False, True):
        x, padding = entrees(B, n, d, longueurs if avec_padding else None, 20 + d)
        quoi = f'{label}, x de forme {(B, n, d)}' + (', avec padding' if avec_padding else '')
        y, w = appeler_attention(modele, x, padding, None, h, label)
        attendu_y, attendu_w = oracle_mha(poids, h, x, padding, None)
        C.expect_close(w, attendu_w, name=f'poids ({quoi})', hint='comparés aux poids par tête de nn.MultiheadAttention : découpage des têtes, facteur 1/√d_k, masque des clés de remplissage, softmax sur les clés.')
        C.expect_close(w.to(torch.float64).mean(dim=1), attendu_w.mean(dim=1), name=f'moyenne des poids sur les têtes ({quoi})')
        C.expect_close(y, attendu_y, name=f'y ({quoi})', hint='y = W_o(concaténation des têtes), comme nn.MultiheadAttention.')

@test_case(points=None, hidden=True)
def test_attention_contre_multihead_d20_h2(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    cas = 'd20_h2'
    d, h = (int(t[1:]) for t in cas.split('_'))
    B, n = {'d12_h3': (3, 6), 'd16_h4': (2, 7), 'd24_h8': (2, 4), 'd8_h1': (3, 5), 'd20_h2': (1, 9)}[cas]
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 10 + d)
    longueurs = [n - i % 3 for i in range(B)] if B > 1 else [n - 4]
    for avec_padding in (False, True):
        x, padding = entrees(B, n, d, longueurs if avec_padding else None, 20 + d)
        quoi = f'{label}, x de forme {(B, n, d)}' + (', avec padding' if avec_padding else '')
        y, w = appeler_attention(modele, x, padding, None, h, label)
        attendu_y, attendu_w = oracle_mha(poids, h, x, padding, None)
        C.expect_close(w, attendu_w, name=f'poids ({quoi})', hint='comparés aux poids par tête de nn.MultiheadAttention : découpage des têtes, facteur 1/√d_k, masque des clés de remplissage, softmax sur les clés.')
        C.expect_close(w.to(torch.float64).mean(dim=1), attendu_w.mean(dim=1), name=f'moyenne des poids sur les têtes ({quoi})')
        C.expect_close(y, attendu_y, name=f'y ({quoi})', hint='y = W_o(concaténation des têtes), comme nn.MultiheadAttention.')

@test_case(points=None, hidden=True)
def test_attention_lignes_et_padding(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, 12, 4, 3)
    x, padding = entrees(3, 7, 12, [7, 4, 1], 4)
    _, w = appeler_attention(modele, x, padding, None, 4, label)
    cles_masquees = padding[:, None, None, :].expand(3, 4, 7, 7)
    C.expect(bool((w[cles_masquees] == 0).all()), "Les poids d'attention des clés de remplissage ne sont pas exactement nuls.", hint='mettez −∞ dans les scores des **clés** de remplissage (dernière dimension des scores) avant le softmax : exp(−∞) = 0 exactement.')
    C.expect_close(w.to(torch.float64).sum(dim=-1), torch.ones(3, 4, 7, dtype=torch.float64), name='somme des poids de chaque requête sur les clés', hint='le softmax porte sur la dernière dimension (les clés).')
    C.expect_close(w, oracle_mha(poids, 4, x, padding, None)[1], name=f'poids de {label} (longueurs 7, 4, 1)')

@test_case(points=None, hidden=True)
def test_attention_echelle_d_k(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, 64, 16, 5)
    x, padding = entrees(2, 6, 64, [6, 5], 6)
    y, w = appeler_attention(modele, x, padding, None, 16, label)
    attendu_y, attendu_w = oracle_mha(poids, 16, x, padding, None)
    C.expect_close(w, attendu_w, name=f'poids de {label}', hint="le facteur d'échelle est 1/√d_k avec d_k = d_model / n_tetes (la dimension d'une tête), pas 1/√d_model.")
    C.expect_close(y, attendu_y, name=f'y de {label}')

@test_case(points=None, hidden=True)
def test_attention_une_tete(AttentionMultiTetes):
    import math
    import torch
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    d = 10
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, 1, 7)
    x, padding = entrees(2, 6, d, [6, 2], 8)
    y, w = appeler_attention(modele, x, padding, None, 1, label)
    q, k, v = (x @ poids[f'{n}.weight'].T + poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v'))
    scores = (q @ k.transpose(1, 2) / math.sqrt(d)).masked_fill(padding[:, None, :], float('-inf'))
    alpha = torch.softmax(scores, dim=-1)
    C.expect_close(w[:, 0], alpha, name=f'poids de {label} (une seule tête)', hint='avec une tête, d_k = d_model : softmax(QKᵀ/√d_model) sur les clés.')
    C.expect_close(y, alpha @ v @ poids['W_o.weight'].T + poids['W_o.bias'], name=f'y de {label} (une seule tête)', hint='y = W_o(softmax(QKᵀ/√d_k) V).')

@test_case(points=None, hidden=True)
def test_attention_decoupage_des_tetes(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    d, h, j = (12, 3, 1)
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 9)
    bloc = torch.zeros(d, dtype=torch.bool)
    bloc[j * 4:(j + 1) * 4] = True
    for nom in ('W_q', 'W_k', 'W_v'):
        poids[f'{nom}.weight'] = 3 * poids[f'{nom}.weight'] * bloc.unsqueeze(1)
        poids[f'{nom}.bias'] = torch.zeros(d, dtype=torch.float64)
    C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
    x, padding = entrees(2, 5, d, [5, 4], 10)
    y, w = appeler_attention(modele, x, padding, None, h, label)
    attendu_y, attendu_w = oracle_mha(poids, h, x, padding, None)
    C.expect_close(w, attendu_w, name=f'poids par tête de {label} (une seule tête active)', hint='la tête i prend les composantes i·d_k … (i+1)·d_k − 1 de Q et K : Q.view(B, n, h, d_k).transpose(1, 2), pas Q.view(B, h, n, d_k).')
    C.expect_close(y, attendu_y, name=f'y de {label} (une seule tête active)', hint='la sortie de la tête i occupe les composantes i·d_k … (i+1)·d_k − 1 de la concaténation : transpose(1, 2) puis reshape(B, n, d_model).')

@test_case(points=None, hidden=True)
def test_attention_sans_masque_et_divisibilite(AttentionMultiTetes):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_mha(poids, h, x, padding, masque_tetes):
        """(y, poids par tête (B, h, n, n)) de nn.MultiheadAttention avec les poids du correcteur."""
        mha = mha_du_correcteur(poids, h, masque_tetes)
        y, w = mha(x, x, x, key_padding_mask=padding, need_weights=True, average_attn_weights=False)
        return (y.detach(), w.detach())

    def entrees(B, n, d, longueurs, graine):
        """x float64 (B, n, d) et le masque de padding des longueurs données (None si aucune)."""
        g = torch.Generator().manual_seed(graine)
        x = torch.randn(B, n, d, generator=g, dtype=torch.float64)
        if longueurs is None:
            return (x, None)
        return (x, torch.arange(n).unsqueeze(0) >= torch.tensor(longueurs).unsqueeze(1))

    def attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, graine):
        """Le module de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'AttentionMultiTetes({d}, {h})'
        modele = C.make_model(AttentionMultiTetes, d, h, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_correcteur(d, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre sous-modules W_q, W_k, W_v, W_o, chacun nn.Linear(d_model, d_model) avec biais.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='W_q, W_k, W_v, W_o : nn.Linear(d_model, d_model) avec biais.')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def appeler_attention(modele, x, padding, masque_tetes, h, label):
        """modele(x[, padding[, masque_tetes]]) par position : le couple (y, poids), formes
    vérifiées."""
        args = (x.clone(),) if padding is None and masque_tetes is None else (x.clone(), padding) if masque_tetes is None else (x.clone(), padding, masque_tetes)
        resultat = C.call(modele, *args, name=label)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, …)` doit renvoyer un couple (y, poids).')
        B, n, d = x.shape
        y = C.as_tensor(resultat[0], f'y de {label}')
        poids = C.as_tensor(resultat[1], f'poids de {label}')
        C.expect_shape(y, (B, n, d), name=f'y de {label} pour x de forme {(B, n, d)}', hint='y a la forme de x : (B, n, d_model).')
        C.expect_shape(poids, (B, h, n, n), name=f'poids de {label} pour x de forme {(B, n, d)}', hint='poids[b, i, q, k] : lot, tête, requête, clé ; forme (B, n_tetes, n, n).')
        return (y, poids)
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, 8, 4, 11)
    x, _ = entrees(2, 5, 8, None, 12)
    y, w = appeler_attention(modele, x, None, None, 4, label)
    attendu_y, attendu_w = oracle_mha(poids, 4, x, None, None)
    C.expect_close(w, attendu_w, name=f'poids de {label}(x) sans masque')
    C.expect_close(y, attendu_y, name=f'y de {label}(x) sans masque')
    exception_levee = C.code("def exception_levee(d, h):\n    try:\n        AttentionMultiTetes(d, h)\n    except ValueError:\n        return 'ValueError'\n    except Exception as e:\n        return type(e).__name__\n    return None", AttentionMultiTetes=AttentionMultiTetes)
    for d, h in ((10, 3), (64, 6), (6, 4)):
        levee = C.call(exception_levee, d, h, name='AttentionMultiTetes')
        C.expect(levee == 'ValueError', f"`AttentionMultiTetes({d}, {h})` devrait lever une `ValueError` ({d} n'est pas divisible par {h})" + (f', pas une `{levee}`.' if levee else ' : aucune exception levée.'), hint='testez d_model % n_tetes dans le constructeur et levez ValueError(...).')
    C.expect_not_using(AttentionMultiTetes, {'MultiheadAttention', 'scaled_dot_product_attention', 'multi_head_attention_forward'}, name='AttentionMultiTetes', hint='écrivez le calcul vous-même : projections, découpage en têtes, scores, masque, softmax, concaténation, W_o.')

