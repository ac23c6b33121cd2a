from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_lineaire_petit_exemple(noyau_elu, attention_lineaire):
    import math
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
        """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle_lineaire(Q, K, V):
        """La formule du noyau, membre de gauche : la matrice n × n des φ(q_i)ᵀφ(k_j) (float64)."""
        a = (F.elu(Q.double()) + 1) @ (F.elu(K.double()) + 1).transpose(-2, -1)
        return a @ V.double() / a.sum(dim=-1, keepdim=True)
    x = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64)
    C.expect_close(C.call(noyau_elu, x.clone(), name='noyau_elu'), torch.tensor([math.exp(-1.0), 1.0, 3.0], dtype=torch.float64), name='noyau_elu([−1, 0, 2])', reveal=True, hint='ELU(x) = x pour x > 0, eˣ − 1 sinon ; φ = ELU + 1.')
    Q, K, V = tenseurs((), 3, 2, 2, 7)
    recu = C.call(attention_lineaire, Q.clone(), K.clone(), V.clone(), name='attention_lineaire')
    C.expect_shape(recu, (3, 2), name='attention_lineaire(Q, K, V) pour Q, K, V (3, 2)')
    C.expect_close(recu, oracle_lineaire(Q, K, V), name='attention_lineaire sur un exemple 3 × 2', reveal=True, hint='φ(q_i)ᵀ S / φ(q_i)ᵀ z, S = φ(K)ᵀ V, z = Σ_j φ(k_j) : sans 1/√d_k et avec le dénominateur.')

@test_case(points=None, hidden=True)
def test_noyau_valeurs_et_type(noyau_elu):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    x = torch.linspace(-30, 30, 240, dtype=torch.float64).reshape(2, 3, 2, 20)
    recu = C.call(noyau_elu, x.clone(), name='noyau_elu')
    C.expect_shape(recu, (2, 3, 2, 20), name='noyau_elu(x) pour x de forme (2, 3, 2, 20)')
    C.expect_close(recu, F.elu(x) + 1, name='noyau_elu(x) pour x ∈ [−30, 30]', rtol=1e-10, atol=1e-12, hint='φ(x) = x + 1 pour x > 0 et eˣ pour x ≤ 0 (α = 1).')
    for dtype in (torch.float32, torch.float64):
        recu = C.call(noyau_elu, torch.linspace(-3, 3, 7, dtype=dtype), name='noyau_elu')
        C.expect(isinstance(recu, torch.Tensor) and recu.dtype == dtype, f'`noyau_elu` ne conserve pas le type de x ({str(dtype)[6:]}).', hint='F.elu(x) + 1 conserve le type de x.')

@test_case(points=None, hidden=True)
def test_lineaire_contre_noyau(attention_lineaire):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
        """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def oracle_lineaire(Q, K, V):
        """La formule du noyau, membre de gauche : la matrice n × n des φ(q_i)ᵀφ(k_j) (float64)."""
        a = (F.elu(Q.double()) + 1) @ (F.elu(K.double()) + 1).transpose(-2, -1)
        return a @ V.double() / a.sum(dim=-1, keepdim=True)

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
    cas = [((), 6, 3, 5, 11, 1.0, ()), ((2,), 7, 4, 2, 12, 1.0, ()), ((2, 3), 5, 6, 3, 13, 1.0, ()), ((), 1, 2, 3, 14, 1.0, ()), ((3,), 9, 2, 2, 15, 3.0, ())]
    contre_oracle(attention_lineaire, 'attention_lineaire', cas, oracle_lineaire, 'LinAttn_i = φ(q_i)ᵀ S / φ(q_i)ᵀ z avec S = φ(K)ᵀ V (somme sur les n positions, axe -2) et z = Σ_j φ(k_j) ; pas de 1/√d_k, pas de softmax.')

@test_case(points=None, hidden=True)
def test_lineaire_cout_lineaire(attention_lineaire):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def tenseurs(tete, n, d_k, d_v, graine, echelle=1.0):
        """Q, K, V en float64, de formes (*tete, n, d_k), (*tete, n, d_k), (*tete, n, d_v)."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        K = echelle * torch.randn(*tete, n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(*tete, n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

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

    def oracle_lineaire(Q, K, V):
        """La formule du noyau, membre de gauche : la matrice n × n des φ(q_i)ᵀφ(k_j) (float64)."""
        a = (F.elu(Q.double()) + 1) @ (F.elu(K.double()) + 1).transpose(-2, -1)
        return a @ V.double() / a.sum(dim=-1, keepdim=True)

    def cout_lineaire_en_n(fonction, nom, attendu, extra, seuil_memoire, indice):
        """Pour n = 512 puis 2048 (d_k = d_v = 4) : la valeur juste, aucun tenseur de plus de
    seuil_memoire(n) éléments à n = 2048, et un travail multiplié par au plus 8."""
        mesures = []
        for n in (512, 2048):
            Q, K, V = tenseurs((), n, 4, 4, 70 + n, 1.0)
            sortie, plus_grand, travail = mesurer(fonction, nom, Q.clone(), K.clone(), V.clone(), *extra)
            C.expect_close(sortie, attendu(Q, K, V, *extra), name=f'{nom} pour n = {n}')
            mesures.append((plus_grand, travail))
        (_, travail_petit), (plus_grand, travail_grand) = mesures
        C.expect(plus_grand <= seuil_memoire(2048), f"`{nom}` crée pour n = 2048 un tenseur de {plus_grand} éléments, plus que le seuil de l'énoncé ({seuil_memoire(2048)}) : une matrice de taille n × n (ou comparable) est formée.", hint=indice)
        C.expect(travail_grand <= 8 * max(travail_petit, 1), f'Le travail de `{nom}` est multiplié par {travail_grand / max(travail_petit, 1):.1f} quand n passe de 512 à 2048 (4 pour un coût linéaire en n, 16 pour un coût quadratique).', hint=indice)
    cout_lineaire_en_n(attention_lineaire, 'attention_lineaire', oracle_lineaire, (), lambda n: n * n // 16, "formez d'abord l'état S = φ(K)ᵀ V (d_k × d_v) et z = Σ_j φ(k_j), puis multipliez φ(Q) par S et z : jamais φ(Q) φ(K)ᵀ.")

@test_case(points=None, hidden=True)
def test_lineaire_type_et_arguments(attention_lineaire):
    import torch
    import torch.nn.functional as F
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

    def oracle_lineaire(Q, K, V):
        """La formule du noyau, membre de gauche : la matrice n × n des φ(q_i)ᵀφ(k_j) (float64)."""
        a = (F.elu(Q.double()) + 1) @ (F.elu(K.double()) + 1).transpose(-2, -1)
        return a @ V.double() / a.sum(dim=-1, keepdim=True)
    type_et_arguments(attention_lineaire, 'attention_lineaire', (), oracle_lineaire)

