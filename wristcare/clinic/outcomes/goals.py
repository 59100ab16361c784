"""Progress against a plan goal: met, on track, not met yet, or overdue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from wristcare.clinic.outcomes.arithmetic import as_fraction, round_half_up
from wristcare.clinic.outcomes.improvement import Observation, valid_series
from wristcare.clinic.validation import Problems
from wristcare.db.vocab import GoalDirection, GoalTargetKind


class GoalStatus(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    NOT_MET_YET = "not_met_yet"
    OVERDUE = "overdue"


GOAL_STATUS_NAMES = {
    GoalStatus.MET: "Met",
    GoalStatus.ON_TRACK: "On track",
    GoalStatus.NOT_MET_YET: "Not met yet",
    GoalStatus.OVERDUE: "Overdue",
}


@dataclass(frozen=True)
class Goal:
    """A measurable plan goal: the measure and side, its baseline, the target (read by
    ``kind``), the direction, the date the plan started and the target date."""

    instrument: str
    side: str
    baseline: Decimal | int
    target: Decimal | int
    direction: GoalDirection
    kind: GoalTargetKind
    start_on: date
    target_on: date | None = None

    def __post_init__(self) -> None:
        problems = Problems()
        try:
            object.__setattr__(self, "direction", GoalDirection(self.direction))
        except ValueError:
            problems.add("direction", "The goal's direction must be decrease or increase.")
        try:
            object.__setattr__(self, "kind", GoalTargetKind(self.kind))
        except ValueError:
            problems.add("kind", "The target must be absolute, a change or a percent change.")
        for name in ("baseline", "target"):
            try:
                as_fraction(getattr(self, name))
            except (TypeError, ValueError):
                problems.add(name, f"The goal's {name} must be a number.")
        # A change is only compared with 0 once every part of the goal could be read.
        if not problems and self.kind != GoalTargetKind.ABSOLUTE:
            problems.check(
                "target", as_fraction(self.target) > 0, "A target change must be more than 0."
            )
        problems.check(
            "target_on",
            self.target_on is None or self.target_on >= self.start_on,
            "The target date is before the plan started.",
        )
        problems.raise_if_any()


def target_value(goal: Goal) -> Fraction:
    """The value the measure has to reach for the goal to be met."""
    base, target = as_fraction(goal.baseline), as_fraction(goal.target)
    if goal.kind is GoalTargetKind.ABSOLUTE:
        return target
    amount = target if goal.kind is GoalTargetKind.CHANGE else abs(base) * target / 100
    return base - amount if goal.direction is GoalDirection.DECREASE else base + amount


def _reached(value: Fraction, goal_value: Fraction, direction: GoalDirection) -> bool:
    return value <= goal_value if direction is GoalDirection.DECREASE else value >= goal_value


@dataclass(frozen=True)
class GoalProgress:
    """Where a goal stands on a day: the status, the value to reach (2 decimals), the
    latest valid score and when it was taken, and the first day the target was reached."""

    status: GoalStatus
    target_value: Decimal
    latest: Decimal | None
    latest_on: date | None
    first_met_on: date | None


def goal_progress(goal: Goal, observations: Iterable[Observation], today: date) -> GoalProgress:
    """The goal's status on ``today`` from the scores of its measure and side (scores
    entered in error and scores dated after today are left out).

    - met: the latest score reaches the target (even after the target date);
    - overdue: not met and the target date has passed (the target date itself is not
      overdue);
    - on track: not met, not overdue, and the latest score, taken after the plan started,
      is at least as good as a straight line from baseline (at the start) to target (at
      the target date) expects on the day it was taken;
    - not met yet: anything else (behind that line, no score after the start, or no
      target date to pace against).
    """
    goal_value = target_value(goal)
    series = valid_series(observations, goal.instrument, goal.side, until=today)
    first_met = next(
        (o.taken_on for o in series if _reached(as_fraction(o.value), goal_value, goal.direction)),
        None,
    )
    latest = series[-1] if series else None
    shown_target = round_half_up(goal_value)
    latest_value = Decimal(latest.value) if latest else None
    latest_on = latest.taken_on if latest else None

    def result(status: GoalStatus) -> GoalProgress:
        return GoalProgress(status, shown_target, latest_value, latest_on, first_met)

    if latest is not None and _reached(as_fraction(latest.value), goal_value, goal.direction):
        return result(GoalStatus.MET)
    if goal.target_on is not None and today > goal.target_on:
        return result(GoalStatus.OVERDUE)
    if goal.target_on is None or latest is None or latest.taken_on <= goal.start_on:
        return result(GoalStatus.NOT_MET_YET)
    base = as_fraction(goal.baseline)
    span = (goal.target_on - goal.start_on).days
    elapsed = (latest.taken_on - goal.start_on).days
    # Expected value on the day of the latest score, kept exact.
    expected = goal_value if span == 0 else base + (goal_value - base) * Fraction(elapsed, span)
    on_pace = _reached(as_fraction(latest.value), expected, goal.direction)
    return result(GoalStatus.ON_TRACK if on_pace else GoalStatus.NOT_MET_YET)
