from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_borne_exemple(borne_5_7):
    import torch
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def borne_oracle(modele, x, t, k):
        """(σ_max γ)^(t−k) recalculée à la main : z_j pas à pas, tanh′(z) = 1/cosh²(z) sur les pas
    k + 1, …, t, σ_max = plus grande valeur singulière de W_hh."""
        modele, x = (modele.double(), x.double())
        W, U = (modele.weight_hh_l0.detach(), modele.weight_ih_l0.detach())
        b = (modele.bias_ih_l0 + modele.bias_hh_l0).detach()
        h = torch.zeros(modele.hidden_size, dtype=torch.float64)
        gamma = 0.0
        for j in range(1, t + 1):
            z = W @ h + U @ x[j - 1] + b
            h = torch.tanh(z)
            if j > k:
                gamma = max(gamma, float((1 / torch.cosh(z) ** 2).max()))
        return (float(torch.linalg.svdvals(W)[0]) * gamma) ** (t - k)
    fabrique = usine_recurrente()
    modele = C.build_where(borne_5_7, fabrique, 'rnn', 3, 4, 0, 1.0)
    local = fabrique('rnn', 3, 4, 0, 1.0)
    x = torch.randn(6, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    b = C.call(borne_5_7, modele, x.clone(), 6, 2, name='borne_5_7')
    C.expect_scalar_close(b, borne_oracle(local, x, 6, 2), name='borne_5_7(modele, x, 6, 2)', rtol=1e-08, reveal=True, hint='σ_max = ‖W_hh‖₂ (weight_hh_l0), γ = max de 1 − h_j² pour j = k + 1, …, t, exposant t − k.')

@test_case(points=None, hidden=True)
def test_borne_forme_close(borne_5_7):
    import torch
    from autograder import checks as C

    def usine_recurrente():
        """La fabrique d'un nn.RNN / nn.LSTM / nn.GRU à une couche ("rnn", "lstm", "gru") dont les
    poids sont tirés d'un générateur : W_hh de loi N(0, echelle²/H), les autres N(0, 1/(4H)).
    Appelée ici, elle donne la copie du correcteur (l'oracle) ; passée à C.build_where, elle
    construit le même modèle là où vit la fonction de l'élève."""
        return C.code('\ndef fabrique(genre, d, H, graine, echelle, type_="float64"):\n    classe = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[genre]\n    modele = classe(d, H).to(getattr(torch, type_))\n    g = torch.Generator().manual_seed(graine)\n    with torch.no_grad():\n        for nom, p in modele.named_parameters():\n            s = echelle if nom.startswith("weight_hh") else 0.5\n            p.copy_(s / math.sqrt(H) * torch.randn(p.shape, generator=g, dtype=torch.float64))\n    return modele\n')

    def borne_oracle(modele, x, t, k):
        """(σ_max γ)^(t−k) recalculée à la main : z_j pas à pas, tanh′(z) = 1/cosh²(z) sur les pas
    k + 1, …, t, σ_max = plus grande valeur singulière de W_hh."""
        modele, x = (modele.double(), x.double())
        W, U = (modele.weight_hh_l0.detach(), modele.weight_ih_l0.detach())
        b = (modele.bias_ih_l0 + modele.bias_hh_l0).detach()
        h = torch.zeros(modele.hidden_size, dtype=torch.float64)
        gamma = 0.0
        for j in range(1, t + 1):
            z = W @ h + U @ x[j - 1] + b
            h = torch.tanh(z)
            if j > k:
                gamma = max(gamma, float((1 / torch.cosh(z) ** 2).max()))
        return (float(torch.linalg.svdvals(W)[0]) * gamma) ** (t - k)
    fabrique = usine_recurrente()
    x = torch.randn(12, 3, generator=torch.Generator().manual_seed(52), dtype=torch.float64)
    for echelle, regime in ((0.5, 'contractant'), (2.5, 'expansif')):
        modele = C.build_where(borne_5_7, fabrique, 'rnn', 3, 6, 51, echelle)
        local = fabrique('rnn', 3, 6, 51, echelle)
        for t, k in ((12, 0), (10, 4), (7, 6), (12, 9), (3, 1)):
            b = C.call(borne_5_7, modele, x.clone(), t, k, name='borne_5_7')
            C.expect_scalar_close(b, borne_oracle(local, x, t, k), name=f'borne_5_7 (RNN {regime})', rtol=1e-08, hint="σ_max est la norme spectrale de weight_hh_l0 ; γ est le maximum de tanh′(z_j) = 1 − h_j² sur les seuls pas j = k + 1, …, t (h_j = modele(x)[0][j − 1]) ; l'exposant est t − k.")
    sonde = C.code('def sonde(modele, x):\n    return type(borne_5_7(modele, x, 9, 3)).__name__', borne_5_7=borne_5_7)
    modele = C.build_where(borne_5_7, fabrique, 'rnn', 3, 6, 51, 0.5)
    genre_du_resultat = C.call(sonde, modele, x.clone(), name='borne_5_7')
    C.expect(genre_du_resultat == 'float', f'`borne_5_7` doit renvoyer un flottant Python, reçu un objet {genre_du_resultat}.', hint='convertissez avec float(...) ou .item().')

@test_case(points=None, hidden=True)
def test_borne_majore_la_norme(borne_5_7):
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
    x = torch.randn(15, 2, generator=torch.Generator().manual_seed(62), dtype=torch.float64)
    for echelle in (0.8, 1.5, 3.0):
        modele = C.build_where(borne_5_7, fabrique, 'rnn', 2, 7, 61, echelle)
        local = fabrique('rnn', 2, 7, 61, echelle)
        for t, k in ((15, 0), (15, 11), (9, 8), (13, 5)):
            norme = float(torch.linalg.matrix_norm(jacobienne_oracle(local, x, t, k), ord=2))
            b = C.as_number(C.call(borne_5_7, modele, x.clone(), t, k, name='borne_5_7'), name='borne_5_7')
            C.expect(b >= norme * (1 - 1e-09), "`borne_5_7` renvoie une valeur inférieure à la norme mesurée ‖∂h_t/∂h_k‖₂ : ce n'est pas une majoration.", hint='γ est le plus grand (pas le plus petit) facteur tanh′ des pas k + 1, …, t et σ_max la plus grande valeur singulière de W_hh.')

