"""Settings: who writes the notes (audit trail) and how long records are kept."""

from __future__ import annotations

import stat
from datetime import date
from typing import Any

from sqlalchemy import select

from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.config import Settings, settings_path
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry
from wristcare.gui.settings_dialog import SettingsDialog


def test_dialog_reads_and_returns_the_settings(qtbot: Any) -> None:
    dialog = SettingsDialog(Settings(practitioner_name="Dr A", retention_years_adult=8))
    qtbot.addWidget(dialog)
    assert dialog.practitioner.text() == "Dr A"
    dialog.practitioner.setText("  Dr Lee ")
    dialog.adult_years.setValue(10)
    changed = dialog.settings()
    assert (changed.practitioner_name, changed.retention_years_adult) == ("Dr Lee", 10)


def test_applied_settings_are_saved_and_used(window: Any, database: Database, qtbot: Any) -> None:
    record = create_patient(
        database, PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1))
    )
    window.apply_settings(Settings(practitioner_name="Dr Lee", retention_years_adult=10))
    assert Settings.load().practitioner_name == "Dr Lee"
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600

    window.patients.list.refresh()
    window.patients.open_patient(record.id)
    created = record.created_at.astimezone().date()
    keep = created.replace(year=created.year + 10).strftime("%d/%m/%Y")
    assert f"keep records until {keep}" in window.patients.record.header.facts.text()

    form = window.patients.record.details
    form.occupation.setText("Chef")
    assert window.patients.record.save()
    with database.read() as db:
        actors = db.scalars(select(AuditEntry.actor).where(AuditEntry.action == "update"))
        assert list(actors) == ["Dr Lee"]


def test_file_menu_opens_settings(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(True) or 0)
    [action] = [a for a in window.menuBar().actions()[0].menu().actions() if "Settings" in a.text()]
    action.trigger()
    assert opened == [True]


def test_new_settings_keep_what_is_typed_and_not_saved(
    window: Any, database: Database, qtbot: Any
) -> None:
    record = create_patient(
        database, PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1))
    )
    window.patients.list.refresh()
    window.patients.open_patient(record.id)
    view = window.patients.record
    view.details.occupation.setText("Violinist")
    view.history.inputs["diabetes"].setChecked(True)
    window.apply_settings(Settings(practitioner_name="Dr Lee", retention_years_adult=10))
    # The header has the new keep-until date; the edits are still on screen, unsaved.
    created = record.created_at.astimezone().date()
    keep = created.replace(year=created.year + 10).strftime("%d/%m/%Y")
    assert f"keep records until {keep}" in view.header.facts.text()
    assert view.details.occupation.text() == "Violinist"
    assert view.history.inputs["diabetes"].isChecked()
    assert view.has_unsaved_changes()
