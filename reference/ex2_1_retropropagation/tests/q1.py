from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_cles_et_exemple(dimensions):
    from autograder import checks as C
    import numbers
    keys = ['z1/x', 'h1/z1', 'z2/h1', 'h2/z2', 'z3/h2', 'h3/z3', 'z1/W1', 'z2/W2', 'z3/W3', 'L/h3', 'delta1', 'delta2', 'delta3', 'W1', 'b1', 'W2', 'b2', 'W3', 'b3']
    got = C.call(dimensions, 10, 8, 6, 4, 32, name='dimensions')
    C.expect(isinstance(got, dict), '`dimensions` devrait renvoyer un dictionnaire.')
    missing = [k for k in keys if k not in got]
    C.expect(not missing, f'Clés absentes du dictionnaire renvoyé par `dimensions` : {missing}.')
    for key, want in (('z1/x', (8, 10)), ('delta1', (32, 8)), ('b3', (4,))):
        shape = got[key]
        C.expect(isinstance(shape, (tuple, list)) and all((isinstance(d, numbers.Integral) for d in shape)), f"`dimensions(...)['{key}']` devrait être un tuple d'entiers.")
        C.expect_equal(tuple((int(d) for d in shape)), want, name=f"dimensions(10, 8, 6, 4, 32)['{key}']", reveal=True)

@test_case(points=None, hidden=True)
def test_formes_contre_autograd(dimensions):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    import numbers
    from torch.autograd.functional import jacobian
    hints = {'z/h': '∂z^(ℓ)/∂h^(ℓ−1) = W^(ℓ) ∈ ℝ^{n_ℓ × n_{ℓ−1}}.', 'h/z': 'tanh agit composante par composante : jacobienne carrée n_ℓ × n_ℓ.', 'z/W': "z^(ℓ) a n_ℓ composantes et W^(ℓ) en a n_ℓ × n_{ℓ−1} : tenseur d'ordre 3.", 'delta': 'δ^(ℓ) a la forme de Z^(ℓ) : une ligne par exemple.', 'L/h': '∂L/∂H^(3) a la forme de H^(3).', 'grad': 'le gradient de L par rapport à un paramètre a la forme du paramètre.'}

    def kind(key):
        if key.startswith('delta'):
            return 'delta'
        if '/' not in key:
            return 'grad'
        a, b = key.split('/')
        return f"{a[0]}/{('h' if b == 'x' else b[0])}"
    for n0, n1, n2, n3, N in ((7, 5, 3, 2, 11), (3, 9, 4, 6, 2)):
        gen = torch.Generator().manual_seed(n0 + N)
        n = [n0, n1, n2, n3]
        p = {}
        for ell in (1, 2, 3):
            p[f'W{ell}'] = torch.randn(n[ell], n[ell - 1], generator=gen, dtype=torch.float64)
            p[f'b{ell}'] = torch.randn(n[ell], generator=gen, dtype=torch.float64)
        expected, h = ({}, torch.randn(n0, generator=gen, dtype=torch.float64))
        for ell in (1, 2, 3):
            W, b = (p[f'W{ell}'], p[f'b{ell}'])
            src = 'x' if ell == 1 else f'h{ell - 1}'
            expected[f'z{ell}/{src}'] = tuple(jacobian(lambda v, W=W, b=b: W @ v + b, h).shape)
            expected[f'z{ell}/W{ell}'] = tuple(jacobian(lambda M, h=h, b=b: M @ h + b, W).shape)
            z = W @ h + b
            expected[f'h{ell}/z{ell}'] = tuple(jacobian(torch.tanh, z).shape)
            h = torch.tanh(z)
        X = torch.randn(N, n0, generator=gen, dtype=torch.float64)
        Y = torch.randn(N, n3, generator=gen, dtype=torch.float64)
        leaves = {k: v.clone().requires_grad_(True) for k, v in p.items()}
        H, Zs = (X, {})
        for ell in (1, 2, 3):
            Zs[ell] = F.linear(H, leaves[f'W{ell}'], leaves[f'b{ell}'])
            Zs[ell].retain_grad()
            H = torch.tanh(Zs[ell])
        H.retain_grad()
        F.mse_loss(H, Y).backward()
        for ell in (1, 2, 3):
            expected[f'delta{ell}'] = tuple(Zs[ell].grad.shape)
            expected[f'W{ell}'] = tuple(leaves[f'W{ell}'].grad.shape)
            expected[f'b{ell}'] = tuple(leaves[f'b{ell}'].grad.shape)
        expected['L/h3'] = tuple(H.grad.shape)
        got = C.call(dimensions, n0, n1, n2, n3, N, name='dimensions')
        C.expect(isinstance(got, dict), '`dimensions` devrait renvoyer un dictionnaire.')
        for key, want in expected.items():
            C.expect(key in got, f"La clé '{key}' manque dans le dictionnaire de `dimensions`.")
            shape = got[key]
            C.expect(isinstance(shape, (tuple, list)) and all((isinstance(d, numbers.Integral) for d in shape)), f"`dimensions(...)['{key}']` devrait être un tuple d'entiers.")
            C.expect(tuple((int(d) for d in shape)) == want, f"`dimensions(...)['{key}']` n'est pas la bonne forme (tailles n0, n1, n2, n3, N de la correction, toutes différentes).", hint=hints[kind(key)])

