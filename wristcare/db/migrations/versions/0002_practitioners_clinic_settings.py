"""practitioners as records, clinic settings, who acted on every write

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 16:00:00

- practitioners: profession, registration body and number, a version for edits
- audit_entries.practitioner_id: the acting practitioner beside the name snapshot
- health_histories / consents: recorded_by_id
- consents.signed_by becomes consenter (the patient or a guardian); consents get a version
- clinic_settings: one row shared by every workstation (letterhead, retention, time zone)

Types are spelled out here, not imported from the models, so that renaming a model type
can never break this migration.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _add_version(table: str) -> None:
    # NOT NULL needs a value for the rows already there; the default is dropped again
    # so that the table matches the model (which sets the version itself).
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(
            sa.Column("version_id", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column("version_id", existing_type=sa.Integer(), server_default=None)


def _add_text(table: str, column: str, length: int) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.add_column(
            sa.Column(column, sa.String(length=length), nullable=False, server_default="")
        )
    with op.batch_alter_table(table) as batch_op:
        batch_op.alter_column(column, existing_type=sa.String(length=length), server_default=None)


def upgrade() -> None:
    with op.batch_alter_table("practitioners") as batch_op:
        batch_op.alter_column(
            "registration",
            new_column_name="registration_number",
            existing_type=sa.String(length=100),
            existing_nullable=False,
        )
    _add_text("practitioners", "profession", 200)
    _add_text("practitioners", "registration_body", 200)
    _add_version("practitioners")

    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.add_column(sa.Column("practitioner_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_audit_entries_practitioner_id_practitioners"),
            "practitioners",
            ["practitioner_id"],
            ["id"],
        )
    with op.batch_alter_table("health_histories") as batch_op:
        batch_op.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_health_histories_recorded_by_id_practitioners"),
            "practitioners",
            ["recorded_by_id"],
            ["id"],
        )
    with op.batch_alter_table("consents") as batch_op:
        batch_op.alter_column(
            "signed_by",
            new_column_name="consenter",
            existing_type=sa.String(length=20),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_consents_recorded_by_id_practitioners"),
            "practitioners",
            ["recorded_by_id"],
            ["id"],
        )
    _add_version("consents")

    clinic = op.create_table(
        "clinic_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(length=20), nullable=False),
        sa.Column("retention_adult_years", sa.Integer(), nullable=False),
        sa.Column("retention_child_until_age", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("file_settings_carried", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_clinic_settings_one_row")),
        sa.CheckConstraint(
            "retention_adult_years BETWEEN 1 AND 100", name=op.f("ck_clinic_settings_adult_years")
        ),
        sa.CheckConstraint(
            "retention_child_until_age BETWEEN 18 AND 100",
            name=op.f("ck_clinic_settings_child_age"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_settings")),
    )
    # The row exists from the start, so reading the settings never has to write.
    # (Naive on SQLite, aware elsewhere: as the app's UTC column type stores it.)
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    op.bulk_insert(
        clinic,
        [
            {
                "id": 1,
                "name": "",
                "address": "",
                "phone": "",
                "email": "",
                "website": "",
                "logo": None,
                "logo_type": "",
                "retention_adult_years": 8,
                "retention_child_until_age": 25,
                "time_zone": "",
                "extra": {},
                "file_settings_carried": False,
                "updated_at": now,
                "version_id": 1,
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("clinic_settings")
    with op.batch_alter_table("consents") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_consents_recorded_by_id_practitioners"), type_="foreignkey"
        )
        batch_op.drop_column("recorded_by_id")
        batch_op.drop_column("version_id")
        batch_op.alter_column(
            "consenter",
            new_column_name="signed_by",
            existing_type=sa.String(length=20),
            existing_nullable=False,
        )
    with op.batch_alter_table("health_histories") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_health_histories_recorded_by_id_practitioners"), type_="foreignkey"
        )
        batch_op.drop_column("recorded_by_id")
    with op.batch_alter_table("audit_entries") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_audit_entries_practitioner_id_practitioners"), type_="foreignkey"
        )
        batch_op.drop_column("practitioner_id")
    with op.batch_alter_table("practitioners") as batch_op:
        batch_op.drop_column("version_id")
        batch_op.drop_column("registration_body")
        batch_op.drop_column("profession")
        batch_op.alter_column(
            "registration_number",
            new_column_name="registration",
            existing_type=sa.String(length=100),
            existing_nullable=False,
        )
