"""Starting up: open the database or say plainly why not, then check that it is whole.

The practitioner never sees a terminal, so every failure to open, upgrade or check the
database is shown in a dialog, and logged as one line without patient data. The app then
stops without changing the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from wristcare.db.engine import Database
from wristcare.db.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    SchemaTooNewError,
)
from wristcare.errors import WristCareError
from wristcare.gui import crash, dialogs
from wristcare.gui.tasks import run_in_background

log = logging.getLogger(__name__)

DAMAGED_MESSAGE = (
    "The database file is damaged: SQLite's integrity check found problems in it.\n\n"
    "WristCare will close without changing the file. Restore the database from a backup "
    "(copies made before each upgrade are beside it, ending in .bak), or keep the file "
    "and ask for help recovering it."
)


def _title(error: WristCareError) -> str:
    if isinstance(error, DatabaseCorruptError):
        return "The database is damaged"
    if isinstance(error, SchemaTooNewError):
        return "The database is from a newer WristCare"
    if isinstance(error, DatabaseLockedError):
        return "The database is in use"
    return "WristCare cannot open the database"


def show_failure(title: str, message: str) -> None:
    """The one dialog for a start-up failure (tests replace it)."""
    QMessageBox.critical(None, title, message)


def report(error: WristCareError) -> None:
    """Log a start-up failure (never a record's content) and show it in a dialog."""
    # Storage messages are written by WristCare and quote no record; others only by kind.
    detail = " ".join(error.message.split()) if isinstance(error, DatabaseError) else ""
    log.warning("start-up failed: %s %s", type(error).__name__, detail)
    show_failure(_title(error), error.message)


def ask_to_create(path: Path) -> bool:
    """Whether to make a new, empty database at ``path``, where none exists yet."""
    return dialogs.confirm(
        None,
        "Create a new database?",
        f"There is no WristCare database at {path}.\n\n"
        "If your patients' records should be there, the path may be mistyped: choose "
        "Cancel and check it. Otherwise WristCare makes a new, empty database there.",
        "Create new database",
    )


def open_database(
    open_: Callable[[], Database], new_file: Callable[[], Path | None]
) -> Database | None:
    """Open (and upgrade) the database, or explain why not and give None.

    ``new_file`` names the file that opening would create, when that needs the
    practitioner's yes first (any new file but the default data file).
    """
    try:
        path = new_file()
        if path is not None and not ask_to_create(path):
            log.info("start-up: no new database was created")
            return None
        return open_()
    except WristCareError as error:
        report(error)
        return None


def check_in_background(
    database: Database, window: QWidget, on_damaged: Callable[[], None]
) -> None:
    """Run SQLite's quick check after the window shows; if the file is damaged, say so
    and call ``on_damaged`` (the app stops, leaving the file as it is)."""

    def done(problems: list[str]) -> None:
        if problems:
            report(DatabaseCorruptError(DAMAGED_MESSAGE))
            on_damaged()

    def failed(error: BaseException) -> None:
        if isinstance(error, WristCareError):
            report(error)
            on_damaged()
        else:
            crash.show_error(window, error)

    run_in_background(database.quick_check, done, failed, owner=window)
