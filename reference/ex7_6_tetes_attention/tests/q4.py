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
        """`entrainer` sur un modèle du correcteur construit là où elle vit, et le même
    entraînement refait ici : (pertes reçues, pertes attendues, poids reçus, poids attendus)."""
        ids, padding, y = tache_apprenable(N, graine)
        fabrique = usine_modele_moyen()
        modele = C.build_where(entrainer, fabrique, 15, 4, 3, graine)
        lancer = C.code('def lancer(entrainer, modele, ids, padding, y, epoques, taille_lot, lr, graine):\n    return entrainer(modele, ids, padding, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
        pertes = C.call(lancer, entrainer, modele, ids, padding, y, epoques, taille_lot, lr, graine + 1, name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques, f"`entrainer(..., epoques={epoques}, ...)` doit renvoyer la liste des {epoques} pertes d'époque.")
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer` doit renvoyer une liste de flottants Python.', hint='float(perte) (ou perte.item()) pour chaque lot.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        local = fabrique(15, 4, 3, graine)
        optimiseur = torch.optim.AdamW(local.parameters(), lr=lr)
        ordre_g = torch.Generator().manual_seed(graine + 1)
        attendues = []
        for _ in range(epoques):
            cumul = 0.0
            ordre = torch.randperm(N, generator=ordre_g)
            for debut in range(0, N, taille_lot):
                lot = ordre[debut:debut + taille_lot]
                perte = F.cross_entropy(local(ids[lot], padding[lot]), y[lot])
                optimiseur.zero_grad()
                perte.backward()
                optimiseur.step()
                cumul += perte.item() * len(lot)
            attendues.append(cumul / N)
        return (pertes, attendues, poids, {k: v.detach() for k, v in local.state_dict().items()})
    pertes, attendues, _, _ = entrainement_de_reference(entrainer, 40, 2, 16, 0.05, 5)
    C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name="pertes d'époque de entrainer (40 exemples, 2 époques, lots de 16, lr = 0,05)", rtol=1e-06, atol=1e-09, reveal=True, hint="AdamW(lr) ; ordre = torch.randperm(N, generator=generateur) à chaque époque ; lots consécutifs (le dernier de 8) ; perte d'époque = Σ perte_lot × taille du lot / N.")

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
        """`entrainer` sur un modèle du correcteur construit là où elle vit, et le même
    entraînement refait ici : (pertes reçues, pertes attendues, poids reçus, poids attendus)."""
        ids, padding, y = tache_apprenable(N, graine)
        fabrique = usine_modele_moyen()
        modele = C.build_where(entrainer, fabrique, 15, 4, 3, graine)
        lancer = C.code('def lancer(entrainer, modele, ids, padding, y, epoques, taille_lot, lr, graine):\n    return entrainer(modele, ids, padding, y, epoques, taille_lot, lr, torch.Generator().manual_seed(graine))')
        pertes = C.call(lancer, entrainer, modele, ids, padding, y, epoques, taille_lot, lr, graine + 1, name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == epoques, f"`entrainer(..., epoques={epoques}, ...)` doit renvoyer la liste des {epoques} pertes d'époque.")
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer` doit renvoyer une liste de flottants Python.', hint='float(perte) (ou perte.item()) pour chaque lot.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        local = fabrique(15, 4, 3, graine)
        optimiseur = torch.optim.AdamW(local.parameters(), lr=lr)
        ordre_g = torch.Generator().manual_seed(graine + 1)
        attendues = []
        for _ in range(epoques):
            cumul = 0.0
            ordre = torch.randperm(N, generator=ordre_g)
            for debut in range(0, N, taille_lot):
                lot = ordre[debut:debut + taille_lot]
                perte = F.cross_entropy(local(ids[lot], padding[lot]), y[lot])
                optimiseur.zero_grad()
                perte.backward()
                optimiseur.step()
                cumul += perte.item() * len(lot)
            attendues.append(cumul / N)
        return (pertes, attendues, poids, {k: v.detach() for k, v in local.state_dict().items()})
    for N, epoques, taille_lot, lr, graine in ((45, 3, 8, 0.05, 10), (7, 3, 10, 0.1, 11), (20, 1, 1, 0.01, 12)):
        quoi = f'N = {N}, {epoques} époque(s), lots de {taille_lot}, lr = {lr}'
        pertes, attendues, poids, poids_attendus = entrainement_de_reference(entrainer, N, epoques, taille_lot, lr, graine)
        C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name=f"pertes d'époque de entrainer ({quoi})", rtol=1e-06, atol=1e-09, hint="un seul AdamW(lr) créé avant la boucle ; à chaque époque un nouvel ordre torch.randperm(N, generator=generateur) ; zero_grad, backward, step pour chaque lot ; perte d'époque = moyenne par exemple.")
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu, name=f'poids `{nom}` après entrainer ({quoi})', rtol=1e-06, atol=1e-09, hint='AdamW avec ses réglages par défaut (weight_decay = 0,01), epoques × ⌈N / taille_lot⌉ pas exactement.')

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

