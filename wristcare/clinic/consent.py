"""Consent to each kind of treatment, as given, and as withdrawn."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime

from sqlalchemy import select

from wristcare.clinic import audit
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.retention import age_on
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, clean, text_problem
from wristcare.db.engine import Database
from wristcare.db.models import Consent, Patient

MODALITIES = {
    "acupuncture": "Acupuncture",
    "electroacupuncture": "Electroacupuncture",
    "moxibustion": "Moxibustion",
    "cupping": "Cupping",
    "gua_sha": "Gua sha",
    "tui_na": "Tui na",
}
METHODS = {"written": "Written", "verbal": "Verbal"}
SIGNERS = {"patient": "Patient", "guardian": "Parent or guardian"}
# Under this age a parent or guardian consents (clinical.md section 4).
GUARDIAN_UNDER_AGE = 16


@dataclass
class ConsentDetails:
    """A consent as the practitioner records it."""

    modality: str = "acupuncture"
    given_on: date | None = None
    method: str = "written"
    signed_by: str = "patient"
    guardian_name: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    modality: str
    given_on: date
    method: str
    signed_by: str
    guardian_name: str
    notes: str
    withdrawn_on: date | None
    recorded_at: datetime

    @property
    def label(self) -> str:
        return MODALITIES.get(self.modality, self.modality)

    def active_on(self, day: date) -> bool:
        """Given on or before ``day`` and not withdrawn by then."""
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


def validate_consent(
    details: ConsentDetails, date_of_birth: date | None, today: date
) -> dict[str, str]:
    """Field -> message for everything that stops this consent being recorded."""
    problems: dict[str, str] = {}
    if details.modality not in MODALITIES:
        problems["modality"] = "Choose what the consent is for"
    if details.method not in METHODS:
        problems["method"] = "Choose written or verbal"
    if details.signed_by not in SIGNERS:
        problems["signed_by"] = "Choose who gave consent"
    if details.given_on is None:
        problems["given_on"] = "Enter the date consent was given"
    elif details.given_on > today:
        problems["given_on"] = "Consent cannot be dated in the future"
    elif date_of_birth is not None and details.given_on < date_of_birth:
        problems["given_on"] = "Consent cannot be dated before the patient was born"
    minor = (
        date_of_birth is not None
        and details.given_on is not None
        and age_on(date_of_birth, details.given_on) < GUARDIAN_UNDER_AGE
    )
    if minor and details.signed_by != "guardian":
        problems["signed_by"] = (
            f"The patient was under {GUARDIAN_UNDER_AGE}: a parent or guardian must consent"
        )
    if (minor or details.signed_by == "guardian") and not details.guardian_name.strip():
        problems["guardian_name"] = "Enter the parent's or guardian's name"
    for name, label, limit in (
        ("guardian_name", "Guardian's name", SHORT_TEXT_LIMIT),
        ("notes", "Notes", LONG_TEXT_LIMIT),
    ):
        problem = text_problem(getattr(details, name), label, limit)
        if problem:
            problems[name] = problem
    return problems


def _record_of(row: Consent) -> ConsentRecord:
    return ConsentRecord(
        id=row.id,
        modality=row.modality,
        given_on=row.given_on,
        method=row.method,
        signed_by=row.signed_by,
        guardian_name=row.guardian_name,
        notes=row.notes,
        withdrawn_on=row.withdrawn_on,
        recorded_at=row.recorded_at,
    )


def list_consents(database: Database, patient_id: int) -> list[ConsentRecord]:
    """All consents of a patient, newest first, withdrawn ones included."""
    with database.read() as db:
        rows = db.scalars(
            select(Consent)
            .where(Consent.patient_id == patient_id)
            .order_by(Consent.given_on.desc(), Consent.id.desc())
        )
        return [_record_of(r) for r in rows]


def record_consent(
    database: Database,
    patient_id: int,
    details: ConsentDetails,
    *,
    actor: str = "",
    today: date | None = None,
) -> ConsentRecord:
    """Record a consent; ValidationError says what is missing."""
    details = replace(
        details, guardian_name=clean(details.guardian_name), notes=clean(details.notes)
    )
    if details.signed_by == "patient" and details.guardian_name:
        details = replace(details, guardian_name="")
    with database.transaction() as db:
        patient = db.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError("That patient record no longer exists.")
        problems = validate_consent(details, patient.date_of_birth, today or date.today())
        if problems:
            raise ValidationError(problems)
        row = Consent(patient_id=patient_id, recorded_by=actor, **asdict(details))
        db.add(row)
        db.flush()
        audit.record(
            db,
            actor=actor,
            action="create",
            entity="consent",
            entity_id=row.id,
            patient_id=patient_id,
            changes=asdict(details),
        )
        return _record_of(row)


def withdraw_consent(
    database: Database,
    consent_id: int,
    withdrawn_on: date,
    *,
    actor: str = "",
    today: date | None = None,
) -> ConsentRecord:
    """Mark a consent withdrawn from a date; the record of it is kept."""
    today = today or date.today()
    with database.transaction() as db:
        row = db.get(Consent, consent_id)
        if row is None:
            raise NotFoundError("That consent no longer exists.")
        if withdrawn_on > today:
            raise ValidationError({"withdrawn_on": "Withdrawal cannot be dated in the future"})
        if withdrawn_on < row.given_on:
            raise ValidationError(
                {"withdrawn_on": "Withdrawal cannot be dated before consent was given"}
            )
        if row.withdrawn_on is not None:
            return _record_of(row)
        row.withdrawn_on = withdrawn_on
        audit.record(
            db,
            actor=actor,
            action="withdraw",
            entity="consent",
            entity_id=row.id,
            patient_id=row.patient_id,
            changes={"withdrawn_on": withdrawn_on},
        )
        return _record_of(row)


def missing_consents(
    consents: list[ConsentRecord], today: date, needed: tuple[str, ...] = ("acupuncture",)
) -> list[str]:
    """Modalities in ``needed`` with no consent in force today."""
    active = {c.modality for c in consents if c.active_on(today)}
    return [m for m in needed if m not in active]
