from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_impact_exemple(impact_elagage):
    import torch
    from torch import nn
    from autograder import checks as C

    def modele_aux_tetes_connues(impact_elagage, n_couches, n_tetes, graine):
        """Un modèle du correcteur, construit là où vit `impact_elagage` : logits = Σ m[l, i] ·
    table[phrase, l, i] (la phrase est lue dans ids[:, 0] − 1), logits opposés en mode
    entraînement ; chaque appel est noté dans `journal` (mode, gradient). Renvoie le modèle, ids,
    masque, y, la table et les baisses attendues."""
        fabrique = C.code("def fabrique(table):\n\n    class ModeleConnu(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.n_couches, self.n_tetes = (table.shape[1], table.shape[2])\n            self.echelle = nn.Parameter(torch.ones((), dtype=torch.float64))\n            self.register_buffer('table', table.clone())\n            self.journal = []\n\n        def forward(self, ids, masque_padding, masque_tetes=None):\n            self.journal.append([bool(self.training), bool(torch.is_grad_enabled())])\n            forme = (self.n_couches, self.n_tetes)\n            m = torch.ones(forme, dtype=torch.float64) if masque_tetes is None else torch.as_tensor(masque_tetes).to(torch.float64).reshape(forme)\n            logits = self.echelle * torch.einsum('li,nlic->nc', m, self.table[ids[:, 0] - 1])\n            return -logits if self.training else logits\n    return ModeleConnu()")
        n = n_couches * n_tetes
        plan = [(j, 1) for j in range(n) for _ in range(1 + j % 3)] + [(j, -1) for j in range(n) if j % 2] + [(None, 0)] * 3
        g = torch.Generator().manual_seed(graine)
        N, K = (len(plan), 3)
        rang_de = torch.randperm(N, generator=g).tolist()
        y = torch.randint(0, K, (N,), generator=g)
        table = torch.zeros(N, n, K, dtype=torch.float64)
        for rang, (j, signe) in enumerate(plan):
            i = rang_de[rang]
            vrai, faux = (int(y[i]), (int(y[i]) + 1 + rang % 2) % K)
            if signe == 0:
                table[i, :, vrai] = 1.0
                continue
            pour, contre = (vrai, faux) if signe > 0 else (faux, vrai)
            table[i, :, contre] = 1.0 / (n - 1)
            table[i, j] = 0.0
            table[i, j, pour] = 2.0
        table = table.view(N, n_couches, n_tetes, K)
        ids = torch.randint(2, 40, (N, 5), generator=g)
        ids[:, 0] = torch.arange(1, N + 1)
        padding = torch.arange(5)[None, :] >= torch.randint(1, 6, (N,), generator=g)[:, None]
        ids = ids.masked_fill(padding, 0)

        def precision(m):
            logits = torch.einsum('li,nlic->nc', m, table)
            return float((logits.argmax(dim=1) == y).double().mean())
        complet = precision(torch.ones(n_couches, n_tetes, dtype=torch.float64))
        attendu = torch.zeros(n_couches, n_tetes, dtype=torch.float64)
        for l in range(n_couches):
            for i in range(n_tetes):
                m = torch.ones(n_couches, n_tetes, dtype=torch.float64)
                m[l, i] = 0.0
                attendu[l, i] = complet - precision(m)
        modele = C.build_where(impact_elagage, fabrique, table)
        return (modele, ids, padding, y, table, attendu)

    def impact_mesure(impact_elagage, modele, ids, padding, y, forme):
        recu = C.as_tensor(C.expect_unchanged(impact_elagage, modele, ids, padding, y, name='impact_elagage', hint='ne modifiez ni ids, ni masque_padding, ni y.'), 'impact_elagage(modele, ids, masque_padding, y)')
        C.expect_shape(recu, forme, name='impact_elagage(modele, ids, masque_padding, y)', hint='une baisse par tête : forme (modele.n_couches, modele.n_tetes).')
        return recu
    modele, ids, padding, y, _, attendu = modele_aux_tetes_connues(impact_elagage, 2, 3, 0)
    recu = impact_mesure(impact_elagage, modele, ids, padding, y, (2, 3))
    C.expect_close(recu, attendu, name="impact_elagage sur un modèle aux têtes d'effet connu", rtol=1e-06, atol=1e-06, reveal=True, hint='impact[l, i] = précision avec toutes les têtes − précision avec la seule tête (l, i) élaguée, en fraction entre 0 et 1.')

@test_case(points=None, hidden=True)
def test_impact_modele_connu_c3_h2(impact_elagage):
    import torch
    from torch import nn
    from autograder import checks as C

    def modele_aux_tetes_connues(impact_elagage, n_couches, n_tetes, graine):
        """Un modèle du correcteur, construit là où vit `impact_elagage` : logits = Σ m[l, i] ·
    table[phrase, l, i] (la phrase est lue dans ids[:, 0] − 1), logits opposés en mode
    entraînement ; chaque appel est noté dans `journal` (mode, gradient). Renvoie le modèle, ids,
    masque, y, la table et les baisses attendues."""
        fabrique = C.code("def fabrique(table):\n\n    class ModeleConnu(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.n_couches, self.n_tetes = (table.shape[1], table.shape[2])\n            self.echelle = nn.Parameter(torch.ones((), dtype=torch.float64))\n            self.register_buffer('table', table.clone())\n            self.journal = []\n\n        def forward(self, ids, masque_padding, masque_tetes=None):\n            self.journal.append([bool(self.training), bool(torch.is_grad_enabled())])\n            forme = (self.n_couches, self.n_tetes)\n            m = torch.ones(forme, dtype=torch.float64) if masque_tetes is None else torch.as_tensor(masque_tetes).to(torch.float64).reshape(forme)\n            logits = self.echelle * torch.einsum('li,nlic->nc', m, self.table[ids[:, 0] - 1])\n            return -logits if self.training else logits\n    return ModeleConnu()")
        n = n_couches * n_tetes
        plan = [(j, 1) for j in range(n) for _ in range(1 + j % 3)] + [(j, -1) for j in range(n) if j % 2] + [(None, 0)] * 3
        g = torch.Generator().manual_seed(graine)
        N, K = (len(plan), 3)
        rang_de = torch.randperm(N, generator=g).tolist()
        y = torch.randint(0, K, (N,), generator=g)
        table = torch.zeros(N, n, K, dtype=torch.float64)
        for rang, (j, signe) in enumerate(plan):
            i = rang_de[rang]
            vrai, faux = (int(y[i]), (int(y[i]) + 1 + rang % 2) % K)
            if signe == 0:
                table[i, :, vrai] = 1.0
                continue
            pour, contre = (vrai, faux) if signe > 0 else (faux, vrai)
            table[i, :, contre] = 1.0 / (n - 1)
            table[i, j] = 0.0
            table[i, j, pour] = 2.0
        table = table.view(N, n_couches, n_tetes, K)
        ids = torch.randint(2, 40, (N, 5), generator=g)
        ids[:, 0] = torch.arange(1, N + 1)
        padding = torch.arange(5)[None, :] >= torch.randint(1, 6, (N,), generator=g)[:, None]
        ids = ids.masked_fill(padding, 0)

        def precision(m):
            logits = torch.einsum('li,nlic->nc', m, table)
            return float((logits.argmax(dim=1) == y).double().mean())
        complet = precision(torch.ones(n_couches, n_tetes, dtype=torch.float64))
        attendu = torch.zeros(n_couches, n_tetes, dtype=torch.float64)
        for l in range(n_couches):
            for i in range(n_tetes):
                m = torch.ones(n_couches, n_tetes, dtype=torch.float64)
                m[l, i] = 0.0
                attendu[l, i] = complet - precision(m)
        modele = C.build_where(impact_elagage, fabrique, table)
        return (modele, ids, padding, y, table, attendu)

    def impact_mesure(impact_elagage, modele, ids, padding, y, forme):
        recu = C.as_tensor(C.expect_unchanged(impact_elagage, modele, ids, padding, y, name='impact_elagage', hint='ne modifiez ni ids, ni masque_padding, ni y.'), 'impact_elagage(modele, ids, masque_padding, y)')
        C.expect_shape(recu, forme, name='impact_elagage(modele, ids, masque_padding, y)', hint='une baisse par tête : forme (modele.n_couches, modele.n_tetes).')
        return recu
    forme = 'c3_h2'
    n_couches, n_tetes = (int(t[1:]) for t in forme.split('_'))
    modele, ids, padding, y, table, attendu = modele_aux_tetes_connues(impact_elagage, n_couches, n_tetes, 10 + n_couches)
    recu = impact_mesure(impact_elagage, modele, ids, padding, y, (n_couches, n_tetes))
    journal = C.call(C.code('lambda m: [list(e) for e in m.journal]'), modele, name='journal du modèle')
    C.expect(len(journal) > 0 and (not any((entrainement for entrainement, _ in journal))), '`impact_elagage` appelle le modèle en mode entraînement.', hint='modele.eval() avant de mesurer (dropout, BatchNorm… changent en mode entraînement).')
    C.expect(not any((gradient for _, gradient in journal)), '`impact_elagage` appelle le modèle avec le calcul des gradients actif.', hint='mesurez sous torch.no_grad() (ou torch.inference_mode()).')
    C.expect_close(recu, attendu, name=f'impact_elagage sur un modèle du correcteur ({n_couches} couches, {n_tetes} têtes)', rtol=1e-06, atol=1e-06, hint='pour chaque (l, i), un masque de uns neuf avec un seul 0 en (l, i) ; baisse = précision complète − précision sans la tête.')
    etat = C.call(modele.state_dict, name='modele.state_dict')
    C.expect(set(etat) == {'echelle', 'table'} and C.as_tensor(etat['echelle'], 'echelle').item() == 1.0 and torch.equal(C.as_tensor(etat['table'], 'table'), table), '`impact_elagage` modifie les paramètres du modèle.', hint='la mesure ne touche pas aux poids : seul masque_tetes change.')

@test_case(points=None, hidden=True)
def test_impact_modele_connu_c2_h4(impact_elagage):
    import torch
    from torch import nn
    from autograder import checks as C

    def modele_aux_tetes_connues(impact_elagage, n_couches, n_tetes, graine):
        """Un modèle du correcteur, construit là où vit `impact_elagage` : logits = Σ m[l, i] ·
    table[phrase, l, i] (la phrase est lue dans ids[:, 0] − 1), logits opposés en mode
    entraînement ; chaque appel est noté dans `journal` (mode, gradient). Renvoie le modèle, ids,
    masque, y, la table et les baisses attendues."""
        fabrique = C.code("def fabrique(table):\n\n    class ModeleConnu(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.n_couches, self.n_tetes = (table.shape[1], table.shape[2])\n            self.echelle = nn.Parameter(torch.ones((), dtype=torch.float64))\n            self.register_buffer('table', table.clone())\n            self.journal = []\n\n        def forward(self, ids, masque_padding, masque_tetes=None):\n            self.journal.append([bool(self.training), bool(torch.is_grad_enabled())])\n            forme = (self.n_couches, self.n_tetes)\n            m = torch.ones(forme, dtype=torch.float64) if masque_tetes is None else torch.as_tensor(masque_tetes).to(torch.float64).reshape(forme)\n            logits = self.echelle * torch.einsum('li,nlic->nc', m, self.table[ids[:, 0] - 1])\n            return -logits if self.training else logits\n    return ModeleConnu()")
        n = n_couches * n_tetes
        plan = [(j, 1) for j in range(n) for _ in range(1 + j % 3)] + [(j, -1) for j in range(n) if j % 2] + [(None, 0)] * 3
        g = torch.Generator().manual_seed(graine)
        N, K = (len(plan), 3)
        rang_de = torch.randperm(N, generator=g).tolist()
        y = torch.randint(0, K, (N,), generator=g)
        table = torch.zeros(N, n, K, dtype=torch.float64)
        for rang, (j, signe) in enumerate(plan):
            i = rang_de[rang]
            vrai, faux = (int(y[i]), (int(y[i]) + 1 + rang % 2) % K)
            if signe == 0:
                table[i, :, vrai] = 1.0
                continue
            pour, contre = (vrai, faux) if signe > 0 else (faux, vrai)
            table[i, :, contre] = 1.0 / (n - 1)
            table[i, j] = 0.0
            table[i, j, pour] = 2.0
        table = table.view(N, n_couches, n_tetes, K)
        ids = torch.randint(2, 40, (N, 5), generator=g)
        ids[:, 0] = torch.arange(1, N + 1)
        padding = torch.arange(5)[None, :] >= torch.randint(1, 6, (N,), generator=g)[:, None]
        ids = ids.masked_fill(padding, 0)

        def precision(m):
            logits = torch.einsum('li,nlic->nc', m, table)
            return float((logits.argmax(dim=1) == y).double().mean())
        complet = precision(torch.ones(n_couches, n_tetes, dtype=torch.float64))
        attendu = torch.zeros(n_couches, n_tetes, dtype=torch.float64)
        for l in range(n_couches):
            for i in range(n_tetes):
                m = torch.ones(n_couches, n_tetes, dtype=torch.float64)
                m[l, i] = 0.0
                attendu[l, i] = complet - precision(m)
        modele = C.build_where(impact_elagage, fabrique, table)
        return (modele, ids, padding, y, table, attendu)

    def impact_mesure(impact_elagage, modele, ids, padding, y, forme):
        recu = C.as_tensor(C.expect_unchanged(impact_elagage, modele, ids, padding, y, name='impact_elagage', hint='ne modifiez ni ids, ni masque_padding, ni y.'), 'impact_elagage(modele, ids, masque_padding, y)')
        C.expect_shape(recu, forme, name='impact_elagage(modele, ids, masque_padding, y)', hint='une baisse par tête : forme (modele.n_couches, modele.n_tetes).')
        return recu
    forme = 'c2_h4'
    n_couches, n_tetes = (int(t[1:]) for t in forme.split('_'))
    modele, ids, padding, y, table, attendu = modele_aux_tetes_connues(impact_elagage, n_couches, n_tetes, 10 + n_couches)
    recu = impact_mesure(impact_elagage, modele, ids, padding, y, (n_couches, n_tetes))
    journal = C.call(C.code('lambda m: [list(e) for e in m.journal]'), modele, name='journal du modèle')
    C.expect(len(journal) > 0 and (not any((entrainement for entrainement, _ in journal))), '`impact_elagage` appelle le modèle en mode entraînement.', hint='modele.eval() avant de mesurer (dropout, BatchNorm… changent en mode entraînement).')
    C.expect(not any((gradient for _, gradient in journal)), '`impact_elagage` appelle le modèle avec le calcul des gradients actif.', hint='mesurez sous torch.no_grad() (ou torch.inference_mode()).')
    C.expect_close(recu, attendu, name=f'impact_elagage sur un modèle du correcteur ({n_couches} couches, {n_tetes} têtes)', rtol=1e-06, atol=1e-06, hint='pour chaque (l, i), un masque de uns neuf avec un seul 0 en (l, i) ; baisse = précision complète − précision sans la tête.')
    etat = C.call(modele.state_dict, name='modele.state_dict')
    C.expect(set(etat) == {'echelle', 'table'} and C.as_tensor(etat['echelle'], 'echelle').item() == 1.0 and torch.equal(C.as_tensor(etat['table'], 'table'), table), '`impact_elagage` modifie les paramètres du modèle.', hint='la mesure ne touche pas aux poids : seul masque_tetes change.')

@test_case(points=None, hidden=False)
def test_elaguer_exemple(elaguer_moins_utiles):
    import torch
    from autograder import checks as C

    def masque_recu(elaguer_moins_utiles, impact, k):
        quoi = f'elaguer_moins_utiles(impact de forme {tuple(impact.shape)}, k={k})'
        masque = C.as_tensor(C.expect_unchanged(elaguer_moins_utiles, impact, k, name='elaguer_moins_utiles', hint='ne modifiez pas impact (triez une copie).'), quoi)
        C.expect_shape(masque, tuple(impact.shape), name=quoi, hint='le masque a la forme de impact : (n_couches, n_tetes).')
        C.expect(masque.is_floating_point(), f'`{quoi}` doit renvoyer un tenseur flottant.', hint='un masque de têtes est flottant (1. gardée, 0. élaguée).')
        return (masque, quoi)

    def masque_attendu(impact, k):
        plat = impact.flatten().tolist()
        masque = torch.ones(len(plat), dtype=torch.float64)
        for j in sorted(range(len(plat)), key=lambda j: (plat[j], j))[:k]:
            masque[j] = 0.0
        return masque.view(impact.shape)
    impact = torch.tensor([[0.1, -0.05, 0.0], [0.2, 0.0, 0.05]])
    for k in (2, 3):
        masque, quoi = masque_recu(elaguer_moins_utiles, impact, k)
        C.expect_close(masque, masque_attendu(impact, k), name=quoi, reveal=True, hint="0 aux k plus petits impacts ; à égalité, l'indice aplati l·n_tetes + i le plus petit d'abord.")

@test_case(points=None, hidden=True)
def test_elaguer_egalites_et_bornes(elaguer_moins_utiles):
    import torch
    from autograder import checks as C

    def masque_recu(elaguer_moins_utiles, impact, k):
        quoi = f'elaguer_moins_utiles(impact de forme {tuple(impact.shape)}, k={k})'
        masque = C.as_tensor(C.expect_unchanged(elaguer_moins_utiles, impact, k, name='elaguer_moins_utiles', hint='ne modifiez pas impact (triez une copie).'), quoi)
        C.expect_shape(masque, tuple(impact.shape), name=quoi, hint='le masque a la forme de impact : (n_couches, n_tetes).')
        C.expect(masque.is_floating_point(), f'`{quoi}` doit renvoyer un tenseur flottant.', hint='un masque de têtes est flottant (1. gardée, 0. élaguée).')
        return (masque, quoi)

    def masque_attendu(impact, k):
        plat = impact.flatten().tolist()
        masque = torch.ones(len(plat), dtype=torch.float64)
        for j in sorted(range(len(plat)), key=lambda j: (plat[j], j))[:k]:
            masque[j] = 0.0
        return masque.view(impact.shape)
    g = torch.Generator().manual_seed(90)
    cas = [(torch.zeros(2, 4), 3), (torch.zeros(2, 4), 5), (torch.randint(-2, 3, (4, 8), generator=g).to(torch.float64) / 8, 13), (torch.randint(-2, 3, (3, 5), generator=g).float() / 4, 0), (torch.randint(-2, 3, (3, 5), generator=g).float() / 4, 15), (torch.randn(4, 8, generator=g, dtype=torch.float64), 31)]
    for impact, k in cas:
        masque, quoi = masque_recu(elaguer_moins_utiles, impact, k)
        C.expect_close(masque, masque_attendu(impact, k), name=quoi, hint="exactement k zéros, aux impacts les plus petits ; à égalité, l'indice aplati le plus petit d'abord (un tri stable) ; k = 0 : que des uns.")

