"""The questions the app asks with a dialog, in one place so tests can answer them."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from wristcare.clinic.patients import PatientRow
from wristcare.gui.widgets.date_field import format_date

T = TypeVar("T")


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Duplicate(Enum):
    OPEN_EXISTING = "open"
    CREATE_ANYWAY = "create"
    CANCEL = "cancel"


def _ask(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    detail: str,
    choices: list[tuple[str, QMessageBox.ButtonRole, T]],
    cancelled: T,
) -> T:
    """A message box whose buttons name what they do; the first is the default."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(detail)
    buttons = {box.addButton(label, role): value for label, role, value in choices}
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(next(iter(buttons)))
    box.exec()
    return buttons.get(box.clickedButton(), cancelled)


def ask_unsaved(parent: QWidget | None, what: str) -> Unsaved:
    """Save, discard or stay, when leaving a record with unsaved changes."""
    return _ask(
        parent,
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"Save the changes to {what}?",
        "If you don't save, your changes will be lost.",
        [
            ("Save", QMessageBox.ButtonRole.AcceptRole, Unsaved.SAVE),
            ("Don't save", QMessageBox.ButtonRole.DestructiveRole, Unsaved.DISCARD),
        ],
        Unsaved.CANCEL,
    )


def ask_duplicate(
    parent: QWidget | None, match: PatientRow, *, editing: bool = False, certain: bool = True
) -> Duplicate:
    """Open the existing record, save this one anyway, or go back.

    ``certain``: name and birth date match. Otherwise only the name matches and a birth
    date is missing on one side: the softer "is this the same person?".
    """
    state = " (archived)" if match.archived else ""
    born = f"born {format_date(match.date_of_birth)}" if match.date_of_birth else "no birth date"
    text = (
        f"{match.name}, {born}, already has a record: {match.record_number}{state}."
        if certain
        else f"A patient with the same name, {match.name} ({born}), already has a record: "
        f"{match.record_number}{state}. Is this the same person?"
    )
    return _ask(
        parent,
        QMessageBox.Icon.Warning if certain else QMessageBox.Icon.Information,
        "Patient may already exist" if certain else "Same name as another patient",
        text,
        "Open the existing record instead?"
        if editing
        else "Open the existing record instead of creating a second one?",
        [
            ("Open existing record", QMessageBox.ButtonRole.AcceptRole, Duplicate.OPEN_EXISTING),
            (
                "Save anyway" if editing else "Create new record anyway",
                QMessageBox.ButtonRole.DestructiveRole,
                Duplicate.CREATE_ANYWAY,
            ),
        ],
        Duplicate.CANCEL,
    )


def ask_reload(parent: QWidget | None, message: str) -> bool:
    """Someone else saved the record first: reload it (True), or keep the edits on screen
    to copy from (False). Nothing is overwritten either way."""
    return _ask(
        parent,
        QMessageBox.Icon.Warning,
        "Changed by someone else",
        message,
        "Reload to see the record as it is now (your unsaved changes are dropped), or keep "
        "your changes on screen to copy them and reload later.",
        [("Reload", QMessageBox.ButtonRole.AcceptRole, True)],
        False,
    )


def confirm(parent: QWidget | None, title: str, question: str, action: str) -> bool:
    """A yes/no question whose yes button names the action."""
    choices = [(action, QMessageBox.ButtonRole.AcceptRole, True)]
    return _ask(parent, QMessageBox.Icon.Question, title, question, "", choices, False)


def show_text(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.exec()
