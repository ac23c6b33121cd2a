from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_masque_et_attention_exemple(masque_causal, attention_causale):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def appeler_attention(attention_causale, q, k, v, quoi):
        """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
        resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        B, n = (q.shape[0], q.shape[1])
        C.expect_shape(poids, (B, n, n), name=f'poids ({quoi})', hint='poids[b, i, j] : requête i, clé j ; forme (B, n, n).')
        C.expect_shape(sortie, (B, n, v.shape[2]), name=f'sortie ({quoi})', hint='sortie = poids @ v, de forme (B, n, d_v).')
        return (sortie, poids)
    m = C.as_tensor(C.call(masque_causal, 3, name='masque_causal'), 'masque_causal(3)')
    C.expect_dtype(m, torch.bool, 'masque_causal(3)', hint='un masque booléen : torch.ones(n, n, dtype=torch.bool) puis tril.')
    C.expect_equal(m.tolist(), [[True, False, False], [True, True, False], [True, True, True]], name='masque_causal(3)', reveal=True, hint='True là où la position j est autorisée pour la requête i (j ≤ i).')
    q = torch.tensor([[[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]]])
    k = torch.tensor([[[2.0, 0.0], [0.0, 1.0], [-1.0, 1.0]]])
    v = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]])
    sortie, poids = appeler_attention(attention_causale, q, k, v, 'exemple de forme (1, 3, 2)')
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    C.expect_close(poids, attendu_poids.float(), name="poids de l'exemple", reveal=True, hint='softmax sur j de q_i·k_j / √d_k, avec −∞ là où j > i.')
    C.expect_close(sortie, attendu_sortie.float(), name="sortie de l'exemple", reveal=True, hint='sortie = poids @ v.')

@test_case(points=None, hidden=True)
def test_masque_causal_valeurs(masque_causal):
    import torch
    from autograder import checks as C
    for n in (1, 2, 5, 8):
        m = C.as_tensor(C.call(masque_causal, n, name='masque_causal'), f'masque_causal({n})')
        C.expect_dtype(m, torch.bool, f'masque_causal({n})')
        C.expect_shape(m, (n, n), name=f'masque_causal({n})')
        attendu = torch.ones(n, n, dtype=torch.bool).tril()
        C.expect(torch.equal(m, attendu), f"`masque_causal({n})` n'est pas le masque causal attendu.", hint='M[i, j] = True si j ≤ i (la diagonale est autorisée : une position se voit elle-même), False si j > i.')

@test_case(points=None, hidden=True)
def test_attention_contre_oracle(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def appeler_attention(attention_causale, q, k, v, quoi):
        """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
        resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        B, n = (q.shape[0], q.shape[1])
        C.expect_shape(poids, (B, n, n), name=f'poids ({quoi})', hint='poids[b, i, j] : requête i, clé j ; forme (B, n, n).')
        C.expect_shape(sortie, (B, n, v.shape[2]), name=f'sortie ({quoi})', hint='sortie = poids @ v, de forme (B, n, d_v).')
        return (sortie, poids)
    cas = [(2, 5, 3, 4), (3, 4, 4, 2), (1, 1, 3, 3), (2, 7, 6, 6), (1, 6, 2, 5)]
    g = torch.Generator().manual_seed(0)
    for B, n, d_k, d_v in cas:
        q = 2 * torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        k = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        v = torch.randn(B, n, d_v, generator=g, dtype=torch.float64)
        quoi = f'q, k de forme {(B, n, d_k)}, v de forme {(B, n, d_v)}'
        sortie, poids = appeler_attention(attention_causale, q, k, v, quoi)
        attendu_sortie, attendu_poids = attention_oracle(q, k, v)
        C.expect_close(poids, attendu_poids, name=f'poids ({quoi})', hint='α_ij = softmax_j(q_i·k_j / √d_k + M_ij) : softmax sur la dernière dimension (les clés), masque −∞ pour j > i.')
        C.expect_close(sortie, attendu_sortie, name=f'sortie ({quoi})', hint='sortie = poids @ v.')
    C.expect_not_using(attention_causale, {'scaled_dot_product_attention', 'MultiheadAttention', 'multi_head_attention_forward'}, name='attention_causale', hint='écrivez le calcul vous-même : scores, masque, softmax, produit par v.')

@test_case(points=None, hidden=True)
def test_attention_poids_causaux(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def appeler_attention(attention_causale, q, k, v, quoi):
        """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
        resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        B, n = (q.shape[0], q.shape[1])
        C.expect_shape(poids, (B, n, n), name=f'poids ({quoi})', hint='poids[b, i, j] : requête i, clé j ; forme (B, n, n).')
        C.expect_shape(sortie, (B, n, v.shape[2]), name=f'sortie ({quoi})', hint='sortie = poids @ v, de forme (B, n, d_v).')
        return (sortie, poids)
    g = torch.Generator().manual_seed(1)
    q = 3 * torch.randn(2, 6, 5, generator=g, dtype=torch.float64)
    k = torch.randn(2, 6, 5, generator=g, dtype=torch.float64)
    v = torch.randn(2, 6, 3, generator=g, dtype=torch.float64)
    sortie, poids = appeler_attention(attention_causale, q, k, v, 'q, k (2, 6, 5), v (2, 6, 3)')
    futur = ~torch.ones(6, 6, dtype=torch.bool).tril()
    C.expect(bool((poids[:, futur] == 0).all()), "Les poids d'attention ne sont pas exactement nuls aux positions masquées (j > i).", hint='mettez −∞ dans les scores masqués avant le softmax (masked_fill) : exp(−∞) = 0 exactement.')
    C.expect_close(poids.sum(dim=2), torch.ones(2, 6, dtype=torch.float64), name='somme des poids sur les clés', hint='le softmax se prend sur j (dernière dimension), après le masquage.')
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    C.expect_close(poids, attendu_poids, name='poids (q, k (2, 6, 5), v (2, 6, 3))')
    C.expect_close(sortie, attendu_sortie, name='sortie (q, k (2, 6, 5), v (2, 6, 3))')

@test_case(points=None, hidden=True)
def test_attention_sans_fuite(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def appeler_attention(attention_causale, q, k, v, quoi):
        """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
        resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        B, n = (q.shape[0], q.shape[1])
        C.expect_shape(poids, (B, n, n), name=f'poids ({quoi})', hint='poids[b, i, j] : requête i, clé j ; forme (B, n, n).')
        C.expect_shape(sortie, (B, n, v.shape[2]), name=f'sortie ({quoi})', hint='sortie = poids @ v, de forme (B, n, d_v).')
        return (sortie, poids)
    g = torch.Generator().manual_seed(2)
    B, n, d_k, d_v = (2, 7, 4, 3)
    q = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
    k = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
    v = torch.randn(B, n, d_v, generator=g, dtype=torch.float64)
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    for i in (0, 2, 5):
        q2, k2, v2 = (q.clone(), k.clone(), v.clone())
        for t in (q2, k2, v2):
            t[:, i + 1:] = 10 * torch.randn(t[:, i + 1:].shape, generator=g, dtype=torch.float64)
        quoi = f'positions > {i} modifiées'
        sortie, poids = appeler_attention(attention_causale, q2, k2, v2, quoi)
        C.expect_close(sortie[:, :i + 1], attendu_sortie[:, :i + 1], name=f'sortie aux positions ≤ {i} ({quoi})', hint='fuite du futur : la sortie en position i ne doit dépendre que des clés et valeurs j ≤ i (masque causal, −∞ avant le softmax).')
        C.expect_close(poids[:, :i + 1], attendu_poids[:, :i + 1], name=f'poids des requêtes ≤ {i} ({quoi})')

@test_case(points=None, hidden=True)
def test_attention_echelle(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def appeler_attention(attention_causale, q, k, v, quoi):
        """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
        resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        B, n = (q.shape[0], q.shape[1])
        C.expect_shape(poids, (B, n, n), name=f'poids ({quoi})', hint='poids[b, i, j] : requête i, clé j ; forme (B, n, n).')
        C.expect_shape(sortie, (B, n, v.shape[2]), name=f'sortie ({quoi})', hint='sortie = poids @ v, de forme (B, n, d_v).')
        return (sortie, poids)
    g = torch.Generator().manual_seed(3)
    for B, n, d_k, d_v in ((2, 5, 64, 3), (1, 4, 9, 16)):
        q = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        k = torch.randn(B, n, d_k, generator=g, dtype=torch.float64)
        v = torch.randn(B, n, d_v, generator=g, dtype=torch.float64)
        quoi = f'd_k = {d_k}, d_v = {d_v}, n = {n}'
        _, poids = appeler_attention(attention_causale, q, k, v, quoi)
        _, attendu_poids = attention_oracle(q, k, v)
        C.expect_close(poids, attendu_poids, name=f'poids ({quoi})', hint='divisez les scores q_i·k_j par √d_k, d_k = q.shape[-1] (la dimension des requêtes et des clés, pas celle de v ni n).')

@test_case(points=None, hidden=True)
def test_attention_type_et_arguments(attention_causale):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def appeler_attention(attention_causale, q, k, v, quoi):
        """attention_causale(q, k, v) : le couple (sortie, poids), formes vérifiées."""
        resultat = C.call(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
        sortie = C.as_tensor(resultat[0], f'sortie ({quoi})')
        poids = C.as_tensor(resultat[1], f'poids ({quoi})')
        B, n = (q.shape[0], q.shape[1])
        C.expect_shape(poids, (B, n, n), name=f'poids ({quoi})', hint='poids[b, i, j] : requête i, clé j ; forme (B, n, n).')
        C.expect_shape(sortie, (B, n, v.shape[2]), name=f'sortie ({quoi})', hint='sortie = poids @ v, de forme (B, n, d_v).')
        return (sortie, poids)
    g = torch.Generator().manual_seed(4)
    q = torch.randn(2, 5, 3, generator=g, dtype=torch.float64)
    k = torch.randn(2, 5, 3, generator=g, dtype=torch.float64)
    v = torch.randn(2, 5, 4, generator=g, dtype=torch.float64)
    attendu_sortie, attendu_poids = attention_oracle(q, k, v)
    resultat = C.expect_unchanged(attention_causale, q.clone(), k.clone(), v.clone(), name='attention_causale', hint='masked_fill (sans _) et les opérations hors place laissent q, k et v intacts.')
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`attention_causale` doit renvoyer un couple (sortie, poids).')
    C.expect_close(resultat[1], attendu_poids, name='poids (q, k (2, 5, 3), v (2, 5, 4))')
    C.expect_close(resultat[0], attendu_sortie, name='sortie (q, k (2, 5, 3), v (2, 5, 4))')
    for dtype in (torch.float32, torch.float64):
        nom = str(dtype)[6:]
        sortie, poids = appeler_attention(attention_causale, q.to(dtype), k.to(dtype), v.to(dtype), f'entrées en {nom}')
        for valeur, quoi in ((sortie, 'sortie'), (poids, 'poids')):
            C.expect(valeur.dtype == dtype, f'`attention_causale` renvoie {quoi} en {str(valeur.dtype)[6:]} pour des entrées en {nom}.', hint="n'imposez pas de type : les opérations sur q, k, v le conservent.")
        C.expect_close(poids, attendu_poids.to(dtype), name=f'poids (entrées en {nom})')
        C.expect_close(sortie, attendu_sortie.to(dtype), name=f'sortie (entrées en {nom})')

