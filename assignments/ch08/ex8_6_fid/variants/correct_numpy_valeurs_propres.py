import numpy as np
import torch
from torch import nn


def statistiques(features):
    if isinstance(features, torch.Tensor):
        features = features.detach().cpu().numpy()
    x = features.astype(np.float64)  # a copy: the argument is left alone
    d = x.shape[1]
    mu = np.mean(x, axis=0)
    sigma = np.cov(x.T, ddof=1).reshape(d, d)
    return mu, sigma


def distance_frechet(mu1, sigma1, mu2, sigma2):
    mu1, mu2 = np.asarray(mu1, dtype=float), np.asarray(mu2, dtype=float)
    sigma1, sigma2 = np.asarray(sigma1, dtype=float), np.asarray(sigma2, dtype=float)
    lam = np.linalg.eigvals(sigma1 @ sigma2)  # real and >= 0 up to rounding
    trace_racine = np.sqrt(np.clip(lam.real, 0.0, None)).sum()
    diff = mu1 - mu2
    return float(np.dot(diff, diff) + np.trace(sigma1) + np.trace(sigma2) - 2.0 * trace_racine)


class ExtracteurFeatures(nn.Module):
    """Layers built on the meta device (no draw at all), then filled from a local generator."""

    def __init__(self, dim=64, graine=0):
        super().__init__()
        with torch.device("meta"):
            self.c1 = nn.Conv2d(1, 16, 3, 2, 1)
            self.n1 = nn.BatchNorm2d(16)
            self.c2 = nn.Conv2d(16, 32, 3, 2, 1)
            self.n2 = nn.BatchNorm2d(32)
            self.proj = nn.Linear(32 * 7 * 7, dim)
        self.to_empty(device="cpu")
        g = torch.Generator().manual_seed(graine)
        with torch.no_grad():
            for couche in (self.c1, self.c2, self.proj):
                fan_in = couche.weight[0].numel()
                couche.weight.copy_(torch.randn(couche.weight.shape, generator=g) / fan_in ** 0.5)
                couche.bias.zero_()
            for bn in (self.n1, self.n2):
                bn.reset_parameters()  # weight 1, bias 0, running statistics 0 and 1
        self.requires_grad_(False)
        self.eval()

    def forward(self, images):
        h = torch.relu(self.n1(self.c1(images)))
        h = torch.relu(self.n2(self.c2(h)))
        return self.proj(h.flatten(start_dim=1))


def fid(images_a, images_b, extracteur, taille_lot=256):
    stats = []
    for images in (images_a, images_b):
        morceaux = []
        for debut in range(0, images.shape[0], taille_lot):
            with torch.no_grad():
                morceaux.append(extracteur(images[debut:debut + taille_lot]).numpy())
        stats.append(statistiques(np.concatenate(morceaux)))
    return distance_frechet(*stats[0], *stats[1])
