"""French and English text of the report pages, and the catalogue of library verdicts.

Library raise sites give a `code` and `params` (see `checks.failure.CheckFailure`); French pages
show the stored French text, other languages render the catalogue entry. Verdicts without a
code (text written in an exercise's check file) stay French and are marked as such.
"""

from __future__ import annotations

from typing import Any

LANGS = ("fr", "en")

CHROME: dict[str, dict[str, str]] = {
    "fr": {
        "feedback": "Retour de correction", "report": "Rapport de correction",
        "exercise": "Exercice", "student": "Étudiant·e", "score": "Note", "status": "Statut",
        "runtime": "Durée d'exécution", "isolation": "Isolation", "question": "Question",
        "points": "Points", "check": "Vérification", "result": "Résultat",
        "passed": "réussie", "failed": "échouée", "hidden": "cachée", "public": "publique",
        "hint": "Piste", "expected_got": "Attendu / obtenu",
        "manual": "Questions rédigées", "awaiting": "en attente d'un correcteur",
        "comment": "Commentaire", "cell_errors": "Cellules en erreur", "cell": "Cellule",
        "loss_curve": "Perte observée pendant l'entraînement de votre modèle",
        "grad_errors": "Erreur relative du gradient par paramètre",
        "accuracy": "Précision atteinte", "threshold": "seuil", "timing": "Durée mesurée",
        "step": "pas d'optimisation", "loss": "perte", "parameter": "paramètre",
        "relative_error": "erreur relative", "tolerance": "tolérance",
        "wrong_shape": "forme fausse", "datasets": "Données", "message": "Message",
        "distribution": "Distribution des notes", "students": "Étudiant·es",
        "by_status": "Soumissions par statut", "question_rates": "Réussite par question",
        "check_rates": "Réussite par vérification", "pass_rate": "taux de réussite",
        "frequent": "Explications d'échec les plus fréquentes", "count": "nombre",
        "runtimes": "Distribution des durées", "seconds": "secondes", "mean": "moyenne",
        "median": "médiane", "submissions": "soumissions", "full_marks": "notes à 100 %",
        "first_problem": "Premier problème", "none": "aucune", "answer": "Réponse",
        "no_answer": "(pas de réponse)", "max_points": "points maximum",
        "in_french": "(en français)", "hint_in_french": "(piste en français)",
        "graded": "corrigé", "timeout": "temps dépassé", "crashed": "interrompu",
        "invalid": "invalide", "not_run": "non exécutée",
        "incidents": "Incidents de correction (page enseignant·e seulement)",
        "reason": "Raison", "exit": "Fin du processus", "oom": "mémoire épuisée (tué par le "
        "noyau)", "stderr": "Fin de la sortie d'erreur du notebook",
        "grader_cpu": "CPU du correcteur",
        "uncalibrated": "seuil non calibré pour ces données",
        "uncalibrated_banner": "Seuil non calibré pour ces données : ces vérifications de "
                               "précision n'ont pas été jugées et n'ont rapporté aucun point. "
                               "Calibrez le seuil sur ces données (autograder calibrate), puis "
                               "recorrigez dans un nouveau dossier.",
        "hidden_note": "Les vérifications cachées ne montrent ni leurs entrées ni les valeurs "
                       "attendues : seulement la propriété qui n'est pas respectée.",
        "unidentified": "Entrées invalides sans identité LMS",
        "unidentified_help": "Aucun système de notes ne peut les attribuer (ni nom LMS, ni "
                             "ligne de --roster) : elles ne figurent dans aucun carnet de "
                             "notes exporté.",
    },
    "en": {
        "feedback": "Grading feedback", "report": "Grading report",
        "exercise": "Exercise", "student": "Student", "score": "Score", "status": "Status",
        "runtime": "Runtime", "isolation": "Isolation", "question": "Question",
        "points": "Points", "check": "Check", "result": "Result",
        "passed": "passed", "failed": "failed", "hidden": "hidden", "public": "public",
        "hint": "Hint", "expected_got": "Expected / got",
        "manual": "Written questions", "awaiting": "awaiting a human grader",
        "comment": "Comment", "cell_errors": "Cells with errors", "cell": "Cell",
        "loss_curve": "Loss observed while training your model",
        "grad_errors": "Relative gradient error per parameter",
        "accuracy": "Accuracy reached", "threshold": "threshold", "timing": "Measured time",
        "step": "optimisation step", "loss": "loss", "parameter": "parameter",
        "relative_error": "relative error", "tolerance": "tolerance",
        "wrong_shape": "wrong shape", "datasets": "Data", "message": "Message",
        "distribution": "Score distribution", "students": "Students",
        "by_status": "Submissions by status", "question_rates": "Pass rate per question",
        "check_rates": "Pass rate per check", "pass_rate": "pass rate",
        "frequent": "Most frequent failure explanations", "count": "count",
        "runtimes": "Runtime distribution", "seconds": "seconds", "mean": "mean",
        "median": "median", "submissions": "submissions", "full_marks": "full marks",
        "first_problem": "First problem", "none": "none", "answer": "Answer",
        "no_answer": "(no answer)", "max_points": "maximum points",
        "in_french": "(in French)", "hint_in_french": "(hint in French)",
        "graded": "graded", "timeout": "timeout", "crashed": "crashed",
        "invalid": "invalid", "not_run": "not run",
        "incidents": "Grading incidents (instructor page only)",
        "reason": "Reason", "exit": "Process end", "oom": "out of memory (killed by the kernel)",
        "stderr": "End of the notebook's stderr", "grader_cpu": "grader CPU",
        "uncalibrated": "threshold not calibrated for this data",
        "uncalibrated_banner": "Threshold not calibrated for this data: these accuracy checks "
                               "were not judged and earned no points. Calibrate the threshold "
                               "on this data (autograder calibrate), then grade again into a "
                               "new folder.",
        "hidden_note": "Hidden checks show neither their inputs nor their expected values: "
                       "only the property that does not hold.",
        "unidentified": "Invalid inputs without an LMS identity",
        "unidentified_help": "No gradebook can attribute them (no LMS name, no --roster row): "
                             "they are in none of the exported gradebooks.",
    },
}

# code → English summary and detail lines (French text is stored with each result).
VERDICTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "undefined": ("`{name}` is not defined (or is None).", ()),
    "ellipsis": ("`{name}` is still `...`: complete the statement.", ()),
    "not_callable": ("`{name}` should be callable; it is an object of type {type}.", ()),
    "not_implemented": ("`{name}` raises NotImplementedError: the function is not written "
                        "yet.", ()),
    "raised": ("Calling `{name}` raised {error}: {message}", ()),
    "returned_none": ("`{name}` returned None instead of a tensor.", ()),
    "not_tensor": ("`{name}` should return a tensor or a number; got an object of type "
                   "{type}.", ()),
    "not_scalar": ("`{name}` should be a scalar; got shape {shape}.", ()),
    "not_finite": ("`{name}` is {value} (not finite).", ()),
    "shape": ("`{name}` has shape {got}, expected {expected}.", ()),
    "equal": ("`{name}` is {got}, which is not the expected value.", ()),
    "equal_revealed": ("`{name}` is {got}, expected {expected}.", ()),
    "values": ("`{name}` does not give the right values ({mismatched} / {total} elements "
               "differ).", ()),
    "scalar": ("`{name}` is {got}, which is not the expected value.",
               ("Relative error: {relative_error} (tolerance {tolerance})",)),
    "scalar_revealed": ("`{name}` is {got}, expected {expected}.",
                        ("Relative error: {relative_error} (tolerance {tolerance})",)),
    "range": ("`{name}` is {got}, outside the expected interval [{low}, {high}].", ()),
    "loss_not_scalar": ("`{name}` should return a scalar (the loss); got shape {shape}.", ()),
    "graph_cut": ("The output of `{name}` does not depend on the parameters in the autograd "
                  "graph.", ()),
    "grads_not_mapping": ("`{name}` should return a dictionary of gradients {keys}; got "
                          "{type}.", ()),
    "grads_missing": ("`{name}` does not return the gradient of {missing} (keys received: "
                      "{received}).", ()),
    "grad_shape": ("The gradient of `{name}` with respect to `{param}` has shape {got}, "
                   "expected {expected}.", ()),
    "grad_wrong": ("The gradient of `{name}` with respect to `{param}` is wrong.",
                   ("Relative error: {relative_error} (tolerance {tolerance})",)),
    "gradcheck": ("`{name}` fails gradcheck (float64): the analytical gradient does not match "
                  "finite differences.", ()),
    "not_module": ("`{name}` should return an `nn.Module`; got {type}.", ()),
    "no_parameters": ("The model returned by `{name}` has no trainable parameter.", ()),
    "diverged": ("The loss of `{name}` diverges during training (nan/inf).", ()),
    "accuracy": ("`{name}` reaches an accuracy of {value} % on the grader's test set, below "
                 "the threshold of {threshold} %.",
                 ("Budget ({device}): {epochs} epoch(s) on {train_size} images, batches of "
                  "{batch_size}.",)),
    "uncalibrated": ("Threshold not calibrated for this data ({dataset}, {data}, {device}): "
                     "the accuracy of `{name}` ({value} %) is not judged and this check earns "
                     "no points.",
                     ("Not your mistake: the instructor must calibrate the threshold on this "
                      "data (`autograder calibrate {exercise} --device {device}`) and grade "
                      "again.",)),
    "no_source": ("The source code of `{name}` cannot be found: define it in a notebook "
                  "cell.", ()),
    "forbidden": ("`{name}` uses {found}, which the statement forbids.", ()),
    "missing_name": ("`{name}` is not defined in the notebook (or is None): the check cannot "
                     "run.", ()),
    "check_timeout": ("Time limit exceeded: the check ran for more than {seconds} s.", ()),
    "check_error": ("The check failed on an error {error}. {message}", ()),
    "not_run": ("Check not run (grading stopped before the end).", ()),
    "proxy_limit": ("`{name}`: {limit} reached for what a check may ask of the notebook's "
                    "objects; the check stops.", ()),
    "interrupted_timeout": ("Check interrupted: the submission's time limit was exceeded while "
                            "it ran.", ()),
    "interrupted_lost": ("Check interrupted: the notebook stopped or broke the protocol while "
                         "it ran.", ()),
}

LIBRARY_HINTS = {
    "returned_none": "did you forget the `return`?",
    "graph_cut": "a `.detach()`, `.item()` or a detour through numpy cuts the graph.",
}


def text(lang: str) -> dict[str, str]:
    return CHROME[lang]


def _fill(template: str, params: dict[str, Any]) -> str:
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return ""


def verdict(check: Any, lang: str) -> dict[str, Any]:
    """A failed check's summary, detail lines and hint in `lang`, with `translated` False where
    the text (or its details, or its hint) could only be shown in French."""
    if lang == "fr":
        return {"summary": check.summary or check.message, "details": list(check.details),
                "hint": check.hint, "translated": True, "details_translated": True,
                "hint_translated": True}
    entry = VERDICTS.get(check.code or "")
    summary = _fill(entry[0], check.params).strip() if entry else ""
    if not summary:
        return {"summary": check.summary or check.message, "details": list(check.details),
                "hint": check.hint, "translated": False, "details_translated": False,
                "hint_translated": False}
    details = [_fill(d, check.params) for d in entry[1]] if entry[1] else list(check.details)
    details_translated = bool(entry[1]) or not check.details
    hint, hint_translated = check.hint, check.hint is None
    if check.hint and check.code in LIBRARY_HINTS:
        hint, hint_translated = LIBRARY_HINTS[check.code], True
    return {"summary": summary, "details": details, "hint": hint, "translated": True,
            "details_translated": details_translated, "hint_translated": hint_translated}
