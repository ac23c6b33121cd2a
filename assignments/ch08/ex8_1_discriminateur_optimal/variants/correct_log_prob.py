"""Log-densités par torch.distributions.Normal : D* = sigmoid(ln p_data − ln p_g), sans jamais
calculer les densités elles-mêmes ; b déduit de D* = 1/2 au milieu des moyennes."""
import torch
from torch.distributions import Normal


def discriminateur_optimal(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
    log_p_data = Normal(mu_data, sigma).log_prob(x)
    log_p_g = Normal(mu_g, sigma).log_prob(x)
    return torch.sigmoid(log_p_data - log_p_g)


def parametres_sigmoide(mu_data, mu_g, sigma):
    a = (mu_data - mu_g) / (sigma * sigma)
    b = -a * (mu_data + mu_g) / 2
    return a, b
