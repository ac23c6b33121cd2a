from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 6

@test_case(points=None, hidden=False)
def test_vit_formes(ViT):
    import torch
    from autograder import checks as C
    modele = C.make_model(ViT, name='ViT()')
    x = torch.rand(2, 3, 32, 32)
    C.expect_shape(C.forward(modele, x, name='ViT()'), (2, 10), name='ViT()(x) pour x de forme (2, 3, 32, 32)', hint='forward renvoie les logits (B, n_classes).')
    r = C.call(modele.representations, x, name='ViT().representations')
    C.expect_shape(r, (2, 17, 64), name='ViT().representations(x) pour x de forme (2, 3, 32, 32)', hint='(B, N + 1, d_model) : 16 patchs 8 × 8 et le jeton [CLS].')
    avec = C.count_params(modele)
    sans = C.count_params(C.make_model(ViT, positions=False, name='ViT(positions=False)'))
    C.expect_equal(avec - sans, 17 * 64, reveal=True, name='différence du nombre de paramètres entre ViT() et ViT(positions=False)', hint="l'encodage positionnel appris a (N + 1)·d_model nombres, [CLS] compris ; sans positions, aucun paramètre de position.")

@test_case(points=None, hidden=True)
def test_vit_parametres(ViT):
    from autograder import checks as C

    def nombre_de_parametres(P, c, d, n, L, d_ff, K, positions):
        """Le compte de l'énoncé (n patchs)."""
        bloc = 4 * d * d + 4 * d + 2 * d * d_ff + d_ff + d + 4 * d
        return P * P * c * d + d + d + ((n + 1) * d if positions else 0) + L * bloc + 2 * d + d * K + K
    formes = C.code('def formes(modele):\n    return {nom: list(p.shape) for nom, p in modele.named_parameters() if p.requires_grad}')
    configs = [((), {}, (8, 3, 64, 16, 2, 128, 10)), ((16, 4, 3, 16, 2, 2, 32, 5), {}, (4, 3, 16, 16, 2, 32, 5)), ((), dict(taille_image=24, taille_patch=6, canaux=1, d_model=12, n_tetes=3, n_couches=3, d_ff=20, n_classes=7), (6, 1, 12, 16, 3, 20, 7))]
    for args, kwargs, (P, c, d, n, L, d_ff, K) in configs:
        for positions in (True, False):
            texte = [*map(str, args), *(f'{k}={v}' for k, v in kwargs.items())]
            label = f"ViT({', '.join([*texte, f'positions={positions}'])})"
            modele = C.make_model(ViT, *args, positions=positions, name=label, **kwargs)
            trouvees = C.call(formes, modele, name=f'{label}.named_parameters')
            C.expect(trouvees.get('cls') == [1, 1, d], f"`{label}` n'a pas de paramètre entraînable `cls` de forme (1, 1, {d}).", hint='self.cls = nn.Parameter(torch.zeros(1, 1, d_model)) : un seul jeton appris, partagé par toutes les images.')
            if positions:
                C.expect(trouvees.get('positions') == [1, n + 1, d], f"`{label}` n'a pas de paramètre entraînable `positions` de forme (1, {n + 1}, {d}).", hint='une position apprise pour chacun des N + 1 jetons, [CLS] compris.')
            else:
                C.expect('positions' not in trouvees and (not any((f == [1, n + 1, d] or f == [1, n, d] for f in trouvees.values()))), f'`{label}` a un paramètre de position alors que positions=False.', hint='sans positions, pas de paramètre (self.positions = None).')
            C.expect(trouvees.get('tete.weight') == [K, d] and trouvees.get('tete.bias') == [K], f"`{label}` n'a pas de tête `tete` = nn.Linear({d}, {K}).", hint='self.tete = nn.Linear(d_model, n_classes).')
            C.expect_equal(C.count_params(modele), nombre_de_parametres(P, c, d, n, L, d_ff, K, positions), name=f'nombre de paramètres de {label}', hint='patchs (P²C·d + d), [CLS] (d), positions ((N + 1)·d), par bloc 4d² + 4d (attention avec biais) + 2d·d_ff + d_ff + d (FFN) + 4d (deux LayerNorm), LayerNorm finale (2d), tête (dK + K).')

@test_case(points=None, hidden=True)
def test_vit_tete_sur_cls(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)

    def jetons(modele, x, label):
        """representations(x), de forme vérifiée (B, 17, 16)."""
        r = C.as_tensor(C.call(modele.representations, x, name=f'{label}.representations'), f'{label}.representations(x)')
        C.expect_shape(r, (x.shape[0], 17, 16), name=f'{label}.representations(x) pour x de forme {tuple(x.shape)}', hint='(B, N + 1, d_model) : le [CLS] puis les N patchs.')
        return r
    modele, label = petit_vit(ViT, True)
    x = torch.rand(3, 3, 16, 16, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
    logits = C.as_tensor(C.forward(modele, x, name=label), f'{label}(x)')
    C.expect_shape(logits, (3, 5), name=f'{label}(x) pour x de forme (3, 3, 16, 16)')
    r = jetons(modele, x, label)
    etat = C.call(modele.state_dict, name=f'{label}.state_dict')
    C.expect('tete.weight' in etat and 'tete.bias' in etat, f"`{label}` n'a pas de tête `tete` (nn.Linear avec biais).", hint='self.tete = nn.Linear(d_model, n_classes).')
    W = C.as_tensor(etat['tete.weight'], 'tete.weight')
    b = C.as_tensor(etat['tete.bias'], 'tete.bias')
    C.expect_close(logits, r[:, 0] @ W.T + b, name=f'{label}(x) comparé à tete(representations(x)[:, 0])', hint='les logits sont la tête appliquée à la représentation finale du [CLS] (indice 0), pas à la moyenne des jetons ni à un autre jeton.')

@test_case(points=None, hidden=True)
def test_vit_cls_voit_chaque_patch(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(8)
    x = torch.rand(1, 3, 16, 16, generator=g, dtype=torch.float64)
    lot = x.repeat(16, 1, 1, 1)
    for k in range(16):
        i, j = divmod(k, 4)
        lot[k, :, 4 * i:4 * i + 4, 4 * j:4 * j + 4] += torch.randn(3, 4, 4, generator=g, dtype=torch.float64)
    base = C.as_tensor(C.forward(modele, x, name=label), f'{label}(x)')
    out = C.as_tensor(C.forward(modele, lot, name=label), f'{label}(x)')
    C.expect_shape(out, (16, 5), name=f'{label}(x) pour x de forme (16, 3, 16, 16)')
    ecarts = (out - base).abs().amax(dim=1)
    muets = [k for k in range(16) if float(ecarts[k]) < 1e-08]
    C.expect(not muets, f'Les logits de `{label}` ne changent pas quand on modifie certains patchs ({len(muets)} patch(s) sur 16 sans effet).', hint='le [CLS] doit pouvoir attendre tous les patchs : la séquence complète ([CLS] + N patchs) passe dans chaque bloc, sans masque.')

@test_case(points=None, hidden=True)
def test_vit_permutation_des_patchs(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)

    def jetons(modele, x, label):
        """representations(x), de forme vérifiée (B, 17, 16)."""
        r = C.as_tensor(C.call(modele.representations, x, name=f'{label}.representations'), f'{label}.representations(x)')
        C.expect_shape(r, (x.shape[0], 17, 16), name=f'{label}.representations(x) pour x de forme {tuple(x.shape)}', hint='(B, N + 1, d_model) : le [CLS] puis les N patchs.')
        return r
    g = torch.Generator().manual_seed(9)
    x = torch.rand(2, 3, 16, 16, generator=g, dtype=torch.float64)
    perm = torch.randperm(16, generator=g)
    blocs = x.reshape(2, 3, 4, 4, 4, 4).permute(0, 2, 4, 1, 3, 5).reshape(2, 16, 3, 4, 4)
    xp = blocs[:, perm].reshape(2, 4, 4, 3, 4, 4).permute(0, 3, 1, 4, 2, 5).reshape(2, 3, 16, 16)
    modele, label = petit_vit(ViT, False)
    r, rp = (jetons(modele, x, label), jetons(modele, xp, label))
    indices = torch.cat([torch.zeros(1, dtype=torch.long), 1 + perm])
    try:
        C.expect_close(rp, r[:, indices], rtol=1e-08, atol=1e-09, name=f"{label}.representations de l'image aux patchs permutés")
    except C.CheckFailure as exc:
        raise C.CheckFailure(exc.summary, exc.details, hint="sans positions, permuter les patchs de l'image doit laisser le [CLS] (indice 0) inchangé et permuter les jetons 1 … N de la même façon : [CLS] en tête, puis les patchs ligne par ligne, et aucun mélange entre jetons hors de l'attention.") from None
    C.expect_close(C.forward(modele, xp, name=label), C.forward(modele, x, name=label), rtol=1e-08, atol=1e-09, name=f"logits de {label} pour l'image aux patchs permutés", hint='sans positions, le [CLS] ne sait pas où sont les patchs : les logits ne doivent pas changer.')
    modele, label = petit_vit(ViT, True)
    ecart = (C.as_tensor(C.forward(modele, xp, name=label), label) - C.as_tensor(C.forward(modele, x, name=label), label)).abs().max()
    C.expect(float(ecart) > 1e-06, f"Avec positions=True, permuter les patchs de l'image ne change pas les logits de `{label}`.", hint="ajoutez self.positions aux N + 1 jetons (après avoir placé le [CLS]) : c'est la seule information de position du modèle.")

@test_case(points=None, hidden=True)
def test_vit_images_independantes(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(10)
    x = torch.rand(4, 3, 16, 16, generator=g, dtype=torch.float64)
    autre = x.clone()
    autre[1:] = torch.rand(3, 3, 16, 16, generator=g, dtype=torch.float64)
    out = C.as_tensor(C.forward(modele, x, name=label), label)
    seul = C.as_tensor(C.forward(modele, x[:1].clone(), name=label), label)
    change = C.as_tensor(C.forward(modele, autre, name=label), label)
    conseil = "la sortie d'une image ne doit pas dépendre des autres images du lot : l'attention porte sur les jetons d'une même image ; avec nn.TransformerEncoderLayer, passez batch_first=True (sinon la dimension du lot est prise pour celle de la séquence)."
    for got, quoi in ((change[:1], 'quand les autres images du lot changent'), (seul, 'seule dans son lot')):
        try:
            C.expect_close(got, out[:1], rtol=1e-08, atol=1e-09, name=f'logits de la première image {quoi}')
        except C.CheckFailure as exc:
            raise C.CheckFailure(exc.summary, exc.details, hint=conseil) from None

@test_case(points=None, hidden=True)
def test_vit_deterministe_sans_dropout(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)
    modele, label = petit_vit(ViT, True)
    x = torch.rand(3, 3, 16, 16, generator=torch.Generator().manual_seed(11), dtype=torch.float64)
    eval1 = C.forward(modele, x, name=label)
    eval2 = C.forward(modele, x, name=label)
    C.expect_close(eval2, eval1, rtol=1e-12, atol=1e-12, name=f'deux appels de {label} en mode eval', hint='en mode eval, le modèle est déterministe.')
    C.call(modele.train, name=f'{label}.train')
    C.expect_close(C.forward(modele, x, name=label), eval1, rtol=1e-08, atol=1e-09, name=f'{label}(x) en mode train comparé au mode eval', hint='pas de dropout (nn.TransformerEncoderLayer a dropout=0.1 par défaut : passez dropout=0.0), pas de BatchNorm.')

@test_case(points=None, hidden=True)
def test_vit_gradients_de_tous_les_parametres(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)
    sans_gradient = C.code('def sans_gradient(modele, x, poids):\n    modele.zero_grad()\n    (modele(x) * poids).sum().backward()\n    return [nom for nom, p in modele.named_parameters() if p.requires_grad and p.grad is None]')
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(12)
    x = torch.rand(2, 3, 16, 16, generator=g, dtype=torch.float64)
    poids = torch.randn(2, 5, generator=g, dtype=torch.float64)
    muets = C.call(sans_gradient, modele, x, poids, name=label)
    C.expect(isinstance(muets, list) and (not muets), f"Des paramètres de `{label}` ne reçoivent aucun gradient des logits ({(len(muets) if isinstance(muets, list) else '?')} tenseur(s)).", hint="n'utilisez ni detach ni no_grad dans forward, et faites servir chaque paramètre (patchs, [CLS], positions, blocs, LayerNorm finale, tête).")

@test_case(points=None, hidden=True)
def test_vit_blocs_pre_norm(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)

    def jetons(modele, x, label):
        """representations(x), de forme vérifiée (B, 17, 16)."""
        r = C.as_tensor(C.call(modele.representations, x, name=f'{label}.representations'), f'{label}.representations(x)')
        C.expect_shape(r, (x.shape[0], 17, 16), name=f'{label}.representations(x) pour x de forme {tuple(x.shape)}', hint='(B, N + 1, d_model) : le [CLS] puis les N patchs.')
        return r
    modele, label = petit_vit(ViT, True)
    g = torch.Generator().manual_seed(13)
    x = 1000000.0 * torch.rand(1, 3, 16, 16, generator=g, dtype=torch.float64)
    autre = x.clone()
    autre[:, :, 4:8, 4:8] = 1000000.0 * torch.rand(1, 3, 4, 4, generator=g, dtype=torch.float64)
    ecarts = (jetons(modele, autre, label) - jetons(modele, x, label)).abs().amax(dim=2)[0]
    autres_patchs = torch.cat([ecarts[1:6], ecarts[7:]])
    C.expect(float(autres_patchs.max()) < 0.001, f"Pour une image d'intensité 10⁶, modifier le patch 5 change les jetons finaux des autres patchs de `{label}` (écart maximal {float(autres_patchs.max()):.3g}).", hint='blocs Pre-Norm : x ← x + MHA(LN(x)) puis x ← x + FFN(LN(x)), sans normaliser le flux résiduel entre les blocs (seule la LayerNorm finale le fait) ; nn.TransformerEncoderLayer est Post-Norm par défaut : passez norm_first=True.')

@test_case(points=None, hidden=True)
def test_vit_nombre_de_tetes(ViT):
    import torch
    from autograder import checks as C

    def petit_vit(ViT, positions, n_tetes=2):
        """ViT(16, 4, 3, 16, n_tetes, 2, 32, 5) en float64, poids fixés par le correcteur, mode eval."""
        label = f'ViT(taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes={n_tetes}, n_couches=2, d_ff=32, n_classes=5, positions={positions})'
        modele = C.make_model(ViT, taille_image=16, taille_patch=4, canaux=3, d_model=16, n_tetes=n_tetes, n_couches=2, d_ff=32, n_classes=5, positions=positions, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        C.load_seeded_weights(modele, label)
        C.call(modele.eval, name=f'{label}.eval')
        return (modele, label)

    def jetons(modele, x, label):
        """representations(x), de forme vérifiée (B, 17, 16)."""
        r = C.as_tensor(C.call(modele.representations, x, name=f'{label}.representations'), f'{label}.representations(x)')
        C.expect_shape(r, (x.shape[0], 17, 16), name=f'{label}.representations(x) pour x de forme {tuple(x.shape)}', hint='(B, N + 1, d_model) : le [CLS] puis les N patchs.')
        return r
    x = torch.rand(2, 3, 16, 16, generator=torch.Generator().manual_seed(14), dtype=torch.float64)
    sorties = {}
    for n_tetes in (1, 4):
        modele, label = petit_vit(ViT, True, n_tetes)
        sorties[n_tetes] = jetons(modele, x, label)
    C.expect(float((sorties[4] - sorties[1]).abs().max()) > 1e-06, "Avec les mêmes poids, `ViT(…, n_tetes=4)` et `ViT(…, n_tetes=1)` donnent les mêmes jetons finaux : `n_tetes` n'est pas utilisé.", hint="l'attention a n_tetes têtes de dimension d_model / n_tetes, chacune avec sa propre softmax (nn.MultiheadAttention(d_model, n_tetes, …) ou nn.TransformerEncoderLayer(d_model, n_tetes, …)).")

