import math

import torch


def _formes(d_model, d_ff, biais):
    """The shapes of the tensors of one block, as nn.TransformerEncoderLayer stores them."""
    formes = {
        "attention": [(3 * d_model, d_model), (d_model, d_model)],  # in_proj, out_proj
        "ffn": [(d_ff, d_model), (d_model, d_ff)],
        "layernorm": [(d_model,), (d_model,)],
    }
    if biais:
        formes["attention"] += [(3 * d_model,), (d_model,)]
        formes["ffn"] += [(d_ff,), (d_model,)]
        formes["layernorm"] += [(d_model,), (d_model,)]
    return formes


def parametres_bloc(d_model, d_ff, biais=True):
    return {partie: sum(math.prod(f) for f in formes)
            for partie, formes in _formes(d_model, d_ff, biais).items()}


def parametres_encodeur(L, h, d_model, d_ff, biais=True):
    total = 0
    for _ in range(L):
        total += sum(parametres_bloc(d_model, d_ff, biais=biais).values())
    return total


def compter_parametres(module, entrainables_seulement=True):
    garder = (lambda p: p.requires_grad) if entrainables_seulement else (lambda p: True)
    return sum(map(torch.numel, filter(garder, module.parameters())))


n_bert_base = parametres_encodeur(12, 12, 768, 3072, True)
parts = parametres_bloc(768, 3072)
part_ffn_bert, part_attention_bert = (12 * parts[k] / n_bert_base for k in ("ffn", "attention"))
