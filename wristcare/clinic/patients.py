"""Patients: create, find, edit, archive. Never deleted from here (records are kept)."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Row, Select, and_, func, literal_column, select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.retention import RetentionPolicy
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, clean, cleaned, fold, visible
from wristcare.clinic.validation import Problems
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import Patient, TreatmentPlan, TreatmentSession
from wristcare.db.vocab import PlanStatus, SessionStatus
from wristcare.errors import WristCareError

SEXES = {"": "Not recorded", "female": "Female", "male": "Male", "other": "Other"}
HANDS = {"": "Not recorded", "right": "Right", "left": "Left", "both": "Both"}
EARLIEST_BIRTH = date(1900, 1, 1)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^[0-9+()\-.\s/x]*$")

SHORT_FIELDS = {
    "name": "Name",
    "preferred_name": "Preferred name",
    "occupation": "Occupation",
    "referring_clinician_name": "Referring clinician",
    "family_doctor_name": "Family doctor",
}
LONG_FIELDS = {
    "address": "Address",
    "repetitive_activities": "Repetitive work or hobbies",
    "referring_clinician_contact": "Referring clinician's contact",
    "family_doctor_contact": "Family doctor's contact",
    "notes": "Notes",
}


@dataclass
class PatientDetails:
    """What the practitioner types into the patient record."""

    name: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    occupation: str = ""
    dominant_hand: str = ""
    repetitive_activities: str = ""
    referring_clinician_name: str = ""
    referring_clinician_contact: str = ""
    family_doctor_name: str = ""
    family_doctor_contact: str = ""
    notes: str = ""

    def cleaned(self) -> PatientDetails:
        """A copy with surrounding white space trimmed from every text field."""
        return cleaned(self)


@dataclass(frozen=True)
class PatientRow:
    """One line of the patient list."""

    id: int
    record_number: str
    name: str
    preferred_name: str
    date_of_birth: date | None
    phone: str
    email: str
    archived: bool
    last_visit: date | None
    next_review: date | None


@dataclass(frozen=True)
class PatientRecord:
    """A patient as the record view shows it."""

    id: int
    record_number: str
    details: PatientDetails
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version_id: int
    last_visit: date | None
    next_review: date | None
    keep_until: date

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


@dataclass(frozen=True)
class PatientQuery:
    """What the patient list asks for: search text, archived or not, and the order."""

    text: str = ""
    include_archived: bool = False
    sort: Literal["name", "last_visit", "record_number", "date_of_birth"] = "name"
    descending: bool = False


STALE_MESSAGE = (
    "Someone else saved this patient's record while you were editing it. "
    "Reopen it to see their changes; yours were not saved."
)


class DuplicatePatientError(WristCareError):
    """A patient who looks like this one already exists.

    ``certain`` when name and date of birth both match; otherwise the name matches and
    one of the two has no date of birth, which is a softer warning.
    """

    def __init__(self, matches: list[PatientRow], *, certain: bool = True) -> None:
        self.matches = matches
        self.certain = certain
        first = matches[0]
        born = f"born {first.date_of_birth:%d %b %Y}" if first.date_of_birth else "no birth date"
        super().__init__(
            f"{first.name} ({born}) already has a record, {first.record_number}."
            if certain
            else f"A patient with the same name, {first.name} ({born}), already has a "
            f"record, {first.record_number}. Is this the same person?"
        )


def validate_patient(details: PatientDetails, today: date) -> dict[str, str]:
    """Field -> message for everything that stops this record being saved."""
    problems = Problems()
    problems.required("name", details.name, "Name is required")
    for name, label in SHORT_FIELDS.items():
        problems.text(name, getattr(details, name), label, SHORT_TEXT_LIMIT)
    for name, label in LONG_FIELDS.items():
        problems.text(name, getattr(details, name), label, LONG_TEXT_LIMIT)
    phone = problems.text("phone", details.phone, "Phone", 50)
    email = problems.text("email", details.email, "Email", 254)
    if not (phone and email):
        return problems.fields  # the checks below read the phone and email as text
    dob = details.date_of_birth
    problems.date("date_of_birth", dob, "Date of birth")
    problems.not_after("date_of_birth", dob, today, "Date of birth cannot be in the future")
    problems.not_before("date_of_birth", dob, EARLIEST_BIRTH, "Date of birth cannot be before 1900")
    problems.choice("sex", details.sex, SEXES, "Choose a sex from the list")
    problems.choice(
        "dominant_hand", details.dominant_hand, HANDS, "Choose a dominant hand from the list"
    )
    problems.check(
        "email",
        not details.email or bool(_EMAIL.match(details.email)),
        "Email should look like name@example.com",
    )
    problems.check(
        "phone",
        not details.phone or bool(_PHONE.match(details.phone)),
        "Phone may contain digits, spaces and + ( ) - only",
    )
    return problems.fields


def search_key(patient: Patient | PatientDetails, record_number: str) -> str:
    """The folded text the patient list searches in."""
    parts = [
        patient.name,
        patient.preferred_name,
        patient.email,
        record_number,
        patient.phone,
        re.sub(r"\D", "", patient.phone),
    ]
    dob = patient.date_of_birth
    if dob is not None:
        parts += [dob.isoformat(), dob.strftime("%d/%m/%Y"), dob.strftime("%d.%m.%Y")]
    return fold(" ".join(p for p in parts if p))


def _details_of(patient: Patient) -> PatientDetails:
    return PatientDetails(**{f.name: getattr(patient, f.name) for f in fields(PatientDetails)})


def _as_date(value: date | str | None) -> date | None:
    # SQLite hands an aggregate of a date column back as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _visits():
    # The clinic-local date each session was written on (stored, so a later change of the
    # clinic's zone or the viewer's zone cannot move a visit to another day). A note
    # marked entered in error was not a visit.
    return select(func.max(TreatmentSession.local_date)).where(
        TreatmentSession.status != SessionStatus.ENTERED_IN_ERROR
    )


def _last_visit_column():
    return (
        _visits()
        .where(TreatmentSession.patient_id == Patient.id)
        .correlate(Patient)
        .scalar_subquery()
    )


def _current_review():
    # The review date of the patient's current plan (at most one is active: a unique index).
    return select(TreatmentPlan.review_on).where(TreatmentPlan.status == PlanStatus.ACTIVE)


def _next_review_column():
    return (
        _current_review()
        .where(TreatmentPlan.patient_id == Patient.id)
        .correlate(Patient)
        .scalar_subquery()
    )


def _to_record(db: DbSession, patient: Patient) -> PatientRecord:
    # Periods and zone are read with the record, so every workstation on the database
    # shows the same dates, however recently another one changed them.
    clinic = read_clinic_settings(db)
    zone = clinic.zone
    last = _as_date(db.scalar(_visits().where(TreatmentSession.patient_id == patient.id)))
    review = db.scalar(_current_review().where(TreatmentPlan.patient_id == patient.id))
    reference = last or patient.created_at.astimezone(zone).date()
    return PatientRecord(
        id=patient.id,
        record_number=patient.record_number,
        details=_details_of(patient),
        archived_at=patient.archived_at,
        created_at=patient.created_at,
        updated_at=patient.updated_at,
        version_id=patient.version_id,
        last_visit=last,
        next_review=review,
        keep_until=clinic.retention.keep_until(reference, patient.date_of_birth),
    )


def _audit(
    db: DbSession, patient: Patient, action: str, ctx: ClinicContext, changes: dict | None = None
) -> None:
    audit.record(
        db,
        ctx,
        action=action,
        entity="patient",
        entity_id=patient.id,
        patient_id=patient.id,
        changes=changes,
    )


def _load(db: DbSession, patient_id: int) -> Patient:
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient


def _checked(details: PatientDetails, today: date) -> PatientDetails:
    details = details.cleaned()
    problems = validate_patient(details, today)
    if problems:
        raise ValidationError(problems)
    return details


def name_key(name: str) -> str:
    """A name as compared for duplicates: case, accents, spacing and invisible characters
    ignored, and "Surname, Given" read as "Given Surname"."""
    name = visible(name)
    if name.count(",") == 1:
        surname, given = name.split(",")
        name = f"{given} {surname}"
    return " ".join(fold(name).split())


def _look_alikes(
    db: DbSession, name: str, dob: date | None, exclude: int | None
) -> tuple[list[PatientRow], bool]:
    """Patients with the same name and birth date (certain), else with the same name where
    one of the two has no birth date (a softer warning); and which of the two it is."""
    # Names are compared in Python: SQLite's lower() folds ASCII only, and invisible
    # characters and "Surname, Given" need the same folding as name_key. Only id and
    # name of the candidates are read, so even 20,000 patients take a few milliseconds.
    candidates = select(Patient.id, Patient.name, Patient.date_of_birth)
    if dob is not None:
        candidates = candidates.where(
            (Patient.date_of_birth == dob) | Patient.date_of_birth.is_(None)
        )
    if exclude is not None:
        candidates = candidates.where(Patient.id != exclude)
    wanted = name_key(name)
    same_name = [
        (r.id, r.date_of_birth) for r in db.execute(candidates) if name_key(r.name) == wanted
    ]
    certain = [pid for pid, born in same_name if dob is not None and born == dob]
    ids = certain or [pid for pid, _ in same_name]
    if not ids:
        return [], False
    stmt = _rows_select().where(Patient.id.in_(ids)).order_by(Patient.id)
    return [_row(r) for r in db.execute(stmt)], bool(certain)


def _refuse_look_alikes(db: DbSession, name: str, dob: date | None, exclude: int | None) -> None:
    matches, certain = _look_alikes(db, name, dob, exclude)
    if matches:
        raise DuplicatePatientError(matches, certain=certain)


def find_duplicates(database: Database, name: str, date_of_birth: date | None) -> list[PatientRow]:
    """Existing patients (archived too) who look like this one (see DuplicatePatientError)."""
    with database.read() as db:
        return _look_alikes(db, clean(name), date_of_birth, None)[0]


def create_patient(
    database: Database,
    ctx: ClinicContext,
    details: PatientDetails,
    *,
    allow_duplicate: bool = False,
) -> PatientRecord:
    """Add a patient. Raises ValidationError, or DuplicatePatientError unless allowed."""
    with database.transaction() as db:
        return _create_patient(db, ctx, details, allow_duplicate=allow_duplicate)


def _create_patient(
    db: DbSession, ctx: ClinicContext, details: PatientDetails, *, allow_duplicate: bool = False
) -> PatientRecord:
    details = _checked(details, ctx.today())
    if not allow_duplicate:
        _refuse_look_alikes(db, details.name, details.date_of_birth, None)
    # The record number comes from the id, which exists only after the insert.
    now = ctx.now()
    patient = Patient(
        record_number=f"new-{uuid.uuid4().hex[:12]}",
        created_at=now,
        updated_at=now,
        **asdict(details),
    )
    db.add(patient)
    db.flush()
    patient.record_number = f"P{patient.id:06d}"
    patient.search_text = search_key(patient, patient.record_number)
    _audit(db, patient, "create", ctx)
    db.flush()
    return _to_record(db, patient)


def update_patient(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    details: PatientDetails,
    expected_version: int,
    *,
    allow_duplicate: bool = False,
) -> PatientRecord:
    """Save edits to a patient's details, made on the record as it was at
    ``expected_version``; ConcurrentEditError if someone saved it since.

    A change of name or birth date that makes the patient look like another one raises
    DuplicatePatientError unless allowed (a corrected typo can reveal a second record).
    """
    details = _checked(details, ctx.today())
    with database.transaction() as db:
        patient = _load(db, patient_id)
        _check_version(patient, expected_version)
        before = asdict(_details_of(patient))
        after = asdict(details)
        changes = audit.diff(before, after)
        if not changes:
            return _to_record(db, patient)
        identity_changed = "name" in changes or "date_of_birth" in changes
        if identity_changed and not allow_duplicate:
            _refuse_look_alikes(db, details.name, details.date_of_birth, patient.id)
        for key, value in after.items():
            setattr(patient, key, value)
        patient.search_text = search_key(patient, patient.record_number)
        _audit(db, patient, "update", ctx, changes)
        db.flush()
        return _to_record(db, patient)


def _check_version(patient: Patient, expected_version: int) -> None:
    if type(expected_version) is not int:
        raise TypeError("expected_version: the version of the record the edit started from")
    if patient.version_id != expected_version:
        raise ConcurrentEditError(STALE_MESSAGE)


def get_patient(database: Database, patient_id: int) -> PatientRecord:
    """One patient's record, dated in the clinic's time zone; NotFoundError if missing."""
    with database.read() as db:
        return _get_patient(db, patient_id)


def _get_patient(db: DbSession, patient_id: int) -> PatientRecord:
    return _to_record(db, _load(db, patient_id))


def patient_by_record_number(database: Database, record_number: str) -> PatientRecord:
    """The patient with this record number, as typed (surrounding spaces and letter case
    do not matter; archived patients included); NotFoundError naming it if there is none."""
    number = record_number.strip().upper()
    with database.read() as db:
        patient = db.scalar(select(Patient).where(Patient.record_number == number))
        if patient is None:
            raise NotFoundError(f"No patient has the record number {number}")
        return _to_record(db, patient)


def _set_archived(
    db: DbSession, ctx: ClinicContext, patient_id: int, archived: bool, expected_version: int
) -> PatientRecord:
    patient = _load(db, patient_id)
    _check_version(patient, expected_version)
    if (patient.archived_at is not None) != archived:
        patient.archived_at = ctx.now() if archived else None
        _audit(db, patient, "archive" if archived else "unarchive", ctx)
        db.flush()
    return _to_record(db, patient)


def archive_patient(
    database: Database, ctx: ClinicContext, patient_id: int, expected_version: int
) -> PatientRecord:
    """Hide a patient from the everyday list; the record is kept in full."""
    with database.transaction() as db:
        return _archive_patient(db, ctx, patient_id, expected_version)


def _archive_patient(
    db: DbSession, ctx: ClinicContext, patient_id: int, expected_version: int
) -> PatientRecord:
    return _set_archived(db, ctx, patient_id, True, expected_version)


def unarchive_patient(
    database: Database, ctx: ClinicContext, patient_id: int, expected_version: int
) -> PatientRecord:
    """Bring an archived patient back into the everyday list."""
    with database.transaction() as db:
        return _set_archived(db, ctx, patient_id, False, expected_version)


def _rows_select() -> Select[Any]:
    return select(
        Patient.id,
        Patient.record_number,
        Patient.name,
        Patient.preferred_name,
        Patient.date_of_birth,
        Patient.phone,
        Patient.email,
        Patient.archived_at,
        _last_visit_column().label("last_visit"),
        _next_review_column().label("next_review"),
    )


def _row(result: Row[Any]) -> PatientRow:
    return PatientRow(
        id=result.id,
        record_number=result.record_number,
        name=result.name,
        preferred_name=result.preferred_name,
        date_of_birth=result.date_of_birth,
        phone=result.phone,
        email=result.email,
        archived=result.archived_at is not None,
        last_visit=_as_date(result.last_visit),
        next_review=_as_date(result.next_review),
    )


def _filtered(stmt: Select[Any], query: PatientQuery) -> Select[Any]:
    if not query.include_archived:
        stmt = stmt.where(Patient.archived_at.is_(None))
    terms = fold(query.text if isinstance(query.text, str) else "").split()
    if terms:
        stmt = stmt.where(
            and_(*(Patient.search_text.like(f"%{_escape(term)}%", escape="\\") for term in terms))
        )
    return stmt


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count_patients(database: Database, query: PatientQuery) -> int:
    """How many patients the list would show for this query."""
    with database.read() as db:
        stmt = _filtered(select(func.count(Patient.id)), query)
        return int(db.scalar(stmt) or 0)


@dataclass(frozen=True)
class PatientPage:
    """A page of the patient list and how many patients match in all."""

    rows: list[PatientRow]
    total: int


def find_patients(
    database: Database, query: PatientQuery, *, offset: int = 0, limit: int = 100
) -> PatientPage:
    """One page of the patient list with the number of matches, from one snapshot.

    Two queries, not one with a window count: SQLite then works out the last visit
    and next review for the page's rows only, which keeps a keystroke on 20,000
    patients near 10 ms (tests/bench).
    """
    stmt = _filtered(_rows_select(), query).order_by(*_order(query), Patient.id)
    with database.read() as db:
        total = int(db.scalar(_filtered(select(func.count(Patient.id)), query)) or 0)
        rows = [_row(r) for r in db.execute(stmt.offset(offset).limit(limit))]
    return PatientPage(rows=rows, total=total)


def search_patients(
    database: Database, query: PatientQuery, *, offset: int = 0, limit: int = 200
) -> list[PatientRow]:
    """One page of the patient list: plain rows, never ORM objects."""
    return find_patients(database, query, offset=offset, limit=limit).rows


def _order(query: PatientQuery) -> list[Any]:
    if query.sort == "last_visit":
        # Ordering by the selected column's label makes the database work out each
        # patient's last visit once, not twice. Never-seen patients go last.
        key: ColumnElement[Any] = literal_column("last_visit")
        return [(key.desc() if query.descending else key.asc()).nulls_last()]
    if query.sort == "record_number":
        return [Patient.record_number.desc() if query.descending else Patient.record_number]
    if query.sort == "date_of_birth":
        return [
            Patient.date_of_birth.is_(None),
            Patient.date_of_birth.desc() if query.descending else Patient.date_of_birth,
        ]
    # search_text starts with the folded name, so it sorts José with Jose and Émile
    # among the Es (the database's lower() folds ASCII only).
    return [Patient.search_text.desc() if query.descending else Patient.search_text]


__all__ = [
    "HANDS",
    "SEXES",
    "DuplicatePatientError",
    "PatientDetails",
    "PatientPage",
    "PatientQuery",
    "PatientRecord",
    "PatientRow",
    "RetentionPolicy",
    "archive_patient",
    "count_patients",
    "create_patient",
    "find_duplicates",
    "find_patients",
    "get_patient",
    "name_key",
    "patient_by_record_number",
    "search_patients",
    "unarchive_patient",
    "update_patient",
    "validate_patient",
]
