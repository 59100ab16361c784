"""Session notes must open and sign without the practitioner waiting.

Goals: opening a patient with 200 sessions (their session list and the newest note in
full) within 100 ms; saving a note, and signing it, within 20 ms each. Each figure is
printed beside its floor: the cost of the emptiest read or write on the same file.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from wristcare.clinic.consent import ConsentDetails, record_consent
from wristcare.clinic.history import HealthHistoryDetails, save_history
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.clinic.practitioners import PractitionerDetails, register_first_practitioner
from wristcare.clinic.sessions import (
    ChannelDetails,
    FindingDetails,
    PointDetails,
    SessionDetails,
    get_note,
    list_patient_sessions,
    save_draft,
    sign_session,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.migrate import upgrade
from wristcare.db.models import Patient
from wristcare.db.vocab import ExamResult, ExamTest, Instrument, NeedleAngle, Side

OPEN_PATIENT_MS = 100.0
SAVE_MS = 20.0
SIGN_MS = 20.0
SESSIONS = 200
FIRST = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)


def _details(start: datetime) -> SessionDetails:
    points = [
        PointDetails(point=code, side=Side.RIGHT, gauge_hundredths_mm=25, length_mm=40,
                     depth_tenths_mm=80, angle=NeedleAngle.PERPENDICULAR, de_qi=True,
                     retention_minutes=30)
        for code in ("PC7", "PC6", "TE5", "LI4", "LI5", "SI4")
    ]  # fmt: skip
    return SessionDetails(
        started_at=start,
        ended_at=start + timedelta(minutes=45),
        complaint="Numb fingers at night",
        side=Side.RIGHT,
        scores={instrument: 5 for instrument in Instrument if instrument.startswith("nrs_")},
        digits_right=0b111,
        findings=[
            FindingDetails(test=ExamTest.PHALEN, side=Side.RIGHT, result=ExamResult.POSITIVE),
            FindingDetails(test=ExamTest.GRIP, side=Side.RIGHT, trials=(220, 230, 225)),
        ],
        tongue_body="Pale",
        pulse_overall="Thin",
        pattern="Qi and blood stagnation",
        points=points,
        channels=[ChannelDetails(channel=1, point_a=0, point_b=2, to_tolerance=True)],
        needles_in=6,
        needles_out=6,
        response="Relaxed",
        advice="Night splint",
    )


@pytest.fixture(scope="module")
def busy_patient(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A patient with 200 signed notes, written through the use cases."""
    path: Path = tmp_path_factory.mktemp("bench-sessions") / "clinic.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    ctx = register_first_practitioner(database, PractitionerDetails(name="Dr Bench"))
    patient = create_patient(
        database, ctx, PatientDetails(name="Busy Patient", date_of_birth=date(1970, 1, 1))
    )
    # A history and consents, as a clinic has them: signing runs the safety rules.
    save_history(database, ctx, patient.id, HealthHistoryDetails(), expected_version=None)
    for modality in ("acupuncture", "electroacupuncture", "moxibustion"):
        given = ConsentDetails(modality=modality, given_on=date(2020, 1, 1))
        record_consent(database, ctx, patient.id, given)
    for number in range(SESSIONS):
        start = FIRST + timedelta(days=3 * number)
        note = start_draft(database, ctx, patient.id, started_at=start)
        note = save_draft(database, ctx, note.id, _details(start), note.version)
        sign_session(database, ctx, note.id, note.version)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    yield database, ctx, patient.id
    database.dispose()


def _median_ms(action: Callable[[], object], runs: int = 15) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _read_floor(database: Database) -> float:
    def trivial() -> None:
        with database.read() as db:
            db.execute(text("SELECT 1")).all()

    return _median_ms(trivial)


def _write_floor(database: Database, patient_id: int) -> float:
    def trivial() -> None:
        with database.transaction() as db:
            patient = db.scalar(select(Patient).where(Patient.id == patient_id))
            assert patient is not None
            patient.notes = patient.notes  # an UPDATE-free commit still takes the lock
            db.execute(text("UPDATE patients SET notes = notes WHERE id = :id"),
                       {"id": patient_id})  # fmt: skip

    return _median_ms(trivial)


def test_opening_a_patient_with_200_sessions(busy_patient) -> None:  # type: ignore[no-untyped-def]
    database, _ctx, patient_id = busy_patient

    def open_patient() -> None:
        rows = list_patient_sessions(database, patient_id)
        assert len(rows) == SESSIONS
        get_note(database, rows[0].id)

    median = _median_ms(open_patient)
    floor = _read_floor(database)
    print(f"\nopen patient (list of {SESSIONS} + newest note): median {median:.1f} ms "
          f"(floor, an empty read: {floor:.2f} ms)")  # fmt: skip
    assert median < OPEN_PATIENT_MS


def test_saving_and_signing_a_note(busy_patient) -> None:  # type: ignore[no-untyped-def]
    database, ctx, patient_id = busy_patient
    saves, signs = [], []
    for number in range(15):
        start = FIRST + timedelta(days=3 * (SESSIONS + number))
        note = start_draft(database, ctx, patient_id, started_at=start)
        details = _details(start)
        began = time.perf_counter()
        note = save_draft(database, ctx, note.id, details, note.version)
        saved = time.perf_counter()
        sign_session(database, ctx, note.id, note.version)
        signed = time.perf_counter()
        saves.append((saved - began) * 1000)
        signs.append((signed - saved) * 1000)
    save, sign = statistics.median(saves), statistics.median(signs)
    floor = _write_floor(database, patient_id)
    print(f"\nsave draft: median {save:.1f} ms; sign: median {sign:.1f} ms; together "
          f"{save + sign:.1f} ms (floor, an empty write transaction: {floor:.2f} ms)")  # fmt: skip
    assert save < SAVE_MS
    assert sign < SIGN_MS
