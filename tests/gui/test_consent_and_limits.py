"""A consent filled in but not recorded is never lost unasked, and every text box holds
what the record allows and refuses a bigger paste with a message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from wristcare.clinic import patients
from wristcare.clinic.consent import ConsentDetails, list_consents, validate_consent
from wristcare.clinic.history import LONG_FIELDS as HISTORY_LONG
from wristcare.clinic.history import SHORT_FIELDS as HISTORY_SHORT
from wristcare.clinic.history import HealthHistoryDetails, validate_history
from wristcare.clinic.patients import LONG_FIELDS, SHORT_FIELDS, PatientDetails, validate_patient
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.db.engine import Database
from wristcare.gui import dialogs
from wristcare.gui.patients.consent_panel import COLUMNS
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import LimitedLineEdit, LimitedTextEdit

from .conftest import TODAY, DialogAnswers, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _two_patients(window: Any, database: Database) -> tuple[int, int]:
    ids = tuple(
        patients.create_patient(
            database, window.context, PatientDetails(name=name, date_of_birth=date(1970, 2, 1))
        ).id
        for name in ("Anna Smith", "Tom Jones")
    )
    window.patients.list.refresh()
    return ids  # type: ignore[return-value]


def _fill_consent(qtbot: Any, window: Any) -> Any:
    record = window.patients.record
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    panel.modality.setCurrentIndex(panel.modality.findData("cupping"))
    type_text(qtbot, panel.notes, "Explained marks may last a week")
    return panel


def test_a_consent_not_recorded_is_asked_about_and_discarding_resets_the_form(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    anna, tom = _two_patients(window, database)
    window.patients.open_patient(anna)
    panel = _fill_consent(qtbot, window)
    assert window.patients.record.has_unsaved_changes()

    answers.unsaved = dialogs.Unsaved.CANCEL
    window.patients.open_patient(tom)
    assert answers.kinds() == ["unsaved"]
    assert window.patients.record.patient_id == anna
    assert panel.notes.text() == "Explained marks may last a week"

    answers.unsaved = dialogs.Unsaved.DISCARD
    window.patients.open_patient(tom)
    assert window.patients.record.patient_id == tom
    # Tom's form starts afresh: Anna's cupping consent is not there to record for him.
    assert panel.modality.currentData() == "acupuncture" and panel.notes.text() == ""
    assert not window.patients.record.has_unsaved_changes()
    assert list_consents(database, anna) == [] and list_consents(database, tom) == []


def test_answering_save_records_the_consent(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    anna, tom = _two_patients(window, database)
    window.patients.open_patient(anna)
    _fill_consent(qtbot, window)
    answers.unsaved = dialogs.Unsaved.SAVE
    window.patients.open_patient(tom)
    [cupping] = list_consents(database, anna)
    assert cupping.modality == "cupping" and cupping.notes == "Explained marks may last a week"
    assert window.patients.record.patient_id == tom


def test_a_consent_that_cannot_be_recorded_keeps_the_patient_open(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    anna, tom = _two_patients(window, database)
    window.patients.open_patient(anna)
    panel = _fill_consent(qtbot, window)
    panel.consenter.setCurrentIndex(panel.consenter.findData("guardian"))  # no guardian named
    answers.unsaved = dialogs.Unsaved.SAVE
    window.patients.open_patient(tom)
    assert window.patients.record.patient_id == anna
    assert window.patients.record.tabs.currentIndex() == 2
    assert panel.form.error_text("guardian_name")
    assert list_consents(database, anna) == []


def test_a_consent_typed_then_closing_the_window_asks(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    anna, _ = _two_patients(window, database)
    window.patients.open_patient(anna)
    _fill_consent(qtbot, window)
    answers.unsaved = dialogs.Unsaved.CANCEL
    assert not window.close()
    assert answers.kinds() == ["unsaved"]


# Length limits


def _limit_of(clinic_check: Any, name: str, longest: int) -> int:
    """The longest text the clinic layer accepts for a field (checked, not assumed)."""
    assert name not in clinic_check("x" * longest)
    assert name in clinic_check("x" * (longest + 1))
    return longest


def test_every_text_box_of_the_window_is_limited(window: Any, database: Database) -> None:
    anna, _ = _two_patients(window, database)
    window.patients.open_patient(anna)
    boxes = [
        w
        for w in window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit)
        if not w.objectName().startswith("qt_")
        and not isinstance(w.parent(), QLineEdit)
        and type(w.parent()).__name__ not in ("QComboBox", "QSpinBox")
    ]
    assert len(boxes) > 25
    unlimited = [
        w.objectName() or w.accessibleName()
        for w in boxes
        if not isinstance(w, LimitedLineEdit | LimitedTextEdit | DateField)
    ]
    assert unlimited == []


def test_limits_match_the_clinic_rules(window: Any, database: Database) -> None:
    anna, _ = _two_patients(window, database)
    window.patients.open_patient(anna)
    record = window.patients.record
    checks = []
    for name in [*SHORT_FIELDS, *LONG_FIELDS]:
        expected = SHORT_TEXT_LIMIT if name in SHORT_FIELDS else LONG_TEXT_LIMIT
        limit = _limit_of(
            lambda text, n=name: validate_patient(PatientDetails(**{"name": "A", n: text}), TODAY),
            name,
            expected,
        )
        checks.append((name, getattr(record.details, name).limit, limit))
    for name in [*HISTORY_SHORT, *HISTORY_LONG]:
        widget = record.history.inputs[name]
        expected = SHORT_TEXT_LIMIT if name in HISTORY_SHORT else LONG_TEXT_LIMIT
        limit = _limit_of(
            lambda text, n=name: validate_history(HealthHistoryDetails(**{n: text}), TODAY),
            name,
            expected,
        )
        checks.append((name, widget.limit, limit))
    consent_form = record.consents
    for name, expected in (("guardian_name", SHORT_TEXT_LIMIT), ("notes", LONG_TEXT_LIMIT)):
        limit = _limit_of(
            lambda text, n=name: validate_consent(
                ConsentDetails(given_on=TODAY, **{n: text}), None, TODAY
            ),
            name,
            expected,
        )
        checks.append((f"consent {name}", getattr(consent_form, name).limit, limit))
    for name, widget_limit, clinic_limit in checks:
        assert widget_limit == clinic_limit, name
    assert all(w.maxLength() == w.limit for w in record.findChildren(LimitedLineEdit))


def test_phone_and_email_limits_match_the_clinic_rules(window: Any) -> None:
    details = window.patients.record.details
    phone, email = details.phone.limit, details.email.limit
    assert "phone" not in validate_patient(PatientDetails(name="A", phone="1" * phone), TODAY)
    assert "phone" in validate_patient(PatientDetails(name="A", phone="1" * (phone + 1)), TODAY)
    ok = "a" * (email - len("@b.example")) + "@b.example"
    assert "email" not in validate_patient(PatientDetails(name="A", email=ok), TODAY)
    assert "email" in validate_patient(PatientDetails(name="A", email="a" + ok), TODAY)


@pytest.mark.parametrize("field", ["name", "occupation", "phone"])
def test_a_huge_paste_into_a_line_is_refused_with_a_message(
    window: Any, qtbot: Any, database: Database, field: str
) -> None:
    anna, _ = _two_patients(window, database)
    window.patients.open_patient(anna)
    details = window.patients.record.details
    box = getattr(details, field)
    QApplication.clipboard().setText("1" * 60_000)
    box.setFocus()
    box.end(False)
    qtbot.keyClick(box, Qt.Key.Key_V, CTRL)
    assert box.text() == ("Anna Smith" if field == "name" else "")  # nothing pasted
    assert "Nothing was pasted" in details.error_text(field)
    assert f"at most {box.limit:,}" in details.error_text(field)


def test_a_huge_paste_into_a_history_detail_or_consent_is_refused(
    window: Any, qtbot: Any, database: Database
) -> None:
    anna, _ = _two_patients(window, database)
    window.patients.open_patient(anna)
    record = window.patients.record
    QApplication.clipboard().setText("1" * 60_000)
    record.tabs.setCurrentIndex(1)
    record.history.inputs["implanted_device"].setChecked(True)
    device = record.history.inputs["implanted_device_detail"]
    device.setFocus()
    qtbot.keyClick(device, Qt.Key.Key_V, CTRL)
    assert device.text() == ""
    assert "Nothing was pasted" in record.history.error_text("implanted_device_detail")
    record.tabs.setCurrentIndex(2)
    guardian = record.consents.guardian_name
    guardian.setFocus()
    qtbot.keyClick(guardian, Qt.Key.Key_V, CTRL)
    assert guardian.text() == ""
    assert "Nothing was pasted" in record.consents.form.error_text("guardian_name")


def test_a_paste_that_fits_is_pasted(window: Any, qtbot: Any) -> None:
    window.patients.new_patient()
    name = window.patients.record.details.name
    QApplication.clipboard().setText("x" * SHORT_TEXT_LIMIT)
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_V, CTRL)
    assert name.text() == "x" * SHORT_TEXT_LIMIT


def test_a_long_consent_note_is_shortened_in_the_table_with_the_whole_in_its_tooltip(
    window: Any, qtbot: Any, database: Database
) -> None:
    from wristcare.clinic.consent import record_consent

    anna, _ = _two_patients(window, database)
    note = "Explained bruising and fainting. " * 300
    record_consent(database, window.context, anna, ConsentDetails(given_on=TODAY, notes=note))
    window.resize(1280, 720)
    window.patients.open_patient(anna)
    table = window.patients.record.consents.table
    item = table.item(0, len(COLUMNS) - 1)
    assert item.toolTip() == note.strip()
    header = table.horizontalHeader()
    assert sum(header.sectionSize(c) for c in range(table.columnCount())) <= 1280
