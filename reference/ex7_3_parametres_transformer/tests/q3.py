from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 2

@test_case(points=None, hidden=False)
def test_bert_base_ordre_de_grandeur(n_bert_base, part_ffn_bert, part_attention_bert):
    from autograder import checks as C
    C.require(n_bert_base, 'n_bert_base', kind='variable')
    C.expect_in_range(C.as_number(n_bert_base, 'n_bert_base'), 84000000.0, 86000000.0, name='n_bert_base', hint='le cours annonce environ 85 millions de paramètres hors embeddings.')
    for nom, valeur in (('part_ffn_bert', part_ffn_bert), ('part_attention_bert', part_attention_bert)):
        C.require(valeur, nom, kind='variable')
        C.expect_in_range(C.as_number(valeur, nom), 0.0, 1.0, name=nom, hint='une fraction du total, pas un pourcentage.')

@test_case(points=None, hidden=True)
def test_bert_base_exact(n_bert_base):
    from torch import nn
    from autograder import checks as C

    def encodeur_de_reference(L, h, d_model, d_ff, biais):
        """L'encodeur de l'énoncé, construit par PyTorch sur le périphérique `meta` : des tenseurs
    qui ont une forme mais pas de mémoire, donc un compte exact pour toute taille."""
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            couche = nn.TransformerEncoderLayer(d_model, h, d_ff, batch_first=True, bias=biais, device='meta')
            return nn.TransformerEncoder(couche, L)

    def total_de_reference(L, h, d_model, d_ff, biais=True):
        """sum(p.numel()) sur l'encodeur de PyTorch (un entier Python)."""
        return int(sum((p.numel() for p in encodeur_de_reference(L, h, d_model, d_ff, biais).parameters())))

    def entier_exact(valeur, nom, attendu, indice):
        """`valeur` est un int Python (pas un bool) égal à `attendu` ; ne révèle pas `attendu`."""
        C.expect(isinstance(valeur, int) and (not isinstance(valeur, bool)), f'`{nom}` devrait être un entier Python (`int`), reçu un objet de type `{type(valeur).__name__}`.', hint='additionnez et multipliez des entiers : pas de `/`, de `** 2.0`, de `math.pow`, de numpy ni de tenseur.')
        C.expect_equal(valeur, attendu, name=nom, hint=indice)
    C.require(n_bert_base, 'n_bert_base', kind='variable')
    entier_exact(n_bert_base, 'n_bert_base', total_de_reference(12, 12, 768, 3072), 'le nombre exact, biais et LayerNorm compris (pas un arrondi) : parametres_encodeur(12, 12, 768, 3072).')

@test_case(points=None, hidden=True)
def test_parts_bert(part_ffn_bert, part_attention_bert):
    from torch import nn
    from autograder import checks as C

    def encodeur_de_reference(L, h, d_model, d_ff, biais):
        """L'encodeur de l'énoncé, construit par PyTorch sur le périphérique `meta` : des tenseurs
    qui ont une forme mais pas de mémoire, donc un compte exact pour toute taille."""
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            couche = nn.TransformerEncoderLayer(d_model, h, d_ff, batch_first=True, bias=biais, device='meta')
            return nn.TransformerEncoder(couche, L)

    def bloc_de_reference(d_model, d_ff, biais=True, h=1):
        """Les trois parts d'un bloc de PyTorch, et la preuve qu'elles couvrent tout le bloc."""
        bloc = encodeur_de_reference(1, h, d_model, d_ff, biais).layers[0]
        parts = {'attention': [bloc.self_attn], 'ffn': [bloc.linear1, bloc.linear2], 'layernorm': [bloc.norm1, bloc.norm2]}
        comptes = {cle: int(sum((p.numel() for m in modules for p in m.parameters()))) for cle, modules in parts.items()}
        assert sum(comptes.values()) == sum((p.numel() for p in bloc.parameters()))
        return comptes
    bloc = bloc_de_reference(768, 3072, True, 12)
    total = sum(bloc.values())
    for nom, valeur, cle in (('part_ffn_bert', part_ffn_bert, 'ffn'), ('part_attention_bert', part_attention_bert, 'attention')):
        C.require(valeur, nom, kind='variable')
        C.expect(isinstance(valeur, float), f'`{nom}` devrait être un flottant Python (`float`), reçu un objet de type `{type(valeur).__name__}`.', hint='le quotient `/` de deux int est un float.')
        C.expect_scalar_close(valeur, bloc[cle] / total, name=nom, rtol=1e-09, atol=1e-12, hint='rapportez au total n_bert_base, LayerNorm comprises, et comptez les biais de la partie.')

