import torch
from torch import nn


def conv_bn(c_in, c_out, noyau, pas):
    return [nn.Conv2d(c_in, c_out, noyau, stride=pas, padding=noyau // 2, bias=False),
            nn.BatchNorm2d(c_out)]


class BlocResiduel(nn.Module):
    def __init__(self, canaux_entree, canaux_sortie, pas=1, residuel=True):
        super().__init__()
        self.branche = nn.Sequential(*conv_bn(canaux_entree, canaux_sortie, 3, pas), nn.ReLU(),
                                     *conv_bn(canaux_sortie, canaux_sortie, 3, 1))
        meme_forme = pas == 1 and canaux_entree == canaux_sortie
        if not residuel:
            self.raccourci = None
        elif meme_forme:
            self.raccourci = nn.Identity()
        else:
            self.raccourci = nn.Sequential(*conv_bn(canaux_entree, canaux_sortie, 1, pas))
        self.activation = nn.ReLU()

    def forward(self, x):
        somme = self.branche(x)
        if self.raccourci is not None:
            somme = somme + self.raccourci(x)
        return self.activation(somme)


class MiniResNet8(nn.Sequential):
    def __init__(self, nb_classes=10, largeur=16, residuel=True):
        w = largeur
        super().__init__(*conv_bn(3, w, 3, 1), nn.ReLU(),
                         BlocResiduel(w, w, 1, residuel),
                         BlocResiduel(w, 2 * w, 2, residuel),
                         BlocResiduel(2 * w, 4 * w, 2, residuel),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4 * w, nb_classes))


def normes_gradients(modele, x, y):
    for p in modele.parameters():
        p.grad = None
    sortie = modele(x)
    perte = torch.nn.functional.cross_entropy(sortie, y, reduction="sum") / len(y)
    perte.backward()
    return [torch.linalg.vector_norm(m.weight.grad).item()
            for _, m in modele.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
