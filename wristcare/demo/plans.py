"""Invented treatment plans for demo databases, written through the plan use cases.

A patient with a course of sessions gets the plan it followed: the points and electro
pairs of their latest note, twice a week then weekly (clinical.md §5), a measurable goal
and home care from the library (§6). A long course had an earlier plan, completed when
the current one was made; a few plans are still drafts being written.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.homecare_library import homecare_item
from wristcare.clinic.plans import (
    GoalDetails,
    PhaseDetails,
    PlanDetails,
    PlanPointDetails,
    homecare_details_from,
)
from wristcare.clinic.plans.editing import _copy_plan, _create_plan, _make_current
from wristcare.clinic.sessions import Prescription
from wristcare.clinic.sessions.drafts import _get_note, _last_prescription
from wristcare.clinic.sessions.listing import _list_patient_sessions
from wristcare.db.vocab import GoalDirection, GoalTargetKind, Instrument, MeasureSide, Side

HOME_CARE = (
    ("night_splint", "tendon_gliding"),
    ("night_splint", "median_nerve_gliding", "activity_ergonomics"),
    ("tendon_gliding", "wrist_flexor_stretch", "wrist_extensor_stretch"),
    ("night_splint", "self_massage", "activity_ergonomics", "tendon_gliding"),
)
SUPPLEMENTS = (
    "",
    "",
    "",
    "Vitamin B6, 50 mg a day (from your GP)",
    "Turmeric capsules, 500 mg a day",
)
NOTES = (
    "Wear the splint every night, even when your hand feels better.",
    "Take a short break from the keyboard every 30 minutes.",
    "Bring this sheet to your next appointment so we can look at your ticks together.",
)
# A course this long (days) had an earlier plan, replaced at its review.
SECOND_PLAN_AFTER = 42


@dataclass(frozen=True)
class DemoPlans:
    plans: int
    current_plan_id: int | None


def _at(ctx: ClinicContext, day: date, hour: int = 17) -> ClinicContext:
    moment = datetime.combine(day, time(hour), tzinfo=ctx.tz).astimezone(UTC)
    return replace(ctx, clock=lambda: min(moment, ctx.now()))


def _points(prescription: Prescription | None) -> list[PlanPointDetails]:
    if prescription is None:
        return [PlanPointDetails("PC7", Side.RIGHT), PlanPointDetails("PC6", Side.RIGHT)]
    points = [PlanPointDetails(point=p.point, side=p.side) for p in prescription.points if p.point]
    if len(points) != len(prescription.points):
        return points  # a free site in the note: no pairs to carry
    for channel in prescription.channels:
        a, b = channel.point_a, channel.point_b
        if points[a].electro_pair is None and points[b].electro_pair is None:
            points[a].electro_pair, points[b].electro_pair = b, a
    return points


def _first_numbness(db: DbSession, patient_id: int) -> int | None:
    """The numbness rating of the patient's first note, the goal's honest baseline."""
    sessions = _list_patient_sessions(db, patient_id)
    if not sessions:
        return None
    return _get_note(db, sessions[-1].id).score_map.get(Instrument.NRS_NUMBNESS)


def _details(
    rng: random.Random,
    start: date,
    prescription: Prescription | None,
    anticoagulant: bool,
    baseline: int | None = None,
) -> PlanDetails:
    side = next((p.side for p in (prescription.points if prescription else ())), Side.RIGHT)
    hand = {Side.LEFT: "the left hand", Side.RIGHT: "the right hand"}.get(
        side,  # type: ignore[arg-type]  # a point without a side (None) is "both hands"
        "both hands",
    )
    numbness = rng.randint(5, 9)
    if baseline is not None and baseline >= 2:
        numbness = baseline  # the goal starts from what the first note recorded
    home_care = [homecare_details_from(homecare_item(key)) for key in rng.choice(HOME_CARE)]
    for item in home_care:
        if item.times_a_day is not None and rng.random() < 0.3:
            item.times_a_day = min(item.times_a_day + 1, 5)
    supplements = rng.choice(SUPPLEMENTS)
    if anticoagulant and not supplements:
        supplements = "Fish oil capsules, 1 g a day"
    return PlanDetails(
        problem=f"Numbness and tingling in {hand} (carpal tunnel symptoms)",
        started_on=start,
        review_on=start + timedelta(weeks=rng.choice([4, 5, 6])),
        phases=[PhaseDetails(2, 3), PhaseDetails(1, rng.choice([3, 4, 6]))],
        points=_points(prescription),
        goals=[
            GoalDetails(
                description=f"Numbness {max(numbness - 4, 1)}/10 or less",
                measure=Instrument.NRS_NUMBNESS,
                side=MeasureSide.NONE,
                baseline=Decimal(numbness),
                target=Decimal(max(numbness - 4, 1)),
                direction=GoalDirection.DECREASE,
                target_kind=GoalTargetKind.ABSOLUTE,
                target_on=start + timedelta(weeks=6),
            ),
            GoalDetails(
                description="Your symptom questionnaire score (BCTQ) better by 1.05 or more",
                measure=Instrument.BCTQ_SSS,
                side=MeasureSide.NONE,
                baseline=Decimal("3.20"),
                target=Decimal("1.05"),
                direction=GoalDirection.DECREASE,
                target_kind=GoalTargetKind.CHANGE,
                target_on=start + timedelta(weeks=8),
            ),
            GoalDetails(description="Sleep through the night without the hand waking you"),
        ],
        home_care=home_care,
        supplements=supplements,
        notes_for_patient=rng.choice(NOTES),
        private_notes="Reassess Phalen and Tinel at the review.",
    )  # fmt: skip


def add_demo_plans(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    rng: random.Random,
    first_day: date,
    *,
    anticoagulant: bool = False,
) -> DemoPlans:
    """The plans of a patient whose course started on ``first_day``: the current one, an
    earlier completed one when the course is long, and now and then a draft."""
    prescription = _last_prescription(db, patient_id)
    today = ctx.today()
    then = _at(ctx, first_day)
    details = _details(rng, first_day, prescription, anticoagulant,
                       _first_numbness(db, patient_id))  # fmt: skip
    plan = _create_plan(db, then, patient_id, details)
    plan = _make_current(db, then, plan.id, plan.version)
    count = 1
    if (today - first_day).days > SECOND_PLAN_AFTER:
        review = plan.details.review_on or first_day + timedelta(weeks=6)
        later = _at(ctx, min(review, today))
        details = plan.to_details()
        details.started_on = later.today()
        details.phases = [PhaseDetails(1, rng.choice([4, 6, 8]), "Then we will space them out.")]
        details.review_on = later.today() + timedelta(weeks=rng.choice([4, 6, 8]))
        details.problem += ", continuing"
        for goal in details.goals:
            goal.target_on = None
        second = _create_plan(db, later, patient_id, details)
        plan = _make_current(db, later, second.id, second.version)
        count += 1
    if rng.random() < 0.1:
        _copy_plan(db, ctx, plan.id)  # the next plan, still a draft
        count += 1
    return DemoPlans(plans=count, current_plan_id=plan.id)
