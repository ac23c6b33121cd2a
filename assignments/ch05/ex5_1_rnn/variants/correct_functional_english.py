import torch
import torch.nn.functional as F
from torch import nn


class RNNManuel(nn.Module):
    """Vanilla tanh RNN written with F.linear, states collected with a list and torch.stack."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.hidden_size = hidden_size
        bound = hidden_size ** -0.5
        self.weight_ih = nn.Parameter((torch.rand(hidden_size, input_size) * 2 - 1) * bound)
        self.weight_hh = nn.Parameter((torch.rand(hidden_size, hidden_size) * 2 - 1) * bound)
        self.bias_ih = nn.Parameter((torch.rand(hidden_size) * 2 - 1) * bound)
        self.bias_hh = nn.Parameter((torch.rand(hidden_size) * 2 - 1) * bound)

    def forward(self, x, h0=None):
        steps = x.unbind(dim=0)
        if h0 is not None:
            h = h0.reshape(x.shape[1], self.hidden_size)
        else:
            h = torch.zeros(x.shape[1], self.hidden_size, dtype=x.dtype)
        states = []
        for x_t in steps:
            h = torch.tanh(F.linear(x_t, self.weight_ih, self.bias_ih)
                           + F.linear(h, self.weight_hh, self.bias_hh))
            states.append(h)
        return torch.stack(states, dim=0), h.unsqueeze(dim=0)


def construire_vocabulaire(text):
    chars = []
    for c in sorted(text):
        if not chars or chars[-1] != c:
            chars.append(c)
    return chars


def encoder(text, vocab):
    lookup = dict(zip(vocab, range(len(vocab)), strict=True))
    return torch.LongTensor([lookup[c] for c in text])


def decoder(indices, vocab):
    return "".join(vocab[i] for i in torch.as_tensor(indices).tolist())


def echantillonner(logits, temperature, generateur):
    probs = F.log_softmax(logits / temperature, dim=1).exp()
    return torch.multinomial(probs, num_samples=1, replacement=True,
                             generator=generateur).view(-1)


def generer(modele, debut, n, caracteres, temperature, generateur):
    # the prompt is read one character at a time, the state carried by keyword
    h = None
    with torch.no_grad():
        for c in debut:
            logits, h = modele(encoder(c, caracteres).view(1, 1), h0=h)
        out = list(debut)
        for _ in range(n):
            nxt = echantillonner(logits[-1], temperature, generateur=generateur)
            out.append(caracteres[nxt.item()])
            logits, h = modele(nxt.view(1, 1), h0=h)
    return "".join(out)
