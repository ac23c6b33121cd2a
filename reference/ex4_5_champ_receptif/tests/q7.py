from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 3

@test_case(points=None, hidden=False)
def test_carte_petit_reseau(carte_gradient):
    import torch
    from autograder import checks as C
    fabrique = C.code('def deux_convolutions():\n    m = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3, bias=False),\n                            torch.nn.Conv2d(2, 1, 3, bias=False))\n    with torch.no_grad():\n        for p in m.parameters():\n            p.fill_(1.0)\n    return m\n')
    modele = C.build_where(carte_gradient, fabrique)
    got = C.call(carte_gradient, modele, torch.rand(1, 3, 9, 9), name='carte_gradient')
    chemins = torch.tensor([1.0, 2.0, 3.0, 2.0, 1.0])
    attendu = torch.zeros(9, 9)
    attendu[2:7, 2:7] = 3 * 2 * torch.outer(chemins, chemins)
    C.expect_close(C.as_tensor(got, 'carte_gradient').detach(), attendu, rtol=1e-05, atol=1e-05, name='carte_gradient(deux convolutions 3 × 3 de uns, x de 9 × 9)', reveal=True, hint="y = somme des canaux de la sortie au centre ; la carte est |∂y/∂x| sommée sur les 3 canaux d'entrée.")

@test_case(points=None, hidden=True)
def test_carte_resnet_contre_autograd(carte_gradient):
    import torch
    from autograder import checks as C

    def cartes_resnet(carte_gradient, profondeur, hauteur, largeur):
        """The student's map and the grader's for the same seeded torchvision ResNet (its
    convolutional trunk, evaluation mode), built where `carte_gradient` lives and here."""
        fabrique = C.code("def tronc(profondeur):\n    import torchvision\n    torch.manual_seed(profondeur)\n    r = getattr(torchvision.models, f'resnet{profondeur}')(weights=None)\n    return torch.nn.Sequential(*list(r.children())[:-2]).double().eval()\n")
        modele = C.build_where(carte_gradient, fabrique, profondeur)
        x = torch.rand(1, 3, hauteur, largeur, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
        got = C.as_tensor(C.call(carte_gradient, modele, x.clone(), name='carte_gradient'), 'carte_gradient(modele, x)')
        entree = x.clone().requires_grad_(True)
        sortie = fabrique(profondeur)(entree)
        sortie[0, :, sortie.shape[2] // 2, sortie.shape[3] // 2].sum().backward()
        return (got, entree.grad[0].abs().sum(dim=0))
    for profondeur, hauteur, largeur in ((18, 96, 160), (50, 160, 96)):
        got, attendu = cartes_resnet(carte_gradient, profondeur, hauteur, largeur)
        echelle = float(attendu.max())
        C.expect_close(got.to(torch.float64) / echelle, attendu.to(torch.float64) / echelle, rtol=0.001, atol=1e-05, name=f"carte_gradient(tronc d'un ResNet-{profondeur}, image {hauteur} × {largeur})", hint="position centrale (h // 2, w // 2) de la sortie (lignes puis colonnes), modèle en mode évaluation, valeur absolue puis somme sur les canaux d'entrée.")

@test_case(points=None, hidden=True)
def test_taille_effective_cas_exacts(taille_effective):
    import torch
    from autograder import checks as C

    def oracle(carte, fraction):
        h, w = carte.shape
        for r in range(1, 2 * max(h, w) + 2, 2):
            d = r // 2
            if float(carte[max(h // 2 - d, 0):h // 2 + d + 1, max(w // 2 - d, 0):w // 2 + d + 1].sum()) >= fraction * float(carte.sum()):
                return r
        return r
    uniforme = torch.ones(7, 7, dtype=torch.float64)
    pic = torch.zeros(9, 9, dtype=torch.float64)
    pic[4, 4] = 1.0
    decale = torch.zeros(8, 6, dtype=torch.float64)
    decale[4, 3], decale[1, 0] = (0.9, 0.1)
    egalite = torch.full((3, 3), 0.125, dtype=torch.float64)
    egalite[1, 1] = 1.0
    g = torch.Generator().manual_seed(75)
    allongee = torch.zeros(3, 21, dtype=torch.float64)
    allongee[1, 10], allongee[0, 0], allongee[2, 20] = (1.0, 1.0, 1.0)
    haut = torch.zeros(8, 20, dtype=torch.float64)
    haut[4, 10], haut[0, 10] = (1.0, 1.0)
    droite = torch.zeros(5, 9, dtype=torch.float64)
    droite[2, 4], droite[2, 6] = (1.0, 1.0)
    cas = [(egalite, 0.5), (allongee, 0.9), (haut, 0.9), (droite, 0.9), (droite.t().contiguous(), 0.9), (pic, 0.95), (uniforme, 0.95), (uniforme, 0.5), (decale, 0.95), (decale, 0.85), (torch.rand(11, 15, generator=g, dtype=torch.float64) ** 4, 0.9), (torch.rand(12, 10, generator=g, dtype=torch.float64), 0.3)]
    for carte, fraction in cas:
        label = f'taille_effective(carte {tuple(carte.shape)}, fraction={fraction})'
        got = C.call(taille_effective, carte.clone(), fraction, name='taille_effective')
        C.expect(isinstance(got, int) and (not isinstance(got, bool)), '`taille_effective` doit renvoyer un entier Python.', hint='int(...) sur le côté trouvé.')
        C.expect_equal(got, oracle(carte, fraction), name=label, hint="côtés impairs 1, 3, 5… d'un carré centré sur (H // 2, W // 2), rogné aux bords ; le plus petit qui atteint la fraction (≥).")
    C.expect_equal(C.call(taille_effective, uniforme.clone(), name='taille_effective'), 7, name='taille_effective(carte uniforme 7 × 7) (fraction par défaut)', hint='la fraction vaut 0.95 par défaut.')

