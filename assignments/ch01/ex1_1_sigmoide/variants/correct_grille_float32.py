"""Grille en float32 (le type par défaut de torch.linspace), que l'énoncé autorise : l'abscisse
du maximum n'est exacte qu'à l'arrondi float32 près (~1e-7)."""
import torch


def sigmoide(z):
    return 1 / (1 + torch.exp(-z))


def derivee_sigmoide(z):
    s = sigmoide(z)
    return s * (1 - s)


def maximum_sur_grille(f, a, b, n):
    z = torch.linspace(a, b, n)
    valeurs = f(z)
    i = valeurs.argmax()
    return z[i].item(), valeurs[i].item()
