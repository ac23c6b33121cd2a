from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=None, hidden=False)
def test_blocs_petit_exemple(attention_par_blocs):
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
    Q, K, V = tenseurs((), 10, 3, 2, 41)
    recu = C.call(attention_par_blocs, Q.clone(), K.clone(), V.clone(), 4, name='attention_par_blocs')
    C.expect_shape(recu, (10, 2), name='attention_par_blocs(Q, K, V, 4) pour n = 10')
    C.expect_close(recu, oracle(Q, K, V), name='attention_par_blocs(Q, K, V, 4) pour n = 10', reveal=True, hint="le résultat est exactement softmax(Q Kᵀ / √d_k) V ; n'oubliez pas le dernier bloc, plus court (10 = 4 + 4 + 2).")

@test_case(points=None, hidden=True)
def test_blocs_toutes_tailles(attention_par_blocs):
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
    cas = [((), 10, 3, 5, 50 + b, 1.0, (b,)) for b in (1, 2, 3, 4, 7, 10, 13)]
    cas += [((2,), 11, 4, 2, 61, 1.0, (3,)), ((2, 3), 9, 2, 3, 62, 1.0, (4,)), ((), 1, 2, 3, 63, 1.0, (2,))]
    contre_oracle(attention_par_blocs, 'attention_par_blocs', cas, lambda Q, K, V, b: oracle(Q, K, V), "parcourez tous les blocs, le dernier compris quand b ne divise pas n ; à chaque bloc de clés, corrigez ℓ et o par exp(m − m') avant d'ajouter le nouveau bloc.")

@test_case(points=None, hidden=True)
def test_blocs_stable(attention_par_blocs):
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
    cas = [((), 12, 4, 3, 71, 30.0, (5,)), ((2, 2), 9, 2, 3, 72, 30.0, (2,))]
    contre_oracle(attention_par_blocs, 'attention_par_blocs', cas, lambda Q, K, V, b: oracle(Q, K, V), "soustrayez le maximum courant m (et non un autre décalage) avant l'exponentielle : exp(s − m') ≤ 1, exp(m − m') ≤ 1.")

@test_case(points=None, hidden=True)
def test_blocs_memoire(attention_par_blocs):
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

    def mesurer(fonction, nom, Q, K, V, *extra):
        """fonction(Q, K, V, *extra) exécutée là où elle vit, sous un mode de dispatch qui relève
    le plus grand tenseur créé (nombre d'éléments, vues exclues) et le travail
    (multiplications-additions des produits matriciels, éléments écrits par les autres
    opérations ; une vue ne coûte rien)."""
        sonde = C.code("def sonde(fonction, Q, K, V, extra):\n    from torch.utils._python_dispatch import TorchDispatchMode\n    from torch.utils._pytree import tree_flatten\n\n    class Compteur(TorchDispatchMode):\n\n        def __init__(self):\n            super().__init__()\n            self.plus_grand, self.travail = (0, 0)\n\n        def __torch_dispatch__(self, func, types, args=(), kwargs=None):\n            out = func(*args, **kwargs or {})\n            alias = [r.alias_info for r in func._schema.returns]\n            if any((a is not None and (not a.is_write) for a in alias)):\n                return out\n            sorties = [t for t in tree_flatten(out)[0] if isinstance(t, torch.Tensor)]\n            if func.overloadpacket.__name__ in ('mm', 'bmm', 'addmm', 'baddbmm'):\n                a, b = [t for t in tree_flatten((args, kwargs))[0] if isinstance(t, torch.Tensor) and t.dim() >= 2][-2:]\n                self.travail += a.numel() * b.shape[-1]\n            else:\n                self.travail += sum((t.numel() for t in sorties))\n            if all((a is None for a in alias)):\n                self.plus_grand = max([self.plus_grand] + [t.numel() for t in sorties])\n            return out\n    with Compteur() as compteur:\n        sortie = fonction(Q, K, V, *extra)\n    return (sortie, compteur.plus_grand, compteur.travail)")
        resultat = C.call(sonde, C.require(fonction, nom), Q, K, V, tuple(extra), name=nom)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 3, f"`{nom}` n'a pas pu être mesuré.")
        sortie, plus_grand, travail = resultat
        return (C.as_tensor(sortie, nom), int(plus_grand), int(travail))
    n, b = (512, 16)
    Q, K, V = tenseurs((), n, 1, 1, 81, 1.0)
    sortie, plus_grand, _ = mesurer(attention_par_blocs, 'attention_par_blocs', Q.clone(), K.clone(), V.clone(), b)
    C.expect_close(sortie, oracle(Q, K, V), name=f'attention_par_blocs pour n = {n}, b = {b}')
    seuil = 4 * (n + b * b)
    C.expect(plus_grand <= seuil, f"`attention_par_blocs` crée, pour n = {n} et b = {b}, un tenseur de {plus_grand} éléments, plus que le seuil de l'énoncé ({seuil}) : des scores sont formés au-delà d'un bloc b × b.", hint='un bloc de requêtes contre un bloc de clés à la fois ; ne formez ni Q Kᵀ, ni Q_I Kᵀ (b × n), ni Q K_Jᵀ (n × b).')

@test_case(points=None, hidden=True)
def test_blocs_type_et_arguments(attention_par_blocs):
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
    type_et_arguments(attention_par_blocs, 'attention_par_blocs', (3,), lambda Q, K, V, b: oracle(Q, K, V))

