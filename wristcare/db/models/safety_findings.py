"""The safety findings of a note: which rules fired and how the practitioner answered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, UTCDateTime
from wristcare.db.vocab import FindingLevel, FindingResolutionKind, vocab_type

# The answers each level takes (clinic/safety/resolution.py says the same in words).
RESOLUTION_FITS_LEVEL = (
    "resolution IS NULL"
    " OR (level = 'caution' AND resolution IN ('proceeded', 'changed_treatment'))"
    " OR (level = 'stop' AND resolution IN ('overridden', 'changed_treatment'))"
    " OR (level = 'refer' AND resolution IN ('referred', 'not_referred'))"
)
# Proceeding, overriding and not referring are only ever done with a reason.
REASON_GIVEN = (
    "resolution IS NULL OR resolution NOT IN ('proceeded', 'overridden', 'not_referred')"
    " OR reason <> ''"
)
RESOLVER_NAMED = (
    "resolution IS NULL OR (resolved_by_id IS NOT NULL AND resolved_by_name <> ''"
    " AND resolved_at IS NOT NULL)"
)


class SessionSafetyFinding(Base):
    """One safety rule that fired on a note, as worded then, and its answer.

    While the note is a draft the rows are the answers given so far; signing rewrites
    them to every rule that fires on the note as signed (answered or not), plus the
    stops and cautions the practitioner removed by changing the treatment. They are
    part of the signed content, so the hash chain covers them.
    """

    __tablename__ = "session_safety_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    rule_code: Mapped[str] = mapped_column(String(40))
    level: Mapped[FindingLevel] = mapped_column(vocab_type(FindingLevel, "level"))
    # The finding as the practitioner saw it (the rules file may be reworded later).
    title: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[FindingResolutionKind | None] = mapped_column(
        vocab_type(FindingResolutionKind, "resolution")
    )
    reason: Mapped[str] = mapped_column(Text, default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    resolved_by_name: Mapped[str] = mapped_column(String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("session_id", "rule_code", name="uq_session_safety_findings_rule"),
        CheckConstraint("rule_code <> ''", name="rule_code"),
        CheckConstraint(RESOLUTION_FITS_LEVEL, name="resolution_fits_level"),
        CheckConstraint(REASON_GIVEN, name="reason_given"),
        CheckConstraint(RESOLVER_NAMED, name="resolver_named"),
    )
