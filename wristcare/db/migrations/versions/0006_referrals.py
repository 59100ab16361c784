"""red-flag screens, red-flag decisions and referrals

Revision ID: 0006
Revises: 0003

New tables only: nothing stored before is changed. Everything this migration needs (the
decision vocabulary, the UTC timestamp type) is frozen here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wristcare.db.migrations.frozen import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECISION = ("referred", "not_referred")
VOCAB_LENGTH = 40
ASKED_SIGNS = (
    "constant_numbness",
    "sudden_progression",
    "injury_or_recent_fracture",
    "lump_at_wrist",
    "after_carpal_tunnel_surgery",
    "unclear_diagnosis",
    "glove_and_stocking",
)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _check(table: str, name: str, rule: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(rule, name=op.f(f"ck_{table}_{name}"))


def _who(table: str) -> list:
    return [
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("practitioner_name", sa.String(200), nullable=False),
        _fk(table, "practitioner_id", "practitioners"),
        _check(table, "practitioner_name", "practitioner_name <> ''"),
    ]


def _where(table: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        _fk(table, "patient_id", "patients"),
        _fk(table, "session_id", "treatment_sessions"),
    ]


def _stamps() -> list:
    return [
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def upgrade() -> None:
    t = "red_flag_screens"
    op.create_table(
        t,
        *_where(t),
        *(sa.Column(name, sa.Boolean(), nullable=False) for name in ASKED_SIGNS),
        *_who(t),
        sa.Column("screened_at", UTCDateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.UniqueConstraint("session_id", name=op.f("uq_red_flag_screens_session_id")),
    )
    op.create_index("ix_red_flag_screens_patient", t, ["patient_id", "screened_at"])

    t = "red_flag_decisions"
    allowed = ", ".join(f"'{value}'" for value in DECISION)
    op.create_table(
        t,
        *_where(t),
        sa.Column("flag_codes", sa.String(500), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(*DECISION, native_enum=False, create_constraint=False, length=VOCAB_LENGTH),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        *_who(t),
        sa.Column("version_id", sa.Integer(), nullable=False),
        *_stamps(),
        _check(t, "decision", f"decision IN ({allowed})"),
        _check(t, "flag_codes", "flag_codes <> ''"),
        _check(t, "reason", "decision <> 'not_referred' OR reason <> ''"),
    )
    op.create_index("ix_red_flag_decisions_patient", t, ["patient_id", "decided_on"])
    op.create_index("ix_red_flag_decisions_session", t, ["session_id"])

    t = "referrals"
    op.create_table(
        t,
        *_where(t),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        *_who(t),
        sa.Column("version_id", sa.Integer(), nullable=False),
        *_stamps(),
        _fk(t, "decision_id", "red_flag_decisions"),
        sa.UniqueConstraint("decision_id", name=op.f("uq_referrals_decision_id")),
        _check(t, "recipient", "recipient <> ''"),
        _check(t, "reason", "reason <> ''"),
    )
    op.create_index("ix_referrals_patient", t, ["patient_id", "referred_on"])


def downgrade() -> None:
    op.drop_index("ix_referrals_patient", table_name="referrals")
    op.drop_table("referrals")
    op.drop_index("ix_red_flag_decisions_session", table_name="red_flag_decisions")
    op.drop_index("ix_red_flag_decisions_patient", table_name="red_flag_decisions")
    op.drop_table("red_flag_decisions")
    op.drop_index("ix_red_flag_screens_patient", table_name="red_flag_screens")
    op.drop_table("red_flag_screens")
