import numpy as np
import torch
from scipy import linalg
from torch import nn


def statistiques(features):
    feats = torch.as_tensor(features).double().numpy()
    return np.mean(feats, axis=0), np.atleast_2d(np.cov(feats, rowvar=False))


def distance_frechet(mu1, sigma1, mu2, sigma2):
    """As pytorch-fid: sqrtm of the product, real part when the imaginary one is negligible."""
    diff = np.atleast_1d(mu1) - np.atleast_1d(mu2)
    covmean = linalg.sqrtm(np.atleast_2d(sigma1).dot(np.atleast_2d(sigma2)))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    tr_covmean = np.trace(covmean)
    return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean)


class ExtracteurFeatures(nn.Module):
    def __init__(self, dim=64, graine=0):
        super().__init__()
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(graine)
            self.features = nn.Sequential(
                nn.Conv2d(1, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
                nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU())
            self.head = nn.Linear(32 * 7 * 7, dim)
        for p in self.parameters():
            p.requires_grad_(False)
        self.train(False)

    def forward(self, x):
        return self.head(torch.flatten(self.features(x), 1))


def get_activations(images, model, batch_size):
    acts = []
    with torch.no_grad():
        for batch in torch.split(images, batch_size):
            acts.append(model(batch).cpu().numpy())
    return np.concatenate(acts, axis=0)


def fid(images_a, images_b, extracteur, taille_lot=256):
    m1, s1 = statistiques(get_activations(images_a, extracteur, taille_lot))
    m2, s2 = statistiques(get_activations(images_b, extracteur, taille_lot))
    return distance_frechet(m1, s1, m2, s2)
