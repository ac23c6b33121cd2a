import torch
from torch import nn


class Critique(nn.Sequential):
    """nn.Sequential subclass ending with Flatten(0): (B, 1, 1, 1) → (B,)."""

    def __init__(self, canaux: int = 1, features: int = 16):
        f = features
        super().__init__(
            nn.Conv2d(canaux, f, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(f, 2 * f, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(2 * f, 4 * f, 3, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(4 * f, 1, 4, 1, 0, bias=False), nn.Flatten(0),
        )


def norme_par_exemple(t):
    return torch.linalg.vector_norm(t.reshape(len(t), -1), dim=1)


def penalite_gradient(critique, reels, faux, generateur=None):
    epsilon = torch.rand((len(reels), 1, 1, 1), generator=generateur).type_as(reels)
    interpolees = torch.lerp(faux, reels, epsilon).detach()
    interpolees.requires_grad = True
    (g,) = torch.autograd.grad(critique(interpolees).sum(), [interpolees], create_graph=True)
    return norme_par_exemple(g).sub(1).pow(2).mean()


def pertes_wgan(critique, reels, faux, lam=10.0, generateur=None):
    penalite = penalite_gradient(critique, reels, faux.detach(), generateur)
    perte_generateur = critique(faux).mean().neg()
    perte_critique = lam * penalite + critique(faux.detach()).mean() - critique(reels).mean()
    return perte_critique, perte_generateur


def etape_wgan(G, critique, opt_G, opt_C, lots_reels, dim_latente, n_critique=5, lam=10.0,
               generateur=None):
    pertes = []
    k = 0
    while k < n_critique:
        reels = next(lots_reels)
        faux = G(torch.randn(reels.shape[0], dim_latente, generator=generateur)).detach()
        perte, _ = pertes_wgan(critique, reels, faux, lam, generateur)
        critique.zero_grad()
        perte.backward()
        opt_C.step()
        pertes.append(perte.detach())
        k += 1
    faux = G(torch.randn(reels.shape[0], dim_latente, generator=generateur))
    _, perte_g = pertes_wgan(critique, reels, faux, lam, generateur)
    G.zero_grad()
    perte_g.backward()
    opt_G.step()
    return torch.stack(pertes).mean().item(), perte_g.item()
