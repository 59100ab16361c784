"""treatment plans: phases, planned points, measurable goals, home care, handouts given

Revision ID: 0004
Revises: 0003

The plan tables written ahead of the plans feature are rebuilt in the shape of
shared/records-model.md, and the clinic's own home-care items and the record of each
handout given (plan_issues) are added. Rows already stored (the demo filler wrote plans)
are kept: text without a structured home is appended, labelled, to the plan's notes; a
patient with several active plans keeps the newest as the current one and the others
become completed (one current plan per patient is now a unique partial index).

Everything this migration needs is frozen here: it never imports live application types.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from alembic import op

from wristcare.db.migrations.frozen import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


PLAN_STATUS = ("draft", "active", "completed", "discontinued")
SIDE = ("left", "right", "bilateral", "midline")
MEASURE_SIDE = ("left", "right", "bilateral", "none")
INSTRUMENT = (
    "nrs_pain", "nrs_numbness", "nrs_tingling", "nrs_weakness", "nrs_night_waking",
    "bctq_sss", "bctq_fss", "katz", "grip", "pinch_tip", "pinch_key", "pinch_palmar",
    "quickdash_external",
)  # fmt: skip
DIRECTION = ("decrease", "increase")
TARGET_KIND = ("absolute", "change", "percent_change")
HOMECARE_KIND = ("exercise", "splint", "ergonomic", "self_massage", "supplement", "heat", "other")
VOCAB_LENGTH = 40
DOSE_LIMIT = 1000
# Old statuses written by hand or by older fillers, and where they go.
OLD_STATUS = {"closed": "completed", "done": "completed", "stopped": "discontinued"}
NEW_TABLES = ("plan_issues", "homecare_library_items", "home_care_items", "plan_goals",
              "plan_points", "plan_phases", "treatment_plans")  # fmt: skip


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


def _dose_rule(*names: str) -> str:
    return " AND ".join(f"({name} IS NULL OR {name} BETWEEN 1 AND {DOSE_LIMIT})" for name in names)


def _int(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=True)


def _create_plan_tables() -> None:
    t = "treatment_plans"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        *_vocab(t, "status", PLAN_STATUS),
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_name", sa.String(200), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("supplements", sa.Text(), nullable=False),
        sa.Column("notes_for_patient", sa.Text(), nullable=False),
        sa.Column("private_notes", sa.Text(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk(t, "patient_id", "patients"),
        _fk(t, "practitioner_id", "practitioners"),
        _check(t, "started", "status = 'draft' OR started_on IS NOT NULL"),
        _check(t, "review", "review_on IS NULL OR started_on IS NULL OR review_on >= started_on"),
        _check(t, "ended", "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on"),
        _check(t, "practitioner_name", "practitioner_name <> ''"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_plans")),
    )
    op.create_index("ix_treatment_plans_patient_id", t, ["patient_id"])
    op.create_index("ix_treatment_plans_review_on", t, ["review_on"])
    op.create_index(
        "ux_treatment_plans_one_active",
        t,
        ["patient_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )

    t = "plan_phases"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sessions_per_week", sa.Integer(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk(t, "plan_id", "treatment_plans"),
        _check(t, "sessions_per_week", "sessions_per_week BETWEEN 1 AND 7"),
        _check(t, "weeks", "weeks BETWEEN 1 AND 52"),
        sa.UniqueConstraint("plan_id", "position", name="uq_plan_phases_plan_position"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_phases")),
    )
    op.create_index(op.f("ix_plan_phases_plan_id"), t, ["plan_id"])

    t = "plan_points"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("acupoint_id", sa.Integer(), nullable=False),
        sa.Column("point_code", sa.String(40), nullable=False),
        *_vocab(t, "side", SIDE, nullable=True),
        sa.Column("electro_pair", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        _fk(t, "plan_id", "treatment_plans"),
        _fk(t, "acupoint_id", "acupoints"),
        _check(t, "point_code", "point_code <> ''"),
        _check(
            t,
            "electro_pair",
            "electro_pair IS NULL OR (electro_pair >= 0 AND electro_pair <> position)",
        ),
        sa.UniqueConstraint("plan_id", "position", name="uq_plan_points_plan_position"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_points")),
    )
    op.create_index(op.f("ix_plan_points_plan_id"), t, ["plan_id"])

    t = "plan_goals"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        *_vocab(t, "measure", INSTRUMENT, nullable=True),
        *_vocab(t, "side", MEASURE_SIDE, nullable=True),
        sa.Column("baseline", sa.Numeric(8, 2), nullable=True),
        sa.Column("target", sa.Numeric(8, 2), nullable=True),
        *_vocab(t, "direction", DIRECTION),
        *_vocab(t, "target_kind", TARGET_KIND),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        _fk(t, "plan_id", "treatment_plans"),
        _check(t, "description", "description <> ''"),
        _check(t, "target_needs_measure", "measure IS NOT NULL OR target IS NULL"),
        sa.UniqueConstraint("plan_id", "position", name="uq_plan_goals_plan_position"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goals")),
    )
    op.create_index(op.f("ix_plan_goals_plan_id"), t, ["plan_id"])

    t = "home_care_items"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_vocab(t, "kind", HOMECARE_KIND),
        sa.Column("library_key", sa.String(40), nullable=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("stop_rules", sa.JSON(), nullable=False),
        sa.Column("illustration", sa.String(100), nullable=True),
        *map(
            _int, ("hold_seconds", "repetitions", "sets", "times_a_day", "days_a_week", "weeks")
        ),  # fmt: skip
        sa.Column("each_side", sa.Boolean(), nullable=False),
        sa.Column("caution", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _fk(t, "plan_id", "treatment_plans"),
        _check(t, "title", "title <> ''"),
        _check(
            t,
            "dose",
            _dose_rule(
                "hold_seconds", "repetitions", "sets", "times_a_day", "days_a_week", "weeks"
            ),
        ),  # fmt: skip
        _check(t, "days_a_week", "days_a_week IS NULL OR days_a_week <= 7"),
        sa.UniqueConstraint("plan_id", "position", name="uq_home_care_items_plan_position"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_care_items")),
    )
    op.create_index(op.f("ix_home_care_items_plan_id"), t, ["plan_id"])

    t = "homecare_library_items"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        *_vocab(t, "kind", HOMECARE_KIND),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("stop_rules", sa.JSON(), nullable=False),
        sa.Column("illustration", sa.String(100), nullable=True),
        *map(_int, ("hold_seconds", "repetitions", "times_a_day", "weeks")),
        sa.Column("each_side", sa.Boolean(), nullable=False),
        sa.Column("caution", sa.Text(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_by_name", sa.String(200), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk(t, "updated_by_id", "practitioners"),
        _check(t, "title", "title <> ''"),
        _check(t, "dose", _dose_rule("hold_seconds", "repetitions", "times_a_day", "weeks")),
        sa.UniqueConstraint("key", name=op.f("uq_homecare_library_items_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homecare_library_items")),
    )

    t = "plan_issues"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("issued_by_name", sa.String(200), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("large_print", sa.Boolean(), nullable=False),
        _fk(t, "plan_id", "treatment_plans"),
        _fk(t, "patient_id", "patients"),
        _fk(t, "issued_by_id", "practitioners"),
        _check(t, "sha256", "length(sha256) = 64"),
        _check(t, "issued_by_name", "issued_by_name <> ''"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_issues")),
    )
    op.create_index(op.f("ix_plan_issues_plan_id"), t, ["plan_id"])
    op.create_index(op.f("ix_plan_issues_patient_id"), t, ["patient_id"])


# --- carrying the old rows over -------------------------------------------------------


def _rows(table: str) -> list[dict[str, Any]]:
    result = op.get_bind().execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))
    return [dict(row._mapping) for row in result]


def _instant(value: Any) -> datetime:
    if value is None:
        return datetime.now(UTC)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _legacy_practitioner() -> tuple[int, str]:
    """The practitioner old plans (which named none) are attributed to: the first on
    record, else a record named for what it is (as revision 0003 does for notes)."""
    bind = op.get_bind()
    row = bind.execute(sa.text("SELECT id, name FROM practitioners ORDER BY id LIMIT 1")).first()
    if row is not None:
        return int(row[0]), str(row[1] or "Practitioner not recorded")
    table = sa.Table("practitioners", sa.MetaData(), autoload_with=bind)
    now = datetime.now(UTC)
    values: dict[str, Any] = {"name": "Practitioner not recorded (plans written before 0004)"}
    for column in table.columns:
        if column.primary_key or column.name in values:
            continue
        if column.nullable or column.server_default is not None:
            continue
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            python_type = str
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
    return int(key[0]), values["name"]


def _labelled(*parts: tuple[str, Any]) -> str:
    return "\n\n".join(f"{label}: {str(value).strip()}" for label, value in parts
                       if value is not None and str(value).strip())  # fmt: skip


def _joined(*texts: str) -> str:
    return "\n\n".join(text for text in texts if text)


def _carry_plans(old: list[dict[str, Any]]) -> None:
    practitioner_id, practitioner_name = _legacy_practitioner() if old else (0, "")
    # The newest active plan of each patient stays current; older active ones complete.
    current: dict[int, dict[str, Any]] = {}
    for row in old:
        if row["status"] == "active":
            best = current.get(row["patient_id"])
            key = (_day(row["started_on"]) or date.min, row["id"])
            if best is None or key > (_day(best["started_on"]) or date.min, best["id"]):
                current[row["patient_id"]] = row
    rows = []
    for row in old:
        status = OLD_STATUS.get(row["status"], row["status"])
        extra = ""
        if status not in PLAN_STATUS:
            extra = f"Status before 0004: {row['status']}"
            status = "completed"
        if status == "active" and current[row["patient_id"]] is not row:
            status = "completed"
        created = _instant(row["created_at"])
        started = _day(row["started_on"])
        if started is None and status != "draft":
            started = created.date()
        review, ended = _day(row["review_on"]), None
        if review is not None and started is not None and review < started:
            extra = _joined(extra, f"Review date before 0004: {review.isoformat()}")
            review = None
        if status in ("completed", "discontinued"):
            ended = max(filter(None, (started, _instant(row["updated_at"]).date())), default=None)
        planned = row["planned_sessions"]
        rows.append(
            {
                "id": row["id"],
                "patient_id": row["patient_id"],
                "status": status,
                "practitioner_id": practitioner_id,
                "practitioner_name": practitioner_name,
                "problem": row["problem"] or "",
                "started_on": started,
                "review_on": review,
                "ended_on": ended,
                "supplements": row["supplement_notes"] or "",
                "notes_for_patient": _labelled(
                    ("Self-massage", row["self_massage"]),
                    ("Everyday activities", row["ergonomic_advice"]),
                    ("When to seek care", row["when_to_seek_care"]),
                ),
                "private_notes": _joined(
                    _labelled(
                        ("Schedule", row["schedule"]),
                        ("Planned sessions", planned),
                        ("Point protocol", row["point_protocol"]),
                    ),
                    extra,
                ),
                "version_id": row["version_id"] or 1,
                "created_at": created,
                "updated_at": _instant(row["updated_at"]),
            }
        )
    _insert("treatment_plans", rows)


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None
    return number if abs(number) < Decimal("1000000") else None


def _carry_goals(old: list[dict[str, Any]]) -> None:
    rows = []
    positions: dict[int, int] = {}
    for row in old:
        position = positions.get(row["plan_id"], 0)
        positions[row["plan_id"]] = position + 1
        measure = (row["measure"] or "").strip()
        target = _number(row["target_value"])
        description = (row["description"] or "").strip()
        known = measure in INSTRUMENT
        if not known and (measure or row["target_value"] is not None):
            words = [f"measure: {measure}" if measure else "",
                     f"target: {row['target_value']}" if row["target_value"] is not None else ""]  # fmt: skip
            description = f"{description} ({', '.join(w for w in words if w)})".strip()
        rows.append(
            {
                "plan_id": row["plan_id"],
                "position": position,
                "description": description or "Goal (no description before 0004)",
                "measure": measure if known else None,
                "side": None,
                "baseline": None,
                "target": target if known else None,
                "direction": "increase" if measure in ("grip", "pinch_tip", "pinch_key",
                                                       "pinch_palmar") else "decrease",
                "target_kind": "absolute",
                "target_on": _day(row["target_on"]),
                "achieved_on": _day(row["achieved_on"]),
            }
        )  # fmt: skip
    _insert("plan_goals", rows)


def _whole(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= DOSE_LIMIT else None


def _carry_home_care(old: list[dict[str, Any]]) -> None:
    keys = {row["id"]: row["key"] for row in _rows("exercises")}
    rows = []
    for position, row in enumerate(sorted(old, key=lambda r: (r["plan_id"], r["position"] or 0,
                                                               r["id"]))):  # fmt: skip
        times = _whole(row["times_per_day"])
        note = row["notes"] or ""
        if row["times_per_day"] and times is None:
            note = _joined(note, f"Times a day: {row['times_per_day']}")
        hold, reps = _whole(row["hold_seconds"]), _whole(row["repetitions"])
        if row["hold_seconds"] is not None and hold is None:
            note = _joined(note, f"Hold: {row['hold_seconds']} seconds")
        if row["repetitions"] is not None and reps is None:
            note = _joined(note, f"Repetitions: {row['repetitions']}")
        steps = [line.strip() for line in (row["instructions"] or "").splitlines() if line.strip()]
        rows.append(
            {
                "plan_id": row["plan_id"],
                "position": position,
                "kind": "exercise" if row["exercise_id"] is not None else "other",
                "library_key": keys.get(row["exercise_id"]),
                "title": (row["title"] or "").strip() or "Home care",
                "steps": steps,
                "stop_rules": [],
                "illustration": None,
                "hold_seconds": hold,
                "repetitions": reps,
                "sets": None,
                "times_a_day": times,
                "days_a_week": None,
                "weeks": None,
                "each_side": False,
                "caution": "",
                "note": note,
            }
        )
    _insert("home_care_items", rows)


def _insert(table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    target = sa.Table(table, sa.MetaData(), autoload_with=op.get_bind())
    for column in target.columns:
        if isinstance(column.type, sa.DateTime):
            column.type = UTCDateTime()
        if column.name in ("steps", "stop_rules", "snapshot"):
            column.type = sa.JSON()
    op.get_bind().execute(target.insert(), rows)
    if op.get_bind().dialect.name == "postgresql" and "id" in rows[0]:
        op.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )


def _drop_session_link() -> None:
    """PostgreSQL will not drop a table another one points at: unhook the notes first."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(
            "fk_treatment_sessions_plan_id_treatment_plans", "treatment_sessions", "foreignkey"
        )


def _restore_session_link() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(
            "fk_treatment_sessions_plan_id_treatment_plans",
            "treatment_sessions",
            "treatment_plans",
            ["plan_id"],
            ["id"],
        )


def upgrade() -> None:
    old = {table: _rows(table) for table in ("treatment_plans", "plan_goals", "home_care_items")}
    _drop_session_link()
    for table in ("home_care_items", "plan_goals", "treatment_plans"):
        op.drop_table(table)
    _create_plan_tables()
    _carry_plans(old["treatment_plans"])
    # Sessions that named a plan keep naming it: every old plan id is carried over.
    _carry_goals(old["plan_goals"])
    _carry_home_care(old["home_care_items"])
    _restore_session_link()


# --- downgrade: back to 0003's shape, keeping what it can hold -------------------------


def _create_old_tables() -> None:
    op.create_table(
        "treatment_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("planned_sessions", sa.Integer(), nullable=True),
        sa.Column("point_protocol", sa.Text(), nullable=False),
        sa.Column("self_massage", sa.Text(), nullable=False),
        sa.Column("ergonomic_advice", sa.Text(), nullable=False),
        sa.Column("supplement_notes", sa.Text(), nullable=False),
        sa.Column("when_to_seek_care", sa.Text(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _fk("treatment_plans", "patient_id", "patients"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_plans")),
    )
    op.create_index(op.f("ix_treatment_plans_patient_id"), "treatment_plans", ["patient_id"])
    op.create_table(
        "plan_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        _fk("plan_goals", "plan_id", "treatment_plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goals")),
    )
    op.create_index(op.f("ix_plan_goals_plan_id"), "plan_goals", ["plan_id"])
    op.create_table(
        "home_care_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("hold_seconds", sa.Integer(), nullable=True),
        sa.Column("repetitions", sa.Integer(), nullable=True),
        sa.Column("times_per_day", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        _fk("home_care_items", "exercise_id", "exercises"),
        _fk("home_care_items", "plan_id", "treatment_plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_care_items")),
    )
    op.create_index(op.f("ix_home_care_items_plan_id"), "home_care_items", ["plan_id"])


def downgrade() -> None:
    # 0003 cannot hold phases, planned points, handouts or the clinic's library: the plan's
    # text, goals and home care are carried back; the rest is dropped with its tables.
    plans = _rows("treatment_plans")
    goals = _rows("plan_goals")
    items = _rows("home_care_items")
    phases: dict[int, list[str]] = {}
    for row in _rows("plan_phases"):
        phases.setdefault(row["plan_id"], []).append(
            f"{row['sessions_per_week']} a week for {row['weeks']} weeks"
        )
    points: dict[int, list[str]] = {}
    for row in _rows("plan_points"):
        points.setdefault(row["plan_id"], []).append(row["point_code"])
    planned = {row["plan_id"]: 0 for row in _rows("plan_phases")}
    for row in _rows("plan_phases"):
        planned[row["plan_id"]] += row["sessions_per_week"] * row["weeks"]
    keys = {row["key"]: row["id"] for row in _rows("exercises")}
    _drop_session_link()
    for table in NEW_TABLES:
        op.drop_table(table)
    _create_old_tables()
    _insert(
        "treatment_plans",
        [
            {
                "id": row["id"],
                "patient_id": row["patient_id"],
                "problem": row["problem"],
                "status": row["status"],
                "started_on": _day(row["started_on"]),
                "review_on": _day(row["review_on"]),
                "schedule": ", then ".join(phases.get(row["id"], [])),
                "planned_sessions": planned.get(row["id"]),
                "point_protocol": ", ".join(points.get(row["id"], [])),
                "self_massage": "",
                "ergonomic_advice": "",
                "supplement_notes": row["supplements"],
                "when_to_seek_care": _joined(row["notes_for_patient"], row["private_notes"]),
                "version_id": row["version_id"],
                "created_at": _instant(row["created_at"]),
                "updated_at": _instant(row["updated_at"]),
            }
            for row in plans
        ],
    )
    _insert(
        "plan_goals",
        [
            {
                "id": row["id"],
                "plan_id": row["plan_id"],
                "description": row["description"],
                "measure": row["measure"] or "",
                "target_value": float(row["target"]) if row["target"] is not None else None,
                "target_on": _day(row["target_on"]),
                "achieved_on": _day(row["achieved_on"]),
            }
            for row in goals
        ],
    )
    _insert(
        "home_care_items",
        [
            {
                "id": row["id"],
                "plan_id": row["plan_id"],
                "position": row["position"],
                "exercise_id": keys.get(row["library_key"] or ""),
                "title": row["title"],
                "instructions": "\n".join(_json_list(row["steps"])),
                "hold_seconds": row["hold_seconds"],
                "repetitions": row["repetitions"],
                "times_per_day": str(row["times_a_day"] or ""),
                "notes": row["note"],
            }
            for row in items
        ],
    )
    _restore_session_link()


def _json_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value)
    return [str(line) for line in value or []]
