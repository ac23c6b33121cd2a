"""French and English text of the report pages; verdicts render from the checks library's
catalogue (`checks/catalogue.py`) by their `code` and `params`. Verdicts without a code (text
written in an exercise's check file) stay French and are marked as such.
"""

from __future__ import annotations

from typing import Any

from autograder.checks import catalogue

LANGS = catalogue.LANGS

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

def text(lang: str) -> dict[str, str]:
    return CHROME[lang]


def verdict(check: Any, lang: str) -> dict[str, Any]:
    """A failed check's summary, detail lines and hint in `lang`, from the one catalogue
    (`checks/catalogue.py`); `translated` False where the text (or its details, or its hint)
    was written in a check file and can only be shown in French."""
    if lang == "fr":
        return {"summary": check.summary or check.message, "details": list(check.details),
                "hint": check.hint, "translated": True, "details_translated": True,
                "hint_translated": True}
    if check.code not in catalogue.VERDICTS:
        return {"summary": check.summary or check.message, "details": list(check.details),
                "hint": check.hint, "translated": False, "details_translated": False,
                "hint_translated": False}
    summary, details, library_hint = catalogue.render(check.code, check.params, lang)
    french_hint = catalogue.VERDICTS[check.code]["fr"][2]
    own_hint = check.hint is not None and check.hint != french_hint
    return {"summary": summary, "details": details,
            "hint": check.hint if own_hint else library_hint, "translated": True,
            "details_translated": True, "hint_translated": not own_hint}
