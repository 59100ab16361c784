"""session safety findings: which safety rules fired on a note and how each was answered

Revision ID: 0005
Revises: 0003

One new table; nothing stored before changes. Notes signed before this revision keep
their signatures (canonical form version 1, which has no safety findings).

Everything this migration needs is frozen here (the vocabularies, the UTC timestamp
type): it never imports live application types.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from wristcare.db.migrations.frozen import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "session_safety_findings"
LEVEL = ("stop", "refer", "caution", "info")
RESOLUTION = ("proceeded", "overridden", "changed_treatment", "referred", "not_referred")
VOCAB_LENGTH = 40


def _vocab(column: str, values: Sequence[str], *, nullable: bool) -> list:
    allowed = ", ".join(f"'{value}'" for value in values)
    return [
        sa.Column(column, sa.Enum(*values, native_enum=False, create_constraint=False,
                                  length=VOCAB_LENGTH), nullable=nullable),
        sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{TABLE}_{column}")),
    ]  # fmt: skip


def _check(name: str, rule: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(rule, name=op.f(f"ck_{TABLE}_{name}"))


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("rule_code", sa.String(40), nullable=False),
        *_vocab("level", LEVEL, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        *_vocab("resolution", RESOLUTION, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by_name", sa.String(200), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_sessions.id"],
            name=op.f(f"fk_{TABLE}_session_id_treatment_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["practitioners.id"],
            name=op.f(f"fk_{TABLE}_resolved_by_id_practitioners"),
        ),
        sa.UniqueConstraint("session_id", "rule_code", name="uq_session_safety_findings_rule"),
        _check("rule_code", "rule_code <> ''"),
        _check(
            "resolution_fits_level",
            "resolution IS NULL"
            " OR (level = 'caution' AND resolution IN ('proceeded', 'changed_treatment'))"
            " OR (level = 'stop' AND resolution IN ('overridden', 'changed_treatment'))"
            " OR (level = 'refer' AND resolution IN ('referred', 'not_referred'))",
        ),
        _check(
            "reason_given",
            "resolution IS NULL OR resolution NOT IN ('proceeded', 'overridden', 'not_referred')"
            " OR reason <> ''",
        ),
        _check(
            "resolver_named",
            "resolution IS NULL OR (resolved_by_id IS NOT NULL AND resolved_by_name <> ''"
            " AND resolved_at IS NOT NULL)",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_session_id"), TABLE, ["session_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_session_id"), table_name=TABLE)
    op.drop_table(TABLE)
