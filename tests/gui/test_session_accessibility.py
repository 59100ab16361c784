"""The note window: every control says to a screen reader what it says on screen, each
Alt+key goes to one place, and Tab goes down the note in SOAP order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLabel, QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.db.engine import Database
from wristcare.db.vocab import SYMPTOM_SCALES, ExamTest, Side
from wristcare.gui.widgets.fields import plain_label

from .session_helpers import activate, add_patient, add_point, new_note
from .test_accessibility import INPUTS, _clashes


def _controls(root: QWidget) -> list[QWidget]:
    found = []
    for widget in root.findChildren(QWidget):
        if widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue
        if type(widget.parent()).__name__ in ("QScrollBar", "QHeaderView"):
            continue
        if isinstance(widget, (QAbstractButton, QAbstractSpinBox, *INPUTS)):
            found.append(widget)
    return found


def test_every_control_of_a_note_is_named_and_alt_keys_do_not_clash(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    note = new_note(qtbot, window, add_patient(window, database, ctx))
    add_point(qtbot, note, "PC7")
    add_point(qtbot, note, "TE5")
    note.form.treatment.channels.add_next()
    note.form.plan.events.add_new()
    controls = _controls(note)
    assert len(controls) > 100
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in controls if not w.accessibleName()]
    assert unnamed == []
    for widget in controls:
        if isinstance(widget, QAbstractButton) and widget.text():
            assert widget.accessibleName() == plain_label(widget.text()), widget.text()
    for label in note.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.text():
            assert buddy.accessibleName() == plain_label(label.text()), label.text()
    assert _clashes(note) == {}
    note.sign()  # not signable (no complaint): the messages show, the keys still do not clash
    assert _clashes(note) == {}


def test_tab_goes_down_the_note_in_soap_order(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    note = new_note(qtbot, window, add_patient(window, database, ctx))
    form = note.form
    add_point(qtbot, note, "PC7")
    s = form.subjective
    order = [
        s.complaint, s.side, s.provoking, s.easing, s.notes,
        *(s.scores[scale] for scale in SYMPTOM_SCALES),
    ]  # fmt: skip
    activate(qtbot, note)
    s.complaint.setFocus()
    qtbot.waitUntil(s.complaint.hasFocus)
    for here in order[:-1]:
        assert here.hasFocus(), here.accessibleName()
        qtbot.keyClick(here, Qt.Key.Key_Tab)
    assert order[-1].hasFocus()
    # Subjective ends with the digits, then the examination of the left hand begins.
    last_digit = s.digits.all_boxes()[-1]
    last_digit.setFocus()
    qtbot.keyClick(last_digit, Qt.Key.Key_Tab)
    assert form.objective.hands[Side.LEFT].results[ExamTest.PHALEN].hasFocus()
    notes = form.objective.notes
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert form.assessment.tongue["tongue_body"].hasFocus()
    form.assessment.notes.setFocus()
    qtbot.keyClick(form.assessment.notes, Qt.Key.Key_Tab)
    assert form.treatment.same_button.hasFocus()
    qtbot.keyClick(form.treatment.same_button, Qt.Key.Key_Tab)
    assert form.treatment.points.rows[0].side.hasFocus()
    form.treatment.search_outcome.setFocus()
    qtbot.keyClick(form.treatment.search_outcome, Qt.Key.Key_Tab)
    assert form.plan.response.hasFocus()
