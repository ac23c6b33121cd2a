from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_masque_exemple(masque_causal):
    import math
    import torch
    from autograder import checks as C

    def verifier_masque(m, n, quoi):
        """Le masque m de forme (n, n), dans l'une des deux conventions de l'énoncé."""
        m = C.as_tensor(m, quoi)
        C.expect_shape(m, (n, n), name=quoi, hint='une ligne par requête i, une colonne par clé j.')
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        if m.dtype == torch.bool:
            C.expect(torch.equal(m, autorise), f"`{quoi}` (masque booléen) n'est pas le masque causal attendu.", hint='True là où la clé j est autorisée pour la requête i (j ≤ i, la diagonale comprise : une position se voit elle-même), False où j > i.')
        elif m.is_floating_point():
            C.expect(bool(((m == 0) == autorise).all() and (m[~autorise] == -math.inf).all()), f"`{quoi}` (masque additif) n'est pas le masque causal attendu.", hint="0.0 là où j ≤ i (diagonale comprise), float('-inf') où j > i (équation 7.15) ; pas un grand nombre négatif ni 1.")
        else:
            C.expect(False, f'`{quoi}` est de type {str(m.dtype)[6:]} : ni booléen (torch.bool), ni flottant (masque additif 0 / −∞).', hint="un masque 0/1 entier ou flottant est ambigu : choisissez torch.bool (True = autorisé) ou un masque additif 0 / float('-inf').")
    m = C.as_tensor(C.call(masque_causal, 3, name='masque_causal'), 'masque_causal(3)')
    if m.dtype == torch.bool:
        attendu = [[True, False, False], [True, True, False], [True, True, True]]
    elif m.is_floating_point():
        inf = float('-inf')
        attendu = [[0.0, inf, inf], [0.0, 0.0, inf], [0.0, 0.0, 0.0]]
    else:
        verifier_masque(m, 3, 'masque_causal(3)')
    C.expect_equal(m.tolist(), attendu, name='masque_causal(3)', reveal=True, hint='booléen : True où j ≤ i ; additif : 0 où j ≤ i, −∞ où j > i.')
    verifier_masque(m, 3, 'masque_causal(3)')

@test_case(points=None, hidden=True)
def test_masque_valeurs(masque_causal):
    import math
    import torch
    from autograder import checks as C

    def verifier_masque(m, n, quoi):
        """Le masque m de forme (n, n), dans l'une des deux conventions de l'énoncé."""
        m = C.as_tensor(m, quoi)
        C.expect_shape(m, (n, n), name=quoi, hint='une ligne par requête i, une colonne par clé j.')
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        if m.dtype == torch.bool:
            C.expect(torch.equal(m, autorise), f"`{quoi}` (masque booléen) n'est pas le masque causal attendu.", hint='True là où la clé j est autorisée pour la requête i (j ≤ i, la diagonale comprise : une position se voit elle-même), False où j > i.')
        elif m.is_floating_point():
            C.expect(bool(((m == 0) == autorise).all() and (m[~autorise] == -math.inf).all()), f"`{quoi}` (masque additif) n'est pas le masque causal attendu.", hint="0.0 là où j ≤ i (diagonale comprise), float('-inf') où j > i (équation 7.15) ; pas un grand nombre négatif ni 1.")
        else:
            C.expect(False, f'`{quoi}` est de type {str(m.dtype)[6:]} : ni booléen (torch.bool), ni flottant (masque additif 0 / −∞).', hint="un masque 0/1 entier ou flottant est ambigu : choisissez torch.bool (True = autorisé) ou un masque additif 0 / float('-inf').")
    for n in range(1, 9):
        verifier_masque(C.call(masque_causal, n, name='masque_causal'), n, f'masque_causal({n})')

@test_case(points=None, hidden=True)
def test_masque_appareil(masque_causal):
    import math
    import torch
    from autograder import checks as C

    def verifier_masque(m, n, quoi):
        """Le masque m de forme (n, n), dans l'une des deux conventions de l'énoncé."""
        m = C.as_tensor(m, quoi)
        C.expect_shape(m, (n, n), name=quoi, hint='une ligne par requête i, une colonne par clé j.')
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        if m.dtype == torch.bool:
            C.expect(torch.equal(m, autorise), f"`{quoi}` (masque booléen) n'est pas le masque causal attendu.", hint='True là où la clé j est autorisée pour la requête i (j ≤ i, la diagonale comprise : une position se voit elle-même), False où j > i.')
        elif m.is_floating_point():
            C.expect(bool(((m == 0) == autorise).all() and (m[~autorise] == -math.inf).all()), f"`{quoi}` (masque additif) n'est pas le masque causal attendu.", hint="0.0 là où j ≤ i (diagonale comprise), float('-inf') où j > i (équation 7.15) ; pas un grand nombre négatif ni 1.")
        else:
            C.expect(False, f'`{quoi}` est de type {str(m.dtype)[6:]} : ni booléen (torch.bool), ni flottant (masque additif 0 / −∞).', hint="un masque 0/1 entier ou flottant est ambigu : choisissez torch.bool (True = autorisé) ou un masque additif 0 / float('-inf').")
    appareils = C.code("def appareils(masque_causal):\n    resultats = []\n    for arguments in ((5,), (5, 'cpu'), (5, torch.device('cpu')), (5, 'meta'), (5, torch.device('meta'))):\n        m = masque_causal(*arguments)\n        if not isinstance(m, torch.Tensor):\n            resultats.append((type(m).__name__, None, None))\n        elif m.device.type == 'meta':\n            resultats.append(('meta', list(m.shape), None))\n        else:\n            resultats.append((m.device.type, list(m.shape), m.detach().cpu()))\n    return resultats")
    resultats = C.call(appareils, C.require(masque_causal, 'masque_causal'), name='masque_causal')
    appels = ['masque_causal(5)', 'masque_causal(5, "cpu")', 'masque_causal(5, torch.device("cpu"))', 'masque_causal(5, "meta")', 'masque_causal(5, torch.device("meta"))']
    for appel, attendu, (appareil, forme, valeur) in zip(appels, ('cpu', 'cpu', 'cpu', 'meta', 'meta'), resultats, strict=True):
        C.expect(forme is not None, f'`{appel}` ne renvoie pas un tenseur (reçu un objet de type {appareil}).')
        C.expect(appareil == attendu, f"`{appel}` renvoie un tenseur sur l'appareil « {appareil} » au lieu de « {attendu} ».", hint="créez le masque directement sur l'appareil demandé (torch.ones(…, device=device), torch.arange(n, device=device)…) ou déplacez-le avec .to(device).")
        C.expect(list(forme) == [5, 5], f"`{appel}` n'a pas la forme (5, 5).")
        if valeur is not None:
            verifier_masque(valeur, 5, appel)

@test_case(points=None, hidden=True)
def test_masque_sans_boucle(masque_causal):
    import math
    import torch
    from autograder import checks as C

    def verifier_masque(m, n, quoi):
        """Le masque m de forme (n, n), dans l'une des deux conventions de l'énoncé."""
        m = C.as_tensor(m, quoi)
        C.expect_shape(m, (n, n), name=quoi, hint='une ligne par requête i, une colonne par clé j.')
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        if m.dtype == torch.bool:
            C.expect(torch.equal(m, autorise), f"`{quoi}` (masque booléen) n'est pas le masque causal attendu.", hint='True là où la clé j est autorisée pour la requête i (j ≤ i, la diagonale comprise : une position se voit elle-même), False où j > i.')
        elif m.is_floating_point():
            C.expect(bool(((m == 0) == autorise).all() and (m[~autorise] == -math.inf).all()), f"`{quoi}` (masque additif) n'est pas le masque causal attendu.", hint="0.0 là où j ≤ i (diagonale comprise), float('-inf') où j > i (équation 7.15) ; pas un grand nombre négatif ni 1.")
        else:
            C.expect(False, f'`{quoi}` est de type {str(m.dtype)[6:]} : ni booléen (torch.bool), ni flottant (masque additif 0 / −∞).', hint="un masque 0/1 entier ou flottant est ambigu : choisissez torch.bool (True = autorisé) ou un masque additif 0 / float('-inf').")
    import ast
    arbre = ast.parse(C.source_of(masque_causal, 'masque_causal'))
    boucles = [type(noeud).__name__ for noeud in ast.walk(arbre) if isinstance(noeud, ast.For | ast.While | ast.comprehension)]
    C.expect(not boucles, '`masque_causal` contient une boucle Python (for, while ou compréhension).', hint='construisez le masque en une fois : torch.ones(n, n, dtype=torch.bool).tril(), ou torch.arange(n)[:, None] >= torch.arange(n)[None, :].')
    operations = C.code('def operations(masque_causal, n):\n    from torch.utils._python_dispatch import TorchDispatchMode\n\n    class Compteur(TorchDispatchMode):\n\n        def __init__(self):\n            super().__init__()\n            self.nombre = 0\n\n        def __torch_dispatch__(self, func, types, args=(), kwargs=None):\n            self.nombre += 1\n            return func(*args, **kwargs or {})\n    with Compteur() as compteur:\n        masque_causal(n)\n    return compteur.nombre')
    petit, grand = (int(C.as_number(C.call(operations, C.require(masque_causal, 'masque_causal'), n, name='masque_causal'), "nombre d'opérations")) for n in (8, 64))
    C.expect(grand <= petit + 4, "Le nombre d'opérations PyTorch de `masque_causal` croît avec n : le masque est construit élément par élément ou ligne par ligne.", hint='une seule opération vectorisée suffit : torch.tril sur une matrice de uns, ou la comparaison de deux torch.arange.')
    for n in (8, 64):
        verifier_masque(C.call(masque_causal, n, name='masque_causal'), n, f'masque_causal({n})')

