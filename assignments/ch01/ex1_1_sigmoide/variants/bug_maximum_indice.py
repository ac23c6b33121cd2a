import torch


def sigmoide(z):
    return torch.sigmoid(z)


def derivee_sigmoide(z):
    s = torch.sigmoid(z)
    return s * (1 - s)


def maximum_sur_grille(f, a, b, n):
    z = torch.linspace(a, b, n, dtype=torch.float64)
    v = f(z)
    i = int(v.argmax())
    return float(i), float(v[i])
