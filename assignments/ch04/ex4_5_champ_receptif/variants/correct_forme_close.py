import math

BLOCS = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3]}


def champ_receptif_pas_unitaire(n, k):
    # chaque couche ajoute k − 1 pixels au pixel de départ
    return 1 + sum(k - 1 for _ in range(n))


def champ_receptif(couches):
    # récurrence arrière : on part d'un pixel de sortie et on remonte vers l'entrée
    r = 1
    for k, s, d in reversed(couches):
        r = s * (r - 1) + d * (k - 1) + 1
    # vérification par la forme close 1 + Σ d(k − 1) Π_{m<ℓ} s_m
    forme_close = 1 + sum(d * (k - 1) * math.prod(s for _, s, _ in couches[:i])
                          for i, (k, _, d) in enumerate(couches))
    assert forme_close == r
    return r


def couches_resnet(profondeur=50, dilatation=(False, False, False)):
    bottleneck = profondeur >= 50
    couches = [(7, 2, 1), (3, 2, 1)]
    dil = 1
    for etage, nb_blocs in enumerate(BLOCS[profondeur]):
        pas = 1 if etage == 0 else 2
        precedente = dil
        if etage > 0 and bottleneck and dilatation[etage - 1]:
            dil, pas = dil * pas, 1
        for b in range(nb_blocs):
            s = pas if b == 0 else 1
            d = precedente if b == 0 else dil
            if bottleneck:
                couches += [(1, 1, 1), (3, s, d), (1, 1, 1)]
            else:
                couches += [(3, s, 1), (3, 1, 1)]
    return couches


def carte_gradient(modele, x):

    modele.train(False)
    x = x.clone().detach()
    x.requires_grad = True
    features = modele(x)
    centre = features[:, :, features.size(2) // 2, features.size(3) // 2]
    centre.sum().backward()
    return x.grad.squeeze(0).abs().sum(0)


def taille_effective(carte, fraction=0.95):
    H, W = carte.shape
    total = carte.sum().item()
    side = 1
    while side < 2 * max(H, W) + 1:
        half = side // 2
        rows = slice(max(0, H // 2 - half), min(H, H // 2 + half + 1))
        cols = slice(max(0, W // 2 - half), min(W, W // 2 + half + 1))
        if carte[rows, cols].sum().item() >= fraction * total:
            break
        side += 2
    return side
