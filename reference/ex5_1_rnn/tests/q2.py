from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=None, hidden=False)
def test_vocabulaire_exemple(construire_vocabulaire, encoder, decoder):
    import torch
    from autograder import checks as C
    caracteres = C.call(construire_vocabulaire, 'banane', name='construire_vocabulaire')
    C.expect(isinstance(caracteres, list | tuple), '`construire_vocabulaire` doit renvoyer une liste de caractères.')
    C.expect_equal(list(caracteres), ['a', 'b', 'e', 'n'], name="construire_vocabulaire('banane')", reveal=True, hint='les caractères distincts, triés : sorted(set(texte)).')
    code = C.as_tensor(C.call(encoder, 'bébé', ['b', 'e', 'é'], name='encoder'), "encoder('bébé', ['b', 'e', 'é'])")
    C.expect(code.dtype == torch.long, '`encoder` doit renvoyer un tenseur torch.long.', hint='torch.tensor([...], dtype=torch.long).')
    C.expect_equal(code.tolist(), [0, 2, 0, 2], name="encoder('bébé', ['b', 'e', 'é'])", reveal=True)
    texte = C.call(decoder, torch.tensor([1, 0, 2]), ['b', 'e', 'é'], name='decoder')
    C.expect_equal(texte, 'ebé', name="decoder(tensor([1, 0, 2]), ['b', 'e', 'é'])", reveal=True)

@test_case(points=None, hidden=True)
def test_vocabulaire_trie_et_aller_retour(construire_vocabulaire, encoder, decoder):
    import torch
    from autograder import checks as C
    texte = "Été comme hiver, l'œil du RNN lit : « h_t = tanh(...) » !\nZèbre, zébu, ÂGE, âge ; 3 + 4 = 7.\t#fin"
    caracteres = C.call(construire_vocabulaire, texte, name='construire_vocabulaire')
    C.expect(isinstance(caracteres, list | tuple) and list(caracteres) == sorted(set(texte)), '`construire_vocabulaire` ne renvoie pas la liste triée des caractères distincts du texte (majuscules, accents, ponctuation, espaces et retours à la ligne compris).', hint="sorted(set(texte)) : chaque caractère une fois, dans l'ordre de sorted (et non dans l'ordre d'apparition).")
    caracteres = list(caracteres)
    code = C.as_tensor(C.call(encoder, texte, caracteres, name='encoder'), 'encoder(texte)')
    C.expect(code.dtype == torch.long, '`encoder` doit renvoyer un tenseur torch.long.', hint='les indices servent à F.one_hot et F.cross_entropy, qui veulent des long.')
    C.expect_shape(code, (len(texte),), name='encoder(texte, caracteres)')
    C.expect(code.tolist() == [caracteres.index(c) for c in texte], "`encoder` ne renvoie pas l'indice de chaque caractère dans `caracteres`.", hint="l'indice d'un caractère est sa position dans la liste donnée.")
    autre = sorted(set(texte), reverse=True)
    code = C.as_tensor(C.call(encoder, texte, autre, name='encoder'), 'encoder(texte)')
    C.expect(code.tolist() == [autre.index(c) for c in texte], "`encoder(texte, caracteres)` n'utilise pas la liste `caracteres` qu'on lui donne.")
    for indices, quoi in ((code.clone(), 'un tenseur'), (code.tolist(), 'une liste')):
        retour = C.call(decoder, indices, autre, name='decoder')
        C.expect(isinstance(retour, str), '`decoder` doit renvoyer une chaîne (str).', hint="''.join(...)")
        C.expect(retour == texte, f"`decoder(encoder(texte, c), c)` ne redonne pas le texte (indices donnés sous forme d'{quoi}).", hint="decoder accepte un tenseur 1-D ou une liste d'entiers : caracteres[int(i)] pour chaque i.")
    vide = C.as_tensor(C.call(encoder, '', caracteres, name='encoder'), "encoder('')")
    C.expect(vide.dtype == torch.long and tuple(vide.shape) == (0,), "`encoder('', caracteres)` doit renvoyer un tenseur long vide de forme (0,).")

