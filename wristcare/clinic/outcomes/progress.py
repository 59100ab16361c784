"""A course's progress on one measure, as the progress view shows it: the measures it
offers with their ranges, the course as plain data, and each score set against the
baseline and the clinically important change."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wristcare.clinic.outcomes.goals import Goal, GoalProgress, goal_progress
from wristcare.clinic.outcomes.improvement import (
    NRS_CODES,
    Change,
    Observation,
    Verdict,
    better_when,
    change_from_baseline,
    judge_change,
    valid_series,
)
from wristcare.clinic.outcomes.measures import MEASURES, MeasureInfo
from wristcare.clinic.outcomes.rating_scales import global_symptom_score
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.db.vocab import SYMPTOM_SCALES, GoalDirection, Instrument

# The Global Symptom Score is derived from the five ratings, never stored on its own.
GSS = "gss"


# The progress view's measures, in the order its picker offers them.
PROGRESS_MEASURES: dict[str, MeasureInfo] = {
    **{i: MEASURES[i].info for i in SYMPTOM_SCALES},
    GSS: MeasureInfo(
        GSS, "Global Symptom Score", "0-50", Decimal(0), Decimal(50), Decimal(10),
        GoalDirection.DECREASE, 0,
    ),
    **{i: MEASURES[i].info for i in (Instrument.BCTQ_SSS, Instrument.BCTQ_FSS, Instrument.GRIP)},
}  # fmt: skip


def global_symptom_series(observations: Iterable[Observation], side: str) -> list[Observation]:
    """The Global Symptom Score of every day on which all five ratings of ``side`` were
    given (scores entered in error left out; of two ratings on one day, the later given
    counts). Marked with the instrument code ``"gss"``."""
    by_day: dict[date, dict[str, int]] = defaultdict(dict)
    for code in NRS_CODES:
        for observation in valid_series(observations, code, side):
            by_day[observation.taken_on][code] = int(observation.value)
    series = []
    for day in sorted(by_day):
        score = global_symptom_score(by_day[day])
        if score.total is not None:
            series.append(Observation(GSS, side, day, score.total))
    return series


@dataclass(frozen=True)
class CourseProgress:
    """A course of treatment as the progress view takes it: every score of one side (any
    measure, those entered in error included: the view leaves them out), the plan's goals,
    the session dates, the plan review dates and the day it is looked at."""

    side: str
    observations: tuple[Observation, ...]
    goals: tuple[Goal, ...] = ()
    session_dates: tuple[date, ...] = ()
    review_dates: tuple[date, ...] = ()
    today: date | None = None

    def series(self, measure: str) -> list[Observation]:
        """The valid scores of one measure in date order (the GSS derived)."""
        if measure == GSS:
            return global_symptom_series(self.observations, self.side)
        return valid_series(self.observations, measure, self.side)

    def goals_for(self, measure: str) -> tuple[Goal, ...]:
        """The plan goals on one measure of this side."""
        return tuple(g for g in self.goals if str(g.instrument) == measure and g.side == self.side)


@dataclass(frozen=True)
class GoalLine:
    """A goal as the chart draws it: the value to reach, and where the goal stands."""

    goal: Goal
    target: Decimal
    progress: GoalProgress


def goal_lines(course: CourseProgress, measure: str) -> list[GoalLine]:
    """The target line and status of each goal on ``measure`` (status on the course's
    day, or on the latest score's day when none is given)."""
    series = course.series(measure)
    today = course.today or (series[-1].taken_on if series else date.min)
    lines = []
    for goal in course.goals_for(measure):
        progress = goal_progress(goal, series, today)
        lines.append(GoalLine(goal, progress.target_value, progress))
    return lines


@dataclass(frozen=True)
class ProgressRow:
    """One score against the baseline: the change (None for the baseline itself) and
    the verdict on it."""

    observation: Observation
    is_baseline: bool
    change: Change | None
    verdict: Verdict | None


def progress_rows(
    series: list[Observation], measure: str, thresholds: OutcomeThresholds
) -> list[ProgressRow]:
    """Each score of a valid series (date order) against the first, the baseline.
    Measures without a published threshold get ``Verdict.NO_THRESHOLD``."""
    if not series:
        return []
    # Measures outside the view's list (pinch, an external QuickDASH) have a direction too.
    info = PROGRESS_MEASURES.get(measure)
    better = info.better if info is not None else better_when(measure)
    baseline = series[0]
    rows = [ProgressRow(baseline, True, None, None)]
    for observation in series[1:]:
        change = change_from_baseline(baseline.value, observation.value, better)
        verdict = judge_change(measure, baseline.value, observation.value, thresholds)
        rows.append(ProgressRow(observation, False, change, verdict))
    return rows
