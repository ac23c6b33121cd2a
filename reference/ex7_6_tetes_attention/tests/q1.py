from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 4

@test_case(points=None, hidden=False)
def test_transformer_exemple(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    config = (12, 8, 2, 2, 16, 3, 6)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 0)
    ids = torch.tensor([[3, 7, 2, 5, 9], [4, 11, 6, 0, 0]])
    logits = logits_de(modele, ids, ids == 0, None, 3, label)
    C.expect_close(logits, oracle_transformer(poids, 2, ids, ids == 0, None)[0].detach(), name=f'logits de {label} (2 couches, 2 têtes, une phrase complétée)', reveal=True, hint='x = embedding + positions ; par couche x + attn(ln1(x)) puis x + ffn(ln2(x)) ; ln_finale ; moyenne sur les mots ; tete.')

@test_case(points=None, hidden=True)
def test_transformer_contre_oracle_d16_h4_c2(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    cas = 'd16_h4_c2'
    d, h, c = (int(t[1:]) for t in cas.split('_'))
    config = (17, d, h, c, 2 * d + 4, 4, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 10 + d + h)
    for B, L in ((3, 7), (1, 9), (5, 4)):
        ids, padding = phrases_du_correcteur(17, B, L, 20 + B + c)
        logits = logits_de(modele, ids, padding, None, 4, label)
        C.expect_close(logits, oracle_transformer(poids, h, ids, padding, None)[0].detach(), name=f'logits de {label} pour ids de forme {(B, L)}', hint="vérifiez l'ordre pre-norm, le facteur 1/√d_k (d_k = d_model / n_tetes), le découpage des têtes (view(B, L, h, d_k) puis transpose), le −∞ des clés de remplissage, GELU, ln_finale et la moyenne sur les seuls mots.")

@test_case(points=None, hidden=True)
def test_transformer_contre_oracle_d12_h3_c3(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    cas = 'd12_h3_c3'
    d, h, c = (int(t[1:]) for t in cas.split('_'))
    config = (17, d, h, c, 2 * d + 4, 4, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 10 + d + h)
    for B, L in ((3, 7), (1, 9), (5, 4)):
        ids, padding = phrases_du_correcteur(17, B, L, 20 + B + c)
        logits = logits_de(modele, ids, padding, None, 4, label)
        C.expect_close(logits, oracle_transformer(poids, h, ids, padding, None)[0].detach(), name=f'logits de {label} pour ids de forme {(B, L)}', hint="vérifiez l'ordre pre-norm, le facteur 1/√d_k (d_k = d_model / n_tetes), le découpage des têtes (view(B, L, h, d_k) puis transpose), le −∞ des clés de remplissage, GELU, ln_finale et la moyenne sur les seuls mots.")

@test_case(points=None, hidden=True)
def test_transformer_contre_oracle_d8_h1_c1(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    cas = 'd8_h1_c1'
    d, h, c = (int(t[1:]) for t in cas.split('_'))
    config = (17, d, h, c, 2 * d + 4, 4, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 10 + d + h)
    for B, L in ((3, 7), (1, 9), (5, 4)):
        ids, padding = phrases_du_correcteur(17, B, L, 20 + B + c)
        logits = logits_de(modele, ids, padding, None, 4, label)
        C.expect_close(logits, oracle_transformer(poids, h, ids, padding, None)[0].detach(), name=f'logits de {label} pour ids de forme {(B, L)}', hint="vérifiez l'ordre pre-norm, le facteur 1/√d_k (d_k = d_model / n_tetes), le découpage des têtes (view(B, L, h, d_k) puis transpose), le −∞ des clés de remplissage, GELU, ln_finale et la moyenne sur les seuls mots.")

@test_case(points=None, hidden=True)
def test_transformer_contre_oracle_d16_h8_c4(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    cas = 'd16_h8_c4'
    d, h, c = (int(t[1:]) for t in cas.split('_'))
    config = (17, d, h, c, 2 * d + 4, 4, 9)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 10 + d + h)
    for B, L in ((3, 7), (1, 9), (5, 4)):
        ids, padding = phrases_du_correcteur(17, B, L, 20 + B + c)
        logits = logits_de(modele, ids, padding, None, 4, label)
        C.expect_close(logits, oracle_transformer(poids, h, ids, padding, None)[0].detach(), name=f'logits de {label} pour ids de forme {(B, L)}', hint="vérifiez l'ordre pre-norm, le facteur 1/√d_k (d_k = d_model / n_tetes), le découpage des têtes (view(B, L, h, d_k) puis transpose), le −∞ des clés de remplissage, GELU, ln_finale et la moyenne sur les seuls mots.")

@test_case(points=None, hidden=True)
def test_transformer_invariance_padding(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    config = (15, 12, 4, 2, 20, 3, 10)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 31)
    ids, padding = phrases_du_correcteur(15, 4, 5, 32)
    court = logits_de(modele, ids, padding, None, 3, label)
    long_ids = torch.cat([ids, torch.zeros(4, 4, dtype=torch.long)], dim=1)
    long = logits_de(modele, long_ids, long_ids == 0, None, 3, label)
    C.expect_close(long, oracle_transformer(poids, 4, ids, padding, None)[0].detach(), name=f'logits de {label} après 4 colonnes de remplissage ajoutées', hint='le remplissage ne doit rien changer : −∞ aux clés de remplissage et moyenne sur les seules positions qui ne sont pas du remplissage.')
    C.expect_close(long, court, name='logits avec et sans colonnes de remplissage ajoutées')

@test_case(points=None, hidden=True)
def test_transformer_masque_tetes(TransformerTexte):
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

    def logits_de(modele, ids, padding, masque_tetes, n_classes, label):
        """modele(ids, padding[, masque_tetes]) par position ; forme vérifiée."""
        args = (ids.clone(), padding.clone()) if masque_tetes is None else (ids.clone(), padding.clone(), masque_tetes.clone())
        logits = C.as_tensor(C.call(modele, *args, name=label), f'{label}(ids, masque_padding)')
        C.expect_shape(logits, (ids.shape[0], n_classes), name=f'{label}(ids, masque_padding) pour ids de forme {tuple(ids.shape)}', hint='forward renvoie les seuls logits, de forme (B, n_classes).')
        return logits
    config = (14, 12, 3, 2, 16, 3, 8)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 41)
    ids, padding = phrases_du_correcteur(14, 3, 6, 42)
    sans = oracle_transformer(poids, 3, ids, padding, None)[0].detach()
    for uns in (torch.ones(2, 3, dtype=torch.float64), torch.ones(2, 3)):
        C.expect_close(logits_de(modele, ids, padding, uns, 3, label), sans, name=f'logits avec masque_tetes = torch.ones(2, 3) en {str(uns.dtype)[6:]}', hint='un masque de uns ne change rien.')
    for l, i in ((0, 1), (1, 2)):
        masque = torch.ones(2, 3, dtype=torch.float64)
        masque[l, i] = 0.0
        colonnes = {k: v.clone() for k, v in poids.items()}
        colonnes[f'couches.{l}.attn.W_o.weight'][:, 4 * i:4 * (i + 1)] = 0.0
        C.expect_close(logits_de(modele, ids, padding, masque, 3, label), oracle_transformer(colonnes, 3, ids, padding, None)[0].detach(), name=f'logits avec la tête {i} de la couche {l} élaguée', hint='masque_tetes[l, i] multiplie la sortie de la tête i de la couche l AVANT W_o (le biais de W_o reste) : élaguer une tête revient à annuler les colonnes de W_o qui la lisent.')
    masque = torch.tensor([[0.5, 2.0, 1.0], [1.0, 0.0, -1.0]], dtype=torch.float64)
    C.expect_close(logits_de(modele, ids, padding, masque, 3, label), oracle_transformer(poids, 3, ids, padding, masque)[0].detach(), name='logits avec un masque_tetes non binaire', hint='la sortie de chaque tête est multipliée par masque_tetes[l, i].')

@test_case(points=None, hidden=True)
def test_transformer_parametres(TransformerTexte):
    from autograder import checks as C
    lire = C.code("lambda m: [getattr(m, 'n_couches', None), getattr(m, 'n_tetes', None), sum(p.numel() for p in m.parameters())]")
    for args, (V, d, h, c, d_ff, K, n_max) in (((40,), (40, 64, 8, 4, 128, 3, 64)), ((9, 12, 3, 2, 10, 5, 7), (9, 12, 3, 2, 10, 5, 7))):
        label = f'TransformerTexte{args}'
        modele = C.make_model(TransformerTexte, *args, name=label)
        couches, tetes, total = C.call(lire, modele, name=label)
        C.expect(couches == c and tetes == h, f'`{label}` devrait avoir les attributs n_couches = {c} et n_tetes = {h}.', hint='valeurs par défaut : d_model=64, n_tetes=8, n_couches=4, d_ff=128, n_classes=3, longueur_max=64.')
        attendu = V * d + n_max * d + c * (4 * (d * d + d) + 4 * d + d * d_ff + d_ff + d_ff * d + d) + 2 * d + d * K + K
        C.expect_equal(total, attendu, name=f'nombre de paramètres de {label}', hint="embedding, positions, par couche W_q, W_k, W_v, W_o (avec biais), ln1, ln2 et ffn ; ln_finale et tete ; rien d'autre.")
    C.expect_not_using(TransformerTexte, {'MultiheadAttention', 'scaled_dot_product_attention', 'TransformerEncoderLayer', 'TransformerEncoder', 'multi_head_attention_forward'}, name='TransformerTexte', hint="écrivez l'attention vous-même : projections, têtes, scores, masque, softmax, concaténation, W_o.")

@test_case(points=None, hidden=True)
def test_transformer_gradients(TransformerTexte):
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
    config = (11, 8, 2, 2, 12, 3, 6)
    modele, poids, label = transformer_du_correcteur(TransformerTexte, config, 51)
    ids, padding = phrases_du_correcteur(11, 3, 6, 52)
    ponderation = torch.randn(3, 3, generator=torch.Generator().manual_seed(53), dtype=torch.float64)
    gradients = C.code('def gradients(modele, ids, padding, ponderation):\n    for p in modele.parameters():\n        p.grad = None\n    logits = modele(ids, padding)\n    if not (isinstance(logits, torch.Tensor) and logits.requires_grad):\n        return None\n    (logits * ponderation).sum().backward()\n    return {nom: p.grad for nom, p in modele.named_parameters()}')
    recu = C.call(gradients, modele, ids, padding, ponderation, name=label)
    C.expect(recu is not None, f"La sortie de `{label}` n'est pas reliée au graphe d'autograd.", hint='ni .detach(), ni torch.no_grad(), ni .data dans forward.')
    feuilles = {cle: t.clone().requires_grad_(True) for cle, t in poids.items()}
    (oracle_transformer(feuilles, 2, ids, padding, None)[0] * ponderation).sum().backward()
    attendu = {cle: t.grad for cle, t in feuilles.items() if not cle.endswith('W_k.bias')}
    recu = {cle: g if g is not None else torch.zeros_like(attendu[cle]) for cle, g in recu.items() if cle in attendu}
    C.expect_gradients(recu, attendu, name=label, tol=1e-07)

