def taille_sortie(n, noyau, pas=1, padding=0, dilatation=1):
    return (n + padding - dilatation * (noyau - 1) - 1) // pas + 1


def nb_parametres_conv2d(c_in, c_out, noyau, biais=True, groupes=1):
    kh, kw = (noyau, noyau) if isinstance(noyau, int) else noyau
    return c_out * (c_in // groupes) * kh * kw + (c_out if biais else 0)


def dimensions_pile(hauteur=128, largeur=128):
    h, w = taille_sortie(hauteur, 5, 1, 2), taille_sortie(largeur, 5, 1, 2)
    out = [(32, h, w, nb_parametres_conv2d(3, 32, 5))]
    h, w = taille_sortie(h, 2, 2), taille_sortie(w, 2, 2)
    out.append((32, h, w, 0))
    h, w = taille_sortie(h, 3, 2), taille_sortie(w, 3, 2)
    out.append((64, h, w, nb_parametres_conv2d(32, 64, 3)))
    h, w = taille_sortie(h, 3, 1, 1), taille_sortie(w, 3, 1, 1)
    out.append((128, h, w, nb_parametres_conv2d(64, 128, 3)))
    out.append((128, 1, 1, 0))
    return out
