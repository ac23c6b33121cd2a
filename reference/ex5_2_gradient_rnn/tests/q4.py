from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_initialisations_exemple(whh_orthogonale, whh_gaussienne):
    import torch
    from autograder import checks as C

    def tirage():
        """`tirage()(f, graine, *args)` = f(*args, torch.Generator().manual_seed(graine)), exécuté
    là où vit `f` (un générateur ne traverse pas la frontière du bac à sable)."""
        return C.code('lambda f, graine, *args: f(*args, torch.Generator().manual_seed(graine))')
    nom = 'whh_orthogonale(5, generateur)'
    Q = C.as_tensor(C.call(tirage(), whh_orthogonale, 0, 5, name='whh_orthogonale'), nom)
    C.expect_shape(Q, (5, 5), name=nom)
    C.expect_dtype(Q, torch.float64, name=nom)
    C.expect_close(Q @ Q.T, torch.eye(5, dtype=torch.float64), name=f'Q Qᵀ pour {nom}', rtol=0.0, atol=1e-10, reveal=True, hint='renvoyez le facteur Q de torch.linalg.qr, pas R.')
    nom = 'whh_gaussienne(5, 0.5, generateur)'
    G = C.as_tensor(C.call(tirage(), whh_gaussienne, 0, 5, 0.5, name='whh_gaussienne'), nom)
    C.expect_shape(G, (5, 5), name=nom)
    C.expect_dtype(G, torch.float64, name=nom)

@test_case(points=None, hidden=True)
def test_orthogonale_proprietes(whh_orthogonale):
    import torch
    from autograder import checks as C

    def tirage():
        """`tirage()(f, graine, *args)` = f(*args, torch.Generator().manual_seed(graine)), exécuté
    là où vit `f` (un générateur ne traverse pas la frontière du bac à sable)."""
        return C.code('lambda f, graine, *args: f(*args, torch.Generator().manual_seed(graine))')
    n = 300
    nom = 'whh_orthogonale (grande matrice)'
    Q = C.as_tensor(C.call(tirage(), whh_orthogonale, 71, n, name='whh_orthogonale'), nom)
    C.expect_shape(Q, (n, n), name=nom)
    C.expect_dtype(Q, torch.float64, name=nom)
    I = torch.eye(n, dtype=torch.float64)
    C.expect(bool(torch.allclose(Q @ Q.T, I, rtol=0.0, atol=1e-10)) and bool(torch.allclose(Q.T @ Q, I, rtol=0.0, atol=1e-10)), f"`{nom}` n'est pas orthogonale (Q Qᵀ ≠ I).", hint="renvoyez le facteur Q de torch.linalg.qr d'une matrice carrée gaussienne.")
    moment = float((Q ** 4).mean()) * n * n
    C.expect(2.75 <= moment <= 3.2, f"Les coefficients de `{nom}` n'ont pas la dispersion de ceux d'une matrice orthogonale issue d'une matrice gaussienne.", hint='factorisez une matrice de coefficients N(0, 1) (torch.randn), pas une matrice structurée.')
    C.expect_generator_obeyed(whh_orthogonale, 6, name='whh_orthogonale', keyword='generateur')

@test_case(points=None, hidden=True)
def test_gaussienne_loi(whh_gaussienne):
    import math
    import torch
    from autograder import checks as C

    def tirage():
        """`tirage()(f, graine, *args)` = f(*args, torch.Generator().manual_seed(graine)), exécuté
    là où vit `f` (un générateur ne traverse pas la frontière du bac à sable)."""
        return C.code('lambda f, graine, *args: f(*args, torch.Generator().manual_seed(graine))')
    for n, gain, tol_var in ((400, 0.7, 0.02), (100, 1.6, 0.08)):
        nom = f'whh_gaussienne (gain {gain})'
        G = C.as_tensor(C.call(tirage(), whh_gaussienne, 81, n, gain, name='whh_gaussienne'), nom)
        C.expect_shape(G, (n, n), name=nom)
        C.expect_dtype(G, torch.float64, name=nom)
        w = G.double() * math.sqrt(n) / gain
        C.expect(abs(float(w.mean())) <= 5 / n, f'Les coefficients de `{nom}` ne sont pas centrés.')
        C.expect(abs(float((w ** 2).mean()) - 1) <= tol_var, f"La variance des coefficients de `{nom}` n'est pas gain²/n.", hint='écart-type gain/√n : multipliez torch.randn par gain / math.sqrt(n).')
        if n == 400:
            kurtosis = float((w ** 4).mean()) / float((w ** 2).mean()) ** 2
            C.expect(abs(kurtosis - 3) <= 0.08, f'Les coefficients de `{nom}` ne suivent pas une loi normale.', hint='tirez avec torch.randn (loi normale), pas torch.rand (uniforme).')
    C.expect_generator_obeyed(whh_gaussienne, 6, 0.5, name='whh_gaussienne', keyword='generateur')

@test_case(points=None, hidden=True)
def test_orthogonale_disparait_moins_vite(whh_orthogonale, whh_gaussienne):
    import torch
    from torch import nn
    from autograder import checks as C

    def tirage():
        """`tirage()(f, graine, *args)` = f(*args, torch.Generator().manual_seed(graine)), exécuté
    là où vit `f` (un générateur ne traverse pas la frontière du bac à sable)."""
        return C.code('lambda f, graine, *args: f(*args, torch.Generator().manual_seed(graine))')

    def jacobienne_oracle(modele, x, t, k):
        """∂h_t/∂h_k (entrées ∂h_t[i]/∂h_k[j]) par torch.autograd.functional.jacobian, en float64,
    sur la copie du correcteur (convertie en float64) ; c_k fixé pour un LSTM."""
        modele, x = (modele.double(), x.double())
        H = modele.hidden_size
        if t == k:
            return torch.eye(H, dtype=torch.float64)
        lstm = isinstance(modele, nn.LSTM)
        with torch.no_grad():
            if k == 0:
                h, c = (torch.zeros(1, H, dtype=torch.float64), torch.zeros(1, H, dtype=torch.float64))
            else:
                _, etat = modele(x[:k])
                h, c = etat if lstm else (etat, None)

        def suite(h0):
            return modele(x[k:t], (h0, c) if lstm else h0)[0][-1]
        return torch.autograd.functional.jacobian(suite, h)[:, 0, :]
    H, t = (16, 40)
    for graine in (0, 1, 2):
        g = torch.Generator().manual_seed(90 + graine)
        x = torch.randn(t, 4, generator=g, dtype=torch.float64)
        U = 0.01 * torch.randn(H, 4, generator=g, dtype=torch.float64)
        normes = {}
        for methode in ('orthogonale', 'gaussienne'):
            if methode == 'orthogonale':
                W = C.call(tirage(), whh_orthogonale, graine, H, name='whh_orthogonale')
            else:
                W = C.call(tirage(), whh_gaussienne, graine, H, 0.5, name='whh_gaussienne')
            W = C.as_tensor(W, f'whh_{methode}').double()
            C.expect_shape(W, (H, H), name=f'whh_{methode}')
            rnn = nn.RNN(4, H).double()
            with torch.no_grad():
                rnn.weight_hh_l0.copy_(W)
                rnn.weight_ih_l0.copy_(U)
                rnn.bias_ih_l0.zero_()
                rnn.bias_hh_l0.zero_()
            normes[methode] = float(torch.linalg.matrix_norm(jacobienne_oracle(rnn, x, t, 0), ord=2))
        C.expect(normes['orthogonale'] > 0.1 and normes['orthogonale'] > 100 * normes['gaussienne'], 'Installée dans un RNN, la matrice de `whh_orthogonale` ne ralentit pas la disparition du gradient par rapport à celle de `whh_gaussienne` (gain 0,5).', hint="toutes les valeurs singulières d'une matrice orthogonale valent 1 ; vérifiez les deux initialisations (Q de la QR, écart-type gain/√n).")

