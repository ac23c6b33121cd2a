from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=None, hidden=False)
def test_formes_des_gradients(retropropagation):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(1)
    dims = [4, 5, 6, 3]
    params = {}
    for i in range(1, 4):
        params[f'W{i}'] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f'b{i}'] = torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(7, 4, generator=g, dtype=torch.float64)
    y = torch.randint(0, 3, (7,), generator=g)
    grads = C.call(retropropagation, X, y, params, name='retropropagation')
    C.expect(isinstance(grads, dict), '`retropropagation` doit renvoyer un dictionnaire {nom du paramètre: gradient}.')
    for key in ('W3', 'b3', 'W2', 'b2', 'W1', 'b1'):
        value = params[key]
        C.expect(key in grads, f'`retropropagation` ne renvoie pas le gradient de `{key}`.')
        C.expect_shape(grads[key], tuple(value.shape), name=f"retropropagation(...)['{key}']", hint="le gradient d'un paramètre a la forme du paramètre : ∂L/∂W = δᵀ h (et non hᵀ δ), ∂L/∂b = somme de δ sur le lot.")

@test_case(points=None, hidden=True)
def test_gradients_contre_autograd(retropropagation):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    cas = 'contre_autograd'
    carre = cas == 'couches_carrees'
    g = torch.Generator().manual_seed(22 if carre else 21)
    dims, params = ([4, 4, 4, 4] if carre else [5, 7, 6, 4], {})
    for i in range(1, 4):
        params[f'W{i}'] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f'b{i}'] = 0.5 * torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(6 if carre else 9, dims[0], generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 3, 2, 0]) if carre else torch.randint(0, 4, (9,), generator=g)

    def loss(W1, b1, W2, b2, W3, b3):
        h = F.relu(F.linear(F.relu(F.linear(X, W1, b1)), W2, b2))
        return F.cross_entropy(F.linear(h, W3, b3), y)
    oracle = C.grad_of(loss, params, name='perte de référence')
    expected = {k: oracle[k] for k in ('W3', 'b3', 'W2', 'b2', 'W1', 'b1')}
    got = C.call(retropropagation, X.clone(), y.clone(), {k: v.clone() for k, v in params.items()}, name='retropropagation')
    C.expect_gradients(got, expected, name='retropropagation', tol=1e-07, hints={'W3': 'δ₃ = (softmax(z₃) − Y)/N, sans masque ReLU (la sortie est linéaire), puis ∂L/∂W₃ = δ₃ᵀ h₂, de forme (d₃, d₂) (et non h₂ᵀ δ₃).', 'b3': '∂L/∂b₃ est la somme de δ₃ sur le lot : δ₃ contient déjà le facteur 1/N, ne divisez pas une seconde fois.', 'W2': "δ₂ = (δ₃ W₃) ⊙ 1[z₂ > 0] puis ∂L/∂W₂ = δ₂ᵀ h₁, de forme (d₂, d₁) : vérifiez le masque ReLU et l'ordre du produit.", 'b2': '∂L/∂b₂ est la somme de δ₂ sur le lot (sans nouveau facteur 1/N).', 'W1': 'δ₁ = (δ₂ W₂) ⊙ 1[z₁ > 0] puis ∂L/∂W₁ = δ₁ᵀ X, de forme (d₁, d₀) : le masque ReLU de la première couche porte sur z₁.', 'b1': '∂L/∂b₁ est la somme de δ₁ sur le lot (sans nouveau facteur 1/N).'})

@test_case(points=None, hidden=True)
def test_gradients_couches_carrees(retropropagation):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    cas = 'couches_carrees'
    carre = cas == 'couches_carrees'
    g = torch.Generator().manual_seed(22 if carre else 21)
    dims, params = ([4, 4, 4, 4] if carre else [5, 7, 6, 4], {})
    for i in range(1, 4):
        params[f'W{i}'] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f'b{i}'] = 0.5 * torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(6 if carre else 9, dims[0], generator=g, dtype=torch.float64)
    y = torch.tensor([0, 3, 1, 3, 2, 0]) if carre else torch.randint(0, 4, (9,), generator=g)

    def loss(W1, b1, W2, b2, W3, b3):
        h = F.relu(F.linear(F.relu(F.linear(X, W1, b1)), W2, b2))
        return F.cross_entropy(F.linear(h, W3, b3), y)
    oracle = C.grad_of(loss, params, name='perte de référence')
    expected = {k: oracle[k] for k in ('W3', 'b3', 'W2', 'b2', 'W1', 'b1')}
    got = C.call(retropropagation, X.clone(), y.clone(), {k: v.clone() for k, v in params.items()}, name='retropropagation')
    C.expect_gradients(got, expected, name='retropropagation', tol=1e-07, hints={'W3': 'δ₃ = (softmax(z₃) − Y)/N, sans masque ReLU (la sortie est linéaire), puis ∂L/∂W₃ = δ₃ᵀ h₂, de forme (d₃, d₂) (et non h₂ᵀ δ₃).', 'b3': '∂L/∂b₃ est la somme de δ₃ sur le lot : δ₃ contient déjà le facteur 1/N, ne divisez pas une seconde fois.', 'W2': "δ₂ = (δ₃ W₃) ⊙ 1[z₂ > 0] puis ∂L/∂W₂ = δ₂ᵀ h₁, de forme (d₂, d₁) : vérifiez le masque ReLU et l'ordre du produit.", 'b2': '∂L/∂b₂ est la somme de δ₂ sur le lot (sans nouveau facteur 1/N).', 'W1': 'δ₁ = (δ₂ W₂) ⊙ 1[z₁ > 0] puis ∂L/∂W₁ = δ₁ᵀ X, de forme (d₁, d₀) : le masque ReLU de la première couche porte sur z₁.', 'b1': '∂L/∂b₁ est la somme de δ₁ sur le lot (sans nouveau facteur 1/N).'})

@test_case(points=None, hidden=True)
def test_retropropagation_sans_autograd(retropropagation):
    import torch
    import torch.nn.functional as F
    from autograder import checks as C
    g = torch.Generator().manual_seed(23)
    dims, params = ([3, 5, 4, 3], {})
    for i in range(1, 4):
        params[f'W{i}'] = torch.randn(dims[i], dims[i - 1], generator=g, dtype=torch.float64)
        params[f'b{i}'] = 0.5 * torch.randn(dims[i], generator=g, dtype=torch.float64)
    X = torch.randn(6, 3, generator=g, dtype=torch.float64)
    y = torch.tensor([0, 2, 1, 2, 0, 1])
    sans_graphe = C.code('def sans_graphe(X, y, params):\n    with torch.inference_mode():\n        grads = retropropagation(X, y, params)\n    if isinstance(grads, dict):\n        return {k: v.clone() if isinstance(v, torch.Tensor) else v for k, v in grads.items()}\n    return grads', retropropagation=retropropagation)
    sans = '`retropropagation` doit calculer les gradients à la main, sans autograd (ni `backward`, ni `torch.autograd`, ni `requires_grad`).'
    try:
        got = C.call(sans_graphe, X.clone(), y.clone(), {k: v.clone() for k, v in params.items()}, name='retropropagation')
    except C.CheckFailure as exc:
        raise C.CheckFailure(sans, exc.details or [exc.summary], hint="appliquez les équations de δ₃, δ₂, δ₁ de l'énoncé avec des produits de matrices.") from None

    def loss(W1, b1, W2, b2, W3, b3):
        h = F.relu(F.linear(F.relu(F.linear(X, W1, b1)), W2, b2))
        return F.cross_entropy(F.linear(h, W3, b3), y)
    C.expect_gradients(got, C.grad_of(loss, params, name='perte de référence'), name='retropropagation (sans graphe de calcul)', tol=1e-07)
    C.expect_not_using(retropropagation, {'backward', 'autograd', 'requires_grad_', 'func', 'functorch'}, name='retropropagation', hint=sans)

