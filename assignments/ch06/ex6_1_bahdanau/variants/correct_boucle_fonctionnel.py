import torch
from torch import nn


class AttentionBahdanau(nn.Module):
    def __init__(self, d_enc, d_dec, d_att):
        super().__init__()
        # the same three modules, declared in another order
        self.v = nn.Linear(d_att, 1, bias=False)
        self.U = nn.Linear(d_enc, d_att)
        self.W = nn.Linear(d_dec, d_att, bias=False)

    def forward(self, s_prec, H, masque):
        B, n, _ = H.shape
        projete = self.W(s_prec)
        e = H.new_empty(B, n)
        for j in range(n):  # one source position at a time
            e[:, j] = (torch.tanh(projete + self.U(H[:, j])) @ self.v.weight.T)[:, 0]
        e = e.masked_fill(masque.logical_not(), -torch.inf)
        alpha = torch.nn.functional.softmax(e, dim=-1)
        contexte = torch.einsum("bn,bnd->bd", alpha, H)
        return contexte, alpha


class Seq2SeqAttention(nn.Module):
    def __init__(self, nb_mots, nb_cibles, d_emb, d_cache, d_att):
        super().__init__()
        # declared in another order than the statement (another initialisation)
        self.sortie = nn.Linear(2 * d_cache, nb_cibles)
        self.decodeur = nn.LSTMCell(d_emb + d_cache, d_cache)
        self.attention = AttentionBahdanau(d_cache, d_cache, d_att)
        self.encodeur = nn.LSTM(d_emb, d_cache, 1, batch_first=True)
        self.emb_cible = nn.Embedding(nb_cibles, d_emb)
        self.emb_source = nn.Embedding(nb_mots, d_emb)

    def encoder(self, src):
        return self.encodeur(self.emb_source(src))[0]

    def pas_decodeur(self, y_prec, etat, H, src_masque):
        contexte, alpha = self.attention(etat[0], H, src_masque)
        nouvel_etat = self.decodeur(torch.hstack([self.emb_cible(y_prec), contexte]), etat)
        logits = self.sortie(torch.hstack([nouvel_etat[0], contexte]))
        return logits, nouvel_etat, alpha

    def forward(self, src, src_masque, tgt_entree):
        H = self.encoder(src)
        B, T = tgt_entree.shape
        d = self.decodeur.hidden_size
        etat = (torch.zeros(B, d, dtype=H.dtype), torch.zeros(B, d, dtype=H.dtype))
        logits = H.new_empty(B, T, self.sortie.out_features)
        for t in range(T):
            logits_t, etat, _ = self.pas_decodeur(tgt_entree[:, t], etat, H, src_masque)
            logits[:, t] = logits_t
        return logits


def traduire(modele, src, src_masque, longueur_max):
    B = src.shape[0]
    with torch.inference_mode():
        H = modele.encoder(src)
        etat = (H.new_zeros(B, H.shape[-1]), H.new_zeros(B, H.shape[-1]))
        y = torch.tensor([DEBUT] * B)
        suites = [[] for _ in range(B)]
        poids = []
        for _ in range(longueur_max):
            logits, etat, alpha = modele.pas_decodeur(y, etat, H, src_masque)
            y = logits.max(dim=1).indices
            for b in range(B):
                suites[b].append(int(y[b]))
            poids.append(alpha.clone())
    chaines = []
    for suite in suites:  # the digits before the first <fin>
        fin = suite.index(FIN) if FIN in suite else len(suite)
        chaines.append("".join(str(j - 3) for j in suite[:fin] if j >= 3))
    return chaines, torch.stack(poids, dim=1)


def entrainer(modele, nombres, nb_pas, generateur, taille_lot=64, lr=1e-2):
    optimiseur = torch.optim.Adam(modele.parameters(), lr)
    historique = []
    for _ in range(nb_pas):
        src, src_masque, tgt_entree, tgt_sortie = tirer_lot(nombres, taille_lot, generateur)
        log_probas = torch.log_softmax(modele(src, src_masque, tgt_entree), dim=-1)
        vraie = log_probas.gather(2, tgt_sortie.unsqueeze(2)).squeeze(2)
        garder = (tgt_sortie != PAD).to(vraie.dtype)
        perte = -(vraie * garder).sum() / garder.sum()
        optimiseur.zero_grad()
        perte.backward()
        optimiseur.step()
        historique.append(perte.item())
    return historique
