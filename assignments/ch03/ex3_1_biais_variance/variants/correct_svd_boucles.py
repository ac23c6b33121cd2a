import math

import torch


def f_vraie(x):
    return torch.sin(math.pi * x)


def generer_donnees(N, sigma, graine):
    x = torch.tensor([-1 + 2 * i / (N - 1) for i in range(N)], dtype=torch.float64)
    g = torch.Generator().manual_seed(graine)
    noise = torch.randn(N, generator=g, dtype=torch.float64)
    y = torch.sin(math.pi * x) + sigma * noise
    return x, y


def ajuster_polynome(x, y, d):
    # minimum-norm least squares through the thin SVD: θ = V Σ⁻¹ Uᵀ y
    powers = torch.arange(d + 1)
    Phi = x.unsqueeze(1) ** powers
    U, S, Vh = torch.linalg.svd(Phi, full_matrices=False)
    return Vh.T @ ((U.T @ y) / S)


def predire(theta, x):
    powers = torch.arange(len(theta))
    return (theta * x.unsqueeze(-1) ** powers).sum(dim=-1)


def decomposition(predictions, f_eval, sigma):
    K, M = predictions.shape
    mean = predictions.sum(dim=0) / K
    centred = predictions - mean
    bias2 = (mean - f_eval).pow(2).sum() / M
    variance = centred.pow(2).sum() / (K * M)
    total = (f_eval - predictions).pow(2).sum() / (K * M) + sigma * sigma
    print(f"biais² = {bias2:.4g}, variance = {variance:.4g}, totale = {total:.4g}")
    return bias2.item(), variance.item(), total.item()


def simuler(degres, K, N, sigma, x_eval, graine):
    datasets = [generer_donnees(N, sigma, graine + k) for k in range(K)]
    results = {}
    for d in degres:
        P = torch.empty(K, x_eval.numel(), dtype=torch.float64)
        for k in range(K):
            x, y = datasets[k]
            P[k] = predire(ajuster_polynome(x, y, d), x_eval)
        results[int(d)] = decomposition(P, f_vraie(x_eval), sigma)
    return results


def meilleur_degre(resultats):
    best, best_error = None, math.inf
    for d, (_b2, _var, total) in resultats.items():
        if total < best_error:
            best, best_error = d, total
    return best
