"""A course of treatment as plain values, for the progress report and take-home tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from wristcare.clinic.outcome_store.course import (
    CourseAdverseEvent,
    CoursePatient,
    DatedHandMap,
    PatientCourse,
    PointUse,
)
from wristcare.clinic.outcomes.goals import Goal
from wristcare.clinic.outcomes.hand_map import (
    Hand,
    Mark,
    Place,
    Region,
    Surface,
    Symptom,
    build_map,
)
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.db.vocab import GoalDirection, GoalTargetKind
from wristcare.export.progress_report_document import (
    ProgressReportDocument,
    build_progress_report,
)

from .samples import letterhead

FIRST = date(2026, 8, 3)
ISSUED_AT = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
PATIENT = CoursePatient(
    id=1,
    record_number="P000042",
    name="Margaret O’Brien-Łukasik",
    date_of_birth=date(1961, 4, 9),
    referring_clinician="Dr Anna Fairweather, Totnes Medical Practice",
)
# Twelve sessions: twice a week for three weeks, then weekly.
SESSIONS = tuple(FIRST + timedelta(days=d) for d in (0, 3, 7, 10, 14, 17, 24, 31, 38, 45, 52, 59))
NUMBNESS = (8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3)
PAIN = (4, 4, 4, 3, 4, 3, 4, 3, 3, 3, 3, 3)  # 4 -> 3: smaller than the important change
OTHER = (6, 6, 5, 5, 5, 4, 4, 4, 3, 3, 3, 2)  # tingling, weakness, night waking
# A score typed for the wrong patient, marked in error: the report must not show it.
IN_ERROR = Observation("nrs_numbness", "none", SESSIONS[5], 10, entered_in_error=True)


def _observations() -> list[Observation]:
    found = []
    for index, day in enumerate(SESSIONS):
        found += [
            Observation("nrs_pain", "none", day, PAIN[index]),
            Observation("nrs_numbness", "none", day, NUMBNESS[index]),
            Observation("nrs_tingling", "none", day, OTHER[index]),
            Observation("nrs_weakness", "none", day, OTHER[index]),
            Observation("nrs_night_waking", "none", day, OTHER[index]),
        ]
    for weeks, sss, fss in ((0, "3.45", "2.88"), (4, "2.91", "2.63"), (8, "2.18", "2.50")):
        day = FIRST + timedelta(weeks=weeks)
        found += [
            Observation("bctq_sss", "right", day, Decimal(sss)),
            Observation("bctq_fss", "right", day, Decimal(fss)),
        ]
    for index, kg in ((0, "20.50"), (4, "22.17"), (8, "24.03"), (11, "25.10")):
        found.append(Observation("grip", "right", SESSIONS[index], Decimal(kg)))
    found.append(IN_ERROR)
    return found


def _map(regions: tuple[Region, ...], intensity: int) -> DatedHandMap:
    marks = [Mark(Place(Hand.RIGHT, Surface.PALMAR, r), Symptom.NUMBNESS, intensity)
             for r in regions]  # fmt: skip
    marks.append(Mark(Place(Hand.RIGHT, Surface.PALMAR, Region.DIGIT_2), Symptom.TINGLING, 5))
    return DatedHandMap(FIRST, build_map(marks))


def sample_course() -> PatientCourse:
    first_map = _map((Region.DIGIT_1, Region.DIGIT_2, Region.DIGIT_3), 7)
    latest = DatedHandMap(SESSIONS[-1], build_map([
        Mark(Place(Hand.RIGHT, Surface.PALMAR, Region.DIGIT_2), Symptom.NUMBNESS, 3)
    ]))  # fmt: skip
    goal = Goal("nrs_numbness", "none", 8, 3, GoalDirection.DECREASE, GoalTargetKind.ABSOLUTE,
                FIRST, FIRST + timedelta(weeks=10))  # fmt: skip
    return PatientCourse(
        patient_id=1,
        observations=tuple(_observations()),
        session_dates=SESSIONS,
        hand_maps=(first_map, latest),
        goals=(goal,),
        review_dates=(FIRST + timedelta(weeks=4),),
        today=SESSIONS[-1],
    )


POINTS = (
    PointUse("PC7", 12, SESSIONS[0], SESSIONS[-1]),
    PointUse("TE5", 10, SESSIONS[2], SESSIONS[-1]),
    PointUse("LI4", 4, SESSIONS[0], SESSIONS[3]),
    PointUse("Ashi point, scar", 1, SESSIONS[5], SESSIONS[5]),
)
EVENTS = (
    CourseAdverseEvent(
        session_id=3,
        session_on=SESSIONS[2],
        occurred_at=datetime(2026, 8, 10, 10, 40, tzinfo=UTC),
        kind="bruising",
        severity="mild",
        serious=False,
        description="Small bruise at PC6",
        action_taken="Pressure for one minute",
        follow_up="Resolved by the next visit",
    ),
)


def sample_report(**changes: object) -> ProgressReportDocument:
    """The report of the sample course (``changes`` replace arguments of the build)."""
    arguments: dict[str, object] = {
        "course": sample_course(),
        "patient": PATIENT,
        "letterhead": letterhead(),
        "thresholds": OutcomeThresholds(),
        "issued_at": ISSUED_AT,
        "issued_on": ISSUED_AT.date(),
        "points": POINTS,
        "adverse_events": EVENTS,
    }
    arguments.update(changes)
    return build_progress_report(**arguments)  # type: ignore[arg-type]
