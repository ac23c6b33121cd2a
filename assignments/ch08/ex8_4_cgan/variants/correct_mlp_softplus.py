import torch
import torch.nn.functional as F
from torch import nn


def bloc(entree, sortie):
    return [nn.Linear(entree, sortie), nn.BatchNorm1d(sortie), nn.LeakyReLU(0.2)]


class GenerateurC(nn.Module):
    def __init__(self, dim_latente=32, n_classes=10, cachee=64):
        super().__init__()
        self.dim_latente, self.n_classes = dim_latente, n_classes
        self.couches = nn.Sequential(*bloc(dim_latente + n_classes, cachee),
                                     *bloc(cachee, 2 * cachee),
                                     nn.Linear(2 * cachee, 784))

    def forward(self, z, y):
        h = torch.cat([z, F.one_hot(y, num_classes=self.n_classes).float()], dim=-1)
        return torch.tanh(self.couches(h)).reshape(-1, 1, 28, 28)


class DiscriminateurC(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.n_classes = n_classes
        self.embedding_label = nn.Embedding(n_classes, 784)
        self.conv = nn.Conv2d(in_channels=2, out_channels=8, kernel_size=5, stride=2,
                              padding=2)
        self.sortie = nn.Linear(8 * 7 * 7, 1)

    def forward(self, x, y):
        plan = self.embedding_label(y).view(-1, 1, 28, 28)
        h = F.leaky_relu(self.conv(torch.cat([x, plan], dim=1)), 0.2)
        h = F.adaptive_avg_pool2d(h, 7)
        return self.sortie(h.flatten(start_dim=1))[:, 0]


def perte_discriminateur(D, reels, faux, y_reels, y_faux):
    return F.softplus(-D(reels, y_reels)).mean() + F.softplus(D(faux, y_faux)).mean()


def perte_generateur(D, faux, y_faux):
    return F.softplus(-D(faux, y_faux)).mean()


def un_pas(optimiseur, perte):
    optimiseur.zero_grad(set_to_none=True)
    perte.backward()
    optimiseur.step()


def entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr, generateur):
    opt_D = torch.optim.Adam(params=D.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_G = torch.optim.Adam(params=G.parameters(), lr=lr, betas=(0.5, 0.999))
    pertes_d, pertes_g = [], []
    N = len(etiquettes)
    for _ in range(epoques):
        perm = torch.randperm(N, generator=generateur)
        vals_d, vals_g = [], []
        for debut in range(0, N, taille_lot):
            idx = perm[debut:debut + taille_lot]
            z = torch.randn(len(idx), G.dim_latente, generator=generateur)
            y_faux = torch.randint(low=0, high=G.n_classes, size=(len(idx),),
                                   generator=generateur)
            faux = G(z, y_faux)
            ld = perte_discriminateur(D, images[idx], faux.detach(), etiquettes[idx], y_faux)
            un_pas(opt_D, ld)
            lg = perte_generateur(D, faux, y_faux)
            un_pas(opt_G, lg)
            vals_d.append(float(ld))
            vals_g.append(float(lg))
        pertes_d.append(float(torch.tensor(vals_d).mean()))
        pertes_g.append(float(torch.tensor(vals_g).mean()))
    return pertes_d, pertes_g


def echantillons_par_classe(G, n_par_classe, generateur):
    G.eval()
    classes = torch.repeat_interleave(torch.arange(G.n_classes), n_par_classe)
    z = torch.randn((classes.numel(), G.dim_latente), generator=generateur)
    with torch.no_grad():
        images = G(z, classes)
    return images, classes
