import statistics
import time

import torch
from torch import nn


class ConvSeparable(nn.Module):
    def __init__(self, c_in, c_out, noyau=3, pas=1, padding=1, biais=True):
        super().__init__()
        self.depthwise = nn.Conv2d(c_in, c_in, noyau, stride=pas, padding=padding,
                                   groups=c_in, bias=biais)
        self.pointwise = nn.Conv2d(c_in, c_out, 1, bias=biais)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))


def creer_cnn(separable=False, largeur=32):
    def bloc(a, b):
        # la première couche n'a que 3 canaux : on la garde standard
        conv = ConvSeparable(a, b) if separable and a > 3 else nn.Conv2d(a, b, 3, padding=1)
        return [conv, nn.BatchNorm2d(b), nn.ReLU()]

    c = largeur
    return nn.Sequential(*bloc(3, c), *bloc(c, c), nn.MaxPool2d(2), *bloc(c, 2 * c),
                         *bloc(2 * c, 2 * c), nn.MaxPool2d(2), nn.AdaptiveAvgPool2d(1),
                         nn.Flatten(), nn.Linear(2 * c, 10))


def temps_inference(modele, x, repetitions=10):
    modele.eval()
    durees = []
    with torch.no_grad():
        modele(x)
        for _ in range(repetitions):
            t0 = time.perf_counter()
            modele(x)
            durees.append(time.perf_counter() - t0)
    return statistics.median(durees)
