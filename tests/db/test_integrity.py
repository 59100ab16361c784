"""``check_database``: the schema version and SQLite's own integrity checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wristcare.db.engine import Database
from wristcare.db.integrity import check_database
from wristcare.db.migrate import head_revision


def test_a_good_database_is_ok(database: Database) -> None:
    report = check_database(database)
    assert report.schema == report.expected_schema == head_revision()
    assert report.problems == []
    assert report.ok


def test_rows_pointing_nowhere_are_found(database: Database, db_path: Path) -> None:
    # Written behind WristCare's back, with foreign keys off, as another tool might.
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute(
            "INSERT INTO consents (patient_id, modality, given_on, method, consenter, "
            "guardian_name, notes, recorded_at, recorded_by, version_id) VALUES "
            "(77, 'cupping', '2024-01-01', 'written', 'patient', '', '', '2024-01-01', '', 1)"
        )
    report = check_database(database)
    assert report.problems == ["1 rows point at records that do not exist"]
    assert not report.ok


def test_an_empty_database_is_not_ok(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    report = check_database(database)
    assert report.schema is None
    assert report.problems == []
    assert not report.ok
    database.dispose()
