"""A complete treatment plan for the plan tests, built the way the editor fills one, and
the numbness scores its goal is measured by."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.homecare_library import homecare_item
from wristcare.clinic.plans import (
    GoalDetails,
    HomeCareDetails,
    PhaseDetails,
    PlanDetails,
    PlanPointDetails,
    homecare_details_from,
)
from wristcare.db.engine import Database
from wristcare.db.models import OutcomeMeasure
from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    Side,
)

START = date(2025, 6, 15)  # the pinned clock's date (tests/conftest.py)


def full_plan(start: date = START) -> PlanDetails:
    """Two phases (10 sessions), four points with one electro pair, two goals (one
    measurable), three home-care items from the library and one written by hand."""
    splint = homecare_details_from(homecare_item("night_splint"))
    gliding = homecare_details_from(homecare_item("tendon_gliding"))
    gliding.times_a_day = 3
    stretch = homecare_details_from(homecare_item("wrist_flexor_stretch"))
    return PlanDetails(
        problem="Numbness and tingling in the right thumb and index finger at night",
        started_on=start,
        review_on=start + timedelta(weeks=5),
        phases=[PhaseDetails(2, 3, "twice a week"), PhaseDetails(1, 4, "then weekly")],
        points=[
            PlanPointDetails("PC7", Side.RIGHT, electro_pair=1),
            PlanPointDetails("Nei Guan", Side.RIGHT, electro_pair=0),
            PlanPointDetails("LI4", Side.BILATERAL),
            PlanPointDetails("外關", Side.RIGHT, note="even method"),
        ],
        goals=[
            GoalDetails(
                description="Numbness 3/10 or less by 20 July",
                measure=Instrument.NRS_NUMBNESS,
                side=MeasureSide.NONE,
                baseline=Decimal(7),
                target=Decimal(3),
                direction=GoalDirection.DECREASE,
                target_kind=GoalTargetKind.ABSOLUTE,
                target_on=start + timedelta(days=35),
            ),
            GoalDetails(description="Sleep through the night without waking from tingling"),
        ],
        home_care=[
            splint,
            gliding,
            stretch,
            HomeCareDetails(
                kind=HomeCareKind.HEAT,
                title="Warm water soak",
                steps=["Soak both hands in warm (not hot) water for 5 minutes."],
                times_a_day=1,
            ),
        ],
        supplements="Turmeric capsules, 500 mg a day",
        notes_for_patient="Keep your wrist straight at the keyboard.",
        private_notes="Pattern: qi and blood stagnation.",
    )


def record_numbness(
    database: Database, ctx: ClinicContext, patient_id: int, day: date, score: int
) -> None:
    """A 0-10 numbness rating taken on ``day``, stored as the note would store it."""
    with database.transaction() as db:
        db.add(OutcomeMeasure(
            patient_id=patient_id, instrument="nrs_numbness", side="none", taken_on=day,
            score=Decimal(score), scoring_rule="nrs_0_10_v1", answers={},
            recorded_by_id=ctx.actor.practitioner_id, recorded_by_name=ctx.actor.name,
        ))  # fmt: skip
