from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_attention_causale_exemple(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def oracle(Q, K, V):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        n = Q.shape[0]
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
        poids = torch.softmax(scores, dim=1)
        return (poids @ V, poids)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    Q = torch.tensor([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    K = torch.tensor([[2.0, 0.0], [0.0, 1.0], [-1.0, 1.0]])
    V = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    sortie, poids = appeler(attention_causale, Q, K, V, 'exemple à 3 positions')
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    C.expect_close(poids, attendu_poids.float(), name="poids de l'exemple", reveal=True, hint='softmax, ligne par ligne, de Q Kᵀ / √d_k avec −∞ là où j > i.')
    C.expect_close(sortie, attendu_sortie.float(), name="sortie de l'exemple", reveal=True, hint='sortie = poids @ V.')

@test_case(points=None, hidden=True)
def test_poids_causaux(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        n = Q.shape[0]
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
        poids = torch.softmax(scores, dim=1)
        return (poids @ V, poids)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    n = 6
    Q, K, V = tenseurs(n, 5, 3, 1, 3.0)
    sortie, poids = appeler(attention_causale, Q, K, V, 'Q, K (6, 5), V (6, 3)')
    futur = ~torch.ones(n, n, dtype=torch.bool).tril()
    C.expect(bool((poids[futur] == 0).all()), 'Les poids des positions futures (j > i) ne sont pas exactement nuls.', hint='ajoutez −∞ aux scores masqués avant le softmax (masked_fill ou masque additif) : exp(−∞) = 0 exactement.')
    C.expect_close(poids.sum(dim=1), torch.ones(n, dtype=torch.float64), name='somme de chaque ligne des poids', hint='masquez avant le softmax (pas après : les lignes ne somment plus à 1), softmax sur la dernière dimension.')
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    C.expect_close(poids, attendu_poids, name='poids (Q, K (6, 5), V (6, 3))')
    C.expect_close(sortie, attendu_sortie, name='sortie (Q, K (6, 5), V (6, 3))')

@test_case(points=None, hidden=True)
def test_attention_contre_oracle(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        n = Q.shape[0]
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
        poids = torch.softmax(scores, dim=1)
        return (poids @ V, poids)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    cas = [(5, 3, 4, 1.0), (1, 3, 2, 1.0), (7, 7, 7, 1.0), (6, 2, 5, 1.0), (8, 4, 3, 5.0)]
    for graine, (n, d_k, d_v, echelle) in enumerate(cas):
        Q, K, V = tenseurs(n, d_k, d_v, 10 + graine, echelle)
        quoi = f'Q, K de forme {(n, d_k)}, V de forme {(n, d_v)}'
        sortie, poids = appeler(attention_causale, Q, K, V, quoi)
        attendu_sortie, attendu_poids = oracle(Q, K, V)
        C.expect_close(poids, attendu_poids, name=f'poids ({quoi})', hint='P = softmax(Q Kᵀ / √d_k + mask), softmax sur la dernière dimension (les clés), −∞ pour j > i.')
        C.expect_close(sortie, attendu_sortie, name=f'sortie ({quoi})', hint='sortie = poids @ V.')
    C.expect_not_using(attention_causale, {'scaled_dot_product_attention', 'MultiheadAttention', 'multi_head_attention_forward'}, name='attention_causale', hint='écrivez le calcul vous-même : scores, masque, softmax, produit par V.')

@test_case(points=None, hidden=True)
def test_attention_echelle(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        n = Q.shape[0]
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
        poids = torch.softmax(scores, dim=1)
        return (poids @ V, poids)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    for graine, (n, d_k, d_v) in enumerate(((5, 64, 3), (4, 9, 16))):
        Q, K, V = tenseurs(n, d_k, d_v, 20 + graine)
        quoi = f'd_k = {d_k}, d_v = {d_v}, n = {n}'
        _, poids = appeler(attention_causale, Q, K, V, quoi)
        C.expect_close(poids, oracle(Q, K, V)[1], name=f'poids ({quoi})', hint='divisez les scores par √d_k, d_k = Q.shape[-1] (pas la dimension de V, ni n).')

@test_case(points=None, hidden=True)
def test_attention_sans_fuite(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        n = Q.shape[0]
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
        poids = torch.softmax(scores, dim=1)
        return (poids @ V, poids)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    g = torch.Generator().manual_seed(2)
    n = 7
    Q, K, V = tenseurs(n, 4, 3, 30)
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    for i in (0, 2, 5):
        Q2, K2, V2 = (Q.clone(), K.clone(), V.clone())
        for t in (Q2, K2, V2):
            t[i + 1:] = 10 * torch.randn(t[i + 1:].shape, generator=g, dtype=torch.float64)
        quoi = f'positions > {i} modifiées'
        sortie, poids = appeler(attention_causale, Q2, K2, V2, quoi)
        C.expect_close(sortie[:i + 1], attendu_sortie[:i + 1], name=f'sortie aux positions ≤ {i} ({quoi})', hint='fuite du futur : la sortie en position i ne doit dépendre que des clés et valeurs j ≤ i (masque causal, −∞ avant le softmax).')
        C.expect_close(poids[:i + 1], attendu_poids[:i + 1], name=f'poids des requêtes ≤ {i} ({quoi})')

@test_case(points=None, hidden=True)
def test_attention_premiere_position(attention_causale):
    import torch
    from autograder import checks as C

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    for graine, (n, d_k, d_v) in enumerate(((5, 3, 4), (4, 6, 2))):
        Q, K, V = tenseurs(n, d_k, d_v, 40 + graine, 4.0)
        sortie, poids = appeler(attention_causale, Q, K, V, f'Q, K {(n, d_k)}, V {(n, d_v)}')
        premiere = torch.zeros(n, dtype=torch.float64)
        premiere[0] = 1.0
        C.expect_close(poids[0], premiere, name='première ligne des poids', hint='la première requête ne voit que la première clé : son poids vaut 1, tous les autres 0.')
        C.expect_close(sortie[0], V[0], name='sortie en position 0', hint="la première position ne voit qu'elle-même : sortie[0] = V[0].")

@test_case(points=None, hidden=True)
def test_attention_type_conserve(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        n = Q.shape[0]
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        scores = (Q @ K.T / math.sqrt(Q.shape[1])).masked_fill(~autorise, -math.inf)
        poids = torch.softmax(scores, dim=1)
        return (poids @ V, poids)

    def appeler(attention_causale, Q, K, V, quoi):
        """attention_causale(Q, K, V) sur des copies : le couple (sortie, poids), formes
    vérifiées."""
        resultat = C.call(attention_causale, Q.clone(), K.clone(), V.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        n = Q.shape[0]
        C.expect_shape(poids, (n, n), name=f'poids ({quoi})', hint='poids[i, j] : requête i, clé j ; forme (n, n).')
        C.expect_shape(sortie, (n, V.shape[1]), name=f'sortie ({quoi})', hint='sortie = poids @ V, de forme (n, d_v).')
        return (sortie, poids)
    Q, K, V = tenseurs(5, 3, 4, 50)
    attendu_sortie, attendu_poids = oracle(Q, K, V)
    for dtype, (rtol, atol) in ((torch.float32, (0.0001, 1e-05)), (torch.float64, (1e-07, 1e-07))):
        nom = str(dtype)[6:]
        sortie, poids = appeler(attention_causale, Q.to(dtype), K.to(dtype), V.to(dtype), f'entrées en {nom}')
        for valeur, quoi in ((sortie, 'sortie'), (poids, 'poids')):
            C.expect(valeur.dtype == dtype, f'`attention_causale` renvoie {quoi} en {str(valeur.dtype)[6:]} pour des entrées en {nom}.', hint="n'imposez pas de type : les opérations sur Q, K, V le conservent (un masque additif float64 ajouté à des scores float32 les convertit en float64).")
        C.expect_close(poids, attendu_poids.to(dtype), name=f'poids (entrées en {nom})', rtol=rtol, atol=atol)
        C.expect_close(sortie, attendu_sortie.to(dtype), name=f'sortie (entrées en {nom})', rtol=rtol, atol=atol)

