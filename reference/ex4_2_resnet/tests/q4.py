from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=None, hidden=False)
def test_resnet_surapprend_un_lot(MiniResNet8):
    from autograder import checks as C
    import dataclasses
    b = dataclasses.replace(C.budget('4.2', 'resnet8'), epochs=12, train_size=32, batch_size=32)
    C.seed_everything()
    model = C.make_model(MiniResNet8, name='MiniResNet8()')
    losses = C.train_classifier(model, b, name='MiniResNet8()')
    C.expect(losses[-1] < 0.5 * losses[0], f'`MiniResNet8` ne sur-apprend pas un lot de 32 images : perte {losses[0]:.3f} → {losses[-1]:.3f} en 12 pas.', hint='vérifiez que la sortie est faite de logits (pas de softmax ni de ReLU à la fin) et que les blocs laissent passer le gradient.')

@test_case(points=None, hidden=True)
def test_resnet_precision(MiniResNet8):
    from autograder import checks as C
    b = C.budget('4.2', 'resnet8')
    C.seed_everything()
    model = C.make_model(MiniResNet8, name='MiniResNet8()')
    C.train_classifier(model, b, name='MiniResNet8()')
    acc = C.accuracy(model, b.dataset, name='MiniResNet8()')
    C.expect_accuracy(acc, b, name='MiniResNet8()', hint='vérifiez les blocs (raccourcis, BatchNorm) et la moyenne globale avant la couche linéaire.')

