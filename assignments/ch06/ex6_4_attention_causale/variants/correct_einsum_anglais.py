import torch
import torch.nn.functional as F
from torch import nn


def masque_causal(size):
    """Query i may look at key j when j <= i."""
    rows = torch.arange(size).unsqueeze(1)
    cols = torch.arange(size).unsqueeze(0)
    return cols <= rows


def attention_causale(query, key, value):
    d_k = key.size(-1)
    allowed = masque_causal(query.size(1))
    # additive mask of equation 6.20: 0 where allowed, -inf where masked
    additive = torch.zeros(allowed.shape, dtype=query.dtype).masked_fill(~allowed, float("-inf"))
    scores = torch.einsum("bid,bjd->bij", query, key) * d_k ** -0.5 + additive
    scores = scores - scores.amax(dim=-1, keepdim=True)
    expo = scores.exp()
    weights = expo / expo.sum(dim=-1, keepdim=True)
    return torch.einsum("bij,bjd->bid", weights, value), weights


class ModeleCausal(nn.Module):
    def __init__(self, vocab_size, dim, max_len):
        super().__init__()
        self.jetons = nn.Embedding(vocab_size, dim)
        self.positions = nn.Embedding(max_len, dim)
        self.requete = nn.Linear(dim, dim, bias=False)
        self.cle = nn.Linear(dim, dim, bias=False)
        self.valeur = nn.Linear(dim, dim, bias=False)
        self.sortie = nn.Linear(dim, vocab_size)

    def forward(self, tokens):
        seq_len = tokens.size(1)
        hidden = self.jetons(tokens) + self.positions.weight[:seq_len]
        out, _ = attention_causale(F.linear(hidden, self.requete.weight),
                                   F.linear(hidden, self.cle.weight),
                                   F.linear(hidden, self.valeur.weight))
        return F.linear(hidden + out, self.sortie.weight, self.sortie.bias)


def echantillonner(logits, temperature, k, generator):
    ordered, _ = torch.sort(logits, dim=-1, descending=True)
    threshold = ordered[:, k - 1:k]
    kept = logits.masked_fill(logits < threshold, float("-inf"))
    probs = F.softmax(kept / temperature, dim=-1)
    return torch.multinomial(probs, num_samples=1, generator=generator).view(-1)


def generer(model, prompt, n, max_len, temperature, k, generator):
    tokens = prompt.tolist()
    for _ in range(n):
        context = torch.tensor(tokens[-max_len:], dtype=torch.long).unsqueeze(0)
        with torch.no_grad():
            logits = model(context)
        nxt = echantillonner(logits=logits[0, -1:], temperature=temperature, k=k,
                             generator=generator)
        tokens.append(int(nxt.item()))
    return torch.tensor(tokens, dtype=torch.long)
