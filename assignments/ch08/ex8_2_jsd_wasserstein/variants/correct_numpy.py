"""JSD and the empirical W computed in numpy (masks, np.sort) and converted back to the
input's dtype; jsd_diracs as (θ != 0) · ln 2; derivatives by torch.autograd.grad with
allow_unused and materialize_grads, zeros when the output has no graph at all."""
import math

import numpy as np
import torch


def _kl(a, m):
    terms = np.zeros_like(a)
    nz = a > 0
    terms[nz] = a[nz] * np.log(a[nz] / m[nz])
    return terms.sum()


def jsd(p, q):
    a, b = p.detach().numpy(), q.detach().numpy()
    m = (a + b) / 2
    return torch.tensor(0.5 * (_kl(a, m) + _kl(b, m)), dtype=p.dtype)


def jsd_diracs(theta):
    return (theta != 0).to(theta.dtype) * math.log(2)


def wasserstein_diracs(theta):
    return torch.abs(theta)


def wasserstein_1d(x, y):
    xs = np.sort(x.detach().numpy())
    ys = np.sort(y.detach().numpy())
    return torch.tensor(np.mean(np.abs(xs - ys)), dtype=x.dtype)


def gradients_theta(theta):
    leaf = theta.detach().clone().requires_grad_(True)
    grads = []
    for loss in (jsd_diracs(leaf).sum(), wasserstein_diracs(leaf).sum()):
        if not loss.requires_grad:
            grads.append(torch.zeros_like(theta))
            continue
        (g,) = torch.autograd.grad(loss, leaf, allow_unused=True, materialize_grads=True)
        grads.append(g)
    return grads[0], grads[1]
