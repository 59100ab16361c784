"""Plan goals and review dates for the progress charts: the mapping as pure functions,
the reading on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from plans_helpers import START, full_plan, record_numbness

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.outcome_store.course import PatientCourse, load_course
from wristcare.clinic.outcome_store.plan_goals import (
    PlanDates,
    PlanGoal,
    PlanTargets,
    goal_standings,
    measurable_goal,
    plan_goals,
    read_plan_targets,
    review_dates,
)
from wristcare.clinic.outcomes.goals import Goal, GoalStatus
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.plans import GoalDetails, create_plan, make_current, set_plan_status
from wristcare.db.engine import Database
from wristcare.db.vocab import GoalDirection, GoalTargetKind, Instrument, MeasureSide, PlanStatus

NUMBNESS_GOAL = GoalDetails(
    description="Numbness 3/10 or less",
    measure=Instrument.NRS_NUMBNESS,
    side=MeasureSide.NONE,
    baseline=Decimal(7),
    target=Decimal(3),
    target_on=START + timedelta(weeks=5),
)


def test_a_goal_with_measure_baseline_and_target_becomes_measurable() -> None:
    assert measurable_goal(NUMBNESS_GOAL, START) == Goal(
        "nrs_numbness", "none", Decimal(7), Decimal(3), GoalDirection.DECREASE,
        GoalTargetKind.ABSOLUTE, START, START + timedelta(weeks=5),
    )  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        {"measure": None, "baseline": None, "target": None},  # in words only
        {"baseline": None},
        {"target": None},
        {"measure": Instrument.GRIP, "side": None},  # which hand?
        {"measure": Instrument.KATZ},
        {"target_kind": GoalTargetKind.CHANGE, "target": Decimal(0)},  # refused by the rules
    ],
)
def test_a_goal_that_cannot_be_charted_is_in_words_only(change: dict) -> None:
    details = GoalDetails(**{**NUMBNESS_GOAL.__dict__, **change})
    assert measurable_goal(details, START) is None


def test_whole_person_measures_default_to_side_none_and_need_a_start() -> None:
    details = GoalDetails(**{**NUMBNESS_GOAL.__dict__, "side": None})
    goal = measurable_goal(details, START)
    assert goal is not None and goal.side == "none"
    assert measurable_goal(NUMBNESS_GOAL, None) is None
    grip = GoalDetails(**{**NUMBNESS_GOAL.__dict__, "measure": Instrument.GRIP,
                          "side": MeasureSide.RIGHT, "direction": GoalDirection.INCREASE,
                          "baseline": Decimal(18), "target": Decimal(25)})  # fmt: skip
    assert measurable_goal(grip, START).side == "right"  # type: ignore[union-attr]


def test_plan_goals_keep_every_goal_in_order() -> None:
    details = full_plan()
    details.goals[1].achieved_on = START + timedelta(days=20)
    goals = plan_goals(details)
    assert [g.description for g in goals] == [g.description for g in details.goals]
    assert goals[0].goal is not None and goals[1].goal is None
    assert goals[1].achieved_on == START + timedelta(days=20)
    targets = PlanTargets(goals)
    assert targets.measurable == (goals[0].goal,)
    assert targets.measurable[0].instrument == "nrs_numbness"
    assert plan_goals(None) == () and PlanTargets().measurable == ()


def test_review_dates_of_plans_in_use_and_held() -> None:
    day = date(2026, 3, 1)
    plans = [
        PlanDates(PlanStatus.ACTIVE, day + timedelta(weeks=10)),
        PlanDates(PlanStatus.COMPLETED, day, ended_on=day),  # held on the day it ended
        PlanDates(PlanStatus.COMPLETED, day, ended_on=day),  # the same day once
        PlanDates(PlanStatus.DISCONTINUED, day + timedelta(weeks=3), ended_on=day),  # never held
        PlanDates(PlanStatus.DRAFT, day + timedelta(weeks=1)),  # not booked
        PlanDates(PlanStatus.ACTIVE, None),
    ]
    assert review_dates(plans) == (day, day + timedelta(weeks=10))
    assert review_dates([]) == ()


def _course(values: list[int], today: date | None = None) -> PatientCourse:
    observations = tuple(
        Observation("nrs_numbness", "none", START + timedelta(weeks=n), value)
        for n, value in enumerate(values)
    )
    return PatientCourse(patient_id=1, observations=observations, today=today)


def test_standings_say_met_plainly_and_list_goals_in_words() -> None:
    goals = plan_goals(full_plan())
    met, words = goal_standings(goals, _course([7, 5, 3]))
    assert met.met and met.status == "Met" and met.progress is not None
    assert met.progress.first_met_on == START + timedelta(weeks=2)
    assert (words.met, words.status, words.progress) == (False, "Not measured", None)
    achieved = PlanGoal("Sleep through", None, achieved_on=START)
    assert goal_standings([achieved], _course([]))[0].status == "Achieved"


def test_standings_on_the_boundary_and_past_the_target_date() -> None:
    goals = plan_goals(full_plan())[:1]
    # 4 is one above the target "3 or less": not met; 3 is met.
    (behind,) = goal_standings(goals, _course([7, 4], today=START + timedelta(weeks=1)))
    assert not behind.met and behind.progress.status is GoalStatus.ON_TRACK  # type: ignore[union-attr]
    (late,) = goal_standings(goals, _course([7, 4], today=START + timedelta(weeks=6)))
    assert late.status == "Overdue"
    (exact,) = goal_standings(goals, _course([7, 3], today=START + timedelta(weeks=6)))
    assert exact.met


def test_the_current_plan_is_read_and_feeds_the_course(
    database: Database, ctx: ClinicContext, make_patient: Callable[..., PatientRecord]
) -> None:
    patient = make_patient()
    other = make_patient("Bob Other")
    assert read_plan_targets(database, patient.id) == PlanTargets()

    first = create_plan(database, ctx, patient.id, full_plan())
    first = make_current(database, ctx, first.id, expected_version=first.version)
    set_plan_status(database, ctx, first.id, PlanStatus.COMPLETED, expected_version=first.version)
    # No plan is current: the latest plan that was in use gives the goals.
    done = read_plan_targets(database, patient.id)
    assert [g.description for g in done.goals] == [g.description for g in full_plan().goals]

    details = full_plan()
    details.goals = [NUMBNESS_GOAL, GoalDetails(description="Back to knitting")]
    details.review_on = START + timedelta(weeks=8)
    current = create_plan(database, ctx, patient.id, details)
    make_current(database, ctx, current.id, expected_version=current.version)
    draft = full_plan()
    draft.review_on = START + timedelta(weeks=2)
    create_plan(database, ctx, patient.id, draft)  # a draft: its review is not booked

    targets = read_plan_targets(database, patient.id)
    assert [g.description for g in targets.goals] == ["Numbness 3/10 or less",
                                                       "Back to knitting"]  # fmt: skip
    assert targets.measurable == (measurable_goal(NUMBNESS_GOAL, START),)
    # The completed plan ended today, before its review: that review was never held.
    assert targets.review_dates == (START + timedelta(weeks=8),)
    assert read_plan_targets(database, other.id) == PlanTargets()

    record_numbness(database, ctx, patient.id, START, 7)
    record_numbness(database, ctx, patient.id, START + timedelta(days=10), 3)
    later = START + timedelta(days=10)
    course = load_course(database, patient.id, goals=targets.measurable,
                         review_dates=targets.review_dates, today=later)  # fmt: skip
    standing = goal_standings(targets.goals, course)
    assert [s.status for s in standing] == ["Met", "Not measured"]
    assert course.progress("none").goals_for("nrs_numbness") == targets.measurable
