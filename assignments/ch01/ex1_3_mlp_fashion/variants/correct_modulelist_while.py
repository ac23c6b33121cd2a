import torch
import torch.nn.functional as F
from torch import nn


class FashionMLP(nn.Module):
    def __init__(self, activation_module):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(784, 256), nn.Linear(256, 128),
                                     nn.Linear(128, 10)])
        self.activation = activation_module

    def forward(self, x):
        h = torch.flatten(x, 1)
        for layer in self.layers[:-1]:
            h = self.activation(layer(h))
        return self.layers[-1](h)


def creer_mlp(activation):
    match activation:
        case "relu":
            act = nn.ReLU()
        case "leaky_relu":
            act = nn.LeakyReLU(negative_slope=0.01)
        case "gelu":
            act = nn.GELU()
        case _:
            raise ValueError("activation inconnue : " + repr(activation))
    return FashionMLP(act)


def entrainer(modele, X, y, epochs, batch_size, lr):
    opt = torch.optim.Adam(modele.parameters(), lr=lr)
    N = len(X)
    loss_curve, acc_curve = [], []
    for epoch in range(epochs):
        modele.train()
        order = torch.randperm(N)
        start, loss_sum, correct = 0, 0.0, 0
        while start < N:
            batch = order[start:start + batch_size]
            start += batch_size
            opt.zero_grad(set_to_none=True)
            out = modele(X[batch])
            per_example = F.cross_entropy(out, y[batch], reduction="none")
            per_example.mean().backward()
            opt.step()
            loss_sum += per_example.sum().item()
            correct += torch.eq(out.argmax(-1), y[batch]).sum().item()
        loss_curve.append(loss_sum / N)
        acc_curve.append(correct / N)
        print(f"epoch {epoch + 1}/{epochs}: loss {loss_curve[-1]:.4f}, acc {acc_curve[-1]:.3f}")
    return {"perte": loss_curve, "precision": acc_curve}
