"""Saving a referral letter from the GUI: ask where, render it off the GUI thread, then
offer to open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.referrals import referral_letter_facts
from wristcare.db.engine import Database
from wristcare.gui import dialogs
from wristcare.gui.tasks import Task, run_in_background


def ask_letter_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Where to save the letter (None: cancelled)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save referral letter", str(suggested), "PDF documents (*.pdf)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def open_file(path: Path) -> None:
    """Open a saved file in the desktop's viewer."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_referral_letter(
    parent: QWidget, database: Database, ctx: ClinicContext, patient_id: int, record_number: str
) -> Task | None:
    """Ask for a file, write the letter in the background, then offer to open it."""
    suggested = Path.home() / f"referral-{record_number}-{ctx.today():%Y-%m-%d}.pdf"
    path = ask_letter_path(parent, suggested)
    if path is None:
        return None

    def work() -> Path:
        # ReportLab loads only when a letter is printed, not when the app starts.
        from wristcare.export.referral_letter import write_referral_letter

        write_referral_letter(referral_letter_facts(database, ctx, patient_id), path)
        return path

    def done(written: Path) -> None:
        if dialogs.confirm(
            parent, "Referral letter saved", f"The letter is saved as {written}. Open it now?",
            "Open letter",
        ):  # fmt: skip
            open_file(written)

    return run_in_background(work, done, owner=parent)
