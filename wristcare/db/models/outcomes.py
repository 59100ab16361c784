"""Outcome measures: rating scales and questionnaires, with the item answers kept."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, UTCDateTime, utcnow


class OutcomeMeasure(Base):
    __tablename__ = "outcome_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    # nrs_pain, nrs_numbness, ..., bctq_sss, bctq_fss, katz, grip, quickdash_external
    instrument: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(10), default="")
    taken_on: Mapped[date] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    # "mean" or "sum" for the BCTQ, which papers report both ways.
    score_method: Mapped[str] = mapped_column(String(20), default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        Index("ix_outcome_measures_patient_instrument", "patient_id", "instrument", "taken_on"),
    )
