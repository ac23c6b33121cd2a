from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 3

@test_case(points=None, hidden=False)
def test_activations_formes(capturer_activations):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(0)\n    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Conv2d(4, 2, 3)).eval()')
    modele = C.build_where(capturer_activations, fabrique)
    x = torch.rand(2, 3, 9, 9)
    acts = C.call(capturer_activations, modele, x, ['0', '2'], name='capturer_activations')
    C.expect(isinstance(acts, dict) and sorted(acts) == ['0', '2'], "`capturer_activations` doit renvoyer un dictionnaire dont les clés sont les noms demandés (ici '0' et '2').")
    C.expect_shape(acts['0'], (2, 4, 7, 7), name="capturer_activations(...)['0']")
    C.expect_shape(acts['2'], (2, 2, 5, 5), name="capturer_activations(...)['2']")
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() if len(c._forward_hooks)]")
    restants = crochets(modele)
    C.expect(not restants, f"Des forward hooks restent enregistrés après l'appel sur : {', '.join(restants)}.", hint='gardez les poignées renvoyées par `register_forward_hook` et appelez `poignee.remove()` à la fin.')

@test_case(points=None, hidden=True)
def test_activations_contre_calcul_manuel(capturer_activations):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code("def fabrique():\n    torch.manual_seed(31)\n    features = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(inplace=True), nn.MaxPool2d(2), nn.Conv2d(6, 5, (3, 2)), nn.ReLU())\n    classifier = nn.Sequential(nn.Flatten(), nn.Linear(5 * 3 * 3, 4))\n    modele = nn.Sequential()\n    modele.add_module('features', features)\n    modele.add_module('classifier', classifier)\n    with torch.no_grad():\n        features[1].running_mean.uniform_(-0.5, 0.5)\n        features[1].running_var.uniform_(0.5, 2.0)\n        features[1].weight.uniform_(0.5, 1.5)\n        features[1].bias.uniform_(-0.5, 0.5)\n    return modele.eval()")
    modele = C.build_where(capturer_activations, fabrique)
    x = torch.randn(2, 3, 10, 8, generator=torch.Generator().manual_seed(32))
    attendu, h = ({}, x)
    with torch.no_grad():
        for nom, couche in fabrique().named_modules():
            if not list(couche.children()):
                h = couche(h)
                attendu[nom] = h.clone()
    noms = ['features.1', 'features.4', 'classifier.1', 'features.0']
    acts = C.call(capturer_activations, modele, x.clone(), list(noms), name='capturer_activations')
    C.expect(isinstance(acts, dict) and sorted(acts) == sorted(noms), '`capturer_activations` doit renvoyer un dictionnaire {nom: activation} avec exactement les noms demandés.')
    for nom in noms:
        C.expect_close(acts[nom], attendu[nom], name=f"capturer_activations(...)['{nom}']", hint="le hook doit ranger la sortie du module (3ᵉ argument du hook, pas l'entrée), copiée avec `.detach().clone()` : la ReLU(inplace=True) qui suit la BatchNorm modifie sinon le tenseur capturé.")

@test_case(points=None, hidden=True)
def test_activations_crochets_retires(capturer_activations):
    import torch
    from torch import nn
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n    torch.manual_seed(33)\n    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Sequential(nn.Conv2d(4, 4, 3), nn.Tanh()), nn.Flatten()).train()')
    modele = C.build_where(capturer_activations, fabrique)
    x = torch.rand(3, 3, 8, 7, generator=torch.Generator().manual_seed(34))
    crochets = C.code("lambda m: [n or '(modèle)' for n, c in m.named_modules() if len(c._forward_hooks)]")

    def restants():
        return crochets(modele)
    noms = ['0', '2.0', '2.1']
    premier = C.call(capturer_activations, modele, x, noms, name='capturer_activations')
    second = C.call(capturer_activations, modele, 2 * x, ['2.1'], name='capturer_activations')
    C.expect(isinstance(premier, dict) and isinstance(second, dict), '`capturer_activations` doit renvoyer un dictionnaire.')
    C.expect(not restants(), f"Des forward hooks restent enregistrés après l'appel sur : {', '.join(restants())}.", hint='gardez les poignées renvoyées par `register_forward_hook` et appelez `poignee.remove()` sur chacune.')
    C.expect(C.code('lambda m: all(c.training for c in m.modules())')(modele), '`capturer_activations` a fait passer le modèle (en mode train) en mode eval.', hint='ne changez pas le mode du modèle : `torch.no_grad()` suffit.')
    C.expect(sorted(second) == ['2.1'], "Un second appel de `capturer_activations` avec d'autres noms renvoie des clés en trop : des hooks du premier appel sont encore actifs.")
    with torch.no_grad():
        attendu = fabrique()(2 * x)
    C.expect_close(second['2.1'].flatten(1), attendu, name="capturer_activations(modele, 2·x, ['2.1'])['2.1']", hint="un dictionnaire neuf à chaque appel, rempli par les hooks de l'appel.")
    try:
        C.call(capturer_activations, modele, torch.rand(2, 5, 8, 7), ['0', '2.0'], name='capturer_activations')
    except C.CheckFailure:
        pass
    C.expect(not restants(), f"Quand la passe avant lève une exception (ici une entrée à 5 canaux), des forward hooks restent enregistrés sur : {', '.join(restants())}.", hint='retirez les hooks dans un bloc `finally`.')

@test_case(points=None, hidden=True)
def test_activations_sans_autograd(capturer_activations):
    import torch
    from autograder import checks as C
    fabrique = C.code('def fabrique():\n\n    class Temoin(torch.nn.Module):\n\n        def __init__(self):\n            super().__init__()\n            self.conv = torch.nn.Conv2d(3, 4, 3)\n            self.autograd = []\n\n        def forward(self, x):\n            self.autograd.append(bool(torch.is_grad_enabled()))\n            return self.conv(x)\n    torch.manual_seed(35)\n    return torch.nn.Sequential(Temoin(), torch.nn.ReLU()).eval()')
    modele = C.build_where(capturer_activations, fabrique)
    x = torch.rand(2, 3, 6, 5, generator=torch.Generator().manual_seed(36))
    acts = C.call(capturer_activations, modele, x, ['0.conv', '1'], name='capturer_activations')
    C.expect(isinstance(acts, dict) and sorted(acts) == ['0.conv', '1'], '`capturer_activations` doit renvoyer un dictionnaire {nom: activation} avec exactement les noms demandés.')
    etats = C.code('lambda m: [bool(e) for e in m[0].autograd]')(modele)
    C.expect(len(etats) >= 1, "`capturer_activations` n'a pas fait de passe avant du modèle.")
    C.expect(not any(etats), '`capturer_activations` fait la passe avant avec autograd activé.', hint='faites la passe avant sous `with torch.no_grad():` : inutile de construire le graphe pour lire des activations.')

