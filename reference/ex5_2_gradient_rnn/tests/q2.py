from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_profil_exemple(profil_normes):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

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
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, 'rnn', 3, 4, 0, 1.0)
    local = fabrique('rnn', 3, 4, 0, 1.0)
    x = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    nom = 'profil_normes(modele, x, 6)'
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 6, name='profil_normes'), nom)
    C.expect_shape(p, (7,), name=nom, hint='une norme par décalage δ = 0, 1, …, t.')
    C.expect_dtype(p, torch.float64, name=nom)
    attendu = torch.tensor([float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, 6, 6 - d), ord=2)) for d in range(7)], dtype=torch.float64)
    C.expect_close(p, attendu, name=nom, rtol=1e-06, atol=1e-12, reveal=True, hint="l'entrée δ est ‖∂h_t/∂h_{t−δ}‖₂ : l'indice est le décalage t − k, pas k.")

@test_case(points=None, hidden=True)
def test_profil_contre_autograd_rnn(profil_normes):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

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
    genre = 'rnn'
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, genre, 3, 5, 13, 1.2)
    local = fabrique(genre, 3, 5, 13, 1.2)
    x = torch.randn(10, 3, generator=torch.Generator().manual_seed(14), dtype=torch.float64)
    nom = f'profil_normes pour un {genre.upper()}'
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 8, name='profil_normes'), nom)
    C.expect_shape(p, (9,), name=nom, hint='t + 1 entrées (δ = 0, …, t), même si x est plus long que t.')
    C.expect_dtype(p, torch.float64, name=nom)
    attendu = torch.tensor([float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, 8, 8 - d), ord=2)) for d in range(9)], dtype=torch.float64)
    C.expect_close(p, attendu, name=nom, rtol=1e-06, atol=1e-12, hint="l'entrée δ est la norme spectrale de ∂h_t/∂h_{t−δ} ; seuls les t premiers pas de x comptent.")

@test_case(points=None, hidden=True)
def test_profil_contre_autograd_lstm(profil_normes):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

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
    genre = 'lstm'
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, genre, 3, 5, 13, 1.2)
    local = fabrique(genre, 3, 5, 13, 1.2)
    x = torch.randn(10, 3, generator=torch.Generator().manual_seed(14), dtype=torch.float64)
    nom = f'profil_normes pour un {genre.upper()}'
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 8, name='profil_normes'), nom)
    C.expect_shape(p, (9,), name=nom, hint='t + 1 entrées (δ = 0, …, t), même si x est plus long que t.')
    C.expect_dtype(p, torch.float64, name=nom)
    attendu = torch.tensor([float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, 8, 8 - d), ord=2)) for d in range(9)], dtype=torch.float64)
    C.expect_close(p, attendu, name=nom, rtol=1e-06, atol=1e-12, hint="l'entrée δ est la norme spectrale de ∂h_t/∂h_{t−δ} ; seuls les t premiers pas de x comptent.")

@test_case(points=None, hidden=True)
def test_profil_contre_autograd_gru(profil_normes):
    import torch
    from torch import nn
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

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
    genre = 'gru'
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, genre, 3, 5, 13, 1.2)
    local = fabrique(genre, 3, 5, 13, 1.2)
    x = torch.randn(10, 3, generator=torch.Generator().manual_seed(14), dtype=torch.float64)
    nom = f'profil_normes pour un {genre.upper()}'
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 8, name='profil_normes'), nom)
    C.expect_shape(p, (9,), name=nom, hint='t + 1 entrées (δ = 0, …, t), même si x est plus long que t.')
    C.expect_dtype(p, torch.float64, name=nom)
    attendu = torch.tensor([float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, 8, 8 - d), ord=2)) for d in range(9)], dtype=torch.float64)
    C.expect_close(p, attendu, name=nom, rtol=1e-06, atol=1e-12, hint="l'entrée δ est la norme spectrale de ∂h_t/∂h_{t−δ} ; seuls les t premiers pas de x comptent.")

@test_case(points=None, hidden=True)
def test_profil_decroissant_petits_poids(profil_normes):
    import torch
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')
    fabrique = usine_recurrente()
    modele = C.build_where(profil_normes, fabrique, 'rnn', 3, 8, 41, 0.3)
    W = fabrique('rnn', 3, 8, 41, 0.3).weight_hh_l0.detach()
    sigma = float(torch.linalg.matrix_norm(W, ord=2))
    x = torch.randn(40, 3, generator=torch.Generator().manual_seed(42), dtype=torch.float64)
    nom = "profil_normes d'un RNN tanh à petits poids (‖W_hh‖₂ < 1)"
    p = C.as_tensor(C.call(profil_normes, modele, x.clone(), 40, name='profil_normes'), nom)
    C.expect_shape(p, (41,), name=nom)
    p = p.to(torch.float64)
    C.expect(bool((p[1:] < p[:-1]).all()), f'`{nom}` ne décroît pas strictement avec t − k, alors que chaque pas multiplie la jacobienne par une matrice de norme < 1.', hint="l'entrée δ doit correspondre au décalage t − k (k = t − δ), de δ = 0 à t.")
    bornes = sigma ** torch.arange(41, dtype=torch.float64)
    C.expect(bool((p <= bornes * (1 + 1e-09)).all()), f'`{nom}` dépasse la borne σ_max^(t−k) du théorème 5.4 (γ ≤ 1).', hint='norme spectrale (pas de Frobenius), et décalage δ = t − k.')

