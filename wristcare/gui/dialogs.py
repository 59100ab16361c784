"""The questions the app asks with a dialog, in one place so tests can answer them."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from wristcare.clinic.patients import PatientRow
from wristcare.gui.widgets.date_field import format_date


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Duplicate(Enum):
    OPEN_EXISTING = "open"
    CREATE_ANYWAY = "create"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, what: str) -> Unsaved:
    """Save, discard or stay, when leaving a record with unsaved changes."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {what}?")
    box.setInformativeText("If you don't save, your changes will be lost.")
    save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Don't save", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Unsaved.SAVE
    if clicked is discard:
        return Unsaved.DISCARD
    return Unsaved.CANCEL


def ask_duplicate(parent: QWidget | None, match: PatientRow) -> Duplicate:
    """Open the existing record, create a second one anyway, or go back."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Patient may already exist")
    born = format_date(match.date_of_birth)
    state = " (archived)" if match.archived else ""
    box.setText(f"{match.name}, born {born}, already has a record: {match.record_number}{state}.")
    box.setInformativeText("Open the existing record instead of creating a second one?")
    open_existing = box.addButton("Open existing record", QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton("Create new record anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_existing)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_existing:
        return Duplicate.OPEN_EXISTING
    if clicked is create:
        return Duplicate.CREATE_ANYWAY
    return Duplicate.CANCEL


def confirm(parent: QWidget | None, title: str, question: str, action: str) -> bool:
    """A yes/no question whose yes button names the action."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(question)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def show_text(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.exec()
