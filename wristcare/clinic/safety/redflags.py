"""The red-flag screen at intake and every session (clinical.md section 3): pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history_details import HealthHistoryDetails
from wristcare.clinic.outcomes.not_improving import NotImprovingFinding
from wristcare.clinic.safety.findings import Finding, by_level, finding_of
from wristcare.clinic.safety.rulebook import RuleBook, rule_book
from wristcare.clinic.text import fold
from wristcare.db.vocab import ExamResult, ExamTest, FindingLevel, Severity, Side

if TYPE_CHECKING:
    # Only for the type: clinic.sessions imports the safety rules, so importing it
    # here at run time would be circular.
    from wristcare.clinic.sessions.details import SessionDetails

# The grades a severity may be (db.vocab.Severity); the words are clinic.sessions.labels'.
SEVERITY_GRADES = frozenset(Severity)
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


# The signs a note cannot record by itself: the screen asks for them, in these words.
ASKED_SIGNS: dict[str, str] = {
    "constant_numbness": "Numbness is constant",
    "sudden_progression": "Symptoms got worse suddenly or quickly",
    "injury_or_recent_fracture": "Began after an injury, or a recent fracture",
    "lump_at_wrist": "A lump at the wrist",
    "after_carpal_tunnel_surgery": "Symptoms after carpal tunnel surgery",
    "unclear_diagnosis": "The diagnosis is unclear",
    "glove_and_stocking": "Numbness in a glove-and-stocking pattern",
}
# Words in the health history's conditions that answer an asked sign already.
_HISTORY_WORDS: dict[str, tuple[str, ...]] = {
    "injury_or_recent_fracture": ("fracture", "broken wrist", "broke her wrist",
                                  "broke his wrist", "wrist injury"),
    "after_carpal_tunnel_surgery": ("carpal tunnel release", "carpal tunnel surgery",
                                    "carpal tunnel decompression", "ctr surgery"),
}  # fmt: skip


@dataclass(frozen=True)
class RecordedSigns:
    """Where each sign came from: ``signs`` for the screen, and for each sign read from
    the record rather than asked, where it was read (for the practitioner to check)."""

    signs: RedFlagSigns
    sources: Mapping[str, str]


def _positive(details: SessionDetails, test: ExamTest) -> str:
    hands = sorted(
        str(f.side) for f in details.findings if f.test is test and f.result is ExamResult.POSITIVE
    )
    return f"examination, {' and '.join(dict.fromkeys(hands))} hand" if hands else ""


def history_signs(history: HealthHistoryDetails | None) -> dict[str, str]:
    """Asked signs the health history already answers: sign -> where it was read."""
    if history is None:
        return {}
    conditions = fold(history.conditions)
    return {
        sign: "health history"
        for sign, words in _HISTORY_WORDS.items()
        if any(word in conditions for word in words)
    }


def gather_signs(
    details: SessionDetails | None,
    answers: Mapping[str, bool],
    history: HealthHistoryDetails | None = None,
    no_improvement: NotImprovingFinding | None = None,
) -> RecordedSigns:
    """The red-flag signs from what is recorded: the note's examination (thenar wasting,
    weak thumb abduction), severity grade and side or digits (bilateral), the health history,
    the outcome rule (no improvement), and the practitioner's ``answers`` to the rest
    (ASKED_SIGNS). ``details`` is None at intake, before any note."""
    unknown = sorted(set(answers) - set(ASKED_SIGNS))
    if unknown:
        raise ValueError(f"not an asked red-flag sign: {unknown[0]}")
    sources: dict[str, str] = {}
    values: dict[str, object] = {name: bool(answers.get(name)) for name in ASKED_SIGNS}
    for sign, source in history_signs(history).items():
        if not values[sign]:
            values[sign] = True
            sources[sign] = source
    if details is not None:
        for sign, test in (
            ("thenar_wasting", ExamTest.THENAR_WASTING),
            ("weak_thumb_abduction", ExamTest.THUMB_ABDUCTION),
        ):
            source = _positive(details, test)
            values[sign] = bool(source)
            if source:
                sources[sign] = source
        if details.severity is not None:
            values["severity"] = str(details.severity)
            sources["severe_grade"] = "assessment, severity grade"
        both_hands = bool(details.digits_left) and bool(details.digits_right)
        if details.side is Side.BILATERAL or both_hands:
            values["bilateral"] = True
            sources["bilateral"] = "side" if details.side is Side.BILATERAL else "digits affected"
    if no_improvement is not None:
        values["no_improvement"] = True
        values["weeks_of_care"] = no_improvement.weeks
        sources["no_improvement"] = f"0-10 scores since {no_improvement.first_measured_on:%d %b %Y}"
    return RecordedSigns(RedFlagSigns(**values), sources)  # type: ignore[arg-type]  # keys: its fields


def flag_codes(findings: Iterable[Finding]) -> tuple[str, ...]:
    """The codes of the red flags (not the softer prompts) among ``findings``."""
    return tuple(f.code for f in findings if f.level is FindingLevel.REFER)


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
