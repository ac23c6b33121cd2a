"""Patchs par reshape/permute (ordre des nombres d'un patch : ligne, colonne, canal) et
nn.Linear, dans une fonction auxiliaire ; blocs Pre-Norm avec nn.MultiheadAttention
(batch_first=True), appels par mots-clés ; [CLS] initialisé au hasard et répété par repeat ;
positions enregistrées par register_parameter ; perte par log_softmax et nll_loss, pertes par
époque converties par tolist()."""
import torch
import torch.nn.functional as F
from torch import nn


def decouper_en_patchs(images, p):
    """(B, C, H, W) → (B, N, P·P·C), patchs ligne par ligne."""
    b, c, h, w = images.shape
    if h % p != 0 or w % p != 0:
        raise ValueError(f"{h}×{w} n'est pas un multiple de {p}")
    grid = images.permute(0, 2, 3, 1).reshape(b, h // p, p, w // p, p, c)
    return grid.permute(0, 1, 3, 2, 4, 5).reshape(b, (h // p) * (w // p), p * p * c)


class PatchEmbedding(nn.Module):
    def __init__(self, taille_patch=8, canaux=3, d_model=64):
        super().__init__()
        self.p = taille_patch
        self.proj = nn.Linear(in_features=taille_patch ** 2 * canaux, out_features=d_model)

    def forward(self, x):
        return self.proj(decouper_en_patchs(x, self.p))


def feed_forward(d_model, d_ff):
    return nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))


class Block(nn.Module):
    def __init__(self, d_model, n_heads, d_ff):
        super().__init__()
        self.norm_attn = nn.LayerNorm(d_model)
        self.attention = nn.MultiheadAttention(embed_dim=d_model, num_heads=n_heads,
                                               dropout=0.0, batch_first=True)
        self.norm_ffn = nn.LayerNorm(d_model)
        self.mlp = feed_forward(d_model, d_ff)

    def forward(self, x):
        y = self.norm_attn(x)
        attended, _ = self.attention(query=y, key=y, value=y, need_weights=False)
        x = x + attended
        return x + self.mlp(self.norm_ffn(x))


class ViT(nn.Module):
    def __init__(self, taille_image=32, taille_patch=8, canaux=3, d_model=64, n_tetes=4,
                 n_couches=2, d_ff=128, n_classes=10, positions=True):
        super().__init__()
        n = (taille_image // taille_patch) ** 2
        self.embedding = PatchEmbedding(taille_patch=taille_patch, canaux=canaux,
                                        d_model=d_model)
        self.cls = nn.Parameter(torch.randn(1, 1, d_model) * 0.02)
        self.use_positions = positions
        if positions:
            self.register_parameter("positions", nn.Parameter(torch.randn(1, n + 1, d_model)
                                                              * 0.02))
        self.encoder = nn.Sequential(*[Block(d_model, n_tetes, d_ff) for _ in range(n_couches)])
        self.norm = nn.LayerNorm(d_model)
        self.tete = nn.Linear(in_features=d_model, out_features=n_classes)

    def representations(self, x):
        tokens = self.embedding(x)
        tokens = torch.cat((self.cls.repeat(tokens.shape[0], 1, 1), tokens), dim=1)
        if self.use_positions:
            tokens = tokens + self.positions
        return self.norm(self.encoder(tokens))

    def forward(self, x):
        cls_final = self.representations(x)[:, 0]
        return self.tete(cls_final)


def entrainer(modele, images, etiquettes, epoques, taille_lot, lr, generateur):
    opt = torch.optim.Adam(params=modele.parameters(), lr=lr)
    par_epoque = torch.zeros(epoques, dtype=torch.float64)
    for e in range(epoques):
        batches = torch.split(torch.randperm(len(images), generator=generateur), taille_lot)
        for batch in batches:
            log_probs = F.log_softmax(modele(images[batch]), dim=1)
            loss = F.nll_loss(log_probs, etiquettes[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            par_epoque[e] += loss.item() / len(batches)
    return par_epoque.tolist()
