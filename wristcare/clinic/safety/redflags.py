"""The red-flag screen at intake and every session (clinical.md section 3): pure functions."""

from __future__ import annotations

from dataclasses import dataclass, fields

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.safety.findings import Finding, by_level, finding_of
from wristcare.clinic.safety.rulebook import RuleBook, rule_book
from wristcare.clinic.text import fold

SEVERITY_GRADES = {"mild": "Mild", "moderate": "Moderate", "severe": "Severe"}
# Systemic causes the health history may already name, and the words that name them.
_SYSTEMIC_WORDS = {
    "hypothyroidism": ("hypothyroid", "underactive thyroid"),
    "rheumatoid arthritis": ("rheumatoid",),
}


@dataclass(frozen=True)
class RedFlagSigns:
    """What the session note (or intake) recorded, as the red-flag screen reads it.

    ``no_improvement`` comes from the outcome rules: no clinically important improvement
    after ``weeks_of_care`` weeks of conservative care.
    """

    thenar_wasting: bool = False
    weak_thumb_abduction: bool = False
    constant_numbness: bool = False
    sudden_progression: bool = False
    injury_or_recent_fracture: bool = False
    lump_at_wrist: bool = False
    after_carpal_tunnel_surgery: bool = False
    severity: str = ""
    unclear_diagnosis: bool = False
    no_improvement: bool = False
    weeks_of_care: int | None = None
    bilateral: bool = False
    glove_and_stocking: bool = False

    @property
    def severe_grade(self) -> bool:
        """Graded severe (UK commissioning grade)."""
        return self.severity == "severe"


def sign_names() -> frozenset[str]:
    """The sign names a red-flag rule may read."""
    booleans = {f.name for f in fields(RedFlagSigns) if f.type == "bool"}
    return frozenset(booleans | {"severe_grade"})


def _systemic_on_record(history: HealthHistoryDetails | None) -> str:
    if history is None:
        return ""
    found = []
    if history.diabetes:
        found.append("diabetes")
    if history.pregnant:
        found.append("pregnancy")
    conditions = fold(f"{history.conditions} {history.medications}")
    found += [
        name for name, words in _SYSTEMIC_WORDS.items() if any(w in conditions for w in words)
    ]
    return f" (on record: {', '.join(found)})" if found else ""


def _pattern(signs: RedFlagSigns) -> str:
    if signs.bilateral and signs.glove_and_stocking:
        return "Bilateral symptoms in a glove-and-stocking pattern"
    return "Bilateral symptoms" if signs.bilateral else "Glove-and-stocking pattern"


def _values(
    signs: RedFlagSigns, history: HealthHistoryDetails | None, book: RuleBook
) -> dict[str, str]:
    return {
        "weeks": str(signs.weeks_of_care or book.parameters.no_improvement_weeks),
        "pattern": _pattern(signs),
        "recorded": _systemic_on_record(history),
    }


def screen_red_flags(
    signs: RedFlagSigns,
    history: HealthHistoryDetails | None = None,
    book: RuleBook | None = None,
) -> list[Finding]:
    """The red flags (level ``refer``) and the softer systemic-cause prompt (``info``).

    Each red flag asks for a referral or a documented reason not to refer; the prompt
    names the systemic causes already in the health history.
    """
    book = book or rule_book()
    if signs.severity and signs.severity not in SEVERITY_GRADES:
        raise ValidationError({"severity": "Choose mild, moderate or severe"})
    findings = []
    for rule in book.rules:
        if rule.kind != "red_flag":
            continue
        present = tuple(name for name in rule.signs if getattr(signs, name))
        if present:
            values = _values(signs, history, book)
            findings.append(finding_of(rule, book, values, fields=present))
    return by_level(findings)
