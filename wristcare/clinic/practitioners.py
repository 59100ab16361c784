"""Practitioners: who writes the notes. Added, edited, deactivated; never deleted.

Choosing who is using WristCare is not a login: it says whose name goes on each change.
The first practitioner registers themselves (there is nobody else to attribute it to);
every later change is made by a practitioner already on record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import Actor, ClinicContext, system_clock
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.text import SHORT_TEXT_LIMIT, cleaned, visible
from wristcare.clinic.validation import Problems
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import Practitioner
from wristcare.errors import WristCareError

NAME_LIMIT = SHORT_TEXT_LIMIT
FIELDS = {
    "name": ("Name", NAME_LIMIT),
    "profession": ("Profession", SHORT_TEXT_LIMIT),
    "registration_body": ("Registration body", SHORT_TEXT_LIMIT),
    "registration_number": ("Registration number", 100),
}
STALE_MESSAGE = (
    "Someone else changed this practitioner while you were editing. "
    "Open the list again to see their changes; yours were not saved."
)


@dataclass
class PractitionerDetails:
    """What is recorded about a practitioner."""

    name: str = ""
    profession: str = ""
    registration_body: str = ""
    registration_number: str = ""

    def cleaned(self) -> PractitionerDetails:
        """A copy with surrounding white space trimmed."""
        return cleaned(self)

    @property
    def registration(self) -> str:
        """The registration line, body then number ("BAcC 012345"; empty when neither)."""
        return registration_line(self.registration_body, self.registration_number)


def registration_line(body: str | None, number: str | None) -> str:
    """A practitioner's registration as every document prints it: the body and the
    number, each trimmed, blank parts left out."""
    return " ".join(part.strip() for part in (body or "", number or "") if part.strip())


@dataclass(frozen=True)
class PractitionerRecord:
    id: int
    details: PractitionerDetails
    active: bool
    version_id: int

    @property
    def name(self) -> str:
        return self.details.name

    def describe(self) -> str:
        """Name, profession and registration on one line, for lists."""
        d = self.details
        parts = [d.name]
        if d.profession:
            parts.append(d.profession)
        if d.registration:
            parts.append(d.registration)
        return ", ".join(parts)


class PractitionerUnavailableError(WristCareError):
    """The practitioner asked for is not on record or no longer active."""


def validate_practitioner(details: PractitionerDetails) -> dict[str, str]:
    """Field -> message for everything that stops this practitioner being saved."""
    problems = Problems()
    for name, (label, limit) in FIELDS.items():
        problems.text(name, getattr(details, name), label, limit)
    # Read as text only once it is text; invisible characters alone (a pasted zero-width
    # space) are no name.
    if "name" not in problems:
        problems.required("name", visible(details.name), "Name is required")
    return problems.fields


def _record_of(row: Practitioner) -> PractitionerRecord:
    return PractitionerRecord(
        id=row.id,
        details=PractitionerDetails(
            **{f.name: getattr(row, f.name) for f in fields(PractitionerDetails)}
        ),
        active=row.active,
        version_id=row.version_id,
    )


def _checked(details: PractitionerDetails) -> PractitionerDetails:
    details = details.cleaned()
    problems = validate_practitioner(details)
    if problems:
        raise ValidationError(problems)
    return details


def _load(db: DbSession, practitioner_id: int) -> Practitioner:
    row = db.get(Practitioner, practitioner_id)
    if row is None:
        raise NotFoundError("That practitioner is not on record.")
    return row


def list_practitioners(
    database: Database, *, include_inactive: bool = False
) -> list[PractitionerRecord]:
    """Practitioners by name (active ones only unless asked)."""
    stmt = select(Practitioner).order_by(Practitioner.name, Practitioner.id)
    if not include_inactive:
        stmt = stmt.where(Practitioner.active.is_(True))
    with database.read() as db:
        return [_record_of(row) for row in db.scalars(stmt)]


def get_practitioner(database: Database, practitioner_id: int) -> PractitionerRecord:
    """One practitioner; NotFoundError if there is none with that id."""
    with database.read() as db:
        return _record_of(_load(db, practitioner_id))


def _audit(
    db: DbSession, ctx: ClinicContext, row: Practitioner, action: str, changes: dict
) -> None:
    audit.record(
        db,
        ctx,
        action=action,
        entity="practitioner",
        entity_id=row.id,
        patient_id=None,
        changes=changes,
    )


def register_first_practitioner(
    database: Database,
    details: PractitionerDetails,
    *,
    clock: Callable[[], datetime] = system_clock,
) -> ClinicContext:
    """Add the first practitioner of a new database, who is also the one acting.

    Refused once anyone is on record (then a practitioner on record adds the next one).
    Returns the context to work in as them.
    """
    details = _checked(details)
    with database.transaction() as db:
        if db.scalar(select(func.count(Practitioner.id))):
            raise WristCareError(
                "A practitioner is already set up: choose them, and add others from "
                "File → Practitioners."
            )
        row = Practitioner(**asdict(details))
        db.add(row)
        db.flush()
        ctx = ClinicContext(Actor(row.id, row.name), tz=read_clinic_settings(db).zone, clock=clock)
        _audit(db, ctx, row, "create", asdict(details))
        db.flush()
    return ctx


def add_practitioner(
    database: Database, ctx: ClinicContext, details: PractitionerDetails
) -> PractitionerRecord:
    """Add a practitioner (active), audited as made by the acting one."""
    details = _checked(details)
    with database.transaction() as db:
        row = Practitioner(**asdict(details))
        db.add(row)
        db.flush()
        _audit(db, ctx, row, "create", asdict(details))
        db.flush()
        return _record_of(row)


def update_practitioner(
    database: Database,
    ctx: ClinicContext,
    practitioner_id: int,
    details: PractitionerDetails,
    expected_version: int,
) -> PractitionerRecord:
    """Correct a practitioner's name, profession or registration (audited).

    Earlier audit entries keep the name as it was when they were written.
    """
    details = _checked(details)
    with database.transaction() as db:
        row = _load(db, practitioner_id)
        if row.version_id != expected_version:
            raise ConcurrentEditError(STALE_MESSAGE)
        before = asdict(_record_of(row).details)
        changes = audit.diff(before, asdict(details))
        if changes:
            for key, value in asdict(details).items():
                setattr(row, key, value)
            _audit(db, ctx, row, "update", changes)
            db.flush()
        return _record_of(row)


def set_practitioner_active(
    database: Database,
    ctx: ClinicContext,
    practitioner_id: int,
    active: bool,
    expected_version: int,
) -> PractitionerRecord:
    """Deactivate (or reactivate) a practitioner; the record and its history stay.

    The acting practitioner cannot deactivate themselves, so someone is always left who
    can act.
    """
    with database.transaction() as db:
        row = _load(db, practitioner_id)
        if row.version_id != expected_version:
            raise ConcurrentEditError(STALE_MESSAGE)
        if row.active == active:
            return _record_of(row)
        if not active and row.id == ctx.actor.practitioner_id:
            raise WristCareError(
                "You cannot deactivate yourself: switch to another practitioner first."
            )
        row.active = active
        _audit(db, ctx, row, "activate" if active else "deactivate", {"active": active})
        db.flush()
        return _record_of(row)


def context_for(
    database: Database, practitioner_id: int, *, clock: Callable[[], datetime] = system_clock
) -> ClinicContext:
    """The context to work in as this practitioner, in the clinic's time zone as stored now.

    PractitionerUnavailableError if they are not on record or not active.
    """
    with database.read() as db:
        row = db.get(Practitioner, practitioner_id)
        if row is None or not row.active:
            raise PractitionerUnavailableError(
                "That practitioner is no longer active; choose who is using WristCare."
            )
        zone = read_clinic_settings(db).zone
        return ClinicContext(actor=Actor(row.id, row.name), tz=zone, clock=clock)


def find_or_add_practitioner(
    database: Database, name: str, *, clock: Callable[[], datetime] = system_clock
) -> ClinicContext:
    """The context for the active practitioner called ``name``, added if there is none
    (the first one registers themselves; later ones are added by the first active one).

    For the command line, which has no one to ask: ``demo`` writes as "Demo practitioner".
    """
    details = _checked(PractitionerDetails(name=name))
    with database.read() as db:
        existing = db.scalar(
            select(Practitioner.id)
            .where(Practitioner.name == details.name, Practitioner.active.is_(True))
            .order_by(Practitioner.id)
            .limit(1)
        )
        anyone = db.scalar(
            select(Practitioner.id)
            .where(Practitioner.active.is_(True))
            .order_by(Practitioner.id)
            .limit(1)
        )
    if existing is not None:
        return context_for(database, existing, clock=clock)
    if anyone is None:
        register_first_practitioner(database, details, clock=clock)
        return find_or_add_practitioner(database, name, clock=clock)
    record = add_practitioner(database, context_for(database, anyone, clock=clock), details)
    return context_for(database, record.id, clock=clock)


__all__ = [
    "PractitionerDetails",
    "PractitionerRecord",
    "PractitionerUnavailableError",
    "add_practitioner",
    "context_for",
    "find_or_add_practitioner",
    "get_practitioner",
    "list_practitioners",
    "register_first_practitioner",
    "registration_line",
    "set_practitioner_active",
    "update_practitioner",
    "validate_practitioner",
]
