from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_compte_petit_mlp(compter_parametres):
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    return nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))')
    recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique), name='compter_parametres')
    C.expect_equal(recu, 5 * 4 + 4 + 4 * 3 + 3, name='compter_parametres(Sequential(Linear(5, 4), ReLU(), Linear(4, 3)))', reveal=True, hint='poids et biais de chaque nn.Linear : sum(p.numel() for p in module.parameters()).')

@test_case(points=None, hidden=True)
def test_compte_poids_partages(compter_parametres):
    from torch import nn
    from autograder import checks as C

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)

    def compte_attendu(compter_parametres, fabrique, nom, indice, *args, **kwargs):
        """compter_parametres(module, *args, **kwargs) sur le module que `fabrique` construit là où
    vit la fonction de l'élève, contre le compte du correcteur sur sa propre copie."""
        entrainables = (list(args) + list(kwargs.values()) + [True])[0]
        copie = fabrique()
        attendu = int(sum((p.numel() for p in copie.parameters() if p.requires_grad or not entrainables)))
        recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique), *args, name='compter_parametres', **kwargs)
        entier_exact(recu, nom, attendu, indice)
    fabrique = C.code('def fabrique():\n\n    class Lie(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.plongement = nn.Embedding(10, 6)\n            self.couche = nn.Linear(6, 6)\n            self.pile = nn.Sequential(self.couche, nn.ReLU(), self.couche)\n            self.sortie = nn.Linear(6, 10)\n            self.sortie.weight = self.plongement.weight\n    return Lie()')
    for args in ((), (False,)):
        compte_attendu(compter_parametres, fabrique, "compter_parametres d'un modèle à poids partagés", "un tenseur partagé par deux sous-modules (ou un sous-module présent deux fois) n'est compté qu'une fois : module.parameters() les dédoublonne, pas state_dict() ni une somme sur module.modules().", *args)

@test_case(points=None, hidden=True)
def test_compte_parametres_geles(compter_parametres):
    from torch import nn
    from autograder import checks as C

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)

    def compte_attendu(compter_parametres, fabrique, nom, indice, *args, **kwargs):
        """compter_parametres(module, *args, **kwargs) sur le module que `fabrique` construit là où
    vit la fonction de l'élève, contre le compte du correcteur sur sa propre copie."""
        entrainables = (list(args) + list(kwargs.values()) + [True])[0]
        copie = fabrique()
        attendu = int(sum((p.numel() for p in copie.parameters() if p.requires_grad or not entrainables)))
        recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique), *args, name='compter_parametres', **kwargs)
        entier_exact(recu, nom, attendu, indice)
    fabrique = C.code('def fabrique():\n    m = nn.Sequential(nn.Linear(7, 5), nn.Tanh(), nn.Linear(5, 2))\n    m[0].requires_grad_(False)\n    m[2].bias.requires_grad_(False)\n    return m')
    indice = 'avec entrainables_seulement=True (la valeur par défaut), ne gardez que les p tels que p.requires_grad ; avec False, comptez aussi les paramètres gelés.'
    for args, kwargs, quoi in (((), {}, 'par défaut'), ((), {'entrainables_seulement': True}, 'entrainables_seulement=True'), ((), {'entrainables_seulement': False}, 'entrainables_seulement=False'), ((False,), {}, 'False passé en position')):
        compte_attendu(compter_parametres, fabrique, f"compter_parametres d'un modèle en partie gelé ({quoi})", indice, *args, **kwargs)
    tout_gele = C.code('def tout_gele():\n    return nn.Linear(3, 3).requires_grad_(False)')
    compte_attendu(compter_parametres, tout_gele, "compter_parametres d'un modèle entièrement gelé (par défaut)", indice)

@test_case(points=None, hidden=True)
def test_compte_sans_tampons(compter_parametres):
    import torch
    from torch import nn
    from autograder import checks as C

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)

    def compte_attendu(compter_parametres, fabrique, nom, indice, *args, **kwargs):
        """compter_parametres(module, *args, **kwargs) sur le module que `fabrique` construit là où
    vit la fonction de l'élève, contre le compte du correcteur sur sa propre copie."""
        entrainables = (list(args) + list(kwargs.values()) + [True])[0]
        copie = fabrique()
        attendu = int(sum((p.numel() for p in copie.parameters() if p.requires_grad or not entrainables)))
        recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique), *args, name='compter_parametres', **kwargs)
        entier_exact(recu, nom, attendu, indice)
    fabrique = C.code("def fabrique():\n    m = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU())\n    m.register_buffer('masque', torch.ones(50))\n    return m")
    indice = 'les tampons (running_mean, running_var, num_batches_tracked, register_buffer) ne sont pas des paramètres : utilisez module.parameters(), pas state_dict().'
    for args in ((), (False,)):
        compte_attendu(compter_parametres, fabrique, "compter_parametres d'un modèle avec BatchNorm", indice, *args)
    sans_parametre = C.code('def sans_parametre():\n    return nn.Sequential(nn.ReLU(), nn.Dropout(0.1))')
    compte_attendu(compter_parametres, sans_parametre, "compter_parametres d'un module sans paramètre", indice)

@test_case(points=None, hidden=True)
def test_compte_encodeur_pytorch_avec_biais(compter_parametres):
    from torch import nn
    from autograder import checks as C

    def encodeur_de_reference(L, h, d_model, d_ff, biais):
        """L'encodeur de l'énoncé, construit par PyTorch sur le périphérique `meta` : des tenseurs
    qui ont une forme mais pas de mémoire, donc un compte exact pour toute taille."""
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            couche = nn.TransformerEncoderLayer(d_model, h, d_ff, batch_first=True, bias=biais, device='meta')
            return nn.TransformerEncoder(couche, L)

    def total_de_reference(L, h, d_model, d_ff, biais=True):
        """sum(p.numel()) sur l'encodeur de PyTorch (un entier Python)."""
        return int(sum((p.numel() for p in encodeur_de_reference(L, h, d_model, d_ff, biais).parameters())))

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)
    cas = 'avec_biais'
    biais = cas == 'avec_biais'
    fabrique = C.code("def fabrique(biais):\n    import warnings\n    with warnings.catch_warnings():\n        warnings.simplefilter('ignore')\n        couche = nn.TransformerEncoderLayer(24, 4, 40, batch_first=True, bias=biais)\n        return nn.TransformerEncoder(couche, 2)")
    recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique, biais), name='compter_parametres')
    entier_exact(recu, f'compter_parametres(encodeur à 2 blocs, biais={biais})', total_de_reference(2, 4, 24, 40, biais), 'tous les paramètres des sous-modules (attention, FFN, LayerNorm de chaque bloc) : sum(p.numel() for p in module.parameters()).')

@test_case(points=None, hidden=True)
def test_compte_encodeur_pytorch_sans_biais(compter_parametres):
    from torch import nn
    from autograder import checks as C

    def encodeur_de_reference(L, h, d_model, d_ff, biais):
        """L'encodeur de l'énoncé, construit par PyTorch sur le périphérique `meta` : des tenseurs
    qui ont une forme mais pas de mémoire, donc un compte exact pour toute taille."""
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            couche = nn.TransformerEncoderLayer(d_model, h, d_ff, batch_first=True, bias=biais, device='meta')
            return nn.TransformerEncoder(couche, L)

    def total_de_reference(L, h, d_model, d_ff, biais=True):
        """sum(p.numel()) sur l'encodeur de PyTorch (un entier Python)."""
        return int(sum((p.numel() for p in encodeur_de_reference(L, h, d_model, d_ff, biais).parameters())))

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)
    cas = 'sans_biais'
    biais = cas == 'avec_biais'
    fabrique = C.code("def fabrique(biais):\n    import warnings\n    with warnings.catch_warnings():\n        warnings.simplefilter('ignore')\n        couche = nn.TransformerEncoderLayer(24, 4, 40, batch_first=True, bias=biais)\n        return nn.TransformerEncoder(couche, 2)")
    recu = C.call(compter_parametres, C.build_where(compter_parametres, fabrique, biais), name='compter_parametres')
    entier_exact(recu, f'compter_parametres(encodeur à 2 blocs, biais={biais})', total_de_reference(2, 4, 24, 40, biais), 'tous les paramètres des sous-modules (attention, FFN, LayerNorm de chaque bloc) : sum(p.numel() for p in module.parameters()).')

