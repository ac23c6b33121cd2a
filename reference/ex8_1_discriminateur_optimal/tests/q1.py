from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=None, hidden=False)
def test_d_etoile_exemple(discriminateur_optimal):
    import torch
    from autograder import checks as C

    def d_etoile(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
        """The closed form, in float64: D*(x) = sigmoid(a x + b), a = (μ_data − μ_g)/σ²,
    b = (μ_g² − μ_data²)/(2σ²)."""
        x64 = x.to(torch.float64)
        return torch.sigmoid(((mu_data - mu_g) * x64 - (mu_data ** 2 - mu_g ** 2) / 2) / sigma ** 2)
    x = torch.tensor([0.0, 1.5, 3.0], dtype=torch.float64)
    nom = 'discriminateur_optimal(torch.tensor([0., 1.5, 3.]))'
    got = C.as_tensor(C.call(discriminateur_optimal, x.clone(), name='discriminateur_optimal'), nom)
    C.expect_shape(got, (3,), name=nom, hint='une valeur de D* par élément de x.')
    C.expect_close(got, d_etoile(x), name=nom, rtol=1e-09, atol=1e-12, reveal=True, hint='D* = p_data / (p_data + p_g) avec p_data = N(3, 1) et p_g = N(0, 1) par défaut : D*(1.5) = 1/2 (milieu des deux moyennes).')

@test_case(points=None, hidden=True)
def test_d_etoile_grille(discriminateur_optimal):
    import torch
    from autograder import checks as C

    def d_etoile(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
        """The closed form, in float64: D*(x) = sigmoid(a x + b), a = (μ_data − μ_g)/σ²,
    b = (μ_g² − μ_data²)/(2σ²)."""
        x64 = x.to(torch.float64)
        return torch.sigmoid(((mu_data - mu_g) * x64 - (mu_data ** 2 - mu_g ** 2) / 2) / sigma ** 2)
    x = torch.linspace(-5.0, 8.0, 261, dtype=torch.float64)
    got = C.call(discriminateur_optimal, x.clone(), name='discriminateur_optimal')
    C.expect_close(got, d_etoile(x), name='discriminateur_optimal(x) pour x ∈ [−5, 8]', rtol=1e-09, atol=1e-12, hint='D* = p_data / (p_data + p_g) : p_data (moyenne mu_data = 3) au numérateur ; D* croît de 0 à 1 et vaut 1/2 en x = 1,5.')

@test_case(points=None, hidden=True)
def test_d_etoile_queues(discriminateur_optimal):
    import torch
    from autograder import checks as C

    def d_etoile(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
        """The closed form, in float64: D*(x) = sigmoid(a x + b), a = (μ_data − μ_g)/σ²,
    b = (μ_g² − μ_data²)/(2σ²)."""
        x64 = x.to(torch.float64)
        return torch.sigmoid(((mu_data - mu_g) * x64 - (mu_data ** 2 - mu_g ** 2) / 2) / sigma ** 2)
    x = torch.tensor([-1000.0, -50.0, 50.0, 1000.0], dtype=torch.float64)
    for dtype, (rtol, atol) in ((torch.float64, (1e-09, 1e-12)), (torch.float32, (0.0001, 1e-06))):
        nom = f'discriminateur_optimal(x) pour x = ±50, ±1000 en {str(dtype)[6:]}'
        got = C.as_tensor(C.call(discriminateur_optimal, x.to(dtype), name='discriminateur_optimal'), nom)
        C.expect_shape(got, (4,), name=nom)
        C.expect(bool(torch.isfinite(got).all()), f'`discriminateur_optimal` renvoie nan ou inf loin dans les queues ({nom}).', hint='p_data(x) et p_g(x) y valent 0 en flottant : 0/0 = nan. Passez par ln p_data − ln p_g et torch.sigmoid, sans calculer les densités.')
        C.expect_close(got, d_etoile(x), name=nom, rtol=rtol, atol=atol, hint='loin à gauche D* → 0, loin à droite D* → 1 : calculez ln p_data − ln p_g sans exponentielle, puis la sigmoïde.')

@test_case(points=None, hidden=True)
def test_d_etoile_autres_parametres(discriminateur_optimal):
    import torch
    from autograder import checks as C

    def d_etoile(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
        """The closed form, in float64: D*(x) = sigmoid(a x + b), a = (μ_data − μ_g)/σ²,
    b = (μ_g² − μ_data²)/(2σ²)."""
        x64 = x.to(torch.float64)
        return torch.sigmoid(((mu_data - mu_g) * x64 - (mu_data ** 2 - mu_g ** 2) / 2) / sigma ** 2)
    x = torch.linspace(-5.0, 8.0, 131, dtype=torch.float64)
    cas = [((-1.0, 2.0, 0.5), 'positionnels'), ((1.5, -0.5, 2.0), 'nommés'), ((2.5, 1.25, 0.25), 'nommés dans le désordre'), ((0.75, 0.75, 1.5), 'nommés')]
    for (mu_data, mu_g, sigma), mode in cas:
        if mode == 'positionnels':
            got = C.call(discriminateur_optimal, x.clone(), mu_data, mu_g, sigma, name='discriminateur_optimal')
        elif mode == 'nommés':
            got = C.call(discriminateur_optimal, x.clone(), mu_data=mu_data, mu_g=mu_g, sigma=sigma, name='discriminateur_optimal')
        else:
            got = C.call(discriminateur_optimal, x.clone(), sigma=sigma, mu_g=mu_g, mu_data=mu_data, name='discriminateur_optimal')
        C.expect_close(got, d_etoile(x, mu_data, mu_g, sigma), name=f"discriminateur_optimal(x, …) pour d'autres paramètres (arguments {mode})", rtol=1e-09, atol=1e-12, hint="sigma est l'écart-type : la variance est sigma² dans exp(−(x − μ)²/(2σ²)) ; les paramètres se nomment mu_data, mu_g, sigma, dans cet ordre.")

@test_case(points=None, hidden=True)
def test_d_etoile_forme_type_argument(discriminateur_optimal):
    import torch
    from autograder import checks as C

    def d_etoile(x, mu_data=3.0, mu_g=0.0, sigma=1.0):
        """The closed form, in float64: D*(x) = sigmoid(a x + b), a = (μ_data − μ_g)/σ²,
    b = (μ_g² − μ_data²)/(2σ²)."""
        x64 = x.to(torch.float64)
        return torch.sigmoid(((mu_data - mu_g) * x64 - (mu_data ** 2 - mu_g ** 2) / 2) / sigma ** 2)
    g = torch.Generator().manual_seed(81)
    cas = [3.0 * torch.randn(2, 3, 4, generator=g, dtype=torch.float64), 3.0 * torch.randn(5, generator=g), torch.tensor(2.25, dtype=torch.float64), torch.tensor(-0.5)]
    for x in cas:
        nom = f'discriminateur_optimal(x) pour x de forme {tuple(x.shape)} en {str(x.dtype)[6:]}'
        got = C.expect_unchanged(discriminateur_optimal, x.clone(), name='discriminateur_optimal', hint='ne modifiez pas x en place (x -= …, x.mul_(…)) : x - mu crée un nouveau tenseur.')
        out = C.as_tensor(got, nom)
        C.expect_shape(out, tuple(x.shape), name=nom)
        C.expect_dtype(out, x.dtype, name=nom, hint="le résultat a le type de x : n'imposez pas de type (ni `.float()`, ni `dtype=`), calculez dans le type de x.")
        tol = (1e-09, 1e-12) if x.dtype == torch.float64 else (0.0001, 1e-06)
        C.expect_close(out, d_etoile(x), name=nom, rtol=tol[0], atol=tol[1])

