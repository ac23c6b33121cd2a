import math

import numpy as np
import torch
from torch import nn


def _run_steps(model, x, t):
    """Step-by-step run; returns the list [h_0, …, h_t] of hidden states, each a tensor of
    shape (1, H) used by the next step (h_0 a leaf): ∂h_t/∂h_k by autograd through it."""
    H = model.hidden_size
    h0 = torch.zeros(1, H, dtype=x.dtype, requires_grad=True)
    is_lstm = isinstance(model, nn.LSTM)
    state = (h0, torch.zeros(1, H, dtype=x.dtype)) if is_lstm else h0
    hs = [h0]
    for j in range(t):
        _, state = model(x[j].unsqueeze(0), state)
        hs.append(state[0] if is_lstm else state)
    return hs


def all_jacobians(model, x, t):
    """[∂h_t/∂h_k for k = 0, …, t], one backward pass per coordinate of h_t."""
    hs = _run_steps(model, x, t)
    H = model.hidden_size
    rows = [[None] * H for _ in range(t + 1)]
    for i in range(H):
        grads = torch.autograd.grad(hs[t][0, i], hs, retain_graph=True, allow_unused=True)
        for k, g in enumerate(grads):
            rows[k][i] = torch.zeros(H, dtype=x.dtype) if g is None else g[0]
    return [torch.stack(r) for r in rows]


def jacobienne_etats(modele, x, t, k):
    if k == t:
        return torch.eye(modele.hidden_size, dtype=x.dtype)
    H = modele.hidden_size
    with torch.no_grad():
        if k == 0:
            state = torch.zeros(1, H, dtype=x.dtype)
            cell = state.clone() if isinstance(modele, nn.LSTM) else None
        else:
            _, last = modele(x[:k])
            state, cell = last if isinstance(modele, nn.LSTM) else (last, None)

    def forward_from(h):
        init = (h.unsqueeze(0), cell) if cell is not None else h.unsqueeze(0)
        out, _ = modele(x[k:t], init)
        return out[t - k - 1]

    return torch.func.jacrev(forward_from)(state[0])


def norme_jacobienne(modele, x, t, k):
    J = jacobienne_etats(modele, x, t, k).detach().numpy()
    return float(np.linalg.norm(J, 2))


def profil_normes(modele, x, t):
    jacobians = all_jacobians(modele, x, t)
    norms = [np.linalg.norm(J.detach().numpy(), 2) for J in reversed(jacobians)]
    return torch.from_numpy(np.array(norms, dtype=np.float64))


def borne_5_7(modele, x, t, k):
    with torch.no_grad():
        states = modele(x[:t])[0].numpy()
        sigma = np.linalg.norm(modele.weight_hh_l0.detach().numpy(), 2)
    gamma = np.max(1.0 - states[k:t] ** 2)
    return float((sigma * gamma) ** (t - k))


def whh_orthogonale(n, generateur):
    a = torch.randn(n, n, generator=generateur, dtype=torch.float64).numpy()
    q, r = np.linalg.qr(a)
    return torch.from_numpy(q * np.sign(np.diag(r)))


def whh_gaussienne(n, gain, generateur):
    w = torch.empty(n, n, dtype=torch.float64)
    return w.normal_(0.0, gain / math.sqrt(n), generator=generateur)
