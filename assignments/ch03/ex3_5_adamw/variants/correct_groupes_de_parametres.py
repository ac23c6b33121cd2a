import torch
from torch import nn


def pas_sgd_l2(theta, grad, lr, lambda_l2):
    return theta.add(grad + lambda_l2 * theta, alpha=-lr)


def pas_sgd_decroissance(theta, grad, lr, lambda_wd):
    return theta.mul(1 - lambda_wd).sub(grad, alpha=lr)


def lambda_wd_equivalent(lr, lambda_l2):
    return float(lr) * float(lambda_l2)


def contre_exemple(a, c, theta0, lr, lam, k):
    # one Adam with two parameter groups (plain and L2), one AdamW; gradients set by hand
    p_adam = nn.Parameter(theta0.detach().clone())
    p_l2 = nn.Parameter(theta0.detach().clone())
    p_w = nn.Parameter(theta0.detach().clone())
    adam = torch.optim.Adam([{"params": [p_adam]},
                             {"params": [p_l2], "weight_decay": lam}], lr=lr)
    adamw = torch.optim.AdamW([p_w], lr=lr, weight_decay=lam)
    for _ in range(k):
        for p in (p_adam, p_l2, p_w):
            p.grad = a * (p.detach() - c)
        adam.step()
        adamw.step()
    return {"adam": p_adam.detach().clone(), "adam_l2": p_l2.detach().clone(),
            "adamw": p_w.detach().clone()}


def pas_adamw(theta, grad, etat, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    b1, b2 = betas
    step = etat["t"] + 1
    first = etat["m"].mul(b1).add(grad, alpha=1 - b1)
    second = etat["v"].mul(b2).addcmul(grad, grad, value=1 - b2)
    m_hat = first / (1 - b1 ** step)
    v_hat = second / (1 - b2 ** step)
    update = m_hat / (torch.sqrt(v_hat) + eps)
    new_theta = theta - lr * weight_decay * theta - lr * update
    new_state = {"t": step, "m": first, "v": second}
    return new_theta, new_state
