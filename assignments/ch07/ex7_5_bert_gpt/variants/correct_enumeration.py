import itertools
import math

import torch


def _all_sequences(p):
    """Every sequence of the support's grid, in the order of p.reshape(-1)."""
    return itertools.product(range(p.shape[0]), repeat=p.dim())


def conditionnelle_ar(p, prefixe):
    i = len(prefixe)
    weights = torch.zeros(p.shape[0], dtype=p.dtype)
    for seq in _all_sequences(p):
        if seq[:i] == tuple(prefixe):
            weights[seq[i]] += p[seq]
    return weights / weights.sum()


def log_vraisemblance_ar(p, x):
    log_likelihood = 0.0
    for position, token in enumerate(x):
        prob = conditionnelle_ar(p, tuple(x[:position]))[token].item()
        log_likelihood = log_likelihood + math.log(prob)
    return log_likelihood


def conditionnelle_mlm(p, x, positions):
    masked = list(positions)
    out = torch.zeros((p.shape[0],) * len(masked), dtype=p.dtype)
    for seq in _all_sequences(p):
        if all(seq[j] == x[j] for j in range(len(x)) if j not in masked):
            out[tuple(seq[m] for m in masked)] += p[seq]
    return out / out.sum()


def pseudo_log_vraisemblance(p, x):
    total = 0.0
    for i in range(len(x)):
        total += math.log(float(conditionnelle_mlm(p, x, positions=(i,))[x[i]]))
    return total


def objectif_mlm_exact(p, x, k):
    n = len(x)
    losses = []
    for masked in itertools.combinations(range(n), k):
        joint = conditionnelle_mlm(p, x, masked)
        loss = 0.0
        for axis, i in enumerate(masked):
            # marginal of one masked token: its axis first, the others flattened and summed
            marginal = joint.movedim(axis, 0).reshape(joint.shape[axis], -1).sum(dim=1)
            loss -= math.log(float(marginal[x[i]]))
        losses.append(loss)
    return sum(losses) / math.comb(n, k)
