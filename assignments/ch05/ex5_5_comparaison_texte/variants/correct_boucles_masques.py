import torch
import torch.nn.functional as F
from torch import nn


def tokeniser(texte):
    mots, courant = [], ""
    for caractere in texte.lower():
        if caractere.isalnum():
            courant += caractere
        elif courant:
            mots.append(courant)
            courant = ""
    if courant:
        mots.append(courant)
    return mots


def construire_vocabulaire(textes, freq_min=2):
    occurrences = {}
    for texte in textes:
        for mot in tokeniser(texte):
            occurrences[mot] = occurrences.get(mot, 0) + 1
    frequents = sorted(m for m, c in occurrences.items() if c >= freq_min)
    frequents.sort(key=lambda m: occurrences[m], reverse=True)  # stable: ties stay sorted
    vocab = {"<pad>": 0, "<unk>": 1}
    for rang, mot in enumerate(frequents):
        vocab[mot] = rang + 2
    return vocab


def encoder(textes, vocab, longueur_max):
    lignes = []
    for texte in textes:
        indices = [vocab[m] if m in vocab else 1 for m in tokeniser(texte)]
        lignes.append(indices[:longueur_max] if indices else [1])
    L = max(len(ligne) for ligne in lignes)
    ids = torch.tensor([ligne + [0] * (L - len(ligne)) for ligne in lignes], dtype=torch.long)
    return ids, torch.tensor([len(ligne) for ligne in lignes], dtype=torch.long)


FREQ_MIN, LONGUEUR_MAX = 2, 40
vocab = construire_vocabulaire(textes_train, freq_min=FREQ_MIN)
ids_train, longueurs_train = encoder(textes_train, vocab, longueur_max=LONGUEUR_MAX)
ids_test, longueurs_test = encoder(textes_test, vocab, longueur_max=LONGUEUR_MAX)


def masque_padding(longueurs, longueur):
    positions = torch.arange(longueur).unsqueeze(0).expand(len(longueurs), -1)
    return ~(positions < longueurs.unsqueeze(1))


def nb_parametres(modele):
    total = 0
    for parametre in modele.parameters():
        if parametre.requires_grad:
            total += parametre.numel()
    return int(total)


class ClassifieurRNN(nn.Module):
    def __init__(self, taille_vocab, d_emb, d_cache, n_classes, cellule="lstm"):
        super().__init__()
        self.embedding = nn.Embedding(taille_vocab, d_emb, padding_idx=0)
        if cellule == "lstm":
            self.rnn = nn.LSTM(input_size=d_emb, hidden_size=d_cache, bidirectional=True)
        else:
            self.rnn = nn.GRU(input_size=d_emb, hidden_size=d_cache, bidirectional=True)
        self.sortie = nn.Linear(2 * d_cache, n_classes)

    def forward(self, ids, longueurs):
        # one text at a time, without its padding: no packing needed
        representations = []
        for b in range(ids.shape[0]):
            n = int(longueurs[b])
            x = self.embedding(ids[b, :n]).unsqueeze(1)  # (n, 1, d): time first
            sorties, _ = self.rnn(x)
            h = self.rnn.hidden_size
            representations.append(torch.cat([sorties[n - 1, 0, :h], sorties[0, 0, h:]]))
        return self.sortie(torch.stack(representations))


class ClassifieurTransformer(nn.Module):
    def __init__(self, taille_vocab, d_model, n_tetes, n_couches, d_ff, n_classes,
                 longueur_max):
        super().__init__()
        self.embedding = nn.Embedding(taille_vocab, d_model, padding_idx=0)
        self.position = nn.Embedding(longueur_max, d_model)
        self.encodeur = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d_model=d_model, nhead=n_tetes, dim_feedforward=d_ff,
                                       dropout=0.0, batch_first=True),
            num_layers=n_couches)
        self.sortie = nn.Linear(d_model, n_classes)

    def forward(self, ids, longueurs):
        remplissage = ids == 0  # <pad> only ever fills the end of a line
        positions = torch.arange(ids.shape[1])
        x = self.embedding(ids) + self.position(positions).unsqueeze(0)
        z = self.encodeur(x, src_key_padding_mask=remplissage)
        garde = (~remplissage).unsqueeze(-1).to(z.dtype)
        return self.sortie((z * garde).sum(dim=1) / garde.sum(dim=1))


def entrainer(modele, ids, longueurs, y, epoques, taille_lot, lr, generateur):
    optimiseur = torch.optim.Adam(modele.parameters(), lr)
    modele.train()
    historique = []
    N = y.shape[0]
    for _ in range(epoques):
        ordre = torch.randperm(N, generator=generateur)
        somme = 0.0
        for debut in range(0, N, taille_lot):
            lot = ordre[debut:debut + taille_lot]
            logits = modele(ids[lot], longueurs[lot])
            perte = F.cross_entropy(logits, y[lot], reduction="sum")
            optimiseur.zero_grad()
            (perte / len(lot)).backward()
            optimiseur.step()
            somme += float(perte)
        historique.append(somme / N)
    return historique
