from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_copie_exemple(copie):
    import torch
    from autograder import checks as C

    def verifier_copie(resultat, n, T, K, quoi):
        """The exact structure of copie(n, T, K, g) (checked on the grader's side); returns x, y."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (x, y).')
        L = T + 16
        x, y = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, 'xy', strict=True))
        for v, nom in ((x, 'x'), (y, 'y')):
            C.expect_dtype(v, torch.long, name=f'{nom} de {quoi}', hint="des entiers torch.long (ce sont des classes pour l'entropie croisée) : dtype=torch.long.")
            C.expect_shape(v, (n, L), name=f'{nom} de {quoi}', hint='une ligne par séquence, T + 16 positions : 8 symboles, T − 1 blancs, le marqueur, 8 blancs.')
        symboles = x[:, :8]
        C.expect(bool(((symboles >= 1) & (symboles <= K)).all()), f'Les 8 premières positions de x ({quoi}) doivent contenir des symboles de {{1, …, K}} (K = {K}).', hint='0 est le blanc et K + 1 le marqueur : les symboles vont de 1 à K inclus, torch.randint(1, K + 1, ...).')
        C.expect(bool((x[:, 8:T + 7] == 0).all()), f'Entre les symboles et le marqueur, x ({quoi}) doit contenir T − 1 blancs (0), aux positions 8 à T + 6.')
        C.expect(bool((x[:, T + 7] == K + 1).all()), f'Le marqueur K + 1 doit être à la position T + 7 de x ({quoi}).', hint="après les 8 symboles (positions 0 à 7) et T − 1 blancs, le marqueur est à l'indice 8 + T − 1.")
        C.expect(bool((x[:, T + 8:] == 0).all()), f'Les 8 dernières positions de x ({quoi}) doivent être des blancs (0).')
        C.expect(bool((y[:, :T + 8] == 0).all()), f'La cible y ({quoi}) doit valoir 0 (blanc) aux positions 0 à T + 7.')
        C.expect(torch.equal(y[:, T + 8:], symboles), f"Les 8 dernières positions de y ({quoi}) doivent reproduire, dans l'ordre, les 8 symboles du début de x (la même séquence).", hint='y[:, T + 8:] = x[:, :8], ligne par ligne.')
        return (x, y)

    def tirer_copie(copie, graine, *args):
        """copie(*args, g) where it lives, g a generator seeded with graine."""
        avec_graine = C.code('def avec_graine(copie, graine, args):\n    return copie(*args, torch.Generator().manual_seed(graine))')
        return C.call(avec_graine, copie, graine, list(args), name='copie')
    x, y = verifier_copie(tirer_copie(copie, 0, 3, 5, 4), 3, 5, 4, 'copie(3, 5, 4, g)')
    C.expect_equal(x[0, 8:].tolist(), [0, 0, 0, 0, 5] + [0] * 8, name='x[0, 8:] pour copie(3, 5, 4, g)', reveal=True)

@test_case(points=None, hidden=True)
def test_copie_structure(copie):
    import torch
    from autograder import checks as C

    def verifier_copie(resultat, n, T, K, quoi):
        """The exact structure of copie(n, T, K, g) (checked on the grader's side); returns x, y."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (x, y).')
        L = T + 16
        x, y = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, 'xy', strict=True))
        for v, nom in ((x, 'x'), (y, 'y')):
            C.expect_dtype(v, torch.long, name=f'{nom} de {quoi}', hint="des entiers torch.long (ce sont des classes pour l'entropie croisée) : dtype=torch.long.")
            C.expect_shape(v, (n, L), name=f'{nom} de {quoi}', hint='une ligne par séquence, T + 16 positions : 8 symboles, T − 1 blancs, le marqueur, 8 blancs.')
        symboles = x[:, :8]
        C.expect(bool(((symboles >= 1) & (symboles <= K)).all()), f'Les 8 premières positions de x ({quoi}) doivent contenir des symboles de {{1, …, K}} (K = {K}).', hint='0 est le blanc et K + 1 le marqueur : les symboles vont de 1 à K inclus, torch.randint(1, K + 1, ...).')
        C.expect(bool((x[:, 8:T + 7] == 0).all()), f'Entre les symboles et le marqueur, x ({quoi}) doit contenir T − 1 blancs (0), aux positions 8 à T + 6.')
        C.expect(bool((x[:, T + 7] == K + 1).all()), f'Le marqueur K + 1 doit être à la position T + 7 de x ({quoi}).', hint="après les 8 symboles (positions 0 à 7) et T − 1 blancs, le marqueur est à l'indice 8 + T − 1.")
        C.expect(bool((x[:, T + 8:] == 0).all()), f'Les 8 dernières positions de x ({quoi}) doivent être des blancs (0).')
        C.expect(bool((y[:, :T + 8] == 0).all()), f'La cible y ({quoi}) doit valoir 0 (blanc) aux positions 0 à T + 7.')
        C.expect(torch.equal(y[:, T + 8:], symboles), f"Les 8 dernières positions de y ({quoi}) doivent reproduire, dans l'ordre, les 8 symboles du début de x (la même séquence).", hint='y[:, T + 8:] = x[:, :8], ligne par ligne.')
        return (x, y)

    def tirer_copie(copie, graine, *args):
        """copie(*args, g) where it lives, g a generator seeded with graine."""
        avec_graine = C.code('def avec_graine(copie, graine, args):\n    return copie(*args, torch.Generator().manual_seed(graine))')
        return C.call(avec_graine, copie, graine, list(args), name='copie')
    for n, T, K, graine in ((4, 1, 3, 1), (5, 2, 1, 2), (1, 7, 6, 3), (9, 12, 2, 4), (3, 30, 9, 5)):
        verifier_copie(tirer_copie(copie, graine, n, T, K), n, T, K, f'copie(n, T, K, g) avec T = {T}, K = {K}')

@test_case(points=None, hidden=True)
def test_copie_loi_uniforme(copie):
    import torch
    from autograder import checks as C

    def verifier_copie(resultat, n, T, K, quoi):
        """The exact structure of copie(n, T, K, g) (checked on the grader's side); returns x, y."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (x, y).')
        L = T + 16
        x, y = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, 'xy', strict=True))
        for v, nom in ((x, 'x'), (y, 'y')):
            C.expect_dtype(v, torch.long, name=f'{nom} de {quoi}', hint="des entiers torch.long (ce sont des classes pour l'entropie croisée) : dtype=torch.long.")
            C.expect_shape(v, (n, L), name=f'{nom} de {quoi}', hint='une ligne par séquence, T + 16 positions : 8 symboles, T − 1 blancs, le marqueur, 8 blancs.')
        symboles = x[:, :8]
        C.expect(bool(((symboles >= 1) & (symboles <= K)).all()), f'Les 8 premières positions de x ({quoi}) doivent contenir des symboles de {{1, …, K}} (K = {K}).', hint='0 est le blanc et K + 1 le marqueur : les symboles vont de 1 à K inclus, torch.randint(1, K + 1, ...).')
        C.expect(bool((x[:, 8:T + 7] == 0).all()), f'Entre les symboles et le marqueur, x ({quoi}) doit contenir T − 1 blancs (0), aux positions 8 à T + 6.')
        C.expect(bool((x[:, T + 7] == K + 1).all()), f'Le marqueur K + 1 doit être à la position T + 7 de x ({quoi}).', hint="après les 8 symboles (positions 0 à 7) et T − 1 blancs, le marqueur est à l'indice 8 + T − 1.")
        C.expect(bool((x[:, T + 8:] == 0).all()), f'Les 8 dernières positions de x ({quoi}) doivent être des blancs (0).')
        C.expect(bool((y[:, :T + 8] == 0).all()), f'La cible y ({quoi}) doit valoir 0 (blanc) aux positions 0 à T + 7.')
        C.expect(torch.equal(y[:, T + 8:], symboles), f"Les 8 dernières positions de y ({quoi}) doivent reproduire, dans l'ordre, les 8 symboles du début de x (la même séquence).", hint='y[:, T + 8:] = x[:, :8], ligne par ligne.')
        return (x, y)

    def tirer_copie(copie, graine, *args):
        """copie(*args, g) where it lives, g a generator seeded with graine."""
        avec_graine = C.code('def avec_graine(copie, graine, args):\n    return copie(*args, torch.Generator().manual_seed(graine))')
        return C.call(avec_graine, copie, graine, list(args), name='copie')
    n, K = (3000, 5)
    resultat = tirer_copie(copie, 7, n, 2, K)
    x, _ = verifier_copie(resultat, n, 2, K, 'copie(3000, 2, 5, g)')
    uniforme = torch.full((K,), 1 / K, dtype=torch.float64)
    for j in range(8):
        C.expect_frequencies(x[:, j] - 1, uniforme, name=f'symboles de la position {j} (moins 1)', hint='chaque symbole est tiré uniformément dans {1, …, K} : torch.randint(1, K + 1, ...) (la borne haute est exclue).')
    paires = {"positions 0 et 1 d'une même séquence": x[:, 0] - 1 + K * (x[:, 1] - 1), "positions 3 et 7 d'une même séquence": x[:, 3] - 1 + K * (x[:, 7] - 1), 'position 0 de deux séquences voisines': x[0::2, 0] - 1 + K * (x[1::2, 0] - 1)}
    for quoi, codes in paires.items():
        C.expect_frequencies(codes, torch.full((K * K,), 1 / (K * K), dtype=torch.float64), name=f'couples de symboles ({quoi})', hint='les 8n symboles sont indépendants : un tirage par position et par séquence (forme (n, 8)), sans répétition.')

@test_case(points=None, hidden=True)
def test_copie_generateur(copie):
    import torch
    from autograder import checks as C

    def verifier_copie(resultat, n, T, K, quoi):
        """The exact structure of copie(n, T, K, g) (checked on the grader's side); returns x, y."""
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (x, y).')
        L = T + 16
        x, y = (C.as_tensor(v, f'{nom} de {quoi}') for v, nom in zip(resultat, 'xy', strict=True))
        for v, nom in ((x, 'x'), (y, 'y')):
            C.expect_dtype(v, torch.long, name=f'{nom} de {quoi}', hint="des entiers torch.long (ce sont des classes pour l'entropie croisée) : dtype=torch.long.")
            C.expect_shape(v, (n, L), name=f'{nom} de {quoi}', hint='une ligne par séquence, T + 16 positions : 8 symboles, T − 1 blancs, le marqueur, 8 blancs.')
        symboles = x[:, :8]
        C.expect(bool(((symboles >= 1) & (symboles <= K)).all()), f'Les 8 premières positions de x ({quoi}) doivent contenir des symboles de {{1, …, K}} (K = {K}).', hint='0 est le blanc et K + 1 le marqueur : les symboles vont de 1 à K inclus, torch.randint(1, K + 1, ...).')
        C.expect(bool((x[:, 8:T + 7] == 0).all()), f'Entre les symboles et le marqueur, x ({quoi}) doit contenir T − 1 blancs (0), aux positions 8 à T + 6.')
        C.expect(bool((x[:, T + 7] == K + 1).all()), f'Le marqueur K + 1 doit être à la position T + 7 de x ({quoi}).', hint="après les 8 symboles (positions 0 à 7) et T − 1 blancs, le marqueur est à l'indice 8 + T − 1.")
        C.expect(bool((x[:, T + 8:] == 0).all()), f'Les 8 dernières positions de x ({quoi}) doivent être des blancs (0).')
        C.expect(bool((y[:, :T + 8] == 0).all()), f'La cible y ({quoi}) doit valoir 0 (blanc) aux positions 0 à T + 7.')
        C.expect(torch.equal(y[:, T + 8:], symboles), f"Les 8 dernières positions de y ({quoi}) doivent reproduire, dans l'ordre, les 8 symboles du début de x (la même séquence).", hint='y[:, T + 8:] = x[:, :8], ligne par ligne.')
        return (x, y)
    resultat = C.expect_generator_obeyed(copie, 6, 4, 3, name='copie', keyword='generateur')
    verifier_copie(resultat, 6, 4, 3, 'copie(6, 4, 3, generateur=g)')

