"""Signatures of notes and amendments, chained per patient (records-model.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, UTCDateTime
from wristcare.db.vocab import SignedEntity, vocab_type


class Signature(Base):
    """One link of a patient's hash chain.

    ``content_hash`` is SHA-256 of the signed record's canonical form (version
    ``form_version``); ``chain_hash`` = SHA-256(previous chain hash + content hash). The
    UNIQUE constraints make a fork impossible: two signers appending after the same link
    collide on (patient_id, seq) and (patient_id, previous_hash), and one of them fails.
    """

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    seq: Mapped[int] = mapped_column(Integer)
    entity: Mapped[SignedEntity] = mapped_column(vocab_type(SignedEntity, "entity"))
    entity_id: Mapped[int] = mapped_column(Integer)
    signer_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    signer_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    form_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    previous_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("patient_id", "seq", name="uq_signatures_patient_seq"),
        UniqueConstraint("patient_id", "previous_hash", name="uq_signatures_patient_previous"),
        UniqueConstraint("entity", "entity_id", name="uq_signatures_entity"),
        CheckConstraint("seq >= 1", name="seq"),
        CheckConstraint(
            "length(content_hash) = 64 AND length(previous_hash) = 64 AND length(chain_hash) = 64",
            name="hashes",
        ),
    )
