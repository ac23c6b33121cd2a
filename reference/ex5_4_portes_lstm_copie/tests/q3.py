from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_precision_exemple(precision_copie):
    import torch
    from autograder import checks as C

    def usine_devin():
        """A grader's model for the copy task with a known accuracy: it reads the answer in x and
    predicts it right or wrong according to `regle`; logits of shape (n, L, K + 2)."""
        return C.code('\ndef fabrique(K, regle):\n    class Devin(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(5.0))\n\n        def forward(self, x):\n            n, L = x.shape\n            cible = torch.zeros_like(x)\n            cible[:, L - 8:] = x[:, :8]\n            rappel = torch.zeros(n, L, dtype=torch.bool)\n            rappel[:, L - 8:] = True\n            position = torch.arange(L).expand(n, L)\n            if regle == "rappel":  # right on every recall position only\n                juste = rappel\n            elif regle == "pairs":  # right on the blanks, and on the even symbols\n                juste = ~rappel | (cible % 2 == 0)\n            else:  # right on the blanks and on the first 3 recall positions\n                juste = ~rappel | (position < L - 5)\n            faux = torch.where(rappel, cible % K + 1, torch.full_like(x, K + 1))\n            prediction = torch.where(juste, cible, faux)\n            return self.echelle * F.one_hot(prediction, K + 2).float()\n    return Devin()\n')

    def donnees_copie(n, T, K, graine):
        """The grader's own copy-task data (its oracle of the conventions)."""
        g = torch.Generator().manual_seed(graine)
        symboles = torch.randint(1, K + 1, (n, 8), generator=g)
        x = torch.zeros(n, T + 16, dtype=torch.long)
        x[:, :8] = symboles
        x[:, T + 7] = K + 1
        y = torch.zeros_like(x)
        y[:, T + 8:] = symboles
        return (x, y)
    fabrique = usine_devin()
    x, y = donnees_copie(20, 4, 3, 0)
    devin = C.build_where(precision_copie, fabrique, 3, 'rappel')
    p = C.call(precision_copie, devin, x.clone(), y.clone(), name='precision_copie')
    C.expect_scalar_close(p, 1.0, name='precision_copie pour un modèle juste sur toutes les positions de rappel et faux partout ailleurs', reveal=True, hint='ne comptez que les 8 dernières positions de chaque séquence.')

@test_case(points=None, hidden=True)
def test_precision_modeles_connus(precision_copie):
    import torch
    from autograder import checks as C

    def usine_devin():
        """A grader's model for the copy task with a known accuracy: it reads the answer in x and
    predicts it right or wrong according to `regle`; logits of shape (n, L, K + 2)."""
        return C.code('\ndef fabrique(K, regle):\n    class Devin(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(5.0))\n\n        def forward(self, x):\n            n, L = x.shape\n            cible = torch.zeros_like(x)\n            cible[:, L - 8:] = x[:, :8]\n            rappel = torch.zeros(n, L, dtype=torch.bool)\n            rappel[:, L - 8:] = True\n            position = torch.arange(L).expand(n, L)\n            if regle == "rappel":  # right on every recall position only\n                juste = rappel\n            elif regle == "pairs":  # right on the blanks, and on the even symbols\n                juste = ~rappel | (cible % 2 == 0)\n            else:  # right on the blanks and on the first 3 recall positions\n                juste = ~rappel | (position < L - 5)\n            faux = torch.where(rappel, cible % K + 1, torch.full_like(x, K + 1))\n            prediction = torch.where(juste, cible, faux)\n            return self.echelle * F.one_hot(prediction, K + 2).float()\n    return Devin()\n')

    def precision_oracle(logits, y):
        """Accuracy on the 8 recall positions, from logits (n, L, K + 2)."""
        return float((logits.argmax(dim=-1)[:, -8:] == y[:, -8:]).double().mean())

    def donnees_copie(n, T, K, graine):
        """The grader's own copy-task data (its oracle of the conventions)."""
        g = torch.Generator().manual_seed(graine)
        symboles = torch.randint(1, K + 1, (n, 8), generator=g)
        x = torch.zeros(n, T + 16, dtype=torch.long)
        x[:, :8] = symboles
        x[:, T + 7] = K + 1
        y = torch.zeros_like(x)
        y[:, T + 8:] = symboles
        return (x, y)
    fabrique = usine_devin()
    for regle, (n, T, K, graine) in (('rappel', (50, 9, 4, 1)), ('pairs', (200, 3, 5, 2)), ('premiers', (30, 20, 3, 3)), ('pairs', (1, 1, 6, 4))):
        x, y = donnees_copie(n, T, K, graine)
        devin = C.build_where(precision_copie, fabrique, K, regle)
        attendu = precision_oracle(fabrique(K, regle)(x), y)
        p = C.call(precision_copie, devin, x.clone(), y.clone(), name='precision_copie')
        C.expect_scalar_close(p, attendu, name="precision_copie d'un modèle du correcteur de précision connue", rtol=1e-06, atol=1e-09, hint='prédiction = argmax des logits sur la dernière dimension (les K + 2 classes) ; proportion de justes sur les 8 dernières positions de chaque séquence, sur les n séquences, sans compter les blancs.')

@test_case(points=None, hidden=True)
def test_precision_flottant_python(precision_copie):
    import torch
    from autograder import checks as C

    def usine_devin():
        """A grader's model for the copy task with a known accuracy: it reads the answer in x and
    predicts it right or wrong according to `regle`; logits of shape (n, L, K + 2)."""
        return C.code('\ndef fabrique(K, regle):\n    class Devin(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.echelle = nn.Parameter(torch.tensor(5.0))\n\n        def forward(self, x):\n            n, L = x.shape\n            cible = torch.zeros_like(x)\n            cible[:, L - 8:] = x[:, :8]\n            rappel = torch.zeros(n, L, dtype=torch.bool)\n            rappel[:, L - 8:] = True\n            position = torch.arange(L).expand(n, L)\n            if regle == "rappel":  # right on every recall position only\n                juste = rappel\n            elif regle == "pairs":  # right on the blanks, and on the even symbols\n                juste = ~rappel | (cible % 2 == 0)\n            else:  # right on the blanks and on the first 3 recall positions\n                juste = ~rappel | (position < L - 5)\n            faux = torch.where(rappel, cible % K + 1, torch.full_like(x, K + 1))\n            prediction = torch.where(juste, cible, faux)\n            return self.echelle * F.one_hot(prediction, K + 2).float()\n    return Devin()\n')

    def donnees_copie(n, T, K, graine):
        """The grader's own copy-task data (its oracle of the conventions)."""
        g = torch.Generator().manual_seed(graine)
        symboles = torch.randint(1, K + 1, (n, 8), generator=g)
        x = torch.zeros(n, T + 16, dtype=torch.long)
        x[:, :8] = symboles
        x[:, T + 7] = K + 1
        y = torch.zeros_like(x)
        y[:, T + 8:] = symboles
        return (x, y)
    fabrique = usine_devin()
    x, y = donnees_copie(12, 5, 4, 5)
    sonde = C.code('def sonde(precision_copie, devin, x, y):\n    return type(precision_copie(devin, x, y)).__name__')
    devin = C.build_where(precision_copie, fabrique, 4, 'premiers')
    genre = C.call(sonde, precision_copie, devin, x, y, name='precision_copie')
    C.expect(genre == 'float', f'`precision_copie` doit renvoyer un flottant Python, reçu un objet {genre}.', hint='convertissez avec float(...) ou .item().')

