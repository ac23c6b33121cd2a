import timeit
from collections import OrderedDict

import numpy as np
import torch
from torch import nn


class ConvSeparable(nn.Sequential):
    """depthwise puis pointwise : un nn.Sequential à deux sous-modules nommés."""

    def __init__(self, c_in, c_out, noyau=3, pas=1, padding=1, biais=True):
        super().__init__(OrderedDict([
            ("depthwise", nn.Conv2d(in_channels=c_in, out_channels=c_in, kernel_size=noyau,
                                    stride=pas, padding=padding, groups=c_in, bias=biais)),
            ("pointwise", nn.Conv2d(in_channels=c_in, out_channels=c_out, kernel_size=(1, 1),
                                    bias=biais)),
        ]))


class PetitCNN(nn.Module):
    def __init__(self, separable, largeur):
        super().__init__()

        def bloc(a, b):
            conv = ConvSeparable(a, b) if separable else nn.Conv2d(a, b, 3, padding=1)
            return nn.Sequential(conv, nn.BatchNorm2d(b), nn.ReLU(inplace=True))

        c = largeur
        self.features = nn.Sequential(bloc(3, c), bloc(c, c), nn.MaxPool2d(2),
                                      bloc(c, 2 * c), bloc(2 * c, 2 * c), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                                        nn.Linear(2 * c, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def creer_cnn(separable=False, largeur=32):
    return PetitCNN(separable=separable, largeur=largeur)


def temps_inference(modele, x, repetitions=10):
    modele.eval()

    @torch.no_grad()
    def mesurer():
        modele(x)  # échauffement, non chronométré
        durees = []
        for _ in range(repetitions):
            t0 = timeit.default_timer()  # c'est time.perf_counter
            modele(x)
            durees.append(timeit.default_timer() - t0)
        return durees

    return float(np.median(mesurer()))
