import torch
import torch.nn.functional as F


def seuillage_doux(v, seuil):
    # zero exactly inside [-τ, τ], shrink by τ towards 0 outside
    inside = v.abs() <= seuil
    return torch.where(inside, torch.zeros_like(v), v - seuil * torch.sign(v))


def pas_proximal(theta, X, y, lam, alpha, eta):
    # gradient of the smooth part g obtained by autograd on a detached copy
    t = theta.detach().clone().requires_grad_(True)
    n = X.shape[0]
    smooth = F.mse_loss(torch.matmul(X, t), y, reduction="sum") / (2 * n) \
        + lam * (1 - alpha) / 2 * torch.sum(t * t)
    (grad,) = torch.autograd.grad(smooth, t)
    return seuillage_doux(theta.detach() - eta * grad, seuil=eta * lam * alpha)


def entrainer_elastic_net(X, y, lam, alpha, eta, n_iter):
    n, p = X.shape
    theta = torch.zeros(p, dtype=torch.float64, requires_grad=True)
    threshold = eta * lam * alpha
    for _step in range(n_iter):
        loss = F.mse_loss(X @ theta, y, reduction="sum") / (2 * n)
        loss.backward()
        grad = theta.grad
        with torch.no_grad():
            grad.add_(theta, alpha=lam * (1 - alpha))
            theta.sub_(eta * grad)
            theta[:] = seuillage_doux(theta, threshold)
        theta.grad = None
    return theta.detach().clone()


def support(theta):
    return [i for i, value in enumerate(theta) if value != 0]


def comparer_penalites(X, y, lam, alpha_en, eta, n_iter):
    def fit(a):
        return entrainer_elastic_net(X, y, lam=lam, alpha=a, eta=eta, n_iter=n_iter)

    return {"L2": fit(0.0), "ElasticNet": fit(alpha_en), "L1": fit(1.0)}
