from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=None, hidden=False)
def test_seuillage_exemple(seuillage_doux):
    import torch
    from autograder import checks as C
    v = torch.tensor([-3.0, -1.0, 0.0, 0.5, 2.0], dtype=torch.float64)
    got = C.call(seuillage_doux, v, 1.0, name='seuillage_doux')
    C.expect_shape(got, (5,), name='seuillage_doux(v, 1)')
    C.expect_close(got, torch.tensor([-2.0, 0.0, 0.0, 0.0, 1.0], dtype=torch.float64), name='seuillage_doux([−3, −1, 0, 0.5, 2], 1)', reveal=True, hint='sign(v)·max(|v| − τ, 0) : les valeurs négatives gardent leur signe.')

@test_case(points=None, hidden=True)
def test_seuillage_formule(seuillage_doux):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(11)
    v = 2 * torch.randn(4, 7, generator=g, dtype=torch.float64)
    tau = 0.7
    expected = torch.where(v > tau, v - tau, torch.where(v < -tau, v + tau, torch.zeros_like(v)))
    got = C.as_tensor(C.call(seuillage_doux, v.clone(), tau, name='seuillage_doux'), 'seuillage_doux(v, 0.7)')
    C.expect_shape(got, (4, 7), name='seuillage_doux(v de forme (4, 7), 0.7)')
    C.expect(got.dtype == torch.float64, '`seuillage_doux` doit renvoyer un tenseur du même type que v (float64).')
    C.expect_close(got, expected, name='seuillage_doux(v, 0.7)', rtol=1e-12, atol=1e-14, hint="v − τ si v > τ, v + τ si v < −τ, 0 sinon : le signe de v est conservé et l'amplitude diminue de τ (ce n'est pas un seuillage dur).")

@test_case(points=None, hidden=True)
def test_zeros_exacts_et_frontiere(seuillage_doux):
    import torch
    from autograder import checks as C
    tau = 0.5
    v = torch.tensor([[-0.5, 0.5, 0.0, -0.25, 0.4999999], [0.5000001, -0.5000001, 3.0, -2.0, 1e-300]], dtype=torch.float64)
    got = C.as_tensor(C.call(seuillage_doux, v.clone(), tau, name='seuillage_doux'), 'seuillage_doux(v, 0.5)')
    C.expect_shape(got, (2, 5), name='seuillage_doux(v, 0.5)')
    C.expect(bool((got[v.abs() <= tau] == 0).all()), '`seuillage_doux` ne renvoie pas exactement 0 pour |vᵢ| ≤ τ (frontière |vᵢ| = τ comprise).', hint="max(|v| − τ, 0) vaut 0 dès que |v| ≤ τ ; n'utilisez pas une approximation lisse (sous-gradient, softplus…).")
    expected = torch.tensor([[0.0, 0.0, 0.0, 0.0, 0.0], [1e-07, -1e-07, 2.5, -1.5, 0.0]], dtype=torch.float64)
    C.expect_close(got, expected, name='seuillage_doux(v, 0.5) près de la frontière', rtol=1e-06, atol=1e-15, hint='juste au-dessus du seuil, la sortie vaut v − τ (ou v + τ si v < 0), avec le signe de v.')
    same = C.as_tensor(C.call(seuillage_doux, v.clone(), 0.0, name='seuillage_doux'), 'seuillage_doux(v, 0)')
    C.expect_close(same, v, name='seuillage_doux(v, 0)', rtol=0.0, atol=0.0, hint="avec τ = 0 le seuillage doux est l'identité.")

@test_case(points=None, hidden=True)
def test_seuillage_meme_type(seuillage_doux):
    import torch
    from autograder import checks as C
    g = torch.Generator().manual_seed(12)
    v = 2 * torch.randn(3, 4, 5, generator=g)
    tau = 0.6
    expected = torch.sign(v) * torch.clamp(v.abs() - tau, min=0)
    got = C.as_tensor(C.call(seuillage_doux, v.clone(), tau, name='seuillage_doux'), 'seuillage_doux(v float32, 0.6)')
    C.expect_shape(got, (3, 4, 5), name='seuillage_doux(v de forme (3, 4, 5), 0.6)')
    C.expect(got.dtype == torch.float32, f'`seuillage_doux` renvoie un tenseur {got.dtype} pour un v float32 : il doit être du même type que v.', hint="ne convertissez pas v ; n'introduisez pas de tenseur float64 dans le calcul (torch.zeros_like(v) plutôt que torch.zeros(..., dtype=torch.float64)).")
    C.expect_close(got, expected, name='seuillage_doux(v float32, 0.6)', rtol=1e-06, atol=1e-06)

