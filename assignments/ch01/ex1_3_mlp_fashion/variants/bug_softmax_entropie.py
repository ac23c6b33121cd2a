import torch
from torch import nn


def creer_mlp(activation):
    acts = {"relu": nn.ReLU(), "leaky_relu": nn.LeakyReLU(0.01), "gelu": nn.GELU()}
    if activation not in acts:
        raise ValueError(activation)
    act = acts[activation]
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), act,
        nn.Linear(256, 128), act,
        nn.Linear(128, 10),
        nn.Softmax(dim=1),
    )


def entrainer(modele, X, y, epochs, batch_size, lr):
    optimizer = torch.optim.Adam(modele.parameters(), lr=lr)
    criterion = nn.CrossEntropyLoss()
    pertes, precisions = [], []
    for _ in range(epochs):
        perm = torch.randperm(len(y))
        somme, justes = 0.0, 0
        for i in range(0, len(y), batch_size):
            idx = perm[i:i + batch_size]
            probas = torch.softmax(modele(X[idx]), dim=1)
            loss = criterion(probas, y[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            somme += loss.item() * len(idx)
            justes += (probas.argmax(1) == y[idx]).sum().item()
        pertes.append(somme / len(y))
        precisions.append(justes / len(y))
    return {"perte": pertes, "precision": precisions}
