from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_entrainer_exemple(tirer_lot, entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def entrainement_compare(tirer_lot, entrainer, graine, nb_pas, options):
        """entrainer on a small grader's model (float64) where it lives, against the same training
    done here on the batches tirer_lot draws from the same generator."""
        fabrique = usine_seq2seq()
        arguments = (30, 13, 4, 6, 5, graine)
        modele = C.build_where(entrainer, fabrique, *arguments)
        lancer = C.code('def lancer(entrainer, modele, nb_pas, graine, options):\n    return entrainer(modele, list(range(0, 1000, 7)), nb_pas, torch.Generator().manual_seed(graine), *options)')
        lots = C.code('def lots(tirer_lot, nb_pas, graine, taille_lot):\n    g = torch.Generator().manual_seed(graine)\n    return [tirer_lot(list(range(0, 1000, 7)), taille_lot, g) for _ in range(nb_pas)]')
        pertes = C.call(lancer, entrainer, modele, nb_pas, graine + 1, options, name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == nb_pas, f'`entrainer(..., nb_pas={nb_pas}, ...)` doit renvoyer la liste des {nb_pas} pertes, une par pas.')
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer` doit renvoyer une liste de flottants Python.', hint='perte.item() (ou float(perte)) à chaque pas.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        local = fabrique(*arguments)
        taille_lot, lr = options if options else (64, 0.01)
        optimiseur = torch.optim.Adam(local.parameters(), lr=lr)
        attendues = []
        for lot in C.call(lots, tirer_lot, nb_pas, graine + 1, taille_lot, name='tirer_lot'):
            src, masque, entree, sortie = (C.as_tensor(t, 'lot') for t in lot)
            logits = local(src, masque, entree)
            perte = F.cross_entropy(logits.reshape(-1, 13), sortie.reshape(-1), ignore_index=0)
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            attendues.append(perte.item())
        return (pertes, attendues, poids, local.state_dict())
    pertes, attendues, _, _ = entrainement_compare(tirer_lot, entrainer, 0, 3, (8, 0.05))
    C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name='pertes de entrainer (3 pas, lots de 8, lr = 0,05)', rtol=1e-06, atol=1e-09, reveal=True, hint="un lot tirer_lot(nombres, taille_lot, generateur) par pas, entropie croisée moyenne sur les jetons cibles autres que <pad> (ignore_index=PAD), zero_grad, backward, step d'un même Adam(lr).")

@test_case(points=None, hidden=True)
def test_entrainer_contre_reference(tirer_lot, entrainer):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def entrainement_compare(tirer_lot, entrainer, graine, nb_pas, options):
        """entrainer on a small grader's model (float64) where it lives, against the same training
    done here on the batches tirer_lot draws from the same generator."""
        fabrique = usine_seq2seq()
        arguments = (30, 13, 4, 6, 5, graine)
        modele = C.build_where(entrainer, fabrique, *arguments)
        lancer = C.code('def lancer(entrainer, modele, nb_pas, graine, options):\n    return entrainer(modele, list(range(0, 1000, 7)), nb_pas, torch.Generator().manual_seed(graine), *options)')
        lots = C.code('def lots(tirer_lot, nb_pas, graine, taille_lot):\n    g = torch.Generator().manual_seed(graine)\n    return [tirer_lot(list(range(0, 1000, 7)), taille_lot, g) for _ in range(nb_pas)]')
        pertes = C.call(lancer, entrainer, modele, nb_pas, graine + 1, options, name='entrainer')
        C.expect(isinstance(pertes, list | tuple) and len(pertes) == nb_pas, f'`entrainer(..., nb_pas={nb_pas}, ...)` doit renvoyer la liste des {nb_pas} pertes, une par pas.')
        C.expect(all((isinstance(p, float) for p in pertes)), '`entrainer` doit renvoyer une liste de flottants Python.', hint='perte.item() (ou float(perte)) à chaque pas.')
        poids = C.call(modele.state_dict, name='modele.state_dict')
        local = fabrique(*arguments)
        taille_lot, lr = options if options else (64, 0.01)
        optimiseur = torch.optim.Adam(local.parameters(), lr=lr)
        attendues = []
        for lot in C.call(lots, tirer_lot, nb_pas, graine + 1, taille_lot, name='tirer_lot'):
            src, masque, entree, sortie = (C.as_tensor(t, 'lot') for t in lot)
            logits = local(src, masque, entree)
            perte = F.cross_entropy(logits.reshape(-1, 13), sortie.reshape(-1), ignore_index=0)
            optimiseur.zero_grad()
            perte.backward()
            optimiseur.step()
            attendues.append(perte.item())
        return (pertes, attendues, poids, local.state_dict())
    for graine, nb_pas, options in ((10, 4, (16, 0.02)), (20, 2, ())):
        quoi = f'{nb_pas} pas, ' + (f'taille_lot = {options[0]}, lr = {options[1]}' if options else 'valeurs par défaut')
        pertes, attendues, poids, poids_attendus = entrainement_compare(tirer_lot, entrainer, graine, nb_pas, options)
        C.expect_close(torch.tensor(pertes, dtype=torch.float64), torch.tensor(attendues, dtype=torch.float64), name=f'pertes de entrainer ({quoi})', rtol=1e-06, atol=1e-09, hint='la perte de chaque pas, avant la mise à jour : entropie croisée moyenne sur les jetons cibles qui ne sont pas <pad> ; un seul Adam(lr) créé avant la boucle ; un lot par pas tiré avec generateur ; taille_lot = 64 et lr = 1e-2 par défaut.')
        for nom, attendu in poids_attendus.items():
            C.expect(nom in poids, f"Le modèle entraîné n'a plus le paramètre `{nom}`.")
            C.expect_close(C.as_tensor(poids[nom], nom), attendu.detach(), name=f'poids `{nom}` après entrainer ({quoi})', rtol=1e-06, atol=1e-09, hint="nb_pas pas d'Adam exactement, dont le dernier.")

@test_case(points=None, hidden=False)
def test_traduction_entrainement(modele_traduction):
    import torch
    from autograder import checks as C

    def lot_du_correcteur(nombres):
        """src, src_masque of the statement for `nombres`, built by the grader (the traditional
    spelling, hyphens as spaces, the sorted vocabulary with <pad> first)."""
        unites = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize']
        dizaines = {2: 'vingt', 3: 'trente', 4: 'quarante', 5: 'cinquante', 6: 'soixante'}

        def sous_cent(n):
            if n <= 16:
                return [unites[n]]
            d, u = divmod(n, 10)
            if d == 1:
                return ['dix', unites[u]]
            if d in (7, 9):
                base = ['soixante'] if d == 7 else ['quatre', 'vingt']
                return base + (['et'] if (d, u) == (7, 1) else []) + sous_cent(10 + u)
            if d == 8:
                return ['quatre', 'vingts'] if u == 0 else ['quatre', 'vingt', unites[u]]
            return [dizaines[d]] + (['et'] if u == 1 else []) + ([unites[u]] if u else [])

        def lettres(n):
            if n == 0:
                return ['zéro']
            c, r = divmod(n, 100)
            tete = [] if c == 0 else ['cent'] if c == 1 else [unites[c], 'cents' if r == 0 else 'cent']
            return tete + (sous_cent(r) if r else [])
        vocab = ['<pad>'] + sorted({m for n in range(1000) for m in lettres(n)})
        phrases = [[vocab.index(m) for m in lettres(n)] for n in nombres]
        n_max = max((len(p) for p in phrases))
        src = torch.tensor([p + [0] * (n_max - len(p)) for p in phrases])
        return (src, src != 0)

    def chiffres_oracle(jetons):
        """en_chiffres of the statement: the digits (index 3 + c) before the first <fin> (2)."""
        chaine = ''
        for j in jetons:
            if j == 2:
                break
            if j >= 3:
                chaine += str(j - 3)
        return chaine

    def precision_du_modele(modele_traduction, nombres):
        """Greedy decoding of the student's trained model where it lives (its encoder and
    pas_decodeur, 4 steps), judged here: the share of numbers translated exactly."""
        glouton = C.code('def glouton(modele, src, masque):\n    with torch.no_grad():\n        H = modele.encoder(src)\n        zeros = torch.zeros(H.shape[0], H.shape[2], dtype=H.dtype)\n        etat = (zeros, zeros.clone())\n        y = torch.full((src.shape[0],), 1, dtype=torch.long)\n        jetons = []\n        for _ in range(4):\n            logits, etat, _ = modele.pas_decodeur(y, etat, H, masque)\n            y = logits.argmax(1)\n            jetons.append(y)\n    return torch.stack(jetons, dim=1)')
        src, masque = lot_du_correcteur(nombres)
        modele = C.require(modele_traduction, 'modele_traduction', 'variable')
        jetons = C.as_tensor(C.call(glouton, modele, src, masque, name='modele_traduction'), 'jetons décodés')
        C.expect_shape(jetons, (len(nombres), 4), name='jetons décodés')
        justes = sum((chiffres_oracle(ligne) == str(n) for ligne, n in zip(jetons.tolist(), nombres, strict=True)))
        return justes / len(nombres)

    def nombres_du_correcteur(partie):
        permutation = torch.randperm(1000, generator=torch.Generator().manual_seed(0)).tolist()
        return sorted(permutation[:800]) if partie == 'entrainement' else sorted(permutation[800:])
    nombres = nombres_du_correcteur('entrainement')[::4]
    precision = precision_du_modele(modele_traduction, nombres)
    C.expect(precision >= 0.9, f"`modele_traduction` ne traduit exactement que {precision:.0%} de 200 nombres d'entraînement (attendu : au moins 90 %).", hint="vérifiez les questions 1 à 3 (attention, modèle, perte sans <pad>), puis relancez la cellule d'entraînement sans la modifier.")

@test_case(points=None, hidden=True)
def test_traduction_nombres_jamais_vus(modele_traduction, NOMBRES_ENTRAINEMENT):
    import torch
    from autograder import checks as C

    def lot_du_correcteur(nombres):
        """src, src_masque of the statement for `nombres`, built by the grader (the traditional
    spelling, hyphens as spaces, the sorted vocabulary with <pad> first)."""
        unites = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize']
        dizaines = {2: 'vingt', 3: 'trente', 4: 'quarante', 5: 'cinquante', 6: 'soixante'}

        def sous_cent(n):
            if n <= 16:
                return [unites[n]]
            d, u = divmod(n, 10)
            if d == 1:
                return ['dix', unites[u]]
            if d in (7, 9):
                base = ['soixante'] if d == 7 else ['quatre', 'vingt']
                return base + (['et'] if (d, u) == (7, 1) else []) + sous_cent(10 + u)
            if d == 8:
                return ['quatre', 'vingts'] if u == 0 else ['quatre', 'vingt', unites[u]]
            return [dizaines[d]] + (['et'] if u == 1 else []) + ([unites[u]] if u else [])

        def lettres(n):
            if n == 0:
                return ['zéro']
            c, r = divmod(n, 100)
            tete = [] if c == 0 else ['cent'] if c == 1 else [unites[c], 'cents' if r == 0 else 'cent']
            return tete + (sous_cent(r) if r else [])
        vocab = ['<pad>'] + sorted({m for n in range(1000) for m in lettres(n)})
        phrases = [[vocab.index(m) for m in lettres(n)] for n in nombres]
        n_max = max((len(p) for p in phrases))
        src = torch.tensor([p + [0] * (n_max - len(p)) for p in phrases])
        return (src, src != 0)

    def chiffres_oracle(jetons):
        """en_chiffres of the statement: the digits (index 3 + c) before the first <fin> (2)."""
        chaine = ''
        for j in jetons:
            if j == 2:
                break
            if j >= 3:
                chaine += str(j - 3)
        return chaine

    def precision_du_modele(modele_traduction, nombres):
        """Greedy decoding of the student's trained model where it lives (its encoder and
    pas_decodeur, 4 steps), judged here: the share of numbers translated exactly."""
        glouton = C.code('def glouton(modele, src, masque):\n    with torch.no_grad():\n        H = modele.encoder(src)\n        zeros = torch.zeros(H.shape[0], H.shape[2], dtype=H.dtype)\n        etat = (zeros, zeros.clone())\n        y = torch.full((src.shape[0],), 1, dtype=torch.long)\n        jetons = []\n        for _ in range(4):\n            logits, etat, _ = modele.pas_decodeur(y, etat, H, masque)\n            y = logits.argmax(1)\n            jetons.append(y)\n    return torch.stack(jetons, dim=1)')
        src, masque = lot_du_correcteur(nombres)
        modele = C.require(modele_traduction, 'modele_traduction', 'variable')
        jetons = C.as_tensor(C.call(glouton, modele, src, masque, name='modele_traduction'), 'jetons décodés')
        C.expect_shape(jetons, (len(nombres), 4), name='jetons décodés')
        justes = sum((chiffres_oracle(ligne) == str(n) for ligne, n in zip(jetons.tolist(), nombres, strict=True)))
        return justes / len(nombres)

    def nombres_du_correcteur(partie):
        permutation = torch.randperm(1000, generator=torch.Generator().manual_seed(0)).tolist()
        return sorted(permutation[:800]) if partie == 'entrainement' else sorted(permutation[800:])
    vus = C.call(C.code('lambda v: [int(n) for n in v]'), C.require(NOMBRES_ENTRAINEMENT, 'NOMBRES_ENTRAINEMENT', 'variable'), name='NOMBRES_ENTRAINEMENT')
    C.expect(vus == nombres_du_correcteur('entrainement'), "`NOMBRES_ENTRAINEMENT` n'est plus la séparation fournie.", hint="ne modifiez pas la cellule des données : la correction évalue le modèle sur des nombres que l'entraînement ne voit jamais.")
    precision = precision_du_modele(modele_traduction, nombres_du_correcteur('test'))
    C.expect(precision >= 0.85, "`modele_traduction` traduit trop peu de nombres qu'il n'a jamais vus.", hint="vérifiez les questions 1 à 3, puis relancez la cellule d'entraînement sans la modifier.")

