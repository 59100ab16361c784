"""Revision 0002 (practitioners, clinic settings, who acted): an 0001 database keeps
everything, and the renamed columns carry their values."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wristcare.db.engine import Database
from wristcare.db.migrate import current_revision, head_revision, run_alembic, upgrade


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_an_0001_database_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    database = Database(f"sqlite:///{path}")
    run_alembic(database, "upgrade", "0001")
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            INSERT INTO practitioners (id, name, registration, active, created_at, updated_at)
              VALUES (1, 'Dr Old', 'BAcC 1234', 1, '2024-01-01', '2024-01-01');
            INSERT INTO patients (id, record_number, name, preferred_name, sex, phone, email,
              address, occupation, dominant_hand, repetitive_activities,
              referring_clinician_name, referring_clinician_contact, family_doctor_name,
              family_doctor_contact, notes, search_text, version_id, created_at, updated_at)
              VALUES (1, 'P000001', 'Ada Lovelace', '', '', '', '', '', '', '', '', '', '', '',
              '', '', 'ada lovelace', 3, '2024-01-01', '2024-01-01');
            INSERT INTO consents (patient_id, modality, given_on, method, signed_by,
              guardian_name, notes, recorded_at, recorded_by)
              VALUES (1, 'acupuncture', '2024-01-02', 'written', 'guardian', 'Mum', '',
              '2024-01-02', 'Dr Old');
            INSERT INTO audit_entries (at, actor, action, entity, entity_id, patient_id,
              changes, reason)
              VALUES ('2024-01-02', 'Dr Old', 'create', 'patient', 1, 1, '{}', '');
            """
        )

    result = upgrade(database)

    assert (result.previous, current_revision(database)) == ("0001", head_revision())
    assert result.backup is not None and result.backup.exists()
    assert _rows(path, "SELECT name, registration_number, profession, version_id "
                       "FROM practitioners") == [("Dr Old", "BAcC 1234", "", 1)]  # fmt: skip
    assert _rows(path, "SELECT consenter, guardian_name, recorded_by, recorded_by_id, version_id "
                       "FROM consents") == [("guardian", "Mum", "Dr Old", None, 1)]  # fmt: skip
    assert _rows(path, "SELECT actor, practitioner_id FROM audit_entries") == [("Dr Old", None)]
    assert _rows(path, "SELECT name, version_id FROM patients") == [("Ada Lovelace", 3)]
    assert _rows(
        path,
        "SELECT id, retention_adult_years, retention_child_until_age, time_zone, "
        "file_settings_carried FROM clinic_settings",
    ) == [(1, 8, 25, "", 0)]

    # And back down: the columns get their old names and values.
    run_alembic(database, "downgrade", "0001")
    assert _rows(path, "SELECT signed_by FROM consents") == [("guardian",)]
    assert _rows(path, "SELECT registration FROM practitioners") == [("BAcC 1234",)]
    database.dispose()


def test_clinic_settings_allow_one_row_only(database: Database, db_path: Path) -> None:
    with (
        sqlite3.connect(db_path) as connection,
        pytest.raises(sqlite3.IntegrityError, match="CHECK"),
    ):
        connection.execute(
            "INSERT INTO clinic_settings (id, name, address, phone, email, website, "
            "logo_type, retention_adult_years, retention_child_until_age, time_zone, "
            "extra, file_settings_carried, updated_at, version_id) "
            "VALUES (2, '', '', '', '', '', '', 8, 25, '', '{}', 0, '2025-01-01', 1)"
        )
