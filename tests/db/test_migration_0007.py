"""Revision 0007: a 0003 database with outcome scores upgrades with nothing lost, and the
new rules hold (a score entered in error frees its session's place; BCTQ and QuickDASH
ranges)."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError, DatabaseError
from wristcare.db.migrate import current_revision, run_alembic
from wristcare.db.models import OutcomeMeasure

NOW = "2026-03-01 09:00:00"
SCORE = """
INSERT INTO outcome_measures (id, patient_id, session_id, instrument, side, taken_on, score,
    category, scoring_rule, answers, administration_id, source, recorded_by_id,
    recorded_by_name, recorded_at, entered_in_error_at, entered_in_error_reason)
VALUES (:id, 1, :session, :instrument, :side, '2026-03-01', :score, :category, :rule,
    :answers, :admin, '', 1, 'Dr Li', :now, :error_at, :reason)
"""


def _row(**values: object) -> dict[str, object]:
    row = dict(session=1, side="none", category=None, answers="{}", admin=None, now=NOW,
               error_at=None, reason="")  # fmt: skip
    row.update(values)
    return row


@pytest.fixture
def old_database(tmp_path: Path) -> Database:
    """A database at 0003 with a session, its pain score, a BCTQ sitting, a Katz rating
    and a pain score marked in error."""
    path = tmp_path / "old.sqlite3"
    database = Database(f"sqlite:///{path}")
    run_alembic(database, "upgrade", "0003")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO practitioners (id, name, registration_number, active, created_at,"
            " updated_at, profession, registration_body, version_id)"
            " VALUES (1, 'Dr Li', '', 1, ?, ?, '', '', 1)",
            (NOW, NOW),
        )
        connection.execute(
            "INSERT INTO patients (id, record_number, name, preferred_name, sex, phone, email,"
            " address, occupation, dominant_hand, repetitive_activities,"
            " referring_clinician_name, referring_clinician_contact, family_doctor_name,"
            " family_doctor_contact, notes, search_text, version_id, created_at, updated_at)"
            " VALUES (1, 'P000001', 'Ada Old', '', '', '', '', '', '', '', '', '', '', '',"
            " '', '', 'ada old', 1, ?, ?)",
            (NOW, NOW),
        )
        connection.execute(
            "INSERT INTO treatment_sessions (id, patient_id, status, practitioner_id,"
            " practitioner_name, started_at, local_date, tz, complaint, digits_left,"
            " digits_right, provoking, easing, subjective_notes, objective_notes, tongue_body,"
            " tongue_coating, tongue_shape, pulse_overall, pulse_left_cun, pulse_left_guan,"
            " pulse_left_chi, pulse_right_cun, pulse_right_guan, pulse_right_chi, pattern,"
            " working_diagnosis, differentials, assessment_notes, moxibustion, cupping,"
            " gua_sha, tui_na, heat_lamp, adjunct_notes, needle_search_outcome, response,"
            " advice, plan_notes, signed_by_name, version_id, created_at, updated_at)"
            " VALUES (1, 1, 'draft', 1, 'Dr Li', ?, '2026-03-01', 'UTC', 'Numb', 0, 0, '', '',"
            " '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 0, 0, 0, 0, 0,"
            " '', '', '', '', '', '', 1, ?, ?)",
            (NOW, NOW, NOW),
        )
        rows = [
            _row(id=1, instrument="nrs_pain", score=7, rule="nrs_0_10_v1"),
            _row(
                id=2,
                instrument="bctq_sss",
                score=3.18,
                rule="bctq_mean_v1",
                admin="a-1",
                answers='{"items": [3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 3]}',
            ),  # fmt: skip
            _row(
                id=3,
                instrument="bctq_fss",
                score=2.5,
                rule="bctq_mean_v1",
                admin="a-1",
                answers='{"items": [2, 2, 3, 3, 2, 3, 2, 3]}',
            ),  # fmt: skip
            _row(
                id=4,
                instrument="katz",
                side="right",
                score=None,
                category="classic",
                rule="katz_1990",
                answers='{"version": 1, "marks": []}',
            ),  # fmt: skip
            _row(
                id=5,
                session=None,
                instrument="nrs_pain",
                score=9,
                rule="nrs_0_10_v1",
                error_at=NOW,
                reason="wrong patient",
            ),  # fmt: skip
        ]
        connection.executemany(SCORE, rows)
    return database


def test_scores_survive_the_upgrade(old_database: Database) -> None:
    run_alembic(old_database, "upgrade", "0007")
    assert current_revision(old_database) == "0007"
    with old_database.read() as db:
        rows = {row.id: row for row in db.scalars(select(OutcomeMeasure))}
        _check_rows(rows)


def _check_rows(rows: dict[int, OutcomeMeasure]) -> None:
    assert sorted(rows) == [1, 2, 3, 4, 5]
    assert rows[1].score == Decimal(7) and rows[1].session_id == 1
    assert rows[2].score == Decimal("3.18") and rows[2].administration_id == "a-1"
    assert rows[2].answers == {"items": [3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 3]}
    assert rows[3].administration_id == "a-1"
    assert str(rows[4].category) == "classic" and str(rows[4].side) == "right"
    assert rows[5].entered_in_error_reason == "wrong patient"
    assert rows[5].entered_in_error_at is not None


def _add(database: Database, **values: object) -> None:
    row = dict(patient_id=1, session_id=1, instrument="nrs_pain", side="none",
               taken_on=date(2026, 3, 1), score=Decimal(5), scoring_rule="nrs_0_10_v1",
               answers={}, recorded_by_id=1, recorded_by_name="Dr Li")  # fmt: skip
    row.update(values)
    with database.transaction() as db:
        db.add(OutcomeMeasure(**row))


def test_a_score_in_error_frees_its_session_place(old_database: Database) -> None:
    run_alembic(old_database, "upgrade", "0007")
    with pytest.raises(ConcurrentEditError):  # still one pain score in use per session
        _add(old_database)
    with old_database.transaction() as db:
        row = db.get(OutcomeMeasure, 1)
        assert row is not None
        row.entered_in_error_at = row.recorded_at
        row.entered_in_error_reason = "typed 7 for 2"
    _add(old_database, score=Decimal(2))
    with old_database.read() as db:
        pain = db.scalars(
            select(OutcomeMeasure.score).where(
                OutcomeMeasure.session_id == 1, OutcomeMeasure.instrument == "nrs_pain"
            )
        ).all()
    assert sorted(pain) == [Decimal(2), Decimal(7)]


@pytest.mark.parametrize(
    ("instrument", "score", "rule"),
    [
        ("bctq_sss", Decimal("0.5"), "bctq_mean_v1"),
        ("bctq_fss", Decimal("5.5"), "bctq_mean_v1"),
        ("bctq_sss", Decimal(3), "external"),  # a BCTQ is a mean or a labelled sum
        ("bctq_sss", Decimal(10), "bctq_sum_v1"),  # a symptom sum is 11-55
        ("bctq_fss", Decimal(41), "bctq_sum_v1"),  # a function sum is 8-40
        ("quickdash_external", Decimal("100.5"), "external"),
        ("quickdash_external", Decimal(-1), "external"),
    ],
)
def test_out_of_range_scores_are_refused(
    old_database: Database, instrument: str, score: Decimal, rule: str
) -> None:
    run_alembic(old_database, "upgrade", "0007")
    with pytest.raises(DatabaseError):
        _add(old_database, session_id=None, instrument=instrument, score=score, scoring_rule=rule)


def test_a_labelled_bctq_sum_is_kept(old_database: Database) -> None:
    run_alembic(old_database, "upgrade", "0007")
    _add(old_database, session_id=None, instrument="bctq_fss", score=Decimal(30),
         scoring_rule="bctq_sum_v1")  # fmt: skip
    with old_database.read() as db:
        sums = db.execute(
            select(OutcomeMeasure.instrument, OutcomeMeasure.score).where(
                OutcomeMeasure.scoring_rule == "bctq_sum_v1"
            )
        ).all()
    assert [tuple(row) for row in sums] == [("bctq_fss", Decimal(30))]


def test_a_katz_row_needs_its_category(old_database: Database) -> None:
    run_alembic(old_database, "upgrade", "0007")
    with pytest.raises(DatabaseError):
        _add(old_database, instrument="katz", side="left", score=Decimal(1),
             scoring_rule="katz_1990")  # fmt: skip


def test_downgrade_to_0003_keeps_the_scores(old_database: Database) -> None:
    run_alembic(old_database, "upgrade", "0007")
    run_alembic(old_database, "downgrade", "0003")
    with old_database.read() as db:
        assert len(db.scalars(select(OutcomeMeasure.id)).all()) == 5
