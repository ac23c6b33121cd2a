import torch
from torch import nn


def fenetres(serie, longueur=30, horizon=1):
    blocs = serie.unfold(0, longueur + horizon, 1)  # (M, longueur + horizon), a view
    return blocs[:, :longueur].clone(), blocs[:, longueur:].clone()


def ajuster_normalisation(serie):
    ecart, moy = torch.std_mean(serie, correction=0)
    return moy.item(), ecart.item()


def normaliser(x, moyenne, ecart_type):
    return torch.div(torch.sub(x, moyenne), ecart_type)


def denormaliser(z, moyenne, ecart_type):
    return torch.add(torch.mul(z, ecart_type), moyenne)


moyenne, ecart_type = ajuster_normalisation(temp_train)


class PrevisionRNN(nn.Module):
    def __init__(self, cellule="lstm", taille_cachee=32, nb_couches=2):
        super().__init__()
        if cellule == "lstm":
            self.rnn = nn.LSTM(input_size=1, hidden_size=taille_cachee, num_layers=nb_couches,
                               batch_first=True)
        elif cellule == "gru":
            self.rnn = nn.GRU(input_size=1, hidden_size=taille_cachee, num_layers=nb_couches,
                              batch_first=True)
        else:
            raise ValueError(cellule)
        self.sortie = nn.Linear(in_features=taille_cachee, out_features=1)

    def forward(self, x):
        _, etat = self.rnn(x.reshape(x.shape[0], x.shape[1], 1))
        h_n = etat[0] if isinstance(etat, tuple) else etat  # (nb_couches, N, h)
        return self.sortie(h_n[-1]).reshape(-1)


def nombre_parametres(cellule, taille_entree, taille_cachee, nb_couches):
    g = 4 if cellule == "lstm" else 3
    h = taille_cachee
    premiere = g * h * (taille_entree + h + 2)
    suivantes = (nb_couches - 1) * g * h * (2 * h + 2)
    return int(premiere + suivantes)


def persistance(fenetre, horizon=7):
    return fenetre[:, -1].unsqueeze(1).expand(-1, horizon).clone()


def prevision_autoregressive(modele, fenetre, horizon=7):
    w = fenetre.clone()
    sortie = torch.empty(fenetre.shape[0], horizon, dtype=fenetre.dtype)
    with torch.no_grad():
        for k in range(horizon):
            y = modele(w)
            sortie[:, k] = y
            w[:, :-1] = w[:, 1:].clone()
            w[:, -1] = y
    return sortie


def prevision_teacher_forcing(modele, fenetre, futur):
    colonnes = []
    with torch.no_grad():
        for k in range(futur.shape[1]):
            w = torch.cat([fenetre, futur[:, :k]], dim=1)[:, -fenetre.shape[1]:]
            colonnes.append(modele(w))
    return torch.stack(colonnes, dim=-1)
