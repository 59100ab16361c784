"""A patient with a course of notes and a referral, written through the use cases."""

from __future__ import annotations

from datetime import date, timedelta

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, PatientRecord, create_patient
from wristcare.clinic.referrals import DecisionDetails, record_decision, run_screen, screen_context
from wristcare.clinic.safety import Referral
from wristcare.clinic.sessions import (
    FindingDetails,
    PointDetails,
    SessionNote,
    save_draft,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.vocab import ExamResult, ExamTest, Instrument, Severity, Side


def _session(
    database: Database, ctx: ClinicContext, patient_id: int, weeks_ago: int, pain: int,
    numbness: int, *, wasting: bool = False,
) -> SessionNote:  # fmt: skip
    note = start_draft(database, ctx, patient_id, started_at=ctx.now() - timedelta(weeks=weeks_ago))
    details = note.to_details()
    details.complaint = "Numbness of the right thumb, index and middle fingers, worse at night"
    details.working_diagnosis = "Carpal tunnel syndrome, right"
    details.side = Side.RIGHT
    details.severity = Severity.MODERATE
    details.digits_right = 0b00111
    details.scores = {Instrument.NRS_PAIN: pain, Instrument.NRS_NUMBNESS: numbness}
    details.points = [
        PointDetails(point=code, side=Side.RIGHT, gauge_hundredths_mm=25, length_mm=25)
        for code in ("PC7", "PC6", "LI4")
    ]
    result = ExamResult.POSITIVE if wasting else ExamResult.NEGATIVE
    details.findings = [
        FindingDetails(test=ExamTest.THENAR_WASTING, side=Side.RIGHT, result=result)
    ]
    return save_draft(database, ctx, note.id, details, note.version)


def referred_patient(database: Database, ctx: ClinicContext) -> PatientRecord:
    """Three sessions over four weeks, thenar wasting found at the last, referred."""
    patient = create_patient(
        database,
        ctx,
        PatientDetails(
            name="Margaret O'Neill 李",
            date_of_birth=date(1956, 2, 3),
            family_doctor_name="Dr Amir Shah",
            family_doctor_contact="Riverside Surgery\n4 Quay Street, Totnes TQ9 5AA",
        ),  # fmt: skip
    )
    _session(database, ctx, patient.id, 4, 6, 7)
    _session(database, ctx, patient.id, 2, 6, 7)
    last = _session(database, ctx, patient.id, 0, 5, 7, wasting=True)
    findings = run_screen(
        screen_context(database, ctx, patient.id, last.id), last.to_details()
    ).findings
    record_decision(
        database, ctx, patient.id, last.id, findings,
        DecisionDetails(True, Referral(
            "Dr Amir Shah", "Thenar wasting on the right: please assess for nerve studies",
            ctx.today(),
        )),
    )  # fmt: skip
    return patient
