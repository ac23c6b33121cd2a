from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 4

@test_case(points=None, hidden=False)
def test_apprentissage_rapide(creer_mlp, entrainer):
    from autograder import checks as C
    from autograder import data
    C.seed_everything(0)
    x, y = data.tensors('fashion-mnist', 'train')
    model = C.make_model(creer_mlp, 'relu', name='creer_mlp')
    courbes = C.call(entrainer, model, x[:1000], y[:1000], 1, 32, 0.001, name='entrainer')
    C.expect(isinstance(courbes, dict) and len(courbes.get('perte', [])) == 1, '`entrainer(..., epochs=1, ...)` doit renvoyer une courbe "perte" d\'une valeur.')
    acc = C.accuracy(model, 'fashion-mnist', name="creer_mlp('relu')", split='test')
    C.expect(acc >= 0.3, f"Après une époque sur 1 000 images, `creer_mlp('relu')` n'atteint que {100 * acc:.1f} % de précision sur l'ensemble de test (attendu au moins 30 %).", hint='vérifiez que `entrainer` met bien à jour les paramètres du modèle reçu.')

@test_case(points=None, hidden=True)
def test_precision_relu(creer_mlp, entrainer):
    from autograder import checks as C
    from autograder import data
    activation = 'relu'
    b = C.budget('1.3', activation)
    C.seed_everything()
    x, y = data.tensors(b.dataset, 'train')
    model = C.make_model(creer_mlp, activation, name='creer_mlp').to(b.device)
    courbes = C.call(entrainer, model, x[:b.train_size].to(b.device), y[:b.train_size].to(b.device), b.epochs, b.batch_size, b.lr, name='entrainer')
    C.expect(isinstance(courbes, dict) and len(courbes.get('perte', [])) == b.epochs, f'`entrainer` doit renvoyer une courbe "perte" de {b.epochs} valeurs.')
    pertes = [C.as_number(v, name='perte') for v in courbes['perte']]
    C.expect(pertes[-1] < pertes[0], f"La perte d'entraînement de `creer_mlp('{activation}')` ne diminue pas au fil des époques.")
    acc = C.accuracy(model, b.dataset, name=f"creer_mlp('{activation}')")
    C.expect_accuracy(acc, b, name=f"creer_mlp('{activation}')", hint='logits sans softmax, zero_grad() à chaque lot, Adam au taux lr.')

@test_case(points=None, hidden=True)
def test_precision_leaky_relu(creer_mlp, entrainer):
    from autograder import checks as C
    from autograder import data
    activation = 'leaky_relu'
    b = C.budget('1.3', activation)
    C.seed_everything()
    x, y = data.tensors(b.dataset, 'train')
    model = C.make_model(creer_mlp, activation, name='creer_mlp').to(b.device)
    courbes = C.call(entrainer, model, x[:b.train_size].to(b.device), y[:b.train_size].to(b.device), b.epochs, b.batch_size, b.lr, name='entrainer')
    C.expect(isinstance(courbes, dict) and len(courbes.get('perte', [])) == b.epochs, f'`entrainer` doit renvoyer une courbe "perte" de {b.epochs} valeurs.')
    pertes = [C.as_number(v, name='perte') for v in courbes['perte']]
    C.expect(pertes[-1] < pertes[0], f"La perte d'entraînement de `creer_mlp('{activation}')` ne diminue pas au fil des époques.")
    acc = C.accuracy(model, b.dataset, name=f"creer_mlp('{activation}')")
    C.expect_accuracy(acc, b, name=f"creer_mlp('{activation}')", hint='logits sans softmax, zero_grad() à chaque lot, Adam au taux lr.')

@test_case(points=None, hidden=True)
def test_precision_gelu(creer_mlp, entrainer):
    from autograder import checks as C
    from autograder import data
    activation = 'gelu'
    b = C.budget('1.3', activation)
    C.seed_everything()
    x, y = data.tensors(b.dataset, 'train')
    model = C.make_model(creer_mlp, activation, name='creer_mlp').to(b.device)
    courbes = C.call(entrainer, model, x[:b.train_size].to(b.device), y[:b.train_size].to(b.device), b.epochs, b.batch_size, b.lr, name='entrainer')
    C.expect(isinstance(courbes, dict) and len(courbes.get('perte', [])) == b.epochs, f'`entrainer` doit renvoyer une courbe "perte" de {b.epochs} valeurs.')
    pertes = [C.as_number(v, name='perte') for v in courbes['perte']]
    C.expect(pertes[-1] < pertes[0], f"La perte d'entraînement de `creer_mlp('{activation}')` ne diminue pas au fil des époques.")
    acc = C.accuracy(model, b.dataset, name=f"creer_mlp('{activation}')")
    C.expect_accuracy(acc, b, name=f"creer_mlp('{activation}')", hint='logits sans softmax, zero_grad() à chaque lot, Adam au taux lr.')

