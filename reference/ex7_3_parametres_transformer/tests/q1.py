from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_bloc_et_encodeur_exemple(parametres_bloc, parametres_encodeur):
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

    def bloc_de_reference(d_model, d_ff, biais=True, h=1):
        """Les trois parts d'un bloc de PyTorch, et la preuve qu'elles couvrent tout le bloc."""
        bloc = encodeur_de_reference(1, h, d_model, d_ff, biais).layers[0]
        parts = {'attention': [bloc.self_attn], 'ffn': [bloc.linear1, bloc.linear2], 'layernorm': [bloc.norm1, bloc.norm2]}
        comptes = {cle: int(sum((p.numel() for m in modules for p in m.parameters()))) for cle, modules in parts.items()}
        assert sum(comptes.values()) == sum((p.numel() for p in bloc.parameters()))
        return comptes
    recu = C.call(parametres_bloc, 8, 32, name='parametres_bloc')
    C.expect(isinstance(recu, dict), f'`parametres_bloc` devrait renvoyer un dictionnaire, reçu un objet de type `{type(recu).__name__}`.')
    for cle, attendu in bloc_de_reference(8, 32).items():
        C.expect(cle in recu, f'''Le dictionnaire de `parametres_bloc` n'a pas de clé "{cle}".''')
        C.expect_equal(recu[cle], attendu, name=f'parametres_bloc(8, 32)["{cle}"]', reveal=True, hint='avec les biais (valeur par défaut) : attention 4d² + 4d, FFN 2·d·d_ff + d_ff + d, LayerNorm 4d.')
    total = C.call(parametres_encodeur, 2, 2, 8, 32, name='parametres_encodeur')
    C.expect_equal(total, total_de_reference(2, 2, 8, 32), name='parametres_encodeur(2, 2, 8, 32)', reveal=True, hint="L blocs identiques, et rien d'autre (pas de norme finale).")

@test_case(points=None, hidden=True)
def test_bloc_contre_pytorch_avec_biais(parametres_bloc):
    import torch
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

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)

    def bloc_de_reference(d_model, d_ff, biais=True, h=1):
        """Les trois parts d'un bloc de PyTorch, et la preuve qu'elles couvrent tout le bloc."""
        bloc = encodeur_de_reference(1, h, d_model, d_ff, biais).layers[0]
        parts = {'attention': [bloc.self_attn], 'ffn': [bloc.linear1, bloc.linear2], 'layernorm': [bloc.norm1, bloc.norm2]}
        comptes = {cle: int(sum((p.numel() for m in modules for p in m.parameters()))) for cle, modules in parts.items()}
        assert sum(comptes.values()) == sum((p.numel() for p in bloc.parameters()))
        return comptes

    def bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, quoi):
        """parametres_bloc(d_model, d_ff, biais=biais) contre le bloc de PyTorch : les trois clés,
    puis chaque part (un entier exact) ; `quoi` décrit le cas sans en donner les tailles."""
        nom = f'parametres_bloc(d_model, d_ff, biais={biais}) {quoi}'
        recu = C.call(parametres_bloc, d_model, d_ff, biais=biais, name='parametres_bloc')
        C.expect(isinstance(recu, dict), f'`parametres_bloc` devrait renvoyer un dictionnaire, reçu un objet de type `{type(recu).__name__}`.')
        cles = sorted(map(str, recu))
        C.expect(cles == ['attention', 'ffn', 'layernorm'], f'`{nom}` a les clés {cles}, attendu exactement "attention", "ffn" et "layernorm".')
        for cle, attendu in bloc_de_reference(d_model, d_ff, biais).items():
            entier_exact(recu[cle], f'{nom}["{cle}"]', attendu, indice[cle])
    cas = 'avec_biais'
    biais = cas == 'avec_biais'
    indice = {'attention': '4 matrices d × d (Q, K, V et la sortie)' + (' et leurs 4 biais de taille d.' if biais else ', sans biais.'), 'ffn': 'W_1 (d × d_ff) et W_2 (d_ff × d)' + (', b_1 de taille d_ff et b_2 de taille d.' if biais else ', sans biais.'), 'layernorm': 'deux LayerNorm, chacune avec γ et β de taille d : 4d.' if biais else 'sans biais, PyTorch retire aussi β des LayerNorm : il reste les deux gains γ, soit 2d.'}
    g = torch.Generator().manual_seed(731 if biais else 732)
    for _ in range(5):
        d_model = int(torch.randint(2, 200, (1,), generator=g))
        d_ff = int(torch.randint(1, 700, (1,), generator=g))
        bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, '(tailles tirées au hasard)')

@test_case(points=None, hidden=True)
def test_bloc_contre_pytorch_sans_biais(parametres_bloc):
    import torch
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

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)

    def bloc_de_reference(d_model, d_ff, biais=True, h=1):
        """Les trois parts d'un bloc de PyTorch, et la preuve qu'elles couvrent tout le bloc."""
        bloc = encodeur_de_reference(1, h, d_model, d_ff, biais).layers[0]
        parts = {'attention': [bloc.self_attn], 'ffn': [bloc.linear1, bloc.linear2], 'layernorm': [bloc.norm1, bloc.norm2]}
        comptes = {cle: int(sum((p.numel() for m in modules for p in m.parameters()))) for cle, modules in parts.items()}
        assert sum(comptes.values()) == sum((p.numel() for p in bloc.parameters()))
        return comptes

    def bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, quoi):
        """parametres_bloc(d_model, d_ff, biais=biais) contre le bloc de PyTorch : les trois clés,
    puis chaque part (un entier exact) ; `quoi` décrit le cas sans en donner les tailles."""
        nom = f'parametres_bloc(d_model, d_ff, biais={biais}) {quoi}'
        recu = C.call(parametres_bloc, d_model, d_ff, biais=biais, name='parametres_bloc')
        C.expect(isinstance(recu, dict), f'`parametres_bloc` devrait renvoyer un dictionnaire, reçu un objet de type `{type(recu).__name__}`.')
        cles = sorted(map(str, recu))
        C.expect(cles == ['attention', 'ffn', 'layernorm'], f'`{nom}` a les clés {cles}, attendu exactement "attention", "ffn" et "layernorm".')
        for cle, attendu in bloc_de_reference(d_model, d_ff, biais).items():
            entier_exact(recu[cle], f'{nom}["{cle}"]', attendu, indice[cle])
    cas = 'sans_biais'
    biais = cas == 'avec_biais'
    indice = {'attention': '4 matrices d × d (Q, K, V et la sortie)' + (' et leurs 4 biais de taille d.' if biais else ', sans biais.'), 'ffn': 'W_1 (d × d_ff) et W_2 (d_ff × d)' + (', b_1 de taille d_ff et b_2 de taille d.' if biais else ', sans biais.'), 'layernorm': 'deux LayerNorm, chacune avec γ et β de taille d : 4d.' if biais else 'sans biais, PyTorch retire aussi β des LayerNorm : il reste les deux gains γ, soit 2d.'}
    g = torch.Generator().manual_seed(731 if biais else 732)
    for _ in range(5):
        d_model = int(torch.randint(2, 200, (1,), generator=g))
        d_ff = int(torch.randint(1, 700, (1,), generator=g))
        bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, '(tailles tirées au hasard)')

@test_case(points=None, hidden=True)
def test_encodeur_contre_pytorch_avec_biais(parametres_encodeur):
    import torch
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
    g = torch.Generator().manual_seed(733 if biais else 734)
    for _ in range(5):
        h = int(torch.randint(1, 9, (1,), generator=g))
        d_model = h * int(torch.randint(1, 25, (1,), generator=g))
        d_ff = int(torch.randint(1, 500, (1,), generator=g))
        L = int(torch.randint(1, 13, (1,), generator=g))
        nom = f'parametres_encodeur (encodeur tiré au hasard, biais={biais})'
        recu = C.call(parametres_encodeur, L, h, d_model, d_ff, biais=biais, name='parametres_encodeur')
        entier_exact(recu, nom, total_de_reference(L, h, d_model, d_ff, biais), "L fois les trois parts d'un bloc (attention, FFN, LayerNorm), " + ('biais compris' if biais else 'sans aucun biais ni β de LayerNorm') + ' ; pas de norme finale.')

@test_case(points=None, hidden=True)
def test_encodeur_contre_pytorch_sans_biais(parametres_encodeur):
    import torch
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
    g = torch.Generator().manual_seed(733 if biais else 734)
    for _ in range(5):
        h = int(torch.randint(1, 9, (1,), generator=g))
        d_model = h * int(torch.randint(1, 25, (1,), generator=g))
        d_ff = int(torch.randint(1, 500, (1,), generator=g))
        L = int(torch.randint(1, 13, (1,), generator=g))
        nom = f'parametres_encodeur (encodeur tiré au hasard, biais={biais})'
        recu = C.call(parametres_encodeur, L, h, d_model, d_ff, biais=biais, name='parametres_encodeur')
        entier_exact(recu, nom, total_de_reference(L, h, d_model, d_ff, biais), "L fois les trois parts d'un bloc (attention, FFN, LayerNorm), " + ('biais compris' if biais else 'sans aucun biais ni β de LayerNorm') + ' ; pas de norme finale.')

@test_case(points=None, hidden=True)
def test_encodeur_independant_de_h(parametres_encodeur):
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
    L, d_model, d_ff = (3, 48, 100)
    for biais in (True, False):
        recus = {h: C.call(parametres_encodeur, L, h, d_model, d_ff, biais=biais, name='parametres_encodeur') for h in (1, 3, 8, 48)}
        if len({repr(v) for v in recus.values()}) > 1:
            indice = 'le nombre de paramètres ne dépend pas de h : les h têtes se partagent W_Q, W_K, W_V (d × d) et W_O (d × d), chacune en utilise d_k = d/h colonnes.'
        else:
            indice = "le même total pour tous les h, comme il se doit, mais pas le bon : voyez les vérifications des parts d'un bloc."
        for h, recu in recus.items():
            entier_exact(recu, f'parametres_encodeur avec h = {h} tête(s) (biais={biais})', total_de_reference(L, h, d_model, d_ff, biais), indice)

@test_case(points=None, hidden=True)
def test_grandes_tailles_exactes(parametres_bloc, parametres_encodeur):
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

    def bloc_de_reference(d_model, d_ff, biais=True, h=1):
        """Les trois parts d'un bloc de PyTorch, et la preuve qu'elles couvrent tout le bloc."""
        bloc = encodeur_de_reference(1, h, d_model, d_ff, biais).layers[0]
        parts = {'attention': [bloc.self_attn], 'ffn': [bloc.linear1, bloc.linear2], 'layernorm': [bloc.norm1, bloc.norm2]}
        comptes = {cle: int(sum((p.numel() for m in modules for p in m.parameters()))) for cle, modules in parts.items()}
        assert sum(comptes.values()) == sum((p.numel() for p in bloc.parameters()))
        return comptes

    def bloc_attendu(parametres_bloc, d_model, d_ff, biais, indice, quoi):
        """parametres_bloc(d_model, d_ff, biais=biais) contre le bloc de PyTorch : les trois clés,
    puis chaque part (un entier exact) ; `quoi` décrit le cas sans en donner les tailles."""
        nom = f'parametres_bloc(d_model, d_ff, biais={biais}) {quoi}'
        recu = C.call(parametres_bloc, d_model, d_ff, biais=biais, name='parametres_bloc')
        C.expect(isinstance(recu, dict), f'`parametres_bloc` devrait renvoyer un dictionnaire, reçu un objet de type `{type(recu).__name__}`.')
        cles = sorted(map(str, recu))
        C.expect(cles == ['attention', 'ffn', 'layernorm'], f'`{nom}` a les clés {cles}, attendu exactement "attention", "ffn" et "layernorm".')
        for cle, attendu in bloc_de_reference(d_model, d_ff, biais).items():
            entier_exact(recu[cle], f'{nom}["{cle}"]', attendu, indice[cle])
    indice = 'calculez avec des entiers Python (précision illimitée) : un float32 arrondit dès 2^24, un float64 au-delà de 2^53.'
    for biais in (True, False):
        recu = C.call(parametres_encodeur, 48, 32, 4096, 16384, biais=biais, name='parametres_encodeur')
        entier_exact(recu, f"parametres_encodeur d'un grand encodeur (biais={biais})", total_de_reference(48, 32, 4096, 16384, biais), indice)
    L, h, d_model, d_ff = (1001, 3, 999999, 4000000)
    bloc = bloc_de_reference(d_model, d_ff, True, h)
    attendu = L * sum(bloc.values())
    assert attendu > 2 ** 53 and float(attendu) != attendu
    bloc_attendu(parametres_bloc, d_model, d_ff, True, {k: indice for k in bloc}, 'pour de très grandes tailles')
    recu = C.call(parametres_encodeur, L, h, d_model, d_ff, biais=True, name='parametres_encodeur')
    entier_exact(recu, 'parametres_encodeur pour un très grand encodeur (plus de 2^53 paramètres)', attendu, indice)

@test_case(points=None, hidden=True)
def test_calcul_sans_module(parametres_bloc, parametres_encodeur):
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
    interdits = {'TransformerEncoder', 'TransformerEncoderLayer', 'MultiheadAttention', 'Linear', 'LayerNorm', 'numel', 'parameters', 'named_parameters', 'compter_parametres'}
    indice = "l'énoncé demande la formule, calculée à la main : additionnez les tailles des matrices et des vecteurs de chaque partie."
    recu = C.call(parametres_encodeur, 2, 4, 12, 20, name='parametres_encodeur')
    entier_exact(recu, "parametres_encodeur d'un petit encodeur", total_de_reference(2, 4, 12, 20), indice)
    C.expect_not_using(parametres_bloc, interdits, name='parametres_bloc', hint=indice)
    C.expect_not_using(parametres_encodeur, interdits, name='parametres_encodeur', hint=indice)

