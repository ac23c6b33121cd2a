import math

PILE = [("conv", 3, 32, 5, 1, 2), ("pool", 2, 2), ("conv", 32, 64, 3, 2, 0),
        ("conv", 64, 128, 3, 1, 1), ("gap",)]


def taille_sortie(n, noyau, pas=1, padding=0, dilatation=1):
    # une position de départ tous les `pas` pixels, tant que le noyau dilaté tient dans l'entrée
    etendue = dilatation * (noyau - 1) + 1
    return len(range(0, n + 2 * padding - etendue + 1, pas))


def nb_parametres_conv2d(c_in, c_out, noyau, biais=True, groupes=1):
    forme = (noyau, noyau) if isinstance(noyau, int) else tuple(noyau)
    return math.prod((c_out, c_in // groupes, *forme)) + int(biais) * c_out


def dimensions_pile(hauteur=128, largeur=128):
    h, w, c = hauteur, largeur, 3
    resultat = []
    for couche in PILE:
        if couche[0] == "conv":
            _, c_in, c, k, s, p = couche
            h, w = (taille_sortie(t, k, s, p) for t in (h, w))
            n = nb_parametres_conv2d(c_in, c, k)
        elif couche[0] == "pool":
            _, k, s = couche
            h, w = (taille_sortie(t, k, s) for t in (h, w))
            n = 0
        else:
            h = w = 1
            n = 0
        resultat.append((c, h, w, n))
    return resultat
