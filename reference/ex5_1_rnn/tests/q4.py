from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_generer_etat_propage(generer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def generer_avec_compteur(generer, debut, n, temperature):
        """`generer` run where it lives on a grader's model that counts the characters read so far
    in its state and predicts, almost surely, (last index + count) mod V: without the state
    carried, the count restarts at every character. Returns the text and the oracle's."""
        compteur = C.code("def compteur(V):\n\n    class Compteur(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(40.0))\n\n        def forward(self, x, h0=None):\n            assert x.dtype == torch.long and x.dim() == 2, 'le modèle attend un tenseur long de forme (T, 1)'\n            compte = torch.zeros(x.shape[1]) if h0 is None else h0.reshape(-1).clone()\n            logits = []\n            for t in range(x.shape[0]):\n                compte = compte + 1\n                cible = (x[t] + compte.long()) % V\n                logits.append(self.echelle * F.one_hot(cible, V).float())\n            return (torch.stack(logits), compte.reshape(1, -1, 1))\n    return Compteur()")
        lancer = C.code('def lancer(generer, modele, debut, n, caracteres, temperature, graine):\n    return generer(modele, debut, n, caracteres, temperature, torch.Generator().manual_seed(graine))')
        caracteres = sorted(' abcdeé')
        V = len(caracteres)
        texte = C.call(lancer, generer, C.build_where(generer, compteur, V), debut, n, caracteres, temperature, 3, name='generer')
        C.expect(isinstance(texte, str), '`generer` doit renvoyer une chaîne (str).')
        C.expect(len(texte) == len(debut) + n and texte.startswith(debut), f'`generer(modele, {debut!r}, {n}, ...)` doit renvoyer debut suivi de {n} caractères.')
        compte, cible = (0, 0)
        for c in debut:
            compte += 1
            cible = (caracteres.index(c) + compte) % V
        attendu = debut
        for _ in range(n):
            attendu += caracteres[cible]
            compte += 1
            cible = (cible + compte) % V
        return (texte, attendu)
    texte, attendu = generer_avec_compteur(generer, 'bac', 6, 1.0)
    C.expect_equal(texte, attendu, name="generer(modele, 'bac', 6, ...) avec un modèle presque déterministe", reveal=True, hint="propagez l'état caché h renvoyé par le modèle d'un appel au suivant, et tirez selon les logits du dernier pas.")

@test_case(points=None, hidden=True)
def test_generer_etat_propage_long(generer):
    import torch
    from torch import nn
    import torch.nn.functional as F
    from autograder import checks as C

    def generer_avec_compteur(generer, debut, n, temperature):
        """`generer` run where it lives on a grader's model that counts the characters read so far
    in its state and predicts, almost surely, (last index + count) mod V: without the state
    carried, the count restarts at every character. Returns the text and the oracle's."""
        compteur = C.code("def compteur(V):\n\n    class Compteur(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(40.0))\n\n        def forward(self, x, h0=None):\n            assert x.dtype == torch.long and x.dim() == 2, 'le modèle attend un tenseur long de forme (T, 1)'\n            compte = torch.zeros(x.shape[1]) if h0 is None else h0.reshape(-1).clone()\n            logits = []\n            for t in range(x.shape[0]):\n                compte = compte + 1\n                cible = (x[t] + compte.long()) % V\n                logits.append(self.echelle * F.one_hot(cible, V).float())\n            return (torch.stack(logits), compte.reshape(1, -1, 1))\n    return Compteur()")
        lancer = C.code('def lancer(generer, modele, debut, n, caracteres, temperature, graine):\n    return generer(modele, debut, n, caracteres, temperature, torch.Generator().manual_seed(graine))')
        caracteres = sorted(' abcdeé')
        V = len(caracteres)
        texte = C.call(lancer, generer, C.build_where(generer, compteur, V), debut, n, caracteres, temperature, 3, name='generer')
        C.expect(isinstance(texte, str), '`generer` doit renvoyer une chaîne (str).')
        C.expect(len(texte) == len(debut) + n and texte.startswith(debut), f'`generer(modele, {debut!r}, {n}, ...)` doit renvoyer debut suivi de {n} caractères.')
        compte, cible = (0, 0)
        for c in debut:
            compte += 1
            cible = (caracteres.index(c) + compte) % V
        attendu = debut
        for _ in range(n):
            attendu += caracteres[cible]
            compte += 1
            cible = (cible + compte) % V
        return (texte, attendu)
    texte, attendu = generer_avec_compteur(generer, 'éa d', 15, 0.8)
    C.expect(texte == attendu, 'Avec un modèle presque déterministe qui dépend de tout le passé, `generer` ne produit pas le texte attendu.', hint="lisez tout `debut`, tirez selon les logits du dernier pas, puis donnez chaque caractère tiré au modèle avec l'état caché h qu'il a renvoyé (l'état n'est pas remis à zéro).")

@test_case(points=None, hidden=True)
def test_generer_generateur_et_temperature(generer):
    import torch
    from torch import nn
    from autograder import checks as C
    constant = C.code('def constant(logits_fixes):\n\n    class Constant(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.logits = nn.Parameter(logits_fixes.clone())\n\n        def forward(self, x, h0=None):\n            T, N = x.shape\n            etat = torch.zeros(1, N, 1) if h0 is None else h0\n            return (self.logits.detach().expand(T, N, -1).clone(), etat)\n    return Constant()')
    derniers = C.code("def derniers(generer, modele, caracteres, temperature, repetitions):\n    g = torch.Generator().manual_seed(123)\n    return [generer(modele, 'a', 1, caracteres, temperature, g) for _ in range(repetitions)]")
    caracteres = ['a', 'b', 'c', 'd']
    p = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    modele = C.build_where(generer, constant, p.log().float())
    texte = C.expect_generator_obeyed(generer, modele, 'ab', 12, caracteres, 1.0, name='generer', keyword='generateur')
    C.expect(isinstance(texte, str) and len(texte) == 14, "`generer(modele, 'ab', 12, ...)` doit renvoyer une chaîne de 14 caractères.")
    for tau in (0.5, 2.0):
        textes = C.call(derniers, generer, modele, caracteres, tau, 1500, name='generer')
        C.expect(all((isinstance(t, str) and len(t) == 2 and (t[-1] in caracteres) for t in textes)), "`generer(modele, 'a', 1, ...)` doit renvoyer 'a' suivi d'un caractère du vocabulaire.")
        indices = torch.tensor([caracteres.index(t[-1]) for t in textes])
        C.expect_frequencies(indices, torch.softmax(p.log() / tau, dim=0), name=f'caractères générés à la température {tau}', hint='tirez selon softmax(logits / temperature) : passez la température reçue à echantillonner.')

