"""Bringing a database to the schema this version of WristCare expects.

An older database is copied aside before it is upgraded, so that a failed or unwanted
upgrade can always be undone by hand.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, exc, inspect

from wristcare.config import PRIVATE_FILE_MODE
from wristcare.db.engine import Database, translate_error
from wristcare.db.errors import DatabaseCorruptError, DatabaseError, SchemaTooNewError
from wristcare.db.reference_data import load_reference_data

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


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
    try:
        with database.engine.connect() as connection:
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
    except exc.DBAPIError as error:
        raise translate_error(error) from None


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


def _new_private_file(path: Path, label: str) -> Path:
    # O_EXCL: two backups in the same second must not overwrite each other, and an
    # existing file (perhaps someone else's, with other permissions) is never reused.
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 1000):
        suffix = "" if attempt == 1 else f"-{attempt}"
        target = path.with_name(f"{path.name}.{label}-{stamp}{suffix}.bak")
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        except FileExistsError:
            continue
        except OSError as error:
            raise DatabaseError(
                f"Cannot make a backup file beside {path}: {error.strerror}; nothing was changed."
            ) from None
        os.close(fd)
        return target
    raise DatabaseError(f"Cannot make a backup file beside {path}: too many backups")


def backup_sqlite(database: Database, label: str) -> Path | None:
    """Copy an SQLite database aside with the online backup API (safe under WAL)."""
    if database.path is None or not database.path.exists():
        return None
    target = _new_private_file(database.path, label)
    try:
        with (
            closing(sqlite3.connect(database.path)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
    except sqlite3.Error:
        # A half-written copy must not be mistaken for a good one later.
        target.unlink(missing_ok=True)
        raise DatabaseError(
            f"Could not copy the database aside to {target.parent}; nothing was changed."
        ) from None
    return target


def upgrade(database: Database, *, backup: bool = True) -> UpgradeResult:
    """Upgrade to the newest schema and refresh reference data; a no-op when current."""
    previous = current_revision(database)
    head = head_revision()
    if previous is not None and not is_known_revision(previous):
        raise SchemaTooNewError(
            f"This database was written by a newer WristCare (schema {previous}). "
            "Install the newer version to open it."
        )
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
    try:
        with database.engine.connect() as connection:
            # SQLite batch mode rebuilds a table by copying it and dropping the old one;
            # with foreign keys on, dropping a table other rows point at fails (or worse,
            # cascades). SQLite's own recipe: switch them off outside the transaction,
            # check them before committing, switch them on again.
            raw = connection.connection.driver_connection
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
    except exc.DBAPIError as error:
        raise translate_error(error) from None


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise DatabaseError(
            f"The upgrade would leave {len(broken)} rows pointing at records that do not "
            "exist; nothing was changed."
        )
