"""Points from verdicts: a pure function of the question specs and the check outcomes."""

from __future__ import annotations

from collections.abc import Iterable

from autograder.grading.checkfiles import QuestionSpec
from autograder.grading.verdict import CheckResult


def question_scores(specs: Iterable[QuestionSpec],
                    outcomes: Iterable[CheckResult]) -> dict[str, float]:
    """Points earned per question; a check with no outcome earns nothing."""
    passed = {(o.question, o.name) for o in outcomes if o.passed}
    scores = {}
    for spec in specs:
        earned = [c.points for c in spec.checks if (spec.name, c.name) in passed]
        if spec.all_or_nothing:
            scores[spec.name] = spec.points if len(earned) == len(spec.checks) else 0.0
        else:
            scores[spec.name] = float(sum(earned))
    return scores
