from collections import OrderedDict

import numpy as np
import torch
from torch import nn


class FonctionBatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, gamma, beta, eps):
        moyenne = x.mean(0, keepdim=True)
        variance = x.var(0, unbiased=False, keepdim=True)
        ctx.save_for_backward(x, gamma)  # la passe arrière recalcule x̂
        ctx.eps = eps
        return gamma * (x - moyenne) / (variance + eps).sqrt() + beta

    @staticmethod
    def backward(ctx, grad_output):
        x, gamma = ctx.saved_tensors
        N = x.shape[0]
        moyenne = x.mean(0, keepdim=True)
        inv_ecart = 1.0 / (x.var(0, unbiased=False, keepdim=True) + ctx.eps).sqrt()
        x_hat = (x - moyenne) * inv_ecart
        somme_delta = grad_output.sum(0, keepdim=True)
        somme_delta_xhat = (grad_output * x_hat).sum(0, keepdim=True)
        grad_x = gamma * inv_ecart / N * (N * grad_output - somme_delta - x_hat * somme_delta_xhat)
        return grad_x, somme_delta_xhat.squeeze(0), somme_delta.squeeze(0), None


class BatchNormManuelle(nn.Module):
    def __init__(self, nb_caracteristiques, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps, self.momentum = eps, momentum
        self.weight = nn.Parameter(torch.empty(nb_caracteristiques))
        self.bias = nn.Parameter(torch.empty(nb_caracteristiques))
        nn.init.ones_(self.weight)
        nn.init.zeros_(self.bias)
        self.register_buffer("running_mean", torch.zeros(nb_caracteristiques))
        self.register_buffer("running_var", torch.ones(nb_caracteristiques))

    def forward(self, x):
        if not self.training:
            x_hat = (x - self.running_mean) / torch.sqrt(self.running_var + self.eps)
            return self.weight * x_hat + self.bias
        y = FonctionBatchNorm.apply(x, self.weight, self.bias, self.eps)
        with torch.no_grad():
            self.running_mean.copy_(torch.lerp(self.running_mean, x.mean(0), self.momentum))
            self.running_var.copy_(torch.lerp(self.running_var, x.var(0, unbiased=True),
                                              self.momentum))
        return y


def etude_taille_lot(x, tailles, nb_lots, graine=0):
    g = torch.Generator().manual_seed(graine)
    N = x.shape[0]
    resultats = {}
    for B in tailles:
        indices = torch.stack([torch.randperm(N, generator=g)[:B] for _ in range(nb_lots)])
        lots = x[indices].double().numpy()              # (nb_lots, B, D)
        moyennes = lots.mean(axis=1)
        variances = lots.var(axis=1)                    # biaisée (ddof = 0)
        resultats[B] = {
            "ecart_type_moyenne": float(np.std(moyennes, axis=0, ddof=1).mean()),
            "ecart_type_variance": float(np.std(variances, axis=0, ddof=1).mean()),
        }
    return resultats


def creer_mlp(avec_batchnorm=True, cachee=128):
    couches = OrderedDict(aplatir=nn.Flatten(), lin1=nn.Linear(3072, cachee))
    if avec_batchnorm:
        couches["bn1"] = BatchNormManuelle(cachee)
    couches["relu1"] = nn.ReLU()
    couches["lin2"] = nn.Linear(cachee, cachee)
    if avec_batchnorm:
        couches["bn2"] = BatchNormManuelle(cachee)
    couches["relu2"] = nn.ReLU()
    couches["sortie"] = nn.Linear(cachee, 10)
    return nn.Sequential(couches)
