"""the treatment record: signable session notes, electroacupuncture, signatures, outcomes

Revision ID: 0003
Revises: 0002

The session tables written ahead of the notes feature are rebuilt in the shape of
shared/records-model.md. Rows already stored (the demo filler wrote sessions) are kept:
the 0-10 scores become outcome measures of their session, text moves to its new column,
and anything without a structured home is appended to the note's free text.

Everything this migration needs is frozen here (vocabularies, the UTC timestamp type):
it never imports live application types.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class UTCDateTime(TypeDecorator[datetime]):
    """Frozen copy of wristcare.db.base.UTCDateTime as of this revision."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


SIDE = ("left", "right", "bilateral", "midline")
MEASURE_SIDE = ("left", "right", "bilateral", "none")
SESSION_STATUS = ("draft", "signed", "entered_in_error")
SEVERITY = ("mild", "moderate", "severe")
EXAM_TEST = (
    "phalen", "tinel", "carpal_compression", "two_point", "grip", "pinch_tip", "pinch_key",
    "pinch_palmar", "thenar_wasting", "thumb_abduction",
)  # fmt: skip
EXAM_RESULT = ("positive", "negative", "equivocal", "not_done")
ADVERSE_KIND = (
    "bruising", "bleeding", "needle_pain", "aggravation", "drowsiness", "fainting", "nausea",
    "infection", "pneumothorax", "retained_needle", "broken_needle", "burn",
    "device_interference", "other",
)  # fmt: skip
AMENDMENT_KIND = ("addendum", "correction", "entered_in_error")
SIGNED_ENTITY = ("session", "amendment")
NEEDLE_ANGLE = ("perpendicular", "oblique", "transverse")
WAVEFORM = ("continuous", "dense_disperse", "intermittent")
INSTRUMENT = (
    "nrs_pain", "nrs_numbness", "nrs_tingling", "nrs_weakness", "nrs_night_waking",
    "bctq_sss", "bctq_fss", "katz", "grip", "pinch_tip", "pinch_key", "pinch_palmar",
    "quickdash_external",
)  # fmt: skip
SCORING_RULE = ("nrs_0_10_v1", "bctq_mean_v1", "bctq_sum_v1", "katz_1990", "grip_mean3", "external")
KATZ = ("classic", "probable", "possible", "unlikely")
VOCAB_LENGTH = 40

OLD_SCORES = {
    "pain_score": "nrs_pain",
    "numbness_score": "nrs_numbness",
    "tingling_score": "nrs_tingling",
    "weakness_score": "nrs_weakness",
    "night_waking_score": "nrs_night_waking",
}
OLD_SIDES = {"left": "left", "right": "right", "both": "bilateral", "bilateral": "bilateral"}
GENESIS = "0" * 64
NEW_TABLES = (
    "signatures",
    "session_amendments",
    "outcome_measures",
    "adverse_events",
    "electro_channels",
    "needled_points",
    "exam_findings",
    "treatment_sessions",
)


def _vocab(table: str, column: str, values: Sequence[str], *, nullable: bool = False) -> list:
    """A vocabulary column and the CHECK that keeps it inside the vocabulary."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return [
        sa.Column(column, sa.Enum(*values, native_enum=False, create_constraint=False,
                                  length=VOCAB_LENGTH), nullable=nullable),
        sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{table}_{column}")),
    ]  # fmt: skip


def _check(table: str, name: str, rule: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(rule, name=op.f(f"ck_{table}_{name}"))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False)


def _create_new_tables() -> None:
    t = "treatment_sessions"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        *_vocab(t, "status", SESSION_STATUS),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_name", sa.String(200), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        _text("complaint"),
        *_vocab(t, "side", SIDE, nullable=True),
        sa.Column("digits_left", sa.Integer(), nullable=False),
        sa.Column("digits_right", sa.Integer(), nullable=False),
        _text("provoking"),
        _text("easing"),
        _text("subjective_notes"),
        _text("objective_notes"),
        _text("tongue_body"),
        _text("tongue_coating"),
        _text("tongue_shape"),
        _text("pulse_overall"),
        _text("pulse_left_cun"),
        _text("pulse_left_guan"),
        _text("pulse_left_chi"),
        _text("pulse_right_cun"),
        _text("pulse_right_guan"),
        _text("pulse_right_chi"),
        _text("pattern"),
        *_vocab(t, "severity", SEVERITY, nullable=True),
        _text("working_diagnosis"),
        _text("differentials"),
        _text("assessment_notes"),
        sa.Column("moxibustion", sa.Boolean(), nullable=False),
        sa.Column("cupping", sa.Boolean(), nullable=False),
        sa.Column("gua_sha", sa.Boolean(), nullable=False),
        sa.Column("tui_na", sa.Boolean(), nullable=False),
        sa.Column("heat_lamp", sa.Boolean(), nullable=False),
        _text("adjunct_notes"),
        sa.Column("needles_in", sa.Integer(), nullable=True),
        sa.Column("needles_out", sa.Integer(), nullable=True),
        _text("needle_search_outcome"),
        _text("response"),
        _text("advice"),
        sa.Column("next_appointment_on", sa.Date(), nullable=True),
        _text("plan_notes"),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_by_name", sa.String(200), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk(t, "patient_id", "patients"),
        _fk(t, "plan_id", "treatment_plans"),
        _fk(t, "practitioner_id", "practitioners"),
        _fk(t, "signed_by_id", "practitioners"),
        _check(t, "digits_left", "digits_left BETWEEN 0 AND 31"),
        _check(t, "digits_right", "digits_right BETWEEN 0 AND 31"),
        _check(t, "duration", "duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND 600"),
        _check(t, "needles_in", "needles_in IS NULL OR needles_in >= 0"),
        _check(t, "needles_out", "needles_out IS NULL OR needles_out >= 0"),
        _check(
            t,
            "needle_count",
            "status = 'draft' OR (needles_in IS NOT NULL AND needles_out IS NOT NULL AND "
            "(needles_in = needles_out OR needle_search_outcome <> ''))",
        ),
        _check(
            t,
            "signer",
            "status = 'draft' OR (signed_at IS NOT NULL AND signed_by_id IS NOT NULL "
            "AND signed_by_name <> '')",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_sessions")),
    )
    op.create_index("ix_treatment_sessions_patient_started", t, ["patient_id", "started_at"])
    op.create_index("ix_treatment_sessions_status_date", t, ["status", "local_date"])
    op.create_index("ix_treatment_sessions_local_date", t, ["local_date"])

    t = "exam_findings"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        *_vocab(t, "test", EXAM_TEST),
        *_vocab(t, "side", SIDE),
        *_vocab(t, "result", EXAM_RESULT, nullable=True),
        sa.Column("digit", sa.Integer(), nullable=True),
        sa.Column("two_point_mm", sa.Integer(), nullable=True),
        sa.Column("trial_1", sa.Integer(), nullable=True),
        sa.Column("trial_2", sa.Integer(), nullable=True),
        sa.Column("trial_3", sa.Integer(), nullable=True),
        sa.Column("seconds_to_symptoms", sa.Integer(), nullable=True),
        _text("note"),
        _fk(t, "session_id", "treatment_sessions"),
        _check(t, "digit", "digit IS NULL OR digit BETWEEN 1 AND 5"),
        _check(t, "two_point", "two_point_mm IS NULL OR two_point_mm BETWEEN 1 AND 30"),
        _check(
            t,
            "trials",
            "(trial_1 IS NULL OR trial_1 >= 0) AND (trial_2 IS NULL OR trial_2 >= 0) "
            "AND (trial_3 IS NULL OR trial_3 >= 0)",
        ),
        _check(
            t, "seconds", "seconds_to_symptoms IS NULL OR seconds_to_symptoms BETWEEN 0 AND 600"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_findings")),
    )
    op.create_index(op.f("ix_exam_findings_session_id"), t, ["session_id"])

    t = "needled_points"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("acupoint_id", sa.Integer(), nullable=True),
        sa.Column("point_code", sa.String(40), nullable=True),
        sa.Column("site", sa.String(200), nullable=True),
        *_vocab(t, "side", SIDE),
        sa.Column("needles", sa.Integer(), nullable=False),
        sa.Column("gauge_hundredths_mm", sa.Integer(), nullable=True),
        sa.Column("length_mm", sa.Integer(), nullable=True),
        sa.Column("depth_tenths_mm", sa.Integer(), nullable=True),
        *_vocab(t, "angle", NEEDLE_ANGLE, nullable=True),
        sa.Column("technique", sa.String(200), nullable=False),
        sa.Column("de_qi", sa.Boolean(), nullable=True),
        sa.Column("retention_minutes", sa.Integer(), nullable=True),
        _text("note"),
        _fk(t, "session_id", "treatment_sessions"),
        _fk(t, "acupoint_id", "acupoints"),
        sa.UniqueConstraint("session_id", "position", name="uq_needled_points_session_position"),
        _check(
            t,
            "point_or_site",
            "(acupoint_id IS NOT NULL AND point_code IS NOT NULL AND site IS NULL) OR "
            "(acupoint_id IS NULL AND point_code IS NULL AND site IS NOT NULL AND site <> '')",
        ),
        _check(t, "needles", "needles BETWEEN 1 AND 20"),
        _check(t, "gauge", "gauge_hundredths_mm IS NULL OR gauge_hundredths_mm BETWEEN 10 AND 60"),
        _check(t, "length", "length_mm IS NULL OR length_mm BETWEEN 3 AND 200"),
        _check(t, "depth", "depth_tenths_mm IS NULL OR depth_tenths_mm BETWEEN 0 AND 1500"),
        _check(t, "retention", "retention_minutes IS NULL OR retention_minutes BETWEEN 0 AND 180"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needled_points")),
    )
    op.create_index(op.f("ix_needled_points_session_id"), t, ["session_id"])

    t = "electro_channels"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.Integer(), nullable=False),
        sa.Column("point_a_id", sa.Integer(), nullable=False),
        sa.Column("point_b_id", sa.Integer(), nullable=False),
        *_vocab(t, "waveform", WAVEFORM),
        sa.Column("frequency_low_hz", sa.Integer(), nullable=False),
        sa.Column("frequency_high_hz", sa.Integer(), nullable=True),
        sa.Column("intensity_tenths_ma", sa.Integer(), nullable=True),
        sa.Column("to_tolerance", sa.Boolean(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        _fk(t, "session_id", "treatment_sessions"),
        _fk(t, "point_a_id", "needled_points"),
        _fk(t, "point_b_id", "needled_points"),
        sa.UniqueConstraint("session_id", "channel", name="uq_electro_channels_session_channel"),
        _check(t, "channel", "channel BETWEEN 1 AND 12"),
        _check(t, "two_points", "point_a_id <> point_b_id"),
        _check(t, "frequency_low", "frequency_low_hz BETWEEN 1 AND 200"),
        _check(
            t,
            "frequency_high",
            "frequency_high_hz IS NULL OR frequency_high_hz BETWEEN frequency_low_hz AND 200",
        ),
        _check(
            t, "intensity", "intensity_tenths_ma IS NULL OR intensity_tenths_ma BETWEEN 0 AND 500"
        ),
        _check(t, "dose", "NOT (to_tolerance AND intensity_tenths_ma IS NOT NULL)"),
        _check(t, "minutes", "minutes BETWEEN 1 AND 180"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_electro_channels")),
    )
    op.create_index(op.f("ix_electro_channels_session_id"), t, ["session_id"])

    t = "adverse_events"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        *_vocab(t, "kind", ADVERSE_KIND),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        *_vocab(t, "severity", SEVERITY, nullable=True),
        sa.Column("serious", sa.Boolean(), nullable=False),
        _text("description"),
        _text("action_taken"),
        _text("follow_up"),
        _fk(t, "session_id", "treatment_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adverse_events")),
    )
    op.create_index(op.f("ix_adverse_events_session_id"), t, ["session_id"])

    t = "session_amendments"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        *_vocab(t, "kind", AMENDMENT_KIND),
        _text("text"),
        sa.Column("field", sa.String(60), nullable=False),
        _text("old_value"),
        _text("new_value"),
        _text("reason"),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk(t, "session_id", "treatment_sessions"),
        _fk(t, "author_id", "practitioners"),
        _check(t, "addendum_text", "kind <> 'addendum' OR text <> ''"),
        _check(t, "correction_field", "kind <> 'correction' OR field <> ''"),
        _check(t, "reason", "kind = 'addendum' OR reason <> ''"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_amendments")),
    )
    op.create_index(op.f("ix_session_amendments_session_id"), t, ["session_id"])

    t = "outcome_measures"
    nrs = ", ".join(f"'{value}'" for value in INSTRUMENT if value.startswith("nrs_"))
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        *_vocab(t, "instrument", INSTRUMENT),
        *_vocab(t, "side", MEASURE_SIDE),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Numeric(8, 2), nullable=True),
        *_vocab(t, "category", KATZ, nullable=True),
        *_vocab(t, "scoring_rule", SCORING_RULE),
        sa.Column(
            "answers",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("administration_id", sa.String(36), nullable=True),
        _text("source"),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_by_name", sa.String(200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("entered_in_error_at", UTCDateTime(), nullable=True),
        _text("entered_in_error_reason"),
        _fk(t, "patient_id", "patients"),
        _fk(t, "session_id", "treatment_sessions"),
        _fk(t, "recorded_by_id", "practitioners"),
        sa.UniqueConstraint(
            "session_id", "instrument", "side", name="uq_outcome_measures_session_instrument"
        ),
        _check(t, "score_or_category", "score IS NOT NULL OR category IS NOT NULL"),
        _check(t, "nrs_range", f"instrument NOT IN ({nrs}) OR (score >= 0 AND score <= 10)"),
        _check(t, "error_reason", "entered_in_error_at IS NULL OR entered_in_error_reason <> ''"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_measures")),
    )
    op.create_index(
        "ix_outcome_measures_patient_instrument", t, ["patient_id", "instrument", "taken_on"]
    )

    t = "signatures"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        *_vocab(t, "entity", SIGNED_ENTITY),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=False),
        sa.Column("signer_name", sa.String(200), nullable=False),
        sa.Column("signed_at", UTCDateTime(), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("previous_hash", sa.String(64), nullable=False),
        sa.Column("chain_hash", sa.String(64), nullable=False),
        _fk(t, "patient_id", "patients"),
        _fk(t, "signer_id", "practitioners"),
        sa.UniqueConstraint("patient_id", "seq", name="uq_signatures_patient_seq"),
        sa.UniqueConstraint("patient_id", "previous_hash", name="uq_signatures_patient_previous"),
        sa.UniqueConstraint("entity", "entity_id", name="uq_signatures_entity"),
        _check(t, "seq", "seq >= 1"),
        _check(
            t,
            "hashes",
            "length(content_hash) = 64 AND length(previous_hash) = 64 AND length(chain_hash) = 64",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
    )


# --- carrying the old rows over -------------------------------------------------------


def _rows(table: str) -> list[dict[str, Any]]:
    result = op.get_bind().execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))
    return [dict(row._mapping) for row in result]


def _instant(value: Any) -> datetime | None:
    """An old UTC timestamp as read back raw (SQLite gives text, PostgreSQL datetimes)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _legacy_practitioner() -> int:
    """The practitioner that old rows without one are attributed to.

    The first practitioner record if there is one; otherwise a record named for what it
    is. Any NOT NULL column a later revision may have added is given a neutral value, so
    this works whatever the practitioners table looks like when this revision runs.
    """
    bind = op.get_bind()
    existing = bind.execute(sa.text("SELECT min(id) FROM practitioners")).scalar()
    if existing is not None:
        return int(existing)
    table = sa.Table("practitioners", sa.MetaData(), autoload_with=bind)
    now = datetime.now(UTC)
    values: dict[str, Any] = {"name": "Practitioner not recorded (notes written before 0003)"}
    for column in table.columns:
        if column.primary_key or column.name in values:
            continue
        if column.nullable or column.server_default is not None:
            continue
        python_type = _python_type(column.type)
        if python_type is bool:
            values[column.name] = column.name == "active"
        elif python_type is int:
            values[column.name] = 0
        elif python_type is datetime:
            values[column.name] = now
        elif python_type is date:
            values[column.name] = now.date()
        else:
            values[column.name] = ""
    key = bind.execute(table.insert().values(**values)).inserted_primary_key
    assert key is not None  # a one-row insert always has its new key
    return int(key[0])


def _python_type(column_type: sa.types.TypeEngine) -> type:
    try:
        return column_type.python_type
    except NotImplementedError:
        return str


def _text_block(label: str, value: Any) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    return f"{label}: {value}" if value not in (None, "") else ""


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _carry_sessions(old: list[dict[str, Any]], practitioner_id: int) -> None:
    bind = op.get_bind()
    names: dict[int, str] = dict(bind.execute(sa.text("SELECT id, name FROM practitioners")).all())
    sessions = []
    measures = []
    for row in old:
        started = _instant(row["started_at"])
        assert started is not None
        # The clinic's zone was not stored before this revision: UTC is the honest choice.
        local_date = started.date()
        who = row["practitioner_id"] or practitioner_id
        side = OLD_SIDES.get((row["side"] or "").strip().lower())
        extra_subjective = _joined(
            _text_block("Side (as written before the upgrade)", row["side"] if not side else ""),
            _text_block("Digits affected (as written before the upgrade)", row["digits_affected"]),
        )
        status = row["status"] if row["status"] in SESSION_STATUS else "draft"
        signed_at = _instant(row["signed_at"])
        signer_name = row["signed_by"] or ""
        if status != "draft" and (signed_at is None or not signer_name):
            status = "draft"
        needles_in, needles_out = row["needles_in"], row["needles_out"]
        search = row["needle_count_resolution"] or ""
        if status != "draft" and (
            needles_in is None or needles_out is None or (needles_in != needles_out and not search)
        ):
            search = search or "Not recorded (note written before WristCare recorded the search)"
            needles_in = needles_in if needles_in is not None else 0
            needles_out = needles_out if needles_out is not None else needles_in
        sessions.append(
            {
                "id": row["id"],
                "patient_id": row["patient_id"],
                "plan_id": row["plan_id"],
                "status": status,
                "practitioner_id": who,
                "practitioner_name": names.get(who, ""),
                "started_at": started,
                "local_date": local_date,
                "tz": "UTC",
                "duration_minutes": row["duration_minutes"],
                "complaint": row["complaint"] or "",
                "side": side,
                "digits_left": 0,
                "digits_right": 0,
                "provoking": "",
                "easing": "",
                "subjective_notes": _joined(row["subjective_notes"] or "", extra_subjective),
                "objective_notes": row["objective_notes"] or "",
                "tongue_body": row["tongue"] or "",
                "tongue_coating": "",
                "tongue_shape": "",
                "pulse_overall": row["pulse"] or "",
                **{
                    f"pulse_{hand}_{place}": ""
                    for hand in ("left", "right")
                    for place in ("cun", "guan", "chi")
                },
                "pattern": row["pattern"] or "",
                "severity": None,
                "working_diagnosis": "",
                "differentials": "",
                "assessment_notes": row["assessment_notes"] or "",
                "moxibustion": False,
                "cupping": False,
                "gua_sha": False,
                "tui_na": False,
                "heat_lamp": False,
                "adjunct_notes": row["adjuncts"] or "",
                "needles_in": needles_in,
                "needles_out": needles_out,
                "needle_search_outcome": search,
                "response": row["patient_reaction"] or "",
                "advice": row["advice"] or "",
                "next_appointment_on": None,
                "plan_notes": row["next_step"] or "",
                "signed_at": signed_at if status != "draft" else None,
                "signed_by_id": who if status != "draft" else None,
                "signed_by_name": signer_name if status != "draft" else "",
                "version_id": row["version_id"] or 1,
                "created_at": _instant(row["created_at"]),
                "updated_at": _instant(row["updated_at"]),
            }
        )
        for column, instrument in OLD_SCORES.items():
            score = row[column]
            if score is None:
                continue
            measures.append(
                {
                    "patient_id": row["patient_id"],
                    "session_id": row["id"],
                    "instrument": instrument,
                    "side": "none",
                    "taken_on": local_date,
                    "score": max(0, min(10, int(score))),
                    "category": None,
                    "scoring_rule": "nrs_0_10_v1",
                    "answers": {},
                    "administration_id": None,
                    "source": "",
                    "recorded_by_id": who,
                    "recorded_by_name": names.get(who, ""),
                    "recorded_at": _instant(row["created_at"]) or started,
                    "entered_in_error_at": None,
                    "entered_in_error_reason": "",
                }
            )
    _insert("treatment_sessions", sessions)
    _insert("outcome_measures", measures)


def _carry_points(old: list[dict[str, Any]], sessions: dict[int, dict[str, Any]]) -> None:
    rows = []
    positions: dict[int, set[int]] = {}
    for row in old:
        used = positions.setdefault(row["session_id"], set())
        position = row["position"] or 0
        while position in used:
            position += 1
        used.add(position)
        session_side = OLD_SIDES.get((sessions[row["session_id"]]["side"] or "").lower())
        side = OLD_SIDES.get((row["side"] or "").lower()) or (
            "midline" if (row["side"] or "").lower() == "midline" else None
        )
        notes = [row["note"] or ""]
        if side is None:
            side = session_side or "bilateral"
            notes.append(_text_block("Side (as written before the upgrade)", row["side"] or "—"))
        code = None
        if row["acupoint_id"] is not None:
            code = (
                op.get_bind()
                .execute(
                    sa.text("SELECT coalesce(code, pinyin) FROM acupoints WHERE id = :id"),
                    {"id": row["acupoint_id"]},
                )
                .scalar()
            )
        site = None if row["acupoint_id"] is not None else (row["site"] or "Site not recorded")
        if row["acupoint_id"] is not None and row["site"]:
            notes.append(_text_block("Site", row["site"]))
        electro = _joined(
            _text_block("pair with", row["electro_pair_with"]),
            _text_block("Hz", row["electro_frequency_hz"]),
            _text_block("waveform", row["electro_waveform"]),
            _text_block("intensity", row["electro_intensity"]),
            _text_block("minutes", row["electro_minutes"]),
        )
        if electro:
            notes.append("Electroacupuncture (as written before the upgrade): " + electro)
        gauge = _scaled(row["gauge_mm"], 100, 10, 60)
        length = _scaled(row["length_mm"], 1, 3, 200)
        depth = _scaled(row["depth_mm"], 10, 0, 1500)
        for label, value, kept in (
            ("gauge mm", row["gauge_mm"], gauge),
            ("length mm", row["length_mm"], length),
            ("depth mm", row["depth_mm"], depth),
        ):
            if value is not None and kept is None:
                notes.append(f"{label} (as written before the upgrade): {value}")
        angle = (row["angle"] or "").strip().lower()
        if angle and angle not in NEEDLE_ANGLE:
            notes.append(_text_block("Angle", row["angle"]))
        retention = row["retention_minutes"]
        rows.append(
            {
                "id": row["id"],
                "session_id": row["session_id"],
                "position": position,
                "acupoint_id": row["acupoint_id"] if code is not None else None,
                "point_code": code,
                "site": site if code is None else None,
                "side": side,
                "needles": 1,
                "gauge_hundredths_mm": gauge,
                "length_mm": length,
                "depth_tenths_mm": depth,
                "angle": angle if angle in NEEDLE_ANGLE else None,
                "technique": row["technique"] or "",
                "de_qi": row["de_qi"],
                "retention_minutes": retention if retention is None or 0 <= retention <= 180
                else None,
                "note": _joined(*notes),
            }
        )  # fmt: skip
    _insert("needled_points", rows)


def _scaled(value: Any, factor: int, low: int, high: int) -> int | None:
    if value is None:
        return None
    scaled = round(float(value) * factor)
    return scaled if low <= scaled <= high else None


def _carry_findings(old: list[dict[str, Any]], sessions: dict[int, dict[str, Any]]) -> None:
    rows = []
    aliases = {"durkan": "carpal_compression", "two_point_discrimination": "two_point"}
    for row in old:
        test = aliases.get(row["test"], row["test"])
        side = OLD_SIDES.get((row["side"] or "").lower())
        result = row["result"] if row["result"] in EXAM_RESULT else None
        if test not in EXAM_TEST or side is None:
            # No structured home: keep it, word for word, in the objective notes.
            text = ", ".join(
                f"{key} {row[key]}"
                for key in ("test", "side", "result", "value", "unit", "seconds_to_symptoms")
                if row[key] not in (None, "")
            )
            session = sessions[row["session_id"]]
            session["objective_notes"] = _joined(
                session["objective_notes"], f"Finding (as written before the upgrade): {text}"
            )
            continue
        value, unit = row["value"], (row["unit"] or "").lower()
        note = row["note"] or ""
        two_point = trial = None
        if value is not None and unit == "mm" and test == "two_point":
            two_point = _scaled(value, 1, 1, 30)
        elif value is not None and unit == "kg":
            trial = _scaled(value, 10, 0, 10_000)
        if value is not None and two_point is None and trial is None:
            note = _joined(note, f"Value (as written before the upgrade): {value} {unit}".strip())
        seconds = row["seconds_to_symptoms"]
        rows.append(
            {
                "id": row["id"],
                "session_id": row["session_id"],
                "test": test,
                "side": side,
                "result": result,
                "digit": None,
                "two_point_mm": two_point,
                "trial_1": trial,
                "trial_2": None,
                "trial_3": None,
                "seconds_to_symptoms": seconds if seconds is None or 0 <= seconds <= 600
                else None,
                "note": note,
            }
        )  # fmt: skip
    _insert("exam_findings", rows)


def _carry_events(old: list[dict[str, Any]], sessions: dict[int, dict[str, Any]]) -> None:
    rows = []
    for row in old:
        kind = row["kind"] if row["kind"] in ADVERSE_KIND else "other"
        description = row["description"] or ""
        if kind != row["kind"]:
            description = _joined(
                f"Kind (as written before the upgrade): {row['kind']}", description
            )
        rows.append(
            {
                "id": row["id"],
                "session_id": row["session_id"],
                "kind": kind,
                "occurred_at": sessions[row["session_id"]]["started_at"],
                "severity": None,
                "serious": bool(row["serious"]),
                "description": description,
                "action_taken": row["action_taken"] or "",
                "follow_up": "",
            }
        )
    _insert("adverse_events", rows)


def _carry_amendments(old: list[dict[str, Any]], sessions: dict[int, dict[str, Any]]) -> None:
    rows = []
    for row in old:
        kind = row["kind"] if row["kind"] in AMENDMENT_KIND else "addendum"
        text = row["text"] or ""
        reason = row["reason"] or ""
        if kind == "addendum" and not text:
            text = reason or "(empty addendum written before the upgrade)"
        if kind != "addendum" and not reason:
            reason = "Not recorded (written before the upgrade)"
        if kind == "correction":
            kind, text = "addendum", text or reason
        session = sessions[row["session_id"]]
        rows.append(
            {
                "id": row["id"],
                "session_id": row["session_id"],
                "kind": kind,
                "text": _joined(text, _text_block("Author (as written before the upgrade)",
                                                  row["author"])),
                "field": "",
                "old_value": "",
                "new_value": "",
                "reason": reason,
                "author_id": session["practitioner_id"],
                "author_name": row["author"] or session["practitioner_name"],
                "created_at": _instant(row["created_at"]),
            }
        )  # fmt: skip
    _insert("session_amendments", rows)


def _carry_measures(old: list[dict[str, Any]], practitioner_id: int) -> None:
    bind = op.get_bind()
    name = bind.execute(
        sa.text("SELECT name FROM practitioners WHERE id = :id"), {"id": practitioner_id}
    ).scalar()
    taken = {
        (row["session_id"], row["instrument"], row["side"])
        for row in bind.execute(
            sa.text("SELECT session_id, instrument, side FROM outcome_measures")
        ).mappings()
    }
    rows = []
    for row in old:
        instrument = row["instrument"] if row["instrument"] in INSTRUMENT else "quickdash_external"
        side = MEASURE_SIDE[:3][("left", "right", "both").index(row["side"])] if row["side"] in (
            "left", "right", "both") else "none"  # fmt: skip
        if row["session_id"] is not None and (row["session_id"], instrument, side) in taken:
            continue
        taken.add((row["session_id"], instrument, side))
        method = (row["score_method"] or "").lower()
        rule = {"mean": "bctq_mean_v1", "sum": "bctq_sum_v1"}.get(method, "external")
        if instrument.startswith("nrs_"):
            rule = "nrs_0_10_v1"
        score = row["score"]
        if score is None:
            # 0001 could store a measure without a score; 0003 cannot (CHECK). None were
            # ever written (only the demo filler wrote, and it wrote no measures).
            continue
        source = row["source"] or ""
        if instrument != row["instrument"]:
            source = _joined(
                source, f"Instrument (as written before the upgrade): {row['instrument']}"
            )
        rows.append(
            {
                "patient_id": row["patient_id"],
                "session_id": row["session_id"],
                "instrument": instrument,
                "side": side,
                "taken_on": _day(row["taken_on"]),
                "score": round(float(score), 2),
                "category": None,
                "scoring_rule": rule,
                "answers": row["answers"] if isinstance(row["answers"], dict) else {},
                "administration_id": None,
                "source": source,
                "recorded_by_id": practitioner_id,
                "recorded_by_name": name or "",
                "recorded_at": _instant(row["recorded_at"]),
                "entered_in_error_at": None,
                "entered_in_error_reason": "",
            }
        )
    _insert("outcome_measures", rows)


def _insert(table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    target = sa.Table(table, sa.MetaData(), autoload_with=op.get_bind())
    # Reflected timestamp columns are plain DateTime: store UTC the way UTCDateTime does.
    for column in target.columns:
        if isinstance(column.type, sa.DateTime):
            column.type = UTCDateTime()
        if isinstance(column.type, sa.JSON) or column.name == "answers":
            column.type = sa.JSON()
    op.get_bind().execute(target.insert(), rows)
    if op.get_bind().dialect.name == "postgresql" and "id" in rows[0]:
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )


def upgrade() -> None:
    old = {
        table: _rows(table)
        for table in (
            "treatment_sessions",
            "needled_points",
            "exam_findings",
            "adverse_events",
            "session_amendments",
            "outcome_measures",
        )
    }
    for table in (
        "session_amendments",
        "outcome_measures",
        "adverse_events",
        "needled_points",
        "exam_findings",
        "treatment_sessions",
    ):
        op.drop_table(table)
    _create_new_tables()

    practitioner_id = (
        _legacy_practitioner()
        if any(row["practitioner_id"] is None for row in old["treatment_sessions"])
        or old["outcome_measures"]
        else 0
    )
    old_sessions = {row["id"]: row for row in old["treatment_sessions"]}
    _carry_sessions(old["treatment_sessions"], practitioner_id)
    written = {row["id"]: row for row in _rows("treatment_sessions")}
    for row in written.values():
        row["started_at"] = _instant(row["started_at"])
    _carry_points(old["needled_points"], old_sessions)
    # Findings without a structured home are appended to their note's objective notes.
    _carry_findings(old["exam_findings"], written)
    for session_id, row in written.items():
        if row["objective_notes"] != (old_sessions[session_id]["objective_notes"] or ""):
            op.get_bind().execute(
                sa.text("UPDATE treatment_sessions SET objective_notes = :notes WHERE id = :id"),
                {"notes": row["objective_notes"], "id": session_id},
            )
    _carry_events(old["adverse_events"], written)
    _carry_amendments(old["session_amendments"], written)
    _carry_measures(old["outcome_measures"], practitioner_id)


# --- downgrade: back to 0001's shape, keeping what 0001 can hold ----------------------


def _create_old_tables() -> None:
    op.create_table(
        "treatment_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("practitioner_id", sa.Integer(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("complaint", sa.Text(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("pain_score", sa.Integer(), nullable=True),
        sa.Column("numbness_score", sa.Integer(), nullable=True),
        sa.Column("tingling_score", sa.Integer(), nullable=True),
        sa.Column("weakness_score", sa.Integer(), nullable=True),
        sa.Column("night_waking_score", sa.Integer(), nullable=True),
        sa.Column("digits_affected", sa.String(length=100), nullable=False),
        sa.Column("subjective_notes", sa.Text(), nullable=False),
        sa.Column("objective_notes", sa.Text(), nullable=False),
        sa.Column("tongue", sa.Text(), nullable=False),
        sa.Column("pulse", sa.Text(), nullable=False),
        sa.Column("pattern", sa.Text(), nullable=False),
        sa.Column("assessment_notes", sa.Text(), nullable=False),
        sa.Column("adjuncts", sa.Text(), nullable=False),
        sa.Column("needles_in", sa.Integer(), nullable=True),
        sa.Column("needles_out", sa.Integer(), nullable=True),
        sa.Column("needle_count_resolution", sa.Text(), nullable=False),
        sa.Column("patient_reaction", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("next_step", sa.Text(), nullable=False),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk("treatment_sessions", "patient_id", "patients"),
        _fk("treatment_sessions", "plan_id", "treatment_plans"),
        _fk("treatment_sessions", "practitioner_id", "practitioners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_sessions")),
    )
    op.create_index(
        "ix_treatment_sessions_patient_started", "treatment_sessions", ["patient_id", "started_at"]
    )
    op.create_table(
        "adverse_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("serious", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        _fk("adverse_events", "session_id", "treatment_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adverse_events")),
    )
    op.create_index(op.f("ix_adverse_events_session_id"), "adverse_events", ["session_id"])
    op.create_table(
        "exam_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("test", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("seconds_to_symptoms", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("exam_findings", "session_id", "treatment_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_findings")),
    )
    op.create_index(op.f("ix_exam_findings_session_id"), "exam_findings", ["session_id"])
    op.create_table(
        "needled_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("acupoint_id", sa.Integer(), nullable=True),
        sa.Column("site", sa.String(length=200), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("gauge_mm", sa.Float(), nullable=True),
        sa.Column("length_mm", sa.Float(), nullable=True),
        sa.Column("depth_mm", sa.Float(), nullable=True),
        sa.Column("angle", sa.String(length=40), nullable=False),
        sa.Column("technique", sa.String(length=200), nullable=False),
        sa.Column("de_qi", sa.Boolean(), nullable=True),
        sa.Column("retention_minutes", sa.Integer(), nullable=True),
        sa.Column("electro_pair_with", sa.String(length=20), nullable=False),
        sa.Column("electro_frequency_hz", sa.Float(), nullable=True),
        sa.Column("electro_waveform", sa.String(length=40), nullable=False),
        sa.Column("electro_intensity", sa.String(length=40), nullable=False),
        sa.Column("electro_minutes", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        _fk("needled_points", "acupoint_id", "acupoints"),
        _fk("needled_points", "session_id", "treatment_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needled_points")),
    )
    op.create_index(op.f("ix_needled_points_session_id"), "needled_points", ["session_id"])
    op.create_table(
        "outcome_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("instrument", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("score_method", sa.String(length=20), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        _fk("outcome_measures", "patient_id", "patients"),
        _fk("outcome_measures", "session_id", "treatment_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_measures")),
    )
    op.create_index(
        "ix_outcome_measures_patient_instrument",
        "outcome_measures",
        ["patient_id", "instrument", "taken_on"],
    )
    op.create_table(
        "session_amendments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        _fk("session_amendments", "session_id", "treatment_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_amendments")),
    )
    op.create_index(op.f("ix_session_amendments_session_id"), "session_amendments", ["session_id"])


def downgrade() -> None:
    # 0001 cannot hold signatures, channels or the structured fields: the session's text
    # and its 0-10 scores are carried back; the rest is dropped with its tables.
    sessions = _rows("treatment_sessions")
    scores: dict[int, dict[str, Any]] = {}
    for row in _rows("outcome_measures"):
        if row["session_id"] is not None and row["instrument"] in OLD_SCORES.values():
            scores.setdefault(row["session_id"], {})[row["instrument"]] = row["score"]
    for table in NEW_TABLES:
        op.drop_table(table)
    _create_old_tables()
    back = {value: key for key, value in OLD_SCORES.items()}
    rows = []
    for row in sessions:
        signed = row["status"] != "draft"
        rows.append(
            {
                "id": row["id"],
                "patient_id": row["patient_id"],
                "plan_id": row["plan_id"],
                "practitioner_id": row["practitioner_id"],
                "started_at": _instant(row["started_at"]),
                "duration_minutes": row["duration_minutes"],
                "status": "signed" if signed else "draft",
                "complaint": row["complaint"],
                "side": {"bilateral": "both"}.get(row["side"] or "", row["side"] or ""),
                **{back[k]: int(v) for k, v in scores.get(row["id"], {}).items()},
                "digits_affected": "",
                "subjective_notes": row["subjective_notes"],
                "objective_notes": row["objective_notes"],
                "tongue": row["tongue_body"],
                "pulse": row["pulse_overall"],
                "pattern": row["pattern"],
                "assessment_notes": row["assessment_notes"],
                "adjuncts": row["adjunct_notes"],
                "needles_in": row["needles_in"],
                "needles_out": row["needles_out"],
                "needle_count_resolution": row["needle_search_outcome"],
                "patient_reaction": row["response"],
                "advice": row["advice"],
                "next_step": row["plan_notes"],
                "signed_at": _instant(row["signed_at"]),
                "signed_by": row["signed_by_name"],
                "content_hash": "",
                "previous_hash": "",
                "version_id": row["version_id"],
                "created_at": _instant(row["created_at"]),
                "updated_at": _instant(row["updated_at"]),
            }
        )
    for row in rows:
        for column in back.values():
            row.setdefault(column, None)
    _insert("treatment_sessions", rows)
