import torch.nn.functional as F
from torch import nn


class BlocResiduel(nn.Module):
    def __init__(self, canaux_entree, canaux_sortie, pas=1, residuel=True):
        super().__init__()
        self.conv1 = nn.Conv2d(canaux_entree, canaux_sortie, 3, stride=pas, padding=1,
                               bias=False)
        self.bn1 = nn.BatchNorm2d(canaux_sortie)
        self.conv2 = nn.Conv2d(canaux_sortie, canaux_sortie, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(canaux_sortie)
        self.projection = None
        if pas != 1 or canaux_entree != canaux_sortie:
            self.projection = nn.Sequential(
                nn.Conv2d(canaux_entree, canaux_sortie, 1, stride=pas, bias=False),
                nn.BatchNorm2d(canaux_sortie))

    def forward(self, x):
        h = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.projection is not None:
            x = self.projection(x)
        return F.relu(h + x)


class MiniResNet8(nn.Module):
    def __init__(self, nb_classes=10, largeur=16, residuel=True):
        super().__init__()
        w = largeur
        self.conv = nn.Conv2d(3, w, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(w)
        self.b1 = BlocResiduel(w, w, 1, residuel)
        self.b2 = BlocResiduel(w, 2 * w, 2, residuel)
        self.b3 = BlocResiduel(2 * w, 4 * w, 2, residuel)
        self.fc = nn.Linear(4 * w, nb_classes)

    def forward(self, x):
        h = F.relu(self.bn(self.conv(x)))
        h = self.b3(self.b2(self.b1(h)))
        return self.fc(h.mean(dim=(2, 3)))


def normes_gradients(modele, x, y):
    modele.zero_grad()
    F.cross_entropy(modele(x), y).backward()
    return [m.weight.grad.norm().item() for m in modele.modules()
            if isinstance(m, (nn.Conv2d, nn.Linear))]

