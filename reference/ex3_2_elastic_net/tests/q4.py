from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_support_et_dictionnaire(support, comparer_penalites):
    import torch
    from autograder import checks as C
    s = C.as_tensor(C.call(support, torch.tensor([0.0, 1.5, 0.0, -2.0, 0.0], dtype=torch.float64), name='support'), 'support(θ)')
    C.expect_equal(s.reshape(-1).long().tolist(), [1, 3], name='support([0, 1.5, 0, −2, 0])', reveal=True, hint='les indices des coefficients non nuls, négatifs compris.')
    g = torch.Generator().manual_seed(0)
    X = torch.randn(8, 3, generator=g, dtype=torch.float64)
    y = torch.randn(8, generator=g, dtype=torch.float64)
    res = C.call(comparer_penalites, X, y, 0.1, 0.5, 0.1, 3, name='comparer_penalites')
    C.expect(isinstance(res, dict) and sorted(res) == ['ElasticNet', 'L1', 'L2'], '`comparer_penalites` doit renvoyer un dictionnaire de clés "L1", "L2" et "ElasticNet".')
    for nom in ('L1', 'L2', 'ElasticNet'):
        C.expect_shape(res[nom], (3,), name=f"comparer_penalites(...)['{nom}']")

@test_case(points=None, hidden=True)
def test_support_exact(support):
    import torch
    from autograder import checks as C
    theta = torch.zeros(3, 7, dtype=torch.float64)
    theta[0, 2], theta[1, 0], theta[2, 6] = (-1e-12, 3.0, 1e-300)
    for row, expected in zip(theta, ([2], [0], [6]), strict=True):
        got = C.as_tensor(C.call(support, row.clone(), name='support'), 'support(θ)')
        C.expect_equal(sorted(got.reshape(-1).long().tolist()), expected, name='support(θ) avec de très petits coefficients non nuls', hint='θᵢ ≠ 0 sans tolérance ; les coefficients négatifs comptent.')
    g = torch.Generator().manual_seed(41)
    v = torch.randn(50, generator=g, dtype=torch.float64)
    v[v.abs() < 0.8] = 0.0
    got = C.as_tensor(C.call(support, v.clone(), name='support'), 'support(θ)')
    C.expect_equal(got.reshape(-1).long().tolist(), torch.nonzero(v).flatten().tolist(), name='support(θ) (50 coefficients)', hint='la liste croissante des indices i tels que θᵢ ≠ 0.')
    got = C.as_tensor(C.call(support, torch.zeros(5, dtype=torch.float64), name='support'), 'support(0)')
    C.expect(got.numel() == 0, "`support` d'un vecteur nul doit être la liste vide.")

@test_case(points=None, hidden=True)
def test_support_liste_python(support):
    import numpy as np
    import torch
    from autograder import checks as C
    theta = torch.tensor([0.0, -0.5, 0.0, 2.0, 1e-09, 0.0], dtype=torch.float64)
    got = C.call(support, theta.clone(), name='support')
    C.expect(isinstance(got, list), f'`support` renvoie un objet {type(got).__name__} : il doit renvoyer une liste Python.', hint='convertissez les indices avec .tolist().')
    C.expect(all((isinstance(i, int | np.integer) and (not isinstance(i, bool)) for i in got)), "`support` doit renvoyer une liste d'entiers (les indices).", hint='convertissez les indices avec .tolist().')
    C.expect_equal([int(i) for i in got], [1, 3, 4], name='support(θ)', hint='la liste croissante des indices i tels que θᵢ ≠ 0.')

@test_case(points=None, hidden=True)
def test_supports_retrouves(support, comparer_penalites):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(2024)
    n, p, k = (400, 100, 10)
    X = torch.randn(n, p, generator=g, dtype=torch.float64)
    idx = torch.randperm(p, generator=g)[:k]
    signs = torch.where(torch.rand(k, generator=g, dtype=torch.float64) < 0.5, -1.0, 1.0)
    beta = torch.zeros(p, dtype=torch.float64)
    beta[idx] = (1 + torch.rand(k, generator=g, dtype=torch.float64)) * signs
    y = X @ beta + 0.5 * torch.randn(n, generator=g, dtype=torch.float64)
    true = sorted(idx.tolist())
    res = C.call(comparer_penalites, X.clone(), y.clone(), 0.5, 0.7, 0.3, 300, name='comparer_penalites')
    C.expect(isinstance(res, dict) and sorted(res) == ['ElasticNet', 'L1', 'L2'], '`comparer_penalites` doit renvoyer un dictionnaire de clés "L1", "L2" et "ElasticNet".')
    hints = {'L1': 'Lasso : α = 1, seuil ηλ à chaque itération ; le support doit être celui des 10 variables pertinentes.', 'ElasticNet': 'α = alpha_en : seuil ηλα et terme L2 λ(1 − α)θ dans le gradient.', 'L2': "Ridge : α = 0, donc aucun seuillage : la solution n'est pas parcimonieuse."}
    for nom in ('L1', 'ElasticNet', 'L2'):
        theta = C.as_tensor(res[nom], f"comparer_penalites(...)['{nom}']")
        C.expect_shape(theta, (p,), name=f"comparer_penalites(...)['{nom}']")
        found = sorted(torch.nonzero(theta).flatten().tolist())
        if nom == 'L2':
            C.expect(len(found) == p, f"La solution L2 seule n'a que {len(found)} coefficients non nuls sur {p} : elle ne devrait pas être parcimonieuse.", hint=hints[nom])
        else:
            C.expect(found == true, f"La solution {nom} a {len(found)} coefficients non nuls, dont {len(set(found) & set(true))} parmi les {k} variables pertinentes : le support n'est pas retrouvé.", hint=hints[nom])
        s = C.as_tensor(C.call(support, theta.clone(), name='support'), 'support(θ)')
        C.expect_equal(sorted(s.reshape(-1).long().tolist()), found, name=f"support(comparer_penalites(...)['{nom}'])")

@test_case(points=None, hidden=True)
def test_solutions_optimales(comparer_penalites):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(77)
    n, p, lam, alpha_en = (200, 40, 0.4, 0.6)
    X = torch.randn(n, p, generator=g, dtype=torch.float64)
    beta = torch.zeros(p, dtype=torch.float64)
    beta[:6] = torch.tensor([1.5, -2.0, 1.0, -1.2, 1.8, 1.1], dtype=torch.float64)
    y = X @ beta + 0.5 * torch.randn(n, generator=g, dtype=torch.float64)
    res = C.call(comparer_penalites, X.clone(), y.clone(), lam, alpha_en, 0.25, 400, name='comparer_penalites')
    C.expect(isinstance(res, dict) and sorted(res) == ['ElasticNet', 'L1', 'L2'], '`comparer_penalites` doit renvoyer un dictionnaire de clés "L1", "L2" et "ElasticNet".')
    ridge = torch.linalg.solve(X.T @ X / n + lam * torch.eye(p, dtype=torch.float64), X.T @ y / n)
    C.expect_close(res['L2'], ridge, name="comparer_penalites(...)['L2']", rtol=1e-07, atol=1e-09, hint="avec α = 0 l'algorithme converge vers la solution de Ridge, (XᵀX/n + λI)⁻¹ Xᵀy/n : vérifiez le terme L2 λ(1 − α)θ, le signe du seuillage et la remise à zéro des gradients.")
    for nom, alpha in (('L1', 1.0), ('ElasticNet', alpha_en)):
        theta = C.as_tensor(res[nom], f"comparer_penalites(...)['{nom}']").to(torch.float64)
        C.expect_shape(theta, (p,), name=f"comparer_penalites(...)['{nom}']")
        r = X.T @ (y - X @ theta) / n - lam * (1 - alpha) * theta
        ecart = float(torch.where(theta != 0, (r - lam * alpha * torch.sign(theta)).abs(), (r.abs() - lam * alpha).clamp(min=0)).max())
        C.expect(ecart <= 1e-06, f"La solution {nom} ne vérifie pas les conditions d'optimalité de l'Elastic Net (écart {ecart:.2g}).", hint=f'{nom} correspond à α = {alpha:g} ; vérifiez le pas de gradient, le terme L2 et le seuil ηλα.')

