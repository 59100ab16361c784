"""The Outcomes page of the Settings dialog: thresholds, the BCTQ minimum and the clinic's
licensed wording, checked, saved in the clinic settings (audited) and used by the BCTQ
entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QSpinBox
from sqlalchemy import select

from tests.gui.session_helpers import add_patient
from wristcare.clinic.clinic_settings import ClinicSettingsDetails, get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.outcomes.bctq import BctqMinimum, BctqScale
from wristcare.clinic.outcomes.bctq_entry import BctqItem
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry
from wristcare.gui.outcomes.entry_dialogs import BctqDialog
from wristcare.gui.settings_dialog import SettingsDialog
from wristcare.gui.widgets.fields import FieldForm
from wristcare.setting import declared

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
    window.edit_settings()
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
    window.edit_settings()
    modal.check()
    clinic = get_clinic_settings(database)
    assert clinic.details.name == "Wrist Clinic"
    assert "outcomes" not in clinic.details.extra


def _built_from_declarations(form: FieldForm, owner: type, prefix: str = "") -> None:
    for name, spec in declared(owner).items():
        if not spec.label:
            continue  # not shown on a page (the last practitioner, for one)
        widget = form.fields[prefix + name]
        assert form.labels[prefix + name].text() == spec.label
        assert widget.toolTip() == spec.help
        if isinstance(widget, QSpinBox):
            assert (widget.minimum(), widget.maximum()) == (spec.low, spec.high)
            assert widget.suffix() == spec.unit
        elif isinstance(widget, QLineEdit) and spec.max_length is not None:
            assert widget.maxLength() == spec.max_length


def test_every_settings_page_is_built_from_the_declarations(qtbot: Any, database: Database) -> None:
    dialog = SettingsDialog(Settings(), get_clinic_settings(database), lambda *_: None)
    qtbot.addWidget(dialog)
    _built_from_declarations(dialog.clinic_form, ClinicSettingsDetails)
    assert dialog.address.limit == 2_000
    assert (dialog.adult_years.minimum(), dialog.adult_years.maximum()) == (1, 100)
    _built_from_declarations(dialog.outcomes.form, OutcomeThresholds, "thresholds.")
    _built_from_declarations(dialog.outcomes.form, BctqMinimum, "bctq_minimum.")
    assert dialog.outcomes.nrs_percent.suffix() == " %"
    assert dialog.outcomes.weeks.maximum() == 104
    page_size = dialog.page_size.parentWidget().parentWidget()
    assert isinstance(page_size, FieldForm)
    _built_from_declarations(page_size, Settings)
