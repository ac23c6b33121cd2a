import torch
import torch.nn.functional as F

BLANK = 0


def copie(n, T, nb_symboles, generateur):
    """Copy task built by concatenation; symbols drawn as randint(K) + 1."""
    symbols = torch.randint(nb_symboles, (n, 8), generator=generateur) + 1
    blanks_before = torch.full((n, T - 1), BLANK, dtype=torch.long)
    marker = torch.full((n, 1), nb_symboles + 1, dtype=torch.long)
    blanks_after = torch.full((n, 8), BLANK, dtype=torch.long)
    inputs = torch.cat([symbols, blanks_before, marker, blanks_after], dim=1)
    targets = torch.cat([torch.zeros(n, T + 8, dtype=torch.long), symbols], dim=1)
    return inputs, targets


def lstm_step(layer, x_t, h, c):
    H = layer.hidden_size
    w_i, w_f, w_g, w_o = layer.weight_ih_l0.split(H)
    u_i, u_f, u_g, u_o = layer.weight_hh_l0.split(H)
    b = (layer.bias_ih_l0 + layer.bias_hh_l0).split(H)
    input_gate = torch.sigmoid(F.linear(x_t, w_i, b[0]) + F.linear(h, u_i))
    forget_gate = torch.sigmoid(F.linear(x_t, w_f, b[1]) + F.linear(h, u_f))
    candidate = torch.tanh(F.linear(x_t, w_g, b[2]) + F.linear(h, u_g))
    output_gate = torch.sigmoid(F.linear(x_t, w_o, b[3]) + F.linear(h, u_o))
    c = forget_gate * c + input_gate * candidate
    h = output_gate * c.tanh()
    return input_gate, forget_gate, candidate, output_gate, c, h


def portes_lstm(lstm, x, h0=None):
    steps, batch, _ = x.shape
    size = lstm.hidden_size
    if h0 is None:
        h = torch.zeros(batch, size, dtype=x.dtype)
        c = torch.zeros(batch, size, dtype=x.dtype)
    else:
        h, c = (s.reshape(batch, size) for s in h0)
    history = []
    for x_t in x.unbind(0):
        *gates, c, h = lstm_step(lstm, x_t, h, c)
        history.append((*gates, c, h))
    keys = ["i", "f", "g", "o", "c", "h"]
    return {key: torch.stack([step[k] for step in history]).detach()
            for k, key in enumerate(keys)}


def precision_copie(modele, x, y):
    with torch.no_grad():
        logits = modele(x)
    recall = y != BLANK
    hits = (logits.argmax(-1) == y) & recall
    return float(hits.sum()) / float(recall.sum())


def entrainer_copie(modele, T, nb_symboles, nb_pas, generateur, taille_lot=64, lr=1e-2):
    optimizer = torch.optim.Adam(modele.parameters(), lr)
    history = []
    for _ in range(nb_pas):
        inputs, targets = copie(taille_lot, T, nb_symboles, generateur)
        loss = F.cross_entropy(modele(inputs).transpose(1, 2), targets)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        history.append(float(loss))
    return history
