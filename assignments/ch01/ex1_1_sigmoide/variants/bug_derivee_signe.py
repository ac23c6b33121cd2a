import torch


def sigmoide(z):
    return 1 / (1 + torch.exp(-z))


def derivee_sigmoide(z):
    s = sigmoide(z)
    return s * (1 + s)


def maximum_sur_grille(f, a, b, n):
    z = torch.linspace(a, b, n, dtype=torch.float64)
    v = f(z)
    i = int(v.argmax())
    return float(z[i]), float(v[i])
