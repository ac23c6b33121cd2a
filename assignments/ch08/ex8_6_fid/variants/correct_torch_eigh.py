import torch
from torch import nn


def statistiques(features):
    x = torch.as_tensor(features).to(torch.float64)
    mu = x.mean(dim=0)
    centre = x - mu
    return mu, centre.T @ centre / (x.shape[0] - 1)


def racine_symetrique(s):
    valeurs, vecteurs = torch.linalg.eigh(s)
    return (vecteurs * valeurs.clamp_min(0).sqrt()) @ vecteurs.T


def distance_frechet(mean1, cov1, mean2, cov2):
    m1 = torch.as_tensor(mean1, dtype=torch.float64)
    m2 = torch.as_tensor(mean2, dtype=torch.float64)
    s1 = torch.as_tensor(cov1, dtype=torch.float64)
    s2 = torch.as_tensor(cov2, dtype=torch.float64)
    r = racine_symetrique(s1)
    m = r @ s2 @ r  # same eigenvalues as s1 @ s2, but symmetric
    lam = torch.linalg.eigvalsh((m + m.T) / 2).clamp_min(0)
    return float(((m1 - m2) ** 2).sum() + s1.trace() + s2.trace() - 2 * lam.sqrt().sum())


def ExtracteurFeatures(dim=64, graine=0):
    etat = torch.get_rng_state()
    torch.manual_seed(graine)
    modele = nn.Sequential(
        nn.Conv2d(1, 16, kernel_size=3, stride=2, padding=1),
        nn.BatchNorm2d(16),
        nn.ReLU(),
        nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1),
        nn.BatchNorm2d(32),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(1568, dim),
    )
    torch.set_rng_state(etat)
    for p in modele.parameters():
        p.requires_grad = False
    return modele.eval()


def fid(real_images, fake_images, net, batch_size=256):
    def features(x):
        out = []
        with torch.inference_mode():
            for i in range(0, len(x), batch_size):
                out.append(net(x[i:i + batch_size]))
        return torch.cat(out)

    mu_r, s_r = statistiques(features(real_images))
    mu_g, s_g = statistiques(features(fake_images))
    return distance_frechet(mu_r, s_r, mu_g, s_g)
