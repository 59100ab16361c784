"""Signing a note, and the signed amendments that are the only way it changes after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.sessions.canonical import amendment_form, content_hash, session_form
from wristcare.clinic.sessions.chain import ChainRaceError, append_link
from wristcare.clinic.sessions.details import SCORE_LABELS, TEXT_FIELDS
from wristcare.clinic.sessions.drafts import check_editable
from wristcare.clinic.sessions.errors import NoteLockedError
from wristcare.clinic.sessions.safety import (
    blockers_message,
    findings_to_keep,
    note_findings,
    read_safety_facts,
    signing_blockers,
)
from wristcare.clinic.sessions.store import (
    amendment_view,
    load_session,
    note_of,
    safety_view,
    signature_view,
    write_safety,
)
from wristcare.clinic.sessions.validation import validate_for_signing
from wristcare.clinic.sessions.views import SessionNote
from wristcare.clinic.text import LONG_TEXT_LIMIT, clean
from wristcare.clinic.validation import Problems
from wristcare.db.engine import Database
from wristcare.db.models import SessionAmendment, TreatmentSession
from wristcare.db.vocab import AmendmentKind, SessionStatus, SignedEntity

T = TypeVar("T")


@dataclass(frozen=True)
class _Amendment:
    kind: AmendmentKind
    text: str = ""
    field: str = ""
    old_value: str = ""
    new_value: str = ""
    reason: str = ""


# What a correction may name: every field of the note that is a single value.
CORRECTABLE = {
    **TEXT_FIELDS,
    "started_at": "Start time",
    "duration_minutes": "Duration",
    "side": "Side",
    "digits_left": "Digits (left hand)",
    "digits_right": "Digits (right hand)",
    "severity": "Severity",
    "needles_in": "Needles in",
    "needles_out": "Needles out",
    "next_appointment_on": "Next appointment",
    **{f"scores.{instrument}": label for instrument, label in SCORE_LABELS.items()},
    "points": "Points",
    "channels": "Electroacupuncture",
    "findings": "Examination",
    "adverse_events": "Adverse events",
}


def _once_more_on_race(action: Callable[[], T]) -> T:
    """Run a signing transaction; if another signer took the same link, retry once.

    A stale draft version is a different ConcurrentEditError: retrying cannot help it,
    and the practitioner must see it, so only the race on the chain is retried.
    """
    try:
        return action()
    except ChainRaceError:
        return action()


def sign_session(
    database: Database, ctx: ClinicContext, session_id: int, expected_version: int
) -> SessionNote:
    """Sign a draft: it becomes read-only and joins the patient's hash chain.

    Refused (ValidationError) while required fields are missing, the needle counts
    differ without a recorded search outcome (the database refuses that too), or a safety
    stop fires on the note without an override reason (key ``safety``). The safety rules
    are run again here, on the note as stored and the patient as recorded now; what fires
    and how each was answered is written with the note and signed with it.
    """

    def attempt() -> SessionNote:
        with database.transaction() as db:
            return _sign_session(db, ctx, session_id, expected_version)

    return _once_more_on_race(attempt)


def _sign_session(
    db: DbSession, ctx: ClinicContext, session_id: int, expected_version: int
) -> SessionNote:
    session = load_session(db, session_id)
    check_editable(session, ctx, expected_version)
    draft = note_of(db, session)
    details = draft.to_details()
    errors = validate_for_signing(details)
    facts = read_safety_facts(db, session.patient_id, session.local_date)
    findings = note_findings(facts, details)
    blockers = signing_blockers(findings, details.safety)
    if blockers:
        errors["safety"] = blockers_message(blockers)
    if errors:
        raise ValidationError(errors)
    write_safety(db, ctx, session, findings_to_keep(findings, details.safety))
    session.status = SessionStatus.SIGNED
    session.signed_at = ctx.now().replace(microsecond=0)
    session.signed_by_id = ctx.actor.practitioner_id
    session.signed_by_name = ctx.actor.name
    db.flush()
    # The note as stored now; verify_chains recomputes the same from the rows.
    note = replace(
        draft,
        status=session.status,
        version=session.version_id,
        signed_at=session.signed_at,
        signed_by_id=session.signed_by_id,
        signed_by_name=session.signed_by_name,
        safety=tuple(safety_view(row) for row in session.safety_findings),
    )
    content = content_hash(session_form(note))
    link = append_link(
        db, ctx, patient_id=session.patient_id, entity=SignedEntity.SESSION,
        entity_id=session.id, content=content,
    )  # fmt: skip
    audit.record(
        db, ctx, action="sign", entity="session", entity_id=session.id,
        patient_id=session.patient_id,
        changes={
            "seq": link.seq,
            "content_hash": content,
            # Which safety rules fired and how each was answered (codes only).
            "safety": {f.code: f.resolution and str(f.resolution) for f in note.safety},
        },
    )  # fmt: skip
    return replace(note, signature=signature_view(link))


def field_value(note: SessionNote, field: str) -> str:
    """A field of a note as text (a correction's "old value", also shown before it is
    written); ``field`` is one of CORRECTABLE."""
    if field.startswith("scores."):
        score = note.score_map.get(field.removeprefix("scores."))  # type: ignore[call-overload]  # Instrument is a StrEnum: its value finds the key
        return "" if score is None else str(score)
    if field == "points":
        return ", ".join(f"{p.label} {p.side}" for p in note.points)
    if field in ("channels", "findings", "adverse_events"):
        return f"{len(getattr(note, field))} recorded"
    value = getattr(note, field)
    return "" if value is None else str(value)


def _amended(
    database: Database,
    ctx: ClinicContext,
    session_id: int,
    amendment: _Amendment,
    *,
    check: Callable[[TreatmentSession], None] | None = None,
) -> SessionNote:
    def attempt() -> SessionNote:
        with database.transaction() as db:
            return _amend(db, ctx, session_id, amendment, check=check)

    return _once_more_on_race(attempt)


def _amend(
    db: DbSession,
    ctx: ClinicContext,
    session_id: int,
    amendment: _Amendment,
    *,
    check: Callable[[TreatmentSession], None] | None = None,
) -> SessionNote:
    session = load_session(db, session_id)
    if session.status is SessionStatus.DRAFT:
        raise NoteLockedError("This note is still a draft: change it directly, then sign it.")
    if check is not None:
        check(session)
    row = SessionAmendment(
        session_id=session.id,
        kind=amendment.kind,
        text=amendment.text,
        field=amendment.field,
        old_value=amendment.old_value,
        new_value=amendment.new_value,
        reason=amendment.reason,
        author_id=ctx.actor.practitioner_id,
        author_name=ctx.actor.name,
        created_at=ctx.now().replace(microsecond=0),
    )
    db.add(row)
    if row.kind is AmendmentKind.CORRECTION and not row.old_value:
        row.old_value = field_value(note_of(db, session), row.field)
    if row.kind is AmendmentKind.ENTERED_IN_ERROR:
        # Only the status moves; the signed content (and its hash) stay as signed.
        session.status = SessionStatus.ENTERED_IN_ERROR
    db.flush()
    content = content_hash(amendment_form(amendment_view(row), session.id, session.patient_id))
    link = append_link(
        db, ctx, patient_id=session.patient_id, entity=SignedEntity.AMENDMENT,
        entity_id=row.id, content=content,
    )  # fmt: skip
    audit.record(
        db, ctx, action=str(row.kind), entity="session", entity_id=session.id,
        patient_id=session.patient_id, reason=row.reason,
        changes={"amendment_id": row.id, "seq": link.seq, "field": row.field},
    )  # fmt: skip
    db.refresh(session, ["amendments"])
    return note_of(db, session)


def _required(problems: Problems, name: str, value: str, label: str) -> None:
    # Text that cannot be stored is named before text that is missing.
    problems.text(name, value, label, LONG_TEXT_LIMIT)
    problems.required(name, value, f"{label} is required")


def add_addendum(database: Database, ctx: ClinicContext, session_id: int, text: str) -> SessionNote:
    """Add a dated, signed addendum to a signed note (the note itself is unchanged)."""
    return _amended(database, ctx, session_id, _addendum(text))


def _add_addendum(db: DbSession, ctx: ClinicContext, session_id: int, text: str) -> SessionNote:
    return _amend(db, ctx, session_id, _addendum(text))


def _addendum(text: str) -> _Amendment:
    text = clean(text)
    problems = Problems()
    _required(problems, "text", text, "The addendum")
    problems.raise_if_any()
    return _Amendment(kind=AmendmentKind.ADDENDUM, text=text)


def add_correction(
    database: Database,
    ctx: ClinicContext,
    session_id: int,
    *,
    field: str,
    new_value: str,
    reason: str,
    old_value: str = "",
) -> SessionNote:
    """Record a signed correction of one field (CORRECTABLE): the old value (taken from the
    note when not given), the new value and why. The original stays visible."""
    amendment = _correction(field, new_value, reason, old_value)
    return _amended(database, ctx, session_id, amendment)


def _add_correction(
    db: DbSession,
    ctx: ClinicContext,
    session_id: int,
    *,
    field: str,
    new_value: str,
    reason: str,
    old_value: str = "",
) -> SessionNote:
    return _amend(db, ctx, session_id, _correction(field, new_value, reason, old_value))


def _correction(field: str, new_value: str, reason: str, old_value: str) -> _Amendment:
    new_value, reason, old_value = clean(new_value), clean(reason), clean(old_value)
    problems = Problems()
    problems.choice("field", field, CORRECTABLE, "Choose the field being corrected")
    _required(problems, "new_value", new_value, "The corrected value")
    _required(problems, "reason", reason, "The reason for the correction")
    problems.raise_if_any()
    return _Amendment(
        kind=AmendmentKind.CORRECTION,
        field=field,
        old_value=old_value,
        new_value=new_value,
        reason=reason,
    )


def mark_entered_in_error(
    database: Database, ctx: ClinicContext, session_id: int, reason: str
) -> SessionNote:
    """Mark a signed note as entered in error (wrong patient, duplicate...): it stays in
    the record, visibly marked, with the signed reason."""
    reason = clean(reason)
    problems = Problems()
    _required(problems, "reason", reason, "The reason")
    problems.raise_if_any()

    def not_twice(session: TreatmentSession) -> None:
        if session.status is SessionStatus.ENTERED_IN_ERROR:
            raise NoteLockedError("This note is already marked as entered in error.")

    amendment = _Amendment(kind=AmendmentKind.ENTERED_IN_ERROR, reason=reason)
    return _amended(database, ctx, session_id, amendment, check=not_twice)
