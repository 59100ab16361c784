"""Treatment plans with measurable goals and the home-care programme."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wristcare.db.base import Base, Timestamped

if TYPE_CHECKING:
    from wristcare.db.models.patients import Patient


class TreatmentPlan(Timestamped, Base):
    __tablename__ = "treatment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    problem: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    started_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date)
    schedule: Mapped[str] = mapped_column(Text, default="")
    planned_sessions: Mapped[int | None] = mapped_column(Integer)
    point_protocol: Mapped[str] = mapped_column(Text, default="")
    self_massage: Mapped[str] = mapped_column(Text, default="")
    ergonomic_advice: Mapped[str] = mapped_column(Text, default="")
    supplement_notes: Mapped[str] = mapped_column(Text, default="")
    when_to_seek_care: Mapped[str] = mapped_column(Text, default="")
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship()
    goals: Mapped[list[PlanGoal]] = relationship(cascade="all, delete-orphan")
    home_care: Mapped[list[HomeCareItem]] = relationship(
        cascade="all, delete-orphan", order_by="HomeCareItem.position"
    )

    __mapper_args__ = {"version_id_col": version_id}


class PlanGoal(Base):
    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(40), default="")
    target_value: Mapped[float | None] = mapped_column(Float)
    target_on: Mapped[date | None] = mapped_column(Date)
    achieved_on: Mapped[date | None] = mapped_column(Date)


class HomeCareItem(Base):
    __tablename__ = "home_care_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    exercise_id: Mapped[int | None] = mapped_column(ForeignKey("exercises.id"))
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    repetitions: Mapped[int | None] = mapped_column(Integer)
    times_per_day: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
