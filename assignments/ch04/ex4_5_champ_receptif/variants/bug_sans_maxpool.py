import torch
import torchvision


def champ_receptif_pas_unitaire(n, k):
    return n * (k - 1) + 1


def champ_receptif(couches):
    r, j = 1, 1
    for k, s, d in couches:
        r = r + d * (k - 1) * j
        j = j * s
    return r


def couches_resnet(profondeur=50, dilatation=(False, False, False)):
    if profondeur >= 50:
        m = getattr(torchvision.models, f"resnet{profondeur}")(
            weights=None, replace_stride_with_dilation=list(dilatation))
    else:
        m = getattr(torchvision.models, f"resnet{profondeur}")(weights=None)
    out = [(m.conv1.kernel_size[0], m.conv1.stride[0], m.conv1.dilation[0])]
    for layer in [m.layer1, m.layer2, m.layer3, m.layer4]:
        for block in layer:
            for conv in block.children():
                if isinstance(conv, torch.nn.Conv2d):
                    out.append((conv.kernel_size[0], conv.stride[0], conv.dilation[0]))
    return out
