"""Every input and button says to a screen reader what it says on screen, and the
whole patient flow works from the keyboard."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database
from wristcare.gui.widgets.form import plain_label

from .conftest import type_text

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QSpinBox, QTableView)


def _inputs_and_buttons(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        # Qt's own internals: the line edit inside a spin box or combo box, the scroll
        # buttons of a tab bar, the corner button of a table, the clear button of a search.
        if widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parent(), QSpinBox | QComboBox | QTableView | QLineEdit):
            continue
        if type(widget.parent()).__name__ in ("QTabBar", "QScrollBar", "QHeaderView"):
            continue
        if isinstance(widget, (QAbstractButton, *INPUTS)):
            found.append(widget)
    return found


def _open_patient(window: Any, database: Database) -> None:
    record = create_patient(database, PatientDetails(name="Anna Smith"))
    window.patients.list.refresh()
    window.patients.open_patient(record.id)


def test_every_button_and_input_has_its_label_as_accessible_name(
    window: Any, database: Database
) -> None:
    _open_patient(window, database)
    widgets = _inputs_and_buttons(window)
    assert len(widgets) > 60  # the record's three tabs are all there
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in widgets if not w.accessibleName()]
    assert unnamed == []
    for widget in widgets:
        if isinstance(widget, QAbstractButton) and widget.text():
            assert widget.accessibleName() == plain_label(widget.text()), widget.text()
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text():
            assert buddy.accessibleName() == plain_label(label.text()), label.text()


def test_new_patient_with_the_keyboard_only(window: Any, qtbot: Any, database: Database) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window, Qt.Key.Key_N, ctrl)
    record = window.patients.record
    assert record.details.name.hasFocus()
    type_text(qtbot, record.details.name, "Tom Jones")
    qtbot.keyClick(record.details.name, Qt.Key.Key_Tab)
    assert record.details.preferred_name.hasFocus()
    qtbot.keyClick(record.details.preferred_name, Qt.Key.Key_Tab)
    assert record.details.date_of_birth.hasFocus()
    type_text(qtbot, record.details.date_of_birth, "15/03/1980")
    qtbot.keyClick(record.details.date_of_birth, Qt.Key.Key_S, ctrl)
    assert record.patient_id is not None
    assert record.header.name.text() == "Tom Jones"
    # Ctrl+F back to the search box, type, Enter opens.
    qtbot.keyClick(window, Qt.Key.Key_F, ctrl)
    type_text(qtbot, window.patients.list.search, "tom")
    qtbot.keyClick(window.patients.list.search, Qt.Key.Key_Down)
    assert window.patients.list.table.hasFocus()
    qtbot.keyClick(window.patients.list.table, Qt.Key.Key_Return)
    assert record.patient_id == window.patients.list.selected_patient_id()
