import torch
from torch import nn


def mlp_gelu(d_in, d_hidden):
    return nn.Sequential(nn.Linear(d_in, d_hidden), nn.GELU(), nn.Linear(d_hidden, d_in))


class PlongementPatchs(nn.Module):
    def __init__(self, taille_patch, canaux, dim):
        super().__init__()
        self.patch = taille_patch
        self.linear = nn.Linear(in_features=canaux * taille_patch * taille_patch,
                                out_features=dim)

    def forward(self, x):
        B, C, H, W = x.shape
        p = self.patch
        assert H % p == 0 and W % p == 0, "H et W doivent être multiples de la taille de patch"
        x = x.reshape(B, C, H // p, p, W // p, p)
        x = x.permute(0, 2, 4, 1, 3, 5)  # (B, H/p, W/p, C, p, p): grid row by row
        patches = x.reshape(B, (H // p) * (W // p), C * p * p)
        return self.linear(patches)


class MelangeTokens(nn.Module):
    def __init__(self, nb_patchs, dim, dim_tokens):
        super().__init__()
        self.ln = nn.LayerNorm(dim)
        self.token_mlp = mlp_gelu(nb_patchs, dim_tokens)

    def forward(self, x):
        y = self.ln(x).permute(0, 2, 1)  # (B, D, N)
        y = self.token_mlp(y).permute(0, 2, 1)
        return x + y


class MelangeCanaux(nn.Module):
    def __init__(self, dim, dim_canaux):
        super().__init__()
        self.ln = nn.LayerNorm(dim)
        self.channel_mlp = mlp_gelu(dim, dim_canaux)

    def forward(self, x):
        residu = x
        return residu + self.channel_mlp(self.ln(x))


class BlocMixer(nn.Module):
    def __init__(self, nb_patchs, dim, dim_tokens, dim_canaux):
        super().__init__()
        self.etapes = nn.ModuleList([MelangeTokens(nb_patchs, dim, dim_tokens),
                                     MelangeCanaux(dim, dim_canaux)])

    def forward(self, x):
        for etape in self.etapes:
            x = etape(x)
        return x


class MLPMixer(nn.Module):
    def __init__(self, taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128,
                 taille_image=32, canaux=3, nb_classes=10):
        super().__init__()
        cote = taille_image // taille_patch
        self.embed = PlongementPatchs(taille_patch=taille_patch, canaux=canaux, dim=dim)
        self.blocks = nn.ModuleList(
            BlocMixer(nb_patchs=cote * cote, dim=dim, dim_tokens=dim_tokens,
                      dim_canaux=dim_canaux)
            for _ in range(profondeur))
        self.final_norm = nn.LayerNorm(dim)
        self.classifier = nn.Linear(dim, nb_classes)

    def forward(self, images):
        h = self.embed(images)
        for block in self.blocks:
            h = block(h)
        h = self.final_norm(h)
        return self.classifier(torch.mean(h, dim=-2))
