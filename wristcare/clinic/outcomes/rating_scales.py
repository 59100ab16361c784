"""The 0-10 numeric rating scales of the session note and their total, the Global
Symptom Score (0-50, used in carpal tunnel trials)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.measures import RATING_LABELS

# The five ratings by instrument, in the order the note asks them (outcomes/measures.py).
NRS_INSTRUMENTS: dict[str, str] = RATING_LABELS


def validate_nrs(instrument: str, value: object) -> int:
    """One rating checked: a whole number 0-10 for a known scale."""
    label = NRS_INSTRUMENTS.get(str(instrument))
    if label is None:
        raise ValidationError({str(instrument): f"{instrument!r} is not a 0-10 rating scale."})
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValidationError(
            {str(instrument): f"{label}: the score must be a whole number from 0 to 10."}
        )
    return value


@dataclass(frozen=True)
class GlobalSymptomScore:
    """The sum of the five ratings (0-50), or None with the scales that are missing.

    A sum over fewer than five scales would read as milder symptoms, and scaling it up
    would invent a rating nobody gave, so the score is given only when all five are there.
    """

    total: int | None
    missing: tuple[str, ...]

    def label(self) -> str:
        """ "23 of 50", or why there is no score."""
        if self.total is not None:
            return f"{self.total} of 50"
        names = ", ".join(NRS_INSTRUMENTS[code].lower() for code in self.missing)
        return f"No Global Symptom Score: not rated for {names}."


def global_symptom_score(ratings: Mapping[str, int | None]) -> GlobalSymptomScore:
    """The Global Symptom Score of one sitting from its five ratings (instrument code ->
    0-10, None or absent when not rated). Wrong ratings raise ``ValidationError``."""
    problems: dict[str, str] = {}
    for code in ratings:
        if str(code) not in NRS_INSTRUMENTS:
            problems[str(code)] = f"{code!r} is not part of the Global Symptom Score."
    values: dict[str, int] = {}
    for code in NRS_INSTRUMENTS:
        value = ratings.get(code)
        if value is None:
            continue
        try:
            values[code] = validate_nrs(code, value)
        except ValidationError as error:
            problems.update(error.fields)
    if problems:
        raise ValidationError(problems)
    missing = tuple(code for code in NRS_INSTRUMENTS if code not in values)
    return GlobalSymptomScore(None if missing else sum(values.values()), missing)
