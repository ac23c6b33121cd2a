import math

import torch


def conditionnelle_ar(p, prefixe):
    log_marginal = torch.log(p)  # −inf where p = 0
    for _ in range(p.dim() - len(prefixe) - 1):
        log_marginal = torch.logsumexp(log_marginal, dim=-1)  # the future summed out
    row = log_marginal[tuple(prefixe)]
    return torch.exp(row - torch.logsumexp(row, dim=0))


def log_vraisemblance_ar(p, x):
    return float(sum(torch.log(conditionnelle_ar(p, x[:t])[x[t]]) for t in range(len(x))))


def conditionnelle_mlm(p, x, positions):
    visibles = [j for j in range(p.dim()) if j not in positions]
    block = p.permute(*visibles, *positions)[tuple(x[j] for j in visibles)]
    flat = torch.log(block.reshape(-1))
    return torch.exp(flat - torch.logsumexp(flat, dim=0)).reshape(block.shape)


def pseudo_log_vraisemblance(p, x):
    terms = [conditionnelle_mlm(p, x, (i,))[x[i]].log().item() for i in range(len(x))]
    return math.fsum(terms)


def objectif_mlm_exact(p, x, k):
    n = len(x)
    total, count = 0.0, 0
    for code in range(2 ** n):
        masked = tuple(i for i in range(n) if code >> i & 1)
        if len(masked) != k:
            continue
        log_joint = torch.log(conditionnelle_mlm(p, x, masked))
        for axis, i in enumerate(masked):
            others = [a for a in range(k) if a != axis]
            log_marginal = torch.logsumexp(log_joint, dim=others) if others else log_joint
            total -= log_marginal[x[i]].item()
        count += 1
    return total / count
