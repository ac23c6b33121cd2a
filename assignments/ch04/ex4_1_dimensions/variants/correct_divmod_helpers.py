from functools import reduce
from operator import mul


def taille_sortie(n, noyau, pas=1, padding=0, dilatation=1):
    span = dilatation * noyau - dilatation + 1       # size covered by the dilated kernel
    quotient, _reste = divmod(n - span + 2 * padding, pas)
    assert quotient >= 0, "the kernel does not fit in the padded input"
    return quotient + 1


def nb_parametres_conv2d(c_in, c_out, noyau, biais=True, groupes=1):
    kernel = tuple(noyau) if isinstance(noyau, (tuple, list)) else (noyau, noyau)
    weights = reduce(mul, kernel, c_out * (c_in // groupes))
    return weights + c_out * biais


def dimensions_pile(hauteur=128, largeur=128):
    def conv2d(state, c_out, k, s, p):  # my own helper: only arithmetic, nothing is built
        c_in, h, w, _ = state
        return (c_out, taille_sortie(h, k, pas=s, padding=p),
                taille_sortie(w, k, pas=s, padding=p), nb_parametres_conv2d(c_in, c_out, k))

    def max_pool(state, k, s):
        c, h, w, _ = state
        return (c, taille_sortie(h, k, s), taille_sortie(w, k, s), 0)

    state = (3, hauteur, largeur, 0)
    layers = []
    state = conv2d(state, 32, k=5, s=1, p=2)
    layers.append(state)
    state = max_pool(state, k=2, s=2)
    layers.append(state)
    state = conv2d(state, 64, k=3, s=2, p=0)
    layers.append(state)
    state = conv2d(state, 128, k=3, s=1, p=1)
    layers.append(state)
    layers.append((state[0], 1, 1, 0))  # global average pooling
    return layers
