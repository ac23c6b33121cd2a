from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_fenetres_exemple(fenetres):
    import torch
    from autograder import checks as C

    def fenetres_attendues(serie, longueur, horizon):
        """The oracle of question 1: every window and the days that follow it."""
        M = len(serie) - longueur - horizon + 1
        X = torch.stack([serie[i:i + longueur] for i in range(M)])
        Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
        return (X, Y)

    def couple_xy(resultat, quoi):
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (X, Y).')
        return (C.as_tensor(resultat[0], f'X de {quoi}'), C.as_tensor(resultat[1], f'Y de {quoi}'))
    serie = torch.arange(8.0)
    quoi = 'fenetres(torch.arange(8.0), 3, 2)'
    X, Y = couple_xy(C.call(fenetres, serie.clone(), 3, 2, name='fenetres'), quoi)
    attendu_X, attendu_Y = fenetres_attendues(serie, 3, 2)
    C.expect_shape(X, (4, 3), name=f'X de {quoi}', hint='M = n − longueur − horizon + 1 fenêtres, la dernière comprise.')
    C.expect_shape(Y, (4, 2), name=f'Y de {quoi}')
    C.expect_close(X, attendu_X, name=f'X de {quoi}', reveal=True, hint='X[i] = serie[i : i + longueur].')
    C.expect_close(Y, attendu_Y, name=f'Y de {quoi}', reveal=True, hint='Y[i] = serie[i + longueur : i + longueur + horizon] : les jours qui suivent la fenêtre.')

@test_case(points=None, hidden=True)
def test_fenetres_sans_fuite_ni_oubli(fenetres):
    import torch
    from autograder import checks as C

    def fenetres_attendues(serie, longueur, horizon):
        """The oracle of question 1: every window and the days that follow it."""
        M = len(serie) - longueur - horizon + 1
        X = torch.stack([serie[i:i + longueur] for i in range(M)])
        Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
        return (X, Y)

    def couple_xy(resultat, quoi):
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (X, Y).')
        return (C.as_tensor(resultat[0], f'X de {quoi}'), C.as_tensor(resultat[1], f'Y de {quoi}'))
    g = torch.Generator().manual_seed(53)
    for n, longueur, horizon in ((45, None, None), (40, 30, 7), (20, 5, 3), (12, 11, 1), (9, 2, 7)):
        serie = torch.randperm(1000, generator=g)[:n].to(torch.float64) / 10
        if longueur is None:
            resultat = C.call(fenetres, serie.clone(), name='fenetres')
            longueur, horizon, quoi = (30, 1, f'fenetres(serie de {n} jours)')
        else:
            resultat = C.call(fenetres, serie.clone(), longueur, horizon, name='fenetres')
            quoi = f'fenetres(serie de {n} jours, {longueur}, {horizon})'
        X, Y = couple_xy(resultat, quoi)
        attendu_X, attendu_Y = fenetres_attendues(serie, longueur, horizon)
        M = len(attendu_X)
        C.expect(X.dim() == 2 and Y.dim() == 2 and (X.shape[1] == longueur) and (Y.shape[1] == horizon), f'`{quoi}` : X doit être de forme (M, {longueur}) et Y de forme (M, {horizon}), reçu {tuple(X.shape)} et {tuple(Y.shape)}.', hint='les valeurs par défaut sont longueur=30 et horizon=1 ; Y garde sa seconde dimension même pour horizon=1.')
        fuite = any((bool(torch.isin(Y[i], X[i]).any()) for i in range(min(len(X), len(Y)))))
        C.expect(not fuite, f"`{quoi}` : un jour à prévoir figure dans sa propre fenêtre d'entrée (fuite du futur vers l'entrée).", hint="la fenêtre s'arrête juste avant le premier jour à prévoir : X[i] = serie[i : i + longueur], Y[i] commence en i + longueur.")
        C.expect(len(X) == len(Y) == M, f'`{quoi}` ne renvoie pas toutes les fenêtres possibles ({len(X)} fenêtres au lieu de la bonne quantité).', hint='M = n − longueur − horizon + 1 : vérifiez la borne de votre boucle ; la dernière fenêtre se termine juste avant les horizon derniers jours.')
        C.expect_close(X, attendu_X, name=f'X de {quoi}', rtol=0.0, atol=0.0, hint="X[i] = serie[i : i + longueur], dans l'ordre des jours.")
        C.expect_close(Y, attendu_Y, name=f'Y de {quoi}', rtol=0.0, atol=0.0, hint='Y[i] = serie[i + longueur : i + longueur + horizon].')

@test_case(points=None, hidden=True)
def test_fenetres_meme_type(fenetres):
    import torch
    from autograder import checks as C

    def fenetres_attendues(serie, longueur, horizon):
        """The oracle of question 1: every window and the days that follow it."""
        M = len(serie) - longueur - horizon + 1
        X = torch.stack([serie[i:i + longueur] for i in range(M)])
        Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
        return (X, Y)

    def couple_xy(resultat, quoi):
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit renvoyer un couple (X, Y).')
        return (C.as_tensor(resultat[0], f'X de {quoi}'), C.as_tensor(resultat[1], f'Y de {quoi}'))
    for dtype in (torch.float64, torch.float32):
        serie = torch.linspace(-3.0, 4.0, 15, dtype=dtype)
        quoi = f'fenetres(serie en {str(dtype)[6:]}, 4, 2)'
        X, Y = couple_xy(C.call(fenetres, serie.clone(), 4, 2, name='fenetres'), quoi)
        C.expect(X.dtype == dtype and Y.dtype == dtype, f"`{quoi}` renvoie X en {str(X.dtype)[6:]} et Y en {str(Y.dtype)[6:]} : le type de la série n'est pas conservé.", hint='découpez la série elle-même (tranches, unfold, stack) ; un tenseur créé par torch.zeros(...) sans dtype= est en float32.')
        attendu_X, attendu_Y = fenetres_attendues(serie, 4, 2)
        C.expect_close(X, attendu_X, name=f'X de {quoi}')
        C.expect_close(Y, attendu_Y, name=f'Y de {quoi}')

