import torch


def propagation_avant(X, params):
    z1 = X @ params["W1"].T + params["b1"]
    h1 = torch.relu(z1)
    z2 = h1 @ params["W2"].T + params["b2"]
    h2 = torch.relu(z2)
    return h2 @ params["W3"].T + params["b3"]


def perte_entropie_croisee(logits, y):
    log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_p[torch.arange(len(y)), y].mean()


def retropropagation(X, y, params):
    W1, b1, W2, b2, W3, b3 = (params[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    N = X.shape[0]
    z1 = X @ W1.T + b1
    h1 = torch.relu(z1)
    z2 = h1 @ W2.T + b2
    h2 = torch.relu(z2)
    z3 = h2 @ W3.T + b3
    Y = torch.nn.functional.one_hot(y, z3.shape[1]).to(z3.dtype)
    delta3 = (torch.softmax(z3, dim=1) - Y) / N
    dW3 = delta3.T @ h2
    db3 = delta3.mean(0)
    delta2 = (delta3 @ W3) * (z2 > 0)
    dW2 = delta2.T @ h1
    db2 = delta2.mean(0)
    delta1 = (delta2 @ W2) * (z1 > 0)
    dW1 = delta1.T @ X
    db1 = delta1.mean(0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "W3": dW3, "b3": db3}


def gradient_numerique(f, w, eps=1e-6):
    grad = torch.zeros_like(w)
    for idx in torch.cartesian_prod(*[torch.arange(s) for s in w.shape]).reshape(w.numel(), -1):
        i = tuple(idx.tolist())
        w[i] += eps
        f_plus = float(f(w))
        w[i] -= 2 * eps
        f_moins = float(f(w))
        w[i] += eps
        grad[i] = (f_plus - f_moins) / (2 * eps)
    return grad


def erreur_relative(a, b):
    return ((a - b).abs().max() / torch.clamp((a.abs() + b.abs()).max(), min=1e-10)).item()
