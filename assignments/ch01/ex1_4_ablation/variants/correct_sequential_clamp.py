import torch
from torch import nn


class ReseauDense(nn.Module):
    def __init__(self, profondeur, largeur):
        super().__init__()
        self.corps = nn.Sequential()
        fan_in = 784
        for k in range(profondeur):
            self.corps.add_module(f"lin{k}", nn.Linear(fan_in, largeur))
            self.corps.add_module(f"relu{k}", nn.ReLU())
            fan_in = largeur
        self.tete = nn.Linear(fan_in, 10)

    def forward(self, images):
        x = torch.flatten(images, start_dim=1)
        return self.tete(self.corps(x))


def creer_mlp(profondeur, largeur):
    return ReseauDense(profondeur, largeur)


def compter(modele):
    return sum(p.numel() for p in modele.parameters() if p.requires_grad)


def table_parametres(profondeurs, largeurs):
    return torch.tensor([[compter(creer_mlp(p, w)) for w in largeurs] for p in profondeurs])


def grille_ablation(fabrique, profondeurs, largeurs, entrainer):
    lignes = []
    for p in profondeurs:
        ligne = []
        for w in largeurs:
            acc = entrainer(fabrique(p, w))
            print(f"profondeur {p}, largeur {w} : précision {float(acc):.3f}")
            ligne.append(float(acc))
        lignes.append(ligne)
    return torch.tensor(lignes, dtype=torch.float32)


def meilleure_configuration(precisions, profondeurs, largeurs):
    t = torch.as_tensor(precisions)
    best, where = None, None
    for i in range(t.shape[0]):
        for j in range(t.shape[1]):
            if best is None or t[i, j] > best:  # strict: the first maximum is kept
                best, where = t[i, j], (i, j)
    i, j = where
    return profondeurs[i], largeurs[j], best.item()


def normaliser(precisions):
    t = torch.as_tensor(precisions).double()
    mn, mx = torch.aminmax(t)
    return (t - mn) / (mx - mn).clamp(min=torch.finfo(t.dtype).tiny)
