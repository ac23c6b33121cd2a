import numpy as np
import torch


def _np(t):
    return t.detach().cpu().numpy()


def pas_sgd_l2(theta, grad, lr, lambda_l2):
    th = _np(theta)
    return torch.from_numpy(th - lr * (_np(grad) + lambda_l2 * th))


def pas_sgd_decroissance(theta, grad, lr, lambda_wd):
    return torch.from_numpy((1.0 - lambda_wd) * _np(theta) - lr * _np(grad))


def lambda_wd_equivalent(lr, lambda_l2):
    return np.multiply(lr, lambda_l2)  # np.float64, une sous-classe de float


def contre_exemple(a, c, theta0, lr, lam, k):
    resultats = {}
    reglages = [("adam", torch.optim.Adam, 0.0),
                ("adam_l2", torch.optim.Adam, lam),
                ("adamw", torch.optim.AdamW, lam)]
    for nom, classe, coefficient in reglages:
        theta = theta0.clone().requires_grad_()
        optimiseur = classe(params=[theta], lr=lr, betas=(0.9, 0.999), eps=1e-8,
                            weight_decay=coefficient)
        for _ in range(k):
            optimiseur.zero_grad(set_to_none=True)
            perte = torch.sum(a * torch.square(theta - c)) / 2
            perte.backward()
            optimiseur.step()
        resultats[nom] = theta.detach()
    return resultats


def pas_adamw(theta, grad, etat, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    t = etat["t"] + 1
    g = _np(grad)
    m = beta1 * _np(etat["m"]) + (1 - beta1) * g
    v = beta2 * _np(etat["v"]) + (1 - beta2) * g ** 2
    m_chapeau = m / (1 - beta1 ** t)
    v_chapeau = v / (1 - beta2 ** t)
    nouveau = (1 - lr * weight_decay) * _np(theta) - lr * m_chapeau / (np.sqrt(v_chapeau) + eps)
    return torch.from_numpy(nouveau), {"t": t, "m": torch.from_numpy(m), "v": torch.from_numpy(v)}
