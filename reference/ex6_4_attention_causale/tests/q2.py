from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_modele_exemple(ModeleCausal):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def modele_oracle(poids, x):
        """Les logits de l'architecture de l'énoncé, en float64, avec les poids du correcteur."""
        h = poids['jetons.weight'][x] + poids['positions.weight'][:x.shape[1]]
        q, k, v = (h @ poids[f'{nom}.weight'].T for nom in ('requete', 'cle', 'valeur'))
        a, _ = attention_oracle(q, k, v)
        return (h + a) @ poids['sortie.weight'].T + poids['sortie.bias']

    def modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max, graine):
        """Le modèle de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'ModeleCausal({V}, {d}, {n_max})'
        modele = C.make_model(ModeleCausal, V, d, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        formes = {'jetons.weight': (V, d), 'positions.weight': (n_max, d), 'requete.weight': (d, d), 'cle.weight': (d, d), 'valeur.weight': (d, d), 'sortie.weight': (V, d), 'sortie.bias': (V,)}
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules jetons, positions (nn.Embedding), requete, cle, valeur (nn.Linear sans biais) et sortie (nn.Linear avec biais).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='jetons : (nb_jetons, d), positions : (n_max, d), requete, cle, valeur : (d, d), sortie : (nb_jetons, d) et son biais (nb_jetons,).')
            echelle = 1.0 if cle.startswith(('jetons', 'positions')) else 1 / math.sqrt(d)
            poids[cle] = echelle * torch.randn(forme, generator=g, dtype=torch.float64)
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def logits_du_modele(modele, x, V, label):
        """modele(x) : les logits, de forme (B, n, V) vérifiée."""
        logits = C.as_tensor(C.call(modele, x.clone(), name=label), f'{label}(x)')
        C.expect_shape(logits, (*x.shape, V), name=f'{label}(x) pour x de forme {tuple(x.shape)}', hint='logits de forme (B, n, nb_jetons).')
        return logits
    modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, 7, 4, 6, 0)
    x = torch.tensor([[0, 3, 6, 1, 1], [2, 2, 5, 4, 0]])
    logits = logits_du_modele(modele, x, 7, label)
    C.expect_close(logits, modele_oracle(poids, x), name=f'{label}(x) pour x de forme (2, 5)', reveal=True, hint='h = jetons(x) + positions(0, …, n − 1), logits = sortie(h + attention_causale(requete(h), cle(h), valeur(h))[0]).')

@test_case(points=None, hidden=True)
def test_modele_contre_oracle(ModeleCausal):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def modele_oracle(poids, x):
        """Les logits de l'architecture de l'énoncé, en float64, avec les poids du correcteur."""
        h = poids['jetons.weight'][x] + poids['positions.weight'][:x.shape[1]]
        q, k, v = (h @ poids[f'{nom}.weight'].T for nom in ('requete', 'cle', 'valeur'))
        a, _ = attention_oracle(q, k, v)
        return (h + a) @ poids['sortie.weight'].T + poids['sortie.bias']

    def modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max, graine):
        """Le modèle de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'ModeleCausal({V}, {d}, {n_max})'
        modele = C.make_model(ModeleCausal, V, d, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        formes = {'jetons.weight': (V, d), 'positions.weight': (n_max, d), 'requete.weight': (d, d), 'cle.weight': (d, d), 'valeur.weight': (d, d), 'sortie.weight': (V, d), 'sortie.bias': (V,)}
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules jetons, positions (nn.Embedding), requete, cle, valeur (nn.Linear sans biais) et sortie (nn.Linear avec biais).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='jetons : (nb_jetons, d), positions : (n_max, d), requete, cle, valeur : (d, d), sortie : (nb_jetons, d) et son biais (nb_jetons,).')
            echelle = 1.0 if cle.startswith(('jetons', 'positions')) else 1 / math.sqrt(d)
            poids[cle] = echelle * torch.randn(forme, generator=g, dtype=torch.float64)
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def logits_du_modele(modele, x, V, label):
        """modele(x) : les logits, de forme (B, n, V) vérifiée."""
        logits = C.as_tensor(C.call(modele, x.clone(), name=label), f'{label}(x)')
        C.expect_shape(logits, (*x.shape, V), name=f'{label}(x) pour x de forme {tuple(x.shape)}', hint='logits de forme (B, n, nb_jetons).')
        return logits
    cas = [(11, 8, 10, 3, 10), (5, 6, 9, 1, 1), (9, 4, 12, 2, 7), (6, 6, 6, 4, 6)]
    for graine, (V, d, n_max, B, n) in enumerate(cas):
        modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max, 10 + graine)
        x = torch.randint(0, V, (B, n), generator=torch.Generator().manual_seed(graine))
        logits = logits_du_modele(modele, x, V, label)
        C.expect_close(logits, modele_oracle(poids, x), name=f'{label}(x) pour x de forme {(B, n)}', hint="vérifiez l'architecture de l'énoncé : plongement de position t ajouté au jeton t (positions 0 à n − 1), requete/cle/valeur appliquées à h, attention causale (d_k = d), connexion résiduelle h + a, puis sortie.")

@test_case(points=None, hidden=True)
def test_modele_causal(ModeleCausal):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def modele_oracle(poids, x):
        """Les logits de l'architecture de l'énoncé, en float64, avec les poids du correcteur."""
        h = poids['jetons.weight'][x] + poids['positions.weight'][:x.shape[1]]
        q, k, v = (h @ poids[f'{nom}.weight'].T for nom in ('requete', 'cle', 'valeur'))
        a, _ = attention_oracle(q, k, v)
        return (h + a) @ poids['sortie.weight'].T + poids['sortie.bias']

    def modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max, graine):
        """Le modèle de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'ModeleCausal({V}, {d}, {n_max})'
        modele = C.make_model(ModeleCausal, V, d, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        formes = {'jetons.weight': (V, d), 'positions.weight': (n_max, d), 'requete.weight': (d, d), 'cle.weight': (d, d), 'valeur.weight': (d, d), 'sortie.weight': (V, d), 'sortie.bias': (V,)}
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules jetons, positions (nn.Embedding), requete, cle, valeur (nn.Linear sans biais) et sortie (nn.Linear avec biais).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='jetons : (nb_jetons, d), positions : (n_max, d), requete, cle, valeur : (d, d), sortie : (nb_jetons, d) et son biais (nb_jetons,).')
            echelle = 1.0 if cle.startswith(('jetons', 'positions')) else 1 / math.sqrt(d)
            poids[cle] = echelle * torch.randn(forme, generator=g, dtype=torch.float64)
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)

    def logits_du_modele(modele, x, V, label):
        """modele(x) : les logits, de forme (B, n, V) vérifiée."""
        logits = C.as_tensor(C.call(modele, x.clone(), name=label), f'{label}(x)')
        C.expect_shape(logits, (*x.shape, V), name=f'{label}(x) pour x de forme {tuple(x.shape)}', hint='logits de forme (B, n, nb_jetons).')
        return logits
    modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, 8, 6, 9, 20)
    g = torch.Generator().manual_seed(21)
    x = torch.randint(0, 8, (3, 9), generator=g)
    attendu = modele_oracle(poids, x)
    for i in (0, 4, 7):
        x2 = x.clone()
        x2[:, i + 1:] = (x2[:, i + 1:] + torch.randint(1, 8, x2[:, i + 1:].shape, generator=g)) % 8
        logits = logits_du_modele(modele, x2, 8, label)
        C.expect_close(logits[:, :i + 1], attendu[:, :i + 1], name=f'logits aux positions ≤ {i} (jetons > {i} modifiés)', hint='fuite du futur : les logits en position t ne doivent dépendre que des jetons 0 à t (attention causale).')

@test_case(points=None, hidden=True)
def test_modele_gradients(ModeleCausal):
    import math
    import torch
    from autograder import checks as C

    def attention_oracle(q, k, v):
        """(sortie, poids) de l'attention causale, calculés en float64 par le correcteur."""
        q, k, v = (t.to(torch.float64) for t in (q, k, v))
        n, d_k = (q.shape[1], q.shape[2])
        scores = q @ k.transpose(1, 2) / math.sqrt(d_k)
        autorise = torch.ones(n, n, dtype=torch.bool).tril()
        poids = torch.softmax(scores.masked_fill(~autorise, float('-inf')), dim=2)
        return (poids @ v, poids)

    def modele_oracle(poids, x):
        """Les logits de l'architecture de l'énoncé, en float64, avec les poids du correcteur."""
        h = poids['jetons.weight'][x] + poids['positions.weight'][:x.shape[1]]
        q, k, v = (h @ poids[f'{nom}.weight'].T for nom in ('requete', 'cle', 'valeur'))
        a, _ = attention_oracle(q, k, v)
        return (h + a) @ poids['sortie.weight'].T + poids['sortie.bias']

    def modele_aux_poids_du_correcteur(ModeleCausal, V, d, n_max, graine):
        """Le modèle de l'étudiant en float64, chargé des poids du correcteur (renvoyés aussi)."""
        label = f'ModeleCausal({V}, {d}, {n_max})'
        modele = C.make_model(ModeleCausal, V, d, n_max, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        formes = {'jetons.weight': (V, d), 'positions.weight': (n_max, d), 'requete.weight': (d, d), 'cle.weight': (d, d), 'valeur.weight': (d, d), 'sortie.weight': (V, d), 'sortie.bias': (V,)}
        g = torch.Generator().manual_seed(graine)
        poids = {}
        for cle, forme in formes.items():
            C.expect(cle in etat, f"`{label}` n'a pas de paramètre `{cle}`.", hint='sous-modules jetons, positions (nn.Embedding), requete, cle, valeur (nn.Linear sans biais) et sortie (nn.Linear avec biais).')
            C.expect_shape(etat[cle], forme, name=f'{label}.{cle}', hint='jetons : (nb_jetons, d), positions : (n_max, d), requete, cle, valeur : (d, d), sortie : (nb_jetons, d) et son biais (nb_jetons,).')
            echelle = 1.0 if cle.startswith(('jetons', 'positions')) else 1 / math.sqrt(d)
            poids[cle] = echelle * torch.randn(forme, generator=g, dtype=torch.float64)
        C.call(modele.load_state_dict, poids, strict=False, name=f'{label}.load_state_dict')
        return (modele, poids, label)
    modele, poids, label = modele_aux_poids_du_correcteur(ModeleCausal, 6, 5, 7, 30)
    g = torch.Generator().manual_seed(31)
    x = torch.randint(0, 6, (2, 7), generator=g)
    ponderation = torch.randn(2, 7, 6, generator=g, dtype=torch.float64)
    gradients = C.code('def gradients(modele, x, ponderation):\n    for p in modele.parameters():\n        p.grad = None\n    logits = modele(x)\n    if not (isinstance(logits, torch.Tensor) and logits.requires_grad):\n        return None\n    (logits * ponderation).sum().backward()\n    return {nom: p.grad for nom, p in modele.named_parameters()}')
    mesure = C.call(gradients, modele, x, ponderation, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}` n'est pas reliée au graphe d'autograd.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data dans forward.")
    feuilles = {cle: t.clone().requires_grad_(True) for cle, t in poids.items()}
    (modele_oracle(feuilles, x) * ponderation).sum().backward()
    attendu = {cle: t.grad for cle, t in feuilles.items()}
    recu = {cle: mesure[cle] if mesure.get(cle) is not None else torch.zeros_like(attendu[cle]) for cle in attendu if cle in mesure}
    C.expect_gradients(recu, attendu, name=label, tol=1e-07)

