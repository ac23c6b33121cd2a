from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_filtres_forme_et_plage(filtres_premiere_couche):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(0)\n    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 3))')
    modele = C.build_where(filtres_premiere_couche, fabrique)
    out = C.as_tensor(C.call(filtres_premiere_couche, modele, name='filtres_premiere_couche'), name='filtres_premiere_couche(modele)')
    C.expect_shape(out, (4, 3, 3, 3), name='filtres_premiere_couche(modele)', hint="forme (C_s, k_h, k_w, C_e) : les canaux d'entrée en dernier.")
    plat = out.reshape(4, -1).double()
    C.expect_close(plat.amin(dim=1), torch.zeros(4, dtype=torch.float64), name='minimum de chaque filtre normalisé', reveal=True)
    C.expect_close(plat.amax(dim=1), torch.ones(4, dtype=torch.float64), name='maximum de chaque filtre normalisé', reveal=True, hint='normalisez chaque filtre séparément : (w − min) / (max − min).')

@test_case(points=None, hidden=True)
def test_filtres_contre_reference(filtres_premiere_couche):
    import torch
    from torch import nn
    from autograder import checks as C
    from autograder.checks import oracles
    fabrique = C.code('def fabrique():\n    torch.manual_seed(21)\n    modele = nn.Sequential(nn.BatchNorm2d(3), nn.Sequential(nn.Conv2d(3, 6, (5, 3)), nn.ReLU()), nn.Conv2d(6, 8, 3))\n    with torch.no_grad():\n        conv = modele[1][0]\n        conv.weight[2] *= 0.01\n        conv.weight[4] += 3.0\n        conv.weight[5] = 0.25\n    return modele')
    w = fabrique()[1][0].weight.detach().double()
    attendu = oracles.normalized_filters(w)
    sonde = C.code('def sonde(modele):\n    sortie = filtres_premiere_couche(modele)\n    return (sortie, isinstance(sortie, torch.Tensor) and sortie.requires_grad)', filtres_premiere_couche=filtres_premiere_couche)
    brut, attache = C.call(sonde, C.build_where(filtres_premiere_couche, fabrique), name='filtres_premiere_couche')
    C.expect(not attache, "`filtres_premiere_couche` renvoie un tenseur attaché au graphe d'autograd (requires_grad=True) : `plt.imshow` ne pourra pas l'afficher.", hint='utilisez `.detach()` sur les poids.')
    out = C.as_tensor(brut, name='filtres_premiere_couche(modele)')
    C.expect_shape(out, (6, 5, 3, 3), name='filtres_premiere_couche(modele) pour une première Conv2d(3, 6, kernel_size=(5, 3))', hint='la première nn.Conv2d de `modele.modules()` (ici imbriquée, après une BatchNorm), et la forme (C_s, k_h, k_w, C_e) : `permute(0, 2, 3, 1)`.')
    C.expect(bool(torch.isfinite(out).all()), '`filtres_premiere_couche` renvoie des nan ou inf (un filtre constant a max − min = 0).', hint='un filtre constant doit donner des zéros.')
    C.expect_close(out.double(), attendu, rtol=1e-05, atol=1e-06, name='filtres_premiere_couche(modele)', hint='minimum et maximum pris sur chaque filtre (ses C_e·k_h·k_w valeurs), pas sur tout le tenseur ; (w − min) / (max − min).')

@test_case(points=None, hidden=True)
def test_filtres_un_canal(filtres_premiere_couche):
    import torch
    from torch import nn
    from autograder import checks as C
    from autograder.checks import oracles
    fabrique = C.code('def fabrique():\n    torch.manual_seed(22)\n    return nn.Sequential(nn.Conv2d(1, 5, 4, bias=False), nn.ReLU(), nn.Flatten(), nn.Linear(5 * 5 * 5, 10))')
    modele = C.build_where(filtres_premiere_couche, fabrique)
    w = fabrique()[0].weight.detach().double()
    attendu = oracles.normalized_filters(w)
    out = C.as_tensor(C.call(filtres_premiere_couche, modele, name='filtres_premiere_couche'), name='filtres_premiere_couche(modele)')
    C.expect_shape(out, (5, 4, 4, 1), name='filtres_premiere_couche(modele) pour une Conv2d(1, 5, 4)')
    C.expect_close(out.double(), attendu, rtol=1e-05, atol=1e-06, name="filtres_premiere_couche(modele) (un canal d'entrée)")

