import torch


def tirer_indices(N, B, graine):
    g = torch.Generator()
    g.manual_seed(graine)
    return torch.multinomial(torch.ones(N), B, replacement=True, generator=g)


def gradient_minibatch(G, indices):
    poids = torch.bincount(indices, minlength=G.shape[0]).to(G.dtype)
    return poids @ G / poids.sum()


def variance_empirique(G, B, n_tirages, graine):
    g = torch.Generator()
    g.manual_seed(graine)
    g_barre = G.sum(0) / G.shape[0]
    total = 0.0
    for _ in range(n_tirages):
        idx = torch.multinomial(torch.ones(G.shape[0]), B, replacement=True, generator=g)
        ecart = gradient_minibatch(G, idx) - g_barre
        total += float(ecart @ ecart)
    return total / n_tirages


def taille_batch_requise(sigma2, epsilon):
    def assez(B):
        return sigma2 / B <= epsilon * epsilon
    haut = 1
    while not assez(haut):
        haut *= 2
    bas = haut // 2  # bas ne suffit pas (ou vaut 0)
    while haut - bas > 1:
        milieu = (bas + haut) // 2
        if assez(milieu):
            haut = milieu
        else:
            bas = milieu
    return haut
