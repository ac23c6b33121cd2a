"""One check's verdict, the same record from the run of the check to the stored result."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class CheckResult:
    """What one check concluded: `passed`, and for a failure its parts (`summary`, `details`,
    `hint`; `code` and `params` key the verdict catalogue so that other languages render it);
    `observations` are what it measured (`checks.observe`). Scoring sets `points` and
    `possible` from the check specs the grader parsed itself."""

    question: str
    name: str
    hidden: bool
    passed: bool
    seconds: float
    summary: str = ""
    details: tuple[str, ...] = ()
    hint: str | None = None
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    observations: tuple[dict[str, Any], ...] = ()
    points: float = 0.0
    possible: float = 0.0

    @property
    def message(self) -> str:
        """The French text: the summary line, then the details, then the hint."""
        lines = [self.summary, *(f"  {d}" for d in self.details)]
        if self.hint:
            lines.append(f"  Piste : {self.hint}")
        return "\n".join(lines) if self.summary else ""

    def scored(self, possible: float) -> CheckResult:
        return replace(self, points=possible if self.passed else 0.0, possible=possible)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        """A stored check (schemas 2 and 3 also stored the rendered `message`)."""
        data = {k: v for k, v in data.items() if k != "message"}
        return cls(**{**data, "details": tuple(data.get("details", ())),
                      "observations": tuple(data.get("observations", ()))})
