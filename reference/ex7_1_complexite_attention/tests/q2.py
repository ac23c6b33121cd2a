from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_flops_exemple(flops_attention, attention):
    import math
    import torch
    from autograder import checks as C

    def oracle(Q, K, V):
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def flops_mesures(attention, Q, K, V):
        """Les FLOPs que FlopCounterMode compte pendant attention(Q, K, V), mesurés là où vit la
    fonction de l'étudiant."""
        compter = C.code('def compter(attention, Q, K, V):\n    from torch.utils.flop_counter import FlopCounterMode\n    with FlopCounterMode(display=False) as compteur:\n        attention(Q, K, V)\n    return int(compteur.get_total_flops())')
        recu = C.call(compter, C.require(attention, 'attention'), Q, K, V, name='attention')
        return int(C.as_number(recu, 'FLOPs comptés pendant `attention`'))

    def flops_entier(flops_attention, n, d_k, d_v):
        """flops_attention(n, d_k, d_v), qui doit être un int (et non un bool, un float, un
    tenseur)."""
        recu = C.call(flops_attention, n, d_k, d_v, name='flops_attention')
        C.expect(isinstance(recu, int) and (not isinstance(recu, bool)), f'`flops_attention` doit renvoyer un entier Python (int), reçu un objet de type {type(recu).__name__}.', hint='un nombre de FLOPs est un entier : évitez la division `/`, `math.pow` et les flottants (2.0) ; `int(...)` convertit si besoin.')
        return recu

    def flops_compteur(n, d_k, d_v):
        """Les FLOPs que FlopCounterMode compte pour l'attention de référence, sur des tenseurs
    « meta » (des formes sans données : rien n'est alloué, même pour n = 10⁶)."""
        from torch.utils.flop_counter import FlopCounterMode
        Q, K = (torch.empty(n, d_k, device='meta'), torch.empty(n, d_k, device='meta'))
        V = torch.empty(n, d_v, device='meta')
        with FlopCounterMode(display=False) as compteur:
            oracle(Q, K, V)
        return int(compteur.get_total_flops())
    attendu = flops_compteur(4, 3, 2)
    recu = flops_entier(flops_attention, 4, 3, 2)
    C.expect_equal(recu, attendu, name='flops_attention(4, 3, 2)', reveal=True, hint='deux produits matriciels : Q Kᵀ, (4 × 3) par (3 × 4), puis P V, (4 × 4) par (4 × 2) ; 2·m·k·p FLOPs chacun.')
    Q, K, V = tenseurs(4, 3, 2, 2)
    mesure = flops_mesures(attention, Q, K, V)
    C.expect_equal(mesure, recu, name='FLOPs que FlopCounterMode compte pour votre `attention` (n = 4, d_k = 3, d_v = 2), comparés à flops_attention(4, 3, 2)', reveal=True, hint='votre attention doit faire exactement deux produits matriciels (@, torch.matmul ou torch.einsum) : Q Kᵀ puis P V.')

@test_case(points=None, hidden=True)
def test_flops_contre_compteur(flops_attention):
    import math
    import torch
    from autograder import checks as C

    def oracle(Q, K, V):
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def flops_entier(flops_attention, n, d_k, d_v):
        """flops_attention(n, d_k, d_v), qui doit être un int (et non un bool, un float, un
    tenseur)."""
        recu = C.call(flops_attention, n, d_k, d_v, name='flops_attention')
        C.expect(isinstance(recu, int) and (not isinstance(recu, bool)), f'`flops_attention` doit renvoyer un entier Python (int), reçu un objet de type {type(recu).__name__}.', hint='un nombre de FLOPs est un entier : évitez la division `/`, `math.pow` et les flottants (2.0) ; `int(...)` convertit si besoin.')
        return recu

    def flops_compteur(n, d_k, d_v):
        """Les FLOPs que FlopCounterMode compte pour l'attention de référence, sur des tenseurs
    « meta » (des formes sans données : rien n'est alloué, même pour n = 10⁶)."""
        from torch.utils.flop_counter import FlopCounterMode
        Q, K = (torch.empty(n, d_k, device='meta'), torch.empty(n, d_k, device='meta'))
        V = torch.empty(n, d_v, device='meta')
        with FlopCounterMode(display=False) as compteur:
            oracle(Q, K, V)
        return int(compteur.get_total_flops())
    for n, d_k, d_v in ((1, 5, 3), (7, 4, 4), (16, 8, 32), (33, 64, 5), (10, 1, 1), (128, 64, 64)):
        recu = flops_entier(flops_attention, n, d_k, d_v)
        C.expect(recu == flops_compteur(n, d_k, d_v), "`flops_attention` ne donne pas le nombre de FLOPs que compte FlopCounterMode pour l'attention.", hint='comptez les deux produits matriciels, Q Kᵀ ((n × d_k) par (d_k × n)) et P V ((n × n) par (n × d_v)), à 2·m·k·p FLOPs chacun ; d_v peut différer de d_k ; le softmax et la division ne comptent pas.')

@test_case(points=None, hidden=True)
def test_flops_formule(flops_attention):
    import math
    import torch
    from autograder import checks as C

    def oracle(Q, K, V):
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def flops_entier(flops_attention, n, d_k, d_v):
        """flops_attention(n, d_k, d_v), qui doit être un int (et non un bool, un float, un
    tenseur)."""
        recu = C.call(flops_attention, n, d_k, d_v, name='flops_attention')
        C.expect(isinstance(recu, int) and (not isinstance(recu, bool)), f'`flops_attention` doit renvoyer un entier Python (int), reçu un objet de type {type(recu).__name__}.', hint='un nombre de FLOPs est un entier : évitez la division `/`, `math.pow` et les flottants (2.0) ; `int(...)` convertit si besoin.')
        return recu

    def flops_compteur(n, d_k, d_v):
        """Les FLOPs que FlopCounterMode compte pour l'attention de référence, sur des tenseurs
    « meta » (des formes sans données : rien n'est alloué, même pour n = 10⁶)."""
        from torch.utils.flop_counter import FlopCounterMode
        Q, K = (torch.empty(n, d_k, device='meta'), torch.empty(n, d_k, device='meta'))
        V = torch.empty(n, d_v, device='meta')
        with FlopCounterMode(display=False) as compteur:
            oracle(Q, K, V)
        return int(compteur.get_total_flops())
    C.expect_not_using(flops_attention, {'FlopCounterMode', 'flop_counter', 'get_total_flops'}, name='flops_attention', hint='flops_attention est une formule : FlopCounterMode sert à la vérifier, pas à la calculer.')
    for n, d_k, d_v in ((10 ** 6, 64, 64), (3 * 10 ** 5, 128, 32)):
        recu = flops_entier(flops_attention, n, d_k, d_v)
        C.expect(recu == flops_compteur(n, d_k, d_v), '`flops_attention` est fausse pour une très longue séquence.', hint="une formule en n, d_k et d_v, en entiers Python (pas de flottant, pas de calcul d'attention).")

@test_case(points=None, hidden=True)
def test_flops_de_votre_attention(flops_attention, attention):
    import math
    import torch
    from autograder import checks as C

    def oracle(Q, K, V):
        """softmax(Q Kᵀ / √d_k) V, calculé en float64 par le correcteur."""
        Q, K, V = (Q.double(), K.double(), V.double())
        return torch.softmax(Q @ K.T / math.sqrt(Q.shape[1]), dim=1) @ V

    def tenseurs(n, d_k, d_v, graine, echelle=1.0):
        """Q, K de forme (n, d_k) et V de forme (n, d_v), en float64, tirés avec une graine."""
        g = torch.Generator().manual_seed(graine)
        Q = echelle * torch.randn(n, d_k, generator=g, dtype=torch.float64)
        K = torch.randn(n, d_k, generator=g, dtype=torch.float64)
        V = torch.randn(n, d_v, generator=g, dtype=torch.float64)
        return (Q, K, V)

    def flops_mesures(attention, Q, K, V):
        """Les FLOPs que FlopCounterMode compte pendant attention(Q, K, V), mesurés là où vit la
    fonction de l'étudiant."""
        compter = C.code('def compter(attention, Q, K, V):\n    from torch.utils.flop_counter import FlopCounterMode\n    with FlopCounterMode(display=False) as compteur:\n        attention(Q, K, V)\n    return int(compteur.get_total_flops())')
        recu = C.call(compter, C.require(attention, 'attention'), Q, K, V, name='attention')
        return int(C.as_number(recu, 'FLOPs comptés pendant `attention`'))

    def flops_entier(flops_attention, n, d_k, d_v):
        """flops_attention(n, d_k, d_v), qui doit être un int (et non un bool, un float, un
    tenseur)."""
        recu = C.call(flops_attention, n, d_k, d_v, name='flops_attention')
        C.expect(isinstance(recu, int) and (not isinstance(recu, bool)), f'`flops_attention` doit renvoyer un entier Python (int), reçu un objet de type {type(recu).__name__}.', hint='un nombre de FLOPs est un entier : évitez la division `/`, `math.pow` et les flottants (2.0) ; `int(...)` convertit si besoin.')
        return recu

    def flops_compteur(n, d_k, d_v):
        """Les FLOPs que FlopCounterMode compte pour l'attention de référence, sur des tenseurs
    « meta » (des formes sans données : rien n'est alloué, même pour n = 10⁶)."""
        from torch.utils.flop_counter import FlopCounterMode
        Q, K = (torch.empty(n, d_k, device='meta'), torch.empty(n, d_k, device='meta'))
        V = torch.empty(n, d_v, device='meta')
        with FlopCounterMode(display=False) as compteur:
            oracle(Q, K, V)
        return int(compteur.get_total_flops())
    for graine, (n, d_k, d_v) in enumerate(((6, 4, 3), (2, 3, 5), (9, 2, 7))):
        Q, K, V = tenseurs(n, d_k, d_v, 50 + graine)
        attendu = flops_compteur(n, d_k, d_v)
        C.expect(flops_mesures(attention, Q, K, V) == attendu, 'FlopCounterMode ne compte pas, pour votre `attention`, les FLOPs de deux produits matriciels Q Kᵀ et P V.', hint="écrivez les deux produits avec @, torch.matmul ou torch.einsum (un produit élément par élément suivi d'une somme n'est pas compté), et rien de plus.")
        C.expect(flops_entier(flops_attention, n, d_k, d_v) == attendu, '`flops_attention(n, d_k, d_v)` diffère du nombre de FLOPs que FlopCounterMode compte pour votre `attention`.', hint='2·m·k·p FLOPs par produit matriciel (m × k) par (k × p), pour Q Kᵀ et pour P V.')

