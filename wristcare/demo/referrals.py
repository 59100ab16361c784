"""Red flags and referrals for a few demo patients, through the referral use cases."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.referrals import DecisionDetails, run_screen
from wristcare.clinic.referrals.store import _record_decision, _save_screen, _screen_context
from wristcare.clinic.safety import Referral
from wristcare.clinic.sessions.drafts import _get_note
from wristcare.db.models import Patient, TreatmentSession

# What each demo referral answers: an asked sign, and the reason the letter gives.
_DEMO_FLAGS = (
    ("constant_numbness", "Constant numbness in the median nerve territory despite splinting"),
    ("sudden_progression", "Numbness spreading quickly over two weeks; please assess"),
)


def add_demo_referrals(db: DbSession, ctx: ClinicContext, patient_ids: Sequence[int]) -> int:
    """Give the first patients in ``patient_ids`` (each with at least one note) a red flag
    at their latest session and a referral to their family doctor; how many referrals."""
    made = 0
    for patient_id, (sign, reason) in zip(patient_ids, _DEMO_FLAGS, strict=False):
        session_id = db.scalar(
            select(TreatmentSession.id)
            .where(TreatmentSession.patient_id == patient_id)
            .order_by(TreatmentSession.started_at.desc())
            .limit(1)
        )
        patient = db.get(Patient, patient_id)
        doctor = patient.family_doctor_name if patient else ""
        if session_id is None:
            continue
        context = _screen_context(db, ctx, patient_id, session_id)
        answers = {**context.screen.answers, sign: True}
        _save_screen(db, ctx, patient_id, session_id, answers, context.screen.version)
        context = _screen_context(db, ctx, patient_id, session_id)
        note = _get_note(db, session_id)
        findings = run_screen(context, note.to_details()).unanswered
        referral = Referral(doctor or "The patient's GP", reason, ctx.today())
        _record_decision(db, ctx, patient_id, session_id, findings, DecisionDetails(True, referral))
        made += 1
    return made
