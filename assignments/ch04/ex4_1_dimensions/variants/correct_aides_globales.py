def taille_sortie(n, noyau, pas=1, padding=0, dilatation=1):
    return (n + 2 * padding - dilatation * (noyau - 1) - 1) // pas + 1


def nb_parametres_conv2d(c_in, c_out, noyau, biais=True, groupes=1):
    k_h, k_w = (noyau, noyau) if isinstance(noyau, int) else noyau
    return c_out * (c_in // groupes) * k_h * k_w + (c_out if biais else 0)


# mes propres aides, dans une cellule à part : de l'arithmétique, aucune couche construite
def conv2d(forme, c_out, noyau, pas=1, padding=0):
    c_in, h, w = forme
    return ((c_out, taille_sortie(h, noyau, pas, padding), taille_sortie(w, noyau, pas, padding)),
            nb_parametres_conv2d(c_in, c_out, noyau))


def max_pool2d(forme, noyau, pas):
    c, h, w = forme
    return (c, taille_sortie(h, noyau, pas), taille_sortie(w, noyau, pas)), 0


def dimensions_pile(hauteur=128, largeur=128):
    forme = (3, hauteur, largeur)
    couches = []
    for etape in ("conv1", "pool", "conv2", "conv3"):
        if etape == "conv1":
            forme, n = conv2d(forme, 32, 5, padding=2)
        elif etape == "pool":
            forme, n = max_pool2d(forme, 2, 2)
        elif etape == "conv2":
            forme, n = conv2d(forme, 64, 3, pas=2)
        else:
            forme, n = conv2d(forme, 128, 3, padding=1)
        couches.append((*forme, n))
    couches.append((forme[0], 1, 1, 0))  # moyenne globale
    return couches
