"""Treatment plans: phases, planned points, goals, home care, and the handouts given.

Shapes follow shared/records-model.md. A plan item keeps a snapshot of its library text,
so editing the library never changes an existing plan; a handout keeps the JSON of what
was printed and the PDF's SHA-256, so editing the plan never changes what was handed over.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wristcare.db.base import Base, Timestamped, UTCDateTime, utcnow
from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    PlanStatus,
    Side,
    vocab_type,
)

if TYPE_CHECKING:
    from wristcare.db.models.patients import Patient

# At most one current plan per patient: a partial unique index, on SQLite and PostgreSQL.
ONE_ACTIVE_WHERE = text("status = 'active'")
DOSE_LIMIT = 1000


class TreatmentPlan(Timestamped, Base):
    __tablename__ = "treatment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    status: Mapped[PlanStatus] = mapped_column(
        vocab_type(PlanStatus, "status"), default=PlanStatus.DRAFT
    )
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    supplements: Mapped[str] = mapped_column(Text, default="")
    notes_for_patient: Mapped[str] = mapped_column(Text, default="")
    private_notes: Mapped[str] = mapped_column(Text, default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship()
    phases: Mapped[list[PlanPhase]] = relationship(
        cascade="all, delete-orphan", order_by="PlanPhase.position"
    )
    points: Mapped[list[PlanPoint]] = relationship(
        cascade="all, delete-orphan", order_by="PlanPoint.position"
    )
    goals: Mapped[list[PlanGoal]] = relationship(
        cascade="all, delete-orphan", order_by="PlanGoal.position"
    )
    home_care: Mapped[list[HomeCareItem]] = relationship(
        cascade="all, delete-orphan", order_by="HomeCareItem.position"
    )
    issues: Mapped[list[PlanIssue]] = relationship(order_by="PlanIssue.id")

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        Index("ix_treatment_plans_patient_id", "patient_id"),
        Index("ix_treatment_plans_review_on", "review_on"),
        Index(
            "ux_treatment_plans_one_active",
            "patient_id",
            unique=True,
            sqlite_where=ONE_ACTIVE_WHERE,
            postgresql_where=ONE_ACTIVE_WHERE,
        ),
        CheckConstraint("status = 'draft' OR started_on IS NOT NULL", name="started"),
        CheckConstraint(
            "review_on IS NULL OR started_on IS NULL OR review_on >= started_on", name="review"
        ),
        CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on", name="ended"
        ),
        CheckConstraint("practitioner_name <> ''", name="practitioner_name"),
    )


class PlanPhase(Base):
    """One phase of the schedule: "twice a week for 3 weeks"."""

    __tablename__ = "plan_phases"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sessions_per_week: Mapped[int] = mapped_column(Integer)
    weeks: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("plan_id", "position", name="uq_plan_phases_plan_position"),
        CheckConstraint("sessions_per_week BETWEEN 1 AND 7", name="sessions_per_week"),
        CheckConstraint("weeks BETWEEN 1 AND 52", name="weeks"),
    )


class PlanPoint(Base):
    """A point of the planned protocol: the library point and its code as written."""

    __tablename__ = "plan_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    acupoint_id: Mapped[int] = mapped_column(ForeignKey("acupoints.id"))
    point_code: Mapped[str] = mapped_column(String(40))
    side: Mapped[Side | None] = mapped_column(vocab_type(Side, "side"))
    # The position of the point it is paired with for electroacupuncture.
    electro_pair: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("plan_id", "position", name="uq_plan_points_plan_position"),
        CheckConstraint("point_code <> ''", name="point_code"),
        CheckConstraint(
            "electro_pair IS NULL OR (electro_pair >= 0 AND electro_pair <> position)",
            name="electro_pair",
        ),
    )


class PlanGoal(Base):
    """A goal, in words and (when measurable) as a measure, baseline and target."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    measure: Mapped[Instrument | None] = mapped_column(vocab_type(Instrument, "measure"))
    side: Mapped[MeasureSide | None] = mapped_column(vocab_type(MeasureSide, "side"))
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    target: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    direction: Mapped[GoalDirection] = mapped_column(
        vocab_type(GoalDirection, "direction"), default=GoalDirection.DECREASE
    )
    target_kind: Mapped[GoalTargetKind] = mapped_column(
        vocab_type(GoalTargetKind, "target_kind"), default=GoalTargetKind.ABSOLUTE
    )
    target_on: Mapped[date | None] = mapped_column(Date)
    achieved_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        UniqueConstraint("plan_id", "position", name="uq_plan_goals_plan_position"),
        CheckConstraint("description <> ''", name="description"),
        CheckConstraint("measure IS NOT NULL OR target IS NULL", name="target_needs_measure"),
    )


def _dose_rule(*names: str) -> str:
    return " AND ".join(f"({name} IS NULL OR {name} BETWEEN 1 AND {DOSE_LIMIT})" for name in names)


HOMECARE_DOSE_RULE = _dose_rule(
    "hold_seconds", "repetitions", "sets", "times_a_day", "days_a_week", "weeks"
)


class HomeCareItem(Base):
    """One home-care item of a plan: the library key and a snapshot of its text, the dose
    set for this patient, and any caution printed with it."""

    __tablename__ = "home_care_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[HomeCareKind] = mapped_column(vocab_type(HomeCareKind, "kind"))
    library_key: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    stop_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    illustration: Mapped[str | None] = mapped_column(String(100))
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    repetitions: Mapped[int | None] = mapped_column(Integer)
    sets: Mapped[int | None] = mapped_column(Integer)
    times_a_day: Mapped[int | None] = mapped_column(Integer)
    days_a_week: Mapped[int | None] = mapped_column(Integer)
    weeks: Mapped[int | None] = mapped_column(Integer)
    each_side: Mapped[bool] = mapped_column(Boolean, default=False)
    caution: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("plan_id", "position", name="uq_home_care_items_plan_position"),
        CheckConstraint("title <> ''", name="title"),
        CheckConstraint(HOMECARE_DOSE_RULE, name="dose"),
        CheckConstraint("days_a_week IS NULL OR days_a_week <= 7", name="days_a_week"),
    )


class HomeCareLibraryRow(Timestamped, Base):
    """The clinic's own home-care item (new, or its version of a shipped item's key)."""

    __tablename__ = "homecare_library_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[HomeCareKind] = mapped_column(vocab_type(HomeCareKind, "kind"))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    stop_rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    illustration: Mapped[str | None] = mapped_column(String(100))
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    repetitions: Mapped[int | None] = mapped_column(Integer)
    times_a_day: Mapped[int | None] = mapped_column(Integer)
    weeks: Mapped[int | None] = mapped_column(Integer)
    each_side: Mapped[bool] = mapped_column(Boolean, default=False)
    caution: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    updated_by_name: Mapped[str] = mapped_column(String(200))
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        CheckConstraint("title <> ''", name="title"),
        CheckConstraint(
            _dose_rule("hold_seconds", "repetitions", "times_a_day", "weeks"), name="dose"
        ),  # fmt: skip
    )


class PlanIssue(Base):
    """A handout given to the patient: when, by whom, what was printed and its SHA-256.

    Append-only: a plan edited later never changes what the record says was handed over.
    """

    __tablename__ = "plan_issues"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    issued_by_name: Mapped[str] = mapped_column(String(200))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256"),
        CheckConstraint("issued_by_name <> ''", name="issued_by_name"),
    )
