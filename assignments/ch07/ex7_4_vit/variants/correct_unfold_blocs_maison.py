"""Patchs par F.unfold puis nn.Linear ; blocs Pre-Norm écrits à la main comme au § 7.8
(attention multi-tête W_q, W_k, W_v, W_o, FFN en nn.Sequential avec GELU) dans un
nn.ModuleList ; noms internes anglais ; entraînement par tranches d'une permutation et
nn.CrossEntropyLoss."""
import math

import torch
import torch.nn.functional as F
from torch import nn


class PatchEmbedding(nn.Module):
    def __init__(self, taille_patch=8, canaux=3, d_model=64):
        super().__init__()
        self.patch_size = taille_patch
        self.linear = nn.Linear(taille_patch * taille_patch * canaux, d_model)

    def forward(self, x):
        height, width = x.shape[-2:]
        if height % self.patch_size or width % self.patch_size:
            raise ValueError("image size must be a multiple of the patch size")
        patches = F.unfold(x, kernel_size=self.patch_size, stride=self.patch_size)
        return self.linear(patches.transpose(1, 2))


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.d_k = d_model // n_heads
        self.n_heads = n_heads
        self.W_q = nn.Linear(d_model, d_model)
        self.W_k = nn.Linear(d_model, d_model)
        self.W_v = nn.Linear(d_model, d_model)
        self.W_o = nn.Linear(d_model, d_model)

    def forward(self, x):
        B, T, D = x.shape
        q = self.W_q(x).view(B, T, self.n_heads, self.d_k).transpose(1, 2)
        k = self.W_k(x).view(B, T, self.n_heads, self.d_k).transpose(1, 2)
        v = self.W_v(x).view(B, T, self.n_heads, self.d_k).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(self.d_k)
        out = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.W_o(out.transpose(1, 2).contiguous().view(B, T, D))


class EncoderBlock(nn.Module):
    def __init__(self, d_model, n_heads, d_ff):
        super().__init__()
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads)
        self.ln2 = nn.LayerNorm(d_model)
        self.ffn = nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.ffn(self.ln2(x))


class ViT(nn.Module):
    def __init__(self, taille_image=32, taille_patch=8, canaux=3, d_model=64, n_tetes=4,
                 n_couches=2, d_ff=128, n_classes=10, positions=True):
        super().__init__()
        num_patches = (taille_image // taille_patch) * (taille_image // taille_patch)
        self.patch_embed = PatchEmbedding(taille_patch=taille_patch, canaux=canaux,
                                          d_model=d_model)
        self.cls = nn.Parameter(torch.zeros(1, 1, d_model))
        if positions:
            self.positions = nn.Parameter(0.02 * torch.randn(1, num_patches + 1, d_model))
        else:
            self.positions = None
        self.blocks = nn.ModuleList([EncoderBlock(d_model, n_tetes, d_ff)
                                     for _ in range(n_couches)])
        self.final_norm = nn.LayerNorm(d_model)
        self.tete = nn.Linear(d_model, n_classes)

    def representations(self, x):
        tokens = self.patch_embed(x)
        cls = self.cls.expand(tokens.size(0), 1, tokens.size(2))
        tokens = torch.cat((cls, tokens), dim=1)
        if self.positions is not None:
            tokens = tokens + self.positions
        for block in self.blocks:
            tokens = block(tokens)
        return self.final_norm(tokens)

    def forward(self, x):
        reps = self.representations(x)
        return self.tete(reps[:, 0, :])


def entrainer(modele, images, etiquettes, epoques, taille_lot, lr, generateur):
    optimizer = torch.optim.Adam(modele.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    n = images.shape[0]
    history = []
    for _ in range(epoques):
        order = torch.randperm(n, generator=generateur)
        batch_losses = []
        for start in range(0, n, taille_lot):
            idx = order[start:start + taille_lot]
            optimizer.zero_grad()
            loss = criterion(modele(images[idx]), etiquettes[idx])
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        history.append(sum(batch_losses) / len(batch_losses))
    return history
