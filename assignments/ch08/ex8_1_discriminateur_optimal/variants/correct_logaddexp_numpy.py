"""Log-densités écrites à la main, constantes comprises, et normalisation par logaddexp :
D* = exp(ln p_data − ln(p_data + p_g)). Paramètres calculés en numpy (np.float64, qui est un
flottant Python)."""
import math

import numpy as np
import torch


def log_gaussienne(x, mu, sigma):
    return -((x - mu) ** 2) / (2 * sigma**2) - math.log(sigma) - 0.5 * math.log(2 * math.pi)


def discriminateur_optimal(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
    lp_data = log_gaussienne(x, mu_data, sigma)
    lp_g = log_gaussienne(x, mu_g, sigma)
    return torch.exp(lp_data - torch.logaddexp(lp_data, lp_g))


def parametres_sigmoide(mu_data, mu_g, sigma):
    mu = np.array([mu_data, mu_g], dtype=np.float64)
    var = np.float64(sigma) ** 2
    a = (mu[0] - mu[1]) / var
    b = (mu[1] ** 2 - mu[0] ** 2) / (2 * var)
    return a, b
