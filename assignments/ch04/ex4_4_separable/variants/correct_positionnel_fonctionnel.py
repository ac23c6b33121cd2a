import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


class ConvSeparable(nn.Module):
    def __init__(self, c_in, c_out, noyau=3, pas=1, padding=1, biais=True):
        super().__init__()
        # arguments positionnels de nn.Conv2d : in, out, kernel, stride, padding, dilation,
        # groups, bias
        self.depthwise = nn.Conv2d(c_in, c_in, noyau, pas, padding, 1, c_in, biais)
        self.pointwise = nn.Conv2d(c_in, c_out, 1, 1, 0, 1, 1, biais)

    def forward(self, x):
        dw, pw = self.depthwise, self.pointwise
        h = F.conv2d(x, dw.weight, dw.bias, dw.stride, dw.padding, dw.dilation, dw.groups)
        return F.conv2d(h, pw.weight, pw.bias)


def creer_cnn(separable=False, largeur=32):
    c = largeur
    plan = [(3, c), (c, c), "pool", (c, 2 * c), (2 * c, 2 * c), "pool"]
    modele = nn.Sequential()
    numero = 0
    for etape in plan:
        if etape == "pool":
            modele.add_module(f"pool{numero}", nn.MaxPool2d(kernel_size=2))
            continue
        numero += 1
        a, b = etape
        conv = ConvSeparable(a, b) if separable else nn.Conv2d(a, b, kernel_size=3, padding=1)
        modele.add_module(f"conv{numero}", conv)
        modele.add_module(f"bn{numero}", nn.BatchNorm2d(b))
        modele.add_module(f"relu{numero}", nn.ReLU())
    modele.add_module("gap", nn.AdaptiveAvgPool2d(output_size=1))
    modele.add_module("aplatir", nn.Flatten())
    modele.add_module("sortie", nn.Linear(2 * c, 10))
    return modele


def temps_inference(modele, x, repetitions=10):
    modele.eval()
    with torch.no_grad():
        _ = modele(x)

        def chrono():
            debut = time.perf_counter()
            modele(x)
            return time.perf_counter() - debut

        durees = [chrono() for _ in range(repetitions)]
    return np.percentile(durees, 50)  # la médiane, en secondes (np.float64)
