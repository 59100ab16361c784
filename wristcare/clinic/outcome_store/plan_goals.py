"""The plan's side of a patient's progress: the goals of the plan in use, as the progress
view, the progress report and the take-home plan take them, and the review dates of the
patient's plans (what ``load_course`` is given as ``goals=`` and ``review_dates=``).

A goal with a measure, a baseline and a target becomes a measurable ``Goal`` the charts
draw and judge; a goal in words only has no line on a chart but is still listed, with the
date the practitioner marked it achieved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcome_store.course import PatientCourse
from wristcare.clinic.outcomes.goals import (
    GOAL_STATUS_NAMES,
    Goal,
    GoalProgress,
    GoalStatus,
    goal_progress,
)
from wristcare.clinic.plans.details import GoalDetails, PlanDetails
from wristcare.clinic.plans.store import details_of, load_plan
from wristcare.db.engine import Database
from wristcare.db.models import TreatmentPlan
from wristcare.db.vocab import GoalDirection, GoalTargetKind, Instrument, PlanStatus

# Measures rated for the whole person: a goal on them with no side is on side "none".
# Grip and pinch are per hand, so a goal on them needs its hand to be charted.
WHOLE_PERSON = frozenset(
    {
        Instrument.NRS_PAIN,
        Instrument.NRS_NUMBNESS,
        Instrument.NRS_TINGLING,
        Instrument.NRS_WEAKNESS,
        Instrument.NRS_NIGHT_WAKING,
        Instrument.BCTQ_SSS,
        Instrument.BCTQ_FSS,
        Instrument.QUICKDASH_EXTERNAL,
    }
)
# Plans in order of preference when none is current: the latest that was in use.
_USED = (PlanStatus.COMPLETED, PlanStatus.DISCONTINUED)


@dataclass(frozen=True)
class PlanGoal:
    """A goal of the plan as written: the words, the measurable goal (None when it is in
    words only, or lacks a measure, baseline or target) and the date the practitioner
    marked it achieved."""

    description: str
    goal: Goal | None = None
    achieved_on: date | None = None


@dataclass(frozen=True)
class PlanDates:
    """What the review dates are read from: one plan's status, review and end dates."""

    status: PlanStatus
    review_on: date | None
    ended_on: date | None = None


@dataclass(frozen=True)
class PlanTargets:
    """The goals of the plan in use (in the plan's order) and the review dates of all the
    patient's plans (sorted, each once)."""

    goals: tuple[PlanGoal, ...] = ()
    review_dates: tuple[date, ...] = ()

    @property
    def measurable(self) -> tuple[Goal, ...]:
        """The goals a chart can draw, for ``load_course(goals=...)``."""
        return tuple(g.goal for g in self.goals if g.goal is not None)


def measurable_goal(details: GoalDetails, start_on: date | None) -> Goal | None:
    """The goal as the outcome rules take it, or None when it cannot be charted: no
    measure, baseline or target, no start date, a grip or pinch goal without its hand,
    or values the rules refuse."""
    if details.measure is None or details.baseline is None or details.target is None:
        return None
    if start_on is None or details.measure == Instrument.KATZ:
        return None
    measure = Instrument(details.measure)
    if details.side is not None:
        side = str(details.side)
    elif measure in WHOLE_PERSON:
        side = "none"
    else:
        return None
    try:
        return Goal(
            instrument=str(measure),
            side=side,
            baseline=details.baseline,
            target=details.target,
            direction=GoalDirection(details.direction),
            kind=GoalTargetKind(details.target_kind),
            start_on=start_on,
            target_on=details.target_on,
        )
    except (ValidationError, ValueError):
        return None


def plan_goals(details: PlanDetails | None) -> tuple[PlanGoal, ...]:
    """Every goal of a plan, in its order, measurable where it can be (None: no plan)."""
    if details is None:
        return ()
    return tuple(
        PlanGoal(goal.description, measurable_goal(goal, details.started_on), goal.achieved_on)
        for goal in details.goals
    )


def review_dates(plans: Iterable[PlanDates]) -> tuple[date, ...]:
    """The review dates to mark on a chart: those of every plan that was or is in use
    (a draft's review is not booked), except a review after its plan ended, which was
    never held."""
    days = {
        plan.review_on
        for plan in plans
        if plan.review_on is not None
        and plan.status is not PlanStatus.DRAFT
        and (plan.ended_on is None or plan.review_on <= plan.ended_on)
    }
    return tuple(sorted(days))


def read_plan_targets(database: Database, patient_id: int) -> PlanTargets:
    """The goals of the patient's current plan (when none is current, of the latest plan
    that was in use) and the review dates of all their plans."""
    with database.read() as db:
        return plan_targets(db, patient_id)


def plan_targets(db: DbSession, patient_id: int) -> PlanTargets:
    """``read_plan_targets`` inside the caller's read."""
    rows = db.execute(
        select(TreatmentPlan.id, TreatmentPlan.status, TreatmentPlan.review_on,
               TreatmentPlan.ended_on, TreatmentPlan.started_on)
        .where(TreatmentPlan.patient_id == patient_id)
        .order_by(TreatmentPlan.started_on.desc().nulls_last(),
                  TreatmentPlan.created_at.desc(), TreatmentPlan.id.desc())
    ).all()  # fmt: skip
    chosen = next((row.id for row in rows if row.status is PlanStatus.ACTIVE), None)
    if chosen is None:
        chosen = next((row.id for row in rows if row.status in _USED), None)
    details = None if chosen is None else details_of(load_plan(db, chosen))
    dates = review_dates(PlanDates(row.status, row.review_on, row.ended_on) for row in rows)
    return PlanTargets(plan_goals(details), dates)


@dataclass(frozen=True)
class GoalStanding:
    """Where a plan goal stands: its progress on the scores (None for a goal in words
    only) and the status in words."""

    plan_goal: PlanGoal
    progress: GoalProgress | None

    @property
    def met(self) -> bool:
        """Met on the scores, or (a goal in words only) marked achieved."""
        if self.progress is not None:
            return self.progress.status is GoalStatus.MET
        return self.plan_goal.achieved_on is not None

    @property
    def status(self) -> str:
        """ "Met", "On track", "Not met yet", "Overdue"; for a goal in words only
        "Achieved" once marked so, else "Not measured"."""
        if self.progress is not None:
            return GOAL_STATUS_NAMES[self.progress.status]
        return "Achieved" if self.plan_goal.achieved_on is not None else "Not measured"


def goal_standings(goals: Sequence[PlanGoal], course: PatientCourse) -> list[GoalStanding]:
    """Each plan goal against the course's valid scores, on the course's day (or the
    latest score's day when the course has none)."""
    latest = max((o.taken_on for o in course.observations), default=None)
    standings = []
    for plan_goal in goals:
        goal = plan_goal.goal
        if goal is None:
            standings.append(GoalStanding(plan_goal, None))
            continue
        today = course.today or latest or goal.start_on
        observations = [o for o in course.observations if o.side == goal.side]
        standings.append(GoalStanding(plan_goal, goal_progress(goal, observations, today)))
    return standings
