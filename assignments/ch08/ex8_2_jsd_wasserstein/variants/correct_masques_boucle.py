"""KL par masque (les termes p_i = 0 sont simplement omis), jsd_diracs en appelant jsd sur le
support commun {0, θ} pour chaque élément (boucle Python), W = √(θ²), tri par Tensor.sort et
dérivées par backward puis .grad."""
import math

import torch


def kl(a, b):
    masque = a > 0
    return (a[masque] * (torch.log(a[masque]) - torch.log(b[masque]))).sum()


def jsd(p, q):
    m = 0.5 * (p + q)
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def jsd_diracs(theta):
    valeurs = []
    for t in theta.reshape(-1).tolist():
        if t == 0:  # les deux Diracs coïncident : support {0}
            p = torch.tensor([1.0], dtype=theta.dtype)
            q = torch.tensor([1.0], dtype=theta.dtype)
        else:  # support {0, θ}
            p = torch.tensor([1.0, 0.0], dtype=theta.dtype)
            q = torch.tensor([0.0, 1.0], dtype=theta.dtype)
        valeurs.append(jsd(p, q))
    return torch.stack(valeurs).reshape(theta.shape)


def wasserstein_diracs(theta):
    return torch.sqrt(theta * theta)


def wasserstein_1d(x, y):
    xs, _ = x.sort()
    ys, _ = y.sort()
    return torch.abs(xs - ys).sum() / len(x)


def gradients_theta(theta):
    t = theta.clone().requires_grad_()
    wasserstein_diracs(t).sum().backward()
    d_w = t.grad.clone()
    sortie = jsd_diracs(t).sum()
    if sortie.requires_grad:
        t.grad = None
        sortie.backward()
        d_jsd = t.grad.clone()
    else:
        d_jsd = torch.zeros_like(theta)
    return d_jsd, d_w


print("ln 2 =", math.log(2), "; JSD(δ0‖δ1) =", float(jsd_diracs(torch.tensor(1.0))))
