import torch
from torch import nn


def batch_norm(x, mu, var, gamma, beta, eps):
    """Mon aide : normalise x avec (mu, var) donnés, puis γ x̂ + β (pas F.batch_norm)."""
    x_hat = (x - mu) / torch.sqrt(var + eps)
    return gamma * x_hat + beta, x_hat


class FonctionBatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, gamma, beta, eps):
        mu = x.mean(dim=0)
        var = ((x - mu) ** 2).mean(dim=0)
        y, x_hat = batch_norm(x, mu, var, gamma, beta, eps)
        ctx.save_for_backward(x_hat, gamma, var)
        ctx.eps = eps
        return y

    @staticmethod
    def backward(ctx, delta):
        x_hat, gamma, var = ctx.saved_tensors
        n = delta.shape[0]
        d_gamma = (delta * x_hat).sum(dim=0)
        d_beta = delta.sum(dim=0)
        d_x = gamma / (n * torch.sqrt(var + ctx.eps)) * (n * delta - d_beta - x_hat * d_gamma)
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
        if not self.training:
            y, _ = batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                              self.eps)
            return y
        with torch.no_grad():
            self.running_mean.mul_(1 - self.momentum).add_(self.momentum * x.mean(dim=0))
            self.running_var.mul_(1 - self.momentum).add_(self.momentum * x.var(dim=0))
        return FonctionBatchNorm.apply(x, self.weight, self.bias, self.eps)


def etude_taille_lot(x, tailles, nb_lots, graine=0):
    g = torch.Generator().manual_seed(graine)
    resultats = {}
    for b in tailles:
        moyennes, variances = [], []
        for _ in range(nb_lots):
            lot = x[torch.randperm(x.shape[0], generator=g)[:b]]
            mu = lot.mean(dim=0)
            moyennes.append(mu)
            variances.append(((lot - mu) ** 2).mean(dim=0))
        resultats[b] = {"ecart_type_moyenne": float(torch.stack(moyennes).std(dim=0).mean()),
                        "ecart_type_variance": float(torch.stack(variances).std(dim=0).mean())}
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
