def linear_count(n_in, n_out, with_bias):
    """Weights (and bias) of one n_in → n_out linear map."""
    return n_in * n_out + (n_out if with_bias else 0)


def parametres_bloc(d_model, d_ff, biais=True):
    # the four projections Q, K, V and O, each d_model → d_model
    attention = sum(linear_count(d_model, d_model, biais) for _ in range(4))
    ffn = linear_count(d_model, d_ff, biais) + linear_count(d_ff, d_model, biais)
    norms = 2 * (d_model + (d_model if biais else 0))  # gamma (and beta) of two LayerNorms
    return dict(attention=attention, ffn=ffn, layernorm=norms)


def parametres_encodeur(L, h, d_model, d_ff, biais=True):
    # head by head: each head owns d_k = d_model // h columns of W_Q, W_K and W_V
    d_k = d_model // h
    per_head = 3 * d_model * d_k + (3 * d_k if biais else 0)
    out_proj = linear_count(d_model, d_model, biais)
    bloc = parametres_bloc(d_model, d_ff, biais)
    per_layer = h * per_head + out_proj + bloc["ffn"] + bloc["layernorm"]
    return L * per_layer


def compter_parametres(module, entrainables_seulement=True):
    seen = set()
    total = 0
    for sub in module.modules():
        for p in sub.parameters(recurse=False):
            if id(p) in seen:
                continue
            seen.add(id(p))
            if entrainables_seulement and not p.requires_grad:
                continue
            total += p.numel()
    return total


n_bert_base = parametres_encodeur(12, 12, 768, 3072)
blocs = parametres_bloc(768, 3072)
part_ffn_bert = blocs["ffn"] / sum(blocs.values())
part_attention_bert = float(blocs["attention"]) / sum(blocs.values())
