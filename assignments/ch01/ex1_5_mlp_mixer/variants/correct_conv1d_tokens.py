from collections import OrderedDict

from torch import nn


class PlongementPatchs(nn.Module):
    def __init__(self, taille_patch, canaux, dim):
        super().__init__()
        self.p = taille_patch
        self.projection = nn.Linear(canaux * taille_patch ** 2, dim)

    def forward(self, x):
        p = self.p
        # Tensor.unfold twice: (B, C, H/p, W/p, p, p)
        tuiles = x.unfold(2, p, p).unfold(3, p, p)
        B, C, nh, nw = tuiles.shape[:4]
        tuiles = tuiles.permute(0, 2, 3, 1, 4, 5).reshape(B, nh * nw, C * p * p)
        return self.projection(tuiles)


class MelangeTokens(nn.Module):
    """A 1×1 Conv1d over (B, N, D) read as (batch, N channels, length D) is a Linear on the
    axis of the N tokens, the same for every one of the D channels: no transposition needed."""

    def __init__(self, nb_patchs, dim, dim_tokens):
        super().__init__()
        self.norme = nn.LayerNorm(dim)
        self.melange = nn.Sequential(OrderedDict([
            ("fc1", nn.Conv1d(nb_patchs, dim_tokens, kernel_size=1)),
            ("gelu", nn.GELU()),
            ("fc2", nn.Conv1d(dim_tokens, nb_patchs, kernel_size=1)),
        ]))

    def forward(self, x):
        return x + self.melange(self.norme(x))


class MelangeCanaux(nn.Module):
    def __init__(self, dim, dim_canaux):
        super().__init__()
        self.norme = nn.LayerNorm(dim)
        self.melange = nn.Sequential(OrderedDict([
            ("fc1", nn.Linear(dim, dim_canaux)),
            ("gelu", nn.GELU(approximate="none")),
            ("fc2", nn.Linear(dim_canaux, dim)),
        ]))

    def forward(self, x):
        return self.melange(self.norme(x)) + x


class BlocMixer(nn.Sequential):
    def __init__(self, nb_patchs, dim, dim_tokens, dim_canaux):
        super().__init__(OrderedDict([
            ("jetons", MelangeTokens(nb_patchs, dim, dim_tokens)),
            ("canaux", MelangeCanaux(dim, dim_canaux)),
        ]))


class MLPMixer(nn.Module):
    def __init__(self, taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128,
                 taille_image=32, canaux=3, nb_classes=10):
        super().__init__()
        n = (taille_image // taille_patch) ** 2
        etapes = [PlongementPatchs(taille_patch, canaux, dim)]
        for _ in range(profondeur):
            etapes.append(BlocMixer(n, dim, dim_tokens, dim_canaux))
        etapes.append(nn.LayerNorm(dim))
        self.tronc = nn.Sequential(*etapes)
        self.register_module("tete", nn.Linear(dim, nb_classes))

    def forward(self, x):
        jetons = self.tronc(x)  # (B, N, D)
        return self.tete(jetons.mean(1))
