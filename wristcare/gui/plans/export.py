"""Saving a care plan PDF from the GUI: where to save it (the file dialog), making and
writing it off the GUI thread, and opening it with the system's viewer. The dialog and the viewer
are module functions so that tests answer them instead of a person."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from wristcare.errors import WristCareError
from wristcare.gui import crash, dialogs
from wristcare.gui.tasks import Task, run_in_background


def suggested_name(record_number: str, day: date) -> str:
    """care-plan-P000029-2026-11-25.pdf"""
    return f"care-plan-{record_number}-{day.isoformat()}.pdf"


def choose_path(parent: QWidget | None, name: str) -> Path | None:
    """Ask where to save the PDF; None if the practitioner cancels."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save care plan", str(Path(folder or Path.home()) / name), "PDF files (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def open_in_viewer(path: Path) -> bool:
    """Open the file with the system's PDF viewer."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_in_background(
    owner: QWidget,
    path: Path,
    save: Callable[[Path], None],
    on_saved: Callable[[Path], None],
    on_failed: Callable[[], None],
) -> Task:
    """Run ``save(path)`` (make the PDF, write it owner-only, record it) off the GUI
    thread, then offer to open the file."""

    def work() -> Path:
        try:
            save(path)
        except OSError as error:
            raise WristCareError(
                f"The care plan could not be saved to {path}: {error.strerror or error}"
            ) from None
        return path

    def done(saved: Path) -> None:
        on_saved(saved)
        question = f"The care plan was saved to {saved}. Open it now?"
        if not dialogs.confirm(owner, "Care plan saved", question, "Open"):
            return
        if not open_in_viewer(saved):  # a module global: tests replace it
            crash.show_error(owner, WristCareError(f"No program could open {saved}."))

    def failed(error: BaseException) -> None:
        on_failed()
        crash.show_error(owner, error)

    return run_in_background(work, done, failed, owner=owner)
