from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_surapprend_un_lot(creer_mlp):
    from autograder import checks as C
    import dataclasses
    b = dataclasses.replace(C.budget('1.4', 'moyen'), epochs=30, train_size=64, batch_size=64)
    C.seed_everything()
    model = C.make_model(creer_mlp, 2, 128, name='creer_mlp(2, 128)')
    losses = C.train_classifier(model, b, name='creer_mlp(2, 128)')
    C.expect(losses[-1] < 0.5 * losses[0], f'`creer_mlp(2, 128)` ne sur-apprend pas un lot de 64 images : perte {losses[0]:.3f} → {losses[-1]:.3f} en 30 pas.', hint='vérifiez les activations et que la sortie est faite de logits.')

@test_case(points=None, hidden=True)
def test_precision_configuration_moyenne(creer_mlp):
    from autograder import checks as C
    b = C.budget('1.4', 'moyen')
    C.seed_everything()
    model = C.make_model(creer_mlp, 2, 128, name='creer_mlp(2, 128)')
    C.train_classifier(model, b, name='creer_mlp(2, 128)')
    acc = C.accuracy(model, b.dataset, name='creer_mlp(2, 128)')
    C.expect_accuracy(acc, b, name='creer_mlp(2, 128)', hint="vérifiez l'aplatissement de l'image et les activations ReLU.")

