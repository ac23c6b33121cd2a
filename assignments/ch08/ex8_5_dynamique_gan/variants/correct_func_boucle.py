import math

import numpy
import torch

NODES = 20


def rule(k, dtype):
    x, w = numpy.polynomial.hermite_e.hermegauss(k)
    return (torch.from_numpy(x).to(dtype),
            torch.from_numpy(w / math.sqrt(2 * math.pi)).to(dtype))


def discriminator(psi, x):
    return torch.sigmoid(psi[0] * x ** 2 + psi[1] * x + psi[2])


def valeur(psi, mu, sigma, K=NODES):
    x, w = rule(K, psi.dtype)
    total = psi.new_zeros(())
    for xk, wk in zip(x, w, strict=True):
        total = total + wk * torch.log(discriminator(psi, xk))
        total = total + wk * torch.log1p(-discriminator(psi, mu + sigma * xk))
    return total


def champ(w):
    g_psi, g_mu, g_sigma = torch.func.grad(valeur, argnums=(0, 1, 2))(w[:3], w[3], w[4])
    return torch.cat([g_psi, (-g_mu).reshape(1), (-g_sigma).reshape(1)])


def jacobienne(w):
    return torch.func.jacfwd(champ)(w)


def valeurs_propres(J):
    eigenvalues, _ = torch.linalg.eig(J)
    ordered = sorted(eigenvalues.tolist(), key=lambda z: (z.real, z.imag))
    return torch.tensor(ordered, dtype=torch.complex128)


def est_attracteur(J, tol=1e-9):
    return all(z.real < -tol for z in valeurs_propres(J).tolist())
