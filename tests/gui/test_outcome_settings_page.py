"""The Outcomes page of the Settings dialog: thresholds, the BCTQ minimum and the clinic's
licensed wording, checked, saved in the clinic settings (audited) and used by the BCTQ
entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from tests.gui.session_helpers import add_patient
from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.outcomes.bctq import BctqMinimum, BctqScale
from wristcare.clinic.outcomes.bctq_entry import BctqItem
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry
from wristcare.gui.outcomes.entry_dialogs import BctqDialog
from wristcare.gui.settings_dialog import SettingsDialog

from .conftest import ModalDriver

WORDED = BctqItem(BctqScale.FUNCTION, 3)
WORDING = "Our clinic's licensed wording for holding a book"


def _save(qtbot: Any, dialog: SettingsDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_outcome_settings_are_checked_saved_and_used(
    window: Any, database: Database, qtbot: Any, ctx: ClinicContext, modal: ModalDriver
) -> None:
    def fill(dialog: SettingsDialog) -> None:
        page = dialog.outcomes
        assert page.isEnabled() and page.bctq_sss.text() == "1.05"
        dialog.tabs.setCurrentWidget(page)
        page.bctq_sss.clear()
        qtbot.keyClicks(page.bctq_sss, "much")
        _save(qtbot, dialog)
        assert dialog.isVisible() and dialog.tabs.currentWidget() is page
        assert "number" in page.form.error_text("thresholds.bctq_sss")
        page.bctq_sss.clear()
        qtbot.keyClicks(page.bctq_sss, "1,45")  # a decimal comma is read too
        page.weeks.setValue(12)
        page.min_symptoms.setValue(10)
        page.set_wording(WORDED, WORDING)
        _save(qtbot, dialog)

    modal.next(fill)
    window.file_menu.edit_settings()
    modal.check()

    outcomes = get_clinic_settings(database).outcomes
    assert outcomes.thresholds.bctq_sss == Decimal("1.45")
    assert outcomes.thresholds.not_improving_weeks == 12
    assert outcomes.bctq_minimum == BctqMinimum(10, 6)
    assert outcomes.bctq_wording == {WORDED: WORDING}
    with database.read() as db:
        changes = db.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity == "clinic_settings")
        ).one()
    assert changes["extra"][0] == {}

    # The questionnaire shows the clinic's wording for that item, the topic for the rest.
    patient_id = add_patient(window, database, ctx)
    window.patients.open_patient(patient_id)
    record = window.patients.record
    view = record.progress
    with qtbot.waitSignal(view.loaded, timeout=5000):
        record.tabs.setCurrentWidget(view)
    qtbot.mouseClick(view.bctq_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, BctqDialog)
    assert dialog.form.row(WORDED).label.text() == f"3. {WORDING}"
    other = BctqItem(BctqScale.FUNCTION, 1)
    assert dialog.form.row(other).label.text() == f"1. {other.topic}"
    dialog.reject()


def test_saving_unchanged_settings_records_no_outcome_change(
    window: Any, database: Database, qtbot: Any, modal: ModalDriver
) -> None:
    def fill(dialog: SettingsDialog) -> None:
        dialog.clinic_name.setText("Wrist Clinic")
        _save(qtbot, dialog)

    modal.next(fill)
    window.file_menu.edit_settings()
    modal.check()
    clinic = get_clinic_settings(database)
    assert clinic.details.name == "Wrist Clinic"
    assert "outcomes" not in clinic.details.extra
