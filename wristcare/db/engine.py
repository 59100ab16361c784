"""Opening a database: URL checks, private file permissions, SQLite pragmas, transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
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
# The extra that brings each server's driver (pip install 'wristcare[postgresql]').
DRIVER_EXTRAS = {"postgresql": "postgresql"}
# PostgreSQL's SQLSTATE for a unique violation.
UNIQUE_VIOLATION = "23505"

# The most integrity problems listed: a badly damaged file can produce thousands.
MAX_PROBLEMS = 20

CONCURRENT_EDIT_MESSAGE = (
    "Someone else saved this record while you were editing it. "
    "Reopen it to see their changes; yours were not saved."
)


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
    if parsed.drivername == "postgresql":
        # SQLAlchemy's default PostgreSQL driver is psycopg2; WristCare ships psycopg 3.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def is_memory(url: URL) -> bool:
    """Whether the URL names an in-memory SQLite database, which keeps nothing."""
    if url.get_backend_name() != "sqlite":
        return False
    name = url.database or ""
    return (
        name in ("", ":memory:")
        or name.startswith("file::memory:")
        or (name.startswith("file:") and "mode=memory" in name)
    )


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL, or None for memory databases and other backends."""
    if url.get_backend_name() != "sqlite" or is_memory(url):
        return None
    return Path(url.database or "")


def _prepare_sqlite_file(path: Path) -> None:
    # Created owner-only before SQLite touches it; SQLite gives the -wal and -shm files
    # the same permissions as the database file.
    try:
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
        fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    except OSError as error:
        # A name too long for the file system, a folder that is not ours, a full disk...
        raise DatabaseError(f"Cannot open {path}: {error.strerror}") from None
    os.close(fd)
    # Someone else's file that we can still read and write: leave its mode alone.
    with contextlib.suppress(PermissionError):
        os.chmod(path, PRIVATE_FILE_MODE)


def _existing_sqlite_file(path: Path) -> None:
    # For reading only: a database must already be there, and nothing is created.
    try:
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file")
        if not path.exists():
            raise DatabaseError(f"There is no database at {path}")
        if path.stat().st_size == 0:
            raise DatabaseCorruptError(f"{path} is empty: it is not a WristCare database.")
        _check_sqlite_header(path)
    except OSError as error:
        raise DatabaseError(f"Cannot open {path}: {error.strerror}") from None


def _read_only_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing anything beside it.

    ``mode=ro`` alone is not enough for a database in WAL mode. SQLite's WAL
    documentation ("Read-Only Databases") says a read-only WAL database opens only if
    its -shm and -wal files already exist, or can be created, or the database is
    ``immutable``. A read-only connection that creates them can never remove them
    again (removing needs the write lock), so in a folder we may write to it would leave
    both behind, and in one we may not it fails with "unable to open database file".
    When the database is in WAL mode and there is no -wal file, no program has it open
    (each connection keeps the -wal file while it is open, and the last one to close
    removes it) and every committed change is in the main file, so ``immutable=1``
    reads exactly what is there and touches nothing: no locks, no -shm, no -wal. (A
    program that opens it during the check writes into a new -wal file, and copies into
    the main file only at a checkpoint, after many pages or when it closes.) When
    a -wal file is there, it may hold committed changes that the main file does not
    have yet, so the database is read normally, through it (SQLite then needs the -shm
    file too; in a folder we cannot write to, that must already exist).
    """
    uri = f"{path.absolute().as_uri()}?mode=ro"
    with contextlib.suppress(OSError), path.open("rb") as handle:
        header = handle.read(20)
        # Bytes 18 and 19 of the header are the write and read versions: 2 means WAL.
        in_wal_mode = header[18:20] == b"\x02\x02"
        if in_wal_mode and not path.with_name(path.name + "-wal").exists():
            uri += "&immutable=1"
    return uri


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


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # No journal_mode here: switching a file to WAL is a write (and someone else's file
    # is not ours to change). query_only refuses any write that slips through.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE), so a busy database makes
    # them wait for busy_timeout instead of failing half-way through with a deadlock.
    if conn.get_execution_options().get("wristcare_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _is_unique_violation(original: BaseException | None) -> bool:
    if getattr(original, "sqlstate", None) == UNIQUE_VIOLATION:  # psycopg 3
        return True
    if isinstance(original, sqlite3.IntegrityError):
        name = getattr(original, "sqlite_errorname", "")
        return name in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY") or str(
            original
        ).startswith("UNIQUE constraint failed")
    return False


def translate_error(error: exc.DBAPIError) -> DatabaseError:
    """A practitioner-readable error for a driver error (never the SQL or the data)."""
    if isinstance(error, exc.IntegrityError) and _is_unique_violation(error.orig):
        # Two writers took the same record number (or other unique value) at the same
        # moment: the loser's save is refused as a concurrent edit, which it is.
        return ConcurrentEditError(CONCURRENT_EDIT_MESSAGE)
    return _translate_text(str(error.orig) if error.orig is not None else "")


def translate_undecodable(error: UnicodeDecodeError) -> DatabaseError | None:
    """The error for a driver message that was not valid UTF-8, or None if it is not one.

    SQLite quotes parts of a damaged schema in its messages ("malformed database schema
    ... near ..."), and Python's sqlite3 module then fails to decode the message and
    raises UnicodeDecodeError instead of the error itself.
    """
    if not isinstance(error.object, bytes):
        return None
    text = error.object.decode("utf-8", errors="replace").lower()
    if not any(word in text for word in ("malformed", "not a database", "corrupt")):
        return None
    return _translate_text(text)


@contextmanager
def driver_errors() -> Iterator[None]:
    """Turn what the database driver raises into a practitioner-readable DatabaseError."""
    try:
        yield
    except exc.DBAPIError as error:
        raise translate_error(error) from None
    except UnicodeDecodeError as error:
        translated = translate_undecodable(error)
        if translated is None:
            raise
        raise translated from None


def _translate_text(message: str) -> DatabaseError:
    text = message.lower()
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
    unreachable = ("could not connect", "connection refused", "failed to resolve host")
    if any(words in text for words in unreachable):
        return DatabaseError("Cannot reach the database server.")
    return DatabaseError("The database reported an error; nothing was saved.")


def _missing_driver(url: URL) -> DatabaseError:
    extra = DRIVER_EXTRAS.get(url.get_backend_name())
    install = f" Install it with: pip install 'wristcare[{extra}]'" if extra else ""
    return DatabaseError(
        f"The driver for {url.drivername!r} databases is not installed with this copy "
        f"of WristCare.{install}"
    )


class Database:
    """An open database: the engine plus transactions for the clinic layer.

    With ``read_only`` the database is only looked at: nothing is created, no file mode
    or journal mode is changed, and nothing can be written (``wristcare check``).
    """

    def __init__(self, url: str, *, echo: bool = False, read_only: bool = False) -> None:
        self.url = parse_url(url)
        self.path = sqlite_path(self.url)
        self.read_only = read_only
        options: dict[str, Any] = {}
        if self.path is not None and read_only:
            _existing_sqlite_file(self.path)
            uri = _read_only_uri(self.path)
            options["creator"] = lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        elif self.path is not None:
            _prepare_sqlite_file(self.path)
        elif read_only and self.url.get_backend_name() == "postgresql":
            options["connect_args"] = {"options": "-c default_transaction_read_only=on"}
        try:
            # hide_parameters: a driver error must never carry patient data into a log.
            self.engine: Engine = create_engine(
                self.url, echo=echo, hide_parameters=True, **options
            )
        except (ImportError, exc.NoSuchModuleError):
            raise _missing_driver(self.url) from None
        if self.url.get_backend_name() == "sqlite":
            pragmas = _sqlite_read_only_pragmas if read_only else _sqlite_pragmas
            event.listen(self.engine, "connect", pragmas)
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
            with driver_errors(), self._writes.begin() as db:
                yield db
        except orm_exc.StaleDataError:
            raise ConcurrentEditError(CONCURRENT_EDIT_MESSAGE) from None

    @contextmanager
    def read(self) -> Iterator[DbSession]:
        """A read-only unit of work; anything written in it is rolled back."""
        with driver_errors(), self._reads() as db:
            try:
                yield db
            finally:
                db.rollback()

    def quick_check(self) -> list[str]:
        """SQLite's ``PRAGMA quick_check``: what is damaged, or an empty list when whole.

        Quick (it does not match indexes against their tables) and read-only, so it can
        run on every start. A server database looks after itself: an empty list.
        """
        if self.backend != "sqlite":
            return []
        with driver_errors(), self.engine.connect() as connection:
            rows = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
        return [] if rows == ["ok"] else [f"integrity: {row}" for row in rows[:MAX_PROBLEMS]]

    def dispose(self) -> None:
        self.engine.dispose()
