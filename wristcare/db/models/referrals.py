"""The red-flag screen: the answers asked at intake and each session, the practitioner's
decision on each red flag, and the referrals made (clinical.md §3)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, Timestamped, UTCDateTime, utcnow
from wristcare.db.vocab import ReferralDecision, vocab_type

# The signs the screen asks for (the rest are read from the note and the history).
ASKED_SIGN_COLUMNS = (
    "constant_numbness",
    "sudden_progression",
    "injury_or_recent_fracture",
    "lump_at_wrist",
    "after_carpal_tunnel_surgery",
    "unclear_diagnosis",
    "glove_and_stocking",
)


class RedFlagScreen(Base):
    """The asked signs as last answered: one row per session, and intake rows with no
    session (the latest is current)."""

    __tablename__ = "red_flag_screens"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    constant_numbness: Mapped[bool] = mapped_column(Boolean, default=False)
    sudden_progression: Mapped[bool] = mapped_column(Boolean, default=False)
    injury_or_recent_fracture: Mapped[bool] = mapped_column(Boolean, default=False)
    lump_at_wrist: Mapped[bool] = mapped_column(Boolean, default=False)
    after_carpal_tunnel_surgery: Mapped[bool] = mapped_column(Boolean, default=False)
    unclear_diagnosis: Mapped[bool] = mapped_column(Boolean, default=False)
    glove_and_stocking: Mapped[bool] = mapped_column(Boolean, default=False)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        Index("ix_red_flag_screens_patient", "patient_id", "screened_at"),
        UniqueConstraint("session_id", name="uq_red_flag_screens_session_id"),
        CheckConstraint("practitioner_name <> ''", name="practitioner_name"),
    )


class RedFlagDecision(Timestamped, Base):
    """The practitioner's answer to one or more red flags: referred, or not referred with
    the reason. ``findings`` keeps the flags' wording as it was shown."""

    __tablename__ = "red_flag_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    flag_codes: Mapped[str] = mapped_column(String(500))  # comma-separated rule codes
    findings: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[ReferralDecision] = mapped_column(vocab_type(ReferralDecision, "decision"))
    reason: Mapped[str] = mapped_column(Text, default="")  # why not referred
    decided_on: Mapped[date] = mapped_column(Date)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        Index("ix_red_flag_decisions_patient", "patient_id", "decided_on"),
        Index("ix_red_flag_decisions_session", "session_id"),
        CheckConstraint("flag_codes <> ''", name="flag_codes"),
        CheckConstraint("decision <> 'not_referred' OR reason <> ''", name="reason"),
        CheckConstraint("practitioner_name <> ''", name="practitioner_name"),
    )


class Referral(Timestamped, Base):
    """A referral to the patient's doctor (or another clinician): to whom, why, when."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("red_flag_decisions.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    recipient: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    referred_on: Mapped[date] = mapped_column(Date)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        UniqueConstraint("decision_id", name="uq_referrals_decision_id"),
        Index("ix_referrals_patient", "patient_id", "referred_on"),
        CheckConstraint("recipient <> ''", name="recipient"),
        CheckConstraint("reason <> ''", name="reason"),
        CheckConstraint("practitioner_name <> ''", name="practitioner_name"),
    )
