"""Checking that a database is whole and at the expected schema."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from wristcare.db.engine import MAX_PROBLEMS, Database, driver_errors
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
    problems: list[str] = []
    with driver_errors(), database.engine.connect() as connection:
        if database.backend == "sqlite":
            # Integrity first: reading the schema version of a damaged file can fail.
            rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check")]
            if rows != ["ok"]:
                problems += [f"integrity: {r}" for r in rows[:MAX_PROBLEMS]]
            broken = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
            if broken:
                problems.append(f"{len(broken)} rows point at records that do not exist")
        else:
            connection.execute(text("SELECT 1"))
    schema = current_revision(database)
    return CheckReport(schema=schema, expected_schema=head_revision(), problems=problems)
