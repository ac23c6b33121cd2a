from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_rnn_comme_nn_rnn(RNNManuel):
    import torch
    from torch import nn
    from autograder import checks as C

    def rnn_avec_poids_copies(RNNManuel, d, H, graine, double):
        """Le module de l'étudiant et un nn.RNN témoin aux mêmes poids (copiés par load_state_dict)."""
        label = f'RNNManuel({d}, {H})'
        modele = C.make_model(RNNManuel, d, H, name=label)
        if double:
            modele = C.call(modele.double, name=f'{label}.double')
        torch.manual_seed(graine)
        temoin = nn.RNN(d, H).double() if double else nn.RNN(d, H)
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        for cle, forme in (('weight_ih', (H, d)), ('weight_hh', (H, H)), ('bias_ih', (H,)), ('bias_hh', (H,))):
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre nn.Parameter nommés weight_ih, weight_hh, bias_ih, bias_hh (les noms de nn.RNN sans le suffixe _l0).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='weight_ih : (taille_cachee, taille_entree), weight_hh : (taille_cachee, taille_cachee), biais : (taille_cachee,).')
        copie = {cle.removesuffix('_l0'): valeur.detach().clone() for cle, valeur in temoin.state_dict().items()}
        C.call(modele.load_state_dict, copie, strict=False, name=f'{label}.load_state_dict')
        return (modele, temoin, label)
    modele, temoin, label = rnn_avec_poids_copies(RNNManuel, 3, 5, 0, False)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(4, 2, 3, generator=g)
    resultat = C.call(modele, x.clone(), name=label)
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x)` doit renvoyer un couple (sorties, h_n), comme nn.RNN.')
    sorties, h_n = resultat
    C.expect_shape(sorties, (4, 2, 5), name=f'sorties de {label} pour x de forme (4, 2, 3)', hint="x est rangé le temps d'abord : (T, N, d) ; sorties : (T, N, d_h).")
    C.expect_shape(h_n, (1, 2, 5), name=f'h_n de {label} pour x de forme (4, 2, 3)', hint='h_n a la forme (1, N, d_h), comme pour nn.RNN.')
    attendu, attendu_h = temoin(x.clone())
    C.expect_close(sorties, attendu.detach(), name=f'sorties de {label}(x) (h0 nul)', reveal=True, hint='h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh), h_0 = 0.')
    C.expect_close(h_n, attendu_h.detach(), name=f'h_n de {label}(x) (h0 nul)', reveal=True)

@test_case(points=None, hidden=True)
def test_rnn_contre_nn_rnn(RNNManuel):
    import torch
    from torch import nn
    from autograder import checks as C

    def rnn_avec_poids_copies(RNNManuel, d, H, graine, double):
        """Le module de l'étudiant et un nn.RNN témoin aux mêmes poids (copiés par load_state_dict)."""
        label = f'RNNManuel({d}, {H})'
        modele = C.make_model(RNNManuel, d, H, name=label)
        if double:
            modele = C.call(modele.double, name=f'{label}.double')
        torch.manual_seed(graine)
        temoin = nn.RNN(d, H).double() if double else nn.RNN(d, H)
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        for cle, forme in (('weight_ih', (H, d)), ('weight_hh', (H, H)), ('bias_ih', (H,)), ('bias_hh', (H,))):
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre nn.Parameter nommés weight_ih, weight_hh, bias_ih, bias_hh (les noms de nn.RNN sans le suffixe _l0).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='weight_ih : (taille_cachee, taille_entree), weight_hh : (taille_cachee, taille_cachee), biais : (taille_cachee,).')
        copie = {cle.removesuffix('_l0'): valeur.detach().clone() for cle, valeur in temoin.state_dict().items()}
        C.call(modele.load_state_dict, copie, strict=False, name=f'{label}.load_state_dict')
        return (modele, temoin, label)
    cas = [(3, 6, 9, 4, 0), (5, 4, 6, 6, 1), (2, 3, 1, 5, 2), (4, 7, 8, 1, 3), (6, 6, 5, 2, 4)]
    for d, H, T, N, graine in cas:
        modele, temoin, label = rnn_avec_poids_copies(RNNManuel, d, H, 10 + graine, True)
        g = torch.Generator().manual_seed(20 + graine)
        x = torch.randn(T, N, d, generator=g, dtype=torch.float64)
        h0 = 0.8 * torch.randn(1, N, H, generator=g, dtype=torch.float64)
        for avec_h0 in (False, True):
            quoi = f'{label}, x de forme {(T, N, d)}, ' + ('h0 donné' if avec_h0 else 'sans h0')
            args = (x.clone(), h0.clone()) if avec_h0 else (x.clone(),)
            resultat = C.call(modele, *args, name=label)
            C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, f'`{label}(x, h0)` doit renvoyer un couple (sorties, h_n), comme nn.RNN.')
            attendu, attendu_h = (v.detach() for v in temoin(*(a.clone() for a in args)))
            C.expect_shape(resultat[0], (T, N, H), name=f'sorties ({quoi})', hint="le temps d'abord : x de forme (T, N, d), sorties de forme (T, N, d_h), une ligne par pas de temps.")
            C.expect_shape(resultat[1], (1, N, H), name=f'h_n ({quoi})')
            C.expect_close(resultat[0], attendu, name=f'sorties ({quoi})', hint="propagez l'état : h_t dépend de h_{t−1} (et non de h0 à chaque pas), parcourez x selon son premier axe (le temps), avec les deux biais et tanh ; sans h0, h_0 = 0.")
            C.expect_close(resultat[1], attendu_h, name=f'h_n ({quoi})', hint='h_n est le dernier état h_T, de forme (1, N, d_h).')

@test_case(points=None, hidden=True)
def test_rnn_gradients(RNNManuel):
    import torch
    from torch import nn
    from autograder import checks as C

    def rnn_avec_poids_copies(RNNManuel, d, H, graine, double):
        """Le module de l'étudiant et un nn.RNN témoin aux mêmes poids (copiés par load_state_dict)."""
        label = f'RNNManuel({d}, {H})'
        modele = C.make_model(RNNManuel, d, H, name=label)
        if double:
            modele = C.call(modele.double, name=f'{label}.double')
        torch.manual_seed(graine)
        temoin = nn.RNN(d, H).double() if double else nn.RNN(d, H)
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        for cle, forme in (('weight_ih', (H, d)), ('weight_hh', (H, H)), ('bias_ih', (H,)), ('bias_hh', (H,))):
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='quatre nn.Parameter nommés weight_ih, weight_hh, bias_ih, bias_hh (les noms de nn.RNN sans le suffixe _l0).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='weight_ih : (taille_cachee, taille_entree), weight_hh : (taille_cachee, taille_cachee), biais : (taille_cachee,).')
        copie = {cle.removesuffix('_l0'): valeur.detach().clone() for cle, valeur in temoin.state_dict().items()}
        C.call(modele.load_state_dict, copie, strict=False, name=f'{label}.load_state_dict')
        return (modele, temoin, label)
    modele, temoin, label = rnn_avec_poids_copies(RNNManuel, 4, 3, 30, True)
    sonde = C.code("def sonde(modele, x, h0, a, b):\n    params = dict(modele.named_parameters())\n    for p in params.values():\n        p.grad = None\n    x = x.clone().requires_grad_(True)\n    h0 = h0.clone().requires_grad_(True)\n    sorties, h_n = modele(x, h0)\n    if not (isinstance(sorties, torch.Tensor) and sorties.requires_grad):\n        return None\n    ((sorties * a).sum() + (h_n * b).sum()).backward()\n    noms = ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh')\n    return {'x': x.grad, 'h0': h0.grad, **{n: params[n].grad for n in noms if n in params}}")
    g = torch.Generator().manual_seed(31)
    x = torch.randn(5, 2, 4, generator=g, dtype=torch.float64)
    h0 = torch.randn(1, 2, 3, generator=g, dtype=torch.float64)
    a = torch.randn(5, 2, 3, generator=g, dtype=torch.float64)
    b = torch.randn(1, 2, 3, generator=g, dtype=torch.float64)
    xr, h0r = (x.clone().requires_grad_(True), h0.clone().requires_grad_(True))
    sorties, h_n = temoin(xr, h0r)
    ((sorties * a).sum() + (h_n * b).sum()).backward()
    attendu = {'x': xr.grad, 'h0': h0r.grad, 'weight_ih': temoin.weight_ih_l0.grad, 'weight_hh': temoin.weight_hh_l0.grad, 'bias_ih': temoin.bias_ih_l0.grad, 'bias_hh': temoin.bias_hh_l0.grad}
    mesure = C.call(sonde, modele, x, h0, a, b, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}` n'est pas reliée au graphe d'autograd.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data.")
    recu = {k: v if v is not None else torch.zeros_like(attendu[k]) for k, v in mesure.items()}
    C.expect_gradients(recu, attendu, name=label, tol=1e-07, hints={'h0': "l'état initial h0 entre dans le premier pas.", 'weight_hh': "l'état h_{t−1} du pas précédent (et non h0) entre dans chaque pas, multiplié par W_hhᵀ."})

@test_case(points=None, hidden=True)
def test_rnn_sans_nn_rnn(RNNManuel):
    from autograder import checks as C
    interdits = {'RNN', 'RNNCell', 'RNNBase', 'RNNCellBase', 'rnn_tanh', 'rnn_tanh_cell', 'rnn_relu', 'rnn_relu_cell', '_VF', 'LSTM', 'GRU', 'LSTMCell', 'GRUCell'}
    for methode in ('__init__', 'forward'):
        C.expect_not_using(getattr(RNNManuel, methode, None), interdits, name=f'RNNManuel.{methode}', hint='écrivez la récurrence vous-même : une boucle sur les pas de temps, des produits matriciels et tanh.')
    label = 'RNNManuel(3, 4)'
    modele = C.make_model(RNNManuel, 3, 4, name=label)
    classes = C.call(C.code("lambda m: [[f'{k.__module__}.{k.__qualname__}' for k in type(c).__mro__] for c in m.modules()]"), modele, name=f'{label}.modules')
    C.expect(not any((nom.startswith('torch.nn.modules.rnn.') for mro in classes for nom in mro)), f"`{label}` contient une couche récurrente de PyTorch (nn.RNN, nn.RNNCell…), interdite par l'énoncé.")

@test_case(points=None, hidden=True)
def test_rnn_initialisation(RNNManuel):
    import math
    import torch
    from autograder import checks as C
    d, H = (3, 400)
    label = f'RNNManuel({d}, {H})'
    modele = C.make_model(RNNManuel, d, H, name=label)
    etat = C.call(modele.state_dict, name=f'{label}.state_dict')
    k = 1 / math.sqrt(H)
    for cle in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'):
        C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.")
        w = C.as_tensor(etat[cle], f'{label}.{cle}').to(torch.float64)
        C.expect(float(w.abs().max()) <= k * (1 + 1e-06) and float(w.max()) >= 0.9 * k and (float(w.min()) <= -0.9 * k), f"`{label}.{cle}` n'est pas initialisé uniformément dans [−k, k] avec k = 1/√taille_cachee, comme dans nn.RNN.", hint='torch.empty(...).uniform_(-k, k) avec k = 1 / math.sqrt(taille_cachee).')

