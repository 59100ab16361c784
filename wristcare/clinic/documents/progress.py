"""The facts the progress report prints, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wristcare.clinic.clinic_settings import ClinicSettings, read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.documents.letterhead import LetterheadFacts, read_letterhead
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcome_store.course import (
    CourseAdverseEvent,
    CoursePatient,
    PatientCourse,
    PointUse,
    latest_signer,
    read_adverse_events,
    read_course,
    read_course_patient,
    read_points_used,
)
from wristcare.clinic.outcome_store.plan_goals import PlanGoal, plan_targets
from wristcare.clinic.outcomes.settings import EXTRA_KEY, outcome_settings_problems
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.db.engine import Database


@dataclass(frozen=True)
class ProgressFacts:
    """Everything the progress report is made from: the letterhead (the practitioner who
    signed the latest note), the patient, their course (signed notes only, with the goals
    and review dates of their plans), the goals of the plan in use as written, the
    clinic's thresholds, the points used, the adverse events and when it is issued."""

    letterhead: LetterheadFacts
    patient: CoursePatient
    course: PatientCourse
    plan_goals: tuple[PlanGoal, ...]
    thresholds: OutcomeThresholds
    points: tuple[PointUse, ...]
    adverse_events: tuple[CourseAdverseEvent, ...]
    issued_at: datetime  # aware
    issued_on: date  # the clinic's date


def report_thresholds(settings: ClinicSettings) -> OutcomeThresholds:
    """The clinic's thresholds (its outcome settings; the defaults where none are set).
    Stored thresholds that cannot be read raise ``ValidationError`` rather than print a
    verdict on the defaults the clinic did not choose."""
    prefix = f"{EXTRA_KEY}.thresholds"
    problems = {
        key: message
        for key, message in outcome_settings_problems(settings.details.extra).items()
        if key == EXTRA_KEY or key.startswith(prefix)
    }
    if problems:
        raise ValidationError(problems)
    return settings.outcomes.thresholds


def progress_facts(database: Database, ctx: ClinicContext, patient_id: int) -> ProgressFacts:
    """The facts of one patient's progress report as stored now, dated now in the clinic
    (``NotFoundError`` if there is no such patient)."""
    today = ctx.today()
    with database.read() as db:
        patient = read_course_patient(db, patient_id)
        settings = read_clinic_settings(db)
        signer_id, signed_as = latest_signer(db, patient_id)
        letterhead = read_letterhead(db, settings, signer_id, name=signed_as)
        plan = plan_targets(db, patient_id)
        course = read_course(db, patient_id, goals=plan.measurable,
                             review_dates=plan.review_dates, today=today)  # fmt: skip
        points = tuple(read_points_used(db, patient_id))
        events = tuple(read_adverse_events(db, patient_id))
    return ProgressFacts(
        letterhead=letterhead,
        patient=patient,
        course=course,
        plan_goals=plan.goals,
        thresholds=report_thresholds(settings),
        points=points,
        adverse_events=events,
        issued_at=ctx.now(),
        issued_on=today,
    )
