from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_exacte_petit_exemple(attention_exacte):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
        """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V, w=None):
        """softmax(QKᵀ/√d_k)V en float64, restreinte à |i − j| ≤ w quand w est donné."""
        Q, K, V = (Q.double(), K.double(), V.double())
        s = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
        if w is not None:
            i = torch.arange(Q.shape[-2])
            s = s.masked_fill((i[:, None] - i[None, :]).abs() > w, -math.inf)
        e = (s - s.amax(dim=-1, keepdim=True)).exp()
        return e / e.sum(dim=-1, keepdim=True) @ V
    V = torch.arange(12, dtype=torch.float64).reshape(4, 3)
    K = torch.randn(4, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    recu = C.call(attention_exacte, torch.zeros(4, 2, dtype=torch.float64), K.clone(), V.clone(), name='attention_exacte')
    C.expect_shape(recu, (4, 3), name='attention_exacte(Q, K, V) pour Q, K (4, 2), V (4, 3)')
    C.expect_close(recu, V.mean(dim=0).expand(4, 3), name='attention_exacte(0, K, V)', reveal=True, hint='des scores tous nuls donnent des poids uniformes : chaque ligne est la moyenne des lignes de V.')
    Q, K, V = tenseurs((), 3, 2, 2, 1)
    C.expect_close(C.call(attention_exacte, Q.clone(), K.clone(), V.clone(), name='attention_exacte'), oracle(Q, K, V), name='attention_exacte sur un exemple 3 × 2', reveal=True, hint='softmax(Q Kᵀ / √d_k) V, softmax sur le dernier axe (les clés).')

@test_case(points=None, hidden=True)
def test_exacte_contre_formule(attention_exacte):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
        """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle(Q, K, V, w=None):
        """softmax(QKᵀ/√d_k)V en float64, restreinte à |i − j| ≤ w quand w est donné."""
        Q, K, V = (Q.double(), K.double(), V.double())
        s = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
        if w is not None:
            i = torch.arange(Q.shape[-2])
            s = s.masked_fill((i[:, None] - i[None, :]).abs() > w, -math.inf)
        e = (s - s.amax(dim=-1, keepdim=True)).exp()
        return e / e.sum(dim=-1, keepdim=True) @ V

    def contre_oracle(fonction, nom, cas, attendu, indice):
        """fonction(Q, K, V, *extra) contre attendu(Q, K, V, *extra), en float64, pour chaque
    cas (tete, n, d_k, d_v, graine, echelle, extra) : forme, valeurs finies, valeurs."""
        for tete, n, d_k, d_v, graine, echelle, extra in cas:
            Q, K, V = tenseurs(tete, n, d_k, d_v, graine, echelle)
            quoi = f'{nom} pour Q, K de forme {(*tete, n, d_k)}, V de forme {(*tete, n, d_v)}'
            if extra:
                quoi += f" ({', '.join(map(str, extra))})"
            recu = C.as_tensor(C.call(fonction, Q.clone(), K.clone(), V.clone(), *extra, name=nom), quoi)
            C.expect_shape(recu, (*tete, n, d_v), name=quoi, hint='la sortie a la forme (..., n, d_v) : une ligne par requête, les dimensions de tête conservées (utilisez les axes -2 et -1).')
            C.expect(bool(torch.isfinite(recu).all()), f'`{nom}` renvoie des valeurs non finies (nan ou inf).', hint="retranchez le maximum des scores avant l'exponentielle (torch.softmax le fait) ; pour l'attention linéaire, vérifiez le dénominateur.")
            C.expect_close(recu, attendu(Q, K, V, *extra), name=quoi, rtol=1e-09, atol=1e-10, hint=indice)
    cas = [((), 6, 3, 5, 1, 1.0, ()), ((2,), 7, 4, 2, 2, 1.0, ()), ((2, 3), 5, 6, 3, 3, 1.0, ()), ((), 1, 2, 3, 4, 1.0, ()), ((3, 2), 4, 2, 5, 5, 30.0, ())]
    contre_oracle(attention_exacte, 'attention_exacte', cas, oracle, 'softmax(Q Kᵀ / √d_k) V : d_k est la dernière dimension de Q, le softmax porte sur le dernier axe des scores, Kᵀ transpose les deux derniers axes.')

@test_case(points=None, hidden=True)
def test_exacte_type_et_arguments(attention_exacte):
    import math
    import torch
    from autograder import checks as C

    def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
        """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def type_et_arguments(fonction, nom, extra, attendu):
        """float32 en entrée → float32 en sortie, valeurs justes ; arguments intacts ; pas
    d'attention toute faite de PyTorch."""
        Q, K, V = tenseurs((2,), 7, 3, 5, 91, 1.0)
        recu = C.call(fonction, Q.float(), K.float(), V.float(), *extra, name=nom)
        C.expect(isinstance(recu, torch.Tensor) and recu.dtype == torch.float32, f'`{nom}` ne renvoie pas un tenseur float32 pour des entrées float32.', hint="n'imposez pas de type (pas de .double(), dtype=… ni torch.tensor(…)) : créez les tenseurs auxiliaires avec le type de Q (new_zeros, zeros_like…).")
        C.expect_close(recu, attendu(Q.float(), K.float(), V.float(), *extra).float(), name=f'{nom} en float32', rtol=0.0001, atol=1e-05)
        recu = C.expect_unchanged(fonction, Q.clone(), K.clone(), V.clone(), *extra, name=nom, hint="évitez les opérations en place sur Q, K, V ou leurs tranches (q *= …, K /= …) : une tranche partage la mémoire de l'argument.")
        C.expect_close(recu, attendu(Q, K, V, *extra), name=f'{nom} (arguments intacts)')
        C.expect_not_using(fonction, {'scaled_dot_product_attention', 'MultiheadAttention', 'multi_head_attention_forward', 'flex_attention', '_scaled_dot_product_attention_math', 'numpy', 'np'}, name=nom, hint='écrivez le calcul avec des opérations PyTorch élémentaires (produits matriciels, softmax…).')

    def oracle(Q, K, V, w=None):
        """softmax(QKᵀ/√d_k)V en float64, restreinte à |i − j| ≤ w quand w est donné."""
        Q, K, V = (Q.double(), K.double(), V.double())
        s = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
        if w is not None:
            i = torch.arange(Q.shape[-2])
            s = s.masked_fill((i[:, None] - i[None, :]).abs() > w, -math.inf)
        e = (s - s.amax(dim=-1, keepdim=True)).exp()
        return e / e.sum(dim=-1, keepdim=True) @ V
    type_et_arguments(attention_exacte, 'attention_exacte', (), oracle)

