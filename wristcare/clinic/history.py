"""The health history: versioned, so every earlier answer stays on record with its date."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.history_details import HealthHistoryDetails, HealthHistoryVersion
from wristcare.clinic.labels import LIMBS
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.clinic.validation import Problems
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import HealthHistory, Patient
from wristcare.db.vocab import Allergy, SafetyFlag

STALE_MESSAGE = (
    "Someone else saved this patient's health history while you were editing it. "
    "Reload it to see their changes; yours were not saved."
)

LONG_FIELDS = {
    "conditions": "Conditions",
    "medications": "Medications",
    "allergies_other": "Other allergies",
    "herbs_supplements": "Herbs and supplements",
}
# Each safety flag as the practitioner asks it, and the label of the detail it asks for.
SAFETY_QUESTIONS: dict[SafetyFlag, tuple[str, str | None]] = {
    SafetyFlag.PREGNANT: ("Pregnant", "Due date"),
    SafetyFlag.ANTICOAGULANT: ("Anticoagulant or antiplatelet", "Drug"),
    SafetyFlag.BLEEDING_DISORDER: ("Bleeding disorder", None),
    SafetyFlag.IMPLANTED_DEVICE: ("Pacemaker, ICD or other implant", "Device"),
    SafetyFlag.EPILEPSY: ("Epilepsy", None),
    SafetyFlag.METAL_IMPLANT: ("Metal implant", "Where"),
    SafetyFlag.LYMPHOEDEMA: ("Lymphoedema", "Limb"),
    SafetyFlag.DIABETES: ("Diabetes", None),
    SafetyFlag.SKIN_PROBLEM_AT_SITE: ("Skin problem at the site", "What"),
    SafetyFlag.NEEDLE_ANXIETY: ("Needle anxiety", None),
    SafetyFlag.FAINTING_HISTORY: ("History of fainting", None),
    SafetyFlag.CAPACITY_CONCERN: ("Capacity to consent in doubt", "Note"),
}
ALLERGY_LABELS: dict[Allergy, str] = {
    Allergy.METAL: "Metal / nickel",
    Allergy.LATEX: "Latex",
    Allergy.ADHESIVE: "Adhesive",
}

SHORT_FIELDS = {
    "anticoagulant_drug": "Anticoagulant drug",
    "implanted_device_detail": "Implanted device",
    "metal_implant_site": "Metal implant site",
    "skin_problem_detail": "Skin problem",
    "capacity_detail": "Capacity note",
}


def validate_history(details: HealthHistoryDetails, today: date) -> dict[str, str]:
    """Field -> message for everything that stops this history being saved."""
    problems = Problems()
    for name, label in LONG_FIELDS.items():
        problems.text(name, getattr(details, name), label, LONG_TEXT_LIMIT)
    for name, label in SHORT_FIELDS.items():
        problems.text(name, getattr(details, name), label, SHORT_TEXT_LIMIT)
    if details.anticoagulant:
        problems.required(
            "anticoagulant_drug",
            details.anticoagulant_drug,
            "Name the anticoagulant or antiplatelet drug",
        )
    problems.choice(
        "lymphoedema_limb", details.lymphoedema_limb, LIMBS, "Choose a limb from the list"
    )
    if details.lymphoedema:
        problems.required(
            "lymphoedema_limb", details.lymphoedema_limb, "Say which limb has lymphoedema"
        )
    if details.metal_implant:
        problems.required(
            "metal_implant_site", details.metal_implant_site, "Say where the metal implant is"
        )
    if details.pregnant:
        due = details.pregnancy_due_date
        problems.date("pregnancy_due_date", due, "Due date")
        problems.not_before(
            "pregnancy_due_date",
            due,
            today - timedelta(days=60),
            "The due date is long past: update the pregnancy",
        )
        problems.not_after(
            "pregnancy_due_date",
            due,
            today + timedelta(days=300),
            "The due date is more than 10 months away",
        )
    return problems.fields


def _details_of(row: HealthHistory) -> HealthHistoryDetails:
    return HealthHistoryDetails(
        **{f.name: getattr(row, f.name) for f in fields(HealthHistoryDetails)}
    )


def _version_of(db: DbSession, row: HealthHistory) -> HealthHistoryVersion:
    return HealthHistoryVersion(
        version=row.version,
        recorded_at=row.recorded_at,
        recorded_on=row.recorded_at.astimezone(read_clinic_settings(db).zone).date(),
        recorded_by=row.recorded_by,
        recorded_by_id=row.recorded_by_id,
        superseded_at=row.superseded_at,
        reviewed_on=row.reviewed_on,
        details=_details_of(row),
    )


def _current_row(db: DbSession, patient_id: int) -> HealthHistory | None:
    return db.scalar(
        select(HealthHistory)
        .where(HealthHistory.patient_id == patient_id, HealthHistory.superseded_at.is_(None))
        .order_by(HealthHistory.version.desc())
        .limit(1)
    )


def _require_patient(db: DbSession, patient_id: int) -> None:
    if db.get(Patient, patient_id) is None:
        raise NotFoundError("That patient record no longer exists.")


def current_history(database: Database, patient_id: int) -> HealthHistoryVersion | None:
    """The history in force now, or None if none was ever recorded."""
    with database.read() as db:
        return _current_history(db, patient_id)


def _current_history(db: DbSession, patient_id: int) -> HealthHistoryVersion | None:
    row = _current_row(db, patient_id)
    return None if row is None else _version_of(db, row)


def history_versions(database: Database, patient_id: int) -> list[HealthHistoryVersion]:
    """Every version, newest first."""
    with database.read() as db:
        rows = db.scalars(
            select(HealthHistory)
            .where(HealthHistory.patient_id == patient_id)
            .order_by(HealthHistory.version.desc())
        )
        return [_version_of(db, r) for r in rows]


def save_history(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    details: HealthHistoryDetails,
    expected_version: int | None,
) -> HealthHistoryVersion:
    """Record the history as edited from version ``expected_version`` (None only when
    there was no history yet); a change adds a new version and keeps the old one.

    If someone saved a newer version meanwhile, ConcurrentEditError: an older form must
    never overwrite, say, a pregnancy recorded since it was opened.
    """
    with database.transaction() as db:
        return _save_history(db, ctx, patient_id, details, expected_version)


def _save_history(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    details: HealthHistoryDetails,
    expected_version: int | None,
) -> HealthHistoryVersion:
    if expected_version is not None and type(expected_version) is not int:
        raise TypeError("expected_version: the history version the form was filled in from")
    details = details.cleaned()
    problems = validate_history(details, ctx.today())
    if problems:
        raise ValidationError(problems)
    _require_patient(db, patient_id)
    current = _current_row(db, patient_id)
    _check_current(current, expected_version)
    if current is not None and _details_of(current) == details:
        return _version_of(db, current)
    now = ctx.now()
    if current is not None:
        current.superseded_at = now
    row = HealthHistory(
        patient_id=patient_id,
        version=(current.version + 1) if current else 1,
        recorded_at=now,
        recorded_by=ctx.actor.name,
        recorded_by_id=ctx.actor.practitioner_id,
        **asdict(details),
    )
    db.add(row)
    db.flush()
    audit.record(
        db,
        ctx,
        action="update" if current else "create",
        entity="health_history",
        entity_id=row.id,
        patient_id=patient_id,
        changes=audit.diff(asdict(_details_of(current)) if current else {}, asdict(details)),
    )
    return _version_of(db, row)


def _check_current(current: HealthHistory | None, expected_version: int | None) -> None:
    if (current.version if current is not None else None) != expected_version:
        raise ConcurrentEditError(STALE_MESSAGE)


def mark_history_reviewed(
    database: Database, ctx: ClinicContext, patient_id: int, expected_version: int
) -> HealthHistoryVersion:
    """ "Reviewed today, no change": dates the current version without copying it.

    ``expected_version`` is the version the practitioner went through with the patient; a newer
    one saved since raises ConcurrentEditError (it was not what was reviewed).
    """
    today = ctx.today()
    with database.transaction() as db:
        _require_patient(db, patient_id)
        current = _current_row(db, patient_id)
        if current is None:
            raise NotFoundError("There is no health history to review yet; fill it in first.")
        _check_current(current, expected_version)
        current.reviewed_on = today
        audit.record(
            db,
            ctx,
            action="review",
            entity="health_history",
            entity_id=current.id,
            patient_id=patient_id,
            changes={"reviewed_on": today},
        )
        db.flush()
        return _version_of(db, current)
