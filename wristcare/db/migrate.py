"""Bringing a database to the schema this version of WristCare expects.

An older database is copied aside before it is upgraded, so that a failed or unwanted
upgrade can always be undone by hand.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from wristcare.config import PRIVATE_FILE_MODE
from wristcare.db.engine import BUSY_TIMEOUT_MS, Database, driver_errors
from wristcare.db.errors import DatabaseCorruptError, DatabaseError, SchemaTooNewError
from wristcare.db.reference_data import load_reference_data

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The schema revision this version of WristCare writes."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    with driver_errors(), database.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        # A database downgraded to base keeps Alembic's own (empty) version table:
        # that is an empty WristCare database, not somebody else's.
        tables = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
        if revision is None and tables:
            raise DatabaseCorruptError(
                "This database has tables but no WristCare schema version: "
                "it was not made by WristCare."
            )
        return revision


@dataclass(frozen=True)
class UpgradeResult:
    previous: str | None
    current: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def is_known_revision(revision: str) -> bool:
    """Whether this version of WristCare knows the schema revision (else it is newer)."""
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def _backup_names(path: Path, label: str) -> Iterator[Path]:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        yield path.with_name(f"{path.name}.{label}-{stamp}{suffix}.bak")


def _new_private_file(path: Path) -> None:
    # O_EXCL: an existing file (perhaps someone else's, with other permissions) is never
    # reused or overwritten.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + s) for s in SQLITE_SIDECARS)):
        name.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _verify_copy(copy: Path, revision: str | None) -> None:
    # immutable: nothing else knows this file yet, and reading it must not leave a
    # -wal or -shm file beside it.
    uri = f"{copy.absolute().as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise DatabaseError("the copy did not pass SQLite's integrity check")
        has_versions = connection.execute(
            "SELECT count(*) FROM sqlite_schema WHERE name = ?", (VERSION_TABLE,)
        ).fetchone() == (1,)
        stored = (
            connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
            if has_versions
            else []
        )
        if stored != ([] if revision is None else [(revision,)]):
            raise DatabaseError("the copy does not have the schema version of the original")


def _move_into_place(partial: Path, names: Iterator[Path]) -> Path:
    # A hard link never replaces an existing file (it fails instead), so an earlier
    # backup made in the same second is never overwritten.
    for target in names:
        try:
            os.link(partial, target)
        except FileExistsError:
            continue
        partial.unlink()
        # The new name on disk too; not every system can open a folder to flush it.
        with contextlib.suppress(OSError):
            _fsync(target.parent)
        return target
    raise DatabaseError("too many backups of the same second")


def backup_sqlite(database: Database, label: str) -> Path | None:
    """Copy an SQLite database aside before it is changed; returns the copy's path.

    The copy is written under a temporary name with the online backup API (safe under
    WAL and while other programs read), checked (integrity, and the same schema version
    as the original), flushed to disk and only then renamed to ``*.bak``. A copy cut
    short (a crash, a kill, a full disk) is never left under a name that looks like a
    good backup: before this, a half-written ``.bak`` with its journal beside it opened
    as an empty database.
    """
    if database.path is None or not database.path.exists():
        return None
    revision = current_revision(database)
    path = database.path
    names = _backup_names(path, label)
    # The process id keeps two programs upgrading at once out of each other's way.
    partial = path.with_name(f"{path.name}.{label}.{os.getpid()}.partial")
    try:
        if partial.exists():
            # Left by a killed copy of an earlier process with our id: not a backup.
            _remove_with_sidecars(partial)
        _new_private_file(partial)
    except OSError as error:
        raise DatabaseError(
            f"Cannot make a backup file beside {path}: {error.strerror}; nothing was changed."
        ) from None
    try:
        with (
            closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
        _verify_copy(partial, revision)
        _fsync(partial)
        return _move_into_place(partial, names)
    except (sqlite3.Error, OSError, DatabaseError) as error:
        reason = error.message if isinstance(error, DatabaseError) else "the copy failed"
        raise DatabaseError(
            f"Could not copy the database aside to {path.parent} ({reason}); nothing was changed."
        ) from None
    finally:
        # On success the copy has its own name by now; on failure nothing half-made stays.
        _remove_with_sidecars(partial)


def refuse_if_damaged(database: Database) -> None:
    """Raise DatabaseCorruptError, changing nothing, when SQLite's quick check fails."""
    problems = database.quick_check()
    if problems:
        raise DatabaseCorruptError(
            "The database file is damaged (SQLite's integrity check failed). "
            "WristCare has not changed it. Restore it from a backup."
        )


def upgrade(database: Database, *, backup: bool = True, verify: bool = False) -> UpgradeResult:
    """Upgrade to the newest schema and refresh reference data; a no-op when current.

    A damaged database is never upgraded: it is checked first whenever its schema is
    to change, and always with ``verify`` (``wristcare migrate``).
    """
    previous = current_revision(database)
    head = head_revision()
    if previous is not None and not is_known_revision(previous):
        raise SchemaTooNewError(
            f"This database was written by a newer WristCare (schema {previous}). "
            "Install the newer version to open it."
        )
    if previous is not None and (verify or previous != head):
        refuse_if_damaged(database)
    copy = None
    if previous != head:
        if backup and previous is not None:
            copy = backup_sqlite(database, f"before-upgrade-from-{previous}")
        run_alembic(database, "upgrade", head)
    load_reference_data(database)
    return UpgradeResult(previous=previous, current=head, backup=copy)


def run_alembic(database: Database, action: str, revision: str) -> None:
    """Run an Alembic upgrade or downgrade on the database's own connection, in one
    transaction."""
    config = alembic_config()
    sqlite = database.backend == "sqlite"
    with driver_errors(), database.engine.connect() as connection:
        # SQLite batch mode rebuilds a table by copying it and dropping the old one;
        # with foreign keys on, dropping a table other rows point at fails (or worse,
        # cascades). SQLite's own recipe: switch them off outside the transaction,
        # check them before committing, switch them on again.
        raw = connection.connection.driver_connection
        assert raw is not None  # a checked-out connection always holds the driver's
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                getattr(command, action)(config, revision)
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise DatabaseError(
            f"The upgrade would leave {len(broken)} rows pointing at records that do not "
            "exist; nothing was changed."
        )
