"""Outcome measures: rating scales and questionnaires, with the item answers kept."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, UTCDateTime, utcnow
from wristcare.db.vocab import (
    SYMPTOM_SCALES,
    Instrument,
    KatzCategory,
    MeasureSide,
    ScoringRule,
    vocab_type,
)

IN_USE = text("entered_in_error_at IS NULL")
# The same text as migration 0005 wrote: "'nrs_pain', 'nrs_numbness', ...".
NRS_INSTRUMENTS = ", ".join(f"'{instrument}'" for instrument in SYMPTOM_SCALES)


class OutcomeMeasure(Base):
    __tablename__ = "outcome_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_sessions.id"))
    instrument: Mapped[Instrument] = mapped_column(vocab_type(Instrument, "instrument"))
    side: Mapped[MeasureSide] = mapped_column(vocab_type(MeasureSide, "side"))
    taken_on: Mapped[date] = mapped_column(Date)
    score: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    category: Mapped[KatzCategory | None] = mapped_column(vocab_type(KatzCategory, "category"))
    # How the score was derived, versioned, so it can be re-derived and exports say how.
    scoring_rule: Mapped[ScoringRule] = mapped_column(vocab_type(ScoringRule, "scoring_rule"))
    answers: Mapped[dict[str, Any]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), default=dict
    )
    # Groups the BCTQ's two scales answered at one sitting.
    administration_id: Mapped[str | None] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("practitioners.id"))
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Never deleted: a wrong entry is marked, with the reason.
    entered_in_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    entered_in_error_reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_outcome_measures_patient_instrument", "patient_id", "instrument", "taken_on"),
        # One score per session, instrument and side among the scores in use: a score
        # marked as entered in error leaves room for its correction (migration 0007).
        Index(
            "uq_outcome_measures_session_instrument",
            "session_id",
            "instrument",
            "side",
            unique=True,
            sqlite_where=IN_USE,
            postgresql_where=IN_USE,
        ),
        CheckConstraint("score IS NOT NULL OR category IS NOT NULL", name="score_or_category"),
        CheckConstraint(
            f"instrument NOT IN ({NRS_INSTRUMENTS}) OR (score >= 0 AND score <= 10)",
            name="nrs_range",
        ),
        CheckConstraint(
            "entered_in_error_at IS NULL OR entered_in_error_reason <> ''",
            name="error_reason",
        ),
        # A BCTQ mean on 1-5, or a sum labelled as one (SSS 11-55, FSS 8-40).
        CheckConstraint(
            "instrument NOT IN ('bctq_sss', 'bctq_fss')"
            " OR (scoring_rule = 'bctq_mean_v1' AND score >= 1 AND score <= 5)"
            " OR (scoring_rule = 'bctq_sum_v1' AND ((instrument = 'bctq_sss' AND score >= 11"
            " AND score <= 55) OR (instrument = 'bctq_fss' AND score >= 8 AND score <= 40)))",
            name="bctq_range",
        ),
        CheckConstraint(
            "instrument <> 'quickdash_external' OR (score >= 0 AND score <= 100)",
            name="quickdash_range",
        ),
        CheckConstraint("instrument <> 'katz' OR category IS NOT NULL", name="katz_category"),
    )
