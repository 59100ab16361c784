"""Revision 0003: sessions written the old way survive, and the database keeps the rules."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from wristcare.db.engine import Database
from wristcare.db.migrate import current_revision, head_revision, run_alembic, upgrade
from wristcare.db.models import OutcomeMeasure, TreatmentSession
from wristcare.db.vocab import Instrument, MeasureSide, ScoringRule, SessionStatus, Side

OLD_SESSION = """
INSERT INTO treatment_sessions (
    id, patient_id, started_at, duration_minutes, status, complaint, side, pain_score,
    numbness_score, tingling_score, weakness_score, night_waking_score, digits_affected,
    subjective_notes, objective_notes, tongue, pulse, pattern, assessment_notes, adjuncts,
    needles_in, needles_out, needle_count_resolution, patient_reaction, advice, next_step,
    signed_by, content_hash, previous_hash, version_id, created_at, updated_at
) VALUES (
    :id, 1, :started, 60, 'draft', :complaint, :side, :pain, :numb, :tingle, NULL, NULL,
    :digits, 'Worse typing', '', 'Pale', 'Thin', 'Qi and blood stagnation', '', 'moxa',
    8, 8, '', 'Relaxed', 'Night splint', 'Weekly', '', '', '', 1, :started, :started
)
"""


@pytest.fixture
def old_database(tmp_path: Path) -> Database:
    """A database at 0001 with two sessions written the way the 0001 demo filler did."""
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    run_alembic(database, "upgrade", "0001")
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO patients (id, record_number, name, preferred_name, sex, phone, email,"
            " address, occupation, dominant_hand, repetitive_activities,"
            " referring_clinician_name, referring_clinician_contact, family_doctor_name,"
            " family_doctor_contact, notes, search_text, version_id, created_at, updated_at)"
            " VALUES (1, 'P000001', 'Ada Old', '', '', '', '', '', '', '', '', '', '', '',"
            " '', '', 'ada old', 1, '2024-01-01 09:00:00', '2024-01-01 09:00:00')"
        )
        first = dict(
            id=1, started="2024-03-01 09:30:00", complaint="Numb fingers at night 手麻",
            side="both", pain=7, numb=6, tingle=5, digits="thumb, index",
        )  # fmt: skip
        second = dict(
            id=2, started="2024-03-08 23:30:00", complaint="Better", side="sinister",
            pain=4, numb=None, tingle=3, digits="",
        )  # fmt: skip
        for values in (first, second):
            connection.execute(OLD_SESSION, values)
        connection.execute(
            "INSERT INTO needled_points (session_id, position, acupoint_id, site, side,"
            " gauge_mm, length_mm, depth_mm, angle, technique, de_qi, retention_minutes,"
            " electro_pair_with, electro_frequency_hz, electro_waveform, electro_intensity,"
            " electro_minutes, note) VALUES (1, 0, NULL, 'Ashi below PC7', 'right', 0.25,"
            " 40, 12.5, 'perpendicular', 'even', 1, 30, 'TE5', 2.0, 'continuous', '', 20, '')"
        )
    return database


def test_old_sessions_survive_the_upgrade(old_database: Database) -> None:
    upgrade(old_database)

    assert current_revision(old_database) == head_revision()
    with old_database.read() as db:
        sessions = {s.id: s for s in db.scalars(select(TreatmentSession))}
        first, second = sessions[1], sessions[2]
        assert first.complaint == "Numb fingers at night 手麻"
        assert first.status is SessionStatus.DRAFT
        assert first.side is Side.BILATERAL
        assert first.pattern == "Qi and blood stagnation"
        assert first.tongue_body == "Pale" and first.pulse_overall == "Thin"
        assert first.response == "Relaxed" and first.plan_notes == "Weekly"
        assert first.adjunct_notes == "moxa"
        assert "thumb, index" in first.subjective_notes
        assert first.subjective_notes.startswith("Worse typing")
        assert first.tz == "UTC"
        assert str(second.local_date) == "2024-03-08"
        # An unknown side is kept in the text rather than lost.
        assert second.side is None
        assert "sinister" in second.subjective_notes
        # Someone is answerable for every note: a practitioner record was made for them.
        assert first.practitioner_id == second.practitioner_id
        assert "not recorded" in first.practitioner_name
        point = first.points[0]
        assert point.site == "Ashi below PC7"
        assert point.gauge_hundredths_mm == 25
        assert point.depth_tenths_mm == 125
        assert point.length_mm == 40
        assert "TE5" in point.note

        measures = db.scalars(select(OutcomeMeasure).order_by(OutcomeMeasure.id)).all()
        found = {(m.session_id, m.instrument): m.score for m in measures}
        assert found == {
            (1, Instrument.NRS_PAIN): Decimal(7),
            (1, Instrument.NRS_NUMBNESS): Decimal(6),
            (1, Instrument.NRS_TINGLING): Decimal(5),
            (2, Instrument.NRS_PAIN): Decimal(4),
            (2, Instrument.NRS_TINGLING): Decimal(3),
        }
        assert {m.side for m in measures} == {MeasureSide.NONE}
        assert {m.scoring_rule for m in measures} == {ScoringRule.NRS_0_10_V1}
        assert {str(m.taken_on) for m in measures if m.session_id == 1} == {"2024-03-01"}
    old_database.dispose()


def test_downgrade_keeps_the_text_and_scores(old_database: Database, tmp_path: Path) -> None:
    upgrade(old_database)
    run_alembic(old_database, "downgrade", "0001")

    with sqlite3.connect(tmp_path / "old.sqlite3") as connection:
        row = connection.execute(
            "SELECT complaint, side, pain_score, numbness_score FROM treatment_sessions"
            " WHERE id = 1"
        ).fetchone()
    assert row == ("Numb fingers at night 手麻", "both", 7, 6)
    old_database.dispose()


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("UPDATE treatment_sessions SET digits_left = 32", "digits are five bits"),
        ("UPDATE treatment_sessions SET side = 'sideways'", "side is a vocabulary"),
        ("UPDATE treatment_sessions SET needles_in = -1", "counts are never negative"),
        (
            "UPDATE treatment_sessions SET status = 'signed', signed_at = started_at,"
            " signed_by_id = practitioner_id, signed_by_name = 'Dr A', needles_in = 8,"
            " needles_out = 7",
            "a signed note whose counts differ needs the search outcome",
        ),
        (
            "UPDATE treatment_sessions SET status = 'signed', needles_in = 8, needles_out = 8",
            "a signed note needs its signer and time",
        ),
        ("UPDATE outcome_measures SET score = 11", "a 0-10 scale stops at 10"),
        ("UPDATE outcome_measures SET instrument = 'mood'", "instrument is a vocabulary"),
    ],
)
def test_database_refuses_what_the_record_forbids(
    old_database: Database, tmp_path: Path, sql: str, why: str
) -> None:
    upgrade(old_database)
    old_database.dispose()
    with (
        sqlite3.connect(tmp_path / "old.sqlite3") as connection,
        pytest.raises(sqlite3.IntegrityError),
    ):
        connection.execute(sql + " WHERE id = 1")


def test_signed_note_with_search_outcome_is_accepted(
    old_database: Database, tmp_path: Path
) -> None:
    upgrade(old_database)
    old_database.dispose()
    with sqlite3.connect(tmp_path / "old.sqlite3") as connection:
        cursor = connection.execute(
            "UPDATE treatment_sessions SET status = 'signed', signed_at = started_at,"
            " signed_by_id = practitioner_id, signed_by_name = 'Dr A', needles_in = 8,"
            " needles_out = 7, needle_search_outcome = 'Found on the couch' WHERE id = 1"
        )
        # An UPDATE that matched no row would pass every CHECK: one row was changed.
        assert cursor.rowcount == 1
        row = connection.execute(
            "SELECT status, needles_in, needles_out, needle_search_outcome"
            " FROM treatment_sessions WHERE id = 1"
        ).fetchone()
    assert row == ("signed", 8, 7, "Found on the couch")
