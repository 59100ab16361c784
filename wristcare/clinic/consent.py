"""Consent to each kind of treatment, as given, and as withdrawn."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.consent_terms import (
    CONSENTERS,
    GUARDIAN_UNDER_AGE,
    METHODS,
    MODALITIES,
    ConsentRecord,
)
from wristcare.clinic.consent_terms import missing_consents as missing_consents
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.retention import age_on
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, clean
from wristcare.clinic.validation import Problems, is_date
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import Consent, Patient

STALE_MESSAGE = (
    "Someone else changed this consent while you were looking at it. "
    "Reload the record to see it as it is now; nothing was changed."
)


@dataclass
class ConsentDetails:
    """A consent as the practitioner records it."""

    modality: str = "acupuncture"
    given_on: date | None = None
    method: str = "written"
    consenter: str = "patient"
    guardian_name: str = ""
    notes: str = ""


def validate_consent(
    details: ConsentDetails, date_of_birth: date | None, today: date
) -> dict[str, str]:
    """Field -> message for everything that stops this consent being recorded."""
    problems = Problems()
    given_on = details.given_on
    problems.choice("modality", details.modality, MODALITIES, "Choose what the consent is for")
    problems.choice("method", details.method, METHODS, "Choose written or verbal")
    problems.choice("consenter", details.consenter, CONSENTERS, "Choose who gave consent")
    problems.required("given_on", given_on, "Enter the date consent was given")
    problems.date("given_on", given_on, "Date given")
    problems.not_after("given_on", given_on, today, "Consent cannot be dated in the future")
    problems.not_before(
        "given_on", given_on, date_of_birth, "Consent cannot be dated before the patient was born"
    )
    minor = (
        date_of_birth is not None
        and is_date(given_on)
        and age_on(date_of_birth, given_on) < GUARDIAN_UNDER_AGE
    )
    if minor:
        problems.check(
            "consenter",
            details.consenter == "guardian",
            f"The patient was under {GUARDIAN_UNDER_AGE}: a parent or guardian must consent",
        )
    if minor or details.consenter == "guardian":
        problems.required(
            "guardian_name", details.guardian_name, "Enter the parent's or guardian's name"
        )
    problems.text("guardian_name", details.guardian_name, "Guardian's name", SHORT_TEXT_LIMIT)
    problems.text("notes", details.notes, "Notes", LONG_TEXT_LIMIT)
    return problems.fields


def _record_of(row: Consent) -> ConsentRecord:
    return ConsentRecord(
        id=row.id,
        modality=row.modality,
        given_on=row.given_on,
        method=row.method,
        consenter=row.consenter,
        guardian_name=row.guardian_name,
        notes=row.notes,
        withdrawn_on=row.withdrawn_on,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        version_id=row.version_id,
    )


def list_consents(database: Database, patient_id: int) -> list[ConsentRecord]:
    """All consents of a patient, newest first, withdrawn ones included."""
    with database.read() as db:
        return _list_consents(db, patient_id)


def _list_consents(db: DbSession, patient_id: int) -> list[ConsentRecord]:
    rows = db.scalars(
        select(Consent)
        .where(Consent.patient_id == patient_id)
        .order_by(Consent.given_on.desc(), Consent.id.desc())
    )
    return [_record_of(r) for r in rows]


def record_consent(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    details: ConsentDetails,
) -> ConsentRecord:
    """Record a consent; ValidationError says what is missing. Dates are the clinic's."""
    with database.transaction() as db:
        return _record_consent(db, ctx, patient_id, details)


def _record_consent(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    details: ConsentDetails,
) -> ConsentRecord:
    details = replace(
        details, guardian_name=clean(details.guardian_name), notes=clean(details.notes)
    )
    if details.consenter == "patient" and details.guardian_name:
        details = replace(details, guardian_name="")
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    problems = validate_consent(details, patient.date_of_birth, ctx.today())
    if problems:
        raise ValidationError(problems)
    row = Consent(
        patient_id=patient_id,
        recorded_at=ctx.now(),
        recorded_by=ctx.actor.name,
        recorded_by_id=ctx.actor.practitioner_id,
        **asdict(details),
    )
    db.add(row)
    db.flush()
    audit.record(
        db,
        ctx,
        action="create",
        entity="consent",
        entity_id=row.id,
        patient_id=patient_id,
        changes=asdict(details),
    )
    return _record_of(row)


def withdraw_consent(
    database: Database,
    ctx: ClinicContext,
    consent_id: int,
    withdrawn_on: date,
    expected_version: int,
) -> ConsentRecord:
    """Mark a consent withdrawn from a date; the record of it is kept.

    ``expected_version`` is the consent as the practitioner saw it: one withdrawn (or
    otherwise changed) since raises ConcurrentEditError instead of being changed again.
    """
    with database.transaction() as db:
        return _withdraw_consent(db, ctx, consent_id, withdrawn_on, expected_version)


def _withdraw_consent(
    db: DbSession,
    ctx: ClinicContext,
    consent_id: int,
    withdrawn_on: date,
    expected_version: int,
) -> ConsentRecord:
    if type(expected_version) is not int:
        raise TypeError("expected_version: the version of the consent the practitioner saw")
    today = ctx.today()
    row = db.get(Consent, consent_id)
    if row is None:
        raise NotFoundError("That consent no longer exists.")
    if row.version_id != expected_version or row.withdrawn_on is not None:
        raise ConcurrentEditError(STALE_MESSAGE)
    if not isinstance(withdrawn_on, date) or isinstance(withdrawn_on, datetime):
        raise ValidationError({"withdrawn_on": "Enter the date consent was withdrawn"})
    if withdrawn_on > today:
        raise ValidationError({"withdrawn_on": "Withdrawal cannot be dated in the future"})
    if withdrawn_on < row.given_on:
        raise ValidationError(
            {"withdrawn_on": "Withdrawal cannot be dated before consent was given"}
        )
    row.withdrawn_on = withdrawn_on
    audit.record(
        db,
        ctx,
        action="withdraw",
        entity="consent",
        entity_id=row.id,
        patient_id=row.patient_id,
        changes={"withdrawn_on": withdrawn_on},
    )
    db.flush()
    return _record_of(row)
