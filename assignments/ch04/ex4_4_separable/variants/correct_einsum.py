import math
import time

import torch
import torch.nn.functional as F
from torch import nn


class Poids(nn.Module):
    """Un poids et (éventuellement) un biais, initialisés comme nn.Conv2d."""

    def __init__(self, forme, fan_in, biais):
        super().__init__()
        borne = 1 / math.sqrt(fan_in)
        self.weight = nn.Parameter(torch.empty(forme).uniform_(-borne, borne))
        if biais:
            self.bias = nn.Parameter(torch.empty(forme[0]).uniform_(-borne, borne))
        else:
            self.register_parameter("bias", None)


class ConvSeparable(nn.Module):
    def __init__(self, c_in, c_out, noyau=3, pas=1, padding=1, biais=True):
        super().__init__()
        self.c_in, self.pas, self.padding = c_in, pas, padding
        self.depthwise = Poids((c_in, 1, noyau, noyau), noyau * noyau, biais)
        self.pointwise = Poids((c_out, c_in, 1, 1), c_in, biais)

    def forward(self, x):
        dw, pw = self.depthwise, self.pointwise
        h = F.conv2d(x, dw.weight, dw.bias, stride=self.pas, padding=self.padding,
                     groups=self.c_in)
        y = torch.einsum("oi,bihw->bohw", pw.weight[:, :, 0, 0], h)
        if pw.bias is not None:
            y = y + pw.bias.view(1, -1, 1, 1)
        return y


class CNN(nn.Module):
    def __init__(self, separable, largeur):
        super().__init__()
        canaux = [3, largeur, largeur, 2 * largeur, 2 * largeur]
        blocs = []
        for a, b in zip(canaux[:-1], canaux[1:], strict=True):
            conv = ConvSeparable(a, b) if separable else nn.Conv2d(a, b, 3, padding=1)
            blocs.append(nn.ModuleList([conv, nn.BatchNorm2d(b)]))
        self.blocs = nn.ModuleList(blocs)
        self.tete = nn.Linear(2 * largeur, 10)

    def forward(self, x):
        for i, (conv, norme) in enumerate(self.blocs):
            x = F.relu(norme(conv(x)))
            if i % 2 == 1:
                x = F.max_pool2d(x, 2)
        return self.tete(x.mean(dim=(2, 3)))


def creer_cnn(separable=False, largeur=32):
    return CNN(separable, largeur)


def temps_inference(modele, x, repetitions=10):
    modele.train(False)
    with torch.inference_mode():
        modele(x)
        durees = []
        for _ in range(repetitions):
            debut = time.perf_counter_ns()
            modele(x)
            durees.append((time.perf_counter_ns() - debut) * 1e-9)
    durees.sort()
    milieu = len(durees) // 2
    if len(durees) % 2:
        return durees[milieu]
    return (durees[milieu - 1] + durees[milieu]) / 2
