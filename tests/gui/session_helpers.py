"""Driving session notes through the real window (shared by the tests/gui/test_session_*)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from wristcare.clinic.consent import ConsentDetails, record_consent
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.history import HealthHistoryDetails, save_history
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def add_patient(
    window: Any,
    database: Database,
    ctx: ClinicContext,
    name: str = "Anna Smith",
    history: HealthHistoryDetails | None = None,
    consents: tuple[str, ...] = ("acupuncture", "electroacupuncture", "moxibustion"),
) -> int:
    """A patient with a health history (nothing ticked unless given) and consents in
    force, so that a note for them signs without a safety finding to answer."""
    record = create_patient(database, ctx, PatientDetails(name=name))
    save_history(database, ctx, record.id, history or HealthHistoryDetails(), expected_version=None)
    for modality in consents:
        given = ConsentDetails(modality=modality, given_on=date(2020, 1, 1))
        record_consent(database, ctx, record.id, given)
    window.patients.list.refresh()
    return record.id


def activate(qtbot: Any, widget: Any) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def new_note(qtbot: Any, window: Any, patient_id: int) -> Any:
    """Open the patient and press Ctrl+Shift+N: the note window that opens."""
    window.patients.open_patient(patient_id)
    activate(qtbot, window)
    qtbot.keyClick(window.patients.record, Qt.Key.Key_N, CTRL_SHIFT)
    notes = window.sessions.notes.windows
    qtbot.waitUntil(lambda: len(notes) == 1)
    note = next(iter(notes.values()))
    activate(qtbot, note)
    return note


def retype(qtbot: Any, field: Any, text: str) -> None:
    """Select what is in a box and type over it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def add_point(qtbot: Any, note: Any, typed: str) -> None:
    entry = note.form.treatment.points.entry
    entry.setFocus()
    qtbot.keyClicks(entry, typed)
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    rows = note.form.treatment.points.rows
    # A new row shows once the event loop runs (then Tab can reach it).
    qtbot.waitUntil(lambda: not rows or rows[-1].side.isVisible())
