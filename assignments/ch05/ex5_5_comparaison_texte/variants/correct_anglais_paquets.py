import re

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SEPARATORS = re.compile(r"[\W_]+")


def tokeniser(text):
    return [word for word in SEPARATORS.split(text.lower()) if word]


def construire_vocabulaire(texts, min_count=2):
    from collections import Counter

    counts = Counter()
    for text in texts:
        counts.update(tokeniser(text))
    kept = [w for w, c in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))
            if c >= min_count]
    return {"<pad>": 0, "<unk>": 1, **{w: i + 2 for i, w in enumerate(kept)}}


def encoder(texts, vocab, max_length):
    rows = [[vocab.get(w, 1) for w in tokeniser(t)[:max_length]] or [1] for t in texts]
    lengths = torch.tensor(list(map(len, rows)))
    ids = torch.nn.utils.rnn.pad_sequence([torch.tensor(r) for r in rows], batch_first=True,
                                          padding_value=0)
    return ids.long(), lengths.long()


FREQ_MIN, LONGUEUR_MAX = 2, 40
vocab = construire_vocabulaire(textes_train, FREQ_MIN)
ids_train, longueurs_train = encoder(textes_train, vocab, LONGUEUR_MAX)
ids_test, longueurs_test = encoder(textes_test, vocab, LONGUEUR_MAX)


def masque_padding(lengths, length):
    return torch.arange(length)[None, :].ge(lengths[:, None])


def nb_parametres(model):
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


class ClassifieurRNN(nn.Module):
    def __init__(self, vocab_size, emb_dim, hidden_dim, num_classes, cell="lstm"):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        rnn_class = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn_class(emb_dim, hidden_dim, batch_first=True, bidirectional=True)
        self.sortie = nn.Linear(hidden_dim * 2, num_classes)

    def forward(self, ids, lengths):
        # sort by decreasing length, pack, unpack, then read the states in the outputs
        lengths, order = lengths.sort(descending=True)
        packed = pack_padded_sequence(self.embedding(ids[order]), lengths.cpu(),
                                      batch_first=True)
        outputs, _ = pad_packed_sequence(self.rnn(packed)[0], batch_first=True)
        hidden = self.rnn.hidden_size
        last = outputs[torch.arange(len(lengths)), lengths - 1, :hidden]  # forward, last word
        first = outputs[:, 0, hidden:]  # backward, position 0
        features = torch.cat((last, first), dim=-1)
        return self.sortie(features[order.argsort()])


class ClassifieurTransformer(nn.Module):
    def __init__(self, vocab_size, d_model, heads, layers, d_ff, num_classes, max_length):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, d_model, padding_idx=0)
        self.position = nn.Embedding(max_length, d_model)
        layer = nn.TransformerEncoderLayer(d_model, heads, d_ff, 0.0, batch_first=True)
        self.encodeur = nn.TransformerEncoder(layer, layers)
        self.sortie = nn.Linear(d_model, num_classes)

    def forward(self, ids, lengths):
        pad = masque_padding(lengths, ids.size(1))
        h = self.embedding(ids) + self.position.weight[: ids.size(1)].unsqueeze(0)
        h = self.encodeur(h, src_key_padding_mask=pad)
        h = torch.where(pad.unsqueeze(-1), torch.zeros_like(h), h)
        return self.sortie(h.sum(1) / lengths.unsqueeze(1).to(h.dtype))


def entrainer(model, ids, lengths, y, epochs, batch_size, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        permutation = torch.randperm(len(y), generator=generator)
        batches = torch.split(permutation, batch_size)
        losses = []
        for batch in batches:
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(ids[batch], lengths[batch]), y[batch])
            loss.backward()
            optimizer.step()
            losses.append((loss.item(), len(batch)))
        history.append(sum(l * n for l, n in losses) / sum(n for _, n in losses))
    return history
