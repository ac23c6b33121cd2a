from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_multi_pas_exemple(persistance, prevision_autoregressive, prevision_teacher_forcing):
    import torch
    from torch import nn
    from autograder import checks as C

    def previsions_attendues(fenetre, futur, horizon):
        """The oracle of question 5 for `modele_lineaire`: autoregressive when `futur` is None,
    teacher-forced otherwise."""
        T = fenetre.shape[1]
        w = fenetre.to(torch.float64)
        connu = None if futur is None else torch.cat([w, futur.to(torch.float64)], dim=1)
        colonnes = []
        for k in range(horizon):
            courante = w if connu is None else connu[:, k:k + T]
            y = 0.5 * courante[:, -1] + 0.3 * courante[:, -2] - 0.2 * courante[:, 0] + 0.1
            colonnes.append(y)
            if connu is None:
                w = torch.cat([w[:, 1:], y.unsqueeze(1)], dim=1)
        return torch.stack(colonnes, dim=1)

    def modele_lineaire(anchor, T):
        """A grader model, built where `anchor` lives, whose prediction is a known linear function
    of the window (0.5·w[T−1] + 0.3·w[T−2] − 0.2·w[0] + 0.1); it refuses a window of another
    length than T."""
        fabrique = C.code("def fabrique(T):\n\n    class Lineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.coefficients = nn.Parameter(torch.tensor([0.5, 0.3, -0.2, 0.1]))\n\n        def forward(self, x):\n            assert x.dim() == 2 and x.shape[1] == T, f'le modèle attend une fenêtre de forme (N, {T}), reçu {tuple(x.shape)}'\n            a, b, c, d = self.coefficients.detach().tolist()\n            return a * x[:, -1] + b * x[:, -2] + c * x[:, 0] + d\n    return Lineaire()")
        return C.build_where(anchor, fabrique, T)
    fenetre = torch.tensor([[1.0, 2.0, 3.0, 4.0], [0.0, -1.0, 0.5, 2.0]])
    futur = torch.tensor([[5.0, 6.0, 7.0], [1.0, 0.0, -1.0]])
    C.expect_close(C.call(persistance, fenetre.clone(), 3, name='persistance'), fenetre[:, -1:].repeat(1, 3), name='persistance(fenetre, 3)', reveal=True, hint='le dernier jour de chaque fenêtre, répété horizon fois.')
    modele = modele_lineaire(prevision_autoregressive, 4)
    C.expect_close(C.call(prevision_autoregressive, modele, fenetre.clone(), 3, name='prevision_autoregressive'), previsions_attendues(fenetre, None, 3), name='prevision_autoregressive(modele, fenetre, 3) avec un modèle linéaire connu', reveal=True, hint='à chaque pas : prévoir, puis fenetre ← [fenetre[:, 1:], prévision].')
    modele = modele_lineaire(prevision_teacher_forcing, 4)
    C.expect_close(C.call(prevision_teacher_forcing, modele, fenetre.clone(), futur.clone(), name='prevision_teacher_forcing'), previsions_attendues(fenetre, futur, 3), name='prevision_teacher_forcing(modele, fenetre, futur) avec un modèle linéaire connu', reveal=True, hint='le jour T + k est prévu à partir des T jours qui le précèdent, vraies valeurs de futur comprises.')

@test_case(points=None, hidden=True)
def test_autoregressive_reinjecte_ses_previsions(prevision_autoregressive):
    import torch
    from torch import nn
    from autograder import checks as C

    def previsions_attendues(fenetre, futur, horizon):
        """The oracle of question 5 for `modele_lineaire`: autoregressive when `futur` is None,
    teacher-forced otherwise."""
        T = fenetre.shape[1]
        w = fenetre.to(torch.float64)
        connu = None if futur is None else torch.cat([w, futur.to(torch.float64)], dim=1)
        colonnes = []
        for k in range(horizon):
            courante = w if connu is None else connu[:, k:k + T]
            y = 0.5 * courante[:, -1] + 0.3 * courante[:, -2] - 0.2 * courante[:, 0] + 0.1
            colonnes.append(y)
            if connu is None:
                w = torch.cat([w[:, 1:], y.unsqueeze(1)], dim=1)
        return torch.stack(colonnes, dim=1)

    def modele_lineaire(anchor, T):
        """A grader model, built where `anchor` lives, whose prediction is a known linear function
    of the window (0.5·w[T−1] + 0.3·w[T−2] − 0.2·w[0] + 0.1); it refuses a window of another
    length than T."""
        fabrique = C.code("def fabrique(T):\n\n    class Lineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.coefficients = nn.Parameter(torch.tensor([0.5, 0.3, -0.2, 0.1]))\n\n        def forward(self, x):\n            assert x.dim() == 2 and x.shape[1] == T, f'le modèle attend une fenêtre de forme (N, {T}), reçu {tuple(x.shape)}'\n            a, b, c, d = self.coefficients.detach().tolist()\n            return a * x[:, -1] + b * x[:, -2] + c * x[:, 0] + d\n    return Lineaire()")
        return C.build_where(anchor, fabrique, T)

    def expect_previsions(recu, attendu, quoi, hint_forme, hint_valeurs):
        """The shape (N, horizon) of a multi-step forecast, then its values (float32 tolerance)."""
        C.expect_shape(recu, tuple(attendu.shape), name=quoi, hint=hint_forme)
        C.expect_close(recu, attendu, name=quoi, rtol=0.0001, atol=1e-05, hint=hint_valeurs)
    g = torch.Generator().manual_seed(5300)
    for N, T, horizon in ((6, 30, None), (3, 5, 10), (1, 8, 1), (4, 3, 7)):
        fenetre = torch.randn(N, T, generator=g)
        modele = modele_lineaire(prevision_autoregressive, T)
        h = 7 if horizon is None else horizon
        args = (modele, fenetre.clone()) if horizon is None else (modele, fenetre.clone(), h)
        quoi = f'prevision_autoregressive(modele, fenetre de forme ({N}, {T})' + ('' if horizon is None else f', {h}') + ')'
        recu = C.expect_unchanged(prevision_autoregressive, *args, name='prevision_autoregressive', hint='travaillez sur une nouvelle fenêtre (torch.cat) au lieu de décaler la fenêtre reçue en place.')
        expect_previsions(recu, previsions_attendues(fenetre, None, h), quoi, 'une colonne par jour prévu : forme (N, horizon), horizon=7 par défaut.', "le jour T + k est prévu à partir d'une fenêtre de T jours qui se termine par les prévisions des jours T … T + k − 1 : retirez le plus ancien jour et ajoutez la dernière prévision à chaque pas.")

@test_case(points=None, hidden=True)
def test_teacher_forcing_vraies_valeurs_sans_fuite(prevision_teacher_forcing):
    import torch
    from torch import nn
    from autograder import checks as C

    def previsions_attendues(fenetre, futur, horizon):
        """The oracle of question 5 for `modele_lineaire`: autoregressive when `futur` is None,
    teacher-forced otherwise."""
        T = fenetre.shape[1]
        w = fenetre.to(torch.float64)
        connu = None if futur is None else torch.cat([w, futur.to(torch.float64)], dim=1)
        colonnes = []
        for k in range(horizon):
            courante = w if connu is None else connu[:, k:k + T]
            y = 0.5 * courante[:, -1] + 0.3 * courante[:, -2] - 0.2 * courante[:, 0] + 0.1
            colonnes.append(y)
            if connu is None:
                w = torch.cat([w[:, 1:], y.unsqueeze(1)], dim=1)
        return torch.stack(colonnes, dim=1)

    def modele_lineaire(anchor, T):
        """A grader model, built where `anchor` lives, whose prediction is a known linear function
    of the window (0.5·w[T−1] + 0.3·w[T−2] − 0.2·w[0] + 0.1); it refuses a window of another
    length than T."""
        fabrique = C.code("def fabrique(T):\n\n    class Lineaire(nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.coefficients = nn.Parameter(torch.tensor([0.5, 0.3, -0.2, 0.1]))\n\n        def forward(self, x):\n            assert x.dim() == 2 and x.shape[1] == T, f'le modèle attend une fenêtre de forme (N, {T}), reçu {tuple(x.shape)}'\n            a, b, c, d = self.coefficients.detach().tolist()\n            return a * x[:, -1] + b * x[:, -2] + c * x[:, 0] + d\n    return Lineaire()")
        return C.build_where(anchor, fabrique, T)

    def expect_previsions(recu, attendu, quoi, hint_forme, hint_valeurs):
        """The shape (N, horizon) of a multi-step forecast, then its values (float32 tolerance)."""
        C.expect_shape(recu, tuple(attendu.shape), name=quoi, hint=hint_forme)
        C.expect_close(recu, attendu, name=quoi, rtol=0.0001, atol=1e-05, hint=hint_valeurs)
    g = torch.Generator().manual_seed(5301)
    for N, T, horizon in ((5, 30, 7), (2, 4, 9), (1, 6, 1), (3, 3, 5)):
        fenetre, futur = (torch.randn(N, T, generator=g), torch.randn(N, horizon, generator=g))
        modele = modele_lineaire(prevision_teacher_forcing, T)
        quoi = f'prevision_teacher_forcing(modele, fenetre de forme ({N}, {T}), futur de forme ({N}, {horizon}))'
        recu = C.expect_unchanged(prevision_teacher_forcing, modele, fenetre.clone(), futur.clone(), name='prevision_teacher_forcing', hint='construisez de nouvelles fenêtres (torch.cat, tranches) sans écrire dans fenetre ni futur.')
        expect_previsions(recu, previsions_attendues(fenetre, futur, horizon), quoi, 'une colonne par jour de futur : forme (N, futur.shape[1]).', 'le jour T + k est prévu à partir des T jours qui le précèdent : la fin de fenetre puis les vraies valeurs futur[:, :k], jamais futur[:, k] lui-même ni les prévisions du modèle.')

@test_case(points=None, hidden=True)
def test_persistance_valeurs(persistance):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(5302)
    for N, T, horizon in ((4, 30, None), (1, 5, 3), (3, 2, 10)):
        fenetre = torch.randn(N, T, generator=g, dtype=torch.float64)
        h = 7 if horizon is None else horizon
        args = (fenetre.clone(),) if horizon is None else (fenetre.clone(), h)
        quoi = f'persistance(fenetre de forme ({N}, {T})' + ('' if horizon is None else f', {h}') + ')'
        recu = C.expect_unchanged(persistance, *args, name='persistance')
        C.expect_close(recu, fenetre[:, -1:].expand(N, h), name=quoi, hint='la valeur du dernier jour de chaque fenêtre (fenetre[:, -1]), répétée sur les horizon colonnes (7 par défaut).')

