"""Noms anglais, F.linear et torch.mm, logsumexp et gather pour la perte, one-hot par F.one_hot,
masques ReLU par torch.where, décorateur @torch.no_grad() (permis : ce n'est pas autograd), une
variable locale nommée `grad`, différences finies sur des copies aplaties."""
import torch
import torch.nn.functional as F


def propagation_avant(X, params):
    hidden = X
    for layer in (1, 2):
        hidden = torch.relu(F.linear(hidden, params[f"W{layer}"], params[f"b{layer}"]))
    return F.linear(hidden, params["W3"], params["b3"])


def perte_entropie_croisee(logits, y):
    log_norm = torch.logsumexp(logits, dim=1)
    picked = logits.gather(dim=1, index=y.view(-1, 1)).view(-1)
    return (log_norm - picked).mean()


@torch.no_grad()
def retropropagation(X, y, params):
    W1, b1, W2, b2, W3, b3 = (params[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    z1 = F.linear(X, W1, b1)
    h1 = z1.clamp_min(0)
    z2 = F.linear(h1, W2, b2)
    h2 = z2.clamp_min(0)
    z3 = F.linear(h2, W3, b3)
    batch = X.shape[0]
    onehot = F.one_hot(y, num_classes=z3.shape[1]).to(z3.dtype)
    probs = torch.exp(z3 - torch.logsumexp(z3, dim=1, keepdim=True))
    d3 = (probs - onehot) / batch
    d2 = torch.where(z2 > 0, torch.mm(d3, W3), torch.zeros_like(z2))
    d1 = torch.where(z1 > 0, torch.mm(d2, W2), torch.zeros_like(z1))
    grad = {}
    for name, delta, inp in (("1", d1, X), ("2", d2, h1), ("3", d3, h2)):
        grad["W" + name] = torch.mm(delta.t(), inp)
        grad["b" + name] = delta.sum(0)
    return grad


def gradient_numerique(f, w, eps=1e-6):
    flat = w.reshape(-1)
    grad = torch.empty(flat.numel(), dtype=w.dtype)
    for i in range(flat.numel()):
        up, down = flat.clone(), flat.clone()
        up[i] += eps
        down[i] -= eps
        grad[i] = (float(f(up.reshape(w.shape))) - float(f(down.reshape(w.shape)))) / (2 * eps)
    return grad.reshape(w.shape)


def erreur_relative(a, b):
    num = torch.amax(torch.abs(a - b))
    den = torch.maximum(torch.amax(a.abs() + b.abs()), torch.tensor(1e-10, dtype=num.dtype))
    return (num / den).item()
