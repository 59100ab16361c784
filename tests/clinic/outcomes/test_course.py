"""The course read from storage: valid scores only, strength from the examinations,
session dates, hand maps, points used and adverse events (a real SQLite file)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from sessions_helpers import LONDON, complete_details, make_context

from wristcare.clinic.consent import ConsentDetails, record_consent
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.history import HealthHistoryDetails, save_history
from wristcare.clinic.outcome_store.course import (
    PatientCourse,
    course_adverse_events,
    load_course,
    points_used,
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
    to_plain,
)
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.katz import KatzRating
from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.sessions import (
    AdverseEventDetails,
    FindingDetails,
    mark_entered_in_error,
    save_draft,
    sign_session,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.models import OutcomeMeasure
from wristcare.db.vocab import (
    SYMPTOM_SCALES,
    AdverseEventKind,
    ExamTest,
    GoalDirection,
    GoalTargetKind,
    Instrument,
    KatzCategory,
    MeasureSide,
    ScoringRule,
    Severity,
    Side,
)

FIRST_DAY = date(2025, 3, 3)


def _ready_to_treat(database: Database, ctx: ClinicContext, patient_id: int) -> None:
    """A health history and consents in force, so the safety rules let the notes be
    signed (the sample note has electroacupuncture and moxibustion)."""
    save_history(database, ctx, patient_id, HealthHistoryDetails(), expected_version=None)
    for modality in ("acupuncture", "electroacupuncture", "moxibustion"):
        details = ConsentDetails(modality=modality, given_on=date(2020, 1, 1))
        record_consent(database, ctx, patient_id, details)


def _note(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    day: date,
    scores: tuple[int, ...],
    *,
    sign: bool = True,
    points: tuple[str, ...] = ("PC7", "PC6", "SJ5"),
    grip: tuple[int, int, int] | None = None,
    events: int = 0,
) -> int:
    start = datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON)
    note = start_draft(database, ctx, patient_id, started_at=start)
    details = complete_details(start, points=points)
    if len(points) < 3:
        details.channels = []  # its one channel joins the first and third points
    details.scores = dict(zip(SYMPTOM_SCALES, scores, strict=True))
    details.findings = [f for f in details.findings if f.test is not ExamTest.GRIP]
    if grip is not None:
        details.findings.append(FindingDetails(test=ExamTest.GRIP, side=Side.RIGHT, trials=grip))
    details.adverse_events = [
        AdverseEventDetails(
            kind=AdverseEventKind.BRUISING,
            severity=Severity.MILD,
            description=f"Small bruise at PC6 ({number})",
            action_taken="Pressure for one minute",
        )
        for number in range(events)
    ]
    note = save_draft(database, ctx, note.id, details, note.version)
    if sign:
        note = sign_session(database, ctx, note.id, note.version)
    return note.id


def _own_row(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    instrument: Instrument,
    day: date,
    score: Decimal | None,
    **values: object,
) -> None:
    values.setdefault("side", MeasureSide.RIGHT)
    values.setdefault("scoring_rule", ScoringRule.BCTQ_MEAN_V1)
    with database.transaction() as db:
        db.add(
            OutcomeMeasure(
                patient_id=patient_id,
                instrument=instrument,
                taken_on=day,
                score=score,
                recorded_by_id=ctx.actor.practitioner_id,
                recorded_by_name=ctx.actor.name,
                recorded_at=ctx.now(),
                **values,
            )
        )


def test_course_reads_scores_strength_and_dates(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Course Patient")
    _ready_to_treat(database, ctx, patient.id)
    other = make_patient("Someone Else")
    _ready_to_treat(database, ctx, other.id)
    days = [FIRST_DAY + timedelta(weeks=week) for week in range(4)]
    _note(database, ctx, patient.id, days[0], (7, 8, 6, 5, 6), grip=(200, 210, 205), events=1)
    _note(database, ctx, patient.id, days[1], (6, 7, 6, 4, 5))
    _note(database, ctx, patient.id, days[2], (4, 5, 3, 3, 3), grip=(250, 260, 255))
    _note(database, ctx, patient.id, days[3], (9, 9, 9, 9, 9), sign=False)  # a draft
    _note(database, ctx, other.id, days[0], (1, 1, 1, 1, 1))

    course = load_course(database, patient.id, today=days[3])

    assert course.session_dates == tuple(days[:3])
    numbness = course.series("nrs_numbness", "none")
    assert [(o.taken_on, o.value) for o in numbness] == [
        (days[0], 8), (days[1], 7), (days[2], 5)
    ]  # fmt: skip
    assert [o.value for o in course.series("gss", "none")] == [32, 28, 18]
    grip = course.series("grip", "right")
    assert [(o.taken_on, o.value) for o in grip] == [
        (days[0], Decimal("20.50")), (days[2], Decimal("25.50"))
    ]  # fmt: skip
    assert course.sides() == ("none", "right")
    assert ("gss", "none") in course.measures() and ("grip", "right") in course.measures()

    with_drafts = load_course(database, patient.id, include_drafts=True)
    assert with_drafts.session_dates == tuple(days)
    assert with_drafts.series("nrs_pain", "none")[-1].value == 9


def test_entered_in_error_is_left_out(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Error Patient")
    _ready_to_treat(database, ctx, patient.id)
    _note(database, ctx, patient.id, FIRST_DAY, (7, 8, 6, 5, 6))
    wrong = _note(database, ctx, patient.id, FIRST_DAY + timedelta(days=7), (1, 1, 1, 1, 1),
                  grip=(300, 300, 300), events=1)  # fmt: skip
    mark_entered_in_error(database, ctx, wrong, "Wrong patient's note")
    _own_row(database, ctx, patient.id, Instrument.BCTQ_SSS, FIRST_DAY, Decimal("3.20"))
    _own_row(database, ctx, patient.id, Instrument.BCTQ_SSS, FIRST_DAY + timedelta(days=14),
             Decimal("1.10"), entered_in_error_at=ctx.now(),
             entered_in_error_reason="Typed into the wrong column")  # fmt: skip
    _own_row(database, ctx, patient.id, Instrument.BCTQ_SSS, FIRST_DAY + timedelta(days=21),
             Decimal("2.40"))  # fmt: skip

    course = load_course(database, patient.id)

    assert course.session_dates == (FIRST_DAY,)
    assert [o.value for o in course.series("nrs_pain", "none")] == [7]
    assert course.series("grip", "right") == []
    assert [o.value for o in course.series("bctq_sss", "right")] == [
        Decimal("3.20"), Decimal("2.40")
    ]  # fmt: skip
    assert all(not o.entered_in_error for o in course.observations)
    assert course_adverse_events(database, patient.id) == []
    assert points_used(database, patient.id)[0].sessions == 1


def test_stored_strength_score_wins_over_the_examination(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Grip Patient")
    _ready_to_treat(database, ctx, patient.id)
    session_id = _note(database, ctx, patient.id, FIRST_DAY, (5, 5, 5, 5, 5), grip=(200, 200, 200))
    _own_row(database, ctx, patient.id, Instrument.GRIP, FIRST_DAY, Decimal("21.00"),
             session_id=session_id, scoring_rule=ScoringRule.GRIP_MEAN3)  # fmt: skip

    grip = load_course(database, patient.id).series("grip", "right")

    assert [o.value for o in grip] == [Decimal("21.00")]


def test_bctq_sums_and_hand_maps(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Map Patient")
    _own_row(database, ctx, patient.id, Instrument.BCTQ_FSS, FIRST_DAY, Decimal("30"),
             scoring_rule=ScoringRule.BCTQ_SUM_V1)  # fmt: skip
    marks = [
        Mark(Place(Hand.RIGHT, Surface.PALMAR, region), Symptom.NUMBNESS, 6)
        for region in (Region.DIGIT_1, Region.DIGIT_2, Region.DIGIT_3)
    ]
    later = FIRST_DAY + timedelta(weeks=6)
    for day, chosen in ((later, marks[:1]), (FIRST_DAY, marks)):
        _own_row(database, ctx, patient.id, Instrument.KATZ, day, None,
                 side=MeasureSide.BILATERAL, scoring_rule=ScoringRule.KATZ_1990,
                 category=KatzCategory.CLASSIC, answers=to_plain(build_map(chosen)))  # fmt: skip

    course = load_course(database, patient.id)

    assert course.series("bctq_fss", "right") == []  # a sum is not the charted mean
    assert [m.taken_on for m in course.hand_maps] == [FIRST_DAY, later]
    assert course.hand_maps[0].ratings[Hand.RIGHT].rating is KatzRating.CLASSIC
    assert course.hand_maps[1].ratings[Hand.RIGHT].rating is KatzRating.POSSIBLE
    assert course.hand_maps[0].ratings[Hand.LEFT].rating is KatzRating.UNLIKELY


def test_points_used_and_adverse_events(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Points Patient")
    _ready_to_treat(database, ctx, patient.id)
    days = [FIRST_DAY + timedelta(days=4 * n) for n in range(3)]
    _note(database, ctx, patient.id, days[0], (5,) * 5, points=("PC7", "PC6", "PC7"), events=2)
    _note(database, ctx, patient.id, days[1], (5,) * 5, points=("PC7", "LI4"))
    _note(database, ctx, patient.id, days[2], (5,) * 5, points=("PC7", "TE5"))
    _note(database, ctx, patient.id, days[2] + timedelta(days=1), (5,) * 5, points=("LU9",),
          sign=False, events=1)  # fmt: skip

    used = points_used(database, patient.id)
    events = course_adverse_events(database, patient.id)

    assert [(u.label, u.sessions) for u in used] == [
        ("PC7", 3), ("LI4", 1), ("PC6", 1), ("TE5", 1)
    ]  # fmt: skip
    assert (used[0].first_on, used[0].last_on) == (days[0], days[2])
    assert "LU9" in {u.label for u in points_used(database, patient.id, include_drafts=True)}
    assert [e.description for e in events] == [
        "Small bruise at PC6 (0)", "Small bruise at PC6 (1)"
    ]  # fmt: skip
    assert events[0].session_on == days[0] and events[0].kind == "bruising"
    assert len(course_adverse_events(database, patient.id, include_drafts=True)) == 3


def test_an_empty_course(database: Database, make_patient: Callable[..., PatientRecord]) -> None:
    patient = make_patient("New Patient")
    course = load_course(database, patient.id)
    assert course.observations == () and course.measures() == [] and course.sides() == ()
    assert points_used(database, patient.id) == []


def test_course_progress_per_side_keeps_goals_of_that_side() -> None:
    day = date(2025, 1, 6)
    goal = Goal("grip", "right", Decimal(20), Decimal(25), GoalDirection.INCREASE,
                GoalTargetKind.ABSOLUTE, day, day + timedelta(weeks=8))  # fmt: skip
    course = PatientCourse(
        patient_id=1,
        observations=(
            Observation("nrs_pain", "none", day, 6),
            Observation("grip", "right", day, Decimal(20)),
            Observation("grip", "left", day, Decimal(30)),
            Observation("grip", "right", day + timedelta(weeks=2), Decimal(26)),
        ),
        session_dates=(day, day + timedelta(weeks=2)),
        goals=(goal,),
    )
    right = course.progress("right")
    assert right.goals == (goal,) and course.progress("left").goals == ()
    assert [o.value for o in right.series("grip")] == [20, 26]
    assert course.sides() == ("none", "left", "right")
    assert course.measures() == [("nrs_pain", "none"), ("grip", "left"), ("grip", "right")]


def test_a_map_stored_one_row_per_hand_is_one_sitting(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Two Hands")
    right = [Mark(Place(Hand.RIGHT, Surface.PALMAR, r), Symptom.TINGLING, 5)
             for r in (Region.DIGIT_2, Region.DIGIT_3)]  # fmt: skip
    left = [Mark(Place(Hand.LEFT, Surface.PALMAR, Region.DIGIT_1), Symptom.PAIN, 4)]
    for day, wrong_left in ((FIRST_DAY, False), (FIRST_DAY + timedelta(weeks=4), True)):
        sitting = f"sitting-{day.isoformat()}"
        for side, marks in ((MeasureSide.LEFT, left), (MeasureSide.RIGHT, right)):
            error = {}
            if wrong_left and side is MeasureSide.LEFT:
                error = {"entered_in_error_at": ctx.now(), "entered_in_error_reason": "Wrong hand"}
            _own_row(database, ctx, patient.id, Instrument.KATZ, day, None, side=side,
                     scoring_rule=ScoringRule.KATZ_1990, category=KatzCategory.POSSIBLE,
                     answers=to_plain(build_map(marks)), administration_id=sitting,
                     **error)  # fmt: skip

    first, later = load_course(database, patient.id).hand_maps

    assert first.hands == (Hand.LEFT, Hand.RIGHT) and len(first.hand_map.marks) == 3
    assert first.ratings[Hand.RIGHT].rating is KatzRating.CLASSIC
    assert first.ratings[Hand.LEFT].rating is KatzRating.POSSIBLE
    # The left hand's row is marked in error: that hand is neither drawn nor rated.
    assert later.hands == (Hand.RIGHT,) and set(later.ratings) == {Hand.RIGHT}
    assert later.hand_map.marks_on(Hand.LEFT) == ()
