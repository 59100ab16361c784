"""Checking that a database is whole and at the expected schema."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exc, text

from wristcare.db.engine import Database, translate_error
from wristcare.db.migrate import current_revision, head_revision


@dataclass(frozen=True)
class CheckReport:
    schema: str | None
    expected_schema: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema == self.expected_schema


def check_database(database: Database) -> CheckReport:
    """Schema version and, on SQLite, ``PRAGMA integrity_check`` and foreign keys."""
    schema = current_revision(database)
    problems: list[str] = []
    try:
        with database.engine.connect() as connection:
            if database.backend == "sqlite":
                rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check")]
                if rows != ["ok"]:
                    problems += [f"integrity: {r}" for r in rows[:20]]
                broken = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
                if broken:
                    problems.append(f"{len(broken)} rows point at records that do not exist")
            else:
                connection.execute(text("SELECT 1"))
    except exc.DBAPIError as error:
        raise translate_error(error) from None
    return CheckReport(schema=schema, expected_schema=head_revision(), problems=problems)
