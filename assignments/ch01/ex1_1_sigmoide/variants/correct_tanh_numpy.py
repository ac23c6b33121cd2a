"""σ par l'identité σ(z) = (1 + tanh(z/2))/2 (stable : tanh ne déborde pas), σ′ développée en
s − s², et grille construite en numpy puis convertie pour f."""
import numpy as np
import torch


def sigmoide(z):
    return 0.5 * (1 + torch.tanh(0.5 * z))


def derivee_sigmoide(z):
    s = sigmoide(z)
    return s - s * s


def maximum_sur_grille(f, a, b, n):
    grille = np.linspace(a, b, n)
    valeurs = f(torch.from_numpy(grille))
    k = int(np.argmax(np.asarray(valeurs)))
    print("indice du maximum :", k)
    return float(grille[k]), float(valeurs[k])
