import torch


def seuillage_doux(v, seuil):
    return torch.sign(v) * torch.clamp(torch.abs(v) - seuil, min=0.0)


def pas_proximal(theta, X, y, lam, alpha, eta):
    n = X.shape[0]
    grad = X.T @ (X @ theta - y) / n
    return seuillage_doux(theta - eta * grad, eta * lam * alpha)


def entrainer_elastic_net(X, y, lam, alpha, eta, n_iter):
    n, p = X.shape
    theta = torch.zeros(p, dtype=torch.float64, requires_grad=True)
    for _ in range(n_iter):
        loss = 0.5 * ((X @ theta - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            nouveau = seuillage_doux(theta - eta * theta.grad, eta * lam * alpha)
            theta.copy_(nouveau)
        theta.grad.zero_()
    return theta.detach()


def support(theta):
    return [i for i in range(len(theta)) if theta[i] != 0]


def comparer_penalites(X, y, lam, alpha_en, eta, n_iter):
    return {"L1": entrainer_elastic_net(X, y, lam, 1.0, eta, n_iter),
            "L2": entrainer_elastic_net(X, y, lam, 0.0, eta, n_iter),
            "ElasticNet": entrainer_elastic_net(X, y, lam, alpha_en, eta, n_iter)}
