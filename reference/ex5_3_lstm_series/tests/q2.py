from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_normalisation_exemple(ajuster_normalisation, normaliser, denormaliser):
    import math
    import torch
    from autograder import checks as C

    def statistiques_attendues(serie):
        """Mean and both standard deviations (denominators n and n − 1) of a series, in float64."""
        s = serie.to(torch.float64)
        return (float(s.mean()), float(s.std(correction=0)), float(s.std(correction=1)))

    def expect_statistiques(resultat, serie, quoi, rtol, hint):
        moyenne, biaise, sans_biais = statistiques_attendues(serie)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit donner le couple (moyenne, ecart_type).')
        C.expect(all((isinstance(v, float) for v in resultat)), f'`{quoi}` doit donner deux flottants Python (pas des tenseurs).', hint='convertissez avec float(...) ou .item().')
        m, s = resultat
        C.expect(math.isclose(m, moyenne, rel_tol=rtol, abs_tol=1e-09), f'La moyenne de `{quoi}` est fausse.', hint=hint)
        C.expect(any((math.isclose(s, e, rel_tol=rtol, abs_tol=1e-09) for e in (biaise, sans_biais))), f"L'écart-type de `{quoi}` est faux.", hint=hint)
    serie = torch.tensor([1.0, 2.0, 3.0, 4.0])
    expect_statistiques(C.call(ajuster_normalisation, serie.clone(), name='ajuster_normalisation'), serie, 'ajuster_normalisation([1, 2, 3, 4])', 1e-06, 'moyenne 2,5 ; écart-type √1,25 ≈ 1,118 (dénominateur n) ou √(5/3) ≈ 1,291 (dénominateur n − 1).')
    x = torch.tensor([[1.0, 3.0], [5.0, -1.0]])
    z = C.call(normaliser, x.clone(), 1.0, 2.0, name='normaliser')
    C.expect_close(z, (x - 1.0) / 2.0, name='normaliser(x, 1.0, 2.0)', reveal=True, hint='(x − moyenne) / ecart_type.')
    C.expect_close(C.call(denormaliser, (x - 1.0) / 2.0, 1.0, 2.0, name='denormaliser'), x, name='denormaliser(normaliser(x, 1.0, 2.0), 1.0, 2.0)', reveal=True, hint="z · ecart_type + moyenne : l'inverse de normaliser.")

@test_case(points=None, hidden=True)
def test_normalisation_valeurs(ajuster_normalisation, normaliser, denormaliser):
    import math
    import torch
    from autograder import checks as C

    def statistiques_attendues(serie):
        """Mean and both standard deviations (denominators n and n − 1) of a series, in float64."""
        s = serie.to(torch.float64)
        return (float(s.mean()), float(s.std(correction=0)), float(s.std(correction=1)))

    def expect_statistiques(resultat, serie, quoi, rtol, hint):
        moyenne, biaise, sans_biais = statistiques_attendues(serie)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit donner le couple (moyenne, ecart_type).')
        C.expect(all((isinstance(v, float) for v in resultat)), f'`{quoi}` doit donner deux flottants Python (pas des tenseurs).', hint='convertissez avec float(...) ou .item().')
        m, s = resultat
        C.expect(math.isclose(m, moyenne, rel_tol=rtol, abs_tol=1e-09), f'La moyenne de `{quoi}` est fausse.', hint=hint)
        C.expect(any((math.isclose(s, e, rel_tol=rtol, abs_tol=1e-09) for e in (biaise, sans_biais))), f"L'écart-type de `{quoi}` est faux.", hint=hint)
    g = torch.Generator().manual_seed(531)
    for n, dtype in ((50, torch.float64), (200, torch.float32), (2, torch.float64)):
        serie = 12.0 + 5.0 * torch.randn(n, generator=g, dtype=torch.float64)
        serie = serie.to(dtype)
        expect_statistiques(C.call(ajuster_normalisation, serie.clone(), name='ajuster_normalisation'), serie, f'ajuster_normalisation(série de {n} valeurs)', 1e-05 if dtype == torch.float32 else 1e-09, "la moyenne et l'écart-type de toute la série (torch.mean, torch.std), renvoyés comme flottants Python.")
    x = 10.0 + 4.0 * torch.randn(6, 5, generator=g, dtype=torch.float64)
    for m, s in ((11.5, 3.25), (-2.0, 0.5)):
        z = C.call(normaliser, x.clone(), m, s, name='normaliser')
        C.expect_close(z, (x - m) / s, name=f'normaliser(x, {m}, {s})', hint='(x − moyenne) / ecart_type, élément par élément.')
        C.expect_close(C.call(denormaliser, (x - m) / s, m, s, name='denormaliser'), x, name=f'denormaliser(z, {m}, {s})', hint='z · ecart_type + moyenne, élément par élément.')

@test_case(points=None, hidden=False)
def test_normalisation_apprise_sur_train(moyenne, ecart_type):
    import math
    import torch
    from autograder import checks as C
    from autograder import data

    def statistiques_attendues(serie):
        """Mean and both standard deviations (denominators n and n − 1) of a series, in float64."""
        s = serie.to(torch.float64)
        return (float(s.mean()), float(s.std(correction=0)), float(s.std(correction=1)))

    def expect_statistiques(resultat, serie, quoi, rtol, hint):
        moyenne, biaise, sans_biais = statistiques_attendues(serie)
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{quoi}` doit donner le couple (moyenne, ecart_type).')
        C.expect(all((isinstance(v, float) for v in resultat)), f'`{quoi}` doit donner deux flottants Python (pas des tenseurs).', hint='convertissez avec float(...) ou .item().')
        m, s = resultat
        C.expect(math.isclose(m, moyenne, rel_tol=rtol, abs_tol=1e-09), f'La moyenne de `{quoi}` est fausse.', hint=hint)
        C.expect(any((math.isclose(s, e, rel_tol=rtol, abs_tol=1e-09) for e in (biaise, sans_biais))), f"L'écart-type de `{quoi}` est faux.", hint=hint)
    _, valeurs = data.series('seattle-weather', 'train')
    expect_statistiques((moyenne, ecart_type), valeurs[:, 1], 'moyenne, ecart_type (calculés dans le notebook)', 0.0001, "calculez moyenne, ecart_type = ajuster_normalisation(temp_train) : sur la série d'entraînement seule, pas sur le test ni sur la concaténation des deux.")

