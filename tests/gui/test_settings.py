"""Settings: the clinic's page (in the database, audited) and this computer's preferences."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage
from sqlalchemy import select

from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.config import Settings, settings_path
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry
from wristcare.gui.settings_dialog import SettingsDialog

from .conftest import ModalDriver

LEFT = Qt.MouseButton.LeftButton


def _png() -> bytes:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(0x3366AA)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _save_button(dialog: SettingsDialog) -> Any:
    from PySide6.QtWidgets import QDialogButtonBox

    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Save)


def test_clinic_page_saves_to_the_database_audited_and_dates_follow(
    window: Any, database: Database, qtbot: Any, ctx: ClinicContext, modal: ModalDriver
) -> None:
    record = create_patient(
        database, ctx, PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1))
    )
    window.patients.list.refresh()
    window.patients.open_patient(record.id)
    view = window.patients.record
    view.details.occupation.setText("Violinist")  # typed, not saved
    logo = _png()

    def fill(dialog: SettingsDialog) -> None:
        assert dialog.clinic_name.isEnabled()
        dialog.clinic_name.setText("Wrist Clinic")
        dialog.address.setPlainText("1 High Street\nTown")
        dialog.time_zone.setCurrentText("Asia/Tokyo")
        dialog.adult_years.setValue(10)
        dialog.set_logo(logo)
        dialog.page_size.setValue(50)
        qtbot.mouseClick(_save_button(dialog), LEFT)

    modal.next(fill)
    window.edit_settings()
    modal.check()

    clinic = get_clinic_settings(database)
    assert (clinic.details.name, clinic.details.time_zone) == ("Wrist Clinic", "Asia/Tokyo")
    assert (clinic.details.retention_adult_years, clinic.details.logo) == (10, logo)
    assert clinic.logo_type == "png"
    assert window.context.tz.key == "Asia/Tokyo"
    assert Settings.load().patients_page_size == 50
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600
    with database.read() as db:
        entry = db.execute(
            select(AuditEntry.practitioner_id, AuditEntry.actor, AuditEntry.changes).where(
                AuditEntry.entity == "clinic_settings"
            )
        ).one()
    assert entry.practitioner_id == ctx.actor.practitioner_id and entry.actor == "Tess Tester"
    assert entry.changes["logo"] == [None, f"image, {len(logo):,} bytes"]
    # The header shows the new period; what was typed is still on screen, unsaved.
    assert "keep records until 15/06/2035" in view.header.facts.text()
    assert view.details.occupation.text() == "Violinist" and view.has_unsaved_changes()


def test_a_bad_clinic_value_is_shown_under_its_field_and_nothing_saved(
    window: Any, database: Database, qtbot: Any, modal: ModalDriver
) -> None:
    def fill(dialog: SettingsDialog) -> None:
        dialog.time_zone.setCurrentText("Mars/Olympus")
        dialog.email.setText("no-at-sign")
        qtbot.mouseClick(_save_button(dialog), LEFT)
        assert dialog.isVisible()  # stays open with the messages
        assert "time zone" in dialog.clinic_form.error_text("time_zone")
        assert "Email" in dialog.clinic_form.error_text("email")
        dialog.reject()

    modal.next(fill)
    window.edit_settings()
    modal.check()
    assert get_clinic_settings(database).version_id == 1


def test_logo_files_are_checked(qtbot: Any, database: Database, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(), get_clinic_settings(database), lambda *_: None)
    qtbot.addWidget(dialog)
    big = tmp_path / "big.png"
    big.write_bytes(_png() + b"\0" * 600_000)
    dialog.load_logo_file(str(big))
    assert "too large" in dialog.clinic_form.error_text("logo")
    text = tmp_path / "logo.png"
    text.write_text("not an image")
    dialog.load_logo_file(str(text))
    assert "PNG or JPEG" in dialog.clinic_form.error_text("logo")
    assert dialog.logo is None
    good = tmp_path / "good.png"
    good.write_bytes(_png())
    dialog.load_logo_file(str(good))
    assert dialog.logo == _png() and dialog.clinic_form.error_text("logo") == ""


def test_without_a_practitioner_the_clinic_page_cannot_be_changed(
    qtbot: Any, database: Database
) -> None:
    dialog = SettingsDialog(Settings(), get_clinic_settings(database), None)
    qtbot.addWidget(dialog)
    assert not dialog.clinic_name.isEnabled() and not dialog.time_zone.isEnabled()


def test_file_menu_opens_settings(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    opened: list[bool] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append(True) or 0)
    [action] = [a for a in window.menuBar().actions()[0].menu().actions() if "Settings" in a.text()]
    action.trigger()
    assert opened == [True]
