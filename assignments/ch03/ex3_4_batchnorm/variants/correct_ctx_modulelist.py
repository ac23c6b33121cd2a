import torch
from torch import nn


class FonctionBatchNorm(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, gamma, beta, eps):
        var, mu = torch.var_mean(x, dim=0, correction=0)
        inv_std = torch.rsqrt(var + eps)
        x_hat = (x - mu) * inv_std
        # intermediate tensors kept as attributes of ctx
        ctx.x_hat, ctx.inv_std, ctx.gamma = x_hat, inv_std, gamma
        return torch.addcmul(beta, gamma, x_hat)

    @staticmethod
    def backward(ctx, delta):
        x_hat, inv_std, gamma = ctx.x_hat, ctx.inv_std, ctx.gamma
        dgamma = torch.einsum("nd,nd->d", delta, x_hat)
        dbeta = delta.sum(dim=0)
        # compact formula divided by N: means instead of sums
        dx = gamma * inv_std * (delta - delta.mean(dim=0) - x_hat * (delta * x_hat).mean(dim=0))
        return dx, dgamma, dbeta, None


class BatchNormManuelle(nn.Module):
    def __init__(self, nb_caracteristiques, eps=1e-5, momentum=0.1):
        super().__init__()
        self.eps = eps
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(nb_caracteristiques))
        self.bias = nn.Parameter(torch.zeros(nb_caracteristiques))
        self.register_buffer("running_mean", torch.zeros(nb_caracteristiques))
        self.register_buffer("running_var", torch.ones(nb_caracteristiques))

    def forward(self, x):
        if self.training:
            out = FonctionBatchNorm.apply(x, self.weight, self.bias, self.eps)
            with torch.no_grad():
                m = self.momentum
                # assigning to a registered buffer name keeps it a buffer
                self.running_mean = (1 - m) * self.running_mean + m * x.mean(dim=0)
                self.running_var = (1 - m) * self.running_var + m * torch.var(x, dim=0)
            return out
        scale = self.weight / torch.sqrt(self.running_var + self.eps)
        return (x - self.running_mean) * scale + self.bias


def etude_taille_lot(x, tailles, nb_lots, graine=0):
    g = torch.Generator().manual_seed(graine)
    poids = torch.ones(x.shape[0])
    out = {}
    for B in tailles:
        means, variances = [], []
        for _ in range(nb_lots):
            rows = torch.multinomial(poids, B, replacement=False, generator=g)  # distinct rows
            batch = x[rows]
            v, mu = torch.var_mean(batch, dim=0, correction=0)
            means.append(mu)
            variances.append(v)
        out[B] = {"ecart_type_moyenne": torch.stack(means).std(dim=0).mean().item(),
                  "ecart_type_variance": torch.stack(variances).std(dim=0).mean().item()}
    return out


class MLP(nn.Module):
    def __init__(self, avec_batchnorm=True, cachee=128):
        super().__init__()
        dims = [3 * 32 * 32, cachee, cachee]
        self.linears = nn.ModuleList(
            nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:], strict=True))
        self.norms = nn.ModuleList(
            BatchNormManuelle(cachee) if avec_batchnorm else nn.Identity() for _ in range(2))
        self.head = nn.Linear(cachee, 10)

    def forward(self, images):
        h = images.flatten(start_dim=1)
        for linear, norm in zip(self.linears, self.norms, strict=True):
            h = torch.relu(norm(linear(h)))
        return self.head(h)


def creer_mlp(avec_batchnorm=True, cachee=128):
    return MLP(avec_batchnorm=avec_batchnorm, cachee=cachee)
