"""The clinic's outcome settings: the clinically important change thresholds, the fewest
answered BCTQ items a scale is scored on, and the clinic's own licensed BCTQ wording.

They live in the clinic settings' ``extra`` dict under one key (``"outcomes"``), so every
workstation of a clinic judges and words the questionnaire the same way. Stored as plain
JSON (Decimals as strings); read back with the same checks as fresh input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.bctq import BctqMinimum
from wristcare.clinic.outcomes.bctq_entry import BctqItem, validate_wording
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.setting import declared, to_json

EXTRA_KEY = "outcomes"
_PARTS = ("thresholds", "bctq_minimum", "bctq_wording")


@dataclass(frozen=True)
class OutcomeSettings:
    """Thresholds, the BCTQ minimum and the clinic's BCTQ wording (item -> text; items
    left out show their topic label)."""

    thresholds: OutcomeThresholds = field(default_factory=OutcomeThresholds)
    bctq_minimum: BctqMinimum = field(default_factory=BctqMinimum)
    bctq_wording: Mapping[BctqItem, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready form kept in the clinic settings' ``extra``."""
        return {
            "thresholds": self.thresholds.to_json(),
            "bctq_minimum": to_json(self.bctq_minimum),
            "bctq_wording": {item.key: text for item, text in sorted(
                self.bctq_wording.items(), key=lambda pair: (pair[0].scale, pair[0].number)
            )},
        }  # fmt: skip


def _prefixed(prefix: str, problems: Mapping[str, str]) -> dict[str, str]:
    return {f"{prefix}.{key}": message for key, message in problems.items()}


def outcome_settings_from_json(data: object) -> OutcomeSettings:
    """Outcome settings read from their JSON form (parts left out take the defaults).

    Raises ``ValidationError`` with keys such as ``"thresholds.bctq_sss"``,
    ``"bctq_minimum.symptoms"`` or ``"bctq_wording.bctq_fss.3"``."""
    if not isinstance(data, Mapping):
        raise ValidationError({EXTRA_KEY: "The outcome settings must be a set of named values."})
    unknown = sorted(set(data) - set(_PARTS))
    if unknown:
        raise ValidationError({str(key): f"Unknown outcome setting {key!r}." for key in unknown})
    problems: dict[str, str] = {}
    thresholds, minimum, wording = OutcomeThresholds(), BctqMinimum(), {}
    raw = data.get("thresholds", {})
    try:
        if not isinstance(raw, Mapping):
            raise ValidationError({"": "The thresholds must be a set of named values."})
        thresholds = OutcomeThresholds.from_json(raw)
    except (ValidationError, TypeError) as error:
        fields = getattr(error, "fields", {"": "The thresholds cannot be read."})
        problems.update(_prefixed("thresholds", fields))
    raw = data.get("bctq_minimum", {})
    try:
        if not isinstance(raw, Mapping) or set(raw) - set(declared(BctqMinimum)):
            raise ValidationError({"": "The BCTQ minimum has symptoms and function only."})
        minimum = BctqMinimum(**raw)
    except ValidationError as error:
        problems.update(_prefixed("bctq_minimum", error.fields))
    raw = data.get("bctq_wording", {})
    try:
        if not isinstance(raw, Mapping):
            raise ValidationError({"": "The BCTQ wording must be item -> text."})
        wording = validate_wording(raw)
    except ValidationError as error:
        problems.update(_prefixed("bctq_wording", error.fields))
    if problems:
        raise ValidationError({key.rstrip("."): message for key, message in problems.items()})
    return OutcomeSettings(thresholds, minimum, wording)


def outcome_settings_of(extra: Mapping[str, Any] | None) -> OutcomeSettings:
    """The outcome settings kept in a clinic settings ``extra`` dict (defaults when none
    are kept). Stored values were checked when saved; a value that no longer reads (a
    hand-edited database) falls back to the defaults rather than stopping the app."""
    data = (extra or {}).get(EXTRA_KEY)
    if data is None:
        return OutcomeSettings()
    try:
        return outcome_settings_from_json(data)
    except ValidationError:
        return OutcomeSettings()


def outcome_settings_problems(extra: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with the outcome settings in ``extra`` (empty when nothing is)."""
    if EXTRA_KEY not in extra:
        return {}
    try:
        outcome_settings_from_json(extra[EXTRA_KEY])
    except ValidationError as error:
        return {f"{EXTRA_KEY}.{key}": message for key, message in error.fields.items()}
    return {}
