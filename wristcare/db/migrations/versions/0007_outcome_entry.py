"""outcome entry: a score entered in error frees its session's place; BCTQ and QuickDASH ranges

Revision ID: 0007
Revises: 0003

A session held at most one score per instrument and side, including scores marked as
entered in error, so a BCTQ or symptom map marked in error could never be entered again
for that session. The rule now holds among the scores in use only (a partial unique
index, on SQLite and PostgreSQL alike). The database also refuses a BCTQ mean outside
1-5 (a sum outside its own range)
and an external QuickDASH score outside 0-100, as it already refused a 0-10 rating
outside its range.

Nothing here imports live application types: the names and values are frozen.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "outcome_measures"
UNIQUE = "uq_outcome_measures_session_instrument"
IN_USE = sa.text("entered_in_error_at IS NULL")
BCTQ_RANGE = (
    "instrument NOT IN ('bctq_sss', 'bctq_fss')"
    " OR (scoring_rule = 'bctq_mean_v1' AND score >= 1 AND score <= 5)"
    " OR (scoring_rule = 'bctq_sum_v1' AND ((instrument = 'bctq_sss' AND score >= 11"
    " AND score <= 55) OR (instrument = 'bctq_fss' AND score >= 8 AND score <= 40)))"
)
CHECKS = {
    # A mean on 1-5, or a sum labelled as one (SSS 11-55, FSS 8-40).
    "bctq_range": BCTQ_RANGE,
    "quickdash_range": "instrument <> 'quickdash_external' OR (score >= 0 AND score <= 100)",
    "katz_category": "instrument <> 'katz' OR category IS NOT NULL",
}


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(UNIQUE, type_="unique")
        for name, condition in CHECKS.items():
            batch.create_check_constraint(op.f(f"ck_{TABLE}_{name}"), condition)
    op.create_index(
        UNIQUE,
        TABLE,
        ["session_id", "instrument", "side"],
        unique=True,
        sqlite_where=IN_USE,
        postgresql_where=IN_USE,
    )


def downgrade() -> None:
    op.drop_index(UNIQUE, table_name=TABLE)
    with op.batch_alter_table(TABLE) as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(f"ck_{TABLE}_{name}"), type_="check")
        batch.create_unique_constraint(UNIQUE, ["session_id", "instrument", "side"])
