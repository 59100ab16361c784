"""Logging set-up and crash reports that never contain patient data.

Log lines say what happened (opened a database, saved a record id), never what a record
says. Crash reports keep the traceback's places (file, line, function) and the exception's
type, and drop its message, which may quote what was typed.
"""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from types import TracebackType

from wristcare.config import data_dir, ensure_private_dir, log_dir

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: int = logging.INFO) -> None:
    """Log to a rotating owner-only file in the data directory (and stderr for warnings)."""
    root = logging.getLogger("wristcare")
    if root.handlers:
        return
    root.setLevel(level)
    try:
        ensure_private_dir(data_dir())
        folder = ensure_private_dir(log_dir())
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "wristcare.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        (folder / "wristcare.log").chmod(0o600)
    except OSError:
        handler = logging.StreamHandler()
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
