import torch


def pas_sgd_l2(theta, grad, lr, lambda_l2):
    return theta - lr * (grad + lambda_l2 * theta)


def pas_sgd_decroissance(theta, grad, lr, lambda_wd):
    return (1 - lambda_wd) * theta - lr * grad


def lambda_wd_equivalent(lr, lambda_l2):
    return lr * lambda_l2


def contre_exemple(a, c, theta0, lr, lam, k):
    out = {}
    for nom, cls, wd in [("adam", torch.optim.Adam, 0.0), ("adam_l2", torch.optim.Adam, lam),
                         ("adamw", torch.optim.AdamW, lam)]:
        theta = theta0.clone().requires_grad_(True)
        opt = cls([theta], lr=lr, weight_decay=wd)
        for _ in range(k):
            opt.zero_grad()
            (0.5 * (a * (theta - c) ** 2).sum()).backward()
            opt.step()
        out[nom] = theta.detach()
    return out


def pas_adamw(theta, grad, etat, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    b1, b2 = betas
    t = etat["t"] + 1
    m = b1 * etat["m"] + (1 - b1) * grad
    v = b2 * etat["v"] + (1 - b2) * grad ** 2
    m_hat = m / (1 - b1 ** t)
    v_hat = v / (1 - b2 ** t)
    theta = theta * (1 - lr * weight_decay) - lr * m_hat / torch.sqrt(v_hat + eps)
    return theta, {"t": t, "m": m, "v": v}
