from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=None, hidden=False)
def test_classifieur_exemple(ClassifieurTexte):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def poids_du_classifieur(V, d, nb_classes, n_max, graine):
        """Les poids du correcteur pour ClassifieurTexte, en float64."""
        g = torch.Generator().manual_seed(graine)
        poids = {'plongement.weight': torch.randn(V, d, generator=g, dtype=torch.float64), 'positions.weight': torch.randn(n_max, d, generator=g, dtype=torch.float64), 'sortie.weight': torch.randn(nb_classes, d, generator=g, dtype=torch.float64) / math.sqrt(d), 'sortie.bias': 0.2 * torch.randn(nb_classes, generator=g, dtype=torch.float64)}
        for cle, valeur in poids_du_correcteur(d, graine + 1).items():
            poids[f'attention.{cle}'] = valeur
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def oracle_classifieur(poids, h, ids, masque_tetes):
        """Les logits de l'architecture de l'énoncé avec les poids du correcteur (attention par
    nn.MultiheadAttention) ; différentiable par rapport aux tenseurs de `poids`."""
        n = ids.shape[1]
        x = poids['plongement.weight'][ids] + poids['positions.weight'][:n]
        padding = ids == 0
        attention = {cle[len('attention.'):]: v for cle, v in poids.items() if cle.startswith('attention.')}
        mha = mha_du_correcteur({k: v.detach() for k, v in attention.items()}, h, masque_tetes)
        a, _ = mha(x, x, x, key_padding_mask=padding, need_weights=False)
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (a * garde).sum(dim=1) / garde.sum(dim=1)
        return (moyenne @ poids['sortie.weight'].T + poids['sortie.bias'], mha)

    def logits_du_classifieur(modele, ids, masque_tetes, nb_classes, label):
        if masque_tetes is None:
            sortie = C.call(modele, ids.clone(), name=label)
        else:
            sortie = C.call(modele, ids.clone(), masque_tetes=masque_tetes, name=label)
        logits = C.as_tensor(sortie, f'{label}(ids)')
        C.expect_shape(logits, (ids.shape[0], nb_classes), name=f'{label}(ids) pour ids de forme {tuple(ids.shape)}', hint='logits de forme (N, nb_classes).')
        return logits

    def classifieur_aux_poids_du_correcteur(ClassifieurTexte, V, d, h, nb_classes, n_max, graine):
        """Le classifieur de l'étudiant en float64, chargé des poids du correcteur."""
        label = f'ClassifieurTexte({V}, {d}, {h}, {nb_classes}, {n_max})'
        modele = C.make_model(ClassifieurTexte, V, d, h, nb_classes, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_classifieur(V, d, nb_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules plongement, positions (nn.Embedding), attention (AttentionMultiTetes) et sortie (nn.Linear).')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='plongement : (taille_vocab, d_model), positions : (n_max, d_model), sortie : (nb_classes, d_model).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        lire = C.code("lambda m: getattr(m, 'n_tetes', None)")
        C.expect(C.call(lire, modele, name=label) == h, f'`{label}.n_tetes` devrait valoir {h}.', hint="gardez le nombre de têtes dans l'attribut n_tetes.")
        return (modele, poids, label)
    modele, poids, label = classifieur_aux_poids_du_correcteur(ClassifieurTexte, 12, 8, 2, 3, 6, 0)
    ids = torch.tensor([[3, 7, 1, 0, 0], [5, 5, 2, 9, 11]])
    logits = logits_du_classifieur(modele, ids, None, 3, label)
    C.expect_close(logits, oracle_classifieur(poids, 2, ids, None)[0].detach(), name=f'{label}(ids) pour ids de forme (2, 5)', reveal=True, hint='h = plongement(ids) + positions(0 … n − 1) ; a = attention(h, ids == 0, masque_tetes)[0] ; moyenne de a sur les positions non nulles ; sortie.')

@test_case(points=None, hidden=True)
def test_classifieur_contre_oracle(ClassifieurTexte):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def poids_du_classifieur(V, d, nb_classes, n_max, graine):
        """Les poids du correcteur pour ClassifieurTexte, en float64."""
        g = torch.Generator().manual_seed(graine)
        poids = {'plongement.weight': torch.randn(V, d, generator=g, dtype=torch.float64), 'positions.weight': torch.randn(n_max, d, generator=g, dtype=torch.float64), 'sortie.weight': torch.randn(nb_classes, d, generator=g, dtype=torch.float64) / math.sqrt(d), 'sortie.bias': 0.2 * torch.randn(nb_classes, generator=g, dtype=torch.float64)}
        for cle, valeur in poids_du_correcteur(d, graine + 1).items():
            poids[f'attention.{cle}'] = valeur
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def phrases_du_correcteur(V, N, n, graine):
        """ids (N, n) : des longueurs de 1 à n, complétées par des 0."""
        g = torch.Generator().manual_seed(graine)
        ids = torch.randint(1, V, (N, n), generator=g)
        longueurs = torch.randint(1, n + 1, (N,), generator=g)
        longueurs[0] = n
        return ids.masked_fill(torch.arange(n).unsqueeze(0) >= longueurs.unsqueeze(1), 0)

    def oracle_classifieur(poids, h, ids, masque_tetes):
        """Les logits de l'architecture de l'énoncé avec les poids du correcteur (attention par
    nn.MultiheadAttention) ; différentiable par rapport aux tenseurs de `poids`."""
        n = ids.shape[1]
        x = poids['plongement.weight'][ids] + poids['positions.weight'][:n]
        padding = ids == 0
        attention = {cle[len('attention.'):]: v for cle, v in poids.items() if cle.startswith('attention.')}
        mha = mha_du_correcteur({k: v.detach() for k, v in attention.items()}, h, masque_tetes)
        a, _ = mha(x, x, x, key_padding_mask=padding, need_weights=False)
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (a * garde).sum(dim=1) / garde.sum(dim=1)
        return (moyenne @ poids['sortie.weight'].T + poids['sortie.bias'], mha)

    def logits_du_classifieur(modele, ids, masque_tetes, nb_classes, label):
        if masque_tetes is None:
            sortie = C.call(modele, ids.clone(), name=label)
        else:
            sortie = C.call(modele, ids.clone(), masque_tetes=masque_tetes, name=label)
        logits = C.as_tensor(sortie, f'{label}(ids)')
        C.expect_shape(logits, (ids.shape[0], nb_classes), name=f'{label}(ids) pour ids de forme {tuple(ids.shape)}', hint='logits de forme (N, nb_classes).')
        return logits

    def classifieur_aux_poids_du_correcteur(ClassifieurTexte, V, d, h, nb_classes, n_max, graine):
        """Le classifieur de l'étudiant en float64, chargé des poids du correcteur."""
        label = f'ClassifieurTexte({V}, {d}, {h}, {nb_classes}, {n_max})'
        modele = C.make_model(ClassifieurTexte, V, d, h, nb_classes, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_classifieur(V, d, nb_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules plongement, positions (nn.Embedding), attention (AttentionMultiTetes) et sortie (nn.Linear).')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='plongement : (taille_vocab, d_model), positions : (n_max, d_model), sortie : (nb_classes, d_model).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        lire = C.code("lambda m: getattr(m, 'n_tetes', None)")
        C.expect(C.call(lire, modele, name=label) == h, f'`{label}.n_tetes` devrait valoir {h}.', hint="gardez le nombre de têtes dans l'attribut n_tetes.")
        return (modele, poids, label)
    cas = [(20, 12, 3, 4, 9, 9, 5, None), (15, 8, 4, 2, 10, 6, 4, None), (9, 6, 1, 3, 7, 7, 3, None), (20, 12, 3, 4, 9, 8, 6, [1.0, 0.0, 1.0]), (11, 8, 2, 3, 5, 5, 1, [0.0, 1.0])]
    for graine, (V, d, h, nb_classes, n_max, n, N, m) in enumerate(cas):
        modele, poids, label = classifieur_aux_poids_du_correcteur(ClassifieurTexte, V, d, h, nb_classes, n_max, 10 + graine)
        ids = phrases_du_correcteur(V, N, n, 20 + graine)
        masque = None if m is None else torch.tensor(m, dtype=torch.float64)
        logits = logits_du_classifieur(modele, ids, masque, nb_classes, label)
        quoi = f'{label}(ids' + ('' if m is None else f', masque_tetes = {m}') + ')'
        C.expect_close(logits, oracle_classifieur(poids, h, ids, masque)[0].detach(), name=f'{quoi} pour ids de forme {(N, n)}', hint="vérifiez l'architecture de l'énoncé : positions 0 … n − 1 ajoutées, masque de padding ids == 0 passé à l'attention avec masque_tetes, moyenne sur les seules positions non nulles (pas sur toutes), puis sortie.")

@test_case(points=None, hidden=True)
def test_classifieur_gradients(ClassifieurTexte):
    import math
    import torch
    from torch import nn
    from autograder import checks as C

    def poids_du_correcteur(d, graine):
        """Des poids float64 pour W_q, W_k, W_v, W_o (nn.Linear(d, d) avec biais)."""
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
            poids[f'{nom}.weight'] = torch.randn(d, d, generator=g, dtype=torch.float64) / math.sqrt(d)
            poids[f'{nom}.bias'] = 0.2 * torch.randn(d, generator=g, dtype=torch.float64)
        return poids

    def poids_du_classifieur(V, d, nb_classes, n_max, graine):
        """Les poids du correcteur pour ClassifieurTexte, en float64."""
        g = torch.Generator().manual_seed(graine)
        poids = {'plongement.weight': torch.randn(V, d, generator=g, dtype=torch.float64), 'positions.weight': torch.randn(n_max, d, generator=g, dtype=torch.float64), 'sortie.weight': torch.randn(nb_classes, d, generator=g, dtype=torch.float64) / math.sqrt(d), 'sortie.bias': 0.2 * torch.randn(nb_classes, generator=g, dtype=torch.float64)}
        for cle, valeur in poids_du_correcteur(d, graine + 1).items():
            poids[f'attention.{cle}'] = valeur
        return poids

    def mha_du_correcteur(poids, h, masque_tetes):
        """nn.MultiheadAttention(d, h, batch_first=True) en float64, poids copiés (in_proj =
    W_q, W_k, W_v concaténés ; out_proj = W_o, les colonnes de la tête j multipliées par
    masque_tetes[j]). Mode entraînement (dropout nul) : le chemin rapide d'inférence n'est pas
    pris, c'est F.multi_head_attention_forward qui calcule."""
        d = poids['W_o.weight'].shape[0]
        mha = nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
        W_o = poids['W_o.weight']
        if masque_tetes is not None:
            W_o = W_o * torch.as_tensor(masque_tetes, dtype=torch.float64).repeat_interleave(d // h)
        with torch.no_grad():
            mha.in_proj_weight.copy_(torch.cat([poids[f'{n}.weight'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.in_proj_bias.copy_(torch.cat([poids[f'{n}.bias'] for n in ('W_q', 'W_k', 'W_v')]))
            mha.out_proj.weight.copy_(W_o)
            mha.out_proj.bias.copy_(poids['W_o.bias'])
        return mha.train()

    def phrases_du_correcteur(V, N, n, graine):
        """ids (N, n) : des longueurs de 1 à n, complétées par des 0."""
        g = torch.Generator().manual_seed(graine)
        ids = torch.randint(1, V, (N, n), generator=g)
        longueurs = torch.randint(1, n + 1, (N,), generator=g)
        longueurs[0] = n
        return ids.masked_fill(torch.arange(n).unsqueeze(0) >= longueurs.unsqueeze(1), 0)

    def oracle_classifieur(poids, h, ids, masque_tetes):
        """Les logits de l'architecture de l'énoncé avec les poids du correcteur (attention par
    nn.MultiheadAttention) ; différentiable par rapport aux tenseurs de `poids`."""
        n = ids.shape[1]
        x = poids['plongement.weight'][ids] + poids['positions.weight'][:n]
        padding = ids == 0
        attention = {cle[len('attention.'):]: v for cle, v in poids.items() if cle.startswith('attention.')}
        mha = mha_du_correcteur({k: v.detach() for k, v in attention.items()}, h, masque_tetes)
        a, _ = mha(x, x, x, key_padding_mask=padding, need_weights=False)
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (a * garde).sum(dim=1) / garde.sum(dim=1)
        return (moyenne @ poids['sortie.weight'].T + poids['sortie.bias'], mha)

    def classifieur_aux_poids_du_correcteur(ClassifieurTexte, V, d, h, nb_classes, n_max, graine):
        """Le classifieur de l'étudiant en float64, chargé des poids du correcteur."""
        label = f'ClassifieurTexte({V}, {d}, {h}, {nb_classes}, {n_max})'
        modele = C.make_model(ClassifieurTexte, V, d, h, nb_classes, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_du_classifieur(V, d, nb_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules plongement, positions (nn.Embedding), attention (AttentionMultiTetes) et sortie (nn.Linear).')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='plongement : (taille_vocab, d_model), positions : (n_max, d_model), sortie : (nb_classes, d_model).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        lire = C.code("lambda m: getattr(m, 'n_tetes', None)")
        C.expect(C.call(lire, modele, name=label) == h, f'`{label}.n_tetes` devrait valoir {h}.', hint="gardez le nombre de têtes dans l'attribut n_tetes.")
        return (modele, poids, label)
    modele, poids, label = classifieur_aux_poids_du_correcteur(ClassifieurTexte, 10, 6, 3, 4, 7, 30)
    ids = phrases_du_correcteur(10, 4, 7, 31)
    ponderation = torch.randn(4, 4, generator=torch.Generator().manual_seed(32), dtype=torch.float64)
    gradients = C.code('def gradients(modele, ids, ponderation):\n    for p in modele.parameters():\n        p.grad = None\n    logits = modele(ids)\n    if not (isinstance(logits, torch.Tensor) and logits.requires_grad):\n        return None\n    (logits * ponderation).sum().backward()\n    return {nom: p.grad for nom, p in modele.named_parameters()}')
    mesure = C.call(gradients, modele, ids, ponderation, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}` n'est pas reliée au graphe d'autograd.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data dans forward.")
    feuilles = {cle: t.clone().requires_grad_(True) for cle, t in poids.items()}
    logits, mha = oracle_classifieur(feuilles, 3, ids, None)
    (logits * ponderation).sum().backward()
    attendu = {cle: t.grad for cle, t in feuilles.items() if not cle.startswith('attention.')}
    d = 6
    for i, nom in enumerate(('W_q', 'W_k', 'W_v')):
        attendu[f'attention.{nom}.weight'] = mha.in_proj_weight.grad[i * d:(i + 1) * d]
        attendu[f'attention.{nom}.bias'] = mha.in_proj_bias.grad[i * d:(i + 1) * d]
    del attendu['attention.W_k.bias']
    attendu['attention.W_o.weight'] = mha.out_proj.weight.grad
    attendu['attention.W_o.bias'] = mha.out_proj.bias.grad
    recu = {cle: mesure[cle] if mesure.get(cle) is not None else torch.zeros_like(attendu[cle]) for cle in attendu if cle in mesure}
    C.expect_gradients(recu, attendu, name=label, tol=1e-07)

@test_case(points=None, hidden=False)
def test_modele_h4_precision_test(modele_h4, vocabulaire):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_de_modele_h4(modele_h4, vocabulaire, partie):
        """Précision de modele_h4 sur les phrases de `partie`, encodées par le correcteur avec le
    vocabulaire de l'étudiant (la règle d'`encoder`, N_MAX = 32)."""
        import re
        lire = C.code("lambda m: [type(m).__name__, getattr(m, 'n_tetes', None), type(getattr(m, 'attention', None)).__name__]")
        classe, tetes, attention = C.call(lire, C.require(modele_h4, 'modele_h4', 'variable'), name='modele_h4')
        C.expect(classe == 'ClassifieurTexte' and tetes == 4 and (attention == 'AttentionMultiTetes'), '`modele_h4` devrait être un ClassifieurTexte à 4 têtes (AttentionMultiTetes).', hint="ne modifiez pas la cellule d'entraînement fournie ; relancez-la.")
        C.expect(isinstance(vocabulaire, dict) and vocabulaire.get('<pad>') == 0, '`vocabulaire` devrait être le dictionnaire mot → indice construit plus haut.', hint="ne modifiez pas la cellule d'encodage fournie.")
        textes, y = data.texts('course-text', partie)
        lignes = []
        for texte in textes:
            indices = [vocabulaire.get(m, 1) for m in re.findall('\\w+', texte.lower())][:32] or [1]
            lignes.append(indices + [0] * (32 - len(indices)))
        ids = torch.tensor(lignes, dtype=torch.long)
        logits = C.as_tensor(C.forward(modele_h4, ids, name='modele_h4'), 'modele_h4(ids)')
        C.expect_shape(logits, (len(textes), len(data.classes('course-text'))), name='modele_h4(ids)')
        return float((logits.argmax(dim=1) == y).double().mean())
    seuil = 0.49
    valeur = precision_de_modele_h4(modele_h4, vocabulaire, 'test')
    C.expect(valeur >= seuil, f"`modele_h4` n'atteint pas la précision attendue sur la partie test ({100 * valeur:.1f} % < {100 * seuil:.0f} %).", hint="vérifiez l'attention (q1 : padding, découpage, échelle) et le classifieur (q3 : moyenne sur les mots, positions), puis relancez l'entraînement.")

@test_case(points=None, hidden=True)
def test_modele_h4_precision_correcteur(modele_h4, vocabulaire):
    import torch
    from autograder import checks as C
    from autograder import data

    def precision_de_modele_h4(modele_h4, vocabulaire, partie):
        """Précision de modele_h4 sur les phrases de `partie`, encodées par le correcteur avec le
    vocabulaire de l'étudiant (la règle d'`encoder`, N_MAX = 32)."""
        import re
        lire = C.code("lambda m: [type(m).__name__, getattr(m, 'n_tetes', None), type(getattr(m, 'attention', None)).__name__]")
        classe, tetes, attention = C.call(lire, C.require(modele_h4, 'modele_h4', 'variable'), name='modele_h4')
        C.expect(classe == 'ClassifieurTexte' and tetes == 4 and (attention == 'AttentionMultiTetes'), '`modele_h4` devrait être un ClassifieurTexte à 4 têtes (AttentionMultiTetes).', hint="ne modifiez pas la cellule d'entraînement fournie ; relancez-la.")
        C.expect(isinstance(vocabulaire, dict) and vocabulaire.get('<pad>') == 0, '`vocabulaire` devrait être le dictionnaire mot → indice construit plus haut.', hint="ne modifiez pas la cellule d'encodage fournie.")
        textes, y = data.texts('course-text', partie)
        lignes = []
        for texte in textes:
            indices = [vocabulaire.get(m, 1) for m in re.findall('\\w+', texte.lower())][:32] or [1]
            lignes.append(indices + [0] * (32 - len(indices)))
        ids = torch.tensor(lignes, dtype=torch.long)
        logits = C.as_tensor(C.forward(modele_h4, ids, name='modele_h4'), 'modele_h4(ids)')
        C.expect_shape(logits, (len(textes), len(data.classes('course-text'))), name='modele_h4(ids)')
        return float((logits.argmax(dim=1) == y).double().mean())
    seuil = 0.47
    valeur = precision_de_modele_h4(modele_h4, vocabulaire, 'holdout')
    C.expect(valeur >= seuil, "`modele_h4` n'atteint pas la précision attendue sur les phrases de la correction.", hint="vérifiez l'attention (q1) et le classifieur (q3), puis relancez l'entraînement.")

