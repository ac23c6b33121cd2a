from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 3

@test_case(points=None, hidden=False)
def test_mixer_surapprend_un_lot(MLPMixer):
    from autograder import checks as C
    import dataclasses
    b = dataclasses.replace(C.budget('1.5', 'mixer'), epochs=30, train_size=64, batch_size=64)
    C.seed_everything()
    label = 'MLPMixer(taille_patch=8, …)'
    model = C.make_model(MLPMixer, taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128, name=label)
    before = C.training_loss(model, b, name=label)
    C.train_classifier(model, b, name=label)
    after = C.training_loss(model, b, name=label)
    C.expect(after < 0.5 * before, f'`MLPMixer` ne sur-apprend pas un lot de 64 images : perte {before:.3f} → {after:.3f} en 30 pas.', hint='vérifiez les connexions résiduelles et que la sortie est faite de logits.')

@test_case(points=None, hidden=True)
def test_mixer_precision(MLPMixer):
    from autograder import checks as C
    b = C.budget('1.5', 'mixer')
    C.seed_everything()
    label = 'MLPMixer(taille_patch=8, …)'
    model = C.make_model(MLPMixer, taille_patch=8, dim=64, profondeur=2, dim_tokens=32, dim_canaux=128, name=label)
    C.train_classifier(model, b, name=label)
    C.expect_accuracy(C.accuracy(model, b.dataset, name=label), b, name=label, hint='vérifiez le découpage en patchs, les transpositions et les connexions résiduelles.')

