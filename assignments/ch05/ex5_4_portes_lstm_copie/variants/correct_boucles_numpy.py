import numpy as np
import torch
import torch.nn.functional as F

NB = 8


def copie(n, T, nb_symboles, generateur):
    """Une séquence à la fois, symboles tirés ligne par ligne avec le générateur."""
    L = T + 2 * NB
    x = torch.empty(n, L, dtype=torch.int64)
    y = torch.empty(n, L, dtype=torch.int64)
    for r in range(n):
        s = torch.randint(low=1, high=nb_symboles + 1, size=(NB,), generator=generateur)
        x[r] = torch.cat([s, torch.zeros(T - 1, dtype=torch.int64),
                          torch.tensor([nb_symboles + 1]), torch.zeros(NB, dtype=torch.int64)])
        y[r] = torch.cat([torch.zeros(L - NB, dtype=torch.int64), s])
    return x, y


def portes_lstm(lstm, x, h0=None):
    """Portes par addmm ; h et c pris à nn.LSTM lui-même, pas à pas."""
    T, N, _ = x.shape
    H = lstm.hidden_size
    if h0 is None:
        etat = (x.new_zeros(1, N, H), x.new_zeros(1, N, H))
    else:
        etat = (h0[0].clone(), h0[1].clone())
    W_ih, W_hh = lstm.weight_ih_l0.detach(), lstm.weight_hh_l0.detach()
    b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()
    res = {"i": [], "f": [], "g": [], "o": [], "c": [], "h": []}
    for t in range(T):
        z = torch.addmm(b, x[t], W_ih.t()) + etat[0][0] @ W_hh.t()
        res["i"].append(torch.sigmoid(z[:, :H]))
        res["f"].append(torch.sigmoid(z[:, H:2 * H]))
        res["g"].append(torch.tanh(z[:, 2 * H:3 * H]))
        res["o"].append(torch.sigmoid(z[:, 3 * H:]))
        with torch.no_grad():
            _, etat = lstm(x[t:t + 1], etat)
        res["h"].append(etat[0][0])
        res["c"].append(etat[1][0])
    return {k: torch.stack(v, dim=0) for k, v in res.items()}


def precision_copie(modele, x, y):
    modele.eval()
    with torch.no_grad():
        pred = modele(x).argmax(dim=2).numpy()
    modele.train()
    return float(np.mean(pred[:, -NB:] == y.numpy()[:, -NB:]))


def entrainer_copie(modele, T, nb_symboles, nb_pas, generateur, taille_lot=64, lr=1e-2):
    modele.train()
    opt = torch.optim.Adam(params=list(modele.parameters()), lr=lr)
    pertes = []
    while len(pertes) < nb_pas:
        x, y = copie(taille_lot, T, nb_symboles, generateur)
        log_p = F.log_softmax(modele(x), dim=-1)
        perte = F.nll_loss(log_p.flatten(0, 1), y.flatten())
        opt.zero_grad()
        perte.backward()
        opt.step()
        pertes.append(perte.detach().item())
    return pertes
