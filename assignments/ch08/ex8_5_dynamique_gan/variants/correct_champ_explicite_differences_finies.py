import math

import numpy as np
import torch


def gauss_hermite(n_nodes, dtype):
    # physicists' rule (weight e^{-t²}) with x = √2 t: the same K-node rule as hermegauss
    t, weights = np.polynomial.hermite.hermgauss(n_nodes)
    nodes = torch.tensor(math.sqrt(2.0) * t, dtype=dtype)
    return nodes, torch.tensor(weights / math.sqrt(math.pi), dtype=dtype)


def logit(params, x):
    return params[0] * x * x + params[1] * x + params[2]


def valeur(params, m, s, n_nodes=20):
    x, wts = gauss_hermite(n_nodes, params.dtype)
    real_term = torch.sum(wts * torch.nn.functional.logsigmoid(logit(params, x)))
    fake_term = torch.sum(wts * torch.nn.functional.logsigmoid(-logit(params, m + s * x)))
    return real_term + fake_term


def features(t):
    return torch.stack([t * t, t, torch.ones_like(t)])


def champ(w):
    # the field derived by hand: d log σ(h)/dh = σ(−h), d log(1 − σ(h))/dh = −σ(h)
    x, wts = gauss_hermite(20, w.dtype)
    y = w[3] + w[4] * x
    up_real = torch.sigmoid(-logit(w, x))
    d_fake = torch.sigmoid(logit(w, y))
    grad_psi = features(x) @ (wts * up_real) - features(y) @ (wts * d_fake)
    slope = 2 * w[0] * y + w[1]
    grad_mu = -torch.sum(wts * d_fake * slope)
    grad_sigma = -torch.sum(wts * d_fake * slope * x)
    return torch.cat([grad_psi, torch.stack([-grad_mu, -grad_sigma])])


def jacobienne(w, h=1e-5):
    columns = []
    for j in range(w.numel()):
        e = torch.zeros_like(w)
        e[j] = h
        columns.append((champ(w + e) - champ(w - e)) / (2 * h))
    return torch.stack(columns, dim=1)


def valeurs_propres(J):
    ev = np.linalg.eigvals(J.detach().cpu().numpy()).astype(complex)
    ev = sorted(ev, key=lambda z: (round(z.real, 9), z.imag))
    return torch.tensor(np.array(ev, dtype=complex), dtype=torch.complex128)


def est_attracteur(J, tol=1e-9):
    return max(z.real for z in valeurs_propres(J).tolist()) < -tol
