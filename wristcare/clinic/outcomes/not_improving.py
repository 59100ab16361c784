""" "Not improving after N weeks": a finding for the red-flag screen (clinical.md
section 3: refer when there is no improvement after about 8-12 weeks of conservative care).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from wristcare.clinic.outcomes.improvement import (
    NRS_CODES,
    Observation,
    Verdict,
    judge_change,
    valid_series,
)
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds

# The measures with a clinically important change: the BCTQ scales and the 0-10 ratings.
PRIMARY_MEASURES: frozenset[str] = frozenset({"bctq_sss", "bctq_fss", *NRS_CODES})


@dataclass(frozen=True)
class NotImprovingFinding:
    """No clinically important improvement on any primary measure ``weeks`` weeks after
    the first measurement."""

    first_measured_on: date
    latest_measured_on: date
    weeks: int
    measures: tuple[tuple[str, str], ...]  # (instrument, side) pairs looked at

    def message(self) -> str:
        """The finding in the practitioner's words."""
        return (
            f"No clinically important improvement {self.weeks} weeks after the first "
            f"measurement ({self.first_measured_on:%d %b %Y}): consider referral."
        )


def not_improving(
    observations: Iterable[Observation],
    today: date,
    thresholds: OutcomeThresholds,
    primary: frozenset[str] = PRIMARY_MEASURES,
) -> NotImprovingFinding | None:
    """The finding, or None when it is too early (fewer than ``not_improving_weeks``
    weeks since the first valid primary measurement) or when the latest score of any
    primary measure shows a clinically important improvement over its own baseline.
    With no follow-up score at all after N weeks the finding stands: nothing shows
    improvement. Scores entered in error and scores after ``today`` are left out."""
    codes = {str(code) for code in primary}
    chosen = [
        o
        for o in observations
        if str(o.instrument) in codes and not o.entered_in_error and o.taken_on <= today
    ]
    if not chosen:
        return None
    first_on = min(o.taken_on for o in chosen)
    weeks = thresholds.not_improving_weeks
    if today < first_on + timedelta(weeks=weeks):
        return None
    measures = sorted({(str(o.instrument), o.side) for o in chosen})
    for instrument, side in measures:
        series = valid_series(chosen, instrument, side, until=today)
        if len(series) < 2:
            continue
        verdict = judge_change(instrument, series[0].value, series[-1].value, thresholds)
        if verdict is Verdict.IMPORTANT_IMPROVEMENT:
            return None
    latest_on = max(o.taken_on for o in chosen)
    return NotImprovingFinding(first_on, latest_on, weeks, tuple(measures))
