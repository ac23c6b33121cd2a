"""σ(z) = exp(−log(1 + e^{−z})) avec log1p, σ′ = σ(z)·σ(−z) (= σ(1 − σ), plus précis près de 1),
et maximum cherché par une boucle Python qui appelle f point par point."""
import torch


def sigmoide(z: torch.Tensor) -> torch.Tensor:
    return torch.exp(-torch.log1p(torch.exp(-z)))


def derivee_sigmoide(z: torch.Tensor) -> torch.Tensor:
    return sigmoide(z) * sigmoide(-z)


def maximum_sur_grille(f, a, b, n):
    best_z, best_value = None, None
    for k in range(n):
        z_k = a + (b - a) * k / (n - 1)
        value = float(f(torch.tensor(z_k, dtype=torch.float64)))
        if best_value is None or value > best_value:
            best_z, best_value = z_k, value
    assert best_z is not None
    return float(best_z), best_value
