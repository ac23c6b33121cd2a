from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_parametres_exemple(nombre_parametres):
    from torch import nn
    from autograder import checks as C

    def parametres_pytorch(cellule, d, h, couches):
        classe = {'lstm': nn.LSTM, 'gru': nn.GRU}[cellule]
        return sum((p.numel() for p in classe(d, h, couches).parameters()))
    for cellule in ('lstm', 'gru'):
        quoi = f'nombre_parametres({cellule!r}, 1, 32, 2)'
        recu = C.call(nombre_parametres, cellule, 1, 32, 2, name='nombre_parametres')
        C.expect_equal(recu, parametres_pytorch(cellule, 1, 32, 2), name=quoi, reveal=True, hint='par couche : blocs × h × (d + h + 2), avec d = taille_entree pour la première couche et d = h pour les suivantes.')

@test_case(points=None, hidden=True)
def test_parametres_formule_exacte(nombre_parametres):
    from torch import nn
    from autograder import checks as C

    def parametres_pytorch(cellule, d, h, couches):
        classe = {'lstm': nn.LSTM, 'gru': nn.GRU}[cellule]
        return sum((p.numel() for p in classe(d, h, couches).parameters()))
    import numbers
    for cellule in ('lstm', 'gru'):
        for d, h, couches in ((1, 16, 1), (3, 20, 2), (7, 5, 3), (12, 64, 4), (64, 7, 2)):
            quoi = f'nombre_parametres({cellule!r}, {d}, {h}, {couches})'
            recu = C.call(nombre_parametres, cellule, d, h, couches, name='nombre_parametres')
            C.expect(isinstance(recu, numbers.Integral) and (not isinstance(recu, bool)), f'`{quoi}` doit renvoyer un entier Python (int).')
            C.expect(recu == parametres_pytorch(cellule, d, h, couches), f"`{quoi}` n'est pas le nombre de paramètres du module de PyTorch.", hint="deux vecteurs de biais par bloc dans PyTorch (b_ih et b_hh) ; 4 blocs pour le LSTM, 3 pour le GRU ; l'entrée des couches 2 et suivantes est de taille h.")
    C.expect_not_using(nombre_parametres, {'LSTM', 'GRU', 'RNN', 'RNNBase', 'parameters', 'numel', 'PrevisionRNN'}, name='nombre_parametres', hint='une formule fermée : ne construisez pas de module pour compter.')

