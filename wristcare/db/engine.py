"""Opening a database: URL checks, private file permissions, SQLite pragmas, transactions."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import exc as orm_exc
from sqlalchemy.orm import sessionmaker

from wristcare.config import PRIVATE_FILE_MODE, ensure_private_dir
from wristcare.db.errors import (
    ConcurrentEditError,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
)

BUSY_TIMEOUT_MS = 5000
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
# The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"


def parse_url(url: str) -> URL:
    """Parse and check a database URL, or raise a DatabaseError that says what is wrong."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise DatabaseError(f"Not a database URL: {url!r}") from None
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseError(
            f"Unsupported database {parsed.get_backend_name()!r}: use sqlite:///FILE "
            "or postgresql://USER@HOST/NAME"
        )
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL, or None for memory databases and other backends."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _prepare_sqlite_file(path: Path) -> None:
    # Created owner-only before SQLite touches it; SQLite gives the -wal and -shm files
    # the same permissions as the database file.
    if not path.parent.exists():
        try:
            ensure_private_dir(path.parent)
        except OSError as error:
            raise DatabaseError(
                f"Cannot create the folder {path.parent}: {error.strerror}"
            ) from None
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file")
    _check_sqlite_header(path)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    except OSError as error:
        raise DatabaseError(f"Cannot open {path}: {error.strerror}") from None
    os.close(fd)
    # Someone else's file that we can still read and write: leave its mode alone.
    with contextlib.suppress(PermissionError):
        os.chmod(path, PRIVATE_FILE_MODE)


def _check_sqlite_header(path: Path) -> None:
    # Say which file is wrong before SQLite does (its "file is not a database" names none).
    # An empty file is fine: SQLite makes a new database in it.
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise DatabaseError(f"Cannot open {path}: {error.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise DatabaseCorruptError(
            f"{path} is not a WristCare database (it is some other kind of file, or damaged)."
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so that BEGIN is ours
    # (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on power failure.
    # A signed note that vanishes after the practitioner saw it saved is not acceptable,
    # and one practitioner's writes are far too few for the extra fsync to be felt.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE), so a busy database makes
    # them wait for busy_timeout instead of failing half-way through with a deadlock.
    if conn.get_execution_options().get("wristcare_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def translate_error(error: exc.DBAPIError) -> DatabaseError:
    """A practitioner-readable error for a driver error (never the SQL or the data)."""
    text = str(error.orig).lower() if error.orig is not None else ""
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            "The database is in use by another program. Wait a moment and try again."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseCorruptError(
            "The database file is damaged or is not a WristCare database. Restore it from a backup."
        )
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return DatabaseError("The database file cannot be opened for writing.")
    if "could not connect" in text or "connection refused" in text:
        return DatabaseError("Cannot reach the database server.")
    return DatabaseError("The database reported an error; nothing was saved.")


class Database:
    """An open database: the engine plus transactions for the clinic layer."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = parse_url(url)
        self.path = sqlite_path(self.url)
        if self.path is not None:
            _prepare_sqlite_file(self.path)
        try:
            # hide_parameters: a driver error must never carry patient data into a log.
            self.engine: Engine = create_engine(self.url, echo=echo, hide_parameters=True)
        except (ImportError, exc.NoSuchModuleError):
            raise DatabaseError(
                f"The driver for {self.url.drivername!r} databases is not installed "
                "with this copy of WristCare."
            ) from None
        if self.url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._write_engine = self.engine.execution_options(wristcare_write=True)
        self._reads = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._writes = sessionmaker(bind=self._write_engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.url.get_backend_name()

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One write transaction: committed on success, rolled back on any error."""
        try:
            with self._writes.begin() as db:
                yield db
        except orm_exc.StaleDataError:
            raise ConcurrentEditError(
                "Someone else saved this record while you were editing it. "
                "Reopen it to see their changes; yours were not saved."
            ) from None
        except exc.DBAPIError as error:
            raise translate_error(error) from None

    @contextmanager
    def read(self) -> Iterator[DbSession]:
        """A read-only unit of work; anything written in it is rolled back."""
        try:
            with self._reads() as db:
                try:
                    yield db
                finally:
                    db.rollback()
        except exc.DBAPIError as error:
            raise translate_error(error) from None

    def dispose(self) -> None:
        self.engine.dispose()
