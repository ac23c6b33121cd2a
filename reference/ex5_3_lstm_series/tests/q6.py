from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=None, hidden=False)
def test_modeles_battent_la_persistance_2014(modele_lstm, modele_gru):
    import torch
    from autograder import checks as C
    from autograder import data

    def statistiques_attendues(serie):
        """Mean and both standard deviations (denominators n and n − 1) of a series, in float64."""
        s = serie.to(torch.float64)
        return (float(s.mean()), float(s.std(correction=0)), float(s.std(correction=1)))

    def fenetres_attendues(serie, longueur, horizon):
        """The oracle of question 1: every window and the days that follow it."""
        M = len(serie) - longueur - horizon + 1
        X = torch.stack([serie[i:i + longueur] for i in range(M)])
        Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
        return (X, Y)

    def rapport_a_la_persistance(modele, partie, quoi):
        """EQM of `modele` on every 30-day window of `partie` (normalised with the train split's
    statistics, errors in °C) divided by the persistence's EQM on the same days."""
        _, train = data.series('seattle-weather', 'train')
        _, valeurs = data.series('seattle-weather', partie)
        m, _, s = statistiques_attendues(train[:, 1])
        X, Y = fenetres_attendues(valeurs[:, 1].to(torch.float64), 30, 1)
        entree = ((X - m) / s).to(torch.float32)
        prevision = C.as_tensor(C.forward(modele, entree, name=quoi), quoi).to(torch.float64)
        C.expect_shape(prevision, (len(X),), name=f'{quoi}(fenêtres)')
        C.expect(bool(torch.isfinite(prevision).all()), f'`{quoi}` prévoit des valeurs non finies.')
        eqm = float(((prevision * s + m - Y[:, 0]) ** 2).mean())
        return eqm / float(((X[:, -1] - Y[:, 0]) ** 2).mean())

    def expect_modeles_entraines(modele_lstm, modele_gru, partie, seuil, public):
        for modele, cellule in ((modele_lstm, 'lstm'), (modele_gru, 'gru')):
            quoi = f'modele_{cellule}'
            lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, getattr(getattr(m, 'rnn', None), 'num_layers', None)]")
            classe, couches = C.call(lire, C.require(modele, quoi, 'variable'), name=quoi)
            attendue = {'lstm': 'LSTM', 'gru': 'GRU'}[cellule]
            C.expect(classe == attendue and couches == 2, f'`{quoi}` devrait être un PrevisionRNN à 2 couches de type {attendue}.', hint="ne modifiez pas la cellule d'entraînement fournie.")
            rapport = rapport_a_la_persistance(modele, partie, quoi)
            detail = f' (rapport des EQM {rapport:.3f})' if public else ''
            C.expect(rapport <= seuil, f"`{quoi}` ne prévoit pas le lendemain mieux que la persistance {('sur 2014' if public else 'sur les données de la correction')}{detail}.", hint="vérifiez les fenêtres (q1 : les cibles suivent la fenêtre), la normalisation (q2) et le modèle (q3 : dernier jour, dernière couche), puis relancez la cellule d'entraînement.")
    expect_modeles_entraines(modele_lstm, modele_gru, 'test', 1.0, True)

@test_case(points=None, hidden=True)
def test_modeles_battent_la_persistance_annee_cachee(modele_lstm, modele_gru):
    import torch
    from autograder import checks as C
    from autograder import data

    def statistiques_attendues(serie):
        """Mean and both standard deviations (denominators n and n − 1) of a series, in float64."""
        s = serie.to(torch.float64)
        return (float(s.mean()), float(s.std(correction=0)), float(s.std(correction=1)))

    def fenetres_attendues(serie, longueur, horizon):
        """The oracle of question 1: every window and the days that follow it."""
        M = len(serie) - longueur - horizon + 1
        X = torch.stack([serie[i:i + longueur] for i in range(M)])
        Y = torch.stack([serie[i + longueur:i + longueur + horizon] for i in range(M)])
        return (X, Y)

    def rapport_a_la_persistance(modele, partie, quoi):
        """EQM of `modele` on every 30-day window of `partie` (normalised with the train split's
    statistics, errors in °C) divided by the persistence's EQM on the same days."""
        _, train = data.series('seattle-weather', 'train')
        _, valeurs = data.series('seattle-weather', partie)
        m, _, s = statistiques_attendues(train[:, 1])
        X, Y = fenetres_attendues(valeurs[:, 1].to(torch.float64), 30, 1)
        entree = ((X - m) / s).to(torch.float32)
        prevision = C.as_tensor(C.forward(modele, entree, name=quoi), quoi).to(torch.float64)
        C.expect_shape(prevision, (len(X),), name=f'{quoi}(fenêtres)')
        C.expect(bool(torch.isfinite(prevision).all()), f'`{quoi}` prévoit des valeurs non finies.')
        eqm = float(((prevision * s + m - Y[:, 0]) ** 2).mean())
        return eqm / float(((X[:, -1] - Y[:, 0]) ** 2).mean())

    def expect_modeles_entraines(modele_lstm, modele_gru, partie, seuil, public):
        for modele, cellule in ((modele_lstm, 'lstm'), (modele_gru, 'gru')):
            quoi = f'modele_{cellule}'
            lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, getattr(getattr(m, 'rnn', None), 'num_layers', None)]")
            classe, couches = C.call(lire, C.require(modele, quoi, 'variable'), name=quoi)
            attendue = {'lstm': 'LSTM', 'gru': 'GRU'}[cellule]
            C.expect(classe == attendue and couches == 2, f'`{quoi}` devrait être un PrevisionRNN à 2 couches de type {attendue}.', hint="ne modifiez pas la cellule d'entraînement fournie.")
            rapport = rapport_a_la_persistance(modele, partie, quoi)
            detail = f' (rapport des EQM {rapport:.3f})' if public else ''
            C.expect(rapport <= seuil, f"`{quoi}` ne prévoit pas le lendemain mieux que la persistance {('sur 2014' if public else 'sur les données de la correction')}{detail}.", hint="vérifiez les fenêtres (q1 : les cibles suivent la fenêtre), la normalisation (q2) et le modèle (q3 : dernier jour, dernière couche), puis relancez la cellule d'entraînement.")
    expect_modeles_entraines(modele_lstm, modele_gru, 'holdout', 1.0, False)

