"""The audit trail: who changed which clinical record, when, and what changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The acting practitioner: the id for queries, the name as it was then (a snapshot,
    # so the trail reads the same after the profile changes). Entries written before
    # practitioners were records have a name only.
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    actor: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id"))
    # {field: [old, new]} for updates; what was created for creations.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_entries_patient_at", "patient_id", "at"),)
