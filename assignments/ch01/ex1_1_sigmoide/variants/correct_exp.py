import torch


def sigmoide(z):
    e = torch.exp(-z.abs())
    return torch.where(z >= 0, 1 / (1 + e), e / (1 + e))


def derivee_sigmoide(z):
    e = torch.exp(-z.abs())
    return e / (1 + e) ** 2


def maximum_sur_grille(f, a, b, n):
    grid = torch.linspace(a, b, n, dtype=torch.float64)
    values = f(grid)
    best, where = torch.max(values, dim=0)
    return grid[where].item(), best.item()
