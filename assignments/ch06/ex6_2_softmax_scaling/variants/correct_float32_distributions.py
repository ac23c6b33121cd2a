import math

import torch


def _standard_normal(shape, generator):
    # float32 draws (torch's default type), converted afterwards: the law is the same
    return torch.randn(*shape, generator=generator).double()


def scores(n, d_k, generateur, echelle=False):
    queries = _standard_normal((n, d_k), generateur)
    keys = _standard_normal((n, d_k), generateur)
    dots = torch.bmm(queries.unsqueeze(1), keys.unsqueeze(2)).reshape(n)
    scale = math.sqrt(d_k) if echelle else 1.0
    return dots / scale


def variance_empirique(x):
    x = x.double()
    centered = x - x.mean()
    return (centered @ centered).item() / (x.numel() - 1)


def variances_scores(dims, n, generateur, echelle=False):
    # torch.tensor of Python floats is float32: converted to float64 afterwards
    values = [variance_empirique(scores(n, d_k, generateur, echelle)) for d_k in dims]
    return torch.tensor(values).double()


def pente_proportionnelle(dims, variances):
    d = torch.tensor(dims, dtype=torch.float64)
    v = torch.as_tensor(variances, dtype=torch.float64)
    return (torch.dot(d, v) / torch.dot(d, d)).item()


def entropie_softmax(z):
    return torch.distributions.Categorical(logits=z).entropy()


def jacobienne_softmax(z):
    p = z.softmax(-1)
    return torch.diag_embed(p) - torch.einsum("...i,...j->...ij", p, p)


def norme_gradient(d_k, m, n_tirages, generateur, echelle=False):
    queries = _standard_normal((n_tirages, d_k), generateur)
    keys = _standard_normal((n_tirages, m, d_k), generateur)
    logits = torch.einsum("td,tmd->tm", queries, keys)
    if echelle:
        logits = logits / math.sqrt(d_k)
    norms = torch.linalg.norm(jacobienne_softmax(logits), dim=(-2, -1))
    return float(norms.sum() / n_tirages)
