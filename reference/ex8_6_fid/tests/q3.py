from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_extracteur_forme(ExtracteurFeatures):
    import torch
    from autograder import checks as C

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()
    x = images_test(5, 0)
    for args, dim in (((8, 0), 8), ((), 64)):
        libelle = f"ExtracteurFeatures({', '.join(map(str, args))})"
        modele = C.call(ExtracteurFeatures, *args, name='ExtracteurFeatures')
        out = C.forward(modele, x.clone(), name=libelle)
        C.expect_shape(out, (5, dim), name=f'{libelle}(x) pour x de forme (5, 1, 28, 28)', hint='deux convolutions de pas 2 : 28 → 14 → 7, puis Flatten et Linear(32 · 7 · 7, dim) ; dim = 64 par défaut.')

@test_case(points=None, hidden=True)
def test_extracteur_architecture(ExtracteurFeatures):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def extracteur_poids_connus(ExtracteurFeatures, dim, graine):
        """The student's extractor, built where it lives, loaded with weights fixed by shape."""
        libelle = f'ExtracteurFeatures({dim}, {graine})'
        modele = C.call(ExtracteurFeatures, dim, graine, name='ExtracteurFeatures')
        C.expect(modele is not None, '`ExtracteurFeatures(dim, graine)` doit renvoyer un nn.Module.')
        C.load_seeded_weights(modele, libelle)
        return (modele, libelle)

    def extracteur_oracle(x, dim):
        """The imposed architecture in eval mode, every tensor `seeded_by_shape` (see
    `C.load_seeded_weights`): BatchNorm's weight, bias and running statistics are one vector."""
        from autograder.checks import oracles
        h = x.to(torch.float64)
        for c_in, c_out in ((1, 16), (16, 32)):
            u = oracles.seeded_by_shape((c_out,))
            h = F.conv2d(h, oracles.seeded_by_shape((c_out, c_in, 3, 3)), u, stride=2, padding=1)
            h = F.relu(F.batch_norm(h, u, u, u, u, False, 0.1, 1e-05))
        return F.linear(h.flatten(1), oracles.seeded_by_shape((dim, 32 * 7 * 7)), oracles.seeded_by_shape((dim,)))
    x = images_test(6, 1)
    for dim in (10, 3):
        modele, libelle = extracteur_poids_connus(ExtracteurFeatures, dim, 0)
        attendu = extracteur_oracle(x, dim)
        out = C.as_tensor(C.forward(modele, x.clone(), name=libelle), name=libelle)
        C.expect_shape(out, (6, dim), name=f'{libelle}(x)')
        C.expect_close(out.double(), attendu, name=f'{libelle}(x), poids fixés', rtol=0.0001, atol=0.0001 * float(attendu.abs().max()), hint='Conv2d(1, 16, 3, stride=2, padding=1) → BatchNorm2d → ReLU → Conv2d(16, 32, 3, stride=2, padding=1) → BatchNorm2d → ReLU → Flatten → Linear, en mode eval().')

@test_case(points=None, hidden=True)
def test_extracteur_independant_du_lot(ExtracteurFeatures):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def extracteur_poids_connus(ExtracteurFeatures, dim, graine):
        """The student's extractor, built where it lives, loaded with weights fixed by shape."""
        libelle = f'ExtracteurFeatures({dim}, {graine})'
        modele = C.call(ExtracteurFeatures, dim, graine, name='ExtracteurFeatures')
        C.expect(modele is not None, '`ExtracteurFeatures(dim, graine)` doit renvoyer un nn.Module.')
        C.load_seeded_weights(modele, libelle)
        return (modele, libelle)

    def extracteur_oracle(x, dim):
        """The imposed architecture in eval mode, every tensor `seeded_by_shape` (see
    `C.load_seeded_weights`): BatchNorm's weight, bias and running statistics are one vector."""
        from autograder.checks import oracles
        h = x.to(torch.float64)
        for c_in, c_out in ((1, 16), (16, 32)):
            u = oracles.seeded_by_shape((c_out,))
            h = F.conv2d(h, oracles.seeded_by_shape((c_out, c_in, 3, 3)), u, stride=2, padding=1)
            h = F.relu(F.batch_norm(h, u, u, u, u, False, 0.1, 1e-05))
        return F.linear(h.flatten(1), oracles.seeded_by_shape((dim, 32 * 7 * 7)), oracles.seeded_by_shape((dim,)))
    x = images_test(8, 2)
    modele, libelle = extracteur_poids_connus(ExtracteurFeatures, 5, 1)
    attendu = extracteur_oracle(x, 5)
    for lot, quoi in ((slice(0, 8), 'un lot de 8 images'), (slice(2, 3), 'une image seule'), (slice(3, 7), 'un lot de 4 images')):
        for _ in range(2):
            out = C.as_tensor(C.forward(modele, x[lot].clone(), name=libelle), name=libelle)
            C.expect_close(out.double(), attendu[lot], name=f'features de {quoi}', rtol=0.0001, atol=0.0001 * float(attendu.abs().max()), hint="en mode eval(), les BatchNorm utilisent leurs statistiques courantes : les features d'une image ne dépendent pas du lot.")

@test_case(points=None, hidden=True)
def test_extracteur_fige(ExtracteurFeatures):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()

    def extracteur_poids_connus(ExtracteurFeatures, dim, graine):
        """The student's extractor, built where it lives, loaded with weights fixed by shape."""
        libelle = f'ExtracteurFeatures({dim}, {graine})'
        modele = C.call(ExtracteurFeatures, dim, graine, name='ExtracteurFeatures')
        C.expect(modele is not None, '`ExtracteurFeatures(dim, graine)` doit renvoyer un nn.Module.')
        C.load_seeded_weights(modele, libelle)
        return (modele, libelle)

    def extracteur_oracle(x, dim):
        """The imposed architecture in eval mode, every tensor `seeded_by_shape` (see
    `C.load_seeded_weights`): BatchNorm's weight, bias and running statistics are one vector."""
        from autograder.checks import oracles
        h = x.to(torch.float64)
        for c_in, c_out in ((1, 16), (16, 32)):
            u = oracles.seeded_by_shape((c_out,))
            h = F.conv2d(h, oracles.seeded_by_shape((c_out, c_in, 3, 3)), u, stride=2, padding=1)
            h = F.relu(F.batch_norm(h, u, u, u, u, False, 0.1, 1e-05))
        return F.linear(h.flatten(1), oracles.seeded_by_shape((dim, 32 * 7 * 7)), oracles.seeded_by_shape((dim,)))
    x = images_test(4, 3)
    modele, libelle = extracteur_poids_connus(ExtracteurFeatures, 6, 2)
    sonde = C.code('def sonde(modele, x):\n    with torch.enable_grad():\n        sortie = modele(x)\n    return (sortie.detach().clone(), bool(sortie.requires_grad), [bool(p.requires_grad) for p in modele.parameters()], [bool(m.training) for m in modele.modules()])')
    sortie, attachee, grads, modes = C.call(sonde, modele, x.clone(), name=libelle)
    attendu = extracteur_oracle(x, 6)
    C.expect_close(C.as_tensor(sortie, libelle).double(), attendu, name=f'{libelle}(x)', rtol=0.0001, atol=0.0001 * float(attendu.abs().max()))
    C.expect(not any(modes), f"`{libelle}` n'est pas en mode évaluation (un de ses modules a training=True).", hint='appelez self.eval() (ou modele.eval()) à la fin de la construction.')
    C.expect(len(grads) > 0 and (not any(grads)), f"`{libelle}` a des paramètres avec requires_grad=True : l'extracteur doit être figé.", hint='self.requires_grad_(False) à la fin de la construction.')
    C.expect(not attachee, f'La sortie de `{libelle}` est attachée à un graphe de calcul.', hint="paramètres figés (requires_grad_(False)) : aucun graphe n'est construit.")

@test_case(points=None, hidden=True)
def test_extracteur_graine(ExtracteurFeatures):
    import torch
    from autograder import checks as C

    def images_test(n, graine):
        """n grader images (n, 1, 28, 28) float32 in [−1, 1]: smooth blobs plus noise."""
        g = torch.Generator().manual_seed(graine)
        grossier = torch.rand(n, 1, 7, 7, generator=g)
        x = torch.nn.functional.interpolate(grossier, size=(28, 28), mode='bilinear')
        x = x + 0.2 * torch.randn(n, 1, 28, 28, generator=g)
        return (2 * x - 1).clamp(-1, 1).float()
    x = images_test(5, 4)
    construire = C.code('def construire(graine_globale, graine, x):\n    torch.manual_seed(graine_globale)\n    modele = ExtracteurFeatures(8, graine)\n    suite = torch.rand(4, dtype=torch.float64)\n    with torch.no_grad():\n        return (modele(x), suite)', ExtracteurFeatures=ExtracteurFeatures)
    resultats = {}
    for graine_globale, graine in ((100, 3), (200, 3), (100, 4)):
        out, suite = C.call(construire, graine_globale, graine, x.clone(), name='ExtracteurFeatures')
        torch.manual_seed(graine_globale)
        C.expect(torch.equal(C.as_tensor(suite, 'torch.rand'), torch.rand(4, dtype=torch.float64)), "Construire `ExtracteurFeatures` modifie l'état du générateur global de PyTorch.", hint='torch.manual_seed(graine) seul change les tirages du reste du notebook : entourez-le de `with torch.random.fork_rng():`, ou remplissez les poids avec un torch.Generator local.')
        out = C.as_tensor(out, 'ExtracteurFeatures(8, graine)(x)')
        C.expect_shape(out, (5, 8), name='ExtracteurFeatures(8, graine)(x)')
        C.expect(bool(torch.isfinite(out).all()) and float(out.std()) > 0, 'Les features de `ExtracteurFeatures(8, graine)` sont non finies ou constantes.')
        resultats[graine_globale, graine] = out
    C.expect(torch.equal(resultats[100, 3], resultats[200, 3]), "Deux `ExtracteurFeatures` de même graine donnent des features différentes (selon l'état du générateur global).", hint='les poids ne doivent dépendre que de `graine` : torch.manual_seed(graine) dans fork_rng(), ou un torch.Generator().manual_seed(graine).')
    C.expect(not torch.equal(resultats[100, 3], resultats[100, 4]), 'Deux graines différentes donnent les mêmes features : `graine` est ignorée.', hint='initialisez les poids à partir de `graine`.')

