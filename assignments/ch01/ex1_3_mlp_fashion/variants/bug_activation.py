import torch
from torch import nn


def creer_mlp(activation):
    if activation == "relu" or activation == "leaky_relu":
        act = nn.ReLU
    elif activation == "gelu":
        def act():
            return nn.GELU(approximate="tanh")
    else:
        raise ValueError(activation)
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), act(), nn.Linear(256, 128), act(),
                         nn.Linear(128, 10))


def entrainer(modele, X, y, epochs, batch_size, lr):
    optimizer = torch.optim.Adam(modele.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    hist = {"perte": [], "precision": []}
    modele.train()
    for _ in range(epochs):
        total, correct = 0.0, 0
        for idx in torch.randperm(len(y)).split(batch_size):
            out = modele(X[idx])
            loss = loss_fn(out, y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == y[idx]).sum().item()
        hist["perte"].append(total / len(y))
        hist["precision"].append(correct / len(y))
    return hist
