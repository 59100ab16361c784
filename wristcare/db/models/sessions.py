"""The treatment session note (SOAP plus the acupuncture record) and its amendments.

Shapes follow shared/records-model.md. Nothing signed holds a float: needle sizes, depths
and strengths are integers in stated units, so a signed note hashes the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wristcare.db.base import Base, Timestamped, UTCDateTime, utcnow
from wristcare.db.vocab import (
    AdverseEventKind,
    AmendmentKind,
    ElectroWaveform,
    ExamResult,
    ExamTest,
    NeedleAngle,
    SessionStatus,
    Severity,
    Side,
    vocab_type,
)

if TYPE_CHECKING:
    from wristcare.db.models.patients import Patient
    from wristcare.db.models.reference import Practitioner
    from wristcare.db.models.safety_findings import SessionSafetyFinding

# A signed (or later entered-in-error) note: the counts are known, and equal unless the
# search for the missing needle and its outcome are recorded (clinical.md §4).
NEEDLE_COUNT_RULE = (
    "status = 'draft' OR (needles_in IS NOT NULL AND needles_out IS NOT NULL AND "
    "(needles_in = needles_out OR needle_search_outcome <> ''))"
)
SIGNER_RULE = (
    "status = 'draft' OR (signed_at IS NOT NULL AND signed_by_id IS NOT NULL "
    "AND signed_by_name <> '')"
)


class TreatmentSession(Timestamped, Base):
    __tablename__ = "treatment_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plans.id"))
    status: Mapped[SessionStatus] = mapped_column(
        vocab_type(SessionStatus, "status"), default=SessionStatus.DRAFT
    )
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    practitioner_name: Mapped[str] = mapped_column(String(200), default="")
    # When: the instant in UTC, and the clinic's own date and zone at that instant.
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    local_date: Mapped[date] = mapped_column(Date)
    tz: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)

    # Subjective
    complaint: Mapped[str] = mapped_column(Text, default="")
    side: Mapped[Side | None] = mapped_column(vocab_type(Side, "side"))
    # Bit 0 = thumb ... bit 4 = little finger, per hand.
    digits_left: Mapped[int] = mapped_column(Integer, default=0)
    digits_right: Mapped[int] = mapped_column(Integer, default=0)
    provoking: Mapped[str] = mapped_column(Text, default="")
    easing: Mapped[str] = mapped_column(Text, default="")
    subjective_notes: Mapped[str] = mapped_column(Text, default="")
    # Objective (structured tests are ExamFinding rows)
    objective_notes: Mapped[str] = mapped_column(Text, default="")
    # Assessment
    tongue_body: Mapped[str] = mapped_column(Text, default="")
    tongue_coating: Mapped[str] = mapped_column(Text, default="")
    tongue_shape: Mapped[str] = mapped_column(Text, default="")
    pulse_overall: Mapped[str] = mapped_column(Text, default="")
    pulse_left_cun: Mapped[str] = mapped_column(Text, default="")
    pulse_left_guan: Mapped[str] = mapped_column(Text, default="")
    pulse_left_chi: Mapped[str] = mapped_column(Text, default="")
    pulse_right_cun: Mapped[str] = mapped_column(Text, default="")
    pulse_right_guan: Mapped[str] = mapped_column(Text, default="")
    pulse_right_chi: Mapped[str] = mapped_column(Text, default="")
    pattern: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[Severity | None] = mapped_column(vocab_type(Severity, "severity"))
    working_diagnosis: Mapped[str] = mapped_column(Text, default="")
    differentials: Mapped[str] = mapped_column(Text, default="")
    assessment_notes: Mapped[str] = mapped_column(Text, default="")
    # Treatment (points and channels are rows of their own)
    moxibustion: Mapped[bool] = mapped_column(Boolean, default=False)
    cupping: Mapped[bool] = mapped_column(Boolean, default=False)
    gua_sha: Mapped[bool] = mapped_column(Boolean, default=False)
    tui_na: Mapped[bool] = mapped_column(Boolean, default=False)
    heat_lamp: Mapped[bool] = mapped_column(Boolean, default=False)
    adjunct_notes: Mapped[str] = mapped_column(Text, default="")
    needles_in: Mapped[int | None] = mapped_column(Integer)
    needles_out: Mapped[int | None] = mapped_column(Integer)
    needle_search_outcome: Mapped[str] = mapped_column(Text, default="")
    # Response and plan
    response: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str] = mapped_column(Text, default="")
    next_appointment_on: Mapped[date | None] = mapped_column(Date)
    plan_notes: Mapped[str] = mapped_column(Text, default="")
    # Signing (the hash chain itself is in `signatures`)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    signed_by_name: Mapped[str] = mapped_column(String(200), default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship()
    practitioner: Mapped[Practitioner] = relationship(foreign_keys=[practitioner_id])
    findings: Mapped[list[ExamFinding]] = relationship(
        cascade="all, delete-orphan", order_by="ExamFinding.id"
    )
    points: Mapped[list[NeedledPoint]] = relationship(
        cascade="all, delete-orphan", order_by="NeedledPoint.position"
    )
    channels: Mapped[list[ElectroChannel]] = relationship(
        cascade="all, delete-orphan", order_by="ElectroChannel.channel"
    )
    adverse_events: Mapped[list[AdverseEvent]] = relationship(
        cascade="all, delete-orphan", order_by="AdverseEvent.id"
    )
    amendments: Mapped[list[SessionAmendment]] = relationship(order_by="SessionAmendment.id")
    safety_findings: Mapped[list[SessionSafetyFinding]] = relationship(
        cascade="all, delete-orphan", order_by="SessionSafetyFinding.id"
    )

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        Index("ix_treatment_sessions_patient_started", "patient_id", "started_at"),
        Index("ix_treatment_sessions_status_date", "status", "local_date"),
        Index("ix_treatment_sessions_local_date", "local_date"),
        CheckConstraint("digits_left BETWEEN 0 AND 31", name="digits_left"),
        CheckConstraint("digits_right BETWEEN 0 AND 31", name="digits_right"),
        CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND 600", name="duration"
        ),
        CheckConstraint("needles_in IS NULL OR needles_in >= 0", name="needles_in"),
        CheckConstraint("needles_out IS NULL OR needles_out >= 0", name="needles_out"),
        CheckConstraint(NEEDLE_COUNT_RULE, name="needle_count"),
        CheckConstraint(SIGNER_RULE, name="signer"),
    )


class ExamFinding(Base):
    """One examination test on one hand (two-point: on one digit)."""

    __tablename__ = "exam_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    test: Mapped[ExamTest] = mapped_column(vocab_type(ExamTest, "test"))
    side: Mapped[Side] = mapped_column(vocab_type(Side, "side"))
    result: Mapped[ExamResult | None] = mapped_column(vocab_type(ExamResult, "result"))
    digit: Mapped[int | None] = mapped_column(Integer)  # 1 = thumb ... 5 = little finger
    two_point_mm: Mapped[int | None] = mapped_column(Integer)
    # Grip and pinch: up to three trials in tenths of a kilogram; the mean is computed.
    trial_1: Mapped[int | None] = mapped_column(Integer)
    trial_2: Mapped[int | None] = mapped_column(Integer)
    trial_3: Mapped[int | None] = mapped_column(Integer)
    seconds_to_symptoms: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("digit IS NULL OR digit BETWEEN 1 AND 5", name="digit"),
        CheckConstraint("two_point_mm IS NULL OR two_point_mm BETWEEN 1 AND 30", name="two_point"),
        CheckConstraint(
            "(trial_1 IS NULL OR trial_1 >= 0) AND (trial_2 IS NULL OR trial_2 >= 0) "
            "AND (trial_3 IS NULL OR trial_3 >= 0)",
            name="trials",
        ),
        CheckConstraint(
            "seconds_to_symptoms IS NULL OR seconds_to_symptoms BETWEEN 0 AND 600",
            name="seconds",
        ),
    )


class NeedledPoint(Base):
    """One point needled in a session, with the STRICTA parameters."""

    __tablename__ = "needled_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    acupoint_id: Mapped[int | None] = mapped_column(ForeignKey("acupoints.id"))
    # The library code as it was when written, so the note reads (and hashes) the same
    # after the reference data is upgraded.
    point_code: Mapped[str | None] = mapped_column(String(40))
    # An anatomical site (ashi point, scar) when the point is not in the library.
    site: Mapped[str | None] = mapped_column(String(200))
    side: Mapped[Side] = mapped_column(vocab_type(Side, "side"))
    needles: Mapped[int] = mapped_column(Integer, default=1)
    gauge_hundredths_mm: Mapped[int | None] = mapped_column(Integer)
    length_mm: Mapped[int | None] = mapped_column(Integer)
    depth_tenths_mm: Mapped[int | None] = mapped_column(Integer)
    angle: Mapped[NeedleAngle | None] = mapped_column(vocab_type(NeedleAngle, "angle"))
    technique: Mapped[str] = mapped_column(String(200), default="")
    de_qi: Mapped[bool | None] = mapped_column(Boolean)
    retention_minutes: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("session_id", "position", name="uq_needled_points_session_position"),
        CheckConstraint(
            "(acupoint_id IS NOT NULL AND point_code IS NOT NULL AND site IS NULL) OR "
            "(acupoint_id IS NULL AND point_code IS NULL AND site IS NOT NULL AND site <> '')",
            name="point_or_site",
        ),
        CheckConstraint("needles BETWEEN 1 AND 20", name="needles"),
        CheckConstraint(
            "gauge_hundredths_mm IS NULL OR gauge_hundredths_mm BETWEEN 10 AND 60", name="gauge"
        ),
        CheckConstraint("length_mm IS NULL OR length_mm BETWEEN 3 AND 200", name="length"),
        CheckConstraint(
            "depth_tenths_mm IS NULL OR depth_tenths_mm BETWEEN 0 AND 1500", name="depth"
        ),
        CheckConstraint(
            "retention_minutes IS NULL OR retention_minutes BETWEEN 0 AND 180", name="retention"
        ),
    )


class ElectroChannel(Base):
    """One electroacupuncture channel: a lead joining two needled points."""

    __tablename__ = "electro_channels"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    channel: Mapped[int] = mapped_column(Integer)
    point_a_id: Mapped[int] = mapped_column(ForeignKey("needled_points.id"))
    point_b_id: Mapped[int] = mapped_column(ForeignKey("needled_points.id"))
    waveform: Mapped[ElectroWaveform] = mapped_column(vocab_type(ElectroWaveform, "waveform"))
    frequency_low_hz: Mapped[int] = mapped_column(Integer)
    frequency_high_hz: Mapped[int | None] = mapped_column(Integer)  # dense-disperse only
    intensity_tenths_ma: Mapped[int | None] = mapped_column(Integer)
    to_tolerance: Mapped[bool] = mapped_column(Boolean, default=False)
    minutes: Mapped[int] = mapped_column(Integer)

    point_a: Mapped[NeedledPoint] = relationship(foreign_keys=[point_a_id])
    point_b: Mapped[NeedledPoint] = relationship(foreign_keys=[point_b_id])

    __table_args__ = (
        UniqueConstraint("session_id", "channel", name="uq_electro_channels_session_channel"),
        CheckConstraint("channel BETWEEN 1 AND 12", name="channel"),
        CheckConstraint("point_a_id <> point_b_id", name="two_points"),
        CheckConstraint("frequency_low_hz BETWEEN 1 AND 200", name="frequency_low"),
        CheckConstraint(
            "frequency_high_hz IS NULL OR frequency_high_hz BETWEEN frequency_low_hz AND 200",
            name="frequency_high",
        ),
        CheckConstraint(
            "intensity_tenths_ma IS NULL OR intensity_tenths_ma BETWEEN 0 AND 500",
            name="intensity",
        ),
        CheckConstraint("NOT (to_tolerance AND intensity_tenths_ma IS NOT NULL)", name="dose"),
        CheckConstraint("minutes BETWEEN 1 AND 180", name="minutes"),
    )


class AdverseEvent(Base):
    __tablename__ = "adverse_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    kind: Mapped[AdverseEventKind] = mapped_column(vocab_type(AdverseEventKind, "kind"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    severity: Mapped[Severity | None] = mapped_column(vocab_type(Severity, "severity"))
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    action_taken: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")


class SessionAmendment(Base):
    """A dated, signed addendum, correction or "entered in error" mark on a signed note.

    The note itself is never changed; a correction records the field, old and new value.
    """

    __tablename__ = "session_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("treatment_sessions.id"), index=True)
    kind: Mapped[AmendmentKind] = mapped_column(vocab_type(AmendmentKind, "kind"))
    text: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        CheckConstraint("kind <> 'addendum' OR text <> ''", name="addendum_text"),
        CheckConstraint("kind <> 'correction' OR field <> ''", name="correction_field"),
        CheckConstraint("kind = 'addendum' OR reason <> ''", name="reason"),
    )
