"""Bringing a database to the schema this version of WristCare expects.

An older database is copied aside before it is upgraded, so that a failed or unwanted
upgrade can always be undone by hand.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import exc, inspect

from wristcare.config import PRIVATE_FILE_MODE
from wristcare.db.engine import Database, translate_error
from wristcare.db.errors import DatabaseCorruptError, SchemaTooNewError
from wristcare.db.reference_data import load_reference_data

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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
            if revision is None and inspect(connection).get_table_names():
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


def _known(revision: str) -> bool:
    script = ScriptDirectory.from_config(alembic_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def backup_sqlite(database: Database, label: str) -> Path | None:
    """Copy an SQLite database aside with the online backup API (safe under WAL)."""
    if database.path is None or not database.path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = database.path.with_name(f"{database.path.name}.{label}-{stamp}.bak")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    os.close(fd)
    source = sqlite3.connect(database.path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def upgrade(database: Database, *, backup: bool = True) -> UpgradeResult:
    """Upgrade to the newest schema and refresh reference data; a no-op when current."""
    previous = current_revision(database)
    head = head_revision()
    if previous is not None and not _known(previous):
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
    """Run an Alembic upgrade or downgrade on the database's own connection."""
    config = alembic_config()
    try:
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    except exc.DBAPIError as error:
        raise translate_error(error) from None
