"""Blocs rangés dans un nn.ModuleList, noms locaux anglais, appels par mots-clés, moyenne
globale par F.adaptive_avg_pool2d, perte par un module nn.CrossEntropyLoss et normes calculées
à la main (racine de la somme des carrés)."""
import math

import torch
import torch.nn.functional as F
from torch import nn


class BlocResiduel(nn.Module):
    def __init__(self, canaux_entree, canaux_sortie, pas=1, residuel=True):
        super().__init__()
        self.use_shortcut = residuel
        self.layers = nn.ModuleList([
            nn.Conv2d(canaux_entree, canaux_sortie, 3, pas, 1, bias=False),
            nn.BatchNorm2d(canaux_sortie),
            nn.Conv2d(canaux_sortie, canaux_sortie, 3, 1, 1, bias=False),
            nn.BatchNorm2d(canaux_sortie),
        ])
        needs_projection = pas != 1 or canaux_entree != canaux_sortie
        if residuel and needs_projection:
            self.proj_conv = nn.Conv2d(canaux_entree, canaux_sortie, 1, stride=pas, bias=False)
            self.proj_bn = nn.BatchNorm2d(canaux_sortie)
        else:
            self.proj_conv = None

    def shortcut(self, x):
        if self.proj_conv is None:
            return x
        return self.proj_bn(self.proj_conv(x))

    def forward(self, x):
        conv1, bn1, conv2, bn2 = self.layers
        out = bn2(conv2(torch.relu(bn1(conv1(x)))))
        if self.use_shortcut:
            out = out + self.shortcut(x)
        return torch.relu(out)


class MiniResNet8(nn.Module):
    def __init__(self, nb_classes=10, largeur=16, residuel=True):
        super().__init__()
        width = largeur
        self.stem_conv = nn.Conv2d(3, width, kernel_size=3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(width)
        specs = [(width, width, 1), (width, 2 * width, 2), (2 * width, 4 * width, 2)]
        self.blocks = nn.ModuleList(
            [BlocResiduel(canaux_entree=c_in, canaux_sortie=c_out, pas=stride, residuel=residuel)
             for c_in, c_out, stride in specs])
        self.fc = nn.Linear(in_features=4 * width, out_features=nb_classes)

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem_conv(x)))
        for block in self.blocks:
            x = block(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


def normes_gradients(modele, x, y):
    modele.zero_grad(set_to_none=True)
    criterion = nn.CrossEntropyLoss()
    loss = criterion(modele(x), y)
    loss.backward()
    norms = []
    for module in modele.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            grad = module.weight.grad
            norms.append(math.sqrt(float((grad * grad).sum())))
    return norms
