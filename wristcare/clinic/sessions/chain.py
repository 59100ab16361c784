"""Each patient's hash chain of signatures: appending a link, and checking every chain."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exc, select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions.canonical import (
    FORM_VERSION,
    FORM_VERSIONS,
    GENESIS,
    amendment_form,
    chain_hash,
    content_hash,
)
from wristcare.clinic.sessions.canonical import session_form as _session_form
from wristcare.clinic.sessions.store import amendment_view, load_session, note_of
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import Patient, SessionAmendment, Signature, TreatmentSession
from wristcare.db.vocab import SessionStatus, SignedEntity


class ChainRaceError(ConcurrentEditError):
    """Another signer appended to the same patient's chain first."""


def append_link(
    db: DbSession,
    ctx: ClinicContext,
    *,
    patient_id: int,
    entity: SignedEntity,
    entity_id: int,
    content: str,
) -> Signature:
    """Add a signature after the patient's last link, inside the caller's transaction.

    Two signers who read the same last link both try to write the same seq and the same
    previous hash; the UNIQUE constraints let one of them in, and the other gets
    ConcurrentEditError (its whole transaction is rolled back).
    """
    last = db.scalar(
        select(Signature)
        .where(Signature.patient_id == patient_id)
        .order_by(Signature.seq.desc())
        .limit(1)
    )
    previous = last.chain_hash if last is not None else GENESIS
    link = Signature(
        patient_id=patient_id,
        seq=(last.seq + 1) if last is not None else 1,
        entity=entity,
        entity_id=entity_id,
        signer_id=ctx.actor.practitioner_id,
        signer_name=ctx.actor.name,
        signed_at=ctx.now(),
        form_version=FORM_VERSION,
        content_hash=content,
        previous_hash=previous,
        chain_hash=chain_hash(previous, content),
    )
    db.add(link)
    try:
        db.flush()
    except exc.IntegrityError:
        raise ChainRaceError(
            "Another note for this patient was signed at the same moment. Nothing was "
            "signed; try again."
        ) from None
    return link


def session_content_hash(db: DbSession, session_id: int, version: int = FORM_VERSION) -> str:
    """The content hash of a note as it is stored now, in canonical form ``version``."""
    return content_hash(_session_form(note_of(db, load_session(db, session_id)), version))


def amendment_content_hash(
    db: DbSession, amendment: SessionAmendment, version: int = FORM_VERSION
) -> str:
    """The content hash of an amendment as it is stored now, in canonical form ``version``."""
    session = db.get(TreatmentSession, amendment.session_id)
    assert session is not None
    return content_hash(
        amendment_form(amendment_view(amendment), amendment.session_id, session.patient_id, version)
    )


@dataclass(frozen=True)
class ChainProblem:
    """The first broken link of one patient's chain (or a signed note with no link)."""

    record_number: str
    seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"link {self.seq}" if self.seq is not None else "no link"
        return f"patient {self.record_number}, {where}: {self.problem}"


def verify_chains(database: Database) -> list[ChainProblem]:
    """Recompute every patient's chain; one problem per broken chain (its first bad link).

    Checks that the links run 1, 2, 3 ..., that each names the previous chain hash, that
    each chain hash follows from its content hash, that each content hash matches the
    record as stored now, and that every signed note has a link.
    """
    problems: list[ChainProblem] = []
    with database.read() as db:
        numbers = dict(db.execute(select(Patient.id, Patient.record_number)).all())
        links: dict[int, list[Signature]] = {}
        for link in db.scalars(select(Signature).order_by(Signature.patient_id, Signature.seq)):
            links.setdefault(link.patient_id, []).append(link)
        for patient_id, chain in links.items():
            problem = _first_break(db, chain)
            if problem is not None:
                seq, text = problem
                problems.append(ChainProblem(numbers.get(patient_id, "?"), seq, text))
        signed = db.execute(
            select(TreatmentSession.id, TreatmentSession.patient_id).where(
                TreatmentSession.status != SessionStatus.DRAFT
            )
        ).all()
        linked = {
            link.entity_id
            for chain in links.values()
            for link in chain
            if link.entity is SignedEntity.SESSION
        }
        for session_id, patient_id in signed:
            if session_id not in linked:
                problems.append(
                    ChainProblem(
                        numbers.get(patient_id, "?"),
                        None,
                        f"session {session_id} is marked signed but has no signature",
                    )
                )
    return problems


def _first_break(db: DbSession, chain: list[Signature]) -> tuple[int, str] | None:
    previous = GENESIS
    for expected_seq, link in enumerate(chain, start=1):
        if link.seq != expected_seq:
            return link.seq, f"expected link {expected_seq} here (a link is missing)"
        if link.previous_hash != previous:
            return link.seq, "does not follow the link before it"
        if link.chain_hash != chain_hash(link.previous_hash, link.content_hash):
            return link.seq, "its chain hash does not match its content hash"
        if link.form_version not in FORM_VERSIONS:
            return link.seq, f"signed with form version {link.form_version}, unknown here"
        current = _current_hash(db, link)
        if current is None:
            return link.seq, f"the signed {link.entity} {link.entity_id} is missing"
        if current != link.content_hash:
            return link.seq, (
                f"the signed {link.entity} {link.entity_id} was changed after signing"
            )
        previous = link.chain_hash
    return None


def _current_hash(db: DbSession, link: Signature) -> str | None:
    if link.entity is SignedEntity.SESSION:
        session = db.get(TreatmentSession, link.entity_id)
        if session is None or session.patient_id != link.patient_id:
            return None
        return session_content_hash(db, link.entity_id, link.form_version)
    amendment = db.get(SessionAmendment, link.entity_id)
    if amendment is None:
        return None
    return amendment_content_hash(db, amendment, link.form_version)
