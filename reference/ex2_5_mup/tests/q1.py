from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_regles_sp_et_base(regles):
    from autograder import checks as C
    sp = C.call(regles, 'sp', 128, 32, 16, name='regles')
    C.expect(isinstance(sp, dict) and all((isinstance(sp.get(k), dict) for k in ('W1', 'W2', 'W3'))), "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
    for key, var in (('W1', 1 / 16), ('W2', 1 / 128), ('W3', 1 / 128)):
        C.expect('var' in sp[key] and 'lr' in sp[key], f"`regles(...)['{key}']` doit contenir les clés 'var' et 'lr'.")
        label = f"regles('sp', 128, 32, 16)['{key}']"
        C.expect_scalar_close(sp[key]['var'], var, name=f"{label}['var']", reveal=True)
        C.expect_scalar_close(sp[key]['lr'], 1.0, name=f"{label}['lr']", reveal=True)
    base = C.call(regles, 'mup', 32, 32, 16, name='regles')
    C.expect(isinstance(base, dict) and all((isinstance(base.get(k), dict) and 'var' in base[k] and ('lr' in base[k]) for k in ('W1', 'W2', 'W3'))), "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
    for key, var in (('W1', 1 / 16), ('W2', 1 / 32), ('W3', 1 / 32)):
        label = f"regles('mup', 32, 32, 16)['{key}']"
        C.expect_scalar_close(base[key]['var'], var, name=f"{label}['var']", reveal=True, hint='à la largeur de base, µP et SP coïncident.')
        C.expect_scalar_close(base[key]['lr'], 1.0, name=f"{label}['lr']", reveal=True, hint='à la largeur de base, µP et SP coïncident.')

@test_case(points=None, hidden=True)
def test_regles_mup(regles):
    from autograder import checks as C
    hints = {'W1': "la couche d'entrée a un fan-in d fixe : variance 1/d, LR inchangé.", 'W2': 'couche cachée : variance 1/n et LR Adam η/m, avec m = n/n0.', 'W3': 'couche de sortie : variance 1/(n·m) = n0/n² et LR Adam η/m.'}
    for n, n0, d in ((256, 32, 16), (100, 25, 7), (48, 64, 10)):
        m = n / n0
        expected = {'W1': (1 / d, 1.0), 'W2': (1 / n, 1 / m), 'W3': (1 / (n * m), 1 / m)}
        got = C.call(regles, 'mup', n, n0, d, name='regles')
        C.expect(isinstance(got, dict) and all((isinstance(got.get(k), dict) and 'var' in got[k] and ('lr' in got[k]) for k in expected)), "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
        for key, (var, lr) in expected.items():
            C.expect_scalar_close(got[key]['var'], var, rtol=1e-09, hint=hints[key], name=f"regles('mup', {n}, {n0}, {d})['{key}']['var']")
            C.expect_scalar_close(got[key]['lr'], lr, rtol=1e-09, hint=hints[key], name=f"regles('mup', {n}, {n0}, {d})['{key}']['lr']")

@test_case(points=None, hidden=True)
def test_regles_sp_autres_largeurs(regles):
    from autograder import checks as C
    for n, n0, d in ((512, 32, 16), (40, 10, 3)):
        got = C.call(regles, 'sp', n, n0, d, name='regles')
        C.expect(isinstance(got, dict) and all((isinstance(got.get(k), dict) and 'var' in got[k] and ('lr' in got[k]) for k in ('W1', 'W2', 'W3'))), "`regles` doit renvoyer {'W1': {'var': …, 'lr': …}, 'W2': {…}, 'W3': {…}}.")
        for key, var in (('W1', 1 / d), ('W2', 1 / n), ('W3', 1 / n)):
            C.expect_scalar_close(got[key]['var'], var, rtol=1e-09, name=f"regles('sp', {n}, {n0}, {d})['{key}']['var']", hint='en SP, variance 1/fan_in pour toutes les couches.')
            C.expect_scalar_close(got[key]['lr'], 1.0, rtol=1e-09, name=f"regles('sp', {n}, {n0}, {d})['{key}']['lr']", hint='en SP, le même LR η pour toutes les couches.')

