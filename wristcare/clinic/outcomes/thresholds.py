"""Clinically important change: the thresholds a clinic sets (clinical.md sections 1, 3).

Defaults: 0-10 ratings 2 points or 30% of baseline (Farrar 2001), BCTQ symptom scale
1.05 and function scale 1.13 on the mean metric (pooled MCIDs, surgical cohorts; no
conservative-care MCID is published), "not improving" after 8 weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from wristcare.clinic.errors import ValidationError


class NrsRule(StrEnum):
    """How the two NRS thresholds combine."""

    EITHER = "either"  # 2 points or 30%, whichever is reached
    POINTS = "points"
    PERCENT = "percent"
    BOTH = "both"


_BCTQ_LIMIT = Decimal(4)  # a mean on 1-5 cannot change by more


@dataclass(frozen=True)
class OutcomeThresholds:
    """The clinic's thresholds for a clinically important change (a clinic setting)."""

    nrs_points: int = 2
    nrs_percent: int = 30
    nrs_rule: NrsRule = NrsRule.EITHER
    bctq_sss: Decimal = Decimal("1.05")
    bctq_fss: Decimal = Decimal("1.13")
    not_improving_weeks: int = 8

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValidationError(problems)

    def to_json(self) -> dict[str, object]:
        """JSON-ready form for the clinic settings (Decimals as strings, never floats)."""
        return {
            "nrs_points": self.nrs_points,
            "nrs_percent": self.nrs_percent,
            "nrs_rule": str(self.nrs_rule),
            "bctq_sss": str(self.bctq_sss),
            "bctq_fss": str(self.bctq_fss),
            "not_improving_weeks": self.not_improving_weeks,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> OutcomeThresholds:
        """Thresholds read back from settings; keys left out take the defaults, wrong
        values raise ``ValidationError``."""
        unknown = sorted(set(data) - set(cls().to_json()))
        if unknown:
            raise ValidationError({key: f"Unknown threshold {key!r}." for key in unknown})
        values: dict[str, object] = dict(data)
        problems: dict[str, str] = {}
        if "nrs_rule" in values:
            try:
                values["nrs_rule"] = NrsRule(str(values["nrs_rule"]))
            except ValueError:
                problems["nrs_rule"] = "The NRS rule must be either, points, percent or both."
        for key in ("bctq_sss", "bctq_fss"):
            if key in values:
                raw = values[key]
                try:
                    if isinstance(raw, bool) or not isinstance(raw, str | int):
                        raise InvalidOperation
                    values[key] = Decimal(raw)
                except InvalidOperation:
                    problems[key] = 'Write the BCTQ threshold as a number, e.g. "1.05".'
        if problems:
            raise ValidationError(problems)
        return cls(**values)  # type: ignore[arg-type]


def _whole(value: object, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def _problems(thresholds: OutcomeThresholds) -> dict[str, str]:
    problems = {}
    if not _whole(thresholds.nrs_points, 1, 10):
        problems["nrs_points"] = "The NRS threshold must be 1 to 10 points."
    if not _whole(thresholds.nrs_percent, 1, 100):
        problems["nrs_percent"] = "The NRS threshold must be 1 to 100 percent."
    if not isinstance(thresholds.nrs_rule, NrsRule):
        problems["nrs_rule"] = "The NRS rule must be either, points, percent or both."
    for key in ("bctq_sss", "bctq_fss"):
        value = getattr(thresholds, key)
        if not (isinstance(value, Decimal) and value.is_finite() and 0 < value <= _BCTQ_LIMIT):
            problems[key] = "The BCTQ threshold must be a number above 0 and at most 4."
    if not _whole(thresholds.not_improving_weeks, 1, 104):
        problems["not_improving_weeks"] = "The review period must be 1 to 104 weeks."
    return problems
