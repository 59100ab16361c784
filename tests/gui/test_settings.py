"""Settings: who writes the notes (audit trail) and how long records are kept."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import date
from typing import Any

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.config import Settings, settings_path
from wristcare.db.engine import Database
from wristcare.gui.settings_dialog import SettingsDialog


def test_dialog_reads_and_returns_the_settings(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(practitioner_name="Dr A", retention_years_adult=8))
    qtbot.addWidget(dialog)
    assert dialog.practitioner.text() == "Dr A"
    dialog.practitioner.setText("  Dr Lee ")
    dialog.adult_years.setValue(10)
    changed = dialog.settings()
    assert (changed.practitioner_name, changed.retention_years_adult) == ("Dr Lee", 10)


def test_applied_settings_are_saved_private(window: Any) -> None:
    window.apply_settings(Settings(patients_page_size=50))
    assert Settings.load().patients_page_size == 50
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600


def test_file_menu_opens_settings(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(True) or 0)
    [action] = [a for a in window.menuBar().actions()[0].menu().actions() if "Settings" in a.text()]
    action.trigger()
    assert opened == [True]


def test_a_new_retention_period_shows_and_keeps_what_is_typed(
    window: Any, database: Database, qtbot: Any, ctx: ClinicContext
) -> None:
    record = create_patient(
        database, PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1)), ctx=ctx
    )
    window.patients.list.refresh()
    window.patients.open_patient(record.id)
    view = window.patients.record
    view.details.occupation.setText("Violinist")
    view.history.inputs["diabetes"].setChecked(True)
    clinic = get_clinic_settings(database)
    changed = replace(clinic.details, retention_adult_years=10)
    update_clinic_settings(database, changed, ctx=ctx, expected_version=clinic.version_id)
    view.use_context(ctx)
    # The header has the new keep-until date (created on the pinned TODAY); the edits are
    # still on screen, unsaved.
    assert "keep records until 15/06/2035" in view.header.facts.text()
    assert view.details.occupation.text() == "Violinist"
    assert view.history.inputs["diabetes"].isChecked()
    assert view.has_unsaved_changes()
