from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_echantillonner_exemple(echantillonner):
    import torch
    from autograder import checks as C

    def tirer(echantillonner, logits, temperature, k, graine):
        """echantillonner(logits, temperature, k, g) là où la fonction vit, g initialisé par graine ;
    renvoie le tirage et si logits est resté intact."""
        avec_graine = C.code('def avec_graine(echantillonner, logits, temperature, k, graine):\n    copie = logits.clone()\n    tirage = echantillonner(logits, temperature, k, torch.Generator().manual_seed(graine))\n    return (tirage, bool(torch.equal(copie, logits)))')
        tirage, intact = C.call(avec_graine, echantillonner, logits, temperature, k, graine, name='echantillonner')
        quoi = f'echantillonner(logits, {temperature}, {k}, g)'
        tirage = C.as_tensor(tirage, quoi)
        C.expect_shape(tirage, (logits.shape[0],), name=quoi, hint='un indice par ligne : forme (N,).')
        C.expect(tirage.dtype == torch.long, '`echantillonner` doit renvoyer un tenseur torch.long.')
        return (tirage, intact)
    logits = torch.tensor([[-3.0, 30.0, 0.0, -1.0, 1.0], [2.0, -2.0, 0.5, 30.0, -1.0], [30.0, 1.5, -0.5, 0.0, 3.0]])
    tirage, _ = tirer(echantillonner, logits, 1.0, 2, 0)
    C.expect_equal(tirage.tolist(), [1, 3, 0], name='echantillonner(logits, 1.0, 2, g) sur des logits très marqués', reveal=True, hint="renvoyez l'indice dans le vocabulaire (indices de torch.topk), pas le rang parmi les k gardés.")

@test_case(points=None, hidden=True)
def test_echantillonner_lois_topk(echantillonner):
    import torch
    from autograder import checks as C

    def tirer(echantillonner, logits, temperature, k, graine):
        """echantillonner(logits, temperature, k, g) là où la fonction vit, g initialisé par graine ;
    renvoie le tirage et si logits est resté intact."""
        avec_graine = C.code('def avec_graine(echantillonner, logits, temperature, k, graine):\n    copie = logits.clone()\n    tirage = echantillonner(logits, temperature, k, torch.Generator().manual_seed(graine))\n    return (tirage, bool(torch.equal(copie, logits)))')
        tirage, intact = C.call(avec_graine, echantillonner, logits, temperature, k, graine, name='echantillonner')
        quoi = f'echantillonner(logits, {temperature}, {k}, g)'
        tirage = C.as_tensor(tirage, quoi)
        C.expect_shape(tirage, (logits.shape[0],), name=quoi, hint='un indice par ligne : forme (N,).')
        C.expect(tirage.dtype == torch.long, '`echantillonner` doit renvoyer un tenseur torch.long.')
        return (tirage, intact)

    def loi_topk(ligne, temperature, k):
        """La loi de l'énoncé pour une ligne de logits (float64) : 0 hors des k plus grands."""
        ligne = torch.as_tensor(ligne, dtype=torch.float64)
        valeurs, indices = torch.topk(ligne, k)
        loi = torch.zeros_like(ligne)
        loi[indices] = torch.softmax(valeurs / temperature, dim=0)
        return loi
    l_a = torch.tensor([0.05, 0.3, 0.1, 0.4, 0.15], dtype=torch.float64).log()
    l_b = torch.tensor([0.25, 0.02, 0.33, 0.08, 0.32], dtype=torch.float64).log()
    n = 3000
    logits = torch.stack([l_a, l_b]).repeat(n, 1).float()
    for graine, (tau, k) in enumerate(((1.0, 3), (0.5, 2), (2.0, 4))):
        tirage, _ = tirer(echantillonner, logits.clone(), tau, k, 40 + graine)
        for ligne, premiere, lignes in ((l_a, 0, 'paires'), (l_b, 1, 'impaires')):
            C.expect_frequencies(tirage[premiere::2], loi_topk(ligne, tau, k), name=f'indices tirés (τ = {tau}, k = {k}, lignes {lignes})', hint='gardez les k plus grands logits de chaque ligne (les autres ont une probabilité nulle), puis softmax de ces k logits divisés par τ ; un tirage par ligne.')

@test_case(points=None, hidden=True)
def test_echantillonner_cas_limites(echantillonner):
    import torch
    from autograder import checks as C

    def tirer(echantillonner, logits, temperature, k, graine):
        """echantillonner(logits, temperature, k, g) là où la fonction vit, g initialisé par graine ;
    renvoie le tirage et si logits est resté intact."""
        avec_graine = C.code('def avec_graine(echantillonner, logits, temperature, k, graine):\n    copie = logits.clone()\n    tirage = echantillonner(logits, temperature, k, torch.Generator().manual_seed(graine))\n    return (tirage, bool(torch.equal(copie, logits)))')
        tirage, intact = C.call(avec_graine, echantillonner, logits, temperature, k, graine, name='echantillonner')
        quoi = f'echantillonner(logits, {temperature}, {k}, g)'
        tirage = C.as_tensor(tirage, quoi)
        C.expect_shape(tirage, (logits.shape[0],), name=quoi, hint='un indice par ligne : forme (N,).')
        C.expect(tirage.dtype == torch.long, '`echantillonner` doit renvoyer un tenseur torch.long.')
        return (tirage, intact)

    def loi_topk(ligne, temperature, k):
        """La loi de l'énoncé pour une ligne de logits (float64) : 0 hors des k plus grands."""
        ligne = torch.as_tensor(ligne, dtype=torch.float64)
        valeurs, indices = torch.topk(ligne, k)
        loi = torch.zeros_like(ligne)
        loi[indices] = torch.softmax(valeurs / temperature, dim=0)
        return loi
    g = torch.Generator().manual_seed(5)
    logits = 3 * torch.randn(200, 7, generator=g)
    for graine, tau in enumerate((0.3, 3.0)):
        tirage, _ = tirer(echantillonner, logits.clone(), tau, 1, 60 + graine)
        C.expect(torch.equal(tirage, logits.argmax(dim=1)), f"Avec k = 1 (τ = {tau}), `echantillonner` ne renvoie pas l'argmax de chaque ligne.", hint='k = 1 ne garde que le plus grand logit : le tirage est déterministe.')
    p = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    for graine, tau in enumerate((0.7, 1.6)):
        tirage, _ = tirer(echantillonner, p.log().float().repeat(4000, 1), tau, 4, 70 + graine)
        C.expect_frequencies(tirage, loi_topk(p.log(), tau, 4), name=f'indices tirés avec k = V (τ = {tau})', hint='avec k = V, tous les logits sont gardés : la loi est softmax(logits / τ).')

@test_case(points=None, hidden=True)
def test_echantillonner_generateur_et_logits(echantillonner):
    import torch
    from autograder import checks as C

    def tirer(echantillonner, logits, temperature, k, graine):
        """echantillonner(logits, temperature, k, g) là où la fonction vit, g initialisé par graine ;
    renvoie le tirage et si logits est resté intact."""
        avec_graine = C.code('def avec_graine(echantillonner, logits, temperature, k, graine):\n    copie = logits.clone()\n    tirage = echantillonner(logits, temperature, k, torch.Generator().manual_seed(graine))\n    return (tirage, bool(torch.equal(copie, logits)))')
        tirage, intact = C.call(avec_graine, echantillonner, logits, temperature, k, graine, name='echantillonner')
        quoi = f'echantillonner(logits, {temperature}, {k}, g)'
        tirage = C.as_tensor(tirage, quoi)
        C.expect_shape(tirage, (logits.shape[0],), name=quoi, hint='un indice par ligne : forme (N,).')
        C.expect(tirage.dtype == torch.long, '`echantillonner` doit renvoyer un tenseur torch.long.')
        return (tirage, intact)

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
    l = torch.tensor([0.05, 0.3, 0.1, 0.4, 0.15], dtype=torch.float64).log()
    logits = l.float().repeat(2000, 1)
    tirage = C.expect_generator_obeyed(generateur_par_position(echantillonner), logits, 1.0, 3, name='echantillonner', keyword='generateur')
    C.expect_frequencies(tirage, loi_topk(l, 1.0, 3), name='indices tirés avec le générateur donné (τ = 1, k = 3)')
    tirage, intact = tirer(echantillonner, logits.clone(), 0.8, 2, 80)
    C.expect(intact, '`echantillonner` modifie le tenseur `logits` reçu en place.', hint='travaillez sur des copies : logits / temperature, torch.topk, masked_fill (sans _) créent de nouveaux tenseurs.')
    C.expect_frequencies(tirage, loi_topk(l, 0.8, 2), name='indices tirés (τ = 0,8, k = 2)')
    grands = 1000.0 + torch.tensor([[0.0, 2.0, -50.0, 1.0], [3.0, -50.0, 0.0, -1.0]]).repeat(1000, 1)
    tirage, _ = tirer(echantillonner, grands, 1.0, 2, 81)
    for ligne, premiere in ((grands[0], 0), (grands[1], 1)):
        C.expect_frequencies(tirage[premiere::2], loi_topk(ligne, 1.0, 2), name='indices tirés sur de grands logits (1000 + …)', hint='torch.softmax retranche le maximum : exp(1000) déborde.')

