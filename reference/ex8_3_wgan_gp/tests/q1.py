from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_critique_forme_sans_sigmoide(Critique):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def scores_critique(modele, x, label):
        """modele(x) (float32), sa forme (B,) vérifiée, en float64."""
        out = C.as_tensor(C.forward(modele, x.float(), name=label), f'{label}(x)')
        C.expect_shape(out, (x.shape[0],), name=f'{label}(x)', hint='un score par image : `.reshape(-1)` (ou `.view(-1)`) sur la sortie (B, 1, 1, 1) de la dernière convolution.')
        return out.double()

    def critique_oracle(x, canaux, features):
        """Les scores de l'architecture de l'énoncé, poids fixés par leur forme, en float64."""
        from autograder.checks import oracles
        s, f = (oracles.seeded_by_shape, features)
        h = F.leaky_relu(F.conv2d(x, s((f, canaux, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((2 * f, f, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((4 * f, 2 * f, 3, 3)), stride=2, padding=1), 0.2)
        return F.conv2d(h, s((1, 4 * f, 4, 4))).reshape(-1)
    label = 'Critique()'
    modele = C.make_model(Critique, name=label)
    x = torch.randn(5, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    scores_critique(modele, x, label)
    C.load_seeded_weights(modele, label)
    echelle = 5.0 / float(critique_oracle(x.double(), 1, 16).abs().max())
    scores = scores_critique(modele, echelle * x, label)
    C.expect(float(scores.abs().max()) > 1.0, 'Les scores de `Critique` restent dans [−1, 1] même pour des entrées de grande norme : la sortie passe encore par une sigmoïde (ou une tanh).', hint='un critique WGAN renvoie un score réel non borné : supprimez la sigmoïde finale du discriminateur de la section 8.7.')

@test_case(points=None, hidden=True)
def test_critique_contre_oracle(Critique):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def scores_critique(modele, x, label):
        """modele(x) (float32), sa forme (B,) vérifiée, en float64."""
        out = C.as_tensor(C.forward(modele, x.float(), name=label), f'{label}(x)')
        C.expect_shape(out, (x.shape[0],), name=f'{label}(x)', hint='un score par image : `.reshape(-1)` (ou `.view(-1)`) sur la sortie (B, 1, 1, 1) de la dernière convolution.')
        return out.double()

    def critique_oracle(x, canaux, features):
        """Les scores de l'architecture de l'énoncé, poids fixés par leur forme, en float64."""
        from autograder.checks import oracles
        s, f = (oracles.seeded_by_shape, features)
        h = F.leaky_relu(F.conv2d(x, s((f, canaux, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((2 * f, f, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((4 * f, 2 * f, 3, 3)), stride=2, padding=1), 0.2)
        return F.conv2d(h, s((1, 4 * f, 4, 4))).reshape(-1)
    g = torch.Generator().manual_seed(1)
    for canaux, features, kwargs in ((1, 16, {}), (3, 4, {'canaux': 3, 'features': 4}), (1, 8, {'features': 8})):
        label = f'Critique(canaux={canaux}, features={features})'
        modele = C.make_model(Critique, name=label, **kwargs)
        C.load_seeded_weights(modele, label)
        x = torch.randn(4, canaux, 28, 28, generator=g)
        scores = scores_critique(modele, x, label)
        attendu = critique_oracle(x.double(), canaux, features)
        C.expect_close(scores, attendu, name=f'scores de {label}, poids fixés', rtol=0.0001, atol=0.0001 * float(attendu.abs().max()), hint='quatre Conv2d sans biais (4/2/1, 4/2/1, 3/2/1, 4/1/0), LeakyReLU(0.2) après les trois premières, ni BatchNorm ni sigmoïde, f → 2f → 4f → 1 canaux.')

@test_case(points=None, hidden=True)
def test_critique_exemples_independants(Critique):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def scores_critique(modele, x, label):
        """modele(x) (float32), sa forme (B,) vérifiée, en float64."""
        out = C.as_tensor(C.forward(modele, x.float(), name=label), f'{label}(x)')
        C.expect_shape(out, (x.shape[0],), name=f'{label}(x)', hint='un score par image : `.reshape(-1)` (ou `.view(-1)`) sur la sortie (B, 1, 1, 1) de la dernière convolution.')
        return out.double()

    def critique_oracle(x, canaux, features):
        """Les scores de l'architecture de l'énoncé, poids fixés par leur forme, en float64."""
        from autograder.checks import oracles
        s, f = (oracles.seeded_by_shape, features)
        h = F.leaky_relu(F.conv2d(x, s((f, canaux, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((2 * f, f, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((4 * f, 2 * f, 3, 3)), stride=2, padding=1), 0.2)
        return F.conv2d(h, s((1, 4 * f, 4, 4))).reshape(-1)
    label = 'Critique()'
    modele = C.make_model(Critique, name=label)
    C.load_seeded_weights(modele, label)
    g = torch.Generator().manual_seed(2)
    x = torch.randn(6, 1, 28, 28, generator=g)
    autres = 3 * torch.randn(6, 1, 28, 28, generator=g) + 1
    attendu = critique_oracle(x.double(), 1, 16)
    tol = {'rtol': 0.0001, 'atol': 0.0001 * float(attendu.abs().max())}
    indice = "en mode entraînement, le score d'une image ne doit pas dépendre des autres images du lot : pas de BatchNorm (ni d'autre normalisation sur le lot) dans le critique."
    melange = torch.cat([x[:3], autres[3:]])
    C.expect_close(scores_critique(modele, melange, label)[:3], attendu[:3], name='scores des 3 premières images quand les 3 autres changent', **tol, hint=indice)
    C.expect_close(scores_critique(modele, x[:1], label), attendu[:1], name="score d'une image seule (lot de taille 1)", **tol, hint=indice)
    C.expect_close(scores_critique(modele, x, label), attendu, name='scores du lot', **tol)

@test_case(points=None, hidden=True)
def test_critique_differentiable(Critique):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def critique_oracle(x, canaux, features):
        """Les scores de l'architecture de l'énoncé, poids fixés par leur forme, en float64."""
        from autograder.checks import oracles
        s, f = (oracles.seeded_by_shape, features)
        h = F.leaky_relu(F.conv2d(x, s((f, canaux, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((2 * f, f, 4, 4)), stride=2, padding=1), 0.2)
        h = F.leaky_relu(F.conv2d(h, s((4 * f, 2 * f, 3, 3)), stride=2, padding=1), 0.2)
        return F.conv2d(h, s((1, 4 * f, 4, 4))).reshape(-1)
    gradient_entree = C.code('def gradient_entree(modele, x):\n    x = x.clone().requires_grad_(True)\n    scores = modele(x)\n    if not (isinstance(scores, torch.Tensor) and scores.requires_grad):\n        return None\n    gradient, = torch.autograd.grad(scores.sum(), x)\n    return gradient')
    label = 'Critique()'
    modele = C.make_model(Critique, name=label)
    C.load_seeded_weights(modele, label)
    x = torch.randn(3, 1, 28, 28, generator=torch.Generator().manual_seed(12))
    obtenu = C.call(gradient_entree, modele, x, name=label)
    C.expect(obtenu is not None, "Les scores de `Critique` ne sont pas reliés au graphe d'autograd : ni la perte ni la pénalité de gradient ne pourraient entraîner le critique.", hint='pas de .detach(), de torch.no_grad() ni de .data dans forward.')
    feuille = x.double().requires_grad_(True)
    attendu, = torch.autograd.grad(critique_oracle(feuille, 1, 16).sum(), feuille)
    C.expect_close(C.as_tensor(obtenu, 'gradient').double(), attendu, rtol=0.001, atol=0.0001 * float(attendu.abs().max()), name='gradient des scores de Critique() par rapport aux images, poids fixés')

