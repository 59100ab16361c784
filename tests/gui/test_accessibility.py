"""Every input and button says to a screen reader what it says on screen, every Alt+key
goes to one place only, and the whole patient flow works from the keyboard."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTableView,
    QWidget,
)

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database
from wristcare.gui.settings_dialog import SettingsDialog
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import plain_label

from .conftest import type_text

INPUTS = (QLineEdit, DateField, QPlainTextEdit, QComboBox, QCheckBox, QSpinBox, QTableView)
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


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


def _open_patient(window: Any, database: Database, ctx: ClinicContext) -> None:
    record = create_patient(database, ctx, PatientDetails(name="Anna Smith"))
    window.patients.list.refresh()
    window.patients.open_patient(record.id)


def test_every_button_and_input_has_its_label_as_accessible_name(
    window: Any, database: Database
) -> None:
    _open_patient(window, database, window.context)
    widgets = _inputs_and_buttons(window)
    assert len(widgets) > 60  # the record's three tabs are all there
    assert sum(isinstance(w, DateField) for w in widgets) == 3  # birth, due date, consent
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


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _mnemonics_in_use(root: QWidget) -> dict[str, list[str]]:
    """Alt+key -> what it would go to, among what is on screen now."""
    keys: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        key = _mnemonic(text)
        if key:
            keys[key].append(text)

    for button in root.findChildren(QAbstractButton):
        if button.isVisible():
            add(button.text())
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            add(label.text())
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            for index in range(bar.count()):
                add(bar.tabText(index))
    if hasattr(root, "menuBar"):
        for action in root.menuBar().actions():
            add(action.text())
    return keys


def _clashes(root: QWidget) -> dict[str, list[str]]:
    return {key: texts for key, texts in _mnemonics_in_use(root).items() if len(texts) > 1}


def test_each_alt_key_goes_to_one_place(window: Any, qtbot: Any, database: Database) -> None:
    """With two labels or buttons on one Alt+key, Qt only moves the focus between them:
    Alt+S would not save, Alt+N would not reach the Name box."""
    window.patients.new_patient()
    assert _clashes(window) == {}
    _open_patient(window, database, window.context)
    for tab in range(window.patients.record.tabs.count()):
        window.patients.record.tabs.setCurrentIndex(tab)
        assert _clashes(window) == {}, window.patients.record.tabs.tabText(tab)
    window.show_view("Library")
    assert _clashes(window) == {}


def test_settings_dialog_alt_keys_go_to_one_place(qtbot: Any, database: Database) -> None:
    from wristcare.clinic.clinic_settings import get_clinic_settings
    from wristcare.config import Settings

    dialog = SettingsDialog(Settings(), get_clinic_settings(database), lambda *_: None)
    qtbot.addWidget(dialog)
    dialog.show()
    for tab in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(tab)
        assert _mnemonics_in_use(dialog)
        assert _clashes(dialog) == {}


def test_practitioner_dialogs_alt_keys_go_to_one_place(
    qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    from wristcare.clinic.practitioners import PractitionerDetails, list_practitioners
    from wristcare.gui.practitioners.choose import ChoosePractitionerDialog
    from wristcare.gui.practitioners.first_run import FirstRunDialog
    from wristcare.gui.practitioners.manage import PractitionerEditDialog, PractitionersDialog

    dialogs = [
        FirstRunDialog(lambda *_: ctx, name="Tess"),
        ChoosePractitionerDialog(list_practitioners(database)),
        PractitionerEditDialog("Edit", PractitionerDetails(), lambda _: None),
        PractitionersDialog(database, ctx),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert _mnemonics_in_use(dialog)
        assert _clashes(dialog) == {}, dialog.windowTitle()
        for widget in dialog.findChildren(QAbstractButton):
            if widget.isVisible() and widget.text():
                assert widget.accessibleName() == widget.text().replace("&", ""), widget.text()


@pytest.mark.parametrize(
    ("tab", "key", "field"),
    [
        (0, Qt.Key.Key_N, "details.name"),
        (0, Qt.Key.Key_B, "details.date_of_birth"),
        (0, Qt.Key.Key_O, "details.phone"),
        (0, Qt.Key.Key_T, "details.notes"),
        (0, Qt.Key.Key_U, "details.occupation"),
        (1, Qt.Key.Key_M, "history.inputs.medications"),
        (2, Qt.Key.Key_B, "consents.consenter"),
        (2, Qt.Key.Key_U, "consents.guardian_name"),
    ],
)
def test_alt_key_goes_to_its_field(
    window: Any, qtbot: Any, database: Database, tab: int, key: Qt.Key, field: str
) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _open_patient(window, database, window.context)
    record = window.patients.record
    record.tabs.setCurrentIndex(tab)
    target: Any = record
    for part in field.split("."):
        target = target[part] if isinstance(target, dict) else getattr(target, part)
    qtbot.keyClick(window.focusWidget() or window, key, ALT)
    assert target.hasFocus(), field


def test_alt_s_saves_from_any_tab(window: Any, qtbot: Any, database: Database) -> None:
    from wristcare.clinic.patients import get_patient

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _open_patient(window, database, window.context)
    record = window.patients.record
    type_text(qtbot, record.details.occupation, "Chef")
    record.tabs.setCurrentIndex(2)
    record.consents.guardian_name.setFocus()
    qtbot.keyClick(record.consents.guardian_name, Qt.Key.Key_S, ALT)
    # A mnemonic animates the click: the button is released a moment later.
    qtbot.waitUntil(lambda: not record.has_unsaved_changes())
    assert get_patient(database, record.patient_id).details.occupation == "Chef"
