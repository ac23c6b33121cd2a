import torch
import torch.nn.functional as F
from torch import nn


class Critique(nn.Module):
    """Explicit layers, activations in forward."""

    def __init__(self, canaux=1, features=16):
        super().__init__()
        self.conv1 = nn.Conv2d(canaux, features, kernel_size=4, stride=2, padding=1, bias=False)
        self.conv2 = nn.Conv2d(features, 2 * features, kernel_size=4, stride=2, padding=1,
                               bias=False)
        self.conv3 = nn.Conv2d(2 * features, 4 * features, kernel_size=3, stride=2, padding=1,
                               bias=False)
        self.out = nn.Conv2d(4 * features, 1, kernel_size=4, bias=False)

    def forward(self, images):
        h = F.leaky_relu(self.conv1(images), negative_slope=0.2)
        h = F.leaky_relu(self.conv2(h), negative_slope=0.2)
        h = F.leaky_relu(self.conv3(h), negative_slope=0.2)
        return self.out(h).view(images.shape[0])


def penalite_gradient(critic, real, fake, generateur=None):
    batch = real.size(0)
    eps = torch.rand(batch, 1, 1, 1, generator=generateur, dtype=real.dtype)
    x_hat = eps * real + (1.0 - eps) * fake
    x_hat.requires_grad_(True)
    scores = critic(x_hat)
    grads = torch.autograd.grad(outputs=scores, inputs=x_hat,
                                grad_outputs=torch.ones_like(scores),
                                create_graph=True, retain_graph=True)[0]
    dims = tuple(range(1, grads.dim()))
    norms = torch.sqrt((grads ** 2).sum(dim=dims))
    return torch.mean((norms - 1.0) ** 2)


def pertes_wgan(critic, real, fake, lam=10.0, generateur=None):
    gp = penalite_gradient(critic, real, fake.detach(), generateur=generateur)
    wasserstein = critic(real).mean() - critic(fake.detach()).mean()
    critic_loss = -wasserstein + lam * gp
    generator_loss = -(critic(fake).mean())
    return critic_loss, generator_loss


def _update(optimizer, loss):
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def etape_wgan(G, critique, opt_G, opt_C, lots_reels, dim_latente, n_critique=5, lam=10.0,
               generateur=None):
    critic_losses = []
    batch = None
    for _ in range(n_critique):
        real = next(lots_reels)
        batch = real.shape[0]
        z = torch.randn(batch, dim_latente, generator=generateur, dtype=real.dtype)
        with torch.no_grad():
            fake = G(z)
        loss_c, _ = pertes_wgan(critique, real, fake, lam=lam, generateur=generateur)
        _update(opt_C, loss_c)
        critic_losses.append(loss_c.item())
    z = torch.randn(batch, dim_latente, generator=generateur)
    loss_g = -critique(G(z)).mean()
    _update(opt_G, loss_g)
    return sum(critic_losses) / len(critic_losses), float(loss_g)
