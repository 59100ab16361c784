"""A finding: one rule that fired, in words the practitioner can act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wristcare.clinic.safety.rulebook import Rule, RuleBook, threshold_values
from wristcare.db.vocab import FindingLevel


@dataclass(frozen=True)
class Finding:
    """One rule that fired for this patient and treatment."""

    code: str
    level: FindingLevel
    title: str
    explanation: str
    guidance: str
    source: str
    points: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The finding as one line: title, what fired, what to do."""
        return f"{self.title}. {self.explanation} {self.guidance}"


def finding_of(
    rule: Rule,
    book: RuleBook,
    values: dict[str, Any],
    *,
    points: tuple[str, ...] = (),
    fields: tuple[str, ...] = (),
) -> Finding:
    """A finding for ``rule``, its templates filled from ``values`` and the book's thresholds."""
    values = {**threshold_values(book), **values}
    return Finding(
        code=rule.code,
        level=rule.level,
        title=rule.title,
        explanation=rule.explanation.format(**values),
        guidance=rule.guidance.format(**values),
        source=rule.source,
        points=points,
        fields=fields,
    )


def by_level(findings: list[Finding]) -> list[Finding]:
    """Findings in the order to show them: stops first, then red flags, cautions, notes."""
    return sorted(findings, key=lambda f: f.level.rank)
