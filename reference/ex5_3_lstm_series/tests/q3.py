from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_modele_structure_et_formes(PrevisionRNN):
    import torch
    from autograder import checks as C

    def structure_du_modele(PrevisionRNN, args, quoi):
        """The student's model and what its submodules are (plain data read where it lives)."""
        modele = C.make_model(PrevisionRNN, *args, name=quoi)
        lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, [getattr(getattr(m, 'rnn', None), a, None) for a in ('input_size', 'hidden_size', 'num_layers', 'batch_first', 'bidirectional', 'bias', 'dropout', 'proj_size')], type(getattr(m, 'sortie', None)).__name__, getattr(getattr(m, 'sortie', None), 'in_features', None), getattr(getattr(m, 'sortie', None), 'out_features', None)]")
        return (modele, C.call(lire, modele, name=quoi))

    def expect_structure(PrevisionRNN, args, cellule, taille, couches, quoi):
        modele, (classe, config, classe_sortie, entree, sortie) = structure_du_modele(PrevisionRNN, args, quoi)
        attendue = {'lstm': 'LSTM', 'gru': 'GRU'}[cellule]
        C.expect(classe == attendue, f'`{quoi}.rnn` devrait être un nn.{attendue}, reçu {classe}.', hint="self.rnn = nn.LSTM(...) pour cellule='lstm', nn.GRU(...) pour 'gru'.")
        C.expect(config[0] == 1 and config[1] == taille and (config[2] == couches), f'`{quoi}.rnn` devrait avoir input_size=1, hidden_size={taille}, num_layers={couches} ; reçu {config[0]}, {config[1]}, {config[2]}.', hint='une température par jour (entrée de taille 1) ; hidden_size=taille_cachee, num_layers=nb_couches.')
        C.expect(config[3] is True, f'`{quoi}.rnn` doit être construit avec batch_first=True (x est de forme (N, T)).')
        C.expect(config[4] is False and config[5] is True and (config[6] == 0) and (config[7] in (0, None)), f'`{quoi}.rnn` : gardez les autres arguments par défaut (unidirectionnel, biais, sans dropout).')
        C.expect(classe_sortie == 'Linear' and entree == taille and (sortie == 1), f'`{quoi}.sortie` devrait être un nn.Linear({taille}, 1).')
        return modele
    for args, cellule, taille, couches in ((('lstm', 8), 'lstm', 8, 2), (('gru', 6, 3), 'gru', 6, 3), ((), 'lstm', 32, 2)):
        quoi = f"PrevisionRNN({', '.join(map(repr, args))})"
        modele = expect_structure(PrevisionRNN, args, cellule, taille, couches, quoi)
        for N in (4, 1):
            x = torch.randn(N, 30, generator=torch.Generator().manual_seed(N))
            C.expect_shape(C.forward(modele, x, name=quoi), (N,), name=f'{quoi}(x) pour x de forme ({N}, 30)', hint='une prévision par fenêtre : forme (N,), même pour N = 1 (squeeze(-1) plutôt que squeeze()).')

@test_case(points=None, hidden=True)
def test_modele_contre_pytorch_lstm(PrevisionRNN):
    import torch
    from torch import nn
    from autograder import checks as C

    def structure_du_modele(PrevisionRNN, args, quoi):
        """The student's model and what its submodules are (plain data read where it lives)."""
        modele = C.make_model(PrevisionRNN, *args, name=quoi)
        lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, [getattr(getattr(m, 'rnn', None), a, None) for a in ('input_size', 'hidden_size', 'num_layers', 'batch_first', 'bidirectional', 'bias', 'dropout', 'proj_size')], type(getattr(m, 'sortie', None)).__name__, getattr(getattr(m, 'sortie', None), 'in_features', None), getattr(getattr(m, 'sortie', None), 'out_features', None)]")
        return (modele, C.call(lire, modele, name=quoi))

    def expect_structure(PrevisionRNN, args, cellule, taille, couches, quoi):
        modele, (classe, config, classe_sortie, entree, sortie) = structure_du_modele(PrevisionRNN, args, quoi)
        attendue = {'lstm': 'LSTM', 'gru': 'GRU'}[cellule]
        C.expect(classe == attendue, f'`{quoi}.rnn` devrait être un nn.{attendue}, reçu {classe}.', hint="self.rnn = nn.LSTM(...) pour cellule='lstm', nn.GRU(...) pour 'gru'.")
        C.expect(config[0] == 1 and config[1] == taille and (config[2] == couches), f'`{quoi}.rnn` devrait avoir input_size=1, hidden_size={taille}, num_layers={couches} ; reçu {config[0]}, {config[1]}, {config[2]}.', hint='une température par jour (entrée de taille 1) ; hidden_size=taille_cachee, num_layers=nb_couches.')
        C.expect(config[3] is True, f'`{quoi}.rnn` doit être construit avec batch_first=True (x est de forme (N, T)).')
        C.expect(config[4] is False and config[5] is True and (config[6] == 0) and (config[7] in (0, None)), f'`{quoi}.rnn` : gardez les autres arguments par défaut (unidirectionnel, biais, sans dropout).')
        C.expect(classe_sortie == 'Linear' and entree == taille and (sortie == 1), f'`{quoi}.sortie` devrait être un nn.Linear({taille}, 1).')
        return modele

    def expect_gradients_du_modele(modele, rnn, sortie, x, quoi):
        gradients = C.code('def gradients(modele, x):\n    modele.zero_grad()\n    y = modele(x)\n    if not (isinstance(y, torch.Tensor) and y.requires_grad):\n        return None\n    y.sum().backward()\n    return {n: p.grad.clone() for n, p in modele.named_parameters() if p.grad is not None}')
        recu = C.call(gradients, modele, x.clone(), name=quoi)
        C.expect(recu is not None, f"La sortie de `{quoi}` n'est pas reliée au graphe d'autograd : le modèle ne peut pas être entraîné.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .item() dans forward.")
        sortie.zero_grad()
        rnn.zero_grad()
        sortie(rnn(x.unsqueeze(-1))[0][:, -1]).squeeze(-1).sum().backward()
        attendus = {'sortie.weight': sortie.weight.grad, 'sortie.bias': sortie.bias.grad, 'rnn.weight_hh_l0': rnn.weight_hh_l0.grad, 'rnn.weight_ih_l0': rnn.weight_ih_l0.grad}
        for cle, attendu in attendus.items():
            C.expect(cle in recu, f'`{quoi}` : pas de gradient pour `{cle}` après backward.')
            C.expect_close(recu[cle], attendu, name=f'gradient de Σ {quoi}(x) par rapport à {cle}', rtol=0.001, atol=1e-05)
    cellule = 'lstm'
    classe = {'lstm': nn.LSTM, 'gru': nn.GRU}[cellule]
    for taille, couches, N, T, graine in ((5, 2, 4, 30, 0), (3, 1, 1, 9, 1), (4, 3, 3, 12, 2)):
        quoi = f'PrevisionRNN({cellule!r}, {taille}, {couches})'
        modele = expect_structure(PrevisionRNN, (cellule, taille, couches), cellule, taille, couches, quoi)
        torch.manual_seed(100 + graine)
        rnn = classe(1, taille, num_layers=couches, batch_first=True)
        sortie = nn.Linear(taille, 1)
        with torch.no_grad():
            for p in [*rnn.parameters(), *sortie.parameters()]:
                p.mul_(2.5)
        copie = {**{f'rnn.{k}': v.detach().clone() for k, v in rnn.state_dict().items()}, **{f'sortie.{k}': v.detach().clone() for k, v in sortie.state_dict().items()}}
        etat = C.call(modele.state_dict, name=f'{quoi}.state_dict')
        manquants = sorted(set(copie) - set(etat))
        C.expect(not manquants, f"`{quoi}` n'a pas les paramètres {', '.join(manquants)}.", hint='deux sous-modules seulement, nommés rnn et sortie.')
        C.call(modele.load_state_dict, copie, strict=False, name=f'{quoi}.load_state_dict')
        x = 1.5 * torch.randn(N, T, generator=torch.Generator().manual_seed(graine))
        with torch.no_grad():
            attendu = sortie(rnn(x.unsqueeze(-1))[0][:, -1]).squeeze(-1)
        recu = C.forward(modele, x.clone(), name=quoi)
        C.expect_shape(recu, (N,), name=f'{quoi}(x) pour x de forme ({N}, {T})', hint='une prévision par fenêtre : forme (N,).')
        C.expect_close(recu, attendu, name=f'{quoi}(x) pour x de forme ({N}, {T})', rtol=0.0001, atol=1e-05, hint='x de forme (N, T) devient (N, T, 1) ; prenez la sortie de la dernière couche au dernier jour (sorties[:, -1], ou h_n[-1] : pour un LSTM, h et non la cellule c), puis self.sortie.')
        if graine == 0:
            expect_gradients_du_modele(modele, rnn, sortie, x, quoi)

@test_case(points=None, hidden=True)
def test_modele_contre_pytorch_gru(PrevisionRNN):
    import torch
    from torch import nn
    from autograder import checks as C

    def structure_du_modele(PrevisionRNN, args, quoi):
        """The student's model and what its submodules are (plain data read where it lives)."""
        modele = C.make_model(PrevisionRNN, *args, name=quoi)
        lire = C.code("lambda m: [type(getattr(m, 'rnn', None)).__name__, [getattr(getattr(m, 'rnn', None), a, None) for a in ('input_size', 'hidden_size', 'num_layers', 'batch_first', 'bidirectional', 'bias', 'dropout', 'proj_size')], type(getattr(m, 'sortie', None)).__name__, getattr(getattr(m, 'sortie', None), 'in_features', None), getattr(getattr(m, 'sortie', None), 'out_features', None)]")
        return (modele, C.call(lire, modele, name=quoi))

    def expect_structure(PrevisionRNN, args, cellule, taille, couches, quoi):
        modele, (classe, config, classe_sortie, entree, sortie) = structure_du_modele(PrevisionRNN, args, quoi)
        attendue = {'lstm': 'LSTM', 'gru': 'GRU'}[cellule]
        C.expect(classe == attendue, f'`{quoi}.rnn` devrait être un nn.{attendue}, reçu {classe}.', hint="self.rnn = nn.LSTM(...) pour cellule='lstm', nn.GRU(...) pour 'gru'.")
        C.expect(config[0] == 1 and config[1] == taille and (config[2] == couches), f'`{quoi}.rnn` devrait avoir input_size=1, hidden_size={taille}, num_layers={couches} ; reçu {config[0]}, {config[1]}, {config[2]}.', hint='une température par jour (entrée de taille 1) ; hidden_size=taille_cachee, num_layers=nb_couches.')
        C.expect(config[3] is True, f'`{quoi}.rnn` doit être construit avec batch_first=True (x est de forme (N, T)).')
        C.expect(config[4] is False and config[5] is True and (config[6] == 0) and (config[7] in (0, None)), f'`{quoi}.rnn` : gardez les autres arguments par défaut (unidirectionnel, biais, sans dropout).')
        C.expect(classe_sortie == 'Linear' and entree == taille and (sortie == 1), f'`{quoi}.sortie` devrait être un nn.Linear({taille}, 1).')
        return modele

    def expect_gradients_du_modele(modele, rnn, sortie, x, quoi):
        gradients = C.code('def gradients(modele, x):\n    modele.zero_grad()\n    y = modele(x)\n    if not (isinstance(y, torch.Tensor) and y.requires_grad):\n        return None\n    y.sum().backward()\n    return {n: p.grad.clone() for n, p in modele.named_parameters() if p.grad is not None}')
        recu = C.call(gradients, modele, x.clone(), name=quoi)
        C.expect(recu is not None, f"La sortie de `{quoi}` n'est pas reliée au graphe d'autograd : le modèle ne peut pas être entraîné.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .item() dans forward.")
        sortie.zero_grad()
        rnn.zero_grad()
        sortie(rnn(x.unsqueeze(-1))[0][:, -1]).squeeze(-1).sum().backward()
        attendus = {'sortie.weight': sortie.weight.grad, 'sortie.bias': sortie.bias.grad, 'rnn.weight_hh_l0': rnn.weight_hh_l0.grad, 'rnn.weight_ih_l0': rnn.weight_ih_l0.grad}
        for cle, attendu in attendus.items():
            C.expect(cle in recu, f'`{quoi}` : pas de gradient pour `{cle}` après backward.')
            C.expect_close(recu[cle], attendu, name=f'gradient de Σ {quoi}(x) par rapport à {cle}', rtol=0.001, atol=1e-05)
    cellule = 'gru'
    classe = {'lstm': nn.LSTM, 'gru': nn.GRU}[cellule]
    for taille, couches, N, T, graine in ((5, 2, 4, 30, 0), (3, 1, 1, 9, 1), (4, 3, 3, 12, 2)):
        quoi = f'PrevisionRNN({cellule!r}, {taille}, {couches})'
        modele = expect_structure(PrevisionRNN, (cellule, taille, couches), cellule, taille, couches, quoi)
        torch.manual_seed(100 + graine)
        rnn = classe(1, taille, num_layers=couches, batch_first=True)
        sortie = nn.Linear(taille, 1)
        with torch.no_grad():
            for p in [*rnn.parameters(), *sortie.parameters()]:
                p.mul_(2.5)
        copie = {**{f'rnn.{k}': v.detach().clone() for k, v in rnn.state_dict().items()}, **{f'sortie.{k}': v.detach().clone() for k, v in sortie.state_dict().items()}}
        etat = C.call(modele.state_dict, name=f'{quoi}.state_dict')
        manquants = sorted(set(copie) - set(etat))
        C.expect(not manquants, f"`{quoi}` n'a pas les paramètres {', '.join(manquants)}.", hint='deux sous-modules seulement, nommés rnn et sortie.')
        C.call(modele.load_state_dict, copie, strict=False, name=f'{quoi}.load_state_dict')
        x = 1.5 * torch.randn(N, T, generator=torch.Generator().manual_seed(graine))
        with torch.no_grad():
            attendu = sortie(rnn(x.unsqueeze(-1))[0][:, -1]).squeeze(-1)
        recu = C.forward(modele, x.clone(), name=quoi)
        C.expect_shape(recu, (N,), name=f'{quoi}(x) pour x de forme ({N}, {T})', hint='une prévision par fenêtre : forme (N,).')
        C.expect_close(recu, attendu, name=f'{quoi}(x) pour x de forme ({N}, {T})', rtol=0.0001, atol=1e-05, hint='x de forme (N, T) devient (N, T, 1) ; prenez la sortie de la dernière couche au dernier jour (sorties[:, -1], ou h_n[-1] : pour un LSTM, h et non la cellule c), puis self.sortie.')
        if graine == 0:
            expect_gradients_du_modele(modele, rnn, sortie, x, quoi)

