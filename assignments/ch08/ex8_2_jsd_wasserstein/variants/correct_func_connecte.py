"""English names; xlogy against a guarded mixture; a Dirac JSD that stays connected to θ in
the graph (ln 2 · 1[θ ≠ 0] + 0 · θ), so autograd returns its zero derivative by itself; |θ| by
torch.where; the empirical W as an L1 norm; derivatives by torch.func.grad."""
import math

import torch


def _kl_to_mixture(a, mixture):
    safe = torch.where(mixture > 0, mixture, torch.ones_like(mixture))
    return torch.special.xlogy(a, a / safe).sum()


def jsd(p, q):
    mixture = (p + q) / 2
    return (_kl_to_mixture(p, mixture) + _kl_to_mixture(q, mixture)) / 2


def jsd_diracs(theta):
    distinct = (theta != 0).to(theta.dtype)
    return math.log(2) * distinct + 0 * theta


def wasserstein_diracs(theta):
    return torch.where(theta >= 0, theta, -theta)


def wasserstein_1d(x, y):
    gaps = torch.sort(x)[0] - torch.sort(y)[0]
    return torch.linalg.vector_norm(gaps, ord=1) / x.numel()


def gradients_theta(theta):
    theta = theta.detach()
    d_jsd = torch.func.grad(lambda t: jsd_diracs(t).sum())(theta)
    d_w = torch.func.grad(lambda t: wasserstein_diracs(t).sum())(theta)
    return d_jsd, d_w
