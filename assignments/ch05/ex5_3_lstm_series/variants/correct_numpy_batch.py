import numpy as np
import torch
from torch import nn


def fenetres(series, length=30, horizon=1):
    values = series.numpy()
    windows = np.lib.stride_tricks.sliding_window_view(values, length + horizon)
    windows = torch.from_numpy(windows.copy())
    return windows[:, :length], windows[:, length:]


def ajuster_normalisation(series):
    values = series.numpy().astype(np.float64)
    return float(np.mean(values)), float(np.std(values, ddof=1))


def normaliser(x, mean, std):
    return (x - mean) / std


def denormaliser(z, mean, std):
    return mean + std * z


moyenne, ecart_type = ajuster_normalisation(temp_train)

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU}


class PrevisionRNN(nn.Module):
    def __init__(self, cellule="lstm", taille_cachee=32, nb_couches=2):
        super().__init__()
        self.rnn = CELLS[cellule](1, taille_cachee, nb_couches, batch_first=True)
        self.sortie = nn.Linear(taille_cachee, 1)

    def forward(self, x):
        out = self.rnn(x[..., None])[0]
        return self.sortie(out[:, -1, :])[:, 0]


def layer_params(gates, d, h):
    weights = gates * h * d + gates * h * h
    biases = 2 * gates * h
    return weights + biases


def nombre_parametres(cell, input_size, hidden_size, num_layers):
    gates = {"lstm": 4, "gru": 3}[cell]
    sizes = [input_size] + [hidden_size] * (num_layers - 1)
    return sum(layer_params(gates, d, hidden_size) for d in sizes)


def persistance(window, horizon=7):
    return torch.cat([window[:, -1:]] * horizon, dim=1)


def prevision_autoregressive(model, window, horizon=7):
    w = window
    columns = []
    for _ in range(horizon):
        y = model(w).detach()
        columns.append(y)
        w = torch.roll(w, shifts=-1, dims=1).clone()
        w[:, -1] = y
    return torch.stack(columns, dim=1)


def prevision_teacher_forcing(model, window, future):
    n, t = window.shape
    horizon = future.shape[1]
    known = torch.hstack((window, future))
    all_windows = known.unfold(1, t, 1)[:, :horizon]  # (n, horizon, t)
    with torch.no_grad():
        y = model(all_windows.reshape(n * horizon, t))
    return y.reshape(n, horizon)
