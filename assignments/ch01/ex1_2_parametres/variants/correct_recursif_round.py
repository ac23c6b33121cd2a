from torch import nn


def params_couche(fan_in, fan_out):
    # weights W (fan_out x fan_in) plus one bias per output unit
    return fan_out * (fan_in + 1)


def nombre_parametres(largeurs):
    assert len(largeurs) >= 2, "il faut au moins deux largeurs"
    if len(largeurs) == 2:
        return params_couche(largeurs[0], largeurs[1])
    return params_couche(largeurs[0], largeurs[1]) + nombre_parametres(largeurs[1:])


def construire_mlp(largeurs):
    model = nn.Sequential()
    for idx in range(len(largeurs) - 1):
        if idx:
            model.append(nn.ReLU())
        model.append(nn.Linear(in_features=largeurs[idx], out_features=largeurs[idx + 1]))
    return model


n_profond = nombre_parametres([1024, 512, 256, 128, 10])
n_large = nombre_parametres([1024, 2048, 10])
print("deep:", n_profond, "wide:", n_large, "ratio:", round(n_large / n_profond, 2))


def largeur_equivalente(n_entree, n_sortie, budget):
    # count(h) = h * (n_entree + 1) + n_sortie * (h + 1) is linear in h, so the nearest
    # integer to the real solution gives the nearest count
    slope = n_entree + 1 + n_sortie
    h = round((budget - n_sortie) / slope)
    return max(h, 1)
