from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_elagage_exemple(AttentionMultiTetes):
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
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, 8, 4, 30)
    x, padding = entrees(2, 4, 8, [4, 3], 31)
    masque = torch.tensor([1.0, 0.0, 1.0, 1.0], dtype=torch.float64)
    y, w = appeler_attention(modele, x, padding, masque, 4, label)
    attendu_y, attendu_w = oracle_mha(poids, 4, x, padding, masque)
    C.expect_close(y, attendu_y, name=f'y de {label} avec la tête 1 élaguée', reveal=True, hint="multipliez la sortie de la tête i par masque_tetes[i] avant de concaténer et d'appliquer W_o.")
    C.expect_close(w, attendu_w, name=f'poids de {label} avec la tête 1 élaguée', reveal=True, hint="les poids d'attention ne dépendent pas de masque_tetes.")

@test_case(points=None, hidden=True)
def test_elagage_contre_multihead(AttentionMultiTetes):
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
    cas = [(12, 3, [0.0, 1.0, 1.0], [6, 4]), (16, 4, [1.0, 1.0, 1.0, 0.0], None), (16, 4, [0.5, 2.0, 0.0, 1.0], [5, 2]), (8, 2, [0.0, 0.0], [5, 5]), (10, 1, [0.0], [3, 5])]
    for graine, (d, h, m, longueurs) in enumerate(cas):
        modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, d, h, 40 + graine)
        x, padding = entrees(2, 5, d, longueurs, 50 + graine)
        masque = torch.tensor(m, dtype=torch.float64)
        y, w = appeler_attention(modele, x, padding, masque, h, label)
        attendu_y, attendu_w = oracle_mha(poids, h, x, padding, masque)
        quoi = f'{label}, masque_tetes = {m}'
        C.expect_close(y, attendu_y, name=f'y ({quoi})', hint='masque_tetes[i] multiplie la sortie de la tête i avant W_o : élaguer la tête i revient à annuler les colonnes de W_o qui la lisent (le biais de W_o reste).')
        C.expect_close(w, attendu_w, name=f'poids ({quoi})', hint='les poids renvoyés ne dépendent pas de masque_tetes.')

@test_case(points=None, hidden=True)
def test_elagage_masque_de_uns(AttentionMultiTetes):
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
    modele, poids, label = attention_aux_poids_du_correcteur(AttentionMultiTetes, 12, 4, 60)
    x, padding = entrees(3, 6, 12, [6, 3, 5], 61)
    attendu_y, attendu_w = oracle_mha(poids, 4, x, padding, None)
    for masque in (torch.ones(4, dtype=torch.float64), torch.ones(4)):
        y, w = appeler_attention(modele, x, padding, masque, 4, label)
        quoi = f'masque_tetes = torch.ones(4) en {str(masque.dtype)[6:]}'
        C.expect_close(y, attendu_y, name=f'y de {label} ({quoi})', hint='un masque de uns ne change rien : même sortie que sans masque.')
        C.expect_close(w, attendu_w, name=f'poids de {label} ({quoi})')

@test_case(points=None, hidden=False)
def test_importance_exemple(importance_tetes):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def modele_aux_tetes_connues(importance_tetes, h, graine):
        """Un classifieur du correcteur, construit là où vit `importance_tetes`, dont chaque tête a
    un effet connu : logits = Σ_j m_j · T[exemple, j] (l'exemple est lu dans ids[:, 0] − 1).
    Renvoie le modèle, ids, y et les baisses de précision attendues."""
        fabrique = C.code("def fabrique(table):\n\n    class TeteConnue(nn.Module):\n\n        def __init__(self, n_tetes):\n            super().__init__()\n            self.n_tetes = n_tetes\n\n    class ModeleConnu(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.n_tetes = table.shape[1]\n            self.attention = TeteConnue(table.shape[1])\n            self.echelle = nn.Parameter(torch.ones(()))\n            self.register_buffer('table', table.clone())\n\n        def forward(self, ids, masque_tetes=None):\n            assert isinstance(ids, torch.Tensor) and ids.dim() == 2, 'le modèle attend des ids de forme (N, n)'\n            m = torch.ones(self.n_tetes, dtype=torch.float64) if masque_tetes is None else torch.as_tensor(masque_tetes).to(torch.float64).reshape(self.n_tetes)\n            return self.echelle.detach() * torch.einsum('h,nhc->nc', m, self.table[ids[:, 0] - 1])\n    return ModeleConnu()")
        types = {4: [1] * 5 + [3] * 2 + [-3] * 3 + [4] * 8 + [0] * 2, 2: [1] * 3 + [-1] * 1 + [2] * 6 + [-2] * 2 + [0] * 4}[h]
        g = torch.Generator().manual_seed(graine)
        N, nb_classes = (len(types), 3)
        ordre = torch.randperm(N, generator=g).tolist()
        y = torch.randint(0, nb_classes, (N,), generator=g)
        table = torch.zeros(N, h, nb_classes, dtype=torch.float64)
        for rang, t in enumerate(types):
            i = ordre[rang]
            faux = (int(y[i]) + 1 + rang % 2) % nb_classes
            if t > 0:
                table[i, :, faux] = 1.0 / (h - 1) if h > 1 else 0.0
                table[i, t - 1] = 0.0
                table[i, t - 1, y[i]] = 2.0
            elif t < 0:
                table[i, :, y[i]] = 0.5
                table[i, -t - 1] = 0.0
                table[i, -t - 1, faux] = 2.0
            else:
                table[i, :, y[i]] = 0.5
        ids = torch.randint(1, 50, (N, 6), generator=g)
        ids[:, 0] = torch.arange(1, N + 1)

        def precision(m):
            return float((torch.einsum('h,nhc->nc', m, table).argmax(dim=1) == y).double().mean())
        complet = precision(torch.ones(h, dtype=torch.float64))
        attendu = torch.tensor([complet - precision(1 - F.one_hot(torch.tensor(j), h).double()) for j in range(h)], dtype=torch.float64)
        return (C.build_where(importance_tetes, fabrique, table), ids, y, attendu)

    def importances_recues(importance_tetes, modele, ids, y, h):
        recu = C.as_tensor(C.call(importance_tetes, modele, ids.clone(), y.clone(), name='importance_tetes'), 'importance_tetes(modele, ids, y)')
        C.expect_shape(recu, (h,), name=f'importance_tetes(modele, ids, y) pour {h} têtes', hint='une baisse de précision par tête : forme (modele.n_tetes,).')
        return recu
    modele, ids, y, attendu = modele_aux_tetes_connues(importance_tetes, 4, 0)
    recu = importances_recues(importance_tetes, modele, ids, y, 4)
    C.expect_close(recu, attendu, name="importance_tetes sur un modèle aux têtes d'effet connu", rtol=1e-06, atol=1e-06, reveal=True, hint='baisse[j] = précision avec toutes les têtes − précision avec la seule tête j élaguée (masque de uns sauf un 0 en j), en fraction entre 0 et 1.')

@test_case(points=None, hidden=True)
def test_importance_modele_connu_4(importance_tetes):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def modele_aux_tetes_connues(importance_tetes, h, graine):
        """Un classifieur du correcteur, construit là où vit `importance_tetes`, dont chaque tête a
    un effet connu : logits = Σ_j m_j · T[exemple, j] (l'exemple est lu dans ids[:, 0] − 1).
    Renvoie le modèle, ids, y et les baisses de précision attendues."""
        fabrique = C.code("def fabrique(table):\n\n    class TeteConnue(nn.Module):\n\n        def __init__(self, n_tetes):\n            super().__init__()\n            self.n_tetes = n_tetes\n\n    class ModeleConnu(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.n_tetes = table.shape[1]\n            self.attention = TeteConnue(table.shape[1])\n            self.echelle = nn.Parameter(torch.ones(()))\n            self.register_buffer('table', table.clone())\n\n        def forward(self, ids, masque_tetes=None):\n            assert isinstance(ids, torch.Tensor) and ids.dim() == 2, 'le modèle attend des ids de forme (N, n)'\n            m = torch.ones(self.n_tetes, dtype=torch.float64) if masque_tetes is None else torch.as_tensor(masque_tetes).to(torch.float64).reshape(self.n_tetes)\n            return self.echelle.detach() * torch.einsum('h,nhc->nc', m, self.table[ids[:, 0] - 1])\n    return ModeleConnu()")
        types = {4: [1] * 5 + [3] * 2 + [-3] * 3 + [4] * 8 + [0] * 2, 2: [1] * 3 + [-1] * 1 + [2] * 6 + [-2] * 2 + [0] * 4}[h]
        g = torch.Generator().manual_seed(graine)
        N, nb_classes = (len(types), 3)
        ordre = torch.randperm(N, generator=g).tolist()
        y = torch.randint(0, nb_classes, (N,), generator=g)
        table = torch.zeros(N, h, nb_classes, dtype=torch.float64)
        for rang, t in enumerate(types):
            i = ordre[rang]
            faux = (int(y[i]) + 1 + rang % 2) % nb_classes
            if t > 0:
                table[i, :, faux] = 1.0 / (h - 1) if h > 1 else 0.0
                table[i, t - 1] = 0.0
                table[i, t - 1, y[i]] = 2.0
            elif t < 0:
                table[i, :, y[i]] = 0.5
                table[i, -t - 1] = 0.0
                table[i, -t - 1, faux] = 2.0
            else:
                table[i, :, y[i]] = 0.5
        ids = torch.randint(1, 50, (N, 6), generator=g)
        ids[:, 0] = torch.arange(1, N + 1)

        def precision(m):
            return float((torch.einsum('h,nhc->nc', m, table).argmax(dim=1) == y).double().mean())
        complet = precision(torch.ones(h, dtype=torch.float64))
        attendu = torch.tensor([complet - precision(1 - F.one_hot(torch.tensor(j), h).double()) for j in range(h)], dtype=torch.float64)
        return (C.build_where(importance_tetes, fabrique, table), ids, y, attendu)

    def importances_recues(importance_tetes, modele, ids, y, h):
        recu = C.as_tensor(C.call(importance_tetes, modele, ids.clone(), y.clone(), name='importance_tetes'), 'importance_tetes(modele, ids, y)')
        C.expect_shape(recu, (h,), name=f'importance_tetes(modele, ids, y) pour {h} têtes', hint='une baisse de précision par tête : forme (modele.n_tetes,).')
        return recu
    tetes = 4
    modele, ids, y, attendu = modele_aux_tetes_connues(importance_tetes, tetes, 10 + tetes)
    recu = importances_recues(importance_tetes, modele, ids, y, tetes)
    C.expect_close(recu, attendu, name=f'importance_tetes sur un modèle du correcteur à {tetes} têtes', rtol=1e-06, atol=1e-06, hint='pour chaque j, élaguez la tête j seule (les autres à 1, le masque remis à neuf à chaque j) ; baisse = précision complète − précision sans la tête j ; lisez le nombre de têtes dans modele.n_tetes.')

@test_case(points=None, hidden=True)
def test_importance_modele_connu_2(importance_tetes):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def modele_aux_tetes_connues(importance_tetes, h, graine):
        """Un classifieur du correcteur, construit là où vit `importance_tetes`, dont chaque tête a
    un effet connu : logits = Σ_j m_j · T[exemple, j] (l'exemple est lu dans ids[:, 0] − 1).
    Renvoie le modèle, ids, y et les baisses de précision attendues."""
        fabrique = C.code("def fabrique(table):\n\n    class TeteConnue(nn.Module):\n\n        def __init__(self, n_tetes):\n            super().__init__()\n            self.n_tetes = n_tetes\n\n    class ModeleConnu(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.n_tetes = table.shape[1]\n            self.attention = TeteConnue(table.shape[1])\n            self.echelle = nn.Parameter(torch.ones(()))\n            self.register_buffer('table', table.clone())\n\n        def forward(self, ids, masque_tetes=None):\n            assert isinstance(ids, torch.Tensor) and ids.dim() == 2, 'le modèle attend des ids de forme (N, n)'\n            m = torch.ones(self.n_tetes, dtype=torch.float64) if masque_tetes is None else torch.as_tensor(masque_tetes).to(torch.float64).reshape(self.n_tetes)\n            return self.echelle.detach() * torch.einsum('h,nhc->nc', m, self.table[ids[:, 0] - 1])\n    return ModeleConnu()")
        types = {4: [1] * 5 + [3] * 2 + [-3] * 3 + [4] * 8 + [0] * 2, 2: [1] * 3 + [-1] * 1 + [2] * 6 + [-2] * 2 + [0] * 4}[h]
        g = torch.Generator().manual_seed(graine)
        N, nb_classes = (len(types), 3)
        ordre = torch.randperm(N, generator=g).tolist()
        y = torch.randint(0, nb_classes, (N,), generator=g)
        table = torch.zeros(N, h, nb_classes, dtype=torch.float64)
        for rang, t in enumerate(types):
            i = ordre[rang]
            faux = (int(y[i]) + 1 + rang % 2) % nb_classes
            if t > 0:
                table[i, :, faux] = 1.0 / (h - 1) if h > 1 else 0.0
                table[i, t - 1] = 0.0
                table[i, t - 1, y[i]] = 2.0
            elif t < 0:
                table[i, :, y[i]] = 0.5
                table[i, -t - 1] = 0.0
                table[i, -t - 1, faux] = 2.0
            else:
                table[i, :, y[i]] = 0.5
        ids = torch.randint(1, 50, (N, 6), generator=g)
        ids[:, 0] = torch.arange(1, N + 1)

        def precision(m):
            return float((torch.einsum('h,nhc->nc', m, table).argmax(dim=1) == y).double().mean())
        complet = precision(torch.ones(h, dtype=torch.float64))
        attendu = torch.tensor([complet - precision(1 - F.one_hot(torch.tensor(j), h).double()) for j in range(h)], dtype=torch.float64)
        return (C.build_where(importance_tetes, fabrique, table), ids, y, attendu)

    def importances_recues(importance_tetes, modele, ids, y, h):
        recu = C.as_tensor(C.call(importance_tetes, modele, ids.clone(), y.clone(), name='importance_tetes'), 'importance_tetes(modele, ids, y)')
        C.expect_shape(recu, (h,), name=f'importance_tetes(modele, ids, y) pour {h} têtes', hint='une baisse de précision par tête : forme (modele.n_tetes,).')
        return recu
    tetes = 2
    modele, ids, y, attendu = modele_aux_tetes_connues(importance_tetes, tetes, 10 + tetes)
    recu = importances_recues(importance_tetes, modele, ids, y, tetes)
    C.expect_close(recu, attendu, name=f'importance_tetes sur un modèle du correcteur à {tetes} têtes', rtol=1e-06, atol=1e-06, hint='pour chaque j, élaguez la tête j seule (les autres à 1, le masque remis à neuf à chaque j) ; baisse = précision complète − précision sans la tête j ; lisez le nombre de têtes dans modele.n_tetes.')

