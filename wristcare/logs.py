"""Logging set-up and crash reports that never contain patient data.

Log lines say what happened (opened a database, saved a record id), never what a record
says. Crash reports keep the traceback's places (file, line, function) and the exception's
type, and drop its message, which may quote what was typed.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from io import TextIOWrapper
from types import TracebackType

from wristcare.config import PRIVATE_FILE_MODE, data_dir, ensure_private_dir, log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_FILENAME = "wristcare.log"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, including each one started after a rollover, is
    created owner-only (the handler would otherwise use the default mode)."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        os.chmod(self.baseFilename, PRIVATE_FILE_MODE)  # a file made by an older version
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(level: int = logging.INFO) -> None:
    """Log to a rotating owner-only file in the data directory.

    Nothing goes to stderr: the command line promises one line per failure there.
    """
    root = logging.getLogger("wristcare")
    if root.handlers:
        return
    root.setLevel(level)
    try:
        ensure_private_dir(data_dir())
        folder = ensure_private_dir(log_dir())
        handler: logging.Handler = _PrivateRotatingFileHandler(
            folder / LOG_FILENAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        # No writable data folder: keep warnings and errors only, on stderr.
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)


def crash_report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    """A traceback with every frame's place but no exception messages or local values."""
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
    lines.append(f"{kind.__module__}.{kind.__qualname__} (message withheld: may hold patient data)")
    cause = error.__cause__ or error.__context__
    if cause is not None and cause is not error:
        lines.append(f"caused by {type(cause).__module__}.{type(cause).__qualname__}")
    return "\n".join(lines)
