from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_entrainer_exemple(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def usine_modele_moyen():
        """La fabrique du modèle du correcteur pour les checks d'entraînement : moyenne des
    plongements des mots et couche linéaire, float64, poids tirés d'un générateur local (le
    générateur global n'est pas touché)."""
        fabrique = C.code('def fabrique(V, d, K, graine):\n    g = torch.Generator().manual_seed(graine)\n\n    class ModeleMoyen(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.mots = nn.Parameter(torch.randn(V, d, generator=g, dtype=torch.float64))\n            self.W = nn.Parameter(0.5 * torch.randn(K, d, generator=g, dtype=torch.float64))\n            self.b = nn.Parameter(torch.zeros(K, dtype=torch.float64))\n\n        def forward(self, ids, masque_padding):\n            garde = (~masque_padding).unsqueeze(-1).to(torch.float64)\n            moyenne = (self.mots[ids] * garde).sum(dim=1) / garde.sum(dim=1)\n            return moyenne @ self.W.T + self.b\n    return ModeleMoyen()')
        return fabrique

    def tache_apprenable(N, graine):
        """ids (N, 6) de mots 2 … 14, leur masque, et la classe = premier mot modulo 3."""
        ids, padding = phrases_du_correcteur(15, N, 6, graine)
        return (ids, padding, ids[:, 0] % 3)

    def entrainement_de_reference(entrainer, N, epoques, taille_lot, lr, graine):
        """La boucle de l'énoncé refaite ici sur une copie locale du modèle du correcteur, puis
    `entrainer` sur ce modèle construit là où elle vit : (pertes reçues, pertes attendues,
    poids reçus, poids attendus)."""
        ids, padding, y = tache_apprenable(N, graine)
        fabrique = usine_modele_moyen()
        temoin = fabrique(15, 4, 3, graine)
        adamw = torch.optim.AdamW(temoin.parameters(), lr=lr)
        melange = torch.Generator().manual_seed(graine + 1)
        attendues = []
        for _ in range(epoques):
            par_lot = []
            for lot in torch.randperm(N, generator=melange).split(taille_lot):
                perte = F.cross_entropy(temoin(ids[lot], padding[lot]), y[lot])
                adamw.zero_grad()
                perte.backward()
                adamw.step()
                par_lot.append(perte.item() * len(lot))
            attendues.append(sum(par_lot) / N)
        entrainer_et_relire = C.code('def entrainer_et_relire(entrainer, modele, donnees, reglages):\n    *hyper, graine = reglages\n    pertes = entrainer(modele, *donnees, *hyper, torch.Generator().manual_seed(graine))\n    return (pertes, {nom: t.detach().clone() for nom, t in modele.state_dict().items()})')
        modele = C.build_where(entrainer, fabrique, 15, 4, 3, graine)
        pertes, poids = C.call(entrainer_et_relire, entrainer, modele, [ids, padding, y], [epoques, taille_lot, lr, graine + 1], name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques and all((isinstance(p, float) for p in pertes)), f'`entrainer(..., epoques={epoques}, ...)` doit renvoyer une liste de {epoques} flottants Python (une perte par époque).', hint='une perte moyenne par époque, convertie par perte.item() (ou float).')
        return (pertes, attendues, poids, {k: v.detach() for k, v in temoin.state_dict().items()})

    def expect_entrainement_conforme(entrainer, cas, public):
        """Pour chaque cas (N, epoques, taille_lot, lr, graine) : les pertes d'époque puis les poids
    finaux de `entrainer` égaux à ceux de l'entraînement de référence."""
        for N, epoques, taille_lot, lr, graine in cas:
            quoi = f'N = {N}, {epoques} époque(s), lots de {taille_lot}, lr = {lr}'
            recues, attendues, poids, poids_attendus = entrainement_de_reference(entrainer, N, epoques, taille_lot, lr, graine)
            C.expect_close(torch.tensor(recues, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name=f"pertes d'époque de entrainer ({quoi})", rtol=1e-06, atol=1e-09, reveal=public, hint="un seul AdamW(lr) créé avant la boucle ; à chaque époque un nouvel ordre torch.randperm(N, generator=generateur), lots consécutifs (le dernier plus petit) ; zero_grad, backward, step pour chaque lot ; perte d'époque = Σ perte_lot × taille du lot / N.")
            manquants = sorted(set(poids_attendus) - set(poids))
            C.expect(not manquants, f"Le modèle entraîné n'a plus les paramètres {manquants}.")
            for nom in sorted(poids_attendus):
                C.expect_close(C.as_tensor(poids[nom], nom), poids_attendus[nom], name=f'poids `{nom}` après entrainer ({quoi})', rtol=1e-06, atol=1e-09, reveal=public, hint='AdamW avec ses réglages par défaut (weight_decay = 0,01), epoques × ⌈N / taille_lot⌉ pas exactement.')
    expect_entrainement_conforme(entrainer, [(40, 2, 16, 0.05, 5)], True)

@test_case(points=None, hidden=True)
def test_entrainer_contre_reference(entrainer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def usine_modele_moyen():
        """La fabrique du modèle du correcteur pour les checks d'entraînement : moyenne des
    plongements des mots et couche linéaire, float64, poids tirés d'un générateur local (le
    générateur global n'est pas touché)."""
        fabrique = C.code('def fabrique(V, d, K, graine):\n    g = torch.Generator().manual_seed(graine)\n\n    class ModeleMoyen(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.mots = nn.Parameter(torch.randn(V, d, generator=g, dtype=torch.float64))\n            self.W = nn.Parameter(0.5 * torch.randn(K, d, generator=g, dtype=torch.float64))\n            self.b = nn.Parameter(torch.zeros(K, dtype=torch.float64))\n\n        def forward(self, ids, masque_padding):\n            garde = (~masque_padding).unsqueeze(-1).to(torch.float64)\n            moyenne = (self.mots[ids] * garde).sum(dim=1) / garde.sum(dim=1)\n            return moyenne @ self.W.T + self.b\n    return ModeleMoyen()')
        return fabrique

    def tache_apprenable(N, graine):
        """ids (N, 6) de mots 2 … 14, leur masque, et la classe = premier mot modulo 3."""
        ids, padding = phrases_du_correcteur(15, N, 6, graine)
        return (ids, padding, ids[:, 0] % 3)

    def entrainement_de_reference(entrainer, N, epoques, taille_lot, lr, graine):
        """La boucle de l'énoncé refaite ici sur une copie locale du modèle du correcteur, puis
    `entrainer` sur ce modèle construit là où elle vit : (pertes reçues, pertes attendues,
    poids reçus, poids attendus)."""
        ids, padding, y = tache_apprenable(N, graine)
        fabrique = usine_modele_moyen()
        temoin = fabrique(15, 4, 3, graine)
        adamw = torch.optim.AdamW(temoin.parameters(), lr=lr)
        melange = torch.Generator().manual_seed(graine + 1)
        attendues = []
        for _ in range(epoques):
            par_lot = []
            for lot in torch.randperm(N, generator=melange).split(taille_lot):
                perte = F.cross_entropy(temoin(ids[lot], padding[lot]), y[lot])
                adamw.zero_grad()
                perte.backward()
                adamw.step()
                par_lot.append(perte.item() * len(lot))
            attendues.append(sum(par_lot) / N)
        entrainer_et_relire = C.code('def entrainer_et_relire(entrainer, modele, donnees, reglages):\n    *hyper, graine = reglages\n    pertes = entrainer(modele, *donnees, *hyper, torch.Generator().manual_seed(graine))\n    return (pertes, {nom: t.detach().clone() for nom, t in modele.state_dict().items()})')
        modele = C.build_where(entrainer, fabrique, 15, 4, 3, graine)
        pertes, poids = C.call(entrainer_et_relire, entrainer, modele, [ids, padding, y], [epoques, taille_lot, lr, graine + 1], name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques and all((isinstance(p, float) for p in pertes)), f'`entrainer(..., epoques={epoques}, ...)` doit renvoyer une liste de {epoques} flottants Python (une perte par époque).', hint='une perte moyenne par époque, convertie par perte.item() (ou float).')
        return (pertes, attendues, poids, {k: v.detach() for k, v in temoin.state_dict().items()})

    def expect_entrainement_conforme(entrainer, cas, public):
        """Pour chaque cas (N, epoques, taille_lot, lr, graine) : les pertes d'époque puis les poids
    finaux de `entrainer` égaux à ceux de l'entraînement de référence."""
        for N, epoques, taille_lot, lr, graine in cas:
            quoi = f'N = {N}, {epoques} époque(s), lots de {taille_lot}, lr = {lr}'
            recues, attendues, poids, poids_attendus = entrainement_de_reference(entrainer, N, epoques, taille_lot, lr, graine)
            C.expect_close(torch.tensor(recues, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name=f"pertes d'époque de entrainer ({quoi})", rtol=1e-06, atol=1e-09, reveal=public, hint="un seul AdamW(lr) créé avant la boucle ; à chaque époque un nouvel ordre torch.randperm(N, generator=generateur), lots consécutifs (le dernier plus petit) ; zero_grad, backward, step pour chaque lot ; perte d'époque = Σ perte_lot × taille du lot / N.")
            manquants = sorted(set(poids_attendus) - set(poids))
            C.expect(not manquants, f"Le modèle entraîné n'a plus les paramètres {manquants}.")
            for nom in sorted(poids_attendus):
                C.expect_close(C.as_tensor(poids[nom], nom), poids_attendus[nom], name=f'poids `{nom}` après entrainer ({quoi})', rtol=1e-06, atol=1e-09, reveal=public, hint='AdamW avec ses réglages par défaut (weight_decay = 0,01), epoques × ⌈N / taille_lot⌉ pas exactement.')
    expect_entrainement_conforme(entrainer, [(45, 3, 8, 0.05, 10), (7, 3, 10, 0.1, 11), (20, 1, 1, 0.01, 12)], False)

@test_case(points=None, hidden=True)
def test_entrainer_generateur(entrainer):
    import torch
    from torch import nn
    from autograder import checks as C

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def usine_modele_moyen():
        """La fabrique du modèle du correcteur pour les checks d'entraînement : moyenne des
    plongements des mots et couche linéaire, float64, poids tirés d'un générateur local (le
    générateur global n'est pas touché)."""
        fabrique = C.code('def fabrique(V, d, K, graine):\n    g = torch.Generator().manual_seed(graine)\n\n    class ModeleMoyen(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.mots = nn.Parameter(torch.randn(V, d, generator=g, dtype=torch.float64))\n            self.W = nn.Parameter(0.5 * torch.randn(K, d, generator=g, dtype=torch.float64))\n            self.b = nn.Parameter(torch.zeros(K, dtype=torch.float64))\n\n        def forward(self, ids, masque_padding):\n            garde = (~masque_padding).unsqueeze(-1).to(torch.float64)\n            moyenne = (self.mots[ids] * garde).sum(dim=1) / garde.sum(dim=1)\n            return moyenne @ self.W.T + self.b\n    return ModeleMoyen()')
        return fabrique

    def tache_apprenable(N, graine):
        """ids (N, 6) de mots 2 … 14, leur masque, et la classe = premier mot modulo 3."""
        ids, padding = phrases_du_correcteur(15, N, 6, graine)
        return (ids, padding, ids[:, 0] % 3)
    ids, padding, y = tache_apprenable(20, 13)
    fabrique = usine_modele_moyen()
    entrainer_neuf = C.code('def entrainer_neuf(ids, padding, y, generateur):\n    return entrainer(fabrique(15, 4, 3, 0), ids, padding, y, 2, 6, 0.05, generateur)', entrainer=entrainer, fabrique=fabrique)
    pertes = C.expect_generator_obeyed(entrainer_neuf, ids, padding, y, name='entrainer', keyword='generateur', hint='mélangez avec torch.randperm(N, generator=generateur), sans torch.manual_seed.')
    C.expect(isinstance(pertes, list | tuple) and len(pertes) == 2, '`entrainer(..., epoques=2, ...)` doit renvoyer la liste des 2 pertes.')

@test_case(points=None, hidden=True)
def test_modele_precision_correcteur(modele, vocabulaire):
    import torch
    from autograder import checks as C
    from autograder import data
    seuil = 0.45
    lire = C.code("lambda m: [type(m).__name__, getattr(m, 'n_couches', None), getattr(m, 'n_tetes', None)]")
    classe, couches, tetes = C.call(lire, C.require(modele, 'modele', 'variable'), name='modele')
    C.expect(classe == 'TransformerTexte' and couches == 4 and (tetes == 8), '`modele` devrait être le TransformerTexte à 4 couches et 8 têtes entraîné par la cellule fournie.', hint="ne modifiez pas la cellule d'entraînement ; relancez-la.")
    C.expect(isinstance(vocabulaire, dict) and vocabulaire.get('<pad>') == 0, '`vocabulaire` devrait être le dictionnaire mot → indice construit plus haut.', hint="ne modifiez pas la cellule d'encodage fournie.")
    import re
    textes, y = data.texts('course-text', 'holdout')
    ids = torch.zeros(len(textes), 32, dtype=torch.long)
    for n, texte in enumerate(textes):
        indices = [vocabulaire.get(m, 1) for m in re.findall('\\w+', texte.lower())][:32] or [1]
        ids[n, :len(indices)] = torch.tensor(indices)
    predire = C.code('def predire(modele, ids):\n    modele.eval()\n    with torch.no_grad():\n        return modele(ids, ids == 0)')
    logits = C.as_tensor(C.call(predire, modele, ids, name='modele'), 'modele(ids, masque)')
    C.expect_shape(logits, (len(textes), 3), name='modele(ids, masque) sur les phrases de la correction')
    valeur = float((logits.argmax(dim=1) == y).double().mean())
    C.expect(valeur >= seuil, "`modele` n'atteint pas la précision attendue sur les phrases de la correction.", hint="vérifiez l'architecture (q1 : pre-norm, masques, moyenne sur les mots) et l'entraînement (q4), puis relancez la cellule d'entraînement.")

