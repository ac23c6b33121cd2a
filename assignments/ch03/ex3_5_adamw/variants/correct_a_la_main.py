import math

import torch


def pas_sgd_l2(theta, grad, lr, lambda_l2):
    return (1 - lr * lambda_l2) * theta - lr * grad


def pas_sgd_decroissance(theta, grad, lr, lambda_wd):
    return theta - lambda_wd * theta - lr * grad


def lambda_wd_equivalent(lr, lambda_l2):
    return float(lambda_l2 * lr)


def _adam(a, c, theta0, lr, k, l2=0.0, wd=0.0, b1=0.9, b2=0.999, eps=1e-8):
    theta = theta0.clone()
    m = torch.zeros_like(theta)
    v = torch.zeros_like(theta)
    for t in range(1, k + 1):
        g = a * (theta - c) + l2 * theta
        theta = theta * (1 - lr * wd)
        m = m.mul(b1).add(g, alpha=1 - b1)
        v = v.mul(b2).addcmul(g, g, value=1 - b2)
        pas = lr / (1 - b1 ** t)
        denom = v.sqrt() / math.sqrt(1 - b2 ** t) + eps
        theta = theta - pas * m / denom
    return theta


def contre_exemple(a, c, theta0, lr, lam, k):
    return {"adam": _adam(a, c, theta0, lr, k),
            "adam_l2": _adam(a, c, theta0, lr, k, l2=lam),
            "adamw": _adam(a, c, theta0, lr, k, wd=lam)}


def pas_adamw(theta, grad, etat, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    t = etat["t"] + 1
    m = torch.lerp(etat["m"], grad, 1 - beta1)
    v = beta2 * etat["v"] + (1 - beta2) * grad.square()
    pas = lr / (1 - beta1 ** t)
    denom = v.sqrt() / math.sqrt(1 - beta2 ** t) + eps
    nouveau = theta.mul(1 - lr * weight_decay).addcdiv(m, denom, value=-pas)
    return nouveau, dict(etat, t=t, m=m, v=v)
