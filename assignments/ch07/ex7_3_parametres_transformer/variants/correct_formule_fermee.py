from fractions import Fraction

import numpy as np


def parametres_bloc(d_model, d_ff, biais=True):
    b = 1 if biais else 0
    return {
        "attention": 4 * d_model**2 + b * 4 * d_model,
        "ffn": 2 * d_model * d_ff + b * (d_ff + d_model),
        "layernorm": (2 + 2 * b) * d_model,
    }


def parametres_encodeur(L, h, d_model, d_ff, biais=True):
    assert d_model % h == 0, "h doit diviser d_model"
    if biais:
        return L * (4 * d_model**2 + 2 * d_model * d_ff + 9 * d_model + d_ff)
    return L * (4 * d_model**2 + 2 * d_model * d_ff + 2 * d_model)


def compter_parametres(module, entrainables_seulement=True):
    uniques = dict(module.named_parameters())  # named_parameters() removes duplicates
    tailles = [int(np.prod(p.shape)) for p in uniques.values()
               if p.requires_grad or not entrainables_seulement]
    return int(sum(tailles))


n_bert_base = parametres_encodeur(L=12, h=12, d_model=768, d_ff=3072)
part_ffn_bert = float(Fraction(12 * parametres_bloc(768, 3072)["ffn"], n_bert_base))
part_attention_bert = float(Fraction(12 * parametres_bloc(768, 3072)["attention"], n_bert_base))
