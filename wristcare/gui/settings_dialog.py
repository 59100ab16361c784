"""The Settings dialog: the clinic's settings (shared by every workstation on the database)
and this computer's preferences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.clinic_settings import (
    LOGO_LIMIT,
    ClinicSettings,
    ClinicSettingsDetails,
    logo_type,
)
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.settings import EXTRA_KEY
from wristcare.config import Settings
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.outcomes.settings_page import OutcomeSettingsPage
from wristcare.gui.practitioners.first_run import time_zone_box
from wristcare.gui.setting_fields import add_setting
from wristcare.gui.widgets.fields import FieldForm, button, save_cancel, text_box
from wristcare.setting import declared

# Saves the clinic page (details, version it was read at), or raises ValidationError;
# None when nobody is set up to make the change.
SaveClinic = Callable[[ClinicSettingsDetails, int], object] | None


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        clinic: ClinicSettings,
        save_clinic: SaveClinic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self._clinic = clinic
        self._save_clinic = save_clinic
        self.logo: bytes | None = clinic.details.logo

        self.tabs = QTabWidget()
        self.tabs.addTab(self._clinic_page(clinic.details), "&Clinic")
        self.outcomes = OutcomeSettingsPage(clinic.outcomes)
        self.outcomes.setEnabled(save_clinic is not None)
        self.tabs.addTab(self.outcomes, "O&utcomes")
        self.tabs.addTab(self._computer_page(settings), "This c&omputer")
        buttons = save_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(900, self.sizeHint().height())

    def _clinic_page(self, details: ClinicSettingsDetails) -> QWidget:
        page = QWidget()
        self.clinic_form = FieldForm()
        add = self.clinic_form.add

        def setting(name: str, widget: QWidget | None = None) -> QWidget:
            return add_setting(self.clinic_form, ClinicSettingsDetails, name, widget)

        self.clinic_name = setting("name", QLineEdit(details.name))
        self.address = setting("address", text_box(3))
        self.address.setPlainText(details.address)
        self.phone = setting("phone", QLineEdit(details.phone))
        self.email = setting("email", QLineEdit(details.email))
        self.website = setting("website", QLineEdit(details.website))
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.choose_logo = button("Choose &logo…")
        self.remove_logo = button("&Remove logo")
        self.choose_logo.clicked.connect(self._pick_logo)
        self.remove_logo.clicked.connect(lambda: self.set_logo(None))
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.logo_preview)
        row.addWidget(self.choose_logo)
        row.addWidget(self.remove_logo)
        row.addStretch(1)
        add("logo", "Logo", logo_row)
        self.logo_row = logo_row
        self.time_zone = setting("time_zone", time_zone_box())
        self.time_zone.setCurrentText(details.time_zone or "UTC")
        self.adult_years = setting("retention_adult_years")
        self.child_age = setting("retention_child_until_age")
        self.adult_years.setValue(details.retention_adult_years)
        self.child_age.setValue(details.retention_child_until_age)
        self.set_logo(details.logo)
        periods = declared(ClinicSettingsDetails)
        adult = periods["retention_adult_years"].default
        child = periods["retention_child_until_age"].default
        note = QLabel(
            "These settings are the clinic's: every computer using this database sees "
            "them, and changes are recorded in the audit trail. Clinical dates (last visit, "
            "consent, reviews, keep-until) are the dates in the clinic's time zone. "
            "Record-keeping periods follow your professional body's rules (the defaults are "
            f"the UK NHS code: adults {adult} years after the last treatment, children until "
            f"their {child}th birthday)."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(self.clinic_form)
        layout.addWidget(note)
        if self._save_clinic is None:
            blocked = QLabel(
                "Set up the practitioner using WristCare first (File → Switch practitioner): "
                "clinic changes are recorded under their name."
            )
            blocked.setWordWrap(True)
            blocked.setProperty("role", "error")
            layout.addWidget(blocked)
            for widget in self.clinic_form.fields.values():
                widget.setEnabled(False)
        layout.addStretch(1)
        return page

    def _computer_page(self, settings: Settings) -> QWidget:
        page = QWidget()
        form = FieldForm()
        self.page_size = add_setting(form, Settings, "patients_page_size")
        self.page_size.setValue(settings.patients_page_size)
        layout = QVBoxLayout(page)
        layout.addWidget(form)
        layout.addStretch(1)
        return page

    def set_logo(self, data: bytes | None) -> None:
        """Show (and keep) a logo image, or none."""
        self.logo = data
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(
                pixmap.scaled(160, 64, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
            )  # fmt: skip
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
        self.remove_logo.setEnabled(data is not None)

    def _pick_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Clinic logo", "", "Images (*.png *.jpg *.jpeg)"
        )
        if path:
            self.load_logo_file(path)

    def load_logo_file(self, path: str) -> None:
        """Read a PNG or JPEG of at most 512 KB; anything else is refused under the field."""
        from pathlib import Path

        try:
            size = Path(path).stat().st_size
            data = Path(path).read_bytes() if size <= LOGO_LIMIT else b""
        except OSError as error:
            self.clinic_form.show_errors({"logo": f"Cannot read {path}: {error.strerror}"})
            return
        if size > LOGO_LIMIT:
            self.clinic_form.show_errors(
                {"logo": f"The logo is too large ({size // 1024:,} KB; at most "
                         f"{LOGO_LIMIT // 1024} KB)"}
            )  # fmt: skip
            return
        if logo_type(data) is None:
            self.clinic_form.show_errors({"logo": "The logo must be a PNG or JPEG image"})
            return
        self.clinic_form.clear_errors()
        self.set_logo(data)

    def clinic_details(self) -> ClinicSettingsDetails:
        """The Clinic page as edited (not yet saved)."""
        return replace(
            self._clinic.details,
            name=self.clinic_name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            logo=self.logo,
            time_zone=self.time_zone.currentText().strip(),
            retention_adult_years=self.adult_years.value(),
            retention_child_until_age=self.child_age.value(),
            extra=self._extra(),
        )

    def _extra(self) -> dict:
        # Unchanged outcome settings stay as stored (or absent): opening and saving the
        # dialog must not record a change nobody made.
        extra = self._clinic.details.extra
        edited = self.outcomes.to_json()
        if edited == self._clinic.outcomes.to_json():
            return extra
        return {**extra, EXTRA_KEY: edited}

    def settings(self) -> Settings:
        """This computer's preferences as edited (not yet saved)."""
        return replace(self._settings, patients_page_size=self.page_size.value())

    def accept(self) -> None:
        details = self.clinic_details()
        if self._save_clinic is not None and details != self._clinic.details:
            try:
                self._save_clinic(details, self._clinic.version_id)
            except ValidationError as error:
                outcome_problems = any(key.startswith(f"{EXTRA_KEY}.") for key in error.fields)
                self.tabs.setCurrentWidget(
                    self.outcomes if outcome_problems else self.tabs.widget(0)
                )
                self.clinic_form.show_errors(error.fields)
                self.outcomes.show_errors(error.fields)
                return
            except WristCareError as error:
                crash.show_error(self, error)
                return
        super().accept()
