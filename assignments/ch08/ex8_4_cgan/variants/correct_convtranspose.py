import torch
from torch import nn


class GenerateurC(nn.Module):
    """DCGAN-style generator: (B, latent + classes, 1, 1) -> (B, 1, 28, 28)."""

    def __init__(self, dim_latente=32, n_classes=10, width=16):
        super().__init__()
        self.dim_latente = dim_latente
        self.n_classes = n_classes
        self.register_buffer("eye", torch.eye(n_classes))
        self.net = nn.Sequential(
            nn.ConvTranspose2d(dim_latente + n_classes, 4 * width, 7, 1, 0, bias=False),
            nn.BatchNorm2d(4 * width),
            nn.ReLU(True),
            nn.ConvTranspose2d(4 * width, 2 * width, 4, 2, 1, bias=False),
            nn.BatchNorm2d(2 * width),
            nn.ReLU(True),
            nn.ConvTranspose2d(2 * width, 1, 4, 2, 1),
            nn.Tanh(),
        )

    def forward(self, z, y):
        onehot = self.eye[y]
        inputs = torch.cat((z, onehot), 1)
        return self.net(inputs[:, :, None, None])


class DiscriminateurC(nn.Module):
    def __init__(self, n_classes=10, width=8):
        super().__init__()
        self.n_classes = n_classes
        self.embedding_label = nn.Embedding(n_classes, 28 * 28)
        self.features = nn.Sequential(
            nn.Conv2d(2, width, 4, 2, 1),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(width, 2 * width, 4, 2, 1, bias=False),
            nn.BatchNorm2d(2 * width),
            nn.LeakyReLU(0.2, inplace=True),
        )
        self.head = nn.Linear(2 * width * 7 * 7, 1)

    def forward(self, x, y):
        label_map = self.embedding_label(y).unflatten(1, (1, 28, 28))
        h = self.features(torch.cat((x, label_map), dim=1))
        return self.head(h.flatten(1)).view(-1)


bce = nn.BCEWithLogitsLoss()


def perte_discriminateur(D, reels, faux, y_reels, y_faux):
    real_logits = D(reels, y_reels)
    fake_logits = D(faux, y_faux)
    return bce(real_logits, torch.ones(len(real_logits))) + \
        bce(fake_logits, torch.zeros(len(fake_logits)))


def perte_generateur(D, faux, y_faux):
    logits = D(faux, y_faux)
    return bce(logits, torch.ones(len(logits)))


def entrainer_cgan(G, D, images, etiquettes, epoques, taille_lot, lr, generateur):
    optimizer_d = torch.optim.Adam(D.parameters(), lr, (0.5, 0.999))
    optimizer_g = torch.optim.Adam(G.parameters(), lr, (0.5, 0.999))
    history_d, history_g = [], []
    for _ in range(epoques):
        order = torch.randperm(images.shape[0], generator=generateur)
        batches = list(torch.split(order, taille_lot))
        losses_d, losses_g = [], []
        for batch in batches:
            n = batch.numel()
            noise = torch.randn(n, G.dim_latente, generator=generateur)
            fake_labels = torch.randint(G.n_classes, (n,), generator=generateur)
            with torch.no_grad():
                fakes = G(noise, fake_labels)
            optimizer_d.zero_grad()
            loss_d = perte_discriminateur(D, images[batch], fakes, etiquettes[batch],
                                          fake_labels)
            loss_d.backward()
            optimizer_d.step()
            optimizer_g.zero_grad()
            loss_g = perte_generateur(D, G(noise, fake_labels), fake_labels)
            loss_g.backward()
            optimizer_g.step()
            losses_d.append(loss_d.item())
            losses_g.append(loss_g.item())
        history_d.append(sum(losses_d) / len(losses_d))
        history_g.append(sum(losses_g) / len(losses_g))
    return history_d, history_g


def echantillons_par_classe(G, n_par_classe, generateur):
    labels = torch.arange(G.n_classes).repeat_interleave(n_par_classe)
    noise = torch.randn(labels.shape[0], G.dim_latente, generator=generateur)
    G.eval()
    with torch.no_grad():
        return G(noise, labels), labels
