"""Fabriques auxiliaires (conv3x3, conv1x1) et ReLU en place à la torchvision, tête et blocs
dans un nn.Sequential nommé (OrderedDict), moyenne globale par flatten(2).mean(-1), entropie
croisée écrite avec log_softmax et gather, normes par torch.linalg.norm."""
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn


def conv3x3(c_in, c_out, stride=1):
    return nn.Conv2d(c_in, c_out, kernel_size=3, stride=stride, padding=1, bias=False)


def conv1x1(c_in, c_out, stride=1):
    return nn.Conv2d(c_in, c_out, kernel_size=1, stride=stride, bias=False)


class BlocResiduel(nn.Module):
    def __init__(self, canaux_entree, canaux_sortie, pas=1, residuel=True):
        super().__init__()
        self.conv1 = conv3x3(canaux_entree, canaux_sortie, pas)
        self.bn1 = nn.BatchNorm2d(canaux_sortie)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(canaux_sortie, canaux_sortie)
        self.bn2 = nn.BatchNorm2d(canaux_sortie)
        self.residuel = residuel
        self.downsample = None
        if residuel and (pas > 1 or canaux_entree != canaux_sortie):
            self.downsample = nn.Sequential(conv1x1(canaux_entree, canaux_sortie, pas),
                                            nn.BatchNorm2d(canaux_sortie))

    def forward(self, x):
        identite = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        if self.residuel:
            if self.downsample is not None:
                identite = self.downsample(x)
            out += identite
        return self.relu(out)


class MiniResNet8(nn.Module):
    def __init__(self, nb_classes=10, largeur=16, residuel=True):
        super().__init__()
        w = largeur
        self.features = nn.Sequential(OrderedDict([
            ("conv", conv3x3(3, w)),
            ("bn", nn.BatchNorm2d(w)),
            ("relu", nn.ReLU(inplace=True)),
            ("bloc1", BlocResiduel(w, w, pas=1, residuel=residuel)),
            ("bloc2", BlocResiduel(w, 2 * w, pas=2, residuel=residuel)),
            ("bloc3", BlocResiduel(2 * w, 4 * w, pas=2, residuel=residuel)),
        ]))
        self.classifieur = nn.Linear(4 * w, nb_classes)

    def forward(self, x):
        cartes = self.features(x)
        return self.classifieur(cartes.flatten(2).mean(-1))


def normes_gradients(modele, x, y):
    for p in modele.parameters():
        if p.grad is not None:
            p.grad.zero_()
    log_probas = F.log_softmax(modele(x), dim=1)
    perte = -log_probas.gather(1, y.unsqueeze(1)).mean()
    perte.backward()
    couches = [m for m in modele.modules() if isinstance(m, nn.Conv2d | nn.Linear)]
    return [torch.linalg.norm(c.weight.grad).item() for c in couches]
