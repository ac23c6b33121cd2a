"""Variante correcte dont les variables locales portent des noms d'API interdites : `grad` et
`backward` dans la passe arrière, `batch_norm` dans BatchNormManuelle.forward. Ce sont des noms
locaux, pas des appels à autograd ou à F.batch_norm : la variante doit avoir tous les points."""
import torch
import torch.nn.functional as F
from torch import nn


class FonctionBatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, gamma, beta, eps):
        m = x.shape[0]
        mu = x.sum(dim=0) / m
        centre = x - mu
        var = (centre * centre).sum(dim=0) / m
        ctx.save_for_backward(centre, var, gamma)
        ctx.eps = eps
        return gamma * centre / torch.sqrt(var + eps) + beta

    @staticmethod
    def backward(ctx, delta):
        centre, var, gamma = ctx.saved_tensors
        n = delta.shape[0]
        x_hat = centre / torch.sqrt(var + ctx.eps)
        grad = {"gamma": (delta * x_hat).sum(dim=0), "beta": delta.sum(dim=0)}
        backward = gamma / (n * torch.sqrt(var + ctx.eps))   # facteur commun de ∂L/∂x
        grad["x"] = backward * (n * delta - grad["beta"] - x_hat * grad["gamma"])
        return grad["x"], grad["gamma"], grad["beta"], None


class BatchNormManuelle(nn.Module):
    def __init__(self, nb_caracteristiques, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.full((nb_caracteristiques,), 1.0))
        self.bias = nn.Parameter(torch.zeros(nb_caracteristiques))
        self.register_buffer("running_mean", torch.zeros(nb_caracteristiques))
        self.register_buffer("running_var", torch.full((nb_caracteristiques,), 1.0))

    def _mettre_a_jour(self, x):
        with torch.no_grad():
            self.running_mean.lerp_(x.mean(dim=0), self.momentum)
            self.running_var.lerp_(torch.var(x, dim=0, correction=1), self.momentum)

    def forward(self, x):
        if not self.training:
            echelle = self.weight * torch.rsqrt(self.running_var + self.eps)
            return (x - self.running_mean) * echelle + self.bias
        batch_norm = FonctionBatchNorm.apply
        sortie = batch_norm(x, self.weight, self.bias, self.eps)
        self._mettre_a_jour(x)
        return sortie


def etude_taille_lot(x, tailles, nb_lots, graine=0):
    g = torch.Generator().manual_seed(graine)
    n = x.shape[0]
    sortie = {}
    for b in tailles:
        indices = torch.rand(nb_lots, n, generator=g).argsort(dim=1)[:, :b]
        lots = x[indices]                                  # (nb_lots, b, D)
        moyennes = lots.mean(dim=1)
        variances = lots.var(dim=1, unbiased=False)
        sortie[b] = {"ecart_type_moyenne": moyennes.std(dim=0).mean().item(),
                     "ecart_type_variance": variances.std(dim=0).mean().item()}
    return sortie


class MLP(nn.Module):
    def __init__(self, avec_batchnorm, cachee):
        super().__init__()
        self.fc1 = nn.Linear(3072, cachee)
        self.fc2 = nn.Linear(cachee, cachee)
        self.fc3 = nn.Linear(cachee, 10)
        self.bn1 = BatchNormManuelle(cachee) if avec_batchnorm else nn.Identity()
        self.bn2 = BatchNormManuelle(cachee) if avec_batchnorm else nn.Identity()

    def forward(self, x):
        h = F.relu(self.bn1(self.fc1(x.reshape(x.shape[0], -1))))
        h = F.relu(self.bn2(self.fc2(h)))
        return self.fc3(h)


def creer_mlp(avec_batchnorm=True, cachee=128):
    return MLP(avec_batchnorm, cachee)
