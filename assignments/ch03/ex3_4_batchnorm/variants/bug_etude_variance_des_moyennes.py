"""Étude : écart-type calculé sur les caractéristiques (dim=1) au lieu des lots."""
import torch
from torch import nn


class FonctionBatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, gamma, beta, eps):
        mu = x.mean(dim=0)
        var = ((x - mu) ** 2).mean(dim=0)
        inv_std = 1 / torch.sqrt(var + eps)
        x_hat = (x - mu) * inv_std
        ctx.save_for_backward(x_hat, gamma, inv_std)
        return gamma * x_hat + beta

    @staticmethod
    def backward(ctx, delta):
        x_hat, gamma, inv_std = ctx.saved_tensors
        n = delta.shape[0]
        d_gamma = (delta * x_hat).sum(dim=0)
        d_beta = delta.sum(dim=0)
        d_x = gamma * inv_std / n * (n * delta - d_beta - x_hat * d_gamma)
        return d_x, d_gamma, d_beta, None


class BatchNormManuelle(nn.Module):
    def __init__(self, nb_caracteristiques, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.ones(nb_caracteristiques))
        self.bias = nn.Parameter(torch.zeros(nb_caracteristiques))
        self.register_buffer("running_mean", torch.zeros(nb_caracteristiques))
        self.register_buffer("running_var", torch.ones(nb_caracteristiques))

    def forward(self, x):
        if self.training:
            with torch.no_grad():
                n = x.shape[0]
                mu = x.mean(dim=0)
                var_non_biaisee = ((x - mu) ** 2).sum(dim=0) / (n - 1)
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mu)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * var_non_biaisee)
            return FonctionBatchNorm.apply(x, self.weight, self.bias, self.eps)
        x_hat = (x - self.running_mean) / torch.sqrt(self.running_var + self.eps)
        return self.weight * x_hat + self.bias


def etude_taille_lot(x, tailles, nb_lots, graine=0):
    g = torch.Generator().manual_seed(graine)
    resultats = {}
    for taille in tailles:
        moyennes, variances = [], []
        for _ in range(nb_lots):
            lot = x[torch.randperm(x.shape[0], generator=g)[:taille]]
            mu = lot.mean(dim=0)
            moyennes.append(mu)
            variances.append(((lot - mu) ** 2).mean(dim=0))
        resultats[taille] = {
            "ecart_type_moyenne": float(torch.stack(moyennes).std(dim=1).mean()),
            "ecart_type_variance": float(torch.stack(variances).std(dim=1).mean()),
        }
    return resultats


def creer_mlp(avec_batchnorm=True, cachee=128):
    couches = [nn.Flatten()]
    entree = 3 * 32 * 32
    for _ in range(2):
        couches.append(nn.Linear(entree, cachee))
        if avec_batchnorm:
            couches.append(BatchNormManuelle(cachee))
        couches.append(nn.ReLU())
        entree = cachee
    couches.append(nn.Linear(cachee, 10))
    return nn.Sequential(*couches)
