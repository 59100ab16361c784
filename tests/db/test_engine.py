"""Opening databases: pragmas, private files, errors a practitioner can act on, transactions."""

from __future__ import annotations

import sqlite3
import stat
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from wristcare.db import engine as engine_module
from wristcare.db.engine import CONCURRENT_EDIT_MESSAGE, Database, translate_error
from wristcare.db.errors import (
    ConcurrentEditError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
)
from wristcare.db.migrate import upgrade
from wristcare.db.models import Patient, Practitioner, TreatmentSession
from wristcare.errors import WristCareError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _count_patients(database: Database) -> int:
    with database.read() as db:
        return int(db.scalar(select(func.count(Patient.id))) or 0)


def test_pragmas_are_set_on_every_connection(database: Database) -> None:
    # Two connections at once: each must have gone through the connect hook.
    with database.engine.connect() as first, database.engine.connect() as second:
        for connection in (first, second):
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA busy_timeout").scalar() == 5000


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(DatabaseError), database.transaction() as db:
        practitioner = Practitioner(name="Dr Test")
        db.add(practitioner)
        db.flush()
        now = datetime.now(UTC)
        db.add(
            TreatmentSession(
                patient_id=999,
                practitioner_id=practitioner.id,
                started_at=now,
                local_date=now.date(),
                tz="UTC",
            )
        )
    with database.read() as db:
        assert db.scalar(select(func.count(TreatmentSession.id))) == 0


def test_new_file_and_new_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "deeper"
    path = folder / "clinic.sqlite3"

    database = Database(f"sqlite:///{path}")
    upgrade(database)

    assert _mode(path) == 0o600
    assert _mode(folder) == 0o700
    # Folders made on the way there hold the same records: private too.
    assert _mode(tmp_path / "new") == 0o700
    for sidecar in ("-wal", "-shm"):
        side = path.with_name(path.name + sidecar)
        if side.exists():
            assert _mode(side) == 0o600
    database.dispose()


def test_existing_database_is_made_private(db_path: Path) -> None:
    db_path.chmod(0o644)
    Database(f"sqlite:///{db_path}").dispose()
    assert _mode(db_path) == 0o600


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("nonsense://x", "Unsupported database 'nonsense'"),
        ("mysql://user@host/db", "Unsupported database 'mysql'"),
        ("this is not a url", "Not a database URL"),
        ("", "Not a database URL"),
        ("postgresql+nodriver://user@host/db", "driver"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, words: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        Database(url)
    assert words in caught.value.message


def test_folder_as_database_path(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Database(f"sqlite:///{tmp_path}")


def test_path_inside_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(DatabaseError, match="notes.txt"):
        Database(f"sqlite:///{blocker / 'sub' / 'clinic.sqlite3'}")
    with pytest.raises(DatabaseError, match="notes.txt"):
        Database(f"sqlite:///{blocker / 'clinic.sqlite3'}")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_text_file_pretending_to_be_a_database(tmp_path: Path) -> None:
    impostor = tmp_path / "clinic.sqlite3"
    impostor.write_text("Dear patient, your appointment is on Monday.\n" * 50, encoding="utf-8")
    impostor.chmod(0o644)

    with pytest.raises(DatabaseCorruptError) as caught:
        Database(f"sqlite:///{impostor}")

    assert str(impostor) in caught.value.message
    assert "not a WristCare database" in caught.value.message
    # Someone's document is neither changed nor has its permissions taken away.
    assert impostor.read_text(encoding="utf-8").startswith("Dear patient")
    assert _mode(impostor) == 0o644


def test_damaged_database_is_reported_as_corrupt(db_path: Path) -> None:
    # A real SQLite header followed by garbage: SQLite itself finds the damage.
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    database = Database(f"sqlite:///{db_path}")
    with pytest.raises(DatabaseCorruptError), database.transaction() as db:
        db.scalar(select(func.count(Patient.id)))
    database.dispose()


def test_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    assert _count_patients(database) == 0
    database.dispose()


def test_locked_database_raises_locked_error(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read when each connection is made, so a small value here keeps the test quick.
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    database = Database(f"sqlite:///{db_path}")
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 200

    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        locked = pytest.raises(DatabaseLockedError, match="in use by another program")
        with locked, database.transaction() as db:
            db.add(Patient(record_number="T1", name="Waiting Patient"))
        assert time.monotonic() - started < 3
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _count_patients(database) == 0
    database.dispose()


def test_write_transaction_takes_the_write_lock_at_once(database: Database, db_path: Path) -> None:
    # BEGIN IMMEDIATE: a writer waits for the lock up front rather than failing later.
    with database.transaction() as db:
        db.scalar(select(func.count(Patient.id)))
        other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_read_does_not_block_writers(database: Database, db_path: Path) -> None:
    with database.read() as db:
        db.scalar(select(func.count(Patient.id)))
        other = sqlite3.connect(db_path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_failed_transaction_saves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError), database.transaction() as db:
        db.add(Patient(record_number="T1", name="First"))
        db.flush()
        db.add(Patient(record_number="T2", name="Second"))
        db.flush()
        raise RuntimeError("power cut half-way")
    assert _count_patients(database) == 0


def test_database_error_half_way_saves_nothing(database: Database) -> None:
    with pytest.raises(DatabaseError) as caught, database.transaction() as db:
        db.add(Patient(record_number="T1", name="First"))
        db.flush()
        db.add(Patient(record_number="T2", name=None))  # the name is required
        db.flush()
    assert type(caught.value) is DatabaseError
    assert "nothing was saved" in caught.value.message
    # Never the data or the SQL in a message that may be shown or logged.
    assert "First" not in caught.value.message and "INSERT" not in caught.value.message
    assert _count_patients(database) == 0


def test_read_never_writes(database: Database) -> None:
    with database.read() as db:
        db.add(Patient(record_number="T1", name="Not Saved"))
        db.flush()
    assert _count_patients(database) == 0


def test_aware_datetimes_round_trip_in_utc(database: Database) -> None:
    plus_five = timezone(timedelta(hours=5, minutes=30))
    moment = datetime(2024, 3, 31, 1, 30, 15, 123456, tzinfo=plus_five)
    with database.transaction() as db:
        db.add(Patient(record_number="T1", name="Time Zone", archived_at=moment))

    with database.read() as db:
        stored = db.scalar(select(Patient.archived_at))
    assert stored == moment
    assert stored.tzinfo == UTC
    assert stored.hour == 20 and stored.day == 30  # 01:30 +05:30 is 20:00 UTC the day before


def test_naive_datetimes_are_refused(database: Database) -> None:
    refused = pytest.raises((ValueError, StatementError), match="naive")
    with refused, database.transaction() as db:
        db.add(Patient(record_number="T1", name="Naive", archived_at=datetime(2024, 1, 1)))
    assert _count_patients(database) == 0


def test_none_datetime_stays_none(database: Database) -> None:
    with database.transaction() as db:
        db.add(Patient(record_number="T1", name="Never Archived", date_of_birth=date(1970, 1, 1)))
    with database.read() as db:
        assert db.scalar(select(Patient.archived_at)) is None


@pytest.mark.parametrize(
    ("driver_message", "kind", "words"),
    [
        ("database is locked", DatabaseLockedError, "in use"),
        ("file is not a database", DatabaseCorruptError, "damaged"),
        ("database disk image is malformed", DatabaseCorruptError, "damaged"),
        ("attempt to write a readonly database", DatabaseError, "cannot be opened for writing"),
        ("could not connect to server: Connection refused", DatabaseError, "server"),
        ("something nobody expected: Jane Doe", DatabaseError, "nothing was saved"),
    ],
)
def test_translate_error(driver_message: str, kind: type[WristCareError], words: str) -> None:
    from sqlalchemy.exc import OperationalError

    error = translate_error(OperationalError("SELECT secret", {}, Exception(driver_message)))
    assert type(error) is kind
    assert words in error.message
    assert "Jane" not in error.message and "SELECT" not in error.message


# --- races on a unique index, messages SQLite cannot spell -----------------------------------


def test_a_unique_index_race_is_a_concurrent_edit(database: Database, db_path: Path) -> None:
    # Two workstations took the same record number: the second save loses the race.
    other = Database(f"sqlite:///{db_path}")
    with other.transaction() as theirs:
        theirs.add(Patient(record_number="P000007", name="Saved First"))
    with pytest.raises(ConcurrentEditError) as caught, database.transaction() as db:
        db.add(Patient(record_number="P000007", name="Saved Second"))
    other.dispose()
    assert caught.value.message == CONCURRENT_EDIT_MESSAGE
    with database.read() as db:
        assert db.scalars(select(Patient.name)).all() == ["Saved First"]


def test_other_integrity_errors_are_not_concurrent_edits(database: Database) -> None:
    with pytest.raises(DatabaseError) as caught, database.transaction() as db:
        db.add(TreatmentSession(patient_id=999, started_at=datetime.now(UTC)))
    assert type(caught.value) is DatabaseError


def test_a_postgresql_unique_violation_is_a_concurrent_edit() -> None:
    errors = pytest.importorskip("psycopg.errors")
    from sqlalchemy.exc import IntegrityError

    driver_error = errors.UniqueViolation("duplicate key value violates unique constraint")
    assert driver_error.sqlstate == "23505"
    error = translate_error(IntegrityError("INSERT secret", {}, driver_error))
    assert type(error) is ConcurrentEditError
    assert error.message == CONCURRENT_EDIT_MESSAGE
    other = translate_error(IntegrityError("INSERT", {}, errors.NotNullViolation("null")))
    assert type(other) is DatabaseError


def test_an_undecodable_driver_message_is_a_damaged_database(
    undecodable_schema_db: Path,
) -> None:
    database = Database(f"sqlite:///{undecodable_schema_db}")
    with pytest.raises(DatabaseCorruptError), database.read() as db:
        db.scalar(select(func.count(Patient.id)))
    with pytest.raises(DatabaseCorruptError):
        database.quick_check()
    database.dispose()


def test_an_undecodable_message_from_elsewhere_is_not_hidden(database: Database) -> None:
    with pytest.raises(UnicodeDecodeError), database.read():
        b"caf\xe9".decode("utf-8")
