from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_attention_exemple(attention):
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
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def appeler_attention(attention, Q, K, V, quoi):
        """attention(Q, K, V) sur des copies, sa forme (n, d_v) vérifiée."""
        recu = C.as_tensor(C.call(attention, Q.clone(), K.clone(), V.clone(), name='attention'), quoi)
        C.expect_shape(recu, (Q.shape[0], V.shape[1]), name=quoi, hint='la sortie a une ligne par requête et d_v colonnes : P @ V avec P de forme (n, n).')
        return recu
    V = torch.arange(12, dtype=torch.float64).reshape(4, 3)
    K = torch.randn(4, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    recu = appeler_attention(attention, torch.zeros(4, 2, dtype=torch.float64), K, V, 'attention(0, K, V) pour K de forme (4, 2), V de forme (4, 3)')
    C.expect_close(recu, V.mean(dim=0).expand(4, 3), name='attention(0, K, V)', reveal=True, hint='des scores tous nuls donnent des poids uniformes (1/n) : chaque ligne de la sortie est la moyenne des lignes de V.')
    Q, K, V = tenseurs(3, 2, 4, 1)
    recu = appeler_attention(attention, Q, K, V, 'attention pour Q, K (3, 2), V (3, 4)')
    C.expect_close(recu, oracle(Q, K, V), name='attention sur un exemple 3 × 2', reveal=True, hint='softmax(Q Kᵀ / √d_k) V : softmax sur chaque ligne (les clés), d_k = Q.shape[-1].')

@test_case(points=None, hidden=True)
def test_attention_contre_oracle(attention):
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
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def appeler_attention(attention, Q, K, V, quoi):
        """attention(Q, K, V) sur des copies, sa forme (n, d_v) vérifiée."""
        recu = C.as_tensor(C.call(attention, Q.clone(), K.clone(), V.clone(), name='attention'), quoi)
        C.expect_shape(recu, (Q.shape[0], V.shape[1]), name=quoi, hint='la sortie a une ligne par requête et d_v colonnes : P @ V avec P de forme (n, n).')
        return recu
    cas = [(6, 3, 5, 1.0), (7, 4, 2, 1.0), (1, 2, 3, 1.0), (5, 5, 5, 1.0), (4, 8, 1, 1.0), (6, 3, 4, 4.0)]
    for graine, (n, d_k, d_v, echelle) in enumerate(cas):
        Q, K, V = tenseurs(n, d_k, d_v, 10 + graine, echelle)
        quoi = f'attention pour Q, K de forme {(n, d_k)}, V de forme {(n, d_v)}'
        C.expect_close(appeler_attention(attention, Q, K, V, quoi), oracle(Q, K, V), name=quoi, hint='softmax(Q Kᵀ / √d_k) V : le softmax porte sur le dernier axe des scores (les clés), Kᵀ est la transposée de K.')
    C.expect_not_using(attention, {'scaled_dot_product_attention', 'MultiheadAttention', 'multi_head_attention_forward'}, name='attention', hint='écrivez le calcul vous-même : deux produits matriciels et un softmax.')

@test_case(points=None, hidden=True)
def test_attention_poids_somment_a_un(attention):
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
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def appeler_attention(attention, Q, K, V, quoi):
        """attention(Q, K, V) sur des copies, sa forme (n, d_v) vérifiée."""
        recu = C.as_tensor(C.call(attention, Q.clone(), K.clone(), V.clone(), name='attention'), quoi)
        C.expect_shape(recu, (Q.shape[0], V.shape[1]), name=quoi, hint='la sortie a une ligne par requête et d_v colonnes : P @ V avec P de forme (n, n).')
        return recu
    n = 6
    Q, K, _ = tenseurs(n, 4, 1, 20, 2.0)
    identite = torch.eye(n, dtype=torch.float64)
    P = appeler_attention(attention, Q, K, identite, 'attention(Q, K, I) (la matrice P)')
    C.expect(bool((P >= 0).all()), 'La matrice des poids P contient des valeurs négatives.', hint='P = softmax(…) : chaque poids est une exponentielle normalisée, positive.')
    C.expect_close(P.sum(dim=1), torch.ones(n, dtype=torch.float64), name='somme de chaque ligne de P', hint="le softmax se prend sur chaque ligne (dim=-1, l'axe des clés), pas sur les colonnes.")
    C.expect_close(P, oracle(Q, K, identite), name='la matrice des poids P', hint='P = softmax(Q Kᵀ / √d_k), ligne par ligne.')

@test_case(points=None, hidden=True)
def test_attention_echelle(attention):
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
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def appeler_attention(attention, Q, K, V, quoi):
        """attention(Q, K, V) sur des copies, sa forme (n, d_v) vérifiée."""
        recu = C.as_tensor(C.call(attention, Q.clone(), K.clone(), V.clone(), name='attention'), quoi)
        C.expect_shape(recu, (Q.shape[0], V.shape[1]), name=quoi, hint='la sortie a une ligne par requête et d_v colonnes : P @ V avec P de forme (n, n).')
        return recu
    for graine, (n, d_k, d_v) in enumerate(((5, 64, 3), (4, 9, 16))):
        Q, K, V = tenseurs(n, d_k, d_v, 30 + graine)
        quoi = f'attention avec d_k = {d_k}, d_v = {d_v}, n = {n}'
        C.expect_close(appeler_attention(attention, Q, K, V, quoi), oracle(Q, K, V), name=quoi, hint='divisez les scores par √d_k, d_k = Q.shape[-1] (la dimension des requêtes et des clés, pas celle de V ni n).')

@test_case(points=None, hidden=True)
def test_attention_type_conserve(attention):
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
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V
    Q, K, V = tenseurs(5, 3, 4, 40)
    attendu = oracle(Q, K, V)
    for dtype, tolerance in ((torch.float32, (0.0001, 1e-05)), (torch.float64, (1e-07, 1e-07))):
        nom = str(dtype)[6:]
        recu = C.call(attention, Q.to(dtype), K.to(dtype), V.to(dtype), name='attention')
        C.expect(isinstance(recu, torch.Tensor) and recu.dtype == dtype, f'`attention` ne renvoie pas un tenseur {nom} pour des entrées {nom}.', hint="n'imposez pas de type (pas de .float(), .double() ni dtype=…) : les opérations sur Q, K, V le conservent.")
        C.expect_close(recu, attendu.to(dtype), name=f'attention en {nom}', rtol=tolerance[0], atol=tolerance[1])

