"""PostgreSQL: the schema migrates, and a race on a unique index is a concurrent edit."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from wristcare.db.engine import CONCURRENT_EDIT_MESSAGE, Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.migrate import current_revision, head_revision, upgrade
from wristcare.db.models import Patient


@pytest.fixture(scope="module")
def server_database(postgres_url: str) -> Iterator[Database]:
    database = Database(postgres_url)
    upgrade(database)
    yield database
    database.dispose()


def test_the_schema_migrates_on_postgresql(server_database: Database) -> None:
    assert current_revision(server_database) == head_revision()


def _waiting_on_a_lock(database: Database) -> bool:
    with database.engine.connect() as connection:
        waiting = connection.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        )
        return bool(waiting.scalar())


def test_two_workstations_racing_for_one_record_number(
    server_database: Database, postgres_url: str
) -> None:
    other = Database(postgres_url)
    outcome: list[BaseException | None] = []

    def second_workstation() -> None:
        try:
            with other.transaction() as db:
                db.add(Patient(record_number="P-RACE", name="Second Workstation"))
                db.flush()  # waits here for the first workstation's uncommitted row
            outcome.append(None)
        except BaseException as error:  # handed to the test thread
            outcome.append(error)

    try:
        with server_database.transaction() as db:
            db.add(Patient(record_number="P-RACE", name="First Workstation"))
            db.flush()
            racer = threading.Thread(target=second_workstation)
            racer.start()
            # Bounded wait until the second insert is blocked on the first one's row.
            for _ in range(500):
                if _waiting_on_a_lock(server_database):
                    break
                time.sleep(0.01)
            else:
                pytest.fail("the second workstation never waited for the first")
        racer.join(timeout=30)
    finally:
        other.dispose()

    (error,) = outcome
    assert isinstance(error, ConcurrentEditError)
    assert error.message == CONCURRENT_EDIT_MESSAGE
    with server_database.read() as db:
        names = db.scalars(select(Patient.name).where(Patient.record_number == "P-RACE")).all()
    assert names == ["First Workstation"]


def test_check_only_reads_a_server_database(server_database: Database, postgres_url: str) -> None:
    from wristcare.db.errors import DatabaseError
    from wristcare.db.integrity import check_database

    reader = Database(postgres_url, read_only=True)
    try:
        assert check_database(reader).ok
        with pytest.raises(DatabaseError), reader.transaction() as db:
            db.add(Patient(record_number="P-READ-ONLY", name="Never Written"))
    finally:
        reader.dispose()
    with server_database.read() as db:
        assert db.scalar(select(Patient.id).where(Patient.record_number == "P-READ-ONLY")) is None
