from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_echantillonner_forme(echantillonner):
    import torch
    from autograder import checks as C

    def tirer(echantillonner, logits, temperature, graine):
        """echantillonner(logits, temperature, g) where it lives, g a generator seeded by graine."""
        avec_graine = C.code('def avec_graine(echantillonner, logits, temperature, graine):\n    return echantillonner(logits, temperature, torch.Generator().manual_seed(graine))')
        return C.as_tensor(C.call(avec_graine, echantillonner, logits, temperature, graine, name='echantillonner'), f'echantillonner(logits, {temperature}, g)')
    logits = torch.full((3, 4), -30.0)
    logits[0, 2] = logits[1, 0] = logits[2, 3] = 30.0
    tirage = tirer(echantillonner, logits, 1.0, 0)
    C.expect_shape(tirage, (3,), name='echantillonner(logits, 1.0, g) pour logits (3, 4)', hint='un indice par ligne : forme (N,) (pensez à .squeeze(1) après torch.multinomial).')
    C.expect(tirage.dtype == torch.long, '`echantillonner` doit renvoyer un tenseur torch.long.')
    C.expect_equal(tirage.tolist(), [2, 0, 3], name='echantillonner sur des logits très marqués', reveal=True, hint='un indice par ligne, tiré selon softmax(logits / τ) sur les V colonnes.')

@test_case(points=None, hidden=True)
def test_echantillonner_frequences(echantillonner):
    import torch
    from autograder import checks as C

    def tirer(echantillonner, logits, temperature, graine):
        """echantillonner(logits, temperature, g) where it lives, g a generator seeded by graine."""
        avec_graine = C.code('def avec_graine(echantillonner, logits, temperature, graine):\n    return echantillonner(logits, temperature, torch.Generator().manual_seed(graine))')
        return C.as_tensor(C.call(avec_graine, echantillonner, logits, temperature, graine, name='echantillonner'), f'echantillonner(logits, {temperature}, g)')
    p_a = torch.tensor([0.1, 0.2, 0.3, 0.4], dtype=torch.float64)
    p_b = torch.tensor([0.5, 0.05, 0.05, 0.4], dtype=torch.float64)
    n = 3000
    logits = torch.stack([p_a.log(), p_b.log()]).repeat(n, 1).float()
    for k, tau in enumerate((1.0, 0.5, 2.0)):
        tirage = tirer(echantillonner, logits.clone(), tau, 40 + k)
        C.expect_shape(tirage, (2 * n,), name=f'echantillonner(logits, {tau}, g)')
        for p, premiere, lignes in ((p_a, 0, 'paires'), (p_b, 1, 'impaires')):
            loi = torch.softmax(p.log() / tau, dim=0)
            C.expect_frequencies(tirage[premiere::2], loi, name=f'indices tirés par echantillonner (température {tau}, lignes {lignes})', hint='chaque ligne suit softmax(logits_i / τ) : divisez par τ (et non multipliez), softmax sur la dernière dimension (les V caractères), un tirage par ligne.')

@test_case(points=None, hidden=True)
def test_echantillonner_generateur(echantillonner):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(50)
    logits = torch.randn(40, 6, generator=g)
    tirage = C.expect_generator_obeyed(echantillonner, logits, 1.0, name='echantillonner', keyword='generateur')
    C.expect_shape(tirage, (40,), name='echantillonner(logits, 1.0, generateur=g)')
    inchange = C.code('def inchange(echantillonner, logits, temperature, graine):\n    copie = logits.clone()\n    tirage = echantillonner(logits, temperature, torch.Generator().manual_seed(graine))\n    return (tirage, bool(torch.equal(copie, logits)))')
    tirage, intact = C.call(inchange, echantillonner, logits.clone(), 0.7, 51, name='echantillonner')
    C.expect(intact, '`echantillonner` modifie le tenseur `logits` reçu en place.', hint='logits / temperature crée un nouveau tenseur ; évitez logits /= temperature.')
    grands = 1000.0 + torch.tensor([[0.0, 2.0, -50.0], [3.0, -50.0, 0.0]]).repeat(500, 1)
    tirage, _ = C.call(inchange, echantillonner, grands, 1.0, 52, name='echantillonner')
    tirage = C.as_tensor(tirage, 'echantillonner(1000 + logits, 1.0, g)')
    C.expect_shape(tirage, (1000,), name='echantillonner(1000 + logits, 1.0, g)')
    loi = torch.softmax(torch.tensor([0.0, 2.0, -50.0], dtype=torch.float64), dim=0)
    C.expect_frequencies(tirage[0::2], loi, name='echantillonner sur de grands logits', hint='torch.softmax est stable (il retranche le maximum) ; exp(1000) déborde.')

