"""Change from baseline and the clinically important change, on boundary values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.improvement import (
    Observation,
    Verdict,
    change_from_baseline,
    judge_change,
    measure_progress,
)
from wristcare.clinic.outcomes.thresholds import NrsRule, OutcomeThresholds
from wristcare.db.vocab import GoalDirection

DEFAULT = OutcomeThresholds()


def test_change_for_a_lower_is_better_measure() -> None:
    change = change_from_baseline(8, 5, GoalDirection.DECREASE)
    assert change.difference == Decimal(-3)
    assert change.improvement == Decimal(3)
    assert change.percent == Decimal("37.5")


def test_change_for_a_higher_is_better_measure() -> None:
    change = change_from_baseline(Decimal("20.10"), Decimal("26.13"), GoalDirection.INCREASE)
    assert change.difference == Decimal("6.03")
    assert change.improvement == Decimal("6.03")
    assert change.percent == Decimal("30.0")
    worse = change_from_baseline(Decimal("20.10"), Decimal("18"), GoalDirection.INCREASE)
    assert worse.improvement == Decimal("-2.10")
    assert worse.percent == Decimal("-10.4")


def test_direction_may_come_as_plain_text() -> None:
    assert change_from_baseline(8, 5, "decrease").improvement == Decimal(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        change_from_baseline(8, 5, "down")  # type: ignore[arg-type]


def test_percent_is_none_from_a_zero_baseline() -> None:
    assert change_from_baseline(0, 3, GoalDirection.DECREASE).percent is None


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        change_from_baseline(3.5, 2, GoalDirection.DECREASE)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Observation("nrs_pain", "right", date(2025, 1, 1), 2.0)  # type: ignore[arg-type]


# NRS: 2 points or 30% (either, by default) -----------------------------------------


@pytest.mark.parametrize(
    ("baseline", "latest", "verdict"),
    [
        (8, 6, Verdict.IMPORTANT_IMPROVEMENT),  # exactly 2 points (25%)
        (8, 7, Verdict.NOT_IMPORTANT),  # 1 point, 12.5%
        (10, 7, Verdict.IMPORTANT_IMPROVEMENT),  # 3 points, exactly 30%
        (3, 2, Verdict.IMPORTANT_IMPROVEMENT),  # 1 point but 33%
        (4, 3, Verdict.NOT_IMPORTANT),  # 1 point, 25%
        (5, 7, Verdict.IMPORTANT_WORSENING),  # 2 points worse
        (0, 1, Verdict.NOT_IMPORTANT),  # no percent from 0; 1 point
        (0, 2, Verdict.IMPORTANT_WORSENING),
        (6, 6, Verdict.NOT_IMPORTANT),
    ],
)
def test_nrs_either_rule(baseline: int, latest: int, verdict: Verdict) -> None:
    assert judge_change("nrs_pain", baseline, latest, DEFAULT) is verdict


def test_nrs_points_only_and_percent_only_and_both() -> None:
    points = OutcomeThresholds(nrs_rule=NrsRule.POINTS)
    percent = OutcomeThresholds(nrs_rule=NrsRule.PERCENT)
    both = OutcomeThresholds(nrs_rule=NrsRule.BOTH)
    # 3 -> 2: 1 point, 33%
    assert judge_change("nrs_tingling", 3, 2, points) is Verdict.NOT_IMPORTANT
    assert judge_change("nrs_tingling", 3, 2, percent) is Verdict.IMPORTANT_IMPROVEMENT
    # 8 -> 6: 2 points, 25%
    assert judge_change("nrs_tingling", 8, 6, points) is Verdict.IMPORTANT_IMPROVEMENT
    assert judge_change("nrs_tingling", 8, 6, percent) is Verdict.NOT_IMPORTANT
    assert judge_change("nrs_tingling", 8, 6, both) is Verdict.NOT_IMPORTANT
    # 10 -> 7: 3 points, exactly 30%
    assert judge_change("nrs_tingling", 10, 7, both) is Verdict.IMPORTANT_IMPROVEMENT


def test_percent_just_below_thirty_is_not_rounded_up() -> None:
    # 2.99 of 10 is 29.9%: not important on the percent rule, however it is rounded.
    percent = OutcomeThresholds(nrs_rule=NrsRule.PERCENT)
    assert judge_change("nrs_pain", 10, Decimal("7.01"), percent) is Verdict.NOT_IMPORTANT
    assert judge_change("nrs_pain", 10, Decimal("7.00"), percent) is (Verdict.IMPORTANT_IMPROVEMENT)


# BCTQ: 1.05 symptoms, 1.13 function --------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "verdict"),
    [
        ("bctq_sss", "3.50", "2.45", Verdict.IMPORTANT_IMPROVEMENT),  # exactly 1.05
        ("bctq_sss", "3.50", "2.46", Verdict.NOT_IMPORTANT),  # 1.04
        ("bctq_sss", "2.45", "3.50", Verdict.IMPORTANT_WORSENING),
        ("bctq_fss", "3.13", "2.00", Verdict.IMPORTANT_IMPROVEMENT),  # exactly 1.13
        ("bctq_fss", "3.13", "2.01", Verdict.NOT_IMPORTANT),  # 1.12
    ],
)
def test_bctq_thresholds(instrument: str, baseline: str, latest: str, verdict: Verdict) -> None:
    assert judge_change(instrument, Decimal(baseline), Decimal(latest), DEFAULT) is verdict


def test_clinic_thresholds_apply() -> None:
    strict = OutcomeThresholds(bctq_sss=Decimal("1.45"), nrs_points=3, nrs_rule=NrsRule.POINTS)
    assert judge_change("bctq_sss", Decimal("3.50"), Decimal("2.45"), strict) is (
        Verdict.NOT_IMPORTANT
    )
    assert judge_change("nrs_pain", 8, 6, strict) is Verdict.NOT_IMPORTANT


def test_measures_without_a_threshold() -> None:
    assert judge_change("grip", 200, 300, DEFAULT) is Verdict.NO_THRESHOLD
    assert judge_change("quickdash_external", 60, 20, DEFAULT) is Verdict.NO_THRESHOLD


def test_thresholds_round_trip_as_json_and_are_validated() -> None:
    chosen = OutcomeThresholds(
        nrs_points=3, nrs_rule=NrsRule.BOTH, bctq_fss=Decimal("1.6"), not_improving_weeks=12
    )
    data = chosen.to_json()
    assert data["bctq_fss"] == "1.6"
    assert OutcomeThresholds.from_json(data) == chosen
    assert OutcomeThresholds.from_json({}) == OutcomeThresholds()
    assert OutcomeThresholds().to_json()["bctq_sss"] == "1.05"
    with pytest.raises(ValidationError) as caught:
        OutcomeThresholds.from_json({"nrs_points": 0, "bctq_sss": "lots", "colour": 1})
    assert set(caught.value.fields) == {"colour"}
    with pytest.raises(ValidationError) as caught:
        OutcomeThresholds.from_json({"bctq_sss": 1.05, "nrs_rule": "sometimes"})
    assert set(caught.value.fields) == {"bctq_sss", "nrs_rule"}
    with pytest.raises(ValidationError) as caught:
        OutcomeThresholds.from_json({"nrs_points": 0, "not_improving_weeks": True})
    assert set(caught.value.fields) == {"nrs_points", "not_improving_weeks"}


# Baseline against latest, with scores entered in error left out ---------------------


def test_measure_progress_leaves_out_scores_entered_in_error() -> None:
    scores = [
        Observation("nrs_numbness", "right", date(2025, 3, 3), 7),
        Observation("nrs_numbness", "right", date(2025, 3, 1), 9, entered_in_error=True),
        Observation("nrs_numbness", "right", date(2025, 4, 1), 5),
        Observation("nrs_numbness", "right", date(2025, 4, 8), 1, entered_in_error=True),
        Observation("nrs_numbness", "left", date(2025, 4, 8), 0),
    ]
    progress = measure_progress(scores, "nrs_numbness", "right", DEFAULT)
    assert progress is not None
    assert (progress.baseline.value, progress.latest.value) == (7, 5)
    assert progress.verdict is Verdict.IMPORTANT_IMPROVEMENT
    assert measure_progress(scores, "nrs_numbness", "left", DEFAULT) is None
    until = measure_progress(scores, "nrs_numbness", "right", DEFAULT, until=date(2025, 3, 31))
    assert until is None
