import math

import numpy as np


def taille_sortie(n, noyau, pas=1, padding=0, dilatation=1):
    noyau_effectif = dilatation * (noyau - 1) + 1
    return math.floor((n + 2 * padding - noyau_effectif) / pas) + 1


def nb_parametres_conv2d(c_in, c_out, noyau, biais=True, groupes=1):
    noyau = np.broadcast_to(np.asarray(noyau), (2,))
    poids = np.prod([c_out, c_in // groupes, *noyau])  # un entier numpy (np.int64)
    return poids + c_out if biais else poids


COUCHES = [
    {"type": "conv", "c_in": 3, "c_out": 32, "noyau": 5, "pas": 1, "padding": 2},
    {"type": "maxpool", "noyau": 2, "pas": 2},
    {"type": "conv", "c_in": 32, "c_out": 64, "noyau": 3, "pas": 2, "padding": 0},
    {"type": "conv", "c_in": 64, "c_out": 128, "noyau": 3, "pas": 1, "padding": 1},
    {"type": "gap"},
]


def dimensions_pile(hauteur=128, largeur=128):
    canaux, h, w = 3, hauteur, largeur
    sorties = []
    for couche in COUCHES:
        if couche["type"] == "gap":
            h, w, n_params = 1, 1, 0
        else:
            reglages = {"noyau": couche["noyau"], "pas": couche["pas"],
                        "padding": couche.get("padding", 0)}
            h = taille_sortie(h, **reglages)
            w = taille_sortie(w, **reglages)
            n_params = 0
            if couche["type"] == "conv":
                canaux = couche["c_out"]
                n_params = nb_parametres_conv2d(couche["c_in"], couche["c_out"], couche["noyau"])
        sorties.append((canaux, h, w, n_params))
    return sorties
