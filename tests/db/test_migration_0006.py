"""Revision 0006: a 0003 database with patients, notes and scores upgrades with nothing
lost, and gains the red-flag tables with their rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select

from wristcare.db.engine import Database
from wristcare.db.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    run_alembic,
    upgrade,
)
from wristcare.db.models import OutcomeMeasure, Patient, TreatmentSession


def _dump(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version'"
            )
        ]
        return {t: sorted(map(repr, connection.execute(f"SELECT * FROM {t}"))) for t in tables}


@pytest.fixture
def database_0003(tmp_path: Path) -> tuple[Database, Path]:
    path = tmp_path / "at0003.sqlite3"
    database = Database(f"sqlite:///{path}")
    run_alembic(database, "upgrade", "0003")
    with sqlite3.connect(path) as c:
        c.execute(
            "INSERT INTO practitioners (id, name, profession, registration_body,"
            " registration_number, active, version_id, created_at, updated_at) VALUES"
            " (1, 'Dr Li', '', '', '', 1, 1, '2025-01-01 09:00:00', '2025-01-01 09:00:00')"
        )
        c.execute(
            "INSERT INTO patients (id, record_number, name, preferred_name, sex, phone,"
            " email, address, occupation, dominant_hand, repetitive_activities,"
            " referring_clinician_name, referring_clinician_contact, family_doctor_name,"
            " family_doctor_contact, notes, search_text, version_id, created_at,"
            " updated_at) VALUES (1, 'P000001', 'Ada Old', '', '', '', '', '', '', '', '',"
            " '', '', 'Dr Shah', '', '', 'ada old', 1, '2025-01-01 09:00:00',"
            " '2025-01-01 09:00:00')"
        )
        columns = [r[1] for r in c.execute("PRAGMA table_info(treatment_sessions)")]
        values = {name: "" for name in columns}
        values.update(
            id=1, patient_id=1, plan_id=None, status="draft", practitioner_id=1,
            practitioner_name="Dr Li", started_at="2025-03-01 09:30:00", local_date="2025-03-01",
            tz="Europe/London", duration_minutes=45, side="right", severity="severe",
            digits_left=0, digits_right=7, moxibustion=0, cupping=0, gua_sha=0, tui_na=0,
            heat_lamp=0, needles_in=None, needles_out=None, next_appointment_on=None,
            signed_at=None, signed_by_id=None, version_id=1, complaint="Numb thumb 手麻",
            created_at="2025-03-01 09:30:00", updated_at="2025-03-01 09:30:00",
        )  # fmt: skip
        c.execute(
            f"INSERT INTO treatment_sessions ({', '.join(values)}) VALUES "
            f"({', '.join('?' * len(values))})",
            list(values.values()),
        )
        c.execute("INSERT INTO outcome_measures (patient_id, session_id, instrument, side,"
                  " taken_on, score, scoring_rule, answers, source, recorded_by_id,"
                  " recorded_by_name, recorded_at, entered_in_error_reason) VALUES (1, 1,"
                  " 'nrs_pain', 'none', '2025-03-01', 7, 'nrs_0_10_v1', '{}', '', 1, 'Dr Li',"
                  " '2025-03-01 09:30:00', '')")  # fmt: skip
    return database, path


def test_a_0003_database_upgrades_with_nothing_lost(database_0003: tuple[Database, Path]) -> None:
    database, path = database_0003
    before = _dump(path)
    upgrade(database)
    assert current_revision(database) == head_revision()
    after = _dump(path)
    kept = {table: rows for table, rows in before.items() if rows}
    assert {"patients", "treatment_sessions", "outcome_measures"} <= set(kept)
    for table, rows in kept.items():  # empty ones: the upgrade loads the reference data
        assert after[table] == rows, table
    assert {"red_flag_screens", "red_flag_decisions", "referrals"} <= set(after)
    with database.read() as db:
        assert db.scalars(select(Patient.name)).one() == "Ada Old"
        assert db.scalars(select(TreatmentSession.complaint)).one() == "Numb thumb 手麻"
        assert db.scalars(select(OutcomeMeasure.score)).one() == 7


def test_the_new_tables_keep_their_rules(database_0003: tuple[Database, Path]) -> None:
    database, path = database_0003
    upgrade(database)
    database.dispose()
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA foreign_keys = ON")
        insert = (
            "INSERT INTO red_flag_decisions (patient_id, session_id, flag_codes, findings,"
            " decision, reason, decided_on, practitioner_id, practitioner_name, version_id,"
            " created_at, updated_at) VALUES (1, 1, ?, '', ?, ?, '2025-03-01', 1, 'Dr Li', 1,"
            " '2025-03-01', '2025-03-01')"
        )
        for codes, decision, reason in (
            ("", "referred", ""),  # no flag
            ("RF-SEVERE", "not_referred", ""),  # no reason not to refer
            ("RF-SEVERE", "maybe", ""),  # not a decision
        ):
            with pytest.raises(sqlite3.IntegrityError):
                c.execute(insert, (codes, decision, reason))
        c.execute(insert, ("RF-SEVERE", "referred", ""))
        with pytest.raises(sqlite3.IntegrityError):
            c.execute(
                "INSERT INTO referrals (decision_id, patient_id, recipient, reason, referred_on,"
                " practitioner_id, practitioner_name, version_id, created_at, updated_at)"
                " VALUES (1, 1, '', 'x', '2025-03-01', 1, 'Dr Li', 1, '2025-03-01', '2025-03-01')"
            )


def test_downgrade_below_0006_removes_its_tables_and_keeps_the_rest(
    database_0003: tuple[Database, Path],
) -> None:
    database, path = database_0003
    upgrade(database)
    before = _dump(path)
    below = ScriptDirectory.from_config(alembic_config()).get_revision("0006").down_revision
    run_alembic(database, "downgrade", str(below))
    after = _dump(path)
    assert {"red_flag_screens", "red_flag_decisions", "referrals"} <= set(before) - set(after)
    assert all(after[table] == before[table] for table in after)
