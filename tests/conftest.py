"""Shared fixtures: a fresh SQLite file per test and an offscreen Qt platform."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

# Before anything can create a QApplication: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user's data folder and settings."""
    monkeypatch.setenv("WRISTCARE_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.delenv("WRISTCARE_DB_URL", raising=False)


# The suite pins the clinic's zone and clock, so it passes in any host time zone and on
# any day (29 February included). Noon in the clinic on TODAY, a Sunday in summer time.
CLINIC_ZONE = "Europe/London"
TODAY = date(2025, 6, 15)
NOW = datetime(2025, 6, 15, 11, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database with reference data, copied for each test (migrating is slow)."""
    from wristcare.db.engine import Database
    from wristcare.db.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE clinic_settings SET time_zone = ?", (CLINIC_ZONE,))
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    path = tmp_path / "wristcare.sqlite3"
    shutil.copyfile(template_db, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[object]:
    """A fresh, current database on a real SQLite file."""
    from wristcare.db.engine import Database

    database = Database(f"sqlite:///{db_path}")
    yield database
    database.dispose()


@pytest.fixture
def ctx(database: object):  # type: ignore[no-untyped-def]
    """Acting as the test practitioner (the first on record), on the pinned clock."""
    from wristcare.clinic.practitioners import PractitionerDetails, register_first_practitioner

    return register_first_practitioner(
        database,  # type: ignore[arg-type]
        PractitionerDetails(name="Tess Tester", profession="Acupuncturist"),
        clock=fixed_clock,
    )
