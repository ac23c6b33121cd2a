from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_etude_structure(etude_taille_lot):
    import math
    import torch
    from autograder import checks as C
    x = torch.randn(300, 3, generator=torch.Generator().manual_seed(2))
    res = C.call(etude_taille_lot, x, [4, 16], 20, 0, name='etude_taille_lot')
    C.expect(isinstance(res, dict) and sorted(res) == [4, 16], '`etude_taille_lot(x, [4, 16], 20)` doit renvoyer un dictionnaire de clés 4 et 16.')
    for taille in (4, 16):
        entree = res[taille]
        C.expect(isinstance(entree, dict) and {'ecart_type_moyenne', 'ecart_type_variance'} <= set(entree), f"`etude_taille_lot(...)[{taille}]` doit être un dictionnaire de clés 'ecart_type_moyenne' et 'ecart_type_variance'.")
        for cle in ('ecart_type_moyenne', 'ecart_type_variance'):
            valeur = C.as_number(entree[cle], f"etude_taille_lot(...)[{taille}]['{cle}']")
            C.expect(valeur > 0 and math.isfinite(valeur), f"`etude_taille_lot(...)[{taille}]['{cle}']` doit être un écart-type strictement positif.")

@test_case(points=None, hidden=True)
def test_etude_valeurs_theoriques(etude_taille_lot):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(61)
    n = 8192
    s = torch.tensor([0.5, 1.0, 2.0, 3.0, 0.2], dtype=torch.float64)
    x = torch.randn(n, 5, generator=g, dtype=torch.float64) * s + torch.tensor([1.0, -2.0, 0.0, 5.0, 3.0], dtype=torch.float64)
    ecart = x.std(dim=0)
    tailles = [4, 16, 64, 256]
    res = C.call(etude_taille_lot, x.clone(), list(tailles), 1000, 3, name='etude_taille_lot')
    C.expect(isinstance(res, dict) and sorted(res) == tailles, '`etude_taille_lot` doit renvoyer une entrée par taille de lot demandée.')
    for b in tailles:
        C.expect(isinstance(res[b], dict), f'`etude_taille_lot(...)[{b}]` doit être un dictionnaire.')
        attendu_m = float((ecart / b ** 0.5 * ((n - b) / (n - 1)) ** 0.5).mean())
        attendu_v = float((ecart ** 2 * (2 * (b - 1)) ** 0.5 / b).mean())
        C.expect_scalar_close(res[b].get('ecart_type_moyenne'), attendu_m, rtol=0.15, atol=0.0, name=f"etude_taille_lot(...)[{b}]['ecart_type_moyenne']", hint='écart-type SUR LES LOTS (dim=0 de la pile des moyennes) de la moyenne de chaque caractéristique, puis moyenne sur les caractéristiques ; un écart-type, pas une variance.')
        C.expect_scalar_close(res[b].get('ecart_type_variance'), attendu_v, rtol=0.15, atol=0.0, name=f"etude_taille_lot(...)[{b}]['ecart_type_variance']", hint='variance BIAISÉE de chaque lot (centrée sur la moyenne du lot, division par B), puis écart-type sur les lots et moyenne sur les caractéristiques.')

@test_case(points=None, hidden=True)
def test_etude_decroissance_et_graine(etude_taille_lot):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(62)
    x = 2 * torch.randn(4096, 3, generator=g) - 1
    tailles = [2, 8, 32, 128]
    res = C.call(etude_taille_lot, x.clone(), [1] + tailles, 300, 5, name='etude_taille_lot')
    C.expect(isinstance(res, dict) and sorted(res) == [1] + tailles, "`etude_taille_lot(x, [1, 2, 8, 32, 128], …)` doit renvoyer une entrée par taille demandée (n'utilisez pas une liste de tailles écrite en dur).")
    C.expect_scalar_close(res[1]['ecart_type_variance'], 0.0, atol=1e-06, name="etude_taille_lot(...)[1]['ecart_type_variance']", hint='un lot de B = 1 exemple a une variance biaisée nulle : tirez exactement B lignes par lot.')
    moyennes = [C.as_number(res[b]['ecart_type_moyenne'], f'etude_taille_lot(...)[{b}]') for b in [1] + tailles]
    C.expect(all((a > b for a, b in zip(moyennes, moyennes[1:], strict=False))), '`ecart_type_moyenne` devrait décroître quand la taille du lot augmente.', hint="l'écart-type de la moyenne d'un lot de B exemples varie en 1/√B.")
    rapport = moyennes[1] / moyennes[-1]
    C.expect(6.0 <= rapport <= 10.0, f'Le rapport des écarts-types de la moyenne entre B = 2 et B = 128 vaut {rapport:.3g}, loin du facteur √64 = 8 attendu.', hint='écart-type (et non variance) des moyennes de lot, sur les lots.')
    encore = C.call(etude_taille_lot, x.clone(), [1] + tailles, 300, 5, name='etude_taille_lot')
    C.expect(isinstance(encore, dict) and all((float(encore[b]['ecart_type_moyenne']) == float(res[b]['ecart_type_moyenne']) for b in tailles)), '`etude_taille_lot` ne donne pas le même résultat pour la même graine.', hint='tirez les lots avec un torch.Generator initialisé par `graine`.')
    autre = C.call(etude_taille_lot, x.clone(), [1] + tailles, 300, 6, name='etude_taille_lot')
    C.expect(isinstance(autre, dict) and any((float(autre[b]['ecart_type_moyenne']) != float(res[b]['ecart_type_moyenne']) for b in tailles)), '`etude_taille_lot` donne exactement le même résultat pour deux graines différentes.', hint="initialisez le générateur avec l'argument `graine`.")

@test_case(points=None, hidden=True)
def test_etude_petit_cas_exact(etude_taille_lot):
    import math
    import torch
    from autograder import checks as C
    x = torch.tensor([[0.0], [1.0]], dtype=torch.float64)
    n = 40
    possibles = torch.tensor([math.sqrt(k * (n - k) / (n * (n - 1))) for k in range(n + 1)], dtype=torch.float64)
    for graine in (0, 1, 2):
        res = C.call(etude_taille_lot, x.clone(), [1], n, graine, name='etude_taille_lot')
        C.expect(isinstance(res, dict) and isinstance(res.get(1), dict), '`etude_taille_lot(x, [1], ...)` doit renvoyer {1: {...}}.')
        m = C.as_number(res[1].get('ecart_type_moyenne'), "etude_taille_lot(...)[1]['ecart_type_moyenne']")
        C.expect(float((possibles - m).abs().min()) < 1e-06, f"`etude_taille_lot` sur un petit cas exact (2 lignes, lots d'une ligne, {n} lots) : l'écart-type des moyennes n'est pas celui de `nb_lots` moyennes valant 0 ou 1.", hint='écart-type de torch.std par défaut (diviseur nb_lots − 1), calculé sur exactement nb_lots lots.')
    x = torch.tensor([[0.0], [0.0], [1.0]], dtype=torch.float64)
    for graine in (0, 1):
        res = C.call(etude_taille_lot, x.clone(), [2], n, graine, name='etude_taille_lot')
        C.expect(isinstance(res, dict) and isinstance(res.get(2), dict), '`etude_taille_lot(x, [2], ...)` doit renvoyer {2: {...}}.')
        v = C.as_number(res[2].get('ecart_type_variance'), "etude_taille_lot(...)[2]['ecart_type_variance']")
        C.expect(float((possibles / 4 - v).abs().min()) < 1e-06, f"`etude_taille_lot` sur un petit cas exact (3 lignes, lots de 2, {n} lots) : l'écart-type des variances n'est pas celui de `nb_lots` variances valant 0 ou 1/4.", hint='variance biaisée de chaque lot, puis écart-type de torch.std par défaut sur les nb_lots lots.')

@test_case(points=None, hidden=True)
def test_etude_lignes_distinctes_et_flottants(etude_taille_lot):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(63)
    x = torch.randn(6, 4, generator=g, dtype=torch.float64) * 3 + 1
    res = C.call(etude_taille_lot, x.clone(), [6], 30, name='etude_taille_lot')
    C.expect(isinstance(res, dict) and list(res) == [6] and isinstance(res[6], dict) and ({'ecart_type_moyenne', 'ecart_type_variance'} <= set(res[6])), '`etude_taille_lot(x, [6], 30)` (graine par défaut) doit renvoyer {6: {"ecart_type_moyenne": …, "ecart_type_variance": …}}.')
    for cle in ('ecart_type_moyenne', 'ecart_type_variance'):
        valeur = res[6][cle]
        C.expect(isinstance(valeur, float), f"`etude_taille_lot(...)[B]['{cle}']` est un objet {type(valeur).__name__} : il doit être un flottant Python.", hint='convertissez avec float(...).')
        C.expect(abs(valeur) <= 1e-09, f"Avec des lots de taille B = N, `etude_taille_lot(...)[B]['{cle}']` devrait être nul : chaque lot est formé de toutes les lignes de x, chacune une fois.", hint='tirez B lignes distinctes (sans remise), par exemple torch.randperm(N, generator=g)[:B].')

