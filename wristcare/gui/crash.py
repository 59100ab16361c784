"""The last line of defence: an uncaught exception is logged and shown, and the app goes on."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from wristcare.errors import WristCareError
from wristcare.logs import crash_report

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, title: str = "WristCare") -> None:
    """Tell the user about an error: its own message if it has one meant for them."""
    if isinstance(error, WristCareError):
        QMessageBox.warning(parent, title, error.message)
        return
    log.error("unexpected error\n%s", crash_report(type(error), error, error.__traceback__))
    QMessageBox.critical(
        parent,
        title,
        "Something went wrong inside WristCare. Nothing you had already saved is lost.\n\n"
        "The details (without any patient information) are in the log file.",
    )


def _hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    if QApplication.instance() is None:
        log.error("unexpected error\n%s", crash_report(kind, error, tb))
        return
    show_error(QApplication.activeWindow(), error)


def install_exception_hook() -> None:
    """Route uncaught exceptions (including those in Qt slots) to the dialog."""
    sys.excepthook = _hook
