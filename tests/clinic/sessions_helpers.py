"""Making practitioners, contexts and complete notes for the session-note tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from wristcare.clinic.consent import ConsentDetails, record_consent
from wristcare.clinic.context import Actor, ClinicContext
from wristcare.clinic.history import HealthHistoryDetails, save_history
from wristcare.clinic.sessions import (
    ChannelDetails,
    FindingDetails,
    PointDetails,
    SessionDetails,
    SessionNote,
    save_draft,
    sign_session,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.models import Practitioner
from wristcare.db.vocab import (
    ExamResult,
    ExamTest,
    Instrument,
    NeedleAngle,
    Severity,
    Side,
)

NOW = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def make_context(database: Database, name: str = "Dr Li Wen", now: datetime = NOW) -> ClinicContext:
    """A practitioner record and a context acting as them, with a fixed clock."""
    with database.transaction() as db:
        practitioner = Practitioner(name=name)
        db.add(practitioner)
        db.flush()
        practitioner_id = practitioner.id
    return ClinicContext(
        actor=Actor(practitioner_id=practitioner_id, name=name), tz=LONDON, clock=lambda: now
    )


def complete_details(
    start: datetime, *, points: tuple[str, ...] = ("PC7", "PC6", "SJ5")
) -> SessionDetails:
    """A note ready to sign: scores, exam, tongue and pulse, points, one channel."""
    details = SessionDetails(
        started_at=start,
        ended_at=start + timedelta(minutes=45),
        complaint="Numb thumb and index at night, 手麻",
        side=Side.RIGHT,
        scores={Instrument.NRS_PAIN: 6, Instrument.NRS_NUMBNESS: 7, Instrument.NRS_NIGHT_WAKING: 5},
        digits_right=0b00111,
        provoking="Typing, driving",
        easing="Shaking the hand",
        findings=[
            FindingDetails(test=ExamTest.PHALEN, side=Side.RIGHT, result=ExamResult.POSITIVE,
                           seconds_to_symptoms=35),
            FindingDetails(test=ExamTest.GRIP, side=Side.RIGHT, trials=(221, 230, 226)),
            FindingDetails(test=ExamTest.TWO_POINT, side=Side.RIGHT, digit=2, two_point_mm=5),
        ],
        tongue_body="Pale",
        tongue_coating="Thin white",
        pulse_overall="Thin, wiry",
        pulse_left_guan="Wiry",
        pattern="Qi and blood stagnation in the channels",
        severity=Severity.MODERATE,
        working_diagnosis="Carpal tunnel syndrome, right",
        differentials="Cervical radiculopathy C6",
        points=[
            PointDetails(point=code, side=Side.RIGHT, gauge_hundredths_mm=25, length_mm=40,
                         depth_tenths_mm=80, angle=NeedleAngle.PERPENDICULAR, de_qi=True,
                         retention_minutes=30)
            for code in points
        ],
        channels=[ChannelDetails(channel=1, point_a=0, point_b=2, frequency_low_hz=2,
                                 intensity_tenths_ma=15, minutes=20)],
        moxibustion=True,
        response="Relaxed, no reaction",
        advice="Night splint; tendon gliding",
    )  # fmt: skip
    details.needles_in = details.needles_from_points()
    details.needles_out = details.needles_in
    return details


def ready_to_treat(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    modalities: tuple[str, ...] = ("acupuncture", "electroacupuncture", "moxibustion"),
    history: HealthHistoryDetails | None = None,
) -> None:
    """A health history (nothing ticked unless given) and consents in force, so the safety
    rules let a note be signed without an override."""
    save_history(
        database, ctx, patient_id, history or HealthHistoryDetails(), expected_version=None
    )
    for modality in modalities:
        record_consent(
            database,
            ctx,
            patient_id,
            ConsentDetails(modality=modality, given_on=date(2020, 1, 1)),
        )


START = datetime(2025, 6, 15, 9, 0, tzinfo=UTC)  # the morning of the pinned day


def sign_note(
    database: Database, ctx: ClinicContext, patient_id: int, start: datetime = START
) -> SessionNote:
    """A complete note for the patient, started at ``start``, signed as ``ctx``."""
    note = start_draft(database, ctx, patient_id, started_at=start)
    note = save_draft(database, ctx, note.id, complete_details(start), note.version)
    return sign_session(database, ctx, note.id, note.version)
