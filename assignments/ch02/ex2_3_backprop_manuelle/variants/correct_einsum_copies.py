import itertools

import torch


def couche(h, W, b):
    return torch.einsum("nj,ij->ni", h, W) + b


def propagation_avant(X, params):
    h = X
    for k in (1, 2):
        h = couche(h, params[f"W{k}"], params[f"b{k}"]).clamp(min=0)
    return couche(h, params["W3"], params["b3"])


def perte_entropie_croisee(logits, y):
    m, _ = logits.max(dim=1)
    lse = m + torch.log(torch.exp(logits - m[:, None]).sum(dim=1))
    return (lse - logits.gather(1, y[:, None]).squeeze(1)).mean()


def retropropagation(X, y, params):
    activations, preacts = [X], []
    h = X
    for k in (1, 2, 3):
        z = couche(h, params[f"W{k}"], params[f"b{k}"])
        preacts.append(z)
        h = z.clamp(min=0) if k < 3 else z
        activations.append(h)
    logits = preacts[-1]
    p = torch.exp(logits - torch.logsumexp(logits, dim=1, keepdim=True))
    delta = p.clone()
    for i, classe in enumerate(y.tolist()):
        delta[i, classe] -= 1.0
    delta /= len(y)
    grads = {}
    for k in (3, 2, 1):
        grads[f"W{k}"] = torch.einsum("ni,nj->ij", delta, activations[k - 1])
        grads[f"b{k}"] = torch.einsum("ni->i", delta)
        if k > 1:
            delta = torch.einsum("ni,ij->nj", delta, params[f"W{k}"])
            delta = torch.where(preacts[k - 2] > 0, delta, torch.zeros_like(delta))
    return grads


def gradient_numerique(f, w, eps=1e-6):
    resultat = torch.empty_like(w)
    for idx in itertools.product(*(range(n) for n in w.shape)):
        e = torch.zeros_like(w)
        e[idx] = eps
        resultat[idx] = (float(f(w + e)) - float(f(w - e))) / (2 * eps)
    return resultat


def erreur_relative(a, b):
    ecart = torch.max(torch.abs(a - b))
    echelle = torch.max(torch.abs(a) + torch.abs(b))
    return float(ecart / max(float(echelle), 1e-10))
