"""Progress against a plan goal on dates around the target date, and "not improving
after N weeks" at N weeks minus a day and exactly N weeks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.goals import Goal, GoalStatus, goal_progress, target_value
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.not_improving import not_improving
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.db.vocab import GoalDirection, GoalTargetKind

START = date(2025, 3, 1)
TARGET = date(2025, 4, 26)  # 8 weeks


def pain(day: date, value: int | Decimal, *, error: bool = False) -> Observation:
    return Observation("nrs_pain", "right", day, value, entered_in_error=error)


def goal(**changes: object) -> Goal:
    values: dict[str, object] = {
        "instrument": "nrs_pain",
        "side": "right",
        "baseline": 8,
        "target": 3,
        "direction": GoalDirection.DECREASE,
        "kind": GoalTargetKind.ABSOLUTE,
        "start_on": START,
        "target_on": TARGET,
    }
    values.update(changes)
    return Goal(**values)  # type: ignore[arg-type]


def test_target_values_by_kind() -> None:
    assert target_value(goal()) == 3
    assert target_value(goal(kind=GoalTargetKind.CHANGE, target=2)) == 6
    assert target_value(goal(kind=GoalTargetKind.PERCENT_CHANGE, target=30)) == Decimal("5.6")
    grip = goal(
        instrument="grip", baseline=Decimal("20.5"), target=10, direction=GoalDirection.INCREASE
    )
    assert target_value(grip) == 10
    assert target_value(replace(grip, kind=GoalTargetKind.CHANGE)) == Decimal("30.5")
    by_percent = replace(grip, kind=GoalTargetKind.PERCENT_CHANGE, target=20)
    assert target_value(by_percent) == Decimal("24.6")


def test_goals_are_validated() -> None:
    with pytest.raises(ValidationError) as caught:
        goal(target_on=START - timedelta(days=1), kind=GoalTargetKind.CHANGE, target=0)
    assert set(caught.value.fields) == {"target", "target_on"}
    with pytest.raises(ValidationError):
        goal(baseline=8.0)
    with pytest.raises(ValidationError) as caught:
        goal(direction="sideways", kind="lots")
    assert set(caught.value.fields) == {"direction", "kind"}


def test_a_goal_read_from_storage_with_plain_strings() -> None:
    stored = goal(direction="increase", kind="change", target=2, baseline=20)
    assert stored.direction is GoalDirection.INCREASE
    assert target_value(stored) == 22


def test_met_when_the_latest_score_reaches_the_target() -> None:
    scores = [pain(START, 8), pain(date(2025, 4, 1), 3)]
    progress = goal_progress(goal(), scores, date(2025, 4, 2))
    assert progress.status is GoalStatus.MET
    assert progress.first_met_on == date(2025, 4, 1)
    assert progress.latest == 3
    # Met after the target date is still met.
    late = [pain(START, 8), pain(date(2025, 5, 2), 2)]
    assert goal_progress(goal(), late, date(2025, 5, 3)).status is GoalStatus.MET


def test_a_relapse_is_no_longer_met() -> None:
    scores = [pain(START, 8), pain(date(2025, 3, 20), 3), pain(date(2025, 4, 10), 6)]
    progress = goal_progress(goal(), scores, date(2025, 4, 11))
    assert progress.status is GoalStatus.NOT_MET_YET
    assert progress.first_met_on == date(2025, 3, 20)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (TARGET - timedelta(days=1), GoalStatus.NOT_MET_YET),
        (TARGET, GoalStatus.NOT_MET_YET),
        (TARGET + timedelta(days=1), GoalStatus.OVERDUE),
    ],
)
def test_overdue_only_after_the_target_date(today: date, status: GoalStatus) -> None:
    scores = [pain(START, 8), pain(TARGET - timedelta(days=2), 5)]
    assert goal_progress(goal(), scores, today).status is status


def test_on_track_against_a_straight_line_to_the_target() -> None:
    # Halfway (28 of 56 days) the line expects 8 - 5 * 28/56 = 5.5.
    halfway = START + timedelta(days=28)
    assert goal_progress(goal(), [pain(halfway, 5)], halfway).status is GoalStatus.ON_TRACK
    assert goal_progress(goal(), [pain(halfway, 6)], halfway).status is (GoalStatus.NOT_MET_YET)
    # Exactly on the line counts as on track: at 14 days the line expects 6.75.
    quarter = START + timedelta(days=14)
    on_line = [pain(quarter, Decimal("6.75"))]
    assert goal_progress(goal(), on_line, quarter).status is GoalStatus.ON_TRACK
    behind = [pain(quarter, Decimal("6.76"))]
    assert goal_progress(goal(), behind, quarter).status is GoalStatus.NOT_MET_YET
    # The baseline alone says nothing about pace.
    assert goal_progress(goal(), [pain(START, 8)], START).status is GoalStatus.NOT_MET_YET


def test_on_track_for_an_increase_goal() -> None:
    grip_goal = goal(
        instrument="grip",
        baseline=Decimal("20.0"),
        target=Decimal("30.0"),
        direction=GoalDirection.INCREASE,
    )
    halfway = START + timedelta(days=28)
    grip = [Observation("grip", "right", halfway, Decimal("25.0"))]
    assert goal_progress(grip_goal, grip, halfway).status is GoalStatus.ON_TRACK
    grip = [Observation("grip", "right", halfway, Decimal("24.99"))]
    assert goal_progress(grip_goal, grip, halfway).status is GoalStatus.NOT_MET_YET


def test_not_met_yet_without_scores_or_target_date() -> None:
    assert goal_progress(goal(), [], START).status is GoalStatus.NOT_MET_YET
    assert goal_progress(goal(), [], TARGET + timedelta(days=1)).status is GoalStatus.OVERDUE
    undated = goal(target_on=None)
    assert goal_progress(undated, [pain(START, 4)], TARGET).status is GoalStatus.NOT_MET_YET
    assert goal_progress(undated, [pain(START, 3)], TARGET).status is GoalStatus.MET


def test_goal_leaves_out_errors_future_scores_and_other_sides() -> None:
    scores = [
        pain(START, 8),
        pain(date(2025, 3, 10), 2, error=True),
        Observation("nrs_pain", "left", date(2025, 3, 10), 1),
        pain(date(2025, 5, 1), 1),
    ]
    progress = goal_progress(goal(), scores, date(2025, 3, 11))
    assert progress.status is GoalStatus.NOT_MET_YET
    assert progress.latest == 8
    assert progress.first_met_on is None


# Not improving after N weeks --------------------------------------------------------

DEFAULT = OutcomeThresholds()
EIGHT_WEEKS = START + timedelta(weeks=8)


def test_not_improving_at_n_weeks_minus_a_day_and_exactly_n_weeks() -> None:
    scores = [pain(START, 7), pain(START + timedelta(weeks=4), 6)]
    assert not_improving(scores, EIGHT_WEEKS - timedelta(days=1), DEFAULT) is None
    finding = not_improving(scores, EIGHT_WEEKS, DEFAULT)
    assert finding is not None
    assert finding.first_measured_on == START
    assert finding.latest_measured_on == START + timedelta(weeks=4)
    assert finding.weeks == 8
    assert "No clinically important improvement 8 weeks after" in finding.message()


def test_an_important_improvement_on_any_primary_measure_clears_it() -> None:
    scores = [
        pain(START, 7),
        pain(EIGHT_WEEKS, 6),
        Observation("bctq_sss", "right", START, Decimal("3.50")),
        Observation("bctq_sss", "right", EIGHT_WEEKS, Decimal("2.45")),
    ]
    assert not_improving(scores, EIGHT_WEEKS, DEFAULT) is None
    # 1.04 is not enough.
    scores[-1] = Observation("bctq_sss", "right", EIGHT_WEEKS, Decimal("2.46"))
    assert not_improving(scores, EIGHT_WEEKS, DEFAULT) is not None


def test_scores_entered_in_error_do_not_clear_or_start_it() -> None:
    scores = [pain(START, 7), pain(EIGHT_WEEKS, 2, error=True)]
    assert not_improving(scores, EIGHT_WEEKS, DEFAULT) is not None
    # An erroneous earlier score does not move the first measurement back.
    early = [pain(START - timedelta(weeks=2), 9, error=True), pain(START, 7)]
    assert not_improving(early, EIGHT_WEEKS - timedelta(days=1), DEFAULT) is None


def test_improvement_then_relapse_counts_as_not_improving() -> None:
    scores = [pain(START, 7), pain(START + timedelta(weeks=3), 3), pain(EIGHT_WEEKS, 7)]
    assert not_improving(scores, EIGHT_WEEKS, DEFAULT) is not None


def test_the_period_is_a_clinic_setting_and_grip_is_not_primary() -> None:
    twelve = OutcomeThresholds(not_improving_weeks=12)
    scores = [pain(START, 7), pain(EIGHT_WEEKS, 7)]
    assert not_improving(scores, EIGHT_WEEKS, twelve) is None
    assert not_improving(scores, START + timedelta(weeks=12), twelve) is not None
    grip = [
        Observation("grip", "right", START, 200),
        Observation("grip", "right", EIGHT_WEEKS, 400),
    ]
    assert not_improving(grip, EIGHT_WEEKS, DEFAULT) is None  # no primary measure at all
    assert not_improving([*scores, *grip], EIGHT_WEEKS, DEFAULT) is not None


def test_no_follow_up_after_n_weeks_is_a_finding() -> None:
    finding = not_improving([pain(START, 7)], EIGHT_WEEKS, DEFAULT)
    assert finding is not None
    assert finding.latest_measured_on == START
