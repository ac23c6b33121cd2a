from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 2

@test_case(points=None, hidden=False)
def test_separable_surapprend_un_lot(creer_cnn):
    from autograder import checks as C
    import dataclasses
    b = dataclasses.replace(C.budget('4.4', 'separable'), epochs=20, train_size=16, batch_size=16, lr=0.01)
    C.seed_everything()
    model = C.make_model(creer_cnn, True, 16, name='creer_cnn(separable=True, largeur=16)')
    losses = C.train_classifier(model, b, name='creer_cnn(separable=True, largeur=16)')
    C.expect(losses[-1] < 0.5 * losses[0], f'Le CNN séparable ne sur-apprend pas un lot de 16 images : perte {losses[0]:.3f} → {losses[-1]:.3f} en 20 pas.', hint='vérifiez que le modèle renvoie des logits (pas de softmax) et que chaque bloc est Conv → BatchNorm2d → ReLU.')

@test_case(points=None, hidden=True)
def test_precision_cnn_separable(creer_cnn):
    from autograder import checks as C
    b = C.budget('4.4', 'separable')
    C.seed_everything()
    model = C.make_model(creer_cnn, True, 16, name='creer_cnn(separable=True, largeur=16)')
    C.train_classifier(model, b, name='creer_cnn(separable=True, largeur=16)')
    acc = C.accuracy(model, b.dataset, name='creer_cnn(separable=True, largeur=16)')
    C.expect_accuracy(acc, b, name='creer_cnn(separable=True, largeur=16)', hint="vérifiez ConvSeparable (groups=c_in, pas de padding dans la pointwise) et l'ordre Conv → BatchNorm2d → ReLU.")

