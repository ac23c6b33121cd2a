"""The one catalogue of the verdicts the library words itself, in every language.

A verdict is a `code` and its `params` (plain values, never hidden inputs or expectations);
each entry gives, per language, the summary line, the detail lines and the library's own hint.
A detail line whose parameters are absent is left out (a mismatch without non-finite values has
no « non-finite » line; a hidden check has no revealed values). Verdicts that a check file words
itself (`C.expect(condition, "…")`) carry no code: they are French, as the course is.
"""

from __future__ import annotations

from typing import Any

LANGS = ("fr", "en")

# code → language → (summary, detail lines, hint or None)
Entry = dict[str, tuple[str, tuple[str, ...], str | None]]

VERDICTS: dict[str, Entry] = {
    "undefined": {
        "fr": ("{article} {kind} `{name}` n'est pas définie (ou vaut None).", (), None),
        "en": ("`{name}` is not defined (or is None).", (), None)},
    "ellipsis": {
        "fr": ("`{name}` vaut encore `...` : complétez l'énoncé.", (), None),
        "en": ("`{name}` is still `...`: complete the statement.", (), None)},
    "not_callable": {
        "fr": ("`{name}` devrait être appelable, c'est un objet de type {type}.", (), None),
        "en": ("`{name}` should be callable; it is an object of type {type}.", (), None)},
    "not_implemented": {
        "fr": ("`{name}` lève NotImplementedError : la fonction n'est pas encore écrite.", (),
               None),
        "en": ("`{name}` raises NotImplementedError: the function is not written yet.", (),
               None)},
    "raised": {
        "fr": ("L'appel de `{name}` a levé {error} : {message}", (), None),
        "en": ("Calling `{name}` raised {error}: {message}", (), None)},
    "returned_none": {
        "fr": ("`{name}` a renvoyé None au lieu d'un tenseur.", (),
               "avez-vous oublié le `return` ?"),
        "en": ("`{name}` returned None instead of a tensor.", (),
               "did you forget the `return`?")},
    "not_tensor": {
        "fr": ("`{name}` devrait renvoyer un tenseur ou un nombre, reçu un objet de type "
               "{type}.", (), None),
        "en": ("`{name}` should return a tensor or a number; got an object of type {type}.", (),
               None)},
    "not_scalar": {
        "fr": ("`{name}` devrait être un scalaire, reçu une forme {shape}.", (), None),
        "en": ("`{name}` should be a scalar; got shape {shape}.", (), None)},
    "not_finite": {
        "fr": ("`{name}` vaut {value} (valeur non finie).", (), None),
        "en": ("`{name}` is {value} (not finite).", (), None)},
    "shape": {
        "fr": ("`{name}` a la forme {got}, attendu {expected}.", (), None),
        "en": ("`{name}` has shape {got}, expected {expected}.", (), None)},
    "batch_shape": {
        "fr": ("`{name}` renvoie la forme {got} pour un lot de {batch} images, attendu "
               "{expected}.", (), None),
        "en": ("`{name}` returns shape {got} for a batch of {batch} images, expected "
               "{expected}.", (), None)},
    "equal": {
        "fr": ("`{name}` vaut {got}, ce n'est pas la valeur attendue.", (), None),
        "en": ("`{name}` is {got}, which is not the expected value.", (), None)},
    "equal_revealed": {
        "fr": ("`{name}` vaut {got}, attendu {expected}.", (), None),
        "en": ("`{name}` is {got}, expected {expected}.", (), None)},
    "values": {
        "fr": ("`{name}` ne donne pas les bonnes valeurs.",
               ("Éléments différents : {mismatched} / {total} ({percent_fr} %)",
                "Valeurs non finies (nan/inf) : {nonfinite}",
                "Plus grand écart absolu : {abs_error} à l'indice {abs_index} (tolérance {atol})",
                "Plus grand écart relatif : {rel_error} à l'indice {rel_index} "
                "(tolérance {rtol})",
                "À l'indice {abs_index} : obtenu {got}, attendu {expected}"), None),
        "en": ("`{name}` does not give the right values.",
               ("Differing elements: {mismatched} / {total} ({percent} %)",
                "Non-finite values (nan/inf): {nonfinite}",
                "Largest absolute error: {abs_error} at index {abs_index} (tolerance {atol})",
                "Largest relative error: {rel_error} at index {rel_index} (tolerance {rtol})",
                "At index {abs_index}: got {got}, expected {expected}"), None)},
    "scalar": {
        "fr": ("`{name}` vaut {got}, ce n'est pas la valeur attendue.",
               ("Écart relatif : {relative_error} (tolérance {tolerance})",), None),
        "en": ("`{name}` is {got}, which is not the expected value.",
               ("Relative error: {relative_error} (tolerance {tolerance})",), None)},
    "scalar_revealed": {
        "fr": ("`{name}` vaut {got}, attendu {expected}.",
               ("Écart relatif : {relative_error} (tolérance {tolerance})",), None),
        "en": ("`{name}` is {got}, expected {expected}.",
               ("Relative error: {relative_error} (tolerance {tolerance})",), None)},
    "range": {
        "fr": ("`{name}` vaut {got}, hors de l'intervalle attendu [{low}, {high}].", (), None),
        "en": ("`{name}` is {got}, outside the expected interval [{low}, {high}].", (), None)},
    "dtype": {
        "fr": ("`{name}` est de type {got}, attendu {expected}.", (), None),
        "en": ("`{name}` has type {got}, expected {expected}.", (), None)},
    "dtype_kept": {
        "fr": ("`{name}` renvoie un résultat de type {got} pour une entrée {given} : le type "
               "de l'entrée doit être conservé.", (),
               "calculez dans le type de l'entrée (pas de `.float()`, ni de constante créée "
               "dans un autre type)."),
        "en": ("`{name}` returns a result of type {got} for a {given} input: the input's type "
               "must be kept.", (),
               "compute in the input's type (no `.float()`, no constant created in another "
               "type).")},
    "argument_modified": {
        "fr": ("`{name}` modifie son argument {argument} en place, ce que l'énoncé interdit.",
               (), "travaillez sur une copie (`x.clone()`) ou avec des opérations qui créent un "
               "nouveau tenseur (`x = x + …` plutôt que `x += …`)."),
        "en": ("`{name}` changes its argument {argument} in place, which the statement "
               "forbids.", (), "work on a copy (`x.clone()`) or with operations that create a "
               "new tensor (`x = x + …` rather than `x += …`).")},
    "generator_global": {
        "fr": ("`{name}` tire dans le générateur global de PyTorch alors qu'un générateur lui "
               "est donné (`{keyword}`).", (),
               "passez `generator={keyword}` à chaque tirage (`torch.rand`, `torch.randn`, "
               "`torch.randint`, `torch.randperm`…)."),
        "en": ("`{name}` draws from PyTorch's global generator although it is given one "
               "(`{keyword}`).", (),
               "pass `generator={keyword}` to every draw (`torch.rand`, `torch.randn`, "
               "`torch.randint`, `torch.randperm`…).")},
    "generator_not_sole_source": {
        "fr": ("Avec le même générateur `{keyword}` (même état), `{name}` ne donne pas le même "
               "résultat : le tirage dépend d'autre chose que de ce générateur.", (),
               "tirez uniquement avec le générateur donné, sans autre source d'aléa."),
        "en": ("With the same generator `{keyword}` (same state), `{name}` does not give the "
               "same result: the draw depends on something other than that generator.", (),
               "draw only with the given generator, from no other source of randomness.")},
    "generator_ignored": {
        "fr": ("`{name}` donne le même résultat pour deux générateurs `{keyword}` dans des états "
               "différents : le générateur donné est ignoré.", (),
               "utilisez le générateur reçu au lieu d'en créer un (ou d'une graine fixe)."),
        "en": ("`{name}` gives the same result for two generators `{keyword}` in different "
               "states: the given generator is ignored.", (),
               "use the generator received instead of creating one (or a fixed seed).")},
    "not_indices": {
        "fr": ("`{name}` devrait contenir des entiers (des indices), reçu des valeurs non "
               "entières.", (), None),
        "en": ("`{name}` should hold integers (indices); got non-integer values.", (), None)},
    "outside_support": {
        "fr": ("`{name}` tire la valeur {value}, qui ne peut pas être tirée.", (), None),
        "en": ("`{name}` draws the value {value}, which cannot be drawn.", (), None)},
    "frequency": {
        "fr": ("`{name}` tire la valeur {value} {count} fois sur {n}, attendu environ "
               "{expected} ({z} écarts-types d'écart).", (), None),
        "en": ("`{name}` draws the value {value} {count} times out of {n}, expected about "
               "{expected} ({z} standard deviations off).", (), None)},
    "affine": {
        "fr": ("`{name}` est affine en son entrée : la non-linéarité demandée manque (ou ne "
               "s'applique pas).", (), None),
        "en": ("`{name}` is affine in its input: the required non-linearity is missing (or "
               "never applied).", (), None)},
    "not_affine": {
        "fr": ("`{name}` n'est pas affine en son entrée alors que l'énoncé la veut linéaire.",
               (), None),
        "en": ("`{name}` is not affine in its input although the statement makes it linear.",
               (), None)},
    "not_equivariant": {
        "fr": ("Permuter l'entrée de `{name}` selon la dimension {dim} ne permute pas la "
               "sortie de la même façon : les positions ne sont pas traitées de la même "
               "manière.", (), None),
        "en": ("Permuting the input of `{name}` along dimension {dim} does not permute the "
               "output the same way: positions are not processed alike.", (), None)},
    "not_invariant": {
        "fr": ("Permuter l'entrée de `{name}` selon la dimension {dim} change la sortie, qui "
               "ne devrait pas dépendre de l'ordre.", (), None),
        "en": ("Permuting the input of `{name}` along dimension {dim} changes the output, "
               "which should not depend on the order.", (), None)},
    "loss_not_scalar": {
        "fr": ("`{name}` devrait renvoyer un scalaire (la perte), reçu la forme {shape}.", (),
               None),
        "en": ("`{name}` should return a scalar (the loss); got shape {shape}.", (), None)},
    "graph_cut": {
        "fr": ("La sortie de `{name}` ne dépend pas des paramètres dans le graphe d'autograd.",
               (), "un `.detach()`, `.item()` ou passage par numpy coupe le graphe."),
        "en": ("The output of `{name}` does not depend on the parameters in the autograd "
               "graph.", (), "a `.detach()`, `.item()` or a detour through numpy cuts the "
               "graph.")},
    "inputs_graph_cut": {
        "fr": ("La sortie de `{name}` ne dépend pas de ses entrées dans le graphe d'autograd.",
               (), None),
        "en": ("The output of `{name}` does not depend on its inputs in the autograd graph.",
               (), None)},
    "grads_not_mapping": {
        "fr": ("`{name}` devrait renvoyer un dictionnaire de gradients ({keys}), reçu {type}.",
               (), None),
        "en": ("`{name}` should return a dictionary of gradients ({keys}); got {type}.", (),
               None)},
    "grads_missing": {
        "fr": ("`{name}` ne renvoie pas le gradient de {missing} (clés reçues : {received}).",
               (), None),
        "en": ("`{name}` does not return the gradient of {missing} (keys received: "
               "{received}).", (), None)},
    "grad_shape": {
        "fr": ("Le gradient de `{name}` par rapport à `{param}` a la forme {got}, attendu "
               "{expected}.", (), None),
        "en": ("The gradient of `{name}` with respect to `{param}` has shape {got}, expected "
               "{expected}.", (), None)},
    "grad_wrong": {
        "fr": ("Le gradient de `{name}` par rapport à `{param}` est faux.",
               ("Erreur relative : {relative_error} (tolérance {tolerance})",), None),
        "en": ("The gradient of `{name}` with respect to `{param}` is wrong.",
               ("Relative error: {relative_error} (tolerance {tolerance})",), None)},
    "gradcheck": {
        "fr": ("`{name}` échoue à gradcheck (float64) : le gradient analytique ne correspond "
               "pas aux différences finies.",
               ("PyTorch : {torch_message}",
                "Dérivée directionnelle : écart relatif {directional_error}"), None),
        "en": ("`{name}` fails gradcheck (float64): the analytical gradient does not match "
               "finite differences.",
               ("PyTorch: {torch_message}",
                "Directional derivative: relative gap {directional_error}"), None)},
    "not_module": {
        "fr": ("`{name}` devrait renvoyer un `nn.Module`, reçu {type}.", (), None),
        "en": ("`{name}` should return an `nn.Module`; got {type}.", (), None)},
    "no_parameters": {
        "fr": ("Le modèle renvoyé par `{name}` n'a aucun paramètre entraînable.", (), None),
        "en": ("The model returned by `{name}` has no trainable parameter.", (), None)},
    "no_loss_curve": {
        "fr": ("L'entraînement de `{name}` n'a pas renvoyé de courbe de perte.", (), None),
        "en": ("Training `{name}` returned no loss curve.", (), None)},
    "diverged": {
        "fr": ("La perte de `{name}` diverge pendant l'entraînement (nan/inf).", (), None),
        "en": ("The loss of `{name}` diverges during training (nan/inf).", (), None)},
    "accuracy": {
        "fr": ("`{name}` atteint une précision de {value} % sur l'ensemble de test du "
               "correcteur, sous le seuil de {threshold} %.",
               ("Budget ({device}) : {epochs} époque(s) sur {train_size} images, lots de "
                "{batch_size}.",), None),
        "en": ("`{name}` reaches an accuracy of {value} % on the grader's test set, below the "
               "threshold of {threshold} %.",
               ("Budget ({device}): {epochs} epoch(s) on {train_size} images, batches of "
                "{batch_size}.",), None)},
    "uncalibrated": {
        "fr": ("Seuil non calibré pour ces données ({dataset}, {data_fr}, {device}) : la "
               "précision de `{name}` ({value} %) n'est pas jugée et cette vérification ne "
               "rapporte aucun point.",
               ("Ce n'est pas une erreur de votre part : l'enseignant doit calibrer le seuil sur "
                "ces données (`autograder calibrate {exercise} --device {device}`) puis "
                "recorriger.",), None),
        "en": ("Threshold not calibrated for this data ({dataset}, {data}, {device}): the "
               "accuracy of `{name}` ({value} %) is not judged and this check earns no points.",
               ("Not your mistake: the instructor must calibrate the threshold on this data "
                "(`autograder calibrate {exercise} --device {device}`) and grade again.",),
               None)},
    "no_source": {
        "fr": ("Le code source de `{name}` est introuvable : définissez-le dans une cellule du "
               "notebook.", (), None),
        "en": ("The source code of `{name}` cannot be found: define it in a notebook cell.", (),
               None)},
    "forbidden": {
        "fr": ("`{name}` utilise {found}, interdit par l'énoncé.", (), None),
        "en": ("`{name}` uses {found}, which the statement forbids.", (), None)},
    "missing_name": {
        "fr": ("`{name}` n'est pas défini dans le notebook (ou vaut None) : la vérification ne "
               "peut pas s'exécuter.", (), None),
        "en": ("`{name}` is not defined in the notebook (or is None): the check cannot run.",
               (), None)},
    "check_timeout": {
        "fr": ("Temps dépassé : la vérification a duré plus de {seconds} s.", (), None),
        "en": ("Time limit exceeded: the check ran for more than {seconds} s.", (), None)},
    "check_error": {
        "fr": ("La vérification a échoué sur une erreur {error}.", ("{message}",), None),
        "en": ("The check failed on an error {error}.", ("{message}",), None)},
    "not_run": {
        "fr": ("Vérification non exécutée (arrêt avant la fin).", (), None),
        "en": ("Check not run (grading stopped before the end).", (), None)},
    "proxy_limit": {
        "fr": ("`{name}` : la vérification demande trop aux objets du notebook ({limit} "
               "{what_fr}) et s'arrête.", (), None),
        "en": ("`{name}`: the check asks too much of the notebook's objects ({limit} {what}) "
               "and stops.", (), None)},
    "interrupted_timeout": {
        "fr": ("Vérification interrompue : le temps limite de la soumission est dépassé "
               "pendant son exécution.", (), None),
        "en": ("Check interrupted: the submission's time limit was exceeded while it ran.", (),
               None)},
    "interrupted_lost": {
        "fr": ("Vérification interrompue : le notebook s'est arrêté ou a rompu le protocole "
               "pendant son exécution.", (), None),
        "en": ("Check interrupted: the notebook stopped or broke the protocol while it ran.", (),
               None)},
}


def fill(template: str, params: dict[str, Any]) -> str:
    """`template` with `params` (lists shown as tuples); "" when a parameter is missing."""
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return ""


def render(code: str, params: dict[str, Any], lang: str) -> tuple[str, list[str], str | None]:
    """Summary, detail lines and library hint of verdict `code` in `lang`."""
    summary, details, hint = VERDICTS[code][lang]
    lines = [line for line in (fill(d, params) for d in details) if line]
    return fill(summary, params), lines, hint
