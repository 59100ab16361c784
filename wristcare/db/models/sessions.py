"""The treatment session note (SOAP plus the acupuncture record) and its amendments."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wristcare.db.base import Base, Timestamped, UTCDateTime, utcnow

if TYPE_CHECKING:
    from wristcare.db.models.patients import Patient


class TreatmentSession(Timestamped, Base):
    __tablename__ = "treatment_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plans.id"))
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft / signed

    # Subjective
    complaint: Mapped[str] = mapped_column(Text, default="")
    side: Mapped[str] = mapped_column(String(20), default="")
    pain_score: Mapped[int | None] = mapped_column(Integer)
    numbness_score: Mapped[int | None] = mapped_column(Integer)
    tingling_score: Mapped[int | None] = mapped_column(Integer)
    weakness_score: Mapped[int | None] = mapped_column(Integer)
    night_waking_score: Mapped[int | None] = mapped_column(Integer)
    digits_affected: Mapped[str] = mapped_column(String(100), default="")
    subjective_notes: Mapped[str] = mapped_column(Text, default="")
    # Objective and assessment
    objective_notes: Mapped[str] = mapped_column(Text, default="")
    tongue: Mapped[str] = mapped_column(Text, default="")
    pulse: Mapped[str] = mapped_column(Text, default="")
    pattern: Mapped[str] = mapped_column(Text, default="")
    assessment_notes: Mapped[str] = mapped_column(Text, default="")
    # Treatment
    adjuncts: Mapped[str] = mapped_column(Text, default="")
    needles_in: Mapped[int | None] = mapped_column(Integer)
    needles_out: Mapped[int | None] = mapped_column(Integer)
    needle_count_resolution: Mapped[str] = mapped_column(Text, default="")
    patient_reaction: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    # Signing and the hash chain over signed notes
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    previous_hash: Mapped[str] = mapped_column(String(64), default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship()
    findings: Mapped[list[ExamFinding]] = relationship(cascade="all, delete-orphan")
    points: Mapped[list[NeedledPoint]] = relationship(
        cascade="all, delete-orphan", order_by="NeedledPoint.position"
    )
    adverse_events: Mapped[list[AdverseEvent]] = relationship(cascade="all, delete-orphan")
    amendments: Mapped[list[SessionAmendment]] = relationship(order_by="SessionAmendment.id")

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (Index("ix_treatment_sessions_patient_started", "patient_id", "started_at"),)


class ExamFinding(Base):
    __tablename__ = "exam_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    test: Mapped[str] = mapped_column(String(40))  # phalen, tinel, durkan, two_point, grip...
    side: Mapped[str] = mapped_column(String(10), default="")
    result: Mapped[str] = mapped_column(String(20), default="")  # positive/negative/not_done
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10), default="")
    seconds_to_symptoms: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class NeedledPoint(Base):
    """One point needled in a session, with the STRICTA parameters."""

    __tablename__ = "needled_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    acupoint_id: Mapped[int | None] = mapped_column(ForeignKey("acupoints.id"))
    # An anatomical site (ashi point, scar) when the point is not in the library.
    site: Mapped[str] = mapped_column(String(200), default="")
    side: Mapped[str] = mapped_column(String(20), default="")
    gauge_mm: Mapped[float | None] = mapped_column(Float)
    length_mm: Mapped[float | None] = mapped_column(Float)
    depth_mm: Mapped[float | None] = mapped_column(Float)
    angle: Mapped[str] = mapped_column(String(40), default="")
    technique: Mapped[str] = mapped_column(String(200), default="")
    de_qi: Mapped[bool | None] = mapped_column(Boolean)
    retention_minutes: Mapped[int | None] = mapped_column(Integer)
    electro_pair_with: Mapped[str] = mapped_column(String(20), default="")
    electro_frequency_hz: Mapped[float | None] = mapped_column(Float)
    electro_waveform: Mapped[str] = mapped_column(String(40), default="")
    electro_intensity: Mapped[str] = mapped_column(String(40), default="")
    electro_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class AdverseEvent(Base):
    __tablename__ = "adverse_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    action_taken: Mapped[str] = mapped_column(Text, default="")


class SessionAmendment(Base):
    """A dated, signed addendum or "entered in error" mark on a signed note."""

    __tablename__ = "session_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # addendum / entered_in_error
    text: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    previous_hash: Mapped[str] = mapped_column(String(64), default="")
