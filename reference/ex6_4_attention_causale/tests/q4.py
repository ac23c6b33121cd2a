from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_generer_fenetre(generer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def generer_avec_fenetre(generer, debut, n, n_max, temperature, k):
        """`generer` lancé là où il vit sur un modèle du correcteur presque déterministe : il
    prédit (somme des jetons du contexte + longueur du contexte) mod V, et refuse plus de
    n_max positions. Renvoie la suite produite et celle de l'oracle."""
        fenetre = C.code("def fenetre(V, n_max):\n\n    class Fenetre(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(40.0))\n\n        def forward(self, x):\n            assert isinstance(x, torch.Tensor) and x.dtype == torch.long and (x.dim() == 2) and (x.shape[0] == 1), 'le modèle attend un tenseur torch.long de forme (1, T)'\n            assert 1 <= x.shape[1] <= n_max, f'le modèle a reçu {x.shape[1]} positions, plus que n_max = {n_max}'\n            cibles = (x[0].cumsum(0) + torch.arange(1, x.shape[1] + 1)) % V\n            return (self.echelle * F.one_hot(cibles, V).float()).unsqueeze(0)\n    return Fenetre()")
        lancer = C.code('def lancer(generer, modele, debut, n, n_max, temperature, k, graine):\n    return generer(modele, debut, n, n_max, temperature, k, torch.Generator().manual_seed(graine))')
        V = 7
        resultat = C.call(lancer, generer, C.build_where(generer, fenetre, V, n_max), debut.clone(), n, n_max, temperature, k, 3, name='generer')
        quoi = f'generer(modele, debut, {n}, {n_max}, ...)'
        resultat = C.as_tensor(resultat, quoi)
        C.expect(resultat.dtype == torch.long and resultat.dim() == 1, '`generer` doit renvoyer un tenseur 1-D torch.long.')
        C.expect(len(resultat) == len(debut) + n and torch.equal(resultat[:len(debut)], debut), f'`{quoi}` doit renvoyer debut suivi de {n} jetons.')
        suite = debut.tolist()
        for _ in range(n):
            contexte = suite[-n_max:]
            suite.append((sum(contexte) + len(contexte)) % V)
        return (resultat.tolist(), suite)
    obtenu, attendu = generer_avec_fenetre(generer, torch.tensor([1, 4, 2]), 6, 4, 1.0, 3)
    C.expect_equal(obtenu, attendu, name='generer(modele, tensor([1, 4, 2]), 6, 4, 1.0, 3, g) avec un modèle presque déterministe', reveal=True, hint='contexte = les n_max derniers jetons ; logits de la dernière position ; jeton tiré par echantillonner puis ajouté à la suite.')

@test_case(points=None, hidden=True)
def test_generer_fenetre_longue(generer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def generer_avec_fenetre(generer, debut, n, n_max, temperature, k):
        """`generer` lancé là où il vit sur un modèle du correcteur presque déterministe : il
    prédit (somme des jetons du contexte + longueur du contexte) mod V, et refuse plus de
    n_max positions. Renvoie la suite produite et celle de l'oracle."""
        fenetre = C.code("def fenetre(V, n_max):\n\n    class Fenetre(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(40.0))\n\n        def forward(self, x):\n            assert isinstance(x, torch.Tensor) and x.dtype == torch.long and (x.dim() == 2) and (x.shape[0] == 1), 'le modèle attend un tenseur torch.long de forme (1, T)'\n            assert 1 <= x.shape[1] <= n_max, f'le modèle a reçu {x.shape[1]} positions, plus que n_max = {n_max}'\n            cibles = (x[0].cumsum(0) + torch.arange(1, x.shape[1] + 1)) % V\n            return (self.echelle * F.one_hot(cibles, V).float()).unsqueeze(0)\n    return Fenetre()")
        lancer = C.code('def lancer(generer, modele, debut, n, n_max, temperature, k, graine):\n    return generer(modele, debut, n, n_max, temperature, k, torch.Generator().manual_seed(graine))')
        V = 7
        resultat = C.call(lancer, generer, C.build_where(generer, fenetre, V, n_max), debut.clone(), n, n_max, temperature, k, 3, name='generer')
        quoi = f'generer(modele, debut, {n}, {n_max}, ...)'
        resultat = C.as_tensor(resultat, quoi)
        C.expect(resultat.dtype == torch.long and resultat.dim() == 1, '`generer` doit renvoyer un tenseur 1-D torch.long.')
        C.expect(len(resultat) == len(debut) + n and torch.equal(resultat[:len(debut)], debut), f'`{quoi}` doit renvoyer debut suivi de {n} jetons.')
        suite = debut.tolist()
        for _ in range(n):
            contexte = suite[-n_max:]
            suite.append((sum(contexte) + len(contexte)) % V)
        return (resultat.tolist(), suite)
    for debut, n, n_max, tau, k in ((torch.tensor([3, 0, 6, 6, 1, 2, 5]), 15, 5, 0.8, 2), (torch.tensor([2, 5]), 8, 1, 1.5, 7)):
        obtenu, attendu = generer_avec_fenetre(generer, debut, n, n_max, tau, k)
        C.expect(obtenu == attendu, f'Avec un modèle presque déterministe qui dépend de tout son contexte, `generer` (n_max = {n_max}) ne produit pas la suite attendue.', hint='à chaque pas, donnez au modèle exactement les n_max derniers jetons (ni plus, ni moins ; les premiers jetons sortent de la fenêtre), prenez les logits de la dernière position.')

@test_case(points=None, hidden=True)
def test_generer_generateur_topk_temperature(generer):
    import torch
    from torch import nn
    from autograder import checks as C

    def loi_topk(ligne, temperature, k):
        """La loi de l'énoncé pour une ligne de logits (float64) : 0 hors des k plus grands."""
        ligne = torch.as_tensor(ligne, dtype=torch.float64)
        valeurs, indices = torch.topk(ligne, k)
        loi = torch.zeros_like(ligne)
        loi[indices] = torch.softmax(valeurs / temperature, dim=0)
        return loi

    def generateur_par_position(f):
        """f appelée avec tous ses arguments par position, le générateur reçu par le mot-clé
    `generateur` de C.expect_generator_obeyed passé en dernier : les noms des paramètres de
    l'étudiant (anglais compris) n'importent pas."""
        return C.code('lambda *a, generateur: f(*a, generateur)', f=f)
    constant = C.code('def constant(logits_fixes):\n\n    class Constant(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.logits = nn.Parameter(logits_fixes.clone())\n\n        def forward(self, x):\n            return self.logits.detach().expand(x.shape[0], x.shape[1], -1).clone()\n    return Constant()')
    suite_longue = C.code('def suite_longue(generer, modele, n, temperature, k, graine):\n    return generer(modele, torch.tensor([0]), n, 6, temperature, k, torch.Generator().manual_seed(graine))')
    l = torch.tensor([0.1, 0.25, 0.05, 0.35, 0.25 - 0.001, 0.001], dtype=torch.float64).log()
    modele = C.build_where(generer, constant, l.float())
    suite = C.as_tensor(C.expect_generator_obeyed(generateur_par_position(generer), modele, torch.tensor([1, 2]), 12, 6, 1.0, 3, name='generer', keyword='generateur'), 'generer(...)')
    C.expect_shape(suite, (14,), name='generer(modele, tensor([1, 2]), 12, ...)')
    C.expect_frequencies(suite[2:], loi_topk(l, 1.0, 3), name='jetons générés avec le générateur donné (τ = 1, k = 3)')
    for graine, (tau, k) in enumerate(((0.5, 3), (2.0, 2), (1.3, 6))):
        suite = C.as_tensor(C.call(suite_longue, generer, modele, 1500, tau, k, 90 + graine, name='generer'), 'generer(...)')
        C.expect_shape(suite, (1501,), name='generer(modele, tensor([0]), 1500, ...)')
        C.expect_frequencies(suite[1:], loi_topk(l, tau, k), name=f'jetons générés (τ = {tau}, k = {k})', hint='passez à echantillonner la température et le k reçus.')

