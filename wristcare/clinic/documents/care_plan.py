"""The facts the take-home care plan prints, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.documents.letterhead import LetterheadFacts, read_letterhead
from wristcare.clinic.errors import NotFoundError
from wristcare.clinic.outcome_store.course import PatientCourse, read_course
from wristcare.clinic.plans.store import load_plan, view_of
from wristcare.clinic.plans.views import PlanView
from wristcare.clinic.referrals.store import read_history
from wristcare.db.engine import Database
from wristcare.db.models import Patient


@dataclass(frozen=True)
class CarePlanFacts:
    """Everything the take-home care plan is made from: the plan as it stands, the
    letterhead (its practitioner), the patient's names, whether they bleed easily, their
    signed scores up to today (for the "your progress so far" chart) and when it is
    issued."""

    plan: PlanView
    letterhead: LetterheadFacts
    patient_name: str
    preferred_name: str
    # On an anticoagulant or with a bleeding disorder: supplements carry a caution.
    bleeds_easily: bool
    course: PatientCourse
    issued_at: datetime  # aware
    issued_on: date  # the clinic's date


def care_plan_facts(database: Database, ctx: ClinicContext, plan_id: int) -> CarePlanFacts:
    """The facts of the plan's handout as stored now, dated now in the clinic
    (``NotFoundError`` if the plan is gone)."""
    today = ctx.today()
    with database.read() as db:
        plan = view_of(db, load_plan(db, plan_id))
        patient = db.get(Patient, plan.patient_id)
        if patient is None:
            raise NotFoundError("That patient record no longer exists.")
        history = read_history(db, plan.patient_id)
        # The letterhead is what the clinic says today, not what the context remembers.
        letterhead = read_letterhead(db, read_clinic_settings(db), plan.practitioner_id)
        return CarePlanFacts(
            plan=plan,
            letterhead=letterhead,
            patient_name=patient.name,
            preferred_name=patient.preferred_name.strip(),
            bleeds_easily=bool(history and (history.anticoagulant or history.bleeding_disorder)),
            course=read_course(db, plan.patient_id, today=today),
            issued_at=ctx.now(),
            issued_on=today,
        )
