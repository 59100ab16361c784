"""Revision 0004: plans written before it (the demo filler wrote some) survive the upgrade,
on a real SQLite file and on PostgreSQL, and the database keeps one current plan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from wristcare.clinic.plans import get_plan, list_plans
from wristcare.db.engine import Database
from wristcare.db.migrate import current_revision, head_revision, run_alembic, upgrade
from wristcare.db.vocab import HomeCareKind, Instrument, PlanStatus

WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _insert(connection: sa.Connection, table: str, **values: Any) -> int:
    """A row as an older WristCare wrote it: the given values, neutral ones elsewhere."""
    reflected = sa.Table(table, sa.MetaData(), autoload_with=connection)
    for column in reflected.columns:
        if column.primary_key or column.name in values or column.nullable:
            continue
        python_type = column.type.python_type
        neutral: Any = {bool: False, int: 1, datetime: WHEN, date: WHEN.date()}.get(python_type, "")
        values[column.name] = neutral
    return int(connection.execute(reflected.insert().values(**values)).inserted_primary_key[0])


def _old_rows(database: Database) -> dict[str, int]:
    """Two patients; one with two "active" plans, goals, home care and a session that
    names the older plan; one with a "closed" plan."""
    with database.engine.begin() as c:
        practitioner = _insert(c, "practitioners", name="Dr Old Timer", active=True)
        ann = _insert(c, "patients", record_number="P000001", name="Ann Old", search_text="ann")
        bob = _insert(c, "patients", record_number="P000002", name="Bob Old", search_text="bob")
        exercise = _insert(c, "exercises", key="tendon_gliding", name="Tendon gliding")
        older = _insert(
            c, "treatment_plans", patient_id=ann, problem="Carpal tunnel symptoms, right 手麻",
            status="active", started_on=date(2025, 1, 6), review_on=date(2025, 2, 3),
            schedule="Twice a week for 3 weeks, then weekly", planned_sessions=8,
            point_protocol="PC7, PC6, TE5", self_massage="Forearm, 2 minutes",
            ergonomic_advice="Wrist straight at the keyboard", supplement_notes="Vitamin B6",
            when_to_seek_care="If the thumb weakens", version_id=3,
        )  # fmt: skip
        newer = _insert(
            c, "treatment_plans", patient_id=ann, problem="Carpal tunnel symptoms, continuing",
            status="active", started_on=date(2025, 2, 10), review_on=date(2025, 1, 1),
            version_id=1,
        )  # fmt: skip
        closed = _insert(c, "treatment_plans", patient_id=bob, problem="Wrist ache",
                         status="closed", started_on=None, version_id=1)  # fmt: skip
        _insert(c, "plan_goals", plan_id=older, description="Pain 3/10 or less",
                measure="nrs_pain", target_value=3.0, target_on=date(2025, 3, 1))  # fmt: skip
        _insert(c, "plan_goals", plan_id=older, description="Stronger grip",
                measure="grip strength", target_value=25.5)  # fmt: skip
        _insert(c, "home_care_items", plan_id=older, position=0, exercise_id=exercise,
                title="Tendon gliding", instructions="Straight hand\nHook fist\n\nFull fist",
                hold_seconds=7, repetitions=10, times_per_day="3", notes="")  # fmt: skip
        _insert(c, "home_care_items", plan_id=older, position=1, title="Warm soak",
                instructions="Warm water", times_per_day="after meals",
                notes="Not too hot")  # fmt: skip
        _insert(
            c, "treatment_sessions", patient_id=ann, plan_id=older, status="draft",
            practitioner_id=practitioner, practitioner_name="Dr Old Timer", started_at=WHEN,
            local_date=WHEN.date(), tz="UTC", version_id=1,
        )  # fmt: skip
    return {"ann": ann, "bob": bob, "older": older, "newer": newer, "closed": closed,
            "practitioner": practitioner}  # fmt: skip


def _check_upgraded(database: Database, ids: dict[str, int]) -> None:
    assert current_revision(database) == head_revision()
    older, newer = get_plan(database, ids["older"]), get_plan(database, ids["newer"])
    closed = get_plan(database, ids["closed"])
    # The newest active plan stays current; the other is completed, and nothing is lost.
    assert newer.status is PlanStatus.ACTIVE and older.status is PlanStatus.COMPLETED
    assert closed.status is PlanStatus.COMPLETED
    assert older.practitioner_id == ids["practitioner"]
    assert older.practitioner_name == "Dr Old Timer"
    assert older.version == 3
    d = older.details
    assert d.problem == "Carpal tunnel symptoms, right 手麻"
    assert (d.started_on, d.review_on) == (date(2025, 1, 6), date(2025, 2, 3))
    assert d.supplements == "Vitamin B6"
    for text in ("Schedule: Twice a week for 3 weeks, then weekly", "Planned sessions: 8",
                 "Point protocol: PC7, PC6, TE5"):  # fmt: skip
        assert text in d.private_notes
    for text in ("Self-massage: Forearm, 2 minutes",
                 "Everyday activities: Wrist straight at the keyboard",
                 "When to seek care: If the thumb weakens"):  # fmt: skip
        assert text in d.notes_for_patient
    pain, grip = d.goals
    assert (pain.measure, pain.target, pain.target_on) == (
        Instrument.NRS_PAIN, Decimal("3.00"), date(2025, 3, 1),
    )  # fmt: skip
    assert grip.measure is None and grip.target is None
    assert grip.description == "Stronger grip (measure: grip strength, target: 25.5)"
    gliding, soak = d.home_care
    assert gliding.library_key == "tendon_gliding" and gliding.kind is HomeCareKind.EXERCISE
    assert gliding.steps == ["Straight hand", "Hook fist", "Full fist"]
    assert (gliding.hold_seconds, gliding.repetitions, gliding.times_a_day) == (7, 10, 3)
    assert soak.kind is HomeCareKind.OTHER and soak.times_a_day is None
    assert soak.note == "Not too hot\n\nTimes a day: after meals"
    # A review date before the start could not stay: it is kept in the notes instead.
    assert newer.details.review_on is None
    assert "Review date before 0004: 2025-01-01" in newer.details.private_notes
    assert closed.details.started_on is not None and closed.details.ended_on is not None
    assert [row.id for row in list_plans(database, ids["ann"])] == [newer.id, older.id]
    with database.engine.connect() as connection:
        plan_of_session = connection.execute(sa.text("SELECT plan_id FROM treatment_sessions"))
        assert plan_of_session.scalar() == ids["older"]
    # The rule the migration made true, the database now keeps.
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE treatment_plans SET status = 'active' WHERE id = :id"),
            {"id": ids["older"]},
        )


def test_plans_written_before_0004_survive_on_a_sqlite_file(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    run_alembic(database, "upgrade", "0003")
    ids = _old_rows(database)

    upgrade(database)

    _check_upgraded(database, ids)
    database.dispose()


def test_downgrade_to_0003_keeps_what_0003_can_hold(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    run_alembic(database, "upgrade", "0003")
    ids = _old_rows(database)
    upgrade(database)

    run_alembic(database, "downgrade", "0003")

    with database.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, status, problem, supplement_notes FROM treatment_plans ORDER BY id")
        ).all()
        steps = connection.execute(
            sa.text("SELECT instructions FROM home_care_items ORDER BY position")
        ).scalars()
        assert [tuple(row) for row in rows] == [
            (ids["older"], "completed", "Carpal tunnel symptoms, right 手麻", "Vitamin B6"),
            (ids["newer"], "active", "Carpal tunnel symptoms, continuing", ""),
            (ids["closed"], "completed", "Wrist ache", ""),
        ]
        assert list(steps)[0] == "Straight hand\nHook fist\nFull fist"
    upgrade(database)
    assert get_plan(database, ids["older"]).details.problem.endswith("手麻")
    database.dispose()


@pytest.fixture
def old_server_database(postgres_url: str) -> Iterator[Database]:
    """A database of its own on the test server, at revision 0003."""
    import psycopg

    host = parse_qs(urlsplit(postgres_url).query)["host"][0]
    with psycopg.connect(host=host, user="wristcare", dbname="postgres",
                         autocommit=True) as connection:  # fmt: skip
        connection.execute("DROP DATABASE IF EXISTS wristcare_plans_0003")
        connection.execute("CREATE DATABASE wristcare_plans_0003")
    database = Database(postgres_url.replace("/wristcare_test?", "/wristcare_plans_0003?"))
    run_alembic(database, "upgrade", "0003")
    yield database
    database.dispose()


def test_plans_written_before_0004_survive_on_postgresql(old_server_database: Database) -> None:
    ids = _old_rows(old_server_database)

    upgrade(old_server_database)

    _check_upgraded(old_server_database, ids)
    # Ids carried over: the next plan gets a new one, not a clash.
    with old_server_database.engine.begin() as connection:
        new_id = connection.execute(
            sa.text(
                "INSERT INTO treatment_plans (patient_id, status, practitioner_id, "
                "practitioner_name, problem, supplements, notes_for_patient, private_notes, "
                "version_id, created_at, updated_at) VALUES (:p, 'draft', :who, 'X', '', '', "
                "'', '', 1, now(), now()) RETURNING id"
            ),
            {"p": ids["bob"], "who": ids["practitioner"]},
        ).scalar()
    assert new_id > ids["closed"]
    # The use cases keep one current plan on the server too (the old one is closed first).
    from wristcare.clinic.plans import make_current
    from wristcare.clinic.practitioners import context_for

    ctx = context_for(old_server_database, ids["practitioner"])
    older = get_plan(old_server_database, ids["older"])
    make_current(old_server_database, ctx, older.id, expected_version=older.version)
    assert get_plan(old_server_database, ids["newer"]).status is PlanStatus.COMPLETED
    assert get_plan(old_server_database, ids["older"]).status is PlanStatus.ACTIVE
