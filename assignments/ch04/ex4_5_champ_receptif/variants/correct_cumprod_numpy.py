import numpy as np
from torch import nn
from torch.nn.modules.utils import _pair
from torchvision.models import resnet18, resnet34, resnet50, resnet101


def champ_receptif_pas_unitaire(n, k):
    return sum([k - 1] * n, 1)


def champ_receptif(couches):
    if not couches:
        return 1
    k, s, d = np.array(couches, dtype=np.int64).T
    sauts = np.concatenate(([1], np.cumprod(s)[:-1]))  # j_{ℓ−1} = produit des pas précédents
    return 1 + np.sum(d * (k - 1) * sauts)  # un entier numpy


RESNETS = {18: resnet18, 34: resnet34, 50: resnet50, 101: resnet101}


def triplet(module):
    return tuple(_pair(getattr(module, attr))[0] for attr in ("kernel_size", "stride", "dilation"))


def couches_resnet(profondeur=50, dilatation=(False, False, False)):
    if profondeur in (50, 101):
        net = RESNETS[profondeur](weights=None, replace_stride_with_dilation=list(dilatation))
    else:
        net = RESNETS[profondeur](weights=None)
    path = [triplet(net.conv1), triplet(net.maxpool)]
    for stage in [net.layer1, net.layer2, net.layer3, net.layer4]:
        for block in stage.children():
            convs = [m for name, m in block.named_children()
                     if isinstance(m, nn.Conv2d) and name.startswith("conv")]
            path.extend(triplet(conv) for conv in convs)
    return path


def carte_gradient(modele, x):

    modele.eval()
    image = x.detach().clone()
    image.requires_grad_(True)
    cartes = modele(image)
    i, j = cartes.shape[2] // 2, cartes.shape[3] // 2
    cartes[0, :, i, j].sum().backward()
    return image.grad[0].abs().sum(dim=0).detach()


def taille_effective(carte, fraction=0.95):
    a = np.asarray(carte.detach().cpu(), dtype=np.float64)
    h, w = a.shape
    cible = fraction * a.sum()
    for r in range(1, 2 * max(h, w) + 2, 2):
        d = r // 2
        if a[max(h // 2 - d, 0):h // 2 + d + 1, max(w // 2 - d, 0):w // 2 + d + 1].sum() >= cible:
            return int(r)
    return int(r)
