import torch.nn.functional as F
from torch import nn


class PlongementPatchs(nn.Module):
    def __init__(self, taille_patch, canaux, dim):
        super().__init__()
        self.p = taille_patch
        self.proj = nn.Linear(canaux * taille_patch * taille_patch, dim)

    def forward(self, x):
        B, C, H, W = x.shape
        p = self.p
        patchs = x.reshape(B, C, H // p, p, W // p, p).permute(0, 2, 4, 1, 3, 5)
        return self.proj(patchs.reshape(B, (H // p) * (W // p), C * p * p))


class MLP(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.fc1 = nn.Linear(d, h)
        self.fc2 = nn.Linear(h, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class MelangeTokens(nn.Module):
    def __init__(self, nb_patchs, dim, dim_tokens):
        super().__init__()
        self.norm = nn.LayerNorm(nb_patchs)
        self.mlp = MLP(nb_patchs, dim_tokens)

    def forward(self, x):
        z = self.norm(x.transpose(1, 2))
        return x + self.mlp(z).transpose(1, 2)


class MelangeCanaux(nn.Module):
    def __init__(self, dim, dim_canaux):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.mlp = MLP(dim, dim_canaux)

    def forward(self, x):
        return x + self.mlp(self.norm(x))


class BlocMixer(nn.Module):
    def __init__(self, nb_patchs, dim, dim_tokens, dim_canaux):
        super().__init__()
        self.tok = MelangeTokens(nb_patchs, dim, dim_tokens)
        self.can = MelangeCanaux(dim, dim_canaux)

    def forward(self, x):
        return self.can(self.tok(x))


class MLPMixer(nn.Module):
    def __init__(self, taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128,
                 taille_image=32, canaux=3, nb_classes=10):
        super().__init__()
        n = (taille_image // taille_patch) ** 2
        self.emb = PlongementPatchs(taille_patch, canaux, dim)
        self.blocs = nn.ModuleList([BlocMixer(n, dim, dim_tokens, dim_canaux)
                                    for _ in range(profondeur)])
        self.norm = nn.LayerNorm(dim)
        self.tete = nn.Linear(dim, nb_classes)

    def forward(self, x):
        h = self.emb(x)
        for bloc in self.blocs:
            h = bloc(h)
        return self.tete(self.norm(h).mean(dim=1))
