"""Clinically important change: the thresholds a clinic sets (clinical.md sections 1, 3).

Defaults: 0-10 ratings 2 points or 30% of baseline (Farrar 2001), BCTQ symptom scale
1.05 and function scale 1.13 on the mean metric (pooled MCIDs, surgical cohorts; no
conservative-care MCID is published), "not improving" after 8 weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from wristcare.clinic.errors import ValidationError
from wristcare.setting import problems, read_json, setting, to_json


class NrsRule(StrEnum):
    """How the two NRS thresholds combine."""

    EITHER = "either"  # 2 points or 30%, whichever is reached
    POINTS = "points"
    PERCENT = "percent"
    BOTH = "both"


_BCTQ_LIMIT = Decimal(4)  # a mean on 1-5 cannot change by more
_RULES = [str(rule) for rule in NrsRule]
_BCTQ = {
    "above": Decimal(0),
    "high": _BCTQ_LIMIT,
    "message": "The BCTQ threshold must be a number above {above} and at most {high}.",
    "unreadable": 'Write the BCTQ threshold as a number, e.g. "1.05".',
}


@dataclass(frozen=True)
class OutcomeThresholds:
    """The clinic's thresholds for a clinically important change (a clinic setting)."""

    nrs_points: int = setting(
        2,
        low=1,
        high=10,
        label="0-10 ratings: &points",
        help="A change of at least this many points on a 0-10 rating is clinically "
        "important (Farrar 2001: 2).",
        message="The NRS threshold must be {low} to {high} points.",
    )
    nrs_percent: int = setting(
        30,
        low=1,
        high=100,
        unit=" %",
        label="0-10 ratings: pe&rcent",
        help="A change of at least this share of the first rating is clinically "
        "important (Farrar 2001: 30%).",
        message="The NRS threshold must be {low} to {high} percent.",
    )
    nrs_rule: NrsRule = setting(
        NrsRule.EITHER,
        label="0-10 ratings: important &when",
        help="Whether the points, the percent, either or both must be reached.",
        message=f"The NRS rule must be {', '.join(_RULES[:-1])} or {_RULES[-1]}.",
    )
    bctq_sss: Decimal = setting(
        Decimal("1.05"),
        label="BCTQ s&ymptom scale (mean)",
        help="The smallest important change of the Symptom Severity Scale's mean (1-5).",
        **_BCTQ,
    )
    bctq_fss: Decimal = setting(
        Decimal("1.13"),
        label="BCTQ &function scale (mean)",
        help="The smallest important change of the Functional Status Scale's mean (1-5).",
        **_BCTQ,
    )
    not_improving_weeks: int = setting(
        8,
        low=1,
        high=104,
        label="\u201cNot improving\u201d after (wee&ks)",
        help="A course with no important change after this many weeks is flagged for review.",
        message="The review period must be {low} to {high} weeks.",
    )

    def __post_init__(self) -> None:
        found = problems(self)
        if found:
            raise ValidationError(found)

    def to_json(self) -> dict[str, object]:
        """JSON-ready form for the clinic settings (Decimals as strings, never floats)."""
        return to_json(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> OutcomeThresholds:
        """Thresholds read back from settings; keys left out take the defaults, wrong
        values raise ``ValidationError``."""
        unknown = sorted(set(data) - set(cls().to_json()))
        if unknown:
            raise ValidationError({key: f"Unknown threshold {key!r}." for key in unknown})
        values, unreadable = read_json(cls, data)
        if unreadable:
            raise ValidationError(unreadable)
        # Values as read, of any type: __post_init__ checks each against its declaration.
        return cls(**values)  # type: ignore[arg-type]  # checked by __post_init__, not by type
