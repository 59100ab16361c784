"""Migrations: a new database reaches head, models and migrations agree, upgrades are safe."""

from __future__ import annotations

import signal
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select

from wristcare.db import migrate
from wristcare.db.engine import Database
from wristcare.db.errors import DatabaseCorruptError, DatabaseError, SchemaTooNewError
from wristcare.db.migrate import (
    backup_sqlite,
    current_revision,
    head_revision,
    run_alembic,
    upgrade,
)
from wristcare.db.models import Base, Patient, Practitioner, TreatmentSession


def _new_database(tmp_path: Path, name: str = "new.sqlite3") -> Database:
    return Database(f"sqlite:///{tmp_path / name}")


def _add_patient(database: Database, name: str = "Ada Lovelace") -> None:
    with database.transaction() as db:
        db.add(Patient(record_number=f"T-{name}", name=name, date_of_birth=date(1980, 1, 2)))


def _patient_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM patients ORDER BY id")]


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


def test_fresh_database_upgrades_to_head(tmp_path: Path) -> None:
    database = _new_database(tmp_path)
    assert current_revision(database) is None

    result = upgrade(database)

    assert result.previous is None
    assert result.current == head_revision()
    assert result.changed
    assert current_revision(database) == head_revision()
    with database.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    assert set(Base.metadata.tables) <= tables
    database.dispose()


def test_models_and_migrations_agree(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_at_head_is_a_no_op(database: Database, db_path: Path) -> None:
    _add_patient(database)

    result = upgrade(database)

    assert not result.changed
    assert result.backup is None
    assert _backups(db_path.parent) == []
    assert _patient_names(db_path) == ["Ada Lovelace"]


def test_new_database_gets_no_backup(tmp_path: Path) -> None:
    database = _new_database(tmp_path)
    result = upgrade(database)
    assert result.backup is None
    assert _backups(tmp_path) == []
    database.dispose()


def test_downgrade_to_base_and_upgrade_round_trip(database: Database) -> None:
    run_alembic(database, "downgrade", "base")
    with database.engine.connect() as connection:
        left = set(inspect(connection).get_table_names()) - {"alembic_version"}
    assert left == set()
    # Only Alembic's own bookkeeping table is left: that is an empty WristCare database,
    # not somebody else's.
    assert current_revision(database) is None

    result = upgrade(database)

    assert result.previous is None
    assert current_revision(database) == head_revision()
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_data_survives_a_no_op_downgrade_to_head(database: Database, db_path: Path) -> None:
    _add_patient(database, "Grace Hopper")

    run_alembic(database, "downgrade", head_revision())
    upgrade(database)

    assert _patient_names(db_path) == ["Grace Hopper"]


def test_backup_is_private_and_consistent(database: Database, db_path: Path) -> None:
    _add_patient(database, "Mary Seacole")
    # The row is still in the -wal file only: the copy must include it anyway.
    assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0

    copy = backup_sqlite(database, "test")

    assert copy is not None
    assert copy.parent == db_path.parent
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert _patient_names(copy) == ["Mary Seacole"]
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_two_backups_in_the_same_second_do_not_overwrite(database: Database) -> None:
    first = backup_sqlite(database, "same")
    _add_patient(database, "Later Patient")
    second = backup_sqlite(database, "same")

    assert first is not None and second is not None
    assert first != second
    assert _patient_names(first) == []
    assert _patient_names(second) == ["Later Patient"]


def test_backup_of_memory_database_is_none() -> None:
    assert backup_sqlite(Database("sqlite://"), "x") is None


NEXT_REVISION = """\"\"\"test: the next schema\"\"\"
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade():
{body}


def downgrade():
    pass
"""

# What a real future migration that changes a column does on SQLite: rebuild the
# patients table, which other tables point at.
REBUILD_PATIENTS = """\
    with op.batch_alter_table("patients", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("test_column", sa.Text(), nullable=True))"""


@pytest.fixture
def next_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Install a copy of the migrations plus revision 9999 with the given upgrade body,
    so that today's head becomes an "older" schema. Returns today's head."""
    import shutil

    def install(body: str = REBUILD_PATIENTS) -> str:
        folder = tmp_path / "migrations"
        shutil.copytree(migrate.MIGRATIONS_DIR, folder)
        current = head_revision()
        source = NEXT_REVISION.format(down=current, body=body)
        (folder / "versions" / "9999_test_next.py").write_text(source, encoding="utf-8")
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
        return current

    return install


def test_upgrade_of_older_database_makes_a_backup_first(
    database: Database, db_path: Path, next_revision
) -> None:
    older = next_revision()
    _add_patient(database, "Florence Nightingale")
    with database.transaction() as db:
        patient_id = db.scalar(select(Patient.id))
        db.add(_session(db, patient_id))

    result = upgrade(database)

    assert result.previous == older
    assert result.current == "9999"
    assert current_revision(database) == "9999"
    assert result.backup is not None
    assert f"before-upgrade-from-{older}" in result.backup.name
    assert stat.S_IMODE(result.backup.stat().st_mode) == 0o600
    # The copy is the database as it was: old schema, same rows.
    assert _patient_names(result.backup) == ["Florence Nightingale"]
    with sqlite3.connect(result.backup) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == (older,)
    # The upgraded database kept its rows and the session still points at its patient.
    assert _patient_names(db_path) == ["Florence Nightingale"]
    with database.read() as db:
        assert db.scalar(select(func.count(TreatmentSession.id))) == 1


def test_foreign_keys_are_enforced_again_after_a_migration(
    database: Database, next_revision
) -> None:
    next_revision()
    upgrade(database)
    assert current_revision(database) == "9999"
    with pytest.raises(DatabaseError), database.transaction() as db:
        db.add(_session(db, 424242))


def test_migration_that_breaks_foreign_keys_is_rolled_back(
    database: Database, db_path: Path, next_revision
) -> None:
    older = next_revision(
        '    op.execute("INSERT INTO consents (patient_id, modality, given_on, method, '
        "consenter, guardian_name, notes, recorded_at, recorded_by, version_id) VALUES "
        "(4242, 'cupping', '2024-01-01', 'written', 'patient', '', '', "
        "'2024-01-01 00:00:00', '', 1)\")"
    )

    with pytest.raises(DatabaseError, match="pointing at records that do not exist"):
        upgrade(database)

    assert current_revision(database) == older
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM consents").fetchone() == (0,)


def test_unknown_revision_raises_schema_too_new(database: Database, db_path: Path) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'from_the_future'")

    with pytest.raises(SchemaTooNewError, match="newer WristCare"):
        upgrade(database)
    # Nothing was touched: the version is still the unknown one.
    with sqlite3.connect(db_path) as connection:
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == ("from_the_future",)


def test_foreign_tables_without_version_raise_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "other-app.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    database = Database(f"sqlite:///{path}")

    with pytest.raises(DatabaseCorruptError, match="not made by WristCare"):
        upgrade(database)
    # The other program's data is left alone.
    with sqlite3.connect(path) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"invoices"}
    database.dispose()


def _aware(year: int, month: int, day: int):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(year, month, day, 10, 0, tzinfo=UTC)


def _session(db, patient_id: int) -> TreatmentSession:  # type: ignore[no-untyped-def]
    practitioner = Practitioner(name="Dr Test")
    db.add(practitioner)
    db.flush()
    return TreatmentSession(
        patient_id=patient_id,
        practitioner_id=practitioner.id,
        started_at=_aware(2024, 5, 1),
        local_date=date(2024, 5, 1),
        tz="UTC",
    )


# --- an interrupted pre-upgrade copy -------------------------------------------------------

# Copies one page at a time and then fails as a full disk would (in process) or is killed
# (in a subprocess): what the upgrade leaves behind must never pass for a backup.
INTERRUPTED_COPY = """
import os, signal, sqlite3
from pathlib import Path

REAL_CONNECT = sqlite3.connect


class InterruptedCopy(sqlite3.Connection):
    def backup(self, target, **options):
        def interrupt(status, remaining, total):
            if total - remaining >= 3:
                {interrupt}

        super().backup(target, pages=1, progress=interrupt, sleep=0)


def interrupt_copies_of(path):
    def connect(database, *args, **kwargs):
        if Path(str(database)) == path:
            kwargs["factory"] = InterruptedCopy
        return REAL_CONNECT(database, *args, **kwargs)

    sqlite3.connect = connect
"""


def _revision_of(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _fill(database: Database, count: int) -> None:
    with database.transaction() as db:
        for number in range(count):
            db.add(Patient(record_number=f"T{number:04}", name=f"Patient {number} " + "x" * 500))


def test_a_copy_that_fails_half_way_leaves_no_backup(
    database: Database, db_path: Path, next_revision, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = next_revision()
    _fill(database, 100)
    namespace: dict[str, object] = {}
    exec(
        INTERRUPTED_COPY.format(interrupt='raise OSError(28, "No space left on device")'), namespace
    )
    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", sqlite3.connect)  # restored afterwards
        namespace["interrupt_copies_of"](db_path)  # type: ignore[operator]
        with pytest.raises(DatabaseError, match="nothing was changed"):
            upgrade(database)

    assert _backups(db_path.parent) == []
    assert sorted(p.name for p in db_path.parent.iterdir() if ".partial" in p.name) == []
    assert _revision_of(db_path) == older
    assert len(_patient_names(db_path)) == 100


def test_an_upgrade_killed_during_its_copy_leaves_no_misleading_backup(
    database: Database, db_path: Path, tmp_path: Path, next_revision
) -> None:
    older = next_revision()
    _fill(database, 100)
    database.dispose()
    script = INTERRUPTED_COPY.format(interrupt="os.kill(os.getpid(), signal.SIGKILL)") + (
        "\nimport sys\n"
        "from wristcare.db import migrate\n"
        "from wristcare.db.engine import Database\n"
        "migrate.MIGRATIONS_DIR = Path(sys.argv[2])\n"
        "interrupt_copies_of(Path(sys.argv[1]))\n"
        "migrate.upgrade(Database('sqlite:///' + sys.argv[1]))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script, str(db_path), str(migrate.MIGRATIONS_DIR)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == -signal.SIGKILL, result.stderr
    # Whatever the killed copy left (a temporary file, its journal) is not named as a
    # backup, and the database itself is as it was.
    assert _backups(db_path.parent) == []
    assert _revision_of(db_path) == older
    assert len(_patient_names(db_path)) == 100


def test_a_successful_copy_leaves_no_temporary_file(database: Database, db_path: Path) -> None:
    copy = backup_sqlite(database, "tidy")
    assert copy is not None
    assert [p for p in db_path.parent.iterdir() if ".partial" in p.name] == []
    assert [p.name for p in db_path.parent.iterdir() if p.name.startswith(copy.name)] == [copy.name]
