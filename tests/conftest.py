"""Shared fixtures: a fresh SQLite file per test and an offscreen Qt platform."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # wristcare is imported only once pytest_configure has moved the folders
    from wristcare.clinic.context import ClinicContext
    from wristcare.db.engine import Database

# Before anything can create a QApplication: CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Where the suite's home, data, config and cache folders go instead of the real ones.
_SUITE_HOME: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Point every user folder somewhere private to this run, before any test module,
    fixture (of any scope) or plugin code can touch the real user data folder."""
    global _SUITE_HOME
    _SUITE_HOME = Path(tempfile.mkdtemp(prefix="wristcare-suite-"))
    (_SUITE_HOME / "home").mkdir()
    os.environ["HOME"] = str(_SUITE_HOME / "home")
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        os.environ[variable] = str(_SUITE_HOME / folder)
    os.environ["WRISTCARE_DATA_DIR"] = str(_SUITE_HOME / "wristcare-data")
    os.environ.pop("WRISTCARE_DB_URL", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SUITE_HOME is not None:
        shutil.rmtree(_SUITE_HOME, ignore_errors=True)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``needs_tool(program, package)`` is skipped where the program is
    missing, and fails under CI=true (see tests/tools.py)."""
    for marker in item.iter_markers("needs_tool"):
        # Imported here: tests/test_suite_isolation.py runs this file on its own.
        from tools import require_tool

        require_tool(*marker.args)


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


# The demo database most tests that need "a demo database" share: big enough for every
# kind of record the demo writes (archived patients, withdrawn consents, red flags with
# referrals, finished and current plans, handouts), small enough to fill in seconds.
DEMO_PATIENTS = 40
DEMO_SEED = 1


@pytest.fixture(scope="session")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database per pytest worker, filled as ``wristcare demo`` fills it
    (handouts included) but on the pinned clock. Tests copy it (``demo_db``) and never
    write to it."""
    from wristcare.db.engine import Database
    from wristcare.demo.fill import fill_demo
    from wristcare.demo.handouts import add_demo_handouts

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    database = Database(f"sqlite:///{path}")
    added = fill_demo(database, patients=DEMO_PATIENTS, seed=DEMO_SEED, clock=fixed_clock)
    add_demo_handouts(database, added.current_plans)
    database.dispose()
    _checkpointed(path)
    path.chmod(0o400)
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    """A private copy of the demo database, as a file."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def demo_database(demo_db: Path) -> Iterator[Database]:
    """A private copy of the demo database, opened."""
    from wristcare.db.engine import Database

    database = Database(f"sqlite:///{demo_db}")
    yield database
    database.dispose()


@pytest.fixture
def fresh_logging() -> Iterator[None]:
    """Each run of ``cli.main`` sets up logging in this test's own data folder; this
    leaves none of it behind for the next test (see tests/cli_helpers.py)."""
    logger = logging.getLogger("wristcare")
    saved = logger.handlers[:]
    logger.handlers.clear()
    yield
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:] = saved


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    path = tmp_path / "wristcare.sqlite3"
    shutil.copyfile(template_db, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh, current database on a real SQLite file."""
    from wristcare.db.engine import Database

    database = Database(f"sqlite:///{db_path}")
    yield database
    database.dispose()


@pytest.fixture
def ctx(database: Database) -> ClinicContext:
    """Acting as the test practitioner (the first on record), on the pinned clock."""
    from wristcare.clinic.practitioners import PractitionerDetails, register_first_practitioner

    return register_first_practitioner(
        database,
        PractitionerDetails(name="Tess Tester", profession="Acupuncturist"),
        clock=fixed_clock,
    )


def _checkpointed(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def damaged_index_db(db_path: Path) -> Path:
    """A current database whose patient-search index page is random bytes: opening it
    and reading its schema version work, SQLite's quick check does not."""
    import random
    import sqlite3

    _checkpointed(db_path)
    with sqlite3.connect(db_path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'patients' "
            "ORDER BY name LIMIT 1"
        ).fetchone()
    data = bytearray(db_path.read_bytes())
    data[(root - 1) * page_size : root * page_size] = random.Random(6).randbytes(page_size)
    db_path.write_bytes(bytes(data))
    return db_path


@pytest.fixture
def undecodable_schema_db(db_path: Path) -> Path:
    """A database whose schema text holds a byte that is not UTF-8: SQLite quotes it in
    its "malformed database schema" message, which Python's sqlite3 cannot decode."""
    _checkpointed(db_path)
    data = db_path.read_bytes()
    assert data.count(b"CREATE TABLE") > 1
    db_path.write_bytes(data.replace(b"CREATE TABLE", b"CREAT\x95 TABLE", 1))
    return db_path
