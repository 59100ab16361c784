"""Change from baseline and whether it is clinically important.

Scores entered in error are left out by every function here: each observation carries
its ``entered_in_error`` mark, and the rules skip marked ones.

BCTQ observations are mean scores (``bctq_mean_v1``): the thresholds are on that metric.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from wristcare.clinic.outcomes.arithmetic import as_fraction, round_half_up
from wristcare.clinic.outcomes.measures import BETTER_WHEN as BETTER_WHEN
from wristcare.clinic.outcomes.thresholds import NrsRule, OutcomeThresholds
from wristcare.db.vocab import SYMPTOM_SCALES, GoalDirection, Instrument

# The five 0-10 ratings (their direction, with every other measure's, is in BETTER_WHEN).
NRS_CODES: frozenset[Instrument] = frozenset(SYMPTOM_SCALES)


def better_when(instrument: str) -> GoalDirection:
    """The direction of improvement of a numeric instrument."""
    try:
        return BETTER_WHEN[str(instrument)]
    except KeyError:
        raise ValueError(f"{instrument!r} has no numeric direction of improvement") from None


@dataclass(frozen=True)
class Observation:
    """One score as the rules see it: instrument code, side, clinic-local date, value (an
    int or a Decimal, never a float) and the "entered in error" mark."""

    instrument: str
    side: str
    taken_on: date
    value: Decimal | int
    entered_in_error: bool = False

    def __post_init__(self) -> None:
        as_fraction(self.value)  # refuses floats and non-finite values


def valid_series(
    observations: Iterable[Observation], instrument: str, side: str, until: date | None = None
) -> list[Observation]:
    """One measure's observations in date order, without those entered in error (and
    without those after ``until``). Same-day observations keep the order given."""
    chosen = [
        o
        for o in observations
        if str(o.instrument) == str(instrument)
        and o.side == side
        and not o.entered_in_error
        and (until is None or o.taken_on <= until)
    ]
    return sorted(chosen, key=lambda o: o.taken_on)


@dataclass(frozen=True)
class Change:
    """The change from baseline to a later score. ``difference`` is latest - baseline
    (signed, in the measure's units); ``improvement`` is the same change with the sign
    turned so that better is positive; ``percent`` is the improvement as a percentage of
    the baseline (1 decimal, None when the baseline is 0)."""

    baseline: Decimal
    latest: Decimal
    direction: GoalDirection
    difference: Decimal
    improvement: Decimal
    percent: Decimal | None

    @property
    def improvement_exact(self) -> Fraction:
        """The improvement as an exact fraction (for threshold comparisons)."""
        return Fraction(self.improvement)


def change_from_baseline(
    baseline: Decimal | int, latest: Decimal | int, direction: GoalDirection
) -> Change:
    """The change from ``baseline`` to ``latest`` for a measure that improves in
    ``direction`` (decrease: lower is better; increase: higher is better)."""
    direction = GoalDirection(direction)
    first, last = as_fraction(baseline), as_fraction(latest)
    difference = last - first
    improvement = -difference if direction is GoalDirection.DECREASE else difference
    percent = None if first == 0 else round_half_up(improvement * 100 / abs(first), 1)
    return Change(
        baseline=Decimal(baseline),
        latest=Decimal(latest),
        direction=direction,
        # Differences of finite decimals are exact in Decimal.
        difference=Decimal(latest) - Decimal(baseline),
        improvement=(
            Decimal(baseline) - Decimal(latest)
            if direction is GoalDirection.DECREASE
            else Decimal(latest) - Decimal(baseline)
        ),
        percent=percent,
    )


class Verdict(StrEnum):
    """A change judged against the clinically important change."""

    IMPORTANT_IMPROVEMENT = "important_improvement"
    IMPORTANT_WORSENING = "important_worsening"
    NOT_IMPORTANT = "not_important"
    NO_THRESHOLD = "no_threshold"  # no published threshold for this measure


def _reaches(amount: Fraction, baseline: Fraction, instrument: str, t: OutcomeThresholds) -> bool:
    """Whether a change of ``amount`` (>= 0, in the measure's units) is important."""
    if instrument == "bctq_sss":
        return amount >= as_fraction(t.bctq_sss)
    if instrument == "bctq_fss":
        return amount >= as_fraction(t.bctq_fss)
    points = amount >= t.nrs_points
    # Compared by cross-multiplying, so exactly 30% is exactly 30% (no rounding).
    percent = baseline != 0 and amount * 100 >= t.nrs_percent * abs(baseline)
    if t.nrs_rule is NrsRule.POINTS:
        return points
    if t.nrs_rule is NrsRule.PERCENT:
        return percent
    if t.nrs_rule is NrsRule.BOTH:
        return points and percent
    return points or percent


def judge_change(
    instrument: str, baseline: Decimal | int, latest: Decimal | int, thresholds: OutcomeThresholds
) -> Verdict:
    """Whether the change from ``baseline`` to ``latest`` is a clinically important
    improvement or worsening. Thresholds exist for the 0-10 ratings and the two BCTQ
    scales; other measures get ``NO_THRESHOLD``. A change exactly at the threshold counts."""
    code = str(instrument)
    if code not in NRS_CODES and code not in ("bctq_sss", "bctq_fss"):
        return Verdict.NO_THRESHOLD
    change = change_from_baseline(baseline, latest, better_when(code))
    amount = change.improvement_exact
    first = as_fraction(baseline)
    if amount > 0 and _reaches(amount, first, code, thresholds):
        return Verdict.IMPORTANT_IMPROVEMENT
    if amount < 0 and _reaches(-amount, first, code, thresholds):
        return Verdict.IMPORTANT_WORSENING
    return Verdict.NOT_IMPORTANT


@dataclass(frozen=True)
class MeasureProgress:
    """Baseline against latest for one measure and side, judged."""

    instrument: str
    side: str
    baseline: Observation
    latest: Observation
    change: Change
    verdict: Verdict


def measure_progress(
    observations: Iterable[Observation],
    instrument: str,
    side: str,
    thresholds: OutcomeThresholds,
    until: date | None = None,
) -> MeasureProgress | None:
    """Baseline (first valid score) against latest valid score of one measure, or None
    when there are fewer than two valid scores."""
    series = valid_series(observations, instrument, side, until)
    if len(series) < 2:
        return None
    first, last = series[0], series[-1]
    change = change_from_baseline(first.value, last.value, better_when(instrument))
    verdict = judge_change(instrument, first.value, last.value, thresholds)
    return MeasureProgress(str(instrument), side, first, last, change, verdict)
