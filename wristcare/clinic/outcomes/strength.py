"""Grip and pinch strength: the mean of three trials (ASHT: seated, elbow at 90 degrees,
dynamometer handle position 2). Trials come in integer tenths of a kilogram."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.arithmetic import round_half_up
from wristcare.clinic.outcomes.measures import MEASURES, STRENGTH_TESTS

# The outcome table's rule for "mean of three trials"; pinch uses the same arithmetic.
MEAN_OF_THREE_TRIALS = "grip_mean3"
TRIALS = 3

STRENGTH_INSTRUMENTS: dict[str, str] = {i: MEASURES[i].short for i in STRENGTH_TESTS}
# Upper limits in tenths of a kilogram: well above any hand (a Jamar dynamometer reads to
# 90 kg, pinch gauges to about 30 kg) but low enough to catch a slipped decimal point.
_HIGHEST_TENTHS = {"grip": 1500, "pinch_tip": 500, "pinch_key": 500, "pinch_palmar": 500}


@dataclass(frozen=True)
class StrengthResult:
    """Three trials and their mean: exact, and in kilograms to 2 decimals (half up)."""

    instrument: str
    trials_tenths: tuple[int, int, int]
    mean_tenths: Fraction

    @property
    def mean_kg(self) -> Decimal:
        """The mean in kg, 2 decimals, rounded half up from the exact mean."""
        return round_half_up(self.mean_tenths / 10)

    @property
    def rule(self) -> str:
        """The scoring rule of the mean."""
        return MEAN_OF_THREE_TRIALS


def mean_of_trials(instrument: str, trials_tenths: Sequence[int]) -> StrengthResult:
    """The mean of three trials of grip or pinch, each an integer in 1/10 kg."""
    label = STRENGTH_INSTRUMENTS.get(str(instrument))
    if label is None:
        raise ValidationError({str(instrument): f"{instrument!r} is not grip or pinch."})
    if len(trials_tenths) != TRIALS:
        raise ValidationError(
            {str(instrument): f"{label}: enter {TRIALS} trials, not {len(trials_tenths)}."}
        )
    highest = _HIGHEST_TENTHS[str(instrument)]
    problems = {}
    for number, trial in enumerate(trials_tenths, start=1):
        if isinstance(trial, bool) or not isinstance(trial, int) or not 0 <= trial <= highest:
            problems[f"{instrument}.{number}"] = (
                f"{label}, trial {number}: must be from 0 to {highest // 10} kg "
                "(in tenths of a kilogram)."
            )
    if problems:
        raise ValidationError(problems)
    first, second, third = trials_tenths
    return StrengthResult(
        str(instrument), (first, second, third), Fraction(first + second + third, TRIALS)
    )
