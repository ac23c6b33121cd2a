from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_cartes_exemple(cartes_attention, TransformerTexte):
    import math
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine):
        """Des poids float64 du correcteur pour toutes les clés de l'énoncé."""
        g = torch.Generator().manual_seed(graine)

        def tirer(*forme, echelle=1.0, centre=0.0):
            return centre + echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        poids = {'embedding.weight': tirer(V, d), 'positions.weight': tirer(n_max, d)}
        for l in range(n_couches):
            c = f'couches.{l}.'
            for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
                poids[f'{c}attn.{nom}.weight'] = tirer(d, d, echelle=d ** (-0.5))
                poids[f'{c}attn.{nom}.bias'] = tirer(d, echelle=0.2)
            for nom in ('ln1', 'ln2'):
                poids[f'{c}{nom}.weight'] = tirer(d, echelle=0.2, centre=1.0)
                poids[f'{c}{nom}.bias'] = tirer(d, echelle=0.2)
            poids[f'{c}ffn.0.weight'] = tirer(d_ff, d, echelle=d ** (-0.5))
            poids[f'{c}ffn.0.bias'] = tirer(d_ff, echelle=0.2)
            poids[f'{c}ffn.2.weight'] = tirer(d, d_ff, echelle=d_ff ** (-0.5))
            poids[f'{c}ffn.2.bias'] = tirer(d, echelle=0.2)
        poids['ln_finale.weight'] = tirer(d, echelle=0.2, centre=1.0)
        poids['ln_finale.bias'] = tirer(d, echelle=0.2)
        poids['tete.weight'] = tirer(n_classes, d, echelle=d ** (-0.5))
        poids['tete.bias'] = tirer(n_classes, echelle=0.2)
        return poids

    def transformer_du_correcteur(TransformerTexte, config, graine):
        """TransformerTexte(*config) de l'étudiant, en float64, chargé des poids du correcteur."""
        V, d, h, n_couches, d_ff, n_classes, n_max = config
        label = f'TransformerTexte{tuple(config)}'
        modele = C.make_model(TransformerTexte, *config, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='noms imposés : embedding, positions, couches[l].attn.W_q/W_k/W_v/W_o, couches[l].ln1, ln2, ffn (Sequential Linear, GELU, Linear), ln_finale, tete.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='vérifiez les dimensions des sous-modules (d_model, d_ff, longueur_max, n_classes).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def oracle_transformer(poids, n_tetes, ids, padding, masque_tetes):
        """(logits, cartes (n_couches, B, h, L, L)) de l'architecture de l'énoncé, calculés par le
    correcteur à partir de `poids` (einsum, F.layer_norm, F.gelu) ; différentiable par rapport
    aux tenseurs de `poids`."""
        L = ids.shape[1]
        d = poids['embedding.weight'].shape[1]
        d_k = d // n_tetes
        n_couches = len({cle.split('.')[1] for cle in poids if cle.startswith('couches.')})
        x = poids['embedding.weight'][ids] + poids['positions.weight'][:L]
        cartes = []
        for l in range(n_couches):

            def p(nom, l=l):
                return poids[f'couches.{l}.{nom}']
            z = F.layer_norm(x, (d,), p('ln1.weight'), p('ln1.bias'))
            q, k, v = (F.linear(z, p(f'attn.{n}.weight'), p(f'attn.{n}.bias')).unflatten(-1, (n_tetes, d_k)) for n in ('W_q', 'W_k', 'W_v'))
            scores = torch.einsum('bqhe,bkhe->bhqk', q, k) / math.sqrt(d_k)
            alpha = scores.masked_fill(padding[:, None, None, :], float('-inf')).softmax(dim=-1)
            tetes = torch.einsum('bhqk,bkhe->bqhe', alpha, v)
            if masque_tetes is not None:
                tetes = tetes * masque_tetes[l].to(torch.float64)[:, None]
            x = x + F.linear(tetes.flatten(2), p('attn.W_o.weight'), p('attn.W_o.bias'))
            z = F.layer_norm(x, (d,), p('ln2.weight'), p('ln2.bias'))
            x = x + F.linear(F.gelu(F.linear(z, p('ffn.0.weight'), p('ffn.0.bias'))), p('ffn.2.weight'), p('ffn.2.bias'))
            cartes.append(alpha)
        x = F.layer_norm(x, (d,), poids['ln_finale.weight'], poids['ln_finale.bias'])
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (x * garde).sum(dim=1) / garde.sum(dim=1)
        return (F.linear(moyenne, poids['tete.weight'], poids['tete.bias']), torch.stack(cartes))

    def lignes_des_mots(cartes, padding):
        """Les lignes (requêtes) qui ne sont pas du remplissage : (nombre, L)."""
        n_couches, B, h, L, _ = cartes.shape
        garde = (~padding)[None, :, None, :].expand(n_couches, B, h, L)
        return cartes[garde]

    def cartes_de(cartes_attention, modele, ids, padding, masque_tetes, forme, label):
        """cartes_attention(modele, ids, padding[, masque_tetes]) ; forme vérifiée."""
        args = (modele, ids.clone(), padding.clone()) + (() if masque_tetes is None else (masque_tetes.clone(),))
        cartes = C.as_tensor(C.call(cartes_attention, *args, name='cartes_attention'), f'cartes_attention({label}, ids, masque_padding)')
        C.expect_shape(cartes, forme, name=f'cartes_attention pour {label} et ids de forme {tuple(ids.shape)}', hint='forme (n_couches, B, n_tetes, L, L) : couche, phrase, tête, requête, clé.')
        return cartes
    config = (12, 8, 2, 2, 16, 3, 6)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 60)
    ids = torch.tensor([[3, 7, 2, 5, 9], [4, 11, 6, 0, 0]])
    cartes = cartes_de(cartes_attention, modele, ids, ids == 0, None, (2, 2, 2, 5, 5), label)
    attendu = oracle_transformer(poids, 2, ids, ids == 0, None)[1].detach()
    C.expect_close(lignes_des_mots(cartes, ids == 0), lignes_des_mots(attendu, ids == 0), name=f"cartes d'attention de {label} (lignes des mots)", reveal=True, hint="les poids softmax(QKᵀ/√d_k) de chaque couche, calculés sur la sortie de ln1 de cette couche, empilés dans l'ordre des couches.")

@test_case(points=None, hidden=True)
def test_cartes_lignes_et_padding(cartes_attention, TransformerTexte):
    import torch
    from autograder import checks as C

    def poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine):
        """Des poids float64 du correcteur pour toutes les clés de l'énoncé."""
        g = torch.Generator().manual_seed(graine)

        def tirer(*forme, echelle=1.0, centre=0.0):
            return centre + echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        poids = {'embedding.weight': tirer(V, d), 'positions.weight': tirer(n_max, d)}
        for l in range(n_couches):
            c = f'couches.{l}.'
            for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
                poids[f'{c}attn.{nom}.weight'] = tirer(d, d, echelle=d ** (-0.5))
                poids[f'{c}attn.{nom}.bias'] = tirer(d, echelle=0.2)
            for nom in ('ln1', 'ln2'):
                poids[f'{c}{nom}.weight'] = tirer(d, echelle=0.2, centre=1.0)
                poids[f'{c}{nom}.bias'] = tirer(d, echelle=0.2)
            poids[f'{c}ffn.0.weight'] = tirer(d_ff, d, echelle=d ** (-0.5))
            poids[f'{c}ffn.0.bias'] = tirer(d_ff, echelle=0.2)
            poids[f'{c}ffn.2.weight'] = tirer(d, d_ff, echelle=d_ff ** (-0.5))
            poids[f'{c}ffn.2.bias'] = tirer(d, echelle=0.2)
        poids['ln_finale.weight'] = tirer(d, echelle=0.2, centre=1.0)
        poids['ln_finale.bias'] = tirer(d, echelle=0.2)
        poids['tete.weight'] = tirer(n_classes, d, echelle=d ** (-0.5))
        poids['tete.bias'] = tirer(n_classes, echelle=0.2)
        return poids

    def transformer_du_correcteur(TransformerTexte, config, graine):
        """TransformerTexte(*config) de l'étudiant, en float64, chargé des poids du correcteur."""
        V, d, h, n_couches, d_ff, n_classes, n_max = config
        label = f'TransformerTexte{tuple(config)}'
        modele = C.make_model(TransformerTexte, *config, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='noms imposés : embedding, positions, couches[l].attn.W_q/W_k/W_v/W_o, couches[l].ln1, ln2, ffn (Sequential Linear, GELU, Linear), ln_finale, tete.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='vérifiez les dimensions des sous-modules (d_model, d_ff, longueur_max, n_classes).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def lignes_des_mots(cartes, padding):
        """Les lignes (requêtes) qui ne sont pas du remplissage : (nombre, L)."""
        n_couches, B, h, L, _ = cartes.shape
        garde = (~padding)[None, :, None, :].expand(n_couches, B, h, L)
        return cartes[garde]

    def cartes_de(cartes_attention, modele, ids, padding, masque_tetes, forme, label):
        """cartes_attention(modele, ids, padding[, masque_tetes]) ; forme vérifiée."""
        args = (modele, ids.clone(), padding.clone()) + (() if masque_tetes is None else (masque_tetes.clone(),))
        cartes = C.as_tensor(C.call(cartes_attention, *args, name='cartes_attention'), f'cartes_attention({label}, ids, masque_padding)')
        C.expect_shape(cartes, forme, name=f'cartes_attention pour {label} et ids de forme {tuple(ids.shape)}', hint='forme (n_couches, B, n_tetes, L, L) : couche, phrase, tête, requête, clé.')
        return cartes
    config = (13, 12, 4, 3, 16, 3, 8)
    modele, _, label = transformer_du_correcteur(TransformerTexte, config, 61)
    ids, padding = phrases_du_correcteur(13, 4, 7, 62)
    cartes = cartes_de(cartes_attention, modele, ids, padding, None, (3, 4, 4, 7, 7), label)
    lignes = lignes_des_mots(cartes, padding).to(torch.float64)
    C.expect_close(lignes.sum(dim=-1), torch.ones(lignes.shape[0], dtype=torch.float64), name="somme sur les clés de chaque ligne d'une requête qui n'est pas du remplissage", hint='le softmax porte sur la dernière dimension (les clés).')
    cles = padding[None, :, None, None, :].expand(3, 4, 4, 7, 7)
    requetes = (~padding)[None, :, None, :, None].expand(3, 4, 4, 7, 7)
    C.expect(bool((cartes[cles & requetes] == 0).all()), 'Les poids donnés aux clés de remplissage ne sont pas exactement nuls.', hint='prenez les poids après le −∞ des clés de remplissage (ceux que le passage avant utilise vraiment).')

@test_case(points=None, hidden=True)
def test_cartes_contre_oracle_d16_h4_c3(cartes_attention, TransformerTexte):
    import math
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine):
        """Des poids float64 du correcteur pour toutes les clés de l'énoncé."""
        g = torch.Generator().manual_seed(graine)

        def tirer(*forme, echelle=1.0, centre=0.0):
            return centre + echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        poids = {'embedding.weight': tirer(V, d), 'positions.weight': tirer(n_max, d)}
        for l in range(n_couches):
            c = f'couches.{l}.'
            for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
                poids[f'{c}attn.{nom}.weight'] = tirer(d, d, echelle=d ** (-0.5))
                poids[f'{c}attn.{nom}.bias'] = tirer(d, echelle=0.2)
            for nom in ('ln1', 'ln2'):
                poids[f'{c}{nom}.weight'] = tirer(d, echelle=0.2, centre=1.0)
                poids[f'{c}{nom}.bias'] = tirer(d, echelle=0.2)
            poids[f'{c}ffn.0.weight'] = tirer(d_ff, d, echelle=d ** (-0.5))
            poids[f'{c}ffn.0.bias'] = tirer(d_ff, echelle=0.2)
            poids[f'{c}ffn.2.weight'] = tirer(d, d_ff, echelle=d_ff ** (-0.5))
            poids[f'{c}ffn.2.bias'] = tirer(d, echelle=0.2)
        poids['ln_finale.weight'] = tirer(d, echelle=0.2, centre=1.0)
        poids['ln_finale.bias'] = tirer(d, echelle=0.2)
        poids['tete.weight'] = tirer(n_classes, d, echelle=d ** (-0.5))
        poids['tete.bias'] = tirer(n_classes, echelle=0.2)
        return poids

    def transformer_du_correcteur(TransformerTexte, config, graine):
        """TransformerTexte(*config) de l'étudiant, en float64, chargé des poids du correcteur."""
        V, d, h, n_couches, d_ff, n_classes, n_max = config
        label = f'TransformerTexte{tuple(config)}'
        modele = C.make_model(TransformerTexte, *config, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='noms imposés : embedding, positions, couches[l].attn.W_q/W_k/W_v/W_o, couches[l].ln1, ln2, ffn (Sequential Linear, GELU, Linear), ln_finale, tete.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='vérifiez les dimensions des sous-modules (d_model, d_ff, longueur_max, n_classes).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def oracle_transformer(poids, n_tetes, ids, padding, masque_tetes):
        """(logits, cartes (n_couches, B, h, L, L)) de l'architecture de l'énoncé, calculés par le
    correcteur à partir de `poids` (einsum, F.layer_norm, F.gelu) ; différentiable par rapport
    aux tenseurs de `poids`."""
        L = ids.shape[1]
        d = poids['embedding.weight'].shape[1]
        d_k = d // n_tetes
        n_couches = len({cle.split('.')[1] for cle in poids if cle.startswith('couches.')})
        x = poids['embedding.weight'][ids] + poids['positions.weight'][:L]
        cartes = []
        for l in range(n_couches):

            def p(nom, l=l):
                return poids[f'couches.{l}.{nom}']
            z = F.layer_norm(x, (d,), p('ln1.weight'), p('ln1.bias'))
            q, k, v = (F.linear(z, p(f'attn.{n}.weight'), p(f'attn.{n}.bias')).unflatten(-1, (n_tetes, d_k)) for n in ('W_q', 'W_k', 'W_v'))
            scores = torch.einsum('bqhe,bkhe->bhqk', q, k) / math.sqrt(d_k)
            alpha = scores.masked_fill(padding[:, None, None, :], float('-inf')).softmax(dim=-1)
            tetes = torch.einsum('bhqk,bkhe->bqhe', alpha, v)
            if masque_tetes is not None:
                tetes = tetes * masque_tetes[l].to(torch.float64)[:, None]
            x = x + F.linear(tetes.flatten(2), p('attn.W_o.weight'), p('attn.W_o.bias'))
            z = F.layer_norm(x, (d,), p('ln2.weight'), p('ln2.bias'))
            x = x + F.linear(F.gelu(F.linear(z, p('ffn.0.weight'), p('ffn.0.bias'))), p('ffn.2.weight'), p('ffn.2.bias'))
            cartes.append(alpha)
        x = F.layer_norm(x, (d,), poids['ln_finale.weight'], poids['ln_finale.bias'])
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (x * garde).sum(dim=1) / garde.sum(dim=1)
        return (F.linear(moyenne, poids['tete.weight'], poids['tete.bias']), torch.stack(cartes))

    def lignes_des_mots(cartes, padding):
        """Les lignes (requêtes) qui ne sont pas du remplissage : (nombre, L)."""
        n_couches, B, h, L, _ = cartes.shape
        garde = (~padding)[None, :, None, :].expand(n_couches, B, h, L)
        return cartes[garde]

    def cartes_de(cartes_attention, modele, ids, padding, masque_tetes, forme, label):
        """cartes_attention(modele, ids, padding[, masque_tetes]) ; forme vérifiée."""
        args = (modele, ids.clone(), padding.clone()) + (() if masque_tetes is None else (masque_tetes.clone(),))
        cartes = C.as_tensor(C.call(cartes_attention, *args, name='cartes_attention'), f'cartes_attention({label}, ids, masque_padding)')
        C.expect_shape(cartes, forme, name=f'cartes_attention pour {label} et ids de forme {tuple(ids.shape)}', hint='forme (n_couches, B, n_tetes, L, L) : couche, phrase, tête, requête, clé.')
        return cartes
    cas = 'd16_h4_c3'
    d, h, c = (int(t[1:]) for t in cas.split('_'))
    config = (16, d, h, c, 20, 3, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 70 + d)
    for B, L in ((3, 8), (1, 5)):
        ids, padding = phrases_du_correcteur(16, B, L, 71 + B + d)
        cartes = cartes_de(cartes_attention, modele, ids, padding, None, (c, B, h, L, L), label)
        attendu = oracle_transformer(poids, h, ids, padding, None)[1].detach()
        C.expect_close(lignes_des_mots(cartes, padding), lignes_des_mots(attendu, padding), name=f"cartes d'attention de {label} pour ids de forme {(B, L)}", hint='les poids de chaque couche l : softmax sur les clés de Q_i K_iᵀ/√d_k, calculés dans le passage avant lui-même.')

@test_case(points=None, hidden=True)
def test_cartes_contre_oracle_d9_h3_c2(cartes_attention, TransformerTexte):
    import math
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine):
        """Des poids float64 du correcteur pour toutes les clés de l'énoncé."""
        g = torch.Generator().manual_seed(graine)

        def tirer(*forme, echelle=1.0, centre=0.0):
            return centre + echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        poids = {'embedding.weight': tirer(V, d), 'positions.weight': tirer(n_max, d)}
        for l in range(n_couches):
            c = f'couches.{l}.'
            for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
                poids[f'{c}attn.{nom}.weight'] = tirer(d, d, echelle=d ** (-0.5))
                poids[f'{c}attn.{nom}.bias'] = tirer(d, echelle=0.2)
            for nom in ('ln1', 'ln2'):
                poids[f'{c}{nom}.weight'] = tirer(d, echelle=0.2, centre=1.0)
                poids[f'{c}{nom}.bias'] = tirer(d, echelle=0.2)
            poids[f'{c}ffn.0.weight'] = tirer(d_ff, d, echelle=d ** (-0.5))
            poids[f'{c}ffn.0.bias'] = tirer(d_ff, echelle=0.2)
            poids[f'{c}ffn.2.weight'] = tirer(d, d_ff, echelle=d_ff ** (-0.5))
            poids[f'{c}ffn.2.bias'] = tirer(d, echelle=0.2)
        poids['ln_finale.weight'] = tirer(d, echelle=0.2, centre=1.0)
        poids['ln_finale.bias'] = tirer(d, echelle=0.2)
        poids['tete.weight'] = tirer(n_classes, d, echelle=d ** (-0.5))
        poids['tete.bias'] = tirer(n_classes, echelle=0.2)
        return poids

    def transformer_du_correcteur(TransformerTexte, config, graine):
        """TransformerTexte(*config) de l'étudiant, en float64, chargé des poids du correcteur."""
        V, d, h, n_couches, d_ff, n_classes, n_max = config
        label = f'TransformerTexte{tuple(config)}'
        modele = C.make_model(TransformerTexte, *config, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='noms imposés : embedding, positions, couches[l].attn.W_q/W_k/W_v/W_o, couches[l].ln1, ln2, ffn (Sequential Linear, GELU, Linear), ln_finale, tete.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='vérifiez les dimensions des sous-modules (d_model, d_ff, longueur_max, n_classes).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def oracle_transformer(poids, n_tetes, ids, padding, masque_tetes):
        """(logits, cartes (n_couches, B, h, L, L)) de l'architecture de l'énoncé, calculés par le
    correcteur à partir de `poids` (einsum, F.layer_norm, F.gelu) ; différentiable par rapport
    aux tenseurs de `poids`."""
        L = ids.shape[1]
        d = poids['embedding.weight'].shape[1]
        d_k = d // n_tetes
        n_couches = len({cle.split('.')[1] for cle in poids if cle.startswith('couches.')})
        x = poids['embedding.weight'][ids] + poids['positions.weight'][:L]
        cartes = []
        for l in range(n_couches):

            def p(nom, l=l):
                return poids[f'couches.{l}.{nom}']
            z = F.layer_norm(x, (d,), p('ln1.weight'), p('ln1.bias'))
            q, k, v = (F.linear(z, p(f'attn.{n}.weight'), p(f'attn.{n}.bias')).unflatten(-1, (n_tetes, d_k)) for n in ('W_q', 'W_k', 'W_v'))
            scores = torch.einsum('bqhe,bkhe->bhqk', q, k) / math.sqrt(d_k)
            alpha = scores.masked_fill(padding[:, None, None, :], float('-inf')).softmax(dim=-1)
            tetes = torch.einsum('bhqk,bkhe->bqhe', alpha, v)
            if masque_tetes is not None:
                tetes = tetes * masque_tetes[l].to(torch.float64)[:, None]
            x = x + F.linear(tetes.flatten(2), p('attn.W_o.weight'), p('attn.W_o.bias'))
            z = F.layer_norm(x, (d,), p('ln2.weight'), p('ln2.bias'))
            x = x + F.linear(F.gelu(F.linear(z, p('ffn.0.weight'), p('ffn.0.bias'))), p('ffn.2.weight'), p('ffn.2.bias'))
            cartes.append(alpha)
        x = F.layer_norm(x, (d,), poids['ln_finale.weight'], poids['ln_finale.bias'])
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (x * garde).sum(dim=1) / garde.sum(dim=1)
        return (F.linear(moyenne, poids['tete.weight'], poids['tete.bias']), torch.stack(cartes))

    def lignes_des_mots(cartes, padding):
        """Les lignes (requêtes) qui ne sont pas du remplissage : (nombre, L)."""
        n_couches, B, h, L, _ = cartes.shape
        garde = (~padding)[None, :, None, :].expand(n_couches, B, h, L)
        return cartes[garde]

    def cartes_de(cartes_attention, modele, ids, padding, masque_tetes, forme, label):
        """cartes_attention(modele, ids, padding[, masque_tetes]) ; forme vérifiée."""
        args = (modele, ids.clone(), padding.clone()) + (() if masque_tetes is None else (masque_tetes.clone(),))
        cartes = C.as_tensor(C.call(cartes_attention, *args, name='cartes_attention'), f'cartes_attention({label}, ids, masque_padding)')
        C.expect_shape(cartes, forme, name=f'cartes_attention pour {label} et ids de forme {tuple(ids.shape)}', hint='forme (n_couches, B, n_tetes, L, L) : couche, phrase, tête, requête, clé.')
        return cartes
    cas = 'd9_h3_c2'
    d, h, c = (int(t[1:]) for t in cas.split('_'))
    config = (16, d, h, c, 20, 3, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 70 + d)
    for B, L in ((3, 8), (1, 5)):
        ids, padding = phrases_du_correcteur(16, B, L, 71 + B + d)
        cartes = cartes_de(cartes_attention, modele, ids, padding, None, (c, B, h, L, L), label)
        attendu = oracle_transformer(poids, h, ids, padding, None)[1].detach()
        C.expect_close(lignes_des_mots(cartes, padding), lignes_des_mots(attendu, padding), name=f"cartes d'attention de {label} pour ids de forme {(B, L)}", hint='les poids de chaque couche l : softmax sur les clés de Q_i K_iᵀ/√d_k, calculés dans le passage avant lui-même.')

@test_case(points=None, hidden=True)
def test_cartes_et_elagage(cartes_attention, TransformerTexte):
    import math
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine):
        """Des poids float64 du correcteur pour toutes les clés de l'énoncé."""
        g = torch.Generator().manual_seed(graine)

        def tirer(*forme, echelle=1.0, centre=0.0):
            return centre + echelle * torch.randn(*forme, generator=g, dtype=torch.float64)
        poids = {'embedding.weight': tirer(V, d), 'positions.weight': tirer(n_max, d)}
        for l in range(n_couches):
            c = f'couches.{l}.'
            for nom in ('W_q', 'W_k', 'W_v', 'W_o'):
                poids[f'{c}attn.{nom}.weight'] = tirer(d, d, echelle=d ** (-0.5))
                poids[f'{c}attn.{nom}.bias'] = tirer(d, echelle=0.2)
            for nom in ('ln1', 'ln2'):
                poids[f'{c}{nom}.weight'] = tirer(d, echelle=0.2, centre=1.0)
                poids[f'{c}{nom}.bias'] = tirer(d, echelle=0.2)
            poids[f'{c}ffn.0.weight'] = tirer(d_ff, d, echelle=d ** (-0.5))
            poids[f'{c}ffn.0.bias'] = tirer(d_ff, echelle=0.2)
            poids[f'{c}ffn.2.weight'] = tirer(d, d_ff, echelle=d_ff ** (-0.5))
            poids[f'{c}ffn.2.bias'] = tirer(d, echelle=0.2)
        poids['ln_finale.weight'] = tirer(d, echelle=0.2, centre=1.0)
        poids['ln_finale.bias'] = tirer(d, echelle=0.2)
        poids['tete.weight'] = tirer(n_classes, d, echelle=d ** (-0.5))
        poids['tete.bias'] = tirer(n_classes, echelle=0.2)
        return poids

    def transformer_du_correcteur(TransformerTexte, config, graine):
        """TransformerTexte(*config) de l'étudiant, en float64, chargé des poids du correcteur."""
        V, d, h, n_couches, d_ff, n_classes, n_max = config
        label = f'TransformerTexte{tuple(config)}'
        modele = C.make_model(TransformerTexte, *config, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        poids = poids_transformer(V, d, n_couches, d_ff, n_classes, n_max, graine)
        for cle, valeur in poids.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='noms imposés : embedding, positions, couches[l].attn.W_q/W_k/W_v/W_o, couches[l].ln1, ln2, ffn (Sequential Linear, GELU, Linear), ln_finale, tete.')
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='vérifiez les dimensions des sous-modules (d_model, d_ff, longueur_max, n_classes).')
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def phrases_du_correcteur(V, B, L, graine):
        """ids (B, L) de mots 2 … V − 1 et leur masque de padding : des longueurs de 1 à L, la
    première phrase pleine."""
        g = torch.Generator().manual_seed(graine)
        longueurs = torch.randint(1, L + 1, (B,), generator=g)
        longueurs[0] = L
        padding = torch.arange(L)[None, :] >= longueurs[:, None]
        ids = torch.randint(2, V, (B, L), generator=g).masked_fill(padding, 0)
        return (ids, padding)

    def oracle_transformer(poids, n_tetes, ids, padding, masque_tetes):
        """(logits, cartes (n_couches, B, h, L, L)) de l'architecture de l'énoncé, calculés par le
    correcteur à partir de `poids` (einsum, F.layer_norm, F.gelu) ; différentiable par rapport
    aux tenseurs de `poids`."""
        L = ids.shape[1]
        d = poids['embedding.weight'].shape[1]
        d_k = d // n_tetes
        n_couches = len({cle.split('.')[1] for cle in poids if cle.startswith('couches.')})
        x = poids['embedding.weight'][ids] + poids['positions.weight'][:L]
        cartes = []
        for l in range(n_couches):

            def p(nom, l=l):
                return poids[f'couches.{l}.{nom}']
            z = F.layer_norm(x, (d,), p('ln1.weight'), p('ln1.bias'))
            q, k, v = (F.linear(z, p(f'attn.{n}.weight'), p(f'attn.{n}.bias')).unflatten(-1, (n_tetes, d_k)) for n in ('W_q', 'W_k', 'W_v'))
            scores = torch.einsum('bqhe,bkhe->bhqk', q, k) / math.sqrt(d_k)
            alpha = scores.masked_fill(padding[:, None, None, :], float('-inf')).softmax(dim=-1)
            tetes = torch.einsum('bhqk,bkhe->bqhe', alpha, v)
            if masque_tetes is not None:
                tetes = tetes * masque_tetes[l].to(torch.float64)[:, None]
            x = x + F.linear(tetes.flatten(2), p('attn.W_o.weight'), p('attn.W_o.bias'))
            z = F.layer_norm(x, (d,), p('ln2.weight'), p('ln2.bias'))
            x = x + F.linear(F.gelu(F.linear(z, p('ffn.0.weight'), p('ffn.0.bias'))), p('ffn.2.weight'), p('ffn.2.bias'))
            cartes.append(alpha)
        x = F.layer_norm(x, (d,), poids['ln_finale.weight'], poids['ln_finale.bias'])
        garde = (~padding).unsqueeze(-1).to(torch.float64)
        moyenne = (x * garde).sum(dim=1) / garde.sum(dim=1)
        return (F.linear(moyenne, poids['tete.weight'], poids['tete.bias']), torch.stack(cartes))

    def lignes_des_mots(cartes, padding):
        """Les lignes (requêtes) qui ne sont pas du remplissage : (nombre, L)."""
        n_couches, B, h, L, _ = cartes.shape
        garde = (~padding)[None, :, None, :].expand(n_couches, B, h, L)
        return cartes[garde]

    def cartes_de(cartes_attention, modele, ids, padding, masque_tetes, forme, label):
        """cartes_attention(modele, ids, padding[, masque_tetes]) ; forme vérifiée."""
        args = (modele, ids.clone(), padding.clone()) + (() if masque_tetes is None else (masque_tetes.clone(),))
        cartes = C.as_tensor(C.call(cartes_attention, *args, name='cartes_attention'), f'cartes_attention({label}, ids, masque_padding)')
        C.expect_shape(cartes, forme, name=f'cartes_attention pour {label} et ids de forme {tuple(ids.shape)}', hint='forme (n_couches, B, n_tetes, L, L) : couche, phrase, tête, requête, clé.')
        return cartes
    config = (14, 12, 3, 3, 16, 3, 8)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 80)
    ids, padding = phrases_du_correcteur(14, 3, 6, 81)
    complet = oracle_transformer(poids, 3, ids, padding, None)[1].detach()
    for l, i in ((0, 2), (1, 0), (2, 1)):
        masque = torch.ones(3, 3, dtype=torch.float64)
        masque[l, i] = 0.0
        cartes = cartes_de(cartes_attention, modele, ids, padding, masque, (3, 3, 3, 6, 6), label)
        attendu = oracle_transformer(poids, 3, ids, padding, masque)[1].detach()
        C.expect_close(lignes_des_mots(cartes[:l + 1], padding), lignes_des_mots(complet[:l + 1], padding), name=f'cartes des couches 0 … {l} avec la tête {i} de la couche {l} élaguée', hint='masque_tetes multiplie la sortie des têtes, après le softmax : les poids de la couche élaguée et des précédentes ne changent pas.')
        C.expect_close(lignes_des_mots(cartes[l + 1:], padding), lignes_des_mots(attendu[l + 1:], padding), name=f'cartes des couches suivantes avec la tête {i} de la couche {l} élaguée', hint="passez masque_tetes au passage avant : les couches suivantes reçoivent une entrée changée par l'élagage.")

