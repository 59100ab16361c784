"""Starting, reading and saving a note while it is a draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.sessions.details import (
    DEFAULT_DURATION,
    ChannelDetails,
    PointDetails,
    SessionDetails,
)
from wristcare.clinic.sessions.errors import NoteLockedError, NotYourDraftError
from wristcare.clinic.sessions.store import load_session, note_of, write_details
from wristcare.clinic.sessions.validation import validate_session
from wristcare.clinic.sessions.views import SessionNote, channel_details, point_details
from wristcare.clinic.text import cleaned
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import Patient, TreatmentSession
from wristcare.db.vocab import SessionStatus

STALE_MESSAGE = (
    "This note was saved from another window since you opened it. Reopen it to see "
    "those changes; yours were not saved."
)


def start_draft(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    *,
    started_at: datetime | None = None,
) -> SessionNote:
    """A new draft note for the patient, by the acting practitioner, starting now (or at
    ``started_at``) and lasting DEFAULT_DURATION until changed."""
    with database.transaction() as db:
        return _start_draft(db, ctx, patient_id, started_at=started_at)


def _start_draft(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    *,
    started_at: datetime | None = None,
) -> SessionNote:
    start = (started_at or ctx.now()).replace(microsecond=0)
    if db.get(Patient, patient_id) is None:
        raise NotFoundError("This patient no longer exists")
    session = TreatmentSession(
        patient_id=patient_id,
        status=SessionStatus.DRAFT,
        practitioner_id=ctx.actor.practitioner_id,
        practitioner_name=ctx.actor.name,
        started_at=start,
        local_date=ctx.local_date(start),
        tz=ctx.tz.key,
        duration_minutes=int(DEFAULT_DURATION.total_seconds() // 60),
    )
    db.add(session)
    db.flush()
    audit.record(
        db, ctx, action="create", entity="session", entity_id=session.id,
        patient_id=patient_id, changes={"started_at": start},
    )  # fmt: skip
    return note_of(db, load_session(db, session.id))


# What a follow-up carries over from the last note: the condition being treated.
CARRIED_OVER = ("complaint", "side", "digits_left", "digits_right", "working_diagnosis")


def start_follow_up(database: Database, ctx: ClinicContext, patient_id: int) -> SessionNote:
    """A new draft for the patient that carries over the complaint, side, digits and
    working diagnosis of their latest note (not entered in error), ready for new scores
    and "same as last session". Without an earlier note it is a plain new draft."""
    with database.transaction() as db:
        last_id = db.scalar(
            select(TreatmentSession.id)
            .where(
                TreatmentSession.patient_id == patient_id,
                TreatmentSession.status != SessionStatus.ENTERED_IN_ERROR,
            )
            .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
            .limit(1)
        )
        last = None if last_id is None else note_of(db, load_session(db, last_id))
        note = _start_draft(db, ctx, patient_id)
        if last is None:
            return note
        details = note.to_details()
        for name in CARRIED_OVER:
            setattr(details, name, getattr(last, name))
        return _save_draft(db, ctx, note.id, details, note.version)


def get_note(database: Database, session_id: int) -> SessionNote:
    """The whole note: points, channels, findings, scores, adverse events, amendments and
    signatures."""
    with database.read() as db:
        return _get_note(db, session_id)


def _get_note(db: DbSession, session_id: int) -> SessionNote:
    return note_of(db, load_session(db, session_id))


def find_draft(database: Database, patient_id: int) -> SessionNote | None:
    """The patient's newest unsigned draft (what opening the patient shows), if any."""
    with database.read() as db:
        session_id = db.scalar(
            select(TreatmentSession.id)
            .where(
                TreatmentSession.patient_id == patient_id,
                TreatmentSession.status == SessionStatus.DRAFT,
            )
            .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
            .limit(1)
        )
        return None if session_id is None else note_of(db, load_session(db, session_id))


def check_editable(session: TreatmentSession, ctx: ClinicContext, expected_version: int) -> None:
    """Refuse a write to a signed note, someone else's draft, or a stale copy."""
    if session.status is not SessionStatus.DRAFT:
        raise NoteLockedError(
            "This note is signed and cannot be changed. Add an addendum or a correction."
        )
    if session.practitioner_id != ctx.actor.practitioner_id:
        raise NotYourDraftError(
            f"This draft belongs to {session.practitioner_name or 'another practitioner'}; "
            "only they can change or sign it."
        )
    if session.version_id != expected_version:
        raise ConcurrentEditError(STALE_MESSAGE)


def save_draft(
    database: Database,
    ctx: ClinicContext,
    session_id: int,
    details: SessionDetails,
    expected_version: int,
) -> SessionNote:
    """Save a draft (autosave or by hand). ``expected_version`` is the version the form
    was loaded or last saved at; ValidationError names each field that is wrong."""
    with database.transaction() as db:
        return _save_draft(db, ctx, session_id, details, expected_version)


def _save_draft(
    db: DbSession,
    ctx: ClinicContext,
    session_id: int,
    details: SessionDetails,
    expected_version: int,
) -> SessionNote:
    details = cleaned(details)
    session = db.get(TreatmentSession, session_id)
    if session is None:
        raise NotFoundError("This session note no longer exists")
    check_editable(session, ctx, expected_version)
    local = ctx.local_date(details.started_at) if details.started_at else session.local_date
    errors = validate_session(details, local)
    if errors:
        raise ValidationError(errors)
    # Always touch the row, so its version moves even when only child rows changed.
    session.updated_at = ctx.now()
    scores = write_details(db, ctx, session, details)
    audit.record(
        db, ctx, action="save_draft", entity="session", entity_id=session.id,
        patient_id=session.patient_id,
    )  # fmt: skip
    return note_of(db, session, scores)


@dataclass(frozen=True)
class Prescription:
    """The points and electro channels of an earlier note, ready to paste into a draft."""

    from_session_id: int
    points: tuple[PointDetails, ...]
    channels: tuple[ChannelDetails, ...]

    @property
    def needles(self) -> int:
        return sum(point.needles for point in self.points)

    def apply_to(self, details: SessionDetails) -> SessionDetails:
        """Put this prescription into a draft's details (points, channels, needles in)."""
        details.points = [PointDetails(**vars(point)) for point in self.points]
        details.channels = [ChannelDetails(**vars(channel)) for channel in self.channels]
        details.needles_in = self.needles
        return details


def last_prescription(
    database: Database, patient_id: int, *, before_session_id: int | None = None
) -> Prescription | None:
    """ "Same as last session": the points and channels of the patient's latest other note
    that has any (signed notes first in time order; entered-in-error notes skipped)."""
    with database.read() as db:
        return _last_prescription(db, patient_id, before_session_id=before_session_id)


def _last_prescription(
    db: DbSession, patient_id: int, *, before_session_id: int | None = None
) -> Prescription | None:
    query = (
        select(TreatmentSession.id)
        .where(
            TreatmentSession.patient_id == patient_id,
            TreatmentSession.status != SessionStatus.ENTERED_IN_ERROR,
            TreatmentSession.points.any(),
        )
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
        .limit(1)
    )
    if before_session_id is not None:
        query = query.where(TreatmentSession.id != before_session_id)
    session_id = db.scalar(query)
    if session_id is None:
        return None
    note = note_of(db, load_session(db, session_id))
    return Prescription(
        from_session_id=note.id,
        points=tuple(point_details(point) for point in note.points),
        channels=tuple(channel_details(channel) for channel in note.channels),
    )
