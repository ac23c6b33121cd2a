from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_seq2seq_exemple(Seq2SeqAttention):
    import torch
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, graine):
        """The student's Seq2SeqAttention in float64 with the grader's weights, and the grader's
    model with the same weights (the oracle)."""
        label = f'Seq2SeqAttention({V_src}, {V_tgt}, {d_emb}, {d}, {d_att})'
        modele = C.make_model(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        oracle = usine_seq2seq()(V_src, V_tgt, d_emb, d, d_att, graine)
        poids = oracle.state_dict()
        manquants = sorted(set(poids) - set(etat))
        C.expect(not manquants, f"`{label}` n'a pas les paramètres {manquants}.", hint='sous-modules emb_source, emb_cible (nn.Embedding), encodeur (nn.LSTM), attention (AttentionBahdanau : W, U, v), decodeur (nn.LSTMCell), sortie (nn.Linear).')
        for cle, valeur in poids.items():
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='decodeur = nn.LSTMCell(d_emb + d_cache, d_cache), sortie = nn.Linear(2 * d_cache, nb_cibles).')
        C.call(modele.load_state_dict, dict(poids), strict=False, name=f'{label}.load_state_dict')
        return (modele, oracle, label)

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)

    def logits_du_modele(modele, label, src, masque, tgt, V_tgt):
        logits = C.as_tensor(C.call(modele, src.clone(), masque.clone(), tgt.clone(), name=label), f'{label}(src, src_masque, tgt_entree)')
        C.expect_shape(logits, (*tgt.shape, V_tgt), name=f'logits pour src {tuple(src.shape)} et tgt_entree {tuple(tgt.shape)}', hint='un vecteur de logits par pas du décodeur : (B, T, nb_cibles).')
        return logits
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 9, 13, 4, 5, 3, 0)
    src, masque, tgt = lot_aleatoire(9, 13, 2, 4, 3, [4, 2], 1)
    logits = logits_du_modele(modele, label, src, masque, tgt, 13)
    with torch.no_grad():
        attendu = oracle(src, masque, tgt)
    C.expect_close(logits, attendu, name=f'{label}(src, src_masque, tgt_entree)', reveal=True, hint='état initial nul ; à chaque pas t : attention(s_{t−1}), decodeur sur [emb_cible(tgt_entree[:, t]) ; contexte], sortie sur [s_t ; contexte].')

@test_case(points=None, hidden=True)
def test_seq2seq_contre_oracle(Seq2SeqAttention):
    import torch
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, graine):
        """The student's Seq2SeqAttention in float64 with the grader's weights, and the grader's
    model with the same weights (the oracle)."""
        label = f'Seq2SeqAttention({V_src}, {V_tgt}, {d_emb}, {d}, {d_att})'
        modele = C.make_model(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        oracle = usine_seq2seq()(V_src, V_tgt, d_emb, d, d_att, graine)
        poids = oracle.state_dict()
        manquants = sorted(set(poids) - set(etat))
        C.expect(not manquants, f"`{label}` n'a pas les paramètres {manquants}.", hint='sous-modules emb_source, emb_cible (nn.Embedding), encodeur (nn.LSTM), attention (AttentionBahdanau : W, U, v), decodeur (nn.LSTMCell), sortie (nn.Linear).')
        for cle, valeur in poids.items():
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='decodeur = nn.LSTMCell(d_emb + d_cache, d_cache), sortie = nn.Linear(2 * d_cache, nb_cibles).')
        C.call(modele.load_state_dict, dict(poids), strict=False, name=f'{label}.load_state_dict')
        return (modele, oracle, label)

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)

    def logits_du_modele(modele, label, src, masque, tgt, V_tgt):
        logits = C.as_tensor(C.call(modele, src.clone(), masque.clone(), tgt.clone(), name=label), f'{label}(src, src_masque, tgt_entree)')
        C.expect_shape(logits, (*tgt.shape, V_tgt), name=f'logits pour src {tuple(src.shape)} et tgt_entree {tuple(tgt.shape)}', hint='un vecteur de logits par pas du décodeur : (B, T, nb_cibles).')
        return logits
    cas = [(11, 13, 6, 5, 4, 3, 5, 4, [5, 1, 3]), (7, 8, 3, 4, 6, 1, 2, 1, [2]), (10, 13, 5, 5, 2, 4, 6, 3, [6, 6, 2, 4])]
    for graine, (V_src, V_tgt, d_emb, d, d_att, B, n, T, longueurs) in enumerate(cas):
        modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, 10 + graine)
        src, masque, tgt = lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, 20 + graine)
        logits = logits_du_modele(modele, label, src, masque, tgt, V_tgt)
        with torch.no_grad():
            attendu = oracle(src, masque, tgt)
        C.expect_close(logits, attendu, name=f'{label}, B = {B}, n = {n}, T = {T}', hint="vérifiez l'architecture de l'énoncé : encodeur LSTM unidirectionnel parti d'un état nul, état initial du décodeur nul, attention calculée avec s_{t−1}, entrée du décodeur [emb_cible(y_{t−1}) ; c_t], sortie sur [s_t ; c_t].")

@test_case(points=None, hidden=True)
def test_seq2seq_gradients(Seq2SeqAttention):
    import torch
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, graine):
        """The student's Seq2SeqAttention in float64 with the grader's weights, and the grader's
    model with the same weights (the oracle)."""
        label = f'Seq2SeqAttention({V_src}, {V_tgt}, {d_emb}, {d}, {d_att})'
        modele = C.make_model(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        oracle = usine_seq2seq()(V_src, V_tgt, d_emb, d, d_att, graine)
        poids = oracle.state_dict()
        manquants = sorted(set(poids) - set(etat))
        C.expect(not manquants, f"`{label}` n'a pas les paramètres {manquants}.", hint='sous-modules emb_source, emb_cible (nn.Embedding), encodeur (nn.LSTM), attention (AttentionBahdanau : W, U, v), decodeur (nn.LSTMCell), sortie (nn.Linear).')
        for cle, valeur in poids.items():
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='decodeur = nn.LSTMCell(d_emb + d_cache, d_cache), sortie = nn.Linear(2 * d_cache, nb_cibles).')
        C.call(modele.load_state_dict, dict(poids), strict=False, name=f'{label}.load_state_dict')
        return (modele, oracle, label)

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 9, 13, 4, 5, 3, 40)
    src, masque, tgt = lot_aleatoire(9, 13, 3, 5, 4, [5, 2, 4], 41)
    ponderation = torch.randn(3, 4, 13, generator=torch.Generator().manual_seed(42), dtype=torch.float64)
    gradients = C.code('def gradients(modele, src, masque, tgt, ponderation):\n    for p in modele.parameters():\n        p.grad = None\n    logits = modele(src, masque, tgt)\n    if not (isinstance(logits, torch.Tensor) and logits.requires_grad):\n        return None\n    (logits * ponderation).sum().backward()\n    return {nom: p.grad for nom, p in modele.named_parameters()}')
    mesure = C.call(gradients, modele, src, masque, tgt, ponderation, name=label)
    C.expect(mesure is not None, f"La sortie de `{label}(src, src_masque, tgt_entree)` n'est pas reliée au graphe d'autograd : l'entraînement ne peut rien apprendre.", hint="n'utilisez ni .detach(), ni torch.no_grad(), ni .data dans forward.")
    (oracle(src, masque, tgt) * ponderation).sum().backward()
    attendu = {nom: p.grad for nom, p in oracle.named_parameters()}
    recu = {nom: mesure[nom] if mesure.get(nom) is not None else torch.zeros_like(attendu[nom]) for nom in attendu if nom in mesure}
    C.expect_gradients(recu, attendu, name=label, tol=1e-07)

@test_case(points=None, hidden=True)
def test_seq2seq_pas_decodeur(Seq2SeqAttention):
    import torch
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, graine):
        """The student's Seq2SeqAttention in float64 with the grader's weights, and the grader's
    model with the same weights (the oracle)."""
        label = f'Seq2SeqAttention({V_src}, {V_tgt}, {d_emb}, {d}, {d_att})'
        modele = C.make_model(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        oracle = usine_seq2seq()(V_src, V_tgt, d_emb, d, d_att, graine)
        poids = oracle.state_dict()
        manquants = sorted(set(poids) - set(etat))
        C.expect(not manquants, f"`{label}` n'a pas les paramètres {manquants}.", hint='sous-modules emb_source, emb_cible (nn.Embedding), encodeur (nn.LSTM), attention (AttentionBahdanau : W, U, v), decodeur (nn.LSTMCell), sortie (nn.Linear).')
        for cle, valeur in poids.items():
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='decodeur = nn.LSTMCell(d_emb + d_cache, d_cache), sortie = nn.Linear(2 * d_cache, nb_cibles).')
        C.call(modele.load_state_dict, dict(poids), strict=False, name=f'{label}.load_state_dict')
        return (modele, oracle, label)

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 8, 13, 4, 6, 5, 30)
    src, masque, _ = lot_aleatoire(8, 13, 3, 5, 1, [5, 3, 2], 31)
    g = torch.Generator().manual_seed(32)
    etat = (torch.randn(3, 6, generator=g, dtype=torch.float64), torch.randn(3, 6, generator=g, dtype=torch.float64))
    y_prec = torch.tensor([4, 2, 12])
    with torch.no_grad():
        H = oracle.encoder(src)
        attendu_logits, (attendu_s, attendu_m), attendu_alpha = oracle.pas_decodeur(y_prec, etat, H, masque)
    H_etudiant = C.as_tensor(C.call(modele.encoder, src.clone(), name=f'{label}.encoder'), f'{label}.encoder(src)')
    C.expect_close(H_etudiant, H, name=f'{label}.encoder(src)', hint='H = sorties de encodeur (LSTM, batch_first) sur emb_source(src).')
    resultat = C.call(modele.pas_decodeur, y_prec.clone(), (etat[0].clone(), etat[1].clone()), H.clone(), masque.clone(), name=f'{label}.pas_decodeur')
    C.expect(isinstance(resultat, tuple | list) and len(resultat) == 3 and isinstance(resultat[1], tuple | list) and (len(resultat[1]) == 2), '`pas_decodeur` doit renvoyer (logits, (s, m), alpha).')
    logits, (s, m), alpha = resultat
    C.expect_close(alpha, attendu_alpha, name="alpha d'un pas du décodeur", hint="Bahdanau : l'attention lit l'état précédent s_{t−1} (etat[0] reçu), avant la mise à jour du LSTMCell.")
    C.expect_close(s, attendu_s, name="nouvel état s d'un pas du décodeur", hint='decodeur([emb_cible(y_prec) ; contexte], (s_prec, m_prec)).')
    C.expect_close(m, attendu_m, name="nouvelle cellule m d'un pas du décodeur")
    C.expect_close(logits, attendu_logits, name="logits d'un pas du décodeur", hint='logits = sortie([s ; contexte]).')

@test_case(points=None, hidden=True)
def test_seq2seq_sans_fuite(Seq2SeqAttention):
    import torch
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def seq2seq_du_correcteur(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, graine):
        """The student's Seq2SeqAttention in float64 with the grader's weights, and the grader's
    model with the same weights (the oracle)."""
        label = f'Seq2SeqAttention({V_src}, {V_tgt}, {d_emb}, {d}, {d_att})'
        modele = C.make_model(Seq2SeqAttention, V_src, V_tgt, d_emb, d, d_att, name=label)
        modele = C.call(modele.double, name=f'{label}.double')
        etat = C.call(modele.state_dict, name=f'{label}.state_dict')
        oracle = usine_seq2seq()(V_src, V_tgt, d_emb, d, d_att, graine)
        poids = oracle.state_dict()
        manquants = sorted(set(poids) - set(etat))
        C.expect(not manquants, f"`{label}` n'a pas les paramètres {manquants}.", hint='sous-modules emb_source, emb_cible (nn.Embedding), encodeur (nn.LSTM), attention (AttentionBahdanau : W, U, v), decodeur (nn.LSTMCell), sortie (nn.Linear).')
        for cle, valeur in poids.items():
            C.expect_shape(etat[cle], tuple(valeur.shape), name=f'{label}.{cle}', hint='decodeur = nn.LSTMCell(d_emb + d_cache, d_cache), sortie = nn.Linear(2 * d_cache, nb_cibles).')
        C.call(modele.load_state_dict, dict(poids), strict=False, name=f'{label}.load_state_dict')
        return (modele, oracle, label)

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)

    def logits_du_modele(modele, label, src, masque, tgt, V_tgt):
        logits = C.as_tensor(C.call(modele, src.clone(), masque.clone(), tgt.clone(), name=label), f'{label}(src, src_masque, tgt_entree)')
        C.expect_shape(logits, (*tgt.shape, V_tgt), name=f'logits pour src {tuple(src.shape)} et tgt_entree {tuple(tgt.shape)}', hint='un vecteur de logits par pas du décodeur : (B, T, nb_cibles).')
        return logits
    modele, oracle, label = seq2seq_du_correcteur(Seq2SeqAttention, 9, 13, 5, 4, 3, 40)
    src, masque, tgt = lot_aleatoire(9, 13, 3, 4, 4, [4, 3, 1], 41)
    with torch.no_grad():
        attendu = oracle(src, masque, tgt)
    g = torch.Generator().manual_seed(42)
    for t in (0, 1, 2):
        tgt2 = tgt.clone()
        tgt2[:, t + 1:] = 3 + (tgt2[:, t + 1:] - 3 + torch.randint(1, 10, tgt2[:, t + 1:].shape, generator=g)) % 10
        logits = logits_du_modele(modele, label, src, masque, tgt2, 13)
        C.expect_close(logits[:, :t + 1], attendu[:, :t + 1], name=f'logits des pas ≤ {t} (tgt_entree modifiée après le pas {t})', hint='teacher forcing : au pas t, le décodeur reçoit tgt_entree[:, t] (déjà décalée) et rien de la suite.')

@test_case(points=None, hidden=False)
def test_traduire_exemple(traduire):
    import torch
    from autograder import checks as C

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)

    def glouton_oracle(oracle, src, masque, longueur_max):
        """Greedy decoding with the grader's model: the token indices and the attention weights."""
        with torch.no_grad():
            H = oracle.encoder(src)
            etat = (H.new_zeros(H.shape[0], H.shape[2]), H.new_zeros(H.shape[0], H.shape[2]))
            y = torch.full((src.shape[0],), 1, dtype=torch.long)
            jetons, alphas = ([], [])
            for _ in range(longueur_max):
                logits, etat, alpha = oracle.pas_decodeur(y, etat, H, masque)
                y = logits.argmax(1)
                jetons.append(y)
                alphas.append(alpha)
        return (torch.stack(jetons, dim=1), torch.stack(alphas, dim=1))

    def chiffres_oracle(jetons):
        """en_chiffres of the statement: the digits (index 3 + c) before the first <fin> (2)."""
        chaine = ''
        for j in jetons:
            if j == 2:
                break
            if j >= 3:
                chaine += str(j - 3)
        return chaine

    def traduire_avec_le_correcteur(traduire, V_src, d_emb, d, d_att, graine, B, n, longueurs, longueur_max, biais_sortie):
        """traduire on a grader's model built where traduire lives; compared with the grader's
    greedy decoding of the same model."""
        fabrique = usine_seq2seq()
        modele = C.build_where(traduire, fabrique, V_src, 13, d_emb, d, d_att, graine, biais_sortie)
        oracle = fabrique(V_src, 13, d_emb, d, d_att, graine, biais_sortie)
        src, masque, _ = lot_aleatoire(V_src, 13, B, n, 1, longueurs, graine + 1)
        resultat = C.call(traduire, modele, src.clone(), masque.clone(), longueur_max, name='traduire')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`traduire` doit renvoyer un couple (chiffres, attention).')
        chiffres, attention = resultat
        C.expect(isinstance(chiffres, list) and len(chiffres) == B and all((isinstance(c, str) for c in chiffres)), f'`traduire` doit renvoyer une liste de {B} chaînes (une par phrase).')
        attention = C.as_tensor(attention, 'attention')
        C.expect_shape(attention, (B, longueur_max, n), name='attention renvoyée par traduire', hint='un vecteur alpha (B, n) par pas, empilés sur la dimension 1 : (B, longueur_max, n).')
        jetons, alphas = glouton_oracle(oracle, src, masque, longueur_max)
        attendus = [chiffres_oracle(ligne) for ligne in jetons.tolist()]
        return (chiffres, attention, attendus, alphas, jetons)
    biais = [-30.0, -30.0, 0.0] + [1.0] * 10
    chiffres, attention, attendus, alphas, _ = traduire_avec_le_correcteur(traduire, 9, 4, 5, 3, 50, 3, 4, [4, 2, 3], 5, biais)
    C.expect_equal(chiffres, attendus, name='traduire(modele, src, src_masque, 5) avec un modèle du correcteur', reveal=True, hint="décodage glouton : argmax des logits à chaque pas, redonné en y_prec au pas suivant ; chiffres jusqu'au premier <fin> (en_chiffres).")
    C.expect_close(attention, alphas, name="poids d'attention renvoyés par traduire", hint='les alpha de pas_decodeur, pas après pas.')

@test_case(points=None, hidden=True)
def test_traduire_chaine_argmax(traduire):
    import torch
    from autograder import checks as C

    def chiffres_oracle(jetons):
        """en_chiffres of the statement: the digits (index 3 + c) before the first <fin> (2)."""
        chaine = ''
        for j in jetons:
            if j == 2:
                break
            if j >= 3:
                chaine += str(j - 3)
        return chaine

    def usine_seq2seq():
        """The grader's seq2seq (the architecture of the statement, written with functional
    attention), float64 weights drawn from a seeded generator, the global generator untouched:
    the oracle here, and a model built where the student's code runs."""
        return C.code('\ndef fabrique(nb_mots, nb_cibles, d_emb, d, d_att, graine, biais_sortie=None):\n    class AttentionCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            self.W = nn.Linear(d, d_att, bias=False)\n            self.U = nn.Linear(d, d_att)\n            self.v = nn.Linear(d_att, 1, bias=False)\n\n        def forward(self, s_prec, H, masque):\n            e = torch.tanh(self.W(s_prec)[:, None, :] + self.U(H))\n            e = self.v(e)[..., 0].masked_fill(~masque, float("-inf"))\n            alpha = torch.softmax(e, 1)\n            return torch.einsum("bj,bjd->bd", alpha, H), alpha\n\n    class Seq2SeqCorrecteur(nn.Module):\n        def __init__(self):\n            super().__init__()\n            with torch.random.fork_rng(devices=[]):\n                self.emb_source = nn.Embedding(nb_mots, d_emb)\n                self.emb_cible = nn.Embedding(nb_cibles, d_emb)\n                self.encodeur = nn.LSTM(d_emb, d, batch_first=True)\n                self.attention = AttentionCorrecteur()\n                self.decodeur = nn.LSTMCell(d_emb + d, d)\n                self.sortie = nn.Linear(2 * d, nb_cibles)\n            self.double()\n            g = torch.Generator().manual_seed(graine)\n            with torch.no_grad():\n                for nom, p in self.named_parameters():\n                    echelle = 1.0 if nom.startswith("emb") else 1.5 / math.sqrt(p.shape[-1])\n                    p.copy_(echelle * torch.randn(p.shape, generator=g, dtype=torch.float64))\n                if biais_sortie is not None:\n                    self.sortie.bias.add_(torch.tensor(biais_sortie, dtype=torch.float64))\n\n        def encoder(self, src):\n            return self.encodeur(self.emb_source(src))[0]\n\n        def pas_decodeur(self, y_prec, etat, H, src_masque):\n            contexte, alpha = self.attention(etat[0], H, src_masque)\n            s, m = self.decodeur(torch.cat([self.emb_cible(y_prec), contexte], dim=1), etat)\n            return self.sortie(torch.cat([s, contexte], dim=1)), (s, m), alpha\n\n        def forward(self, src, masque, entree):\n            H = self.encoder(src)\n            etat = (H.new_zeros(H.shape[0], d), H.new_zeros(H.shape[0], d))\n            logits = []\n            for t in range(entree.shape[1]):\n                sortie, etat, _ = self.pas_decodeur(entree[:, t], etat, H, masque)\n                logits.append(sortie)\n            return torch.stack(logits, dim=1)\n\n    return Seq2SeqCorrecteur()\n')

    def traduire_avec_le_correcteur(traduire, V_src, d_emb, d, d_att, graine, B, n, longueurs, longueur_max, biais_sortie):
        """traduire on a grader's model built where traduire lives; compared with the grader's
    greedy decoding of the same model."""
        fabrique = usine_seq2seq()
        modele = C.build_where(traduire, fabrique, V_src, 13, d_emb, d, d_att, graine, biais_sortie)
        oracle = fabrique(V_src, 13, d_emb, d, d_att, graine, biais_sortie)
        src, masque, _ = lot_aleatoire(V_src, 13, B, n, 1, longueurs, graine + 1)
        resultat = C.call(traduire, modele, src.clone(), masque.clone(), longueur_max, name='traduire')
        C.expect(isinstance(resultat, tuple | list) and len(resultat) == 2, '`traduire` doit renvoyer un couple (chiffres, attention).')
        chiffres, attention = resultat
        C.expect(isinstance(chiffres, list) and len(chiffres) == B and all((isinstance(c, str) for c in chiffres)), f'`traduire` doit renvoyer une liste de {B} chaînes (une par phrase).')
        attention = C.as_tensor(attention, 'attention')
        C.expect_shape(attention, (B, longueur_max, n), name='attention renvoyée par traduire', hint='un vecteur alpha (B, n) par pas, empilés sur la dimension 1 : (B, longueur_max, n).')
        jetons, alphas = glouton_oracle(oracle, src, masque, longueur_max)
        attendus = [chiffres_oracle(ligne) for ligne in jetons.tolist()]
        return (chiffres, attention, attendus, alphas, jetons)

    def lot_aleatoire(V_src, V_tgt, B, n, T, longueurs, graine):
        """src (B, n) without <pad> inside the sentences, src_masque, tgt_entree (B, T) starting
    with <debut>."""
        g = torch.Generator().manual_seed(graine)
        masque = torch.arange(n)[None, :] < torch.tensor(longueurs)[:, None]
        src = torch.randint(1, V_src, (B, n), generator=g).masked_fill(~masque, 0)
        tgt = torch.randint(3, V_tgt, (B, T), generator=g)
        tgt[:, 0] = 1
        return (src, masque, tgt)

    def glouton_oracle(oracle, src, masque, longueur_max):
        """Greedy decoding with the grader's model: the token indices and the attention weights."""
        with torch.no_grad():
            H = oracle.encoder(src)
            etat = (H.new_zeros(H.shape[0], H.shape[2]), H.new_zeros(H.shape[0], H.shape[2]))
            y = torch.full((src.shape[0],), 1, dtype=torch.long)
            jetons, alphas = ([], [])
            for _ in range(longueur_max):
                logits, etat, alpha = oracle.pas_decodeur(y, etat, H, masque)
                y = logits.argmax(1)
                jetons.append(y)
                alphas.append(alpha)
        return (torch.stack(jetons, dim=1), torch.stack(alphas, dim=1))
    for graine, (B, n, longueurs, longueur_max, biais) in enumerate(((5, 6, [6, 1, 4, 5, 2], 7, [-30.0, -30.0, -1.0] + [0.5] * 10), (2, 3, [3, 3], 4, [-30.0, -30.0, -30.0] + [0.0] * 10))):
        chiffres, attention, attendus, alphas, jetons = traduire_avec_le_correcteur(traduire, 10, 5, 6, 4, 60 + 10 * graine, B, n, longueurs, longueur_max, biais)
        C.expect(chiffres == attendus, f"`traduire` (longueur_max = {longueur_max}) ne produit pas les chaînes du décodage glouton d'un modèle du correcteur.", hint="état initial nul, y_prec = <debut> au premier pas, puis l'argmax du pas précédent (même après <fin>) ; exactement longueur_max pas.")
        C.expect_close(attention, alphas, name=f'attention (longueur_max = {longueur_max})', hint="les alpha de chaque pas de pas_decodeur, dans l'ordre.")
        C.expect_close(attention.sum(dim=2), torch.ones(B, longueur_max, dtype=torch.float64), name="somme de chaque ligne de la matrice d'attention")
    biais = [-30.0, -30.0, 1.0] + [0.0] * 10
    fabrique = usine_seq2seq()
    for graine in range(100, 160):
        src, masque, _ = lot_aleatoire(10, 13, 4, 5, 1, [5, 3, 4, 2], graine + 1)
        jetons, _ = glouton_oracle(fabrique(10, 13, 5, 6, 4, graine, biais), src, masque, 6)
        if any((2 in ligne and max(ligne[ligne.index(2):]) >= 3 for ligne in jetons.tolist())):
            break
    chiffres, _, attendus, _, _ = traduire_avec_le_correcteur(traduire, 10, 5, 6, 4, graine, 4, 5, [5, 3, 4, 2], 6, biais)
    C.expect(chiffres == attendus, "`traduire` ne s'arrête pas au premier <fin> : des chiffres produits après <fin> sont gardés (ou des chiffres d'avant sont perdus).", hint="la chaîne d'une phrase est en_chiffres(ses jetons) : les chiffres avant le premier <fin>.")

