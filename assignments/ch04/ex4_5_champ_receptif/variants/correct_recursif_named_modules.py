import torch
import torchvision


def champ_receptif_pas_unitaire(n, k):
    # récurrence de la question 4 : r_1 = k, r_n = r_{n−1} + (k − 1)
    if n == 1:
        return k
    return champ_receptif_pas_unitaire(n - 1, k) + (k - 1)


def champ_receptif(couches, saut=1):
    # récursion sur la liste : la première couche agrandit le champ, puis le reste
    if len(couches) == 0:
        return 1
    (k, s, d), *reste = couches
    return d * (k - 1) * saut + champ_receptif(reste, saut * s)


def _premier(valeur):
    return valeur[0] if isinstance(valeur, tuple) else valeur


def couches_resnet(profondeur=50, dilatation=(False, False, False)):
    options = {"weights": None}
    if profondeur >= 50:
        options["replace_stride_with_dilation"] = list(dilatation)
    modele = getattr(torchvision.models, f"resnet{profondeur}")(**options)
    chemin = []
    for nom, module in modele.named_modules():
        if "downsample" in nom:
            continue
        if isinstance(module, (torch.nn.Conv2d, torch.nn.MaxPool2d)):
            chemin.append((_premier(module.kernel_size), _premier(module.stride),
                           _premier(module.dilation)))
    return chemin


def carte_gradient(modele, x):
    modele.eval()
    entree = x.detach().requires_grad_()

    def y_centre(image):
        sortie = modele(image)
        return sortie[0, :, sortie.shape[-2] // 2, sortie.shape[-1] // 2].sum()

    (g,) = torch.autograd.grad(y_centre(entree), [entree])
    return torch.abs(g).sum(dim=1)[0]


def taille_effective(carte, fraction=0.95):
    """Recherche récursive du plus petit carré centré assez lourd."""
    h, w = carte.shape
    masse = float(torch.sum(carte))

    def cherche(r):
        d = r // 2
        bloc = carte[max(h // 2 - d, 0):h // 2 + d + 1, max(w // 2 - d, 0):w // 2 + d + 1]
        if float(bloc.sum()) >= fraction * masse or (d >= h and d >= w):
            return r
        return cherche(r + 2)

    return int(cherche(1))
